//! `Compare offers` in the window (egui_kittest) against the sandbox inside the app: compare,
//! see the progress and every cell as text, sort by price, open a row and go on as today, to an
//! order placed once.

use crate::gui_common::tasking::{logged, press, press_where, wait_until};
use crate::gui_tasking::loaded;
use egui_kittest::kittest::Queryable;
use sattask::tasking::compare::{SortKey, sorted};
use sattask::tasking::workflow::Slot;
use sattask::tasking::workflow::order::OrderStep;

#[test]
fn compare_sort_by_price_and_open_a_row() {
    let (_dir, mut harness) = loaded();
    press(&mut harness, "Compare offers");
    wait_until(&mut harness, "every offer answered", |app| {
        !app.state.offers.rows().is_empty() && !app.state.offers.running()
    });
    let rows = harness.state().state.offers.rows().to_vec();
    assert_eq!(rows.len(), 6, "Pléiades and SPOT, three offers each");
    assert!(harness.query_by_label("6 of 6 answered").is_some());
    // Every cell is text in the accessibility tree: the verdicts, the prices, the best marked.
    assert!(harness.query_all_by_label_contains("AUTOMATIC").count() >= 2);
    for row in &rows {
        let verdict = row.verdict.words();
        assert!(
            harness.query_all_by_label(&verdict).count() >= 1,
            "{verdict}"
        );
    }
    assert_eq!(harness.query_all_by_label_contains("EUR (best)").count(), 1);
    assert!(harness.query_all_by_label_contains("UTC (best)").count() >= 1);

    // Each offer's first attempt on the map, labelled with its mission and offer.
    let firsts = rows.iter().filter(|r| r.first.is_some()).count();
    let footprints = harness.state().state.footprints.items().to_vec();
    assert_eq!(footprints.len(), firsts);
    assert!(
        footprints
            .iter()
            .any(|f| f.label.starts_with("Pléiades OneDay: ")),
        "{footprints:?}"
    );

    press(&mut harness, "Sort by price");
    harness.run_steps(2);
    let app = harness.state();
    assert_eq!(app.state.offers_sort, Some(SortKey::Price));
    let order = sorted(app.state.offers.rows(), SortKey::Price);
    let prices: Vec<f64> = order
        .iter()
        .map_while(|&i| app.state.offers.rows()[i].price.as_ref().map(|m| m.amount))
        .collect();
    assert!(prices.len() >= 2, "{prices:?}");
    assert!(prices.windows(2).all(|w| w[0] <= w[1]), "{prices:?}");

    // The cheapest row, now at the top, opened: its mission and offer in the form, its
    // attempts or its feasibility asked as the buttons do.
    let cheapest = app.state.offers.rows()[order[0]].pair;
    press(
        &mut harness,
        &format!(
            "Open {} {}",
            cheapest.mission.label(),
            cheapest.offer.label()
        ),
    );
    wait_until(&mut harness, "the answer of the row opened", |app| {
        let flow = &app.state.tasking;
        flow.attempts.ready().is_some() || flow.feasibility.ready().is_some()
    });
    let flow = &harness.state().state.tasking;
    assert_eq!(
        (flow.form.mission, flow.form.offer),
        (cheapest.mission, cheapest.offer)
    );
    assert!(!matches!(flow.attempts, Slot::Failed(_)));
    // The table stays for the same AOI.
    assert_eq!(harness.state().state.offers.rows().len(), 6);

    // Another row, one with attempts, opened from the same table and ordered: its first
    // orderable attempt chosen, priced, confirmed twice, sent once.
    press(&mut harness, "Open Pléiades OneDay");
    wait_until(&mut harness, "Pléiades OneDay's attempts", |app| {
        app.state.tasking.attempts.ready().is_some()
    });
    press_where(&mut harness, |l| {
        l.contains("order within") && l.contains("covers")
    });
    wait_until(&mut harness, "the price", |app| {
        app.state.tasking.price.ready().is_some()
    });
    press(&mut harness, "Order…");
    wait_until(&mut harness, "the confirmation", |_| true);
    harness.run_steps(5);
    let confirm = harness.get_by_label("Confirm order");
    confirm.click();
    confirm.click();
    wait_until(&mut harness, "the order", |app| {
        matches!(app.state.tasking.order, OrderStep::Placed { .. })
    });
    let posts = logged(&harness, |r| {
        r["method"] == "POST" && r["path"] == "/api/v1/orders"
    });
    assert_eq!(posts.len(), 1, "one order sent: {posts:?}");
    assert!(posts[0].to_string().contains("PHR"), "{posts:?}");
}
