//! Searches inside a token whose end may not have been read yet. Each search remembers how far
//! it got, so that reading more and searching again looks only at the new bytes: a huge token
//! costs its length, not its length squared.

/// What a search in the text read so far found.
#[derive(Debug, PartialEq)]
pub(super) enum Found {
    /// The end, at this offset from the token's start.
    At(usize),
    /// Something that cannot be in the token (a `<` in a tag): the token is broken.
    Broken,
    /// Not in the text read so far: read more and search again.
    NotYet,
}

/// The `>` ending a tag (start or end tag), skipping quoted attribute values.
pub(super) struct TagEnd {
    /// Offset (from the `<`) of the first byte not looked at yet.
    searched: usize,
    quote: Option<u8>,
}

impl TagEnd {
    pub fn new() -> Self {
        TagEnd {
            searched: 1,
            quote: None,
        }
    }

    /// Searches `token` (the tag from its `<`, as far as read) from where the last search stopped.
    pub fn search(&mut self, token: &[u8]) -> Found {
        let new = token.get(self.searched..).unwrap_or_default();
        for (i, &b) in new.iter().enumerate() {
            match (self.quote, b) {
                (Some(q), _) if b == q => self.quote = None,
                (Some(_), _) => {}
                (None, b'"' | b'\'') => self.quote = Some(b),
                (None, b'>') => return Found::At(self.searched + i),
                (None, b'<') => return Found::Broken,
                _ => {}
            }
        }
        self.searched = self.searched.max(token.len());
        Found::NotYet
    }
}

/// The offset of `needle` in `haystack` at or after `from`.
pub(super) fn find_from(haystack: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    haystack
        .get(from..)?
        .windows(needle.len())
        .position(|w| w == needle)
        .map(|p| p + from)
}

/// The largest character boundary of `text` at or before `at`.
pub(super) fn boundary_before(text: &str, at: usize) -> usize {
    let mut at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_tag_read_a_byte_at_a_time_is_searched_once() {
        let tag = br#"<Placemark id="a>b" name='c"d'>"#;
        let mut end = TagEnd::new();
        for length in 1..tag.len() {
            assert_eq!(end.search(&tag[..length]), Found::NotYet);
            // The next search starts where this one stopped: each byte is looked at once.
            assert_eq!(end.searched, length.max(1));
        }
        assert_eq!(end.search(tag), Found::At(tag.len() - 1));
        assert_eq!(TagEnd::new().search(b"<a b<"), Found::Broken);
    }

    #[test]
    fn boundaries_and_finds() {
        assert_eq!(boundary_before("a€", 3), 1);
        assert_eq!(boundary_before("a€", 9), 4);
        assert_eq!(find_from(b"-->-->", 1, b"-->"), Some(3));
        assert_eq!(find_from(b"--", 5, b"-->"), None);
    }
}
