//! The EPSG table (`crs-definitions`, from PostGIS's `spatial_ref_sys`): a CRS's WKT by its code,
//! and the shift to WGS84 of a datum a file names without giving its shift (a Shapefile's `.prj`
//! in the ESRI flavour never gives one; PROJ finds it in its own database, and so do we here).

use std::collections::HashMap;
use std::sync::OnceLock;

use super::wkt::{Datum, describe};

/// Where the table's geographic CRSs lie (a test checks it): the index by name reads only the
/// definitions in this range, 1.8 of the table's 4 MB, not every page of it.
const GEOGRAPHIC_CODES: std::ops::RangeInclusive<u16> = 3819..=9019;

/// The WKT the EPSG table holds for `code`.
pub(super) fn wkt_of(code: u32) -> Option<&'static str> {
    let code = u16::try_from(code).ok()?;
    crs_definitions::from_code(code).map(|def| def.wkt)
}

/// Where a datum's shift to WGS84 was found.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Shift {
    /// The EPSG table's shift for the geographic CRS `code` (`name`), as a TOWGS84.
    Found {
        /// The geographic CRS's EPSG code.
        code: u16,
        /// Its name.
        name: String,
        /// The 3 or 7 Helmert parameters.
        to_wgs84: String,
    },
    /// Several geographic CRSs of that name or datum, with different shifts.
    Ambiguous {
        /// Their EPSG codes.
        codes: Vec<u16>,
    },
    /// No geographic CRS of that code, name or datum with a shift.
    Unknown,
}

/// A name without its ESRI prefix, letter case and punctuation: "GCS_OSGB_1936", "OSGB 1936"
/// and "D_OSGB_1936" are all "OSGB1936".
fn normalize(name: &str) -> String {
    let name = name.trim();
    let name = name
        .strip_prefix("GCS_")
        .or_else(|| name.strip_prefix("D_"))
        .unwrap_or(name);
    name.chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_uppercase())
        .collect()
}

/// The first quoted text after `keyword[` in `wkt`.
fn quoted_after<'a>(wkt: &'a str, keyword: &str) -> Option<&'a str> {
    let start = wkt.find(keyword)? + keyword.len();
    let rest = wkt.get(start..)?.strip_prefix("[\"")?;
    rest.get(..rest.find('"')?)
}

/// The table's geographic CRSs by their normalized name and their datum's, built once: a file of
/// many layers, each in a datum to look up, costs one pass over the table, not one a layer.
fn geographic_by_name() -> &'static HashMap<String, Vec<u16>> {
    static INDEX: OnceLock<HashMap<String, Vec<u16>>> = OnceLock::new();
    INDEX.get_or_init(|| {
        let mut index: HashMap<String, Vec<u16>> = HashMap::new();
        for code in GEOGRAPHIC_CODES {
            let Some(def) = crs_definitions::from_code(code) else {
                continue;
            };
            if !def.wkt.starts_with("GEOGCS[") {
                continue;
            }
            let names = [
                quoted_after(def.wkt, "GEOGCS"),
                quoted_after(def.wkt, "DATUM"),
            ];
            for name in names.into_iter().flatten().map(normalize) {
                let codes = index.entry(name).or_default();
                if !codes.contains(&code) {
                    codes.push(code);
                }
            }
        }
        index.remove("");
        index
    })
}

/// The geographic CRS `code`'s shift, if the table gives it one on the same ellipsoid.
fn shift_of(code: u16, datum: &Datum) -> Option<(String, String)> {
    let def = crs_definitions::from_code(code)?;
    let found = describe(def.wkt).ok()?.datum;
    let same_ellipsoid = (found.semi_major_m - datum.semi_major_m).abs() < 1e-3
        && (found.inverse_flattening - datum.inverse_flattening).abs() < 1e-6;
    let helmert = !found.to_wgs84.is_empty() && !found.to_wgs84.starts_with('+');
    (same_ellipsoid && helmert).then_some((found.geographic_name, found.to_wgs84))
}

/// The shift to WGS84 of a datum whose WKT gives none: by the code of its geographic CRS, else
/// by the code of the CRS the file names (`crs_code`), else by the name of the geographic CRS or
/// of the datum among the table's geographic CRSs.
pub(super) fn shift_for(datum: &Datum, crs_code: Option<u32>) -> Shift {
    let by_code = datum.geographic_epsg.or_else(|| {
        let def = crs_definitions::from_code(u16::try_from(crs_code?).ok()?)?;
        describe(def.wkt).ok()?.datum.geographic_epsg
    });
    if let Some(code) = by_code
        && let Some((name, to_wgs84)) = shift_of(code, datum)
    {
        return Shift::Found {
            code,
            name,
            to_wgs84,
        };
    }
    let index = geographic_by_name();
    let mut codes: Vec<u16> = [normalize(&datum.geographic_name), normalize(&datum.name)]
        .iter()
        .filter_map(|name| index.get(name))
        .flatten()
        .copied()
        .collect();
    codes.sort_unstable();
    codes.dedup();
    let found: Vec<(u16, String, String)> = codes
        .into_iter()
        .filter_map(|code| shift_of(code, datum).map(|(name, to_wgs84)| (code, name, to_wgs84)))
        .collect();
    match found.as_slice() {
        [] => Shift::Unknown,
        [(code, name, to_wgs84), rest @ ..] if rest.iter().all(|(_, _, t)| t == to_wgs84) => {
            Shift::Found {
                code: *code,
                name: name.clone(),
                to_wgs84: to_wgs84.clone(),
            }
        }
        several => Shift::Ambiguous {
            codes: several.iter().map(|(code, _, _)| *code).collect(),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn datum_of(wkt: &str) -> Datum {
        describe(wkt).unwrap().datum
    }

    #[test]
    fn every_geographic_crs_of_the_table_is_in_the_range_searched() {
        let outside: Vec<u16> = (1..=u16::MAX)
            .filter(|code| !GEOGRAPHIC_CODES.contains(code))
            .filter(|&code| {
                crs_definitions::from_code(code).is_some_and(|def| def.wkt.starts_with("GEOGCS["))
            })
            .collect();
        assert!(outside.is_empty(), "{outside:?}");
    }

    #[test]
    fn esri_names_find_the_epsg_shift() {
        let osgb = r#"GEOGCS["GCS_OSGB_1936",DATUM["D_OSGB_1936",SPHEROID["Airy_1830",6377563.396,299.3249646]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]]"#;
        match shift_for(&datum_of(osgb), None) {
            Shift::Found { code, to_wgs84, .. } => {
                assert_eq!(code, 4277);
                assert_eq!(to_wgs84, "446.448,-125.157,542.06,0.15,0.247,0.842,-20.489");
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn a_code_is_trusted_before_a_name_and_an_unknown_datum_is_said() {
        let coded = r#"GEOGCS["whatever",DATUM["x",SPHEROID["Clarke 1880 (IGN)",6378249.2,293.466021293627]],PRIMEM["Paris",2.33722917],UNIT["grad",0.0157079632679489],AUTHORITY["EPSG","4807"]]"#;
        assert!(matches!(
            shift_for(&datum_of(coded), None),
            Shift::Found { code: 4807, .. }
        ));
        let unknown = r#"GEOGCS["GCS_Nowhere",DATUM["D_Nowhere_1900",SPHEROID["Bessel_1841",6377397.155,299.1528128]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]]"#;
        assert_eq!(shift_for(&datum_of(unknown), None), Shift::Unknown);
        // The right name on another ellipsoid is not the same datum.
        let wrong_ellipsoid = unknown.replace("GCS_Nowhere", "GCS_OSGB_1936");
        assert_eq!(shift_for(&datum_of(&wrong_ellipsoid), None), Shift::Unknown);
    }
}
