//! `Save summary (PNG)…` in the window (egui_kittest) against the sandbox inside the app: from
//! the confirmation and from the placed order, the button is found by its name, the file is
//! written and decodes at the page's size with the order's facts in its text, and the window
//! says where it went.

use egui_kittest::kittest::Queryable;
use sattask::tasking::summary::{FACTS_KEYWORD, PAGE_HEIGHT, PAGE_WIDTH};
use sattask::tasking::workflow::order::OrderStep;

use crate::gui_common::tasking::{press, wait_until};
use crate::gui_tasking::{loaded, priced};

/// The PNG's size and its facts text.
fn read_summary(path: &std::path::Path) -> ((u32, u32), String) {
    let bytes = std::fs::read(path).unwrap();
    let reader = png::Decoder::new(std::io::Cursor::new(bytes))
        .read_info()
        .unwrap();
    let info = reader.info();
    let text = info
        .uncompressed_latin1_text
        .iter()
        .map(|c| (c.keyword.clone(), c.text.clone()))
        .chain(
            info.utf8_text
                .iter()
                .map(|c| (c.keyword.clone(), c.get_text().unwrap())),
        )
        .find(|(k, _)| k == FACTS_KEYWORD)
        .map(|(_, t)| t)
        .unwrap();
    ((info.width, info.height), text)
}

/// Presses `Save summary (PNG)…` and returns the file it wrote, once the window says so.
fn save_summary(
    harness: &mut egui_kittest::Harness<'_, sattask::app::SattaskApp>,
    folder: &std::path::Path,
    before: usize,
) -> std::path::PathBuf {
    press(harness, "Save summary (PNG)…");
    wait_until(harness, "the summary written", |app| {
        app.state
            .summary_note
            .as_deref()
            .is_some_and(|n| n.starts_with("Summary saved to") || n.starts_with("Summary not"))
    });
    harness.run_steps(2);
    let note = harness.state().state.summary_note.clone().unwrap();
    assert!(note.starts_with("Summary saved to"), "{note}");
    // Said in the window, as text a screen reader reads.
    assert!(harness.query_by_label_contains(&note).is_some(), "{note}");
    let mut written: Vec<_> = std::fs::read_dir(folder)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    written.sort();
    assert_eq!(written.len(), before + 1, "{written:?}");
    let newest = written
        .into_iter()
        .find(|p| note.contains(&p.display().to_string()))
        .unwrap();
    assert!(newest.extension().is_some_and(|e| e == "png"));
    newest
}

#[test]
fn the_summary_is_saved_from_the_confirmation_and_from_the_placed_order() {
    let (dir, mut harness) = loaded();
    let folder = dir.path().join("approvals");
    harness.state_mut().summary_folder = Some(folder.clone());
    priced(&mut harness);
    press(&mut harness, "Order…");
    wait_until(
        &mut harness,
        "the search for earlier orders",
        |app| matches!(&app.state.tasking.order, OrderStep::Confirming(d) if d.checking.is_none()),
    );
    harness.run_steps(2);

    let confirming = save_summary(&mut harness, &folder, 0);
    let (size, facts) = read_summary(&confirming);
    assert_eq!(size, (PAGE_WIDTH, PAGE_HEIGHT));
    for expected in [
        "Order for approval",
        "nothing has been spent",
        "AOI: Toulouse",
        "Product: Pléiades OneDay",
        "Contract: ",
        "Amount: ",
        "Attempt: ",
        "Order before: ",
        "Billed area: ",
    ] {
        assert!(facts.contains(expected), "{expected} in {facts}");
    }
    // Nothing was sent by saving it.
    assert!(matches!(
        harness.state().state.tasking.order,
        OrderStep::Confirming(_)
    ));

    harness.get_by_label("Confirm order").click();
    harness.step();
    wait_until(&mut harness, "the order", |app| {
        matches!(app.state.tasking.order, OrderStep::Placed { .. })
    });
    harness.run_steps(2);
    let placed = save_summary(&mut harness, &folder, 1);
    let (_, facts) = read_summary(&placed);
    assert!(facts.starts_with("Order placed\nPlaced: "), "{facts}");
    assert!(facts.contains("Amount: "), "{facts}");
}
