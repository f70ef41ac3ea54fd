//! Well-Known Binary, as a GeoPackage geometry blob holds it after its header: both byte orders,
//! 2D, Z, M and ZM (ISO codes, and the high-bit flags some writers use), Z and M dropped. Every
//! count is checked against the bytes that follow before anything is sized by it.

use crate::aoi::model::LonLat;

/// How deep collections may nest.
const MAX_DEPTH: usize = 8;

/// One part of a geometry, positions as stored.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Part {
    /// A polygon's rings, the outer one first.
    Polygon(Vec<Vec<LonLat>>),
    /// Anything else: its kind and its first position.
    Other {
        /// "Point", "LineString", "MultiPoint"...
        kind: &'static str,
        /// Its first position, if it has one.
        at: Option<LonLat>,
    },
}

/// Why a geometry cannot be read.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub(super) enum WkbError {
    /// The bytes do not hold what they claim.
    #[error("{0}")]
    Damaged(String),
    /// A geometry type that is not read (curves, surfaces).
    #[error("{0} geometries are not read")]
    Unsupported(&'static str),
}

/// The name of a WKB geometry type.
fn kind_name(base: u32) -> Option<&'static str> {
    Some(match base {
        1 => "Point",
        2 => "LineString",
        3 => "Polygon",
        4 => "MultiPoint",
        5 => "MultiLineString",
        6 => "MultiPolygon",
        7 => "GeometryCollection",
        8 => "CircularString",
        9 => "CompoundCurve",
        10 => "CurvePolygon",
        11 => "MultiCurve",
        12 => "MultiSurface",
        13 => "Curve",
        14 => "Surface",
        15 => "PolyhedralSurface",
        16 => "TIN",
        17 => "Triangle",
        _ => return None,
    })
}

struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
    little: bool,
}

impl Reader<'_> {
    fn damaged(&self, why: String) -> WkbError {
        WkbError::Damaged(format!(
            "{why} (at byte {} of {})",
            self.at,
            self.bytes.len()
        ))
    }

    fn take<const N: usize>(&mut self) -> Result<[u8; N], WkbError> {
        let bytes = self
            .bytes
            .get(self.at..self.at + N)
            .and_then(|b| <[u8; N]>::try_from(b).ok())
            .ok_or_else(|| self.damaged("it ends in the middle of a geometry".to_owned()))?;
        self.at += N;
        Ok(bytes)
    }

    /// A number in the geometry's byte order.
    fn number<const N: usize, T>(
        &mut self,
        from_le: fn([u8; N]) -> T,
        from_be: fn([u8; N]) -> T,
    ) -> Result<T, WkbError> {
        let bytes = self.take::<N>()?;
        Ok(if self.little {
            from_le(bytes)
        } else {
            from_be(bytes)
        })
    }

    fn u32(&mut self) -> Result<u32, WkbError> {
        self.number(u32::from_le_bytes, u32::from_be_bytes)
    }

    fn f64(&mut self) -> Result<f64, WkbError> {
        self.number(f64::from_le_bytes, f64::from_be_bytes)
    }

    /// A count of items taking at least `item_bytes` each, refused if the bytes left cannot
    /// hold them.
    fn count(&mut self, item_bytes: usize, what: &str) -> Result<usize, WkbError> {
        let count = usize::try_from(self.u32()?).unwrap_or(usize::MAX);
        let left = self.bytes.len().saturating_sub(self.at);
        if count.saturating_mul(item_bytes) > left {
            return Err(self.damaged(format!(
                "it claims {count} {what} but only {left} bytes follow"
            )));
        }
        Ok(count)
    }

    fn position(&mut self, dims: usize) -> Result<LonLat, WkbError> {
        let (x, y) = (self.f64()?, self.f64()?);
        for _ in 2..dims {
            self.f64()?;
        }
        Ok(LonLat { x, y })
    }

    fn positions(&mut self, dims: usize) -> Result<Vec<LonLat>, WkbError> {
        let count = self.count(dims * 8, "positions")?;
        (0..count).map(|_| self.position(dims)).collect()
    }

    /// One geometry (with its byte order and type) and its parts, appended to `out`.
    fn geometry(&mut self, depth: usize, out: &mut Vec<Part>) -> Result<(), WkbError> {
        if depth > MAX_DEPTH {
            return Err(self.damaged(format!("collections nest more than {MAX_DEPTH} deep")));
        }
        self.little = match self.take::<1>()? {
            [0] => false,
            [1] => true,
            [other] => {
                return Err(self.damaged(format!("byte order {other} is neither 0 nor 1")));
            }
        };
        let code = self.u32()?;
        // ISO codes (1003 is a Polygon Z, 3003 a Polygon ZM) or EWKB's high bits.
        let (z_flag, m_flag) = (code & 0x8000_0000 != 0, code & 0x4000_0000 != 0);
        let iso = code & 0x0FFF_FFFF;
        let (base, thousands) = (iso % 1000, iso / 1000);
        let (z, m) = match thousands {
            0 => (z_flag, m_flag),
            1 => (true, m_flag),
            2 => (z_flag, true),
            3 => (true, true),
            _ => return Err(self.damaged(format!("geometry type {code} is unknown"))),
        };
        let dims = 2 + usize::from(z) + usize::from(m);
        let kind = kind_name(base)
            .ok_or_else(|| self.damaged(format!("geometry type {code} is unknown")))?;
        match base {
            1 => {
                let at = self.position(dims)?;
                // POINT EMPTY is NaN, NaN.
                let at = (!at.x.is_nan() || !at.y.is_nan()).then_some(at);
                out.push(Part::Other { kind, at });
            }
            2 => {
                let at = self.positions(dims)?.first().copied();
                out.push(Part::Other { kind, at });
            }
            3 => {
                let count = self.count(4, "rings")?;
                let rings = (0..count)
                    .map(|_| self.positions(dims))
                    .collect::<Result<Vec<_>, _>>()?;
                if !rings.is_empty() {
                    out.push(Part::Polygon(rings));
                }
            }
            4..=7 => {
                let count = self.count(5, "parts")?;
                let mut parts = Vec::new();
                for _ in 0..count {
                    self.geometry(depth + 1, &mut parts)?;
                }
                if base == 4 || base == 5 {
                    // Many points or lines are one thing to report, not one each.
                    let at = parts.iter().find_map(|part| match part {
                        Part::Other { at, .. } => *at,
                        Part::Polygon(_) => None,
                    });
                    if !parts.is_empty() {
                        out.push(Part::Other { kind, at });
                    }
                } else {
                    out.extend(parts);
                }
            }
            _ => return Err(WkbError::Unsupported(kind)),
        }
        Ok(())
    }
}

/// The parts of a WKB geometry: a Polygon is one, a MultiPolygon one per polygon, a collection
/// its members'; an empty geometry has none.
pub(super) fn parts(wkb: &[u8]) -> Result<Vec<Part>, WkbError> {
    let mut reader = Reader {
        bytes: wkb,
        at: 0,
        little: true,
    };
    let mut out = Vec::new();
    reader.geometry(0, &mut out)?;
    Ok(out)
}

/// A polygon (outer ring, then holes) in little-endian 2D WKB.
pub(super) fn write_polygon(rings: &[&[LonLat]]) -> Vec<u8> {
    let positions: usize = rings.iter().map(|ring| ring.len()).sum();
    let mut wkb = Vec::with_capacity(9 + 4 * rings.len() + 16 * positions);
    wkb.push(1);
    wkb.extend_from_slice(&3u32.to_le_bytes());
    wkb.extend_from_slice(&u32::try_from(rings.len()).unwrap_or(u32::MAX).to_le_bytes());
    for ring in rings {
        wkb.extend_from_slice(&u32::try_from(ring.len()).unwrap_or(u32::MAX).to_le_bytes());
        for position in *ring {
            wkb.extend_from_slice(&position.x.to_le_bytes());
            wkb.extend_from_slice(&position.y.to_le_bytes());
        }
    }
    wkb
}

#[cfg(test)]
mod tests {
    use super::*;

    fn c(x: f64, y: f64) -> LonLat {
        LonLat { x, y }
    }

    fn square() -> Vec<LonLat> {
        vec![c(0.0, 0.0), c(1.0, 0.0), c(1.0, 1.0), c(0.0, 0.0)]
    }

    /// A big-endian polygon with Z (ISO 1003).
    fn polygon_z_big_endian(ring: &[LonLat]) -> Vec<u8> {
        let mut wkb = vec![0];
        wkb.extend_from_slice(&1003u32.to_be_bytes());
        wkb.extend_from_slice(&1u32.to_be_bytes());
        wkb.extend_from_slice(&u32::try_from(ring.len()).unwrap().to_be_bytes());
        for p in ring {
            for v in [p.x, p.y, 99.0] {
                wkb.extend_from_slice(&v.to_be_bytes());
            }
        }
        wkb
    }

    #[test]
    fn polygons_in_both_orders_and_with_z_read_alike() {
        let little = write_polygon(&[&square()]);
        assert_eq!(parts(&little), Ok(vec![Part::Polygon(vec![square()])]));
        assert_eq!(
            parts(&polygon_z_big_endian(&square())),
            Ok(vec![Part::Polygon(vec![square()])])
        );
        // A MultiPolygon (EWKB Z flag) of two: two parts.
        let mut multi = vec![1];
        multi.extend_from_slice(&(6u32 | 0x8000_0000).to_le_bytes());
        multi.extend_from_slice(&2u32.to_le_bytes());
        multi.extend_from_slice(&polygon_z_big_endian(&square()));
        multi.extend_from_slice(&little);
        assert_eq!(parts(&multi).unwrap().len(), 2);
    }

    #[test]
    fn curves_are_refused_by_name_and_lies_are_caught() {
        let mut curve = vec![1];
        curve.extend_from_slice(&10u32.to_le_bytes());
        curve.extend_from_slice(&0u32.to_le_bytes());
        assert_eq!(parts(&curve), Err(WkbError::Unsupported("CurvePolygon")));
        // A polygon claiming four billion rings in a few bytes.
        let mut lie = vec![1];
        lie.extend_from_slice(&3u32.to_le_bytes());
        lie.extend_from_slice(&u32::MAX.to_le_bytes());
        assert!(matches!(parts(&lie), Err(WkbError::Damaged(_))));
        // Cut short.
        let whole = write_polygon(&[&square()]);
        for end in 0..whole.len() {
            assert!(parts(&whole[..end]).is_err(), "{end}");
        }
        // Nested collections, deeper than allowed.
        let mut deep = Vec::new();
        for _ in 0..20 {
            deep.push(1);
            deep.extend_from_slice(&7u32.to_le_bytes());
            deep.extend_from_slice(&1u32.to_le_bytes());
        }
        deep.extend_from_slice(&whole);
        assert!(matches!(parts(&deep), Err(WkbError::Damaged(_))));
    }

    #[test]
    fn points_and_lines_are_reported_once_each() {
        let mut multipoint = vec![1];
        multipoint.extend_from_slice(&4u32.to_le_bytes());
        multipoint.extend_from_slice(&2u32.to_le_bytes());
        for x in [5.0f64, 6.0] {
            multipoint.push(1);
            multipoint.extend_from_slice(&1u32.to_le_bytes());
            multipoint.extend_from_slice(&x.to_le_bytes());
            multipoint.extend_from_slice(&1.0f64.to_le_bytes());
        }
        assert_eq!(
            parts(&multipoint),
            Ok(vec![Part::Other {
                kind: "MultiPoint",
                at: Some(c(5.0, 1.0))
            }])
        );
    }
}
