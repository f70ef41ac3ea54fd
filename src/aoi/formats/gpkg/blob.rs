//! The GeoPackage geometry blob (GeoPackage 1.4, "2.1.3 Geometry Encoding"): the header, `GP`,
//! a version, flags (empty, envelope kind, byte order), the SRS id and the envelope, then the
//! geometry in WKB.

/// What the header of a geometry blob says.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct Header {
    /// The SRS id the geometry claims.
    pub srs_id: i32,
    /// The geometry is empty (the flag; the WKB then holds an empty geometry).
    pub empty: bool,
    /// Where the WKB starts.
    pub wkb_start: usize,
}

/// Why a blob's header cannot be read.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub(super) enum HeaderError {
    /// Not a GeoPackage geometry, or a damaged one.
    #[error("{0}")]
    Damaged(String),
    /// A GeoPackage geometry of an extension's own type.
    #[error("an extended (non-standard) geometry type")]
    Extended,
}

/// The bytes of the envelope an indicator announces.
fn envelope_bytes(indicator: u8) -> Option<usize> {
    match indicator {
        0 => Some(0),
        1 => Some(32),
        2 | 3 => Some(48),
        4 => Some(64),
        _ => None,
    }
}

/// Reads a blob's header.
pub(super) fn header(blob: &[u8]) -> Result<Header, HeaderError> {
    let damaged = |why: String| HeaderError::Damaged(why);
    let Some(&[g, p, _version, flags, s0, s1, s2, s3]) = blob.get(..8) else {
        return Err(damaged(format!(
            "{} bytes, shorter than a GeoPackage geometry header (8)",
            blob.len()
        )));
    };
    if [g, p] != *b"GP" {
        return Err(damaged(
            "it does not start with GP, so it is not a GeoPackage geometry".to_owned(),
        ));
    }
    if flags & 0b0010_0000 != 0 {
        return Err(HeaderError::Extended);
    }
    let indicator = (flags >> 1) & 0b111;
    let envelope = envelope_bytes(indicator).ok_or_else(|| {
        damaged(format!(
            "its envelope indicator {indicator} is not one of 0-4"
        ))
    })?;
    let srs = [s0, s1, s2, s3];
    let srs_id = if flags & 1 == 1 {
        i32::from_le_bytes(srs)
    } else {
        i32::from_be_bytes(srs)
    };
    let wkb_start = 8 + envelope;
    if blob.len() < wkb_start {
        return Err(damaged(format!(
            "{} bytes, shorter than its header and envelope ({wkb_start})",
            blob.len()
        )));
    }
    Ok(Header {
        srs_id,
        empty: flags & 0b0001_0000 != 0,
        wkb_start,
    })
}

/// The blob of a 2D geometry in WKB (`wkb`, little-endian), with its xy envelope.
pub(super) fn write(srs_id: i32, envelope: [f64; 4], wkb: &[u8]) -> Vec<u8> {
    // Version 0 (1.x); flags: envelope [minx, maxx, miny, maxy] (indicator 1), little-endian.
    let mut blob = Vec::with_capacity(40 + wkb.len());
    blob.extend_from_slice(b"GP");
    blob.push(0);
    blob.push(0b0000_0011);
    blob.extend_from_slice(&srs_id.to_le_bytes());
    for value in envelope {
        blob.extend_from_slice(&value.to_le_bytes());
    }
    blob.extend_from_slice(wkb);
    blob
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_in_both_byte_orders_and_every_envelope() {
        let blob = write(4326, [0.0, 1.0, 2.0, 3.0], &[1, 3, 0, 0, 0]);
        assert_eq!(
            header(&blob),
            Ok(Header {
                srs_id: 4326,
                empty: false,
                wkb_start: 40
            })
        );
        // Big-endian, no envelope, empty.
        let mut big = b"GP\x00\x10".to_vec();
        big.extend_from_slice(&2154i32.to_be_bytes());
        assert_eq!(
            header(&big),
            Ok(Header {
                srs_id: 2154,
                empty: true,
                wkb_start: 8
            })
        );
        // xyzm envelope: 64 bytes.
        let mut zm = b"GP\x00\x09".to_vec();
        zm.extend_from_slice(&[0; 4 + 64]);
        assert_eq!(header(&zm).map(|h| h.wkb_start), Ok(72));
    }

    #[test]
    fn damaged_and_extended_headers_are_told() {
        assert!(matches!(header(b"GP"), Err(HeaderError::Damaged(_))));
        assert!(matches!(
            header(b"XX\x00\x01\x00\x00\x00\x00"),
            Err(HeaderError::Damaged(_))
        ));
        assert!(matches!(
            header(b"GP\x00\x0e\x00\x00\x00\x00"),
            Err(HeaderError::Damaged(_))
        ));
        assert_eq!(
            header(b"GP\x00\x21\x00\x00\x00\x00"),
            Err(HeaderError::Extended)
        );
        // The envelope announced but missing.
        assert!(matches!(
            header(b"GP\x00\x03\x00\x00\x00\x00"),
            Err(HeaderError::Damaged(_))
        ));
    }
}
