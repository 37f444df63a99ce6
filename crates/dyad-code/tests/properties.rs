//! Property tests: the pattern-file reader and the PETRARCH verb
//! dictionary reader may not panic or hang on any input, and both load
//! modes agree on which lines are malformed. Cases per property:
//! proptest's default (256), or `PROPTEST_CASES`. Crashes found are kept
//! below as named regression tests.

use dyad_code::patterns::{longest_prefix, PatternSet};
use dyad_code::petrarch::{convert, convert_with, looks_like_verb_dictionary, WordClass};
use dyad_kb::LoadMode;
use proptest::prelude::*;

/// Syntax of both formats, and text that is hard on string code.
const NASTY: &[&str] = &[
    "\u{301}",
    "e\u{301}",
    "\u{202e}",
    "مصر",
    "👨\u{200d}👩\u{200d}👧",
    "\u{2028}",
    "\u{0}",
    "\u{feff}",
    "İ",
    "ß",
    "\t",
    " ",
    "  ",
    "_",
    "+",
    "[",
    "]",
    "{",
    "}",
    "(",
    ")",
    "<!--",
    "-->",
    "#",
    "-",
    "- ",
    "---",
    "--- ",
    " ---",
    "&",
    "&TIES",
    "+&TIES",
    "~",
    "*",
    "$",
    "%",
    "^",
    ":",
    "|",
    "[031]",
    "[---]",
    "[:173]",
    "[042:043]",
    "[]",
    "[ ]",
    "n:",
    "prt:",
    "obj:",
    "prep:",
    "xcomp:",
    "pobj:",
    "src:",
    "subj:",
    "notobj:",
    "recip",
    "notarget",
    "passive",
    "active",
    "036",
    "0",
    "1234",
    "99999",
    "meet",
    "MEET",
    "WITH",
    "TO",
    "FROM",
    "UP",
    "NOT",
    "SAID",
    "QUICKLY",
    "{}",
    "()",
    "*_OFF",
    "+SIT_DOWN",
];

fn piece() -> impl Strategy<Value = String> {
    prop_oneof![
        5 => prop::sample::select(NASTY).prop_map(str::to_string),
        2 => "[A-Za-z]{1,8}",
        1 => any::<String>(),
    ]
}

fn line() -> impl Strategy<Value = String> {
    prop::collection::vec((piece(), prop::bool::ANY), 0..10).prop_map(|v| {
        v.into_iter()
            .map(|(p, space)| if space { format!("{p} ") } else { p })
            .collect()
    })
}

fn text() -> impl Strategy<Value = String> {
    prop::collection::vec(line(), 0..30).prop_map(|ls| ls.join("\n"))
}

fn lemma(w: &str, _: WordClass) -> String {
    w.to_lowercase()
}

/// Converts `t` in both modes and checks they agree.
fn convert_both(t: &str) {
    let strict = convert("fuzz.txt", t, &lemma, &|c| c.len() == 3);
    let lenient = convert_with("fuzz.txt", t, &lemma, &|c| c.len() == 3, LoadMode::Lenient)
        .expect("lenient conversion never fails on content");
    match strict {
        Ok(c) => {
            assert!(lenient.report.malformed.is_empty());
            assert_eq!(c.patterns.len(), lenient.patterns.len());
        }
        Err(e) => assert_eq!(e.0.len(), lenient.report.malformed.len()),
    }
    lenient.report.summary();
    lenient.report.details();
    lenient.report.reasons();
}

/// Adds `t` as a dyad pattern file in both modes and checks they agree.
fn add_both(t: &str) {
    let mut strict = PatternSet::default();
    let bad = strict
        .add_source("fuzz.txt", t, &|c| c != "999")
        .err()
        .map_or(0, |e| e.0.len());
    let mut lenient = PatternSet::default();
    lenient
        .add_source_with("fuzz.txt", t, &|c| c != "999", LoadMode::Lenient)
        .expect("lenient loading never fails on content");
    assert_eq!(lenient.skipped().len(), bad);
    for p in lenient.iter() {
        p.id();
        p.specificity();
    }
}

proptest! {
    #[test]
    fn petrarch_verb_reader_never_panics(t in text()) {
        looks_like_verb_dictionary(&t);
        convert_both(&t);
        // The same lines inside a verb block, where patterns are read.
        convert_both(&format!("--- PARLEY [031] ---\nPARLEY\n{t}"));
    }

    #[test]
    fn petrarch_patterns_never_panic(body in line(), code in piece()) {
        convert_both(&format!(
            "&TIES\n+TRADE\n--- PARLEY [031] ---\nPARLEY\n- {body} [{code}]\n- * {body} [031]\n{body} [{code}]\n"
        ));
    }

    #[test]
    fn petrarch_reader_survives_arbitrary_text(t in any::<String>()) {
        convert_both(&t);
    }

    #[test]
    fn pattern_reader_never_panics(t in text(), raw in any::<String>()) {
        add_both(&t);
        add_both(&raw);
    }

    #[test]
    fn code_prefix_lookups_never_panic(code in piece(), prefix in piece()) {
        let table = [(prefix.as_str(), "x"), ("04", "036"), ("045", "039")];
        if let Some((_, v)) = longest_prefix(&table, &code) {
            prop_assert!(table.iter().any(|(_, t)| *t == v));
        }
    }
}

// Regression tests.

/// Found by fuzzing: a verb line of separators only indexed an empty word list.
#[test]
fn verb_line_without_a_word_is_reported() {
    for verb in ["_", "+", "_+_", "+_", "__ +"] {
        let c = convert(
            "v.txt",
            &format!("--- P [031] ---\n{verb}\n"),
            &lemma,
            &|_| true,
        )
        .unwrap_or_else(|e| panic!("{verb:?}: {e}"));
        assert_eq!(c.report.verbs_skipped.len(), 1, "{verb:?}");
        assert!(c.patterns.is_empty(), "{verb:?}");
    }
}

/// A pattern line of 100,000 characters of each awkward kind.
#[test]
fn very_long_lines_are_read() {
    for t in [
        "A".repeat(100_000),
        "é".repeat(100_000),
        "👨\u{200d}👩\u{200d}👧".repeat(20_000),
        "{".repeat(100_000),
        "(X ".repeat(30_000),
        "&".repeat(100_000),
        "*".repeat(100_000),
    ] {
        convert_both(&format!(
            "--- P [031] ---\nP\n- * {t} [013]\n{t}\n&{t}\n+{t}\n"
        ));
        add_both(&format!("036 {t} obj:{t}\n{t}\n"));
    }
}
