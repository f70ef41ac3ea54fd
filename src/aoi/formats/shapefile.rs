//! Zipped Shapefile (placeholder until the reader lands).
use super::{FormatError, ImportReport};
pub(super) fn read_zip(_bytes: &[u8]) -> Result<ImportReport, FormatError> {
    Err(FormatError::CannotWrite { format: "Shapefile" })
}
