//! What the app knows: the AOIs with what is derived from them (validation, a revision),
//! the selection, the tool, the history, and the messages for the person; what the views ask
//! for (`command`); the connection settings (`connection`). No egui here: the views (`ui`)
//! read this and return commands, the app (`app`) applies them and runs the jobs, so neither
//! imports the other's way back.

pub mod command;
pub mod connection;
pub mod up42;

use crate::aoi::edit::EditableAoi;
use crate::aoi::measure::{Measures, measure};
use crate::aoi::mission::{Mission, Offer};
use crate::aoi::rules::{Report, ValidationContext, validate};
use crate::aoi::tools::Simplified;
use crate::aoi::{Aoi, LonLat};

pub use crate::aoi::AoiId;

/// One AOI of the list and what is derived from it (recomputed on every edit, never per frame).
#[derive(Debug, Clone)]
pub struct AoiEntry {
    /// Stable id.
    pub id: AoiId,
    /// The AOI with its undo history.
    pub editable: EditableAoi,
    /// Shown on the map.
    pub visible: bool,
    /// Its validation.
    pub report: Report,
    /// Its measures for the panel, when the report found a measurable shape.
    pub measures: Option<Measures>,
    /// Bumped on every change of the AOI, so views know when what they derived is stale.
    pub revision: u64,
    /// The order placed for it in this session, with the AOI as it was ordered.
    pub ordered: Option<Ordered>,
}

/// An order placed for an AOI: what the service said, and the AOI as it was when ordered (an
/// edit makes a new revision; this one stays as ordered).
#[derive(Debug, Clone, PartialEq)]
pub struct Ordered {
    /// The receipt ("order SAL1 placed for 7 392.00 EUR").
    pub receipt: String,
    /// The AOI's outer ring as ordered.
    pub ring: Vec<LonLat>,
    /// The revision that was ordered.
    pub revision: u64,
}

impl AoiEntry {
    /// Whether it was edited since it was ordered.
    pub fn edited_since_ordered(&self) -> bool {
        self.ordered
            .as_ref()
            .is_some_and(|o| o.ring != self.editable.aoi().ring)
    }
}

/// An AOI's validation, and its measures when it has a measurable shape.
fn assess(aoi: &Aoi, context: &ValidationContext) -> (Report, Option<Measures>) {
    let report = validate(aoi, context);
    let measures = report.size.and_then(|_| measure(aoi));
    (report, measures)
}

impl AoiEntry {
    /// The AOI.
    pub fn aoi(&self) -> &Aoi {
        self.editable.aoi()
    }
}

/// The footprints shown on the map, with a revision bumped whenever they are replaced or their
/// selection changes (the map re-projects them only then).
#[derive(Debug, Clone, Default)]
pub struct Footprints {
    items: Vec<Footprint>,
    revision: u64,
}

impl Footprints {
    /// Replaces every footprint.
    pub fn set(&mut self, items: Vec<Footprint>) {
        self.items = items;
        self.revision += 1;
    }

    /// Selects the footprint at `index` (none with `None`).
    pub fn select(&mut self, index: Option<usize>) {
        for (i, footprint) in self.items.iter_mut().enumerate() {
            footprint.selected = Some(i) == index;
        }
        self.revision += 1;
    }

    /// Marks the chosen, compared and hovered footprints; a change bumps the revision.
    pub fn highlight(
        &mut self,
        chosen: Option<usize>,
        compared: Option<usize>,
        hovered: Option<usize>,
    ) {
        let changed = self.items.iter().enumerate().any(|(i, f)| {
            f.selected != (Some(i) == chosen)
                || f.compared != (Some(i) == compared)
                || f.hovered != (Some(i) == hovered)
        });
        if !changed {
            return;
        }
        for (i, footprint) in self.items.iter_mut().enumerate() {
            footprint.selected = Some(i) == chosen;
            footprint.compared = Some(i) == compared;
            footprint.hovered = Some(i) == hovered;
        }
        self.revision += 1;
    }

    /// The footprints.
    pub fn items(&self) -> &[Footprint] {
        &self.items
    }

    /// Changes whenever the footprints do.
    pub fn revision(&self) -> u64 {
        self.revision
    }
}

/// An acquisition footprint to show on the map (attempts, acquisitions), parsed on arrival.
#[derive(Debug, Clone, PartialEq)]
pub struct Footprint {
    /// Its outline, lon/lat.
    pub ring: Vec<LonLat>,
    /// A short label (satellite and date).
    pub label: String,
    /// The one being looked at.
    pub selected: bool,
    /// Its incidence angle, degrees (the map colours attempts by it).
    pub incidence_deg: Option<f64>,
    /// What it is (an attempt, an acquisition by its status, the AOI of a tasking).
    pub kind: FootprintKind,
    /// Under the pointer in the list, on the map or on the timeline.
    pub hovered: bool,
    /// The second one of a comparison.
    pub compared: bool,
}

/// The connection as the settings show it.
#[derive(Debug, Clone, Default)]
pub struct ConnectionView {
    /// In use now.
    pub choice: connection::Choice,
    /// Where the OneAtlas key came from or was kept.
    pub key_note: Option<String>,
    /// What the person is editing.
    pub draft: connection::Draft,
    /// A reconnection is on its way.
    pub connecting: bool,
}

/// What a footprint on the map is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum FootprintKind {
    /// A proposed acquisition attempt (coloured by incidence).
    #[default]
    Attempt,
    /// An acquisition validated (it counts).
    Validated,
    /// An acquisition waiting for the person's decision.
    Proposed,
    /// An acquisition refused.
    Refused,
    /// The AOI a tasking was ordered for.
    Ordered,
    /// An image delivered to the workspace.
    Delivered,
    /// The part of a tasking's AOI no validated acquisition covers yet.
    ToAcquire,
}

/// Which view the right-hand panel shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum PanelView {
    /// Feasibility, attempts, price, order.
    #[default]
    Task,
    /// The contract's taskings and their acquisitions.
    Taskings,
    /// UP42 quotations.
    Quotations,
}

/// A request on its way, as the spinners show it.
#[derive(Debug, Clone, PartialEq)]
pub struct InFlight {
    /// The request.
    pub id: crate::tasking::RequestId,
    /// What is being asked.
    pub what: &'static str,
    /// Whether it can be cancelled (an order cannot, once sent).
    pub cancellable: bool,
}

/// The drawing tools.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
pub enum Tool {
    /// Select, drag vertices and midpoints.
    #[default]
    Edit,
    /// Click vertices; double-click or Enter finishes.
    Polygon,
    /// Drag a rectangle.
    Rectangle,
    /// Drag from the centre to the radius.
    Circle,
    /// Drag the whole selected AOI.
    Move,
}

impl Tool {
    /// Every tool, in toolbar order.
    pub const ALL: [Tool; 5] = [
        Tool::Edit,
        Tool::Polygon,
        Tool::Rectangle,
        Tool::Circle,
        Tool::Move,
    ];

    /// Its label.
    pub fn label(self) -> &'static str {
        match self {
            Tool::Edit => "Edit",
            Tool::Polygon => "Polygon",
            Tool::Rectangle => "Rectangle",
            Tool::Circle => "Circle",
            Tool::Move => "Move AOI",
        }
    }
}

/// A step of the project-wide history.
#[derive(Debug, Clone)]
enum Step {
    /// An edit of one AOI (its own history holds the detail).
    Edit(AoiId),
    /// An AOI was added.
    Added(AoiEntry),
    /// An AOI was deleted from a place in the list.
    Deleted(usize, AoiEntry),
}

/// A message for the person, with how serious it is.
#[derive(Debug, Clone, PartialEq)]
pub struct Notice {
    /// What happened and what to do.
    pub text: String,
    /// An error (red) or information.
    pub is_error: bool,
}

/// The whole state of the app.
#[derive(Debug, Default)]
pub struct AppState {
    /// The AOIs, in list order.
    pub aois: Vec<AoiEntry>,
    /// The selected AOI.
    pub selected: Option<AoiId>,
    /// An AOI an order was placed for, whose deletion waits for a yes.
    pub delete_asked: Option<AoiId>,
    /// The active tool.
    pub tool: Tool,
    /// The mission and offer the warnings speak for.
    pub target: (Option<Mission>, Option<Offer>),
    /// Vertices of a circle drawn with the circle tool.
    pub circle_vertices: usize,
    /// A simplification preview for the selected AOI.
    pub simplify_preview: Option<(AoiId, Simplified)>,
    /// Messages (import reports, errors).
    pub notices: Vec<Notice>,
    /// The path typed in the file field.
    pub path_field: String,
    /// A name being typed for an AOI, kept until the field loses focus.
    pub name_field: Option<(AoiId, String)>,
    /// Set when the AOIs changed since the last save.
    pub dirty: bool,
    /// Acquisition footprints shown over the AOIs.
    pub footprints: Footprints,
    /// Text to put on the clipboard, taken by the app.
    pub clipboard: Option<String>,
    /// A place to fly the map to (south-west, north-east corners), taken by the map view.
    pub zoom_request: Option<(LonLat, LonLat)>,
    /// The tasking workflow (form, answers, order).
    pub tasking: crate::tasking::workflow::Workflow,
    /// Requests on their way, for the spinners.
    pub in_flight: Vec<InFlight>,
    /// Where requests go, in words; `None` when the app has no connection.
    pub endpoint: Option<String>,
    /// Following orders: taskings, acquisitions, quotations, decisions.
    pub tracking: crate::tasking::tracking::Tracking,
    /// The view of the right-hand panel.
    pub view: PanelView,
    /// The connection settings: what is in use and what is being edited.
    pub connection: ConnectionView,
    /// The share of the AOI the chosen and compared attempts both cover, 0..=1 (computed on
    /// change).
    pub compare_shared: Option<f64>,
    /// Every offer at once for the selected AOI (`Compare offers`).
    pub offers: crate::tasking::compare::Comparison<crate::tasking::workflow::AoiKey>,
    /// The provider the Task tab tasks through.
    pub provider: up42::TaskProvider,
    /// Tasking through UP42: catalogue, form, estimate, order.
    pub up42: crate::tasking::up42_task::Up42Task,
    /// The column the compare table is sorted by (none: the order of the pairs).
    pub offers_sort: Option<crate::tasking::compare::SortKey>,
    next_id: AoiId,
    undo: Vec<Step>,
    redo: Vec<Step>,
}

impl AppState {
    /// A state with the given AOIs.
    pub fn with_aois(aois: Vec<Aoi>) -> Self {
        let mut state = AppState {
            circle_vertices: 64,
            ..AppState::default()
        };
        for aoi in aois {
            let entry = state.new_entry(aoi);
            state.aois.push(entry);
        }
        state.selected = state.aois.first().map(|e| e.id);
        state
    }

    /// The validation context from the chosen mission and offer.
    pub fn context(&self) -> ValidationContext {
        let missions = self.target.0.map_or(Mission::ALL.to_vec(), |m| vec![m]);
        let offers = self.target.1.map_or(Offer::ALL.to_vec(), |o| vec![o]);
        ValidationContext {
            targets: missions
                .iter()
                .flat_map(|&m| offers.iter().map(move |&o| (m, o)))
                .collect(),
        }
    }

    fn new_entry(&mut self, aoi: Aoi) -> AoiEntry {
        self.next_id.0 += 1;
        let (report, measures) = assess(&aoi, &self.context());
        AoiEntry {
            id: self.next_id,
            editable: EditableAoi::new(aoi),
            visible: true,
            report,
            measures,
            revision: 0,
            ordered: None,
        }
    }

    /// Recomputes what is derived from an AOI after it changed.
    pub fn refresh(&mut self, id: AoiId) {
        let context = self.context();
        if let Some(entry) = self.aois.iter_mut().find(|e| e.id == id) {
            (entry.report, entry.measures) = assess(entry.editable.aoi(), &context);
            entry.revision += 1;
        }
        if self
            .simplify_preview
            .as_ref()
            .is_some_and(|(p, _)| *p == id)
        {
            self.simplify_preview = None;
        }
        self.dirty = true;
    }

    /// Revalidates every AOI (after the mission or offer changed).
    pub fn revalidate_all(&mut self) {
        let context = self.context();
        for entry in &mut self.aois {
            (entry.report, entry.measures) = assess(entry.editable.aoi(), &context);
            entry.revision += 1;
        }
    }

    /// The entry with this id.
    pub fn entry(&self, id: AoiId) -> Option<&AoiEntry> {
        self.aois.iter().find(|e| e.id == id)
    }

    /// The selected entry.
    pub fn selected_entry(&self) -> Option<&AoiEntry> {
        self.selected.and_then(|id| self.entry(id))
    }

    /// Adds an AOI (undoable) and selects it.
    pub fn add(&mut self, aoi: Aoi) -> AoiId {
        let entry = self.new_entry(aoi);
        let id = entry.id;
        self.undo.push(Step::Added(entry.clone()));
        self.redo.clear();
        self.aois.push(entry);
        self.selected = Some(id);
        self.dirty = true;
        id
    }

    /// Applies an edit to an AOI (undoable).
    pub fn edit(&mut self, id: AoiId, edit: crate::aoi::edit::Edit) {
        let Some(entry) = self.aois.iter_mut().find(|e| e.id == id) else {
            return;
        };
        let before = entry.editable.aoi().clone();
        match entry.editable.apply(edit) {
            Ok(()) if entry.editable.aoi() != &before => {
                self.undo.push(Step::Edit(id));
                self.redo.clear();
                self.refresh(id);
            }
            Ok(()) => {}
            Err(error) => self.notify(error.to_string(), true),
        }
    }

    /// Deletes an AOI (undoable).
    /// Deletes an AOI; one an order was placed for is only asked about (`delete_asked`) until
    /// [`AppState::delete_ordered`] says yes.
    pub fn delete(&mut self, id: AoiId) {
        if self.entry(id).is_some_and(|e| e.ordered.is_some()) {
            self.delete_asked = Some(id);
            return;
        }
        self.delete_ordered(id);
    }

    /// Marks the AOI of `id` as ordered, as it is now.
    pub fn mark_ordered(&mut self, id: AoiId, receipt: String) {
        if let Some(entry) = self.aois.iter_mut().find(|e| e.id == id) {
            entry.ordered = Some(Ordered {
                receipt,
                ring: entry.editable.aoi().ring.clone(),
                revision: entry.revision,
            });
        }
    }

    /// Deletes an AOI, ordered or not (the person said yes).
    pub fn delete_ordered(&mut self, id: AoiId) {
        self.delete_asked = None;
        if let Some(index) = self.aois.iter().position(|e| e.id == id) {
            let entry = self.aois.remove(index);
            self.undo.push(Step::Deleted(index, entry));
            self.redo.clear();
            if self.selected == Some(id) {
                self.selected = None;
            }
            self.dirty = true;
        }
    }

    /// Undoes the last step; false when there is none.
    pub fn undo(&mut self) -> bool {
        let Some(step) = self.undo.pop() else {
            return false;
        };
        let step = match step {
            Step::Edit(id) => {
                if let Some(entry) = self.aois.iter_mut().find(|e| e.id == id) {
                    entry.editable.undo();
                }
                self.refresh(id);
                self.selected = Some(id);
                Step::Edit(id)
            }
            Step::Added(entry) => {
                self.aois.retain(|e| e.id != entry.id);
                if self.selected == Some(entry.id) {
                    self.selected = None;
                }
                Step::Added(entry)
            }
            Step::Deleted(index, entry) => {
                let id = entry.id;
                self.aois.insert(index.min(self.aois.len()), entry.clone());
                self.selected = Some(id);
                Step::Deleted(index, entry)
            }
        };
        self.redo.push(step);
        self.dirty = true;
        true
    }

    /// Redoes the last undone step; false when there is none.
    pub fn redo(&mut self) -> bool {
        let Some(step) = self.redo.pop() else {
            return false;
        };
        let step = match step {
            Step::Edit(id) => {
                if let Some(entry) = self.aois.iter_mut().find(|e| e.id == id) {
                    entry.editable.redo();
                }
                self.refresh(id);
                Step::Edit(id)
            }
            Step::Added(entry) => {
                self.selected = Some(entry.id);
                self.aois.push(entry.clone());
                Step::Added(entry)
            }
            Step::Deleted(index, entry) => {
                self.aois.retain(|e| e.id != entry.id);
                Step::Deleted(index, entry)
            }
        };
        self.undo.push(step);
        self.dirty = true;
        true
    }

    /// Adds a message for the person.
    pub fn notify(&mut self, text: impl Into<String>, is_error: bool) {
        self.notices.push(Notice {
            text: text.into(),
            is_error,
        });
        if self.notices.len() > 6 {
            self.notices.remove(0);
        }
    }

    /// The selected AOI as the tasking workflow sees it: which revision, and why a provider
    /// would refuse it (its first error), if it would.
    pub fn tasking_target(&self) -> Option<crate::tasking::workflow::Target<'_>> {
        target_of(&self.aois, self.selected)
    }

    /// The AOIs as they are now.
    pub fn all_aois(&self) -> Vec<Aoi> {
        self.aois.iter().map(|e| e.aoi().clone()).collect()
    }

    /// The AOI already in the project with this name and exactly this ring, if any: opening the
    /// same file again selects it instead of adding a copy.
    pub fn same_as(&self, aoi: &Aoi) -> Option<AoiId> {
        self.aois
            .iter()
            .find(|e| e.aoi().name == aoi.name && e.aoi().ring == aoi.ring)
            .map(|e| e.id)
    }
}

/// The AOI `selected` of `aois` as the tasking workflow sees it (a free function so the shell
/// can borrow the AOIs and the workflow apart).
pub fn target_of(
    aois: &[AoiEntry],
    selected: Option<AoiId>,
) -> Option<crate::tasking::workflow::Target<'_>> {
    let entry = aois.iter().find(|e| Some(e.id) == selected)?;
    Some(crate::tasking::workflow::Target {
        key: crate::tasking::workflow::AoiKey {
            id: entry.id,
            revision: entry.revision,
        },
        aoi: entry.aoi(),
        refused: entry
            .report
            .issues
            .iter()
            .find(|i| i.severity == crate::aoi::rules::Severity::Error)
            .map(|i| i.message.as_str()),
    })
}
