//! "Russia said Sudan must return the helicopter": Russia demands of Sudan
//! (CAMEO 100), in place of a bare reading of the reporting verb.

use crate::lexicon::{Class, Lexicon};
use crate::patterns::Pattern;
use crate::stages::modality::modality;
use crate::stages::record::{engine_pattern, note, Candidate, Trace};
use crate::stages::syntax::{antecedent, children_with, first_child, lower, subject};
use dyad_text::Doc;
use std::ops::Range;

/// Adds the demand of every reported "must" clause in `sent` to `out`.
pub(crate) fn reported_obligations(
    doc: &Doc,
    lex: &Lexicon,
    sent: &Range<usize>,
    out: &mut Vec<Candidate<'_>>,
    trace: &mut Option<&mut Trace>,
) {
    for v in sent.clone() {
        let Some((r, speaker, obligee)) = obliged_clause(doc, lex, v) else {
            continue;
        };
        // The demand replaces a bare reading of the reporting verb ("130 warn").
        out.retain(|c| c.trigger != r);
        if let Ok(mood) = modality(doc, lex, r, sent) {
            note(trace, r, || {
                (obligation().id(), format!("matched ({mood:?})"))
            });
            out.push(Candidate {
                trigger: r,
                pattern: obligation(),
                sources: vec![speaker],
                targets: vec![obligee],
                fallbacks: Vec::new(),
                mood,
                trigger_tokens: Vec::new(),
            });
        }
    }
}

/// (reporting verb, speaker, obligee) when `v` is a reported clause with
/// an obligation modal on someone other than the speaker.
fn obliged_clause(doc: &Doc, lex: &Lexicon, v: usize) -> Option<(usize, usize, usize)> {
    let tok = &doc.tokens[v];
    if tok.dep != "ccomp" || tok.head == v {
        return None;
    }
    let r = tok.head;
    let obliged =
        children_with(doc, v, &["aux"]).any(|a| lex.has(Class::ObligationModals, &lower(doc, a)));
    if !obliged
        || !lex.has(
            Class::ObligationReportingVerbs,
            &doc.tokens[r].lemma.to_lowercase(),
        )
    {
        return None;
    }
    let obligee = first_child(doc, v, &["nsubj", "nsubjpass"])?;
    let speaker = subject(doc, lex, r)?;
    let obligee = antecedent(doc, lex, obligee, v);
    // "Russia said it must respond": no dyad.
    (obligee != speaker).then_some((r, speaker, obligee))
}

/// The engine's own pattern for "X said Y must …" (the speaker demands of
/// Y, CAMEO 100).
fn obligation() -> &'static Pattern {
    static P: std::sync::OnceLock<Pattern> = std::sync::OnceLock::new();
    P.get_or_init(|| {
        engine_pattern(
            "100",
            "<must-clause>",
            "a reported obligation: X said Y must …",
        )
    })
}
