//! Dating the events of long documents: one [`EventDating`] per document
//! must give every event the date it gets in its sentence alone, and a
//! megabyte of text must go through (no timing: it only must not hang).

use dyad_text::{Doc, Token};
use dyad_time::{date_event, Attachment, Date, EventDate, EventDating, Tense};

type Row = (&'static str, &'static str, usize, &'static str);

/// Hand-built parses, heads relative to the sentence, each dating its
/// events differently (trigger, clause, governing clause, relative-clause
/// barrier, look-back, future tense, story date).
const SENTENCES: &[&[Row]] = &[
    &[
        ("Police", "NNS", 1, "nsubj"),
        ("said", "VBD", 1, "ROOT"),
        ("on", "IN", 1, "prep"),
        ("Tuesday", "NNP", 2, "pobj"),
        ("they", "PRP", 5, "nsubj"),
        ("arrested", "VBD", 1, "ccomp"),
        ("20", "CD", 7, "nummod"),
        ("people", "NNS", 5, "dobj"),
        (".", ".", 1, "punct"),
    ],
    &[
        ("The", "DT", 1, "det"),
        ("summit", "NN", 2, "nsubj"),
        ("followed", "VBD", 2, "ROOT"),
        ("last", "JJ", 4, "amod"),
        ("month", "NN", 7, "poss"),
        ("'s", "POS", 4, "case"),
        ("missile", "NN", 7, "compound"),
        ("strikes", "NNS", 2, "dobj"),
        ("on", "IN", 7, "prep"),
        ("the", "DT", 10, "det"),
        ("port", "NN", 8, "pobj"),
        (".", ".", 2, "punct"),
    ],
    &[
        ("The", "DT", 1, "det"),
        ("minister", "NN", 3, "nsubj"),
        ("will", "MD", 3, "aux"),
        ("visit", "VB", 3, "ROOT"),
        ("Paris", "NNP", 3, "dobj"),
        ("on", "IN", 3, "prep"),
        ("Friday", "NNP", 5, "pobj"),
        (".", ".", 3, "punct"),
    ],
    &[
        ("Rebels", "NNS", 4, "nsubj"),
        ("who", "WP", 2, "nsubj"),
        ("attacked", "VBD", 0, "relcl"),
        ("towns", "NNS", 2, "dobj"),
        ("surrendered", "VBD", 4, "ROOT"),
        ("on", "IN", 4, "prep"),
        ("Sunday", "NNP", 5, "pobj"),
        (".", ".", 4, "punct"),
    ],
    &[
        ("It", "PRP", 1, "nsubj"),
        ("was", "VBD", 1, "ROOT"),
        ("the", "DT", 4, "det"),
        ("first", "JJ", 4, "amod"),
        ("visit", "NN", 1, "attr"),
        ("in", "IN", 4, "prep"),
        ("more", "JJR", 7, "amod"),
        ("than", "IN", 9, "quantmod"),
        ("a", "DT", 9, "det"),
        ("decade", "NN", 5, "pobj"),
        (".", ".", 1, "punct"),
    ],
    &[
        ("Talks", "NNS", 1, "nsubj"),
        ("resumed", "VBD", 1, "ROOT"),
        ("in", "IN", 1, "prep"),
        ("Geneva", "NNP", 2, "pobj"),
        (".", ".", 1, "punct"),
    ],
];

/// Where a sentence starts in a document.
#[derive(Clone, Copy)]
struct Offset {
    token: usize,
    byte: usize,
}

/// The sentences `which` (indices into [`SENTENCES`]) as one document, one
/// space between words and sentences, and where each sentence starts.
fn document(which: impl Iterator<Item = usize>) -> (Doc, Vec<(usize, Offset)>) {
    let mut doc = Doc::default();
    let mut starts = Vec::new();
    for s in which {
        let base = doc.tokens.len();
        let byte = if doc.text.is_empty() {
            0
        } else {
            doc.text.len() + 1
        };
        starts.push((s, Offset { token: base, byte }));
        for (k, (w, tag, head, dep)) in SENTENCES[s].iter().enumerate() {
            if !doc.text.is_empty() {
                doc.text.push(' ');
            }
            let start = doc.text.len();
            doc.text.push_str(w);
            doc.tokens.push(Token {
                start,
                end: doc.text.len(),
                space_after: true,
                norm: w.to_lowercase(),
                tag: tag.to_string(),
                lemma: w.to_lowercase(),
                head: base + head,
                dep: dep.to_string(),
                sent_start: k == 0,
                ..Token::default()
            });
        }
    }
    (doc, starts)
}

fn story() -> Option<Date> {
    "2024-03-07".parse().ok()
}

type Span = Option<(usize, usize, String)>;

/// An event date with its expressions' spans made relative to their sentence.
fn relative(d: &EventDate, byte: usize) -> (Attachment, String, Tense, Span, Span, Span) {
    let span = |e: &Option<dyad_time::TimeExpr>| {
        e.as_ref()
            .map(|e| (e.start - byte, e.end - byte, e.canonical()))
    };
    (
        d.attachment,
        d.canonical(),
        d.tense,
        span(&d.expr),
        span(&d.lookback),
        span(&d.duration),
    )
}

/// A sentence order that mixes tenses and kinds of dating.
fn mixed(len: usize) -> impl Iterator<Item = usize> {
    (0..len).map(|i| (i * 7 + i / 3) % SENTENCES.len())
}

#[test]
fn long_document_dates_each_event_as_its_sentence_alone() {
    let (long, starts) = document(mixed(600));
    let dating = EventDating::new(&long, story());
    let mut dated = 0;
    for &(s, at) in &starts {
        let (alone, _) = document(std::iter::once(s));
        for k in 0..alone.tokens.len() {
            let want = date_event(&alone, k, story());
            let got = dating.date_event(at.token + k);
            assert_eq!(
                relative(&got, at.byte),
                relative(&want, 0),
                "sentence {s}, token {k}"
            );
            assert_eq!(dating.tense_of(at.token + k), want.tense);
            dated += usize::from(want.expr.is_some());
        }
    }
    // The sentences do date events by their expressions, not only by the story date.
    assert!(dated > 600, "only {dated} events dated by an expression");
}

#[test]
fn a_megabyte_document_is_dated() {
    // Bytes of one round of the sentences, with the space after it.
    let round = document(0..SENTENCES.len()).0.text.len() + 1;
    // A tenth more than a megabyte's worth: `mixed` does not take every
    // sentence equally often.
    let (doc, starts) = document(mixed((1_100_000 / round + 1) * SENTENCES.len()));
    assert!(doc.text.len() > 1_000_000, "{} bytes", doc.text.len());
    let dating = EventDating::new(&doc, story());
    let mut by_expression = 0usize;
    for i in 0..doc.tokens.len() {
        by_expression += usize::from(dating.date_event(i).expr.is_some());
    }
    // Every sentence dates as it does alone, so the count is the sum over sentences.
    let per_sentence: Vec<usize> = (0..SENTENCES.len())
        .map(|s| {
            let (alone, _) = document(std::iter::once(s));
            (0..alone.tokens.len())
                .filter(|&k| date_event(&alone, k, story()).expr.is_some())
                .count()
        })
        .collect();
    let want: usize = starts.iter().map(|&(s, _)| per_sentence[s]).sum();
    assert_eq!(by_expression, want);
}
