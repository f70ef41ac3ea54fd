//! What a confirmation shows before money is spent, read from the accessibility tree as a
//! screen reader or a test robot reads it: every term that makes the purchase.

use egui_kittest::kittest::Queryable;

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
    // Every production option chosen is named with its value, in words.
    assert!(!form.options.is_empty());
    for (_, value) in &form.options {
        let words = value.replace('_', " ");
        assert!(
            harness.query_all_by_label_contains(&words).next().is_some(),
            "the option value {words}"
        );
    }
}
