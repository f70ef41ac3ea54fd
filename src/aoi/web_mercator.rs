//! Web Mercator on the unit square (x east, y south, both in [0, 1]) and the fit of a few rings
//! into a box at one scale for both axes: what the confirmation's small map and the one-page
//! summary draw, so both show the same shapes the same way. Plain numbers, no drawing.

use super::LonLat;

/// The latitude beyond which Web Mercator is cut (the square's edge).
pub const MAX_LAT_DEG: f64 = 85.051_128_78;

/// The equator's length, metres (WGS84): what one unit of the square spans east-west at 0°.
pub const EQUATOR_M: f64 = 40_075_016.686;

/// A position on the unit square: (x east, y south).
pub fn unit_square(c: LonLat) -> (f64, f64) {
    let lat = c.y.clamp(-MAX_LAT_DEG, MAX_LAT_DEG).to_radians();
    (
        (c.x + 180.0) / 360.0,
        (1.0 - lat.tan().asinh() / std::f64::consts::PI) / 2.0,
    )
}

/// Rings fitted into a box: one scale for both axes, centred.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Fit {
    /// Box units per unit of the square.
    pub scale: f64,
    /// The middle of the rings on the square.
    centre: (f64, f64),
    /// The middle of the box.
    box_centre: (f64, f64),
}

impl Fit {
    /// The fit of every position of `rings` into a `width` × `height` box whose top-left corner
    /// is at (`left`, `top`); `None` without a finite position.
    pub fn of(rings: &[&[LonLat]], left: f64, top: f64, width: f64, height: f64) -> Option<Fit> {
        let mut points = rings
            .iter()
            .flat_map(|r| r.iter())
            .filter(|c| c.x.is_finite() && c.y.is_finite())
            .map(|&c| unit_square(c));
        let first = points.next()?;
        let (mut low, mut high) = (first, first);
        for (x, y) in points {
            low = (low.0.min(x), low.1.min(y));
            high = (high.0.max(x), high.1.max(y));
        }
        let span = (high.0 - low.0).max(high.1 - low.1).max(1e-12);
        Some(Fit {
            scale: width.min(height) / span,
            centre: ((low.0 + high.0) / 2.0, (low.1 + high.1) / 2.0),
            box_centre: (left + width / 2.0, top + height / 2.0),
        })
    }

    /// Where a position goes in the box.
    pub fn place(&self, c: LonLat) -> (f64, f64) {
        let (x, y) = unit_square(c);
        (
            self.box_centre.0 + (x - self.centre.0) * self.scale,
            self.box_centre.1 + (y - self.centre.1) * self.scale,
        )
    }

    /// Metres on the ground per box unit at the middle of the fit (Mercator stretches by
    /// 1 / cos(latitude)).
    pub fn metres_per_unit(&self) -> f64 {
        let lat = (std::f64::consts::PI * (1.0 - 2.0 * self.centre.1))
            .sinh()
            .atan();
        EQUATOR_M * lat.cos() / self.scale
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_square_fits_centred_and_the_scale_reads_in_metres() {
        let ring = [
            LonLat { x: 1.0, y: 0.0 },
            LonLat { x: 2.0, y: 0.0 },
            LonLat { x: 2.0, y: 1.0 },
            LonLat { x: 1.0, y: 1.0 },
        ];
        let fit = Fit::of(&[&ring], 100.0, 50.0, 400.0, 200.0).unwrap();
        // The taller side fills the box's height; the middle goes to the box's middle.
        let (x0, y0) = fit.place(ring[0]);
        let (x2, y2) = fit.place(ring[2]);
        assert!((y0 - y2 - 200.0).abs() < 0.1, "{y0} {y2}");
        assert!(((x0 + x2) / 2.0 - 300.0).abs() < 0.1 && ((y0 + y2) / 2.0 - 150.0).abs() < 0.1);
        // One degree of longitude at the equator is about 111.3 km, over about 200 units.
        let metres = fit.metres_per_unit() * (x2 - x0);
        assert!((metres - 111_319.0).abs() < 300.0, "{metres}");
        assert_eq!(Fit::of(&[&[]], 0.0, 0.0, 1.0, 1.0), None);
    }
}
