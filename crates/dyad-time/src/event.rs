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

use std::collections::HashMap;
use std::sync::OnceLock;

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
    /// The unit the date is known to.
    pub precision: Precision,
    /// The expression that decided, if any.
    pub expr: Option<TimeExpr>,
    /// How the date was attached to the trigger.
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
/// falls back to the story date. To date many events of one document, use
/// [`EventDating`]: this function indexes the whole document on every call.
pub fn date_event(doc: &Doc, trigger: usize, story_date: Option<Date>) -> EventDate {
    EventDating::new(doc, story_date).date_event(trigger)
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
    let dating = EventDating::new(doc, story_date);
    let found = Found::new(doc, &dating.index, exprs.to_vec());
    // The slot of a fresh `EventDating` is empty, so this cannot fail.
    let _ = dating.found[tense_slot(tense)].set(found);
    dating.dated_with(trigger, tense)
}

/// Event dating for one document: the dependency index and the expressions
/// (found once per tense and attached once) that every event of the
/// document shares, so dating all of a long article's events takes time
/// proportional to its length rather than to its length cubed.
pub struct EventDating<'d> {
    doc: &'d Doc,
    story_date: Option<Date>,
    index: TreeIndex,
    /// The expressions read with each tense, by [`tense_slot`]; found on first use.
    found: [OnceLock<Found>; 3],
}

impl<'d> EventDating<'d> {
    /// Indexes `doc` (linear in its tokens); expressions are found lazily.
    pub fn new(doc: &'d Doc, story_date: Option<Date>) -> Self {
        EventDating {
            doc,
            story_date,
            index: TreeIndex::new(doc),
            found: Default::default(),
        }
    }

    /// The document this dates events of.
    pub fn doc(&self) -> &'d Doc {
        self.doc
    }

    /// The story date relative expressions are resolved against.
    pub fn story_date(&self) -> Option<Date> {
        self.story_date
    }

    /// [`tense_of`] with the document's child index.
    pub fn tense_of(&self, i: usize) -> Tense {
        tense_at(self.doc, &self.index, i, 0)
    }

    /// Dates the event whose trigger is token `trigger` ([`date_event`]).
    pub fn date_event(&self, trigger: usize) -> EventDate {
        let tense = self.tense_of(trigger);
        self.dated_with(trigger, tense)
    }

    /// The expressions read with `tense`, found and attached on first use.
    fn found(&self, tense: Tense) -> &Found {
        self.found[tense_slot(tense)].get_or_init(|| {
            let exprs = find_expressions(&self.doc.text, self.story_date, tense);
            Found::new(self.doc, &self.index, exprs)
        })
    }

    /// Climbs from the trigger to the first node with a date-valued
    /// expression attached (see the module documentation).
    fn dated_with(&self, trigger: usize, tense: Tense) -> EventDate {
        let doc = self.doc;
        let story_date = self.story_date;
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
        let found = self.found(tense);
        let mut lookback = None;
        let mut duration = None;
        let mut cur = trigger;
        let mut level = Attachment::Trigger;
        // A tree has at most n levels; the bound also guards against cycles.
        for _ in 0..n {
            let mut best: Option<&TimeExpr> = None;
            for e in found.attached_to(cur) {
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
                    (e.precision, distance(doc, trigger, e))
                        < (b.precision, distance(doc, trigger, b))
                });
                if better {
                    best = Some(e);
                }
            }
            if let Some(e) = best {
                // The expression belongs to `cur`'s clause: orient it by that
                // clause's tense ("rallied on Sunday to protest …").
                let own = self.tense_of(cur);
                let e = if own != tense && cur != trigger {
                    self.found(own).same_span(e).unwrap_or(e)
                } else {
                    e
                };
                return EventDate {
                    kind: e.kind,
                    value: e.value,
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
}

/// The slot of a tense in [`EventDating::found`].
fn tense_slot(tense: Tense) -> usize {
    match tense {
        Tense::Past => 0,
        Tense::Present => 1,
        Tense::Future => 2,
    }
}

/// A document's expressions read with one tense, each attached once.
struct Found {
    exprs: Vec<TimeExpr>,
    /// `(attachment token, expression index)`, sorted: the expressions
    /// attached to a token are one contiguous run, in text order.
    by_token: Vec<(usize, usize)>,
    /// The first expression with each span.
    by_span: HashMap<(usize, usize), usize>,
}

impl Found {
    fn new(doc: &Doc, index: &TreeIndex, exprs: Vec<TimeExpr>) -> Found {
        let mut by_token: Vec<(usize, usize)> = exprs
            .iter()
            .enumerate()
            .filter_map(|(k, e)| Some((attachment_of(index, doc, e)?, k)))
            .collect();
        by_token.sort_unstable();
        let mut by_span = HashMap::with_capacity(exprs.len());
        for (k, e) in exprs.iter().enumerate() {
            by_span.entry((e.start, e.end)).or_insert(k);
        }
        Found {
            exprs,
            by_token,
            by_span,
        }
    }

    /// The expressions attached to token `i`, in text order.
    fn attached_to(&self, i: usize) -> impl Iterator<Item = &TimeExpr> {
        let from = self.by_token.partition_point(|&(t, _)| t < i);
        self.by_token[from..]
            .iter()
            .take_while(move |&&(t, _)| t == i)
            .map(|&(_, k)| &self.exprs[k])
    }

    /// The expression with the same span as `e`, if this reading has one.
    fn same_span(&self, e: &TimeExpr) -> Option<&TimeExpr> {
        self.by_span.get(&(e.start, e.end)).map(|&k| &self.exprs[k])
    }
}

/// What attachment and tense need of the tree, indexed once per document:
/// every token's children, and whether tokens are in text order (then the
/// tokens of a byte span are found by binary search).
struct TreeIndex {
    /// Children of token `i` are `children[offsets[i]..offsets[i + 1]]`, in order.
    offsets: Vec<usize>,
    children: Vec<usize>,
    in_text_order: bool,
}

impl TreeIndex {
    fn new(doc: &Doc) -> TreeIndex {
        let n = doc.tokens.len();
        // Same children as `Doc::children`: tokens other than `i` whose head is `i`.
        let is_child = |j: usize, head: usize| head != j && head < n;
        let mut offsets = vec![0usize; n + 1];
        for (j, t) in doc.tokens.iter().enumerate() {
            if is_child(j, t.head) {
                offsets[t.head + 1] += 1;
            }
        }
        for i in 0..n {
            offsets[i + 1] += offsets[i];
        }
        let mut next = offsets.clone();
        let mut children = vec![0usize; offsets[n]];
        for (j, t) in doc.tokens.iter().enumerate() {
            if is_child(j, t.head) {
                children[next[t.head]] = j;
                next[t.head] += 1;
            }
        }
        let in_text_order = doc
            .tokens
            .windows(2)
            .all(|w| w[0].start <= w[1].start && w[0].end <= w[1].end);
        TreeIndex {
            offsets,
            children,
            in_text_order,
        }
    }

    /// Children of token `i`, in order (none when `i` is out of range).
    fn children(&self, i: usize) -> &[usize] {
        match (self.offsets.get(i), self.offsets.get(i + 1)) {
            (Some(&a), Some(&b)) => &self.children[a..b],
            _ => &[],
        }
    }

    /// The tokens overlapping bytes `start..end`, in order. Tokens in text
    /// order are found by binary search: those ending after `start` are a
    /// suffix and those starting before `end` a prefix, so the overlap is
    /// the run between. A hand-built doc out of order is scanned whole.
    fn overlapping(&self, doc: &Doc, start: usize, end: usize) -> Vec<usize> {
        let (from, to) = if self.in_text_order {
            let from = doc.tokens.partition_point(|t| t.end <= start);
            (
                from,
                from + doc.tokens[from..].partition_point(|t| t.start < end),
            )
        } else {
            (0, doc.tokens.len())
        };
        #[cfg(test)]
        tests::note_examined(to - from);
        (from..to)
            .filter(|&i| doc.tokens[i].start < end && doc.tokens[i].end > start)
            .collect()
    }
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
fn attachment_of(index: &TreeIndex, doc: &Doc, e: &TimeExpr) -> Option<usize> {
    let n = doc.tokens.len();
    let inside = |i: usize| {
        let t = &doc.tokens[i];
        t.start < e.end && t.end > e.start
    };
    let toks = index.overlapping(doc, e.start, e.end);
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
        let subject_after = index
            .children(a)
            .iter()
            .any(|&c| c > last && matches!(doc.tokens[c].dep.as_str(), "nsubj" | "nsubjpass"));
        if subject_after {
            return Some(ta.head);
        }
    }
    Some(a)
}

/// The tense of the clause around token `i`, for orienting weekdays and
/// months: future with "will"/"shall"/"'ll", a modal, or "to" + base verb
/// ("plans to visit"); present with a present-tense verb; else past.
///
/// To read the tense of many tokens of one document, use
/// [`EventDating::tense_of`]: this function indexes the document on every call.
pub fn tense_of(doc: &Doc, i: usize) -> Tense {
    tense_at(doc, &TreeIndex::new(doc), i, 0)
}

fn tense_at(doc: &Doc, index: &TreeIndex, i: usize, depth: usize) -> Tense {
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
    for &c in index.children(v) {
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
            tense_at(doc, index, verb.head, depth + 1)
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
            tense_at(doc, index, verb.head, depth + 1)
        }
        _ => Tense::Past,
    }
}

#[cfg(test)]
mod tests {
    use std::cell::Cell;

    use dyad_text::Token;

    use super::*;

    thread_local! {
        /// Tokens examined to find the tokens of expressions.
        static EXAMINED: Cell<usize> = const { Cell::new(0) };
    }

    pub(super) fn note_examined(k: usize) {
        EXAMINED.with(|c| c.set(c.get() + k));
    }

    fn examined() -> usize {
        EXAMINED.with(Cell::get)
    }

    /// "Police said on Tuesday they arrested 20 people last month ." as
    /// `(word, tag, head, dep)`, heads relative to the sentence.
    const SENTENCE: &[(&str, &str, usize, &str)] = &[
        ("Police", "NNS", 1, "nsubj"),
        ("said", "VBD", 1, "ROOT"),
        ("on", "IN", 1, "prep"),
        ("Tuesday", "NNP", 2, "pobj"),
        ("they", "PRP", 5, "nsubj"),
        ("arrested", "VBD", 1, "ccomp"),
        ("20", "CD", 7, "nummod"),
        ("people", "NNS", 5, "dobj"),
        ("last", "JJ", 9, "amod"),
        ("month", "NN", 5, "npadvmod"),
        (".", ".", 1, "punct"),
    ];

    /// `copies` copies of [`SENTENCE`], one sentence each.
    fn repeated(copies: usize) -> Doc {
        let mut doc = Doc::default();
        for _ in 0..copies {
            let base = doc.tokens.len();
            for (k, (w, tag, head, dep)) in SENTENCE.iter().enumerate() {
                if !doc.text.is_empty() {
                    doc.text.push(' ');
                }
                let start = doc.text.len();
                doc.text.push_str(w);
                doc.tokens.push(Token {
                    start,
                    end: doc.text.len(),
                    tag: tag.to_string(),
                    head: base + head,
                    dep: dep.to_string(),
                    sent_start: k == 0,
                    ..Token::default()
                });
            }
        }
        doc
    }

    fn story() -> Option<Date> {
        "2024-03-07".parse().ok()
    }

    #[test]
    fn span_lookup_agrees_with_a_full_scan() {
        let doc = repeated(50);
        let sorted = TreeIndex::new(&doc);
        assert!(sorted.in_text_order);
        let scanned = TreeIndex {
            in_text_order: false,
            ..TreeIndex::new(&doc)
        };
        let exprs = find_expressions(&doc.text, story(), Tense::Past);
        assert_eq!(exprs.len(), 100);
        for e in &exprs {
            assert_eq!(
                sorted.overlapping(&doc, e.start, e.end),
                scanned.overlapping(&doc, e.start, e.end)
            );
            assert_eq!(
                attachment_of(&sorted, &doc, e),
                attachment_of(&scanned, &doc, e)
            );
        }
        // Spans between, around and across tokens.
        for start in 0..doc.text.len().min(300) {
            for end in start..(start + 12).min(doc.text.len()) {
                assert_eq!(
                    sorted.overlapping(&doc, start, end),
                    scanned.overlapping(&doc, start, end)
                );
            }
        }
    }

    #[test]
    fn work_per_event_does_not_grow_with_the_document() {
        let work = |copies: usize| {
            let doc = repeated(copies);
            let dating = EventDating::new(&doc, story());
            let before = examined();
            for i in 0..doc.tokens.len() {
                dating.date_event(i);
            }
            examined() - before
        };
        let one = work(1);
        assert!(one > 0);
        // Each expression's tokens are looked up once per reading, among
        // the tokens it spans: a document 500 times longer is 500 times
        // the work, not 500² (the old scan of every token per expression
        // per event).
        assert_eq!(work(500), 500 * one);
    }

    #[test]
    fn children_match_the_doc() {
        let mut doc = repeated(3);
        // A head out of range and a self-loop are no one's child.
        doc.tokens[4].head = 999;
        doc.tokens[6].head = 6;
        let index = TreeIndex::new(&doc);
        for i in 0..doc.tokens.len() + 2 {
            let want: Vec<usize> = doc.children(i).collect();
            assert_eq!(index.children(i), want.as_slice(), "children of {i}");
        }
    }
}
