//! Dating events: the temporal expression that governs an event trigger in
//! the dependency tree, else the story date.
//!
//! From the trigger, dyad climbs the tree and takes the first date-valued
//! expression attached to the node it is at: first the trigger itself
//! ("attacked … on Tuesday", "last month's strikes", "the raid yesterday"),
//! then the trigger's clause (a noun trigger's verb: "five died in an attack
//! on Tuesday"), then governing clauses across `ccomp`, `xcomp`, `conj`,
//! `advcl` and `parataxis` ("police said on Tuesday they had arrested…").
//! It never climbs out of a relative or adjectival clause (`relcl`, `acl`)
//! or an apposition: those describe other events.
//!
//! An expression is attached to the word its head token depends on, skipping
//! prepositions: in "on Tuesday" the head is "Tuesday", its head "on", and
//! the attachment the verb "on" hangs from.
//!
//! Durations are not dates: "for three years" is kept as the event's
//! duration, and "in more than a decade" / "for the first time in 12 years"
//! / "the first … since 1998" as a look-back locating a previous event.

use dyad_text::Doc;
use serde::Serialize;

use crate::calendar::{Date, Unit};
use crate::expr::{format_value, Kind, Precision, Tense, TimeExpr, Value};
use crate::rules::find_expressions;

/// Which rule decided an event's date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Attachment {
    /// An expression modifying the trigger itself.
    Trigger,
    /// An expression modifying the trigger's clause (the verb a noun trigger hangs from).
    Clause,
    /// An expression modifying a clause that governs the trigger's.
    GoverningClause,
    /// No expression governs the trigger: the story date.
    StoryDate,
    /// No expression and no story date.
    Undated,
}

impl Attachment {
    /// The name used in output ("tmod of trigger", …).
    pub fn describe(self) -> &'static str {
        match self {
            Attachment::Trigger => "tmod of trigger",
            Attachment::Clause => "clause",
            Attachment::GoverningClause => "governing clause",
            Attachment::StoryDate => "story date",
            Attachment::Undated => "undated",
        }
    }
}

/// When an event happened, and why dyad thinks so.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EventDate {
    /// Point or range (the story date is a day point).
    pub kind: Kind,
    /// The dates, or [`Value::Unresolved`].
    pub value: Value,
    pub precision: Precision,
    /// The expression that decided, if any.
    pub expr: Option<TimeExpr>,
    pub attachment: Attachment,
    /// A duration or range locating a previous event ("the first visit in
    /// more than a decade").
    pub lookback: Option<TimeExpr>,
    /// How long the event lasted ("fought for three years").
    pub duration: Option<TimeExpr>,
    /// The tense read from the trigger, which oriented bare weekdays and months.
    pub tense: Tense,
}

impl EventDate {
    /// The start and end dates, when resolved.
    pub fn dates(&self) -> Option<(Date, Date)> {
        match self.value {
            Value::Dates { start, end } => Some((start, end)),
            _ => None,
        }
    }

    /// The value in dyad's canonical notation ([`format_value`]).
    pub fn canonical(&self) -> String {
        format_value(self.kind, &self.value, self.precision)
    }
}

/// Clause links dyad climbs across to reach a governing clause.
const GOVERNING: &[&str] = &["ccomp", "xcomp", "conj", "advcl", "parataxis", "csubj"];
/// Links it never climbs across: their heads belong to other events.
const BARRIER: &[&str] = &["relcl", "acl", "appos"];

/// Dates the event whose trigger is token `trigger` of `doc`.
///
/// An out-of-range `trigger` or a malformed tree never panics: the event
/// falls back to the story date.
pub fn date_event(doc: &Doc, trigger: usize, story_date: Option<Date>) -> EventDate {
    let tense = tense_of(doc, trigger);
    let exprs = find_expressions(&doc.text, story_date, tense);
    date_event_with(doc, trigger, story_date, tense, &exprs)
}

/// [`date_event`] with the document's expressions already found (with the
/// trigger's tense).
pub fn date_event_with(
    doc: &Doc,
    trigger: usize,
    story_date: Option<Date>,
    tense: Tense,
    exprs: &[TimeExpr],
) -> EventDate {
    let fallback = |lookback, duration| {
        let (value, attachment) = match story_date {
            Some(d) => (Value::Dates { start: d, end: d }, Attachment::StoryDate),
            None => (Value::Unresolved, Attachment::Undated),
        };
        EventDate {
            kind: Kind::Point,
            value,
            precision: Unit::Day,
            expr: None,
            attachment,
            lookback,
            duration,
            tense,
        }
    };
    let n = doc.tokens.len();
    if trigger >= n {
        return fallback(None, None);
    }
    let attached: Vec<(usize, Option<usize>)> = exprs
        .iter()
        .enumerate()
        .map(|(k, e)| (k, attachment_of(doc, e)))
        .collect();
    let mut lookback = None;
    let mut duration = None;
    let mut cur = trigger;
    let mut level = Attachment::Trigger;
    // A tree has at most n levels; the bound also guards against cycles.
    for _ in 0..n {
        let mut best: Option<&TimeExpr> = None;
        for &(k, a) in &attached {
            if a != Some(cur) {
                continue;
            }
            let e = &exprs[k];
            if is_lookback(doc, e) {
                lookback.get_or_insert_with(|| e.clone());
                continue;
            }
            if e.kind == Kind::Duration {
                duration.get_or_insert_with(|| e.clone());
                continue;
            }
            // The finest expression wins ("on Tuesday" over "last week"),
            // then the one nearest the trigger.
            let better = best.is_none_or(|b| {
                (e.precision, distance(doc, trigger, e)) < (b.precision, distance(doc, trigger, b))
            });
            if better {
                best = Some(e);
            }
        }
        if let Some(e) = best {
            // The expression belongs to `cur`'s clause: orient it by that
            // clause's tense ("rallied on Sunday to protest …").
            let own = tense_of(doc, cur);
            let requeried;
            let e = if own != tense && cur != trigger {
                requeried = find_expressions(&doc.text, story_date, own);
                requeried
                    .iter()
                    .find(|x| x.start == e.start && x.end == e.end)
                    .unwrap_or(e)
            } else {
                e
            };
            let value = e.value;
            return EventDate {
                kind: e.kind,
                value,
                precision: e.precision,
                expr: Some(e.clone()),
                attachment: level,
                lookback,
                duration,
                tense,
            };
        }
        let tok = &doc.tokens[cur];
        let head = tok.head;
        if head == cur || head >= n || BARRIER.contains(&tok.dep.as_str()) {
            break;
        }
        level = if GOVERNING.contains(&tok.dep.as_str()) {
            Attachment::GoverningClause
        } else if level == Attachment::Trigger {
            Attachment::Clause
        } else {
            level
        };
        cur = head;
    }
    fallback(lookback, duration)
}

/// Expressions that locate an earlier event rather than this one.
fn is_lookback(doc: &Doc, e: &TimeExpr) -> bool {
    match (e.kind, e.rule) {
        (_, "first-time-in") => true,
        (Kind::Duration, _) => doc.text[e.start..e.end]
            .get(..3)
            .is_some_and(|p| p.eq_ignore_ascii_case("in ")),
        // "the first … since 1998": a record, not when the event happened.
        (_, "since") => {
            let before = &doc.text[..e.start];
            let from = before.len().saturating_sub(60);
            let window = before.get(from..).unwrap_or(before).to_ascii_lowercase();
            window.contains("first")
        }
        _ => false,
    }
}

/// Token distance between the trigger and an expression.
fn distance(doc: &Doc, trigger: usize, e: &TimeExpr) -> usize {
    let t = &doc.tokens[trigger];
    if e.end <= t.start {
        t.start - e.end
    } else {
        e.start.saturating_sub(t.end)
    }
}

/// The token an expression modifies: the head of its head token, skipping
/// prepositions. `None` when the expression heads its sentence.
fn attachment_of(doc: &Doc, e: &TimeExpr) -> Option<usize> {
    let n = doc.tokens.len();
    let inside = |i: usize| {
        let t = &doc.tokens[i];
        t.start < e.end && t.end > e.start
    };
    let toks: Vec<usize> = (0..n).filter(|&i| inside(i)).collect();
    // The head token of the span: the first whose head lies outside it.
    let h = *toks.iter().find(|&&i| {
        let hd = doc.tokens[i].head;
        hd >= n || hd == i || !inside(hd)
    })?;
    let mut a = doc.tokens[h].head;
    if a == h || a >= n {
        return None;
    }
    // Skip prepositions and case markers between the expression and what it modifies.
    for _ in 0..3 {
        let t = &doc.tokens[a];
        let is_prep = matches!(t.dep.as_str(), "prep" | "agent") || t.tag == "IN";
        if is_prep && t.head != a && t.head < n && !inside(a) {
            a = t.head;
        } else {
            break;
        }
    }
    // spaCy often hangs "said on Tuesday it had …" off the reported verb;
    // an expression between the speech verb and the complement's subject
    // belongs to the speech verb.
    let ta = &doc.tokens[a];
    let last = *toks.last()?;
    if ta.dep == "ccomp" && ta.head < toks[0] {
        let subject_after = doc
            .children(a)
            .any(|c| c > last && matches!(doc.tokens[c].dep.as_str(), "nsubj" | "nsubjpass"));
        if subject_after {
            return Some(ta.head);
        }
    }
    Some(a)
}

/// The tense of the clause around token `i`, for orienting weekdays and
/// months: future with "will"/"shall"/"'ll", a modal, or "to" + base verb
/// ("plans to visit"); present with a present-tense verb; else past.
pub fn tense_of(doc: &Doc, i: usize) -> Tense {
    tense_at(doc, i, 0)
}

fn tense_at(doc: &Doc, i: usize, depth: usize) -> Tense {
    let n = doc.tokens.len();
    // The nearest verb at or above the trigger (a noun trigger's verb).
    let mut v = i;
    let mut found = false;
    for _ in 0..n {
        let Some(t) = doc.tokens.get(v) else {
            return Tense::Past;
        };
        if t.tag.starts_with("VB") || t.tag == "MD" {
            found = true;
            break;
        }
        if t.head == v {
            break;
        }
        v = t.head;
    }
    if !found {
        return Tense::Past;
    }
    let verb = &doc.tokens[v];
    let mut has_to = false;
    for c in doc.children(v) {
        let t = &doc.tokens[c];
        if !matches!(t.dep.as_str(), "aux" | "auxpass") {
            continue;
        }
        let w = doc.token_text(c).to_ascii_lowercase();
        match (t.tag.as_str(), w.as_str()) {
            (_, "will" | "shall" | "'ll" | "’ll" | "wo") => return Tense::Future,
            ("MD", _) => return Tense::Future,
            ("TO", _) => has_to = true,
            _ => {}
        }
    }
    match verb.tag.as_str() {
        // A purpose clause ("rallied to protest") shares its governor's tense.
        "VB" if has_to && verb.dep == "advcl" && depth < 8 && verb.head != v && verb.head < n => {
            tense_at(doc, verb.head, depth + 1)
        }
        "VB" if has_to => Tense::Future,
        "VBD" | "VBN" => Tense::Past,
        "VBZ" | "VBP" => Tense::Present,
        // A bare verb or gerund takes its governing verb's tense ("said it would …", "is set to …").
        _ if depth < 8
            && verb.head != v
            && verb.head < n
            && matches!(verb.dep.as_str(), "xcomp" | "conj") =>
        {
            tense_at(doc, verb.head, depth + 1)
        }
        _ => Tense::Past,
    }
}
