//! The eframe shell: the `App` (logic and ui), running commands, autosave, drag-and-drop,
//! paste, keyboard shortcuts, view preferences and `--screenshot`.

pub mod command;
pub mod dialogs;
pub mod state;

use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::{Arc, Mutex};

use egui::{Key, KeyboardShortcut, Modifiers, Ui};

use self::command::Command;
use self::state::AppState;
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
    dialogs: dialogs::Dialogs,
}

impl SattaskApp {
    /// An app over a state; `project_path` is where it autosaves (none in tests).
    pub fn new(state: AppState, project_path: Option<PathBuf>) -> Self {
        SattaskApp {
            state,
            map: MapView::default(),
            project_path,
            screenshot: None,
            outcome: Arc::new(Mutex::new(None)),
            fitted_once: false,
            dialogs: dialogs::Dialogs::default(),
        }
    }

    /// Runs a command now (file dialogs here: they need the window's context).
    pub fn execute(&mut self, command: Command) {
        self.state.execute(command);
    }

    fn execute_in(&mut self, ctx: &egui::Context, command: Command) {
        let shown = match command {
            Command::OpenDialog => self.dialogs.open(ctx),
            Command::SaveDialog => self.dialogs.save(ctx),
            other => {
                self.execute(other);
                Ok(())
            }
        };
        if let Err(why) = shown {
            self.state.notify(why, true);
        }
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
            Some(dialogs::DialogOutcome::Cancelled) | None => {}
        }
        for command in commands {
            self.execute(command);
        }
        if let Some(text) = self.state.clipboard.take() {
            ctx.copy_text(text);
        }
        self.autosave();
        self.screenshot_step(ctx);
    }

    fn autosave(&mut self) {
        if !self.state.dirty {
            return;
        }
        self.state.dirty = false;
        if let Some(path) = &self.project_path
            && let Err(error) = project::save(path, &self.state.all_aois())
        {
            self.state.notify(format!("autosave failed: {error}"), true);
        }
    }

    /// Draws the window.
    pub fn show(&mut self, ui: &mut Ui) {
        let mut commands = Vec::new();
        egui::Panel::left("side_panel")
            .default_size(theme::PANEL_WIDTH)
            .resizable(true)
            .show(ui, |ui| {
                commands.extend(panel_ui(ui, &self.state, &mut self.map.layer));
            });
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
        for command in commands {
            self.execute_in(&ctx, command);
        }
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

/// The state the app starts with: the saved project (a corrupt one is kept aside and
/// reported), then the files given with `--open`, each import reported.
pub fn startup_state(project_path: &std::path::Path, open: Vec<PathBuf>) -> AppState {
    let (aois, notice) = match project::load(project_path) {
        Ok(project) => (project.aois, None),
        Err(error) => (Vec::new(), Some(error.to_string())),
    };
    let mut state = AppState::with_aois(aois);
    if let Some(notice) = notice {
        state.notify(notice, true);
    }
    for path in open {
        state.execute(Command::Open(path));
    }
    // The first frame fits every AOI in view (each import asked for its own).
    state.zoom_request = None;
    state
}

/// Opens the window (the sattask command with no subcommand).
pub fn run(open: Vec<PathBuf>, screenshot: Option<PathBuf>) -> ExitCode {
    let project_path = project::default_path();
    let state = startup_state(&project_path, open);
    // A screenshot run shows the project but leaves it as it was (scripts run it again and
    // again with the same --open files).
    let save_to = screenshot.is_none().then_some(project_path);
    let mut app = SattaskApp::new(state, save_to);
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
    let options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_inner_size([1280.0, 800.0])
            .with_title("sattask"),
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
