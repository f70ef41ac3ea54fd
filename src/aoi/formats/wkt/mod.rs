//! WKT: POLYGON and MULTIPOLYGON (and other geometries, reported), one or more per file.

mod fast;
mod split;

use std::io::Read;
use std::str::FromStr;

use wkt::Wkt;

use self::split::{GeometryTexts, SplitError};
use super::{FormatError, Sink};
use crate::aoi::model::{Aoi, Imported, LonLat, NotPolygon};

const FORMAT: &str = "WKT";

/// Reads one geometry per non-empty line (a single geometry may also span several lines).
pub(super) fn read(bytes: &[u8], out: &mut dyn Sink) -> Result<(), FormatError> {
    read_from(bytes, out)
}

/// Reads a WKT stream one geometry at a time: memory follows the largest geometry, not the file.
pub(super) fn read_from(source: impl Read, out: &mut dyn Sink) -> Result<(), FormatError> {
    let mut texts = GeometryTexts::new(source);
    loop {
        let (number, chunk) = match texts.next_text() {
            Ok(Some(found)) => found,
            Ok(None) => return Ok(()),
            Err(SplitError::Io(error)) => {
                return Err(FormatError::Invalid {
                    format: FORMAT,
                    detail: format!("the file could not be read to its end ({error})"),
                });
            }
            Err(SplitError::NotUtf8 { offset }) => {
                return Err(FormatError::Invalid {
                    format: FORMAT,
                    detail: format!(
                        "the file is not UTF-8 text (invalid byte at offset {offset}); is it a binary file?"
                    ),
                });
            }
        };
        if let Some((multi, polygons)) = fast::polygons(&chunk) {
            push_polygons(out, multi, polygons);
            continue;
        }
        let geometry = Wkt::<f64>::from_str(&chunk).map_err(|error| FormatError::Invalid {
            format: FORMAT,
            detail: format!(
                "geometry starting on line {number}: {error} (expected e.g. POLYGON((lon lat, lon lat, ...)))"
            ),
        })?;
        push(out, geometry);
    }
}

/// Polygons read by the fast path, named as `push` names the crate's.
fn push_polygons(report: &mut dyn Sink, multi: bool, polygons: Vec<Vec<Vec<LonLat>>>) {
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
        report.item(Imported::Aoi(aoi));
    }
}

fn push(report: &mut dyn Sink, geometry: Wkt<f64>) {
    match geometry {
        Wkt::Polygon(polygon) => report.item(Imported::Aoi(aoi(&polygon))),
        Wkt::MultiPolygon(multi) => {
            let several = multi.polygons().len() > 1;
            for (index, polygon) in multi.polygons().iter().enumerate() {
                let mut aoi = aoi(polygon);
                if several {
                    aoi.name = format!("polygon {}", index + 1);
                }
                report.item(Imported::Aoi(aoi));
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
            report.item(Imported::NotPolygon(NotPolygon {
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
        let report = crate::aoi::formats::collect(|out| read(text.as_bytes(), out)).unwrap();
        assert_eq!(report.items.len(), 4);
        assert!(matches!(&report.items[1], Imported::NotPolygon(p) if p.kind == "Point"));
    }

    #[test]
    fn bad_wkt_names_the_line() {
        let error = crate::aoi::formats::collect(|out| {
            read(b"POLYGON((0 0, 1 0, 1 1, 0 0))\n\nPOLYGON((0 0, 1 x))", out)
        })
        .unwrap_err();
        assert!(error.to_string().contains("line 3"), "{error}");
    }

    #[test]
    fn huge_numbers_become_infinite_not_an_error() {
        let report =
            crate::aoi::formats::collect(|out| read(b"POLYGON((0 0, 1e400 0, 1 1, 0 0))", out))
                .unwrap();
        let Imported::Aoi(aoi) = &report.items[0] else {
            panic!("polygon expected")
        };
        assert!(aoi.ring[1].x.is_infinite());
    }
}
