//! The map: a walkers slippy map over the offline basemap, the AOIs filled and outlined, their
//! issues marked, and the editing tools. Returns `Command`s; keeps only transient interaction
//! state (a drag, a polygon being drawn).

use egui::{Align2, Color32, FontId, Key, Mesh, Painter, Pos2, Rect, Shape, Stroke, Ui, Vec2};
use walkers::sources::{Attribution, OpenStreetMap, TileSource};
use walkers::{
    HttpOptions, HttpTiles, Map, MapMemory, MercatorProjection, Projector, TileId, lon_lat,
};

use super::basemap::{basemap, to_screen};
use super::theme;
use crate::aoi::edit::Edit;
use crate::aoi::rules::{Severity, ValidationContext, validate};
use crate::aoi::{Aoi, LonLat};
use crate::app::command::Command;
use crate::app::state::{AoiId, AppState, Tool, triangulate};

/// The background layers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
pub enum BaseLayer {
    /// Drawn by the app from Natural Earth: always available.
    #[default]
    Offline,
    /// OpenStreetMap tiles (network).
    OpenStreetMap,
    /// Esri World Imagery tiles (network).
    Satellite,
}

impl BaseLayer {
    /// Every layer, in menu order.
    pub const ALL: [BaseLayer; 3] = [
        BaseLayer::Offline,
        BaseLayer::OpenStreetMap,
        BaseLayer::Satellite,
    ];

    /// Its name.
    pub fn label(self) -> &'static str {
        match self {
            BaseLayer::Offline => "Offline basemap",
            BaseLayer::OpenStreetMap => "OpenStreetMap",
            BaseLayer::Satellite => "Satellite (Esri)",
        }
    }
}

/// Esri World Imagery.
struct EsriWorldImagery;

impl TileSource for EsriWorldImagery {
    fn tile_url(&self, tile_id: TileId) -> String {
        format!(
            "https://server.arcgisonline.com/ArcGIS/rest/services/World_Imagery/MapServer/tile/{}/{}/{}",
            tile_id.zoom, tile_id.y, tile_id.x
        )
    }

    fn attribution(&self) -> Attribution {
        Attribution {
            text: "Esri, Maxar, Earthstar Geographics",
            url: "https://www.esri.com",
            logo_light: None,
            logo_dark: None,
        }
    }
}

/// Tiles that count what they serve, so the map can tell a person when none load (offline,
/// blocked) and retry: walkers does not ask again for a tile that failed once.
struct WatchedTiles {
    layer: BaseLayer,
    inner: HttpTiles,
    created: std::time::Instant,
    asked: u64,
    served: u64,
    ever_served: bool,
}

impl walkers::Tiles for WatchedTiles {
    fn at(&mut self, tile_id: TileId) -> Option<walkers::TilePiece> {
        self.asked += 1;
        let piece = self.inner.at(tile_id);
        if piece.is_some() {
            self.served += 1;
            self.ever_served = true;
        }
        piece
    }

    fn attribution(&self) -> Attribution {
        self.inner.attribution()
    }

    fn tile_size(&self) -> u32 {
        self.inner.tile_size()
    }

    fn stats(&self) -> walkers::Stats {
        self.inner.stats()
    }
}

impl WatchedTiles {
    fn new(layer: BaseLayer, ctx: &egui::Context) -> Self {
        let options = HttpOptions {
            cache: crate::store::paths::tile_cache_dir(),
            user_agent: walkers::HeaderValue::from_str(concat!(
                "sattask/",
                env!("CARGO_PKG_VERSION")
            ))
            .ok(),
            ..HttpOptions::default()
        };
        let inner = match layer {
            BaseLayer::Satellite => HttpTiles::with_options(EsriWorldImagery, options, ctx.clone()),
            _ => HttpTiles::with_options(OpenStreetMap, options, ctx.clone()),
        };
        WatchedTiles {
            layer,
            inner,
            created: std::time::Instant::now(),
            asked: 0,
            served: 0,
            ever_served: false,
        }
    }

    /// True when tiles were asked for, none is loading and none came: the network or the
    /// server is out of reach.
    fn failing(&self) -> bool {
        self.asked > 0
            && self.served == 0
            && walkers::Tiles::stats(&self.inner).in_progress == 0
            && self.created.elapsed() > std::time::Duration::from_secs(2)
    }
}

/// How often tiles that failed are asked for again.
const TILE_RETRY: std::time::Duration = std::time::Duration::from_secs(30);

/// A drag in progress.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Drag {
    Vertex { id: AoiId, index: usize, to: LonLat },
    Midpoint { id: AoiId, after: usize, to: LonLat },
    Move { id: AoiId, from: LonLat, to: LonLat },
    Rectangle { from: LonLat, to: LonLat },
    Circle { center: LonLat, edge: LonLat },
}

/// The map view and its transient interaction state.
pub struct MapView {
    /// Zoom and centre (persisted by the app).
    pub memory: MapMemory,
    /// The background.
    pub layer: BaseLayer,
    tiles: Option<WatchedTiles>,
    drag: Option<Drag>,
    drawing: Vec<LonLat>,
    pointer: Option<LonLat>,
    rect: Rect,
    menu_vertex: Option<(AoiId, usize)>,
}

/// Where the map starts: Europe.
pub fn default_center() -> walkers::Position {
    lon_lat(2.0, 46.0)
}

impl Default for MapView {
    fn default() -> Self {
        let mut memory = MapMemory::default();
        let _ = memory.set_zoom(4.0);
        MapView {
            memory,
            layer: BaseLayer::Offline,
            tiles: None,
            drag: None,
            drawing: Vec::new(),
            pointer: None,
            rect: Rect::NOTHING,
            menu_vertex: None,
        }
    }
}

fn mercator(c: LonLat) -> (f64, f64) {
    let lat = c.y.clamp(-85.0, 85.0).to_radians();
    (
        (c.x + 180.0) / 360.0,
        (1.0 - (lat.tan() + 1.0 / lat.cos()).ln() / std::f64::consts::PI) / 2.0,
    )
}

fn distance(a: Pos2, b: Pos2) -> f32 {
    a.distance(b)
}

fn to_lon_lat(projector: &Projector, pos: Pos2) -> LonLat {
    let p = projector.unproject(pos.to_vec2());
    LonLat { x: p.x(), y: p.y() }
}

/// Whether a point is inside a ring (even-odd rule).
fn inside(ring: &[LonLat], p: LonLat) -> bool {
    let mut result = false;
    let n = ring.len();
    for i in 0..n {
        let (a, b) = (ring[i], ring[(i + n - 1) % n]);
        if (a.y > p.y) != (b.y > p.y) && p.x < (b.x - a.x) * (p.y - a.y) / (b.y - a.y) + a.x {
            result = !result;
        }
    }
    result
}

/// A circle of `vertices` points around `center` through `edge`, closed.
pub fn circle_ring(center: LonLat, edge: LonLat, vertices: usize) -> Vec<LonLat> {
    let cos_lat = center.y.to_radians().cos().max(1e-6);
    let dx = (edge.x - center.x) * cos_lat;
    let dy = edge.y - center.y;
    let radius = dx.hypot(dy);
    let mut ring: Vec<LonLat> = (0..vertices.max(3))
        .map(|i| {
            let t = i as f64 / vertices.max(3) as f64 * std::f64::consts::TAU;
            LonLat {
                x: center.x + radius * t.cos() / cos_lat,
                y: center.y + radius * t.sin(),
            }
        })
        .collect();
    ring.push(ring[0]);
    ring
}

/// A rectangle between two corners, counter-clockwise, closed.
pub fn rectangle_ring(a: LonLat, b: LonLat) -> Vec<LonLat> {
    let (w, e) = (a.x.min(b.x), a.x.max(b.x));
    let (s, n) = (a.y.min(b.y), a.y.max(b.y));
    vec![
        LonLat { x: w, y: s },
        LonLat { x: e, y: s },
        LonLat { x: e, y: n },
        LonLat { x: w, y: n },
        LonLat { x: w, y: s },
    ]
}

impl MapView {
    /// Centres and zooms so that a lon/lat box fills most of `size` (walkers has no fit-to-bounds).
    pub fn fly_to(&mut self, south_west: LonLat, north_east: LonLat, size: Vec2) {
        let (x1, y1) = mercator(LonLat {
            x: south_west.x,
            y: north_east.y,
        });
        let (x2, y2) = mercator(LonLat {
            x: north_east.x,
            y: south_west.y,
        });
        let (dx, dy) = ((x2 - x1).abs().max(1e-9), (y2 - y1).abs().max(1e-9));
        let fit =
            |pixels: f32, span: f64| (f64::from(pixels.max(50.0)) * 0.7 / (span * 256.0)).log2();
        let zoom = fit(size.x, dx).min(fit(size.y, dy)).clamp(2.0, 18.0);
        let _ = self.memory.set_zoom(zoom);
        self.memory.center_at(lon_lat(
            (south_west.x + north_east.x) / 2.0,
            (south_west.y + north_east.y) / 2.0,
        ));
    }

    /// Where a lon/lat is on the screen, as of the last frame.
    pub fn screen_pos(&self, c: LonLat) -> Pos2 {
        to_screen(
            &Projector::new(
                self.rect,
                &MercatorProjection,
                &self.memory,
                default_center(),
            ),
            c,
        )
    }

    /// The pointer's position on the map, if over it.
    pub fn pointer(&self) -> Option<LonLat> {
        self.pointer
    }

    /// Whether something is being drawn or dragged (the app keeps repainting only then).
    pub fn is_busy(&self) -> bool {
        self.drag.is_some() || !self.drawing.is_empty()
    }

    /// Shows the map; returns what the person asked for.
    pub fn ui(&mut self, ui: &mut Ui, state: &AppState) -> Vec<Command> {
        let mut commands = Vec::new();
        let rect = ui.available_rect_before_wrap();
        self.rect = rect;
        let own = Projector::new(rect, &MercatorProjection, &self.memory, default_center());
        basemap().paint(&ui.painter().with_clip_rect(rect), &own);

        let (pressed, released, pointer) = ui.input(|i| {
            (
                i.pointer.primary_pressed(),
                i.pointer.primary_released(),
                i.pointer.interact_pos(),
            )
        });
        if pressed
            && let Some(pos) = pointer
            && rect.contains(pos)
        {
            self.drag = self.start_drag(pos, &own, state);
        }
        let panning = self.drag.is_none();

        let stale = self
            .tiles
            .as_ref()
            .is_some_and(|t| t.failing() && t.created.elapsed() > TILE_RETRY);
        if self.layer != BaseLayer::Offline
            && (stale || self.tiles.as_ref().map(|t| t.layer) != Some(self.layer))
        {
            // A new tile source forgets the failures, so the tiles are asked for again.
            self.tiles = Some(WatchedTiles::new(self.layer, ui.ctx()));
        }
        let failing = self.layer != BaseLayer::Offline
            && self
                .tiles
                .as_ref()
                .is_some_and(|t| t.failing() && !t.ever_served);
        if failing {
            ui.ctx().request_repaint_after(TILE_RETRY);
        }
        if let Some(tiles) = &mut self.tiles {
            tiles.asked = 0;
            tiles.served = 0;
        }
        let tiles: Option<&mut dyn walkers::Tiles> = match &mut self.tiles {
            Some(tiles) if self.layer != BaseLayer::Offline => Some(tiles),
            _ => None,
        };
        let attribution = (self.layer != BaseLayer::Offline).then(|| match self.layer {
            BaseLayer::Satellite => EsriWorldImagery.attribution(),
            _ => OpenStreetMap.attribution(),
        });

        let drag = &mut self.drag;
        let drawing = &mut self.drawing;
        let menu_vertex = &mut self.menu_vertex;
        let mut hover = None;
        let response = Map::new(tiles, &mut self.memory, default_center())
            // Dragging a handle or drawing a shape must not pan the map.
            .drag_pan_buttons(if panning { egui::DragPanButtons::PRIMARY } else { egui::DragPanButtons::empty() })
            .double_click_to_zoom(false)
            .show(ui, |ui, response, projector, _memory| {
                let painter = ui.painter().with_clip_rect(response.rect);
                hover = response.hover_pos().map(|p| to_lon_lat(projector, p));
                if let (Some(d), Some(pos)) = (drag.as_mut(), pointer) {
                    update_drag(d, to_lon_lat(projector, pos));
                }
                paint_footprints(&painter, projector, state);
                paint_aois(&painter, projector, state, *drag);
                if let Some((id, preview)) = &state.simplify_preview
                    && let Some(entry) = state.entry(*id)
                    && entry.visible
                {
                    paint_ring(&painter, projector, &preview.ring, Stroke::new(2.0, theme::PREVIEW));
                }
                paint_drawing(&painter, projector, drawing, hover, state.tool);
                paint_shape_drag(&painter, projector, *drag, state.circle_vertices);
                if let Some(attribution) = &attribution {
                    overlay(&painter, response.rect.right_bottom() + Vec2::new(-6.0, -6.0), Align2::RIGHT_BOTTOM,
                        &format!("© {}", attribution.text));
                }
                if failing {
                    overlay(&painter, response.rect.center_top() + Vec2::new(0.0, 8.0), Align2::CENTER_TOP,
                        "Map tiles cannot be loaded (offline?): showing the built-in basemap; retrying every 30 s");
                }
                paint_scale_bar(&painter, projector, response.rect);
                if let Some(c) = hover {
                    overlay(&painter, response.rect.right_top() + Vec2::new(-6.0, 6.0), Align2::RIGHT_TOP, &format!("lon {:.5}  lat {:.5}", c.x, c.y));
                }
                handle_clicks(response, projector, state, drawing, menu_vertex, &mut commands);
            })
            .response;
        self.pointer = hover;
        if let Some((id, index)) = self.menu_vertex {
            response.context_menu(|ui| {
                if ui.button(format!("Delete vertex {index}")).clicked() {
                    commands.push(Command::Edit(id, Edit::DeleteVertex { index }));
                    self.menu_vertex = None;
                    ui.close();
                }
            });
        }
        if released && let Some(finished) = self.drag.take() {
            commands.extend(finish_drag(finished, state));
        }
        if response.hovered() || response.has_focus() {
            commands.extend(self.keys(ui, state));
        }
        commands
    }

    /// What a press grabs: a handle of the selected AOI, the AOI itself, or a new shape.
    fn start_drag(&self, pos: Pos2, projector: &Projector, state: &AppState) -> Option<Drag> {
        let at = to_lon_lat(projector, pos);
        match state.tool {
            Tool::Rectangle => return Some(Drag::Rectangle { from: at, to: at }),
            Tool::Circle => {
                return Some(Drag::Circle {
                    center: at,
                    edge: at,
                });
            }
            Tool::Polygon => return None,
            Tool::Edit | Tool::Move => {}
        }
        let entry = state.selected_entry().filter(|e| e.visible)?;
        let ring = &entry.aoi().ring;
        if state.tool == Tool::Move {
            return inside(ring, at).then_some(Drag::Move {
                id: entry.id,
                from: at,
                to: at,
            });
        }
        let nearest = ring
            .iter()
            .enumerate()
            .map(|(i, &c)| (i, distance(to_screen(projector, c), pos)))
            .min_by(|a, b| a.1.total_cmp(&b.1))?;
        if nearest.1 <= theme::HIT_RADIUS {
            return Some(Drag::Vertex {
                id: entry.id,
                index: nearest.0,
                to: at,
            });
        }
        for after in 0..ring.len().saturating_sub(1) {
            let (a, b) = (
                to_screen(projector, ring[after]),
                to_screen(projector, ring[after + 1]),
            );
            if a.distance(b) > 4.0 * theme::HIT_RADIUS
                && a.lerp(b, 0.5).distance(pos) <= theme::HIT_RADIUS
            {
                return Some(Drag::Midpoint {
                    id: entry.id,
                    after,
                    to: at,
                });
            }
        }
        None
    }

    fn keys(&mut self, ui: &Ui, state: &AppState) -> Vec<Command> {
        let mut commands = Vec::new();
        let (enter, escape, backspace, delete) = ui.input(|i| {
            (
                i.key_pressed(Key::Enter),
                i.key_pressed(Key::Escape),
                i.key_pressed(Key::Backspace),
                i.key_pressed(Key::Delete),
            )
        });
        if state.tool == Tool::Polygon {
            if enter && let Some(aoi) = finish_polygon(&mut self.drawing, state) {
                commands.push(Command::AddAoi(aoi));
            }
            if escape {
                self.drawing.clear();
            }
            if backspace {
                self.drawing.pop();
            }
        }
        if delete
            && state.tool == Tool::Edit
            && let (Some(entry), Some(pointer)) = (state.selected_entry(), self.pointer)
        {
            let own = Projector::new(
                ui.max_rect(),
                &MercatorProjection,
                &self.memory,
                default_center(),
            );
            let at = to_screen(&own, pointer);
            if let Some(index) = entry
                .aoi()
                .ring
                .iter()
                .position(|&c| to_screen(&own, c).distance(at) <= theme::HIT_RADIUS)
            {
                commands.push(Command::Edit(entry.id, Edit::DeleteVertex { index }));
            }
        }
        commands
    }
}

fn update_drag(drag: &mut Drag, at: LonLat) {
    match drag {
        Drag::Vertex { to, .. }
        | Drag::Midpoint { to, .. }
        | Drag::Move { to, .. }
        | Drag::Rectangle { to, .. } => *to = at,
        Drag::Circle { edge, .. } => *edge = at,
    }
}

/// The edit a drag makes to an AOI, to preview it or to apply it.
fn drag_edit(drag: Drag) -> Option<(AoiId, Edit)> {
    match drag {
        Drag::Vertex { id, index, to } => Some((id, Edit::MoveVertex { index, to })),
        Drag::Midpoint { id, after, to } => Some((
            id,
            Edit::InsertVertex {
                index: after + 1,
                at: to,
            },
        )),
        Drag::Move { id, from, to } => Some((
            id,
            Edit::Translate {
                d_lon: to.x - from.x,
                d_lat: to.y - from.y,
            },
        )),
        Drag::Rectangle { .. } | Drag::Circle { .. } => None,
    }
}

fn finish_drag(drag: Drag, state: &AppState) -> Vec<Command> {
    let tiny = |a: LonLat, b: LonLat| (a.x - b.x).abs() < 1e-7 && (a.y - b.y).abs() < 1e-7;
    match drag {
        Drag::Rectangle { from, to } if !tiny(from, to) => {
            vec![Command::AddAoi(Aoi::new(
                next_name(state),
                rectangle_ring(from, to),
            ))]
        }
        Drag::Circle { center, edge } if !tiny(center, edge) => {
            vec![Command::AddAoi(Aoi::new(
                next_name(state),
                circle_ring(center, edge, state.circle_vertices),
            ))]
        }
        Drag::Move { from, to, .. } if tiny(from, to) => Vec::new(),
        _ => drag_edit(drag)
            .map(|(id, edit)| vec![Command::Edit(id, edit)])
            .unwrap_or_default(),
    }
}

fn next_name(state: &AppState) -> String {
    format!("AOI {}", state.aois.len() + 1)
}

fn finish_polygon(drawing: &mut Vec<LonLat>, state: &AppState) -> Option<Aoi> {
    drawing.dedup();
    if drawing.len() < 3 {
        return None;
    }
    let mut ring = std::mem::take(drawing);
    ring.push(ring[0]);
    Some(Aoi::new(next_name(state), ring))
}

fn handle_clicks(
    response: &egui::Response,
    projector: &Projector,
    state: &AppState,
    drawing: &mut Vec<LonLat>,
    menu_vertex: &mut Option<(AoiId, usize)>,
    commands: &mut Vec<Command>,
) {
    let Some(pos) = response.interact_pointer_pos().or(response.hover_pos()) else {
        return;
    };
    let at = to_lon_lat(projector, pos);
    if response.double_clicked() && state.tool == Tool::Polygon {
        if let Some(aoi) = finish_polygon(drawing, state) {
            commands.push(Command::AddAoi(aoi));
        }
        return;
    }
    if response.clicked() {
        match state.tool {
            Tool::Polygon => drawing.push(at),
            Tool::Edit | Tool::Move => {
                let hit = state
                    .aois
                    .iter()
                    .rev()
                    .find(|e| e.visible && inside(&e.aoi().ring, at))
                    .map(|e| e.id);
                if hit != state.selected {
                    commands.push(Command::Select(hit));
                }
            }
            Tool::Rectangle | Tool::Circle => {}
        }
    }
    // Right-click on a vertex of the selected AOI: remember it for the context menu.
    if response.secondary_clicked() {
        *menu_vertex = state.selected_entry().and_then(|entry| {
            entry
                .aoi()
                .ring
                .iter()
                .position(|&c| to_screen(projector, c).distance(pos) <= theme::HIT_RADIUS)
                .map(|index| (entry.id, index))
        });
    }
}

fn paint_ring(painter: &Painter, projector: &Projector, ring: &[LonLat], stroke: Stroke) {
    let points: Vec<Pos2> = ring.iter().map(|&c| to_screen(projector, c)).collect();
    painter.add(Shape::line(points, stroke));
}

fn paint_fill(painter: &Painter, projector: &Projector, triangles: &[[LonLat; 3]], color: Color32) {
    let mut mesh = Mesh::default();
    for triangle in triangles {
        let base = mesh.vertices.len() as u32;
        for &c in triangle {
            mesh.colored_vertex(to_screen(projector, c), color);
        }
        mesh.add_triangle(base, base + 1, base + 2);
    }
    painter.add(Shape::mesh(mesh));
}

fn paint_aois(painter: &Painter, projector: &Projector, state: &AppState, drag: Option<Drag>) {
    let preview = drag.and_then(drag_edit);
    for entry in state.aois.iter().filter(|e| e.visible) {
        let selected = state.selected == Some(entry.id);
        // While a handle is dragged, the AOI is drawn (and validated) as it would become.
        let previewed = preview
            .as_ref()
            .filter(|(id, _)| *id == entry.id)
            .and_then(|(_, edit)| {
                let mut editable = crate::aoi::edit::EditableAoi::new(entry.aoi().clone());
                editable.apply(edit.clone()).ok()?;
                Some(editable.aoi().clone())
            });
        let (aoi, triangles, report) = match &previewed {
            Some(aoi) => (
                aoi,
                triangulate(&aoi.ring),
                validate(aoi, &ValidationContext::default()),
            ),
            None => (entry.aoi(), entry.triangles.clone(), entry.report.clone()),
        };
        let fill = if report.is_valid() {
            theme::AOI_FILL
        } else {
            theme::AOI_FILL_INVALID
        };
        paint_fill(painter, projector, &triangles, fill);
        let color = if selected {
            theme::AOI_SELECTED
        } else {
            theme::AOI_STROKE
        };
        paint_ring(
            painter,
            projector,
            &aoi.ring,
            Stroke::new(
                theme::STROKE_WIDTH + if selected { 1.0 } else { 0.0 },
                color,
            ),
        );
        for issue in &report.issues {
            let color = if issue.severity == Severity::Error {
                theme::ERROR
            } else {
                continue;
            };
            for &[a, b] in &issue.segments {
                for edge in [a, b] {
                    if let (Some(&p), Some(&q)) = (aoi.ring.get(edge), aoi.ring.get(edge + 1)) {
                        painter.line_segment(
                            [to_screen(projector, p), to_screen(projector, q)],
                            Stroke::new(theme::ERROR_STROKE_WIDTH, color),
                        );
                    }
                }
            }
            for &v in &issue.vertices {
                if let Some(&c) = aoi.ring.get(v) {
                    painter.circle_stroke(
                        to_screen(projector, c),
                        theme::HANDLE_RADIUS + 3.0,
                        Stroke::new(2.0, color),
                    );
                }
            }
            if let Some(at) = issue.at
                && !issue.segments.is_empty()
            {
                let p = to_screen(projector, at);
                painter.circle_filled(p, 6.0, color);
                painter.circle_stroke(p, 6.0, Stroke::new(1.5, Color32::WHITE));
            }
        }
        if selected && matches!(state.tool, Tool::Edit) {
            for pair in aoi.ring.windows(2) {
                let (a, b) = (to_screen(projector, pair[0]), to_screen(projector, pair[1]));
                if a.distance(b) > 4.0 * theme::HIT_RADIUS {
                    let mid = a.lerp(b, 0.5);
                    painter.circle(
                        mid,
                        theme::MIDPOINT_RADIUS,
                        Color32::from_white_alpha(200),
                        Stroke::new(1.5, color),
                    );
                }
            }
            // Handles only where they can be grabbed one by one: a vertex closer than a handle
            // to the last one drawn gets none (zoom in to edit it); the outline still shows it.
            let mut last_drawn: Option<Pos2> = None;
            let clip = painter.clip_rect();
            for &c in &aoi.ring {
                let p = to_screen(projector, c);
                if !clip.contains(p)
                    || last_drawn.is_some_and(|q| q.distance(p) < 2.0 * theme::HANDLE_RADIUS)
                {
                    continue;
                }
                painter.circle(
                    p,
                    theme::HANDLE_RADIUS,
                    Color32::WHITE,
                    Stroke::new(2.0, color),
                );
                last_drawn = Some(p);
            }
        }
        if let Some(first) = aoi.ring.first() {
            let p = to_screen(projector, *first);
            if painter.clip_rect().contains(p) {
                painter.text(
                    p + Vec2::new(8.0, -8.0),
                    Align2::LEFT_BOTTOM,
                    &aoi.name,
                    FontId::proportional(13.0),
                    color,
                );
            }
        }
    }
}

/// Footprints: the many unselected ones as one mesh of thin quads (a thousand anti-aliased
/// outlines would cost the tessellator about a millisecond a frame), the selected one as a
/// stroked outline with its label on top.
fn paint_footprints(painter: &Painter, projector: &Projector, state: &AppState) {
    let clip = painter.clip_rect();
    let mut mesh = Mesh::default();
    let mut selected = Vec::new();
    for footprint in &state.footprints {
        let points: Vec<Pos2> = footprint
            .ring
            .iter()
            .map(|&c| to_screen(projector, c))
            .collect();
        let bounds = Rect::from_points(&points);
        if !bounds.intersects(clip) {
            continue;
        }
        if footprint.selected {
            selected.push((points, bounds, &footprint.label));
            continue;
        }
        for edge in points.windows(2) {
            let (a, b) = (edge[0], edge[1]);
            let along = b - a;
            let length = along.length();
            if length < 0.5 {
                continue;
            }
            let across = Vec2::new(-along.y, along.x) / length * 0.6;
            let base = mesh.vertices.len() as u32;
            for p in [a - across, a + across, b + across, b - across] {
                mesh.colored_vertex(p, theme::FOOTPRINT);
            }
            mesh.add_triangle(base, base + 1, base + 2);
            mesh.add_triangle(base, base + 2, base + 3);
        }
    }
    painter.add(Shape::mesh(mesh));
    for (points, bounds, label) in selected {
        painter.add(Shape::closed_line(
            points,
            Stroke::new(2.5, theme::FOOTPRINT_SELECTED),
        ));
        painter.text(
            bounds.center_top(),
            Align2::CENTER_BOTTOM,
            label,
            FontId::proportional(12.0),
            theme::FOOTPRINT_SELECTED,
        );
    }
}

fn paint_drawing(
    painter: &Painter,
    projector: &Projector,
    drawing: &[LonLat],
    hover: Option<LonLat>,
    tool: Tool,
) {
    if tool != Tool::Polygon || drawing.is_empty() {
        return;
    }
    let mut points: Vec<Pos2> = drawing.iter().map(|&c| to_screen(projector, c)).collect();
    if let Some(h) = hover {
        points.push(to_screen(projector, h));
    }
    painter.add(Shape::line(
        points.clone(),
        Stroke::new(2.0, theme::AOI_SELECTED),
    ));
    for p in points.iter().take(drawing.len()) {
        painter.circle(
            *p,
            theme::HANDLE_RADIUS,
            Color32::WHITE,
            Stroke::new(2.0, theme::AOI_SELECTED),
        );
    }
    if let Some(first) = points.first() {
        overlay(
            painter,
            *first + Vec2::new(10.0, 10.0),
            Align2::LEFT_TOP,
            "double-click or Enter to finish, Backspace removes the last vertex, Esc cancels",
        );
    }
}

fn paint_shape_drag(
    painter: &Painter,
    projector: &Projector,
    drag: Option<Drag>,
    circle_vertices: usize,
) {
    let ring = match drag {
        Some(Drag::Rectangle { from, to }) => rectangle_ring(from, to),
        Some(Drag::Circle { center, edge }) => circle_ring(center, edge, circle_vertices),
        _ => return,
    };
    paint_ring(
        painter,
        projector,
        &ring,
        Stroke::new(2.0, theme::AOI_SELECTED),
    );
}

/// A small text box over the map.
pub fn overlay(painter: &Painter, at: Pos2, align: Align2, text: &str) {
    let galley = painter.layout_no_wrap(
        text.to_owned(),
        FontId::proportional(12.0),
        theme::OVERLAY_TEXT,
    );
    let rect = align.anchor_size(at, galley.size()).expand(3.0);
    painter.rect_filled(rect, 3.0, theme::OVERLAY_BG);
    painter.galley(rect.min + Vec2::splat(3.0), galley, theme::OVERLAY_TEXT);
}

fn paint_scale_bar(painter: &Painter, projector: &Projector, rect: Rect) {
    let anchor = rect.left_bottom() + Vec2::new(12.0, -14.0);
    let here = projector.unproject(anchor.to_vec2());
    let pixels_per_meter = projector.scale_pixel_per_meter(here);
    if !(pixels_per_meter.is_finite() && pixels_per_meter > 0.0) {
        return;
    }
    let target_m = 120.0 / pixels_per_meter;
    let magnitude = 10f32.powf(target_m.log10().floor());
    let nice = [1.0, 2.0, 5.0]
        .iter()
        .map(|f| f * magnitude)
        .rfind(|m| *m <= target_m)
        .unwrap_or(magnitude);
    let width = nice * pixels_per_meter;
    let label = if nice >= 1000.0 {
        format!("{} km", nice / 1000.0)
    } else {
        format!("{nice} m")
    };
    let bar = Rect::from_min_size(anchor - Vec2::new(0.0, 4.0), Vec2::new(width, 4.0));
    painter.rect_filled(
        bar.expand(4.0).union(Rect::from_min_size(
            anchor - Vec2::new(0.0, 22.0),
            Vec2::new(width, 18.0),
        )),
        3.0,
        theme::OVERLAY_BG,
    );
    painter.rect_filled(bar, 0.0, theme::OVERLAY_TEXT);
    painter.text(
        anchor - Vec2::new(0.0, 8.0),
        Align2::LEFT_BOTTOM,
        label,
        FontId::proportional(12.0),
        theme::OVERLAY_TEXT,
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shapes_are_closed_and_sized() {
        let c = LonLat { x: 1.0, y: 45.0 };
        let ring = circle_ring(c, LonLat { x: 1.1, y: 45.0 }, 32);
        assert_eq!(ring.len(), 33);
        assert_eq!(ring.first(), ring.last());
        let rect = rectangle_ring(LonLat { x: 1.0, y: 2.0 }, LonLat { x: 0.0, y: 1.0 });
        assert_eq!(rect[0], LonLat { x: 0.0, y: 1.0 });
        assert!(inside(&rect, LonLat { x: 0.5, y: 1.5 }));
        assert!(!inside(&rect, LonLat { x: 1.5, y: 1.5 }));
    }
}
