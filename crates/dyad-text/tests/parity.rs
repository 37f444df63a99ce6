//! Whole-pipeline agreement with spaCy en_core_web_sm 3.8 on the committed
//! fixture `tests/fixtures/spacy_parity.jsonl` (dyad's own news sentences,
//! analysed by spaCy with `scripts/spacy_parity_dump.py`).
//!
//! Needs the installed model (`dyad_text::model::default_dir()`, or
//! `$DYAD_MODEL`); run `scripts/fetch-model` first.

use std::path::Path;

use dyad_text::model::{self, parity};

/// Layers that must agree on at least [`MIN_PERCENT`] of tokens.
const GATED: &[&str] = &["tokens", "tags", "heads", "deps", "ents"];
const MIN_PERCENT: f64 = 99.0;

#[test]
fn pipeline_agrees_with_spacy() {
    let dir = model::default_dir();
    let pipeline = model::Pipeline::load(&dir).unwrap_or_else(|e| {
        panic!("{e}\nthe parity test needs the model: run scripts/fetch-model (or set DYAD_MODEL)")
    });
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/spacy_parity.jsonl");
    let report = parity::compare(&pipeline, &fixture, None).expect("fixture readable");
    assert!(report.docs > 0, "empty fixture");
    for l in report.pipeline.iter().chain(&report.neural) {
        eprintln!(
            "{:<24} {:>8.3}%  {}/{}",
            l.name,
            l.percent(),
            l.agree,
            l.total
        );
        for m in &l.mismatches {
            eprintln!("    {m}");
        }
    }
    for name in GATED {
        let l = report.layer(name).expect("layer measured");
        assert!(l.total > 0, "{name}: nothing compared");
        assert!(
            l.percent() >= MIN_PERCENT,
            "{name}: {:.3}% < {MIN_PERCENT}%",
            l.percent()
        );
    }
}

#[test]
fn pipeline_is_send_and_sync() {
    fn check<T: Send + Sync>() {}
    check::<model::Pipeline>();
}
