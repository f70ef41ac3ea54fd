//! The orbit model behind attempts and acquisitions: circular, sun-synchronous and phased
//! orbits, a spherical Earth for the viewing geometry, and a low-precision Sun for daylight.
//!
//! Two rates fix an orbit, each from a published figure rather than from the altitude: the node
//! turns eastwards with the mean Sun (the sun-synchronous condition, 0.985 647 4°/day, the rate
//! of [`mean_sun_deg`]), so the local time of the equator crossing never drifts; and the
//! argument of latitude turns at the phased orbit's mean motion, a whole number of revolutions
//! per repeat cycle (Pléiades and SPOT: 379 in 26 days), so the ground track repeats. The J2
//! formulas are kept only to check that the published altitude and inclination are the
//! sun-synchronous and phased ones (the tests below).
//!
//! Pléiades 1A/1B and SPOT 6/7 share one 694 km orbit, phased 90° apart (1A, SPOT 6, 1B,
//! SPOT 7); Pléiades Neo 3/4 share a 620 km orbit, 180° apart. All cross the equator southwards
//! at 10:30 mean local solar time. Good to a few kilometres and seconds: enough to give
//! realistic revisit rhythms and angles, not a flight-dynamics product (docs/sandbox-model.md
//! lists the simplifications and the sources).

use time::{Duration, OffsetDateTime, macros::datetime};

use crate::aoi::LonLat;
use crate::aoi::mission::Mission;

/// Earth's equatorial radius, km (orbit altitudes are counted from it).
const EQUATORIAL_RADIUS_KM: f64 = 6_378.137;
/// Mean Earth radius, km (the spherical Earth of the viewing geometry).
const MEAN_RADIUS_KM: f64 = 6_371.0;
/// The epoch at which each satellite's phase is given.
const EPOCH: OffsetDateTime = datetime!(2024-01-01 00:00:00 UTC);
/// J2000.0 (2000-01-01 12:00 TT, taken as UTC).
const J2000: OffsetDateTime = datetime!(2000-01-01 12:00:00 UTC);
/// Right ascension of the ascending node minus the mean Sun's, degrees: a descending node at
/// 10:30 local solar time is an ascending node at 22:30, 10.5 h = 157.5° east of the Sun.
const NODE_MINUS_SUN_DEG: f64 = 157.5;
/// Beyond this distance at the latitude crossing a pass cannot view the target under 60°
/// incidence (the closest approach is at most a few hundred km from the crossing).
const FAR_OFF_TRACK_KM: f64 = 3_500.0;
/// Lowest Sun elevation at the target for a daytime acquisition, degrees.
const MIN_SUN_ELEVATION_DEG: f64 = 10.0;
/// The largest along-track (pitch) angle the planner images at, degrees: an agile satellite
/// does not image every target abeam, but ahead of or behind its closest approach.
const MAX_PITCH_DEG: f64 = 10.0;

/// The mean Sun's rate, degrees per day (the rate of [`mean_sun_deg`]): the node of a
/// sun-synchronous orbit turns at this rate.
const SUN_SYNCHRONOUS_DEG_PER_DAY: f64 = 0.985_647_4;

/// One satellite of a constellation.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Satellite {
    /// The short name used in ids (`PHR1A`, `SPOT6`, `PNEO3`...).
    pub id: &'static str,
    /// The mission it serves.
    pub mission: Mission,
    /// Altitude above the equatorial radius, km.
    pub altitude_km: f64,
    /// Inclination, degrees.
    pub inclination_deg: f64,
    /// Revolutions in one repeat cycle of the phased orbit.
    pub cycle_revolutions: u32,
    /// Length of the repeat cycle, days.
    pub cycle_days: u32,
    /// Argument of latitude at the epoch (2024-01-01T00:00Z), degrees.
    pub phase_deg: f64,
    /// Swath width at nadir, km.
    pub swath_km: f64,
    /// The instrument mode printed in attempts.
    pub instrument_mode: &'static str,
    /// The largest incidence angle the platform can image at, degrees.
    pub max_incidence_deg: f64,
}

/// The six satellites the sandbox flies.
pub const SATELLITES: [Satellite; 6] = [
    Satellite {
        id: "PHR1A",
        mission: Mission::Pleiades,
        altitude_km: 694.0,
        inclination_deg: 98.2,
        cycle_revolutions: 379,
        cycle_days: 26,
        phase_deg: 0.0,
        swath_km: 20.0,
        instrument_mode: "THR",
        max_incidence_deg: 50.0,
    },
    Satellite {
        id: "SPOT6",
        mission: Mission::Spot,
        altitude_km: 694.0,
        inclination_deg: 98.2,
        cycle_revolutions: 379,
        cycle_days: 26,
        phase_deg: 90.0,
        swath_km: 60.0,
        instrument_mode: "HR",
        max_incidence_deg: 45.0,
    },
    Satellite {
        id: "PHR1B",
        mission: Mission::Pleiades,
        altitude_km: 694.0,
        inclination_deg: 98.2,
        cycle_revolutions: 379,
        cycle_days: 26,
        phase_deg: 180.0,
        swath_km: 20.0,
        instrument_mode: "THR",
        max_incidence_deg: 50.0,
    },
    Satellite {
        id: "SPOT7",
        mission: Mission::Spot,
        altitude_km: 694.0,
        inclination_deg: 98.2,
        cycle_revolutions: 379,
        cycle_days: 26,
        phase_deg: 270.0,
        swath_km: 60.0,
        instrument_mode: "HR",
        max_incidence_deg: 45.0,
    },
    Satellite {
        id: "PNEO3",
        mission: Mission::PleiadesNeo,
        altitude_km: 620.0,
        inclination_deg: 97.9,
        cycle_revolutions: 385,
        cycle_days: 26,
        phase_deg: 0.0,
        swath_km: 14.0,
        instrument_mode: "THR",
        max_incidence_deg: 52.0,
    },
    Satellite {
        id: "PNEO4",
        mission: Mission::PleiadesNeo,
        altitude_km: 620.0,
        inclination_deg: 97.9,
        cycle_revolutions: 385,
        cycle_days: 26,
        phase_deg: 180.0,
        swath_km: 14.0,
        instrument_mode: "THR",
        max_incidence_deg: 52.0,
    },
];

/// The satellites of a mission.
pub fn satellites(mission: Mission) -> impl Iterator<Item = &'static Satellite> {
    SATELLITES.iter().filter(move |s| s.mission == mission)
}

/// The satellite of an id.
pub fn satellite(id: &str) -> Option<&'static Satellite> {
    SATELLITES.iter().find(|s| s.id == id)
}

/// A daytime descending pass over a target: the time it is imaged, with a pitch ahead of or
/// behind the closest approach, and the viewing geometry then.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Pass {
    /// The satellite.
    pub satellite: &'static Satellite,
    /// Time the target is imaged (the closest approach shifted by the pitch).
    pub at: OffsetDateTime,
    /// Angle at the target between the vertical and the satellite, degrees (always ≥ 0).
    pub incidence_deg: f64,
    /// The incidence angle's across-track part, degrees; positive when the target is right of
    /// the ground track (looking along the motion).
    pub across_track_incidence_deg: f64,
    /// The incidence angle's along-track part, degrees; positive when the target is ahead.
    pub along_track_incidence_deg: f64,
    /// Angle at the satellite between nadir and the target, degrees.
    pub off_nadir_deg: f64,
    /// Azimuth of the ground track, degrees clockwise from north (about 190° descending).
    pub heading_deg: f64,
    /// Speed of the sub-satellite point, km/s.
    pub ground_speed_km_s: f64,
    /// Sun elevation at the target, degrees.
    pub sun_elevation_deg: f64,
}

type Vec3 = [f64; 3];

fn dot(a: Vec3, b: Vec3) -> f64 {
    a[0] * b[0] + a[1] * b[1] + a[2] * b[2]
}

fn sub(a: Vec3, b: Vec3) -> Vec3 {
    [a[0] - b[0], a[1] - b[1], a[2] - b[2]]
}

fn scale(a: Vec3, k: f64) -> Vec3 {
    [a[0] * k, a[1] * k, a[2] * k]
}

fn norm(a: Vec3) -> f64 {
    dot(a, a).sqrt()
}

fn unit(a: Vec3) -> Vec3 {
    let n = norm(a);
    if n == 0.0 { a } else { scale(a, 1.0 / n) }
}

fn cross(a: Vec3, b: Vec3) -> Vec3 {
    [
        a[1] * b[2] - a[2] * b[1],
        a[2] * b[0] - a[0] * b[2],
        a[0] * b[1] - a[1] * b[0],
    ]
}

/// Seconds from `from` to `to`.
fn seconds_between(from: OffsetDateTime, to: OffsetDateTime) -> f64 {
    (to - from).as_seconds_f64()
}

/// Days since J2000.
fn days_j2000(t: OffsetDateTime) -> f64 {
    seconds_between(J2000, t) / 86_400.0
}

/// Greenwich mean sidereal time, radians.
fn gmst_rad(t: OffsetDateTime) -> f64 {
    (280.460_618_37 + 360.985_647_366_29 * days_j2000(t))
        .rem_euclid(360.0)
        .to_radians()
}

/// The mean Sun's right ascension (its mean longitude), degrees.
fn mean_sun_deg(t: OffsetDateTime) -> f64 {
    (280.460 + 0.985_647_4 * days_j2000(t)).rem_euclid(360.0)
}

/// The Sun's direction in the inertial frame (low-precision almanac formulas).
fn sun_eci(t: OffsetDateTime) -> Vec3 {
    let d = days_j2000(t);
    let g = (357.529 + 0.985_600_28 * d).to_radians();
    let lambda = (mean_sun_deg(t) + 1.915 * g.sin() + 0.020 * (2.0 * g).sin()).to_radians();
    let epsilon = (23.439 - 0.000_000_4 * d).to_radians();
    [
        lambda.cos(),
        epsilon.cos() * lambda.sin(),
        epsilon.sin() * lambda.sin(),
    ]
}

/// Inertial to Earth-fixed.
fn to_ecef(v: Vec3, t: OffsetDateTime) -> Vec3 {
    let theta = gmst_rad(t);
    let (s, c) = theta.sin_cos();
    [v[0] * c + v[1] * s, -v[0] * s + v[1] * c, v[2]]
}

/// A point on the spherical Earth.
fn ground_ecef(at: LonLat) -> Vec3 {
    let (lat, lon) = (at.y.to_radians(), at.x.to_radians());
    [
        MEAN_RADIUS_KM * lat.cos() * lon.cos(),
        MEAN_RADIUS_KM * lat.cos() * lon.sin(),
        MEAN_RADIUS_KM * lat.sin(),
    ]
}

/// Longitude and latitude (degrees) under an Earth-fixed vector.
fn lon_lat(v: Vec3) -> (f64, f64) {
    let lon = v[1].atan2(v[0]).to_degrees();
    let lat = (v[2] / norm(v)).clamp(-1.0, 1.0).asin().to_degrees();
    (lon, lat)
}

/// Initial bearing from one point to another, degrees clockwise from north.
fn bearing_deg(from: (f64, f64), to: (f64, f64)) -> f64 {
    let (lon1, lat1) = (from.0.to_radians(), from.1.to_radians());
    let (lon2, lat2) = (to.0.to_radians(), to.1.to_radians());
    let dlon = lon2 - lon1;
    let y = dlon.sin() * lat2.cos();
    let x = lat1.cos() * lat2.sin() - lat1.sin() * lat2.cos() * dlon.cos();
    y.atan2(x).to_degrees().rem_euclid(360.0)
}

impl Satellite {
    /// Semi-major axis, km.
    fn semi_major_axis_km(&self) -> f64 {
        EQUATORIAL_RADIUS_KM + self.altitude_km
    }

    /// Rate of the argument of latitude, rad/s: the repeat cycle's revolutions over its days,
    /// so the ground track repeats.
    fn latitude_rate(&self) -> f64 {
        f64::from(self.cycle_revolutions) * std::f64::consts::TAU
            / (f64::from(self.cycle_days) * 86_400.0)
    }

    /// Rate of the node, rad/s: the mean Sun's, the sun-synchronous condition.
    fn node_rate(&self) -> f64 {
        SUN_SYNCHRONOUS_DEG_PER_DAY.to_radians() / 86_400.0
    }

    /// The orbit's node and argument of latitude at `t`, radians.
    fn angles(&self, t: OffsetDateTime) -> (f64, f64) {
        let dt = seconds_between(EPOCH, t);
        let node0 = (mean_sun_deg(EPOCH) + NODE_MINUS_SUN_DEG).to_radians();
        let node = node0 + self.node_rate() * dt;
        let u = self.phase_deg.to_radians() + self.latitude_rate() * dt;
        (node, u)
    }

    /// Inertial position, km.
    fn position_eci(&self, t: OffsetDateTime) -> Vec3 {
        let (node, u) = self.angles(t);
        let (sn, cn) = node.sin_cos();
        let (su, cu) = u.sin_cos();
        let (si, ci) = self.inclination_deg.to_radians().sin_cos();
        scale(
            [cn * cu - sn * su * ci, sn * cu + cn * su * ci, su * si],
            self.semi_major_axis_km(),
        )
    }

    /// Earth-fixed position, km.
    pub fn position_ecef(&self, t: OffsetDateTime) -> Vec3 {
        to_ecef(self.position_eci(t), t)
    }

    /// Longitude and latitude of the sub-satellite point, degrees.
    pub fn sub_point(&self, t: OffsetDateTime) -> (f64, f64) {
        lon_lat(self.position_ecef(t))
    }

    /// The last plan upload at or before `t`: once a revolution, when the satellite is at its
    /// northernmost point (in view of a polar station such as Kiruna, which sees every orbit).
    pub fn last_upload_before(&self, t: OffsetDateTime) -> OffsetDateTime {
        let tau = std::f64::consts::TAU;
        let rate = self.latitude_rate();
        let u = self.phase_deg.to_radians() + rate * seconds_between(EPOCH, t);
        let since = (u - std::f64::consts::FRAC_PI_2).rem_euclid(tau) / rate;
        t - Duration::seconds_f64(since)
    }

    /// Every daytime descending pass over `target` whose closest approach falls in
    /// `[from, to)`, with its viewing geometry (no incidence limit applied).
    pub fn passes(
        &'static self,
        target: LonLat,
        from: OffsetDateTime,
        to: OffsetDateTime,
    ) -> Vec<Pass> {
        let mut out = Vec::new();
        let (si, _) = self.inclination_deg.to_radians().sin_cos();
        let lat = target.y.to_radians();
        let ratio = lat.sin() / si;
        if !(-1.0..=1.0).contains(&ratio) || to <= from {
            return out;
        }
        // On the descending half of the orbit (u in 90°..270°) the satellite is at the target's
        // latitude when u = π - asin(sin φ / sin i); the closest approach is within minutes.
        let u_cross = std::f64::consts::PI - ratio.asin();
        let rate = self.latitude_rate();
        let tau = std::f64::consts::TAU;
        let phase0 = self.phase_deg.to_radians();
        let t_of = |k: f64| EPOCH + Duration::seconds_f64((u_cross - phase0 + tau * k) / rate);
        let k_first = ((seconds_between(EPOCH, from) - 600.0) * rate - (u_cross - phase0)) / tau;
        let mut k = k_first.floor();
        let ground = ground_ecef(target);
        loop {
            let guess = t_of(k);
            k += 1.0;
            if guess > to + Duration::minutes(10) {
                break;
            }
            // Far off track at the latitude crossing: no usable view on this revolution.
            if norm(sub(self.position_ecef(guess), ground)) > FAR_OFF_TRACK_KM {
                continue;
            }
            let closest = self.closest_approach(ground, guess);
            let at = self.imaging_time(closest);
            if at < from || at >= to {
                continue;
            }
            if let Some(pass) = self.geometry(ground, at) {
                out.push(pass);
            }
        }
        out
    }

    /// When a target whose closest approach is at `closest` is imaged: ahead of or behind it by
    /// a pitch of up to [`MAX_PITCH_DEG`], the same for the same pass (a deterministic hash of
    /// the satellite and the second), the satellite flying `altitude × tan(pitch)` along track
    /// at about 6.8 km/s over the ground.
    fn imaging_time(&self, closest: OffsetDateTime) -> OffsetDateTime {
        let mut hash = 0xcbf2_9ce4_8422_2325u64;
        for byte in self
            .id
            .bytes()
            .chain(closest.unix_timestamp().to_le_bytes())
        {
            hash = (hash ^ u64::from(byte)).wrapping_mul(0x0000_0100_0000_01b3);
        }
        let unit = (hash >> 11) as f64 / (1u64 << 53) as f64 * 2.0 - 1.0;
        let pitch = (MAX_PITCH_DEG * unit).to_radians();
        let shift_s = -self.altitude_km * pitch.tan() / 6.8;
        super::clock::truncate_millis(closest + Duration::seconds_f64(shift_s))
    }

    /// Time of least distance to `ground` within ±10 minutes of `guess` (golden-section search
    /// to 10 ms).
    fn closest_approach(&self, ground: Vec3, guess: OffsetDateTime) -> OffsetDateTime {
        let distance = |s: f64| {
            norm(sub(
                self.position_ecef(guess + Duration::seconds_f64(s)),
                ground,
            ))
        };
        let ratio = (5f64.sqrt() - 1.0) / 2.0;
        let (mut a, mut b) = (-600.0f64, 600.0f64);
        let mut c = b - ratio * (b - a);
        let mut d = a + ratio * (b - a);
        let (mut fc, mut fd) = (distance(c), distance(d));
        while b - a > 0.01 {
            if fc < fd {
                b = d;
                d = c;
                fd = fc;
                c = b - ratio * (b - a);
                fc = distance(c);
            } else {
                a = c;
                c = d;
                fc = fd;
                d = a + ratio * (b - a);
                fd = distance(d);
            }
        }
        let best = (a + b) / 2.0;
        super::clock::truncate_millis(guess + Duration::seconds_f64(best))
    }

    /// The viewing geometry at `at`, if the satellite is above the horizon in daylight.
    fn geometry(&'static self, ground: Vec3, at: OffsetDateTime) -> Option<Pass> {
        let sat = self.position_ecef(at);
        let before = self.position_ecef(at - Duration::milliseconds(500));
        let after = self.position_ecef(at + Duration::milliseconds(500));
        let up = unit(ground);
        let look = sub(ground, sat);
        let to_sat = unit(sub(sat, ground));
        let cos_incidence = dot(up, to_sat);
        if cos_incidence <= 0.0 {
            return None;
        }
        let sun_elevation_deg = dot(up, to_ecef(sun_eci(at), at))
            .clamp(-1.0, 1.0)
            .asin()
            .to_degrees();
        if sun_elevation_deg < MIN_SUN_ELEVATION_DEG {
            return None;
        }
        let incidence_deg = cos_incidence.clamp(-1.0, 1.0).acos().to_degrees();
        let nadir = unit(scale(sat, -1.0));
        let velocity = sub(after, before);
        let along = unit(sub(velocity, scale(nadir, dot(velocity, nadir))));
        let right = cross(nadir, along);
        let off_nadir_deg = dot(unit(look), nadir).clamp(-1.0, 1.0).acos().to_degrees();
        let across_off_nadir = dot(look, right).atan2(dot(look, nadir));
        let ratio = norm(sat) / MEAN_RADIUS_KM;
        let across_track_incidence_deg = (ratio * across_off_nadir.sin())
            .clamp(-1.0, 1.0)
            .asin()
            .to_degrees();
        let along_off_nadir = dot(look, along).atan2(dot(look, nadir));
        let along_track_incidence_deg = (ratio * along_off_nadir.sin())
            .clamp(-1.0, 1.0)
            .asin()
            .to_degrees();
        let p0 = lon_lat(before);
        let p1 = lon_lat(after);
        let heading_deg = bearing_deg(p0, p1);
        let ground_speed_km_s = norm(sub(
            scale(unit(after), MEAN_RADIUS_KM),
            scale(unit(before), MEAN_RADIUS_KM),
        ));
        Some(Pass {
            satellite: self,
            at,
            incidence_deg,
            across_track_incidence_deg,
            along_track_incidence_deg,
            off_nadir_deg,
            heading_deg,
            ground_speed_km_s,
            sun_elevation_deg,
        })
    }
}

/// Every daytime descending pass of a mission's satellites over `target` in `[from, to)` with
/// an incidence at most `max_incidence_deg` (and within each platform's limit), in time order.
pub fn mission_passes(
    mission: Mission,
    target: LonLat,
    from: OffsetDateTime,
    to: OffsetDateTime,
    max_incidence_deg: f64,
) -> Vec<Pass> {
    let mut passes: Vec<Pass> = satellites(mission)
        .flat_map(|s| s.passes(target, from, to))
        .filter(|p| p.incidence_deg <= max_incidence_deg.min(p.satellite.max_incidence_deg))
        .collect();
    passes.sort_by_key(|p| p.at);
    passes
}

#[cfg(test)]
mod tests {
    use super::*;
    use geo_types::Coord;

    /// Earth's gravitational parameter, km³/s².
    const MU_KM3_S2: f64 = 398_600.441_8;
    /// Earth's second zonal harmonic.
    const J2: f64 = 1.082_63e-3;

    /// Unperturbed (two-body) mean motion at the published altitude, rad/s.
    fn kepler_mean_motion(s: &Satellite) -> f64 {
        (MU_KM3_S2 / s.semi_major_axis_km().powi(3)).sqrt()
    }

    fn j2_factor(s: &Satellite) -> f64 {
        J2 * (EQUATORIAL_RADIUS_KM / s.semi_major_axis_km()).powi(2)
    }

    /// The argument of latitude's rate the J2 secular terms give at the published altitude and
    /// inclination, rad/s: a check on `Satellite::latitude_rate`, which the model flies.
    fn j2_latitude_rate(s: &Satellite) -> f64 {
        let cos_i = s.inclination_deg.to_radians().cos();
        kepler_mean_motion(s) * (1.0 + 0.75 * j2_factor(s) * (8.0 * cos_i * cos_i - 2.0))
    }

    /// The node's rate J2 gives at the published altitude and inclination, rad/s: a check on
    /// `Satellite::node_rate`.
    fn j2_node_rate(s: &Satellite) -> f64 {
        -1.5 * kepler_mean_motion(s) * j2_factor(s) * s.inclination_deg.to_radians().cos()
    }

    fn toulouse() -> LonLat {
        Coord { x: 1.44, y: 43.6 }
    }

    /// The published altitude and inclination are those of a sun-synchronous, phased orbit:
    /// J2 gives nearly the rates the model flies.
    #[test]
    fn the_published_altitude_and_inclination_agree_with_the_flown_rates() {
        for s in &SATELLITES {
            let node = j2_node_rate(s) / s.node_rate();
            assert!((node - 1.0).abs() < 0.02, "{}: J2 node rate ×{node}", s.id);
            let latitude = j2_latitude_rate(s) / s.latitude_rate();
            assert!(
                (latitude - 1.0).abs() < 0.001,
                "{}: J2 mean motion ×{latitude}",
                s.id
            );
        }
        // Pléiades and SPOT: 379 revolutions in 26 days, 14.5769 a day.
        let per_day = SATELLITES[0].latitude_rate() * 86_400.0 / std::f64::consts::TAU;
        assert!((per_day - 14.5769).abs() < 1e-4, "{per_day}");
    }

    /// The next southward equator crossing after `from`, and its local mean solar time in hours.
    fn descending_node_local_time(s: &Satellite, from: OffsetDateTime) -> (OffsetDateTime, f64) {
        let tau = std::f64::consts::TAU;
        let rate = s.latitude_rate();
        let u_now = s.phase_deg.to_radians() + rate * seconds_between(EPOCH, from);
        let to_go = (std::f64::consts::PI - u_now).rem_euclid(tau) / rate;
        let at = from + Duration::seconds_f64(to_go);
        let (lon, lat) = s.sub_point(at);
        assert!(lat.abs() < 0.01, "{lat}");
        let utc_hours = seconds_between(at.replace_time(time::Time::MIDNIGHT), at) / 3600.0;
        (at, (utc_hours + lon / 15.0).rem_euclid(24.0))
    }

    #[test]
    fn the_equator_crossing_keeps_its_local_time_over_twenty_years() {
        for s in &SATELLITES {
            for year in [2026, 2031, 2036, 2046] {
                let from = OffsetDateTime::new_utc(
                    time::Date::from_calendar_date(year, time::Month::December, 1).unwrap(),
                    time::Time::MIDNIGHT,
                );
                let (at, local) = descending_node_local_time(s, from);
                let minutes = (local - 10.5) * 60.0;
                assert!(
                    minutes.abs() < 1.0,
                    "{} crosses at {local:.4} h local time on {at}",
                    s.id
                );
            }
        }
    }

    #[test]
    fn the_ground_track_repeats_after_its_cycle_within_a_kilometre() {
        for s in &SATELLITES {
            for start in [
                datetime!(2026-12-01 00:00 UTC),
                datetime!(2031-03-17 07:13 UTC),
                datetime!(2046-06-30 18:41 UTC),
            ] {
                let later = start + Duration::days(i64::from(s.cycle_days));
                let (a, b) = (s.position_ecef(start), s.position_ecef(later));
                let ground_km = norm(sub(a, b)) * MEAN_RADIUS_KM / norm(a);
                assert!(ground_km < 1.0, "{} moved {ground_km} km in a cycle", s.id);
            }
        }
    }

    #[test]
    fn descending_passes_are_mid_morning_local_time() {
        let from = datetime!(2024-06-01 00:00:00 UTC);
        let to = from + Duration::days(3);
        let passes = satellites(Mission::Pleiades)
            .flat_map(|s| s.passes(toulouse(), from, to))
            .filter(|p| p.incidence_deg <= 50.0)
            .collect::<Vec<_>>();
        assert!(!passes.is_empty());
        for pass in &passes {
            let utc_hours = pass.at.hour() as f64 + pass.at.minute() as f64 / 60.0;
            let local = (utc_hours + toulouse().x / 15.0).rem_euclid(24.0);
            assert!((9.5..11.5).contains(&local), "{pass:?} at local {local}");
            assert!(
                pass.heading_deg > 180.0 && pass.heading_deg < 215.0,
                "{pass:?}"
            );
            assert!((6.0..7.5).contains(&pass.ground_speed_km_s), "{pass:?}");
        }
    }

    #[test]
    fn pleiades_revisits_daily_within_fifty_degrees() {
        let from = datetime!(2024-06-01 00:00:00 UTC);
        let passes = mission_passes(
            Mission::Pleiades,
            toulouse(),
            from,
            from + Duration::days(7),
            50.0,
        );
        assert!(passes.len() >= 6, "{}", passes.len());
        for pass in &passes {
            assert!(pass.across_track_incidence_deg.abs() <= pass.incidence_deg + 0.5);
            assert!(
                pass.along_track_incidence_deg.abs() <= MAX_PITCH_DEG * 1.2,
                "{pass:?}"
            );
            assert!(pass.off_nadir_deg < pass.incidence_deg);
        }
        // Imaged with a pitch, most passes have an along-track part and so an incidence larger
        // than the across-track one, as in the guide's example (26.3° and 25.6°).
        let pitched: Vec<&Pass> = passes
            .iter()
            .filter(|p| p.along_track_incidence_deg.abs() > 1.0)
            .collect();
        assert!(
            pitched.len() * 2 > passes.len(),
            "{} of {}",
            pitched.len(),
            passes.len()
        );
        for pass in pitched {
            assert!(
                pass.incidence_deg > pass.across_track_incidence_deg.abs() + 0.01,
                "{pass:?}"
            );
        }
    }
}
