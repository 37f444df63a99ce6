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
}
