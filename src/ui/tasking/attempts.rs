//! The attempts: a list (satellite, time in UTC and local solar time, incidence, order deadline
//! with a countdown, AOI coverage) and two of them side by side, shown in the panel under the
//! map beside the timeline. Hovering or choosing in any view moves the others (the map
//! included).

use egui::{RichText, Ui};
use time::OffsetDateTime;

use super::{cmd, theme};
use crate::state::AppState;
use crate::state::command::{Command, TaskingCommand};
use crate::state::exports::ExportWhat;
use crate::tasking::dates::utc_text;
use crate::tasking::workflow::Slot;
use crate::tasking::workflow::attempts::Attempt;

/// What `Export…` does, for its tooltip.
pub const EXPORT_HINT: &str = "As GeoJSON, KML or CSV with each footprint's satellite, time, angles and coverage: to the path typed under Files when it ends .geojson, .kml or .csv, else where you choose. Open the file again to compare later: it comes back as an overlay";

fn angle_text(angle: Option<f64>) -> String {
    angle.map_or_else(|| "?".to_owned(), |a| format!("{a:.1}°"))
}

/// One line that says everything about an attempt (the row's accessible name).
pub fn attempt_line(attempt: &Attempt, now: OffsetDateTime) -> String {
    let deadline = if attempt.orderable_at(now) {
        format!("order within {}", attempt.countdown_at(now))
    } else {
        "order deadline passed".to_owned()
    };
    let coverage = if attempt.footprint_problem.is_some() {
        "footprint not readable (not on the map)".to_owned()
    } else {
        format!("covers {:.0} % of the AOI", attempt.aoi_coverage * 100.0)
    };
    format!(
        "{} · {} (solar {}) · incidence {}{} · {} · {coverage}",
        attempt.satellite,
        utc_text(attempt.acquisition),
        attempt.local_solar_time.as_deref().unwrap_or("?"),
        angle_text(attempt.incidence_deg),
        if attempt.extended_angle {
            " (extended)"
        } else {
            ""
        },
        deadline,
    )
}

/// The attempts list, its rows at most `list_height` points high together (it scrolls; only
/// the rows in view are laid out).
pub fn attempts_list_ui(
    ui: &mut Ui,
    state: &AppState,
    list_height: f32,
    commands: &mut Vec<Command>,
) {
    let flow = &state.tasking;
    let answer = match &flow.attempts {
        Slot::Ready(answer) => answer,
        Slot::Failed(why) => {
            ui.colored_label(theme::ERROR, format!("No attempts: {why}"));
            return;
        }
        Slot::Idle | Slot::Waiting(_) => return,
    };
    let now = OffsetDateTime::now_utc();
    ui.horizontal(|ui| {
        ui.label(RichText::new(format!("Attempts ({})", answer.attempts.len())).strong());
        if !answer.attempts.is_empty()
            && ui
                .button("Export attempts…")
                .on_hover_text(EXPORT_HINT)
                .clicked()
        {
            commands.push(Command::ExportAttempts(ExportWhat::Attempts));
        }
    });
    for error in &answer.errors {
        ui.colored_label(theme::WARNING, error);
    }
    if answer.attempts.is_empty() {
        ui.label("No attempt in the next 7 days with these settings: raise the maximum incidence or choose another offer.");
        return;
    }
    let selection = &flow.selection;
    let mut hovered_here = None;
    // A row is a two-line button: its text, its padding, and the spacing after it.
    let spacing = ui.spacing();
    let row_height = 2.0 * ui.text_style_height(&egui::TextStyle::Body)
        + 2.0 * spacing.button_padding.y
        + spacing.item_spacing.y;
    egui::ScrollArea::vertical()
        .id_salt("attempts_list")
        .max_height(list_height)
        .show_rows(ui, row_height, answer.attempts.len(), |ui, rows| {
            for index in rows {
                let Some(attempt) = answer.attempts.get(index) else {
                    continue;
                };
                let orderable = attempt.orderable_at(now);
                let chosen = selection.chosen == Some(index);
                let mut text = RichText::new(attempt_line(attempt, now));
                if !orderable {
                    text = text.color(theme::PAST_DEADLINE);
                }
                if selection.hovered == Some(index) {
                    text = text.underline();
                }
                ui.horizontal(|ui| {
                    let row = ui.add(
                        egui::Button::selectable(chosen, text).wrap_mode(egui::TextWrapMode::Wrap),
                    );
                    let row = if orderable {
                        row.on_hover_text("Choose this attempt to price and order it")
                    } else {
                        row.on_hover_text("Its order deadline has passed: it cannot be ordered")
                    };
                    if row.hovered() {
                        hovered_here = Some(index);
                    }
                    if row.clicked() {
                        commands.push(cmd(TaskingCommand::Choose(index)));
                    }
                });
            }
        });
    let list_hovered = ui.rect_contains_pointer(ui.min_rect());
    if hovered_here.is_some() || list_hovered {
        commands.push(cmd(TaskingCommand::Hover(hovered_here)));
    }
}

/// The chosen attempt beside the one it is compared with (`Compare with`), and the share of
/// the AOI both cover.
pub fn chosen_and_compared_ui(ui: &mut Ui, state: &AppState, commands: &mut Vec<Command>) {
    let flow = &state.tasking;
    let Some(answer) = flow.attempts.ready() else {
        return;
    };
    let Some(chosen) = flow
        .selection
        .chosen
        .and_then(|i| answer.attempts.get(i).map(|a| (i, a)))
    else {
        ui.label("Choose an attempt in the list, on the timeline or on the map.");
        return;
    };
    let others: Vec<(usize, &Attempt)> = answer
        .attempts
        .iter()
        .enumerate()
        .filter(|(i, _)| *i != chosen.0)
        .collect();
    let compared = flow.selection.compared.and_then(|i| answer.attempts.get(i));
    egui::ComboBox::from_label("Compare with")
        .selected_text(compared.map_or("nothing".to_owned(), |a| {
            format!("{} {}", a.satellite, utc_text(a.acquisition))
        }))
        .show_ui(ui, |ui| {
            if ui.selectable_label(compared.is_none(), "nothing").clicked() {
                commands.push(cmd(TaskingCommand::Compare(None)));
            }
            for (i, a) in &others {
                let text = format!("{} {}", a.satellite, utc_text(a.acquisition));
                if ui
                    .selectable_label(flow.selection.compared == Some(*i), text)
                    .clicked()
                {
                    commands.push(cmd(TaskingCommand::Compare(Some(*i))));
                }
            }
        });
    let Some(second) = compared else {
        return;
    };
    let now = OffsetDateTime::now_utc();
    egui::Grid::new("compare_grid")
        .striped(true)
        .show(ui, |ui| {
            let first = chosen.1;
            let rows: [(&str, String, String); 6] = [
                (
                    "Satellite",
                    first.satellite.clone(),
                    second.satellite.clone(),
                ),
                (
                    "Acquisition",
                    utc_text(first.acquisition),
                    utc_text(second.acquisition),
                ),
                (
                    "Solar time",
                    first.local_solar_time.clone().unwrap_or_default(),
                    second.local_solar_time.clone().unwrap_or_default(),
                ),
                (
                    "Incidence",
                    angle_text(first.incidence_deg),
                    angle_text(second.incidence_deg),
                ),
                (
                    "Across track",
                    angle_text(first.across_track_deg),
                    angle_text(second.across_track_deg),
                ),
                (
                    "AOI covered",
                    format!("{:.0} %", first.aoi_coverage * 100.0),
                    format!("{:.0} %", second.aoi_coverage * 100.0),
                ),
            ];
            ui.label("");
            ui.label(RichText::new("Chosen").strong());
            ui.label(RichText::new("Compared").strong());
            ui.end_row();
            for (name, a, b) in rows {
                ui.label(name);
                ui.label(a);
                ui.label(b);
                ui.end_row();
            }
            ui.label("Order deadline");
            ui.label(first.countdown_at(now));
            ui.label(second.countdown_at(now));
            ui.end_row();
        });
    if let Some(shared) = state.compare_shared {
        let area = state
            .selected_entry()
            .and_then(|e| e.measures.as_ref())
            .map(|m| format!(" ({:.1} km²)", m.area_km2 * shared))
            .unwrap_or_default();
        ui.label(format!(
            "Both cover {:.0} % of the AOI{area}",
            shared * 100.0
        ));
    }
}
