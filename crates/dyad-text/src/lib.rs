//! dyad-text: the text-analysis layer of dyad.
//!
//! A native Rust implementation of the *inference* of spaCy's small English
//! pipeline (`en_core_web_sm` 3.8): tokenizer, tok2vec, tagger, arc-eager
//! dependency parser, attribute ruler, rule lemmatizer and BILUO named-entity
//! recogniser. The model's weights are converted once from the published
//! wheel into dyad's own model directory (see [`model`]); after that nothing
//! outside this crate is needed at run time.
//!
//! The one value that flows through is [`Doc`]: [`Pipeline::analyze`] builds
//! it from text, each stage fills in more of its fields, and every token keeps
//! byte offsets into the original text so later spans point back to the source.

#![warn(missing_docs)]

pub mod doc;
pub mod error;
pub mod lexeme;
pub mod model;
pub mod rules;
pub mod tokenizer;
pub mod ud;

pub use doc::{Doc, Entity, Token};
pub use error::TextError;
pub use model::Pipeline;
