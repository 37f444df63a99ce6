//! An event's place: which resolved toponym, if any, says where the event
//! happened. The first rule that applies wins:
//!
//! 1. **locative modifier of the trigger** — a locative preposition ("in",
//!    "near", "at"…, `data/words.txt`) whose object is a place hangs on the
//!    trigger or on one of its arguments: "clashed with police **in
//!    Kano**", "a rally **in central Tbilisi**". Closest to the event, so
//!    first.
//! 2. **locative modifier of its clause** — the same on a word the trigger
//!    hangs from: "**In Kano**, police said they arrested…".
//! 3. **dateline** — the sentence names no location and no place outside
//!    the dateline's country: the event happened where the story was filed.
//! 4. **country of the action** — every place the sentence names is in one
//!    country ("Kenya police arrested…"): that country, at country
//!    precision.
//!
//! Otherwise the event has no place (`null`). Places written as attributes
//! ("Sanaa-based rebels") never place an event.

use crate::gazetteer::{Gazetteer, Kind, Place};
use crate::resolve::Resolution;
use crate::toponyms::{Source, Toponym, Words};
use dyad_event::Location;
use dyad_text::Doc;

/// Dependency labels through which a locative phrase on an argument still
/// describes the event ("clashed with police in Kano": police ← with ← clashed).
const ARGUMENT_DEPS: &[&str] = &[
    "dobj",
    "pobj",
    "prep",
    "nsubj",
    "nsubjpass",
    "attr",
    "npadvmod",
    "appos",
    "agent",
    "dative",
];

/// The token a toponym's phrase hangs from through a locative preposition
/// ("in Kano" → the word "in" hangs on), if it is a location at all.
pub(crate) fn locative_head(w: &Words, doc: &Doc, t: &Toponym) -> Option<usize> {
    if t.tokens.is_empty() || t.attributive {
        return None;
    }
    let n = doc.tokens.len();
    let range = t.tokens.clone();
    let mut k = range
        .clone()
        .find(|&k| !range.contains(&doc.tokens[k].head))?;
    // "Kano city", "the Gaza Strip's border": climb compounds and appositions.
    for _ in 0..2 {
        if matches!(
            doc.tokens[k].dep.as_str(),
            "compound" | "appos" | "amod" | "nmod" | "conj"
        ) {
            let h = doc.tokens[k].head;
            if h == k || h >= n {
                return None;
            }
            k = h;
        }
    }
    if doc.tokens[k].dep != "pobj" {
        return None;
    }
    let prep = doc.tokens[k].head;
    if prep >= n || !w.locative.contains(&doc.token_text(prep).to_lowercase()) {
        return None;
    }
    let h = doc.tokens[prep].head;
    (h != prep && h < n).then_some(h)
}

/// Whether `h` is the trigger or one of its arguments (two steps at most).
fn on_trigger(doc: &Doc, h: usize, trigger: usize) -> bool {
    let mut k = h;
    for _ in 0..3 {
        if k == trigger {
            return true;
        }
        if !ARGUMENT_DEPS.contains(&doc.tokens[k].dep.as_str()) {
            return false;
        }
        let up = doc.tokens[k].head;
        if up == k || up >= doc.tokens.len() {
            return false;
        }
        k = up;
    }
    false
}

/// Whether `h` governs the trigger (is one of its ancestors).
fn governs(doc: &Doc, h: usize, trigger: usize) -> bool {
    let mut k = trigger;
    for _ in 0..64 {
        let up = doc.tokens[k].head;
        if up == k || up >= doc.tokens.len() {
            return false;
        }
        if up == h {
            return true;
        }
        k = up;
    }
    false
}

/// A resolved toponym with the facts placement needs.
pub(crate) struct Placed<'a> {
    pub top: &'a Toponym,
    pub res: &'a Resolution,
    /// The token its locative phrase hangs on, if it is a location.
    pub head: Option<usize>,
}

/// The location value of a place.
pub(crate) fn location(g: &Gazetteer, p: &Place, span: (usize, usize), rule: &str) -> Location {
    let country = g.codes(&p.cc).map(|c| c.iso3.clone()).unwrap_or_default();
    Location {
        name: p.name.clone(),
        country,
        adm1: (matches!(p.kind, Kind::City | Kind::Adm1) && !p.adm1.is_empty())
            .then(|| format!("{}.{}", p.cc, p.adm1)),
        lat: (p.lat * 1e5).round() / 1e5,
        lon: (p.lon * 1e5).round() / 1e5,
        geonames_id: (p.id > 0).then_some(u64::from(p.id)),
        precision: p.kind.precision().to_string(),
        span,
        rule: rule.to_string(),
    }
}

/// The place of the event whose trigger is token `trigger` in the sentence
/// of tokens `sent`, from the article's resolved toponyms.
pub(crate) fn place_event(
    g: &Gazetteer,
    doc: &Doc,
    placed: &[Placed<'_>],
    trigger: usize,
    sent: std::ops::Range<usize>,
) -> Option<Location> {
    let in_sent: Vec<&Placed> = placed
        .iter()
        .filter(|p| p.top.source != Source::Dateline && sent.contains(&p.top.tokens.start))
        .collect();
    let near = |p: &&&Placed| p.top.tokens.start.abs_diff(trigger);
    if let Some(p) = rule_trigger_locative(doc, &in_sent, trigger).min_by_key(near) {
        return Some(location(
            g,
            g.place(p.res.place),
            p.top.span,
            "locative modifier of the trigger",
        ));
    }
    if let Some(p) = rule_clause_locative(doc, &in_sent, trigger).min_by_key(near) {
        return Some(location(
            g,
            g.place(p.res.place),
            p.top.span,
            "locative modifier of its clause",
        ));
    }
    if let Some(p) = rule_dateline(g, placed, &in_sent) {
        return Some(location(
            g,
            g.place(p.res.place),
            p.top.span,
            "dateline: filed where it happened",
        ));
    }
    rule_country_of_action(g, &in_sent)
}

/// Rule 1: a locative phrase on the trigger or its arguments.
fn rule_trigger_locative<'p, 'a>(
    doc: &'p Doc,
    in_sent: &'p [&'p Placed<'a>],
    trigger: usize,
) -> impl Iterator<Item = &'p &'p Placed<'a>> + 'p {
    in_sent
        .iter()
        .filter(move |p| p.head.is_some_and(|h| on_trigger(doc, h, trigger)))
}

/// Rule 2: a locative phrase on a word that governs the trigger.
fn rule_clause_locative<'p, 'a>(
    doc: &'p Doc,
    in_sent: &'p [&'p Placed<'a>],
    trigger: usize,
) -> impl Iterator<Item = &'p &'p Placed<'a>> + 'p {
    in_sent
        .iter()
        .filter(move |p| p.head.is_some_and(|h| governs(doc, h, trigger)))
}

/// Rule 3: the dateline's place, when the sentence names no location and
/// no place outside the dateline's country.
fn rule_dateline<'p, 'a>(
    g: &Gazetteer,
    placed: &'p [Placed<'a>],
    in_sent: &[&Placed<'_>],
) -> Option<&'p Placed<'a>> {
    let d = placed.iter().find(|p| p.top.source == Source::Dateline)?;
    let cc = &g.place(d.res.place).cc;
    let elsewhere = in_sent
        .iter()
        .any(|p| p.head.is_some() || &g.place(p.res.place).cc != cc);
    (!elsewhere).then_some(d)
}

/// Rule 4: the one country of every place the sentence names.
fn rule_country_of_action(g: &Gazetteer, in_sent: &[&Placed<'_>]) -> Option<Location> {
    let named: Vec<&&Placed> = in_sent.iter().filter(|p| !p.top.attributive).collect();
    let first = named.first()?;
    let cc = &g.place(first.res.place).cc;
    if named.iter().any(|p| &g.place(p.res.place).cc != cc) {
        return None;
    }
    let country = g.country(cc)?;
    Some(location(
        g,
        country,
        first.top.span,
        "country of the action",
    ))
}
