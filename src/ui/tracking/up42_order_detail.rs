//! One UP42 order followed: its feasibility study with each option (`Choose this option`,
//! behind the decision dialog's confirmation, only while the study is undecided), the
//! quotation that follows with `Accept` / `Reject`, what its acquisitions cover and the assets
//! delivered, with their dates (drawn on the map by the shell).

use egui::{RichText, Ui};

use super::quotations::short_id;
use super::{cmd, theme};
use crate::api::ids::OrderId;
use crate::api::up42::models::{FeasibilityStudy, Quotation};
use crate::state::AppState;
use crate::state::command::{Command, TaskingCommand};
use crate::tasking::act::Act;
use crate::tasking::amount;
use crate::tasking::up42_follow::{
    Up42Detail, assets_words, choosing_costs, chosen_option_words, delivery_words,
    quotation_to_show, study_options, study_undecided,
};
use crate::tasking::up42_status::order_words;
use crate::tasking::workflow::Slot;

/// The open order's detail.
pub fn detail_ui(ui: &mut Ui, state: &AppState, open: &OrderId, commands: &mut Vec<Command>) {
    let tracking = &state.tracking;
    let order = tracking
        .up42_orders
        .ready()
        .and_then(|page| page.content.iter().find(|o| &o.id == open));
    let name = order
        .and_then(|o| o.display_name.as_deref())
        .unwrap_or("(no name)");
    let heading = ui
        .label(RichText::new(format!("UP42 order {name} ({})", short_id(open.as_str()))).strong());
    // An order just opened is scrolled into view (it comes under the quotations and the list),
    // once: the person scrolls freely after.
    let scrolled_to = egui::Id::unique("up42_detail_scrolled_to");
    if ui.data(|d| d.get_temp::<String>(scrolled_to)).as_deref() != Some(open.as_str()) {
        heading.scroll_to_me(Some(egui::Align::TOP));
        ui.data_mut(|d| d.insert_temp(scrolled_to, open.as_str().to_owned()));
    }
    if let Some(order) = order {
        ui.label(order_words(order.status.as_deref(), order.sub_status()));
    }
    match &tracking.up42_detail {
        Slot::Ready(detail) if &detail.order == open => ready_ui(ui, state, detail, commands),
        Slot::Failed(why) => {
            ui.colored_label(
                theme::ERROR,
                format!("The order's study, quotation and coverage could not be loaded: {why}"),
            );
        }
        _ => {
            ui.horizontal(|ui| {
                ui.add(egui::Spinner::new());
                ui.label("Loading the order's study, quotation and coverage…");
            });
        }
    }
}

fn ready_ui(ui: &mut Ui, state: &AppState, detail: &Up42Detail, commands: &mut Vec<Command>) {
    let busy = state.tracking.act.busy();
    if detail.studies.is_empty() {
        ui.label("No feasibility study: its product needs none, or UP42 has not uploaded it yet.");
    }
    // An order canceled, failed or fulfilled takes no choice, whatever its study says.
    let status = state
        .tracking
        .up42_orders
        .ready()
        .and_then(|page| page.content.iter().find(|o| o.id == detail.order))
        .and_then(|o| o.status.clone());
    let ended = crate::tasking::up42_follow::ended(status.as_deref());
    for study in &detail.studies {
        study_ui(ui, &detail.order, study, (busy, ended), commands);
    }
    match quotation_to_show(&detail.quotations) {
        Some(quotation) => quotation_ui(ui, quotation, busy, commands),
        None => {
            ui.label("No quotation yet: UP42 prepares it once an option of the study is chosen.");
        }
    }
    match &detail.coverage {
        Ok(coverage) => {
            let order = state
                .tracking
                .up42_orders
                .ready()
                .and_then(|page| page.content.iter().find(|o| o.id == detail.order));
            ui.label(delivery_words(order, coverage));
        }
        Err(why) => {
            ui.colored_label(
                theme::WARNING,
                format!("The coverage could not be loaded: {why}"),
            );
        }
    }
    match &detail.assets {
        Ok(assets) => {
            ui.label(assets_words(assets));
        }
        Err(why) => {
            ui.colored_label(
                theme::WARNING,
                format!("The delivered assets could not be loaded: {why}"),
            );
        }
    }
}

fn study_ui(
    ui: &mut Ui,
    order: &OrderId,
    study: &FeasibilityStudy,
    (busy, ended): (bool, bool),
    commands: &mut Vec<Command>,
) {
    let short = short_id(study.id.as_str());
    let undecided = study_undecided(study) && !ended;
    let state_words = if undecided {
        "waits for your choice of an option".to_owned()
    } else if ended && study_undecided(study) {
        "not decided, and the order has ended: no option can be chosen any more".to_owned()
    } else {
        let decision = study
            .decision
            .as_deref()
            .unwrap_or("decided")
            .to_lowercase();
        match chosen_option_words(study) {
            Some(chosen) => format!("{decision}; {chosen}"),
            None => decision,
        }
    };
    ui.label(RichText::new(format!("Feasibility study {short}: {state_words}")).strong())
        .on_hover_text(study.id.as_str());
    let options = study_options(study);
    if options.is_empty() {
        ui.label("UP42 gave no option that can be chosen.");
    } else if undecided {
        // What choosing does and costs, once for the study (an option's own terms beside it).
        ui.label(choosing_costs(&[]));
    }
    for (index, option) in options.iter().enumerate() {
        ui.horizontal_wrapped(|ui| {
            ui.label(format!("Option {}: {}", index + 1, option.description));
            for other in &option.other {
                ui.label(other);
            }
        });
        if !undecided {
            continue;
        }
        let button = ui
            .add_enabled(!busy, egui::Button::new("Choose this option"))
            .on_disabled_hover_text("another decision is on its way or unclear");
        if button.clicked() {
            commands.push(cmd(TaskingCommand::Ask(Act::ChooseStudyOption {
                order: order.clone(),
                study: study.id.clone(),
                option: option.id.clone(),
                description: option.description.clone(),
                costs: choosing_costs(&option.other),
            })));
        }
    }
}

fn quotation_ui(ui: &mut Ui, quotation: &Quotation, busy: bool, commands: &mut Vec<Command>) {
    let credits = quotation.credits_price;
    let decision = match quotation.decision.as_deref() {
        None | Some("NOT_DECIDED") => "waits for your decision".to_owned(),
        Some(other) => other.to_lowercase().replace('_', " "),
    };
    ui.label(
        RichText::new(format!(
            "Quotation {}: {}, {decision}",
            short_id(quotation.id.as_str()),
            credits.map_or("price not given".to_owned(), amount::credits)
        ))
        .strong(),
    )
    .on_hover_text(quotation.id.as_str());
    if !quotation.is_undecided() {
        return;
    }
    ui.horizontal(|ui| {
        if ui
            .add_enabled(!busy, egui::Button::new("Accept this order's quotation"))
            .clicked()
        {
            commands.push(cmd(TaskingCommand::Ask(Act::AcceptQuotation {
                id: quotation.id.clone(),
                credits,
            })));
        }
        if ui
            .add_enabled(!busy, egui::Button::new("Reject this order's quotation"))
            .clicked()
        {
            commands.push(cmd(TaskingCommand::Ask(Act::RejectQuotation {
                id: quotation.id.clone(),
                credits,
            })));
        }
    });
}
