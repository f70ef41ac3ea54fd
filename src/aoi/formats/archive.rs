//! Zip archives as the importers read them (.kmz, zipped Shapefiles): the entries a person put
//! there (folders and macOS resource forks left out), each read with a size limit, every
//! failure an `Invalid` error of the caller's format saying what to do.

use std::io::{Cursor, Read};

use super::FormatError;

/// An opened zip and its entries, as (index, name).
#[derive(Clone)]
pub(super) struct Archive<'a> {
    zip: zip::ZipArchive<Cursor<&'a [u8]>>,
    format: &'static str,
    /// The files, in archive order.
    pub entries: Vec<(usize, String)>,
}

impl<'a> Archive<'a> {
    /// Opens a zip; `not_a_zip` says what the file should have been.
    pub fn open(
        bytes: &'a [u8],
        format: &'static str,
        not_a_zip: &str,
    ) -> Result<Self, FormatError> {
        let invalid = |detail: String| FormatError::Invalid { format, detail };
        let mut zip = zip::ZipArchive::new(Cursor::new(bytes))
            .map_err(|error| invalid(format!("not a zip archive ({error}): {not_a_zip}")))?;
        let mut entries = Vec::new();
        for index in 0..zip.len() {
            let entry = zip.by_index(index).map_err(|error| {
                invalid(format!("zip entry {} is unreadable: {error}", index + 1))
            })?;
            if entry.is_dir() {
                continue;
            }
            let name = entry
                .name()
                .map(|n| n.into_owned())
                .unwrap_or_else(|_| String::from_utf8_lossy(entry.name_raw()).into_owned());
            if !is_junk_entry(&name.to_ascii_lowercase()) {
                entries.push((index, name));
            }
        }
        Ok(Archive {
            zip,
            format,
            entries,
        })
    }

    /// "a.shp, a.dbf, ..." (the first 20), or "nothing": for messages about what is missing.
    pub fn listing(&self) -> String {
        if self.entries.is_empty() {
            return "nothing".to_owned();
        }
        let names: Vec<&str> = self
            .entries
            .iter()
            .take(20)
            .map(|(_, n)| n.as_str())
            .collect();
        let more = if self.entries.len() > 20 { ", ..." } else { "" };
        format!("{}{more}", names.join(", "))
    }

    /// Reads one entry whole, refusing one that claims or holds more than `limit` bytes once
    /// uncompressed; `why` says where the limit comes from, `damaged` what to do when the entry
    /// cannot be uncompressed.
    pub fn read(
        &mut self,
        index: usize,
        name: &str,
        limit: u64,
        why: &str,
        damaged: &str,
    ) -> Result<Vec<u8>, FormatError> {
        let mut entry = self.stream(index, name, limit, why, damaged)?;
        // What the zip claims is not a promise: room is made as bytes actually come.
        let mut bytes =
            Vec::with_capacity(usize::try_from(entry.claimed.min(1 << 20)).unwrap_or(0));
        let read = entry.read_to_end(&mut bytes);
        match entry.failure() {
            Some(failure) => Err(failure),
            None => read.map(|_| bytes).map_err(|error| entry.damaged(&error)),
        }
    }

    /// One entry to be uncompressed as it is read, with the limits of [`read`](Self::read): an
    /// entry that claims more is refused at once, one that holds more fails once its reader has
    /// given `limit` bytes.
    pub fn stream(
        &mut self,
        index: usize,
        name: &str,
        limit: u64,
        why: &str,
        damaged: &str,
    ) -> Result<LimitedEntry<zip::read::ZipFile<'_, Cursor<&'a [u8]>>>, FormatError> {
        let format = self.format;
        let entry = self.entry(index, name)?;
        let limited = LimitedEntry {
            claimed: entry.size(),
            entry,
            given: 0,
            limit,
            format,
            name: name.to_owned(),
            why: why.to_owned(),
            damaged: damaged.to_owned(),
            failure: None,
        };
        if limited.claimed > limit {
            return Err(limited.too_large(&format!("claims {}", readable_size(limited.claimed))));
        }
        Ok(limited)
    }

    /// One entry, to be read as a stream; its `size()` is what the zip claims, not a promise.
    pub fn entry(
        &mut self,
        index: usize,
        name: &str,
    ) -> Result<zip::read::ZipFile<'_, Cursor<&'a [u8]>>, FormatError> {
        let format = self.format;
        self.zip
            .by_index(index)
            .map_err(|error| FormatError::Invalid {
                format,
                detail: format!("{name} in the zip is unreadable: {error}"),
            })
    }
}

/// A zip entry read as a stream, refused once it gives more than its limit. A parser reading it
/// sees only an I/O error: the error that stopped the entry (a damaged entry, too large) is kept
/// for [`failure`](Self::failure), to be told instead of the parser's.
pub(super) struct LimitedEntry<R> {
    entry: R,
    /// What the zip says the entry holds (not a promise).
    claimed: u64,
    given: u64,
    limit: u64,
    format: &'static str,
    name: String,
    why: String,
    damaged: String,
    failure: Option<FormatError>,
}

impl<R> LimitedEntry<R> {
    /// The error that stopped the reading, if one did.
    pub fn failure(&mut self) -> Option<FormatError> {
        self.failure.take()
    }

    fn too_large(&self, size: &str) -> FormatError {
        FormatError::Invalid {
            format: self.format,
            detail: format!(
                "{} {size} once uncompressed, more than the {} {}: the zip is damaged or not an AOI file",
                self.name,
                readable_size(self.limit),
                self.why
            ),
        }
    }

    fn damaged(&self, error: &std::io::Error) -> FormatError {
        FormatError::Invalid {
            format: self.format,
            detail: format!(
                "{} could not be uncompressed ({error}): {}",
                self.name, self.damaged
            ),
        }
    }

    /// Keeps `failure` and gives the reader an I/O error saying the same.
    fn fail(&mut self, failure: FormatError) -> std::io::Error {
        let error = std::io::Error::other(failure.to_string());
        self.failure = Some(failure);
        error
    }
}

impl<R: Read> Read for LimitedEntry<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        // One byte past the limit is read: enough to know that the entry holds more.
        let room = (self.limit + 1).saturating_sub(self.given);
        let most = usize::try_from(room).unwrap_or(usize::MAX).min(buf.len());
        match self.entry.read(buf.get_mut(..most).unwrap_or_default()) {
            Ok(read) => {
                self.given += read as u64;
                if self.given > self.limit {
                    let failure = self.too_large("holds more");
                    return Err(self.fail(failure));
                }
                Ok(read)
            }
            Err(error) if error.kind() == std::io::ErrorKind::Interrupted => Err(error),
            Err(error) => {
                let failure = self.damaged(&error);
                Err(self.fail(failure))
            }
        }
    }
}

/// "512 MiB", "64 KiB", "1.5 GiB", "100 bytes": a size for messages.
pub(super) fn readable_size(bytes: u64) -> String {
    const UNITS: [(u64, &str); 3] = [(1 << 30, "GiB"), (1 << 20, "MiB"), (1 << 10, "KiB")];
    for (unit, name) in UNITS {
        if bytes >= unit {
            return if bytes.is_multiple_of(unit) {
                format!("{} {name}", bytes / unit)
            } else {
                format!("{:.1} {name}", bytes as f64 / unit as f64)
            };
        }
    }
    format!("{bytes} bytes")
}

/// Entries a zip tool adds that are not the user's data (macOS resource forks).
fn is_junk_entry(lower_name: &str) -> bool {
    lower_name.starts_with("__macosx/")
        || lower_name.contains("/__macosx/")
        || lower_name
            .rsplit('/')
            .next()
            .is_some_and(|base| base.starts_with("._"))
}

/// A zip (deflated) holding `files`, named and in order: how KMZ and zipped Shapefiles are
/// written.
pub(super) fn write(
    format: &'static str,
    files: &[(String, Vec<u8>)],
) -> Result<Vec<u8>, FormatError> {
    use std::io::Write;
    let fail = |error: &dyn std::fmt::Display| FormatError::Invalid {
        format,
        detail: format!("could not build the archive: {error}"),
    };
    let mut writer = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (name, bytes) in files {
        writer
            .start_file(name.as_str(), options)
            .map_err(|e| fail(&e))?;
        writer.write_all(bytes).map_err(|e| fail(&e))?;
    }
    let cursor = writer.finish().map_err(|e| fail(&e))?;
    Ok(cursor.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn limited(bytes: &[u8], limit: u64) -> LimitedEntry<&[u8]> {
        LimitedEntry {
            entry: bytes,
            claimed: 0,
            given: 0,
            limit,
            format: "KMZ",
            name: "doc.kml".to_owned(),
            why: "a KMZ's KML is read up to".to_owned(),
            damaged: "export it again".to_owned(),
            failure: None,
        }
    }

    #[test]
    fn an_entry_is_stopped_once_it_gives_more_than_its_limit() {
        let mut entry = limited(&[b'x'; 100], 64);
        let mut read = Vec::new();
        assert!(entry.read_to_end(&mut read).is_err());
        assert!(read.len() <= 65, "{}", read.len());
        let message = entry.failure().unwrap().to_string();
        assert!(
            message.contains("doc.kml holds more once uncompressed, more than the 64 bytes a KMZ's KML is read up to"),
            "{message}"
        );
        let mut exact = limited(&[b'x'; 64], 64);
        assert_eq!(exact.read_to_end(&mut Vec::new()).unwrap(), 64);
        assert!(exact.failure().is_none());
    }

    #[test]
    fn an_entry_that_claims_more_than_its_limit_is_refused_before_it_is_read() {
        let zip = write("KMZ", &[("doc.kml".to_owned(), vec![b' '; 1000])]).unwrap();
        let mut archive = Archive::open(&zip, "KMZ", "a test").unwrap();
        let message = match archive.stream(0, "doc.kml", 999, "read up to", "damaged") {
            Ok(_) => panic!("a 1000-byte entry passed a 999-byte limit"),
            Err(error) => error.to_string(),
        };
        assert!(message.contains("doc.kml claims 1000 bytes"), "{message}");
        let mut entry = archive
            .stream(0, "doc.kml", 1000, "read up to", "damaged")
            .unwrap();
        assert_eq!(entry.read_to_end(&mut Vec::new()).unwrap(), 1000);
    }

    #[test]
    fn sizes_read_as_people_write_them() {
        assert_eq!(readable_size(456), "456 bytes");
        assert_eq!(readable_size(64 * 1024), "64 KiB");
        assert_eq!(readable_size(4 * 1024 * 1024 + 227), "4.0 MiB");
        assert_eq!(readable_size(3 << 29), "1.5 GiB");
    }
}
