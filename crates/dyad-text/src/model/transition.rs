//! The network shared by the parser and ner (thinc's `TransitionBasedParser.v2`,
//! SPEC §6.1) and their action inventories (§6.2).

use std::path::Path;

use super::nn::{matmul_t, Linear};
use super::store::{Store, StoreWriter};
use super::thinc::ThincModel;
use crate::error::TextError;

/// Scores transitions from a per-doc precomputed feature table.
pub struct TransitionNet {
    /// tok2vec output → hidden input (`64 × 96`).
    proj: Linear,
    n_feats: usize,
    n_hidden: usize,
    n_pieces: usize,
    /// `(n_feats·n_hidden·n_pieces) × n_in`: thinc's W `(nF, nO, nP, nI)` flattened.
    lower_w: Vec<f32>,
    lower_b: Vec<f32>,
    /// Row used for a missing feature token, `n_feats·n_hidden·n_pieces`.
    pad: Vec<f32>,
    upper: Linear,
}

/// Precomputed table: for each token and feature slot, its contribution to
/// the hidden layer. Built for a whole batch of docs; [`FeatureTable::rows`]
/// gives one doc's part.
pub struct FeatureTable {
    stride: usize,
    data: Vec<f32>,
}

/// One doc's rows of a [`FeatureTable`]; token ids index from the doc's start.
pub struct TableView<'a> {
    stride: usize,
    data: &'a [f32],
}

impl FeatureTable {
    /// The rows of the tokens `range` (of the batch the table was built for).
    pub fn rows(&self, range: std::ops::Range<usize>) -> TableView<'_> {
        TableView {
            stride: self.stride,
            data: &self.data[range.start * self.stride..range.end * self.stride],
        }
    }
}

/// Scratch space for [`TransitionNet::score`].
#[derive(Default)]
pub struct Scratch {
    u: Vec<f32>,
    h: Vec<f32>,
    pub scores: Vec<f32>,
}

impl TransitionNet {
    /// Copies the parser/ner network of thinc model `m` into `out` under `prefix`.
    pub fn convert(m: &ThincModel, prefix: &str, out: &mut StoreWriter) -> Result<(), TextError> {
        let bad = |msg: String| TextError::format(&m.path, msg);
        let lower = *m
            .find("precomputable_affine")
            .first()
            .ok_or_else(|| bad("no precomputable_affine layer".into()))?;
        let w = m.nodes[lower]
            .param("W")
            .ok_or_else(|| bad("lower layer has no W".into()))?;
        let [nf, no, np, ni] = w.shape[..] else {
            return Err(bad(format!("lower W shape {:?}", w.shape)));
        };
        let b = m.param(lower, "b", &[no, np])?;
        let pad = m.param(lower, "pad", &[1, nf, no, np])?;
        out.tensor(&format!("{prefix}.lower.W"), &w.shape, &w.data);
        out.tensor(&format!("{prefix}.lower.b"), &b.shape, &b.data);
        out.tensor(&format!("{prefix}.lower.pad"), &[nf, no, np], &pad.data);
        let mut found_proj = false;
        let mut found_upper = false;
        for i in m.find("linear") {
            let wl = m.nodes[i]
                .param("W")
                .ok_or_else(|| bad(format!("linear {i} has no W")))?;
            let bl = m.nodes[i]
                .param("b")
                .ok_or_else(|| bad(format!("linear {i} has no b")))?;
            // The projection maps into the lower layer's input; the upper reads its output.
            let name = if wl.shape.first() == Some(&ni) && !found_proj {
                found_proj = true;
                "proj"
            } else if wl.shape.get(1) == Some(&no) && !found_upper {
                found_upper = true;
                "upper"
            } else {
                return Err(bad(format!("unexpected linear layer {i} {:?}", wl.shape)));
            };
            out.tensor(&format!("{prefix}.{name}.W"), &wl.shape, &wl.data);
            out.tensor(&format!("{prefix}.{name}.b"), &bl.shape, &bl.data);
        }
        if !(found_proj && found_upper) {
            return Err(bad("missing projection or upper linear layer".into()));
        }
        Ok(())
    }

    pub fn load(store: &mut Store, prefix: &str) -> Result<TransitionNet, TextError> {
        let shape = |s: &Store, n: &str| s.shape(n).map(<[usize]>::to_vec).unwrap_or_default();
        let lw = shape(store, &format!("{prefix}.lower.W"));
        let [nf, no, np, ni] = lw[..] else {
            return Err(TextError::format(
                Path::new("weights.bin"),
                format!("{prefix}.lower.W missing"),
            ));
        };
        let pw = shape(store, &format!("{prefix}.proj.W"));
        let uw = shape(store, &format!("{prefix}.upper.W"));
        let (n_tok, n_cls) = (
            pw.get(1).copied().unwrap_or(0),
            uw.first().copied().unwrap_or(0),
        );
        Ok(TransitionNet {
            proj: Linear::new(
                ni,
                n_tok,
                store.take(&format!("{prefix}.proj.W"), &[ni, n_tok])?,
                store.take(&format!("{prefix}.proj.b"), &[ni])?,
            ),
            n_feats: nf,
            n_hidden: no,
            n_pieces: np,
            lower_w: store.take(&format!("{prefix}.lower.W"), &[nf, no, np, ni])?,
            lower_b: store.take(&format!("{prefix}.lower.b"), &[no, np])?,
            pad: store.take(&format!("{prefix}.lower.pad"), &[nf, no, np])?,
            upper: Linear::new(
                n_cls,
                no,
                store.take(&format!("{prefix}.upper.W"), &[n_cls, no])?,
                store.take(&format!("{prefix}.upper.b"), &[n_cls])?,
            ),
        })
    }

    /// Number of classes the network scores.
    pub fn n_classes(&self) -> usize {
        self.upper.n_out
    }

    /// Number of feature slots a state must supply.
    pub fn n_feats(&self) -> usize {
        self.n_feats
    }

    /// Projects tok2vec rows (`n × 96`, one doc or a batch of docs) and
    /// precomputes every token's contribution to every feature slot.
    pub fn precompute(&self, tensor: &[f32], n: usize) -> FeatureTable {
        let hidden = self.proj.forward(tensor, n);
        let stride = self.n_feats * self.n_hidden * self.n_pieces;
        let mut data = vec![0.0f32; n * stride];
        matmul_t(
            &hidden,
            &self.lower_w,
            &mut data,
            n,
            self.proj.n_out,
            stride,
        );
        FeatureTable { stride, data }
    }

    /// Scores all classes for a state whose feature tokens are `ids` (negative = none);
    /// the scores land in `scratch.scores`.
    pub fn score(&self, table: &TableView<'_>, ids: &[i32], scratch: &mut Scratch) {
        let width = self.n_hidden * self.n_pieces;
        scratch.u.clear();
        scratch.u.resize(width, 0.0);
        // Summed slot by slot from zero, bias last: spaCy's float order.
        for (f, &id) in ids.iter().enumerate() {
            let src = if id < 0 {
                &self.pad[f * width..(f + 1) * width]
            } else {
                let row = id as usize * table.stride + f * width;
                &table.data[row..row + width]
            };
            for (u, s) in scratch.u.iter_mut().zip(src) {
                *u += s;
            }
        }
        scratch.h.clear();
        for o in 0..self.n_hidden {
            let piece = &scratch.u[o * self.n_pieces..(o + 1) * self.n_pieces];
            let bias = &self.lower_b[o * self.n_pieces..(o + 1) * self.n_pieces];
            let mut best = piece[0] + bias[0];
            for p in 1..self.n_pieces {
                let v = piece[p] + bias[p];
                if v > best {
                    best = v;
                }
            }
            scratch.h.push(best);
        }
        scratch.scores.clear();
        for (row, b) in self.upper.w.chunks_exact(self.n_hidden).zip(&self.upper.b) {
            scratch.scores.push(dot(row, &scratch.h) + b);
        }
    }
}

/// Dot product with eight accumulators so the compiler can vectorise it.
fn dot(a: &[f32], b: &[f32]) -> f32 {
    let mut acc = [0.0f32; 8];
    let mut ca = a.chunks_exact(8);
    let mut cb = b.chunks_exact(8);
    for (x, y) in (&mut ca).zip(&mut cb) {
        for j in 0..8 {
            acc[j] += x[j] * y[j];
        }
    }
    let mut s: f32 = acc.iter().sum();
    for (x, y) in ca.remainder().iter().zip(cb.remainder()) {
        s += x * y;
    }
    s
}

/// Builds class names from a `moves` file (SPEC §6.2): move ids ascending; within
/// a move, (freq, label) pairs descending. `names[move]` is the action letter
/// (`None` = the move has no classes); labelled moves are written `X-label`.
pub fn class_names(
    path: &Path,
    names: &[Option<&str>],
    unlabelled: &[usize],
) -> Result<Vec<String>, TextError> {
    let bytes = std::fs::read(path).map_err(|e| TextError::io(path, e))?;
    let bad = |msg: String| TextError::format(path, msg);
    let v =
        rmpv::decode::read_value(&mut &bytes[..]).map_err(|e| bad(format!("not msgpack: {e}")))?;
    let json = match &v {
        rmpv::Value::Map(m) => m.iter().find_map(|(k, v)| match (k.as_str(), v.as_str()) {
            (Some("moves"), Some(s)) => Some(s.to_owned()),
            _ => None,
        }),
        _ => None,
    }
    .ok_or_else(|| bad("no `moves` string".into()))?;
    let moves: serde_json::Map<String, serde_json::Value> =
        serde_json::from_str(&json).map_err(|e| bad(format!("bad moves JSON: {e}")))?;
    let mut ids: Vec<(usize, &serde_json::Value)> = moves
        .iter()
        .map(|(k, v)| {
            k.parse::<usize>()
                .map(|k| (k, v))
                .map_err(|_| bad(format!("bad move id {k}")))
        })
        .collect::<Result<_, _>>()?;
    ids.sort_by_key(|(k, _)| *k);
    let mut out = Vec::new();
    for (id, labels) in ids {
        let labels = labels
            .as_object()
            .ok_or_else(|| bad(format!("move {id}: not a map")))?;
        let mut pairs: Vec<(i64, &str)> = labels
            .iter()
            .map(|(l, f)| {
                f.as_i64()
                    .map(|f| (f, l.as_str()))
                    .ok_or_else(|| bad(format!("move {id} label {l}: bad freq")))
            })
            .collect::<Result<_, _>>()?;
        if pairs.iter().any(|p| p.0 < 0) {
            return Err(bad(format!(
                "move {id}: negative label frequencies are not supported"
            )));
        }
        pairs.sort_by(|a, b| b.cmp(a));
        let letter = names
            .get(id)
            .copied()
            .ok_or_else(|| bad(format!("unknown move id {id}")))?;
        for (_, label) in pairs {
            let Some(letter) = letter else {
                return Err(bad(format!("move {id} should have no labels")));
            };
            out.push(if unlabelled.contains(&id) {
                letter.to_owned()
            } else {
                format!("{letter}-{label}")
            });
        }
    }
    Ok(out)
}
