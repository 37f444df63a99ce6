//! Layer-by-layer checks of the neural stages against spaCy's tensors and
//! action logs. Needs a converted model (`scripts/fetch-model`) and a tensor
//! fixture named by `$DYAD_TENSOR_FIXTURE` (made by
//! `scripts/spacy_parity_dump.py`; not committed: it is 30 MB); skips otherwise.

use std::path::PathBuf;

use dyad_text::model::{self, parity};

#[test]
#[ignore = "developer check: needs DYAD_TENSOR_FIXTURE (a spaCy dump made with --tensors)"]
fn neural_layers_match_spacy() {
    let fixture = std::env::var_os("DYAD_TENSOR_FIXTURE")
        .map(PathBuf::from)
        .expect("set DYAD_TENSOR_FIXTURE to a fixture with tensors and action logs");
    let dir = model::default_dir();
    let pipeline = match model::Pipeline::load(&dir) {
        Ok(p) => p,
        Err(e) => panic!("{e}\nrun scripts/fetch-model to install the model"),
    };
    let limit = std::env::var("DYAD_TENSOR_LIMIT")
        .ok()
        .and_then(|s| s.parse().ok());
    let report = parity::compare(&pipeline, &fixture, limit).expect("fixture readable");
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
    eprintln!(
        "tok2vec max diff {:?}, ner tok2vec max diff {:?}",
        report.tok2vec_max_diff, report.ner_tok2vec_max_diff
    );
    for d in [report.tok2vec_max_diff, report.ner_tok2vec_max_diff]
        .into_iter()
        .flatten()
    {
        assert!(d < 1e-4, "tensor differs by {d}");
    }
    for l in report.pipeline.iter().chain(&report.neural) {
        assert!(l.percent() >= 99.0, "{} at {:.2}%", l.name, l.percent());
    }
}

/// Converts spaCy's package directory named by `$DYAD_SPACY_DIR` into a
/// scratch directory, then loads it.
#[test]
#[ignore = "developer check: needs DYAD_SPACY_DIR (the unpacked spaCy package)"]
fn converts_and_loads_quickly() {
    let src = std::env::var_os("DYAD_SPACY_DIR")
        .map(PathBuf::from)
        .expect("set DYAD_SPACY_DIR to the en_core_web_sm 3.8.0 package directory");
    let out = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("dyad-model");
    model::convert(&src, &out).expect("conversion succeeds");
    assert!(out.join(model::MANIFEST_FILE).is_file());
    let start = std::time::Instant::now();
    model::Pipeline::load(&out).expect("converted model loads");
    let took = start.elapsed();
    eprintln!("converted into {} ; load took {took:?}", out.display());
    assert!(took.as_secs_f64() < 1.0, "load took {took:?}");
}

#[test]
fn missing_model_is_a_clear_error() {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("no-model-here");
    match model::Pipeline::load(&dir) {
        Err(dyad_text::TextError::ModelMissing { path }) => assert_eq!(path, dir),
        Err(e) => panic!("wrong error: {e}"),
        Ok(_) => panic!("loaded a model from an empty directory"),
    }
}
