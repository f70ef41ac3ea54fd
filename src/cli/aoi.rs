//! `sattask aoi validate | convert | info`: the AOI engine on files.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Instant;

use clap::{Args, Subcommand};
use serde::Serialize;

use crate::aoi::formats::{Found, export_file, import_file, import_file_each};
use crate::aoi::measure::measure;
use crate::aoi::mission::{Mission, Offer, billed_area_km2};
use crate::aoi::rules::{Issue, Report, ValidationContext, describe_targets, validate_imported};
use crate::aoi::{Imported, mission};

/// Exit code: every AOI valid.
pub const EXIT_VALID: u8 = 0;
/// Exit code: an AOI has an error.
pub const EXIT_INVALID: u8 = 1;
/// Exit code: a file could not be read or written, or the arguments are wrong.
pub const EXIT_UNREADABLE: u8 = 2;

/// AOI commands.
#[derive(Debug, Subcommand)]
pub enum AoiCommand {
    /// Check AOI files against the providers' rules (exit 0 valid, 1 an error found, 2 unreadable file).
    #[command(
        after_help = "Example (from the root of a clone of sattask, whose test files it reads):\n  sattask aoi validate tests/fixtures/rules/valid.geojson --json\n"
    )]
    Validate(ValidateArgs),
    /// Convert an AOI file; formats by extension (.geojson/.json, .kml, .kmz, .wkt, .zip Shapefile, .gpkg GeoPackage).
    #[command(
        after_help = "Example (from the root of a clone of sattask, whose test files it reads):\n  sattask aoi convert tests/fixtures/formats/shapefile/qgis_wgs84.zip /tmp/parcels.geojson\n"
    )]
    Convert {
        /// The file to read.
        input: PathBuf,
        /// The file to write (replaced if it exists).
        output: PathBuf,
    },
    /// Print a readable summary of each AOI of a file: name, vertices, area, size, billed area, issues.
    #[command(
        after_help = "Example (from the root of a clone of sattask, whose test files it reads):\n  sattask aoi info tests/fixtures/rules/valid.geojson --mission PLEIADES\n"
    )]
    Info {
        /// The file to read.
        file: PathBuf,
        /// Only speak for this mission (PLEIADES, PLEIADESNEO, SPOT).
        #[arg(long, value_parser = parse_mission)]
        mission: Option<Mission>,
        /// Only speak for this offer (ONEPLAN, ONEDAY, ONENOW).
        #[arg(long, value_parser = parse_offer)]
        offer: Option<Offer>,
    },
}

/// Arguments of `aoi validate`.
#[derive(Debug, Args)]
pub struct ValidateArgs {
    /// Files to check (GeoJSON, KML, KMZ, WKT, zipped Shapefile, GeoPackage).
    #[arg(required = true)]
    pub files: Vec<PathBuf>,
    /// Print one JSON object per file on stdout.
    #[arg(long)]
    pub json: bool,
    /// Print timings as one JSON line on stderr: {"aois": n, "parse_ms": x, "validate_ms": y}.
    #[arg(long)]
    pub stats: bool,
    /// Only warn for this mission (PLEIADES, PLEIADESNEO, SPOT); all by default.
    #[arg(long, value_parser = parse_mission)]
    pub mission: Option<Mission>,
    /// Only warn for this offer (ONEPLAN, ONEDAY, ONENOW); all by default.
    #[arg(long, value_parser = parse_offer)]
    pub offer: Option<Offer>,
}

fn parse_mission(text: &str) -> Result<Mission, String> {
    Mission::parse(text)
        .ok_or_else(|| format!("unknown mission {text:?}: use PLEIADES, PLEIADESNEO or SPOT"))
}

fn parse_offer(text: &str) -> Result<Offer, String> {
    Offer::parse(text)
        .ok_or_else(|| format!("unknown offer {text:?}: use ONEPLAN, ONEDAY or ONENOW"))
}

/// The warnings' scope from optional mission and offer flags.
fn context(mission: Option<Mission>, offer: Option<Offer>) -> ValidationContext {
    let missions: Vec<Mission> = mission.map_or(Mission::ALL.to_vec(), |m| vec![m]);
    let offers: Vec<Offer> = offer.map_or(Offer::ALL.to_vec(), |o| vec![o]);
    ValidationContext {
        targets: missions
            .iter()
            .flat_map(|&m| offers.iter().map(move |&o| (m, o)))
            .collect(),
    }
}

/// Runs an AOI command, writing to `out` and `err`; returns the exit code.
pub fn run(command: AoiCommand, out: &mut dyn Write, err: &mut dyn Write) -> u8 {
    let result = match command {
        AoiCommand::Validate(args) => validate_files(&args, out, err),
        AoiCommand::Convert { input, output } => convert(&input, &output, out, err),
        AoiCommand::Info {
            file,
            mission,
            offer,
        } => info(&file, &context(mission, offer), out, err),
    };
    // A closed pipe (e.g. `| head`) is not the person's problem to read about.
    result.unwrap_or(EXIT_UNREADABLE)
}

#[derive(Serialize)]
struct AoiJson<'a> {
    name: &'a str,
    valid: bool,
    vertices: usize,
    area_km2: Option<f64>,
    issues: &'a [Issue],
}

/// `aoi validate`'s answer for one file, written as the file is read: each AOI is checked and
/// written before the next is read, so neither the file's AOIs nor the answer are held whole.
struct FileAnswer<'a> {
    path: &'a Path,
    json: bool,
    context: &'a ValidationContext,
    out: &'a mut dyn Write,
    /// The first write that failed; nothing more is written after it.
    failed: Option<std::io::Error>,
    aois: usize,
    any_invalid: bool,
    validate_secs: f64,
}

impl FileAnswer<'_> {
    fn take(&mut self, found: Found) {
        if self.failed.is_some() {
            return;
        }
        let written = match found {
            Found::Warning(warning) if !self.json => {
                writeln!(self.out, "{}: note: {warning}", self.path.display())
            }
            Found::Warning(_) => Ok(()),
            Found::Item(item) => self.check(&item),
        };
        if let Err(error) = written {
            self.failed = Some(error);
        }
    }

    fn check(&mut self, item: &Imported) -> std::io::Result<()> {
        let started = Instant::now();
        let verdict = validate_imported(item, self.context);
        self.validate_secs += started.elapsed().as_secs_f64();
        self.any_invalid |= !verdict.is_valid();
        self.aois += 1;
        if !self.json {
            return write_text_verdict(self.path, item, &verdict, self.out);
        }
        let aoi = AoiJson {
            name: item.name(),
            valid: verdict.is_valid(),
            vertices: vertex_count(item),
            area_km2: verdict.size.map(|m| m.area_km2),
            issues: &verdict.issues,
        };
        let comma = if self.aois == 1 { "" } else { "," };
        write!(self.out, "{comma}{}", to_json(&aoi))
    }
}

fn validate_files(
    args: &ValidateArgs,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> std::io::Result<u8> {
    let context = context(args.mission, args.offer);
    let mut exit = EXIT_VALID;
    let (mut total_secs, mut validate_secs, mut count) = (0.0, 0.0, 0usize);
    for path in &args.files {
        let started = Instant::now();
        if args.json {
            write!(
                out,
                "{{\"file\":{},\"aois\":[",
                to_json(&path.display().to_string())
            )?;
        }
        let mut answer = FileAnswer {
            path,
            json: args.json,
            context: &context,
            out: &mut *out,
            failed: None,
            aois: 0,
            any_invalid: false,
            validate_secs: 0.0,
        };
        let read = import_file_each(path, &mut |found| answer.take(found));
        total_secs += started.elapsed().as_secs_f64();
        validate_secs += answer.validate_secs;
        count += answer.aois;
        let checked_some = answer.aois > 0;
        if let Some(error) = answer.failed {
            return Err(error);
        }
        if answer.any_invalid && exit == EXIT_VALID {
            exit = EXIT_INVALID;
        }
        let error = read.err().map(|error| {
            exit = EXIT_UNREADABLE;
            error.to_string()
        });
        if args.json {
            writeln!(out, "],\"error\":{}}}", to_json(&error))?;
        } else if let Some(error) = error {
            // AOIs read before the damage were checked above; the file as a whole was not read.
            let after = if checked_some {
                " (after the AOIs above)"
            } else {
                ""
            };
            writeln!(err, "{}: cannot be read{after}: {error}", path.display())?;
        }
    }
    if args.stats {
        writeln!(
            err,
            "{}",
            serde_json::json!({
                "aois": count,
                "parse_ms": (total_secs - validate_secs) * 1e3,
                "validate_ms": validate_secs * 1e3,
            })
        )?;
    }
    Ok(exit)
}

fn to_json(value: &impl Serialize) -> String {
    serde_json::to_string(value).unwrap_or_else(|e| format!("{{\"error\":\"{e}\"}}"))
}

fn vertex_count(item: &Imported) -> usize {
    match item {
        Imported::Aoi(aoi) => aoi.vertex_count(),
        Imported::NotPolygon(_) => 0,
    }
}

fn write_text_verdict(
    path: &Path,
    item: &Imported,
    verdict: &Report,
    out: &mut dyn Write,
) -> std::io::Result<()> {
    let state = if verdict.is_valid() {
        "valid"
    } else {
        "INVALID"
    };
    let area = verdict
        .size
        .map(|m| format!(", {:.2} km²", m.area_km2))
        .unwrap_or_default();
    writeln!(
        out,
        "{}: {:?}: {state} ({} vertices{area})",
        path.display(),
        item.name(),
        vertex_count(item)
    )?;
    write_issues(&verdict.issues, out)
}

fn write_issues(issues: &[Issue], out: &mut dyn Write) -> std::io::Result<()> {
    for issue in issues {
        let severity = match issue.severity {
            crate::aoi::Severity::Error => "error",
            crate::aoi::Severity::Warning => "warning",
        };
        writeln!(out, "  {severity} [{}] {}", issue.rule.id(), issue.message)?;
    }
    Ok(())
}

fn convert(
    input: &Path,
    output: &Path,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> std::io::Result<u8> {
    let report = match import_file(input) {
        Ok(report) => report,
        Err(error) => {
            writeln!(err, "{}: cannot be read: {error}", input.display())?;
            return Ok(EXIT_UNREADABLE);
        }
    };
    for warning in &report.warnings {
        writeln!(err, "{}: note: {warning}", input.display())?;
    }
    for item in &report.items {
        if let Imported::NotPolygon(other) = item {
            writeln!(
                err,
                "{}: skipped {:?}: a {} is not a polygon AOI",
                input.display(),
                other.name,
                other.kind
            )?;
        }
    }
    let aois: Vec<_> = report.aois().cloned().collect();
    if aois.is_empty() {
        writeln!(
            err,
            "{}: holds no polygon, nothing to write",
            input.display()
        )?;
        return Ok(EXIT_UNREADABLE);
    }
    if let Err(error) = export_file(output, &aois) {
        writeln!(err, "{}: cannot be written: {error}", output.display())?;
        return Ok(EXIT_UNREADABLE);
    }
    writeln!(out, "wrote {} AOI(s) to {}", aois.len(), output.display())?;
    Ok(EXIT_VALID)
}

fn info(
    path: &Path,
    context: &ValidationContext,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> std::io::Result<u8> {
    // Each AOI is described as it is read, so a large file is never held whole.
    let (mut exit, mut failed, mut described) = (EXIT_VALID, None, 0usize);
    let read = import_file_each(path, &mut |found| {
        if failed.is_some() {
            return;
        }
        let written = match found {
            Found::Warning(warning) => writeln!(out, "note: {warning}"),
            Found::Item(item) => describe(&item, context, out).map(|valid| {
                described += 1;
                if !valid {
                    exit = EXIT_INVALID;
                }
            }),
        };
        failed = written.err();
    });
    if let Some(error) = failed {
        return Err(error);
    }
    if let Err(error) = read {
        let after = if described > 0 {
            " (after the AOIs above)"
        } else {
            ""
        };
        writeln!(err, "{}: cannot be read{after}: {error}", path.display())?;
        return Ok(EXIT_UNREADABLE);
    }
    Ok(exit)
}

/// One AOI's summary; whether it is valid.
fn describe(
    item: &Imported,
    context: &ValidationContext,
    out: &mut dyn Write,
) -> std::io::Result<bool> {
    let verdict = validate_imported(item, context);
    writeln!(out, "{}", item.name())?;
    let measures = match item {
        Imported::Aoi(aoi) if verdict.size.is_some() => measure(aoi),
        _ => None,
    };
    match (item, &measures) {
        (Imported::NotPolygon(other), _) => writeln!(out, "  a {}, not a polygon", other.kind)?,
        (Imported::Aoi(aoi), None) => {
            writeln!(out, "  {} positions, no measurable shape", aoi.ring.len())?
        }
        (Imported::Aoi(_), Some(m)) => {
            writeln!(
                out,
                "  vertices   {} / {}",
                m.vertices,
                mission::MAX_VERTICES
            )?;
            writeln!(out, "  area       {:.2} km²", m.area_km2)?;
            writeln!(
                out,
                "  size       {:.2} km north-south × {:.2} km east-west (narrowest {:.2} km)",
                m.height_km, m.width_km, m.min_width_km
            )?;
            writeln!(out, "  perimeter  {:.2} km", m.perimeter_km)?;
            writeln!(out, "  centroid   {:.6}, {:.6}", m.centroid.x, m.centroid.y)?;
            let mut billed: Vec<(f64, Vec<(Mission, Offer)>)> = Vec::new();
            for &(mission, offer) in &context.targets {
                let km2 = billed_area_km2(m.area_km2, mission, offer);
                match billed.iter_mut().find(|(k, _)| *k == km2) {
                    Some((_, targets)) => targets.push((mission, offer)),
                    None => billed.push((km2, vec![(mission, offer)])),
                }
            }
            for (km2, targets) in billed {
                let who = describe_targets(&targets, &context.targets);
                writeln!(out, "  billed     {km2:.1} km² for {who}")?;
            }
        }
    }
    if verdict.issues.is_empty() {
        writeln!(out, "  no issues")?;
    } else {
        write_issues(&verdict.issues, out)?;
    }
    Ok(verdict.is_valid())
}
