//! Where warnings go: every `tracing` event at the level `RUST_LOG` asks for (warnings and errors
//! when it is unset) is written to stderr, and every warning or error of sattask itself is also
//! kept for the window to show, so that "the outcome could not be written to the order journal"
//! or "sandbox state not saved" reaches the person whether they use the command line or the app.

use std::collections::VecDeque;
use std::fmt::Debug;
use std::io::IsTerminal;
use std::sync::{Arc, Mutex, PoisonError};

use tracing::field::{Field, Visit};
use tracing::{Event, Level, Subscriber};
use tracing_subscriber::filter::LevelFilter;
use tracing_subscriber::layer::{Context, Layer, SubscriberExt};
use tracing_subscriber::util::SubscriberInitExt;
use tracing_subscriber::{EnvFilter, fmt};

/// How many unread warnings are kept for the window (the oldest go first).
const KEPT: usize = 32;

/// The warnings and errors sattask raised and nobody has shown yet.
#[derive(Debug, Clone, Default)]
pub struct Warnings(Arc<Mutex<VecDeque<String>>>);

impl Warnings {
    /// Takes the warnings raised since the last call, oldest first.
    pub fn take(&self) -> Vec<String> {
        let mut kept = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        kept.drain(..).collect()
    }

    fn push(&self, text: String) {
        let mut kept = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        if kept.len() == KEPT {
            kept.pop_front();
        }
        kept.push_back(text);
    }
}

/// Installs the program's subscriber: stderr at `RUST_LOG` (default `warn`), and sattask's own
/// warnings and errors kept in the returned [`Warnings`]. A second call installs nothing and
/// returns warnings that stay empty.
pub fn install() -> Warnings {
    let warnings = Warnings::default();
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("warn"));
    let stderr = fmt::layer()
        .with_writer(std::io::stderr)
        .with_ansi(std::io::stderr().is_terminal())
        .with_target(false)
        .without_time()
        .with_filter(filter);
    let kept = Keep(warnings.clone()).with_filter(LevelFilter::WARN);
    let _already_installed = tracing_subscriber::registry()
        .with(stderr)
        .with(kept)
        .try_init();
    warnings
}

/// The layer that keeps sattask's warnings for the window.
struct Keep(Warnings);

impl<S: Subscriber> Layer<S> for Keep {
    fn on_event(&self, event: &Event<'_>, _context: Context<'_, S>) {
        let metadata = event.metadata();
        if *metadata.level() > Level::WARN || !metadata.target().starts_with("sattask") {
            return;
        }
        let mut text = Text::default();
        event.record(&mut text);
        self.0.push(text.sentence());
    }
}

/// An event as one sentence: its message, then its fields in brackets.
#[derive(Default)]
struct Text {
    message: String,
    fields: Vec<String>,
}

impl Text {
    fn sentence(self) -> String {
        if self.fields.is_empty() {
            self.message
        } else {
            format!("{} ({})", self.message, self.fields.join(", "))
        }
    }
}

impl Visit for Text {
    fn record_str(&mut self, field: &Field, value: &str) {
        if field.name() == "message" {
            self.message = value.to_owned();
        } else {
            self.fields.push(format!("{}: {value}", field.name()));
        }
    }

    fn record_debug(&mut self, field: &Field, value: &dyn Debug) {
        if field.name() == "message" {
            self.message = format!("{value:?}");
        } else {
            self.fields.push(format!("{}: {value:?}", field.name()));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sattask_warnings_are_kept_as_sentences_and_others_are_not() {
        let warnings = Warnings::default();
        let subscriber = tracing_subscriber::registry()
            .with(Keep(warnings.clone()).with_filter(LevelFilter::WARN));
        tracing::subscriber::with_default(subscriber, || {
            let error = "disk full";
            tracing::warn!(%error, "the outcome could not be written to the order journal");
            tracing::info!("not kept: information");
            tracing::warn!(target: "hyper", "not kept: another crate's");
            tracing::error!("sandbox state not saved");
        });
        assert_eq!(
            warnings.take(),
            vec![
                "the outcome could not be written to the order journal (error: disk full)"
                    .to_owned(),
                "sandbox state not saved".to_owned()
            ]
        );
        assert!(warnings.take().is_empty());
    }

    #[test]
    fn only_the_latest_are_kept() {
        let warnings = Warnings::default();
        for index in 0..KEPT + 3 {
            warnings.push(index.to_string());
        }
        let kept = warnings.take();
        assert_eq!(kept.len(), KEPT);
        assert_eq!(kept.first().map(String::as_str), Some("3"));
    }
}
