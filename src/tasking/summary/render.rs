//! The page: A4 portrait at 150 dpi (1240 × 1754 pixels), the heading and where the order
//! stands, the map of the AOI (blue) and the chosen footprint (purple) drawn to scale in Web
//! Mercator with a scale bar and a locator (Natural Earth land around it, the AOI marked in red),
//! then every fact as a name and its value, wrapped.

use ab_glyph::FontRef;
use tiny_skia::{Color, ColorU8, FillRule, Paint, PathBuilder, Pixmap, Rect, Stroke, Transform};

use super::text::{draw, font, line_height, wrap};
use super::{Summary, SummaryError};
use crate::aoi::LonLat;
use crate::aoi::natural_earth::{LAND_110M, land_triangles};
use crate::aoi::web_mercator::Fit;
use crate::tasking::dates::utc_text;

/// Page width, pixels (A4 at 150 dpi).
pub const PAGE_WIDTH: u32 = 1240;
/// Page height, pixels.
pub const PAGE_HEIGHT: u32 = 1754;

const MARGIN: f32 = 70.0;
const MAP_TOP: f32 = 250.0;
const MAP_HEIGHT: f32 = 760.0;
/// Room around the shapes inside the map's frame.
const MAP_PADDING: f32 = 60.0;

// The app's colours (`ui/theme.rs`), repeated here because the core does not see the UI.
/// The AOI's outline (the map's AOI blue).
pub const AOI_RGB: [u8; 3] = [20, 90, 200];
/// The chosen footprint (the map's selected-footprint purple).
pub const FOOTPRINT_RGB: [u8; 3] = [170, 40, 150];
const SEA_RGB: [u8; 3] = [232, 240, 246];
const LOCATOR_SEA_RGB: [u8; 3] = [170, 200, 222];
const LAND_RGB: [u8; 3] = [236, 232, 220];
/// The AOI's mark on the locator.
pub const MARKER_RGB: [u8; 3] = [210, 30, 30];
/// The locator's size, pixels, and how much of the world it shows around the AOI, degrees.
const LOCATOR_SIZE: (u32, u32) = (300, 210);
const LOCATOR_HALF_SPAN_DEG: f64 = 25.0;
const INK: [u8; 3] = [25, 25, 25];
const GREY: [u8; 3] = [95, 95, 95];

fn ink(rgb: [u8; 3]) -> ColorU8 {
    ColorU8::from_rgba(rgb[0], rgb[1], rgb[2], 255)
}

fn paint(rgb: [u8; 3], alpha: u8) -> Paint<'static> {
    let mut paint = Paint::default();
    paint.set_color_rgba8(rgb[0], rgb[1], rgb[2], alpha);
    paint.anti_alias = true;
    paint
}

/// Draws the summary's page.
pub fn render(summary: &Summary) -> Result<Pixmap, SummaryError> {
    let font = font().ok_or(SummaryError::Font)?;
    let mut page = Pixmap::new(PAGE_WIDTH, PAGE_HEIGHT).ok_or(SummaryError::Canvas)?;
    page.fill(Color::WHITE);
    // The heading and where the order stands, left of the locator.
    let width = PAGE_WIDTH as f32 - 2.0 * MARGIN - LOCATOR_SIZE.0 as f32 - 30.0;
    draw(
        &mut page,
        font,
        54.0,
        (MARGIN, 60.0),
        &summary.title,
        ink(INK),
    );
    let mut y = 60.0 + line_height(font, 54.0) + 10.0;
    for line in wrap(font, 28.0, &summary.standing, width) {
        draw(&mut page, font, 28.0, (MARGIN, y), &line, ink(GREY));
        y += line_height(font, 28.0);
    }
    map(&mut page, font, summary);
    locator(&mut page, summary);
    facts(&mut page, font, summary, MAP_TOP + MAP_HEIGHT + 40.0);
    let footer = format!(
        "Made by sattask {} on {}. The same facts are in this file's PNG text (\"Description\").",
        env!("CARGO_PKG_VERSION"),
        utc_text(Some(summary.made_at))
    );
    let footer_top = PAGE_HEIGHT as f32 - MARGIN - line_height(font, 22.0);
    draw(
        &mut page,
        font,
        22.0,
        (MARGIN, footer_top),
        &footer,
        ink(GREY),
    );
    Ok(page)
}

/// The closed path through `ring` placed by `fit`.
fn ring_path(fit: &Fit, ring: &[LonLat]) -> Option<tiny_skia::Path> {
    let mut builder = PathBuilder::new();
    for (i, &c) in ring
        .iter()
        .filter(|c| c.x.is_finite() && c.y.is_finite())
        .enumerate()
    {
        let (x, y) = fit.place(c);
        if i == 0 {
            builder.move_to(x as f32, y as f32);
        } else {
            builder.line_to(x as f32, y as f32);
        }
    }
    builder.close();
    builder.finish()
}

/// The map: a framed box, the footprint and the AOI fitted together, a scale bar, a legend.
fn map(page: &mut Pixmap, font: &FontRef<'_>, summary: &Summary) {
    let frame = Rect::from_xywh(
        MARGIN,
        MAP_TOP,
        PAGE_WIDTH as f32 - 2.0 * MARGIN,
        MAP_HEIGHT,
    );
    let Some(frame) = frame else {
        return;
    };
    page.fill_rect(frame, &paint(SEA_RGB, 255), Transform::identity(), None);
    let footprint = summary.footprint.as_deref().unwrap_or_default();
    let fit = Fit::of(
        &[&summary.aoi, footprint],
        f64::from(frame.left() + MAP_PADDING),
        f64::from(frame.top() + MAP_PADDING),
        f64::from(frame.width() - 2.0 * MAP_PADDING),
        f64::from(frame.height() - 2.0 * MAP_PADDING),
    );
    if let Some(fit) = fit {
        let thin = Stroke {
            width: 4.0,
            ..Stroke::default()
        };
        if let Some(path) = ring_path(&fit, footprint).filter(|_| !footprint.is_empty()) {
            page.fill_path(
                &path,
                &paint(FOOTPRINT_RGB, 40),
                FillRule::EvenOdd,
                Transform::identity(),
                None,
            );
            page.stroke_path(
                &path,
                &paint(FOOTPRINT_RGB, 255),
                &thin,
                Transform::identity(),
                None,
            );
        }
        if let Some(path) = ring_path(&fit, &summary.aoi) {
            page.fill_path(
                &path,
                &paint(AOI_RGB, 70),
                FillRule::EvenOdd,
                Transform::identity(),
                None,
            );
            page.stroke_path(
                &path,
                &paint(AOI_RGB, 255),
                &thin,
                Transform::identity(),
                None,
            );
        }
        scale_bar(page, font, &fit, frame);
    }

    let edge = Stroke {
        width: 2.0,
        ..Stroke::default()
    };
    let path = PathBuilder::from_rect(frame);
    page.stroke_path(&path, &paint(GREY, 255), &edge, Transform::identity(), None);
    // The legend, under the map's top edge.
    let legend_top = frame.top() + 16.0;
    let mut x = frame.left() + 20.0;
    for (rgb, said) in [
        (AOI_RGB, format!("AOI {}", aoi_name(summary))),
        (FOOTPRINT_RGB, "footprint of the chosen attempt".to_owned()),
    ] {
        if rgb == FOOTPRINT_RGB && summary.footprint.is_none() {
            continue;
        }
        if let Some(swatch) = Rect::from_xywh(x, legend_top + 6.0, 28.0, 18.0) {
            page.fill_rect(swatch, &paint(rgb, 255), Transform::identity(), None);
        }
        draw(page, font, 24.0, (x + 38.0, legend_top), &said, ink(INK));
        x += 38.0 + super::text::width(font, 24.0, &said) + 40.0;
    }
}

/// Natural Earth 1:110m land, triangulated once.
fn land() -> &'static [[LonLat; 3]] {
    static LAND: std::sync::OnceLock<Vec<[LonLat; 3]>> = std::sync::OnceLock::new();
    LAND.get_or_init(|| land_triangles(LAND_110M))
}

/// Where on Earth: a small map of the land some 75° × 50° around the AOI, with a red mark on
/// it, above the map's top-right corner.
fn locator(page: &mut Pixmap, summary: &Summary) {
    let Some(centre) = middle(&summary.aoi) else {
        return;
    };
    let (width, height) = LOCATOR_SIZE;
    let Some(mut inset) = Pixmap::new(width, height) else {
        return;
    };
    inset.fill(Color::from_rgba8(
        LOCATOR_SEA_RGB[0],
        LOCATOR_SEA_RGB[1],
        LOCATOR_SEA_RGB[2],
        255,
    ));
    let span = |dx: f64, dy: f64| LonLat {
        x: centre.x + dx * LOCATOR_HALF_SPAN_DEG * 1.5,
        y: (centre.y + dy * LOCATOR_HALF_SPAN_DEG).clamp(-80.0, 80.0),
    };
    let corners = [span(-1.0, -1.0), span(1.0, 1.0)];
    let Some(fit) = Fit::of(&[&corners], 0.0, 0.0, f64::from(width), f64::from(height)) else {
        return;
    };
    let (w, h) = (f64::from(width), f64::from(height));
    let mut builder = PathBuilder::new();
    for triangle in land() {
        let points = triangle.map(|c| fit.place(c));
        let outside = points.iter().all(|p| p.0 < 0.0)
            || points.iter().all(|p| p.0 > w)
            || points.iter().all(|p| p.1 < 0.0)
            || points.iter().all(|p| p.1 > h);
        if outside {
            continue;
        }
        builder.move_to(points[0].0 as f32, points[0].1 as f32);
        builder.line_to(points[1].0 as f32, points[1].1 as f32);
        builder.line_to(points[2].0 as f32, points[2].1 as f32);
        builder.close();
    }
    if let Some(path) = builder.finish() {
        inset.fill_path(
            &path,
            &paint(LAND_RGB, 255),
            FillRule::Winding,
            Transform::identity(),
            None,
        );
    }
    let (x, y) = fit.place(centre);
    if let Some(mark) = PathBuilder::from_circle(x as f32, y as f32, 7.0) {
        inset.fill_path(
            &mark,
            &paint(MARKER_RGB, 255),
            FillRule::Winding,
            Transform::identity(),
            None,
        );
    }
    let (left, top) = (
        PAGE_WIDTH as f32 - MARGIN - width as f32,
        MAP_TOP - height as f32 - 16.0,
    );
    page.draw_pixmap(
        left as i32,
        top as i32,
        inset.as_ref(),
        &tiny_skia::PixmapPaint::default(),
        Transform::identity(),
        None,
    );
    if let Some(edge) = Rect::from_xywh(left, top, width as f32, height as f32) {
        let stroke = Stroke {
            width: 2.0,
            ..Stroke::default()
        };
        let path = PathBuilder::from_rect(edge);
        page.stroke_path(
            &path,
            &paint(GREY, 255),
            &stroke,
            Transform::identity(),
            None,
        );
    }
}

/// The middle of a ring's bounds.
fn middle(ring: &[LonLat]) -> Option<LonLat> {
    let mut finite = ring.iter().filter(|c| c.x.is_finite() && c.y.is_finite());
    let first = *finite.next()?;
    let (low, high) = finite.fold((first, first), |(l, h), c| {
        (
            LonLat {
                x: l.x.min(c.x),
                y: l.y.min(c.y),
            },
            LonLat {
                x: h.x.max(c.x),
                y: h.y.max(c.y),
            },
        )
    });
    Some(LonLat {
        x: (low.x + high.x) / 2.0,
        y: (low.y + high.y) / 2.0,
    })
}

fn aoi_name(summary: &Summary) -> &str {
    summary
        .facts
        .iter()
        .find(|t| t.name == "AOI")
        .map_or("", |t| t.value.as_str())
}

/// A bar of a round length (1, 2 or 5 × a power of ten metres) at most a quarter of the map's
/// width, at its bottom left, with its length written.
fn scale_bar(page: &mut Pixmap, font: &FontRef<'_>, fit: &Fit, frame: Rect) {
    let metres_per_px = fit.metres_per_unit();
    if !(metres_per_px.is_finite() && metres_per_px > 0.0) {
        return;
    }
    let most_m = metres_per_px * f64::from(frame.width() / 4.0);
    let power = 10f64.powf(most_m.log10().floor());
    let length_m = [5.0, 2.0, 1.0]
        .into_iter()
        .map(|k| k * power)
        .find(|&m| m <= most_m)
        .unwrap_or(power);
    let length_px = (length_m / metres_per_px) as f32;
    let (left, bottom) = (frame.left() + 24.0, frame.bottom() - 24.0);
    if let Some(bar) = Rect::from_xywh(left, bottom - 10.0, length_px, 10.0) {
        page.fill_rect(bar, &paint(INK, 255), Transform::identity(), None);
    }
    let said = if length_m >= 1000.0 {
        format!("{} km", length_m / 1000.0)
    } else {
        format!("{length_m} m")
    };
    draw(page, font, 24.0, (left, bottom - 44.0), &said, ink(INK));
}

/// The facts in two columns: the name, then its value wrapped; the amount stands out.
fn facts(page: &mut Pixmap, font: &FontRef<'_>, summary: &Summary, top: f32) {
    let names_width = 300.0;
    let value_left = MARGIN + names_width;
    let value_width = PAGE_WIDTH as f32 - MARGIN - value_left;
    let bottom = PAGE_HEIGHT as f32 - MARGIN - 60.0;
    let mut y = top;
    for term in &summary.facts {
        let size = if term.name == "Amount" { 34.0 } else { 27.0 };
        let lines = wrap(font, size, &term.value, value_width);
        let height = line_height(font, size) * lines.len() as f32 + 8.0;
        if y + height > bottom {
            draw(
                page,
                font,
                24.0,
                (MARGIN, y),
                "… more terms: see the PNG text",
                ink(GREY),
            );
            return;
        }
        draw(page, font, 27.0, (MARGIN, y), &term.name, ink(GREY));
        for (i, line) in lines.iter().enumerate() {
            let at = (value_left, y + i as f32 * line_height(font, size));
            draw(page, font, size, at, line, ink(INK));
        }
        y += height;
    }
}
