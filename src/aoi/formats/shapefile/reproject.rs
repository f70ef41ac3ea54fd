//! Web Mercator and WGS84 UTM coordinates to WGS84 longitude/latitude.

use std::f64::consts::PI;

use crate::aoi::measure::ellipsoid::{A_M as WGS84_A, F as WGS84_F};
use crate::aoi::model::LonLat;

/// EPSG:3857 metres to lon/lat degrees (spherical inverse).
pub(super) fn web_mercator_to_lon_lat(position: LonLat) -> LonLat {
    LonLat {
        x: (position.x / WGS84_A).to_degrees(),
        y: (2.0 * (position.y / WGS84_A).exp().atan() - PI / 2.0).to_degrees(),
    }
}

/// WGS84 UTM easting/northing (metres) to lon/lat degrees: the Transverse Mercator inverse by
/// Krüger's series in n (to n⁴, well under a millimetre inside a zone), then the exact latitude
/// from the conformal latitude by Newton's method (Karney 2011).
pub(super) fn utm_to_lon_lat(position: LonLat, zone: u8, south: bool) -> LonLat {
    let k0 = 0.9996;
    let false_easting = 500_000.0;
    let false_northing = if south { 10_000_000.0 } else { 0.0 };
    let lon0 = (f64::from(zone) * 6.0 - 183.0).to_radians();

    let f = WGS84_F;
    let n = f / (2.0 - f);
    let (n2, n3, n4) = (n * n, n * n * n, n * n * n * n);
    let e2 = f * (2.0 - f);
    let e = e2.sqrt();
    let big_a = WGS84_A / (1.0 + n) * (1.0 + n2 / 4.0 + n4 / 64.0);
    let beta = [
        n / 2.0 - 2.0 * n2 / 3.0 + 37.0 * n3 / 96.0 - n4 / 360.0,
        n2 / 48.0 + n3 / 15.0 - 437.0 * n4 / 1440.0,
        17.0 * n3 / 480.0 - 37.0 * n4 / 840.0,
        4397.0 * n4 / 161_280.0,
    ];

    let xi = (position.y - false_northing) / (k0 * big_a);
    let eta = (position.x - false_easting) / (k0 * big_a);
    let mut xi_p = xi;
    let mut eta_p = eta;
    for (j, b) in beta.iter().enumerate() {
        let k = 2.0 * (j as f64 + 1.0);
        xi_p -= b * (k * xi).sin() * (k * eta).cosh();
        eta_p -= b * (k * xi).cos() * (k * eta).sinh();
    }
    // Conformal latitude χ as tan χ, and the longitude from the central meridian.
    let tau_p = xi_p.sin() / (eta_p.sinh().hypot(xi_p.cos()));
    let lambda = eta_p.sinh().atan2(xi_p.cos());

    // Solve tan φ from tan χ (Karney 2011, eqs. 19–21).
    let mut tau = tau_p;
    for _ in 0..8 {
        let tau1 = tau.hypot(1.0);
        let sigma = (e * (e * tau / tau1).atanh()).sinh();
        let tau_i = tau * sigma.hypot(1.0) - sigma * tau1;
        let step = (tau_p - tau_i) / tau_i.hypot(1.0) * (1.0 + (1.0 - e2) * tau * tau)
            / ((1.0 - e2) * tau1);
        tau += step;
        if step.is_nan() || step.abs() <= 1e-15 * tau.abs().max(1.0) {
            break;
        }
    }
    LonLat {
        x: (lon0 + lambda).to_degrees(),
        y: tau.atan().to_degrees(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utm_origin_and_symmetry() {
        // The zone's central meridian on the equator.
        let p = utm_to_lon_lat(
            LonLat {
                x: 500_000.0,
                y: 0.0,
            },
            31,
            false,
        );
        assert!((p.x - 3.0).abs() < 1e-12 && p.y.abs() < 1e-12, "{p:?}");
        let north = utm_to_lon_lat(
            LonLat {
                x: 400_000.0,
                y: 4_000_000.0,
            },
            31,
            false,
        );
        let south = utm_to_lon_lat(
            LonLat {
                x: 400_000.0,
                y: 6_000_000.0,
            },
            31,
            true,
        );
        assert!((north.y + south.y).abs() < 1e-12, "{north:?} {south:?}");
        assert!((north.x - south.x).abs() < 1e-12);
    }

    #[test]
    fn utm_matches_proj_across_zones_and_hemispheres() {
        // (zone, south, easting, northing, lon, lat): lon/lat from pyproj 3.7.2 (PROJ),
        // Transformer.from_crs("EPSG:326zz" or "EPSG:327zz", "EPSG:4326", always_xy=True),
        // including points far outside their zone and at 83°N / 79°S.
        let cases = [
            (31, false, 166021.44, 0.0, -2.7645843664417704e-08, 0.0),
            (
                31,
                false,
                833978.56,
                8000000.0,
                12.647297672664477,
                71.85899644324566,
            ),
            (
                31,
                false,
                300000.0,
                9300000.0,
                -13.022132045218216,
                83.4977872748196,
            ),
            (
                31,
                false,
                700000.0,
                4000000.0,
                5.222391385436554,
                36.12409583213699,
            ),
            (
                33,
                true,
                200000.0,
                1200000.0,
                0.8566586594664537,
                -78.94164443996875,
            ),
            (
                33,
                true,
                500000.0,
                5000000.0,
                14.999999999999982,
                -45.153477183356024,
            ),
            (
                33,
                true,
                780000.0,
                7500000.0,
                17.72319137936244,
                -22.583759971426492,
            ),
            (
                60,
                false,
                420000.0,
                7700000.0,
                174.96256813355973,
                69.39734025053168,
            ),
        ];
        for (zone, south, x, y, lon, lat) in cases {
            let p = utm_to_lon_lat(LonLat { x, y }, zone, south);
            // 1e-9 degrees is about 0.1 mm.
            assert!(
                (p.x - lon).abs() < 1e-9 && (p.y - lat).abs() < 1e-9,
                "zone {zone} ({x}, {y}): {p:?} vs ({lon}, {lat})"
            );
        }
    }

    #[test]
    fn web_mercator_inverse() {
        let p = web_mercator_to_lon_lat(LonLat {
            x: 20_037_508.342789244,
            y: 0.0,
        });
        assert!((p.x - 180.0).abs() < 1e-9 && p.y.abs() < 1e-12);
    }
}
