//! What a temporal expression is once recognised: its span, its kind, its
//! normalised value and how precise that value is.

use std::fmt;

use chrono::Datelike;
use serde::Serialize;

use crate::calendar::{Date, Unit};

/// The grammatical tense of the report an expression sits in; it decides
/// which way an under-specified date points ("on Tuesday", "in March").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Tense {
    /// Reports of what happened; also the default.
    #[default]
    Past,
    /// Treated like the past: news present tense mostly reports ("says").
    Present,
    /// Reports of what will happen: under-specified dates point forward.
    Future,
}

/// What an expression denotes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// One calendar unit: a day, a week, a month, a season, a year, a decade.
    Point,
    /// An interval that is not one calendar unit ("earlier this month", "since 2019").
    Range,
    /// A length of time ("for three years", "in more than a decade").
    Duration,
}

/// The calendar unit a value is known to.
pub type Precision = Unit;

/// How a duration's count is qualified in the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Modifier {
    /// No qualifier: "for three years".
    Exact,
    /// "more than", "over", "at least".
    MoreThan,
    /// "less than", "under", "nearly", "almost".
    LessThan,
    /// "about", "around", "some", "roughly".
    About,
}

/// A length of time: `count` units, or an unspecified number ("for years").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Duration {
    /// `None` for "for years", "decades".
    pub count: Option<u32>,
    /// The unit counted.
    pub unit: Unit,
    /// How the count is qualified.
    pub modifier: Modifier,
}

/// A normalised value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Value {
    /// First and last day covered, inclusive.
    Dates {
        /// First day.
        start: Date,
        /// Last day.
        end: Date,
    },
    /// A length of time.
    Duration(Duration),
    /// A relative expression ("yesterday") with no story date to resolve it against.
    Unresolved,
}

/// One temporal expression found in text.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TimeExpr {
    /// Byte offsets into the text searched.
    pub start: usize,
    /// See `start`; exclusive.
    pub end: usize,
    /// Point, range or duration.
    pub kind: Kind,
    /// The normalised value.
    pub value: Value,
    /// The unit the value is known to.
    pub precision: Precision,
    /// The name of the rule that recognised it (see `rules.rs`).
    pub rule: &'static str,
}

impl TimeExpr {
    /// The start and end dates, when the value is a resolved point or range.
    pub fn dates(&self) -> Option<(Date, Date)> {
        match self.value {
            Value::Dates { start, end } => Some((start, end)),
            _ => None,
        }
    }

    /// The value in dyad's canonical notation (see [`format_value`]).
    pub fn canonical(&self) -> String {
        format_value(self.kind, &self.value, self.precision)
    }
}

/// Formats a date at a precision: `2024-03-05`, `2024-W10`, `2024-03`,
/// `2024-SU` (season named by the year it starts in), `2024`, `1990s`, `1900s`.
pub fn format_date(d: Date, p: Precision) -> String {
    match p {
        Unit::Hour | Unit::Day => d.format("%Y-%m-%d").to_string(),
        Unit::Week => {
            let w = d.iso_week();
            format!("{:04}-W{:02}", w.year(), w.week())
        }
        Unit::Month => d.format("%Y-%m").to_string(),
        Unit::Season => {
            let (y, name) = match d.month() {
                3..=5 => (d.year(), "SP"),
                6..=8 => (d.year(), "SU"),
                9..=11 => (d.year(), "FA"),
                12 => (d.year(), "WI"),
                _ => (d.year() - 1, "WI"),
            };
            format!("{y:04}-{name}")
        }
        Unit::Year => format!("{:04}", d.year()),
        Unit::Decade => format!("{:04}s", d.year().div_euclid(10) * 10),
        Unit::Century => format!("{:04}s", d.year().div_euclid(100) * 100),
    }
}

/// dyad's canonical notation for a value, a TIMEX3-like string used by the
/// test data and the CLI: a point is its date at its precision
/// (`2024-03`); a range is `start/end` at its precision; a duration is ISO
/// 8601 (`P3Y`, `PXY` when the count is unspecified) prefixed by `>`, `<`
/// or `~` for "more than", "less than", "about"; unresolved is `?`.
pub fn format_value(kind: Kind, value: &Value, precision: Precision) -> String {
    match value {
        Value::Dates { start, end } => match kind {
            Kind::Range => format!(
                "{}/{}",
                format_date(*start, precision),
                format_date(*end, precision)
            ),
            _ => format_date(*start, precision),
        },
        Value::Duration(d) => {
            let m = match d.modifier {
                Modifier::Exact => "",
                Modifier::MoreThan => ">",
                Modifier::LessThan => "<",
                Modifier::About => "~",
            };
            let n = d.count.map_or_else(|| "X".to_string(), |c| c.to_string());
            let t = if d.unit == Unit::Hour { "T" } else { "" };
            format!("{m}P{t}{n}{}", d.unit.iso())
        }
        Value::Unresolved => "?".to_string(),
    }
}

impl fmt::Display for TimeExpr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}..{} {:?} {} ({:?}, {})",
            self.start,
            self.end,
            self.kind,
            self.canonical(),
            self.precision,
            self.rule
        )
    }
}

/// Parses a precision name as written by serde (`day`, `week`, …).
pub fn parse_precision(s: &str) -> Option<Precision> {
    Some(match s {
        "hour" => Unit::Hour,
        "day" => Unit::Day,
        "week" => Unit::Week,
        "month" => Unit::Month,
        "season" => Unit::Season,
        "year" => Unit::Year,
        "decade" => Unit::Decade,
        "century" => Unit::Century,
        _ => return None,
    })
}

/// The lowercase name of a precision, as serde writes it.
pub fn precision_name(p: Precision) -> &'static str {
    match p {
        Unit::Hour => "hour",
        Unit::Day => "day",
        Unit::Week => "week",
        Unit::Month => "month",
        Unit::Season => "season",
        Unit::Year => "year",
        Unit::Decade => "decade",
        Unit::Century => "century",
    }
}
