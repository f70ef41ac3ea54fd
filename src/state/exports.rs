//! Attempts leaving the window: every attempt of the offer asked, or the first attempt of each
//! compared offer, written by `tasking::export` (GeoJSON, KML, CSV) to share what was compared
//! and to open again later as a comparison overlay.

use std::path::{Path, PathBuf};

use super::AppState;
use crate::tasking::export::{ExportError, ExportFormat, Record, records_of};

/// Which attempts to export.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportWhat {
    /// Every attempt of the offer asked (the attempts list).
    Attempts,
    /// The first attempt of each compared offer (the compare table).
    FirstOfEachOffer,
}

impl ExportWhat {
    /// In words, for the messages.
    pub fn words(self) -> &'static str {
        match self {
            ExportWhat::Attempts => "attempt(s)",
            ExportWhat::FirstOfEachOffer => "first attempt(s) of the offers compared",
        }
    }
}

impl AppState {
    /// The records to write for `what` (footprints the service sent unreadable are left out).
    pub fn records_for(&self, what: ExportWhat) -> Vec<Record> {
        match what {
            ExportWhat::Attempts => self
                .tasking
                .attempts
                .ready()
                .map(|answer| records_of(&answer.attempts))
                .unwrap_or_default(),
            ExportWhat::FirstOfEachOffer => {
                records_of(self.offers.rows().iter().filter_map(|r| r.first.as_ref()))
            }
        }
    }

    /// The path typed under Files, when it names an export format (`.geojson`, `.kml`, `.csv`).
    pub fn typed_export_path(&self) -> Option<PathBuf> {
        let typed = PathBuf::from(self.path_field.trim());
        ExportFormat::of(&typed).map(|_| typed)
    }

    /// Says how writing `count` records to `path` went.
    pub fn finish_export(
        &mut self,
        path: &Path,
        count: usize,
        what: ExportWhat,
        result: Result<(), ExportError>,
    ) {
        match result {
            Ok(()) => self.notify(
                format!(
                    "exported {count} {} to {}; open it again to compare later (it comes back as an overlay)",
                    what.words(),
                    path.display()
                ),
                false,
            ),
            Err(error) => self.notify(error.to_string(), true),
        }
    }

    /// Writes the records now, on this thread (without a file thread).
    pub fn export_now(&mut self, path: &Path, what: ExportWhat) {
        let records = self.records_for(what);
        let result = crate::tasking::export::export_file(path, &records);
        self.finish_export(path, records.len(), what, result);
    }
}
