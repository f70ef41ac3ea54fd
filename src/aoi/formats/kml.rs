//! KML and KMZ: every Polygon of the document (through Document, Folder, Placemark and nested
//! MultiGeometry) becomes one AOI named from its Placemark; anything else is kept as a
//! [`NotPolygon`]. Positions are kept exactly as written (no closing, no dedupe, altitude dropped).
//!
//! The XML is read by a small strict reader of our own rather than `kml::KmlReader`: that reader
//! loops forever on a file truncated inside a Placemark and panics on an empty Point, and an AOI
//! import must fail with a message on any bad input, never hang or crash.

use std::fmt::Write as _;

use super::xml::{self, Node};
use super::{FormatError, Sink};
use crate::aoi::model::{Aoi, Imported, LonLat, NotPolygon};

const KML: &str = "KML";
const KMZ: &str = "KMZ";

/// Largest `.kml` accepted from inside a KMZ once uncompressed.
const MAX_KML_BYTES: u64 = 512 * 1024 * 1024;

/// Every element where the tree walk stops: each is read whole when it closes, then dropped.
const UNITS: &[&str] = &[
    "Placemark",
    "Point",
    "LineString",
    "LinearRing",
    "Polygon",
    "MultiGeometry",
    "Model",
    "Track",
    "MultiTrack",
];

/// Reads every geometry of a KML document as it streams by, one Placemark (or loose geometry)
/// at a time.
pub(super) fn read_kml(kml: impl std::io::Read, out: &mut dyn Sink) -> Result<(), FormatError> {
    let mut reader = DocReader {
        report: out,
        count: 0,
    };
    let root = xml::parse(kml, UNITS, |node| reader.unit(&node)).map_err(invalid)?;
    if let Some(top) = root.children.first()
        && reader.count == 0
        && !KNOWN_ROOTS.contains(&top.name.as_str())
    {
        return Err(invalid(format!(
            "the document's root element is <{}>, not <kml>: this is not a KML file",
            top.name
        )));
    }
    Ok(())
}

/// Reads the KML inside a KMZ: `doc.kml`, or else the first `.kml` entry.
pub(super) fn read_kmz(bytes: &[u8], out: &mut dyn Sink) -> Result<(), FormatError> {
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
    // Uncompressed as it is parsed: a small KMZ may hold a huge KML.
    let mut kml = archive.stream(
        index,
        &name,
        MAX_KML_BYTES,
        "a KMZ's KML is read up to",
        "the KMZ is damaged, export it again",
    )?;
    let read = read_kml(&mut kml, out);
    // A damaged or oversized entry is told as such, not as the XML error it caused.
    if let Some(failure) = kml.failure() {
        return Err(failure);
    }
    read.map_err(|error| match error {
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
// Walking the KML tree

struct DocReader<'a> {
    report: &'a mut dyn Sink,
    /// Geometries handed on so far.
    count: usize,
}

/// A geometry found in a Placemark, flattened out of MultiGeometry.
enum Part {
    Polygon(Aoi),
    Other { kind: String, at: Option<LonLat> },
}

/// The geometry elements: the units but Placemark.
const GEOMETRIES: &[&str] = match UNITS.split_first() {
    Some((_, geometries)) => geometries,
    None => &[],
};

impl DocReader<'_> {
    /// A Placemark, or a geometry outside any Placemark.
    fn unit(&mut self, node: &Node) -> Result<(), String> {
        if node.name == "Placemark" {
            self.placemark(node)
        } else {
            let mut parts = Vec::new();
            self.geometry(node, "", &mut parts)?;
            self.push_parts(String::new(), parts);
            Ok(())
        }
    }

    fn placemark(&mut self, node: &Node) -> Result<(), String> {
        let name = node
            .child("name")
            .map(|n| n.text.trim().to_owned())
            .unwrap_or_default();
        let place = if name.is_empty() {
            format!("the unnamed Placemark at line {}", node.line)
        } else {
            format!("Placemark \"{name}\" (line {})", node.line)
        };
        let mut parts = Vec::new();
        for child in &node.children {
            if GEOMETRIES.contains(&child.name.as_str()) {
                self.geometry(child, &place, &mut parts)?;
            }
        }
        if parts.is_empty() {
            self.report
                .warning(format!("{place} has no geometry and was skipped"));
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
                    self.item(Imported::Aoi(aoi));
                }
                Part::Other { kind, at } => {
                    other_index += 1;
                    self.item(Imported::NotPolygon(NotPolygon {
                        name: numbered(others, other_index),
                        kind,
                        at,
                    }));
                }
            }
        }
    }

    fn item(&mut self, item: Imported) {
        self.count += 1;
        self.report.item(item);
    }

    fn geometry(&self, node: &Node, place: &str, parts: &mut Vec<Part>) -> Result<(), String> {
        let place = if place.is_empty() {
            format!("the {} at line {}", node.name, node.line)
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
                        ring.line
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
                    node.line
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
    write_placemarks(aois.iter().map(|aoi| (aoi, &[][..])))
}

/// Writes a KML 2.2 Document with one Placemark per AOI, each with its named values as
/// `<ExtendedData>` (what a GIS shows as the feature's attributes).
pub(super) fn write_placemarks<'a>(
    items: impl Iterator<Item = (&'a Aoi, &'a [(String, String)])>,
) -> String {
    let mut out = String::new();
    out.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    out.push_str("<kml xmlns=\"http://www.opengis.net/kml/2.2\">\n<Document>\n");
    for (aoi, data) in items {
        out.push_str("  <Placemark>\n    <name>");
        escape_into(&aoi.name, &mut out);
        out.push_str("</name>\n");
        if !data.is_empty() {
            out.push_str("    <ExtendedData>\n");
            for (key, value) in data {
                out.push_str("      <Data name=\"");
                escape_into(key, &mut out);
                out.push_str("\"><value>");
                escape_into(value, &mut out);
                out.push_str("</value></Data>\n");
            }
            out.push_str("    </ExtendedData>\n");
        }
        out.push_str("    <Polygon>\n      <tessellate>1</tessellate>\n");
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

    fn aois(report: &crate::aoi::formats::ImportReport) -> Vec<&Aoi> {
        report.aois().collect()
    }

    #[test]
    fn bare_polygon_with_spaces_after_commas_and_entities_in_names() {
        let text = r#"<?xml version="1.0"?>
<kml xmlns="http://www.opengis.net/kml/2.2"><Placemark><name>A &amp; B &#233;</name>
<Polygon><outerBoundaryIs><LinearRing><coordinates>
  1.5, 2.5, 0   3,4
  5,6</coordinates></LinearRing></outerBoundaryIs></Polygon></Placemark></kml>"#;
        let report = crate::aoi::formats::collect(|out| read_kml(text.as_bytes(), out)).unwrap();
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
        let report = crate::aoi::formats::collect(|out| {
            read_kml(make("0,0 1e400,1 0,1 0,0").as_bytes(), out)
        })
        .unwrap();
        assert_eq!(aois(&report)[0].ring[1].x, f64::INFINITY);
        let error =
            crate::aoi::formats::collect(|out| read_kml(make("0,0 abc,1 0,1").as_bytes(), out))
                .unwrap_err();
        let message = error.to_string();
        assert!(message.contains("\"abc\" is not a number"), "{message}");
        assert!(message.contains("Placemark \"Z\""), "{message}");
        assert!(message.contains("position 2"), "{message}");
        assert!(
            crate::aoi::formats::collect(|out| read_kml(make("0,0 1,2,3,4").as_bytes(), out))
                .is_err()
        );
        assert!(
            crate::aoi::formats::collect(|out| read_kml(make("0,0 5").as_bytes(), out)).is_err()
        );
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
                crate::aoi::formats::collect(|out| read_kml(text.as_bytes(), out)).is_err(),
                "{text:?} must be refused"
            );
        }
    }

    #[test]
    fn deep_nesting_is_refused_without_overflowing_the_stack() {
        let text = "<Folder>".repeat(100_000);
        assert!(crate::aoi::formats::collect(|out| read_kml(text.as_bytes(), out)).is_err());
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
        let back = crate::aoi::formats::collect(|out| read_kml(text.as_bytes(), out)).unwrap();
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
        let message = crate::aoi::formats::collect(|out| read_kmz(&bytes, out))
            .unwrap_err()
            .to_string();
        assert!(message.contains("no .kml"), "{message}");
        assert!(message.contains("readme.txt"), "{message}");

        let aoi = Aoi::new("Z", vec![LonLat { x: 1., y: 2. }, LonLat { x: 3., y: 4. }]);
        let kmz = write_kmz(std::slice::from_ref(&aoi)).unwrap();
        let back = crate::aoi::formats::collect(|out| read_kmz(&kmz, out)).unwrap();
        assert_eq!(aois(&back), vec![&aoi]);
    }

    #[test]
    fn latin1_declared_document_is_decoded() {
        let mut bytes =
            b"<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><kml><Placemark><name>Z\xE9</name><Point><coordinates>1,2</coordinates></Point></Placemark></kml>".to_vec();
        let report = crate::aoi::formats::collect(|out| read_kml(bytes.as_slice(), out)).unwrap();
        assert_eq!(report.items[0].name(), "Zé");
        bytes[0] = 0xFF;
        assert!(crate::aoi::formats::collect(|out| read_kml(bytes.as_slice(), out)).is_err());
    }

    #[test]
    fn the_last_of_many_placemarks_is_named_by_its_line() {
        // Lines came from a scan from the start of the file for each Placemark (quadratic); they
        // now come from one pass: the numbers must be the same.
        let placemark = "<Placemark><name>p</name><Polygon><outerBoundaryIs><LinearRing><coordinates>0,0 1,0 1,1 0,0</coordinates></LinearRing></outerBoundaryIs></Polygon></Placemark>\n";
        let mut text = String::from("<kml><Document>\n");
        for _ in 0..20_000 {
            text.push_str(placemark);
        }
        text.push_str("<Placemark><name>bad</name><Polygon><outerBoundaryIs><LinearRing><coordinates>0,0 x,1</coordinates></LinearRing></outerBoundaryIs></Polygon></Placemark>\n</Document></kml>");
        let message = crate::aoi::formats::collect(|out| read_kml(text.as_bytes(), out))
            .unwrap_err()
            .to_string();
        assert!(
            message.contains("Placemark \"bad\" (line 20002)"),
            "{message}"
        );
        text.truncate(text.len() - "</Document></kml>".len());
        text = text.replace("0,0 x,1", "0,0 1,1");
        let message = crate::aoi::formats::collect(|out| read_kml(text.as_bytes(), out))
            .unwrap_err()
            .to_string();
        assert!(message.contains("<Document> (line 1)"), "{message}");
    }
}
