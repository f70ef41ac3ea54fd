//! Which vertex handles of the selected AOI are drawn: only those a person can tell apart. A
//! vertex closer than [`TELL_APART`] to a neighbour on screen gets no handle in the cached mesh
//! (a 999-vertex AOI seen whole would otherwise be a mass of discs hiding its outline); near the
//! pointer the dense ones show, thinned so that no two handles overlap. Zooming in spreads the
//! vertices until every one has its handle.

use std::collections::HashMap;

use egui::Pos2;

use super::theme;

/// The least distance on screen between a vertex and its neighbours for it to get a handle.
pub const TELL_APART: f32 = 3.0 * theme::HANDLE_RADIUS;
/// How near the pointer the handles of dense stretches show.
pub const NEAR_POINTER: f32 = 4.0 * theme::HIT_RADIUS;
/// Two handles closer than this overlap.
const NO_OVERLAP: f32 = 2.0 * theme::HANDLE_RADIUS + 1.0;

/// The distinct vertices of a ring on screen (the closing position dropped when it repeats the
/// first).
fn vertices(points: &[Pos2]) -> &[Pos2] {
    match points {
        [first, .., last] if first == last => &points[..points.len() - 1],
        _ => points,
    }
}

/// Handles placed so far, in a grid of cells as wide as two handles: a new one is checked
/// against the handles of its own cell and the eight around it, the only ones near enough to
/// overlap it (not against every handle: a 999-vertex AOI made that quadratic on every frame
/// of a drag).
#[derive(Default)]
struct Placed {
    cells: HashMap<(i32, i32), Vec<Pos2>>,
}

impl Placed {
    fn cell(p: Pos2) -> (i32, i32) {
        (
            (p.x / NO_OVERLAP).floor() as i32,
            (p.y / NO_OVERLAP).floor() as i32,
        )
    }

    fn fits(&self, p: Pos2) -> bool {
        let (cx, cy) = Self::cell(p);
        (-1..=1).all(|dx| {
            (-1..=1).all(|dy| {
                self.cells
                    .get(&(cx + dx, cy + dy))
                    .is_none_or(|near| near.iter().all(|q| q.distance(p) >= NO_OVERLAP))
            })
        })
    }

    fn place(&mut self, p: Pos2) {
        self.cells.entry(Self::cell(p)).or_default().push(p);
    }
}

/// Whether vertex `i` of `vertices` stands apart from both its neighbours.
fn stands_apart(vertices: &[Pos2], i: usize) -> bool {
    let n = vertices.len();
    let prev = vertices[(i + n - 1) % n];
    let next = vertices[(i + 1) % n];
    prev.distance(vertices[i]) >= TELL_APART && next.distance(vertices[i]) >= TELL_APART
}

/// The vertices (indices into `points`) whose handles belong to the cached mesh: those that
/// stand apart from their neighbours, none overlapping another.
pub fn apart(points: &[Pos2]) -> Vec<usize> {
    let vertices = vertices(points);
    let mut placed = Placed::default();
    let mut shown = Vec::new();
    for (i, &p) in vertices.iter().enumerate() {
        if stands_apart(vertices, i) && placed.fits(p) {
            placed.place(p);
            shown.push(i);
        }
    }
    shown
}

/// The handles drawn near the pointer on top of [`apart`]'s: the dense vertices within
/// [`NEAR_POINTER`], nearest first, none overlapping another or one of `apart`'s.
pub fn near_pointer(points: &[Pos2], pointer: Pos2) -> Vec<usize> {
    let vertices = vertices(points);
    let mut placed = Placed::default();
    for i in apart(points) {
        placed.place(vertices[i]);
    }
    let mut near: Vec<usize> = (0..vertices.len())
        .filter(|&i| !stands_apart(vertices, i) && vertices[i].distance(pointer) <= NEAR_POINTER)
        .collect();
    near.sort_by(|&a, &b| {
        vertices[a]
            .distance(pointer)
            .total_cmp(&vertices[b].distance(pointer))
    });
    let mut shown = Vec::new();
    for i in near {
        if placed.fits(vertices[i]) {
            placed.place(vertices[i]);
            shown.push(i);
        }
    }
    shown
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A closed ring of `n` vertices on a circle of `radius` pixels around (500, 500).
    fn circle(n: usize, radius: f32) -> Vec<Pos2> {
        let mut ring: Vec<Pos2> = (0..n)
            .map(|i| {
                let a = i as f32 / n as f32 * std::f32::consts::TAU;
                Pos2::new(500.0 + radius * a.cos(), 500.0 + radius * a.sin())
            })
            .collect();
        ring.push(ring[0]);
        ring
    }

    fn none_overlap(points: &[Pos2], shown: &[usize]) {
        for (k, &a) in shown.iter().enumerate() {
            for &b in &shown[k + 1..] {
                assert!(
                    points[a].distance(points[b]) >= NO_OVERLAP,
                    "handles {a} and {b} overlap"
                );
            }
        }
    }

    #[test]
    fn a_999_vertex_aoi_seen_whole_shows_handles_only_near_the_pointer() {
        // 999 vertices on a 300 px circle: about 1.9 px apart.
        let ring = circle(999, 300.0);
        assert!(apart(&ring).is_empty());
        let pointer = Pos2::new(800.0, 500.0);
        let near = near_pointer(&ring, pointer);
        assert!(!near.is_empty() && near.len() <= 8, "{}", near.len());
        none_overlap(&ring, &near);
        assert!(
            near.iter()
                .all(|&i| ring[i].distance(pointer) <= NEAR_POINTER)
        );
    }

    #[test]
    fn zoomed_in_every_vertex_has_its_handle() {
        // The same AOI 20 times larger: 38 px between vertices.
        let ring = circle(999, 6000.0);
        assert_eq!(apart(&ring).len(), 999);
        assert!(near_pointer(&ring, ring[0]).is_empty());
    }

    #[test]
    fn a_square_keeps_its_four_handles_and_a_dense_corner_only_its_clear_ones() {
        let square = [
            Pos2::new(0.0, 0.0),
            Pos2::new(100.0, 0.0),
            Pos2::new(100.0, 100.0),
            Pos2::new(0.0, 100.0),
            Pos2::new(0.0, 0.0),
        ];
        assert_eq!(apart(&square), vec![0, 1, 2, 3]);
        // Two vertices 3 px apart: neither can be told from the other.
        let mut dense = square.to_vec();
        dense.insert(2, Pos2::new(100.0, 97.0));
        assert_eq!(apart(&dense), vec![0, 1, 4]);
        let near = near_pointer(&dense, Pos2::new(100.0, 99.0));
        assert_eq!(near.len(), 1, "one handle for the two, not two overlapping");
    }
}
