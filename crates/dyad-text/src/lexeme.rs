//! Lexical attributes: NORM, PREFIX, SUFFIX, SHAPE, and spaCy string ids
//! (a small symbol id for the 457 symbol names, MurmurHash64A otherwise).

use std::collections::HashMap;
use std::sync::OnceLock;

/// spaCy's symbol table, one name per line after the `#` header; line index = id.
const SYMBOLS: &str = include_str!("../data/symbols.txt");

fn symbols() -> &'static HashMap<&'static str, u64> {
    static TABLE: OnceLock<HashMap<&'static str, u64>> = OnceLock::new();
    TABLE.get_or_init(|| {
        SYMBOLS
            .lines()
            .filter(|l| !l.starts_with('#'))
            .enumerate()
            .map(|(i, l)| (if l == "<EMPTY>" { "" } else { l }, i as u64))
            .collect()
    })
}

/// spaCy's 64-bit id of a string: 0 for "", the symbol id for a symbol name,
/// else MurmurHash64A of the UTF-8 bytes with seed 1.
pub fn string_id(s: &str) -> u64 {
    if let Some(&id) = symbols().get(s) {
        return id;
    }
    murmurhash64a(s.as_bytes(), 1)
}

/// Austin Appleby's MurmurHash64A (64-bit platforms).
pub fn murmurhash64a(data: &[u8], seed: u64) -> u64 {
    const M: u64 = 0xc6a4_a793_5bd1_e995;
    const R: u32 = 47;
    let mut h = seed ^ (data.len() as u64).wrapping_mul(M);
    let mut chunks = data.chunks_exact(8);
    for c in &mut chunks {
        let mut k = u64::from_le_bytes(c.try_into().expect("8-byte chunk"));
        k = k.wrapping_mul(M);
        k ^= k >> R;
        k = k.wrapping_mul(M);
        h ^= k;
        h = h.wrapping_mul(M);
    }
    let tail = chunks.remainder();
    if !tail.is_empty() {
        for (j, &b) in tail.iter().enumerate().rev() {
            h ^= (b as u64) << (8 * j);
        }
        h = h.wrapping_mul(M);
    }
    h ^= h >> R;
    h = h.wrapping_mul(M);
    h ^= h >> R;
    h
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_match_spacy() {
        assert_eq!(string_id("hello"), 5983625672228268878);
        assert_eq!(string_id(""), 0);
        assert_eq!(string_id("X"), 101);
        assert_eq!(string_id("punct"), 445);
        assert_eq!(symbols().len(), 457);
    }
}
