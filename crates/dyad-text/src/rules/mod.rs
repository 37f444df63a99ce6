//! Rule stages after the parser: attribute ruler (Penn -> UPOS + morphology)
//! and rule lemmatizer.
//!
//! Both read plain, documented text files from the model directory, written
//! once from spaCy's binary tables by their `convert_spacy` functions and
//! editable by hand afterwards:
//!
//! - [`ATTRIBUTE_RULES_FILE`]: see [`AttributeRuler`] for the syntax;
//! - [`LEMMA_RULES_FILE`], [`LEMMA_EXCEPTIONS_FILE`], [`LEMMA_INDEX_FILE`]:
//!   see [`Lemmatizer`].

mod attribute_ruler;
mod lemmatizer;
mod msgpack;
pub(crate) mod pyfn;

pub use attribute_ruler::AttributeRuler;
pub use lemmatizer::Lemmatizer;

/// File name of the attribute rules inside a model directory.
pub const ATTRIBUTE_RULES_FILE: &str = "attribute_rules.txt";
/// File name of the lemmatizer's suffix rules inside a model directory.
pub const LEMMA_RULES_FILE: &str = "lemma_rules.tsv";
/// File name of the lemmatizer's exception table inside a model directory.
pub const LEMMA_EXCEPTIONS_FILE: &str = "lemma_exceptions.tsv";
/// File name of the lemmatizer's list of known lemmas inside a model directory.
pub const LEMMA_INDEX_FILE: &str = "lemma_index.tsv";
