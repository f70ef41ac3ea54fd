//! Tasking through UP42 from the Task tab, against the sandbox inside the app, as a person
//! would: choose UP42, a collection's data product, fill its form, see the credit estimate,
//! confirm, and the order is placed once (the sandbox's request log counts the POSTs); an
//! invalid value blocks ordering with a message and is never sent.

use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use sattask::app::SattaskApp;
use sattask::state::command::Command;
use sattask::state::up42::Up42Command;
use sattask::tasking::amount::credits;
use sattask::tasking::up42_task::step::Up42Step;
use sattask::tasking::workflow::Slot;
use serde_json::Value;

use crate::gui_common::tasking::{app_with, connection, logged, press, wait_until};

/// The POSTs the sandbox logged at `path` (the query aside).
fn posts_to(harness: &Harness<'_, SattaskApp>, path: &str) -> Vec<Value> {
    logged(harness, |r| r["method"] == "POST" && r["path"] == path)
}

/// Whether some text in the accessibility tree contains `text`.
fn shows(harness: &Harness<'_, SattaskApp>, text: &str) -> bool {
    harness.query_all_by_label_contains(text).next().is_some()
}

/// Opens the confirmation and waits for the journal's search for earlier orders.
fn open_the_confirmation(harness: &mut Harness<'static, SattaskApp>) {
    press(harness, "Order through UP42…");
    wait_until(harness, "the search for earlier orders", |app| {
        app.state
            .up42
            .order
            .draft()
            .is_some_and(|d| d.searching.is_none())
    });
    // The dialog fades in over a few frames.
    harness.run_steps(5);
}

/// A window on the sandbox with UP42 chosen and the Pléiades Display form loaded.
fn with_the_display_form(dir: &tempfile::TempDir) -> Harness<'static, SattaskApp> {
    let mut harness = app_with(connection(dir));
    press(&mut harness, "Task through UP42");
    wait_until(&mut harness, "the UP42 catalogue and workspace", |app| {
        app.state.up42.collections.ready().is_some() && app.state.up42.workspace.ready().is_some()
    });
    assert!(shows(
        &harness,
        "Pléiades Tasking by Airbus, 0.5 m: feasibility study, then quotation"
    ));
    press(&mut harness, "Pléiades Tasking: Display");
    wait_until(&mut harness, "the product's form", |app| {
        app.state.up42.form.ready().is_some()
    });
    harness
}

#[test]
fn a_up42_order_is_placed_from_the_task_tab_once() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = with_the_display_form(&dir);
    assert!(shows(&harness, "Start of the acquisition window *"));
    let (checked, unnamed) = crate::gui_common::unnamed_widgets(&harness);
    assert!(unnamed.is_empty(), "unnamed widgets: {unnamed:?}");
    assert!(checked > 20, "{checked} widgets checked");
    press(&mut harness, "Acquisition mode: STEREO");
    wait_until(&mut harness, "the estimate of the stereo order", |app| {
        app.state.up42.estimated_credits().is_some()
            && app.state.up42.checked.params.get("acquisitionMode")
                == Some(&serde_json::json!("STEREO"))
            && app.state.up42.estimate.waiting().is_none()
    });
    let total = harness.state().state.up42.estimated_credits().unwrap();
    assert!(total > 0.0);
    let shown = format!("Estimate: {}", credits(total));
    assert!(shown.contains("EUR"));
    assert!(shows(&harness, &shown), "{shown}");
    // The estimate went with the form's values.
    let estimates = posts_to(&harness, "/v2/orders/estimate");
    let last = &estimates.last().unwrap()["body"];
    assert_eq!(last["params"]["acquisitionMode"], "STEREO");
    assert_eq!(last["params"]["maxCloudCover"], 20);

    open_the_confirmation(&mut harness);
    let workspace = harness
        .state()
        .state
        .up42
        .workspace
        .ready()
        .unwrap()
        .clone();
    for said in [
        credits(total).as_str(),
        "Display",
        "Pléiades Tasking",
        "Airbus",
        workspace.as_str(),
        "Map of the AOI Toulouse",
        "What comes next: UP42 studies its feasibility first",
    ] {
        assert!(shows(&harness, said), "{said}");
    }
    let (_, unnamed) = crate::gui_common::unnamed_widgets(&harness);
    assert!(unnamed.is_empty(), "unnamed widgets: {unnamed:?}");
    let confirm = harness.get_by_label("Confirm UP42 order");
    confirm.click();
    confirm.click();
    harness.step();
    // A confirm while it is on its way sends nothing.
    harness.state_mut().up42_command(Up42Command::Confirm);
    harness.state_mut().up42_command(Up42Command::Confirm);
    wait_until(&mut harness, "the order", |app| {
        matches!(app.state.up42.order, Up42Step::Placed { .. })
    });
    assert_eq!(
        posts_to(&harness, "/v2/orders").len(),
        1,
        "exactly one order POST"
    );
    assert!(shows(&harness, "Placed: UP42 order"));
    let journal = std::fs::read_to_string(dir.path().join("orders.jsonl")).unwrap();
    assert_eq!(journal.lines().count(), 2, "sending, then done: {journal}");
    // The UP42 orders list was asked again and holds the new order.
    wait_until(&mut harness, "the UP42 orders", |app| {
        app.state.tracking.up42_orders.ready().is_some()
    });
    let name = match &harness.state().state.up42.order {
        Up42Step::Placed { draft, .. } => draft.request.display_name.clone(),
        other => panic!("{other:?}"),
    };
    let page = harness.state().state.tracking.up42_orders.ready().unwrap();
    assert!(
        page.content
            .iter()
            .any(|o| o.display_name.as_deref() == Some(name.as_str())),
        "{name} listed"
    );
}

#[test]
fn an_invalid_value_blocks_the_order_with_a_message_and_is_never_sent() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = with_the_display_form(&dir);
    wait_until(&mut harness, "the first estimate", |app| {
        app.state.up42.estimate.ready().is_some()
    });
    let field = harness.get_by_label("Maximum cloud cover (%) (0 to 100)");
    field.focus();
    field.type_text("0");
    harness.run_steps(3);
    let said = "Maximum cloud cover (%) is 200: the most allowed is 100";
    assert!(shows(&harness, said), "{said}");
    assert!(shows(&harness, "fix the form"));
    press(&mut harness, "Order through UP42…");
    harness.run_steps(3);
    assert_eq!(harness.state().state.up42.order, Up42Step::Closed);
    assert!(harness.query_by_label("Confirm UP42 order").is_none());
    let estimated: Vec<Value> = posts_to(&harness, "/v2/orders/estimate")
        .iter()
        .map(|r| r["body"]["params"]["maxCloudCover"].clone())
        .collect();
    assert!(estimated.contains(&serde_json::json!(20)), "{estimated:?}");
    assert!(
        !estimated.contains(&serde_json::json!(200)),
        "the invalid value never reached UP42"
    );
    assert!(posts_to(&harness, "/v2/orders").is_empty());
}

#[test]
fn an_invalid_aoi_never_reaches_up42_and_says_what_to_fix() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = with_the_display_form(&dir);
    wait_until(&mut harness, "the first estimate", |app| {
        app.state.up42.estimate.ready().is_some()
    });
    let before = posts_to(&harness, "/v2/orders/estimate").len();
    // A bow tie: its ring crosses itself.
    let ring = [
        (1.40, 43.55),
        (1.50, 43.65),
        (1.50, 43.55),
        (1.40, 43.65),
        (1.40, 43.55),
    ]
    .iter()
    .map(|&(x, y)| geo::Coord { x, y })
    .collect();
    let bow_tie = sattask::aoi::Aoi {
        name: "Bow tie".into(),
        ring,
        holes: Vec::new(),
    };
    harness.state_mut().execute(Command::AddAoi(bow_tie));
    harness.run_steps(3);
    let up42 = &harness.state().state.up42;
    assert_eq!(up42.estimate, Slot::Idle, "nothing estimated for it");
    let why = up42.blocked.clone().unwrap_or_default();
    assert!(
        why.starts_with("the AOI 'Bow tie' would be refused") && why.contains("Fix the AOI first"),
        "{why}"
    );
    assert!(shows(&harness, "Fix the AOI first"));
    press(&mut harness, "Order through UP42…");
    assert_eq!(harness.state().state.up42.order, Up42Step::Closed);
    wait_until(&mut harness, "nothing on its way", |app| {
        app.jobs.as_ref().is_some_and(|jobs| !jobs.busy())
    });
    assert_eq!(posts_to(&harness, "/v2/orders/estimate").len(), before);
}

/// An order whose connection the sandbox drops after it is carried out: the window says the
/// outcome is unknown and offers a check, never a resend; the check finds the order by its
/// workspace and name, and the journal is settled.
#[test]
fn a_up42_order_whose_answer_is_lost_is_checked_never_resent() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = with_the_display_form(&dir);
    wait_until(&mut harness, "the estimate", |app| {
        app.state.up42.estimated_credits().is_some()
    });
    open_the_confirmation(&mut harness);
    crate::gui_common::tasking::sandbox(
        &harness,
        reqwest::Method::PUT,
        "/sandbox/faults",
        Some(serde_json::json!({"drop_next": "after"})),
    );
    harness.get_by_label("Confirm UP42 order").click();
    harness.step();
    wait_until(&mut harness, "the outcome", |app| {
        matches!(app.state.up42.order, Up42Step::Unknown { .. })
    });
    let orders = posts_to(&harness, "/v2/orders");
    assert_eq!(orders.len(), 1);
    assert_eq!(orders[0]["outcome"], "fault_drop_after");
    assert!(shows(&harness, "Sent, outcome unknown"));
    harness.state_mut().up42_command(Up42Command::Confirm);
    press(&mut harness, "Check the UP42 order");
    wait_until(&mut harness, "the check", |app| {
        !matches!(app.state.up42.order, Up42Step::Checking { .. })
    });
    let order = &harness.state().state.up42.order;
    assert!(matches!(order, Up42Step::Placed { .. }), "{order:?}");
    assert!(shows(&harness, "the order went through"));
    assert_eq!(posts_to(&harness, "/v2/orders").len(), 1, "never resent");
    let journal = std::fs::read_to_string(dir.path().join("orders.jsonl")).unwrap();
    assert_eq!(
        journal.lines().count(),
        3,
        "sending, unknown, settled: {journal}"
    );
}

/// A second order of the same image with another body (another mode) is said before anything
/// is sent and waits for "Buy it again"; the same body again is held back by the journal.
#[test]
fn an_earlier_up42_order_of_the_same_image_is_said_before_buying_again() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = with_the_display_form(&dir);
    let estimated = |app: &SattaskApp| {
        app.state.up42.estimated_credits().is_some() && app.state.up42.estimate.waiting().is_none()
    };
    wait_until(&mut harness, "the estimate", estimated);
    open_the_confirmation(&mut harness);
    assert!(
        harness
            .state()
            .state
            .up42
            .order
            .draft()
            .unwrap()
            .earlier
            .is_empty()
    );
    press(&mut harness, "Confirm UP42 order");
    wait_until(&mut harness, "the first order", |app| {
        matches!(app.state.up42.order, Up42Step::Placed { .. })
    });
    press(&mut harness, "New UP42 order");
    press(&mut harness, "Acquisition mode: STEREO");
    wait_until(&mut harness, "the stereo estimate", |app| {
        estimated(app)
            && app.state.up42.checked.params.get("acquisitionMode")
                == Some(&serde_json::json!("STEREO"))
    });
    open_the_confirmation(&mut harness);
    assert!(shows(
        &harness,
        "Already bought? An earlier order buys the same image"
    ));
    assert!(shows(&harness, "an overlapping window"));
    harness.state_mut().up42_command(Up42Command::Confirm);
    harness.run_steps(2);
    assert!(
        matches!(harness.state().state.up42.order, Up42Step::Confirming(_)),
        "Confirm waits for the second choice"
    );
    assert_eq!(posts_to(&harness, "/v2/orders").len(), 1);
    press(
        &mut harness,
        "Buy it again: I mean a second order of the same image",
    );
    press(&mut harness, "Confirm UP42 order");
    wait_until(&mut harness, "the second order", |app| {
        matches!(app.state.up42.order, Up42Step::Placed { .. })
    });
    assert_eq!(posts_to(&harness, "/v2/orders").len(), 2);
    // The same body as the second order: the journal holds it back, nothing is sent.
    press(&mut harness, "New UP42 order");
    open_the_confirmation(&mut harness);
    press(
        &mut harness,
        "Buy it again: I mean a second order of the same image",
    );
    press(&mut harness, "Confirm UP42 order");
    wait_until(&mut harness, "the refusal", |app| {
        matches!(app.state.up42.order, Up42Step::Refused { .. })
    });
    assert!(shows(&harness, "already went through"));
    assert_eq!(
        posts_to(&harness, "/v2/orders").len(),
        2,
        "never sent twice"
    );
}
