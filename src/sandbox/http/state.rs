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

use time::OffsetDateTime;

use super::request_log::{LoggedRequest, RequestLog};
use crate::sandbox::config::{Faults, SandboxConfig, SandboxError};
use crate::sandbox::sim::clock::{Clock, truncate_millis};
use crate::sandbox::sim::model::SimState;
use crate::sandbox::sim::{lifecycle, up42_orders};

/// The OneAtlas API key the sandbox accepts.
pub const ONEATLAS_API_KEY: &str = "sandbox";
/// The UP42 user name (an e-mail address) the sandbox accepts.
pub const UP42_USERNAME: &str = "sandbox@example.com";
/// The UP42 password the sandbox accepts.
pub const UP42_PASSWORD: &str = "sandbox";

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

/// What lives only while the server runs.
#[derive(Debug)]
pub(crate) struct Runtime {
    pub faults: Faults,
    pub oneatlas_token_secs: u64,
    pub up42_token_secs: u64,
    pub tokens: HashMap<String, Token>,
    /// The UP42 refresh tokens among `tokens` (not accepted as bearers).
    pub refresh_tokens: HashSet<String>,
    pub log: RequestLog,
    pub last_ordering: Option<Instant>,
}

impl Runtime {
    /// Forgets the tokens that expired by `now` (access and refresh alike): a long run issues
    /// many, and an expired token is refused the same whether it is remembered or not.
    pub(crate) fn drop_expired_tokens(&mut self, now: OffsetDateTime) {
        self.tokens.retain(|_, token| token.expires_at > now);
        let tokens = &self.tokens;
        self.refresh_tokens
            .retain(|token| tokens.contains_key(token));
    }
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
    /// Whether spending calls are held at the gate (`Faults::hold_spending`); a watch, so the
    /// held calls go on as soon as it is turned off.
    pub hold: tokio::sync::watch::Sender<bool>,
    /// The state file, claimed for this sandbox's life (one writer per world).
    _claim: Option<crate::instance::Claim>,
}

impl Shared {
    pub(crate) fn new(config: SandboxConfig) -> Result<Shared, SandboxError> {
        let real_now = truncate_millis(OffsetDateTime::now_utc());
        // Claimed before anything is read: a second sandbox on the same world is refused,
        // naming the one that runs.
        let claim = match &config.state_file {
            Some(path) => Some(crate::instance::claim(path)?),
            None => None,
        };
        if let Some(path) = &config.state_file {
            remove_stale_temporaries(path);
        }
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
            log: RequestLog::default(),
            last_ordering: None,
        };
        let hold = tokio::sync::watch::Sender::new(config.faults.hold_spending);
        Ok(Shared {
            config,
            inner: Mutex::new(Inner {
                sim,
                clock,
                runtime,
                version: 0,
            }),
            saved_version: Mutex::new(0),
            hold,
            _claim: claim,
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
    pub(crate) fn log(&self, entry: LoggedRequest) -> u64 {
        self.lock().runtime.log.push(entry)
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

/// Whether a file name is one `atomic-write-file` gives the temporary of `target` (`.<target>.`
/// and six letters or digits).
fn is_temporary_of(name: &str, target: &str) -> bool {
    name.strip_prefix('.')
        .and_then(|rest| rest.strip_prefix(target))
        .and_then(|rest| rest.strip_prefix('.'))
        .is_some_and(|suffix| {
            suffix.len() == 6 && suffix.bytes().all(|b| b.is_ascii_alphanumeric())
        })
}

/// Removes the temporaries a process killed in the middle of a save left beside the state file.
/// The new state is written to an unnamed file (`O_TMPFILE`) that gets a name only for the
/// microseconds between linking it and renaming it over the state; a kill -9 in that instant
/// leaves it behind, and the next start removes it. (Two sandboxes must not share a state file.)
fn remove_stale_temporaries(path: &Path) {
    let Some(target) = path.file_name().and_then(|n| n.to_str()) else {
        return;
    };
    let folder = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    };
    let Ok(entries) = std::fs::read_dir(folder) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        if name.to_str().is_some_and(|n| is_temporary_of(n, target))
            && let Err(error) = std::fs::remove_file(entry.path())
        {
            tracing::warn!(%error, file = %entry.path().display(), "a stale temporary of the sandbox state could not be removed");
        }
    }
}

/// Written the way the project file is (`atomic-write-file`): a temporary file beside the
/// target, synced and renamed over it; a process killed at any moment leaves the old file or
/// the new one, and the crate cleans up its temporary file (it is unlinked, or named so the next
/// write replaces it), so no `.tmp` piles up.
fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    // On a fresh machine the data folder does not exist yet: the first save makes it, so the
    // first launch starts clean instead of warning that the state was not saved.
    if let Some(folder) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(folder)?;
    }
    let mut file = atomic_write_file::AtomicWriteFile::options().open(path)?;
    file.write_all(bytes)?;
    file.commit()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn listing(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn the_first_save_makes_the_data_folder() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir
            .path()
            .join("not")
            .join("yet")
            .join("sandbox-state.json");
        write_atomically(&path, b"{}").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"{}");
    }

    #[test]
    fn saving_leaves_only_the_state_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("state.json");
        for n in 0..50 {
            write_atomically(&path, format!("{{\"n\": {n}}}").as_bytes()).unwrap();
        }
        assert_eq!(listing(dir.path()), ["state.json"]);
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "{\"n\": 49}");
    }

    #[test]
    fn expired_tokens_are_forgotten() {
        let now = time::macros::datetime!(2026-12-01 00:00 UTC);
        let mut runtime = Runtime {
            faults: Faults::default(),
            oneatlas_token_secs: 3600,
            up42_token_secs: 300,
            tokens: HashMap::new(),
            refresh_tokens: HashSet::new(),
            log: RequestLog::default(),
            last_ordering: None,
        };
        let token = |service, seconds| Token {
            service,
            expires_at: now + time::Duration::seconds(seconds),
        };
        runtime
            .tokens
            .insert("old".into(), token(Service::OneAtlas, -1));
        runtime
            .tokens
            .insert("now".into(), token(Service::OneAtlas, 0));
        runtime
            .tokens
            .insert("live".into(), token(Service::Up42, 60));
        runtime
            .tokens
            .insert("old-refresh".into(), token(Service::Up42, -5));
        runtime
            .tokens
            .insert("refresh".into(), token(Service::Up42, 1800));
        runtime.refresh_tokens.insert("old-refresh".into());
        runtime.refresh_tokens.insert("refresh".into());
        runtime.drop_expired_tokens(now);
        let mut kept: Vec<&str> = runtime.tokens.keys().map(String::as_str).collect();
        kept.sort();
        assert_eq!(kept, ["live", "refresh"]);
        assert_eq!(runtime.refresh_tokens.len(), 1);
        assert!(runtime.refresh_tokens.contains("refresh"));
    }

    #[test]
    fn stale_temporaries_of_the_state_are_removed_at_start() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("state.json");
        for name in [
            ".state.json.4ShOOv",
            ".state.json.fkcQtd",
            ".state.json.toolong7",
            ".other.json.4ShOOv",
            "state.json.4ShOOv",
        ] {
            std::fs::write(dir.path().join(name), b"x").unwrap();
        }
        remove_stale_temporaries(&path);
        assert_eq!(
            listing(dir.path()),
            [
                ".other.json.4ShOOv",
                ".state.json.toolong7",
                "state.json.4ShOOv"
            ]
        );
    }

    /// A process killed between writing the new state and committing it runs no destructor:
    /// `forget` stands for the kill. The old state is intact and no temporary file remains
    /// (O_TMPFILE: the new content was never linked into the folder).
    #[test]
    fn a_write_cut_short_leaves_the_old_state_and_no_temporary_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("state.json");
        write_atomically(&path, b"old").unwrap();
        for _ in 0..20 {
            let mut file = atomic_write_file::AtomicWriteFile::options()
                .open(&path)
                .unwrap();
            file.write_all(b"new, never committed").unwrap();
            std::mem::forget(file);
        }
        assert_eq!(listing(dir.path()), ["state.json"]);
        assert_eq!(std::fs::read(&path).unwrap(), b"old");
    }
}
