//! UP42 tasking orders on the simulated clock, with the SDK's statuses (`up42/order.py`,
//! `OrderStatus`, `OrderSubStatus`): placed `CREATED`; for a product whose collection requires a
//! study, `FEASIBILITY_WAITING_UPLOAD`, an hour later the study is uploaded
//! (`FEASIBILITY_WAITING_RESPONSE`), an option chosen (`QUOTATION_WAITING_UPLOAD`); any other
//! product starts there. An hour later the quotation (`QUOTATION_WAITING_RESPONSE`); accepted:
//! `PLACED` (`QUOTATION_ACCEPTED`), a day later `BEING_FULFILLED` with a first acquisition over
//! half the AOI, two days later `FULFILLED`, the whole AOI acquired and delivered. Rejected:
//! `FAILED_PERMANENTLY` (`QUOTATION_REJECTED`). And the seeded orders and quotations, so paging
//! can be tried at once.

use serde_json::{Value, json};
use time::{Duration, OffsetDateTime};

use super::model::{
    Counters, SimState, UP42_WORKSPACES, Up42Acquisition, Up42Order, Up42Quotation, Up42Study,
};
use super::up42_catalog::{PHR_DISPLAY, product};

/// How long UP42 staff take to upload a study, then a quotation.
pub(crate) const STEP_HOURS: i64 = 1;
/// From an accepted quotation to the first acquisition, days.
const FIRST_ACQUISITION_DAYS: i64 = 1;
/// From the first acquisition to the last one and the delivery, days.
const DELIVERY_DAYS: i64 = 2;
/// The share of the AOI the first acquisition covers.
const FIRST_ACQUISITION_SHARE: f64 = 0.5;

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

/// An asset's id, from its order's and its rank (the counter of the other ids is not used, so
/// the ids of everything made after an acquisition stay what they were).
fn asset_id(order_id: &str, rank: usize) -> String {
    let seed = order_id.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    });
    stable_id(4, seed ^ rank as u64)
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

/// The quotation's credits: the product's price per km² over the invoiced area (never under its
/// minimum). An order of a product the sandbox no longer knows is priced as Pléiades.
fn credits_for(data_product_id: &str, area_km2: f64) -> u64 {
    product(data_product_id)
        .or_else(|| product(PHR_DISPLAY))
        .map_or(0, |p| p.credits(area_km2))
}

/// The first sub-status of a new order: a study to wait for, or straight to the quotation.
pub(crate) fn first_sub_status(data_product_id: &str) -> &'static str {
    if product(data_product_id).is_some_and(|p| p.needs_study()) {
        "FEASIBILITY_WAITING_UPLOAD"
    } else {
        "QUOTATION_WAITING_UPLOAD"
    }
}

/// Why a study or quotation of `order_id` can no longer be decided: its order was canceled.
pub(crate) fn canceled(orders: &[Up42Order], order_id: &str) -> Option<String> {
    orders
        .iter()
        .any(|o| o.id == order_id && o.status == "CANCELED")
        .then(|| format!("order {order_id} is canceled: its study and quotation can no longer be decided; place a new order"))
}

/// What follows an accepted quotation, or a rejected one.
pub(crate) fn decide(order: &mut Up42Order, accepted: bool, now: OffsetDateTime) {
    order.updated_at = now;
    if accepted {
        order.status = "PLACED".into();
        order.sub_status = "QUOTATION_ACCEPTED".into();
        order.next_step_at = Some(now + Duration::days(FIRST_ACQUISITION_DAYS));
    } else {
        order.status = "FAILED_PERMANENTLY".into();
        order.sub_status = "QUOTATION_REJECTED".into();
        order.next_step_at = None;
    }
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
            _ => ("CREATED", "QUOTATION_WAITING_RESPONSE"),
        };
        let order = Up42Order {
            id: order_id.clone(),
            workspace_id: workspace.clone(),
            display_name: format!("Seeded tasking {}", index + 1),
            data_product_id: PHR_DISPLAY.into(),
            status: status.into(),
            sub_status: sub_status.into(),
            created_at: created,
            updated_at: created + Duration::hours(2),
            next_step_at: None,
            geometry: None,
            area_km2: area,
            params: json!({"displayName": format!("Seeded tasking {}", index + 1)}),
            acquired_share: if *decision == "ACCEPTED" {
                FIRST_ACQUISITION_SHARE
            } else {
                0.0
            },
            tags: Vec::new(),
            acquisitions: if *decision == "ACCEPTED" {
                vec![Up42Acquisition {
                    asset_id: asset_id(&order_id, 0),
                    at: created + Duration::hours(4),
                    from_share: 0.0,
                    to_share: FIRST_ACQUISITION_SHARE,
                }]
            } else {
                Vec::new()
            },
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
            credits_price: credits_for(PHR_DISPLAY, area),
        });
        sim.up42.orders.push(order);
    }
}

/// Moves UP42 orders along: study uploaded, quotation uploaded, fulfilment.
pub(crate) fn tick(sim: &mut SimState, now: OffsetDateTime) -> bool {
    let mut changed = false;
    let mut new_studies = Vec::new();
    let mut new_quotations = Vec::new();
    let mut acquired = Vec::new();
    for order in sim.up42.orders.iter_mut() {
        while let Some(at) = order.next_step_at.filter(|&at| at <= now) {
            changed = true;
            order.updated_at = at;
            order.next_step_at = None;
            match order.sub_status.as_str() {
                "FEASIBILITY_WAITING_UPLOAD" => {
                    order.sub_status = "FEASIBILITY_WAITING_RESPONSE".into();
                    new_studies.push((
                        order.id.clone(),
                        order.workspace_id.clone(),
                        at,
                        study_options(order),
                    ));
                }
                "QUOTATION_WAITING_UPLOAD" => {
                    order.sub_status = "QUOTATION_WAITING_RESPONSE".into();
                    new_quotations.push((
                        order.id.clone(),
                        order.workspace_id.clone(),
                        at,
                        credits_for(&order.data_product_id, order.area_km2),
                    ));
                }
                "QUOTATION_ACCEPTED" if order.status == "PLACED" => {
                    order.status = "BEING_FULFILLED".into();
                    acquired.push((order.id.clone(), at, 0.0, FIRST_ACQUISITION_SHARE));
                    order.acquired_share = FIRST_ACQUISITION_SHARE;
                    order.next_step_at = Some(at + Duration::days(DELIVERY_DAYS));
                }
                "QUOTATION_ACCEPTED" if order.status == "BEING_FULFILLED" => {
                    order.status = "FULFILLED".into();
                    acquired.push((order.id.clone(), at, order.acquired_share, 1.0));
                    order.acquired_share = 1.0;
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
    // Each acquisition is delivered as one asset at once.
    for (order_id, at, from_share, to_share) in acquired {
        if let Some(order) = sim.up42.orders.iter_mut().find(|o| o.id == order_id) {
            let asset_id = asset_id(&order.id, order.acquisitions.len());
            order.acquisitions.push(Up42Acquisition {
                asset_id,
                at,
                from_share,
                to_share,
            });
        }
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

#[cfg(test)]
mod tests {
    use super::*;

    fn order(product_id: &str, now: OffsetDateTime) -> Up42Order {
        Up42Order {
            id: "o1".into(),
            workspace_id: UP42_WORKSPACES[0].into(),
            display_name: "test".into(),
            data_product_id: product_id.into(),
            status: "CREATED".into(),
            sub_status: first_sub_status(product_id).into(),
            created_at: now,
            updated_at: now,
            next_step_at: Some(now + Duration::hours(STEP_HOURS)),
            geometry: None,
            area_km2: 40.0,
            params: Value::Null,
            acquired_share: 0.0,
            tags: Vec::new(),
            acquisitions: Vec::new(),
        }
    }

    fn state(now: OffsetDateTime) -> SimState {
        let mut sim = SimState::seeded(now);
        sim.up42.orders.clear();
        sim.up42.studies.clear();
        sim.up42.quotations.clear();
        sim
    }

    #[test]
    fn a_studied_order_goes_study_option_quotation_acquisitions_delivered() {
        let t0 = OffsetDateTime::UNIX_EPOCH + Duration::days(20_000);
        let mut sim = state(t0);
        sim.up42.orders.push(order(PHR_DISPLAY, t0));
        let t1 = t0 + Duration::hours(STEP_HOURS);
        assert!(tick(&mut sim, t1));
        assert_eq!(
            sim.up42.orders[0].sub_status,
            "FEASIBILITY_WAITING_RESPONSE"
        );
        assert_eq!(sim.up42.studies.len(), 1);
        assert!(sim.up42.quotations.is_empty());
        // Nothing moves until an option is chosen.
        assert!(!tick(&mut sim, t1 + Duration::days(30)));
        let order = &mut sim.up42.orders[0];
        order.sub_status = "QUOTATION_WAITING_UPLOAD".into();
        order.next_step_at = Some(t1 + Duration::hours(STEP_HOURS));
        tick(&mut sim, t1 + Duration::hours(STEP_HOURS));
        assert_eq!(sim.up42.orders[0].sub_status, "QUOTATION_WAITING_RESPONSE");
        assert_eq!(sim.up42.quotations[0].credits_price, 40_000);
        let t2 = t1 + Duration::hours(2);
        decide(&mut sim.up42.orders[0], true, t2);
        tick(&mut sim, t2 + Duration::days(FIRST_ACQUISITION_DAYS));
        assert_eq!(sim.up42.orders[0].status, "BEING_FULFILLED");
        assert_eq!(sim.up42.orders[0].acquired_share, FIRST_ACQUISITION_SHARE);
        tick(
            &mut sim,
            t2 + Duration::days(FIRST_ACQUISITION_DAYS + DELIVERY_DAYS),
        );
        assert_eq!(sim.up42.orders[0].status, "FULFILLED");
        assert_eq!(sim.up42.orders[0].acquired_share, 1.0);
        // Two acquisitions, each delivered: the west half, then the east half.
        let shares: Vec<(f64, f64)> = sim.up42.orders[0]
            .acquisitions
            .iter()
            .map(|a| (a.from_share, a.to_share))
            .collect();
        assert_eq!(shares, vec![(0.0, 0.5), (0.5, 1.0)]);
        assert!(sim.up42.orders[0].acquisitions[0].at < sim.up42.orders[0].acquisitions[1].at);
    }

    #[test]
    fn a_product_without_study_goes_straight_to_the_quotation() {
        let t0 = OffsetDateTime::UNIX_EPOCH + Duration::days(20_000);
        let mut sim = state(t0);
        let neo = "ce7360e8-d667-46cd-92cd-b456f5fb0702";
        assert_eq!(first_sub_status(neo), "QUOTATION_WAITING_UPLOAD");
        sim.up42.orders.push(order(neo, t0));
        tick(&mut sim, t0 + Duration::hours(STEP_HOURS));
        assert!(sim.up42.studies.is_empty());
        assert_eq!(sim.up42.orders[0].sub_status, "QUOTATION_WAITING_RESPONSE");
        // Pléiades Neo: 2,200 credits per km², 40 km².
        assert_eq!(sim.up42.quotations[0].credits_price, 88_000);
        decide(&mut sim.up42.orders[0], false, t0 + Duration::hours(2));
        assert_eq!(sim.up42.orders[0].status, "FAILED_PERMANENTLY");
        assert_eq!(sim.up42.orders[0].sub_status, "QUOTATION_REJECTED");
    }
}
