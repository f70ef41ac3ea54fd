//! The UP42 orders, read only: each with its status and sub-status in words that say what to do
//! next, and `Show on map` to draw its AOI.

use egui::{RichText, Ui};

use super::cmd;
use super::quotations::short_id;
use crate::state::AppState;
use crate::state::command::{Command, TaskingCommand};
use crate::tasking::up42_status::order_words;
use crate::tasking::workflow::Slot;

/// The UP42 orders list.
pub fn up42_orders_ui(ui: &mut Ui, state: &AppState, commands: &mut Vec<Command>) {
    let tracking = &state.tracking;
    ui.label(RichText::new("UP42 orders").strong());
    if ui.button("Refresh orders").clicked() {
        commands.push(cmd(TaskingCommand::LoadUp42Orders));
    }
    let page = match &tracking.up42_orders {
        Slot::Ready(page) => page,
        Slot::Waiting(_) => {
            ui.label("Loading the UP42 orders…");
            return;
        }
        Slot::Failed(why) => {
            ui.colored_label(super::theme::WARNING, why);
            return;
        }
        Slot::Idle => {
            ui.label("Refresh to see your UP42 orders.");
            return;
        }
    };
    if page.content.is_empty() {
        ui.label("No UP42 order yet.");
        return;
    }
    for order in page.content.iter() {
        let name = order.display_name.as_deref().unwrap_or("(no name)");
        let words = order_words(order.status.as_deref(), order.sub_status());
        ui.horizontal_wrapped(|ui| {
            ui.label(RichText::new(format!("{name} ({})", short_id(order.id.as_str()))).strong());
            ui.label(words);
            let drawn = order
                .order_details
                .as_ref()
                .and_then(|d| d.get("geometry"))
                .is_some_and(|g| g.is_object());
            if !drawn {
                ui.weak("(no AOI in UP42's answer)");
                return;
            }
            let open = tracking.up42_open.as_ref() == Some(&order.id);
            let (label, next) = if open {
                ("Hide from map", None)
            } else {
                ("Show on map", Some(order.id.clone()))
            };
            if ui.button(label).clicked() {
                commands.push(cmd(TaskingCommand::OpenUp42Order(next)));
            }
        });
    }
    if page.total_pages > 1 {
        ui.label(format!(
            "the newest {} of {} orders",
            page.content.len(),
            page.total_elements
        ));
    }
}
