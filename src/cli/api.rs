//! `sattask api ...`: every client call from the command line, JSON on stdout.
//!
//! Exit codes: 0 ok, 1 refused by the service (its error printed), 2 bad input or a missing
//! `--yes`, 3 network trouble or an unknown outcome.

use std::io::Write;
use std::path::{Path, PathBuf};

use clap::{Args, Subcommand, ValueEnum};
use secrecy::SecretString;
use serde::Serialize;
use time::OffsetDateTime;

use crate::aoi::formats::import_file;
use crate::aoi::rules::{Severity, ValidationContext, validate};
use crate::aoi::{Aoi, Imported};
use crate::api::ids::{ContractId, ProductTypeId, QuotationId, SegmentId, TaskingId, WorkspaceId};
use crate::api::oneatlas::models::*;
use crate::api::oneatlas::{OneAtlasClient, TaskingFilter};
use crate::api::up42::models::QuotationQuery;
use crate::api::up42::{Decision, Up42Client};
use crate::api::{ApiError, ClientOptions, Hosts};
use crate::tasking::journal::{Entry, EntryState, Journal, digest};

/// Exit code: done.
pub const EXIT_OK: u8 = 0;
/// Exit code: the service refused.
pub const EXIT_REFUSED: u8 = 1;
/// Exit code: bad input or a missing `--yes`.
pub const EXIT_BAD_INPUT: u8 = 2;
/// Exit code: network trouble or an unknown outcome.
pub const EXIT_NETWORK: u8 = 3;

/// The sandbox's address when none is given.
pub const SANDBOX_DEFAULT_URL: &str = "http://127.0.0.1:8765";

/// Which services to talk to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Backend {
    /// The local sandbox (`sattask sandbox`), fixed sandbox credentials.
    Sandbox,
    /// Airbus OneAtlas (real hosts; SATTASK_ONEATLAS_API_KEY).
    Oneatlas,
    /// UP42 (real hosts; SATTASK_UP42_USERNAME and SATTASK_UP42_PASSWORD).
    Up42,
}

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
    /// Cancel a tasking (until 12 h before its window; needs --yes).
    Cancel(TaskingArgs),
    /// Stop a OneNow tasking (acquisitions done are invoiced; needs --yes).
    Stop(TaskingArgs),
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

/// A failure before or after calling: what the person sees, and the exit code.
struct Failure {
    code: u8,
    message: String,
}

impl Failure {
    fn input(message: impl Into<String>) -> Self {
        Failure {
            code: EXIT_BAD_INPUT,
            message: message.into(),
        }
    }
}

impl From<ApiError> for Failure {
    fn from(error: ApiError) -> Self {
        let code = match &error {
            ApiError::MissingCredentials { .. } | ApiError::BadRequest(_) => EXIT_BAD_INPUT,
            e if e.is_refusal() => EXIT_REFUSED,
            _ => EXIT_NETWORK,
        };
        Failure {
            code,
            message: error.to_string(),
        }
    }
}

/// Runs an API command; returns the exit code.
pub fn run(args: ApiArgs, out: &mut dyn Write, err: &mut dyn Write) -> u8 {
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .thread_name("sattask-api")
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(error) => {
            let _ = writeln!(err, "cannot start the async runtime: {error}");
            return EXIT_NETWORK;
        }
    };
    let outcome = runtime.block_on(execute(args));
    match outcome {
        Ok(value) => {
            let text = serde_json::to_string_pretty(&value).unwrap_or_else(|e| e.to_string());
            if writeln!(out, "{text}").is_err() {
                return EXIT_NETWORK;
            }
            EXIT_OK
        }
        Err(failure) => {
            let _ = writeln!(err, "error: {}", failure.message);
            failure.code
        }
    }
}

struct Connection {
    backend: Backend,
    hosts: Hosts,
    options: ClientOptions,
}

impl Connection {
    fn new(args: &ApiArgs) -> Self {
        let hosts = match (&args.base_url, args.backend) {
            (Some(url), _) => Hosts::all_at(url),
            (None, Backend::Sandbox) => Hosts::all_at(SANDBOX_DEFAULT_URL),
            (None, _) => Hosts::real(),
        };
        let mut options = ClientOptions::default();
        // The sandbox paces like the real service (1 s); tests and scripts may lower both sides.
        if let Some(ms) = std::env::var("SATTASK_ORDERING_INTERVAL_MS")
            .ok()
            .and_then(|v| v.parse().ok())
        {
            options.ordering_interval = std::time::Duration::from_millis(ms);
        }
        Connection {
            backend: args.backend,
            hosts,
            options,
        }
    }

    fn oneatlas(&self) -> Result<OneAtlasClient, Failure> {
        let key = match self.backend {
            Backend::Sandbox => {
                std::env::var("SATTASK_ONEATLAS_API_KEY").unwrap_or_else(|_| "sandbox".to_owned())
            }
            Backend::Oneatlas => std::env::var("SATTASK_ONEATLAS_API_KEY").map_err(|_| {
                ApiError::MissingCredentials {
                    service: crate::api::Service::OneAtlas,
                    what: "set SATTASK_ONEATLAS_API_KEY to your OneAtlas API key".to_owned(),
                }
            })?,
            Backend::Up42 => {
                return Err(Failure::input(
                    "this command talks to OneAtlas: use --backend oneatlas (or sandbox)",
                ));
            }
        };
        Ok(OneAtlasClient::new(
            self.hosts.clone(),
            SecretString::from(key),
            &self.options,
        )?)
    }

    fn up42(&self) -> Result<Up42Client, Failure> {
        let (user, password) = match self.backend {
            Backend::Sandbox => (
                std::env::var("SATTASK_UP42_USERNAME")
                    .unwrap_or_else(|_| "sandbox@example.com".to_owned()),
                std::env::var("SATTASK_UP42_PASSWORD").unwrap_or_else(|_| "sandbox".to_owned()),
            ),
            Backend::Up42 => {
                let missing = || ApiError::MissingCredentials {
                    service: crate::api::Service::Up42,
                    what: "set SATTASK_UP42_USERNAME and SATTASK_UP42_PASSWORD".to_owned(),
                };
                (
                    std::env::var("SATTASK_UP42_USERNAME").map_err(|_| missing())?,
                    std::env::var("SATTASK_UP42_PASSWORD").map_err(|_| missing())?,
                )
            }
            Backend::Oneatlas => {
                return Err(Failure::input(
                    "UP42 quotations need --backend up42 (or sandbox); for a Pléiades Neo quotation pass --contract",
                ));
            }
        };
        Ok(Up42Client::new(
            self.hosts.clone(),
            user,
            SecretString::from(password),
            &self.options,
        )?)
    }
}

fn to_value(value: impl Serialize) -> Result<serde_json::Value, Failure> {
    serde_json::to_value(value).map_err(|e| Failure::input(format!("cannot print the answer: {e}")))
}

fn require_yes(yes: bool, what: &str) -> Result<(), Failure> {
    if yes {
        Ok(())
    } else {
        Err(Failure::input(format!(
            "{what}: add --yes to confirm (nothing was sent)"
        )))
    }
}

async fn execute(args: ApiArgs) -> Result<serde_json::Value, Failure> {
    let connection = Connection::new(&args);
    match args.command {
        ApiCommand::Contracts => to_value(connection.oneatlas()?.contracts().await?),
        ApiCommand::ProductTypes { contract } => to_value(
            connection
                .oneatlas()?
                .product_types(&ContractId(contract))
                .await?,
        ),
        ApiCommand::Options {
            contract,
            product,
            aoi,
        } => {
            let aoi = load_aoi(&aoi)?;
            to_value(
                connection
                    .oneatlas()?
                    .options(&ContractId(contract), &ProductTypeId(product), &aoi)
                    .await?,
            )
        }
        ApiCommand::Feasibility(window) => {
            let request = feasibility_request(&window)?;
            to_value(connection.oneatlas()?.feasibility(&request).await?)
        }
        ApiCommand::Attempts(window) => {
            let request = feasibility_request(&window)?;
            to_value(connection.oneatlas()?.attempts(&request).await?)
        }
        ApiCommand::Price(order) => {
            let request = order_request(&order)?;
            to_value(connection.oneatlas()?.price(&request).await?)
        }
        ApiCommand::Order(order) => {
            let request = order_request(&order)?;
            require_yes(order.yes, "an order spends money")?;
            let client = connection.oneatlas()?;
            let reference = request.customer_reference.clone();
            let check = taskings_command(&request);
            let guard =
                Journaled::new("order", to_value(&request)?, reference, check, order.again)?;
            guard.run(client.order(&request)).await
        }
        ApiCommand::QuotationRequest(order) => {
            let request = order_request(&order)?;
            require_yes(
                order.yes,
                "a quotation request creates a quotation on your contract",
            )?;
            let client = connection.oneatlas()?;
            let reference = request.customer_reference.clone();
            let check = format!(
                "the Pléiades Neo orders and quotations of contract {} (POST /api/v2/orders/search)",
                request.contract_id
            );
            let guard = Journaled::new(
                "quotation-request",
                to_value(&request)?,
                reference,
                check,
                order.again,
            )?;
            guard.run(client.request_quotation(&request)).await
        }
        ApiCommand::Taskings {
            contract,
            customer_ref,
            status,
            page,
        } => {
            let filter = TaskingFilter {
                customer_ref,
                status,
                count: None,
                start_page: page,
            };
            to_value(
                connection
                    .oneatlas()?
                    .taskings(&ContractId(contract), &filter)
                    .await?,
            )
        }
        ApiCommand::Segments { contract, tasking } => to_value(
            connection
                .oneatlas()?
                .segments(&ContractId(contract), &TaskingId(tasking))
                .await?,
        ),
        ApiCommand::AcceptSegment(s) => decide_segment(&connection, s, true).await,
        ApiCommand::RefuseSegment(s) => decide_segment(&connection, s, false).await,
        ApiCommand::Cancel(t) => {
            require_yes(t.yes, "cancelling a tasking is final")?;
            to_value(
                connection
                    .oneatlas()?
                    .end_tasking(&ContractId(t.contract), &TaskingId(t.tasking), false)
                    .await?,
            )
        }
        ApiCommand::Stop(t) => {
            require_yes(
                t.yes,
                "stopping a tasking is final (acquisitions already made are invoiced)",
            )?;
            to_value(
                connection
                    .oneatlas()?
                    .end_tasking(&ContractId(t.contract), &TaskingId(t.tasking), true)
                    .await?,
            )
        }
        ApiCommand::Quotations {
            id,
            decision,
            order_id,
            workspace,
            page,
            size,
            sort,
        } => {
            let query = QuotationQuery {
                id,
                workspace_id: workspace,
                order_id,
                decision,
                size,
                page,
                sort,
            };
            to_value(connection.up42()?.quotations(&query).await?)
        }
        ApiCommand::AcceptQuotation(q) => decide_quotation(&connection, q, true).await,
        ApiCommand::RejectQuotation(q) => decide_quotation(&connection, q, false).await,
    }
}

async fn decide_segment(
    connection: &Connection,
    s: SegmentArgs,
    accept: bool,
) -> Result<serde_json::Value, Failure> {
    require_yes(s.yes, "deciding on an acquisition is final")?;
    let client = connection.oneatlas()?;
    let kind = if accept {
        "accept-segment"
    } else {
        "refuse-segment"
    };
    let key =
        serde_json::json!({"contract": s.contract, "tasking": s.tasking, "segment": s.segment});
    let check = format!(
        "sattask api segments --contract {} {}",
        s.contract, s.tasking
    );
    let guard = Journaled::new(kind, key, None, check, s.again)?;
    let (contract, tasking, segment) = (
        ContractId(s.contract),
        TaskingId(s.tasking),
        SegmentId(s.segment),
    );
    guard
        .run(client.decide_segment(&contract, &tasking, &segment, accept))
        .await
}

async fn decide_quotation(
    connection: &Connection,
    q: QuotationArgs,
    accept: bool,
) -> Result<serde_json::Value, Failure> {
    require_yes(
        q.yes,
        if accept {
            "accepting a quotation spends money irreversibly"
        } else {
            "rejecting a quotation is final"
        },
    )?;
    let id = QuotationId(q.quotation);
    let kind = if accept {
        "accept-quotation"
    } else {
        "reject-quotation"
    };
    let key = serde_json::json!({"contract": q.contract, "quotation": id});
    match q.contract {
        Some(contract) => {
            let client = connection.oneatlas()?;
            let check = format!(
                "the Pléiades Neo orders and quotations of contract {contract} (POST /api/v2/orders/search)"
            );
            let guard = Journaled::new(kind, key, None, check, q.again)?;
            guard
                .run(client.decide_quotation(&ContractId(contract), &id, accept))
                .await
        }
        None => {
            let decision = if accept {
                Decision::Accepted
            } else {
                Decision::Rejected
            };
            let client = connection.up42()?;
            let check = format!("sattask api quotations --id {id}");
            let guard = Journaled::new(kind, key, None, check, q.again)?;
            guard.run(client.decide_quotation(&id, decision)).await
        }
    }
}

/// A call that spends money or decides, written to the order journal before it is sent and
/// again with its outcome; refused when the same request already stands in the journal.
struct Journaled {
    journal: Journal,
    entry: Entry,
}

impl Journaled {
    /// `check` is the command that shows whether an earlier one went through.
    fn new(
        kind: &str,
        key: serde_json::Value,
        customer_reference: Option<String>,
        check: String,
        again: bool,
    ) -> Result<Self, Failure> {
        let journal = Journal::default_location();
        let digest = digest(&serde_json::json!({ "kind": kind, "request": key }));
        if !again && let Some(previous) = journal.standing(&digest).last() {
            let state = match previous.state {
                EntryState::Done => "it went through",
                EntryState::Unknown | EntryState::Sending => "its outcome is unknown",
                EntryState::Failed => "it failed",
            };
            return Err(Failure::input(format!(
                "the same {kind} was already sent at {} and {state}{}; nothing was sent now. Check it first: {check}; to send it again on purpose add --again (journal: {})",
                previous.at,
                previous
                    .detail
                    .as_deref()
                    .map(|d| format!(" ({d})"))
                    .unwrap_or_default(),
                journal.path().display()
            )));
        }
        let entry = Entry {
            id: uuid::Uuid::new_v4().to_string(),
            at: OffsetDateTime::now_utc()
                .format(&time::format_description::well_known::Rfc3339)
                .unwrap_or_default(),
            kind: kind.to_owned(),
            digest,
            customer_reference,
            state: EntryState::Sending,
            detail: None,
        };
        journal
            .append(&entry)
            .map_err(|e| Failure::input(e.to_string()))?;
        Ok(Journaled { journal, entry })
    }

    async fn run<T: Serialize>(
        mut self,
        call: impl std::future::Future<Output = Result<T, ApiError>>,
    ) -> Result<serde_json::Value, Failure> {
        let result = call.await;
        let (state, detail) = match &result {
            Ok(answer) => (
                EntryState::Done,
                serde_json::to_value(answer).ok().map(|v| summary_of(&v)),
            ),
            Err(ApiError::OutcomeUnknown { detail, .. }) => {
                (EntryState::Unknown, Some(detail.clone()))
            }
            Err(error) => (EntryState::Failed, Some(error.to_string())),
        };
        self.entry.state = state;
        self.entry.detail = detail;
        self.entry.at = OffsetDateTime::now_utc()
            .format(&time::format_description::well_known::Rfc3339)
            .unwrap_or_default();
        if let Err(error) = self.journal.append(&self.entry) {
            tracing::warn!(%error, "the outcome could not be written to the order journal");
        }
        to_value(result?)
    }
}

/// The command that finds an order again by its reference.
fn taskings_command(request: &OrderRequest) -> String {
    match &request.customer_reference {
        Some(reference) => format!(
            "sattask api taskings --contract {} --customer-ref {reference:?}",
            request.contract_id
        ),
        None => format!("sattask api taskings --contract {}", request.contract_id),
    }
}

/// The id-like fields of an answer, for the journal.
fn summary_of(answer: &serde_json::Value) -> String {
    ["salesOrderId", "id", "decision", "status", "totalAmount"]
        .iter()
        .filter_map(|key| answer.get(*key).map(|v| format!("{key}={v}")))
        .collect::<Vec<_>>()
        .join(" ")
}

/// Reads the one AOI of a file and refuses it, with every error, if a provider would.
fn load_aoi(path: &Path) -> Result<Aoi, Failure> {
    let report = import_file(path)
        .map_err(|e| Failure::input(format!("{}: cannot be read: {e}", path.display())))?;
    let aois: Vec<&Aoi> = report
        .items
        .iter()
        .filter_map(|item| match item {
            Imported::Aoi(aoi) => Some(aoi),
            Imported::NotPolygon(_) => None,
        })
        .collect();
    let aoi = match aois.as_slice() {
        [one] => (*one).clone(),
        [] => {
            return Err(Failure::input(format!(
                "{}: holds no polygon",
                path.display()
            )));
        }
        several => {
            let names: Vec<&str> = several.iter().map(|a| a.name.as_str()).collect();
            return Err(Failure::input(format!(
                "{}: holds {} polygons ({}); keep the one to order in its own file (`sattask aoi convert` writes one)",
                path.display(),
                several.len(),
                names.join(", ")
            )));
        }
    };
    let report = validate(&aoi, &ValidationContext::default());
    let errors: Vec<String> = report
        .issues
        .iter()
        .filter(|i| i.severity == Severity::Error)
        .map(|i| format!("  [{}] {}", i.rule.id(), i.message))
        .collect();
    if !errors.is_empty() {
        return Err(Failure::input(format!(
            "{}: the AOI {:?} would be refused; nothing was sent:\n{}",
            path.display(),
            aoi.name,
            errors.join("\n")
        )));
    }
    Ok(aoi)
}

fn parse_date(text: &str, flag: &str) -> Result<OffsetDateTime, Failure> {
    parse_api_date(text).map_err(|e| Failure::input(format!("{flag}: {e}")))
}

fn feasibility_request(window: &WindowArgs) -> Result<FeasibilityRequest, Failure> {
    let aoi = load_aoi(&window.aoi)?;
    let start = parse_date(&window.start, "--start")?;
    let end = window
        .end
        .as_deref()
        .map(|e| parse_date(e, "--end"))
        .transpose()?;
    if let Some(end) = end
        && end <= start
    {
        return Err(Failure::input("--end must come after --start"));
    }
    let mode = window.mode.to_ascii_uppercase();
    if !["MONO", "STEREO", "TRISTEREO"].contains(&mode.as_str()) {
        return Err(Failure::input(format!(
            "--mode {mode:?}: use MONO, STEREO or TRISTEREO"
        )));
    }
    Ok(FeasibilityRequest {
        acquisition_date: AcquisitionDate {
            start_date: Some(start),
            end_date: end,
        },
        contract_id: ContractId(window.contract.clone()),
        missions: window
            .mission
            .iter()
            .map(|m| m.to_ascii_uppercase())
            .collect(),
        optical: Optical {
            acquisition_mode: mode,
            max_cloud_cover: window.max_cloud,
            max_incidence_angle: window.max_incidence,
        },
        prog_type_names: window
            .offer
            .iter()
            .map(|o| o.to_ascii_uppercase())
            .collect(),
        aoi: GeoPolygon::from_aoi(&aoi),
    })
}

/// A property value as the guide writes it: numbers and booleans unquoted, the rest as text.
fn property_value(text: &str) -> serde_json::Value {
    match text {
        "true" => serde_json::Value::Bool(true),
        "false" => serde_json::Value::Bool(false),
        _ => text
            .parse::<i64>()
            .map(serde_json::Value::from)
            .or_else(|_| text.parse::<f64>().map(serde_json::Value::from))
            .unwrap_or_else(|_| serde_json::Value::String(text.to_owned())),
    }
}

fn order_request(order: &OrderArgs) -> Result<OrderRequest, Failure> {
    let aoi = load_aoi(&order.aoi)?;
    let product = ProductTypeId(order.product.clone());
    let mut properties: Vec<KeyValue> = order
        .properties
        .iter()
        .map(|(k, v)| KeyValue::new(k, property_value(v)))
        .collect();
    match (&order.start, &order.end) {
        (Some(start), Some(end)) => {
            let (start, end) = (parse_date(start, "--start")?, parse_date(end, "--end")?);
            if end <= start {
                return Err(Failure::input("--end must come after --start"));
            }
            properties.push(KeyValue::new(
                "acqPeriod",
                format!("{} {}", api_date(start), api_date(end)),
            ));
        }
        (None, None) => {}
        _ => {
            return Err(Failure::input(
                "give both --start and --end (they become the acqPeriod property)",
            ));
        }
    }
    Ok(OrderRequest {
        aoi: vec![OrderAoi {
            id: 1,
            name: Some(aoi.name.clone()),
            geometry: GeoPolygon::from_aoi(&aoi),
        }],
        program_reference: None,
        contract_id: ContractId(order.contract.clone()),
        items: vec![OrderItem {
            product_type_id: product.clone(),
            aoi_id: 1,
            properties,
            comments: None,
            segment_key: order.segment_key.clone(),
            data_source_ids: None,
            notifications: None,
            extra: serde_json::Map::new(),
        }],
        primary_market: Some(order.market.clone()),
        secondary_market: None,
        customer_reference: order.customer_ref.clone(),
        options_per_product_type: vec![OptionsPerProductType {
            product_type_id: product,
            options: order
                .options
                .iter()
                .map(|(k, v)| KeyValue::new(k, v.clone()))
                .collect(),
            extra: serde_json::Map::new(),
        }],
        delivery: order.workspace.as_ref().map(|w| DeliveryTarget {
            kind: "network".to_owned(),
            workspace: WorkspaceId(w.clone()),
        }),
        end_users: None,
        extra: serde_json::Map::new(),
    })
}
