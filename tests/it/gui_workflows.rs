//! More of the app driven like a person would, without a display (egui_kittest): the circle and
//! move tools, the polygon tool's keys, selecting on the map, deleting and undoing, the mission
//! selector, simplification, pasting, issues that fly the map, autosave and a corrupt project.

use crate::gui_common::{click, drag, harness, harness_with};
use egui::{Event, Key, Modifiers, Pos2, Vec2};
use egui_kittest::kittest::{NodeT, Queryable};
use sattask::aoi::{Aoi, LonLat};
use sattask::app::{SattaskApp, startup_state};

fn rectangle(name: &str, west: f64, south: f64, size: f64) -> Aoi {
    let c = |x: f64, y: f64| LonLat { x, y };
    Aoi::new(
        name,
        vec![
            c(west, south),
            c(west + size, south),
            c(west + size, south + size),
            c(west, south + size),
            c(west, south),
        ],
    )
}

fn circle(name: &str, vertices: usize) -> Aoi {
    let mut ring: Vec<LonLat> = (0..vertices)
        .map(|i| {
            let t = i as f64 / vertices as f64 * std::f64::consts::TAU;
            LonLat {
                x: 1.45 + 0.1 * t.cos() / 0.72,
                y: 43.65 + 0.1 * t.sin(),
            }
        })
        .collect();
    ring.push(ring[0]);
    Aoi::new(name, ring)
}

fn fixture(path: &str) -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(path)
}

#[test]
fn the_circle_tool_draws_a_closed_64_gon() {
    let mut harness = harness(Vec::new());
    harness.get_by_label("Circle").click();
    harness.run_steps(2);
    drag(
        &mut harness,
        Pos2::new(700.0, 400.0),
        Pos2::new(820.0, 400.0),
    );
    let state = &harness.state().state;
    assert_eq!(state.aois.len(), 1, "{:?}", state.notices);
    let aoi = state.aois[0].aoi();
    assert_eq!(aoi.vertex_count(), 64);
    assert!(aoi.is_closed());
    assert!(
        state.aois[0].report.is_valid(),
        "{:?}",
        state.aois[0].report
    );
    harness.get_by_label("64 / 999");
}

#[test]
fn backspace_removes_the_last_vertex_and_escape_cancels_the_polygon() {
    let mut harness = harness(Vec::new());
    harness.get_by_label("Polygon").click();
    harness.run_steps(2);
    let points = [
        Pos2::new(600.0, 300.0),
        Pos2::new(800.0, 320.0),
        Pos2::new(900.0, 700.0),
    ];
    for pos in points {
        click(&mut harness, pos);
    }
    harness.key_press(Key::Escape);
    harness.key_press(Key::Enter);
    harness.run_steps(2);
    assert!(harness.state().state.aois.is_empty(), "Esc cancels");

    for pos in points {
        click(&mut harness, pos);
    }
    harness.key_press(Key::Backspace);
    click(&mut harness, Pos2::new(700.0, 500.0));
    harness.key_press(Key::Enter);
    harness.run_steps(2);
    let state = &harness.state().state;
    assert_eq!(state.aois.len(), 1);
    let removed = harness.state().map.screen_pos(state.aois[0].aoi().ring[2]);
    assert!(
        removed.distance(Pos2::new(700.0, 500.0)) < 1.0,
        "the third vertex is the one clicked after Backspace: {removed:?}"
    );
}

#[test]
fn clicking_an_aoi_on_the_map_selects_it() {
    let mut harness = harness(vec![
        rectangle("west", 1.30, 43.60, 0.08),
        rectangle("east", 1.50, 43.60, 0.08),
    ]);
    let west = harness.state().state.aois[0].id;
    let east = harness.state().state.aois[1].id;
    assert_eq!(harness.state().state.selected, Some(west));
    let inside_east = harness.state().map.screen_pos(LonLat { x: 1.54, y: 43.64 });
    click(&mut harness, inside_east);
    assert_eq!(harness.state().state.selected, Some(east));
}

#[test]
fn a_deleted_aoi_comes_back_with_undo() {
    let mut harness = harness(vec![rectangle("site", 1.4, 43.6, 0.1)]);
    harness.get_by_label("Delete AOI").click();
    harness.run_steps(2);
    assert!(harness.state().state.aois.is_empty());
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run_steps(2);
    assert_eq!(harness.state().state.aois.len(), 1);
    assert_eq!(harness.state().state.aois[0].aoi().name, "site");
}

#[test]
fn the_move_tool_drags_the_whole_aoi_and_undo_puts_it_back() {
    let mut harness = harness(vec![rectangle("site", 1.4, 43.6, 0.1)]);
    harness.get_by_label("Move AOI").click();
    harness.run_steps(2);
    let from = harness.state().map.screen_pos(LonLat { x: 1.45, y: 43.65 });
    drag(&mut harness, from, from + Vec2::new(80.0, 0.0));
    let ring = harness.state().state.aois[0].aoi().ring.clone();
    assert!(ring[0].x > 1.41, "{:?}", ring[0]);
    assert!((ring[0].y - 43.6).abs() < 1e-6, "{:?}", ring[0]);
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run_steps(2);
    assert_eq!(
        harness.state().state.aois[0].aoi(),
        &rectangle("site", 1.4, 43.6, 0.1)
    );
}

#[test]
fn the_mission_and_offer_chosen_set_the_billed_area() {
    // About 8 × 11 km: under SPOT OneDay's 500 km² minimum.
    let mut harness = harness(vec![rectangle("small", 1.4, 43.6, 0.1)]);
    harness.get_by_label("100.0–500.0 km² by mission");
    harness.get_by_label("Mission").click();
    harness.run_steps(2);
    harness.get_by_label("SPOT 6/7").click();
    harness.run_steps(2);
    harness.get_by_label("Offer").click();
    harness.run_steps(2);
    harness.get_by_label("OneDay").click();
    harness.run_steps(2);
    harness.get_by_label("500.0 km² (SPOT 6/7 OneDay)");
    let report = &harness.state().state.aois[0].report;
    assert!(
        report
            .issues
            .iter()
            .all(|i| i.message.contains("SPOT") || !i.message.contains("Pléiades")),
        "warnings speak only for SPOT OneDay: {:#?}",
        report.issues
    );
}

#[test]
fn too_many_vertices_are_simplified_only_when_applied_and_undo_restores_them() {
    let mut harness = harness(vec![circle("dense", 1200)]);
    harness.get_by_label("1200 / 999");
    harness.get_by_label("Simplify to 999 vertices…").click();
    harness.run_steps(2);
    assert_eq!(
        harness.state().state.aois[0].aoi().vertex_count(),
        1200,
        "a preview changes nothing"
    );
    harness.get_by_label_contains("Preview (green)");
    harness.get_by_label("Apply simplification").click();
    harness.run_steps(2);
    let simplified = harness.state().state.aois[0].aoi().vertex_count();
    assert!(simplified <= 999 && simplified > 100, "{simplified}");
    assert!(harness.state().state.aois[0].report.is_valid());
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run_steps(2);
    assert_eq!(harness.state().state.aois[0].aoi().vertex_count(), 1200);
}

#[test]
fn pasted_wkt_becomes_an_aoi_and_is_reported() {
    let mut harness = harness(Vec::new());
    harness.event(Event::Paste(
        "POLYGON((1.4 43.6, 1.5 43.6, 1.5 43.7, 1.4 43.7, 1.4 43.6))".to_owned(),
    ));
    harness.run_steps(3);
    let state = &harness.state().state;
    assert_eq!(state.aois.len(), 1, "{:?}", state.notices);
    assert_eq!(state.aois[0].aoi().vertex_count(), 4);
    harness.get_by_label_contains("the clipboard: 1 AOI(s) imported");

    harness.event(Event::Paste("hello".to_owned()));
    harness.run_steps(2);
    let notice = harness.state().state.notices.last().cloned().unwrap();
    assert!(notice.is_error && notice.text.contains("not a GeoJSON or WKT"));
}

#[test]
fn clicking_an_issue_flies_the_map_to_it() {
    let aoi = sattask::aoi::formats::import_file(&fixture(
        "tests/fixtures/rules/self_intersection.geojson",
    ))
    .unwrap()
    .items
    .into_iter()
    .find_map(|item| match item {
        sattask::aoi::Imported::Aoi(aoi) => Some(aoi),
        _ => None,
    })
    .unwrap();
    let mut harness = harness(vec![aoi]);
    let zoom_before = harness.state().map.memory.zoom();
    harness.get_by_label_contains("[self_intersection]").click();
    harness.run_steps(3);
    let app = harness.state();
    assert!(
        app.map.memory.zoom() > zoom_before,
        "{} -> {}",
        zoom_before,
        app.map.memory.zoom()
    );
    let crossing = app.map.screen_pos(LonLat { x: 1.45, y: 43.65 });
    let map_centre = Pos2::new((sattask::ui::theme::PANEL_WIDTH + 1200.0) / 2.0, 400.0);
    assert!(
        crossing.distance(map_centre) < 80.0,
        "the crossing {crossing:?} is near the map's centre {map_centre:?}"
    );
}

#[test]
fn the_project_autosaves_and_comes_back() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("project.json");
    let app = SattaskApp::new(startup_state(&path, Vec::new()), Some(path.clone()));
    let mut harness = harness_with(app);
    harness.get_by_label("Rectangle").click();
    harness.run_steps(2);
    drag(
        &mut harness,
        Pos2::new(600.0, 300.0),
        Pos2::new(800.0, 450.0),
    );
    harness.run_steps(2);
    let drawn = harness.state().state.aois[0].aoi().clone();
    drop(harness);
    let state = startup_state(&path, vec![fixture("tests/fixtures/rules/valid.geojson")]);
    assert_eq!(state.aois.len(), 2, "{:?}", state.notices);
    assert_eq!(state.aois[0].aoi(), &drawn);
}

#[test]
fn a_corrupt_project_is_kept_aside_and_reported() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("project.json");
    std::fs::write(&path, b"{\"version\": 1, \"aois\": [tru").unwrap();
    let state = startup_state(&path, Vec::new());
    assert!(state.aois.is_empty());
    let notice = state.notices.last().unwrap();
    assert!(notice.is_error);
    assert!(notice.text.contains("kept as"), "{}", notice.text);
    let kept: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(
        kept.iter()
            .any(|name| name.starts_with("project.json.corrupt-")),
        "{kept:?}"
    );
    let mut harness = harness_with(SattaskApp::new(state, Some(path.clone())));
    harness.get_by_label_contains("could not be read");
    harness.run_steps(2);
    assert!(!path.exists(), "nothing changed: nothing written over it");
}

/// A file dropped on the window, as the integration hands it to egui.
#[derive(Debug)]
struct Dropped(std::path::PathBuf);

impl egui::DroppedFile for Dropped {
    fn path(&self) -> &std::path::Path {
        &self.0
    }

    fn bytes(&self) -> Result<Vec<u8>, String> {
        std::fs::read(&self.0).map_err(|e| e.to_string())
    }
}

#[test]
fn a_dropped_file_is_imported() {
    let mut harness = harness(Vec::new());
    harness
        .input_mut()
        .dropped_files
        .push(std::sync::Arc::new(Dropped(fixture(
            "tests/fixtures/rules/valid.geojson",
        ))));
    crate::gui_common::settle_files(&mut harness);
    let state = &harness.state().state;
    assert_eq!(state.aois.len(), 1, "{:?}", state.notices);
    harness.get_by_label_contains("valid.geojson: 1 AOI(s) imported");
}

#[test]
fn the_selected_aoi_is_copied_as_wkt() {
    let mut harness = harness(vec![rectangle("site", 1.4, 43.6, 0.1)]);
    harness.get_by_label("Copy as WKT").click();
    harness.step();
    let copied: Vec<String> = harness
        .output()
        .platform_output
        .commands
        .iter()
        .filter_map(|c| match c {
            egui::OutputCommand::CopyText(text) => Some(text.clone()),
            _ => None,
        })
        .collect();
    assert_eq!(copied.len(), 1, "{copied:?}");
    assert!(copied[0].starts_with("POLYGON"), "{}", copied[0]);
    let back = sattask::aoi::formats::import_text(&copied[0], "back").unwrap();
    assert_eq!(back.items.len(), 1);
}

#[test]
fn the_circle_tool_takes_its_vertex_count_from_the_panel() {
    let mut harness = harness(Vec::new());
    harness.get_by_label("Circle").click();
    harness.run_steps(2);
    let field = harness.get_by_label("Circle vertices");
    assert_eq!(
        field.accesskit_node().role(),
        egui::accesskit::Role::SpinButton
    );
    harness
        .state_mut()
        .execute(sattask::state::command::Command::SetCircleVertices(32));
    drag(
        &mut harness,
        Pos2::new(700.0, 400.0),
        Pos2::new(760.0, 440.0),
    );
    assert_eq!(harness.state().state.aois[0].aoi().vertex_count(), 32);
}

#[test]
fn text_pasted_into_a_field_stays_in_the_field() {
    let mut harness = harness(vec![rectangle("site", 1.4, 43.6, 0.1)]);
    harness.get_by_label_contains("or type a path").focus();
    harness.run_steps(2);
    harness.event(Event::Paste("/tmp/site.kml".to_owned()));
    harness.run_steps(3);
    let state = &harness.state().state;
    assert_eq!(state.aois.len(), 1);
    assert!(state.notices.is_empty(), "{:?}", state.notices);
    assert_eq!(state.path_field, "/tmp/site.kml");
}

#[test]
fn a_missing_file_is_reported_with_what_to_do() {
    let mut harness = harness(Vec::new());
    harness.get_by_label_contains("or type a path").focus();
    harness.run_steps(1);
    harness.event(Event::Text("/nowhere/site.kml".to_owned()));
    harness.run_steps(2);
    harness.get_by_label("Open").click();
    crate::gui_common::settle_files(&mut harness);
    let notice = harness.state().state.notices.last().cloned().unwrap();
    assert!(notice.is_error);
    assert!(
        notice.text.contains("/nowhere/site.kml cannot be opened")
            && notice.text.contains("check the path"),
        "{}",
        notice.text
    );
    harness.get_by_label_contains("cannot be opened");
}
