//! Every example of every `sattask api ... --help` (and `sattask sandbox advance --help`) runs as
//! written against a fresh sandbox: the examples are read from the help the binary prints, and
//! each help's lines run in order, in a shell, in an empty folder, with `sattask` on the PATH
//! and `SATTASK_BASE_URL` pointing at a sandbox of its own on a free port. The `sattask aoi`
//! examples read the repository's test files: they run from its root, as their help says.

use std::path::Path;
use std::process::Command;

use crate::common::{start_sandbox, unpaced};
use clap::Args;
use sattask::cli::api::ApiArgs;

/// The subcommand paths whose help must hold examples: `api`, each `api` subcommand, and
/// `sandbox advance`.
fn helps() -> Vec<Vec<String>> {
    let api = ApiArgs::augment_args(clap::Command::new("api"));
    let mut helps = vec![vec!["api".to_owned()]];
    for sub in api.get_subcommands() {
        helps.push(vec!["api".to_owned(), sub.get_name().to_owned()]);
    }
    helps.push(vec!["sandbox".to_owned(), "advance".to_owned()]);
    helps
}

fn sattask() -> &'static str {
    env!("CARGO_BIN_EXE_sattask")
}

/// The example lines of a help: the indented `sattask ...` lines after a line starting with
/// "Example" or "Examples", or after "then for example:".
fn examples(help: &str) -> Vec<String> {
    let mut found = Vec::new();
    let mut in_examples = false;
    for line in help.lines() {
        let trimmed = line.trim_start();
        if line.starts_with("Example") || line.ends_with("for example:") {
            in_examples = true;
        } else if in_examples && line.starts_with("  ") && trimmed.starts_with("sattask ") {
            found.push(trimmed.to_owned());
        } else {
            in_examples = false;
        }
    }
    found
}

fn help_of(path: &[String]) -> String {
    let output = Command::new(sattask())
        .args(path)
        .arg("--help")
        .output()
        .unwrap();
    assert!(output.status.success(), "{path:?} --help failed");
    String::from_utf8(output.stdout).unwrap()
}

fn run_line(line: &str, folder: &Path, base_url: &str) -> std::process::Output {
    let bin_dir = Path::new(sattask()).parent().unwrap();
    let path = format!(
        "{}:{}",
        bin_dir.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    Command::new("sh")
        .arg("-c")
        .arg(line)
        .current_dir(folder)
        .env("PATH", path)
        .env("SATTASK_BASE_URL", base_url)
        .env("SATTASK_DATA_DIR", folder.join("data"))
        .env("SATTASK_ORDERING_INTERVAL_MS", "0")
        .output()
        .unwrap()
}

#[test]
fn every_example_of_every_help_runs_against_a_fresh_sandbox() {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let mut without = Vec::new();
    let mut ran = 0;
    for path in helps() {
        let help = help_of(&path);
        let lines = examples(&help);
        if lines.is_empty() {
            without.push(path.join(" "));
            continue;
        }
        // A fresh sandbox on a free port, with the real clock, as `sattask sandbox` starts.
        let sandbox = runtime.block_on(start_sandbox(unpaced(None)));
        let folder = tempfile::tempdir().unwrap();
        for line in &lines {
            let output = run_line(line, folder.path(), &sandbox.base_url());
            let stderr = String::from_utf8_lossy(&output.stderr);
            assert!(
                output.status.success(),
                "`{}` --help example failed ({:?}):\n  {line}\n{stderr}",
                path.join(" "),
                output.status.code()
            );
            if !line.contains('>') {
                let stdout = String::from_utf8_lossy(&output.stdout);
                let json: serde_json::Value = serde_json::from_str(&stdout)
                    .unwrap_or_else(|e| panic!("{line}: not JSON ({e}): {stdout}"));
                assert!(!json.is_null(), "{line}: printed null");
            }
            ran += 1;
        }
        runtime.block_on(sandbox.shutdown());
    }
    assert!(without.is_empty(), "helps without an example: {without:?}");
    assert!(ran >= helps().len(), "only {ran} examples ran");
}

#[test]
fn every_aoi_example_runs_from_the_repository_root() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    for command in ["validate", "convert", "info"] {
        let path = ["aoi".to_owned(), command.to_owned()];
        let lines = examples(&help_of(&path));
        assert!(
            !lines.is_empty(),
            "sattask aoi {command} --help has no example"
        );
        for line in &lines {
            let output = run_line(line, root, "http://127.0.0.1:9");
            assert!(
                output.status.success(),
                "{line}: {:?}\n{}",
                output.status.code(),
                String::from_utf8_lossy(&output.stderr)
            );
        }
    }
}

#[test]
fn the_examples_are_found_in_the_help() {
    let help = "Usage: x\n\nExample:\n  sattask api contracts\nOther\n  sattask not-an-example\n";
    assert_eq!(examples(help), vec!["sattask api contracts".to_owned()]);
}
