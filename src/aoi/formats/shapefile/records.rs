//! The records of a `.shp`, read one at a time from a stream. Each record's bytes are read
//! first, by the length its header declares (never past what is left of the `.shp`), and its
//! part and point counts are checked against those bytes before the `shapefile` crate parses it:
//! the crate sizes its vectors by the counts, so a 1 KB record claiming two billion points would
//! otherwise allocate gigabytes.

use std::io::{self, Cursor, Read};
use std::panic::{AssertUnwindSafe, catch_unwind};

use shapefile::{ReadableShape, Shape};

/// The main header of a `.shp` and of a `.shx`.
pub(super) const MAIN_HEADER_BYTES: u64 = 100;
/// A record's header: its number and its content length, both big-endian.
const RECORD_HEADER_BYTES: u64 = 8;
/// One `.shx` entry: offset and content length of a record, in 16-bit words.
pub(super) const INDEX_ENTRY_BYTES: u64 = 8;

/// Where the records start, by the `.shx` or one after the other.
pub(super) enum Positions<'a> {
    /// The byte offsets of the records, in increasing order (checked by [`index_positions`]).
    Index(std::slice::Iter<'a, u64>),
    Sequential,
}

/// The record offsets a `.shx` gives, when they can be followed front to back inside a `.shp` of
/// `shp_length` bytes: each record after the previous one and within the file. Otherwise why not.
pub(super) fn index_positions(shx: &[u8], shp_length: u64) -> Result<Vec<u64>, String> {
    let entries = shx
        .get(MAIN_HEADER_BYTES as usize..)
        .ok_or("it is shorter than its 100-byte header")?;
    let mut positions = Vec::with_capacity(entries.len() / INDEX_ENTRY_BYTES as usize);
    let mut end_of_previous = MAIN_HEADER_BYTES;
    for (number, entry) in entries.chunks_exact(8).enumerate() {
        let word = |at: usize| {
            i32::from_be_bytes([entry[at], entry[at + 1], entry[at + 2], entry[at + 3]])
        };
        let (offset, length) = (word(0), word(4));
        let (Ok(offset), Ok(length)) = (u64::try_from(offset), u64::try_from(length)) else {
            return Err(format!(
                "entry {} holds a negative offset or length",
                number + 1
            ));
        };
        let (start, end) = (offset * 2, offset * 2 + RECORD_HEADER_BYTES + length * 2);
        if start < end_of_previous {
            return Err(format!(
                "entry {} points back into an earlier record",
                number + 1
            ));
        }
        if end > shp_length {
            return Err(format!(
                "entry {} points past the end of the .shp",
                number + 1
            ));
        }
        positions.push(start);
        end_of_previous = end;
    }
    Ok(positions)
}

/// The shapes of a `.shp` stream whose 100-byte header has been read.
pub(super) struct Records<'a, R> {
    source: R,
    /// Bytes of the `.shp` read or skipped so far (the header included).
    position: u64,
    length: u64,
    positions: Positions<'a>,
    /// Records read so far.
    count: usize,
    content: Vec<u8>,
}

impl<'a, R: Read> Records<'a, R> {
    pub fn new(source: R, length: u64, positions: Positions<'a>) -> Self {
        Records {
            source,
            position: MAIN_HEADER_BYTES,
            length,
            positions,
            count: 0,
            content: Vec::new(),
        }
    }

    /// The next shape, `None` after the last; an error says which record and why.
    pub fn next_shape(&mut self) -> Result<Option<Shape>, String> {
        let Some(content_length) = self.next_record()? else {
            return Ok(None);
        };
        let number = self.count;
        let content = &self.content;
        check_counts(content).map_err(|why| format!("record {number} {why}"))?;
        let record_size = i32::try_from(content_length).unwrap_or(i32::MAX);
        let parsed = catch_unwind(AssertUnwindSafe(|| {
            Shape::read_from(&mut Cursor::new(content.as_slice()), record_size)
        }));
        match parsed {
            Ok(Ok(shape)) => Ok(Some(shape)),
            Ok(Err(error)) => Err(format!("record {number} is unreadable ({error})")),
            Err(_) => Err(format!(
                "record {number} could not be read (the reader failed on it)"
            )),
        }
    }

    /// Bytes of the `.shp` after the last record read (some when a `.shx` indexes fewer records
    /// than the `.shp` holds).
    pub fn unread_bytes(&self) -> u64 {
        self.length.saturating_sub(self.position)
    }

    /// Counts the records left without parsing them (their content is skipped).
    pub fn count_rest(mut self) -> Result<usize, String> {
        while self.skip_record()? {}
        Ok(self.count)
    }

    /// Moves to the next record and reads its header; `None` at the end.
    fn next_header(&mut self) -> Result<Option<u64>, String> {
        match &mut self.positions {
            Positions::Index(positions) => match positions.next() {
                Some(&start) => {
                    skip(&mut self.source, start - self.position.min(start))
                        .map_err(|error| self.failed(error))?;
                    self.position = start;
                }
                None => return Ok(None),
            },
            Positions::Sequential if self.position >= self.length => return Ok(None),
            Positions::Sequential => {}
        }
        self.count += 1;
        let number = self.count;
        let left = self.length - self.position;
        if left < RECORD_HEADER_BYTES {
            return Err(format!(
                "ends in the middle of record {number}'s header ({left} bytes left)"
            ));
        }
        let mut header = [0u8; RECORD_HEADER_BYTES as usize];
        self.source
            .read_exact(&mut header)
            .map_err(|error| self.failed(error))?;
        self.position += RECORD_HEADER_BYTES;
        let words = i32::from_be_bytes([header[4], header[5], header[6], header[7]]);
        let content_length = u64::try_from(words)
            .ok()
            .map(|words| words * 2)
            .filter(|&bytes| bytes >= 4)
            .ok_or_else(|| format!("record {number} declares a length of {words} words"))?;
        let left = self.length - self.position;
        if content_length > left {
            return Err(format!(
                "record {number} declares {content_length} bytes but only {left} are left in the .shp"
            ));
        }
        Ok(Some(content_length))
    }

    /// Reads the next record's content into `self.content`.
    fn next_record(&mut self) -> Result<Option<u64>, String> {
        let Some(content_length) = self.next_header()? else {
            return Ok(None);
        };
        self.content.clear();
        (&mut self.source)
            .take(content_length)
            .read_to_end(&mut self.content)
            .map_err(|error| self.failed(error))?;
        self.position += content_length;
        if (self.content.len() as u64) < content_length {
            return Err(format!("ends in the middle of record {}", self.count));
        }
        Ok(Some(content_length))
    }

    fn skip_record(&mut self) -> Result<bool, String> {
        let Some(content_length) = self.next_header()? else {
            return Ok(false);
        };
        let skipped = skip(&mut self.source, content_length).map_err(|error| self.failed(error))?;
        self.position += skipped;
        if skipped < content_length {
            return Err(format!("ends in the middle of record {}", self.count));
        }
        Ok(true)
    }

    fn failed(&self, error: io::Error) -> String {
        format!("could not be read past byte {} ({error})", self.position)
    }
}

fn skip(source: &mut impl Read, bytes: u64) -> io::Result<u64> {
    io::copy(&mut source.take(bytes), &mut io::sink())
}

/// Refuses a record whose part or point counts claim more than its bytes hold, or whose parts
/// start outside its points or out of order: the counts size the crate's vectors.
fn check_counts(content: &[u8]) -> Result<(), String> {
    let int = |at: usize| {
        content
            .get(at..at + 4)
            .map(|b| i32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    };
    let Some(shape_type) = int(0) else {
        return Err("is shorter than its shape type".to_owned());
    };
    // Multi-part types (polylines, polygons, multipatches, in 2D, M and Z) and multipoints: a
    // 32-byte box after the type, then the counts.
    let (parts_at, per_part) = match shape_type {
        3 | 5 | 13 | 15 | 23 | 25 => (Some(36), 4),
        31 => (Some(36), 8),
        8 | 18 | 28 => (None, 0),
        _ => return Ok(()),
    };
    let available = content.len() as u64;
    let Some(parts_at) = parts_at else {
        let points = int(36).ok_or("is shorter than its point count")?;
        let points = u64::try_from(points).map_err(|_| "declares a negative point count")?;
        if 40 + 16 * points > available {
            return Err(format!(
                "declares {points} points but holds {available} bytes"
            ));
        }
        return Ok(());
    };
    let (Some(parts), Some(points)) = (int(parts_at), int(parts_at + 4)) else {
        return Err("is shorter than its part and point counts".to_owned());
    };
    let (Ok(parts), Ok(points)) = (u64::try_from(parts), u64::try_from(points)) else {
        return Err("declares a negative part or point count".to_owned());
    };
    let needed = parts_at as u64 + 8 + per_part * parts + 16 * points;
    if needed > available {
        return Err(format!(
            "declares {parts} parts and {points} points, {needed} bytes, but holds {available}"
        ));
    }
    let mut previous = 0;
    for part in 0..parts as usize {
        let start = int(parts_at + 8 + 4 * part).unwrap_or(-1);
        let Ok(start) = u64::try_from(start) else {
            return Err(format!("part {} starts at a negative point", part + 1));
        };
        if start < previous || start > points {
            return Err(format!(
                "part {} starts at point {start}, outside its {points} points or before the previous part",
                part + 1
            ));
        }
        previous = start;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn polygon_record(parts: &[i32], points: i32, point_bytes: usize) -> Vec<u8> {
        let mut content = Vec::new();
        content.extend(5i32.to_le_bytes());
        content.extend([0u8; 32]);
        content.extend((parts.len() as i32).to_le_bytes());
        content.extend(points.to_le_bytes());
        for part in parts {
            content.extend(part.to_le_bytes());
        }
        content.extend(vec![0u8; point_bytes]);
        content
    }

    #[test]
    fn counts_must_fit_the_record() {
        assert!(check_counts(&polygon_record(&[0], 4, 64)).is_ok());
        let claims_billions = polygon_record(&[0], 2_000_000_000, 64);
        assert!(
            check_counts(&claims_billions)
                .unwrap_err()
                .contains("2000000000 points")
        );
        assert!(check_counts(&polygon_record(&[0, 3, 1], 4, 64)).is_err());
        assert!(check_counts(&polygon_record(&[0, 9], 4, 64)).is_err());
        assert!(check_counts(&polygon_record(&[-1], 4, 64)).is_err());
        assert!(check_counts(&polygon_record(&[0], -4, 64)).is_err());
        let mut multipoint = 8i32.to_le_bytes().to_vec();
        multipoint.extend([0u8; 32]);
        multipoint.extend(1_000_000i32.to_le_bytes());
        assert!(check_counts(&multipoint).is_err());
        assert!(check_counts(&[1, 0, 0, 0, 0, 0]).is_ok());
    }

    fn shp(records: &[Vec<u8>]) -> (Vec<u8>, u64) {
        let mut bytes = vec![0u8; MAIN_HEADER_BYTES as usize];
        for (number, content) in records.iter().enumerate() {
            bytes.extend((number as i32 + 1).to_be_bytes());
            bytes.extend((content.len() as i32 / 2).to_be_bytes());
            bytes.extend(content);
        }
        let length = bytes.len() as u64;
        (bytes, length)
    }

    #[test]
    fn records_are_read_one_by_one_and_a_lying_length_is_refused() {
        let (bytes, length) = shp(&[0i32.to_le_bytes().to_vec(), polygon_record(&[0], 4, 64)]);
        let mut records = Records::new(&bytes[100..], length, Positions::Sequential);
        assert!(matches!(records.next_shape(), Ok(Some(Shape::NullShape))));
        assert!(matches!(records.next_shape(), Ok(Some(Shape::Polygon(_)))));
        assert!(matches!(records.next_shape(), Ok(None)));
        let counted = Records::new(&bytes[100..], length, Positions::Sequential).count_rest();
        assert_eq!(counted, Ok(2));

        let mut lying = bytes.clone();
        lying[104..108].copy_from_slice(&1_000_000i32.to_be_bytes());
        let mut records = Records::new(&lying[100..], length, Positions::Sequential);
        let Err(error) = records.next_shape() else {
            panic!("a record longer than the file is refused")
        };
        assert!(
            error.contains("record 1 declares 2000000 bytes but only"),
            "{error}"
        );
    }

    #[test]
    fn an_index_is_followed_only_front_to_back_inside_the_file() {
        let (bytes, length) = shp(&[0i32.to_le_bytes().to_vec(), 0i32.to_le_bytes().to_vec()]);
        let index = |entries: &[(i32, i32)]| {
            let mut shx = vec![0u8; 100];
            for (offset, words) in entries {
                shx.extend(offset.to_be_bytes());
                shx.extend(words.to_be_bytes());
            }
            shx
        };
        let positions = index_positions(&index(&[(50, 2), (56, 2)]), length).unwrap();
        assert_eq!(positions, [100, 112]);
        let mut records = Records::new(&bytes[100..], length, Positions::Index(positions.iter()));
        assert!(matches!(records.next_shape(), Ok(Some(Shape::NullShape))));
        assert!(matches!(records.next_shape(), Ok(Some(Shape::NullShape))));
        assert!(matches!(records.next_shape(), Ok(None)));
        // An index of the first record only: the second is left, and said to be.
        let first_only = index_positions(&index(&[(50, 2)]), length).unwrap();
        let mut records = Records::new(&bytes[100..], length, Positions::Index(first_only.iter()));
        assert!(matches!(records.next_shape(), Ok(Some(Shape::NullShape))));
        assert!(matches!(records.next_shape(), Ok(None)));
        assert_eq!(records.unread_bytes(), 12);
        assert!(index_positions(&index(&[(56, 2), (50, 2)]), length).is_err());
        assert!(index_positions(&index(&[(50, 2), (900, 2)]), length).is_err());
        assert!(index_positions(&index(&[(-1, 2)]), length).is_err());
        assert!(index_positions(&[0u8; 20], length).is_err());
    }
}
