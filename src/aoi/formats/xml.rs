//! A small strict XML reader for KML: elements (local names), their text, and the line each
//! starts on. It reads the document once, front to back: line numbers come from a counter that
//! only moves forward (linear time), and the elements a caller names as *units* (KML's
//! Placemarks) are handed over as soon as they close, so the tree kept is the document's skeleton,
//! not the whole file.

use std::borrow::Cow;

/// Deeper nesting than this is refused (real KML nests a few levels; this bounds recursion).
pub(super) const MAX_DEPTH: usize = 256;

/// An element.
#[derive(Debug, Default)]
pub(super) struct Node {
    /// Local name (prefix dropped: `gx:Track` is `Track`).
    pub name: String,
    /// The line (from 1) of the start tag, for messages.
    pub line: usize,
    /// The element's own text (CDATA included, entities decoded; a run of whitespace between
    /// child elements is kept as one space).
    pub text: String,
    /// Child elements, in document order (units excepted: those went to the caller).
    pub children: Vec<Node>,
}

impl Node {
    /// The first child of that name.
    pub fn child(&self, name: &str) -> Option<&Node> {
        self.children.iter().find(|c| c.name == name)
    }
}

/// The document as text: UTF-8 (BOM allowed), UTF-16 with a BOM, or Latin-1 / Windows-1252 when
/// the XML declaration says so. UTF-8 is borrowed, not copied.
pub(super) fn decode_text(bytes: &[u8]) -> Result<Cow<'_, str>, String> {
    if let Some(rest) = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        return utf8(rest).map(Cow::Borrowed);
    }
    let utf16 = |rest: &[u8], big_endian: bool| {
        let units = rest.chunks_exact(2).map(|pair| match pair {
            [a, b] if big_endian => u16::from_be_bytes([*a, *b]),
            [a, b] => u16::from_le_bytes([*a, *b]),
            _ => 0xFFFD,
        });
        char::decode_utf16(units)
            .collect::<Result<String, _>>()
            .map(Cow::Owned)
            .map_err(|_| "the file starts as UTF-16 text but holds invalid UTF-16".to_owned())
    };
    if let Some(rest) = bytes.strip_prefix(&[0xFF, 0xFE]) {
        return utf16(rest, false);
    }
    if let Some(rest) = bytes.strip_prefix(&[0xFE, 0xFF]) {
        return utf16(rest, true);
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => Ok(Cow::Borrowed(text)),
        Err(error) => {
            let head = String::from_utf8_lossy(bytes.get(..200).unwrap_or(bytes)).to_lowercase();
            let single_byte = ["iso-8859-1", "latin1", "latin-1", "windows-1252", "cp1252"]
                .iter()
                .any(|name| {
                    head.contains(&format!("encoding=\"{name}\""))
                        || head.contains(&format!("encoding='{name}'"))
                });
            if single_byte && head.starts_with("<?xml") {
                Ok(Cow::Owned(super::windows_1252::decode(bytes)))
            } else {
                Err(format!(
                    "the file is not UTF-8 text (invalid byte at offset {}): is it really a KML file? A binary or damaged file cannot be read",
                    error.valid_up_to()
                ))
            }
        }
    }
}

fn utf8(bytes: &[u8]) -> Result<&str, String> {
    std::str::from_utf8(bytes).map_err(|error| {
        format!(
            "the file is not UTF-8 text (invalid byte at offset {}): is it really a KML file?",
            error.valid_up_to()
        )
    })
}

/// Line numbers of byte offsets asked in increasing order, in one pass over the text.
struct Lines<'a> {
    bytes: &'a [u8],
    counted_to: usize,
    line: usize,
}

impl<'a> Lines<'a> {
    fn new(text: &'a str) -> Self {
        Lines {
            bytes: text.as_bytes(),
            counted_to: 0,
            line: 1,
        }
    }

    /// The line of `offset`; offsets before one already asked are counted from the start.
    fn at(&mut self, offset: usize) -> usize {
        if offset < self.counted_to {
            return count_newlines(self.bytes.get(..offset).unwrap_or(&[])) + 1;
        }
        self.line += count_newlines(self.bytes.get(self.counted_to..offset).unwrap_or(&[]));
        self.counted_to = offset;
        self.line
    }
}

fn count_newlines(bytes: &[u8]) -> usize {
    bytes.iter().filter(|&&b| b == b'\n').count()
}

/// An element being read, with its qualified name as written (to match its end tag) and whether
/// it is a unit or inside one.
struct Open {
    node: Node,
    qname: String,
    in_unit: bool,
}

/// Parses `text` into a synthetic root whose children are the top-level elements. An element
/// named in `units` that is not inside another unit is passed to `on_unit` when it closes, in
/// document order, instead of being kept in the tree; an error from `on_unit` stops the reading.
pub(super) fn parse(
    text: &str,
    units: &[&str],
    mut on_unit: impl FnMut(Node) -> Result<(), String>,
) -> Result<Node, String> {
    let bytes = text.as_bytes();
    let mut lines = Lines::new(text);
    let mut stack: Vec<Open> = vec![Open {
        node: Node::default(),
        qname: String::new(),
        in_unit: false,
    }];
    // Hands a closed element to its parent, or to the caller when it is a unit.
    let mut close = |stack: &mut Vec<Open>, node: Node, in_unit: bool| -> Result<(), String> {
        let parent_in_unit = stack.last().is_some_and(|open| open.in_unit);
        if in_unit && !parent_in_unit {
            return on_unit(node);
        }
        if let Some(parent) = stack.last_mut() {
            parent.node.children.push(node);
        }
        Ok(())
    };
    let mut pos = 0;
    let mut seen_root = false;
    while pos < bytes.len() {
        let Some(lt) = find_from(bytes, pos, b"<") else {
            push_text(&mut stack, text.get(pos..).unwrap_or(""), &mut lines, pos)?;
            break;
        };
        if lt > pos {
            push_text(&mut stack, text.get(pos..lt).unwrap_or(""), &mut lines, pos)?;
        }
        let line = lines.at(lt);
        let rest = bytes.get(lt..).unwrap_or(&[]);
        if rest.starts_with(b"<?") {
            pos = end_of(bytes, lt, b"?>")
                .ok_or_else(|| format!("truncated: the <? at line {line} is never closed"))?;
        } else if rest.starts_with(b"<!--") {
            pos = end_of(bytes, lt + 4, b"-->")
                .ok_or_else(|| format!("truncated: the comment at line {line} is never closed"))?;
        } else if rest.starts_with(b"<![CDATA[") {
            let start = lt + 9;
            let end = find_from(bytes, start, b"]]>").ok_or_else(|| {
                format!("truncated: the CDATA section at line {line} is never closed")
            })?;
            if stack.len() < 2 {
                return Err(format!("text outside any element at line {line}"));
            }
            if let Some(top) = stack.last_mut() {
                top.node.text.push_str(text.get(start..end).unwrap_or(""));
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
            pos = end.ok_or_else(|| format!("truncated: the <! at line {line} is never closed"))?;
        } else if rest.starts_with(b"</") {
            let end = tag_end(bytes, lt)
                .ok_or_else(|| format!("truncated: the end tag at line {line} is never closed"))?;
            let qname = text.get(lt + 2..end).unwrap_or("").trim();
            let Some(open) = stack.pop() else {
                return Err(format!("unexpected </{qname}> at line {line}"));
            };
            if stack.is_empty() {
                return Err(format!(
                    "</{qname}> at line {line} closes an element that was never opened"
                ));
            }
            if open.qname != qname {
                return Err(format!(
                    "<{}> opened at line {} is closed by </{qname}> at line {line}: the XML is damaged",
                    open.qname, open.node.line
                ));
            }
            close(&mut stack, open.node, open.in_unit)?;
            pos = end + 1;
        } else {
            let end = tag_end(bytes, lt)
                .ok_or_else(|| format!("truncated: the tag at line {line} is never closed"))?;
            let inner = text.get(lt + 1..end).unwrap_or("");
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
                    "malformed tag <{}> at line {line}",
                    inner.chars().take(40).collect::<String>(),
                ));
            }
            if stack.len() == 1 {
                if seen_root {
                    return Err(format!(
                        "a second root element <{qname}> at line {line}: the XML is damaged"
                    ));
                }
                seen_root = true;
            }
            if stack.len() > MAX_DEPTH {
                return Err(format!(
                    "elements nested more than {MAX_DEPTH} deep at line {line}"
                ));
            }
            let name = qname.rsplit(':').next().unwrap_or(qname);
            let in_unit = stack.last().is_some_and(|open| open.in_unit) || units.contains(&name);
            let node = Node {
                name: name.to_owned(),
                line,
                ..Node::default()
            };
            if self_closing {
                close(&mut stack, node, in_unit)?;
            } else {
                stack.push(Open {
                    node,
                    qname: qname.to_owned(),
                    in_unit,
                });
            }
            pos = end + 1;
        }
    }
    if stack.len() > 1 {
        let opened: Vec<String> = stack
            .iter()
            .skip(1)
            .map(|open| format!("<{}> (line {})", open.qname, open.node.line))
            .collect();
        return Err(format!(
            "truncated: the file ends before {} is closed; the file is incomplete, download or export it again",
            opened.join(" > ")
        ));
    }
    let root = stack.pop().map(|open| open.node).unwrap_or_default();
    if !seen_root {
        return Err("no XML element found: this is not a KML file".to_owned());
    }
    Ok(root)
}

fn push_text(
    stack: &mut [Open],
    raw: &str,
    lines: &mut Lines<'_>,
    offset: usize,
) -> Result<(), String> {
    if stack.len() < 2 {
        if raw.trim().is_empty() {
            return Ok(());
        }
        return Err(format!(
            "text outside any element at line {} (\"{}\"): this is not an XML/KML file",
            lines.at(offset),
            raw.trim().chars().take(30).collect::<String>()
        ));
    }
    if let Some(top) = stack.last_mut() {
        let text = &mut top.node.text;
        if raw.trim().is_empty() {
            // Indentation between child elements: one space keeps words apart without keeping
            // a container's whole layout.
            if !text.is_empty() && !text.ends_with(char::is_whitespace) {
                text.push(' ');
            }
        } else {
            decode_entities(raw, text);
        }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_are_counted_forward_and_backward() {
        let text = "a\nb\n\nc";
        let mut lines = Lines::new(text);
        assert_eq!(lines.at(0), 1);
        assert_eq!(lines.at(2), 2);
        assert_eq!(lines.at(5), 4);
        assert_eq!(lines.at(2), 2);
        assert_eq!(lines.at(6), 4);
    }

    #[test]
    fn units_are_handed_over_in_order_with_their_lines_and_not_kept() {
        let text = "<kml>\n<Document>\n<Placemark><name>a</name></Placemark>\n<Folder>\n<Placemark/>\n</Folder>\n</Document>\n</kml>";
        let mut seen = Vec::new();
        let root = parse(text, &["Placemark"], |node| {
            seen.push((
                node.name.clone(),
                node.line,
                node.child("name").map(|n| n.text.clone()),
            ));
            Ok(())
        })
        .unwrap();
        assert_eq!(
            seen,
            vec![
                ("Placemark".to_owned(), 3, Some("a".to_owned())),
                ("Placemark".to_owned(), 5, None)
            ]
        );
        let document = root.child("kml").and_then(|k| k.child("Document")).unwrap();
        assert_eq!(document.line, 2);
        assert!(document.child("Placemark").is_none());
        assert_eq!(document.child("Folder").unwrap().children.len(), 0);
    }

    #[test]
    fn an_error_names_the_line_where_it_is() {
        let text = "<kml>\n<Document>\n\n<Folder></Document>\n</kml>";
        let error = parse(text, &[], |_| Ok(())).unwrap_err();
        assert!(error.contains("<Folder> opened at line 4"), "{error}");
        assert!(error.contains("</Document> at line 4"), "{error}");
    }
}
