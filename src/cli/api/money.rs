//! The command line's side of the money path: each check hint worded as a command that exists,
//! and money errors turned into messages and exit codes.

use super::{Connection, EXIT_BAD_INPUT, EXIT_NETWORK, Failure};
use crate::api::oneatlas::OneAtlasClient;
use crate::api::{ApiError, CheckHint};
use crate::tasking::spend::money::state_words;
use crate::tasking::spend::{Journal, MoneyError, MoneyPath, Spending};

/// How to check from the command line (or, where no command does it, which search to run).
pub fn check_command(hint: &CheckHint) -> String {
    match hint {
        CheckHint::Taskings {
            contract,
            customer_reference: Some(reference),
        } => format!("sattask api taskings --contract {contract} --customer-ref {reference:?}"),
        CheckHint::Taskings {
            contract,
            customer_reference: None,
        } => format!(
            "sattask api taskings --contract {contract} (the order had no customer reference: look at the newest; give --customer-ref next time)"
        ),
        CheckHint::Tasking { contract, tasking } => {
            format!(
                "sattask api taskings --contract {contract} (look at tasking {tasking}'s status)"
            )
        }
        CheckHint::Segments { contract, tasking } => {
            format!("sattask api segments --contract {contract} {tasking}")
        }
        CheckHint::Segment {
            contract,
            tasking,
            segment,
        } => format!(
            "sattask api segments --contract {contract} {tasking} (look at acquisition {segment}'s status)"
        ),
        CheckHint::NeoOrders {
            contract,
            customer_reference: Some(reference),
        } => format!("sattask api neo-orders --contract {contract} --customer-ref {reference:?}"),
        CheckHint::NeoOrders {
            contract,
            customer_reference: None,
        } => format!(
            "sattask api neo-orders --contract {contract} (the request had no customer reference: look at the newest)"
        ),
        CheckHint::NeoQuotation {
            contract,
            quotation,
        } => format!(
            "sattask api neo-orders --contract {contract} --quotation {quotation} (look at its quotationStatus)"
        ),
        CheckHint::NeoOrderItem { item } => {
            format!(
                "POST /api/v2/orders/search with the query (orderItemId:{item}), and look at its status"
            )
        }
        CheckHint::Coverages { coverage } => format!(
            "sattask api coverages --contract CONTRACT ORDER_ITEM_ID (look at coverage item {coverage}'s status; the order item is the orderItemId in `sattask api neo-orders --contract CONTRACT`)"
        ),
        CheckHint::Up42Quotation { id } => format!("sattask api quotations --id {id}"),
        CheckHint::FeasibilityStudies { order_id } => format!(
            "GET /v2/tasking/feasibility-studies{} on UP42, and look at the decision",
            order_id
                .as_deref()
                .map(|o| format!("?orderId={o}"))
                .unwrap_or_default()
        ),
        CheckHint::FeasibilityStudy { id, option } => format!(
            "sattask api up42-studies (look at study {id}'s decision and whether option {option} was chosen)"
        ),
        CheckHint::Up42Orders {
            workspace,
            display_name,
            ..
        } => format!("sattask api up42-orders --workspace {workspace} --name {display_name:?}"),
    }
}

impl From<MoneyError> for Failure {
    fn from(error: MoneyError) -> Self {
        match error {
            MoneyError::AlreadySent {
                previous,
                check,
                journal,
            } => {
                let state = state_words(previous.state);
                Failure {
                    code: EXIT_BAD_INPUT,
                    unreachable: false,
                    message: format!(
                        "the same {} was already sent at {} to {} and {state}{}; nothing was sent now. Check it first, there: {}; to send it again on purpose add --again (journal: {})",
                        previous.kind,
                        previous.at,
                        // A look-up elsewhere (another sandbox) would find nothing: name where.
                        previous.went_to.as_ref().map_or_else(
                            || "a service not recorded (an older sattask)".to_owned(),
                            ToString::to_string
                        ),
                        previous
                            .detail
                            .as_deref()
                            .map(|d| format!(" ({d})"))
                            .unwrap_or_default(),
                        check_command(&check),
                        journal.display()
                    ),
                }
            }
            MoneyError::Refused(error) => Failure::from(*error),
            MoneyError::Unknown { error, check } => Failure {
                code: EXIT_NETWORK,
                unreachable: false,
                message: format!(
                    "{}\nIt is journaled as unknown: the same request is refused until you check with `{}`; if it did not go through, send it again with --again.",
                    unknown_words(&error),
                    check_command(&check)
                ),
            },
            MoneyError::Journal(error) => Failure::input(error.to_string()),
            // Held back like an earlier call: nothing was sent now (the exit code of
            // `AlreadySent`).
            error @ MoneyError::BeingSent { .. } => Failure::input(error.to_string()),
            error @ (MoneyError::Elsewhere { .. }
            | MoneyError::HostUnknown { .. }
            | MoneyError::NoSuchEntry { .. }
            | MoneyError::NoClient(_)) => Failure::input(error.to_string()),
        }
    }
}

/// The error's own words, without the neutral check (the command replaces it).
fn unknown_words(error: &ApiError) -> String {
    match error {
        ApiError::OutcomeUnknown {
            service,
            what,
            detail,
            ..
        } => format!(
            "{what} was sent to {service} but no clear answer came back ({detail}); it may or may not have been carried out and was NOT resent."
        ),
        other => format!("{other}; it may or may not have been carried out and was NOT resent."),
    }
}

/// Journals `spending` (refused while the same request stands, unless `again`), sends it once
/// through `tasking::spend` and journals its outcome; the answer as JSON.
pub(super) async fn spend(
    connection: &Connection,
    client: Option<OneAtlasClient>,
    spending: Spending,
    again: bool,
) -> Result<serde_json::Value, Failure> {
    let clients = connection.clients(spending.goes_to_up42(), client)?;
    let money = MoneyPath::new(Journal::at(crate::store::paths::journal_file()));
    Ok(crate::tasking::spend::spend(&money, &clients, spending, again).await?)
}

/// Refuses an order when an earlier one in the journal buys the same image with another body
/// (another option, say), naming it, unless `buy_again`: `--again` sends the same body again,
/// this is another choice.
pub(super) fn refuse_if_bought(spending: &Spending, buy_again: bool) -> Result<(), Failure> {
    if buy_again {
        return Ok(());
    }
    let money = MoneyPath::new(Journal::at(crate::store::paths::journal_file()));
    let earlier = money
        .earlier(&crate::tasking::spend::spend_of(spending))
        .map_err(|e| Failure::input(e.to_string()))?;
    if earlier.is_empty() {
        return Ok(());
    }
    Err(Failure::input(format!(
        "already bought? an earlier order buys the same image:\n  {}\nnothing was sent. To buy it again on purpose, add --buy-again",
        earlier
            .iter()
            .map(|e| e.said.as_str())
            .collect::<Vec<_>>()
            .join("\n  ")
    )))
}
