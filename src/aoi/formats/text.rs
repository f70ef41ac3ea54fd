//! A file read as a stream, watched on the way: whether it held anything but whitespace (an
//! empty file is told as such, not as a parse error) and the I/O error that cut it short, which a
//! parser would otherwise report as a syntax error.

use std::io::{self, Read};

/// A reader that remembers whether a non-whitespace byte went through it, and its first error.
pub(super) struct SeenText<R> {
    inner: R,
    seen_text: bool,
    error: Option<io::Error>,
}

impl<R: Read> SeenText<R> {
    pub fn new(inner: R) -> Self {
        SeenText {
            inner,
            seen_text: false,
            error: None,
        }
    }

    /// Whether anything but ASCII whitespace was read.
    pub fn seen_text(&self) -> bool {
        self.seen_text
    }

    /// The I/O error that ended the reading, if one did.
    pub fn error(&mut self) -> Option<io::Error> {
        self.error.take()
    }
}

impl<R: Read> Read for SeenText<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        match self.inner.read(buf) {
            Ok(read) => {
                if !self.seen_text {
                    self.seen_text = buf
                        .get(..read)
                        .is_some_and(|bytes| !bytes.iter().all(u8::is_ascii_whitespace));
                }
                Ok(read)
            }
            Err(error) if error.kind() == io::ErrorKind::Interrupted => Err(error),
            Err(error) => {
                let kind = error.kind();
                let message = error.to_string();
                self.error = Some(error);
                Err(io::Error::new(kind, message))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whitespace_is_not_text() {
        let mut blank = SeenText::new(&b" \n\t\r\n"[..]);
        io::copy(&mut blank, &mut io::sink()).unwrap();
        assert!(!blank.seen_text());
        let mut text = SeenText::new(&b"\n {"[..]);
        io::copy(&mut text, &mut io::sink()).unwrap();
        assert!(text.seen_text());
        assert!(text.error().is_none());
    }
}
