//! The Task tab's provider choice, and tasking through UP42: the account's workspace, the
//! tasking collections (provider, resolution, what follows an order) with their data products,
//! and the chosen product's form. The estimate, the order bar and the confirmation are in
//! `up42_order.rs`.

use egui::{RichText, Ui};

use super::theme;
use crate::state::AppState;
use crate::state::command::Command;
use crate::state::up42::{TaskProvider, Up42Command};
use crate::tasking::up42_task::catalogue;
use crate::tasking::workflow::Slot;

fn cmd(command: Up42Command) -> Command {
    Command::Up42(command)
}

/// `Task through: OneAtlas | UP42`.
pub fn provider_ui(ui: &mut Ui, state: &AppState, commands: &mut Vec<Command>) {
    ui.horizontal(|ui| {
        ui.label("Task through");
        for (provider, word, named) in [
            (TaskProvider::OneAtlas, "OneAtlas", "Task through OneAtlas"),
            (TaskProvider::Up42, "UP42", "Task through UP42"),
        ] {
            if super::up42_fields::choice_ui(ui, state.provider == provider, word, named) {
                commands.push(cmd(Up42Command::UseProvider(provider)));
            }
        }
    });
}

/// A slot's waiting or failure, in words; true when it is ready.
fn slot_ui<T>(ui: &mut Ui, slot: &Slot<T>, what: &str) -> bool {
    match slot {
        Slot::Ready(_) => true,
        Slot::Idle => false,
        Slot::Waiting(_) => {
            ui.horizontal(|ui| {
                ui.add(egui::Spinner::new());
                ui.label(format!("Loading {what}…"));
            });
            false
        }
        Slot::Failed(why) => {
            ui.colored_label(theme::ERROR, format!("{what} could not be loaded: {why}"));
            false
        }
    }
}

/// The UP42 side of the Task tab, above the order bar.
pub fn up42_ui(ui: &mut Ui, state: &AppState, commands: &mut Vec<Command>) {
    let task = &state.up42;
    ui.heading("Task through UP42");
    if let Slot::Ready(workspace) = &task.workspace {
        ui.label(format!(
            "Orders go to workspace {workspace} (the account's own)"
        ));
    }
    slot_ui(ui, &task.workspace, "The UP42 account's workspace");
    let failed =
        matches!(task.workspace, Slot::Failed(_)) || matches!(task.collections, Slot::Failed(_));
    if failed && ui.button("Load the UP42 catalogue again").clicked() {
        commands.push(cmd(Up42Command::Reload));
    }
    if !slot_ui(ui, &task.collections, "The UP42 tasking collections") {
        return;
    }
    for warning in &task.warnings {
        ui.colored_label(theme::WARNING, warning);
    }
    ui.label(RichText::new("Collection and data product").strong());
    for collection in task.collections.ready().into_iter().flatten() {
        ui.label(catalogue::summary(collection));
        ui.horizontal_wrapped(|ui| {
            for product in collection.data_products.iter() {
                let Some(id) = &product.id else {
                    continue;
                };
                let title = product.title.as_deref().unwrap_or(&product.name);
                let collection_title = collection.title.as_deref().unwrap_or(&collection.name);
                let chosen = task.collection.as_deref() == Some(&collection.name)
                    && task.product.as_deref() == Some(id);
                let named = format!("{collection_title}: {title}");
                if super::up42_fields::choice_ui(ui, chosen, title, &named) {
                    commands.push(cmd(Up42Command::ChooseProduct(
                        collection.name.clone(),
                        id.clone(),
                    )));
                }
            }
        });
    }
    if task.product.is_none() {
        ui.label("Choose a data product to fill in its order form.");
        return;
    }
    ui.separator();
    if !slot_ui(ui, &task.form, "The data product's order form") {
        return;
    }
    if let Some(form) = task.form.ready() {
        ui.label(RichText::new(form.title.as_deref().unwrap_or("Order form")).strong());
        ui.label(RichText::new("Fields marked * are required.").small());
        super::up42_fields::fields_ui(ui, state, form, commands);
    }
}
