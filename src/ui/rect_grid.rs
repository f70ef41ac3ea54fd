//! Screen rectangles bucketed in a grid, to ask whether a new one meets any of them by looking
//! only at those in the cells it covers: placing 400 names clear of 1,000 footprint labels
//! tested every pair on every frame.

use egui::Rect;
use rustc_hash::FxHashMap;

/// The side of a cell, in points: about a label's width.
const CELL: f32 = 64.0;

/// A rectangle wider or taller than this many cells is kept aside and tested every time (the
/// bar along the map's bottom edge), so that no rectangle fills thousands of cells.
const MAX_CELLS_ACROSS: i32 = 16;

/// Rectangles, each listed in every cell it covers.
#[derive(Default)]
pub struct RectGrid {
    rects: Vec<Rect>,
    cells: FxHashMap<(i32, i32), Vec<usize>>,
    /// Rectangles too large for the grid, or not finite.
    large: Vec<usize>,
}

impl RectGrid {
    /// A grid holding `rects`.
    pub fn of(rects: &[Rect]) -> RectGrid {
        let mut grid = RectGrid::default();
        for &rect in rects {
            grid.insert(rect);
        }
        grid
    }

    /// Adds a rectangle.
    pub fn insert(&mut self, rect: Rect) {
        let index = self.rects.len();
        self.rects.push(rect);
        match span(rect) {
            Some(((x0, x1), (y0, y1))) => {
                for x in x0..=x1 {
                    for y in y0..=y1 {
                        self.cells.entry((x, y)).or_default().push(index);
                    }
                }
            }
            None => self.large.push(index),
        }
    }

    /// Whether `rect` meets any rectangle of the grid.
    pub fn meets(&self, rect: Rect) -> bool {
        let hits = |indices: &[usize]| indices.iter().any(|&i| self.rects[i].intersects(rect));
        if hits(&self.large) {
            return true;
        }
        match span(rect) {
            Some(((x0, x1), (y0, y1))) => (x0..=x1)
                .any(|x| (y0..=y1).any(|y| self.cells.get(&(x, y)).is_some_and(|near| hits(near)))),
            // Too large to look up by cells: every rectangle is tested.
            None => (0..self.rects.len()).any(|i| self.rects[i].intersects(rect)),
        }
    }
}

/// The cells a rectangle covers, as inclusive column and row ranges; `None` for one that is not
/// finite or spans more than [`MAX_CELLS_ACROSS`].
fn span(rect: Rect) -> Option<((i32, i32), (i32, i32))> {
    if !(rect.min.is_finite() && rect.max.is_finite()) {
        return None;
    }
    let cell = |v: f32| (v / CELL).floor() as i32;
    let (x0, x1, y0, y1) = (
        cell(rect.min.x),
        cell(rect.max.x),
        cell(rect.min.y),
        cell(rect.max.y),
    );
    (x1 - x0 <= MAX_CELLS_ACROSS && y1 - y0 <= MAX_CELLS_ACROSS).then_some(((x0, x1), (y0, y1)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use egui::{Pos2, Vec2};

    fn rect(x: f32, y: f32, w: f32, h: f32) -> Rect {
        Rect::from_min_size(Pos2::new(x, y), Vec2::new(w, h))
    }

    #[test]
    fn meets_what_every_pair_test_would_and_nothing_else() {
        let placed = [
            rect(0.0, 0.0, 10.0, 10.0),
            rect(100.0, 30.0, 200.0, 12.0),
            rect(-70.0, -5.0, 20.0, 300.0),
            // Wider than the grid takes: kept aside.
            rect(-100.0, 200.0, 5000.0, 30.0),
        ];
        let grid = RectGrid::of(&placed);
        for x in (-120..400).step_by(7) {
            for y in (-40..340).step_by(11) {
                for (w, h) in [(37.0, 9.0), (3000.0, 4.0)] {
                    let probe = rect(x as f32, y as f32, w, h);
                    let brute = placed.iter().any(|p| p.intersects(probe));
                    assert_eq!(grid.meets(probe), brute, "{probe:?}");
                }
            }
        }
    }
}
