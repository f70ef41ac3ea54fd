//! Files and flags turned into what `tasking::requests` builds from: the one AOI of a file or
//! of inline WKT/GeoJSON (refused with every error a provider would find), dates, the window
//! and order parameters, the segment key of a saved attempts answer.

use std::path::Path;

use time::OffsetDateTime;

use super::Failure;
use super::args::{OrderArgs, WindowArgs};
use crate::aoi::formats::{import_file, import_text};
use crate::aoi::mission::{AcquisitionMode, Mission};
use crate::aoi::{Aoi, Imported};
use crate::api::ids::{ContractId, ProductTypeId};
use crate::api::oneatlas::models::CapacityAnswer;
use crate::cli::date::parse_user_date;
use crate::tasking::requests::{
    FEASIBILITY_PROPERTY_KEYS, OrderParams, WindowParams, check_aoi, property_value,
};

/// Whether an `--aoi` value is the polygon itself rather than a file name.
fn is_inline_geometry(text: &str) -> bool {
    let text = text.trim_start();
    text.starts_with('{')
        || ["POLYGON", "MULTIPOLYGON"].iter().any(|kind| {
            text.get(..kind.len())
                .is_some_and(|s| s.eq_ignore_ascii_case(kind))
        })
}

/// Reads the one AOI of a file, or of WKT/GeoJSON text given in place of a file, and refuses
/// it, with every error, if a provider would.
pub(super) fn load_aoi(path: &Path) -> Result<Aoi, Failure> {
    let text = path.to_string_lossy();
    let report = if !path.exists() && is_inline_geometry(&text) {
        import_text(&text, "AOI")
            .map_err(|e| Failure::input(format!("--aoi {text}: cannot be read: {e}")))?
    } else {
        import_file(path)
            .map_err(|e| Failure::input(format!("{}: cannot be read: {e}", path.display())))?
    };
    let aois: Vec<&Aoi> = report
        .items
        .iter()
        .filter_map(|item| match item {
            Imported::Aoi(aoi) => Some(aoi),
            Imported::NotPolygon(_) => None,
        })
        .collect();
    let aoi = match aois.as_slice() {
        [one] => (*one).clone(),
        [] => {
            return Err(Failure::input(format!(
                "{}: holds no polygon",
                path.display()
            )));
        }
        several => {
            let names: Vec<&str> = several.iter().map(|a| a.name.as_str()).collect();
            return Err(Failure::input(format!(
                "{}: holds {} polygons ({}); keep the one to order in its own file (`sattask aoi convert` writes one)",
                path.display(),
                several.len(),
                names.join(", ")
            )));
        }
    };
    check_aoi(&aoi).map_err(|refused| Failure::input(format!("{}: {refused}", path.display())))?;
    Ok(aoi)
}

/// A date as people type it (see [`parse_user_date`]), or what is wrong with it and where.
pub(super) fn parse_date(text: &str, flag: &str) -> Result<OffsetDateTime, Failure> {
    parse_user_date(text).map_err(|e| Failure::input(format!("{flag}: {e}")))
}

/// The segment key of attempt `number` (from 1) of a saved `sattask api attempts` answer.
fn segment_key_of(path: &Path, number: usize) -> Result<String, Failure> {
    let text = std::fs::read_to_string(path).map_err(|e| {
        Failure::input(format!(
            "--attempts {}: cannot be read ({e}); save one with `sattask api attempts ... > {}`",
            path.display(),
            path.display()
        ))
    })?;
    let answer: CapacityAnswer = serde_json::from_str(&text).map_err(|e| {
        Failure::input(format!(
            "--attempts {}: not an attempts answer ({e}); save one with `sattask api attempts ... > {}`",
            path.display(),
            path.display()
        ))
    })?;
    let keys: Vec<&str> = answer
        .prog_capacities
        .iter()
        .flat_map(|c| &c.prog_types)
        .flat_map(|t| &t.segments)
        .map(|s| s.segment_key.as_str())
        .collect();
    match number.checked_sub(1).and_then(|i| keys.get(i)) {
        Some(key) => Ok((*key).to_owned()),
        None => Err(Failure::input(format!(
            "--attempts {}: holds {} attempt(s), there is no attempt {number}; ask for attempts again with another window",
            path.display(),
            keys.len()
        ))),
    }
}

pub(super) fn window_params(window: &WindowArgs) -> Result<(Aoi, WindowParams), Failure> {
    let aoi = load_aoi(&window.aoi)?;
    let params = WindowParams {
        contract: ContractId(window.contract.clone()),
        missions: window
            .mission
            .iter()
            .map(|m| {
                Mission::parse(m).ok_or_else(|| {
                    Failure::input(format!(
                        "--mission {m}: not a mission; use PLEIADES, SPOT or PLEIADESNEO"
                    ))
                })
            })
            .collect::<Result<_, _>>()?,
        offers: window.offer.clone(),
        start: parse_date(&window.start, "--start")?,
        end: window
            .end
            .as_deref()
            .map(|e| parse_date(e, "--end"))
            .transpose()?,
        max_cloud_pct: window.max_cloud,
        max_incidence_deg: window.max_incidence,
        mode: AcquisitionMode::parse(&window.mode).ok_or_else(|| {
            Failure::input(format!(
                "--mode {}: not an acquisition mode; use MONO, STEREO or TRISTEREO",
                window.mode
            ))
        })?,
    };
    Ok((aoi, params))
}

pub(super) fn order_params(order: &OrderArgs) -> Result<(Aoi, OrderParams), Failure> {
    let aoi = load_aoi(&order.aoi)?;
    let acq_period = match (&order.start, &order.end) {
        (Some(start), Some(end)) => {
            Some((parse_date(start, "--start")?, parse_date(end, "--end")?))
        }
        (None, None) => None,
        _ => {
            return Err(Failure::input(
                "give both --start and --end (they become the acqPeriod property)",
            ));
        }
    };
    if let Some((key, _)) = order
        .properties
        .iter()
        .find(|(k, _)| FEASIBILITY_PROPERTY_KEYS.contains(&k.as_str()))
    {
        return Err(Failure::input(format!(
            "--property {key}: comes from the feasibility answer, not from the command line (nothing was sent); drop it, and pass --feasibility FILE (a saved `sattask api feasibility` answer) or let sattask ask the service"
        )));
    }
    let segment_key = match &order.attempts {
        Some(path) => Some(segment_key_of(path, order.attempt)?),
        None => order.segment_key.clone(),
    };
    let params = OrderParams {
        contract: ContractId(order.contract.clone()),
        product: ProductTypeId(order.product.clone()),
        segment_key,
        options: order.options.clone(),
        properties: order
            .properties
            .iter()
            .map(|(k, v)| (k.clone(), property_value(v)))
            .collect(),
        acq_period,
        customer_reference: order.customer_ref.clone(),
        market: order.market.clone(),
        workspace: order.workspace.clone(),
    };
    Ok((aoi, params))
}
