//! `date_event` on small hand-built parses, so the attachment logic is
//! tested without the language model.

use dyad_text::{Doc, Token};
use dyad_time::{date_event, Attachment, Date, Tense};

/// Builds a Doc from `(word, tag, head, dep)` rows, words joined by spaces.
fn doc(rows: &[(&str, &str, usize, &str)]) -> Doc {
    let mut text = String::new();
    let mut tokens = Vec::new();
    for (i, (w, tag, head, dep)) in rows.iter().enumerate() {
        if i > 0 {
            text.push(' ');
        }
        let start = text.len();
        text.push_str(w);
        tokens.push(Token {
            start,
            end: text.len(),
            space_after: i + 1 < rows.len(),
            norm: w.to_lowercase(),
            tag: tag.to_string(),
            lemma: w.to_lowercase(),
            head: *head,
            dep: dep.to_string(),
            sent_start: i == 0,
            ..Token::default()
        });
    }
    Doc::new(text, tokens, Vec::new())
}

fn day(s: &str) -> Date {
    s.parse().unwrap()
}

fn summit() -> Doc {
    doc(&[
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
    ])
}

#[test]
fn possessive_dates_the_noun_not_the_clause() {
    let d = summit();
    let strikes = date_event(&d, 7, Some(day("2024-03-05")));
    assert_eq!(strikes.canonical(), "2024-02");
    assert_eq!(strikes.attachment, Attachment::Trigger);
    let summit = date_event(&d, 1, Some(day("2024-03-05")));
    assert_eq!(summit.canonical(), "2024-03-05");
    assert_eq!(summit.attachment, Attachment::StoryDate);
}

#[test]
fn prepositional_weekday_and_tense() {
    let past = doc(&[
        ("Rebels", "NNS", 1, "nsubj"),
        ("attacked", "VBD", 1, "ROOT"),
        ("the", "DT", 3, "det"),
        ("town", "NN", 1, "dobj"),
        ("on", "IN", 1, "prep"),
        ("Tuesday", "NNP", 4, "pobj"),
        (".", ".", 1, "punct"),
    ]);
    let e = date_event(&past, 1, Some(day("2024-03-07")));
    assert_eq!(
        (e.canonical().as_str(), e.attachment, e.tense),
        ("2024-03-05", Attachment::Trigger, Tense::Past)
    );

    let future = doc(&[
        ("The", "DT", 1, "det"),
        ("minister", "NN", 3, "nsubj"),
        ("will", "MD", 3, "aux"),
        ("visit", "VB", 3, "ROOT"),
        ("Paris", "NNP", 3, "dobj"),
        ("on", "IN", 3, "prep"),
        ("Tuesday", "NNP", 5, "pobj"),
    ]);
    let e = date_event(&future, 3, Some(day("2024-03-07")));
    assert_eq!(
        (e.canonical().as_str(), e.tense),
        ("2024-03-12", Tense::Future)
    );
}

#[test]
fn governing_clause_and_relative_clause_barrier() {
    let said = doc(&[
        ("Police", "NNS", 1, "nsubj"),
        ("said", "VBD", 1, "ROOT"),
        ("on", "IN", 1, "prep"),
        ("Tuesday", "NNP", 2, "pobj"),
        ("they", "PRP", 5, "nsubj"),
        ("arrested", "VBD", 1, "ccomp"),
        ("20", "CD", 7, "nummod"),
        ("people", "NNS", 5, "dobj"),
    ]);
    let e = date_event(&said, 5, Some(day("2024-03-07")));
    assert_eq!(
        (e.canonical().as_str(), e.attachment),
        ("2024-03-05", Attachment::GoverningClause)
    );

    let rel = doc(&[
        ("Rebels", "NNS", 4, "nsubj"),
        ("who", "WP", 2, "nsubj"),
        ("attacked", "VBD", 0, "relcl"),
        ("towns", "NNS", 2, "dobj"),
        ("surrendered", "VBD", 4, "ROOT"),
        ("on", "IN", 4, "prep"),
        ("Tuesday", "NNP", 5, "pobj"),
    ]);
    let e = date_event(&rel, 2, Some(day("2024-03-07")));
    assert_eq!(e.attachment, Attachment::StoryDate);
    let e = date_event(&rel, 4, Some(day("2024-03-07")));
    assert_eq!(e.canonical(), "2024-03-05");
}

#[test]
fn lookback_is_kept_apart() {
    let d = doc(&[
        ("It", "PRP", 1, "nsubj"),
        ("was", "VBD", 1, "ROOT"),
        ("the", "DT", 4, "det"),
        ("first", "JJ", 4, "amod"),
        ("visit", "NN", 1, "attr"),
        ("by", "IN", 4, "prep"),
        ("a", "DT", 8, "det"),
        ("Chinese", "JJ", 8, "amod"),
        ("leader", "NN", 5, "pobj"),
        ("in", "IN", 4, "prep"),
        ("more", "JJR", 11, "amod"),
        ("than", "IN", 13, "quantmod"),
        ("a", "DT", 13, "det"),
        ("decade", "NN", 9, "pobj"),
    ]);
    let e = date_event(&d, 4, Some(day("2024-03-07")));
    assert_eq!(e.attachment, Attachment::StoryDate);
    let lb = e.lookback.expect("a look-back");
    assert_eq!(lb.canonical(), ">P1DE");
}

#[test]
fn bad_input_falls_back() {
    let d = summit();
    assert_eq!(
        date_event(&d, 99, Some(day("2024-03-05"))).attachment,
        Attachment::StoryDate
    );
    assert_eq!(date_event(&d, 1, None).attachment, Attachment::Undated);
    // A cyclic, malformed tree must not hang or panic.
    let mut bad = summit();
    bad.tokens[1].head = 7;
    bad.tokens[7].head = 1;
    bad.tokens[1].dep = "xcomp".into();
    let _ = date_event(&bad, 1, Some(day("2024-03-05")));
    let _ = date_event(&Doc::default(), 0, Some(day("2024-03-05")));
}
