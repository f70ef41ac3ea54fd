//! Following orders in the right-hand panel: the contract's taskings (filters, pages, progress),
//! one tasking's acquisitions with `Accept` / `Refuse`, `Cancel tasking` / `Stop` where the
//! guide allows them, and the UP42 quotations. Decisions open a confirmation that says what
//! they cost (`decision.rs`).

pub mod decision;
mod neo;
pub mod quotations;
mod up42_order_detail;
pub mod up42_orders;

use egui::{RichText, Ui};
use time::OffsetDateTime;

use super::theme;
use crate::api::ids::{ContractId, TaskingId};
use crate::api::oneatlas::models::TaskingEntry;
use crate::state::AppState;
use crate::state::command::{Command, TaskingCommand};
use crate::tasking::act::Act;
use crate::tasking::dates::api_date_text;
use crate::tasking::tracking::{PAGE_SIZE, TASKING_STATUSES, cancel_rule, stop_rule};
use crate::tasking::workflow::Slot;

fn cmd(command: TaskingCommand) -> Command {
    Command::Tasking(command)
}

fn window_text(entry: &TaskingEntry) -> String {
    let period = entry.icr.period.as_ref();
    let day = |d: Option<&String>| d.map_or("?".to_owned(), |d| d.chars().take(10).collect());
    format!(
        "{} to {}",
        day(period.and_then(|p| p.start_date.as_ref())),
        day(period.and_then(|p| p.end_date.as_ref()))
    )
}

/// The taskings view.
pub fn taskings_ui(ui: &mut Ui, state: &AppState, commands: &mut Vec<Command>) {
    let tracking = &state.tracking;
    let Some(contract) = state.tasking.form.contract.clone() else {
        ui.label("Choose a contract in the Task view first.");
        return;
    };
    delivered_ui(ui, state, commands);
    if state
        .tasking
        .contract()
        .is_some_and(crate::api::oneatlas::models::Contract::is_neo)
    {
        neo::neo_ui(ui, state, &contract, commands);
        return;
    }
    ui.label(RichText::new(format!("Taskings of contract {contract}")).strong());
    let mut query = tracking.query.clone();
    egui::ComboBox::from_label("Status")
        .selected_text(query.status.clone().unwrap_or_else(|| "any".to_owned()))
        .show_ui(ui, |ui| {
            ui.selectable_value(&mut query.status, None, "any");
            for status in TASKING_STATUSES {
                ui.selectable_value(&mut query.status, Some(status.to_owned()), status);
            }
        });
    egui::ComboBox::from_label("Mission filter")
        .selected_text(
            query
                .mission
                .clone()
                .unwrap_or_else(|| "Pléiades and SPOT".to_owned()),
        )
        .show_ui(ui, |ui| {
            ui.selectable_value(&mut query.mission, None, "Pléiades and SPOT");
            ui.selectable_value(&mut query.mission, Some("PLEIADES".to_owned()), "Pléiades");
            ui.selectable_value(&mut query.mission, Some("SPOT".to_owned()), "SPOT");
        });
    let entered = ui
        .horizontal(|ui| {
            let label = ui.label("Customer reference");
            let field = ui
                .add(egui::TextEdit::singleline(&mut query.customer_ref).hint_text("any"))
                .labelled_by(label.id);
            field.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter))
        })
        .inner;
    ui.checkbox(&mut query.proposed_only, "Only with acquisitions to decide");
    // A pick asks at once; a typed reference is asked with Refresh (or Enter).
    let picked = (&query.status, &query.mission, query.proposed_only)
        != (
            &tracking.query.status,
            &tracking.query.mission,
            tracking.query.proposed_only,
        );
    let typed = query.customer_ref != tracking.query.customer_ref;
    if picked || typed {
        query.page = 1;
        commands.push(cmd(TaskingCommand::SetTaskingQuery(query.clone())));
    }
    if picked {
        commands.push(cmd(TaskingCommand::LoadTaskings));
    }
    ui.horizontal_wrapped(|ui| {
        if ui.button("Refresh taskings").clicked() || entered {
            commands.push(cmd(TaskingCommand::LoadTaskings));
        }
        let page = query.page.max(1);
        if ui
            .add_enabled(page > 1, egui::Button::new("Previous page"))
            .clicked()
        {
            commands.push(cmd(TaskingCommand::SetTaskingQuery(
                crate::tasking::tracking::TaskingQuery {
                    page: page - 1,
                    ..query.clone()
                },
            )));
            commands.push(cmd(TaskingCommand::LoadTaskings));
        }
        ui.label(format!("page {page}"));
        let full = tracking
            .taskings
            .ready()
            .is_some_and(|l| l.taskings.len() as u32 >= PAGE_SIZE);
        if ui
            .add_enabled(full, egui::Button::new("Next page"))
            .clicked()
        {
            commands.push(cmd(TaskingCommand::SetTaskingQuery(
                crate::tasking::tracking::TaskingQuery {
                    page: page + 1,
                    ..query.clone()
                },
            )));
            commands.push(cmd(TaskingCommand::LoadTaskings));
        }
    });
    match &tracking.taskings {
        Slot::Failed(why) => {
            ui.colored_label(
                theme::ERROR,
                format!("The taskings could not be loaded: {why}"),
            );
        }
        Slot::Idle => {
            ui.label("Refresh to list the taskings.");
        }
        Slot::Waiting(_) | Slot::Ready(_) => {}
    }
    let shown = tracking.shown_taskings();
    if tracking.taskings.ready().is_some() && shown.is_empty() {
        ui.label("No tasking matches these filters.");
    }
    let now = OffsetDateTime::now_utc();
    // Only the rows in view are laid out: a long page costs what a short one does.
    let row_height = ui.text_style_height(&egui::TextStyle::Body) + 18.0;
    egui::ScrollArea::vertical()
        .id_salt("taskings_list")
        .max_height(260.0)
        .show_rows(ui, row_height, shown.len(), |ui, rows| {
            for entry in shown.get(rows).unwrap_or_default() {
                tasking_row_ui(ui, state, entry, commands);
            }
        });
    if let Some(open) = &tracking.open {
        ui.separator();
        detail_ui(ui, state, &contract, open, now, commands);
    }
}

fn segment_line_ui(ui: &mut Ui, segment: &crate::api::oneatlas::models::TaskingSegment) {
    let detail = segment.as_detail1.clone().unwrap_or_default();
    let text = format!(
        "{} · {} · incidence {} · clear sky {} · {}",
        segment.id,
        detail
            .acquisition_date
            .as_deref()
            .map_or("time not given".to_owned(), api_date_text),
        detail
            .incidence_angle
            .number()
            .map_or("?".to_owned(), |a| format!("{a:.1}°")),
        detail
            .clear_sky_rate
            .number()
            .map_or("?".to_owned(), |r| format!("{r:.0} %")),
        detail.catalog_id.as_deref().unwrap_or("no image yet"),
    );
    ui.add(egui::Label::new(text).wrap());
    if detail.footprint.problem().is_some() {
        ui.colored_label(
            theme::WARNING,
            format!("  {}: footprint not readable (not on the map)", segment.id),
        );
    }
}

fn segment_decision_ui(
    ui: &mut Ui,
    contract: &str,
    open: &TaskingId,
    segment: &crate::api::oneatlas::models::TaskingSegment,
    commands: &mut Vec<Command>,
) {
    let status = segment.status.as_deref().unwrap_or("?");
    ui.horizontal(|ui| {
        if !status.eq_ignore_ascii_case("proposed") {
            let color = if crate::tasking::coverage::counts(Some(status)) {
                theme::GOOD
            } else {
                theme::PAST_DEADLINE
            };
            ui.colored_label(color, format!("  {status}"));
            return;
        }
        ui.colored_label(theme::WARNING, "  Proposed:");
        let (contract, tasking, id) = (
            ContractId(contract.to_owned()),
            open.clone(),
            segment.id.clone(),
        );
        if ui.button(format!("Accept {id}")).clicked() {
            commands.push(cmd(TaskingCommand::Ask(Act::AcceptSegment {
                contract: contract.clone(),
                tasking: tasking.clone(),
                segment: id.clone(),
            })));
        }
        if ui.button(format!("Refuse {id}")).clicked() {
            commands.push(cmd(TaskingCommand::Ask(Act::RefuseSegment {
                contract,
                tasking,
                segment: id,
            })));
        }
    });
}

fn tasking_row_ui(
    ui: &mut Ui,
    state: &AppState,
    entry: &TaskingEntry,
    commands: &mut Vec<Command>,
) {
    let icr = &entry.icr;
    let open = state.tracking.open.as_ref() == Some(&icr.id);
    let proposed = icr.nb_proposed_segments.unwrap_or(0);
    let text = format!(
        "{} · {}{} · {} · {} · {}",
        icr.id,
        icr.status.as_deref().unwrap_or("?"),
        if proposed > 0 {
            format!(" · {proposed} to decide")
        } else {
            String::new()
        },
        icr.prog_type_name.as_deref().unwrap_or("?"),
        icr.customer_ref.as_deref().unwrap_or("no reference"),
        window_text(entry),
    );
    // The list lays out only the rows in view, so a row keeps one line; what does not fit is
    // in its tooltip and in the tasking's detail when it is opened.
    let row = ui.add(egui::Button::selectable(open, text.clone()).truncate());
    if row
        .on_hover_text(format!("{text}\nClick to show its acquisitions"))
        .clicked()
    {
        commands.push(cmd(TaskingCommand::OpenTasking(icr.id.clone())));
    }
    if let Some(progress) = &icr.tasking_progress
        && progress.ordered_area > 0.0
    {
        let share = (progress.validated_area / progress.ordered_area).clamp(0.0, 1.0);
        ui.add(
            egui::ProgressBar::new(share as f32)
                .desired_height(10.0)
                .text(format!(
                    "{:.0} % acquired, cloud-free: {:.1} of {:.1} km²",
                    share * 100.0,
                    progress.validated_area / 1e6,
                    progress.ordered_area / 1e6
                )),
        )
        .on_hover_text(
            "The validated area as Airbus counts it: the cloud-free part of the acquisitions",
        );
    }
}

fn detail_ui(
    ui: &mut Ui,
    state: &AppState,
    contract: &str,
    open: &TaskingId,
    now: OffsetDateTime,
    commands: &mut Vec<Command>,
) {
    let tracking = &state.tracking;
    ui.horizontal(|ui| {
        ui.label(RichText::new(format!("Tasking {open}")).strong());
        if ui.button("Close tasking").clicked() {
            commands.push(cmd(TaskingCommand::CloseTasking));
        }
    });
    let entry = tracking
        .taskings
        .ready()
        .and_then(|list| list.taskings.iter().find(|t| &t.icr.id == open));
    if let Some(entry) = entry {
        let contract_id = ContractId(contract.to_owned());
        ui.horizontal(|ui| {
            let why = cancel_rule(&entry.icr, now);
            if ui
                .add_enabled(why.is_none(), egui::Button::new("Cancel tasking"))
                .on_disabled_hover_text(why.clone().unwrap_or_default())
                .clicked()
            {
                commands.push(cmd(TaskingCommand::Ask(Act::Cancel {
                    contract: contract_id.clone(),
                    tasking: open.clone(),
                })));
            }
            let stop = stop_rule(&entry.icr);
            if ui
                .add_enabled(stop.is_none(), egui::Button::new("Stop tasking"))
                .on_disabled_hover_text(stop.clone().unwrap_or_default())
                .clicked()
            {
                commands.push(cmd(TaskingCommand::Ask(Act::Stop {
                    contract: contract_id.clone(),
                    tasking: open.clone(),
                })));
            }
        });
        for rule in [cancel_rule(&entry.icr, now), stop_rule(&entry.icr)]
            .into_iter()
            .flatten()
        {
            ui.label(RichText::new(format!("Not now: {rule}")).small());
        }
    }
    if let Some(left) = tracking.still_to_acquire.as_ref().map(|s| s.share) {
        // The footprints' geometry, clouds not counted: the progress bar above is Airbus's
        // own count of the cloud-free area, so the two can differ and both are said as such.
        ui.label(format!(
            "Not yet covered by a validated acquisition: {:.0} % of the AOI (footprints drawn on the map; clouds are not counted here, Airbus's acquired share above does count them)",
            left * 100.0
        ));
    }
    match &tracking.segments {
        Slot::Ready(list) if list.segments.is_empty() => {
            ui.label("No acquisition yet.");
        }
        Slot::Ready(list) => {
            // Two rows an acquisition (what it is; its decision or status), only those in
            // view laid out: thousands cost what a few do.
            let row_height = ui.spacing().interact_size.y + ui.spacing().item_spacing.y;
            egui::ScrollArea::vertical()
                .id_salt("acquisitions_list")
                .max_height(320.0)
                .show_rows(ui, row_height, list.segments.len() * 2, |ui, rows| {
                    for row in rows {
                        let Some(segment) = list.segments.get(row / 2) else {
                            continue;
                        };
                        if row % 2 == 0 {
                            segment_line_ui(ui, segment);
                        } else {
                            segment_decision_ui(ui, contract, open, segment, commands);
                        }
                    }
                });
        }
        Slot::Failed(why) => {
            ui.colored_label(
                theme::ERROR,
                format!("The acquisitions could not be loaded: {why}"),
            );
        }
        Slot::Idle | Slot::Waiting(_) => {}
    }
}

/// The imagery delivered to the contract's workspace, on the map with what was ordered.
fn delivered_ui(ui: &mut Ui, state: &AppState, commands: &mut Vec<Command>) {
    match &state.tracking.delivered {
        Slot::Ready(features) => {
            ui.horizontal(|ui| {
                ui.colored_label(
                    theme::DELIVERED,
                    format!(
                        "{} image(s) delivered to the workspace, on the map",
                        features.len()
                    ),
                );
                if ui.button("Hide delivered imagery").clicked() {
                    commands.push(cmd(TaskingCommand::HideDelivered));
                }
            });
        }
        Slot::Failed(why) => {
            ui.colored_label(
                theme::ERROR,
                format!("The delivered imagery could not be searched: {why}"),
            );
        }
        Slot::Idle => {
            if ui.button("Show delivered imagery").clicked() {
                commands.push(cmd(TaskingCommand::ShowDelivered));
            }
        }
        Slot::Waiting(_) => {}
    }
}
