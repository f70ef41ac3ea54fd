//! The panel under the map, across the window: the views that compare need its width. The
//! attempts list, the timeline and the chosen attempt beside the compared one side by side,
//! and below them the `Compare offers` table. The form and the price stay in the side panel.

use egui::Ui;
use time::OffsetDateTime;

use super::{attempts, compare, timeline};
use crate::state::command::Command;
use crate::state::up42::TaskProvider;
use crate::state::{AppState, PanelView};
use crate::tasking::workflow::Slot;

/// The panel's share of the window's height the first time, with one kind of view (the
/// attempts or the table) and with both (then it keeps the height it is dragged to).
const ONE_VIEW_SHARE: f32 = 0.36;
/// See [`ONE_VIEW_SHARE`].
const BOTH_VIEWS_SHARE: f32 = 0.5;
/// The lowest share of the window the map keeps: the panel never grows over it.
const MAP_SHARE: f32 = 0.3;
/// The smallest room the attempts' row is given, points.
const MIN_ATTEMPTS_HEIGHT: f32 = 150.0;
/// The attempts list's share of the width (the timeline and the comparison share the rest).
const LIST_SHARE: f32 = 0.42;
/// The timeline's share of the width.
const TIMELINE_SHARE: f32 = 0.3;

/// What the panel holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layout {
    /// The attempts (or why there are none), with their timeline.
    Attempts,
    /// The compare table.
    Table,
    /// Both, the attempts above the table.
    Both,
}

impl Layout {
    /// What the panel has to show, if anything (the Task view, tasking through OneAtlas).
    pub fn of(state: &AppState) -> Option<Layout> {
        if state.view != PanelView::Task || state.provider == TaskProvider::Up42 {
            return None;
        }
        let attempts = matches!(state.tasking.attempts, Slot::Ready(_) | Slot::Failed(_));
        match (attempts, !state.offers.rows().is_empty()) {
            (true, true) => Some(Layout::Both),
            (true, false) => Some(Layout::Attempts),
            (false, true) => Some(Layout::Table),
            (false, false) => None,
        }
    }

    /// The panel's id and its height the first time, in a window `window_height` points high:
    /// each layout keeps its own height.
    pub fn id_and_default_height(self, window_height: f32) -> (&'static str, f32) {
        let (id, share) = match self {
            Layout::Both => ("under_map_both", BOTH_VIEWS_SHARE),
            Layout::Attempts => ("under_map_attempts", ONE_VIEW_SHARE),
            Layout::Table => ("under_map_table", ONE_VIEW_SHARE),
        };
        (id, (window_height * share).max(MIN_ATTEMPTS_HEIGHT))
    }
}

/// The most the panel may grow to in a window `window_height` points high.
pub fn max_height(window_height: f32) -> f32 {
    (window_height * (1.0 - MAP_SHARE)).max(MIN_ATTEMPTS_HEIGHT)
}

/// Draws the panel's contents in `layout`; returns what the person asked for.
pub fn under_map_ui(ui: &mut Ui, state: &AppState, layout: Layout) -> Vec<Command> {
    let mut commands = Vec::new();
    // The views fill the height the panel is given, so the panel keeps it (an egui panel
    // takes the height of what it holds).
    ui.set_min_height(ui.available_height());
    let has_table = layout != Layout::Attempts;
    let has_attempts = layout != Layout::Table;
    let height = ui.available_height();
    // With both, the attempts take a little over half and the table the rest.
    let attempts_height = if has_table {
        (height * 0.55).max(MIN_ATTEMPTS_HEIGHT).min(height)
    } else {
        height
    };
    if has_attempts {
        let width = ui.available_width();
        let spacing = ui.spacing().item_spacing.x;
        ui.allocate_ui(egui::vec2(width, attempts_height), |ui| {
            attempts_row_ui(
                ui,
                state,
                width - 2.0 * spacing,
                attempts_height,
                &mut commands,
            );
        });
    }
    if has_table {
        if has_attempts {
            ui.separator();
        }
        compare::table_ui(ui, state, &mut commands);
    }
    commands
}

/// The list, the timeline and the comparison of two attempts, side by side.
fn attempts_row_ui(
    ui: &mut Ui,
    state: &AppState,
    width: f32,
    height: f32,
    commands: &mut Vec<Command>,
) {
    let Some(answer) = state.tasking.attempts.ready() else {
        // Why there are none (the list says it).
        attempts::attempts_list_ui(ui, state, height, commands);
        return;
    };
    let row_height = ui.text_style_height(&egui::TextStyle::Body);
    ui.horizontal_top(|ui| {
        let list_width = width * LIST_SHARE;
        ui.allocate_ui(egui::vec2(list_width, height), |ui| {
            ui.set_width(list_width);
            ui.vertical(|ui| {
                // The heading and the warnings take a line or two above the rows.
                let rows = (height - 2.0 * row_height - 12.0).max(row_height * 2.0);
                attempts::attempts_list_ui(ui, state, rows, commands);
            });
        });
        ui.separator();
        let timeline_width = width * TIMELINE_SHARE;
        ui.allocate_ui(egui::vec2(timeline_width, height), |ui| {
            ui.set_width(timeline_width);
            ui.vertical(|ui| {
                ui.label(
                    egui::RichText::new("Timeline: incidence against acquisition time").strong(),
                );
                let plot_height = (height - row_height - 12.0).max(60.0);
                timeline::timeline_ui(
                    ui,
                    plot_height,
                    answer,
                    &state.tasking.selection,
                    OffsetDateTime::now_utc(),
                    commands,
                );
            });
        });
        ui.separator();
        ui.vertical(|ui| {
            egui::ScrollArea::vertical()
                .id_salt("chosen_and_compared")
                .max_height(height)
                .show(ui, |ui| {
                    attempts::chosen_and_compared_ui(ui, state, commands);
                });
        });
    });
}
