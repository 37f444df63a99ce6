//! dyad-text: the text-analysis layer of dyad.
//!
//! A native Rust implementation of the *inference* of spaCy's small English
//! pipeline (`en_core_web_sm` 3.8): tokenizer, tok2vec, tagger, arc-eager
//! dependency parser, attribute ruler, rule lemmatizer and BILUO named-entity
//! recogniser. The model's weights are converted once from the published
//! wheel into dyad's own model directory (see [`model`]); after that nothing
//! outside this crate is needed at run time. The goal is parity: the same
//! tokens, tags, trees, lemmas and entities spaCy gives (checked by
//! [`model::parity`]).
//!
//! The one value that flows through is [`Doc`]: [`Pipeline::analyze`] builds
//! it from text, each stage fills in more of its fields, and every token keeps
//! byte offsets into the original text so later spans point back to the source.
//!
//! # Modules
//!
//! - [`tokenizer`]: spaCy's rule tokenizer; [`lexeme`]: the lexical
//!   attributes (NORM, PREFIX, SUFFIX, SHAPE) and spaCy's string ids that
//!   feed the network.
//! - [`model`]: the converted weights, the neural stages and [`Pipeline`];
//!   [`rules`]: the attribute ruler and lemmatizer that follow the parser.
//! - [`doc`]: [`Doc`], [`Token`], [`Entity`], and the tree and entity
//!   lookups the coder uses; [`ud`]: Universal Dependencies conversion,
//!   CoNLL-U and treebank scoring.
//!
//! With a converted model (`scripts/fetch-model`, or `DYAD_MODEL`):
//!
//! ```no_run
//! use dyad_text::Pipeline;
//! let nlp = Pipeline::load_default()?;
//! let doc = nlp.analyze("Rebels attacked Goma on Tuesday.")?;
//! for (i, t) in doc.tokens.iter().enumerate() {
//!     println!("{} {} {} {}", doc.token_text(i), t.tag, t.dep, t.head);
//! }
//! # Ok::<(), dyad_text::TextError>(())
//! ```
//!
//! Everything downstream reads only the [`Doc`], which can also be built by
//! hand (as tests do); the lexical attributes need no model:
//!
//! ```
//! use dyad_text::{lexeme, ud, Doc, Entity, Token};
//!
//! let text = "Rebels attacked Goma.";
//! let tok = |start, end, space_after, tag: &str, pos: &str, dep: &str| Token {
//!     start, end, space_after, head: 1, sent_start: start == 0,
//!     tag: tag.into(), pos: pos.into(), dep: dep.into(),
//!     norm: text[start..end].to_lowercase(), ..Default::default()
//! };
//! let doc = Doc::new(
//!     text.into(),
//!     vec![
//!         tok(0, 6, true, "NNS", "NOUN", "nsubj"),
//!         tok(7, 15, true, "VBD", "VERB", "ROOT"),
//!         tok(16, 20, false, "NNP", "PROPN", "dobj"),
//!         tok(20, 21, false, ".", "PUNCT", "punct"),
//!     ],
//!     vec![Entity { start: 2, end: 3, label: "GPE".into() }],
//! );
//! assert_eq!(doc.token_text(2), "Goma");
//! assert_eq!(doc.children(1).collect::<Vec<_>>(), [0, 2, 3]);
//! assert_eq!(doc.entity_at(2).map(|e| e.label.as_str()), Some("GPE"));
//! assert_eq!(doc.sentences(), [0..4]);
//!
//! // UD v2 relations for CoNLL-U output.
//! assert_eq!(ud::to_ud(&doc).deprel, ["nsubj", "root", "obj", "punct"]);
//!
//! // spaCy's lexical attributes.
//! assert_eq!(lexeme::shape("Goma"), "Xxxx");
//! assert_eq!(lexeme::shape("2024"), "dddd");
//! assert_eq!((lexeme::prefix("attacked"), lexeme::suffix("attacked")), ("a", "ked"));
//! ```

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
