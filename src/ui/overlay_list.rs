//! The comparison overlays in the side panel: each file with its number of footprints and
//! `Remove overlay`, apart from the AOI list (they are not AOIs).

use egui::{RichText, Ui};

use crate::state::AppState;
use crate::state::command::Command;

/// The overlays section (nothing when there is none).
pub fn overlay_list_ui(ui: &mut Ui, state: &AppState, commands: &mut Vec<Command>) {
    let overlays = state.overlays.items();
    if overlays.is_empty() {
        return;
    }
    ui.label(RichText::new(format!("Overlays ({})", overlays.len())).strong());
    ui.label(
        RichText::new("Attempts exports opened to compare, drawn dashed: not AOIs, never ordered")
            .small(),
    );
    for (index, overlay) in overlays.iter().enumerate() {
        ui.horizontal_wrapped(|ui| {
            ui.label(format!(
                "Overlay: {}, {} footprint(s)",
                overlay.name,
                overlay.footprints.len()
            ));
            if ui
                .button("Remove overlay")
                .on_hover_text(format!(
                    "Take {} off the map (the file stays)",
                    overlay.name
                ))
                .clicked()
            {
                commands.push(Command::RemoveOverlay(index));
            }
        });
    }
}
