//! What the service knows that a price, order or quotation body needs, added before the body is
//! built: the production options (the service's defaults on request; a missing mandatory one
//! refused with the command that lists them) and, for OnePlan, the classification and
//! automation of the feasibility answer (a saved one, or asked of the service for this AOI,
//! window and criteria), never typed by the person.

use std::path::Path;

use super::Failure;
use super::args::OrderArgs;
use super::inputs::parse_date;
use crate::aoi::Aoi;
use crate::aoi::mission::{AcquisitionMode, Mission, Offer};
use crate::api::oneatlas::OneAtlasClient;
use crate::api::oneatlas::models::{CapacityAnswer, Feasibility};
use crate::tasking::requests::{
    OrderParams, WindowParams, feasibility_properties, feasibility_request, property_value,
};
use crate::tasking::workflow::form::mission_offer_of;
use crate::tasking::workflow::options::{missing_keys, with_defaults};

/// OnePlan criteria when the person gives none: the sandbox's and the window's defaults.
const DEFAULT_MAX_CLOUD: f64 = 20.0;
const DEFAULT_MAX_INCIDENCE: f64 = 30.0;
const DEFAULT_MODE: &str = "MONO";

/// Completes `params` with the options and, for OnePlan, the feasibility answer.
pub(super) async fn complete(
    client: &OneAtlasClient,
    order: &OrderArgs,
    aoi: &Aoi,
    params: &mut OrderParams,
) -> Result<(), Failure> {
    let list = client
        .options(&params.contract, &params.product, aoi)
        .await?;
    if order.default_options {
        params.options = with_defaults(&list, &params.options);
    }
    let missing = missing_keys(&list, &params.options);
    if !missing.is_empty() {
        return Err(Failure::input(format!(
            "mandatory option(s) missing for {}: {} (nothing was sent). See them and their values with `sattask api options --contract {} --product {} --aoi {}`, then add --option KEY=VALUE for each, or --default-options to take the service's defaults",
            params.product,
            missing.join(", "),
            params.contract,
            params.product,
            shell_word(&order.aoi.to_string_lossy()),
        )));
    }
    if let Some((mission, Offer::OnePlan)) = mission_offer_of(&params.product.0) {
        let feasibility = oneplan_feasibility(client, order, aoi, params, mission).await?;
        params
            .properties
            .extend(feasibility_properties(&feasibility));
    }
    Ok(())
}

/// A value quoted for the shell when it needs it (inline WKT has spaces).
fn shell_word(text: &str) -> String {
    if text.contains(|c: char| c.is_whitespace() || c == '(' || c == '"') {
        format!("'{text}'")
    } else {
        text.to_owned()
    }
}

/// The criteria a OnePlan body carries, as typed (`--property`) or the defaults, added to the
/// body when absent so the order and the feasibility asked agree.
fn oneplan_criteria(params: &mut OrderParams) -> (f64, f64, String) {
    let mut get_or_add = |key: &str, default: serde_json::Value| {
        if let Some((_, value)) = params.properties.iter().find(|(k, _)| k == key) {
            return value.clone();
        }
        params.properties.push((key.to_owned(), default.clone()));
        default
    };
    let number = |v: serde_json::Value, default: f64| {
        v.as_f64()
            .or_else(|| v.as_str().and_then(|s| s.parse().ok()))
            .unwrap_or(default)
    };
    let cloud = number(
        get_or_add("maxCloudCover", property_value("20")),
        DEFAULT_MAX_CLOUD,
    );
    let incidence = number(
        get_or_add("maxIncidenceAngle", property_value("30")),
        DEFAULT_MAX_INCIDENCE,
    );
    let mode = get_or_add("acquisitionMode", property_value(DEFAULT_MODE))
        .as_str()
        .unwrap_or(DEFAULT_MODE)
        .to_owned();
    (cloud, incidence, mode)
}

async fn oneplan_feasibility(
    client: &OneAtlasClient,
    order: &OrderArgs,
    aoi: &Aoi,
    params: &mut OrderParams,
    mission: Mission,
) -> Result<Feasibility, Failure> {
    let (Some(start), Some(end)) = (&order.start, &order.end) else {
        return Err(Failure::input(format!(
            "{} needs its window: add --start and --end (e.g. --start 2027-03-01 --end 2027-05-01)",
            params.product
        )));
    };
    let (cloud, incidence, mode) = oneplan_criteria(params);
    let (answer, source) = match &order.feasibility {
        Some(path) => (read_answer(path)?, path.display().to_string()),
        None => {
            let window = WindowParams {
                contract: params.contract.clone(),
                missions: vec![mission],
                offers: vec![Offer::OnePlan.api_name().to_owned()],
                start: parse_date(start, "--start")?,
                end: Some(parse_date(end, "--end")?),
                max_cloud_pct: cloud,
                max_incidence_deg: incidence,
                mode: AcquisitionMode::parse(&mode).ok_or_else(|| {
                    Failure::input(format!(
                        "--property acquisitionMode={mode}: not an acquisition mode; use MONO, STEREO or TRISTEREO"
                    ))
                })?,
            };
            let request = feasibility_request(aoi, &window)?;
            (
                client.feasibility(&request).await?,
                "the service's feasibility answer".to_owned(),
            )
        }
    };
    let offer = answer
        .prog_capacities
        .iter()
        .flat_map(|c| &c.prog_types)
        .find(|t| {
            t.name.eq_ignore_ascii_case(Offer::OnePlan.api_name())
                && t.mission.eq_ignore_ascii_case(mission.api_name())
        })
        .ok_or_else(|| {
            Failure::input(format!(
                "{source} has no ONEPLAN answer for {}: ask `sattask api feasibility --mission {} --offer ONEPLAN ...` for this AOI and window",
                mission.api_name(),
                mission.api_name()
            ))
        })?;
    match &offer.feasibility {
        Some(feasibility) if offer.available => Ok(feasibility.clone()),
        _ => {
            let why: Vec<String> = offer.errors.iter().map(|e| e.describe()).collect();
            Err(Failure::input(format!(
                "{source}: ONEPLAN on {} is not available{} (nothing was sent)",
                mission.api_name(),
                if why.is_empty() {
                    String::new()
                } else {
                    format!(": {}", why.join("; "))
                }
            )))
        }
    }
}

fn read_answer(path: &Path) -> Result<CapacityAnswer, Failure> {
    let hint = format!(
        "save one with `sattask api feasibility ... > {}`",
        path.display()
    );
    let text = std::fs::read_to_string(path).map_err(|e| {
        Failure::input(format!(
            "--feasibility {}: cannot be read ({e}); {hint}",
            path.display()
        ))
    })?;
    serde_json::from_str(&text).map_err(|e| {
        Failure::input(format!(
            "--feasibility {}: not a feasibility answer ({e}); {hint}",
            path.display()
        ))
    })
}
