//! What a confirmation shows before money is spent, read from the accessibility tree as a
//! screen reader or a test robot reads it: every term that makes the purchase.

use egui_kittest::kittest::Queryable;
use sattask::state::command::TaskingCommand;
use sattask::tasking::workflow::order::OrderStep;

use crate::gui_common::tasking::{press, wait_until};
use crate::gui_tasking::{loaded, priced};

#[test]
fn the_order_confirmation_names_every_term_of_the_purchase() {
    let (_dir, mut harness) = loaded();
    priced(&mut harness);
    press(&mut harness, "Order…");
    wait_until(&mut harness, "the confirmation", |_| true);
    harness.run_steps(5);
    let flow = &harness.state().state.tasking;
    let form = flow.form.clone();
    let satellite = flow.attempts.ready().unwrap().attempts[flow.selection.chosen.unwrap()]
        .satellite
        .clone();
    for (name, value) in [
        ("AOI", "Toulouse".to_owned()),
        (
            "Product",
            "Pléiades OneDay (PleiadesTaskingOneDay)".to_owned(),
        ),
        ("Attempt", satellite),
        ("Order before", "UTC".to_owned()),
        ("Footprint", "% of the AOI".to_owned()),
        (
            "Cloud cover",
            format!("at most {:.0} %", form.max_cloud_pct),
        ),
        (
            "Incidence",
            format!("at most {:.0}°", form.max_incidence_deg),
        ),
        ("Acquisition mode", "mono".to_owned()),
        ("Billed area", "km²".to_owned()),
        ("Amount", "EUR".to_owned()),
    ] {
        assert!(
            harness.query_all_by_label(name).next().is_some(),
            "the term {name}"
        );
        assert!(
            harness.query_all_by_label_contains(&value).next().is_some(),
            "the value of {name}: {value}"
        );
    }
    // A map of what the order covers: the AOI and the chosen footprint, said in words.
    assert!(
        harness
            .query_by_label_contains("Map of the AOI Toulouse (blue) and the footprint of attempt")
            .is_some()
    );
    // Every production option chosen is named with its value, in the service's words.
    assert!(!form.options.is_empty());
    for (_, value) in &form.options {
        let words = value.replace('_', " ");
        let with_label = format!("({value})");
        assert!(
            harness
                .query_all_by_label_contains(&with_label)
                .next()
                .is_some()
                || harness.query_all_by_label(&words).next().is_some(),
            "the option value {value}"
        );
    }
    assert!(
        harness
            .query_by_label("DIMAP - Regular JPEG 2000 (dimap_jpeg2000_regular)")
            .is_some()
    );
}

#[test]
fn a_second_order_of_the_same_pass_with_another_option_needs_a_second_choice() {
    let (_dir, mut harness) = loaded();
    priced(&mut harness);
    press(&mut harness, "Order…");
    harness.run_steps(5);
    assert!(
        harness.query_by_label_contains("Already bought?").is_none(),
        "nothing bought yet"
    );
    confirm_then_the_same_pass_in_geotiff(&mut harness, |_| {});
    harness.run_steps(5);
    assert!(harness.query_by_label_contains("Already bought?").is_some());
    assert!(
        harness
            .query_by_label_contains("on the same pass, its AOI covering 100 %")
            .is_some(),
        "the warning says what matched"
    );
    // Confirm does nothing until the second choice is made.
    harness.get_by_label("Confirm order").click();
    harness.state_mut().tasking(TaskingCommand::Confirm);
    harness.run_steps(3);
    assert!(matches!(
        harness.state().state.tasking.order,
        OrderStep::Confirming(_)
    ));
    assert_eq!(orders_posted(&harness), 1);
    harness
        .get_by_label("Buy it again: I mean a second order of the same image")
        .click();
    harness.run_steps(2);
    harness.get_by_label("Confirm order").click();
    harness.step();
    wait_until(&mut harness, "the second order", |app| {
        matches!(app.state.tasking.order, OrderStep::Placed { .. })
    });
    assert_eq!(orders_posted(&harness), 2, "sent on the second choice only");
    // The AOI ordered is kept as ordered: its panel says so, and deleting it asks first.
    assert!(
        harness
            .query_by_label_contains("Ordered: order SAL")
            .is_some()
    );
    press(&mut harness, "Delete AOI");
    harness.run_steps(3);
    assert!(harness.query_by_label("Delete Toulouse?").is_some());
    press(&mut harness, "Keep it");
    assert_eq!(harness.state().state.aois.len(), 1, "kept");
    press(&mut harness, "Delete AOI");
    harness.run_steps(3);
    press(&mut harness, "Delete it anyway");
    assert!(harness.state().state.aois.is_empty(), "deleted on a yes");
}

/// Confirms the order open now, then (after `between`) opens a second one for the same pass in
/// GeoTIFF: another body, the same image.
fn confirm_then_the_same_pass_in_geotiff(
    harness: &mut egui_kittest::Harness<'_, sattask::app::SattaskApp>,
    between: impl FnOnce(&mut egui_kittest::Harness<'_, sattask::app::SattaskApp>),
) {
    searched(harness);
    harness.get_by_label("Confirm order").click();
    harness.step();
    wait_until(harness, "the order", |app| {
        matches!(app.state.tasking.order, OrderStep::Placed { .. })
    });
    between(harness);
    let id = harness.state().state.aois[0].id;
    harness
        .state_mut()
        .execute(sattask::state::command::Command::Select(Some(id)));
    press(harness, "New order");
    harness.state_mut().tasking(TaskingCommand::SetOption(
        "image_format".into(),
        "dimap_geotiff".into(),
    ));
    wait_until(harness, "the new price", |app| {
        app.state.tasking.price.ready().is_some()
    });
    press(harness, "Order…");
    searched(harness);
}

/// Waits until the confirmation's search for earlier orders has answered.
fn searched(harness: &mut egui_kittest::Harness<'_, sattask::app::SattaskApp>) {
    wait_until(
        harness,
        "the search for earlier orders",
        |app| !matches!(&app.state.tasking.order, OrderStep::Confirming(d) if d.checking.is_some()),
    );
    harness.run_steps(2);
}

fn orders_posted(harness: &egui_kittest::Harness<'_, sattask::app::SattaskApp>) -> usize {
    crate::gui_common::tasking::logged(harness, |r| {
        r["method"] == "POST" && r["path"] == "/api/v1/orders"
    })
    .len()
}

#[test]
fn an_earlier_order_this_machine_has_no_record_of_is_found_in_the_contracts_taskings() {
    let (dir, mut harness) = loaded();
    priced(&mut harness);
    press(&mut harness, "Order…");
    harness.run_steps(5);
    // As if the first order had been placed from another machine: this one's journal is empty.
    let journal = dir.path().join("orders.jsonl");
    confirm_then_the_same_pass_in_geotiff(&mut harness, |_| {
        std::fs::write(&journal, "").unwrap();
    });
    wait_until(
        &mut harness,
        "the taskings searched",
        |app| matches!(&app.state.tasking.order, OrderStep::Confirming(d) if d.checking.is_none()),
    );
    harness.run_steps(3);
    assert!(harness.query_by_label_contains("Already bought?").is_some());
    assert!(
        harness.query_by_label_contains("tasking ICR_").is_some(),
        "the earlier tasking is named: {:?}",
        harness.state().state.tasking.order
    );
    assert!(
        harness
            .query_by_label_contains("on an overlapping window, its AOI covering 100 %")
            .is_some()
    );
    assert_eq!(
        orders_posted(&harness),
        1,
        "nothing sent without the second choice"
    );
}
