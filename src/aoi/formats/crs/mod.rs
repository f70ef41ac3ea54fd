//! Coordinate systems of the files people bring, and their conversion to WGS84
//! longitude/latitude: any CRS a WKT (a Shapefile's `.prj`, a GeoPackage's
//! `gpkg_spatial_ref_sys`; WKT1 in its ESRI or OGC flavour, or WKT2) or an EPSG code describes,
//! through `proj4rs` (PROJ's projections and datum shifts in Rust). A datum shift the file does
//! not give is taken from the EPSG table; one that cannot be found is said, never skipped
//! silently.

mod epsg;
mod wkt;

use proj4rs::proj::Proj;

use self::epsg::Shift;
use crate::aoi::model::LonLat;

/// Why a CRS cannot be used.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub(in crate::aoi::formats) enum CrsError {
    /// The text is not a coordinate system.
    #[error("{0}")]
    Unreadable(String),
    /// A coordinate system that cannot be converted to WGS84.
    #[error("{crs}: {why}")]
    Unsupported {
        /// Its name.
        crs: String,
        /// Why.
        why: String,
    },
}

/// WGS84 longitude/latitude in degrees, the AOIs' own.
const WGS84_PROJ: &str = "+proj=longlat +ellps=WGS84 +towgs84=0,0,0";

/// A file's coordinate system, ready to convert its positions to WGS84 longitude/latitude.
pub(in crate::aoi::formats) struct Crs {
    name: String,
    convert: Option<Convert>,
    notes: Vec<String>,
}

/// The conversion of a CRS that is not WGS84 longitude/latitude in degrees.
struct Convert {
    from: Proj,
    to: Proj,
    /// Radians per unit of a geographic CRS's coordinates; `None` when projected.
    angular_unit_rad: Option<f64>,
}

impl Crs {
    /// WGS84 longitude/latitude, kept as stored.
    pub fn wgs84() -> Crs {
        Crs {
            name: "WGS 84".to_owned(),
            convert: None,
            notes: Vec::new(),
        }
    }

    /// The CRS an EPSG code names, by the EPSG table.
    pub fn from_epsg(code: u32) -> Result<Crs, CrsError> {
        if code == 4326 {
            return Ok(Crs::wgs84());
        }
        let wkt = epsg::wkt_of(code).ok_or_else(|| CrsError::Unsupported {
            crs: format!("EPSG:{code}"),
            why: "the EPSG table holds no such code".to_owned(),
        })?;
        Crs::from_wkt(wkt, Some(code))
    }

    /// The CRS a WKT describes; `code` is the EPSG code the file gives it beside the WKT, if
    /// any (to find a datum shift the WKT leaves out).
    pub fn from_wkt(text: &str, code: Option<u32>) -> Result<Crs, CrsError> {
        let described = wkt::describe(text)?;
        let datum = &described.datum;
        let degrees = described
            .angular_unit_rad
            .is_some_and(|unit| ((unit - 1f64.to_radians()) / unit).abs() < 1e-10);
        let no_shift = datum.to_wgs84.is_empty()
            || datum
                .to_wgs84
                .split(',')
                .all(|n| n.trim().parse::<f64>() == Ok(0.0));
        if degrees && datum.prime_meridian == 0.0 && datum.on_wgs84_ellipsoid() && no_shift {
            return Ok(Crs {
                name: described.name,
                convert: None,
                notes: Vec::new(),
            });
        }
        let mut proj = described.proj.clone();
        let mut notes = vec![format!(
            "the coordinates were reprojected from {} to WGS84 longitude/latitude",
            described.name
        )];
        if !datum.shift_known() {
            match epsg::shift_for(datum, code) {
                Shift::Found {
                    code,
                    name,
                    to_wgs84,
                } => {
                    proj.push_str(" +towgs84=");
                    proj.push_str(&to_wgs84);
                    notes.push(format!(
                        "the datum {} has no shift to WGS84 in the file: the EPSG one of {name} (EPSG:{code}, a Helmert shift good to a few metres) was used",
                        datum.name
                    ));
                }
                Shift::Ambiguous { codes } => notes.push(format!(
                    "the datum {} has no shift to WGS84 in the file, and the EPSG table gives several ({}): none was applied, so positions may be off by up to a few hundred metres; export the layer in EPSG:4326 (WGS84) to be sure",
                    datum.name,
                    codes
                        .iter()
                        .map(|code| format!("EPSG:{code}"))
                        .collect::<Vec<_>>()
                        .join(", ")
                )),
                Shift::Unknown => notes.push(format!(
                    "the datum {} has no known shift to WGS84 (none in the file, none in the EPSG table): none was applied, so positions may be off by up to a few hundred metres; export the layer in EPSG:4326 (WGS84) to be sure",
                    datum.name
                )),
            }
        }
        let unsupported = |error: proj4rs::errors::Error| CrsError::Unsupported {
            crs: described.name.clone(),
            why: format!("{error} in {proj:?}"),
        };
        let from = Proj::from_proj_string(&proj).map_err(unsupported)?;
        let to = Proj::from_proj_string(WGS84_PROJ).map_err(unsupported)?;
        Ok(Crs {
            name: described.name,
            convert: Some(Convert {
                from,
                to,
                angular_unit_rad: described.angular_unit_rad,
            }),
            notes,
        })
    }

    /// Its name, as the file gives it.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Whether positions are WGS84 longitude/latitude as stored.
    pub fn is_wgs84(&self) -> bool {
        self.convert.is_none()
    }

    /// What a person should know: the reprojection, and how the datum was shifted (or not).
    pub fn notes(&self) -> &[String] {
        &self.notes
    }

    /// A position in WGS84 longitude/latitude degrees, or `None` where the projection is not
    /// defined.
    pub fn to_lon_lat(&self, position: LonLat) -> Option<LonLat> {
        let Some(convert) = &self.convert else {
            return Some(position);
        };
        let scale = convert.angular_unit_rad.unwrap_or(1.0);
        let mut point = (position.x * scale, position.y * scale, 0.0);
        proj4rs::transform::transform(&convert.from, &convert.to, &mut point).ok()?;
        let (x, y) = (point.0.to_degrees(), point.1.to_degrees());
        (x.is_finite() && y.is_finite()).then_some(LonLat { x, y })
    }
}

/// Converts a layer's positions one at a time, and tells at the end what went wrong with them.
pub(in crate::aoi::formats) struct Reprojector<'a> {
    crs: &'a Crs,
    failed: usize,
    first_failed: Option<LonLat>,
    out_of_range: Option<LonLat>,
}

impl<'a> Reprojector<'a> {
    /// Converts with `crs`.
    pub fn new(crs: &'a Crs) -> Self {
        Reprojector {
            crs,
            failed: 0,
            first_failed: None,
            out_of_range: None,
        }
    }

    /// A position in WGS84 longitude/latitude; not-a-number where it cannot be converted (the
    /// rules then report the AOI's position as not finite).
    pub fn lon_lat(&mut self, position: LonLat) -> LonLat {
        if self.crs.is_wgs84() {
            if self.out_of_range.is_none() && (position.x.abs() > 180.0 || position.y.abs() > 90.0)
            {
                self.out_of_range = Some(position);
            }
            return position;
        }
        self.crs.to_lon_lat(position).unwrap_or_else(|| {
            self.failed += 1;
            self.first_failed.get_or_insert(position);
            LonLat {
                x: f64::NAN,
                y: f64::NAN,
            }
        })
    }

    /// What a person should know about the positions converted.
    pub fn finish(self) -> Vec<String> {
        let mut warnings = Vec::new();
        if let Some(position) = self.first_failed {
            warnings.push(format!(
                "{} position(s), such as ({}, {}), lie where {} is not defined and could not be converted: check the layer's CRS",
                self.failed,
                position.x,
                position.y,
                self.crs.name()
            ));
        }
        if let Some(position) = self.out_of_range {
            warnings.push(format!(
                "coordinates such as ({}, {}) are not longitude/latitude degrees: the layer is probably in a projected CRS; export it again with its .prj, or in EPSG:4326",
                position.x, position.y
            ));
        }
        warnings
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn crs(wkt: &str) -> Crs {
        Crs::from_wkt(wkt, None).unwrap()
    }

    #[test]
    fn wgs84_in_either_flavour_is_kept_as_stored() {
        for wkt in [
            r#"GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984",SPHEROID["WGS_1984",6378137.0,298.257223563]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]]"#,
            r#"GEOGCS["WGS 84",DATUM["WGS_1984",SPHEROID["WGS 84",6378137,298.257223563,AUTHORITY["EPSG","7030"]],AUTHORITY["EPSG","6326"]],PRIMEM["Greenwich",0,AUTHORITY["EPSG","8901"]],UNIT["degree",0.0174532925199433,AUTHORITY["EPSG","9122"]],AUTHORITY["EPSG","4326"]]"#,
        ] {
            let crs = crs(wkt);
            assert!(crs.is_wgs84());
            assert!(crs.notes().is_empty());
            let p = LonLat { x: 1.1, y: 2.2 };
            assert_eq!(crs.to_lon_lat(p), Some(p));
        }
        assert!(Crs::from_epsg(4326).unwrap().is_wgs84());
    }

    #[test]
    fn unreadable_and_unconvertible_crs_are_told_apart() {
        for bad in ["", "GEOGCS[", "[[[", "\"\"", "PROJCS[\"a\"]]"] {
            assert!(Crs::from_wkt(bad, None).is_err(), "{bad:?}");
        }
        let deep = format!("{}{}", "A[".repeat(100_000), "]".repeat(100_000));
        assert!(matches!(
            Crs::from_wkt(&deep, None),
            Err(CrsError::Unreadable(_))
        ));
        assert!(matches!(
            Crs::from_epsg(999_999),
            Err(CrsError::Unsupported { .. })
        ));
    }

    #[test]
    fn a_datum_without_a_known_shift_is_said_by_name() {
        let local = r#"PROJCS["Local_TM",GEOGCS["GCS_Nowhere",DATUM["D_Nowhere_1900",SPHEROID["Bessel_1841",6377397.155,299.1528128]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Transverse_Mercator"],PARAMETER["False_Easting",500000.0],PARAMETER["False_Northing",0.0],PARAMETER["Central_Meridian",9.0],PARAMETER["Scale_Factor",1.0],PARAMETER["Latitude_Of_Origin",0.0],UNIT["Meter",1.0]]"#;
        let crs = crs(local);
        assert!(
            crs.notes()
                .iter()
                .any(|note| note.contains("D_Nowhere_1900") && note.contains("no known shift")),
            "{:?}",
            crs.notes()
        );
        // Converted all the same, on its own ellipsoid: the central meridian on the equator.
        let p = crs
            .to_lon_lat(LonLat {
                x: 500_000.0,
                y: 0.0,
            })
            .unwrap();
        assert!((p.x - 9.0).abs() < 1e-9 && p.y.abs() < 1e-9, "{p:?}");
    }

    #[test]
    fn a_failed_position_is_counted_and_told_once() {
        let polar = Crs::from_epsg(3031).unwrap();
        let mut reprojector = Reprojector::new(&polar);
        let bad = reprojector.lon_lat(LonLat {
            x: f64::NAN,
            y: 0.0,
        });
        assert!(bad.x.is_nan());
        let warnings = reprojector.finish();
        assert_eq!(warnings.len(), 1, "{warnings:?}");
        assert!(warnings[0].starts_with("1 position(s)"), "{warnings:?}");
    }
}

#[cfg(test)]
mod reference_tests;
