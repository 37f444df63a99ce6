#![warn(missing_docs)]
//! dyad-code: the event coder. Finds event triggers in parsed sentences with
//! a pattern dictionary ([`patterns`]), picks their source and target
//! phrases from the dependency tree, resolves the phrases to actor codes and
//! scores the events, producing [`Event`]s with their evidence: the named
//! stages of [`stages`], run over a document by [`coder`].

pub mod coder;
pub mod engine;
pub mod eval;
pub mod event;
pub mod extract;
pub mod lexicon;
pub mod patterns;
pub mod petrarch;
pub mod stages;

pub use coder::{ActorResolver, Coder, EventDater, ResolvedActor, StoryDate};
pub use event::Event;
pub use patterns::PatternSet;
