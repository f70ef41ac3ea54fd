//! Zipped Shapefile: every `.shp` layer of the zip (any folder, any letter case) with its `.shx`,
//! `.dbf`, `.prj` and `.cpg`. Each outer ring of a Polygon record is one AOI, with the record's
//! inner rings that fall in it as holes. Positions are kept exactly as stored (rings closed as the
//! format writes them); Z and M are dropped. WGS84 longitude/latitude is read as is; Web Mercator
//! and WGS84 UTM are reprojected (with a warning); any other CRS is refused by name.

mod dbf;
mod prj;
mod reproject;

use std::io::Cursor;
use std::panic::{AssertUnwindSafe, catch_unwind};

use shapefile::record::traits::HasXY;
use shapefile::{PolygonRing, Shape, ShapeReader};

use self::dbf::{dbf_encoding, dbf_names};
use self::prj::{Crs, crs_from_prj};
use super::{FormatError, ImportReport};
use crate::aoi::model::{Aoi, Imported, LonLat, NotPolygon};

const FORMAT: &str = "zipped Shapefile";
/// Largest file accepted from inside the zip once uncompressed.
const MAX_ENTRY_BYTES: u64 = 1024 * 1024 * 1024;

fn invalid(detail: String) -> FormatError {
    FormatError::Invalid {
        format: FORMAT,
        detail,
    }
}

/// Reads every Shapefile layer of a zip.
pub(super) fn read_zip(bytes: &[u8]) -> Result<ImportReport, FormatError> {
    let mut archive = super::archive::Archive::open(
        bytes,
        FORMAT,
        "import the Shapefile as a .zip holding its .shp, .shx, .dbf and .prj files",
    )?;
    let entries = archive.entries.clone();
    let shps: Vec<&(usize, String)> = entries
        .iter()
        .filter(|(_, name)| name.to_ascii_lowercase().ends_with(".shp"))
        .collect();
    if shps.is_empty() {
        return Err(invalid(format!(
            "the zip holds no .shp file (it holds: {}): a zipped Shapefile needs the layer's .shp, .shx and .dbf (and its .prj) side by side",
            archive.listing()
        )));
    }
    let several = shps.len() > 1;
    let mut report = ImportReport::default();
    for (shp_index, shp_name) in shps {
        let stem = shp_name
            .get(..shp_name.len().saturating_sub(4))
            .unwrap_or(shp_name)
            .to_ascii_lowercase();
        let sibling = |ext: &str| {
            entries
                .iter()
                .find(|(_, name)| name.to_ascii_lowercase() == format!("{stem}.{ext}"))
                .map(|(index, name)| (*index, name.clone()))
        };
        let (shx, dbf, prj, cpg) = (
            sibling("shx"),
            sibling("dbf"),
            sibling("prj"),
            sibling("cpg"),
        );
        let mut read = |entry: Option<(usize, String)>| -> Result<Option<Vec<u8>>, FormatError> {
            entry
                .map(|(index, name)| read_entry(&mut archive, index, &name))
                .transpose()
        };
        let (shx, dbf, prj, cpg) = (read(shx)?, read(dbf)?, read(prj)?, read(cpg)?);
        let shp = read(Some((*shp_index, shp_name.clone())))?.unwrap_or_default();
        let layer = Layer {
            label: if several {
                format!("{shp_name}: ")
            } else {
                String::new()
            },
            file: shp_name.clone(),
            shp,
            shx,
            dbf,
            prj,
            cpg,
        };
        read_layer(&layer, &mut report)?;
    }
    Ok(report)
}

fn read_entry(
    archive: &mut super::archive::Archive<'_>,
    index: usize,
    name: &str,
) -> Result<Vec<u8>, FormatError> {
    archive.read(
        index,
        name,
        MAX_ENTRY_BYTES,
        "the zip is damaged, zip the layer again",
    )
}

struct Layer {
    /// Prefix for warnings when the zip holds several layers.
    label: String,
    /// The .shp's path in the zip, for messages.
    file: String,
    shp: Vec<u8>,
    shx: Option<Vec<u8>>,
    dbf: Option<Vec<u8>>,
    prj: Option<Vec<u8>>,
    cpg: Option<Vec<u8>>,
}

fn read_layer(layer: &Layer, report: &mut ImportReport) -> Result<(), FormatError> {
    let label = &layer.label;
    let crs = match &layer.prj {
        Some(prj) if !String::from_utf8_lossy(prj).trim().is_empty() => {
            let crs = crs_from_prj(&String::from_utf8_lossy(prj))?;
            match crs {
                Crs::Wgs84 => {}
                Crs::WebMercator { ref name } => report.warnings.push(format!(
                    "{label}the coordinates were reprojected from Web Mercator ({name}, EPSG:3857) to WGS84 longitude/latitude"
                )),
                Crs::Utm {
                    ref name,
                    zone,
                    south,
                } => report.warnings.push(format!(
                    "{label}the coordinates were reprojected from WGS84 UTM zone {zone}{} ({name}) to WGS84 longitude/latitude",
                    if south { "S" } else { "N" }
                )),
            }
            crs
        }
        Some(_) => {
            report.warnings.push(format!(
                "{label}the .prj is empty: coordinates assumed to be WGS84 longitude/latitude (EPSG:4326)"
            ));
            Crs::Wgs84
        }
        None => {
            report.warnings.push(format!(
                "{label}no .prj in the zip: coordinates assumed to be WGS84 longitude/latitude (EPSG:4326)"
            ));
            Crs::Wgs84
        }
    };

    let shapes = read_shapes(layer, report)?;

    let names = match &layer.dbf {
        None => {
            report.warnings.push(format!(
                "{label}no .dbf in the zip: the shapes have no names"
            ));
            Vec::new()
        }
        Some(dbf) => {
            let encoding = dbf_encoding(layer.cpg.as_deref(), report, label);
            match dbf_names(dbf, encoding) {
                Ok(names) if names.len() == shapes.len() => names,
                Ok(names) => {
                    report.warnings.push(format!(
                        "{label}the .dbf has {} records for {} shapes, so its names cannot be matched to the shapes and were not used",
                        names.len(),
                        shapes.len()
                    ));
                    Vec::new()
                }
                Err(error) => {
                    report.warnings.push(format!(
                        "{label}the .dbf could not be read ({error}): the shapes have no names"
                    ));
                    Vec::new()
                }
            }
        }
    };

    let mut out_of_range: Option<LonLat> = None;
    let mut project = |position: LonLat| {
        if crs == Crs::Wgs84
            && out_of_range.is_none()
            && (position.x.abs() > 180.0 || position.y.abs() > 90.0)
        {
            out_of_range = Some(position);
        }
        crs.to_lon_lat(position)
    };
    for (index, shape) in shapes.into_iter().enumerate() {
        let name = names.get(index).cloned().unwrap_or_default();
        let other = |kind: &str, at: Option<LonLat>| {
            Imported::NotPolygon(NotPolygon {
                name: name.clone(),
                kind: kind.to_owned(),
                at,
            })
        };
        match shape {
            Shape::NullShape => report.warnings.push(format!(
                "{label}record {} is an empty (null) shape and was skipped",
                index + 1
            )),
            Shape::Polygon(polygon) => {
                let rings = rings_of(polygon.rings(), &mut project);
                push_polygons(report, name, index, rings, label);
            }
            Shape::PolygonM(polygon) => {
                let rings = rings_of(polygon.rings(), &mut project);
                push_polygons(report, name, index, rings, label);
            }
            Shape::PolygonZ(polygon) => {
                let rings = rings_of(polygon.rings(), &mut project);
                push_polygons(report, name, index, rings, label);
            }
            Shape::Point(p) => report.items.push(other("Point", Some(project(xy(&p))))),
            Shape::PointM(p) => report.items.push(other("Point", Some(project(xy(&p))))),
            Shape::PointZ(p) => report.items.push(other("Point", Some(project(xy(&p))))),
            Shape::Polyline(line) => {
                let at = line.parts().first().and_then(|p| p.first()).map(xy);
                report.items.push(other("Polyline", at.map(&mut project)));
            }
            Shape::PolylineM(line) => {
                let at = line.parts().first().and_then(|p| p.first()).map(xy);
                report.items.push(other("Polyline", at.map(&mut project)));
            }
            Shape::PolylineZ(line) => {
                let at = line.parts().first().and_then(|p| p.first()).map(xy);
                report.items.push(other("Polyline", at.map(&mut project)));
            }
            Shape::Multipoint(points) => {
                let at = points.points().first().map(xy);
                report.items.push(other("Multipoint", at.map(&mut project)));
            }
            Shape::MultipointM(points) => {
                let at = points.points().first().map(xy);
                report.items.push(other("Multipoint", at.map(&mut project)));
            }
            Shape::MultipointZ(points) => {
                let at = points.points().first().map(xy);
                report.items.push(other("Multipoint", at.map(&mut project)));
            }
            Shape::Multipatch(patch) => {
                let at = patch
                    .patches()
                    .first()
                    .and_then(|p| p.points().first())
                    .map(xy);
                report.items.push(other("Multipatch", at.map(&mut project)));
            }
        }
    }
    if let Some(position) = out_of_range {
        report.warnings.push(format!(
            "{label}coordinates such as ({}, {}) are not longitude/latitude degrees: the layer is probably in a projected CRS; export it again with its .prj, or in EPSG:4326",
            position.x, position.y
        ));
    }
    Ok(())
}

fn xy<P: HasXY>(point: &P) -> LonLat {
    LonLat {
        x: point.x(),
        y: point.y(),
    }
}

/// A ring's positions (reprojected) and whether the format marks it as outer (clockwise).
fn rings_of<P: HasXY>(
    rings: &[PolygonRing<P>],
    project: &mut impl FnMut(LonLat) -> LonLat,
) -> Vec<(bool, Vec<LonLat>, Vec<LonLat>)> {
    rings
        .iter()
        .map(|ring| {
            let raw: Vec<LonLat> = ring.points().iter().map(xy).collect();
            let projected = raw.iter().map(|&p| project(p)).collect();
            (matches!(ring, PolygonRing::Outer(_)), raw, projected)
        })
        .collect()
}

/// One AOI per outer ring; each inner ring goes to the outer ring that contains it (else the outer
/// ring before it).
fn push_polygons(
    report: &mut ImportReport,
    name: String,
    index: usize,
    rings: Vec<(bool, Vec<LonLat>, Vec<LonLat>)>,
    label: &str,
) {
    let mut rings = rings;
    if !rings.is_empty() && rings.iter().all(|(outer, _, _)| !outer) {
        report.warnings.push(format!(
            "{label}record {} has only counter-clockwise (hole) rings; each was read as an outer ring",
            index + 1
        ));
        for ring in &mut rings {
            ring.0 = true;
        }
    }
    let mut outers: Vec<(Vec<LonLat>, Aoi)> = Vec::new();
    let mut orphan_holes: Vec<(Vec<LonLat>, Vec<LonLat>)> = Vec::new();
    for (is_outer, raw, projected) in rings {
        if is_outer {
            outers.push((
                raw,
                Aoi {
                    name: String::new(),
                    ring: projected,
                    holes: Vec::new(),
                },
            ));
        } else {
            let owner = raw
                .first()
                .and_then(|first| {
                    outers
                        .iter()
                        .rposition(|(outer, _)| contains(outer, *first))
                })
                .or_else(|| outers.len().checked_sub(1));
            match owner.and_then(|i| outers.get_mut(i)) {
                Some((_, aoi)) => aoi.holes.push(projected),
                None => orphan_holes.push((raw, projected)),
            }
        }
    }
    // Holes listed before any outer ring: give them to the outer ring containing them, else the first.
    for (raw, projected) in orphan_holes {
        let owner = raw
            .first()
            .and_then(|first| outers.iter().position(|(outer, _)| contains(outer, *first)))
            .unwrap_or(0);
        if let Some((_, aoi)) = outers.get_mut(owner) {
            aoi.holes.push(projected);
        }
    }
    let several = outers.len() > 1;
    for (number, (_, mut aoi)) in outers.into_iter().enumerate() {
        aoi.name = if several && !name.is_empty() {
            format!("{name} {}", number + 1)
        } else {
            name.clone()
        };
        report.items.push(Imported::Aoi(aoi));
    }
}

/// Even-odd point-in-ring test.
fn contains(ring: &[LonLat], point: LonLat) -> bool {
    let mut inside = false;
    let mut previous = match ring.last() {
        Some(last) => *last,
        None => return false,
    };
    for &current in ring {
        if (current.y > point.y) != (previous.y > point.y) {
            let x = (previous.x - current.x) * (point.y - current.y) / (previous.y - current.y)
                + current.x;
            if point.x < x {
                inside = !inside;
            }
        }
        previous = current;
    }
    inside
}

/// Reads the .shp (with its .shx index when there is one), never panicking on a damaged file.
fn read_shapes(layer: &Layer, report: &mut ImportReport) -> Result<Vec<Shape>, FormatError> {
    let file = &layer.file;
    let damaged = |what: String| {
        invalid(format!(
            "{file} {what}: the Shapefile is damaged or incomplete; export it again"
        ))
    };
    let read = |with_shx: bool| -> Result<Vec<Shape>, String> {
        let outcome = catch_unwind(AssertUnwindSafe(|| -> Result<Vec<Shape>, String> {
            let source = Cursor::new(layer.shp.as_slice());
            let mut reader = match (&layer.shx, with_shx) {
                (Some(shx), true) => ShapeReader::with_shx(source, Cursor::new(shx.as_slice()))
                    .map_err(|error| format!("cannot be opened with its .shx ({error})"))?,
                _ => ShapeReader::new(source)
                    .map_err(|error| format!("is not a readable .shp ({error})"))?,
            };
            reader
                .iter_shapes()
                .enumerate()
                .map(|(index, shape)| {
                    shape.map_err(|error| format!("record {} is unreadable ({error})", index + 1))
                })
                .collect()
        }));
        outcome.unwrap_or_else(|_| Err("could not be read (the reader failed on it)".to_owned()))
    };
    if layer.shx.is_some() {
        match read(true) {
            Ok(shapes) => return Ok(shapes),
            Err(with_index) => {
                let shapes = read(false).map_err(|_| damaged(with_index.clone()))?;
                report.warnings.push(format!(
                    "{}the .shx index could not be used ({with_index}); the .shp was read record by record",
                    layer.label
                ));
                return Ok(shapes);
            }
        }
    }
    read(false).map_err(damaged)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn holes_go_to_the_outer_ring_containing_them() {
        let square = |x0: f64, size: f64, clockwise: bool| {
            let mut ring = vec![
                LonLat { x: x0, y: 0.0 },
                LonLat { x: x0, y: size },
                LonLat {
                    x: x0 + size,
                    y: size,
                },
                LonLat {
                    x: x0 + size,
                    y: 0.0,
                },
                LonLat { x: x0, y: 0.0 },
            ];
            if !clockwise {
                ring.reverse();
            }
            ring
        };
        let hole = {
            let mut ring = square(10.5, 0.5, false);
            for p in &mut ring {
                p.y += 0.2;
            }
            ring
        };
        let rings = vec![
            (true, square(0.0, 1.0, true), square(0.0, 1.0, true)),
            (true, square(10.0, 2.0, true), square(10.0, 2.0, true)),
            (false, hole.clone(), hole.clone()),
        ];
        let mut report = ImportReport::default();
        push_polygons(&mut report, "Zone".to_owned(), 0, rings, "");
        let aois: Vec<&Aoi> = report.aois().collect();
        assert_eq!(aois.len(), 2);
        assert_eq!(aois[0].name, "Zone 1");
        assert!(aois[0].holes.is_empty());
        assert_eq!(aois[1].holes, vec![hole]);
    }
}
