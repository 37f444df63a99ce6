//! ClearNLP -> UD conversion, CoNLL-U output and scoring, on hand-built
//! parses (no model needed).

use dyad_text::ud::{self, to_ud, UdScores};
use dyad_text::{Doc, Entity, Token};

/// (text, tag, pos, lemma, head, dep, space_after)
type Row<'a> = (&'a str, &'a str, &'a str, &'a str, usize, &'a str, bool);

fn doc(rows: &[Row]) -> Doc {
    let mut d = Doc::default();
    for (k, (w, tag, pos, lemma, head, dep, space)) in rows.iter().enumerate() {
        let start = d.text.len();
        d.text.push_str(w);
        let end = d.text.len();
        if *space {
            d.text.push(' ');
        }
        d.tokens.push(Token {
            start,
            end,
            space_after: *space,
            tag: tag.to_string(),
            pos: pos.to_string(),
            lemma: lemma.to_string(),
            head: *head,
            dep: dep.to_string(),
            sent_start: k == 0,
            ..Token::default()
        });
    }
    d
}

fn rels(d: &Doc) -> Vec<(String, Option<String>, String)> {
    let t = to_ud(d);
    (0..d.tokens.len())
        .filter(|&i| !t.skipped[i])
        .map(|i| {
            (
                d.token_text(i).to_string(),
                t.head[i].map(|h| d.token_text(h).to_string()),
                t.deprel[i].clone(),
            )
        })
        .collect()
}

fn has(r: &[(String, Option<String>, String)], word: &str, head: Option<&str>, rel: &str) -> bool {
    r.iter()
        .any(|(w, h, l)| w == word && h.as_deref() == head && l == rel)
}

#[test]
fn passive_with_agent_and_preposition() {
    // The convoy was attacked by rebels near Goma.
    let d = doc(&[
        ("The", "DT", "DET", "the", 1, "det", true),
        ("convoy", "NN", "NOUN", "convoy", 3, "nsubjpass", true),
        ("was", "VBD", "AUX", "be", 3, "auxpass", true),
        ("attacked", "VBN", "VERB", "attack", 3, "ROOT", true),
        ("by", "IN", "ADP", "by", 3, "agent", true),
        ("rebels", "NNS", "NOUN", "rebel", 4, "pobj", true),
        ("near", "IN", "ADP", "near", 3, "prep", true),
        ("Goma", "NNP", "PROPN", "Goma", 6, "pobj", false),
        (".", ".", "PUNCT", ".", 3, "punct", false),
    ]);
    let r = rels(&d);
    assert!(has(&r, "convoy", Some("attacked"), "nsubj:pass"), "{r:?}");
    assert!(has(&r, "was", Some("attacked"), "aux:pass"), "{r:?}");
    assert!(has(&r, "attacked", None, "root"), "{r:?}");
    assert!(has(&r, "rebels", Some("attacked"), "obl:agent"), "{r:?}");
    assert!(has(&r, "by", Some("rebels"), "case"), "{r:?}");
    assert!(has(&r, "Goma", Some("attacked"), "obl"), "{r:?}");
    assert!(has(&r, "near", Some("Goma"), "case"), "{r:?}");
    assert!(has(&r, ".", Some("attacked"), "punct"), "{r:?}");
}

#[test]
fn copula_and_nominal_modifier() {
    // Ruto is the president of Kenya.
    let d = doc(&[
        ("Ruto", "NNP", "PROPN", "Ruto", 1, "nsubj", true),
        ("is", "VBZ", "AUX", "be", 1, "ROOT", true),
        ("the", "DT", "DET", "the", 3, "det", true),
        ("president", "NN", "NOUN", "president", 1, "attr", true),
        ("of", "IN", "ADP", "of", 3, "prep", true),
        ("Kenya", "NNP", "PROPN", "Kenya", 4, "pobj", false),
        (".", ".", "PUNCT", ".", 1, "punct", false),
    ]);
    let r = rels(&d);
    assert!(has(&r, "president", None, "root"), "{r:?}");
    assert!(has(&r, "is", Some("president"), "cop"), "{r:?}");
    assert!(has(&r, "Ruto", Some("president"), "nsubj"), "{r:?}");
    assert!(has(&r, "Kenya", Some("president"), "nmod"), "{r:?}");
    assert!(has(&r, ".", Some("president"), "punct"), "{r:?}");
}

#[test]
fn existential_there_keeps_the_verb() {
    // There was an attack.
    let d = doc(&[
        ("There", "EX", "PRON", "there", 1, "expl", true),
        ("was", "VBD", "VERB", "be", 1, "ROOT", true),
        ("an", "DT", "DET", "an", 3, "det", true),
        ("attack", "NN", "NOUN", "attack", 1, "attr", false),
    ]);
    let r = rels(&d);
    assert!(has(&r, "was", None, "root"), "{r:?}");
    assert!(has(&r, "attack", Some("was"), "nsubj"), "{r:?}");
    assert!(has(&r, "There", Some("was"), "expl"), "{r:?}");
}

#[test]
fn coordination_and_names() {
    // Abiy Ahmed met Ruto, Museveni and Kagame.
    let mut d = doc(&[
        ("Abiy", "NNP", "PROPN", "Abiy", 1, "compound", true),
        ("Ahmed", "NNP", "PROPN", "Ahmed", 2, "nsubj", true),
        ("met", "VBD", "VERB", "meet", 2, "ROOT", true),
        ("Ruto", "NNP", "PROPN", "Ruto", 2, "dobj", false),
        (",", ",", "PUNCT", ",", 3, "punct", true),
        ("Museveni", "NNP", "PROPN", "Museveni", 3, "conj", true),
        ("and", "CC", "CCONJ", "and", 5, "cc", true),
        ("Kagame", "NNP", "PROPN", "Kagame", 5, "conj", false),
        (".", ".", "PUNCT", ".", 2, "punct", false),
    ]);
    d.ents.push(Entity {
        start: 0,
        end: 2,
        label: "PERSON".into(),
    });
    let r = rels(&d);
    assert!(has(&r, "Abiy", Some("met"), "nsubj"), "{r:?}");
    assert!(has(&r, "Ahmed", Some("Abiy"), "flat"), "{r:?}");
    assert!(has(&r, "Ruto", Some("met"), "obj"), "{r:?}");
    assert!(has(&r, "Museveni", Some("Ruto"), "conj"), "{r:?}");
    assert!(has(&r, "Kagame", Some("Ruto"), "conj"), "{r:?}");
    assert!(has(&r, "and", Some("Kagame"), "cc"), "{r:?}");
    assert!(has(&r, ",", Some("Museveni"), "punct"), "{r:?}");
}

#[test]
fn conllu_skips_whitespace_and_numbers_within_sentences() {
    // "Talks ended.\n\nRuto left." as two sentences with a whitespace token.
    let mut d = doc(&[
        ("Talks", "NNS", "NOUN", "talk", 1, "nsubj", true),
        ("ended", "VBD", "VERB", "end", 1, "ROOT", false),
        (".", ".", "PUNCT", ".", 1, "punct", false),
        ("\n\n", "_SP", "SPACE", "\n\n", 2, "dep", false),
        ("Ruto", "NNP", "PROPN", "Ruto", 5, "nsubj", true),
        ("left", "VBD", "VERB", "leave", 5, "ROOT", false),
        (".", ".", "PUNCT", ".", 5, "punct", false),
    ]);
    d.tokens[4].sent_start = true;
    let mut out = Vec::new();
    ud::write_conllu(&d, "doc7", &mut out).unwrap();
    let text = String::from_utf8(out).unwrap();
    let expected = "# doc_id = doc7\n\
# sent_id = doc7-1\n# text = Talks ended.\n\
1\tTalks\ttalk\tNOUN\tNNS\t_\t2\tnsubj\t_\t_\n\
2\tended\tend\tVERB\tVBD\t_\t0\troot\t_\tSpaceAfter=No\n\
3\t.\t.\tPUNCT\t.\t_\t2\tpunct\t_\t_\n\n\
# sent_id = doc7-2\n# text = Ruto left.\n\
1\tRuto\tRuto\tPROPN\tNNP\t_\t2\tnsubj\t_\t_\n\
2\tleft\tleave\tVERB\tVBD\t_\t0\troot\t_\tSpaceAfter=No\n\
3\t.\t.\tPUNCT\t.\t_\t2\tpunct\t_\t_\n\n";
    assert_eq!(text, expected);
}

#[test]
fn scores_align_by_character_span() {
    let gold = ud::read_conllu(
        "# text = Ruto left.\n\
1\tRuto\tRuto\tPROPN\tNNP\t_\t2\tnsubj\t_\t_\n\
2\tleft\tleave\tVERB\tVBD\t_\t0\troot\t_\tSpaceAfter=No\n\
3\t.\t.\tPUNCT\t.\t_\t2\tpunct\t_\t_\n\n",
    )
    .unwrap();
    // The system tokenizes "left." as one token and labels Ruto wrongly.
    let d = doc(&[
        ("Ruto", "NNP", "PROPN", "Ruto", 1, "dobj", true),
        ("left.", "VBD", "VERB", "leave", 1, "ROOT", false),
    ]);
    let mut s = UdScores::default();
    s.add(&gold[0], &d, &to_ud(&d));
    assert_eq!((s.gold_words, s.system_words, s.aligned), (3, 2, 1));
    assert_eq!((s.upos, s.uas, s.las), (1, 0, 0));
    // "Ruto" is aligned but its head ("left.") matches no gold word.
    assert!((s.f1(s.aligned) - 40.0).abs() < 1e-9);
    assert!(s.report(5).contains("Tokens  F1  40.00"), "{}", s.report(5));
}

/// Every converted sentence of the committed spaCy fixture is a tree: one
/// root, heads inside the sentence, no cycles.
#[test]
fn fixture_conversions_are_trees() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/spacy_parity.jsonl"
    );
    let text = std::fs::read_to_string(path).expect("committed fixture");
    let mut sentences = 0;
    for (n, line) in text.lines().enumerate() {
        let (_, d) =
            ud::doc_from_spacy_dump(line).unwrap_or_else(|e| panic!("line {}: {e}", n + 1));
        let t = to_ud(&d);
        assert_eq!(t.unmapped, 0, "line {}", n + 1);
        for sent in d.sentences() {
            let words: Vec<usize> = sent.clone().filter(|&i| !t.skipped[i]).collect();
            if words.is_empty() {
                continue;
            }
            sentences += 1;
            let roots = words.iter().filter(|&&i| t.head[i].is_none()).count();
            assert_eq!(roots, 1, "line {}: sentence {sent:?}", n + 1);
            for &i in &words {
                let mut j = i;
                for _ in 0..=words.len() {
                    match t.head[j] {
                        None => break,
                        Some(h) => {
                            assert!(
                                sent.contains(&h) && !t.skipped[h],
                                "line {}: token {i}",
                                n + 1
                            );
                            j = h;
                        }
                    }
                }
                assert!(
                    t.head[j].is_none(),
                    "line {}: cycle through token {i}",
                    n + 1
                );
            }
        }
    }
    assert!(sentences > 400, "{sentences}");
}
