//! KML and KMZ (placeholder until the reader lands).
use super::{FormatError, ImportReport};
use crate::aoi::model::Aoi;
pub(super) fn read_kml(_bytes: &[u8]) -> Result<ImportReport, FormatError> {
    Err(FormatError::CannotWrite { format: "KML" })
}
pub(super) fn read_kmz(_bytes: &[u8]) -> Result<ImportReport, FormatError> {
    Err(FormatError::CannotWrite { format: "KMZ" })
}
pub(super) fn write_kml(_aois: &[Aoi]) -> String {
    String::new()
}
pub(super) fn write_kmz(_aois: &[Aoi]) -> Result<Vec<u8>, FormatError> {
    Err(FormatError::CannotWrite { format: "KMZ" })
}
