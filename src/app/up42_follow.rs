//! The shell's side of following a UP42 order: the watch asks the orders and the open order
//! again, and the map shows the open order's AOI, its delivered assets (else what the coverage
//! says is acquired) and what remains.

use super::SattaskApp;
use crate::api::oneatlas::models::GeoPolygon;
use crate::api::up42::models::CoverageMetrics;
use crate::state::{Footprint, FootprintKind, PanelView};
use crate::tasking::dates::api_date_text;
use crate::tasking::tracking::{Tracking, up42_order_ring};
use crate::tasking::up42_status::order_words;
use crate::tasking::workflow::Slot;

impl SattaskApp {
    /// Makes the watch ask the shown lists again at the next frame rather than after its
    /// minute (tests step the sandbox's clock, not the wall clock's).
    pub fn refresh_lists_now(&mut self) {
        self.last_refresh = None;
    }

    /// The watch's UP42 side, each time it asks the shown lists again: the UP42 orders (so a
    /// study or quotation newly waiting is said, whichever tracking view is shown) and the open
    /// order's detail.
    pub(super) fn watch_up42(&mut self, view: PanelView) {
        let tracking = &mut self.state.tracking;
        let mut tickets = Vec::new();
        // The Quotations view's refresh asks the orders with the quotations.
        if view != PanelView::Quotations && tracking.up42_orders.waiting().is_none() {
            tickets.push(tracking.load_up42_orders());
        }
        tickets.extend(tracking.refresh_up42_detail());
        self.spawn_all(tickets);
    }
}

fn polygon_ring(geometry: serde_json::Value) -> Option<Vec<crate::aoi::LonLat>> {
    let polygon: GeoPolygon = serde_json::from_value(geometry).ok()?;
    let ring = polygon.outer_ring();
    (ring.len() >= 4).then_some(ring)
}

fn ring_of(metrics: &CoverageMetrics) -> Option<Vec<crate::aoi::LonLat>> {
    polygon_ring(metrics.geometry.clone()?)
}

fn footprint(ring: Vec<crate::aoi::LonLat>, label: String, kind: FootprintKind) -> Footprint {
    Footprint {
        ring,
        label,
        selected: false,
        incidence_deg: None,
        kind,
        hovered: false,
        compared: false,
    }
}

/// With no order open, every listed order's AOI, named with what the order waits for: where
/// the person has ordered, at a glance.
fn every_order(tracking: &Tracking) -> Vec<Footprint> {
    let Some(page) = tracking.up42_orders.ready() else {
        return Vec::new();
    };
    page.content
        .iter()
        .filter_map(|order| {
            let ring = up42_order_ring(order)?;
            let name = order.display_name.as_deref().unwrap_or("(no name)");
            let words = order_words(order.status.as_deref(), order.sub_status());
            Some(footprint(
                ring,
                format!("UP42 order {name}: {words}"),
                FootprintKind::Ordered,
            ))
        })
        .collect()
}

/// The open UP42 order on the map: its delivered assets (where UP42 gives none, what the
/// coverage says is acquired: delivered once the order is fulfilled), what remains to acquire,
/// and its AOI.
pub(super) fn up42_footprints(tracking: &Tracking) -> Vec<Footprint> {
    let mut footprints = Vec::new();
    let Some(open) = &tracking.up42_open else {
        return every_order(tracking);
    };
    if let Slot::Ready(detail) = &tracking.up42_detail
        && detail.order == *open
    {
        let assets: Vec<Footprint> = detail
            .assets
            .as_deref()
            .unwrap_or_default()
            .iter()
            .filter_map(|asset| {
                let ring = polygon_ring(asset.geometry.clone()?)?;
                let date = asset
                    .datetime()
                    .map_or("date not given".to_owned(), api_date_text);
                Some(footprint(
                    ring,
                    format!("UP42 asset delivered, acquired {date}"),
                    FootprintKind::Delivered,
                ))
            })
            .collect();
        let coverage = detail.coverage.as_ref().ok();
        if !assets.is_empty() {
            footprints.extend(assets);
        } else if let Some(ring) = coverage.and_then(|c| ring_of(&c.covered)) {
            let fulfilled = tracking
                .up42_orders
                .ready()
                .and_then(|page| page.content.iter().find(|o| &o.id == open))
                .is_some_and(|o| o.status.as_deref() == Some("FULFILLED"));
            let (label, kind) = if fulfilled {
                ("delivered", FootprintKind::Delivered)
            } else {
                ("acquired", FootprintKind::Validated)
            };
            footprints.push(footprint(ring, format!("UP42 order {open}: {label}"), kind));
        }
        if let Some(ring) = coverage.and_then(|c| ring_of(&c.remainder)) {
            footprints.push(footprint(
                ring,
                format!("UP42 order {open}: still to acquire"),
                FootprintKind::ToAcquire,
            ));
        }
    }
    if let Some(ring) = tracking.up42_open_ring() {
        footprints.push(footprint(
            ring,
            format!("UP42 order {open}"),
            FootprintKind::Ordered,
        ));
    }
    footprints
}
