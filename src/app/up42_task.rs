//! The shell's side of tasking through UP42: a `Up42Command` becomes a transition of
//! `tasking::up42_task` and its tickets go to the runtime; its answers come back through
//! `tasking_logic` (ids from 2^41); after a change (the AOI, the form, an answer) a new credit
//! estimate is asked, the older one dropped; after an order is placed the UP42 orders list is
//! asked again, so the new order shows there.

use super::SattaskApp;
use crate::state::target_of;
use crate::state::up42::{TaskProvider, Up42Command};
use crate::tasking::RequestId;
use crate::tasking::workflow::{Failure, Reply, Ticket};

impl SattaskApp {
    fn run_up42_tickets(&mut self, tickets: Vec<Ticket>) {
        let Some(jobs) = &mut self.jobs else {
            return;
        };
        for ticket in tickets {
            jobs.spawn(ticket);
        }
        self.state.in_flight = jobs.in_flight();
    }

    /// Carries out a UP42 tasking command.
    pub fn up42_command(&mut self, command: Up42Command) {
        self.follow_up_due = true;
        let target = target_of(&self.state.aois, self.state.selected);
        let task = &mut self.state.up42;
        task.note = None;
        let mut tickets = Vec::new();
        let mut refusal = None;
        match command {
            Up42Command::UseProvider(provider) => {
                self.state.provider = provider;
                if provider == TaskProvider::Up42 {
                    tickets.extend(task.start());
                }
            }
            Up42Command::Reload => tickets.extend(task.start()),
            Up42Command::ChooseProduct(collection, product) => {
                tickets.extend(task.choose_product(collection, product));
            }
            Up42Command::SetValue(name, text) => task.set_value(&name, text),
            Up42Command::OpenOrder => match task.open_order(target.as_ref()) {
                // Already bought? The journal is searched on the runtime; Confirm waits.
                Ok(()) if self.jobs.is_some() => tickets.extend(task.search_earlier()),
                Ok(()) => {}
                Err(why) => refusal = Some(why),
            },
            Up42Command::BuyAgain(again) => task.set_buy_again(again),
            Up42Command::Confirm => tickets.extend(task.confirm()),
            Up42Command::Close => task.close(),
            Up42Command::Check => tickets.extend(task.check()),
        }
        self.state.up42.note = refusal;
        self.run_up42_tickets(tickets);
    }

    /// Takes one UP42 tasking answer; an order placed asks for the UP42 orders again.
    pub(super) fn up42_answer(&mut self, id: RequestId, answer: Result<Reply, Failure>) {
        if self.state.up42.receive(id, answer) {
            let ticket = self.state.tracking.load_up42_orders();
            self.run_up42_tickets(vec![ticket]);
        }
    }

    /// What follows a change while UP42 is the provider: a new estimate when the body changed.
    pub(super) fn up42_follow_up(&mut self) {
        if self.state.provider != TaskProvider::Up42 {
            return;
        }
        let target = target_of(&self.state.aois, self.state.selected);
        let tickets = self.state.up42.follow_up(target.as_ref());
        self.run_up42_tickets(tickets);
    }
}
