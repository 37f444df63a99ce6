//! The document value that flows through the pipeline.
//!
//! Labels are kept as `String`s with spaCy's names (Penn tags, ClearNLP
//! dependency labels, OntoNotes entity types); [`crate::ud`] converts to
//! Universal Dependencies for output.

use serde::Serialize;

/// One analysed text.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Doc {
    /// The original text; every offset below is a byte offset into it.
    pub text: String,
    pub tokens: Vec<Token>,
    /// Named entities, in order, as token ranges.
    pub ents: Vec<Entity>,
}

/// One token and everything the stages know about it.
#[derive(Debug, Clone, Default, Serialize, PartialEq)]
pub struct Token {
    /// Byte offset of the first byte in [`Doc::text`].
    pub start: usize,
    /// Byte offset one past the last byte.
    pub end: usize,
    /// True when one plain space (U+0020) follows and was absorbed (spaCy's `whitespace_`).
    pub space_after: bool,
    /// Normalised form (spaCy NORM): special-case norm, lexeme table, or lowercase.
    pub norm: String,
    /// Penn Treebank tag (tagger; `_SP` for whitespace tokens).
    pub tag: String,
    /// Universal POS tag (attribute ruler); empty when no rule set it.
    pub pos: String,
    /// Universal morphological features, `Feat=Val|…`; empty when none.
    pub morph: String,
    pub lemma: String,
    /// Index of the head token in [`Doc::tokens`]; a root is its own head.
    pub head: usize,
    /// ClearNLP-style dependency label (`nsubj`, `dobj`, `prep`, `pobj`, `ROOT`…).
    pub dep: String,
    /// True for the first token of a sentence.
    pub sent_start: bool,
}

/// A named entity: tokens `start..end` with an OntoNotes label (PERSON, GPE, ORG…).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Entity {
    pub start: usize,
    pub end: usize,
    pub label: String,
}

impl Doc {
    /// The text of token `i`.
    pub fn token_text(&self, i: usize) -> &str {
        let t = &self.tokens[i];
        &self.text[t.start..t.end]
    }

    /// Sentences as token index ranges, from the `sent_start` flags.
    pub fn sentences(&self) -> Vec<std::ops::Range<usize>> {
        let mut out = Vec::new();
        let mut start = 0;
        for (i, t) in self.tokens.iter().enumerate() {
            if i > 0 && t.sent_start {
                out.push(start..i);
                start = i;
            }
        }
        if start < self.tokens.len() {
            out.push(start..self.tokens.len());
        }
        out
    }

    /// Byte span `(start, end)` covering tokens `range`.
    pub fn byte_span(&self, range: std::ops::Range<usize>) -> (usize, usize) {
        if range.is_empty() {
            return (0, 0);
        }
        (
            self.tokens[range.start].start,
            self.tokens[range.end - 1].end,
        )
    }

    /// Children of token `i`, in order.
    pub fn children(&self, i: usize) -> impl Iterator<Item = usize> + '_ {
        self.tokens
            .iter()
            .enumerate()
            .filter(move |(j, t)| *j != i && t.head == i)
            .map(|(j, _)| j)
    }
}
