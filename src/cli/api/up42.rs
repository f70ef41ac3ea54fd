//! The UP42 tasking commands of `sattask api`: the catalogue, a product's schema, the credit
//! estimate, placing an order and choosing a feasibility option (both through the money path,
//! `tasking::spend`), the orders and the studies. The AOI is checked here, with every rule a
//! provider applies, before anything is sent: an AOI UP42 would refuse never reaches it.

use serde_json::Value;

use super::inputs::load_aoi;
use super::money::spend;
use super::up42_args::{Up42Command, Up42OrderArgs};
use super::{Connection, Failure, require_yes, to_value};
use crate::api::ids::FeasibilityStudyId;
use crate::api::tolerant::note_skipped;
use crate::api::up42::models::{OrderQuery, OrderRequest};
use crate::tasking::requests::property_value;
use crate::tasking::spend::Spending;

/// Runs one UP42 tasking command; the answer as JSON.
pub(super) async fn execute(
    connection: &Connection,
    command: Up42Command,
    warnings: &mut Vec<String>,
) -> Result<Value, Failure> {
    match command {
        Up42Command::Up42Collections => {
            let client = connection.up42()?;
            let mut tasking = Vec::new();
            let mut page = 0;
            loop {
                let answer = client.collections(page).await?;
                note_skipped(warnings, "UP42 collections", &answer.content);
                tasking.extend(answer.content.into_iter().filter(|c| c.is_tasking()));
                page += 1;
                if page >= answer.total_pages {
                    break;
                }
            }
            to_value(tasking)
        }
        Up42Command::Up42Schema { data_product_id } => {
            Ok(connection.up42()?.order_schema(&data_product_id).await?)
        }
        Up42Command::Up42Estimate(order) => {
            let (_, request) = order_request(&order)?;
            let estimate = connection.up42()?.estimate(&request).await?;
            note_skipped(warnings, "the estimate's results", &estimate.results);
            note_skipped(warnings, "the estimate's errors", &estimate.errors);
            to_value(estimate)
        }
        Up42Command::Up42Order(order) => {
            require_yes(
                order.yes,
                "a UP42 order starts UP42's work (a feasibility study or a quotation to accept)",
            )?;
            let (workspace, request) = order_request(&order)?;
            let spending = Spending::up42_order(workspace, request);
            let answer = spend(connection, None, spending, order.again).await?;
            let placed = answer
                .get("results")
                .and_then(Value::as_array)
                .is_some_and(|r| !r.is_empty());
            if placed {
                Ok(answer)
            } else {
                Err(Failure {
                    code: super::EXIT_REFUSED,
                    unreachable: false,
                    message: format!(
                        "UP42 placed no order: it refused the AOI ({}); fix the AOI or the parameters (sattask api up42-estimate tells the same without ordering) and order again with --again",
                        answer
                            .get("errors")
                            .map(Value::to_string)
                            .unwrap_or_default()
                    ),
                })
            }
        }
        Up42Command::Up42Orders {
            status,
            sub_status,
            workspace,
            name,
            page,
        } => {
            let query = OrderQuery {
                workspace_id: workspace,
                status,
                sub_status,
                kind: None,
                display_name: name,
                page,
            };
            let answer = connection.up42()?.orders(&query).await?;
            note_skipped(warnings, "UP42 orders", &answer.content);
            to_value(answer)
        }
        Up42Command::Up42Studies { order } => to_value(
            connection
                .up42()?
                .feasibility_studies(order.as_deref())
                .await?,
        ),
        Up42Command::ChooseStudyOption {
            study,
            option,
            yes,
            again,
        } => {
            require_yes(
                yes,
                "choosing a feasibility option is final: the quotation that follows is priced on it",
            )?;
            let spending = Spending::ChooseStudyOption {
                study: FeasibilityStudyId(study),
                option,
            };
            spend(connection, None, spending, again).await
        }
    }
}

/// The workspace and the body of an estimate or an order: the AOI read and checked first, the
/// parameters typed as `sattask api up42-schema` would have them (numbers, true/false, text).
fn order_request(order: &Up42OrderArgs) -> Result<(String, OrderRequest), Failure> {
    let aoi = load_aoi(&order.aoi)?;
    let params: serde_json::Map<String, Value> = order
        .params
        .iter()
        .map(|(key, value)| (key.clone(), property_value(value)))
        .collect();
    let request = crate::tasking::up42_task::request::order_request(
        &order.workspace,
        &order.data_product,
        params,
        &aoi,
        order.name.as_deref(),
        order.tag.clone(),
    );
    Ok((order.workspace.trim().to_owned(), request))
}
