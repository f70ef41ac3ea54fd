//! One field of a UP42 product's order form, read from one property of its JSON schema: its
//! name, what a person reads, what kind of value it takes (text, a whole number or a number
//! within a range, a choice, yes/no, a date), whether the schema requires it and its default.

use serde_json::Value;

/// What kind of value a field takes, with the limits the schema sets.
#[derive(Debug, Clone, PartialEq)]
pub enum FieldKind {
    /// Free text, at most `max_len` characters when the schema says.
    Text {
        /// `maxLength`.
        max_len: Option<u64>,
    },
    /// A whole number (`integer`) within the range.
    Integer {
        /// `minimum`.
        min: Option<f64>,
        /// `maximum`.
        max: Option<f64>,
    },
    /// A number within the range.
    Number {
        /// `minimum`.
        min: Option<f64>,
        /// `maximum`.
        max: Option<f64>,
    },
    /// One of the schema's `enum` values, each kept as JSON (what the order sends).
    Choice(Vec<Value>),
    /// Yes or no.
    Boolean,
    /// A date-time (`format: date-time`), written as RFC 3339.
    DateTime,
}

/// One field of the form.
#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    /// The property's name in `params`.
    pub name: String,
    /// What a person reads: the schema's `title`, else the name.
    pub title: String,
    /// The schema's `description`, if any.
    pub description: Option<String>,
    /// Its kind and limits.
    pub kind: FieldKind,
    /// Required by the schema's top-level `required` (a condition may require more).
    pub required: bool,
    /// The schema's `default`, as text a person would type.
    pub default: Option<String>,
}

impl Field {
    /// Reads one property; `required` comes from the schema's `required` list.
    pub fn from_property(name: &str, rule: &Value, required: bool) -> Field {
        let number = |key: &str| rule.get(key).and_then(Value::as_f64);
        let kind = match (rule.get("enum").and_then(Value::as_array), kind_of(rule)) {
            (Some(choices), _) if !choices.is_empty() => FieldKind::Choice(choices.clone()),
            (_, "integer") => FieldKind::Integer {
                min: number("minimum"),
                max: number("maximum"),
            },
            (_, "number") => FieldKind::Number {
                min: number("minimum"),
                max: number("maximum"),
            },
            (_, "boolean") => FieldKind::Boolean,
            (_, "string") if rule.get("format").and_then(Value::as_str) == Some("date-time") => {
                FieldKind::DateTime
            }
            _ => FieldKind::Text {
                max_len: rule.get("maxLength").and_then(Value::as_u64),
            },
        };
        let text = |key: &str| {
            rule.get(key)
                .and_then(Value::as_str)
                .map(str::trim)
                .filter(|t| !t.is_empty())
                .map(str::to_owned)
        };
        Field {
            name: name.to_owned(),
            title: text("title").unwrap_or_else(|| name.to_owned()),
            description: text("description"),
            kind,
            required,
            default: rule.get("default").and_then(value_as_text),
        }
    }

    /// What a person reads beside the field: its title, `*` when required, and its range.
    pub fn label(&self, required: bool) -> String {
        let star = if required { " *" } else { "" };
        let range = match &self.kind {
            FieldKind::Integer { min, max } | FieldKind::Number { min, max } => match (min, max) {
                (Some(min), Some(max)) => format!(" ({min} to {max})"),
                (Some(min), None) => format!(" (at least {min})"),
                (None, Some(max)) => format!(" (at most {max})"),
                (None, None) => String::new(),
            },
            _ => String::new(),
        };
        format!("{}{range}{star}", self.title)
    }
}

/// The schema's `type`; of a list (`["string", "null"]`), the first that is not `null`.
fn kind_of(rule: &Value) -> &str {
    match rule.get("type") {
        Some(Value::String(kind)) => kind,
        Some(Value::Array(kinds)) => kinds
            .iter()
            .filter_map(Value::as_str)
            .find(|k| *k != "null")
            .unwrap_or(""),
        _ => "",
    }
}

/// A JSON scalar as text a person would type (`"MONO"` as `MONO`, `20` as `20`).
pub fn value_as_text(value: &Value) -> Option<String> {
    match value {
        Value::String(text) => Some(text.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}
