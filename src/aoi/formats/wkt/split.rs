//! A WKT file cut into geometry texts as it is read: a geometry ends where its parentheses
//! balance (or, without parentheses, at the end of its line). Only the geometry being read is
//! kept, never the file, and every byte is checked to be UTF-8 on the way.

use std::io::{self, Read};

/// How much is read at a time: from the first few KiB (a pasted polygon) up to this.
const CHUNK_BYTES: usize = 64 * 1024;
const FIRST_CHUNK_BYTES: usize = 4 * 1024;

/// Why a file could not be cut into geometries.
#[derive(Debug)]
pub(super) enum SplitError {
    /// The file could not be read.
    Io(io::Error),
    /// A byte that is not UTF-8, at this offset of the file.
    NotUtf8 { offset: u64 },
}

/// The geometry texts of a WKT stream, each with the line (from 1) it starts on.
pub(super) struct GeometryTexts<R> {
    source: R,
    /// Read and not yet handed out; `buf[0]` is at `base` in the file.
    buf: Vec<u8>,
    base: u64,
    /// `buf[..valid]` is known to be UTF-8 (a character cut by the end of a read waits).
    valid: usize,
    /// `buf[..scanned]` has been looked at.
    scanned: usize,
    /// The current geometry's first byte in `buf`, and its line.
    start: Option<(usize, usize)>,
    depth: i64,
    line: usize,
    ended: bool,
}

impl<R: Read> GeometryTexts<R> {
    pub fn new(source: R) -> Self {
        GeometryTexts {
            source,
            buf: Vec::new(),
            base: 0,
            valid: 0,
            scanned: 0,
            start: None,
            depth: 0,
            line: 1,
            ended: false,
        }
    }

    /// The next geometry text and its line, or `None` at the end of the file.
    pub fn next_text(&mut self) -> Result<Option<(usize, String)>, SplitError> {
        loop {
            if let Some(found) = self.scan() {
                return Ok(Some(found));
            }
            if self.ended {
                return Ok(self.rest());
            }
            self.compact();
            self.fill()?;
        }
    }

    /// Looks at the checked bytes not yet looked at; a geometry that ends among them is taken
    /// out.
    fn scan(&mut self) -> Option<(usize, String)> {
        while self.scanned < self.valid {
            let offset = self.scanned;
            let byte = self.buf[offset];
            let width = char_width(byte);
            if self.start.is_none() && !self.is_space_at(offset, byte) {
                self.start = Some((offset, self.line));
            }
            self.scanned += width;
            match byte {
                b'(' => self.depth += 1,
                b')' => {
                    self.depth -= 1;
                    if self.depth <= 0 {
                        self.depth = 0;
                        if let Some((begin, line)) = self.start.take() {
                            return Some((line, self.text(begin, offset + 1)));
                        }
                    }
                }
                b'\n' => {
                    self.line += 1;
                    // A geometry without parentheses (e.g. "POLYGON EMPTY") ends at its line's end.
                    if self.depth == 0
                        && let Some((begin, line)) = self.start.take()
                    {
                        return Some((line, self.text(begin, offset).trim_end().to_owned()));
                    }
                }
                _ => {}
            }
        }
        None
    }

    /// What is left at the end of the file, when it is more than whitespace.
    fn rest(&mut self) -> Option<(usize, String)> {
        let (begin, line) = self.start.take()?;
        let rest = self.text(begin, self.buf.len());
        let rest = rest.trim();
        (!rest.is_empty()).then(|| (line, rest.to_owned()))
    }

    /// Whether the character at `offset` is whitespace (any Unicode whitespace).
    fn is_space_at(&self, offset: usize, byte: u8) -> bool {
        if byte.is_ascii() {
            return byte.is_ascii_whitespace();
        }
        let end = (offset + char_width(byte)).min(self.valid);
        std::str::from_utf8(&self.buf[offset..end])
            .ok()
            .and_then(|text| text.chars().next())
            .is_some_and(char::is_whitespace)
    }

    fn text(&self, begin: usize, end: usize) -> String {
        // Checked as UTF-8 when read, and cut at ASCII delimiters or a character's start.
        String::from_utf8_lossy(&self.buf[begin..end]).into_owned()
    }

    /// Drops what was handed out or was whitespace between geometries.
    fn compact(&mut self) {
        let keep_from = self.start.map_or(self.scanned, |(begin, _)| begin);
        self.buf.drain(..keep_from);
        self.base += keep_from as u64;
        self.valid -= keep_from;
        self.scanned -= keep_from;
        if let Some((begin, _)) = &mut self.start {
            *begin -= keep_from;
        }
    }

    /// Reads one more chunk and checks its UTF-8.
    fn fill(&mut self) -> Result<(), SplitError> {
        let before = self.buf.len();
        let read_so_far = usize::try_from(self.base).unwrap_or(usize::MAX) + before;
        let chunk = read_so_far.clamp(FIRST_CHUNK_BYTES, CHUNK_BYTES);
        self.buf.resize(before + chunk, 0);
        let read = loop {
            match self.source.read(&mut self.buf[before..]) {
                Ok(read) => break read,
                Err(error) if error.kind() == io::ErrorKind::Interrupted => {}
                Err(error) => {
                    self.buf.truncate(before);
                    return Err(SplitError::Io(error));
                }
            }
        };
        self.buf.truncate(before + read);
        if read == 0 {
            self.ended = true;
        }
        match std::str::from_utf8(&self.buf[self.valid..]) {
            Ok(_) => self.valid = self.buf.len(),
            Err(error) if error.error_len().is_none() && !self.ended => {
                self.valid += error.valid_up_to();
            }
            Err(error) => {
                return Err(SplitError::NotUtf8 {
                    offset: self.base + (self.valid + error.valid_up_to()) as u64,
                });
            }
        }
        Ok(())
    }
}

/// The bytes of the UTF-8 character a byte starts (1 for a byte inside a character, so that the
/// scan moves on).
fn char_width(byte: u8) -> usize {
    match byte {
        0xF0..=0xFF => 4,
        0xE0..=0xEF => 3,
        0xC0..=0xDF => 2,
        _ => 1,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A reader that hands out `step` bytes at a time, to cut every token somewhere.
    struct Trickle<'a> {
        bytes: &'a [u8],
        step: usize,
    }

    impl Read for Trickle<'_> {
        fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
            let n = self.step.min(buf.len()).min(self.bytes.len());
            buf[..n].copy_from_slice(&self.bytes[..n]);
            self.bytes = &self.bytes[n..];
            Ok(n)
        }
    }

    fn texts(bytes: &[u8], step: usize) -> Result<Vec<(usize, String)>, String> {
        let mut split = GeometryTexts::new(Trickle { bytes, step });
        let mut out = Vec::new();
        loop {
            match split.next_text() {
                Ok(Some(found)) => out.push(found),
                Ok(None) => return Ok(out),
                Err(SplitError::NotUtf8 { offset }) => return Err(format!("byte {offset}")),
                Err(SplitError::Io(error)) => return Err(error.to_string()),
            }
        }
    }

    #[test]
    fn geometries_come_out_the_same_however_the_file_is_cut() {
        let text = "POLYGON((0 0, 1 0, 1 1, 0 0))\n\u{a0}\u{2003}POINT(é 1)\nPOLYGON EMPTY\n\
                    MULTIPOLYGON(((0 0, 1 0, 0 0)),\n((2 2, 3 2, 2 2)))  POLYGON((5 5,\n 6 6, 5 5))  ";
        let whole = texts(text.as_bytes(), usize::MAX).unwrap();
        assert_eq!(
            whole,
            [
                (1, "POLYGON((0 0, 1 0, 1 1, 0 0))".to_owned()),
                (2, "POINT(é 1)".to_owned()),
                (3, "POLYGON EMPTY".to_owned()),
                (
                    4,
                    "MULTIPOLYGON(((0 0, 1 0, 0 0)),\n((2 2, 3 2, 2 2)))".to_owned()
                ),
                (5, "POLYGON((5 5,\n 6 6, 5 5))".to_owned()),
            ]
        );
        for step in [1, 2, 3, 7] {
            assert_eq!(texts(text.as_bytes(), step).unwrap(), whole, "step {step}");
        }
    }

    #[test]
    fn an_unbalanced_end_and_a_bad_byte_are_told() {
        assert_eq!(
            texts(b"POLYGON((0 0, 1 1", 3).unwrap(),
            [(1, "POLYGON((0 0, 1 1".to_owned())]
        );
        for step in [1, 4, usize::MAX] {
            assert_eq!(
                texts(b"POLYGON((0 0,\xff 1 1))", step).unwrap_err(),
                "byte 13"
            );
            // A character cut by the end of the file is not UTF-8 either.
            assert_eq!(texts(b"POINT(1 2) \xc3", step).unwrap_err(), "byte 11");
        }
        assert!(texts(b"  \n\t ", 2).unwrap().is_empty());
    }
}
