//! `Compare offers`: the button, the progress ("4 of 6 answered") with `Cancel comparison`, and
//! the table: one row per mission and offer, the sortable columns' headings as buttons, the
//! best of each marked in words, and `Open` on each row. Every cell is a label, so the whole
//! table is in the accessibility tree.

use egui::{RichText, Ui};

use super::cmd;
use crate::state::AppState;
use crate::state::command::{Command, TaskingCommand};
use crate::tasking::compare::{HEADINGS, SortKey, best_of, cells, column_of, sorted};

/// `Compare offers` and its progress, in the side panel; pushes what the person asked for.
pub fn compare_ui(ui: &mut Ui, state: &AppState, commands: &mut Vec<Command>) {
    let offers = &state.offers;
    ui.horizontal(|ui| {
        if ui
            .button("Compare offers")
            .on_hover_text("Ask every mission and offer the contract allows for this AOI, at once")
            .clicked()
        {
            commands.push(cmd(TaskingCommand::CompareOffers));
        }
        if offers.running() {
            ui.spinner();
            ui.label(offers.progress().to_string());
            if ui.button("Cancel comparison").clicked() {
                commands.push(cmd(TaskingCommand::CancelCompare));
            }
        } else if !offers.rows().is_empty() {
            ui.label(offers.progress().to_string());
        }
    });
}

/// The table, in the panel under the map where it has the map's width (in the side column the
/// verdict was cut and the attempt and price columns were out of sight).
pub fn compare_table_ui(ui: &mut Ui, state: &AppState) -> Vec<Command> {
    let mut commands = Vec::new();
    table_ui(ui, state, &mut commands);
    commands
}

fn table_ui(ui: &mut Ui, state: &AppState, commands: &mut Vec<Command>) {
    let offers = &state.offers;
    let rows = offers.rows();
    if rows.is_empty() {
        return;
    }
    ui.label(RichText::new(format!("Every offer for this AOI: {}", offers.progress())).strong());
    let order = match state.offers_sort {
        Some(key) => sorted(rows, key),
        None => (0..rows.len()).collect(),
    };
    egui::ScrollArea::both()
        .id_salt("compare_table_scroll")
        .show(ui, |ui| {
            egui::Grid::new("compare_table")
                .striped(true)
                .show(ui, |ui| {
                    ui.label("");
                    for (column, heading) in HEADINGS.iter().enumerate() {
                        let key = SortKey::ALL.into_iter().find(|&k| column_of(k) == column);
                        match key {
                            Some(key) => {
                                let sorted_here = state.offers_sort == Some(key);
                                let text = format!("Sort by {heading}");
                                if ui
                                    .selectable_label(sorted_here, RichText::new(text).strong())
                                    .clicked()
                                {
                                    commands.push(cmd(TaskingCommand::SortCompare(key)));
                                }
                            }
                            None => {
                                ui.label(RichText::new(*heading).strong());
                            }
                        }
                    }
                    ui.end_row();
                    for &index in &order {
                        let row = &rows[index];
                        let mut texts = cells(row);
                        for key in best_of(rows, index) {
                            texts[column_of(key)].push_str(" (best)");
                        }
                        let label = format!(
                            "Open {} {}",
                            row.pair.mission.label(),
                            row.pair.offer.label()
                        );
                        if ui
                            .add_enabled(row.answered(), egui::Button::new(label))
                            .clicked()
                        {
                            commands.push(cmd(TaskingCommand::OpenCompareRow(index)));
                        }
                        for text in texts {
                            ui.label(text);
                        }
                        ui.end_row();
                    }
                });
        });
}
