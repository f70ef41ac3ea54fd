//! Everything a person can ask for, as data: the views return `Command`s and the app carries
//! them out here (file reading and writing included), so views never do I/O.

use std::path::PathBuf;

use super::{AoiId, AppState, Tool};
use crate::aoi::edit::Edit;
use crate::aoi::formats::{
    FormatError, ImportReport, export_file, import_file_at_most, import_text,
};
use crate::aoi::measure::bounds;
use crate::aoi::mission::{MAX_VERTICES, Mission, Offer};
use crate::aoi::tools::{close_ring, drop_repeated_vertices, orient_counter_clockwise, simplify};
use crate::aoi::{Aoi, Imported, LonLat};

/// A request from the views.
#[derive(Debug, Clone, PartialEq)]
pub enum Command {
    /// Switch tool.
    SetTool(Tool),
    /// How many vertices the circle tool makes.
    SetCircleVertices(usize),
    /// Select an AOI (or none).
    Select(Option<AoiId>),
    /// Add a finished AOI.
    AddAoi(Aoi),
    /// Edit an AOI.
    Edit(AoiId, Edit),
    /// Delete an AOI (one an order was placed for is asked about first).
    Delete(AoiId),
    /// Delete an AOI an order was placed for: the person said yes.
    DeleteOrdered(AoiId),
    /// Keep the AOI an order was placed for: the person said no.
    KeepOrdered,
    /// Copy an AOI under a new name.
    Duplicate(AoiId),
    /// Show or hide an AOI.
    SetVisible(AoiId, bool),
    /// Undo the last step.
    Undo,
    /// Redo the last undone step.
    Redo,
    /// Fly to an AOI.
    ZoomTo(AoiId),
    /// Fly to every AOI.
    ZoomToAll,
    /// Fly to a point (an issue's place).
    ZoomToPoint(LonLat),
    /// Import a file.
    Open(PathBuf),
    /// Show the open dialog (carried out by the app shell, which owns the window).
    OpenDialog,
    /// Show the save dialog (carried out by the app shell).
    SaveDialog,
    /// Import pasted GeoJSON or WKT.
    Paste(String),
    /// Export every AOI to a file (format by extension).
    SaveAll(PathBuf),
    /// Choose the mission and offer the warnings speak for.
    SetTarget(Option<Mission>, Option<Offer>),
    /// A fix from the tools.
    Fix(AoiId, Fix),
    /// Preview a simplification to the vertex limit.
    PreviewSimplify(AoiId),
    /// Apply the previewed simplification.
    ApplySimplify(AoiId),
    /// Drop the preview.
    CancelSimplify,
    /// Forget the messages.
    ClearNotices,
    /// The path field changed.
    SetPathField(String),
    /// The name field of an AOI changed (applied as a rename when it loses focus).
    SetNameField(AoiId, String),
    /// The name field lost focus: rename the AOI (undoable) if the name changed.
    CommitName(AoiId),
    /// Copy an AOI to the clipboard in a format (the app puts `clipboard` on the clipboard).
    CopySelected(crate::aoi::formats::Format, AoiId),
    /// A step of the tasking workflow (carried out by the app shell, which owns the jobs).
    Tasking(TaskingCommand),
    /// A step of tasking through UP42 (carried out by the app shell, which owns the jobs).
    Up42(super::up42::Up42Command),
}

/// What a person asks of the tasking workflow.
#[derive(Debug, Clone, PartialEq)]
pub enum TaskingCommand {
    /// Load the contracts again.
    LoadContracts,
    /// The form changed.
    SetForm(crate::tasking::workflow::form::TaskingForm),
    /// `Check feasibility`.
    CheckFeasibility,
    /// `Get attempts`.
    GetAttempts,
    /// Stop waiting for a request.
    Cancel(crate::tasking::RequestId),
    /// Hover an attempt (list, map, timeline), or none.
    Hover(Option<usize>),
    /// Choose the attempt to order.
    Choose(usize),
    /// Compare an attempt with the chosen one (or stop comparing).
    Compare(Option<usize>),
    /// Set a production option.
    SetOption(String, String),
    /// `Compare offers`: every mission and offer the contract allows, at once.
    CompareOffers,
    /// Stop waiting for the comparison's answers.
    CancelCompare,
    /// Sort the compare table by a column.
    SortCompare(crate::tasking::compare::SortKey),
    /// Open a row of the compare table: its mission and offer in the form, asked as today.
    OpenCompareRow(usize),
    /// `Order…`: open the confirmation.
    OpenOrder,
    /// Edit the customer reference in the confirmation.
    SetReference(String),
    /// Buy again despite an earlier purchase of the same image (the second choice).
    BuyAgain(bool),
    /// Close the confirmation without ordering.
    CloseConfirmation,
    /// `Confirm order`.
    Confirm,
    /// `Check` an unclear outcome.
    CheckOrder,
    /// Start over after an order was placed or refused.
    NewOrder,
    /// The connection settings changed (not applied yet).
    EditConnection(super::connection::Draft),
    /// `Connect`: apply the connection settings.
    Connect,
    /// Show a view of the right-hand panel.
    ShowView(super::PanelView),
    /// The taskings' filters changed (not asked yet).
    SetTaskingQuery(crate::tasking::tracking::TaskingQuery),
    /// Ask for the taskings (the filters' page).
    LoadTaskings,
    /// Open a tasking's acquisitions.
    OpenTasking(crate::api::ids::TaskingId),
    /// Close the tasking's detail.
    CloseTasking,
    /// Open a Pléiades Neo order item's coverage.
    OpenOrderItem(String),
    /// Close the order item's coverage.
    CloseOrderItem,
    /// Show the imagery delivered to the contract's workspace.
    ShowDelivered,
    /// Hide the delivered imagery.
    HideDelivered,
    /// The quotations' filters changed.
    SetQuotationFilter(crate::tasking::tracking::QuotationFilter),
    /// Ask for the quotations.
    LoadQuotations,
    /// Ask for the UP42 orders.
    LoadUp42Orders,
    /// Show a UP42 order's AOI on the map (none: hide it).
    OpenUp42Order(Option<crate::api::ids::OrderId>),
    /// Open the confirmation of a decision.
    Ask(crate::tasking::act::Act),
    /// `Confirm` the decision: sent once.
    ConfirmAct,
    /// Close the decision's confirmation.
    CloseAct,
    /// `Check` an unclear decision.
    CheckAct,
    /// Clear a decision that ended.
    DismissAct,
    /// Look up a call an earlier run sent without a clear answer (a journal entry's id).
    CheckUnclear(String),
}

/// The fewest vertices the circle tool makes.
pub const MIN_CIRCLE_VERTICES: usize = 8;

/// The fixes a person can ask for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fix {
    /// Repeat the first position at the end.
    CloseRing,
    /// Drop consecutive repeats.
    DropRepeats,
    /// Wind counter-clockwise.
    OrientCounterClockwise,
}

impl AppState {
    /// Carries out a command.
    pub fn execute(&mut self, command: Command) {
        match command {
            Command::SetTool(tool) => {
                self.tool = tool;
            }
            Command::SetCircleVertices(n) => {
                self.circle_vertices = n.clamp(MIN_CIRCLE_VERTICES, MAX_VERTICES);
            }
            Command::Select(id) => self.selected = id,
            Command::AddAoi(aoi) => {
                self.add(aoi);
                self.tool = Tool::Edit;
            }
            Command::Edit(id, edit) => self.edit(id, edit),
            Command::Delete(id) => self.delete(id),
            Command::DeleteOrdered(id) => self.delete_ordered(id),
            Command::KeepOrdered => self.delete_asked = None,
            Command::Duplicate(id) => {
                if let Some(entry) = self.entry(id) {
                    let mut copy = entry.aoi().clone();
                    copy.name = format!("{} (copy)", copy.name);
                    self.add(copy);
                }
            }
            Command::SetVisible(id, visible) => {
                if let Some(entry) = self.aois.iter_mut().find(|e| e.id == id) {
                    entry.visible = visible;
                }
            }
            Command::Undo => {
                if !self.undo() {
                    self.notify("nothing to undo", false);
                }
            }
            Command::Redo => {
                if !self.redo() {
                    self.notify("nothing to redo", false);
                }
            }
            Command::ZoomTo(id) => {
                if let Some(entry) = self.entry(id) {
                    self.zoom_request = finite_bounds(&entry.aoi().ring);
                }
            }
            Command::ZoomToAll => {
                let all: Vec<LonLat> = self
                    .aois
                    .iter()
                    .flat_map(|e| e.aoi().ring.clone())
                    .collect();
                self.zoom_request = finite_bounds(&all);
            }
            Command::ZoomToPoint(at) => {
                let d = 0.01;
                self.zoom_request = Some((
                    LonLat {
                        x: at.x - d,
                        y: at.y - d,
                    },
                    LonLat {
                        x: at.x + d,
                        y: at.y + d,
                    },
                ));
            }
            Command::Open(path) => {
                let result = import_file_at_most(&path, MAX_OPENED);
                self.finish_open(&path, result);
            }
            Command::Paste(text) => match import_text(&text, "Pasted AOI") {
                Ok(report) => self.take_import("the clipboard", report),
                Err(error) => self.notify(
                    format!("the pasted text is not a GeoJSON or WKT polygon: {error}"),
                    true,
                ),
            },
            Command::SaveAll(path) => {
                let aois = self.all_aois();
                let result = export_file(&path, &aois);
                self.finish_save(&path, aois.len(), result);
            }
            Command::SetTarget(mission, offer) => {
                self.target = (mission, offer);
                self.revalidate_all();
            }
            Command::Fix(id, fix) => {
                if let Some(entry) = self.entry(id) {
                    let ring = &entry.aoi().ring;
                    let fixed = match fix {
                        Fix::CloseRing => close_ring(ring),
                        Fix::DropRepeats => drop_repeated_vertices(ring),
                        Fix::OrientCounterClockwise => orient_counter_clockwise(ring),
                    };
                    self.edit(id, Edit::ReplaceRing(fixed));
                }
            }
            Command::PreviewSimplify(id) => {
                if let Some(entry) = self.entry(id) {
                    match simplify(&entry.aoi().ring, MAX_VERTICES) {
                        Ok(result) => self.simplify_preview = Some((id, result)),
                        Err(error) => self.notify(error.to_string(), true),
                    }
                }
            }
            Command::ApplySimplify(id) => {
                if let Some((preview_id, result)) = self.simplify_preview.take()
                    && preview_id == id
                {
                    self.edit(id, Edit::ReplaceRing(result.ring));
                }
            }
            Command::CancelSimplify => self.simplify_preview = None,
            Command::ClearNotices => self.notices.clear(),
            // The app shell shows dialogs; reaching here means there was no window to show them in.
            Command::OpenDialog | Command::SaveDialog => {
                self.notify(
                    "file dialogs need the window; type a path below instead",
                    true,
                );
            }
            Command::SetPathField(text) => self.path_field = text,
            Command::SetNameField(id, text) => self.name_field = Some((id, text)),
            Command::CommitName(id) => {
                if let Some((field_id, name)) = self.name_field.take()
                    && field_id == id
                    && self.entry(id).is_some_and(|e| e.aoi().name != name)
                {
                    self.edit(id, Edit::Rename(name));
                }
            }
            // The shell runs these: they start jobs.
            Command::Tasking(_) | Command::Up42(_) => {}
            Command::CopySelected(format, id) => {
                if let Some(aoi) = self.entry(id).map(|e| e.aoi().clone()) {
                    match crate::aoi::formats::export_bytes(format, std::slice::from_ref(&aoi)) {
                        Ok(bytes) => {
                            self.clipboard = Some(String::from_utf8_lossy(&bytes).into_owned());
                            self.notify(
                                format!(
                                    "copied {:?} to the clipboard as {}",
                                    aoi.name,
                                    format.label()
                                ),
                                false,
                            );
                        }
                        Err(error) => self.notify(error.to_string(), true),
                    }
                }
            }
        }
    }

    /// Adds what an import brought and says what came in and what was skipped.
    /// Takes what reading a file gave (read here or on the file thread).
    pub fn finish_open(
        &mut self,
        path: &std::path::Path,
        result: Result<ImportReport, FormatError>,
    ) {
        let label = path.display().to_string();
        match result {
            Ok(report) => self.take_import(&label, report),
            Err(error) => self.notify(open_error(&label, &error), true),
        }
    }

    /// Says how writing `count` AOIs to a file went.
    pub fn finish_save(
        &mut self,
        path: &std::path::Path,
        count: usize,
        result: Result<(), FormatError>,
    ) {
        match result {
            Ok(()) => self.notify(format!("saved {count} AOI(s) to {}", path.display()), false),
            Err(FormatError::Io { source, .. }) => self.notify(
                format!(
                    "{} cannot be written ({source}): choose a folder you can write to",
                    path.display()
                ),
                true,
            ),
            Err(error) => self.notify(format!("{}: {error}", path.display()), true),
        }
    }

    fn take_import(&mut self, source: &str, report: ImportReport) {
        let mut added = 0;
        let mut already = Vec::new();
        let mut skipped = Vec::new();
        let mut first = None;
        for item in report.items {
            match item {
                Imported::Aoi(aoi) => {
                    if let Some(id) = self.same_as(&aoi) {
                        first.get_or_insert(id);
                        already.push(format!("{:?}", aoi.name));
                        continue;
                    }
                    let id = self.add(aoi);
                    first.get_or_insert(id);
                    added += 1;
                }
                Imported::NotPolygon(other) => {
                    skipped.push(format!(
                        "{:?} (a {}, not a polygon)",
                        other.name, other.kind
                    ));
                }
            }
        }
        let mut text = format!("{source}: {added} AOI(s) imported");
        if !already.is_empty() {
            text.push_str(&format!(
                "; already in the project (selected, not copied): {}",
                some_names(&already)
            ));
        }
        if !skipped.is_empty() {
            text.push_str(&format!("; skipped {}", some_names(&skipped)));
        }
        for warning in &report.warnings {
            text.push_str(&format!("; note: {warning}"));
        }
        self.notify(text, false);
        if let Some(id) = first {
            self.selected = Some(id);
            self.execute(Command::ZoomTo(id));
        }
    }
}

/// How many geometries of one file the window opens: a tasking project holds a few AOIs, a
/// parcel layer thousands; a million would stall the map and the duplicate check.
pub const MAX_OPENED: usize = 5_000;

/// How many names a notice lists before "and N more".
const NAMES_LISTED: usize = 5;

/// "a, b, c" or "a, b, c, d, e and 12 more".
fn some_names(names: &[String]) -> String {
    let listed = names[..names.len().min(NAMES_LISTED)].join(", ");
    match names.len().saturating_sub(NAMES_LISTED) {
        0 => listed,
        more => format!("{listed} and {more} more"),
    }
}

/// What went wrong opening a file, and what to do.
fn open_error(label: &str, error: &FormatError) -> String {
    match error {
        FormatError::Io { source, .. } => format!(
            "{label} cannot be opened ({source}): check the path, or drop the file on the window"
        ),
        FormatError::Invalid { .. } => format!(
            "{label}: {error}; check that it is a complete export (open it in a text editor or QGIS)"
        ),
        other => format!("{label}: {other}"),
    }
}

fn finite_bounds(positions: &[LonLat]) -> Option<(LonLat, LonLat)> {
    let finite: Vec<LonLat> = positions
        .iter()
        .copied()
        .filter(|c| c.x.is_finite() && c.y.is_finite() && c.x.abs() <= 180.0 && c.y.abs() <= 90.0)
        .collect();
    (!finite.is_empty()).then(|| bounds(&finite))
}

#[cfg(test)]
mod tests {
    use super::some_names;

    #[test]
    fn a_notice_names_a_few_and_counts_the_rest() {
        let names: Vec<String> = (1..=8).map(|i| format!("z{i}")).collect();
        assert_eq!(some_names(&names[..2]), "z1, z2");
        assert_eq!(some_names(&names), "z1, z2, z3, z4, z5 and 3 more");
        assert_eq!(some_names(&[]), "");
    }
}
