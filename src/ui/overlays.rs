//! What is written over the map: the scale bar, the pointer's lon/lat, the layer's attribution
//! (a link), the note that tiles cannot be loaded, and small text boxes.

use egui::{Align, Align2, FontId, Layout, Painter, Pos2, Rect, RichText, Ui, UiBuilder, Vec2};

use super::projection::View;
use super::theme;
use super::tiles::BaseLayer;

/// A small text box over the map.
pub fn overlay(painter: &Painter, at: Pos2, align: Align2, text: &str) {
    let galley = painter.layout_no_wrap(
        text.to_owned(),
        FontId::proportional(theme::OVERLAY_SIZE),
        theme::OVERLAY_TEXT,
    );
    let rect = align.anchor_size(at, galley.size()).expand(3.0);
    painter.rect_filled(rect, 3.0, theme::OVERLAY_BG);
    painter.galley(rect.min + Vec2::splat(3.0), galley, theme::OVERLAY_TEXT);
}

/// The layer's attribution at the bottom right, as a link to its source.
pub fn attribution_ui(ui: &mut Ui, rect: Rect, layer: BaseLayer) {
    let area = Rect::from_min_max(rect.center_bottom() - Vec2::new(0.0, 28.0), rect.max)
        .shrink2(Vec2::new(6.0, 4.0));
    ui.scope_builder(
        UiBuilder::new()
            .max_rect(area)
            .layout(Layout::right_to_left(Align::Max)),
        |ui| {
            egui::Frame::new()
                .fill(theme::OVERLAY_BG)
                .corner_radius(3.0)
                .inner_margin(Vec2::new(4.0, 1.0))
                .show(ui, |ui| {
                    ui.horizontal(|ui| {
                        // Laid out right to left: the first credit ends up leftmost.
                        for (text, url) in layer.credits().iter().rev() {
                            ui.hyperlink_to(
                                RichText::new(*text)
                                    .size(theme::OVERLAY_SIZE)
                                    .color(theme::OVERLAY_LINK),
                                *url,
                            );
                        }
                    });
                });
        },
    );
}

/// The longest 1, 2 or 5 × 10ⁿ meters that fits in `max_px`: (meters, width in points).
fn round_length(pixels_per_meter: f32, max_px: f32) -> (f32, f32) {
    let target_m = max_px / pixels_per_meter;
    let magnitude = 10f32.powf(target_m.log10().floor());
    let nice = [1.0, 2.0, 5.0]
        .iter()
        .map(|f| f * magnitude)
        .rfind(|m| *m <= target_m)
        .unwrap_or(magnitude);
    (nice, nice * pixels_per_meter)
}

/// A scale bar of a round length at the bottom left.
pub fn scale_bar(painter: &Painter, view: &View, rect: Rect) {
    let anchor = rect.left_bottom() + Vec2::new(12.0, -14.0);
    // Web Mercator stretches by 1 / cos(latitude): measure at the bar's latitude.
    let lat = view.lon_lat_at(anchor).y.to_radians();
    let meters_per_world = 40_075_016.686 * lat.cos();
    let pixels_per_meter = (view.scale / meters_per_world) as f32;
    if !(pixels_per_meter.is_finite() && pixels_per_meter > 0.0) {
        return;
    }
    let (nice, width) = round_length(pixels_per_meter, theme::SCALE_BAR_MAX);
    let label = if nice >= 1000.0 {
        format!("{} km", nice / 1000.0)
    } else {
        format!("{nice} m")
    };
    let bar = Rect::from_min_size(anchor - Vec2::new(0.0, 4.0), Vec2::new(width, 4.0));
    painter.rect_filled(
        bar.expand(4.0).union(Rect::from_min_size(
            anchor - Vec2::new(0.0, 22.0),
            Vec2::new(width.max(40.0), 18.0),
        )),
        3.0,
        theme::OVERLAY_BG,
    );
    painter.rect_filled(bar, 0.0, theme::OVERLAY_TEXT);
    painter.text(
        anchor - Vec2::new(0.0, 8.0),
        Align2::LEFT_BOTTOM,
        label,
        FontId::proportional(theme::OVERLAY_SIZE),
        theme::OVERLAY_TEXT,
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_scale_bar_is_a_round_length_that_fits() {
        for (pixels_per_meter, meters) in
            [(0.1, 1000.0), (0.0123, 5000.0), (1e-5, 1e7), (3.0, 20.0)]
        {
            let (length, width) = round_length(pixels_per_meter, 120.0);
            assert!((length - meters).abs() < 1e-3 * meters, "{length}");
            assert!(width <= 120.0 && width > 120.0 / 5.0, "{width}");
        }
    }
}
