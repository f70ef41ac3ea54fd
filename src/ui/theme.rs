//! Colors and sizes, in one place.

use egui::Color32;

/// The sea of the offline basemap.
pub const SEA: Color32 = Color32::from_rgb(170, 200, 222);
/// Land of the offline basemap.
pub const LAND: Color32 = Color32::from_rgb(236, 232, 220);
/// Country borders.
pub const BORDER: Color32 = Color32::from_rgb(160, 150, 140);
/// An AOI's outline.
pub const AOI_STROKE: Color32 = Color32::from_rgb(20, 90, 200);
/// The selected AOI's outline.
pub const AOI_SELECTED: Color32 = Color32::from_rgb(0, 60, 170);
/// An AOI's fill (translucent).
pub const AOI_FILL: Color32 = Color32::from_rgba_unmultiplied_const(20, 90, 200, 50);
/// An invalid AOI's fill.
pub const AOI_FILL_INVALID: Color32 = Color32::from_rgba_unmultiplied_const(200, 30, 30, 55);
/// Errors: crossing points, offending edges.
pub const ERROR: Color32 = Color32::from_rgb(215, 25, 32);
/// Warnings.
pub const WARNING: Color32 = Color32::from_rgb(200, 120, 0);
/// The simplification preview.
pub const PREVIEW: Color32 = Color32::from_rgb(0, 150, 80);
/// Text boxes over the map.
pub const OVERLAY_BG: Color32 = Color32::from_rgba_unmultiplied_const(255, 255, 255, 215);
/// Text over the map.
pub const OVERLAY_TEXT: Color32 = Color32::from_rgb(30, 30, 30);

/// Vertex handle radius, points (big enough to hit).
pub const HANDLE_RADIUS: f32 = 6.0;
/// Midpoint handle radius, points.
pub const MIDPOINT_RADIUS: f32 = 4.5;
/// How near the pointer must be to grab a handle, points.
pub const HIT_RADIUS: f32 = 10.0;
/// An AOI smaller than this on screen (points, its longer side) is drawn as one quad of its
/// outline's colour: at that size a fill and an outline look the same and cost ten times more.
pub const TINY_AOI_SIZE: f32 = 4.0;
/// AOI outline width, points.
pub const STROKE_WIDTH: f32 = 2.0;
/// Width of an offending edge, points.
pub const ERROR_STROKE_WIDTH: f32 = 4.0;
/// The side panel's width, points.
pub const PANEL_WIDTH: f32 = 340.0;
/// The tasking panel's width, points.
pub const TASKING_PANEL_WIDTH: f32 = 380.0;
/// An acquisition footprint.
pub const FOOTPRINT: Color32 = Color32::from_rgb(120, 60, 170);
/// The footprint being looked at.
pub const FOOTPRINT_SELECTED: Color32 = Color32::from_rgb(170, 40, 150);
/// Country border width, points.
pub const BORDER_WIDTH: f32 = 0.8;
/// A crossing point's mark, radius in points (drawn over the handles).
pub const CROSSING_RADIUS: f32 = 7.0;
/// Inside of a midpoint handle.
pub const MIDPOINT_FILL: Color32 = Color32::from_rgba_unmultiplied_const(255, 255, 255, 210);
/// Names on the map, points.
pub const LABEL_SIZE: f32 = 13.0;
/// Place names on the offline basemap: smaller and greyer than the AOI names.
pub const PLACE_SIZE: f32 = 11.0;
/// Their colour (and their dot's).
pub const PLACE_TEXT: Color32 = Color32::from_rgb(90, 84, 72);
/// Text over the map (scale, coordinates, notes), points.
pub const OVERLAY_SIZE: f32 = 12.0;
/// A link over the map (attribution), dark enough on the light box.
pub const OVERLAY_LINK: Color32 = Color32::from_rgb(0, 70, 160);
/// The scale bar's longest length, points.
pub const SCALE_BAR_MAX: f32 = 120.0;
/// The simplification preview's outline width, points.
pub const PREVIEW_WIDTH: f32 = 2.0;
/// A footprint's outline width, points.
pub const FOOTPRINT_WIDTH: f32 = 1.0;
/// The selected footprint's outline width, points.
pub const FOOTPRINT_SELECTED_WIDTH: f32 = 2.5;
/// The footprint compared with the chosen one.
pub const FOOTPRINT_COMPARED: Color32 = Color32::from_rgb(0, 120, 190);
/// An image delivered to the workspace.
pub const DELIVERED: Color32 = Color32::from_rgb(0, 150, 160);
/// An attempt row or mark that can no longer be ordered.
pub const PAST_DEADLINE: Color32 = Color32::from_rgb(140, 140, 140);
/// Good news (automatic feasibility, an order placed).
pub const GOOD: Color32 = Color32::from_rgb(0, 130, 60);

/// A footprint's colour by incidence angle: green near nadir, through amber, to red at 45° and
/// beyond (steeper views image less sharply and lean buildings); purple when unknown.
pub fn incidence_color(incidence_deg: Option<f64>) -> Color32 {
    let Some(angle) = incidence_deg else {
        return FOOTPRINT;
    };
    let t = (angle / 45.0).clamp(0.0, 1.0) as f32;
    let (low, mid, high) = ([0.0, 150.0, 70.0], [225.0, 160.0, 0.0], [210.0, 30.0, 30.0]);
    let mix = |a: [f32; 3], b: [f32; 3], t: f32| {
        Color32::from_rgb(
            (a[0] + (b[0] - a[0]) * t) as u8,
            (a[1] + (b[1] - a[1]) * t) as u8,
            (a[2] + (b[2] - a[2]) * t) as u8,
        )
    };
    if t < 0.5 {
        mix(low, mid, t * 2.0)
    } else {
        mix(mid, high, (t - 0.5) * 2.0)
    }
}

/// The colours of the compared offers, one per row of the compare table (Okabe and Ito's
/// palette, told apart with every common colour-vision deficiency; its yellow, too pale on the
/// basemap's land, and black, the AOI's neighbour, come last), each with its name in words.
pub const OFFER_PALETTE: [(Color32, &str); 8] = [
    (Color32::from_rgb(230, 159, 0), "orange"),
    (Color32::from_rgb(86, 180, 233), "sky blue"),
    (Color32::from_rgb(0, 158, 115), "bluish green"),
    (Color32::from_rgb(0, 114, 178), "blue"),
    (Color32::from_rgb(213, 94, 0), "vermillion"),
    (Color32::from_rgb(204, 121, 167), "reddish purple"),
    (Color32::from_rgb(240, 228, 66), "yellow"),
    (Color32::from_rgb(0, 0, 0), "black"),
];

/// The colour of the compare table's row `index` (in the order of the pairs, whatever the
/// sort), and its name.
pub fn offer_color(index: usize) -> (Color32, &'static str) {
    OFFER_PALETTE[index % OFFER_PALETTE.len()]
}

/// The width the compare table gives a verdict before wrapping it, points.
pub const VERDICT_WIDTH: f32 = 210.0;
/// The width the compare table gives a price or its note before wrapping it, points.
pub const PRICE_WIDTH: f32 = 150.0;
/// A colour swatch's side, points.
pub const SWATCH_SIZE: f32 = 12.0;
/// A compared offer's footprint outline, points (six colours must be seen at once).
pub const OFFER_WIDTH: f32 = 2.0;
/// The compared offer under the pointer, points: drawn last and wider.
pub const OFFER_HOVERED_WIDTH: f32 = 4.0;
/// A comparison overlay's footprints (an attempts export opened again): dashed, dark grey, apart
/// from the AOIs' blue and the offers' colours.
pub const OVERLAY_FOOTPRINT: Color32 = Color32::from_rgb(50, 50, 60);
/// Their outline width, points.
pub const OVERLAY_FOOTPRINT_WIDTH: f32 = 1.5;
/// Their dashes and the gaps between, points.
pub const OVERLAY_DASH: f32 = 6.0;
/// See [`OVERLAY_DASH`].
pub const OVERLAY_GAP: f32 = 4.0;
/// Their names' size, points.
pub const OVERLAY_LABEL_SIZE: f32 = 11.0;
/// At most this many overlay names a frame.
pub const OVERLAY_LABELS_MAX: usize = 40;
