//! A small strict XML reader for KML: elements (local names), their text, and the line each
//! starts on. It reads the document once, front to back, as a stream: the bytes are decoded a
//! chunk at a time ([`decode`]) into a window that keeps only what is not consumed yet
//! ([`source`]); each token is read from the window ([`tokens`]) into the open elements
//! ([`tree`]). Line numbers come from a counter that only moves forward (linear time), and the
//! elements a caller names as *units* (KML's Placemarks) are handed over as soon as they close,
//! so what is held is the document's skeleton and the unit being read, never the whole file.

mod decode;
mod entities;
mod scan;
mod source;
#[cfg(test)]
mod tests;
mod tokens;
mod tree;

use std::io::Read;

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

/// Parses the document `reader` gives into a synthetic root whose children are the top-level
/// elements. An element named in `units` that is not inside another unit is passed to `on_unit`
/// when it closes, in document order, instead of being kept in the tree; an error from `on_unit`
/// stops the reading.
pub(super) fn parse(
    reader: impl Read,
    units: &[&str],
    on_unit: impl FnMut(Node) -> Result<(), String>,
) -> Result<Node, String> {
    let mut source = source::Source::new(reader)?;
    let mut tree = tree::Tree::new(units, on_unit);
    loop {
        if source.rest().is_empty() && !source.fill()? {
            break;
        }
        if source.rest().starts_with('<') {
            tokens::markup(&mut source, &mut tree)?;
        } else {
            tokens::text_run(&mut source, &mut tree)?;
        }
    }
    tree.finish()
}
