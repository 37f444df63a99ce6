//! AVX-512 kernels for the model's fixed small shapes, with the weights
//! packed at load into the layout each kernel reads.
//!
//! Three kernels: a dense layer `x·Wᵀ (+ b)` ([`PackedLinear`]: the tagger,
//! the parser/ner projections and their precomputed feature tables); the
//! tok2vec encoder's whole residual window layer `x + LN(maxout(window·Wᵀ +
//! b))` ([`PackedMaxout`]), fused so the pre-activations never leave
//! registers; and one transition state's hidden and output layers
//! ([`score2`]). They accumulate every output in one register lane in input
//! order with FMA, so their rounding differs from the `gemm` crate's (and
//! from thinc's BLAS) only at the ~1e-7 level. They run only where the CPU
//! has AVX-512 F/BW/DQ/VL, checked at run time ([`avx512`]); callers keep a
//! portable path (the `gemm` crate and plain loops).
//!
//! On this model the window layers are about 60% of the text layer's time
//! and run close to the FMA units' peak; see `dyad bench text`.

#[cfg(target_arch = "x86_64")]
use std::arch::x86_64::*;

/// Widest layer output the fused maxout kernel keeps on the stack.
pub const MAX_WIDTH: usize = 128;

/// Whether the AVX-512 kernels may run on this CPU (AVX-512 F, BW, DQ and
/// VL, detected once). Setting `DYAD_NO_AVX512` forces the portable path,
/// to compare the two.
pub fn avx512() -> bool {
    #[cfg(target_arch = "x86_64")]
    {
        use std::sync::OnceLock;
        static HAS: OnceLock<bool> = OnceLock::new();
        *HAS.get_or_init(|| {
            is_x86_feature_detected!("avx512f")
                && is_x86_feature_detected!("avx512bw")
                && is_x86_feature_detected!("avx512dq")
                && is_x86_feature_detected!("avx512vl")
                && std::env::var_os("DYAD_NO_AVX512").is_none()
        })
    }
    #[cfg(not(target_arch = "x86_64"))]
    {
        false
    }
}

/// Whether the AVX2 window kernel may run here (AVX2 and FMA, detected
/// once): the fallback where AVX-512 is missing. `DYAD_NO_AVX2` turns it off
/// too, leaving the portable path.
pub fn avx2() -> bool {
    #[cfg(target_arch = "x86_64")]
    {
        use std::sync::OnceLock;
        static HAS: OnceLock<bool> = OnceLock::new();
        *HAS.get_or_init(|| {
            is_x86_feature_detected!("avx2")
                && is_x86_feature_detected!("fma")
                && std::env::var_os("DYAD_NO_AVX2").is_none()
        })
    }
    #[cfg(not(target_arch = "x86_64"))]
    {
        false
    }
}

/// Rows per register tile of the AVX2 window kernel: 3 rows × 3 pieces = 9
/// accumulators, leaving room in the 16 registers for the weights (4 rows
/// spill).
const AVX2_MR: usize = 3;

/// Output columns per panel of [`PackedLinear`] (two 16-lane registers).
const PANEL: usize = 32;
/// Rows per register tile of [`PackedLinear`]: 12 rows × 2 registers = 24 accumulators.
const LINEAR_MR: usize = 12;
/// Rows per register tile of [`PackedMaxout`]: 8 rows × 3 pieces = 24 accumulators.
const MAXOUT_MR: usize = 8;

/// `W` (`n_out × n_in`, row-major) re-laid as panels of 32 output columns,
/// `[panel][k][32]`, zero-padded past `n_out`, so the kernel reads each
/// step's 32 weights as two aligned-in-sequence vector loads.
pub struct PackedLinear {
    n_out: usize,
    n_in: usize,
    w: Vec<f32>,
    /// Bias padded to whole panels (zeros when the layer has none).
    b: Vec<f32>,
}

impl PackedLinear {
    /// Packs `w` (`n_out × n_in`) and an optional bias of `n_out`.
    pub fn new(n_out: usize, n_in: usize, w: &[f32], b: Option<&[f32]>) -> PackedLinear {
        assert!(w.len() >= n_out * n_in);
        let panels = n_out.div_ceil(PANEL);
        let mut pw = vec![0.0f32; panels * n_in * PANEL];
        for o in 0..n_out {
            let (p, j) = (o / PANEL, o % PANEL);
            for k in 0..n_in {
                pw[(p * n_in + k) * PANEL + j] = w[o * n_in + k];
            }
        }
        let mut pb = vec![0.0f32; panels * PANEL];
        if let Some(b) = b {
            pb[..n_out].copy_from_slice(&b[..n_out]);
        }
        PackedLinear {
            n_out,
            n_in,
            w: pw,
            b: pb,
        }
    }

    /// `y (m × n_out) = x (m × n_in) · Wᵀ + b` into a new vector, which is
    /// never zeroed first (the kernel writes every element). Only call where
    /// [`avx512`] is true.
    pub fn forward_vec(&self, x: &[f32], m: usize) -> Vec<f32> {
        let len = m * self.n_out;
        let mut y: Vec<f32> = Vec::with_capacity(len);
        // SAFETY: the buffer has room for `len` floats; `forward_raw` writes
        // every one of them (each tile stores all `n_out` columns of its
        // rows, and the tiles cover rows 0..m), so all are initialised
        // before `set_len`.
        unsafe {
            self.forward_raw(x, m, y.as_mut_ptr());
            y.set_len(len);
        }
        y
    }

    /// # Safety
    /// `y` must be valid for writes of `m × n_out` floats.
    unsafe fn forward_raw(&self, x: &[f32], m: usize, y: *mut f32) {
        assert!(avx512(), "AVX-512 kernel called without AVX-512");
        assert!(x.len() >= m * self.n_in);
        let mut i = 0;
        // SAFETY: AVX-512F is present (asserted above); every tile reads rows
        // i..i+MR of `x`, in bounds by the check above, and writes the same
        // rows of `y`, valid by the caller's contract.
        unsafe {
            while i + LINEAR_MR <= m {
                self.tile::<LINEAR_MR>(x.as_ptr(), y, i);
                i += LINEAR_MR;
            }
            match m - i {
                0 => {}
                1 => self.tile::<1>(x.as_ptr(), y, i),
                2 => self.tile::<2>(x.as_ptr(), y, i),
                3 => self.tile::<3>(x.as_ptr(), y, i),
                4 => self.tile::<4>(x.as_ptr(), y, i),
                5 => self.tile::<5>(x.as_ptr(), y, i),
                6 => self.tile::<6>(x.as_ptr(), y, i),
                7 => self.tile::<7>(x.as_ptr(), y, i),
                8 => self.tile::<8>(x.as_ptr(), y, i),
                9 => self.tile::<9>(x.as_ptr(), y, i),
                10 => self.tile::<10>(x.as_ptr(), y, i),
                _ => self.tile::<11>(x.as_ptr(), y, i),
            }
        }
    }

    /// Rows `i0..i0+MR` of the product, every panel.
    ///
    /// # Safety
    /// AVX-512F must be available; `x` must hold rows `i0..i0+MR` of
    /// `n_in` floats and `y` the same rows of `n_out` floats.
    #[cfg(target_arch = "x86_64")]
    #[target_feature(enable = "avx512f")]
    unsafe fn tile<const MR: usize>(&self, x: *const f32, y: *mut f32, i0: usize) {
        let (n, k) = (self.n_out, self.n_in);
        for p in 0..n.div_ceil(PANEL) {
            let mut acc = [[_mm512_setzero_ps(); 2]; MR];
            let mut wp = self.w.as_ptr().add(p * k * PANEL);
            for t in 0..k {
                let w0 = _mm512_loadu_ps(wp);
                let w1 = _mm512_loadu_ps(wp.add(16));
                for (r, acc) in acc.iter_mut().enumerate() {
                    let a = _mm512_set1_ps(*x.add((i0 + r) * k + t));
                    acc[0] = _mm512_fmadd_ps(a, w0, acc[0]);
                    acc[1] = _mm512_fmadd_ps(a, w1, acc[1]);
                }
                wp = wp.add(PANEL);
            }
            let b0 = _mm512_loadu_ps(self.b.as_ptr().add(p * PANEL));
            let b1 = _mm512_loadu_ps(self.b.as_ptr().add(p * PANEL + 16));
            let col = p * PANEL;
            // Lanes past n_out are masked off.
            let live = n - col;
            let m0: __mmask16 = if live >= 16 {
                0xffff
            } else {
                (1u16 << live) - 1
            };
            let m1: __mmask16 = if live >= 32 {
                0xffff
            } else if live > 16 {
                (1u16 << (live - 16)) - 1
            } else {
                0
            };
            for (r, acc) in acc.iter().enumerate() {
                let out = y.add((i0 + r) * n + col);
                _mm512_mask_storeu_ps(out, m0, _mm512_add_ps(acc[0], b0));
                _mm512_mask_storeu_ps(out.add(16), m1, _mm512_add_ps(acc[1], b1));
            }
        }
    }

    #[cfg(not(target_arch = "x86_64"))]
    unsafe fn tile<const MR: usize>(&self, _x: *const f32, _y: *mut f32, _i0: usize) {
        unreachable!("AVX-512 kernel on a non-x86 target")
    }
}

/// A residual maxout window layer (3 pieces, window 1) re-laid for the fused
/// kernel: for each block of `lanes` units (16 for AVX-512, 8 for AVX2), for
/// each of the `3·width` inputs, the weights of piece 0, then piece 1, then
/// piece 2 (`[ub][k][piece][lanes]`).
pub struct PackedMaxout {
    lanes: usize,
    width: usize,
    n_in: usize,
    w: Vec<f32>,
    /// `[ub][piece][lanes]`.
    b: Vec<f32>,
}

impl PackedMaxout {
    /// Packs a layer whose W is piece-major `(3, width, n_in)` and b `(3, width)`
    /// for the best kernel this CPU has; `None` when it has neither or the
    /// shapes do not fit.
    pub fn new(width: usize, n_pieces: usize, n_in: usize, w: &[f32], b: &[f32]) -> Option<Self> {
        let lanes = if avx512() {
            16
        } else if avx2() {
            8
        } else {
            return None;
        };
        Self::with_lanes(lanes, width, n_pieces, n_in, w, b)
    }

    /// [`PackedMaxout::new`] for the kernel of `lanes` (16: AVX-512, 8: AVX2).
    pub fn with_lanes(
        lanes: usize,
        width: usize,
        n_pieces: usize,
        n_in: usize,
        w: &[f32],
        b: &[f32],
    ) -> Option<Self> {
        if n_pieces != 3
            || !(lanes == 16 || lanes == 8)
            || !width.is_multiple_of(lanes)
            || width == 0
            || width > MAX_WIDTH
            || n_in != 3 * width
        {
            return None;
        }
        let blocks = width / lanes;
        let mut pw = Vec::with_capacity(blocks * n_in * 3 * lanes);
        for ub in 0..blocks {
            for k in 0..n_in {
                for p in 0..3 {
                    for j in 0..lanes {
                        pw.push(w[(p * width + ub * lanes + j) * n_in + k]);
                    }
                }
            }
        }
        let mut pb = Vec::with_capacity(blocks * 3 * lanes);
        for ub in 0..blocks {
            for p in 0..3 {
                let at = p * width + ub * lanes;
                pb.extend_from_slice(&b[at..at + lanes]);
            }
        }
        Some(PackedMaxout {
            lanes,
            width,
            n_in,
            w: pw,
            b: pb,
        })
    }

    /// For each row `r` of `rows`: `out[r] = inp[r] + LN(maxout([inp[r-1],
    /// inp[r], inp[r+1]]·Wᵀ + b))` over row-major `width`-wide buffers, with
    /// LayerNorm gain `g` and bias `beta`.
    pub fn forward_rows(
        &self,
        g: &[f32],
        beta: &[f32],
        inp: &[f32],
        out: &mut [f32],
        rows: &[u32],
    ) {
        if self.lanes == 8 {
            return self.forward_rows_avx2(g, beta, inp, out, rows);
        }
        assert!(avx512(), "AVX-512 kernel called without AVX-512");
        let w = self.width;
        if rows.is_empty() {
            return;
        }
        assert!(g.len() >= w && beta.len() >= w);
        // Every window must lie inside `inp`, every output row inside `out`.
        let lo = rows.iter().copied().min().unwrap_or(0) as usize;
        let hi = rows.iter().copied().max().unwrap_or(0) as usize;
        assert!(lo >= 1 && (hi + 2) * w <= inp.len() && (hi + 1) * w <= out.len());
        let (x, y) = (inp.as_ptr(), out.as_mut_ptr());
        let mut chunks = rows.chunks_exact(MAXOUT_MR);
        // SAFETY: AVX-512F is present and every row's window and output are
        // in bounds (both asserted above).
        unsafe {
            for c in &mut chunks {
                self.tile::<MAXOUT_MR>(g, beta, x, y, c);
            }
            let rest = chunks.remainder();
            match rest.len() {
                0 => {}
                1 => self.tile::<1>(g, beta, x, y, rest),
                2 => self.tile::<2>(g, beta, x, y, rest),
                3 => self.tile::<3>(g, beta, x, y, rest),
                4 => self.tile::<4>(g, beta, x, y, rest),
                5 => self.tile::<5>(g, beta, x, y, rest),
                6 => self.tile::<6>(g, beta, x, y, rest),
                _ => self.tile::<7>(g, beta, x, y, rest),
            }
        }
    }

    /// The fused layer for `MR` rows.
    ///
    /// # Safety
    /// AVX-512F must be available; `rows.len() == MR`; for every row `r`,
    /// `x[(r-1)·w .. (r+2)·w]` and `y[r·w .. (r+1)·w]` must be in bounds.
    #[cfg(target_arch = "x86_64")]
    #[target_feature(enable = "avx512f")]
    unsafe fn tile<const MR: usize>(
        &self,
        g: &[f32],
        beta: &[f32],
        x: *const f32,
        y: *mut f32,
        rows: &[u32],
    ) {
        let (w, k) = (self.width, self.n_in);
        let mut a = [x; MR];
        for (a, &r) in a.iter_mut().zip(rows) {
            *a = x.add((r as usize - 1) * w);
        }
        let mut h = [[0.0f32; MAX_WIDTH]; MR];
        for ub in 0..w / 16 {
            let mut acc = [[_mm512_setzero_ps(); 3]; MR];
            let mut wp = self.w.as_ptr().add(ub * k * 48);
            for t in 0..k {
                let w0 = _mm512_loadu_ps(wp);
                let w1 = _mm512_loadu_ps(wp.add(16));
                let w2 = _mm512_loadu_ps(wp.add(32));
                for (acc, a) in acc.iter_mut().zip(&a) {
                    let v = _mm512_set1_ps(*a.add(t));
                    acc[0] = _mm512_fmadd_ps(v, w0, acc[0]);
                    acc[1] = _mm512_fmadd_ps(v, w1, acc[1]);
                    acc[2] = _mm512_fmadd_ps(v, w2, acc[2]);
                }
                wp = wp.add(48);
            }
            let bp = self.b.as_ptr().add(ub * 48);
            let (b0, b1, b2) = (
                _mm512_loadu_ps(bp),
                _mm512_loadu_ps(bp.add(16)),
                _mm512_loadu_ps(bp.add(32)),
            );
            for (acc, h) in acc.iter().zip(h.iter_mut()) {
                // Bias on each piece, then the max over pieces (ties pick
                // equal values, so the order does not matter).
                let m = _mm512_max_ps(_mm512_add_ps(acc[0], b0), _mm512_add_ps(acc[1], b1));
                let m = _mm512_max_ps(m, _mm512_add_ps(acc[2], b2));
                _mm512_storeu_ps(h.as_mut_ptr().add(ub * 16), m);
            }
        }
        for (h, &r) in h.iter_mut().zip(rows) {
            let h = &mut h[..w];
            super::nn::layer_norm(h, g, beta);
            let (res, out) = (x.add(r as usize * w), y.add(r as usize * w));
            for (j, &d) in h.iter().enumerate() {
                *out.add(j) = *res.add(j) + d;
            }
        }
    }

    #[cfg(not(target_arch = "x86_64"))]
    unsafe fn tile<const MR: usize>(
        &self,
        _g: &[f32],
        _beta: &[f32],
        _x: *const f32,
        _y: *mut f32,
        _rows: &[u32],
    ) {
        unreachable!("AVX-512 kernel on a non-x86 target")
    }

    /// [`PackedMaxout::forward_rows`] on the AVX2 kernel (3 rows × 3 pieces
    /// of 8 units in 9 of the 16 registers).
    fn forward_rows_avx2(
        &self,
        g: &[f32],
        beta: &[f32],
        inp: &[f32],
        out: &mut [f32],
        rows: &[u32],
    ) {
        assert!(avx2(), "AVX2 kernel called without AVX2 and FMA");
        let w = self.width;
        if rows.is_empty() {
            return;
        }
        assert!(g.len() >= w && beta.len() >= w);
        let lo = rows.iter().copied().min().unwrap_or(0) as usize;
        let hi = rows.iter().copied().max().unwrap_or(0) as usize;
        assert!(lo >= 1 && (hi + 2) * w <= inp.len() && (hi + 1) * w <= out.len());
        let (x, y) = (inp.as_ptr(), out.as_mut_ptr());
        let mut chunks = rows.chunks_exact(AVX2_MR);
        // SAFETY: AVX2 and FMA are present and every row's window and output
        // are in bounds (both asserted above).
        unsafe {
            for c in &mut chunks {
                self.tile_avx2::<AVX2_MR>(g, beta, x, y, c);
            }
            let rest = chunks.remainder();
            match rest.len() {
                0 => {}
                1 => self.tile_avx2::<1>(g, beta, x, y, rest),
                _ => self.tile_avx2::<2>(g, beta, x, y, rest),
            }
        }
    }

    /// The fused layer for `MR` rows on 8-lane registers.
    ///
    /// # Safety
    /// AVX2 and FMA must be available; `rows.len() == MR`; for every row
    /// `r`, `x[(r-1)·w .. (r+2)·w]` and `y[r·w .. (r+1)·w]` must be in bounds.
    #[cfg(target_arch = "x86_64")]
    #[target_feature(enable = "avx2,fma")]
    unsafe fn tile_avx2<const MR: usize>(
        &self,
        g: &[f32],
        beta: &[f32],
        x: *const f32,
        y: *mut f32,
        rows: &[u32],
    ) {
        let (w, k) = (self.width, self.n_in);
        let mut a = [x; MR];
        for (a, &r) in a.iter_mut().zip(rows) {
            *a = x.add((r as usize - 1) * w);
        }
        let mut h = [[0.0f32; MAX_WIDTH]; MR];
        for ub in 0..w / 8 {
            let mut acc = [[_mm256_setzero_ps(); 3]; MR];
            let mut wp = self.w.as_ptr().add(ub * k * 24);
            for t in 0..k {
                let w0 = _mm256_loadu_ps(wp);
                let w1 = _mm256_loadu_ps(wp.add(8));
                let w2 = _mm256_loadu_ps(wp.add(16));
                for (acc, a) in acc.iter_mut().zip(&a) {
                    let v = _mm256_broadcast_ss(&*a.add(t));
                    acc[0] = _mm256_fmadd_ps(v, w0, acc[0]);
                    acc[1] = _mm256_fmadd_ps(v, w1, acc[1]);
                    acc[2] = _mm256_fmadd_ps(v, w2, acc[2]);
                }
                wp = wp.add(24);
            }
            let bp = self.b.as_ptr().add(ub * 24);
            let (b0, b1, b2) = (
                _mm256_loadu_ps(bp),
                _mm256_loadu_ps(bp.add(8)),
                _mm256_loadu_ps(bp.add(16)),
            );
            for (acc, h) in acc.iter().zip(h.iter_mut()) {
                let m = _mm256_max_ps(_mm256_add_ps(acc[0], b0), _mm256_add_ps(acc[1], b1));
                let m = _mm256_max_ps(m, _mm256_add_ps(acc[2], b2));
                _mm256_storeu_ps(h.as_mut_ptr().add(ub * 8), m);
            }
        }
        for (h, &r) in h.iter_mut().zip(rows) {
            let h = &mut h[..w];
            super::nn::layer_norm(h, g, beta);
            let (res, out) = (x.add(r as usize * w), y.add(r as usize * w));
            for (j, &d) in h.iter().enumerate() {
                *out.add(j) = *res.add(j) + d;
            }
        }
    }

    #[cfg(not(target_arch = "x86_64"))]
    unsafe fn tile_avx2<const MR: usize>(
        &self,
        _g: &[f32],
        _beta: &[f32],
        _x: *const f32,
        _y: *mut f32,
        _rows: &[u32],
    ) {
        unreachable!("AVX2 kernel on a non-x86 target")
    }
}

/// Most feature slots [`score2`] sums.
pub const MAX_FEATS: usize = 8;

/// A transition network's hidden and output layers for one state, for
/// hidden vectors of `16·U` pre-activations in two pieces (piece-major:
/// `u[0..8U]` is piece 0) and `16·C` (padded) classes: `u = Σ_f rows[f]`
/// (slot order, from zero), `h = max(u₀ + b₀, u₁ + b₁)`, `scores = h·Wᵀ + b`
/// with `wt` the transposed, padded output weights. All in registers.
///
/// # Safety
/// AVX-512F must be available; every `rows[f]` (`f < n_feats ≤
/// MAX_FEATS`) must point at `16·U` floats, `lower_b` at `16·U`, `wt` at
/// `8U·16C`, `upper_b` and `out` at `16·C`.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx512f")]
pub unsafe fn score2<const U: usize, const C: usize>(
    rows: &[*const f32; MAX_FEATS],
    n_feats: usize,
    lower_b: *const f32,
    wt: *const f32,
    upper_b: *const f32,
    out: *mut f32,
) {
    let mut u = [_mm512_setzero_ps(); U];
    for &r in &rows[..n_feats] {
        for (j, u) in u.iter_mut().enumerate() {
            *u = _mm512_add_ps(*u, _mm512_loadu_ps(r.add(16 * j)));
        }
    }
    let half = U / 2;
    let mut h = [0.0f32; 256];
    for j in 0..half {
        let a = _mm512_add_ps(u[j], _mm512_loadu_ps(lower_b.add(16 * j)));
        let b = _mm512_add_ps(u[half + j], _mm512_loadu_ps(lower_b.add(16 * (half + j))));
        // Equal pieces give the same value, so either may win a tie.
        _mm512_storeu_ps(h.as_mut_ptr().add(16 * j), _mm512_max_ps(a, b));
    }
    let mut acc = [_mm512_setzero_ps(); C];
    for (o, &x) in h[..16 * half].iter().enumerate() {
        let x = _mm512_set1_ps(x);
        let w = wt.add(o * 16 * C);
        for (c, acc) in acc.iter_mut().enumerate() {
            *acc = _mm512_fmadd_ps(x, _mm512_loadu_ps(w.add(16 * c)), *acc);
        }
    }
    for (c, acc) in acc.iter().enumerate() {
        _mm512_storeu_ps(
            out.add(16 * c),
            _mm512_add_ps(*acc, _mm512_loadu_ps(upper_b.add(16 * c))),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::nn::{matmul_t, MaxoutNorm, WindowScratch};

    use crate::model::nn::test_util::noise;

    #[test]
    fn packed_linear_matches_gemm() {
        if !avx512() {
            return;
        }
        // Row counts around the tile height, widths around the panel width.
        for (m, k, n) in [
            (1, 3, 1),
            (13, 7, 50),
            (12, 96, 64),
            (25, 64, 33),
            (40, 5, 96),
        ] {
            let x = noise(m * k, 1);
            let w = noise(n * k, 2);
            let b = noise(n, 3);
            let mut want = vec![0.0; m * n];
            matmul_t(&x, &w, &mut want, m, k, n);
            for (i, v) in want.iter_mut().enumerate() {
                *v += b[i % n];
            }
            let got = PackedLinear::new(n, k, &w, Some(&b)).forward_vec(&x, m);
            assert_eq!(got.len(), m * n);
            for (g, w) in got.iter().zip(&want) {
                assert!((g - w).abs() < 1e-4, "{m}x{k}x{n}: {g} vs {w}");
            }
        }
    }

    #[test]
    fn fused_window_layer_matches_portable() {
        for w in [16, 32, 96] {
            let layer = MaxoutNorm::from_thinc(
                w,
                3,
                3 * w,
                &noise(w * 3 * 3 * w, 4),
                &noise(w * 3, 5),
                noise(w, 6),
                noise(w, 7),
            );
            let rows = 23;
            let inp = noise(rows * w, 8);
            // Every tile height, and rows out of order.
            let list: Vec<u32> = (1..rows as u32 - 1).rev().collect();
            for n in [list.len(), 9, 7, 5, 1] {
                let sel = &list[..n];
                let mut want = vec![-1.0; rows * w];
                let mut got = vec![-1.0; rows * w];
                let mut scratch = WindowScratch::default();
                layer.window_rows(&inp, &mut want, sel, &mut scratch, false);
                if avx512() {
                    layer.window_rows(&inp, &mut got, sel, &mut scratch, true);
                    for (i, (g, w)) in got.iter().zip(&want).enumerate() {
                        assert!((g - w).abs() < 1e-4, "w {w} row {}: {g} vs {w}", i / 16);
                    }
                }
                if avx2() {
                    let mut got = vec![-1.0; rows * w];
                    let pack =
                        PackedMaxout::with_lanes(8, w, 3, 3 * w, &layer.w, &layer.b).unwrap();
                    pack.forward_rows(&layer.g, &layer.beta, &inp, &mut got, sel);
                    for (i, (g, w)) in got.iter().zip(&want).enumerate() {
                        assert!(
                            (g - w).abs() < 1e-4,
                            "avx2 w {w} row {}: {g} vs {w}",
                            i / 16
                        );
                    }
                }
            }
        }
    }
}
