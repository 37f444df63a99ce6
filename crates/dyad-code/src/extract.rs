//! Finding event triggers and their source/target phrases in a parsed
//! sentence: the syntactic stages (triggers, arguments, modality, rewrites)
//! of [`crate::stages`], under the names callers have used.

pub use crate::stages::candidates;
pub use crate::stages::record::{Candidate, Fallback, Mood, Suppressed, Trace};
