//! The UP42 order bar and confirmation: the live credit estimate (credits and euros, each AOI
//! UP42 refused in words), what to fix when nothing can be estimated, `Order through UP42…`,
//! the confirmation naming credits, product, collection, provider, workspace, AOI (with its map)
//! and what follows, and the order's outcome (placed, refused, unknown with `Check`).

use egui::{RichText, Ui};

use super::theme;
use crate::state::AppState;
use crate::state::command::Command;
use crate::state::up42::Up42Command;
use crate::tasking::amount::credits;
use crate::tasking::up42_task::step::Up42Step;
use crate::tasking::workflow::Slot;

fn cmd(command: Up42Command) -> Command {
    Command::Up42(command)
}

/// The estimate, what blocks it, the order button and the order's outcome.
pub fn up42_bar_ui(ui: &mut Ui, state: &AppState, commands: &mut Vec<Command>) {
    let task = &state.up42;
    if task.product.is_none() {
        return;
    }
    match &task.estimate {
        Slot::Waiting(_) => {
            ui.horizontal(|ui| {
                ui.add(egui::Spinner::new());
                ui.label("Estimating the credits…");
            });
        }
        Slot::Ready(estimate) => {
            match estimate.summary.total_credits.get() {
                Some(total) if estimate.errors.is_empty() => {
                    ui.label(RichText::new(format!("Estimate: {}", credits(total.0))).strong());
                }
                _ => {}
            }
            for error in estimate.errors.iter() {
                let what = error
                    .message
                    .as_deref()
                    .or(error.details.as_deref())
                    .unwrap_or("no reason given");
                ui.colored_label(
                    theme::ERROR,
                    format!(
                        "UP42 would refuse AOI {}: {what}. Change the AOI or the form to what it asks.",
                        error.index + 1
                    ),
                );
            }
        }
        Slot::Failed(why) => {
            ui.colored_label(
                theme::ERROR,
                format!("The credits could not be estimated: {why}"),
            );
        }
        Slot::Idle => {}
    }
    if let Some(why) = &task.blocked {
        ui.colored_label(theme::WARNING, why);
    }
    if let Some(why) = task
        .note
        .as_ref()
        .filter(|n| Some(*n) != task.blocked.as_ref())
    {
        ui.colored_label(theme::WARNING, format!("Not opened: {why}"));
    }
    match &task.order {
        Up42Step::Closed | Up42Step::Confirming(_) => {
            if ui.button("Order through UP42…").clicked() {
                commands.push(cmd(Up42Command::OpenOrder));
            }
        }
        Up42Step::Sending { .. } => {
            ui.horizontal(|ui| {
                ui.add(egui::Spinner::new());
                ui.label("Placing the UP42 order…");
            });
        }
        Up42Step::Placed { receipt, .. } => {
            ui.label(RichText::new(format!("Placed: {receipt}")).strong());
            ui.label("It is listed under Quotations, UP42 orders.");
            if ui.button("New UP42 order").clicked() {
                commands.push(cmd(Up42Command::Close));
            }
        }
        Up42Step::Refused { why, .. } => {
            ui.colored_label(theme::ERROR, format!("Not ordered: {why}"));
            if ui.button("New UP42 order").clicked() {
                commands.push(cmd(Up42Command::Close));
            }
        }
        Up42Step::Unknown { message, check, .. } => {
            ui.colored_label(
                theme::ERROR,
                format!(
                    "Sent, outcome unknown: {message}. It is not sent again; check it ({check})."
                ),
            );
            if ui.button("Check the UP42 order").clicked() {
                commands.push(cmd(Up42Command::Check));
            }
        }
        Up42Step::Checking { .. } => {
            ui.horizontal(|ui| {
                ui.add(egui::Spinner::new());
                ui.label("Checking whether the UP42 order went through…");
            });
        }
    }
}

/// The width of the confirmation's values, points (the dialog is 420 wide).
const VALUE_WIDTH: f32 = 300.0;

/// The confirmation, while it is open.
pub fn up42_confirmation_ui(ui: &mut Ui, state: &AppState, commands: &mut Vec<Command>) {
    let Up42Step::Confirming(draft) = &state.up42.order else {
        return;
    };
    let modal =
        egui::Modal::new(egui::Id::unique("up42_order_confirmation")).show(ui.ctx(), |ui| {
            ui.set_width(420.0);
            ui.heading("Confirm the UP42 order");
            super::thumbnail::thumbnail_ui(
                ui,
                &draft.ring,
                None,
                &format!("Map of the AOI {} (blue)", draft.aoi_name),
            );
            let amount = draft
                .credits
                .map_or_else(|| "priced by the quotation".to_owned(), credits);
            egui::Grid::new("up42_confirmation_grid").show(ui, |ui| {
                for (name, value) in [
                    ("Estimate", amount.as_str()),
                    ("AOI", draft.aoi_name.as_str()),
                    ("Data product", draft.product.as_str()),
                    ("Collection", draft.collection.as_str()),
                    ("Provider", draft.provider.as_str()),
                    ("Workspace", draft.workspace.as_str()),
                    ("Order name", draft.request.display_name.as_str()),
                ] {
                    ui.label(name);
                    // A column of its own width: a wrapped label in a grid's new column is
                    // given only what the column had (a few letters: the values came out one
                    // syllable a line).
                    ui.allocate_ui(egui::vec2(VALUE_WIDTH, 0.0), |ui| {
                        ui.set_min_width(VALUE_WIDTH);
                        ui.add(egui::Label::new(value).wrap())
                    });
                    ui.end_row();
                }
            });
            ui.label(format!("What comes next: {}.", draft.next_step));
            ui.label("The order is sent once.");
            if draft.searching.is_some() {
                ui.horizontal(|ui| {
                    ui.add(egui::Spinner::new());
                    ui.label("Looking for earlier UP42 orders of this image in the journal…");
                });
            }
            if let Some(again) = super::already_bought::already_bought_ui(
                ui,
                draft.earlier_note.as_ref(),
                &draft.earlier,
                draft.buy_again,
            ) {
                commands.push(cmd(Up42Command::BuyAgain(again)));
            }
            ui.horizontal(|ui| {
                let button = ui.add_enabled(
                    draft.may_send(),
                    egui::Button::new(RichText::new("Confirm UP42 order").strong()),
                );
                let button = if draft.may_send() {
                    button
                } else if draft.searching.is_some() {
                    button.on_disabled_hover_text(
                        "Wait: the journal is being searched for earlier orders of this image",
                    )
                } else {
                    button.on_disabled_hover_text(
                        "An earlier order buys the same image: tick 'Buy it again' first",
                    )
                };
                if button.clicked() {
                    commands.push(cmd(Up42Command::Confirm));
                }
                if ui.button("Cancel").clicked() {
                    commands.push(cmd(Up42Command::Close));
                }
            });
        });
    if modal.should_close() {
        commands.push(cmd(Up42Command::Close));
    }
}
