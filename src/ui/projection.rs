//! Web Mercator in two steps, so that no trigonometry runs per frame: lon/lat become world
//! coordinates once, when the data arrives or changes ([`world`]), and each frame maps world
//! coordinates to the screen with one multiply and add ([`View`]).

use egui::{Pos2, Vec2};
use walkers::Projector;

use crate::aoi::LonLat;

/// The latitude limit of Web Mercator (the map is square).
pub const MAX_LAT_DEG: f64 = crate::aoi::web_mercator::MAX_LAT_DEG;

/// Walkers' tile size in pixels at zoom 0 (the world is `256 · 2^zoom` pixels wide).
const TILE_PIXELS: f64 = 256.0;

/// A position in normalized Web Mercator: x from 0 (180°W) to 1 (180°E), y from 0 (north) to
/// 1 (south). Longitudes beyond ±180° (rings unwrapped across the antimeridian) stay linear.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct World {
    /// East.
    pub x: f64,
    /// South.
    pub y: f64,
}

/// Projects a lon/lat to the world plane (the formula walkers uses).
pub fn world(c: LonLat) -> World {
    let (x, y) = crate::aoi::web_mercator::unit_square(c);
    World { x, y }
}

/// Projects many lon/lats.
pub fn world_all(positions: &[LonLat]) -> Vec<World> {
    positions.iter().map(|&c| world(c)).collect()
}

/// The inverse of [`world`].
pub fn lon_lat(w: World) -> LonLat {
    LonLat {
        x: w.x * 360.0 - 180.0,
        y: (std::f64::consts::PI * (1.0 - 2.0 * w.y))
            .sinh()
            .atan()
            .to_degrees(),
    }
}

/// One frame's map from the world plane to the screen: `screen = origin + scale · (w - center)`.
/// Compared as a whole to tell whether cached screen geometry is still good.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct View {
    /// The screen point of `center` (the middle of the map's rect).
    pub origin: [f64; 2],
    /// The world position at the middle of the map.
    pub center: World,
    /// Screen points per world unit.
    pub scale: f64,
}

impl View {
    /// The view walkers draws with this frame.
    pub fn new(projector: &Projector) -> View {
        let middle = projector.clip_rect().center();
        let at = projector.unproject(middle.to_vec2());
        View {
            origin: [f64::from(middle.x), f64::from(middle.y)],
            center: world(LonLat {
                x: at.x(),
                y: at.y(),
            }),
            scale: TILE_PIXELS * 2f64.powf(projector.zoom()),
        }
    }

    /// Where a world position is on the screen.
    #[inline]
    pub fn screen(&self, w: World) -> Pos2 {
        Pos2::new(
            (self.origin[0] + (w.x - self.center.x) * self.scale) as f32,
            (self.origin[1] + (w.y - self.center.y) * self.scale) as f32,
        )
    }

    /// Where a lon/lat is on the screen.
    pub fn screen_of(&self, c: LonLat) -> Pos2 {
        self.screen(world(c))
    }

    /// The world position under a screen point.
    pub fn world_at(&self, pos: Pos2) -> World {
        World {
            x: self.center.x + (f64::from(pos.x) - self.origin[0]) / self.scale,
            y: self.center.y + (f64::from(pos.y) - self.origin[1]) / self.scale,
        }
    }

    /// The lon/lat under a screen point.
    pub fn lon_lat_at(&self, pos: Pos2) -> LonLat {
        lon_lat(self.world_at(pos))
    }

    /// The world box seen through a screen rect, as (north-west, south-east) corners.
    pub fn world_box(&self, rect: egui::Rect) -> (World, World) {
        (self.world_at(rect.min), self.world_at(rect.max))
    }

    /// The same view moved by a screen offset (tests, benches).
    pub fn shifted(&self, by: Vec2) -> View {
        View {
            origin: [
                self.origin[0] + f64::from(by.x),
                self.origin[1] + f64::from(by.y),
            ],
            ..*self
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;
    use egui::{Rect, Vec2};
    use walkers::{MapMemory, MercatorProjection};

    #[test]
    fn the_view_agrees_with_walkers_at_every_zoom() {
        let rect = Rect::from_min_size(Pos2::new(340.0, 0.0), Vec2::new(940.0, 800.0));
        for zoom in [2.0, 5.5, 12.0, 18.0] {
            let mut memory = MapMemory::default();
            memory.set_zoom(zoom).unwrap();
            memory.center_at(walkers::lon_lat(1.45, 43.65));
            let projector = Projector::new(
                rect,
                &MercatorProjection,
                &memory,
                walkers::lon_lat(0.0, 0.0),
            );
            let view = View::new(&projector);
            for (lon, lat) in [(1.45, 43.65), (1.4501, 43.6502), (1.2, 43.9), (-3.0, 40.0)] {
                let ours = view.screen_of(LonLat { x: lon, y: lat });
                let theirs = projector.project(walkers::lon_lat(lon, lat)).to_pos2();
                let tolerance = if ours.distance(rect.center()) < 10_000.0 {
                    0.01
                } else {
                    1.0
                };
                assert!(
                    ours.distance(theirs) < tolerance,
                    "zoom {zoom} ({lon}, {lat}): {ours:?} vs {theirs:?}"
                );
                let back = view.lon_lat_at(ours);
                if ours.distance(rect.center()) < 10_000.0 {
                    // Screen points are f32: the round trip holds to a hundredth of a point.
                    assert!(view.screen_of(back).distance(ours) < 0.01, "{back:?}");
                }
            }
        }
    }
}
