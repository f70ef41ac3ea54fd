//! The side panel: tools, the AOI list, the selected AOI's measures and issues, files.

use egui::{RichText, Ui};

use super::map::BaseLayer;
use super::theme;
use crate::aoi::LonLat;
use crate::aoi::mission::{MAX_VERTICES, Mission, Offer, billed_area_km2};
use crate::aoi::rules::{Rule, Severity};
use crate::state::command::{Command, Fix, MIN_CIRCLE_VERTICES};
use crate::state::{AoiEntry, AppState, Tool};

/// Shows the panel; returns what the person asked for.
pub fn panel_ui(ui: &mut Ui, state: &AppState, layer: &mut BaseLayer) -> Vec<Command> {
    let mut commands = Vec::new();
    egui::ScrollArea::vertical().show(ui, |ui| {
        ui.heading("sattask");
        tools_ui(ui, state, layer, &mut commands);
        // What just happened (an import, a save, an error) stays in sight above the list, which
        // a file of thousands of AOIs makes long.
        notices_ui(ui, state, &mut commands);
        ui.separator();
        list_ui(ui, state, &mut commands);
        super::overlay_list::overlay_list_ui(ui, state, &mut commands);
        ui.separator();
        selected_ui(ui, state, &mut commands);
        delete_ordered_ui(ui, state, &mut commands);
        ui.separator();
        files_ui(ui, state, &mut commands);
    });
    commands
}

fn tools_ui(ui: &mut Ui, state: &AppState, layer: &mut BaseLayer, commands: &mut Vec<Command>) {
    ui.horizontal_wrapped(|ui| {
        for tool in Tool::ALL {
            if ui
                .selectable_label(state.tool == tool, tool.label())
                .clicked()
            {
                commands.push(Command::SetTool(tool));
            }
        }
    });
    if state.tool == Tool::Circle {
        let mut vertices = state.circle_vertices;
        ui.horizontal(|ui| {
            let label = ui.label("Circle vertices");
            let field = ui
                .add(egui::DragValue::new(&mut vertices).range(MIN_CIRCLE_VERTICES..=MAX_VERTICES))
                .labelled_by(label.id);
            if field.changed() {
                commands.push(Command::SetCircleVertices(vertices));
            }
        });
    }
    ui.horizontal(|ui| {
        if ui.button("Undo").on_hover_text("Ctrl+Z").clicked() {
            commands.push(Command::Undo);
        }
        if ui.button("Redo").on_hover_text("Ctrl+Shift+Z").clicked() {
            commands.push(Command::Redo);
        }
        if ui.button("Zoom to all").clicked() {
            commands.push(Command::ZoomToAll);
        }
    });
    egui::ComboBox::from_label("Map layer")
        .selected_text(layer.label())
        .show_ui(ui, |ui| {
            for option in BaseLayer::ALL {
                ui.selectable_value(layer, option, option.label());
            }
        });
    let (mission, offer) = state.target;
    let mut new_mission = mission;
    let mut new_offer = offer;
    egui::ComboBox::from_label("Mission")
        .selected_text(mission.map_or("All missions", Mission::label))
        .show_ui(ui, |ui| {
            ui.selectable_value(&mut new_mission, None, "All missions");
            for m in Mission::ALL {
                ui.selectable_value(&mut new_mission, Some(m), m.label());
            }
        });
    egui::ComboBox::from_label("Offer")
        .selected_text(offer.map_or("All offers", Offer::label))
        .show_ui(ui, |ui| {
            ui.selectable_value(&mut new_offer, None, "All offers");
            for o in Offer::ALL {
                ui.selectable_value(&mut new_offer, Some(o), o.label());
            }
        });
    if (new_mission, new_offer) != (mission, offer) {
        commands.push(Command::SetTarget(new_mission, new_offer));
    }
}

fn list_ui(ui: &mut Ui, state: &AppState, commands: &mut Vec<Command>) {
    ui.label(RichText::new(format!("AOIs ({})", state.aois.len())).strong());
    if state.aois.is_empty() {
        ui.label("Draw one with the Polygon, Rectangle or Circle tool, or open / drop / paste a file (GeoJSON, KML, KMZ, WKT, zipped Shapefile, GeoPackage).");
    }
    // Only the rows in view are laid out: a file may bring thousands of AOIs.
    let row_height = ui.spacing().interact_size.y + ui.spacing().item_spacing.y;
    egui::ScrollArea::vertical()
        .id_salt("aoi_list")
        .max_height(LIST_HEIGHT)
        .show_rows(ui, row_height, state.aois.len(), |ui, rows| {
            for entry in state.aois.get(rows).unwrap_or_default() {
                aoi_row(ui, state, entry, commands);
            }
        });
}

/// The AOI list's height before it scrolls on its own.
const LIST_HEIGHT: f32 = 360.0;

/// One AOI of the list: shown on the map or not, valid or not, and its name to select it.
fn aoi_row(ui: &mut Ui, state: &AppState, entry: &AoiEntry, commands: &mut Vec<Command>) {
    ui.horizontal(|ui| {
        let mut visible = entry.visible;
        let name = entry.aoi().name.clone();
        let checkbox = ui
            .add(egui::Checkbox::without_text(&mut visible))
            .on_hover_text("Show on the map");
        // No visible text beside it: a screen reader (and a test) still needs its name.
        checkbox.widget_info(|| {
            egui::WidgetInfo::selected(
                egui::Role::CheckBox,
                true,
                visible,
                format!("Show {name} on the map"),
            )
        });
        if checkbox.changed() {
            commands.push(Command::SetVisible(entry.id, visible));
        }
        // A colored dot says valid (green) or not (red); the name stays readable when selected.
        let (dot, _) = ui.allocate_exact_size(egui::vec2(10.0, 10.0), egui::Sense::hover());
        let valid = entry.report.is_valid();
        ui.painter().circle_filled(
            dot.center(),
            4.5,
            if valid { theme::PREVIEW } else { theme::ERROR },
        );
        let text = format!(
            "{}{}",
            entry.aoi().name,
            if valid { "" } else { "  (invalid)" }
        );
        if ui
            .selectable_label(state.selected == Some(entry.id), text)
            .clicked()
        {
            commands.push(Command::Select(Some(entry.id)));
            commands.push(Command::ZoomTo(entry.id));
        }
    });
}

/// Asks before deleting an AOI an order was placed for: the order stands either way, but the
/// AOI is what shows what was bought.
fn delete_ordered_ui(ui: &mut Ui, state: &AppState, commands: &mut Vec<Command>) {
    let Some(entry) = state.delete_asked.and_then(|id| state.entry(id)) else {
        return;
    };
    let id = entry.id;
    let modal = egui::Modal::new(egui::Id::unique("delete_ordered")).show(ui.ctx(), |ui| {
        ui.set_width(380.0);
        ui.heading(format!("Delete {}?", entry.aoi().name));
        if let Some(ordered) = &entry.ordered {
            ui.label(format!(
                "An order was placed for this AOI: {}. Deleting it does not cancel the order, but this window no longer shows what was ordered.",
                ordered.receipt
            ));
        }
        ui.horizontal(|ui| {
            if ui.button("Delete it anyway").clicked() {
                commands.push(Command::DeleteOrdered(id));
            }
            if ui.button("Keep it").clicked() {
                commands.push(Command::KeepOrdered);
            }
        });
    });
    if modal.should_close() {
        commands.push(Command::KeepOrdered);
    }
}

fn selected_ui(ui: &mut Ui, state: &AppState, commands: &mut Vec<Command>) {
    let Some(entry) = state.selected_entry() else {
        ui.label("Select an AOI on the map or in the list.");
        return;
    };
    let id = entry.id;
    let aoi = entry.aoi();
    let mut name = match &state.name_field {
        Some((field_id, text)) if *field_id == id => text.clone(),
        _ => aoi.name.clone(),
    };
    ui.horizontal(|ui| {
        let label = ui.label("Name");
        let field = ui.text_edit_singleline(&mut name).labelled_by(label.id);
        if field.changed() {
            commands.push(Command::SetNameField(id, name.clone()));
        }
        if field.lost_focus() {
            commands.push(Command::CommitName(id));
        }
    });
    ui.horizontal_wrapped(|ui| {
        if ui.button("Zoom to").clicked() {
            commands.push(Command::ZoomTo(id));
        }
        if ui.button("Duplicate").clicked() {
            commands.push(Command::Duplicate(id));
        }
        if ui.button("Delete AOI").clicked() {
            commands.push(Command::Delete(id));
        }
    });
    if let Some(ordered) = &entry.ordered {
        ui.label(format!("Ordered: {}", ordered.receipt));
        if entry.edited_since_ordered() {
            ui.colored_label(
                theme::WARNING,
                "Edited since it was ordered: the order covers the AOI as it was then; Duplicate keeps a copy of this one, Undo goes back.",
            );
        }
    }
    let vertices = aoi.vertex_count();
    let over = vertices > MAX_VERTICES;
    egui::Grid::new("measures")
        .num_columns(2)
        .spacing([12.0, 2.0])
        .show(ui, |ui| {
            ui.label("Vertices");
            ui.label(
                RichText::new(format!("{vertices} / {MAX_VERTICES}")).color(if over {
                    theme::ERROR
                } else {
                    ui.visuals().text_color()
                }),
            );
            ui.end_row();
            if let Some(m) = &entry.measures {
                ui.label("Area");
                ui.label(format!("{:.2} km²", m.area_km2));
                ui.end_row();
                ui.label("Billed area");
                ui.label(billed_text(state, m.area_km2)).on_hover_text(
                    "What the provider invoices (its minimum area applies); choose a mission and offer above for one figure",
                );
                ui.end_row();
                ui.label("Height × width");
                ui.label(format!("{:.2} × {:.2} km", m.height_km, m.width_km));
                ui.end_row();
                ui.label("Narrowest");
                ui.label(format!("{:.2} km", m.min_width_km));
                ui.end_row();
            }
        });
    if entry.measures.is_none() {
        ui.label("No area while the outline crosses itself or cannot be measured.");
    }
    if over {
        if let Some((preview_id, preview)) = &state.simplify_preview
            && *preview_id == id
        {
            ui.label(
                RichText::new(format!(
                    "Preview (green): {} vertices, area {:+.3} %, within {:.0} m of the original",
                    preview.vertices,
                    preview.area_change_percent,
                    preview.tolerance_km * 1000.0
                ))
                .color(theme::PREVIEW),
            );
            ui.horizontal(|ui| {
                if ui.button("Apply simplification").clicked() {
                    commands.push(Command::ApplySimplify(id));
                }
                if ui.button("Cancel").clicked() {
                    commands.push(Command::CancelSimplify);
                }
            });
        } else if ui
            .button(format!("Simplify to {MAX_VERTICES} vertices…"))
            .clicked()
        {
            commands.push(Command::PreviewSimplify(id));
        }
    }
    issues_ui(ui, entry, commands);
}

/// The billed area for the chosen mission and offer, or the range over every pair.
fn billed_text(state: &AppState, area_km2: f64) -> String {
    let targets = state.context().targets;
    if let [(mission, offer)] = targets.as_slice() {
        return format!(
            "{:.1} km² ({} {})",
            billed_area_km2(area_km2, *mission, *offer),
            mission.label(),
            offer.label()
        );
    }
    let billed = targets
        .iter()
        .map(|&(mission, offer)| billed_area_km2(area_km2, mission, offer));
    let low = billed.clone().fold(f64::INFINITY, f64::min);
    let high = billed.fold(0.0, f64::max);
    if (high - low).abs() < 0.05 {
        format!("{low:.1} km²")
    } else {
        format!("{low:.1}–{high:.1} km² by mission")
    }
}

/// Where an issue is: its located point, else its first vertex or edge.
fn issue_place(issue: &crate::aoi::rules::Issue, aoi: &crate::aoi::Aoi) -> Option<LonLat> {
    issue
        .at
        .or_else(|| {
            issue
                .vertices
                .first()
                .and_then(|&v| aoi.ring.get(v).copied())
        })
        .or_else(|| {
            issue
                .segments
                .first()
                .and_then(|&[a, _]| aoi.ring.get(a).copied())
        })
        .filter(|c| c.x.is_finite() && c.y.is_finite() && c.x.abs() <= 180.0 && c.y.abs() <= 90.0)
}

fn issues_ui(ui: &mut Ui, entry: &crate::state::AoiEntry, commands: &mut Vec<Command>) {
    let id = entry.id;
    let issues = &entry.report.issues;
    if issues.is_empty() {
        ui.label(RichText::new("No issue: the providers accept this AOI.").color(theme::PREVIEW));
        return;
    }
    ui.label(RichText::new(format!("Issues ({})", issues.len())).strong());
    for issue in issues {
        let color = if issue.severity == Severity::Error {
            theme::ERROR
        } else {
            theme::WARNING
        };
        let text = RichText::new(format!("[{}] {}", issue.rule.id(), issue.message)).color(color);
        let place = issue_place(issue, entry.aoi());
        let mut response = ui.add(egui::Label::new(text).sense(egui::Sense::click()));
        if place.is_some() {
            response = response.on_hover_text("Click to show it on the map");
        }
        if response.clicked()
            && let Some(at) = place
        {
            commands.push(Command::ZoomToPoint(at));
        }
        let fix = match issue.rule {
            Rule::NotClosed => Some((Fix::CloseRing, "Close ring")),
            Rule::DuplicateVertex => Some((Fix::DropRepeats, "Remove repeats")),
            _ => None,
        };
        if let Some((fix, label)) = fix
            && ui.small_button(label).clicked()
        {
            commands.push(Command::Fix(id, fix));
        }
    }
    if ui.small_button("Orient counter-clockwise").clicked() {
        commands.push(Command::Fix(id, Fix::OrientCounterClockwise));
    }
}

fn files_ui(ui: &mut Ui, state: &AppState, commands: &mut Vec<Command>) {
    ui.label(RichText::new("Files").strong());
    ui.horizontal(|ui| {
        if ui.button("Open files…").clicked() {
            commands.push(Command::OpenDialog);
        }
        if ui.button("Save all…").clicked() {
            commands.push(Command::SaveDialog);
        }
    });
    let label =
        ui.label("Or drop files on the window, paste GeoJSON or WKT (Ctrl+V), or type a path:");
    let mut path = state.path_field.clone();
    let edit = ui
        .add(egui::TextEdit::singleline(&mut path).hint_text("/path/to/aoi.kml"))
        .labelled_by(label.id);
    if edit.changed() {
        commands.push(Command::SetPathField(path.clone()));
    }
    ui.horizontal(|ui| {
        let typed = !path.trim().is_empty();
        if ui.add_enabled(typed, egui::Button::new("Open")).clicked() {
            commands.push(Command::Open(path.trim().into()));
        }
        if ui
            .add_enabled(typed, egui::Button::new("Save all as"))
            .on_hover_text(
                "format by extension: .geojson, .kml, .kmz, .wkt, .gpkg, .zip (Shapefile)",
            )
            .clicked()
        {
            commands.push(Command::SaveAll(path.trim().into()));
        }
    });
    if let Some(entry) = state.selected_entry() {
        ui.horizontal(|ui| {
            if ui.button("Copy as GeoJSON").clicked() {
                commands.push(Command::CopySelected(
                    crate::aoi::formats::Format::GeoJson,
                    entry.id,
                ));
            }
            if ui.button("Copy as WKT").clicked() {
                commands.push(Command::CopySelected(
                    crate::aoi::formats::Format::Wkt,
                    entry.id,
                ));
            }
        });
    }
}

fn notices_ui(ui: &mut Ui, state: &AppState, commands: &mut Vec<Command>) {
    if state.notices.is_empty() {
        return;
    }
    ui.separator();
    for notice in &state.notices {
        let color = if notice.is_error {
            theme::ERROR
        } else {
            ui.visuals().text_color()
        };
        ui.label(RichText::new(&notice.text).color(color));
    }
    if ui.small_button("Clear messages").clicked() {
        commands.push(Command::ClearNotices);
    }
}
