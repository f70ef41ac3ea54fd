//! The `.dbf` table beside a layer: the name of each record, in the encoding its `.cpg` declares.

use std::io::Read;

use crate::aoi::formats::Sink;
use crate::aoi::formats::name_fields::naming_fields;
use crate::aoi::formats::windows_1252;

/// How the `.dbf`'s text is encoded.
#[derive(Clone, Copy, PartialEq, Debug)]
pub(super) enum TextEncoding {
    /// UTF-8, falling back to Windows-1252 for a value that is not valid UTF-8.
    Utf8OrWindows1252,
    Windows1252,
}

pub(super) fn dbf_encoding(cpg: Option<&[u8]>, report: &mut dyn Sink, label: &str) -> TextEncoding {
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
            report.warning(format!(
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
            Err(_) => windows_1252::decode(bytes),
        },
        TextEncoding::Windows1252 => windows_1252::decode(bytes),
    }
}

/// The bytes a dBase table takes by its 32-byte header: the header and field list, then every
/// record (the closing 0x1A byte not counted).
pub(super) fn declared_size(header: &[u8]) -> Option<u64> {
    let record_count = u64::from(u32::from_le_bytes(header.get(4..8)?.try_into().ok()?));
    let header_len = u64::from(u16::from_le_bytes(header.get(8..10)?.try_into().ok()?));
    let record_len = u64::from(u16::from_le_bytes(header.get(10..12)?.try_into().ok()?));
    Some(header_len + record_count * record_len)
}

/// A field that may name a record: its type, and where it lies in a record.
struct NameField {
    kind: u8,
    offset: usize,
    len: usize,
}

/// The names of a dBase table's records, read one record at a time: for each, the first naming
/// field holding a non-empty character or numeric value.
pub(super) struct Names<R> {
    dbf: R,
    record_count: u32,
    read: u32,
    fields: Vec<NameField>,
    record: Vec<u8>,
    encoding: TextEncoding,
}

impl<R: Read> Names<R> {
    /// Reads the header and the field list.
    pub fn open(mut dbf: R, encoding: TextEncoding) -> Result<Self, String> {
        let mut header = [0u8; 32];
        dbf.read_exact(&mut header)
            .map_err(|_| "the file is too short for a dBase header")?;
        let [_, _, _, _, c0, c1, c2, c3, h0, h1, r0, r1, ..] = header;
        let record_count = u32::from_le_bytes([c0, c1, c2, c3]);
        let header_len = usize::from(u16::from_le_bytes([h0, h1]));
        let record_len = usize::from(u16::from_le_bytes([r0, r1]));

        let mut descriptors = Vec::new();
        (&mut dbf)
            .take(header_len.saturating_sub(32) as u64)
            .read_to_end(&mut descriptors)
            .map_err(|error| format!("the field list could not be read ({error})"))?;
        let mut fields = Vec::new();
        let mut offset = 1; // the deletion flag
        let mut at = 0;
        while at + 32 <= header_len.saturating_sub(32) {
            let descriptor = descriptors
                .get(at..at + 32)
                .ok_or("the field list is truncated")?;
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
            fields.push((name, NameField { kind, offset, len }));
            offset += len;
            at += 32;
        }
        if offset > record_len {
            return Err(format!(
                "its fields take {offset} bytes but its records are {record_len} bytes long"
            ));
        }
        if descriptors.len() < header_len.saturating_sub(32) && record_count > 0 {
            return Err(format!(
                "its header announces {record_count} records but the file holds 0"
            ));
        }
        let chosen = naming_fields(fields, |field| {
            matches!(field.kind, b'C' | b'N' | b'F' | b'I' | b'O' | b'B')
        });
        Ok(Names {
            dbf,
            record_count,
            read: 0,
            fields: chosen,
            record: vec![0u8; record_len],
            encoding,
        })
    }

    /// How many records the header announces.
    pub fn record_count(&self) -> usize {
        self.record_count as usize
    }

    /// The next record's name (empty when no naming field holds one).
    pub fn next_name(&mut self) -> Result<String, String> {
        let index = self.read;
        if index >= self.record_count || self.dbf.read_exact(&mut self.record).is_err() {
            return Err(format!(
                "its header announces {} records but the file holds {index}",
                self.record_count
            ));
        }
        self.read += 1;
        Ok(self
            .fields
            .iter()
            .find_map(|field| {
                let bytes = self.record.get(field.offset..field.offset + field.len)?;
                field_text(field.kind, bytes, self.encoding)
            })
            .unwrap_or_default())
    }
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

#[cfg(test)]
mod tests {
    use super::*;

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
            if let Ok(mut names) = Names::open(bytes, TextEncoding::Utf8OrWindows1252) {
                for _ in 0..names.record_count().min(10) {
                    let _ = names.next_name();
                }
            }
        }
    }
}
