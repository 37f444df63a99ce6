//! Inputs at the edges: empty, whitespace only, over-long documents and
//! texts over the size limit. Needs the installed model (`scripts/fetch-model`).

use dyad_text::model::{self, Pipeline, MAX_SEGMENT_TOKENS, MAX_TEXT_BYTES};
use dyad_text::TextError;

fn pipeline() -> Option<Pipeline> {
    match Pipeline::load_default() {
        Ok(p) => Some(p),
        // The README's test command installs the model first: its absence is a failure.
        Err(e) => panic!("{e}; run scripts/fetch-model"),
    }
}

#[test]
fn edge_inputs_do_not_panic() {
    let Some(p) = pipeline() else { return };
    for text in ["", " ", "\n\n\n", "\u{a0}", "a", ".", "\u{1f}x", "🙂 🙂"] {
        let doc = p.analyze(text).expect("small text");
        for (i, t) in doc.tokens.iter().enumerate() {
            assert!(t.head < doc.tokens.len(), "{text:?} token {i}");
            assert!(text.is_char_boundary(t.start) && text.is_char_boundary(t.end));
        }
    }
}

#[test]
fn long_documents_are_segmented() {
    let Some(p) = pipeline() else { return };
    let text = "The minister said talks would resume in Geneva on Monday.\n"
        .repeat(MAX_SEGMENT_TOKENS / 8);
    let doc = p.analyze(&text).expect("under the byte limit");
    assert!(doc.tokens.len() > MAX_SEGMENT_TOKENS);
    assert!(doc.tokens.iter().all(|t| t.head < doc.tokens.len()));
    assert!(doc
        .ents
        .iter()
        .all(|e| e.start < e.end && e.end <= doc.tokens.len()));
    assert_eq!(doc.sentences().len(), MAX_SEGMENT_TOKENS / 8);
}

#[test]
fn over_long_text_is_refused_and_analyze_long_takes_it() {
    let Some(p) = pipeline() else { return };
    let text = "x".repeat(MAX_TEXT_BYTES + 1);
    assert!(matches!(p.analyze(&text), Err(TextError::Input(_))));
    let mut covered = 0;
    p.analyze_long(&text, |offset, doc| {
        assert_eq!(offset, covered);
        covered += doc.text.len();
    })
    .expect("pieces analyse");
    assert_eq!(covered, text.len());
    let _ = model::default_dir();
}
