//! The job layer: one named tokio runtime for the app, one long-lived client per service (so the
//! OneAtlas pacing is shared by every call the window makes), the in-process sandbox when no
//! backend is named, and the answers sent back to the window as typed messages on a channel.
//! Nothing here runs on the window's thread but `spawn` (which only hands work over) and
//! `poll` (which only reads the channel).

use std::collections::HashMap;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::{Arc, mpsc};

use super::connection::{Typed, resolve};
use crate::aoi::mission::{mission_words, offer_words};
use crate::api::credentials::Backend;
use crate::api::oneatlas::OneAtlasClient;
use crate::api::oneatlas::models::{CapacityAnswer, OrderRequest};
use crate::api::tolerant::Warnings;
use crate::api::up42::{Decision, Up42Client};
use crate::api::{ApiError, CheckHint, ClientOptions};
use crate::sandbox::{Sandbox, SandboxConfig};
use crate::state::InFlight;
use crate::state::connection::Choice;
use crate::store::secrets::Secrets;
use crate::tasking::RequestId;
use crate::tasking::act::Act;
use crate::tasking::journal::{EntryState, Journal};
use crate::tasking::money::{MoneyError, MoneyPath, Spend, summary_of};
use crate::tasking::quicklook::QuicklookImage;
use crate::tasking::reconcile::{Reconciliation, reconcile};
use crate::tasking::workflow::attempts::attempts_of;
use crate::tasking::workflow::{Failure, Job, Reply, Ticket};

/// How the app starts talking to services.
#[derive(Debug, Clone, PartialEq)]
pub struct Connection {
    /// Where requests go first (the settings can change it).
    pub choice: Choice,
    /// Timeouts and pacing.
    pub options: ClientOptions,
    /// The sandbox's settings when it runs in-process.
    pub sandbox: SandboxConfig,
    /// The order journal.
    pub journal: PathBuf,
    /// Where quicklooks are cached (none: fetched every time).
    pub quicklook_cache: Option<PathBuf>,
}

impl Connection {
    /// The app's defaults: the sandbox inside the app, the real pacing, the journal in the data
    /// folder. Refused for a backend the window cannot task through.
    pub fn new(backend: Option<Backend>, base_url: Option<String>) -> Result<Self, String> {
        Ok(Connection {
            choice: Choice::from_flags(backend, base_url)?,
            options: ClientOptions::default(),
            sandbox: SandboxConfig::default(),
            journal: crate::store::paths::journal_file(),
            quicklook_cache: crate::store::paths::quicklook_cache_dir(),
        })
    }
}

/// A finished job.
#[derive(Debug)]
pub struct Done {
    /// The request it answers.
    pub id: RequestId,
    /// The answer.
    pub answer: Result<Reply, Failure>,
}

/// A job on its way.
#[derive(Debug)]
struct Running {
    what: &'static str,
    spends_money: bool,
    abort: tokio::task::AbortHandle,
}

struct Services {
    oneatlas: Result<OneAtlasClient, String>,
    up42: Result<Up42Client, String>,
    money: MoneyPath,
}

/// A new connection, made on the runtime.
struct Reconnected {
    choice: Choice,
    oneatlas: Result<OneAtlasClient, String>,
    up42: Result<Up42Client, String>,
    key_note: Option<String>,
}

/// The runtime, the clients and the jobs in flight.
pub struct Jobs {
    runtime: tokio::runtime::Runtime,
    services: Arc<Services>,
    sandbox: Option<Sandbox>,
    /// Where requests go, in words ("the sandbox inside this app (http://127.0.0.1:41234)").
    pub endpoint: String,
    /// Where the OneAtlas key came from or was kept.
    pub key_note: Option<String>,
    /// Where requests go.
    pub choice: Choice,
    /// Where quicklooks are cached.
    pub quicklook_cache: Option<PathBuf>,
    /// Calls an earlier run sent whose outcome is still unknown (from the journal).
    pub unclear_at_start: Vec<crate::tasking::journal::Entry>,
    options: ClientOptions,
    secrets: Arc<Secrets>,
    sender: mpsc::Sender<Done>,
    receiver: mpsc::Receiver<Done>,
    reconnected_to: mpsc::Sender<Reconnected>,
    reconnections: mpsc::Receiver<Reconnected>,
    running: HashMap<RequestId, Running>,
    repaint: Option<egui::Context>,
}

impl Jobs {
    /// Starts the runtime (and the sandbox when no backend is named) and makes the clients.
    pub fn start(connection: Connection) -> Result<Jobs, String> {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .thread_name("sattask-jobs")
            .enable_all()
            .build()
            .map_err(|e| format!("cannot start the background runtime: {e}"))?;
        // The sandbox inside the app runs whatever the first choice: the settings may come
        // back to it.
        let addr = SocketAddr::from(([127, 0, 0, 1], 0));
        let sandbox = runtime
            .block_on(Sandbox::start(addr, connection.sandbox.clone()))
            .map_err(|e| format!("cannot start the sandbox: {e}"))?;
        let in_app_url = Some(sandbox.base_url());
        let secrets = Arc::new(Secrets::default());
        let resolved = {
            let (choice, url, secrets, options) = (
                connection.choice.clone(),
                in_app_url.clone(),
                secrets.clone(),
                connection.options.clone(),
            );
            runtime
                .block_on(runtime.spawn_blocking(move || {
                    resolve(
                        &choice,
                        url.as_deref(),
                        Typed::default(),
                        false,
                        &secrets,
                        &options,
                    )
                }))
                .map_err(|e| format!("cannot set the connection up: {e}"))?
        };
        let money = MoneyPath::new(Journal::at(connection.journal));
        // What an earlier run sent without a clear answer, read once before the window opens.
        let unclear_at_start = money.unclear();
        let (sender, receiver) = mpsc::channel();
        let (reconnected_to, reconnections) = mpsc::channel();
        Ok(Jobs {
            runtime,
            unclear_at_start,
            endpoint: connection.choice.describe(in_app_url.as_deref()),
            key_note: resolved.key_note,
            services: Arc::new(Services {
                oneatlas: resolved.client,
                up42: resolved.up42,
                money,
            }),
            choice: connection.choice,
            quicklook_cache: connection.quicklook_cache,
            options: connection.options,
            secrets,
            sandbox: Some(sandbox),
            sender,
            receiver,
            reconnected_to,
            reconnections,
            running: HashMap::new(),
            repaint: None,
        })
    }

    /// The in-process sandbox's origin, when it runs.
    pub fn sandbox_url(&self) -> Option<String> {
        self.sandbox.as_ref().map(Sandbox::base_url)
    }

    /// The window to wake when an answer arrives.
    pub fn set_repaint(&mut self, ctx: &egui::Context) {
        if self.repaint.is_none() {
            self.repaint = Some(ctx.clone());
        }
    }

    /// Hands a job to the runtime; returns at once.
    pub fn spawn(&mut self, ticket: Ticket) {
        let Ticket { id, job } = ticket;
        let (what, spends_money) = (job.describe(), job.spends_money());
        let services = self.services.clone();
        let sender = self.sender.clone();
        let repaint = self.repaint.clone();
        let handle = self.runtime.spawn(async move {
            let answer = run(&services, job).await;
            let _ = sender.send(Done { id, answer });
            if let Some(ctx) = repaint {
                ctx.request_repaint();
            }
        });
        self.running.insert(
            id,
            Running {
                what,
                spends_money,
                abort: handle.abort_handle(),
            },
        );
    }

    /// Stops a job that spends nothing; an order, once handed over, runs to its end.
    pub fn cancel(&mut self, id: RequestId) {
        if let Some(running) = self.running.get(&id)
            && !running.spends_money
        {
            running.abort.abort();
            self.running.remove(&id);
        }
    }

    /// Connects to another service (or with another key) on the runtime; the answer comes
    /// through [`Jobs::poll_reconnection`]. Jobs already running finish on the old connection.
    pub fn reconnect(&mut self, choice: Choice, typed: Typed, remember: bool) {
        let (url, secrets, options) = (
            self.sandbox_url(),
            self.secrets.clone(),
            self.options.clone(),
        );
        let sender = self.reconnected_to.clone();
        let repaint = self.repaint.clone();
        // Detached: the answer comes back on the channel.
        drop(self.runtime.spawn_blocking(move || {
            let resolved = resolve(&choice, url.as_deref(), typed, remember, &secrets, &options);
            let _ = sender.send(Reconnected {
                choice,
                oneatlas: resolved.client,
                up42: resolved.up42,
                key_note: resolved.key_note,
            });
            if let Some(ctx) = repaint {
                ctx.request_repaint();
            }
        }));
    }

    /// Takes a finished reconnection, if any: true when the services changed.
    pub fn poll_reconnection(&mut self) -> bool {
        let Some(new) = self.reconnections.try_iter().last() else {
            return false;
        };
        self.endpoint = new.choice.describe(self.sandbox_url().as_deref());
        self.key_note = new.key_note;
        self.choice = new.choice;
        self.services = Arc::new(Services {
            oneatlas: new.oneatlas,
            up42: new.up42,
            money: self.services.money.clone(),
        });
        true
    }

    /// The answers that arrived since the last call.
    pub fn poll(&mut self) -> Vec<Done> {
        let done: Vec<Done> = self.receiver.try_iter().collect();
        for d in &done {
            self.running.remove(&d.id);
        }
        done
    }

    /// What is on its way, oldest first.
    pub fn in_flight(&self) -> Vec<InFlight> {
        let mut list: Vec<InFlight> = self
            .running
            .iter()
            .map(|(id, r)| InFlight {
                id: *id,
                what: r.what,
                cancellable: !r.spends_money,
            })
            .collect();
        list.sort_by_key(|f| f.id);
        list
    }

    /// Whether anything is on its way.
    pub fn busy(&self) -> bool {
        !self.running.is_empty()
    }

    /// Runs a future on the app's runtime and waits for it (tests and start-up only).
    pub fn block_on<F: std::future::Future>(&self, future: F) -> F::Output {
        self.runtime.block_on(future)
    }
}

/// A quicklook from the disk cache, else from the catalogue (then kept in the cache), read and
/// decoded off the runtime's workers. A cached file that no longer decodes is fetched again; a
/// cache that cannot be written costs only a fetch next time.
async fn quicklook(
    client: &OneAtlasClient,
    catalog_id: &str,
    cache: Option<PathBuf>,
) -> Result<Reply, Failure> {
    let file = cache
        .as_ref()
        .map(|dir| dir.join(crate::tasking::quicklook::cache_name(catalog_id)));
    let from_cache = file.clone().map(|path| {
        tokio::task::spawn_blocking(move || {
            std::fs::read(path)
                .ok()
                .and_then(|bytes| QuicklookImage::decode(&bytes).ok())
        })
    });
    if let Some(task) = from_cache
        && let Ok(Some(image)) = task.await
    {
        return Ok(Reply::Quicklook(image));
    }
    let bytes = client.quicklook(catalog_id).await.map_err(refused)?;
    tokio::task::spawn_blocking(move || {
        let image = QuicklookImage::decode(&bytes)?;
        if let Some(path) = file {
            let written = path
                .parent()
                .map_or(Ok(()), std::fs::create_dir_all)
                .and_then(|()| std::fs::write(&path, &bytes));
            if let Err(error) = written {
                tracing::warn!(%error, path = %path.display(), "the quicklook was not cached");
            }
        }
        Ok(Reply::Quicklook(image))
    })
    .await
    .map_err(|e| Failure::Refused(format!("the quicklook could not be decoded: {e}")))?
    .map_err(Failure::Refused)
}

fn refused(error: ApiError) -> Failure {
    Failure::Refused(error.to_string())
}

async fn run(services: &Services, job: Job) -> Result<Reply, Failure> {
    match job {
        Job::Quotations(query) => {
            let up42 = services
                .up42
                .as_ref()
                .map_err(|why| Failure::Refused(why.clone()))?;
            return Ok(Reply::Quotations(
                up42.quotations(&query).await.map_err(refused)?,
            ));
        }
        Job::Act(act) => return act_on(services, act).await,
        _ => {}
    }
    let client = services
        .oneatlas
        .as_ref()
        .map_err(|why| Failure::Refused(why.clone()))?;
    match job {
        Job::Quicklook { catalog_id, cache } => quicklook(client, &catalog_id, cache).await,
        Job::Taskings { contract, filter } => Ok(Reply::Taskings(
            client.taskings(&contract, &filter).await.map_err(refused)?,
        )),
        Job::Segments {
            contract,
            tasking,
            aoi,
        } => {
            let list = client
                .segments(&contract, &tasking)
                .await
                .map_err(refused)?;
            let left = aoi.and_then(|aoi| crate::tasking::coverage::still_to_acquire(&aoi, &list));
            Ok(Reply::Segments(list, left))
        }
        Job::NeoOrders { contract } => {
            let search =
                crate::tasking::reconcile::neo_search(&[("contractId", contract.as_str())]);
            let answer = client.search_orders(&search).await.map_err(refused)?;
            Ok(Reply::NeoOrders(features(&answer)))
        }
        Job::Delivered { workspace } => {
            let answer = client
                .delivered_imagery(&workspace)
                .await
                .map_err(refused)?;
            Ok(Reply::Delivered(features(&answer)))
        }
        Job::Coverages { contract, item } => {
            let search =
                crate::tasking::reconcile::coverage_search(contract.as_str(), &item, &[], None);
            let answer = client.search_coverages(&search).await.map_err(refused)?;
            Ok(Reply::Coverages(features(&answer)))
        }
        Job::Quotations(_) | Job::Act(_) => Err(Failure::Refused("not a OneAtlas call".to_owned())),
        Job::Contracts => Ok(Reply::Contracts(
            client
                .contracts()
                .await
                .map_err(refused)?
                .contracts
                .into_iter()
                .collect(),
        )),
        Job::Feasibility(request) => Ok(Reply::Feasibility(
            client.feasibility(&request).await.map_err(refused)?,
        )),
        Job::Attempts { request, aoi } => {
            let answer: CapacityAnswer = client.attempts(&request).await.map_err(refused)?;
            let mut errors: Vec<String> = answer
                .offers()
                .flat_map(|o| {
                    o.errors.iter().map(move |e| {
                        let what =
                            format!("{} {}", mission_words(&o.mission), offer_words(&o.name));
                        format!("{what}: {}", e.describe())
                    })
                })
                .collect();
            // What could not be read is said beside the offers' errors, never silently dropped.
            errors.extend(answer.warnings());
            Ok(Reply::Attempts {
                attempts: attempts_of(&answer, &aoi),
                errors,
            })
        }
        Job::Options {
            contract,
            product,
            aoi,
        } => Ok(Reply::Options(
            client
                .options(&contract, &product, &aoi)
                .await
                .map_err(refused)?,
        )),
        Job::Price(request) => Ok(Reply::Price(client.price(&request).await.map_err(refused)?)),
        Job::Order { request, quotation } => {
            // The same order under another reference is still the same order: the journal
            // compares bodies without the reference the window generates each time.
            let unreferenced = OrderRequest {
                customer_reference: None,
                ..request.clone()
            };
            let key =
                serde_json::to_value(&unreferenced).map_err(|e| Failure::Refused(e.to_string()))?;
            let spend = Spend::order(&request, quotation, key);
            let money = &services.money;
            let ticket = money.begin(spend, false).map_err(money_failure)?;
            let receipt = if quotation {
                let answer = money
                    .send(ticket, client.request_quotation(&request))
                    .await
                    .map_err(money_failure)?;
                summary_of(&answer)
            } else {
                let answer = money
                    .send(ticket, client.order(&request))
                    .await
                    .map_err(money_failure)?;
                format!(
                    "{}{}{}",
                    answer.outcome(),
                    answer
                        .total_amount
                        .map(|a| format!(
                            " for {}",
                            crate::tasking::amount::money(
                                a,
                                answer.currency.as_deref().unwrap_or("")
                            )
                        ))
                        .unwrap_or_default(),
                    request
                        .customer_reference
                        .as_deref()
                        .map(|r| format!(" (reference {r})"))
                        .unwrap_or_default()
                )
            };
            Ok(Reply::Ordered(receipt))
        }
        Job::Check(check) => {
            let found = reconcile(client, &check).await.map_err(refused)?;
            settle(&services.money, &check, &found);
            Ok(Reply::Checked(found))
        }
    }
}

/// A decision through the money path: journaled, sent once.
async fn act_on(services: &Services, act: Act) -> Result<Reply, Failure> {
    let (oneatlas, up42) = (services.oneatlas.as_ref(), services.up42.as_ref());
    // No client, nothing journaled: say so before anything is written.
    let missing = match &act {
        Act::AcceptQuotation { .. } | Act::RejectQuotation { .. } => up42.err(),
        _ => oneatlas.err(),
    };
    if let Some(why) = missing {
        return Err(Failure::Refused(why.clone()));
    }
    let money = &services.money;
    let ticket = money.begin(act.as_spend(), false).map_err(money_failure)?;
    let call = async {
        match (&act, oneatlas, up42) {
            (
                Act::AcceptSegment {
                    contract,
                    tasking,
                    segment,
                }
                | Act::RefuseSegment {
                    contract,
                    tasking,
                    segment,
                },
                Ok(client),
                _,
            ) => {
                let accept = matches!(act, Act::AcceptSegment { .. });
                client
                    .decide_segment(contract, tasking, segment, accept)
                    .await
            }
            (
                Act::Cancel { contract, tasking } | Act::Stop { contract, tasking },
                Ok(client),
                _,
            ) => {
                let stop = matches!(act, Act::Stop { .. });
                client.end_tasking(contract, tasking, stop).await
            }
            (
                Act::NeoQuotation {
                    contract,
                    quotation,
                    accept,
                    ..
                },
                Ok(client),
                _,
            ) => client.decide_quotation(contract, quotation, *accept).await,
            (
                Act::Coverage {
                    coverage, accept, ..
                },
                Ok(client),
                _,
            ) => client.decide_coverage(coverage, *accept).await,
            (Act::EndOrderItem { item, stop }, Ok(client), _) => {
                client.end_order_item(item, *stop).await
            }
            (Act::AcceptQuotation { id, .. } | Act::RejectQuotation { id, .. }, _, Ok(client)) => {
                let decision = if matches!(act, Act::AcceptQuotation { .. }) {
                    Decision::Accepted
                } else {
                    Decision::Rejected
                };
                let quotation = client.decide_quotation(id, decision).await?;
                Ok(serde_json::to_value(quotation).unwrap_or_default())
            }
            // Checked above; a refusal before sending if it ever happens.
            _ => Err(ApiError::BadRequest(
                "no client for this decision".to_owned(),
            )),
        }
    };
    let answer = money.send(ticket, call).await.map_err(money_failure)?;
    let words = summary_of(&answer);
    Ok(Reply::Acted(if words.is_empty() {
        "done".to_owned()
    } else {
        words
    }))
}

/// Writes what a check found into the journal, so the same order is allowed again only when
/// it was not placed.
fn settle(money: &MoneyPath, check: &CheckHint, found: &Reconciliation) {
    let detail = match found {
        Reconciliation::Found { detail } => Some(detail.clone()),
        Reconciliation::NotFound => None,
        Reconciliation::CannotTell { .. } => return,
    };
    for entry in money.unclear() {
        if entry.check.as_ref() == Some(check)
            && let Err(error) = money.settle(&entry.id, detail.clone())
        {
            tracing::warn!(%error, "the check's outcome could not be written to the journal");
        }
    }
}

/// The records of a search answer (`features`, or `items` in some documents).
fn features(answer: &serde_json::Value) -> Vec<serde_json::Value> {
    ["features", "items"]
        .iter()
        .find_map(|key| answer.get(*key).and_then(serde_json::Value::as_array))
        .cloned()
        .unwrap_or_default()
}

fn money_failure(error: MoneyError) -> Failure {
    match &error {
        // The same order already went through: nothing to check, nothing was sent.
        MoneyError::AlreadySent { previous, .. } if previous.state == EntryState::Done => {
            Failure::Refused(format!(
                "the same {} already went through at {}{}; nothing was sent now",
                previous.kind,
                previous.at,
                previous
                    .detail
                    .as_deref()
                    .map(|d| format!(" ({d})"))
                    .unwrap_or_default()
            ))
        }
        MoneyError::Unknown { check, .. } | MoneyError::AlreadySent { check, .. } => {
            Failure::Unknown {
                message: error.to_string(),
                check: check.clone(),
            }
        }
        _ => Failure::Refused(error.to_string()),
    }
}
