//! Story dates as input records give them.

use chrono::{DateTime, NaiveDate, NaiveDateTime};

/// `YYYY-MM-DD`, or a full timestamp on that day (`2024-03-05T10:00:00Z`,
/// `2024-03-05 10:00:00`, with or without fractions and offset). Anything
/// else — `2024-03-05garbage`, `2024-3-5`, `March 5` — is `None`: a date
/// that is half understood would silently date every event of the story.
pub fn parse_story_date(s: &str) -> Option<NaiveDate> {
    let s = s.trim();
    if let Ok(d) = NaiveDate::parse_from_str(s, "%Y-%m-%d") {
        return Some(d);
    }
    if let Ok(t) = DateTime::parse_from_rfc3339(s) {
        return Some(t.date_naive());
    }
    [
        "%Y-%m-%dT%H:%M:%S%.f",
        "%Y-%m-%d %H:%M:%S%.f",
        "%Y-%m-%dT%H:%M",
        "%Y-%m-%d %H:%M",
    ]
    .iter()
    .find_map(|f| NaiveDateTime::parse_from_str(s, f).ok())
    .map(|t| t.date())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(input: &str, expect: Option<&str>) {
        let got = parse_story_date(input).map(|d| d.to_string());
        assert_eq!(got.as_deref(), expect, "{input:?}");
    }

    #[test]
    fn dates_and_timestamps_are_read() {
        check("2024-03-05", Some("2024-03-05"));
        check(" 2024-03-05 ", Some("2024-03-05"));
        check("2024-03-05T10:00:00Z", Some("2024-03-05"));
        check("2024-03-05T23:30:00-05:00", Some("2024-03-05"));
        check("2024-03-05T10:00:00.123", Some("2024-03-05"));
        check("2024-03-05 10:00:00", Some("2024-03-05"));
        check("2024-03-05T10:00", Some("2024-03-05"));
    }

    #[test]
    fn anything_else_is_no_date() {
        check("2024-03-05garbage", None);
        check("2024-03-05T", None);
        check("2024-02-30", None);
        check("March 5, 2024", None);
        check("", None);
        check("2024-03-0５", None);
    }
}
