//! The OneAtlas OpenAPI file (tests/fixtures/api/oneatlas-openapi.yml, copied verbatim from the
//! provider's documents) as the tests use it: its operations, their 2xx example answers, a
//! validator of answers against its schemas, and answers generated from its schemas. Read from
//! the YAML itself, so a new version of the file is a new set of tests.
//!
//! The file is not UTF-8 (a few descriptions are in Latin-1); it is decoded as Windows-1252
//! when it is not valid UTF-8. Its paths are written loosely (` /api/v1/orders` with a space,
//! `api/v1/...` without the slash, a query string in one): they are normalised here.

pub mod generate;
pub mod standin;
pub mod validate;

use std::path::Path;
use std::sync::OnceLock;

use serde_json::{Map, Value};

/// The file, parsed once.
pub fn spec() -> &'static Value {
    static SPEC: OnceLock<Value> = OnceLock::new();
    SPEC.get_or_init(|| {
        let path =
            Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/api/oneatlas-openapi.yml");
        let bytes = std::fs::read(&path).unwrap();
        let text = match String::from_utf8(bytes) {
            Ok(text) => text,
            // Windows-1252 and Latin-1 agree on every byte the file holds outside 0x80-0x9F.
            Err(not_utf8) => not_utf8
                .into_bytes()
                .iter()
                .map(|&b| char::from(b))
                .collect(),
        };
        let yaml: serde_yaml_ng::Value = serde_yaml_ng::from_str(&text).unwrap();
        to_json(yaml)
    })
}

/// YAML to JSON; keys that YAML reads as numbers (`200:`) become text, as JSON needs.
fn to_json(yaml: serde_yaml_ng::Value) -> Value {
    use serde_yaml_ng::Value as Y;
    match yaml {
        Y::Null => Value::Null,
        Y::Bool(b) => Value::Bool(b),
        Y::Number(n) => {
            if let Some(i) = n.as_i64() {
                Value::from(i)
            } else if let Some(u) = n.as_u64() {
                Value::from(u)
            } else {
                serde_json::Number::from_f64(n.as_f64().unwrap_or(0.0))
                    .map_or(Value::Null, Value::Number)
            }
        }
        Y::String(s) => Value::String(s),
        Y::Sequence(items) => Value::Array(items.into_iter().map(to_json).collect()),
        Y::Mapping(map) => Value::Object(
            map.into_iter()
                .map(|(k, v)| {
                    let key = match k {
                        Y::String(s) => s,
                        other => serde_yaml_ng::to_string(&other).unwrap().trim().to_owned(),
                    };
                    (key, to_json(v))
                })
                .collect::<Map<String, Value>>(),
        ),
        Y::Tagged(tagged) => to_json(tagged.value),
    }
}

/// Follows `$ref`s (`#/components/schemas/x`) until a schema that is not one.
pub fn resolve(schema: &Value) -> &Value {
    let mut at = schema;
    for _ in 0..16 {
        let Some(reference) = at.get("$ref").and_then(Value::as_str) else {
            return at;
        };
        let pointer = reference.trim_start_matches('#');
        match spec().pointer(pointer) {
            Some(target) => at = target,
            None => panic!("the file's {reference} points nowhere"),
        }
    }
    panic!("$ref chain too long at {schema}")
}

/// `POST /api/v1/orders` from ` /api/v1/orders` or `api/v1/x?y=z`.
pub fn normalise(path: &str) -> String {
    let path = path.trim();
    let path = path.split('?').next().unwrap_or(path);
    if path.starts_with('/') {
        path.to_owned()
    } else {
        format!("/{path}")
    }
}

/// One 2xx answer an operation documents: its example (when it has one) and its schema.
#[derive(Debug, Clone)]
pub struct Documented {
    /// `GET`, `POST`...
    pub method: String,
    /// The path, normalised.
    pub path: String,
    /// `200`, `201`.
    pub status: String,
    /// The example's name (`example` for an unnamed one), `None` for a schema alone.
    pub example_name: Option<String>,
    /// The example.
    pub example: Option<Value>,
    /// The schema, `$ref`s not yet followed (`{}` where the file gives none).
    pub schema: Value,
}

impl Documented {
    /// `POST /api/v1/attempts 200 "PleiadesNeo"`.
    pub fn name(&self) -> String {
        format!(
            "{} {} {}{}",
            self.method,
            self.path,
            self.status,
            self.example_name
                .as_deref()
                .map(|n| format!(" {n:?}"))
                .unwrap_or_default()
        )
    }
}

/// Every 2xx JSON answer the file documents: one entry per example, or one for the schema
/// alone where an answer has no example.
pub fn documented_answers() -> Vec<Documented> {
    let mut found = Vec::new();
    let Some(paths) = spec().get("paths").and_then(Value::as_object) else {
        return found;
    };
    for (raw_path, operations) in paths {
        let Some(operations) = operations.as_object() else {
            continue;
        };
        for (method, operation) in operations {
            let Some(responses) = operation.get("responses").and_then(Value::as_object) else {
                continue;
            };
            for (status, response) in responses {
                if !status.starts_with('2') {
                    continue;
                }
                let response = resolve(response);
                let Some(json) = response.pointer("/content/application~1json") else {
                    continue;
                };
                let schema = json
                    .get("schema")
                    .cloned()
                    .unwrap_or(Value::Object(Map::new()));
                let base = Documented {
                    method: method.to_ascii_uppercase(),
                    path: normalise(raw_path),
                    status: status.clone(),
                    example_name: None,
                    example: None,
                    schema,
                };
                let mut examples: Vec<(String, Value)> = Vec::new();
                if let Some(example) = json.get("example") {
                    examples.push(("example".to_owned(), example.clone()));
                }
                if let Some(named) = json.get("examples").and_then(Value::as_object) {
                    for (name, example) in named {
                        let example = resolve(example);
                        if let Some(value) = example.get("value") {
                            examples.push((name.clone(), value.clone()));
                        }
                    }
                }
                if examples.is_empty() {
                    found.push(base);
                } else {
                    for (name, value) in examples {
                        found.push(Documented {
                            example_name: Some(name),
                            example: Some(value),
                            ..base.clone()
                        });
                    }
                }
            }
        }
    }
    found
}
