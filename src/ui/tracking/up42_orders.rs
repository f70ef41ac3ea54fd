//! The UP42 orders: a heading that counts the orders waiting for the person, and each order
//! with its status and sub-status in words that say what to do next, and `Show on map` to open
//! it (its AOI on the map, its study, quotation and coverage below: `up42_order_detail.rs`).
//! Only the rows in view are laid out, so a thousand orders cost what a screenful does.

use egui::{RichText, Ui};

use super::cmd;
use super::quotations::short_id;
use super::up42_order_detail::detail_ui;
use crate::api::up42::models::Up42Order;
use crate::state::AppState;
use crate::state::command::{Command, TaskingCommand};
use crate::tasking::up42_follow::waiting_count_words;
use crate::tasking::up42_status::order_words;
use crate::tasking::workflow::Slot;

/// The heading: "UP42 orders (2 wait for you)".
pub fn heading_text(state: &AppState) -> String {
    match waiting_count_words(state.tracking.up42_waiting()) {
        Some(count) => format!("UP42 orders ({count})"),
        None => "UP42 orders".to_owned(),
    }
}

/// The UP42 orders list, and the open order's detail.
pub fn up42_orders_ui(ui: &mut Ui, state: &AppState, commands: &mut Vec<Command>) {
    let tracking = &state.tracking;
    ui.label(RichText::new(heading_text(state)).strong());
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
    let orders = page.content.items();
    let spacing = ui.spacing().item_spacing.y;
    let row_height =
        ui.text_style_height(&egui::TextStyle::Body) + ui.spacing().interact_size.y + 2.0 * spacing;
    egui::ScrollArea::vertical()
        .id_salt("up42_orders_list")
        .max_height(260.0)
        .show_rows(ui, row_height, orders.len(), |ui, rows| {
            for order in orders.get(rows).unwrap_or_default() {
                order_row_ui(ui, state, order, commands);
            }
        });
    if page.total_pages > 1 {
        ui.label(format!(
            "the newest {} of {} orders",
            page.content.len(),
            page.total_elements
        ));
    }
    if let Some(open) = &tracking.up42_open {
        ui.separator();
        detail_ui(ui, state, open, commands);
    }
}

/// One order on two lines of fixed height: its name and button, then its status in words.
fn order_row_ui(ui: &mut Ui, state: &AppState, order: &Up42Order, commands: &mut Vec<Command>) {
    let name = order.display_name.as_deref().unwrap_or("(no name)");
    let words = order_words(order.status.as_deref(), order.sub_status());
    ui.horizontal(|ui| {
        ui.label(RichText::new(format!("{name} ({})", short_id(order.id.as_str()))).strong())
            .on_hover_text(order.id.as_str());
        let drawn = order
            .order_details
            .as_ref()
            .and_then(|d| d.get("geometry"))
            .is_some_and(|g| g.is_object());
        let open = state.tracking.up42_open.as_ref() == Some(&order.id);
        let (label, next) = match (open, drawn) {
            (true, true) => ("Hide from map", None),
            (true, false) => ("Close order", None),
            (false, true) => ("Show on map", Some(order.id.clone())),
            (false, false) => ("Open order", Some(order.id.clone())),
        };
        if ui.button(label).clicked() {
            commands.push(cmd(TaskingCommand::OpenUp42Order(next)));
        }
        if !drawn {
            ui.weak("(no AOI in UP42's answer)");
        }
    });
    ui.add(egui::Label::new(words).truncate());
}
