//! UP42 tasking orders on the simulated clock: a feasibility study an hour after the order, a
//! quotation an hour after the study is decided, fulfilment after the quotation is accepted; and
//! the seeded orders and quotations, so paging can be tried at once.

use serde_json::{Value, json};
use time::{Duration, OffsetDateTime};

use super::model::{Counters, SimState, UP42_WORKSPACES, Up42Order, Up42Quotation, Up42Study};

/// How long UP42 staff take to upload a study, then a quotation.
pub(crate) const STEP_HOURS: i64 = 1;
/// Credits per invoiced km² (100 credits are 1 EUR).
const CREDITS_PER_KM2: f64 = 1000.0;
/// The smallest area invoiced, km².
const MIN_AREA_KM2: f64 = 25.0;

/// A uuid-shaped id that is stable for a counter value (seeded records stay the same).
fn stable_id(kind: u64, n: u64) -> String {
    let a = kind.wrapping_mul(0x9e37_79b9_7f4a_7c15) ^ n.wrapping_mul(0xbf58_476d_1ce4_e5b9);
    let b = a.rotate_left(29) ^ 0x94d0_49bb_1331_11eb;
    format!(
        "{:08x}-{:04x}-4{:03x}-a{:03x}-{:012x}",
        (a >> 32) as u32,
        (a >> 16) as u16,
        (a & 0xfff) as u16,
        (b >> 52) as u16 & 0xfff,
        b & 0xffff_ffff_ffff
    )
}

pub(crate) fn new_id(sim: &mut SimState, kind: u64) -> String {
    let n = Counters::next(&mut sim.counters.up42);
    stable_id(kind, n)
}

fn study_options(order: &Up42Order) -> Vec<Value> {
    vec![
        json!({"id": format!("{}-opt-1", order.id), "description": "Standard: Pléiades 50 cm, acquisition within the requested window, max incidence 30°, max cloud 20%"}),
        json!({"id": format!("{}-opt-2", order.id), "description": "Flexible: Pléiades or SPOT, acquisition within the requested window, max incidence 45°, max cloud 30%"}),
    ]
}

fn credits_for(area_km2: f64) -> u64 {
    (area_km2.max(MIN_AREA_KM2) * CREDITS_PER_KM2).round() as u64
}

/// The seeded orders and quotations: five quotations across two workspaces (three to decide).
pub(crate) fn seed(sim: &mut SimState, now: OffsetDateTime) {
    let decisions = [
        "NOT_DECIDED",
        "ACCEPTED",
        "NOT_DECIDED",
        "REJECTED",
        "NOT_DECIDED",
    ];
    for (index, decision) in decisions.iter().enumerate() {
        let created = now - Duration::hours(5 * (decisions.len() - index) as i64);
        let workspace = UP42_WORKSPACES[index % 2].to_string();
        let order_id = new_id(sim, 1);
        let area = 40.0 + 25.0 * index as f64;
        let (status, sub_status) = match *decision {
            "ACCEPTED" => ("BEING_FULFILLED", "QUOTATION_ACCEPTED"),
            "REJECTED" => ("FAILED_PERMANENTLY", "QUOTATION_REJECTED"),
            _ => ("CREATED", "QUOTATION_WAITING_SELECTION"),
        };
        let order = Up42Order {
            id: order_id.clone(),
            workspace_id: workspace.clone(),
            display_name: format!("Seeded tasking {}", index + 1),
            data_product_id: "47dadb27-9532-4552-93a5-48f70a83eaef".into(),
            status: status.into(),
            sub_status: sub_status.into(),
            created_at: created,
            updated_at: created + Duration::hours(2),
            next_step_at: None,
            geometry: None,
            area_km2: area,
            params: json!({"displayName": format!("Seeded tasking {}", index + 1)}),
        };
        let study_id = new_id(sim, 2);
        let options = study_options(&order);
        let accepted = options
            .first()
            .and_then(|o| o["id"].as_str())
            .map(str::to_string);
        sim.up42.studies.push(Up42Study {
            id: study_id,
            order_id: order_id.clone(),
            workspace_id: workspace.clone(),
            created_at: created + Duration::hours(STEP_HOURS),
            updated_at: created + Duration::hours(STEP_HOURS),
            decision: "ACCEPTED".into(),
            decision_at: Some(created + Duration::hours(STEP_HOURS)),
            options,
            accepted_option_id: accepted,
        });
        let quotation_id = new_id(sim, 3);
        let decided = *decision != "NOT_DECIDED";
        sim.up42.quotations.push(Up42Quotation {
            id: quotation_id,
            order_id,
            workspace_id: workspace,
            created_at: created + Duration::hours(2 * STEP_HOURS),
            updated_at: created + Duration::hours(2 * STEP_HOURS),
            decision: decision.to_string(),
            decision_at: decided.then_some(created + Duration::hours(3)),
            credits_price: credits_for(area),
        });
        sim.up42.orders.push(order);
    }
}

/// Moves UP42 orders along: study uploaded, quotation uploaded, fulfilment.
pub(crate) fn tick(sim: &mut SimState, now: OffsetDateTime) -> bool {
    let mut changed = false;
    let mut new_studies = Vec::new();
    let mut new_quotations = Vec::new();
    for order in sim.up42.orders.iter_mut() {
        while let Some(at) = order.next_step_at.filter(|&at| at <= now) {
            changed = true;
            order.updated_at = at;
            order.next_step_at = None;
            match order.sub_status.as_str() {
                "FEASIBILITY_WAITING_UPLOAD" => {
                    order.sub_status = "FEASIBILITY_WAITING_SELECTION".into();
                    new_studies.push((
                        order.id.clone(),
                        order.workspace_id.clone(),
                        at,
                        study_options(order),
                    ));
                }
                "QUOTATION_WAITING_UPLOAD" => {
                    order.sub_status = "QUOTATION_WAITING_SELECTION".into();
                    new_quotations.push((
                        order.id.clone(),
                        order.workspace_id.clone(),
                        at,
                        credits_for(order.area_km2),
                    ));
                }
                "QUOTATION_ACCEPTED" if order.status == "PLACED" => {
                    order.status = "BEING_FULFILLED".into();
                    order.next_step_at = Some(at + Duration::days(3));
                }
                "QUOTATION_ACCEPTED" if order.status == "BEING_FULFILLED" => {
                    order.status = "FULFILLED".into();
                }
                _ => {}
            }
        }
    }
    for (order_id, workspace_id, at, options) in new_studies {
        let id = new_id(sim, 2);
        sim.up42.studies.push(Up42Study {
            id,
            order_id,
            workspace_id,
            created_at: at,
            updated_at: at,
            decision: "NOT_DECIDED".into(),
            decision_at: None,
            options,
            accepted_option_id: None,
        });
    }
    for (order_id, workspace_id, at, credits_price) in new_quotations {
        let id = new_id(sim, 3);
        sim.up42.quotations.push(Up42Quotation {
            id,
            order_id,
            workspace_id,
            created_at: at,
            updated_at: at,
            decision: "NOT_DECIDED".into(),
            decision_at: None,
            credits_price,
        });
    }
    changed
}
