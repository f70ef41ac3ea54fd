//! The files of a layer inside the zip, each read only as far as its format says it goes: a
//! `.prj` and a `.cpg` are a few hundred bytes at most, the `.shp` and `.shx` lengths are in
//! their headers, the `.dbf` length follows from its record count and record length. A member
//! that claims or holds more is refused by name, before it is read; the `.shp` and `.dbf` are
//! streamed, never held whole.

use std::io::{self, Cursor, Read, Seek, SeekFrom};
use std::panic::{AssertUnwindSafe, catch_unwind};

use shapefile::{Shape, ShapeReader};

use super::dbf::{self, TextEncoding};
use super::invalid;
use crate::aoi::formats::FormatError;
use crate::aoi::formats::archive::{Archive, readable_size};

/// A `.prj` is one coordinate system in WKT: a few hundred bytes, a few KiB with every WKT2
/// identifier written out.
pub(super) const MAX_PRJ_BYTES: u64 = 64 * 1024;
/// A `.cpg` names one code page ("UTF-8", "1252").
pub(super) const MAX_CPG_BYTES: u64 = 1024;
/// The main header of a `.shp` and of a `.shx`.
const MAIN_HEADER_BYTES: u64 = 100;
/// The smallest `.shp` record: its 8-byte header and a 4-byte null shape type.
const SMALLEST_RECORD_BYTES: u64 = 12;
/// One `.shx` entry: offset and length of a record.
const INDEX_ENTRY_BYTES: u64 = 8;

/// A file of the zip: its index and its path, for messages.
#[derive(Debug, Clone)]
pub(super) struct Member {
    pub index: usize,
    pub name: String,
}

const DAMAGED: &str = "the zip is damaged, zip the layer again";

/// A `.prj` or `.cpg`, whole, refused past `limit`.
pub(super) fn read_small(
    archive: &mut Archive<'_>,
    member: &Member,
    limit: u64,
    what: &str,
) -> Result<Vec<u8>, FormatError> {
    archive.read(member.index, &member.name, limit, what, DAMAGED)
}

/// The length the `.shp` header declares, after checking the zip claims no more than that.
pub(super) fn shp_length(archive: &mut Archive<'_>, shp: &Member) -> Result<u64, FormatError> {
    let mut entry = archive.entry(shp.index, &shp.name)?;
    let claimed = entry.size();
    let mut header = Vec::new();
    (&mut entry)
        .take(MAIN_HEADER_BYTES)
        .read_to_end(&mut header)
        .map_err(|error| {
            invalid(format!(
                "{} could not be uncompressed ({error}): {DAMAGED}",
                shp.name
            ))
        })?;
    let declared = declared_length(&header)
        .filter(|&length| length >= MAIN_HEADER_BYTES)
        .ok_or_else(|| {
            invalid(format!(
                "{} is not a readable .shp (its 100-byte header is missing or declares no length): the Shapefile is damaged or incomplete; export it again",
                shp.name
            ))
        })?;
    refuse_past(&shp.name, claimed, declared, 0)?;
    Ok(declared)
}

/// The `.shx`, whole: 100 bytes and 8 bytes a record, and a `.shp` of `shp_length` bytes holds at
/// most one record every 12 bytes.
pub(super) fn read_shx(
    archive: &mut Archive<'_>,
    shx: &Member,
    shp_length: u64,
) -> Result<Vec<u8>, FormatError> {
    let records = shp_length.saturating_sub(MAIN_HEADER_BYTES) / SMALLEST_RECORD_BYTES;
    let limit = MAIN_HEADER_BYTES + INDEX_ENTRY_BYTES * records;
    archive.read(
        shx.index,
        &shx.name,
        limit,
        &format!(
            "that the index of a {} .shp can take ({records} records at most)",
            readable_size(shp_length)
        ),
        DAMAGED,
    )
}

/// The name of each `.dbf` record, read record by record; the `.dbf` may not claim more bytes
/// than its header declares. The outer error refuses the zip, the inner one only the names.
pub(super) fn read_names(
    archive: &mut Archive<'_>,
    member: &Member,
    encoding: TextEncoding,
) -> Result<Result<Vec<String>, String>, FormatError> {
    let mut entry = archive.entry(member.index, &member.name)?;
    let claimed = entry.size();
    let mut header = Vec::new();
    if let Err(error) = (&mut entry).take(32).read_to_end(&mut header) {
        return Ok(Err(format!("it could not be uncompressed ({error})")));
    }
    let Some(declared) = dbf::declared_size(&header) else {
        return Ok(dbf::names(Cursor::new(header), encoding));
    };
    // dBase ends the table with one 0x1A byte, which some writers leave out.
    refuse_past(&member.name, claimed, declared, 1)?;
    Ok(dbf::names(
        Cursor::new(header).chain(entry.take(declared + 1)),
        encoding,
    ))
}

/// Reads the `.shp` as a stream (with its `.shx` index when there is one, else record by
/// record), never panicking on a damaged file.
pub(super) fn read_shapes(
    archive: &mut Archive<'_>,
    shp: &Member,
    shp_length: u64,
    shx: Option<&[u8]>,
) -> Result<(Vec<Shape>, Option<String>), FormatError> {
    let file = &shp.name;
    let damaged = |what: String| {
        invalid(format!(
            "{file} {what}: the Shapefile is damaged or incomplete; export it again"
        ))
    };
    let mut read = |with_shx: Option<&[u8]>| -> Result<Result<Vec<Shape>, String>, FormatError> {
        let entry = archive.entry(shp.index, file)?;
        let source = ForwardOnly {
            inner: entry.take(shp_length),
            position: 0,
        };
        let outcome = catch_unwind(AssertUnwindSafe(|| -> Result<Vec<Shape>, String> {
            let mut reader = match with_shx {
                Some(shx) => ShapeReader::with_shx(source, Cursor::new(shx))
                    .map_err(|error| format!("cannot be opened with its .shx ({error})"))?,
                None => ShapeReader::new(source)
                    .map_err(|error| format!("is not a readable .shp ({error})"))?,
            };
            reader
                .iter_shapes()
                .enumerate()
                .map(|(index, shape)| {
                    shape.map_err(|error| format!("record {} is unreadable ({error})", index + 1))
                })
                .collect()
        }));
        Ok(outcome
            .unwrap_or_else(|_| Err("could not be read (the reader failed on it)".to_owned())))
    };
    if shx.is_some() {
        match read(shx)? {
            Ok(shapes) => return Ok((shapes, None)),
            Err(with_index) => {
                let shapes = read(None)?.map_err(|_| damaged(with_index.clone()))?;
                return Ok((shapes, Some(with_index)));
            }
        }
    }
    Ok((read(None)?.map_err(damaged)?, None))
}

/// The file length a `.shp` or `.shx` main header declares (bytes 24..28, big-endian, in 16-bit
/// words).
fn declared_length(header: &[u8]) -> Option<u64> {
    let words = i32::from_be_bytes(header.get(24..28)?.try_into().ok()?);
    u64::try_from(words).ok().map(|words| words * 2)
}

/// Refuses a member the zip says is longer than its own header declares (give or take `slack`
/// bytes): the rest is not part of the layer, and reading it would only cost memory and time.
fn refuse_past(name: &str, claimed: u64, declared: u64, slack: u64) -> Result<(), FormatError> {
    if claimed > declared + slack {
        return Err(invalid(format!(
            "{name} claims {} once uncompressed but its header declares {}: the rest is not part of the layer; the Shapefile is damaged, export it again",
            readable_size(claimed),
            readable_size(declared)
        )));
    }
    Ok(())
}

/// A stream the Shapefile reader may seek forward in (to the records its `.shx` points at) by
/// reading past what lies between; a seek backwards fails, and the layer is then read record by
/// record.
struct ForwardOnly<R> {
    inner: R,
    position: u64,
}

impl<R: Read> Read for ForwardOnly<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let read = self.inner.read(buf)?;
        self.position += read as u64;
        Ok(read)
    }
}

impl<R: Read> Seek for ForwardOnly<R> {
    fn seek(&mut self, to: SeekFrom) -> io::Result<u64> {
        let target = match to {
            SeekFrom::Start(target) => Some(target),
            SeekFrom::Current(delta) => self.position.checked_add_signed(delta),
            SeekFrom::End(_) => None,
        };
        let Some(target) = target.filter(|&target| target >= self.position) else {
            return Err(io::Error::new(
                io::ErrorKind::Unsupported,
                "the .shx points back to a record already passed",
            ));
        };
        let skipped = io::copy(
            &mut (&mut self.inner).take(target - self.position),
            &mut io::sink(),
        )?;
        self.position += skipped;
        if self.position < target {
            return Err(io::Error::new(
                io::ErrorKind::UnexpectedEof,
                "the .shx points past the end of the .shp",
            ));
        }
        Ok(self.position)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forward_only_skips_ahead_and_refuses_to_go_back() {
        let mut stream = ForwardOnly {
            inner: Cursor::new((0u8..10).collect::<Vec<u8>>()),
            position: 0,
        };
        let mut byte = [0u8; 1];
        stream.read_exact(&mut byte).unwrap();
        assert_eq!(stream.seek(SeekFrom::Start(5)).unwrap(), 5);
        stream.read_exact(&mut byte).unwrap();
        assert_eq!(byte, [5]);
        assert!(stream.seek(SeekFrom::Start(2)).is_err());
        assert!(stream.seek(SeekFrom::Start(40)).is_err());
    }

    #[test]
    fn declared_lengths_are_in_words() {
        let mut header = vec![0u8; 100];
        header[24..28].copy_from_slice(&60i32.to_be_bytes());
        assert_eq!(declared_length(&header), Some(120));
        header[24..28].copy_from_slice(&(-1i32).to_be_bytes());
        assert_eq!(declared_length(&header), None);
        assert_eq!(declared_length(&header[..20]), None);
    }
}
