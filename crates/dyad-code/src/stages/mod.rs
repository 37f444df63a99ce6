//! The coder as named stages over one parsed document, each adding a layer
//! the next reads:
//!
//! | stage | module | adds |
//! |---|---|---|
//! | 1 triggers | [`triggers`] | a [`Candidate`] per trigger word whose pattern's constraints hold, with the `Slots` its words matched |
//! | 2 arguments | [`arguments`] | source and target heads, and ordered [`Fallback`]s for a target the slots do not name |
//! | 3 modality | [`modality`] | the [`Mood`] (factual, intent), or why there is no event ([`Suppressed`]) |
//! | 4 rewrites | [`rewrites`] | events CAMEO codes instead: a declined act's rejection, an allegation, a claim, a reported obligation, a threat merged with its act |
//! | 5 actors | [`actors`] | actor codes for the argument phrases, through dyad-kb's resolver, and the sentence's scene (countries, people named) |
//! | 6 assembly | [`assembly`] | the events: CAMEO code (the weapon's, [`means`]), Goldstein, QuadClass, PLOVER, date and evidence |
//!
//! Stages 1–4 are syntactic and run per sentence in [`candidates`]; the
//! document's coder ([`crate::coder::Coder`]) runs them, then 5 and 6.
//! [`syntax`] holds the tree walking all stages share, and [`record`] the
//! types they fill in. Modules depend only downwards in the table (a
//! rewrite may ask the modality stage about its reporting verb); none
//! imports this module or [`crate::coder`].

pub mod actors;
pub mod arguments;
pub mod assembly;
pub mod means;
pub mod modality;
pub mod record;
pub mod rewrites;
pub mod syntax;
pub mod triggers;

pub use record::{Candidate, Fallback, Mood, Suppressed, Trace};

use crate::lexicon::Lexicon;
use crate::patterns::PatternSet;
use dyad_text::Doc;
use record::note;
use rewrites::{alleged, consumed, declined, obligation, threats};
use std::ops::Range;

/// All candidates of sentence `sent` (a token range of `doc`): stages 1–4.
pub fn candidates<'p>(
    doc: &Doc,
    sent: Range<usize>,
    patterns: &'p PatternSet,
    lex: &'p Lexicon,
    mut trace: Option<&mut Trace>,
) -> Vec<Candidate<'p>> {
    let mut out = Vec::new();
    for t in sent.clone() {
        let list = triggers::patterns_of(doc, patterns, t);
        let Some(mut c) = triggers::first_match(doc, lex, t, list) else {
            if !list.is_empty() {
                note(&mut trace, t, || {
                    let lemma = doc.tokens[t].lemma.to_lowercase();
                    (
                        format!("{} pattern(s) for `{lemma}`", list.len()),
                        "no pattern's constraints held".into(),
                    )
                });
            }
            continue;
        };
        match modality::verdict(doc, lex, &c, &sent) {
            Ok(m) => {
                c.mood = m;
                note(&mut trace, t, || {
                    (c.pattern.id(), format!("matched ({m:?})"))
                });
                out.push(c);
            }
            Err(why) => {
                note(&mut trace, t, || {
                    (c.pattern.id(), format!("suppressed: {why:?}"))
                });
                out.extend(declined::declined(lex, &c, &why));
                alleged::alleged(doc, lex, &sent, c, &why, &mut out);
            }
        }
    }
    obligation::reported_obligations(doc, lex, &sent, &mut out, &mut trace);
    consumed::drop_consumed(&mut out);
    threats::merge_threats(doc, lex, &mut out);
    arguments::expand_conjuncts(doc, &mut out);
    out
}

/// Build a `Doc` from a compact description, one token per
/// `text/TAG/lemma/dep/head` item — for tests that must not depend on the model.
#[cfg(test)]
pub(crate) fn doc_from_spec(spec: &str) -> Doc {
    let mut doc = Doc::default();
    for (i, item) in spec.split_whitespace().enumerate() {
        let f: Vec<&str> = item.split('/').collect();
        assert_eq!(f.len(), 5, "bad token spec `{item}`");
        if i > 0 {
            doc.text.push(' ');
            if let Some(prev) = doc.tokens.last_mut() {
                prev.space_after = true;
            }
        }
        let start = doc.text.len();
        doc.text.push_str(&f[0].replace('_', " "));
        doc.tokens.push(dyad_text::Token {
            start,
            end: doc.text.len(),
            tag: f[1].into(),
            lemma: f[2].into(),
            dep: f[3].into(),
            head: f[4].parse().expect("head index"),
            sent_start: i == 0,
            ..Default::default()
        });
    }
    doc
}

#[cfg(test)]
mod tests;
