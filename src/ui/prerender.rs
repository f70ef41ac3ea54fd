//! Map layers tessellated once and reused while nothing they depend on changes (the data, the
//! zoom): a still map costs egui one mesh copy per layer instead of projecting and tessellating
//! thousands of lines and handles every frame, and a map being panned only shifts the mesh
//! (built with a margin around the screen) until it has moved by more than the margin.

use std::sync::Arc;

use egui::epaint::{ClippedShape, Mesh, Primitive, Shape};
use egui::{Rect, Vec2};

use super::projection::View;

/// How far beyond the screen a layer is built, as a fraction of the map's size on each side: a
/// pan of up to this much reuses the mesh.
pub const PAN_MARGIN: f32 = 0.5;

/// The rect a layer is built for: the map's rect with the pan margin around it.
pub fn build_rect(clip: Rect) -> Rect {
    clip.expand2(clip.size() * PAN_MARGIN)
}

/// A mesh kept until its key or zoom changes, shifted while the map pans.
pub struct Prerendered<K> {
    key: Option<K>,
    /// The view the mesh was built for.
    built_for: Option<View>,
    built: Arc<Mesh>,
    /// The last mesh handed out (the built one, or a shifted copy) and its offset.
    shown: Arc<Mesh>,
    shown_offset: Vec2,
}

impl<K> Default for Prerendered<K> {
    fn default() -> Self {
        Prerendered {
            key: None,
            built_for: None,
            built: Arc::default(),
            shown: Arc::default(),
            shown_offset: Vec2::ZERO,
        }
    }
}

impl<K: PartialEq> Prerendered<K> {
    /// The mesh for `key` seen through `view` (the map's rect is `clip`): built again when the
    /// key, the zoom or the map's rect changed or the map panned beyond the margin; otherwise
    /// the built mesh, shifted by the pan. `build` draws for the view it is given, for
    /// everything inside `build_rect(clip)`.
    pub fn get(
        &mut self,
        key: K,
        view: View,
        clip: Rect,
        build: impl FnOnce(&View, Rect) -> Mesh,
    ) -> Shape {
        let offset = self
            .built_for
            .filter(|_| self.key.as_ref() == Some(&key))
            .and_then(|built| {
                (built.scale == view.scale && built.origin == view.origin).then(|| {
                    Vec2::new(
                        ((built.center.x - view.center.x) * view.scale) as f32,
                        ((built.center.y - view.center.y) * view.scale) as f32,
                    )
                })
            });
        let reach = clip.size() * PAN_MARGIN;
        match offset {
            Some(offset) if offset.x.abs() <= reach.x && offset.y.abs() <= reach.y => {
                if offset != self.shown_offset {
                    self.shift(offset);
                }
            }
            _ => {
                self.built = Arc::new(build(&view, build_rect(clip)));
                self.shown = self.built.clone();
                self.shown_offset = Vec2::ZERO;
                self.built_for = Some(view);
                self.key = Some(key);
            }
        }
        Shape::Mesh(self.shown.clone())
    }

    /// Shows the built mesh moved by `offset`. The shifted copy handed out last frame is moved
    /// again in place when nothing else holds it any more (egui lets go of a frame's shapes once
    /// it has tessellated them): a panned frame then costs one pass over the vertices instead of
    /// allocating and copying the whole mesh (25 % of a panned frame at 5,000 AOIs went there).
    fn shift(&mut self, offset: Vec2) {
        let delta = offset - self.shown_offset;
        let own_copy = !Arc::ptr_eq(&self.shown, &self.built);
        match Arc::get_mut(&mut self.shown).filter(|_| own_copy) {
            Some(shown) => shown.translate(delta),
            None => {
                let mut shifted = (*self.built).clone();
                shifted.translate(offset);
                self.shown = Arc::new(shifted);
            }
        }
        self.shown_offset = offset;
    }

    /// Forgets the mesh (the next `get` builds it).
    pub fn clear(&mut self) {
        self.key = None;
        self.built_for = None;
    }
}

/// Pixels per point and the font atlas's size.
pub type AtlasKey = (f32, [usize; 2]);

/// What a cached mesh depends on besides its data: the pixel density and the font atlas's size
/// (the discs' texture coordinates are relative to it).
pub fn atlas_key(ctx: &egui::Context) -> AtlasKey {
    (ctx.pixels_per_point(), ctx.fonts(|f| f.font_image_size()))
}

/// Collects shapes and tessellates them into one mesh, as egui does at the end of a frame, with
/// egui's own tessellator: filled circles become one textured quad each (the pre-rasterized
/// discs of the font atlas) instead of a feathered polygon of dozens of vertices, so a
/// thousand handles stay cheap to copy.
pub struct MeshBuilder {
    ctx: egui::Context,
    clip: egui::Rect,
    shapes: Vec<Shape>,
    triangles: Mesh,
}

impl MeshBuilder {
    /// A builder for what lies inside `clip` (what falls outside is culled).
    pub fn new(ctx: &egui::Context, clip: egui::Rect) -> Self {
        MeshBuilder {
            ctx: ctx.clone(),
            clip,
            shapes: Vec::new(),
            triangles: Mesh::default(),
        }
    }

    fn flush_triangles(&mut self) {
        if !self.triangles.is_empty() {
            let mesh = std::mem::take(&mut self.triangles);
            self.shapes.push(Shape::mesh(mesh));
        }
    }

    /// Adds a shape (drawn over what was added before).
    pub fn add(&mut self, shape: Shape) {
        self.flush_triangles();
        self.shapes.push(shape);
    }

    /// Adds a plain triangle.
    pub fn triangle(&mut self, points: [egui::Pos2; 3], color: egui::Color32) {
        let base = self.triangles.vertices.len() as u32;
        for p in points {
            self.triangles.colored_vertex(p, color);
        }
        self.triangles.add_triangle(base, base + 1, base + 2);
    }

    /// Adds a filled axis-aligned rectangle (two triangles, no feathering).
    pub fn quad(&mut self, rect: egui::Rect, color: egui::Color32) {
        self.triangle(
            [rect.left_top(), rect.right_top(), rect.right_bottom()],
            color,
        );
        self.triangle(
            [rect.left_top(), rect.right_bottom(), rect.left_bottom()],
            color,
        );
    }

    /// The mesh.
    pub fn finish(mut self) -> Mesh {
        self.flush_triangles();
        let shapes = vec![ClippedShape {
            clip_rect: self.clip.expand(8.0),
            shape: Shape::Vec(self.shapes),
            transform_after_tessellation: egui::emath::TSTransform::IDENTITY,
        }];
        let mut out = Mesh::default();
        for primitive in self.ctx.tessellate(shapes, self.ctx.pixels_per_point()) {
            if let Primitive::Mesh(mesh) = primitive.primitive {
                out.append(mesh);
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ui::projection::World;
    use egui::{Color32, Pos2};

    fn view(center_x: f64, scale: f64) -> View {
        View {
            origin: [500.0, 400.0],
            center: World {
                x: center_x,
                y: 0.5,
            },
            scale,
        }
    }

    fn dot(view: &View) -> Mesh {
        let mut mesh = Mesh::default();
        mesh.colored_vertex(view.screen(World { x: 0.5, y: 0.5 }), Color32::RED);
        mesh
    }

    fn first_vertex(shape: &Shape) -> Pos2 {
        match shape {
            Shape::Mesh(mesh) => mesh.vertices[0].pos,
            _ => panic!("not a mesh"),
        }
    }

    #[test]
    fn a_pan_within_the_margin_shifts_the_mesh_and_a_zoom_rebuilds_it() {
        let clip = Rect::from_min_size(Pos2::ZERO, Vec2::new(1000.0, 800.0));
        let mut cache = Prerendered::<u32>::default();
        let builds = std::cell::Cell::new(0);
        let get = |cache: &mut Prerendered<u32>, key, v: View| {
            cache.get(key, v, clip, |v, _| {
                builds.set(builds.get() + 1);
                dot(v)
            })
        };
        let scale = 1000.0;
        let still = get(&mut cache, 1, view(0.5, scale));
        assert_eq!(first_vertex(&still), Pos2::new(500.0, 400.0));
        // 0.1 world units = 100 points east: the dot moves 100 points west, no rebuild.
        let panned = get(&mut cache, 1, view(0.6, scale));
        assert!((first_vertex(&panned).x - 400.0).abs() < 1e-3);
        assert_eq!(builds.get(), 1);
        // Beyond half the width: rebuilt.
        let far = get(&mut cache, 1, view(1.2, scale));
        assert!((first_vertex(&far).x - -200.0).abs() < 1e-3);
        // Another zoom, another key: rebuilt.
        let _ = get(&mut cache, 1, view(1.2, 2.0 * scale));
        let _ = get(&mut cache, 2, view(1.2, 2.0 * scale));
        assert_eq!(builds.get(), 4);
    }

    fn mesh_of(shape: Shape) -> Arc<Mesh> {
        match shape {
            Shape::Mesh(mesh) => mesh,
            _ => panic!("not a mesh"),
        }
    }

    #[test]
    fn a_shifted_copy_no_longer_shown_is_moved_again_in_place() {
        let clip = Rect::from_min_size(Pos2::ZERO, Vec2::new(1000.0, 800.0));
        let mut cache = Prerendered::<u32>::default();
        let scale = 1000.0;
        let build = |v: &View, _| dot(v);
        drop(cache.get(1, view(0.5, scale), clip, build));
        let first = mesh_of(cache.get(1, view(0.6, scale), clip, build));
        assert!((first.vertices[0].pos.x - 400.0).abs() < 1e-3);
        let first_copy = Arc::as_ptr(&first);
        drop(first);
        // Nothing holds last frame's copy: it is moved, not copied again.
        let second = mesh_of(cache.get(1, view(0.45, scale), clip, build));
        assert_eq!(Arc::as_ptr(&second), first_copy);
        assert!((second.vertices[0].pos.x - 550.0).abs() < 1e-3);
        // Still held (a frame not yet tessellated): a fresh copy, the held one left as it was.
        let third = mesh_of(cache.get(1, view(0.7, scale), clip, build));
        assert!((second.vertices[0].pos.x - 550.0).abs() < 1e-3);
        assert!((third.vertices[0].pos.x - 300.0).abs() < 1e-3);
        // Back where it was built: where the build put it.
        drop((second, third));
        let home = mesh_of(cache.get(1, view(0.5, scale), clip, build));
        assert!((home.vertices[0].pos.x - 500.0).abs() < 1e-3);
    }
}
