//! "Iran threatened to shell Iraqi towns": a bare threat and the
//! threatened act are one event, coded by the act's threat code (138); the
//! bare threat's target remains a fallback.

use crate::lexicon::{Class, Lexicon};
use crate::stages::record::{Candidate, Fallback, Mood};
use dyad_text::Doc;

/// Merges each bare threat into the act it threatens, if there is one.
pub(crate) fn merge_threats(doc: &Doc, lex: &Lexicon, out: &mut Vec<Candidate<'_>>) {
    let generic_threats: Vec<usize> = out
        .iter()
        .filter(|c| {
            lex.has(Class::GenericThreats, &c.pattern.code)
                && c.pattern.xcomp.is_none()
                && c.pattern.prep.is_none()
        })
        .map(|c| c.trigger)
        .collect();
    let mut merged = Vec::new();
    for &g in &generic_threats {
        let inner = out.iter().position(|c| {
            c.mood == Mood::Intent
                && lex.code_under(Class::ThreatenedActs, &c.pattern.code)
                && doc.tokens[c.trigger].dep == "xcomp"
                && doc.tokens[c.trigger].head == g
                && c.trigger != g
        });
        let outer = out.iter().position(|c| c.trigger == g);
        if let (Some(i), Some(o)) = (inner, outer) {
            let (targets, fallbacks, sources) = (
                out[o].targets.clone(),
                out[o].fallbacks.clone(),
                out[o].sources.clone(),
            );
            let b = &mut out[i];
            b.fallbacks
                .extend(targets.into_iter().map(Fallback::Phrase));
            b.fallbacks.extend(fallbacks);
            if b.sources.is_empty() {
                b.sources = sources;
            }
            merged.push(g);
        }
    }
    out.retain(|c| !merged.contains(&c.trigger));
}
