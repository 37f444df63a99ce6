//! From a parsed article to coded events: candidates from [`crate::extract`],
//! actor phrases resolved to codes, CAMEO code turned into scores and
//! PLOVER, intent mapped to CAMEO's intent codes, evidence attached.
//!
//! How an argument phrase becomes actors (see [`Coder::resolve_arg`]):
//! 1. Coordinated modifiers make one actor each ("US and British
//!    activists" → US activists, British activists).
//! 2. The phrase itself, then its apposition and `of`/`from` complements
//!    ("the president of Russia", "dissidents from Myanmar").
//! 3. A group noun stands for its members ("hundreds of UN troops").
//! 4. A target that names no actor yields the first actor inside it ("the
//!    sanctions on Iran", "an agreement with the EU").
//! 5. A role without a country ("the government", "insurgents") is coded
//!    `---GOV`, `---REB` as in CAMEO, unless the sentence names exactly one
//!    country that is not the other side's: then it is that country's.

use crate::event::{ActorRef, Event, EventDate, Evidence, Plover};
use crate::extract::{self, Candidate, Fallback, Mood, Trace};
use crate::patterns::PatternSet;
use chrono::NaiveDate;
use dyad_kb::ontology::Ontology;
use dyad_text::Doc;
use std::ops::Range;

// (Kept apart from the imports above, which another change rewrites.)
use crate::lexicon::{Class, Lexicon};

/// An actor phrase resolved to a code.
#[derive(Debug, Clone, PartialEq)]
pub struct ResolvedActor {
    /// A full CAMEO actor code, or `---` + roles when the phrase names a
    /// role but no country ("the police" → `---COP`).
    pub code: String,
    pub reason: String,
}

impl ResolvedActor {
    /// True when the code has a country or organisation, not only roles.
    pub fn is_full(&self) -> bool {
        !self.code.starts_with("---")
    }
}

/// Resolves actor phrases; implemented over dyad-kb's knowledge base, and by
/// small maps in tests.
pub trait ActorResolver: Send + Sync {
    /// The code of `phrase` on `date`, if it names a known actor or role.
    fn resolve(&self, phrase: &str, date: Option<NaiveDate>) -> Option<ResolvedActor>;
}

/// Dates events from the parse; implemented over dyad-time.
pub trait EventDater: Send + Sync {
    fn date(&self, doc: &Doc, trigger: usize, story_date: Option<NaiveDate>) -> EventDate;
}

/// Dates every event by the story date: the fallback when no dater is given.
pub struct StoryDate;

impl EventDater for StoryDate {
    fn date(&self, _doc: &Doc, _trigger: usize, story: Option<NaiveDate>) -> EventDate {
        EventDate {
            value: story.map(|d| d.to_string()),
            precision: story.map(|_| "day".to_string()),
            start: story,
            rule: if story.is_some() {
                "story date"
            } else {
                "unknown"
            }
            .into(),
            span: None,
            lookback: None,
        }
    }
}

/// Everything needed to code a parsed document.
pub struct Coder<'a> {
    pub patterns: &'a PatternSet,
    /// The word classes and CAMEO tables the rules read.
    pub lexicon: &'a crate::lexicon::Lexicon,
    pub ontology: &'a Ontology,
    pub actors: &'a dyn ActorResolver,
    pub dater: &'a dyn EventDater,
}

/// Tokens of the phrase headed by `head`: its left modifiers (compounds,
/// adjectives, possessors, determiners) and a named entity it sits in.
pub fn actor_phrase(doc: &Doc, head: usize) -> Range<usize> {
    let mut start = head;
    for c in doc.children(head) {
        if c < head
            && matches!(
                doc.tokens[c].dep.as_str(),
                "compound" | "amod" | "poss" | "nmod" | "det" | "nummod" | "quantmod" | "npadvmod"
            )
        {
            start = start.min(leftmost(doc, c));
        }
    }
    let mut end = head + 1;
    for e in doc.entities_at(head) {
        start = start.min(e.start);
        end = end.max(e.end);
    }
    start..end
}

fn leftmost(doc: &Doc, i: usize) -> usize {
    let mut m = i;
    for c in doc.children(i) {
        if c < i {
            m = m.min(leftmost(doc, c));
        }
    }
    m
}

fn text_of(doc: &Doc, r: &Range<usize>) -> (String, (usize, usize)) {
    let (s, e) = doc.byte_span(r.clone());
    (doc.text[s..e].to_string(), (s, e))
}

/// How an ethnic group's placing is explained (and recognised as done).
const ETHNIC_PLACED: &str = "an ethnic group placed in";

/// Entity labels that name places or groups with a country.
fn is_country_entity(label: &str) -> bool {
    matches!(label, "GPE" | "NORP")
}

/// One text per coordinated modifier ("US and British activists" → "US
/// activists", "British activists"); the phrase itself when there is none.
fn variant_texts(doc: &Doc, head: usize, range: &Range<usize>) -> Vec<(String, (usize, usize))> {
    let coord = doc.children(head).find(|&c| {
        c < head
            && matches!(doc.tokens[c].dep.as_str(), "amod" | "compound" | "nmod")
            && doc.children(c).any(|g| doc.tokens[g].dep == "conj")
    });
    let Some(c) = coord else {
        // Leading counts say how many, not who: "up to 16 Russian advisers".
        let numbers: Vec<usize> = doc
            .children(head)
            .filter(|&n| n < head && matches!(doc.tokens[n].dep.as_str(), "nummod" | "quantmod"))
            .flat_map(|n| subtree(doc, n))
            .collect();
        // Only a count that opens the phrase (after any determiner) goes.
        let start = match numbers.iter().max() {
            Some(&last)
                if (range.start..last)
                    .all(|t| numbers.contains(&t) || doc.tokens[t].dep == "det") =>
            {
                last + 1
            }
            _ => range.start,
        };
        return vec![text_of(doc, &(start..range.end))];
    };
    let mut members = vec![c];
    let mut i = 0;
    // Bounded by the token count: a malformed tree cannot loop.
    while i < members.len() && members.len() <= doc.tokens.len() {
        let m = members[i];
        members.extend(doc.children(m).filter(|&g| doc.tokens[g].dep == "conj"));
        i += 1;
    }
    let group = subtree(doc, c);
    let span = text_of(doc, range).1;
    members
        .iter()
        .map(|&m| {
            let text = range
                .clone()
                .filter(|&t| t == m || !group.contains(&t))
                .map(|t| doc.token_text(t))
                .collect::<Vec<_>>()
                .join(" ");
            (text, span)
        })
        .collect()
}

/// Token `i` and all its descendants.
fn subtree(doc: &Doc, i: usize) -> Vec<usize> {
    let mut out = vec![i];
    let mut k = 0;
    // Bounded by the token count: a malformed tree cannot loop.
    while k < out.len() && out.len() <= doc.tokens.len() {
        let n = out[k];
        out.extend(doc.children(n));
        k += 1;
    }
    out
}

/// Countries the sentence sets its scene in: places after a locative
/// preposition ("in Kenya") and nationality adjectives ("Kenyan police"),
/// in order of first mention. A country that is only an argument ("help
/// Iran", "China's assistance") does not lend itself to a bare role.
fn sentence_countries(
    doc: &Doc,
    sent: &Range<usize>,
    actors: &dyn ActorResolver,
    lex: &Lexicon,
    date: Option<NaiveDate>,
) -> Vec<SceneCountry> {
    let mut out: Vec<SceneCountry> = Vec::new();
    // "…, relief officials in Nairobi said": where the reporters are is not
    // where the event happened.
    let reporters: Vec<usize> = (sent.start..sent.end)
        .filter(|&v| {
            lex.has(
                Class::SceneReportingVerbs,
                &doc.tokens[v].lemma.to_lowercase(),
            )
        })
        .flat_map(|v| {
            doc.children(v)
                .filter(|&c| doc.tokens[c].dep == "nsubj")
                .flat_map(|c| subtree(doc, c))
                .collect::<Vec<_>>()
        })
        .collect();
    for e in doc.ents_within(sent.clone()) {
        if !is_country_entity(&e.label) {
            continue;
        }
        // The entity's syntactic head: the token whose head lies outside it.
        let Some(h) = (e.start..e.end).find(|&i| {
            let hd = doc.tokens[i].head;
            hd == i || hd < e.start || hd >= e.end
        }) else {
            continue;
        };
        if reporters.contains(&h) {
            continue;
        }
        let tok = &doc.tokens[h];
        let locative_pobj = |i: usize| {
            let t = &doc.tokens[i];
            t.dep == "pobj" && lex.has(Class::LocativePreps, &doc.token_text(t.head).to_lowercase())
        };
        // "near the town of Samarra", "in the city of Aleppo".
        let of_place = || {
            let of = tok.head;
            let noun = doc.tokens[of].head;
            tok.dep == "pobj"
                && doc.token_text(of).eq_ignore_ascii_case("of")
                && lex.has(Class::PlaceNouns, &doc.tokens[noun].lemma.to_lowercase())
                && locative_pobj(noun)
        };
        let locative = locative_pobj(h) || of_place();
        let adjective = e.label == "NORP" && matches!(tok.dep.as_str(), "amod" | "compound");
        if !locative && !adjective {
            continue;
        }
        let (text, _) = text_of(doc, &(e.start..e.end));
        if let Some(r) = actors.resolve(&text, date).filter(ResolvedActor::is_full) {
            let c = r.code.get(..3).unwrap_or("").to_string();
            if c.is_empty() || lex.has(Class::NonCountryActors, &c) {
                continue;
            }
            match out.iter_mut().find(|s| s.code == c) {
                Some(s) => s.locative |= locative,
                None => out.push(SceneCountry { code: c, locative }),
            }
        }
    }
    out
}

/// A country a sentence names as its scene.
#[derive(Debug, Clone, PartialEq)]
struct SceneCountry {
    code: String,
    /// Named as the place ("in Kenya"), not only as an adjective.
    locative: bool,
}

/// The country part of full codes among `refs`.
fn countries_of(refs: &[ActorRef]) -> Vec<String> {
    refs.iter()
        .filter_map(|a| a.code.as_deref())
        .filter(|c| !c.starts_with("---"))
        .filter_map(|c| c.get(..3))
        .map(str::to_string)
        .collect()
}

/// Gives role-only actors (`---GOV`) the sentence's one country that the
/// other side of the event does not have.
fn fill_countries(refs: &mut [ActorRef], other: &[ActorRef], countries: &[SceneCountry]) {
    // A place the event happens in may be both sides' ("police arrested
    // journalists in Kenya"); a nationality adjective of the other side
    // describes only that side ("Kenyan officials accused militants").
    let taken = countries_of(other);
    let places: Vec<&String> = countries
        .iter()
        .filter(|c| c.locative)
        .map(|c| &c.code)
        .collect();
    let free: Vec<&String> = if places.is_empty() {
        countries
            .iter()
            .filter(|c| !taken.contains(&c.code))
            .map(|c| &c.code)
            .collect()
    } else {
        places
    };
    if free.len() != 1 {
        return;
    }
    for a in refs.iter_mut() {
        if let Some(code) = a.code.as_mut().filter(|c| c.starts_with("---")) {
            *code = format!("{}{}", free[0], &code[3..]);
            a.reason = format!(
                "{}; country {} from the sentence (the only place or other nationality it names)",
                a.reason, free[0]
            );
        }
    }
}

/// "Both countries", "the two leaders": the last two countries the article
/// named before the phrase, with the role the noun gives (governments,
/// leaders → GOV). Any other actor is returned as it is.
fn both_of(a: ActorRef, mentions: &[(usize, String)], lex: &Lexicon) -> Vec<ActorRef> {
    if a.code.as_deref().is_some_and(|c| !c.starts_with("---")) {
        return vec![a];
    }
    let lower = a.text.to_lowercase();
    let words: Vec<&str> = lower.split_whitespace().collect();
    let noun = match words.as_slice() {
        ["both", n] | ["both", "the", n] | ["the", "two", n] | ["both", "of", "the", n] => *n,
        _ => return vec![a],
    };
    let role = if lex.has(Class::PairGovernmentNouns, noun) {
        "GOV"
    } else if lex.has(Class::PairCountryNouns, noun) {
        ""
    } else {
        return vec![a];
    };
    let mut pair: Vec<&String> = Vec::new();
    for (_, c) in mentions.iter().rev().filter(|(at, _)| *at < a.span.0) {
        if !pair.contains(&c) {
            pair.push(c);
        }
        if pair.len() == 2 {
            break;
        }
    }
    if pair.len() < 2 {
        return vec![a];
    }
    pair.reverse();
    pair.into_iter()
        .map(|c| ActorRef {
            code: Some(format!("{c}{role}")),
            text: a.text.clone(),
            span: a.span,
            reason: format!(
                "`{}`: {c}, one of the last two countries the article named",
                a.text
            ),
        })
        .collect()
}

/// CAMEO's intent codes for announced events, by the longest matching
/// prefix: "will meet" is 036 (express intent to meet), "will release" 0353,
/// "will boycott" 133 (threaten protest), "will attack" 138.
fn intent_code<'l>(lex: &'l Lexicon, code: &str) -> Option<&'l str> {
    // 03 and 13 are already intents and threats: not in the table.
    lex.map_longest(Class::Intent, code)
}

impl Coder<'_> {
    /// The actors the argument headed by `head` names: one per coordinated
    /// modifier (see the module docs for the order of readings). With
    /// `look_inside`, a phrase that names no actor yields one inside it.
    fn resolve_arg(
        &self,
        doc: &Doc,
        head: usize,
        date: Option<NaiveDate>,
        look_inside: bool,
    ) -> Vec<ActorRef> {
        let range = actor_phrase(doc, head);
        let variants = variant_texts(doc, head, &range);
        let single = variants.len() == 1;
        variants
            .iter()
            .map(|(text, span)| {
                let mut a = self.resolve_one(doc, head, text, *span, date, look_inside, 0);
                // Resolved without a leading count, shown as written.
                if single && a.span == *span {
                    (a.text, a.span) = text_of(doc, &range);
                }
                a
            })
            .collect()
    }

    #[allow(clippy::too_many_arguments)]
    fn resolve_one(
        &self,
        doc: &Doc,
        head: usize,
        text: &str,
        span: (usize, usize),
        date: Option<NaiveDate>,
        look_inside: bool,
        depth: usize,
    ) -> ActorRef {
        let found = |code: String, reason: String| ActorRef {
            code: Some(code),
            text: text.to_string(),
            span,
            reason,
        };
        // "Ethnic Albanians in south Serbia" live in Serbia: an ethnic
        // group takes the country its complement places it in.
        let ethnic = doc
            .children(head)
            .any(|c| c < head && self.lexicon.has(Class::EthnicMarkers, doc.token_text(c)));
        // "The Albanians of southern Serbia": a people written with `of` and
        // a country's place are that country's inhabitants.
        // The head word's own country ("Albanians" → ALB), looked up once.
        let own =
            (depth == 0 && !ethnic && matches!(doc.tokens[head].tag.as_str(), "NNPS" | "NNS"))
                .then(|| self.actors.resolve(doc.token_text(head), date))
                .flatten()
                .filter(|r| r.code.len() == 3 && r.is_full())
                .map(|r| r.code);
        let people_of = own.is_some()
            && doc.children(head).any(|c| {
                doc.tokens[c].dep == "prep" && doc.token_text(c).eq_ignore_ascii_case("of")
            });
        if (ethnic || people_of) && depth == 0 {
            let home = doc
                .children(head)
                .filter(|&c| {
                    doc.tokens[c].dep == "prep"
                        && self
                            .lexicon
                            .has(Class::EthnicHomePreps, &doc.token_text(c).to_lowercase())
                        && (ethnic || doc.token_text(c).eq_ignore_ascii_case("of"))
                })
                .filter_map(|p| doc.children(p).find(|&o| doc.tokens[o].dep == "pobj"))
                .find_map(|o| {
                    let (t2, _) = text_of(doc, &actor_phrase(doc, o));
                    self.actors
                        .resolve(&t2, date)
                        .filter(ResolvedActor::is_full)
                });
            // "the Serbs of Serbia" are just Serbs.
            let home = home.filter(|r| ethnic || r.code.get(..3) != own.as_deref());
            if let Some(r) = home {
                let country = r.code.get(..3).unwrap_or_default().to_string();
                return found(
                    format!("{country}CVL"),
                    format!("{ETHNIC_PLACED} {country}: {}", r.reason),
                );
            }
        }
        let direct = self.actors.resolve(text, date);
        if let Some(r) = direct.clone().filter(ResolvedActor::is_full) {
            // "the Al Qaeda-linked Somali militant group al-Shabab": a named
            // apposition of a common noun says who it is; modifiers only
            // describe it.
            if doc.tokens[head].tag.starts_with("NN") && !doc.tokens[head].tag.starts_with("NNP") {
                let named = doc.children(head).find_map(|c| {
                    let tok = &doc.tokens[c];
                    if !(tok.dep == "appos" && tok.tag.starts_with("NNP")) {
                        return None;
                    }
                    let (t2, _) = text_of(doc, &actor_phrase(doc, c));
                    self.actors
                        .resolve(&t2, date)
                        .filter(ResolvedActor::is_full)
                        .map(|r| (t2, r))
                });
                if let Some((t2, r2)) = named {
                    return found(
                        r2.code,
                        format!("the apposition `{t2}` names it: {}", r2.reason),
                    );
                }
            }
            return found(r.code, r.reason);
        }
        let role_only = direct.is_some();
        // A role a complement gives a head that is no actor: "leaders of
        // the opposition coalition" (---OPP).
        let mut complement_role: Option<ActorRef> = None;
        // Apposition and complements: "Mr. Lavrov, Russia's foreign
        // minister", "the president of Russia", "dissidents from Myanmar".
        for c in doc.children(head) {
            let tok = &doc.tokens[c];
            let (alt, prep) = if tok.dep == "appos" {
                (c, None)
            } else if tok.dep == "prep" {
                let p = doc.token_text(c).to_lowercase();
                let allowed =
                    p == "of" || (role_only && self.lexicon.has(Class::RoleComplementPreps, &p));
                match doc.children(c).find(|&o| doc.tokens[o].dep == "pobj") {
                    Some(o) if allowed => (o, Some(p)),
                    _ => continue,
                }
            } else {
                continue;
            };
            let (t2, _) = text_of(doc, &actor_phrase(doc, alt));
            let joined = prep.as_ref().map(|p| format!("{text} {p} {t2}"));
            let r = joined
                .as_deref()
                .and_then(|j| self.actors.resolve(j, date))
                .filter(ResolvedActor::is_full)
                .or_else(|| {
                    self.actors
                        .resolve(&t2, date)
                        .filter(ResolvedActor::is_full)
                });
            if let Some(r) = r {
                return found(r.code, format!("via `{t2}`: {}", r.reason));
            }
            if direct.is_none() && complement_role.is_none() {
                complement_role = joined
                    .as_deref()
                    .and_then(|j| self.actors.resolve(j, date))
                    .map(|r| found(r.code, format!("via `{t2}`: {}", r.reason)));
            }
        }
        // A group stands for its members: "hundreds of UN troops".
        let tok = &doc.tokens[head];
        if depth < 3
            && (tok.tag == "CD"
                || self
                    .lexicon
                    .has(Class::GroupNouns, &tok.lemma.to_lowercase()))
        {
            let inner = doc
                .children(head)
                .filter(|&c| {
                    doc.tokens[c].dep == "prep" && doc.token_text(c).eq_ignore_ascii_case("of")
                })
                .find_map(|p| doc.children(p).find(|&o| doc.tokens[o].dep == "pobj"));
            if let Some(o) = inner {
                let (t2, s2) = text_of(doc, &actor_phrase(doc, o));
                let a = self.resolve_one(doc, o, &t2, s2, date, false, depth + 1);
                if a.code.is_some() {
                    return a;
                }
            }
        }
        // A target that names no actor: the first actor inside it. So too
        // when only a modifier gave it a role ("all official contact with
        // the United States"): the head noun itself is no actor.
        let head_is_actor = || self.actors.resolve(doc.token_text(head), date).is_some();
        if look_inside && (!role_only || !head_is_actor()) && depth < 3 {
            if let Some(a) = self.find_inside(doc, head, date, depth) {
                return a;
            }
        }
        if let Some(a) = complement_role {
            return a;
        }
        // Last, a role named inside ("demands from Shona rebels": ---REB).
        if look_inside && direct.is_none() && depth == 0 {
            if let Some(a) = self.find_role_inside(doc, head, date) {
                return a;
            }
        }
        match direct {
            Some(r) => found(r.code, r.reason),
            None => ActorRef {
                code: None,
                text: text.to_string(),
                span,
                reason: "not a known actor".into(),
            },
        }
    }

    /// The first actor with a full code named inside the phrase headed by
    /// `head` (not the head itself): objects of its prepositions, of a
    /// participle or relative clause on it ("an attack targeting X").
    fn find_inside(
        &self,
        doc: &Doc,
        head: usize,
        date: Option<NaiveDate>,
        depth: usize,
    ) -> Option<ActorRef> {
        for c in doc.children(head).filter(|&c| c > head) {
            let inner: Vec<usize> = match doc.tokens[c].dep.as_str() {
                "prep"
                    if self
                        .lexicon
                        .has(Class::InnerPreps, &doc.token_text(c).to_lowercase()) =>
                {
                    doc.children(c)
                        .filter(|&o| doc.tokens[o].dep == "pobj")
                        .collect()
                }
                "acl" | "relcl" => doc
                    .children(c)
                    .filter(|&o| matches!(doc.tokens[o].dep.as_str(), "dobj" | "prep"))
                    .flat_map(|o| {
                        if doc.tokens[o].dep == "prep" {
                            doc.children(o)
                                .filter(|&p| doc.tokens[p].dep == "pobj")
                                .collect()
                        } else {
                            vec![o]
                        }
                    })
                    .collect(),
                _ => continue,
            };
            for o in inner {
                let (t2, s2) = text_of(doc, &actor_phrase(doc, o));
                let a = self.resolve_one(doc, o, &t2, s2, date, true, depth + 1);
                if a.code.as_deref().is_some_and(|c| !c.starts_with("---")) {
                    return Some(a);
                }
            }
        }
        None
    }

    /// The first actor with only a role (`---REB`) named by an object of the
    /// prepositions on `head`, for when nothing inside names a full actor.
    fn find_role_inside(
        &self,
        doc: &Doc,
        head: usize,
        date: Option<NaiveDate>,
    ) -> Option<ActorRef> {
        doc.children(head)
            .filter(|&c| {
                c > head
                    && doc.tokens[c].dep == "prep"
                    && self
                        .lexicon
                        .has(Class::InnerPreps, &doc.token_text(c).to_lowercase())
            })
            .flat_map(|c| doc.children(c).filter(|&o| doc.tokens[o].dep == "pobj"))
            .find_map(|o| {
                let (t2, s2) = text_of(doc, &actor_phrase(doc, o));
                let r = self.actors.resolve(&t2, date)?;
                Some(ActorRef {
                    code: Some(r.code),
                    text: t2,
                    span: s2,
                    reason: r.reason,
                })
            })
    }

    /// Code one parsed document. `trace`, when given, collects the reasoning.
    pub fn code_doc(
        &self,
        doc_id: &str,
        doc: &Doc,
        story_date: Option<NaiveDate>,
        mut trace: Option<&mut Trace>,
    ) -> Vec<Event> {
        let mut events = Vec::new();
        // People named so far, in order: "he"/"she" stands for the last.
        let mut people: Vec<(usize, ActorRef)> = Vec::new();
        let mut mentions: Vec<(usize, String)> = Vec::new();
        for (si, sent) in doc.sentences().into_iter().enumerate() {
            let (ss, se) = doc.byte_span(sent.clone());
            let sentence = &doc.text[ss..se];
            let cands = extract::candidates(
                doc,
                sent.clone(),
                self.patterns,
                self.lexicon,
                trace.as_deref_mut(),
            );
            let first_new = people.len();
            // One resolution per named entity: people for "he"/"she", and
            // countries in order of mention for "both countries".
            for e in doc
                .ents_within(sent.clone())
                .filter(|e| matches!(e.label.as_str(), "GPE" | "NORP" | "PERSON" | "ORG"))
            {
                let (text, span) = text_of(doc, &(e.start..e.end));
                let Some(r) = self
                    .actors
                    .resolve(&text, story_date)
                    .filter(ResolvedActor::is_full)
                else {
                    continue;
                };
                if let Some(c) = r
                    .code
                    .get(..3)
                    .filter(|c| !self.lexicon.has(Class::NonCountryActors, c))
                {
                    mentions.push((span.0, c.to_string()));
                }
                if e.label == "PERSON" {
                    people.push((
                        span.0,
                        ActorRef {
                            code: Some(r.code),
                            text,
                            span,
                            reason: r.reason,
                        },
                    ));
                }
            }
            if cands.is_empty() {
                continue;
            }
            let countries = sentence_countries(doc, &sent, self.actors, self.lexicon, story_date);
            for c in cands {
                let ctx = SentenceCtx {
                    index: si,
                    span: (ss, se),
                    text: sentence,
                    countries: &countries,
                    people: &people,
                    first_new_person: first_new,
                    mentions: &mentions,
                };
                self.code_candidate(doc_id, doc, &ctx, story_date, &c, &mut events);
            }
        }
        // The same dyad, code and trigger can arise twice (e.g. via two
        // conjunct paths); keep the first.
        let mut seen = std::collections::HashSet::new();
        events.retain(|e| {
            seen.insert((
                e.sentence_index,
                e.source.code.clone(),
                e.target.as_ref().and_then(|t| t.code.clone()),
                e.cameo.clone(),
                e.evidence.trigger_span,
            ))
        });
        events
    }

    fn code_candidate(
        &self,
        doc_id: &str,
        doc: &Doc,
        sent: &SentenceCtx<'_>,
        story_date: Option<NaiveDate>,
        c: &Candidate<'_>,
        out: &mut Vec<Event>,
    ) {
        let p = c.pattern;
        let code = match c.mood {
            Mood::Factual => p.code.as_str(),
            Mood::Intent => match intent_code(self.lexicon, &p.code) {
                Some(ic) => ic,
                // Threats and intents are kept; so are announced verbal acts
                // (statements, appeals, investigations, demands, criticism,
                // rejections), which CAMEO has no intent codes for.
                None if self.lexicon.code_under(Class::IntentKept, &p.code) => p.code.as_str(),
                None => return,
            },
        };
        // Protesters damaging, seizing or attacking are rioting (CAMEO 145):
        // "demonstrators set fire to the building". Bombs, artillery and
        // aircraft are warfare, not a riot: "demonstrators launched missiles".
        let lex = self.lexicon;
        let warfare = lex.code_under(Class::Warfare, code);
        let rioters = !warfare
            && !c.sources.is_empty()
            && c.sources
                .iter()
                .all(|&h| lex.has(Class::Protesters, &doc.tokens[h].lemma.to_lowercase()));
        let code = if rioters
            && c.mood == Mood::Factual
            && lex.code_under(Class::RiotRoots, code)
            && self.ontology.event(code).is_some()
        {
            "145"
        } else {
            code
        };
        // A code the ontology does not know (a custom codebook's, such as a
        // PETRARCH dictionary's) is kept, with no name, Goldstein, QuadClass
        // or PLOVER; the null code `---` marks a configuration that is no event.
        if code == crate::petrarch::NULL_CODE {
            return;
        }
        let et = self.ontology.event(code);
        let date = self.dater.date(doc, c.trigger, story_date);
        // Actors are looked up on the first day the event's date covers.
        let when = date.start.or(story_date);
        let mut sources: Vec<ActorRef> = c
            .sources
            .iter()
            .flat_map(|&h| self.resolve_arg(doc, h, when, false))
            .collect();
        let mut target_refs: Vec<ActorRef> = c
            .targets
            .iter()
            .flat_map(|&h| self.resolve_arg(doc, h, when, true))
            .collect();
        let full = |a: &ActorRef| a.code.as_deref().is_some_and(|c| !c.starts_with("---"));
        // A role-only target ("mobilized army reservists") may be the
        // source's own; a fallback that names a full actor wins over it.
        // A target the pattern's slots named keeps its role ("arrested
        // journalists in Kenya": KENJRN, not Kenya); one naming no actor
        // ("cut off electricity to X") gives way to the fallbacks.
        let slot_named = !c.targets.is_empty() && target_refs.iter().any(|a| a.code.is_some());
        if !target_refs.iter().any(full) && !slot_named {
            // Fallbacks are resolved in order, stopping at the first naming a
            // full actor; a source never becomes its own target.
            let source_codes: Vec<Option<String>> =
                sources.iter().map(|a| a.code.clone()).collect();
            let mut first_role: Option<Vec<ActorRef>> = None;
            let mut found: Option<Vec<ActorRef>> = None;
            for f in &c.fallbacks {
                let refs: Vec<ActorRef> = match *f {
                    Fallback::Phrase(n) => self.resolve_arg(doc, n, when, true),
                    Fallback::Inside(n) => self.find_inside(doc, n, when, 0).into_iter().collect(),
                }
                .into_iter()
                .filter(|a| !source_codes.contains(&a.code))
                .collect();
                if refs.iter().any(full) {
                    found = Some(refs);
                    break;
                }
                if first_role.is_none() && refs.iter().any(|a| a.code.is_some()) {
                    first_role = Some(refs);
                }
            }
            // Else the first naming a role ("wounding five civilians" →
            // ---CVL), when the pattern's own slots gave nothing.
            if found.is_none() && target_refs.iter().all(|a| a.code.is_none()) {
                found = first_role;
            }
            if let Some(found) = found {
                target_refs = found;
            }
        }
        // "Three civilians were killed in a car bombing": violence with a
        // named victim but no named perpetrator is coded with CAMEO's
        // unidentified armed forces, which may take the scene's country.
        let violent = lex.code_under(Class::Violent, code) && !p.noun && c.mood == Mood::Factual;
        // Only when no one is named at all, or the subject is the weapon or
        // the attack itself ("a roadside bomb killed …").
        let unnamed_source = c.sources.iter().all(|&h| {
            let lemma = doc.tokens[h].lemma.to_lowercase();
            lex.has(Class::Instruments, &lemma)
        });
        if violent
            && unnamed_source
            && sources.iter().all(|s| s.code.is_none())
            && target_refs.iter().any(full)
        {
            let (ts, te) = (doc.tokens[c.trigger].start, doc.tokens[c.trigger].end);
            let unnamed = ActorRef {
                code: Some("---UAF".into()),
                text: String::new(),
                span: (ts, te),
                reason: "no perpetrator named: unidentified armed forces (UAF)".into(),
            };
            sources = match sources.first() {
                Some(s) => vec![ActorRef {
                    text: s.text.clone(),
                    span: s.span,
                    ..unnamed
                }],
                None => vec![unnamed],
            };
        }
        // "He said …" in a later sentence: the last person named before it.
        for a in sources.iter_mut().chain(target_refs.iter_mut()) {
            if a.code.is_none() && lex.has(Class::PersonPronouns, &a.text.to_lowercase()) {
                let before = sent.people[..sent.first_new_person]
                    .iter()
                    .chain(
                        sent.people[sent.first_new_person..]
                            .iter()
                            .filter(|(at, _)| *at < a.span.0),
                    )
                    .next_back();
                if let Some((_, p)) = before {
                    a.code = p.code.clone();
                    a.reason = format!(
                        "`{}` = {}, the last person named before it: {}",
                        a.text, p.text, p.reason
                    );
                }
            }
        }
        // "Ethnic Albanians demonstrated in Serbia": an ethnic group with no
        // home of its own in the phrase lives where the sentence is set.
        let places: Vec<&str> = sent
            .countries
            .iter()
            .filter(|c| c.locative)
            .map(|c| c.code.as_str())
            .collect();
        if let [place] = places.as_slice() {
            for a in sources.iter_mut().chain(target_refs.iter_mut()) {
                let ethnic = a
                    .text
                    .split_whitespace()
                    .any(|w| lex.has(Class::EthnicMarkers, w));
                if ethnic && !a.reason.starts_with(ETHNIC_PLACED) && a.code.is_some() {
                    a.code = Some(format!("{place}CVL"));
                    a.reason = format!(
                        "{ETHNIC_PLACED} {place}, where the sentence is set: {}",
                        a.reason
                    );
                }
            }
        }
        sources = sources
            .into_iter()
            .flat_map(|a| both_of(a, sent.mentions, lex))
            .collect();
        target_refs = target_refs
            .into_iter()
            .flat_map(|a| both_of(a, sent.mentions, lex))
            .collect();
        // Each side is judged against the other as written, before either
        // borrowed a country.
        let sources_as_written = sources.clone();
        fill_countries(&mut sources, &target_refs, sent.countries);
        fill_countries(&mut target_refs, &sources_as_written, sent.countries);
        // A protest, or a curfew or restriction imposed or lifted, with no
        // one named as its target is aimed at the actor's own state and
        // people ("Algerian landowners began a hunger strike").
        let domestic = lex.code_under(Class::Domestic, code);
        if domestic && !target_refs.iter().any(full) {
            let home = sources
                .iter()
                .filter_map(|s| s.code.as_deref())
                .filter(|c| !c.starts_with("---"))
                .filter_map(|c| c.get(..3))
                .find(|c| !lex.has(Class::NonCountryActors, c))
                .map(str::to_string);
            if let Some(home) = home {
                let (ts, te) = (doc.tokens[c.trigger].start, doc.tokens[c.trigger].end);
                let why = format!(
                    "no target named: a domestic action is aimed at its own country {home}"
                );
                if target_refs.is_empty() || target_refs.iter().all(|a| a.code.is_none()) {
                    target_refs = vec![ActorRef {
                        code: Some(home),
                        text: String::new(),
                        span: (ts, te),
                        reason: why,
                    }];
                } else {
                    for a in &mut target_refs {
                        if let Some(code) = a.code.as_mut().filter(|c| c.starts_with("---")) {
                            *code = format!("{home}{}", &code[3..]);
                            a.reason = format!("{}; {why}", a.reason);
                        }
                    }
                }
            }
        }
        let targets: Vec<Option<ActorRef>> = if target_refs.is_empty() {
            vec![None]
        } else {
            target_refs.into_iter().map(Some).collect()
        };
        let tt = &doc.tokens[c.trigger];
        let evidence = Evidence {
            sentence: sent.text.to_string(),
            sentence_span: sent.span,
            trigger_span: (tt.start, tt.end),
            trigger: doc.token_text(c.trigger).to_string(),
            pattern: p.id(),
            pattern_origin: p.origin.clone(),
            mood: c.mood,
        };
        let make = |s: &ActorRef, t: &Option<ActorRef>| Event {
            doc_id: doc_id.to_string(),
            sentence_index: sent.index,
            source: s.clone(),
            target: t.clone(),
            cameo: code.to_string(),
            cameo_name: et.map(|et| et.name.clone()),
            goldstein: et.map(|et| et.goldstein),
            quad_class: et.map(|et| et.quad_class),
            plover: et.and_then(|et| et.plover.as_ref()).map(|pl| Plover {
                event_type: pl.event_type.clone(),
                mode: pl.mode.clone(),
            }),
            story_date,
            date: date.clone(),
            evidence: evidence.clone(),
        };
        // "Obama and Putin will meet": a reciprocal event with coordinated
        // subjects and no object links the subjects with each other.
        let resolved_sources = sources.iter().filter(|s| s.code.is_some()).count();
        if p.recip && c.targets.is_empty() && resolved_sources >= 2 {
            for (i, a) in sources.iter().enumerate() {
                for (j, b) in sources.iter().enumerate() {
                    if i != j && a.code.is_some() && b.code.is_some() && a.code != b.code {
                        out.push(make(a, &Some(b.clone())));
                    }
                }
            }
            return;
        }
        for s in &sources {
            if s.code.is_none() {
                continue; // no known actor as source: not an event dyad can code
            }
            for t in &targets {
                if let Some(t) = t {
                    if t.code == s.code {
                        continue;
                    }
                }
                out.push(make(s, t));
                // Both directions only for a party the pattern named ("met
                // with X"), not for a place found as a fallback ("met in
                // Geneva").
                if p.recip && !c.targets.is_empty() {
                    if let Some(tr) = t.as_ref().filter(|t| t.code.is_some()) {
                        out.push(make(tr, &Some(s.clone())));
                    }
                }
            }
        }
    }
}

/// The sentence a candidate is in.
struct SentenceCtx<'s> {
    index: usize,
    span: (usize, usize),
    text: &'s str,
    /// Countries the sentence names ([`sentence_countries`]).
    countries: &'s [SceneCountry],
    /// People the article has named up to the end of this sentence, with
    /// the byte offset of each mention, in order.
    people: &'s [(usize, ActorRef)],
    /// Index in `people` of the first one named in this sentence.
    first_new_person: usize,
    /// Countries the article has named up to the end of this sentence
    /// (byte offset, country), in order.
    mentions: &'s [(usize, String)],
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::doc_from_spec;

    /// A resolver over a fixed phrase → code map.
    struct Map(&'static [(&'static str, &'static str)]);

    impl ActorResolver for Map {
        fn resolve(&self, phrase: &str, _date: Option<NaiveDate>) -> Option<ResolvedActor> {
            self.0
                .iter()
                .find(|(k, _)| k.eq_ignore_ascii_case(phrase))
                .map(|(_, c)| ResolvedActor {
                    code: c.to_string(),
                    reason: "test map".into(),
                })
        }
    }

    /// (source, target, code) of the events coded from a token spec.
    fn code(
        spec: &str,
        patterns: &str,
        map: &'static [(&'static str, &'static str)],
        gpe: &[usize],
    ) -> Vec<(String, Option<String>, String)> {
        let mut doc = doc_from_spec(spec);
        for &i in gpe {
            doc.ents.push(dyad_text::Entity {
                start: i,
                end: i + 1,
                label: "GPE".into(),
            });
        }
        let mut pats = PatternSet::default();
        pats.add_source("t", patterns, &|_| true).unwrap();
        let coder = Coder {
            patterns: &pats,
            lexicon: &Lexicon::builtin().unwrap(),
            ontology: Ontology::builtin(),
            actors: &Map(map),
            dater: &StoryDate,
        };
        coder
            .code_doc("d", &doc, None, None)
            .into_iter()
            .map(|e| {
                (
                    e.source.code.unwrap_or_default(),
                    e.target.and_then(|t| t.code),
                    e.cameo,
                )
            })
            .collect()
    }

    #[test]
    fn coordinated_modifiers_make_one_actor_each_and_a_place_is_a_target() {
        let evs = code(
            "US/NNP/US/amod/3 and/CC/and/cc/0 British/JJ/british/conj/0 activists/NNS/activist/nsubj/4 protested/VBD/protest/ROOT/4 in/IN/in/prep/4 Beijing/NNP/Beijing/pobj/5",
            "141 protest notarget\n",
            &[("US activists", "USAOPP"), ("British activists", "GBROPP"), ("Beijing", "CHNGOV")],
            &[6],
        );
        assert_eq!(
            evs,
            vec![
                ("USAOPP".into(), Some("CHNGOV".into()), "141".into()),
                ("GBROPP".into(), Some("CHNGOV".into()), "141".into()),
            ]
        );
    }

    #[test]
    fn roles_take_the_sentences_only_other_country() {
        // "Police arrested journalists in Kenya": both are Kenyan.
        let evs = code(
            "Police/NNS/police/nsubj/1 arrested/VBD/arrest/ROOT/1 journalists/NNS/journalist/dobj/1 in/IN/in/prep/1 Kenya/NNP/Kenya/pobj/3",
            "173 arrest\n",
            &[("Police", "---COP"), ("journalists", "---JRN"), ("Kenya", "KEN")],
            &[4],
        );
        assert_eq!(
            evs,
            vec![("KENCOP".into(), Some("KENJRN".into()), "173".into())]
        );
        // "The government criticised China": China is the target, so the
        // government is not China's.
        let evs = code(
            "The/DT/the/det/1 government/NN/government/nsubj/2 criticised/VBD/criticise/ROOT/2 China/NNP/China/dobj/2",
            "111 criticise\n",
            &[("The government", "---GOV"), ("China", "CHN")],
            &[3],
        );
        assert_eq!(
            evs,
            vec![("---GOV".into(), Some("CHN".into()), "111".into())]
        );
    }

    #[test]
    fn a_group_stands_for_its_members_and_a_target_is_found_inside_an_object() {
        let evs = code(
            "Hundreds/NNS/hundred/nsubj/4 of/IN/of/prep/0 UN/NNP/UN/compound/3 troops/NNS/troop/pobj/1 withdrew/VBD/withdraw/ROOT/4",
            "080 withdraw notarget\n",
            &[("UN troops", "IGOUNOMIL")],
            &[],
        );
        assert_eq!(evs, vec![("IGOUNOMIL".into(), None, "080".into())]);
        let evs = code(
            "Obama/NNP/Obama/nsubj/1 lifted/VBD/lift/ROOT/1 sanctions/NNS/sanction/dobj/1 on/IN/on/prep/2 Iran/NNP/Iran/pobj/3",
            "085 lift obj:sanction\n",
            &[("Obama", "USAGOV"), ("Iran", "IRN")],
            &[4],
        );
        assert_eq!(
            evs,
            vec![("USAGOV".into(), Some("IRN".into()), "085".into())]
        );
    }

    #[test]
    fn a_protest_without_a_target_is_aimed_at_the_protesters_own_state() {
        let evs = code(
            "Algerian/JJ/algerian/amod/1 landowners/NNS/landowner/nsubj/2 began/VBD/begin/ROOT/2 a/DT/a/det/4 strike/NN/strike/dobj/2",
            "143 begin obj:strike\n",
            &[("Algerian landowners", "DZACVL")],
            &[],
        );
        assert_eq!(
            evs,
            vec![("DZACVL".into(), Some("DZA".into()), "143".into())]
        );
    }

    #[test]
    fn the_other_sides_nationality_is_not_lent_and_counts_are_not_names() {
        // "Kenyan officials blamed militants": the militants' country is unknown.
        let mut doc_spec = "Kenyan/JJ/kenyan/amod/1 officials/NNS/official/nsubj/2 blamed/VBD/blame/ROOT/2 militants/NNS/militant/dobj/2";
        let evs = code(
            doc_spec,
            "112 blame\n",
            &[
                ("Kenyan officials", "KENGOV"),
                ("militants", "---REB"),
                ("Kenyan", "KEN"),
            ],
            &[],
        );
        assert_eq!(
            evs,
            vec![("KENGOV".into(), Some("---REB".into()), "112".into())]
        );
        // "Rebels kidnapped 16 Russian advisers": resolved without the count.
        doc_spec = "Rebels/NNS/rebel/nsubj/1 kidnapped/VBD/kidnap/ROOT/1 16/CD/16/nummod/4 Russian/JJ/russian/amod/4 advisers/NNS/adviser/dobj/1";
        let evs = code(
            doc_spec,
            "181 kidnap\n",
            &[("Rebels", "---REB"), ("Russian advisers", "RUS")],
            &[],
        );
        assert_eq!(
            evs,
            vec![("---REB".into(), Some("RUS".into()), "181".into())]
        );
    }

    #[test]
    fn he_in_a_later_sentence_is_the_last_person_named() {
        let mut doc = doc_from_spec(
            "Putin/NNP/Putin/nsubj/1 arrived/VBD/arrive/ROOT/1 ./././punct/1 He/PRP/he/nsubj/4 praised/VBD/praise/ROOT/4 Xi/NNP/Xi/dobj/4",
        );
        doc.tokens[3].sent_start = true;
        for i in [0, 5] {
            doc.ents.push(dyad_text::Entity {
                start: i,
                end: i + 1,
                label: "PERSON".into(),
            });
        }
        let mut pats = PatternSet::default();
        pats.add_source("t", "051 praise\n", &|_| true).unwrap();
        let coder = Coder {
            patterns: &pats,
            lexicon: &Lexicon::builtin().unwrap(),
            ontology: Ontology::builtin(),
            actors: &Map(&[("Putin", "RUSGOV"), ("Xi", "CHNGOV")]),
            dater: &StoryDate,
        };
        let evs = coder.code_doc("d", &doc, None, None);
        assert_eq!(evs.len(), 1);
        assert_eq!(evs[0].source.code.as_deref(), Some("RUSGOV"));
        assert_eq!(
            evs[0].target.as_ref().and_then(|t| t.code.as_deref()),
            Some("CHNGOV")
        );
        assert!(
            evs[0].source.reason.contains("last person named"),
            "{}",
            evs[0].source.reason
        );
    }

    #[test]
    fn both_countries_are_the_last_two_the_article_named() {
        let lex = Lexicon::builtin().unwrap();
        let mentions = vec![
            (0, "KEN".to_string()),
            (10, "ETH".to_string()),
            (20, "KEN".to_string()),
        ];
        let a = |text: &str, at: usize| ActorRef {
            code: None,
            text: text.into(),
            span: (at, at + text.len()),
            reason: String::new(),
        };
        let codes = |refs: Vec<ActorRef>| refs.into_iter().map(|r| r.code).collect::<Vec<_>>();
        assert_eq!(
            codes(both_of(a("both governments", 30), &mentions, &lex)),
            [Some("ETHGOV".to_string()), Some("KENGOV".to_string())]
        );
        assert_eq!(
            codes(both_of(a("the two countries", 30), &mentions, &lex)),
            [Some("ETH".to_string()), Some("KEN".to_string())]
        );
        // A role the resolver gave is no obstacle: `---GOV` becomes both.
        let mut role = a("both governments", 30);
        role.code = Some("---GOV".into());
        assert_eq!(both_of(role, &mentions, &lex).len(), 2);
        // Only countries named before the phrase count; one is not a pair.
        assert_eq!(codes(both_of(a("both sides", 5), &mentions, &lex)), [None]);
        assert_eq!(
            codes(both_of(a("both reports", 30), &mentions, &lex)),
            [None]
        );
    }

    #[test]
    fn a_role_named_in_a_complement_or_inside_the_object_is_used() {
        // "Leaders of the opposition agreed to talks": ---OPP via `of`.
        let evs = code(
            "Leaders/NNS/leader/nsubj/4 of/IN/of/prep/0 the/DT/the/det/3 opposition/NN/opposition/pobj/1 agreed/VBD/agree/ROOT/4",
            "030 agree notarget\n",
            &[("the opposition", "---OPP"), ("Leaders of the opposition", "---OPP")],
            &[],
        );
        assert_eq!(evs, vec![("---OPP".into(), None, "030".into())]);
        // "The government accepted demands from rebels": the rebels, though
        // only a role, are the target; a full actor inside would win.
        let spec = "The/DT/the/det/1 government/NN/government/nsubj/2 accepted/VBD/accept/ROOT/2 demands/NNS/demand/dobj/2 from/IN/from/prep/3 rebels/NNS/rebel/pobj/4";
        let evs = code(
            spec,
            "080 accept obj:demand\n",
            &[("The government", "KENGOV"), ("rebels", "---REB")],
            &[],
        );
        assert_eq!(
            evs,
            vec![("KENGOV".into(), Some("---REB".into()), "080".into())]
        );
    }

    #[test]
    fn a_relation_partner_and_a_dated_preposition() {
        // "Russia closed its borders with Iran": the partner is the target.
        let evs = code(
            "Russia/NNP/Russia/nsubj/1 closed/VBD/close/ROOT/1 its/PRP$/its/poss/3 borders/NNS/border/dobj/1 with/IN/with/prep/1 Iran/NNP/Iran/pobj/4",
            "191 close obj:border\n",
            &[("Russia", "RUS"), ("Iran", "IRN")],
            &[0, 5],
        );
        assert_eq!(evs, vec![("RUS".into(), Some("IRN".into()), "191".into())]);
        // "Tutu called on Sunday for sanctions": Sunday is when, not whom.
        let evs = code(
            "Tutu/NNP/Tutu/nsubj/1 called/VBD/call/ROOT/1 on/IN/on/prep/1 Sunday/NNP/Sunday/pobj/2 for/IN/for/prep/1 sanctions/NNS/sanction/pobj/4 against/IN/against/prep/5 Nigeria/NNP/Nigeria/pobj/6",
            "020 call prep:on\n020 call prep:for\n",
            &[("Tutu", "ZAFELI"), ("Nigeria", "NGA")],
            &[7],
        );
        assert_eq!(
            evs,
            vec![("ZAFELI".into(), Some("NGA".into()), "020".into())]
        );
    }

    #[test]
    fn protesters_damaging_property_are_rioting() {
        let spec = "Protesters/NNS/protester/nsubj/1 burned/VBD/burn/ROOT/1 the/DT/the/det/3 embassy/NN/embassy/dobj/1";
        let map: &[(&str, &str)] = &[("Protesters", "LBNOPP"), ("the embassy", "DNKGOV")];
        assert_eq!(
            code(spec, "1712 burn\n", map, &[]),
            vec![("LBNOPP".into(), Some("DNKGOV".into()), "145".into())]
        );
        // Soldiers burning it is destruction of property.
        let spec = "Soldiers/NNS/soldier/nsubj/1 burned/VBD/burn/ROOT/1 the/DT/the/det/3 embassy/NN/embassy/dobj/1";
        let map: &[(&str, &str)] = &[("Soldiers", "LBNMIL"), ("the embassy", "DNKGOV")];
        assert_eq!(
            code(spec, "1712 burn\n", map, &[]),
            vec![("LBNMIL".into(), Some("DNKGOV".into()), "1712".into())]
        );
        // Demonstrators firing missiles are fighting, not rioting.
        let spec = "Demonstrators/NNS/demonstrator/nsubj/1 launched/VBD/launch/ROOT/1 missiles/NNS/missile/dobj/1 at/IN/at/prep/1 the/DT/the/det/5 government/NN/government/pobj/3";
        let map: &[(&str, &str)] = &[("Demonstrators", "GEOOPP"), ("the government", "GEOGOV")];
        assert_eq!(
            code(spec, "194 launch obj:missile prep:at\n", map, &[]),
            vec![("GEOOPP".into(), Some("GEOGOV".into()), "194".into())]
        );
    }

    #[test]
    fn an_ethnic_group_lives_where_the_sentence_is_set() {
        let evs = code(
            "Ethnic/JJ/ethnic/amod/1 Albanians/NNPS/Albanians/nsubj/2 demonstrated/VBD/demonstrate/ROOT/2 in/IN/in/prep/2 Serbia/NNP/Serbia/pobj/3",
            "141 demonstrate notarget\n",
            &[("Ethnic Albanians", "ALB"), ("Serbia", "SRB")],
            &[4],
        );
        assert_eq!(
            evs,
            vec![("SRBCVL".into(), Some("SRB".into()), "141".into())]
        );
    }

    #[test]
    fn a_people_of_a_foreign_place_are_its_inhabitants() {
        // "The Albanians of southern Serbia demanded autonomy from the
        // authorities": Serbian civilians, not Albania.
        let spec = "The/DT/the/det/1 Albanians/NNPS/Albanians/nsubj/5 of/IN/of/prep/1 southern/JJ/southern/amod/4 Serbia/NNP/Serbia/pobj/2 demanded/VBD/demand/ROOT/5 autonomy/NN/autonomy/dobj/5 from/IN/from/prep/5 the/DT/the/det/9 authorities/NNS/authority/pobj/7";
        let map: &[(&str, &str)] = &[
            ("Albanians", "ALB"),
            ("The Albanians of southern Serbia", "ALB"),
            ("southern Serbia", "SRB"),
            ("the authorities", "SRBGOV"),
        ];
        assert_eq!(
            code(spec, "1044 demand obj:autonomy prep:from\n", map, &[4]),
            vec![("SRBCVL".into(), Some("SRBGOV".into()), "1044".into())]
        );
        // "The Serbs of Serbia" stay Serbs, with no role added.
        let spec = "The/DT/the/det/1 Serbs/NNPS/Serbs/nsubj/5 of/IN/of/prep/1 southern/JJ/southern/amod/4 Serbia/NNP/Serbia/pobj/2 demanded/VBD/demand/ROOT/5 autonomy/NN/autonomy/dobj/5 from/IN/from/prep/5 the/DT/the/det/9 authorities/NNS/authority/pobj/7";
        let map: &[(&str, &str)] = &[
            ("Serbs", "SRB"),
            ("The Serbs of southern Serbia", "SRB"),
            ("southern Serbia", "SRB"),
            ("the authorities", "SRBGOV"),
        ];
        assert_eq!(
            code(spec, "1044 demand obj:autonomy prep:from\n", map, &[4]),
            vec![("SRB".into(), Some("SRBGOV".into()), "1044".into())]
        );
    }

    #[test]
    fn a_province_named_by_a_country_is_a_place_target() {
        // "Serbia eased measures in Montenegro province".
        let evs = code(
            "Serbia/NNP/Serbia/nsubj/1 eased/VBD/ease/ROOT/1 measures/NNS/measure/dobj/1 in/IN/in/prep/1 Montenegro/NNP/Montenegro/compound/5 province/NN/province/pobj/3",
            "081 ease obj:measure\n",
            &[("Serbia", "SRB"), ("Montenegro province", "MNE"), ("Montenegro", "MNE")],
            &[0, 4],
        );
        assert_eq!(evs, vec![("SRB".into(), Some("MNE".into()), "081".into())]);
    }

    #[test]
    fn the_town_of_x_sets_the_scene_for_an_unnamed_attacker() {
        let evs = code(
            "A/DT/a/det/1 bomb/NN/bomb/nsubj/2 killed/VBD/kill/ROOT/2 soldiers/NNS/soldier/dobj/2 near/IN/near/prep/2 the/DT/the/det/6 town/NN/town/pobj/4 of/IN/of/prep/6 Samarra/NNP/Samarra/pobj/7",
            "190 kill\n",
            &[("soldiers", "USAMIL"), ("Samarra", "IRQ")],
            &[8],
        );
        assert_eq!(
            evs,
            vec![("IRQUAF".into(), Some("USAMIL".into()), "190".into())]
        );
    }

    #[test]
    fn a_slot_target_naming_no_actor_gives_way_to_a_fallback() {
        let evs = code(
            "Iran/NNP/Iran/nsubj/1 threatened/VBD/threaten/ROOT/1 to/TO/to/aux/3 cut/VB/cut/xcomp/1 electricity/NN/electricity/dobj/3 to/IN/to/prep/3 Nakhichevan/NNP/Nakhichevan/pobj/5",
            "1313 threaten xcomp:cut\n",
            &[("Iran", "IRN"), ("Nakhichevan", "AZE")],
            &[0, 6],
        );
        assert_eq!(evs, vec![("IRN".into(), Some("AZE".into()), "1313".into())]);
    }

    /// `spec` written `copies` times as consecutive sentences (heads and
    /// entity tokens shifted), so each copy sits far from the document's start.
    fn repeated(spec: &str, copies: usize, gpe: &[usize]) -> (String, Vec<usize>) {
        let len = spec.split_whitespace().count();
        let mut items = Vec::new();
        let mut ents = Vec::new();
        for k in 0..copies {
            for item in spec.split_whitespace() {
                let (rest, head) = item.rsplit_once('/').expect("token spec");
                let head: usize = head.parse().expect("head index");
                items.push(format!("{rest}/{}", head + k * len));
            }
            ents.extend(gpe.iter().map(|&i| i + k * len));
        }
        (items.join(" "), ents)
    }

    #[test]
    fn every_sentence_of_a_long_document_is_coded_as_it_is_alone() {
        // Sentence-bounded entity lookups and the child index must find each
        // copy's own words, however far into the document it is.
        let one = "US/NNP/US/amod/3 and/CC/and/cc/0 British/JJ/british/conj/0 activists/NNS/activist/nsubj/4 protested/VBD/protest/ROOT/4 in/IN/in/prep/4 Beijing/NNP/Beijing/pobj/5 ./././punct/4";
        let map: &[(&str, &str)] = &[
            ("US activists", "USAOPP"),
            ("British activists", "GBROPP"),
            ("Beijing", "CHNGOV"),
        ];
        let alone = code(one, "141 protest notarget\n", map, &[6]);
        assert_eq!(alone.len(), 2);
        let copies = 300;
        let (spec, gpe) = repeated(one, copies, &[6]);
        let mut doc = doc_from_spec(&spec);
        let len = one.split_whitespace().count();
        for k in 0..copies {
            doc.tokens[k * len].sent_start = true;
        }
        for i in gpe {
            doc.ents.push(dyad_text::Entity {
                start: i,
                end: i + 1,
                label: "GPE".into(),
            });
        }
        let mut pats = PatternSet::default();
        pats.add_source("t", "141 protest notarget\n", &|_| true)
            .unwrap();
        let coder = Coder {
            patterns: &pats,
            lexicon: &Lexicon::builtin().unwrap(),
            ontology: Ontology::builtin(),
            actors: &Map(map),
            dater: &StoryDate,
        };
        let events = coder.code_doc("d", &doc, None, None);
        let got: Vec<(usize, String, Option<String>, String)> = events
            .into_iter()
            .map(|e| {
                (
                    e.sentence_index,
                    e.source.code.unwrap_or_default(),
                    e.target.and_then(|t| t.code),
                    e.cameo,
                )
            })
            .collect();
        let want: Vec<(usize, String, Option<String>, String)> = (0..copies)
            .flat_map(|k| {
                alone
                    .iter()
                    .map(move |(s, t, c)| (k, s.clone(), t.clone(), c.clone()))
            })
            .collect();
        assert_eq!(got, want);
    }
}
