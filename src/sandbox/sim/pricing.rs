//! The sandbox's price table: a price per km² for each product type, the contract's discount on
//! it, and the options that change the price; the minimum invoiced area is the AOI engine's
//! ([`minimum_invoiced_area_km2`]), so the `billed_area` warning and the price agree. Anchored
//! on the OneAtlas guide's three priced examples, each a test below:
//! - Pléiades OneDay, 132 km²: price 7392 EUR, so 56 EUR/km²;
//! - SPOT OnePlan CHALLENGING, a 10.5 km² AOI billed as 500 km²: price 3450 EUR (6.9 EUR/km²,
//!   i.e. 5.75 EUR/km² × 1.2 for CHALLENGING), 80 % discount, amount 690 EUR;
//! - Pléiades OneNow with the `eula_5` licence (× 1.5), 315 km²: 20,790 EUR, so 44 EUR/km².
//!
//! The invoiced area is the AOI's in whole km², rounded down: the guide's 132.51 km² AOI is
//! billed 132 km² and its 315.06 km² one 315 km² (rounding to the nearest would give 133).
//! The other figures are plausible, not Airbus's list prices.

use crate::aoi::mission::{Mission, Offer, minimum_invoiced_area_km2};

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
    /// The sandbox contract's discount on this product type, percent.
    pub discount_percentage: f64,
}

impl ProductType {
    /// The minimum invoiced area, km² (`minimumOrderAreaApplied`): the AOI engine's figure.
    pub fn minimum_area_km2(&self) -> f64 {
        minimum_invoiced_area_km2(self.mission, self.offer)
    }
}

/// How much more a CHALLENGING OnePlan costs than an EASY one.
pub const CHALLENGING_FACTOR: f64 = 1.2;

macro_rules! product {
    ($id:literal, $label:literal, $mission:ident, $offer:ident, $neo:literal, $price:literal, $discount:literal) => {
        ProductType {
            id: $id,
            label: $label,
            mission: Mission::$mission,
            offer: Offer::$offer,
            neo: $neo,
            eur_per_km2: $price,
            discount_percentage: $discount,
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
        0.0
    ),
    product!(
        "PleiadesTaskingOnePlan",
        "Pleiades OnePlan",
        Pleiades,
        OnePlan,
        false,
        15.0,
        0.0
    ),
    product!(
        "PleiadesTaskingOneNow",
        "Pleiades OneNow",
        Pleiades,
        OneNow,
        false,
        44.0,
        0.0
    ),
    product!(
        "PleiadesTaskingOneSeries",
        "Pleiades OneSeries",
        Pleiades,
        OnePlan,
        false,
        16.5,
        0.0
    ),
    product!(
        "SpotTaskingOneDay",
        "SPOT OneDay",
        Spot,
        OneDay,
        false,
        8.5,
        0.0
    ),
    product!(
        "SpotTaskingOnePlan",
        "SPOT OnePlan",
        Spot,
        OnePlan,
        false,
        5.75,
        80.0
    ),
    product!(
        "SpotTaskingOneNow",
        "SPOT OneNow",
        Spot,
        OneNow,
        false,
        10.0,
        0.0
    ),
    product!(
        "SpotTaskingOneSeries",
        "SPOT OneSeries",
        Spot,
        OnePlan,
        false,
        6.3,
        0.0
    ),
    product!(
        "PleiadesNeoOneDay",
        "Pleiades Neo OneDay",
        PleiadesNeo,
        OneDay,
        true,
        75.0,
        0.0
    ),
    product!(
        "PleiadesNeoOneNowWeather",
        "Pleiades Neo OneNow Weather",
        PleiadesNeo,
        OneNow,
        true,
        110.0,
        0.0
    ),
    product!(
        "PleiadesNeoOneNowAttempts",
        "Pleiades Neo OneNow Attempts",
        PleiadesNeo,
        OneNow,
        true,
        90.0,
        0.0
    ),
    product!(
        "PleiadesNeoOnePlan",
        "Pleiades Neo OnePlan",
        PleiadesNeo,
        OnePlan,
        true,
        25.0,
        0.0
    ),
    product!(
        "PleiadesNeoOneDayVrs",
        "Pleiades Neo OneDay VRS",
        PleiadesNeo,
        OneDay,
        true,
        82.5,
        0.0
    ),
    product!(
        "PleiadesNeoOneNowWeatherVrs",
        "Pleiades Neo OneNow Weather VRS",
        PleiadesNeo,
        OneNow,
        true,
        121.0,
        0.0
    ),
    product!(
        "PleiadesNeoOneNowAttemptsVrs",
        "Pleiades Neo OneNow Attempts VRS",
        PleiadesNeo,
        OneNow,
        true,
        99.0,
        0.0
    ),
    product!(
        "PleiadesNeoOnePlanVrs",
        "Pleiades Neo OnePlan VRS",
        PleiadesNeo,
        OnePlan,
        true,
        27.5,
        0.0
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
    /// The invoiced area: the AOI's in whole km² (rounded down), or the minimum when larger.
    pub area_km2: f64,
    /// Before discount, EUR.
    pub price: f64,
    /// The discount applied, percent.
    pub discount_percentage: f64,
    /// After discount, EUR.
    pub amount: f64,
}

/// The price of one item: invoiced area × EUR/km² × classification × licence × priority, less
/// the contract's discount on the product type.
pub fn item_price(
    product: &ProductType,
    aoi_area_km2: f64,
    challenging: bool,
    licence: f64,
    priority: f64,
) -> ItemPrice {
    let area_km2 = invoiced_area_km2(aoi_area_km2, product);
    let classification = if challenging && product.offer == Offer::OnePlan {
        CHALLENGING_FACTOR
    } else {
        1.0
    };
    let price = round_cents(area_km2 * product.eur_per_km2 * classification * licence * priority);
    let amount = round_cents(price * (1.0 - product.discount_percentage / 100.0));
    ItemPrice {
        area_km2,
        price,
        discount_percentage: product.discount_percentage,
        amount,
    }
}

/// The invoiced area: whole km², rounded down, at least the minimum.
pub fn invoiced_area_km2(aoi_area_km2: f64, product: &ProductType) -> f64 {
    aoi_area_km2.floor().max(product.minimum_area_km2())
}

/// Rounds to the cent; a sum of nothing (−0.0 in IEEE arithmetic) comes out 0.
pub fn round_cents(value: f64) -> f64 {
    (value * 100.0).round() / 100.0 + 0.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_guides_oneday_example_is_132_km2_for_7392() {
        let phr = product_type("PleiadesTaskingOneDay").unwrap();
        // The guide's attempts AOI measures 132.51 km².
        let p = item_price(phr, 132.507, false, 1.0, 1.0);
        assert_eq!((p.area_km2, p.price, p.amount), (132.0, 7392.0, 7392.0));
        assert_eq!(p.discount_percentage, 0.0);
    }

    #[test]
    fn the_guides_spot_oneplan_example_is_500_km2_3450_less_80_percent() {
        let spot = product_type("SpotTaskingOnePlan").unwrap();
        let p = item_price(spot, 10.495, true, 1.0, 1.0);
        assert_eq!(p.area_km2, 500.0);
        assert_eq!(p.price, 3450.0);
        assert_eq!(p.discount_percentage, 80.0);
        assert_eq!(p.amount, 690.0);
    }

    #[test]
    fn the_guides_onenow_order_is_315_km2_for_20790() {
        let onenow = product_type("PleiadesTaskingOneNow").unwrap();
        let eula = licence_factor("eula_5").unwrap();
        let p = item_price(onenow, 315.064, false, eula, 1.0);
        assert_eq!((p.area_km2, p.amount), (315.0, 20790.0));
    }

    #[test]
    fn the_minimum_is_the_aoi_engines() {
        for product in &PRODUCT_TYPES {
            assert_eq!(
                product.minimum_area_km2(),
                minimum_invoiced_area_km2(product.mission, product.offer),
                "{}",
                product.id
            );
        }
        assert_eq!(
            product_type("SpotTaskingOneDay")
                .unwrap()
                .minimum_area_km2(),
            500.0
        );
        assert_eq!(
            product_type("SpotTaskingOnePlan")
                .unwrap()
                .minimum_area_km2(),
            500.0
        );
        assert_eq!(
            product_type("PleiadesTaskingOnePlan")
                .unwrap()
                .minimum_area_km2(),
            100.0
        );
    }

    #[test]
    fn nothing_sums_to_zero_not_minus_zero() {
        let nothing: f64 = std::iter::empty::<f64>().sum();
        assert!(round_cents(nothing).is_sign_positive());
    }
}
