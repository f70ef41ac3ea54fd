//! Windows-1252 (Latin-1 with printable 0x80..=0x9F), the single-byte encoding of old KML
//! exports and of most `.dbf` tables: the one decoder both use.

/// A Windows-1252 byte as a char (Latin-1 except 0x80..=0x9F).
pub(super) fn char_of(byte: u8) -> char {
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

/// Windows-1252 bytes as text (every byte is one char).
pub(super) fn decode(bytes: &[u8]) -> String {
    bytes.iter().map(|&b| char_of(b)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn latin1_and_the_windows_high_range() {
        assert_eq!(decode(b"Z\xE9 \x80 \x9F A"), "Zé € Ÿ A");
        assert_eq!(char_of(0x81), '\u{81}');
    }
}
