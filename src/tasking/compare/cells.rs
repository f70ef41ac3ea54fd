//! A row as the text of its cells, the same in the window and on the command line.

use crate::tasking::amount::money;
use crate::tasking::dates::utc_text;

use super::row::Row;
use super::sort::{SortKey, best};

/// The headings of the table's columns, in order.
pub const HEADINGS: [&str; 10] = [
    "mission",
    "offer",
    "verdict",
    "first attempt",
    "incidence",
    "AOI covered",
    "order deadline",
    "attempts",
    "billed area",
    "price",
];

/// The cells of a row, in the order of [`HEADINGS`].
pub fn cells(row: &Row) -> [String; 10] {
    let first = row.first.as_ref();
    let dash = || "—".to_owned();
    [
        row.pair.mission.label().to_owned(),
        row.pair.offer.label().to_owned(),
        row.verdict.words(),
        first.map_or_else(dash, |a| utc_text(a.acquisition)),
        first
            .and_then(|a| a.incidence_deg)
            .map_or_else(dash, |d| format!("{d:.1}°")),
        first.map_or_else(dash, |a| format!("{:.0} %", a.aoi_coverage * 100.0)),
        first.map_or_else(dash, |a| {
            a.order_deadline
                .map_or_else(|| "no deadline given".to_owned(), |d| utc_text(Some(d)))
        }),
        if row.attempts.is_empty() {
            dash()
        } else {
            row.attempts.len().to_string()
        },
        format!("{:.1} km²", row.billed_area_km2),
        match (&row.price, &row.price_note) {
            (Some(price), _) => money(price.amount, &price.currency),
            (None, Some(note)) => note.clone(),
            (None, None) => dash(),
        },
    ]
}

/// The columns in which a row is the best (soonest, lowest angle, cheapest).
pub fn best_of(rows: &[Row], index: usize) -> Vec<SortKey> {
    SortKey::ALL
        .into_iter()
        .filter(|&key| best(rows, key) == Some(index))
        .collect()
}

/// The column of [`HEADINGS`] a sort key marks.
pub fn column_of(key: SortKey) -> usize {
    match key {
        SortKey::Time => 3,
        SortKey::Angle => 4,
        SortKey::Price => 9,
    }
}
