//! Writing a GeoPackage, as a QGIS user wants AOIs back: one Polygon layer named after the file,
//! in WGS84 (EPSG:4326), with `fid`, `geom` and `name` columns, and the tables GeoPackage 1.4
//! requires (`gpkg_spatial_ref_sys` with its -1, 0 and 4326 rows, `gpkg_contents`,
//! `gpkg_geometry_columns`), so GDAL, QGIS and ArcGIS open it without asking. Positions are
//! written as given, except that a ring the AOI leaves open is closed, as the format wants.

use rusqlite::{Connection, params};

use super::{blob, invalid, wkb};
use crate::aoi::formats::FormatError;
use crate::aoi::model::{Aoi, LonLat};

/// `PRAGMA application_id` of a GeoPackage: "GPKG".
const APPLICATION_ID: i32 = 0x4750_4B47;
/// `PRAGMA user_version` of GeoPackage 1.4.0.
const USER_VERSION: i32 = 10_400;
/// WGS84 longitude/latitude, as GDAL writes it in `gpkg_spatial_ref_sys`.
const WGS84_WKT: &str = r#"GEOGCS["WGS 84",DATUM["WGS_1984",SPHEROID["WGS 84",6378137,298.257223563,AUTHORITY["EPSG","7030"]],AUTHORITY["EPSG","6326"]],PRIMEM["Greenwich",0,AUTHORITY["EPSG","8901"]],UNIT["degree",0.0174532925199433,AUTHORITY["EPSG","9122"]],AXIS["Latitude",NORTH],AXIS["Longitude",EAST],AUTHORITY["EPSG","4326"]]"#;

const SCHEMA: &str = r#"
CREATE TABLE gpkg_spatial_ref_sys (
  srs_name TEXT NOT NULL, srs_id INTEGER NOT NULL PRIMARY KEY, organization TEXT NOT NULL,
  organization_coordsys_id INTEGER NOT NULL, definition TEXT NOT NULL, description TEXT);
CREATE TABLE gpkg_contents (
  table_name TEXT NOT NULL PRIMARY KEY, data_type TEXT NOT NULL, identifier TEXT UNIQUE,
  description TEXT DEFAULT '',
  last_change DATETIME NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
  min_x DOUBLE, min_y DOUBLE, max_x DOUBLE, max_y DOUBLE, srs_id INTEGER,
  CONSTRAINT fk_gc_r_srs_id FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys(srs_id));
CREATE TABLE gpkg_geometry_columns (
  table_name TEXT NOT NULL, column_name TEXT NOT NULL, geometry_type_name TEXT NOT NULL,
  srs_id INTEGER NOT NULL, z TINYINT NOT NULL, m TINYINT NOT NULL,
  CONSTRAINT pk_geom_cols PRIMARY KEY (table_name, column_name),
  CONSTRAINT uk_gc_table_name UNIQUE (table_name),
  CONSTRAINT fk_gc_tn FOREIGN KEY (table_name) REFERENCES gpkg_contents(table_name),
  CONSTRAINT fk_gc_srs FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys (srs_id));
INSERT INTO gpkg_spatial_ref_sys VALUES
  ('Undefined cartesian SRS', -1, 'NONE', -1, 'undefined', 'undefined cartesian coordinate reference system'),
  ('Undefined geographic SRS', 0, 'NONE', 0, 'undefined', 'undefined geographic coordinate reference system');
"#;

fn failed(error: rusqlite::Error) -> FormatError {
    invalid(format!("could not write the GeoPackage: {error}"))
}

/// A ring closed (its first position repeated at its end) if it is not already.
fn closed(ring: &[LonLat]) -> Vec<LonLat> {
    let mut ring = ring.to_vec();
    if let (Some(first), Some(last)) = (ring.first().copied(), ring.last())
        && first != *last
    {
        ring.push(first);
    }
    ring
}

/// The bytes of a GeoPackage holding `aois` in one layer named `layer`.
pub(in crate::aoi::formats) fn write(aois: &[Aoi], layer: &str) -> Result<Vec<u8>, FormatError> {
    let mut connection = Connection::open_in_memory().map_err(failed)?;
    let transaction = connection.transaction().map_err(failed)?;
    transaction
        .execute_batch(&format!(
            "PRAGMA application_id = {APPLICATION_ID}; PRAGMA user_version = {USER_VERSION}; {SCHEMA}"
        ))
        .map_err(failed)?;
    transaction
        .execute(
            "INSERT INTO gpkg_spatial_ref_sys VALUES ('WGS 84 geodetic', 4326, 'EPSG', 4326, ?1, 'longitude/latitude coordinates in decimal degrees on the WGS 84 spheroid')",
            [WGS84_WKT],
        )
        .map_err(failed)?;
    let table = format!("\"{}\"", layer.replace('"', "\"\""));
    transaction
        .execute_batch(&format!(
            "CREATE TABLE {table} (fid INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL, geom POLYGON, name TEXT);"
        ))
        .map_err(failed)?;
    let (mut min_x, mut min_y, mut max_x, mut max_y) = (f64::MAX, f64::MAX, f64::MIN, f64::MIN);
    {
        let mut insert = transaction
            .prepare(&format!("INSERT INTO {table} (geom, name) VALUES (?1, ?2)"))
            .map_err(failed)?;
        for aoi in aois {
            let rings: Vec<Vec<LonLat>> = std::iter::once(&aoi.ring)
                .chain(&aoi.holes)
                .map(|ring| closed(ring))
                .collect();
            let envelope = aoi.ring.iter().fold(
                [f64::MAX, f64::MIN, f64::MAX, f64::MIN],
                |[x0, x1, y0, y1], p| [x0.min(p.x), x1.max(p.x), y0.min(p.y), y1.max(p.y)],
            );
            min_x = min_x.min(envelope[0]);
            max_x = max_x.max(envelope[1]);
            min_y = min_y.min(envelope[2]);
            max_y = max_y.max(envelope[3]);
            let ring_slices: Vec<&[LonLat]> = rings.iter().map(Vec::as_slice).collect();
            let geometry = blob::write(4326, envelope, &wkb::write_polygon(&ring_slices));
            insert
                .execute(params![geometry, aoi.name])
                .map_err(failed)?;
        }
    }
    let extent = (!aois.is_empty()).then_some((min_x, min_y, max_x, max_y));
    transaction
        .execute(
            "INSERT INTO gpkg_contents (table_name, data_type, identifier, min_x, min_y, max_x, max_y, srs_id) VALUES (?1, 'features', ?1, ?2, ?3, ?4, ?5, 4326)",
            params![
                layer,
                extent.map(|e| e.0),
                extent.map(|e| e.1),
                extent.map(|e| e.2),
                extent.map(|e| e.3)
            ],
        )
        .map_err(failed)?;
    transaction
        .execute(
            "INSERT INTO gpkg_geometry_columns VALUES (?1, 'geom', 'POLYGON', 4326, 0, 0)",
            [layer],
        )
        .map_err(failed)?;
    transaction.commit().map_err(failed)?;
    let data = connection.serialize("main").map_err(failed)?;
    Ok(data.to_vec())
}
