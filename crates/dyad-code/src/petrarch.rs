//! Reading PETRARCH-format verb dictionaries (PETRARCH-1/-2, and the
//! TABARI-style patterns they inherited) into dyad [`Pattern`]s.
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

use crate::patterns::{Alternatives, Pattern, PatternError, PatternErrors};
use dyad_kb::LoadMode;
use std::cell::RefCell;
use std::collections::HashMap;

/// The null code: a pattern that matches but codes no event.
pub const NULL_CODE: &str = "---";

/// Which kind of word a lemmatizer is asked about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WordClass {
    Verb,
    Noun,
}

/// Turns a dictionary word (any case) into the lemma dyad matches on.
pub type Lemmatizer<'a> = &'a dyn Fn(&str, WordClass) -> String;

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

/// One pattern line (or verb line) not converted, or converted only in part.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Note {
    /// `file:line`.
    pub origin: String,
    /// The line as written (comment removed).
    pub text: String,
    /// Why.
    pub reason: String,
}

/// What a conversion did: counts and the lines it could not (fully) convert.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ConversionReport {
    /// The file's name as given.
    pub name: String,
    /// Verb blocks read.
    pub blocks: usize,
    /// Verb lines read, and those whose form dyad cannot match (not used).
    pub verbs: usize,
    pub verbs_skipped: Vec<Note>,
    /// Pattern lines (`- …`) read.
    pub pattern_lines: usize,
    /// Pattern lines converted for at least one verb of their block.
    pub converted: usize,
    /// Converted lines that lost part of their meaning (also in `converted`).
    pub approximated: Vec<Note>,
    /// Pattern lines not converted.
    pub skipped: Vec<Note>,
    /// Converted lines whose dyad pattern duplicates a better one of the file.
    pub shadowed: Vec<Note>,
    /// dyad patterns produced (one per verb and line, defaults included).
    pub patterns: usize,
    /// Codes used that the caller's ontology does not know (kept: a custom
    /// codebook's events are coded with unknown scores).
    pub unknown_codes: Vec<String>,
    /// Malformed lines skipped by lenient loading (strict loading fails on them).
    pub malformed: Vec<Note>,
}

impl ConversionReport {
    /// One line: `NAME: PETRARCH verb dictionary, 120 blocks, …`.
    pub fn summary(&self) -> String {
        let mut s = format!(
            "{}: PETRARCH verb dictionary: {} of {} patterns converted ({} approximately), {} not converted, {} shadowed; {} of {} verbs usable; {} dyad patterns",
            self.name,
            self.converted,
            self.pattern_lines,
            self.approximated.len(),
            self.skipped.len(),
            self.shadowed.len(),
            self.verbs - self.verbs_skipped.len(),
            self.verbs,
            self.patterns
        );
        if !self.unknown_codes.is_empty() {
            s.push_str(&format!(
                "; {} codes not in the ontology (events keep them, with no Goldstein/QuadClass/PLOVER)",
                self.unknown_codes.len()
            ));
        }
        if !self.malformed.is_empty() {
            s.push_str(&format!(
                "; {} malformed lines skipped",
                self.malformed.len()
            ));
        }
        s
    }

    /// Every note, one a line, grouped: `skipped`, `approximated`, `shadowed`, `verb`.
    pub fn details(&self) -> String {
        let mut s = String::new();
        for (kind, list) in [
            ("malformed, skipped", &self.malformed),
            ("not converted", &self.skipped),
            ("approximated", &self.approximated),
            ("shadowed", &self.shadowed),
            ("verb not used", &self.verbs_skipped),
        ] {
            for n in list {
                s.push_str(&format!("{}: {kind}: {}: {}\n", n.origin, n.text, n.reason));
            }
        }
        s
    }

    /// Not-converted lines counted by reason, most frequent first.
    pub fn reasons(&self) -> Vec<(String, usize)> {
        let mut m: HashMap<&str, usize> = HashMap::new();
        for n in &self.skipped {
            *m.entry(reason_class(&n.reason)).or_default() += 1;
        }
        let mut v: Vec<(String, usize)> = m.into_iter().map(|(k, c)| (k.to_string(), c)).collect();
        v.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        v
    }
}

/// The reason up to its first `:` (the detail after it names words).
fn reason_class(r: &str) -> &str {
    r.split(':').next().unwrap_or(r)
}

/// The converted patterns and the report.
#[derive(Debug, Clone, Default)]
pub struct Conversion {
    pub patterns: Vec<Pattern>,
    pub report: ConversionReport,
}

/// A PETRARCH event code.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Code {
    /// Source → target; `None` for `[:B]`.
    fwd: Option<String>,
    /// Target → source, for `[A:B]`.
    rev: Option<String>,
}

impl Code {
    fn parse(s: &str) -> Option<Code> {
        let s = s.trim();
        if s.is_empty() || s.chars().any(char::is_whitespace) {
            return None;
        }
        let part = |p: &str| (!p.is_empty()).then(|| p.to_string());
        match s.split_once(':') {
            Some((a, b)) => Some(Code {
                fwd: part(a),
                rev: part(b).filter(|b| b != NULL_CODE),
            }),
            None => Some(Code {
                fwd: part(s),
                rev: None,
            }),
        }
    }
}

/// One verb of a block.
#[derive(Debug, Clone)]
struct Verb {
    lemma: String,
    prt: Option<String>,
    code: Option<Code>,
}

/// A pattern token.
#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Verb,
    Source,
    Target,
    Recip,
    Skip,
    Word(String),
    Synset(String),
    /// `{…}`: a noun phrase, head last.
    Phrase(Vec<Tok>),
    /// `(…)`: a prepositional phrase, preposition first.
    PrepPhrase(Vec<Tok>),
}

/// How deep synsets may name synsets.
const MAX_SYNSET_DEPTH: usize = 32;

/// How deep `{…}` and `(…)` may nest in a pattern: real dictionaries nest
/// two or three deep, and the pattern's tokens are walked recursively.
const MAX_NESTING: usize = 16;

/// Words that are particles, not prepositions, right after a verb.
const PARTICLES: &[&str] = &[
    "UP", "DOWN", "OUT", "OFF", "BACK", "AWAY", "ASIDE", "FORWARD", "APART", "TOGETHER",
];

const PREPOSITIONS: &[&str] = &[
    "ABOUT",
    "ABOVE",
    "ACROSS",
    "AFTER",
    "AGAINST",
    "ALONG",
    "ALONGSIDE",
    "AMID",
    "AMONG",
    "AROUND",
    "AS",
    "AT",
    "BEFORE",
    "BEHIND",
    "BELOW",
    "BESIDE",
    "BETWEEN",
    "BEYOND",
    "BY",
    "DESPITE",
    "DURING",
    "FOR",
    "FROM",
    "IN",
    "INSIDE",
    "INTO",
    "NEAR",
    "OF",
    "ON",
    "ONTO",
    "OUTSIDE",
    "OVER",
    "THROUGH",
    "THROUGHOUT",
    "TO",
    "TOWARD",
    "TOWARDS",
    "UNDER",
    "UNTIL",
    "UPON",
    "VIA",
    "WITH",
    "WITHIN",
    "WITHOUT",
];

/// Auxiliaries, negation, modal and other function words: context dyad
/// judges itself (negation, modality) or cannot constrain.
const FUNCTION_WORDS: &[&str] = &[
    "NOT", "N'T", "NO", "NEVER", "NEITHER", "NOR", "WOULD", "WILL", "SHALL", "SHOULD", "MAY",
    "MIGHT", "MUST", "CAN", "COULD", "CA", "WO", "BE", "BEEN", "BEING", "IS", "ARE", "AM", "WAS",
    "WERE", "HAS", "HAVE", "HAD", "DO", "DID", "DOES", "THAT", "WHICH", "WHO", "THE", "A", "AN",
    "ITS", "THEIR", "HIS", "HER", "OUR", "THIS", "THESE", "THOSE", "AND", "OR", "BUT", "IF", "NOW",
    "EVER", "SO", "VERY", "ONLY", "ALSO", "STILL", "AGAIN", "ALREADY", "RECENTLY",
];

fn is_adverb(w: &str) -> bool {
    w.len() > 4 && w.ends_with("LY") && !matches!(w, "RALLY" | "ALLY" | "ITALY" | "SUPPLY")
}

/// The heads a synset stands for and what was lost reducing it, or why it cannot be read.
type Heads = Result<(Vec<String>, Vec<String>), String>;

/// The parse of one file, before conversion.
struct Reader<'a> {
    name: &'a str,
    synsets: HashMap<String, (Vec<Vec<Tok>>, usize)>,
    lemma: Lemmatizer<'a>,
    /// Each synset's heads, computed once: synsets naming synsets would
    /// otherwise be expanded again for every path to them (exponential).
    heads_memo: RefCell<HashMap<String, Heads>>,
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

/// Collects the synsets (`&LABEL` and its `+MEMBER` lines), which may be
/// defined anywhere in the file; malformed lines go to `malformed`.
fn read_synsets(r: &mut Reader<'_>, lines: &[(usize, String)], malformed: &mut Vec<PatternError>) {
    let mut label: Option<String> = None;
    for &(no, ref l) in lines {
        if let Some(lab) = l.strip_prefix('&') {
            let lab = lab.split_whitespace().next().unwrap_or("");
            let lab = lab.trim_end_matches('_').to_uppercase();
            if lab.is_empty() {
                // Its members are skipped with it (pass 2 treats them as synset lines).
                label = None;
                malformed.push(r.err(
                    no,
                    "a synset label `&` needs a name (`&NAME`); its `+` member lines are skipped too"
                        .into(),
                ));
                continue;
            }
            r.synsets.entry(lab.clone()).or_insert((Vec::new(), no));
            label = Some(lab);
        } else if l.starts_with("---") {
            label = None;
        } else if let (Some(m), Some(lab)) = (l.strip_prefix('+'), &label) {
            let toks = match tokenize(m) {
                Ok(t) if t.is_empty() => {
                    malformed.push(r.err(no, "empty synset member".into()));
                    continue;
                }
                Ok(t) => t,
                Err(e) => {
                    malformed.push(r.err(no, e));
                    continue;
                }
            };
            if let Some(members) = r.synsets.get_mut(lab) {
                members.0.push(toks);
            }
        } else if label.is_some() && !l.starts_with('+') {
            label = None;
        }
    }
}

/// The verb blocks, verbs and patterns of a file, converted; malformed
/// lines go to `malformed` and are skipped.
fn convert_lines(
    r: &Reader<'_>,
    lines: &[(usize, String)],
    known_code: &dyn Fn(&str) -> bool,
    malformed: &mut Vec<PatternError>,
) -> Conversion {
    // Records a malformed line and goes on with the next one.
    macro_rules! skip_line {
        ($e:expr) => {{
            malformed.push($e);
            continue;
        }};
    }
    let name = r.name;
    // The line of a malformed block header whose block is being skipped.
    let mut broken_block: Option<usize> = None;
    let mut out = Conversion::default();
    out.report.name = name.to_string();
    let mut block: Option<(Option<Code>, Vec<Verb>)> = None;
    let mut in_synset = false;
    // Best conversion per dyad pattern key: (loss, index into out.patterns).
    let mut best: HashMap<String, (usize, usize, String, String)> = HashMap::new();
    let mut unknown = std::collections::BTreeSet::new();
    for &(no, ref l) in lines {
        let origin = format!("{name}:{no}");
        if l.starts_with('&') {
            in_synset = true;
            continue;
        }
        if let Some(h) = l.strip_prefix("---") {
            in_synset = false;
            // The closing `---` is customary, not required (a `#` comment
            // may cut it off, as PETRARCH's own reader allows).
            let h = h.trim_end();
            let h = h.strip_suffix("---").unwrap_or(h);
            out.report.blocks += 1;
            match block_code(h) {
                Ok(code) => {
                    block = Some((code, Vec::new()));
                    broken_block = None;
                }
                Err(e) => {
                    block = None;
                    broken_block = Some(no);
                    skip_line!(r.err(
                        no,
                        format!("{e}; the block's verb and pattern lines are skipped too (write `--- VERB [CODE] ---`)")
                    ))
                }
            }
            continue;
        }
        if in_synset && l.starts_with('+') && !l.contains('{') {
            continue; // a synset member, read above
        }
        in_synset = false;
        if l.starts_with('~') {
            out.report.pattern_lines += 1;
            out.report.skipped.push(Note {
                origin: origin.clone(),
                text: l.trim().to_string(),
                reason: "verb transformation (`~`): PETRARCH-2 recodes an event reported by another verb's event; dyad has no equivalent".into(),
            });
            continue;
        }
        let Some((block_code, verbs)) = block.as_mut() else {
            if let Some(header) = broken_block {
                out.report.skipped.push(Note {
                    origin: origin.clone(),
                    text: l.trim().to_string(),
                    reason: format!("in a block whose header (line {header}) is malformed"),
                });
                continue;
            }
            skip_line!(r.err(
                no,
                "a verb or pattern before the first `--- VERB [CODE] ---` block header".into(),
            ))
        };
        if let Some(pat) = l.strip_prefix('-') {
            out.report.pattern_lines += 1;
            let (body, code) = match split_code(pat) {
                Ok(x) => x,
                Err(e) => skip_line!(r.err(no, e)),
            };
            let toks = match tokenize(body) {
                Ok(t) => t,
                Err(e) => skip_line!(r.err(no, e)),
            };
            let stars = count_verbs(&toks);
            if stars != 1 {
                skip_line!(r.err(
                    no,
                    format!("a pattern needs exactly one `*` (the verb), found {stars}"),
                ))
            }
            let note = |reason: String| Note {
                origin: origin.clone(),
                text: l.trim().to_string(),
                reason,
            };
            // PETRARCH skips a pattern that names an undefined synset (with
            // a warning); so does this reader, in the report.
            if let Err(why) = r.check_synsets(&toks) {
                out.report.skipped.push(note(why));
                continue;
            }
            if code.fwd.is_none() {
                out.report.skipped.push(note(
                    "reverse-only code: dyad codes the subject's side of the event".into(),
                ));
                continue;
            }
            let shape = match r.shape(&toks) {
                Ok(s) => s,
                Err(reason) => {
                    out.report.skipped.push(note(reason));
                    continue;
                }
            };
            let mut losses = shape.losses.clone();
            let fwd = code.fwd.clone().unwrap_or_default();
            let recip = shape.recip || code.rev.as_deref() == Some(fwd.as_str());
            if let Some(rev) = code.rev.as_deref().filter(|r| *r != fwd) {
                losses.push(format!(
                    "reverse code {rev}: only {fwd} (source to target) is coded"
                ));
            }
            let mut made = 0;
            for v in verbs.iter() {
                if v.prt.is_some() && shape.prt.is_some() {
                    continue; // the verb's particle and the pattern's collide
                }
                let p = Pattern {
                    prt: alt(v.prt.clone().or_else(|| shape.prt.clone())),
                    obj: shape.obj.clone().map(Alternatives),
                    prep: alt(shape.prep.clone()),
                    xcomp: alt(shape.xcomp.clone()),
                    pobj: shape.pobj.clone().map(Alternatives),
                    src: alt(shape.src.clone()),
                    recip,
                    ..Pattern::new(&fwd, &v.lemma, false, origin.clone())
                };
                if fwd != NULL_CODE && !known_code(&fwd) {
                    unknown.insert(fwd.clone());
                }
                push_best(&mut out, &mut best, p, losses.len(), l.trim());
                made += 1;
            }
            if made > 0 {
                out.report.converted += 1;
                if !losses.is_empty() {
                    out.report.approximated.push(note(losses.join("; ")));
                }
            } else {
                out.report.skipped.push(note(
                    "no usable verb in its block takes it (the block's verbs have particles of their own)".into(),
                ));
            }
            continue;
        }
        // A verb line: FORM [{IRREGULAR FORMS}] [CODE]
        out.report.verbs += 1;
        let note = |reason: String| Note {
            origin: origin.clone(),
            text: l.trim().to_string(),
            reason,
        };
        let (rest, code) = match l.rfind('[') {
            Some(i) if l.trim_end().ends_with(']') => {
                let inner = &l[i + 1..l.trim_end().len() - 1];
                let Some(c) = Code::parse(inner) else {
                    skip_line!(r.err(
                        no,
                        "empty code `[]` (write the verb's code, e.g. `[031]`, or leave the brackets out)".into()
                    ))
                };
                (&l[..i], Some(c))
            }
            _ => (l.as_str(), None),
        };
        let form = match rest.find('{') {
            Some(i) => {
                if !rest[i..].contains('}') {
                    skip_line!(r.err(no, "unclosed `{` in the verb's forms".into()))
                }
                &rest[..i]
            }
            None => rest,
        };
        let form = form.trim();
        if form.is_empty() || form.split_whitespace().count() > 2 {
            skip_line!(r.err(
                no,
                format!(
                    "`{}` is not a verb form (a verb line is `VERB`, `VERB {{FORMS}}` or `VERB [CODE]`)",
                    l.trim()
                )
            ))
        }
        let code = code.or_else(|| block_code.clone());
        let verb = match r.verb(form) {
            Ok(v) => v,
            Err(reason) => {
                out.report.verbs_skipped.push(note(reason));
                continue;
            }
        };
        let verb = Verb { code, ..verb };
        if let Some(c) = verb.code.as_ref().and_then(|c| c.fwd.clone()) {
            let recip = verb.code.as_ref().and_then(|c| c.rev.as_deref()) == Some(c.as_str());
            let p = Pattern {
                prt: alt(verb.prt.clone()),
                recip,
                ..Pattern::new(&c, &verb.lemma, false, origin.clone())
            };
            if c != NULL_CODE && !known_code(&c) {
                unknown.insert(c.clone());
            }
            push_best(&mut out, &mut best, p, 0, l.trim());
        }
        verbs.push(verb);
    }
    // Report the shadowed duplicates (recorded in `best` as losers).
    out.report.patterns = out.patterns.len();
    out.report.unknown_codes = unknown.into_iter().collect();
    out
}

/// The code of a block header's rest (`NAME [CODE] ---`), if it has one; a
/// second bracket (seen in old files) is ignored.
fn block_code(h: &str) -> Result<Option<Code>, String> {
    let Some(i) = h.find('[') else {
        return Ok(None);
    };
    let j = h[i..]
        .find(']')
        .ok_or_else(|| "unclosed `[` in the block header".to_string())?;
    Code::parse(&h[i + 1..i + j])
        .map(Some)
        .ok_or_else(|| "empty code in the block header".to_string())
}

/// Add `p` unless a pattern with the same trigger and constraints from this
/// file lost less; the loser goes to the report as shadowed.
fn push_best(
    out: &mut Conversion,
    best: &mut HashMap<String, (usize, usize, String, String)>,
    p: Pattern,
    loss: usize,
    text: &str,
) {
    let id = p.id();
    let key = id
        .split_once(' ')
        .map(|(_, k)| k.to_string())
        .unwrap_or(id.clone());
    match best.get_mut(&key) {
        Some((old_loss, idx, old_origin, old_text)) => {
            let (winner, loser_origin, loser_text) = if loss < *old_loss {
                let lo = std::mem::replace(old_origin, p.origin.clone());
                let lt = std::mem::replace(old_text, text.to_string());
                *old_loss = loss;
                out.patterns[*idx] = p.clone();
                (p.id(), lo, lt)
            } else {
                (out.patterns[*idx].id(), p.origin.clone(), text.to_string())
            };
            let n = Note {
                origin: loser_origin,
                text: loser_text,
                reason: format!("same dyad pattern as `{winner}`, which is kept"),
            };
            if !out.report.shadowed.iter().any(|o| o.origin == n.origin) {
                out.report.shadowed.push(n);
            }
        }
        None => {
            best.insert(
                key,
                (loss, out.patterns.len(), p.origin.clone(), text.to_string()),
            );
            out.patterns.push(p);
        }
    }
}

fn alt(s: Option<String>) -> Option<Alternatives> {
    s.map(|s| Alternatives(vec![s]))
}

/// Lines without comments, numbered from 1; blank lines dropped.
fn strip_comments(text: &str) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    let mut in_xml = false;
    for (i, raw) in text.lines().enumerate() {
        let mut line = raw.to_string();
        let mut kept = String::new();
        loop {
            if in_xml {
                match line.find("-->") {
                    Some(j) => {
                        line = line[j + 3..].to_string();
                        in_xml = false;
                    }
                    None => break,
                }
            } else {
                match line.find("<!--") {
                    Some(j) => {
                        kept.push_str(&line[..j]);
                        line = line[j + 4..].to_string();
                        in_xml = true;
                    }
                    None => {
                        kept.push_str(&line);
                        break;
                    }
                }
            }
        }
        let kept = &kept[..comment_start(&kept)];
        if !kept.trim().is_empty() {
            out.push((i + 1, kept.trim_end().to_string()));
        }
    }
    out
}

/// Where a `#` comment starts: a `#` at the start of the line or after
/// whitespace or a `]` (so the odd code `[###]` is a code, not a comment).
fn comment_start(line: &str) -> usize {
    let mut prev = ' ';
    for (i, c) in line.char_indices() {
        if c == '#' && (prev.is_whitespace() || prev == ']') {
            return i;
        }
        prev = c;
    }
    line.len()
}

/// Split `PATTERN [CODE]` into the pattern and its code.
fn split_code(pat: &str) -> Result<(&str, Code), String> {
    let t = pat.trim_end();
    let Some(body) = t.strip_suffix(']') else {
        return Err("a pattern must end with its code in brackets, e.g. `[064]`".into());
    };
    let i = body
        .rfind('[')
        .ok_or_else(|| "unbalanced `]` in the pattern's code".to_string())?;
    let code =
        Code::parse(&body[i + 1..]).ok_or_else(|| "empty code `[]` in the pattern".to_string())?;
    Ok((&body[..i], code))
}

/// Break a pattern (or synset member) into tokens: words split on spaces
/// and `_`, `{…}` and `(…)` grouped.
fn tokenize(s: &str) -> Result<Vec<Tok>, String> {
    let mut stack: Vec<(char, Vec<Tok>)> = vec![(' ', Vec::new())];
    let mut word = String::new();
    fn flush(word: &mut String, into: &mut Vec<Tok>) {
        if word.is_empty() {
            return;
        }
        let w = std::mem::take(word).to_uppercase();
        into.push(match w.as_str() {
            "*" => Tok::Verb,
            "$" => Tok::Source,
            "+" => Tok::Target,
            "%" => Tok::Recip,
            "^" => Tok::Skip,
            _ => match w.strip_prefix('&') {
                Some(l) => Tok::Synset(l.to_string()),
                None => Tok::Word(w),
            },
        });
    }
    for ch in s.chars() {
        match ch {
            ' ' | '\t' | '_' => flush(&mut word, &mut stack.last_mut().expect("root").1),
            '*' | '$' | '%' | '^' => {
                flush(&mut word, &mut stack.last_mut().expect("root").1);
                word.push(ch);
                flush(&mut word, &mut stack.last_mut().expect("root").1);
            }
            '+' if word.is_empty() => {
                word.push('+');
                flush(&mut word, &mut stack.last_mut().expect("root").1);
            }
            '{' | '(' => {
                flush(&mut word, &mut stack.last_mut().expect("root").1);
                if stack.len() > MAX_NESTING {
                    return Err(format!(
                        "`{{…}}` and `(…)` nested more than {MAX_NESTING} deep"
                    ));
                }
                stack.push((ch, Vec::new()));
            }
            '}' | ')' => {
                flush(&mut word, &mut stack.last_mut().expect("root").1);
                let want = if ch == '}' { '{' } else { '(' };
                match stack.pop() {
                    Some((open, toks)) if open == want && !stack.is_empty() => {
                        let t = if ch == '}' {
                            Tok::Phrase(toks)
                        } else {
                            Tok::PrepPhrase(toks)
                        };
                        stack.last_mut().expect("root").1.push(t);
                    }
                    _ => return Err(format!("unbalanced `{ch}`")),
                }
            }
            '[' | ']' => return Err(format!("unexpected `{ch}` inside the pattern")),
            c => word.push(c),
        }
    }
    flush(&mut word, &mut stack.last_mut().expect("root").1);
    if stack.len() != 1 {
        return Err(format!("unclosed `{}`", stack.last().expect("open").0));
    }
    Ok(stack.pop().expect("root").1)
}

fn count_verbs(toks: &[Tok]) -> usize {
    toks.iter()
        .map(|t| match t {
            Tok::Verb => 1,
            Tok::Phrase(v) | Tok::PrepPhrase(v) => count_verbs(v),
            _ => 0,
        })
        .sum()
}

/// The dyad constraints a pattern converts to.
#[derive(Debug, Clone, Default)]
struct Shape {
    prt: Option<String>,
    obj: Option<Vec<String>>,
    prep: Option<String>,
    pobj: Option<Vec<String>>,
    xcomp: Option<String>,
    src: Option<String>,
    recip: bool,
    losses: Vec<String>,
}

fn words_of(toks: &[Tok]) -> String {
    toks.iter()
        .map(|t| match t {
            Tok::Verb => "*".to_string(),
            Tok::Source => "$".into(),
            Tok::Target => "+".into(),
            Tok::Recip => "%".into(),
            Tok::Skip => "^".into(),
            Tok::Word(w) => w.clone(),
            Tok::Synset(s) => format!("&{s}"),
            Tok::Phrase(v) => format!("{{{}}}", words_of(v)),
            Tok::PrepPhrase(v) => format!("({})", words_of(v)),
        })
        .collect::<Vec<_>>()
        .join(" ")
}

impl Reader<'_> {
    fn err(&self, line: usize, msg: String) -> PatternError {
        PatternError {
            origin: format!("{}:{line}", self.name),
            msg,
        }
    }

    fn check_synsets(&self, toks: &[Tok]) -> Result<(), String> {
        for t in toks {
            match t {
                Tok::Synset(s) if !self.synsets.contains_key(s.trim_end_matches('_')) => {
                    return Err(format!("synset `&{s}` is not defined in this file"))
                }
                Tok::Phrase(v) | Tok::PrepPhrase(v) => self.check_synsets(v)?,
                _ => {}
            }
        }
        Ok(())
    }

    /// A verb line's form → lemma and particle.
    fn verb(&self, form: &str) -> Result<Verb, String> {
        let form = form.trim();
        if form.contains(char::is_whitespace) && !form.contains('+') {
            // `LASH OUT`: verb and particle written with a space.
            let mut w = form.split_whitespace();
            let (v, p) = (w.next().unwrap_or(""), w.next().unwrap_or(""));
            if PARTICLES.contains(&p.to_uppercase().as_str())
                || PREPOSITIONS.contains(&p.to_uppercase().as_str())
            {
                return Ok(Verb {
                    lemma: (self.lemma)(v, WordClass::Verb),
                    prt: Some(p.to_lowercase()),
                    code: None,
                });
            }
            return Err(format!(
                "multi-word verb `{form}` whose second word is not a particle"
            ));
        }
        if !form.contains('+') && !form.contains('_') {
            return Ok(Verb {
                lemma: (self.lemma)(form, WordClass::Verb),
                prt: None,
                code: None,
            });
        }
        let words: Vec<&str> = form
            .split(|c: char| c == '_' || c.is_whitespace())
            .filter(|w| !w.is_empty())
            .collect();
        let vi = words.iter().position(|w| w.starts_with('+')).unwrap_or(0);
        if vi > 0 {
            return Err(format!(
                "multi-word verb `{form}` with words before the verb: dyad has no constraint on preceding words"
            ));
        }
        // `_` or `+` alone: separators with no word (found by fuzzing).
        let Some(v) = words
            .get(vi)
            .map(|w| w.trim_start_matches('+'))
            .filter(|v| !v.is_empty())
        else {
            return Err(format!("`{form}` has no verb word"));
        };
        match &words[vi + 1..] {
            [] => Ok(Verb {
                lemma: (self.lemma)(v, WordClass::Verb),
                prt: None,
                code: None,
            }),
            [p] => Ok(Verb {
                lemma: (self.lemma)(v, WordClass::Verb),
                prt: Some(p.to_lowercase()),
                code: None,
            }),
            more => Err(format!(
                "multi-word verb `{form}` with {} words after the verb: dyad takes one particle",
                more.len()
            )),
        }
    }

    /// The heads a noun-ish token stands for, and whether a multi-word
    /// member was reduced to its head.
    fn heads(&self, t: &Tok, depth: usize) -> Result<(Vec<String>, Vec<String>), String> {
        match t {
            Tok::Word(w) => Ok((vec![self.noun(w)], Vec::new())),
            Tok::Synset(s) => self.synset_heads(s, depth),
            Tok::Phrase(v) => self.phrase_head(v, depth),
            other => Err(format!(
                "`{}` is not a noun",
                words_of(std::slice::from_ref(other))
            )),
        }
    }

    /// The heads of a synset's members, computed once per synset.
    fn synset_heads(&self, s: &str, depth: usize) -> Heads {
        let label = s.trim_end_matches('_');
        if let Some(Ok(done)) = self.heads_memo.borrow().get(label) {
            return Ok(done.clone());
        }
        // In progress below us: the synset names itself. The depth bound
        // keeps long chains of synsets from exhausting the stack.
        if depth > MAX_SYNSET_DEPTH || matches!(self.heads_memo.borrow().get(label), Some(Err(_))) {
            return Err(format!(
                "synset `&{s}` contains itself (or synsets are nested more than {MAX_SYNSET_DEPTH} deep)"
            ));
        }
        let (members, _) = self
            .synsets
            .get(label)
            .ok_or_else(|| format!("synset `&{s}` is not defined"))?;
        self.heads_memo
            .borrow_mut()
            .insert(label.to_string(), Err("in progress".into()));
        let result = self.member_heads(s, members, depth);
        match &result {
            Ok(_) => {
                self.heads_memo
                    .borrow_mut()
                    .insert(label.to_string(), result.clone());
            }
            Err(_) => {
                self.heads_memo.borrow_mut().remove(label);
            }
        }
        result
    }

    /// The heads of the members of synset `s`, each once.
    fn member_heads(&self, s: &str, members: &[Vec<Tok>], depth: usize) -> Heads {
        let mut out = Vec::new();
        let mut lost = Vec::new();
        for m in members {
            let (h, l) = self.phrase_head(m, depth + 1)?;
            for x in h {
                if !out.contains(&x) {
                    out.push(x);
                }
            }
            if !l.is_empty() && lost.is_empty() {
                lost.push(format!(
                    "multi-word members of `&{s}` matched on their head only"
                ));
            }
        }
        Ok((out, lost))
    }

    /// A run of words: the last is the head; the others are reported.
    fn phrase_head(&self, v: &[Tok], depth: usize) -> Result<(Vec<String>, Vec<String>), String> {
        let Some(last) = v.last() else {
            return Err("empty noun phrase `{}`".into());
        };
        let (h, mut lost) = self.heads(last, depth)?;
        if v.len() > 1 {
            lost.push(format!(
                "modifier words `{}` not checked",
                words_of(&v[..v.len() - 1])
            ));
        }
        Ok((h, lost))
    }

    fn noun(&self, w: &str) -> String {
        (self.lemma)(w, WordClass::Noun)
    }

    /// The dyad constraints of a tokenized pattern, or why there are none.
    fn shape(&self, toks: &[Tok]) -> Result<Shape, String> {
        let star = toks
            .iter()
            .position(|t| *t == Tok::Verb)
            .ok_or("the verb `*` is inside a phrase: dyad's trigger is the verb itself")?;
        let (pre, post) = (&toks[..star], &toks[star + 1..]);
        let mut s = Shape::default();
        let mut target_is_subject = false;
        match pre {
            [] | [Tok::Source] => {}
            [Tok::Recip] => s.recip = true,
            [Tok::Target] => target_is_subject = true,
            _ => return Err(context_reason("before", pre)),
        }
        let mut i = 0;
        while i < post.len() {
            let t = &post[i];
            let next = post.get(i + 1);
            match t {
                Tok::Word(w) if i == 0 && PARTICLES.contains(&w.as_str()) => {
                    s.prt = Some(w.to_lowercase());
                    i += 1;
                }
                Tok::Word(w) if w == "TO" && matches!(next, Some(Tok::Word(n)) if !FUNCTION_WORDS.contains(&n.as_str()) && !PREPOSITIONS.contains(&n.as_str())) =>
                {
                    if s.xcomp.is_some() || s.obj.is_some() {
                        return Err(format!("more than one complement: `{}`", words_of(post)));
                    }
                    let Some(Tok::Word(v)) = next else {
                        unreachable!()
                    };
                    s.xcomp = Some((self.lemma)(v, WordClass::Verb));
                    let rest = words_until_break(&post[i + 2..]);
                    if rest > 0 {
                        s.losses.push(format!(
                            "words after the complement verb `{}` not checked",
                            words_of(&post[i + 2..i + 2 + rest])
                        ));
                    }
                    i += 2 + rest;
                }
                Tok::Word(w) if PREPOSITIONS.contains(&w.as_str()) => {
                    let n = words_until_break(&post[i + 1..]);
                    let after = &post[i + 1..i + 1 + n];
                    let stop = post.get(i + 1 + n);
                    let consumed = self.prep(&mut s, w, after, stop)?;
                    i += 1 + n + consumed;
                }
                Tok::PrepPhrase(v) => {
                    let Some(Tok::Word(p)) = v.first() else {
                        return Err(format!(
                            "`({})` does not start with a preposition",
                            words_of(v)
                        ));
                    };
                    let inner = &v[1..];
                    match inner {
                        [Tok::Target] | [] => self.prep(&mut s, p, &[], inner.first())?,
                        [Tok::Source] | [Tok::Recip] => self.prep(&mut s, p, &[], inner.first())?,
                        _ if inner
                            .iter()
                            .all(|t| matches!(t, Tok::Word(_) | Tok::Synset(_) | Tok::Phrase(_))) =>
                        {
                            self.prep(&mut s, p, inner, None)?
                        }
                        _ => {
                            return Err(format!(
                                "prepositional phrase `({})` with actor markers inside a noun phrase",
                                words_of(v)
                            ))
                        }
                    };
                    i += 1;
                }
                Tok::Word(_) | Tok::Synset(_) | Tok::Phrase(_) => {
                    let n = words_until_break(&post[i..]).max(1);
                    let run = &post[i..i + n];
                    if let Some(f) = run.iter().find_map(|t| match t {
                        Tok::Word(w) if FUNCTION_WORDS.contains(&w.as_str()) || is_adverb(w) => {
                            Some(w.clone())
                        }
                        _ => None,
                    }) {
                        return Err(context_reason_word("after", &f, post));
                    }
                    if s.obj.is_some() || s.xcomp.is_some() {
                        return Err(format!(
                            "a second object noun phrase: dyad has one obj: slot (`{}`)",
                            words_of(post)
                        ));
                    }
                    let (h, lost) = self.phrase_head(run, 0)?;
                    s.obj = Some(h);
                    s.losses.extend(lost);
                    i += n;
                }
                Tok::Target => i += 1, // the object is the target: dyad's default
                Tok::Recip => {
                    s.recip = true;
                    i += 1;
                }
                Tok::Source => {
                    return Err(
                        "`$` after the verb without a preposition: dyad takes the source from the subject or a src: preposition".into(),
                    )
                }
                Tok::Skip => {
                    return Err("`^` (skip a phrase): no dyad equivalent".into());
                }
                Tok::Verb => unreachable!("one verb"),
            }
        }
        if target_is_subject && s.src.is_none() {
            return Err(
                "`+` before the verb without `$` after a preposition: dyad's subject is the source unless src: names the giver".into(),
            );
        }
        if !target_is_subject && s.src.is_some() {
            return Err(
                "`$` after a preposition without `+` before the verb: the target is not placed"
                    .into(),
            );
        }
        Ok(s)
    }

    /// A preposition `p` followed by the noun run `after` and then `stop`
    /// (an actor marker or nothing). Returns how many tokens of `stop` it used.
    fn prep(
        &self,
        s: &mut Shape,
        p: &str,
        after: &[Tok],
        stop: Option<&Tok>,
    ) -> Result<usize, String> {
        let p = p.to_lowercase();
        let taken = |s: &Shape| s.prep.is_some();
        if !after.is_empty() {
            if s.prep.is_some() {
                return Err(format!(
                    "a second prepositional phrase (`{p} …`): dyad has one prep: slot"
                ));
            }
            if let Some(f) = after.iter().find_map(|t| match t {
                Tok::Word(w) if FUNCTION_WORDS.contains(&w.as_str()) || is_adverb(w) => {
                    Some(w.clone())
                }
                _ => None,
            }) {
                return Err(context_reason_word("after", &f, after));
            }
            let (h, lost) = self.phrase_head(after, 0)?;
            s.prep = Some(p);
            s.pobj = Some(h);
            s.losses.extend(lost);
            return Ok(0);
        }
        match stop {
            Some(Tok::Source) => {
                if s.src.is_some() {
                    return Err("two source prepositions".into());
                }
                s.src = Some(p);
                Ok(1)
            }
            Some(Tok::Target) | None => {
                if taken(s) {
                    return Err(format!(
                        "a second prepositional phrase (`{p} …`): dyad has one prep: slot"
                    ));
                }
                s.prep = Some(p);
                Ok(usize::from(stop.is_some()))
            }
            Some(Tok::Recip) => {
                if taken(s) {
                    return Err(format!(
                        "a second prepositional phrase (`{p} …`): dyad has one prep: slot"
                    ));
                }
                s.prep = Some(p);
                s.recip = true;
                Ok(1)
            }
            Some(Tok::PrepPhrase(_)) | Some(Tok::Word(_)) => {
                // A bare preposition before another phrase ("* OFF FOR (…)").
                if taken(s) {
                    return Err(format!(
                        "a second prepositional phrase (`{p} …`): dyad has one prep: slot"
                    ));
                }
                s.prep = Some(p);
                Ok(0)
            }
            Some(Tok::Skip) => Err("`^` (skip a phrase): no dyad equivalent".into()),
            Some(other) => Err(format!(
                "`{}` after a preposition",
                words_of(std::slice::from_ref(other))
            )),
        }
    }
}

/// How many tokens from the start form a noun run (words, synsets, `{…}`)
/// before a preposition, an actor marker or a `(…)`.
fn words_until_break(toks: &[Tok]) -> usize {
    toks.iter()
        .take_while(|t| match t {
            Tok::Word(w) => !PREPOSITIONS.contains(&w.as_str()),
            Tok::Synset(_) | Tok::Phrase(_) => true,
            _ => false,
        })
        .count()
}

fn context_reason(side: &str, toks: &[Tok]) -> String {
    let w = toks.iter().find_map(|t| match t {
        Tok::Word(w) if FUNCTION_WORDS.contains(&w.as_str()) || is_adverb(w) => Some(w.clone()),
        _ => None,
    });
    match w {
        Some(w) => context_reason_word(side, &w, toks),
        None => format!(
            "words {side} the verb: dyad has no constraint on the subject or on preceding words (`{}`)",
            words_of(toks)
        ),
    }
}

fn context_reason_word(side: &str, w: &str, toks: &[Tok]) -> String {
    format!(
        "auxiliary, negation or adverb {side} the verb: dyad judges negation and modality itself and has no adverb constraint (`{w}` in `{}`)",
        words_of(toks)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A toy lemmatizer: lowercase, `-s` plurals, a few irregular verbs.
    fn lemma(w: &str, c: WordClass) -> String {
        let w = w.to_lowercase();
        match (c, w.as_str()) {
            (WordClass::Verb, "parleyed") => "parley".into(),
            (WordClass::Verb, "spake") => "speak".into(),
            (_, s) if s.len() > 3 && s.ends_with('s') && !s.ends_with("ss") => {
                s[..s.len() - 1].to_string()
            }
            _ => w,
        }
    }

    fn conv(text: &str) -> Conversion {
        convert("t.txt", text, &lemma, &|c| {
            c.len() == 3 && c.starts_with('0')
        })
        .unwrap_or_else(|e| panic!("{e}"))
    }

    fn ids(c: &Conversion) -> Vec<String> {
        c.patterns.iter().map(|p| p.id()).collect()
    }

    const HEAD: &str = "<!-- a toy dictionary -->\n&TIES\n+TRADE_\n+GROG\n+&BOOZE\n\n&BOOZE\n+MEAD\n+BARLEY WINE\n\n";

    #[test]
    fn detects_the_format_by_content() {
        assert!(looks_like_verb_dictionary(HEAD));
        assert!(looks_like_verb_dictionary(
            "# notes\n--- PARLEY [031] ---\n"
        ));
        assert!(!looks_like_verb_dictionary("# dyad\n036 meet prep:with\n"));
    }

    #[test]
    fn verbs_and_block_codes() {
        let c = conv(&format!(
            "{HEAD}--- PARLEY [031] ---\nPARLEYED\nSPAKE {{SPOKEN}} [032]\n+HUDDLE_UP\nWIRE_+GLOB\n--- MUSE [---] ---\nMUSE\n"
        ));
        assert_eq!(
            ids(&c),
            ["031 parley", "032 speak", "031 huddle prt:up", "--- muse"]
        );
        assert_eq!(c.report.verbs, 5);
        assert_eq!(c.report.verbs_skipped.len(), 1);
        assert!(c.report.verbs_skipped[0]
            .reason
            .contains("words before the verb"));
        assert_eq!(c.report.verbs_skipped[0].origin, "t.txt:15");
    }

    #[test]
    fn each_construct_converts() {
        let c = conv(&format!(
            "{HEAD}--- PARLEY [---] ---\nPARLEY\n\
             - * DOWN  [011]\n\
             - *_OFF GROGS [012]\n\
             - * PACTS [013]\n\
             - * {{BARLEY PACTS}} [014]\n\
             - * &TIES [015]\n\
             - * TO RESIGN [016]\n\
             - * AGAINST + [017]\n\
             - * (TO) [018]\n\
             - * (IN &BOOZE) [019]\n\
             - + * FROM $ [020]\n\
             - + * (FROM $) [021]\n\
             - % * [022:022]\n\
             - * WITH % [023]\n\
             - * OVER [024:025]\n"
        ));
        let got = ids(&c);
        for want in [
            "011 parley prt:down",
            "012 parley prt:off obj:grog",
            "013 parley obj:pact",
            "015 parley obj:trade|grog|mead|wine",
            "016 parley xcomp:resign",
            "017 parley prep:against",
            "018 parley prep:to",
            "019 parley prep:in pobj:mead|wine",
            "020 parley src:from",
            "022 parley recip",
            "023 parley prep:with recip",
            "024 parley prep:over",
        ] {
            assert!(got.contains(&want.to_string()), "{want} not in {got:?}");
        }
        // {BARLEY PACTS} lost its modifier, so the exact `* PACTS` wins;
        // `(FROM $)` is the same dyad pattern as `FROM $`, found first.
        assert_eq!(c.report.shadowed.len(), 2, "{:?}", c.report.shadowed);
        assert!(c.report.shadowed[0].text.contains("BARLEY"));
        let approx: Vec<&str> = c
            .report
            .approximated
            .iter()
            .map(|n| n.reason.as_str())
            .collect();
        assert!(
            approx.iter().any(|r| r.contains("modifier words `BARLEY`")),
            "{approx:?}"
        );
        assert!(approx.iter().any(|r| r.contains("head only")), "{approx:?}");
        assert!(
            approx.iter().any(|r| r.contains("reverse code 025")),
            "{approx:?}"
        );
        assert_eq!(c.report.skipped, vec![]);
        assert_eq!(c.report.pattern_lines, 14);
        assert_eq!(c.report.converted, 14);
        assert!(c.report.unknown_codes.is_empty());
    }

    #[test]
    fn patterns_apply_to_every_verb_of_the_block() {
        let c = conv("--- PARLEY [031] ---\nPARLEY\nCONFER\n- * PACTS [013]\n");
        assert_eq!(
            ids(&c),
            [
                "031 parley",
                "031 confer",
                "013 parley obj:pact",
                "013 confer obj:pact"
            ]
        );
        assert_eq!(c.report.converted, 1);
        assert_eq!(c.report.patterns, 4);
    }

    #[test]
    fn unconvertible_patterns_are_reported() {
        let c = conv(
            "--- PARLEY [031] ---\nPARLEY\n\
             - SAID * PACTS [101]\n\
             - NOT * [102]\n\
             - * WOULD VISIT [103]\n\
             - * ^ WITH + [104]\n\
             - * PACTS $ [105]\n\
             - * (TO GROG) (OF MEAD) [106]\n\
             - * [:107]\n\
             - * ANGRILY [108]\n\
             - * &NOPE [109]\n",
        );
        assert_eq!(ids(&c), ["031 parley"]);
        assert_eq!(c.report.skipped.len(), 9);
        let r: Vec<&str> = c.report.skipped.iter().map(|n| n.reason.as_str()).collect();
        assert!(r[0].starts_with("words before the verb"), "{}", r[0]);
        assert!(r[1].starts_with("auxiliary, negation"), "{}", r[1]);
        assert!(r[2].starts_with("auxiliary, negation"), "{}", r[2]);
        assert!(r[3].contains('^'), "{}", r[3]);
        assert!(r[4].contains('$'), "{}", r[4]);
        assert!(r[5].contains("second prepositional"), "{}", r[5]);
        assert!(r[6].starts_with("reverse-only"), "{}", r[6]);
        assert!(
            r[7].starts_with("auxiliary, negation or adverb"),
            "{}",
            r[7]
        );
        assert!(r[8].contains("`&NOPE` is not defined"), "{}", r[8]);
        assert_eq!(c.report.skipped[0].origin, "t.txt:3");
        assert!(c.report.summary().contains("0 of 9 patterns converted"));
        assert!(c
            .report
            .details()
            .contains("t.txt:3: not converted: - SAID * PACTS [101]"));
        let reasons = c.report.reasons();
        assert_eq!(reasons.iter().map(|r| r.1).sum::<usize>(), 9);
        assert_eq!(reasons[0].1, 2, "{reasons:?}");
    }

    #[test]
    fn unknown_codes_are_kept_and_counted() {
        let c = conv("--- PARLEY [903] ---\nPARLEY\n- * GROG [1717]\n- * MEAD [---]\n");
        assert_eq!(
            ids(&c),
            ["903 parley", "1717 parley obj:grog", "--- parley obj:mead"]
        );
        assert_eq!(c.report.unknown_codes, ["1717", "903"]);
    }

    /// Six malformed lines: a verb before any block, an empty synset
    /// label, a pattern without code, an unbalanced `)`, a broken block
    /// header (its lines are skipped with it), a pattern with two `*`.
    const MALFORMED: &str = "STRAY\n&\n+LOST\n--- PARLEY [031] ---\nPARLEY\n- * PACTS\n- * (WITH GROG) GROG) [013]\n- * MEAD [014]\n--- MUSE [032 ---\nMUSE\n- * MEAD [015]\n--- CONFER [033] ---\nCONFER\n- * * [016]\n";

    #[test]
    fn strict_conversion_lists_every_malformed_line() {
        let e = convert("bad.txt", MALFORMED, &lemma, &|_| true).unwrap_err();
        let origins: Vec<&str> = e.0.iter().map(|e| e.origin.as_str()).collect();
        assert_eq!(
            origins,
            [
                "bad.txt:1",
                "bad.txt:2",
                "bad.txt:6",
                "bad.txt:7",
                "bad.txt:9",
                "bad.txt:14"
            ]
        );
        assert!(e.to_string().ends_with(dyad_kb::LENIENT_HINT), "{e}");
    }

    #[test]
    fn lenient_conversion_skips_malformed_lines_and_converts_the_rest() {
        let c = convert_with("bad.txt", MALFORMED, &lemma, &|_| true, LoadMode::Lenient)
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(ids(&c), ["031 parley", "014 parley obj:mead", "033 confer"]);
        assert_eq!(c.report.malformed.len(), 6);
        assert_eq!(c.report.malformed[3].text, "- * (WITH GROG) GROG) [013]");
        // The lines of the block with the broken header are reported, not lost.
        let in_broken: Vec<&str> = c
            .report
            .skipped
            .iter()
            .filter(|n| n.reason.contains("header (line 9)"))
            .map(|n| n.origin.as_str())
            .collect();
        assert_eq!(in_broken, ["bad.txt:10", "bad.txt:11"]);
        assert!(c.report.summary().contains("6 malformed lines skipped"));
        assert!(c.report.details().contains(
            "bad.txt:7: malformed, skipped: - * (WITH GROG) GROG) [013]: unbalanced `)`"
        ));
    }

    #[test]
    fn synsets_naming_each_other_are_expanded_once() {
        // 30 synsets, each naming the next twice: 2^30 paths without memoising.
        let mut t = String::new();
        for i in 0..30 {
            t.push_str(&format!("&S{i}\n+&S{}\n+&S{}\n+W{i}\n", i + 1, i + 1));
        }
        t.push_str("&S30\n+END\n--- PARLEY [031] ---\nPARLEY\n- * &S0 [013]\n");
        let c = conv(&t);
        assert_eq!(c.report.converted, 1, "{:?}", c.report.skipped);
        // And a synset naming itself is an error for its patterns, not a hang.
        let c = conv("&A\n+&A\n+X\n--- P [031] ---\nP\n- * &A [013]\n");
        assert!(c.report.skipped[0].reason.contains("contains itself"));
    }

    #[test]
    fn deeply_nested_phrases_are_refused() {
        let deep = format!("{}X{}", "(".repeat(5000), ")".repeat(5000));
        let e = convert(
            "d.txt",
            &format!("--- P [031] ---\nP\n- * {deep} [013]\n"),
            &lemma,
            &|_| true,
        )
        .unwrap_err();
        assert!(e.0[0].msg.contains("nested more than"), "{e}");
    }

    #[test]
    fn malformed_lines_name_file_and_line() {
        let e = |t: &str| {
            convert("bad.txt", t, &lemma, &|_| true)
                .map(|_| ())
                .unwrap_err()
                .0[0]
                .to_string()
        };
        assert_eq!(
            e("PARLEY\n"),
            "bad.txt:1: a verb or pattern before the first `--- VERB [CODE] ---` block header"
        );
        assert!(e("--- PARLEY [031] ---\nPARLEY\n- * PACTS\n")
            .starts_with("bad.txt:3: a pattern must end with its code"));
        assert!(e("--- PARLEY [031] ---\n\n- PACTS [013]\n")
            .starts_with("bad.txt:3: a pattern needs exactly one `*`"));
        assert!(e("--- P [031] ---\nP\n- * {GROG [013]\n").starts_with("bad.txt:3: unclosed `{`"));
        assert!(e("--- P [031 ---\nP\n").starts_with("bad.txt:1: unclosed `[`"));
        // Comments never count as lines of content, multi-line ones included.
        assert!(
            e("<!-- one\ntwo -->\n--- P [031] ---\nP # fine\n- * X # no code\n")
                .starts_with("bad.txt:5:")
        );
    }
}
