//! The elements open at the reading point, built from tokens as they are read: an element joins
//! its parent when it closes, or goes to the caller when it is a unit, so only the document's
//! skeleton and the unit being read are kept.

use super::{MAX_DEPTH, Node, entities};

/// An element being read, with its qualified name as written (to match its end tag) and whether
/// it is a unit or inside one.
struct Open {
    node: Node,
    qname: String,
    in_unit: bool,
}

pub(super) struct Tree<'u, F> {
    /// A synthetic root (the document) then the open elements, innermost last.
    stack: Vec<Open>,
    units: &'u [&'u str],
    on_unit: F,
    seen_root: bool,
}

impl<'u, F: FnMut(Node) -> Result<(), String>> Tree<'u, F> {
    pub fn new(units: &'u [&'u str], on_unit: F) -> Self {
        Tree {
            stack: vec![Open {
                node: Node::default(),
                qname: String::new(),
                in_unit: false,
            }],
            units,
            on_unit,
            seen_root: false,
        }
    }

    /// Whether an element is open (text outside one is an error).
    pub fn in_element(&self) -> bool {
        self.stack.len() > 1
    }

    /// A start tag; `inner` is what is between `<` and `>`.
    pub fn start_tag(&mut self, inner: &str, line: usize) -> Result<(), String> {
        let self_closing = inner.ends_with('/');
        let inner = inner.strip_suffix('/').unwrap_or(inner);
        let qname_end = inner
            .find(|c: char| c.is_whitespace())
            .unwrap_or(inner.len());
        let qname = inner.get(..qname_end).unwrap_or("");
        if qname.is_empty()
            || !qname
                .chars()
                .all(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | '.' | ':'))
        {
            return Err(format!(
                "malformed tag <{}> at line {line}",
                inner.chars().take(40).collect::<String>(),
            ));
        }
        if self.stack.len() == 1 {
            if self.seen_root {
                return Err(format!(
                    "a second root element <{qname}> at line {line}: the XML is damaged"
                ));
            }
            self.seen_root = true;
        }
        if self.stack.len() > MAX_DEPTH {
            return Err(format!(
                "elements nested more than {MAX_DEPTH} deep at line {line}"
            ));
        }
        let name = qname.rsplit(':').next().unwrap_or(qname);
        let in_unit =
            self.stack.last().is_some_and(|open| open.in_unit) || self.units.contains(&name);
        let node = Node {
            name: name.to_owned(),
            line,
            ..Node::default()
        };
        if self_closing {
            self.close(node, in_unit)
        } else {
            self.stack.push(Open {
                node,
                qname: qname.to_owned(),
                in_unit,
            });
            Ok(())
        }
    }

    /// An end tag naming `qname`.
    pub fn end_tag(&mut self, qname: &str, line: usize) -> Result<(), String> {
        let Some(open) = self.stack.pop() else {
            return Err(format!("unexpected </{qname}> at line {line}"));
        };
        if self.stack.is_empty() {
            return Err(format!(
                "</{qname}> at line {line} closes an element that was never opened"
            ));
        }
        if open.qname != qname {
            return Err(format!(
                "<{}> opened at line {} is closed by </{qname}> at line {line}: the XML is damaged",
                open.qname, open.node.line
            ));
        }
        self.close(open.node, open.in_unit)
    }

    /// Hands a closed element to its parent, or to the caller when it is a unit.
    fn close(&mut self, node: Node, in_unit: bool) -> Result<(), String> {
        let parent_in_unit = self.stack.last().is_some_and(|open| open.in_unit);
        if in_unit && !parent_in_unit {
            return (self.on_unit)(node);
        }
        if let Some(parent) = self.stack.last_mut() {
            parent.node.children.push(node);
        }
        Ok(())
    }

    /// Text of the innermost open element, entities decoded. `whole_run`: `raw` is a whole run
    /// of text between two tags (a run of whitespace only is then kept as one space); otherwise
    /// it is a piece of a run holding text, and more may follow (`complete` false): returns how
    /// many bytes were used (the rest, a cut reference, waits for that text).
    pub fn text(&mut self, raw: &str, whole_run: bool, complete: bool) -> usize {
        let Some(top) = self.stack.last_mut() else {
            return raw.len();
        };
        let text = &mut top.node.text;
        if whole_run && raw.trim().is_empty() {
            // Indentation between child elements: one space keeps words apart without keeping
            // a container's whole layout.
            if !text.is_empty() && !text.ends_with(char::is_whitespace) {
                text.push(' ');
            }
            return raw.len();
        }
        entities::decode(raw, text, complete)
    }

    /// CDATA text of the innermost open element, kept as written.
    pub fn cdata(&mut self, raw: &str) {
        if let Some(top) = self.stack.last_mut() {
            top.node.text.push_str(raw);
        }
    }

    /// The document once its end has been read: a synthetic root whose children are the
    /// top-level elements.
    pub fn finish(mut self) -> Result<Node, String> {
        if self.stack.len() > 1 {
            let opened: Vec<String> = self
                .stack
                .iter()
                .skip(1)
                .map(|open| format!("<{}> (line {})", open.qname, open.node.line))
                .collect();
            return Err(format!(
                "truncated: the file ends before {} is closed; the file is incomplete, download or export it again",
                opened.join(" > ")
            ));
        }
        let root = self.stack.pop().map(|open| open.node).unwrap_or_default();
        if !self.seen_root {
            return Err("no XML element found: this is not a KML file".to_owned());
        }
        Ok(root)
    }
}
