//! Comparison overlays: attempts exports (`tasking::export`) opened again to compare later. They
//! are not AOIs: never validated, priced or ordered, listed apart and drawn in their own style.
//! A file opened is read here as an export when it is one, else as AOIs.

use std::path::{Path, PathBuf};

use super::AppState;
use super::command::MAX_OPENED;
use crate::aoi::formats::{FormatError, ImportReport, import_file_at_most};
use crate::aoi::measure::bounds;
use crate::tasking::export::read::{Exported, ExportedFootprint, ReadError, read_export_file};

/// An export shown over the map.
#[derive(Debug, Clone, PartialEq)]
pub struct Overlay {
    /// The file's name, as the list shows it.
    pub name: String,
    /// Where it was read from.
    pub path: PathBuf,
    /// Its footprints.
    pub footprints: Vec<ExportedFootprint>,
}

/// The overlays, with a revision bumped on every change (the map re-projects them only then).
#[derive(Debug, Clone, Default)]
pub struct Overlays {
    items: Vec<Overlay>,
    revision: u64,
}

impl Overlays {
    /// The overlays, in the order they were opened.
    pub fn items(&self) -> &[Overlay] {
        &self.items
    }

    /// Changes whenever the overlays do.
    pub fn revision(&self) -> u64 {
        self.revision
    }

    /// Adds an overlay; one from the same file replaces it (opened again: read again).
    pub fn put(&mut self, overlay: Overlay) {
        match self.items.iter_mut().find(|o| o.path == overlay.path) {
            Some(same) => *same = overlay,
            None => self.items.push(overlay),
        }
        self.revision += 1;
    }

    /// The overlays' files, in order (kept with the project).
    pub fn paths(&self) -> Vec<PathBuf> {
        self.items.iter().map(|o| o.path.clone()).collect()
    }

    /// Removes the overlay at `index`; false when there is none.
    pub fn remove(&mut self, index: usize) -> bool {
        if index >= self.items.len() {
            return false;
        }
        self.items.remove(index);
        self.revision += 1;
        true
    }
}

/// A file read: AOIs, or an attempts export to overlay.
#[derive(Debug)]
pub enum Opened {
    /// AOIs (or why the file could not be read as AOIs).
    Aois(Result<ImportReport, FormatError>),
    /// An attempts export (or why it could not be read).
    Overlay(Result<Exported, ReadError>),
}

/// Reads a file: as an attempts export when it is one, else as AOIs (at most [`MAX_OPENED`]).
pub fn read_file(path: &Path) -> Opened {
    match read_export_file(path) {
        Ok(Some(exported)) => Opened::Overlay(Ok(exported)),
        Err(error) => Opened::Overlay(Err(error)),
        Ok(None) => Opened::Aois(import_file_at_most(path, MAX_OPENED)),
    }
}

impl AppState {
    /// Takes what reading a file gave (read here or on the file thread).
    pub fn finish_reading(&mut self, path: &Path, opened: Opened) {
        match opened {
            Opened::Aois(result) => self.finish_open(path, result),
            Opened::Overlay(result) => self.finish_overlay(path, result),
        }
    }

    /// Shows an export as an overlay and says so (it is not an AOI), or why it cannot be.
    fn finish_overlay(&mut self, path: &Path, result: Result<Exported, ReadError>) {
        let label = path.display().to_string();
        let exported = match result {
            Ok(exported) => exported,
            Err(error) => {
                self.notify(format!("{label}: {error}"), true);
                return;
            }
        };
        let count = exported.footprints.len();
        let mut text = format!(
            "{label}: an attempts export, opened as a comparison overlay of {count} footprint(s) (not as AOIs: it is listed under Overlays)"
        );
        for skipped in &exported.skipped {
            text.push_str(&format!("; skipped {skipped}"));
        }
        self.notify(text, false);
        let corners: Vec<crate::aoi::LonLat> = exported
            .footprints
            .iter()
            .flat_map(|f| f.ring.iter().copied())
            .collect();
        if !corners.is_empty() {
            self.zoom_request = Some(bounds(&corners));
        }
        let name = path
            .file_name()
            .map_or_else(|| label.clone(), |n| n.to_string_lossy().into_owned());
        self.overlays.put(Overlay {
            name,
            path: path.to_owned(),
            footprints: exported.footprints,
        });
        // The project keeps which files are shown.
        self.dirty = true;
    }

    /// Shows again an overlay of the last session, only if its file is still an attempts export
    /// (a file that became something else is not opened as AOIs behind the person's back).
    pub fn reopen_overlay(&mut self, path: &Path) {
        match read_export_file(path) {
            Ok(Some(exported)) => self.finish_overlay(path, Ok(exported)),
            Ok(None) => self.notify(
                format!(
                    "{}: shown as a comparison overlay last time, but it is missing or no longer an attempts export; open it again to see it",
                    path.display()
                ),
                true,
            ),
            Err(error) => self.finish_overlay(path, Err(error)),
        }
    }

    /// Opens a file now, on this thread (without a file thread).
    pub fn open_now(&mut self, path: &Path) {
        let opened = read_file(path);
        self.finish_reading(path, opened);
    }

    /// Removes an overlay (the file stays as it is).
    pub fn remove_overlay(&mut self, index: usize) {
        if let Some(name) = self.overlays.items().get(index).map(|o| o.name.clone())
            && self.overlays.remove(index)
        {
            self.notify(format!("overlay {name} removed"), false);
            self.dirty = true;
        }
    }
}
