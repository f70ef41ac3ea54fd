//! An attempts export opened again (issue 22): it becomes a comparison overlay, listed apart
//! with its footprint count and `Remove overlay`, never an AOI, and comes back with the project.

use egui::Event;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use sattask::app::{SattaskApp, startup_state};
use sattask::tasking::export::{export_file, records_of};
use sattask::tasking::workflow::attempts::attempts_of;

use crate::gui_common::tasking::{press, press_where, toulouse};
use crate::gui_common::{harness, harness_with, settle_files};
use crate::gui_under_map::attempts_answer;

/// Types `path` in the path field and presses `Open`, as a person does.
fn open_typed(harness: &mut Harness<'_, SattaskApp>, path: &std::path::Path) {
    // The field as the person left it, emptied.
    harness
        .state_mut()
        .execute(sattask::state::command::Command::SetPathField(String::new()));
    harness.get_by_label_contains("or type a path").focus();
    harness.run_steps(1);
    harness.event(Event::Text(path.display().to_string()));
    harness.run_steps(2);
    // The list grows above the field: scrolled to, as a person would.
    press(harness, "Open");
    settle_files(harness);
}

#[test]
fn an_opened_export_is_an_overlay_not_an_aoi_in_every_format() {
    let aoi = toulouse();
    let records = records_of(&attempts_of(&attempts_answer(12), &aoi));
    let dir = tempfile::tempdir().unwrap();
    let mut harness = harness(vec![aoi.clone()]);
    for name in ["attempts.geojson", "attempts.kml", "attempts.csv"] {
        let path = dir.path().join(name);
        export_file(&path, &records).unwrap();
        open_typed(&mut harness, &path);
        let listed = format!("Overlay: {name}, 12 footprint(s)");
        assert!(
            harness.query_by_label(&listed).is_some(),
            "{listed}: {:?}",
            harness.state().state.notices
        );
        let state = &harness.state().state;
        assert_eq!(state.aois.len(), 1, "the AOI list is unchanged");
        assert_eq!(state.aois[0].aoi(), &aoi);
        let notice = state.notices.last().unwrap();
        assert!(!notice.is_error, "{}", notice.text);
        assert!(
            notice.text.contains("comparison overlay"),
            "{}",
            notice.text
        );
        // Its footprints are the overlay's, with their facts: no AOI, no attempt.
        let overlay = state.overlays.items().last().unwrap();
        assert_eq!(overlay.footprints[0].satellite, "PHR1A");
        assert_eq!(overlay.footprints[0].ring, records[0].footprint.ring);
    }
    assert_eq!(harness.state().state.overlays.items().len(), 3);
    assert!(harness.state().state.footprints.items().is_empty());

    // The same file again replaces its overlay; `Remove overlay` takes one off.
    open_typed(&mut harness, &dir.path().join("attempts.csv"));
    assert_eq!(harness.state().state.overlays.items().len(), 3);
    press_where(&mut harness, |label| label == "Remove overlay");
    let state = &harness.state().state;
    assert_eq!(state.overlays.items().len(), 2);
    assert!(
        harness
            .query_by_label_contains("Overlay: attempts.geojson")
            .is_none()
    );
    assert_eq!(state.aois.len(), 1);
}

#[test]
fn the_overlays_come_back_with_the_project_and_a_changed_file_is_not_opened_as_aois() {
    let dir = tempfile::tempdir().unwrap();
    let project = dir.path().join("project.json");
    let export = dir.path().join("spot.kml");
    let aoi = toulouse();
    export_file(
        &export,
        &records_of(&attempts_of(&attempts_answer(5), &aoi)),
    )
    .unwrap();
    let app = SattaskApp::new(
        startup_state(&project, vec![export.clone()]),
        Some(project.clone()),
    );
    let mut harness = harness_with(app);
    harness.run_steps(2);
    assert_eq!(harness.state().state.overlays.items().len(), 1);
    drop(harness);

    let state = startup_state(&project, Vec::new());
    assert_eq!(
        state.overlays.paths(),
        vec![export.clone()],
        "{:?}",
        state.notices
    );
    assert_eq!(state.overlays.items()[0].footprints.len(), 5);
    assert!(state.aois.is_empty());

    // The file became an AOI file: it is not opened behind the person's back.
    sattask::aoi::formats::export_file(&export, std::slice::from_ref(&aoi)).unwrap();
    let state = startup_state(&project, Vec::new());
    assert!(state.overlays.items().is_empty());
    assert!(state.aois.is_empty());
    let notice = state.notices.last().unwrap();
    assert!(notice.is_error);
    assert!(
        notice.text.contains("no longer an attempts export"),
        "{}",
        notice.text
    );
}

#[test]
fn attempts_exported_from_the_window_come_back_as_overlays() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness =
        crate::gui_under_map::compared_with_200_attempts(&dir, egui::Vec2::new(1280.0, 800.0));
    let firsts = harness
        .state()
        .state
        .offers
        .rows()
        .iter()
        .filter(|r| r.first.is_some())
        .count();
    assert!(firsts >= 2);
    for (file, button, count) in [
        ("all.csv", "Export attempts…", 200),
        ("offers.kml", "Export each offer's first attempt…", firsts),
    ] {
        let path = dir.path().join(file);
        harness
            .state_mut()
            .execute(sattask::state::command::Command::SetPathField(
                path.display().to_string(),
            ));
        press(&mut harness, button);
        settle_files(&mut harness);
        let notice = harness.state().state.notices.last().unwrap().clone();
        assert!(!notice.is_error, "{}", notice.text);
        assert!(
            notice.text.starts_with(&format!("exported {count} ")),
            "{}",
            notice.text
        );
        open_typed(&mut harness, &path);
        assert!(
            harness
                .query_by_label(&format!("Overlay: {file}, {count} footprint(s)"))
                .is_some(),
            "{:?}",
            harness.state().state.notices
        );
    }
    assert_eq!(harness.state().state.aois.len(), 1);
}
