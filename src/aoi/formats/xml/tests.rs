//! The reader as a whole: the same tree, units, lines and errors however the file is cut into
//! chunks (down to one byte at a time, so that every token is split), and in every encoding.

use std::io::Read;

use super::*;

/// A reader giving at most `step` bytes per call, as a slow pipe or a zip entry may.
pub(super) struct Trickle<'a> {
    bytes: &'a [u8],
    step: usize,
}

impl<'a> Trickle<'a> {
    pub fn new(bytes: &'a [u8], step: usize) -> Self {
        Trickle { bytes, step }
    }
}

impl Read for Trickle<'_> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let length = self.step.min(buf.len()).min(self.bytes.len());
        let (now, later) = self.bytes.split_at(length);
        buf[..length].copy_from_slice(now);
        self.bytes = later;
        Ok(length)
    }
}

/// The tree or the error, and the units handed over, read `step` bytes at a time.
fn outcome(bytes: &[u8], step: usize) -> String {
    let mut units = Vec::new();
    let result = parse(Trickle::new(bytes, step), &["Placemark"], |node| {
        units.push(format!("{node:?}"));
        Ok(())
    });
    format!("{result:?}\n{units:?}")
}

/// The outcome of one big read, checked to be the same in small chunks.
fn same_in_any_chunks(bytes: &[u8]) -> String {
    let whole = outcome(bytes, usize::MAX);
    for step in [1, 2, 7, 64] {
        assert_eq!(outcome(bytes, step), whole, "read {step} bytes at a time");
    }
    whole
}

/// Everything the reader meets: declaration, DOCTYPE with an internal subset, comments,
/// processing instructions, attributes holding `>`, references, multi-byte characters (a
/// surrogate pair in UTF-16), CDATA, units nested in a Folder, self-closing units.
const DOCUMENT: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE kml [ <!ENTITY e "x"> <!ELEMENT kml ANY> ]>
<!-- a comment with <tags> and - dashes -->
<kml xmlns="http://www.opengis.net/kml/2.2">
<Document id="d>1" name='q"q'>
  <name>Zé € 𝄞 &amp; &#233;&#xE9; &unknown;</name>
  <description><![CDATA[<b>bold</b> ]] ]]></description>
  <Placemark><name>p1</name>
    <Polygon><outerBoundaryIs><LinearRing><coordinates>
      1,2 3,4
    </coordinates></LinearRing></outerBoundaryIs></Polygon>
  </Placemark>
  <?pi stuff?>
  <Folder>
    <Placemark/>
  </Folder>
</Document>
</kml>
"#;

fn utf16(text: &str, big_endian: bool) -> Vec<u8> {
    let mut bytes = if big_endian {
        vec![0xFE, 0xFF]
    } else {
        vec![0xFF, 0xFE]
    };
    for unit in text.encode_utf16() {
        bytes.extend(if big_endian {
            unit.to_be_bytes()
        } else {
            unit.to_le_bytes()
        });
    }
    bytes
}

#[test]
fn every_token_split_across_chunks_reads_the_same() {
    let whole = same_in_any_chunks(DOCUMENT.as_bytes());
    let mut placemarks = Vec::new();
    let root = parse(DOCUMENT.as_bytes(), &["Placemark"], |node| {
        placemarks.push(node);
        Ok(())
    })
    .unwrap();
    let document = root.child("kml").and_then(|k| k.child("Document")).unwrap();
    assert_eq!(document.line, 5);
    let name = &document.child("name").unwrap().text;
    assert_eq!(name, "Zé € 𝄞 & éé &unknown;");
    let description = &document.child("description").unwrap().text;
    assert_eq!(description, "<b>bold</b> ]] ");
    assert_eq!(placemarks.len(), 2, "{whole}");
    assert_eq!((placemarks[0].line, placemarks[1].line), (8, 15));
    let coordinates = placemarks[0]
        .child("Polygon")
        .and_then(|p| p.child("outerBoundaryIs"))
        .and_then(|b| b.child("LinearRing"))
        .and_then(|r| r.child("coordinates"))
        .unwrap();
    assert_eq!(coordinates.text.trim(), "1,2 3,4");
}

#[test]
fn utf16_in_both_byte_orders_reads_as_utf8() {
    let expected = outcome(DOCUMENT.as_bytes(), usize::MAX);
    for big_endian in [false, true] {
        assert_eq!(same_in_any_chunks(&utf16(DOCUMENT, big_endian)), expected);
    }
}

#[test]
fn a_latin1_declared_file_reads_as_its_utf8_twin() {
    let latin1 = DOCUMENT
        .replace("encoding=\"UTF-8\"", "encoding=\"ISO-8859-1\"")
        .replace(" € 𝄞", "");
    let bytes: Vec<u8> = latin1.chars().map(|c| c as u32 as u8).collect();
    assert!(std::str::from_utf8(&bytes).is_err());
    assert_eq!(
        same_in_any_chunks(&bytes),
        outcome(latin1.as_bytes(), usize::MAX)
    );
}

#[test]
fn every_truncation_gives_the_same_error_in_any_chunks() {
    for cut in 0..DOCUMENT.len() {
        let Some(part) = DOCUMENT.get(..cut) else {
            continue;
        };
        let whole = same_in_any_chunks(part.as_bytes());
        if DOCUMENT
            .get(cut..)
            .is_some_and(|rest| !rest.trim().is_empty())
        {
            assert!(whole.starts_with("Err("), "cut at {cut}: {whole}");
        }
    }
    let message = outcome(b"<kml>\n<Document>\n<!-- never", 7);
    assert!(
        message.contains("truncated: the comment at line 3 is never closed"),
        "{message}"
    );
    let message = outcome(b"<kml>\n<Document><name>x</name>", 1);
    assert!(
        message.contains(
            "truncated: the file ends before <kml> (line 1) > <Document> (line 2) is closed"
        ),
        "{message}"
    );
    for (text, what) in [
        ("<kml><![CDATA[x", "the CDATA section at line 1"),
        ("<kml><!DOCTYPE [>", "the <! at line 1"),
        ("<kml><?pi", "the <? at line 1"),
        ("<kml></kml", "the end tag at line 1"),
        ("<kml><a b='>'", "the tag at line 1"),
    ] {
        let message = outcome(text.as_bytes(), 1);
        assert!(
            message.contains(&format!("truncated: {what} is never closed")),
            "{message}"
        );
    }
}

#[test]
fn errors_name_their_line_and_come_out_in_file_order() {
    let message = same_in_any_chunks(b"<kml>\n<Document>\n\n<Folder></Document>\n</kml>");
    assert!(message.contains("<Folder> opened at line 4"), "{message}");
    assert!(message.contains("</Document> at line 4"), "{message}");
    // A damaged tag before an invalid byte is told first, however the file is read.
    let message = same_in_any_chunks(b"<kml>\n<a$b>\n<\xFF/>");
    assert!(
        message.contains("malformed tag <a$b> at line 2"),
        "{message}"
    );
    let message = same_in_any_chunks(b"<kml>\n<a>\xC3\xA9\xFF</a></kml>");
    assert!(message.contains("invalid byte at offset 11"), "{message}");
    let message =
        same_in_any_chunks(b"\n\n   some text before the root element, longer than quoted <kml/>");
    assert!(
        message.contains("text outside any element at line 1"),
        "{message}"
    );
    assert!(
        message.contains("some text before the root elem\\\""),
        "{message}"
    );
    let message = same_in_any_chunks(b"<kml/>\n<![CDATA[x]]>");
    assert!(
        message.contains("text outside any element at line 2"),
        "{message}"
    );
}

#[test]
fn whitespace_between_elements_is_one_space_and_text_is_kept_as_written() {
    let text = "<a>\n  x<b/>\n  <c/>y &lt;\n z\n</a>";
    let result = same_in_any_chunks(text.as_bytes());
    let root = parse(text.as_bytes(), &[], |_| Ok(())).unwrap();
    assert_eq!(root.child("a").unwrap().text, "\n  x y <\n z\n", "{result}");
}

#[test]
fn units_are_handed_over_in_order_with_their_lines_and_not_kept() {
    let text = "<kml>\n<Document>\n<Placemark><name>a</name></Placemark>\n<Folder>\n<Placemark/>\n</Folder>\n</Document>\n</kml>";
    let mut seen = Vec::new();
    let root = parse(text.as_bytes(), &["Placemark"], |node| {
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
fn a_text_run_longer_than_a_chunk_is_read_whole() {
    let coordinates = "1.5,2.5 ".repeat(3 * decode::CHUNK / 8);
    let text =
        format!("<kml><coordinates>{coordinates}&amp;</coordinates><!--{coordinates}--></kml>");
    let root = parse(Trickle::new(text.as_bytes(), 5000), &[], |_| Ok(())).unwrap();
    let read = &root
        .child("kml")
        .unwrap()
        .child("coordinates")
        .unwrap()
        .text;
    assert_eq!(read.len(), coordinates.len() + 1);
    assert!(read.starts_with(&coordinates) && read.ends_with('&'));
}

#[test]
fn a_long_run_of_whitespace_is_not_held_and_keeps_its_lines() {
    // A megabyte of blanks before a name: only its last character is kept, the lines counted.
    let blanks = "  \n".repeat(1 << 18);
    let text = format!("<kml><name>{blanks}Zone</name>\n<Placemark/>\n</kml>");
    let mut lines = Vec::new();
    let root = parse(
        Trickle::new(text.as_bytes(), 4096),
        &["Placemark"],
        |node| {
            lines.push(node.line);
            Ok(())
        },
    )
    .unwrap();
    let name = &root.child("kml").unwrap().child("name").unwrap().text;
    // What is kept of the blanks is bounded (at most what a cut leaves, plus one chunk).
    assert_eq!(name.trim(), "Zone");
    assert!(
        name.len() < 256 * 1024,
        "{} bytes kept of {}",
        name.len(),
        blanks.len()
    );
    assert_eq!(lines, [(1 << 18) + 2]);
}

#[test]
fn a_read_failing_midway_is_an_error_saying_so() {
    struct Failing<'a>(Trickle<'a>);
    impl Read for Failing<'_> {
        fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
            match self.0.read(buf)? {
                0 => Err(std::io::Error::other("the disk is gone")),
                read => Ok(read),
            }
        }
    }
    let result = parse(
        Failing(Trickle::new(b"<kml><Document>", 3)),
        &[],
        |_| Ok(()),
    );
    let message = result.unwrap_err();
    assert!(
        message.contains("could not be read to its end (the disk is gone)"),
        "{message}"
    );
}
