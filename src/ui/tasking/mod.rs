//! The tasking panel: contract, form, `Compare offers`, feasibility, options, price and order;
//! and the panel under the map (`under_map`): the attempts (list, timeline, comparison) and the
//! compare table. It reads the workflow and returns commands; the shell runs them.

mod already_bought;
mod answers;
mod attempts;
mod compare;
mod connection;
mod form;
mod order;
mod thumbnail;
mod timeline;
pub mod under_map;
mod up42;
mod up42_fields;
mod up42_order;

use egui::{RichText, Ui};

use super::theme;
use crate::state::command::{Command, TaskingCommand};
use crate::state::connection::{Choice, Draft};
use crate::state::{AppState, PanelView};

/// A tasking command as a `Command`.
fn cmd(command: TaskingCommand) -> Command {
    Command::Tasking(command)
}

/// Shows the tasking panel; returns what the person asked for.
pub fn tasking_ui(ui: &mut Ui, state: &AppState) -> Vec<Command> {
    let mut commands = Vec::new();
    ui.horizontal(|ui| {
        for (view, label) in [
            (PanelView::Task, "Task"),
            (PanelView::Taskings, "Taskings"),
            (PanelView::Quotations, "Quotations"),
        ] {
            if ui.selectable_label(state.view == view, label).clicked() && state.view != view {
                commands.push(cmd(TaskingCommand::ShowView(view)));
            }
        }
    });
    unclear_ui(ui, state, &mut commands);
    if state.view != PanelView::Task {
        crate::ui::tracking::decision::decision_ui(ui, state, &mut commands);
        answers::in_flight_ui(ui, state, &mut commands);
        egui::ScrollArea::vertical()
            .id_salt("tracking_scroll")
            .show(ui, |ui| {
                if state.view == PanelView::Taskings {
                    crate::ui::tracking::taskings_ui(ui, state, &mut commands);
                } else {
                    crate::ui::tracking::quotations::quotations_ui(ui, state, &mut commands);
                    ui.separator();
                    crate::ui::tracking::up42_orders::up42_orders_ui(ui, state, &mut commands);
                }
            });
        return commands;
    }
    if state.provider == crate::state::up42::TaskProvider::Up42 {
        up42_task_ui(ui, state, &mut commands);
        return commands;
    }
    // The price and the order stay in view at the bottom, whatever is scrolled above.
    egui::Panel::bottom("tasking_order_bar")
        .resizable(false)
        .show(ui, |ui| {
            ui.add_space(4.0);
            order::price_ui(ui, state);
            order::order_ui(ui, state, &mut commands);
            if let Some(note) = &state.tasking.note {
                ui.colored_label(theme::WARNING, note);
            }
            ui.add_space(2.0);
        });
    egui::ScrollArea::vertical()
        .id_salt("tasking_scroll")
        .show(ui, |ui| {
            ui.heading("Task a satellite");
            let endpoint = state.endpoint.as_deref().unwrap_or("nowhere");
            ui.label(RichText::new(format!("Requests go to {endpoint}")).small());
            connection::connection_ui(ui, state, &mut commands);
            up42::provider_ui(ui, state, &mut commands);
            answers::in_flight_ui(ui, state, &mut commands);
            form::form_ui(ui, state, &mut commands);
            compare::compare_ui(ui, state, &mut commands);
            ui.separator();
            answers::feasibility_ui(ui, state);
            attempts_note_ui(ui, state);
            order::options_ui(ui, state, &mut commands);
        });
    order::confirmation_ui(ui, state, &mut commands);
    commands
}

/// Where the attempts went: they are in the panel under the map, with the timeline.
fn attempts_note_ui(ui: &mut Ui, state: &AppState) {
    if let Some(answer) = state.tasking.attempts.ready() {
        let chosen = state
            .tasking
            .selection
            .chosen
            .and_then(|i| answer.attempts.get(i))
            .map(|a| {
                format!(
                    "; chosen: {} {}",
                    a.satellite,
                    crate::tasking::dates::utc_text(a.acquisition)
                )
            })
            .unwrap_or_default();
        ui.label(format!(
            "{} attempts, listed under the map with their timeline{chosen}",
            answer.attempts.len()
        ));
    }
}

/// Calls sent earlier whose outcome is unknown (from the journal), each with `Check`.
fn unclear_ui(ui: &mut Ui, state: &AppState, commands: &mut Vec<Command>) {
    for entry in &state.tracking.unclear {
        ui.colored_label(
            theme::ERROR,
            format!(
                "Sent at {} with no clear answer: {}{}; {}",
                entry.at,
                entry.kind,
                entry
                    .customer_reference
                    .as_deref()
                    .map(|r| format!(" (reference {r})"))
                    .unwrap_or_default(),
                // A check runs only where it went: say where before the button is pressed.
                entry.went_to.as_ref().map_or_else(
                    || "where it went is unknown (journaled by an older sattask)".to_owned(),
                    |to| format!("it went to {to}")
                )
            ),
        );
        // Checked only where it went: offer to connect there when the window is elsewhere.
        let there = entry.went_to.as_ref().and_then(|to| {
            Choice::reaching(to)
                .filter(|choice| *choice != state.connection.choice)
                .map(|choice| (to, choice))
        });
        if let Some((to, choice)) = there
            && !state.connection.connecting
            && ui.button(format!("Connect to {to} to check it")).clicked()
        {
            commands.push(cmd(TaskingCommand::EditConnection(Draft::of(&choice))));
            commands.push(cmd(TaskingCommand::Connect));
        }
        if state.tracking.checking(&entry.id) {
            ui.label("Checking…");
        } else if entry.check.is_some() {
            if ui
                .button(format!("Check the {} sent at {}", entry.kind, entry.at))
                .clicked()
            {
                commands.push(cmd(TaskingCommand::CheckUnclear(entry.id.clone())));
            }
        } else {
            ui.label("Look it up on the provider's site: this entry says not how.");
        }
    }
}

/// The Task tab while tasking through UP42: the estimate and the order stay in view at the
/// bottom; above them the provider, the catalogue and the product's form.
fn up42_task_ui(ui: &mut Ui, state: &AppState, commands: &mut Vec<Command>) {
    egui::Panel::bottom("up42_order_bar")
        .resizable(false)
        .show(ui, |ui| {
            ui.add_space(4.0);
            up42_order::up42_bar_ui(ui, state, commands);
            ui.add_space(2.0);
        });
    egui::ScrollArea::vertical()
        .id_salt("up42_task_scroll")
        .show(ui, |ui| {
            ui.heading("Task a satellite");
            let endpoint = state.endpoint.as_deref().unwrap_or("nowhere");
            ui.label(RichText::new(format!("Requests go to {endpoint}")).small());
            connection::connection_ui(ui, state, commands);
            up42::provider_ui(ui, state, commands);
            answers::in_flight_ui(ui, state, commands);
            up42::up42_ui(ui, state, commands);
        });
    up42_order::up42_confirmation_ui(ui, state, commands);
}
