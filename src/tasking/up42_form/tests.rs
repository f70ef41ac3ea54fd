//! The form on plain values: required fields, enums, ranges, dates, defaults, conditions.

use serde_json::{Value, json};
use time::macros::datetime;

use super::*;

/// The shape the sandbox serves (`sandbox::sim::up42_params`), with a condition and a
/// dependency as UP42's schemas may carry them.
fn schema() -> Value {
    json!({
        "title": "phr-tasking Display tasking order",
        "type": "object",
        "required": ["acquisitionStart", "acquisitionEnd"],
        "properties": {
            "acquisitionStart": {"title": "Start of the acquisition window", "type": "string", "format": "date-time"},
            "acquisitionEnd": {"title": "End of the acquisition window", "type": "string", "format": "date-time"},
            "acquisitionMode": {"title": "Acquisition mode", "type": "string", "enum": ["MONO", "STEREO"], "default": "MONO"},
            "maxCloudCover": {"title": "Maximum cloud cover (%)", "type": "integer", "minimum": 0, "maximum": 100, "default": 20},
            "maxIncidenceAngle": {"title": "Maximum incidence angle (°)", "type": "integer", "minimum": 0, "maximum": 50, "default": 30},
            "ratio": {"title": "B/H ratio", "type": "number", "minimum": 0.2, "maximum": 0.8},
            "priority": {"title": "Priority", "type": "boolean"},
            "contact": {"title": "Contact", "type": "string"},
            "phone": {"title": "Phone", "type": ["string", "null"], "maxLength": 5},
        },
        "allOf": [{
            "if": {"properties": {"acquisitionMode": {"const": "STEREO"}}, "required": ["acquisitionMode"]},
            "then": {"required": ["ratio"], "properties": {"maxIncidenceAngle": {"maximum": 30}}},
        }],
        "dependencies": {"contact": ["phone"]},
    })
}

fn form() -> Up42Form {
    Up42Form::from_schema(&schema()).unwrap()
}

fn good() -> Values {
    let mut values = form().starting_values(datetime!(2026-12-05 01:30 UTC));
    values.insert("priority".into(), "true".into());
    values
}

#[test]
fn fields_are_read_with_their_kind_requirement_and_default() {
    let form = form();
    assert_eq!(form.fields.len(), 9);
    let start = form.field("acquisitionStart").unwrap();
    assert!(start.required);
    assert_eq!(start.kind, FieldKind::DateTime);
    let mode = form.field("acquisitionMode").unwrap();
    assert_eq!(
        mode.kind,
        FieldKind::Choice(vec![json!("MONO"), json!("STEREO")])
    );
    assert_eq!(mode.default.as_deref(), Some("MONO"));
    assert!(!mode.required);
    let cloud = form.field("maxCloudCover").unwrap();
    assert_eq!(
        cloud.kind,
        FieldKind::Integer {
            min: Some(0.0),
            max: Some(100.0)
        }
    );
    assert_eq!(cloud.label(false), "Maximum cloud cover (%) (0 to 100)");
    assert_eq!(start.label(true), "Start of the acquisition window *");
    assert_eq!(form.field("priority").unwrap().kind, FieldKind::Boolean);
    assert_eq!(
        form.field("phone").unwrap().kind,
        FieldKind::Text { max_len: Some(5) }
    );
    assert!(Up42Form::from_schema(&json!({"type": "object"})).is_err());
}

#[test]
fn a_new_form_starts_with_the_defaults_and_a_window_from_tomorrow() {
    let values = form().starting_values(datetime!(2026-12-05 01:30 UTC));
    assert_eq!(values["acquisitionMode"], "MONO");
    assert_eq!(values["maxCloudCover"], "20");
    assert_eq!(values["acquisitionStart"], "2026-12-06T00:00:00Z");
    assert_eq!(values["acquisitionEnd"], "2026-12-20T00:00:00Z");
    assert!(!values.contains_key("ratio"));
    let checked = form().check(&values);
    assert!(checked.is_ready(), "{:?}", checked.problems);
    assert_eq!(checked.params["maxCloudCover"], json!(20));
    assert_eq!(checked.params["acquisitionMode"], json!("MONO"));
    assert!(!checked.params.contains_key("ratio"));
}

#[test]
fn a_missing_required_field_is_named() {
    let mut values = good();
    values.insert("acquisitionEnd".into(), "  ".into());
    let checked = form().check(&values);
    assert_eq!(
        checked.problems["acquisitionEnd"],
        "End of the acquisition window is required: fill it in to order"
    );
    assert!(!checked.params.contains_key("acquisitionEnd"));
}

#[test]
fn each_wrong_value_says_what_to_write() {
    let cases = [
        ("acquisitionMode", "QUADRO", "choose one of MONO, STEREO"),
        ("maxCloudCover", "101", "the most allowed is 100"),
        ("maxCloudCover", "-1", "the least allowed is 0"),
        ("maxCloudCover", "ten", "write a whole number"),
        ("maxCloudCover", "2.5", "write a whole number"),
        ("ratio", "0.1", "the least allowed is 0.2"),
        ("ratio", "NaN", "write a number"),
        ("priority", "maybe", "choose yes (true) or no (false)"),
        ("acquisitionStart", "tomorrow", "write a date-time"),
        ("acquisitionEnd", "2026-12-01T00:00:00Z", "must be after"),
        ("phone", "1234567", "longer than 5 characters"),
    ];
    for (name, text, expected) in cases {
        let mut values = good();
        values.insert(name.into(), text.into());
        let checked = form().check(&values);
        let message = checked.problems.get(name).map(String::as_str);
        assert!(
            message.is_some_and(|m| m.contains(expected)),
            "{name}={text}: {message:?}"
        );
        assert_eq!(checked.problems.len(), 1, "{name}: {:?}", checked.problems);
    }
    let mut values = good();
    values.insert("ratio".into(), "0.5".into());
    assert_eq!(form().check(&values).params["ratio"], json!(0.5));
}

#[test]
fn a_condition_requires_more_and_narrows_a_range_only_when_it_holds() {
    let mut values = good();
    values.insert("maxIncidenceAngle".into(), "40".into());
    assert!(form().check(&values).is_ready(), "MONO: 40° is allowed");
    values.insert("acquisitionMode".into(), "STEREO".into());
    let checked = form().check(&values);
    assert!(checked.problems["ratio"].contains("is required"));
    assert!(checked.problems["maxIncidenceAngle"].contains("the most allowed is 30"));
    values.insert("ratio".into(), "0.4".into());
    values.insert("maxIncidenceAngle".into(), "25".into());
    assert!(form().check(&values).is_ready());
    // An absent mode does not meet an `if` that requires it.
    values.remove("acquisitionMode");
    values.remove("ratio");
    assert!(form().check(&values).is_ready());
}

#[test]
fn a_dependency_requires_its_fields_once_the_property_is_given() {
    let mut values = good();
    values.insert("contact".into(), "Ops".into());
    let checked = form().check(&values);
    assert_eq!(
        checked.problems["phone"],
        "Phone is required: fill it in to order"
    );
    values.insert("phone".into(), "112".into());
    let checked = form().check(&values);
    assert!(checked.is_ready());
    assert_eq!(checked.params["phone"], json!("112"));
}

/// The schema the sandbox serves (test code may reach the sandbox).
#[cfg(test)]
mod against_the_sandbox {
    use super::*;

    #[test]
    fn the_sandbox_schema_reads_into_a_form_that_it_accepts() {
        let product = crate::sandbox::sim::up42_catalog::product(
            crate::sandbox::sim::up42_catalog::PHR_DISPLAY,
        )
        .unwrap();
        let schema = crate::sandbox::sim::up42_params::schema(product);
        let form = Up42Form::from_schema(&schema).unwrap();
        let checked = form.check(&form.starting_values(datetime!(2026-12-05 01:30 UTC)));
        assert!(checked.is_ready(), "{:?}", checked.problems);
        let params = Value::Object(checked.params);
        assert_eq!(
            crate::sandbox::sim::up42_params::check(product, &params),
            Ok(())
        );
        // The required fields first, the window's start before its end.
        let names: Vec<&str> = form.fields.iter().map(|f| f.name.as_str()).collect();
        let at = |name: &str| names.iter().position(|n| *n == name).unwrap();
        assert!(at("acquisitionStart") < at("acquisitionEnd"), "{names:?}");
        let first_optional = form.fields.iter().position(|f| !f.required).unwrap();
        assert!(
            form.fields[first_optional..].iter().all(|f| !f.required),
            "{names:?}"
        );
    }
}
