//! "Already bought?" in an order's confirmation, the same for OneAtlas and UP42: what the search
//! for earlier orders could not look at, each earlier order that buys the same image, and the
//! `Buy it again` tick that lets Confirm send.

use egui::{RichText, Ui};

use super::theme;
use crate::tasking::spend::earlier::Earlier;

/// The note and the earlier orders found; `Some(ticked)` when the person changed `Buy it again`.
pub fn already_bought_ui(
    ui: &mut Ui,
    note: Option<&String>,
    earlier: &[Earlier],
    buy_again: bool,
) -> Option<bool> {
    if let Some(note) = note {
        ui.colored_label(theme::WARNING, note);
    }
    if earlier.is_empty() {
        return None;
    }
    ui.colored_label(
        theme::ERROR,
        RichText::new("Already bought? An earlier order buys the same image:").strong(),
    );
    for found in earlier {
        ui.colored_label(theme::ERROR, format!("• {}", found.said));
    }
    let mut again = buy_again;
    ui.checkbox(
        &mut again,
        "Buy it again: I mean a second order of the same image",
    )
    .changed()
    .then_some(again)
}
