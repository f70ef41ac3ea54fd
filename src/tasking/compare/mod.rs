//! Every offer at once: for an AOI and a contract, the mission × offer pairs the contract
//! allows, the request each needs (through `tasking::requests`, never built twice), and a row
//! per pair that fills as the answers arrive. Plain values and no I/O here but `run`, which
//! sends the requests through the shared OneAtlas client and its pacing.

mod cells;
mod machine;
mod plan;
mod row;
pub mod run;
mod sort;
#[cfg(test)]
pub(crate) mod tests;

pub use self::cells::{HEADINGS, best_of, cells, column_of};
pub use self::machine::{Answer, Comparison, Job, Progress, Ticket, measured};
pub use self::plan::{CompareParams, Pair, pairs};
pub use self::row::{Money, Row, Stage, Verdict, refusal_words};
pub use self::sort::{SortKey, best, sorted};
