//! The house rules that reading enforces, checked on the source: no two modules import each
//! other (at any depth, counting `crate::` and `super::` paths outside test modules), and the
//! core never names a UI crate.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Every `.rs` file under `dir`.
fn sources(dir: &Path, found: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            sources(&path, found);
        } else if path.extension().is_some_and(|e| e == "rs") {
            found.push(path);
        }
    }
}

/// The module a file is, as path segments under the crate (`src/a/b/mod.rs` is `a::b`).
fn module_of(src: &Path, file: &Path) -> Vec<String> {
    let relative = file.strip_prefix(src).unwrap().with_extension("");
    let mut parts: Vec<String> = relative
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    if matches!(parts.last().map(String::as_str), Some("mod" | "lib")) {
        parts.pop();
    }
    parts
}

/// The code before the first `#[cfg(test)]` (test modules may reach anywhere), without its
/// comments (a doc link names a module without importing it).
fn code_without_tests(text: &str) -> String {
    let code = text.find("#[cfg(test)]").map_or(text, |at| &text[..at]);
    code.lines()
        .map(without_comment)
        .collect::<Vec<_>>()
        .join("\n")
}

/// A line up to its `//` comment, if it has one: a `//` inside a string (a URL) is code.
fn without_comment(line: &str) -> &str {
    let bytes = line.as_bytes();
    let (mut in_string, mut at) = (false, 0);
    while at < bytes.len() {
        match (bytes[at], in_string) {
            (b'\\', true) => at += 1,
            (b'"', _) => in_string = !in_string,
            // '"' is a character, not the start of a string.
            (b'\'', false) if bytes.get(at + 1..at + 3) == Some(b"\"'") => at += 2,
            (b'/', false) if bytes.get(at + 1) == Some(&b'/') => return &line[..at],
            _ => {}
        }
        at += 1;
    }
    line
}

/// The text with every grouped path spelled out: `use super::{a, b::{c, d}};` becomes
/// `use super::a super::b::c super::b::d;` (nested groups too), so that each module a group
/// names is seen.
fn without_groups(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find("::{") {
        // The path before the group: the identifier characters and `::` just before it.
        let head = &rest[..at];
        let start = head
            .rfind(|c: char| !(c.is_alphanumeric() || c == '_' || c == ':'))
            .map_or(0, |i| i + 1);
        out.push_str(&head[..start]);
        let prefix = &head[start..];
        let Some((inside, after)) = group_at(&rest[at + 3..]) else {
            out.push_str(&rest[start..]);
            return out;
        };
        let spelled: Vec<String> = split_top(inside)
            .into_iter()
            .map(str::trim)
            .filter(|item| !item.is_empty())
            .map(|item| {
                // `self` names the prefix itself; `x as y` names x (a nested group keeps its
                // own renames, spelled on the next turn).
                let item = if item.contains('{') {
                    item
                } else {
                    item.split(" as ").next().unwrap_or(item).trim()
                };
                if item == "self" {
                    prefix.to_owned()
                } else {
                    format!("{prefix}::{item}")
                }
            })
            .collect();
        // A nested group comes out as a new `::{`, spelled on the next turns.
        out.push_str(&without_groups(&spelled.join(" ")));
        rest = after;
    }
    out.push_str(rest);
    out
}

/// The text of a group up to its closing brace, and what follows it.
fn group_at(text: &str) -> Option<(&str, &str)> {
    let mut depth = 1;
    for (i, c) in text.char_indices() {
        match c {
            '{' => depth += 1,
            '}' => {
                depth -= 1;
                if depth == 0 {
                    return Some((&text[..i], &text[i + 1..]));
                }
            }
            _ => {}
        }
    }
    None
}

/// A group's items, split at the commas outside nested groups.
fn split_top(text: &str) -> Vec<&str> {
    let (mut items, mut depth, mut from) = (Vec::new(), 0, 0);
    for (i, c) in text.char_indices() {
        match c {
            '{' => depth += 1,
            '}' => depth -= 1,
            ',' if depth == 0 => {
                items.push(&text[from..i]);
                from = i + 1;
            }
            _ => {}
        }
    }
    items.push(&text[from..]);
    items
}

/// The module paths a file names: `crate::a::b::c` and `super::x` made absolute, grouped
/// imports (`use super::{a, b}`) spelled out first.
fn named_paths(module: &[String], text: &str) -> Vec<Vec<String>> {
    let mut named = Vec::new();
    let text = without_groups(text);
    let words: Vec<&str> = text
        .split(|c: char| !(c.is_alphanumeric() || c == '_' || c == ':'))
        .filter(|w| w.contains("::"))
        .collect();
    for word in words {
        let parts: Vec<&str> = word.split("::").filter(|p| !p.is_empty()).collect();
        match parts.first() {
            Some(&"crate") => named.push(parts[1..].iter().map(|p| (*p).to_owned()).collect()),
            Some(&"super") => {
                let ups = parts.iter().take_while(|p| **p == "super").count();
                // In `a/b.rs` and in `a/b/mod.rs` (both module a::b) `super` is `a`.
                if ups > module.len() {
                    continue;
                }
                let mut path: Vec<String> = module[..module.len() - ups].to_vec();
                path.extend(parts[ups..].iter().map(|p| (*p).to_owned()));
                named.push(path);
            }
            _ => {}
        }
    }
    named
}

/// Groups of modules that import each other, at each depth (siblings only).
fn circles() -> Vec<Vec<String>> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    sources(&src, &mut files);
    let mut edges: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for file in files {
        if file.file_name().is_some_and(|n| n == "main.rs") {
            continue;
        }
        let module = module_of(&src, &file);
        let text = std::fs::read_to_string(&file).unwrap();
        for path in named_paths(&module, &code_without_tests(&text)) {
            for depth in 1..=3 {
                if module.len() < depth || path.len() < depth {
                    continue;
                }
                let (from, to) = (&module[..depth], &path[..depth]);
                if from != to && from[..depth - 1] == to[..depth - 1] {
                    edges
                        .entry(from.join("::"))
                        .or_default()
                        .insert(to.join("::"));
                }
            }
        }
    }
    // Strongly connected components (Tarjan), each of more than one module is a circle.
    struct Walk<'a> {
        edges: &'a BTreeMap<String, BTreeSet<String>>,
        index: BTreeMap<&'a str, usize>,
        low: BTreeMap<&'a str, usize>,
        stack: Vec<&'a str>,
        found: Vec<Vec<String>>,
    }
    fn visit<'a>(walk: &mut Walk<'a>, node: &'a str) {
        let n = walk.index.len();
        walk.index.insert(node, n);
        walk.low.insert(node, n);
        walk.stack.push(node);
        if let Some(next) = walk.edges.get(node) {
            for to in next {
                let to = to.as_str();
                if !walk.index.contains_key(to) {
                    visit(walk, to);
                    let low = walk.low[node].min(walk.low[to]);
                    walk.low.insert(node, low);
                } else if walk.stack.contains(&to) {
                    let low = walk.low[node].min(walk.index[to]);
                    walk.low.insert(node, low);
                }
            }
        }
        if walk.low[node] == walk.index[node] {
            let mut group = Vec::new();
            while let Some(top) = walk.stack.pop() {
                group.push(top.to_owned());
                if top == node {
                    break;
                }
            }
            if group.len() > 1 {
                group.sort();
                walk.found.push(group);
            }
        }
    }
    let mut walk = Walk {
        edges: &edges,
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        stack: Vec::new(),
        found: Vec::new(),
    };
    let nodes: BTreeSet<&str> = edges
        .iter()
        .flat_map(|(from, to)| std::iter::once(from.as_str()).chain(to.iter().map(String::as_str)))
        .collect();
    for node in nodes {
        if !walk.index.contains_key(node) {
            visit(&mut walk, node);
        }
    }
    walk.found
}

#[test]
fn no_two_modules_import_each_other() {
    let found = circles();
    assert!(
        found.is_empty(),
        "modules that import each other (move what both need below them): {found:?}"
    );
}

#[test]
fn the_circle_finder_finds_a_circle() {
    // Comments are cut where they start, not at a `//` inside a string.
    assert_eq!(
        without_comment(r#"let u = "https://x"; use crate::a; // crate::b"#),
        r#"let u = "https://x"; use crate::a; "#
    );
    assert_eq!(
        without_comment(r#"let q = '"'; // "x""#),
        r#"let q = '"'; "#
    );
    assert_eq!(without_comment(r#"f("a\"//b") // c"#), r#"f("a\"//b") "#);
    // The finder itself, on the shapes it must catch: `super` paths and `crate` paths.
    let a = named_paths(&["x".into(), "a".into()], "use super::b::Thing;");
    assert_eq!(a, vec![vec!["x".to_owned(), "b".into(), "Thing".into()]]);
    let b = named_paths(&["x".into(), "b".into()], "crate::x::a::f()");
    assert_eq!(b, vec![vec!["x".to_owned(), "a".into(), "f".into()]]);
    // Grouped imports, nested, with `self` and renames.
    let grouped = named_paths(
        &["x".into(), "c".into()],
        "use super::{a, b::{self, Thing as Other}};\nuse crate::{y::z, w};",
    );
    let as_text: Vec<String> = grouped.iter().map(|p| p.join("::")).collect();
    assert_eq!(as_text, ["x::a", "x::b", "x::b::Thing", "y::z", "w"]);
}

#[test]
fn only_the_spend_module_makes_a_spend_permit() {
    // The spending client methods take a `SpendPermit`; whoever makes one can spend around the
    // journal. Only `tasking::spend` may (and `api::permit`, which defines it).
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    sources(&src, &mut files);
    let makers: Vec<String> = files
        .iter()
        .filter(|file| {
            let text = std::fs::read_to_string(file).unwrap();
            text.lines()
                .any(|line| without_comment(line).contains("SpendPermit::journaled"))
        })
        .map(|file| {
            file.strip_prefix(&src)
                .unwrap()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    assert_eq!(makers, ["tasking/spend/dispatch.rs"], "{makers:?}");
}

#[test]
fn the_core_never_names_a_ui_crate() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut offenders = Vec::new();
    for core in ["aoi", "api", "sandbox", "state", "store", "tasking"] {
        let mut files = Vec::new();
        sources(&src.join(core), &mut files);
        for file in files {
            let text = std::fs::read_to_string(&file).unwrap();
            for ui_crate in ["egui", "eframe", "walkers", "rfd"] {
                let used = text.lines().any(|line| {
                    let code = without_comment(line);
                    code.contains(&format!("{ui_crate}::"))
                });
                if used {
                    offenders.push(format!("{} uses {ui_crate}", file.display()));
                }
            }
        }
    }
    assert!(offenders.is_empty(), "{offenders:?}");
}
