//! Tasking through UP42 from the window, as a plain state machine: the account's workspace
//! (its id, as the SDK reads it), the tasking collections, the chosen data product's form (from
//! its schema, `tasking::up42_form`), the live credit estimate (asked again when the AOI or the
//! form changes; an older one still waiting is dropped, latest wins) and the order (a
//! confirmation naming what is bought, then once through the money path). Its request ids start
//! at 2^41, so the shell knows where an answer goes. No egui here.

pub mod catalogue;
pub mod request;
pub mod step;
#[cfg(test)]
mod tests;

use time::OffsetDateTime;

use self::step::{Up42Draft, Up42Step};
use crate::api::up42::models::{Collection, Estimate, OrderRequest};
use crate::tasking::RequestId;
use crate::tasking::spend::Reconciliation;
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
        if let Some((name, why)) = self.checked.problems.iter().next() {
            let more = self.checked.problems.len() - 1;
            let more = if more > 0 {
                format!(" (and {more} more field(s))")
            } else {
                String::new()
            };
            return Err(format!("fix the form: {why}{more} [{name}]"));
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

    /// `Order…`: opens the confirmation for `target`, or says what is missing.
    pub fn open_order(&mut self, target: Option<&Target>) -> Result<(), String> {
        if self.order.in_flight() {
            return Err("an order is on its way or unclear: settle it first".to_owned());
        }
        let body = self.request_for(target)?;
        let (Some(target), Some(collection)) = (target, self.chosen_collection()) else {
            return Err("choose a collection and a data product".to_owned());
        };
        let Some(workspace) = self.workspace.ready().cloned() else {
            return Err(
                "the UP42 account's workspace is not known yet: wait for it, or reconnect to UP42"
                    .to_owned(),
            );
        };
        let credits = if catalogue::estimable(collection) {
            if self.estimated.as_ref() != Some(&body) {
                return Err("wait for the credit estimate of this AOI and form".to_owned());
            }
            match &self.estimate {
                Slot::Ready(estimate) if !estimate.errors.is_empty() => {
                    return Err(
                        "UP42 refused the AOI in its estimate: fix what it says first".to_owned(),
                    );
                }
                Slot::Ready(_) => self.estimated_credits(),
                Slot::Failed(why) => {
                    return Err(format!("the credits could not be estimated: {why}"));
                }
                _ => return Err("wait for the credit estimate of this AOI and form".to_owned()),
            }
        } else {
            None
        };
        let product = collection
            .data_products
            .iter()
            .find(|p| p.id.as_deref() == self.product.as_deref())
            .map_or_else(
                || body.data_product.clone(),
                |p| p.title.clone().unwrap_or_else(|| p.name.clone()),
            );
        self.order = Up42Step::Confirming(Box::new(Up42Draft {
            workspace,
            request: body,
            credits,
            collection: collection
                .title
                .clone()
                .unwrap_or_else(|| collection.name.clone()),
            product,
            provider: catalogue::provider(collection),
            next_step: catalogue::next_step(collection),
            aoi_name: target.aoi.name.clone(),
            ring: target.aoi.ring.clone(),
            searching: None,
            earlier: Vec::new(),
            earlier_note: None,
            buy_again: false,
        }));
        Ok(())
    }

    /// As the confirmation opens: the journal searched for an earlier order of the same image
    /// (Confirm waits for it).
    pub fn search_earlier(&mut self) -> Option<crate::tasking::workflow::Ticket> {
        let Up42Step::Confirming(draft) = &self.order else {
            return None;
        };
        let job = Job::Up42Earlier {
            workspace: draft.workspace.clone(),
            request: Box::new(draft.request.clone()),
        };
        let ticket = self.ticket(job);
        if let Up42Step::Confirming(draft) = &mut self.order {
            draft.searching = Some(ticket.id);
        }
        Some(ticket)
    }

    /// Buy it again despite an earlier order of the same image (or not).
    pub fn set_buy_again(&mut self, again: bool) {
        if let Up42Step::Confirming(draft) = &mut self.order {
            draft.buy_again = again;
        }
    }

    /// `Confirm order`: hands the order out once; nothing else ever does.
    pub fn confirm(&mut self) -> Option<crate::tasking::workflow::Ticket> {
        if !matches!(&self.order, Up42Step::Confirming(draft) if draft.may_send()) {
            // Not confirming (already sent, or closed), or an earlier order buys the same image
            // and the person has not chosen to buy it again: the step stays as it was.
            return None;
        }
        let Up42Step::Confirming(draft) = std::mem::take(&mut self.order) else {
            return None;
        };
        let ticket = self.ticket(Job::Up42Place {
            workspace: draft.workspace.clone(),
            request: Box::new(draft.request.clone()),
        });
        self.order = Up42Step::Sending {
            id: ticket.id,
            draft,
        };
        Some(ticket)
    }

    /// Closes the confirmation, or forgets a placed or refused order.
    pub fn close(&mut self) {
        if !self.order.in_flight() {
            self.order = Up42Step::Closed;
        }
    }

    /// `Check` an unknown outcome (the one thing offered after it).
    pub fn check(&mut self) -> Option<crate::tasking::workflow::Ticket> {
        if !matches!(self.order, Up42Step::Unknown { .. }) {
            return None;
        }
        let Up42Step::Unknown { draft, check, .. } = std::mem::take(&mut self.order) else {
            return None;
        };
        let ticket = self.ticket(Job::Check {
            check: check.clone(),
            entry: None,
        });
        self.order = Up42Step::Checking {
            id: ticket.id,
            draft,
            check,
        };
        Some(ticket)
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

    fn receive_order(&mut self, id: RequestId, answer: Result<Reply, Failure>) -> bool {
        match std::mem::take(&mut self.order) {
            Up42Step::Confirming(mut draft) if draft.searching == Some(id) => {
                draft.searching = None;
                match answer {
                    Ok(Reply::Up42Earlier(found)) => draft.earlier = found,
                    Err(Failure::Refused(why) | Failure::Unknown { message: why, .. }) => {
                        draft.earlier_note =
                            Some(format!("{why}; look at the UP42 orders before confirming"));
                    }
                    Ok(_) => {
                        draft.earlier_note = Some(
                            "the search for earlier orders gave another kind of answer".to_owned(),
                        );
                    }
                }
                self.order = Up42Step::Confirming(draft);
                false
            }
            Up42Step::Sending { id: sent, draft } if sent == id => {
                let (step, placed) = match answer {
                    Ok(Reply::Up42Placed(placed, receipt)) if !placed.results.is_empty() => {
                        (Up42Step::Placed { draft, receipt }, true)
                    }
                    Ok(Reply::Up42Placed(placed, _)) => {
                        let errors: Vec<String> = placed
                            .errors
                            .iter()
                            .map(|e| {
                                e.message
                                    .clone()
                                    .or_else(|| e.details.clone())
                                    .unwrap_or_else(|| "no reason given".to_owned())
                            })
                            .collect();
                        let why = format!(
                            "UP42 placed no order: it refused the AOI ({}). Fix the AOI or the form, then order again",
                            errors.join("; ")
                        );
                        (Up42Step::Refused { draft, why }, false)
                    }
                    Ok(_) => (
                        Up42Step::Unknown {
                            message: "an answer of another kind came back".to_owned(),
                            check: draft.check(),
                            draft,
                        },
                        false,
                    ),
                    Err(Failure::Refused(why)) => (Up42Step::Refused { draft, why }, false),
                    Err(Failure::Unknown { message, check }) => (
                        Up42Step::Unknown {
                            draft,
                            message,
                            check,
                        },
                        false,
                    ),
                };
                self.order = step;
                placed
            }
            Up42Step::Checking {
                id: sent,
                draft,
                check,
            } if sent == id => {
                let (step, placed) = match answer {
                    Ok(Reply::Checked(Reconciliation::Found { detail })) => (
                        Up42Step::Placed {
                            draft,
                            receipt: format!("the order went through: {detail}"),
                        },
                        true,
                    ),
                    Ok(Reply::Checked(Reconciliation::NotFound)) => (
                        Up42Step::Refused {
                            draft,
                            why: "UP42 has no such order: nothing was placed, you may order again"
                                .to_owned(),
                        },
                        false,
                    ),
                    Ok(Reply::Checked(Reconciliation::CannotTell { why })) => (
                        Up42Step::Unknown {
                            draft,
                            message: why,
                            check,
                        },
                        false,
                    ),
                    other => (
                        Up42Step::Unknown {
                            draft,
                            message: format!(
                                "the check failed: {}",
                                match other {
                                    Err(
                                        Failure::Refused(why)
                                        | Failure::Unknown { message: why, .. },
                                    ) => why,
                                    Ok(_) => "an answer of another kind came back".to_owned(),
                                }
                            ),
                            check,
                        },
                        false,
                    ),
                };
                self.order = step;
                placed
            }
            other => {
                self.order = other;
                self.dropped += 1;
                false
            }
        }
    }
}
