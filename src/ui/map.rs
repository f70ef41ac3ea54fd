//! The map view: a walkers slippy map over the offline basemap, with the footprints, the AOIs
//! and the tools' feedback drawn on it, and the pointer turned into `Command`s. Keeps only
//! transient interaction state (a drag, a polygon being drawn) and what it caches for drawing.

use egui::{Align2, Key, Pos2, Rect, Shape, Stroke, Ui, Vec2};
use walkers::{Map, MapMemory, MercatorProjection, Projector, lon_lat};

use super::aoi_layer::{AoiLayer, Preview, editable_on_screen};
use super::basemap::{self, Detail};
use super::editing::{
    Drag, finish_drag, finish_polygon, inside, preview, shape_ring, start_drag, update_drag,
    vertex_at,
};
use super::footprints::FootprintLayer;
use super::overlay_layer::OverlayLayer;
use super::overlays::{attribution_ui, overlay, scale_bar};
use super::places;
use super::prerender::{AtlasKey, Prerendered, atlas_key};
use super::projection::{View, world, world_all};
use super::theme;
pub use super::tiles::BaseLayer;
use super::tiles::{TILE_RETRY, WatchedTiles};
use crate::aoi::LonLat;
use crate::aoi::edit::Edit;
use crate::state::command::{Command, TaskingCommand};
use crate::state::{AoiId, AppState, Tool};

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
    view: Option<View>,
    menu_vertex: Option<(AoiId, usize)>,
    basemap: Prerendered<(Rect, AtlasKey, Detail)>,
    aois: AoiLayer,
    footprints: FootprintLayer,
    overlays: OverlayLayer,
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
            view: None,
            menu_vertex: None,
            basemap: Prerendered::default(),
            aois: AoiLayer::default(),
            footprints: FootprintLayer::default(),
            overlays: OverlayLayer::default(),
        }
    }
}

impl MapView {
    /// Centres and zooms so that a lon/lat box fills most of `size` (walkers has no
    /// fit-to-bounds).
    pub fn fly_to(&mut self, south_west: LonLat, north_east: LonLat, size: Vec2) {
        let (a, b) = (world(south_west), world(north_east));
        let (dx, dy) = ((b.x - a.x).abs().max(1e-9), (b.y - a.y).abs().max(1e-9));
        let fit =
            |pixels: f32, span: f64| (f64::from(pixels.max(50.0)) * 0.7 / (span * 256.0)).log2();
        let zoom = fit(size.x, dx).min(fit(size.y, dy)).clamp(2.0, 18.0);
        let _ = self.memory.set_zoom(zoom);
        self.memory.center_at(lon_lat(
            (south_west.x + north_east.x) / 2.0,
            (south_west.y + north_east.y) / 2.0,
        ));
    }

    /// Where a lon/lat was on the screen in the last frame drawn.
    pub fn screen_pos(&self, c: LonLat) -> Pos2 {
        self.view.map_or(Pos2::ZERO, |view| view.screen_of(c))
    }

    /// The pointer's position on the map, if over it.
    pub fn pointer(&self) -> Option<LonLat> {
        self.pointer
    }

    /// Whether something is being drawn or dragged (the app keeps repainting only then).
    pub fn is_busy(&self) -> bool {
        self.drag.is_some() || !self.drawing.is_empty()
    }

    /// The view walkers would draw now, before it handles this frame's input.
    fn current_view(&self, rect: Rect) -> View {
        View::new(&Projector::new(
            rect,
            &MercatorProjection,
            &self.memory,
            default_center(),
        ))
    }

    /// Makes or renews the tile source; true when tiles are failing to load.
    fn update_tiles(&mut self, ctx: &egui::Context) -> bool {
        if self.layer == BaseLayer::Offline {
            return false;
        }
        let stale = self
            .tiles
            .as_ref()
            .is_some_and(|t| t.failing() && t.created.elapsed() > TILE_RETRY);
        if stale || self.tiles.as_ref().map(|t| t.layer) != Some(self.layer) {
            // A new tile source forgets the failures, so the tiles are asked for again.
            self.tiles = Some(WatchedTiles::new(self.layer, ctx));
        }
        let failing = self
            .tiles
            .as_ref()
            .is_some_and(|t| t.failing() && !t.ever_served);
        if failing {
            ctx.request_repaint_after(TILE_RETRY);
        }
        if let Some(tiles) = &mut self.tiles {
            tiles.new_frame();
        }
        failing
    }

    /// Shows the map; returns what the person asked for.
    pub fn ui(&mut self, ui: &mut Ui, state: &AppState) -> Vec<Command> {
        let mut commands = Vec::new();
        let rect = ui.available_rect_before_wrap();
        // The basemap goes under the tiles; it is filled in once walkers says where the map is.
        let basemap_slot = ui.painter().add(Shape::Noop);

        let (pressed, released, pointer_pos) = ui.input(|i| {
            (
                i.pointer.primary_pressed(),
                i.pointer.primary_released(),
                i.pointer.interact_pos(),
            )
        });
        if pressed
            && let Some(pos) = pointer_pos
            && rect.contains(pos)
        {
            let view = self.current_view(rect);
            let ring = state
                .selected_entry()
                .map(|entry| self.aois.ring(entry).to_vec());
            self.drag = start_drag(pos, &view, state, ring.as_deref());
        }
        let panning = self.drag.is_none();
        let failing = self.update_tiles(ui.ctx());
        let layer = self.layer;
        let tiles: Option<&mut dyn walkers::Tiles> = match &mut self.tiles {
            Some(tiles) if layer != BaseLayer::Offline => Some(tiles),
            _ => None,
        };

        let drag = &mut self.drag;
        let drawing = &mut self.drawing;
        let menu_vertex = &mut self.menu_vertex;
        let basemap_cache = &mut self.basemap;
        let aoi_layer = &mut self.aois;
        let footprint_layer = &mut self.footprints;
        let overlay_layer = &mut self.overlays;
        let mut hover = None;
        let mut frame_view = None;
        let response = Map::new(tiles, &mut self.memory, default_center())
            // Dragging a handle or drawing a shape must not pan the map.
            .drag_pan_buttons(if panning {
                egui::DragPanButtons::PRIMARY
            } else {
                egui::DragPanButtons::empty()
            })
            .double_click_to_zoom(false)
            // The wheel zooms, as on every web map (walkers' default pans and zooms with Ctrl).
            .zoom_with_ctrl(false)
            .show(ui, |ui, response, projector, _memory| {
                let view = View::new(projector);
                frame_view = Some(view);
                let clip = response.rect;
                let painter = ui.painter().with_clip_rect(clip);
                let ctx = ui.ctx().clone();
                let (map, detail) = basemap::for_zoom(projector.zoom(), &ctx);
                let land = basemap_cache.get(
                    (clip, atlas_key(&ctx), detail),
                    view,
                    clip,
                    |view, area| map.mesh(&ctx, view, area),
                );
                ui.painter().set(
                    basemap_slot,
                    Shape::Vec(vec![Shape::rect_filled(clip, 0.0, theme::SEA), land]),
                );
                hover = response.hover_pos().map(|p| view.lon_lat_at(p));
                if let (Some(d), Some(pos)) = (drag.as_mut(), pointer_pos) {
                    update_drag(d, view.lon_lat_at(pos));
                }
                // A quicklook lies under the outlines, over the basemap.
                super::quicklook::drape(&painter, &view, state);
                let footprint_labels = footprint_layer.paint(&painter, &view, &state.footprints);
                // Place names go under the AOIs but are placed after them, clear of their names.
                let places_slot = painter.add(Shape::Noop);
                let dragged: Option<Preview> = drag.and_then(|d| preview(d, state));
                let mut taken = aoi_layer.paint(
                    &painter,
                    &view,
                    state,
                    dragged.as_ref(),
                    response.hover_pos(),
                );
                taken.extend(footprint_labels);
                // Exports opened to compare: dashed, over the AOIs, their names clear of theirs.
                let overlay_labels = overlay_layer.paint(&painter, &view, &state.overlays, &taken);
                taken.extend(overlay_labels);
                if layer == BaseLayer::Offline || failing {
                    // The scale bar and the attribution (bottom), the lon/lat (top right).
                    taken.push(Rect::from_min_max(
                        Pos2::new(clip.min.x, clip.max.y - 34.0),
                        clip.max,
                    ));
                    taken.push(Rect::from_min_max(
                        Pos2::new(clip.max.x - 230.0, clip.min.y),
                        Pos2::new(clip.max.x, clip.min.y + 28.0),
                    ));
                    let names = places::shapes(&painter, &view, projector.zoom(), &taken);
                    painter.set(places_slot, Shape::Vec(names));
                }
                if let Some((id, simplified)) = &state.simplify_preview
                    && state.entry(*id).is_some_and(|e| e.visible)
                {
                    paint_ring(
                        &painter,
                        &view,
                        &simplified.ring,
                        Stroke::new(theme::PREVIEW_WIDTH, theme::PREVIEW),
                    );
                }
                paint_drawing(&painter, &view, drawing, hover, state.tool);
                if let Some(ring) = drag.and_then(|d| shape_ring(d, state.circle_vertices)) {
                    paint_ring(
                        &painter,
                        &view,
                        &ring,
                        Stroke::new(theme::STROKE_WIDTH, theme::AOI_SELECTED),
                    );
                }
                if failing {
                    overlay(
                        &painter,
                        clip.center_top() + Vec2::new(0.0, 8.0),
                        Align2::CENTER_TOP,
                        "Map tiles cannot be loaded (offline?): showing the built-in basemap; retrying every 30 s",
                    );
                }
                scale_bar(&painter, &view, clip);
                if let Some(c) = hover {
                    overlay(
                        &painter,
                        clip.right_top() + Vec2::new(-6.0, 6.0),
                        Align2::RIGHT_TOP,
                        &format!("lon {:.5}  lat {:.5}", c.x, c.y),
                    );
                }
                attribution_ui(ui, clip, layer);
                handle_clicks(response, &view, state, drawing, menu_vertex, &mut commands);
            })
            .response;
        self.pointer = hover;
        self.view = frame_view;
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
        // Keys typed into a text field (a name, a path) are not the map's.
        if (response.hovered() || response.has_focus()) && !ui.ctx().text_edit_focused() {
            commands.extend(self.keys(ui, state));
        }
        commands
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
        if escape {
            self.drag = None;
        }
        if delete
            && state.tool == Tool::Edit
            && let (Some(entry), Some(pointer), Some(view)) =
                (state.selected_entry(), self.pointer, self.view)
        {
            let ring = world_all(&entry.aoi().ring);
            if editable_on_screen(&view, &ring)
                && let Some(index) = vertex_at(&view, &ring, view.screen_of(pointer))
            {
                commands.push(Command::Edit(entry.id, Edit::DeleteVertex { index }));
            }
        }
        commands
    }
}

/// The smallest footprint under `at` (the most specific one), by its index.
fn footprint_at(state: &AppState, at: LonLat) -> Option<usize> {
    state
        .footprints
        .items()
        .iter()
        .enumerate()
        .filter(|(_, f)| inside(&f.ring, at))
        .min_by(|(_, a), (_, b)| ring_extent(&a.ring).total_cmp(&ring_extent(&b.ring)))
        .map(|(i, _)| i)
}

/// Width plus height of a ring's box, degrees: enough to rank footprints by size.
fn ring_extent(ring: &[LonLat]) -> f64 {
    let (low, high) = crate::aoi::measure::bounds(ring);
    (high.x - low.x) + (high.y - low.y)
}

fn handle_clicks(
    response: &egui::Response,
    view: &View,
    state: &AppState,
    drawing: &mut Vec<LonLat>,
    menu_vertex: &mut Option<(AoiId, usize)>,
    commands: &mut Vec<Command>,
) {
    let Some(pos) = response.interact_pointer_pos().or(response.hover_pos()) else {
        return;
    };
    let at = view.lon_lat_at(pos);
    let attempts_shown = state.view == crate::state::PanelView::Task;
    if attempts_shown && response.hovered() && !state.footprints.items().is_empty() {
        commands.push(Command::Tasking(TaskingCommand::Hover(footprint_at(
            state, at,
        ))));
    }
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
                // Outside every AOI, a click on an attempt's footprint chooses that attempt
                // (and keeps the AOI it was asked for selected).
                let footprint = footprint_at(state, at).filter(|_| attempts_shown);
                match (hit, footprint) {
                    (None, Some(index)) => {
                        commands.push(Command::Tasking(TaskingCommand::Choose(index)))
                    }
                    _ if hit != state.selected => commands.push(Command::Select(hit)),
                    _ => {}
                }
            }
            Tool::Rectangle | Tool::Circle => {}
        }
    }
    // Right-click on a vertex of the selected AOI: remember it for the context menu.
    if response.secondary_clicked() {
        *menu_vertex = state.selected_entry().and_then(|entry| {
            let ring = world_all(&entry.aoi().ring);
            editable_on_screen(view, &ring)
                .then(|| vertex_at(view, &ring, pos))
                .flatten()
                .map(|index| (entry.id, index))
        });
    }
}

fn paint_ring(painter: &egui::Painter, view: &View, ring: &[LonLat], stroke: Stroke) {
    let points: Vec<Pos2> = ring.iter().map(|&c| view.screen_of(c)).collect();
    painter.add(Shape::line(points, stroke));
}

fn paint_drawing(
    painter: &egui::Painter,
    view: &View,
    drawing: &[LonLat],
    hover: Option<LonLat>,
    tool: Tool,
) {
    if tool != Tool::Polygon || drawing.is_empty() {
        return;
    }
    let mut points: Vec<Pos2> = drawing.iter().map(|&c| view.screen_of(c)).collect();
    if let Some(h) = hover {
        points.push(view.screen_of(h));
    }
    painter.add(Shape::line(
        points.clone(),
        Stroke::new(theme::STROKE_WIDTH, theme::AOI_SELECTED),
    ));
    for p in points.iter().take(drawing.len()) {
        painter.circle(
            *p,
            theme::HANDLE_RADIUS,
            egui::Color32::WHITE,
            Stroke::new(2.0, theme::AOI_SELECTED),
        );
    }
    if let Some(first) = points.first() {
        overlay(
            painter,
            *first + Vec2::new(12.0, 12.0),
            Align2::LEFT_TOP,
            "double-click or Enter to finish, Backspace removes the last vertex, Esc cancels",
        );
    }
}
