//! Scoring coded events against gold sets in dyad's gold format (one JSON
//! object a line: `id`, `date`, `text`, `events` with `source`/`target`
//! lists of acceptable actor codes (`---` = none), `code` (CAMEO codes) or
//! `plover` (a PLOVER type), `optional` (may be coded, need not be),
//! optional `forbid_roots`, `category`).
//!
//! Two levels: **strict** (full actor codes, full event code) and **root**
//! (first three letters of each actor code, no actor counting as `---`, so
//! a role of unknown country such as `---MIL` agrees with none; two-digit
//! CAMEO root or the PLOVER type). Matching is one-to-one per record, greedy in gold order. A
//! system event that matches a gold event already matched by another
//! system event (one member of a compound actor, when the gold set writes
//! compounds as one event) counts as a duplicate: neither hit nor false
//! positive.

use serde::Deserialize;
use std::collections::BTreeMap;

/// One gold record.
#[derive(Debug, Clone, Deserialize)]
pub struct GoldRecord {
    /// Unique within the file.
    pub id: String,
    /// Story date (`YYYY-MM-DD`), when the set gives one.
    pub date: Option<String>,
    /// The sentence(s) to code.
    pub text: String,
    /// The gold events; empty means the text has none.
    pub events: Vec<GoldEvent>,
    #[serde(default)]
    /// Two-digit CAMEO roots that must not be coded for this record.
    pub forbid_roots: Vec<String>,
    /// The set's own grouping, for per-category scores.
    pub category: Option<String>,
    /// The dictionary set the record was written for; `None`: real-world actors.
    pub dictionaries: Option<String>,
}

/// One gold event: lists of acceptable values.
#[derive(Debug, Clone, Deserialize)]
pub struct GoldEvent {
    #[serde(default)]
    /// Acceptable source codes (`---` = no actor).
    pub source: Vec<String>,
    #[serde(default)]
    /// Acceptable target codes (`---` = no actor).
    pub target: Vec<String>,
    /// Acceptable CAMEO codes.
    pub code: Option<Vec<String>>,
    /// The PLOVER type, for sets coded in PLOVER.
    pub plover: Option<String>,
    /// The event's own date where it differs from the story date.
    pub when: Option<String>,
    /// May be coded but need not be: a match is neither a hit nor a false
    /// positive, and leaving it out is no miss (the gold format's rule).
    #[serde(default)]
    pub optional: bool,
}

/// What the evaluator needs of a system event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SysEvent {
    /// Source code, if any.
    pub source: Option<String>,
    /// Target code, if any.
    pub target: Option<String>,
    /// CAMEO code.
    pub cameo: String,
    /// PLOVER type, if any.
    pub plover: Option<String>,
}

impl std::fmt::Display for SysEvent {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} -> {} {}{}",
            self.source.as_deref().unwrap_or("---"),
            self.target.as_deref().unwrap_or("---"),
            self.cameo,
            self.plover
                .as_deref()
                .map(|p| format!(" ({p})"))
                .unwrap_or_default()
        )
    }
}

impl std::fmt::Display for GoldEvent {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let what = match (&self.code, &self.plover) {
            (Some(c), _) => c.join("|"),
            (None, Some(p)) => p.clone(),
            _ => "?".into(),
        };
        write!(
            f,
            "{} -> {} {}",
            self.source.join("|"),
            self.target.join("|"),
            what
        )
    }
}

/// Level of comparison.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Level {
    /// Full actor codes and full event codes.
    Strict,
    /// Country/IGO prefixes and two-digit roots (or PLOVER types).
    Root,
}

fn actor_ok(sys: Option<&str>, gold: &[String], level: Level) -> bool {
    if gold.is_empty() {
        return true;
    }
    // At the root level an actor is its first three letters, and "no
    // actor" is `---`: so `---MIL` (a military, country unknown) and no
    // actor agree there, as the gold format's definition of root says.
    let root = |c: &str| c.get(..3).unwrap_or(c).to_string();
    gold.iter().any(|g| match level {
        Level::Strict => match (sys, g.as_str()) {
            (None, "---") => true,
            (None, _) | (Some(_), "---") => false,
            (Some(s), g) => s == g,
        },
        Level::Root => root(sys.unwrap_or("---")) == root(g),
    })
}

/// Does `sys` match `gold` at `level`?
pub fn matches(sys: &SysEvent, gold: &GoldEvent, level: Level) -> bool {
    what_ok(sys, gold, level)
        && actor_ok(sys.source.as_deref(), &gold.source, level)
        && actor_ok(sys.target.as_deref(), &gold.target, level)
}

/// Does the event type of `sys` (CAMEO code or PLOVER type) match `gold`?
fn what_ok(sys: &SysEvent, gold: &GoldEvent, level: Level) -> bool {
    match (&gold.code, &gold.plover) {
        (Some(codes), _) => codes.iter().any(|c| match level {
            Level::Strict => &sys.cameo == c,
            Level::Root => sys.cameo.get(..2) == c.get(..2),
        }),
        (None, Some(p)) => sys.plover.as_deref() == Some(p.as_str()),
        (None, None) => false,
    }
}

/// Hit counts.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct Counts {
    /// System events that match a gold event.
    pub tp: usize,
    /// System events that match none.
    pub fp: usize,
    /// Gold events no system event matched.
    pub fn_: usize,
}

impl Counts {
    /// tp / (tp + fp); 0 when nothing was coded.
    pub fn precision(&self) -> f64 {
        ratio(self.tp, self.tp + self.fp)
    }
    /// tp / (tp + fn); 0 when there is nothing to find.
    pub fn recall(&self) -> f64 {
        ratio(self.tp, self.tp + self.fn_)
    }
    /// The harmonic mean of precision and recall.
    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }
    fn add(&mut self, o: Counts) {
        self.tp += o.tp;
        self.fp += o.fp;
        self.fn_ += o.fn_;
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 {
        0.0
    } else {
        a as f64 / b as f64
    }
}

/// The outcome for one record at one level.
#[derive(Debug, Clone, Default)]
pub struct RecordScore {
    /// Hits, false positives and misses.
    pub counts: Counts,
    /// The missed gold events, as text.
    pub misses: Vec<String>,
    /// The false positives, as text.
    pub false_positives: Vec<String>,
    /// Coded events whose root the record forbids.
    pub forbidden: Vec<String>,
    /// Indices of the false positives in the system events.
    pub false_positive_events: Vec<usize>,
    /// Indices of the required gold events left unmatched.
    pub missed_events: Vec<usize>,
    /// Each error by class ([`ErrorClass`]): a false positive that differs
    /// from a missed gold event in one part only counts once, as that part.
    pub classes: BTreeMap<ErrorClass, usize>,
}

/// Where an error lies, so a reader sees where the loss is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ErrorClass {
    /// The right event and target, the wrong source.
    Source,
    /// The right event and source, the wrong target.
    Target,
    /// The right actors, the wrong event code.
    Code,
    /// An event the gold set does not have.
    Extra,
    /// A gold event not coded at all.
    Missed,
}

impl ErrorClass {
    /// The name used in reports.
    pub fn name(self) -> &'static str {
        match self {
            ErrorClass::Source => "wrong source",
            ErrorClass::Target => "wrong target",
            ErrorClass::Code => "wrong code",
            ErrorClass::Extra => "extra event",
            ErrorClass::Missed => "missed event",
        }
    }
}

/// The one part in which `sys` differs from `gold`, if it differs in one.
fn one_part_off(sys: &SysEvent, gold: &GoldEvent, level: Level) -> Option<ErrorClass> {
    let code_ok = what_ok(sys, gold, level);
    let source_ok = actor_ok(sys.source.as_deref(), &gold.source, level);
    let target_ok = actor_ok(sys.target.as_deref(), &gold.target, level);
    match (code_ok, source_ok, target_ok) {
        (true, false, true) => Some(ErrorClass::Source),
        (true, true, false) => Some(ErrorClass::Target),
        (false, true, true) => Some(ErrorClass::Code),
        _ => None,
    }
}

/// Pair false positives with missed gold events that differ in one part.
fn classify(rec: &GoldRecord, sys: &[SysEvent], out: &mut RecordScore, level: Level) {
    let mut missed: Vec<usize> = out.missed_events.clone();
    for &s in &out.false_positive_events {
        let near = missed
            .iter()
            .enumerate()
            .find_map(|(k, &g)| one_part_off(&sys[s], &rec.events[g], level).map(|c| (k, c)));
        let class = match near {
            Some((k, class)) => {
                missed.remove(k);
                class
            }
            None => ErrorClass::Extra,
        };
        *out.classes.entry(class).or_default() += 1;
    }
    if !missed.is_empty() {
        *out.classes.entry(ErrorClass::Missed).or_default() += missed.len();
    }
}

/// Score one record's system events at `level`.
pub fn score_record(rec: &GoldRecord, sys: &[SysEvent], level: Level) -> RecordScore {
    let mut matched_gold = vec![false; rec.events.len()];
    let mut out = RecordScore::default();
    // Required events are matched before optional ones, so an event that
    // could be either counts as the hit it is.
    let free_match = |matched: &[bool], s: &SysEvent, optional: bool| {
        (0..rec.events.len()).find(|&g| {
            !matched[g] && rec.events[g].optional == optional && matches(s, &rec.events[g], level)
        })
    };
    for (i, s) in sys.iter().enumerate() {
        let free =
            free_match(&matched_gold, s, false).or_else(|| free_match(&matched_gold, s, true));
        match free {
            Some(g) => {
                matched_gold[g] = true;
                if !rec.events[g].optional {
                    out.counts.tp += 1;
                }
            }
            None if rec.events.iter().any(|g| matches(s, g, level)) => {} // duplicate of a matched compound
            None => {
                out.counts.fp += 1;
                out.false_positives.push(s.to_string());
                out.false_positive_events.push(i);
            }
        }
        if rec
            .forbid_roots
            .iter()
            .any(|r| s.cameo.starts_with(r.as_str()))
        {
            out.forbidden.push(s.to_string());
        }
    }
    for (g, m) in matched_gold.iter().enumerate() {
        if !m && !rec.events[g].optional {
            out.counts.fn_ += 1;
            out.misses.push(rec.events[g].to_string());
            out.missed_events.push(g);
        }
    }
    classify(rec, sys, &mut out, level);
    out
}

/// Totals over a gold set, overall and per category.
#[derive(Debug, Clone, Default)]
pub struct Report {
    /// Counts over all records, per level.
    pub total: BTreeMap<Level, Counts>,
    /// Errors by class, per level.
    pub classes: BTreeMap<Level, BTreeMap<ErrorClass, usize>>,
    /// Counts per category, per level.
    pub by_category: BTreeMap<String, BTreeMap<Level, Counts>>,
    /// Records scored.
    pub records: usize,
}

impl Report {
    /// Add one record's score at one level.
    pub fn add(&mut self, rec: &GoldRecord, level: Level, s: &RecordScore) {
        self.total.entry(level).or_default().add(s.counts);
        let classes = self.classes.entry(level).or_default();
        for (c, n) in &s.classes {
            *classes.entry(*c).or_default() += n;
        }
        let cat = rec.category.clone().unwrap_or_else(|| "-".into());
        self.by_category
            .entry(cat)
            .or_default()
            .entry(level)
            .or_default()
            .add(s.counts);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn gold(events: &str) -> GoldRecord {
        serde_json::from_str(&format!(
            r#"{{"id":"r","date":null,"text":"t","events":{events},"forbid_roots":["19"]}}"#
        ))
        .unwrap()
    }

    fn sys(s: &str, t: Option<&str>, c: &str) -> SysEvent {
        SysEvent {
            source: Some(s.into()),
            target: t.map(Into::into),
            cameo: c.into(),
            plover: None,
        }
    }

    #[test]
    fn errors_are_classed_by_the_part_that_is_wrong() {
        let g = gold(
            r#"[{"source":["USAGOV"],"target":["RUS"],"code":["042"]},
                {"source":["FRAGOV"],"target":["DEU"],"code":["040"]},
                {"source":["IRN"],"target":["ISR"],"code":["190"]},
                {"source":["CHN"],"target":["JPN"],"code":["111"]}]"#,
        );
        let s = [
            sys("GBRGOV", Some("RUS"), "042"), // source
            sys("FRAGOV", Some("ITA"), "040"), // target
            sys("IRN", Some("ISR"), "111"),    // code
            sys("KEN", Some("UGA"), "057"),    // extra
        ];
        let got = score_record(&g, &s, Level::Root).classes;
        let want: BTreeMap<ErrorClass, usize> = [
            (ErrorClass::Source, 1),
            (ErrorClass::Target, 1),
            (ErrorClass::Code, 1),
            (ErrorClass::Extra, 1),
            (ErrorClass::Missed, 1),
        ]
        .into();
        assert_eq!(got, want);
    }

    #[test]
    fn optional_events_are_neither_hits_nor_misses() {
        let g = gold(
            r#"[{"source":["USAGOV"],"target":["RUS"],"code":["042"]},
                {"source":["RUSGOV"],"target":["USA"],"code":["040"],"optional":true}]"#,
        );
        let none = Counts::default();
        // Coding the optional event: not a hit, not a false positive.
        let s = [sys("RUSGOV", Some("USA"), "040")];
        assert_eq!(
            score_record(&g, &s, Level::Root).counts,
            Counts { fn_: 1, ..none }
        );
        // Leaving it out: not a miss.
        let s = [sys("USAGOV", Some("RUS"), "042")];
        assert_eq!(
            score_record(&g, &s, Level::Root).counts,
            Counts { tp: 1, ..none }
        );
    }

    #[test]
    fn strict_and_root_levels() {
        let g = gold(r#"[{"source":["USAGOV"],"target":["RUS"],"code":["042"]}]"#);
        let s = [sys("USAGOV", Some("RUS"), "043")];
        assert_eq!(
            score_record(&g, &s, Level::Strict).counts,
            Counts {
                tp: 0,
                fp: 1,
                fn_: 1
            }
        );
        assert_eq!(
            score_record(&g, &s, Level::Root).counts,
            Counts {
                tp: 1,
                fp: 0,
                fn_: 0
            }
        );
        let s = [sys("USAMIL", Some("RUSGOV"), "042")];
        assert_eq!(score_record(&g, &s, Level::Root).counts.tp, 1);
        assert_eq!(score_record(&g, &s, Level::Strict).counts.tp, 0);
    }

    #[test]
    fn no_target_and_empty_gold() {
        let g = gold(r#"[{"source":["FRA"],"target":["---"],"code":["141"]}]"#);
        assert_eq!(
            score_record(&g, &[sys("FRA", None, "141")], Level::Strict)
                .counts
                .tp,
            1
        );
        assert_eq!(
            score_record(&g, &[sys("FRA", Some("DEU"), "141")], Level::Strict)
                .counts
                .tp,
            0
        );
        let empty = gold("[]");
        let r = score_record(&empty, &[sys("FRA", None, "190")], Level::Root);
        assert_eq!(r.counts.fp, 1);
        assert_eq!(r.forbidden.len(), 1);
    }

    #[test]
    fn compound_members_are_duplicates_not_false_positives() {
        let g = gold(r#"[{"source":["HUNGOV","ROUGOV"],"target":["---"],"code":["030"]}]"#);
        let s = [sys("HUNGOV", None, "030"), sys("ROUGOV", None, "030")];
        assert_eq!(
            score_record(&g, &s, Level::Strict).counts,
            Counts {
                tp: 1,
                fp: 0,
                fn_: 0
            }
        );
    }

    #[test]
    fn a_role_without_country_is_no_actor_at_the_root_level_only() {
        let g = gold(r#"[{"source":["JOR"],"target":["---"],"code":["030"]}]"#);
        let s = [sys("JOR", Some("---MIL"), "030")];
        assert_eq!(score_record(&g, &s, Level::Root).counts.tp, 1);
        assert_eq!(score_record(&g, &s, Level::Strict).counts.tp, 0);
        let g = gold(r#"[{"source":["JOR"],"target":["---REB"],"code":["030"]}]"#);
        assert_eq!(
            score_record(&g, &[sys("JOR", None, "030")], Level::Root)
                .counts
                .tp,
            1
        );
        assert_eq!(
            score_record(&g, &[sys("JOR", Some("SYRREB"), "030")], Level::Root)
                .counts
                .tp,
            0
        );
    }

    #[test]
    fn f1_arithmetic() {
        let c = Counts {
            tp: 3,
            fp: 1,
            fn_: 2,
        };
        assert!((c.precision() - 0.75).abs() < 1e-9);
        assert!((c.recall() - 0.6).abs() < 1e-9);
        assert!((c.f1() - 2.0 * 0.75 * 0.6 / 1.35).abs() < 1e-9);
    }
}
