//! The network shared by the parser and ner (thinc's `TransitionBasedParser.v2`,
//! SPEC §6.1) and their action inventories (§6.2).

use std::path::Path;

use super::nn::{matmul_t, Linear};
use super::simd::{self, avx512, PackedLinear};
use super::store::{Store, StoreWriter};
use super::thinc::ThincModel;
use crate::error::TextError;

/// Scores transitions from a per-doc precomputed feature table.
///
/// The lower layer's outputs are kept piece-major within each feature slot,
/// `(nF, nP, nO)` instead of thinc's `(nF, nO, nP)`, so the max over pieces
/// reads contiguous runs; every sum is the same, only where it is stored
/// changes.
pub struct TransitionNet {
    /// tok2vec output → hidden input (`64 × 96`).
    proj: Linear,
    n_feats: usize,
    n_hidden: usize,
    n_pieces: usize,
    /// `(n_feats·n_pieces·n_hidden) × n_in`, piece-major per slot.
    lower_w: Vec<f32>,
    /// `lower_w` packed for the AVX-512 kernel, where the CPU has it.
    lower_pack: Option<PackedLinear>,
    /// `(n_pieces, n_hidden)`.
    lower_b: Vec<f32>,
    /// Row used for a missing feature token, `n_feats·n_pieces·n_hidden`.
    pad: Vec<f32>,
    /// The output layer, W transposed to `(n_hidden, n_cls_pad)` (zero
    /// columns past `n_cls`, up to a multiple of 16) so the scores are a
    /// sum of scaled rows; b padded the same.
    upper_t: Vec<f32>,
    upper_b: Vec<f32>,
    n_cls: usize,
    n_cls_pad: usize,
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
    /// The classes' scores (`n_cls` of them) after [`TransitionNet::score`].
    pub scores: Vec<f32>,
}

/// Reorders the last two axes `(n_hidden, n_pieces)` of each of `n_feats`
/// blocks (of `row` floats each) to `(n_pieces, n_hidden)`.
fn piece_major(
    x: &[f32],
    n_feats: usize,
    n_hidden: usize,
    n_pieces: usize,
    row: usize,
) -> Vec<f32> {
    let mut out = vec![0.0f32; x.len()];
    let block = n_hidden * n_pieces;
    for f in 0..n_feats {
        for o in 0..n_hidden {
            for p in 0..n_pieces {
                let from = (f * block + o * n_pieces + p) * row;
                let to = (f * block + p * n_hidden + o) * row;
                out[to..to + row].copy_from_slice(&x[from..from + row]);
            }
        }
    }
    out
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
        let proj = Linear::new(
            ni,
            n_tok,
            store.take(&format!("{prefix}.proj.W"), &[ni, n_tok])?,
            store.take(&format!("{prefix}.proj.b"), &[ni])?,
        );
        let lower_w = store.take(&format!("{prefix}.lower.W"), &[nf, no, np, ni])?;
        let lower_b = store.take(&format!("{prefix}.lower.b"), &[no, np])?;
        let pad = store.take(&format!("{prefix}.lower.pad"), &[nf, no, np])?;
        let upper_w = store.take(&format!("{prefix}.upper.W"), &[n_cls, no])?;
        let upper_b = store.take(&format!("{prefix}.upper.b"), &[n_cls])?;
        Ok(TransitionNet::from_thinc(
            proj,
            [nf, no, np, ni],
            &lower_w,
            &lower_b,
            &pad,
            &upper_w,
            &upper_b,
        ))
    }

    /// Builds the network from thinc's layouts: lower W `(nF, nO, nP, nI)`,
    /// b `(nO, nP)`, pad `(nF, nO, nP)`; upper W `(n_cls, nO)`, b `(n_cls)`.
    fn from_thinc(
        proj: Linear,
        [nf, no, np, ni]: [usize; 4],
        lower_w: &[f32],
        lower_b: &[f32],
        pad: &[f32],
        upper_w: &[f32],
        upper_b: &[f32],
    ) -> TransitionNet {
        let n_cls = upper_b.len();
        let lower_w = piece_major(lower_w, nf, no, np, ni);
        let lower_b = piece_major(lower_b, 1, no, np, 1);
        let pad = piece_major(pad, nf, no, np, 1);
        let n_cls_pad = n_cls.div_ceil(16) * 16;
        let mut upper_t = vec![0.0f32; no * n_cls_pad];
        for c in 0..n_cls {
            for o in 0..no {
                upper_t[o * n_cls_pad + c] = upper_w[c * no + o];
            }
        }
        let mut upper_bp = vec![0.0f32; n_cls_pad];
        upper_bp[..n_cls].copy_from_slice(upper_b);
        let lower_pack = avx512().then(|| PackedLinear::new(nf * no * np, ni, &lower_w, None));
        TransitionNet {
            proj,
            n_feats: nf,
            n_hidden: no,
            n_pieces: np,
            lower_w,
            lower_pack,
            lower_b,
            pad,
            upper_t,
            upper_b: upper_bp,
            n_cls,
            n_cls_pad,
        }
    }

    /// Number of classes the network scores.
    pub fn n_classes(&self) -> usize {
        self.n_cls
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
        let data = match &self.lower_pack {
            Some(p) => p.forward_vec(&hidden, n),
            None => {
                let mut data = vec![0.0f32; n * stride];
                matmul_t(
                    &hidden,
                    &self.lower_w,
                    &mut data,
                    n,
                    self.proj.n_out,
                    stride,
                );
                data
            }
        };
        FeatureTable { stride, data }
    }

    /// Scores all classes for a state whose feature tokens are `ids` (negative = none);
    /// the scores land in `scratch.scores`.
    pub fn score(&self, table: &TableView<'_>, ids: &[i32], scratch: &mut Scratch) {
        #[cfg(target_arch = "x86_64")]
        if avx512() {
            if self.score_kernel(table, ids, scratch) {
                return;
            }
            // SAFETY: `avx512()` found AVX-512 F/BW/DQ/VL on this CPU.
            unsafe { self.score_avx512(table, ids, scratch) };
            return;
        }
        self.score_portable(table, ids, scratch);
    }

    /// The register-resident kernel [`simd::score2`] for this model's
    /// shapes (2 pieces of 64 hidden units, up to 128 classes); false when
    /// the shapes do not fit it. Only call where `avx512()` is true.
    #[cfg(target_arch = "x86_64")]
    fn score_kernel(&self, table: &TableView<'_>, ids: &[i32], scratch: &mut Scratch) -> bool {
        const U: usize = 8;
        let width = self.n_hidden * self.n_pieces;
        if self.n_pieces != 2
            || width != 16 * U
            || ids.len() > simd::MAX_FEATS
            || self.n_cls_pad == 0
            || self.n_cls_pad > 128
        {
            return false;
        }
        let mut rows = [std::ptr::null::<f32>(); simd::MAX_FEATS];
        for (f, (&id, row)) in ids.iter().zip(rows.iter_mut()).enumerate() {
            *row = if id < 0 {
                self.pad[f * width..(f + 1) * width].as_ptr()
            } else {
                let at = id as usize * table.stride + f * width;
                table.data[at..at + width].as_ptr()
            };
        }
        scratch.scores.clear();
        scratch.scores.resize(self.n_cls_pad, 0.0);
        let (lb, wt, ub, out) = (
            self.lower_b.as_ptr(),
            self.upper_t.as_ptr(),
            self.upper_b.as_ptr(),
            scratch.scores.as_mut_ptr(),
        );
        let n = ids.len();
        // SAFETY: AVX-512F is present (callers check `avx512()`); each row
        // pointer starts a bounds-checked slice of `width` = 16·U floats;
        // lower_b holds `width`, upper_t `n_hidden × n_cls_pad`, upper_b and
        // scores `n_cls_pad` = 16·C floats.
        unsafe {
            match self.n_cls_pad / 16 {
                1 => simd::score2::<U, 1>(&rows, n, lb, wt, ub, out),
                2 => simd::score2::<U, 2>(&rows, n, lb, wt, ub, out),
                3 => simd::score2::<U, 3>(&rows, n, lb, wt, ub, out),
                4 => simd::score2::<U, 4>(&rows, n, lb, wt, ub, out),
                5 => simd::score2::<U, 5>(&rows, n, lb, wt, ub, out),
                6 => simd::score2::<U, 6>(&rows, n, lb, wt, ub, out),
                7 => simd::score2::<U, 7>(&rows, n, lb, wt, ub, out),
                _ => simd::score2::<U, 8>(&rows, n, lb, wt, ub, out),
            }
        }
        scratch.scores.truncate(self.n_cls);
        true
    }

    /// [`TransitionNet::score_portable`] compiled for AVX-512.
    ///
    /// # Safety
    /// The CPU must have AVX-512F/BW/DQ/VL.
    #[cfg(target_arch = "x86_64")]
    #[target_feature(enable = "avx512f,avx512bw,avx512dq,avx512vl")]
    unsafe fn score_avx512(&self, table: &TableView<'_>, ids: &[i32], scratch: &mut Scratch) {
        self.score_portable(table, ids, scratch)
    }

    #[inline(always)]
    fn score_portable(&self, table: &TableView<'_>, ids: &[i32], scratch: &mut Scratch) {
        let (nh, width) = (self.n_hidden, self.n_hidden * self.n_pieces);
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
        scratch.h.resize(nh, 0.0);
        let h = &mut scratch.h[..];
        for ((h, &u), &b) in h.iter_mut().zip(&scratch.u[..nh]).zip(&self.lower_b[..nh]) {
            *h = u + b;
        }
        for p in 1..self.n_pieces {
            let (u, b) = (
                &scratch.u[p * nh..(p + 1) * nh],
                &self.lower_b[p * nh..(p + 1) * nh],
            );
            for ((h, &u), &b) in h.iter_mut().zip(u).zip(b) {
                let v = u + b;
                *h = if v > *h { v } else { *h };
            }
        }
        // scores = Σ_o h[o]·Wᵀ[o], then the bias (thinc's gemm, then + b),
        // over the padded class width.
        let ncp = self.n_cls_pad;
        scratch.scores.clear();
        scratch.scores.resize(ncp, 0.0);
        let s = &mut scratch.scores[..ncp];
        for (&h, w) in scratch.h.iter().zip(self.upper_t.chunks_exact(ncp)) {
            for (s, &w) in s.iter_mut().zip(w) {
                *s += h * w;
            }
        }
        for (s, &b) in s.iter_mut().zip(&self.upper_b) {
            *s += b;
        }
        scratch.scores.truncate(self.n_cls);
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    use crate::model::nn::test_util::noise;

    /// SPEC §6.1 written out in thinc's layouts, against the reordered,
    /// packed network.
    #[test]
    fn scores_match_the_spec() {
        // Small shapes (the portable path), then the model's own (2 pieces
        // of 64 units: the AVX-512 kernel where the CPU has it).
        for dims in [
            (3, 8, 2, 5, 4, 21, 6),
            (8, 64, 2, 64, 96, 106, 9),
            (3, 64, 2, 64, 96, 74, 5),
        ] {
            check_scores(dims);
        }
    }

    fn check_scores(
        (nf, no, np, ni, n_tok, n_cls, n): (usize, usize, usize, usize, usize, usize, usize),
    ) {
        let proj_w = noise(ni * n_tok, 1);
        let proj_b = noise(ni, 2);
        let lower_w = noise(nf * no * np * ni, 3);
        let lower_b = noise(no * np, 4);
        let pad = noise(nf * no * np, 5);
        let upper_w = noise(n_cls * no, 6);
        let upper_b = noise(n_cls, 7);
        let net = TransitionNet::from_thinc(
            Linear::new(ni, n_tok, proj_w.clone(), proj_b.clone()),
            [nf, no, np, ni],
            &lower_w,
            &lower_b,
            &pad,
            &upper_w,
            &upper_b,
        );
        let tensor = noise(n * n_tok, 8);
        let table = net.precompute(&tensor, n);
        let hidden: Vec<Vec<f32>> = (0..n)
            .map(|t| {
                (0..ni)
                    .map(|i| {
                        (0..n_tok)
                            .map(|k| tensor[t * n_tok + k] * proj_w[i * n_tok + k])
                            .sum::<f32>()
                            + proj_b[i]
                    })
                    .collect()
            })
            .collect();
        let mut scratch = Scratch::default();
        for ids in [[0, 1, 2], [4, -1, 3], [-1, -1, -1], [4, 4, 0]] {
            let ids: Vec<i32> = (0..nf).map(|f| ids[f % 3]).collect();
            net.score(&table.rows(0..n), &ids, &mut scratch);
            let h: Vec<f32> = (0..no)
                .map(|o| {
                    (0..np)
                        .map(|p| {
                            let u: f32 = (0..nf)
                                .map(|f| {
                                    let at = (f * no + o) * np + p;
                                    if ids[f] < 0 {
                                        pad[at]
                                    } else {
                                        let x = &hidden[ids[f] as usize];
                                        (0..ni).map(|i| x[i] * lower_w[at * ni + i]).sum()
                                    }
                                })
                                .sum();
                            u + lower_b[o * np + p]
                        })
                        .fold(f32::NEG_INFINITY, f32::max)
                })
                .collect();
            assert_eq!(scratch.scores.len(), n_cls);
            for c in 0..n_cls {
                let want: f32 =
                    (0..no).map(|o| h[o] * upper_w[c * no + o]).sum::<f32>() + upper_b[c];
                let got = scratch.scores[c];
                // Relative to the terms' size: the model-sized sums reach ~40
                // and cancel, and their order of summation differs.
                let size: f32 = (0..no).map(|o| (h[o] * upper_w[c * no + o]).abs()).sum();
                let tol = 1e-5 * (1.0 + size);
                assert!(
                    (got - want).abs() < tol,
                    "{ids:?} class {c}: {got} vs {want}"
                );
            }
        }
    }
}
