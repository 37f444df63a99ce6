//! Reading PETRARCH-format verb dictionaries (PETRARCH-1/-2, and the
//! TABARI-style patterns they inherited) into dyad [`Pattern`](crate::patterns::pattern::Pattern)s.
//!
//! A PETRARCH verb dictionary matches word sequences in a constituency
//! parse; dyad matches a trigger lemma and a few dependency-tree
//! constraints (see [`crate::patterns`]). This module converts every
//! pattern whose structure maps onto those constraints, and **reports every
//! one it cannot convert** (or converts only approximately) with the reason,
//! in a [`ConversionReport`]; nothing is dropped silently.
//!
//! # The format read
//!
//! ```text
//! <!-- comment -->          # comment: `#` at the start, after a space or a `]`
//! &TIESYN                   synset: a label, then `+` member lines
//! +MILITARY                 (`_` or space joins words; a trailing `_` means
//! +TRADE_                    "no plural"; members may name other synsets)
//!
//! --- PARLEY  [031] ---     a verb block and its default code
//! PARLEY                    a verb (regular forms implied) …
//! CONFAB {CONFABBED} [032]  … with irregular forms and its own code
//! +SIT_DOWN                 a multi-word verb: `+` marks the verb word
//! - * &TIESYN TIES  [064]   patterns: `*` = the verb, `$` source, `+` target,
//! - + * (FROM $)    [072]   `%` compound/reciprocal actor, `^` skip a phrase,
//! - * WITH %   [031:031]    `{…}` noun phrase (head last), `(…)` prepositional
//!                           phrase (preposition first)
//! ```
//!
//! Codes are strings from the dictionary's own codebook (`[064]`, `[1717]`,
//! `[903]`), `[---]` (the null code: this configuration is no event) or
//! `[A:B]`: the source does `A` to the target and the target `B` to the
//! source (`[:B]` only the latter).
//!
//! # What becomes what
//!
//! Each pattern applies to every verb of its block (the lemma of the verb
//! form, via the caller's lemmatizer: `SAID` → `say`):
//!
//! | PETRARCH | dyad |
//! |---|---|
//! | `VERB` line, block or own code | `CODE verb` (no constraints) |
//! | `+CORDON_OFF` (verb + one word) | the verb with `prt:off` |
//! | `* UP`, `*_DOWN` (a particle right after the verb) | `prt:up` |
//! | `* TIES`, `* {ARMS SHIPMENT}` (noun phrase) | `obj:tie` — the head (last word); modifiers are not checked (reported as approximated) |
//! | `* &SYN` | `obj:a\|b\|…` — the synset's heads, nested synsets expanded |
//! | `* TO RESIGN` (`TO` + word, no parentheses) | `xcomp:resign` |
//! | `* AGAINST +`, `* (TO)`, trailing `* FOR` | `prep:against` — the target is its object |
//! | `* (IN &JAIL)`, `* ON STRIKE` | `prep:in pobj:jail\|…` |
//! | `+ * FROM $`, `+ * (FROM $)` | `src:from` — the subject is the target |
//! | `% *`, `* WITH %`, `[A:A]` | `recip` |
//! | `[---]` | code `---`: the coder codes nothing for it, so it blocks less specific patterns |
//!
//! Not converted (counted in the report with the reason): words before the
//! verb other than a lone `$`, `+` or `%` (dyad has no subject-word or
//! left-context constraint); auxiliaries, negation and adverbs around the
//! verb (`NOT *`, `* WOULD VISIT`: dyad judges negation and modality
//! itself); `^`; `$` not after a preposition; a second object or a second
//! prepositional phrase; multi-word verbs with words before the verb
//! (`WIRE_+TAP`) or more than one word after it; reverse-only codes
//! (`[:173]`); PETRARCH-2's verb transformations (`~ a (a b ATTACK) SAY =
//! a b 015`). Approximated (converted, and reported): dropped modifier
//! words, multi-word synset members reduced to their head, `[A:B]` with
//! `A ≠ B` (only `A`, source to target, is coded). Where two patterns of
//! one file convert to the same dyad pattern, the one that lost least is
//! kept and the other reported as shadowed.
//!
//! A malformed line — a pattern without `*` or code, unbalanced brackets,
//! a pattern or verb before any `---` block — is an error naming
//! `file:line`. A pattern naming an undefined synset is skipped and
//! reported, as PETRARCH itself skips it with a warning.

mod lines;
mod reader;
mod report;
#[cfg(test)]
mod tests;
mod tokens;

pub use report::{Conversion, ConversionReport, Note};
pub use tokens::{Lemmatizer, WordClass, NULL_CODE};

use crate::patterns::pattern::{PatternError, PatternErrors};
use dyad_kb::LoadMode;
use lines::convert_lines;
use reader::{read_synsets, Reader};
use std::cell::RefCell;
use std::collections::HashMap;
use tokens::strip_comments;

/// True when `text` looks like a PETRARCH verb dictionary rather than
/// dyad's pattern format: its first line that is neither blank nor a `#`
/// comment opens an XML comment, a synset (`&`), a member (`+`), a verb
/// block (`---`) or a pattern (`- `).
pub fn looks_like_verb_dictionary(text: &str) -> bool {
    text.lines()
        .map(str::trim)
        .find(|l| !l.is_empty() && !l.starts_with('#'))
        .is_some_and(|l| {
            l.starts_with("<!--")
                || l.starts_with('&')
                || l.starts_with('+')
                || l.starts_with("---")
                || l.starts_with("- ")
        })
}

/// Read a PETRARCH verb dictionary `text` (named `name` in origins) and
/// convert it, strictly: any malformed line fails it, and the error lists
/// every malformed line. `known_code` says which codes the ontology knows
/// (used only for the report; unknown codes are kept).
pub fn convert(
    name: &str,
    text: &str,
    lemma: Lemmatizer<'_>,
    known_code: &dyn Fn(&str) -> bool,
) -> Result<Conversion, PatternErrors> {
    convert_with(name, text, lemma, known_code, LoadMode::Strict)
}

/// [`convert`] with a choice of what malformed lines do: in
/// [`LoadMode::Lenient`] they are skipped and listed in
/// [`ConversionReport::malformed`], and the rest converts.
pub fn convert_with(
    name: &str,
    text: &str,
    lemma: Lemmatizer<'_>,
    known_code: &dyn Fn(&str) -> bool,
    mode: LoadMode,
) -> Result<Conversion, PatternErrors> {
    let lines = strip_comments(text);
    let mut r = Reader {
        name,
        synsets: HashMap::new(),
        lemma,
        heads_memo: RefCell::new(HashMap::new()),
    };
    let mut malformed: Vec<PatternError> = Vec::new();
    read_synsets(&mut r, &lines, &mut malformed);
    let mut out = convert_lines(&r, &lines, known_code, &mut malformed);
    if malformed.is_empty() {
        return Ok(out);
    }
    malformed.sort_by_key(|e| line_of(&e.origin));
    match mode {
        LoadMode::Strict => Err(PatternErrors(malformed)),
        LoadMode::Lenient => {
            out.report.malformed = malformed
                .into_iter()
                .map(|e| {
                    let no = line_of(&e.origin);
                    let text = lines
                        .binary_search_by_key(&no, |(n, _)| *n)
                        .map(|i| lines[i].1.trim().to_string())
                        .unwrap_or_default();
                    Note {
                        origin: e.origin,
                        text,
                        reason: e.msg,
                    }
                })
                .collect();
            Ok(out)
        }
    }
}

/// The line number at the end of an origin `file:line`.
fn line_of(origin: &str) -> usize {
    origin
        .rsplit_once(':')
        .and_then(|(_, n)| n.parse().ok())
        .unwrap_or(0)
}
