//! Calendar arithmetic on civil dates: units, their boundaries, and clamped
//! month arithmetic. Everything returns `Option` so absurd inputs (year
//! 99999, a count of a billion) fail cleanly instead of panicking.

use chrono::{Datelike, Days, Months, NaiveDate, Weekday};

/// A civil (proleptic Gregorian) date with no time of day or zone.
pub type Date = NaiveDate;

/// Earliest and latest years dyad accepts as calendar years in text.
pub const MIN_YEAR: i32 = 1000;
/// See [`MIN_YEAR`].
pub const MAX_YEAR: i32 = 2999;

/// A calendar unit, used both for precisions and for duration lengths.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Unit {
    /// An hour (durations only: "for six hours").
    Hour,
    /// A calendar day.
    Day,
    /// An ISO week, Monday to Sunday.
    Week,
    /// A calendar month.
    Month,
    /// A meteorological season (three months).
    Season,
    /// A calendar year.
    Year,
    /// A decade (`1990s`).
    Decade,
    /// A century.
    Century,
}

impl Unit {
    /// The ISO 8601 duration designator for one of this unit.
    pub fn iso(self) -> &'static str {
        match self {
            Unit::Hour => "H",
            Unit::Day => "D",
            Unit::Week => "W",
            Unit::Month => "M",
            Unit::Season => "Q",
            Unit::Year => "Y",
            Unit::Decade => "DE",
            Unit::Century => "CE",
        }
    }
}

/// `y-m-d` when it is a real date.
pub fn ymd(y: i32, m: u32, d: u32) -> Option<Date> {
    NaiveDate::from_ymd_opt(y, m, d)
}

/// Last day of month `m` of year `y`.
pub fn month_end(y: i32, m: u32) -> Option<Date> {
    let first = ymd(y, m, 1)?;
    first.checked_add_months(Months::new(1))?.pred_opt()
}

/// `d` moved by `n` months, the day clamped to the target month's length
/// (Jan 31 + 1 month = Feb 29 in a leap year).
pub fn add_months(d: Date, n: i64) -> Option<Date> {
    let m = Months::new(u32::try_from(n.unsigned_abs()).ok()?);
    if n >= 0 {
        d.checked_add_months(m)
    } else {
        d.checked_sub_months(m)
    }
}

/// `d` moved by `n` days.
pub fn add_days(d: Date, n: i64) -> Option<Date> {
    let days = Days::new(n.unsigned_abs());
    if n >= 0 {
        d.checked_add_days(days)
    } else {
        d.checked_sub_days(days)
    }
}

/// `d` moved by `n` of `unit` (seasons count as three months, hours round
/// to the same day).
pub fn shift(d: Date, unit: Unit, n: i64) -> Option<Date> {
    match unit {
        Unit::Hour => add_days(d, n.checked_div(24)?),
        Unit::Day => add_days(d, n),
        Unit::Week => add_days(d, n.checked_mul(7)?),
        Unit::Month => add_months(d, n),
        Unit::Season => add_months(d, n.checked_mul(3)?),
        Unit::Year => add_months(d, n.checked_mul(12)?),
        Unit::Decade => add_months(d, n.checked_mul(120)?),
        Unit::Century => add_months(d, n.checked_mul(1200)?),
    }
}

/// First and last day of the calendar `unit` containing `d`: the ISO week
/// (Monday to Sunday), the month, the meteorological season (winter is
/// December to February), the year, the decade (1990–1999), the century
/// (1901–2000 is not used; 1900–1999 is, as in news usage).
pub fn unit_bounds(d: Date, unit: Unit) -> Option<(Date, Date)> {
    let y = d.year();
    match unit {
        Unit::Hour | Unit::Day => Some((d, d)),
        Unit::Week => {
            let start = add_days(d, -i64::from(d.weekday().num_days_from_monday()))?;
            Some((start, add_days(start, 6)?))
        }
        Unit::Month => Some((ymd(y, d.month(), 1)?, month_end(y, d.month())?)),
        Unit::Season => {
            // Seasons start in Mar, Jun, Sep, Dec; Jan and Feb belong to the
            // winter that began the December before.
            let m = d.month();
            let (sy, sm) = match m {
                1 | 2 => (y - 1, 12),
                _ => (y, m - (m % 3)),
            };
            let start = ymd(sy, sm, 1)?;
            let last = add_months(start, 2)?;
            Some((start, month_end(last.year(), last.month())?))
        }
        Unit::Year => Some((ymd(y, 1, 1)?, ymd(y, 12, 31)?)),
        Unit::Decade => {
            let dy = y.div_euclid(10) * 10;
            Some((ymd(dy, 1, 1)?, ymd(dy + 9, 12, 31)?))
        }
        Unit::Century => {
            let cy = y.div_euclid(100) * 100;
            Some((ymd(cy, 1, 1)?, ymd(cy + 99, 12, 31)?))
        }
    }
}

/// The latest `wd` on or before `d` (`strict`: before).
pub fn weekday_on_or_before(d: Date, wd: Weekday, strict: bool) -> Option<Date> {
    let back = (7 + d.weekday().num_days_from_monday() - wd.num_days_from_monday()) % 7;
    let back = if strict && back == 0 { 7 } else { back };
    add_days(d, -i64::from(back))
}

/// The earliest `wd` on or after `d` (`strict`: after).
pub fn weekday_on_or_after(d: Date, wd: Weekday, strict: bool) -> Option<Date> {
    let fwd = (7 + wd.num_days_from_monday() - d.weekday().num_days_from_monday()) % 7;
    let fwd = if strict && fwd == 0 { 7 } else { fwd };
    add_days(d, i64::from(fwd))
}

/// Season number 0..4 (spring, summer, autumn, winter) to its first month.
pub fn season_start_month(season: u32) -> u32 {
    [3, 6, 9, 12][season as usize % 4]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn month_arithmetic_clamps() {
        let d = ymd(2024, 1, 31).unwrap();
        assert_eq!(add_months(d, 1), ymd(2024, 2, 29));
        assert_eq!(add_months(d, 13), ymd(2025, 2, 28));
        assert_eq!(
            shift(ymd(2024, 2, 29).unwrap(), Unit::Year, -1),
            ymd(2023, 2, 28)
        );
        assert_eq!(month_end(2023, 2), ymd(2023, 2, 28));
        assert_eq!(month_end(2024, 12), ymd(2024, 12, 31));
        assert!(shift(d, Unit::Century, i64::MAX).is_none());
        assert!(add_days(d, i64::MIN).is_none());
    }

    #[test]
    fn bounds() {
        let d = ymd(2024, 1, 15).unwrap();
        assert_eq!(
            unit_bounds(d, Unit::Season),
            Some((ymd(2023, 12, 1).unwrap(), ymd(2024, 2, 29).unwrap()))
        );
        assert_eq!(
            unit_bounds(d, Unit::Week),
            Some((ymd(2024, 1, 15).unwrap(), ymd(2024, 1, 21).unwrap()))
        );
        assert_eq!(
            unit_bounds(d, Unit::Decade),
            Some((ymd(2020, 1, 1).unwrap(), ymd(2029, 12, 31).unwrap()))
        );
    }

    #[test]
    fn weekdays() {
        let tue = ymd(2024, 3, 5).unwrap();
        assert_eq!(weekday_on_or_before(tue, Weekday::Tue, false), Some(tue));
        assert_eq!(
            weekday_on_or_before(tue, Weekday::Tue, true),
            ymd(2024, 2, 27)
        );
        assert_eq!(
            weekday_on_or_after(tue, Weekday::Mon, false),
            ymd(2024, 3, 11)
        );
        assert_eq!(
            weekday_on_or_before(tue, Weekday::Wed, false),
            ymd(2024, 2, 28)
        );
    }
}
