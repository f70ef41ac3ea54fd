//! Options, price and order: the options form (mandatory ones marked, only applicable ones
//! shown), the price card, `Order…`, the confirmation that names the amount, and every way an
//! order can end (an unclear outcome offers `Check`, never `Retry`).

use egui::{RichText, Ui};

use super::{cmd, theme};
use crate::state::AppState;
use crate::state::command::{Command, TaskingCommand};
use crate::tasking::amount::money;
use crate::tasking::workflow::order::OrderStep;
use crate::tasking::workflow::{Slot, options};

/// The production options: folded away when every required one has a value.
pub fn options_ui(ui: &mut Ui, state: &AppState, commands: &mut Vec<Command>) {
    let flow = &state.tasking;
    match &flow.options {
        Slot::Ready(list) => {
            let fields = options::fields(list, &flow.form.options);
            if fields.is_empty() {
                return;
            }
            let missing = options::missing(list, &flow.form.options);
            let title = if missing.is_empty() {
                format!("Production options ({} set)", flow.form.options.len())
            } else {
                format!("Production options ({} to choose)", missing.len())
            };
            egui::CollapsingHeader::new(RichText::new(title).strong())
                .id_salt("production_options")
                .open((!missing.is_empty()).then_some(true))
                .show(ui, |ui| {
                    for field in &fields {
                        option_ui(ui, field, commands);
                    }
                });
            if !missing.is_empty() {
                ui.colored_label(
                    theme::WARNING,
                    format!("Still to choose: {}", missing.join(", ")),
                );
            }
        }
        Slot::Failed(why) => {
            ui.colored_label(
                theme::ERROR,
                format!("The production options could not be loaded: {why}"),
            );
        }
        Slot::Idle | Slot::Waiting(_) => {}
    }
}

fn option_ui(ui: &mut Ui, field: &options::OptionField, commands: &mut Vec<Command>) {
    let label = if field.mandatory {
        format!("{} (required)", field.label)
    } else {
        field.label.clone()
    };
    let shown = field
        .chosen
        .as_ref()
        .map(|id| {
            field
                .values
                .iter()
                .find(|(v, _)| v == id)
                .map_or_else(|| id.clone(), |(_, label)| label.clone())
        })
        .unwrap_or_else(|| "choose".to_owned());
    egui::ComboBox::from_label(label)
        .selected_text(shown)
        .show_ui(ui, |ui| {
            for (id, text) in &field.values {
                if ui
                    .selectable_label(field.chosen.as_ref() == Some(id), text)
                    .clicked()
                {
                    commands.push(cmd(TaskingCommand::SetOption(
                        field.key.clone(),
                        id.clone(),
                    )));
                }
            }
        });
}

/// The price card.
pub fn price_ui(ui: &mut Ui, state: &AppState) {
    match &state.tasking.price {
        Slot::Ready(price) => {
            let currency = price.currency.as_deref().unwrap_or("");
            ui.label(RichText::new("Price").strong());
            egui::Grid::new("price_grid").show(ui, |ui| {
                if let Some(measures) = state.selected_entry().and_then(|e| e.measures.as_ref()) {
                    ui.label("AOI area");
                    ui.label(format!("{:.1} km²", measures.area_km2));
                    ui.end_row();
                }
                for product in &price.product_types {
                    if let Some(area) = product.area_km2 {
                        ui.label("Billed area");
                        ui.label(format!("{area:.1} km²"));
                        ui.end_row();
                    }
                }
                if let Some(discount) = price.discount_value.filter(|d| *d != 0.0) {
                    ui.label("Discount");
                    ui.label(format!(
                        "{}{}",
                        money(discount, currency),
                        price
                            .discount_percentage
                            .map(|p| format!(" ({p:.0} %)"))
                            .unwrap_or_default()
                    ));
                    ui.end_row();
                }
                ui.label(RichText::new("Amount").strong());
                ui.label(RichText::new(money(price.total_amount, currency)).strong());
                ui.end_row();
            });
        }
        Slot::Failed(why) => {
            ui.colored_label(theme::ERROR, format!("No price: {why}"));
        }
        Slot::Idle | Slot::Waiting(_) => {}
    }
}

/// `Order…` and where the order stands.
pub fn order_ui(ui: &mut Ui, state: &AppState, commands: &mut Vec<Command>) {
    let flow = &state.tasking;
    let quotation = flow.needs_quotation();
    match &flow.order {
        OrderStep::Idle | OrderStep::Confirming(_) => {
            // Noted when something changed, not built here every frame.
            let ready = flow.order_problem.clone();
            // A quotation or a manual study has no price until Airbus answers.
            let priced_later = quotation || flow.manual_study();
            let why = ready.or_else(|| {
                (!priced_later && flow.price.ready().is_none())
                    .then(|| "wait for the price".to_owned())
            });
            let label = if quotation {
                "Request quotation…"
            } else {
                "Order…"
            };
            if ui
                .add_enabled(
                    why.is_none(),
                    egui::Button::new(RichText::new(label).strong()),
                )
                .on_disabled_hover_text(why.clone().unwrap_or_default())
                .clicked()
            {
                commands.push(cmd(TaskingCommand::OpenOrder));
            }
            if let Some(why) = why
                && (flow.attempts.ready().is_some() || flow.feasibility.ready().is_some())
            {
                ui.label(RichText::new(format!("To order: {why}")).small());
            }
        }
        OrderStep::Sending { draft, .. } => {
            ui.horizontal(|ui| {
                ui.add(egui::Spinner::new());
                ui.label(format!(
                    "Sending the order for {} (sent once; it is never resent automatically)",
                    draft.amount_text()
                ));
            });
        }
        OrderStep::Placed { receipt, draft } => {
            // The receipt names what it bought, so it never reads as the order of the product
            // now in the form; once the form asks for something else it is an earlier order.
            let what = format!("{}, AOI {}", draft.product, draft.aoi_name);
            if state.tasking.asks_for_placed() {
                ui.colored_label(
                    theme::GOOD,
                    RichText::new(format!("Done: {receipt} ({what})")).strong(),
                );
            } else {
                ui.label(format!(
                    "Earlier in this session: {receipt} ({what}). The form now asks for something else, not ordered."
                ));
            }
            if ui.button("New order").clicked() {
                commands.push(cmd(TaskingCommand::NewOrder));
            }
            summary_ui(ui, state, commands);
        }
        OrderStep::Refused { message, .. } => {
            ui.colored_label(
                theme::ERROR,
                format!("Not ordered, nothing was spent: {message}"),
            );
            if ui.button("New order").clicked() {
                commands.push(cmd(TaskingCommand::NewOrder));
            }
        }
        OrderStep::Unknown { message, check, .. } => {
            ui.colored_label(
                theme::ERROR,
                RichText::new("Outcome unknown: the order may or may not have been placed. It was not resent.").strong(),
            );
            ui.label(message);
            ui.label(format!("Check looks up {check}."));
            if ui.button("Check").clicked() {
                commands.push(cmd(TaskingCommand::CheckOrder));
            }
        }
        OrderStep::Checking { .. } => {
            ui.horizontal(|ui| {
                ui.add(egui::Spinner::new());
                ui.label("Checking whether the order went through…");
            });
        }
    }
}

/// `Save summary (PNG)…` (a one-page summary for whoever approves the spending: the map and
/// the order's facts) and where the last one went.
fn summary_ui(ui: &mut Ui, state: &AppState, commands: &mut Vec<Command>) {
    if ui
        .button("Save summary (PNG)…")
        .on_hover_text("A one-page PNG with the map of the AOI and the footprint, and the order's facts, for whoever approves the spending")
        .clicked()
    {
        commands.push(Command::SaveSummary);
    }
    if let Some(note) = &state.summary_note {
        ui.add(egui::Label::new(note).wrap());
    }
}

/// Why the chosen attempt's footprint could not be read, if it could not.
fn unseen_footprint(state: &AppState) -> Option<&str> {
    let flow = &state.tasking;
    let chosen = flow
        .attempts
        .ready()?
        .attempts
        .get(flow.selection.chosen?)?;
    chosen.footprint_problem.as_deref()
}

/// The confirmation dialog: names the AOI, product, attempt time, billed area and amount; an
/// editable customer reference; `Confirm order` sends exactly one request.
pub fn confirmation_ui(ui: &mut Ui, state: &AppState, commands: &mut Vec<Command>) {
    let OrderStep::Confirming(draft) = &state.tasking.order else {
        return;
    };
    let modal = egui::Modal::new(egui::Id::unique("order_confirmation")).show(ui.ctx(), |ui| {
        ui.set_width(420.0);
        let title = if draft.quotation { "Request a quotation" } else { "Confirm the order" };
        ui.heading(title);
        // The terms scroll; the reference, the warnings and the buttons stay in view, so a
        // long list of options never pushes Confirm off the screen.
        let most = ui.ctx().content_rect().height() * 0.55;
        egui::ScrollArea::vertical()
            .id_salt("confirmation_terms")
            .max_height(most)
            .show(ui, |ui| {
                {
                    let aoi = draft.aoi_ring();
                    let flow = &state.tasking;
                    let chosen = flow
                        .selection
                        .chosen
                        .and_then(|i| flow.attempts.ready()?.attempts.get(i))
                        .filter(|_| !draft.quotation && draft.attempt.is_some());
                    let footprint = chosen.map(|a| a.footprint.as_slice());
                    let said = match chosen {
                        Some(a) if !a.footprint.is_empty() => format!(
                            "Map of the AOI {} (blue) and the footprint of attempt {} (purple), which covers {:.0} % of it",
                            draft.aoi_name,
                            a.satellite,
                            a.aoi_coverage * 100.0
                        ),
                        _ => format!("Map of the AOI {} (blue)", draft.aoi_name),
                    };
                    super::thumbnail::thumbnail_ui(ui, &aoi, footprint, &said);
                }
                egui::Grid::new("confirmation_grid").show(ui, |ui| {
                    ui.label("AOI");
                    ui.label(&draft.aoi_name);
                    ui.end_row();
                    ui.label("Product");
                    ui.label(&draft.product);
                    ui.end_row();
                    ui.label("Contract");
                    ui.label(&draft.contract);
                    ui.end_row();
                    // The amount first: it is what is spent.
                    if !draft.quotation {
                        ui.label(RichText::new("Amount").strong());
                        ui.label(RichText::new(draft.amount_text()).strong());
                        ui.end_row();
                    }
                    for term in &draft.terms {
                        ui.label(&term.name);
                        ui.add(egui::Label::new(&term.value).wrap());
                        ui.end_row();
                    }
                });
                if let Some(why) = unseen_footprint(state) {
                    ui.colored_label(
                        theme::WARNING,
                        format!(
                            "The attempt's footprint was not seen: the service sent one that cannot be read ({why}), so it is not on the map."
                        ),
                    );
                }
            });
        let mut reference = draft.customer_reference.clone();
        ui.horizontal(|ui| {
            let label = ui.label("Customer reference");
            if ui.text_edit_singleline(&mut reference).labelled_by(label.id).changed() {
                commands.push(cmd(TaskingCommand::SetReference(reference.clone())));
            }
        });
        let warning = if draft.quotation {
            "Airbus will study the request and send a quotation to accept or refuse; nothing is charged yet."
                .to_owned()
        } else if draft.amount.is_none() {
            "Airbus studies this request by hand (MANUAL feasibility); its price comes with the study, which you confirm before anything is charged. The order is sent once."
                .to_owned()
        } else {
            format!("{} will be charged to the contract. The order is sent once.", draft.amount_text())
        };
        ui.label(warning);
        if draft.checking.is_some() {
            ui.horizontal(|ui| {
                ui.add(egui::Spinner::new());
                ui.label("Looking for earlier orders of this image in the contract's taskings…");
            });
        }
        if let Some(again) = super::already_bought::already_bought_ui(
            ui,
            draft.earlier_note.as_ref(),
            &draft.earlier,
            draft.buy_again,
        ) {
            commands.push(cmd(TaskingCommand::BuyAgain(again)));
        }
        ui.horizontal(|ui| {
            let confirm = if draft.quotation { "Confirm quotation request" } else { "Confirm order" };
            let button = ui.add_enabled(
                draft.may_send(),
                egui::Button::new(RichText::new(confirm).strong()),
            );
            let button = if draft.may_send() {
                button
            } else {
                button.on_disabled_hover_text("An earlier order buys the same image: tick 'Buy it again' first")
            };
            if button.clicked() {
                commands.push(cmd(TaskingCommand::Confirm));
            }
            if ui.button("Cancel").clicked() {
                commands.push(cmd(TaskingCommand::CloseConfirmation));
            }
        });
        summary_ui(ui, state, commands);
    });
    if modal.should_close() {
        commands.push(cmd(TaskingCommand::CloseConfirmation));
    }
}
