//! `sattask sandbox`: the simulated OneAtlas and UP42 services on this machine.

use std::net::SocketAddr;
use std::path::PathBuf;

use clap::Args;

use crate::sandbox::{SandboxConfig, serve_forever};

/// `sattask sandbox` arguments.
#[derive(Debug, Args)]
#[command(
    after_help = "Then, in another terminal: sattask api contracts\nControl endpoints: POST /sandbox/clock/advance {\"seconds\": 86400}, PUT /sandbox/faults, GET /sandbox/requests (see docs/sandbox-model.md)."
)]
pub struct SandboxArgs {
    /// Where to listen (loopback only by default).
    #[arg(long, default_value = "127.0.0.1:8765")]
    pub addr: SocketAddr,
    /// Keep the sandbox's orders, taskings and clock in this file across runs.
    #[arg(long, value_name = "FILE")]
    pub state: Option<PathBuf>,
    /// Least milliseconds between two OneAtlas ordering calls (the real service: 1000); 0 turns pacing off.
    #[arg(long, default_value_t = 1000)]
    pub ordering_interval_ms: u64,
}

/// Runs the sandbox until Ctrl+C; returns the exit code.
pub fn run(args: SandboxArgs) -> u8 {
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .thread_name("sattask-sandbox")
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(error) => {
            eprintln!("cannot start the async runtime: {error}");
            return 3;
        }
    };
    let config = SandboxConfig {
        state_file: args.state,
        ordering_min_interval_ms: args.ordering_interval_ms,
        ..SandboxConfig::default()
    };
    match runtime.block_on(serve_forever(args.addr, config)) {
        Ok(()) => 0,
        Err(error) => {
            eprintln!("error: {error}");
            if error.to_string().contains("cannot listen") {
                eprintln!(
                    "is another sandbox already running? Stop it, or pass --addr 127.0.0.1:<another port> and give the api commands --base-url http://127.0.0.1:<that port>"
                );
            }
            2
        }
    }
}
