//! Edits of an AOI's ring with undo and redo. A closed ring stays closed: moving or deleting
//! its first vertex moves or replaces the closing position too.

use super::model::{Aoi, LonLat, ring_is_closed};

/// One change a person makes to an AOI.
#[derive(Debug, Clone, PartialEq)]
pub enum Edit {
    /// Insert a vertex so that it becomes position `index`.
    InsertVertex {
        /// Where it goes (0..=len).
        index: usize,
        /// Its position.
        at: LonLat,
    },
    /// Move position `index`.
    MoveVertex {
        /// Which position.
        index: usize,
        /// Its new place.
        to: LonLat,
    },
    /// Delete position `index`.
    DeleteVertex {
        /// Which position.
        index: usize,
    },
    /// Move the whole AOI by a lon/lat offset, degrees.
    Translate {
        /// East offset, degrees.
        d_lon: f64,
        /// North offset, degrees.
        d_lat: f64,
    },
    /// Replace the whole ring (a tool's result, a redraw).
    ReplaceRing(Vec<LonLat>),
    /// Rename the AOI.
    Rename(String),
}

/// Why an edit could not be applied.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum EditError {
    /// The index is past the ring's end.
    #[error("there is no position {index}: the ring has {len} positions")]
    NoSuchVertex {
        /// The index asked for.
        index: usize,
        /// The ring's length.
        len: usize,
    },
}

/// An AOI with its undo and redo history.
#[derive(Debug, Clone, PartialEq)]
pub struct EditableAoi {
    aoi: Aoi,
    undo: Vec<Aoi>,
    redo: Vec<Aoi>,
}

/// How many edits can be undone.
const HISTORY_LIMIT: usize = 500;

impl EditableAoi {
    /// Starts editing an AOI with an empty history.
    pub fn new(aoi: Aoi) -> Self {
        Self {
            aoi,
            undo: Vec::new(),
            redo: Vec::new(),
        }
    }

    /// The AOI as it is now.
    pub fn aoi(&self) -> &Aoi {
        &self.aoi
    }

    /// Applies an edit; it can be undone. A failed edit changes nothing.
    pub fn apply(&mut self, edit: Edit) -> Result<(), EditError> {
        let mut next = self.aoi.clone();
        apply_to(&mut next, edit)?;
        if next != self.aoi {
            self.undo.push(std::mem::replace(&mut self.aoi, next));
            if self.undo.len() > HISTORY_LIMIT {
                self.undo.remove(0);
            }
            self.redo.clear();
        }
        Ok(())
    }

    /// Undoes the last edit; false when there is none.
    pub fn undo(&mut self) -> bool {
        match self.undo.pop() {
            Some(previous) => {
                self.redo.push(std::mem::replace(&mut self.aoi, previous));
                true
            }
            None => false,
        }
    }

    /// Redoes the last undone edit; false when there is none.
    pub fn redo(&mut self) -> bool {
        match self.redo.pop() {
            Some(next) => {
                self.undo.push(std::mem::replace(&mut self.aoi, next));
                true
            }
            None => false,
        }
    }

    /// Whether there is something to undo.
    pub fn can_undo(&self) -> bool {
        !self.undo.is_empty()
    }

    /// Whether there is something to redo.
    pub fn can_redo(&self) -> bool {
        !self.redo.is_empty()
    }
}

fn apply_to(aoi: &mut Aoi, edit: Edit) -> Result<(), EditError> {
    let len = aoi.ring.len();
    let closed = ring_is_closed(&aoi.ring);
    let check = |index: usize, limit: usize| {
        if index < limit {
            Ok(())
        } else {
            Err(EditError::NoSuchVertex { index, len })
        }
    };
    match edit {
        Edit::InsertVertex { index, at } => {
            check(index, len + 1)?;
            aoi.ring.insert(index, at);
        }
        Edit::MoveVertex { index, to } => {
            check(index, len)?;
            aoi.ring[index] = to;
            if closed && (index == 0 || index == len - 1) {
                aoi.ring[0] = to;
                aoi.ring[len - 1] = to;
            }
        }
        Edit::DeleteVertex { index } => {
            check(index, len)?;
            if closed && (index == 0 || index == len - 1) {
                // The first vertex and the closing position are one vertex: drop it, and let the
                // closing position follow the new first vertex.
                aoi.ring.remove(0);
                if let Some(&first) = aoi.ring.first()
                    && let Some(last) = aoi.ring.last_mut()
                {
                    *last = first;
                }
            } else {
                aoi.ring.remove(index);
            }
        }
        Edit::Translate { d_lon, d_lat } => {
            for position in &mut aoi.ring {
                position.x += d_lon;
                position.y += d_lat;
            }
            for hole in &mut aoi.holes {
                for position in hole {
                    position.x += d_lon;
                    position.y += d_lat;
                }
            }
        }
        Edit::ReplaceRing(ring) => aoi.ring = ring,
        Edit::Rename(name) => aoi.name = name,
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn c(x: f64, y: f64) -> LonLat {
        LonLat { x, y }
    }

    fn square() -> EditableAoi {
        EditableAoi::new(Aoi::new(
            "sq",
            vec![c(0., 0.), c(1., 0.), c(1., 1.), c(0., 1.), c(0., 0.)],
        ))
    }

    #[test]
    fn moving_the_first_vertex_keeps_the_ring_closed() {
        let mut aoi = square();
        aoi.apply(Edit::MoveVertex {
            index: 0,
            to: c(-1., -1.),
        })
        .unwrap();
        assert!(aoi.aoi().is_closed());
        assert_eq!(aoi.aoi().ring[4], c(-1., -1.));
    }

    #[test]
    fn deleting_the_first_vertex_recloses_on_the_next() {
        let mut aoi = square();
        aoi.apply(Edit::DeleteVertex { index: 0 }).unwrap();
        assert_eq!(
            aoi.aoi().ring,
            vec![c(1., 0.), c(1., 1.), c(0., 1.), c(1., 0.)]
        );
        let mut aoi = square();
        aoi.apply(Edit::DeleteVertex { index: 4 }).unwrap();
        assert_eq!(
            aoi.aoi().ring,
            vec![c(1., 0.), c(1., 1.), c(0., 1.), c(1., 0.)]
        );
    }

    #[test]
    fn undo_and_redo_walk_the_history() {
        let mut aoi = square();
        let original = aoi.aoi().clone();
        aoi.apply(Edit::InsertVertex {
            index: 1,
            at: c(0.5, -0.5),
        })
        .unwrap();
        aoi.apply(Edit::Translate {
            d_lon: 1.0,
            d_lat: 0.0,
        })
        .unwrap();
        let edited = aoi.aoi().clone();
        assert!(aoi.undo() && aoi.undo());
        assert_eq!(aoi.aoi(), &original);
        assert!(!aoi.undo());
        assert!(aoi.redo() && aoi.redo());
        assert_eq!(aoi.aoi(), &edited);
        assert!(!aoi.can_redo());
    }

    #[test]
    fn a_bad_index_changes_nothing() {
        let mut aoi = square();
        assert!(aoi.apply(Edit::DeleteVertex { index: 9 }).is_err());
        assert!(!aoi.can_undo());
    }
}
