//! Stage 4, rewrites: rules that turn what the first stages found into
//! the event CAMEO codes instead, one file and one named function per rule.
//! A suppressed trigger may still report an event ([`declined`],
//! [`alleged`], [`claims`]); the rest rework a sentence's candidates
//! ([`obligation`], [`consumed`], [`threats`]), in the order
//! [`crate::stages::candidates`] applies them.

pub mod alleged;
pub mod claims;
pub mod consumed;
pub mod declined;
pub mod obligation;
pub mod threats;
