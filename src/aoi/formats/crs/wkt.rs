//! A CRS's WKT (WKT1 in its ESRI or OGC flavour, or WKT2) read through `proj4wkt`: its name, the
//! proj string `proj4rs` builds it from, the unit of its coordinates, and its datum as far as a
//! shift to WGS84 is concerned.

use proj4wkt::Formatter;
use proj4wkt::builder::{Builder, Node};

use super::CrsError;
use crate::aoi::measure::ellipsoid::{A_M, INVERSE_F};

/// GRS80's inverse flattening (ETRS89, RGF93, NAD83...), its semi-major axis being WGS84's.
const GRS80_INVERSE_F: f64 = 298.257_222_101;

/// How deep WKT brackets may nest. A CRS nests six levels at most; the parser recurses once per
/// level, so a `.prj` of 64 KiB of brackets would otherwise overflow the stack.
const MAX_DEPTH: usize = 16;

/// What a WKT says about a CRS, in the terms a reprojection needs.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Described {
    /// The CRS's name as the WKT gives it.
    pub name: String,
    /// The proj string of the CRS, as the WKT gives it (a shift it does not give is not there).
    pub proj: String,
    /// Radians per unit of the coordinates of a geographic CRS (degrees, grads); `None` for a
    /// projected one, whose unit is in `proj`.
    pub angular_unit_rad: Option<f64>,
    /// Its datum.
    pub datum: Datum,
}

/// A datum, as far as its shift to WGS84 is concerned.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Datum {
    /// The datum's name.
    pub name: String,
    /// The name of the geographic CRS on it.
    pub geographic_name: String,
    /// The EPSG code of that geographic CRS, when the WKT gives it.
    pub geographic_epsg: Option<u16>,
    /// The ellipsoid's semi-major axis, in metres.
    pub semi_major_m: f64,
    /// The ellipsoid's inverse flattening (0 for a sphere).
    pub inverse_flattening: f64,
    /// The shift to WGS84 the WKT gives (TOWGS84, or a proj string's towgs84/nadgrids/datum),
    /// as written; empty when it gives none.
    pub to_wgs84: String,
    /// The prime meridian's longitude, as written (0 for Greenwich).
    pub prime_meridian: f64,
}

impl Datum {
    /// On the WGS84 or GRS80 ellipsoid (WGS84 itself, ETRS89, RGF93, NAD83, GDA94...): taken as
    /// WGS84 with no shift, as PROJ does (they differ by a metre or two at most).
    pub fn on_wgs84_ellipsoid(&self) -> bool {
        (self.semi_major_m - A_M).abs() < 1e-3
            && [INVERSE_F, GRS80_INVERSE_F]
                .iter()
                .any(|rf| (self.inverse_flattening - rf).abs() < 1e-6)
    }

    /// Whether the shift to WGS84 is known: given by the WKT, or none needed.
    pub fn shift_known(&self) -> bool {
        !self.to_wgs84.is_empty() || self.on_wgs84_ellipsoid()
    }
}

/// How deep brackets nest in `text`, outside quoted names.
fn nesting(text: &str) -> usize {
    let (mut depth, mut deepest, mut quoted) = (0usize, 0usize, false);
    for c in text.chars() {
        match c {
            '"' => quoted = !quoted,
            '[' | '(' if !quoted => {
                depth += 1;
                deepest = deepest.max(depth);
            }
            ']' | ')' if !quoted => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    deepest
}

/// The first number of a WKT number token.
fn number(text: &str) -> Result<f64, CrsError> {
    text.trim()
        .parse()
        .map_err(|_| CrsError::Unreadable(format!("{text:?} is not a number")))
}

/// The first CRS nested in a compound CRS's WKT (its horizontal part, by the standard's order).
fn horizontal_part(text: &str) -> Option<&str> {
    let open = text.find('[')?;
    let inner = text.get(open + 1..)?;
    let (mut depth, mut quoted, mut start) = (0usize, false, None);
    for (at, c) in inner.char_indices() {
        match c {
            '"' => quoted = !quoted,
            '[' | '(' if !quoted => {
                if depth == 0 && start.is_none() {
                    // The keyword before this bracket, back to the last comma.
                    let keyword_start = inner.get(..at)?.rfind(',').map_or(0, |comma| comma + 1);
                    start = Some(keyword_start);
                }
                depth += 1;
            }
            ']' | ')' if !quoted => {
                if depth == 1 {
                    return inner.get(start?..=at).map(str::trim);
                }
                depth = depth.saturating_sub(1);
            }
            _ => {}
        }
    }
    None
}

/// Reads a CRS's WKT.
pub(super) fn describe(text: &str) -> Result<Described, CrsError> {
    let text = text.trim().trim_start_matches('\u{feff}');
    if nesting(text) > MAX_DEPTH {
        return Err(CrsError::Unreadable(format!(
            "its brackets nest more than {MAX_DEPTH} deep"
        )));
    }
    let node = Builder::new()
        .parse(text)
        .map_err(|error| CrsError::Unreadable(error.to_string()))?;
    // A compound CRS (horizontal + vertical) is read as its horizontal part.
    if let Node::COMPOUNDCRS(compound) = &node {
        let Some(horizontal) = horizontal_part(text) else {
            return Err(CrsError::Unsupported {
                crs: compound.name.to_owned(),
                why: "its horizontal part could not be found".to_owned(),
            });
        };
        return describe(horizontal);
    }
    let (name, geogcs, extension, angular_unit_rad) = match &node {
        Node::PROJCRS(projcs) => (projcs.name, &projcs.geogcs, projcs.proj4_extension, None),
        Node::GEOGCRS(geogcs) => (
            geogcs.name,
            geogcs,
            None,
            Some(geogcs.unit.as_ref().map_or(1f64.to_radians(), |u| u.factor)),
        ),
        Node::GEOCCRS(geoccs) => {
            return Err(CrsError::Unsupported {
                crs: geoccs.name.to_owned(),
                why: "it is geocentric (X, Y, Z from the Earth's centre), not a map's".to_owned(),
            });
        }
        _ => {
            return Err(CrsError::Unreadable(
                "it is not a coordinate system (PROJCS, GEOGCS or their WKT2 forms)".to_owned(),
            ));
        }
    };
    let ellipsoid = &geogcs.datum.ellipsoid;
    let ellipsoid_unit_m = ellipsoid.unit.as_ref().map_or(1.0, |u| u.factor);
    let mut datum = Datum {
        name: geogcs.datum.name.to_owned(),
        geographic_name: geogcs.name.to_owned(),
        geographic_epsg: geogcs
            .authority
            .as_ref()
            .filter(|a| a.name.eq_ignore_ascii_case("EPSG"))
            .and_then(|a| a.code.trim().parse().ok()),
        semi_major_m: number(ellipsoid.a)? * ellipsoid_unit_m,
        inverse_flattening: number(ellipsoid.rf)?,
        to_wgs84: geogcs.datum.to_wgs84.join(","),
        prime_meridian: match &geogcs.prime_meridian {
            Some(meridian) => number(meridian.longitude)?,
            None => 0.0,
        },
    };
    // GDAL's WKT1 carries, for a CRS WKT1 cannot say (Web Mercator on a sphere), the proj string
    // it means; PROJ and GDAL read that, and so do we.
    let proj = match extension {
        Some(proj) => {
            if ["+towgs84=", "+nadgrids=", "+datum="]
                .iter()
                .any(|key| proj.contains(key))
            {
                datum.to_wgs84 = proj.trim().to_owned();
            }
            proj.trim().to_owned()
        }
        None => {
            let mut buf = Vec::new();
            Formatter::new(&mut buf)
                .format(&node)
                .map_err(|error| CrsError::Unsupported {
                    crs: name.to_owned(),
                    why: error.to_string(),
                })?;
            String::from_utf8_lossy(&buf).into_owned()
        }
    };
    Ok(Described {
        name: name.to_owned(),
        proj,
        angular_unit_rad,
        datum,
    })
}
