//! The one-page summary for the person who approves the spending: the facts of an order (the
//! same terms the confirmation shows: product, contract, attempt, billed area, amount, order
//! deadline, every option) and its map (the AOI and the chosen footprint), made from the
//! confirmation's draft or from a placed order, and drawn into a PNG (`render`) whose text
//! chunks carry the same facts for a screen reader or a script (`png_file`). No UI here.

mod png_file;
mod render;
mod text;

pub use self::png_file::{FACTS_KEYWORD, SummaryError, encode_png, write_png};
pub use self::render::{PAGE_HEIGHT, PAGE_WIDTH, render};

use time::OffsetDateTime;

use crate::aoi::LonLat;
use crate::tasking::dates::utc_text;
use crate::tasking::workflow::Workflow;
use crate::tasking::workflow::order::{OrderDraft, OrderStep};
use crate::tasking::workflow::terms::Term;

/// Where the order stands when the summary is made.
#[derive(Debug, Clone, PartialEq)]
pub enum Standing {
    /// In the confirmation: nothing sent, nothing spent yet.
    AwaitingConfirmation,
    /// Placed: the service's receipt.
    Placed(String),
}

/// Everything the page shows.
#[derive(Debug, Clone, PartialEq)]
pub struct Summary {
    /// The heading, e.g. "Order for approval".
    pub title: String,
    /// Where the order stands, in words.
    pub standing: String,
    /// The facts in the confirmation's order: (name, value).
    pub facts: Vec<Term>,
    /// The AOI's outer ring.
    pub aoi: Vec<LonLat>,
    /// The chosen attempt's footprint, when there is one.
    pub footprint: Option<Vec<LonLat>>,
    /// When the summary was made.
    pub made_at: OffsetDateTime,
}

fn fact(name: &str, value: impl Into<String>) -> Term {
    Term {
        name: name.to_owned(),
        value: value.into(),
    }
}

impl Summary {
    /// The summary of an order as its confirmation shows it (`draft`), with the chosen
    /// attempt's `footprint` (none for a window or a quotation) and where it stands.
    pub fn of_draft(
        draft: &OrderDraft,
        footprint: Option<&[LonLat]>,
        standing: &Standing,
        made_at: OffsetDateTime,
    ) -> Summary {
        let kind = if draft.quotation {
            "Quotation request"
        } else {
            "Order"
        };
        let (title, standing_words) = match standing {
            Standing::AwaitingConfirmation => (
                format!("{kind} for approval"),
                "Not sent yet: nothing has been spent. The order is sent once, when confirmed."
                    .to_owned(),
            ),
            Standing::Placed(receipt) => (format!("{kind} placed"), format!("Placed: {receipt}")),
        };
        let mut facts = vec![
            fact("AOI", &draft.aoi_name),
            fact("Product", &draft.product),
            fact("Contract", &draft.contract),
        ];
        if !draft.quotation {
            facts.push(fact("Amount", draft.amount_text()));
        }
        facts.extend(draft.terms.iter().cloned());
        let reference = draft.customer_reference.trim();
        if !reference.is_empty() {
            facts.push(fact("Customer reference", reference));
        }
        let aoi = draft.aoi_ring();
        Summary {
            title,
            standing: standing_words,
            facts,
            aoi,
            footprint: footprint.filter(|f| !f.is_empty()).map(<[LonLat]>::to_vec),
            made_at,
        }
    }

    /// The summary of the workflow's order: the one in its confirmation, or the one placed;
    /// `None` at any other step. The footprint is the chosen attempt's when it is the attempt
    /// the order names (a placed order's form may since have moved on).
    pub fn of_order(flow: &Workflow, made_at: OffsetDateTime) -> Option<Summary> {
        let (draft, standing) = match &flow.order {
            OrderStep::Confirming(draft) => (draft, Standing::AwaitingConfirmation),
            OrderStep::Placed { draft, receipt } => (draft, Standing::Placed(receipt.clone())),
            _ => return None,
        };
        let footprint = flow
            .selection
            .chosen
            .and_then(|i| flow.attempts.ready()?.attempts.get(i))
            .filter(|a| {
                !draft.quotation
                    && draft.attempt.as_ref().is_some_and(|(satellite, at)| {
                        a.satellite == *satellite && a.acquisition == Some(*at)
                    })
            })
            .map(|a| a.footprint.as_slice());
        Some(Summary::of_draft(draft, footprint, &standing, made_at))
    }

    /// The facts as lines of text ("Name: value"), the heading and standing first: what the
    /// PNG's text chunk holds.
    pub fn text(&self) -> String {
        let mut lines = vec![self.title.clone(), self.standing.clone()];
        lines.extend(
            self.facts
                .iter()
                .map(|t| format!("{}: {}", t.name, t.value)),
        );
        lines.push(format!("Made: {}", utc_text(Some(self.made_at))));
        lines.join("\n")
    }

    /// A file name for it: `<title>-<AOI>-<yyyymmdd-hhmmss>.png` (e.g.
    /// `order-for-approval-Toulouse-20270228-091530.png`), kept to letters, digits and dashes.
    pub fn file_name(&self) -> String {
        let aoi = self
            .facts
            .iter()
            .find(|t| t.name == "AOI")
            .map_or("order", |t| t.value.as_str());
        let plain = |text: &str| -> String {
            text.chars()
                .map(|c| if c.is_alphanumeric() { c } else { '-' })
                .take(40)
                .collect()
        };
        let (title, aoi) = (plain(&self.title.to_lowercase()), plain(aoi));
        let t = self.made_at.to_offset(time::UtcOffset::UTC);
        format!(
            "{title}-{aoi}-{:04}{:02}{:02}-{:02}{:02}{:02}.png",
            t.year(),
            u8::from(t.month()),
            t.day(),
            t.hour(),
            t.minute(),
            t.second()
        )
    }
}

#[cfg(test)]
mod tests;
