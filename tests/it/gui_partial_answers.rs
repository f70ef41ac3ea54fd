//! The window with answers it can only partly read, as the OneAtlas OpenAPI file's own
//! examples are: the acquisition whose footprint is a placeholder is listed with "footprint not
//! readable", left off the map, its decision still offered, and the confirmation says the
//! footprint was not seen.

use egui_kittest::kittest::Queryable;
use sattask::app::jobs::Connection;
use sattask::state::command::TaskingCommand;

use crate::gui_common::tasking::{app_with, press, wait_until};
use crate::spec::standin::StandIn;

#[test]
fn an_acquisition_with_an_unreadable_footprint_is_listed_and_can_be_decided() {
    let stand_in = StandIn::start();
    let mut connection = Connection::new(None, Some(stand_in.base.clone())).unwrap();
    connection.journal = stand_in.data.path().join("orders.jsonl");
    connection.quicklook_cache = None;
    let mut harness = app_with(connection);
    wait_until(&mut harness, "the contracts", |app| {
        app.state.tasking.contracts.ready().is_some()
    });
    press(&mut harness, "Taskings");
    wait_until(&mut harness, "the taskings", |app| {
        app.state
            .tracking
            .taskings
            .ready()
            .is_some_and(|l| !l.taskings.is_empty())
    });
    harness
        .state_mut()
        .tasking(TaskingCommand::OpenTasking("ICR_FC_XXXXX".into()));
    wait_until(&mut harness, "the acquisitions", |app| {
        app.state.tracking.segments.ready().is_some()
    });
    harness.run_steps(3);
    assert!(
        harness
            .query_by_label_contains("AS_FC_XXXX_1_2: footprint not readable (not on the map)")
            .is_some(),
        "the row says its footprint could not be read"
    );
    // Nothing is drawn for it: the map shows the tasking's AOI only.
    let footprints = harness.state().state.footprints.items();
    assert!(
        footprints
            .iter()
            .all(|f| !f.label.contains("AS_FC_XXXX_1_2")),
        "{:?}",
        footprints.iter().map(|f| &f.label).collect::<Vec<_>>()
    );
    press(&mut harness, "Accept AS_FC_XXXX_1_2");
    harness.run_steps(5);
    assert!(
        harness
            .query_by_label_contains("Its footprint was not seen")
            .is_some(),
        "the confirmation says the footprint was not seen"
    );
    assert!(
        harness.query_by_label("Confirm").is_some(),
        "the decision stays possible"
    );
}
