//! The attempts on a timeline (egui_plot): acquisition time against incidence angle, one mark
//! per attempt, coloured like its footprint; hover or click a mark as in the list.

use egui::Ui;
use egui_plot::{Plot, PlotPoint, Points};
use time::OffsetDateTime;

use super::{cmd, theme};
use crate::state::command::{Command, TaskingCommand};
use crate::tasking::workflow::{AttemptsAnswer, Selection};

/// How near the pointer must be to a mark, points.
const PICK_RADIUS: f32 = 9.0;

/// Hours from `now` of an attempt (the plot's x).
fn hours_from(now: OffsetDateTime, time: Option<OffsetDateTime>) -> Option<f64> {
    time.map(|t| (t - now).as_seconds_f64() / 3600.0)
}

/// The timeline, `height` points high.
pub fn timeline_ui(
    ui: &mut Ui,
    height: f32,
    answer: &AttemptsAnswer,
    selection: &Selection,
    now: OffsetDateTime,
    commands: &mut Vec<Command>,
) {
    let marks: Vec<(usize, [f64; 2])> = answer
        .attempts
        .iter()
        .enumerate()
        .filter_map(|(i, a)| Some((i, [hours_from(now, a.acquisition)?, a.incidence_deg?])))
        .collect();
    let response = Plot::new("attempts_timeline")
        .height(height)
        .allow_scroll(false)
        .allow_zoom(false)
        .allow_drag(false)
        .allow_boxed_zoom(false)
        .include_y(0.0)
        .x_axis_label("acquisition (UTC)")
        .x_axis_formatter(move |mark, _| {
            let at = now + time::Duration::seconds_f64(mark.value * 3600.0);
            format!(
                "{:02}-{:02} {:02}h",
                u8::from(at.month()),
                at.day(),
                at.hour()
            )
        })
        .set_margin_fraction(egui::Vec2::new(0.06, 0.12))
        .y_axis_label("incidence °")
        .show_crosshair(false)
        .label_formatter(|_| None)
        .show(ui, |plot| {
            for &(i, point) in &marks {
                let attempt = &answer.attempts[i];
                let color = if selection.chosen == Some(i) {
                    theme::FOOTPRINT_SELECTED
                } else if selection.compared == Some(i) {
                    theme::FOOTPRINT_COMPARED
                } else if !attempt.orderable_at(now) {
                    theme::PAST_DEADLINE
                } else {
                    theme::incidence_color(attempt.incidence_deg)
                };
                let big = selection.chosen == Some(i)
                    || selection.hovered == Some(i)
                    || selection.compared == Some(i);
                plot.points(
                    Points::new(attempt.satellite.clone(), vec![point])
                        .radius(if big { 6.0 } else { 3.5 })
                        .color(color),
                );
            }
        });
    let plot_response = &response.response;
    // The plot is pixels: its name says what it shows, for screen readers and test robots.
    let name = format!(
        "Timeline of the {} attempts: acquisition time against incidence",
        marks.len()
    );
    plot_response.widget_info(|| {
        egui::WidgetInfo::labeled(egui::accesskit::Role::Image, true, name.clone())
    });
    if let Some(pointer) = plot_response.hover_pos() {
        let nearest = marks
            .iter()
            .map(|&(i, p)| {
                let screen = response
                    .transform
                    .position_from_point(&PlotPoint::new(p[0], p[1]));
                (i, screen.distance(pointer))
            })
            .filter(|&(_, d)| d <= PICK_RADIUS)
            .min_by(|a, b| a.1.total_cmp(&b.1))
            .map(|(i, _)| i);
        commands.push(cmd(TaskingCommand::Hover(nearest)));
        if plot_response.clicked()
            && let Some(i) = nearest
        {
            commands.push(cmd(TaskingCommand::Choose(i)));
        }
    }
}
