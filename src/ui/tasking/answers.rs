//! Requests in flight (a spinner each, saying what is asked, with `Cancel`) and the
//! feasibility answer as a card that says what it means for price and delay.

use egui::{RichText, Ui};

use super::{cmd, theme};
use crate::aoi::mission::{mission_words, offer_words};
use crate::api::oneatlas::models::ProgType;
use crate::state::AppState;
use crate::state::command::{Command, TaskingCommand};
use crate::tasking::workflow::Slot;

/// One line per request on its way.
pub fn in_flight_ui(ui: &mut Ui, state: &AppState, commands: &mut Vec<Command>) {
    for flight in &state.in_flight {
        ui.horizontal(|ui| {
            ui.add(egui::Spinner::new());
            ui.label(flight.what);
            if flight.cancellable {
                if ui.button("Cancel request").clicked() {
                    commands.push(cmd(TaskingCommand::Cancel(flight.id)));
                }
            } else {
                ui.label(RichText::new("sent once; it cannot be recalled").small());
            }
        });
    }
}

/// What AUTOMATIC/MANUAL and EASY/CHALLENGING mean for the buyer.
fn meaning(offer: &ProgType) -> Vec<String> {
    let mut lines = Vec::new();
    if let Some(f) = &offer.feasibility {
        match f.automation.as_deref().map(str::to_ascii_uppercase).as_deref() {
            Some("AUTOMATIC") => lines.push(
                "AUTOMATIC: priced and ordered now, at the catalogue price".to_owned(),
            ),
            Some("MANUAL") => lines.push(
                "MANUAL: Airbus studies the request by hand; a quotation follows (usually within 2 working days) and the price may differ".to_owned(),
            ),
            Some(other) => lines.push(other.to_owned()),
            None => {}
        }
        match f.classification.as_deref().map(str::to_ascii_uppercase).as_deref() {
            Some("EASY") => lines.push(
                "EASY: the window and angles leave many chances; acquisition is likely early in the window".to_owned(),
            ),
            Some("CHALLENGING") => lines.push(
                "CHALLENGING: few chances in this window; expect a higher risk of delay, or widen the window, cloud or angle".to_owned(),
            ),
            Some(other) => lines.push(other.to_owned()),
            None => {}
        }
    }
    for error in &offer.errors {
        lines.push(error.describe());
    }
    lines
}

/// The feasibility card.
pub fn feasibility_ui(ui: &mut Ui, state: &AppState) {
    match &state.tasking.feasibility {
        Slot::Idle | Slot::Waiting(_) => {}
        Slot::Failed(why) => {
            ui.colored_label(theme::ERROR, format!("Feasibility failed: {why}"));
        }
        Slot::Ready(answer) => {
            ui.label(RichText::new("Feasibility").strong());
            let mut any = false;
            for offer in answer.offers() {
                any = true;
                let what = format!(
                    "{} {}",
                    mission_words(&offer.mission),
                    offer_words(&offer.name)
                );
                let verdict = match &offer.feasibility {
                    Some(f) => format!(
                        "{what}: {} {}",
                        f.automation.as_deref().unwrap_or("?"),
                        f.classification.as_deref().unwrap_or("")
                    ),
                    None if offer.available => format!("{what}: available"),
                    None => format!("{what}: not available"),
                };
                let color = if offer.feasibility.as_ref().is_some_and(|f| f.is_automatic()) {
                    theme::GOOD
                } else if offer.available {
                    theme::WARNING
                } else {
                    theme::ERROR
                };
                ui.colored_label(color, RichText::new(verdict).strong());
                for line in meaning(offer) {
                    ui.label(line);
                }
            }
            if !any {
                ui.label("The service answered with no offer for this mission.");
            }
            ui.separator();
        }
    }
}
