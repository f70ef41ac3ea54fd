//! The drawing and editing tools as geometry: what a press grabs (a vertex, a midpoint, the AOI,
//! a new shape), what a drag becomes (an `Edit` or a new AOI), and the shapes the tools make.
//! No painting here.

use egui::Pos2;

use super::aoi_layer::{all_midpoints_shown, editable_on_screen, nearest_midpoint};
use super::projection::{View, World};
use super::theme;
use crate::aoi::edit::{Edit, EditableAoi};
use crate::aoi::rules::validate;
use crate::aoi::{Aoi, LonLat};
use crate::state::command::Command;
use crate::state::{AoiId, AppState, Tool};

/// A drag in progress.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Drag {
    /// A vertex handle.
    Vertex {
        /// The AOI.
        id: AoiId,
        /// The position index.
        index: usize,
        /// Where it is now.
        to: LonLat,
    },
    /// A midpoint handle: a vertex being inserted.
    Midpoint {
        /// The AOI.
        id: AoiId,
        /// The edge's first position.
        after: usize,
        /// Where it is now.
        to: LonLat,
    },
    /// The whole AOI.
    Move {
        /// The AOI.
        id: AoiId,
        /// Where the press was.
        from: LonLat,
        /// Where the pointer is.
        to: LonLat,
    },
    /// A rectangle being drawn.
    Rectangle {
        /// The first corner.
        from: LonLat,
        /// The opposite corner.
        to: LonLat,
    },
    /// A circle being drawn.
    Circle {
        /// The centre.
        center: LonLat,
        /// A point on the circle.
        edge: LonLat,
    },
}

/// Whether a point is inside a ring (even-odd rule).
pub fn inside(ring: &[LonLat], p: LonLat) -> bool {
    let mut result = false;
    let n = ring.len();
    for i in 0..n {
        let (a, b) = (ring[i], ring[(i + n - 1) % n]);
        if (a.y > p.y) != (b.y > p.y) && p.x < (b.x - a.x) * (p.y - a.y) / (b.y - a.y) + a.x {
            result = !result;
        }
    }
    result
}

/// A circle of `vertices` points around `center` through `edge`, closed.
pub fn circle_ring(center: LonLat, edge: LonLat, vertices: usize) -> Vec<LonLat> {
    let vertices = vertices.max(3);
    let cos_lat = center.y.to_radians().cos().max(1e-6);
    let dx = (edge.x - center.x) * cos_lat;
    let dy = edge.y - center.y;
    let radius = dx.hypot(dy);
    let mut ring: Vec<LonLat> = (0..vertices)
        .map(|i| {
            let t = i as f64 / vertices as f64 * std::f64::consts::TAU;
            LonLat {
                x: center.x + radius * t.cos() / cos_lat,
                y: center.y + radius * t.sin(),
            }
        })
        .collect();
    ring.push(ring[0]);
    ring
}

/// A rectangle between two corners, counter-clockwise, closed.
pub fn rectangle_ring(a: LonLat, b: LonLat) -> Vec<LonLat> {
    let (w, e) = (a.x.min(b.x), a.x.max(b.x));
    let (s, n) = (a.y.min(b.y), a.y.max(b.y));
    vec![
        LonLat { x: w, y: s },
        LonLat { x: e, y: s },
        LonLat { x: e, y: n },
        LonLat { x: w, y: n },
        LonLat { x: w, y: s },
    ]
}

/// The position index of the selected AOI's vertex under a screen point, if any.
pub fn vertex_at(view: &View, ring: &[World], pos: Pos2) -> Option<usize> {
    ring.iter()
        .enumerate()
        .map(|(i, &w)| (i, view.screen(w).distance(pos)))
        .filter(|(_, d)| *d <= theme::HIT_RADIUS)
        .min_by(|a, b| a.1.total_cmp(&b.1))
        .map(|(i, _)| i)
}

/// What a press grabs: a handle of the selected AOI, the AOI itself, or a new shape.
pub fn start_drag(
    pos: Pos2,
    view: &View,
    state: &AppState,
    selected_ring: Option<&[World]>,
) -> Option<Drag> {
    let at = view.lon_lat_at(pos);
    match state.tool {
        Tool::Rectangle => return Some(Drag::Rectangle { from: at, to: at }),
        Tool::Circle => {
            return Some(Drag::Circle {
                center: at,
                edge: at,
            });
        }
        Tool::Polygon => return None,
        Tool::Edit | Tool::Move => {}
    }
    let entry = state.selected_entry().filter(|e| e.visible)?;
    if state.tool == Tool::Move {
        return inside(&entry.aoi().ring, at).then_some(Drag::Move {
            id: entry.id,
            from: at,
            to: at,
        });
    }
    let ring = selected_ring.filter(|ring| editable_on_screen(view, ring))?;
    if let Some(index) = vertex_at(view, ring, pos) {
        return Some(Drag::Vertex {
            id: entry.id,
            index,
            to: at,
        });
    }
    let (after, mid) = nearest_midpoint(view, ring, pos)?;
    // On a large AOI only the midpoint near the pointer is shown; it can be grabbed all the same.
    let reach = if all_midpoints_shown(view, ring) {
        theme::HIT_RADIUS
    } else {
        theme::HIT_RADIUS.max(theme::MIDPOINT_RADIUS * 2.0)
    };
    (mid.distance(pos) <= reach).then_some(Drag::Midpoint {
        id: entry.id,
        after,
        to: at,
    })
}

/// Follows the pointer.
pub fn update_drag(drag: &mut Drag, at: LonLat) {
    match drag {
        Drag::Vertex { to, .. }
        | Drag::Midpoint { to, .. }
        | Drag::Move { to, .. }
        | Drag::Rectangle { to, .. } => *to = at,
        Drag::Circle { edge, .. } => *edge = at,
    }
}

/// The edit a drag makes to an AOI, to preview it or to apply it.
pub fn drag_edit(drag: Drag) -> Option<(AoiId, Edit)> {
    match drag {
        Drag::Vertex { id, index, to } => Some((id, Edit::MoveVertex { index, to })),
        Drag::Midpoint { id, after, to } => Some((
            id,
            Edit::InsertVertex {
                index: after + 1,
                at: to,
            },
        )),
        Drag::Move { id, from, to } => Some((
            id,
            Edit::Translate {
                d_lon: to.x - from.x,
                d_lat: to.y - from.y,
            },
        )),
        Drag::Rectangle { .. } | Drag::Circle { .. } => None,
    }
}

/// The AOI as a drag would leave it, validated for the chosen mission and offer, so the marks
/// follow the pointer.
pub fn preview(drag: Drag, state: &AppState) -> Option<super::aoi_layer::Preview> {
    let (id, edit) = drag_edit(drag)?;
    let entry = state.entry(id)?;
    let mut editable = EditableAoi::new(entry.aoi().clone());
    editable.apply(edit).ok()?;
    let aoi = editable.aoi().clone();
    Some(super::aoi_layer::Preview {
        id,
        report: validate(&aoi, &state.context()),
        world: super::aoi_layer::WorldAoi::new(0, &aoi),
        aoi,
    })
}

/// The ring a shape drag draws, if it draws one.
pub fn shape_ring(drag: Drag, circle_vertices: usize) -> Option<Vec<LonLat>> {
    match drag {
        Drag::Rectangle { from, to } => Some(rectangle_ring(from, to)),
        Drag::Circle { center, edge } => Some(circle_ring(center, edge, circle_vertices)),
        _ => None,
    }
}

/// What a finished drag asks for.
pub fn finish_drag(drag: Drag, state: &AppState) -> Vec<Command> {
    let tiny = |a: LonLat, b: LonLat| (a.x - b.x).abs() < 1e-7 && (a.y - b.y).abs() < 1e-7;
    match drag {
        Drag::Rectangle { from, to } if !tiny(from, to) => {
            vec![Command::AddAoi(Aoi::new(
                next_name(state),
                rectangle_ring(from, to),
            ))]
        }
        Drag::Circle { center, edge } if !tiny(center, edge) => {
            vec![Command::AddAoi(Aoi::new(
                next_name(state),
                circle_ring(center, edge, state.circle_vertices),
            ))]
        }
        Drag::Rectangle { .. } | Drag::Circle { .. } => Vec::new(),
        Drag::Move { from, to, .. } if tiny(from, to) => Vec::new(),
        Drag::Vertex { .. } | Drag::Midpoint { .. } | Drag::Move { .. } => drag_edit(drag)
            .map(|(id, edit)| vec![Command::Edit(id, edit)])
            .unwrap_or_default(),
    }
}

/// A name no AOI of the list has yet.
pub fn next_name(state: &AppState) -> String {
    (state.aois.len() + 1..)
        .map(|n| format!("AOI {n}"))
        .find(|name| state.aois.iter().all(|e| &e.aoi().name != name))
        .unwrap_or_else(|| "AOI".to_owned())
}

/// The polygon being drawn, closed, if it has three distinct vertices; the drawing is emptied.
pub fn finish_polygon(drawing: &mut Vec<LonLat>, state: &AppState) -> Option<Aoi> {
    drawing.dedup();
    if drawing.len() < 3 {
        return None;
    }
    let mut ring = std::mem::take(drawing);
    ring.push(ring[0]);
    Some(Aoi::new(next_name(state), ring))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shapes_are_closed_and_sized() {
        let c = LonLat { x: 1.0, y: 45.0 };
        let ring = circle_ring(c, LonLat { x: 1.1, y: 45.0 }, 32);
        assert_eq!(ring.len(), 33);
        assert_eq!(ring.first(), ring.last());
        let rect = rectangle_ring(LonLat { x: 1.0, y: 2.0 }, LonLat { x: 0.0, y: 1.0 });
        assert_eq!(rect[0], LonLat { x: 0.0, y: 1.0 });
        assert!(inside(&rect, LonLat { x: 0.5, y: 1.5 }));
        assert!(!inside(&rect, LonLat { x: 1.5, y: 1.5 }));
    }

    #[test]
    fn new_names_do_not_repeat() {
        let mut state = AppState::with_aois(vec![Aoi::new(
            "AOI 2",
            rectangle_ring(LonLat { x: 0.0, y: 0.0 }, LonLat { x: 1.0, y: 1.0 }),
        )]);
        assert_eq!(next_name(&state), "AOI 3");
        state.execute(Command::AddAoi(Aoi::new("AOI 3", Vec::new())));
        assert_eq!(next_name(&state), "AOI 4");
    }
}
