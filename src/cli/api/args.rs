//! The arguments of `sattask api ...` (clap): one subcommand per client call. Every subcommand's
//! `--help` ends with examples that run as written against a fresh `sattask sandbox`
//! (`tests/it/cli_help_examples.rs` runs each of them).

use std::path::PathBuf;

use clap::{Args, Subcommand};

use super::examples;

pub use crate::api::credentials::Backend;

/// `sattask api` arguments.
#[derive(Debug, Args)]
#[command(
    after_help = "Start the sandbox first with `sattask sandbox` (another terminal), then for example:\n  sattask api contracts\n  sattask api feasibility --aoi 'POLYGON((1.4 43.6, 1.5 43.6, 1.5 43.7, 1.4 43.7, 1.4 43.6))' --contract CTR24000001 --mission PLEIADES --offer ONEPLAN --start 2027-03-01 --end 2027-05-01 --max-cloud 10 --max-incidence 30\nDates: 2027-03-01 (midnight UTC) or 2027-03-01T08:30:00.000Z. Every command's --help has an example."
)]
pub struct ApiArgs {
    /// Which services to talk to.
    #[arg(long, value_enum, default_value = "sandbox", global = true)]
    pub backend: Backend,
    /// One base URL for every host (the sandbox's is http://127.0.0.1:8765).
    #[arg(long, global = true, env = "SATTASK_BASE_URL")]
    pub base_url: Option<String>,
    /// The call to make.
    #[command(subcommand)]
    pub command: ApiCommand,
}

/// Tasking parameters shared by feasibility and attempts.
#[derive(Debug, Args)]
pub struct WindowArgs {
    /// The AOI: a file (any format `sattask aoi` reads; one polygon), or the polygon itself as
    /// WKT or GeoJSON text.
    #[arg(long, value_name = "FILE|WKT")]
    pub aoi: PathBuf,
    /// The contract id.
    #[arg(long)]
    pub contract: String,
    /// PLEIADES, SPOT or PLEIADESNEO (repeatable).
    #[arg(long, required = true)]
    pub mission: Vec<String>,
    /// ONEPLAN, ONEDAY, ONENOW, ONENOWATTEMPTS, ONENOWWEATHER (repeatable).
    #[arg(long, required = true)]
    pub offer: Vec<String>,
    /// Window start: 2026-12-01 (midnight UTC) or 2026-12-01T08:30:00.000Z; a past date means now.
    #[arg(long)]
    pub start: String,
    /// Window end: 2027-02-01 (midnight UTC) or 2027-02-01T18:00:00.000Z.
    #[arg(long)]
    pub end: Option<String>,
    /// Maximum cloud cover, percent.
    #[arg(long, default_value_t = 20.0)]
    pub max_cloud: f64,
    /// Maximum incidence angle, degrees.
    #[arg(long, default_value_t = 30.0)]
    pub max_incidence: f64,
    /// MONO, STEREO or TRISTEREO.
    #[arg(long, default_value = "MONO")]
    pub mode: String,
}

/// The attempts, and where to write their footprints.
#[derive(Debug, Args)]
pub struct AttemptsArgs {
    /// The window and criteria.
    #[command(flatten)]
    pub window: WindowArgs,
    /// Also write the footprints to this file: .geojson, .kml or .csv (each with satellite,
    /// acquisition time UTC and local solar, angles, order deadline and AOI coverage).
    #[arg(long, value_name = "FILE")]
    pub export: Option<PathBuf>,
}

/// Every offer the contract allows, at once.
#[derive(Debug, Args)]
pub struct CompareArgs {
    /// The AOI: a file (one polygon), or the polygon itself as WKT or GeoJSON text.
    #[arg(long, value_name = "FILE|WKT")]
    pub aoi: PathBuf,
    /// The contract id (a Pléiades Neo contract compares Pléiades Neo; another, Pléiades and SPOT).
    #[arg(long)]
    pub contract: String,
    /// Window start: 2027-03-01 (midnight UTC) or 2027-03-01T08:30:00.000Z; default tomorrow.
    /// Attempts look 7 days on from it.
    #[arg(long)]
    pub start: Option<String>,
    /// OnePlan window end; default 30 days after the start.
    #[arg(long)]
    pub end: Option<String>,
    /// Maximum cloud cover, percent.
    #[arg(long, default_value_t = 20.0)]
    pub max_cloud: f64,
    /// Maximum incidence angle, degrees.
    #[arg(long, default_value_t = 30.0)]
    pub max_incidence: f64,
    /// Sort the table: time (soonest first attempt), angle (lowest incidence) or price.
    #[arg(long, value_parser = ["time", "angle", "price"])]
    pub sort: Option<String>,
    /// Print the table as JSON.
    #[arg(long)]
    pub json: bool,
    /// Also write each row's first attempt to this file: .geojson, .kml or .csv.
    #[arg(long, value_name = "FILE")]
    pub export: Option<PathBuf>,
}

/// The body of price, order and quotation requests.
#[derive(Debug, Args)]
pub struct OrderArgs {
    /// The AOI: a file (one polygon), or the polygon itself as WKT or GeoJSON text.
    #[arg(long, value_name = "FILE|WKT")]
    pub aoi: PathBuf,
    /// The contract id.
    #[arg(long)]
    pub contract: String,
    /// The product type, e.g. PleiadesTaskingOneDay.
    #[arg(long)]
    pub product: String,
    /// The chosen attempt's segmentKey (OneDay/OneNow), verbatim.
    #[arg(long, value_parser = parse_segment_key, conflicts_with = "attempts")]
    pub segment_key: Option<String>,
    /// A saved `sattask api attempts` answer: the segmentKey of its attempt number --attempt.
    #[arg(long, value_name = "FILE")]
    pub attempts: Option<PathBuf>,
    /// Which attempt of --attempts, from 1 in the answer's order.
    #[arg(long, default_value_t = 1, requires = "attempts")]
    pub attempt: usize,
    /// OnePlan: a saved `sattask api feasibility` answer, whose classification and automation
    /// the request carries. Without it the service's feasibility is asked for this AOI, window
    /// and criteria.
    #[arg(long, value_name = "FILE")]
    pub feasibility: Option<PathBuf>,
    /// A production option key=value (repeatable), e.g. processing_level=ortho; list them with
    /// `sattask api options`.
    #[arg(long = "option", value_parser = super::flags::parse_key_value)]
    pub options: Vec<(String, String)>,
    /// Take the service's default for every option not given with --option (as the window does).
    #[arg(long)]
    pub default_options: bool,
    /// An item property key=value (repeatable), e.g. maxCloudCover=10 (OnePlan). classification
    /// and feasibilityAutomation come from the feasibility answer, never from here.
    #[arg(long = "property", value_parser = super::flags::parse_key_value)]
    pub properties: Vec<(String, String)>,
    /// OnePlan window start: 2026-12-01 (midnight UTC) or 2026-12-01T08:30:00.000Z (the
    /// acqPeriod property, with --end).
    #[arg(long)]
    pub start: Option<String>,
    /// OnePlan window end: 2027-02-01 (midnight UTC) or 2027-02-01T18:00:00.000Z.
    #[arg(long)]
    pub end: Option<String>,
    /// Your own reference, to find the order again.
    #[arg(long)]
    pub customer_ref: Option<String>,
    /// Primary market.
    #[arg(long, default_value = "NQUAL")]
    pub market: String,
    /// Delivery workspace.
    #[arg(long)]
    pub workspace: Option<String>,
    /// Confirm: this spends money.
    #[arg(long)]
    pub yes: bool,
    /// Send it even though the journal shows the same request was already sent.
    #[arg(long)]
    pub again: bool,
    /// Send it even though an earlier order in the journal buys the same image with another
    /// body (same AOI, same pass or an overlapping window): --again is for the same body.
    #[arg(long)]
    pub buy_again: bool,
}

/// The calls.
#[derive(Debug, Subcommand)]
pub enum ApiCommand {
    /// List the contracts.
    #[command(after_help = examples::CONTRACTS)]
    Contracts,
    /// List a contract's product types.
    #[command(after_help = examples::PRODUCT_TYPES)]
    ProductTypes {
        /// The contract id.
        #[arg(long)]
        contract: String,
    },
    /// Production options of a product type for an AOI.
    #[command(after_help = examples::OPTIONS)]
    Options {
        /// The contract id.
        #[arg(long)]
        contract: String,
        /// The product type.
        #[arg(long)]
        product: String,
        /// The AOI: a file, or the polygon itself as WKT or GeoJSON text.
        #[arg(long, value_name = "FILE|WKT")]
        aoi: PathBuf,
    },
    /// Ask whether a tasking is feasible (AUTOMATIC/MANUAL, EASY/CHALLENGING).
    #[command(after_help = examples::FEASIBILITY)]
    Feasibility(WindowArgs),
    /// The first acquisition attempts (ONEDAY, ONENOW) within 7 days of the start.
    #[command(after_help = examples::ATTEMPTS)]
    Attempts(AttemptsArgs),
    /// Every mission and offer the contract allows, at once: verdict, first attempt, price.
    #[command(after_help = examples::COMPARE)]
    Compare(CompareArgs),
    /// Price an order (AUTOMATIC tasking only).
    #[command(after_help = examples::PRICE)]
    Price(OrderArgs),
    /// Place an order: spends money, needs --yes, sent exactly once.
    #[command(after_help = examples::ORDER)]
    Order(OrderArgs),
    /// Ask for a Pléiades Neo quotation (same body as an order; needs --yes).
    #[command(after_help = examples::QUOTATION_REQUEST)]
    QuotationRequest(OrderArgs),
    /// List a contract's taskings.
    #[command(after_help = examples::TASKINGS)]
    Taskings {
        /// The contract id.
        #[arg(long)]
        contract: String,
        /// Filter by your reference.
        #[arg(long)]
        customer_ref: Option<String>,
        /// Filter by status.
        #[arg(long)]
        status: Option<String>,
        /// Page (startPage).
        #[arg(long)]
        page: Option<u32>,
    },
    /// List a tasking's acquisitions.
    #[command(after_help = examples::SEGMENTS)]
    Segments {
        /// The contract id.
        #[arg(long)]
        contract: String,
        /// The tasking id.
        tasking: String,
    },
    /// Accept a proposed acquisition (spends money; needs --yes).
    #[command(after_help = examples::ACCEPT_SEGMENT)]
    AcceptSegment(SegmentArgs),
    /// Refuse a proposed acquisition (needs --yes).
    #[command(after_help = examples::REFUSE_SEGMENT)]
    RefuseSegment(SegmentArgs),
    /// Cancel a tasking (until 12 h before its window; needs --yes; journaled like an order).
    #[command(after_help = examples::CANCEL)]
    Cancel(TaskingArgs),
    /// Stop a OneNow tasking (acquisitions done are invoiced; needs --yes; journaled like an order).
    #[command(after_help = examples::STOP)]
    Stop(TaskingArgs),
    /// Search a contract's Pléiades Neo orders and quotations (POST /api/v2/orders/search).
    #[command(after_help = examples::NEO_ORDERS)]
    NeoOrders {
        /// The contract id.
        #[arg(long)]
        contract: String,
        /// Filter by your reference.
        #[arg(long)]
        customer_ref: Option<String>,
        /// Filter by quotation id.
        #[arg(long)]
        quotation: Option<String>,
    },
    /// List a Pléiades Neo order item's acquisitions (coverage items, POST /api/v1/coverages/search).
    #[command(after_help = examples::COVERAGES)]
    Coverages {
        /// The contract id.
        #[arg(long)]
        contract: String,
        /// The order item id (orderItemId in `sattask api neo-orders`).
        order_item: String,
        /// Only these statuses (repeatable): VALIDATED, PROPOSED, REFUSED, PENDING, REJECTED
        /// (default: all of them).
        #[arg(long)]
        status: Vec<String>,
        /// Page, from 0 (100 coverage items a page).
        #[arg(long)]
        page: Option<u32>,
    },
    /// Accept a proposed Pléiades Neo acquisition (a coverage item; spends money; needs --yes).
    #[command(after_help = examples::ACCEPT_COVERAGE)]
    AcceptCoverage(CoverageArgs),
    /// Refuse a proposed Pléiades Neo acquisition (a coverage item; needs --yes).
    #[command(after_help = examples::REFUSE_COVERAGE)]
    RefuseCoverage(CoverageArgs),
    /// List UP42 tasking quotations.
    #[command(after_help = examples::QUOTATIONS)]
    Quotations {
        /// One quotation id.
        #[arg(long)]
        id: Option<String>,
        /// Filter by decision (repeatable): NOT_DECIDED, ACCEPTED, REJECTED.
        #[arg(long)]
        decision: Vec<String>,
        /// Filter by order.
        #[arg(long)]
        order_id: Option<String>,
        /// Filter by workspace.
        #[arg(long)]
        workspace: Option<String>,
        /// Page, from 0.
        #[arg(long)]
        page: Option<u32>,
        /// Page size (default 20).
        #[arg(long)]
        size: Option<u32>,
        /// e.g. createdAt,desc.
        #[arg(long)]
        sort: Option<String>,
    },
    /// Accept a quotation: UP42, or Pléiades Neo with --contract (spends money; needs --yes).
    #[command(after_help = examples::ACCEPT_QUOTATION)]
    AcceptQuotation(QuotationArgs),
    /// Reject a quotation: UP42, or Pléiades Neo with --contract (needs --yes).
    #[command(after_help = examples::REJECT_QUOTATION)]
    RejectQuotation(QuotationArgs),
    /// The UP42 tasking commands.
    #[command(flatten)]
    Up42(super::up42_args::Up42Command),
}

/// A segment decision.
#[derive(Debug, Args)]
pub struct SegmentArgs {
    /// The contract id.
    #[arg(long)]
    pub contract: String,
    /// The tasking id.
    pub tasking: String,
    /// The segment id.
    pub segment: String,
    /// Confirm.
    #[arg(long)]
    pub yes: bool,
    /// Send it even though the journal shows it was already sent.
    #[arg(long)]
    pub again: bool,
}

/// A coverage item decision (Pléiades Neo).
#[derive(Debug, Args)]
pub struct CoverageArgs {
    /// The contract id.
    #[arg(long)]
    pub contract: String,
    /// The coverage item id (coverageItemId in `sattask api coverages`).
    pub coverage: String,
    /// Confirm.
    #[arg(long)]
    pub yes: bool,
    /// Send it even though the journal shows it was already sent.
    #[arg(long)]
    pub again: bool,
}

/// A tasking action.
#[derive(Debug, Args)]
pub struct TaskingArgs {
    /// The contract id.
    #[arg(long)]
    pub contract: String,
    /// The tasking id.
    pub tasking: String,
    /// Confirm.
    #[arg(long)]
    pub yes: bool,
    /// Send it even though the journal shows it was already sent.
    #[arg(long)]
    pub again: bool,
}

/// A quotation decision.
#[derive(Debug, Args)]
pub struct QuotationArgs {
    /// The quotation id.
    pub quotation: String,
    /// A Pléiades Neo contract (without it, the quotation is UP42's).
    #[arg(long)]
    pub contract: Option<String>,
    /// Confirm.
    #[arg(long)]
    pub yes: bool,
    /// Send it even though the journal shows it was already sent.
    #[arg(long)]
    pub again: bool,
}

fn parse_segment_key(text: &str) -> Result<String, String> {
    if text.trim().is_empty() {
        return Err("the segment key is empty (nothing was sent): copy the segmentKey of an attempt from `sattask api attempts`, or pass --attempts FILE".to_owned());
    }
    Ok(text.to_owned())
}
