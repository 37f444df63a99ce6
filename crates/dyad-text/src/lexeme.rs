//! Lexical attributes: NORM, PREFIX, SUFFIX, SHAPE, and spaCy string ids
//! (a small symbol id for the 457 symbol names, MurmurHash64A otherwise).
//!
//! NORM exceptions live in dyad's own file `lexeme_norms.tsv` in the model
//! directory, written by [`Lexicon::convert_spacy`] from spaCy's
//! `vocab/lookups.bin`. Format: `#` starts a comment line; every other line
//! is `KIND<TAB>KEY<TAB>NORM`, where KIND is `id` (KEY = the spaCy string id,
//! a decimal u64, of the exact-case token text; spaCy's table only keeps the
//! ids) or `text` (KEY = the exact-case token text itself, for entries added
//! by hand).

use std::collections::HashMap;
use std::path::Path;
use std::sync::OnceLock;

use crate::error::TextError;
use crate::tokenizer::unicode;

/// Python `str` predicates (`isalpha`, `isdigit`, `isspace` on a whole
/// string; `lower`), with CPython's exact Unicode semantics.
pub use crate::tokenizer::unicode::{is_alpha, is_digit, lower};

/// spaCy's symbol table, one name per line after the `#` header; line index = id.
const SYMBOLS: &str = include_str!("../data/symbols.txt");

/// A fast non-cryptographic hasher (rustc's FxHash) for lookups in fixed
/// tables; SipHash's DoS resistance buys nothing there and costs a lot per token.
#[derive(Default, Clone, Copy)]
pub(crate) struct FxHasher(u64);

impl std::hash::Hasher for FxHasher {
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let mut w = [0u8; 8];
            w.copy_from_slice(c);
            self.write_u64(u64::from_le_bytes(w));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut w = [0u8; 8];
            w[..rest.len()].copy_from_slice(rest);
            self.write_u64(u64::from_le_bytes(w) ^ ((rest.len() as u64) << 56));
        }
    }

    #[inline]
    fn write_u8(&mut self, i: u8) {
        self.write_u64(i as u64);
    }

    #[inline]
    fn write_usize(&mut self, i: usize) {
        self.write_u64(i as u64);
    }

    #[inline]
    fn write_u64(&mut self, i: u64) {
        self.0 = (self.0.rotate_left(5) ^ i).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }

    #[inline]
    fn finish(&self) -> u64 {
        self.0
    }
}

/// `HashMap` with [`FxHasher`].
pub(crate) type FxHashMap<K, V> = HashMap<K, V, std::hash::BuildHasherDefault<FxHasher>>;

fn symbols() -> &'static FxHashMap<&'static str, u64> {
    static TABLE: OnceLock<FxHashMap<&'static str, u64>> = OnceLock::new();
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

/// Name of dyad's NORM exception file inside a model directory.
pub const NORMS_FILE: &str = "lexeme_norms.tsv";

/// spaCy's built-in `BASE_NORMS` (`spacy/lang/norm_exceptions.py`), consulted
/// after the model's table and before lowercasing.
const BASE_NORMS: &[(&str, &str)] = &[
    ("'s", "'s"),
    ("'S", "'s"),
    ("\u{2019}s", "'s"),
    ("\u{2019}S", "'s"),
    ("\u{2019}", "'"),
    ("\u{2018}", "'"),
    ("\u{b4}", "'"),
    ("`", "'"),
    ("\u{201d}", "\""),
    ("\u{201c}", "\""),
    ("''", "\""),
    ("``", "\""),
    ("\u{b4}\u{b4}", "\""),
    ("\u{201e}", "\""),
    ("\u{bb}", "\""),
    ("\u{ab}", "\""),
    ("\u{2018}\u{2018}", "\""),
    ("\u{2019}\u{2019}", "\""),
    ("\u{ff1f}", "?"),
    ("\u{ff01}", "!"),
    ("\u{ff0c}", ","),
    ("\u{ff1b}", ";"),
    ("\u{ff1a}", ":"),
    ("\u{3002}", "."),
    ("\u{964}", "."),
    ("\u{2026}", "..."),
    ("\u{2014}", "-"),
    ("\u{2013}", "-"),
    ("--", "-"),
    ("---", "-"),
    ("\u{2014}\u{2014}", "-"),
    ("\u{20ac}", "$"),
    ("\u{a3}", "$"),
    ("\u{a5}", "$"),
    ("\u{e3f}", "$"),
    ("US$", "$"),
    ("C$", "$"),
    ("A$", "$"),
    ("\u{20ba}", "$"),
    ("\u{20b9}", "$"),
    ("\u{9f3}", "$"),
    ("\u{20a9}", "$"),
    ("Mex$", "$"),
    ("\u{20a3}", "$"),
    ("E\u{a3}", "$"),
];

fn base_norm(text: &str) -> Option<&'static str> {
    BASE_NORMS.iter().find(|(k, _)| *k == text).map(|(_, v)| *v)
}

/// NORM exceptions, and the lexical features the networks embed.
#[derive(Debug, Clone, Default)]
pub struct Lexicon {
    /// NORM by spaCy string id of the exact-case text.
    norms: FxHashMap<u64, String>,
}

impl Lexicon {
    /// Read `vocab/lookups.bin` (`lexeme_norm`) from `spacy_model_dir`, write
    /// dyad's `lexeme_norms.tsv` into `out_dir`.
    pub fn convert_spacy(spacy_model_dir: &Path, out_dir: &Path) -> Result<(), TextError> {
        let path = spacy_model_dir.join("vocab").join("lookups.bin");
        let bytes = std::fs::read(&path).map_err(|e| TextError::io(&path, e))?;
        let bad = |msg: String| TextError::format(&path, msg);
        let root = rmpv::decode::read_value(&mut &bytes[..])
            .map_err(|e| bad(format!("not msgpack: {e}")))?;
        let table = root
            .as_map()
            .and_then(|m| m.iter().find(|(k, _)| k.as_str() == Some("lexeme_norm")))
            .and_then(|(_, v)| v.as_map())
            .ok_or_else(|| bad("no `lexeme_norm` table".into()))?;
        let mut rows: Vec<(u64, &str)> = Vec::with_capacity(table.len());
        for (k, v) in table {
            let id = k
                .as_u64()
                .ok_or_else(|| bad(format!("`lexeme_norm` key {k} is not a u64")))?;
            let norm = v
                .as_str()
                .ok_or_else(|| bad(format!("`lexeme_norm` value for {id} is not a string")))?;
            if norm.contains(['\t', '\n', '\r']) {
                return Err(bad(format!(
                    "`lexeme_norm` value for {id} contains a tab or newline"
                )));
            }
            rows.push((id, norm));
        }
        rows.sort_unstable();
        let mut out = String::with_capacity(rows.len() * 32);
        out.push_str("# dyad NORM exceptions, converted from spaCy en_core_web_sm 3.8.0 (vocab/lookups.bin).\n");
        out.push_str("# KIND<TAB>KEY<TAB>NORM. KIND `id`: KEY is the spaCy string id of the exact-case text;\n");
        out.push_str(
            "# KIND `text`: KEY is the exact-case text. Lines starting with # are comments.\n",
        );
        for (id, norm) in rows {
            out.push_str(&format!("id\t{id}\t{norm}\n"));
        }
        std::fs::create_dir_all(out_dir).map_err(|e| TextError::io(out_dir, e))?;
        let dest = out_dir.join(NORMS_FILE);
        std::fs::write(&dest, out).map_err(|e| TextError::io(&dest, e))
    }

    /// Load `lexeme_norms.tsv` from a dyad model directory.
    pub fn load(model_dir: &Path) -> Result<Lexicon, TextError> {
        let path = model_dir.join(NORMS_FILE);
        if !path.exists() {
            return Err(TextError::ModelMissing {
                path: model_dir.to_path_buf(),
            });
        }
        let text = std::fs::read_to_string(&path).map_err(|e| TextError::io(&path, e))?;
        Lexicon::parse(&text).map_err(|msg| TextError::format(&path, msg))
    }

    /// Parse the `lexeme_norms.tsv` format; errors name the line.
    pub fn parse(text: &str) -> Result<Lexicon, String> {
        let mut norms = FxHashMap::default();
        for (i, line) in text.lines().enumerate() {
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let mut cols = line.splitn(3, '\t');
            let (Some(kind), Some(key), Some(norm)) = (cols.next(), cols.next(), cols.next())
            else {
                return Err(format!("line {}: expected KIND<TAB>KEY<TAB>NORM", i + 1));
            };
            let id = match kind {
                "id" => key
                    .parse::<u64>()
                    .map_err(|_| format!("line {}: `{key}` is not a u64 string id", i + 1))?,
                "text" => string_id(key),
                _ => {
                    return Err(format!(
                        "line {}: KIND must be `id` or `text`, not `{kind}`",
                        i + 1
                    ))
                }
            };
            norms.insert(id, norm.to_string());
        }
        Ok(Lexicon { norms })
    }

    /// Number of NORM exceptions.
    pub fn len(&self) -> usize {
        self.norms.len()
    }

    /// True when there are no NORM exceptions.
    pub fn is_empty(&self) -> bool {
        self.norms.is_empty()
    }

    /// spaCy's NORM: the special-case norm if given, else the model's table
    /// (exact case), else `BASE_NORMS`, else Python `str.lower()`.
    pub fn norm(&self, text: &str, special_norm: Option<&str>) -> String {
        if let Some(n) = special_norm {
            return n.to_string();
        }
        if let Some(n) = self.norms.get(&string_id(text)) {
            return n.clone();
        }
        if let Some(n) = base_norm(text) {
            return n.to_string();
        }
        unicode::lower(text)
    }

    /// `[NORM, PREFIX, SUFFIX, SHAPE]` string ids, SPACY (0/1), IS_SPACE (0/1):
    /// exactly spaCy's `doc.to_array([...])` for one token.
    pub fn features(&self, text: &str, norm: &str, space_after: bool) -> [u64; 6] {
        [
            string_id(norm),
            string_id(prefix(text)),
            string_id(suffix(text)),
            string_id(&shape(text)),
            space_after as u64,
            unicode::is_space(text) as u64,
        ]
    }
}

/// spaCy's PREFIX: the first character (empty for empty text).
pub fn prefix(text: &str) -> &str {
    text.chars().next().map_or("", |c| &text[..c.len_utf8()])
}

/// spaCy's SUFFIX: the last three characters (all of a shorter text).
pub fn suffix(text: &str) -> &str {
    match text.char_indices().rev().nth(2) {
        Some((i, _)) => &text[i..],
        None => text,
    }
}

/// spaCy's SHAPE: letters to `X`/`x`, digits to `d`, other characters kept,
/// runs of one mapped character cut after four; `LONG` from 100 characters.
pub fn shape(text: &str) -> String {
    if text.chars().nth(99).is_some() {
        return "LONG".to_string();
    }
    let mut out = String::with_capacity(text.len());
    let mut last = '\0';
    let mut run = 0;
    for c in text.chars() {
        let m = if unicode::is_alpha_char(c) {
            if unicode::is_upper_char(c) {
                'X'
            } else {
                'x'
            }
        } else if unicode::is_digit_char(c) {
            'd'
        } else {
            c
        };
        if m == last {
            run += 1;
        } else {
            run = 0;
            last = m;
        }
        if run < 4 {
            out.push(m);
        }
    }
    out
}

/// Python `str.isspace()`.
pub fn is_space(text: &str) -> bool {
    unicode::is_space(text)
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

    #[test]
    fn shapes_like_spacy() {
        assert_eq!(shape("Canadian"), "Xxxxx");
        assert_eq!(shape("12.50"), "dd.dd");
        assert_eq!(shape("NATO"), "XXXX");
        assert_eq!(shape("U.S."), "X.X.");
        assert_eq!(shape("aaaaabbbb"), "xxxx");
        assert_eq!(shape("km²"), "xxd");
        assert_eq!(shape("Ünal"), "Xxxx");
        assert_eq!(shape(&"a".repeat(100)), "LONG");
        assert_eq!(shape(&"a".repeat(99)), "xxxx");
    }

    #[test]
    fn affixes_by_code_point() {
        assert_eq!(prefix("Érdogan"), "É");
        assert_eq!(suffix("Erdoğan"), "ğan");
        assert_eq!(suffix("ab"), "ab");
        assert_eq!(prefix(""), "");
    }

    #[test]
    fn norm_priority() {
        let lex = Lexicon::parse("# c\ntext\tcos\tbecause\nid\t5983625672228268878\thi\n").unwrap();
        assert_eq!(lex.len(), 2);
        assert_eq!(lex.norm("cos", None), "because");
        assert_eq!(lex.norm("hello", None), "hi");
        assert_eq!(lex.norm("cos", Some("x")), "x");
        assert_eq!(lex.norm("\u{2019}s", None), "'s");
        assert_eq!(lex.norm("\u{20ac}", None), "$");
        assert_eq!(lex.norm("ΣΑΣ", None), "σας");
        assert!(Lexicon::parse("bad line").is_err());
        assert!(Lexicon::parse("id\tnotanumber\tx").is_err());
    }

    #[test]
    fn features_use_symbol_ids() {
        let lex = Lexicon::default();
        let f = lex.features("X", "x", true);
        assert_eq!(f[1], 101);
        assert_eq!(f[3], 101);
        assert_eq!(f[4], 1);
        assert_eq!(lex.features("\n", "\n", false)[5], 1);
    }
}
