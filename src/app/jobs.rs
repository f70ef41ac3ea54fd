//! The job layer: one named tokio runtime for the app, one long-lived client per service (so the
//! OneAtlas pacing is shared by every call the window makes), the in-process sandbox when no
//! backend is named, and the answers sent back to the window as typed messages on a channel.
//! Nothing here runs on the window's thread but `spawn` (which only hands work over) and
//! `poll` (which only reads the channel).

use std::collections::HashMap;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::{Arc, mpsc};

mod compare;
mod up42_task;

use super::connection::{Typed, resolve};
use crate::aoi::mission::{mission_words, offer_words};
use crate::api::ApiError;
use crate::api::ClientOptions;
use crate::api::credentials::Backend;
use crate::api::oneatlas::OneAtlasClient;
use crate::api::oneatlas::models::CapacityAnswer;
use crate::api::tolerant::Warnings;
use crate::api::up42::Up42Client;
use crate::sandbox::{Sandbox, SandboxConfig, SandboxError};
use crate::state::InFlight;
use crate::state::connection::Choice;
use crate::store::secrets::Secrets;
use crate::tasking::RequestId;
use crate::tasking::quicklook::QuicklookImage;
use crate::tasking::spend::reconcile::{coverage_search, neo_search};
use crate::tasking::spend::spend;
use crate::tasking::spend::words::receipt;
use crate::tasking::spend::{
    Clients, Destination, Entry, EntryState, Journal, MoneyError, MoneyPath, Reach, Spending,
};
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
    /// The kind a newer request of the same kind replaces (see `Job::latest_wins`).
    latest_wins: Option<&'static str>,
    abort: tokio::task::AbortHandle,
}

struct Services {
    /// The clients, each with where its calls go (what the journal records).
    clients: Clients,
    money: MoneyPath,
}

/// Where calls go for a choice, as the journal records it: the sandbox inside the app by its
/// state file (its port changes at each start, its world does not), else the base URL.
fn clients_for(
    choice: &Choice,
    in_app_url: Option<&str>,
    in_app_state: Option<&std::path::Path>,
    oneatlas: Result<OneAtlasClient, String>,
    up42: Result<Up42Client, String>,
) -> Clients {
    let hosts = choice.hosts(in_app_url);
    let (oneatlas_at, up42_at) = match (choice, in_app_state) {
        (Choice::InApp, Some(state)) => (Destination::in_app(state), Destination::in_app(state)),
        (Choice::InApp | Choice::Sandbox(_), _) => (
            Destination::new(Backend::Sandbox, &hosts.oneatlas_order),
            Destination::new(Backend::Sandbox, &hosts.up42_api),
        ),
        (Choice::OneAtlas(_), _) => (
            Destination::new(Backend::Oneatlas, &hosts.oneatlas_order),
            Destination::new(Backend::Up42, &hosts.up42_api),
        ),
    };
    Clients {
        oneatlas: Reach {
            client: oneatlas,
            at: oneatlas_at,
        },
        up42: Reach {
            client: up42,
            at: up42_at,
        },
    }
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
    /// Something the window should say once at start (the sandbox inside the app not started,
    /// and why).
    pub note: Option<String>,
    /// Calls an earlier run sent whose outcome is still unknown (from the journal).
    pub unclear_at_start: Vec<Entry>,
    options: ClientOptions,
    secrets: Arc<Secrets>,
    sender: mpsc::Sender<Done>,
    receiver: mpsc::Receiver<Done>,
    reconnected_to: mpsc::Sender<Reconnected>,
    reconnections: mpsc::Receiver<Reconnected>,
    running: HashMap<RequestId, Running>,
    repaint: Option<egui::Context>,
    /// The state file of the sandbox inside the app (how the journal names it).
    in_app_state: Option<PathBuf>,
    /// The comparison's requests on their way, and their answers.
    compare: compare::CompareJobs,
}

impl Jobs {
    /// The order journal's file.
    pub fn journal_path(&self) -> &std::path::Path {
        self.services.money.journal().path()
    }

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
        let (sandbox, note) =
            match runtime.block_on(Sandbox::start(addr, connection.sandbox.clone())) {
                Ok(sandbox) => (Some(sandbox), None),
                // Another window keeps the sandbox's world: this one works with the service it
                // was started on, without a sandbox of its own (never two writers of one world).
                Err(error @ SandboxError::StateInUse(_)) if connection.choice != Choice::InApp => {
                    let note = format!("the sandbox inside this app is not started: {error}");
                    (None, Some(note))
                }
                Err(error) => return Err(format!("cannot start the sandbox: {error}")),
            };
        let in_app_url = sandbox.as_ref().map(Sandbox::base_url);
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
                clients: clients_for(
                    &connection.choice,
                    in_app_url.as_deref(),
                    connection.sandbox.state_file.as_deref(),
                    resolved.client,
                    resolved.up42,
                ),
                money,
            }),
            in_app_state: connection.sandbox.state_file.clone(),
            choice: connection.choice,
            quicklook_cache: connection.quicklook_cache,
            options: connection.options,
            secrets,
            sandbox,
            note,
            sender,
            receiver,
            reconnected_to,
            reconnections,
            running: HashMap::new(),
            repaint: None,
            compare: compare::CompareJobs::new(),
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
        let (what, spends_money, latest_wins) =
            (job.describe(), job.spends_money(), job.latest_wins());
        if let Some(kind) = latest_wins {
            // Latest wins: an older price (or options) request still queued behind the pacer
            // is dropped before it reaches the wire; its answer would be dropped anyway.
            self.running.retain(|_, running| {
                let superseded = running.latest_wins == Some(kind) && !running.spends_money;
                if superseded {
                    running.abort.abort();
                }
                !superseded
            });
        }
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
                latest_wins,
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
        let clients = clients_for(
            &new.choice,
            self.sandbox_url().as_deref(),
            self.in_app_state.as_deref(),
            new.oneatlas,
            new.up42,
        );
        self.choice = new.choice;
        self.services = Arc::new(Services {
            clients,
            money: self.services.money.clone(),
        });
        true
    }

    /// What the order placed under `reference` bought, as this machine's journal holds it.
    pub fn bought_under(&self, reference: &str) -> Option<crate::tasking::spend::earlier::Bought> {
        let entries = self.services.money.journal().entries();
        crate::tasking::spend::journal::latest(entries)
            .into_iter()
            .rev()
            .filter(|e| e.customer_reference.as_deref() == Some(reference))
            .find_map(|e| e.bought)
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

/// A followed UP42 order: its studies and quotations (a failure fails the read), its coverage
/// (which UP42 may not give before an acquisition) and its delivered assets (each a failure
/// said beside the rest).
async fn up42_detail(
    up42: &crate::api::up42::Up42Client,
    order: crate::api::ids::OrderId,
) -> Result<crate::tasking::up42_follow::Up42Detail, ApiError> {
    let studies = up42.feasibility_studies(Some(order.as_str())).await?;
    let quotations = up42
        .quotations(&crate::api::up42::models::QuotationQuery {
            order_id: Some(order.as_str().to_owned()),
            ..Default::default()
        })
        .await?;
    let coverage = up42.order_coverage(&order).await.map_err(|e| e.to_string());
    let assets = up42
        .order_assets(&order)
        .await
        .map(|found| found.features.into_iter().collect())
        .map_err(|e| e.to_string());
    Ok(crate::tasking::up42_follow::Up42Detail {
        order,
        studies: studies.content,
        quotations: quotations.content,
        coverage,
        assets,
    })
}

/// The UP42 client, or why there is none (no account, a bad setting) as the job's failure.
fn up42_client(clients: &Clients) -> Result<&Up42Client, Failure> {
    clients
        .up42
        .client
        .as_ref()
        .map_err(|why| Failure::Refused(why.clone()))
}

/// A UP42 read (the quotations, the orders).
async fn up42_read(clients: &Clients, job: Job) -> Result<Reply, Failure> {
    let up42 = up42_client(clients)?;
    match job {
        Job::Quotations(query) => Ok(Reply::Quotations(
            up42.quotations(&query).await.map_err(refused)?,
        )),
        Job::Up42Orders(query) => Ok(Reply::Up42Orders(
            up42.orders(&query).await.map_err(refused)?,
        )),
        Job::Up42Order(order) => Ok(Reply::Up42Order(Box::new(
            up42.tasking_order(&order).await.map_err(refused)?,
        ))),
        Job::Up42Follow(order) => Ok(Reply::Up42Follow(Box::new(
            up42_detail(up42, order).await.map_err(refused)?,
        ))),
        _ => Err(Failure::Refused(
            "not a UP42 read: nothing was sent".to_owned(),
        )),
    }
}

async fn run(services: &Services, job: Job) -> Result<Reply, Failure> {
    let (money, clients) = (&services.money, &services.clients);
    match job {
        Job::Quotations(_) | Job::Up42Orders(_) | Job::Up42Order(_) | Job::Up42Follow(_) => {
            return up42_read(clients, job).await;
        }
        Job::Up42Workspace
        | Job::Up42Collections
        | Job::Up42Schema(_)
        | Job::Up42Estimate(_)
        | Job::Up42Earlier { .. }
        | Job::Up42Place { .. } => return up42_task::run_up42_task(money, clients, job).await,
        Job::Act(act) => {
            let spending = Spending::Decide(act);
            let answer = spend(money, clients, spending.clone(), false)
                .await
                .map_err(money_failure)?;
            return Ok(Reply::Acted(receipt(&spending, &answer)));
        }
        Job::Order { request, quotation } => {
            let spending = Spending::order(request, quotation);
            let answer = spend(money, clients, spending.clone(), false)
                .await
                .map_err(money_failure)?;
            return Ok(Reply::Ordered(receipt(&spending, &answer)));
        }
        Job::Check { check, entry } => {
            return crate::tasking::spend::check(money, clients, &check, entry.as_deref())
                .await
                .map(Reply::Checked)
                .map_err(|error| Failure::Refused(error.to_string()));
        }
        _ => {}
    }
    let client = clients
        .oneatlas
        .client
        .as_ref()
        .map_err(|why| Failure::Refused(why.clone()))?;
    match job {
        Job::Quicklook { catalog_id, cache } => quicklook(client, &catalog_id, cache).await,
        Job::EarlierTaskings {
            request,
            quotation,
            mission,
        } => {
            // The journal first (this machine's orders, under its lock), then the service.
            let contract = request.contract_id.clone();
            let spend = crate::tasking::spend::spend_of(&Spending::order(*request, quotation));
            let mut found = money.earlier(&spend).unwrap_or_else(|error| {
                tracing::warn!(%error, "the journal could not be read for earlier purchases");
                Vec::new()
            });
            if let (Some(mission), Some(bought)) = (mission, &spend.bought) {
                let filter = crate::api::oneatlas::TaskingFilter {
                    mission: Some(mission),
                    count: Some(100),
                    ..crate::api::oneatlas::TaskingFilter::default()
                };
                match client.taskings(&contract, &filter).await {
                    Ok(list) => found.extend(list.taskings.iter().filter_map(|t| {
                        crate::tasking::spend::earlier::tasking_matches(bought, &t.icr)
                    })),
                    // The journal's findings stand; the confirmation says the service's could
                    // not be had.
                    Err(error) => {
                        return Ok(Reply::EarlierTaskings {
                            found,
                            not_searched: Some(error.to_string()),
                        });
                    }
                }
            }
            Ok(Reply::EarlierTaskings {
                found,
                not_searched: None,
            })
        }
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
            let search = neo_search(&[("contractId", contract.as_str())]);
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
            let search = coverage_search(contract.as_str(), &item, &[], None);
            let answer = client.search_coverages(&search).await.map_err(refused)?;
            Ok(Reply::Coverages(features(&answer)))
        }
        Job::Quotations(_)
        | Job::Up42Order(_)
        | Job::Up42Orders(_)
        | Job::Up42Follow(_)
        | Job::Up42Workspace
        | Job::Up42Collections
        | Job::Up42Schema(_)
        | Job::Up42Estimate(_)
        | Job::Up42Earlier { .. }
        | Job::Up42Place { .. }
        | Job::Act(_)
        | Job::Order { .. }
        | Job::Check { .. } => Err(Failure::Refused(
            "not a OneAtlas read: nothing was sent".to_owned(),
        )),
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
        // Another window or a script is sending it now: as unclear as a lost answer, checked
        // (once it has ended) rather than sent again.
        MoneyError::Unknown { check, .. } | MoneyError::AlreadySent { check, .. } => {
            Failure::Unknown {
                message: error.to_string(),
                check: check.clone(),
            }
        }
        MoneyError::BeingSent { previous, .. } => match &previous.check {
            Some(check) => Failure::Unknown {
                message: error.to_string(),
                check: check.clone(),
            },
            None => Failure::Refused(error.to_string()),
        },
        _ => Failure::Refused(error.to_string()),
    }
}
