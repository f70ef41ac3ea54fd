//! Prices, orders and Neo quotation requests: one shared body, as the guide shows.

use serde::{Deserialize, Serialize};

use super::common::{GeoPolygon, KeyValue};
use crate::api::ids::{ContractId, ProductTypeId, QuotationId, SalesOrderId, WorkspaceId};

/// The body of `POST /api/v1/prices`, `/api/v1/orders` and `/api/v1/quotations`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct OrderRequest {
    /// The AOIs, numbered from 1.
    pub aoi: Vec<OrderAoi>,
    /// A program reference (null when none).
    #[serde(default)]
    pub program_reference: Option<String>,
    /// The contract.
    pub contract_id: ContractId,
    /// What to produce on which AOI (at most 5 AOI/item pairs per order).
    pub items: Vec<OrderItem>,
    /// e.g. NQUAL.
    #[serde(default)]
    pub primary_market: Option<String>,
    /// Usually null.
    #[serde(default)]
    pub secondary_market: Option<String>,
    /// The customer's own reference (how an order is found again).
    #[serde(default)]
    pub customer_reference: Option<String>,
    /// Production options per product type.
    #[serde(default)]
    pub options_per_product_type: Vec<OptionsPerProductType>,
    /// Where to deliver.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub delivery: Option<DeliveryTarget>,
    /// End users, when the contract requires them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end_users: Option<Vec<EndUser>>,
    /// Fields the guide shows that this model does not name (e.g. `holdback`, `licence`),
    /// kept so a request read from a file is sent back unchanged.
    #[serde(flatten)]
    pub extra: serde_json::Map<String, serde_json::Value>,
}

/// `aoi[]{id, name, geometry}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OrderAoi {
    /// Referenced by items' `aoiId`.
    pub id: u32,
    /// A name.
    #[serde(default)]
    pub name: Option<String>,
    /// The polygon.
    pub geometry: GeoPolygon,
}

/// `items[]`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct OrderItem {
    /// e.g. PleiadesTaskingOneDay.
    pub product_type_id: ProductTypeId,
    /// Which AOI.
    pub aoi_id: u32,
    /// Properties: classification, feasibilityAutomation, acqPeriod, maxCloudCover...
    #[serde(default)]
    pub properties: Vec<KeyValue>,
    /// Free text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comments: Option<String>,
    /// From the chosen attempt, verbatim (OneDay/OneNow).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub segment_key: Option<String>,
    /// Data sources (archive), usually empty.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub data_source_ids: Option<Vec<String>>,
    /// E-mail notifications.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notifications: Option<Vec<serde_json::Value>>,
    /// Fields the guide shows that this model does not name (e.g. `holdback`, `licence`),
    /// kept so a request read from a file is sent back unchanged.
    #[serde(flatten)]
    pub extra: serde_json::Map<String, serde_json::Value>,
}

/// `optionsPerProductType[]{productTypeId, options[]{key, value}}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct OptionsPerProductType {
    /// The product type.
    pub product_type_id: ProductTypeId,
    /// The chosen options.
    pub options: Vec<KeyValue>,
    /// Fields the guide shows that this model does not name (e.g. `holdback`, `licence`),
    /// kept so a request read from a file is sent back unchanged.
    #[serde(flatten)]
    pub extra: serde_json::Map<String, serde_json::Value>,
}

/// `delivery{type: "network", workspace}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DeliveryTarget {
    /// "network".
    #[serde(rename = "type")]
    pub kind: String,
    /// The workspace id.
    pub workspace: WorkspaceId,
}

/// `endUsers[]{endUserName, country}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct EndUser {
    /// Name.
    pub end_user_name: String,
    /// ISO country code.
    pub country: String,
}

/// The answer of `POST /api/v1/prices`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct PriceAnswer {
    /// The contract.
    pub contract_id: Option<ContractId>,
    /// e.g. EUR.
    pub currency: Option<String>,
    /// What will be charged.
    pub total_amount: f64,
    /// Percent.
    pub discount_percentage: Option<f64>,
    /// Amount.
    pub discount_value: Option<f64>,
    /// Per product type.
    pub product_types: Vec<ProductTypePrice>,
}

/// One product type's price.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct ProductTypePrice {
    /// Which.
    pub product_type_id: Option<ProductTypeId>,
    /// Billed area, km².
    pub area_km2: Option<f64>,
    /// Before discount.
    pub price: Option<f64>,
    /// After discount.
    pub amount: Option<f64>,
    /// Percent.
    pub discount_percentage: Option<f64>,
    /// Amount.
    pub discount_value: Option<f64>,
}

/// The answer of `POST /api/v1/orders`: a sales order (Pléiades, SPOT), or a quotation
/// (the spec's Pléiades Neo example answers an order with `quotationId`). An answer naming
/// neither cannot be read: the order's outcome is then unknown and is looked up, never resent.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", try_from = "OrderAnswerAsSent")]
pub struct OrderAnswer {
    /// The order's id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sales_order_id: Option<SalesOrderId>,
    /// The quotation's id, when the service answered the order with a quotation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quotation_id: Option<QuotationId>,
    /// e.g. EUR.
    #[serde(default)]
    pub currency: Option<String>,
    /// Charged.
    #[serde(default)]
    pub total_amount: Option<f64>,
    /// Anything else.
    #[serde(flatten)]
    pub other: serde_json::Map<String, serde_json::Value>,
}

/// [`OrderAnswer`] before the check that it names an order or a quotation.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct OrderAnswerAsSent {
    #[serde(default)]
    sales_order_id: Option<SalesOrderId>,
    #[serde(default)]
    quotation_id: Option<QuotationId>,
    #[serde(default)]
    currency: Option<String>,
    #[serde(default, deserialize_with = "crate::api::tolerant::number_or_text")]
    total_amount: Option<f64>,
    #[serde(flatten)]
    other: serde_json::Map<String, serde_json::Value>,
}

impl TryFrom<OrderAnswerAsSent> for OrderAnswer {
    type Error = String;

    fn try_from(sent: OrderAnswerAsSent) -> Result<Self, String> {
        if sent.sales_order_id.is_none() && sent.quotation_id.is_none() {
            return Err("the order's answer names neither a salesOrderId nor a quotationId".into());
        }
        Ok(OrderAnswer {
            sales_order_id: sent.sales_order_id,
            quotation_id: sent.quotation_id,
            currency: sent.currency,
            total_amount: sent.total_amount,
            other: sent.other,
        })
    }
}

impl OrderAnswer {
    /// What was made, in words: `order SAL21416909 placed` or `quotation QUO21000243 made`.
    pub fn outcome(&self) -> String {
        match (&self.sales_order_id, &self.quotation_id) {
            (Some(order), _) => format!("order {order} placed"),
            (None, Some(quotation)) => {
                format!("quotation {quotation} made (the order is placed when it is accepted)")
            }
            (None, None) => "order placed".to_owned(),
        }
    }
}
