//! Zipped Shapefile: every `.shp` layer of the zip (any folder, any letter case) with its `.shx`,
//! `.dbf`, `.prj` and `.cpg`. Each outer ring of a Polygon record is one AOI, with the record's
//! inner rings that fall in it as holes. Positions are kept exactly as stored (rings closed as the
//! format writes them); Z and M are dropped. WGS84 longitude/latitude is read as is; Web Mercator
//! and WGS84 UTM are reprojected (with a warning); any other CRS is refused by name.

use std::f64::consts::PI;
use std::io::Cursor;
use std::panic::{AssertUnwindSafe, catch_unwind};

use shapefile::record::traits::HasXY;
use shapefile::{PolygonRing, Shape, ShapeReader};

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

// ------------------------------------------------------------------------------------------------
// .dbf names

#[derive(Clone, Copy, PartialEq, Debug)]
enum TextEncoding {
    /// UTF-8, falling back to Windows-1252 for a value that is not valid UTF-8.
    Utf8OrWindows1252,
    Windows1252,
}

fn dbf_encoding(cpg: Option<&[u8]>, report: &mut ImportReport, label: &str) -> TextEncoding {
    let Some(cpg) = cpg else {
        return TextEncoding::Utf8OrWindows1252;
    };
    let declared = String::from_utf8_lossy(cpg);
    let declared = declared.trim().trim_start_matches('\u{feff}');
    let normalized: String = declared
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .collect::<String>()
        .to_ascii_uppercase();
    match normalized.as_str() {
        "" | "UTF8" | "65001" => TextEncoding::Utf8OrWindows1252,
        "1252" | "CP1252" | "WINDOWS1252" | "ANSI1252" | "88591" | "ISO88591" | "LATIN1"
        | "ISO885915" | "885915" => TextEncoding::Windows1252,
        _ => {
            report.warnings.push(format!(
                "{label}the .cpg declares the {declared} encoding, which is not supported: names were read as UTF-8 and may be misspelled"
            ));
            TextEncoding::Utf8OrWindows1252
        }
    }
}

fn decode(bytes: &[u8], encoding: TextEncoding) -> String {
    match encoding {
        TextEncoding::Utf8OrWindows1252 => match std::str::from_utf8(bytes) {
            Ok(text) => text.to_owned(),
            Err(_) => super::windows_1252::decode(bytes),
        },
        TextEncoding::Windows1252 => super::windows_1252::decode(bytes),
    }
}

/// Attributes that name a shape, in order of preference (matched ignoring case).
const NAME_FIELDS: &[&str] = &["name", "nom", "title", "id"];

/// The name of each record of a dBase table: the first naming field holding a non-empty
/// character or numeric value.
fn dbf_names(dbf: &[u8], encoding: TextEncoding) -> Result<Vec<String>, String> {
    let u16_at = |at: usize| -> Option<usize> {
        Some(usize::from(u16::from_le_bytes([
            *dbf.get(at)?,
            *dbf.get(at + 1)?,
        ])))
    };
    let record_count = dbf
        .get(4..8)
        .and_then(|b| <[u8; 4]>::try_from(b).ok())
        .map(u32::from_le_bytes)
        .ok_or("the file is too short for a dBase header")?;
    let header_len = u16_at(8).ok_or("the file is too short for a dBase header")?;
    let record_len = u16_at(10).ok_or("the file is too short for a dBase header")?;

    struct Field {
        name: String,
        kind: u8,
        offset: usize,
        len: usize,
    }
    let mut fields = Vec::new();
    let mut offset = 1; // the deletion flag
    let mut at = 32;
    while at + 32 <= header_len {
        let descriptor = dbf.get(at..at + 32).ok_or("the field list is truncated")?;
        if descriptor.first() == Some(&0x0D) {
            break;
        }
        let raw_name = descriptor.get(..11).unwrap_or(&[]);
        let name_end = raw_name
            .iter()
            .position(|&b| b == 0)
            .unwrap_or(raw_name.len());
        let name = String::from_utf8_lossy(raw_name.get(..name_end).unwrap_or(&[]))
            .trim()
            .to_owned();
        let kind = descriptor.get(11).copied().unwrap_or(b'C');
        let len = usize::from(descriptor.get(16).copied().unwrap_or(0));
        fields.push(Field {
            name,
            kind,
            offset,
            len,
        });
        offset += len;
        at += 32;
    }
    if offset > record_len {
        return Err(format!(
            "its fields take {offset} bytes but its records are {record_len} bytes long"
        ));
    }
    let chosen: Vec<&Field> = NAME_FIELDS
        .iter()
        .filter_map(|wanted| {
            fields
                .iter()
                .find(|field| field.name.eq_ignore_ascii_case(wanted))
        })
        .filter(|field| matches!(field.kind, b'C' | b'N' | b'F' | b'I' | b'O' | b'B'))
        .collect();
    let record_count = usize::try_from(record_count).map_err(|_| "too many records")?;
    let available = dbf.len().saturating_sub(header_len) / record_len.max(1);
    if record_count > available {
        return Err(format!(
            "its header announces {record_count} records but the file holds {available}"
        ));
    }
    let mut names = Vec::with_capacity(record_count);
    for index in 0..record_count {
        let start = header_len + index * record_len;
        let record = dbf.get(start..start + record_len).unwrap_or(&[]);
        let name = chosen
            .iter()
            .find_map(|field| {
                let bytes = record.get(field.offset..field.offset + field.len)?;
                field_text(field.kind, bytes, encoding)
            })
            .unwrap_or_default();
        names.push(name);
    }
    Ok(names)
}

fn field_text(kind: u8, bytes: &[u8], encoding: TextEncoding) -> Option<String> {
    let text = match kind {
        b'C' => {
            let end = bytes.iter().position(|&b| b == 0).unwrap_or(bytes.len());
            decode(bytes.get(..end)?, encoding)
        }
        b'N' | b'F' => {
            // Kept as written (a long numeric ID must not go through f64), without a zero
            // fraction: "12" for "12.000", "3.5" for "3.500".
            let text = String::from_utf8_lossy(bytes).trim().to_owned();
            if text.contains('.') && !text.contains(['e', 'E']) {
                text.trim_end_matches('0').trim_end_matches('.').to_owned()
            } else {
                text
            }
        }
        b'I' => i32::from_le_bytes(bytes.try_into().ok()?).to_string(),
        b'O' | b'B' if bytes.len() == 8 => {
            let number = f64::from_le_bytes(bytes.try_into().ok()?);
            if number.is_finite() {
                format!("{number}")
            } else {
                return None;
            }
        }
        _ => return None,
    };
    let text = text.trim();
    (!text.is_empty()).then(|| text.to_owned())
}

// ------------------------------------------------------------------------------------------------
// .prj: the coordinate system

#[derive(Debug, Clone, PartialEq)]
enum Crs {
    Wgs84,
    WebMercator { name: String },
    Utm { name: String, zone: u8, south: bool },
}

impl Crs {
    fn to_lon_lat(&self, position: LonLat) -> LonLat {
        match self {
            Crs::Wgs84 => position,
            Crs::WebMercator { .. } => web_mercator_to_lon_lat(position),
            Crs::Utm { zone, south, .. } => utm_to_lon_lat(position, *zone, *south),
        }
    }
}

/// A node of WKT: `KEYWORD["name", 1.0, CHILD[...], ...]`.
#[derive(Debug)]
struct Wkt {
    keyword: String,
    args: Vec<WktArg>,
}

#[derive(Debug)]
enum WktArg {
    Text(String),
    Token(String),
    Node(Wkt),
}

impl Wkt {
    fn name(&self) -> Option<&str> {
        self.args.iter().find_map(|arg| match arg {
            WktArg::Text(text) => Some(text.as_str()),
            _ => None,
        })
    }

    fn nodes<'a>(&'a self, keywords: &'a [&'a str]) -> impl Iterator<Item = &'a Wkt> + 'a {
        self.args.iter().filter_map(move |arg| match arg {
            WktArg::Node(node) if keywords.contains(&node.keyword.as_str()) => Some(node),
            _ => None,
        })
    }

    fn node<'a>(&'a self, keywords: &'a [&'a str]) -> Option<&'a Wkt> {
        self.nodes(keywords).next()
    }

    /// The first number among the arguments.
    fn number(&self) -> Option<f64> {
        self.args.iter().find_map(|arg| match arg {
            WktArg::Token(token) => token.parse().ok(),
            _ => None,
        })
    }

    /// The EPSG code of AUTHORITY["EPSG","3857"] (WKT1) or ID["EPSG",3857] (WKT2).
    fn epsg(&self) -> Option<u32> {
        let id = self.node(&["AUTHORITY", "ID"])?;
        if !id.name()?.eq_ignore_ascii_case("EPSG") {
            return None;
        }
        id.args.iter().skip(1).find_map(|arg| match arg {
            WktArg::Text(code) | WktArg::Token(code) => code.trim().parse().ok(),
            WktArg::Node(_) => None,
        })
    }

    /// PARAMETER values by normalized name (WKT1 names).
    fn parameter(&self, normalized_name: &str) -> Option<f64> {
        self.nodes(&["PARAMETER"])
            .find(|p| p.name().map(normalize).as_deref() == Some(normalized_name))
            .and_then(Wkt::number)
    }
}

fn parse_wkt(text: &str) -> Result<Wkt, String> {
    let chars: Vec<char> = text.trim().trim_start_matches('\u{feff}').chars().collect();
    let mut pos = 0;
    let node = parse_wkt_node(&chars, &mut pos, 0)?;
    skip_ws(&chars, &mut pos);
    if pos < chars.len() {
        return Err(format!(
            "unexpected text after the end at character {}",
            pos + 1
        ));
    }
    Ok(node)
}

fn skip_ws(chars: &[char], pos: &mut usize) {
    while chars.get(*pos).is_some_and(|c| c.is_whitespace()) {
        *pos += 1;
    }
}

fn parse_wkt_node(chars: &[char], pos: &mut usize, depth: usize) -> Result<Wkt, String> {
    if depth > 64 {
        return Err("nested too deeply".to_owned());
    }
    skip_ws(chars, pos);
    let start = *pos;
    while chars
        .get(*pos)
        .is_some_and(|c| c.is_ascii_alphanumeric() || *c == '_')
    {
        *pos += 1;
    }
    let keyword: String = chars.get(start..*pos).unwrap_or(&[]).iter().collect();
    if keyword.is_empty() {
        return Err(format!("expected a keyword at character {}", start + 1));
    }
    skip_ws(chars, pos);
    let close = match chars.get(*pos) {
        Some('[') => ']',
        Some('(') => ')',
        _ => return Err(format!("expected [ after {keyword}")),
    };
    *pos += 1;
    let mut args = Vec::new();
    loop {
        skip_ws(chars, pos);
        match chars.get(*pos) {
            None => return Err(format!("{keyword}[ is never closed")),
            Some(c) if *c == close && args.is_empty() => {
                *pos += 1;
                break;
            }
            Some('"') => {
                *pos += 1;
                let mut text = String::new();
                loop {
                    match chars.get(*pos) {
                        None => return Err("a quoted name is never closed".to_owned()),
                        Some('"') if chars.get(*pos + 1) == Some(&'"') => {
                            text.push('"');
                            *pos += 2;
                        }
                        Some('"') => {
                            *pos += 1;
                            break;
                        }
                        Some(c) => {
                            text.push(*c);
                            *pos += 1;
                        }
                    }
                }
                args.push(WktArg::Text(text));
            }
            Some(_) => {
                let token_start = *pos;
                while chars.get(*pos).is_some_and(|c| {
                    !matches!(c, ',' | '[' | ']' | '(' | ')' | '"') && !c.is_whitespace()
                }) {
                    *pos += 1;
                }
                let mut after = *pos;
                skip_ws(chars, &mut after);
                if matches!(chars.get(after), Some('[' | '(')) {
                    *pos = token_start;
                    args.push(WktArg::Node(parse_wkt_node(chars, pos, depth + 1)?));
                } else {
                    let token: String =
                        chars.get(token_start..*pos).unwrap_or(&[]).iter().collect();
                    if token.is_empty() {
                        return Err(format!("unexpected character at {}", *pos + 1));
                    }
                    args.push(WktArg::Token(token));
                }
            }
        }
        skip_ws(chars, pos);
        match chars.get(*pos) {
            Some(',') => *pos += 1,
            Some(c) if *c == close => {
                *pos += 1;
                break;
            }
            None => return Err(format!("{keyword}[ is never closed")),
            Some(c) => return Err(format!("unexpected '{c}' at character {}", *pos + 1)),
        }
    }
    Ok(Wkt {
        keyword: keyword.to_ascii_uppercase(),
        args,
    })
}

/// Upper case, letters and digits only: "WGS 84 / UTM zone 31N" -> "WGS84UTMZONE31N".
fn normalize(text: &str) -> String {
    text.chars()
        .filter(char::is_ascii_alphanumeric)
        .collect::<String>()
        .to_ascii_uppercase()
}

const GEOGRAPHIC: &[&str] = &[
    "GEOGCS",
    "GEOGCRS",
    "GEODCRS",
    "GEOGRAPHICCRS",
    "GEODETICCRS",
];
const PROJECTED: &[&str] = &["PROJCS", "PROJCRS", "PROJECTEDCRS"];
const BASE_GEOGRAPHIC: &[&str] = &["GEOGCS", "BASEGEOGCRS", "BASEGEODCRS", "GEOGCRS", "GEODCRS"];

fn close_to(value: f64, expected: f64) -> bool {
    (value - expected).abs() <= 1e-9 * expected.abs().max(1.0)
}

/// Whether a geographic CRS node is WGS84 in degrees from Greenwich.
fn is_wgs84_geographic(geog: &Wkt) -> bool {
    let datum_ok = geog
        .node(&["DATUM", "TRF", "GEODETICDATUM", "ENSEMBLE"])
        .and_then(Wkt::name)
        .map(normalize)
        .is_some_and(|datum| {
            matches!(
                datum.as_str(),
                "DWGS1984"
                    | "WGS1984"
                    | "WGS84"
                    | "WORLDGEODETICSYSTEM1984"
                    | "WORLDGEODETICSYSTEM1984ENSEMBLE"
            )
        });
    let name_ok = geog
        .name()
        .map(normalize)
        .is_some_and(|name| matches!(name.as_str(), "GCSWGS1984" | "WGS84" | "WGS1984"));
    if !(datum_ok || name_ok || geog.epsg() == Some(4326)) {
        return false;
    }
    let datum = geog.node(&["DATUM", "TRF", "GEODETICDATUM", "ENSEMBLE"]);
    let ellipsoid_ok = datum
        .and_then(|d| d.node(&["SPHEROID", "ELLIPSOID"]))
        .map(|ellipsoid| {
            let numbers: Vec<f64> = ellipsoid
                .args
                .iter()
                .filter_map(|arg| match arg {
                    WktArg::Token(token) => token.parse().ok(),
                    _ => None,
                })
                .collect();
            match numbers.as_slice() {
                [a, inverse_f, ..] => {
                    close_to(*a, 6_378_137.0) && close_to(*inverse_f, 298.257223563)
                }
                _ => true,
            }
        })
        .unwrap_or(true);
    let meridian_ok = geog
        .node(&["PRIMEM", "PRIMEMERIDIAN"])
        .and_then(Wkt::number)
        .is_none_or(|m| m == 0.0);
    let unit_ok = geog
        .node(&["UNIT", "ANGLEUNIT"])
        .and_then(Wkt::number)
        .is_none_or(|factor| close_to(factor, PI / 180.0));
    ellipsoid_ok && meridian_ok && unit_ok
}

/// The coordinate system a .prj describes, or why it cannot be used.
fn crs_from_prj(text: &str) -> Result<Crs, FormatError> {
    let root = parse_wkt(text).map_err(|error| {
        invalid(format!(
            "the .prj is not a readable coordinate system ({error}): export the layer again, or in EPSG:4326"
        ))
    })?;
    let name = root.name().unwrap_or(&root.keyword).to_owned();
    let unsupported = |crs: String| FormatError::UnsupportedCrs { crs };
    if GEOGRAPHIC.contains(&root.keyword.as_str()) {
        return if is_wgs84_geographic(&root) {
            Ok(Crs::Wgs84)
        } else {
            Err(unsupported(name))
        };
    }
    if !PROJECTED.contains(&root.keyword.as_str()) {
        return Err(unsupported(name));
    }
    let normalized = normalize(&name);
    let epsg = root.epsg();
    let projection = root
        .node(&["PROJECTION", "METHOD"])
        .or_else(|| root.node(&["CONVERSION"]).and_then(|c| c.node(&["METHOD"])))
        .and_then(Wkt::name)
        .map(normalize)
        .unwrap_or_default();
    let metres = root
        .node(&["UNIT", "LENGTHUNIT"])
        .and_then(Wkt::number)
        .is_none_or(|factor| close_to(factor, 1.0));
    let base_wgs84 = root.node(BASE_GEOGRAPHIC).is_some_and(is_wgs84_geographic);
    let check = |parameter: &str, label: &str, expected: f64| -> Result<(), FormatError> {
        match root.parameter(parameter) {
            Some(value) if !close_to(value, expected) => Err(unsupported(format!(
                "{name} (its {label} is {value}, not {expected})"
            ))),
            _ => Ok(()),
        }
    };

    let web_mercator = [
        "MERCATORAUXILIARYSPHERE",
        "PSEUDOMERCATOR",
        "POPULARVISUALISATION",
        "WEBMERCATOR",
    ]
    .iter()
    .any(|marker| normalized.contains(marker) || projection.contains(marker))
        || matches!(epsg, Some(3857 | 3785 | 900913 | 102100 | 102113));
    if web_mercator {
        if !metres {
            return Err(unsupported(format!("{name} (not in metres)")));
        }
        check("FALSEEASTING", "false easting", 0.0)?;
        check("FALSENORTHING", "false northing", 0.0)?;
        check("CENTRALMERIDIAN", "central meridian", 0.0)?;
        check("STANDARDPARALLEL1", "standard parallel", 0.0)?;
        check("AUXILIARYSPHERETYPE", "auxiliary sphere type", 0.0)?;
        return Ok(Crs::WebMercator { name });
    }

    let utm = match epsg {
        Some(code @ 32601..=32660) => u8::try_from(code - 32600).ok().map(|zone| (zone, false)),
        Some(code @ 32701..=32760) => u8::try_from(code - 32700).ok().map(|zone| (zone, true)),
        _ if normalized.contains("WGS84") || normalized.contains("WGS1984") => {
            utm_zone_from_name(&normalized)
        }
        _ => None,
    };
    let Some((zone, south)) = utm else {
        return Err(unsupported(name));
    };
    let by_code = matches!(epsg, Some(32601..=32660 | 32701..=32760));
    if !(base_wgs84 || (by_code && root.node(BASE_GEOGRAPHIC).is_none())) {
        return Err(unsupported(name));
    }
    if !projection.is_empty() && !projection.contains("TRANSVERSEMERCATOR") {
        return Err(unsupported(format!(
            "{name} (its projection is not Transverse Mercator)"
        )));
    }
    if !metres {
        return Err(unsupported(format!("{name} (not in metres)")));
    }
    check(
        "CENTRALMERIDIAN",
        "central meridian",
        f64::from(zone) * 6.0 - 183.0,
    )?;
    check("SCALEFACTOR", "scale factor", 0.9996)?;
    check("FALSEEASTING", "false easting", 500_000.0)?;
    check(
        "FALSENORTHING",
        "false northing",
        if south { 10_000_000.0 } else { 0.0 },
    )?;
    check("LATITUDEOFORIGIN", "latitude of origin", 0.0)?;
    Ok(Crs::Utm { name, zone, south })
}

/// "...UTMZONE31N" -> (31, false).
fn utm_zone_from_name(normalized: &str) -> Option<(u8, bool)> {
    let after = normalized.get(normalized.find("UTMZONE")? + "UTMZONE".len()..)?;
    let digits: String = after.chars().take_while(char::is_ascii_digit).collect();
    let zone: u8 = digits.parse().ok()?;
    let hemisphere = after.get(digits.len()..)?.chars().next()?;
    let south = match hemisphere {
        'N' => false,
        'S' => true,
        _ => return None,
    };
    (1..=60).contains(&zone).then_some((zone, south))
}

// ------------------------------------------------------------------------------------------------
// Reprojection

/// The WGS84 semi-major axis (also the Web Mercator sphere radius), metres.
const WGS84_A: f64 = 6_378_137.0;
/// The WGS84 flattening.
const WGS84_F: f64 = 1.0 / 298.257_223_563;

/// EPSG:3857 metres to lon/lat degrees (spherical inverse).
fn web_mercator_to_lon_lat(position: LonLat) -> LonLat {
    LonLat {
        x: (position.x / WGS84_A).to_degrees(),
        y: (2.0 * (position.y / WGS84_A).exp().atan() - PI / 2.0).to_degrees(),
    }
}

/// WGS84 UTM easting/northing (metres) to lon/lat degrees: the Transverse Mercator inverse by
/// Krüger's series in n (to n⁴, well under a millimetre inside a zone), then the exact latitude
/// from the conformal latitude by Newton's method (Karney 2011).
fn utm_to_lon_lat(position: LonLat, zone: u8, south: bool) -> LonLat {
    let k0 = 0.9996;
    let false_easting = 500_000.0;
    let false_northing = if south { 10_000_000.0 } else { 0.0 };
    let lon0 = (f64::from(zone) * 6.0 - 183.0).to_radians();

    let f = WGS84_F;
    let n = f / (2.0 - f);
    let (n2, n3, n4) = (n * n, n * n * n, n * n * n * n);
    let e2 = f * (2.0 - f);
    let e = e2.sqrt();
    let big_a = WGS84_A / (1.0 + n) * (1.0 + n2 / 4.0 + n4 / 64.0);
    let beta = [
        n / 2.0 - 2.0 * n2 / 3.0 + 37.0 * n3 / 96.0 - n4 / 360.0,
        n2 / 48.0 + n3 / 15.0 - 437.0 * n4 / 1440.0,
        17.0 * n3 / 480.0 - 37.0 * n4 / 840.0,
        4397.0 * n4 / 161_280.0,
    ];

    let xi = (position.y - false_northing) / (k0 * big_a);
    let eta = (position.x - false_easting) / (k0 * big_a);
    let mut xi_p = xi;
    let mut eta_p = eta;
    for (j, b) in beta.iter().enumerate() {
        let k = 2.0 * (j as f64 + 1.0);
        xi_p -= b * (k * xi).sin() * (k * eta).cosh();
        eta_p -= b * (k * xi).cos() * (k * eta).sinh();
    }
    // Conformal latitude χ as tan χ, and the longitude from the central meridian.
    let tau_p = xi_p.sin() / (eta_p.sinh().hypot(xi_p.cos()));
    let lambda = eta_p.sinh().atan2(xi_p.cos());

    // Solve tan φ from tan χ (Karney 2011, eqs. 19–21).
    let mut tau = tau_p;
    for _ in 0..8 {
        let tau1 = tau.hypot(1.0);
        let sigma = (e * (e * tau / tau1).atanh()).sinh();
        let tau_i = tau * sigma.hypot(1.0) - sigma * tau1;
        let step = (tau_p - tau_i) / tau_i.hypot(1.0) * (1.0 + (1.0 - e2) * tau * tau)
            / ((1.0 - e2) * tau1);
        tau += step;
        if step.is_nan() || step.abs() <= 1e-15 * tau.abs().max(1.0) {
            break;
        }
    }
    LonLat {
        x: (lon0 + lambda).to_degrees(),
        y: tau.atan().to_degrees(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utm_origin_and_symmetry() {
        // The zone's central meridian on the equator.
        let p = utm_to_lon_lat(
            LonLat {
                x: 500_000.0,
                y: 0.0,
            },
            31,
            false,
        );
        assert!((p.x - 3.0).abs() < 1e-12 && p.y.abs() < 1e-12, "{p:?}");
        let north = utm_to_lon_lat(
            LonLat {
                x: 400_000.0,
                y: 4_000_000.0,
            },
            31,
            false,
        );
        let south = utm_to_lon_lat(
            LonLat {
                x: 400_000.0,
                y: 6_000_000.0,
            },
            31,
            true,
        );
        assert!((north.y + south.y).abs() < 1e-12, "{north:?} {south:?}");
        assert!((north.x - south.x).abs() < 1e-12);
    }

    #[test]
    fn utm_matches_proj_across_zones_and_hemispheres() {
        // (zone, south, easting, northing, lon, lat): lon/lat from pyproj 3.7.2 (PROJ),
        // Transformer.from_crs("EPSG:326zz" or "EPSG:327zz", "EPSG:4326", always_xy=True),
        // including points far outside their zone and at 83°N / 79°S.
        let cases = [
            (31, false, 166021.44, 0.0, -2.7645843664417704e-08, 0.0),
            (
                31,
                false,
                833978.56,
                8000000.0,
                12.647297672664477,
                71.85899644324566,
            ),
            (
                31,
                false,
                300000.0,
                9300000.0,
                -13.022132045218216,
                83.4977872748196,
            ),
            (
                31,
                false,
                700000.0,
                4000000.0,
                5.222391385436554,
                36.12409583213699,
            ),
            (
                33,
                true,
                200000.0,
                1200000.0,
                0.8566586594664537,
                -78.94164443996875,
            ),
            (
                33,
                true,
                500000.0,
                5000000.0,
                14.999999999999982,
                -45.153477183356024,
            ),
            (
                33,
                true,
                780000.0,
                7500000.0,
                17.72319137936244,
                -22.583759971426492,
            ),
            (
                60,
                false,
                420000.0,
                7700000.0,
                174.96256813355973,
                69.39734025053168,
            ),
        ];
        for (zone, south, x, y, lon, lat) in cases {
            let p = utm_to_lon_lat(LonLat { x, y }, zone, south);
            // 1e-9 degrees is about 0.1 mm.
            assert!(
                (p.x - lon).abs() < 1e-9 && (p.y - lat).abs() < 1e-9,
                "zone {zone} ({x}, {y}): {p:?} vs ({lon}, {lat})"
            );
        }
    }

    #[test]
    fn web_mercator_inverse() {
        let p = web_mercator_to_lon_lat(LonLat {
            x: 20_037_508.342789244,
            y: 0.0,
        });
        assert!((p.x - 180.0).abs() < 1e-9 && p.y.abs() < 1e-12);
    }

    #[test]
    fn prj_classification() {
        let wgs = r#"GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984",SPHEROID["WGS_1984",6378137.0,298.257223563]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]]"#;
        assert_eq!(crs_from_prj(wgs).unwrap(), Crs::Wgs84);
        let ntf = r#"GEOGCS["GCS_NTF",DATUM["D_NTF",SPHEROID["Clarke_1880_IGN",6378249.2,293.46602]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]]"#;
        assert!(
            matches!(crs_from_prj(ntf), Err(FormatError::UnsupportedCrs { crs }) if crs == "GCS_NTF")
        );
        let gdal_utm = r#"PROJCS["WGS 84 / UTM zone 33S",GEOGCS["WGS 84",DATUM["WGS_1984",SPHEROID["WGS 84",6378137,298.257223563,AUTHORITY["EPSG","7030"]],AUTHORITY["EPSG","6326"]],PRIMEM["Greenwich",0,AUTHORITY["EPSG","8901"]],UNIT["degree",0.0174532925199433,AUTHORITY["EPSG","9122"]],AUTHORITY["EPSG","4326"]],PROJECTION["Transverse_Mercator"],PARAMETER["latitude_of_origin",0],PARAMETER["central_meridian",15],PARAMETER["scale_factor",0.9996],PARAMETER["false_easting",500000],PARAMETER["false_northing",10000000],UNIT["metre",1,AUTHORITY["EPSG","9001"]],AXIS["Easting",EAST],AXIS["Northing",NORTH],AUTHORITY["EPSG","32733"]]"#;
        assert!(matches!(
            crs_from_prj(gdal_utm),
            Ok(Crs::Utm {
                zone: 33,
                south: true,
                ..
            })
        ));
        let wrong_meridian = gdal_utm.replace("\"central_meridian\",15", "\"central_meridian\",9");
        assert!(matches!(
            crs_from_prj(&wrong_meridian),
            Err(FormatError::UnsupportedCrs { .. })
        ));
        let feet = gdal_utm.replace("UNIT[\"metre\",1,", "UNIT[\"foot\",0.3048,");
        assert!(matches!(
            crs_from_prj(&feet),
            Err(FormatError::UnsupportedCrs { .. })
        ));
        let etrs = r#"PROJCS["ETRS89 / UTM zone 31N",GEOGCS["ETRS89",DATUM["European_Terrestrial_Reference_System_1989",SPHEROID["GRS 1980",6378137,298.257222101]],PRIMEM["Greenwich",0],UNIT["degree",0.0174532925199433]],PROJECTION["Transverse_Mercator"],PARAMETER["central_meridian",3],UNIT["metre",1]]"#;
        assert!(
            matches!(crs_from_prj(etrs), Err(FormatError::UnsupportedCrs { crs }) if crs == "ETRS89 / UTM zone 31N")
        );
        let pseudo = r#"PROJCS["WGS 84 / Pseudo-Mercator",GEOGCS["WGS 84",DATUM["WGS_1984",SPHEROID["WGS 84",6378137,298.257223563]],PRIMEM["Greenwich",0],UNIT["degree",0.0174532925199433]],PROJECTION["Mercator_1SP"],PARAMETER["central_meridian",0],PARAMETER["scale_factor",1],PARAMETER["false_easting",0],PARAMETER["false_northing",0],UNIT["metre",1],AXIS["X",EAST],AXIS["Y",NORTH],EXTENSION["PROJ4","+proj=merc +a=6378137 +b=6378137"],AUTHORITY["EPSG","3857"]]"#;
        assert!(matches!(crs_from_prj(pseudo), Ok(Crs::WebMercator { .. })));
        for bad in [
            "",
            "GEOGCS[",
            "GEOGCS[\"x\"",
            "[[[",
            "\"\"",
            "PROJCS[\"a\"]]",
        ] {
            assert!(crs_from_prj(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn numeric_names_keep_their_digits() {
        let enc = TextEncoding::Utf8OrWindows1252;
        assert_eq!(field_text(b'N', b"   12.000", enc).as_deref(), Some("12"));
        assert_eq!(field_text(b'N', b"  3.500", enc).as_deref(), Some("3.5"));
        assert_eq!(
            field_text(b'N', b"12345678901234567891", enc).as_deref(),
            Some("12345678901234567891")
        );
        assert_eq!(field_text(b'N', b"      ", enc), None);
        assert_eq!(
            field_text(b'C', b"Zone \xE9t\xE9  ", enc).as_deref(),
            Some("Zone \u{e9}t\u{e9}")
        );
        assert_eq!(
            field_text(b'C', "Zone été ".as_bytes(), enc).as_deref(),
            Some("Zone été")
        );
    }

    #[test]
    fn dbf_reader_survives_garbage() {
        for bytes in [
            &b""[..],
            b"\x03",
            &[0xFF; 40],
            &[3, 0, 0, 0, 255, 255, 255, 255, 33, 0, 1, 0],
        ] {
            let _ = dbf_names(bytes, TextEncoding::Utf8OrWindows1252);
        }
    }

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
