//! PETRARCH's production verb dictionary (CAMEO.2.0.txt) converts when its
//! malformed lines are skipped, and strict loading lists them all. The file
//! is not shipped with dyad: the test reads it from `../shared` next to the
//! repository and is skipped, with a note, where that is absent.

use std::path::PathBuf;

use dyad_code::petrarch::{convert, convert_with, WordClass};
use dyad_kb::LoadMode;

/// A stand-in lemmatizer: conversion needs lemmas, not good ones.
fn lower(w: &str, _: WordClass) -> String {
    w.to_lowercase()
}

fn production_verbs() -> Option<(String, String)> {
    let p = PathBuf::from(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../../shared/reference/petrarch/production/CAMEO.2.0.txt"
    ));
    match std::fs::read(&p) {
        Ok(bytes) => Some((
            p.display().to_string(),
            String::from_utf8_lossy(&bytes).into_owned(),
        )),
        Err(e) => {
            eprintln!(
                "note: {} not readable ({e}): production verb dictionary test skipped",
                p.display()
            );
            None
        }
    }
}

#[test]
fn production_verb_dictionary_loads_leniently() {
    let Some((name, text)) = production_verbs() else {
        return;
    };
    let strict = convert(&name, &text, &lower, &|_| true).unwrap_err();
    let lenient = convert_with(&name, &text, &lower, &|_| true, LoadMode::Lenient)
        .unwrap_or_else(|e| panic!("lenient loading failed: {e}"));
    let r = &lenient.report;
    for n in &r.malformed {
        eprintln!("skipped {}: {}: {}", n.origin, n.text, n.reason);
    }
    assert_eq!(
        strict.0.len(),
        r.malformed.len(),
        "strict and lenient loading find the same bad lines"
    );
    assert!(
        (1..=20).contains(&r.malformed.len()),
        "{} malformed lines",
        r.malformed.len()
    );
    assert!(r.converted > 1000, "{}", r.summary());
    assert!(lenient.patterns.len() > 5000, "{}", r.summary());
}
