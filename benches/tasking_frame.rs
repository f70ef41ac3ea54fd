//! The tasking window on the CPU (`Context::run_ui` + `tessellate`, no GPU): a 999-vertex AOI,
//! 200 attempt footprints on the map, the attempts list, the timeline, a comparison, options and
//! a price, in three scenarios: a still window, the pointer moving over the list (every view
//! follows the hovered attempt), and a request in flight (spinner) against the sandbox inside
//! the app. Also: from an attempts answer's arrival to its footprints on screen (one frame
//! included), and measuring 200 footprints against the AOI (done on the runtime, off the
//! window's thread). Targets (DESIGN.md): frame p95 ≤ 2 ms, no frame over 16 ms while a request
//! is in flight, arrival to screen ≤ 20 ms.

use std::time::{Duration, Instant};

use criterion::{Criterion, criterion_group, criterion_main};
use egui::{Context, Event, Pos2};
use sattask::aoi::LonLat;
use sattask::aoi::mission::Offer;
use sattask::api::ids::ContractId;
use sattask::api::oneatlas::models::{CapacityAnswer, OptionList, PriceAnswer};
use sattask::api::oneatlas::models::{SegmentList, TaskingList};
use sattask::app::SattaskApp;
use sattask::app::jobs::{Connection, Jobs};
use sattask::state::command::TaskingCommand;
use sattask::state::{AppState, PanelView};
use sattask::tasking::compare::{
    Answer as CompareAnswer, CompareParams, Job as CompareJob, measured,
};
use sattask::tasking::workflow::attempts::attempts_of;
use sattask::tasking::workflow::{Job, Reply, Slot};

#[path = "common/frame.rs"]
mod frame;
use frame::{frame, jagged_aoi, percentiles};

#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// An attempts answer with `count` segments around the AOI over the next week.
fn answer(count: usize) -> CapacityAnswer {
    answer_for(count, "PLEIADES", "ONEDAY")
}

/// An attempts answer of `mission` and `offer` with `count` segments.
fn answer_for(count: usize, mission: &str, offer: &str) -> CapacityAnswer {
    let segments: Vec<serde_json::Value> = (0..count)
        .map(|i| {
            let (dx, dy) = ((i % 20) as f64 * 0.01 - 0.1, (i / 20) as f64 * 0.01 - 0.05);
            let (x0, y0) = (1.30 + dx, 43.52 + dy);
            let day = 1 + i % 7;
            serde_json::json!({
                "id": format!("PHR1{}", if i % 2 == 0 { "A" } else { "B" }),
                "footprint": {
                    "geometry": format!(
                        "POLYGON(({x0} {y0}, {} {y0}, {} {}, {x0} {}, {x0} {y0}))",
                        x0 + 0.3, x0 + 0.3, y0 + 0.26, y0 + 0.26
                    ),
                    "center": format!("POINT({} {})", x0 + 0.15, y0 + 0.13)
                },
                "orderDeadline": format!("2030-12-0{day}T08:00:00.000Z"),
                "acquisitionStartDate": format!("2030-12-0{day}T10:{:02}:00.000Z", i % 60),
                "incidenceAngle": (i % 30) as f64 + 0.5,
                "acrossTrackIncidenceAngle": (i % 25) as f64,
                "segmentKey": format!("key-{i}")
            })
        })
        .collect();
    serde_json::from_value(serde_json::json!({"progCapacities": [{"mission": mission,
        "progTypes": [{"name": offer, "mission": mission, "available": true, "segments": segments}]}]}))
    .unwrap_or_default()
}

fn options() -> OptionList {
    serde_json::from_value(serde_json::json!({"availableOptions": [
        {"name": "processing_level", "label": "Processing Level", "mandatory": "true", "defaultValue": "ortho",
         "constraint": {"values": [{"id": "ortho", "label": "Ortho"}, {"id": "primary", "label": "Primary"}]}},
        {"name": "licence", "label": "Licence", "mandatory": "true", "defaultValue": "standard",
         "constraint": {"values": [{"id": "standard", "label": "Standard"}]}}
    ]}))
    .unwrap_or_default()
}

/// An app whose workflow holds 200 attempts (one chosen, one compared), options and a price.
fn tasking_app(jobs: Option<Jobs>) -> (Context, SattaskApp) {
    sattask::ui::basemap::detailed();
    let aoi = jagged_aoi();
    let mut state = AppState::with_aois(vec![aoi.clone()]);
    state.endpoint = Some("the benchmark".to_owned());
    let mut app = SattaskApp::new(state, None);
    if let Some(jobs) = jobs {
        app = app.with_jobs(jobs);
    }
    let flow = &mut app.state.tasking;
    let ticket = flow.load_contracts();
    let contracts =
        serde_json::from_value(serde_json::json!([{"contractId": "CTR", "currency": "EUR",
        "creditRemaining": "150000.0", "delivery": [{"deliveryWorkspace": "ws"}]}]))
        .unwrap_or_default();
    app.take_answer(ticket.id, Ok(Reply::Contracts(contracts)));
    let ctx = Context::default();
    frame(&ctx, &mut app, Vec::new());
    let target = app.state.tasking_target().map(|t| (t.key, t.aoi.clone()));
    if let Some((key, aoi)) = target {
        let flow = &mut app.state.tasking;
        flow.set_target(Some(key));
        let t = sattask::tasking::workflow::Target {
            key,
            aoi: &aoi,
            refused: None,
        };
        if let Ok(ticket) = flow.ask_attempts(&t) {
            let attempts = attempts_of(&answer(200), &aoi);
            app.take_answer(
                ticket.id,
                Ok(Reply::Attempts {
                    attempts,
                    errors: Vec::new(),
                }),
            );
        }
    }
    app.tasking(TaskingCommand::Choose(3));
    app.tasking(TaskingCommand::Compare(Some(8)));
    // Without a runtime the app runs no job: answer the follow-ups here (the options, then
    // the price of the chosen attempt), so the frame shows them as a person sees them.
    let price: PriceAnswer = serde_json::from_value(serde_json::json!({"currency": "EUR",
        "totalAmount": 7420.56, "productTypes": [{"areaKm2": 132.5}]}))
    .unwrap_or_default();
    for _ in 0..2 {
        let aoi = app.state.aois[0].aoi().clone();
        let key = app.state.tasking_target().map(|t| t.key);
        let tickets = key.map_or_else(Vec::new, |key| {
            let t = sattask::tasking::workflow::Target {
                key,
                aoi: &aoi,
                refused: None,
            };
            app.state
                .tasking
                .follow_up(Some(&t), time::OffsetDateTime::now_utc())
        });
        for ticket in tickets {
            let reply = match ticket.job {
                Job::Options { .. } => Reply::Options(options()),
                _ => Reply::Price(price.clone()),
            };
            app.take_answer(ticket.id, Ok(reply));
        }
    }
    // (With a runtime the app asked for the options itself; the sandbox holds its answers.)
    assert!(
        app.jobs.is_some() || app.state.tasking.price.ready().is_some(),
        "the frame shows a price"
    );
    for _ in 0..5 {
        frame(&ctx, &mut app, Vec::new());
    }
    (ctx, app)
}

/// The tasking window with `Compare offers` done: every offer answered (attempts, an automatic
/// feasibility, options and prices), the table under the map, and the 200 attempt footprints
/// still on the map.
fn compared_app() -> (Context, SattaskApp) {
    let (ctx, mut app) = tasking_app(None);
    let Some(target) = app.state.tasking_target() else {
        return (ctx, app);
    };
    let (key, aoi) = (target.key, target.aoi.clone());
    let params = CompareParams {
        contract: ContractId("CTR".to_owned()),
        neo_contract: false,
        start: time::OffsetDateTime::now_utc(),
        end: time::OffsetDateTime::now_utc() + time::Duration::days(60),
        max_cloud_pct: 20.0,
        max_incidence_deg: 30.0,
        now: time::OffsetDateTime::now_utc(),
    };
    let price: PriceAnswer = serde_json::from_value(serde_json::json!({"currency": "EUR",
        "totalAmount": 7420.56, "productTypes": [{"areaKm2": 132.5}]}))
    .unwrap_or_default();
    let mut pending = app
        .state
        .offers
        .start(key, &aoi, params)
        .unwrap_or_default();
    while let Some(ticket) = pending.pop() {
        let Some(pair) = app.state.offers.rows().get(ticket.row).map(|r| r.pair) else {
            continue;
        };
        let reply = match &ticket.job {
            CompareJob::Capacity { .. } if pair.offer == Offer::OnePlan => {
                let answer: CapacityAnswer = serde_json::from_value(serde_json::json!({
                    "progCapacities": [{"mission": pair.mission.api_name(), "progTypes": [{
                        "name": "ONEPLAN", "mission": pair.mission.api_name(), "available": true,
                        "feasibility": {"automation": "AUTOMATIC", "classification": "EASY"}}]}]}))
                .unwrap_or_default();
                measured(answer, &aoi)
            }
            CompareJob::Capacity { .. } => measured(
                answer_for(20, pair.mission.api_name(), pair.offer.api_name()),
                &aoi,
            ),
            CompareJob::Options { .. } => CompareAnswer::Options(Ok(options())),
            CompareJob::Price(_) => CompareAnswer::Price(Ok(price.clone())),
        };
        pending.extend(app.state.offers.answer(&ticket, reply));
    }
    assert!(!app.state.offers.running(), "every offer answered");
    for _ in 0..5 {
        frame(&ctx, &mut app, Vec::new());
    }
    (ctx, app)
}

/// A tasking's AOI over Toulouse and `count` acquisitions around it, most validated.
fn acquisitions(count: usize) -> (Vec<LonLat>, SegmentList) {
    let square = |x: f64, y: f64, size: f64| {
        vec![
            [x, y],
            [x + size, y],
            [x + size, y + size],
            [x, y + size],
            [x, y],
        ]
    };
    let aoi = square(1.30, 43.50, 0.30)
        .into_iter()
        .map(|[x, y]| LonLat { x, y })
        .collect();
    let segments: Vec<serde_json::Value> = (0..count)
        .map(|i| {
            let (x, y) = (1.25 + (i % 50) as f64 * 0.008, 43.45 + (i / 50) as f64 * 0.008);
            let status = match i % 4 {
                0 => "Proposed",
                1 => "Refused",
                _ => "Validated",
            };
            serde_json::json!({"id": format!("AS_{i}"), "status": status, "asDetail1": {
                "footprint": {"type": "Polygon", "coordinates": [square(x, y, 0.05)]},
                "incidenceAngle": 12.5, "clearSkyRate": 95.0, "acquisitionDate": "2026-12-03T10:30:00.000Z"}})
        })
        .collect();
    let list =
        serde_json::from_value(serde_json::json!({ "segments": segments })).unwrap_or_default();
    (aoi, list)
}

/// The taskings view with a page of 500 taskings and one of them open, 2,000 acquisitions.
fn taskings_app() -> (Context, SattaskApp) {
    let (ctx, mut app) = tasking_app(None);
    app.state.view = PanelView::Taskings;
    let entries: Vec<serde_json::Value> = (0..500)
        .map(|i| {
            serde_json::json!({"icr": {"id": format!("ICR_{i}"), "status": "In Progress",
                "progTypeName": "OnePlan", "customerRef": format!("ref-{i}"), "nbProposedSegments": i % 3,
                "period": {"startDate": "2026-12-01T00:00:00.000Z", "endDate": "2027-01-01T00:00:00.000Z"},
                "taskingProgress": {"orderedArea": 8.1e8, "validatedArea": (i % 10) as f64 * 8.0e7},
                "aoi": {"type": "Polygon", "coordinates": [[[1.30, 43.50], [1.60, 43.50], [1.60, 43.80], [1.30, 43.80], [1.30, 43.50]]]}}})
        })
        .collect();
    let list: TaskingList =
        serde_json::from_value(serde_json::json!({ "taskings": entries })).unwrap_or_default();
    let ticket = app.state.tracking.load_taskings("CTR");
    app.take_answer(ticket.id, Ok(Reply::Taskings(list)));
    let ticket = app
        .state
        .tracking
        .open("CTR", sattask::api::ids::TaskingId("ICR_0".to_owned()));
    let (aoi, segments) = acquisitions(2000);
    let left = sattask::tasking::coverage::still_to_acquire(&aoi, &segments);
    app.take_answer(ticket.id, Ok(Reply::Segments(segments, left)));
    for _ in 0..5 {
        frame(&ctx, &mut app, Vec::new());
    }
    (ctx, app)
}

/// The Quotations view's UP42 orders: 1,000 orders, each with its AOI (a third with a study
/// waiting, the others a quotation), the first one open with its study's two options, its
/// quotation, its coverage and its asset, and on the map its AOI, the asset delivered and the
/// remainder.
fn up42_orders_app() -> (Context, SattaskApp) {
    let (ctx, mut app) = tasking_app(None);
    // Without a runtime nothing is sent: the answers are handed in as the runtime would.
    app.tasking(TaskingCommand::ShowView(PanelView::Quotations));
    let square = |i: usize| {
        let (x, y) = (1.0 + (i % 40) as f64 * 0.05, 43.0 + (i / 40) as f64 * 0.05);
        serde_json::json!({"type": "Polygon", "coordinates": [[[x, y], [x + 0.04, y], [x + 0.04, y + 0.04], [x, y + 0.04], [x, y]]]})
    };
    let orders: Vec<serde_json::Value> = (0..1000)
        .map(|i| {
            let sub = if i % 3 == 0 {
                "FEASIBILITY_WAITING_RESPONSE"
            } else {
                "QUOTATION_WAITING_RESPONSE"
            };
            serde_json::json!({"id": format!("5f0c3a1e-0000-4000-a000-{i:012}"),
                "displayName": format!("Tasking {i}"), "status": "CREATED", "type": "TASKING",
                "createdAt": "2026-12-01T10:00:00Z", "updatedAt": "2026-12-01T11:00:00Z",
                "orderDetails": {"subStatus": sub, "geometry": square(i)}})
        })
        .collect();
    let page: sattask::api::up42::models::RecordsPage<sattask::api::up42::models::Up42Order> =
        serde_json::from_value(serde_json::json!({"content": orders, "totalPages": 1,
            "totalElements": 1000, "number": 0}))
        .unwrap_or_default();
    assert_eq!(page.content.len(), 1000);
    if let Some(id) = app.state.tracking.up42_orders.waiting() {
        app.take_answer(id, Ok(Reply::Up42Orders(page)));
    }
    let open = sattask::api::ids::OrderId("5f0c3a1e-0000-4000-a000-000000000000".to_owned());
    app.tasking(TaskingCommand::OpenUp42Order(Some(open.clone())));
    let detail = sattask::tasking::up42_follow::Up42Detail {
        order: open.clone(),
        studies: serde_json::from_value(serde_json::json!([{"id": "study-1", "decision": "NOT_DECIDED",
            "options": [{"id": "opt-1", "description": "Standard: Pléiades 50 cm, max incidence 30°"},
                        {"id": "opt-2", "description": "Flexible: Pléiades or SPOT, max incidence 45°"}]}]))
        .unwrap_or_default(),
        quotations: serde_json::from_value(serde_json::json!([{"id": "q-1", "decision": "NOT_DECIDED",
            "creditsPrice": 40000, "orderId": open.as_str()}]))
        .unwrap_or_default(),
        coverage: serde_json::from_value(serde_json::json!({
            "covered": {"sqKmArea": 9.5, "percentage": 50.0, "geometry": {"type": "Polygon",
                "coordinates": [[[1.0, 43.0], [1.02, 43.0], [1.02, 43.04], [1.0, 43.04], [1.0, 43.0]]]}},
            "remainder": {"sqKmArea": 9.5, "percentage": 50.0, "geometry": {"type": "Polygon",
                "coordinates": [[[1.02, 43.0], [1.04, 43.0], [1.04, 43.04], [1.02, 43.04], [1.02, 43.0]]]}}}))
        .map_err(|e| e.to_string()),
        assets: Ok(serde_json::from_value(serde_json::json!([{"id": "asset-1",
            "geometry": {"type": "Polygon",
                "coordinates": [[[1.0, 43.0], [1.02, 43.0], [1.02, 43.04], [1.0, 43.04], [1.0, 43.0]]]},
            "properties": {"datetime": "2026-12-03T10:00:00Z", "up42-order:id": open.as_str()}}]))
        .unwrap_or_default()),
    };
    if let Some(id) = app.state.tracking.up42_detail.waiting() {
        app.take_answer(id, Ok(Reply::Up42Follow(Box::new(detail))));
    }
    for _ in 0..5 {
        frame(&ctx, &mut app, Vec::new());
    }
    (ctx, app)
}

fn timed(count: usize, mut one: impl FnMut() -> usize) -> Vec<f64> {
    (0..count)
        .map(|_| {
            let started = Instant::now();
            std::hint::black_box(one());
            started.elapsed().as_secs_f64() * 1e3
        })
        .collect()
}

fn bench_tasking(c: &mut Criterion) {
    // A still window: the list, the timeline and 200 footprints drawn.
    let (ctx, mut app) = tasking_app(None);
    assert_eq!(app.state.footprints.items().len(), 200);
    c.bench_function("tasking_frame/still/999_vertex_aoi_200_attempts", |b| {
        b.iter(|| frame(&ctx, &mut app, Vec::new()))
    });
    percentiles(
        "tasking_frame/still",
        timed(500, || frame(&ctx, &mut app, Vec::new())),
    );

    // `Compare offers` done: the table under the map, every offer answered, 200 footprints.
    let (compare_ctx, mut compared) = compared_app();
    assert_eq!(compared.state.footprints.items().len(), 200);
    assert_eq!(
        compared.state.offers.progress().to_string(),
        "6 of 6 answered"
    );
    c.bench_function(
        "tasking_frame/compare_table/every_offer_answered_200_footprints",
        |b| b.iter(|| frame(&compare_ctx, &mut compared, Vec::new())),
    );
    percentiles(
        "tasking_frame/compare_table",
        timed(500, || frame(&compare_ctx, &mut compared, Vec::new())),
    );

    // The pointer sweeping over the right panel: the hovered attempt changes, the map and the
    // timeline follow.
    let mut k = 0u32;
    let mut sweep = |app: &mut SattaskApp| {
        k += 1;
        let y = 300.0 + (k % 60) as f32 * 4.0;
        frame(&ctx, app, vec![Event::PointerMoved(Pos2::new(1100.0, y))])
    };
    c.bench_function(
        "tasking_frame/hovering_the_list/999_vertex_aoi_200_attempts",
        |b| b.iter(|| sweep(&mut app)),
    );
    percentiles(
        "tasking_frame/hovering_the_list",
        timed(500, || sweep(&mut app)),
    );

    // A request in flight against the sandbox inside the app (it answers after 60 s): the
    // spinner animates every frame.
    let dir = std::env::temp_dir().join(format!("sattask-bench-{}", std::process::id()));
    let Ok(mut connection) = Connection::new(None, None) else {
        return;
    };
    connection.journal = dir.join("orders.jsonl");
    connection.sandbox.faults.latency_ms = 60_000;
    if let Ok(jobs) = Jobs::start(connection) {
        let (ctx, mut app) = tasking_app(Some(jobs));
        app.tasking(TaskingCommand::GetAttempts);
        assert!(matches!(app.state.tasking.attempts, Slot::Waiting(_)));
        c.bench_function("tasking_frame/request_in_flight/999_vertex_aoi", |b| {
            b.iter(|| frame(&ctx, &mut app, Vec::new()))
        });
        percentiles(
            "tasking_frame/request_in_flight",
            timed(500, || frame(&ctx, &mut app, Vec::new())),
        );
        assert!(
            matches!(app.state.tasking.attempts, Slot::Waiting(_)),
            "still in flight"
        );
    }

    // From an attempts answer's arrival to its footprints on screen: the workflow takes it, the
    // map's footprints are replaced, one frame is drawn.
    let (ctx, mut app) = tasking_app(None);
    let aoi = jagged_aoi();
    let attempts = attempts_of(&answer(200), &aoi);
    let mut arrival = || {
        let target = app.state.tasking_target().map(|t| t.key);
        let flow = &mut app.state.tasking;
        flow.set_target(target);
        let t = sattask::tasking::workflow::Target {
            key: target.unwrap_or(sattask::tasking::workflow::AoiKey {
                id: sattask::aoi::AoiId(0),
                revision: 0,
            }),
            aoi: &aoi,
            refused: None,
        };
        let Ok(ticket) = flow.ask_attempts(&t) else {
            return 0;
        };
        app.take_answer(
            ticket.id,
            Ok(Reply::Attempts {
                attempts: attempts.clone(),
                errors: Vec::new(),
            }),
        );
        frame(&ctx, &mut app, Vec::new())
    };
    c.bench_function("tasking/arrival_to_screen/200_attempts", |b| {
        b.iter(&mut arrival)
    });
    percentiles("tasking/arrival_to_screen", timed(200, &mut arrival));

    // The taskings view: a page of 500 taskings, one open with 2,000 acquisitions on the map.
    let (ctx, mut app) = taskings_app();
    assert!(app.state.footprints.items().len() >= 2001);
    c.bench_function("tracking_frame/500_taskings_2000_acquisitions", |b| {
        b.iter(|| frame(&ctx, &mut app, Vec::new()))
    });
    percentiles(
        "tracking_frame/500_taskings_2000_acquisitions",
        timed(500, || frame(&ctx, &mut app, Vec::new())),
    );
    let (tasking_aoi, segments) = acquisitions(2000);
    c.bench_function("tracking/still_to_acquire/2000_acquisitions", |b| {
        b.iter(|| sattask::tasking::coverage::still_to_acquire(&tasking_aoi, &segments))
    });

    // The UP42 orders view: 1,000 orders (only the rows in view are laid out), one open with
    // its study, quotation and coverage on the map.
    let (ctx, mut app) = up42_orders_app();
    assert_eq!(
        app.state.footprints.items().len(),
        3,
        "AOI, acquired, remainder"
    );
    assert!(
        app.state
            .tracking
            .up42_detail
            .ready()
            .is_some_and(|d| d.studies.len() == 1 && d.quotations.len() == 1)
    );
    c.bench_function("up42_orders_frame/1000_orders_one_open", |b| {
        b.iter(|| frame(&ctx, &mut app, Vec::new()))
    });
    percentiles(
        "up42_orders_frame/1000_orders_one_open",
        timed(500, || frame(&ctx, &mut app, Vec::new())),
    );

    // The same 1,000 orders with none open: every order's AOI on the map.
    app.tasking(TaskingCommand::OpenUp42Order(None));
    for _ in 0..5 {
        frame(&ctx, &mut app, Vec::new());
    }
    assert_eq!(
        app.state.footprints.items().len(),
        1000,
        "every order's AOI"
    );
    percentiles(
        "up42_orders_frame/1000_orders_every_aoi_on_the_map",
        timed(500, || frame(&ctx, &mut app, Vec::new())),
    );

    // Measuring 200 footprints against the 999-vertex AOI (on the runtime, not the window).
    let answer = answer(200);
    c.bench_function("tasking/attempts_of/200_footprints_999_vertex_aoi", |b| {
        b.iter(|| attempts_of(&answer, &aoi).len())
    });
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(30).measurement_time(Duration::from_secs(4));
    targets = bench_tasking
}
criterion_main!(benches);
