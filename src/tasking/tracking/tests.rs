//! Every transition of the tracking views, with no window and no network.

use time::macros::datetime;

use super::*;
use crate::api::ids::{QuotationId, SegmentId};

fn taskings() -> TaskingList {
    serde_json::from_value(serde_json::json!({"taskings": [
        {"icr": {"id": "T1", "status": "In Progress", "progTypeName": "OnePlan", "nbProposedSegments": 1,
                 "period": {"startDate": "2026-12-10T00:00:00.000Z", "endDate": "2027-01-10T00:00:00.000Z"}}},
        {"icr": {"id": "T2", "status": "Completed", "progTypeName": "OneNow", "nbProposedSegments": 0}}
    ]}))
    .unwrap()
}

fn accept() -> Act {
    Act::AcceptSegment {
        contract: ContractId("C".into()),
        tasking: TaskingId("T1".into()),
        segment: SegmentId("S1".into()),
    }
}

#[test]
fn taskings_load_with_the_filters_and_proposed_only_filters_the_page() {
    let mut tracking = Tracking::default();
    tracking.query.status = Some("In Progress".into());
    tracking.query.customer_ref = " ref ".into();
    let ticket = tracking.load_taskings("C");
    let Job::Taskings { filter, .. } = &ticket.job else {
        panic!("{ticket:?}");
    };
    assert_eq!(filter.customer_ref.as_deref(), Some("ref"));
    assert_eq!(filter.status.as_deref(), Some("In Progress"));
    assert_eq!(filter.start_page, Some(1));
    assert!(
        tracking
            .receive(ticket.id, Ok(Reply::Taskings(taskings())), Some("C"))
            .is_empty()
    );
    assert_eq!(tracking.shown_taskings().len(), 2);
    tracking.query.proposed_only = true;
    assert_eq!(tracking.shown_taskings().len(), 1);
}

#[test]
fn an_older_page_is_dropped() {
    let mut tracking = Tracking::default();
    let first = tracking.load_taskings("C");
    tracking.query.page = 2;
    let second = tracking.load_taskings("C");
    tracking.receive(
        first.id,
        Ok(Reply::Taskings(TaskingList::default())),
        Some("C"),
    );
    assert_eq!(tracking.dropped, 1);
    tracking.receive(second.id, Ok(Reply::Taskings(taskings())), Some("C"));
    assert!(tracking.taskings.ready().is_some());
}

#[test]
fn a_decision_is_confirmed_sent_once_and_refreshes_what_it_changed() {
    let mut tracking = Tracking::default();
    let open = tracking.open("C", TaskingId("T1".into()));
    tracking.receive(
        open.id,
        Ok(Reply::Segments(SegmentList::default(), None)),
        Some("C"),
    );
    tracking.ask(accept()).unwrap();
    let ticket = tracking.confirm().unwrap();
    assert!(matches!(ticket.job, Job::Act(Act::AcceptSegment { .. })));
    assert_eq!(tracking.confirm(), None, "confirming twice sends once");
    assert!(tracking.ask(accept()).is_err());
    let follow = tracking.receive(ticket.id, Ok(Reply::Acted("Accepted".into())), Some("C"));
    assert!(matches!(tracking.act, ActStep::Done { .. }));
    assert_eq!(
        follow.len(),
        2,
        "the list and the open tasking again: {follow:?}"
    );
    tracking.dismiss();
    assert_eq!(tracking.act, ActStep::Idle);
}

#[test]
fn an_unclear_decision_is_checked_not_resent() {
    let mut tracking = Tracking::default();
    tracking.ask(accept()).unwrap();
    let ticket = tracking.confirm().unwrap();
    let check = accept().check();
    tracking.receive(
        ticket.id,
        Err(Failure::Unknown {
            message: "no answer".into(),
            check: check.clone(),
        }),
        Some("C"),
    );
    assert!(matches!(tracking.act, ActStep::Unknown { .. }));
    assert_eq!(tracking.confirm(), None);
    let check_ticket = tracking.check().unwrap();
    assert_eq!(check_ticket.job, Job::Check { check, entry: None });
    tracking.receive(
        check_ticket.id,
        Ok(Reply::Checked(Reconciliation::NotFound)),
        Some("C"),
    );
    assert!(
        matches!(&tracking.act, ActStep::Refused { message, .. } if message.contains("did not happen"))
    );
}

#[test]
fn a_refused_quotation_decision_says_why_and_refreshes_the_list() {
    let mut tracking = Tracking::default();
    let act = Act::AcceptQuotation {
        id: QuotationId("Q1".into()),
        credits: Some(1200.0),
    };
    assert!(act.consequence().contains("1 200.00 credits"));
    tracking.ask(act).unwrap();
    let ticket = tracking.confirm().unwrap();
    let follow = tracking.receive(
        ticket.id,
        Err(Failure::Refused("already ACCEPTED".into())),
        None,
    );
    assert!(
        matches!(&tracking.act, ActStep::Refused { message, .. } if message.contains("already"))
    );
    // The quotations and the UP42 orders (their sub-status moved) are asked again.
    assert!(matches!(
        follow.as_slice(),
        [q, o] if matches!(q.job, Job::Quotations(_)) && matches!(o.job, Job::Up42Orders(_))
    ));
}

fn up42_orders(
    sub_statuses: &[(&str, &str)],
) -> crate::api::up42::models::RecordsPage<crate::api::up42::models::Up42Order> {
    let content: Vec<serde_json::Value> = sub_statuses
        .iter()
        .map(|(id, sub)| {
            serde_json::json!({"id": id, "status": "CREATED", "orderDetails": {"subStatus": sub}})
        })
        .collect();
    serde_json::from_value(serde_json::json!({
        "content": content, "totalPages": 1, "totalElements": content.len(), "number": 0
    }))
    .unwrap()
}

#[test]
fn the_up42_orders_say_once_when_a_study_or_quotation_newly_waits() {
    let mut tracking = Tracking::default();
    let look = |tracking: &mut Tracking, orders: &[(&str, &str)]| {
        let ticket = tracking.load_up42_orders();
        tracking.receive(ticket.id, Ok(Reply::Up42Orders(up42_orders(orders))), None);
        std::mem::take(&mut tracking.changes)
    };
    let first = look(&mut tracking, &[("A", "FEASIBILITY_WAITING_UPLOAD")]);
    assert!(first.is_empty(), "{first:?}");
    let study = look(&mut tracking, &[("A", "FEASIBILITY_WAITING_RESPONSE")]);
    assert_eq!(study.len(), 1);
    assert!(
        study[0].contains("1 feasibility study to decide"),
        "{study:?}"
    );
    assert_eq!(tracking.up42_waiting().len(), 1);
    let again = look(&mut tracking, &[("A", "FEASIBILITY_WAITING_RESPONSE")]);
    assert!(again.is_empty(), "said once: {again:?}");
    let quotation = look(&mut tracking, &[("A", "QUOTATION_WAITING_RESPONSE")]);
    assert!(
        quotation[0].contains("1 quotation to accept or reject"),
        "{quotation:?}"
    );
}

#[test]
fn a_chosen_study_option_asks_the_followed_order_again() {
    use crate::api::ids::{FeasibilityStudyId, OrderId};
    let mut tracking = Tracking::default();
    let open = tracking.follow_up42(OrderId("O1".into()));
    assert!(matches!(&open.job, Job::Up42Follow(o) if o.as_str() == "O1"));
    let detail = crate::tasking::up42_follow::Up42Detail {
        order: OrderId("O1".into()),
        studies: Vec::new(),
        quotations: Vec::new(),
        coverage: Err("not yet".into()),
        assets: Ok(Vec::new()),
    };
    tracking.receive(open.id, Ok(Reply::Up42Follow(Box::new(detail))), None);
    assert!(tracking.up42_detail.ready().is_some());
    let act = Act::ChooseStudyOption {
        order: OrderId("O1".into()),
        study: FeasibilityStudyId("S1".into()),
        option: "opt-1".into(),
        description: "Standard".into(),
        costs: "nothing yet".into(),
    };
    // What the confirmation says, and how an unclear outcome is looked up: the study's
    // decision, as the command line's choose-study-option files it.
    assert!(act.consequence().contains("\"Standard\""));
    assert!(act.consequence().contains("The choice is final"));
    assert_eq!(
        act.check(),
        CheckHint::FeasibilityStudy {
            id: FeasibilityStudyId("S1".into()),
            option: "opt-1".into()
        }
    );
    assert!(act.up42() && act.tasking().is_none() && !act.neo());
    tracking.ask(act).unwrap();
    let ticket = tracking.confirm().unwrap();
    assert!(tracking.confirm().is_none(), "confirmed once, sent once");
    let follow = tracking.receive(ticket.id, Ok(Reply::Acted("done".into())), None);
    assert!(follow.iter().any(|t| matches!(t.job, Job::Up42Follow(_))));
    assert!(follow.iter().any(|t| matches!(t.job, Job::Up42Orders(_))));
    tracking.close_up42();
    assert!(tracking.up42_open.is_none() && matches!(tracking.up42_detail, Slot::Idle));
    // Another service: the orders were the old one's.
    tracking.follow_up42(OrderId("O1".into()));
    tracking.forget_up42();
    assert!(tracking.up42_open.is_none() && matches!(tracking.up42_orders, Slot::Idle));
    assert!(tracking.up42_waiting().is_empty());
}

#[test]
fn cancel_and_stop_follow_the_guide() {
    let list = taskings();
    let oneplan = &list.taskings[0].icr;
    assert_eq!(cancel_rule(oneplan, datetime!(2026-12-01 00:00 UTC)), None);
    assert!(
        cancel_rule(oneplan, datetime!(2026-12-09 13:00 UTC)).is_some_and(|w| w.contains("12 h"))
    );
    assert!(stop_rule(oneplan).is_some_and(|w| w.contains("OneNow")));
    let done = &list.taskings[1].icr;
    assert!(stop_rule(done).is_some_and(|w| w.contains("in progress")));
}

#[test]
fn a_refresh_says_what_changed() {
    let before = taskings();
    let mut after = taskings();
    after.taskings[0].icr.nb_proposed_segments = Some(3);
    after.taskings[1].icr.status = Some("Cancelled".into());
    let changes = changes_between(&before, &after);
    assert_eq!(
        changes,
        vec![
            "tasking T1: 2 new acquisition(s) wait for your decision".to_owned(),
            "tasking T2 is now Cancelled".to_owned()
        ]
    );
    let mut tracking = Tracking::default();
    let first = tracking.load_taskings("C");
    tracking.receive(first.id, Ok(Reply::Taskings(before)), Some("C"));
    assert!(
        tracking.changes.is_empty(),
        "the first answer is not a change"
    );
    let second = tracking.load_taskings("C");
    tracking.receive(second.id, Ok(Reply::Taskings(after)), Some("C"));
    assert_eq!(tracking.changes.len(), 2);
}

#[test]
fn another_contract_forgets_the_lists_but_not_a_decision_on_its_way() {
    let mut tracking = Tracking::default();
    let ticket = tracking.load_taskings("C");
    tracking.receive(ticket.id, Ok(Reply::Taskings(taskings())), Some("C"));
    tracking.open("C", TaskingId("T1".into()));
    tracking.ask(accept()).unwrap();
    let sent = tracking.confirm().unwrap();
    tracking.forget_lists();
    assert_eq!(tracking.taskings, Slot::Idle);
    assert_eq!(tracking.open, None);
    assert!(matches!(tracking.act, ActStep::Sending { .. }));
    tracking.receive(sent.id, Ok(Reply::Acted("Accepted".into())), Some("C2"));
    assert!(matches!(tracking.act, ActStep::Done { .. }));
}
