//! Validation: every rule the providers apply to an AOI, judged on the raw positions, each issue
//! with a stable rule id, a severity, a message that says what to do, and where it is.

mod crossing;
mod size;
mod structure;

pub use crossing::{
    Crossing, CrossingKind, MAX_CROSSINGS_LISTED, is_simple_by_sweep, meets_itself,
    self_intersections, self_intersections_brute_force, self_intersections_by_bands,
    self_intersections_by_boxes, self_intersections_by_chains,
};
pub use size::describe_targets;

use serde::Serialize;

use super::measure::{Extent, Size, narrowest_km_of_simple, size_within};
use super::mission::{MIN_PRODUCIBLE_WIDTH_KM, Mission, Offer};
use super::model::{Aoi, Imported, LonLat};

/// A rule's stable id (what scripts match on).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Rule {
    /// The geometry is not a polygon.
    NotPolygon,
    /// The polygon has interior rings.
    Holes,
    /// The last position is not the first.
    NotClosed,
    /// Fewer than 4 positions (or fewer than 3 distinct vertices).
    TooFewPositions,
    /// More than 999 distinct vertices.
    TooManyVertices,
    /// A position repeats the one before it.
    DuplicateVertex,
    /// A coordinate is NaN or infinite.
    NonFinite,
    /// A longitude beyond ±180 or a latitude beyond ±90.
    OutOfRange,
    /// An edge spans more than 180° of longitude.
    Antimeridian,
    /// Two edges cross, touch or overlap.
    SelfIntersection,
    /// Under the 5 km² that can be produced.
    AreaTooSmall,
    /// Under the 1 km width that can be produced.
    TooNarrow,
    /// Outside a mission's automatic-feasibility window: a manual study, slower, priced later.
    ManualFeasibility,
    /// Smaller than the minimum invoiced area: billed as more than drawn.
    BilledArea,
}

impl Rule {
    /// The id as written in JSON.
    pub fn id(self) -> &'static str {
        match self {
            Rule::NotPolygon => "not_polygon",
            Rule::Holes => "holes",
            Rule::NotClosed => "not_closed",
            Rule::TooFewPositions => "too_few_positions",
            Rule::TooManyVertices => "too_many_vertices",
            Rule::DuplicateVertex => "duplicate_vertex",
            Rule::NonFinite => "non_finite",
            Rule::OutOfRange => "out_of_range",
            Rule::Antimeridian => "antimeridian",
            Rule::SelfIntersection => "self_intersection",
            Rule::AreaTooSmall => "area_too_small",
            Rule::TooNarrow => "too_narrow",
            Rule::ManualFeasibility => "manual_feasibility",
            Rule::BilledArea => "billed_area",
        }
    }
}

/// Whether an issue stops the provider from accepting the AOI.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// Accepted, but a person should know (a manual study, a larger bill).
    Warning,
    /// The provider refuses the AOI.
    Error,
}

/// One thing wrong with an AOI, and where.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Issue {
    /// The rule broken.
    pub rule: Rule,
    /// Error or warning.
    pub severity: Severity,
    /// What is wrong and what to do.
    pub message: String,
    /// Raw position indices involved (0-based, as in the file).
    pub vertices: Vec<usize>,
    /// Pairs of edges involved; edge `i` runs from position `i` to the next distinct position.
    pub segments: Vec<[usize; 2]>,
    /// A point to show, lon/lat.
    #[serde(serialize_with = "serialize_at")]
    pub at: Option<LonLat>,
}

fn serialize_at<S: serde::Serializer>(at: &Option<LonLat>, s: S) -> Result<S::Ok, S::Error> {
    match at {
        Some(c) => [c.x, c.y].serialize(s),
        None => s.serialize_none(),
    }
}

impl Issue {
    fn error(rule: Rule, message: String) -> Self {
        Issue {
            rule,
            severity: Severity::Error,
            message,
            vertices: Vec::new(),
            segments: Vec::new(),
            at: None,
        }
    }

    fn warning(rule: Rule, message: String) -> Self {
        Issue {
            severity: Severity::Warning,
            ..Issue::error(rule, message)
        }
    }

    fn with_vertices(mut self, vertices: Vec<usize>) -> Self {
        self.vertices = vertices;
        self
    }

    fn at(mut self, at: LonLat) -> Self {
        self.at = Some(at);
        self
    }
}

/// Which missions and offers the warnings speak for.
#[derive(Debug, Clone, PartialEq)]
pub struct ValidationContext {
    /// The (mission, offer) pairs a person considers.
    pub targets: Vec<(Mission, Offer)>,
}

impl Default for ValidationContext {
    /// Every mission with every offer.
    fn default() -> Self {
        let targets = Mission::ALL
            .iter()
            .flat_map(|&m| Offer::ALL.iter().map(move |&o| (m, o)))
            .collect();
        ValidationContext { targets }
    }
}

impl ValidationContext {
    /// One mission and offer.
    pub fn single(mission: Mission, offer: Offer) -> Self {
        ValidationContext {
            targets: vec![(mission, offer)],
        }
    }
}

/// An AOI's verdict: its issues and, when it has a shape, its size.
#[derive(Debug, Clone, PartialEq)]
pub struct Report {
    /// Every issue, errors first, in ring order within a rule.
    pub issues: Vec<Issue>,
    /// Area, extent and vertex count, when the ring has a measurable shape (not when it crosses
    /// itself or the antimeridian: its area would mean nothing). `measure` gives the rest.
    pub size: Option<Size>,
}

impl Report {
    /// True when no issue is an error.
    pub fn is_valid(&self) -> bool {
        !self.issues.iter().any(|i| i.severity == Severity::Error)
    }
}

/// Validates an AOI against every rule and returns every issue at once.
///
/// ```
/// use sattask::aoi::{Aoi, LonLat, ValidationContext, validate};
/// let c = |x, y| LonLat { x, y };
/// let ring = vec![c(1.4, 43.6), c(1.5, 43.7), c(1.5, 43.6), c(1.4, 43.7), c(1.4, 43.6)];
/// let report = validate(&Aoi::new("bow tie", ring), &ValidationContext::default());
/// assert!(!report.is_valid());
/// assert_eq!(report.issues[0].rule.id(), "self_intersection");
/// assert_eq!(report.issues[0].segments, vec![[0, 2]]);
/// ```
pub fn validate(aoi: &Aoi, context: &ValidationContext) -> Report {
    let distinct = aoi.distinct_vertices();
    // The same positions as the distinct vertices, so one pass serves both.
    let extent = Extent::of(&aoi.ring);
    let in_range = extent.is_some_and(|e| e.in_range);
    let mut issues = structure::check(aoi, &distinct, in_range);
    let blocks_geometry = issues.iter().any(|i| {
        matches!(
            i.rule,
            Rule::NonFinite | Rule::OutOfRange | Rule::TooFewPositions
        )
    });
    let mut size = None;
    if !blocks_geometry {
        issues.extend(crossing::check(&distinct));
        let crosses_antimeridian = issues.iter().any(|i| i.rule == Rule::Antimeridian);
        // A ring that crosses itself has no meaningful area (a bow tie's halves cancel out).
        let crosses_itself = issues.iter().any(|i| i.rule == Rule::SelfIntersection);
        if !crosses_antimeridian && !crosses_itself {
            size = extent.and_then(|extent| size_within(&distinct, &extent));
            if let Some(size) = &size {
                // The narrowest width needs the hull: only when the area leaves room for doubt.
                let narrowest_km = (size.width_at_least_km() < MIN_PRODUCIBLE_WIDTH_KM)
                    .then(|| narrowest_km_of_simple(&distinct, size.centroid));
                issues.extend(size::check(size, narrowest_km, context));
            }
        }
    }
    issues.sort_by_key(|i| std::cmp::Reverse(i.severity));
    Report { issues, size }
}

/// Validates one imported geometry: an AOI as above, anything else as `not_polygon`.
pub fn validate_imported(item: &Imported, context: &ValidationContext) -> Report {
    match item {
        Imported::Aoi(aoi) => validate(aoi, context),
        Imported::NotPolygon(other) => {
            let mut issue = Issue::error(
                Rule::NotPolygon,
                format!(
                    "this is a {}, not a Polygon: providers accept only a Polygon AOI; draw the area around it",
                    other.kind
                ),
            );
            issue.at = other.at;
            Report {
                issues: vec![issue],
                size: None,
            }
        }
    }
}

/// "(lon, lat)" with 6 decimals (10 cm), for messages; absurd values in exponent form.
fn fmt_lon_lat(c: LonLat) -> LonLatText {
    LonLatText(c)
}

/// A position written as "(lon, lat)", straight into the message that holds it.
struct LonLatText(LonLat);

impl std::fmt::Display for LonLatText {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let one = |f: &mut std::fmt::Formatter<'_>, v: f64| {
            if v.abs() < 1e7 {
                write!(f, "{v:.6}")
            } else {
                write!(f, "{v:e}")
            }
        };
        f.write_str("(")?;
        one(f, self.0.x)?;
        f.write_str(", ")?;
        one(f, self.0.y)?;
        f.write_str(")")
    }
}
