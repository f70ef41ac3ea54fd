//! The UP42 tasking jobs of the window, on the runtime: the account's workspace, the tasking
//! collections (every page), a product's order schema, the credit estimate, the journal
//! searched for an earlier order of the same image, and placing the
//! order through the money path (journaled before it is sent, sent once, an unclear outcome
//! left to be checked).

use super::{money_failure, refused};
use crate::api::tolerant::note_skipped;
use crate::api::up42::models::Placed;
use crate::tasking::spend::words::receipt;
use crate::tasking::spend::{Clients, MoneyPath, Spending, spend, spend_of};
use crate::tasking::workflow::{Failure, Job, Reply};

/// The most catalogue pages read (UP42's catalogue has a few; a service that never says
/// "last page" must not keep the window asking).
const MOST_PAGES: u32 = 50;

/// Runs one UP42 tasking job.
pub(super) async fn run_up42_task(
    money: &MoneyPath,
    clients: &Clients,
    job: Job,
) -> Result<Reply, Failure> {
    if let Job::Up42Place { workspace, request } = job {
        let spending = Spending::up42_order(workspace, *request);
        let answer = spend(money, clients, spending.clone(), false)
            .await
            .map_err(money_failure)?;
        let words = receipt(&spending, &answer);
        let placed: Placed = serde_json::from_value(answer).unwrap_or_default();
        return Ok(Reply::Up42Placed(placed, words));
    }
    if let Job::Up42Earlier { workspace, request } = job {
        // This machine's journal, under its lock, off the window's thread.
        let spend = spend_of(&Spending::up42_order(workspace, *request));
        return money
            .earlier(&spend)
            .map(Reply::Up42Earlier)
            .map_err(|error| {
                Failure::Refused(format!(
                    "the journal could not be searched for earlier orders of this image: {error}"
                ))
            });
    }
    let up42 = super::up42_client(clients)?;
    match job {
        Job::Up42Workspace => Ok(Reply::Up42Workspace(
            up42.account_id().await.map_err(refused)?,
        )),
        Job::Up42Collections => {
            let (mut tasking, mut warnings, mut page) = (Vec::new(), Vec::new(), 0);
            loop {
                let answer = up42.collections(page).await.map_err(refused)?;
                note_skipped(&mut warnings, "UP42 collections", &answer.content);
                tasking.extend(answer.content.into_iter().filter(|c| c.is_tasking()));
                page += 1;
                if page >= answer.total_pages.min(MOST_PAGES) {
                    break;
                }
            }
            Ok(Reply::Up42Collections(tasking, warnings))
        }
        Job::Up42Schema(product) => Ok(Reply::Up42Schema(
            up42.order_schema(&product).await.map_err(refused)?,
        )),
        Job::Up42Estimate(request) => Ok(Reply::Up42Estimate(
            up42.estimate(&request).await.map_err(refused)?,
        )),
        _ => Err(Failure::Refused(
            "not a UP42 tasking job: nothing was sent".to_owned(),
        )),
    }
}
