//! The `sattask` command: the window (no subcommand), and the `aoi`, `api` and `sandbox`
//! commands. It parses and dispatches; the library does the work.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use sattask::cli::aoi::{AoiCommand, run};

/// Task Earth-observation satellites (Airbus OneAtlas, UP42): draw or import an AOI, check it
/// against the providers' rules, and go on to feasibility, pricing and ordering.
#[derive(Debug, Parser)]
#[command(
    name = "sattask",
    version,
    about,
    long_about = None,
    after_help = "With no subcommand, sattask opens the window (the map, the AOI tools and the tasking panel); `sattask --open site.geojson` opens it with that file. The subcommands work without a display."
)]
struct Cli {
    /// Files to open as AOIs in the app (several may follow one --open, as the desktop entry's
    /// `sattask --open %F` gives them; none is fine).
    #[arg(long = "open", value_name = "FILE", num_args = 0..)]
    open: Vec<PathBuf>,
    /// Render the app once, save a PNG and exit.
    #[arg(long, value_name = "OUT.png")]
    screenshot: Option<PathBuf>,
    /// Which services the window tasks; without it the app starts the sandbox inside itself
    /// on a free loopback port (no account, no network).
    #[arg(long, value_enum)]
    backend: Option<sattask::api::credentials::Backend>,
    /// One base URL for every service (a shared `sattask sandbox`, a proxy).
    #[arg(long, value_name = "URL")]
    base_url: Option<String>,
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Validate, convert and describe AOI files.
    #[command(subcommand)]
    Aoi(AoiCommand),
    /// Talk to OneAtlas, UP42 or the local sandbox: feasibility, attempts, prices, orders,
    /// tracking, quotations. JSON on stdout; exit 0 ok, 1 refused, 2 bad input, 3 network.
    Api(Box<sattask::cli::api::ApiArgs>),
    /// Run the simulated OneAtlas and UP42 services on this machine (no account, no network).
    Sandbox(sattask::cli::sandbox::SandboxArgs),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    // Warnings to stderr (RUST_LOG sets the level), and to the window's notices.
    let warnings = sattask::diagnostics::install();
    let mut stdout = std::io::stdout().lock();
    // Not locked for the whole run: the subscriber writes warnings to stderr from the runtime's
    // threads, which would wait forever for a lock the main thread holds.
    let mut stderr = std::io::stderr();
    match cli.command {
        Some(Command::Aoi(command)) => ExitCode::from(run(command, &mut stdout, &mut stderr)),
        Some(Command::Sandbox(args)) => ExitCode::from(sattask::cli::sandbox::run(args)),
        Some(Command::Api(args)) => {
            ExitCode::from(sattask::cli::api::run(*args, &mut stdout, &mut stderr))
        }
        None => match sattask::app::jobs::Connection::new(cli.backend, cli.base_url) {
            Ok(connection) => sattask::app::run(cli.open, cli.screenshot, connection, warnings),
            Err(why) => {
                eprintln!("error: {why}");
                ExitCode::from(2)
            }
        },
    }
}
