//! The app driven without a display (egui_kittest), shared by the GUI tests: the harness and
//! the pointer gestures.

pub mod tasking;

use egui::{Event, Modifiers, PointerButton, Pos2, Vec2};
use egui_kittest::Harness;
use egui_kittest::kittest::NodeT;
use sattask::aoi::Aoi;
use sattask::app::SattaskApp;
use sattask::state::AppState;

/// A 1200 × 800 window running `app`, three frames in.
pub fn harness_with(app: SattaskApp) -> Harness<'static, SattaskApp> {
    harness_sized(app, Vec2::new(1200.0, 800.0))
}

/// A window of `size` points running `app`, three frames in.
pub fn harness_sized(app: SattaskApp, size: Vec2) -> Harness<'static, SattaskApp> {
    let mut harness = Harness::builder().with_size(size).build_ui_state(
        |ui, app: &mut SattaskApp| {
            app.logic(ui.ctx());
            app.show(ui);
        },
        app,
    );
    harness.run_steps(3);
    harness
}

/// A new app holding `aois`, without a project file.
pub fn harness(aois: Vec<Aoi>) -> Harness<'static, SattaskApp> {
    harness_with(SattaskApp::new(AppState::with_aois(aois), None))
}

/// The primary button pressed or released at `pos`.
pub fn press(harness: &mut Harness<'_, SattaskApp>, pos: Pos2, pressed: bool) {
    harness.event(Event::PointerMoved(pos));
    harness.event(Event::PointerButton {
        pos,
        button: PointerButton::Primary,
        pressed,
        modifiers: Modifiers::NONE,
    });
    harness.step();
}

pub fn click(harness: &mut Harness<'_, SattaskApp>, pos: Pos2) {
    press(harness, pos, true);
    press(harness, pos, false);
    harness.step();
}

/// A press at `from`, eight moves to `to`, a release there.
pub fn drag(harness: &mut Harness<'_, SattaskApp>, from: Pos2, to: Pos2) {
    press(harness, from, true);
    for k in 1..=8 {
        harness.event(Event::PointerMoved(from.lerp(to, k as f32 / 8.0)));
        harness.step();
    }
    press(harness, to, false);
    harness.step();
}

/// Every button, checkbox, combo box, text field, link and spin button now on screen, and
/// those without a name.
pub fn unnamed_widgets(harness: &Harness<'_, SattaskApp>) -> (usize, Vec<String>) {
    use egui::accesskit::Role;
    let mut unnamed = Vec::new();
    let mut checked = 0;
    for node in harness.root().children_recursive() {
        let node = node.accesskit_node();
        if matches!(
            node.role(),
            Role::Button
                | Role::CheckBox
                | Role::ComboBox
                | Role::TextInput
                | Role::Link
                | Role::SpinButton
        ) {
            checked += 1;
            let named = node.label().is_some_and(|l| !l.trim().is_empty())
                || node.placeholder().is_some_and(|p| !p.trim().is_empty());
            if !named {
                unnamed.push(format!(
                    "{:?} {:?} {:?}",
                    node.role(),
                    node.id(),
                    node.value()
                ));
            }
        }
    }
    (checked, unnamed)
}

/// Steps until the file thread has read or written what it was given (at most 10 s).
pub fn settle_files(harness: &mut Harness<'_, SattaskApp>) {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    harness.step();
    while harness.state().files_busy() {
        assert!(
            std::time::Instant::now() < deadline,
            "the file thread never answered"
        );
        std::thread::sleep(std::time::Duration::from_millis(2));
        harness.step();
    }
    harness.run_steps(2);
}
