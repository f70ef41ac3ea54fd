//! Quicklooks as textures: made once per acquisition and kept in egui's memory, so a dialog or
//! the map shows one without decoding or uploading it again each frame.

use egui::{Color32, Context, Painter, Rect, TextureHandle, TextureOptions, pos2};

use super::projection::View;
use crate::state::AppState;
use crate::tasking::quicklook::QuicklookImage;
use crate::tasking::workflow::Slot;

/// The texture of the quicklook of `catalog_id`, made on first use.
pub fn texture(ctx: &Context, catalog_id: &str, image: &QuicklookImage) -> TextureHandle {
    let id = egui::Id::unique(("quicklook", catalog_id));
    if let Some(texture) = ctx.data(|d| d.get_temp::<TextureHandle>(id)) {
        return texture;
    }
    let pixels = egui::ColorImage::from_rgba_unmultiplied([image.width, image.height], &image.rgba);
    let texture = ctx.load_texture(
        format!("quicklook {catalog_id}"),
        pixels,
        TextureOptions::LINEAR,
    );
    ctx.data_mut(|d| d.insert_temp(id, texture.clone()));
    texture
}

/// Drapes every quicklook the window has over its acquisition's footprint on the map: the
/// image spans the footprint's box, as the sandbox (and a quicklook's georeference) draws it.
/// Only acquisitions of the open tasking are drawn; nothing is decoded here.
pub fn drape(painter: &Painter, view: &View, state: &AppState) {
    let tracking = &state.tracking;
    let Some(list) = tracking.segments.ready() else {
        return;
    };
    for segment in list.segments.iter() {
        let Some(detail) = &segment.as_detail1 else {
            continue;
        };
        let (Some(catalog_id), Some(footprint)) = (&detail.catalog_id, detail.footprint.get())
        else {
            continue;
        };
        let Some(Slot::Ready(image)) = tracking.quicklooks.get(catalog_id) else {
            continue;
        };
        let ring = footprint.outer_ring();
        let Some(first) = ring.first() else {
            continue;
        };
        let (mut west, mut south, mut east, mut north) = (first.x, first.y, first.x, first.y);
        for c in &ring {
            (west, east) = (west.min(c.x), east.max(c.x));
            (south, north) = (south.min(c.y), north.max(c.y));
        }
        let north_west = view.screen_of(crate::aoi::LonLat { x: west, y: north });
        let south_east = view.screen_of(crate::aoi::LonLat { x: east, y: south });
        let rect = Rect::from_min_max(north_west, south_east);
        if !rect.intersects(painter.clip_rect()) {
            continue;
        }
        let texture = texture(painter.ctx(), catalog_id, image);
        let uv = Rect::from_min_max(pos2(0.0, 0.0), pos2(1.0, 1.0));
        painter.image(texture.id(), rect, uv, Color32::from_white_alpha(230));
    }
}
