//! Reading AOIs from the files people bring (GeoJSON, KML/KMZ, WKT, zipped Shapefile, GeoPackage)
//! and writing them back (the same formats). Every polygon of a file becomes one AOI; anything else is kept as
//! a [`NotPolygon`](super::model::NotPolygon) so it can be reported.

mod archive;
mod crs;
mod geojson;
mod gpkg;
mod kml;
mod name_fields;
mod shapefile;
mod shapefile_write;
mod sink;
mod text;
mod windows_1252;
mod wkt;
mod xml;

use std::path::Path;

use self::sink::Naming;
pub use self::sink::{Found, Sink};
pub use self::wkt::polygon_text as wkt_polygon;
use super::model::{Aoi, Imported};

/// A file format, chosen by the file's extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// `.geojson` / `.json`
    GeoJson,
    /// `.kml`
    Kml,
    /// `.kmz` (zipped KML)
    Kmz,
    /// `.wkt` (one or more POLYGON / MULTIPOLYGON, one per line or separated by whitespace)
    Wkt,
    /// `.zip` holding a Shapefile (.shp, .shx, .dbf, .prj)
    ShapefileZip,
    /// `.gpkg` (GeoPackage: an SQLite file of layers)
    GeoPackage,
}

impl Format {
    /// The format a path's extension names, if any.
    pub fn from_path(path: &Path) -> Option<Format> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        Some(match ext.as_str() {
            "geojson" | "json" => Format::GeoJson,
            "kml" => Format::Kml,
            "kmz" => Format::Kmz,
            "wkt" | "txt" => Format::Wkt,
            "zip" | "shz" => Format::ShapefileZip,
            "gpkg" => Format::GeoPackage,
            _ => return None,
        })
    }

    /// A short name for messages.
    pub fn label(self) -> &'static str {
        match self {
            Format::GeoJson => "GeoJSON",
            Format::Kml => "KML",
            Format::Kmz => "KMZ",
            Format::Wkt => "WKT",
            Format::ShapefileZip => "zipped Shapefile",
            Format::GeoPackage => "GeoPackage",
        }
    }
}

/// What a file brought in: its geometries in file order, and notes about anything assumed.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ImportReport {
    /// Every geometry of the file, polygons and others, in file order.
    pub items: Vec<Imported>,
    /// Things a person should know (an assumed CRS, a reprojection, an ignored part).
    pub warnings: Vec<String>,
}

impl ImportReport {
    /// The AOIs only.
    pub fn aois(&self) -> impl Iterator<Item = &Aoi> {
        self.items.iter().filter_map(|item| match item {
            Imported::Aoi(aoi) => Some(aoi),
            Imported::NotPolygon(_) => None,
        })
    }
}

/// Why a file could not be read or written. Each message says what to do.
#[derive(Debug, thiserror::Error)]
pub enum FormatError {
    /// The extension names no format we read.
    #[error(
        "unknown file type {extension:?}: use .geojson, .json, .kml, .kmz, .wkt, .gpkg or a .zip holding a Shapefile"
    )]
    UnknownExtension {
        /// The extension seen (may be empty).
        extension: String,
    },
    /// The file could not be opened or read.
    #[error(
        "cannot read {path} ({source}): check the path, and that the file exists and may be read"
    )]
    Io {
        /// The path.
        path: String,
        /// The cause.
        #[source]
        source: std::io::Error,
    },
    /// The file is empty.
    #[error("the file is empty: export the AOI again from its source")]
    Empty,
    /// The bytes are not valid for the format.
    #[error("not valid {format}: {detail}")]
    Invalid {
        /// The format expected.
        format: &'static str,
        /// What is wrong and where.
        detail: String,
    },
    /// The file is valid but holds no geometry at all.
    #[error("{format} file holds no geometry: check that it is the file you meant")]
    NoGeometry {
        /// The format.
        format: &'static str,
    },
    /// The data is in a coordinate system we cannot convert.
    #[error(
        "the coordinates are in {crs}, which cannot be converted to WGS84 longitude/latitude ({why}): reproject the layer to EPSG:4326 (in QGIS: Export > Save Features As, CRS EPSG:4326) and import it again"
    )]
    UnsupportedCrs {
        /// The CRS's name, as the file gives it.
        crs: String,
        /// Why it cannot be converted.
        why: String,
    },
}

impl FormatError {
    /// A CRS that cannot be used, in a file of `format`; `what` names where the file gives it
    /// ("the .prj").
    fn from_crs(format: &'static str, what: &str, error: crs::CrsError) -> FormatError {
        match error {
            crs::CrsError::Unreadable(detail) => FormatError::Invalid {
                format,
                detail: format!(
                    "{what} is not a readable coordinate system ({detail}): export the layer again, or in EPSG:4326"
                ),
            },
            crs::CrsError::Unsupported { crs, why } => FormatError::UnsupportedCrs { crs, why },
        }
    }
}

/// Reads a file whole into a report, choosing the format by its extension.
pub fn import_file(path: &Path) -> Result<ImportReport, FormatError> {
    collect(|out| import_file_each(path, out).map(drop))
}

/// Reads a file for the window, keeping at most `max` geometries: a layer of a million parcels
/// would fill memory and the map. The rest are read (to tell how many there are, and to find
/// damage) but not kept, and a note says so.
pub fn import_file_at_most(path: &Path, max: usize) -> Result<ImportReport, FormatError> {
    let mut report = ImportReport::default();
    let mut seen = 0usize;
    import_file_each(path, &mut |found| match found {
        Found::Item(item) => {
            seen += 1;
            if report.items.len() < max {
                report.items.push(item);
            }
        }
        Found::Warning(warning) => report.warnings.push(warning),
    })?;
    if seen > max {
        report.warnings.push(format!(
            "the file holds {seen} geometries: the first {max} were opened; split the file to task the others (`sattask aoi validate` checks them all)"
        ));
    }
    Ok(report)
}

/// Reads a file, choosing the format by its extension, handing each geometry and note to `out`
/// as it is read: memory follows the largest AOI, not the file. Unnamed geometries take the
/// file's name (numbered when there are several). A file that turns out to be damaged part way
/// returns its error after the geometries before the damage were handed on. Returns how many
/// geometries were read.
pub fn import_file_each(path: &Path, out: &mut dyn Sink) -> Result<usize, FormatError> {
    let format = Format::from_path(path).ok_or_else(|| FormatError::UnknownExtension {
        extension: path
            .extension()
            .map(|e| e.to_string_lossy().into_owned())
            .unwrap_or_default(),
    })?;
    let io_error = |source| FormatError::Io {
        path: path.display().to_string(),
        source,
    };
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "AOI".to_owned());
    let mut naming = Naming::new(out, &stem);
    // Text formats are read as streams; a zip is read whole (its directory is at its end).
    if matches!(format, Format::GeoJson | Format::Wkt | Format::Kml) {
        let mut file = text::SeenText::new(std::fs::File::open(path).map_err(io_error)?);
        let read = match format {
            Format::Wkt => wkt::read_from(&mut file, &mut naming),
            Format::Kml => kml::read_kml(&mut file, &mut naming),
            _ => geojson::read_from(&mut file, &mut naming),
        };
        let count = naming.finish();
        if let Some(error) = file.error() {
            return Err(io_error(error));
        }
        if !file.seen_text() {
            return Err(FormatError::Empty);
        }
        read?;
        return some_geometry(format, count);
    }
    if format == Format::GeoPackage {
        // SQLite reads the file page by page itself.
        let size_bytes = std::fs::metadata(path).map_err(io_error)?.len();
        if size_bytes == 0 {
            return Err(FormatError::Empty);
        }
        let read = gpkg::read_path(path, size_bytes, &mut naming);
        let count = naming.finish();
        read?;
        return some_geometry(format, count);
    }
    let bytes = std::fs::read(path).map_err(io_error)?;
    let read = read_bytes(format, &bytes, &mut naming);
    let count = naming.finish();
    read?;
    some_geometry(format, count)
}

/// Reads bytes in a known format. `default_name` names geometries the file leaves unnamed
/// (numbered when there are several).
pub fn import_bytes(
    format: Format,
    bytes: &[u8],
    default_name: &str,
) -> Result<ImportReport, FormatError> {
    collect(|out| {
        let mut naming = Naming::new(out, default_name);
        let read = read_bytes(format, bytes, &mut naming);
        let count = naming.finish();
        read?;
        some_geometry(format, count).map(drop)
    })
}

fn read_bytes(format: Format, bytes: &[u8], out: &mut dyn Sink) -> Result<(), FormatError> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(FormatError::Empty);
    }
    match format {
        Format::GeoJson => geojson::read(bytes, out),
        Format::Kml => kml::read_kml(bytes, out),
        Format::Kmz => kml::read_kmz(bytes, out),
        Format::Wkt => wkt::read(bytes, out),
        Format::ShapefileZip => shapefile::read_zip(bytes, out),
        Format::GeoPackage => gpkg::read_bytes(bytes, out),
    }
}

/// Everything a reading hands on, in one report.
pub(super) fn collect(
    read: impl FnOnce(&mut dyn Sink) -> Result<(), FormatError>,
) -> Result<ImportReport, FormatError> {
    let mut report = ImportReport::default();
    read(&mut report)?;
    Ok(report)
}

/// Refuses a file without geometry.
fn some_geometry(format: Format, count: usize) -> Result<usize, FormatError> {
    match count {
        0 => Err(FormatError::NoGeometry {
            format: format.label(),
        }),
        count => Ok(count),
    }
}

/// Reads text that may be GeoJSON or WKT (a clipboard paste), trying GeoJSON first when it looks like JSON.
pub fn import_text(text: &str, default_name: &str) -> Result<ImportReport, FormatError> {
    let format = if text.trim_start().starts_with('{') {
        Format::GeoJson
    } else {
        Format::Wkt
    };
    import_bytes(format, text.as_bytes(), default_name)
}

/// Writes AOIs in a format chosen by the path's extension.
pub fn export_file(path: &Path, aois: &[Aoi]) -> Result<(), FormatError> {
    let format = Format::from_path(path).ok_or_else(|| FormatError::UnknownExtension {
        extension: path
            .extension()
            .map(|e| e.to_string_lossy().into_owned())
            .unwrap_or_default(),
    })?;
    let bytes = match format {
        // The layer inside the zip or the GeoPackage is named after the file.
        Format::ShapefileZip => shapefile_write::write_zip(aois, &layer_name(path))?,
        Format::GeoPackage => gpkg::write(aois, &layer_name(path))?,
        _ => export_bytes(format, aois)?,
    };
    std::fs::write(path, bytes).map_err(|source| FormatError::Io {
        path: path.display().to_string(),
        source,
    })
}

/// Writes AOIs as a GeoJSON FeatureCollection, each Feature with its named values as properties.
pub fn geojson_with_data<'a>(
    items: impl Iterator<Item = (&'a Aoi, &'a [(String, serde_json::Value)])>,
) -> String {
    geojson::write_features(items)
}

/// Writes AOIs as a KML document, each Placemark with its named values as `<ExtendedData>`.
pub fn kml_with_data<'a>(items: impl Iterator<Item = (&'a Aoi, &'a [(String, String)])>) -> String {
    kml::write_placemarks(items)
}

/// Writes AOIs in a format. Every position is kept as given (no closing, no reordering), except
/// in a Shapefile, whose outer rings are closed and clockwise, and in a GeoPackage, whose rings
/// are closed.
pub fn export_bytes(format: Format, aois: &[Aoi]) -> Result<Vec<u8>, FormatError> {
    match format {
        Format::GeoJson => Ok(geojson::write(aois).into_bytes()),
        Format::Kml => Ok(kml::write_kml(aois).into_bytes()),
        Format::Kmz => kml::write_kmz(aois),
        Format::Wkt => Ok(wkt::write(aois).into_bytes()),
        Format::ShapefileZip => shapefile_write::write_zip(aois, "aois"),
        Format::GeoPackage => gpkg::write(aois, "aois"),
    }
}

/// A Shapefile or GeoPackage layer's name from the file's path: its stem, or "aois".
fn layer_name(path: &Path) -> String {
    path.file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .filter(|s| !s.trim().is_empty())
        .unwrap_or_else(|| "aois".to_owned())
}
