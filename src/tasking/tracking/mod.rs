//! Following what was ordered, as a plain state machine with no window: the contract's taskings
//! (filters, paging), one tasking's acquisitions, the UP42 quotations, and the decisions on them
//! (`act.rs`). Answers are taken only by the request they answer, as in the tasking workflow.

use time::{Duration, OffsetDateTime};

use crate::api::CheckHint;
use crate::api::ids::{ContractId, TaskingId};
use crate::api::oneatlas::TaskingFilter;
use crate::api::oneatlas::models::{Icr, SegmentList, TaskingList};
use crate::api::up42::models::{Page, Quotation, QuotationQuery};
use crate::tasking::RequestId;
use crate::tasking::act::{Act, ActStep};
use crate::tasking::coverage;
use crate::tasking::quicklook::QuicklookImage;
use crate::tasking::spend::journal::Entry;
use crate::tasking::spend::reconcile::Reconciliation;
use crate::tasking::workflow::{Failure, Job, Reply, Slot, Ticket};

/// Taskings per page.
pub const PAGE_SIZE: u32 = 20;

/// Tracking's request ids start here, apart from the tasking workflow's.
const FIRST_ID: u64 = 1 << 40;

/// The taskings list's filters, as the person sets them.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TaskingQuery {
    /// A status the API knows ("In Progress", "Completed", "Cancelled"...), or all.
    pub status: Option<String>,
    /// The customer reference, exactly (empty: any).
    pub customer_ref: String,
    /// Only taskings with acquisitions waiting for a decision (`hasProposedSegments`).
    pub proposed_only: bool,
    /// PLEIADES or SPOT, or both.
    pub mission: Option<String>,
    /// The page, from 1.
    pub page: u32,
}

/// The UP42 quotations' filters and order.
#[derive(Debug, Clone, PartialEq)]
pub struct QuotationFilter {
    /// NOT_DECIDED, ACCEPTED, REJECTED, or all.
    pub decision: Option<String>,
    /// `createdAt,desc`, `creditsPrice,asc`...
    pub sort: String,
    /// Only this workspace's (empty: the whole account's).
    pub workspace: String,
    /// Only this order's (empty: any).
    pub order_id: String,
    /// The page, from 0.
    pub page: u32,
}

impl Default for QuotationFilter {
    fn default() -> Self {
        QuotationFilter {
            decision: Some("NOT_DECIDED".to_owned()),
            sort: "createdAt,desc".to_owned(),
            workspace: String::new(),
            order_id: String::new(),
            page: 0,
        }
    }
}

/// The statuses a tasking may have, for the filter.
pub const TASKING_STATUSES: [&str; 5] = [
    "In Progress",
    "Completed",
    "Cancelled",
    "Stopped",
    "Rejected",
];

/// The tracking views' state.
#[derive(Debug, Clone)]
pub struct Tracking {
    /// The taskings' filters.
    pub query: TaskingQuery,
    /// The taskings page.
    pub taskings: Slot<TaskingList>,
    /// The tasking whose acquisitions are shown.
    pub open: Option<TaskingId>,
    /// Its acquisitions.
    pub segments: Slot<SegmentList>,
    /// A Pléiades Neo contract's order lines and quotations (the search's records).
    pub neo_orders: Slot<Vec<serde_json::Value>>,
    /// The Neo order item whose coverage is shown.
    pub neo_open: Option<String>,
    /// Its coverage items (the search's records).
    pub coverages: Slot<Vec<serde_json::Value>>,
    /// The imagery delivered to the contract's workspace (GeoJSON features), when asked.
    pub delivered: Slot<Vec<serde_json::Value>>,
    /// The quotations' filters.
    pub quotation_filter: QuotationFilter,
    /// The quotations page.
    pub quotations: Slot<Page<Quotation>>,
    /// The UP42 orders (first page, newest first).
    pub up42_orders:
        Slot<crate::api::up42::models::RecordsPage<crate::api::up42::models::Up42Order>>,
    /// The UP42 order whose AOI is on the map and whose detail is shown.
    pub up42_open: Option<crate::api::ids::OrderId>,
    /// The open UP42 order's studies, quotations and coverage.
    pub up42_detail: Slot<crate::tasking::up42_follow::Up42Detail>,
    /// The UP42 orders that waited for the person at the last look (`None` before the first).
    up42_waiting: Option<
        Vec<(
            crate::api::ids::OrderId,
            crate::tasking::up42_follow::Waiting,
        )>,
    >,
    /// The decision in progress.
    pub act: ActStep,
    /// How many stale answers were dropped.
    pub dropped: u64,
    /// What changed since the last refresh, in words (taken by the app as notices).
    pub changes: Vec<String>,
    /// The share of the open tasking's AOI that no validated acquisition covers yet.
    pub still_to_acquire: Option<coverage::StillToAcquire>,
    /// Calls sent (by this run or an earlier one) whose outcome is unknown, from the journal.
    pub unclear: Vec<Entry>,
    /// The cloud cover the open tasking's order accepts, percent, when this machine's journal
    /// holds the order (the service's tasking does not say).
    pub open_cloud_limit_pct: Option<f64>,
    /// UP42 orders that quotations price, by order id (asked when a decision on one opens).
    pub quoted_orders: std::collections::HashMap<String, Slot<crate::api::up42::models::Up42Order>>,
    /// Quicklooks of acquisitions, by catalogue id.
    pub quicklooks: std::collections::HashMap<String, Slot<QuicklookImage>>,
    /// Checks on their way for entries of `unclear`: the request and the entry's id.
    checking_unclear: Vec<(RequestId, String)>,
    last_taskings: Option<TaskingList>,
    next_id: u64,
}

impl Default for Tracking {
    fn default() -> Self {
        Tracking {
            query: TaskingQuery {
                page: 1,
                ..TaskingQuery::default()
            },
            taskings: Slot::Idle,
            open: None,
            segments: Slot::Idle,
            neo_orders: Slot::Idle,
            neo_open: None,
            coverages: Slot::Idle,
            delivered: Slot::Idle,
            quotation_filter: QuotationFilter::default(),
            quotations: Slot::Idle,
            up42_orders: Slot::Idle,
            up42_open: None,
            up42_detail: Slot::Idle,
            up42_waiting: None,
            act: ActStep::Idle,
            dropped: 0,
            changes: Vec::new(),
            still_to_acquire: None,
            unclear: Vec::new(),
            quicklooks: std::collections::HashMap::new(),
            open_cloud_limit_pct: None,
            quoted_orders: std::collections::HashMap::new(),
            checking_unclear: Vec::new(),
            last_taskings: None,
            next_id: FIRST_ID,
        }
    }
}

/// What changed between two answers of the same list: new proposed acquisitions, a status that
/// moved on (a tasking completed), a new tasking.
pub fn changes_between(before: &TaskingList, after: &TaskingList) -> Vec<String> {
    let mut changes = Vec::new();
    for entry in &after.taskings {
        let icr = &entry.icr;
        let Some(old) = before.taskings.iter().find(|t| t.icr.id == icr.id) else {
            changes.push(format!("new tasking {}", icr.id));
            continue;
        };
        let (was, now) = (
            old.icr.nb_proposed_segments.unwrap_or(0),
            icr.nb_proposed_segments.unwrap_or(0),
        );
        if now > was {
            changes.push(format!(
                "tasking {}: {} new acquisition(s) wait for your decision",
                icr.id,
                now - was
            ));
        }
        if old.icr.status != icr.status
            && let Some(status) = &icr.status
        {
            changes.push(format!("tasking {} is now {status}", icr.id));
        }
    }
    changes
}

/// Why a tasking cannot be cancelled or stopped now, or `None` when it can.
pub fn cancel_rule(icr: &Icr, now: OffsetDateTime) -> Option<String> {
    if !icr
        .status
        .as_deref()
        .is_some_and(|s| s.eq_ignore_ascii_case("In Progress"))
    {
        return Some("only a tasking in progress can be cancelled".to_owned());
    }
    let start = icr
        .period
        .as_ref()
        .and_then(|p| p.start_date.as_deref())
        .and_then(|d| crate::api::oneatlas::models::parse_api_date(d).ok());
    match start {
        Some(start) if now > start - Duration::hours(12) => {
            Some("a tasking can be cancelled only until 12 h before its window starts".to_owned())
        }
        Some(_) => None,
        None => Some("the tasking's window is not known".to_owned()),
    }
}

/// Why a tasking cannot be stopped now, or `None` when it can.
pub fn stop_rule(icr: &Icr) -> Option<String> {
    let one_now = icr
        .prog_type_name
        .as_deref()
        .is_some_and(|p| p.to_ascii_uppercase().starts_with("ONENOW"));
    if !one_now {
        return Some("only a OneNow tasking can be stopped".to_owned());
    }
    if !icr
        .status
        .as_deref()
        .is_some_and(|s| s.eq_ignore_ascii_case("In Progress"))
    {
        return Some("only a tasking in progress can be stopped".to_owned());
    }
    None
}

impl Tracking {
    fn ticket(&mut self, job: Job) -> Ticket {
        self.next_id += 1;
        Ticket {
            id: RequestId(self.next_id),
            job,
        }
    }

    /// Forgets every list and detail (another contract or service); a decision on its way and
    /// the journal's unclear entries stay.
    pub fn forget_lists(&mut self) {
        self.taskings = Slot::Idle;
        self.close();
        self.neo_orders = Slot::Idle;
        self.close_item();
        self.delivered = Slot::Idle;
        self.quotations = Slot::Idle;
        self.last_taskings = None;
    }

    /// Asks for the page of taskings the filters name.
    pub fn load_taskings(&mut self, contract: &str) -> Ticket {
        let reference = self.query.customer_ref.trim();
        let ticket = self.ticket(Job::Taskings {
            contract: ContractId(contract.to_owned()),
            filter: TaskingFilter {
                customer_ref: (!reference.is_empty()).then(|| reference.to_owned()),
                status: self.query.status.clone(),
                mission: self.query.mission.clone(),
                has_proposed: self.query.proposed_only.then_some(true),
                count: Some(PAGE_SIZE),
                start_page: Some(self.query.page.max(1)),
            },
        });
        self.taskings = Slot::Waiting(ticket.id);
        ticket
    }

    /// Opens a tasking: asks for its acquisitions.
    pub fn open(&mut self, contract: &str, tasking: TaskingId) -> Ticket {
        let aoi = self
            .taskings
            .ready()
            .and_then(|list| list.taskings.iter().find(|t| t.icr.id == tasking))
            .and_then(|t| t.icr.aoi.get())
            .map(|aoi| aoi.outer_ring());
        let ticket = self.ticket(Job::Segments {
            contract: ContractId(contract.to_owned()),
            tasking: tasking.clone(),
            aoi,
        });
        self.open = Some(tasking);
        self.segments = Slot::Waiting(ticket.id);
        ticket
    }

    /// Closes the tasking's detail.
    pub fn close(&mut self) {
        self.open = None;
        self.segments = Slot::Idle;
        self.still_to_acquire = None;
    }

    /// Asks for a Pléiades Neo contract's orders and quotations.
    pub fn load_neo(&mut self, contract: &str) -> Ticket {
        let ticket = self.ticket(Job::NeoOrders {
            contract: ContractId(contract.to_owned()),
        });
        self.neo_orders = Slot::Waiting(ticket.id);
        ticket
    }

    /// Opens a Neo order item: asks for its coverage items.
    pub fn open_item(&mut self, contract: &str, item: String) -> Ticket {
        let ticket = self.ticket(Job::Coverages {
            contract: ContractId(contract.to_owned()),
            item: item.clone(),
        });
        self.neo_open = Some(item);
        self.coverages = Slot::Waiting(ticket.id);
        ticket
    }

    /// Asks for the imagery delivered to a workspace.
    pub fn load_delivered(&mut self, workspace: String) -> Ticket {
        let ticket = self.ticket(Job::Delivered { workspace });
        self.delivered = Slot::Waiting(ticket.id);
        ticket
    }

    /// Hides the delivered imagery.
    pub fn hide_delivered(&mut self) {
        self.delivered = Slot::Idle;
    }

    /// Closes the order item's coverage.
    pub fn close_item(&mut self) {
        self.neo_open = None;
        self.coverages = Slot::Idle;
    }

    /// Asks for the UP42 orders (the first page, every workspace of the account).
    pub fn load_up42_orders(&mut self) -> Ticket {
        let ticket = self.ticket(Job::Up42Orders(
            crate::api::up42::models::OrderQuery::default(),
        ));
        self.up42_orders = Slot::Waiting(ticket.id);
        ticket
    }

    /// The outline of the open UP42 order's AOI (`orderDetails.geometry`), when it has one.
    pub fn up42_open_ring(&self) -> Option<Vec<crate::aoi::LonLat>> {
        let open = self.up42_open.as_ref()?;
        let order = self
            .up42_orders
            .ready()?
            .content
            .iter()
            .find(|o| &o.id == open)?;
        up42_order_ring(order)
    }

    /// Asks for the quotations page the filters name.
    pub fn load_quotations(&mut self) -> Ticket {
        let filter = &self.quotation_filter;
        let ticket = self.ticket(Job::Quotations(QuotationQuery {
            decision: filter.decision.iter().cloned().collect(),
            sort: Some(filter.sort.clone()),
            page: Some(filter.page),
            size: Some(PAGE_SIZE),
            workspace_id: Some(filter.workspace.trim().to_owned()).filter(|w| !w.is_empty()),
            order_id: Some(filter.order_id.trim().to_owned()).filter(|o| !o.is_empty()),
            ..QuotationQuery::default()
        }));
        self.quotations = Slot::Waiting(ticket.id);
        ticket
    }

    /// The taskings of this page the person wants to see (with proposed acquisitions only,
    /// when asked).
    pub fn shown_taskings(&self) -> Vec<&crate::api::oneatlas::models::TaskingEntry> {
        self.taskings
            .ready()
            .map(|list| {
                list.taskings
                    .iter()
                    .filter(|t| {
                        !self.query.proposed_only || t.icr.nb_proposed_segments.unwrap_or(0) > 0
                    })
                    .collect()
            })
            .unwrap_or_default()
    }

    /// Asks for the quicklook of the acquisition catalogued as `catalog_id` (kept in `cache`),
    /// unless it is here or on its way already (a failed one is asked again).
    pub fn load_quicklook(
        &mut self,
        catalog_id: &str,
        cache: Option<std::path::PathBuf>,
    ) -> Option<Ticket> {
        if matches!(
            self.quicklooks.get(catalog_id),
            Some(Slot::Ready(_) | Slot::Waiting(_))
        ) {
            return None;
        }
        let ticket = self.ticket(Job::Quicklook {
            catalog_id: catalog_id.to_owned(),
            cache,
        });
        self.quicklooks
            .insert(catalog_id.to_owned(), Slot::Waiting(ticket.id));
        Some(ticket)
    }

    /// The catalogue id of the acquisition a decision is about, when it has one.
    pub fn catalog_id_of(&self, act: &Act) -> Option<String> {
        let (Act::AcceptSegment { segment, .. } | Act::RefuseSegment { segment, .. }) = act else {
            return None;
        };
        let list = self.segments.ready()?;
        let found = list.segments.iter().find(|s| &s.id == segment)?;
        found.as_detail1.as_ref()?.catalog_id.clone()
    }

    /// Asks for the UP42 order a quotation decision is about, unless it is here or on its way.
    pub fn load_up42_order_of(&mut self, act: &Act) -> Option<Ticket> {
        let (Act::AcceptQuotation { id, .. } | Act::RejectQuotation { id, .. }) = act else {
            return None;
        };
        let order = self
            .quotations
            .ready()?
            .content
            .iter()
            .find(|q| &q.id == id)?
            .order_id
            .clone()?;
        if matches!(
            self.quoted_orders.get(order.as_str()),
            Some(Slot::Ready(_) | Slot::Waiting(_))
        ) {
            return None;
        }
        let ticket = self.ticket(Job::Up42Order(order.clone()));
        self.quoted_orders
            .insert(order.as_str().to_owned(), Slot::Waiting(ticket.id));
        Some(ticket)
    }

    fn up42_order_waiting(&self, id: RequestId) -> Option<String> {
        self.quoted_orders
            .iter()
            .find(|(_, slot)| slot.waiting() == Some(id))
            .map(|(key, _)| key.clone())
    }

    fn quicklook_waiting(&self, id: RequestId) -> Option<String> {
        self.quicklooks
            .iter()
            .find(|(_, slot)| slot.waiting() == Some(id))
            .map(|(key, _)| key.clone())
    }

    /// Opens the confirmation of a decision; refused while another is on its way or unclear.
    pub fn ask(&mut self, act: Act) -> Result<(), String> {
        if self.act.busy() {
            return Err(
                "another decision is on its way or unclear: wait for it or check it".to_owned(),
            );
        }
        self.act = ActStep::Confirming(act);
        Ok(())
    }

    /// Closes the confirmation without sending.
    pub fn close_confirmation(&mut self) {
        if matches!(self.act, ActStep::Confirming(_)) {
            self.act = ActStep::Idle;
        }
    }

    /// Sends the confirmed decision, exactly once.
    pub fn confirm(&mut self) -> Option<Ticket> {
        let ActStep::Confirming(act) = &self.act else {
            return None;
        };
        let act = act.clone();
        let ticket = self.ticket(Job::Act(act.clone()));
        self.act = ActStep::Sending { id: ticket.id, act };
        Some(ticket)
    }

    /// Looks an unclear decision up.
    pub fn check(&mut self) -> Option<Ticket> {
        let ActStep::Unknown { act, check, .. } = &self.act else {
            return None;
        };
        let (act, check) = (act.clone(), check.clone());
        let ticket = self.ticket(Job::Check { check, entry: None });
        self.act = ActStep::Checking { id: ticket.id, act };
        Some(ticket)
    }

    /// Looks up an unclear journal entry; none while it is being checked or has no hint.
    pub fn check_unclear(&mut self, entry_id: &str) -> Option<Ticket> {
        if self.checking_unclear.iter().any(|(_, id)| id == entry_id) {
            return None;
        }
        let check = self
            .unclear
            .iter()
            .find(|e| e.id == entry_id)?
            .check
            .clone()?;
        let ticket = self.ticket(Job::Check {
            check,
            entry: Some(entry_id.to_owned()),
        });
        self.checking_unclear.push((ticket.id, entry_id.to_owned()));
        Some(ticket)
    }

    /// Whether an unclear entry is being checked.
    pub fn checking(&self, entry_id: &str) -> bool {
        self.checking_unclear.iter().any(|(_, id)| id == entry_id)
    }

    fn take_unclear_check(&mut self, id: RequestId, answer: &Result<Reply, Failure>) -> bool {
        let Some(index) = self.checking_unclear.iter().position(|(r, _)| *r == id) else {
            return false;
        };
        let (_, entry_id) = self.checking_unclear.remove(index);
        let Some(entry) = self.unclear.iter().find(|e| e.id == entry_id).cloned() else {
            return true;
        };
        let what = format!("the {} sent at {}", entry.kind, entry.at);
        match answer {
            Ok(Reply::Checked(Reconciliation::Found { detail })) => {
                self.unclear.retain(|e| e.id != entry_id);
                self.changes.push(format!("{what} went through: {detail}"));
            }
            Ok(Reply::Checked(Reconciliation::NotFound)) => {
                self.unclear.retain(|e| e.id != entry_id);
                self.changes.push(format!(
                    "{what} did not happen: nothing was spent; it may be sent again"
                ));
            }
            Ok(Reply::Checked(Reconciliation::CannotTell { why })) => {
                self.changes
                    .push(format!("{what}: the check could not tell ({why})"));
            }
            Err(failure) => {
                self.changes
                    .push(format!("{what}: the check failed ({})", failure.message()));
            }
            Ok(_) => {}
        }
        true
    }

    /// Clears a decision that ended.
    pub fn dismiss(&mut self) {
        if matches!(self.act, ActStep::Done { .. } | ActStep::Refused { .. }) {
            self.act = ActStep::Idle;
        }
    }

    /// Whether this machine sent the request.
    pub fn owns(&self, id: RequestId) -> bool {
        id.0 > FIRST_ID
    }

    /// Takes an answer; returns the requests that follow (a refresh after a decision).
    pub fn receive(
        &mut self,
        id: RequestId,
        answer: Result<Reply, Failure>,
        contract: Option<&str>,
    ) -> Vec<Ticket> {
        let mut follow = Vec::new();
        if self.take_unclear_check(id, &answer) {
            return follow;
        }
        let decided = matches!(&self.act, ActStep::Sending { id: waiting, .. } | ActStep::Checking { id: waiting, .. } if *waiting == id);
        let taken = match answer {
            Ok(Reply::Taskings(list)) if self.taskings.waiting() == Some(id) => {
                if let Some(before) = &self.last_taskings {
                    self.changes.extend(changes_between(before, &list));
                }
                self.last_taskings = Some(list.clone());
                self.taskings = Slot::Ready(list);
                true
            }
            Ok(Reply::Segments(list, left)) if self.segments.waiting() == Some(id) => {
                self.segments = Slot::Ready(list);
                self.still_to_acquire = left;
                true
            }
            Ok(Reply::Up42Orders(page)) if self.up42_orders.waiting() == Some(id) => {
                self.take_up42_orders(page);
                true
            }
            Ok(Reply::Up42Follow(detail)) if self.up42_detail.waiting() == Some(id) => {
                self.up42_detail = Slot::Ready(*detail);
                true
            }
            Ok(Reply::Quotations(page)) if self.quotations.waiting() == Some(id) => {
                self.quotations = Slot::Ready(page);
                true
            }
            Ok(Reply::NeoOrders(records)) if self.neo_orders.waiting() == Some(id) => {
                self.neo_orders = Slot::Ready(records);
                true
            }
            Ok(Reply::Delivered(features)) if self.delivered.waiting() == Some(id) => {
                self.delivered = Slot::Ready(features);
                true
            }
            Ok(Reply::Coverages(records)) if self.coverages.waiting() == Some(id) => {
                self.coverages = Slot::Ready(records);
                true
            }
            Ok(Reply::Up42Order(order)) if self.up42_order_waiting(id).is_some() => {
                if let Some(key) = self.up42_order_waiting(id) {
                    self.quoted_orders.insert(key, Slot::Ready(*order));
                }
                true
            }
            Ok(Reply::Quicklook(image)) if self.quicklook_waiting(id).is_some() => {
                if let Some(key) = self.quicklook_waiting(id) {
                    self.quicklooks.insert(key, Slot::Ready(image));
                }
                true
            }
            Ok(Reply::Acted(message)) if decided => {
                if let ActStep::Sending { act, .. } = &self.act {
                    self.act = ActStep::Done {
                        act: act.clone(),
                        message,
                    };
                }
                true
            }
            Ok(Reply::Checked(found)) if decided => {
                if let ActStep::Checking { act, .. } = &self.act {
                    let act = act.clone();
                    self.act = match found {
                        Reconciliation::Found { detail } => ActStep::Done {
                            act,
                            message: format!("found on the service: {detail}"),
                        },
                        Reconciliation::NotFound => ActStep::Refused {
                            act,
                            message: "it did not happen: nothing changed. You may decide again"
                                .to_owned(),
                        },
                        Reconciliation::CannotTell { why } => {
                            let check = act.check();
                            ActStep::Unknown {
                                act,
                                message: format!("the check could not tell: {why}"),
                                check,
                            }
                        }
                    };
                }
                true
            }
            Err(failure) => self.fail(id, failure, decided),
            Ok(_) => false,
        };
        if !taken {
            self.dropped += 1;
            return follow;
        }
        // After a decision ends, what it changed is asked again.
        if decided && matches!(self.act, ActStep::Done { .. } | ActStep::Refused { .. }) {
            let act = match &self.act {
                ActStep::Done { act, .. } | ActStep::Refused { act, .. } => act.clone(),
                _ => return follow,
            };
            if let (Some(contract), true) = (contract, act.neo()) {
                follow.push(self.load_neo(contract));
                if let Some(item) = self.neo_open.clone() {
                    follow.push(self.open_item(contract, item));
                }
            } else if let (Some(contract), Some(tasking)) = (contract, act.tasking()) {
                follow.push(self.load_taskings(contract));
                if self.open.as_ref() == Some(tasking) {
                    follow.push(self.open(contract, tasking.clone()));
                }
            } else if act.tasking().is_none() && !act.neo() {
                follow.push(self.load_quotations());
            }
            // A UP42 decision moves its order on: the orders and the open one are asked again.
            if act.up42() {
                if self.up42_orders.waiting().is_none() {
                    follow.push(self.load_up42_orders());
                }
                follow.extend(self.refresh_up42_detail());
            }
        }
        follow
    }

    fn fail(&mut self, id: RequestId, failure: Failure, decided: bool) -> bool {
        let message = failure.message().to_owned();
        if self.taskings.waiting() == Some(id) {
            self.taskings = Slot::Failed(message);
        } else if self.segments.waiting() == Some(id) {
            self.segments = Slot::Failed(message);
        } else if self.quotations.waiting() == Some(id) {
            self.quotations = Slot::Failed(message);
        } else if self.up42_orders.waiting() == Some(id) {
            self.up42_orders = Slot::Failed(message);
        } else if self.up42_detail.waiting() == Some(id) {
            self.up42_detail = Slot::Failed(message);
        } else if self.neo_orders.waiting() == Some(id) {
            self.neo_orders = Slot::Failed(message);
        } else if self.coverages.waiting() == Some(id) {
            self.coverages = Slot::Failed(message);
        } else if self.delivered.waiting() == Some(id) {
            self.delivered = Slot::Failed(message);
        } else if let Some(key) = self.up42_order_waiting(id) {
            self.quoted_orders.insert(key, Slot::Failed(message));
        } else if let Some(key) = self.quicklook_waiting(id) {
            self.quicklooks.insert(key, Slot::Failed(message));
        } else if decided {
            let act = match &self.act {
                ActStep::Sending { act, .. } | ActStep::Checking { act, .. } => act.clone(),
                _ => return false,
            };
            let checking = matches!(self.act, ActStep::Checking { .. });
            self.act = match failure {
                Failure::Unknown { message, check } => ActStep::Unknown {
                    act,
                    message,
                    check,
                },
                Failure::Refused(message) if checking => {
                    let check: CheckHint = act.check();
                    ActStep::Unknown {
                        act,
                        message: format!(
                            "the check failed ({message}); the outcome is still unknown"
                        ),
                        check,
                    }
                }
                Failure::Refused(message) => ActStep::Refused { act, message },
            };
        } else {
            return false;
        }
        true
    }

    /// Stops waiting for a request that spends nothing.
    pub fn cancel(&mut self, id: RequestId) -> bool {
        if self.taskings.waiting() == Some(id) {
            self.taskings = Slot::Idle;
        } else if self.segments.waiting() == Some(id) {
            self.segments = Slot::Idle;
        } else if self.quotations.waiting() == Some(id) {
            self.quotations = Slot::Idle;
        } else if self.neo_orders.waiting() == Some(id) {
            self.neo_orders = Slot::Idle;
        } else if self.coverages.waiting() == Some(id) {
            self.coverages = Slot::Idle;
        } else if self.delivered.waiting() == Some(id) {
            self.delivered = Slot::Idle;
        } else if self.up42_orders.waiting() == Some(id) {
            self.up42_orders = Slot::Idle;
        } else if self.up42_detail.waiting() == Some(id) {
            self.up42_detail = Slot::Idle;
        } else {
            return false;
        }
        true
    }
}

#[cfg(test)]
mod tests;
mod up42;

/// The AOI a UP42 order was placed for, as UP42 returns it in the order's details.
pub fn up42_order_ring(
    order: &crate::api::up42::models::Up42Order,
) -> Option<Vec<crate::aoi::LonLat>> {
    let geometry = order.order_details.as_ref()?.get("geometry")?.clone();
    let polygon: crate::api::oneatlas::models::GeoPolygon =
        serde_json::from_value(geometry).ok()?;
    Some(polygon.outer_ring())
}
