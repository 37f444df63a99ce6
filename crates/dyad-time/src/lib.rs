//! dyad-time: temporal expressions in news English, normalised against the
//! story date, and attached to events.
//!
//! [`find_expressions`] recognises and normalises expressions in plain text
//! ("last Tuesday", "in March of the previous year", "for the first time in
//! 12 years"); [`date_event`] picks the expression that governs an event
//! trigger in a parsed [`dyad_text::Doc`] and falls back to the story date.
//!
//! # Types
//!
//! - [`TimeExpr`]: one expression — its byte span, [`Kind`] (point, range
//!   or duration), normalised [`Value`] (first and last day, a
//!   [`Duration`], or unresolved without a story date), [`Precision`] (a
//!   calendar [`Unit`]) and the rule that found it. [`format_value`] writes
//!   values in dyad's canonical notation (`2024-03`, `>P10Y`).
//! - [`EventDate`]: an event's date — the value, the deciding expression,
//!   the [`Attachment`] that says how it was found (the trigger, its clause,
//!   a governing clause, or the story date), and any look-back or duration.
//!   [`EventDating`] dates many triggers of one document, indexing it once.
//!
//! Dates are never invented: an expression that cannot be resolved stays
//! [`Value::Unresolved`], and an event with no expression and no story date
//! is [`Attachment::Undated`]. Recognition runs in time linear in the text.
//!
//! ```
//! use dyad_time::{find_expressions, format_value, Date, Tense};
//!
//! let story: Date = "2024-03-07".parse().unwrap(); // a Thursday
//! let text = "Police said on Tuesday they arrested 20 people last month.";
//! let found: Vec<String> = find_expressions(text, Some(story), Tense::Past)
//!     .iter()
//!     .map(|e| format!("{} = {}", &text[e.start..e.end], format_value(e.kind, &e.value, e.precision)))
//!     .collect();
//! assert_eq!(found, ["Tuesday = 2024-03-05", "last month = 2024-02"]);
//!
//! // No story date: relative expressions stay unresolved.
//! let e = &find_expressions("It happened yesterday.", None, Tense::Past)[0];
//! assert_eq!(format_value(e.kind, &e.value, e.precision), "?");
//! ```
//!
//! Dating an event needs the parse; here the same sentence built by hand
//! (`dyad-text` fills these fields from text):
//!
//! ```
//! use dyad_text::{Doc, Token};
//! use dyad_time::{Attachment, EventDating};
//!
//! // (word, tag, head, dep)
//! let parse = [
//!     ("Police", "NNS", 1, "nsubj"), ("said", "VBD", 1, "ROOT"),
//!     ("on", "IN", 1, "prep"), ("Tuesday", "NNP", 2, "pobj"),
//!     ("they", "PRP", 5, "nsubj"), ("arrested", "VBD", 1, "ccomp"),
//!     ("20", "CD", 7, "nummod"), ("people", "NNS", 5, "dobj"),
//!     ("last", "JJ", 9, "amod"), ("month", "NN", 5, "npadvmod"),
//!     (".", ".", 1, "punct"),
//! ];
//! let mut doc = Doc::default();
//! for (k, (word, tag, head, dep)) in parse.into_iter().enumerate() {
//!     if k > 0 {
//!         doc.text.push(' ');
//!     }
//!     let start = doc.text.len();
//!     doc.text.push_str(word);
//!     doc.tokens.push(Token {
//!         start, end: doc.text.len(), head, sent_start: k == 0,
//!         tag: tag.into(), dep: dep.into(), ..Token::default()
//!     });
//! }
//! let dating = EventDating::new(&doc, "2024-03-07".parse().ok());
//! let arrested = dating.date_event(5);
//! assert_eq!((arrested.canonical().as_str(), arrested.attachment), ("2024-02", Attachment::Trigger));
//! let said = dating.date_event(1);
//! assert_eq!(said.canonical(), "2024-03-05");
//! ```

#![warn(missing_docs)]

pub mod calendar;
pub mod eval;
pub mod event;
pub mod expr;
mod lex;
mod rules;

pub use calendar::{Date, Unit};
pub use event::{date_event, date_event_with, tense_of, Attachment, EventDate, EventDating};
pub use expr::{format_value, Duration, Kind, Modifier, Precision, Tense, TimeExpr, Value};
pub use rules::find_expressions;
