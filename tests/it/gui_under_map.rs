//! The panel under the map (issue 22, "room for it"): with 200 attempts and every offer
//! compared, the attempts list, the timeline and the compare table's price column are all in
//! the window at 1280 × 800 and at 1920 × 1080; each compared offer says its colour in words;
//! the row hovered in the table is brought forward on the map.

use egui::{Rect, Vec2};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use sattask::app::SattaskApp;
use sattask::app::jobs::Jobs;
use sattask::state::{AppState, FootprintKind};
use sattask::tasking::workflow::attempts::attempts_of;
use sattask::tasking::workflow::{Reply, Target};
use sattask::ui::theme::offer_color;

use crate::gui_common::harness_sized;
use crate::gui_common::tasking::{connection, press, toulouse, wait_until};
use crate::gui_tasking::contracts_loaded;

/// An attempts answer with `count` segments around Toulouse over a week in 2030.
pub(crate) fn attempts_answer(count: usize) -> sattask::api::oneatlas::models::CapacityAnswer {
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
    serde_json::from_value(serde_json::json!({"progCapacities": [{"mission": "PLEIADES",
        "progTypes": [{"name": "ONEDAY", "mission": "PLEIADES", "available": true, "segments": segments}]}]}))
    .unwrap()
}

/// Gives the workflow `count` attempts as if the service had answered them.
fn answer_attempts(harness: &mut Harness<'_, SattaskApp>, count: usize) {
    let app = harness.state_mut();
    let (key, aoi) = app
        .state
        .tasking_target()
        .map(|t| (t.key, t.aoi.clone()))
        .unwrap();
    app.state.tasking.set_target(Some(key));
    let target = Target {
        key,
        aoi: &aoi,
        refused: None,
    };
    let ticket = app.state.tasking.ask_attempts(&target).unwrap();
    let attempts = attempts_of(&attempts_answer(count), &aoi);
    app.take_answer(
        ticket.id,
        Ok(Reply::Attempts {
            attempts,
            errors: Vec::new(),
        }),
    );
    harness.run_steps(3);
}

/// A window of `size` on the sandbox inside the app, every offer compared, then 200 attempts.
pub(crate) fn compared_with_200_attempts(
    dir: &tempfile::TempDir,
    size: Vec2,
) -> Harness<'static, SattaskApp> {
    let jobs = Jobs::start(connection(dir)).unwrap();
    let app = SattaskApp::new(AppState::with_aois(vec![toulouse()]), None).with_jobs(jobs);
    let mut harness = harness_sized(app, size);
    wait_until(&mut harness, "the contracts", contracts_loaded);
    press(&mut harness, "Compare offers");
    wait_until(&mut harness, "every offer answered", |app| {
        !app.state.offers.rows().is_empty() && !app.state.offers.running()
    });
    answer_attempts(&mut harness, 200);
    harness
        .state_mut()
        .tasking(sattask::state::command::TaskingCommand::Choose(3));
    harness.run_steps(3);
    harness
}

/// Whether `inner` is a real area inside `outer`.
fn shown_in(inner: Rect, outer: Rect) -> bool {
    inner.width() > 1.0 && inner.height() > 1.0 && outer.contains_rect(inner)
}

fn everything_is_in_the_window(size: Vec2) {
    let dir = tempfile::tempdir().unwrap();
    let harness = compared_with_200_attempts(&dir, size);
    let window = Rect::from_min_size(egui::Pos2::ZERO, size);
    let timeline = harness
        .get_by_label("Timeline of the 200 attempts: acquisition time against incidence")
        .rect();
    assert!(
        shown_in(timeline, window),
        "timeline {timeline:?} in {size:?}"
    );
    assert!(
        timeline.height() >= 60.0,
        "a timeline one can read: {timeline:?}"
    );
    let heading = harness.get_by_label("Attempts (200)").rect();
    assert!(shown_in(heading, window), "attempts heading {heading:?}");
    // The first rows of the list, each a button naming its attempt.
    let rows: Vec<Rect> = harness
        .query_all_by(|node| {
            node.label()
                .is_some_and(|l| l.starts_with("PHR1") && l.contains("covers"))
        })
        .map(|node| node.rect())
        .collect();
    assert!(
        rows.len() >= 2,
        "only the rows in view are laid out: {}",
        rows.len()
    );
    assert!(rows.len() < 200, "the list lays out only the rows in view");
    assert!(shown_in(rows[0], window), "first row {:?}", rows[0]);
    // The table's price column: its heading and a price, inside the window's width.
    let price_heading = harness.get_by_label("Sort by price").rect();
    assert!(
        shown_in(price_heading, window),
        "price heading {price_heading:?}"
    );
    let price = harness
        .query_all_by_label_contains(" EUR")
        .map(|n| n.rect())
        .find(|r| r.min.y > price_heading.min.y)
        .expect("a price in the table");
    assert!(
        price.max.x <= window.max.x && price.width() > 1.0,
        "price {price:?} in {size:?}"
    );
    // The map keeps room: the panel never takes more than 70 % of the height.
    assert!(heading.min.y > size.y * 0.3 - 30.0, "{heading:?}");
}

#[test]
fn at_1280_by_800_the_list_the_timeline_and_the_prices_are_in_the_window() {
    everything_is_in_the_window(Vec2::new(1280.0, 800.0));
}

#[test]
fn at_1920_by_1080_the_list_the_timeline_and_the_prices_are_in_the_window() {
    everything_is_in_the_window(Vec2::new(1920.0, 1080.0));
}

#[test]
fn each_offer_is_drawn_in_its_rows_colour_and_the_row_hovered_comes_forward() {
    let dir = tempfile::tempdir().unwrap();
    let jobs = Jobs::start(connection(&dir)).unwrap();
    let app = SattaskApp::new(AppState::with_aois(vec![toulouse()]), None).with_jobs(jobs);
    let mut harness = harness_sized(app, Vec2::new(1280.0, 800.0));
    wait_until(&mut harness, "the contracts", contracts_loaded);
    press(&mut harness, "Compare offers");
    wait_until(&mut harness, "every offer answered", |app| {
        !app.state.offers.rows().is_empty() && !app.state.offers.running()
    });
    let footprints = harness.state().state.footprints.items().to_vec();
    assert!(footprints.len() >= 2, "{footprints:?}");
    let rows: Vec<usize> = footprints
        .iter()
        .map(|f| match f.kind {
            FootprintKind::OfferRow(row) => row,
            other => panic!("a compared offer drawn as {other:?}"),
        })
        .collect();
    assert!(
        rows.windows(2).all(|w| w[0] < w[1]),
        "one footprint per row, each its own colour: {rows:?}"
    );
    // Each row says its colour in words, in the accessibility tree.
    for &row in &rows {
        let name = format!("colour: {}", offer_color(row).1);
        assert!(harness.query_by_label(&name).is_some(), "{name}");
    }
    // The pointer over a row (on its colour's name): its footprint is brought forward.
    let row = rows[1];
    let at = harness
        .get_by_label(&format!("colour: {}", offer_color(row).1))
        .rect()
        .center();
    harness.event(egui::Event::PointerMoved(at));
    harness.run_steps(3);
    let app = harness.state();
    assert_eq!(app.state.offers_hovered, Some(row));
    let hovered: Vec<FootprintKind> = app
        .state
        .footprints
        .items()
        .iter()
        .filter(|f| f.hovered)
        .map(|f| f.kind)
        .collect();
    assert_eq!(hovered, vec![FootprintKind::OfferRow(row)]);
    // Away from the table, nothing is hovered.
    harness.event(egui::Event::PointerMoved(egui::pos2(640.0, 5.0)));
    harness.run_steps(3);
    assert_eq!(harness.state().state.offers_hovered, None);
    assert!(
        harness
            .state()
            .state
            .footprints
            .items()
            .iter()
            .all(|f| !f.hovered)
    );
}
