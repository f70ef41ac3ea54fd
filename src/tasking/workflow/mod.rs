//! The tasking workflow as a plain state machine, with no window: the form, the answers of each
//! step (contracts, feasibility, attempts, options, price) and the order. Each request gets an
//! id; an answer is taken only if its slot still waits for that id, so an answer for an older
//! AOI revision, a changed form or a cancelled request is dropped (latest wins). The app runs
//! the [`Job`]s it is handed and feeds the answers back through [`Workflow::receive`].

pub mod attempts;
pub mod form;
pub mod options;
pub mod order;
pub mod terms;

use time::OffsetDateTime;

use self::attempts::Attempt;
use self::form::TaskingForm;
use self::order::{OrderDraft, OrderStep};
use crate::aoi::Aoi;
use crate::aoi::mission::{AcquisitionMode, Endpoint, Mission, Offer, prog_types};
use crate::api::CheckHint;
use crate::api::ids::{ContractId, ProductTypeId};
use crate::api::oneatlas::models::{
    CapacityAnswer, Contract, Feasibility, FeasibilityRequest, OptionList, OrderRequest,
    PriceAnswer,
};
use crate::tasking::RequestId;
use crate::tasking::requests::{
    OrderParams, WindowParams, feasibility_properties, feasibility_request, order_request,
};
use crate::tasking::spend::reconcile::Reconciliation;

/// The AOI the answers are for: which one, and which revision of it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AoiKey {
    /// The AOI's id in the app.
    pub id: crate::aoi::AoiId,
    /// Its revision (bumped on every edit).
    pub revision: u64,
}

/// The AOI to task, as the app sees it now.
#[derive(Debug, Clone, Copy)]
pub struct Target<'a> {
    /// Which AOI and revision.
    pub key: AoiKey,
    /// The AOI.
    pub aoi: &'a Aoi,
    /// Why a provider would refuse it (local validation), if it would.
    pub refused: Option<&'a str>,
}

/// Work for the app to run off the window's thread.
#[derive(Debug, Clone, PartialEq)]
pub enum Job {
    /// `GET /api/v1/contracts`.
    Contracts,
    /// `POST /api/v1/feasibility`.
    Feasibility(FeasibilityRequest),
    /// `POST /api/v1/attempts`; the answer's footprints are measured against `aoi`.
    Attempts {
        /// The body.
        request: FeasibilityRequest,
        /// The AOI, for each footprint's coverage.
        aoi: Aoi,
    },
    /// `POST /api/v1/productTypes/{p}/options`.
    Options {
        /// The contract.
        contract: ContractId,
        /// The product type.
        product: ProductTypeId,
        /// The AOI.
        aoi: Aoi,
    },
    /// `POST /api/v1/prices`.
    Price(OrderRequest),
    /// `POST /api/v1/orders` or `/api/v1/quotations`, through the money path: journaled, once.
    Order {
        /// The body.
        request: OrderRequest,
        /// A quotation request rather than an order.
        quotation: bool,
    },
    /// Look up whether an unclear call went through (and settle the journal), only where it
    /// went.
    Check {
        /// What to look up.
        check: CheckHint,
        /// The journal entry, when known; else every unclear entry with this check.
        entry: Option<String>,
    },
    /// `GET /api/v1/contracts/{c}/taskings` with filters.
    Taskings {
        /// The contract.
        contract: ContractId,
        /// Filters and page.
        filter: crate::api::oneatlas::TaskingFilter,
    },
    /// `GET .../taskings/{id}/segments`, and how much of the tasking's AOI is still to acquire.
    Segments {
        /// The contract.
        contract: ContractId,
        /// The tasking.
        tasking: crate::api::ids::TaskingId,
        /// The tasking's AOI, when known.
        aoi: Option<Vec<crate::aoi::LonLat>>,
    },
    /// A decision, through the money path: journaled, once.
    Act(crate::tasking::act::Act),
    /// `GET /v2/tasking/quotation` (UP42).
    Quotations(crate::api::up42::models::QuotationQuery),
    /// `GET /v2/orders` (UP42).
    Up42Orders(crate::api::up42::models::OrderQuery),
    /// `POST /api/v2/orders/search`: a Pléiades Neo contract's orders and quotations.
    NeoOrders {
        /// The contract.
        contract: ContractId,
    },
    /// `GET /api/v2/opensearch?workspace=W`: the imagery delivered to a workspace.
    Delivered {
        /// The delivery workspace.
        workspace: String,
    },
    /// `POST /api/v1/coverages/search`: an order item's coverage items.
    Coverages {
        /// The contract.
        contract: ContractId,
        /// The order item.
        item: String,
    },
    /// The contract's taskings searched for an earlier order of the image a confirmation buys.
    EarlierTaskings {
        /// The order the confirmation would send (its journal identity and what it buys).
        request: Box<OrderRequest>,
        /// A Pléiades Neo quotation request rather than an order.
        quotation: bool,
        /// The mission, as the taskings filter takes it (PLEIADES, SPOT); `None` where the
        /// contract's taskings are not searched (Pléiades Neo: only the journal is).
        mission: Option<String>,
    },
    /// `GET /v2/orders/{id}` (UP42): the order a quotation prices.
    Up42Order(crate::api::ids::OrderId),
    /// A UP42 order followed in the window: its feasibility studies, its quotations and its
    /// coverage (`crate::tasking::up42_follow::Up42Detail`).
    Up42Follow(crate::api::ids::OrderId),
    /// UP42's userinfo: the account's id, its default workspace (as the official SDK reads it).
    Up42Workspace,
    /// `GET /v2/collections` (UP42), every page: the tasking collections.
    Up42Collections,
    /// `GET /orders/schema/{id}` (UP42): a data product's order parameters.
    Up42Schema(String),
    /// `POST /v2/orders/estimate` (UP42): the credits an order would cost. Spends nothing.
    Up42Estimate(Box<crate::api::up42::models::OrderRequest>),
    /// The journal searched for an earlier UP42 order of the same image (another body).
    Up42Earlier {
        /// The workspace.
        workspace: String,
        /// The body the confirmation would send.
        request: Box<crate::api::up42::models::OrderRequest>,
    },
    /// `POST /v2/orders?workspaceId=` (UP42), through the money path: journaled, once.
    Up42Place {
        /// The workspace.
        workspace: String,
        /// The body.
        request: Box<crate::api::up42::models::OrderRequest>,
    },
    /// An acquisition's quicklook (from the disk cache, else the catalogue).
    Quicklook {
        /// The acquisition's catalogue id.
        catalog_id: String,
        /// The cache folder, if there is one.
        cache: Option<std::path::PathBuf>,
    },
}

impl Job {
    /// What the spinner says while it runs.
    pub fn describe(&self) -> &'static str {
        match self {
            Job::Contracts => "Loading the contracts…",
            Job::Feasibility(_) => "Asking OneAtlas whether this can be acquired…",
            Job::Attempts { .. } => "Asking OneAtlas for acquisition attempts…",
            Job::Options { .. } => "Loading the production options…",
            Job::Price(_) => "Pricing…",
            Job::Order {
                quotation: false, ..
            } => "Placing the order…",
            Job::Order {
                quotation: true, ..
            } => "Requesting a quotation…",
            Job::Check { .. } => "Checking whether it went through…",
            Job::Taskings { .. } => "Loading the taskings…",
            Job::Segments { .. } => "Loading the tasking's acquisitions…",
            Job::Act(_) => "Sending the decision…",
            Job::Quotations(_) => "Loading the UP42 quotations…",
            Job::Up42Orders(_) => "Loading the UP42 orders…",
            Job::NeoOrders { .. } => "Loading the Pléiades Neo orders…",
            Job::Coverages { .. } => "Loading the order item's coverage…",
            Job::Delivered { .. } => "Searching the delivered imagery…",
            Job::Quicklook { .. } => "Loading the quicklook…",
            Job::EarlierTaskings { .. } => "Looking for earlier orders of this image…",
            Job::Up42Order(_) => "Loading the UP42 order…",
            Job::Up42Follow(_) => "Loading the UP42 order's study, quotation and coverage…",
            Job::Up42Workspace => "Reading the UP42 account's workspace…",
            Job::Up42Collections => "Loading the UP42 tasking collections…",
            Job::Up42Schema(_) => "Loading the data product's order form…",
            Job::Up42Estimate(_) => "Estimating the credits…",
            Job::Up42Earlier { .. } => "Looking for earlier UP42 orders of this image…",
            Job::Up42Place { .. } => "Placing the UP42 order…",
        }
    }

    /// Whether it spends money or decides (never cancelled once sent).
    pub fn spends_money(&self) -> bool {
        matches!(
            self,
            Job::Order { .. } | Job::Act(_) | Job::Up42Place { .. }
        )
    }

    /// For a request that a newer one of the same kind replaces (a price, the options: the
    /// workflow waits only for the latest), the name of its kind; the shell drops an older one
    /// not yet sent, so each paced second serves an answer that will be used (latest wins).
    pub fn latest_wins(&self) -> Option<&'static str> {
        match self {
            Job::Price(_) => Some("price"),
            Job::Options { .. } => Some("options"),
            Job::Up42Estimate(_) => Some("up42-estimate"),
            _ => None,
        }
    }
}

/// A job with the id its answer will carry.
#[derive(Debug, Clone, PartialEq)]
pub struct Ticket {
    /// The id.
    pub id: RequestId,
    /// The work.
    pub job: Job,
}

/// A successful answer.
#[derive(Debug, Clone, PartialEq)]
pub enum Reply {
    /// The contracts.
    Contracts(Vec<Contract>),
    /// The feasibility answer.
    Feasibility(CapacityAnswer),
    /// The attempts, measured against the AOI; per-offer errors in words.
    Attempts {
        /// The attempts in acquisition order.
        attempts: Vec<Attempt>,
        /// Why offers had none.
        errors: Vec<String>,
    },
    /// The production options.
    Options(OptionList),
    /// The price.
    Price(PriceAnswer),
    /// The order or quotation went through: the service's id and words.
    Ordered(String),
    /// What the check found.
    Checked(Reconciliation),
    /// A page of taskings.
    Taskings(crate::api::oneatlas::models::TaskingList),
    /// A tasking's acquisitions, and the share of its AOI still to acquire.
    Segments(
        crate::api::oneatlas::models::SegmentList,
        Option<crate::tasking::coverage::StillToAcquire>,
    ),
    /// A decision went through: the service's words.
    Acted(String),
    /// A page of UP42 quotations.
    Quotations(crate::api::up42::models::Page<crate::api::up42::models::Quotation>),
    /// A page of UP42 orders.
    Up42Orders(crate::api::up42::models::RecordsPage<crate::api::up42::models::Up42Order>),
    /// Pléiades Neo order lines and quotations, as the search gave them.
    NeoOrders(Vec<serde_json::Value>),
    /// An order item's coverage items, as the search gave them.
    Coverages(Vec<serde_json::Value>),
    /// The delivered images (GeoJSON features).
    Delivered(Vec<serde_json::Value>),
    /// A UP42 order.
    Up42Order(Box<crate::api::up42::models::Up42Order>),
    /// Earlier taskings of the contract that buy the same image, in words.
    EarlierTaskings {
        /// What the journal and the service name, the journal's first.
        found: Vec<crate::tasking::spend::earlier::Earlier>,
        /// Why the contract's taskings could not be searched, when they could not.
        not_searched: Option<String>,
    },
    /// An acquisition's quicklook, decoded.
    Quicklook(crate::tasking::quicklook::QuicklookImage),
    /// A followed UP42 order's studies, quotations and coverage.
    Up42Follow(Box<crate::tasking::up42_follow::Up42Detail>),
    /// The UP42 account's id, which is its default workspace.
    Up42Workspace(String),
    /// The UP42 tasking collections; what could not be read, in words.
    Up42Collections(Vec<crate::api::up42::models::Collection>, Vec<String>),
    /// A data product's order schema.
    Up42Schema(serde_json::Value),
    /// A UP42 credit estimate.
    Up42Estimate(crate::api::up42::models::Estimate),
    /// Earlier UP42 orders in the journal that buy the same image, in words.
    Up42Earlier(Vec<crate::tasking::spend::earlier::Earlier>),
    /// A UP42 order went through: what UP42 placed (and refused), and the receipt in words.
    Up42Placed(crate::api::up42::models::Placed, String),
}

/// A failed answer, in words a person can act on.
#[derive(Debug, Clone, PartialEq)]
pub enum Failure {
    /// The service said no, or the request never left: nothing was spent.
    Refused(String),
    /// Sent, but it is unknown whether it happened: check, never resend unasked.
    Unknown {
        /// What happened.
        message: String,
        /// How to find out.
        check: CheckHint,
    },
}

impl Failure {
    /// The message.
    pub fn message(&self) -> &str {
        match self {
            Failure::Refused(message) | Failure::Unknown { message, .. } => message,
        }
    }
}

/// One step's answer.
#[derive(Debug, Clone, PartialEq, Default)]
pub enum Slot<T> {
    /// Not asked (or the question changed since).
    #[default]
    Idle,
    /// Asked; waiting for this request.
    Waiting(RequestId),
    /// Answered.
    Ready(T),
    /// Failed, with what to do.
    Failed(String),
}

impl<T> Slot<T> {
    /// The answer, when there is one.
    pub fn ready(&self) -> Option<&T> {
        match self {
            Slot::Ready(value) => Some(value),
            _ => None,
        }
    }

    /// The request waited for.
    pub fn waiting(&self) -> Option<RequestId> {
        match self {
            Slot::Waiting(id) => Some(*id),
            _ => None,
        }
    }
}

/// Which attempts are looked at: hovered anywhere, chosen (the first is the one to order),
/// and a second one to compare.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Selection {
    /// Under the pointer in the list, on the map or on the timeline.
    pub hovered: Option<usize>,
    /// The attempt to order.
    pub chosen: Option<usize>,
    /// A second attempt to compare with the chosen one.
    pub compared: Option<usize>,
}

/// The attempts answer with the offers' errors.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct AttemptsAnswer {
    /// In acquisition order.
    pub attempts: Vec<Attempt>,
    /// Per-offer errors, in words.
    pub errors: Vec<String>,
}

/// The workflow.
#[derive(Debug, Clone, Default)]
pub struct Workflow {
    /// What the person asks for.
    pub form: TaskingForm,
    /// The contracts.
    pub contracts: Slot<Vec<Contract>>,
    /// The feasibility answer.
    pub feasibility: Slot<CapacityAnswer>,
    /// The attempts.
    pub attempts: Slot<AttemptsAnswer>,
    /// What is hovered, chosen, compared.
    pub selection: Selection,
    /// The production options of the product for this AOI.
    pub options: Slot<OptionList>,
    /// The price of the current choice.
    pub price: Slot<PriceAnswer>,
    /// The order.
    pub order: OrderStep,
    /// A message about the last change (why a choice was refused, what a check found).
    pub note: Option<String>,
    /// Why an order cannot be opened now, as of the last `follow_up`; `None` when it can.
    pub order_problem: Option<String>,
    /// How many stale answers were dropped.
    pub dropped: u64,
    aoi: Option<AoiKey>,
    options_for: Option<(String, String, AoiKey)>,
    priced: Option<OrderRequest>,
    next_id: u64,
}

impl Workflow {
    /// A workflow over a form (from the project).
    pub fn with_form(form: TaskingForm) -> Self {
        Workflow {
            form,
            ..Workflow::default()
        }
    }

    fn ticket(&mut self, job: Job) -> Ticket {
        self.next_id += 1;
        Ticket {
            id: RequestId(self.next_id),
            job,
        }
    }

    /// The chosen contract, when the list has it.
    pub fn contract(&self) -> Option<&Contract> {
        let id = self.form.contract.as_deref()?;
        self.contracts
            .ready()?
            .iter()
            .find(|c| c.contract_id.as_str() == id)
    }

    /// The satellites the chosen contract tasks: Pléiades Neo under a Neo contract, Pléiades
    /// and SPOT under another; all three while no contract is chosen.
    pub fn missions(&self) -> Vec<Mission> {
        match self.contract().map(Contract::is_neo) {
            Some(true) => vec![Mission::PleiadesNeo],
            Some(false) => vec![Mission::Pleiades, Mission::Spot],
            None => Mission::ALL.to_vec(),
        }
    }

    /// Another contract may not task the chosen satellite (SPOT under a Neo contract is refused
    /// by the service): the first one it does is chosen instead.
    fn fit_mission_to_contract(&mut self) {
        let missions = self.missions();
        if !missions.contains(&self.form.mission)
            && let Some(first) = missions.first()
        {
            self.form.mission = *first;
        }
    }

    /// Whether the order step asks for a quotation (Pléiades Neo OnePlan is studied by hand).
    pub fn needs_quotation(&self) -> bool {
        self.contract().is_some_and(Contract::is_neo) && self.form.offer == Offer::OnePlan
    }

    /// Asks for the contracts.
    pub fn load_contracts(&mut self) -> Ticket {
        let ticket = self.ticket(Job::Contracts);
        self.contracts = Slot::Waiting(ticket.id);
        ticket
    }

    /// The AOI the person works on now: a different AOI or revision drops every answer that
    /// was for the old one (and any answer still on its way), but never an order in flight.
    /// Selecting nothing keeps the answers (a stray click on the map must not lose them); they
    /// are dropped when another AOI, or another revision, is selected.
    pub fn set_target(&mut self, key: Option<AoiKey>) {
        if key.is_none() || self.aoi == key {
            return;
        }
        self.aoi = key;
        self.clear_answers();
        self.options = Slot::Idle;
        self.options_for = None;
    }

    fn clear_answers(&mut self) {
        self.feasibility = Slot::Idle;
        self.attempts = Slot::Idle;
        self.selection = Selection::default();
        self.price = Slot::Idle;
        self.priced = None;
        if !self.order.in_flight() && !matches!(self.order, OrderStep::Placed { .. }) {
            self.order = OrderStep::Idle;
        }
    }

    /// Another service: every answer (contracts included) is forgotten, and any still on its
    /// way dropped; an order in flight is kept (the shell refuses to switch while there is one).
    pub fn forget_answers(&mut self) {
        self.contracts = Slot::Idle;
        self.options = Slot::Idle;
        self.options_for = None;
        self.clear_answers();
    }

    /// The form changed: answers for the old form are dropped. Production options stay chosen.
    pub fn set_form(&mut self, form: TaskingForm) {
        if form == self.form {
            return;
        }
        let asked_changed = TaskingForm {
            options: Vec::new(),
            ..form.clone()
        } != TaskingForm {
            options: Vec::new(),
            ..self.form.clone()
        };
        self.form = form;
        self.fit_mission_to_contract();
        if asked_changed {
            self.clear_answers();
        }
    }

    /// Why a request cannot be sent now, or `None`.
    pub fn blocked(&self, target: Option<&Target<'_>>) -> Option<String> {
        let Some(target) = target else {
            return Some("select or draw an AOI first".to_owned());
        };
        if let Some(why) = target.refused {
            return Some(format!("the AOI would be refused: {why}"));
        }
        if matches!(self.contracts, Slot::Waiting(_)) {
            return Some("the contracts are loading".to_owned());
        }
        self.form.problem()
    }

    fn window(&self) -> WindowParams {
        WindowParams {
            contract: ContractId(self.form.contract.clone().unwrap_or_default()),
            missions: vec![self.form.mission],
            offers: vec![form::prog_type_name(self.form.mission, self.form.offer).to_owned()],
            start: self.form.start_at(),
            end: (self.form.offer == Offer::OnePlan).then(|| self.form.end_at()),
            max_cloud_pct: self.form.max_cloud_pct,
            max_incidence_deg: self.form.max_incidence_deg,
            mode: self.form.mode,
        }
    }

    /// Why feasibility cannot be asked now, or `None`: what `blocked` says, and the guide's
    /// Step 3, where Pléiades and SPOT take only OnePlan (their OneDay and OneNow go straight
    /// to the attempts).
    pub fn feasibility_blocked(&self, target: Option<&Target<'_>>) -> Option<String> {
        self.blocked(target).or_else(|| {
            let (mission, offer) = (self.form.mission, self.form.offer);
            let name = form::prog_type_name(mission, offer);
            (!prog_types(Endpoint::Feasibility, mission).contains(&name)).then(|| {
                format!(
                    "OneAtlas studies feasibility for {} only with OnePlan: for {} get the attempts",
                    mission.label(),
                    offer.label()
                )
            })
        })
    }

    /// Asks whether the AOI can be acquired (the button: `Check feasibility`).
    pub fn ask_feasibility(&mut self, target: &Target<'_>) -> Result<Ticket, String> {
        if let Some(why) = self.feasibility_blocked(Some(target)) {
            return Err(why);
        }
        let request = feasibility_request(target.aoi, &self.window()).map_err(|e| e.to_string())?;
        let ticket = self.ticket(Job::Feasibility(request));
        self.feasibility = Slot::Waiting(ticket.id);
        Ok(ticket)
    }

    /// Asks for the acquisition attempts (OneDay, OneNow; the button: `Get attempts`).
    pub fn ask_attempts(&mut self, target: &Target<'_>) -> Result<Ticket, String> {
        if let Some(why) = self.blocked(Some(target)) {
            return Err(why);
        }
        if self.form.offer == Offer::OnePlan {
            return Err("OnePlan has no attempts: check feasibility, then price it".to_owned());
        }
        let request = feasibility_request(target.aoi, &self.window()).map_err(|e| e.to_string())?;
        let ticket = self.ticket(Job::Attempts {
            request,
            aoi: target.aoi.clone(),
        });
        self.attempts = Slot::Waiting(ticket.id);
        self.selection = Selection::default();
        self.price = Slot::Idle;
        self.priced = None;
        Ok(ticket)
    }

    /// Stops waiting for a request (the spinner's `Cancel`); its answer will be dropped.
    /// An order cannot be cancelled once sent.
    pub fn cancel(&mut self, id: RequestId) -> bool {
        let mut cancelled = false;
        if self.contracts.waiting() == Some(id) {
            self.contracts = Slot::Idle;
            cancelled = true;
        }
        if self.feasibility.waiting() == Some(id) {
            self.feasibility = Slot::Idle;
            cancelled = true;
        }
        if self.attempts.waiting() == Some(id) {
            self.attempts = Slot::Idle;
            cancelled = true;
        }
        if self.options.waiting() == Some(id) {
            self.options = Slot::Idle;
            self.options_for = None;
            cancelled = true;
        }
        if self.price.waiting() == Some(id) {
            self.price = Slot::Idle;
            self.priced = None;
            cancelled = true;
        }
        // A cancelled search for earlier orders no longer holds Confirm back, and says so.
        if let OrderStep::Confirming(draft) = &mut self.order
            && draft.checking == Some(id)
        {
            draft.checking = None;
            draft.earlier_note = Some(
                "the search of the contract's taskings was cancelled; only this machine's journal was searched".to_owned(),
            );
            cancelled = true;
        }
        if let OrderStep::Checking {
            id: waiting,
            draft,
            check,
        } = &self.order
            && *waiting == id
        {
            self.order = OrderStep::Unknown {
                draft: draft.clone(),
                message: "the check was cancelled: the outcome is still unknown".to_owned(),
                check: check.clone(),
            };
            cancelled = true;
        }
        cancelled
    }

    /// Hovers an attempt (list, map or timeline).
    pub fn hover(&mut self, index: Option<usize>) {
        self.selection.hovered = index;
    }

    /// Chooses the attempt to order; one past its deadline is refused with a note.
    pub fn choose(&mut self, index: usize, now: OffsetDateTime) {
        let Some(answer) = self.attempts.ready() else {
            return;
        };
        let Some(attempt) = answer.attempts.get(index) else {
            return;
        };
        if !attempt.orderable_at(now) {
            self.note = Some(format!(
                "the {} attempt can no longer be ordered: its order deadline has passed",
                attempt.satellite
            ));
            return;
        }
        self.note = None;
        if self.selection.compared == Some(index) {
            self.selection.compared = None;
        }
        self.selection.chosen = Some(index);
    }

    /// Sets (or clears) the attempt compared with the chosen one.
    pub fn compare(&mut self, index: Option<usize>) {
        self.selection.compared = index.filter(|i| Some(*i) != self.selection.chosen);
    }

    /// Sets a production option (the rest settle: defaults, conditions).
    pub fn set_option(&mut self, key: &str, value: &str) {
        if let Some(list) = self.options.ready() {
            self.form.options = options::choose(list, &self.form.options, key, value);
        }
    }

    /// The body a price or order would send now, or why there is none.
    pub fn order_body(
        &self,
        target: &Target<'_>,
        now: OffsetDateTime,
    ) -> Result<OrderRequest, String> {
        if let Some(why) = self.blocked(Some(target)) {
            return Err(why);
        }
        let segment_key = if self.form.offer == Offer::OnePlan {
            None
        } else {
            let answer = self
                .attempts
                .ready()
                .ok_or_else(|| "get the attempts and choose one first".to_owned())?;
            let attempt = self
                .selection
                .chosen
                .and_then(|i| answer.attempts.get(i))
                .ok_or_else(|| {
                    "choose an attempt in the list, on the map or on the timeline".to_owned()
                })?;
            if !attempt.orderable_at(now) {
                return Err(
                    "the chosen attempt's order deadline has passed: choose another".to_owned(),
                );
            }
            Some(attempt.segment_key.clone())
        };
        let list = self
            .options
            .ready()
            .ok_or_else(|| "the production options are not loaded yet".to_owned())?;
        let missing = options::missing(list, &self.form.options);
        if !missing.is_empty() {
            return Err(format!("choose: {}", missing.join(", ")));
        }
        let mut properties = Vec::new();
        if self.form.offer == Offer::OnePlan {
            properties.push((
                "maxCloudCover".to_owned(),
                serde_json::json!(self.form.max_cloud_pct),
            ));
            properties.push((
                "maxIncidenceAngle".to_owned(),
                serde_json::json!(self.form.max_incidence_deg),
            ));
            properties.push((
                "notificationThreshold".to_owned(),
                serde_json::json!(self.form.proposal_cloud_pct.max(self.form.max_cloud_pct)),
            ));
            properties.push((
                "acquisitionMode".to_owned(),
                serde_json::json!(self.form.mode.api_name()),
            ));
            if self.form.mode != AcquisitionMode::Mono {
                // The guide: both keys, as strings between "0.2" and "0.8".
                properties.push((
                    "acquisitionModeMinBH".to_owned(),
                    serde_json::json!(form::bh_text(self.form.min_bh)),
                ));
                properties.push((
                    "acquisitionModeMaxBH".to_owned(),
                    serde_json::json!(form::bh_text(self.form.max_bh)),
                ));
            }
            // The order carries the feasibility's answer: ask it first.
            let feasibility = self.feasibility_answer().cloned().ok_or_else(|| {
                "check feasibility first: a OnePlan order carries its answer".to_owned()
            })?;
            properties.extend(feasibility_properties(&feasibility));
        }
        let workspace = self
            .contract()
            .and_then(|c| c.delivery.iter().find_map(|d| d.delivery_workspace.clone()))
            .map(|w| w.0);
        let params = OrderParams {
            contract: ContractId(self.form.contract.clone().unwrap_or_default()),
            product: ProductTypeId(self.form.product().to_owned()),
            segment_key,
            options: self.form.options.clone(),
            properties,
            acq_period: (self.form.offer == Offer::OnePlan)
                .then(|| (self.form.start_at(), self.form.end_at())),
            customer_reference: None,
            market: "NQUAL".to_owned(),
            workspace,
        };
        order_request(target.aoi, &params).map_err(|e| e.to_string())
    }

    /// The requests that follow from what changed: the options of the product for this AOI,
    /// and a new price whenever the body to price changed (latest wins).
    /// It also notes why an order cannot be opened now (`order_problem`), so the window reads
    /// it instead of building the body every frame. Call it when something changed.
    pub fn follow_up(&mut self, target: Option<&Target<'_>>, now: OffsetDateTime) -> Vec<Ticket> {
        let mut tickets = Vec::new();
        self.order_problem = self.blocked(target);
        let Some(target) = target else {
            return tickets;
        };
        if self.order_problem.is_some() {
            return tickets;
        }
        let contract = self.form.contract.clone().unwrap_or_default();
        let wanted = (contract.clone(), self.form.product().to_owned(), target.key);
        if self.options_for.as_ref() != Some(&wanted) {
            let ticket = self.ticket(Job::Options {
                contract: ContractId(contract),
                product: ProductTypeId(self.form.product().to_owned()),
                aoi: target.aoi.clone(),
            });
            self.options = Slot::Waiting(ticket.id);
            self.options_for = Some(wanted);
            self.price = Slot::Idle;
            self.priced = None;
            self.order_problem = Some("the production options are loading".to_owned());
            tickets.push(ticket);
            return tickets;
        }
        if let Some(list) = self.options.ready() {
            let settled = options::settle(list, &self.form.options);
            if settled != self.form.options {
                self.form.options = settled;
            }
        }
        let priceable = self.form.offer != Offer::OnePlan
            || self
                .feasibility_answer()
                .is_some_and(Feasibility::is_automatic);
        let body = self.order_body(target, now);
        self.order_problem = body.as_ref().err().cloned();
        match body {
            Ok(body)
                if priceable && self.priced.as_ref() != Some(&body) && !self.needs_quotation() =>
            {
                let ticket = self.ticket(Job::Price(body.clone()));
                self.price = Slot::Waiting(ticket.id);
                self.priced = Some(body);
                tickets.push(ticket);
            }
            Ok(_) => {}
            Err(_) => {
                if !matches!(self.price, Slot::Idle) {
                    self.price = Slot::Idle;
                }
                self.priced = None;
            }
        }
        tickets
    }

    /// Whether the order goes to a manual study by Airbus (OnePlan with a MANUAL feasibility):
    /// there is no price until the study, which the person confirms before anything is charged.
    pub fn manual_study(&self) -> bool {
        self.form.offer == Offer::OnePlan
            && self.feasibility_answer().is_some_and(|f| !f.is_automatic())
    }

    /// The feasibility the service answered for the form (its first offer that has one).
    fn feasibility_answer(&self) -> Option<&Feasibility> {
        self.feasibility
            .ready()
            .and_then(|a| a.offers().find_map(|o| o.feasibility.as_ref()))
    }

    /// Opens the confirmation (the button: `Order…`), with a generated customer reference.
    pub fn open_order(&mut self, target: &Target<'_>, now: OffsetDateTime) -> Result<(), String> {
        if self.order.in_flight() {
            return Err("an order is already on its way: wait for it or check it".to_owned());
        }
        let quotation = self.needs_quotation();
        let body = self.order_body(target, now)?;
        let (amount, currency, billed_km2) = if quotation || self.manual_study() {
            (None, String::new(), None)
        } else {
            let price = self
                .price
                .ready()
                .filter(|_| self.priced.as_ref() == Some(&body))
                .ok_or_else(|| "wait for the price of this choice".to_owned())?;
            (
                Some(price.total_amount),
                price.currency.clone().unwrap_or_default(),
                price.product_types.iter().find_map(|p| p.area_km2),
            )
        };
        let attempt = self
            .selection
            .chosen
            .and_then(|i| self.attempts.ready()?.attempts.get(i))
            .and_then(|a| Some((a.satellite.clone(), a.acquisition?)));
        self.order = OrderStep::Confirming(OrderDraft {
            request: body,
            quotation,
            aoi_name: target.aoi.name.clone(),
            product: self.product_label(),
            contract: self.form.contract.clone().unwrap_or_default(),
            attempt,
            billed_km2,
            amount,
            currency,
            customer_reference: customer_reference(&target.aoi.name, now),
            terms: self.terms(target.aoi, billed_km2),
            earlier: Vec::new(),
            buy_again: false,
            checking: None,
            earlier_note: None,
            aoi_key: Some(target.key),
        });
        Ok(())
    }

    /// The product label a draft carries for the form as it is now.
    fn product_label(&self) -> String {
        format!(
            "{} {} ({})",
            self.form.mission.label(),
            self.form.offer.label(),
            self.form.product()
        )
    }

    /// Whether the order placed last is for what the form asks now (same product and
    /// contract).
    pub fn asks_for_placed(&self) -> bool {
        let OrderStep::Placed { draft, .. } = &self.order else {
            return false;
        };
        draft.product == self.product_label()
            && Some(draft.contract.as_str()) == self.form.contract.as_deref()
    }

    fn checking_earlier(&self) -> Option<RequestId> {
        match &self.order {
            OrderStep::Confirming(draft) => draft.checking,
            _ => None,
        }
    }

    /// Asks, off the window's thread, for earlier purchases of the image the confirmation open
    /// now buys: in the journal, and in the contract's taskings on the service (Pléiades and
    /// SPOT contracts); `Confirm` waits for the answer.
    pub fn check_earlier_taskings(&mut self) -> Option<Ticket> {
        let OrderStep::Confirming(draft) = &self.order else {
            return None;
        };
        let neo = draft.quotation || self.contract().is_some_and(Contract::is_neo);
        let job = Job::EarlierTaskings {
            request: Box::new(draft.body()),
            quotation: draft.quotation,
            mission: (!neo).then(|| self.form.mission.api_name().to_owned()),
        };
        let ticket = self.ticket(job);
        if let OrderStep::Confirming(draft) = &mut self.order {
            draft.checking = Some(ticket.id);
        }
        Some(ticket)
    }

    /// The person's second choice: buy again despite an earlier purchase of the same image.
    pub fn set_buy_again(&mut self, again: bool) {
        if let OrderStep::Confirming(draft) = &mut self.order {
            draft.buy_again = again;
        }
    }

    /// Edits the customer reference in the confirmation.
    pub fn set_reference(&mut self, text: String) {
        if let OrderStep::Confirming(draft) = &mut self.order {
            draft.customer_reference = text;
        }
    }

    /// Closes the confirmation without sending.
    pub fn close_confirmation(&mut self) {
        if matches!(self.order, OrderStep::Confirming(_)) {
            self.order = OrderStep::Idle;
        }
    }

    /// Confirms: the one order request, exactly once. Any further confirm while it is on its
    /// way (or after) gives nothing.
    pub fn confirm(&mut self) -> Option<Ticket> {
        let OrderStep::Confirming(draft) = &self.order else {
            return None;
        };
        if !draft.may_send() {
            return None;
        }
        let draft = draft.clone();
        let ticket = self.ticket(Job::Order {
            request: draft.body(),
            quotation: draft.quotation,
        });
        self.order = OrderStep::Sending {
            id: ticket.id,
            draft,
        };
        Some(ticket)
    }

    /// Looks up an unclear order (the button: `Check`).
    pub fn check(&mut self) -> Option<Ticket> {
        let OrderStep::Unknown { draft, check, .. } = &self.order else {
            return None;
        };
        let (draft, check) = (draft.clone(), check.clone());
        let ticket = self.ticket(Job::Check {
            check: check.clone(),
            entry: None,
        });
        self.order = OrderStep::Checking {
            id: ticket.id,
            draft,
            check,
        };
        Some(ticket)
    }

    /// Starts a new order after one was placed or refused.
    pub fn new_order(&mut self) {
        if matches!(
            self.order,
            OrderStep::Placed { .. } | OrderStep::Refused { .. }
        ) {
            self.order = OrderStep::Idle;
        }
    }

    /// Takes an answer; false (and counted) when nothing waits for it any more.
    pub fn receive(&mut self, id: RequestId, answer: Result<Reply, Failure>) -> bool {
        let taken = self.take(id, answer);
        if !taken {
            self.dropped += 1;
        }
        taken
    }

    fn take(&mut self, id: RequestId, answer: Result<Reply, Failure>) -> bool {
        match answer {
            Ok(Reply::Contracts(list)) if self.contracts.waiting() == Some(id) => {
                if self.form.contract.is_none()
                    || !list
                        .iter()
                        .any(|c| Some(c.contract_id.as_str()) == self.form.contract.as_deref())
                {
                    self.form.contract = list.first().map(|c| c.contract_id.0.clone());
                }
                self.contracts = Slot::Ready(list);
                self.fit_mission_to_contract();
            }
            Ok(Reply::EarlierTaskings {
                found,
                not_searched,
            }) if self.checking_earlier() == Some(id) => {
                if let OrderStep::Confirming(draft) = &mut self.order {
                    draft.checking = None;
                    draft.earlier_note = not_searched.map(|why| {
                        format!("the contract's taskings could not be searched for an earlier order of this image ({why}); only this machine's journal was")
                    });
                    // The journal's findings come first; a tasking the journal already named
                    // (the same customer reference) is said once.
                    for earlier in found {
                        let said = earlier.reference.is_some()
                            && draft
                                .earlier
                                .iter()
                                .any(|e| e.reference == earlier.reference);
                        if !said {
                            draft.earlier.push(earlier);
                        }
                    }
                }
            }
            Err(failure) if self.checking_earlier() == Some(id) => {
                if let OrderStep::Confirming(draft) = &mut self.order {
                    draft.checking = None;
                    draft.earlier_note = Some(format!(
                        "the contract's taskings could not be searched for an earlier order of this image ({}); only this machine's journal was",
                        failure.message()
                    ));
                }
            }
            Ok(Reply::Feasibility(answer)) if self.feasibility.waiting() == Some(id) => {
                self.feasibility = Slot::Ready(answer);
            }
            Ok(Reply::Attempts { attempts, errors }) if self.attempts.waiting() == Some(id) => {
                self.attempts = Slot::Ready(AttemptsAnswer { attempts, errors });
            }
            Ok(Reply::Options(list)) if self.options.waiting() == Some(id) => {
                self.form.options = options::settle(&list, &self.form.options);
                self.options = Slot::Ready(list);
            }
            Ok(Reply::Price(price)) if self.price.waiting() == Some(id) => {
                self.price = Slot::Ready(price);
            }
            Ok(Reply::Ordered(receipt)) => match &self.order {
                OrderStep::Sending { id: waiting, draft } if *waiting == id => {
                    self.order = OrderStep::Placed {
                        draft: draft.clone(),
                        receipt,
                    };
                }
                _ => return false,
            },
            Ok(Reply::Checked(found)) => match &self.order {
                OrderStep::Checking {
                    id: waiting,
                    draft,
                    check,
                } if *waiting == id => {
                    let (draft, check) = (draft.clone(), check.clone());
                    self.order = match found {
                        Reconciliation::Found { detail } => OrderStep::Placed {
                            draft,
                            receipt: format!("found on the service: {detail}"),
                        },
                        Reconciliation::NotFound => {
                            self.note = Some(
                                "the order was not placed: nothing was spent. You may order again"
                                    .to_owned(),
                            );
                            OrderStep::Idle
                        }
                        Reconciliation::CannotTell { why } => OrderStep::Unknown {
                            draft,
                            message: format!("the check could not tell: {why}"),
                            check,
                        },
                    };
                }
                _ => return false,
            },
            Err(failure) => return self.fail(id, failure),
            Ok(_) => return false,
        }
        true
    }

    fn fail(&mut self, id: RequestId, failure: Failure) -> bool {
        let message = failure.message().to_owned();
        if self.contracts.waiting() == Some(id) {
            self.contracts = Slot::Failed(message);
        } else if self.feasibility.waiting() == Some(id) {
            self.feasibility = Slot::Failed(message);
        } else if self.attempts.waiting() == Some(id) {
            self.attempts = Slot::Failed(message);
        } else if self.options.waiting() == Some(id) {
            self.options = Slot::Failed(message);
        } else if self.price.waiting() == Some(id) {
            self.price = Slot::Failed(message);
        } else {
            match (&self.order, failure) {
                (OrderStep::Sending { id: waiting, draft }, Failure::Refused(message))
                    if *waiting == id =>
                {
                    self.order = OrderStep::Refused {
                        draft: draft.clone(),
                        message,
                    };
                }
                (
                    OrderStep::Sending { id: waiting, draft },
                    Failure::Unknown { message, check },
                )
                | (
                    OrderStep::Checking {
                        id: waiting, draft, ..
                    },
                    Failure::Unknown { message, check },
                ) if *waiting == id => {
                    self.order = OrderStep::Unknown {
                        draft: draft.clone(),
                        message,
                        check,
                    };
                }
                (
                    OrderStep::Checking {
                        id: waiting,
                        draft,
                        check,
                    },
                    Failure::Refused(message),
                ) if *waiting == id => {
                    self.order = OrderStep::Unknown {
                        draft: draft.clone(),
                        message: format!(
                            "the check failed ({message}); the outcome is still unknown"
                        ),
                        check: check.clone(),
                    };
                }
                _ => return false,
            }
        }
        true
    }
}

/// A reference to find an order again: `sattask-<aoi>-<UTC time>`.
pub fn customer_reference(aoi_name: &str, now: OffsetDateTime) -> String {
    let slug: String = aoi_name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect::<String>()
        .split('-')
        .filter(|p| !p.is_empty())
        .take(4)
        .collect::<Vec<_>>()
        .join("-");
    let slug = if slug.is_empty() {
        "aoi".to_owned()
    } else {
        slug
    };
    format!(
        "sattask-{slug}-{:04}{:02}{:02}-{:02}{:02}{:02}",
        now.year(),
        u8::from(now.month()),
        now.day(),
        now.hour(),
        now.minute(),
        now.second()
    )
}

#[cfg(test)]
mod tests;
