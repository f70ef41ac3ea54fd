//! The AOIs on the map: the fill (earcut triangles, since egui fills only convex shapes), the
//! outline, the issue marks (offending edges and vertices, crossing points, drawn last so that no
//! handle hides them), the handles of the selected AOI and the names (`aoi_names`). Each AOI is projected to
//! the world plane once per revision; the whole layer is tessellated once per view and change,
//! so a still map reuses it.

use std::collections::{HashMap, HashSet};

use egui::{Color32, Painter, Pos2, Rect, Shape, Stroke};

use super::aoi_names::{AoiNames, outline_color};
use super::handles;
use super::prerender::{AtlasKey, MeshBuilder, Prerendered, atlas_key};
use super::projection::{View, World, world, world_all};
use super::theme;
use crate::aoi::Aoi;
use crate::aoi::rules::{Issue, Report, Rule, Severity};
use crate::state::{AoiEntry, AoiId, AppState, Tool};

/// An AOI as drawn while a handle is dragged: the edit applied, validated and triangulated.
pub struct Preview {
    /// Which AOI.
    pub id: AoiId,
    /// How it would be.
    pub aoi: Aoi,
    /// Its validation.
    pub report: Report,
    /// Its ring and fill on the world plane.
    pub world: WorldAoi,
}

/// An AOI on the world plane: its ring, and its fill triangles (egui fills only convex shapes;
/// earcut in the plane the map is drawn in), made once per revision.
pub struct WorldAoi {
    revision: u64,
    ring: Vec<World>,
    triangles: Vec<[World; 3]>,
}

impl WorldAoi {
    /// Projects and triangulates an AOI.
    pub fn new(revision: u64, aoi: &Aoi) -> Self {
        let ring = world_all(&aoi.ring);
        let distinct: Vec<geo_types::Coord<f64>> = crate::aoi::model::distinct_vertices(&aoi.ring)
            .into_iter()
            .filter_map(|(i, _)| ring.get(i))
            .map(|w| geo_types::Coord { x: w.x, y: w.y })
            .collect();
        let fillable =
            distinct.len() >= 3 && distinct.iter().all(|c| c.x.is_finite() && c.y.is_finite());
        let triangles = if fillable {
            use geo::TriangulateEarcut;
            geo_types::Polygon::new(geo_types::LineString::from(distinct), vec![])
                .earcut_triangles()
                .into_iter()
                .map(|t| [t.v1(), t.v2(), t.v3()].map(|c| World { x: c.x, y: c.y }))
                .collect()
        } else {
            Vec::new()
        };
        WorldAoi {
            revision,
            ring,
            triangles,
        }
    }
}

/// What the cached mesh was drawn from.
#[derive(PartialEq)]
struct Key {
    clip: Rect,
    atlas: AtlasKey,
    /// (id, revision) of each visible AOI but the one being dragged, in order.
    aois: Vec<(AoiId, u64)>,
    selected: Option<AoiId>,
    handles: bool,
}

/// The AOI layer and what it keeps between frames.
#[derive(Default)]
pub struct AoiLayer {
    world: HashMap<AoiId, WorldAoi>,
    prerendered: Prerendered<Key>,
    /// The ids of the AOI list when `world` was last pruned.
    ids: Vec<AoiId>,
    /// (id, revision) of the visible AOIs whose `world` is up to date.
    projected: Vec<(AoiId, u64)>,
    names: AoiNames,
}

/// When an AOI has more edges than this on screen, only the midpoint handle nearest to the
/// pointer is shown (a thousand of them would hide the outline and cost a frame).
pub const MAX_MIDPOINT_HANDLES: usize = 200;

/// Whether the tool shows the selected AOI's handles.
pub fn shows_handles(tool: Tool) -> bool {
    tool == Tool::Edit
}

impl AoiLayer {
    /// The AOI's ring on the world plane, projected again only after it changed.
    pub fn ring(&mut self, entry: &AoiEntry) -> &[World] {
        &self.world_of(entry).ring
    }

    fn world_of(&mut self, entry: &AoiEntry) -> &WorldAoi {
        let stale = self
            .world
            .get(&entry.id)
            .is_none_or(|w| w.revision != entry.revision);
        if stale {
            self.world
                .insert(entry.id, WorldAoi::new(entry.revision, entry.aoi()));
        }
        &self.world[&entry.id]
    }

    /// Paints every visible AOI; `preview` replaces the AOI being dragged; `pointer` picks the
    /// midpoint handle shown on large AOIs. Returns where the AOI names went (the place names
    /// keep clear of them).
    pub fn paint(
        &mut self,
        painter: &Painter,
        view: &View,
        state: &AppState,
        preview: Option<&Preview>,
        pointer: Option<Pos2>,
    ) -> Vec<Rect> {
        let clip = painter.clip_rect();
        let ctx = painter.ctx();
        // AOIs gone from the list are forgotten (looked at only when the list changed: with
        // 5,000 AOIs a search per AOI would be 25 million comparisons a frame).
        let listed = self.ids.len() == state.aois.len()
            && self.ids.iter().zip(&state.aois).all(|(id, e)| *id == e.id);
        if !listed {
            self.ids = state.aois.iter().map(|e| e.id).collect();
            let ids: HashSet<AoiId> = self.ids.iter().copied().collect();
            self.world.retain(|id, _| ids.contains(id));
            self.names.keep_only(&ids);
        }
        let handles = shows_handles(state.tool);
        let dragged = preview.map(|p| p.id);
        let visible: Vec<&AoiEntry> = state
            .aois
            .iter()
            .filter(|e| e.visible && Some(e.id) != dragged)
            .collect();
        let aois: Vec<(AoiId, u64)> = visible.iter().map(|e| (e.id, e.revision)).collect();
        if aois != self.projected {
            for entry in &visible {
                self.world_of(entry);
            }
            self.projected = aois.clone();
        }
        let key = Key {
            clip,
            atlas: atlas_key(ctx),
            aois,
            selected: state.selected,
            handles,
        };
        let cached = &self.world;
        let shape = self.prerendered.get(key, *view, clip, |view, area| {
            let mut builder = MeshBuilder::new(ctx, area);
            for entry in &visible {
                if let Some(w) = cached.get(&entry.id) {
                    let selected = state.selected == Some(entry.id);
                    draw_aoi(
                        &mut builder,
                        view,
                        &w.ring,
                        &w.triangles,
                        &entry.report,
                        selected,
                        selected && handles,
                    );
                }
            }
            builder.finish()
        });
        painter.add(shape);
        // The AOI being dragged changes every frame: drawn afresh, not cached.
        if let Some(preview) = preview
            && state.entry(preview.id).is_some_and(|e| e.visible)
        {
            let mut builder = MeshBuilder::new(ctx, clip);
            draw_aoi(
                &mut builder,
                view,
                &preview.world.ring,
                &preview.world.triangles,
                &preview.report,
                true,
                handles,
            );
            painter.add(Shape::mesh(builder.finish()));
        }
        if handles && let Some(entry) = state.selected_entry().filter(|e| e.visible) {
            let ring = match preview.filter(|p| p.id == entry.id) {
                Some(p) => p.world.ring.clone(),
                None => self.ring(entry).to_vec(),
            };
            if let Some(pointer) = pointer
                && editable_on_screen(view, &ring)
            {
                // The handles of dense stretches, near the pointer only.
                let points: Vec<Pos2> = ring.iter().map(|&w| view.screen(w)).collect();
                for i in handles::near_pointer(&points, pointer) {
                    painter.extend(vertex_handle(points[i], outline_color(true)));
                }
            }
            if let Some(pointer) = pointer
                && editable_on_screen(view, &ring)
                && !all_midpoints_shown(view, &ring)
                && let Some((_, mid)) = nearest_midpoint(view, &ring, pointer)
                && mid.distance(pointer) <= 3.0 * theme::HIT_RADIUS
            {
                midpoint_handle(painter, mid);
            }
        }
        // Names: the selected AOI's first, then the others, each clear of those already written.
        self.names
            .paint(painter, view, state, preview.map(|p| (p.id, &p.aoi)))
    }
}

/// Tessellates one AOI: fill, outline, offending edges, handles, then the vertex and crossing
/// marks on top (no handle hides them).
fn draw_aoi(
    builder: &mut MeshBuilder,
    view: &View,
    ring: &[World],
    triangles: &[[World; 3]],
    report: &Report,
    selected: bool,
    handles: bool,
) {
    let errors: Vec<&Issue> = report
        .issues
        .iter()
        .filter(|i| i.severity == Severity::Error)
        .collect();
    // A ring that crosses itself has no inside that means anything (and earcut would fill a
    // wrong part of it): outline and marks only.
    let crosses = errors.iter().any(|i| i.rule == Rule::SelfIntersection);
    let color = outline_color(selected);
    let points: Vec<Pos2> = ring.iter().map(|&w| view.screen(w)).collect();
    let width = theme::STROKE_WIDTH + if selected { 1.0 } else { 0.0 };
    // A valid AOI a few pixels across is its outline's colour and nothing more: one quad, not
    // a fill and a feathered outline of ten times the vertices (5,000 such AOIs at the world's
    // zoom made every frame copy megabytes of mesh).
    if errors.is_empty() && !handles {
        let extent = Rect::from_points(&points);
        if extent.width().max(extent.height()) < theme::TINY_AOI_SIZE {
            builder.quad(extent.expand(width / 2.0), color);
            return;
        }
    }
    if !crosses {
        let fill = if errors.is_empty() {
            theme::AOI_FILL
        } else {
            theme::AOI_FILL_INVALID
        };
        for triangle in triangles {
            builder.triangle(triangle.map(|w| view.screen(w)), fill);
        }
    }
    builder.add(Shape::line(points.clone(), Stroke::new(width, color)));
    let handles = handles && editable_on_screen(view, ring);
    let edge = Stroke::new(theme::ERROR_STROKE_WIDTH, theme::ERROR);
    for issue in &errors {
        for &[a, b] in &issue.segments {
            for start in [a, b] {
                if let (Some(&p), Some(&q)) = (points.get(start), points.get(start + 1)) {
                    builder.add(Shape::line_segment([p, q], edge));
                }
            }
        }
    }
    if handles {
        if all_midpoints_shown(view, ring) {
            for pair in points.windows(2) {
                if pair[0].distance(pair[1]) > 4.0 * theme::HIT_RADIUS {
                    builder.add(midpoint_shape(pair[0].lerp(pair[1], 0.5)));
                }
            }
        }
        // Handles only where they can be told apart (near the pointer: see `paint`).
        for i in handles::apart(&points) {
            for disc in vertex_handle(points[i], color) {
                builder.add(disc);
            }
        }
    }
    for issue in &errors {
        for &v in &issue.vertices {
            if let Some(&p) = points.get(v) {
                builder.add(Shape::circle_stroke(
                    p,
                    theme::HANDLE_RADIUS + 3.0,
                    Stroke::new(2.5, theme::ERROR),
                ));
            }
        }
        if let Some(at) = issue.at
            && !issue.segments.is_empty()
        {
            let p = view.screen(world(at));
            builder.add(Shape::circle_filled(
                p,
                theme::CROSSING_RADIUS + 2.0,
                Color32::WHITE,
            ));
            builder.add(Shape::circle_filled(
                p,
                theme::CROSSING_RADIUS,
                theme::ERROR,
            ));
        }
    }
}

/// A vertex handle: two filled discs (a quad each) rather than a stroked circle (a feathered
/// path); egui's pre-rasterized discs go up to 8 pixels, so the outer one stays under.
fn vertex_handle(at: Pos2, color: Color32) -> [Shape; 2] {
    [
        Shape::circle_filled(at, theme::HANDLE_RADIUS + 0.5, color),
        Shape::circle_filled(at, theme::HANDLE_RADIUS - 1.5, Color32::WHITE),
    ]
}

fn midpoint_shape(at: Pos2) -> Shape {
    Shape::Vec(vec![
        Shape::circle_filled(at, theme::MIDPOINT_RADIUS + 0.75, theme::AOI_SELECTED),
        Shape::circle_filled(at, theme::MIDPOINT_RADIUS - 0.75, theme::MIDPOINT_FILL),
    ])
}

fn midpoint_handle(painter: &Painter, at: Pos2) {
    painter.add(midpoint_shape(at));
}

/// Whether an AOI is big enough on screen to edit: a smaller one gets no handles (all of them
/// would sit on one spot, and a drag would grab an arbitrary vertex); zoom in to edit it.
pub fn editable_on_screen(view: &View, ring: &[World]) -> bool {
    let (mut low, mut high) = ([f64::INFINITY; 2], [f64::NEG_INFINITY; 2]);
    for w in ring {
        low = [low[0].min(w.x), low[1].min(w.y)];
        high = [high[0].max(w.x), high[1].max(w.y)];
    }
    let extent = ((high[0] - low[0]).max(high[1] - low[1]) * view.scale) as f32;
    extent >= 3.0 * theme::HIT_RADIUS
}

/// Whether every midpoint handle is drawn (few edges on screen), or only the one near the
/// pointer.
pub fn all_midpoints_shown(view: &View, ring: &[World]) -> bool {
    ring.len() <= MAX_MIDPOINT_HANDLES + 1 || {
        let scale = view.scale;
        let long_edges = ring
            .windows(2)
            .filter(|p| {
                let (dx, dy) = (p[1].x - p[0].x, p[1].y - p[0].y);
                ((dx * dx + dy * dy).sqrt() * scale) as f32 > 4.0 * theme::HIT_RADIUS
            })
            .take(MAX_MIDPOINT_HANDLES + 1)
            .count();
        long_edges <= MAX_MIDPOINT_HANDLES
    }
}

/// The midpoint handle nearest to a screen point: (edge start, where it is).
pub fn nearest_midpoint(view: &View, ring: &[World], to: Pos2) -> Option<(usize, Pos2)> {
    ring.windows(2)
        .enumerate()
        .filter_map(|(after, pair)| {
            let (a, b) = (view.screen(pair[0]), view.screen(pair[1]));
            (a.distance(b) > 4.0 * theme::HIT_RADIUS).then(|| (after, a.lerp(b, 0.5)))
        })
        .min_by(|x, y| x.1.distance(to).total_cmp(&y.1.distance(to)))
}
