//! The converted model: where it lives, how it is converted from spaCy's
//! wheel, and the [`Pipeline`] that runs all stages over a text.
//!
//! A model directory holds, besides the tokenizer, lexicon and rule files
//! written by their own modules:
//!
//! - `weights.bin`: every neural weight, in dyad's format (see `store.rs`);
//! - `labels.json`: `{"tagger": [...], "parser": [...], "ner": [...]}`, the
//!   tag names and transition class names in network output order;
//! - `dyad-model.json`: the manifest, written last by [`convert`], so a
//!   directory without it is never taken for a model.

mod ner;
mod nn;
pub mod parity;
mod parser;
mod simd;
mod store;
mod thinc;
mod tok2vec;
mod transition;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::doc::{Doc, Entity, Token};
use crate::error::TextError;
use ner::Biluo;
use nn::Linear;
use parser::ArcEager;
use store::{Store, StoreWriter};
use thinc::ThincModel;
use tok2vec::Tok2Vec;
use transition::TransitionNet;

pub use tok2vec::N_FEATURES;

/// Name of the model directory dyad installs.
pub const MODEL_NAME: &str = "en_core_web_sm-3.8.0";
/// File name of the manifest that marks a complete model directory.
pub const MANIFEST_FILE: &str = "dyad-model.json";
/// Version of dyad's model directory layout; bumped when files change meaning.
pub const FORMAT_VERSION: u32 = 1;
const WEIGHTS_FILE: &str = "weights.bin";
const LABELS_FILE: &str = "labels.json";

/// Where dyad looks for its model: `$DYAD_MODEL` if set, else
/// `models/en_core_web_sm-3.8.0` under [`dyad_ingest::data_home`]
/// (`$XDG_DATA_HOME/dyad`, else `~/.local/share/dyad`).
pub fn default_dir() -> PathBuf {
    if let Some(p) = std::env::var_os("DYAD_MODEL") {
        return PathBuf::from(p);
    }
    let base = dyad_ingest::data_home().unwrap_or_else(|| PathBuf::from("dyad"));
    base.join("models").join(MODEL_NAME)
}

/// The manifest `dyad-model.json`.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Manifest {
    /// spaCy package name the model was converted from.
    pub name: String,
    /// Its version.
    pub version: String,
    /// dyad's model format version ([`FORMAT_VERSION`]).
    pub format: u32,
    /// sha256 of each spaCy file read, keyed by its path in the package.
    pub sources: std::collections::BTreeMap<String, String>,
}

/// spaCy files the conversion reads; their hashes go into the manifest.
const SOURCE_FILES: &[&str] = &[
    "meta.json",
    "config.cfg",
    "tokenizer",
    "vocab/lookups.bin",
    "tok2vec/model",
    "tagger/model",
    "tagger/cfg",
    "parser/model",
    "parser/moves",
    "ner/model",
    "ner/moves",
    "attribute_ruler/patterns",
    "lemmatizer/lookups/lookups.bin",
];

#[derive(Serialize, Deserialize)]
struct Labels {
    tagger: Vec<String>,
    parser: Vec<String>,
    ner: Vec<String>,
}

/// Converts spaCy's `en_core_web_sm` package directory (the one holding
/// `config.cfg`) into a dyad model directory `out_dir`.
pub fn convert(spacy_model_dir: &Path, out_dir: &Path) -> Result<(), TextError> {
    let src = spacy_model_dir;
    let meta_path = src.join("meta.json");
    let meta: serde_json::Value = serde_json::from_slice(
        &std::fs::read(&meta_path).map_err(|e| TextError::io(&meta_path, e))?,
    )
    .map_err(|e| TextError::format(&meta_path, e.to_string()))?;
    let field = |k: &str| {
        meta.get(k)
            .and_then(|v| v.as_str())
            .unwrap_or("")
            .to_owned()
    };
    let (lang, name, version) = (field("lang"), field("name"), field("version"));
    if !version.starts_with("3.8") {
        return Err(TextError::format(
            &meta_path,
            format!("model version {version:?}; dyad converts en_core_web_sm 3.8.x"),
        ));
    }
    std::fs::create_dir_all(out_dir).map_err(|e| TextError::io(out_dir, e))?;
    // A stale manifest would make a half-written directory look complete.
    let manifest_path = out_dir.join(MANIFEST_FILE);
    if manifest_path.exists() {
        std::fs::remove_file(&manifest_path).map_err(|e| TextError::io(&manifest_path, e))?;
    }

    crate::tokenizer::Tokenizer::convert_spacy(src, out_dir)?;
    crate::lexeme::Lexicon::convert_spacy(src, out_dir)?;
    crate::rules::AttributeRuler::convert_spacy(src, out_dir)?;
    crate::rules::Lemmatizer::convert_spacy(src, out_dir)?;

    let mut w = StoreWriter::default();
    let t2v = ThincModel::read(&src.join("tok2vec/model"))?;
    Tok2Vec::convert(&t2v, "tok2vec", &mut w)?;
    let tagger = ThincModel::read(&src.join("tagger/model"))?;
    let softmax = *tagger
        .find("softmax")
        .first()
        .ok_or_else(|| TextError::format(&tagger.path, "no softmax layer"))?;
    let tw = tagger.nodes[softmax]
        .param("W")
        .ok_or_else(|| TextError::format(&tagger.path, "softmax has no W"))?;
    let tb = tagger.param(softmax, "b", &[tw.shape[0]])?;
    w.tensor("tagger.W", &tw.shape, &tw.data);
    w.tensor("tagger.b", &tb.shape, &tb.data);
    let parser = ThincModel::read(&src.join("parser/model"))?;
    TransitionNet::convert(&parser, "parser", &mut w)?;
    let ner = ThincModel::read(&src.join("ner/model"))?;
    Tok2Vec::convert(&ner, "ner.tok2vec", &mut w)?;
    TransitionNet::convert(&ner, "ner", &mut w)?;

    let cfg_path = src.join("tagger/cfg");
    let cfg: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&cfg_path).map_err(|e| TextError::io(&cfg_path, e))?)
            .map_err(|e| TextError::format(&cfg_path, e.to_string()))?;
    let tags: Vec<String> = cfg
        .get("labels")
        .and_then(|l| serde_json::from_value(l.clone()).ok())
        .ok_or_else(|| TextError::format(&cfg_path, "no `labels` list"))?;
    let labels = Labels {
        tagger: tags,
        parser: transition::class_names(
            &src.join("parser/moves"),
            &[Some("S"), Some("D"), Some("L"), Some("R"), Some("B")],
            &[0, 1],
        )?,
        ner: transition::class_names(
            &src.join("ner/moves"),
            &[None, Some("B"), Some("I"), Some("L"), Some("U"), Some("O")],
            &[5],
        )?,
    };
    w.write(&out_dir.join(WEIGHTS_FILE))?;
    let labels_path = out_dir.join(LABELS_FILE);
    let json = serde_json::to_string_pretty(&labels)
        .map_err(|e| TextError::format(&labels_path, e.to_string()))?;
    std::fs::write(&labels_path, json).map_err(|e| TextError::io(&labels_path, e))?;

    let mut sources = std::collections::BTreeMap::new();
    for f in SOURCE_FILES {
        let p = src.join(f);
        let bytes = std::fs::read(&p).map_err(|e| TextError::io(&p, e))?;
        sources.insert((*f).to_owned(), format!("{:x}", Sha256::digest(&bytes)));
    }
    let manifest = Manifest {
        name: format!("{lang}_{name}"),
        version,
        format: FORMAT_VERSION,
        sources,
    };
    let json = serde_json::to_string_pretty(&manifest)
        .map_err(|e| TextError::format(&manifest_path, e.to_string()))?;
    std::fs::write(&manifest_path, json).map_err(|e| TextError::io(&manifest_path, e))
}

/// Reads and checks the manifest of a model directory.
pub fn manifest(model_dir: &Path) -> Result<Manifest, TextError> {
    let path = model_dir.join(MANIFEST_FILE);
    if !path.is_file() {
        return Err(TextError::ModelMissing {
            path: model_dir.to_owned(),
        });
    }
    let bytes = std::fs::read(&path).map_err(|e| TextError::io(&path, e))?;
    let m: Manifest =
        serde_json::from_slice(&bytes).map_err(|e| TextError::format(&path, e.to_string()))?;
    if m.format != FORMAT_VERSION {
        return Err(TextError::format(
            &path,
            format!(
                "model format {} but this dyad reads format {FORMAT_VERSION}; reinstall with `dyad model install`",
                m.format
            ),
        ));
    }
    Ok(m)
}

/// Longest text [`Pipeline::analyze`] accepts, in bytes (about spaCy's own
/// default `nlp.max_length` of 1,000,000 characters). It bounds the memory
/// of one [`Doc`]; [`Pipeline::analyze_long`] takes any length.
pub const MAX_TEXT_BYTES: usize = 1_000_000;

/// Most tokens the neural stages see at once. A longer doc is cut into
/// segments of at most this many tokens, each parsed on its own (so a
/// sentence never spans two segments' parses), which bounds the per-thread
/// working memory to about 40 MB. The cut goes after the last newline token
/// in the segment's second half, else after the last `.`, `!` or `?` token
/// there, else exactly at the cap.
pub const MAX_SEGMENT_TOKENS: usize = 4096;

/// Most tokens [`Pipeline::analyze_batch`] sends through the neural stages
/// at once: the working memory of one long segment (about 40 MB), and large
/// enough that the per-GEMM weight packing no longer matters.
pub const MAX_BATCH_TOKENS: usize = MAX_SEGMENT_TOKENS;

/// About how many tokens' parser and ner feature tables are computed at a
/// time (a group of whole docs; one longer doc is a group by itself): 512
/// tokens of parser table are 2 MB, about one core's L2 cache.
const TABLE_GROUP_TOKENS: usize = 512;

/// A tokenized text waiting for the neural stages.
struct Prepared {
    tokens: Vec<Token>,
    feats: Vec<[u64; N_FEATURES]>,
    ents: Vec<Entity>,
}

/// All stages, loaded from a converted model directory. `Send + Sync`:
/// share one across threads and analyse documents in parallel.
pub struct Pipeline {
    tokenizer: crate::tokenizer::Tokenizer,
    lexicon: crate::lexeme::Lexicon,
    neural: Neural,
    ruler: crate::rules::AttributeRuler,
    lemmatizer: crate::rules::Lemmatizer,
}

/// Per-stage wall time of [`Pipeline::analyze_timed`].
#[derive(Debug, Default, Clone, Copy)]
pub struct PipelineTimes {
    /// Tokenization.
    pub tokenizer: Duration,
    /// NORM and the lexical feature ids.
    pub lexical: Duration,
    /// tok2vec, tagger, parser and ner.
    pub neural: StageTimes,
    /// attribute_ruler and lemmatizer.
    pub rules: Duration,
}

impl PipelineTimes {
    /// Adds `o`'s times to these (to total over many docs).
    pub fn add(&mut self, o: &PipelineTimes) {
        self.tokenizer += o.tokenizer;
        self.lexical += o.lexical;
        self.neural.add(&o.neural);
        self.rules += o.rules;
    }
}

impl Pipeline {
    /// Loads every stage from `model_dir`; [`TextError::ModelMissing`] when
    /// it holds no complete model (no manifest).
    pub fn load(model_dir: &Path) -> Result<Pipeline, TextError> {
        manifest(model_dir)?;
        Ok(Pipeline {
            tokenizer: crate::tokenizer::Tokenizer::load(model_dir)?,
            lexicon: crate::lexeme::Lexicon::load(model_dir)?,
            neural: Neural::load(model_dir)?,
            ruler: crate::rules::AttributeRuler::load(model_dir)?,
            lemmatizer: crate::rules::Lemmatizer::load(model_dir)?,
        })
    }

    /// Loads the model from [`default_dir`].
    pub fn load_default() -> Result<Pipeline, TextError> {
        Pipeline::load(&default_dir())
    }

    /// The lemma of one word out of context, as the lemmatizer would give
    /// it with the Universal POS `pos` (`VERB`, `NOUN`…) and no morphology:
    /// `said` → `say`, `ties` → `tie`. Used to turn dictionary words into
    /// the lemmas patterns are matched on.
    pub fn lemmatize_word(&self, word: &str, pos: &str) -> String {
        let token = crate::Token {
            pos: pos.to_string(),
            ..Default::default()
        };
        self.lemmatizer.lemmatize(word, &token)
    }

    /// The neural stages, for layer-by-layer parity checks and benchmarks.
    pub fn neural(&self) -> &Neural {
        &self.neural
    }

    /// Runs every stage over `text`: tokens with offsets, NORM, tag, head,
    /// dep, sentence starts, POS, morphology, lemma and entities.
    /// Texts over [`MAX_TEXT_BYTES`] are refused with [`TextError::Input`].
    pub fn analyze(&self, text: &str) -> Result<Doc, TextError> {
        self.analyze_timed(text, &mut PipelineTimes::default())
    }

    /// [`Pipeline::analyze`], adding each stage's wall time to `times`.
    pub fn analyze_timed(&self, text: &str, times: &mut PipelineTimes) -> Result<Doc, TextError> {
        let mut out = self.analyze_batch_timed(&[text], times);
        out.pop()
            .unwrap_or_else(|| unreachable!("one result per text"))
    }

    /// [`Pipeline::analyze`] over several texts, one result per text in order.
    ///
    /// The texts' tokens go through the neural stages together, in batches of
    /// up to [`MAX_BATCH_TOKENS`], so the dense layers run as a few large
    /// matrix products instead of many small ones: several times faster than
    /// calling [`Pipeline::analyze`] per text for news-sized texts. The
    /// results are the same up to float rounding in the tensors (~1e-7),
    /// which `dyad parity` checks against spaCy through this path.
    pub fn analyze_batch(&self, texts: &[&str]) -> Vec<Result<Doc, TextError>> {
        self.analyze_batch_timed(texts, &mut PipelineTimes::default())
    }

    /// [`Pipeline::analyze_batch`], adding each stage's wall time to `times`.
    pub fn analyze_batch_timed(
        &self,
        texts: &[&str],
        times: &mut PipelineTimes,
    ) -> Vec<Result<Doc, TextError>> {
        let mut prepared: Vec<Result<Prepared, TextError>> =
            texts.iter().map(|t| self.prepare(t, times)).collect();
        // Units of neural work: (text index, token range of one segment).
        let mut units = Vec::new();
        for (i, p) in prepared.iter().enumerate() {
            if let (Ok(p), Some(text)) = (p, texts.get(i)) {
                units.extend(segments(text, &p.tokens).into_iter().map(|s| (i, s)));
            }
        }
        let mut next = 0;
        while next < units.len() {
            let mut end = next;
            let mut size = 0;
            while end < units.len()
                && (end == next || size + units[end].1.len() <= MAX_BATCH_TOKENS)
            {
                size += units[end].1.len();
                end += 1;
            }
            let batch = &units[next..end];
            let outputs = {
                let feats: Vec<&[[u64; N_FEATURES]]> = batch
                    .iter()
                    .map(|(i, seg)| match &prepared[*i] {
                        Ok(p) => &p.feats[seg.clone()],
                        Err(_) => &[][..],
                    })
                    .collect();
                self.neural
                    .run_batch_inner(&feats, &mut times.neural, false)
            };
            for ((i, seg), out) in batch.iter().zip(outputs) {
                let Ok(p) = &mut prepared[*i] else { continue };
                let base = seg.start;
                for (k, (t, dep)) in p.tokens[seg.clone()].iter_mut().zip(out.deps).enumerate() {
                    t.tag.clone_from(&self.neural.tags[out.tags[k]]);
                    t.head = base + out.heads[k];
                    t.dep = dep;
                    t.sent_start = out.sent_starts[k];
                }
                p.ents
                    .extend(out.ents.into_iter().map(|(s, e, label)| Entity {
                        start: base + s,
                        end: base + e,
                        label,
                    }));
            }
            next = end;
        }
        prepared
            .into_iter()
            .zip(texts)
            .map(|(p, text)| {
                let p = p?;
                let t = Instant::now();
                let mut doc = Doc::new((*text).to_owned(), p.tokens, p.ents);
                self.ruler.apply(&mut doc);
                self.lemmatizer.apply(&mut doc);
                times.rules += t.elapsed();
                Ok(doc)
            })
            .collect()
    }

    /// Tokenizer and lexical features of one text, before the neural stages.
    fn prepare(&self, text: &str, times: &mut PipelineTimes) -> Result<Prepared, TextError> {
        if text.len() > MAX_TEXT_BYTES {
            return Err(TextError::Input(format!(
                "text of {} bytes is over the {MAX_TEXT_BYTES}-byte limit of one document; \
                 split it, or use Pipeline::analyze_long",
                text.len()
            )));
        }
        let t0 = Instant::now();
        let raw = self.tokenizer.tokenize(text);
        let t1 = Instant::now();
        let mut tokens = Vec::with_capacity(raw.len());
        let mut feats = Vec::with_capacity(raw.len());
        for r in &raw {
            let s = &text[r.start..r.end];
            let norm = self.lexicon.norm(s, r.norm.as_deref());
            feats.push(self.lexicon.features(s, &norm, r.space_after));
            tokens.push(Token {
                start: r.start,
                end: r.end,
                space_after: r.space_after,
                norm,
                ..Token::default()
            });
        }
        times.lexical += t1.elapsed();
        times.tokenizer += t1 - t0;
        Ok(Prepared {
            tokens,
            feats,
            ents: Vec::new(),
        })
    }

    /// Analyses a text of any length piece by piece, calling `each(offset, doc)`
    /// for consecutive pieces of at most [`MAX_TEXT_BYTES`] bytes; `offset` is
    /// the piece's byte offset in `text` (the doc's own offsets are relative to
    /// the piece). Pieces end after the last newline in their second half, else
    /// after the last `. `, `! ` or `? `, else after the last space, else at
    /// a character boundary — so memory stays bounded for any input.
    pub fn analyze_long(
        &self,
        text: &str,
        mut each: impl FnMut(usize, Doc),
    ) -> Result<(), TextError> {
        let mut start = 0;
        while start < text.len() {
            let end = piece_end(text, start, MAX_TEXT_BYTES);
            each(start, self.analyze(&text[start..end])?);
            start = end;
        }
        Ok(())
    }
}

/// End (exclusive) of the piece of `text` that starts at `start`, at most `cap` bytes long.
fn piece_end(text: &str, start: usize, cap: usize) -> usize {
    if text.len() - start <= cap {
        return text.len();
    }
    let mut hard = start + cap;
    while !text.is_char_boundary(hard) {
        hard -= 1;
    }
    let half = start + cap / 2;
    let window = &text.as_bytes()[half..hard];
    let after = |i: Option<usize>, len: usize| i.map(|i| half + i + len);
    after(window.iter().rposition(|&b| b == b'\n'), 1)
        .or_else(|| {
            after(
                window
                    .windows(2)
                    .rposition(|w| matches!(w, b". " | b"! " | b"? ")),
                2,
            )
        })
        .or_else(|| after(window.iter().rposition(|&b| b == b' '), 1))
        .unwrap_or(hard)
}

/// Token ranges the neural stages run on, each at most [`MAX_SEGMENT_TOKENS`] long.
fn segments(text: &str, tokens: &[Token]) -> Vec<std::ops::Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    while tokens.len() - start > MAX_SEGMENT_TOKENS {
        let hard = start + MAX_SEGMENT_TOKENS;
        let window = start + MAX_SEGMENT_TOKENS / 2..hard;
        let text_of = |i: usize| &text[tokens[i].start..tokens[i].end];
        let cut = window
            .clone()
            .rev()
            .find(|&i| text_of(i).contains('\n'))
            .or_else(|| {
                window
                    .rev()
                    .find(|&i| matches!(text_of(i), "." | "!" | "?"))
            })
            .map_or(hard, |i| i + 1);
        out.push(start..cut);
        start = cut;
    }
    if start < tokens.len() || out.is_empty() {
        out.push(start..tokens.len());
    }
    out
}

/// The neural stages (tok2vec, tagger, parser, ner), run from lexical feature ids.
pub struct Neural {
    tok2vec: Tok2Vec,
    tagger: Linear,
    tags: Vec<String>,
    parser_net: TransitionNet,
    parser: ArcEager,
    ner_tok2vec: Tok2Vec,
    ner_net: TransitionNet,
    ner: Biluo,
}

/// Everything the neural stages produce for one doc.
pub struct NeuralOutput {
    /// Shared tok2vec output, `n × 96` row-major (spaCy's `doc.tensor`).
    pub tensor: Vec<f32>,
    /// Index into [`Neural::tag_names`] per token.
    pub tags: Vec<usize>,
    /// Head token index per token (a root is its own head).
    pub heads: Vec<usize>,
    /// Dependency label per token.
    pub deps: Vec<String>,
    /// Whether each token starts a sentence.
    pub sent_starts: Vec<bool>,
    /// `(start, end, label)` token ranges.
    pub ents: Vec<(usize, usize, String)>,
    /// Parser and ner classes taken, indices into [`Neural::parser_actions`] / [`Neural::ner_actions`].
    pub parser_actions: Vec<usize>,
    /// See `parser_actions`.
    pub ner_actions: Vec<usize>,
}

/// Per-stage wall time, filled by [`Neural::run_timed`].
#[derive(Debug, Default, Clone, Copy)]
pub struct StageTimes {
    /// Shared token-to-vector layer.
    pub tok2vec: Duration,
    /// Tagger output layer.
    pub tagger: Duration,
    /// Dependency parser.
    pub parser: Duration,
    /// Named-entity recogniser (with its own tok2vec).
    pub ner: Duration,
}

impl StageTimes {
    /// Adds `o`'s times to these.
    pub fn add(&mut self, o: &StageTimes) {
        self.tok2vec += o.tok2vec;
        self.tagger += o.tagger;
        self.parser += o.parser;
        self.ner += o.ner;
    }
}

impl Neural {
    /// Loads `weights.bin` and `labels.json` from a model directory.
    pub fn load(model_dir: &Path) -> Result<Neural, TextError> {
        let wpath = model_dir.join(WEIGHTS_FILE);
        let mut store = Store::read(&wpath)?;
        let lpath = model_dir.join(LABELS_FILE);
        let labels: Labels =
            serde_json::from_slice(&std::fs::read(&lpath).map_err(|e| TextError::io(&lpath, e))?)
                .map_err(|e| TextError::format(&lpath, e.to_string()))?;
        let tok2vec = Tok2Vec::load(&mut store, "tok2vec")?;
        let width = tok2vec.width();
        let n_tags = labels.tagger.len();
        let tagger = Linear::new(
            n_tags,
            width,
            store.take("tagger.W", &[n_tags, width])?,
            store.take("tagger.b", &[n_tags])?,
        );
        let parser_net = TransitionNet::load(&mut store, "parser")?;
        let ner_tok2vec = Tok2Vec::load(&mut store, "ner.tok2vec")?;
        let ner_net = TransitionNet::load(&mut store, "ner")?;
        let bad = |msg: String| TextError::format(&lpath, msg);
        if parser_net.n_classes() != labels.parser.len() || ner_net.n_classes() != labels.ner.len()
        {
            return Err(bad("class counts differ from the weights".into()));
        }
        if parser_net.n_feats() > 8 || ner_net.n_feats() != 3 {
            return Err(bad("unexpected number of state features".into()));
        }
        Ok(Neural {
            tok2vec,
            tagger,
            tags: labels.tagger,
            parser_net,
            parser: ArcEager::new(labels.parser).map_err(bad)?,
            ner_tok2vec,
            ner_net,
            ner: Biluo::new(labels.ner).map_err(bad)?,
        })
    }

    /// The tagger's tag names, indexed by [`NeuralOutput::tags`].
    pub fn tag_names(&self) -> &[String] {
        &self.tags
    }
    /// The parser's transition names.
    pub fn parser_actions(&self) -> &[String] {
        self.parser.names()
    }
    /// The entity recogniser's transition names.
    pub fn ner_actions(&self) -> &[String] {
        self.ner.names()
    }

    /// The ner component's own tok2vec output (`n × 96`), for parity checks.
    pub fn ner_tensor(&self, feats: &[[u64; N_FEATURES]]) -> Vec<f32> {
        self.ner_tok2vec.forward(feats)
    }

    /// Runs tok2vec, tagger, parser and ner over one doc's feature rows
    /// (NORM, PREFIX, SUFFIX, SHAPE, SPACY, IS_SPACE per token).
    pub fn run(&self, feats: &[[u64; N_FEATURES]]) -> NeuralOutput {
        self.run_timed(feats, &mut StageTimes::default())
    }

    /// [`Neural::run`], adding each stage's wall time to `times`.
    pub fn run_timed(&self, feats: &[[u64; N_FEATURES]], times: &mut StageTimes) -> NeuralOutput {
        let mut out = self.run_batch_timed(&[feats], times);
        out.pop()
            .unwrap_or_else(|| unreachable!("one output per doc"))
    }

    /// [`Neural::run`] over several docs at once, one output per doc in order.
    /// The dense layers (tok2vec, tagger, the parser and ner precomputation)
    /// each run as one GEMM over all the docs' tokens, which is much faster
    /// than doc by doc for short docs; the results are the same up to float
    /// rounding (~1e-7 in the tensors).
    pub fn run_batch(&self, docs: &[&[[u64; N_FEATURES]]]) -> Vec<NeuralOutput> {
        self.run_batch_timed(docs, &mut StageTimes::default())
    }

    /// [`Neural::run_batch`], adding each stage's wall time to `times`.
    pub fn run_batch_timed(
        &self,
        docs: &[&[[u64; N_FEATURES]]],
        times: &mut StageTimes,
    ) -> Vec<NeuralOutput> {
        self.run_batch_inner(docs, times, true)
    }

    /// [`Neural::run_batch_timed`]; `keep_tensor: false` leaves each
    /// output's `tensor` empty (the pipeline does not use it).
    ///
    /// The parser and ner run group by group of docs of about
    /// [`TABLE_GROUP_TOKENS`] tokens: each group's feature table (4 KB a
    /// token for the parser) is computed just before its docs are parsed,
    /// so it is still in cache when the transitions read it.
    fn run_batch_inner(
        &self,
        docs: &[&[[u64; N_FEATURES]]],
        times: &mut StageTimes,
        keep_tensor: bool,
    ) -> Vec<NeuralOutput> {
        let total: usize = docs.iter().map(|d| d.len()).sum();
        let mut ranges = Vec::with_capacity(docs.len());
        let mut at = 0;
        for d in docs {
            ranges.push(at..at + d.len());
            at += d.len();
        }
        // Consecutive docs in groups: (first doc, end doc, token range).
        let mut groups = Vec::new();
        let mut first = 0;
        while first < docs.len() {
            let mut end = first + 1;
            while end < docs.len() && ranges[end].end - ranges[first].start <= TABLE_GROUP_TOKENS {
                end += 1;
            }
            groups.push((first, end, ranges[first].start..ranges[end - 1].end));
            first = end;
        }
        let w = self.tok2vec.width();
        let t0 = Instant::now();
        let tensor = self.tok2vec.forward_batch(docs);
        let t1 = Instant::now();
        let scores = self.tagger.forward(&tensor, total);
        let tags: Vec<usize> = if self.tagger.n_out == 0 {
            vec![0; total]
        } else {
            scores
                .chunks_exact(self.tagger.n_out)
                .map(nn::argmax)
                .collect()
        };
        drop(scores);
        let t2 = Instant::now();
        let spaces: Vec<Vec<bool>> = docs
            .iter()
            .map(|d| d.iter().map(|f| f[5] != 0).collect())
            .collect();
        let mut parses = Vec::with_capacity(docs.len());
        for (first, end, rows) in &groups {
            let table = self
                .parser_net
                .precompute(&tensor[rows.start * w..rows.end * w], rows.len());
            for d in *first..*end {
                let r = ranges[d].start - rows.start..ranges[d].end - rows.start;
                parses.push(
                    self.parser
                        .parse(&self.parser_net, &table.rows(r), &spaces[d]),
                );
            }
        }
        let t3 = Instant::now();
        let ner_tensor = self.ner_tok2vec.forward_batch(docs);
        let mut ents = Vec::with_capacity(docs.len());
        for (first, end, rows) in &groups {
            let table = self
                .ner_net
                .precompute(&ner_tensor[rows.start * w..rows.end * w], rows.len());
            for d in *first..*end {
                let r = ranges[d].start - rows.start..ranges[d].end - rows.start;
                ents.push(self.ner.run(
                    &self.ner_net,
                    &table.rows(r),
                    &parses[d].sent_starts,
                    &spaces[d],
                ));
            }
        }
        drop(ner_tensor);
        let outputs = parses
            .into_iter()
            .zip(ents)
            .zip(&ranges)
            .map(|((parse, ents), r)| NeuralOutput {
                tensor: if keep_tensor {
                    tensor[r.start * w..r.end * w].to_vec()
                } else {
                    Vec::new()
                },
                tags: tags[r.clone()].to_vec(),
                heads: parse.heads,
                deps: parse.deps,
                sent_starts: parse.sent_starts,
                ents: ents.spans,
                parser_actions: parse.actions,
                ner_actions: ents.actions,
            })
            .collect();
        let t4 = Instant::now();
        times.tok2vec += t1 - t0;
        times.tagger += t2 - t1;
        times.parser += t3 - t2;
        times.ner += t4 - t3;
        outputs
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pieces_end_at_newline_then_sentence_then_space() {
        let text = "aaaa bbbb. cccc\ndddd eeee";
        assert_eq!(&text[..piece_end(text, 0, 20)], "aaaa bbbb. cccc\n");
        let text = "aaaa bbbb. cccc dddd eeee";
        assert_eq!(&text[..piece_end(text, 0, 14)], "aaaa bbbb. ");
        let text = "aaaa bbbb cccc dddd";
        assert_eq!(&text[..piece_end(text, 0, 12)], "aaaa bbbb ");
        // No break at all: cut at a char boundary, never inside a character.
        let text = "ééééééééé";
        let end = piece_end(text, 0, 7);
        assert!(text.is_char_boundary(end) && end <= 7 && end > 0);
        assert_eq!(piece_end("short", 0, 100), 5);
    }

    fn tokens_of(text: &str) -> Vec<Token> {
        let mut out = Vec::new();
        let mut start = None;
        for (i, c) in text.char_indices().chain([(text.len(), ' ')]) {
            match (c == ' ', start) {
                (true, Some(s)) => {
                    out.push(Token {
                        start: s,
                        end: i,
                        ..Token::default()
                    });
                    start = None;
                }
                (false, None) => start = Some(i),
                _ => {}
            }
        }
        out
    }

    #[test]
    fn segments_are_bounded_and_cover_every_token() {
        let text = "word . ".repeat(5000);
        let tokens = tokens_of(&text);
        let segs = segments(&text, &tokens);
        assert!(segs.len() > 1);
        assert_eq!(segs[0].start, 0);
        assert_eq!(segs.last().map(|s| s.end), Some(tokens.len()));
        for w in segs.windows(2) {
            assert_eq!(w[0].end, w[1].start);
        }
        for s in &segs {
            assert!(s.len() <= MAX_SEGMENT_TOKENS && !s.is_empty());
            // cut after sentence punctuation
            assert_eq!(&text[tokens[s.end - 1].start..tokens[s.end - 1].end], ".");
        }
        let short = tokens_of("a b c");
        assert_eq!(segments("a b c", &short), vec![0..3]);
        assert_eq!(segments("", &[]), vec![0..0]);
    }
}
