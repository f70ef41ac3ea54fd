//! WKT: POLYGON and MULTIPOLYGON (and other geometries, reported), one or more per file.

mod fast;

use std::str::FromStr;

use wkt::Wkt;

use super::{FormatError, ImportReport};
use crate::aoi::model::{Aoi, Imported, LonLat, NotPolygon};

const FORMAT: &str = "WKT";

/// Reads one geometry per non-empty line (a single geometry may also span several lines).
pub(super) fn read(bytes: &[u8]) -> Result<ImportReport, FormatError> {
    let text = std::str::from_utf8(bytes).map_err(|error| FormatError::Invalid {
        format: FORMAT,
        detail: format!("the file is not UTF-8 text ({error}); is it a binary file?"),
    })?;
    let mut report = ImportReport::default();
    for (number, chunk) in geometry_texts(text) {
        if let Some((multi, polygons)) = fast::polygons(chunk) {
            push_polygons(&mut report, multi, polygons);
            continue;
        }
        let geometry = Wkt::<f64>::from_str(chunk).map_err(|error| FormatError::Invalid {
            format: FORMAT,
            detail: format!(
                "geometry starting on line {number}: {error} (expected e.g. POLYGON((lon lat, lon lat, ...)))"
            ),
        })?;
        push(&mut report, geometry);
    }
    Ok(report)
}

/// Splits text into geometry texts: a geometry ends where its parentheses balance.
fn geometry_texts(text: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut depth = 0i64;
    let mut start: Option<(usize, usize)> = None;
    let mut line = 1;
    // Bytes, not chars: the delimiters are ASCII and never occur inside a multi-byte character,
    // and a footprint is tens of kilobytes of digits.
    for (offset, byte) in text.bytes().enumerate() {
        if start.is_none() && !starts_with_whitespace(text, offset, byte) {
            start = Some((offset, line));
        }
        match byte {
            b'(' => depth += 1,
            b')' => {
                depth -= 1;
                if depth <= 0 {
                    if let Some((begin, begin_line)) = start.take() {
                        out.push((begin_line, &text[begin..=offset]));
                    }
                    depth = 0;
                }
            }
            b'\n' => {
                // A geometry without parentheses (e.g. "POLYGON EMPTY") ends at the line's end.
                if depth == 0
                    && let Some((begin, begin_line)) = start.take()
                {
                    out.push((begin_line, text[begin..offset].trim_end()));
                }
                line += 1;
            }
            _ => {}
        }
    }
    if let Some((begin, begin_line)) = start {
        let rest = text[begin..].trim();
        if !rest.is_empty() {
            out.push((begin_line, rest));
        }
    }
    out
}

/// Whether the text at a byte offset is whitespace (any Unicode whitespace character), or the
/// middle of a character (which cannot start a geometry either).
fn starts_with_whitespace(text: &str, offset: usize, byte: u8) -> bool {
    if byte.is_ascii() {
        return byte.is_ascii_whitespace();
    }
    !text.is_char_boundary(offset)
        || text[offset..]
            .chars()
            .next()
            .is_some_and(char::is_whitespace)
}

/// Polygons read by the fast path, named as `push` names the crate's.
fn push_polygons(report: &mut ImportReport, multi: bool, polygons: Vec<Vec<Vec<LonLat>>>) {
    let several = multi && polygons.len() > 1;
    for (index, rings) in polygons.into_iter().enumerate() {
        let mut rings = rings.into_iter();
        let mut aoi = Aoi {
            name: String::new(),
            ring: rings.next().unwrap_or_default(),
            holes: rings.collect(),
        };
        if several {
            aoi.name = format!("polygon {}", index + 1);
        }
        report.items.push(Imported::Aoi(aoi));
    }
}

fn push(report: &mut ImportReport, geometry: Wkt<f64>) {
    match geometry {
        Wkt::Polygon(polygon) => report.items.push(Imported::Aoi(aoi(&polygon))),
        Wkt::MultiPolygon(multi) => {
            let several = multi.polygons().len() > 1;
            for (index, polygon) in multi.polygons().iter().enumerate() {
                let mut aoi = aoi(polygon);
                if several {
                    aoi.name = format!("polygon {}", index + 1);
                }
                report.items.push(Imported::Aoi(aoi));
            }
        }
        Wkt::GeometryCollection(collection) => {
            for part in collection.into_inner().0 {
                push(report, part);
            }
        }
        other => {
            let (kind, at) = match &other {
                Wkt::Point(point) => ("Point", point.coord().map(coord)),
                Wkt::LineString(line) => ("LineString", line.coords().first().map(coord)),
                Wkt::MultiPoint(points) => (
                    "MultiPoint",
                    points.points().first().and_then(|p| p.coord()).map(coord),
                ),
                Wkt::MultiLineString(lines) => (
                    "MultiLineString",
                    lines
                        .line_strings()
                        .first()
                        .and_then(|l| l.coords().first())
                        .map(coord),
                ),
                _ => ("Geometry", None),
            };
            report.items.push(Imported::NotPolygon(NotPolygon {
                name: String::new(),
                kind: kind.to_owned(),
                at,
            }));
        }
    }
}

fn coord(c: &wkt::types::Coord<f64>) -> LonLat {
    LonLat { x: c.x, y: c.y }
}

fn aoi(polygon: &wkt::types::Polygon<f64>) -> Aoi {
    let mut rings = polygon
        .rings()
        .iter()
        .map(|ring| ring.coords().iter().map(coord).collect::<Vec<_>>());
    let ring = rings.next().unwrap_or_default();
    Aoi {
        name: String::new(),
        ring,
        holes: rings.collect(),
    }
}

/// Writes one POLYGON per line, every position as given, with shortest round-trip decimals.
pub(super) fn write(aois: &[Aoi]) -> String {
    let mut out = String::new();
    for aoi in aois {
        out.push_str(&polygon_text(aoi));
        out.push('\n');
    }
    out
}

/// One AOI as a WKT POLYGON.
pub fn polygon_text(aoi: &Aoi) -> String {
    let rings: Vec<String> = std::iter::once(&aoi.ring)
        .chain(aoi.holes.iter())
        .map(|ring| {
            let positions: Vec<String> = ring.iter().map(|c| format!("{} {}", c.x, c.y)).collect();
            format!("({})", positions.join(", "))
        })
        .collect();
    format!("POLYGON({})", rings.join(", "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_polygons_from_several_lines_and_reports_points() {
        let text = "POLYGON((0 0, 1 0, 1 1, 0 0))\nPOINT(3 4)\nMULTIPOLYGON(((0 0,1 0,1 1,0 0)),\n ((2 2,3 2,3 3,2 2)))\n";
        let report = read(text.as_bytes()).unwrap();
        assert_eq!(report.items.len(), 4);
        assert!(matches!(&report.items[1], Imported::NotPolygon(p) if p.kind == "Point"));
    }

    #[test]
    fn bad_wkt_names_the_line() {
        let error = read(b"POLYGON((0 0, 1 0, 1 1, 0 0))\n\nPOLYGON((0 0, 1 x))").unwrap_err();
        assert!(error.to_string().contains("line 3"), "{error}");
    }

    #[test]
    fn huge_numbers_become_infinite_not_an_error() {
        let report = read(b"POLYGON((0 0, 1e400 0, 1 1, 0 0))").unwrap();
        let Imported::Aoi(aoi) = &report.items[0] else {
            panic!("polygon expected")
        };
        assert!(aoi.ring[1].x.is_infinite());
    }
}
