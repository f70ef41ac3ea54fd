//! `sattask api compare`: every mission × offer the contract allows, asked through the one
//! client (so its pacing), read into the table of `tasking::compare`, printed as text or JSON;
//! and the footprints `--export` writes for `compare` and `attempts`.

use std::io::Write as _;
use std::path::Path;

use time::{Duration, OffsetDateTime, Time};

use super::args::CompareArgs;
use super::inputs::{load_aoi, parse_date};
use super::{Connection, Failure, Printed};
use crate::api::ids::ContractId;
use crate::tasking::compare::run::run_all;
use crate::tasking::compare::{
    CompareParams, Comparison, HEADINGS, Row, SortKey, best_of, cells, column_of, sorted,
};
use crate::tasking::export::{export_file, records_of};
use crate::tasking::workflow::attempts::Attempt;

/// Writes the footprints of `attempts` to `path` (format by its extension).
pub(super) fn export(path: &Path, attempts: &[Attempt]) -> Result<(), Failure> {
    export_file(path, &records_of(attempts)).map_err(|e| Failure::input(e.to_string()))
}

/// Runs the comparison and prints it.
pub(super) async fn run(connection: &Connection, args: &CompareArgs) -> Result<Printed, Failure> {
    let aoi = load_aoi(&args.aoi)?;
    let now = OffsetDateTime::now_utc();
    let start = match &args.start {
        Some(text) => parse_date(text, "--start")?,
        None => (now.date() + Duration::days(1))
            .with_time(Time::MIDNIGHT)
            .assume_utc(),
    };
    let end = match &args.end {
        Some(text) => parse_date(text, "--end")?,
        None => start + Duration::days(30),
    };
    let client = connection.oneatlas()?;
    let contracts = client.contracts().await?;
    let contract = contracts
        .contracts
        .iter()
        .find(|c| c.contract_id.as_str() == args.contract)
        .ok_or_else(|| {
            Failure::input(format!(
                "--contract {}: not one of this account's contracts (nothing was compared); list them with `sattask api contracts`",
                args.contract
            ))
        })?;
    let params = CompareParams {
        contract: ContractId(args.contract.clone()),
        neo_contract: contract.is_neo(),
        start,
        end,
        max_cloud_pct: args.max_cloud,
        max_incidence_deg: args.max_incidence,
        now,
    };
    let mut comparison = Comparison::default();
    let tickets = comparison.start((), &aoi, params).map_err(Failure::input)?;
    let mut stderr = std::io::stderr();
    let mut said = None;
    run_all(&client, &mut comparison, tickets, |c| {
        let progress = c.progress();
        if said != Some(progress) {
            let _ = writeln!(stderr, "compare: {progress}");
            said = Some(progress);
        }
    })
    .await;
    let rows = comparison.rows();
    if let Some(path) = &args.export {
        let firsts: Vec<Attempt> = rows.iter().filter_map(|r| r.first.clone()).collect();
        export(path, &firsts)?;
    }
    let order = match args.sort.as_deref() {
        Some("time") => sorted(rows, SortKey::Time),
        Some("angle") => sorted(rows, SortKey::Angle),
        Some("price") => sorted(rows, SortKey::Price),
        _ => (0..rows.len()).collect(),
    };
    Ok(if args.json {
        Printed::Json(serde_json::json!({
            "aoi": aoi.name,
            "contract": args.contract,
            "rows": order.iter().map(|&i| row_json(rows, i)).collect::<Vec<_>>(),
        }))
    } else {
        Printed::Text(table(rows, &order))
    })
}

fn key_name(key: SortKey) -> &'static str {
    match key {
        SortKey::Time => "time",
        SortKey::Angle => "angle",
        SortKey::Price => "price",
    }
}

fn row_json(rows: &[Row], index: usize) -> serde_json::Value {
    let row = &rows[index];
    let first = row.first.as_ref().map(|a| {
        serde_json::json!({
            "satellite": a.satellite,
            "acquisition": a.acquisition.and_then(|t| t.format(&time::format_description::well_known::Rfc3339).ok()),
            "localSolarTime": a.local_solar_time,
            "incidenceDeg": a.incidence_deg,
            "acrossTrackDeg": a.across_track_deg,
            "aoiCoveragePct": (a.aoi_coverage * 1000.0).round() / 10.0,
            "orderDeadline": a.order_deadline.and_then(|t| t.format(&time::format_description::well_known::Rfc3339).ok()),
            "segmentKey": a.segment_key,
        })
    });
    serde_json::json!({
        "mission": row.pair.mission.api_name(),
        "offer": row.pair.offer.api_name(),
        "verdict": row.verdict.words(),
        "firstAttempt": first,
        "attempts": row.attempts.len(),
        "billedAreaKm2": row.billed_area_km2,
        "price": row.price.as_ref().map(|m| serde_json::json!({"amount": m.amount, "currency": m.currency})),
        "priceNote": row.price_note,
        "best": best_of(rows, index).into_iter().map(key_name).collect::<Vec<_>>(),
    })
}

/// The table as aligned text, the best of each sorting column marked with `*`.
fn table(rows: &[Row], order: &[usize]) -> String {
    let mut lines: Vec<Vec<String>> = vec![HEADINGS.iter().map(|h| (*h).to_owned()).collect()];
    for &index in order {
        let mut cells = cells(&rows[index]).to_vec();
        for key in best_of(rows, index) {
            cells[column_of(key)].push_str(" *");
        }
        lines.push(cells);
    }
    let widths: Vec<usize> = (0..HEADINGS.len())
        .map(|c| {
            lines
                .iter()
                .map(|l| l[c].chars().count())
                .max()
                .unwrap_or(0)
        })
        .collect();
    let mut out = String::new();
    for line in &lines {
        let padded: Vec<String> = line
            .iter()
            .zip(&widths)
            .map(|(cell, width)| format!("{cell:<width$}"))
            .collect();
        out.push_str(padded.join("  ").trim_end());
        out.push('\n');
    }
    out.push_str("* the best of its column: the soonest first attempt, the lowest incidence, the lowest price");
    out
}
