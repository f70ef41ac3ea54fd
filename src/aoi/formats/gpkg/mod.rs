//! GeoPackage (`.gpkg`, QGIS's default format for new layers): an SQLite file. Every feature
//! table `gpkg_contents` lists is read in turn, row by row as SQLite steps through it (memory
//! follows one row, not the file), in the CRS `gpkg_spatial_ref_sys` gives it (WKT or EPSG code,
//! reprojected to WGS84 as a Shapefile is), named from a text column as a Shapefile's `.dbf` is.
//! Each polygon of a row's geometry is one AOI, its inner rings its holes; anything else is
//! reported, curves by name. No value the file's SQL computes may outgrow the file (SQLite's
//! length limit), views and virtual tables are not read (their SQL could run without end), and a
//! damaged row is told and skipped.

mod blob;
mod wkb;
mod write;

use std::path::Path;

use rusqlite::types::ValueRef;
use rusqlite::{Connection, OpenFlags, OptionalExtension, limits::Limit};

use self::blob::HeaderError;
use self::wkb::{Part, WkbError};
use super::crs::{Crs, Reprojector};
use super::name_fields::naming_fields;
use super::{FormatError, Sink};
use crate::aoi::model::{Aoi, Imported, LonLat, NotPolygon};

pub(super) use self::write::write;

const FORMAT: &str = "GeoPackage";

/// The largest value (text or blob) SQLite may hold while reading: the memory bound of every
/// importer (BENCHMARKS.md, hostile files).
const MAX_VALUE_BYTES: u64 = 512 * 1024 * 1024;

fn invalid(detail: String) -> FormatError {
    FormatError::Invalid {
        format: FORMAT,
        detail,
    }
}

fn sqlite_error(what: &str, error: &rusqlite::Error) -> FormatError {
    invalid(format!(
        "{what}: {error}; the file is not a GeoPackage or is damaged: export the layer again"
    ))
}

/// Reads a GeoPackage file.
pub(super) fn read_path(
    path: &Path,
    size_bytes: u64,
    out: &mut dyn Sink,
) -> Result<(), FormatError> {
    let connection = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(|error| sqlite_error("it could not be opened as SQLite", &error))?;
    read(&connection, size_bytes, out)
}

/// Reads a GeoPackage held in memory (a copy is handed to SQLite).
pub(super) fn read_bytes(bytes: &[u8], out: &mut dyn Sink) -> Result<(), FormatError> {
    let mut connection = Connection::open_in_memory()
        .map_err(|error| sqlite_error("SQLite could not start", &error))?;
    connection
        .deserialize_read_exact("main", bytes, bytes.len(), true)
        .map_err(|error| sqlite_error("it could not be opened as SQLite", &error))?;
    read(&connection, bytes.len() as u64, out)
}

/// `name` quoted as an SQL identifier.
fn quoted(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

/// A feature table and what it needs to be read.
struct Layer {
    table: String,
    geometry_column: String,
    srs_id: i64,
}

fn read(connection: &Connection, size_bytes: u64, out: &mut dyn Sink) -> Result<(), FormatError> {
    let value_limit =
        i32::try_from(size_bytes.clamp(1024 * 1024, MAX_VALUE_BYTES)).unwrap_or(i32::MAX);
    connection
        .set_limit(Limit::SQLITE_LIMIT_LENGTH, value_limit)
        // A layer is read once, in order: a page cache of 256 KiB (SQLite's default is 2 MiB)
        // is all a scan needs.
        .and_then(|_| {
            connection.execute_batch(
                "PRAGMA query_only = 1; PRAGMA trusted_schema = 0; PRAGMA cache_size = -256;",
            )
        })
        .map_err(|error| sqlite_error("it could not be opened as SQLite", &error))?;
    for required in [
        "gpkg_contents",
        "gpkg_geometry_columns",
        "gpkg_spatial_ref_sys",
    ] {
        if let Err(why) = plain_table(connection, required)? {
            return Err(invalid(format!(
                "{required} {why}: a GeoPackage has gpkg_contents, gpkg_geometry_columns and gpkg_spatial_ref_sys tables; export the layer again from QGIS or GDAL"
            )));
        }
    }
    let layers = layers(connection, out)?;
    let several = layers.len() > 1;
    for layer in layers {
        let label = if several {
            format!("layer {}: ", layer.table)
        } else {
            String::new()
        };
        if let Err(why) = plain_table(connection, &layer.table)? {
            out.warning(format!(
                "{label}the layer {} {why}, so it was not read",
                layer.table
            ));
            continue;
        }
        read_layer(connection, &layer, &label, out)?;
    }
    Ok(())
}

/// Whether `name` is a plain table (not a view or a virtual table, whose reading runs SQL or
/// code of the file's).
fn plain_table(connection: &Connection, name: &str) -> Result<Result<(), String>, FormatError> {
    let found = connection
        .query_row(
            "SELECT type, sql FROM sqlite_master WHERE name = ?1 COLLATE NOCASE",
            [name],
            |row| Ok((row.get::<_, String>(0)?, row.get::<_, Option<String>>(1)?)),
        )
        .optional()
        .map_err(|error| sqlite_error("its table list could not be read", &error))?;
    Ok(match found {
        None => Err("is missing".to_owned()),
        Some((kind, _)) if kind != "table" => Err(format!("is a {kind}, not a table")),
        Some((_, Some(sql)))
            if sql
                .trim_start()
                .to_ascii_uppercase()
                .starts_with("CREATE VIRTUAL") =>
        {
            Err("is a virtual table".to_owned())
        }
        Some(_) => Ok(()),
    })
}

/// The feature layers, in `gpkg_contents` order; what else it lists is told.
fn layers(connection: &Connection, out: &mut dyn Sink) -> Result<Vec<Layer>, FormatError> {
    let contents = |error: rusqlite::Error| sqlite_error("gpkg_contents could not be read", &error);
    let mut statement = connection
        .prepare(
            "SELECT c.table_name, lower(c.data_type), g.column_name, g.srs_id \
             FROM gpkg_contents c LEFT JOIN gpkg_geometry_columns g ON g.table_name = c.table_name \
             ORDER BY c.rowid",
        )
        .map_err(contents)?;
    let mut rows = statement.query([]).map_err(contents)?;
    let mut layers = Vec::new();
    while let Some(row) = rows.next().map_err(contents)? {
        let table: String = row.get(0).map_err(contents)?;
        let data_type: String = row.get(1).map_err(contents)?;
        let column: Option<String> = row.get(2).map_err(contents)?;
        let srs_id: Option<i64> = row.get(3).map_err(contents)?;
        match (data_type.as_str(), column, srs_id) {
            ("features", Some(geometry_column), Some(srs_id)) => layers.push(Layer {
                table,
                geometry_column,
                srs_id,
            }),
            ("features", _, _) => out.warning(format!(
                "the layer {table} has no entry in gpkg_geometry_columns, so its geometry column is unknown and it was not read"
            )),
            (kind, _, _) => out.warning(format!(
                "the layer {table} holds {kind}, not features, and was not read"
            )),
        }
    }
    Ok(layers)
}

/// The CRS of `srs_id`: its WKT definition, else its EPSG code.
fn crs_of(
    connection: &Connection,
    layer: &Layer,
    label: &str,
    out: &mut dyn Sink,
) -> Result<Crs, FormatError> {
    let srs_id = layer.srs_id;
    let found = connection
        .query_row(
            "SELECT definition, organization, organization_coordsys_id FROM gpkg_spatial_ref_sys WHERE srs_id = ?1",
            [srs_id],
            |row| {
                Ok((
                    row.get::<_, Option<String>>(0)?,
                    row.get::<_, Option<String>>(1)?,
                    row.get::<_, Option<i64>>(2)?,
                ))
            },
        )
        .optional()
        .map_err(|error| sqlite_error("gpkg_spatial_ref_sys could not be read", &error))?;
    let Some((definition, organization, code)) = found else {
        return Err(invalid(format!(
            "the layer {} is in SRS {srs_id}, which gpkg_spatial_ref_sys does not define: export the layer again",
            layer.table
        )));
    };
    let epsg = organization
        .filter(|o| o.eq_ignore_ascii_case("EPSG"))
        .and(code)
        .and_then(|code| u32::try_from(code).ok());
    let definition = definition.filter(|d| {
        let d = d.trim();
        !d.is_empty() && !d.eq_ignore_ascii_case("undefined")
    });
    let what = format!(
        "the CRS of layer {} (gpkg_spatial_ref_sys, srs_id {srs_id})",
        layer.table
    );
    let crs = match (definition, epsg) {
        (_, Some(4326)) => Ok(Crs::wgs84()),
        (Some(definition), epsg) => Crs::from_wkt(&definition, epsg),
        (None, Some(epsg)) => Crs::from_epsg(epsg),
        (None, None) => {
            out.warning(format!(
                "{label}the layer {}'s CRS is undefined (srs_id {srs_id}): coordinates assumed to be WGS84 longitude/latitude (EPSG:4326)",
                layer.table
            ));
            Ok(Crs::wgs84())
        }
    }
    .map_err(|error| FormatError::from_crs(FORMAT, &what, error))?;
    for note in crs.notes() {
        out.warning(format!("{label}{note}"));
    }
    Ok(crs)
}

/// The columns that may name a row, in order of preference.
fn name_columns(connection: &Connection, layer: &Layer) -> Result<Vec<String>, FormatError> {
    let columns = |error: rusqlite::Error| {
        sqlite_error(
            &format!("the columns of layer {} could not be read", layer.table),
            &error,
        )
    };
    let mut statement = connection
        .prepare("SELECT name, upper(type) FROM pragma_table_info(?1)")
        .map_err(columns)?;
    let mut rows = statement.query([&layer.table]).map_err(columns)?;
    let mut fields = Vec::new();
    while let Some(row) = rows.next().map_err(columns)? {
        let name: String = row.get(0).map_err(columns)?;
        let kind: String = row.get(1).map_err(columns)?;
        if name != layer.geometry_column {
            fields.push((name.clone(), (name, kind)));
        }
    }
    Ok(naming_fields(fields, |(_, kind)| {
        [
            "TEXT", "CHAR", "CLOB", "INT", "REAL", "FLOA", "DOUB", "NUMERIC",
        ]
        .iter()
        .any(|k| kind.contains(k))
    })
    .into_iter()
    .map(|(name, _)| name)
    .collect())
}

/// A name column's value as text.
fn text_of(value: ValueRef<'_>) -> String {
    match value {
        ValueRef::Text(text) => String::from_utf8_lossy(text).trim().to_owned(),
        ValueRef::Integer(number) => number.to_string(),
        ValueRef::Real(number) => number.to_string(),
        ValueRef::Null | ValueRef::Blob(_) => String::new(),
    }
}

/// How many rows a warning names.
const ROWS_NAMED: usize = 5;

/// Rows of one kind the layer could not use: the first few, and how many.
#[derive(Default)]
struct Rows {
    first: Vec<usize>,
    count: usize,
}

impl Rows {
    fn add(&mut self, row: usize) {
        if self.first.len() < ROWS_NAMED {
            self.first.push(row);
        }
        self.count += 1;
    }

    /// "3, 7 and 12 more".
    fn listed(&self) -> String {
        let named: Vec<String> = self.first.iter().map(usize::to_string).collect();
        match self.count.saturating_sub(named.len()) {
            0 => named.join(", "),
            more => format!("{} and {more} more", named.join(", ")),
        }
    }
}

/// What a layer could not use, told in one line each at its end.
#[derive(Default)]
struct Skipped {
    empty: Rows,
    damaged: Rows,
    /// Why the first damaged row is damaged.
    first_damage: String,
    unsupported: Rows,
    /// The kinds of geometry not read, each once.
    kinds: Vec<&'static str>,
    /// The first row whose blob claims another SRS than its layer's.
    other_srs: Option<(usize, i32)>,
}

impl Skipped {
    fn damaged(&mut self, row: usize, why: String) {
        if self.damaged.count == 0 {
            self.first_damage = why;
        }
        self.damaged.add(row);
    }

    fn warnings(&self, table: &str, layer_srs: i64) -> Vec<String> {
        let mut warnings = Vec::new();
        if self.empty.count > 0 {
            warnings.push(format!(
                "rows {} of layer {table} have an empty geometry and were skipped",
                self.empty.listed()
            ));
        }
        if self.damaged.count > 0 {
            warnings.push(format!(
                "rows {} of layer {table} have a damaged geometry and were skipped (row {}: {}); export the layer again",
                self.damaged.listed(),
                self.damaged.first.first().copied().unwrap_or_default(),
                self.first_damage
            ));
        }
        if self.unsupported.count > 0 {
            warnings.push(format!(
                "rows {} of layer {table} hold {} geometries, which are not read: in QGIS, turn curves into straight segments (Processing > Segmentize by maximum angle) and export again",
                self.unsupported.listed(),
                self.kinds.join(", ")
            ));
        }
        if let Some((row, srs_id)) = self.other_srs {
            warnings.push(format!(
                "row {row} of layer {table} claims SRS {srs_id}, not the layer's {layer_srs}: it was read in the layer's"
            ));
        }
        warnings
    }
}

fn read_layer(
    connection: &Connection,
    layer: &Layer,
    label: &str,
    out: &mut dyn Sink,
) -> Result<(), FormatError> {
    let crs = crs_of(connection, layer, label, out)?;
    let names = name_columns(connection, layer)?;
    let table = &layer.table;
    let damaged_at = |row: usize, error: rusqlite::Error| {
        sqlite_error(
            &format!("layer {table}, row {row} could not be read"),
            &error,
        )
    };
    let columns: Vec<String> = std::iter::once(&layer.geometry_column)
        .chain(&names)
        .map(|c| quoted(c))
        .collect();
    let sql = format!("SELECT {} FROM {}", columns.join(", "), quoted(table));
    let mut statement = connection.prepare(&sql).map_err(|e| damaged_at(0, e))?;
    let mut rows = statement.query([]).map_err(|e| damaged_at(0, e))?;
    let mut reprojector = Reprojector::new(&crs);
    let mut skipped = Skipped::default();
    let mut row_number = 0usize;
    while let Some(row) = rows.next().map_err(|e| damaged_at(row_number + 1, e))? {
        row_number += 1;
        let name = (1..=names.len())
            .filter_map(|index| row.get_ref(index).ok().map(text_of))
            .find(|name| !name.is_empty())
            .unwrap_or_default();
        let blob = match row.get_ref(0).map_err(|e| damaged_at(row_number, e))? {
            ValueRef::Blob(blob) => blob,
            ValueRef::Null => {
                skipped.empty.add(row_number);
                continue;
            }
            _ => {
                skipped.damaged(row_number, "its geometry is not a blob".to_owned());
                continue;
            }
        };
        let parts = blob::header(blob)
            .map_err(|error| match error {
                HeaderError::Damaged(why) => WkbError::Damaged(why),
                HeaderError::Extended => WkbError::Unsupported("extended GeoPackage"),
            })
            .and_then(|header| {
                if i64::from(header.srs_id) != layer.srs_id && skipped.other_srs.is_none() {
                    skipped.other_srs = Some((row_number, header.srs_id));
                }
                wkb::parts(blob.get(header.wkb_start..).unwrap_or_default())
            });
        match parts {
            Ok(parts) if parts.is_empty() => skipped.empty.add(row_number),
            Ok(parts) => push_parts(out, &name, parts, &mut reprojector),
            Err(WkbError::Damaged(why)) => skipped.damaged(row_number, why),
            Err(WkbError::Unsupported(kind)) => {
                skipped.unsupported.add(row_number);
                if !skipped.kinds.contains(&kind) {
                    skipped.kinds.push(kind);
                }
                out.item(Imported::NotPolygon(NotPolygon {
                    name,
                    kind: kind.to_owned(),
                    at: None,
                }));
            }
        }
    }
    for warning in skipped
        .warnings(table, layer.srs_id)
        .into_iter()
        .chain(reprojector.finish())
    {
        out.warning(format!("{label}{warning}"));
    }
    Ok(())
}

/// One AOI per polygon of a row (numbered after the row's name when there are several), one
/// report for anything else.
fn push_parts(out: &mut dyn Sink, name: &str, parts: Vec<Part>, reprojector: &mut Reprojector<'_>) {
    let polygons = parts
        .iter()
        .filter(|p| matches!(p, Part::Polygon(_)))
        .count();
    let mut number = 0;
    for part in parts {
        match part {
            Part::Polygon(rings) => {
                number += 1;
                let mut rings = rings.into_iter().map(|ring| {
                    ring.into_iter()
                        .map(|p| reprojector.lon_lat(p))
                        .collect::<Vec<LonLat>>()
                });
                let ring = rings.next().unwrap_or_default();
                let name = if polygons > 1 && !name.is_empty() {
                    format!("{name} {number}")
                } else {
                    name.to_owned()
                };
                out.item(Imported::Aoi(Aoi {
                    name,
                    ring,
                    holes: rings.collect(),
                }));
            }
            Part::Other { kind, at } => out.item(Imported::NotPolygon(NotPolygon {
                name: name.to_owned(),
                kind: kind.to_owned(),
                at: at.map(|p| reprojector.lon_lat(p)),
            })),
        }
    }
}
