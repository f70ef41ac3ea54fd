//! The UP42 catalogue the sandbox offers: tasking collections (and one archive collection, so
//! that filtering by type means something), their providers, integrations and data products,
//! each product with the price per km² and the minimum area its estimates and quotations
//! follow. Plain values: the handlers write them in the shapes of `GET /v2/collections`.

/// A data product: one processing level of a collection, orderable by its id.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct DataProduct {
    pub id: &'static str,
    pub name: &'static str,
    pub title: &'static str,
    pub description: &'static str,
    /// The collection it belongs to.
    pub collection: &'static str,
    /// Credits per invoiced km² (100 credits are 1 EUR).
    pub credits_per_km2: f64,
    /// The smallest area invoiced, km².
    pub min_area_km2: f64,
    /// The largest incidence angle a customer may ask, degrees.
    pub max_incidence_deg: u32,
    /// The acquisition modes the product offers.
    pub modes: &'static [&'static str],
}

/// A collection with its provider.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Collection {
    pub name: &'static str,
    pub title: &'static str,
    pub description: &'static str,
    /// `TASKING` or `ARCHIVE`.
    pub kind: &'static str,
    pub integrations: &'static [&'static str],
    /// (name, title, description) of the provider that produces and hosts it.
    pub provider: (&'static str, &'static str, &'static str),
    /// `OPTICAL`, `SAR`...
    pub product_type: &'static str,
    /// `VERY_HIGH`, `HIGH`...
    pub resolution_class: &'static str,
    /// The best ground resolution, m.
    pub resolution_m: f64,
}

impl Collection {
    /// Whether UP42 staff study an order's feasibility before it is quoted. A collection whose
    /// study only "may be required" goes straight to the quotation in the sandbox.
    pub(crate) fn needs_study(&self) -> bool {
        self.integrations.contains(&"FEASIBILITY_STUDY_REQUIRED")
    }
}

/// The Pléiades display product, the one the seeded orders are for (its id is UP42's).
pub(crate) const PHR_DISPLAY: &str = "47dadb27-9532-4552-93a5-48f70a83eaef";

const AIRBUS: (&str, &str, &str) = (
    "oneatlas",
    "Airbus",
    "Airbus Defence and Space: Pléiades, Pléiades Neo and SPOT",
);

/// Every collection, tasking first.
pub(crate) const COLLECTIONS: [Collection; 4] = [
    Collection {
        name: "phr-tasking",
        title: "Pléiades Tasking",
        description: "New 50 cm acquisitions by Pléiades 1A/1B, studied by UP42 staff before they are quoted",
        kind: "TASKING",
        integrations: &[
            "ACCESS_APPROVAL_REQUIRED",
            "FEASIBILITY_STUDY_REQUIRED",
            "QUOTATION_REQUIRED",
            "PRICE_ESTIMATION_AVAILABLE",
        ],
        provider: AIRBUS,
        product_type: "OPTICAL",
        resolution_class: "VERY_HIGH",
        resolution_m: 0.5,
    },
    Collection {
        name: "pneo-tasking",
        title: "Pléiades Neo Tasking",
        description: "New 30 cm acquisitions by Pléiades Neo 3/4, quoted without a study unless UP42 asks for one",
        kind: "TASKING",
        integrations: &[
            "ACCESS_APPROVAL_REQUIRED",
            "FEASIBILITY_STUDY_MAY_BE_REQUIRED",
            "QUOTATION_REQUIRED",
            "PRICE_ESTIMATION_AVAILABLE",
        ],
        provider: AIRBUS,
        product_type: "OPTICAL",
        resolution_class: "VERY_HIGH",
        resolution_m: 0.3,
    },
    Collection {
        name: "spot-tasking",
        title: "SPOT Tasking",
        description: "New 1.5 m acquisitions by SPOT 6/7 over wide areas",
        kind: "TASKING",
        integrations: &["QUOTATION_REQUIRED", "PRICE_ESTIMATION_AVAILABLE"],
        provider: AIRBUS,
        product_type: "OPTICAL",
        resolution_class: "HIGH",
        resolution_m: 1.5,
    },
    Collection {
        name: "phr",
        title: "Pléiades",
        description: "Pléiades archive imagery (not for tasking)",
        kind: "ARCHIVE",
        integrations: &[
            "SEARCH_AVAILABLE",
            "THUMBNAIL_AVAILABLE",
            "QUICKLOOK_AVAILABLE",
            "PRICE_ESTIMATION_AVAILABLE",
        ],
        provider: AIRBUS,
        product_type: "OPTICAL",
        resolution_class: "VERY_HIGH",
        resolution_m: 0.5,
    },
];

const OPTICAL_MODES: &[&str] = &["MONO", "STEREO", "TRISTEREO"];

/// Every data product.
pub(crate) const PRODUCTS: [DataProduct; 6] = [
    DataProduct {
        id: PHR_DISPLAY,
        name: "phr-tasking-display",
        title: "Display",
        description: "Pan-sharpened true colour, 8 bit, orthorectified",
        collection: "phr-tasking",
        credits_per_km2: 1000.0,
        min_area_km2: 25.0,
        max_incidence_deg: 50,
        modes: OPTICAL_MODES,
    },
    DataProduct {
        id: "bd102407-1814-4f92-8b5a-7697b7a73f5a",
        name: "phr-tasking-analytic",
        title: "Analytic",
        description: "Pan-sharpened four bands, 12 bit, orthorectified",
        collection: "phr-tasking",
        credits_per_km2: 1100.0,
        min_area_km2: 25.0,
        max_incidence_deg: 50,
        modes: OPTICAL_MODES,
    },
    DataProduct {
        id: "ce7360e8-d667-46cd-92cd-b456f5fb0702",
        name: "pneo-tasking-display",
        title: "Display",
        description: "Pan-sharpened true colour, 8 bit, orthorectified",
        collection: "pneo-tasking",
        credits_per_km2: 2200.0,
        min_area_km2: 25.0,
        max_incidence_deg: 45,
        modes: OPTICAL_MODES,
    },
    DataProduct {
        id: "5d7c3a9e-2b1f-4c6d-8e0a-9f4b3c2d1e0f",
        name: "spot-tasking-display",
        title: "Display",
        description: "Pan-sharpened true colour, 8 bit, orthorectified",
        collection: "spot-tasking",
        credits_per_km2: 300.0,
        min_area_km2: 100.0,
        max_incidence_deg: 45,
        modes: &["MONO", "STEREO"],
    },
    DataProduct {
        id: "0b3f5e1a-7c2d-4e8f-a1b2-c3d4e5f60718",
        name: "spot-tasking-analytic",
        title: "Analytic",
        description: "Four bands, 12 bit, orthorectified",
        collection: "spot-tasking",
        credits_per_km2: 330.0,
        min_area_km2: 100.0,
        max_incidence_deg: 45,
        modes: &["MONO", "STEREO"],
    },
    DataProduct {
        id: "c1a4f0d2-96b8-4e7a-b35d-2f8e6a9c0b14",
        name: "phr-display",
        title: "Display",
        description: "Archive imagery, pan-sharpened true colour",
        collection: "phr",
        credits_per_km2: 500.0,
        min_area_km2: 1.0,
        max_incidence_deg: 50,
        modes: &["MONO"],
    },
];

/// A data product by id.
pub(crate) fn product(id: &str) -> Option<&'static DataProduct> {
    PRODUCTS.iter().find(|p| p.id == id)
}

/// A collection by name.
pub(crate) fn collection(name: &str) -> Option<&'static Collection> {
    COLLECTIONS.iter().find(|c| c.name == name)
}

/// The data products of a collection.
pub(crate) fn products_of(collection: &str) -> impl Iterator<Item = &'static DataProduct> {
    PRODUCTS.iter().filter(move |p| p.collection == collection)
}

impl DataProduct {
    /// The area invoiced for an AOI of `area_km2`: never less than the product's minimum.
    pub(crate) fn billed_km2(&self, area_km2: f64) -> f64 {
        area_km2.max(self.min_area_km2)
    }

    /// Credits for an AOI of `area_km2`, whole credits.
    pub(crate) fn credits(&self, area_km2: f64) -> u64 {
        (self.billed_km2(area_km2) * self.credits_per_km2).round() as u64
    }

    /// Whether orders of this product are studied before they are quoted.
    pub(crate) fn needs_study(&self) -> bool {
        collection(self.collection).is_some_and(Collection::needs_study)
    }

    /// Whether it can be tasked (its collection is a tasking one).
    pub(crate) fn is_tasking(&self) -> bool {
        collection(self.collection).is_some_and(|c| c.kind == "TASKING")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn estimates_follow_the_price_per_km2_and_the_minimum_area() {
        let Some(phr) = product(PHR_DISPLAY) else {
            panic!("the Pléiades display product is missing");
        };
        assert_eq!(phr.credits(132.0), 132_000);
        // Under the minimum, the minimum is invoiced.
        assert_eq!(phr.billed_km2(3.0), 25.0);
        assert_eq!(phr.credits(3.0), 25_000);
        let Some(spot) = PRODUCTS.iter().find(|p| p.name == "spot-tasking-display") else {
            panic!("the SPOT display product is missing");
        };
        assert_eq!(spot.credits(40.0), 30_000);
    }

    #[test]
    fn only_a_required_study_delays_the_quotation() {
        let study: Vec<&str> = PRODUCTS
            .iter()
            .filter(|p| p.needs_study())
            .map(|p| p.collection)
            .collect();
        assert!(study.iter().all(|c| *c == "phr-tasking"), "{study:?}");
        assert!(PRODUCTS.iter().all(|p| collection(p.collection).is_some()));
        assert!(
            !product("c1a4f0d2-96b8-4e7a-b35d-2f8e6a9c0b14").is_some_and(DataProduct::is_tasking)
        );
    }
}
