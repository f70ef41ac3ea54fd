//! Reading and writing AOI files off the window's thread: a named thread takes the paths
//! dropped, chosen or typed (AOIs, or an attempts export to overlay; and the AOI exports), and sends each outcome back to the window, which
//! stays responsive on a slow disk or a large file. Orders' one-page summaries are written here
//! too.

use std::path::PathBuf;
use std::sync::mpsc;

use crate::aoi::Aoi;
use crate::aoi::formats::{FormatError, export_file};
use crate::state::exports::ExportWhat;
use crate::state::overlays::{Opened, read_file};
use crate::tasking::export::{ExportError, Record};
use crate::tasking::summary::{Summary, SummaryError, write_png};

/// Writes a summary, making its folder first (the summaries folder beside the journal may not
/// exist yet).
fn write_summary(path: &std::path::Path, summary: &Summary) -> Result<(), SummaryError> {
    if let Some(folder) = path.parent().filter(|f| !f.as_os_str().is_empty()) {
        std::fs::create_dir_all(folder).map_err(|source| SummaryError::Write {
            path: path.to_owned(),
            source,
        })?;
    }
    write_png(path, summary)
}

/// Work for the file thread.
enum FileJob {
    Open(PathBuf),
    Save(PathBuf, Vec<Aoi>),
    Export(PathBuf, Vec<Record>, ExportWhat),
    Summary(PathBuf, Box<Summary>),
}

/// What the file thread did.
pub enum FileDone {
    /// A file was read, as AOIs or as an attempts export (or could not be).
    Opened(PathBuf, Opened),
    /// AOIs were written (or could not be).
    Saved(PathBuf, usize, Result<(), FormatError>),
    /// Attempts were exported (or could not be).
    Exported(PathBuf, usize, ExportWhat, Result<(), ExportError>),
    /// An order's summary was written (or could not be).
    SummarySaved(PathBuf, Result<(), SummaryError>),
}

/// The file thread's two ends.
pub struct Files {
    jobs: mpsc::Sender<FileJob>,
    done: mpsc::Receiver<FileDone>,
    pending: usize,
}

impl Files {
    /// Starts the thread; `None` if the system refuses one (the app then reads inline).
    pub fn start(ctx: Option<egui::Context>) -> Option<Files> {
        let (jobs, inbox) = mpsc::channel::<FileJob>();
        let (report, done) = mpsc::channel();
        std::thread::Builder::new()
            .name("sattask-files".to_owned())
            .spawn(move || {
                while let Ok(job) = inbox.recv() {
                    let outcome = match job {
                        FileJob::Open(path) => {
                            let opened = read_file(&path);
                            FileDone::Opened(path, opened)
                        }
                        FileJob::Save(path, aois) => {
                            let result = export_file(&path, &aois);
                            FileDone::Saved(path, aois.len(), result)
                        }
                        FileJob::Export(path, records, what) => {
                            let result = crate::tasking::export::export_file(&path, &records);
                            FileDone::Exported(path, records.len(), what, result)
                        }
                        FileJob::Summary(path, summary) => {
                            let result = write_summary(&path, &summary);
                            FileDone::SummarySaved(path, result)
                        }
                    };
                    if report.send(outcome).is_err() {
                        break;
                    }
                    if let Some(ctx) = &ctx {
                        ctx.request_repaint();
                    }
                }
            })
            .ok()?;
        Some(Files {
            jobs,
            done,
            pending: 0,
        })
    }

    /// Reads a file; the answer comes through [`Files::poll`].
    pub fn open(&mut self, path: PathBuf) {
        if self.jobs.send(FileJob::Open(path)).is_ok() {
            self.pending += 1;
        }
    }

    /// Writes AOIs to a file; the answer comes through [`Files::poll`].
    pub fn save(&mut self, path: PathBuf, aois: Vec<Aoi>) {
        if self.jobs.send(FileJob::Save(path, aois)).is_ok() {
            self.pending += 1;
        }
    }

    /// Exports attempts to a file; the answer comes through [`Files::poll`].
    pub fn export(&mut self, path: PathBuf, records: Vec<Record>, what: ExportWhat) {
        if self.jobs.send(FileJob::Export(path, records, what)).is_ok() {
            self.pending += 1;
        }
    }

    /// Writes an order's summary (PNG); the answer comes through [`Files::poll`].
    pub fn save_summary(&mut self, path: PathBuf, summary: Summary) {
        if self
            .jobs
            .send(FileJob::Summary(path, Box::new(summary)))
            .is_ok()
        {
            self.pending += 1;
        }
    }

    /// What finished since the last call.
    pub fn poll(&mut self) -> Vec<FileDone> {
        let done: Vec<FileDone> = self.done.try_iter().collect();
        self.pending = self.pending.saturating_sub(done.len());
        done
    }

    /// Whether a file is being read or written.
    pub fn busy(&self) -> bool {
        self.pending > 0
    }
}
