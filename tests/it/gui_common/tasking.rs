//! What the tasking and tracking GUI tests share: the guide's Toulouse AOI, a window on the
//! sandbox inside the app (paced at 20 ms so tests run fast, its journal in a temporary folder),
//! waiting for answers, pressing a button as a person does, and the sandbox's control endpoints.

use std::time::{Duration, Instant};

use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use geo::Coord;
use sattask::aoi::Aoi;
use sattask::app::SattaskApp;
use sattask::app::jobs::{Connection, Jobs};
use sattask::state::AppState;
use serde_json::Value;

/// The guide's Toulouse AOI (about 132 km²).
pub fn toulouse() -> Aoi {
    let ring = [
        (1.3763809204101562, 43.545313140623726),
        (1.5095901489257812, 43.545313140623726),
        (1.5095901489257812, 43.656198305413156),
        (1.3763809204101562, 43.656198305413156),
        (1.3763809204101562, 43.545313140623726),
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

/// A connection to a sandbox inside the app, paced at 20 ms on both sides, with its journal in
/// `dir`.
pub fn connection(dir: &tempfile::TempDir) -> Connection {
    let mut connection = Connection::new(None, None).unwrap();
    connection.sandbox.ordering_min_interval_ms = 20;
    connection.options.ordering_interval = Duration::from_millis(25);
    connection.journal = dir.path().join("orders.jsonl");
    connection.quicklook_cache = Some(dir.path().join("quicklooks"));
    connection
}

/// A window holding the Toulouse AOI, connected as `connection` says.
pub fn app_with(connection: Connection) -> Harness<'static, SattaskApp> {
    let jobs = Jobs::start(connection).unwrap();
    let app = SattaskApp::new(AppState::with_aois(vec![toulouse()]), None).with_jobs(jobs);
    super::harness_with(app)
}

/// Steps the window until `done` holds (answers come from the runtime's threads), at most 20 s.
pub fn wait_until(
    harness: &mut Harness<'_, SattaskApp>,
    what: &str,
    done: impl Fn(&SattaskApp) -> bool,
) {
    let deadline = Instant::now() + Duration::from_secs(20);
    while !done(harness.state()) {
        assert!(
            Instant::now() < deadline,
            "timed out waiting for {what}: price {:?}, order {:?}, note {:?}, decision {:?}",
            harness.state().state.tasking.price,
            harness.state().state.tasking.order,
            harness.state().state.tasking.note,
            harness.state().state.tracking.act
        );
        harness.step();
        std::thread::sleep(Duration::from_millis(5));
    }
    harness.run_steps(2);
}

/// Scrolls a button into view, as a person would, and clicks it.
pub fn press(harness: &mut Harness<'_, SattaskApp>, label: &str) {
    harness.get_by_label(label).scroll_to_me();
    // The scroll animates; let it settle before the pointer goes there.
    for _ in 0..30 {
        harness.step();
    }
    harness.get_by_label(label).click();
    // One frame for the click, one for what it changed.
    harness.run_steps(2);
}

/// Presses the first widget whose label `matches`, looked up afresh before each gesture: a
/// label that holds a countdown ("order within 13 h 3 min") changes as the minutes pass.
pub fn press_where(harness: &mut Harness<'_, SattaskApp>, matches: impl Fn(&str) -> bool) {
    harness
        .query_all_by(|node| node.label().is_some_and(|l| matches(&l)))
        .next()
        .expect("a widget whose label matches")
        .scroll_to_me();
    for _ in 0..30 {
        harness.step();
    }
    harness
        .query_all_by(|node| node.label().is_some_and(|l| matches(&l)))
        .next()
        .expect("a widget whose label matches")
        .click();
    harness.run_steps(2);
}

/// Calls a path of the sandbox inside the app; fails the test unless it answers 2xx.
pub fn sandbox(
    harness: &Harness<'_, SattaskApp>,
    method: reqwest::Method,
    path: &str,
    body: Option<Value>,
) -> Value {
    let jobs = harness.state().jobs.as_ref().unwrap();
    let url = format!("{}{path}", jobs.sandbox_url().unwrap());
    jobs.block_on(async move {
        let mut request = reqwest::Client::new().request(method, url);
        if let Some(body) = body {
            request = request.json(&body);
        }
        let answer = request.send().await.unwrap();
        assert!(answer.status().is_success(), "{}", answer.status());
        answer.json::<Value>().await.unwrap_or(Value::Null)
    })
}

/// The requests the sandbox logged that match `keep`.
pub fn logged(harness: &Harness<'_, SattaskApp>, keep: impl Fn(&Value) -> bool) -> Vec<Value> {
    sandbox(harness, reqwest::Method::GET, "/sandbox/requests", None)["requests"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| keep(r))
        .cloned()
        .collect()
}

/// Waits for the search for earlier orders of the open confirmation, ticks `Buy it again` when
/// it found one (the second purchase is meant), then presses `confirm`.
pub fn confirm_past_earlier(harness: &mut Harness<'_, SattaskApp>, confirm: &str) {
    use sattask::tasking::workflow::order::OrderStep;
    wait_until(
        harness,
        "the search for earlier orders",
        |app| !matches!(&app.state.tasking.order, OrderStep::Confirming(d) if d.checking.is_some()),
    );
    harness.run_steps(2);
    let again = "Buy it again: I mean a second order of the same image";
    if harness.query_by_label(again).is_some() {
        harness.get_by_label(again).click();
        harness.run_steps(2);
    }
    harness.get_by_label(confirm).click();
}
