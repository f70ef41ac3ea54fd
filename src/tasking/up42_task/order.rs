//! The order of the UP42 tasking machine: the confirmation opened for the AOI and form (with
//! the estimate it names), the journal's search for an earlier order of the same image, the
//! order handed out once on `Confirm`, an unknown outcome only checked, and their answers.

use super::step::{Up42Draft, Up42Step};
use super::{Up42Task, catalogue};
use crate::tasking::RequestId;
use crate::tasking::spend::Reconciliation;
use crate::tasking::workflow::{Failure, Job, Reply, Slot, Target, Ticket};

impl Up42Task {
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
                Slot::Ready(_) => match self.estimated_credits() {
                    Some(credits) => Some(credits),
                    // A quotation prices it anyway; otherwise nothing would name the amount.
                    None if catalogue::quoted(collection) => None,
                    None => {
                        return Err(
                            "UP42's estimate gave no total of credits, and no quotation follows \
                             this product: change the AOI or the form to ask for the estimate \
                             again"
                                .to_owned(),
                        );
                    }
                },
                Slot::Failed(why) => {
                    return Err(format!("the credits could not be estimated: {why}"));
                }
                _ => return Err("wait for the credit estimate of this AOI and form".to_owned()),
            }
        } else if catalogue::quoted(collection) {
            None
        } else {
            return Err(
                "UP42 neither estimates this product's credits nor sends a quotation before \
                 spending them: sattask cannot say what the order costs, so it does not place it; \
                 order it in UP42's console"
                    .to_owned(),
            );
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
    pub fn search_earlier(&mut self) -> Option<Ticket> {
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
    pub fn confirm(&mut self) -> Option<Ticket> {
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
    pub fn check(&mut self) -> Option<Ticket> {
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

    pub(super) fn receive_order(&mut self, id: RequestId, answer: Result<Reply, Failure>) -> bool {
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
                    // UP42 took the request and named neither an order nor a refusal (or the
                    // answer could not be read): it may have placed one, so it is checked,
                    // never taken for a refusal that would invite a second order.
                    Ok(Reply::Up42Placed(placed, _)) if placed.errors.is_empty() => (
                        Up42Step::Unknown {
                            message: "UP42 answered without naming the order placed or a refusal"
                                .to_owned(),
                            check: draft.check(),
                            draft,
                        },
                        false,
                    ),
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
