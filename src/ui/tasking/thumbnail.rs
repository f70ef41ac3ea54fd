//! A small map in a confirmation: the AOI and the chosen attempt's footprint, drawn to scale
//! (Web Mercator, fitted to both) so a person sees what the order covers before buying it. Its
//! accessible name says what it shows.

use egui::{Color32, Pos2, Rect, Sense, Shape, Stroke, Ui, vec2};

use super::theme;
use crate::aoi::LonLat;
use crate::ui::projection::world;

/// Size of the map, points.
const SIZE: egui::Vec2 = vec2(240.0, 150.0);

/// The map of `aoi` and, when there is one, `footprint`; `said` is its accessible name.
pub fn thumbnail_ui(ui: &mut Ui, aoi: &[LonLat], footprint: Option<&[LonLat]>, said: &str) {
    let (rect, response) = ui.allocate_exact_size(SIZE, Sense::hover());
    response.widget_info(|| egui::WidgetInfo::labeled(egui::accesskit::Role::Image, true, said));
    let painter = ui.painter_at(rect);
    painter.rect_filled(rect, 4.0, theme::SEA);
    let points: Vec<_> = aoi
        .iter()
        .chain(footprint.unwrap_or_default())
        .map(|c| world(*c))
        .collect();
    let Some(first) = points.first() else {
        return;
    };
    let (mut low, mut high) = (*first, *first);
    for p in &points {
        (low.x, low.y) = (low.x.min(p.x), low.y.min(p.y));
        (high.x, high.y) = (high.x.max(p.x), high.y.max(p.y));
    }
    // One scale for both axes, a margin around, centred.
    let inner = rect.shrink(10.0);
    let span = (high.x - low.x).max(high.y - low.y).max(1e-12);
    let scale = f64::from(inner.width().min(inner.height())) / span;
    let centre = ((low.x + high.x) / 2.0, (low.y + high.y) / 2.0);
    let to_screen = |c: &LonLat| {
        let w = world(*c);
        Pos2::new(
            inner.center().x + ((w.x - centre.0) * scale) as f32,
            inner.center().y + ((w.y - centre.1) * scale) as f32,
        )
    };
    let ring = |coords: &[LonLat]| coords.iter().map(to_screen).collect::<Vec<Pos2>>();
    painter.add(Shape::closed_line(
        ring(aoi),
        Stroke::new(2.0, theme::AOI_STROKE),
    ));
    if let Some(footprint) = footprint.filter(|f| !f.is_empty()) {
        painter.add(Shape::closed_line(
            ring(footprint),
            Stroke::new(2.0, theme::FOOTPRINT_SELECTED),
        ));
    }
    painter.rect_stroke(
        Rect::from_min_size(rect.min, rect.size()),
        4.0,
        Stroke::new(1.0, Color32::from_gray(120)),
        egui::StrokeKind::Inside,
    );
}
