//! The event-pattern dictionary: which trigger word, in which tree
//! configuration, means which CAMEO event code.
//!
//! The file format (`data/patterns.txt`, user files in the same format):
//!
//! ```text
//! # comment
//! # CODE  TRIGGER     CONSTRAINTS…              # optional comment
//! 036     meet        prep:with   recip
//! 036     hold        obj:talk    prep:with   recip
//! 190     n:attack    prep:on
//! 1243    refuse      xcomp:meet
//! 145     protest     notarget
//! ```
//!
//! * `CODE` — a CAMEO event code, leading zeros kept.
//! * `TRIGGER` — a verb lemma, or `n:` + a noun lemma for event nouns.
//! * Constraints, all of which must hold:
//!   `prt:P` (particle), `obj:N` (direct object lemma; `a|b` alternatives),
//!   `notobj:N` (the direct object, if any, is none of N: `0841 release
//!   notobj:statement|report` — releasing a report frees nobody),
//!   `prep:P` (the target is the object of preposition P on the trigger or on
//!   its `obj:` noun), `xcomp:V` (infinitive complement lemma, `*` = any),
//!   `pobj:N` (with `prep:`, the preposition's object must be N and is part
//!   of the trigger: `143 go prep:on pobj:strike`), `src:P` (the source is
//!   the object of preposition P and the subject the target: `072 receive
//!   obj:weapon src:from`), `subj:N` (the subject's head lemma must be N:
//!   `0874 withdraw subj:troop|force prep:from` — troops withdrawing is a
//!   military retreat, a party withdrawing is not), `recip` (code both
//!   directions), `notarget`,
//!   `passive` / `active`.
//!
//! A pattern's id — shown as evidence — is its code and pattern text, e.g.
//! `036 hold obj:talk prep:with recip`, so it stays stable when lines move.

pub mod pattern;

pub use pattern::{longest_prefix, Alternatives, Pattern, PatternError, PatternErrors, Voice};

use dyad_kb::LoadMode;
use std::collections::HashMap;

/// All patterns, indexed by trigger.
#[derive(Debug, Clone, Default)]
pub struct PatternSet {
    verbs: HashMap<String, Vec<Pattern>>,
    nouns: HashMap<String, Vec<Pattern>>,
    len: usize,
    /// One report per PETRARCH verb dictionary added: what was converted,
    /// approximated or left out, and why (see [`crate::petrarch`]).
    reports: Vec<crate::petrarch::ConversionReport>,
    /// Malformed lines of dyad-format files skipped by lenient loading.
    skipped: Vec<PatternError>,
}

/// The built-in dictionary shipped with dyad.
pub const BUILTIN: &str = include_str!("../../data/patterns.txt");

impl PatternSet {
    /// The built-in dictionary.
    pub fn builtin() -> Result<Self, PatternErrors> {
        let mut set = PatternSet::default();
        set.add_source("patterns.txt (built-in)", BUILTIN, &|_| true)?;
        Ok(set)
    }

    /// Parse `text` (named `name` in errors) and add its patterns. A user
    /// pattern with the same trigger and constraints as an existing one
    /// replaces it, so user files can re-code built-in patterns.
    /// `known_code` rejects codes the ontology does not know. Strict: if any
    /// line is malformed, nothing is added and the error lists every
    /// malformed line.
    pub fn add_source(
        &mut self,
        name: &str,
        text: &str,
        known_code: &dyn Fn(&str) -> bool,
    ) -> Result<(), PatternErrors> {
        self.add_source_with(name, text, known_code, LoadMode::Strict)
    }

    /// [`PatternSet::add_source`] with a choice of what malformed lines do:
    /// in [`LoadMode::Lenient`] they are skipped, listed in
    /// [`PatternSet::skipped`], and the other lines are added.
    pub fn add_source_with(
        &mut self,
        name: &str,
        text: &str,
        known_code: &dyn Fn(&str) -> bool,
        mode: LoadMode,
    ) -> Result<(), PatternErrors> {
        let mut good = Vec::new();
        let mut bad = Vec::new();
        for (i, raw) in text.lines().enumerate() {
            let origin = format!("{name}:{}", i + 1);
            let line = raw.split('#').next().unwrap_or("").trim();
            if line.is_empty() {
                continue;
            }
            match parse_line(line, origin).and_then(|p| known(p, known_code)) {
                Ok(p) => good.push(p),
                Err(e) => bad.push(e),
            }
        }
        if !bad.is_empty() && mode == LoadMode::Strict {
            return Err(PatternErrors(bad));
        }
        self.skipped.extend(bad);
        for p in good {
            self.insert(p);
        }
        Ok(())
    }

    /// Malformed lines of dyad-format pattern files skipped by lenient
    /// loading (those of PETRARCH verb dictionaries are in their
    /// [`crate::petrarch::ConversionReport::malformed`]).
    pub fn skipped(&self) -> &[PatternError] {
        &self.skipped
    }

    /// Convert a PETRARCH verb dictionary (see [`crate::petrarch`]) and add
    /// its patterns as [`PatternSet::add_source`] adds a user file's: a
    /// converted pattern with the same trigger and constraints as an existing
    /// one replaces it. Codes the ontology does not know are kept (custom
    /// codebooks); `known_code` only feeds the report. Returns the report,
    /// which is also kept in [`PatternSet::conversion_reports`].
    pub fn add_petrarch(
        &mut self,
        name: &str,
        text: &str,
        lemma: crate::petrarch::Lemmatizer<'_>,
        known_code: &dyn Fn(&str) -> bool,
    ) -> Result<&crate::petrarch::ConversionReport, PatternErrors> {
        self.add_petrarch_with(name, text, lemma, known_code, LoadMode::Strict)
    }

    /// [`PatternSet::add_petrarch`] with a choice of what malformed lines
    /// do (see [`crate::petrarch::convert_with`]).
    pub fn add_petrarch_with(
        &mut self,
        name: &str,
        text: &str,
        lemma: crate::petrarch::Lemmatizer<'_>,
        known_code: &dyn Fn(&str) -> bool,
        mode: LoadMode,
    ) -> Result<&crate::petrarch::ConversionReport, PatternErrors> {
        let conv = crate::petrarch::convert_with(name, text, lemma, known_code, mode)?;
        for p in conv.patterns {
            self.insert(p);
        }
        self.reports.push(conv.report);
        Ok(self.reports.last().expect("just pushed"))
    }

    /// The reports of the PETRARCH verb dictionaries added, in order.
    pub fn conversion_reports(&self) -> &[crate::petrarch::ConversionReport] {
        &self.reports
    }

    fn insert(&mut self, p: Pattern) {
        let map = if p.noun {
            &mut self.nouns
        } else {
            &mut self.verbs
        };
        let list = map.entry(p.lemma.clone()).or_default();
        let id = p.id();
        let key = strip_code(&id);
        if let Some(old) = list.iter_mut().find(|o| strip_code(&o.id()) == key) {
            *old = p;
        } else {
            list.push(p);
            self.len += 1;
        }
        // Most specific first; stable for equal specificity (file order).
        list.sort_by_key(|p| std::cmp::Reverse(p.specificity()));
    }

    /// Patterns whose trigger is the verb `lemma`, most specific first.
    pub fn verb(&self, lemma: &str) -> &[Pattern] {
        self.verbs.get(lemma).map(Vec::as_slice).unwrap_or(&[])
    }

    /// Patterns whose trigger is the noun `lemma`, most specific first.
    pub fn noun(&self, lemma: &str) -> &[Pattern] {
        self.nouns.get(lemma).map(Vec::as_slice).unwrap_or(&[])
    }

    /// How many patterns the set holds.
    pub fn len(&self) -> usize {
        self.len
    }

    /// Whether the set holds no pattern.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Every pattern.
    pub fn iter(&self) -> impl Iterator<Item = &Pattern> {
        self.verbs.values().chain(self.nouns.values()).flatten()
    }
}

/// `p` if the ontology knows its code.
fn known(p: Pattern, known_code: &dyn Fn(&str) -> bool) -> Result<Pattern, PatternError> {
    if known_code(&p.code) {
        Ok(p)
    } else {
        Err(PatternError {
            msg: format!(
                "unknown CAMEO event code `{}` (not in dyad's CAMEO ontology; event codes are 2 to 4 digits, e.g. 036)",
                p.code
            ),
            origin: p.origin,
        })
    }
}

fn strip_code(id: &str) -> &str {
    id.split_once(' ').map(|(_, rest)| rest).unwrap_or(id)
}

fn parse_line(line: &str, origin: String) -> Result<Pattern, PatternError> {
    let err = |msg: String| PatternError {
        origin: origin.clone(),
        msg,
    };
    let mut parts = line.split_whitespace();
    let code = parts.next().unwrap_or_default();
    if !(2..=4).contains(&code.len()) || !code.bytes().all(|b| b.is_ascii_digit()) {
        return Err(err(format!(
            "`{code}` is not a CAMEO event code (2 to 4 digits, e.g. 036)"
        )));
    }
    let trigger = parts
        .next()
        .ok_or_else(|| err("missing trigger lemma after the code".into()))?;
    let (noun, lemma) = match trigger.strip_prefix("n:") {
        Some(n) => (true, n),
        None => (false, trigger),
    };
    if lemma.is_empty() {
        return Err(err("empty trigger lemma".into()));
    }
    let mut p = Pattern::new(code, lemma, noun, origin.clone());
    for c in parts {
        match c.split_once(':') {
            Some((key, val)) if !val.is_empty() => {
                let slot = match key {
                    "prt" => &mut p.prt,
                    "obj" => &mut p.obj,
                    "notobj" => &mut p.notobj,
                    "prep" => &mut p.prep,
                    "xcomp" => &mut p.xcomp,
                    "pobj" => &mut p.pobj,
                    "src" => &mut p.src,
                    "subj" => &mut p.subj,
                    _ => {
                        return Err(err(format!(
                            "unknown constraint `{key}:` (expected prt:, obj:, notobj:, prep:, xcomp:, pobj:, src: or subj:)"
                        )))
                    }
                };
                *slot = Some(Alternatives::parse(val));
            }
            _ => match c {
                "recip" => p.recip = true,
                "notarget" => p.notarget = true,
                "passive" => p.voice = Voice::Passive,
                "active" => p.voice = Voice::Active,
                other => {
                    return Err(err(format!(
                        "unknown constraint `{other}` (expected prt:P, obj:N, notobj:N, prep:P, xcomp:V, pobj:N, src:P, subj:N, recip, notarget, passive or active)"
                    )))
                }
            },
        }
    }
    if p.src.is_some() && p.prep.is_some() && p.pobj.is_none() {
        return Err(err(
            "`src:` and a target `prep:` together: with `src:` the subject is the target".into(),
        ));
    }
    if p.pobj.is_some() && p.prep.is_none() {
        return Err(err(
            "`pobj:` needs a `prep:` whose object it constrains".into()
        ));
    }
    Ok(p)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set(text: &str) -> PatternSet {
        let mut s = PatternSet::default();
        s.add_source("t", text, &|_| true).unwrap();
        s
    }

    #[test]
    fn parses_and_orders_by_specificity() {
        let s = set(
            "036 meet recip\n036 meet prep:with recip # comment\n\n190 n:attack prep:on|against\n",
        );
        assert_eq!(s.len(), 3);
        let m = s.verb("meet");
        assert_eq!(m[0].id(), "036 meet prep:with recip");
        assert_eq!(m[1].id(), "036 meet recip");
        let a = &s.noun("attack")[0];
        assert!(a.prep.as_ref().unwrap().matches("against"));
        assert!(!a.prep.as_ref().unwrap().matches("with"));
    }

    #[test]
    fn user_line_overrides_same_pattern() {
        let mut s = set("042 visit\n");
        s.add_source("user", "043 visit\n", &|_| true).unwrap();
        assert_eq!(s.len(), 1);
        assert_eq!(s.verb("visit")[0].code, "043");
        assert_eq!(s.verb("visit")[0].origin, "user:1");
    }

    #[test]
    fn errors_name_file_and_line() {
        let mut s = PatternSet::default();
        let e = s
            .add_source("my.txt", "036 meet\nxx meet\n", &|_| true)
            .unwrap_err();
        assert_eq!(e.0[0].origin, "my.txt:2");
        let e = s
            .add_source("my.txt", "036 meet with:x\n", &|_| true)
            .unwrap_err();
        assert!(e.0[0].msg.contains("unknown constraint"), "{e}");
        let e = s
            .add_source("f", "999 meet\n", &|c| c != "999")
            .unwrap_err();
        assert!(e.0[0].msg.contains("unknown CAMEO"), "{e}");
    }

    #[test]
    fn every_bad_line_is_reported_in_one_pass() {
        let text = "036 meet\nxx meet\n036 meet with:x\n\n036\n042 visit\n999 go\n";
        let mut s = PatternSet::default();
        let e = s.add_source("my.txt", text, &|c| c != "999").unwrap_err();
        let origins: Vec<&str> = e.0.iter().map(|e| e.origin.as_str()).collect();
        assert_eq!(origins, ["my.txt:2", "my.txt:3", "my.txt:5", "my.txt:7"]);
        assert!(e.to_string().ends_with(dyad_kb::LENIENT_HINT), "{e}");
        // Strict: nothing of a file with bad lines is added.
        assert!(s.is_empty());
        s.add_source_with("my.txt", text, &|c| c != "999", LoadMode::Lenient)
            .unwrap();
        assert_eq!(s.len(), 2);
        assert_eq!(s.skipped().len(), 4);
        assert_eq!(s.skipped()[0].origin, "my.txt:2");
    }

    #[test]
    fn src_with_a_target_preposition_is_refused() {
        let mut s = PatternSet::default();
        let e = s
            .add_source("u.txt", "072 receive src:from prep:to\n", &|_| true)
            .unwrap_err();
        assert!(e.to_string().contains("u.txt:1"), "{e}");
    }
}
