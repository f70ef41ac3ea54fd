//! Checks a JSON answer against one of the file's schemas: `type` (and `nullable`),
//! `properties`, `required`, `items`, `enum`, `oneOf`/`anyOf` (one branch holds), `allOf` (all
//! hold), `$ref`. Members the schema does not name are allowed, as OpenAPI allows them.

use serde_json::Value;

use super::resolve;

/// Every place where `value` breaks `schema`, as `at: what` (empty: it conforms).
pub fn problems(schema: &Value, value: &Value) -> Vec<String> {
    let mut found = Vec::new();
    check(schema, value, "", &mut found, 0);
    found
}

fn check(schema: &Value, value: &Value, at: &str, found: &mut Vec<String>, depth: usize) {
    if depth > 40 {
        return;
    }
    let schema = resolve(schema);
    let here = if at.is_empty() { "(the answer)" } else { at };
    if value.is_null() && schema.get("nullable").and_then(Value::as_bool) == Some(true) {
        return;
    }
    if let Some(all) = schema.get("allOf").and_then(Value::as_array) {
        for branch in all {
            check(branch, value, at, found, depth + 1);
        }
    }
    for key in ["oneOf", "anyOf"] {
        if let Some(branches) = schema.get(key).and_then(Value::as_array) {
            let holds = branches.iter().any(|branch| {
                let mut inner = Vec::new();
                check(branch, value, at, &mut inner, depth + 1);
                inner.is_empty()
            });
            if !holds {
                found.push(format!("{here}: matches none of the {key} branches"));
            }
        }
    }
    if let Some(allowed) = schema.get("enum").and_then(Value::as_array)
        && !allowed.contains(value)
    {
        found.push(format!(
            "{here}: {value} is not one of {}",
            Value::Array(allowed.clone())
        ));
    }
    if let Some(kind) = schema.get("type").and_then(Value::as_str)
        && !is_type(kind, value)
    {
        found.push(format!(
            "{here}: {} where the schema says {kind}",
            type_of(value)
        ));
        return;
    }
    if let Value::Object(members) = value {
        if let Some(required) = schema.get("required").and_then(Value::as_array) {
            for name in required.iter().filter_map(Value::as_str) {
                if !members.contains_key(name) {
                    found.push(format!("{here}: required member {name} is missing"));
                }
            }
        }
        if let Some(properties) = schema.get("properties").and_then(Value::as_object) {
            for (name, property) in properties {
                if let Some(member) = members.get(name) {
                    check(property, member, &format!("{at}.{name}"), found, depth + 1);
                }
            }
        }
    }
    if let (Value::Array(items), Some(item_schema)) = (value, schema.get("items")) {
        for (index, item) in items.iter().enumerate() {
            check(
                item_schema,
                item,
                &format!("{at}[{index}]"),
                found,
                depth + 1,
            );
        }
    }
}

fn is_type(kind: &str, value: &Value) -> bool {
    match kind {
        "object" => value.is_object(),
        "array" => value.is_array(),
        "string" => value.is_string(),
        "number" => value.is_number(),
        "integer" => {
            value.is_i64() || value.is_u64() || value.as_f64().is_some_and(|f| f.fract() == 0.0)
        }
        "boolean" => value.is_boolean(),
        "null" => value.is_null(),
        _ => true,
    }
}

fn type_of(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "text",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::problems;

    #[test]
    fn the_validator_finds_what_breaks_a_schema_and_nothing_else() {
        let schema = json!({"type": "object", "required": ["id"], "properties": {
            "id": {"type": "string"}, "n": {"type": "integer"}, "kind": {"enum": ["A", "B"]},
            "list": {"type": "array", "items": {"type": "number"}}}});
        assert!(
            problems(
                &schema,
                &json!({"id": "x", "n": 2, "kind": "A", "list": [1.5], "other": 1})
            )
            .is_empty()
        );
        let found = problems(&schema, &json!({"n": 2.5, "kind": "C", "list": ["a"]}));
        assert_eq!(found.len(), 4, "{found:?}");
    }
}
