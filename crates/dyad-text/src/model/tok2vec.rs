//! tok2vec: hashed embeddings of lexical features, a maxout mixer and a
//! residual window CNN (SPEC §4). The tagger and parser share one; ner has its own.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use super::nn::{MaxoutNorm, WindowScratch};
use super::simd::avx512;
use super::store::{Store, StoreWriter};
use super::thinc::ThincModel;
use crate::error::TextError;

/// Number of lexical feature columns: NORM, PREFIX, SUFFIX, SHAPE, SPACY, IS_SPACE.
pub const N_FEATURES: usize = 6;

/// thinc's `MurmurHash3_x86_128_uint64`: the x64 mixing on one 64-bit word,
/// giving four 32-bit keys (SPEC §4.1). Not the byte-stream MurmurHash3.
pub fn hash_keys(v: u64, seed: u32) -> [u32; 4] {
    const C1: u64 = 0x87c3_7b91_1142_53d5;
    const C2: u64 = 0x4cf5_ad43_2745_937f;
    fn fmix(mut k: u64) -> u64 {
        k ^= k >> 33;
        k = k.wrapping_mul(0xff51_afd7_ed55_8ccd);
        k ^= k >> 33;
        k = k.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
        k ^= k >> 33;
        k
    }
    let seed = seed as u64;
    let mut h1 = v.wrapping_mul(C1).rotate_left(31).wrapping_mul(C2);
    h1 ^= seed;
    h1 ^= 8;
    let mut h2 = seed ^ 8;
    h1 = h1.wrapping_add(h2);
    h2 = h2.wrapping_add(h1);
    h1 = fmix(h1);
    h2 = fmix(h2);
    h1 = h1.wrapping_add(h2);
    h2 = h2.wrapping_add(h1);
    [h1 as u32, (h1 >> 32) as u32, h2 as u32, (h2 >> 32) as u32]
}

/// A hasher for feature values, which are already hashes (spaCy string ids).
#[derive(Default)]
struct IdHasher(u64);

impl Hasher for IdHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0.rotate_left(8) ^ u64::from(b)).wrapping_mul(0x9e37_79b9_7f4a_7c15);
        }
    }
    fn write_u64(&mut self, v: u64) {
        // Small ids (symbols, booleans) need mixing too.
        self.0 = (v ^ (v >> 29)).wrapping_mul(0x9e37_79b9_7f4a_7c15);
    }
}

/// How many values ahead the mixer prefetches table rows.
const PREFETCH_AHEAD: usize = 2;

/// Asks the CPU to bring `data` into cache (a hint; no effect elsewhere).
#[inline(always)]
fn prefetch(data: &[f32]) {
    #[cfg(target_arch = "x86_64")]
    for line in data.chunks(16) {
        // SAFETY: a prefetch never faults and the address is in a live slice.
        unsafe {
            std::arch::x86_64::_mm_prefetch::<{ std::arch::x86_64::_MM_HINT_T0 }>(
                line.as_ptr().cast(),
            )
        };
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = data;
}

/// One hashed embedding table for one feature column, already multiplied
/// by its block of the mixer's weights.
///
/// The mixer is linear before its maxout, so `W·[e_0 … e_5] = Σ_c W_c·e_c`
/// and `e_c` is a sum of four table rows: storing `E_c·W_cᵀ` (rows × 288)
/// turns the 576×288 mixer GEMM into 24 row additions per token. Only the
/// float summation order differs from thinc (≈1e-6).
struct HashEmbed {
    column: usize,
    seed: u32,
    rows: usize,
    /// `rows × (n_out·n_pieces)` of the mixer.
    table: Vec<f32>,
}

/// A loaded tok2vec network.
pub struct Tok2Vec {
    width: usize,
    embeds: Vec<HashEmbed>,
    mixer: MaxoutNorm,
    layers: Vec<MaxoutNorm>,
    /// Zero rows added on each side of a doc before the encoder (thinc `with_array(pad=…)`).
    pad: usize,
}

/// Finds the `maxout` nodes and the `layernorm` after each, in walk order.
fn maxout_norms(m: &ThincModel) -> Result<Vec<(usize, usize)>, TextError> {
    let maxouts = m.find("maxout");
    let norms = m.find("layernorm");
    if maxouts.len() != norms.len() || maxouts.is_empty() {
        return Err(TextError::format(
            &m.path,
            format!(
                "{} maxout but {} layernorm layers",
                maxouts.len(),
                norms.len()
            ),
        ));
    }
    Ok(maxouts.into_iter().zip(norms).collect())
}

impl Tok2Vec {
    /// Copies the tok2vec weights found in thinc model `m` into `out` under `prefix`.
    pub fn convert(m: &ThincModel, prefix: &str, out: &mut StoreWriter) -> Result<(), TextError> {
        let bad = |msg: String| TextError::format(&m.path, msg);
        let mut embeds = Vec::new();
        for i in m.find("hashembed") {
            let column = m.attr_int(i, "column")?;
            let seed = m.attr_int(i, "seed")?;
            let e = m.nodes[i]
                .param("E")
                .ok_or_else(|| bad(format!("hashembed node {i} has no E")))?;
            if e.shape.len() != 2 {
                return Err(bad(format!("hashembed node {i}: E shape {:?}", e.shape)));
            }
            embeds.push((column, seed, e));
        }
        embeds.sort_by_key(|e| e.0);
        if embeds.is_empty() || embeds.len() > N_FEATURES {
            return Err(bad(format!("{} hashembed tables", embeds.len())));
        }
        let width = embeds[0].2.shape[1];
        out.int(&format!("{prefix}.n_embed"), embeds.len() as i64);
        out.int(&format!("{prefix}.width"), width as i64);
        for (k, (column, seed, e)) in embeds.iter().enumerate() {
            if *column as usize != k || e.shape[1] != width {
                return Err(bad(format!(
                    "hashembed {k}: column {column}, shape {:?}",
                    e.shape
                )));
            }
            out.int(&format!("{prefix}.embed.{k}.seed"), *seed);
            out.tensor(&format!("{prefix}.embed.{k}.E"), &e.shape, &e.data);
        }
        let layers = maxout_norms(m)?;
        out.int(&format!("{prefix}.depth"), layers.len() as i64 - 1);
        for (l, &(mx, ln)) in layers.iter().enumerate() {
            let name = if l == 0 {
                "mix".to_owned()
            } else {
                format!("enc.{}", l - 1)
            };
            for (node, key, short) in [
                (mx, "W", "W"),
                (mx, "b", "b"),
                (ln, "G", "G"),
                (ln, "b", "beta"),
            ] {
                let t = m.nodes[node]
                    .param(key)
                    .ok_or_else(|| bad(format!("node {node} has no {key}")))?;
                out.tensor(&format!("{prefix}.{name}.{short}"), &t.shape, &t.data);
            }
        }
        let pad_node = (0..m.nodes.len())
            .find(|&i| m.nodes[i].name.starts_with("with_array(residual"))
            .ok_or_else(|| bad("no encoder with_array node".into()))?;
        out.int(&format!("{prefix}.pad"), m.attr_int(pad_node, "pad")?);
        let window = m
            .find("expand_window")
            .first()
            .map(|&i| m.attr_int(i, "window_size"))
            .transpose()?
            .unwrap_or(1);
        if window != 1 {
            return Err(bad(format!("window_size {window}; dyad supports 1")));
        }
        Ok(())
    }

    /// Loads the network stored under `prefix`.
    pub fn load(store: &mut Store, prefix: &str) -> Result<Tok2Vec, TextError> {
        let n_embed = store.int(&format!("{prefix}.n_embed"))? as usize;
        let width = store.int(&format!("{prefix}.width"))? as usize;
        let depth = store.int(&format!("{prefix}.depth"))? as usize;
        let pad = store.int(&format!("{prefix}.pad"))? as usize;
        let mut raw_embeds = Vec::with_capacity(n_embed);
        for k in 0..n_embed {
            let name = format!("{prefix}.embed.{k}.E");
            let rows = store.shape(&name).map(|s| s[0]).unwrap_or(0);
            let seed = store.int(&format!("{prefix}.embed.{k}.seed"))? as u32;
            raw_embeds.push((seed, rows, store.take(&name, &[rows, width])?));
        }
        let mut load_layer = |name: &str, n_in: usize| -> Result<MaxoutNorm, TextError> {
            let wname = format!("{prefix}.{name}.W");
            let n_pieces = store.shape(&wname).map(|s| s[1]).unwrap_or(0);
            let w = store.take(&wname, &[width, n_pieces, n_in])?;
            let b = store.take(&format!("{prefix}.{name}.b"), &[width, n_pieces])?;
            Ok(MaxoutNorm::from_thinc(
                width,
                n_pieces,
                n_in,
                &w,
                &b,
                store.take(&format!("{prefix}.{name}.G"), &[width])?,
                store.take(&format!("{prefix}.{name}.beta"), &[width])?,
            ))
        };
        let mixer = load_layer("mix", width * n_embed)?;
        let wide = mixer.n_out * mixer.n_pieces;
        let embeds = raw_embeds
            .into_iter()
            .enumerate()
            .map(|(k, (seed, rows, e))| {
                let mut table = vec![0.0f32; rows * wide];
                // table = E_k · (columns k·w..(k+1)·w of the mixer's W)ᵀ
                super::nn::matmul_strided(
                    &e,
                    &mixer.w[k * width..],
                    &mut table,
                    rows,
                    width,
                    wide,
                    mixer.n_in,
                );
                HashEmbed {
                    column: k,
                    seed,
                    rows,
                    table,
                }
            })
            .collect();
        let layers = (0..depth)
            .map(|l| load_layer(&format!("enc.{l}"), width * 3))
            .collect::<Result<_, _>>()?;
        Ok(Tok2Vec {
            width,
            embeds,
            mixer,
            layers,
            pad,
        })
    }

    /// Output width (96).
    pub fn width(&self) -> usize {
        self.width
    }

    /// Runs the network over one doc's feature rows, returning `n × width`.
    pub fn forward(&self, feats: &[[u64; N_FEATURES]]) -> Vec<f32> {
        self.forward_batch(&[feats])
    }

    /// Runs the network over several docs at once, returning their rows
    /// concatenated (`Σnᵢ × width`, in input order).
    pub fn forward_batch(&self, docs: &[&[[u64; N_FEATURES]]]) -> Vec<f32> {
        self.forward_batch_with(docs, true)
    }

    /// [`Tok2Vec::forward_batch`]; `fast` picks the SIMD kernels where the
    /// CPU has them (false: the portable path, for tests).
    ///
    /// The docs are stacked into one buffer, each followed by `pad` rows
    /// (with `pad` rows before the first), so every layer is one kernel call
    /// over the whole batch. Like thinc, which puts `pad` rows between the
    /// docs of a batch, this is exact when `depth ≤ pad`: after `l` layers a
    /// row depends on the rows within `l` of it, so a doc's tokens never see
    /// another doc's, and the pad rows they read hold what padding each doc by
    /// itself gives (SPEC §4.3). Layer `l` (from 1) is computed only on the
    /// rows within `depth − l` of a doc, the ones the final doc rows still
    /// depend on, which skips most pad rows. With `depth > pad` the docs run
    /// one by one. Only float rounding differs from a doc-by-doc run (~1e-7).
    pub fn forward_batch_with(&self, docs: &[&[[u64; N_FEATURES]]], fast: bool) -> Vec<f32> {
        let w = self.width;
        let depth = self.layers.len();
        if docs.len() > 1 && depth > self.pad {
            return docs
                .iter()
                .flat_map(|d| self.forward_batch_with(&[*d], fast))
                .collect();
        }
        let total: usize = docs.iter().map(|d| d.len()).sum();
        if total == 0 {
            return Vec::new();
        }
        let p = self.pad;
        // Row 0 and the last row are thinc's zeros outside the padded array,
        // never computed; between them, `p` pad rows, then each doc and `p` more.
        let mut starts = Vec::with_capacity(docs.len());
        let mut at = 1 + p;
        for d in docs {
            starts.push(at);
            if !d.is_empty() {
                at += d.len() + p;
            }
        }
        let rows = at + 1;
        let mut h = vec![0.0f32; rows * w];
        let mix512 = fast && avx512();
        if mix512 {
            #[cfg(target_arch = "x86_64")]
            // SAFETY: `avx512()` found AVX-512 F/BW/DQ/VL on this CPU.
            unsafe {
                self.mix_avx512(docs, &starts, &mut h)
            };
        }
        if !mix512 || cfg!(not(target_arch = "x86_64")) {
            self.mix(docs, &starts, &mut h);
        }
        // Residual window layers, double-buffered over the rows still needed.
        let mut next_h = vec![0.0f32; rows * w];
        let mut list: Vec<u32> = Vec::with_capacity(rows);
        let mut scratch = WindowScratch::default();
        // The rows within `reach` of a doc, ascending, each once.
        let within = |reach: usize, list: &mut Vec<u32>| {
            list.clear();
            let mut next = 0;
            for (d, &s) in docs.iter().zip(&starts) {
                if d.is_empty() {
                    continue;
                }
                let (lo, hi) = ((s - reach).max(next), s + d.len() + reach);
                list.extend(lo as u32..hi as u32);
                next = hi;
            }
        };
        for (l, layer) in self.layers.iter().enumerate() {
            let reach = (depth - 1 - l).min(p);
            if l == 0 && reach >= 2 {
                // After the first layer a pad row two or more rows from every
                // doc has seen only zeros: it is `0 + LN(maxout(b))`, the
                // same for all, so it is written rather than computed.
                let mut near = Vec::new();
                within(1, &mut near);
                within(reach, &mut list);
                let mut c = vec![0.0f32; w];
                layer.finish(&vec![0.0f32; w * layer.n_pieces], &mut c);
                let mut k = 0;
                for &r in &list {
                    while k < near.len() && near[k] < r {
                        k += 1;
                    }
                    if near.get(k) != Some(&r) {
                        let r = r as usize;
                        next_h[r * w..(r + 1) * w].copy_from_slice(&c);
                    }
                }
                list = near;
            } else {
                within(reach, &mut list);
            }
            layer.window_rows(&h, &mut next_h, &list, &mut scratch, fast);
            std::mem::swap(&mut h, &mut next_h);
        }
        let mut out = Vec::with_capacity(total * w);
        for (d, &s) in docs.iter().zip(&starts) {
            out.extend_from_slice(&h[s * w..(s + d.len()) * w]);
        }
        out
    }

    /// The embeddings and mixer: each token's projected embeddings summed
    /// column by column, then bias, maxout and LayerNorm, into its row of `h`.
    ///
    /// A column's projected embedding (the sum of its four table rows, in
    /// key order) is computed once per distinct value in the batch and
    /// reused: words, shapes and affixes repeat, and the tables (~13 MB) are
    /// read at random, so this saves most of the memory traffic. The rows of
    /// the value [`PREFETCH_AHEAD`] places on are prefetched meanwhile.
    #[inline(always)]
    fn mix(&self, docs: &[&[[u64; N_FEATURES]]], starts: &[usize], h: &mut [f32]) {
        let w = self.width;
        let wide = self.mixer.n_out * self.mixer.n_pieces;
        let total: usize = docs.iter().map(|d| d.len()).sum();
        let cols = self.embeds.len();
        // Per token and column, the index of its value's projected embedding.
        let mut slot = Vec::with_capacity(total * cols);
        // Per distinct (column, value): the table row offsets of its keys.
        let mut keys: Vec<[usize; 4]> = Vec::new();
        let mut owner: Vec<usize> = Vec::new();
        let mut seen: Vec<HashMap<u64, u32, BuildHasherDefault<IdHasher>>> =
            (0..cols).map(|_| HashMap::default()).collect();
        for d in docs {
            for f in d.iter() {
                for (c, e) in self.embeds.iter().enumerate() {
                    let v = f[e.column];
                    let id = *seen[c].entry(v).or_insert_with(|| {
                        keys.push(hash_keys(v, e.seed).map(|k| (k as usize % e.rows) * wide));
                        owner.push(c);
                        (keys.len() - 1) as u32
                    });
                    slot.push(id);
                }
            }
        }
        // Built by appending (not zeroing first): `0 + r` is exactly `r`.
        let mut memo = Vec::with_capacity(keys.len() * wide);
        for (i, k) in keys.iter().enumerate() {
            if let (Some(ka), Some(&ca)) =
                (keys.get(i + PREFETCH_AHEAD), owner.get(i + PREFETCH_AHEAD))
            {
                let t = &self.embeds[ca].table;
                for &o in ka {
                    prefetch(&t[o..o + wide]);
                }
            }
            let t = &self.embeds[owner[i]].table;
            let at = memo.len();
            memo.extend_from_slice(&t[k[0]..k[0] + wide]);
            for &o in &k[1..] {
                for (d, s) in memo[at..].iter_mut().zip(&t[o..o + wide]) {
                    *d += s;
                }
            }
        }
        let mut z = vec![0.0f32; wide];
        let mut i = 0;
        for (d, &s) in docs.iter().zip(starts) {
            for t in 0..d.len() {
                z.fill(0.0);
                for &id in &slot[i * cols..(i + 1) * cols] {
                    let m = &memo[id as usize * wide..(id as usize + 1) * wide];
                    for (d, s) in z.iter_mut().zip(m) {
                        *d += s;
                    }
                }
                self.mixer.finish(&z, &mut h[(s + t) * w..(s + t + 1) * w]);
                i += 1;
            }
        }
    }

    /// [`Tok2Vec::mix`] compiled for AVX-512 (same operations, wider vectors).
    ///
    /// # Safety
    /// The CPU must have AVX-512F/BW/DQ/VL.
    #[cfg(target_arch = "x86_64")]
    #[target_feature(enable = "avx512f,avx512bw,avx512dq,avx512vl")]
    unsafe fn mix_avx512(&self, docs: &[&[[u64; N_FEATURES]]], starts: &[usize], h: &mut [f32]) {
        self.mix(docs, starts, h)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::model::nn::test_util::noise;

    fn layer(w: usize, n_in: usize, seed: u64) -> MaxoutNorm {
        MaxoutNorm::from_thinc(
            w,
            3,
            n_in,
            &noise(w * 3 * n_in, seed),
            &noise(w * 3, seed + 1),
            noise(w, seed + 2),
            noise(w, seed + 3),
        )
    }

    fn net(w: usize, depth: usize, pad: usize) -> Tok2Vec {
        let wide = w * 3;
        Tok2Vec {
            width: w,
            embeds: (0..2)
                .map(|k| HashEmbed {
                    column: k,
                    seed: k as u32 + 7,
                    rows: 11,
                    table: noise(11 * wide, 10 + k as u64),
                })
                .collect(),
            mixer: layer(w, 2 * w, 20),
            layers: (0..depth)
                .map(|l| layer(w, 3 * w, 30 + 4 * l as u64))
                .collect(),
            pad,
        }
    }

    /// SPEC §4 done the plain way, one doc at a time: every padded row of
    /// every layer, zeros outside the padded array, naive dot products.
    fn reference(t2v: &Tok2Vec, feats: &[[u64; N_FEATURES]]) -> Vec<f32> {
        let (w, p) = (t2v.width, t2v.pad);
        let n = feats.len();
        let rows = n + 2 * p;
        let mut h = vec![0.0f32; rows * w];
        let wide = 3 * w;
        for (t, f) in feats.iter().enumerate() {
            let mut z = vec![0.0f32; wide];
            for e in &t2v.embeds {
                for key in hash_keys(f[e.column], e.seed) {
                    let r = key as usize % e.rows;
                    for (d, s) in z.iter_mut().zip(&e.table[r * wide..(r + 1) * wide]) {
                        *d += s;
                    }
                }
            }
            t2v.mixer.finish(&z, &mut h[(p + t) * w..(p + t + 1) * w]);
        }
        for layer in &t2v.layers {
            let at = |h: &[f32], r: isize, j: usize| {
                if r < 0 || r as usize >= rows {
                    0.0
                } else {
                    h[r as usize * w + j]
                }
            };
            let mut next = h.clone();
            for r in 0..rows {
                let win: Vec<f32> = (0..3 * w)
                    .map(|i| at(&h, r as isize - 1 + (i / w) as isize, i % w))
                    .collect();
                let z: Vec<f32> = (0..wide)
                    .map(|o| (0..3 * w).map(|i| win[i] * layer.w[o * 3 * w + i]).sum())
                    .collect();
                let mut y = vec![0.0f32; w];
                layer.finish(&z, &mut y);
                for j in 0..w {
                    next[r * w + j] = h[r * w + j] + y[j];
                }
            }
            h = next;
        }
        h[p * w..(p + n) * w].to_vec()
    }

    #[test]
    fn batch_equals_plain_doc_by_doc() {
        let docs: Vec<Vec<[u64; N_FEATURES]>> = [5usize, 1, 0, 9, 2, 13]
            .iter()
            .enumerate()
            .map(|(d, &n)| {
                (0..n as u64)
                    .map(|i| [i * 31 + d as u64, i ^ 5, 0, 0, 0, 0])
                    .collect()
            })
            .collect();
        let refs: Vec<&[[u64; N_FEATURES]]> = docs.iter().map(Vec::as_slice).collect();
        // Width 16 and 32 fit the AVX-512 kernel, 8 does not; depth 5 > pad
        // 4 runs the docs one by one.
        for (w, depth, pad) in [(8, 3, 3), (16, 4, 4), (32, 2, 4), (16, 5, 4), (16, 0, 2)] {
            let t2v = net(w, depth, pad);
            let want: Vec<f32> = refs.iter().flat_map(|d| reference(&t2v, d)).collect();
            assert_eq!(want.len(), 30 * w);
            for fast in [false, true] {
                let got = t2v.forward_batch_with(&refs, fast);
                assert_eq!(got.len(), want.len());
                // Same up to float rounding (~1e-6 here); a leak between
                // docs or a wrong pad row would differ by ~1.
                for (i, (a, b)) in got.iter().zip(&want).enumerate() {
                    assert!(
                        (a - b).abs() < 1e-4,
                        "w {w} depth {depth} fast {fast}: row {} col {}: {a} vs {b}",
                        i / w,
                        i % w
                    );
                }
            }
        }
    }

    #[test]
    fn zero_hashes_to_zero_keys() {
        assert_eq!(hash_keys(0, 8), [0, 0, 0, 0]);
    }
}
