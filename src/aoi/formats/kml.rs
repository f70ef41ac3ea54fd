//! KML and KMZ: every Polygon of the document (through Document, Folder, Placemark and nested
//! MultiGeometry) becomes one AOI named from its Placemark; anything else is kept as a
//! [`NotPolygon`]. Positions are kept exactly as written (no closing, no dedupe, altitude dropped).
//!
//! The XML is read by a small strict reader of our own rather than `kml::KmlReader`: that reader
//! loops forever on a file truncated inside a Placemark and panics on an empty Point, and an AOI
//! import must fail with a message on any bad input, never hang or crash.

use std::fmt::Write as _;

use super::{FormatError, ImportReport};
use crate::aoi::model::{Aoi, Imported, LonLat, NotPolygon};

const KML: &str = "KML";
const KMZ: &str = "KMZ";

/// Deeper nesting than this is refused (real KML nests a few levels; this bounds recursion).
const MAX_DEPTH: usize = 256;
/// Largest `.kml` accepted from inside a KMZ once uncompressed.
const MAX_KML_BYTES: u64 = 512 * 1024 * 1024;

/// Reads every geometry of a KML document.
pub(super) fn read_kml(bytes: &[u8]) -> Result<ImportReport, FormatError> {
    let text = decode_text(bytes).map_err(invalid)?;
    let root = parse_xml(&text).map_err(invalid)?;
    let mut reader = DocReader {
        text: &text,
        report: ImportReport::default(),
    };
    reader.walk(&root).map_err(invalid)?;
    let report = reader.report;
    if let Some(top) = root.children.first()
        && report.items.is_empty()
        && !KNOWN_ROOTS.contains(&top.name.as_str())
    {
        return Err(invalid(format!(
            "the document's root element is <{}>, not <kml>: this is not a KML file",
            top.name
        )));
    }
    Ok(report)
}

/// Reads the KML inside a KMZ: `doc.kml`, or else the first `.kml` entry.
pub(super) fn read_kmz(bytes: &[u8]) -> Result<ImportReport, FormatError> {
    let kmz_invalid = |detail: String| FormatError::Invalid {
        format: KMZ,
        detail,
    };
    let mut archive = super::archive::Archive::open(
        bytes,
        KMZ,
        "a .kmz is a zip holding a doc.kml; export the KMZ again or import the .kml",
    )?;
    let is_kml = |name: &str| name.to_ascii_lowercase().ends_with(".kml");
    let base_name = |name: &str| name.rsplit('/').next().unwrap_or(name).to_ascii_lowercase();
    let names = &archive.entries;
    let chosen = names
        .iter()
        .find(|(_, name)| name.eq_ignore_ascii_case("doc.kml"))
        .or_else(|| {
            names
                .iter()
                .find(|(_, name)| is_kml(name) && base_name(name) == "doc.kml")
        })
        .or_else(|| names.iter().find(|(_, name)| is_kml(name)))
        .cloned();
    let Some((index, name)) = chosen else {
        return Err(kmz_invalid(format!(
            "the KMZ holds no .kml file (it holds: {}): a KMZ must hold a doc.kml; export it again from Google Earth",
            archive.listing()
        )));
    };
    let kml = archive.read(
        index,
        &name,
        MAX_KML_BYTES,
        "the KMZ is damaged, export it again",
    )?;
    read_kml(&kml).map_err(|error| match error {
        FormatError::Invalid { detail, .. } => kmz_invalid(format!("in {name}: {detail}")),
        other => other,
    })
}

fn invalid(detail: String) -> FormatError {
    FormatError::Invalid {
        format: KML,
        detail,
    }
}

/// Root elements under which geometries may be found.
const KNOWN_ROOTS: &[&str] = &[
    "kml",
    "Document",
    "Folder",
    "Placemark",
    "Polygon",
    "MultiGeometry",
    "Point",
    "LineString",
    "LinearRing",
];

// ------------------------------------------------------------------------------------------------
// Text decoding

/// The document as text: UTF-8 (BOM allowed), UTF-16 with a BOM, or Latin-1 / Windows-1252 when
/// the XML declaration says so.
fn decode_text(bytes: &[u8]) -> Result<String, String> {
    if let Some(rest) = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        return utf8(rest);
    }
    let utf16 = |rest: &[u8], big_endian: bool| {
        let units = rest.chunks_exact(2).map(|pair| match pair {
            [a, b] if big_endian => u16::from_be_bytes([*a, *b]),
            [a, b] => u16::from_le_bytes([*a, *b]),
            _ => 0xFFFD,
        });
        char::decode_utf16(units)
            .collect::<Result<String, _>>()
            .map_err(|_| "the file starts as UTF-16 text but holds invalid UTF-16".to_owned())
    };
    if let Some(rest) = bytes.strip_prefix(&[0xFF, 0xFE]) {
        return utf16(rest, false);
    }
    if let Some(rest) = bytes.strip_prefix(&[0xFE, 0xFF]) {
        return utf16(rest, true);
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => Ok(text.to_owned()),
        Err(error) => {
            let head = String::from_utf8_lossy(bytes.get(..200).unwrap_or(bytes)).to_lowercase();
            let single_byte = ["iso-8859-1", "latin1", "latin-1", "windows-1252", "cp1252"]
                .iter()
                .any(|name| {
                    head.contains(&format!("encoding=\"{name}\""))
                        || head.contains(&format!("encoding='{name}'"))
                });
            if single_byte && head.starts_with("<?xml") {
                Ok(bytes.iter().map(|&b| windows_1252(b)).collect())
            } else {
                Err(format!(
                    "the file is not UTF-8 text (invalid byte at offset {}): is it really a KML file? A binary or damaged file cannot be read",
                    error.valid_up_to()
                ))
            }
        }
    }
}

fn utf8(bytes: &[u8]) -> Result<String, String> {
    std::str::from_utf8(bytes)
        .map(str::to_owned)
        .map_err(|error| {
            format!(
                "the file is not UTF-8 text (invalid byte at offset {}): is it really a KML file?",
                error.valid_up_to()
            )
        })
}

/// A Windows-1252 byte as a char (Latin-1 except 0x80..=0x9F).
pub(super) fn windows_1252(byte: u8) -> char {
    const HIGH: [char; 32] = [
        '€', '\u{81}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{8D}', 'Ž',
        '\u{8F}', '\u{90}', '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\u{9D}',
        'ž', 'Ÿ',
    ];
    match byte {
        0x80..=0x9F => HIGH
            .get(usize::from(byte - 0x80))
            .copied()
            .unwrap_or('\u{FFFD}'),
        _ => char::from(byte),
    }
}

// ------------------------------------------------------------------------------------------------
// A small strict XML reader: elements (local names), their text, and where they start.

#[derive(Debug, Default)]
struct Node {
    /// Local name (prefix dropped: `gx:Track` is `Track`).
    name: String,
    /// Byte offset of the start tag, for messages.
    offset: usize,
    /// The element's own text (CDATA included, entities decoded).
    text: String,
    children: Vec<Node>,
}

impl Node {
    fn child(&self, name: &str) -> Option<&Node> {
        self.children.iter().find(|c| c.name == name)
    }
}

/// Parses `text` into a synthetic root whose children are the top-level elements.
fn parse_xml(text: &str) -> Result<Node, String> {
    let bytes = text.as_bytes();
    let line_of = |offset: usize| line_at(text, offset);
    let mut stack: Vec<(Node, String)> = vec![(Node::default(), String::new())];
    let mut pos = 0;
    let mut seen_root = false;
    while pos < bytes.len() {
        let Some(lt) = find_from(bytes, pos, b"<") else {
            push_text(&mut stack, text.get(pos..).unwrap_or(""), pos, text)?;
            break;
        };
        if lt > pos {
            push_text(&mut stack, text.get(pos..lt).unwrap_or(""), pos, text)?;
        }
        let rest = bytes.get(lt..).unwrap_or(&[]);
        if rest.starts_with(b"<?") {
            pos = end_of(bytes, lt, b"?>").ok_or_else(|| {
                format!("truncated: the <? at line {} is never closed", line_of(lt))
            })?;
        } else if rest.starts_with(b"<!--") {
            pos = end_of(bytes, lt + 4, b"-->").ok_or_else(|| {
                format!(
                    "truncated: the comment at line {} is never closed",
                    line_of(lt)
                )
            })?;
        } else if rest.starts_with(b"<![CDATA[") {
            let start = lt + 9;
            let end = find_from(bytes, start, b"]]>").ok_or_else(|| {
                format!(
                    "truncated: the CDATA section at line {} is never closed",
                    line_of(lt)
                )
            })?;
            if stack.len() < 2 {
                return Err(format!("text outside any element at line {}", line_of(lt)));
            }
            if let Some((top, _)) = stack.last_mut() {
                top.text.push_str(text.get(start..end).unwrap_or(""));
            }
            pos = end + 3;
        } else if rest.starts_with(b"<!") {
            // DOCTYPE and the like: skip, honouring an internal [ ... ] subset.
            let mut depth = 0usize;
            let mut end = None;
            for (i, &b) in bytes.iter().enumerate().skip(lt + 2) {
                match b {
                    b'[' => depth += 1,
                    b']' => depth = depth.saturating_sub(1),
                    b'>' if depth == 0 => {
                        end = Some(i + 1);
                        break;
                    }
                    _ => {}
                }
            }
            pos = end.ok_or_else(|| {
                format!("truncated: the <! at line {} is never closed", line_of(lt))
            })?;
        } else if rest.starts_with(b"</") {
            let close = tag_end(bytes, lt).ok_or_else(|| {
                format!(
                    "truncated: the end tag at line {} is never closed",
                    line_of(lt)
                )
            })?;
            let qname = text.get(lt + 2..close).unwrap_or("").trim();
            let Some((node, open_qname)) = stack.pop() else {
                return Err(format!("unexpected </{qname}> at line {}", line_of(lt)));
            };
            if stack.is_empty() {
                return Err(format!(
                    "</{qname}> at line {} closes an element that was never opened",
                    line_of(lt)
                ));
            }
            if open_qname != qname {
                return Err(format!(
                    "<{open_qname}> opened at line {} is closed by </{qname}> at line {}: the XML is damaged",
                    line_of(node.offset),
                    line_of(lt)
                ));
            }
            if let Some((parent, _)) = stack.last_mut() {
                parent.children.push(node);
            }
            pos = close + 1;
        } else {
            let close = tag_end(bytes, lt).ok_or_else(|| {
                format!("truncated: the tag at line {} is never closed", line_of(lt))
            })?;
            let inner = text.get(lt + 1..close).unwrap_or("");
            let self_closing = inner.ends_with('/');
            let inner = inner.strip_suffix('/').unwrap_or(inner);
            let qname_end = inner
                .find(|c: char| c.is_whitespace())
                .unwrap_or(inner.len());
            let qname = inner.get(..qname_end).unwrap_or("");
            if qname.is_empty()
                || !qname
                    .chars()
                    .all(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | '.' | ':'))
            {
                return Err(format!(
                    "malformed tag <{}> at line {}",
                    inner.chars().take(40).collect::<String>(),
                    line_of(lt)
                ));
            }
            if stack.len() == 1 {
                if seen_root {
                    return Err(format!(
                        "a second root element <{qname}> at line {}: the XML is damaged",
                        line_of(lt)
                    ));
                }
                seen_root = true;
            }
            if stack.len() > MAX_DEPTH {
                return Err(format!(
                    "elements nested more than {MAX_DEPTH} deep at line {}",
                    line_of(lt)
                ));
            }
            let node = Node {
                name: qname.rsplit(':').next().unwrap_or(qname).to_owned(),
                offset: lt,
                ..Node::default()
            };
            if self_closing {
                if let Some((parent, _)) = stack.last_mut() {
                    parent.children.push(node);
                }
            } else {
                stack.push((node, qname.to_owned()));
            }
            pos = close + 1;
        }
    }
    if stack.len() > 1 {
        let opened: Vec<String> = stack
            .iter()
            .skip(1)
            .map(|(node, qname)| format!("<{qname}> (line {})", line_of(node.offset)))
            .collect();
        return Err(format!(
            "truncated: the file ends before {} is closed; the file is incomplete, download or export it again",
            opened.join(" > ")
        ));
    }
    let (root, _) = stack.pop().unwrap_or_default();
    if root.children.is_empty() {
        return Err("no XML element found: this is not a KML file".to_owned());
    }
    Ok(root)
}

fn push_text(
    stack: &mut [(Node, String)],
    raw: &str,
    offset: usize,
    text: &str,
) -> Result<(), String> {
    if stack.len() < 2 {
        if raw.trim().is_empty() {
            return Ok(());
        }
        return Err(format!(
            "text outside any element at line {} (\"{}\"): this is not an XML/KML file",
            line_at(text, offset),
            raw.trim().chars().take(30).collect::<String>()
        ));
    }
    if let Some((top, _)) = stack.last_mut() {
        decode_entities(raw, &mut top.text);
    }
    Ok(())
}

/// Appends `raw` with the XML entities and character references decoded; an unknown entity is kept
/// as written.
fn decode_entities(raw: &str, out: &mut String) {
    let mut rest = raw;
    while let Some(amp) = rest.find('&') {
        out.push_str(rest.get(..amp).unwrap_or(""));
        let after = rest.get(amp + 1..).unwrap_or("");
        let decoded = after.find(';').filter(|&semi| semi <= 10).and_then(|semi| {
            let entity = after.get(..semi)?;
            let c = match entity {
                "lt" => '<',
                "gt" => '>',
                "amp" => '&',
                "quot" => '"',
                "apos" => '\'',
                _ => {
                    let code = if let Some(hex) = entity
                        .strip_prefix("#x")
                        .or_else(|| entity.strip_prefix("#X"))
                    {
                        u32::from_str_radix(hex, 16).ok()?
                    } else {
                        entity.strip_prefix('#')?.parse::<u32>().ok()?
                    };
                    char::from_u32(code)?
                }
            };
            Some((c, semi))
        });
        match decoded {
            Some((c, semi)) => {
                out.push(c);
                rest = after.get(semi + 1..).unwrap_or("");
            }
            None => {
                out.push('&');
                rest = after;
            }
        }
    }
    out.push_str(rest);
}

fn find_from(bytes: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    bytes
        .get(from..)?
        .windows(needle.len())
        .position(|w| w == needle)
        .map(|p| p + from)
}

/// The offset just past `needle` found at or after `from`.
fn end_of(bytes: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    find_from(bytes, from, needle).map(|p| p + needle.len())
}

/// The offset of the `>` ending the tag starting at `lt`, skipping quoted attribute values.
fn tag_end(bytes: &[u8], lt: usize) -> Option<usize> {
    let mut quote: Option<u8> = None;
    for (i, &b) in bytes.iter().enumerate().skip(lt + 1) {
        match (quote, b) {
            (Some(q), _) if b == q => quote = None,
            (Some(_), _) => {}
            (None, b'"' | b'\'') => quote = Some(b),
            (None, b'>') => return Some(i),
            (None, b'<') => return None,
            _ => {}
        }
    }
    None
}

fn line_at(text: &str, offset: usize) -> usize {
    text.as_bytes()
        .iter()
        .take(offset)
        .filter(|&&b| b == b'\n')
        .count()
        + 1
}

// ------------------------------------------------------------------------------------------------
// Walking the KML tree

struct DocReader<'a> {
    text: &'a str,
    report: ImportReport,
}

/// A geometry found in a Placemark, flattened out of MultiGeometry.
enum Part {
    Polygon(Aoi),
    Other { kind: String, at: Option<LonLat> },
}

const GEOMETRIES: &[&str] = &[
    "Point",
    "LineString",
    "LinearRing",
    "Polygon",
    "MultiGeometry",
    "Model",
    "Track",
    "MultiTrack",
];

impl DocReader<'_> {
    fn walk(&mut self, node: &Node) -> Result<(), String> {
        for child in &node.children {
            if child.name == "Placemark" {
                self.placemark(child)?;
            } else if GEOMETRIES.contains(&child.name.as_str()) {
                let mut parts = Vec::new();
                self.geometry(child, "", &mut parts)?;
                self.push_parts(String::new(), parts);
            } else {
                self.walk(child)?;
            }
        }
        Ok(())
    }

    fn placemark(&mut self, node: &Node) -> Result<(), String> {
        let name = node
            .child("name")
            .map(|n| n.text.trim().to_owned())
            .unwrap_or_default();
        let place = if name.is_empty() {
            format!("the unnamed Placemark at line {}", self.line(node))
        } else {
            format!("Placemark \"{name}\" (line {})", self.line(node))
        };
        let mut parts = Vec::new();
        for child in &node.children {
            if GEOMETRIES.contains(&child.name.as_str()) {
                self.geometry(child, &place, &mut parts)?;
            }
        }
        if parts.is_empty() {
            self.report
                .warnings
                .push(format!("{place} has no geometry and was skipped"));
        }
        self.push_parts(name, parts);
        Ok(())
    }

    fn push_parts(&mut self, name: String, parts: Vec<Part>) {
        let polygons = parts
            .iter()
            .filter(|p| matches!(p, Part::Polygon(_)))
            .count();
        let others = parts.len() - polygons;
        let (mut polygon_index, mut other_index) = (0, 0);
        let numbered = |count: usize, index: usize| {
            if count > 1 && !name.is_empty() {
                format!("{name} {index}")
            } else {
                name.clone()
            }
        };
        for part in parts {
            match part {
                Part::Polygon(mut aoi) => {
                    polygon_index += 1;
                    aoi.name = numbered(polygons, polygon_index);
                    self.report.items.push(Imported::Aoi(aoi));
                }
                Part::Other { kind, at } => {
                    other_index += 1;
                    self.report.items.push(Imported::NotPolygon(NotPolygon {
                        name: numbered(others, other_index),
                        kind,
                        at,
                    }));
                }
            }
        }
    }

    fn geometry(&self, node: &Node, place: &str, parts: &mut Vec<Part>) -> Result<(), String> {
        let place = if place.is_empty() {
            format!("the {} at line {}", node.name, self.line(node))
        } else {
            place.to_owned()
        };
        match node.name.as_str() {
            "Polygon" => parts.push(Part::Polygon(self.polygon(node, &place)?)),
            "MultiGeometry" => {
                for child in &node.children {
                    if GEOMETRIES.contains(&child.name.as_str()) {
                        self.geometry(child, &place, parts)?;
                    }
                }
            }
            "Point" | "LineString" | "LinearRing" => {
                let at = match node.child("coordinates") {
                    Some(coordinates) => self
                        .coordinates(coordinates, &place, &node.name)?
                        .first()
                        .copied(),
                    None => None,
                };
                parts.push(Part::Other {
                    kind: node.name.clone(),
                    at,
                });
            }
            "Model" => {
                let at = node.child("Location").and_then(|location| {
                    let number = |name: &str| {
                        location
                            .child(name)
                            .and_then(|n| n.text.trim().parse::<f64>().ok())
                    };
                    Some(LonLat {
                        x: number("longitude")?,
                        y: number("latitude")?,
                    })
                });
                parts.push(Part::Other {
                    kind: "Model".to_owned(),
                    at,
                });
            }
            "Track" => parts.push(Part::Other {
                kind: "Track".to_owned(),
                at: track_start(node),
            }),
            "MultiTrack" => parts.push(Part::Other {
                kind: "MultiTrack".to_owned(),
                at: node.child("Track").and_then(track_start),
            }),
            other => parts.push(Part::Other {
                kind: other.to_owned(),
                at: None,
            }),
        }
        Ok(())
    }

    fn polygon(&self, node: &Node, place: &str) -> Result<Aoi, String> {
        let outers: Vec<&Node> = node
            .children
            .iter()
            .filter(|c| c.name == "outerBoundaryIs")
            .collect();
        let outer = match outers.as_slice() {
            [one] => one,
            [] => {
                return Err(format!(
                    "the Polygon of {place} has no outerBoundaryIs: a KML Polygon needs its outer ring"
                ));
            }
            _ => {
                return Err(format!(
                    "the Polygon of {place} has {} outerBoundaryIs; KML allows one per Polygon (use a MultiGeometry for several)",
                    outers.len()
                ));
            }
        };
        let ring_of = |boundary: &Node, which: &str| -> Result<Vec<Vec<LonLat>>, String> {
            boundary
                .children
                .iter()
                .filter(|c| c.name == "LinearRing")
                .map(|ring| match ring.child("coordinates") {
                    Some(coordinates) => self.coordinates(coordinates, place, which),
                    None => Err(format!(
                        "the {which} LinearRing of {place} (line {}) has no <coordinates>",
                        self.line(ring)
                    )),
                })
                .collect()
        };
        let mut outer_rings = ring_of(outer, "outerBoundaryIs")?;
        if outer_rings.len() != 1 {
            return Err(format!(
                "the outerBoundaryIs of {place} holds {} LinearRing; it needs exactly one",
                outer_rings.len()
            ));
        }
        let ring = outer_rings.pop().unwrap_or_default();
        let mut holes = Vec::new();
        for inner in node.children.iter().filter(|c| c.name == "innerBoundaryIs") {
            holes.extend(ring_of(inner, "innerBoundaryIs")?);
        }
        Ok(Aoi {
            name: String::new(),
            ring,
            holes,
        })
    }

    /// Parses a `<coordinates>` text: tuples `lon,lat[,alt]` separated by whitespace (spaces next
    /// to the commas are tolerated). Any text that is not a number is an error; a number too large
    /// for f64 becomes infinity and is kept (the validator reports it).
    fn coordinates(&self, node: &Node, place: &str, which: &str) -> Result<Vec<LonLat>, String> {
        let mut joined = String::with_capacity(node.text.len());
        let mut pending_space = false;
        for c in node.text.chars() {
            if c.is_whitespace() {
                pending_space = true;
            } else {
                if pending_space && c != ',' && !joined.ends_with(',') && !joined.is_empty() {
                    joined.push(' ');
                }
                pending_space = false;
                joined.push(c);
            }
        }
        let mut positions = Vec::new();
        for (index, tuple) in joined.split(' ').filter(|t| !t.is_empty()).enumerate() {
            let where_ = || {
                format!(
                    "position {} of the {which} coordinates of {place} (line {})",
                    index + 1,
                    self.line(node)
                )
            };
            let values: Vec<&str> = tuple.split(',').collect();
            if !(2..=3).contains(&values.len()) {
                return Err(format!(
                    "{}: \"{}\" is not longitude,latitude[,altitude]",
                    where_(),
                    short(tuple)
                ));
            }
            let mut numbers = [0.0_f64; 2];
            for (slot, value) in values.iter().enumerate() {
                let number = value
                    .parse::<f64>()
                    .map_err(|_| format!("{}: \"{}\" is not a number", where_(), short(value)))?;
                if let Some(target) = numbers.get_mut(slot) {
                    *target = number;
                }
            }
            positions.push(LonLat {
                x: numbers[0],
                y: numbers[1],
            });
        }
        Ok(positions)
    }

    fn line(&self, node: &Node) -> usize {
        line_at(self.text, node.offset)
    }
}

fn short(text: &str) -> String {
    let mut out: String = text.chars().take(40).collect();
    if text.chars().count() > 40 {
        out.push('…');
    }
    out
}

/// The first `<gx:coord>` of a track ("lon lat alt", space separated), when it parses.
fn track_start(track: &Node) -> Option<LonLat> {
    let coord = track.child("coord")?;
    let mut values = coord.text.split_whitespace().map(str::parse::<f64>);
    Some(LonLat {
        x: values.next()?.ok()?,
        y: values.next()?.ok()?,
    })
}

// ------------------------------------------------------------------------------------------------
// Writing

/// Writes a KML 2.2 Document with one Placemark per AOI, positions with full f64 precision.
pub(super) fn write_kml(aois: &[Aoi]) -> String {
    let mut out = String::new();
    out.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    out.push_str("<kml xmlns=\"http://www.opengis.net/kml/2.2\">\n<Document>\n");
    for aoi in aois {
        out.push_str("  <Placemark>\n    <name>");
        escape_into(&aoi.name, &mut out);
        out.push_str("</name>\n    <Polygon>\n      <tessellate>1</tessellate>\n");
        write_boundary(&mut out, "outerBoundaryIs", &aoi.ring);
        for hole in &aoi.holes {
            write_boundary(&mut out, "innerBoundaryIs", hole);
        }
        out.push_str("    </Polygon>\n  </Placemark>\n");
    }
    out.push_str("</Document>\n</kml>\n");
    out
}

fn write_boundary(out: &mut String, tag: &str, ring: &[LonLat]) {
    let _ = write!(
        out,
        "      <{tag}>\n        <LinearRing>\n          <coordinates>"
    );
    for (index, position) in ring.iter().enumerate() {
        if index > 0 {
            out.push(' ');
        }
        // `{}` on f64 prints the shortest text that parses back to the same bits.
        let _ = write!(out, "{},{}", position.x, position.y);
    }
    let _ = writeln!(out, "</coordinates>\n        </LinearRing>\n      </{tag}>");
}

/// Escapes text for XML element content; characters XML 1.0 forbids become U+FFFD.
fn escape_into(text: &str, out: &mut String) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
}

/// Writes the KML zipped as `doc.kml`.
pub(super) fn write_kmz(aois: &[Aoi]) -> Result<Vec<u8>, FormatError> {
    let kml = write_kml(aois);
    super::archive::write(KMZ, &[("doc.kml".to_owned(), kml.into_bytes())])
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::{Cursor, Write as _};

    fn aois(report: &ImportReport) -> Vec<&Aoi> {
        report.aois().collect()
    }

    #[test]
    fn bare_polygon_with_spaces_after_commas_and_entities_in_names() {
        let text = r#"<?xml version="1.0"?>
<kml xmlns="http://www.opengis.net/kml/2.2"><Placemark><name>A &amp; B &#233;</name>
<Polygon><outerBoundaryIs><LinearRing><coordinates>
  1.5, 2.5, 0   3,4
  5,6</coordinates></LinearRing></outerBoundaryIs></Polygon></Placemark></kml>"#;
        let report = read_kml(text.as_bytes()).unwrap();
        let found = aois(&report);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].name, "A & B é");
        assert_eq!(
            found[0].ring,
            vec![
                LonLat { x: 1.5, y: 2.5 },
                LonLat { x: 3., y: 4. },
                LonLat { x: 5., y: 6. }
            ]
        );
    }

    #[test]
    fn overflowing_number_is_kept_as_infinity_but_text_is_refused() {
        let make = |coords: &str| {
            format!(
                "<kml><Placemark><name>Z</name><Polygon><outerBoundaryIs><LinearRing><coordinates>{coords}</coordinates></LinearRing></outerBoundaryIs></Polygon></Placemark></kml>"
            )
        };
        let report = read_kml(make("0,0 1e400,1 0,1 0,0").as_bytes()).unwrap();
        assert_eq!(aois(&report)[0].ring[1].x, f64::INFINITY);
        let error = read_kml(make("0,0 abc,1 0,1").as_bytes()).unwrap_err();
        let message = error.to_string();
        assert!(message.contains("\"abc\" is not a number"), "{message}");
        assert!(message.contains("Placemark \"Z\""), "{message}");
        assert!(message.contains("position 2"), "{message}");
        assert!(read_kml(make("0,0 1,2,3,4").as_bytes()).is_err());
        assert!(read_kml(make("0,0 5").as_bytes()).is_err());
    }

    #[test]
    fn truncated_and_mismatched_xml_are_errors() {
        for text in [
            "<kml><Document><Placemark><name>x</name><Polygon>",
            "<kml><Document></Folder></kml>",
            "<kml><Placemark><name>x</name></Placemark></kml><kml/>",
            "just some text",
            "<kml><!-- never closed",
            "<kml><Placemark name=\"unterminated></kml>",
            "<>",
            "</kml>",
            "<kml>\u{0}</kml",
        ] {
            assert!(
                read_kml(text.as_bytes()).is_err(),
                "{text:?} must be refused"
            );
        }
    }

    #[test]
    fn deep_nesting_is_refused_without_overflowing_the_stack() {
        let text = "<Folder>".repeat(100_000);
        assert!(read_kml(text.as_bytes()).is_err());
    }

    #[test]
    fn write_escapes_names_and_round_trips() {
        let aoi = Aoi {
            name: "<a & b> \"c\" 'd'\u{1}".to_owned(),
            ring: vec![
                LonLat { x: -0.0, y: 1e-300 },
                LonLat {
                    x: 0.1 + 0.2,
                    y: f64::MAX,
                },
                LonLat { x: 1.0, y: 2.0 },
            ],
            holes: vec![vec![LonLat { x: 0.5, y: 0.5 }]],
        };
        let text = write_kml(std::slice::from_ref(&aoi));
        let back = read_kml(text.as_bytes()).unwrap();
        let found = aois(&back);
        assert_eq!(found[0].name, "<a & b> \"c\" 'd'\u{FFFD}");
        for (a, b) in found[0].ring.iter().zip(&aoi.ring) {
            assert_eq!(a.x.to_bits(), b.x.to_bits());
            assert_eq!(a.y.to_bits(), b.y.to_bits());
        }
        assert_eq!(found[0].holes, aoi.holes);
    }

    #[test]
    fn kmz_without_kml_is_refused_and_kmz_round_trips() {
        let mut writer = zip::ZipWriter::new(Cursor::new(Vec::new()));
        writer
            .start_file("readme.txt", zip::write::SimpleFileOptions::default())
            .unwrap();
        writer.write_all(b"hello").unwrap();
        let bytes = writer.finish().unwrap().into_inner();
        let message = read_kmz(&bytes).unwrap_err().to_string();
        assert!(message.contains("no .kml"), "{message}");
        assert!(message.contains("readme.txt"), "{message}");

        let aoi = Aoi::new("Z", vec![LonLat { x: 1., y: 2. }, LonLat { x: 3., y: 4. }]);
        let kmz = write_kmz(std::slice::from_ref(&aoi)).unwrap();
        let back = read_kmz(&kmz).unwrap();
        assert_eq!(aois(&back), vec![&aoi]);
    }

    #[test]
    fn latin1_declared_document_is_decoded() {
        let mut bytes =
            b"<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><kml><Placemark><name>Z\xE9</name><Point><coordinates>1,2</coordinates></Point></Placemark></kml>".to_vec();
        let report = read_kml(&bytes).unwrap();
        assert_eq!(report.items[0].name(), "Zé");
        bytes[0] = 0xFF;
        assert!(read_kml(&bytes).is_err());
    }
}
