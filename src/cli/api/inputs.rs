//! Files and flags turned into what `tasking::requests` builds from: the one AOI of a file
//! (refused with every error a provider would find), dates, the window and order parameters.

use std::path::Path;

use time::OffsetDateTime;

use super::Failure;
use super::args::{OrderArgs, WindowArgs};
use crate::aoi::formats::import_file;
use crate::aoi::{Aoi, Imported};
use crate::api::ids::{ContractId, ProductTypeId};
use crate::api::oneatlas::models::parse_api_date;
use crate::tasking::requests::{OrderParams, WindowParams, check_aoi, property_value};

/// Reads the one AOI of a file and refuses it, with every error, if a provider would.
pub(super) fn load_aoi(path: &Path) -> Result<Aoi, Failure> {
    let report = import_file(path)
        .map_err(|e| Failure::input(format!("{}: cannot be read: {e}", path.display())))?;
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

fn parse_date(text: &str, flag: &str) -> Result<OffsetDateTime, Failure> {
    parse_api_date(text).map_err(|e| Failure::input(format!("{flag}: {e}")))
}

pub(super) fn window_params(window: &WindowArgs) -> Result<(Aoi, WindowParams), Failure> {
    let aoi = load_aoi(&window.aoi)?;
    let params = WindowParams {
        contract: ContractId(window.contract.clone()),
        missions: window.mission.clone(),
        offers: window.offer.clone(),
        start: parse_date(&window.start, "--start")?,
        end: window
            .end
            .as_deref()
            .map(|e| parse_date(e, "--end"))
            .transpose()?,
        max_cloud_pct: window.max_cloud,
        max_incidence_deg: window.max_incidence,
        mode: window.mode.clone(),
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
    let params = OrderParams {
        contract: ContractId(order.contract.clone()),
        product: ProductTypeId(order.product.clone()),
        segment_key: order.segment_key.clone(),
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
