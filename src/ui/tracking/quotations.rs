//! UP42 quotations: filters (decision), order (creation date, credits), pages, and `Accept` /
//! `Reject` on the undecided ones; a decided one is read only.

use egui::{RichText, Ui};

use super::{cmd, theme};
use crate::state::AppState;
use crate::state::command::{Command, TaskingCommand};
use crate::tasking::act::Act;
use crate::tasking::amount;
use crate::tasking::dates::api_date_text;
use crate::tasking::workflow::Slot;

const DECISIONS: [&str; 3] = ["NOT_DECIDED", "ACCEPTED", "REJECTED"];
const SORTS: [(&str, &str); 4] = [
    ("createdAt,desc", "newest first"),
    ("createdAt,asc", "oldest first"),
    ("creditsPrice,desc", "most credits first"),
    ("creditsPrice,asc", "fewest credits first"),
];

/// The first 8 characters of a long id (a UUID), enough to tell rows apart on a button.
pub fn short_id(id: &str) -> String {
    let short: String = id.chars().take(8).collect();
    if short.len() < id.len() {
        format!("{short}…")
    } else {
        short
    }
}

/// The quotations view.
pub fn quotations_ui(ui: &mut Ui, state: &AppState, commands: &mut Vec<Command>) {
    let tracking = &state.tracking;
    ui.label(RichText::new("UP42 tasking quotations").strong());
    let mut filter = tracking.quotation_filter.clone();
    egui::ComboBox::from_label("Decision")
        .selected_text(filter.decision.clone().unwrap_or_else(|| "any".to_owned()))
        .show_ui(ui, |ui| {
            ui.selectable_value(&mut filter.decision, None, "any");
            for decision in DECISIONS {
                ui.selectable_value(&mut filter.decision, Some(decision.to_owned()), decision);
            }
        });
    let sort_label = SORTS
        .iter()
        .find(|(key, _)| *key == filter.sort)
        .map_or(filter.sort.clone(), |(_, label)| (*label).to_owned());
    egui::ComboBox::from_label("Sort by")
        .selected_text(sort_label)
        .show_ui(ui, |ui| {
            for (key, label) in SORTS {
                ui.selectable_value(&mut filter.sort, key.to_owned(), label);
            }
        });
    let mut typed = filter.clone();
    ui.horizontal(|ui| {
        let label = ui.label("Workspace");
        ui.add(egui::TextEdit::singleline(&mut typed.workspace).hint_text("the whole account"))
            .labelled_by(label.id);
    });
    ui.horizontal(|ui| {
        let label = ui.label("For order id");
        ui.add(egui::TextEdit::singleline(&mut typed.order_id).hint_text("any"))
            .labelled_by(label.id);
    });
    // Picks ask at once; typed filters are asked with Refresh.
    if filter != tracking.quotation_filter {
        filter.page = 0;
        commands.push(cmd(TaskingCommand::SetQuotationFilter(filter.clone())));
        commands.push(cmd(TaskingCommand::LoadQuotations));
    } else if typed != tracking.quotation_filter {
        typed.page = 0;
        commands.push(cmd(TaskingCommand::SetQuotationFilter(typed.clone())));
    }
    let page = tracking.quotations.ready();
    ui.horizontal_wrapped(|ui| {
        if ui.button("Refresh quotations").clicked() {
            commands.push(cmd(TaskingCommand::LoadQuotations));
        }
        let first = page.is_none_or(|p| p.first);
        let last = page.is_none_or(|p| p.last);
        if ui
            .add_enabled(!first, egui::Button::new("Previous quotations"))
            .clicked()
        {
            let mut f = filter.clone();
            f.page = f.page.saturating_sub(1);
            commands.push(cmd(TaskingCommand::SetQuotationFilter(f)));
            commands.push(cmd(TaskingCommand::LoadQuotations));
        }
        if let Some(p) = page {
            ui.label(format!("page {} of {}", p.number + 1, p.total_pages.max(1)));
        }
        if ui
            .add_enabled(!last, egui::Button::new("Next quotations"))
            .clicked()
        {
            let mut f = filter.clone();
            f.page += 1;
            commands.push(cmd(TaskingCommand::SetQuotationFilter(f)));
            commands.push(cmd(TaskingCommand::LoadQuotations));
        }
    });
    match &tracking.quotations {
        Slot::Failed(why) => {
            ui.colored_label(
                theme::ERROR,
                format!("The quotations could not be loaded: {why}"),
            );
        }
        Slot::Ready(page) if page.content.is_empty() => {
            ui.label("No quotation matches.");
        }
        Slot::Ready(page) => {
            egui::ScrollArea::vertical()
                .id_salt("quotations_list")
                .show(ui, |ui| {
                    for q in &page.content {
                        let credits = q.credits_price;
                        let decision = match q.decision.as_deref() {
                            None | Some("NOT_DECIDED") => "waiting for your decision".to_owned(),
                            Some("ACCEPTED") => "accepted".to_owned(),
                            Some("REJECTED") => "rejected".to_owned(),
                            Some(other) => other.to_lowercase().replace('_', " "),
                        };
                        let order = q
                            .order_id
                            .as_ref()
                            .map_or(String::new(), |o| format!(" · for order {o}"));
                        // One short label a fact, flowing onto as many lines as the panel
                        // needs: nothing is cut, and each fact is its own text to a reader.
                        ui.horizontal_wrapped(|ui| {
                            ui.label(
                                RichText::new(format!("Quotation {}", short_id(q.id.as_str())))
                                    .strong(),
                            )
                            .on_hover_text(q.id.as_str());
                            ui.label(decision);
                            ui.label(credits.map_or("price not given".to_owned(), amount::credits));
                            if !order.is_empty() {
                                ui.label(order.trim_start_matches(" · "));
                            }
                            ui.label(format!(
                                "created {}",
                                q.created_at
                                    .as_deref()
                                    .map_or("?".to_owned(), api_date_text)
                            ));
                        });
                        if q.is_undecided() {
                            ui.horizontal(|ui| {
                                let short = short_id(q.id.as_str());
                                if ui.button(format!("Accept {short}")).clicked() {
                                    commands.push(cmd(TaskingCommand::Ask(Act::AcceptQuotation {
                                        id: q.id.clone(),
                                        credits,
                                    })));
                                }
                                if ui.button(format!("Reject {short}")).clicked() {
                                    commands.push(cmd(TaskingCommand::Ask(Act::RejectQuotation {
                                        id: q.id.clone(),
                                        credits,
                                    })));
                                }
                            });
                        }
                    }
                });
        }
        Slot::Idle | Slot::Waiting(_) => {}
    }
}
