//! The table sorted by the soonest first attempt, the lowest incidence or the lowest price, and
//! the best row of each of those columns.

use super::row::Row;

/// A column the table sorts by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SortKey {
    /// The first attempt's acquisition time, soonest first.
    Time,
    /// The first attempt's incidence angle, lowest first.
    Angle,
    /// The price, lowest first.
    Price,
}

impl SortKey {
    /// Every column that sorts.
    pub const ALL: [SortKey; 3] = [SortKey::Time, SortKey::Angle, SortKey::Price];

    /// The column's heading.
    pub fn label(self) -> &'static str {
        match self {
            SortKey::Time => "first attempt",
            SortKey::Angle => "incidence",
            SortKey::Price => "price",
        }
    }

    /// A row's value in this column, as a number that sorts (`None`: nothing to compare).
    pub fn value(self, row: &Row) -> Option<f64> {
        match self {
            SortKey::Time => row
                .first
                .as_ref()
                .and_then(|a| a.acquisition)
                .map(|t| t.unix_timestamp_nanos() as f64),
            SortKey::Angle => row.first.as_ref().and_then(|a| a.incidence_deg),
            SortKey::Price => row.price.as_ref().map(|m| m.amount),
        }
    }
}

/// The rows' indices sorted by `key`, rows without a value last (in their first order).
pub fn sorted(rows: &[Row], key: SortKey) -> Vec<usize> {
    let mut order: Vec<usize> = (0..rows.len()).collect();
    order.sort_by(|&a, &b| match (key.value(&rows[a]), key.value(&rows[b])) {
        (Some(x), Some(y)) => x.total_cmp(&y),
        (Some(_), None) => std::cmp::Ordering::Less,
        (None, Some(_)) => std::cmp::Ordering::Greater,
        (None, None) => std::cmp::Ordering::Equal,
    });
    order
}

/// The best row by `key` (the first of equals), if any row has a value. Prices are compared
/// only in the currency of the first priced row (a contract prices in one currency).
pub fn best(rows: &[Row], key: SortKey) -> Option<usize> {
    let currency = rows
        .iter()
        .find_map(|r| r.price.as_ref().map(|m| &m.currency));
    let comparable =
        |row: &Row| key != SortKey::Price || row.price.as_ref().map(|m| &m.currency) == currency;
    sorted(rows, key)
        .into_iter()
        .find(|&i| comparable(&rows[i]) && key.value(&rows[i]).is_some())
}
