//! Attribute ruler + lemmatizer against spaCy's own POS, morphology and
//! lemmas, on Docs rebuilt from spaCy dumps (tokens, tags and parses taken
//! from spaCy, so only the rule stages are tested).
//!
//! Needs the installed model's rule files (`dyad model install`); skips when
//! they are absent. Extra dump files can be given in `DYAD_RULES_FIXTURES`
//! (colon-separated).

use std::path::{Path, PathBuf};

use dyad_text::rules::{AttributeRuler, Lemmatizer, ATTRIBUTE_RULES_FILE};
use dyad_text::ud::doc_from_spacy_dump;

#[derive(Default, Debug)]
struct Tally {
    tokens: usize,
    pos: usize,
    morph: usize,
    lemma: usize,
    shown: usize,
}

fn check_file(path: &Path, ruler: &AttributeRuler, lem: &Lemmatizer, t: &mut Tally) {
    let text = std::fs::read_to_string(path).expect("fixture readable");
    for (n, line) in text.lines().enumerate() {
        let (_, mut doc) = doc_from_spacy_dump(line)
            .unwrap_or_else(|e| panic!("{}:{}: {e}", path.display(), n + 1));
        let want: serde_json::Value = serde_json::from_str(line).expect("json");
        ruler.apply(&mut doc);
        lem.apply(&mut doc);
        for (i, tok) in doc.tokens.iter().enumerate() {
            t.tokens += 1;
            let get = |k: &str| want[k][i].as_str().unwrap_or_default().to_string();
            let (pos, morph, lemma) = (get("pos"), get("morph"), get("lemma"));
            let ok = [tok.pos == pos, tok.morph == morph, tok.lemma == lemma];
            t.pos += ok[0] as usize;
            t.morph += ok[1] as usize;
            t.lemma += ok[2] as usize;
            if ok.contains(&false) && t.shown < 20 {
                t.shown += 1;
                eprintln!(
                    "{}:{} token {i} {:?} tag {}: got {}/{}/{} want {pos}/{morph}/{lemma}",
                    path.display(),
                    n + 1,
                    doc.token_text(i),
                    tok.tag,
                    tok.pos,
                    tok.morph,
                    tok.lemma
                );
            }
        }
    }
}

#[test]
fn rules_match_spacy() {
    let model = dyad_text::model::default_dir();
    assert!(
        model.join(ATTRIBUTE_RULES_FILE).exists(),
        "no model at {}: run scripts/fetch-model",
        model.display()
    );
    let ruler = AttributeRuler::load(&model).expect("attribute rules load");
    let lem = Lemmatizer::load(&model).expect("lemma tables load");
    let mut files =
        vec![PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/spacy_parity.jsonl")];
    if let Some(extra) = std::env::var_os("DYAD_RULES_FIXTURES") {
        files.extend(std::env::split_paths(&extra));
    }
    let mut t = Tally::default();
    for f in &files {
        check_file(f, &ruler, &lem, &mut t);
    }
    eprintln!(
        "rules parity over {} tokens: pos {}, morph {}, lemma {}",
        t.tokens, t.pos, t.morph, t.lemma
    );
    assert!(t.tokens > 1000, "fixture too small: {} tokens", t.tokens);
    assert_eq!(
        (t.pos, t.morph, t.lemma),
        (t.tokens, t.tokens, t.tokens),
        "{t:?}"
    );
}
