//! The app driven like a person would, without a display (egui_kittest): drawing, dragging a
//! vertex across an edge, undo, the rectangle tool, importing, accessible names.

use crate::gui_common::{click, drag, harness, unnamed_widgets};
use egui::{Event, Key, Modifiers, PointerButton, Pos2, Vec2};
use egui_kittest::kittest::Queryable;
use sattask::aoi::rules::Rule;
use sattask::aoi::{Aoi, LonLat};
use sattask::state::command::Command;

fn square() -> Aoi {
    let c = |x: f64, y: f64| LonLat { x, y };
    Aoi::new(
        "square",
        vec![
            c(1.4, 43.6),
            c(1.5, 43.6),
            c(1.5, 43.7),
            c(1.4, 43.7),
            c(1.4, 43.6),
        ],
    )
}

#[test]
fn draw_a_polygon_by_clicking_and_see_its_vertices_and_area() {
    let mut harness = harness(Vec::new());
    harness.get_by_label("Polygon").click();
    harness.run_steps(2);
    for pos in [
        Pos2::new(600.0, 300.0),
        Pos2::new(800.0, 320.0),
        Pos2::new(700.0, 500.0),
    ] {
        click(&mut harness, pos);
    }
    harness.key_press(Key::Enter);
    harness.run_steps(3);
    let state = &harness.state().state;
    assert_eq!(state.aois.len(), 1, "{:?}", state.notices);
    let entry = &state.aois[0];
    assert_eq!(entry.aoi().vertex_count(), 3);
    assert!(entry.aoi().is_closed());
    let area = entry.report.size.unwrap().area_km2;
    assert!(area > 100.0, "{area}");
    harness.get_by_label("3 / 999");
    harness.get_by_label(&format!("{area:.2} km²"));
}

#[test]
fn a_vertex_dragged_across_an_edge_is_a_marked_crossing_and_undo_heals_it() {
    let mut harness = harness(vec![square()]);
    let app = harness.state();
    assert!(app.state.aois[0].report.is_valid());
    let from = app.map.screen_pos(LonLat { x: 1.5, y: 43.6 });
    let to = app.map.screen_pos(LonLat { x: 1.35, y: 43.65 });
    drag(&mut harness, from, to);
    let entry = &harness.state().state.aois[0];
    let crossing = entry
        .report
        .issues
        .iter()
        .find(|i| i.rule == Rule::SelfIntersection);
    assert!(crossing.is_some(), "{:#?}", entry.report.issues);
    assert!(crossing.unwrap().at.is_some(), "the crossing is located");
    harness.get_by_label_contains("[self_intersection]");
    // The map kept still while the handle moved.
    let moved_back = harness.state().map.screen_pos(LonLat { x: 1.4, y: 43.6 });
    assert_eq!(
        moved_back,
        harness.state().map.screen_pos(LonLat { x: 1.4, y: 43.6 })
    );
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run_steps(2);
    let entry = &harness.state().state.aois[0];
    assert!(entry.report.is_valid(), "{:#?}", entry.report.issues);
    assert_eq!(entry.aoi(), &square());
    harness.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::Z);
    harness.run_steps(2);
    assert!(!harness.state().state.aois[0].report.is_valid());
}

#[test]
fn dragging_a_handle_does_not_pan_the_map() {
    let mut harness = harness(vec![square()]);
    let corner = LonLat { x: 1.4, y: 43.7 };
    let before = harness.state().map.screen_pos(corner);
    let from = harness.state().map.screen_pos(LonLat { x: 1.5, y: 43.7 });
    drag(&mut harness, from, from + Vec2::new(60.0, -40.0));
    let after = harness.state().map.screen_pos(corner);
    assert!(before.distance(after) < 0.5, "{before:?} -> {after:?}");
}

#[test]
fn the_rectangle_tool_draws_a_closed_rectangle() {
    let mut harness = harness(Vec::new());
    harness.get_by_label("Rectangle").click();
    harness.run_steps(2);
    drag(
        &mut harness,
        Pos2::new(600.0, 300.0),
        Pos2::new(800.0, 450.0),
    );
    let state = &harness.state().state;
    assert_eq!(
        state.aois.len(),
        1,
        "tool {:?}, notices {:?}",
        state.tool,
        state.notices
    );
    let ring = &state.aois[0].aoi().ring;
    assert_eq!(ring.len(), 5);
    assert_eq!(ring[0], ring[4]);
    assert!(state.aois[0].report.size.is_some());
}

#[test]
fn a_file_is_imported_through_the_open_command_and_reported() {
    let mut harness = harness(Vec::new());
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/formats/kml/google_earth_folder.kml");
    harness.state_mut().execute(Command::Open(path));
    harness.run_steps(3);
    let state = &harness.state().state;
    assert_eq!(state.aois.len(), 2);
    let notice = &state.notices.last().unwrap().text;
    assert!(
        notice.contains("2 AOI(s) imported") && notice.contains("skipped"),
        "{notice}"
    );
    harness.get_by_label_contains("2 AOI(s) imported");
}

#[test]
fn opening_a_file_already_in_the_project_selects_it_instead_of_copying_it() {
    let mut harness = harness(Vec::new());
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/formats/kml/google_earth_folder.kml");
    harness.state_mut().execute(Command::Open(path.clone()));
    harness.run_steps(3);
    let first = harness.state().state.aois[0].id;
    harness.state_mut().state.selected = None;
    harness.state_mut().execute(Command::Open(path));
    harness.run_steps(3);
    let state = &harness.state().state;
    assert_eq!(
        state.aois.len(),
        2,
        "the same file opened twice adds nothing"
    );
    assert_eq!(state.selected, Some(first));
    let notice = &state.notices.last().unwrap().text;
    assert!(
        notice.contains("0 AOI(s) imported") && notice.contains("already in the project"),
        "{notice}"
    );
    harness.get_by_label_contains("already in the project");
    // The same name with another ring is another AOI.
    let mut moved = harness.state().state.aois[0].aoi().clone();
    moved.ring[0].x += 0.001;
    let last = moved.ring.len() - 1;
    moved.ring[last] = moved.ring[0];
    assert_eq!(harness.state().state.same_as(&moved), None);
    let mut renamed = harness.state().state.aois[0].aoi().clone();
    renamed.name.push_str(" (2)");
    assert_eq!(harness.state().state.same_as(&renamed), None);
}

#[test]
fn every_interactive_widget_has_an_accessible_name() {
    // An AOI over the vertex limit shows the simplification buttons too.
    let mut ring: Vec<LonLat> = (0..1200)
        .map(|i| {
            let t = f64::from(i) / 1200.0 * std::f64::consts::TAU;
            LonLat {
                x: 1.45 + 0.1 * t.cos(),
                y: 43.65 + 0.07 * t.sin(),
            }
        })
        .collect();
    ring.push(ring[0]);
    let mut harness = harness(vec![square(), Aoi::new("dense", ring)]);
    harness.run_steps(2);
    let mut total = 0;
    for step in ["Edit", "Circle", "Simplify to 999 vertices…", "Polygon"] {
        if step.starts_with("Simplify") {
            let dense = harness.state().state.aois[1].id;
            harness.state_mut().execute(Command::Select(Some(dense)));
            harness.run_steps(2);
        }
        harness.get_by_label(step).click();
        harness.run_steps(2);
        let (checked, unnamed) = unnamed_widgets(&harness);
        assert!(
            unnamed.is_empty(),
            "after {step}: unnamed widgets: {unnamed:?}"
        );
        total += checked;
    }
    assert!(total > 60, "{total} widgets checked");
    harness.get_by_label("Apply simplification");
}

#[test]
fn an_idle_app_stops_asking_for_frames() {
    let mut harness = harness(vec![square()]);
    // `try_run` steps until no repaint is requested, and fails if that never happens.
    let steps = harness
        .try_run()
        .expect("the app keeps repainting while idle");
    assert!(steps < 10, "{steps} frames to settle");
}

#[test]
fn an_aoi_is_renamed_by_typing_and_the_rename_undone() {
    let mut harness = harness(vec![square()]);
    let field = harness.get_by_label("Name");
    field.focus();
    field.type_text(" north");
    harness.run_steps(2);
    harness.key_press(Key::Enter);
    harness.run_steps(3);
    assert_eq!(harness.state().state.aois[0].aoi().name, "square north");
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run_steps(2);
    assert_eq!(harness.state().state.aois[0].aoi().name, "square");
}

#[test]
fn without_a_desktop_portal_the_open_button_says_what_to_do_instead() {
    if sattask::app::dialogs::portal_reachable() {
        eprintln!(
            "a D-Bus session is reachable here: the real dialog would open, nothing to check"
        );
        return;
    }
    let mut harness = harness(Vec::new());
    harness.get_by_label("Open files…").click();
    harness.run_steps(2);
    let notice = harness.state().state.notices.last().cloned().unwrap();
    assert!(notice.is_error);
    assert!(
        notice
            .text
            .contains("drop the files on the window, or type a path"),
        "{}",
        notice.text
    );
}

#[test]
fn a_vertex_is_deleted_from_its_context_menu() {
    let mut harness = harness(vec![square()]);
    let at = harness.state().map.screen_pos(LonLat { x: 1.5, y: 43.7 });
    harness.event(Event::PointerMoved(at));
    harness.event(Event::PointerButton {
        pos: at,
        button: PointerButton::Secondary,
        pressed: true,
        modifiers: Modifiers::NONE,
    });
    harness.step();
    harness.event(Event::PointerButton {
        pos: at,
        button: PointerButton::Secondary,
        pressed: false,
        modifiers: Modifiers::NONE,
    });
    harness.run_steps(3);
    harness.get_by_label("Delete vertex 2").click();
    harness.run_steps(3);
    let aoi = harness.state().state.aois[0].aoi().clone();
    assert_eq!(aoi.ring.len(), 4, "{:?}", aoi.ring);
    assert!(!aoi.ring.contains(&LonLat { x: 1.5, y: 43.7 }));
}

#[test]
fn a_second_window_on_the_same_project_opens_it_read_only_naming_the_first() {
    let dir = tempfile::tempdir().unwrap();
    let project = dir.path().join("project.json");
    let mut first = sattask::state::AppState::default();
    let held = sattask::app::claim_project(&project, &mut first);
    assert!(held.is_some());
    assert!(first.notices.is_empty());
    // A second window (its own handle on the lock file): refused the project, told by whom.
    let mut second = sattask::state::AppState::default();
    assert!(sattask::app::claim_project(&project, &mut second).is_none());
    let said = &second.notices[0].text;
    assert!(
        said.contains(&format!("process {}", std::process::id())),
        "{said}"
    );
    assert!(said.contains("read-only"), "{said}");
    // Once the first window is gone, the project is free again.
    drop(held);
    let mut third = sattask::state::AppState::default();
    assert!(sattask::app::claim_project(&project, &mut third).is_some());
}
