//! Where sattask keeps the user's files.

use std::path::PathBuf;

/// The data folder: `$SATTASK_DATA_DIR`, else `$XDG_DATA_HOME/sattask`, else
/// `~/.local/share/sattask`, else the current folder.
pub fn data_dir() -> PathBuf {
    std::env::var_os("SATTASK_DATA_DIR")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("XDG_DATA_HOME").map(|d| PathBuf::from(d).join("sattask")))
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".local/share/sattask")))
        .unwrap_or_else(|| PathBuf::from("."))
}

/// The order journal (`tasking::spend::journal`): `orders.jsonl` in the data folder. The command line
/// and the window use the same file, so a decision taken in one is held back in the other.
pub fn journal_file() -> PathBuf {
    data_dir().join("orders.jsonl")
}

/// The cache folder for map tiles: `$XDG_CACHE_HOME/sattask/tiles`, else `~/.cache/sattask/tiles`.
pub fn tile_cache_dir() -> Option<PathBuf> {
    std::env::var_os("XDG_CACHE_HOME")
        .map(|d| PathBuf::from(d).join("sattask/tiles"))
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cache/sattask/tiles")))
}

/// The cache folder for acquisitions' quicklooks: `$XDG_CACHE_HOME/sattask/quicklooks`, else
/// `~/.cache/sattask/quicklooks`.
pub fn quicklook_cache_dir() -> Option<PathBuf> {
    std::env::var_os("XDG_CACHE_HOME")
        .map(|d| PathBuf::from(d).join("sattask/quicklooks"))
        .or_else(|| {
            std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cache/sattask/quicklooks"))
        })
}
