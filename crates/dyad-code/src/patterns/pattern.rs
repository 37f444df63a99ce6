//! One dictionary pattern and its parts, and the errors a malformed line
//! gives: the types the pattern file reader ([`super`]) and the PETRARCH
//! converter ([`crate::petrarch`]) both produce.

use std::fmt;

/// A set of alternatives (`a|b`), stored lowercase.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Alternatives(pub Vec<String>);

impl Alternatives {
    pub(super) fn parse(s: &str) -> Self {
        Alternatives(s.split('|').map(|p| p.to_lowercase()).collect())
    }
    /// True when `word` is one of the alternatives (or the set is `*`).
    pub fn matches(&self, word: &str) -> bool {
        self.0.iter().any(|a| a == "*" || a == word)
    }
}

impl fmt::Display for Alternatives {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0.join("|"))
    }
}

/// Restriction on grammatical voice.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Voice {
    /// Either voice.
    Any,
    /// Active voice only.
    Active,
    /// Passive voice only.
    Passive,
}

/// One dictionary line.
#[derive(Debug, Clone)]
pub struct Pattern {
    /// CAMEO event code, e.g. `"036"`.
    pub code: String,
    /// Trigger lemma (lowercase).
    pub lemma: String,
    /// True for `n:` (event noun) triggers.
    pub noun: bool,
    /// `prt:` — the particle ("call off").
    pub prt: Option<Alternatives>,
    /// `obj:` — the direct object lemma.
    pub obj: Option<Alternatives>,
    /// Lemmas the direct object (or passive subject) must not have.
    pub notobj: Option<Alternatives>,
    /// `prep:` — the preposition whose object is the target.
    pub prep: Option<Alternatives>,
    /// `xcomp:` — the infinitive complement lemma.
    pub xcomp: Option<Alternatives>,
    /// With `prep:`, the lemma the preposition's object must have; that
    /// object is then part of the trigger ("go on strike"), not the target.
    pub pobj: Option<Alternatives>,
    /// The source is the object of this preposition and the subject is the
    /// target ("received weapons from X": X gave).
    pub src: Option<Alternatives>,
    /// The head lemma the source (the subject) must have.
    pub subj: Option<Alternatives>,
    /// `recip` — code both directions.
    pub recip: bool,
    /// `notarget` — the event has no target.
    pub notarget: bool,
    /// `passive` / `active`.
    pub voice: Voice,
    /// Where it came from, `file:line`, for error messages and `--explain`.
    pub origin: String,
}

impl Pattern {
    /// A pattern for `lemma` coding `code`, with no constraints yet.
    pub fn new(code: &str, lemma: &str, noun: bool, origin: String) -> Pattern {
        Pattern {
            code: code.to_string(),
            lemma: lemma.to_lowercase(),
            noun,
            prt: None,
            obj: None,
            notobj: None,
            prep: None,
            xcomp: None,
            pobj: None,
            src: None,
            subj: None,
            recip: false,
            notarget: false,
            voice: Voice::Any,
            origin,
        }
    }

    /// The stable id shown as evidence: code plus canonical pattern text.
    pub fn id(&self) -> String {
        let mut s = format!(
            "{} {}{}",
            self.code,
            if self.noun { "n:" } else { "" },
            self.lemma
        );
        let mut push = |k: &str, v: &Option<Alternatives>| {
            if let Some(v) = v {
                s.push_str(&format!(" {k}:{v}"));
            }
        };
        push("prt", &self.prt);
        push("obj", &self.obj);
        push("notobj", &self.notobj);
        push("prep", &self.prep);
        push("xcomp", &self.xcomp);
        push("pobj", &self.pobj);
        push("src", &self.src);
        push("subj", &self.subj);
        if self.recip {
            s.push_str(" recip");
        }
        if self.notarget {
            s.push_str(" notarget");
        }
        match self.voice {
            Voice::Active => s.push_str(" active"),
            Voice::Passive => s.push_str(" passive"),
            Voice::Any => {}
        }
        s
    }

    /// How many constraints it has: more specific patterns are tried first.
    pub fn specificity(&self) -> usize {
        [
            &self.prt,
            &self.obj,
            &self.prep,
            &self.xcomp,
            &self.pobj,
            &self.src,
            &self.subj,
        ]
        .iter()
        .filter(|c| c.is_some())
        .count()
            + usize::from(self.voice != Voice::Any)
    }
}

/// The row of `table` whose key is the longest prefix of `code`: tables
/// that map CAMEO code families to other codes ("04" → 036, "045" → 039).
pub fn longest_prefix<'t>(table: &'t [(&str, &'t str)], code: &str) -> Option<(usize, &'t str)> {
    table
        .iter()
        .enumerate()
        .filter(|(_, (prefix, _))| code.starts_with(prefix))
        .max_by_key(|(_, (prefix, _))| prefix.len())
        .map(|(i, &(_, v))| (i, v))
}

/// A malformed dictionary line.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{origin}: {msg}")]
pub struct PatternError {
    /// `FILE:LINE` of the bad line.
    pub origin: String,
    /// What is wrong with it.
    pub msg: String,
}

/// Every malformed line of a pattern file (or PETRARCH verb dictionary),
/// found in one pass, in line order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PatternErrors(pub Vec<PatternError>);

impl fmt::Display for PatternErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for e in &self.0 {
            writeln!(f, "{e}")?;
        }
        write!(
            f,
            "{} malformed pattern line(s), listed above: {}",
            self.0.len(),
            dyad_kb::LENIENT_HINT
        )
    }
}

impl std::error::Error for PatternErrors {}
