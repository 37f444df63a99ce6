//! A user lexicon (`EngineOptions::lexicon`) changes how the engine codes.

use dyad_code::engine::{Engine, EngineOptions};
use dyad_ingest::Article;
use std::path::PathBuf;

fn have_model() -> bool {
    match dyad_text::Pipeline::load_default() {
        Ok(_) => true,
        Err(e) => {
            eprintln!("note: no model ({e}): user lexicon test skipped");
            false
        }
    }
}

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

/// (source, target, CAMEO) of every event coded from `body`.
fn code(engine: &Engine, body: &str) -> Vec<(Option<String>, Option<String>, String)> {
    let article = Article {
        id: "t".into(),
        date: chrono::NaiveDate::from_ymd_opt(2005, 6, 1),
        title: None,
        subheadline: None,
        summary: None,
        url: None,
        source: None,
        body: body.into(),
    };
    engine
        .code(&article, None, None)
        .expect("codes")
        .events
        .into_iter()
        .map(|e| (e.source.code, e.target.and_then(|t| t.code), e.cameo))
        .collect()
}

#[test]
fn removing_a_word_from_a_class_changes_the_coding() {
    if !have_model() {
        return;
    }
    let text = "A roadside bomb killed three American soldiers in Baghdad.";
    let builtin = Engine::load(&EngineOptions::default()).expect("loads");
    let with_bomb = code(&builtin, text);
    // A weapon as subject: unidentified armed forces, placed in Iraq, and
    // the weapon's code (roadside bombing, 1833).
    assert!(
        with_bomb
            .iter()
            .any(|(s, _, c)| s.as_deref().is_some_and(|s| s.ends_with("UAF")) && c == "1833"),
        "{with_bomb:?}"
    );
    let opts = EngineOptions {
        lexicon: vec![fixture("lexicon-no-bomb.txt")],
        ..Default::default()
    };
    let user = Engine::load(&opts).expect("loads with the user lexicon");
    assert!(!user
        .lexicon
        .has(dyad_code::lexicon::Class::Instruments, "bomb"));
    // "bomb" no longer names how: no perpetrator, so no event.
    assert_eq!(code(&user, text), vec![], "the bomb is no actor");
}

#[test]
fn a_bad_user_lexicon_fails_loading_with_file_and_line() {
    if !have_model() {
        return;
    }
    let opts = EngineOptions {
        lexicon: vec![fixture("lexicon-bad.txt")],
        ..Default::default()
    };
    let err = Engine::load(&opts)
        .err()
        .expect("unknown class fails")
        .to_string();
    assert!(
        err.contains("lexicon-bad.txt:2: unknown class [instrumentz]"),
        "{err}"
    );
}
