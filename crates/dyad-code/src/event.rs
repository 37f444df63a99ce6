//! The coded event: what `dyad code` prints, one JSON line each, and what
//! the store keeps.

use chrono::NaiveDate;
use serde::Serialize;

/// One side of an event.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct ActorRef {
    /// Full CAMEO actor code (`RUSGOV`), or null when the phrase is not a known actor.
    pub code: Option<String>,
    /// The phrase as written.
    pub text: String,
    /// Byte span `[start, end)` in the article body.
    pub span: (usize, usize),
    /// Why this code: dictionary entry and date window.
    pub reason: String,
}

/// PLOVER type and mode.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Plover {
    #[serde(rename = "type")]
    pub event_type: String,
    pub mode: Option<String>,
}

/// When the event happened.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct EventDate {
    /// The date in dyad-time's canonical notation, as precise as the text
    /// says: `2024-03-05`, `2024-W10`, `2024-03`, `2024`, `1990s`, or a range
    /// `START/END`; null when unknown.
    pub value: Option<String>,
    /// `day`, `week`, `month`, `season`, `year`, `decade`…; null when unknown.
    pub precision: Option<String>,
    /// The first day the value covers (used to resolve actors on that date).
    #[serde(skip)]
    pub start: Option<NaiveDate>,
    /// Which rule decided (e.g. `story date`, `temporal modifier of the trigger`).
    pub rule: String,
    /// The temporal expression's byte span, when one decided.
    pub span: Option<(usize, usize)>,
    /// A look-back duration that locates an earlier event ("the first visit in more than a decade").
    pub lookback: Option<String>,
}

/// Why the event was coded.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Evidence {
    pub sentence: String,
    /// Byte span of the sentence in the body.
    pub sentence_span: (usize, usize),
    /// Byte span of the trigger word.
    pub trigger_span: (usize, usize),
    pub trigger: String,
    /// The dictionary pattern that fired, e.g. `036 meet prep:with recip`.
    pub pattern: String,
    /// `file:line` of the pattern.
    pub pattern_origin: String,
    /// `factual` or `intent` (announced, planned).
    pub mood: crate::extract::Mood,
}

/// One coded event.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Event {
    pub doc_id: String,
    pub sentence_index: usize,
    pub source: ActorRef,
    pub target: Option<ActorRef>,
    /// CAMEO event code, leading zeros kept; with a user dictionary that
    /// has its own codebook (e.g. PETRARCH's WEIS-like validation codes),
    /// that codebook's code.
    pub cameo: String,
    /// The ontology's name for the code; null for a code it does not know.
    pub cameo_name: Option<String>,
    /// Goldstein score; null for a code the ontology does not know.
    pub goldstein: Option<f32>,
    /// QuadClass 1–4; null for a code the ontology does not know.
    pub quad_class: Option<u8>,
    /// PLOVER type; null where PLOVER maps no type or the code is unknown.
    pub plover: Option<Plover>,
    pub story_date: Option<NaiveDate>,
    pub date: EventDate,
    pub evidence: Evidence,
}
