//! Reading one token at the window's start into the tree, asking the source for more text
//! whenever the token's end has not been read yet. What the tree does not keep (comments,
//! processing instructions, DOCTYPE) is dropped as it is read, and text holding more than
//! whitespace goes to its element piece by piece: only tags and runs of whitespace are held
//! whole until their end.

use std::io::Read;

use super::source::Source;
use super::tree::Tree;
use super::{Node, scan};
use scan::{Found, TagEnd};

/// What follows a `<`, told by its first bytes.
#[derive(Clone, Copy)]
enum Markup {
    Instruction,
    Comment,
    Cdata,
    Declaration,
    EndTag,
    StartTag,
}

/// Openers in the order they are told apart (`<!--` before `<!`).
const OPENERS: [(&str, Markup); 5] = [
    ("<?", Markup::Instruction),
    ("<!--", Markup::Comment),
    ("<![CDATA[", Markup::Cdata),
    ("<!", Markup::Declaration),
    ("</", Markup::EndTag),
];

impl Markup {
    /// The markup `rest` (starting with `<`) opens; `None` while the text read so far could
    /// still become another opener.
    fn of(rest: &str, ended: bool) -> Option<Markup> {
        for (opener, markup) in OPENERS {
            if rest.starts_with(opener) {
                return Some(markup);
            }
            if !ended && opener.starts_with(rest) {
                return None;
            }
        }
        Some(Markup::StartTag)
    }
}

/// Reads the markup at the window's start (which is a `<`).
pub(super) fn markup<R: Read, F: FnMut(Node) -> Result<(), String>>(
    source: &mut Source<R>,
    tree: &mut Tree<'_, F>,
) -> Result<(), String> {
    let line = source.line();
    let markup = loop {
        if let Some(markup) = Markup::of(source.rest(), source.ended()) {
            break markup;
        }
        source.fill()?;
    };
    match markup {
        Markup::Instruction => skip_past(source, 1, b"?>", || {
            format!("truncated: the <? at line {line} is never closed")
        }),
        Markup::Comment => skip_past(source, 4, b"-->", || {
            format!("truncated: the comment at line {line} is never closed")
        }),
        Markup::Cdata => cdata(source, tree, line),
        Markup::Declaration => declaration(source, line),
        Markup::EndTag => {
            let truncated = || format!("truncated: the end tag at line {line} is never closed");
            let end = tag_end(source, truncated)?;
            let qname = source.rest().get(2..end).unwrap_or("").trim();
            tree.end_tag(qname, line)?;
            source.consume(end + 1);
            Ok(())
        }
        Markup::StartTag => {
            let truncated = || format!("truncated: the tag at line {line} is never closed");
            let end = tag_end(source, truncated)?;
            tree.start_tag(source.rest().get(1..end).unwrap_or(""), line)?;
            source.consume(end + 1);
            Ok(())
        }
    }
}

/// The offset of the `>` ending the tag at the window's start, reading as far as needed.
fn tag_end<R: Read>(
    source: &mut Source<R>,
    truncated: impl Fn() -> String,
) -> Result<usize, String> {
    let mut search = TagEnd::new();
    loop {
        match search.search(source.rest().as_bytes()) {
            Found::At(end) => return Ok(end),
            Found::Broken => return Err(truncated()),
            Found::NotYet if source.ended() => return Err(truncated()),
            Found::NotYet => {
                source.fill()?;
            }
        }
    }
}

/// Drops everything up to and including `needle`, searched from `from`; read text is dropped as
/// the search goes, but for the few bytes a needle cut by a chunk's end may start with.
fn skip_past<R: Read>(
    source: &mut Source<R>,
    mut from: usize,
    needle: &[u8],
    truncated: impl Fn() -> String,
) -> Result<(), String> {
    loop {
        let rest = source.rest();
        if let Some(at) = scan::find_from(rest.as_bytes(), from, needle) {
            source.consume(at + needle.len());
            return Ok(());
        }
        if source.ended() {
            return Err(truncated());
        }
        let keep_from = rest.len().saturating_sub(needle.len() - 1);
        let drop = scan::boundary_before(rest, keep_from).max(from.min(rest.len()));
        source.consume(drop);
        from = from.saturating_sub(drop);
        source.fill()?;
    }
}

/// A CDATA section: its text goes to the open element as it is read.
fn cdata<R: Read, F: FnMut(Node) -> Result<(), String>>(
    source: &mut Source<R>,
    tree: &mut Tree<'_, F>,
    line: usize,
) -> Result<(), String> {
    let truncated = || format!("truncated: the CDATA section at line {line} is never closed");
    if !tree.in_element() {
        skip_past(source, 9, b"]]>", truncated)?;
        return Err(format!("text outside any element at line {line}"));
    }
    let mut from = 9;
    loop {
        let rest = source.rest();
        if let Some(at) = scan::find_from(rest.as_bytes(), from, b"]]>") {
            tree.cdata(rest.get(from..at).unwrap_or(""));
            source.consume(at + 3);
            return Ok(());
        }
        if source.ended() {
            return Err(truncated());
        }
        // The last two bytes may start the `]]>` the next chunk ends.
        let cut = scan::boundary_before(rest, rest.len().saturating_sub(2)).max(from);
        tree.cdata(rest.get(from..cut).unwrap_or(""));
        source.consume(cut);
        from = 0;
        source.fill()?;
    }
}

/// `<!DOCTYPE ...>` and the like: skipped, honouring an internal `[ ... ]` subset.
fn declaration<R: Read>(source: &mut Source<R>, line: usize) -> Result<(), String> {
    let mut depth = 0usize;
    let mut from = 2;
    loop {
        let rest = source.rest().as_bytes();
        let mut end = None;
        for (i, &b) in rest.iter().enumerate().skip(from) {
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
        let scanned = rest.len();
        if let Some(end) = end {
            source.consume(end);
            return Ok(());
        }
        if source.ended() {
            return Err(format!("truncated: the <! at line {line} is never closed"));
        }
        source.consume(scanned);
        from = from.saturating_sub(scanned);
        source.fill()?;
    }
}

/// How much of a run of nothing but whitespace is held before it is cut to its last character.
const MAX_HELD_WHITESPACE: usize = 64 * 1024;

/// A run of text up to the next `<` (or the end).
pub(super) fn text_run<R: Read, F: FnMut(Node) -> Result<(), String>>(
    source: &mut Source<R>,
    tree: &mut Tree<'_, F>,
) -> Result<(), String> {
    let line = source.line();
    if !tree.in_element() {
        return outside_text(source, line);
    }
    // Bytes of the run already searched for its end (and for text).
    let mut searched = 0;
    // Whether the run holds more than whitespace so far: then it is handed over piece by piece.
    let mut has_text = false;
    loop {
        let rest = source.rest();
        let new = rest.get(searched..).unwrap_or("");
        let end = new.find('<').map(|at| searched + at);
        if !has_text {
            let run = rest.get(searched..end.unwrap_or(rest.len())).unwrap_or("");
            has_text = !run.trim().is_empty();
        }
        if let Some(end) = end {
            tree.text(rest.get(..end).unwrap_or(""), !has_text, true);
            source.consume(end);
            return Ok(());
        }
        if source.ended() {
            let length = rest.len();
            tree.text(rest, !has_text, true);
            source.consume(length);
            return Ok(());
        }
        searched = rest.len();
        if has_text {
            let used = tree.text(rest, false, false);
            source.consume(used);
            searched -= used;
        } else if rest.len() > MAX_HELD_WHITESPACE {
            // Nothing but whitespace so far: only its last character counts (one keeps words
            // apart if text follows), so a gigabyte of spaces is not held.
            let last = rest.char_indices().last().map_or(0, |(at, _)| at);
            source.consume(last);
            searched -= last;
        }
        source.fill()?;
    }
}

/// Text before the root element or after it: whitespace is dropped as it is read, anything else
/// is an error quoting the text's start.
fn outside_text<R: Read>(source: &mut Source<R>, line: usize) -> Result<(), String> {
    const QUOTED: usize = 30;
    loop {
        let rest = source.rest();
        let end = rest.find('<');
        let run = rest.get(..end.unwrap_or(rest.len())).unwrap_or("");
        let Some(first) = run.find(|c: char| !c.is_whitespace()) else {
            let length = run.len();
            source.consume(length);
            if end.is_some() || !source.fill()? {
                return Ok(());
            }
            continue;
        };
        let text = run.get(first..).unwrap_or("");
        if end.is_some() || source.ended() || text.chars().nth(QUOTED).is_some() {
            let quoted: String = text.chars().take(QUOTED).collect();
            return Err(format!(
                "text outside any element at line {line} (\"{}\"): this is not an XML/KML file",
                quoted.trim_end()
            ));
        }
        source.consume(first);
        source.fill()?;
    }
}
