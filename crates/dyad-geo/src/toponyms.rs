//! Toponym recognition: the place names of an article, with their
//! gazetteer candidates.
//!
//! Sources, in this order (a token belongs to at most one toponym):
//!
//! 1. the dateline ("KYIV, Ukraine (AP) —"), which the text layer does not
//!    parse;
//! 2. the model's GPE, LOC and FAC entities, with a leading "the" and a
//!    direction word before or inside them ("southern Lebanon") kept in the
//!    span but not in the name looked up;
//! 3. proper-noun runs outside those toponyms (the model's misses: "in
//!    Kano" tagged as nothing, "in Bamako" tagged ORG), when the gazetteer
//!    knows them and a locative preposition governs them.
//!
//! NORP entities (nationalities, "Russian") are never toponyms: places
//! come from places, not demonyms. A division word after the name ("Kano
//! State", "Idlib province") is read into the toponym and narrows it to
//! first-level divisions.

use crate::gazetteer::{Gazetteer, Kind};
use dyad_text::Doc;
use std::collections::HashSet;

/// The word lists (data, not code).
const WORDS: &str = include_str!("../data/words.txt");

/// The geocoder's word classes from `data/words.txt`.
#[derive(Debug, Clone, Default)]
pub struct Words {
    /// "southern", "central"…
    pub direction: HashSet<String>,
    /// "state", "province"…
    pub division: HashSet<String>,
    /// "in", "near"…
    pub locative: HashSet<String>,
    /// "based", "headquartered"…
    pub based: HashSet<String>,
    /// "sea", "river"…
    pub feature: HashSet<String>,
}

impl Words {
    /// The built-in lists.
    pub fn builtin() -> Words {
        let mut w = Words::default();
        for line in WORDS.lines() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let Some((class, word)) = line.split_once(' ') else {
                continue;
            };
            let set = match class {
                "direction" => &mut w.direction,
                "division" => &mut w.division,
                "locative" => &mut w.locative,
                "based" => &mut w.based,
                "feature" => &mut w.feature,
                _ => continue,
            };
            set.insert(word.trim().to_lowercase());
        }
        w
    }
}

/// Where a toponym was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    /// The article's dateline.
    Dateline,
    /// A GPE, LOC or FAC entity of the model.
    Entity,
    /// A proper-noun run the gazetteer knows, after a locative preposition.
    Gazetteer,
}

impl Source {
    /// In words.
    pub fn describe(self) -> &'static str {
        match self {
            Source::Dateline => "dateline",
            Source::Entity => "named entity",
            Source::Gazetteer => "gazetteer match",
        }
    }
}

/// One place name in the article.
#[derive(Debug, Clone)]
pub struct Toponym {
    /// Token range of the name (with direction and division words); empty
    /// for the dateline (which the tokens do not cover).
    pub tokens: std::ops::Range<usize>,
    /// Byte span in the article body.
    pub span: (usize, usize),
    /// The text as written (the span's text).
    pub text: String,
    /// The name looked up (without "the", direction and division words).
    pub name: String,
    /// Where it was found.
    pub source: Source,
    /// A division word followed it ("Kano State").
    pub division: bool,
    /// The name is an attribute ("Sanaa-based"), not a location.
    pub attributive: bool,
    /// Gazetteer candidates (place indexes).
    pub candidates: Vec<u32>,
}

fn is_space(doc: &Doc, i: usize) -> bool {
    doc.token_text(i).trim().is_empty()
}

/// Looks a name up, trying it without a division word at its end.
fn candidates(g: &Gazetteer, name: &str) -> Vec<u32> {
    g.lookup_indexes(&dyad_kb::norm::key(name))
}

/// The toponyms of `doc`; `dateline` is the dateline's place text and its
/// byte span, when the article has one.
pub fn find(
    g: &Gazetteer,
    w: &Words,
    doc: &Doc,
    dateline: Option<(&str, (usize, usize))>,
) -> Vec<Toponym> {
    let mut out = Vec::new();
    if let Some((place, span)) = dateline {
        out.extend(dateline_toponyms(g, place, span));
    }
    let mut used = vec![false; doc.tokens.len()];
    for e in &doc.ents {
        if !matches!(e.label.as_str(), "GPE" | "LOC" | "FAC") || e.end > doc.tokens.len() {
            continue;
        }
        if let Some(t) = entity_toponym(g, w, doc, e.start, e.end) {
            for u in used.iter_mut().take(t.tokens.end).skip(t.tokens.start) {
                *u = true;
            }
            out.push(t);
        }
    }
    // Nationalities are never places. Other entities (a "Bamako" tagged
    // ORG, a "Tigray" tagged PERSON) stay open to the gazetteer, which
    // takes only names a locative preposition governs ("in Tigray").
    for e in doc.ents.iter().filter(|e| e.label == "NORP") {
        for u in used
            .iter_mut()
            .take(e.end.min(doc.tokens.len()))
            .skip(e.start)
        {
            *u = true;
        }
    }
    // In a date ("in March", a month and a town in England) only a
    // country can be meant ("in Niger", which the model tags as a date).
    let mut in_date = vec![false; doc.tokens.len()];
    for e in doc
        .ents
        .iter()
        .filter(|e| matches!(e.label.as_str(), "DATE" | "TIME"))
    {
        for u in in_date
            .iter_mut()
            .take(e.end.min(doc.tokens.len()))
            .skip(e.start)
        {
            *u = true;
        }
    }
    out.extend(gazetteer_toponyms(g, w, doc, &used, &in_date));
    out.sort_by_key(|t| t.span);
    out
}

/// "KYIV, Ukraine": each comma-separated part is a toponym; the first is
/// qualified by the next (the resolution rule for "Paris, Texas").
fn dateline_toponyms(g: &Gazetteer, place: &str, span: (usize, usize)) -> Vec<Toponym> {
    let mut out = Vec::new();
    let mut offset = 0;
    for part in place.split(',') {
        let lead = part.len() - part.trim_start().len();
        let name = part.trim();
        let start = span.0 + offset + lead;
        offset += part.len() + 1;
        if name.is_empty() {
            continue;
        }
        let c = candidates(g, name);
        if c.is_empty() {
            continue;
        }
        out.push(Toponym {
            tokens: 0..0,
            span: (start, start + name.len()),
            text: name.to_string(),
            name: name.to_string(),
            source: Source::Dateline,
            division: false,
            attributive: false,
            candidates: c,
        });
    }
    out
}

/// An entity as a toponym, when the gazetteer knows its name.
fn entity_toponym(
    g: &Gazetteer,
    w: &Words,
    doc: &Doc,
    start: usize,
    end: usize,
) -> Option<Toponym> {
    let lower = |i: usize| doc.token_text(i).to_lowercase();
    // The name proper: without "the", and without direction words at its
    // start unless they are part of the name ("West Bank", "North Kivu").
    let mut s = start;
    while s < end && lower(s) == "the" {
        s += 1;
    }
    let mut e = end;
    let mut division = false;
    if e > s + 1 && w.division.contains(&lower(e - 1)) {
        division = true;
        e -= 1;
    }
    if s >= e {
        return None;
    }
    let whole = doc.text.get(doc.tokens[s].start..doc.tokens[e - 1].end)?;
    if candidates(g, whole).is_empty() {
        while s + 1 < e && w.direction.contains(&lower(s)) {
            s += 1;
        }
    }
    // A division word right after the entity: "Kano State" as "Kano" + state.
    let mut span_end = end;
    if !division {
        let mut n = end;
        while n < doc.tokens.len() && is_space(doc, n) {
            n += 1;
        }
        if n < doc.tokens.len() && w.division.contains(&lower(n)) {
            division = true;
            span_end = n + 1;
        }
    }
    let name = doc
        .text
        .get(doc.tokens[s].start..doc.tokens[e - 1].end)?
        .to_string();
    let mut c = candidates(g, &name);
    if division {
        c.retain(|&i| g.place(i).kind == Kind::Adm1);
        if c.is_empty() {
            c = candidates(
                g,
                doc.text
                    .get(doc.tokens[s].start..doc.tokens[span_end - 1].end)?,
            );
        }
    }
    // "the Red Sea" is water, not Sudan's Red Sea state.
    if w.feature.contains(&lower(e - 1)) {
        c.retain(|&i| matches!(g.place(i).kind, Kind::Region | Kind::Country));
    }
    if c.is_empty() {
        return None;
    }
    // A direction word just before the entity belongs to it ("southern
    // Lebanon", where the model tags only "Lebanon").
    let mut first = start;
    if first > 0 && w.direction.contains(&lower(first - 1)) {
        first -= 1;
    }
    let span = (doc.tokens[first].start, doc.tokens[span_end - 1].end);
    Some(Toponym {
        tokens: first..span_end,
        span,
        text: doc.text.get(span.0..span.1)?.to_string(),
        name,
        source: Source::Entity,
        division,
        attributive: is_attributive(w, doc, span_end),
        candidates: c,
    })
}

/// "Sanaa-based": the name is followed by a hyphen and a `based` word.
fn is_attributive(w: &Words, doc: &Doc, end: usize) -> bool {
    if end + 1 >= doc.tokens.len() || doc.token_text(end) != "-" {
        return false;
    }
    w.based.contains(&doc.token_text(end + 1).to_lowercase())
}

/// Proper-noun runs outside entities that the gazetteer knows, when a
/// locative preposition governs them: the model's misses ("in Kano").
fn gazetteer_toponyms(
    g: &Gazetteer,
    w: &Words,
    doc: &Doc,
    used: &[bool],
    in_date: &[bool],
) -> Vec<Toponym> {
    let mut out = Vec::new();
    let n = doc.tokens.len();
    let mut i = 0;
    while i < n {
        let propn = |k: usize| {
            !used[k]
                && doc.tokens[k].pos == "PROPN"
                && doc.token_text(k).starts_with(char::is_uppercase)
        };
        if !propn(i) {
            i += 1;
            continue;
        }
        let mut j = i;
        while j < n && j - i < 4 && propn(j) {
            j += 1;
        }
        // The run's head: the token whose head lies outside the run.
        let head = (i..j)
            .find(|&k| !(i..j).contains(&doc.tokens[k].head))
            .unwrap_or(j - 1);
        // "in the Donetsk region": the run modifies a division word.
        let h = doc.tokens[head].head;
        let division = doc.tokens[head].dep == "compound"
            && h == j
            && h < n
            && w.division.contains(&doc.token_text(h).to_lowercase());
        let (node, end) = if division { (h, j + 1) } else { (head, j) };
        let governed = doc.tokens[node].dep == "pobj"
            && w.locative
                .contains(&doc.token_text(doc.tokens[node].head).to_lowercase());
        if governed {
            let span = (doc.tokens[i].start, doc.tokens[j - 1].end);
            if let Some(text) = doc.text.get(span.0..span.1) {
                // Small places only where nothing bigger shares the name:
                // a capitalised word is more often a surname than a village.
                let water = w.feature.contains(&doc.token_text(j - 1).to_lowercase());
                let date = in_date[i..j].iter().any(|&d| d);
                let c: Vec<u32> = candidates(g, text)
                    .into_iter()
                    .filter(|&k| {
                        let p = g.place(k);
                        if date {
                            p.kind == Kind::Country
                        } else if water {
                            matches!(p.kind, Kind::Region | Kind::Country)
                        } else if division {
                            p.kind == Kind::Adm1
                        } else {
                            p.kind != Kind::City || p.population >= 15_000
                        }
                    })
                    .collect();
                if !c.is_empty() {
                    let span = (span.0, doc.tokens[end - 1].end);
                    out.push(Toponym {
                        tokens: i..end,
                        span,
                        text: doc.text.get(span.0..span.1).unwrap_or(text).to_string(),
                        name: text.to_string(),
                        source: Source::Gazetteer,
                        division,
                        attributive: is_attributive(w, doc, end),
                        candidates: c,
                    });
                }
            }
        }
        i = j;
    }
    out
}
