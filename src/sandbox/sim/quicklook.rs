//! The quicklook of an acquisition, as OneAtlas gives one for deciding on it: an image of the
//! ground under its footprint (the offline Natural Earth land and sea, with a texture) under
//! clouds covering exactly the share its clear-sky rate leaves. Made on demand, the same image
//! for the same acquisition every time.

use std::sync::OnceLock;

/// The quicklook's size, pixels (the real service's are a few hundred pixels wide).
pub(crate) const SIZE_PX: u32 = 256;

/// Land rings (lon/lat) of Natural Earth 1:50m, parsed once.
fn land() -> &'static Vec<Vec<[f64; 2]>> {
    static LAND: OnceLock<Vec<Vec<[f64; 2]>>> = OnceLock::new();
    LAND.get_or_init(|| {
        let text = include_str!("../../../assets/land-50m.geojson");
        let document: serde_json::Value = serde_json::from_str(text).unwrap_or_default();
        let empty = Vec::new();
        let features = document["features"].as_array().unwrap_or(&empty);
        // Every ring of every Polygon and MultiPolygon, outer and holes alike: the mask fills
        // even-odd, so a lake is sea-coloured as a hole should be.
        let mut rings = Vec::new();
        for geometry in features.iter().map(|f| &f["geometry"]) {
            let coordinates = &geometry["coordinates"];
            let polygons: Vec<&serde_json::Value> = match geometry["type"].as_str() {
                Some("MultiPolygon") => coordinates
                    .as_array()
                    .map(|p| p.iter().collect())
                    .unwrap_or_default(),
                Some("Polygon") => vec![coordinates],
                _ => Vec::new(),
            };
            for ring in polygons.iter().filter_map(|p| p.as_array()).flatten() {
                let points = ring.as_array().map(Vec::as_slice).unwrap_or_default();
                rings.push(
                    points
                        .iter()
                        .filter_map(|p| Some([p.get(0)?.as_f64()?, p.get(1)?.as_f64()?]))
                        .collect(),
                );
            }
        }
        rings
    })
}

/// A hash of integers to 0..1, stable across runs (the same acquisition, the same clouds).
fn hash01(seed: u64, x: i64, y: i64) -> f64 {
    let mut h = seed
        ^ (x as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15)
        ^ (y as u64).wrapping_mul(0xC2B2_AE3D_27D4_EB4F);
    h ^= h >> 33;
    h = h.wrapping_mul(0xFF51_AFD7_ED55_8CCD);
    h ^= h >> 33;
    (h >> 11) as f64 / (1u64 << 53) as f64
}

/// Smooth value noise at (x, y) in lattice units, from a few octaves.
fn noise(seed: u64, x: f64, y: f64) -> f64 {
    let mut total = 0.0;
    let mut weight = 1.0;
    let mut scale = 1.0;
    for octave in 0..4u64 {
        let (sx, sy) = (x * scale, y * scale);
        let (x0, y0) = (sx.floor(), sy.floor());
        let (fx, fy) = (sx - x0, sy - y0);
        let (fx, fy) = (fx * fx * (3.0 - 2.0 * fx), fy * fy * (3.0 - 2.0 * fy));
        let corner = |dx: i64, dy: i64| hash01(seed + octave, x0 as i64 + dx, y0 as i64 + dy);
        let top = corner(0, 0) + (corner(1, 0) - corner(0, 0)) * fx;
        let bottom = corner(0, 1) + (corner(1, 1) - corner(0, 1)) * fx;
        total += weight * (top + (bottom - top) * fy);
        weight *= 0.5;
        scale *= 2.0;
    }
    total
}

/// Which pixels of a `SIZE_PX` square over `[west, east] × [south, north]` are land: each row
/// is filled between the crossings of the land rings (even-odd), so a coastline of thousands
/// of vertices costs one pass per row.
fn land_mask(west: f64, south: f64, east: f64, north: f64) -> Vec<bool> {
    let n = SIZE_PX as usize;
    let mut mask = vec![false; n * n];
    let rings: Vec<&Vec<[f64; 2]>> = land()
        .iter()
        .filter(|ring| {
            let (mut lo_x, mut lo_y, mut hi_x, mut hi_y) = (f64::MAX, f64::MAX, f64::MIN, f64::MIN);
            for p in ring.iter() {
                lo_x = lo_x.min(p[0]);
                hi_x = hi_x.max(p[0]);
                lo_y = lo_y.min(p[1]);
                hi_y = hi_y.max(p[1]);
            }
            hi_x >= west && lo_x <= east && hi_y >= south && lo_y <= north
        })
        .collect();
    let mut crossings = Vec::new();
    for row in 0..n {
        let lat = north - (row as f64 + 0.5) / n as f64 * (north - south);
        crossings.clear();
        for ring in &rings {
            for edge in ring.windows(2) {
                let ([x1, y1], [x2, y2]) = (edge[0], edge[1]);
                if (y1 > lat) != (y2 > lat) {
                    crossings.push(x1 + (lat - y1) / (y2 - y1) * (x2 - x1));
                }
            }
        }
        crossings.sort_by(f64::total_cmp);
        for span in crossings.chunks(2) {
            let [from, to] = span else {
                continue;
            };
            let first = (((from - west) / (east - west)) * n as f64)
                .round()
                .max(0.0) as usize;
            let last = (((to - west) / (east - west)) * n as f64)
                .round()
                .min(n as f64) as usize;
            for column in first..last.max(first) {
                mask[row * n + column] = true;
            }
        }
    }
    mask
}

/// A PNG quicklook of the ground under `footprint` (lon/lat) with `clear_sky_pct` of it clear,
/// its clouds drawn from `seed`.
pub(crate) fn quicklook_png(footprint: &[[f64; 2]], clear_sky_pct: f64, seed: u64) -> Vec<u8> {
    let n = SIZE_PX as usize;
    let (mut west, mut south, mut east, mut north) = (180.0f64, 90.0f64, -180.0f64, -90.0f64);
    for p in footprint {
        west = west.min(p[0]);
        east = east.max(p[0]);
        south = south.min(p[1]);
        north = north.max(p[1]);
    }
    if !(west < east && south < north) {
        (west, south, east, north) = (0.0, 0.0, 0.1, 0.1);
    }
    let land = land_mask(west, south, east, north);
    // Clouds: the brightest share of a noise field, the threshold set so that exactly the
    // cloudy share of the pixels is covered.
    let field: Vec<f64> = (0..n * n)
        .map(|i| noise(seed, (i % n) as f64 / 48.0, (i / n) as f64 / 48.0))
        .collect();
    let cloudy_share = ((100.0 - clear_sky_pct) / 100.0).clamp(0.0, 1.0);
    let mut sorted = field.clone();
    sorted.sort_by(f64::total_cmp);
    let covered = (cloudy_share * (n * n) as f64).round() as usize;
    let threshold = if covered == 0 {
        f64::INFINITY
    } else {
        sorted[n * n - covered.min(n * n)]
    };
    let mut pixels = Vec::with_capacity(n * n * 3);
    for (i, value) in field.iter().enumerate() {
        let grain = noise(seed ^ 0xA5A5, (i % n) as f64 / 6.0, (i / n) as f64 / 6.0) / 1.875;
        let rgb = if *value >= threshold {
            let white = 225.0 + 30.0 * grain;
            [white, white, white]
        } else if land[i] {
            [
                96.0 + 50.0 * grain,
                110.0 + 45.0 * grain,
                70.0 + 30.0 * grain,
            ]
        } else {
            [
                30.0 + 10.0 * grain,
                62.0 + 15.0 * grain,
                98.0 + 20.0 * grain,
            ]
        };
        pixels.extend(rgb.map(|c| c.clamp(0.0, 255.0) as u8));
    }
    let mut png = Vec::new();
    let encoded = image::RgbImage::from_raw(SIZE_PX, SIZE_PX, pixels)
        .map(|img| img.write_to(&mut std::io::Cursor::new(&mut png), image::ImageFormat::Png));
    match encoded {
        Some(Ok(())) => png,
        _ => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decoded(png: &[u8]) -> image::RgbImage {
        image::load_from_memory(png).unwrap().to_rgb8()
    }

    fn white_share(img: &image::RgbImage) -> f64 {
        let white = img
            .pixels()
            .filter(|p| p.0.iter().all(|&c| c >= 220))
            .count();
        white as f64 / (img.width() * img.height()) as f64
    }

    /// Toulouse, all land; the Bay of Biscay off Bordeaux, half sea.
    const TOULOUSE: [[f64; 2]; 5] = [
        [1.38, 43.55],
        [1.51, 43.55],
        [1.51, 43.66],
        [1.38, 43.66],
        [1.38, 43.55],
    ];
    const COAST: [[f64; 2]; 5] = [
        [-1.6, 44.5],
        [-0.8, 44.5],
        [-0.8, 45.0],
        [-1.6, 45.0],
        [-1.6, 44.5],
    ];

    #[test]
    fn clouds_cover_the_share_the_clear_sky_rate_leaves() {
        for clear in [100.0, 70.0, 30.0] {
            let img = decoded(&quicklook_png(&TOULOUSE, clear, 7));
            assert_eq!((img.width(), img.height()), (SIZE_PX, SIZE_PX));
            let cloudy = white_share(&img);
            assert!(
                (cloudy - (100.0 - clear) / 100.0).abs() < 0.02,
                "clear {clear}: {cloudy}"
            );
        }
    }

    #[test]
    fn the_ground_is_land_or_sea_as_the_basemap_says() {
        let inland = decoded(&quicklook_png(&TOULOUSE, 100.0, 1));
        let blue = |img: &image::RgbImage| img.pixels().filter(|p| p.0[2] > p.0[0] + 40).count();
        assert_eq!(blue(&inland), 0, "Toulouse is all land");
        let coast = decoded(&quicklook_png(&COAST, 100.0, 1));
        let sea = blue(&coast) as f64 / (SIZE_PX * SIZE_PX) as f64;
        assert!(
            (0.1..0.9).contains(&sea),
            "off Bordeaux, sea and land: {sea}"
        );
    }

    #[test]
    fn the_same_acquisition_has_the_same_quicklook() {
        assert_eq!(
            quicklook_png(&TOULOUSE, 60.0, 3),
            quicklook_png(&TOULOUSE, 60.0, 3)
        );
        assert_ne!(
            quicklook_png(&TOULOUSE, 60.0, 3),
            quicklook_png(&TOULOUSE, 60.0, 4)
        );
    }
}
