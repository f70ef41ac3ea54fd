//! A decision's confirmation (what it costs and changes; `Confirm` sends it once) and where it
//! stands afterwards (done, refused, or unknown with `Check`, never a resend).

use egui::{RichText, Ui};

use super::{cmd, theme};
use crate::state::AppState;
use crate::state::command::{Command, TaskingCommand};
use crate::tasking::act::{Act, ActStep};

/// Why the footprint of the acquisition a decision is about could not be read, if it could not.
fn unseen_footprint<'a>(state: &'a AppState, act: &Act) -> Option<&'a str> {
    let (Act::AcceptSegment { segment, .. } | Act::RefuseSegment { segment, .. }) = act else {
        return None;
    };
    let list = state.tracking.segments.ready()?;
    let detail = list
        .segments
        .iter()
        .find(|s| &s.id == segment)?
        .as_detail1
        .as_ref()?;
    detail.footprint.problem()
}

/// The confirmation dialog and the decision's state line.
pub fn decision_ui(ui: &mut Ui, state: &AppState, commands: &mut Vec<Command>) {
    match &state.tracking.act {
        ActStep::Idle => {}
        ActStep::Confirming(act) => {
            let modal =
                egui::Modal::new(egui::Id::unique("decision_confirmation")).show(ui.ctx(), |ui| {
                    ui.set_width(420.0);
                    ui.heading(act.title());
                    ui.label(act.consequence());
                    if let Some(why) = unseen_footprint(state, act) {
                        ui.colored_label(
                            theme::WARNING,
                            format!(
                                "Its footprint was not seen: the service sent one that cannot be read ({why}), so it is not on the map."
                            ),
                        );
                    }
                    ui.label(
                        "It is sent once; if no clear answer comes back you can check, not resend.",
                    );
                    ui.horizontal(|ui| {
                        if ui.button(RichText::new("Confirm").strong()).clicked() {
                            commands.push(cmd(TaskingCommand::ConfirmAct));
                        }
                        if ui.button("Cancel").clicked() {
                            commands.push(cmd(TaskingCommand::CloseAct));
                        }
                    });
                });
            if modal.should_close() {
                commands.push(cmd(TaskingCommand::CloseAct));
            }
        }
        ActStep::Sending { act, .. } => {
            ui.horizontal(|ui| {
                ui.add(egui::Spinner::new());
                ui.label(format!(
                    "{}: sent once, waiting for the answer",
                    act.title()
                ));
            });
        }
        ActStep::Checking { act, .. } => {
            ui.horizontal(|ui| {
                ui.add(egui::Spinner::new());
                ui.label(format!(
                    "{}: checking whether it went through…",
                    act.title()
                ));
            });
        }
        ActStep::Done { act, message } => {
            ui.colored_label(theme::GOOD, format!("Done: {} ({message})", act.title()));
            if ui.button("Dismiss").clicked() {
                commands.push(cmd(TaskingCommand::DismissAct));
            }
        }
        ActStep::Refused { act, message } => {
            ui.colored_label(
                theme::ERROR,
                format!("Not done: {}: {message}", act.title()),
            );
            if ui.button("Dismiss").clicked() {
                commands.push(cmd(TaskingCommand::DismissAct));
            }
        }
        ActStep::Unknown {
            act,
            message,
            check,
        } => {
            ui.colored_label(
                theme::ERROR,
                RichText::new(format!(
                    "Outcome unknown: {}. It was not resent.",
                    act.title()
                ))
                .strong(),
            );
            ui.label(message);
            ui.label(format!("Check looks up {check}."));
            if ui.button("Check").clicked() {
                commands.push(cmd(TaskingCommand::CheckAct));
            }
        }
    }
}
