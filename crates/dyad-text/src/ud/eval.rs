//! Scoring UD output against a gold treebank when the tokenizations may
//! differ: as in the CoNLL 2018 shared-task evaluator, a system token and a
//! gold word are aligned only when their character spans are identical, and
//! every figure is an F1 over all gold words and all system words.

use std::collections::HashMap;
use std::fmt::Write as _;

use super::{GoldSentence, UdTree};
use crate::Doc;

/// Gold word index -> aligned system token index, for one sentence.
#[derive(Debug, Clone, PartialEq)]
pub struct Alignment {
    /// Per gold word, the system token with the same span, if any.
    pub gold_to_sys: Vec<Option<usize>>,
}

impl Alignment {
    /// Aligns the words of `gold` with the non-whitespace tokens of `doc`
    /// (whose text must be the sentence text) by identical byte spans.
    pub fn new(gold: &GoldSentence, doc: &Doc, tree: &UdTree) -> Self {
        let by_span: HashMap<(usize, usize), usize> = doc
            .tokens
            .iter()
            .enumerate()
            .filter(|(i, _)| !tree.skipped[*i])
            .map(|(i, t)| ((t.start, t.end), i))
            .collect();
        Alignment {
            gold_to_sys: gold
                .words
                .iter()
                .map(|w| w.span.and_then(|s| by_span.get(&s).copied()))
                .collect(),
        }
    }
}

/// Running totals over a treebank.
#[derive(Debug, Clone, Default)]
pub struct UdScores {
    /// Sentences scored.
    pub sentences: usize,
    /// Gold words.
    pub gold_words: usize,
    /// System (non-whitespace) tokens.
    pub system_words: usize,
    /// Gold words aligned to a system token.
    pub aligned: usize,
    /// Aligned words with the right UPOS.
    pub upos: usize,
    /// Aligned words with the right head.
    pub uas: usize,
    /// Head and universal relation (subtype after `:` ignored, as CoNLL 2018).
    pub las: usize,
    /// Head and full relation, subtype included.
    pub las_full: usize,
    /// System tokens whose ClearNLP label had no UD mapping.
    pub unmapped: usize,
    /// Aligned words with the wrong relation or head: (gold, system) universal relation -> count.
    pub confusions: HashMap<(String, String), usize>,
}

fn universal(rel: &str) -> &str {
    rel.split(':').next().unwrap_or(rel)
}

impl UdScores {
    /// Adds one gold sentence and dyad's analysis of its text.
    pub fn add(&mut self, gold: &GoldSentence, doc: &Doc, tree: &UdTree) {
        let al = Alignment::new(gold, doc, tree);
        self.sentences += 1;
        self.gold_words += gold.words.len();
        self.system_words += tree.skipped.iter().filter(|s| !**s).count();
        self.unmapped += tree.unmapped;
        for (g, w) in gold.words.iter().enumerate() {
            let Some(s) = al.gold_to_sys[g] else { continue };
            self.aligned += 1;
            if doc.tokens[s].pos == w.upos {
                self.upos += 1;
            }
            let head_ok = match (w.head, tree.head[s]) {
                (0, None) => true,
                (gh, Some(sh)) if gh > 0 => al.gold_to_sys[gh - 1] == Some(sh),
                _ => false,
            };
            let sys_rel = tree.deprel[s].as_str();
            let rel_ok = universal(&w.deprel) == universal(sys_rel);
            if head_ok {
                self.uas += 1;
                if rel_ok {
                    self.las += 1;
                }
                if w.deprel == sys_rel {
                    self.las_full += 1;
                }
            }
            if !(head_ok && rel_ok) {
                *self
                    .confusions
                    .entry((
                        universal(&w.deprel).to_string(),
                        universal(sys_rel).to_string(),
                    ))
                    .or_default() += 1;
            }
        }
    }

    /// F1 of `correct` over gold and system words, in percent.
    pub fn f1(&self, correct: usize) -> f64 {
        let total = self.gold_words + self.system_words;
        if total == 0 {
            0.0
        } else {
            200.0 * correct as f64 / total as f64
        }
    }

    /// A readable summary: token F1, UPOS, UAS, LAS, unmapped rate and the
    /// `top` most frequent (gold, system) relation errors.
    pub fn report(&self, top: usize) -> String {
        let mut s = String::new();
        let pct = |a: usize, b: usize| {
            if b == 0 {
                0.0
            } else {
                100.0 * a as f64 / b as f64
            }
        };
        writeln!(
            s,
            "sentences {}  gold words {}  system words {}  aligned {}",
            self.sentences, self.gold_words, self.system_words, self.aligned
        )
        .ok();
        writeln!(s, "Tokens  F1 {:6.2}", self.f1(self.aligned)).ok();
        for (name, c) in [
            ("UPOS", self.upos),
            ("UAS", self.uas),
            ("LAS", self.las),
            ("LAS+subtype", self.las_full),
        ] {
            writeln!(
                s,
                "{name:<7} F1 {:6.2}   (aligned accuracy {:6.2})",
                self.f1(c),
                pct(c, self.aligned)
            )
            .ok();
        }
        writeln!(
            s,
            "Unmapped ClearNLP labels: {} of {} system words ({:.2}%)",
            self.unmapped,
            self.system_words,
            pct(self.unmapped, self.system_words)
        )
        .ok();
        let mut errs: Vec<_> = self.confusions.iter().collect();
        errs.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
        let wrong: usize = self.confusions.values().sum();
        writeln!(
            s,
            "Most frequent LAS errors (gold -> system, of {wrong} aligned words wrong):"
        )
        .ok();
        for ((g, sys), n) in errs.into_iter().take(top) {
            let what = if g == sys {
                format!("{g} (head only)")
            } else {
                format!("{g} -> {sys}")
            };
            writeln!(s, "  {n:6}  {what:<24} {:5.1}%", pct(*n, wrong)).ok();
        }
        s
    }
}
