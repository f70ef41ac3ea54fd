//! The shell's side of `Compare offers`: the command starts a comparison for the selected AOI
//! and the form's contract and criteria, its requests go to the runtime, answers come back each
//! frame (with their follow-ups sent, each offer's first attempt put on the map), another AOI or revision drops it, and a row opened puts
//! its mission and offer in the form and asks as the buttons do.

use time::OffsetDateTime;

use super::SattaskApp;
use crate::aoi::mission::Offer;
use crate::api::ids::ContractId;
use crate::api::oneatlas::models::Contract;
use crate::state::command::TaskingCommand;
use crate::state::target_of;
use crate::tasking::compare::CompareParams;
use crate::tasking::workflow::form::TaskingForm;

impl SattaskApp {
    /// Carries out a compare command; false for any other command.
    pub(super) fn compare_command(&mut self, command: &TaskingCommand) -> bool {
        match command {
            TaskingCommand::CompareOffers => self.start_compare(),
            TaskingCommand::CancelCompare => {
                self.state.offers.cancel();
                if let Some(jobs) = &mut self.jobs {
                    jobs.cancel_compare();
                }
            }
            TaskingCommand::SortCompare(key) => self.state.offers_sort = Some(*key),
            TaskingCommand::HoverOffer(row) => {
                self.state.offers_hovered = *row;
                self.sync_views();
            }
            TaskingCommand::OpenCompareRow(index) => {
                let Some(row) = self.state.offers.rows().get(*index) else {
                    return true;
                };
                let form = TaskingForm {
                    mission: row.pair.mission,
                    offer: row.pair.offer,
                    ..self.state.tasking.form.clone()
                };
                let next = if row.pair.offer == Offer::OnePlan {
                    TaskingCommand::CheckFeasibility
                } else {
                    TaskingCommand::GetAttempts
                };
                self.tasking(TaskingCommand::SetForm(form));
                self.tasking(next);
            }
            _ => return false,
        }
        true
    }

    fn start_compare(&mut self) {
        let target = target_of(&self.state.aois, self.state.selected);
        let flow = &self.state.tasking;
        let Some(target) = target else {
            flow_note(self, "select or draw an AOI first");
            return;
        };
        if let Some(why) = flow.blocked(Some(&target)) {
            flow_note(self, &why);
            return;
        }
        let form = &flow.form;
        let params = CompareParams {
            contract: ContractId(form.contract.clone().unwrap_or_default()),
            neo_contract: flow.contract().is_some_and(Contract::is_neo),
            start: form.start_at(),
            end: form.end_at(),
            max_cloud_pct: form.max_cloud_pct,
            max_incidence_deg: form.max_incidence_deg,
            now: OffsetDateTime::now_utc(),
        };
        if let Some(jobs) = &mut self.jobs {
            jobs.cancel_compare();
        }
        match self.state.offers.start(target.key, target.aoi, params) {
            Ok(tickets) => {
                self.state.tasking.note = None;
                if let Some(jobs) = &mut self.jobs {
                    for ticket in tickets {
                        jobs.spawn_compare(ticket);
                    }
                }
            }
            Err(why) => flow_note(self, &why),
        }
    }

    /// Each frame: the comparison's answers in, their follow-ups out; another AOI or revision
    /// drops the table.
    pub(super) fn compare_logic(&mut self) {
        let key = self.state.tasking_target().map(|t| t.key);
        self.state.offers.set_target(key);
        let Some(jobs) = &mut self.jobs else {
            return;
        };
        let answers = jobs.poll_compare();
        let arrived = !answers.is_empty();
        for (ticket, answer) in answers {
            if let Some(next) = self.state.offers.answer(&ticket, answer) {
                jobs.spawn_compare(next);
            }
        }
        // The first attempt of each offer on the map as the table fills.
        if arrived {
            self.sync_views();
        }
    }
}

fn flow_note(app: &mut SattaskApp, why: &str) {
    app.state.tasking.note = Some(why.to_owned());
}
