//! Following a UP42 order through the window against the sandbox inside the app, its clock
//! advanced with the control API: the order's feasibility study is uploaded and the watch says
//! so → its options show → one is chosen and confirmed twice, and one choice is sent → the
//! quotation appears, is accepted twice and sent once → days pass → each acquisition's asset is
//! delivered and shows on the map and in words, with its date.

use crate::common::spending::{Up42Spends, up42_client};
use crate::common::toulouse_geojson;
use crate::gui_common::tasking::{app_with, connection, logged, press, sandbox, wait_until};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use sattask::api::up42::models::OrderRequest;
use sattask::app::SattaskApp;
use sattask::state::FootprintKind;
use sattask::state::command::TaskingCommand;
use sattask::tasking::act::ActStep;
use sattask::tasking::up42_follow::Waiting;
use serde_json::json;

/// The sandbox's Pléiades display product: its collection needs a feasibility study.
const PLEIADES: &str = "47dadb27-9532-4552-93a5-48f70a83eaef";
const WORKSPACE: &str = "096e3715-e908-473f-b527-d12af3e254b6";

fn advance(harness: &mut Harness<'_, SattaskApp>, seconds: u64) {
    sandbox(
        harness,
        reqwest::Method::POST,
        "/sandbox/clock/advance",
        Some(json!({ "seconds": seconds })),
    );
}

/// The open order's studies are there and every one is decided.
fn study_decided(app: &SattaskApp) -> bool {
    app.state.tracking.up42_detail.ready().is_some_and(|d| {
        !d.studies.is_empty()
            && d.studies
                .iter()
                .all(|s| s.decision.as_deref() == Some("ACCEPTED"))
    })
}

/// The watch asks again (now rather than in a minute) until `done` holds.
fn watch_until(
    harness: &mut Harness<'_, SattaskApp>,
    what: &str,
    done: impl Fn(&SattaskApp) -> bool,
) {
    harness.state_mut().refresh_lists_now();
    wait_until(harness, what, |app| {
        app.state.tracking.up42_orders.ready().is_some()
            && app.state.tracking.up42_detail.ready().is_some()
            && done(app)
    });
}

fn patches_to(harness: &Harness<'_, SattaskApp>, part: &str) -> usize {
    logged(harness, |r| {
        r["method"] == "PATCH" && r["path"].as_str().is_some_and(|p| p.contains(part))
    })
    .len()
}

/// Scrolls the first button labelled `button` into view, as a person would, and presses it.
fn open_first(harness: &mut Harness<'_, SattaskApp>, button: &str) {
    harness
        .query_all_by_label(button)
        .next()
        .expect("the decision's button")
        .scroll_to_me();
    harness.run_steps(30);
    harness.query_all_by_label(button).next().unwrap().click();
    harness.run_steps(5);
}

/// Opens a decision's confirmation with `button`, checks it says `consequence`, confirms twice
/// as a hurried person would (and once more from the code), and waits for it to end.
fn decide(harness: &mut Harness<'_, SattaskApp>, button: &str, consequence: &str) {
    open_first(harness, button);
    assert!(
        harness.query_by_label_contains(consequence).is_some(),
        "{consequence:?} in the confirmation"
    );
    let confirm = harness.get_by_label("Confirm");
    confirm.click();
    confirm.click();
    harness.step();
    harness.state_mut().tasking(TaskingCommand::ConfirmAct);
    wait_until(harness, "the decision", |app| {
        !app.state.tracking.act.busy() && !matches!(app.state.tracking.act, ActStep::Confirming(_))
    });
    assert!(
        matches!(harness.state().state.tracking.act, ActStep::Done { .. }),
        "{:?}",
        harness.state().state.tracking.act
    );
}

fn noticed(harness: &Harness<'_, SattaskApp>, words: &str) -> bool {
    harness
        .state()
        .state
        .notices
        .iter()
        .any(|n| n.text.contains(words))
}

fn our_order(app: &SattaskApp, id: &sattask::api::ids::OrderId) -> Option<(String, String)> {
    let order = app
        .state
        .tracking
        .up42_orders
        .ready()?
        .content
        .iter()
        .find(|o| &o.id == id)?;
    Some((
        order.status.clone().unwrap_or_default(),
        order.sub_status().unwrap_or_default().to_owned(),
    ))
}

/// A window on the sandbox inside the app, and an order placed by a script for a product
/// whose collection needs a study, listed in the Quotations view.
fn window_with_an_order() -> (
    tempfile::TempDir,
    Harness<'static, SattaskApp>,
    sattask::api::ids::OrderId,
) {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = app_with(connection(&dir));
    wait_until(&mut harness, "the contracts", |app| {
        app.state.tasking.contracts.ready().is_some()
    });
    let jobs = harness.state().jobs.as_ref().unwrap();
    let client = up42_client(&jobs.sandbox_url().unwrap());
    let request = OrderRequest {
        data_product: PLEIADES.into(),
        display_name: "Toulouse followed".into(),
        params: json!({"acquisitionStart": "2027-03-02T00:00:00Z", "acquisitionEnd": "2027-03-30T00:00:00Z"}),
        feature_collection: json!({"type": "FeatureCollection", "features": [
            {"type": "Feature", "properties": {}, "geometry": toulouse_geojson()},
        ]}),
        tags: vec![],
    };
    let placed = jobs
        .block_on(client.place_order_once(WORKSPACE, &request))
        .unwrap();
    let id = placed.results[0].id.clone();
    press(&mut harness, "Quotations");
    wait_until(&mut harness, "the UP42 orders", |app| {
        our_order(app, &id).is_some()
    });
    (dir, harness, id)
}

/// Moves the clock past the study's upload and waits until the open order shows it.
fn study_uploaded(harness: &mut Harness<'_, SattaskApp>, id: &sattask::api::ids::OrderId) {
    advance(harness, 3_700);
    watch_until(harness, "the study", |app| {
        our_order(app, id).is_some_and(|(_, sub)| sub == "FEASIBILITY_WAITING_RESPONSE")
            && app
                .state
                .tracking
                .up42_detail
                .ready()
                .is_some_and(|d| !d.studies.is_empty())
    });
}

#[test]
fn a_choice_whose_answer_is_lost_offers_check_which_finds_it_and_never_resends() {
    let (_dir, mut harness, id) = window_with_an_order();
    // No order open: every listed order's AOI is on the map, named with what it waits for.
    let on_map: Vec<String> = harness
        .state()
        .state
        .footprints
        .items()
        .iter()
        .map(|f| f.label.clone())
        .collect();
    assert!(
        on_map
            .iter()
            .any(|l| l.starts_with("UP42 order Toulouse followed: placed")),
        "{on_map:?}"
    );
    press(&mut harness, "Show on map");
    study_uploaded(&mut harness, &id);
    open_first(&mut harness, "Choose this option");
    let asked = match &harness.state().state.tracking.act {
        ActStep::Confirming(act) => act.clone(),
        other => panic!("a confirmation, not {other:?}"),
    };
    // The sandbox decides the study, then drops the connection before answering.
    sandbox(
        &harness,
        reqwest::Method::PUT,
        "/sandbox/faults",
        Some(json!({"drop_next": "after"})),
    );
    harness.get_by_label("Confirm").click();
    harness.step();
    wait_until(&mut harness, "the outcome", |app| {
        matches!(app.state.tracking.act, ActStep::Unknown { .. })
    });
    assert!(harness.query_by_label_contains("Outcome unknown").is_some());
    assert!(
        harness
            .query_by_label_contains("It was not resent")
            .is_some()
    );
    assert!(harness.query_by_label("Retry").is_none());
    // Asking again while it is unclear is refused; nothing more is sent.
    harness.state_mut().tasking(TaskingCommand::Ask(asked));
    harness.state_mut().tasking(TaskingCommand::ConfirmAct);
    harness.run_steps(3);
    assert_eq!(patches_to(&harness, "/v2/tasking/feasibility-studies/"), 1);
    press(&mut harness, "Check");
    wait_until(&mut harness, "the check", |app| {
        matches!(app.state.tracking.act, ActStep::Done { .. })
    });
    assert!(
        harness
            .query_by_label_contains("found on the service")
            .is_some()
    );
    assert_eq!(
        patches_to(&harness, "/v2/tasking/feasibility-studies/"),
        1,
        "never resent"
    );
    // The open order is asked again: its study decided, no choice offered any more.
    wait_until(&mut harness, "the study decided", study_decided);
    assert_eq!(harness.query_all_by_label("Choose this option").count(), 0);
}

#[test]
fn a_up42_order_is_followed_from_its_study_to_its_delivery() {
    let (_dir, mut harness, id) = window_with_an_order();
    press(&mut harness, "Show on map");
    watch_until(&mut harness, "the order's detail", |_| true);
    // The detail is drawn the frame after its answer (under load, a frame or two later).
    for _ in 0..10 {
        if harness
            .query_by_label_contains("No feasibility study")
            .is_some()
        {
            break;
        }
        harness.step();
    }
    let said: Vec<String> = harness
        .query_all_by(|n| n.value().is_some())
        .filter_map(|n| n.value())
        .collect();
    assert!(
        harness
            .query_by_label_contains("No feasibility study")
            .is_some(),
        "not uploaded yet, said: {said:?}; detail {:?}",
        harness
            .state()
            .state
            .tracking
            .up42_detail
            .ready()
            .map(|d| (&d.order, d.studies.len()))
    );
    // UP42 staff upload the study an hour later; the watch notices it.
    study_uploaded(&mut harness, &id);
    assert!(noticed(&harness, "1 feasibility study to decide"));
    assert!(
        harness
            .query_by_label_contains("1 feasibility study to decide")
            .is_some(),
        "the watch's line is text in the tree"
    );
    let waiting = harness.state().state.tracking.up42_waiting().to_vec();
    assert!(waiting.contains(&(id.clone(), Waiting::Study)));
    let heading = format!("UP42 orders ({} wait for you)", waiting.len());
    assert!(
        harness.query_by_label(&heading).is_some(),
        "{heading:?} on the heading"
    );
    // Every control of the view has a name that says what it does.
    let (checked, unnamed) = crate::gui_common::unnamed_widgets(&harness);
    assert!(unnamed.is_empty(), "unnamed widgets: {unnamed:?}");
    assert!(checked > 10, "{checked} widgets checked");
    // Its options, each with what choosing does and costs.
    assert_eq!(
        harness.query_all_by_label("Choose this option").count(),
        2,
        "two options to choose from"
    );
    assert!(
        harness
            .query_by_label_contains("Option 1: Standard: Pléiades 50 cm")
            .is_some()
    );
    assert!(
        harness
            .query_by_label_contains("spends no credits by itself")
            .is_some()
    );
    decide(
        &mut harness,
        "Choose this option",
        "The choice is final: the study cannot be decided again",
    );
    assert_eq!(
        patches_to(&harness, "/v2/tasking/feasibility-studies/"),
        1,
        "confirmed twice, one choice sent"
    );
    wait_until(&mut harness, "the study decided", study_decided);
    assert_eq!(
        harness.query_all_by_label("Choose this option").count(),
        0,
        "a decided study offers no choice"
    );
    // The quotation follows an hour later.
    advance(&mut harness, 3_700);
    watch_until(&mut harness, "the quotation", |app| {
        app.state
            .tracking
            .up42_detail
            .ready()
            .is_some_and(|d| d.quotations.iter().any(|q| q.is_undecided()))
    });
    assert!(noticed(&harness, "quotation"));
    let credits = harness
        .state()
        .state
        .tracking
        .up42_detail
        .ready()
        .unwrap()
        .quotations[0]
        .credits_price
        .unwrap();
    // 132 km² of Pléiades at 1,000 credits per km².
    assert!(credits > 100_000.0, "{credits}");
    decide(
        &mut harness,
        "Accept this order's quotation",
        "will be spent from your UP42 account, irreversibly",
    );
    assert_eq!(
        patches_to(&harness, "/v2/tasking/quotation/"),
        1,
        "confirmed twice, accepted once"
    );
    // A day on, the first acquisition covers half the AOI and is delivered as an asset.
    let delivered = |app: &SattaskApp| -> Vec<String> {
        app.state
            .footprints
            .items()
            .iter()
            .filter(|f| f.kind == FootprintKind::Delivered)
            .map(|f| f.label.clone())
            .collect()
    };
    advance(&mut harness, 86_400 + 60);
    watch_until(&mut harness, "the first acquisition", |app| {
        our_order(app, &id).is_some_and(|(status, _)| status == "BEING_FULFILLED")
            && delivered(app).len() == 1
    });
    assert!(
        harness
            .query_by_label_contains("Coverage: acquired 50 % of the AOI")
            .is_some()
    );
    assert!(
        harness
            .query_by_label_contains("1 asset delivered, acquired ")
            .is_some()
    );
    // Two more days: the whole AOI acquired, the second asset delivered.
    advance(&mut harness, 2 * 86_400 + 60);
    watch_until(&mut harness, "the delivery", |app| {
        our_order(app, &id).is_some_and(|(status, _)| status == "FULFILLED")
            && delivered(app).len() == 2
    });
    let labels = delivered(harness.state());
    assert!(
        labels
            .iter()
            .all(|l| l.starts_with("UP42 asset delivered, acquired ")),
        "{labels:?}"
    );
    assert_ne!(labels[0], labels[1], "each dated when it was acquired");
    let footprints = harness.state().state.footprints.items().to_vec();
    assert!(
        footprints.iter().any(|f| f.kind == FootprintKind::Ordered),
        "the order's AOI beside them"
    );
    assert!(
        harness
            .query_by_label_contains("Delivered: acquired 100 % of the AOI")
            .is_some()
    );
    assert!(
        harness
            .query_by_label_contains("2 assets delivered, acquired ")
            .is_some()
    );
    assert!(
        !logged(&harness, |r| r["path"] == "/v2/assets/stac/search").is_empty(),
        "found through UP42's asset search"
    );
    // Nothing sent twice along the way.
    assert_eq!(patches_to(&harness, "/v2/tasking/feasibility-studies/"), 1);
    assert_eq!(patches_to(&harness, "/v2/tasking/quotation/"), 1);
}
