//! The recogniser: hand-written rules over classified tokens (no regexes),
//! tried at each token; the longest match wins and the scan resumes after it.
//!
//! Resolution choices (documented because news English leaves them open):
//! - A bare weekday or month ("on Tuesday", "in March", "on March 3") is the
//!   latest such day/month on or before the story date in past- and
//!   present-tense text, the earliest on or after it in future-tense text.
//!   So "on Tuesday" in a Tuesday story is that day either way (wire style
//!   names the day rather than saying "today").
//! - "last Tuesday" / "next Tuesday" are strictly before / after the story date;
//!   "last March" is the latest March strictly before the story's month.
//! - Numeric dates: ISO `2024-03-05` always; `a/b/yyyy` is month/day (US and
//!   AP style) unless `a` > 12, then day/month; two-digit years pivot at 70
//!   (`24` = 2024, `85` = 1985); `a/b` with no year only after "on" (else it
//!   is a fraction or a score).
//! - Weeks are ISO weeks (Monday–Sunday); seasons are meteorological
//!   (spring = March–May; winter = December–February, named by the year its
//!   December falls in) and bare seasons ("in the summer") are left alone, as
//!   is "winter 2023", which could mean either winter.
//! - "N units ago" counts from the story date; "N units earlier/later" and
//!   "the previous/following unit" count from the last point expression
//!   earlier in the same text, else from the story date.
//! - "overnight" is the night before the story date: the range of that day
//!   and the story date. "last night" is the day before the story date.
//! - "early/mid/late" split a month into days 1–10, 11–20, 21–end and a year
//!   into January–April, May–August, September–December.
//! - "in N units" is a point N units after the story date in future-tense
//!   text, else a duration ("the first visit in more than a decade").
//! - Calendar years are 1000–2999; other numbers are never years.

use chrono::{Datelike, Weekday};

use crate::calendar::{
    add_days, month_end, season_start_month, shift, unit_bounds, weekday_on_or_after,
    weekday_on_or_before, ymd, Date, Unit, MAX_YEAR, MIN_YEAR,
};
use crate::expr::{Duration, Kind, Modifier, Tense, TimeExpr, Value};
use crate::lex::{is_trigger, tokenize, Kw, Lex, Tok};

/// Finds the temporal expressions in `text`, normalised against
/// `story_date` (relative ones are [`Value::Unresolved`] without it), with
/// `tense` deciding which way bare weekdays and months point.
///
/// Expressions are returned in text order and never overlap.
pub fn find_expressions(text: &str, story_date: Option<Date>, tense: Tense) -> Vec<TimeExpr> {
    let toks = tokenize(text);
    // Cheap pre-check: most sentences have no date-shaped token at all.
    if !toks.iter().any(|t| is_trigger(&t.lex)) {
        return Vec::new();
    }
    let placeholder = ymd(2000, 1, 1).expect("valid constant date");
    let mut ctx = Ctx {
        text,
        toks: &toks,
        story: story_date.unwrap_or(placeholder),
        has_story: story_date.is_some(),
        tense,
        anchor: None,
    };
    let mut out = Vec::new();
    let mut i = 0;
    while i < toks.len() {
        // No rule starts at an ordinary word or punctuation.
        if matches!(toks[i].lex, Lex::Other | Lex::Punct(_) | Lex::Poss) {
            i += 1;
            continue;
        }
        let Some(m) = best_match(&ctx, i) else {
            i += 1;
            continue;
        };
        let value = match m.val {
            V::Dates(s, e) if m.relative && !ctx.has_story => {
                let _ = (s, e);
                Value::Unresolved
            }
            V::Dates(start, end) => {
                if m.kind == Kind::Point {
                    ctx.anchor = Some(start);
                }
                Value::Dates { start, end }
            }
            V::Dur(d) => Value::Duration(d),
        };
        out.push(TimeExpr {
            start: toks[i].start,
            end: toks[m.end - 1].end,
            kind: m.kind,
            value,
            precision: m.prec,
            rule: m.rule,
        });
        i = m.end;
    }
    out
}

/// A rule's match starting at some token.
#[derive(Debug, Clone, Copy)]
struct M {
    /// One past the last token matched.
    end: usize,
    kind: Kind,
    val: V,
    prec: Unit,
    rule: &'static str,
    /// Needs the story date (or the anchor, which derives from it).
    relative: bool,
}

#[derive(Debug, Clone, Copy)]
enum V {
    Dates(Date, Date),
    Dur(Duration),
}

impl M {
    fn start(&self) -> Option<Date> {
        match self.val {
            V::Dates(s, _) => Some(s),
            V::Dur(_) => None,
        }
    }
    fn end_date(&self) -> Option<Date> {
        match self.val {
            V::Dates(_, e) => Some(e),
            V::Dur(_) => None,
        }
    }
}

struct Ctx<'a> {
    text: &'a str,
    toks: &'a [Tok],
    story: Date,
    has_story: bool,
    tense: Tense,
    /// Start of the last point expression found, for "two days later".
    anchor: Option<Date>,
}

impl Ctx<'_> {
    fn lex(&self, i: usize) -> Option<Lex> {
        self.toks.get(i).map(|t| t.lex)
    }
    fn kw(&self, i: usize, k: Kw) -> bool {
        self.lex(i) == Some(Lex::Kw(k))
    }
    fn punct(&self, i: usize, c: u8) -> bool {
        self.lex(i) == Some(Lex::Punct(c))
    }
    fn word(&self, i: usize) -> &str {
        self.toks.get(i).map_or("", |t| &self.text[t.start..t.end])
    }
    fn cap(&self, i: usize) -> bool {
        self.toks.get(i).is_some_and(|t| t.cap)
    }
    fn unit(&self, i: usize) -> Option<Unit> {
        match self.lex(i)? {
            Lex::Unit(u) => Some(u),
            _ => None,
        }
    }
    fn prev_kw(&self, i: usize, ks: &[Kw]) -> bool {
        i > 0 && ks.iter().any(|&k| self.kw(i - 1, k))
    }
    fn anchor(&self) -> Date {
        self.anchor.unwrap_or(self.story)
    }
    /// A time-of-day word after a day ("Tuesday night"), included in the span.
    fn time_of_day(&self, i: usize) -> usize {
        match self.lex(i) {
            Some(Lex::Kw(Kw::Morning | Kw::Afternoon | Kw::Evening | Kw::Night)) => i + 1,
            _ => i,
        }
    }
    /// A four-digit calendar year at `i`.
    fn year(&self, i: usize) -> Option<i32> {
        match self.lex(i)? {
            Lex::Digits { value, len: 4 } => {
                let y = value as i32;
                (MIN_YEAR..=MAX_YEAR).contains(&y).then_some(y)
            }
            _ => None,
        }
    }
    /// A day of the month (1–31) at `i`: "3", "03", "3rd".
    fn day_num(&self, i: usize) -> Option<u32> {
        match self.lex(i)? {
            Lex::Digits { value, len: 1 | 2 } | Lex::Ordinal(value)
                if (1..=31).contains(&value) =>
            {
                Some(value)
            }
            _ => None,
        }
    }
    /// A capitalised month name at `i`, and the index after it (and after
    /// the period of an abbreviation).
    fn month(&self, i: usize) -> Option<(u32, bool, usize)> {
        match self.lex(i)? {
            Lex::Month { month, abbrev } if self.cap(i) => {
                let next = if abbrev && self.punct(i + 1, b'.') && !self.space_before(i + 1) {
                    i + 2
                } else {
                    i + 1
                };
                Some((month, abbrev, next))
            }
            _ => None,
        }
    }
    fn space_before(&self, i: usize) -> bool {
        self.toks.get(i).is_some_and(|t| t.space_before)
    }
    /// A count at `i` ("three", "12", "a", "twenty-five", "several"):
    /// `Some(None)` for a vague count, and the index after it.
    fn count(&self, i: usize) -> Option<(Option<u32>, usize)> {
        match self.lex(i)? {
            Lex::Digits { value, len } if len <= 6 => Some((Some(value), i + 1)),
            Lex::NumWord(n) => {
                if n >= 20 && n % 10 == 0 && n < 100 && self.punct(i + 1, b'-') {
                    if let Some(Lex::NumWord(m)) = self.lex(i + 2) {
                        if m < 10 {
                            return Some((Some(n + m), i + 3));
                        }
                    }
                }
                if n < 100 && self.lex(i + 1) == Some(Lex::NumWord(100)) {
                    return Some((Some(n * 100), i + 2));
                }
                Some((Some(n), i + 1))
            }
            Lex::Kw(Kw::A) => match self.lex(i + 1) {
                Some(Lex::NumWord(n @ (12 | 100))) => Some((Some(n), i + 2)),
                Some(Lex::Kw(Kw::Few)) => Some((None, i + 2)),
                _ => Some((Some(1), i + 1)),
            },
            Lex::Kw(Kw::Several | Kw::Few) => Some((None, i + 1)),
            _ => None,
        }
    }
    /// A quantity modifier at `i` ("more than", "nearly") and the index after it.
    fn modifier(&self, i: usize) -> (Modifier, usize) {
        match self.lex(i) {
            Some(Lex::Kw(Kw::More | Kw::Less)) if self.kw(i + 1, Kw::Than) => {
                let m = if self.kw(i, Kw::More) {
                    Modifier::MoreThan
                } else {
                    Modifier::LessThan
                };
                (m, i + 2)
            }
            Some(Lex::Kw(Kw::At)) if self.kw(i + 1, Kw::Least) => (Modifier::MoreThan, i + 2),
            Some(Lex::Kw(Kw::Over)) if self.count(i + 1).is_some() => (Modifier::MoreThan, i + 1),
            Some(Lex::Kw(Kw::Under | Kw::Nearly | Kw::Almost)) => (Modifier::LessThan, i + 1),
            Some(Lex::Kw(Kw::About | Kw::Around | Kw::Some)) => (Modifier::About, i + 1),
            _ => (Modifier::Exact, i),
        }
    }
}

type Rule = fn(&Ctx, usize) -> Option<M>;

/// Every rule, in priority order for equally long matches.
const RULES: &[Rule] = &[
    deictic,
    weekday,
    relative_unit,
    month_strict,
    numeric,
    year_strict,
    decade,
    season,
    offset,
    duration,
    since,
    from_to,
    partial,
];

/// Rules that yield dates, for the parts of composite expressions; the
/// month and year rules accept bare names here ("from March to May").
const POINT_RULES: &[Rule] = &[
    deictic,
    weekday,
    relative_unit,
    month_loose,
    numeric,
    year_loose,
    decade,
    season,
    offset,
];

fn longest(c: &Ctx, i: usize, rules: &[Rule]) -> Option<M> {
    let mut best: Option<M> = None;
    for r in rules {
        if let Some(m) = r(c, i) {
            if best.is_none_or(|b| m.end > b.end) {
                best = Some(m);
            }
        }
    }
    best
}

fn best_match(c: &Ctx, i: usize) -> Option<M> {
    longest(c, i, RULES)
}

/// A point or range with dates at `i`.
fn point_at(c: &Ctx, i: usize) -> Option<M> {
    longest(c, i, POINT_RULES).filter(|m| matches!(m.val, V::Dates(..)))
}

fn point(d: Date, unit: Unit, end: usize, rule: &'static str, relative: bool) -> Option<M> {
    let prec = match unit {
        Unit::Hour => Unit::Day,
        u => u,
    };
    let (s, e) = unit_bounds(d, prec)?;
    if !in_range(s) || !in_range(e) {
        return None;
    }
    Some(M {
        end,
        kind: Kind::Point,
        val: V::Dates(s, e),
        prec,
        rule,
        relative,
    })
}

fn range(
    s: Date,
    e: Date,
    prec: Unit,
    end: usize,
    rule: &'static str,
    relative: bool,
) -> Option<M> {
    (s <= e && in_range(s) && in_range(e)).then_some(M {
        end,
        kind: Kind::Range,
        val: V::Dates(s, e),
        prec,
        rule,
        relative,
    })
}

/// Dates outside the accepted calendar years are never produced
/// ("99999 years ago" finds nothing).
fn in_range(d: Date) -> bool {
    (MIN_YEAR..=MAX_YEAR).contains(&d.year())
}

const WEEKDAYS: [Weekday; 7] = [
    Weekday::Mon,
    Weekday::Tue,
    Weekday::Wed,
    Weekday::Thu,
    Weekday::Fri,
    Weekday::Sat,
    Weekday::Sun,
];

fn past_like(t: Tense) -> bool {
    !matches!(t, Tense::Future)
}

/// yesterday, today, tonight, tomorrow, overnight, last night, this morning.
fn deictic(c: &Ctx, i: usize) -> Option<M> {
    let s = c.story;
    let (d, end) = match c.lex(i)? {
        Lex::Kw(Kw::Yesterday) => (add_days(s, -1)?, c.time_of_day(i + 1)),
        Lex::Kw(Kw::Today | Kw::Tonight) => (s, i + 1),
        Lex::Kw(Kw::Tomorrow) => (add_days(s, 1)?, c.time_of_day(i + 1)),
        Lex::Kw(Kw::Overnight) => {
            return range(add_days(s, -1)?, s, Unit::Day, i + 1, "deictic", true)
        }
        Lex::Kw(Kw::Last) if c.kw(i + 1, Kw::Night) => (add_days(s, -1)?, i + 2),
        Lex::Kw(Kw::This)
            if matches!(
                c.lex(i + 1),
                Some(Lex::Kw(Kw::Morning | Kw::Afternoon | Kw::Evening))
            ) =>
        {
            (s, i + 2)
        }
        Lex::Kw(Kw::The) if c.unit(i + 1) == Some(Unit::Day) => {
            let n = match (c.lex(i + 2)?, c.lex(i + 3)?) {
                (Lex::Kw(Kw::Before), Lex::Kw(Kw::Yesterday)) => -2,
                (Lex::Kw(Kw::After), Lex::Kw(Kw::Tomorrow)) => 2,
                _ => return None,
            };
            (add_days(s, n)?, i + 4)
        }
        _ => return None,
    };
    point(d, Unit::Day, end, "deictic", true)
}

/// "Tuesday", "last Tuesday", "next Friday night".
fn weekday(c: &Ctx, i: usize) -> Option<M> {
    #[derive(PartialEq)]
    enum Dir {
        Before,
        After,
        Tense,
    }
    let (dir, j) = match c.lex(i)? {
        Lex::Kw(Kw::Last | Kw::Past) => (Dir::Before, i + 1),
        Lex::Kw(Kw::Next | Kw::Coming) => (Dir::After, i + 1),
        Lex::Kw(Kw::This) => (Dir::Tense, i + 1),
        _ => (Dir::Tense, i),
    };
    let Lex::Weekday(w) = c.lex(j)? else {
        return None;
    };
    if !c.cap(j) {
        return None;
    }
    let wd = WEEKDAYS[w as usize % 7];
    let d = match dir {
        Dir::Before => weekday_on_or_before(c.story, wd, true)?,
        Dir::After => weekday_on_or_after(c.story, wd, true)?,
        Dir::Tense if past_like(c.tense) => weekday_on_or_before(c.story, wd, false)?,
        Dir::Tense => weekday_on_or_after(c.story, wd, false)?,
    };
    point(d, Unit::Day, c.time_of_day(j + 1), "weekday", true)
}

/// "last week", "this year", "next month", "last weekend", "the past year",
/// "the previous day", "that year", "earlier this month", "later this week".
fn relative_unit(c: &Ctx, i: usize) -> Option<M> {
    let s = c.story;
    match c.lex(i)? {
        Lex::Kw(k @ (Kw::Last | Kw::Past | Kw::This | Kw::Next | Kw::Coming)) => {
            let n = match k {
                Kw::Last | Kw::Past => -1,
                Kw::This => 0,
                _ => 1,
            };
            if c.kw(i + 1, Kw::Weekend) {
                let monday = unit_bounds(s, Unit::Week)?.0;
                let sat = add_days(monday, 5 + 7 * n)?;
                return range(
                    sat,
                    add_days(sat, 1)?,
                    Unit::Day,
                    i + 2,
                    "relative-unit",
                    true,
                );
            }
            let u = c.unit(i + 1)?;
            if matches!(u, Unit::Hour | Unit::Day) {
                return None;
            }
            point(shift(s, u, n)?, u, i + 2, "relative-unit", true)
        }
        Lex::Kw(Kw::The) => {
            let (k, u) = (c.lex(i + 1)?, c.unit(i + 2));
            match (k, u) {
                // the past week = the seven days up to the story date.
                (Lex::Kw(Kw::Past | Kw::Last), Some(u)) => {
                    range(shift(s, u, -1)?, s, Unit::Day, i + 3, "past-range", true)
                }
                (Lex::Kw(Kw::Coming), Some(u)) => {
                    range(s, shift(s, u, 1)?, Unit::Day, i + 3, "next-range", true)
                }
                // "the previous night", "the following morning": a day.
                (Lex::Kw(k @ (Kw::Previous | Kw::Following | Kw::Next | Kw::Same)), None)
                    if matches!(
                        c.lex(i + 2),
                        Some(Lex::Kw(
                            Kw::Night | Kw::Morning | Kw::Afternoon | Kw::Evening
                        ))
                    ) =>
                {
                    let n = match k {
                        Kw::Previous => -1,
                        Kw::Same => 0,
                        _ => 1,
                    };
                    point(
                        shift(c.anchor(), Unit::Day, n)?,
                        Unit::Day,
                        i + 3,
                        "anchored",
                        true,
                    )
                }
                (Lex::Kw(k @ (Kw::Previous | Kw::Following | Kw::Next | Kw::Same)), Some(u)) => {
                    let n = match k {
                        Kw::Previous => -1,
                        Kw::Same => 0,
                        _ => 1,
                    };
                    point(shift(c.anchor(), u, n)?, u, i + 3, "anchored", true)
                }
                // "the day before." / "the year after," with nothing following.
                (Lex::Unit(u), _) => {
                    let n = match c.lex(i + 2)? {
                        Lex::Kw(Kw::Before | Kw::Earlier) => -1,
                        Lex::Kw(Kw::After | Kw::Later) => 1,
                        _ => return None,
                    };
                    if !matches!(c.lex(i + 3), None | Some(Lex::Punct(_))) {
                        return None;
                    }
                    point(shift(c.anchor(), u, n)?, u, i + 3, "anchored", true)
                }
                _ => None,
            }
        }
        Lex::Kw(Kw::That) => {
            let u = c.unit(i + 1)?;
            point(c.anchor(), u, i + 2, "anchored", true)
        }
        Lex::Kw(k @ (Kw::Earlier | Kw::Later)) => {
            let (u, end) = if c.kw(i + 1, Kw::Today) || c.kw(i + 1, Kw::Tonight) {
                (Unit::Day, i + 2)
            } else if c.kw(i + 1, Kw::This) {
                (c.unit(i + 2)?, i + 3)
            } else if c.kw(i + 1, Kw::In) && c.kw(i + 2, Kw::The) {
                (c.unit(i + 3)?, i + 4)
            } else {
                return None;
            };
            if u == Unit::Day || u == Unit::Hour {
                return point(s, Unit::Day, end, "relative-range", true);
            }
            let (b0, b1) = unit_bounds(s, u)?;
            let (a, b) = if k == Kw::Earlier { (b0, s) } else { (s, b1) };
            range(a, b, Unit::Day, end, "relative-range", true)
        }
        _ => None,
    }
}

/// Words after which a bare month name or year is a date ("in March",
/// "since 2019").
const DATE_PREPS: &[Kw] = &[
    Kw::In,
    Kw::Since,
    Kw::Until,
    Kw::By,
    Kw::From,
    Kw::To,
    Kw::Through,
    Kw::Throughout,
    Kw::During,
    Kw::Of,
    Kw::Early,
    Kw::Late,
    Kw::Mid,
    Kw::Before,
    Kw::After,
    Kw::Between,
    Kw::Around,
    Kw::On,
];

fn month_strict(c: &Ctx, i: usize) -> Option<M> {
    month_expr(c, i, false)
}

fn month_loose(c: &Ctx, i: usize) -> Option<M> {
    month_expr(c, i, true)
}

/// The year month `m` falls in for a story date, by tense.
fn month_year(m: u32, story: Date, tense: Tense) -> i32 {
    let (y, sm) = (story.year(), story.month());
    if past_like(tense) {
        if m <= sm {
            y
        } else {
            y - 1
        }
    } else if m >= sm {
        y
    } else {
        y + 1
    }
}

/// The date of month `m`, day `d` with no year, by tense; searches up to
/// eight years so February 29 finds a leap year.
fn month_day(m: u32, d: u32, story: Date, tense: Tense) -> Option<Date> {
    let y = story.year();
    if past_like(tense) {
        (0..8)
            .filter_map(|k| ymd(y - k, m, d))
            .find(|&x| x <= story)
    } else {
        (0..8)
            .filter_map(|k| ymd(y + k, m, d))
            .find(|&x| x >= story)
    }
}

/// "March 3", "March 3, 2024", "Nov. 3", "3 March 2024", "the 3rd of March",
/// "March 2024", "March of last year", "last March", "in March".
fn month_expr(c: &Ctx, i: usize, loose: bool) -> Option<M> {
    // A weekday before a full date: "Tuesday, March 5".
    let mut j = i;
    if matches!(c.lex(i), Some(Lex::Weekday(_))) && c.cap(i) {
        j = if c.punct(i + 1, b',') { i + 2 } else { i + 1 };
    }
    let s = c.story;
    // last/this/next March
    if j == i {
        if let Some(Lex::Kw(k @ (Kw::Last | Kw::This | Kw::Next))) = c.lex(i) {
            let (m, abbrev, end) = c.month(i + 1)?;
            if abbrev {
                return None;
            }
            let (y, sm) = (s.year(), s.month());
            let y = match k {
                Kw::Last if m < sm => y,
                Kw::Last => y - 1,
                Kw::Next if m > sm => y,
                Kw::Next => y + 1,
                _ => y,
            };
            return point(ymd(y, m, 1)?, Unit::Month, end, "month", true);
        }
    }
    // Day first: "3 March 2024", "3rd of March", "the 3rd of March".
    let k0 = if c.kw(j, Kw::The) && matches!(c.lex(j + 1), Some(Lex::Ordinal(_))) {
        j + 1
    } else {
        j
    };
    if let Some(d) = c.day_num(k0) {
        let k = if c.kw(k0 + 1, Kw::Of) { k0 + 2 } else { k0 + 1 };
        if k0 != j && k == k0 + 1 {
            return None;
        }
        let (m, _, after) = c.month(k)?;
        return day_and_year(c, m, d, after);
    }
    if j != i && c.month(j).is_none() {
        return None;
    }
    let (m, abbrev, after) = c.month(j)?;
    // Month first: "March 3", "March 3, 2024".
    if let Some(d) = c.day_num(after) {
        // "March 3, 2024" but not "March 2024" read as day 20.
        return day_and_year(c, m, d, after + 1);
    }
    // "March 2024", "March, 2024"
    let ya = if c.punct(after, b',') {
        after + 1
    } else {
        after
    };
    if let Some(y) = c.year(ya) {
        return point(ymd(y, m, 1)?, Unit::Month, ya + 1, "month-year", false);
    }
    // "March of last year", "March of the previous year", "March of 2020".
    if c.kw(after, Kw::Of) {
        if let Some(y) = c.year(after + 1) {
            return point(ymd(y, m, 1)?, Unit::Month, after + 2, "month-year", false);
        }
        let (y, end) = relative_year(c, after + 1)?;
        return point(ymd(y, m, 1)?, Unit::Month, end, "month-of-year", true);
    }
    // A bare month needs a preposition before it, or a composite rule.
    if j != i || abbrev && !loose {
        return None;
    }
    let ok = loose
        || c.prev_kw(i, DATE_PREPS)
        || (i > 0 && c.punct(i - 1, b'-') && c.prev_kw(i - 1, &[Kw::Mid]));
    if !ok {
        return None;
    }
    point(
        ymd(month_year(m, s, c.tense), m, 1)?,
        Unit::Month,
        after,
        "month",
        true,
    )
}

/// After a month and day: an optional ", 2024"; resolves the date.
fn day_and_year(c: &Ctx, m: u32, d: u32, after: usize) -> Option<M> {
    let ya = if c.punct(after, b',') {
        after + 1
    } else {
        after
    };
    if let Some(y) = c.year(ya) {
        // An invalid explicit date (February 30) is no date at all.
        return point(ymd(y, m, d)?, Unit::Day, ya + 1, "month-day", false);
    }
    let date = month_day(m, d, c.story, c.tense)?;
    point(date, Unit::Day, after, "month-day", true)
}

/// "last year", "this year", "next year", "the previous year", "the
/// following year", "that year", "the same year": the year and the index after.
fn relative_year(c: &Ctx, i: usize) -> Option<(i32, usize)> {
    let (y, a) = (c.story.year(), c.anchor().year());
    match (c.lex(i)?, c.lex(i + 1)?, c.lex(i + 2)) {
        (Lex::Kw(Kw::Last), Lex::Unit(Unit::Year), _) => Some((y - 1, i + 2)),
        (Lex::Kw(Kw::This), Lex::Unit(Unit::Year), _) => Some((y, i + 2)),
        (Lex::Kw(Kw::Next), Lex::Unit(Unit::Year), _) => Some((y + 1, i + 2)),
        (Lex::Kw(Kw::That), Lex::Unit(Unit::Year), _) => Some((a, i + 2)),
        (Lex::Kw(Kw::The), Lex::Kw(k), Some(Lex::Unit(Unit::Year))) => match k {
            Kw::Previous => Some((a - 1, i + 3)),
            Kw::Following | Kw::Next => Some((a + 1, i + 3)),
            Kw::Same => Some((a, i + 3)),
            _ => None,
        },
        _ => None,
    }
}

/// ISO and slash dates.
fn numeric(c: &Ctx, i: usize) -> Option<M> {
    match c.lex(i)? {
        Lex::Iso { y, m, d } if (MIN_YEAR..=MAX_YEAR).contains(&y) => {
            point(ymd(y, m, d)?, Unit::Day, i + 1, "iso", false)
        }
        Lex::Slash { a, b, c: yr } => {
            let (m, d) = if a > 12 { (b, a) } else { (a, b) };
            match yr {
                Some((y, len)) => {
                    let y = match len {
                        4 => y as i32,
                        _ if y < 70 => 2000 + y as i32,
                        _ => 1900 + y as i32,
                    };
                    if !(MIN_YEAR..=MAX_YEAR).contains(&y) {
                        return None;
                    }
                    point(ymd(y, m, d)?, Unit::Day, i + 1, "numeric", false)
                }
                None if c.prev_kw(i, &[Kw::On]) => point(
                    month_day(m, d, c.story, c.tense)?,
                    Unit::Day,
                    i + 1,
                    "numeric",
                    true,
                ),
                None => None,
            }
        }
        _ => None,
    }
}

fn year_strict(c: &Ctx, i: usize) -> Option<M> {
    year_expr(c, i, false)
}

fn year_loose(c: &Ctx, i: usize) -> Option<M> {
    year_expr(c, i, true)
}

/// Lowercase words ending in "s" that may follow a year without making it a count.
const NOT_PLURAL: &[&str] = &[
    "was", "has", "is", "his", "its", "as", "this", "us", "thus", "unless", "whereas",
];

/// "in 2019", "the year 2019", "2019's election", "2019-2021".
fn year_expr(c: &Ctx, i: usize, loose: bool) -> Option<M> {
    let y = c.year(i)?;
    // A span of years glued by a dash: 2019-2021, 2019-21.
    if c.punct(i + 1, b'-') && !c.space_before(i + 1) && !c.space_before(i + 2) {
        let y2 = match c.lex(i + 2) {
            Some(Lex::Digits { value, len: 4 }) => Some(value as i32),
            Some(Lex::Digits { value, len: 2 }) => Some(y / 100 * 100 + value as i32),
            _ => None,
        };
        if let Some(y2) = y2.filter(|&y2| y2 > y && y2 <= MAX_YEAR) {
            return range(
                ymd(y, 1, 1)?,
                ymd(y2, 12, 31)?,
                Unit::Year,
                i + 3,
                "year-range",
                false,
            );
        }
    }
    let context = loose
        || c.prev_kw(i, DATE_PREPS)
        || (i > 0 && c.unit(i - 1) == Some(Unit::Year))
        || (i > 0 && c.punct(i - 1, b'-') && c.prev_kw(i - 1, &[Kw::Mid]))
        || c.lex(i + 1) == Some(Lex::Poss);
    if !context {
        return None;
    }
    // "in 2000 people" is a count, not a year.
    if let Some(t) = c.toks.get(i + 1) {
        let w = c.word(i + 1);
        if t.lex == Lex::Other && !t.cap && w.ends_with('s') && !NOT_PLURAL.contains(&w) {
            return None;
        }
        if matches!(t.lex, Lex::Unit(_)) {
            return None;
        }
    }
    point(ymd(y, 1, 1)?, Unit::Year, i + 1, "year", false)
}

/// "the 1990s", "the '80s", "the early 2000s".
fn decade(c: &Ctx, i: usize) -> Option<M> {
    let j = if c.kw(i, Kw::The) { i + 1 } else { i };
    let (part, k) = match c.lex(j)? {
        Lex::Kw(p @ (Kw::Early | Kw::Mid | Kw::Late)) => {
            let k = if c.punct(j + 1, b'-') { j + 2 } else { j + 1 };
            (Some(p), k)
        }
        _ => (None, j),
    };
    let Lex::Decade(y) = c.lex(k)? else {
        return None;
    };
    if !(MIN_YEAR..=MAX_YEAR).contains(&y) {
        return None;
    }
    let (a, b) = match part {
        None => return point(ymd(y, 1, 1)?, Unit::Decade, k + 1, "decade", false),
        Some(Kw::Early) => (y, y + 3),
        Some(Kw::Mid) => (y + 3, y + 6),
        _ => (y + 6, y + 9),
    };
    range(
        ymd(a, 1, 1)?,
        ymd(b, 12, 31)?,
        Unit::Year,
        k + 1,
        "decade",
        false,
    )
}

/// "last summer", "this spring", "the summer of 2023", "spring 2023".
fn season(c: &Ctx, i: usize) -> Option<M> {
    let s = c.story;
    if let Some(Lex::Kw(k @ (Kw::Last | Kw::Past | Kw::This | Kw::Next | Kw::Coming))) = c.lex(i) {
        let Lex::Season(n) = c.lex(i + 1)? else {
            return None;
        };
        let sm = season_start_month(n);
        // Occurrences of this season around the story date, in order.
        let occ: Vec<(Date, Date)> = (s.year() - 2..=s.year() + 1)
            .filter_map(|y| {
                let a = ymd(y, sm, 1)?;
                let last = crate::calendar::add_months(a, 2)?;
                Some((a, month_end(last.year(), last.month())?))
            })
            .collect();
        let pick = match k {
            Kw::Last | Kw::Past => occ.iter().rev().find(|(_, e)| *e < s),
            Kw::This => occ
                .iter()
                .find(|(a, e)| *a <= s && s <= *e)
                .or_else(|| occ.iter().find(|(a, _)| a.year() == s.year())),
            _ => occ.iter().find(|(a, _)| *a > s),
        }?;
        return point(pick.0, Unit::Season, i + 2, "season", true);
    }
    let j = if c.kw(i, Kw::The) { i + 1 } else { i };
    let Lex::Season(n) = c.lex(j)? else {
        return None;
    };
    // Winter with a year is ambiguous ("winter 2023": which December?).
    if n == 3 {
        return None;
    }
    let k = if c.kw(j + 1, Kw::Of) { j + 2 } else { j + 1 };
    if j != i && k == j + 1 {
        // "the summer 2023" is not English; "the summer" alone is ambiguous.
        return None;
    }
    let y = c.year(k)?;
    point(
        ymd(y, season_start_month(n), 1)?,
        Unit::Season,
        k + 1,
        "season",
        false,
    )
}

/// The precision a shifted date is known to.
fn offset_precision(u: Unit) -> Unit {
    match u {
        Unit::Hour => Unit::Day,
        Unit::Decade | Unit::Century => Unit::Year,
        u => u,
    }
}

/// "two weeks ago", "a decade earlier", "three days later".
fn offset(c: &Ctx, i: usize) -> Option<M> {
    let (_, j) = c.modifier(i);
    let (n, k) = c.count(j)?;
    let n = i64::from(n?);
    let u = c.unit(k)?;
    let (base, sign, rule) = match c.lex(k + 1)? {
        Lex::Kw(Kw::Ago) => (c.story, -1, "ago"),
        Lex::Kw(Kw::Earlier) => (c.anchor(), -1, "offset"),
        Lex::Kw(Kw::Later) => (c.anchor(), 1, "offset"),
        Lex::Kw(Kw::Before | Kw::After) if matches!(c.lex(k + 2), None | Some(Lex::Punct(_))) => {
            let sign = if c.kw(k + 1, Kw::Before) { -1 } else { 1 };
            (c.anchor(), sign, "offset")
        }
        _ => return None,
    };
    let d = shift(base, u, sign * n)?;
    point(d, offset_precision(u), k + 2, rule, true)
}

/// "for three years", "in more than a decade", "for the first time in 12
/// years", "for years", "over the past two weeks", "in two weeks" (future).
fn duration(c: &Ctx, i: usize) -> Option<M> {
    let s = c.story;
    let prep = match c.lex(i)? {
        Lex::Kw(
            k @ (Kw::For | Kw::In | Kw::Within | Kw::Over | Kw::During | Kw::After | Kw::Of),
        ) => Some(k),
        _ => None,
    };
    let mut j = if prep.is_some() { i + 1 } else { i };
    // "for the first time in 12 years"
    let mut rule = "duration";
    if prep == Some(Kw::For) && c.kw(j, Kw::The) && c.kw(j + 1, Kw::First) && c.kw(j + 2, Kw::Time)
    {
        if !c.kw(j + 3, Kw::In) {
            return None;
        }
        j += 4;
        rule = "first-time-in";
    }
    // "(over) the past three years", "the next two weeks"
    if rule == "duration" {
        let k = if c.kw(j, Kw::The) { j + 1 } else { j };
        if let Some(Lex::Kw(w @ (Kw::Past | Kw::Last | Kw::Next | Kw::Coming))) = c.lex(k) {
            if prep == Some(Kw::Of) {
                return None;
            }
            let (n, a) = match c.count(k + 1) {
                Some((Some(n), a)) => (n, a),
                _ => return None,
            };
            let u = c.unit(a)?;
            let n = i64::from(n);
            let (x, y, rule) = if matches!(w, Kw::Past | Kw::Last) {
                (shift(s, u, -n)?, s, "past-range")
            } else {
                (s, shift(s, u, n)?, "next-range")
            };
            return range(x, y, Unit::Day, a + 1, rule, true);
        }
    }
    let (modifier, j) = c.modifier(j);
    let (count, k) = match c.count(j) {
        Some(x) => x,
        // "for years", "for decades": a plural unit alone.
        None if prep.is_some() && modifier == Modifier::Exact && c.word(j).ends_with('s') => {
            (None, j)
        }
        None => return None,
    };
    let u = c.unit(k)?;
    if prep.is_none()
        && count.is_some_and(|n| n == 1)
        && modifier == Modifier::Exact
        && !c.kw(i, Kw::A)
    {
        // "one day" at the start of a story is not a duration worth keeping.
        return None;
    }
    if prep == Some(Kw::In)
        && !past_like(c.tense)
        && rule == "duration"
        && !c.prev_kw(i, &[Kw::Time, Kw::First])
    {
        if let Some(n) = count {
            let d = shift(s, u, i64::from(n))?;
            return point(d, offset_precision(u), k + 1, "in-future", true);
        }
    }
    // "of" only introduces a duration inside a longer phrase ("after more than a decade of war" starts at "after").
    if prep == Some(Kw::Of) {
        return None;
    }
    Some(M {
        end: k + 1,
        kind: Kind::Duration,
        val: V::Dur(Duration {
            count,
            unit: u,
            modifier,
        }),
        prec: u,
        rule,
        relative: false,
    })
}

/// "since 2019", "since last month", "since Tuesday".
fn since(c: &Ctx, i: usize) -> Option<M> {
    if !c.kw(i, Kw::Since) {
        return None;
    }
    let p = point_at(c, i + 1)?;
    let start = p.start()?;
    if start > c.story && c.has_story {
        return None;
    }
    range(start, c.story, Unit::Day, p.end, "since", true)
}

/// "from March to May", "between 2019 and 2021", "from 2001 until 2005".
fn from_to(c: &Ctx, i: usize) -> Option<M> {
    if !(c.kw(i, Kw::From) || c.kw(i, Kw::Between)) {
        return None;
    }
    let a = point_at(c, i + 1)?;
    let ok = match c.lex(a.end)? {
        Lex::Kw(Kw::To | Kw::Until | Kw::Through) => c.kw(i, Kw::From),
        Lex::Kw(Kw::And) => c.kw(i, Kw::Between),
        Lex::Punct(b'-') => true,
        _ => false,
    };
    if !ok {
        return None;
    }
    let b = point_at(c, a.end + 1)?;
    let prec = a.prec.min(b.prec);
    range(
        a.start()?,
        b.end_date()?,
        prec,
        b.end,
        "from-to",
        a.relative || b.relative,
    )
}

/// "early March", "mid-2023", "late last year", "the end of the month".
fn partial(c: &Ctx, i: usize) -> Option<M> {
    let (part, j) = match (c.lex(i)?, c.lex(i + 1), c.lex(i + 2)) {
        (Lex::Kw(p @ (Kw::Early | Kw::Mid | Kw::Late)), _, _) => {
            (p, if c.punct(i + 1, b'-') { i + 2 } else { i + 1 })
        }
        (
            Lex::Kw(Kw::The),
            Some(Lex::Kw(p @ (Kw::End | Kw::Beginning | Kw::Mid))),
            Some(Lex::Kw(Kw::Of)),
        ) => {
            let p = match p {
                Kw::End => Kw::Late,
                Kw::Beginning => Kw::Early,
                _ => Kw::Mid,
            };
            (p, i + 3)
        }
        _ => return None,
    };
    // "the month", "the year" = the story's.
    let p = match (c.lex(j), c.unit(j + 1)) {
        (Some(Lex::Kw(Kw::The)), Some(u @ (Unit::Month | Unit::Year))) => {
            point(c.story, u, j + 2, "partial", true)?
        }
        _ => point_at(c, j)?,
    };
    let (a, b) = (p.start()?, p.end_date()?);
    let thirds = |lo: u32, hi: u32| match part {
        Kw::Early => (lo, lo + (hi - lo + 1) / 3 - 1),
        Kw::Mid => (lo + (hi - lo + 1) / 3, lo + 2 * (hi - lo + 1) / 3 - 1),
        _ => (lo + 2 * (hi - lo + 1) / 3, hi),
    };
    match (p.kind, p.prec) {
        (Kind::Point, Unit::Month) => {
            let (x, y) = match part {
                Kw::Early => (1, 10),
                Kw::Mid => (11, 20),
                _ => (21, b.day()),
            };
            range(
                ymd(a.year(), a.month(), x)?,
                ymd(a.year(), a.month(), y)?,
                Unit::Day,
                p.end,
                "partial",
                p.relative,
            )
        }
        (Kind::Point, Unit::Year) => {
            let (x, y) = thirds(1, 12);
            range(
                ymd(a.year(), x, 1)?,
                month_end(a.year(), y)?,
                Unit::Month,
                p.end,
                "partial",
                p.relative,
            )
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(text: &str, story: &str, tense: Tense) -> String {
        let d: Date = story.parse().unwrap();
        let v = find_expressions(text, Some(d), tense);
        v.iter()
            .map(|e| format!("{}={}", &text[e.start..e.end], e.canonical()))
            .collect::<Vec<_>>()
            .join(";")
    }

    #[test]
    fn smoke() {
        assert_eq!(
            one("It happened on Tuesday.", "2024-03-05", Tense::Past),
            "Tuesday=2024-03-05"
        );
        assert_eq!(
            one("They will meet on Monday.", "2024-03-05", Tense::Future),
            "Monday=2024-03-11"
        );
        assert_eq!(
            one("in more than a decade", "2024-03-05", Tense::Past),
            "in more than a decade=>P1DE"
        );
    }

    #[test]
    fn no_story_date() {
        let v = find_expressions("yesterday and on March 3, 2024", None, Tense::Past);
        assert_eq!(v.len(), 2);
        assert_eq!(v[0].value, Value::Unresolved);
        assert_eq!(v[1].canonical(), "2024-03-03");
    }
}
