//! Autosave off the window's thread: the project goes to a named thread that writes it
//! atomically; when several saves queue up only the latest is written. Failures come back to
//! the window as messages.

use std::path::PathBuf;
use std::sync::mpsc;

use crate::store::project::{Project, save_project};

/// The saving thread's two ends.
pub struct Saver {
    requests: Option<mpsc::Sender<(PathBuf, Project)>>,
    failures: mpsc::Receiver<String>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Saver {
    /// Starts the thread (`None` if the system refuses a thread: saves then happen inline).
    pub fn start() -> Option<Saver> {
        let (requests, inbox) = mpsc::channel::<(PathBuf, Project)>();
        let (report, failures) = mpsc::channel();
        let thread = std::thread::Builder::new()
            .name("sattask-autosave".to_owned())
            .spawn(move || {
                while let Ok(mut next) = inbox.recv() {
                    // Latest wins: skip every save that a newer one replaces.
                    while let Ok(newer) = inbox.try_recv() {
                        next = newer;
                    }
                    if let Err(error) = save_project(&next.0, &next.1) {
                        let _ = report.send(format!("autosave failed: {error}"));
                    }
                }
            })
            .ok()?;
        Some(Saver {
            requests: Some(requests),
            failures,
            thread: Some(thread),
        })
    }

    /// Queues a save; returns at once.
    pub fn save(&self, path: PathBuf, project: Project) {
        if let Some(requests) = &self.requests {
            let _ = requests.send((path, project));
        }
    }

    /// Failures reported since the last call.
    pub fn failures(&self) -> Vec<String> {
        self.failures.try_iter().collect()
    }
}

impl Drop for Saver {
    /// Writes what is queued before the app exits.
    fn drop(&mut self) {
        self.requests = None;
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}
