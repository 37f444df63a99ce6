//! The coded event: what `dyad code` prints, one JSON line each, and what
//! the store keeps. The types live in `dyad-event`, which depends on no NLP
//! crate, so that the store and other readers of events need not compile
//! the coder; they are re-exported here.

pub use dyad_event::{ActorRef, Event, EventDate, Evidence, Location, Mood, Plover};
