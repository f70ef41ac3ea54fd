//! The document's text as a window that slides forward: what has not been consumed yet, read a
//! chunk at a time when a token needs more. Consumed text is dropped, so the text held is the
//! token being read plus at most a chunk, never the file; the line of the window's start comes
//! from a counter that only moves forward.

use std::io::Read;

use super::decode::{CHUNK, Decoder};

pub(super) struct Source<R> {
    decoder: Decoder<R>,
    /// Decoded text; `text[start..]` is not consumed yet.
    text: String,
    start: usize,
    /// The line (from 1) of `text[start]`.
    line: usize,
    /// Nothing more will come: the window holds the end of the document.
    ended: bool,
}

impl<R: Read> Source<R> {
    pub fn new(reader: R) -> Result<Self, String> {
        Ok(Source {
            decoder: Decoder::new(reader)?,
            text: String::new(),
            start: 0,
            line: 1,
            ended: false,
        })
    }

    /// The text not consumed yet.
    pub fn rest(&self) -> &str {
        self.text.get(self.start..).unwrap_or("")
    }

    /// The line where [`rest`](Self::rest) starts.
    pub fn line(&self) -> usize {
        self.line
    }

    /// Whether the document's end is in the window (a token incomplete now stays so).
    pub fn ended(&self) -> bool {
        self.ended
    }

    /// Moves the window's start `length` bytes forward (to a character boundary).
    pub fn consume(&mut self, length: usize) {
        let end = self.start.saturating_add(length).min(self.text.len());
        let consumed = self.text.get(self.start..end).unwrap_or("");
        self.line += consumed.bytes().filter(|&b| b == b'\n').count();
        self.start = end;
    }

    /// Adds more of the document to the window; false when there is no more (then
    /// [`ended`](Self::ended) is true).
    pub fn fill(&mut self) -> Result<bool, String> {
        if self.text.is_char_boundary(self.start) {
            self.text.drain(..self.start);
            self.start = 0;
        }
        // A huge token read earlier leaves a huge buffer: give the memory back once it is gone.
        if self.text.capacity() > 4 * CHUNK && self.text.len() < CHUNK {
            self.text.shrink_to(2 * CHUNK);
        }
        let before = self.text.len();
        while self.text.len() == before {
            if !self.decoder.decode_more(&mut self.text)? {
                self.ended = true;
                return Ok(false);
            }
        }
        Ok(true)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_follow_the_window_and_consumed_text_is_dropped() {
        let text = "a\nb\n\nc\n";
        let mut source = Source::new(text.as_bytes()).unwrap();
        assert!(source.fill().unwrap());
        assert_eq!((source.rest(), source.line()), (text, 1));
        source.consume(2);
        assert_eq!((source.rest(), source.line()), ("b\n\nc\n", 2));
        assert!(!source.fill().unwrap());
        assert!(source.ended());
        assert_eq!((source.rest(), source.line()), ("b\n\nc\n", 2));
        assert_eq!(source.text.len(), "b\n\nc\n".len());
        source.consume(3);
        assert_eq!((source.rest(), source.line()), ("c\n", 4));
        source.consume(100);
        assert_eq!((source.rest(), source.line()), ("", 5));
    }
}
