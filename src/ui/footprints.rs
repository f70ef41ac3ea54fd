//! Acquisition footprints on the map (attempts, acquisitions, the compared offers in their
//! rows' colours): outlines, the selected, compared and hovered ones thicker, labelled and drawn
//! last (over the others). Projected to the world plane once per change of the footprints and
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
        FootprintKind::OfferRow(row) => theme::offer_color(row).0,
    }
}

/// A footprint's outline width: a proposed acquisition and the ordered AOI stand out.
fn footprint_width(footprint: &Footprint) -> f32 {
    match footprint.kind {
        FootprintKind::Proposed | FootprintKind::Ordered | FootprintKind::ToAcquire => {
            theme::FOOTPRINT_SELECTED_WIDTH
        }
        FootprintKind::OfferRow(_) => theme::OFFER_WIDTH,
        _ => theme::FOOTPRINT_WIDTH,
    }
}

/// How far forward a footprint is drawn: the plain ones first, then the compared, the hovered
/// and the chosen one, so the one looked at is never under another.
fn emphasis(footprint: &Footprint) -> u8 {
    if footprint.selected {
        3
    } else if footprint.hovered {
        2
    } else if footprint.compared {
        1
    } else {
        0
    }
}

/// The order to draw footprints in (stable within an emphasis).
fn drawing_order(footprints: &[Footprint]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..footprints.len()).collect();
    order.sort_by_key(|&i| emphasis(&footprints[i]));
    order
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
            let items = footprints.items();
            for index in drawing_order(items) {
                let (Some(footprint), Some(w)) = (items.get(index), world.get(index)) else {
                    continue;
                };
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
                    let width = match footprint.kind {
                        FootprintKind::OfferRow(_) => theme::OFFER_HOVERED_WIDTH,
                        _ => theme::FOOTPRINT_SELECTED_WIDTH,
                    };
                    (width, footprint_color(footprint))
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
                    footprint_color(footprint)
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

#[cfg(test)]
mod tests {
    use super::*;

    fn footprint(selected: bool, compared: bool, hovered: bool) -> Footprint {
        Footprint {
            ring: Vec::new(),
            label: String::new(),
            selected,
            incidence_deg: None,
            kind: FootprintKind::OfferRow(0),
            hovered,
            compared,
        }
    }

    #[test]
    fn the_footprint_looked_at_is_drawn_last() {
        let items = [
            footprint(false, false, true),
            footprint(true, false, false),
            footprint(false, false, false),
            footprint(false, true, false),
            footprint(false, false, false),
        ];
        assert_eq!(drawing_order(&items), vec![2, 4, 3, 0, 1]);
    }

    #[test]
    fn each_compared_offer_has_its_rows_colour() {
        let colors: Vec<egui::Color32> = (0..6)
            .map(|row| {
                footprint_color(&Footprint {
                    kind: FootprintKind::OfferRow(row),
                    ..footprint(false, false, false)
                })
            })
            .collect();
        for (i, a) in colors.iter().enumerate() {
            assert_eq!(*a, theme::offer_color(i).0);
            assert!(
                colors[i + 1..].iter().all(|b| b != a),
                "row {i} repeats a colour"
            );
        }
    }
}
