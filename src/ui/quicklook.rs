//! Quicklooks as textures: made once per acquisition and kept in egui's memory, so a dialog or
//! the map shows one without decoding or uploading it again each frame.

use egui::{Context, TextureHandle, TextureOptions};

use crate::tasking::quicklook::QuicklookImage;

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
