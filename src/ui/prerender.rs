//! Map layers tessellated once and reused while nothing they depend on changes (the view, the
//! data): a still map costs egui one mesh copy per layer instead of projecting and tessellating
//! thousands of lines and handles every frame.

use std::sync::Arc;

use egui::epaint::{ClippedShape, Mesh, Primitive, Shape};

/// A mesh kept until its key changes.
pub struct Prerendered<K> {
    key: Option<K>,
    mesh: Arc<Mesh>,
}

impl<K> Default for Prerendered<K> {
    fn default() -> Self {
        Prerendered {
            key: None,
            mesh: Arc::default(),
        }
    }
}

impl<K: PartialEq> Prerendered<K> {
    /// The mesh for `key`, built again only when the key differs from the last one.
    pub fn get(&mut self, key: K, build: impl FnOnce() -> Mesh) -> Shape {
        if self.key.as_ref() != Some(&key) {
            self.mesh = Arc::new(build());
            self.key = Some(key);
        }
        Shape::Mesh(self.mesh.clone())
    }

    /// Forgets the mesh (the next `get` builds it).
    pub fn clear(&mut self) {
        self.key = None;
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
    /// A builder whose mesh will be drawn inside `clip` (what falls outside is culled).
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
