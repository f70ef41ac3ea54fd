//! `sattask sandbox`: the simulated OneAtlas and UP42 services on this machine, and
//! `sattask sandbox advance`, which moves a running sandbox's clock ahead.

use std::net::SocketAddr;
use std::path::PathBuf;

use clap::{Args, Subcommand};

use time::OffsetDateTime;

use crate::api::credentials::SANDBOX_DEFAULT_URL;
use crate::cli::date::parse_user_date;
use crate::sandbox::{SandboxConfig, serve_forever};

/// `sattask sandbox` arguments.
#[derive(Debug, Args)]
#[command(
    args_conflicts_with_subcommands = true,
    after_help = "Then, in another terminal: sattask api contracts\nMove its clock on (acquisitions happen, deadlines pass): sattask sandbox advance --days 3\nControl endpoints: POST /sandbox/clock/advance {\"seconds\": 86400}, PUT /sandbox/faults, GET /sandbox/requests (see docs/sandbox-model.md)."
)]
pub struct SandboxArgs {
    /// Talk to a running sandbox instead of starting one.
    #[command(subcommand)]
    pub control: Option<SandboxControl>,
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

/// What can be asked of a running sandbox.
#[derive(Debug, Subcommand)]
pub enum SandboxControl {
    /// Move a running sandbox's simulated clock ahead: planned acquisitions happen, quotations
    /// arrive, deadlines pass. Prints the new simulated time.
    #[command(
        after_help = "Examples (with `sattask sandbox` running in another terminal):\n  sattask sandbox advance --days 3\n  sattask sandbox advance --to 2027-03-01\n"
    )]
    Advance {
        /// Days to move on.
        #[arg(long, default_value_t = 0, conflicts_with = "to")]
        days: u32,
        /// Hours to move on (added to --days).
        #[arg(long, default_value_t = 0, conflicts_with = "to")]
        hours: u32,
        /// Move on to this time instead: 2027-03-01 (midnight UTC) or 2027-03-01T08:30:00.000Z;
        /// a time already passed leaves the clock where it is.
        #[arg(long, value_parser = parse_user_date)]
        to: Option<OffsetDateTime>,
        /// Where the sandbox listens.
        #[arg(long, env = "SATTASK_BASE_URL", default_value = SANDBOX_DEFAULT_URL)]
        base_url: String,
    },
}

/// Runs the sandbox until Ctrl+C, or the control command; returns the exit code.
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
    if let Some(control) = args.control {
        return runtime.block_on(run_control(control));
    }
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

fn unreachable(base_url: &str, error: &reqwest::Error) -> u8 {
    eprintln!(
        "error: nothing answers at {base_url} ({error}): start it with: sattask sandbox (in another terminal), or point --base-url / SATTASK_BASE_URL at the one you run"
    );
    3
}

/// The seconds from the sandbox's simulated now to `to` (0 when `to` has passed).
async fn seconds_until(
    client: &reqwest::Client,
    base: &str,
    to: OffsetDateTime,
) -> Result<u64, u8> {
    let clock = client
        .get(format!("{base}/sandbox/clock"))
        .send()
        .await
        .map_err(|e| unreachable(base, &e))?;
    let clock: serde_json::Value = clock.json().await.map_err(|e| {
        eprintln!("error: the sandbox at {base} answered its clock with something unreadable: {e}");
        3
    })?;
    let now = clock["unix"].as_i64().ok_or_else(|| {
        eprintln!("error: the sandbox at {base} answered its clock without \"unix\": {clock}");
        3u8
    })?;
    let seconds = to.unix_timestamp() - now;
    if seconds <= 0 {
        eprintln!(
            "the sandbox's clock ({}) is already past {to}: it stays where it is",
            clock["now"]
        );
    }
    Ok(u64::try_from(seconds).unwrap_or(0))
}

async fn run_control(control: SandboxControl) -> u8 {
    let SandboxControl::Advance {
        days,
        hours,
        to,
        base_url,
    } = control;
    let base = base_url.trim_end_matches('/');
    let client = reqwest::Client::new();
    let seconds = match to {
        Some(to) => match seconds_until(&client, base, to).await {
            Ok(seconds) => seconds,
            Err(code) => return code,
        },
        None => (u64::from(days) * 24 + u64::from(hours)) * 3600,
    };
    let answer = client
        .post(format!("{base}/sandbox/clock/advance"))
        .json(&serde_json::json!({ "seconds": seconds }))
        .send()
        .await;
    match answer {
        Ok(response) if response.status().is_success() => match response.text().await {
            Ok(text) => {
                println!("{text}");
                0
            }
            Err(error) => {
                eprintln!(
                    "error: the sandbox at {base_url} moved its clock but its answer cannot be read: {error}"
                );
                3
            }
        },
        Ok(response) => {
            let status = response.status();
            let text = response.text().await.unwrap_or_default();
            eprintln!(
                "error: the sandbox at {base_url} refused to move its clock (HTTP {status}): {text}"
            );
            1
        }
        Err(error) => unreachable(base, &error),
    }
}
