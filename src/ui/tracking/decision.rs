//! A decision's confirmation (what it costs and changes; `Confirm` sends it once) and where it
//! stands afterwards (done, refused, or unknown with `Check`, never a resend).

use egui::{RichText, Ui};

use super::{cmd, theme};
use crate::state::AppState;
use crate::state::command::{Command, TaskingCommand};
use crate::tasking::act::{Act, ActStep};
use crate::tasking::amount;
use crate::tasking::dates::api_date_text;
use crate::tasking::workflow::Slot;

/// What a person decides on when the decision is about an acquisition: when it was taken, at
/// which angle, how clear, and its quicklook.
fn acquisition_ui(ui: &mut Ui, state: &AppState, act: &Act) {
    let (Act::AcceptSegment { segment, .. } | Act::RefuseSegment { segment, .. }) = act else {
        return;
    };
    let tracking = &state.tracking;
    let Some(detail) = tracking
        .segments
        .ready()
        .and_then(|list| list.segments.iter().find(|s| &s.id == segment))
        .and_then(|s| s.as_detail1.as_ref())
    else {
        return;
    };
    egui::Grid::new("acquisition_terms").show(ui, |ui| {
        ui.label("Acquired");
        ui.label(
            detail
                .acquisition_date
                .as_deref()
                .map_or("time not given".to_owned(), api_date_text),
        );
        ui.end_row();
        ui.label("Incidence");
        ui.label(
            detail
                .incidence_angle
                .number()
                .map_or("not given".to_owned(), |a| format!("{a:.1}°")),
        );
        ui.end_row();
        ui.label("Clear sky");
        match (detail.clear_sky_rate.number(), tracking.open_cloud_limit_pct) {
            (Some(clear), Some(limit)) if 100.0 - clear > limit => {
                ui.colored_label(
                    theme::WARNING,
                    format!(
                        "{clear:.0} % of the image ({:.0} % cloud, more than the {limit:.0} % the order accepts)",
                        100.0 - clear
                    ),
                );
            }
            (Some(clear), Some(limit)) => {
                ui.label(format!(
                    "{clear:.0} % of the image ({:.0} % cloud, within the {limit:.0} % the order accepts)",
                    100.0 - clear
                ));
            }
            (Some(clear), None) => {
                ui.label(format!("{clear:.0} % of the image ({:.0} % cloud)", 100.0 - clear));
            }
            (None, _) => {
                ui.label("not given");
            }
        }
        ui.end_row();
        if let Some(catalog_id) = &detail.catalog_id {
            ui.label("Image");
            ui.label(catalog_id);
            ui.end_row();
        }
    });
    let Some(catalog_id) = &detail.catalog_id else {
        ui.label("No quicklook: the service gives no image id for this acquisition.");
        return;
    };
    match tracking.quicklooks.get(catalog_id) {
        Some(Slot::Ready(image)) => {
            let texture = crate::ui::quicklook::texture(ui.ctx(), catalog_id, image);
            let clear = detail
                .clear_sky_rate
                .number()
                .map_or(String::new(), |r| format!(", {r:.0} % clear sky"));
            ui.add(
                egui::Image::new(&texture)
                    .max_size(egui::vec2(256.0, 256.0))
                    .alt_text(format!("Quicklook of {catalog_id}{clear}")),
            );
        }
        Some(Slot::Failed(why)) => {
            ui.colored_label(theme::WARNING, format!("No quicklook: {why}"));
        }
        _ => {
            ui.horizontal(|ui| {
                ui.add(egui::Spinner::new());
                ui.label("Loading the quicklook…");
            });
        }
    }
}

/// What a quotation decision is about: for UP42 its order, workspace, dates and credits (with
/// their worth in euros); for Pléiades Neo its amount and until when it can be accepted.
fn quotation_ui(ui: &mut Ui, state: &AppState, act: &Act) {
    let tracking = &state.tracking;
    let mut rows: Vec<(&str, String)> = Vec::new();
    match act {
        Act::AcceptQuotation { id, .. } | Act::RejectQuotation { id, .. } => {
            // From the quotations list, else from the UP42 order followed.
            let Some(q) = tracking
                .quotations
                .ready()
                .and_then(|page| page.content.iter().find(|q| &q.id == id))
                .or_else(|| {
                    tracking
                        .up42_detail
                        .ready()
                        .and_then(|d| d.quotations.iter().find(|q| &q.id == id))
                })
            else {
                return;
            };
            let date =
                |d: &Option<String>| d.as_deref().map_or("not given".to_owned(), api_date_text);
            rows.push((
                "For order",
                q.order_id
                    .as_ref()
                    .map_or("not given".to_owned(), ToString::to_string),
            ));
            rows.push((
                "Workspace",
                q.workspace_id
                    .as_ref()
                    .map_or("not given".to_owned(), ToString::to_string),
            ));
            rows.push(("Created", date(&q.created_at)));
            rows.push(("Updated", date(&q.updated_at)));
            rows.push((
                "Credits",
                q.credits_price
                    .map_or("not given".to_owned(), amount::credits),
            ));
            let order = q
                .order_id
                .as_ref()
                .and_then(|o| tracking.quoted_orders.get(o.as_str()));
            match order {
                Some(Slot::Ready(order)) => rows.extend(up42_order_rows(order)),
                Some(Slot::Failed(why)) => {
                    rows.push(("Order details", format!("not loaded: {why}")));
                }
                Some(_) => rows.push(("Order details", "loading…".to_owned())),
                None => {}
            }
        }
        Act::NeoQuotation { quotation, .. } => {
            let Some(record) = tracking.neo_orders.ready().and_then(|records| {
                records.iter().find(|r| {
                    r.get("quotationId").and_then(|v| v.as_str()) == Some(quotation.as_str())
                })
            }) else {
                return;
            };
            let text = |key: &str| record.get(key).and_then(|v| v.as_str()).map(str::to_owned);
            let currency = text("currency").unwrap_or_default();
            let total = record
                .get("orderLineAmount")
                .and_then(serde_json::Value::as_f64);
            rows.push((
                "Amount",
                total.map_or("not given".to_owned(), |a| amount::money(a, &currency)),
            ));
            rows.push((
                "Created",
                text("quotationCreationDate").map_or("not given".to_owned(), |d| api_date_text(&d)),
            ));
            rows.push((
                "Valid until",
                text("quotationEndOfValidityDate")
                    .map_or("not given".to_owned(), |d| api_date_text(&d)),
            ));
            rows.push((
                "Reference",
                text("customerReference").unwrap_or_else(|| "none".to_owned()),
            ));
        }
        _ => return,
    }
    egui::Grid::new("quotation_terms").show(ui, |ui| {
        for (name, value) in rows {
            ui.label(name);
            ui.label(value);
            ui.end_row();
        }
    });
}

/// What a UP42 order buys, in words: its product, its AOI's area and its window.
fn up42_order_rows(order: &crate::api::up42::models::Up42Order) -> Vec<(&'static str, String)> {
    let details = order.order_details.as_ref();
    let text = |key: &str| {
        details
            .and_then(|d| d.get(key))
            .and_then(|v| v.as_str())
            .map(api_date_text)
    };
    let area = details
        .and_then(|d| d.get("geometry"))
        .and_then(|g| {
            serde_json::from_value::<crate::api::oneatlas::models::GeoPolygon>(g.clone()).ok()
        })
        .and_then(|polygon| {
            let aoi = crate::aoi::Aoi {
                name: String::new(),
                ring: polygon.outer_ring(),
                holes: Vec::new(),
            };
            crate::aoi::measure::measure(&aoi)
        })
        .map_or("not given".to_owned(), |m| format!("{:.1} km²", m.area_km2));
    vec![
        (
            "Product",
            order
                .display_name
                .clone()
                .or_else(|| order.data_product_id.clone())
                .unwrap_or_else(|| "not given".to_owned()),
        ),
        ("AOI", area),
        (
            "Window",
            format!(
                "{} to {}",
                text("acquisitionStart").unwrap_or_else(|| "?".to_owned()),
                text("acquisitionEnd").unwrap_or_else(|| "?".to_owned())
            ),
        ),
    ]
}

/// Why the footprint of the acquisition a decision is about could not be read, if it could not.
fn unseen_footprint<'a>(state: &'a AppState, act: &Act) -> Option<&'a str> {
    let (Act::AcceptSegment { segment, .. } | Act::RefuseSegment { segment, .. }) = act else {
        return None;
    };
    let list = state.tracking.segments.ready()?;
    let detail = list
        .segments
        .iter()
        .find(|s| &s.id == segment)?
        .as_detail1
        .as_ref()?;
    detail.footprint.problem()
}

/// The confirmation dialog and the decision's state line.
pub fn decision_ui(ui: &mut Ui, state: &AppState, commands: &mut Vec<Command>) {
    match &state.tracking.act {
        ActStep::Idle => {}
        ActStep::Confirming(act) => {
            let modal =
                egui::Modal::new(egui::Id::unique("decision_confirmation")).show(ui.ctx(), |ui| {
                    ui.set_width(420.0);
                    ui.heading(act.title());
                    acquisition_ui(ui, state, act);
                    quotation_ui(ui, state, act);
                    ui.label(act.consequence());
                    if let Some(why) = unseen_footprint(state, act) {
                        ui.colored_label(
                            theme::WARNING,
                            format!(
                                "Its footprint was not seen: the service sent one that cannot be read ({why}), so it is not on the map."
                            ),
                        );
                    }
                    ui.label(
                        "It is sent once; if no clear answer comes back you can check, not resend.",
                    );
                    ui.horizontal(|ui| {
                        if ui.button(RichText::new("Confirm").strong()).clicked() {
                            commands.push(cmd(TaskingCommand::ConfirmAct));
                        }
                        if ui.button("Cancel").clicked() {
                            commands.push(cmd(TaskingCommand::CloseAct));
                        }
                    });
                });
            if modal.should_close() {
                commands.push(cmd(TaskingCommand::CloseAct));
            }
        }
        ActStep::Sending { act, .. } => {
            ui.horizontal(|ui| {
                ui.add(egui::Spinner::new());
                ui.label(format!(
                    "{}: sent once, waiting for the answer",
                    act.title()
                ));
            });
        }
        ActStep::Checking { act, .. } => {
            ui.horizontal(|ui| {
                ui.add(egui::Spinner::new());
                ui.label(format!(
                    "{}: checking whether it went through…",
                    act.title()
                ));
            });
        }
        ActStep::Done { act, message } => {
            ui.colored_label(theme::GOOD, format!("Done: {} ({message})", act.title()));
            if ui.button("Dismiss").clicked() {
                commands.push(cmd(TaskingCommand::DismissAct));
            }
        }
        ActStep::Refused { act, message } => {
            ui.colored_label(
                theme::ERROR,
                format!("Not done: {}: {message}", act.title()),
            );
            if ui.button("Dismiss").clicked() {
                commands.push(cmd(TaskingCommand::DismissAct));
            }
        }
        ActStep::Unknown {
            act,
            message,
            check,
        } => {
            ui.colored_label(
                theme::ERROR,
                RichText::new(format!(
                    "Outcome unknown: {}. It was not resent.",
                    act.title()
                ))
                .strong(),
            );
            ui.label(message);
            ui.label(format!("Check looks up {check}."));
            if ui.button("Check").clicked() {
                commands.push(cmd(TaskingCommand::CheckAct));
            }
        }
    }
}
