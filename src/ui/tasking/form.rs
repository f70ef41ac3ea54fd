//! The tasking form: contract, mission, offer, window (date pickers), cloud, incidence, mode,
//! and the two questions (`Check feasibility`, `Get attempts`), each saying why it is disabled.

use egui::{RichText, Ui};

use super::{cmd, theme};
use crate::aoi::mission::AcquisitionMode;
use crate::aoi::mission::Offer;
use crate::state::AppState;
use crate::state::command::{Command, TaskingCommand};
use crate::tasking::workflow::Slot;

fn to_picker(date: time::Date) -> jiff::civil::Date {
    let (year, month, day) = (
        i16::try_from(date.year()).unwrap_or(2026),
        i8::try_from(u8::from(date.month())).unwrap_or(1),
        i8::try_from(date.day()).unwrap_or(1),
    );
    jiff::civil::Date::new(year, month, day).unwrap_or_default()
}

fn from_picker(date: jiff::civil::Date) -> Option<time::Date> {
    let month = time::Month::try_from(u8::try_from(date.month()).ok()?).ok()?;
    time::Date::from_calendar_date(
        i32::from(date.year()),
        month,
        u8::try_from(date.day()).ok()?,
    )
    .ok()
}

pub(super) fn date_ui(ui: &mut Ui, label: &str, salt: &str, date: &mut time::Date) {
    ui.horizontal(|ui| {
        ui.label(label);
        let mut picked = to_picker(*date);
        let response = ui.add(
            egui_extras::DatePickerButton::new(&mut picked)
                .id_salt(salt)
                .calendar_week(false)
                .show_icon(false),
        );
        // Named for what it sets, with the date chosen readable as its value.
        let shown = date.to_string();
        response.widget_info(|| {
            let mut info = egui::WidgetInfo::labeled(egui::accesskit::Role::Button, true, label);
            info.current_text_value = Some(shown.clone());
            info
        });
        if response.changed()
            && let Some(new) = from_picker(picked)
        {
            *date = new;
        }
    });
}

/// The form and its buttons.
pub fn form_ui(ui: &mut Ui, state: &AppState, commands: &mut Vec<Command>) {
    let flow = &state.tasking;
    let mut form = flow.form.clone();
    match &flow.contracts {
        Slot::Ready(contracts) => {
            let selected = flow
                .contract()
                .map(|c| c.contract_id.0.clone())
                .unwrap_or_else(|| "choose a contract".to_owned());
            egui::ComboBox::from_label("Contract")
                .selected_text(selected)
                .show_ui(ui, |ui| {
                    for c in contracts {
                        let credit = match (c.credit_remaining.number(), &c.currency) {
                            (Some(credit), Some(currency)) => {
                                format!(
                                    ", credit {}",
                                    crate::tasking::amount::money(credit, currency)
                                )
                            }
                            _ => String::new(),
                        };
                        let kind = if c.is_neo() {
                            "Pléiades Neo"
                        } else {
                            "Pléiades/SPOT"
                        };
                        let text = format!(
                            "{} {} ({kind}{credit})",
                            c.contract_id,
                            c.name.as_deref().unwrap_or("")
                        );
                        ui.selectable_value(
                            &mut form.contract,
                            Some(c.contract_id.0.clone()),
                            text,
                        );
                    }
                });
            if let Some(contract) = flow.contract() {
                let workspace = contract
                    .delivery
                    .iter()
                    .find_map(|d| d.delivery_workspace.as_ref())
                    .map_or("none given".to_owned(), |w| w.0.clone());
                ui.label(RichText::new(format!("Delivery workspace: {workspace}")).small());
            }
        }
        Slot::Failed(why) => {
            ui.colored_label(
                theme::ERROR,
                format!("The contracts could not be loaded: {why}"),
            );
            if ui.button("Load contracts").clicked() {
                commands.push(cmd(TaskingCommand::LoadContracts));
            }
        }
        Slot::Idle => {
            if ui.button("Load contracts").clicked() {
                commands.push(cmd(TaskingCommand::LoadContracts));
            }
        }
        Slot::Waiting(_) => {}
    }
    egui::ComboBox::from_label("Satellite")
        .selected_text(form.mission.label())
        .show_ui(ui, |ui| {
            for mission in flow.missions() {
                ui.selectable_value(&mut form.mission, mission, mission.label());
            }
        });
    egui::ComboBox::from_label("Offer")
        .selected_text(form.offer.label())
        .show_ui(ui, |ui| {
            for offer in Offer::ALL {
                ui.selectable_value(&mut form.offer, offer, offer.label());
            }
        });
    date_ui(ui, "From (UTC)", "start_date", &mut form.start);
    if form.offer == Offer::OnePlan {
        date_ui(ui, "Until (UTC)", "end_date", &mut form.end);
    } else {
        ui.label(RichText::new("Attempts look 7 days ahead of the start.").small());
    }
    ui.add(
        egui::Slider::new(&mut form.max_cloud_pct, 0.0..=100.0)
            .integer()
            .suffix(" %")
            .text("Maximum cloud cover"),
    );
    ui.add(
        egui::Slider::new(&mut form.max_incidence_deg, 0.0..=60.0)
            .integer()
            .suffix("°")
            .text("Maximum incidence angle"),
    );
    if form.offer == Offer::OnePlan {
        ui.add(
            egui::Slider::new(&mut form.proposal_cloud_pct, form.max_cloud_pct..=100.0)
                .integer()
                .suffix(" %")
                .text("Propose acquisitions up to cloud cover"),
        );
    }
    egui::ComboBox::from_label("Acquisition mode")
        .selected_text(form.mode.api_name())
        .show_ui(ui, |ui| {
            for mode in AcquisitionMode::ALL {
                let allowed = mode.allowed(form.mission, form.offer);
                ui.add_enabled_ui(allowed, |ui| {
                    ui.selectable_value(&mut form.mode, mode, mode.api_name())
                        .on_disabled_hover_text(
                            "stereo and tristereo need OnePlan on Pléiades or SPOT",
                        );
                });
            }
        });
    if form.mode != AcquisitionMode::Mono {
        ui.add(
            egui::Slider::new(&mut form.min_bh, 0.2..=0.8)
                .step_by(0.05)
                .text("Least B/H ratio"),
        );
        ui.add(
            egui::Slider::new(&mut form.max_bh, 0.2..=0.8)
                .step_by(0.05)
                .text("Greatest B/H ratio"),
        );
    }
    if form != flow.form {
        commands.push(cmd(TaskingCommand::SetForm(form)));
    }
    let target = state.tasking_target();
    let blocked = flow.blocked(target.as_ref());
    let feasibility_why = flow.feasibility_blocked(target.as_ref());
    ui.horizontal(|ui| {
        let enabled = feasibility_why.is_none();
        let why = feasibility_why.clone().unwrap_or_default();
        if ui
            .add_enabled(enabled, egui::Button::new("Check feasibility"))
            .on_disabled_hover_text(&why)
            .clicked()
        {
            commands.push(cmd(TaskingCommand::CheckFeasibility));
        }
        let attempts_why = if flow.form.offer == Offer::OnePlan {
            Some("OnePlan has no attempts".to_owned())
        } else {
            blocked.clone()
        };
        if ui
            .add_enabled(attempts_why.is_none(), egui::Button::new("Get attempts"))
            .on_disabled_hover_text(attempts_why.unwrap_or_default())
            .clicked()
        {
            commands.push(cmd(TaskingCommand::GetAttempts));
        }
    });
    if let Some(why) = blocked {
        ui.colored_label(theme::WARNING, format!("Cannot ask yet: {why}"));
    } else if let Some(why) = feasibility_why {
        ui.weak(format!("No feasibility study: {why}."));
    }
}
