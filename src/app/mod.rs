//! The eframe shell: the `App` (logic and ui), running commands, autosave, drag-and-drop,
//! paste, keyboard shortcuts, view preferences and `--screenshot`.

mod compare;
pub mod connection;
pub mod dialogs;
mod files;
pub mod jobs;
mod saver;
mod summary;
mod tasking;
mod tracking;
mod up42_follow;
mod up42_task;

use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::{Arc, Mutex};

use egui::{Key, KeyboardShortcut, Modifiers, Ui};

use crate::state::command::{self, Command};
use crate::state::{self, AppState};
use crate::store::project;
use crate::ui::map::{BaseLayer, MapView};
use crate::ui::panel::panel_ui;
use crate::ui::theme;

/// Map position, zoom and layer, kept in eframe's storage (view preferences only: the AOIs are
/// in the project file, written atomically).
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
struct ViewPrefs {
    lon: f64,
    lat: f64,
    zoom: f64,
    layer: BaseLayer,
}

const PREFS_KEY: &str = "sattask.view";

/// A `--screenshot` run: frames left before asking for the picture (the basemap is drawn on
/// the first frame; a few more let fonts and layout settle), and where to save it.
#[derive(Debug, Clone, PartialEq)]
struct ScreenshotState {
    frames_left: u32,
    out: PathBuf,
}

/// The desktop app.
pub struct SattaskApp {
    /// Everything the app knows.
    pub state: AppState,
    /// The map view.
    pub map: MapView,
    project_path: Option<PathBuf>,
    screenshot: Option<ScreenshotState>,
    outcome: Arc<Mutex<Option<Result<(), String>>>>,
    fitted_once: bool,
    /// Until when (egui's input time) clicks are caught above the window: the second click of
    /// a double click on a Confirm must not land on what the closed dialog uncovers.
    shield_until: Option<f64>,
    dialogs: dialogs::Dialogs,
    /// The runtime and clients of the tasking workflow (none: the window cannot task).
    pub jobs: Option<jobs::Jobs>,
    saver: Option<saver::Saver>,
    saved_form: Option<crate::tasking::workflow::form::TaskingForm>,
    compared_pair: Option<(usize, usize)>,
    files: Option<files::Files>,
    last_refresh: Option<std::time::Instant>,
    /// Something changed since the workflow's follow-up was last worked out.
    follow_up_due: bool,
    /// The AOI and revision it was last worked out for.
    followed_key: Option<crate::tasking::workflow::AoiKey>,
    /// Warnings raised anywhere in the program (the journal, the sandbox's state), shown as
    /// notices.
    warnings: Option<crate::diagnostics::Warnings>,
    /// The project file, claimed for this window's life (one writer per project).
    _project_claim: Option<crate::instance::Claim>,
    /// Where `Save summary (PNG)…` writes without asking (tests); none: a save dialog.
    pub summary_folder: Option<PathBuf>,
    /// The summary waiting for its save dialog's answer.
    pending_summary: Option<crate::tasking::summary::Summary>,
}

impl SattaskApp {
    /// An app over a state; `project_path` is where it autosaves (none in tests).
    pub fn new(state: AppState, project_path: Option<PathBuf>) -> Self {
        SattaskApp {
            map: MapView::default(),
            project_path,
            screenshot: None,
            outcome: Arc::new(Mutex::new(None)),
            fitted_once: false,
            shield_until: None,
            dialogs: dialogs::Dialogs::default(),
            saved_form: Some(state.tasking.form.clone()),
            state,
            jobs: None,
            saver: None,
            compared_pair: None,
            files: None,
            last_refresh: None,
            follow_up_due: true,
            followed_key: None,
            warnings: None,
            _project_claim: None,
            summary_folder: None,
            pending_summary: None,
        }
    }

    /// Shows the program's warnings (see [`crate::diagnostics::install`]) as error notices.
    pub fn with_warnings(mut self, warnings: crate::diagnostics::Warnings) -> Self {
        self.warnings = Some(warnings);
        self
    }

    /// Connects the tasking workflow to services and asks for the contracts.
    pub fn with_jobs(mut self, jobs: jobs::Jobs) -> Self {
        self.state.endpoint = Some(jobs.endpoint.clone());
        self.state.connection = state::ConnectionView {
            choice: jobs.choice.clone(),
            key_note: jobs.key_note.clone(),
            draft: crate::state::connection::Draft::of(&jobs.choice),
            connecting: false,
        };
        self.state.tracking.unclear = jobs.unclear_at_start.clone();
        if let Some(note) = &jobs.note {
            self.state.notify(note.clone(), false);
        }
        self.jobs = Some(jobs);
        self.tasking(command::TaskingCommand::LoadContracts);
        self
    }

    /// Runs a command now (file dialogs here: they need the window's context).
    pub fn execute(&mut self, command: Command) {
        self.state.execute(command);
    }

    fn execute_in(&mut self, ctx: &egui::Context, command: Command) {
        let shown = match command {
            Command::OpenDialog => self.dialogs.open(ctx),
            Command::SaveDialog => self.dialogs.save(ctx),
            Command::SaveSummary => {
                self.save_summary(ctx);
                Ok(())
            }
            // Files are read and written on their own thread.
            Command::Open(path) => {
                match self.files(ctx) {
                    Some(files) => files.open(path),
                    None => self.execute(Command::Open(path)),
                }
                Ok(())
            }
            Command::SaveAll(path) => {
                let aois = self.state.all_aois();
                match self.files(ctx) {
                    Some(files) => files.save(path, aois),
                    None => self.execute(Command::SaveAll(path)),
                }
                Ok(())
            }
            Command::Tasking(command) => {
                self.tasking(command);
                Ok(())
            }
            // To the path typed when it names an export format, else where a dialog says.
            Command::ExportAttempts(what) => match self.state.typed_export_path() {
                Some(path) => {
                    self.export_attempts(ctx, path, what);
                    Ok(())
                }
                None => self.dialogs.export_attempts(ctx, what),
            },
            Command::ExportAttemptsTo(path, what) => {
                self.export_attempts(ctx, path, what);
                Ok(())
            }
            Command::Up42(command) => {
                self.up42_command(command);
                Ok(())
            }
            other => {
                self.execute(other);
                Ok(())
            }
        };
        if let Err(why) = shown {
            self.state.notify(why, true);
        }
    }

    /// Exports attempts on the file thread (here without one).
    fn export_attempts(
        &mut self,
        ctx: &egui::Context,
        path: PathBuf,
        what: crate::state::exports::ExportWhat,
    ) {
        let records = self.state.records_for(what);
        match self.files(ctx) {
            Some(files) => files.export(path, records, what),
            None => self.state.export_now(&path, what),
        }
    }

    fn files(&mut self, ctx: &egui::Context) -> Option<&mut files::Files> {
        if self.files.is_none() {
            self.files = files::Files::start(Some(ctx.clone()));
        }
        self.files.as_mut()
    }

    /// Whether a file is being read or written on the file thread.
    pub fn files_busy(&self) -> bool {
        self.files.as_ref().is_some_and(files::Files::busy)
    }

    /// Everything that is not drawing: shortcuts, dropped files, pastes, autosave.
    pub fn logic(&mut self, ctx: &egui::Context) {
        let mut commands = Vec::new();
        // While a text field has the keyboard, Ctrl+Z and pastes are the field's own.
        let typing = ctx.text_edit_focused();
        ctx.input_mut(|input| {
            let redo = KeyboardShortcut::new(Modifiers::COMMAND | Modifiers::SHIFT, Key::Z);
            let undo = KeyboardShortcut::new(Modifiers::COMMAND, Key::Z);
            if !typing {
                if input.consume_shortcut(&redo) {
                    commands.push(Command::Redo);
                } else if input.consume_shortcut(&undo) {
                    commands.push(Command::Undo);
                }
            }
            for file in &input.raw.dropped_files {
                commands.push(Command::Open(file.path().to_owned()));
            }
            for event in &input.events {
                if let egui::Event::Paste(text) = event
                    && !typing
                {
                    commands.push(Command::Paste(text.clone()));
                }
            }
        });
        match self.dialogs.poll() {
            Some(dialogs::DialogOutcome::Open(paths)) => {
                commands.extend(paths.into_iter().map(Command::Open))
            }
            Some(dialogs::DialogOutcome::Save(path)) => commands.push(Command::SaveAll(path)),
            Some(dialogs::DialogOutcome::Export(path, what)) => {
                commands.push(Command::ExportAttemptsTo(path, what))
            }
            Some(dialogs::DialogOutcome::SaveSummary(path)) => self.write_summary(ctx, path),
            Some(dialogs::DialogOutcome::Cancelled) | None => {}
        }
        for command in commands {
            self.execute_in(ctx, command);
        }
        if let Some(files) = &mut self.files {
            for done in files.poll() {
                match done {
                    files::FileDone::Opened(path, opened) => {
                        self.state.finish_reading(&path, opened)
                    }
                    files::FileDone::Saved(path, count, result) => {
                        self.state.finish_save(&path, count, result)
                    }
                    files::FileDone::Exported(path, count, what, result) => {
                        self.state.finish_export(&path, count, what, result)
                    }
                    files::FileDone::SummarySaved(path, result) => {
                        self.state.summary_note = Some(summary::saved_words(&path, result));
                    }
                }
            }
        }
        if let Some(text) = self.state.clipboard.take() {
            ctx.copy_text(text);
        }
        if let Some(warnings) = &self.warnings {
            for warning in warnings.take() {
                self.state.notify(warning, true);
            }
        }
        self.tasking_logic(ctx);
        self.compare_logic();
        self.autosave();
        self.screenshot_step(ctx);
    }

    fn autosave(&mut self) {
        if let Some(saver) = &self.saver {
            for failure in saver.failures() {
                self.state.notify(failure, true);
            }
        }
        let form_changed = self.saved_form.as_ref() != Some(&self.state.tasking.form);
        if !self.state.dirty && !form_changed {
            return;
        }
        self.state.dirty = false;
        self.saved_form = Some(self.state.tasking.form.clone());
        let Some(path) = &self.project_path else {
            return;
        };
        let project = project::Project {
            version: project::VERSION,
            aois: self.state.all_aois(),
            tasking: serde_json::to_value(&self.state.tasking.form).unwrap_or_default(),
            overlays: self.state.overlays.paths(),
        };
        if self.saver.is_none() {
            self.saver = saver::Saver::start();
        }
        match &self.saver {
            Some(saver) => saver.save(path.clone(), project),
            None => {
                if let Err(error) = project::save_project(path, &project) {
                    self.state.notify(format!("autosave failed: {error}"), true);
                }
            }
        }
    }

    /// Catches clicks above everything for a double click's time after a Confirm (a person
    /// who double-clicks Confirm otherwise chose another attempt, or deselected the AOI, with
    /// the second click).
    fn shield(&mut self, ctx: &egui::Context) {
        let Some(until) = self.shield_until else {
            return;
        };
        if ctx.input(|i| i.time) > until {
            self.shield_until = None;
            return;
        }
        ctx.request_repaint();
        let screen = ctx.content_rect();
        egui::Area::new(egui::Id::unique("confirm_click_shield"))
            .order(egui::Order::Foreground)
            .fixed_pos(screen.min)
            .show(ctx, |ui| {
                ui.allocate_rect(screen, egui::Sense::click());
            });
    }

    /// Draws the window.
    pub fn show(&mut self, ui: &mut Ui) {
        let mut commands = Vec::new();
        // The attempts, their timeline and every offer compared, across the whole window under
        // the map and the panels: they need the room (in the side column the timeline was cut
        // off and the table's columns out of sight). Its height is kept in egui's memory.
        if self.state.endpoint.is_some()
            && let Some(layout) = crate::ui::tasking::under_map::Layout::of(&self.state)
        {
            let window_height = ui.ctx().content_rect().height();
            let (id, height) = layout.id_and_default_height(window_height);
            egui::Panel::bottom(id)
                .default_size(height)
                .max_size(crate::ui::tasking::under_map::max_height(window_height))
                .resizable(true)
                .show(ui, |ui| {
                    commands.extend(crate::ui::tasking::under_map::under_map_ui(
                        ui,
                        &self.state,
                        layout,
                    ));
                });
        }
        egui::Panel::left("side_panel")
            .default_size(theme::PANEL_WIDTH)
            .resizable(true)
            .show(ui, |ui| {
                commands.extend(panel_ui(ui, &self.state, &mut self.map.layer));
            });
        // The tasking panel needs a connection (an app without one, as in the editor's tests,
        // keeps the whole width for the map).
        if self.state.endpoint.is_some() {
            egui::Panel::right("tasking_panel")
                .default_size(theme::TASKING_PANEL_WIDTH)
                .resizable(true)
                .show(ui, |ui| {
                    commands.extend(crate::ui::tasking::tasking_ui(ui, &self.state));
                });
        }
        egui::CentralPanel::default()
            .frame(egui::Frame::NONE)
            .show(ui, |ui| {
                let size = ui.available_size();
                if !self.fitted_once {
                    self.fitted_once = true;
                    if !self.state.aois.is_empty() && self.state.zoom_request.is_none() {
                        self.state.execute(Command::ZoomToAll);
                    }
                }
                if let Some((south_west, north_east)) = self.state.zoom_request.take() {
                    self.map.fly_to(south_west, north_east, size);
                }
                commands.extend(self.map.ui(ui, &self.state));
            });
        let ctx = ui.ctx().clone();
        // A view under the pointer says what it hovers; when none does, nothing is hovered.
        if self.state.tasking.selection.hovered.is_some()
            && !commands
                .iter()
                .any(|c| matches!(c, Command::Tasking(command::TaskingCommand::Hover(_))))
        {
            commands.push(Command::Tasking(command::TaskingCommand::Hover(None)));
        }
        // The same for the compare table's rows.
        if self.state.offers_hovered.is_some()
            && !commands
                .iter()
                .any(|c| matches!(c, Command::Tasking(command::TaskingCommand::HoverOffer(_))))
        {
            commands.push(Command::Tasking(command::TaskingCommand::HoverOffer(None)));
        }
        if commands.iter().any(confirms) {
            let delay = ctx.options(|o| o.input_options.max_double_click_delay);
            self.shield_until = Some(ctx.input(|i| i.time) + delay);
        }
        for command in commands {
            self.execute_in(&ctx, command);
        }
        self.shield(&ctx);
        // Copied in the frame of the click.
        if let Some(text) = self.state.clipboard.take() {
            ctx.copy_text(text);
        }
        if self.map.is_busy() {
            ui.ctx().request_repaint();
        }
    }

    fn screenshot_step(&mut self, ctx: &egui::Context) {
        let Some(ScreenshotState { frames_left, out }) = self.screenshot.take() else {
            return;
        };
        if frames_left > 0 {
            self.screenshot = Some(ScreenshotState {
                frames_left: frames_left - 1,
                out,
            });
            ctx.request_repaint();
            return;
        }
        let outcome = self.outcome.clone();
        let closer = ctx.clone();
        ctx.request_screenshot(move |image| {
            let result = save_png(&image, &out);
            if let Ok(mut slot) = outcome.lock() {
                *slot = Some(result);
            }
            closer.send_viewport_cmd(egui::ViewportCommand::Close);
        });
        ctx.request_repaint();
    }
}

fn save_png(image: &egui::ColorImage, out: &std::path::Path) -> Result<(), String> {
    let [width, height] = image.size;
    let pixels: Vec<u8> = image.pixels.iter().flat_map(|c| c.to_array()).collect();
    let buffer = image::RgbaImage::from_raw(width as u32, height as u32, pixels)
        .ok_or_else(|| "the screenshot has an unexpected size".to_owned())?;
    buffer
        .save(out)
        .map_err(|e| format!("cannot write {}: {e}", out.display()))
}

impl eframe::App for SattaskApp {
    fn logic(&mut self, ctx: &egui::Context, _frame: &mut eframe::Frame) {
        SattaskApp::logic(self, ctx);
    }

    fn ui(&mut self, ui: &mut Ui, _frame: &mut eframe::Frame) {
        self.show(ui);
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        let center = self
            .map
            .memory
            .detached()
            .unwrap_or_else(crate::ui::map::default_center);
        let prefs = ViewPrefs {
            lon: center.x(),
            lat: center.y(),
            zoom: self.map.memory.zoom(),
            layer: self.map.layer,
        };
        eframe::set_value(storage, PREFS_KEY, &prefs);
    }
}

/// Claims the project file for this window's life; when another window holds it, says which
/// (process, since when) and that this one shows the project read-only (it is then given no
/// path to save to): never two writers of one project.
pub fn claim_project(
    project_path: &std::path::Path,
    state: &mut AppState,
) -> Option<crate::instance::Claim> {
    match crate::instance::claim(project_path) {
        Ok(claim) => Some(claim),
        Err(error) => {
            state.notify(
                format!(
                    "{error}. This window shows the project read-only: nothing changed here is saved"
                ),
                true,
            );
            None
        }
    }
}

/// The state the app starts with: the saved project (a corrupt one is kept aside and
/// reported), then the files given with `--open`, each import reported.
pub fn startup_state(project_path: &std::path::Path, open: Vec<PathBuf>) -> AppState {
    let (aois, form, overlays, notice) = match project::load(project_path) {
        Ok(project) => (project.aois, project.tasking, project.overlays, None),
        Err(error) => (
            Vec::new(),
            serde_json::Value::Null,
            Vec::new(),
            Some(error.to_string()),
        ),
    };
    let mut state = AppState::with_aois(aois);
    if let Ok(form) = serde_json::from_value::<crate::tasking::workflow::form::TaskingForm>(form) {
        state.tasking = crate::tasking::workflow::Workflow::with_form(
            form.refreshed(time::OffsetDateTime::now_utc()),
        );
    }
    if let Some(notice) = notice {
        state.notify(notice, true);
    }
    // The comparison overlays of the last session, read again from their files.
    for path in overlays {
        state.reopen_overlay(&path);
    }
    for path in open {
        state.execute(Command::Open(path));
    }
    // The first frame fits every AOI in view (each import asked for its own).
    state.zoom_request = None;
    state
}

/// The window's icon (`assets/sattask.png`, drawn from `assets/sattask.svg`).
const WINDOW_ICON: &[u8] = include_bytes!("../../assets/sattask.png");

/// Opens the window (the sattask command with no subcommand).
pub fn run(
    open: Vec<PathBuf>,
    screenshot: Option<PathBuf>,
    connection: jobs::Connection,
    warnings: crate::diagnostics::Warnings,
) -> ExitCode {
    let project_path = project::default_path();
    let mut state = startup_state(&project_path, open);
    // A screenshot run shows the project but leaves it as it was (scripts run it again and
    // again with the same --open files). Another window on the same project keeps it: this
    // one shows it read-only, so there are never two writers.
    let claim = match screenshot {
        Some(_) => None,
        None => claim_project(&project_path, &mut state),
    };
    let save_to = claim.is_some().then_some(project_path);
    let mut app = SattaskApp::new(state, save_to).with_warnings(warnings);
    app._project_claim = claim;
    let mut connection = connection;
    if screenshot.is_none() {
        // The sandbox inside the app keeps its world between runs, so an order placed today is
        // still followed tomorrow (and the journal agrees with it); its clock catches up.
        connection.sandbox.state_file =
            Some(crate::store::paths::data_dir().join("sandbox-state.json"));
        connection.sandbox.catch_up = true;
    }
    match jobs::Jobs::start(connection) {
        Ok(jobs) => app = app.with_jobs(jobs),
        Err(why) => app.state.notify(
            format!("{why}: the window cannot task satellites this time (the AOI tools work)"),
            true,
        ),
    }
    app.screenshot = screenshot.map(|out| ScreenshotState {
        frames_left: 4,
        out,
    });
    let outcome = app.outcome.clone();
    let wants_screenshot = app.screenshot.is_some();
    if wants_screenshot {
        // The picture shows the detailed basemap where the view needs it, not the coarse one
        // drawn while the detailed one loads.
        crate::ui::basemap::detailed();
    }
    // The first time: 1280×800 at most (eframe shrinks it to the largest monitor), centred.
    // Then eframe's persistence brings back the size and position the window had when it
    // closed, clamped to the monitors present.
    let mut viewport = egui::ViewportBuilder::default()
        .with_inner_size([1280.0, 800.0])
        .with_clamp_size_to_monitor_size(true)
        .with_title("sattask")
        // The desktop entry's StartupWMClass: the desktop pairs the window with its icon.
        .with_app_id("sattask");
    match eframe::icon_data::from_png_bytes(WINDOW_ICON) {
        Ok(icon) => viewport = viewport.with_icon(icon),
        Err(error) => tracing::warn!(%error, "the window icon cannot be read"),
    }
    let options = eframe::NativeOptions {
        viewport,
        centered: true,
        persist_window: true,
        ..eframe::NativeOptions::default()
    };
    let result = eframe::run_native(
        "sattask",
        options,
        Box::new(move |cc| {
            if let Some(storage) = cc.storage
                && let Some(prefs) = eframe::get_value::<ViewPrefs>(storage, PREFS_KEY)
                && !wants_screenshot
            {
                let _ = app.map.memory.set_zoom(prefs.zoom);
                app.map
                    .memory
                    .center_at(walkers::lon_lat(prefs.lon, prefs.lat));
                app.map.layer = prefs.layer;
                app.fitted_once = true;
            }
            Ok(Box::new(app))
        }),
    );
    if let Err(error) = result {
        eprintln!(
            "cannot open the window: {error}. Is there a display (DISPLAY or WAYLAND_DISPLAY) and OpenGL? Without one, use the command line: sattask aoi --help"
        );
        return ExitCode::from(2);
    }
    if wants_screenshot {
        return match outcome.lock().ok().and_then(|mut o| o.take()) {
            Some(Ok(())) => ExitCode::SUCCESS,
            Some(Err(error)) => {
                eprintln!("screenshot failed: {error}");
                ExitCode::from(2)
            }
            None => {
                eprintln!("the window closed before the screenshot was taken");
                ExitCode::from(2)
            }
        };
    }
    ExitCode::SUCCESS
}

/// Whether a command confirms a spending or a decision (the dialog closes under the pointer).
fn confirms(command: &Command) -> bool {
    matches!(
        command,
        Command::Tasking(command::TaskingCommand::Confirm | command::TaskingCommand::ConfirmAct)
            | Command::Up42(crate::state::up42::Up42Command::Confirm)
    )
}
