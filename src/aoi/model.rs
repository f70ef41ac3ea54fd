//! The AOI itself: a name and its outer ring of lon/lat positions, kept exactly as given.
//!
//! Rules about closing and counts are judged on these raw positions, so nothing here closes,
//! dedupes or reorders a ring behind the person's back (see `tools` for the fixes a person asks for).

use geo_types::Coord;
use serde::{Deserialize, Serialize};

/// A stable id for an AOI of the list: given once by the window (`state::AppState`), never reused in a session.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct AoiId(pub u64);

impl std::fmt::Display for AoiId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "#{}", self.0)
    }
}

/// A lon/lat position in degrees (x = longitude, y = latitude), WGS84.
pub type LonLat = Coord<f64>;

/// A named Area Of Interest: one outer ring, plus any holes the source carried (a rule refuses them).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Aoi {
    /// A person's name for the AOI, from the source file where it had one.
    pub name: String,
    /// The outer ring exactly as given, closing position included when the source had one.
    pub ring: Vec<LonLat>,
    /// Interior rings as given; providers refuse them, so they are kept only to be reported.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub holes: Vec<Vec<LonLat>>,
}

impl Aoi {
    /// A polygon AOI without holes.
    pub fn new(name: impl Into<String>, ring: Vec<LonLat>) -> Self {
        Self {
            name: name.into(),
            ring,
            holes: Vec::new(),
        }
    }

    /// Whether the ring's last position repeats its first (a closed GeoJSON ring).
    pub fn is_closed(&self) -> bool {
        ring_is_closed(&self.ring)
    }

    /// The ring without its closing position and without consecutive repeats: the vertices a
    /// provider counts. Each entry keeps the raw index of the last position of its run, which is
    /// where the outgoing edge starts in the raw ring.
    pub fn distinct_vertices(&self) -> Vec<(usize, LonLat)> {
        distinct_vertices(&self.ring)
    }

    /// The number of distinct vertices (the closing position and consecutive repeats not counted).
    pub fn vertex_count(&self) -> usize {
        self.distinct_vertices().len()
    }
}

/// Whether a ring of raw positions is closed (at least two positions, last equals first).
pub fn ring_is_closed(ring: &[LonLat]) -> bool {
    ring.len() >= 2 && ring.first() == ring.last()
}

/// Distinct vertices of a raw ring: consecutive repeats collapsed (keeping the last raw index of
/// each run) and the closing position dropped.
pub fn distinct_vertices(ring: &[LonLat]) -> Vec<(usize, LonLat)> {
    let mut out: Vec<(usize, LonLat)> = Vec::with_capacity(ring.len());
    for (index, &position) in ring.iter().enumerate() {
        match out.last_mut() {
            Some(last) if last.1 == position => last.0 = index,
            _ => out.push((index, position)),
        }
    }
    // The closing run (or an open ring that wraps onto a repeat of its first vertex) is the first vertex again.
    while out.len() > 1 && out.first().map(|f| f.1) == out.last().map(|l| l.1) {
        out.pop();
    }
    out
}

/// Something a file held that is not a polygon (a Point, a LineString...): it is reported, not dropped.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NotPolygon {
    /// The name the source gave it, or a generated one.
    pub name: String,
    /// The geometry type as the source called it ("Point", "LineString"...).
    pub kind: String,
    /// A position of it, to point at on the map, when it has one.
    pub at: Option<LonLat>,
}

/// One geometry of an imported file: an AOI, or a geometry that cannot be one.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Imported {
    /// A polygon (one of a MultiPolygon counts as one).
    Aoi(Aoi),
    /// Anything else, kept so it can be reported.
    NotPolygon(NotPolygon),
}

impl Imported {
    /// The name shown for this geometry.
    pub fn name(&self) -> &str {
        match self {
            Imported::Aoi(aoi) => &aoi.name,
            Imported::NotPolygon(other) => &other.name,
        }
    }
}

/// A ring as a geo polygon (no holes).
pub fn polygon_of(ring: &[LonLat]) -> geo_types::Polygon<f64> {
    geo_types::Polygon::new(
        geo_types::LineString::from(
            ring.iter()
                .map(|c| geo_types::Coord { x: c.x, y: c.y })
                .collect::<Vec<_>>(),
        ),
        Vec::new(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn c(x: f64, y: f64) -> LonLat {
        Coord { x, y }
    }

    #[test]
    fn distinct_vertices_drop_closing_and_repeats_keeping_last_raw_index() {
        let ring = vec![c(0., 0.), c(1., 0.), c(1., 0.), c(1., 1.), c(0., 0.)];
        let distinct = distinct_vertices(&ring);
        assert_eq!(
            distinct,
            vec![(0, c(0., 0.)), (2, c(1., 0.)), (3, c(1., 1.))]
        );
    }

    #[test]
    fn open_ring_keeps_all_vertices() {
        let ring = vec![c(0., 0.), c(1., 0.), c(1., 1.)];
        assert_eq!(distinct_vertices(&ring).len(), 3);
        assert!(!ring_is_closed(&ring));
    }
}
