//! From a parsed article to coded events: candidates from [`crate::extract`],
//! actor phrases resolved to codes, CAMEO code turned into scores and
//! PLOVER, intent mapped to CAMEO's intent codes, evidence attached.

use crate::event::{ActorRef, Event, EventDate, Evidence, Plover};
use crate::extract::{self, Candidate, Mood, Trace};
use crate::patterns::PatternSet;
use chrono::NaiveDate;
use dyad_kb::ontology::Ontology;
use dyad_text::Doc;
use std::ops::Range;

/// An actor phrase resolved to a code.
#[derive(Debug, Clone, PartialEq)]
pub struct ResolvedActor {
    pub code: String,
    pub reason: String,
}

/// Resolves actor phrases; implemented over dyad-kb's knowledge base, and by
/// small maps in tests.
pub trait ActorResolver: Send + Sync {
    /// The code of `phrase` on `date`, if it names a known actor. With
    /// `context` (its sentence), a phrase that names only a role ("the
    /// president") may take its country from the context.
    fn resolve(
        &self,
        phrase: &str,
        context: Option<&str>,
        date: Option<NaiveDate>,
    ) -> Option<ResolvedActor>;
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
    for e in &doc.ents {
        if e.start <= head && head < e.end {
            start = start.min(e.start);
            end = end.max(e.end);
        }
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

/// CAMEO's intent codes for announced events, by root: "will meet" is 036
/// (express intent to meet), "will attack" 138 (threaten military force).
fn intent_code(code: &str) -> Option<&'static str> {
    Some(match code.get(..2)? {
        "04" => "036",
        "05" => "032",
        "06" => "031",
        "07" => "033",
        "08" => "034",
        "03" | "13" => return None, // already an intent/threat code: keep it
        "15" | "18" | "19" | "20" => "138",
        "16" => "131",
        "17" => "137",
        _ => return None,
    })
}

impl Coder<'_> {
    /// Resolve the phrase headed by `head`, trying the phrase itself, then
    /// its apposition ("Mr. Lavrov, Russia's foreign minister,") and an
    /// "of" complement ("the president of Russia").
    fn resolve_head(
        &self,
        doc: &Doc,
        head: usize,
        sentence: &str,
        date: Option<NaiveDate>,
    ) -> ActorRef {
        let range = actor_phrase(doc, head);
        let (text, span) = text_of(doc, &range);
        if let Some(r) = self.actors.resolve(&text, None, date) {
            return ActorRef {
                code: Some(r.code),
                text,
                span,
                reason: r.reason,
            };
        }
        let extra = doc
            .children(head)
            .filter(|&c| doc.tokens[c].dep == "appos")
            .chain(
                doc.children(head)
                    .filter(|&c| {
                        doc.tokens[c].dep == "prep" && doc.token_text(c).eq_ignore_ascii_case("of")
                    })
                    .flat_map(|p| {
                        doc.children(p)
                            .filter(|&o| doc.tokens[o].dep == "pobj")
                            .collect::<Vec<_>>()
                    }),
            );
        for alt in extra.collect::<Vec<_>>() {
            let r2 = actor_phrase(doc, alt);
            let (t2, _) = text_of(doc, &r2);
            if let Some(r) = self
                .actors
                .resolve(&format!("{text} of {t2}"), None, date)
                .or_else(|| self.actors.resolve(&t2, None, date))
            {
                return ActorRef {
                    code: Some(r.code),
                    text,
                    span,
                    reason: format!("via `{t2}`: {}", r.reason),
                };
            }
        }
        // Last, a bare role ("the president") takes the sentence's country.
        if let Some(r) = self.actors.resolve(&text, Some(sentence), date) {
            return ActorRef {
                code: Some(r.code),
                text,
                span,
                reason: format!("country from the sentence: {}", r.reason),
            };
        }
        ActorRef {
            code: None,
            text,
            span,
            reason: "not a known actor".into(),
        }
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
        for (si, sent) in doc.sentences().into_iter().enumerate() {
            let (ss, se) = doc.byte_span(sent.clone());
            let sentence = &doc.text[ss..se];
            for c in extract::candidates(doc, sent.clone(), self.patterns, trace.as_deref_mut()) {
                self.code_candidate(
                    doc_id,
                    doc,
                    si,
                    (ss, se),
                    sentence,
                    story_date,
                    &c,
                    &mut events,
                );
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

    #[allow(clippy::too_many_arguments)]
    fn code_candidate(
        &self,
        doc_id: &str,
        doc: &Doc,
        si: usize,
        sent_span: (usize, usize),
        sentence: &str,
        story_date: Option<NaiveDate>,
        c: &Candidate<'_>,
        out: &mut Vec<Event>,
    ) {
        let p = c.pattern;
        let code = match c.mood {
            Mood::Factual => p.code.as_str(),
            Mood::Intent => match intent_code(&p.code) {
                Some(ic) => ic,
                None if p.code.starts_with("03") || p.code.starts_with("13") => p.code.as_str(),
                None => return,
            },
        };
        let Some(et) = self.ontology.event(code) else {
            return;
        };
        let date = self.dater.date(doc, c.trigger, story_date);
        let when = date
            .value
            .as_deref()
            .and_then(|v| NaiveDate::parse_from_str(&format!("{v}-01-01")[..10], "%Y-%m-%d").ok())
            .or(story_date);
        let sources: Vec<ActorRef> = c
            .sources
            .iter()
            .map(|&h| self.resolve_head(doc, h, sentence, when))
            .collect();
        let targets: Vec<Option<ActorRef>> = if c.targets.is_empty() {
            vec![None]
        } else {
            c.targets
                .iter()
                .map(|&h| Some(self.resolve_head(doc, h, sentence, when)))
                .collect()
        };
        let tt = &doc.tokens[c.trigger];
        let evidence = Evidence {
            sentence: sentence.to_string(),
            sentence_span: sent_span,
            trigger_span: (tt.start, tt.end),
            trigger: doc.token_text(c.trigger).to_string(),
            pattern: p.id(),
            pattern_origin: p.origin.clone(),
            mood: c.mood,
        };
        let make = |s: &ActorRef, t: &Option<ActorRef>| Event {
            doc_id: doc_id.to_string(),
            sentence_index: si,
            source: s.clone(),
            target: t.clone(),
            cameo: et.code.clone(),
            cameo_name: et.name.clone(),
            goldstein: et.goldstein,
            quad_class: et.quad_class,
            plover: et.plover.as_ref().map(|pl| Plover {
                event_type: pl.event_type.clone(),
                mode: pl.mode.clone(),
            }),
            story_date,
            date: date.clone(),
            evidence: evidence.clone(),
        };
        // "Obama and Putin will meet": a reciprocal event with coordinated
        // subjects and no object links the subjects with each other.
        if p.recip && c.targets.is_empty() && sources.len() >= 2 {
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
                if p.recip {
                    if let Some(tr) = t.as_ref().filter(|t| t.code.is_some()) {
                        out.push(make(tr, &Some(s.clone())));
                    }
                }
            }
        }
    }
}
