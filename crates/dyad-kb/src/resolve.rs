//! Actor resolution: a phrase ("Syria's air defences", "his Qatari
//! counterpart", "former President X") and a date → a CAMEO actor code with
//! the reason.
//!
//! How a phrase is read:
//! 1. It is normalised into tokens ([`crate::norm`]) and searched for the
//!    longest dictionary matches.
//! 2. `and` outside a match joins coordinated actors ("France and Germany"):
//!    each is resolved and listed in `members`. Commas outside a match start
//!    appositions ("FSB, Russia's security service"), which fill in what the
//!    first part lacks.
//! 3. The first preposition outside a match (of, in, to, at, …) ends the
//!    head; the part after it gives only a country, and roles if the head has
//!    none ("Muslim leaders in France", "Legislative body of … Iran").
//! 4. In the head, a person wins over an organisation, which wins over a
//!    country; agent words add roles, the last one first (the English head
//!    noun: "opposition lawmaker" → LEG, OPP); a capital alone means the
//!    government; "former", "ex-", "retired" make the actor an elite (ELI).
//! 5. With no country yet, the `context` sentence is resolved for one.

use std::collections::HashMap;

use serde::Serialize;

use crate::date::Date;
use crate::dict::{EntryKind, Form, Hit};
use crate::kb::{KnowledgeBase, Match};
use crate::norm::{self, Tok};

/// Words that make an actor a former office-holder (ELI).
const FORMER: &[&str] = &[
    "former",
    "ex",
    "retired",
    "erstwhile",
    "onetime",
    "late",
    "deposed",
    "ousted",
];
/// Honorifics and other words that may stand before a surname.
const HONORIFICS: &[&str] = &[
    "mr", "mrs", "ms", "miss", "mister", "dr", "sir", "dame", "madam", "lord", "lady", "the", "'s",
    ",",
];
/// Agent words that, capitalised after a place's name, end that name
/// instead: "Borno State", "West Darfur State" are places, not governments.
const PLACE_SUFFIXES: &[&str] = &["state", "province", "region", "governorate", "municipality"];
/// Words that end the head of a phrase when outside a dictionary match.
const PREPOSITIONS: &[&str] = &[
    "of", "in", "at", "to", "for", "from", "across", "near", "on", "inside", "within", "based",
    "with", "by", "under", "over",
];

/// Another reading of a phrase.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Alternative {
    /// The code of that reading.
    pub code: Option<String>,
    /// Why it was not chosen / where it comes from.
    pub reason: String,
}

/// The result of resolving an actor phrase.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Resolution {
    /// The phrase as given.
    pub text: String,
    /// Full CAMEO actor code ("DEUGOV"); `None` when no country or actor is known.
    pub code: Option<String>,
    /// The country (or region, or `IGO`) part of the code.
    pub country: Option<String>,
    /// Role segments of the code (GOV, MIL, …), or roles found without a country.
    pub roles: Vec<String>,
    /// Other readings (ambiguous names, further windows).
    pub alternatives: Vec<Alternative>,
    /// Which entries, files, lines and date windows gave the code.
    pub reason: String,
    /// Byte span in `text` of the match that decided the actor.
    pub span: Option<(usize, usize)>,
    /// Coordinated actors ("France and Germany"), each resolved; the fields
    /// above then describe the first.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub members: Vec<Resolution>,
}

/// What an article has mentioned so far, so that "Merkel" after "Angela
/// Merkel" means the same person. Pass the same value for every mention of
/// one article.
#[derive(Clone, Debug, Default)]
pub struct ArticleContext {
    surnames: HashMap<String, u32>,
    undated: bool,
    /// When the article was written: "former" is true as of this date.
    story_date: Option<Date>,
}

impl ArticleContext {
    /// An empty memory (start of an article).
    pub fn new() -> Self {
        Self::default()
    }

    /// Marks the date being resolved on as a stand-in (the article has no
    /// date): a title written before a person's name then says which office
    /// they held when it was written ("President Bill Clinton" is USAGOV,
    /// not a former president).
    pub fn set_undated(&mut self, undated: bool) {
        self.undated = undated;
    }

    /// The article's story date. "Former" is written as of it: for an event
    /// dated before it, a person who then held the office is coded with
    /// that office ("since his conversation with former Chancellor Olaf
    /// Scholz in November" of the year before is DEUGOV).
    pub fn set_story_date(&mut self, story_date: Option<Date>) {
        self.story_date = story_date;
    }

    /// Remembers a person entry by its surname keys (those the dictionary
    /// indexes: "xi" for Xi Jinping, not "jinping").
    fn remember(&mut self, kb: &KnowledgeBase, id: u32) {
        for k in &kb.entry(id).surnames {
            self.surnames.insert(k.clone(), id);
        }
    }

    fn recall(&self, key: &str) -> Option<u32> {
        self.surnames.get(key).copied()
    }
}

/// One interpreted match.
#[derive(Clone, Debug)]
struct Reading {
    kind: EntryKind,
    form: Form,
    /// Full code for entities, role segments for agents.
    code: Option<String>,
    reason: String,
    span: (usize, usize),
    alternatives: Vec<Alternative>,
}

impl KnowledgeBase {
    /// Resolves an actor phrase on a date; `context` (a sentence) may supply
    /// the country when the phrase has none.
    pub fn resolve(&self, phrase: &str, context: Option<&str>, date: Date) -> Resolution {
        self.resolve_in(phrase, context, date, &mut ArticleContext::new())
    }

    /// As [`KnowledgeBase::resolve`], remembering and using the people an
    /// article has already named.
    pub fn resolve_in(
        &self,
        phrase: &str,
        context: Option<&str>,
        date: Date,
        article: &mut ArticleContext,
    ) -> Resolution {
        let toks = without_stances(phrase, norm::tokenize(phrase));
        let mut res = Resolution {
            text: phrase.to_string(),
            ..Default::default()
        };
        let whole = toks
            .iter()
            .map(|t| t.norm.as_str())
            .collect::<Vec<_>>()
            .join(" ");
        if let Some((file, line)) = self.discard(&whole) {
            res.reason = format!("discarded: not an actor ({file}:{line})");
            return res;
        }
        let matches = self.find_in(&toks);
        let inside = |i: usize| matches.iter().any(|m| m.start <= i && i < m.end);

        // Coordination: split on free "and" (and on commas of the same list).
        let ands: Vec<usize> = (0..toks.len())
            .filter(|&i| toks[i].norm == "and" && !inside(i))
            .collect();
        if !ands.is_empty() {
            let cuts: Vec<usize> = (0..toks.len())
                .filter(|&i| (toks[i].norm == "and" || toks[i].norm == ",") && !inside(i))
                .collect();
            let parts = split_at(&toks, &cuts);
            let members: Vec<Resolution> = parts
                .iter()
                .filter(|p| !p.is_empty())
                .map(|p| self.resolve_part(phrase, p, context, date, article))
                .collect();
            if members.len() >= 2
                && members
                    .iter()
                    .all(|m| m.code.is_some() || m.country.is_some())
            {
                let mut first = members[0].clone();
                first.reason = format!(
                    "coordination of {} actors; first: {}",
                    members.len(),
                    first.reason
                );
                first.text = phrase.to_string();
                first.members = members;
                return first;
            }
        }
        let mut r = self.resolve_part(phrase, &toks, context, date, article);
        r.text = phrase.to_string();
        r
    }

    /// Resolves tokens without coordination: appositions, head and tail.
    fn resolve_part(
        &self,
        phrase: &str,
        toks: &[Tok],
        context: Option<&str>,
        date: Date,
        article: &mut ArticleContext,
    ) -> Resolution {
        let matches = self.find_in(toks);
        let inside = |i: usize| matches.iter().any(|m| m.start <= i && i < m.end);
        let commas: Vec<usize> = (0..toks.len())
            .filter(|&i| toks[i].norm == "," && !inside(i))
            .collect();
        let parts = split_at(toks, &commas);
        let mut res = Resolution {
            text: phrase.to_string(),
            ..Default::default()
        };
        let mut first = true;
        for part in parts.iter().filter(|p| !p.is_empty()) {
            let r = self.resolve_simple(part, date, article);
            if first {
                res = r;
                first = false;
                continue;
            }
            // An apposition fills in what the first part lacks.
            if res.code.is_none() && r.code.is_some() {
                let roles = std::mem::take(&mut res.roles);
                let why = std::mem::take(&mut res.reason);
                res = Resolution {
                    reason: format!("{why}; apposition: {}", r.reason),
                    ..r
                };
                if res.roles.is_empty() && !roles.is_empty() {
                    let country = res.country.clone();
                    self.set_code(&mut res, country, roles);
                }
            } else if res.country.is_none() && r.country.is_some() {
                let roles = res.roles.clone();
                res.reason = format!("{}; country from apposition: {}", res.reason, r.reason);
                self.set_code(&mut res, r.country.clone(), roles);
            }
        }
        if res.country.is_none() {
            if let Some(ctx) = context.filter(|c| !c.trim().is_empty()) {
                let c = self.resolve(ctx, None, date);
                if let Some(country) = c
                    .country
                    .clone()
                    .or_else(|| c.members.first().and_then(|m| m.country.clone()))
                {
                    let roles = res.roles.clone();
                    res.reason = format!(
                        "{}; country {country} from context ({})",
                        res.reason, c.reason
                    );
                    self.set_code(&mut res, Some(country), roles);
                }
            }
        }
        if res.code.is_none() && res.roles.is_empty() && res.reason.is_empty() {
            res.reason = "no dictionary entry matched: unknown actor".into();
        }
        // The text of this part (a coordinated member's own words).
        if let (Some(a), Some(b)) = (toks.first(), toks.last()) {
            res.text = phrase.get(a.start..b.end).unwrap_or(phrase).to_string();
        }
        res
    }

    /// Sets code, country and roles from a country and roles.
    fn set_code(&self, res: &mut Resolution, country: Option<String>, roles: Vec<String>) {
        res.code = country.as_ref().map(|c| format!("{c}{}", roles.concat()));
        res.country = country;
        res.roles = roles;
    }

    /// Reads one match: chooses among its hits and finds the code on `date`.
    fn read(
        &self,
        m: &Match,
        all: &[Match],
        toks: &[Tok],
        date: Date,
        article: &mut ArticleContext,
    ) -> Option<Reading> {
        let in_other = |i: usize| all.iter().any(|o| o.start <= i && i < o.end);
        let span = (toks[m.start].start, toks[m.end - 1].end);
        // A name written next to other capitalised words that no entry explains
        // is part of a longer name: "Jam Kamal Khan" is not "Khan", "Juan Carlos
        // Jobet" is not "Juan Carlos", "Feliciano Valencia" is not Valencia.
        let stray = |i: usize| {
            let t = &toks[i];
            // "A" is the article far more often than an initial.
            !t.lowercase
                && t.norm != "a"
                && !HONORIFICS.contains(&t.norm.as_str())
                && !FORMER.contains(&t.norm.as_str())
                && !t.norm.bytes().all(|b| b.is_ascii_digit())
        };
        let before = m
            .start
            .checked_sub(1)
            .filter(|&i| !in_other(i))
            .is_some_and(stray);
        let after = (m.end < toks.len() && !in_other(m.end)) && stray(m.end);
        let ends_place_name = m.end - m.start == 1
            && !toks[m.start].lowercase
            && PLACE_SUFFIXES.contains(&toks[m.start].norm.as_str())
            && m.start > 0
            && all.iter().any(|o| {
                o.end == m.start
                    && o.hits
                        .iter()
                        .any(|h| matches!(h.form, Form::Place | Form::Name))
            });
        // "Montenegro Municipality Association (AKK)": a bracketed word
        // after a capitalised name abbreviates that name, even when it is
        // also a person's initials, unless the name before is that person.
        let abbreviates_other = |entry: u32| {
            toks[m.start..m.end].iter().all(|t| t.bracketed)
                && m.start > 0
                && !toks[m.start - 1].bracketed
                && !toks[m.start - 1].lowercase
                && !all
                    .iter()
                    .any(|o| o.end == m.start && o.hits.iter().any(|h| h.entry == entry))
        };
        let mut hits: Vec<Hit> = m.hits.clone();
        hits.retain(|h| match h.form {
            Form::Surname => !before && !after && !toks[m.start..m.end].iter().all(|t| t.lowercase),
            Form::Place => !before,
            Form::Name => {
                // People's names are written capitalised: "car-borne" is not Ms Borne.
                let e = self.entry(h.entry);
                !(e.kind == EntryKind::Person
                    && (after
                        || toks[m.start..m.end].iter().all(|t| t.lowercase)
                        || abbreviates_other(h.entry)))
            }
            Form::Agent => !ends_place_name,
            _ => true,
        });
        if hits.is_empty() {
            return None;
        }
        if hits.iter().all(|h| h.form == Form::Discard) {
            return None;
        }
        // Prefer names over capitals over places over surnames over agents.
        hits.sort_by_key(|h| h.form);
        let best_form = hits[0].form;
        let mut cands: Vec<Hit> = hits
            .iter()
            .copied()
            .filter(|h| h.form == best_form)
            .collect();
        let mut note = String::new();
        if best_form == Form::Surname {
            if let Some(id) = article.recall(&m.key) {
                if let Some(h) = cands.iter().find(|h| h.entry == id) {
                    cands = vec![*h];
                    note = " (named earlier in the article)".into();
                }
            }
        }
        // Among several entries, those holding a code on the date come first.
        cands.sort_by_key(|h| !self.code_at(h.entry, date).current);
        let h = cands[0];
        let e = self.entry(h.entry);
        let mut at = self.code_at(h.entry, date);
        if article.undated && e.kind == EntryKind::Person {
            if let Some(titled) = self.titled_window(h.entry, &toks[..m.start]) {
                // "President Laurent Gbagbo", now an opposition leader.
                if !(at.current && at.code == titled.code) {
                    at = titled;
                }
            }
        }
        if e.kind == EntryKind::Person && h.form == Form::Name {
            article.remember(self, h.entry);
        }
        let mut alternatives: Vec<Alternative> = at
            .also
            .iter()
            .map(|c| Alternative {
                code: Some(c.clone()),
                reason: format!("{:?} also holds {c} on {date}", e.name),
            })
            .collect();
        for o in cands
            .iter()
            .skip(1)
            .chain(hits.iter().filter(|x| x.form != best_form))
        {
            let oe = self.entry(o.entry);
            let oat = self.code_at(o.entry, date);
            alternatives.push(Alternative {
                code: if oe.kind == EntryKind::Agent {
                    None
                } else {
                    oat.code.clone()
                },
                reason: format!(
                    "{:?} as {:?} of {:?} ({}:{})",
                    m.key, o.form, oe.name, oe.file, o.line
                ),
            });
        }
        let form = match h.form {
            Form::Name => "name",
            Form::Capital => "capital",
            Form::Place => "place",
            Form::Surname => "surname",
            Form::Agent => "agent",
            Form::Discard => "discard",
        };
        Some(Reading {
            kind: e.kind,
            form: h.form,
            code: at.code.clone(),
            reason: format!(
                "{:?} is the {form} of {:?} ({}:{}){note}: {}",
                &m.key, e.name, e.file, h.line, at.why
            ),
            span,
            alternatives,
        })
    }

    /// In an undated article, the window whose office is the title written
    /// just before the name ("President", "Prime Minister"), unless the
    /// phrase says "former".
    fn titled_window(&self, id: u32, before: &[Tok]) -> Option<crate::kb::CodeAt> {
        let words: Vec<&str> = before.iter().map(|t| t.norm.as_str()).collect();
        if words.iter().any(|w| FORMER.contains(w)) {
            return None;
        }
        let e = self.entry(id);
        let w = e
            .windows
            .iter()
            .filter(|w| w.code != "---")
            .filter_map(|w| {
                let label = norm::tokenize(&w.label);
                let n = label.len();
                (n > 0
                    && n <= words.len()
                    && label
                        .iter()
                        .zip(&words[words.len() - n..])
                        .all(|(l, w)| l.norm == *w))
                .then_some((n, w))
            })
            .max_by_key(|(n, _)| *n)?
            .1;
        Some(crate::kb::CodeAt {
            code: Some(w.code.clone()),
            why: format!(
                "the article has no date and the title {:?} names the office of window {} (line {})",
                w.label, w.code, w.line
            ),
            current: true,
            also: Vec::new(),
        })
    }

    /// Resolves a phrase without commas or coordination.
    fn resolve_simple(&self, toks: &[Tok], date: Date, article: &mut ArticleContext) -> Resolution {
        let matches = self.find_in(toks);
        let inside = |i: usize| matches.iter().any(|m| m.start <= i && i < m.end);
        let split = (0..toks.len())
            .find(|&i| PREPOSITIONS.contains(&toks[i].norm.as_str()) && !inside(i) && i > 0)
            .unwrap_or(toks.len());
        let former = (0..split).any(|i| FORMER.contains(&toks[i].norm.as_str()) && !inside(i));
        let mut head = Vec::new();
        let mut tail = Vec::new();
        for m in &matches {
            if let Some(r) = self.read(m, &matches, toks, date, article) {
                if m.start < split {
                    head.push(r);
                } else {
                    tail.push(r);
                }
            }
        }
        let mut res = Resolution::default();
        let mut reasons = Vec::new();

        let agents = |rs: &[Reading]| -> Vec<String> {
            // The last agent is the head noun: its roles come first.
            let mut roles: Vec<String> = Vec::new();
            for r in rs.iter().rev().filter(|r| r.kind == EntryKind::Agent) {
                for seg in r.code.as_deref().unwrap_or("").as_bytes().chunks(3) {
                    let s = String::from_utf8_lossy(seg).to_string();
                    if s.len() == 3 && !roles.contains(&s) {
                        roles.push(s);
                    }
                }
            }
            roles
        };
        let principal = |rs: &[Reading]| -> Option<Reading> {
            let pick = |k: EntryKind| {
                rs.iter()
                    .rev()
                    .find(|r| r.kind == k && r.code.is_some())
                    .cloned()
            };
            pick(EntryKind::Person)
                .or_else(|| pick(EntryKind::Organisation))
                .or_else(|| {
                    rs.iter()
                        .find(|r| r.kind == EntryKind::Country && r.code.is_some())
                        .cloned()
                })
        };
        let mut roles = agents(&head);
        let mut base = principal(&head);
        for r in head.iter().filter(|r| r.kind == EntryKind::Agent) {
            reasons.push(r.reason.clone());
        }
        if roles.is_empty() {
            let tail_roles = agents(&tail);
            if !tail_roles.is_empty() && base.as_ref().is_none_or(|b| b.kind == EntryKind::Country)
            {
                for r in tail.iter().filter(|r| r.kind == EntryKind::Agent) {
                    reasons.push(format!("after the head: {}", r.reason));
                }
                roles = tail_roles;
            }
        }
        let mut from_tail = false;
        if base.is_none() {
            base = principal(&tail);
            from_tail = base.is_some();
        }
        let Some(base) = base else {
            // Roles without a country (or nothing at all).
            if former {
                roles = vec!["ELI".into()];
                reasons.push("\"former\": elite (ELI)".into());
            }
            res.roles = roles;
            res.reason = if reasons.is_empty() {
                String::new()
            } else {
                format!("{}; no country", reasons.join("; "))
            };
            return res;
        };
        let code = base.code.clone().unwrap_or_default();
        let parts = self.ontology().parse_actor_code(&code);
        let country = parts.country.clone().unwrap_or_default();
        res.span = Some(base.span);
        res.alternatives = base.alternatives.clone();
        reasons.insert(0, base.reason.clone());
        let mut final_code = if from_tail && base.kind == EntryKind::Organisation {
            // "president of the Riigikogu": the body's code, with the head's roles after its own.
            reasons[0] = format!("body named after the head: {}", base.reason);
            let mut c = code.clone();
            for r in &roles {
                if !parts.segments.contains(r) {
                    c.push_str(r);
                }
            }
            c
        } else if from_tail {
            // After a preposition an actor gives only its country ("leaders in France").
            let c = if parts.segments.first().is_some_and(|s| s == "IGO") {
                code.clone()
            } else {
                country.clone()
            };
            reasons[0] = format!("country from after the head: {}", base.reason);
            format!("{c}{}", roles.concat())
        } else {
            match base.kind {
                EntryKind::Person => code.clone(),
                EntryKind::Organisation => {
                    let mut c = code.clone();
                    for r in &roles {
                        if !parts.segments.contains(r) {
                            c.push_str(r);
                        }
                    }
                    c
                }
                _ => {
                    if roles.is_empty() && base.form == Form::Capital {
                        reasons.push(
                            "a capital or seat of power alone stands for the government (GOV)"
                                .into(),
                        );
                        format!("{code}GOV")
                    } else {
                        format!("{code}{}", roles.concat())
                    }
                }
            }
        };
        let in_office_then = former
            && base.kind == EntryKind::Person
            && article.story_date.is_some_and(|s| date < s)
            && !final_code.ends_with("ELI");
        if in_office_then {
            reasons.push(format!(
                "\"former\" as of the story date; on the event's date {date} the office was held"
            ));
        } else if former && !final_code.ends_with("ELI") {
            let c = final_code.get(..3).unwrap_or("").to_string();
            let keep_igo = if c == "IGO" {
                final_code.get(3..6).unwrap_or("").to_string()
            } else {
                String::new()
            };
            final_code = format!("{c}{keep_igo}ELI");
            reasons.push("\"former\": elite (ELI)".into());
        }
        let p = self.ontology().parse_actor_code(&final_code);
        res.country = p.country;
        res.roles = p.roles;
        if res.roles.is_empty() && !roles.is_empty() && base.kind == EntryKind::Person {
            // The person's own code stands; the title's roles are only noted.
            reasons.push(format!(
                "title roles {} not added to a person's code",
                roles.concat()
            ));
        }
        res.code = Some(final_code);
        res.reason = reasons.join("; ");
        res
    }
}

/// Splits tokens at the given cut indices (the cut tokens are dropped).
fn split_at<'a>(toks: &'a [Tok], cuts: &[usize]) -> Vec<&'a [Tok]> {
    let mut out = Vec::new();
    let mut from = 0;
    for &c in cuts {
        out.push(&toks[from..c]);
        from = c + 1;
    }
    out.push(&toks[from.min(toks.len())..]);
    out
}

/// Drops "pro-X" and "anti-X": a stance names who an actor is for or
/// against, not who it is ("pro-Russia rebels" are not Russian,
/// "pro-government militias" are no government).
fn without_stances(phrase: &str, toks: Vec<Tok>) -> Vec<Tok> {
    let mut out = Vec::with_capacity(toks.len());
    let mut i = 0;
    while i < toks.len() {
        let stance = matches!(toks[i].norm.as_str(), "pro" | "anti")
            && toks
                .get(i + 1)
                .is_some_and(|n| phrase.get(toks[i].end..n.start) == Some("-"));
        if stance {
            i += 2;
            continue;
        }
        out.push(toks[i].clone());
        i += 1;
    }
    out
}
