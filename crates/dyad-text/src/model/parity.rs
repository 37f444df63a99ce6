//! Agreement with spaCy, measured on a JSONL fixture written by
//! `scripts/spacy_parity_dump.py` (one doc per line: `text`, `tokens`,
//! `spacy`, `tag`, `pos`, `morph`, `lemma`, `head`, `dep`, `sent_start`,
//! `ents`, and optionally `feat_ids`, `tok2vec`, `ner_tok2vec`,
//! `parser_actions`, `ner_actions`).
//!
//! Two sections: the whole pipeline from raw text (a doc whose tokens differ
//! from spaCy's counts all its tokens as wrong in every layer), and, where the
//! fixture has `feat_ids`, the neural stages alone on spaCy's own features,
//! which isolates them from tokenizer and lexicon differences.

use std::io::BufRead;
use std::path::Path;

use serde_json::Value;

use super::{Neural, Pipeline};
use crate::doc::Doc;
use crate::error::TextError;

/// How many mismatches each layer keeps for display.
const KEEP: usize = 5;

/// Agreement of one layer.
#[derive(Debug, Clone)]
pub struct LayerScore {
    /// The layer (`tags`, `heads`, `deps`, `ents`…).
    pub name: String,
    /// Items where dyad and spaCy agree.
    pub agree: usize,
    /// Items compared.
    pub total: usize,
    /// The first few disagreements, described.
    pub mismatches: Vec<String>,
}

impl LayerScore {
    fn new(name: &str) -> LayerScore {
        LayerScore {
            name: name.to_owned(),
            agree: 0,
            total: 0,
            mismatches: Vec::new(),
        }
    }

    /// Agreement in percent (100 for an empty layer).
    pub fn percent(&self) -> f64 {
        if self.total == 0 {
            100.0
        } else {
            100.0 * self.agree as f64 / self.total as f64
        }
    }

    fn add(&mut self, ok: bool, what: impl FnOnce() -> String) {
        self.total += 1;
        if ok {
            self.agree += 1;
        } else if self.mismatches.len() < KEEP {
            self.mismatches.push(what());
        }
    }
}

/// The result of [`compare`].
#[derive(Debug, Clone, Default)]
pub struct ParityReport {
    /// Documents compared.
    pub docs: usize,
    /// Whole pipeline from text, per token (entities: per-token IOB + label).
    pub pipeline: Vec<LayerScore>,
    /// Neural stages on the fixture's feature ids; empty without `feat_ids`.
    pub neural: Vec<LayerScore>,
    /// Largest absolute tok2vec / ner tok2vec difference, when the fixture has tensors.
    pub tok2vec_max_diff: Option<f32>,
    /// The same for the ner's own tok2vec.
    pub ner_tok2vec_max_diff: Option<f32>,
}

impl ParityReport {
    /// The whole-pipeline score of `layer`, if measured.
    pub fn layer(&self, layer: &str) -> Option<&LayerScore> {
        self.pipeline.iter().find(|l| l.name == layer)
    }
}

/// One fixture doc.
struct Record {
    text: String,
    tokens: Vec<String>,
    spacy: Vec<bool>,
    tag: Vec<String>,
    pos: Vec<String>,
    morph: Vec<String>,
    lemma: Vec<String>,
    head: Vec<usize>,
    dep: Vec<String>,
    sent_start: Vec<bool>,
    ents: Vec<(usize, usize, String)>,
    feat_ids: Option<Vec<[u64; super::N_FEATURES]>>,
    tok2vec: Option<Vec<f32>>,
    ner_tok2vec: Option<Vec<f32>>,
    parser_actions: Option<Vec<String>>,
    ner_actions: Option<Vec<String>>,
}

fn parse_record(v: &Value) -> Result<Record, String> {
    fn field<'a>(v: &'a Value, k: &str) -> Result<&'a Value, String> {
        v.get(k).ok_or_else(|| format!("missing field `{k}`"))
    }
    fn strings(v: &Value, k: &str) -> Result<Vec<String>, String> {
        serde_json::from_value(field(v, k)?.clone()).map_err(|e| format!("field `{k}`: {e}"))
    }
    fn opt<T: serde::de::DeserializeOwned>(v: &Value, k: &str) -> Result<Option<T>, String> {
        match v.get(k) {
            None | Some(Value::Null) => Ok(None),
            Some(x) => serde_json::from_value(x.clone())
                .map(Some)
                .map_err(|e| format!("field `{k}`: {e}")),
        }
    }
    let ents: Vec<(usize, usize, String)> = serde_json::from_value(field(v, "ents")?.clone())
        .map_err(|e| format!("field `ents`: {e}"))?;
    let feat_ids: Option<Vec<Vec<String>>> = opt(v, "feat_ids")?;
    let feat_ids = feat_ids
        .map(|rows| {
            rows.iter()
                .map(|row| {
                    let mut out = [0u64; super::N_FEATURES];
                    if row.len() != out.len() {
                        return Err(format!("field `feat_ids`: row of {} values", row.len()));
                    }
                    for (o, s) in out.iter_mut().zip(row) {
                        *o = s
                            .parse()
                            .map_err(|_| format!("field `feat_ids`: bad id {s:?}"))?;
                    }
                    Ok(out)
                })
                .collect::<Result<Vec<_>, String>>()
        })
        .transpose()?;
    let flat = |k: &str| -> Result<Option<Vec<f32>>, String> {
        let rows: Option<Vec<Vec<f32>>> = opt(v, k)?;
        Ok(rows.map(|r| r.concat()))
    };
    Ok(Record {
        text: field(v, "text")?
            .as_str()
            .ok_or("field `text`: not a string")?
            .to_owned(),
        tokens: strings(v, "tokens")?,
        spacy: opt(v, "spacy")?.unwrap_or_default(),
        tag: strings(v, "tag")?,
        pos: strings(v, "pos")?,
        morph: strings(v, "morph")?,
        lemma: strings(v, "lemma")?,
        head: serde_json::from_value(field(v, "head")?.clone())
            .map_err(|e| format!("field `head`: {e}"))?,
        dep: strings(v, "dep")?,
        sent_start: serde_json::from_value(field(v, "sent_start")?.clone())
            .map_err(|e| format!("field `sent_start`: {e}"))?,
        ents,
        feat_ids,
        tok2vec: flat("tok2vec")?,
        ner_tok2vec: flat("ner_tok2vec")?,
        parser_actions: opt(v, "parser_actions")?,
        ner_actions: opt(v, "ner_actions")?,
    })
}

/// Per-token entity tags (`B-ORG`, `I-ORG`, `O`) for comparing spans token by token.
fn iob(n: usize, ents: &[(usize, usize, String)]) -> Vec<String> {
    let mut out = vec!["O".to_owned(); n];
    for (s, e, l) in ents {
        for (i, tag) in out.iter_mut().enumerate().take((*e).min(n)).skip(*s) {
            *tag = format!("{}-{l}", if i == *s { "B" } else { "I" });
        }
    }
    out
}

/// Reads the fixture at `path` and measures agreement of the whole pipeline
/// and, where the fixture has feature ids, of the neural stages alone;
/// `limit` caps the docs read.
pub fn compare(
    pipeline: &Pipeline,
    path: &Path,
    limit: Option<usize>,
) -> Result<ParityReport, TextError> {
    compare_with(
        pipeline.neural(),
        Some(&|texts: &[&str]| pipeline.analyze_batch(texts)),
        path,
        limit,
    )
}

/// Only the neural stages on the fixture's feature ids (no tokenizer, lexicon or rules).
pub fn compare_neural_only(
    pipeline: &Pipeline,
    path: &Path,
    limit: Option<usize>,
) -> Result<ParityReport, TextError> {
    compare_with(pipeline.neural(), None, path, limit)
}

type Analyze<'a> = &'a dyn Fn(&[&str]) -> Vec<Result<Doc, TextError>>;

/// Docs analysed per [`Pipeline::analyze_batch`] call, so parity checks the
/// batched path the benchmark and the CLI use.
const PARITY_BATCH: usize = 64;

fn compare_with(
    nn: &Neural,
    analyze: Option<Analyze>,
    path: &Path,
    limit: Option<usize>,
) -> Result<ParityReport, TextError> {
    let file = std::fs::File::open(path).map_err(|e| TextError::io(path, e))?;
    let names = [
        "tokens",
        "tags",
        "heads",
        "deps",
        "sent_starts",
        "ents",
        "pos",
        "morph",
        "lemmas",
    ];
    let mut report = ParityReport::default();
    let mut pending: Vec<(usize, Record)> = Vec::new();
    if analyze.is_some() {
        report.pipeline = names.iter().map(|n| LayerScore::new(n)).collect();
    }
    for (lineno, line) in std::io::BufReader::new(file).lines().enumerate() {
        if limit.is_some_and(|l| report.docs >= l) {
            break;
        }
        let line = line.map_err(|e| TextError::io(path, e))?;
        if line.trim().is_empty() {
            continue;
        }
        let at = |msg: String| TextError::format(path, format!("line {}: {msg}", lineno + 1));
        let v: Value = serde_json::from_str(&line).map_err(|e| at(e.to_string()))?;
        let r = parse_record(&v).map_err(at)?;
        let n = r.tokens.len();
        if [
            r.tag.len(),
            r.pos.len(),
            r.morph.len(),
            r.lemma.len(),
            r.head.len(),
            r.dep.len(),
            r.sent_start.len(),
        ]
        .iter()
        .any(|&l| l != n)
        {
            return Err(at("per-token fields differ in length".into()));
        }
        report.docs += 1;
        pending.push((lineno + 1, r));
        if pending.len() >= PARITY_BATCH {
            flush(&mut report, nn, analyze, path, &mut pending)?;
        }
    }
    flush(&mut report, nn, analyze, path, &mut pending)?;
    Ok(report)
}

/// Compares the `pending` records (with their 1-based line numbers), then empties it.
fn flush(
    report: &mut ParityReport,
    nn: &Neural,
    analyze: Option<Analyze>,
    path: &Path,
    pending: &mut Vec<(usize, Record)>,
) -> Result<(), TextError> {
    let at = |line: usize, msg: String| TextError::format(path, format!("line {line}: {msg}"));
    if let Some(analyze) = analyze {
        let texts: Vec<&str> = pending.iter().map(|(_, r)| r.text.as_str()).collect();
        for ((line, r), doc) in pending.iter().zip(analyze(&texts)) {
            let doc = doc.map_err(|e| at(*line, e.to_string()))?;
            compare_doc(&mut report.pipeline, r, &doc, *line);
        }
    }
    for (line, r) in pending.iter() {
        if let Some(feats) = &r.feat_ids {
            if feats.len() != r.tokens.len() {
                return Err(at(*line, "`feat_ids` length differs from `tokens`".into()));
            }
            compare_neural(report, nn, r, feats, *line);
        }
    }
    pending.clear();
    Ok(())
}

fn compare_doc(layers: &mut [LayerScore], r: &Record, doc: &Doc, line: usize) {
    let n = r.tokens.len();
    let texts: Vec<&str> = (0..doc.tokens.len()).map(|i| doc.token_text(i)).collect();
    let same = texts.len() == n
        && texts.iter().zip(&r.tokens).all(|(a, b)| a == b)
        && (r.spacy.is_empty()
            || doc
                .tokens
                .iter()
                .zip(&r.spacy)
                .all(|(t, &s)| t.space_after == s));
    if !same {
        // Every layer counts this doc's tokens as wrong: alignment is not attempted.
        let first = (0..n.max(texts.len()))
            .find(|&i| texts.get(i).copied() != r.tokens.get(i).map(String::as_str))
            .unwrap_or(0);
        let what = format!(
            "line {line}: tokens differ at {first}: dyad {:?} spaCy {:?}",
            texts.get(first),
            r.tokens.get(first)
        );
        for l in layers.iter_mut() {
            l.total += n;
            if l.mismatches.len() < KEEP && l.name == "tokens" {
                l.mismatches.push(what.clone());
            }
        }
        return;
    }
    let ents: Vec<(usize, usize, String)> = doc
        .ents
        .iter()
        .map(|e| (e.start, e.end, e.label.clone()))
        .collect();
    let (ours, theirs) = (iob(n, &ents), iob(n, &r.ents));
    for (i, t) in doc.tokens.iter().enumerate() {
        let tok = &r.tokens[i];
        let pairs: [(&str, &str); 9] = [
            ("", ""),
            (&t.tag, &r.tag[i]),
            ("", ""),
            (&t.dep, &r.dep[i]),
            ("", ""),
            (&ours[i], &theirs[i]),
            (&t.pos, &r.pos[i]),
            (&t.morph, &r.morph[i]),
            (&t.lemma, &r.lemma[i]),
        ];
        for (k, l) in layers.iter_mut().enumerate() {
            let (ok, a, b) = match k {
                0 => (true, String::new(), String::new()),
                2 => (
                    t.head == r.head[i],
                    t.head.to_string(),
                    r.head[i].to_string(),
                ),
                4 => (
                    t.sent_start == r.sent_start[i],
                    t.sent_start.to_string(),
                    r.sent_start[i].to_string(),
                ),
                _ => (
                    pairs[k].0 == pairs[k].1,
                    pairs[k].0.to_owned(),
                    pairs[k].1.to_owned(),
                ),
            };
            l.add(ok, || {
                format!("line {line} token {i} {tok:?}: dyad {a:?} spaCy {b:?}")
            });
        }
    }
}

fn compare_neural(
    report: &mut ParityReport,
    nn: &Neural,
    r: &Record,
    feats: &[[u64; super::N_FEATURES]],
    line: usize,
) {
    if report.neural.is_empty() {
        let names = [
            "tags",
            "parser actions (docs)",
            "heads",
            "deps (before attr. ruler)",
            "sent_starts",
            "ner actions (docs)",
            "ents",
        ];
        report.neural = names.iter().map(|n| LayerScore::new(n)).collect();
    }
    let out = nn.run(feats);
    let max_diff = |a: &[f32], b: &[f32]| {
        a.iter()
            .zip(b)
            .fold(0.0f32, |m, (x, y)| m.max((x - y).abs()))
    };
    if let Some(t) = &r.tok2vec {
        let d = if t.len() == out.tensor.len() {
            max_diff(&out.tensor, t)
        } else {
            f32::INFINITY
        };
        report.tok2vec_max_diff = Some(report.tok2vec_max_diff.unwrap_or(0.0).max(d));
    }
    if let Some(t) = &r.ner_tok2vec {
        let ours = nn.ner_tensor(feats);
        let d = if t.len() == ours.len() {
            max_diff(&ours, t)
        } else {
            f32::INFINITY
        };
        report.ner_tok2vec_max_diff = Some(report.ner_tok2vec_max_diff.unwrap_or(0.0).max(d));
    }
    let n = feats.len();
    let (ours, theirs) = (iob(n, &out.ents), iob(n, &r.ents));
    let l = &mut report.neural;
    for i in 0..n {
        let tag = &nn.tag_names()[out.tags[i]];
        l[0].add(*tag == r.tag[i], || {
            format!("line {line} token {i}: dyad {tag} spaCy {}", r.tag[i])
        });
        l[2].add(out.heads[i] == r.head[i], || {
            format!(
                "line {line} token {i}: dyad {} spaCy {}",
                out.heads[i], r.head[i]
            )
        });
        l[3].add(out.deps[i] == r.dep[i], || {
            format!(
                "line {line} token {i}: dyad {} spaCy {}",
                out.deps[i], r.dep[i]
            )
        });
        l[4].add(out.sent_starts[i] == r.sent_start[i], || {
            format!("line {line} token {i}")
        });
        l[6].add(ours[i] == theirs[i], || {
            format!(
                "line {line} token {i}: dyad {} spaCy {}",
                ours[i], theirs[i]
            )
        });
    }
    for (k, log, names, ours) in [
        (
            1,
            &r.parser_actions,
            nn.parser_actions(),
            &out.parser_actions,
        ),
        (5, &r.ner_actions, nn.ner_actions(), &out.ner_actions),
    ] {
        if let Some(log) = log {
            let ours: Vec<&str> = ours.iter().map(|&a| names[a].as_str()).collect();
            let first = (0..ours.len().max(log.len()))
                .find(|&i| ours.get(i).copied() != log.get(i).map(String::as_str));
            l[k].add(first.is_none(), || {
                let i = first.unwrap_or(0);
                format!(
                    "line {line} step {i}: dyad {:?} spaCy {:?}",
                    ours.get(i),
                    log.get(i)
                )
            });
        }
    }
}
