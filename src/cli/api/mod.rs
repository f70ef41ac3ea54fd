//! `sattask api ...`: every client call from the command line, JSON on stdout. A thin front end:
//! flags and files become the parameters of `tasking::requests`, credentials come from
//! `api::credentials`, and every spending or deciding call goes through `tasking::spend`.
//!
//! Exit codes: 0 ok, 1 refused by the service (its error printed), 2 bad input, a missing
//! `--yes` or a request the journal holds back (already sent, or being sent by another
//! process: nothing was sent), 3 network trouble or an unknown outcome.

pub mod args;
mod compare;
mod examples;
mod flags;
mod from_service;
mod inputs;
pub mod money;
mod up42;
pub mod up42_args;

use std::io::Write;

use serde::Serialize;

pub use self::args::{
    ApiArgs, ApiCommand, AttemptsArgs, Backend, CompareArgs, CoverageArgs, OrderArgs,
    QuotationArgs, SegmentArgs, TaskingArgs, WindowArgs,
};
use self::inputs::{load_aoi, order_params, window_params};
use self::money::{refuse_if_bought, spend};
pub use crate::api::credentials::SANDBOX_DEFAULT_URL;
use crate::api::credentials::{self, oneatlas_key_from_env, up42_login_from_env};
use crate::api::ids::{ContractId, CoverageId, ProductTypeId, QuotationId, SegmentId, TaskingId};
use crate::api::oneatlas::models::OrderRequest;
use crate::api::oneatlas::{OneAtlasClient, TaskingFilter};
use crate::api::tolerant::Warnings;
use crate::api::up42::Up42Client;
use crate::api::up42::models::QuotationQuery;
use crate::api::{ApiError, ClientOptions, Hosts};
use crate::tasking::act::Act;
use crate::tasking::requests::{RequestError, feasibility_request, order_request};
use crate::tasking::spend::reconcile::{coverage_search, neo_search};
use crate::tasking::spend::{Clients, Destination, Reach, Spending};
use crate::tasking::workflow::attempts::attempts_of;

/// Exit code: done.
pub const EXIT_OK: u8 = 0;
/// Exit code: the service refused.
pub const EXIT_REFUSED: u8 = 1;
/// Exit code: bad input, a missing `--yes`, or a request held back by the journal.
pub const EXIT_BAD_INPUT: u8 = 2;
/// Exit code: network trouble or an unknown outcome.
pub const EXIT_NETWORK: u8 = 3;

/// A failure before or after calling: what the person sees, and the exit code.
struct Failure {
    code: u8,
    message: String,
    /// Nothing answered at the service's address.
    unreachable: bool,
}

impl Failure {
    fn input(message: impl Into<String>) -> Self {
        Failure {
            code: EXIT_BAD_INPUT,
            message: message.into(),
            unreachable: false,
        }
    }
}

impl From<ApiError> for Failure {
    fn from(error: ApiError) -> Self {
        let code = match &error {
            ApiError::MissingCredentials { .. } | ApiError::BadRequest(_) => EXIT_BAD_INPUT,
            ApiError::OutcomeUnknown { .. } => EXIT_NETWORK,
            e if e.is_refusal() => EXIT_REFUSED,
            _ => EXIT_NETWORK,
        };
        Failure {
            code,
            unreachable: matches!(error, ApiError::Unreachable { .. }),
            message: error.to_string(),
        }
    }
}

impl From<RequestError> for Failure {
    fn from(error: RequestError) -> Self {
        Failure::input(error.to_string())
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
    let sandbox = args.backend == Backend::Sandbox;
    let mut warnings = Vec::new();
    let outcome = runtime.block_on(execute(args, &mut warnings));
    // What the answer held that could not be read is said, never silently dropped.
    for warning in &warnings {
        let _ = writeln!(err, "warning: {warning}");
    }
    match outcome {
        Ok(printed) => {
            let text = match printed {
                Printed::Json(value) => {
                    serde_json::to_string_pretty(&value).unwrap_or_else(|e| e.to_string())
                }
                Printed::Text(text) => text,
            };
            if writeln!(out, "{text}").is_err() {
                return EXIT_NETWORK;
            }
            EXIT_OK
        }
        Err(failure) => {
            let _ = writeln!(err, "error: {}", failure.message);
            if failure.unreachable && sandbox {
                let _ = writeln!(
                    err,
                    "no sandbox answers there: start it with: sattask sandbox (in another terminal), or point --base-url / SATTASK_BASE_URL at the one you run"
                );
            }
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
            hosts: credentials::hosts(args.backend, args.base_url.as_deref()),
            options,
        }
    }

    fn oneatlas(&self) -> Result<OneAtlasClient, Failure> {
        if self.backend == Backend::Up42 {
            return Err(Failure::input(
                "this command talks to OneAtlas: use --backend oneatlas (or sandbox)",
            ));
        }
        let key = oneatlas_key_from_env(self.backend)?;
        Ok(OneAtlasClient::new(self.hosts.clone(), key, &self.options)?)
    }

    fn up42(&self) -> Result<Up42Client, Failure> {
        if self.backend == Backend::Oneatlas {
            return Err(Failure::input(
                "UP42 commands need --backend up42 (or sandbox); for a Pléiades Neo quotation pass --contract",
            ));
        }
        let (user, password) = up42_login_from_env(self.backend)?;
        Ok(Up42Client::new(
            self.hosts.clone(),
            user,
            password,
            &self.options,
        )?)
    }

    /// The clients a spending call needs (the one it goes to; the other is not made), each
    /// with where it goes. `made` is the OneAtlas client the command already used, kept so
    /// that its token and its pacing (one ordering call a second) carry on.
    fn clients(&self, up42: bool, made: Option<OneAtlasClient>) -> Result<Clients, Failure> {
        let not_needed = "not used by this command";
        let oneatlas = match (up42, made) {
            (true, _) => Err(not_needed.to_owned()),
            (false, Some(client)) => Ok(client),
            (false, None) => Ok(self.oneatlas()?),
        };
        Ok(Clients {
            oneatlas: Reach {
                client: oneatlas,
                at: Destination::new(self.backend, &self.hosts.oneatlas_order),
            },
            up42: Reach {
                client: if up42 {
                    Ok(self.up42()?)
                } else {
                    Err(not_needed.to_owned())
                },
                at: Destination::new(self.backend, &self.hosts.up42_api),
            },
        })
    }
}

fn to_value(value: impl Serialize) -> Result<serde_json::Value, Failure> {
    serde_json::to_value(value).map_err(|e| Failure::input(format!("cannot print the answer: {e}")))
}

/// An answer printed, and what it held that could not be read noted for the person.
fn warned(
    answer: impl Serialize + Warnings,
    warnings: &mut Vec<String>,
) -> Result<serde_json::Value, Failure> {
    warnings.extend(answer.warnings());
    to_value(answer)
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

/// What a command prints: JSON (most), or text (a table).
enum Printed {
    Json(serde_json::Value),
    Text(String),
}

async fn execute(args: ApiArgs, warnings: &mut Vec<String>) -> Result<Printed, Failure> {
    let connection = Connection::new(&args);
    let value = match args.command {
        ApiCommand::Contracts => warned(connection.oneatlas()?.contracts().await?, warnings),
        ApiCommand::ProductTypes { contract } => warned(
            connection
                .oneatlas()?
                .product_types(&ContractId(contract))
                .await?,
            warnings,
        ),
        ApiCommand::Options {
            contract,
            product,
            aoi,
        } => {
            let aoi = load_aoi(&aoi)?;
            warned(
                connection
                    .oneatlas()?
                    .options(&ContractId(contract), &ProductTypeId(product), &aoi)
                    .await?,
                warnings,
            )
        }
        ApiCommand::Feasibility(window) => {
            let (aoi, params) = window_params(&window)?;
            let request = feasibility_request(&aoi, &params)?;
            warned(
                connection.oneatlas()?.feasibility(&request).await?,
                warnings,
            )
        }
        ApiCommand::Attempts(attempts) => {
            let (aoi, params) = window_params(&attempts.window)?;
            let request = feasibility_request(&aoi, &params)?;
            let answer = connection.oneatlas()?.attempts(&request).await?;
            if let Some(path) = &attempts.export {
                compare::export(path, &attempts_of(&answer, &aoi))?;
            }
            warned(answer, warnings)
        }
        ApiCommand::Compare(args) => return compare::run(&connection, &args).await,
        ApiCommand::Price(order) => {
            let client = connection.oneatlas()?;
            let request = order_body(&client, &order).await?;
            to_value(client.price(&request).await?)
        }
        ApiCommand::Order(order) => {
            require_yes(order.yes, "an order spends money")?;
            let client = connection.oneatlas()?;
            let request = order_body(&client, &order).await?;
            let spending = Spending::order(request, false);
            refuse_if_bought(&spending, order.buy_again)?;
            spend(&connection, Some(client), spending, order.again).await
        }
        ApiCommand::QuotationRequest(order) => {
            require_yes(
                order.yes,
                "a quotation request creates a quotation on your contract",
            )?;
            let client = connection.oneatlas()?;
            let request = order_body(&client, &order).await?;
            let spending = Spending::order(request, true);
            refuse_if_bought(&spending, order.buy_again)?;
            spend(&connection, Some(client), spending, order.again).await
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
                ..TaskingFilter::default()
            };
            warned(
                connection
                    .oneatlas()?
                    .taskings(&ContractId(contract), &filter)
                    .await?,
                warnings,
            )
        }
        ApiCommand::Segments { contract, tasking } => warned(
            connection
                .oneatlas()?
                .segments(&ContractId(contract), &TaskingId(tasking))
                .await?,
            warnings,
        ),
        ApiCommand::AcceptSegment(s) => decide_segment(&connection, s, true).await,
        ApiCommand::RefuseSegment(s) => decide_segment(&connection, s, false).await,
        ApiCommand::Cancel(t) => {
            require_yes(t.yes, "cancelling a tasking is final")?;
            end_tasking(&connection, t, false).await
        }
        ApiCommand::Stop(t) => {
            require_yes(
                t.yes,
                "stopping a tasking is final (acquisitions already made are invoiced)",
            )?;
            end_tasking(&connection, t, true).await
        }
        ApiCommand::NeoOrders {
            contract,
            customer_ref,
            quotation,
        } => {
            let mut terms = vec![("contractId", contract.as_str())];
            if let Some(reference) = &customer_ref {
                terms.push(("customerReference", reference));
            }
            if let Some(quotation) = &quotation {
                terms.push(("cis.quotation", quotation));
            }
            to_value(
                connection
                    .oneatlas()?
                    .search_orders(&neo_search(&terms))
                    .await?,
            )
        }
        ApiCommand::Coverages {
            contract,
            order_item,
            status,
            page,
        } => to_value(
            connection
                .oneatlas()?
                .search_coverages(&coverage_search(&contract, &order_item, &status, page))
                .await?,
        ),
        ApiCommand::AcceptCoverage(c) => decide_coverage(&connection, c, true).await,
        ApiCommand::RefuseCoverage(c) => decide_coverage(&connection, c, false).await,
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
        ApiCommand::Up42(command) => up42::execute(&connection, command, warnings).await,
    };
    value.map(Printed::Json)
}

/// The body of a price, order or quotation request: flags and files checked locally, then
/// completed with what the service knows (options, OnePlan feasibility).
async fn order_body(client: &OneAtlasClient, order: &OrderArgs) -> Result<OrderRequest, Failure> {
    let (aoi, mut params) = order_params(order)?;
    // Checked before asking the service anything.
    order_request(&aoi, &params)?;
    from_service::complete(client, order, &aoi, &mut params).await?;
    Ok(order_request(&aoi, &params)?)
}

async fn end_tasking(
    connection: &Connection,
    t: TaskingArgs,
    stop: bool,
) -> Result<serde_json::Value, Failure> {
    let act = Act::end_tasking(ContractId(t.contract), TaskingId(t.tasking), stop);
    spend(connection, None, Spending::Decide(act), t.again).await
}

async fn decide_segment(
    connection: &Connection,
    s: SegmentArgs,
    accept: bool,
) -> Result<serde_json::Value, Failure> {
    require_yes(s.yes, "deciding on an acquisition is final")?;
    let act = Act::segment(
        ContractId(s.contract),
        TaskingId(s.tasking),
        SegmentId(s.segment),
        accept,
    );
    spend(connection, None, Spending::Decide(act), s.again).await
}

async fn decide_coverage(
    connection: &Connection,
    c: CoverageArgs,
    accept: bool,
) -> Result<serde_json::Value, Failure> {
    require_yes(
        c.yes,
        if accept {
            "accepting an acquisition spends money and is final"
        } else {
            "refusing an acquisition is final"
        },
    )?;
    let act = Act::Coverage {
        contract: ContractId(c.contract),
        coverage: CoverageId(c.coverage),
        accept,
    };
    spend(connection, None, Spending::Decide(act), c.again).await
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
    let act = match (q.contract, accept) {
        (Some(contract), accept) => Act::NeoQuotation {
            contract: ContractId(contract),
            quotation: id,
            accept,
            amount: None,
        },
        (None, true) => Act::AcceptQuotation { id, credits: None },
        (None, false) => Act::RejectQuotation { id, credits: None },
    };
    spend(connection, None, Spending::Decide(act), q.again).await
}
