//! Zipped Shapefile: every `.shp` layer of the zip (any folder, any letter case) with its `.shx`,
//! `.dbf`, `.prj` and `.cpg`. Each outer ring of a Polygon record is one AOI, with the record's
//! inner rings that fall in it as holes. Positions are kept exactly as stored (rings closed as the
//! format writes them); Z and M are dropped. WGS84 longitude/latitude is read as is; any other CRS
//! the `.prj` describes is reprojected to it (with a warning, see [`crs`](super::crs)).

mod dbf;
mod members;
mod records;

use shapefile::record::traits::HasXY;
use shapefile::{PolygonRing, Shape};

use self::dbf::dbf_encoding;
use self::members::{
    MAX_CPG_BYTES, MAX_PRJ_BYTES, Member, count_records, open_names, open_records, read_shx,
    read_small, shp_length,
};
use self::records::index_positions;
use super::archive::Archive;
use super::crs::{Crs, Reprojector};
use super::{FormatError, Sink};
use crate::aoi::model::{Aoi, Imported, LonLat, NotPolygon};

const FORMAT: &str = "zipped Shapefile";

fn invalid(detail: String) -> FormatError {
    FormatError::Invalid {
        format: FORMAT,
        detail,
    }
}

/// Reads every Shapefile layer of a zip.
pub(super) fn read_zip(bytes: &[u8], report: &mut dyn Sink) -> Result<(), FormatError> {
    let mut archive = Archive::open(
        bytes,
        FORMAT,
        "import the Shapefile as a .zip holding its .shp, .shx, .dbf and .prj files",
    )?;
    let entries: Vec<Member> = archive
        .entries
        .iter()
        .map(|(index, name)| Member {
            index: *index,
            name: name.clone(),
        })
        .collect();
    let shps: Vec<&Member> = entries
        .iter()
        .filter(|member| member.name.to_ascii_lowercase().ends_with(".shp"))
        .collect();
    if shps.is_empty() {
        return Err(invalid(format!(
            "the zip holds no .shp file (it holds: {}): a zipped Shapefile needs the layer's .shp, .shx and .dbf (and its .prj) side by side",
            archive.listing()
        )));
    }
    let several = shps.len() > 1;
    for shp in shps {
        let stem = shp
            .name
            .get(..shp.name.len().saturating_sub(4))
            .unwrap_or(&shp.name)
            .to_ascii_lowercase();
        let sibling = |ext: &str| {
            entries
                .iter()
                .find(|member| member.name.to_ascii_lowercase() == format!("{stem}.{ext}"))
                .cloned()
        };
        let layer = Layer {
            label: if several {
                format!("{}: ", shp.name)
            } else {
                String::new()
            },
            shp: shp.clone(),
            shx: sibling("shx"),
            dbf: sibling("dbf"),
            prj: sibling("prj"),
            cpg: sibling("cpg"),
        };
        read_layer(&mut archive, &layer, report)?;
    }
    Ok(())
}

/// The files of one layer.
struct Layer {
    /// Prefix for warnings when the zip holds several layers.
    label: String,
    shp: Member,
    shx: Option<Member>,
    dbf: Option<Member>,
    prj: Option<Member>,
    cpg: Option<Member>,
}

fn read_layer(
    archive: &mut Archive<'_>,
    layer: &Layer,
    report: &mut dyn Sink,
) -> Result<(), FormatError> {
    let label = &layer.label;
    let prj = layer
        .prj
        .as_ref()
        .map(|prj| {
            read_small(
                archive,
                prj,
                MAX_PRJ_BYTES,
                "a .prj (one coordinate system in WKT) takes at most",
            )
        })
        .transpose()?;
    let cpg = layer
        .cpg
        .as_ref()
        .map(|cpg| {
            read_small(
                archive,
                cpg,
                MAX_CPG_BYTES,
                "a .cpg (the name of a code page) takes at most",
            )
        })
        .transpose()?;
    let crs = match &prj {
        Some(prj) if !String::from_utf8_lossy(prj).trim().is_empty() => {
            let crs = Crs::from_wkt(&String::from_utf8_lossy(prj), None)
                .map_err(|error| FormatError::from_crs(FORMAT, "the .prj", error))?;
            for note in crs.notes() {
                report.warning(format!("{label}{note}"));
            }
            crs
        }
        Some(_) => {
            report.warning(format!(
                "{label}the .prj is empty: coordinates assumed to be WGS84 longitude/latitude (EPSG:4326)"
            ));
            Crs::wgs84()
        }
        None => {
            report.warning(format!(
                "{label}no .prj in the zip: coordinates assumed to be WGS84 longitude/latitude (EPSG:4326)"
            ));
            Crs::wgs84()
        }
    };

    let (shp_length, shp_claimed) = shp_length(archive, &layer.shp)?;
    let file = &layer.shp.name;
    let damaged = |what: String| {
        invalid(format!(
            "{file} {what}: the Shapefile is damaged or incomplete; export it again"
        ))
    };
    let positions = match &layer.shx {
        None => None,
        Some(shx) => match index_positions(
            &read_shx(archive, shx, shp_length.min(shp_claimed))?,
            shp_length,
        ) {
            Ok(positions) => Some(positions),
            Err(why) => {
                report.warning(format!(
                    "{label}the .shx index could not be used ({why}); the .shp was read record by record"
                ));
                None
            }
        },
    };
    // The names are matched to the shapes by their order, so only when the counts agree.
    let shape_count = match &positions {
        Some(positions) => positions.len(),
        None => count_records(archive, &layer.shp, shp_length)?.map_err(damaged)?,
    };
    let mut dbf_archive = archive.clone();
    let mut names = match &layer.dbf {
        None => {
            report.warning(format!(
                "{label}no .dbf in the zip: the shapes have no names"
            ));
            None
        }
        Some(dbf) => {
            let encoding = dbf_encoding(cpg.as_deref(), report, label);
            match open_names(&mut dbf_archive, dbf, encoding)? {
                Ok(names) if names.record_count() == shape_count => Some(names),
                Ok(names) => {
                    report.warning(format!(
                        "{label}the .dbf has {} records for {shape_count} shapes, so its names cannot be matched to the shapes and were not used",
                        names.record_count(),
                    ));
                    None
                }
                Err(error) => {
                    report.warning(format!(
                        "{label}the .dbf could not be read ({error}): the shapes have no names"
                    ));
                    None
                }
            }
        }
    };
    let mut records = open_records(archive, &layer.shp, shp_length, positions.as_deref())?;

    let mut reprojector = Reprojector::new(&crs);
    let mut project = |position: LonLat| reprojector.lon_lat(position);
    let (mut null_records, mut null_count) = (Vec::new(), 0);
    let mut index = 0;
    while let Some(shape) = records.next_shape().map_err(damaged)? {
        let name = match names.as_mut().map(|names| names.next_name()) {
            Some(Ok(name)) => name,
            Some(Err(error)) => {
                report.warning(format!(
                    "{label}the .dbf could not be read from record {} on ({error}): the shapes from there on have no names",
                    index + 1
                ));
                names = None;
                String::new()
            }
            None => String::new(),
        };
        let other = |kind: &str, at: Option<LonLat>| {
            Imported::NotPolygon(NotPolygon {
                name: name.clone(),
                kind: kind.to_owned(),
                at,
            })
        };
        match shape {
            Shape::NullShape => {
                if null_records.len() < NULLS_NAMED {
                    null_records.push(index + 1);
                }
                null_count += 1;
            }
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
            Shape::Point(p) => report.item(other("Point", Some(project(xy(&p))))),
            Shape::PointM(p) => report.item(other("Point", Some(project(xy(&p))))),
            Shape::PointZ(p) => report.item(other("Point", Some(project(xy(&p))))),
            Shape::Polyline(line) => {
                let at = line.parts().first().and_then(|p| p.first()).map(xy);
                report.item(other("Polyline", at.map(&mut project)));
            }
            Shape::PolylineM(line) => {
                let at = line.parts().first().and_then(|p| p.first()).map(xy);
                report.item(other("Polyline", at.map(&mut project)));
            }
            Shape::PolylineZ(line) => {
                let at = line.parts().first().and_then(|p| p.first()).map(xy);
                report.item(other("Polyline", at.map(&mut project)));
            }
            Shape::Multipoint(points) => {
                let at = points.points().first().map(xy);
                report.item(other("Multipoint", at.map(&mut project)));
            }
            Shape::MultipointM(points) => {
                let at = points.points().first().map(xy);
                report.item(other("Multipoint", at.map(&mut project)));
            }
            Shape::MultipointZ(points) => {
                let at = points.points().first().map(xy);
                report.item(other("Multipoint", at.map(&mut project)));
            }
            Shape::Multipatch(patch) => {
                let at = patch
                    .patches()
                    .first()
                    .and_then(|p| p.points().first())
                    .map(xy);
                report.item(other("Multipatch", at.map(&mut project)));
            }
        }
        index += 1;
    }
    let unread = records.unread_bytes();
    if unread > 0 {
        report.warning(format!(
            "{label}the .shx indexes {index} records but the .shp goes on for {unread} bytes after the last of them: those were not read; export the layer again if shapes are missing"
        ));
    }
    if let Some(warning) = null_warning(&null_records, null_count) {
        report.warning(format!("{label}{warning}"));
    }
    for warning in reprojector.finish() {
        report.warning(format!("{label}{warning}"));
    }
    Ok(())
}

/// How many empty (null) records a warning names.
const NULLS_NAMED: usize = 5;

/// One warning for every empty (null) record, naming the first few (`first`) of `count`: a layer
/// of a million null records says so in one line.
fn null_warning(first: &[usize], count: usize) -> Option<String> {
    match first {
        [] => None,
        [one] if count == 1 => Some(format!(
            "record {one} is an empty (null) shape and was skipped"
        )),
        _ => {
            let named: Vec<String> = first.iter().map(usize::to_string).collect();
            let more = count.saturating_sub(first.len());
            let more = if more == 0 {
                String::new()
            } else {
                format!(" and {more} more")
            };
            Some(format!(
                "records {}{more} are empty (null) shapes and were skipped",
                named.join(", ")
            ))
        }
    }
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
    report: &mut dyn Sink,
    name: String,
    index: usize,
    rings: Vec<(bool, Vec<LonLat>, Vec<LonLat>)>,
    label: &str,
) {
    let mut rings = rings;
    if !rings.is_empty() && rings.iter().all(|(outer, _, _)| !outer) {
        report.warning(format!(
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
        report.item(Imported::Aoi(aoi));
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
        let mut report = crate::aoi::formats::ImportReport::default();
        push_polygons(&mut report, "Zone".to_owned(), 0, rings, "");
        let aois: Vec<&Aoi> = report.aois().collect();
        assert_eq!(aois.len(), 2);
        assert_eq!(aois[0].name, "Zone 1");
        assert!(aois[0].holes.is_empty());
        assert_eq!(aois[1].holes, vec![hole]);
    }

    #[test]
    fn null_records_are_told_in_one_line() {
        assert_eq!(null_warning(&[], 0), None);
        assert_eq!(
            null_warning(&[3], 1).as_deref(),
            Some("record 3 is an empty (null) shape and was skipped")
        );
        assert_eq!(
            null_warning(&[1, 2], 2).as_deref(),
            Some("records 1, 2 are empty (null) shapes and were skipped")
        );
        assert_eq!(
            null_warning(&[1, 2, 3, 4, 5], 1_000_000).as_deref(),
            Some("records 1, 2, 3, 4, 5 and 999995 more are empty (null) shapes and were skipped")
        );
    }
}
