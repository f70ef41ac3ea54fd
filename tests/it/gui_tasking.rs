//! The tasking workflow driven through the window (egui_kittest) against a sandbox inside the
//! app, as a person would: load contracts, get attempts, choose one, see the price, order once.

use crate::gui_common::tasking::{
    app_with, connection, logged, press, press_where, sandbox, wait_until,
};
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};
use geo::Coord;
use sattask::aoi::edit::Edit;
use sattask::app::SattaskApp;
use sattask::app::jobs::Jobs;
use sattask::state::command::TaskingCommand;
use sattask::state::connection::{Choice, ChoiceKind, Draft, Hidden};
use sattask::tasking::workflow::Slot;
use sattask::tasking::workflow::order::OrderStep;
use serde_json::json;

fn posts_to(harness: &Harness<'_, SattaskApp>, path: &str) -> usize {
    logged(harness, |r| r["method"] == "POST" && r["path"] == path).len()
}

/// Confirms the open order and sees the journal hold it back: the order POST already made
/// stays the only one.
fn confirm_is_held_back(harness: &mut Harness<'_, SattaskApp>) {
    // The contract's taskings hold the first order: the confirmation says "Already bought?"
    // and asks for the second choice; made, the journal still holds the same body back.
    crate::gui_common::tasking::confirm_past_earlier(harness, "Confirm order");
    harness.step();
    wait_until(harness, "the refusal", |app| {
        matches!(app.state.tasking.order, OrderStep::Refused { .. })
    });
    assert!(
        harness
            .query_by_label_contains("the same order already went through")
            .is_some()
    );
    assert_eq!(
        posts_to(harness, "/api/v1/orders"),
        1,
        "still one order POST"
    );
}

pub(crate) fn contracts_loaded(app: &SattaskApp) -> bool {
    app.state.tasking.contracts.ready().is_some()
}

/// A window on the sandbox inside the app (journal in a new folder), its contracts loaded.
pub(crate) fn loaded() -> (tempfile::TempDir, Harness<'static, SattaskApp>) {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = app_with(connection(&dir));
    wait_until(&mut harness, "the contracts", contracts_loaded);
    (dir, harness)
}

/// `Get attempts`, clicked.
fn get_attempts(harness: &mut Harness<'_, SattaskApp>) {
    harness.get_by_label("Get attempts").click();
    harness.run_steps(2);
}

/// Loads contracts, gets attempts, chooses the first orderable one and waits for its price.
pub(crate) fn priced(harness: &mut Harness<'_, SattaskApp>) {
    get_attempts(harness);
    wait_until(harness, "the attempts", |app| {
        !matches!(app.state.tasking.attempts, Slot::Waiting(_))
    });
    let count = harness
        .state()
        .state
        .tasking
        .attempts
        .ready()
        .map(|a| a.attempts.len())
        .unwrap();
    assert!(count > 0, "the sandbox proposes attempts over Toulouse");
    assert_eq!(
        harness.state().state.footprints.items().len(),
        count,
        "every footprint is on the map"
    );
    // The first orderable attempt of the list (its countdown may tick while it is pressed).
    press_where(harness, |l| {
        l.contains("order within") && l.contains("covers")
    });
    assert!(harness.state().state.tasking.selection.chosen.is_some());
    wait_until(harness, "the price", |app| {
        app.state.tasking.price.ready().is_some()
    });
    assert!(harness.query_by_label_contains("Amount").is_some());
}

#[test]
fn a_person_orders_once_from_the_window() {
    let (dir, mut harness) = loaded();
    priced(&mut harness);
    let amount = harness
        .state()
        .state
        .tasking
        .price
        .ready()
        .unwrap()
        .total_amount;
    press(&mut harness, "Order…");
    // The dialog fades in over a few frames.
    wait_until(&mut harness, "the confirmation", |_| true);
    harness.run_steps(5);
    // The confirmation names the amount.
    let amount_text = sattask::tasking::amount::money(amount, "EUR");
    let charged = format!("{amount_text} will be charged");
    assert!(
        harness.query_by_label_contains(&charged).is_some(),
        "{charged}"
    );
    let ordered = harness.state().state.tasking.selection.chosen;
    let confirm = harness.get_by_label("Confirm order");
    confirm.click();
    confirm.click();
    harness.step();
    // Whatever else arrives meanwhile, a confirm while it is on its way sends nothing.
    harness.state_mut().tasking(TaskingCommand::Confirm);
    harness.state_mut().tasking(TaskingCommand::Confirm);
    wait_until(&mut harness, "the order", |app| {
        matches!(app.state.tasking.order, OrderStep::Placed { .. })
    });
    assert!(harness.query_by_label_contains("Done: order").is_some());
    assert_eq!(
        posts_to(&harness, "/api/v1/orders"),
        1,
        "exactly one order POST"
    );
    let journal = std::fs::read_to_string(dir.path().join("orders.jsonl")).unwrap();
    assert_eq!(journal.lines().count(), 2, "sending, then done: {journal}");
    // The second click of the double click was caught for a double click's time after the
    // dialog closed: it neither chose another attempt nor deselected the AOI beneath.
    let id = harness.state().state.aois[0].id;
    assert_eq!(
        harness.state().state.selected,
        Some(id),
        "the AOI stays selected"
    );
    assert_eq!(
        harness.state().state.tasking.selection.chosen,
        ordered,
        "the attempt ordered stays chosen"
    );
    // Clicks go through again once that time is over.
    harness.run_steps(30);
    assert!(harness.query_by_label("New order").is_some());
    // The same order again, under a new reference, is held back by the journal.
    press(&mut harness, "New order");
    press(&mut harness, "Order…");
    harness.run_steps(5);
    confirm_is_held_back(&mut harness);
}

/// An order whose connection the sandbox drops `point` ("before" or "after") it is carried
/// out, as the test chooses: the window says the outcome is unknown, offers Check (never
/// Retry), and the check's verdict goes to the journal.
fn an_order_whose_answer_is_lost(point: &str) {
    let placed = point == "after";
    let (dir, mut harness) = loaded();
    priced(&mut harness);
    press(&mut harness, "Order…");
    harness.run_steps(5);
    sandbox(
        &harness,
        reqwest::Method::PUT,
        "/sandbox/faults",
        Some(json!({"drop_next": point})),
    );
    harness.get_by_label("Confirm order").click();
    harness.step();
    wait_until(&mut harness, "the outcome", |app| {
        matches!(app.state.tasking.order, OrderStep::Unknown { .. })
    });
    let dropped = sandbox(&harness, reqwest::Method::GET, "/sandbox/requests", None)["requests"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["method"] == "POST" && r["path"] == "/api/v1/orders")
        .map(|r| r["outcome"].as_str().unwrap_or_default().to_owned())
        .unwrap();
    assert_eq!(dropped, format!("fault_drop_{point}"));
    assert!(harness.query_by_label_contains("Outcome unknown").is_some());
    assert!(harness.query_by_label("Retry").is_none());
    press(&mut harness, "Check");
    wait_until(&mut harness, "the check", |app| {
        !matches!(app.state.tasking.order, OrderStep::Checking { .. })
    });
    let order = &harness.state().state.tasking.order;
    if placed {
        assert!(matches!(order, OrderStep::Placed { .. }), "{order:?}");
        assert!(
            harness
                .query_all_by_label_contains("found on the service")
                .next()
                .is_some()
        );
    } else {
        assert_eq!(order, &OrderStep::Idle);
        assert!(
            harness
                .query_by_label_contains("the order was not placed")
                .is_some()
        );
    }
    assert_eq!(posts_to(&harness, "/api/v1/orders"), 1, "never resent");
    // The journal holds the check's verdict, so the same order is allowed again only if it
    // was not placed.
    let journal = std::fs::read_to_string(dir.path().join("orders.jsonl")).unwrap();
    let last = journal.lines().last().unwrap();
    let expected = if placed { "\"done\"" } else { "\"failed\"" };
    assert!(last.contains(expected), "{last}");
}

#[test]
fn an_order_dropped_after_it_was_carried_out_offers_check_which_finds_it() {
    an_order_whose_answer_is_lost("after");
}

#[test]
fn an_order_dropped_before_it_was_carried_out_offers_check_which_frees_it() {
    an_order_whose_answer_is_lost("before");
}

#[test]
fn an_aoi_edited_while_attempts_are_in_flight_drops_the_stale_answer() {
    let (_dir, mut harness) = loaded();
    sandbox(
        &harness,
        reqwest::Method::PUT,
        "/sandbox/faults",
        Some(json!({"latency_ms": 400})),
    );
    get_attempts(&mut harness);
    assert!(
        harness
            .query_by_label_contains("Asking OneAtlas for acquisition attempts")
            .is_some()
    );
    let id = harness.state().state.aois[0].id;
    harness
        .state_mut()
        .execute(sattask::state::command::Command::Edit(
            id,
            Edit::Translate {
                d_lon: 0.01,
                d_lat: 0.0,
            },
        ));
    wait_until(&mut harness, "the answer", |app| {
        app.state.tasking.dropped > 0
    });
    assert_eq!(harness.state().state.tasking.attempts, Slot::Idle);
    assert!(harness.state().state.footprints.items().is_empty());
}

#[test]
fn no_attempt_at_all_says_what_to_change() {
    let (_dir, mut harness) = loaded();
    let mut form = harness.state().state.tasking.form.clone();
    form.max_incidence_deg = 0.0;
    harness.state_mut().tasking(TaskingCommand::SetForm(form));
    get_attempts(&mut harness);
    wait_until(&mut harness, "the answer", |app| {
        matches!(app.state.tasking.attempts, Slot::Failed(_))
    });
    assert!(
        harness
            .query_by_label_contains("raise the maximum incidence angle")
            .is_some()
    );
}

#[test]
fn an_unreachable_host_says_to_check_the_network() {
    let dir = tempfile::tempdir().unwrap();
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    drop(listener);
    let mut connection = connection(&dir);
    connection.choice = Choice::Sandbox(url);
    connection.options.retry.max_attempts = 1;
    let mut harness = app_with(connection);
    wait_until(&mut harness, "the contracts", |app| {
        matches!(app.state.tasking.contracts, Slot::Failed(_))
    });
    assert!(
        harness
            .query_by_label_contains("check the network or the base URL")
            .is_some()
    );
    assert!(harness.query_by_label("Load contracts").is_some());
}

#[test]
fn too_many_requests_says_to_wait() {
    let dir = tempfile::tempdir().unwrap();
    let mut connection = connection(&dir);
    // The service allows one ordering call a minute; the client (wrongly) paces at 25 ms and
    // does not retry: the second call is refused with 429.
    connection.sandbox.ordering_min_interval_ms = 60_000;
    connection.options.retry.max_attempts = 1;
    let mut harness = app_with(connection);
    wait_until(&mut harness, "the contracts", contracts_loaded);
    get_attempts(&mut harness);
    wait_until(&mut harness, "the answer", |app| {
        matches!(app.state.tasking.attempts, Slot::Failed(_))
    });
    assert!(
        harness
            .query_all_by_label_contains("too many requests")
            .next()
            .is_some()
    );
}

#[test]
fn an_expired_token_mid_flow_is_renewed_without_a_word() {
    let (_dir, mut harness) = loaded();
    // Two hours later on the service's clock, the token the app holds is refused with 401.
    sandbox(
        &harness,
        reqwest::Method::POST,
        "/sandbox/clock/advance",
        Some(json!({"seconds": 7200})),
    );
    get_attempts(&mut harness);
    wait_until(&mut harness, "the attempts", |app| {
        !matches!(app.state.tasking.attempts, Slot::Waiting(_))
    });
    assert!(
        harness.state().state.tasking.attempts.ready().is_some(),
        "{:?}",
        harness.state().state.tasking.attempts
    );
    let tokens = sandbox(&harness, reqwest::Method::GET, "/sandbox/requests", None)["requests"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["path"].as_str().is_some_and(|p| p.contains("token")))
        .count();
    assert_eq!(tokens, 2, "one token at start, one renewal after the 401");
}

#[test]
fn an_invalid_aoi_disables_the_questions_and_says_why() {
    let (_dir, mut harness) = loaded();
    let id = harness.state().state.aois[0].id;
    // A bow tie: the edges cross.
    harness
        .state_mut()
        .execute(sattask::state::command::Command::Edit(
            id,
            Edit::MoveVertex {
                index: 1,
                to: Coord {
                    x: 1.3763809204101562,
                    y: 43.656198305413156,
                },
            },
        ));
    harness.step();
    assert!(
        harness
            .query_by_label_contains("Cannot ask yet: the AOI would be refused")
            .is_some()
    );
    assert!(
        harness
            .get_by_label("Get attempts")
            .accesskit_node()
            .is_disabled()
    );
}

#[test]
fn every_control_of_the_tasking_panel_is_named_and_an_idle_window_rests() {
    let (_dir, mut harness) = loaded();
    priced(&mut harness);
    let chosen = harness.state().state.tasking.selection.chosen.unwrap();
    harness
        .state_mut()
        .tasking(TaskingCommand::Compare(Some(usize::from(chosen == 0))));
    harness.run_steps(3);
    let (checked, unnamed) = crate::gui_common::unnamed_widgets(&harness);
    assert!(unnamed.is_empty(), "unnamed widgets: {unnamed:?}");
    assert!(checked > 20, "{checked} widgets checked");
    // What a person reads is text in the tree: the price, an attempt's angle, the comparison.
    assert!(
        harness
            .query_all_by_label_contains("incidence")
            .next()
            .is_some()
    );
    let price = harness
        .state()
        .state
        .tasking
        .price
        .ready()
        .unwrap()
        .total_amount;
    let amount = sattask::tasking::amount::money(price, "EUR");
    assert!(harness.query_by_label(&amount).is_some(), "{amount}");
    assert!(
        harness
            .query_all_by_label_contains("% of the AOI (")
            .next()
            .is_some()
    );
    // The window's first day is named for what it sets, and the date is its value.
    let start = harness.state().state.tasking.form.start.to_string();
    let picker = harness
        .query_all_by_label("From (UTC)")
        .find(|n| n.accesskit_node().role() == egui::accesskit::Role::Button)
        .expect("the date picker");
    assert_eq!(picker.accesskit_node().value(), Some(start));
    // Nothing in flight: the window stops asking for frames.
    assert!(harness.state().state.in_flight.is_empty());
    let steps = harness
        .try_run()
        .expect("the window keeps repainting while idle");
    assert!(steps < 10, "{steps} frames to settle");
}

#[test]
fn the_connection_changes_from_the_window_and_the_key_leaves_the_form() {
    let (_dir, mut harness) = loaded();
    press(&mut harness, "Connection");
    let url = harness
        .state()
        .jobs
        .as_ref()
        .and_then(Jobs::sandbox_url)
        .unwrap();
    // OneAtlas through a proxy (here: the sandbox), with a key typed for this session only.
    harness
        .state_mut()
        .tasking(TaskingCommand::EditConnection(Draft {
            kind: ChoiceKind::OneAtlas,
            base_url: url.clone(),
            key: Hidden(String::new()),
            up42_user: "sandbox@example.com".to_owned(),
            up42_password: Hidden("sandbox".to_owned()),
            remember: false,
        }));
    harness.run_steps(2);
    let field = harness.get_by_label("OneAtlas API key");
    field.focus();
    field.type_text("sandbox");
    harness.run_steps(2);
    press(&mut harness, "Connect");
    wait_until(&mut harness, "the new connection", |app| {
        !app.state.connection.connecting && contracts_loaded(app)
    });
    assert_eq!(
        harness.state().state.connection.choice,
        Choice::OneAtlas(Some(url))
    );
    let draft = &harness.state().state.connection.draft;
    assert!(
        draft.key.0.is_empty() && draft.up42_password.0.is_empty(),
        "the secrets left the form"
    );
    // UP42 quotations through the same proxy, with the login typed.
    harness.state_mut().tasking(TaskingCommand::ShowView(
        sattask::state::PanelView::Quotations,
    ));
    wait_until(&mut harness, "the quotations", |app| {
        app.state.tracking.quotations.ready().is_some()
    });
    harness
        .state_mut()
        .tasking(TaskingCommand::ShowView(sattask::state::PanelView::Task));
    harness.run_steps(2);
    assert!(
        harness
            .query_by_label_contains("for this session only")
            .is_some()
    );
    assert!(
        harness
            .query_by_label_contains("Requests go to Airbus OneAtlas through")
            .is_some()
    );
    // A wrong key is refused with what to do.
    let url = harness
        .state()
        .jobs
        .as_ref()
        .and_then(Jobs::sandbox_url)
        .unwrap();
    harness
        .state_mut()
        .tasking(TaskingCommand::EditConnection(Draft {
            kind: ChoiceKind::OneAtlas,
            base_url: url,
            key: Hidden("wrong".to_owned()),
            remember: false,
            ..Draft::default()
        }));
    harness.state_mut().tasking(TaskingCommand::Connect);
    wait_until(&mut harness, "the refusal", |app| {
        matches!(app.state.tasking.contracts, Slot::Failed(_))
    });
    assert!(
        harness
            .query_all_by_label_contains("check the API key")
            .next()
            .is_some()
    );
}

#[test]
fn a_oneplan_is_checked_priced_and_ordered() {
    let (_dir, mut harness) = loaded();
    let mut form = harness.state().state.tasking.form.clone();
    form.offer = sattask::aoi::mission::Offer::OnePlan;
    harness.state_mut().tasking(TaskingCommand::SetForm(form));
    harness.run_steps(2);
    assert!(
        harness
            .get_by_label("Get attempts")
            .accesskit_node()
            .is_disabled()
    );
    press(&mut harness, "Check feasibility");
    wait_until(&mut harness, "the feasibility", |app| {
        app.state.tasking.feasibility.ready().is_some()
    });
    // The card says what the answer means, in words.
    let manual = harness.state().state.tasking.manual_study();
    let meaning = if manual {
        "MANUAL: Airbus studies the request by hand"
    } else {
        "AUTOMATIC: priced and ordered now"
    };
    assert!(
        harness.query_by_label_contains(meaning).is_some(),
        "{meaning}"
    );
    if !manual {
        wait_until(&mut harness, "the price", |app| {
            app.state.tasking.price.ready().is_some()
        });
    }
    press(&mut harness, "Order…");
    harness.run_steps(5);
    harness.get_by_label("Confirm order").click();
    harness.run_steps(2);
    wait_until(&mut harness, "the order", |app| {
        matches!(app.state.tasking.order, OrderStep::Placed { .. })
    });
    let body = sandbox(&harness, reqwest::Method::GET, "/sandbox/requests", None)["requests"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["method"] == "POST" && r["path"] == "/api/v1/orders")
        .map(|r| r["body"].to_string())
        .unwrap();
    for key in [
        "acqPeriod",
        "classification",
        "feasibilityAutomation",
        "maxIncidenceAngle",
    ] {
        assert!(body.contains(key), "{key} in {body}");
    }
}

/// The `sattask api order` command line that asks for what `body` asks (the AOI as inline
/// WKT), with another customer reference, on the journal in `dir` and the sandbox inside the
/// window of `harness`.
fn cli_order(
    body: &sattask::api::oneatlas::models::OrderRequest,
    dir: &tempfile::TempDir,
    harness: &Harness<'_, SattaskApp>,
) -> std::process::Output {
    let base = harness
        .state()
        .jobs
        .as_ref()
        .unwrap()
        .sandbox_url()
        .unwrap();
    let ring = body.aoi[0].geometry.coordinates[0]
        .iter()
        .map(|p| format!("{} {}", p[0], p[1]))
        .collect::<Vec<_>>()
        .join(", ");
    let item = &body.items[0];
    let mut args = vec![
        "api".to_owned(),
        "--base-url".to_owned(),
        base,
        "order".to_owned(),
        "--aoi".to_owned(),
        format!("POLYGON (({ring}))"),
        "--contract".to_owned(),
        body.contract_id.to_string(),
        "--product".to_owned(),
        item.product_type_id.to_string(),
        "--customer-ref".to_owned(),
        "typed-in-a-script".to_owned(),
        "--yes".to_owned(),
    ];
    if let Some(key) = &item.segment_key {
        args.extend(["--segment-key".to_owned(), key.clone()]);
    }
    for option in &body.options_per_product_type[0].options {
        let value = option
            .value
            .as_str()
            .map_or_else(|| option.value.to_string(), str::to_owned);
        args.extend(["--option".to_owned(), format!("{}={value}", option.key)]);
    }
    if let Some(delivery) = &body.delivery {
        args.extend(["--workspace".to_owned(), delivery.workspace.to_string()]);
    }
    if let Some(market) = &body.primary_market {
        args.extend(["--market".to_owned(), market.clone()]);
    }
    std::process::Command::new(env!("CARGO_BIN_EXE_sattask"))
        .args(&args)
        .env("SATTASK_DATA_DIR", dir.path())
        // The sandbox inside the app paces at 20 ms.
        .env("SATTASK_ORDERING_INTERVAL_MS", "25")
        .output()
        .unwrap()
}

#[test]
fn the_same_order_from_the_window_then_the_command_line_is_held_back() {
    let (dir, mut harness) = loaded();
    priced(&mut harness);
    press(&mut harness, "Order…");
    harness.run_steps(5);
    harness.get_by_label("Confirm order").click();
    harness.step();
    wait_until(&mut harness, "the order", |app| {
        matches!(app.state.tasking.order, OrderStep::Placed { .. })
    });
    let OrderStep::Placed { draft, .. } = &harness.state().state.tasking.order else {
        panic!("the order is placed");
    };
    let body = draft.body();
    let output = cli_order(&body, &dir, &harness);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("the same order was already sent") && stderr.contains("went through"),
        "{stderr}"
    );
    assert_eq!(posts_to(&harness, "/api/v1/orders"), 1, "one order POST");
}

#[test]
fn the_same_order_from_the_command_line_then_the_window_is_held_back() {
    let (dir, mut harness) = loaded();
    priced(&mut harness);
    press(&mut harness, "Order…");
    harness.run_steps(5);
    // What the window would send, sent first from a script.
    let OrderStep::Confirming(draft) = &harness.state().state.tasking.order else {
        panic!("the confirmation is open");
    };
    let body = draft.body();
    let output = cli_order(&body, &dir, &harness);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(0), "{stderr}");
    assert_eq!(posts_to(&harness, "/api/v1/orders"), 1);
    confirm_is_held_back(&mut harness);
}

#[test]
fn five_option_changes_in_a_second_send_at_most_one_price_after_the_last() {
    // The real pacing (one ordering call a second, on both sides), so that requests queue.
    let dir = tempfile::tempdir().unwrap();
    let mut connection = connection(&dir);
    connection.sandbox.ordering_min_interval_ms = 1000;
    connection.options.ordering_interval = std::time::Duration::from_secs(1);
    let mut harness = app_with(connection);
    wait_until(&mut harness, "the contracts", contracts_loaded);
    priced(&mut harness);
    let before = posts_to(&harness, "/api/v1/prices");
    let started = std::time::Instant::now();
    let formats = [
        "dimap_geotiff",
        "dimap_jpeg2000_regular",
        "dimap_geotiff",
        "dimap_jpeg2000_regular",
        "dimap_geotiff",
    ];
    for format in formats {
        harness.state_mut().tasking(TaskingCommand::SetOption(
            "image_format".to_owned(),
            format.to_owned(),
        ));
        harness.step();
    }
    let changes_took = started.elapsed();
    let last_change = std::time::Instant::now();
    let during = posts_to(&harness, "/api/v1/prices") - before;
    wait_until(&mut harness, "the fresh price", |app| {
        app.state.tasking.price.ready().is_some()
    });
    let fresh_after = last_change.elapsed();
    let after = posts_to(&harness, "/api/v1/prices") - before - during;
    // Measured, not asserted (BENCHMARKS.md, "Superseded requests").
    println!(
        "five option changes in {changes_took:.2?}: {during} price(s) sent during the changes, {after} after; the fresh price {fresh_after:.2?} after the last change"
    );
    // The price shown answers the last change (the workflow takes only its latest request).
    let form = &harness.state().state.tasking.form;
    assert!(
        form.options
            .iter()
            .any(|(k, v)| k == "image_format" && v == "dimap_geotiff"),
        "{:?}",
        form.options
    );
    assert!(after <= 1, "{after} prices sent after the last change");
    assert!(
        during + after <= 2,
        "superseded prices reached the wire: {during} during the changes, {after} after"
    );
}

#[test]
fn a_second_window_on_one_sandbox_world_is_refused_it_naming_the_first() {
    let dir = tempfile::tempdir().unwrap();
    let state_file = dir.path().join("sandbox-state.json");
    let mut first = connection(&dir);
    first.sandbox.state_file = Some(state_file.clone());
    let first = Jobs::start(first).unwrap();
    let me = format!("in use by another sattask (process {}", std::process::id());
    // On the sandbox inside the app, a second window cannot task: it says who holds the world.
    let mut second = connection(&dir);
    second.sandbox.state_file = Some(state_file.clone());
    let Err(refused) = Jobs::start(second) else {
        panic!("two sandboxes would write one world");
    };
    assert!(refused.contains(&me), "{refused}");
    // Started on another service (here the first window's sandbox, by its URL), it works
    // without a sandbox of its own, and says why.
    let url = first.sandbox_url().unwrap();
    let mut elsewhere = sattask::app::jobs::Connection::new(
        Some(sattask::api::credentials::Backend::Sandbox),
        Some(url),
    )
    .unwrap();
    elsewhere.journal = dir.path().join("orders.jsonl");
    elsewhere.sandbox.state_file = Some(state_file);
    let jobs = Jobs::start(elsewhere).unwrap();
    assert!(jobs.sandbox_url().is_none());
    let note = jobs.note.clone().unwrap();
    assert!(note.contains(&me), "{note}");
}
