//! Following orders through the window (egui_kittest) against the sandbox inside the app, with
//! its clock advanced: an order's tasking appears, a proposed acquisition is accepted once, a
//! UP42 quotation is accepted once and shows as accepted, a decided one offers no decision.

use crate::gui_common::tasking::{
    app_with, connection, logged, press, press_where, sandbox, wait_until,
};
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};
use sattask::aoi::mission::Offer;
use sattask::app::SattaskApp;
use sattask::state::PanelView;
use sattask::state::command::TaskingCommand;
use sattask::tasking::act::ActStep;
use sattask::tasking::workflow::Slot;
use sattask::tasking::workflow::order::OrderStep;
use serde_json::{Value, json};

/// Asserts that a notice of the window says `words`.
fn assert_noticed(harness: &Harness<'_, SattaskApp>, words: &str) {
    let notices = &harness.state().state.notices;
    assert!(
        notices.iter().any(|n| n.text.contains(words)),
        "{words:?} not in {notices:?}"
    );
}

fn window(dir: &tempfile::TempDir) -> Harness<'static, SattaskApp> {
    let mut harness = app_with(connection(dir));
    wait_until(&mut harness, "the contracts", |app| {
        app.state.tasking.contracts.ready().is_some()
    });
    harness
}

/// Presses a decision's button, checks the confirmation says `consequence`, confirms twice as a
/// hurried person would (and once more from the code), and waits for the decision to end.
fn decide(harness: &mut Harness<'_, SattaskApp>, button: &str, consequence: &str) {
    press(harness, button);
    harness.run_steps(5);
    assert!(
        harness.query_by_label_contains(consequence).is_some(),
        "{consequence}"
    );
    let confirm = harness.get_by_label("Confirm");
    confirm.click();
    confirm.click();
    harness.step();
    harness.state_mut().tasking(TaskingCommand::ConfirmAct);
    wait_until(harness, "the decision", |app| {
        !app.state.tracking.act.busy() && !matches!(app.state.tracking.act, ActStep::Confirming(_))
    });
}

/// Opens the Quotations view; the first quotation listed and its short id (as on its buttons).
fn first_quotation(
    harness: &mut Harness<'_, SattaskApp>,
) -> (sattask::api::up42::models::Quotation, String) {
    press(harness, "Quotations");
    wait_until(harness, "the quotations", |app| {
        app.state.tracking.quotations.ready().is_some()
    });
    let page = harness.state().state.tracking.quotations.ready().unwrap();
    let quotation = page.content[0].clone();
    let short = sattask::ui::tracking::quotations::short_id(quotation.id.as_str());
    (quotation, short)
}

fn posts_matching(harness: &Harness<'_, SattaskApp>, part: &str) -> usize {
    logged(harness, |r| {
        r["method"] == "POST" && r["path"].as_str().is_some_and(|p| p.contains(part))
    })
    .len()
}

/// Orders a Pléiades OnePlan for the AOI through the window (feasibility, price, confirmation).
fn order_oneplan(harness: &mut Harness<'_, SattaskApp>) {
    let mut form = harness.state().state.tasking.form.clone();
    form.offer = Offer::OnePlan;
    form.max_cloud_pct = 20.0;
    form.proposal_cloud_pct = 80.0;
    harness.state_mut().tasking(TaskingCommand::SetForm(form));
    press(harness, "Check feasibility");
    wait_until(harness, "the feasibility", |app| {
        app.state.tasking.feasibility.ready().is_some()
    });
    if !harness.state().state.tasking.manual_study() {
        wait_until(harness, "the price", |app| {
            app.state.tasking.price.ready().is_some()
        });
    }
    wait_until(harness, "the order button", |app| {
        let target = app.state.tasking_target().unwrap();
        app.state
            .tasking
            .order_body(&target, time::OffsetDateTime::now_utc())
            .is_ok()
    });
    press(harness, "Order…");
    harness.run_steps(5);
    harness.get_by_label("Confirm order").click();
    harness.run_steps(2);
    wait_until(harness, "the order", |app| {
        matches!(app.state.tasking.order, OrderStep::Placed { .. })
    });
}

#[test]
fn a_proposed_acquisition_is_accepted_once_from_the_taskings_view() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = window(&dir);
    order_oneplan(&mut harness);
    press(&mut harness, "Taskings");
    wait_until(&mut harness, "the taskings", |app| {
        app.state
            .tracking
            .taskings
            .ready()
            .is_some_and(|l| !l.taskings.is_empty())
    });
    let id = harness
        .state()
        .state
        .tracking
        .taskings
        .ready()
        .unwrap()
        .taskings[0]
        .icr
        .id
        .clone();
    assert!(
        harness
            .query_all_by_label_contains("% acquired")
            .next()
            .is_some(),
        "a progress bar"
    );
    // Days pass on the service's clock until an acquisition waits for a decision.
    let mut proposed = false;
    for _ in 0..30 {
        sandbox(
            &harness,
            reqwest::Method::POST,
            "/sandbox/clock/advance",
            Some(json!({"seconds": 86_400})),
        );
        harness
            .state_mut()
            .tasking(TaskingCommand::OpenTasking(id.clone()));
        wait_until(&mut harness, "the acquisitions", |app| {
            app.state.tracking.segments.ready().is_some()
        });
        proposed = harness
            .state()
            .state
            .tracking
            .segments
            .ready()
            .unwrap()
            .segments
            .iter()
            .any(|s| {
                s.status
                    .as_deref()
                    .is_some_and(|st| st.eq_ignore_ascii_case("proposed"))
            });
        if proposed {
            break;
        }
    }
    assert!(
        proposed,
        "a proposed acquisition within the window: {:?} {:?}",
        harness.state().state.tracking.taskings,
        harness.state().state.tracking.segments
    );
    assert!(
        !harness.state().state.footprints.items().is_empty(),
        "acquisitions on the map"
    );
    // What no validated acquisition covers yet is drawn too.
    let left = harness
        .state()
        .state
        .tracking
        .still_to_acquire
        .clone()
        .unwrap();
    let drawn = harness
        .state()
        .state
        .footprints
        .items()
        .iter()
        .filter(|f| f.kind == sattask::state::FootprintKind::ToAcquire)
        .count();
    assert_eq!(drawn, left.rings.len());
    // The service filters the taskings with acquisitions to decide (hasProposedSegments).
    harness
        .get_by_label("Only with acquisitions to decide")
        .click();
    harness.run_steps(2);
    wait_until(&mut harness, "the filtered taskings", |app| {
        app.state.tracking.taskings.ready().is_some()
    });
    assert_eq!(harness.state().state.tracking.shown_taskings().len(), 1);
    assert!(
        !logged(&harness, |r| r["path"]
            .as_str()
            .is_some_and(|p| p.ends_with("/taskings"))
            && r["query"]
                .as_str()
                .is_some_and(|q| q.contains("hasProposedSegments=true")))
        .is_empty()
    );
    assert!(
        harness
            .query_by_label_contains("Not yet covered by a validated acquisition")
            .is_some()
    );
    let (checked, unnamed) = crate::gui_common::unnamed_widgets(&harness);
    assert!(unnamed.is_empty(), "unnamed widgets: {unnamed:?}");
    assert!(checked > 10, "{checked} widgets checked");
    let accept = harness
        .query_all_by(|n| n.label().is_some_and(|l| l.starts_with("Accept ")))
        .next()
        .map(|n| n.accesskit_node().label().unwrap().clone())
        .expect("an Accept button");
    // The dialog shows what is decided on: the acquisition's time, angle and clear sky, and its
    // quicklook, fetched as the dialog opens and kept in the cache.
    press(&mut harness, &accept);
    wait_until(&mut harness, "the quicklook", |app| {
        app.state
            .tracking
            .quicklooks
            .values()
            .all(|q| !matches!(q, Slot::Waiting(_)))
    });
    // The dialog fades in: step until it shows the image (or give up and let the assert say).
    for _ in 0..100 {
        if harness
            .query_by_label_contains("Quicklook of DS_")
            .is_some()
        {
            break;
        }
        harness.step();
    }
    assert!(
        harness
            .query_by_label_contains("Quicklook of DS_")
            .is_some(),
        "the quicklook in the dialog: {:?}",
        harness.state().state.tracking.quicklooks
    );
    assert!(
        harness
            .query_by_label_contains("% of the image (")
            .is_some()
    );
    let cached = std::fs::read_dir(dir.path().join("quicklooks"))
        .unwrap()
        .count();
    assert!(cached >= 1, "the quicklooks are cached on disk");
    press(&mut harness, "Cancel");
    decide(&mut harness, &accept, "is invoiced with it");
    assert!(matches!(
        harness.state().state.tracking.act,
        ActStep::Done { .. }
    ));
    assert!(
        harness
            .query_by_label_contains("Done: Accept acquisition")
            .is_some()
    );
    assert_eq!(posts_matching(&harness, "/accept"), 1, "one accept POST");
    // What was delivered to the contract's workspace, on the map with the tasking.
    press(&mut harness, "Show delivered imagery");
    wait_until(&mut harness, "the delivered imagery", |app| {
        app.state.tracking.delivered.ready().is_some()
    });
    let delivered = harness
        .state()
        .state
        .tracking
        .delivered
        .ready()
        .unwrap()
        .len();
    assert!(delivered > 0, "validated acquisitions are delivered");
    let on_map = harness
        .state()
        .state
        .footprints
        .items()
        .iter()
        .filter(|f| f.kind == sattask::state::FootprintKind::Delivered)
        .count();
    assert_eq!(on_map, delivered);
    assert!(
        harness
            .query_by_label_contains("delivered to the workspace, on the map")
            .is_some()
    );
}

#[test]
fn a_quotation_is_accepted_once_and_a_decided_one_offers_no_decision() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = window(&dir);
    let (quotation, short) = first_quotation(&mut harness);
    assert_eq!(harness.state().state.view, PanelView::Quotations);
    assert!(quotation.is_undecided());
    // The dialog names what the quotation is for and what its credits are worth.
    press(&mut harness, &format!("Accept {short}"));
    harness.run_steps(5);
    for term in ["For order", "Workspace", "Created", "Credits"] {
        assert!(harness.query_all_by_label(term).next().is_some(), "{term}");
    }
    assert!(
        harness
            .query_all_by_label_contains(" credits (")
            .next()
            .is_some()
    );
    press(&mut harness, "Cancel");
    decide(
        &mut harness,
        &format!("Accept {short}"),
        "will be spent from your UP42 account",
    );
    assert!(matches!(
        harness.state().state.tracking.act,
        ActStep::Done { .. }
    ));
    let patches = sandbox(&harness, reqwest::Method::GET, "/sandbox/requests", None)["requests"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["method"] == "PATCH")
        .count();
    assert_eq!(patches, 1, "one decision PATCH");
    // All decisions: the accepted one is read only.
    let mut filter = harness.state().state.tracking.quotation_filter.clone();
    filter.decision = None;
    harness
        .state_mut()
        .tasking(TaskingCommand::SetQuotationFilter(filter));
    harness.state_mut().tasking(TaskingCommand::LoadQuotations);
    wait_until(&mut harness, "the quotations", |app| {
        app.state.tracking.quotations.ready().is_some()
    });
    let row = harness
        .state()
        .state
        .tracking
        .quotations
        .ready()
        .unwrap()
        .content
        .iter()
        .find(|q| q.id == quotation.id)
        .cloned()
        .unwrap();
    assert_eq!(row.decision.as_deref(), Some("ACCEPTED"));
    assert!(harness.query_by_label(&format!("Accept {short}")).is_none());
    assert!(
        harness
            .query_by_label(&format!("Quotation {short}"))
            .is_some()
    );
    assert!(harness.query_all_by_label("accepted").next().is_some());
}

#[test]
fn a_neo_quotation_requested_from_the_window_is_accepted_once_and_becomes_an_order() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = window(&dir);
    // The Pléiades Neo contract, OnePlan: the order step asks for a quotation.
    let neo = harness
        .state()
        .state
        .tasking
        .contracts
        .ready()
        .unwrap()
        .iter()
        .find(|c| c.is_neo())
        .map(|c| c.contract_id.0.clone())
        .expect("a Neo contract in the sandbox");
    let mut form = harness.state().state.tasking.form.clone();
    form.contract = Some(neo);
    form.mission = sattask::aoi::mission::Mission::PleiadesNeo;
    form.offer = Offer::OnePlan;
    harness.state_mut().tasking(TaskingCommand::SetForm(form));
    press(&mut harness, "Check feasibility");
    wait_until(&mut harness, "the feasibility", |app| {
        app.state.tasking.feasibility.ready().is_some()
    });
    wait_until(&mut harness, "the options", |app| {
        app.state.tasking.options.ready().is_some()
    });
    press(&mut harness, "Request quotation…");
    harness.run_steps(5);
    confirm_quotation_request(&mut harness);
    harness.run_steps(2);
    wait_until(&mut harness, "the quotation request", |app| {
        matches!(app.state.tasking.order, OrderStep::Placed { .. })
    });
    // Airbus's study takes two hours on the service's clock.
    sandbox(
        &harness,
        reqwest::Method::POST,
        "/sandbox/clock/advance",
        Some(json!({"seconds": 3 * 3600})),
    );
    press(&mut harness, "Taskings");
    wait_until(&mut harness, "the Neo orders", |app| {
        app.state
            .tracking
            .neo_orders
            .ready()
            .is_some_and(|r| !r.is_empty())
    });
    let accept = harness
        .query_all_by(|n| {
            n.label()
                .is_some_and(|l| l.starts_with("Accept quotation "))
        })
        .next()
        .map(|n| n.accesskit_node().label().unwrap().clone())
        .expect("a quotation to accept");
    // The row and the dialog say until when it can be accepted, and for how much.
    assert!(
        harness
            .query_by_label_contains("to accept before 20")
            .is_some()
    );
    press(&mut harness, &accept);
    harness.run_steps(5);
    for term in ["Valid until", "Amount", "Created"] {
        assert!(harness.query_all_by_label(term).next().is_some(), "{term}");
    }
    assert!(harness.query_all_by_label_contains(" EUR").next().is_some());
    press(&mut harness, "Cancel");
    decide(&mut harness, &accept, "is charged to contract");
    assert!(matches!(
        harness.state().state.tracking.act,
        ActStep::Done { .. }
    ));
    assert_eq!(
        logged(&harness, |r| r["method"] == "PUT"
            && r["path"].as_str().is_some_and(|p| p.ends_with("/accept")))
        .len(),
        1,
        "one quotation acceptance"
    );
    // The list asked again after the decision: the quotation is an order item now.
    wait_until(&mut harness, "the refreshed orders", |app| {
        app.state
            .tracking
            .neo_orders
            .ready()
            .is_some_and(|records| {
                records
                    .iter()
                    .any(|r| r.get("orderItemId").and_then(|v| v.as_str()).is_some())
            })
    });
}

#[test]
fn an_order_left_unclear_by_an_earlier_run_is_shown_at_start_and_checked_only_where_it_went() {
    use sattask::api::CheckHint;
    use sattask::api::ids::ContractId;
    use sattask::tasking::spend::journal::{
        Destination, Entry, EntryState, Journal, SpendKind, Stamp,
    };
    let dir = tempfile::tempdir().unwrap();
    let state_file = dir.path().join("sandbox-state.json");
    let lost = |id: &str, at, reference: &str, went_to| Entry {
        id: id.into(),
        at: Stamp(at),
        kind: SpendKind::Order,
        digest: format!("d-{id}"),
        customer_reference: Some(reference.into()),
        state: EntryState::Sending,
        detail: None,
        check: Some(CheckHint::Taskings {
            contract: ContractId("CTR24000001".into()),
            customer_reference: Some(reference.into()),
        }),
        went_to,
        pid: None,
        bought: None,
    };
    // Earlier runs wrote "sending" and then crashed before the answer: one before entries
    // recorded where they went (host unknown), one to this window's sandbox.
    let journal = Journal::at(dir.path().join("orders.jsonl"));
    journal
        .append(&lost(
            "earlier-1",
            time::macros::datetime!(2026-11-29 09:00 UTC),
            "lost-ref",
            None,
        ))
        .unwrap();
    journal
        .append(&lost(
            "earlier-2",
            time::macros::datetime!(2026-11-29 10:00 UTC),
            "lost-here",
            Some(Destination::in_app(&state_file)),
        ))
        .unwrap();
    let mut connection = connection(&dir);
    connection.sandbox.state_file = Some(state_file);
    let mut harness = app_with(connection);
    wait_until(&mut harness, "the contracts", |app| {
        app.state.tasking.contracts.ready().is_some()
    });
    assert!(
        harness
            .query_by_label_contains(
                "with no clear answer: order (reference lost-ref); where it went is unknown"
            )
            .is_some()
    );
    assert!(
        harness
            .query_by_label_contains("(reference lost-here); it went to the sandbox inside the app")
            .is_some()
    );
    // Where the first went is unknown: a sandbox could not find it, so it is not checked here.
    press(&mut harness, "Check the order sent at 2026-11-29T09:00:00Z");
    wait_until(&mut harness, "the refused check", |app| {
        !app.state.tracking.checking("earlier-1")
    });
    assert_noticed(&harness, "host unknown");
    assert_eq!(harness.state().state.tracking.unclear.len(), 2);
    // The second went to this window's sandbox: checked there and settled.
    press(&mut harness, "Check the order sent at 2026-11-29T10:00:00Z");
    wait_until(&mut harness, "the check", |app| {
        app.state.tracking.unclear.len() == 1
    });
    assert_noticed(&harness, "did not happen");
    let journal = std::fs::read_to_string(dir.path().join("orders.jsonl")).unwrap();
    let last = journal.lines().last().unwrap();
    assert!(
        last.contains("\"failed\"") && last.contains("earlier-2"),
        "{journal}"
    );
    assert_eq!(
        journal.lines().count(),
        3,
        "the first entry is left as it was"
    );
}

#[test]
fn a_quotation_decided_elsewhere_shows_the_service_error_and_refreshes() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = window(&dir);
    let (quotation, short) = first_quotation(&mut harness);
    press(&mut harness, &format!("Reject {short}"));
    harness.run_steps(5);
    // Meanwhile someone accepts it on the UP42 console (here: straight to the sandbox).
    let jobs = harness.state().jobs.as_ref().unwrap();
    let base = jobs.sandbox_url().unwrap();
    let id = quotation.id.0.clone();
    jobs.block_on(async move {
        let client = reqwest::Client::new();
        let token: Value = client
            .post(format!(
                "{base}/realms/public/protocol/openid-connect/token"
            ))
            .form(&[
                ("client_id", "up42-api"),
                ("grant_type", "password"),
                ("username", "sandbox@example.com"),
                ("password", "sandbox"),
            ])
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let answer = client
            .patch(format!("{base}/v2/tasking/quotation/{id}"))
            .bearer_auth(token["access_token"].as_str().unwrap())
            .header("content-type", "application/merge-patch+json")
            .body(r#"{"decision":"ACCEPTED"}"#)
            .send()
            .await
            .unwrap();
        assert!(answer.status().is_success(), "{}", answer.status());
    });
    harness.get_by_label("Confirm").click();
    harness.run_steps(2);
    wait_until(&mut harness, "the refusal", |app| {
        matches!(app.state.tracking.act, ActStep::Refused { .. })
    });
    assert!(
        harness
            .query_by_label_contains("Not done: Reject quotation")
            .is_some()
    );
    // The list was asked again: the row is read only now.
    wait_until(&mut harness, "the refreshed list", |app| {
        app.state
            .tracking
            .quotations
            .ready()
            .is_some_and(|p| p.content.iter().all(|q| q.id != quotation.id))
    });
    assert!(harness.query_by_label(&format!("Reject {short}")).is_none());
}

/// Requests a Pléiades Neo OnePlan quotation for the AOI through the window.
fn request_neo_quotation(harness: &mut Harness<'_, SattaskApp>, window_days: i64) {
    let neo = harness
        .state()
        .state
        .tasking
        .contracts
        .ready()
        .unwrap()
        .iter()
        .find(|c| c.is_neo())
        .map(|c| c.contract_id.0.clone())
        .unwrap();
    let mut form = harness.state().state.tasking.form.clone();
    form.contract = Some(neo);
    form.mission = sattask::aoi::mission::Mission::PleiadesNeo;
    form.offer = Offer::OnePlan;
    form.max_cloud_pct = 10.0;
    form.proposal_cloud_pct = 60.0;
    form.end = form.start + time::Duration::days(window_days);
    harness.state_mut().tasking(TaskingCommand::SetForm(form));
    press(harness, "Check feasibility");
    wait_until(harness, "the feasibility", |app| {
        app.state.tasking.feasibility.ready().is_some()
            && app.state.tasking.options.ready().is_some()
    });
    press(harness, "Request quotation…");
    harness.run_steps(5);
    confirm_quotation_request(harness);
    harness.run_steps(2);
    wait_until(harness, "the quotation request", |app| {
        matches!(app.state.tasking.order, OrderStep::Placed { .. })
    });
    harness.state_mut().tasking(TaskingCommand::NewOrder);
}

/// Confirms the quotation request; a second one for the same AOI and window is another
/// purchase of the same image: the confirmation names the first, and it is asked for on purpose.
fn confirm_quotation_request(harness: &mut Harness<'_, SattaskApp>) {
    crate::gui_common::tasking::confirm_past_earlier(harness, "Confirm quotation request");
}

fn labels_starting(harness: &Harness<'_, SattaskApp>, start: &str) -> Vec<String> {
    harness
        .query_all_by(|n| n.label().is_some_and(|l| l.starts_with(start)))
        .map(|n| n.accesskit_node().label().unwrap().clone())
        .collect()
}

#[test]
fn a_proposed_neo_coverage_item_is_accepted_once_from_the_window() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = window(&dir);
    // Two order items: the sandbox's first one gets no proposal.
    request_neo_quotation(&mut harness, 40);
    request_neo_quotation(&mut harness, 41);
    sandbox(
        &harness,
        reqwest::Method::POST,
        "/sandbox/clock/advance",
        Some(json!({"seconds": 3 * 3600})),
    );
    harness
        .state_mut()
        .tasking(TaskingCommand::ShowView(PanelView::Taskings));
    wait_until(&mut harness, "the Neo orders", |app| {
        app.state.tracking.neo_orders.ready().is_some()
    });
    for _ in 0..2 {
        let Some(accept) = labels_starting(&harness, "Accept quotation ")
            .into_iter()
            .next()
        else {
            break;
        };
        decide(&mut harness, &accept, "is charged to contract");
        harness.state_mut().tasking(TaskingCommand::DismissAct);
        wait_until(&mut harness, "the refreshed orders", |app| {
            app.state.tracking.neo_orders.ready().is_some()
        });
    }
    // Forty days on, acquisitions have come in.
    sandbox(
        &harness,
        reqwest::Method::POST,
        "/sandbox/clock/advance",
        Some(json!({"seconds": 40 * 86_400})),
    );
    harness.state_mut().tasking(TaskingCommand::LoadTaskings);
    wait_until(&mut harness, "the Neo orders", |app| {
        app.state.tracking.neo_orders.ready().is_some()
    });
    let items: Vec<String> = harness
        .state()
        .state
        .tracking
        .neo_orders
        .ready()
        .unwrap()
        .iter()
        .filter_map(|r| {
            r.get("orderItemId")
                .and_then(|v| v.as_str())
                .map(str::to_owned)
        })
        .collect();
    assert_eq!(items.len(), 2, "both quotations became order items");
    let mut accepted = false;
    for item in items {
        harness
            .state_mut()
            .tasking(TaskingCommand::OpenOrderItem(item));
        wait_until(&mut harness, "the coverage", |app| {
            app.state.tracking.coverages.ready().is_some()
        });
        let buttons: Vec<String> = labels_starting(&harness, "Accept ")
            .into_iter()
            .filter(|l| !l.starts_with("Accept quotation"))
            .collect();
        if let Some(button) = buttons.first() {
            assert!(
                !harness.state().state.footprints.items().is_empty(),
                "coverage on the map"
            );
            decide(&mut harness, button, "counts toward the order item");
            assert!(matches!(
                harness.state().state.tracking.act,
                ActStep::Done { .. }
            ));
            accepted = true;
            break;
        }
    }
    assert!(
        accepted,
        "a proposed coverage item in one of the two order items"
    );
    assert_eq!(
        posts_matching(&harness, "/accept"),
        1,
        "one coverage acceptance POST"
    );
}

#[test]
fn cancel_request_stops_the_tracking_loads_too() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = window(&dir);
    // The sandbox answers in 60 s: the loads stay on their way until cancelled.
    sandbox(
        &harness,
        reqwest::Method::PUT,
        "/sandbox/faults",
        Some(json!({"latency_ms": 60_000})),
    );
    harness
        .state_mut()
        .tasking(TaskingCommand::ShowView(PanelView::Taskings));
    harness.run_steps(2);
    let tracking = &harness.state().state.tracking;
    assert!(
        tracking.taskings.waiting().is_some(),
        "the taskings are asked for"
    );
    assert!(harness.query_by_label("Loading the taskings…").is_some());
    // Every spinner of the view has its `Cancel request`; press them all.
    while harness.query_by_label("Cancel request").is_some() {
        press_where(&mut harness, |l| l == "Cancel request");
    }
    let app = harness.state();
    assert!(app.state.in_flight.is_empty(), "{:?}", app.state.in_flight);
    assert!(!app.jobs.as_ref().unwrap().busy(), "the jobs were stopped");
    assert!(app.state.tracking.taskings.waiting().is_none());
    assert!(harness.query_by_label("Loading the taskings…").is_none());
}

#[test]
fn an_unclear_order_that_went_elsewhere_offers_to_connect_there_and_is_checked_there() {
    use sattask::api::CheckHint;
    use sattask::api::credentials::Backend;
    use sattask::api::ids::ContractId;
    use sattask::state::connection::Choice;
    use sattask::tasking::spend::journal::{
        Destination, Entry, EntryState, Journal, SpendKind, Stamp,
    };
    // Another sandbox, where an earlier run sent an order and crashed before the answer.
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .unwrap();
    let there = runtime.block_on(crate::common::start_sandbox(crate::common::unpaced(None)));
    let url = there.base_url();
    let dir = tempfile::tempdir().unwrap();
    Journal::at(dir.path().join("orders.jsonl"))
        .append(&Entry {
            id: "there-1".into(),
            at: Stamp(time::macros::datetime!(2026-11-29 11:00 UTC)),
            kind: SpendKind::Order,
            digest: "d-there".into(),
            customer_reference: Some("lost-there".into()),
            state: EntryState::Sending,
            detail: None,
            check: Some(CheckHint::Taskings {
                contract: ContractId("CTR24000001".into()),
                customer_reference: Some("lost-there".into()),
            }),
            went_to: Some(Destination::new(Backend::Sandbox, &url)),
            pid: None,
            bought: None,
        })
        .unwrap();
    let mut harness = window(&dir);
    let connect = format!("Connect to sandbox at {url} to check it");
    press(&mut harness, &connect);
    wait_until(&mut harness, "the reconnection", |app| {
        app.state.connection.choice == Choice::Sandbox(url.clone())
    });
    assert!(
        harness.query_by_label(&connect).is_none(),
        "connected there"
    );
    press(&mut harness, "Check the order sent at 2026-11-29T11:00:00Z");
    wait_until(&mut harness, "the check", |app| {
        app.state.tracking.unclear.is_empty()
    });
    assert_noticed(&harness, "did not happen");
}
