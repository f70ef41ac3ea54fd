//! Every 2xx example answer of the OneAtlas OpenAPI file, read with the typed models: each
//! must be read, with the ids and amounts it carries coming through. The examples are taken
//! from the YAML itself (`spec::documented_answers`), so a new version of the file is a new
//! test; an operation the table below does not know fails the test until it is classified.
//! Where the file's schema and its example disagree, the schema's shape is tested too.

use sattask::api::oneatlas::models::{
    CapacityAnswer, ContractList, OptionList, OrderAnswer, PriceAnswer, ProductTypeList,
    SegmentList, TaskingList,
};
use sattask::api::tolerant::Warnings;
use serde_json::{Value, json};

use crate::spec::{Documented, documented_answers};

/// What sattask reads each operation's answer with.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Reader {
    Contracts,
    ProductTypes,
    Options,
    Capacities,
    Price,
    Order,
    Taskings,
    Segments,
    /// Answers kept as JSON and read field by field where shown (Pléiades Neo order and
    /// coverage searches, one tasking, a decision's answer, a Neo quotation request), so any
    /// shape is kept: the example must be an object.
    AsJson,
    /// The catalogue search: delivered imagery, and an acquisition's quicklook link.
    Catalogue,
    /// The token answer (read inside `api::auth`; tested end to end in `api_spec_standin`).
    Token,
}

/// The operations sattask calls, by method and path as the file writes them (normalised).
fn reader_for(method: &str, path: &str) -> Option<Reader> {
    Some(match (method, path) {
        ("GET", "/api/v1/contracts") => Reader::Contracts,
        ("GET", "/api/v1/contracts/{CisContractId}/productTypes") => Reader::ProductTypes,
        ("POST", "/api/v1/contracts/{cisContractId}/productTypes/{productTypeId}/options") => {
            Reader::Options
        }
        ("POST", "/api/v1/feasibility" | "/api/v1/attempts") => Reader::Capacities,
        ("POST", "/api/v1/prices") => Reader::Price,
        ("POST", "/api/v1/orders") => Reader::Order,
        (
            "GET",
            "/api/v1/contracts/{cisContractId}/taskings"
            | "/api/v1/contracts/{contractId}/taskings",
        ) => Reader::Taskings,
        ("GET", "/api/v1/contracts/{contractId}/taskings/{taskingId}")
        | ("POST", "/api/v1/contracts/{contractId}/taskings/{taskingId}/cancel")
        | ("POST", "/api/v1/quotations") => Reader::AsJson,
        ("GET", "/api/v1/contracts/{CisContractId}/taskings/{taskingId}/segments") => {
            Reader::Segments
        }
        ("POST", "/api/v2/orders/search" | "/api/v1/coverages/search") => Reader::AsJson,
        ("POST", "/auth/realms/IDP/protocol/openid-connect/token") => Reader::Token,
        // sattask searches with GET; the file's example answer is under the POST form of the
        // same search, which answers in the same shape.
        ("GET" | "POST", "/api/v2/opensearch") => Reader::Catalogue,
        _ => return None,
    })
}

/// Operations of the file that sattask does not call, and why.
const NOT_CALLED: &[(&str, &str, &str)] = &[
    (
        "GET",
        "/api/v1/activities/search",
        "production activities: not part of tasking",
    ),
    (
        "POST",
        "/api/v1/activities/search",
        "production activities: not part of tasking",
    ),
    (
        "GET",
        "/api/v1/me",
        "the account's profile: the contracts list says what is needed",
    ),
    (
        "GET",
        "/api/v1/orders",
        "archive orders listing: taskings are followed per contract",
    ),
    (
        "GET",
        "/api/v1/{cisContractId}/properties",
        "markets are typed by the person",
    ),
    (
        "GET",
        "/api/v1/{cisContractId}/deliveryTypes",
        "delivery is the contract's workspace",
    ),
    ("POST", "/api/v1/deleted/search", "deleted archive items"),
    (
        "GET",
        "/apikeys",
        "API key management is done on the OneAtlas site",
    ),
    (
        "DELETE",
        "/apikeys/{apikey_id}",
        "API key management is done on the OneAtlas site",
    ),
    (
        "GET",
        "/api/v1/opensearch",
        "the archive catalogue: sattask tasks new acquisitions",
    ),
    (
        "GET",
        "/api/v2/opensearch/domains/{propertyName}",
        "the archive catalogue's domains",
    ),
    (
        "POST",
        "/apikeys",
        "API key management is done on the OneAtlas site",
    ),
];

fn not_called(answer: &Documented) -> bool {
    NOT_CALLED
        .iter()
        .any(|(m, p, _)| *m == answer.method && *p == answer.path)
        || answer.path.starts_with("/api/v1/activities/")
}

fn strings_at<'a>(items: impl IntoIterator<Item = &'a Value>, key: &str) -> Vec<String> {
    items
        .into_iter()
        .filter_map(|item| item.get(key).and_then(Value::as_str).map(str::to_owned))
        .collect()
}

/// One or many, as the documents send it.
fn listed(value: Option<&Value>) -> Vec<&Value> {
    match value {
        Some(Value::Array(items)) => items.iter().collect(),
        Some(Value::Null) | None => Vec::new(),
        Some(one) => vec![one],
    }
}

fn number(value: Option<&Value>) -> Option<f64> {
    match value? {
        Value::Number(n) => n.as_f64(),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

/// Reads `example` as `reader` does and checks that what it carries comes through; returns the
/// warnings the reading gave.
fn read_and_check(reader: Reader, example: &Value) -> Result<Vec<String>, String> {
    let err = |e: serde_json::Error| e.to_string();
    match reader {
        Reader::Contracts => {
            let list: ContractList = serde_json::from_value(example.clone()).map_err(err)?;
            let sent = listed(example.get("contracts"));
            let ids: Vec<String> = list
                .contracts
                .iter()
                .map(|c| c.contract_id.to_string())
                .collect();
            assert_eq!(ids, strings_at(sent.iter().copied(), "contractId"));
            for (contract, raw) in list.contracts.iter().zip(&sent) {
                assert_eq!(
                    contract.credit_remaining.number(),
                    number(raw.get("creditRemaining"))
                );
                let workspaces: Vec<String> = listed(raw.get("delivery"))
                    .into_iter()
                    .filter_map(|d| {
                        d.get("deliveryWorkspace")
                            .and_then(Value::as_str)
                            .map(str::to_owned)
                    })
                    .collect();
                let read: Vec<String> = contract
                    .delivery
                    .iter()
                    .filter_map(|d| d.delivery_workspace.as_ref().map(ToString::to_string))
                    .collect();
                assert_eq!(read, workspaces);
            }
            Ok(list.warnings())
        }
        Reader::ProductTypes => {
            let list: ProductTypeList = serde_json::from_value(example.clone()).map_err(err)?;
            let sent = listed(example.get("productTypes"));
            let ids: Vec<String> = list
                .product_types
                .iter()
                .map(|p| p.product_type_id.to_string())
                .collect();
            assert_eq!(ids, strings_at(sent.iter().copied(), "productTypeId"));
            for (product, raw) in list.product_types.iter().zip(&sent) {
                assert_eq!(
                    product.minimum_order_area_applied.number(),
                    number(raw.get("minimumOrderAreaApplied"))
                );
            }
            Ok(list.warnings())
        }
        Reader::Options => {
            let list: OptionList = serde_json::from_value(example.clone()).map_err(err)?;
            let names: Vec<String> = list
                .available_options
                .iter()
                .map(|o| o.name.clone())
                .collect();
            assert_eq!(
                names,
                strings_at(listed(example.get("availableOptions")), "name")
            );
            Ok(list.warnings())
        }
        Reader::Capacities => {
            let answer: CapacityAnswer = serde_json::from_value(example.clone()).map_err(err)?;
            let capacities = match example {
                Value::Array(items) => items.iter().collect(),
                _ => listed(example.get("progCapacities")),
            };
            let offers: Vec<&Value> = capacities
                .iter()
                .flat_map(|c| listed(c.get("progTypes")))
                .collect();
            let read: Vec<_> = answer.offers().collect();
            assert_eq!(read.len(), offers.len(), "offers");
            for (offer, raw) in read.iter().zip(&offers) {
                assert_eq!(
                    Some(offer.name.as_str()),
                    raw.get("name").and_then(Value::as_str)
                );
                let segments = listed(raw.get("segments"));
                let ids: Vec<String> = offer.segments.iter().map(|s| s.id.clone()).collect();
                assert_eq!(ids, strings_at(segments.iter().copied(), "id"));
                let keys: Vec<String> = offer
                    .segments
                    .iter()
                    .map(|s| s.segment_key.clone())
                    .collect();
                assert_eq!(keys, strings_at(segments.iter().copied(), "segmentKey"));
                for (segment, raw) in offer.segments.iter().zip(&segments) {
                    assert_eq!(
                        segment.incidence_angle.number(),
                        number(raw.get("incidenceAngle"))
                    );
                    assert!(
                        segment.footprint.get().is_some(),
                        "{}: footprint",
                        segment.id
                    );
                    assert!(
                        segment.order_deadline().is_some(),
                        "{}: deadline",
                        segment.id
                    );
                }
                let classification = raw
                    .pointer("/feasibility/classification")
                    .and_then(Value::as_str);
                assert_eq!(
                    offer
                        .feasibility
                        .as_ref()
                        .and_then(|f| f.classification.as_deref()),
                    classification
                );
            }
            Ok(answer.warnings())
        }
        Reader::Price => {
            let price: PriceAnswer = serde_json::from_value(example.clone()).map_err(err)?;
            assert_eq!(Some(price.total_amount), number(example.get("totalAmount")));
            Ok(Vec::new())
        }
        Reader::Order => {
            let order: OrderAnswer = serde_json::from_value(example.clone()).map_err(err)?;
            assert_eq!(
                order.sales_order_id.map(|s| s.to_string()),
                example
                    .get("salesOrderId")
                    .and_then(Value::as_str)
                    .map(str::to_owned)
            );
            assert_eq!(
                order.quotation_id.map(|q| q.to_string()),
                example
                    .get("quotationId")
                    .and_then(Value::as_str)
                    .map(str::to_owned)
            );
            assert_eq!(order.total_amount, number(example.get("totalAmount")));
            assert_eq!(
                order.currency.as_deref(),
                example.get("currency").and_then(Value::as_str)
            );
            Ok(Vec::new())
        }
        Reader::Taskings => {
            let list: TaskingList = serde_json::from_value(example.clone()).map_err(err)?;
            let sent: Vec<&Value> = listed(example.get("taskings"));
            let ids: Vec<String> = list.taskings.iter().map(|t| t.icr.id.to_string()).collect();
            let raw_ids: Vec<String> = sent
                .iter()
                .filter_map(|t| t.pointer("/icr/id").and_then(Value::as_str))
                .map(str::to_owned)
                .collect();
            assert_eq!(ids, raw_ids);
            Ok(list.warnings())
        }
        Reader::Segments => {
            let list: SegmentList = serde_json::from_value(example.clone()).map_err(err)?;
            let sent = listed(example.get("segments"));
            let ids: Vec<String> = list.segments.iter().map(|s| s.id.to_string()).collect();
            assert_eq!(ids, strings_at(sent.iter().copied(), "id"));
            for (segment, raw) in list.segments.iter().zip(&sent) {
                assert_eq!(
                    segment.status.as_deref(),
                    raw.get("status").and_then(Value::as_str)
                );
                let detail = segment.as_detail1.as_ref().unwrap();
                assert_eq!(
                    detail.clear_sky_rate.number(),
                    number(raw.pointer("/asDetail1/clearSkyRate"))
                );
                assert_eq!(
                    detail.incidence_angle.number(),
                    number(raw.pointer("/asDetail1/incidenceAngle"))
                );
            }
            Ok(list.warnings())
        }
        Reader::AsJson => {
            assert!(example.is_object(), "an answer kept as JSON is an object");
            Ok(Vec::new())
        }
        Reader::Catalogue => {
            let link = sattask::api::oneatlas::quicklook::quicklook_link(example);
            assert!(link.is_some_and(|l| l.ends_with("/quicklook")), "{example}");
            Ok(Vec::new())
        }
        Reader::Token => {
            assert!(
                example
                    .get("access_token")
                    .and_then(Value::as_str)
                    .is_some()
            );
            Ok(Vec::new())
        }
    }
}

#[test]
fn every_documented_example_answer_is_read_with_its_ids_and_amounts() {
    let answers = documented_answers();
    let mut read = Vec::new();
    let mut unknown = Vec::new();
    for answer in &answers {
        if not_called(answer) {
            continue;
        }
        let Some(reader) = reader_for(&answer.method, &answer.path) else {
            unknown.push(answer.name());
            continue;
        };
        let Some(example) = &answer.example else {
            continue;
        };
        match read_and_check(reader, example) {
            Ok(warnings) => read.push((answer.name(), warnings)),
            Err(error) => panic!("{}: cannot be read: {error}", answer.name()),
        }
    }
    assert!(
        unknown.is_empty(),
        "operations new to this test: add them to reader_for or NOT_CALLED: {unknown:?}"
    );
    // The file as it is today: 16 examples of the operations sattask calls.
    assert!(read.len() >= 16, "{read:#?}");
    // The one example with a placeholder footprint is read, its acquisition kept, and said.
    let segments = read
        .iter()
        .find(|(name, _)| name.contains("/segments"))
        .unwrap();
    assert_eq!(segments.1.len(), 1, "{:?}", segments.1);
    assert!(
        segments.1[0].contains("acquisition AS_FC_XXXX_1_2"),
        "{:?}",
        segments.1
    );
    assert!(
        segments.1[0].contains("asDetail1.footprint"),
        "{:?}",
        segments.1
    );
    // Every other example reads without a warning.
    let warned: Vec<_> = read
        .iter()
        .filter(|(name, w)| !w.is_empty() && !name.contains("/segments"))
        .collect();
    assert!(warned.is_empty(), "{warned:#?}");
}

#[test]
fn both_attempts_examples_send_one_capacity_object_and_it_is_read() {
    for answer in documented_answers()
        .iter()
        .filter(|a| a.path == "/api/v1/attempts")
    {
        let example = answer.example.as_ref().unwrap();
        assert!(example["progCapacities"].is_object(), "{}", answer.name());
        let read: CapacityAnswer = serde_json::from_value(example.clone()).unwrap();
        assert_eq!(read.prog_capacities.len(), 1);
        assert!(
            read.offers().all(|o| !o.segments.is_empty()),
            "{}",
            answer.name()
        );
    }
}

#[test]
fn the_attempts_schema_shape_a_bare_list_of_capacities_is_read_too() {
    let example = documented_answers()
        .into_iter()
        .find(|a| a.path == "/api/v1/attempts" && a.example_name.as_deref() == Some("PleiadesNeo"))
        .and_then(|a| a.example)
        .unwrap();
    let bare = json!([example["progCapacities"].clone()]);
    assert!(
        crate::spec::validate::problems(
            &json!({"$ref": "#/components/schemas/TaskingAttempt"}),
            &bare
        )
        .is_empty()
    );
    let read: CapacityAnswer = serde_json::from_value(bare).unwrap();
    assert_eq!(read.offers().count(), 1);
    assert!(read.offers().next().unwrap().segments.len() >= 2);
}

#[test]
fn a_contracts_delivery_is_read_as_the_schemas_object_and_as_the_examples_list() {
    let schema = documented_answers()
        .into_iter()
        .find(|a| a.path == "/api/v1/contracts")
        .map(|a| a.schema)
        .unwrap();
    let as_object = json!({"contracts": [{"contractId": "C1", "creditRemaining": "150.0",
        "delivery": {"deliveryPlatformId": "PublicMOC", "deliveryWorkspace": "ws-1"}}]});
    let as_list = json!({"contracts": [{"contractId": "C1", "creditRemaining": 150,
        "delivery": [{"deliveryPlatformId": "PublicMOC", "deliveryWorkspace": "ws-1"}]}]});
    assert!(crate::spec::validate::problems(&schema, &as_object).is_empty());
    assert!(
        !crate::spec::validate::problems(&schema, &as_list).is_empty(),
        "the list is the example's shape, not the schema's"
    );
    for sent in [as_object, as_list] {
        let read: ContractList = serde_json::from_value(sent).unwrap();
        let contract = &read.contracts[0];
        assert_eq!(contract.credit_remaining.number(), Some(150.0));
        assert_eq!(
            contract.delivery[0]
                .delivery_workspace
                .as_ref()
                .unwrap()
                .to_string(),
            "ws-1"
        );
    }
}

#[test]
fn one_unreadable_acquisition_leaves_the_others_and_their_decisions() {
    let sent = json!({"segments": [
        {"id": "AS_1", "status": "Proposed", "asDetail1": {"footprint": {"type": "Polygon", "coordinates": "coordinates"}, "acquisitionDate": "2021-04-18T10:53:38Z"}},
        {"status": "Validated"},
        {"id": "AS_3", "status": "Proposed", "asDetail1": {"footprint": {"type": "Polygon", "coordinates": [[[1.0, 43.0], [1.1, 43.0], [1.1, 43.1], [1.0, 43.0]]]}, "clearSkyRate": "70.5"}}
    ]});
    let read: SegmentList = serde_json::from_value(sent).unwrap();
    let ids: Vec<String> = read.segments.iter().map(|s| s.id.to_string()).collect();
    assert_eq!(ids, ["AS_1", "AS_3"]);
    let first = read.segments[0].as_detail1.as_ref().unwrap();
    assert!(first.footprint.get().is_none() && first.footprint.problem().is_some());
    assert_eq!(
        read.segments[2 - 1]
            .as_detail1
            .as_ref()
            .unwrap()
            .clear_sky_rate
            .number(),
        Some(70.5)
    );
    let warnings = read.warnings();
    assert_eq!(warnings.len(), 2, "{warnings:?}");
    assert!(
        warnings[0].starts_with("acquisitions: record 2 left out"),
        "{warnings:?}"
    );
    assert!(
        warnings[1].starts_with("acquisition AS_1: asDetail1.footprint could not be read"),
        "{warnings:?}"
    );
}

#[test]
fn an_attempt_with_an_unreadable_footprint_or_date_is_kept_and_named() {
    let sent = json!({"progCapacities": {"mission": "PLEIADES", "progTypes": [{"name": "ONEDAY", "mission": "PLEIADES", "segments": [
        {"id": "PHR1A", "footprint": {"geometry": "POLYGON((oops))"}, "orderDeadline": "tomorrow", "segmentKey": "k1", "incidenceAngle": "12.5"},
        {"id": "PHR1B", "footprint": {"geometry": "POLYGON((1 43, 1.1 43, 1.1 43.1, 1 43))"}, "segmentKey": "k2"}
    ]}]}});
    let read: CapacityAnswer = serde_json::from_value(sent).unwrap();
    let segments = &read.offers().next().unwrap().segments;
    assert_eq!(segments.len(), 2);
    assert!(segments[0].footprint.get().is_none());
    assert_eq!(segments[0].incidence_angle.number(), Some(12.5));
    assert_eq!(segments[0].segment_key, "k1");
    let warnings = read.warnings();
    assert_eq!(warnings.len(), 2, "{warnings:?}");
    assert!(
        warnings[0].starts_with("attempt PHR1A (Pléiades OneDay): footprint could not be read"),
        "{warnings:?}"
    );
    assert!(
        warnings[1].starts_with("attempt PHR1A (Pléiades OneDay): orderDeadline could not be read"),
        "{warnings:?}"
    );
}

#[test]
fn an_order_answer_naming_neither_an_order_nor_a_quotation_is_an_error_that_says_so() {
    let error =
        serde_json::from_value::<OrderAnswer>(json!({"currency": "EUR", "totalAmount": 7600}))
            .unwrap_err()
            .to_string();
    assert!(
        error.contains("neither a salesOrderId nor a quotationId"),
        "{error}"
    );
}
