//! Pléiades Neo orders in the Taskings view: the contract's order lines and quotations (the
//! orders search), a quotation waiting for a decision with `Accept` / `Refuse` and its amount,
//! an order item's coverage items with `Accept` / `Refuse`, and `Cancel` / `Stop` of an order
//! item where its dates and offer allow it.

use egui::{RichText, Ui};
use serde_json::Value;
use time::OffsetDateTime;

use super::{cmd, theme};
use crate::api::ids::{ContractId, CoverageId, OrderId, QuotationId};
use crate::state::AppState;
use crate::state::command::{Command, TaskingCommand};
use crate::tasking::act::Act;
use crate::tasking::amount::money;
use crate::tasking::workflow::Slot;

fn text<'a>(record: &'a Value, key: &str) -> Option<&'a str> {
    record.get(key).and_then(Value::as_str)
}

fn number(record: &Value, key: &str) -> Option<f64> {
    record.get(key).and_then(Value::as_f64)
}

/// The Neo orders of the contract.
pub fn neo_ui(ui: &mut Ui, state: &AppState, contract: &str, commands: &mut Vec<Command>) {
    let tracking = &state.tracking;
    ui.label(RichText::new(format!("Pléiades Neo orders of contract {contract}")).strong());
    if ui.button("Refresh orders").clicked() {
        commands.push(cmd(TaskingCommand::LoadTaskings));
    }
    let records = match &tracking.neo_orders {
        Slot::Ready(records) => records,
        Slot::Failed(why) => {
            ui.colored_label(
                theme::ERROR,
                format!("The orders could not be loaded: {why}"),
            );
            return;
        }
        Slot::Idle => {
            ui.label("Refresh to list the orders.");
            return;
        }
        Slot::Waiting(_) => return,
    };
    if records.is_empty() {
        ui.label("No order or quotation on this contract yet.");
    }
    let now = OffsetDateTime::now_utc();
    let contract_id = ContractId(contract.to_owned());
    for record in records {
        record_ui(ui, state, record, &contract_id, now, commands);
    }
    if let Some(item) = &tracking.neo_open {
        ui.separator();
        coverage_ui(ui, state, &contract_id, item, commands);
    }
}

fn record_ui(
    ui: &mut Ui,
    state: &AppState,
    record: &Value,
    contract: &ContractId,
    now: OffsetDateTime,
    commands: &mut Vec<Command>,
) {
    let item = text(record, "orderItemId");
    let quotation = text(record, "quotationId");
    let currency = text(record, "currency").unwrap_or("");
    let amount = number(record, "orderLineAmount").map(|a| money(a, currency));
    let tasking = record.get("tasking");
    let proposed = tasking
        .and_then(|t| t.get("nbProposedCoverageItems"))
        .and_then(Value::as_u64)
        .unwrap_or(0);
    // A quotation waiting for a decision says until when it can be accepted: past it, it
    // simply becomes EXPIRED.
    let validity = match (
        text(record, "quotationStatus"),
        text(record, "quotationEndOfValidityDate"),
    ) {
        (Some(status), Some(until)) if status.eq_ignore_ascii_case("SENT") => {
            format!(
                " (to accept before {})",
                crate::tasking::dates::api_date_text(until)
            )
        }
        _ => String::new(),
    };
    let line = format!(
        "{} · {} · quotation {}{validity} · {} · {}{}",
        item.or(quotation).unwrap_or("?"),
        text(record, "status").unwrap_or("?"),
        text(record, "quotationStatus").unwrap_or("?"),
        amount
            .clone()
            .unwrap_or_else(|| "amount not given".to_owned()),
        text(record, "customerReference").unwrap_or("no reference"),
        if proposed > 0 {
            format!(" · {proposed} to decide")
        } else {
            String::new()
        },
    );
    match item {
        Some(item) => {
            let open = state.tracking.neo_open.as_deref() == Some(item);
            let row = ui.add(egui::Button::selectable(open, line).truncate());
            if row.on_hover_text("Show its coverage items").clicked() {
                commands.push(cmd(TaskingCommand::OpenOrderItem(item.to_owned())));
            }
        }
        None => {
            ui.add(egui::Label::new(line).truncate());
        }
    }
    if let Some(pct) = tasking
        .and_then(|t| t.get("validatedAreaPct"))
        .and_then(Value::as_f64)
    {
        ui.add(
            egui::ProgressBar::new((pct / 100.0).clamp(0.0, 1.0) as f32)
                .desired_height(10.0)
                .text(format!("{pct:.0} % acquired")),
        );
    }
    ui.horizontal(|ui| {
        if let Some(quotation) = quotation
            && text(record, "quotationStatus").is_some_and(|s| s.eq_ignore_ascii_case("SENT"))
        {
            for accept in [true, false] {
                let verb = if accept { "Accept" } else { "Refuse" };
                if ui.button(format!("{verb} quotation {quotation}")).clicked() {
                    commands.push(cmd(TaskingCommand::Ask(Act::NeoQuotation {
                        contract: contract.clone(),
                        quotation: QuotationId(quotation.to_owned()),
                        accept,
                        amount: amount.clone(),
                    })));
                }
            }
        }
        if let Some(item) = item {
            let in_progress =
                text(record, "status").is_some_and(|s| s.to_ascii_uppercase().contains("PROGRESS"));
            let deadline = text(record, "cancelationDeadlineDate")
                .and_then(|d| crate::api::oneatlas::models::parse_api_date(d).ok());
            let cancel_why = if !in_progress {
                Some("only an order item in progress can be cancelled")
            } else if deadline.is_none_or(|d| now > d) {
                Some("its cancellation deadline has passed")
            } else {
                None
            };
            let one_now = text(record, "target")
                .is_some_and(|t| t.to_ascii_lowercase().starts_with("onenow"));
            let stop_why = if !one_now {
                Some("only a OneNow order item can be stopped")
            } else if !in_progress {
                Some("only an order item in progress can be stopped")
            } else {
                None
            };
            for (stop, why) in [(false, cancel_why), (true, stop_why)] {
                let verb = if stop { "Stop" } else { "Cancel" };
                if ui
                    .add_enabled(why.is_none(), egui::Button::new(format!("{verb} {item}")))
                    .on_disabled_hover_text(why.unwrap_or_default())
                    .clicked()
                {
                    commands.push(cmd(TaskingCommand::Ask(Act::EndOrderItem {
                        item: OrderId(item.to_owned()),
                        stop,
                    })));
                }
            }
        }
    });
}

fn coverage_ui(
    ui: &mut Ui,
    state: &AppState,
    contract: &ContractId,
    item: &str,
    commands: &mut Vec<Command>,
) {
    ui.horizontal(|ui| {
        ui.label(RichText::new(format!("Coverage of {item}")).strong());
        if ui.button("Close order item").clicked() {
            commands.push(cmd(TaskingCommand::CloseOrderItem));
        }
    });
    match &state.tracking.coverages {
        Slot::Ready(records) if records.is_empty() => {
            ui.label("No coverage item yet.");
        }
        Slot::Ready(records) => {
            for record in records {
                let id = text(record, "coverageItemId").unwrap_or("?");
                let status = text(record, "status").unwrap_or("?");
                ui.add(
                    egui::Label::new(format!(
                        "{id} · {} · incidence {} · clear sky {} · {status}",
                        text(record, "acquisitionDate").unwrap_or("?"),
                        number(record, "incidenceAngle")
                            .map_or("?".to_owned(), |a| format!("{a:.1}°")),
                        number(record, "clearSkyRate")
                            .map_or("?".to_owned(), |r| format!("{r:.0} %")),
                    ))
                    .truncate(),
                );
                if status.eq_ignore_ascii_case("PROPOSED") {
                    ui.horizontal(|ui| {
                        for accept in [true, false] {
                            let verb = if accept { "Accept" } else { "Refuse" };
                            if ui.button(format!("{verb} {id}")).clicked() {
                                commands.push(cmd(TaskingCommand::Ask(Act::Coverage {
                                    contract: contract.clone(),
                                    coverage: CoverageId(id.to_owned()),
                                    accept,
                                })));
                            }
                        }
                    });
                }
            }
        }
        Slot::Failed(why) => {
            ui.colored_label(
                theme::ERROR,
                format!("The coverage could not be loaded: {why}"),
            );
        }
        Slot::Idle | Slot::Waiting(_) => {}
    }
}
