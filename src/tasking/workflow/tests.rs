//! Every transition of the workflow, with no window and no network.

use geo::Coord;
use time::macros::datetime;
use time::{Duration, OffsetDateTime};

use super::attempts::Attempt;
use super::*;
use crate::aoi::mission::Mission;
use crate::api::oneatlas::models::OptionList;

const NOW: OffsetDateTime = datetime!(2026-11-30 10:00 UTC);

fn aoi() -> Aoi {
    let ring = [
        (1.40, 43.60),
        (1.52, 43.60),
        (1.52, 43.69),
        (1.40, 43.69),
        (1.40, 43.60),
    ]
    .iter()
    .map(|&(x, y)| Coord { x, y })
    .collect();
    Aoi {
        name: "Toulouse west".into(),
        ring,
        holes: Vec::new(),
    }
}

fn target(aoi: &Aoi, revision: u64) -> Target<'_> {
    Target {
        key: AoiKey {
            id: crate::aoi::AoiId(1),
            revision,
        },
        aoi,
        refused: None,
    }
}

fn contracts() -> Vec<Contract> {
    serde_json::from_value(serde_json::json!([
        {"contractId": "CTR1", "name": "Legacy", "creditRemaining": "1000.0", "currency": "EUR",
         "backendSource": "legacy", "delivery": [{"deliveryWorkspace": "ws-1"}]},
        {"contractId": "NEO1", "name": "Neo", "backendSource": "neo", "delivery": []}
    ]))
    .unwrap()
}

fn options() -> OptionList {
    serde_json::from_value(serde_json::json!({"availableOptions": [
        {"name": "processing_level", "mandatory": true, "defaultValue": "ortho",
         "constraint": {"values": ["primary", "ortho"]}},
        {"name": "dem", "mandatory": "constraint", "constraint":
         {"condition": "processing_level:(ortho)", "values": ["best_available"]}}
    ]}))
    .unwrap()
}

fn attempt(satellite: &str, deadline: OffsetDateTime) -> Attempt {
    Attempt {
        satellite: satellite.into(),
        mission: "PLEIADES".into(),
        offer: "ONEDAY".into(),
        acquisition: Some(deadline + Duration::hours(20)),
        local_solar_time: Some("10:30".into()),
        incidence_deg: Some(12.0),
        across_track_deg: Some(10.0),
        extended_angle: false,
        order_deadline: Some(deadline),
        aoi_coverage: 1.0,
        footprint: aoi().ring,
        footprint_problem: None,
        segment_key: format!("key-{satellite}"),
    }
}

fn price(amount: f64) -> PriceAnswer {
    serde_json::from_value(serde_json::json!({"currency": "EUR", "totalAmount": amount,
        "productTypes": [{"areaKm2": 100.0, "amount": amount}]}))
    .unwrap()
}

/// A workflow with contracts loaded, attempts answered and the options in.
fn ready_to_price(aoi: &Aoi) -> Workflow {
    let mut flow = Workflow::with_form(TaskingForm::starting(NOW));
    let ticket = flow.load_contracts();
    assert!(flow.receive(ticket.id, Ok(Reply::Contracts(contracts()))));
    assert_eq!(flow.form.contract.as_deref(), Some("CTR1"));
    let t = target(aoi, 0);
    flow.set_target(Some(t.key));
    let ticket = flow.ask_attempts(&t).unwrap();
    assert!(matches!(ticket.job, Job::Attempts { .. }));
    let attempts = vec![
        attempt("PHR1A", NOW - Duration::hours(1)),
        attempt("PHR1B", NOW + Duration::hours(5)),
        attempt("PNEO3", NOW + Duration::hours(30)),
    ];
    assert!(flow.receive(
        ticket.id,
        Ok(Reply::Attempts {
            attempts,
            errors: vec![]
        })
    ));
    let follow = flow.follow_up(Some(&t), NOW);
    let [options_ticket] = follow.as_slice() else {
        panic!("expected the options request, got {follow:?}");
    };
    assert!(flow.receive(options_ticket.id, Ok(Reply::Options(options()))));
    flow
}

#[test]
fn contracts_fill_the_form_and_a_failure_says_why() {
    let mut flow = Workflow::default();
    let ticket = flow.load_contracts();
    assert_eq!(ticket.job, Job::Contracts);
    assert!(
        flow.blocked(Some(&target(&aoi(), 0)))
            .is_some_and(|w| w.contains("loading"))
    );
    assert!(flow.receive(ticket.id, Err(Failure::Refused("no key".into()))));
    assert_eq!(flow.contracts, Slot::Failed("no key".into()));
}

#[test]
fn a_neo_contract_offers_only_pleiades_neo_and_a_legacy_one_pleiades_and_spot() {
    let mut flow = Workflow::default();
    assert_eq!(
        flow.missions(),
        Mission::ALL.to_vec(),
        "no contract chosen yet"
    );
    let ticket = flow.load_contracts();
    assert!(flow.receive(ticket.id, Ok(Reply::Contracts(contracts()))));
    assert_eq!(flow.form.contract.as_deref(), Some("CTR1"));
    assert_eq!(flow.missions(), vec![Mission::Pleiades, Mission::Spot]);
    let mut form = flow.form.clone();
    form.mission = Mission::Spot;
    flow.set_form(form.clone());
    assert_eq!(flow.form.mission, Mission::Spot);
    // SPOT under a Neo contract would be refused by the service: Pléiades Neo is chosen.
    form.contract = Some("NEO1".into());
    flow.set_form(form);
    assert_eq!(flow.missions(), vec![Mission::PleiadesNeo]);
    assert_eq!(flow.form.mission, Mission::PleiadesNeo);
}

#[test]
fn an_invalid_aoi_never_becomes_a_request() {
    let aoi = aoi();
    let mut flow = Workflow::with_form(TaskingForm {
        contract: Some("CTR1".into()),
        offer: Offer::OnePlan,
        ..TaskingForm::starting(NOW)
    });
    let refused = Target {
        refused: Some("edges cross"),
        ..target(&aoi, 0)
    };
    let why = flow.ask_feasibility(&refused).unwrap_err();
    assert!(why.contains("edges cross"), "{why}");
    assert_eq!(flow.feasibility, Slot::Idle);
    assert!(flow.follow_up(Some(&refused), NOW).is_empty());
    assert!(flow.ask_feasibility(&target(&aoi, 0)).is_ok());
}

#[test]
fn feasibility_is_asked_only_where_the_guide_offers_it() {
    // Step 3: Pléiades and SPOT study feasibility for OnePlan only; Pléiades Neo for all.
    let aoi = aoi();
    let t = target(&aoi, 0);
    for (mission, offer, asked) in [
        (Mission::Pleiades, Offer::OnePlan, true),
        (Mission::Pleiades, Offer::OneDay, false),
        (Mission::Spot, Offer::OneNow, false),
        (Mission::PleiadesNeo, Offer::OneDay, true),
        (Mission::PleiadesNeo, Offer::OneNow, true),
    ] {
        let mut flow = Workflow::with_form(TaskingForm {
            contract: Some("CTR1".into()),
            mission,
            offer,
            ..TaskingForm::starting(NOW)
        });
        let answer = flow.ask_feasibility(&t);
        assert_eq!(answer.is_ok(), asked, "{mission:?} {offer:?}: {answer:?}");
        if let Err(why) = answer {
            assert!(why.contains("get the attempts"), "{why}");
            assert_eq!(flow.feasibility, Slot::Idle);
            assert!(flow.ask_attempts(&t).is_ok());
        }
    }
}

#[test]
fn feasibility_answers_only_its_own_request() {
    let aoi = aoi();
    let mut flow = Workflow::with_form(TaskingForm {
        contract: Some("CTR1".into()),
        offer: Offer::OnePlan,
        ..TaskingForm::starting(NOW)
    });
    let t = target(&aoi, 0);
    flow.set_target(Some(t.key));
    let first = flow.ask_feasibility(&t).unwrap();
    let second = flow.ask_feasibility(&t).unwrap();
    assert!(!flow.receive(first.id, Ok(Reply::Feasibility(CapacityAnswer::default()))));
    assert_eq!(flow.dropped, 1);
    assert!(flow.receive(second.id, Ok(Reply::Feasibility(CapacityAnswer::default()))));
    assert!(flow.feasibility.ready().is_some());
}

#[test]
fn an_aoi_edited_while_attempts_are_in_flight_drops_the_answer() {
    let aoi = aoi();
    let mut flow = Workflow::with_form(TaskingForm {
        contract: Some("CTR1".into()),
        ..TaskingForm::starting(NOW)
    });
    flow.set_target(Some(target(&aoi, 0).key));
    let ticket = flow.ask_attempts(&target(&aoi, 0)).unwrap();
    flow.set_target(Some(target(&aoi, 1).key));
    assert_eq!(flow.attempts, Slot::Idle);
    let late = Reply::Attempts {
        attempts: vec![attempt("PHR1A", NOW + Duration::hours(3))],
        errors: vec![],
    };
    assert!(!flow.receive(ticket.id, Ok(late)));
    assert_eq!(flow.attempts, Slot::Idle);
    assert_eq!(flow.dropped, 1);
}

#[test]
fn selecting_nothing_keeps_the_answers_for_the_aoi() {
    let aoi = aoi();
    let mut flow = ready_to_price(&aoi);
    flow.set_target(None);
    assert!(flow.attempts.ready().is_some());
    flow.set_target(Some(target(&aoi, 0).key));
    assert!(
        flow.attempts.ready().is_some(),
        "the same AOI again: still answered"
    );
    flow.set_target(Some(AoiKey {
        id: crate::aoi::AoiId(2),
        revision: 0,
    }));
    assert_eq!(flow.attempts, Slot::Idle);
}

#[test]
fn a_changed_form_drops_answers_but_an_option_does_not() {
    let aoi = aoi();
    let mut flow = ready_to_price(&aoi);
    let form = TaskingForm {
        options: vec![("processing_level".into(), "primary".into())],
        ..flow.form.clone()
    };
    flow.set_form(form);
    assert!(flow.attempts.ready().is_some());
    let form = TaskingForm {
        max_incidence_deg: 20.0,
        ..flow.form.clone()
    };
    flow.set_form(form);
    assert_eq!(flow.attempts, Slot::Idle);
}

#[test]
fn a_cancelled_request_is_forgotten_and_its_answer_dropped() {
    let aoi = aoi();
    let mut flow = Workflow::with_form(TaskingForm {
        contract: Some("CTR1".into()),
        ..TaskingForm::starting(NOW)
    });
    let ticket = flow.ask_attempts(&target(&aoi, 0)).unwrap();
    assert!(flow.cancel(ticket.id));
    assert_eq!(flow.attempts, Slot::Idle);
    assert!(!flow.receive(ticket.id, Err(Failure::Refused("late".into()))));
    assert_eq!(flow.attempts, Slot::Idle);
}

#[test]
fn oneplan_has_no_attempts() {
    let aoi = aoi();
    let mut flow = Workflow::with_form(TaskingForm {
        contract: Some("CTR1".into()),
        offer: Offer::OnePlan,
        ..TaskingForm::starting(NOW)
    });
    assert!(
        flow.ask_attempts(&target(&aoi, 0))
            .unwrap_err()
            .contains("OnePlan")
    );
}

#[test]
fn a_past_deadline_attempt_cannot_be_chosen() {
    let aoi = aoi();
    let mut flow = ready_to_price(&aoi);
    flow.choose(0, NOW);
    assert_eq!(flow.selection.chosen, None);
    assert!(flow.note.as_deref().is_some_and(|n| n.contains("deadline")));
    flow.choose(1, NOW);
    assert_eq!(flow.selection.chosen, Some(1));
    flow.compare(Some(2));
    assert_eq!(flow.selection.compared, Some(2));
    flow.compare(Some(1));
    assert_eq!(
        flow.selection.compared, None,
        "an attempt is not compared with itself"
    );
    flow.hover(Some(2));
    assert_eq!(flow.selection.hovered, Some(2));
}

#[test]
fn options_settle_and_the_price_follows_the_choice() {
    let aoi = aoi();
    let mut flow = ready_to_price(&aoi);
    let t = target(&aoi, 0);
    // Nothing chosen yet: no price.
    assert!(flow.follow_up(Some(&t), NOW).is_empty());
    flow.choose(1, NOW);
    // dem is mandatory under ortho and has no default.
    assert!(flow.follow_up(Some(&t), NOW).is_empty());
    assert!(flow.order_body(&t, NOW).unwrap_err().contains("dem"));
    flow.set_option("dem", "best_available");
    let tickets = flow.follow_up(Some(&t), NOW);
    let [ticket] = tickets.as_slice() else {
        panic!("one price request expected: {tickets:?}");
    };
    let Job::Price(body) = &ticket.job else {
        panic!("a price: {ticket:?}");
    };
    assert_eq!(body.items[0].segment_key.as_deref(), Some("key-PHR1B"));
    assert_eq!(
        body.delivery.as_ref().map(|d| d.workspace.0.as_str()),
        Some("ws-1")
    );
    // Asking again without a change sends nothing.
    assert!(flow.follow_up(Some(&t), NOW).is_empty());
    // Another attempt: a new price, and the old answer is dropped.
    flow.choose(2, NOW);
    let tickets = flow.follow_up(Some(&t), NOW);
    assert_eq!(tickets.len(), 1);
    assert!(!flow.receive(ticket.id, Ok(Reply::Price(price(1.0)))));
    assert!(flow.receive(tickets[0].id, Ok(Reply::Price(price(5600.0)))));
    assert_eq!(flow.price.ready().map(|p| p.total_amount), Some(5600.0));
}

fn confirming(aoi: &Aoi) -> Workflow {
    let mut flow = ready_to_price(aoi);
    let t = target(aoi, 0);
    flow.choose(1, NOW);
    flow.set_option("dem", "best_available");
    let tickets = flow.follow_up(Some(&t), NOW);
    assert!(flow.receive(tickets[0].id, Ok(Reply::Price(price(5600.0)))));
    flow.open_order(&t, NOW).unwrap();
    flow
}

#[test]
fn the_confirmation_names_what_is_bought() {
    let aoi = aoi();
    let flow = confirming(&aoi);
    let OrderStep::Confirming(draft) = &flow.order else {
        panic!("{:?}", flow.order);
    };
    assert_eq!(draft.amount_text(), "5 600.00 EUR");
    assert_eq!(draft.billed_km2, Some(100.0));
    assert_eq!(draft.product, "Pléiades OneDay (PleiadesTaskingOneDay)");
    assert_eq!(draft.contract, "CTR1");
    assert_eq!(draft.aoi_name, "Toulouse west");
    assert_eq!(draft.attempt.as_ref().map(|a| a.0.as_str()), Some("PHR1B"));
    assert_eq!(
        draft.customer_reference,
        "sattask-toulouse-west-20261130-100000"
    );
}

#[test]
fn confirm_waits_for_the_search_of_earlier_orders_and_for_a_second_choice() {
    let aoi = aoi();
    let mut flow = confirming(&aoi);
    let ticket = flow.check_earlier_taskings().unwrap();
    assert!(matches!(ticket.job, Job::EarlierTaskings { .. }));
    assert_eq!(flow.confirm(), None, "not while the taskings are searched");
    let found = vec![crate::tasking::spend::earlier::Earlier {
        reference: Some("r1".to_owned()),
        said: "tasking ICR_1 (OneDay, completed, reference r1) on an overlapping window".to_owned(),
    }];
    assert!(flow.receive(
        ticket.id,
        Ok(Reply::EarlierTaskings {
            found,
            not_searched: None
        })
    ));
    let OrderStep::Confirming(draft) = &flow.order else {
        panic!("{:?}", flow.order);
    };
    assert_eq!(draft.earlier.len(), 1);
    assert_eq!(flow.confirm(), None, "not without the second choice");
    flow.set_buy_again(true);
    assert!(flow.confirm().is_some());
}

#[test]
fn a_cancelled_search_of_earlier_orders_lets_confirm_go_and_says_so() {
    let aoi = aoi();
    let mut flow = confirming(&aoi);
    let ticket = flow.check_earlier_taskings().unwrap();
    assert!(flow.cancel(ticket.id));
    let OrderStep::Confirming(draft) = &flow.order else {
        panic!("{:?}", flow.order);
    };
    assert!(
        draft
            .earlier_note
            .as_deref()
            .is_some_and(|n| n.contains("cancelled"))
    );
    assert!(flow.confirm().is_some());
}

#[test]
fn confirming_twice_sends_one_order() {
    let aoi = aoi();
    let mut flow = confirming(&aoi);
    flow.set_reference("my-ref".into());
    let ticket = flow.confirm().unwrap();
    let Job::Order { request, quotation } = &ticket.job else {
        panic!("{ticket:?}");
    };
    assert!(!quotation);
    assert_eq!(request.customer_reference.as_deref(), Some("my-ref"));
    assert_eq!(flow.confirm(), None);
    assert!(flow.open_order(&target(&aoi, 0), NOW).is_err());
    // An edit of the AOI while it is on its way does not forget it.
    flow.set_target(Some(target(&aoi, 5).key));
    assert!(matches!(flow.order, OrderStep::Sending { .. }));
    assert!(
        !flow.cancel(ticket.id),
        "an order cannot be cancelled once sent"
    );
    assert!(flow.receive(ticket.id, Ok(Reply::Ordered("salesOrderId=SO1".into()))));
    assert!(matches!(flow.order, OrderStep::Placed { .. }));
    assert_eq!(flow.confirm(), None);
    // The receipt is for this product; once the form asks for another it is an earlier order,
    // never read as the order of the product now priced.
    assert!(flow.asks_for_placed());
    let mut form = flow.form.clone();
    form.offer = crate::aoi::mission::Offer::OneNow;
    flow.set_form(form);
    assert!(matches!(flow.order, OrderStep::Placed { .. }));
    assert!(!flow.asks_for_placed());
}

#[test]
fn a_refused_order_says_why_and_may_be_tried_again() {
    let aoi = aoi();
    let mut flow = confirming(&aoi);
    let ticket = flow.confirm().unwrap();
    assert!(flow.receive(ticket.id, Err(Failure::Refused("credit too low".into()))));
    assert!(
        matches!(&flow.order, OrderStep::Refused { message, .. } if message == "credit too low")
    );
    flow.new_order();
    assert_eq!(flow.order, OrderStep::Idle);
}

fn unknown(aoi: &Aoi) -> Workflow {
    let mut flow = confirming(aoi);
    let ticket = flow.confirm().unwrap();
    let check = CheckHint::Taskings {
        contract: ContractId("CTR1".into()),
        customer_reference: Some("r".into()),
    };
    assert!(flow.receive(
        ticket.id,
        Err(Failure::Unknown {
            message: "no answer".into(),
            check
        })
    ));
    assert!(matches!(flow.order, OrderStep::Unknown { .. }));
    assert_eq!(flow.confirm(), None, "an unknown outcome is never resent");
    assert!(flow.open_order(&target(aoi, 0), NOW).is_err());
    flow
}

#[test]
fn an_unknown_outcome_is_checked_never_resent() {
    let aoi = aoi();
    let mut flow = unknown(&aoi);
    let check = flow.check().unwrap();
    assert!(matches!(
        check.job,
        Job::Check {
            check: CheckHint::Taskings { .. },
            ..
        }
    ));
    assert!(flow.check().is_none());
    let found = Reconciliation::Found {
        detail: "tasking ICR_1".into(),
    };
    assert!(flow.receive(check.id, Ok(Reply::Checked(found))));
    assert!(matches!(&flow.order, OrderStep::Placed { receipt, .. } if receipt.contains("ICR_1")));
}

#[test]
fn a_check_that_finds_nothing_frees_the_order() {
    let aoi = aoi();
    let mut flow = unknown(&aoi);
    let check = flow.check().unwrap();
    assert!(flow.receive(check.id, Ok(Reply::Checked(Reconciliation::NotFound))));
    assert_eq!(flow.order, OrderStep::Idle);
    assert!(
        flow.note
            .as_deref()
            .is_some_and(|n| n.contains("not placed"))
    );
    assert!(flow.open_order(&target(&aoi, 0), NOW).is_ok());
}

#[test]
fn a_failed_or_cancelled_check_leaves_the_outcome_unknown() {
    let aoi = aoi();
    let mut flow = unknown(&aoi);
    let check = flow.check().unwrap();
    assert!(flow.receive(check.id, Err(Failure::Refused("429".into()))));
    assert!(matches!(&flow.order, OrderStep::Unknown { message, .. } if message.contains("429")));
    let check = flow.check().unwrap();
    assert!(flow.cancel(check.id));
    assert!(matches!(flow.order, OrderStep::Unknown { .. }));
}

#[test]
fn a_manual_oneplan_stereo_is_ordered_without_a_price_and_carries_its_feasibility() {
    let aoi = aoi();
    let mut flow = Workflow::default();
    let ticket = flow.load_contracts();
    flow.receive(ticket.id, Ok(Reply::Contracts(contracts())));
    flow.form.offer = Offer::OnePlan;
    flow.form.mode = crate::aoi::mission::AcquisitionMode::Stereo;
    flow.form.min_bh = 0.25;
    let t = target(&aoi, 0);
    flow.set_target(Some(t.key));
    let options = flow.follow_up(Some(&t), NOW);
    flow.receive(options[0].id, Ok(Reply::Options(OptionList::default())));
    assert!(
        flow.order_body(&t, NOW)
            .unwrap_err()
            .contains("check feasibility first")
    );
    let ticket = flow.ask_feasibility(&t).unwrap();
    let manual: CapacityAnswer = serde_json::from_value(serde_json::json!({"progCapacities": [{
        "mission": "PLEIADES", "progTypes": [{"name": "ONEPLAN", "mission": "PLEIADES", "available": true,
        "feasibility": {"classification": "CHALLENGING", "automation": "MANUAL"}}]}]}))
    .unwrap();
    assert!(flow.receive(ticket.id, Ok(Reply::Feasibility(manual))));
    assert!(flow.manual_study());
    assert!(
        flow.follow_up(Some(&t), NOW).is_empty(),
        "a manual study has no price"
    );
    flow.open_order(&t, NOW).unwrap();
    let OrderStep::Confirming(draft) = &flow.order else {
        panic!("{:?}", flow.order);
    };
    assert_eq!(draft.amount, None);
    assert!(draft.amount_text().contains("manual study"));
    let properties: Vec<(String, serde_json::Value)> = draft.request.items[0]
        .properties
        .iter()
        .map(|p| (p.key.clone(), p.value.clone()))
        .collect();
    for (key, value) in [
        ("acquisitionMode", serde_json::json!("STEREO")),
        ("acquisitionModeMinBH", serde_json::json!("0.25")),
        ("acquisitionModeMaxBH", serde_json::json!("0.8")),
        ("classification", serde_json::json!("CHALLENGING")),
        ("feasibilityAutomation", serde_json::json!("MANUAL")),
    ] {
        assert!(
            properties.contains(&(key.to_owned(), value.clone())),
            "{key}={value} in {properties:?}"
        );
    }
}

#[test]
fn a_neo_oneplan_asks_for_a_quotation() {
    let aoi = aoi();
    let mut flow = Workflow::default();
    let ticket = flow.load_contracts();
    flow.receive(ticket.id, Ok(Reply::Contracts(contracts())));
    flow.form.contract = Some("NEO1".into());
    flow.form.mission = crate::aoi::mission::Mission::PleiadesNeo;
    flow.form.offer = Offer::OnePlan;
    assert!(flow.needs_quotation());
    let t = target(&aoi, 0);
    flow.set_target(Some(t.key));
    let options = flow.follow_up(Some(&t), NOW);
    flow.receive(options[0].id, Ok(Reply::Options(OptionList::default())));
    let automatic: CapacityAnswer = serde_json::from_value(serde_json::json!({"progCapacities": [{
        "mission": "PLEIADESNEO", "progTypes": [{"name": "ONEPLAN", "mission": "PLEIADESNEO",
        "available": true, "feasibility": {"classification": "EASY", "automation": "AUTOMATIC"}}]}]}))
    .unwrap();
    let ticket = flow.ask_feasibility(&t).unwrap();
    flow.receive(ticket.id, Ok(Reply::Feasibility(automatic)));
    assert!(
        flow.follow_up(Some(&t), NOW).is_empty(),
        "a quotation is not priced"
    );
    flow.open_order(&t, NOW).unwrap();
    let ticket = flow.confirm().unwrap();
    assert!(matches!(
        ticket.job,
        Job::Order {
            quotation: true,
            ..
        }
    ));
}

#[test]
fn references_are_readable_and_unique_per_second() {
    assert_eq!(
        customer_reference("Zone 12 / Nord", datetime!(2026-01-02 03:04:05 UTC)),
        "sattask-zone-12-nord-20260102-030405"
    );
    assert_eq!(customer_reference("  ", NOW), "sattask-aoi-20261130-100000");
}

#[test]
fn follow_up_notes_why_an_order_cannot_be_opened() {
    let aoi = aoi();
    let mut flow = ready_to_price(&aoi);
    let t = target(&aoi, 0);
    flow.follow_up(Some(&t), NOW);
    assert!(
        flow.order_problem
            .as_deref()
            .is_some_and(|p| p.contains("choose an attempt"))
    );
    flow.choose(1, NOW);
    flow.follow_up(Some(&t), NOW);
    assert!(
        flow.order_problem
            .as_deref()
            .is_some_and(|p| p.contains("dem"))
    );
    flow.set_option("dem", "best_available");
    flow.follow_up(Some(&t), NOW);
    assert_eq!(flow.order_problem, None);
    flow.follow_up(None, NOW);
    assert!(
        flow.order_problem
            .as_deref()
            .is_some_and(|p| p.contains("AOI"))
    );
}
