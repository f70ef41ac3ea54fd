//! Looking a UP42 call up after its answer was lost: a placed order by its workspace, display
//! name and data product (`GET /v2/orders?workspaceId=&displayName=`, the filters the official
//! SDK's `Order.all` sends and the sandbox serves; UP42 has no customer reference, and the
//! display name is what a person gave the order; the command line gives each body a name of
//! its own when the person gives none), a feasibility option by its study's decision
//! (`GET /v2/tasking/feasibility-studies?id=`), a quotation decision by the quotation's.

use crate::api::ApiError;
use crate::api::CheckHint;
use crate::api::up42::Up42Client;
use crate::api::up42::models::{OrderQuery, QuotationQuery};

use super::reconcile::{Reconciliation, cannot, found_or_not};

/// Whether `check` names a UP42 look-up (else it is OneAtlas's).
pub fn is_up42(check: &CheckHint) -> bool {
    matches!(
        check,
        CheckHint::Up42Quotation { .. }
            | CheckHint::FeasibilityStudies { .. }
            | CheckHint::FeasibilityStudy { .. }
            | CheckHint::Up42Orders { .. }
    )
}

/// Looks up what `check` names with the UP42 client and says whether the call went through.
pub async fn reconcile_up42(
    client: &Up42Client,
    check: &CheckHint,
) -> Result<Reconciliation, ApiError> {
    match check {
        CheckHint::Up42Orders {
            workspace,
            display_name,
        } => {
            let query = OrderQuery {
                workspace_id: Some(workspace.clone()),
                display_name: Some(display_name.clone()),
                ..OrderQuery::default()
            };
            let page = client.orders(&query).await?;
            if page.total_pages > 1 {
                return Ok(cannot(format!(
                    "workspace {workspace} has more than one page of orders named {display_name:?}: look at the newest ones (sattask api up42-orders)"
                )));
            }
            let found: Vec<String> = page
                .content
                .iter()
                .filter(|o| o.display_name.as_deref().is_none_or(|n| n == display_name))
                .map(|o| match (&o.status, o.sub_status()) {
                    (Some(status), Some(sub)) => format!("order {} ({status}, {sub})", o.id),
                    (Some(status), None) => format!("order {} ({status})", o.id),
                    _ => format!("order {}", o.id),
                })
                .collect();
            Ok(found_or_not(found))
        }
        CheckHint::FeasibilityStudy { id, option } => {
            let Some(study) = client.feasibility_study(id).await? else {
                return Ok(cannot(format!(
                    "UP42 has no feasibility study {id}: look at the studies of its order (sattask api up42-studies)"
                )));
            };
            let decision = study.decision.clone().unwrap_or_default();
            if decision.is_empty() || decision.eq_ignore_ascii_case("NOT_DECIDED") {
                return Ok(Reconciliation::NotFound);
            }
            let chosen = study
                .other
                .get("decisionOption")
                .and_then(|o| o.get("id"))
                .and_then(serde_json::Value::as_str);
            Ok(match chosen {
                Some(chosen) if chosen == option => Reconciliation::Found {
                    detail: format!("feasibility study {id} is {decision} with option {option}"),
                },
                Some(chosen) => cannot(format!(
                    "feasibility study {id} was decided with option {chosen}, not {option}: someone else chose; look at it before anything else"
                )),
                None => Reconciliation::Found {
                    detail: format!("feasibility study {id} is {decision}"),
                },
            })
        }
        CheckHint::Up42Quotation { id } => {
            let page = client
                .quotations(&QuotationQuery {
                    id: Some(id.0.clone()),
                    ..QuotationQuery::default()
                })
                .await?;
            let Some(quotation) = page.content.iter().find(|q| &q.id == id) else {
                return Ok(cannot(format!("UP42 has no quotation {id}")));
            };
            Ok(if quotation.is_undecided() {
                Reconciliation::NotFound
            } else {
                Reconciliation::Found {
                    detail: format!(
                        "quotation {id} is {}",
                        quotation.decision.as_deref().unwrap_or("decided")
                    ),
                }
            })
        }
        CheckHint::FeasibilityStudies { .. } => Ok(cannot(
            "the journal does not say which study or option: look at the order's feasibility studies (sattask api up42-studies)",
        )),
        other => Ok(cannot(format!(
            "this is not a UP42 call: {other} on Airbus OneAtlas"
        ))),
    }
}
