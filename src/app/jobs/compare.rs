//! The comparison's requests on the runtime: each ticket sent through the shared OneAtlas
//! client (its pacing covers them with every other call), its answer back on a channel of its
//! own, read each frame; cancelling aborts those still queued.

use std::sync::mpsc;

use super::Jobs;
use crate::tasking::compare::run::send;
use crate::tasking::compare::{Answer, Ticket};

/// The comparison's side of the job layer.
pub(super) struct CompareJobs {
    sender: mpsc::Sender<(Ticket, Answer)>,
    receiver: mpsc::Receiver<(Ticket, Answer)>,
    running: Vec<tokio::task::AbortHandle>,
}

impl CompareJobs {
    pub(super) fn new() -> Self {
        let (sender, receiver) = mpsc::channel();
        CompareJobs {
            sender,
            receiver,
            running: Vec::new(),
        }
    }
}

impl Jobs {
    /// Hands a comparison's request to the runtime; returns at once.
    pub fn spawn_compare(&mut self, ticket: Ticket) {
        let services = self.services.clone();
        let sender = self.compare.sender.clone();
        let repaint = self.repaint.clone();
        let handle = self.runtime.spawn(async move {
            let answer = match services.clients.oneatlas.client.as_ref() {
                Ok(client) => send(client, &ticket.job).await,
                Err(why) => Answer::Capacity(Err(why.clone())),
            };
            let _ = sender.send((ticket, answer));
            if let Some(ctx) = repaint {
                ctx.request_repaint();
            }
        });
        self.compare.running.retain(|h| !h.is_finished());
        self.compare.running.push(handle.abort_handle());
    }

    /// The comparison's answers that arrived since the last call.
    pub fn poll_compare(&mut self) -> Vec<(Ticket, Answer)> {
        self.compare.receiver.try_iter().collect()
    }

    /// Aborts every comparison request still on its way (they spend nothing).
    pub fn cancel_compare(&mut self) {
        for handle in self.compare.running.drain(..) {
            handle.abort();
        }
    }

    /// Whether comparison requests are on their way.
    pub fn comparing(&self) -> bool {
        self.compare.running.iter().any(|h| !h.is_finished())
    }
}
