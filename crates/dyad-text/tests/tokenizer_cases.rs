//! Tokenizer behaviour on hand-picked hard cases (expected values are what
//! spaCy 3.8 produces), span invariants on arbitrary Unicode, and bounded
//! time on pathological inputs.
//!
//! Needs a converted model: `$DYAD_SPACY_DIR` (spaCy's en_core_web_sm 3.8.0
//! package directory, converted afresh) or the installed model.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::time::Instant;

use dyad_text::lexeme::Lexicon;
use dyad_text::tokenizer::{RawToken, Tokenizer};
use proptest::prelude::*;

/// A converted model directory, and whether it is a temporary one.
fn model_dir() -> (PathBuf, bool) {
    let (dir, temp) = match std::env::var_os("DYAD_SPACY_DIR") {
        Some(spacy) => {
            static N: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
            let n = N.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            let out =
                std::env::temp_dir().join(format!("dyad-tok-cases-{}-{n}", std::process::id()));
            Tokenizer::convert_spacy(Path::new(&spacy), &out).expect("convert tokenizer");
            Lexicon::convert_spacy(Path::new(&spacy), &out).expect("convert lexicon");
            (out, true)
        }
        None => (dyad_text::model::default_dir(), false),
    };
    assert!(
        dir.join(dyad_text::tokenizer::TOKENIZER_FILE).exists(),
        "no converted model at {}: run `scripts/fetch-model` (or set DYAD_SPACY_DIR)",
        dir.display()
    );
    (dir, temp)
}

fn model() -> &'static (Tokenizer, Lexicon) {
    static MODEL: OnceLock<(Tokenizer, Lexicon)> = OnceLock::new();
    MODEL.get_or_init(|| {
        let (dir, temp) = model_dir();
        let loaded = (
            Tokenizer::load(&dir).expect("load tokenizer"),
            Lexicon::load(&dir).expect("load lexicon"),
        );
        if temp {
            let _ = std::fs::remove_dir_all(&dir);
        }
        loaded
    })
}

fn words(text: &str) -> Vec<&str> {
    model()
        .0
        .tokenize(text)
        .iter()
        .map(|t| &text[t.start..t.end])
        .collect()
}

fn norms(text: &str) -> Vec<String> {
    let (tok, lex) = model();
    tok.tokenize(text)
        .iter()
        .map(|t| lex.norm(&text[t.start..t.end], t.norm.as_deref()))
        .collect()
}

#[test]
fn hard_cases_match_spacy() {
    let cases: &[(&str, &[&str])] = &[
        (
            "The U.S. didn't say.",
            &["The", "U.S.", "did", "n't", "say", "."],
        ),
        (
            "Gen. Smith's aides weren't there.",
            &["Gen.", "Smith", "'s", "aides", "were", "n't", "there", "."],
        ),
        (
            "PARIS, July 1 (Reuters) - France",
            &[
                "PARIS", ",", "July", "1", "(", "Reuters", ")", "-", "France",
            ],
        ),
        ("Vladimir V. Putin", &["Vladimir", "V.", "Putin"]),
        (
            "\"We won't,\" he said.",
            &["\"", "We", "wo", "n't", ",", "\"", "he", "said", "."],
        ),
        (
            "It cost $4.5bn (€3bn), up 12%.",
            &[
                "It", "cost", "$", "4.5bn", "(", "€", "3bn", ")", ",", "up", "12", "%", ".",
            ],
        ),
        (
            "See https://example.com/a?b=1. Or www.un.org!",
            &[
                "See",
                "https://example.com/a?b=1",
                ".",
                "Or",
                "www.un.org",
                "!",
            ],
        ),
        ("mail me: a.b@c.org", &["mail", "me", ":", "a.b@c.org"]),
        ("#FreeThem @UN", &["#", "FreeThem", "@UN"]),
        ("a  b\n\nc\td", &["a", " ", "b", "\n\n", "c", "\t", "d"]),
        (" leading", &[" ", "leading"]),
        ("trailing ", &["trailing"]),
        (
            "well-known 2-3 5km 10a.m. 3:30pm",
            &[
                "well", "-", "known", "2", "-", "3", "5", "km", "10", "a.m.", "3:30pm",
            ],
        ),
        (
            "Pyongyang's Erdoğan’s",
            &["Pyongyang", "'s", "Erdoğan", "’s"],
        ),
        ("Ukraine--Russia", &["Ukraine", "--", "Russia"]),
        ("(: :) wow:)", &["(:", ":)", "wow", ":)"]),
        ("Hello...", &["Hello", "..."]),
        (
            "U.S.-led rock'n'roll e.g. C++ N.Y.P.D. 9/11",
            &["U.S.-led", "rock'n'roll", "e.g.", "C++", "N.Y.P.D.", "9/11"],
        ),
        ("'s", &["'s"]),
        ("don't!", &["do", "n't", "!"]),
        ("x\u{a0}y", &["x", "\u{a0}", "y"]),
        ("\u{1c}", &["\u{1c}"]),
        ("can't", &["ca", "n't"]),
        ("", &[]),
    ];
    for (text, want) in cases {
        assert_eq!(&words(text), want, "tokenizing {text:?}");
    }
}

#[test]
fn special_case_norms() {
    assert_eq!(norms("can't"), ["can", "not"]);
    assert_eq!(norms("We won't"), ["we", "will", "not"]);
    assert_eq!(norms("x\u{a0}y"), ["x", "  ", "y"]);
    assert_eq!(norms("Ukraine--Russia’s"), ["ukraine", "-", "russia", "'s"]);
}

#[test]
fn space_flags() {
    let toks = model().0.tokenize("a  b \n");
    let flags: Vec<bool> = toks.iter().map(|t| t.space_after).collect();
    // "a"+space, " ", "b"+space, "\n"
    assert_eq!(flags, [true, false, true, false]);
}

/// Every span invariant the rest of dyad relies on.
fn check_invariants(text: &str, toks: &[RawToken]) -> Result<(), String> {
    let mut pos = 0;
    for (i, t) in toks.iter().enumerate() {
        if t.start >= t.end || t.end > text.len() {
            return Err(format!("token {i} {t:?} is empty or out of bounds"));
        }
        if !text.is_char_boundary(t.start) || !text.is_char_boundary(t.end) {
            return Err(format!("token {i} {t:?} not on char boundaries"));
        }
        // The gap before a token is empty, or the one space absorbed by the previous token.
        let gap = &text[pos..t.start];
        let absorbed = i > 0 && toks[i - 1].space_after;
        if !(gap.is_empty() && !absorbed || gap == " " && absorbed) {
            return Err(format!(
                "gap {gap:?} before token {i} (previous space_after {absorbed})"
            ));
        }
        pos = t.end;
    }
    let tail = &text[pos..];
    let absorbed = toks.last().is_some_and(|t| t.space_after);
    if !(tail.is_empty() && !absorbed || tail == " " && absorbed) {
        return Err(format!(
            "tail {tail:?} not covered (last space_after {absorbed})"
        ));
    }
    Ok(())
}

fn piece() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<char>().prop_map(String::from),
        prop::sample::select(vec![
            " ",
            "  ",
            "\n",
            "\t",
            "\u{a0}",
            "\u{1c}",
            "'s",
            "n't",
            "U.S.",
            ":)",
            "(",
            ")",
            "\"",
            "’",
            "...",
            "-",
            "--",
            "—",
            ".",
            ",",
            "http://a.bc/d",
            "www.x.org",
            "a@b.cd",
            "5km",
            "$",
            "€",
            "10a.m.",
            "e.g.",
            "Gen.",
            "İ",
            "Σ",
            "😀",
            "\u{301}",
            "²",
            "1,000",
        ])
        .prop_map(String::from),
        "[a-zA-Z0-9]{1,6}",
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 3000, .. ProptestConfig::default() })]

    #[test]
    fn spans_are_sound_on_arbitrary_text(parts in prop::collection::vec(piece(), 0..24)) {
        let text: String = parts.concat();
        let toks = model().0.tokenize(&text);
        if let Err(e) = check_invariants(&text, &toks) {
            return Err(TestCaseError::fail(format!("{text:?}: {e}")));
        }
        // Features never panic either.
        let lex = &model().1;
        for t in &toks {
            let w = &text[t.start..t.end];
            let n = lex.norm(w, t.norm.as_deref());
            lex.features(w, &n, t.space_after);
        }
    }
}

/// Tokenize and check invariants, returning (tokens, seconds).
fn timed(text: &str) -> (usize, f64) {
    let t0 = Instant::now();
    let toks = model().0.tokenize(text);
    let secs = t0.elapsed().as_secs_f64();
    check_invariants(text, &toks).unwrap_or_else(|e| panic!("{e}"));
    (toks.len(), secs)
}

#[test]
fn pathological_inputs_stay_bounded() {
    // 1 MB inputs in optimised builds (`cargo test --release`); unoptimised
    // builds run ~10x slower, so they use 128 KB. `DYAD_PATHOLOGICAL_KB`
    // overrides the size when investigating growth.
    let default_kb = if cfg!(debug_assertions) { 128 } else { 1024 };
    let mb = std::env::var("DYAD_PATHOLOGICAL_KB")
        .ok()
        .and_then(|v| v.parse::<usize>().ok())
        .unwrap_or(default_kb)
        << 10;
    let cases: Vec<(&str, String)> = vec![
        ("newlines", "\n".repeat(mb)),
        ("letters", "a".repeat(mb)),
        ("')'", ")".repeat(mb)),
        ("'.'", ".".repeat(mb)),
        ("'a-'", "a-".repeat(mb / 2)),
        ("'A.'", "A.".repeat(mb / 2)),
        ("'1.'", "1.".repeat(mb / 2)),
        ("URL-like", format!("http://{}.com", "a.".repeat(mb / 2))),
        ("\"'s\"", "'s".repeat(mb / 2)),
        ("'(:'", "(:".repeat(mb / 2)),
        ("mixed", "x(y)-Z.u,v:w/1+2=3'".repeat(mb / 19)),
        ("words", "The army said it's 5km away. ".repeat(mb / 29)),
    ];
    let only = std::env::var("DYAD_PATHOLOGICAL_ONLY").ok();
    eprintln!("pathological inputs of {} KB each, no spaces:", mb >> 10);
    for (name, text) in &cases {
        if only.as_deref().is_some_and(|o| !name.contains(o)) {
            continue;
        }
        eprint!("{name}: ");
        let (n, secs) = timed(text);
        eprintln!("{n} tokens in {secs:.2} s");
        // Linear-time work takes well under this; a quadratic blow-up
        // (the failure this guards against) takes minutes.
        assert!(secs < 30.0, "{name} took {secs:.1} s");
    }
}

/// Throughput on the committed fixture texts; run in release:
/// `cargo test --release -p dyad-text --test tokenizer_cases -- --ignored --nocapture`
#[test]
#[ignore]
fn throughput() {
    let fixture = include_str!("fixtures/news_sentences.jsonl");
    let texts: Vec<String> = fixture
        .lines()
        .map(|l| {
            serde_json::from_str::<serde_json::Value>(l).expect("json")["text"]
                .as_str()
                .expect("text")
                .to_string()
        })
        .collect();
    let (dir, temp) = model_dir();
    let t0 = Instant::now();
    Tokenizer::load(&dir).expect("load tokenizer");
    Lexicon::load(&dir).expect("load lexicon");
    eprintln!(
        "load tokenizer + lexicon: {:.3} s",
        t0.elapsed().as_secs_f64()
    );
    if temp {
        let _ = std::fs::remove_dir_all(&dir);
    }
    let (tok, lex) = model();
    let mut best = f64::MAX;
    let mut n = 0;
    for _ in 0..20 {
        let t0 = Instant::now();
        n = 0;
        for t in &texts {
            n += tok.tokenize(t).len();
        }
        best = best.min(t0.elapsed().as_secs_f64());
    }
    eprintln!("tokenize: {n} tokens, best {:.0} tokens/s", n as f64 / best);
    let mut best = f64::MAX;
    let mut m = 0;
    for _ in 0..20 {
        let t0 = Instant::now();
        m = 0;
        for t in &texts {
            for r in tok.tokenize(t) {
                let w = &t[r.start..r.end];
                let norm = lex.norm(w, r.norm.as_deref());
                std::hint::black_box(lex.features(w, &norm, r.space_after));
                m += 1;
            }
        }
        best = best.min(t0.elapsed().as_secs_f64());
    }
    eprintln!(
        "tokenize + norm + features: best {:.0} tokens/s",
        m as f64 / best
    );
    let words: Vec<(&str, Option<String>, bool)> = texts
        .iter()
        .flat_map(|t| {
            tok.tokenize(t)
                .into_iter()
                .map(move |r| (&t[r.start..r.end], r.norm, r.space_after))
        })
        .collect();
    let mut best = f64::MAX;
    for _ in 0..20 {
        let t0 = Instant::now();
        for (w, special, space) in &words {
            let norm = lex.norm(w, special.as_deref());
            std::hint::black_box(lex.features(w, &norm, *space));
        }
        best = best.min(t0.elapsed().as_secs_f64());
    }
    eprintln!(
        "norm + features alone: best {:.0} tokens/s",
        words.len() as f64 / best
    );
}
