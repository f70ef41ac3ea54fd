//! Dates as a person reads them: `2026-12-07 10:41 UTC`, never the API's nanoseconds.

use time::OffsetDateTime;

/// `2026-12-07 10:41 UTC`, or "time not given".
pub fn utc_text(time: Option<OffsetDateTime>) -> String {
    time.map_or_else(
        || "time not given".to_owned(),
        |t| {
            let t = t.to_offset(time::UtcOffset::UTC);
            format!(
                "{:04}-{:02}-{:02} {:02}:{:02} UTC",
                t.year(),
                u8::from(t.month()),
                t.day(),
                t.hour(),
                t.minute()
            )
        },
    )
}

/// An API date as a person reads it (`2026-12-07T10:41:27.499123Z` becomes
/// `2026-12-07 10:41 UTC`); text that is not a date is shown as it came.
pub fn api_date_text(text: &str) -> String {
    match crate::api::oneatlas::models::parse_api_date(text) {
        Ok(date) => utc_text(Some(date)),
        Err(_) => text.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn dates_read_in_minutes_and_utc() {
        assert_eq!(
            utc_text(Some(datetime!(2026-12-07 11:41:59 +1))),
            "2026-12-07 10:41 UTC"
        );
        assert_eq!(utc_text(None), "time not given");
        assert_eq!(
            api_date_text("2026-12-07T10:41:27.499123456Z"),
            "2026-12-07 10:41 UTC"
        );
        assert_eq!(api_date_text("soon"), "soon");
    }
}
