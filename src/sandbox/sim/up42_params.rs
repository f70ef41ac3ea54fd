//! A UP42 tasking product's order parameters: the JSON schema `GET /orders/schema/{id}` answers,
//! and the check of an order's or an estimate's `params` against it (required fields, types,
//! enums, ranges, dates in order). Properties the schema does not name are let through, as the
//! real service lets them (the AOI of older clients travels in `params.geometry`).

use serde_json::{Map, Value, json};
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

use super::up42_catalog::DataProduct;

/// The JSON schema of a product's `params`.
pub(crate) fn schema(product: &DataProduct) -> Value {
    json!({
        "$schema": "http://json-schema.org/draft-07/schema#",
        "title": format!("{} {} tasking order", product.collection, product.title),
        "type": "object",
        "required": ["acquisitionStart", "acquisitionEnd"],
        "properties": {
            "acquisitionStart": {
                "title": "Start of the acquisition window",
                "type": "string",
                "format": "date-time",
            },
            "acquisitionEnd": {
                "title": "End of the acquisition window",
                "type": "string",
                "format": "date-time",
            },
            "acquisitionMode": {
                "title": "Acquisition mode",
                "type": "string",
                "enum": product.modes,
                "default": "MONO",
            },
            "maxCloudCover": {
                "title": "Maximum cloud cover (%)",
                "type": "integer",
                "minimum": 0,
                "maximum": 100,
                "default": 20,
            },
            "maxIncidenceAngle": {
                "title": "Maximum incidence angle (°)",
                "type": "integer",
                "minimum": 0,
                "maximum": product.max_incidence_deg,
                "default": 30,
            },
            "geometricProcessing": {
                "title": "Geometric processing",
                "type": "string",
                "enum": ["ORTHO", "PRIMARY"],
                "default": "ORTHO",
            },
            "extraDescription": {
                "title": "What else UP42 should know",
                "type": "string",
                "maxLength": 1000,
            },
        },
    })
}

/// Checks `params` against the product's schema; `Err` names the field, what is wrong and what
/// is expected.
pub(crate) fn check(product: &DataProduct, params: &Value) -> Result<(), String> {
    let Some(params) = params.as_object() else {
        return Err("params must be a JSON object of the data product's order parameters (GET /orders/schema/{dataProduct})".into());
    };
    let schema = schema(product);
    let empty = Map::new();
    let properties = schema["properties"].as_object().unwrap_or(&empty);
    for required in schema["required"].as_array().into_iter().flatten() {
        let Some(name) = required.as_str() else {
            continue;
        };
        if params.get(name).is_none_or(Value::is_null) {
            return Err(format!(
                "params.{name} is required: GET /orders/schema/{} lists what an order of {} needs",
                product.id, product.name
            ));
        }
    }
    for (name, value) in params {
        if let Some(rule) = properties.get(name) {
            check_value(name, value, rule)?;
        }
    }
    let date = |name: &str| {
        params
            .get(name)
            .and_then(Value::as_str)
            .and_then(|text| OffsetDateTime::parse(text, &Rfc3339).ok())
    };
    if let (Some(start), Some(end)) = (date("acquisitionStart"), date("acquisitionEnd"))
        && end <= start
    {
        return Err("params.acquisitionEnd must be after params.acquisitionStart".into());
    }
    Ok(())
}

/// One property against its rule.
fn check_value(name: &str, value: &Value, rule: &Value) -> Result<(), String> {
    let kind = rule["type"].as_str().unwrap_or("");
    let fits = match kind {
        "string" => value.is_string(),
        "integer" => value.is_i64() || value.is_u64(),
        "number" => value.is_number(),
        _ => true,
    };
    if !fits {
        return Err(format!("params.{name} must be of type {kind}, not {value}"));
    }
    if let Some(choices) = rule["enum"].as_array()
        && !choices.contains(value)
    {
        let list: Vec<String> = choices.iter().map(Value::to_string).collect();
        return Err(format!(
            "params.{name} is {value}: choose one of {}",
            list.join(", ")
        ));
    }
    if let Some(number) = value.as_f64() {
        if let Some(minimum) = rule["minimum"].as_f64()
            && number < minimum
        {
            return Err(format!(
                "params.{name} is {number}: the least allowed is {minimum}"
            ));
        }
        if let Some(maximum) = rule["maximum"].as_f64()
            && number > maximum
        {
            return Err(format!(
                "params.{name} is {number}: the most allowed is {maximum}"
            ));
        }
    }
    if let Some(text) = value.as_str() {
        if rule["format"] == "date-time" && OffsetDateTime::parse(text, &Rfc3339).is_err() {
            return Err(format!(
                "params.{name} is '{text}': write a date-time as in 2026-12-01T00:00:00Z"
            ));
        }
        if let Some(longest) = rule["maxLength"].as_u64()
            && text.chars().count() as u64 > longest
        {
            return Err(format!("params.{name} is longer than {longest} characters"));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sandbox::sim::up42_catalog::{PHR_DISPLAY, product};

    fn phr() -> &'static DataProduct {
        product(PHR_DISPLAY).unwrap()
    }

    #[test]
    fn a_complete_order_passes_and_each_fault_is_named() {
        let good = json!({
            "displayName": "Toulouse",
            "acquisitionStart": "2026-12-05T00:00:00Z",
            "acquisitionEnd": "2026-12-20T23:59:59Z",
            "acquisitionMode": "STEREO",
            "maxCloudCover": 10,
            "geometry": {"type": "Polygon"},
        });
        assert_eq!(check(phr(), &good), Ok(()));
        let cases = [
            (
                "acquisitionEnd",
                Value::Null,
                "params.acquisitionEnd is required",
            ),
            ("acquisitionMode", json!("QUADRO"), "choose one of"),
            ("maxCloudCover", json!(101), "the most allowed is 100"),
            ("maxCloudCover", json!("10"), "must be of type integer"),
            ("maxIncidenceAngle", json!(51), "the most allowed is 50"),
            ("acquisitionStart", json!("tomorrow"), "write a date-time"),
            (
                "acquisitionEnd",
                json!("2026-12-01T00:00:00Z"),
                "must be after",
            ),
        ];
        for (field, value, expected) in cases {
            let mut bad = good.clone();
            bad[field] = value;
            let message = check(phr(), &bad).unwrap_err();
            assert!(message.contains(expected), "{field}: {message}");
        }
        assert!(check(phr(), &json!([])).is_err());
    }
}
