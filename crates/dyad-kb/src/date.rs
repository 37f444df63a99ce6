//! Dates of dictionary windows: `YYYY-MM-DD`, `YYYY-MM` or `YYYY`, where a
//! month or year stands for the whole period (its first day as a start, its
//! last day as an end).

use chrono::Datelike;
pub use chrono::{Days, NaiveDate as Date};

/// Which end of a period a partial date stands for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Bound {
    /// The first day of the period.
    Start,
    /// The last day of the period.
    End,
}

/// Parses `YYYY-MM-DD`, `YYYY-MM` or `YYYY`; partial dates expand to the
/// first or last day of the period according to `bound`.
pub fn parse_date(s: &str, bound: Bound) -> Option<Date> {
    let parts: Vec<&str> = s.split('-').collect();
    let num = |p: &str, len: usize| -> Option<u32> {
        if p.len() == len && p.bytes().all(|b| b.is_ascii_digit()) {
            p.parse().ok()
        } else {
            None
        }
    };
    match parts.as_slice() {
        [y] => {
            let y = num(y, 4)? as i32;
            match bound {
                Bound::Start => Date::from_ymd_opt(y, 1, 1),
                Bound::End => Date::from_ymd_opt(y, 12, 31),
            }
        }
        [y, m] => {
            let (y, m) = (num(y, 4)? as i32, num(m, 2)?);
            let first = Date::from_ymd_opt(y, m, 1)?;
            match bound {
                Bound::Start => Some(first),
                Bound::End => last_of_month(first),
            }
        }
        [y, m, d] => Date::from_ymd_opt(num(y, 4)? as i32, num(m, 2)?, num(d, 2)?),
        _ => None,
    }
}

fn last_of_month(first: Date) -> Option<Date> {
    let (y, m) = if first.month() == 12 {
        (first.year() + 1, 1)
    } else {
        (first.year(), first.month() + 1)
    };
    Date::from_ymd_opt(y, m, 1)?.pred_opt()
}

/// Parses a full `YYYY-MM-DD` date given by a user (CLI, JSON records); also
/// accepts `D Month YYYY` ("10 May 2015"), as some gold sets write it.
pub fn parse_user_date(s: &str) -> Option<Date> {
    let s = s.trim();
    if let Some(d) = parse_date(s, Bound::Start).filter(|_| s.len() == 10) {
        return Some(d);
    }
    for fmt in ["%d %B %Y", "%d %b %Y", "%B %d %Y", "%B %d, %Y"] {
        if let Ok(d) = Date::parse_from_str(&s.to_lowercase(), fmt) {
            return Some(d);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn partial_dates_cover_their_period() {
        let d = |y, m, d| Date::from_ymd_opt(y, m, d).unwrap();
        assert_eq!(parse_date("2012", Bound::Start), Some(d(2012, 1, 1)));
        assert_eq!(parse_date("2012", Bound::End), Some(d(2012, 12, 31)));
        assert_eq!(parse_date("2024-02", Bound::End), Some(d(2024, 2, 29)));
        assert_eq!(parse_date("2023-12", Bound::End), Some(d(2023, 12, 31)));
        assert_eq!(parse_date("2012-05-07", Bound::End), Some(d(2012, 5, 7)));
        assert_eq!(parse_date("2012-13", Bound::End), None);
        assert_eq!(parse_date("12-05-07", Bound::End), None);
        assert_eq!(parse_user_date("10 May 2015"), Some(d(2015, 5, 10)));
        assert_eq!(parse_user_date("1 july 2021"), Some(d(2021, 7, 1)));
    }
}
