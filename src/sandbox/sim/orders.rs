//! Orders once read and priced: their items, totals, the passes each tasking will try, the
//! taskings an order creates and the identifiers it gets. Plain values: the HTTP side reads the
//! body into an [`OrderRequest`] and answers from what these return.

use serde_json::{Value, json};
use time::{Duration, OffsetDateTime};

use super::geometry::CheckedAoi;
use super::model::{Backend, Contract, Counters, PlannedAttempt, SimState, Tasking, TaskingStatus};
use super::orbit;
use super::pricing::{ItemPrice, ProductType, round_cents};
use super::segments::{SegmentKeyInfo, mission_attempts, pass_footprint};
use crate::aoi::mission::Offer;

/// Extra attempts a OneNow gets after the chosen one when the order lists no `acqPeriods`.
const ONENOW_EXTRA_ATTEMPTS: usize = 3;

/// One item of an order, checked and priced.
#[derive(Debug, Clone)]
pub(crate) struct OrderItem {
    pub product: &'static ProductType,
    pub aoi: CheckedAoi,
    pub aoi_name: String,
    pub automatic: bool,
    pub classification: String,
    pub segment: Option<SegmentKeyInfo>,
    pub acq_periods: Vec<(OffsetDateTime, OffsetDateTime)>,
    pub period: (OffsetDateTime, OffsetDateTime),
    pub max_cloud_cover: f64,
    pub max_incidence_deg: f64,
    pub proposal_cloud_cover: f64,
    pub mode: String,
    pub options: Vec<(String, String)>,
    pub price: ItemPrice,
}

/// An order body, checked and priced.
#[derive(Debug, Clone)]
pub(crate) struct OrderRequest {
    pub contract: Contract,
    pub customer_reference: String,
    pub workspace: String,
    pub items: Vec<OrderItem>,
}

impl OrderRequest {
    /// What the order costs: the sum of its items' amounts.
    pub(crate) fn total(&self) -> f64 {
        round_cents(self.items.iter().map(|i| i.price.amount).sum())
    }

    /// What it costs now: its automatic items (a manual one is charged after its study).
    pub(crate) fn automatic_total(&self) -> f64 {
        round_cents(
            self.items
                .iter()
                .filter(|i| i.automatic)
                .map(|i| i.price.amount)
                .sum(),
        )
    }

    /// The price answer in the guide's shape: per product type the invoiced area, the price, the
    /// contract's discount and the amount. `discountValue` is a voucher's, none in the sandbox:
    /// the guide's SPOT OnePlan example prints 0.0 beside its 80 % discount.
    pub(crate) fn price_answer(&self) -> Value {
        let mut groups: Vec<(&str, Vec<&OrderItem>)> = Vec::new();
        for item in &self.items {
            match groups.iter_mut().find(|(id, _)| *id == item.product.id) {
                Some((_, list)) => list.push(item),
                None => groups.push((item.product.id, vec![item])),
            }
        }
        let product_types: Vec<Value> = groups
            .iter()
            .map(|(id, items)| {
                let sum = |f: fn(&ItemPrice) -> f64| round_cents(items.iter().map(|i| f(&i.price)).sum());
                json!({
                    "amount": sum(|p| p.amount),
                    "areaKm2": sum(|p| p.area_km2),
                    "discountPercentage": items.first().map_or(0.0, |i| i.price.discount_percentage),
                    "discountValue": 0.0,
                    "price": sum(|p| p.price),
                    "productTypeId": id,
                    "items": items.iter().map(|_| json!({"datastripIds": []})).collect::<Vec<_>>(),
                    "voucherCode": null,
                })
            })
            .collect();
        json!({
            "contractId": self.contract.id,
            "currency": self.contract.currency,
            "discountPercentage": 0.0,
            "discountValue": 0.0,
            "productTypes": product_types,
            "totalAmount": self.total(),
        })
    }
}

pub(crate) fn new_sales_order(sim: &mut SimState, now: OffsetDateTime) -> String {
    format!(
        "SAL{:02}{:06}",
        now.year() % 100,
        Counters::next(&mut sim.counters.sales_order)
    )
}

pub(crate) fn new_quotation_id(sim: &mut SimState, now: OffsetDateTime) -> String {
    format!(
        "QUO{:02}{:06}",
        now.year() % 100,
        Counters::next(&mut sim.counters.quotation)
    )
}

fn item_seed(id: &str) -> u64 {
    id.bytes().fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}

/// The attempts a tasking will make.
fn plan(item: &OrderItem, now: OffsetDateTime) -> Vec<PlannedAttempt> {
    if !item.automatic {
        return Vec::new();
    }
    let mission = item.product.mission;
    let planned = |pass: &orbit::Pass| {
        let (footprint, _, start, end) = pass_footprint(&item.aoi, pass);
        PlannedAttempt {
            satellite: pass.satellite.id.into(),
            start,
            end,
            incidence_deg: pass.incidence_deg,
            footprint,
        }
    };
    match (&item.segment, item.product.offer) {
        (Some(segment), Offer::OneDay | Offer::OneNow) => {
            let mut attempts = vec![PlannedAttempt {
                satellite: segment.satellite.id.into(),
                start: segment.start,
                end: segment.end,
                incidence_deg: segment.incidence_deg,
                footprint: segment.footprint.clone(),
            }];
            if item.product.offer == Offer::OneNow {
                if item.acq_periods.is_empty() {
                    attempts.extend(
                        mission_attempts(
                            mission,
                            Offer::OneNow,
                            &item.aoi,
                            segment.end + Duration::minutes(1),
                            now,
                            item.max_incidence_deg,
                        )
                        .iter()
                        .take(ONENOW_EXTRA_ATTEMPTS)
                        .map(|s| planned(&s.pass)),
                    );
                } else {
                    // The listed periods: match each to a pass of the model for its footprint.
                    for &(start, end) in &item.acq_periods {
                        if (start, end) == (segment.start, segment.end) {
                            continue;
                        }
                        let passes = orbit::mission_passes(
                            mission,
                            item.aoi.measures.centroid,
                            start - Duration::minutes(5),
                            end + Duration::minutes(5),
                            90.0,
                        );
                        let mut attempt = passes.first().map(&planned).unwrap_or(PlannedAttempt {
                            satellite: segment.satellite.id.into(),
                            start,
                            end,
                            incidence_deg: segment.incidence_deg,
                            footprint: segment.footprint.clone(),
                        });
                        attempt.start = start;
                        attempt.end = end;
                        attempts.push(attempt);
                    }
                }
            }
            attempts.sort_by_key(|a| a.start);
            attempts
        }
        _ => orbit::mission_passes(
            mission,
            item.aoi.measures.centroid,
            item.period.0,
            item.period.1,
            item.max_incidence_deg,
        )
        .iter()
        .map(planned)
        .collect(),
    }
}

/// The tasking's period: the ordered one, widened to hold every planned attempt with a quarter
/// of an hour on each side (a OneNow without `acqPeriods` tries the next passes after the chosen
/// one, and its period says so).
fn period_covering(
    ordered: (OffsetDateTime, OffsetDateTime),
    plan: &[PlannedAttempt],
) -> (OffsetDateTime, OffsetDateTime) {
    let margin = Duration::minutes(15);
    plan.iter().fold(ordered, |(start, end), attempt| {
        (
            start.min(attempt.start - margin),
            end.max(attempt.end + margin),
        )
    })
}

/// Creates the taskings of an order (one per item); returns their ids.
pub(crate) fn create_taskings(
    sim: &mut SimState,
    request: &OrderRequest,
    now: OffsetDateTime,
    sales_order_id: &str,
    quotation_id: Option<&str>,
) -> Vec<String> {
    let neo = request.contract.backend == Backend::Neo;
    let so = format!("SO{}", &sales_order_id[3.min(sales_order_id.len())..]);
    let order_number = Counters::next(&mut sim.counters.order_item);
    let mut ids = Vec::new();
    for (index, item) in request.items.iter().enumerate() {
        let id = if neo {
            format!("WOI_{order_number:09}_{}", index + 1)
        } else {
            format!("ICR_FC_{:06}", Counters::next(&mut sim.counters.icr))
        };
        let plan = plan(item, now);
        let period = period_covering(item.period, &plan);
        let tasking = Tasking {
            id: id.clone(),
            backend: request.contract.backend,
            contract_id: request.contract.id.clone(),
            sales_order_id: sales_order_id.to_string(),
            so: so.clone(),
            quotation_id: quotation_id.map(str::to_string),
            product_type_id: item.product.id.into(),
            mission: item.product.mission,
            offer: item.product.offer,
            aoi: item.aoi.geojson.clone(),
            aoi_name: item.aoi_name.clone(),
            aoi_area_km2: item.aoi.measures.area_km2,
            billed_area_km2: item.price.area_km2,
            customer_ref: request.customer_reference.clone(),
            status: if item.automatic {
                TaskingStatus::InProgress
            } else {
                TaskingStatus::FeasibilityStudy
            },
            created_at: now,
            updated_at: now,
            period_start: period.0,
            period_end: period.1,
            max_cloud_cover: item.max_cloud_cover,
            max_incidence_deg: item.max_incidence_deg,
            proposal_tolerance: item.proposal_cloud_cover - item.max_cloud_cover,
            acquisition_mode: item.mode.clone(),
            feasibility_automation: if item.automatic {
                "AUTOMATIC"
            } else {
                "MANUAL"
            }
            .into(),
            classification: item.classification.clone(),
            amount: if item.automatic {
                item.price.amount
            } else {
                0.0
            },
            currency: request.contract.currency.clone(),
            workspace: request.workspace.clone(),
            options: item.options.clone(),
            plan,
            next_attempt: 0,
            segments: Vec::new(),
            validated_area_km2: 0.0,
            seed: item_seed(&id),
        };
        sim.taskings.push(tasking);
        ids.push(id);
    }
    ids
}

/// The product type of a tasking (for views).
pub(crate) fn prog_type_name(offer: Offer) -> &'static str {
    match offer {
        Offer::OneDay => "OneDay",
        Offer::OneNow => "OneNow",
        Offer::OnePlan => "OnePlan",
    }
}
