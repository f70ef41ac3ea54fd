//! The writer the kill -9 soak (`benches/soak/soak.sh`) kills at random moments: it writes the
//! project file or appends to the order journal in a loop, and after each write returns prints
//! `ack N` (flushed), so the script knows what was acknowledged before the kill.
//!
//!     cargo run --release --example soak_writer -- project DIR START
//!     cargo run --release --example soak_writer -- journal DIR START
//!
//!     soak_writer check DIR ACKED
//!
//! reads what is in DIR: `project ok` when the project file reads and holds every acknowledged
//! save (else `project LOST` or `project UNREADABLE`), `journal missing M torn-lines T` (M
//! acknowledged entries not found; T torn lines, each left on its own line by the next append).

use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use sattask::aoi::{Aoi, LonLat};
use sattask::store::project;
use sattask::tasking::spend::journal::{Entry, EntryState, Journal, SpendKind, Stamp};

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().collect();
    let (Some(what), Some(dir)) = (args.get(1), args.get(2)) else {
        eprintln!("usage: soak_writer project|journal|check DIR [START]");
        return ExitCode::from(2);
    };
    let dir = Path::new(dir);
    let start: u64 = args.get(3).and_then(|s| s.parse().ok()).unwrap_or(1);
    let stdout = std::io::stdout();
    match what.as_str() {
        "project" => {
            // Each save holds AOIs 1..=n: the file read back must hold at least the last acked n.
            let mut aois: Vec<Aoi> = (1..start).map(aoi).collect();
            for n in start.. {
                aois.push(aoi(n));
                if let Err(error) = project::save(&dir.join("project.json"), &aois) {
                    eprintln!("save {n}: {error}");
                    return ExitCode::from(1);
                }
                let _ = writeln!(stdout.lock(), "ack {n}");
            }
            ExitCode::SUCCESS
        }
        "journal" => {
            let journal = Journal::at(dir.join("orders.jsonl"));
            for n in start.. {
                if let Err(error) = journal.append(&entry(n)) {
                    eprintln!("append {n}: {error}");
                    return ExitCode::from(1);
                }
                let _ = writeln!(stdout.lock(), "ack {n}");
            }
            ExitCode::SUCCESS
        }
        "check" => {
            // START is here the last acknowledged write.
            let acked = start;
            let path = dir.join("project.json");
            if path.exists() {
                match project::load(&path) {
                    Ok(loaded) if loaded.aois.len() as u64 >= acked => println!("project ok"),
                    Ok(loaded) => {
                        println!("project LOST: {} AOIs, {acked} acked", loaded.aois.len())
                    }
                    Err(error) => println!("project UNREADABLE: {error}"),
                }
            }
            let journal_path = dir.join("orders.jsonl");
            if journal_path.exists() {
                let entries = Journal::at(&journal_path).entries();
                let found: std::collections::HashSet<u64> = entries
                    .iter()
                    .filter_map(|e| e.id.strip_prefix("soak-")?.parse::<u64>().ok())
                    .collect();
                let missing = (1..=acked).filter(|n| !found.contains(n)).count();
                let text = std::fs::read_to_string(&journal_path).unwrap_or_default();
                let unreadable = text.lines().count() - entries.len();
                println!("journal missing {missing} torn-lines {unreadable}");
            }
            ExitCode::SUCCESS
        }
        _ => {
            eprintln!("unknown mode {what}: use project, journal or check");
            ExitCode::from(2)
        }
    }
}

fn aoi(n: u64) -> Aoi {
    let x = (n % 1000) as f64 * 0.01;
    Aoi::new(
        format!("aoi-{n}"),
        vec![
            LonLat { x, y: 0.0 },
            LonLat { x: x + 0.1, y: 0.0 },
            LonLat { x: x + 0.1, y: 0.1 },
            LonLat { x, y: 0.0 },
        ],
    )
}

fn entry(n: u64) -> Entry {
    Entry {
        id: format!("soak-{n}"),
        at: Stamp::now(),
        kind: SpendKind::Order,
        digest: format!("{n:016x}"),
        customer_reference: None,
        state: EntryState::Done,
        detail: Some("x".repeat(200)),
        check: None,
        went_to: None,
        pid: None,
        bought: None,
    }
}
