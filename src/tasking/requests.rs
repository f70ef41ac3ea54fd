//! The request bodies of the tasking steps, built from an AOI and plain parameters: pure, no
//! I/O, shared by the app and the command line (which parse files and flags into the
//! parameters).

use time::OffsetDateTime;

use crate::aoi::Aoi;
use crate::aoi::mission::{AcquisitionMode, Mission};
use crate::aoi::rules::{Severity, ValidationContext, validate};
use crate::api::ids::{ContractId, ProductTypeId, WorkspaceId};
use crate::api::oneatlas::models::{
    AcquisitionDate, DeliveryTarget, Feasibility, FeasibilityRequest, GeoPolygon, KeyValue,
    Optical, OptionsPerProductType, OrderAoi, OrderItem, OrderRequest, api_date,
};

/// An AOI a provider would refuse, with every error found.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error(
    "the AOI {name:?} would be refused; nothing was sent. Fix these first:\n{}",
    issues.iter().map(|i| format!("  {i}")).collect::<Vec<_>>().join("\n")
)]
pub struct AoiRefused {
    /// The AOI's name.
    pub name: String,
    /// Each error, as `[rule id] message`.
    pub issues: Vec<String>,
}

/// Why a request cannot be built.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum RequestError {
    /// The AOI has an error a provider would refuse.
    #[error(transparent)]
    Aoi(#[from] AoiRefused),
    /// The window ends before it starts.
    #[error("the window's end must come after its start: move the end later or the start earlier")]
    EndBeforeStart,
}

/// Refuses an AOI with any error (default validation context), listing every error.
pub fn check_aoi(aoi: &Aoi) -> Result<(), AoiRefused> {
    let report = validate(aoi, &ValidationContext::default());
    let issues: Vec<String> = report
        .issues
        .iter()
        .filter(|i| i.severity == Severity::Error)
        .map(|i| format!("[{}] {}", i.rule.id(), i.message))
        .collect();
    if issues.is_empty() {
        Ok(())
    } else {
        Err(AoiRefused {
            name: aoi.name.clone(),
            issues,
        })
    }
}

/// The parameters of a feasibility or attempts request.
#[derive(Debug, Clone, PartialEq)]
pub struct WindowParams {
    /// The contract.
    pub contract: ContractId,
    /// The missions.
    pub missions: Vec<Mission>,
    /// ONEPLAN, ONEDAY, ONENOW... (any case).
    pub offers: Vec<String>,
    /// Window start (a past date means now).
    pub start: OffsetDateTime,
    /// Window end.
    pub end: Option<OffsetDateTime>,
    /// Maximum cloud cover, percent.
    pub max_cloud_pct: f64,
    /// Maximum incidence angle, degrees.
    pub max_incidence_deg: f64,
    /// Mono, stereo or tristereo.
    pub mode: AcquisitionMode,
}

/// The body of `POST /api/v1/feasibility` and `/attempts`: checks the AOI, that the window
/// ends after it starts and the mode; missions, offers and mode uppercased.
pub fn feasibility_request(
    aoi: &Aoi,
    p: &WindowParams,
) -> Result<FeasibilityRequest, RequestError> {
    check_aoi(aoi)?;
    if let Some(end) = p.end
        && end <= p.start
    {
        return Err(RequestError::EndBeforeStart);
    }
    Ok(FeasibilityRequest {
        acquisition_date: AcquisitionDate {
            start_date: Some(p.start),
            end_date: p.end,
        },
        contract_id: p.contract.clone(),
        missions: p.missions.clone(),
        optical: Optical {
            acquisition_mode: p.mode,
            max_cloud_cover: p.max_cloud_pct,
            max_incidence_angle: p.max_incidence_deg,
        },
        prog_type_names: p.offers.iter().map(|o| o.to_ascii_uppercase()).collect(),
        aoi: GeoPolygon::from_aoi(aoi),
    })
}

/// The parameters of a price, order or quotation request.
#[derive(Debug, Clone, PartialEq)]
pub struct OrderParams {
    /// The contract.
    pub contract: ContractId,
    /// The product type.
    pub product: ProductTypeId,
    /// The chosen attempt's segmentKey (OneDay/OneNow), verbatim.
    pub segment_key: Option<String>,
    /// Production options, key and value.
    pub options: Vec<(String, String)>,
    /// Item properties, key and JSON value (see [`property_value`]).
    pub properties: Vec<(String, serde_json::Value)>,
    /// The OnePlan window, added as the `acqPeriod` property.
    pub acq_period: Option<(OffsetDateTime, OffsetDateTime)>,
    /// The customer's reference, to find the order again.
    pub customer_reference: Option<String>,
    /// Primary market (e.g. NQUAL).
    pub market: String,
    /// Delivery workspace.
    pub workspace: Option<String>,
}

/// A property value as the guide writes it: numbers and booleans unquoted, the rest as text.
pub fn property_value(text: &str) -> serde_json::Value {
    match text {
        "true" => serde_json::Value::Bool(true),
        "false" => serde_json::Value::Bool(false),
        _ => text
            .parse::<i64>()
            .map(serde_json::Value::from)
            .or_else(|_| text.parse::<f64>().map(serde_json::Value::from))
            .unwrap_or_else(|_| serde_json::Value::String(text.to_owned())),
    }
}

/// The item properties a feasibility answer gives a OnePlan price or order (the guide: "use
/// feasibilityAutomation, feasibilityAutomationName and classification from the feasibility
/// response").
pub fn feasibility_properties(feasibility: &Feasibility) -> Vec<(String, serde_json::Value)> {
    [
        ("classification", &feasibility.classification),
        ("feasibilityAutomation", &feasibility.automation),
        ("feasibilityAutomationName", &feasibility.automation_name),
    ]
    .into_iter()
    .filter_map(|(key, value)| {
        value
            .as_ref()
            .map(|v| (key.to_owned(), serde_json::json!(v)))
    })
    .collect()
}

/// The property keys that only a feasibility answer may set.
pub const FEASIBILITY_PROPERTY_KEYS: [&str; 3] = [
    "classification",
    "feasibilityAutomation",
    "feasibilityAutomationName",
];

/// The body of `POST /api/v1/prices`, `/orders` and `/quotations`: one AOI, one item.
pub fn order_request(aoi: &Aoi, p: &OrderParams) -> Result<OrderRequest, RequestError> {
    check_aoi(aoi)?;
    let mut properties: Vec<KeyValue> = p
        .properties
        .iter()
        .map(|(k, v)| KeyValue::new(k, v.clone()))
        .collect();
    if let Some((start, end)) = p.acq_period {
        if end <= start {
            return Err(RequestError::EndBeforeStart);
        }
        properties.push(KeyValue::new(
            "acqPeriod",
            format!("{} {}", api_date(start), api_date(end)),
        ));
    }
    Ok(OrderRequest {
        aoi: vec![OrderAoi {
            id: 1,
            name: Some(aoi.name.clone()),
            geometry: GeoPolygon::from_aoi(aoi),
        }],
        program_reference: None,
        contract_id: p.contract.clone(),
        items: vec![OrderItem {
            product_type_id: p.product.clone(),
            aoi_id: 1,
            properties,
            comments: None,
            segment_key: p.segment_key.clone(),
            data_source_ids: None,
            notifications: None,
            extra: serde_json::Map::new(),
        }],
        primary_market: Some(p.market.clone()),
        secondary_market: None,
        customer_reference: p.customer_reference.clone(),
        options_per_product_type: vec![OptionsPerProductType {
            product_type_id: p.product.clone(),
            options: p
                .options
                .iter()
                .map(|(k, v)| KeyValue::new(k, v.clone()))
                .collect(),
            extra: serde_json::Map::new(),
        }],
        delivery: p.workspace.as_ref().map(|w| DeliveryTarget {
            kind: "network".to_owned(),
            workspace: WorkspaceId(w.clone()),
        }),
        end_users: None,
        extra: serde_json::Map::new(),
    })
}
