//! The compare machine on plain values: which pairs are asked, what a refusal becomes, the
//! price follow-ups, cancel, latest wins, sorting and the best of each column.

use geo_types::Coord;
use time::macros::datetime;

use super::*;
use crate::aoi::Aoi;
use crate::aoi::mission::{Endpoint, Mission, Offer};
use crate::api::ids::ContractId;
use crate::api::oneatlas::models::{CapacityAnswer, OptionList, PriceAnswer};

/// 8 km by 11 km over Toulouse (88 km²).
pub(crate) fn aoi() -> Aoi {
    let ring = [
        (1.4, 43.6),
        (1.5, 43.6),
        (1.5, 43.7),
        (1.4, 43.7),
        (1.4, 43.6),
    ]
    .iter()
    .map(|&(x, y)| Coord { x, y })
    .collect();
    Aoi {
        name: "Toulouse".into(),
        ring,
        holes: Vec::new(),
    }
}

fn params(neo: bool) -> CompareParams {
    CompareParams {
        contract: ContractId("C".into()),
        neo_contract: neo,
        start: datetime!(2027-03-01 00:00 UTC),
        end: datetime!(2027-05-01 00:00 UTC),
        max_cloud_pct: 20.0,
        max_incidence_deg: 30.0,
        now: datetime!(2027-02-27 00:00 UTC),
    }
}

fn attempts_answer(mission: &str, offer: &str, segments: &[(&str, &str, f64)]) -> CapacityAnswer {
    let segments: Vec<serde_json::Value> = segments
        .iter()
        .map(|(id, when, incidence)| {
            serde_json::json!({
                "id": id, "segmentKey": format!("{id}-{when}"),
                "footprint": {"geometry": "POLYGON((1.3 43.5, 1.6 43.5, 1.6 43.8, 1.3 43.8, 1.3 43.5))"},
                "acquisitionStartDate": when, "orderDeadline": "2027-02-28T00:00:00.000Z",
                "incidenceAngle": incidence
            })
        })
        .collect();
    serde_json::from_value(serde_json::json!({"progCapacities": [{"mission": mission,
        "progTypes": [{"name": offer, "mission": mission, "available": true, "segments": segments}]}]}))
    .unwrap()
}

fn feasibility_answer(mission: &str, automation: &str) -> CapacityAnswer {
    serde_json::from_value(serde_json::json!({"progCapacities": [{"mission": mission,
        "progTypes": [{"name": "ONEPLAN", "mission": mission, "available": true,
            "feasibility": {"automation": automation, "classification": "EASY"}}]}]}))
    .unwrap()
}

fn no_options() -> OptionList {
    serde_json::from_value(serde_json::json!({"availableOptions": []})).unwrap()
}

fn price(amount: f64) -> PriceAnswer {
    PriceAnswer {
        currency: Some("EUR".into()),
        total_amount: amount,
        ..PriceAnswer::default()
    }
}

#[test]
fn a_neo_contract_asks_neo_only_and_another_pleiades_and_spot() {
    let neo = pairs(true);
    assert_eq!(neo.len(), 3);
    assert!(neo.iter().all(|p| p.mission == Mission::PleiadesNeo));
    let legacy = pairs(false);
    assert_eq!(legacy.len(), 6);
    assert!(!legacy.iter().any(|p| p.mission == Mission::PleiadesNeo));
    for pair in legacy.iter().chain(&neo) {
        let expected = if pair.offer == Offer::OnePlan {
            Endpoint::Feasibility
        } else {
            Endpoint::Attempts
        };
        assert_eq!(pair.endpoint(), expected, "{pair:?}");
    }
    let mut comparison = Comparison::<u64>::default();
    let tickets = comparison.start(1, &aoi(), params(true)).unwrap();
    let names: Vec<(String, Option<_>)> = tickets
        .iter()
        .map(|t| match &t.job {
            Job::Capacity { request, .. } => (
                request.prog_type_names.join(","),
                request.acquisition_date.end_date,
            ),
            other => panic!("{other:?}"),
        })
        .collect();
    // Neo OneNow is asked as ONENOWATTEMPTS; only OnePlan carries the window's end.
    assert_eq!(
        names,
        vec![
            ("ONEDAY".to_owned(), None),
            ("ONENOWATTEMPTS".to_owned(), None),
            ("ONEPLAN".to_owned(), Some(datetime!(2027-05-01 00:00 UTC))),
        ]
    );
    assert_eq!(comparison.progress().to_string(), "0 of 3 answered");
}

#[test]
fn a_refusal_becomes_words_and_the_row_is_answered() {
    let mut comparison = Comparison::<u64>::default();
    let tickets = comparison.start(1, &aoi(), params(false)).unwrap();
    let refused: CapacityAnswer = serde_json::from_value(serde_json::json!({"progCapacities": [{
        "mission": "SPOT", "progTypes": [{"name": "ONEDAY", "mission": "SPOT", "available": false,
        "errors": [{"code": "ERR_MIN_AOI_AREA", "locator": "AOI", "message": "100"}]}]}]}))
    .unwrap();
    let spot_oneday = tickets
        .iter()
        .find(|t| {
            let row = &comparison.rows()[t.row];
            row.pair.mission == Mission::Spot && row.pair.offer == Offer::OneDay
        })
        .unwrap();
    let next = comparison.answer(spot_oneday, measured(refused, &aoi()));
    assert!(next.is_none(), "a refused offer is not priced");
    let row = &comparison.rows()[spot_oneday.row];
    assert!(row.answered());
    assert_eq!(
        row.verdict.words(),
        "refused: the AOI is smaller than this offer's minimum of 100 km²: enlarge it or choose OnePlan"
    );
    // A request refused as a whole says the service's words.
    let first = &tickets[0];
    comparison.answer(
        first,
        Answer::Capacity(Err("no satellite can image this AOI".into())),
    );
    assert_eq!(
        comparison.rows()[first.row].verdict,
        Verdict::Refused("no satellite can image this AOI".into())
    );
    assert_eq!(comparison.progress().to_string(), "2 of 6 answered");
}

#[test]
fn attempts_then_options_then_price_fill_a_row() {
    let mut comparison = Comparison::<u64>::default();
    let tickets = comparison.start(1, &aoi(), params(false)).unwrap();
    let first = &tickets[0];
    assert_eq!(comparison.rows()[0].pair.offer, Offer::OneDay);
    let answer = attempts_answer(
        "PLEIADES",
        "ONEDAY",
        &[
            ("PHR1B", "2027-03-02T10:40:00.000Z", 12.5),
            ("PHR1A", "2027-03-01T10:40:00.000Z", 20.0),
        ],
    );
    let options = comparison.answer(first, measured(answer, &aoi())).unwrap();
    assert!(matches!(options.job, Job::Options { .. }));
    let row = &comparison.rows()[0];
    assert_eq!(row.verdict.words(), "AUTOMATIC");
    assert_eq!(row.attempts.len(), 2);
    let attempt = row.first.as_ref().unwrap();
    assert_eq!(
        attempt.satellite, "PHR1A",
        "the first attempt is the soonest"
    );
    assert!((attempt.aoi_coverage - 1.0).abs() < 1e-6);
    assert_eq!(
        row.billed_area_km2, 100.0,
        "an 88 km² AOI is billed 100 km²"
    );
    assert_eq!(
        comparison.progress().answered,
        0,
        "still waits for its price"
    );
    let priced = comparison
        .answer(&options, Answer::Options(Ok(no_options())))
        .unwrap();
    let Job::Price(request) = &priced.job else {
        panic!("{priced:?}")
    };
    assert_eq!(
        request.items[0].segment_key.as_deref(),
        Some("PHR1A-2027-03-01T10:40:00.000Z")
    );
    assert!(
        comparison
            .answer(&priced, Answer::Price(Ok(price(1234.5))))
            .is_none()
    );
    let row = &comparison.rows()[0];
    assert_eq!(
        row.price.as_ref().map(|m| (m.amount, m.currency.as_str())),
        Some((1234.5, "EUR"))
    );
    assert!(row.answered());
    // The same answer twice changes nothing.
    assert!(
        comparison
            .answer(&priced, Answer::Price(Ok(price(1.0))))
            .is_none()
    );
    assert_eq!(comparison.rows()[0].price.as_ref().unwrap().amount, 1234.5);
}

#[test]
fn oneplan_is_priced_when_automatic_and_not_when_manual_or_neo() {
    let mut comparison = Comparison::<u64>::default();
    let tickets = comparison.start(1, &aoi(), params(false)).unwrap();
    let oneplan: Vec<&Ticket> = tickets
        .iter()
        .filter(|t| comparison.rows()[t.row].pair.offer == Offer::OnePlan)
        .collect();
    let automatic = comparison.answer(
        oneplan[0],
        measured(feasibility_answer("PLEIADES", "AUTOMATIC"), &aoi()),
    );
    assert!(automatic.is_some());
    assert_eq!(
        comparison.rows()[oneplan[0].row].verdict.words(),
        "AUTOMATIC, EASY"
    );
    let manual = comparison.answer(
        oneplan[1],
        measured(feasibility_answer("SPOT", "MANUAL"), &aoi()),
    );
    assert!(manual.is_none());
    let row = &comparison.rows()[oneplan[1].row];
    assert_eq!(row.verdict.words(), "MANUAL, EASY");
    assert!(
        row.price_note
            .as_deref()
            .is_some_and(|n| n.contains("by hand"))
    );

    let mut neo = Comparison::<u64>::default();
    let tickets = neo.start(1, &aoi(), params(true)).unwrap();
    let next = neo.answer(
        &tickets[2],
        measured(feasibility_answer("PLEIADESNEO", "AUTOMATIC"), &aoi()),
    );
    assert!(next.is_none(), "Neo OnePlan is a quotation");
    assert!(
        neo.rows()[2]
            .price_note
            .as_deref()
            .is_some_and(|n| n.contains("quotation"))
    );
}

#[test]
fn cancel_stops_waiting_and_drops_later_answers() {
    let mut comparison = Comparison::<u64>::default();
    let tickets = comparison.start(1, &aoi(), params(false)).unwrap();
    comparison.answer(&tickets[0], Answer::Capacity(Err("refused".into())));
    comparison.cancel();
    assert!(!comparison.running());
    assert_eq!(comparison.progress().to_string(), "6 of 6 answered");
    assert_eq!(comparison.rows()[1].verdict, Verdict::Cancelled);
    assert_eq!(
        comparison.rows()[0].verdict,
        Verdict::Refused("refused".into())
    );
    let late = attempts_answer(
        "PLEIADES",
        "ONENOW",
        &[("PHR1A", "2027-03-01T10:40:00.000Z", 5.0)],
    );
    assert!(
        comparison
            .answer(&tickets[1], measured(late, &aoi()))
            .is_none()
    );
    assert_eq!(comparison.rows()[1].verdict, Verdict::Cancelled);
}

#[test]
fn a_newer_revision_drops_the_rest_and_the_latest_wins() {
    let mut comparison = Comparison::<u64>::default();
    let old = comparison.start(1, &aoi(), params(false)).unwrap();
    // The same AOI, or none selected: kept.
    comparison.set_target(Some(1));
    comparison.set_target(None);
    assert_eq!(comparison.rows().len(), 6);
    // A newer revision: the table goes, and the old answers with it.
    comparison.set_target(Some(2));
    assert!(comparison.rows().is_empty());
    let answer = attempts_answer(
        "PLEIADES",
        "ONEDAY",
        &[("PHR1A", "2027-03-01T10:40:00.000Z", 5.0)],
    );
    assert!(
        comparison
            .answer(&old[0], measured(answer.clone(), &aoi()))
            .is_none()
    );
    // Asked again for revision 2, then for 3 before 2 answered: only 3's answers count.
    let second = comparison.start(2, &aoi(), params(false)).unwrap();
    let third = comparison.start(3, &aoi(), params(false)).unwrap();
    assert!(
        comparison
            .answer(&second[0], measured(answer.clone(), &aoi()))
            .is_none()
    );
    assert_eq!(comparison.rows()[0].verdict, Verdict::Waiting);
    assert!(
        comparison
            .answer(&third[0], measured(answer, &aoi()))
            .is_some()
    );
    assert_eq!(comparison.rows()[0].verdict, Verdict::Attempts);
}

#[test]
fn sorting_puts_rows_without_a_value_last_and_marks_the_best() {
    let mut comparison = Comparison::<u64>::default();
    let tickets = comparison.start(1, &aoi(), params(false)).unwrap();
    // Row 0 (Pléiades OneDay): later, steeper, cheaper. Row 3 (SPOT OneDay): sooner, flatter, dearer.
    let rows = [
        (0, "PLEIADES", "2027-03-03T10:00:00.000Z", 25.0, 900.0),
        (3, "SPOT", "2027-03-01T10:00:00.000Z", 8.0, 1500.0),
    ];
    for (index, mission, when, incidence, amount) in rows {
        let answer = attempts_answer(mission, "ONEDAY", &[("S", when, incidence)]);
        let options = comparison
            .answer(&tickets[index], measured(answer, &aoi()))
            .unwrap();
        let priced = comparison
            .answer(&options, Answer::Options(Ok(no_options())))
            .unwrap();
        comparison.answer(&priced, Answer::Price(Ok(price(amount))));
    }
    let rows = comparison.rows();
    assert_eq!(&sorted(rows, SortKey::Price)[..2], &[0, 3]);
    assert_eq!(&sorted(rows, SortKey::Time)[..2], &[3, 0]);
    assert_eq!(best(rows, SortKey::Price), Some(0));
    assert_eq!(best(rows, SortKey::Time), Some(3));
    assert_eq!(best(rows, SortKey::Angle), Some(3));
    assert_eq!(sorted(rows, SortKey::Angle).len(), 6);
}
