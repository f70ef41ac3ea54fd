//! Open and save dialogs through the desktop portal (rfd, no GTK), each on a named thread so the
//! window never blocks. Where no portal answers (no D-Bus session, as on a bare X server), the
//! app says so; the path field and drag-and-drop remain.

use std::path::PathBuf;
use std::sync::mpsc;

/// What a dialog gave back.
#[derive(Debug, Clone, PartialEq)]
pub enum DialogOutcome {
    /// Files to open.
    Open(Vec<PathBuf>),
    /// Where to save every AOI.
    Save(PathBuf),
    /// Where to export attempts.
    Export(PathBuf, crate::state::exports::ExportWhat),
    /// Where to save the order's one-page summary.
    SaveSummary(PathBuf),
    /// Closed without choosing.
    Cancelled,
}

/// The dialog in flight, if any.
#[derive(Default)]
pub struct Dialogs {
    pending: Option<mpsc::Receiver<DialogOutcome>>,
}

/// Whether a desktop portal can answer: it lives on the D-Bus session bus.
pub fn portal_reachable() -> bool {
    std::env::var_os("DBUS_SESSION_BUS_ADDRESS").is_some()
        || std::env::var_os("XDG_RUNTIME_DIR")
            .is_some_and(|dir| std::path::Path::new(&dir).join("bus").exists())
}

const NO_PORTAL: &str = "no file dialog can open here (no desktop portal on a D-Bus session): drop the files on the window, or type a path below";

impl Dialogs {
    /// Shows an open dialog; the answer comes through [`Dialogs::poll`].
    pub fn open(&mut self, ctx: &egui::Context) -> Result<(), String> {
        self.spawn(ctx, || {
            rfd::FileDialog::new()
                .set_title("Open AOI files")
                .add_filter(
                    "AOI files",
                    &["geojson", "json", "kml", "kmz", "wkt", "txt", "zip", "gpkg"],
                )
                .pick_files()
                .map_or(DialogOutcome::Cancelled, DialogOutcome::Open)
        })
    }

    /// Shows a save dialog; the answer comes through [`Dialogs::poll`].
    pub fn save(&mut self, ctx: &egui::Context) -> Result<(), String> {
        self.spawn(ctx, || {
            rfd::FileDialog::new()
                .set_title("Save every AOI as")
                .set_file_name("aois.geojson")
                .add_filter("GeoJSON", &["geojson"])
                .add_filter("KML / KMZ", &["kml", "kmz"])
                .add_filter("WKT", &["wkt"])
                .add_filter("GeoPackage", &["gpkg"])
                .add_filter("Zipped Shapefile", &["zip"])
                .save_file()
                .map_or(DialogOutcome::Cancelled, DialogOutcome::Save)
        })
    }

    /// Asks where to export attempts (GeoJSON, KML or CSV).
    pub fn export_attempts(
        &mut self,
        ctx: &egui::Context,
        what: crate::state::exports::ExportWhat,
    ) -> Result<(), String> {
        self.spawn(ctx, move || {
            rfd::FileDialog::new()
                .set_title("Export the attempts as")
                .set_file_name("attempts.geojson")
                .add_filter("GeoJSON", &["geojson"])
                .add_filter("KML", &["kml"])
                .add_filter("CSV", &["csv"])
                .save_file()
                .map_or(DialogOutcome::Cancelled, |path| {
                    DialogOutcome::Export(path, what)
                })
        })
    }

    /// Shows a save dialog for the order's summary, `file_name` proposed.
    pub fn save_summary(&mut self, ctx: &egui::Context, file_name: &str) -> Result<(), String> {
        let file_name = file_name.to_owned();
        self.spawn(ctx, move || {
            rfd::FileDialog::new()
                .set_title("Save the order's summary as")
                .set_file_name(file_name)
                .add_filter("PNG image", &["png"])
                .save_file()
                .map_or(DialogOutcome::Cancelled, DialogOutcome::SaveSummary)
        })
    }

    fn spawn(
        &mut self,
        ctx: &egui::Context,
        show: impl FnOnce() -> DialogOutcome + Send + 'static,
    ) -> Result<(), String> {
        if self.pending.is_some() {
            return Err("a file dialog is already open".to_owned());
        }
        if !portal_reachable() {
            return Err(NO_PORTAL.to_owned());
        }
        let (sender, receiver) = mpsc::channel();
        let ctx = ctx.clone();
        std::thread::Builder::new()
            .name("sattask-file-dialog".to_owned())
            .spawn(move || {
                let _ = sender.send(show());
                ctx.request_repaint();
            })
            .map_err(|e| format!("cannot open a file dialog: {e}"))?;
        self.pending = Some(receiver);
        Ok(())
    }

    /// The dialog's answer, once it has one.
    pub fn poll(&mut self) -> Option<DialogOutcome> {
        let outcome = self.pending.as_ref()?.try_recv();
        match outcome {
            Ok(outcome) => {
                self.pending = None;
                Some(outcome)
            }
            Err(mpsc::TryRecvError::Empty) => None,
            Err(mpsc::TryRecvError::Disconnected) => {
                self.pending = None;
                Some(DialogOutcome::Cancelled)
            }
        }
    }
}
