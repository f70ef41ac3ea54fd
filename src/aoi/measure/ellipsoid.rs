//! The WGS84 ellipsoid: its constants and the functions of latitude the measures need (radii of
//! curvature, the authalic `q`), exactly and as polynomial fits over a latitude range.

/// WGS84 semi-major axis, metres (also the radius of the Web Mercator sphere).
pub const A_M: f64 = 6_378_137.0;
/// WGS84 inverse flattening, as the datum defines it.
pub const INVERSE_F: f64 = 298.257_223_563;
/// WGS84 first eccentricity squared, f(2 - f), to the last digit as EPSG gives it.
pub const E2: f64 = 0.006_694_379_990_141_317;

/// Meridional and prime-vertical radii of curvature at a latitude (radians), metres.
pub fn radii_m(lat: f64) -> (f64, f64) {
    let sin = lat.sin();
    let w = (1.0 - E2 * sin * sin).sqrt();
    (A_M * (1.0 - E2) / (w * w * w), A_M / w)
}

/// `q(φ)` of the authalic latitude (Snyder 3-12) from sin φ: sin β = q(φ) / q(90°). Lambert's
/// cylindrical equal-area projection of the ellipsoid is x = a λ, y = a q / 2.
pub fn authalic_q(sin_lat: f64) -> f64 {
    let e = E2.sqrt();
    let es = e * sin_lat;
    (1.0 - E2) * (sin_lat / (1.0 - es * es) - (1.0 / (2.0 * e)) * ((1.0 - es) / (1.0 + es)).ln())
}

/// The highest degree a [`LatitudeFit`] uses; beyond it, spans are too wide to fit.
const MAX_DEGREE: usize = 8;

/// A smooth function of latitude replaced, over one latitude range, by the polynomial that
/// interpolates it at Chebyshev nodes: a few multiply-adds per vertex instead of a sine and a
/// logarithm. The degree is the lowest whose interpolation error bound is under `tolerance`.
pub struct LatitudeFit {
    /// t = lat° · per_degree − offset.
    per_degree: f64,
    offset: f64,
    /// Monomial coefficients in t = (φ - middle) / half, lowest first.
    coefficients: [f64; MAX_DEGREE + 1],
    degree: usize,
}

impl LatitudeFit {
    /// Fits `f` over `[low, high]` (radians), or `None` when no degree up to 8 is precise enough
    /// (spans of tens of degrees). `tolerance` is absolute, in the units of `f`, for a function
    /// whose derivatives are at most about 1 (as `q/2`, or a radius divided by `a`, are).
    pub fn new(f: impl Fn(f64) -> f64, low: f64, high: f64, tolerance: f64) -> Option<Self> {
        let half = ((high - low) / 2.0).max(1e-9);
        let middle = (low + high) / 2.0;
        // Interpolation at K + 1 Chebyshev nodes: error ≤ half^(K+1) / (2^K (K+1)!) · max |f⁽ᴷ⁺¹⁾|.
        let mut bound = half; // K = 0
        let mut degree = 0;
        while bound > tolerance {
            degree += 1;
            if degree > MAX_DEGREE {
                return None;
            }
            bound *= half / (2.0 * (degree + 1) as f64);
        }
        let nodes = degree + 1;
        let mut chebyshev = [0.0; MAX_DEGREE + 1];
        for k in 0..nodes {
            let t = (std::f64::consts::PI * (k as f64 + 0.5) / nodes as f64).cos();
            let value = f(middle + half * t);
            // Tⱼ(t) = cos(j · angle), by the recurrence.
            let (mut older, mut old) = (1.0, t);
            for (j, c) in chebyshev.iter_mut().enumerate().take(nodes) {
                let basis = match j {
                    0 => 1.0,
                    1 => t,
                    _ => {
                        let next = 2.0 * t * old - older;
                        (older, old) = (old, next);
                        next
                    }
                };
                *c += value * basis;
            }
        }
        for c in chebyshev.iter_mut().take(nodes) {
            *c *= 2.0 / nodes as f64;
        }
        chebyshev[0] /= 2.0;
        // Chebyshev to monomial: T₀ = 1, T₁ = t, Tⱼ₊₁ = 2t Tⱼ − Tⱼ₋₁.
        let mut coefficients = [0.0; MAX_DEGREE + 1];
        let (mut older, mut old) = ([0.0; MAX_DEGREE + 1], [0.0; MAX_DEGREE + 1]);
        older[0] = 1.0;
        old[1] = 1.0;
        for (j, &c) in chebyshev.iter().enumerate().take(nodes) {
            let basis = match j {
                0 => older,
                1 => old,
                _ => {
                    let mut next = [0.0; MAX_DEGREE + 1];
                    for i in 0..MAX_DEGREE {
                        next[i + 1] = 2.0 * old[i];
                    }
                    for (n, o) in next.iter_mut().zip(older) {
                        *n -= o;
                    }
                    (older, old) = (old, next);
                    next
                }
            };
            for (total, b) in coefficients.iter_mut().zip(basis) {
                *total += c * b;
            }
        }
        Some(LatitudeFit {
            per_degree: (1.0f64).to_radians() / half,
            offset: middle / half,
            coefficients,
            degree,
        })
    }

    /// The fitted value at a latitude in degrees inside the range.
    #[inline]
    pub fn at_degrees(&self, lat_deg: f64) -> f64 {
        self.at_t(lat_deg * self.per_degree - self.offset)
    }

    #[inline]
    fn at_t(&self, t: f64) -> f64 {
        // One unrolled Horner scheme per degree (the branch is the same for every vertex).
        let c = &self.coefficients;
        match self.degree {
            0..=3 => horner::<4>(c, t),
            4 => horner::<5>(c, t),
            5 => horner::<6>(c, t),
            6 => horner::<7>(c, t),
            _ => horner::<9>(c, t),
        }
    }
}

/// c₀ + c₁t + … + c_{TERMS−1} t^{TERMS−1}.
#[inline(always)]
fn horner<const TERMS: usize>(c: &[f64; MAX_DEGREE + 1], t: f64) -> f64 {
    let mut value = 0.0;
    for k in (0..TERMS).rev() {
        value = value * t + c[k];
    }
    value
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_fit_of_q_matches_the_exact_function() {
        for (low_deg, high_deg) in [
            (44.9, 45.1),
            (-33.5, -33.0),
            (0.0, 12.0),
            (60.0, 71.0),
            (84.0, 89.9),
        ] {
            let (low, high) = (f64::to_radians(low_deg), f64::to_radians(high_deg));
            let exact = |lat: f64| authalic_q(lat.sin()) / 2.0;
            let fit = LatitudeFit::new(exact, low, high, 1e-16).unwrap();
            for k in 0..=100 {
                let lat = low + (high - low) * k as f64 / 100.0;
                assert!(
                    (fit.at_degrees(lat.to_degrees()) - exact(lat)).abs() < 1e-14,
                    "{low_deg}..{high_deg} at {lat}: degree {} off by {}",
                    fit.degree,
                    fit.at_degrees(lat.to_degrees()) - exact(lat)
                );
            }
        }
    }

    #[test]
    fn small_spans_need_low_degrees_and_huge_ones_no_fit() {
        let f = |lat: f64| lat.sin();
        let narrow = LatitudeFit::new(f, 0.785, 0.788, 1e-16).unwrap();
        assert!(narrow.degree <= 5, "degree {}", narrow.degree);
        assert!(LatitudeFit::new(f, -1.5, 1.5, 1e-16).is_none());
    }
}
