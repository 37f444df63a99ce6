//! "Syria will not accept more refugees": declining a cooperative act is
//! the CAMEO rejection of it.

use crate::lexicon::Lexicon;
use crate::patterns::Pattern;
use crate::stages::record::{Candidate, Mood, Suppressed};

/// The rejection a declined candidate amounts to, if its act is cooperation.
pub(crate) fn declined<'p>(
    lex: &'p Lexicon,
    c: &Candidate<'p>,
    why: &Suppressed,
) -> Option<Candidate<'p>> {
    if *why != Suppressed::Declined {
        return None;
    }
    let p = rejection(lex, &c.pattern.code)?;
    Some(Candidate {
        pattern: p,
        mood: Mood::Factual,
        ..c.clone()
    })
}

/// The CAMEO rejection that declining a cooperative act amounts to ("will
/// not meet" → 125, "will not sign" → 127, "will not release" → 1243), as
/// an engine pattern; `None` for codes that are not cooperation.
fn rejection<'l>(lex: &'l Lexicon, code: &str) -> Option<&'l Pattern> {
    lex.declined_pattern(code)
}
