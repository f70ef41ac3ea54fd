//! Comparison overlays on the map (attempts exports opened again): each footprint a dashed
//! outline, apart from the solid AOIs and attempts, named with its satellite and acquisition
//! time where the name finds room. Projected to the world plane once per change.

use egui::{Align2, FontId, Painter, Rect, Shape, Stroke};

use super::projection::{View, World, world_all};
use super::theme;
use crate::state::overlays::Overlays;
use crate::tasking::dates::utc_text;

/// The overlay layer and what it keeps between frames.
#[derive(Default)]
pub struct OverlayLayer {
    revision: Option<u64>,
    /// Each footprint's ring on the world plane and its name.
    world: Vec<(Vec<World>, String)>,
}

impl OverlayLayer {
    /// Paints the overlays; returns where their names went. A name that would cover one already
    /// placed (or `taken`) is left out.
    pub fn paint(
        &mut self,
        painter: &Painter,
        view: &View,
        overlays: &Overlays,
        taken: &[Rect],
    ) -> Vec<Rect> {
        if self.revision != Some(overlays.revision()) {
            self.world = overlays
                .items()
                .iter()
                .flat_map(|o| &o.footprints)
                .map(|f| {
                    (
                        world_all(&f.ring),
                        format!("{} {}", f.satellite, utc_text(f.acquisition)),
                    )
                })
                .collect();
            self.revision = Some(overlays.revision());
        }
        let clip = painter.clip_rect();
        let stroke = Stroke::new(theme::OVERLAY_FOOTPRINT_WIDTH, theme::OVERLAY_FOOTPRINT);
        let mut labels: Vec<Rect> = Vec::new();
        for (ring, name) in &self.world {
            let mut points: Vec<egui::Pos2> = ring.iter().map(|&w| view.screen(w)).collect();
            let bounds = Rect::from_points(&points);
            if !bounds.intersects(clip) || points.len() < 2 {
                continue;
            }
            if points.first() != points.last()
                && let Some(&first) = points.first()
            {
                points.push(first);
            }
            painter.extend(Shape::dashed_line(
                &points,
                stroke,
                theme::OVERLAY_DASH,
                theme::OVERLAY_GAP,
            ));
            if labels.len() >= theme::OVERLAY_LABELS_MAX {
                continue;
            }
            let font = FontId::proportional(theme::OVERLAY_LABEL_SIZE);
            let galley = painter.layout_no_wrap(name.clone(), font, theme::OVERLAY_FOOTPRINT);
            let at = bounds.center_top();
            let rect = Align2::CENTER_BOTTOM.anchor_size(at, galley.size());
            if labels.iter().chain(taken).any(|r| r.intersects(rect)) || !clip.contains_rect(rect) {
                continue;
            }
            painter.rect_filled(rect.expand(1.0), 2.0, theme::OVERLAY_BG);
            painter.galley(rect.min, galley, theme::OVERLAY_FOOTPRINT);
            labels.push(rect);
        }
        labels
    }
}
