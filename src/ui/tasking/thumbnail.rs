//! A small map in a confirmation: the AOI and the chosen attempt's footprint, drawn to scale
//! (Web Mercator, fitted to both) so a person sees what the order covers before buying it. Its
//! accessible name says what it shows.

use egui::{Color32, Pos2, Rect, Sense, Shape, Stroke, Ui, vec2};

use super::theme;
use crate::aoi::LonLat;
use crate::aoi::web_mercator::Fit;

/// Size of the map, points.
const SIZE: egui::Vec2 = vec2(240.0, 150.0);

/// The map of `aoi` and, when there is one, `footprint`; `said` is its accessible name.
pub fn thumbnail_ui(ui: &mut Ui, aoi: &[LonLat], footprint: Option<&[LonLat]>, said: &str) {
    let (rect, response) = ui.allocate_exact_size(SIZE, Sense::hover());
    response.widget_info(|| egui::WidgetInfo::labeled(egui::accesskit::Role::Image, true, said));
    let painter = ui.painter_at(rect);
    painter.rect_filled(rect, 4.0, theme::SEA);
    // One scale for both axes, a margin around, centred (shared with the one-page summary).
    let inner = rect.shrink(10.0);
    let rings: Vec<&[LonLat]> = std::iter::once(aoi).chain(footprint).collect();
    let Some(fit) = Fit::of(
        &rings,
        f64::from(inner.min.x),
        f64::from(inner.min.y),
        f64::from(inner.width()),
        f64::from(inner.height()),
    ) else {
        return;
    };
    let to_screen = |c: &LonLat| {
        let (x, y) = fit.place(*c);
        Pos2::new(x as f32, y as f32)
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
