//! `Save summary (PNG)…`: the one-page summary of the order in the confirmation or placed
//! (`tasking::summary`), saved where the person chooses through the save dialog, written on
//! the file thread; where no dialog can open, into the `summaries` folder beside the order
//! journal. The window says where it went.

use std::path::{Path, PathBuf};

use time::OffsetDateTime;

use super::SattaskApp;
use crate::tasking::summary::{Summary, SummaryError};

/// What the window says once a summary is written, or why it is not.
pub fn saved_words(path: &Path, result: Result<(), SummaryError>) -> String {
    match result {
        Ok(()) => format!("Summary saved to {}", path.display()),
        Err(error) => format!("Summary not saved: {error}"),
    }
}

impl SattaskApp {
    /// Makes the summary of the order now shown and asks where to save it.
    pub(super) fn save_summary(&mut self, ctx: &egui::Context) {
        let Some(summary) = Summary::of_order(&self.state.tasking, OffsetDateTime::now_utc())
        else {
            self.state.summary_note = Some(
                "No order to summarise: open Order… (the confirmation) first, or place the order"
                    .to_owned(),
            );
            return;
        };
        if let Some(folder) = self.summary_folder.clone() {
            let path = folder.join(summary.file_name());
            self.pending_summary = Some(summary);
            self.write_summary(ctx, path);
            return;
        }
        match self.dialogs.save_summary(ctx, &summary.file_name()) {
            Ok(()) => {
                self.pending_summary = Some(summary);
                self.state.summary_note = Some("Choose where to save the summary…".to_owned());
            }
            Err(why) => {
                // No dialog here: the summaries folder beside the journal, said in the window.
                let path = self.summaries_dir().join(summary.file_name());
                self.state.summary_note =
                    Some(format!("{why}; saving the summary to the data folder"));
                self.pending_summary = Some(summary);
                self.write_summary(ctx, path);
            }
        }
    }

    /// Writes the summary waiting for a place to `path`, on the file thread.
    pub(super) fn write_summary(&mut self, ctx: &egui::Context, path: PathBuf) {
        let Some(summary) = self.pending_summary.take() else {
            return;
        };
        match self.files(ctx) {
            Some(files) => {
                files.save_summary(path.clone(), summary);
                self.state.summary_note =
                    Some(format!("Saving the summary to {}…", path.display()));
            }
            None => {
                let result = crate::tasking::summary::write_png(&path, &summary);
                self.state.summary_note = Some(saved_words(&path, result));
            }
        }
    }

    /// `summaries/` beside the order journal (the data folder).
    fn summaries_dir(&self) -> PathBuf {
        let journal = self
            .jobs
            .as_ref()
            .map_or_else(crate::store::paths::journal_file, |j| {
                j.journal_path().to_owned()
            });
        journal
            .parent()
            .map_or_else(crate::store::paths::data_dir, Path::to_path_buf)
            .join("summaries")
    }
}
