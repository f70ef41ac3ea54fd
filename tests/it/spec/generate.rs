//! Answers (and requests) generated from the file's schemas with proptest: every optional
//! member present or missing, every documented type, enums from their values, `oneOf` and
//! `anyOf` from any branch. What is generated conforms to the schema (checked in
//! `generated_values_conform`), so a reader that fails on one fails on a schema-valid answer.

use proptest::prelude::*;
use serde_json::{Map, Value};

use super::resolve;

/// Values that conform to `schema`.
pub fn conforming(schema: &Value) -> BoxedStrategy<Value> {
    arb(schema, 0)
}

fn arb(schema: &Value, depth: usize) -> BoxedStrategy<Value> {
    let schema = resolve(schema).clone();
    if let Some(allowed) = schema
        .get("enum")
        .and_then(Value::as_array)
        .filter(|a| !a.is_empty())
    {
        return proptest::sample::select(allowed.clone()).boxed();
    }
    for key in ["oneOf", "anyOf"] {
        if let Some(branches) = schema
            .get(key)
            .and_then(Value::as_array)
            .filter(|b| !b.is_empty())
        {
            let strategies: Vec<BoxedStrategy<Value>> = branches
                .iter()
                .map(|branch| arb(branch, depth + 1))
                .collect();
            return proptest::strategy::Union::new(strategies).boxed();
        }
    }
    if let Some(all) = schema.get("allOf").and_then(Value::as_array) {
        let mut merged = Map::new();
        let mut properties = Map::new();
        let mut required = Vec::new();
        for branch in all {
            let branch = resolve(branch);
            if let Some(p) = branch.get("properties").and_then(Value::as_object) {
                properties.extend(p.clone());
            }
            if let Some(r) = branch.get("required").and_then(Value::as_array) {
                required.extend(r.iter().cloned());
            }
        }
        merged.insert("type".into(), "object".into());
        merged.insert("properties".into(), Value::Object(properties));
        merged.insert("required".into(), Value::Array(required));
        return arb(&Value::Object(merged), depth + 1);
    }
    let kind = schema
        .get("type")
        .and_then(Value::as_str)
        .map(str::to_owned)
        .unwrap_or_else(|| {
            if schema.get("properties").is_some() {
                "object".to_owned()
            } else if schema.get("items").is_some() {
                "array".to_owned()
            } else {
                "any".to_owned()
            }
        });
    let nullable = schema.get("nullable").and_then(Value::as_bool) == Some(true);
    let strategy = match kind.as_str() {
        "object" => object(&schema, depth),
        "array" if depth < 12 => {
            let item = schema
                .get("items")
                .cloned()
                .unwrap_or(Value::Object(Map::new()));
            proptest::collection::vec(arb(&item, depth + 1), 0..3)
                .prop_map(Value::Array)
                .boxed()
        }
        "array" => Just(Value::Array(Vec::new())).boxed(),
        "string" => text(&schema),
        "number" => prop_oneof![
            (-1.0e6f64..1.0e6).prop_map(|f| serde_json::json!(f)),
            any::<i32>().prop_map(Value::from),
        ]
        .boxed(),
        "integer" => any::<i32>().prop_map(Value::from).boxed(),
        "boolean" => any::<bool>().prop_map(Value::Bool).boxed(),
        // No type given: any small JSON.
        _ => prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::Bool),
            any::<i32>().prop_map(Value::from),
            "[a-z]{0,6}".prop_map(Value::String),
        ]
        .boxed(),
    };
    if nullable {
        prop_oneof![Just(Value::Null), strategy].boxed()
    } else {
        strategy
    }
}

fn object(schema: &Value, depth: usize) -> BoxedStrategy<Value> {
    let required: Vec<String> = schema
        .get("required")
        .and_then(Value::as_array)
        .map(|r| {
            r.iter()
                .filter_map(Value::as_str)
                .map(str::to_owned)
                .collect()
        })
        .unwrap_or_default();
    let properties: Vec<(String, Value)> = schema
        .get("properties")
        .and_then(Value::as_object)
        .map(|p| p.iter().map(|(k, v)| (k.clone(), v.clone())).collect())
        .unwrap_or_default();
    if depth > 12 {
        return Just(Value::Object(Map::new())).boxed();
    }
    let members: Vec<BoxedStrategy<Option<(String, Value)>>> = properties
        .into_iter()
        .map(|(name, property)| {
            let value = arb(&property, depth + 1);
            if required.contains(&name) {
                value.prop_map(move |v| Some((name.clone(), v))).boxed()
            } else {
                proptest::option::of(value.prop_map(move |v| (name.clone(), v))).boxed()
            }
        })
        .collect();
    members
        .prop_map(|members| Value::Object(members.into_iter().flatten().collect()))
        .boxed()
}

fn text(schema: &Value) -> BoxedStrategy<Value> {
    match schema.get("format").and_then(Value::as_str) {
        Some("date-time") => (2020i32..2030, 1u8..13, 1u8..29, 0u8..24, 0u8..60)
            .prop_map(|(y, mo, d, h, mi)| {
                Value::String(format!("{y:04}-{mo:02}-{d:02}T{h:02}:{mi:02}:00.000Z"))
            })
            .boxed(),
        Some("date") => (2020i32..2030, 1u8..13, 1u8..29)
            .prop_map(|(y, mo, d)| Value::String(format!("{y:04}-{mo:02}-{d:02}")))
            .boxed(),
        _ => prop_oneof![
            "[A-Za-z0-9_ .:-]{0,16}".prop_map(Value::String),
            // Text that looks like what the field might hold: numbers, dates, WKT.
            (-1.0e4f64..1.0e4).prop_map(|f| Value::String(f.to_string())),
            Just(Value::String("2026-12-07T10:41:00.000Z".into())),
            Just(Value::String(
                "POLYGON((1 43, 1.1 43, 1.1 43.1, 1 43))".into()
            )),
        ]
        .boxed(),
    }
}
