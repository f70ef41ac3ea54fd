//! The shell's side of the tasking workflow: a command becomes a transition of the workflow and
//! the jobs it hands out go to the runtime; answers come back each frame; the map's footprints
//! and the comparison follow the workflow. Nothing here waits.

use time::OffsetDateTime;

use super::SattaskApp;
use crate::state::command::TaskingCommand;
use crate::state::{Footprint, FootprintKind, target_of};
use crate::tasking::RequestId;
use crate::tasking::workflow::attempts::shared_aoi_share;
use crate::tasking::workflow::order::OrderStep;
use crate::tasking::workflow::{Failure, Reply, Slot, Ticket};

impl SattaskApp {
    fn run_tickets(&mut self, tickets: Vec<Ticket>) {
        let Some(jobs) = &mut self.jobs else {
            return;
        };
        for ticket in tickets {
            jobs.spawn(ticket);
        }
        self.state.in_flight = jobs.in_flight();
    }

    /// Carries out a tasking command.
    pub fn tasking(&mut self, command: TaskingCommand) {
        // The views say what is hovered every frame; only a change is news.
        if let TaskingCommand::Hover(index) = &command
            && self.state.tasking.selection.hovered == *index
        {
            return;
        }
        if let TaskingCommand::HoverOffer(index) = &command
            && self.state.offers_hovered == *index
        {
            return;
        }
        self.follow_up_due = true;
        if self.tracking_command(&command) {
            return;
        }
        if self.compare_command(&command) {
            return;
        }
        let now = OffsetDateTime::now_utc();
        let flow = &mut self.state.tasking;
        let mut tickets = Vec::new();
        let mut refusal = None;
        match command {
            TaskingCommand::LoadContracts => tickets.push(flow.load_contracts()),
            TaskingCommand::SetForm(form) => {
                // Another contract: the lists followed were the old one's.
                if form.contract != flow.form.contract {
                    self.state.tracking.forget_lists();
                }
                self.state.tasking.set_form(form);
            }
            TaskingCommand::CheckFeasibility | TaskingCommand::GetAttempts => {
                let target = target_of(&self.state.aois, self.state.selected);
                let flow = &mut self.state.tasking;
                let asked = match target {
                    None => Err("select or draw an AOI first".to_owned()),
                    Some(target) => {
                        flow.set_target(Some(target.key));
                        if command == TaskingCommand::CheckFeasibility {
                            flow.ask_feasibility(&target)
                        } else {
                            flow.ask_attempts(&target)
                        }
                    }
                };
                match asked {
                    Ok(ticket) => tickets.push(ticket),
                    Err(why) => refusal = Some(why),
                }
            }
            TaskingCommand::Cancel(id) => {
                // The spinner's `Cancel request` stands for the tracking loads too (taskings,
                // acquisitions, quotations...): their ids belong to the tracking machine.
                // UP42 tasking ids (from 2^41) first: the tracking's range starts below them.
                let cancelled = if self.state.up42.owns(id) {
                    self.state.up42.cancel(id)
                } else if self.state.tracking.owns(id) {
                    self.state.tracking.cancel(id)
                } else {
                    flow.cancel(id)
                };
                if cancelled && let Some(jobs) = &mut self.jobs {
                    jobs.cancel(id);
                }
            }
            TaskingCommand::Hover(index) => flow.hover(index),
            TaskingCommand::Choose(index) => flow.choose(index, now),
            TaskingCommand::Compare(index) => flow.compare(index),
            TaskingCommand::SetOption(key, value) => flow.set_option(&key, &value),
            // Carried out by `compare_command` above.
            TaskingCommand::CompareOffers
            | TaskingCommand::CancelCompare
            | TaskingCommand::SortCompare(_)
            | TaskingCommand::OpenCompareRow(_)
            | TaskingCommand::HoverOffer(_) => {}
            TaskingCommand::OpenOrder => {
                // A summary saved for an earlier order says nothing of this one.
                self.state.summary_note = None;
                let target = target_of(&self.state.aois, self.state.selected);
                let flow = &mut self.state.tasking;
                let opened = match target {
                    Some(target) => flow.open_order(&target, now),
                    None => Err("select or draw an AOI first".to_owned()),
                };
                match opened {
                    Err(why) => refusal = Some(why),
                    Ok(()) => {
                        // Already bought? The journal and the contract's taskings are searched
                        // on the runtime as the confirmation opens; Confirm waits for them.
                        if self.jobs.is_some() {
                            tickets.extend(flow.check_earlier_taskings());
                        }
                    }
                }
            }
            TaskingCommand::SetReference(text) => flow.set_reference(text),
            TaskingCommand::BuyAgain(again) => flow.set_buy_again(again),
            TaskingCommand::CloseConfirmation => flow.close_confirmation(),
            TaskingCommand::Confirm => tickets.extend(flow.confirm()),
            TaskingCommand::CheckOrder => tickets.extend(flow.check()),
            TaskingCommand::NewOrder => flow.new_order(),
            TaskingCommand::EditConnection(draft) => self.state.connection.draft = draft,
            TaskingCommand::Connect => refusal = self.connect().err(),
            // Carried out by `tracking_command` above.
            TaskingCommand::ShowView(_)
            | TaskingCommand::SetTaskingQuery(_)
            | TaskingCommand::LoadTaskings
            | TaskingCommand::OpenTasking(_)
            | TaskingCommand::CloseTasking
            | TaskingCommand::OpenOrderItem(_)
            | TaskingCommand::CloseOrderItem
            | TaskingCommand::ShowDelivered
            | TaskingCommand::HideDelivered
            | TaskingCommand::SetQuotationFilter(_)
            | TaskingCommand::LoadQuotations
            | TaskingCommand::LoadUp42Orders
            | TaskingCommand::OpenUp42Order(_)
            | TaskingCommand::Ask(_)
            | TaskingCommand::ConfirmAct
            | TaskingCommand::CloseAct
            | TaskingCommand::CheckAct
            | TaskingCommand::DismissAct
            | TaskingCommand::CheckUnclear(_) => {}
        }
        if let Some(why) = refusal {
            self.state.tasking.note = Some(why);
        }
        self.run_tickets(tickets);
        self.sync_views();
    }

    /// Applies the connection settings: the key typed goes to the runtime (and the keyring),
    /// then leaves the form.
    fn connect(&mut self) -> Result<(), String> {
        if self.state.tasking.order.in_flight() || self.state.up42.order.in_flight() {
            return Err(
                "an order is on its way or unclear: settle it before changing the connection"
                    .to_owned(),
            );
        }
        let choice = self.state.connection.draft.choice()?;
        let Some(jobs) = &mut self.jobs else {
            return Err("this window has no connection to change".to_owned());
        };
        // The secrets leave the form as they go to the runtime (and the keyring).
        let draft = &mut self.state.connection.draft;
        let key = std::mem::take(&mut draft.key.0);
        let user = std::mem::take(&mut draft.up42_user);
        let password = std::mem::take(&mut draft.up42_password.0);
        let typed = super::connection::Typed {
            oneatlas_key: (!key.trim().is_empty())
                .then(|| secrecy::SecretString::from(key.trim().to_owned())),
            up42: (!user.trim().is_empty() && !password.is_empty()).then(|| {
                (
                    user.trim().to_owned(),
                    secrecy::SecretString::from(password),
                )
            }),
        };
        jobs.reconnect(choice, typed, draft.remember);
        self.state.connection.connecting = true;
        Ok(())
    }

    /// Each frame: answers in, follow-up requests out, views in step.
    pub(super) fn tasking_logic(&mut self, ctx: &egui::Context) {
        let Some(jobs) = &mut self.jobs else {
            return;
        };
        jobs.set_repaint(ctx);
        if jobs.poll_reconnection() {
            self.state.endpoint = Some(jobs.endpoint.clone());
            self.state.connection.choice = jobs.choice.clone();
            self.state.connection.key_note = jobs.key_note.clone();
            self.state.connection.connecting = false;
            // Answers from the old service mean nothing to the new one.
            self.state.tasking.forget_answers();
            self.state.tracking.forget_lists();
            self.state.tracking.forget_up42();
            self.state.up42.forget_answers();
            let ticket = self.state.tasking.load_contracts();
            jobs.spawn(ticket);
            if self.state.provider == crate::state::up42::TaskProvider::Up42 {
                for ticket in self.state.up42.start() {
                    jobs.spawn(ticket);
                }
            }
            self.sync_views();
            return self.tasking_logic(ctx);
        }
        let done = jobs.poll();
        let arrived = !done.is_empty();
        for answer in done {
            if self.state.up42.owns(answer.id) {
                self.up42_answer(answer.id, answer.answer);
            } else if self.state.tracking.owns(answer.id) {
                self.tracking_answer(answer.id, answer.answer);
            } else {
                let was_placed = matches!(self.state.tasking.order, OrderStep::Placed { .. });
                self.state.tasking.receive(answer.id, answer.answer);
                // The AOI an order was placed for is kept as ordered.
                if let (false, OrderStep::Placed { receipt, draft }) =
                    (was_placed, &self.state.tasking.order)
                    && let Some(key) = draft.aoi_key
                {
                    let receipt = receipt.clone();
                    self.state.mark_ordered(key.id, receipt);
                }
            }
        }
        self.tracking_tick(ctx);
        let key = self.state.tasking_target().map(|t| t.key);
        self.state.tasking.set_target(key);
        // What follows from a change (options, a new price) is worked out when something
        // changed: a command, an answer, another AOI or revision, not every frame.
        if arrived || self.follow_up_due || key != self.followed_key {
            self.follow_up_due = false;
            self.followed_key = key;
            let target = target_of(&self.state.aois, self.state.selected);
            let tickets = self
                .state
                .tasking
                .follow_up(target.as_ref(), OffsetDateTime::now_utc());
            self.run_tickets(tickets);
            self.up42_follow_up();
        }
        if let Some(jobs) = &self.jobs {
            self.state.in_flight = jobs.in_flight();
        }
        if arrived {
            self.sync_views();
        }
    }

    /// Takes one answer as if it had just come off the channel (benchmarks feed answers this
    /// way): the workflow, then the map and the comparison.
    pub fn take_answer(&mut self, id: RequestId, answer: Result<Reply, Failure>) {
        if self.state.up42.owns(id) {
            self.up42_answer(id, answer);
        } else if self.state.tracking.owns(id) {
            self.tracking_answer(id, answer);
        } else {
            self.state.tasking.receive(id, answer);
        }
        self.sync_views();
    }

    /// The map's footprints and the comparison after the attempts or the selection changed.
    pub(super) fn sync_views(&mut self) {
        if self.state.view != crate::state::PanelView::Task {
            let footprints = self.tracking_footprints();
            if footprints.as_slice() != self.state.footprints.items() {
                // The map moves to what is shown only when the shapes changed: a status that
                // changes a label (the watch asks every minute) leaves the view where it is.
                let moved = footprints.iter().map(|f| &f.ring).ne(self
                    .state
                    .footprints
                    .items()
                    .iter()
                    .map(|f| &f.ring));
                let corners: Vec<crate::aoi::LonLat> = footprints
                    .iter()
                    .flat_map(|f| f.ring.iter().copied())
                    .collect();
                self.state.footprints.set(footprints);
                if moved && !corners.is_empty() {
                    self.state.zoom_request = Some(crate::aoi::measure::bounds(&corners));
                }
            }
            return;
        }
        let flow = &self.state.tasking;
        let attempts = match &flow.attempts {
            Slot::Ready(answer) => answer.attempts.as_slice(),
            _ => &[],
        };
        // The attempts of the offer asked; before them, the first attempt of each compared
        // offer, labelled with its mission and offer.
        // Each compared offer in its row's colour (`FootprintKind::OfferRow`).
        let shown: Vec<(
            &crate::tasking::workflow::attempts::Attempt,
            String,
            FootprintKind,
        )> = if attempts.is_empty() {
            self.state
                .offers
                .rows()
                .iter()
                .enumerate()
                .filter_map(|(row, r)| {
                    let a = r.first.as_ref()?;
                    let pair = format!("{} {}", r.pair.mission.label(), r.pair.offer.label());
                    Some((
                        a,
                        format!("{pair}: {}", short_time(a.acquisition)),
                        FootprintKind::OfferRow(row),
                    ))
                })
                .collect()
        } else {
            attempts
                .iter()
                .map(|a| {
                    (
                        a,
                        format!("{} {}", a.satellite, short_time(a.acquisition)),
                        FootprintKind::Attempt,
                    )
                })
                .collect()
        };
        let fresh = shown.len() != self.state.footprints.items().len()
            || shown
                .iter()
                .zip(self.state.footprints.items())
                .any(|((a, label, kind), f)| {
                    a.footprint != f.ring || *label != f.label || *kind != f.kind
                });
        // The compare table's row under the pointer, as the footprint that shows it.
        let hovered_offer = self.state.offers_hovered.and_then(|row| {
            shown
                .iter()
                .position(|(_, _, kind)| *kind == FootprintKind::OfferRow(row))
        });
        if fresh {
            let footprints = shown
                .iter()
                .map(|(a, label, kind)| Footprint {
                    ring: a.footprint.clone(),
                    label: label.clone(),
                    selected: false,
                    incidence_deg: a.incidence_deg,
                    kind: *kind,
                    hovered: false,
                    compared: false,
                })
                .collect();
            self.state.footprints.set(footprints);
            // Show every footprint with the AOI: they are what the person compares now.
            let corners: Vec<crate::aoi::LonLat> = shown
                .iter()
                .flat_map(|(a, _, _)| a.footprint.iter().copied())
                .collect();
            if !corners.is_empty() {
                self.state.zoom_request = Some(crate::aoi::measure::bounds(&corners));
            }
        }
        let selection = flow.selection.clone();
        self.state.footprints.highlight(
            selection.chosen,
            selection.compared,
            hovered_offer.or(selection.hovered),
        );
        let pair = selection.chosen.zip(selection.compared);
        if !fresh && pair == self.compared_pair {
            return;
        }
        self.compared_pair = pair;
        self.state.compare_shared = match (pair, self.state.tasking_target()) {
            (Some((a, b)), Some(target)) => match (attempts.get(a), attempts.get(b)) {
                (Some(a), Some(b)) => {
                    Some(shared_aoi_share(target.aoi, &a.footprint, &b.footprint))
                }
                _ => None,
            },
            _ => None,
        };
    }
}

/// `12-01 10:32` (UTC), for labels on the map.
fn short_time(time: Option<time::OffsetDateTime>) -> String {
    time.map_or_else(String::new, |t| {
        format!(
            "{:02}-{:02} {:02}:{:02}",
            u8::from(t.month()),
            t.day(),
            t.hour(),
            t.minute()
        )
    })
}
