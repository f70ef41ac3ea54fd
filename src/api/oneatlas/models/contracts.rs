//! Contracts, product types and production options.

use serde::{Deserialize, Serialize};

use super::common::GeoPolygon;
use crate::api::ids::{ContractId, ProductTypeId, WorkspaceId};
use crate::api::tolerant::{
    Lenient, Number, Records, Warnings, note_field, note_skipped, one_or_many,
};

/// `GET /api/v1/contracts`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct ContractList {
    /// The contracts.
    pub contracts: Records<Contract>,
}

impl Warnings for ContractList {
    fn warnings(&self) -> Vec<String> {
        let mut warnings = Vec::new();
        note_skipped(&mut warnings, "contracts", &self.contracts);
        for contract in self.contracts.iter() {
            let record = || format!("contract {}", contract.contract_id);
            note_field(
                &mut warnings,
                record,
                "creditRemaining",
                &contract.credit_remaining,
            );
        }
        warnings
    }
}

/// A contract a person orders under.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Contract {
    /// Its id.
    pub contract_id: ContractId,
    /// Its name.
    #[serde(default)]
    pub name: Option<String>,
    /// Credit left (the spec sends it as text, the guide as a number: both are read; text that
    /// is not a number leaves it empty with a warning).
    #[serde(default)]
    pub credit_remaining: Lenient<Number>,
    /// Currency of the credit.
    #[serde(default)]
    pub currency: Option<String>,
    /// "legacy" (Pléiades, SPOT) or "neo" (Pléiades Neo).
    #[serde(default)]
    pub backend_source: Option<String>,
    /// Where deliveries go (the spec's schema sends one object, its `pneo` example a list: both
    /// are read).
    #[serde(default, deserialize_with = "one_or_many")]
    pub delivery: Vec<Delivery>,
}

impl Contract {
    /// True for a Pléiades Neo contract.
    pub fn is_neo(&self) -> bool {
        self.backend_source
            .as_deref()
            .is_some_and(|s| s.eq_ignore_ascii_case("neo"))
    }
}

/// A delivery target of a contract.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Delivery {
    /// The workspace images are delivered to.
    #[serde(default)]
    pub delivery_workspace: Option<WorkspaceId>,
}

/// `GET /api/v1/contracts/{id}/productTypes`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct ProductTypeList {
    /// The product types.
    pub product_types: Records<ProductType>,
}

impl Warnings for ProductTypeList {
    fn warnings(&self) -> Vec<String> {
        let mut warnings = Vec::new();
        note_skipped(&mut warnings, "product types", &self.product_types);
        for product in self.product_types.iter() {
            let record = || format!("product type {}", product.product_type_id);
            let area = &product.minimum_order_area_applied;
            note_field(&mut warnings, record, "minimumOrderAreaApplied", area);
        }
        warnings
    }
}

/// A product type of a contract.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ProductType {
    /// e.g. `PleiadesTaskingOneDay`.
    pub product_type_id: ProductTypeId,
    /// The minimum invoiced area, km² (empty, with a warning, when it is not a number).
    #[serde(default)]
    pub minimum_order_area_applied: Lenient<Number>,
    /// Anything else the service says about it.
    #[serde(flatten)]
    pub other: serde_json::Map<String, serde_json::Value>,
}

/// The body of an options request: `{"aoi":[{"polygonId":1,"geometry":...}]}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct OptionsRequest {
    /// The AOIs.
    pub aoi: Vec<PolygonRef>,
}

/// An AOI in an options request.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PolygonRef {
    /// Numbered from 1.
    pub polygon_id: u32,
    /// The polygon.
    pub geometry: GeoPolygon,
}

/// `POST .../productTypes/{id}/options`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct OptionList {
    /// The options.
    pub available_options: Records<ProductionOption>,
}

impl Warnings for OptionList {
    fn warnings(&self) -> Vec<String> {
        let mut warnings = Vec::new();
        note_skipped(&mut warnings, "production options", &self.available_options);
        warnings
    }
}

/// A production option and when it applies.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ProductionOption {
    /// Its key, e.g. `processing_level`.
    pub name: String,
    /// A label for people.
    #[serde(default)]
    pub label: Option<String>,
    /// "true", "false" or "constraint" (mandatory when its condition holds).
    #[serde(default, deserialize_with = "bool_or_text")]
    pub mandatory: Option<String>,
    /// The default value.
    #[serde(default)]
    pub default_value: Option<serde_json::Value>,
    /// Allowed values and the condition under which the option applies.
    #[serde(default)]
    pub constraint: Option<OptionConstraint>,
    /// "list" or "double".
    #[serde(default, rename = "type")]
    pub kind: Option<String>,
    /// Numeric range for doubles.
    #[serde(default)]
    pub range: Option<serde_json::Value>,
    /// Hidden options are set by the service.
    #[serde(default, deserialize_with = "bool_or_text_flag")]
    pub hidden: bool,
}

fn bool_or_text<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    Ok(match Option::<serde_json::Value>::deserialize(d)? {
        Some(serde_json::Value::Bool(b)) => Some(b.to_string()),
        Some(serde_json::Value::String(s)) => Some(s),
        _ => None,
    })
}

fn bool_or_text_flag<'de, D: serde::Deserializer<'de>>(d: D) -> Result<bool, D::Error> {
    Ok(bool_or_text(d)?.is_some_and(|s| s.eq_ignore_ascii_case("true")))
}

/// `constraint{condition, values[]}`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct OptionConstraint {
    /// e.g. `processing_level:(ortho|projected)`: the option applies when it holds.
    pub condition: Option<String>,
    /// Allowed values.
    pub values: Vec<serde_json::Value>,
}

impl ProductionOption {
    /// Whether the option applies given the values chosen so far (a condition
    /// `key:(a|b)` holds when `key` is set to `a` or `b`; no condition always holds).
    pub fn applies(&self, chosen: &[(String, String)]) -> bool {
        let Some(condition) = self
            .constraint
            .as_ref()
            .and_then(|c| c.condition.as_deref())
        else {
            return true;
        };
        condition_holds(condition, chosen)
    }

    /// Whether a value must be given when the option applies.
    pub fn is_mandatory(&self) -> bool {
        matches!(self.mandatory.as_deref(), Some("true") | Some("constraint"))
    }
}

/// Evaluates `key:(a|b)` conditions, several joined by ` AND `/`&&`/`,` all holding.
pub fn condition_holds(condition: &str, chosen: &[(String, String)]) -> bool {
    let condition = condition.trim();
    if condition.is_empty() {
        return true;
    }
    condition
        .split(" AND ")
        .flat_map(|part| part.split("&&"))
        .all(|clause| {
            let Some((key, values)) = clause.split_once(':') else {
                return true;
            };
            let values = values.trim().trim_start_matches('(').trim_end_matches(')');
            let key = key.trim();
            chosen
                .iter()
                .find(|(k, _)| k == key)
                .is_some_and(|(_, v)| values.split('|').any(|allowed| allowed.trim() == v))
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn conditions_follow_the_chosen_values() {
        let chosen = vec![("processing_level".to_owned(), "ortho".to_owned())];
        assert!(condition_holds(
            "processing_level:(ortho|projected)",
            &chosen
        ));
        assert!(!condition_holds("processing_level:(primary)", &chosen));
        assert!(!condition_holds("dem:(best_available)", &chosen));
        assert!(condition_holds("", &chosen));
    }

    #[test]
    fn mandatory_may_be_a_boolean_or_text() {
        let option: ProductionOption = serde_json::from_str(
            r#"{"name":"dem","mandatory":true,"hidden":"false","constraint":{"condition":"processing_level:(ortho)","values":["best_available"]}}"#,
        )
        .unwrap();
        assert!(option.is_mandatory());
        assert!(!option.hidden);
    }
}
