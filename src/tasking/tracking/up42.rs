//! Following one UP42 order in the tracking machine: opening it asks for its studies,
//! quotations and coverage in one job; the orders list, when it comes, tells the watch whether
//! a study or a quotation newly waits for the person.

use super::Tracking;
use crate::api::ids::OrderId;
use crate::api::up42::models::{RecordsPage, Up42Order};
use crate::tasking::up42_follow::{newly_waiting_notice, waiting_orders};
use crate::tasking::workflow::{Job, Slot, Ticket};

impl Tracking {
    /// Opens a UP42 order: its AOI goes on the map, and its studies, quotations and coverage
    /// are asked for.
    pub fn follow_up42(&mut self, order: OrderId) -> Ticket {
        let ticket = self.ticket(Job::Up42Follow(order.clone()));
        self.up42_open = Some(order);
        self.up42_detail = Slot::Waiting(ticket.id);
        ticket
    }

    /// Asks the open UP42 order's detail again (the watch, after a decision), unless it is on
    /// its way already.
    pub fn refresh_up42_detail(&mut self) -> Option<Ticket> {
        if self.up42_detail.waiting().is_some() {
            return None;
        }
        let order = self.up42_open.clone()?;
        Some(self.follow_up42(order))
    }

    /// Closes the UP42 order's detail and takes its AOI off the map.
    pub fn close_up42(&mut self) {
        self.up42_open = None;
        self.up42_detail = Slot::Idle;
    }

    /// Forgets the UP42 orders and the open one (another service: they were the old one's).
    pub fn forget_up42(&mut self) {
        self.up42_orders = Slot::Idle;
        self.up42_waiting = None;
        self.close_up42();
    }

    /// Takes the UP42 orders page, and notes for the watch when a study or quotation newly
    /// waits for the person.
    pub(super) fn take_up42_orders(&mut self, page: RecordsPage<Up42Order>) {
        let now = waiting_orders(page.content.iter());
        if let Some(notice) = newly_waiting_notice(self.up42_waiting.as_deref(), &now) {
            self.changes.push(notice);
        }
        self.up42_waiting = Some(now);
        self.up42_orders = Slot::Ready(page);
    }

    /// The orders of the last page that wait for the person, with what each waits for.
    pub fn up42_waiting(&self) -> &[(OrderId, crate::tasking::up42_follow::Waiting)] {
        self.up42_waiting.as_deref().unwrap_or_default()
    }
}
