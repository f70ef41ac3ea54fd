//! What a UP42 tasking collection tells a person before ordering: who produces it, its
//! resolution when the catalogue says, and what follows an order (a feasibility study, a
//! quotation, or the acquisition), read from its `integrations`.

use serde_json::Value;

use crate::api::up42::models::Collection;

/// Whether a collection lists an integration.
fn has(collection: &Collection, integration: &str) -> bool {
    collection.integrations.iter().any(|i| i == integration)
}

/// Whether UP42 estimates the credits before ordering (`PRICE_ESTIMATION_AVAILABLE`).
pub fn estimable(collection: &Collection) -> bool {
    has(collection, "PRICE_ESTIMATION_AVAILABLE")
}

/// Whether a quotation prices the order before any credits are spent (a quotation, or a
/// feasibility study and the quotation that follows it).
pub fn quoted(collection: &Collection) -> bool {
    [
        "QUOTATION_REQUIRED",
        "FEASIBILITY_STUDY_REQUIRED",
        "FEASIBILITY_STUDY_MAY_BE_REQUIRED",
    ]
    .iter()
    .any(|integration| has(collection, integration))
}

/// The producer's name (its title, else its name), else the first provider's.
pub fn provider(collection: &Collection) -> String {
    let providers: Vec<_> = collection.providers.iter().collect();
    providers
        .iter()
        .find(|p| p.roles.iter().any(|r| r == "PRODUCER"))
        .or(providers.first())
        .map_or_else(
            || "an unnamed provider".to_owned(),
            |p| p.title.clone().unwrap_or_else(|| p.name.clone()),
        )
}

/// The resolution the catalogue gives (`metadata.resolutionValue`, else `resolutionClass`).
pub fn resolution(collection: &Collection) -> Option<String> {
    let metadata = collection.metadata.as_ref()?;
    let value = metadata.get("resolutionValue");
    let metres = |key: &str| value.and_then(|v| v.get(key)).and_then(Value::as_f64);
    match (metres("minimum"), metres("maximum")) {
        (Some(low), Some(high)) if (high - low).abs() > f64::EPSILON => {
            Some(format!("{low} to {high} m"))
        }
        (Some(m), _) | (None, Some(m)) => Some(format!("{m} m")),
        (None, None) => metadata
            .get("resolutionClass")
            .and_then(Value::as_str)
            .map(|class| class.to_ascii_lowercase().replace('_', " ") + " resolution"),
    }
}

/// What follows an order of this collection, in words.
pub fn next_step(collection: &Collection) -> &'static str {
    let quoted = has(collection, "QUOTATION_REQUIRED");
    if has(collection, "FEASIBILITY_STUDY_REQUIRED") {
        "UP42 studies its feasibility first; you choose one of the study's options, then accept or reject the quotation that follows (no credits are spent before you accept)"
    } else if has(collection, "FEASIBILITY_STUDY_MAY_BE_REQUIRED") {
        "UP42 may study its feasibility first (you then choose an option); a quotation follows, which you accept or reject (no credits are spent before you accept)"
    } else if quoted {
        "UP42 sends a quotation, which you accept or reject (no credits are spent before you accept)"
    } else {
        "the acquisition is planned at once and the credits are spent"
    }
}

/// One line for a collection in the list: title, provider, resolution, what follows.
pub fn summary(collection: &Collection) -> String {
    let title = collection.title.as_deref().unwrap_or(&collection.name);
    let resolution = resolution(collection)
        .map(|r| format!(", {r}"))
        .unwrap_or_default();
    let study = if has(collection, "FEASIBILITY_STUDY_REQUIRED") {
        "feasibility study, then quotation"
    } else if has(collection, "FEASIBILITY_STUDY_MAY_BE_REQUIRED") {
        "feasibility study if UP42 asks, then quotation"
    } else if has(collection, "QUOTATION_REQUIRED") {
        "quotation"
    } else {
        "no quotation"
    };
    let estimate = if estimable(collection) {
        "credits estimated"
    } else if quoted(collection) {
        "no estimate: priced by the quotation"
    } else {
        "no estimate and no quotation: sattask cannot say its price, so it does not order it"
    };
    format!(
        "{title} by {}{resolution}: {study}; {estimate}",
        provider(collection)
    )
}
