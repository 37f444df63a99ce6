//! Event dates as day numbers: days since 1970-01-01, the unit of the
//! de-duplication window and of the date indexes.

use chrono::{Datelike, NaiveDate};

/// An event date as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Day {
    /// First day of the period, as days since 1970-01-01.
    pub day: i64,
    /// The date as coded (`YYYY-MM-DD`, `YYYY-MM` or `YYYY`).
    pub value: String,
    /// `day`, `month` or `year`.
    pub precision: String,
}

impl Day {
    /// A day-precision date.
    pub fn of_date(d: NaiveDate) -> Day {
        Day {
            day: day_number(d),
            value: d.to_string(),
            precision: "day".into(),
        }
    }
}

/// Days since 1970-01-01.
pub fn day_number(d: NaiveDate) -> i64 {
    i64::from(d.num_days_from_ce()) - 719_163
}

/// The date of a day number.
pub fn date_of(day: i64) -> Option<NaiveDate> {
    i32::try_from(day + 719_163)
        .ok()
        .and_then(NaiveDate::from_num_days_from_ce_opt)
}

/// Read a coded date value: `YYYY-MM-DD`, `YYYY-MM` or `YYYY`. Anything
/// else (ranges, `?`) is not a point and gives `None`.
pub fn day_of_value(v: &str) -> Option<Day> {
    let v = v.trim();
    let parts: Vec<&str> = v.split('-').collect();
    let num = |s: &str| {
        s.parse::<u32>()
            .ok()
            .filter(|_| s.bytes().all(|b| b.is_ascii_digit()))
    };
    let (date, precision) = match parts.as_slice() {
        [y, m, d] if y.len() == 4 => (
            NaiveDate::from_ymd_opt(num(y)? as i32, num(m)?, num(d)?)?,
            "day",
        ),
        [y, m] if y.len() == 4 => (
            NaiveDate::from_ymd_opt(num(y)? as i32, num(m)?, 1)?,
            "month",
        ),
        [y] if y.len() == 4 => (NaiveDate::from_ymd_opt(num(y)? as i32, 1, 1)?, "year"),
        _ => return None,
    };
    Some(Day {
        day: day_number(date),
        value: v.to_string(),
        precision: precision.into(),
    })
}

/// Parse a user date bound: `YYYY`, `YYYY-MM` or `YYYY-MM-DD`; `end`
/// selects the last day of a year or month (inclusive upper bounds).
pub fn parse_bound(s: &str, end: bool) -> Result<i64, String> {
    let d = day_of_value(s)
        .ok_or_else(|| format!("`{s}` is not a date: expected YYYY, YYYY-MM or YYYY-MM-DD"))?;
    if !end {
        return Ok(d.day);
    }
    let start = date_of(d.day).ok_or_else(|| format!("`{s}` is out of range"))?;
    let next = match d.precision.as_str() {
        "year" => NaiveDate::from_ymd_opt(start.year() + 1, 1, 1),
        "month" if start.month() == 12 => NaiveDate::from_ymd_opt(start.year() + 1, 1, 1),
        "month" => NaiveDate::from_ymd_opt(start.year(), start.month() + 1, 1),
        _ => return Ok(d.day),
    }
    .ok_or_else(|| format!("`{s}` is out of range"))?;
    Ok(day_number(next) - 1)
}

/// The first and last day a coded date covers, inclusive: a day, an ISO
/// week (`2024-W10`), a month, a season (`2024-SU`; winter `2024-WI` runs
/// from December 2024 to February 2025), a year, a decade or century
/// (`1990s`, read by `precision`), or a range `START/END` of those.
/// `None` for values that name no period (`?`, durations).
pub fn bounds(value: &str, precision: &str) -> Option<(NaiveDate, NaiveDate)> {
    match value.split_once('/') {
        Some((a, b)) => {
            let (start, _) = period_bounds(a.trim(), precision)?;
            let (_, end) = period_bounds(b.trim(), precision)?;
            (start <= end).then_some((start, end))
        }
        None => period_bounds(value.trim(), precision),
    }
}

/// The precision to report for a coded date: its unit, or `range` for a
/// `START/END` value (its extent is in the bounds), or `unknown`.
pub fn reported_precision(value: Option<&str>, precision: &str) -> String {
    match value {
        Some(v) if v.contains('/') => "range".into(),
        Some(_) => precision.to_string(),
        None => "unknown".into(),
    }
}

/// The bounds of one calendar period in dyad-time's notation.
fn period_bounds(v: &str, precision: &str) -> Option<(NaiveDate, NaiveDate)> {
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    let year = |s: &str| -> Option<i32> { digits(s).then(|| s.parse().ok()).flatten() };
    if let Some(d) = day_of_value(v) {
        let start = date_of(d.day)?;
        let end = date_of(parse_bound(v, true).ok()?)?;
        return Some((start, end));
    }
    if let Some(y) = v.strip_suffix('s').and_then(year) {
        let span = if precision == "century" { 100 } else { 10 };
        let start = NaiveDate::from_ymd_opt(y, 1, 1)?;
        let end = NaiveDate::from_ymd_opt(y + span, 1, 1)?.pred_opt()?;
        return Some((start, end));
    }
    let (y, rest) = v.split_once('-')?;
    let y = year(y)?;
    if let Some(w) = rest.strip_prefix('W').filter(|w| digits(w)) {
        let start = NaiveDate::from_isoywd_opt(y, w.parse().ok()?, chrono::Weekday::Mon)?;
        return Some((start, start + chrono::Duration::days(6)));
    }
    let (first_month, year_end) = match rest {
        "SP" => (3, y),
        "SU" => (6, y),
        "FA" => (9, y),
        "WI" => (12, y + 1),
        _ => return None,
    };
    let start = NaiveDate::from_ymd_opt(y, first_month, 1)?;
    let end_month = (first_month + 2 - 1) % 12 + 1;
    let end = NaiveDate::from_ymd_opt(year_end, end_month, 1)?
        .checked_add_months(chrono::Months::new(1))?
        .pred_opt()?;
    Some((start, end))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn day_numbers_round_trip() {
        let d = NaiveDate::from_ymd_opt(2024, 3, 5).unwrap();
        assert_eq!(day_number(NaiveDate::from_ymd_opt(1970, 1, 1).unwrap()), 0);
        assert_eq!(date_of(day_number(d)), Some(d));
    }

    #[test]
    fn values_and_bounds() {
        assert_eq!(day_of_value("2024-03").unwrap().precision, "month");
        assert_eq!(day_of_value("2024").unwrap().precision, "year");
        assert!(day_of_value("2024-03/2024-04").is_none());
        assert!(day_of_value("?").is_none());
        assert!(day_of_value("2024-02-30").is_none());
        let feb_end = parse_bound("2024-02", true).unwrap();
        assert_eq!(date_of(feb_end), NaiveDate::from_ymd_opt(2024, 2, 29));
        assert_eq!(
            date_of(parse_bound("2023", true).unwrap()),
            NaiveDate::from_ymd_opt(2023, 12, 31)
        );
        assert!(parse_bound("March", false).is_err());
    }

    #[test]
    fn bounds_of_every_notation() {
        let b = |v: &str, p: &str| bounds(v, p).map(|(s, e)| format!("{s}/{e}"));
        assert_eq!(
            b("2025-06-03", "day").as_deref(),
            Some("2025-06-03/2025-06-03")
        );
        assert_eq!(
            b("2025-06", "month").as_deref(),
            Some("2025-06-01/2025-06-30")
        );
        assert_eq!(b("2024", "year").as_deref(), Some("2024-01-01/2024-12-31"));
        assert_eq!(
            b("2024-W10", "week").as_deref(),
            Some("2024-03-04/2024-03-10")
        );
        assert_eq!(
            b("2024-SU", "season").as_deref(),
            Some("2024-06-01/2024-08-31")
        );
        assert_eq!(
            b("2023-WI", "season").as_deref(),
            Some("2023-12-01/2024-02-29")
        );
        assert_eq!(
            b("1990s", "decade").as_deref(),
            Some("1990-01-01/1999-12-31")
        );
        assert_eq!(
            b("1900s", "century").as_deref(),
            Some("1900-01-01/1999-12-31")
        );
        assert_eq!(
            b("2003-03/2003-05", "month").as_deref(),
            Some("2003-03-01/2003-05-31")
        );
        assert_eq!(b("?", "day"), None);
        assert_eq!(b(">P10Y", "year"), None);
        assert_eq!(b("2024-05/2024-03", "month"), None);
        assert_eq!(
            reported_precision(Some("2003-03/2003-05"), "month"),
            "range"
        );
        assert_eq!(reported_precision(None, "unknown"), "unknown");
    }
}
