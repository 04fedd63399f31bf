//! Dates and times given by operators (`--expires-at`).

use chrono::{DateTime, NaiveDate, NaiveDateTime, TimeZone, Utc};

/// Parses `YYYY-MM-DD` (the end of that day in UTC: a customer who "expires on
/// 2026-12-31" can install all that day), `YYYY-MM-DDTHH:MM:SS` (UTC) or RFC 3339.
pub fn parse_datetime(input: &str) -> Result<DateTime<Utc>, String> {
    let s = input.trim();
    if let Ok(dt) = DateTime::parse_from_rfc3339(s) {
        return Ok(dt.with_timezone(&Utc));
    }
    for fmt in ["%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M"] {
        if let Ok(dt) = NaiveDateTime::parse_from_str(s, fmt) {
            return Ok(Utc.from_utc_datetime(&dt));
        }
    }
    if let Ok(day) = NaiveDate::parse_from_str(s, "%Y-%m-%d")
        && let Some(next) = day.succ_opt().and_then(|d| d.and_hms_opt(0, 0, 0))
    {
        return Ok(Utc.from_utc_datetime(&next));
    }
    Err(format!(
        "invalid date \"{}\": use YYYY-MM-DD (valid through that day, UTC) or an RFC 3339 time such as 2026-12-31T18:00:00Z",
        input.chars().take(60).collect::<String>()
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forms() {
        assert_eq!(
            parse_datetime("2026-12-31").unwrap().to_rfc3339(),
            "2027-01-01T00:00:00+00:00"
        );
        assert_eq!(
            parse_datetime("2026-12-31T18:00:00+02:00")
                .unwrap()
                .to_rfc3339(),
            "2026-12-31T16:00:00+00:00"
        );
        assert_eq!(
            parse_datetime("2026-12-31T18:00:00").unwrap().to_rfc3339(),
            "2026-12-31T18:00:00+00:00"
        );
        for bad in ["tomorrow", "2026-13-01", "31/12/2026", ""] {
            assert!(
                parse_datetime(bad).unwrap_err().contains("YYYY-MM-DD"),
                "{bad}"
            );
        }
    }
}
