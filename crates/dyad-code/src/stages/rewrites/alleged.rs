//! "The US claimed that ISIL had attacked Iraq": a conflict event only
//! alleged by a reporting verb is coded as the speaker's accusation of the
//! alleged perpetrator (CAMEO 112).

use super::claims::claimed_own_act;
use crate::lexicon::{Class, Lexicon};
use crate::patterns::Pattern;
use crate::stages::modality::modality;
use crate::stages::record::{engine_pattern, Candidate, Suppressed};
use crate::stages::syntax::subject;
use dyad_text::Doc;
use std::ops::Range;

/// The accusation (or, when the speaker is the doer, the claim) that an
/// alleged candidate `c` amounts to, pushed to `out`.
pub(crate) fn alleged<'p>(
    doc: &Doc,
    lex: &Lexicon,
    sent: &Range<usize>,
    c: Candidate<'p>,
    why: &Suppressed,
    out: &mut Vec<Candidate<'p>>,
) {
    let Suppressed::Alleged(r) = *why else {
        return;
    };
    if !lex.code_under(Class::AllegedConflict, &c.pattern.code) {
        return;
    }
    let (Some(speaker), Ok(mood)) = (subject(doc, lex, r), modality(doc, lex, r, sent)) else {
        return;
    };
    if c.sources.contains(&speaker) {
        claimed_own_act(lex, r, mood, c, out);
    } else if !c.sources.is_empty() {
        out.push(Candidate {
            trigger: r,
            pattern: allegation(),
            sources: vec![speaker],
            targets: c.sources.clone(),
            fallbacks: Vec::new(),
            mood,
            trigger_tokens: Vec::new(),
        });
    }
}

/// The engine's own pattern for reported wrongdoing ("claimed that X
/// attacked Y" → the speaker accuses X), shown as evidence.
fn allegation() -> &'static Pattern {
    static P: std::sync::OnceLock<Pattern> = std::sync::OnceLock::new();
    P.get_or_init(|| {
        engine_pattern(
            "112",
            "<alleged-wrongdoing>",
            "a reporting verb alleging a conflict event",
        )
    })
}
