//! The sandbox's price table: a price per km² for each product type, the minimum invoiced area,
//! and the options that change the price. Anchored on the OneAtlas guide's examples (Pléiades
//! OneDay 132 km² = 7392 EUR, i.e. 56 EUR/km²; SPOT OnePlan CHALLENGING 500 km² = 3450 EUR, i.e.
//! 6.9 EUR/km²); the other numbers are plausible, not Airbus's list prices.

use crate::aoi::mission::{Mission, Offer};

/// A product type the sandbox's contracts offer.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ProductType {
    /// The API's id (`PleiadesTaskingOneDay`...).
    pub id: &'static str,
    /// The label shown by `productTypes`.
    pub label: &'static str,
    /// The mission.
    pub mission: Mission,
    /// The offer (OneSeries is priced and tracked like OnePlan).
    pub offer: Offer,
    /// Whether it belongs to the Pléiades Neo ("neo") contract.
    pub neo: bool,
    /// EUR per km² (OnePlan: EASY; CHALLENGING costs [`CHALLENGING_FACTOR`] times more).
    pub eur_per_km2: f64,
    /// The minimum invoiced area, km² (`minimumOrderAreaApplied`).
    pub minimum_area_km2: f64,
}

/// How much more a CHALLENGING OnePlan costs than an EASY one.
pub const CHALLENGING_FACTOR: f64 = 1.2;

macro_rules! product {
    ($id:literal, $label:literal, $mission:ident, $offer:ident, $neo:literal, $price:literal, $min:literal) => {
        ProductType {
            id: $id,
            label: $label,
            mission: Mission::$mission,
            offer: Offer::$offer,
            neo: $neo,
            eur_per_km2: $price,
            minimum_area_km2: $min,
        }
    };
}

/// Every product type, legacy first.
pub const PRODUCT_TYPES: [ProductType; 16] = [
    product!(
        "PleiadesTaskingOneDay",
        "Pleiades OneDay",
        Pleiades,
        OneDay,
        false,
        56.0,
        100.0
    ),
    product!(
        "PleiadesTaskingOnePlan",
        "Pleiades OnePlan",
        Pleiades,
        OnePlan,
        false,
        15.0,
        100.0
    ),
    product!(
        "PleiadesTaskingOneNow",
        "Pleiades OneNow",
        Pleiades,
        OneNow,
        false,
        70.0,
        100.0
    ),
    product!(
        "PleiadesTaskingOneSeries",
        "Pleiades OneSeries",
        Pleiades,
        OnePlan,
        false,
        16.5,
        100.0
    ),
    product!(
        "SpotTaskingOneDay",
        "SPOT OneDay",
        Spot,
        OneDay,
        false,
        8.5,
        500.0
    ),
    product!(
        "SpotTaskingOnePlan",
        "SPOT OnePlan",
        Spot,
        OnePlan,
        false,
        5.75,
        100.0
    ),
    product!(
        "SpotTaskingOneNow",
        "SPOT OneNow",
        Spot,
        OneNow,
        false,
        10.0,
        100.0
    ),
    product!(
        "SpotTaskingOneSeries",
        "SPOT OneSeries",
        Spot,
        OnePlan,
        false,
        6.3,
        100.0
    ),
    product!(
        "PleiadesNeoOneDay",
        "Pleiades Neo OneDay",
        PleiadesNeo,
        OneDay,
        true,
        75.0,
        100.0
    ),
    product!(
        "PleiadesNeoOneNowWeather",
        "Pleiades Neo OneNow Weather",
        PleiadesNeo,
        OneNow,
        true,
        110.0,
        100.0
    ),
    product!(
        "PleiadesNeoOneNowAttempts",
        "Pleiades Neo OneNow Attempts",
        PleiadesNeo,
        OneNow,
        true,
        90.0,
        100.0
    ),
    product!(
        "PleiadesNeoOnePlan",
        "Pleiades Neo OnePlan",
        PleiadesNeo,
        OnePlan,
        true,
        25.0,
        100.0
    ),
    product!(
        "PleiadesNeoOneDayVrs",
        "Pleiades Neo OneDay VRS",
        PleiadesNeo,
        OneDay,
        true,
        82.5,
        100.0
    ),
    product!(
        "PleiadesNeoOneNowWeatherVrs",
        "Pleiades Neo OneNow Weather VRS",
        PleiadesNeo,
        OneNow,
        true,
        121.0,
        100.0
    ),
    product!(
        "PleiadesNeoOneNowAttemptsVrs",
        "Pleiades Neo OneNow Attempts VRS",
        PleiadesNeo,
        OneNow,
        true,
        99.0,
        100.0
    ),
    product!(
        "PleiadesNeoOnePlanVrs",
        "Pleiades Neo OnePlan VRS",
        PleiadesNeo,
        OnePlan,
        true,
        27.5,
        100.0
    ),
];

/// The product type of an id.
pub fn product_type(id: &str) -> Option<&'static ProductType> {
    PRODUCT_TYPES.iter().find(|p| p.id == id)
}

/// The price factor of a `licence` option value (`None`: not a licence the sandbox knows).
pub fn licence_factor(licence: &str) -> Option<f64> {
    match licence {
        "standard" | "" => Some(1.0),
        "background_layer" => Some(1.2),
        "stand_background_layer" => Some(1.3),
        "eula_5" => Some(1.5),
        _ => None,
    }
}

/// The price factor of a `priority` option value.
pub fn priority_factor(priority: &str) -> Option<f64> {
    match priority {
        "standard" | "" => Some(1.0),
        "rush" => Some(1.5),
        _ => None,
    }
}

/// An item's price.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ItemPrice {
    /// The invoiced area: the AOI's, or the minimum when larger, km² (2 decimals).
    pub area_km2: f64,
    /// Before discount, EUR.
    pub price: f64,
    /// After discount, EUR.
    pub amount: f64,
}

/// The price of one item: invoiced area × EUR/km² × classification × licence × priority.
pub fn item_price(
    product: &ProductType,
    aoi_area_km2: f64,
    challenging: bool,
    licence: f64,
    priority: f64,
    discount_percentage: f64,
) -> ItemPrice {
    let area_km2 = (aoi_area_km2.max(product.minimum_area_km2) * 100.0).round() / 100.0;
    let classification = if challenging && product.offer == Offer::OnePlan {
        CHALLENGING_FACTOR
    } else {
        1.0
    };
    let price = round_cents(area_km2 * product.eur_per_km2 * classification * licence * priority);
    let amount = round_cents(price * (1.0 - discount_percentage / 100.0));
    ItemPrice {
        area_km2,
        price,
        amount,
    }
}

fn round_cents(value: f64) -> f64 {
    (value * 100.0).round() / 100.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_guides_examples_come_out() {
        let phr = product_type("PleiadesTaskingOneDay").unwrap();
        assert_eq!(item_price(phr, 132.0, false, 1.0, 1.0, 0.0).price, 7392.0);
        let spot = product_type("SpotTaskingOnePlan").unwrap();
        let p = item_price(spot, 30.0, true, 1.0, 1.0, 0.0);
        assert_eq!(p.area_km2, 100.0);
        assert!((p.price - 690.0).abs() < 1e-9);
        assert_eq!(
            product_type("SpotTaskingOneDay").unwrap().minimum_area_km2,
            500.0
        );
    }
}
