//! One writer per file: a process that writes a file for its whole life (the window its
//! project, a sandbox its state file) first takes an exclusive lock on a `.lock` file beside
//! it, and keeps it until it ends. A second process finds it taken and is told which process
//! holds it and since when; the operating system releases the lock when its holder dies, so a
//! crash never leaves a file locked for good. Below every module that writes such a file.

use std::fs::{File, OpenOptions, TryLockError};
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

/// Why a file could not be claimed.
#[derive(Debug, thiserror::Error)]
pub enum InstanceError {
    /// Another process holds it.
    #[error(
        "{} is in use by another sattask ({holder}); close that one first, or use another file",
        path.display()
    )]
    Held {
        /// The file claimed.
        path: PathBuf,
        /// Who holds it, as it wrote itself down ("process 1234, since 2026-12-04T22:00:00Z").
        holder: String,
    },
    /// The lock file could not be made or locked.
    #[error(
        "cannot lock {} ({source}): check the folder's permissions",
        lock.display()
    )]
    Io {
        /// The lock file.
        lock: PathBuf,
        /// The cause.
        #[source]
        source: std::io::Error,
    },
}

/// A claimed file: the claim lasts while this lives (or the process does).
#[derive(Debug)]
pub struct Claim {
    _file: File,
}

/// The lock file beside `path` (`project.json.lock`).
pub fn lock_path(path: &Path) -> PathBuf {
    let mut name = path
        .file_name()
        .map(|n| n.to_os_string())
        .unwrap_or_default();
    name.push(".lock");
    path.with_file_name(name)
}

/// Claims `path` for this process, or says who holds it.
pub fn claim(path: &Path) -> Result<Claim, InstanceError> {
    let lock = lock_path(path);
    let io = |source| InstanceError::Io {
        lock: lock.clone(),
        source,
    };
    if let Some(dir) = lock.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(io)?;
    }
    let mut file = OpenOptions::new()
        .create(true)
        .truncate(false)
        .read(true)
        .write(true)
        .open(&lock)
        .map_err(io)?;
    match file.try_lock() {
        Ok(()) => {}
        Err(TryLockError::WouldBlock) => {
            let mut holder = String::new();
            let _ = file.read_to_string(&mut holder);
            let holder = holder.trim();
            return Err(InstanceError::Held {
                path: path.to_path_buf(),
                holder: if holder.is_empty() {
                    "a process that has not said which".to_owned()
                } else {
                    holder.to_owned()
                },
            });
        }
        Err(TryLockError::Error(source)) => return Err(io(source)),
    }
    let since = time::OffsetDateTime::now_utc()
        .format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_default();
    let me = format!("process {}, since {since}", std::process::id());
    // Who holds it, for the next one to name; the lock is what counts, not this text.
    file.set_len(0)
        .and_then(|()| file.seek(SeekFrom::Start(0)))
        .and_then(|_| file.write_all(me.as_bytes()))
        .map_err(io)?;
    Ok(Claim { _file: file })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_claim_is_refused_naming_the_first_until_it_ends() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("project.json");
        let first = claim(&path).unwrap();
        // A second handle, as a second process has.
        let second = claim(&path).unwrap_err();
        let text = second.to_string();
        assert!(matches!(second, InstanceError::Held { .. }), "{text}");
        assert!(
            text.contains(&format!("process {}", std::process::id())),
            "{text}"
        );
        assert!(text.contains("since 20"), "{text}");
        drop(first);
        assert!(claim(&path).is_ok());
    }
}
