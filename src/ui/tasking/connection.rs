//! The connection settings: where requests go (the sandbox inside the app, a sandbox at a URL,
//! Airbus OneAtlas) and the OneAtlas API key, kept in the system keyring or, where none
//! answers, for this session only (and said so).

use egui::{RichText, Ui};

use super::{cmd, theme};
use crate::state::AppState;
use crate::state::command::{Command, TaskingCommand};
use crate::state::connection::{ChoiceKind, Draft};

/// The connection section.
pub fn connection_ui(ui: &mut Ui, state: &AppState, commands: &mut Vec<Command>) {
    let view = &state.connection;
    egui::CollapsingHeader::new("Connection")
        .id_salt("connection_settings")
        .show(ui, |ui| {
            let mut draft: Draft = view.draft.clone();
            egui::ComboBox::from_label("Service")
                .selected_text(draft.kind.label())
                .show_ui(ui, |ui| {
                    for kind in ChoiceKind::ALL {
                        ui.selectable_value(&mut draft.kind, kind, kind.label());
                    }
                });
            if draft.kind != ChoiceKind::InApp {
                ui.horizontal(|ui| {
                    let label = ui.label(if draft.kind == ChoiceKind::OneAtlas {
                        "Base URL (empty: OneAtlas's hosts)"
                    } else {
                        "Base URL"
                    });
                    ui.add(
                        egui::TextEdit::singleline(&mut draft.base_url)
                            .hint_text("http://127.0.0.1:8765"),
                    )
                    .labelled_by(label.id);
                });
            }
            if draft.kind == ChoiceKind::OneAtlas {
                ui.horizontal(|ui| {
                    let label = ui.label("OneAtlas API key");
                    ui.add(
                        egui::TextEdit::singleline(&mut draft.key.0)
                            .password(true)
                            .hint_text("leave empty to use the saved key"),
                    )
                    .labelled_by(label.id);
                });
                ui.horizontal(|ui| {
                    let label = ui.label("UP42 user");
                    ui.add(
                        egui::TextEdit::singleline(&mut draft.up42_user)
                            .hint_text("for UP42 quotations"),
                    )
                    .labelled_by(label.id);
                });
                ui.horizontal(|ui| {
                    let label = ui.label("UP42 password");
                    ui.add(egui::TextEdit::singleline(&mut draft.up42_password.0).password(true))
                        .labelled_by(label.id);
                });
                ui.checkbox(
                    &mut draft.remember,
                    "Remember the keys in the system keyring",
                );
            }
            if draft != view.draft {
                commands.push(cmd(TaskingCommand::EditConnection(draft.clone())));
            }
            let why = draft
                .choice()
                .err()
                .or_else(|| view.connecting.then(|| "connecting…".to_owned()))
                .or_else(|| {
                    state
                        .tasking
                        .order
                        .in_flight()
                        .then(|| "an order is on its way or unclear".to_owned())
                });
            if ui
                .add_enabled(why.is_none(), egui::Button::new("Connect"))
                .on_disabled_hover_text(why.clone().unwrap_or_default())
                .clicked()
            {
                commands.push(cmd(TaskingCommand::Connect));
            }
            if let Some(why) = why {
                ui.label(RichText::new(why).small());
            }
            if let Some(note) = &view.key_note {
                let color = if note.contains("session only") {
                    theme::WARNING
                } else {
                    theme::GOOD
                };
                ui.colored_label(color, note);
            }
        });
}
