//! The engine loads dictionaries and pattern files strictly (one error
//! listing every malformed line of every file) or leniently (bad lines
//! skipped and listed in `load_warnings`). Needs the installed model; skips
//! with a note where it is absent.

use std::path::PathBuf;

use dyad_code::engine::{Engine, EngineOptions};
use dyad_kb::LoadMode;

fn options() -> Option<EngineOptions> {
    if let Err(e) = dyad_text::Pipeline::load_default() {
        eprintln!("note: no model ({e}): engine load-mode test skipped");
        return None;
    }
    let here = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    Some(EngineOptions {
        dicts: vec![here.join("../dyad-kb/tests/fixtures/malformed/countries.txt")],
        patterns: vec![here.join("tests/fixtures/malformed-patterns.txt")],
        ..Default::default()
    })
}

#[test]
fn strict_and_lenient_engine_loading() {
    let Some(opts) = options() else {
        return;
    };
    let err = Engine::load_with(&opts, LoadMode::Strict)
        .err()
        .expect("strict loading fails")
        .to_string();
    for want in [
        "countries.txt:4:",
        "countries.txt:5:",
        "countries.txt:9:",
        "malformed-patterns.txt:3:",
        "malformed-patterns.txt:4:",
    ] {
        assert!(err.contains(want), "{want} missing from: {err}");
    }
    let engine = Engine::load_with(&opts, LoadMode::Lenient).expect("lenient loads");
    assert_eq!(engine.skipped_line_count(), 5);
    let warnings = engine.load_warnings();
    assert_eq!(warnings.len(), 5, "{warnings:?}");
    assert!(
        warnings.iter().all(|w| w.ends_with("(skipped)")),
        "{warnings:?}"
    );
    assert!(engine.patterns.verb("muse").iter().any(|p| p.code == "043"));
}
