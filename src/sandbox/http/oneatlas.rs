//! OneAtlas before the order: contracts, product types, production options, feasibility and
//! attempts (from the orbit model), and the opaque segment key an attempt hands on to prices and
//! orders.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use serde_json::{Value, json};
use time::{Duration, OffsetDateTime};

use super::answer::{Answer, checked_aoi, json_answer, ok, order_error, parse_body};
use super::state::{Inner, Shared};
use crate::aoi::mission::{Mission, Offer};
use crate::sandbox::sim::geometry::{CheckedAoi, footprint_wkt, point_wkt};
use crate::sandbox::sim::model::{Backend, Contract};
use crate::sandbox::sim::pricing::{PRODUCT_TYPES, ProductType, product_type};
use crate::sandbox::sim::rules::{
    self, Criteria, Endpoint, Feasibility, SizeError, check_mode, prog_type_offer, size_errors,
};
use crate::sandbox::sim::segments::{mission_attempts, segment_key};
use crate::sandbox::sim::values::{iso_millis, parse_time, value_f64, value_text};

/// Finds a contract, or answers 404 like the real service.
pub(crate) fn find_contract<'a>(inner: &'a Inner, id: &str) -> Result<&'a Contract, Response> {
    inner
        .sim
        .contracts
        .iter()
        .find(|c| c.id == id)
        .ok_or_else(|| {
            order_error(
                StatusCode::NOT_FOUND,
                format!("CIS contract '{id}' not found."),
            )
        })
}

/// The product types of a contract.
fn contract_products(contract: &Contract) -> impl Iterator<Item = &'static ProductType> {
    let neo = contract.backend == Backend::Neo;
    PRODUCT_TYPES.iter().filter(move |p| p.neo == neo)
}

/// A product type of a contract, or 404.
pub(crate) fn contract_product(
    contract: &Contract,
    id: &str,
) -> Result<&'static ProductType, Response> {
    product_type(id)
        .filter(|p| p.neo == (contract.backend == Backend::Neo))
        .ok_or_else(|| {
            order_error(
                StatusCode::NOT_FOUND,
                format!(
                    "product type '{id}' not found in contract '{}' (GET /api/v1/contracts/{}/productTypes lists them)",
                    contract.id, contract.id
                ),
            )
        })
}

/// The missions a contract can task.
pub(crate) fn contract_missions(contract: &Contract) -> &'static [Mission] {
    match contract.backend {
        Backend::Legacy => &[Mission::Pleiades, Mission::Spot],
        Backend::Neo => &[Mission::PleiadesNeo],
    }
}

/// `GET /api/v1/contracts`.
pub(crate) async fn contracts(State(shared): State<Arc<Shared>>) -> Answer {
    let inner = shared.lock();
    let contracts: Vec<Value> = inner
        .sim
        .contracts
        .iter()
        .map(|c| {
            json!({
                "contractId": c.id,
                "customerId": "AC0000001",
                "name": c.name,
                "tradeAgreementUrl": "",
                // The OpenAPI schema and examples give the credit as a string.
                "creditRemaining": credit_text(c.credit_remaining),
                "currency": c.currency,
                "language": "en",
                "contractType": "ONEATLASDATA",
                "delivery": [{"deliveryPlatformId": "PublicMOC", "deliveryWorkspace": c.workspace}],
                "backendSource": c.backend.api_name(),
            })
        })
        .collect();
    ok(json!({ "contracts": contracts }))
}

/// `150000.0`, `147623.46`: the credit as the OpenAPI examples print it.
fn credit_text(credit: f64) -> String {
    if credit.fract() == 0.0 {
        format!("{credit:.1}")
    } else {
        format!("{credit}")
    }
}

fn sensor(mission: Mission) -> (&'static str, &'static str) {
    match mission {
        Mission::Pleiades => ("pleiades", "Pléiades"),
        Mission::Spot => ("spot", "SPOT"),
        Mission::PleiadesNeo => ("pleiadesneo", "Pléiades Neo"),
    }
}

/// `GET /api/v1/contracts/{contract}/productTypes`.
pub(crate) async fn product_types(
    State(shared): State<Arc<Shared>>,
    Path(contract): Path<String>,
) -> Answer {
    let inner = shared.lock();
    let contract = find_contract(&inner, &contract)?;
    let products: Vec<Value> = contract_products(contract)
        .map(|p| {
            let (sensor_id, sensor_label) = sensor(p.mission);
            let target =
                p.id.trim_start_matches("PleiadesNeo")
                    .trim_start_matches("PleiadesTasking")
                    .trim_start_matches("SpotTasking");
            json!({
                "productTypeId": p.id,
                "technicalProduct": {
                    "id": p.id,
                    "label": p.label,
                    "source": {"id": "tasking", "label": "One Tasking"},
                    "sensor": {"id": sensor_id, "label": sensor_label},
                    "target": {"id": target.to_ascii_lowercase(), "label": target},
                    "licences": null,
                },
                "minimumOrderAreaApplied": p.minimum_area_km2(),
                "descriptionUrl": "https://www.intelligence-airbusds.com/one-tasking/",
            })
        })
        .collect();
    ok(json!({ "productTypes": products }))
}

/// One list option of `availableOptions`.
fn list_option(
    name: &str,
    label: &str,
    mandatory: &str,
    default: Option<&str>,
    condition: Option<&str>,
    values: &[(&str, &str)],
    hidden: bool,
) -> Value {
    let values: Vec<Value> = values
        .iter()
        .map(|(id, label)| json!({"id": id, "label": label}))
        .collect();
    let mut constraint = json!({ "values": values });
    if let Some(condition) = condition {
        constraint["condition"] = json!(condition);
    }
    json!({
        "category": "production_option",
        "name": name,
        "label": label,
        "mandatory": mandatory,
        "defaultValue": default,
        "constraint": constraint,
        "type": "list",
        "hidden": hidden,
        "property": true,
    })
}

/// The production options of a product type (the same catalogue for every tasking product;
/// spectral processing differs between legacy and Neo).
pub(crate) fn available_options(product: &ProductType) -> Vec<Value> {
    let spectral: &[(&str, &str)] = if product.neo {
        &[
            ("panchromatic", "Panchromatic 30cm"),
            ("pansharpened", "Pansharpened 30cm 4-band"),
            ("multispectral", "Multispectral 1.2m 4-band"),
            (
                "bundle",
                "Bundle: Panchromatic 30cm + Multispectral 1.2m 4-band",
            ),
            (
                "full_bundle",
                "Full Bundle: Panchromatic 30cm + Multispectral 1.2m 6-band",
            ),
            ("full_pms", "Pansharpened 30cm 6-band"),
            ("full_ms", "Full MS: Multispectral 1.2m 6-band"),
        ]
    } else {
        &[
            ("panchromatic", "Panchromatic"),
            ("multispectral", "Multispectral"),
            ("pansharpened", "Pansharpened 4-band"),
            ("pansharpened_natural_color", "Pansharpened natural color"),
            ("bundle", "Bundle: Panchromatic + Multispectral"),
        ]
    };
    let mut pixel = list_option(
        "pixel_coding",
        "Pixel Coding",
        "true",
        Some("12bits"),
        None,
        &[],
        false,
    );
    pixel["constraint"]["values"] = json!([
        {"id": "8bits", "label": "8 bits (JPEG 2000 / GeoTIFF)", "constraint": {"condition": "radiometric_processing:(display)"}},
        {"id": "12bits", "label": "12 bits (JPEG 2000) / 16 bits (GeoTIFF)", "constraint": {"condition": "radiometric_processing:(basic|reflectance)"}},
    ]);
    vec![
        list_option(
            "processing_level",
            "Processing Level",
            "true",
            Some("ortho"),
            None,
            &[
                ("ortho", "Ortho"),
                ("projected", "Projected"),
                ("primary", "Primary"),
            ],
            false,
        ),
        list_option(
            "spectral_processing",
            "Spectral Processing",
            "true",
            Some(if product.neo { "full_bundle" } else { "bundle" }),
            None,
            spectral,
            false,
        ),
        list_option(
            "image_format",
            "Image Format",
            "true",
            Some("dimap_jpeg2000_regular"),
            None,
            &[
                ("dimap_jpeg2000_regular", "DIMAP - Regular JPEG 2000"),
                ("dimap_geotiff", "DIMAP - GeoTIFF"),
            ],
            false,
        ),
        pixel,
        list_option(
            "radiometric_processing",
            "Radiometric Processing",
            "true",
            Some("basic"),
            None,
            &[
                ("basic", "Basic"),
                ("reflectance", "Reflectance"),
                ("display", "Display"),
            ],
            false,
        ),
        list_option(
            "projection_1",
            "Projection (GDLIB code)",
            "constraint",
            Some("4326"),
            Some("processing_level:(ortho|projected)"),
            &[
                ("4326", "4326 WGS 1984"),
                ("3857", "3857 WGS84/Web Mercator"),
                ("32631", "32631 WGS84/UTM 31N"),
                ("2154", "2154 RGF93/Lambert-93 (FR.)"),
                ("4171", "4171 RGF93 (FR.)"),
            ],
            false,
        ),
        list_option(
            "dem",
            "Orthorectification DEM Reference",
            "constraint",
            Some("best_available"),
            Some("processing_level:(ortho)"),
            &[
                ("best_available", "Best Available"),
                ("SRTMV4", "SRTMV4 (100)"),
                ("WorldDEM4Ortho", "WorldDEM4Ortho (100)"),
                ("GTOPO30", "GTOPO30 (100)"),
            ],
            false,
        ),
        json!({
            "category": "production_option",
            "name": "elevation",
            "label": "Elevation",
            "mandatory": "false",
            "defaultValue": null,
            "constraint": {"condition": "processing_level:(projected)"},
            "range": [-100, 10000],
            "type": "double",
            "hidden": false,
            "property": true,
        }),
        list_option(
            "licence",
            "Licence",
            "true",
            Some("standard"),
            None,
            &[
                ("standard", "Standard Licence Agreement"),
                ("background_layer", "Background Layer Licence Agreement"),
                (
                    "stand_background_layer",
                    "Standard and Background Layer Licence Agreement",
                ),
                ("eula_5", "Standard Licence, up to 5 end users"),
            ],
            false,
        ),
        list_option(
            "priority",
            "Priority",
            "false",
            Some("standard"),
            None,
            &[
                ("standard", "Standard"),
                ("rush", "Rush (No Quality Checking)"),
            ],
            false,
        ),
        list_option(
            "delivery_method",
            "DeliveryMethod",
            "false",
            Some("on_the_flow"),
            None,
            &[("on_the_flow", "OntheFlow")],
            false,
        ),
        list_option(
            "fullStrip",
            "fullStrip",
            "false",
            Some("false"),
            None,
            &[("true", "true"), ("false", "false")],
            true,
        ),
    ]
}

/// `POST /api/v1/contracts/{contract}/productTypes/{product}/options` with
/// `{"aoi":[{"polygonId":1,"geometry":Polygon}]}`.
pub(crate) async fn options(
    State(shared): State<Arc<Shared>>,
    Path((contract, product)): Path<(String, String)>,
    body: Bytes,
) -> Answer {
    let product = {
        let inner = shared.lock();
        let contract = find_contract(&inner, &contract)?;
        contract_product(contract, &product)?
    };
    let body = parse_body(&body)?;
    let aois = match body.get("aoi") {
        Some(Value::Array(list)) => list.clone(),
        Some(other) => vec![other.clone()],
        None => Vec::new(),
    };
    for (index, entry) in aois.iter().enumerate() {
        let geometry = entry.get("geometry").unwrap_or(entry);
        let label = entry
            .get("polygonId")
            .and_then(value_text)
            .map(|id| format!("polygon {id}"))
            .unwrap_or_else(|| format!("aoi[{index}]"));
        checked_aoi(geometry, &label)?;
    }
    ok(json!({ "availableOptions": available_options(product) }))
}

/// What a feasibility or attempts request asks.
pub(crate) struct TaskingRequest {
    pub missions: Vec<Mission>,
    pub prog_types: Vec<String>,
    pub start: OffsetDateTime,
    pub end: Option<OffsetDateTime>,
    pub mode: String,
    pub max_cloud_cover: f64,
    pub max_incidence_deg: f64,
    pub aoi: CheckedAoi,
}

impl TaskingRequest {
    /// The criteria that decide an automatic answer.
    fn criteria(&self) -> Criteria {
        Criteria {
            max_cloud_cover: self.max_cloud_cover,
            max_incidence_deg: self.max_incidence_deg,
            mono: self.mode == "MONO",
        }
    }
}

/// A string or an array of strings.
fn strings(value: Option<&Value>) -> Vec<String> {
    match value {
        Some(Value::String(s)) => vec![s.clone()],
        Some(Value::Array(list)) => list.iter().filter_map(value_text).collect(),
        _ => Vec::new(),
    }
}

fn bad(message: impl Into<String>) -> Response {
    order_error(StatusCode::BAD_REQUEST, message)
}

/// Reads the feasibility/attempts body: `missions[]` or `mission`, `progTypeNames` (array or
/// string), `acquisitionDate{startDate,endDate}` (a past start becomes now), `optical`, `aoi`
/// (a Polygon or its bare coordinates).
fn read_tasking_request(
    inner: &Inner,
    body: &Value,
    now: OffsetDateTime,
) -> Result<TaskingRequest, Response> {
    let contract_id = body
        .get("contractId")
        .and_then(value_text)
        .ok_or_else(|| bad("contractId is missing"))?;
    let contract = find_contract(inner, &contract_id)?.clone();
    let mut mission_names = strings(body.get("missions"));
    mission_names.extend(strings(body.get("mission")));
    if mission_names.is_empty() {
        return Err(bad("missions is missing (e.g. [\"PLEIADES\"])"));
    }
    let mut missions = Vec::new();
    for name in &mission_names {
        let mission = Mission::parse(name).ok_or_else(|| {
            bad(format!(
                "unknown mission '{name}': PLEIADES, SPOT or PLEIADESNEO"
            ))
        })?;
        if !contract_missions(&contract).contains(&mission) {
            return Err(bad(format!(
                "mission {} is not available on contract '{}' (backendSource {})",
                mission.api_name(),
                contract.id,
                contract.backend.api_name()
            )));
        }
        if !missions.contains(&mission) {
            missions.push(mission);
        }
    }
    let prog_types: Vec<String> = strings(body.get("progTypeNames"))
        .into_iter()
        .map(|s| s.to_ascii_uppercase())
        .collect();
    if prog_types.is_empty() {
        return Err(bad("progTypeNames is missing (e.g. [\"ONEPLAN\"])"));
    }
    let dates = body.get("acquisitionDate");
    let read_date = |key: &str| -> Result<Option<OffsetDateTime>, Response> {
        match dates.and_then(|d| d.get(key)) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(s)) => parse_time(s).map(Some).ok_or_else(|| {
                bad(format!(
                    "acquisitionDate.{key} '{s}' is not a date like 2021-05-12T11:03:19.052Z"
                ))
            }),
            Some(_) => Err(bad(format!("acquisitionDate.{key} must be a string"))),
        }
    };
    let start = read_date("startDate")?.unwrap_or(now).max(now);
    let end = read_date("endDate")?;
    if let Some(end) = end
        && end <= start
    {
        return Err(bad(format!(
            "acquisitionDate.endDate ({}) is not after the start ({})",
            iso_millis(end),
            iso_millis(start)
        )));
    }
    let optical = body.get("optical");
    let mode = optical
        .and_then(|o| o.get("acquisitionMode"))
        .and_then(value_text)
        .unwrap_or_else(|| "MONO".into())
        .to_ascii_uppercase();
    if !matches!(mode.as_str(), "MONO" | "STEREO" | "TRISTEREO") {
        return Err(bad(format!(
            "optical.acquisitionMode '{mode}' is not MONO, STEREO or TRISTEREO"
        )));
    }
    let number = |key: &str, default: f64, max: f64| -> Result<f64, Response> {
        match optical.and_then(|o| o.get(key)) {
            None | Some(Value::Null) => Ok(default),
            Some(v) => value_f64(v)
                .filter(|n| (0.0..=max).contains(n))
                .ok_or_else(|| {
                    bad(format!(
                        "optical.{key} must be a number between 0 and {max}"
                    ))
                }),
        }
    };
    let max_cloud_cover = number("maxCloudCover", 100.0, 100.0)?;
    let max_incidence_deg = number("maxIncidenceAngle", 30.0, 90.0)?;
    let aoi_value = body.get("aoi").ok_or_else(|| bad("aoi is missing"))?;
    let aoi = checked_aoi(aoi_value, "aoi")?;
    Ok(TaskingRequest {
        missions,
        prog_types,
        start,
        end,
        mode,
        max_cloud_cover,
        max_incidence_deg,
        aoi,
    })
}

/// The guide's `errors[]` entry of a size error.
fn size_entry(error: &SizeError) -> Value {
    json!({"code": error.code, "locator": "AOI", "message": error.message()})
}

/// A progType that cannot be answered: `available: false` with its errors.
fn unavailable(name: &str, mission: Mission, errors: &[SizeError], with_segments: bool) -> Value {
    let mut entry = json!({
        "name": name,
        "mission": mission.api_name(),
        "errors": errors.iter().map(size_entry).collect::<Vec<_>>(),
        "available": false,
    });
    if with_segments {
        entry["segments"] = json!([]);
    }
    entry
}

/// Each mission of a request with the offer of each of its progType names.
type MissionOffers = Vec<(Mission, Vec<(String, Offer)>)>;

/// The offer of every mission and progType of a request, or 400 naming the first one the
/// endpoint does not take (and what it takes), or a mode the offer does not allow.
fn checked_offers(request: &TaskingRequest, endpoint: Endpoint) -> Result<MissionOffers, Response> {
    let mut out = Vec::new();
    for &mission in &request.missions {
        let mut offers = Vec::new();
        for name in &request.prog_types {
            let offer = prog_type_offer(endpoint, mission, name).map_err(bad)?;
            check_mode(&request.mode, mission, offer).map_err(bad)?;
            offers.push((name.clone(), offer));
        }
        out.push((mission, offers));
    }
    Ok(out)
}

/// A feasibility or attempts body read at the simulated now, with the offer of each mission
/// and progType name the endpoint takes.
fn read_for(
    shared: &Shared,
    body: &[u8],
    endpoint: Endpoint,
) -> Result<(TaskingRequest, MissionOffers, OffsetDateTime), Response> {
    let body = parse_body(body)?;
    let (request, now) = {
        let mut inner = shared.lock();
        let now = inner.now_and_tick();
        (read_tasking_request(&inner, &body, now)?, now)
    };
    let offers = checked_offers(&request, endpoint)?;
    Ok((request, offers, now))
}

/// `POST /api/v1/feasibility`.
pub(crate) async fn feasibility(State(shared): State<Arc<Shared>>, body: Bytes) -> Answer {
    let (request, offers, now) = read_for(&shared, &body, Endpoint::Feasibility)?;
    let window_days = request
        .end
        .map(|end| (end - request.start).as_seconds_f64() / 86_400.0);
    let mut capacities = Vec::new();
    for (mission, offers) in offers {
        let mut prog_types = Vec::new();
        for (name, offer) in offers {
            if offer == Offer::OnePlan && window_days.is_none() {
                return Err(bad("acquisitionDate.endDate is required for ONEPLAN"));
            }
            let answer = rules::feasibility(
                mission,
                offer,
                &request.aoi.measures,
                request.criteria(),
                window_days.unwrap_or(0.0),
            );
            let entry = match answer {
                Feasibility::Unavailable(errors) => unavailable(&name, mission, &errors, false),
                Feasibility::Answered {
                    classification,
                    automatic,
                    automation_name,
                } => {
                    let mut entry = json!({
                        "name": name,
                        "mission": mission.api_name(),
                        "feasibility": {
                            "classification": classification,
                            "automation": if automatic { "AUTOMATIC" } else { "MANUAL" },
                            "automationName": automation_name,
                        },
                        "available": true,
                    });
                    if mission == Mission::PleiadesNeo {
                        entry["expirationDate"] = json!(iso_millis(now + Duration::days(1)));
                    }
                    entry
                }
            };
            prog_types.push(entry);
        }
        capacities.push(json!({"mission": mission.api_name(), "progTypes": prog_types}));
    }
    ok(json!({ "progCapacities": capacities }))
}

/// `POST /api/v1/attempts` (ONEDAY and ONENOW only).
pub(crate) async fn attempts(State(shared): State<Arc<Shared>>, body: Bytes) -> Answer {
    let (request, offers, now) = read_for(&shared, &body, Endpoint::Attempts)?;
    let mut capacities = Vec::new();
    let mut any_segment = false;
    let mut any_error = false;
    for (mission, offers) in offers {
        let mut prog_types = Vec::new();
        for (name, offer) in offers {
            let (mut errors, beyond) = size_errors(&request.aoi.measures, mission, offer);
            errors.extend(beyond);
            if !errors.is_empty() {
                any_error = true;
                prog_types.push(unavailable(&name, mission, &errors, true));
                continue;
            }
            let segments: Vec<Value> = mission_attempts(
                mission,
                offer,
                &request.aoi,
                request.start,
                now,
                request.max_incidence_deg,
            )
            .iter()
            .map(|s| {
                json!({
                    "id": s.id,
                    "footprint": {"geometry": footprint_wkt(&s.footprint), "center": point_wkt(s.centre)},
                    "instrumentMode": s.pass.satellite.instrument_mode,
                    "orderDeadline": iso_millis(s.deadline),
                    "extendedAngle": s.pass.incidence_deg > 30.0,
                    "acquisitionStartDate": iso_millis(s.start),
                    "acquisitionEndDate": iso_millis(s.end),
                    "incidenceAngle": (s.pass.incidence_deg * 100.0).round() / 100.0,
                    "segmentKey": segment_key(s, request.max_cloud_cover, request.max_incidence_deg),
                    "acrossTrackIncidenceAngle": s.pass.across_track_incidence_deg,
                    "maxIncidenceAngle": request.max_incidence_deg,
                })
            })
            .collect();
            any_segment |= !segments.is_empty();
            prog_types.push(json!({
                "name": name,
                "mission": mission.api_name(),
                "available": !segments.is_empty(),
                "segments": segments,
            }));
        }
        capacities.push(json!({"mission": mission.api_name(), "progTypes": prog_types}));
    }
    if !any_segment && !any_error {
        return Err(json_answer(
            StatusCode::INTERNAL_SERVER_ERROR,
            json!({"errors": [{"code": "ERR_NO_SENSOR_AVAILABLE", "locator": "UNKNOWN"}]}),
        ));
    }
    ok(json!({ "progCapacities": capacities }))
}
