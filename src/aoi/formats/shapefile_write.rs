//! Writing a zipped Shapefile, as QGIS users ask for: one Polygon layer (`.shp`, `.shx`), its
//! `name` attribute (`.dbf`, UTF-8 as the `.cpg` says) and its CRS, WGS84 longitude/latitude
//! (`.prj`), in one zip. Positions are written as given, except that the format wants outer
//! rings closed and clockwise: a counter-clockwise ring is written reversed.

use std::io::Cursor;

use shapefile::dbase::{self, FieldName, FieldValue, Record, TableWriterBuilder};
use shapefile::{Point, Polygon, PolygonRing, ShapeWriter, Writer};

use super::FormatError;
use crate::aoi::model::Aoi;

const FORMAT: &str = "zipped Shapefile";
/// The `.prj` of WGS84 longitude/latitude (EPSG:4326), as QGIS writes it.
const WGS84_PRJ: &str = r#"GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984",SPHEROID["WGS_1984",6378137.0,298.257223563]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]]"#;
/// The longest text a dBase character field holds.
const NAME_BYTES: u8 = 254;

fn failed(detail: impl std::fmt::Display) -> FormatError {
    FormatError::Invalid {
        format: FORMAT,
        detail: format!("could not write the Shapefile: {detail}"),
    }
}

/// A name cut to what the field holds, on a character boundary.
fn fitted(name: &str) -> String {
    let mut end = name.len().min(usize::from(NAME_BYTES));
    while !name.is_char_boundary(end) {
        end -= 1;
    }
    name[..end].to_owned()
}

/// The zip of a Shapefile layer named `layer` holding `aois`, one record each.
pub(super) fn write_zip(aois: &[Aoi], layer: &str) -> Result<Vec<u8>, FormatError> {
    let polygons: Vec<Polygon> = aois
        .iter()
        .map(|aoi| {
            let points: Vec<Point> = aoi.ring.iter().map(|c| Point::new(c.x, c.y)).collect();
            Polygon::new(PolygonRing::Outer(points))
        })
        .collect();
    let name_field = FieldName::try_from("name").map_err(|e| failed(format!("{e:?}")))?;
    let records: Vec<Record> = aois
        .iter()
        .map(|aoi| {
            let mut record = Record::default();
            record.insert(
                "name".to_owned(),
                FieldValue::Character(Some(fitted(&aoi.name))),
            );
            record
        })
        .collect();
    let (mut shp, mut shx, mut dbf) = (
        Cursor::new(Vec::new()),
        Cursor::new(Vec::new()),
        Cursor::new(Vec::new()),
    );
    {
        let table = TableWriterBuilder::with_encoding(dbase::encoding::UnicodeLossy)
            .add_character_field(name_field, NAME_BYTES)
            .build_with_dest(&mut dbf);
        let writer = Writer::new(ShapeWriter::with_shx(&mut shp, &mut shx), table);
        writer
            .write_shapes_and_records(polygons.iter().zip(records.iter()))
            .map_err(failed)?;
    }
    super::archive::write(
        FORMAT,
        &[
            (format!("{layer}.shp"), shp.into_inner()),
            (format!("{layer}.shx"), shx.into_inner()),
            (format!("{layer}.dbf"), dbf.into_inner()),
            (format!("{layer}.prj"), WGS84_PRJ.as_bytes().to_vec()),
            (format!("{layer}.cpg"), b"UTF-8".to_vec()),
        ],
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::aoi::formats::{Format, export_bytes, import_bytes};
    use crate::aoi::model::LonLat;

    #[test]
    fn a_written_zip_reads_back_with_its_names_positions_and_crs() {
        let ring = |points: &[(f64, f64)]| -> Vec<LonLat> {
            points.iter().map(|&(x, y)| LonLat { x, y }).collect()
        };
        // Counter-clockwise, as GeoJSON has it; a name with accents.
        let site = Aoi::new(
            "Toulouse Blagnac – zone é",
            ring(&[
                (1.3, 43.6),
                (1.4, 43.6),
                (1.4, 43.7),
                (1.3, 43.7),
                (1.3, 43.6),
            ]),
        );
        // Clockwise already.
        let other = Aoi::new(
            "north",
            ring(&[(2.0, 44.0), (2.0, 44.1), (2.1, 44.1), (2.0, 44.0)]),
        );
        let bytes = export_bytes(Format::ShapefileZip, &[site.clone(), other.clone()]).unwrap();
        let report = import_bytes(Format::ShapefileZip, &bytes, "aois").unwrap();
        assert!(report.warnings.is_empty(), "{:?}", report.warnings);
        let read: Vec<&Aoi> = report.aois().collect();
        assert_eq!(read.len(), 2);
        assert_eq!(read[0].name, site.name);
        assert_eq!(read[1].name, "north");
        // Clockwise as the format wants: the same positions, reversed, bit for bit.
        let mut reversed = site.ring.clone();
        reversed.reverse();
        assert_eq!(read[0].ring, reversed);
        assert_eq!(read[1].ring, other.ring);
    }

    #[test]
    fn a_long_name_is_cut_on_a_character_boundary() {
        let name = "é".repeat(200);
        let cut = fitted(&name);
        assert!(cut.len() <= 254 && cut.chars().all(|ch| ch == 'é'));
    }
}
