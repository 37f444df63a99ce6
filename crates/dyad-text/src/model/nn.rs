//! Dense building blocks shared by the neural stages: GEMM, linear layers,
//! maxout and layer normalisation, with thinc's numerics (SPEC §4.2, §8).
//! Where the CPU has AVX-512 the layers run on the kernels of `simd.rs`.

use super::simd::{avx512, PackedLinear, PackedMaxout};

/// `c = a · b` for strided `m×k` `a` and `k×n` `b` into row-major `c`
/// (overwritten), on one thread with the `gemm` crate, whose AVX-512
/// kernels are about 1.5x faster than `matrixmultiply` at these shapes.
///
/// # Safety
/// Every `(i, j)` index within the shapes must be in bounds of its slice
/// with the given row (`rs`) and column (`cs`) strides.
#[allow(clippy::too_many_arguments)]
unsafe fn sgemm(
    m: usize,
    k: usize,
    n: usize,
    a: *const f32,
    a_rs: isize,
    a_cs: isize,
    b: *const f32,
    b_rs: isize,
    b_cs: isize,
    c: *mut f32,
) {
    gemm::gemm(
        m,
        n,
        k,
        c,
        1,
        n as isize,
        false,
        a,
        a_cs,
        a_rs,
        b,
        b_cs,
        b_rs,
        0.0,
        1.0,
        false,
        false,
        false,
        gemm::Parallelism::None,
    );
}

/// `c (m×n) = a (m×k) · bᵀ` where `b` is stored row-major as `n×k`
/// (thinc's `gemm(X, W, trans2=True)`); `c` is overwritten.
pub fn matmul_t(a: &[f32], b: &[f32], c: &mut [f32], m: usize, k: usize, n: usize) {
    debug_assert!(a.len() >= m * k && b.len() >= n * k && c.len() >= m * n);
    if m == 0 || n == 0 {
        return;
    }
    // SAFETY: the slices are at least as long as the strided shapes need,
    // checked above in debug builds and guaranteed by every caller.
    unsafe {
        sgemm(
            m,
            k,
            n,
            a.as_ptr(),
            k as isize,
            1,
            b.as_ptr(),
            1,
            k as isize,
            c.as_mut_ptr(),
        );
    }
}

/// `c (m×n) = a (m×k) · B` where `B[t][j] = b[j·ldb + t]`: the transpose of
/// a `k`-column block of a row-major matrix with row length `ldb`.
pub fn matmul_strided(
    a: &[f32],
    b: &[f32],
    c: &mut [f32],
    m: usize,
    k: usize,
    n: usize,
    ldb: usize,
) {
    assert!(a.len() >= m * k && c.len() >= m * n && (n == 0 || b.len() >= (n - 1) * ldb + k));
    if m == 0 || n == 0 {
        return;
    }
    // SAFETY: bounds asserted above for the strides used.
    unsafe {
        sgemm(
            m,
            k,
            n,
            a.as_ptr(),
            k as isize,
            1,
            b.as_ptr(),
            1,
            ldb as isize,
            c.as_mut_ptr(),
        );
    }
}

/// A fully connected layer: `y = x·Wᵀ + b`, W stored `(n_out, n_in)`.
pub struct Linear {
    pub n_out: usize,
    pub n_in: usize,
    pub w: Vec<f32>,
    pub b: Vec<f32>,
    /// W and b packed for the AVX-512 kernel, where the CPU has it.
    pack: Option<PackedLinear>,
}

impl Linear {
    pub fn new(n_out: usize, n_in: usize, w: Vec<f32>, b: Vec<f32>) -> Linear {
        let pack = avx512().then(|| PackedLinear::new(n_out, n_in, &w, Some(&b)));
        Linear {
            n_out,
            n_in,
            w,
            b,
            pack,
        }
    }

    /// Applies the layer to `m` rows of `x`, returning `m × n_out`.
    pub fn forward(&self, x: &[f32], m: usize) -> Vec<f32> {
        if let Some(p) = &self.pack {
            return p.forward_vec(x, m);
        }
        let mut y = vec![0.0; m * self.n_out];
        matmul_t(x, &self.w, &mut y, m, self.n_in, self.n_out);
        for row in y.chunks_exact_mut(self.n_out) {
            for (v, b) in row.iter_mut().zip(&self.b) {
                *v += b;
            }
        }
        y
    }
}

/// thinc's `maxout >> layernorm`: `n_out` units of `n_pieces` pieces over
/// `n_in` inputs, then LayerNorm with gain `g` and bias `beta`.
///
/// W and b are kept piece-major, `(n_pieces, n_out, n_in)` and
/// `(n_pieces, n_out)` (thinc stores them unit-major), so the max over
/// pieces runs over contiguous rows and vectorises. Each pre-activation is
/// the same dot product either way, so the results are unchanged.
pub struct MaxoutNorm {
    pub n_out: usize,
    pub n_pieces: usize,
    pub n_in: usize,
    pub w: Vec<f32>,
    pub b: Vec<f32>,
    pub g: Vec<f32>,
    pub beta: Vec<f32>,
    /// The layer packed for the fused AVX-512 window kernel, where the CPU
    /// has it and the shapes fit.
    pack: Option<PackedMaxout>,
}

/// Scratch buffers of [`MaxoutNorm::window_rows`]'s portable path.
#[derive(Default)]
pub struct WindowScratch {
    win: Vec<f32>,
    z: Vec<f32>,
    delta: Vec<f32>,
}

impl MaxoutNorm {
    /// Builds the layer from thinc's unit-major W `(n_out, n_pieces, n_in)`
    /// and b `(n_out, n_pieces)`.
    pub fn from_thinc(
        n_out: usize,
        n_pieces: usize,
        n_in: usize,
        w: &[f32],
        b: &[f32],
        g: Vec<f32>,
        beta: Vec<f32>,
    ) -> MaxoutNorm {
        let mut pw = Vec::with_capacity(w.len());
        let mut pb = Vec::with_capacity(b.len());
        for p in 0..n_pieces {
            for o in 0..n_out {
                let row = o * n_pieces + p;
                pw.extend_from_slice(&w[row * n_in..(row + 1) * n_in]);
                pb.push(b[row]);
            }
        }
        let pack = PackedMaxout::new(n_out, n_pieces, n_in, &pw, &pb);
        MaxoutNorm {
            n_out,
            n_pieces,
            n_in,
            w: pw,
            b: pb,
            g,
            beta,
            pack,
        }
    }

    /// The residual window layer on selected rows: for each `r` in `rows`,
    /// `out[r] = inp[r] + LN(maxout([inp[r-1], inp[r], inp[r+1]]))` over
    /// `n_out`-wide row-major buffers (so `n_in` must be `3·n_out`). Rows of
    /// `out` not listed are left alone. `fast` picks the AVX-512 kernel when
    /// the layer has one.
    pub fn window_rows(
        &self,
        inp: &[f32],
        out: &mut [f32],
        rows: &[u32],
        scratch: &mut WindowScratch,
        fast: bool,
    ) {
        let w = self.n_out;
        assert_eq!(self.n_in, 3 * w, "window layer needs 3·width inputs");
        if let (Some(p), true) = (&self.pack, fast) {
            p.forward_rows(&self.g, &self.beta, inp, out, rows);
            return;
        }
        let m = rows.len();
        scratch.win.clear();
        for &r in rows {
            let r = r as usize;
            scratch
                .win
                .extend_from_slice(&inp[(r - 1) * w..(r + 2) * w]);
        }
        scratch.z.clear();
        scratch.z.resize(m * w * self.n_pieces, 0.0);
        matmul_t(
            &scratch.win,
            &self.w,
            &mut scratch.z,
            m,
            self.n_in,
            w * self.n_pieces,
        );
        scratch.delta.clear();
        scratch.delta.resize(m * w, 0.0);
        self.finish(&scratch.z, &mut scratch.delta);
        for (&r, d) in rows.iter().zip(scratch.delta.chunks_exact(w)) {
            let r = r as usize;
            for ((o, &x), &d) in out[r * w..(r + 1) * w]
                .iter_mut()
                .zip(&inp[r * w..(r + 1) * w])
                .zip(d)
            {
                *o = x + d;
            }
        }
    }

    /// Applies the layer to `m` rows of `x` (`m × n_in`), writing `m × n_out` into `out`.
    /// `scratch` is reused between calls to avoid reallocating the `m × n_out·n_pieces` product.
    #[cfg(test)]
    pub fn forward(&self, x: &[f32], m: usize, scratch: &mut Vec<f32>, out: &mut [f32]) {
        let wide = self.n_out * self.n_pieces;
        scratch.clear();
        scratch.resize(m * wide, 0.0);
        matmul_t(x, &self.w, scratch, m, self.n_in, wide);
        self.finish(scratch, out);
    }

    /// Bias, max over pieces and LayerNorm, from the piece-major
    /// pre-activations `z` (`m × n_pieces·n_out`, i.e. `x·Wᵀ` without bias)
    /// into `out` (`m × n_out`). Pieces are compared in thinc's order and the
    /// first maximum wins, as in thinc.
    #[inline(always)]
    pub fn finish(&self, z: &[f32], out: &mut [f32]) {
        let (n, wide) = (self.n_out, self.n_out * self.n_pieces);
        for (z, y) in z.chunks_exact(wide).zip(out.chunks_exact_mut(n)) {
            for ((y, &z), &b) in y.iter_mut().zip(&z[..n]).zip(&self.b[..n]) {
                *y = z + b;
            }
            for p in 1..self.n_pieces {
                let zp = &z[p * n..(p + 1) * n];
                let bp = &self.b[p * n..(p + 1) * n];
                // A select, not a conditional store, so that it vectorises;
                // the earlier piece stays on ties, as in thinc.
                for ((y, &z), &b) in y.iter_mut().zip(zp).zip(bp) {
                    let v = z + b;
                    *y = if v > *y { v } else { *y };
                }
            }
            layer_norm(y, &self.g, &self.beta);
        }
    }
}

/// numpy's float32 pairwise sum for a short contiguous run (n ≤ 128):
/// eight running accumulators combined as a tree, then the tail in order.
/// Always inlined, so it is vectorised for the kernel that calls it.
#[inline(always)]
fn pairwise_sum(a: &[f32]) -> f32 {
    let n = a.len();
    if n < 8 {
        return a.iter().fold(0.0, |s, &v| s + v);
    }
    let mut r = [0.0f32; 8];
    r.copy_from_slice(&a[..8]);
    let full = n - n % 8;
    let mut i = 8;
    while i < full {
        for j in 0..8 {
            r[j] += a[i + j];
        }
        i += 8;
    }
    let mut s = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]));
    for &v in &a[full..] {
        s += v;
    }
    s
}

/// In-place LayerNorm: population variance, epsilon 1e-8 added to the variance.
#[inline(always)]
pub fn layer_norm(y: &mut [f32], g: &[f32], beta: &[f32]) {
    let n = y.len() as f32;
    let mu = pairwise_sum(y) / n;
    let mut sq = [0.0f32; 128];
    let sq = &mut sq[..y.len().min(128)];
    let var = if y.len() <= 128 {
        for (s, &v) in sq.iter_mut().zip(y.iter()) {
            let d = v - mu;
            *s = d * d;
        }
        pairwise_sum(sq) / n
    } else {
        y.iter().map(|&v| (v - mu) * (v - mu)).sum::<f32>() / n
    };
    let inv = (var + 1e-8).powf(-0.5);
    for ((v, &gi), &bi) in y.iter_mut().zip(g).zip(beta) {
        *v = (*v - mu) * inv * gi + bi;
    }
}

/// Index of the largest value; the first wins on ties.
pub fn argmax(v: &[f32]) -> usize {
    let mut best = 0;
    for i in 1..v.len() {
        if v[i] > v[best] {
            best = i;
        }
    }
    best
}

/// `Some(None)` when no class is valid, `Some(Some(i))` when only `i` is,
/// else `None` (the scores must decide).
pub fn only_valid(valid: &[bool]) -> Option<Option<usize>> {
    let mut it = valid.iter().enumerate().filter(|(_, &ok)| ok);
    match (it.next(), it.next()) {
        (None, _) => Some(None),
        (Some((i, _)), None) => Some(Some(i)),
        _ => None,
    }
}

/// Index of the highest-scoring valid class; the lowest index wins ties.
pub fn argmax_valid(scores: &[f32], valid: &[bool]) -> Option<usize> {
    // The best score is kept in a register rather than re-read each step.
    let (mut best, mut best_s) = (usize::MAX, 0.0f32);
    for (i, (&s, &ok)) in scores.iter().zip(valid).enumerate() {
        if ok && (best == usize::MAX || s > best_s) {
            best = i;
            best_s = s;
        }
    }
    (best != usize::MAX).then_some(best)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matmul_matches_naive() {
        let (m, k, n) = (3, 5, 4);
        let a: Vec<f32> = (0..m * k).map(|i| i as f32 * 0.5 - 2.0).collect();
        let b: Vec<f32> = (0..n * k).map(|i| (i % 7) as f32 - 3.0).collect();
        let mut c = vec![0.0; m * n];
        matmul_t(&a, &b, &mut c, m, k, n);
        for i in 0..m {
            for j in 0..n {
                let want: f32 = (0..k).map(|t| a[i * k + t] * b[j * k + t]).sum();
                assert!((c[i * n + j] - want).abs() < 1e-4);
            }
        }
    }

    #[test]
    fn layer_norm_centres_and_scales() {
        let mut y: Vec<f32> = (0..96).map(|i| (i as f32).sin() * 3.0 + 1.0).collect();
        let ones = vec![1.0; 96];
        let zeros = vec![0.0; 96];
        layer_norm(&mut y, &ones, &zeros);
        let mean: f32 = y.iter().sum::<f32>() / 96.0;
        let var: f32 = y.iter().map(|v| (v - mean) * (v - mean)).sum::<f32>() / 96.0;
        assert!(mean.abs() < 1e-5, "{mean}");
        assert!((var - 1.0).abs() < 1e-4, "{var}");
    }

    #[test]
    fn maxout_matches_thinc_layout() {
        let (n_out, n_pieces, n_in) = (5, 3, 4);
        let w: Vec<f32> = (0..n_out * n_pieces * n_in)
            .map(|i| ((i * 7919) % 23) as f32 / 11.0 - 1.0)
            .collect();
        let b: Vec<f32> = (0..n_out * n_pieces)
            .map(|i| (i % 5) as f32 * 0.1)
            .collect();
        let layer = MaxoutNorm::from_thinc(
            n_out,
            n_pieces,
            n_in,
            &w,
            &b,
            vec![1.0; n_out],
            vec![0.0; n_out],
        );
        let x = [0.5f32, -1.0, 2.0, 0.25];
        let mut want: Vec<f32> = (0..n_out)
            .map(|o| {
                (0..n_pieces)
                    .map(|p| {
                        let row = o * n_pieces + p;
                        let dot: f32 = (0..n_in).map(|t| x[t] * w[row * n_in + t]).sum();
                        dot + b[row]
                    })
                    .fold(f32::NEG_INFINITY, f32::max)
            })
            .collect();
        layer_norm(&mut want, &[1.0; 5], &[0.0; 5]);
        let mut got = vec![0.0; n_out];
        layer.forward(&x, 1, &mut Vec::new(), &mut got);
        for (g, w) in got.iter().zip(&want) {
            assert!((g - w).abs() < 1e-4, "{got:?} vs {want:?}");
        }
    }

    #[test]
    fn argmax_prefers_first() {
        assert_eq!(argmax(&[1.0, 3.0, 3.0, 2.0]), 1);
    }

    #[test]
    fn argmax_valid_skips_invalid_and_prefers_first() {
        let s = [5.0, 3.0, 3.0, f32::NEG_INFINITY, 9.0];
        assert_eq!(argmax_valid(&s, &[false, true, true, true, false]), Some(1));
        assert_eq!(
            argmax_valid(&s, &[false, false, false, true, false]),
            Some(3)
        );
        assert_eq!(argmax_valid(&s, &[false; 5]), None);
        assert_eq!(only_valid(&[false; 3]), Some(None));
        assert_eq!(only_valid(&[false, true, false]), Some(Some(1)));
        assert_eq!(only_valid(&[true, false, true]), None);
    }
}

/// Helpers shared by the model's tests.
#[cfg(test)]
pub(crate) mod test_util {
    /// Deterministic pseudo-random values in [-1, 1).
    pub fn noise(n: usize, seed: u64) -> Vec<f32> {
        let mut x = seed.wrapping_mul(6364136223846793005).wrapping_add(1);
        (0..n)
            .map(|_| {
                x = x
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                ((x >> 40) as f32 / (1u64 << 24) as f32) * 2.0 - 1.0
            })
            .collect()
    }
}
