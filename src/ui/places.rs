//! Place names on the offline basemap: the 34,006 GeoNames places of 15,000 inhabitants or more
//! (`assets/places-15000.tsv`, largest first), so that a person drawing an AOI over a city sees
//! its name and its neighbours without tiles. From [`PLACES_FROM_ZOOM`] on, the largest places
//! in view are written first, within a budget of [`LABEL_BUDGET`] names a frame, each clear of
//! every name already written and of the AOI names: never one on top of another. A frame looks
//! only at the places in view, through an index built once with the list (`place_index`).

use std::sync::OnceLock;

use egui::{Align2, Color32, FontId, Painter, Rect, Shape, Vec2};

use super::place_index::PlaceIndex;
use super::projection::{View, World, world};
use super::rect_grid::RectGrid;
use super::theme;
use crate::aoi::LonLat;

/// Below this zoom the country outlines give the bearing; names would only crowd the map.
pub const PLACES_FROM_ZOOM: f64 = 3.0;
/// The most place names written in one frame.
pub const LABEL_BUDGET: usize = 40;
/// The most places in view looked at in one frame (the largest ones), placed or not.
const CANDIDATE_BUDGET: usize = 400;

/// One place: where it is on the world plane and its name.
pub struct Place {
    /// Its position on the world plane.
    pub at: World,
    /// Its name.
    pub name: String,
    /// Its population (the order of the list).
    pub population: u64,
    /// Its name without accents, where that differs (for fonts that lack a letter).
    pub plain: Option<String>,
}

impl Place {
    /// The name to write with `font`: as spelled where the font has every letter, else without
    /// its accents, else none (a box in place of a letter would tell nobody anything).
    fn drawable_name(&self, painter: &Painter, font: &FontId) -> Option<&str> {
        std::iter::once(self.name.as_str())
            .chain(self.plain.as_deref())
            .find(|name| painter.fonts_mut(|f| f.has_glyphs(font, name)))
    }
}

/// Reads the shipped list: `lon \t lat \t name \t population [\t plain name]` lines, `#`
/// lines skipped.
fn parse(text: &str) -> Vec<Place> {
    text.lines()
        .filter(|line| !line.starts_with('#'))
        .filter_map(|line| {
            let mut fields = line.split('\t');
            let x: f64 = fields.next()?.parse().ok()?;
            let y: f64 = fields.next()?.parse().ok()?;
            let name = fields.next()?.to_owned();
            let population = fields.next()?.parse().ok()?;
            let plain = fields.next().map(str::to_owned);
            // Mercator cannot show the poles: the places beyond its band are left out.
            (y.abs() < 85.0).then(|| Place {
                at: world(LonLat { x, y }),
                name,
                population,
                plain,
            })
        })
        .collect()
}

/// The shipped places and their index, made together on first use.
struct Gazetteer {
    places: Vec<Place>,
    index: PlaceIndex,
}

fn gazetteer() -> &'static Gazetteer {
    static GAZETTEER: OnceLock<Gazetteer> = OnceLock::new();
    GAZETTEER.get_or_init(|| {
        let places = parse(include_str!("../../assets/places-15000.tsv"));
        let index = PlaceIndex::new(places.iter().map(|p| p.at));
        Gazetteer { places, index }
    })
}

/// Every place, largest first, parsed on first use.
pub fn places() -> &'static [Place] {
    &gazetteer().places
}

/// The places whose dot is inside `clip` (less a 2-point border) seen through `view`, largest
/// first: the cells of the index under the view, nothing else.
fn in_view(view: &View, clip: Rect) -> impl Iterator<Item = (&'static Place, egui::Pos2)> {
    let inside = clip.shrink(2.0);
    // A few points of margin: a place on a cell's edge is not lost to rounding.
    let (min, max) = view.world_box(inside.expand(4.0));
    let Gazetteer { places, index } = gazetteer();
    index.in_box(min, max).filter_map(move |i| {
        let place = places.get(i)?;
        let at = view.screen(place.at);
        inside.contains(at).then_some((place, at))
    })
}

/// The labels kept, in the order given (largest first): each clear of `taken` and of those
/// kept before it, at most `budget` of them. Returns the indices of `candidates` kept.
pub fn choose(candidates: &[Rect], taken: &[Rect], budget: usize) -> Vec<usize> {
    let mut occupied = RectGrid::of(taken);
    let mut kept: Vec<usize> = Vec::new();
    for (index, &rect) in candidates.iter().enumerate() {
        if kept.len() >= budget {
            break;
        }
        if !occupied.meets(rect) {
            occupied.insert(rect);
            kept.push(index);
        }
    }
    kept
}

/// The place names for a view, as shapes (a dot and the name to its right), clear of `taken`
/// (the AOI names) and of each other. Nothing below [`PLACES_FROM_ZOOM`].
pub fn shapes(painter: &Painter, view: &View, zoom: f64, taken: &[Rect]) -> Vec<Shape> {
    if zoom < PLACES_FROM_ZOOM {
        return Vec::new();
    }
    let clip = painter.clip_rect();
    let font = FontId::proportional(theme::PLACE_SIZE);
    let mut galleys = Vec::new();
    let mut rects = Vec::new();
    let mut anchors = Vec::new();
    for (place, at) in in_view(view, clip) {
        if galleys.len() >= CANDIDATE_BUDGET {
            break;
        }
        let Some(name) = place.drawable_name(painter, &font) else {
            continue;
        };
        let galley = painter.layout_no_wrap(name.to_owned(), font.clone(), theme::PLACE_TEXT);
        let text = Align2::LEFT_CENTER.anchor_size(at + Vec2::new(5.0, 0.0), galley.size());
        let rect = text.union(Rect::from_center_size(at, Vec2::splat(5.0)));
        if !clip.contains_rect(rect) {
            continue;
        }
        galleys.push(galley);
        rects.push(rect);
        anchors.push((at, text.min));
    }
    let mut out = Vec::new();
    for index in choose(&rects, taken, LABEL_BUDGET) {
        let (dot, text_at) = anchors[index];
        out.push(Shape::circle_filled(dot, 2.0, theme::PLACE_TEXT));
        out.push(Shape::galley(
            text_at,
            galleys[index].clone(),
            Color32::PLACEHOLDER,
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use egui::Pos2;

    #[test]
    fn the_shipped_list_holds_every_place_largest_first() {
        let all = places();
        assert!(all.len() > 33_000, "{}", all.len());
        assert_eq!(all[0].name, "Shanghai");
        assert!(all.windows(2).all(|w| w[0].population >= w[1].population));
        assert!(all.iter().any(|p| p.name == "Toulouse"));
        let accented = all.iter().find(|p| p.name == "Al Aḩmadī").unwrap();
        assert_eq!(accented.plain.as_deref(), Some("Al Ahmadi"));
    }

    /// What `shapes` looked at before the index: every place, in order, whose dot is in view.
    fn scanned(view: &View, clip: Rect) -> Vec<*const Place> {
        places()
            .iter()
            .filter(|p| clip.shrink(2.0).contains(view.screen(p.at)))
            .map(|p| p as *const Place)
            .collect()
    }

    #[test]
    fn the_index_gives_the_places_the_scan_gave_in_the_same_order() {
        let clip = Rect::from_min_size(Pos2::new(340.0, 24.0), Vec2::new(940.0, 776.0));
        let at = |lon: f64, lat: f64, zoom: f64| View {
            origin: [810.0, 412.0],
            center: world(LonLat { x: lon, y: lat }),
            scale: 256.0 * 2f64.powf(zoom),
        };
        // The world, Europe, Toulouse close up, the Ganges plain (dense), the antimeridian,
        // the open sea.
        let views = [
            at(0.0, 20.0, 2.0),
            at(8.0, 46.0, 5.0),
            at(1.45, 43.65, 9.0),
            at(85.0, 25.5, 7.5),
            at(179.9, -17.0, 6.0),
            at(-30.0, -40.0, 8.0),
        ];
        for view in views {
            let through_index: Vec<*const Place> = in_view(&view, clip)
                .map(|(p, _)| p as *const Place)
                .collect();
            assert_eq!(through_index, scanned(&view, clip), "{view:?}");
        }
        assert!(in_view(&views[1], clip).count() > 400, "Europe is crowded");
        assert!(
            in_view(&views[2], clip).count() > 3,
            "Toulouse and its neighbours"
        );
    }

    #[test]
    fn labels_never_overlap_and_the_largest_come_first_within_the_budget() {
        let rect = |x: f32, y: f32| Rect::from_min_size(Pos2::new(x, y), Vec2::new(60.0, 12.0));
        // 0 and 1 overlap: the larger (first) one is kept; 3 sits on an AOI name.
        let candidates = [
            rect(0.0, 0.0),
            rect(30.0, 5.0),
            rect(0.0, 40.0),
            rect(200.0, 0.0),
            rect(0.0, 80.0),
            rect(100.0, 80.0),
        ];
        let aoi_name = [rect(210.0, 4.0)];
        assert_eq!(choose(&candidates, &aoi_name, 10), vec![0, 2, 4, 5]);
        assert_eq!(choose(&candidates, &aoi_name, 2), vec![0, 2]);
        let kept = choose(&candidates, &[], 10);
        for (i, &a) in kept.iter().enumerate() {
            for &b in &kept[i + 1..] {
                assert!(!candidates[a].intersects(candidates[b]));
            }
        }
    }
}
