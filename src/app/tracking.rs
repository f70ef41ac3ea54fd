//! The shell's side of following orders: tracking commands become transitions and jobs, answers
//! go to the tracking machine (and what follows them to the runtime), the map shows the open
//! tasking's AOI and acquisitions, and the lists refresh on their own while shown.

use std::time::{Duration, Instant};

use super::SattaskApp;
use crate::aoi::LonLat;
use crate::state::command::TaskingCommand;
use crate::state::{Footprint, FootprintKind, PanelView};
use crate::tasking::RequestId;
use crate::tasking::workflow::{Failure, Reply, Slot, Ticket};

/// How often a shown list asks again on its own (well within the services' limits).
pub const REFRESH_EVERY: Duration = Duration::from_secs(60);

/// Quicklooks asked for when a tasking's acquisitions arrive (each one is a catalogue search
/// and an image: the pacing of the service is respected by asking for only the newest few).
const MAX_QUICKLOOKS: usize = 8;

impl SattaskApp {
    fn contract(&self) -> Option<String> {
        self.state.tasking.form.contract.clone()
    }

    /// Whether the chosen contract is a Pléiades Neo one (its orders are followed by search).
    fn neo(&self) -> bool {
        self.state
            .tasking
            .contract()
            .is_some_and(crate::api::oneatlas::models::Contract::is_neo)
    }

    pub(super) fn spawn_all(&mut self, tickets: Vec<Ticket>) {
        if let Some(jobs) = &mut self.jobs {
            for ticket in tickets {
                jobs.spawn(ticket);
            }
            self.state.in_flight = jobs.in_flight();
        }
    }

    /// Carries out a tracking command; false when it is not one.
    pub(super) fn tracking_command(&mut self, command: &TaskingCommand) -> bool {
        let contract = self.contract();
        let neo = self.neo();
        let tracking = &mut self.state.tracking;
        let mut tickets = Vec::new();
        match command {
            TaskingCommand::ShowView(view) => {
                self.state.view = *view;
                let tracking = &mut self.state.tracking;
                match view {
                    PanelView::Taskings if neo && matches!(tracking.neo_orders, Slot::Idle) => {
                        tickets.extend(contract.as_deref().map(|c| tracking.load_neo(c)));
                    }
                    PanelView::Taskings if !neo && matches!(tracking.taskings, Slot::Idle) => {
                        tickets.extend(contract.as_deref().map(|c| tracking.load_taskings(c)));
                    }
                    PanelView::Quotations => {
                        if matches!(tracking.quotations, Slot::Idle) {
                            tickets.push(tracking.load_quotations());
                        }
                        if matches!(tracking.up42_orders, Slot::Idle) {
                            tickets.push(tracking.load_up42_orders());
                        }
                    }
                    _ => {}
                }
                self.last_refresh = Some(Instant::now());
            }
            TaskingCommand::SetTaskingQuery(query) => tracking.query = query.clone(),
            TaskingCommand::LoadTaskings => {
                tickets.extend(contract.as_deref().map(|c| {
                    if neo {
                        tracking.load_neo(c)
                    } else {
                        tracking.load_taskings(c)
                    }
                }));
                self.last_refresh = Some(Instant::now());
            }
            TaskingCommand::OpenTasking(id) => {
                tickets.extend(contract.as_deref().map(|c| tracking.open(c, id.clone())));
                // The order's cloud limit, to weigh each acquisition against, from the journal.
                let reference = tracking
                    .taskings
                    .ready()
                    .and_then(|l| l.taskings.iter().find(|t| &t.icr.id == id))
                    .and_then(|t| t.icr.customer_ref.clone());
                tracking.open_cloud_limit_pct = reference
                    .and_then(|r| self.jobs.as_ref()?.bought_under(&r))
                    .and_then(|b| b.max_cloud_pct);
            }
            TaskingCommand::CloseTasking => tracking.close(),
            TaskingCommand::OpenOrderItem(item) => {
                tickets.extend(
                    contract
                        .as_deref()
                        .map(|c| tracking.open_item(c, item.clone())),
                );
            }
            TaskingCommand::CloseOrderItem => tracking.close_item(),
            TaskingCommand::ShowDelivered => {
                let workspace = self
                    .state
                    .tasking
                    .contract()
                    .and_then(|c| c.delivery.iter().find_map(|d| d.delivery_workspace.clone()));
                match workspace {
                    Some(workspace) => {
                        tickets.push(self.state.tracking.load_delivered(workspace.0));
                    }
                    None => self
                        .state
                        .notify("this contract names no delivery workspace to search", true),
                }
            }
            TaskingCommand::HideDelivered => tracking.hide_delivered(),
            TaskingCommand::SetQuotationFilter(filter) => {
                tracking.quotation_filter = filter.clone()
            }
            TaskingCommand::LoadQuotations => {
                tickets.push(tracking.load_quotations());
                // The UP42 view shows both: the orders follow the quotations.
                if tracking.up42_orders.waiting().is_none() {
                    tickets.push(tracking.load_up42_orders());
                }
                self.last_refresh = Some(Instant::now());
            }
            TaskingCommand::LoadUp42Orders => tickets.push(tracking.load_up42_orders()),
            TaskingCommand::OpenUp42Order(Some(id)) => {
                tickets.push(tracking.follow_up42(id.clone()))
            }
            TaskingCommand::OpenUp42Order(None) => tracking.close_up42(),
            TaskingCommand::Ask(act) => {
                if let Err(why) = tracking.ask(act.clone()) {
                    self.state.notify(why, true);
                } else if let Some(ticket) = tracking.load_up42_order_of(act) {
                    // What the quotation prices: its order's product, AOI and window.
                    tickets.push(ticket);
                } else if let Some(catalog_id) = tracking.catalog_id_of(act) {
                    // The quicklook is what a person decides on: asked as the dialog opens.
                    let cache = self.jobs.as_ref().and_then(|j| j.quicklook_cache.clone());
                    tickets.extend(tracking.load_quicklook(&catalog_id, cache));
                }
            }
            TaskingCommand::ConfirmAct => tickets.extend(tracking.confirm()),
            TaskingCommand::CloseAct => tracking.close_confirmation(),
            TaskingCommand::CheckAct => tickets.extend(tracking.check()),
            TaskingCommand::DismissAct => tracking.dismiss(),
            TaskingCommand::CheckUnclear(entry) => tickets.extend(tracking.check_unclear(entry)),
            _ => return false,
        }
        self.spawn_all(tickets);
        self.sync_views();
        true
    }

    /// Takes an answer meant for the tracking views.
    pub(super) fn tracking_answer(&mut self, id: RequestId, answer: Result<Reply, Failure>) {
        let contract = self.contract();
        let segments_answer = matches!(answer, Ok(Reply::Segments(..)));
        let mut follow = self.state.tracking.receive(id, answer, contract.as_deref());
        for change in std::mem::take(&mut self.state.tracking.changes) {
            self.state.notify(change, false);
        }
        // The open tasking's acquisitions come with their quicklooks, draped on the map (from
        // the disk cache after the first time); a few at most, the newest first.
        if segments_answer {
            let cache = self.jobs.as_ref().and_then(|j| j.quicklook_cache.clone());
            let tracking = &mut self.state.tracking;
            let ids: Vec<String> = tracking
                .segments
                .ready()
                .map(|list| {
                    list.segments
                        .iter()
                        .rev()
                        .filter_map(|s| s.as_detail1.as_ref()?.catalog_id.clone())
                        .take(MAX_QUICKLOOKS)
                        .collect()
                })
                .unwrap_or_default();
            for catalog_id in ids {
                follow.extend(tracking.load_quicklook(&catalog_id, cache.clone()));
            }
        }
        self.spawn_all(follow);
    }

    /// While a list is shown, asks again every [`REFRESH_EVERY`]; the window sleeps in between.
    pub(super) fn tracking_tick(&mut self, ctx: &egui::Context) {
        let view = self.state.view;
        if view == PanelView::Task || self.jobs.is_none() {
            return;
        }
        let waited = self.last_refresh.map_or(REFRESH_EVERY, |t| t.elapsed());
        if waited < REFRESH_EVERY {
            ctx.request_repaint_after(REFRESH_EVERY - waited);
            return;
        }
        let busy = self.state.tracking.act.busy();
        let tracking = &mut self.state.tracking;
        let waiting = match view {
            PanelView::Taskings => {
                tracking.taskings.waiting().is_some() || tracking.neo_orders.waiting().is_some()
            }
            _ => tracking.quotations.waiting().is_some(),
        };
        if waiting || busy {
            return;
        }
        let command = if view == PanelView::Taskings {
            TaskingCommand::LoadTaskings
        } else {
            TaskingCommand::LoadQuotations
        };
        self.tracking_command(&command);
        self.watch_up42(view);
        if view == PanelView::Taskings
            && let (Some(open), Some(contract)) =
                (self.state.tracking.open.clone(), self.contract())
            && self.state.tracking.segments.waiting().is_none()
        {
            let ticket = self.state.tracking.open(&contract, open);
            self.spawn_all(vec![ticket]);
        }
        ctx.request_repaint_after(REFRESH_EVERY);
    }

    /// The map in the tracking views: the open tasking's AOI and its acquisitions by status,
    /// and the share of the AOI still to acquire.
    pub(super) fn tracking_footprints(&mut self) -> Vec<Footprint> {
        let tracking = &self.state.tracking;
        let mut footprints = Vec::new();
        if let Slot::Ready(features) = &tracking.delivered {
            footprints.extend(features.iter().filter_map(|feature| {
                let geometry = feature.get("geometry").cloned()?;
                let ring =
                    serde_json::from_value::<crate::api::oneatlas::models::GeoPolygon>(geometry)
                        .ok()?
                        .outer_ring();
                let properties = feature.get("properties");
                let date = properties
                    .and_then(|p| p.get("acquisitionDate"))
                    .and_then(serde_json::Value::as_str)
                    .unwrap_or("");
                Some(Footprint {
                    ring,
                    label: format!("delivered {}", date.chars().take(10).collect::<String>()),
                    selected: false,
                    incidence_deg: None,
                    kind: FootprintKind::Delivered,
                    hovered: false,
                    compared: false,
                })
            }));
        }
        if self.state.view == PanelView::Quotations {
            footprints.extend(super::up42_follow::up42_footprints(tracking));
            return footprints;
        }
        if self.state.view != PanelView::Taskings {
            return footprints;
        }
        if let Some(Slot::Ready(records)) = tracking.neo_open.as_ref().map(|_| &tracking.coverages)
        {
            for record in records {
                let Some(ring) = record
                    .get("footprint")
                    .cloned()
                    .and_then(|f| {
                        serde_json::from_value::<crate::api::oneatlas::models::GeoPolygon>(f).ok()
                    })
                    .map(|g| g.outer_ring())
                else {
                    continue;
                };
                let status = record.get("status").and_then(|s| s.as_str()).unwrap_or("");
                let lower = status.to_ascii_lowercase();
                let kind = if lower.contains("propos") {
                    FootprintKind::Proposed
                } else if lower.contains("refus") || lower.contains("reject") {
                    FootprintKind::Refused
                } else {
                    FootprintKind::Validated
                };
                footprints.push(Footprint {
                    ring,
                    label: status.to_owned(),
                    selected: false,
                    incidence_deg: record
                        .get("incidenceAngle")
                        .and_then(serde_json::Value::as_f64),
                    kind,
                    hovered: false,
                    compared: false,
                });
            }
            return footprints;
        }
        let Some(open) = &tracking.open else {
            return footprints;
        };
        let ordered: Option<Vec<LonLat>> = tracking
            .taskings
            .ready()
            .and_then(|list| list.taskings.iter().find(|t| &t.icr.id == open))
            .and_then(|t| t.icr.aoi.get())
            .map(|aoi| aoi.outer_ring());
        if let Some(list) = tracking.segments.ready() {
            for segment in &list.segments {
                let Some(ring) = segment
                    .as_detail1
                    .as_ref()
                    .and_then(|d| d.footprint.get())
                    .map(|f| f.outer_ring())
                else {
                    continue;
                };
                let status = segment.status.as_deref().unwrap_or("").to_ascii_lowercase();
                let kind = if status.contains("propos") {
                    FootprintKind::Proposed
                } else if status.contains("refus") {
                    FootprintKind::Refused
                } else {
                    FootprintKind::Validated
                };
                footprints.push(Footprint {
                    ring,
                    label: format!(
                        "{} ({})",
                        segment.id,
                        segment.status.as_deref().unwrap_or("?")
                    ),
                    selected: false,
                    incidence_deg: segment
                        .as_detail1
                        .as_ref()
                        .and_then(|d| d.incidence_angle.number()),
                    kind,
                    hovered: false,
                    compared: false,
                });
            }
        }
        if let Some(left) = &tracking.still_to_acquire {
            footprints.extend(left.rings.iter().map(|ring| Footprint {
                ring: ring.clone(),
                label: "still to acquire".to_owned(),
                selected: false,
                incidence_deg: None,
                kind: FootprintKind::ToAcquire,
                hovered: false,
                compared: false,
            }));
        }
        if let Some(ring) = ordered {
            footprints.push(Footprint {
                ring,
                label: format!("tasking {open}"),
                selected: false,
                incidence_deg: None,
                kind: FootprintKind::Ordered,
                hovered: false,
                compared: false,
            });
        }
        footprints
    }
}
