//! The places bucketed by where they lie on the world plane, built once when the list is
//! parsed: a frame asks for the places in a box and walks only the cells it covers, in the
//! list's order (largest first), instead of scanning all 34,006 places whenever fewer than
//! the candidate budget are in view.

use std::cmp::Reverse;
use std::collections::BinaryHeap;

use super::projection::World;

/// Cells across the world plane on each side (64 × 64: about 625 km at the equator, a few
/// hundred places in the densest cell).
const CELLS: usize = 64;

/// Place indices bucketed in a grid over the world plane ([0, 1] × [0, 1]), each cell's
/// indices in ascending order.
pub struct PlaceIndex {
    cells: Vec<Vec<u32>>,
}

impl PlaceIndex {
    /// The index of places at `positions` (place `i` is the `i`-th position).
    pub fn new(positions: impl IntoIterator<Item = World>) -> PlaceIndex {
        let mut cells = vec![Vec::new(); CELLS * CELLS];
        for (i, at) in positions.into_iter().enumerate() {
            let (Ok(i), Some(cell)) = (u32::try_from(i), cells.get_mut(cell_of(at))) else {
                continue;
            };
            cell.push(i);
        }
        PlaceIndex { cells }
    }

    /// Every place whose cell meets the box from `min` to `max` (the box's corners in any
    /// order), in ascending index order: each place in the box and some near it. A box that is
    /// not finite covers the whole plane.
    pub fn in_box(&self, min: World, max: World) -> InBox<'_> {
        let finite = [min.x, min.y, max.x, max.y].iter().all(|v| v.is_finite());
        let ((x0, x1), (y0, y1)) = if finite {
            (span(min.x, max.x), span(min.y, max.y))
        } else {
            ((0, CELLS - 1), (0, CELLS - 1))
        };
        let mut heads = BinaryHeap::new();
        for y in y0..=y1 {
            for x in x0..=x1 {
                let cell = y * CELLS + x;
                if let Some(&first) = self.cells.get(cell).and_then(|c| c.first()) {
                    heads.push(Reverse((first, cell, 0usize)));
                }
            }
        }
        InBox { index: self, heads }
    }
}

/// The places of [`PlaceIndex::in_box`], merged from their cells in ascending order.
pub struct InBox<'a> {
    index: &'a PlaceIndex,
    /// Each cell's next place: (place, cell, position in the cell).
    heads: BinaryHeap<Reverse<(u32, usize, usize)>>,
}

impl Iterator for InBox<'_> {
    type Item = usize;

    fn next(&mut self) -> Option<usize> {
        let Reverse((place, cell, at)) = self.heads.pop()?;
        if let Some(&next) = self.index.cells.get(cell).and_then(|c| c.get(at + 1)) {
            self.heads.push(Reverse((next, cell, at + 1)));
        }
        Some(place as usize)
    }
}

/// The column (or row) of a world coordinate, clamped to the grid.
fn column(v: f64) -> usize {
    // `as` saturates: below 0 (and NaN) gives 0, the clamp takes the top.
    ((v * CELLS as f64).floor() as usize).min(CELLS - 1)
}

fn span(a: f64, b: f64) -> (usize, usize) {
    (column(a.min(b)), column(a.max(b)))
}

fn cell_of(at: World) -> usize {
    column(at.y) * CELLS + column(at.x)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ui::places::places;

    fn brute(min: World, max: World) -> Vec<usize> {
        places()
            .iter()
            .enumerate()
            .filter(|(_, p)| (min.x..=max.x).contains(&p.at.x) && (min.y..=max.y).contains(&p.at.y))
            .map(|(i, _)| i)
            .collect()
    }

    #[test]
    fn a_box_gives_every_place_in_it_in_the_list_order() {
        let index = PlaceIndex::new(places().iter().map(|p| p.at));
        let boxes = [
            // The whole plane, western Europe, Toulouse, a box across a cell border, the
            // antimeridian's edge, nothing.
            ((0.0, 0.0), (1.0, 1.0)),
            ((0.48, 0.3), (0.58, 0.38)),
            ((0.5038, 0.3628), (0.5046, 0.3634)),
            ((0.49, 0.31), (0.51, 0.33)),
            ((0.99, 0.4), (1.2, 0.6)),
            ((0.2, 0.95), (0.3, 0.99)),
        ];
        for ((x0, y0), (x1, y1)) in boxes {
            let (min, max) = (World { x: x0, y: y0 }, World { x: x1, y: y1 });
            let expected = brute(min, max);
            let found: Vec<usize> = index
                .in_box(min, max)
                .filter(|&i| expected.binary_search(&i).is_ok())
                .collect();
            assert_eq!(found, expected, "{min:?} {max:?}");
            let all: Vec<usize> = index.in_box(min, max).collect();
            assert!(all.windows(2).all(|w| w[0] < w[1]), "ascending");
        }
        // Corners in either order; a box that is not finite covers everything.
        let (a, b) = (World { x: 0.51, y: 0.37 }, World { x: 0.49, y: 0.35 });
        assert_eq!(
            index.in_box(a, b).collect::<Vec<_>>(),
            index.in_box(b, a).collect::<Vec<_>>()
        );
        let nan = World {
            x: f64::NAN,
            y: 0.0,
        };
        assert_eq!(index.in_box(nan, nan).count(), places().len());
    }
}
