//! The conditions of a product's schema: `allOf` / `if` / `then` / `else` (draft 7) and
//! `dependencies` (a property that, when given, requires others). A condition is judged on the
//! values as they would be sent; what it adds is more required fields and stricter rules for
//! some properties (a smaller `maximum`, fewer `enum` choices).

use std::collections::BTreeSet;

use serde_json::{Map, Value};

/// What a branch adds when it applies.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Branch {
    /// More required properties.
    pub required: Vec<String>,
    /// Rules merged over the properties' own (key by key).
    pub properties: Map<String, Value>,
}

/// One condition of the schema.
#[derive(Debug, Clone, PartialEq)]
pub enum Condition {
    /// `if` (properties with `const` or `enum`, and `required`) then one branch, else another.
    IfThen {
        /// Each property the `if` names with its rule (`const`, `enum`).
        when: Map<String, Value>,
        /// The properties the `if` requires to be present.
        when_present: Vec<String>,
        /// Applies when the `if` holds.
        then: Branch,
        /// Applies when it does not.
        otherwise: Branch,
    },
    /// `dependencies`: when `property` is given, `requires` must be too.
    Dependency {
        /// The property.
        property: String,
        /// What it requires.
        requires: Vec<String>,
    },
}

/// The names of a JSON list of strings.
fn names(value: Option<&Value>) -> Vec<String> {
    value
        .and_then(Value::as_array)
        .map(|list| {
            list.iter()
                .filter_map(Value::as_str)
                .map(str::to_owned)
                .collect()
        })
        .unwrap_or_default()
}

fn branch(value: Option<&Value>) -> Branch {
    Branch {
        required: names(value.and_then(|v| v.get("required"))),
        properties: value
            .and_then(|v| v.get("properties"))
            .and_then(Value::as_object)
            .cloned()
            .unwrap_or_default(),
    }
}

/// Every condition of a schema: a top-level `if`, each `if` of `allOf`, and `dependencies`
/// (the list form; a schema dependency is read as its `required`).
pub fn conditions_of(schema: &Value) -> Vec<Condition> {
    let mut found = Vec::new();
    let holders = std::iter::once(schema).chain(
        schema
            .get("allOf")
            .and_then(Value::as_array)
            .into_iter()
            .flatten(),
    );
    for holder in holders {
        if let Some(when) = holder.get("if") {
            found.push(Condition::IfThen {
                when: when
                    .get("properties")
                    .and_then(Value::as_object)
                    .cloned()
                    .unwrap_or_default(),
                when_present: names(when.get("required")),
                then: branch(holder.get("then")),
                otherwise: branch(holder.get("else")),
            });
        }
    }
    if let Some(dependencies) = schema.get("dependencies").and_then(Value::as_object) {
        for (property, needs) in dependencies {
            let requires = if needs.is_array() {
                names(Some(needs))
            } else {
                names(needs.get("required"))
            };
            found.push(Condition::Dependency {
                property: property.clone(),
                requires,
            });
        }
    }
    found
}

/// Whether a value meets an `if`'s rule for it (`const`, `enum`; another rule counts as met).
fn meets(value: &Value, rule: &Value) -> bool {
    if let Some(wanted) = rule.get("const") {
        return value == wanted;
    }
    if let Some(choices) = rule.get("enum").and_then(Value::as_array) {
        return choices.contains(value);
    }
    true
}

impl Condition {
    /// The branch that applies to `params` (the values as they would be sent), if any.
    pub fn applies(&self, params: &Map<String, Value>) -> Option<Branch> {
        match self {
            Condition::IfThen {
                when,
                when_present,
                then,
                otherwise,
            } => {
                // As JSON schema reads an `if`: a property absent meets its rule; only the
                // `if`'s own `required` asks for presence.
                let holds = when_present.iter().all(|name| params.contains_key(name))
                    && when
                        .iter()
                        .all(|(name, rule)| params.get(name).is_none_or(|v| meets(v, rule)));
                Some(if holds {
                    then.clone()
                } else {
                    otherwise.clone()
                })
            }
            Condition::Dependency { property, requires } => {
                params.contains_key(property).then(|| Branch {
                    required: requires.clone(),
                    properties: Map::new(),
                })
            }
        }
    }
}

/// The names every applying condition requires.
pub fn required_by(conditions: &[Condition], params: &Map<String, Value>) -> BTreeSet<String> {
    conditions
        .iter()
        .filter_map(|c| c.applies(params))
        .flat_map(|b| b.required)
        .collect()
}
