//! Stage 6, assembly: a candidate with its actors becomes events — the
//! CAMEO code its mood and actors make it (intent codes, rioting), the
//! ontology's name, Goldstein score, QuadClass and PLOVER type, the date,
//! and the evidence; one event per source–target pair.

use super::actors::rules::{CandidateCtx, Sides};
use super::means::{self, Means};
use super::record::{Candidate, Mood};
use crate::event::{ActorRef, Event, EventDate, Evidence, Plover};
use crate::lexicon::{Class, Lexicon};
use chrono::NaiveDate;
use dyad_kb::ontology::Ontology;
use dyad_text::Doc;

/// Dates events from the parse; implemented over dyad-time.
pub trait EventDater: Send + Sync {
    /// The date of the event whose trigger is `trigger`.
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

/// The CAMEO code candidate `c` is coded as, or `None` when it is no event
/// (an intent CAMEO has no code for, violence an accident did, or the null
/// code `---`). The weapon sets a generic violent code ([`means`]). A code the
/// ontology does not know (a custom codebook's, such as a PETRARCH
/// dictionary's) is kept, with no name, Goldstein, QuadClass or PLOVER.
pub(crate) fn event_code<'a>(
    lex: &'a Lexicon,
    ontology: &Ontology,
    doc: &Doc,
    c: &Candidate<'a>,
) -> Option<&'a str> {
    let code = match c.mood {
        Mood::Factual => c.pattern.code.as_str(),
        Mood::Intent => announced(lex, &c.pattern.code)?,
    };
    let code = match means::means(lex, doc, c, code) {
        Means::Accident => return None,
        Means::Weapon(w) => w,
        Means::Keep => code,
    };
    let code = if rioting(lex, ontology, doc, c, code) {
        "145"
    } else {
        code
    };
    (code != crate::petrarch::NULL_CODE).then_some(code)
}

/// CAMEO's intent codes for announced events, by the longest matching
/// prefix: "will meet" is 036 (express intent to meet), "will release" 0353,
/// "will boycott" 133 (threaten protest), "will attack" 138. Threats and
/// intents are kept; so are announced verbal acts (statements, appeals,
/// investigations, demands, criticism, rejections), which CAMEO has no
/// intent codes for.
fn announced<'a>(lex: &'a Lexicon, code: &'a str) -> Option<&'a str> {
    // 03 and 13 are already intents and threats: not in the table.
    match lex.map_longest(Class::Intent, code) {
        Some(ic) => Some(ic),
        None if lex.code_under(Class::IntentKept, code) => Some(code),
        None => None,
    }
}

/// Protesters damaging, seizing or attacking are rioting (CAMEO 145):
/// "demonstrators set fire to the building". Bombs, artillery and aircraft
/// are warfare, not a riot: "demonstrators launched missiles".
fn rioting(lex: &Lexicon, ontology: &Ontology, doc: &Doc, c: &Candidate<'_>, code: &str) -> bool {
    let warfare = lex.code_under(Class::Warfare, code);
    let rioters = !warfare
        && !c.sources.is_empty()
        && c.sources
            .iter()
            .all(|&h| lex.has(Class::Protesters, &doc.tokens[h].lemma.to_lowercase()));
    rioters
        && c.mood == Mood::Factual
        && lex.code_under(Class::RiotRoots, code)
        && ontology.event(code).is_some()
}

/// What every event of one candidate shares besides its actors.
pub(crate) struct Header<'a> {
    pub doc_id: &'a str,
    pub story_date: Option<NaiveDate>,
    pub date: EventDate,
    pub ontology: &'a Ontology,
}

/// The events of candidate `cx` with actors `sides`, pushed to `out`.
pub(crate) fn emit(h: &Header<'_>, cx: &CandidateCtx<'_, '_>, sides: Sides, out: &mut Vec<Event>) {
    let (doc, c, sent) = (cx.doc, cx.candidate, cx.sent);
    let p = c.pattern;
    let et = h.ontology.event(cx.code);
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
        doc_id: h.doc_id.to_string(),
        sentence_index: sent.index,
        source: s.clone(),
        target: t.clone(),
        cameo: cx.code.to_string(),
        cameo_name: et.map(|et| et.name.clone()),
        goldstein: et.map(|et| et.goldstein),
        quad_class: et.map(|et| et.quad_class),
        plover: et.and_then(|et| et.plover.as_ref()).map(|pl| Plover {
            event_type: pl.event_type.clone(),
            mode: pl.mode.clone(),
        }),
        story_date: h.story_date,
        date: h.date.clone(),
        evidence: evidence.clone(),
        // Placed after assembly, by the engine's place stage (dyad-geo).
        location: None,
    };
    let Sides { sources, targets } = sides;
    // "Obama and Putin will meet", "Kenya and Uganda agreed to cooperate on
    // security": a reciprocal event with coordinated subjects and no actor
    // as its object links the subjects with each other.
    let resolved_sources = sources.iter().filter(|s| s.code.is_some()).count();
    let no_actor_object = c.targets.is_empty() || targets.iter().all(|t| t.code.is_none());
    if p.recip && no_actor_object && resolved_sources >= 2 {
        for (i, a) in sources.iter().enumerate() {
            for (j, b) in sources.iter().enumerate() {
                if i != j && a.code.is_some() && b.code.is_some() && a.code != b.code {
                    out.push(make(a, &Some(b.clone())));
                }
            }
        }
        return;
    }
    let targets: Vec<Option<ActorRef>> = if targets.is_empty() {
        vec![None]
    } else {
        targets.into_iter().map(Some).collect()
    };
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
            if !has_counterpart(cx, t) || home_travel(cx, s, t) {
                continue;
            }
            out.push(make(s, t));
            // Both directions only for a party the pattern named ("met with
            // X"), not for a place found as a fallback ("met in Geneva").
            if p.recip && !c.targets.is_empty() {
                if let Some(tr) = t.as_ref().filter(|t| t.code.is_some()) {
                    out.push(make(tr, &Some(s.clone())));
                }
            }
        }
    }
}

/// Meeting, praising, cooperating, aiding, investigating and warning are
/// done to someone (`[needs_target]`): with no actor as target ("met
/// European standards", "searched homes", "warned that oil prices …") it is
/// no event.
fn has_counterpart(cx: &CandidateCtx<'_, '_>, t: &Option<ActorRef>) -> bool {
    !cx.actors.lexicon.code_under(Class::NeedsTarget, cx.code)
        || t.as_ref().is_some_and(|t| t.code.is_some())
}

/// A visit is to another country (`[foreign_only]`): a campaign trip to
/// Pennsylvania by a US senator, or an airliner flying home to London, is
/// no diplomatic visit.
fn home_travel(cx: &CandidateCtx<'_, '_>, s: &ActorRef, t: &Option<ActorRef>) -> bool {
    let lex = cx.actors.lexicon;
    fn country<'a>(lex: &Lexicon, a: &'a ActorRef) -> Option<&'a str> {
        a.code.as_deref().and_then(|c| lex.country_of(c))
    }
    lex.code_under(Class::ForeignOnly, cx.code)
        && t.as_ref()
            .is_some_and(|t| country(lex, t).is_some() && country(lex, t) == country(lex, s))
}

/// The same dyad, code and trigger can arise twice (e.g. via two conjunct
/// paths); keeps the first.
pub(crate) fn dedupe(events: &mut Vec<Event>) {
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
}
