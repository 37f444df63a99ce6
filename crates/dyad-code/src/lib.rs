#![warn(missing_docs)]
//! dyad-code: the event coder. Finds event triggers in parsed sentences with
//! a pattern dictionary ([`patterns`]), picks their source and target
//! phrases from the dependency tree, resolves the phrases to actor codes and
//! scores the events, producing [`Event`]s with their evidence: the named
//! stages of [`stages`], run over a document by [`coder`].
//!
//! The main types: [`engine::Engine`] loads everything once (the language
//! model, the knowledge base, the patterns, the [`lexicon::Lexicon`]) and
//! codes an [`dyad_ingest::Article`] into [`engine::Coded`] — the analysed
//! document and its [`Event`]s. [`PatternSet`] is the pattern dictionary (data
//! files, user files on top); [`eval`] scores events against gold sets.
//!
//! Coding needs the installed model:
//!
//! ```no_run
//! use dyad_code::engine::{Engine, EngineOptions};
//! use dyad_ingest::Article;
//! let engine = Engine::load(&EngineOptions::default())?;
//! let article = Article {
//!     id: "a1".into(),
//!     date: chrono::NaiveDate::from_ymd_opt(2024, 3, 5),
//!     body: "Kenyan police arrested 40 Ethiopian fishermen on Lake Turkana.".into(),
//!     ..Default::default()
//! };
//! for e in engine.code(&article, None, None)?.events {
//!     println!("{:?} {} {:?}", e.source.code, e.cameo, e.target.and_then(|t| t.code));
//! }
//! # Ok::<(), anyhow::Error>(())
//! ```
//!
//! The pattern dictionary is plain data and needs no model:
//!
//! ```
//! use dyad_code::PatternSet;
//! let mut patterns = PatternSet::default();
//! patterns
//!     .add_source("mine.txt", "040  meet  prep:with recip\n190  n:attack  prep:on\n", &|_| true)
//!     .unwrap();
//! let meet = &patterns.verb("meet")[0];
//! assert_eq!((meet.code.as_str(), meet.recip), ("040", true));
//! assert_eq!(patterns.len(), 2);
//! ```

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
