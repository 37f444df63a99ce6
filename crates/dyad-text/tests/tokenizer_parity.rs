//! Parity with spaCy's own tokenizer and lexical features, on the committed
//! fixture `tests/fixtures/spacy_parity.jsonl` (made by
//! `scripts/spacy_parity_dump.py`).
//!
//! The tokenizer rules come from a converted model: converted afresh from
//! the spaCy model directory in `$DYAD_SPACY_DIR` when set, else the
//! installed model (`dyad_text::model::default_dir()`). Set
//! `DYAD_TOKENIZER_PARITY=a.jsonl:b.jsonl` to check more dump files too.

use std::path::{Path, PathBuf};

use dyad_text::lexeme::Lexicon;
use dyad_text::tokenizer::Tokenizer;
use serde_json::Value;

fn model_dir() -> PathBuf {
    if let Some(spacy) = std::env::var_os("DYAD_SPACY_DIR") {
        let out = std::env::temp_dir().join(format!("dyad-tok-parity-{}", std::process::id()));
        Tokenizer::convert_spacy(Path::new(&spacy), &out).expect("convert tokenizer");
        Lexicon::convert_spacy(Path::new(&spacy), &out).expect("convert lexicon");
        return out;
    }
    let dir = dyad_text::model::default_dir();
    assert!(
        dir.join(dyad_text::tokenizer::TOKENIZER_FILE).exists(),
        "no converted model at {}: run `scripts/fetch-model` (or set DYAD_SPACY_DIR to spaCy's \
         en_core_web_sm 3.8.0 package directory)",
        dir.display()
    );
    dir
}

#[derive(Default)]
struct Tally {
    docs: usize,
    docs_bad: usize,
    tokens: usize,
    tokens_bad: usize,
    feats_bad: usize,
    examples: Vec<String>,
}

fn check_file(tok: &Tokenizer, lex: &Lexicon, path: &Path, tally: &mut Tally) {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    for (n, line) in text.lines().enumerate() {
        let rec: Value = serde_json::from_str(line)
            .unwrap_or_else(|e| panic!("{}:{}: {e}", path.display(), n + 1));
        let text = rec["text"].as_str().expect("text");
        let strs = |k: &str| -> Vec<String> {
            rec[k]
                .as_array()
                .expect(k)
                .iter()
                .map(|v| v.as_str().expect(k).to_string())
                .collect()
        };
        let want_tokens = strs("tokens");
        let want_norm = strs("norm");
        let want_idx: Vec<usize> = rec["idx"]
            .as_array()
            .expect("idx")
            .iter()
            .map(|v| v.as_u64().unwrap() as usize)
            .collect();
        let want_spacy: Vec<bool> = rec["spacy"]
            .as_array()
            .expect("spacy")
            .iter()
            .map(|v| v.as_bool().unwrap())
            .collect();
        let want_feats: Vec<Vec<u64>> = rec["feat_ids"]
            .as_array()
            .expect("feat_ids")
            .iter()
            .map(|row| {
                row.as_array()
                    .unwrap()
                    .iter()
                    .map(|v| v.as_str().unwrap().parse().unwrap())
                    .collect()
            })
            .collect();

        let got = tok.tokenize(text);
        // Byte offset -> code-point offset, as spaCy's `idx` counts.
        let char_idx = |b: usize| text[..b].chars().count();
        let mut doc_bad = got.len() != want_tokens.len();
        if got.len() > want_tokens.len() {
            tally.tokens_bad += got.len() - want_tokens.len();
            if tally.examples.len() < 20 {
                tally.examples.push(format!(
                    "{}:{}: {} tokens, want {}",
                    path.display(),
                    n + 1,
                    got.len(),
                    want_tokens.len()
                ));
            }
        }
        tally.docs += 1;
        tally.tokens += want_tokens.len();
        for (i, want) in want_tokens.iter().enumerate() {
            let Some(t) = got.get(i) else {
                tally.tokens_bad += want_tokens.len() - i;
                break;
            };
            let word = &text[t.start..t.end];
            let norm = lex.norm(word, t.norm.as_deref());
            let same = word == want
                && char_idx(t.start) == want_idx[i]
                && t.space_after == want_spacy[i]
                && norm == want_norm[i];
            if !same {
                tally.tokens_bad += 1;
                doc_bad = true;
                if tally.examples.len() < 20 {
                    tally.examples.push(format!(
                        "{}:{} token {i}: got {word:?} (space {}, norm {norm:?}) want {want:?} (space {}, norm {:?})",
                        path.display(),
                        n + 1,
                        t.space_after,
                        want_spacy[i],
                        want_norm[i]
                    ));
                }
                continue;
            }
            let feats = lex.features(word, &norm, t.space_after);
            if feats[..] != want_feats[i][..] {
                tally.feats_bad += 1;
                doc_bad = true;
                if tally.examples.len() < 20 {
                    tally.examples.push(format!(
                        "{}:{} token {i} {word:?}: features {feats:?} want {:?}",
                        path.display(),
                        n + 1,
                        want_feats[i]
                    ));
                }
            }
        }
        if doc_bad {
            tally.docs_bad += 1;
        }
    }
}

#[test]
fn tokenizer_and_features_match_spacy() {
    let dir = model_dir();
    let tok = Tokenizer::load(&dir).expect("load tokenizer");
    let lex = Lexicon::load(&dir).expect("load lexicon");
    if std::env::var_os("DYAD_SPACY_DIR").is_some() {
        let _ = std::fs::remove_dir_all(&dir);
    }
    let mut files =
        vec![PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/spacy_parity.jsonl")];
    if let Some(extra) = std::env::var_os("DYAD_TOKENIZER_PARITY") {
        files.extend(std::env::split_paths(&extra));
    }
    let mut tally = Tally::default();
    for f in &files {
        check_file(&tok, &lex, f, &mut tally);
    }
    eprintln!(
        "tokenizer parity: {} docs ({} differ), {} tokens, {} token/offset/space/norm mismatches, {} feature mismatches",
        tally.docs, tally.docs_bad, tally.tokens, tally.tokens_bad, tally.feats_bad
    );
    for e in &tally.examples {
        eprintln!("  {e}");
    }
    assert!(tally.docs >= 330, "fixture too small: {} docs", tally.docs);
    assert_eq!(
        tally.tokens_bad + tally.feats_bad,
        0,
        "tokenizer differs from spaCy"
    );
}
