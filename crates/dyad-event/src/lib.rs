//! dyad-event: the coded event as a plain value — what `dyad code` prints,
//! one JSON line each, what the store keeps, and what `--events-from`
//! reads back.
//!
//! This crate depends on no NLP crate (only serde and chrono), so that
//! consumers of events — the store, exporters, other tools — compile
//! without the coder and its language model. The coder (`dyad-code`)
//! re-exports these types.
//!
//! # Types
//!
//! - [`Event`]: one coded event — who ([`ActorRef`] source and optional
//!   target) did what (CAMEO code, its name, Goldstein score, QuadClass,
//!   [`Plover`] type), when ([`EventDate`]), where ([`Location`]), and why
//!   it was coded ([`Evidence`], with its [`Mood`]).
//! - Spans are byte offsets `[start, end)` into the article body.
//!
//! # JSON
//!
//! The serde form is the storage and exchange contract: field names and
//! order, `null` for unknowns, and number formatting are exactly what
//! `dyad code` prints, and every line it prints deserializes back into an
//! equal [`Event`] that serializes to the same bytes. One field is not
//! serialized: [`EventDate::start`], derived by whoever reads the value.
//!
//! ```
//! use dyad_event::{ActorRef, Event, EventDate, Evidence, Mood, Plover};
//!
//! let actor = |code: &str, text: &str, span| ActorRef {
//!     code: Some(code.into()),
//!     text: text.into(),
//!     span,
//!     reason: "example".into(),
//! };
//! let event = Event {
//!     doc_id: "a1".into(),
//!     sentence_index: 0,
//!     source: actor("KENGOV", "Kenya", (0, 5)),
//!     target: Some(actor("ETHGOV", "Ethiopia", (10, 18))),
//!     cameo: "040".into(),
//!     cameo_name: Some("Consult, not specified below".into()),
//!     goldstein: Some(1.0),
//!     quad_class: Some(1),
//!     plover: Some(Plover { event_type: "CONSULT".into(), mode: None }),
//!     story_date: chrono::NaiveDate::from_ymd_opt(2024, 3, 15),
//!     date: EventDate {
//!         value: Some("2024-03-14".into()),
//!         precision: Some("day".into()),
//!         start: None,
//!         rule: "story date".into(),
//!         span: None,
//!         lookback: None,
//!     },
//!     evidence: Evidence {
//!         sentence: "Kenya met Ethiopia.".into(),
//!         sentence_span: (0, 19),
//!         trigger_span: (6, 9),
//!         trigger: "met".into(),
//!         pattern: "040 meet recip".into(),
//!         pattern_origin: "patterns.txt:1".into(),
//!         mood: Mood::Factual,
//!     },
//!     location: None,
//! };
//! let json = serde_json::to_string(&event).unwrap();
//! assert!(json.starts_with(r#"{"doc_id":"a1","sentence_index":0,"source":{"code":"KENGOV""#));
//! let back: Event = serde_json::from_str(&json).unwrap();
//! assert_eq!(back, event);
//! assert_eq!(serde_json::to_string(&back).unwrap(), json);
//! ```

#![warn(missing_docs)]

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// One side of an event.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct ActorRef {
    /// Full CAMEO actor code (`RUSGOV`), or null when the phrase is not a known actor.
    pub code: Option<String>,
    /// The phrase as written.
    pub text: String,
    /// Byte span `[start, end)` in the article body.
    // Defaults (here and below) keep hand-written event files that left out
    // explanatory fields readable, as the store's reader always accepted them.
    #[serde(default)]
    pub span: (usize, usize),
    /// Why this code: dictionary entry and date window.
    #[serde(default)]
    pub reason: String,
}

/// PLOVER type and mode.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Plover {
    /// PLOVER event type (`CONSULT`, `COERCE`…).
    #[serde(rename = "type")]
    pub event_type: String,
    /// PLOVER mode (`seize`…); null where the code maps to no mode.
    pub mode: Option<String>,
}

/// When the event happened.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct EventDate {
    /// The date in dyad-time's canonical notation, as precise as the text
    /// says: `2024-03-05`, `2024-W10`, `2024-03`, `2024`, `1990s`, or a range
    /// `START/END`; null when unknown.
    pub value: Option<String>,
    /// `day`, `week`, `month`, `season`, `year`, `decade`…; null when unknown.
    pub precision: Option<String>,
    /// The first day the value covers (used to resolve actors on that date).
    /// Not serialized: it is derived from `value`, so a reader of the JSON
    /// gets `None` and fills it in if it needs it.
    #[serde(skip)]
    pub start: Option<NaiveDate>,
    /// Which rule decided (e.g. `story date`, `temporal modifier of the trigger`).
    #[serde(default)]
    pub rule: String,
    /// The temporal expression's byte span, when one decided.
    pub span: Option<(usize, usize)>,
    /// A look-back duration that locates an earlier event ("the first visit in more than a decade").
    pub lookback: Option<String>,
}

/// How sure the text is that the event happened.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Mood {
    /// Reported as having happened or happening.
    #[default]
    Factual,
    /// Announced, planned or intended ("will visit", "plans to meet").
    Intent,
}

/// Why the event was coded.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(default)]
pub struct Evidence {
    /// The sentence the event was found in.
    pub sentence: String,
    /// Byte span of the sentence in the body.
    pub sentence_span: (usize, usize),
    /// Byte span of the trigger word.
    pub trigger_span: (usize, usize),
    /// The trigger as written (with particle or light-verb object, when part of it).
    pub trigger: String,
    /// The dictionary pattern that fired, e.g. `036 meet prep:with recip`.
    pub pattern: String,
    /// `file:line` of the pattern.
    pub pattern_origin: String,
    /// `factual` or `intent` (announced, planned).
    pub mood: Mood,
}

/// One coded event.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Event {
    /// Id of the article the event was coded from.
    pub doc_id: String,
    /// Index of the sentence in the article, from 0.
    pub sentence_index: usize,
    /// Who acted.
    pub source: ActorRef,
    /// Whom it was done to; null for an event without a target.
    pub target: Option<ActorRef>,
    /// CAMEO event code, leading zeros kept; with a user dictionary that
    /// has its own codebook (e.g. PETRARCH's WEIS-like validation codes),
    /// that codebook's code.
    pub cameo: String,
    /// The ontology's name for the code; null for a code it does not know.
    pub cameo_name: Option<String>,
    /// Goldstein score; null for a code the ontology does not know.
    // Required though nullable (`Option::deserialize` switches off serde's
    // missing-means-None): a line without it is a mistake, not an unknown code.
    #[serde(deserialize_with = "Option::deserialize")]
    pub goldstein: Option<f32>,
    /// QuadClass 1–4; null for a code the ontology does not know.
    #[serde(deserialize_with = "Option::deserialize")]
    pub quad_class: Option<u8>,
    /// PLOVER type; null where PLOVER maps no type or the code is unknown.
    pub plover: Option<Plover>,
    /// The article's story date (`YYYY-MM-DD`); null when it had none.
    pub story_date: Option<NaiveDate>,
    /// When the event happened.
    pub date: EventDate,
    /// Why it was coded.
    #[serde(default)]
    pub evidence: Evidence,
    /// Where it happened; null when the text gives no place (or no
    /// gazetteer is installed). Absent in older event lines, read as null.
    #[serde(default)]
    pub location: Option<Location>,
}

/// Where an event happened: a place of the gazetteer (GeoNames).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Location {
    /// The place's name in the gazetteer (`Kano`, `Georgia`).
    pub name: String,
    /// ISO 3166 alpha-3 code of its country (`NGA`).
    pub country: String,
    /// GeoNames' first-level division of the place, `CC.CODE` (`NG.29`);
    /// null for a country.
    pub adm1: Option<String>,
    /// Latitude, degrees (WGS84).
    pub lat: f64,
    /// Longitude, degrees.
    pub lon: f64,
    /// GeoNames id; null where the gazetteer has none (derived division
    /// records outside the US, regions).
    pub geonames_id: Option<u64>,
    /// `city`, `adm1` or `country`.
    pub precision: String,
    /// Byte span in the article body of the place name that gave it (for
    /// the country of the action, the first place the sentence names; for
    /// the dateline, the dateline's place).
    pub span: (usize, usize),
    /// Which rule placed the event (e.g. `locative modifier of the trigger`).
    #[serde(default)]
    pub rule: String,
}
