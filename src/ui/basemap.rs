//! The offline basemap: Natural Earth land (filled) and country borders, shipped in assets/ and
//! drawn by the app, so the map is never a blank canvas without tiles. Two levels of detail:
//! 1:110m for world views (parsed on first use) and 1:50m for regional zooms (parsed on a
//! background thread; the coarse one is drawn until it is ready). Both are parsed, triangulated
//! and projected to the world plane once; a frame only maps them to the screen, and a still map
//! reuses the last mesh.

use std::sync::OnceLock;
use std::sync::atomic::{AtomicBool, Ordering};

use egui::{Mesh, Pos2, Rect, Shape, Stroke};

use super::prerender::MeshBuilder;
use super::projection::{View, World, world};
use super::theme;
use crate::aoi::natural_earth::{land_triangles, lines};

/// Land triangles and border lines on the world plane.
pub struct Basemap {
    land: Vec<[World; 3]>,
    borders: Vec<Vec<World>>,
    /// World bounds (north-west, south-east) of each land triangle and border line, to skip
    /// what is off screen before mapping it.
    land_bounds: Vec<(World, World)>,
    border_bounds: Vec<(World, World)>,
}

/// Which basemap is drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Detail {
    /// Natural Earth 1:110m.
    Coarse,
    /// Natural Earth 1:50m.
    Detailed,
}

/// From this zoom on, the 1:50m data is drawn.
pub const DETAILED_FROM_ZOOM: f64 = 4.0;

fn bounds_of(points: &[World]) -> (World, World) {
    points.iter().fold(
        (
            World {
                x: f64::INFINITY,
                y: f64::INFINITY,
            },
            World {
                x: f64::NEG_INFINITY,
                y: f64::NEG_INFINITY,
            },
        ),
        |(low, high), p| {
            (
                World {
                    x: low.x.min(p.x),
                    y: low.y.min(p.y),
                },
                World {
                    x: high.x.max(p.x),
                    y: high.y.max(p.y),
                },
            )
        },
    )
}

impl Basemap {
    fn parse(land: &str, borders: &str) -> Basemap {
        let land: Vec<[World; 3]> = land_triangles(land)
            .into_iter()
            .map(|t| t.map(world))
            .collect();
        let borders: Vec<Vec<World>> = lines(borders)
            .into_iter()
            .map(|l| l.into_iter().map(world).collect())
            .collect();
        Basemap {
            land_bounds: land.iter().map(|t| bounds_of(t)).collect(),
            border_bounds: borders.iter().map(|l| bounds_of(l)).collect(),
            land,
            borders,
        }
    }
}

static COARSE: OnceLock<Basemap> = OnceLock::new();
static DETAILED: OnceLock<Basemap> = OnceLock::new();
static DETAILED_LOADING: AtomicBool = AtomicBool::new(false);

/// The 1:110m basemap, parsed on first use (a few milliseconds).
pub fn coarse() -> &'static Basemap {
    COARSE.get_or_init(|| {
        Basemap::parse(
            crate::aoi::natural_earth::LAND_110M,
            include_str!("../../assets/countries-110m-borders.geojson"),
        )
    })
}

/// The 1:50m basemap, parsed now if it is not yet (blocks: benches and tests).
pub fn detailed() -> &'static Basemap {
    DETAILED.get_or_init(|| {
        Basemap::parse(
            include_str!("../../assets/land-50m.geojson"),
            include_str!("../../assets/countries-50m-borders.geojson"),
        )
    })
}

/// The basemap for a zoom: the 1:50m one when zoomed in and ready, else the 1:110m one while
/// the 1:50m one loads on a named thread (which asks for a frame when done).
pub fn for_zoom(zoom: f64, ctx: &egui::Context) -> (&'static Basemap, Detail) {
    if zoom < DETAILED_FROM_ZOOM {
        return (coarse(), Detail::Coarse);
    }
    if let Some(map) = DETAILED.get() {
        return (map, Detail::Detailed);
    }
    if !DETAILED_LOADING.swap(true, Ordering::SeqCst) {
        let ctx = ctx.clone();
        let spawned = std::thread::Builder::new()
            .name("sattask-basemap".to_owned())
            .spawn(move || {
                detailed();
                ctx.request_repaint();
            });
        if spawned.is_err() {
            // No thread: parse here once rather than never.
            return (detailed(), Detail::Detailed);
        }
    }
    (coarse(), Detail::Coarse)
}

impl Basemap {
    /// Land and borders for a view, as one mesh (the sea is the map's background).
    pub fn mesh(&self, ctx: &egui::Context, view: &View, clip: Rect) -> Mesh {
        let (north_west, south_east) = view.world_box(clip);
        let margin = (south_east.x - north_west.x) * 0.02;
        let visible = |(low, high): &(World, World)| {
            high.x >= north_west.x - margin
                && low.x <= south_east.x + margin
                && high.y >= north_west.y - margin
                && low.y <= south_east.y + margin
        };
        let mut builder = MeshBuilder::new(ctx, clip);
        for (triangle, bounds) in self.land.iter().zip(&self.land_bounds) {
            if visible(bounds) {
                builder.triangle(triangle.map(|w| view.screen(w)), theme::LAND);
            }
        }
        let stroke = Stroke::new(theme::BORDER_WIDTH, theme::BORDER);
        for (line, bounds) in self.borders.iter().zip(&self.border_bounds) {
            if visible(bounds) {
                let points: Vec<Pos2> = line.iter().map(|&w| view.screen(w)).collect();
                builder.add(Shape::line(points, stroke));
            }
        }
        builder.finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::aoi::LonLat;

    fn covered(map: &Basemap, p: LonLat) -> bool {
        let p = world(p);
        let side = |a: World, b: World| (b.x - a.x) * (p.y - a.y) - (b.y - a.y) * (p.x - a.x);
        map.land.iter().any(|t| {
            let (d1, d2, d3) = (side(t[0], t[1]), side(t[1], t[2]), side(t[2], t[0]));
            !((d1 < 0.0 || d2 < 0.0 || d3 < 0.0) && (d1 > 0.0 || d2 > 0.0 || d3 > 0.0))
        })
    }

    #[test]
    fn land_is_land_and_sea_is_sea_at_both_levels_of_detail() {
        let land = [(2.35, 48.85), (150.0, -30.0), (100.0, 60.0), (20.0, 0.0)];
        let sea = [
            (-25.0, 61.0),
            (-30.0, 40.0),
            (5.0, 40.0),
            (-150.0, 0.0),
            (60.0, -20.0),
        ];
        for map in [coarse(), detailed()] {
            for (lon, lat) in land {
                assert!(
                    covered(map, LonLat { x: lon, y: lat }),
                    "land at ({lon}, {lat})"
                );
            }
            for (lon, lat) in sea {
                assert!(
                    !covered(map, LonLat { x: lon, y: lat }),
                    "sea at ({lon}, {lat})"
                );
            }
            assert!(map.borders.len() > 100, "{} borders", map.borders.len());
        }
        assert!(detailed().land.len() > 5 * coarse().land.len());
    }
}
