//! What lives only while the server runs (tokens, faults, the request log, pacing) and the lock
//! around it and the simulated world ([`crate::sandbox::sim`]).
//!
//! Everything sits behind one `Mutex`, held only for the few microseconds a handler needs and
//! never across an `.await`. With a state file, the persisted part is loaded at start and saved
//! atomically after every change.

use std::collections::{HashMap, HashSet};
use std::io::Write;
use std::path::Path;
use std::sync::{Mutex, MutexGuard};
use std::time::Instant;

use serde::Serialize;
use serde_json::Value;
use time::OffsetDateTime;

use crate::sandbox::sim::clock::{Clock, truncate_millis};
use crate::sandbox::sim::model::SimState;
use crate::sandbox::sim::{lifecycle, up42_orders};
use crate::sandbox::{Faults, SandboxConfig, SandboxError};

/// The OneAtlas API key the sandbox accepts.
pub const ONEATLAS_API_KEY: &str = "sandbox";
/// The UP42 user name (an e-mail address) the sandbox accepts.
pub const UP42_USERNAME: &str = "sandbox@example.com";
/// The UP42 password the sandbox accepts.
pub const UP42_PASSWORD: &str = "sandbox";

/// The most requests the log keeps (the oldest are dropped first).
const LOG_CAPACITY: usize = 10_000;

/// An access token the sandbox issued.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Service {
    OneAtlas,
    Up42,
}

#[derive(Debug, Clone)]
pub(crate) struct Token {
    pub service: Service,
    pub expires_at: OffsetDateTime,
}

/// One request the sandbox received (control endpoints excepted).
#[derive(Debug, Clone, Serialize)]
pub(crate) struct LoggedRequest {
    pub seq: u64,
    /// Simulated time of arrival.
    #[serde(with = "time::serde::rfc3339")]
    pub at: OffsetDateTime,
    pub method: String,
    pub path: String,
    pub query: Option<String>,
    #[serde(rename = "contentType")]
    pub content_type: Option<String>,
    /// The JSON body (or its text when not JSON); token requests are never logged with a body.
    pub body: Option<Value>,
    /// The status answered; `null` when the connection was dropped.
    pub status: Option<u16>,
    /// What the gate did: "handled", "fault_error", "fault_drop", "paced", "unauthorized".
    pub outcome: String,
}

/// What lives only while the server runs.
#[derive(Debug)]
pub(crate) struct Runtime {
    pub faults: Faults,
    pub oneatlas_token_secs: u64,
    pub up42_token_secs: u64,
    pub tokens: HashMap<String, Token>,
    /// The UP42 refresh tokens among `tokens` (not accepted as bearers).
    pub refresh_tokens: HashSet<String>,
    pub log: Vec<LoggedRequest>,
    pub next_seq: u64,
    pub last_ordering: Option<Instant>,
}

/// The state and the clock, under one lock.
#[derive(Debug)]
pub(crate) struct Inner {
    pub sim: SimState,
    pub clock: Clock,
    pub runtime: Runtime,
    /// Bumped on every change of `sim`, so saves can be skipped when nothing changed.
    pub version: u64,
}

impl Inner {
    /// The simulated now, after letting every tasking, quotation and order catch up with it.
    pub(crate) fn now_and_tick(&mut self) -> OffsetDateTime {
        let now = self.clock.now();
        if lifecycle::tick(&mut self.sim, now) | up42_orders::tick(&mut self.sim, now) {
            self.version += 1;
        }
        now
    }

    /// Marks the persisted state changed.
    pub(crate) fn touch(&mut self) {
        self.version += 1;
    }
}

/// What the server's tasks share.
#[derive(Debug)]
pub(crate) struct Shared {
    pub config: SandboxConfig,
    inner: Mutex<Inner>,
    /// Serializes writes of the state file; holds the version last written.
    saved_version: Mutex<u64>,
}

impl Shared {
    pub(crate) fn new(config: SandboxConfig) -> Result<Shared, SandboxError> {
        let real_now = truncate_millis(OffsetDateTime::now_utc());
        let loaded = match &config.state_file {
            Some(path) if path.exists() => Some(load(path)?),
            _ => None,
        };
        let caught_up = config.catch_up && loaded.is_some();
        let sim = loaded.unwrap_or_else(|| SimState::seeded(config.start_time.unwrap_or(real_now)));
        let start = if caught_up && sim.clock < real_now {
            real_now
        } else {
            sim.clock
        };
        let clock = Clock::starting_at(start);
        let runtime = Runtime {
            faults: config.faults,
            oneatlas_token_secs: config.token_lifetime_secs,
            up42_token_secs: config.up42_token_lifetime_secs,
            tokens: HashMap::new(),
            refresh_tokens: HashSet::new(),
            log: Vec::new(),
            next_seq: 1,
            last_ordering: None,
        };
        Ok(Shared {
            config,
            inner: Mutex::new(Inner {
                sim,
                clock,
                runtime,
                version: 0,
            }),
            saved_version: Mutex::new(0),
        })
    }

    /// The lock on the state (a poisoned lock is taken over: the state stays usable).
    pub(crate) fn lock(&self) -> MutexGuard<'_, Inner> {
        self.inner
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Back to the seeded state at the current simulated time; faults and lifetimes back to the
    /// configuration's.
    pub(crate) fn reset(&self) {
        let mut inner = self.lock();
        let now = inner.clock.now();
        inner.sim = SimState::seeded(now);
        inner.runtime.faults = self.config.faults;
        inner.runtime.oneatlas_token_secs = self.config.token_lifetime_secs;
        inner.runtime.up42_token_secs = self.config.up42_token_lifetime_secs;
        inner.runtime.tokens.clear();
        inner.runtime.refresh_tokens.clear();
        inner.runtime.log.clear();
        inner.runtime.last_ordering = None;
        inner.touch();
    }

    /// Appends to the request log.
    pub(crate) fn log(&self, mut entry: LoggedRequest) -> u64 {
        let mut inner = self.lock();
        entry.seq = inner.runtime.next_seq;
        inner.runtime.next_seq += 1;
        if inner.runtime.log.len() >= LOG_CAPACITY {
            inner.runtime.log.remove(0);
        }
        let seq = entry.seq;
        inner.runtime.log.push(entry);
        seq
    }

    /// Writes the state file whatever changed (at shutdown: the clock moved on).
    pub(crate) fn save_now(&self) -> Result<(), SandboxError> {
        self.lock().touch();
        self.save()
    }

    /// Writes the state file if there is one and the state changed since the last write.
    pub(crate) fn save(&self) -> Result<(), SandboxError> {
        let Some(path) = &self.config.state_file else {
            return Ok(());
        };
        let mut saved = self
            .saved_version
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        let (version, text) = {
            let mut inner = self.lock();
            let version = inner.version;
            if version == *saved && path.exists() {
                return Ok(());
            }
            inner.sim.clock = inner.clock.now();
            let text =
                serde_json::to_vec_pretty(&inner.sim).map_err(|e| SandboxError::SaveState {
                    path: path.clone(),
                    detail: e.to_string(),
                })?;
            (version, text)
        };
        write_atomically(path, &text).map_err(|e| SandboxError::SaveState {
            path: path.clone(),
            detail: e.to_string(),
        })?;
        *saved = version;
        Ok(())
    }
}

fn load(path: &Path) -> Result<SimState, SandboxError> {
    let bytes = std::fs::read(path).map_err(|e| SandboxError::LoadState {
        path: path.to_path_buf(),
        detail: e.to_string(),
    })?;
    serde_json::from_slice(&bytes).map_err(|e| SandboxError::LoadState {
        path: path.to_path_buf(),
        detail: format!("{e} (the file is left untouched; move it aside to start afresh)"),
    })
}

/// Temporary file in the same folder, fsync, rename over the target, fsync the folder.
fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let folder = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent.to_path_buf(),
        _ => std::path::PathBuf::from("."),
    };
    let file_name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "sandbox-state.json".into());
    let temp = folder.join(format!(".{file_name}.{}.tmp", std::process::id()));
    {
        let mut file = std::fs::File::create(&temp)?;
        file.write_all(bytes)?;
        file.sync_all()?;
    }
    std::fs::rename(&temp, path)?;
    if let Ok(dir) = std::fs::File::open(&folder) {
        let _ = dir.sync_all();
    }
    Ok(())
}
