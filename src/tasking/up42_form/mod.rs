//! A UP42 data product's order form, generated from the JSON schema `GET /orders/schema/{id}`
//! answers: one [`Field`] per property (required marked, enums as choices, ranges, dates,
//! defaults), the schema's conditions (`allOf`/`if`/`then`, `dependencies`), and the values a
//! person typed checked into the order's `params` with a message per field. Plain values, no
//! egui: the window draws it, tests judge it.

pub mod condition;
pub mod field;
mod read;
#[cfg(test)]
mod tests;

use std::collections::BTreeMap;

use serde_json::{Map, Value};
use time::OffsetDateTime;

pub use condition::{Condition, conditions_of, required_by};
pub use field::{Field, FieldKind};

/// What a person typed or chose, by property name, as text.
pub type Values = BTreeMap<String, String>;

/// The form of one data product.
#[derive(Debug, Clone, PartialEq)]
pub struct Up42Form {
    /// The schema's title, if any.
    pub title: Option<String>,
    /// The fields, in the schema's order.
    pub fields: Vec<Field>,
    /// Each property's rule as the schema gives it (what conditions merge over).
    rules: Map<String, Value>,
    /// The schema's conditions.
    pub conditions: Vec<Condition>,
}

/// The values checked: the `params` to send, and what is wrong, by field.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Checked {
    /// The order's `params` (only the fields given).
    pub params: Map<String, Value>,
    /// For each field that is wrong, what to do.
    pub problems: BTreeMap<String, String>,
}

impl Checked {
    /// Whether the values can be sent.
    pub fn is_ready(&self) -> bool {
        self.problems.is_empty()
    }
}

/// Where a field goes in the form: the required ones first, and a window's start just before
/// its end (`acquisitionStart`, `acquisitionEnd`). The schema's own order is not kept by the
/// JSON reader (its keys come sorted, which put the end before the start).
fn reading_order(name: &str, required: bool) -> (bool, &str, bool) {
    let (stem, end) = match (name.strip_suffix("Start"), name.strip_suffix("End")) {
        (Some(stem), _) => (stem, false),
        (_, Some(stem)) => (stem, true),
        _ => (name, false),
    };
    (!required, stem, end)
}

impl Up42Form {
    /// The form of a schema; `Err` says what is wrong with the schema.
    pub fn from_schema(schema: &Value) -> Result<Up42Form, String> {
        let Some(rules) = schema.get("properties").and_then(Value::as_object) else {
            return Err(
                "the product's order schema names no properties (GET /orders/schema/{id}): \
                 UP42 cannot take an order for it; choose another data product"
                    .to_owned(),
            );
        };
        let required: Vec<&str> = schema
            .get("required")
            .and_then(Value::as_array)
            .map(|list| list.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default();
        let mut fields: Vec<Field> = rules
            .iter()
            .map(|(name, rule)| Field::from_property(name, rule, required.contains(&name.as_str())))
            .collect();
        fields.sort_by(|a, b| {
            reading_order(&a.name, a.required).cmp(&reading_order(&b.name, b.required))
        });
        Ok(Up42Form {
            title: schema
                .get("title")
                .and_then(Value::as_str)
                .map(str::to_owned),
            fields,
            rules: rules.clone(),
            conditions: conditions_of(schema),
        })
    }

    /// The values a new form starts with: the schema's defaults, and for a required date-time
    /// without one, tomorrow at midnight UTC (a `…Start`) or two weeks later (a `…End`), so the
    /// window is one a satellite can meet.
    pub fn starting_values(&self, now: OffsetDateTime) -> Values {
        let tomorrow = now
            .date()
            .next_day()
            .unwrap_or(now.date())
            .midnight()
            .assume_utc();
        let mut values = Values::new();
        for field in &self.fields {
            let value = match (&field.default, &field.kind) {
                (Some(default), _) => Some(default.clone()),
                (None, FieldKind::DateTime) if field.required => {
                    let lower = field.name.to_ascii_lowercase();
                    let at = if lower.ends_with("end") {
                        tomorrow + time::Duration::days(14)
                    } else {
                        tomorrow
                    };
                    read::rfc3339(at)
                }
                _ => None,
            };
            if let Some(value) = value {
                values.insert(field.name.clone(), value);
            }
        }
        values
    }

    /// The field a property name names.
    pub fn field(&self, name: &str) -> Option<&Field> {
        self.fields.iter().find(|f| f.name == name)
    }

    /// Checks the values: each read as its field's kind and held to its limits, the
    /// conditions applied on what would be sent, every required field present, and a window's
    /// end after its start.
    pub fn check(&self, values: &Values) -> Checked {
        let given = |name: &str| values.get(name).map(|t| t.trim()).filter(|t| !t.is_empty());
        // The values as the schema's own rules read them, for the conditions to judge.
        let first: Map<String, Value> = self
            .fields
            .iter()
            .filter_map(|f| Some((f.name.clone(), read::read(f, given(&f.name)?).ok()?)))
            .collect();
        let branches: Vec<_> = self
            .conditions
            .iter()
            .filter_map(|c| c.applies(&first))
            .collect();
        let mut checked = Checked::default();
        for base in &self.fields {
            let mut rule = self.rules.get(&base.name).cloned().unwrap_or_default();
            let mut required = base.required;
            for branch in &branches {
                required |= branch.required.contains(&base.name);
                if let (Some(stricter), Some(rule)) = (
                    branch.properties.get(&base.name).and_then(Value::as_object),
                    rule.as_object_mut(),
                ) {
                    rule.extend(stricter.clone());
                }
            }
            let field = Field::from_property(&base.name, &rule, required);
            match given(&base.name) {
                None if required => {
                    checked.problems.insert(
                        base.name.clone(),
                        format!("{} is required: fill it in to order", base.title),
                    );
                }
                None => {}
                Some(text) => match read::read(&field, text) {
                    Ok(value) => {
                        checked.params.insert(base.name.clone(), value);
                    }
                    Err(why) => {
                        checked.problems.insert(base.name.clone(), why);
                    }
                },
            }
        }
        read::windows_in_order(self, &mut checked);
        checked
    }
}
