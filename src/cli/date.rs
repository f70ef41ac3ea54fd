//! Dates as people type them on the command line: `2026-12-01` (midnight UTC) or the APIs'
//! full form `2026-12-01T08:30:00.000Z`.

use time::{OffsetDateTime, PrimitiveDateTime, Time};

use crate::api::oneatlas::models::parse_api_date;

/// Reads `2026-12-01` as midnight UTC, anything else as an ISO 8601 date-time; the error says
/// both forms.
pub fn parse_user_date(text: &str) -> Result<OffsetDateTime, String> {
    let day = time::macros::format_description!("[year]-[month]-[day]");
    if let Ok(date) = time::Date::parse(text.trim(), &day) {
        return Ok(PrimitiveDateTime::new(date, Time::MIDNIGHT).assume_utc());
    }
    parse_api_date(text)
        .map_err(|e| format!("{e}; a day alone is read as midnight UTC (2026-12-01)"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn a_day_is_midnight_utc_and_the_full_form_is_kept() {
        assert_eq!(
            parse_user_date("2026-12-01"),
            Ok(datetime!(2026-12-01 00:00 UTC))
        );
        assert_eq!(
            parse_user_date("2026-12-01T08:30:00.000Z"),
            Ok(datetime!(2026-12-01 08:30 UTC))
        );
        let error = parse_user_date("01/12/2026").unwrap_err();
        assert!(error.contains("2026-12-01"), "{error}");
    }
}
