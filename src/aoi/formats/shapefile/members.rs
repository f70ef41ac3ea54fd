//! The files of a layer inside the zip, each read only as far as its format says it goes: a
//! `.prj` and a `.cpg` are a few hundred bytes at most, the `.shp` and `.shx` lengths are in
//! their headers, the `.dbf` length follows from its record count and record length. A member
//! that claims or holds more is refused by name, before it is read; the `.shp` and `.dbf` are
//! streamed, never held whole.

use std::io::{Cursor, Read};

use super::dbf::{self, Names, TextEncoding};
use super::invalid;
use super::records::{INDEX_ENTRY_BYTES, MAIN_HEADER_BYTES, Positions, Records};
use crate::aoi::formats::FormatError;
use crate::aoi::formats::archive::{Archive, readable_size};

/// A `.prj` is one coordinate system in WKT: a few hundred bytes, a few KiB with every WKT2
/// identifier written out.
pub(super) const MAX_PRJ_BYTES: u64 = 64 * 1024;
/// A `.cpg` names one code page ("UTF-8", "1252").
pub(super) const MAX_CPG_BYTES: u64 = 1024;
/// The smallest `.shp` record: its 8-byte header and a 4-byte null shape type.
const SMALLEST_RECORD_BYTES: u64 = 12;

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

/// The length the `.shp` header declares (after checking the zip claims no more than that), and
/// what the zip claims.
pub(super) fn shp_length(
    archive: &mut Archive<'_>,
    shp: &Member,
) -> Result<(u64, u64), FormatError> {
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
    Ok((declared, claimed))
}

/// The `.shx`, whole: 100 bytes and 8 bytes a record, and a `.shp` of `shp_length` bytes holds at
/// most one record every 12 bytes. `shp_length` is the smaller of what the `.shp` header declares
/// and what the zip claims: a header may declare 4 GiB in a 1 KB zip.
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

/// The `.dbf`'s names, to be read record by record; the `.dbf` may not claim more bytes than its
/// header declares. The outer error refuses the zip, the inner one only the names.
pub(super) fn open_names<'z, 'a>(
    archive: &'z mut Archive<'a>,
    member: &Member,
    encoding: TextEncoding,
) -> Result<Result<Names<impl Read + 'z>, String>, FormatError> {
    let mut entry = archive.entry(member.index, &member.name)?;
    let claimed = entry.size();
    let mut header = Vec::new();
    if let Err(error) = (&mut entry).take(32).read_to_end(&mut header) {
        return Ok(Err(format!("it could not be uncompressed ({error})")));
    }
    // dBase ends the table with one 0x1A byte, which some writers leave out.
    let declared = dbf::declared_size(&header);
    if let Some(declared) = declared {
        refuse_past(&member.name, claimed, declared, 1)?;
    }
    let rest = entry.take(declared.map_or(0, |declared| declared + 1));
    Ok(Names::open(Cursor::new(header).chain(rest), encoding))
}

/// The `.shp`'s records as a stream, from the `.shx`'s positions when they can be followed.
pub(super) fn open_records<'z, 'p, 'a>(
    archive: &'z mut Archive<'a>,
    shp: &Member,
    shp_length: u64,
    positions: Option<&'p [u64]>,
) -> Result<Records<'p, impl Read + 'z>, FormatError> {
    let mut entry = archive.entry(shp.index, &shp.name)?.take(shp_length);
    skip_header(&mut entry, shp)?;
    let positions = positions.map_or(Positions::Sequential, |p| Positions::Index(p.iter()));
    Ok(Records::new(entry, shp_length, positions))
}

/// How many records the `.shp` holds, by reading their headers only.
pub(super) fn count_records(
    archive: &mut Archive<'_>,
    shp: &Member,
    shp_length: u64,
) -> Result<Result<usize, String>, FormatError> {
    let mut entry = archive.entry(shp.index, &shp.name)?.take(shp_length);
    skip_header(&mut entry, shp)?;
    Ok(Records::new(entry, shp_length, Positions::Sequential).count_rest())
}

fn skip_header(entry: &mut impl Read, shp: &Member) -> Result<(), FormatError> {
    let mut header = [0u8; MAIN_HEADER_BYTES as usize];
    entry.read_exact(&mut header).map_err(|error| {
        invalid(format!(
            "{} could not be uncompressed ({error}): {DAMAGED}",
            shp.name
        ))
    })
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

#[cfg(test)]
mod tests {
    use super::*;

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
