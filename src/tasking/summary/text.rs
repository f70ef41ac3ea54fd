//! Text on the page: egui's own Ubuntu Light (shipped inside the app already), laid out with
//! ab_glyph, wrapped at spaces, and blended onto the pixmap with each pixel's coverage.

use std::sync::OnceLock;

use ab_glyph::{Font, FontRef, PxScale, ScaleFont, point};
use tiny_skia::{ColorU8, Pixmap};

/// The page's font; `None` only if the bytes shipped with egui could not be read.
pub fn font() -> Option<&'static FontRef<'static>> {
    static FONT: OnceLock<Option<FontRef<'static>>> = OnceLock::new();
    FONT.get_or_init(|| FontRef::try_from_slice(epaint_default_fonts::UBUNTU_LIGHT).ok())
        .as_ref()
}

/// How wide `text` is at `size_px`.
pub fn width(font: &FontRef<'_>, size_px: f32, text: &str) -> f32 {
    let scaled = font.as_scaled(PxScale::from(size_px));
    let mut previous = None;
    let mut x = 0.0;
    for c in text.chars() {
        let id = scaled.glyph_id(c);
        if let Some(p) = previous {
            x += scaled.kern(p, id);
        }
        x += scaled.h_advance(id);
        previous = Some(id);
    }
    x
}

/// `text` broken at spaces into lines no wider than `max_px` (a word wider than that is a line
/// of its own).
pub fn wrap(font: &FontRef<'_>, size_px: f32, text: &str, max_px: f32) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split(' ') {
        let candidate = if line.is_empty() {
            word.to_owned()
        } else {
            format!("{line} {word}")
        };
        if !line.is_empty() && width(font, size_px, &candidate) > max_px {
            lines.push(std::mem::replace(&mut line, word.to_owned()));
        } else {
            line = candidate;
        }
    }
    lines.push(line);
    lines
}

/// The height of a line at `size_px`.
pub fn line_height(font: &FontRef<'_>, size_px: f32) -> f32 {
    let scaled = font.as_scaled(PxScale::from(size_px));
    (scaled.ascent() - scaled.descent() + scaled.line_gap()).ceil()
}

/// Draws one line of `text` with its top-left corner at (`x`, `top`).
pub fn draw(
    pixmap: &mut Pixmap,
    font: &FontRef<'_>,
    size_px: f32,
    (x, top): (f32, f32),
    text: &str,
    color: ColorU8,
) {
    let scale = PxScale::from(size_px);
    let scaled = font.as_scaled(scale);
    let baseline = top + scaled.ascent();
    let (width, height) = (pixmap.width() as i64, pixmap.height() as i64);
    let stride = width as usize;
    let pixels = pixmap.pixels_mut();
    let mut caret = x;
    let mut previous = None;
    for c in text.chars() {
        let id = scaled.glyph_id(c);
        if let Some(p) = previous {
            caret += scaled.kern(p, id);
        }
        previous = Some(id);
        let glyph = id.with_scale_and_position(scale, point(caret, baseline));
        caret += scaled.h_advance(id);
        let Some(outline) = font.outline_glyph(glyph) else {
            continue;
        };
        let bounds = outline.px_bounds();
        outline.draw(|gx, gy, coverage| {
            let (px, py) = (
                bounds.min.x as i64 + i64::from(gx),
                bounds.min.y as i64 + i64::from(gy),
            );
            if px < 0 || py < 0 || px >= width || py >= height {
                return;
            }
            let Some(pixel) = pixels.get_mut(py as usize * stride + px as usize) else {
                return;
            };
            // The page is opaque: blend the colour over what is there by the coverage.
            let a = coverage.clamp(0.0, 1.0);
            let mix = |under: u8, over: u8| {
                (f32::from(over) * a + f32::from(under) * (1.0 - a)).round() as u8
            };
            let under = pixel.demultiply();
            let blended = ColorU8::from_rgba(
                mix(under.red(), color.red()),
                mix(under.green(), color.green()),
                mix(under.blue(), color.blue()),
                255,
            );
            *pixel = blended.premultiply();
        });
    }
}
