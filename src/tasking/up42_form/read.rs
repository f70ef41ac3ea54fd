//! One value a person typed, read as its field's kind and held to its limits; and a window's
//! end after its start. Each refusal names the field and says what to write.

use serde_json::{Number, Value};
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

use super::field::{Field, FieldKind, value_as_text};
use super::{Checked, Up42Form};

/// A time as UP42 takes it: `2026-12-05T00:00:00Z`.
pub(super) fn rfc3339(at: OffsetDateTime) -> Option<String> {
    at.format(&Rfc3339).ok()
}

fn in_range(field: &Field, n: f64, min: Option<f64>, max: Option<f64>) -> Result<(), String> {
    if let Some(min) = min.filter(|min| n < *min) {
        return Err(format!(
            "{} is {n}: the least allowed is {min}",
            field.title
        ));
    }
    if let Some(max) = max.filter(|max| n > *max) {
        return Err(format!("{} is {n}: the most allowed is {max}", field.title));
    }
    Ok(())
}

/// `text` (trimmed, not empty) as the JSON value the order sends.
pub(super) fn read(field: &Field, text: &str) -> Result<Value, String> {
    let title = &field.title;
    match &field.kind {
        FieldKind::Text { max_len } => {
            if let Some(max) = max_len.filter(|max| text.chars().count() as u64 > *max) {
                return Err(format!(
                    "{title} is longer than {max} characters: shorten it"
                ));
            }
            Ok(Value::String(text.to_owned()))
        }
        FieldKind::Integer { min, max } => {
            let n: i64 = text
                .parse()
                .map_err(|_| format!("{title} is '{text}': write a whole number, such as 20"))?;
            in_range(field, n as f64, *min, *max)?;
            Ok(Value::from(n))
        }
        FieldKind::Number { min, max } => {
            let n = text
                .parse::<f64>()
                .ok()
                .filter(|n| n.is_finite())
                .ok_or_else(|| format!("{title} is '{text}': write a number, such as 12.5"))?;
            in_range(field, n, *min, *max)?;
            Ok(Number::from_f64(n).map_or(Value::Null, Value::Number))
        }
        FieldKind::Choice(choices) => choices
            .iter()
            .find(|c| value_as_text(c).as_deref() == Some(text))
            .cloned()
            .ok_or_else(|| {
                let list: Vec<String> = choices.iter().filter_map(value_as_text).collect();
                format!("{title} is '{text}': choose one of {}", list.join(", "))
            }),
        FieldKind::Boolean => match text {
            "true" => Ok(Value::Bool(true)),
            "false" => Ok(Value::Bool(false)),
            _ => Err(format!(
                "{title} is '{text}': choose yes (true) or no (false)"
            )),
        },
        FieldKind::DateTime => OffsetDateTime::parse(text, &Rfc3339)
            .map(|_| Value::String(text.to_owned()))
            .map_err(|_| {
                format!("{title} is '{text}': write a date-time as in 2026-12-01T00:00:00Z")
            }),
    }
}

/// For each pair of date-time fields `…Start` / `…End` (same prefix), the end after the start;
/// the message goes on the end.
pub(super) fn windows_in_order(form: &Up42Form, checked: &mut Checked) {
    let time_of = |name: &str| {
        checked
            .params
            .get(name)
            .and_then(Value::as_str)
            .and_then(|t| OffsetDateTime::parse(t, &Rfc3339).ok())
    };
    let mut wrong = Vec::new();
    for end in form.fields.iter().filter(|f| f.kind == FieldKind::DateTime) {
        let Some(prefix) = end.name.strip_suffix("End") else {
            continue;
        };
        let Some(start) = form.field(&format!("{prefix}Start")) else {
            continue;
        };
        if let (Some(from), Some(until)) = (time_of(&start.name), time_of(&end.name))
            && until <= from
        {
            wrong.push((
                end.name.clone(),
                format!(
                    "{} must be after {}: choose a later end or an earlier start",
                    end.title, start.title
                ),
            ));
        }
    }
    for (name, why) in wrong {
        checked.params.remove(&name);
        checked.problems.insert(name, why);
    }
}
