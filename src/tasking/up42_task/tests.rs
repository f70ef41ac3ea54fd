//! The UP42 tasking machine on plain values: the estimate follows the AOI and the form (an
//! older one dropped), an invalid AOI or form blocks it with what to fix, the order is handed
//! out once, and an unknown outcome only offers a check.

use serde_json::json;

use super::*;
use crate::aoi::{Aoi, AoiId};
use crate::api::CheckHint;
use crate::tasking::spend::Reconciliation;
use crate::tasking::workflow::{AoiKey, Ticket};

fn aoi() -> Aoi {
    let ring = [
        (1.0, 43.0),
        (1.1, 43.0),
        (1.1, 43.1),
        (1.0, 43.1),
        (1.0, 43.0),
    ];
    Aoi {
        name: "Toulouse".into(),
        ring: ring
            .iter()
            .map(|&(x, y)| crate::aoi::LonLat { x, y })
            .collect(),
        holes: Vec::new(),
    }
}

fn target<'a>(aoi: &'a Aoi, revision: u64, refused: Option<&'a str>) -> Target<'a> {
    Target {
        key: AoiKey {
            id: AoiId(1),
            revision,
        },
        aoi,
        refused,
    }
}

fn collection() -> Collection {
    collection_with(&[
        "FEASIBILITY_STUDY_REQUIRED",
        "QUOTATION_REQUIRED",
        "PRICE_ESTIMATION_AVAILABLE",
    ])
}

fn collection_with(integrations: &[&str]) -> Collection {
    serde_json::from_value(json!({
        "name": "phr-tasking", "title": "Pléiades Tasking", "type": "TASKING",
        "integrations": integrations,
        "providers": [{"name": "oneatlas", "title": "Airbus", "roles": ["PRODUCER", "HOST"]}],
        "dataProducts": [{"id": "p1", "name": "phr-tasking-display", "title": "Display"}],
        "metadata": {"resolutionValue": {"minimum": 0.5, "maximum": 0.5}},
    }))
    .unwrap()
}

fn answer(task: &mut Up42Task, ticket: &Ticket, reply: Reply) -> bool {
    task.receive(ticket.id, Ok(reply))
}

/// A machine with the workspace, the catalogue and the form loaded.
fn ready() -> Up42Task {
    ready_with(collection())
}

fn ready_with(collection: Collection) -> Up42Task {
    let mut task = Up42Task::default();
    let tickets = task.start();
    assert_eq!(tickets.len(), 2);
    answer(&mut task, &tickets[0], Reply::Up42Workspace("ws-1".into()));
    answer(
        &mut task,
        &tickets[1],
        Reply::Up42Collections(vec![collection], vec![]),
    );
    let schema = task
        .choose_product("phr-tasking".into(), "p1".into())
        .unwrap();
    assert_eq!(schema.job, Job::Up42Schema("p1".into()));
    answer(
        &mut task,
        &schema,
        Reply::Up42Schema(json!({
            "required": ["acquisitionStart", "acquisitionEnd"],
            "properties": {
                "acquisitionStart": {"type": "string", "format": "date-time"},
                "acquisitionEnd": {"type": "string", "format": "date-time"},
                "maxCloudCover": {"title": "Maximum cloud cover (%)", "type": "integer", "minimum": 0, "maximum": 100, "default": 20},
            },
        })),
    );
    task
}

fn estimate(credits: f64) -> Estimate {
    serde_json::from_value(json!({"summary": {"totalCredits": credits, "totalSize": 25, "unit": "SQ_KM"}, "results": [{"index": 0, "credits": credits}], "errors": []})).unwrap()
}

#[test]
fn the_collection_is_described_for_a_person() {
    let c = collection();
    assert_eq!(
        catalogue::summary(&c),
        "Pléiades Tasking by Airbus, 0.5 m: feasibility study, then quotation; credits estimated"
    );
    assert!(catalogue::next_step(&c).starts_with("UP42 studies its feasibility first"));
}

#[test]
fn the_estimate_follows_the_aoi_and_the_form_and_the_older_is_dropped() {
    let mut task = ready();
    let aoi = aoi();
    let first = task.follow_up(Some(&target(&aoi, 1, None)));
    assert_eq!(first.len(), 1);
    assert!(matches!(first[0].job, Job::Up42Estimate(_)));
    // Nothing changed: nothing asked.
    assert!(task.follow_up(Some(&target(&aoi, 1, None))).is_empty());
    task.set_value("maxCloudCover", "10".into());
    let second = task.follow_up(Some(&target(&aoi, 1, None)));
    assert_eq!(second.len(), 1);
    // The first answer comes late: dropped.
    answer(&mut task, &first[0], Reply::Up42Estimate(estimate(1.0)));
    assert_eq!(task.estimate, Slot::Waiting(second[0].id));
    answer(
        &mut task,
        &second[0],
        Reply::Up42Estimate(estimate(25_000.0)),
    );
    assert_eq!(task.estimated_credits(), Some(25_000.0));
    let Job::Up42Estimate(body) = &second[0].job else {
        panic!("an estimate")
    };
    assert_eq!(body.params["maxCloudCover"], json!(10));
    assert!(body.display_name.starts_with("Toulouse "));
}

#[test]
fn an_invalid_aoi_or_form_is_never_estimated_and_says_what_to_fix() {
    let mut task = ready();
    let aoi = aoi();
    let refused = "The ring crosses itself: move a vertex.";
    assert!(
        task.follow_up(Some(&target(&aoi, 1, Some(refused))))
            .is_empty()
    );
    let why = task.blocked.clone().unwrap();
    assert!(
        why.contains(refused) && why.contains("Fix the AOI first"),
        "{why}"
    );
    task.set_value("maxCloudCover", "120".into());
    assert!(task.follow_up(Some(&target(&aoi, 2, None))).is_empty());
    assert!(
        task.blocked
            .clone()
            .unwrap()
            .contains("the most allowed is 100")
    );
    assert!(task.open_order(Some(&target(&aoi, 2, None))).is_err());
}

#[test]
fn the_order_is_handed_out_once_and_an_unknown_outcome_is_only_checked() {
    let mut task = ready();
    let aoi = aoi();
    let asked = task.follow_up(Some(&target(&aoi, 1, None)));
    assert!(
        task.open_order(Some(&target(&aoi, 1, None))).is_err(),
        "no estimate yet"
    );
    answer(
        &mut task,
        &asked[0],
        Reply::Up42Estimate(estimate(25_000.0)),
    );
    task.open_order(Some(&target(&aoi, 1, None))).unwrap();
    let draft = task.order.draft().unwrap().clone();
    assert_eq!(draft.workspace, "ws-1");
    assert_eq!(draft.credits, Some(25_000.0));
    assert_eq!(
        (draft.product.as_str(), draft.provider.as_str()),
        ("Display", "Airbus")
    );
    let sent = task.confirm().unwrap();
    assert!(task.confirm().is_none(), "a second confirm sends nothing");
    assert!(task.open_order(Some(&target(&aoi, 1, None))).is_err());
    let check = draft.check();
    task.receive(
        sent.id,
        Err(Failure::Unknown {
            message: "the connection dropped".into(),
            check: check.clone(),
        }),
    );
    assert!(task.confirm().is_none(), "never resent unasked");
    let looked = task.check().unwrap();
    assert_eq!(
        looked.job,
        Job::Check {
            check: CheckHint::Up42Orders {
                workspace: "ws-1".into(),
                display_name: draft.request.display_name.clone(),
            },
            entry: None
        }
    );
    let placed = task.receive(
        looked.id,
        Ok(Reply::Checked(Reconciliation::Found {
            detail: "order o-1".into(),
        })),
    );
    assert!(placed);
    assert!(matches!(task.order, Up42Step::Placed { .. }));
}

#[test]
fn an_aoi_up42_refuses_in_its_estimate_cannot_be_ordered() {
    let mut task = ready();
    let aoi = aoi();
    let asked = task.follow_up(Some(&target(&aoi, 1, None)));
    let refused: Estimate = serde_json::from_value(json!({
        "summary": {"totalCredits": 0, "totalSize": 0, "unit": "SQ_KM"},
        "results": [],
        "errors": [{"index": 0, "message": "the AOI crosses itself", "details": "fix it"}],
    }))
    .unwrap();
    answer(&mut task, &asked[0], Reply::Up42Estimate(refused));
    assert_eq!(task.estimated_credits(), None);
    let why = task.open_order(Some(&target(&aoi, 1, None))).unwrap_err();
    assert!(
        why.contains("UP42 refused the AOI in its estimate"),
        "{why}"
    );
    assert_eq!(task.order, Up42Step::Closed);
}

#[test]
fn an_order_whose_price_nothing_would_name_is_not_opened() {
    // Neither estimated nor quoted: credits would be spent at once, for an amount nobody said.
    let mut task = ready_with(collection_with(&[]));
    let aoi = aoi();
    assert!(catalogue::summary(task.chosen_collection().unwrap()).contains("cannot say its price"));
    let why = task.open_order(Some(&target(&aoi, 1, None))).unwrap_err();
    assert!(why.contains("cannot say what the order costs"), "{why}");
    // Estimated, but the estimate names no total, and no quotation follows.
    let mut task = ready_with(collection_with(&["PRICE_ESTIMATION_AVAILABLE"]));
    let asked = task.follow_up(Some(&target(&aoi, 1, None)));
    let no_total: Estimate =
        serde_json::from_value(json!({"summary": {}, "results": [], "errors": []})).unwrap();
    answer(&mut task, &asked[0], Reply::Up42Estimate(no_total));
    let why = task.open_order(Some(&target(&aoi, 1, None))).unwrap_err();
    assert!(why.contains("gave no total of credits"), "{why}");
    // Quoted: the quotation prices it, and the confirmation says so.
    let mut task = ready_with(collection_with(&["QUOTATION_REQUIRED"]));
    task.open_order(Some(&target(&aoi, 1, None))).unwrap();
    assert_eq!(task.order.draft().unwrap().credits, None);
}

#[test]
fn an_answer_naming_neither_an_order_nor_a_refusal_is_checked_not_refused() {
    let mut task = ready();
    let aoi = aoi();
    let asked = task.follow_up(Some(&target(&aoi, 1, None)));
    answer(
        &mut task,
        &asked[0],
        Reply::Up42Estimate(estimate(25_000.0)),
    );
    task.open_order(Some(&target(&aoi, 1, None))).unwrap();
    let sent = task.confirm().unwrap();
    let placed = task.receive(
        sent.id,
        Ok(Reply::Up42Placed(Default::default(), "receipt".into())),
    );
    assert!(!placed);
    assert!(
        matches!(task.order, Up42Step::Unknown { .. }),
        "{:?}",
        task.order
    );
    assert!(task.confirm().is_none(), "never resent unasked");
    assert!(task.check().is_some(), "a check is offered");
}
