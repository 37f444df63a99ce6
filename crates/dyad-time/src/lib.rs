//! dyad-time: temporal expressions in news English, normalised against the
//! story date, and attached to events.
//!
//! [`find_expressions`] recognises and normalises expressions in plain text
//! ("last Tuesday", "in March of the previous year", "for the first time in
//! 12 years"); [`date_event`] picks the expression that governs an event
//! trigger in a parsed [`dyad_text::Doc`] and falls back to the story date.

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
