//! `Compare offers`: the button, the progress ("4 of 6 answered") with `Cancel comparison`, and
//! the table: one row per mission and offer, the sortable columns' headings as buttons, the
//! best of each marked in words, and `Open` on each row. Every cell is a label, so the whole
//! table is in the accessibility tree.

use egui::{RichText, Ui};

use super::{cmd, theme};
use crate::state::command::{Command, TaskingCommand};
use crate::state::exports::ExportWhat;
use crate::state::{AppState, FootprintKind};
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

/// The first cells of the table that the row's button already names (mission and offer).
const NAMED_BY_THE_BUTTON: usize = 2;

/// The table, in the panel under the map where it has the window's width: the verdict and the
/// price wrap, so the price column is in sight at 1280 points wide. Each row says its colour on
/// the map (a swatch and its name in words); the row under the pointer is brought forward there,
/// and the row whose footprint is under the pointer on the map is emphasised here.
pub(super) fn table_ui(ui: &mut Ui, state: &AppState, commands: &mut Vec<Command>) {
    let offers = &state.offers;
    let rows = offers.rows();
    if rows.is_empty() {
        return;
    }
    ui.horizontal(|ui| {
        ui.label(
            RichText::new(format!("Every offer for this AOI: {}", offers.progress())).strong(),
        );
        if rows.iter().any(|r| r.first.is_some())
            && ui
                .button("Export each offer's first attempt…")
                .on_hover_text(super::attempts::EXPORT_HINT)
                .clicked()
        {
            commands.push(Command::ExportAttempts(ExportWhat::FirstOfEachOffer));
        }
    });
    let order = match state.offers_sort {
        Some(key) => sorted(rows, key),
        None => (0..rows.len()).collect(),
    };
    let mut hovered = None;
    egui::ScrollArea::both()
        .id_salt("compare_table_scroll")
        .auto_shrink([false, false])
        .show(ui, |ui| {
            egui::Grid::new("compare_table")
                .striped(true)
                .show(ui, |ui| {
                    ui.label(RichText::new("offer (colour on the map)").strong());
                    for (column, heading) in HEADINGS.iter().enumerate().skip(NAMED_BY_THE_BUTTON) {
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
                    let on_map = hovered_on_map(state);
                    for &index in &order {
                        if row_ui(ui, state, index, on_map, commands) {
                            hovered = Some(index);
                        }
                        ui.end_row();
                    }
                });
        });
    if hovered.is_some() {
        commands.push(cmd(TaskingCommand::HoverOffer(hovered)));
    }
}

/// The row whose footprint is under the pointer on the map, if any.
fn hovered_on_map(state: &AppState) -> Option<usize> {
    state
        .footprints
        .items()
        .iter()
        .find(|f| f.hovered)
        .and_then(|f| match f.kind {
            FootprintKind::OfferRow(row) => Some(row),
            _ => None,
        })
}

/// One row of the table; true when the pointer is over it.
fn row_ui(
    ui: &mut Ui,
    state: &AppState,
    index: usize,
    on_map: Option<usize>,
    commands: &mut Vec<Command>,
) -> bool {
    let rows = state.offers.rows();
    let Some(row) = rows.get(index) else {
        return false;
    };
    let mut texts = cells(row);
    for key in best_of(rows, index) {
        texts[column_of(key)].push_str(" (best)");
    }
    let emphasised = state.offers_hovered == Some(index) || on_map == Some(index);
    let label = format!(
        "Open {} {}",
        row.pair.mission.label(),
        row.pair.offer.label()
    );
    let mut area = ui
        .vertical(|ui| {
            let button = ui.add_enabled(
                row.answered(),
                egui::Button::new(label).wrap_mode(egui::TextWrapMode::Extend),
            );
            if button.clicked() {
                commands.push(cmd(TaskingCommand::OpenCompareRow(index)));
            }
            let (color, name) = theme::offer_color(index);
            ui.horizontal(|ui| {
                let (rect, _) = ui.allocate_exact_size(
                    egui::Vec2::splat(theme::SWATCH_SIZE),
                    egui::Sense::hover(),
                );
                ui.painter().rect_filled(rect, 2.0, color);
                let words = RichText::new(format!("colour: {name}")).small();
                ui.label(if emphasised { words.strong() } else { words });
            });
        })
        .response
        .rect;
    for (column, text) in texts.into_iter().enumerate().skip(NAMED_BY_THE_BUTTON) {
        let width = match column {
            2 => Some(theme::VERDICT_WIDTH),
            9 => Some(theme::PRICE_WIDTH),
            _ => None,
        };
        let text = if emphasised {
            RichText::new(text).strong()
        } else {
            RichText::new(text)
        };
        let cell = match width {
            // A long sentence wraps at the column's width instead of widening the table.
            Some(width) => {
                ui.allocate_ui(egui::vec2(width, 0.0), |ui| {
                    ui.set_max_width(width);
                    ui.add(egui::Label::new(text).wrap())
                })
                .response
            }
            None => ui.label(text),
        };
        area = area.union(cell.rect);
    }
    ui.rect_contains_pointer(area)
}
