//! Tasking through UP42 from the window, as a plain state machine: the account's workspace
//! (its id, as the SDK reads it), the tasking collections, the chosen data product's form (from
//! its schema, `tasking::up42_form`), the live credit estimate (asked again when the AOI or the
//! form changes; an older one still waiting is dropped, latest wins) and the order (a
//! confirmation naming what is bought, then once through the money path). Its request ids start
//! at 2^41, so the shell knows where an answer goes. No egui here.

pub mod catalogue;
mod order;
pub mod request;
pub mod step;
#[cfg(test)]
mod tests;

use time::OffsetDateTime;

use self::step::Up42Step;
use crate::api::up42::models::{Collection, Estimate, OrderRequest};
use crate::tasking::RequestId;
use crate::tasking::up42_form::{Checked, Up42Form, Values};
use crate::tasking::workflow::{Failure, Job, Reply, Slot, Target};

/// The first id of this machine's requests (the workflow's are small, the tracking's from
/// 2^40).
const FIRST_ID: u64 = 1 << 41;

/// The UP42 side of the Task tab.
#[derive(Debug, Clone, PartialEq)]
pub struct Up42Task {
    next_id: u64,
    /// The account's id, its default workspace.
    pub workspace: Slot<String>,
    /// The tasking collections.
    pub collections: Slot<Vec<Collection>>,
    /// What could not be read of the catalogue.
    pub warnings: Vec<String>,
    /// The chosen collection's name.
    pub collection: Option<String>,
    /// The chosen data product's id.
    pub product: Option<String>,
    /// The chosen product's form.
    pub form: Slot<Up42Form>,
    /// What the person typed or chose.
    pub values: Values,
    /// The values checked: the params, and what is wrong per field.
    pub checked: Checked,
    /// The credit estimate of `estimated`.
    pub estimate: Slot<Estimate>,
    /// The body the estimate is for (waiting or ready).
    estimated: Option<OrderRequest>,
    /// Why nothing can be estimated or ordered now, in words (what to fix).
    pub blocked: Option<String>,
    /// Why `Order…` could not open the confirmation, until the next command.
    pub note: Option<String>,
    /// The order.
    pub order: Up42Step,
    /// Answers dropped because a newer request replaced theirs.
    pub dropped: u64,
}

impl Default for Up42Task {
    fn default() -> Self {
        Up42Task {
            next_id: FIRST_ID,
            workspace: Slot::Idle,
            collections: Slot::Idle,
            warnings: Vec::new(),
            collection: None,
            product: None,
            form: Slot::Idle,
            values: Values::new(),
            checked: Checked::default(),
            estimate: Slot::Idle,
            estimated: None,
            blocked: None,
            note: None,
            order: Up42Step::Closed,
            dropped: 0,
        }
    }
}

impl Up42Task {
    fn ticket(&mut self, job: Job) -> crate::tasking::workflow::Ticket {
        self.next_id += 1;
        crate::tasking::workflow::Ticket {
            id: RequestId(self.next_id),
            job,
        }
    }

    /// Whether an answer belongs to this machine.
    pub fn owns(&self, id: RequestId) -> bool {
        id.0 > FIRST_ID
    }

    /// What UP42 is chosen for the first time (or after a failure) asks: the workspace and
    /// the catalogue.
    pub fn start(&mut self) -> Vec<crate::tasking::workflow::Ticket> {
        let mut tickets = Vec::new();
        if matches!(self.workspace, Slot::Idle | Slot::Failed(_)) {
            let ticket = self.ticket(Job::Up42Workspace);
            self.workspace = Slot::Waiting(ticket.id);
            tickets.push(ticket);
        }
        if matches!(self.collections, Slot::Idle | Slot::Failed(_)) {
            let ticket = self.ticket(Job::Up42Collections);
            self.collections = Slot::Waiting(ticket.id);
            tickets.push(ticket);
        }
        tickets
    }

    /// Everything asked of the old service is forgotten (the connection changed).
    pub fn forget_answers(&mut self) {
        let next_id = self.next_id;
        *self = Up42Task {
            next_id,
            ..Up42Task::default()
        };
    }

    /// The chosen collection.
    pub fn chosen_collection(&self) -> Option<&Collection> {
        let name = self.collection.as_deref()?;
        self.collections.ready()?.iter().find(|c| c.name == name)
    }

    /// Chooses a collection's data product; its form is asked.
    pub fn choose_product(
        &mut self,
        collection: String,
        product: String,
    ) -> Option<crate::tasking::workflow::Ticket> {
        if self.collection.as_deref() == Some(&collection)
            && self.product.as_deref() == Some(&product)
            && !matches!(self.form, Slot::Failed(_))
        {
            return None;
        }
        self.collection = Some(collection);
        self.product = Some(product.clone());
        self.values.clear();
        self.checked = Checked::default();
        self.estimate = Slot::Idle;
        self.estimated = None;
        let ticket = self.ticket(Job::Up42Schema(product));
        self.form = Slot::Waiting(ticket.id);
        Some(ticket)
    }

    /// A field changed.
    pub fn set_value(&mut self, name: &str, text: String) {
        self.values.insert(name.to_owned(), text);
        self.recheck();
    }

    fn recheck(&mut self) {
        if let Some(form) = self.form.ready() {
            self.checked = form.check(&self.values);
        }
    }

    /// Stops waiting for a request that spends nothing; true when it was waited for.
    pub fn cancel(&mut self, id: RequestId) -> bool {
        const CANCELLED: &str = "cancelled: ask again when you want it";
        let why = || CANCELLED.to_owned();
        if self.workspace.waiting() == Some(id) {
            self.workspace = Slot::Failed(why());
        } else if self.collections.waiting() == Some(id) {
            self.collections = Slot::Failed(why());
        } else if self.form.waiting() == Some(id) {
            self.form = Slot::Failed(why());
        } else if self.estimate.waiting() == Some(id) {
            self.estimate = Slot::Failed(why());
        } else {
            return false;
        }
        true
    }

    /// The body an order of the chosen product for `target` would send, or what to fix first.
    pub fn request_for(&self, target: Option<&Target>) -> Result<OrderRequest, String> {
        let Some(target) = target else {
            return Err("select or draw an AOI to estimate and order".to_owned());
        };
        if let Some(why) = target.refused {
            return Err(format!(
                "the AOI '{}' would be refused: {why} Fix the AOI first; nothing is sent to UP42 until then",
                target.aoi.name
            ));
        }
        let Some(product) = &self.product else {
            return Err("choose a collection and a data product".to_owned());
        };
        if self.form.ready().is_none() {
            return Err("the data product's order form is not loaded yet".to_owned());
        }
        if let Some(why) = self.checked.problems.values().next() {
            let more = self.checked.problems.len() - 1;
            let more = match more {
                0 => String::new(),
                1 => " (and one more field)".to_owned(),
                n => format!(" (and {n} more fields)"),
            };
            return Err(format!("fix the form: {why}{more}"));
        }
        let workspace = self.workspace.ready().map_or("", String::as_str);
        Ok(request::order_request(
            workspace,
            product,
            self.checked.params.clone(),
            target.aoi,
            None,
            Vec::new(),
        ))
    }

    /// After a change (an AOI edit, another product, a field, an answer): a new estimate when
    /// the body changed; the older one, if still waiting, is dropped.
    pub fn follow_up(&mut self, target: Option<&Target>) -> Vec<crate::tasking::workflow::Ticket> {
        let estimable = self.chosen_collection().is_some_and(catalogue::estimable);
        match self.request_for(target) {
            Err(why) => {
                self.blocked = Some(why);
                if self.estimate.waiting().is_some() {
                    self.dropped += 1;
                }
                self.estimate = Slot::Idle;
                self.estimated = None;
                Vec::new()
            }
            Ok(_) if !estimable => {
                self.blocked = None;
                Vec::new()
            }
            Ok(body) => {
                self.blocked = None;
                if self.estimated.as_ref() == Some(&body) && !matches!(self.estimate, Slot::Idle) {
                    return Vec::new();
                }
                let ticket = self.ticket(Job::Up42Estimate(Box::new(body.clone())));
                if self.estimate.waiting().is_some() {
                    self.dropped += 1;
                }
                self.estimate = Slot::Waiting(ticket.id);
                self.estimated = Some(body);
                vec![ticket]
            }
        }
    }

    /// The credits of the current estimate, when it priced every AOI.
    pub fn estimated_credits(&self) -> Option<f64> {
        let estimate = self.estimate.ready()?;
        if !estimate.errors.is_empty() {
            return None;
        }
        estimate.summary.total_credits.get().map(|n| n.0)
    }

    /// Takes an answer; returns whether an order was placed by it (the orders list follows).
    pub fn receive(&mut self, id: RequestId, answer: Result<Reply, Failure>) -> bool {
        let failed = |answer: &Result<Reply, Failure>| match answer {
            Err(Failure::Refused(why) | Failure::Unknown { message: why, .. }) => why.clone(),
            Ok(_) => "an answer of another kind came: ask again".to_owned(),
        };
        if self.workspace.waiting() == Some(id) {
            self.workspace = match answer {
                Ok(Reply::Up42Workspace(id)) => Slot::Ready(id),
                other => Slot::Failed(failed(&other)),
            };
        } else if self.collections.waiting() == Some(id) {
            self.collections = match answer {
                Ok(Reply::Up42Collections(list, warnings)) => {
                    self.warnings = warnings;
                    Slot::Ready(list)
                }
                other => Slot::Failed(failed(&other)),
            };
        } else if self.form.waiting() == Some(id) {
            self.form = match answer {
                Ok(Reply::Up42Schema(schema)) => match Up42Form::from_schema(&schema) {
                    Ok(form) => {
                        self.values = form.starting_values(OffsetDateTime::now_utc());
                        Slot::Ready(form)
                    }
                    Err(why) => Slot::Failed(why),
                },
                other => Slot::Failed(failed(&other)),
            };
            self.recheck();
        } else if self.estimate.waiting() == Some(id) {
            self.estimate = match answer {
                Ok(Reply::Up42Estimate(estimate)) => Slot::Ready(estimate),
                other => Slot::Failed(failed(&other)),
            };
        } else {
            return self.receive_order(id, answer);
        }
        false
    }
}
