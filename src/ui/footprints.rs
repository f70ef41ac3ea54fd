//! Acquisition footprints on the map (attempts, acquisitions): outlines, the selected one
//! thicker and labelled. Projected to the world plane once per change of the footprints and
//! tessellated once per view, so a thousand of them cost a still map one mesh copy.

use egui::{Align2, FontId, Painter, Pos2, Rect, Shape, Stroke};

use super::prerender::{AtlasKey, MeshBuilder, Prerendered, atlas_key};
use super::projection::{View, World, world_all};
use super::theme;
use crate::state::{Footprint, FootprintKind, Footprints};

/// What the cached mesh was drawn from.
#[derive(PartialEq)]
struct Key {
    clip: Rect,
    atlas: AtlasKey,
    revision: u64,
}

/// A footprint on the world plane with its bounds (north-west, south-east).
struct WorldFootprint {
    ring: Vec<World>,
    low: World,
    high: World,
}

/// A footprint's colour: an attempt by its incidence, an acquisition by its status.
fn footprint_color(footprint: &Footprint) -> egui::Color32 {
    match footprint.kind {
        FootprintKind::Attempt => theme::incidence_color(footprint.incidence_deg),
        FootprintKind::Validated => theme::GOOD,
        FootprintKind::Proposed => theme::WARNING,
        FootprintKind::Refused => theme::PAST_DEADLINE,
        FootprintKind::Ordered => theme::AOI_SELECTED,
        FootprintKind::Delivered => theme::DELIVERED,
        FootprintKind::ToAcquire => theme::ERROR,
    }
}

/// A footprint's outline width: a proposed acquisition and the ordered AOI stand out.
fn footprint_width(footprint: &Footprint) -> f32 {
    match footprint.kind {
        FootprintKind::Proposed | FootprintKind::Ordered | FootprintKind::ToAcquire => {
            theme::FOOTPRINT_SELECTED_WIDTH
        }
        _ => theme::FOOTPRINT_WIDTH,
    }
}

/// The footprint layer and what it keeps between frames.
#[derive(Default)]
pub struct FootprintLayer {
    revision: Option<u64>,
    world: Vec<WorldFootprint>,
    prerendered: Prerendered<Key>,
}

impl FootprintLayer {
    /// Paints the footprints; returns where their labels went (the place names keep clear).
    pub fn paint(&mut self, painter: &Painter, view: &View, footprints: &Footprints) -> Vec<Rect> {
        let mut labels = Vec::new();
        if footprints.items().is_empty() {
            return labels;
        }
        if self.revision != Some(footprints.revision()) {
            self.world = footprints
                .items()
                .iter()
                .map(|f| {
                    let ring = world_all(&f.ring);
                    let (low, high) = ring.iter().fold(
                        (
                            World {
                                x: f64::INFINITY,
                                y: f64::INFINITY,
                            },
                            World {
                                x: f64::NEG_INFINITY,
                                y: f64::NEG_INFINITY,
                            },
                        ),
                        |(l, h), p| {
                            (
                                World {
                                    x: l.x.min(p.x),
                                    y: l.y.min(p.y),
                                },
                                World {
                                    x: h.x.max(p.x),
                                    y: h.y.max(p.y),
                                },
                            )
                        },
                    );
                    WorldFootprint { ring, low, high }
                })
                .collect();
            self.revision = Some(footprints.revision());
        }
        let clip = painter.clip_rect();
        let ctx = painter.ctx();
        let key = Key {
            clip,
            atlas: atlas_key(ctx),
            revision: footprints.revision(),
        };
        let world = &self.world;
        let shape = self.prerendered.get(key, *view, clip, |view, area| {
            let (north_west, south_east) = view.world_box(area);
            let mut builder = MeshBuilder::new(ctx, area);
            for (footprint, w) in footprints.items().iter().zip(world) {
                if w.high.x < north_west.x
                    || w.low.x > south_east.x
                    || w.high.y < north_west.y
                    || w.low.y > south_east.y
                {
                    continue;
                }
                let (width, color) = if footprint.selected {
                    (theme::FOOTPRINT_SELECTED_WIDTH, theme::FOOTPRINT_SELECTED)
                } else if footprint.compared {
                    (theme::FOOTPRINT_SELECTED_WIDTH, theme::FOOTPRINT_COMPARED)
                } else if footprint.hovered {
                    (theme::FOOTPRINT_SELECTED_WIDTH, footprint_color(footprint))
                } else {
                    (footprint_width(footprint), footprint_color(footprint))
                };
                let points: Vec<Pos2> = w.ring.iter().map(|&p| view.screen(p)).collect();
                builder.add(Shape::closed_line(points, Stroke::new(width, color)));
            }
            builder.finish()
        });
        painter.add(shape);
        for (footprint, w) in footprints.items().iter().zip(&self.world) {
            // A footprint the service sent unreadable has no place on the map (its row says so).
            if w.ring.is_empty() {
                continue;
            }
            // The chosen one is named above its footprint, the compared or hovered one below,
            // so two footprints with the same outline never print over each other.
            let (anchor, align, color) = if footprint.selected {
                (
                    World {
                        x: (w.low.x + w.high.x) / 2.0,
                        y: w.low.y,
                    },
                    Align2::CENTER_BOTTOM,
                    theme::FOOTPRINT_SELECTED,
                )
            } else if footprint.compared || footprint.hovered {
                let color = if footprint.compared {
                    theme::FOOTPRINT_COMPARED
                } else {
                    theme::incidence_color(footprint.incidence_deg)
                };
                (
                    World {
                        x: (w.low.x + w.high.x) / 2.0,
                        y: w.high.y,
                    },
                    Align2::CENTER_TOP,
                    color,
                )
            } else {
                continue;
            };
            // A hovered one that is neither chosen nor compared goes a line lower still.
            let below = if footprint.hovered && !footprint.selected && !footprint.compared {
                egui::vec2(0.0, theme::LABEL_SIZE + 3.0)
            } else {
                egui::Vec2::ZERO
            };
            labels.push(painter.text(
                view.screen(anchor) + below,
                align,
                &footprint.label,
                FontId::proportional(theme::LABEL_SIZE),
                color,
            ));
        }
        labels
    }
}
