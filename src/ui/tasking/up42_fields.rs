//! The form of a UP42 data product, drawn from `tasking::up42_form`: each field named for what
//! it sets (`*` when required, its range), choices as buttons, dates with the date picker the
//! OneAtlas form uses, yes/no as a checkbox, and under a field what is wrong with it.

use egui::{RichText, Ui};

use super::theme;
use crate::state::AppState;
use crate::state::command::Command;
use crate::state::up42::Up42Command;
use crate::tasking::up42_form::{Field, FieldKind, Up42Form};

fn set(name: &str, text: String) -> Command {
    Command::Up42(Up42Command::SetValue(name.to_owned(), text))
}

/// The date part of an RFC 3339 time (`2026-12-05T00:00:00Z`), when it reads.
fn date_of(text: &str) -> Option<time::Date> {
    time::OffsetDateTime::parse(text, &time::format_description::well_known::Rfc3339)
        .ok()
        .map(|t| t.to_offset(time::UtcOffset::UTC).date())
}

/// Midnight UTC of a date, as UP42 takes it.
fn midnight(date: time::Date) -> String {
    format!("{date}T00:00:00Z")
}

/// A choice shown as `word`, named `named` for the accessibility tree (what it chooses, in
/// context); true when clicked while not chosen.
pub(super) fn choice_ui(ui: &mut Ui, chosen: bool, word: &str, named: &str) -> bool {
    let response = ui.selectable_label(chosen, word);
    response.widget_info(|| {
        egui::WidgetInfo::selected(egui::accesskit::Role::Button, true, chosen, named)
    });
    response.clicked() && !chosen
}

/// Every field of the form.
pub fn fields_ui(ui: &mut Ui, state: &AppState, form: &Up42Form, commands: &mut Vec<Command>) {
    let task = &state.up42;
    // Required now: by the schema, or by a condition that holds on the values.
    let required_now =
        crate::tasking::up42_form::required_by(&form.conditions, &task.checked.params);
    for field in &form.fields {
        let required = field.required || required_now.contains(&field.name);
        let text = task.values.get(&field.name).cloned().unwrap_or_default();
        field_ui(ui, field, required, &text, commands);
        if let Some(why) = task.checked.problems.get(&field.name) {
            ui.colored_label(theme::ERROR, why);
        }
    }
}

fn field_ui(ui: &mut Ui, field: &Field, required: bool, text: &str, commands: &mut Vec<Command>) {
    let label = field.label(required);
    match &field.kind {
        FieldKind::Choice(choices) => {
            ui.label(&label);
            ui.horizontal_wrapped(|ui| {
                for choice in choices {
                    let Some(word) = crate::tasking::up42_form::field::value_as_text(choice) else {
                        continue;
                    };
                    let named = format!("{}: {word}", field.title);
                    if choice_ui(ui, text == word, &word, &named) {
                        commands.push(set(&field.name, word.clone()));
                    }
                }
            });
        }
        FieldKind::Boolean => {
            let mut on = text == "true";
            if ui.checkbox(&mut on, &label).changed() {
                commands.push(set(&field.name, on.to_string()));
            }
        }
        FieldKind::DateTime => {
            match date_of(text) {
                Some(mut date) => {
                    let before = date;
                    super::form::date_ui(ui, &label, &format!("up42_{}", field.name), &mut date);
                    if date != before {
                        commands.push(set(&field.name, midnight(date)));
                    }
                }
                None => {
                    // Not a date yet: typed as text, its message says how to write it.
                    text_ui(ui, field, &label, text, commands);
                }
            }
        }
        FieldKind::Text { .. } | FieldKind::Integer { .. } | FieldKind::Number { .. } => {
            text_ui(ui, field, &label, text, commands);
        }
    }
    if let Some(about) = &field.description {
        ui.label(RichText::new(about).small());
    }
}

fn text_ui(ui: &mut Ui, field: &Field, label: &str, text: &str, commands: &mut Vec<Command>) {
    ui.horizontal(|ui| {
        let shown = ui.label(label);
        let mut edited = text.to_owned();
        let response = ui
            .add(egui::TextEdit::singleline(&mut edited).desired_width(160.0))
            .labelled_by(shown.id);
        if response.changed() {
            commands.push(set(&field.name, edited));
        }
    });
}
