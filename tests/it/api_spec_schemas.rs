//! Answers generated from the OneAtlas OpenAPI file's response schemas (any optional member
//! missing, every documented type, enums and `oneOf` branches): reading them never panics and
//! never fails, except where an answer lacks what the command needs, and then the error says
//! which field.

use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};
use sattask::api::oneatlas::models::{
    CapacityAnswer, ContractList, OptionList, OrderAnswer, PriceAnswer, ProductTypeList,
    SegmentList, TaskingList,
};
use sattask::api::tolerant::Warnings;
use serde_json::Value;

use crate::spec::generate::conforming;
use crate::spec::validate::problems;
use crate::spec::{Documented, documented_answers};

fn schema_of(method: &str, path: &str) -> Documented {
    documented_answers()
        .into_iter()
        .find(|a| a.method == method && a.path == path)
        .unwrap_or_else(|| panic!("the file documents no answer for {method} {path}"))
}

/// Runs `read` on `cases` answers generated from the schema of `method path`.
fn for_generated(
    method: &str,
    path: &str,
    cases: u32,
    read: impl Fn(&Value) -> Result<(), String>,
) {
    let documented = schema_of(method, path);
    let mut runner = TestRunner::new(Config {
        cases,
        failure_persistence: None,
        ..Config::default()
    });
    runner
        .run(&conforming(&documented.schema), |answer| {
            read(&answer)
                .map_err(|e| TestCaseError::fail(format!("{}: {e}\n{answer}", documented.name())))
        })
        .unwrap();
}

fn reads<T: serde::de::DeserializeOwned + Warnings>(answer: &Value) -> Result<(), String> {
    let read: T = serde_json::from_value(answer.clone()).map_err(|e| e.to_string())?;
    // Every warning names what it is about.
    for warning in read.warnings() {
        if !warning.contains(':') {
            return Err(format!("a warning that names nothing: {warning}"));
        }
    }
    Ok(())
}

#[test]
fn generated_values_conform_to_their_schemas() {
    let mut runner = TestRunner::new(Config {
        cases: 64,
        failure_persistence: None,
        ..Config::default()
    });
    for documented in documented_answers() {
        runner
            .run(&conforming(&documented.schema), |value| {
                let found = problems(&documented.schema, &value);
                prop_assert!(
                    found.is_empty(),
                    "{}: {found:?}\n{value}",
                    documented.name()
                );
                Ok(())
            })
            .unwrap();
    }
}

/// The records of `list` (one or many) that carry text at `id`: every one must come through.
fn identified(list: Option<&Value>, id: &str) -> usize {
    let items: Vec<&Value> = match list {
        Some(Value::Array(items)) => items.iter().collect(),
        Some(Value::Null) | None => Vec::new(),
        Some(one) => vec![one],
    };
    items
        .iter()
        .filter(|item| item.get(id).is_some_and(Value::is_string))
        .count()
}

fn kept(what: &str, sent: usize, read: usize) -> Result<(), String> {
    if sent == read {
        Ok(())
    } else {
        Err(format!(
            "{sent} {what} with their ids were sent, {read} came through"
        ))
    }
}

#[test]
fn contracts_generated_from_the_schema_are_read() {
    for_generated("GET", "/api/v1/contracts", 256, |answer| {
        reads::<ContractList>(answer)?;
        let read: ContractList =
            serde_json::from_value(answer.clone()).map_err(|e| e.to_string())?;
        kept(
            "contracts",
            identified(answer.get("contracts"), "contractId"),
            read.contracts.len(),
        )
    });
}

fn capacities_kept(answer: &Value) -> Result<(), String> {
    reads::<CapacityAnswer>(answer)?;
    let read: CapacityAnswer = serde_json::from_value(answer.clone()).map_err(|e| e.to_string())?;
    let capacities: Vec<&Value> = match answer {
        Value::Array(items) => items.iter().collect(),
        _ => match answer.get("progCapacities") {
            Some(Value::Array(items)) => items.iter().collect(),
            Some(Value::Null) | None => Vec::new(),
            Some(one) => vec![one],
        },
    };
    let sent: usize = capacities
        .iter()
        .flat_map(|c| match c.get("progTypes") {
            Some(Value::Array(items)) => items.iter().collect(),
            Some(Value::Null) | None => Vec::new(),
            Some(one) => vec![one],
        })
        .map(|offer| match offer.get("segments") {
            Some(Value::Array(items)) => items
                .iter()
                .filter(|s| {
                    s.get("id").is_some_and(Value::is_string)
                        && s.get("segmentKey").is_some_and(Value::is_string)
                })
                .count(),
            _ => 0,
        })
        .sum();
    let read_segments = read.offers().map(|o| o.segments.len()).sum();
    kept("attempts", sent, read_segments)
}

#[test]
fn feasibility_answers_generated_from_the_schema_are_read() {
    for_generated("POST", "/api/v1/feasibility", 256, capacities_kept);
}

#[test]
fn attempts_generated_from_the_schema_are_read() {
    for_generated("POST", "/api/v1/attempts", 256, capacities_kept);
}

#[test]
fn options_generated_from_the_schema_are_read() {
    for_generated(
        "POST",
        "/api/v1/contracts/{cisContractId}/productTypes/{productTypeId}/options",
        128,
        |answer| {
            reads::<OptionList>(answer)?;
            let read: OptionList =
                serde_json::from_value(answer.clone()).map_err(|e| e.to_string())?;
            kept(
                "options",
                identified(answer.get("availableOptions"), "name"),
                read.available_options.len(),
            )
        },
    );
}

#[test]
fn answers_the_file_gives_no_schema_for_are_read_whatever_json_comes() {
    // Product types, taskings and acquisitions have an empty schema in the file: any JSON.
    let any = prop_oneof![
        Just(Value::Null),
        any::<i32>().prop_map(Value::from),
        "[a-z]{0,4}".prop_map(Value::String),
        proptest::collection::vec(any::<i32>().prop_map(Value::from), 0..3).prop_map(Value::Array),
    ];
    let member = proptest::option::of(any.clone());
    let answers = (member.clone(), member.clone(), member).prop_map(|(a, b, c)| {
        let mut map = serde_json::Map::new();
        for (key, value) in [("productTypes", a), ("taskings", b), ("segments", c)] {
            if let Some(value) = value {
                map.insert(key.to_owned(), value);
            }
        }
        Value::Object(map)
    });
    let mut runner = TestRunner::new(Config {
        cases: 256,
        failure_persistence: None,
        ..Config::default()
    });
    runner
        .run(&answers, |answer| {
            // Never a panic; a list where one is expected may be refused only as a whole answer
            // of the wrong type (a number where a list of records goes), never for a record.
            for result in [
                reads::<ProductTypeList>(&answer),
                reads::<TaskingList>(&answer),
                reads::<SegmentList>(&answer),
            ] {
                if let Err(error) = result {
                    prop_assert!(error.contains("invalid type"), "{error}\n{answer}");
                }
            }
            Ok(())
        })
        .unwrap();
}

#[test]
fn prices_generated_from_the_schema_are_read_or_said_to_lack_the_amount() {
    for_generated("POST", "/api/v1/prices", 256, |answer| {
        match serde_json::from_value::<PriceAnswer>(answer.clone()) {
            Ok(_) => Ok(()),
            // A price without its amount is no price: the only refusal allowed, and it says so.
            Err(error)
                if answer.get("totalAmount").is_none()
                    && error.to_string().contains("totalAmount") =>
            {
                Ok(())
            }
            Err(error) => Err(error.to_string()),
        }
    });
}

#[test]
fn orders_generated_from_the_schema_are_read_or_said_to_name_nothing() {
    for_generated("POST", "/api/v1/orders", 256, |answer| {
        let names_something = answer.get("salesOrderId").is_some_and(Value::is_string)
            || answer.get("quotationId").is_some_and(Value::is_string);
        match serde_json::from_value::<OrderAnswer>(answer.clone()) {
            Ok(_) if names_something => Ok(()),
            Ok(read) => Err(format!("read an order that names nothing: {read:?}")),
            Err(error) if !names_something && error.to_string().contains("salesOrderId") => Ok(()),
            Err(error) => Err(error.to_string()),
        }
    });
}
