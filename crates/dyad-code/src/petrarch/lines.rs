//! The second pass over a file: verb blocks, verb lines and pattern lines,
//! converted to dyad patterns (the best of any duplicates kept).

use super::reader::Reader;
use super::report::{Conversion, Note};
use super::tokens::{block_code, count_verbs, split_code, tokenize, Code, Verb, NULL_CODE};
use crate::patterns::pattern::{Alternatives, Pattern, PatternError};
use std::collections::{BTreeSet, HashMap};

/// One line of the file being converted.
struct Line<'l> {
    no: usize,
    /// `file:line`.
    origin: String,
    text: &'l str,
}

impl Line<'_> {
    fn note(&self, reason: String) -> Note {
        Note {
            origin: self.origin.clone(),
            text: self.text.trim().to_string(),
            reason,
        }
    }
}

/// The conversion being built, line by line.
struct Converter<'a, 'r> {
    r: &'a Reader<'r>,
    known_code: &'a dyn Fn(&str) -> bool,
    out: Conversion,
    /// Best conversion per dyad pattern key: (loss, index into
    /// out.patterns, origin, text).
    best: HashMap<String, (usize, usize, String, String)>,
    unknown: BTreeSet<String>,
}

/// The verb blocks, verbs and patterns of a file, converted; malformed
/// lines go to `malformed` and are skipped.
pub(super) fn convert_lines(
    r: &Reader<'_>,
    lines: &[(usize, String)],
    known_code: &dyn Fn(&str) -> bool,
    malformed: &mut Vec<PatternError>,
) -> Conversion {
    let mut cv = Converter {
        r,
        known_code,
        out: Conversion::default(),
        best: HashMap::new(),
        unknown: BTreeSet::new(),
    };
    cv.out.report.name = r.name.to_string();
    // The line of a malformed block header whose block is being skipped.
    let mut broken_block: Option<usize> = None;
    let mut block: Option<(Option<Code>, Vec<Verb>)> = None;
    let mut in_synset = false;
    for &(no, ref l) in lines {
        let line = Line {
            no,
            origin: format!("{}:{no}", r.name),
            text: l,
        };
        if l.starts_with('&') {
            in_synset = true;
            continue;
        }
        if let Some(h) = l.strip_prefix("---") {
            in_synset = false;
            cv.out.report.blocks += 1;
            match header_code(h) {
                Ok(code) => {
                    block = Some((code, Vec::new()));
                    broken_block = None;
                }
                Err(e) => {
                    block = None;
                    broken_block = Some(no);
                    malformed.push(r.err(
                        no,
                        format!("{e}; the block's verb and pattern lines are skipped too (write `--- VERB [CODE] ---`)")
                    ));
                }
            }
            continue;
        }
        if in_synset && l.starts_with('+') && !l.contains('{') {
            continue; // a synset member, read above
        }
        in_synset = false;
        if l.starts_with('~') {
            cv.transformation(&line);
            continue;
        }
        let Some((block_code, verbs)) = block.as_mut() else {
            if let Some(header) = broken_block {
                cv.out.report.skipped.push(line.note(format!(
                    "in a block whose header (line {header}) is malformed"
                )));
                continue;
            }
            malformed.push(r.err(
                no,
                "a verb or pattern before the first `--- VERB [CODE] ---` block header".into(),
            ));
            continue;
        };
        let done = match l.strip_prefix('-') {
            Some(pat) => cv.pattern_line(&line, pat, verbs),
            None => cv.verb_line(&line, block_code, verbs),
        };
        if let Err(e) = done {
            malformed.push(e);
        }
    }
    cv.out.report.patterns = cv.out.patterns.len();
    cv.out.report.unknown_codes = cv.unknown.into_iter().collect();
    cv.out
}

/// A block header's code: the closing `---` is customary, not required (a
/// `#` comment may cut it off, as PETRARCH's own reader allows).
fn header_code(h: &str) -> Result<Option<Code>, String> {
    let h = h.trim_end();
    block_code(h.strip_suffix("---").unwrap_or(h))
}

impl Converter<'_, '_> {
    /// Notes a code the ontology does not know (kept, and reported).
    fn check_code(&mut self, code: &str) {
        if code != NULL_CODE && !(self.known_code)(code) {
            self.unknown.insert(code.to_string());
        }
    }

    /// A PETRARCH-2 verb transformation (`~`): reported, not converted.
    fn transformation(&mut self, line: &Line<'_>) {
        self.out.report.pattern_lines += 1;
        self.out.report.skipped.push(line.note(
            "verb transformation (`~`): PETRARCH-2 recodes an event reported by another verb's event; dyad has no equivalent".into(),
        ));
    }

    /// A pattern line (`- … * … [CODE]`): one dyad pattern per verb of the
    /// block; `Err` for a malformed line.
    fn pattern_line(
        &mut self,
        line: &Line<'_>,
        pat: &str,
        verbs: &[Verb],
    ) -> Result<(), PatternError> {
        let r = self.r;
        self.out.report.pattern_lines += 1;
        let (body, code) = split_code(pat).map_err(|e| r.err(line.no, e))?;
        let toks = tokenize(body).map_err(|e| r.err(line.no, e))?;
        let stars = count_verbs(&toks);
        if stars != 1 {
            return Err(r.err(
                line.no,
                format!("a pattern needs exactly one `*` (the verb), found {stars}"),
            ));
        }
        // PETRARCH skips a pattern that names an undefined synset (with a
        // warning); so does this reader, in the report.
        if let Err(why) = r.check_synsets(&toks) {
            self.out.report.skipped.push(line.note(why));
            return Ok(());
        }
        let Some(fwd) = code.fwd.clone() else {
            self.out.report.skipped.push(
                line.note("reverse-only code: dyad codes the subject's side of the event".into()),
            );
            return Ok(());
        };
        let shape = match r.shape(&toks) {
            Ok(s) => s,
            Err(reason) => {
                self.out.report.skipped.push(line.note(reason));
                return Ok(());
            }
        };
        let mut losses = shape.losses.clone();
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
                ..Pattern::new(&fwd, &v.lemma, false, line.origin.clone())
            };
            self.check_code(&fwd);
            push_best(
                &mut self.out,
                &mut self.best,
                p,
                losses.len(),
                line.text.trim(),
            );
            made += 1;
        }
        if made > 0 {
            self.out.report.converted += 1;
            if !losses.is_empty() {
                self.out
                    .report
                    .approximated
                    .push(line.note(losses.join("; ")));
            }
        } else {
            self.out.report.skipped.push(line.note(
                "no usable verb in its block takes it (the block's verbs have particles of their own)".into(),
            ));
        }
        Ok(())
    }

    /// A verb line: `FORM [{IRREGULAR FORMS}] [CODE]`; `Err` for a
    /// malformed line.
    fn verb_line(
        &mut self,
        line: &Line<'_>,
        block_code: &Option<Code>,
        verbs: &mut Vec<Verb>,
    ) -> Result<(), PatternError> {
        let (r, l) = (self.r, line.text);
        self.out.report.verbs += 1;
        let (rest, code) = match l.rfind('[') {
            Some(i) if l.trim_end().ends_with(']') => {
                let inner = &l[i + 1..l.trim_end().len() - 1];
                let Some(c) = Code::parse(inner) else {
                    return Err(r.err(
                        line.no,
                        "empty code `[]` (write the verb's code, e.g. `[031]`, or leave the brackets out)".into()
                    ));
                };
                (&l[..i], Some(c))
            }
            _ => (l, None),
        };
        let form = match rest.find('{') {
            Some(i) => {
                if !rest[i..].contains('}') {
                    return Err(r.err(line.no, "unclosed `{` in the verb's forms".into()));
                }
                &rest[..i]
            }
            None => rest,
        };
        let form = form.trim();
        if form.is_empty() || form.split_whitespace().count() > 2 {
            return Err(r.err(
                line.no,
                format!(
                    "`{}` is not a verb form (a verb line is `VERB`, `VERB {{FORMS}}` or `VERB [CODE]`)",
                    l.trim()
                ),
            ));
        }
        let code = code.or_else(|| block_code.clone());
        let verb = match r.verb(form) {
            Ok(v) => v,
            Err(reason) => {
                self.out.report.verbs_skipped.push(line.note(reason));
                return Ok(());
            }
        };
        let verb = Verb { code, ..verb };
        if let Some(c) = verb.code.as_ref().and_then(|c| c.fwd.clone()) {
            let recip = verb.code.as_ref().and_then(|c| c.rev.as_deref()) == Some(c.as_str());
            let p = Pattern {
                prt: alt(verb.prt.clone()),
                recip,
                ..Pattern::new(&c, &verb.lemma, false, line.origin.clone())
            };
            self.check_code(&c);
            push_best(&mut self.out, &mut self.best, p, 0, l.trim());
        }
        verbs.push(verb);
        Ok(())
    }
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
