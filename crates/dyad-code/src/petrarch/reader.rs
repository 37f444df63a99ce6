//! The parse of one file: its synsets, and each pattern's tokens read into
//! the dyad constraints they convert to ([`Shape`]).

use super::tokens::{
    context_reason, context_reason_word, is_adverb, tokenize, words_of, words_until_break,
    Lemmatizer, Tok, Verb, WordClass, FUNCTION_WORDS, MAX_SYNSET_DEPTH, PARTICLES, PREPOSITIONS,
};
use crate::patterns::pattern::PatternError;
use std::cell::RefCell;
use std::collections::HashMap;

/// The heads a synset stands for and what was lost reducing it, or why it cannot be read.
pub(super) type Heads = Result<(Vec<String>, Vec<String>), String>;

/// The parse of one file, before conversion.
pub(super) struct Reader<'a> {
    pub(super) name: &'a str,
    pub(super) synsets: HashMap<String, (Vec<Vec<Tok>>, usize)>,
    pub(super) lemma: Lemmatizer<'a>,
    /// Each synset's heads, computed once: synsets naming synsets would
    /// otherwise be expanded again for every path to them (exponential).
    pub(super) heads_memo: RefCell<HashMap<String, Heads>>,
}

/// The dyad constraints a pattern converts to.
#[derive(Debug, Clone, Default)]
pub(super) struct Shape {
    pub(super) prt: Option<String>,
    pub(super) obj: Option<Vec<String>>,
    pub(super) prep: Option<String>,
    pub(super) pobj: Option<Vec<String>>,
    pub(super) xcomp: Option<String>,
    pub(super) src: Option<String>,
    pub(super) recip: bool,
    pub(super) losses: Vec<String>,
}

/// Collects the synsets (`&LABEL` and its `+MEMBER` lines), which may be
/// defined anywhere in the file; malformed lines go to `malformed`.
pub(super) fn read_synsets(
    r: &mut Reader<'_>,
    lines: &[(usize, String)],
    malformed: &mut Vec<PatternError>,
) {
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

impl Reader<'_> {
    pub(super) fn err(&self, line: usize, msg: String) -> PatternError {
        PatternError {
            origin: format!("{}:{line}", self.name),
            msg,
        }
    }

    pub(super) fn check_synsets(&self, toks: &[Tok]) -> Result<(), String> {
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
    pub(super) fn verb(&self, form: &str) -> Result<Verb, String> {
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
    pub(super) fn shape(&self, toks: &[Tok]) -> Result<Shape, String> {
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
                    self.prep_phrase(&mut s, v)?;
                    i += 1;
                }
                Tok::Word(_) | Tok::Synset(_) | Tok::Phrase(_) => {
                    let n = words_until_break(&post[i..]).max(1);
                    self.object_run(&mut s, &post[i..i + n], post)?;
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

    /// A `(…)` prepositional phrase after the verb.
    fn prep_phrase(&self, s: &mut Shape, v: &[Tok]) -> Result<(), String> {
        let Some(Tok::Word(p)) = v.first() else {
            return Err(format!(
                "`({})` does not start with a preposition",
                words_of(v)
            ));
        };
        let inner = &v[1..];
        match inner {
            [Tok::Target] | [] => self.prep(s, p, &[], inner.first())?,
            [Tok::Source] | [Tok::Recip] => self.prep(s, p, &[], inner.first())?,
            _ if inner
                .iter()
                .all(|t| matches!(t, Tok::Word(_) | Tok::Synset(_) | Tok::Phrase(_))) =>
            {
                self.prep(s, p, inner, None)?
            }
            _ => {
                return Err(format!(
                    "prepositional phrase `({})` with actor markers inside a noun phrase",
                    words_of(v)
                ))
            }
        };
        Ok(())
    }

    /// A noun run after the verb (`run`, within the words `post` after it):
    /// the object, by its head.
    fn object_run(&self, s: &mut Shape, run: &[Tok], post: &[Tok]) -> Result<(), String> {
        if let Some(f) = run.iter().find_map(|t| match t {
            Tok::Word(w) if FUNCTION_WORDS.contains(&w.as_str()) || is_adverb(w) => Some(w.clone()),
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
        Ok(())
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
