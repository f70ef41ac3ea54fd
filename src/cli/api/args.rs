//! The arguments of `sattask api ...` (clap): one subcommand per client call.

use std::path::PathBuf;

use clap::{Args, Subcommand};

pub use crate::api::credentials::Backend;

/// `sattask api` arguments.
#[derive(Debug, Args)]
#[command(
    after_help = "Start the sandbox first with `sattask sandbox`, then for example:\n  sattask api contracts\n  sattask api feasibility --aoi site.geojson --contract CTR-LEGACY-001 --mission PLEIADES --offer ONEPLAN --start 2026-12-01T00:00:00.000Z --end 2027-02-01T00:00:00.000Z --max-cloud 10 --max-incidence 30"
)]
pub struct ApiArgs {
    /// Which services to talk to.
    #[arg(long, value_enum, default_value = "sandbox", global = true)]
    pub backend: Backend,
    /// One base URL for every host (the sandbox's is http://127.0.0.1:8765).
    #[arg(long, global = true)]
    pub base_url: Option<String>,
    /// The call to make.
    #[command(subcommand)]
    pub command: ApiCommand,
}

/// Tasking parameters shared by feasibility and attempts.
#[derive(Debug, Args)]
pub struct WindowArgs {
    /// The AOI file (any format `sattask aoi` reads; one polygon).
    #[arg(long)]
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
    /// Window start, ISO 8601 (e.g. 2026-12-01T00:00:00.000Z); a past date means now.
    #[arg(long)]
    pub start: String,
    /// Window end, ISO 8601.
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

/// The body of price, order and quotation requests.
#[derive(Debug, Args)]
pub struct OrderArgs {
    /// The AOI file (one polygon).
    #[arg(long)]
    pub aoi: PathBuf,
    /// The contract id.
    #[arg(long)]
    pub contract: String,
    /// The product type, e.g. PleiadesTaskingOneDay.
    #[arg(long)]
    pub product: String,
    /// The chosen attempt's segmentKey (OneDay/OneNow), verbatim.
    #[arg(long)]
    pub segment_key: Option<String>,
    /// A production option key=value (repeatable), e.g. processing_level=ortho.
    #[arg(long = "option", value_parser = parse_key_value)]
    pub options: Vec<(String, String)>,
    /// An item property key=value (repeatable), e.g. classification=EASY.
    #[arg(long = "property", value_parser = parse_key_value)]
    pub properties: Vec<(String, String)>,
    /// Window start for OnePlan (becomes the acqPeriod property with --end).
    #[arg(long)]
    pub start: Option<String>,
    /// Window end for OnePlan.
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
}

/// The calls.
#[derive(Debug, Subcommand)]
pub enum ApiCommand {
    /// List the contracts. Example: sattask api contracts
    Contracts,
    /// List a contract's product types. Example: sattask api product-types --contract CTR-LEGACY-001
    ProductTypes {
        /// The contract id.
        #[arg(long)]
        contract: String,
    },
    /// Production options of a product type for an AOI.
    /// Example: sattask api options --contract CTR-LEGACY-001 --product PleiadesTaskingOneDay --aoi site.geojson
    Options {
        /// The contract id.
        #[arg(long)]
        contract: String,
        /// The product type.
        #[arg(long)]
        product: String,
        /// The AOI file.
        #[arg(long)]
        aoi: PathBuf,
    },
    /// Ask whether a tasking is feasible (AUTOMATIC/MANUAL, EASY/CHALLENGING).
    /// Example: sattask api feasibility --aoi site.geojson --contract CTR-LEGACY-001 --mission PLEIADES --offer ONEPLAN --start 2026-12-01T00:00:00.000Z --end 2027-02-01T00:00:00.000Z
    Feasibility(WindowArgs),
    /// The first acquisition attempts (ONEDAY, ONENOW) within 7 days of the start.
    /// Example: sattask api attempts --aoi site.geojson --contract CTR-LEGACY-001 --mission PLEIADES --offer ONEDAY --start 2026-12-01T00:00:00.000Z
    Attempts(WindowArgs),
    /// Price an order (AUTOMATIC tasking only).
    /// Example: sattask api price --aoi site.geojson --contract CTR-LEGACY-001 --product PleiadesTaskingOneDay --segment-key KEY --option processing_level=ortho
    Price(OrderArgs),
    /// Place an order: spends money, needs --yes, sent exactly once.
    /// Example: sattask api order --aoi site.geojson --contract CTR-LEGACY-001 --product PleiadesTaskingOneDay --segment-key KEY --customer-ref my-ref --yes
    Order(OrderArgs),
    /// Ask for a Pléiades Neo quotation (same body as an order; needs --yes).
    QuotationRequest(OrderArgs),
    /// List a contract's taskings. Example: sattask api taskings --contract CTR-LEGACY-001 --customer-ref my-ref
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
    /// List a tasking's acquisitions. Example: sattask api segments --contract CTR-LEGACY-001 ICR_1
    Segments {
        /// The contract id.
        #[arg(long)]
        contract: String,
        /// The tasking id.
        tasking: String,
    },
    /// Accept a proposed acquisition (spends money; needs --yes).
    AcceptSegment(SegmentArgs),
    /// Refuse a proposed acquisition (needs --yes).
    RefuseSegment(SegmentArgs),
    /// Cancel a tasking (until 12 h before its window; needs --yes; journaled like an order).
    Cancel(TaskingArgs),
    /// Stop a OneNow tasking (acquisitions done are invoiced; needs --yes; journaled like an order).
    Stop(TaskingArgs),
    /// Search a contract's Pléiades Neo orders and quotations (POST /api/v2/orders/search).
    /// Example: sattask api neo-orders --contract CTR24000002 --customer-ref my-ref
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
    /// Example: sattask api coverages --contract CTR24000002 WOI_000016433_1
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
    /// Example: sattask api accept-coverage --contract CTR24000002 CIE_000016433_1_11_1 --yes
    AcceptCoverage(CoverageArgs),
    /// Refuse a proposed Pléiades Neo acquisition (a coverage item; needs --yes).
    /// Example: sattask api refuse-coverage --contract CTR24000002 CIE_000016433_1_11_1 --yes
    RefuseCoverage(CoverageArgs),
    /// List UP42 tasking quotations. Example: sattask api quotations --decision NOT_DECIDED --size 10
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
    AcceptQuotation(QuotationArgs),
    /// Reject a quotation: UP42, or Pléiades Neo with --contract (needs --yes).
    RejectQuotation(QuotationArgs),
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

fn parse_key_value(text: &str) -> Result<(String, String), String> {
    let (key, value) = text
        .split_once('=')
        .ok_or_else(|| format!("{text:?} is not key=value"))?;
    if key.trim().is_empty() {
        return Err(format!("{text:?} has an empty key"));
    }
    Ok((key.trim().to_owned(), value.trim().to_owned()))
}
