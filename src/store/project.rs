//! The project file: every AOI of the session, as JSON, replaced atomically (temporary file in
//! the same folder, fsync, rename), so a crash or a kill at any moment leaves a readable file.
//! A file that cannot be read is moved aside and reported, never silently replaced.

use std::io::Write;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::aoi::Aoi;

/// What the project file holds.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Project {
    /// The format version.
    pub version: u32,
    /// Every AOI, in list order.
    pub aois: Vec<Aoi>,
    /// The tasking form (contract, mission, offer, window, options), as the app wrote it; kept
    /// opaque here so the store does not depend on the workflow. Answers are never saved: they
    /// expire.
    #[serde(default, skip_serializing_if = "serde_json::Value::is_null")]
    pub tasking: serde_json::Value,
    /// The files shown as comparison overlays (attempts exports), read again at start; their
    /// footprints stay in their files.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub overlays: Vec<std::path::PathBuf>,
}

/// The current format version.
pub const VERSION: u32 = 1;

/// Why the project could not be loaded or saved.
#[derive(Debug, thiserror::Error)]
pub enum ProjectError {
    /// The file is unreadable; it was moved aside.
    #[error(
        "the project file {path} could not be read ({detail}); it was kept as {kept} and a new, empty project was started. Your AOIs may be recovered from that file"
    )]
    Corrupt {
        /// The project file.
        path: PathBuf,
        /// What was wrong.
        detail: String,
        /// Where the unreadable file is now.
        kept: PathBuf,
    },
    /// Reading, moving or writing failed.
    #[error(
        "the project file {path} cannot be used: {source}. Check the folder's permissions and free space"
    )]
    Io {
        /// The file.
        path: PathBuf,
        /// The cause.
        #[source]
        source: std::io::Error,
    },
}

/// The project file in the data folder.
pub fn default_path() -> PathBuf {
    super::paths::data_dir().join("project.json")
}

/// Loads the project. No file: an empty project. An unreadable file is renamed
/// `<name>.corrupt-<unix seconds>` and reported.
pub fn load(path: &Path) -> Result<Project, ProjectError> {
    let bytes = match std::fs::read(path) {
        Ok(bytes) => bytes,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(Project::default()),
        Err(source) => {
            return Err(ProjectError::Io {
                path: path.to_owned(),
                source,
            });
        }
    };
    match serde_json::from_slice::<Project>(&bytes) {
        Ok(project) => Ok(project),
        Err(error) => {
            let stamp = std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map(|d| d.as_secs())
                .unwrap_or_default();
            let mut kept = path.as_os_str().to_owned();
            kept.push(format!(".corrupt-{stamp}"));
            let kept = PathBuf::from(kept);
            std::fs::rename(path, &kept).map_err(|source| ProjectError::Io {
                path: path.to_owned(),
                source,
            })?;
            Err(ProjectError::Corrupt {
                path: path.to_owned(),
                detail: error.to_string(),
                kept,
            })
        }
    }
}

/// Saves the AOIs alone (no tasking form) atomically.
pub fn save(path: &Path, aois: &[Aoi]) -> Result<(), ProjectError> {
    save_project(
        path,
        &Project {
            version: VERSION,
            aois: aois.to_vec(),
            tasking: serde_json::Value::Null,
            overlays: Vec::new(),
        },
    )
}

/// Saves the project atomically.
pub fn save_project(path: &Path, project: &Project) -> Result<(), ProjectError> {
    let io = |source| ProjectError::Io {
        path: path.to_owned(),
        source,
    };
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(io)?;
    }
    let text = serde_json::to_vec_pretty(project).map_err(|e| io(std::io::Error::other(e)))?;
    let mut file = atomic_write_file::AtomicWriteFile::options()
        .open(path)
        .map_err(io)?;
    file.write_all(&text).map_err(io)?;
    file.commit().map_err(io)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::aoi::LonLat;

    #[test]
    fn saves_and_loads_every_position() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("p/project.json");
        let aoi = Aoi::new(
            "a",
            vec![
                LonLat { x: 1.1, y: 2.2 },
                LonLat {
                    x: 0.1 + 0.2,
                    y: 5.0,
                },
                LonLat { x: 1.1, y: 2.2 },
            ],
        );
        save(&path, std::slice::from_ref(&aoi)).unwrap();
        assert_eq!(load(&path).unwrap().aois, vec![aoi]);
    }

    #[test]
    fn a_corrupt_file_is_kept_aside_and_reported() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("project.json");
        std::fs::write(&path, b"{\"version\":1,\"aois\":[{\"name\"").unwrap();
        let error = load(&path).unwrap_err();
        let ProjectError::Corrupt { kept, .. } = &error else {
            panic!("{error}")
        };
        assert!(kept.exists());
        assert!(!path.exists());
        assert!(error.to_string().contains("kept as"));
        assert!(load(&path).unwrap().aois.is_empty());
    }
}
