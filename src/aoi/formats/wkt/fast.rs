//! A fast path for the WKT a footprint usually is: one 2D `POLYGON` or `MULTIPOLYGON` of plain
//! numbers. The `wkt` crate makes a `String` of every number it reads, which puts a 999-vertex
//! footprint over the 150 µs budget; this reads the numbers in place. Anything else (Z or M,
//! EMPTY, other geometries, anything unexpected) answers `None`, and the crate reads it, with
//! its error messages. A test checks both give the same rings.

use crate::aoi::model::LonLat;

/// The polygons (each its rings) of a `POLYGON` or `MULTIPOLYGON` text, with whether it was a
/// `MULTIPOLYGON`; `None` for anything this path does not read.
pub(super) fn polygons(text: &str) -> Option<(bool, Vec<Vec<Vec<LonLat>>>)> {
    let mut cursor = Cursor {
        bytes: text.as_bytes(),
        at: 0,
    };
    cursor.skip_whitespace();
    let multi = if cursor.keyword(b"MULTIPOLYGON") {
        true
    } else if cursor.keyword(b"POLYGON") {
        false
    } else {
        return None;
    };
    let polygons = if multi {
        cursor.list(Cursor::polygon)?
    } else {
        vec![cursor.polygon()?]
    };
    cursor.skip_whitespace();
    (cursor.at == cursor.bytes.len()).then_some((multi, polygons))
}

struct Cursor<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl Cursor<'_> {
    fn skip_whitespace(&mut self) {
        while self.bytes.get(self.at).is_some_and(u8::is_ascii_whitespace) {
            self.at += 1;
        }
    }

    /// The keyword (any case), followed by whitespace or "(".
    fn keyword(&mut self, word: &[u8]) -> bool {
        let end = self.at + word.len();
        let matches = self
            .bytes
            .get(self.at..end)
            .is_some_and(|found| found.eq_ignore_ascii_case(word))
            && self
                .bytes
                .get(end)
                .is_some_and(|&b| b == b'(' || b.is_ascii_whitespace());
        if matches {
            self.at = end;
        }
        matches
    }

    fn expect(&mut self, byte: u8) -> Option<()> {
        self.skip_whitespace();
        (self.bytes.get(self.at) == Some(&byte)).then(|| self.at += 1)
    }

    /// "(" item ("," item)* ")".
    fn list<T>(&mut self, item: impl Fn(&mut Self) -> Option<T>) -> Option<Vec<T>> {
        self.expect(b'(')?;
        let mut items = vec![item(self)?];
        loop {
            self.skip_whitespace();
            match self.bytes.get(self.at)? {
                b',' => {
                    self.at += 1;
                    items.push(item(self)?);
                }
                b')' => {
                    self.at += 1;
                    return Some(items);
                }
                _ => return None,
            }
        }
    }

    fn polygon(&mut self) -> Option<Vec<Vec<LonLat>>> {
        self.list(|c| c.list(Cursor::position))
    }

    /// Exactly two numbers.
    fn position(&mut self) -> Option<LonLat> {
        let x = self.number()?;
        let y = self.number()?;
        Some(LonLat { x, y })
    }

    fn number(&mut self) -> Option<f64> {
        self.skip_whitespace();
        let start = self.at;
        while self
            .bytes
            .get(self.at)
            .is_some_and(|&b| b.is_ascii_digit() || matches!(b, b'+' | b'-' | b'.' | b'e' | b'E'))
        {
            self.at += 1;
        }
        // ASCII only, so the slice is valid UTF-8.
        std::str::from_utf8(&self.bytes[start..self.at])
            .ok()?
            .parse()
            .ok()
    }
}

#[cfg(test)]
mod tests {
    use std::str::FromStr;

    use super::*;

    /// The crate's reading of the same text, as rings.
    fn by_crate(text: &str) -> Vec<Vec<Vec<LonLat>>> {
        let rings = |p: &wkt::types::Polygon<f64>| {
            p.rings()
                .iter()
                .map(|r| {
                    r.coords()
                        .iter()
                        .map(|c| LonLat { x: c.x, y: c.y })
                        .collect()
                })
                .collect()
        };
        match wkt::Wkt::<f64>::from_str(text).unwrap() {
            wkt::Wkt::Polygon(p) => vec![rings(&p)],
            wkt::Wkt::MultiPolygon(m) => m.polygons().iter().map(rings).collect(),
            other => panic!("not a polygon: {other:?}"),
        }
    }

    #[test]
    fn reads_what_the_crate_reads() {
        let texts = [
            "POLYGON((1 2, 3 4, 5 6, 1 2))",
            "polygon ( ( 1.5 -2.25 ,3e1 4E-2,5 6 , 1.5 -2.25 ) )",
            "POLYGON((0 0, 4 0, 4 4, 0 0), (1 1, 2 1, 2 2, 1 1))",
            "MULTIPOLYGON(((0 0, 1 0, 1 1, 0 0)), ((5 5, 6 5, 6 6, 5 5)))",
            "  MULTIPOLYGON (((0 0,1 0,1 1,0 0)))\n",
            "POLYGON((1.4000000000000001 43.600000000000001, 1.5 43.7, -0.1 +2, 1.4000000000000001 43.600000000000001))",
            "POLYGON((1 1e400, 2 2, 3 3, 1 1e400))",
        ];
        for text in texts {
            let (_, fast) = polygons(text).unwrap_or_else(|| panic!("fast path refused {text}"));
            assert_eq!(fast, by_crate(text), "{text}");
        }
    }

    #[test]
    fn leaves_everything_else_to_the_crate() {
        for text in [
            "POLYGON Z((1 2 3, 3 4 5, 5 6 7, 1 2 3))",
            "POLYGON((1 2 3, 3 4 5, 5 6 7, 1 2 3))",
            "POLYGON EMPTY",
            "POINT(1 2)",
            "POLYGON((1 2, 3 4, 5 6, 1 2)",
            "POLYGON((1 2, 3 4, 5 6, 1 2))x",
            "POLYGON((1 2, 3 4, 5 6, nan nan))",
            "POLYGONAL((1 2, 3 4, 5 6, 1 2))",
            "",
        ] {
            assert!(polygons(text).is_none(), "{text}");
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(500))]

        /// Random rings written with random spacing, keyword case and number styles: the fast
        /// path reads exactly what the crate reads.
        #[test]
        fn agrees_with_the_crate_on_random_text(
            rings in proptest::collection::vec(
                proptest::collection::vec((-180.0f64..180.0, -90.0f64..90.0), 3..12), 1..3),
            space in proptest::sample::select(vec!["", " ", "  ", "\n", "\t"]),
            style in 0u8..3,
            lower in proptest::bool::ANY,
            multi in proptest::bool::ANY,
        ) {
            let number = |v: f64| match style {
                0 => format!("{v}"),
                1 => format!("{v:.6}"),
                _ => format!("{v:e}"),
            };
            let ring_text = |ring: &Vec<(f64, f64)>| {
                let positions: Vec<String> = ring
                    .iter()
                    .chain(ring.first())
                    .map(|&(x, y)| format!("{space}{} {}{space}", number(x), number(y)))
                    .collect();
                format!("({})", positions.join(","))
            };
            let polygon = format!(
                "({})",
                rings.iter().map(ring_text).collect::<Vec<_>>().join(&format!(",{space}"))
            );
            let keyword = match (multi, lower) {
                (true, true) => "multipolygon",
                (true, false) => "MULTIPOLYGON",
                (false, true) => "polygon",
                (false, false) => "POLYGON",
            };
            let body = if multi { format!("({polygon},{space}{polygon})") } else { polygon };
            let text = format!("{space}{keyword}{space}{body}{space}");
            let (_, fast) = polygons(&text).expect("the fast path reads it");
            proptest::prop_assert_eq!(fast, by_crate(&text));
        }
    }
}
