//! The AOI names on the map: the selected AOI's first, then the others in list order, each on
//! a light box above its northernmost vertex, moved up clear of the names already written, or
//! left out when no place near its AOI is free. With 5,000 AOIs this runs every frame, so each
//! name is laid out once (kept until it or the font atlas changes), the names written are
//! looked up in a grid rather than pair by pair, and a frame whose view and AOIs are those of
//! the last one writes the same labels again without placing them anew.

use std::collections::HashSet;
use std::sync::Arc;

use egui::{Align2, Color32, FontId, Galley, Painter, Rect, Shape, Vec2};
use rustc_hash::FxHashMap;

use super::prerender::{AtlasKey, atlas_key};
use super::projection::{View, World, world};
use super::rect_grid::RectGrid;
use super::theme;
use crate::aoi::Aoi;
use crate::state::{AoiEntry, AoiId, AppState};

/// The colour of an AOI's outline and name.
pub fn outline_color(selected: bool) -> Color32 {
    if selected {
        theme::AOI_SELECTED
    } else {
        theme::AOI_STROKE
    }
}

/// A name laid out, with what it was laid out from.
struct NameGalley {
    name: String,
    atlas: AtlasKey,
    galley: Arc<Galley>,
}

/// What the labels of a frame were placed from (no AOI being dragged).
#[derive(PartialEq)]
struct PlacedFrom {
    view: View,
    clip: Rect,
    atlas: AtlasKey,
    selected: Option<AoiId>,
    /// (id, revision) of each visible AOI, in list order.
    aois: Vec<(AoiId, u64)>,
}

/// The labels written in a frame: their shapes and where they went.
struct Placed {
    from: PlacedFrom,
    shapes: Vec<Shape>,
    rects: Vec<Rect>,
}

/// How far the map may pan, as a share of its size on each side, before the names moved with
/// it are placed anew.
const PAN_REACH: f32 = 0.25;

/// What moves the labels placed for `placed` onto `now`'s screen, when the two differ only by
/// a pan (same zoom, map rect, font atlas, selection and AOIs); `None` otherwise.
fn pan_between(placed: &PlacedFrom, now: &PlacedFrom) -> Option<Vec2> {
    let same = placed.view.scale == now.view.scale
        && placed.view.origin == now.view.origin
        && placed.clip == now.clip
        && placed.atlas == now.atlas
        && placed.selected == now.selected
        && placed.aois == now.aois;
    same.then(|| {
        let scale = now.view.scale;
        Vec2::new(
            ((placed.view.center.x - now.view.center.x) * scale) as f32,
            ((placed.view.center.y - now.view.center.y) * scale) as f32,
        )
    })
}

/// The AOI names and what they keep between frames.
#[derive(Default)]
pub struct AoiNames {
    /// The view of the frame before, to tell a map still panning from one that stopped.
    last_view: Option<View>,
    galleys: FxHashMap<AoiId, NameGalley>,
    /// Each AOI's northernmost vertex on the world plane, by revision (projecting it anew each
    /// frame was a tangent and a logarithm per AOI).
    tops: FxHashMap<AoiId, (u64, Option<World>)>,
    last: Option<Placed>,
}

impl AoiNames {
    /// Forgets the names of AOIs no longer in the list.
    pub fn keep_only(&mut self, ids: &HashSet<AoiId>) {
        self.galleys.retain(|id, _| ids.contains(id));
        self.tops.retain(|id, _| ids.contains(id));
    }

    /// The AOI's northernmost vertex on the world plane, projected once per revision.
    fn top(&mut self, entry: &AoiEntry) -> Option<World> {
        if let Some((revision, top)) = self.tops.get(&entry.id)
            && *revision == entry.revision
        {
            return *top;
        }
        let top = northernmost(entry.aoi());
        self.tops.insert(entry.id, (entry.revision, top));
        top
    }

    /// Writes the names of the visible AOIs (`preview`: the AOI being dragged, as it would
    /// be); returns where they went.
    pub fn paint(
        &mut self,
        painter: &Painter,
        view: &View,
        state: &AppState,
        preview: Option<(AoiId, &Aoi)>,
    ) -> Vec<Rect> {
        let atlas = atlas_key(painter.ctx());
        let from = preview.is_none().then(|| PlacedFrom {
            view: *view,
            clip: painter.clip_rect(),
            atlas,
            selected: state.selected,
            aois: state
                .aois
                .iter()
                .filter(|e| e.visible)
                .map(|e| (e.id, e.revision))
                .collect(),
        });
        let still = self.last_view == Some(*view);
        self.last_view = Some(*view);
        if let (Some(from), Some(last)) = (&from, &self.last) {
            if *from == last.from {
                painter.extend(last.shapes.iter().cloned());
                return last.rects.clone();
            }
            // While the map pans, the names placed when it started move with it (placing
            // 5,000 names anew each panned frame took most of the frame); once it stops, or
            // has moved a quarter of the map, they are placed anew.
            let reach = from.clip.size() * PAN_REACH;
            if !still
                && let Some(pan) = pan_between(&last.from, from)
                && pan.x.abs() <= reach.x
                && pan.y.abs() <= reach.y
            {
                // One more frame, so the names are placed anew when the map has stopped.
                painter.ctx().request_repaint();
                painter.extend(last.shapes.iter().map(|shape| {
                    let mut shape = shape.clone();
                    shape.translate(pan);
                    shape
                }));
                return last.rects.iter().map(|r| r.translate(pan)).collect();
            }
        }
        let mut shapes = Vec::new();
        let mut rects: Vec<Rect> = Vec::new();
        let mut taken = RectGrid::default();
        let mut order: Vec<&AoiEntry> = state.aois.iter().filter(|e| e.visible).collect();
        order.sort_by_key(|e| state.selected != Some(e.id));
        for entry in order {
            let (aoi, top) = match preview.filter(|(id, _)| *id == entry.id) {
                Some((_, aoi)) => (aoi, northernmost(aoi)),
                None => (entry.aoi(), self.top(entry)),
            };
            let Some(top) = top else {
                continue;
            };
            let selected = state.selected == Some(entry.id);
            if let Some((rect, label)) =
                self.name_label(painter, view, entry.id, aoi, top, selected, &taken, atlas)
            {
                taken.insert(rect);
                rects.push(rect);
                shapes.extend(label);
            }
        }
        painter.extend(shapes.iter().cloned());
        self.last = from.map(|from| Placed {
            from,
            shapes,
            rects: rects.clone(),
        });
        rects
    }

    /// The name laid out once for `id` (again after a rename or a new font atlas).
    fn galley(&mut self, painter: &Painter, id: AoiId, name: &str, atlas: AtlasKey) -> Arc<Galley> {
        if let Some(kept) = self.galleys.get(&id)
            && kept.name == name
            && kept.atlas == atlas
        {
            return kept.galley.clone();
        }
        // Laid out without a colour of its own: the label's colour is given where it is drawn.
        let galley = painter.layout_no_wrap(
            name.to_owned(),
            FontId::proportional(theme::LABEL_SIZE),
            Color32::PLACEHOLDER,
        );
        self.galleys.insert(
            id,
            NameGalley {
                name: name.to_owned(),
                atlas,
                galley: galley.clone(),
            },
        );
        galley
    }

    /// The AOI's name on a light box above its northernmost vertex, clear of the handles and of
    /// the names already written (`taken`): where it goes and its shapes.
    #[allow(clippy::too_many_arguments)]
    fn name_label(
        &mut self,
        painter: &Painter,
        view: &View,
        id: AoiId,
        aoi: &Aoi,
        top: World,
        selected: bool,
        taken: &RectGrid,
        atlas: AtlasKey,
    ) -> Option<(Rect, [Shape; 2])> {
        let anchor = view.screen(top) - Vec2::new(0.0, theme::HANDLE_RADIUS + 8.0);
        if !painter.clip_rect().contains(anchor) {
            return None;
        }
        let color = outline_color(selected);
        let galley = self.galley(painter, id, &aoi.name, atlas);
        let rect = Align2::CENTER_BOTTOM
            .anchor_size(anchor, galley.size())
            .expand2(Vec2::new(4.0, 1.0));
        // No free place near its AOI: the name is left out rather than written over another.
        let rect = free_place(rect, taken)?;
        Some((
            rect,
            [
                Shape::rect_filled(rect, 3.0, theme::OVERLAY_BG),
                Shape::galley(rect.min + Vec2::new(4.0, 1.0), galley, color),
            ],
        ))
    }
}

/// An AOI's northernmost vertex on the world plane (none when no vertex is finite).
fn northernmost(aoi: &Aoi) -> Option<World> {
    aoi.ring
        .iter()
        .filter(|c| c.x.is_finite() && c.y.is_finite())
        .max_by(|a, b| a.y.total_cmp(&b.y))
        .map(|&top| world(top))
}

/// Where a label goes: `rect`, or moved up a few times its height, clear of every rect in
/// `taken`; `None` when all those places are taken.
pub fn free_place(rect: Rect, taken: &RectGrid) -> Option<Rect> {
    (0..6)
        .map(|step| rect.translate(Vec2::new(0.0, -(rect.height() + 2.0) * step as f32)))
        .find(|r| !taken.meets(*r))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::aoi::LonLat;
    use egui::Pos2;

    /// 400 small hexagons a few names apart, so that many names collide.
    fn crowded() -> AppState {
        let aois = (0..400)
            .map(|i| {
                let (x, y) = (1.0 + (i % 20) as f64 * 0.03, 45.0 + (i / 20) as f64 * 0.012);
                let mut ring: Vec<LonLat> = (0..6)
                    .map(|k| {
                        let t = k as f64 / 6.0 * std::f64::consts::TAU;
                        LonLat {
                            x: x + 0.005 * t.cos(),
                            y: y + 0.004 * t.sin(),
                        }
                    })
                    .collect();
                ring.push(ring[0]);
                Aoi::new(format!("field {i}"), ring)
            })
            .collect();
        let mut state = AppState::with_aois(aois);
        state.selected = state.aois.get(150).map(|e| e.id);
        state
    }

    /// What the names did before the grid: every name laid out, each place tested against
    /// every name already written.
    fn pair_by_pair(painter: &Painter, view: &View, state: &AppState) -> Vec<Rect> {
        let mut taken: Vec<Rect> = Vec::new();
        let mut order: Vec<&AoiEntry> = state.aois.iter().filter(|e| e.visible).collect();
        order.sort_by_key(|e| state.selected != Some(e.id));
        for entry in order {
            let aoi = entry.aoi();
            let Some(top) = aoi.ring.iter().max_by(|a, b| a.y.total_cmp(&b.y)) else {
                continue;
            };
            let anchor = view.screen(world(*top)) - Vec2::new(0.0, theme::HANDLE_RADIUS + 8.0);
            if !painter.clip_rect().contains(anchor) {
                continue;
            }
            let galley = painter.layout_no_wrap(
                aoi.name.clone(),
                FontId::proportional(theme::LABEL_SIZE),
                outline_color(state.selected == Some(entry.id)),
            );
            let rect = Align2::CENTER_BOTTOM
                .anchor_size(anchor, galley.size())
                .expand2(Vec2::new(4.0, 1.0));
            let free = (0..6)
                .map(|step| rect.translate(Vec2::new(0.0, -(rect.height() + 2.0) * step as f32)))
                .find(|r| !taken.iter().any(|t| t.intersects(*r)));
            if let Some(free) = free {
                taken.push(free);
            }
        }
        taken
    }

    #[test]
    fn the_names_go_where_the_pair_by_pair_test_put_them() {
        let state = crowded();
        let ctx = egui::Context::default();
        let clip = Rect::from_min_size(Pos2::new(340.0, 24.0), Vec2::new(940.0, 776.0));
        let mut names = AoiNames::default();
        for zoom in [9.0, 11.0, 12.5] {
            let view = View {
                origin: [810.0, 412.0],
                center: world(LonLat { x: 1.3, y: 45.12 }),
                scale: 256.0 * 2f64.powf(zoom),
            };
            let mut output = ctx.run_ui(egui::RawInput::default(), |ui| {
                let painter = ui.painter().with_clip_rect(clip);
                let placed = names.paint(&painter, &view, &state, None);
                assert_eq!(placed, pair_by_pair(&painter, &view, &state), "zoom {zoom}");
                assert!(!placed.is_empty());
                if zoom < 10.0 {
                    assert!(placed.len() < 100, "crowded: most names left out");
                }
                // A still frame writes the same names again.
                assert_eq!(names.paint(&painter, &view, &state, None), placed);
            });
            // No renderer here to take the font atlas.
            output.textures_delta.clear();
        }
    }

    #[test]
    fn names_move_with_a_pan_and_are_placed_anew_when_it_stops_or_goes_far() {
        let state = crowded();
        let ctx = egui::Context::default();
        let clip = Rect::from_min_size(Pos2::new(340.0, 24.0), Vec2::new(940.0, 776.0));
        let mut names = AoiNames::default();
        let scale = 256.0 * 2f64.powf(11.0);
        let view_at = |dx: f64| View {
            origin: [810.0, 412.0],
            center: World {
                x: world(LonLat { x: 1.3, y: 45.12 }).x + dx / scale,
                y: world(LonLat { x: 1.3, y: 45.12 }).y,
            },
            scale,
        };
        let mut output = ctx.run_ui(egui::RawInput::default(), |ui| {
            let painter = ui.painter().with_clip_rect(clip);
            let start = names.paint(&painter, &view_at(0.0), &state, None);
            // Panning 12 points a frame: the names placed at the start, moved with the map.
            for step in 1..=5 {
                let dx = 12.0 * f64::from(step);
                let moved: Vec<Rect> = start
                    .iter()
                    .map(|r| r.translate(Vec2::new(-dx as f32, 0.0)))
                    .collect();
                assert_eq!(names.paint(&painter, &view_at(dx), &state, None), moved);
            }
            // Stopped (the same view twice): placed anew, as a fresh placement would be.
            let stopped = view_at(60.0);
            let fresh = pair_by_pair(&painter, &stopped, &state);
            assert_eq!(names.paint(&painter, &stopped, &state, None), fresh);
            // A jump beyond a quarter of the map: placed anew at once.
            let far = view_at(60.0 + 400.0);
            let fresh = pair_by_pair(&painter, &far, &state);
            assert_eq!(names.paint(&painter, &far, &state, None), fresh);
        });
        output.textures_delta.clear();
    }

    #[test]
    fn a_label_moves_up_clear_of_others_or_is_left_out() {
        let rect = Rect::from_min_size(Pos2::new(0.0, 100.0), Vec2::new(50.0, 10.0));
        assert_eq!(free_place(rect, &RectGrid::default()), Some(rect));
        let first = free_place(rect, &RectGrid::of(&[rect])).unwrap();
        assert!(!first.intersects(rect) && first.min.y < rect.min.y);
        // Every place taken: left out.
        let taken: Vec<Rect> = (0..6)
            .map(|step| rect.translate(Vec2::new(0.0, -12.0 * step as f32)))
            .collect();
        assert_eq!(free_place(rect, &RectGrid::of(&taken)), None);
    }
}
