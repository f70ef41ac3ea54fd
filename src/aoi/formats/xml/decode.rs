//! The bytes of an XML file as text, decoded a chunk at a time so that the file is never held
//! whole: UTF-8 (BOM allowed), UTF-16 with a BOM, or Windows-1252 when the XML declaration names
//! a single-byte encoding. A character cut by a chunk's end waits for the next chunk.

use std::io::{self, Read};

use super::super::windows_1252;

/// Bytes asked of the reader at a time.
pub(super) const CHUNK: usize = 64 * 1024;

/// How many bytes at the file's start are searched for the XML declaration's encoding.
const HEAD: usize = 200;

/// Encoding names of the XML declaration read as Windows-1252 (a superset of Latin-1 in
/// everything but the C1 controls, which no KML holds).
const SINGLE_BYTE_NAMES: [&str; 5] = ["iso-8859-1", "latin1", "latin-1", "windows-1252", "cp1252"];

#[derive(Debug, Clone, Copy, PartialEq)]
enum Encoding {
    /// UTF-8. `single_byte_declared`: the declaration names a single-byte encoding, so the first
    /// byte that is not UTF-8 switches to Windows-1252 (see [`Decoder::decode_utf8`]).
    Utf8 {
        bom: bool,
        single_byte_declared: bool,
    },
    Utf16 {
        big_endian: bool,
    },
    Windows1252,
}

/// Decodes a reader's bytes into text, one chunk per call.
pub(super) struct Decoder<R> {
    reader: R,
    /// Where each read lands (allocated once).
    chunk: Vec<u8>,
    encoding: Encoding,
    /// Bytes read but not decoded yet: the file's head at first, then at most a character cut
    /// by a chunk's end.
    pending: Vec<u8>,
    /// The file offset of `pending[0]`, for messages.
    offset: u64,
    reader_ended: bool,
    /// Everything read has been decoded.
    finished: bool,
    /// An invalid byte found after some valid text: told once that text has been handed over, so
    /// an error comes out at the same place however the file was cut into chunks.
    failure: Option<String>,
}

impl<R: Read> Decoder<R> {
    /// Reads the file's first bytes to find its encoding (a BOM, or an XML declaration).
    pub fn new(reader: R) -> Result<Self, String> {
        let mut decoder = Decoder {
            reader,
            chunk: vec![0; CHUNK],
            encoding: Encoding::Utf8 {
                bom: false,
                single_byte_declared: false,
            },
            pending: Vec::new(),
            offset: 0,
            reader_ended: false,
            finished: false,
            failure: None,
        };
        while decoder.pending.len() < HEAD && !decoder.reader_ended {
            decoder.reader_ended = decoder.read_chunk(HEAD - decoder.pending.len())? == 0;
        }
        let (encoding, bom_length) = encoding_of(&decoder.pending);
        decoder.encoding = encoding;
        decoder.consume_pending(bom_length);
        Ok(decoder)
    }

    /// Appends the text of the next chunk to `out`; false once everything has been decoded.
    /// A call may add nothing (a chunk holding only part of a character).
    pub fn decode_more(&mut self, out: &mut String) -> Result<bool, String> {
        if let Some(failure) = self.failure.take() {
            return Err(failure);
        }
        if self.finished {
            return Ok(false);
        }
        if !self.reader_ended {
            self.reader_ended = self.read_chunk(CHUNK)? == 0;
        }
        let at_end = self.reader_ended;
        match self.encoding {
            Encoding::Utf8 {
                bom,
                single_byte_declared,
            } => self.decode_utf8(out, at_end, bom, single_byte_declared),
            Encoding::Utf16 { big_endian } => self.decode_utf16(out, at_end, big_endian),
            Encoding::Windows1252 => self.decode_windows_1252(out),
        }
        self.finished = at_end && self.pending.is_empty();
        Ok(true)
    }

    /// Appends up to `most` bytes from the reader to `pending`; 0 at the end of the file.
    fn read_chunk(&mut self, most: usize) -> Result<usize, String> {
        let buffer = self.chunk.get_mut(..most).unwrap_or_default();
        let read = loop {
            match self.reader.read(buffer) {
                Ok(read) => break read,
                Err(error) if error.kind() == io::ErrorKind::Interrupted => {}
                Err(error) => {
                    return Err(format!(
                        "the file could not be read to its end ({error}): check that it is complete and readable, then import it again"
                    ));
                }
            }
        };
        self.pending
            .extend_from_slice(buffer.get(..read).unwrap_or(buffer));
        Ok(read)
    }

    fn consume_pending(&mut self, length: usize) {
        let length = length.min(self.pending.len());
        self.pending.drain(..length);
        self.offset += length as u64;
    }

    /// A file declared Latin-1 / Windows-1252 is read as UTF-8 as long as it is valid UTF-8, and
    /// as Windows-1252 from its first byte that is not: a file declared Latin-1 but written in
    /// UTF-8 is common, and was read as UTF-8 when files were decoded whole (a file valid UTF-8
    /// throughout still is). Only a file mixing both now differs: what comes before its first
    /// invalid byte is read as UTF-8 rather than as Windows-1252.
    fn decode_utf8(&mut self, out: &mut String, at_end: bool, bom: bool, single_byte: bool) {
        let (valid, problem) = match std::str::from_utf8(&self.pending) {
            Ok(_) => (self.pending.len(), None),
            Err(error) => (error.valid_up_to(), Some(error.error_len())),
        };
        let text = self.pending.get(..valid).unwrap_or_default();
        out.push_str(std::str::from_utf8(text).unwrap_or_default());
        self.consume_pending(valid);
        match problem {
            None => {}
            // A character cut by the chunk's end: its other bytes come with the next chunk.
            Some(None) if !at_end => {}
            Some(_) if single_byte => {
                self.encoding = Encoding::Windows1252;
                self.decode_windows_1252(out);
            }
            Some(_) => {
                let advice = if bom {
                    ""
                } else {
                    " A binary or damaged file cannot be read"
                };
                self.failure = Some(format!(
                    "the file is not UTF-8 text (invalid byte at offset {}): is it really a KML file?{advice}",
                    self.offset
                ));
            }
        }
    }

    fn decode_utf16(&mut self, out: &mut String, at_end: bool, big_endian: bool) {
        let unit = |pair: &[u8]| match pair {
            [a, b] if big_endian => u16::from_be_bytes([*a, *b]),
            [a, b] => u16::from_le_bytes([*a, *b]),
            _ => 0xFFFD,
        };
        let mut units = self.pending.len() / 2;
        // A high surrogate last: its low half comes with the next chunk.
        let last = self.pending.get(units.saturating_sub(1) * 2..units * 2);
        if !at_end
            && last
                .map(unit)
                .is_some_and(|u| (0xD800..0xDC00).contains(&u))
        {
            units -= 1;
        }
        let bytes = self.pending.get(..units * 2).unwrap_or_default();
        for decoded in char::decode_utf16(bytes.chunks_exact(2).map(unit)) {
            match decoded {
                Ok(c) => out.push(c),
                Err(_) => {
                    self.failure =
                        Some("the file starts as UTF-16 text but holds invalid UTF-16".to_owned());
                    break;
                }
            }
        }
        // At the end an odd last byte is dropped, as when whole files were decoded.
        let used = if at_end {
            self.pending.len()
        } else {
            units * 2
        };
        self.consume_pending(used);
    }

    fn decode_windows_1252(&mut self, out: &mut String) {
        out.extend(self.pending.iter().map(|&b| windows_1252::char_of(b)));
        self.consume_pending(self.pending.len());
    }
}

/// The encoding the file's first bytes announce, and the length of its BOM.
fn encoding_of(head: &[u8]) -> (Encoding, usize) {
    if head.starts_with(&[0xEF, 0xBB, 0xBF]) {
        let utf8 = Encoding::Utf8 {
            bom: true,
            single_byte_declared: false,
        };
        return (utf8, 3);
    }
    if head.starts_with(&[0xFF, 0xFE]) {
        return (Encoding::Utf16 { big_endian: false }, 2);
    }
    if head.starts_with(&[0xFE, 0xFF]) {
        return (Encoding::Utf16 { big_endian: true }, 2);
    }
    let head = String::from_utf8_lossy(head).to_lowercase();
    let single_byte_declared = head.starts_with("<?xml")
        && SINGLE_BYTE_NAMES.iter().any(|name| {
            head.contains(&format!("encoding=\"{name}\""))
                || head.contains(&format!("encoding='{name}'"))
        });
    let utf8 = Encoding::Utf8 {
        bom: false,
        single_byte_declared,
    };
    (utf8, 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Everything decoded, with the reader giving `step` bytes at a time.
    fn decode(bytes: &[u8], step: usize) -> Result<String, String> {
        let reader = super::super::tests::Trickle::new(bytes, step);
        let mut decoder = Decoder::new(reader)?;
        let mut text = String::new();
        while decoder.decode_more(&mut text)? {}
        Ok(text)
    }

    #[test]
    fn utf16_with_a_surrogate_pair_cut_anywhere() {
        let text = "<kml>é 𝄞 €</kml>";
        for big_endian in [false, true] {
            let mut bytes = if big_endian {
                vec![0xFE, 0xFF]
            } else {
                vec![0xFF, 0xFE]
            };
            for unit in text.encode_utf16() {
                let pair = if big_endian {
                    unit.to_be_bytes()
                } else {
                    unit.to_le_bytes()
                };
                bytes.extend(pair);
            }
            for step in [1, 3, 7, 1000] {
                assert_eq!(decode(&bytes, step).unwrap(), text, "step {step}");
            }
            // A lone high surrogate at the end is refused.
            bytes.extend(if big_endian {
                [0xD8, 0x34]
            } else {
                [0x34, 0xD8]
            });
            assert!(decode(&bytes, 1).unwrap_err().contains("invalid UTF-16"));
        }
    }

    #[test]
    fn an_invalid_byte_is_named_by_its_offset_in_the_file() {
        let mut bytes = "<kml>é".as_bytes().to_vec();
        bytes.push(0xFF);
        for step in [1, 2, 1000] {
            let message = decode(&bytes, step).unwrap_err();
            assert!(message.contains("invalid byte at offset 7"), "{message}");
        }
        let mut with_bom = vec![0xEF, 0xBB, 0xBF];
        with_bom.extend(&bytes);
        let message = decode(&with_bom, 1).unwrap_err();
        assert!(message.contains("invalid byte at offset 10"), "{message}");
        // A character cut by the end of the file is invalid too.
        let message = decode("<kml>é".as_bytes().split_last().unwrap().1, 1).unwrap_err();
        assert!(message.contains("invalid byte at offset 5"), "{message}");
    }

    #[test]
    fn declared_latin1_is_windows_1252_from_the_first_byte_that_is_not_utf8() {
        let head = "<?xml version=\"1.0\" encoding='latin1'?>";
        let latin1 = [head.as_bytes(), b"<a>Z\xE9 \x80</a>"].concat();
        let utf8 = format!("{head}<a>Zé €</a>");
        for step in [1, 7, 1000] {
            assert_eq!(decode(&latin1, step).unwrap(), utf8);
            assert_eq!(decode(utf8.as_bytes(), step).unwrap(), utf8);
        }
    }
}
