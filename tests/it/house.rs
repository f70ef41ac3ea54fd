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

/// The module paths a file names: `crate::a::b::c` and `super::x` made absolute.
fn named_paths(module: &[String], text: &str) -> Vec<Vec<String>> {
    let mut named = Vec::new();
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
