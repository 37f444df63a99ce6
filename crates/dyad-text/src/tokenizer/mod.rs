//! Tokenizer: spaCy-compatible rule tokenizer (prefix/suffix/infix, special
//! cases, URL match), reproducing en_core_web_sm 3.8's tokenizer exactly.
//!
//! The rules live in dyad's own data file, `tokenizer.json` in the model
//! directory, written once from spaCy's `tokenizer` file by
//! [`Tokenizer::convert_spacy`]. Its fields:
//!
//! - `format`: `"dyad-tokenizer 1"`.
//! - `prefixes`, `suffixes`, `infixes`: lists of regex alternatives in Rust
//!   `regex` syntax plus look-arounds (`(?=…)`, `(?!…)`, `(?<=…)`, `(?<!…)`);
//!   `\w` has Python's meaning (`str.isalnum()` or `_`). Prefixes are tried
//!   in list order (the first that matches at the start wins); the longest
//!   suffix that some alternative matches wins; infixes split the middle.
//! - `url`: one pattern; a whole remaining token that matches stays one token.
//! - `special_cases`: `{text, tokens: [{orth, norm?}]}`; the `orth`s must
//!   concatenate to `text`. A whitespace-delimited chunk (or what remains of
//!   it after affixes) equal to `text` becomes exactly these tokens, and a
//!   `norm` overrides the token's NORM.
//!
//! Edit the file to change the rules; `load` checks it and names the field
//! at fault.

mod matchers;
mod pattern;
pub mod unicode;

use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::error::TextError;
use crate::lexeme::FxHashMap;
use matchers::{InfixMatcher, PrefixMatcher, SuffixMatcher, UrlMatcher};

/// Name of dyad's tokenizer data file inside a model directory.
pub const TOKENIZER_FILE: &str = "tokenizer.json";
const FORMAT: &str = "dyad-tokenizer 1";

/// One token: byte offsets into the text given to [`Tokenizer::tokenize`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawToken {
    /// Byte offset of the first byte.
    pub start: usize,
    /// Byte offset one past the last byte (before any absorbed space).
    pub end: usize,
    /// One U+0020 follows and was absorbed into this token (spaCy's `whitespace_`).
    pub space_after: bool,
    /// NORM set by a special case (e.g. `n't` → `not`), overriding the lexicon.
    pub norm: Option<String>,
}

/// The tokenizer data file.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct TokenizerFile {
    format: String,
    #[serde(default)]
    about: String,
    prefixes: Vec<String>,
    suffixes: Vec<String>,
    infixes: Vec<String>,
    url: Option<String>,
    special_cases: Vec<SpecialCaseEntry>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct SpecialCaseEntry {
    text: String,
    tokens: Vec<SpecialTokenEntry>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct SpecialTokenEntry {
    orth: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    norm: Option<String>,
}

/// A special-case token: its byte length and optional NORM.
#[derive(Debug, Clone)]
struct SpecialToken {
    len: usize,
    norm: Option<String>,
}

/// spaCy's rule-based tokenizer.
pub struct Tokenizer {
    prefix: PrefixMatcher,
    suffix: SuffixMatcher,
    infix: InfixMatcher,
    url: Option<UrlMatcher>,
    specials: FxHashMap<String, Vec<SpecialToken>>,
    /// Longest special-case key in bytes; longer strings skip the lookup
    /// (keeps pathological inputs linear).
    max_special_len: usize,
    /// Special cases that whitespace/affix splitting can break apart, as the
    /// token texts they split into; matched after tokenizing (spaCy's
    /// `faster_heuristics` phrase matcher). Keyed by the first token's text.
    phrase_first: FxHashMap<String, Vec<usize>>,
    phrases: Vec<Vec<String>>,
}

impl Tokenizer {
    /// Read spaCy's `tokenizer` file from `spacy_model_dir`, write dyad's own
    /// `tokenizer.json` into `out_dir`.
    pub fn convert_spacy(spacy_model_dir: &Path, out_dir: &Path) -> Result<(), TextError> {
        let path = spacy_model_dir.join("tokenizer");
        let bytes = std::fs::read(&path).map_err(|e| TextError::io(&path, e))?;
        let bad = |msg: String| TextError::format(&path, msg);
        let root = rmpv::decode::read_value(&mut &bytes[..])
            .map_err(|e| bad(format!("not msgpack: {e}")))?;
        let map = root
            .as_map()
            .ok_or_else(|| bad("top level is not a map".into()))?;
        let field = |name: &str| {
            map.iter()
                .find(|(k, _)| k.as_str() == Some(name))
                .map(|(_, v)| v)
        };
        let pattern = |name: &str| -> Result<Option<String>, TextError> {
            match field(name) {
                None | Some(rmpv::Value::Nil) => Ok(None),
                Some(v) => v
                    .as_str()
                    .map(|s| Some(s.to_string()))
                    .ok_or_else(|| bad(format!("`{name}` is not a string"))),
            }
        };
        let alternatives = |name: &str| -> Result<Vec<String>, TextError> {
            let Some(src) = pattern(name)? else {
                return Ok(Vec::new());
            };
            let node = pattern::parse(&src).map_err(|e| bad(format!("`{name}`: {e}")))?;
            Ok(node
                .alternatives()
                .iter()
                .map(|a| a.to_file_syntax())
                .collect())
        };
        if pattern("token_match")?.is_some() {
            return Err(bad(
                "`token_match` is set; dyad supports only models without it".into(),
            ));
        }
        let url = match pattern("url_match")? {
            Some(src) => Some(
                pattern::parse(&src)
                    .map_err(|e| bad(format!("`url_match`: {e}")))?
                    .to_file_syntax(),
            ),
            None => None,
        };
        let exceptions = field("exceptions")
            .and_then(|v| v.as_map())
            .ok_or_else(|| bad("no `exceptions` map".into()))?;
        let mut special_cases = Vec::with_capacity(exceptions.len());
        for (k, v) in exceptions {
            let text = k
                .as_str()
                .ok_or_else(|| bad("an exception key is not a string".into()))?;
            let toks = v
                .as_array()
                .ok_or_else(|| bad(format!("exception {text:?} is not a list")))?;
            let mut tokens = Vec::new();
            for t in toks {
                let attrs = t
                    .as_map()
                    .ok_or_else(|| bad(format!("exception {text:?}: token is not a map")))?;
                let mut orth = None;
                let mut norm = None;
                for (ak, av) in attrs {
                    // spaCy attribute ids: 65 = ORTH, 67 = NORM.
                    match ak.as_u64() {
                        Some(65) => orth = av.as_str().map(str::to_string),
                        Some(67) => norm = av.as_str().map(str::to_string),
                        _ => {
                            return Err(bad(format!(
                                "exception {text:?}: unsupported attribute {ak}"
                            )))
                        }
                    }
                }
                let orth =
                    orth.ok_or_else(|| bad(format!("exception {text:?}: token without ORTH")))?;
                tokens.push(SpecialTokenEntry { orth, norm });
            }
            special_cases.push(SpecialCaseEntry {
                text: text.to_string(),
                tokens,
            });
        }
        special_cases.sort_by(|a, b| a.text.cmp(&b.text));
        let file = TokenizerFile {
            format: FORMAT.to_string(),
            about: "dyad tokenizer rules, converted from spaCy en_core_web_sm 3.8.0; see dyad_text::tokenizer docs for the format".into(),
            prefixes: alternatives("prefix_search")?,
            suffixes: alternatives("suffix_search")?,
            infixes: alternatives("infix_finditer")?,
            url,
            special_cases,
        };
        // Check that the result loads before writing it.
        Tokenizer::from_file(file.clone(), &out_dir.join(TOKENIZER_FILE))?;
        std::fs::create_dir_all(out_dir).map_err(|e| TextError::io(out_dir, e))?;
        let out = out_dir.join(TOKENIZER_FILE);
        let json = serde_json::to_string_pretty(&file)
            .map_err(|e| TextError::format(&out, e.to_string()))?;
        std::fs::write(&out, json).map_err(|e| TextError::io(&out, e))
    }

    /// Load `tokenizer.json` from a dyad model directory.
    pub fn load(model_dir: &Path) -> Result<Tokenizer, TextError> {
        let path = model_dir.join(TOKENIZER_FILE);
        if !path.exists() {
            return Err(TextError::ModelMissing {
                path: model_dir.to_path_buf(),
            });
        }
        let text = std::fs::read_to_string(&path).map_err(|e| TextError::io(&path, e))?;
        let file: TokenizerFile =
            serde_json::from_str(&text).map_err(|e| TextError::format(&path, e.to_string()))?;
        Tokenizer::from_file(file, &path)
    }

    fn from_file(file: TokenizerFile, path: &Path) -> Result<Tokenizer, TextError> {
        let bad = |msg: String| TextError::format(path, msg);
        if file.format != FORMAT {
            return Err(bad(format!(
                "`format` is {:?}, expected {FORMAT:?}",
                file.format
            )));
        }
        let prefix =
            PrefixMatcher::new(&file.prefixes).map_err(|e| bad(format!("`prefixes`: {e}")))?;
        let suffix =
            SuffixMatcher::new(&file.suffixes).map_err(|e| bad(format!("`suffixes`: {e}")))?;
        let infix = InfixMatcher::new(&file.infixes).map_err(|e| bad(format!("`infixes`: {e}")))?;
        let url = match &file.url {
            Some(p) => Some(UrlMatcher::new(p).map_err(|e| bad(format!("`url`: {e}")))?),
            None => None,
        };
        let mut specials = FxHashMap::default();
        for sc in &file.special_cases {
            let joined: String = sc.tokens.iter().map(|t| t.orth.as_str()).collect();
            if joined != sc.text || sc.tokens.iter().any(|t| t.orth.is_empty()) {
                return Err(bad(format!(
                    "`special_cases` entry {:?}: the token `orth`s must be non-empty and concatenate to `text`",
                    sc.text
                )));
            }
            let toks = sc
                .tokens
                .iter()
                .map(|t| SpecialToken {
                    len: t.orth.len(),
                    norm: t.norm.clone(),
                })
                .collect();
            specials.insert(sc.text.clone(), toks);
        }
        let max_special_len = specials.keys().map(String::len).max().unwrap_or(0);
        let mut tok = Tokenizer {
            prefix,
            suffix,
            infix,
            url,
            specials,
            max_special_len,
            phrase_first: FxHashMap::default(),
            phrases: Vec::new(),
        };
        // spaCy's `faster_heuristics`: only keys that the affix rules or a
        // space could split go into the phrase matcher, as the token texts
        // they split into when special cases are off.
        let mut keys: Vec<&String> = tok.specials.keys().collect();
        keys.sort();
        let mut phrases = Vec::new();
        for key in keys {
            let splittable = key.contains(' ')
                || tok.prefix.find(key) > 0
                || tok.suffix.find(key) > 0
                || !tok.infix.find_iter(key).is_empty();
            if !splittable {
                continue;
            }
            let toks = tok.tokenize_with(key, false);
            if toks.is_empty() {
                continue;
            }
            phrases.push(
                toks.iter()
                    .map(|t| key[t.start..t.end].to_string())
                    .collect::<Vec<_>>(),
            );
        }
        for (i, p) in phrases.iter().enumerate() {
            tok.phrase_first.entry(p[0].clone()).or_default().push(i);
        }
        tok.phrases = phrases;
        Ok(tok)
    }

    /// Split `text` into tokens exactly as spaCy's tokenizer does.
    pub fn tokenize(&self, text: &str) -> Vec<RawToken> {
        let tokens = self.tokenize_with(text, true);
        if self.phrases.is_empty() {
            return tokens;
        }
        self.apply_phrase_specials(text, tokens)
    }

    fn special(&self, s: &str) -> Option<&[SpecialToken]> {
        if s.len() > self.max_special_len {
            return None;
        }
        self.specials.get(s).map(Vec::as_slice)
    }

    /// Steps A and B: whitespace split, then affixes, special cases, URL, infixes.
    fn tokenize_with(&self, text: &str, specials: bool) -> Vec<RawToken> {
        let mut out = Vec::with_capacity(text.len() / 5 + 1);
        let Some(first) = text.chars().next() else {
            return out;
        };
        let mut in_ws = unicode::is_space_char(first);
        let mut start = 0;
        for (i, c) in text.char_indices() {
            if unicode::is_space_char(c) == in_ws {
                continue;
            }
            if start < i {
                self.tokenize_span(text, start, i, specials, &mut out);
            }
            if c == ' ' {
                if let Some(last) = out.last_mut() {
                    last.space_after = true;
                }
                start = i + 1;
            } else {
                start = i;
            }
            in_ws = !in_ws;
        }
        if start < text.len() {
            self.tokenize_span(text, start, text.len(), specials, &mut out);
        }
        out
    }

    fn push_special(&self, at: usize, toks: &[SpecialToken], out: &mut Vec<RawToken>) {
        let mut pos = at;
        for t in toks {
            out.push(RawToken {
                start: pos,
                end: pos + t.len,
                space_after: false,
                norm: t.norm.clone(),
            });
            pos += t.len;
        }
    }

    fn push(out: &mut Vec<RawToken>, start: usize, end: usize) {
        out.push(RawToken {
            start,
            end,
            space_after: false,
            norm: None,
        });
    }

    /// Step B on `text[start..end]`, a chunk with no whitespace change inside.
    fn tokenize_span(
        &self,
        text: &str,
        start: usize,
        end: usize,
        specials: bool,
        out: &mut Vec<RawToken>,
    ) {
        if specials {
            if let Some(toks) = self.special(&text[start..end]) {
                self.push_special(start, toks, out);
                return;
            }
        }
        // Current remaining string is text[lo..hi]; affixes as byte ranges.
        let (mut lo, mut hi) = (start, end);
        let mut prefixes: Vec<(usize, usize)> = Vec::new();
        let mut suffixes: Vec<(usize, usize)> = Vec::new();
        let mut last = usize::MAX;
        while lo < hi && hi - lo != last {
            let s = &text[lo..hi];
            if specials && self.special(s).is_some() {
                break;
            }
            last = hi - lo;
            let pl = self.prefix.find(s);
            if pl > 0 && specials && pl < s.len() && self.special(&s[pl..]).is_some() {
                prefixes.push((lo, lo + pl));
                lo += pl;
                break;
            }
            let sl = self.suffix.find(&s[pl..]);
            if sl > 0 && specials && sl < s.len() && self.special(&s[..s.len() - sl]).is_some() {
                suffixes.push((hi - sl, hi));
                hi -= sl;
                break;
            }
            if pl > 0 && sl > 0 && pl + sl <= s.len() {
                prefixes.push((lo, lo + pl));
                suffixes.push((hi - sl, hi));
                lo += pl;
                hi -= sl;
            } else if pl > 0 {
                prefixes.push((lo, lo + pl));
                lo += pl;
            } else if sl > 0 {
                suffixes.push((hi - sl, hi));
                hi -= sl;
            }
        }
        for &(a, b) in &prefixes {
            Self::push(out, a, b);
        }
        if lo < hi {
            let core = &text[lo..hi];
            if let Some(toks) = specials.then(|| self.special(core)).flatten() {
                self.push_special(lo, toks, out);
            } else if self.url.as_ref().is_some_and(|u| u.is_match(core)) {
                Self::push(out, lo, hi);
            } else {
                let mut pos = 0;
                for (ms, me) in self.infix.find_iter(core) {
                    // spaCy skips an infix at the very start of the core.
                    if ms == 0 {
                        continue;
                    }
                    if ms != pos {
                        Self::push(out, lo + pos, lo + ms);
                    }
                    if ms != me {
                        Self::push(out, lo + ms, lo + me);
                    }
                    pos = me;
                }
                if pos < core.len() {
                    Self::push(out, lo + pos, hi);
                }
            }
        }
        for &(a, b) in suffixes.iter().rev() {
            Self::push(out, a, b);
        }
    }

    /// Step C: re-merge special cases that splitting broke apart.
    fn apply_phrase_specials(&self, text: &str, tokens: Vec<RawToken>) -> Vec<RawToken> {
        let tok_text = |t: &RawToken| &text[t.start..t.end];
        // (start, end) token ranges of every pattern occurrence.
        let mut matches: Vec<(usize, usize)> = Vec::new();
        for i in 0..tokens.len() {
            let Some(cands) = self.phrase_first.get(tok_text(&tokens[i])) else {
                continue;
            };
            for &p in cands {
                let pat = &self.phrases[p];
                if i + pat.len() <= tokens.len()
                    && pat.iter().zip(&tokens[i..]).all(|(w, t)| w == tok_text(t))
                {
                    matches.push((i, i + pat.len()));
                }
            }
        }
        if matches.is_empty() {
            return tokens;
        }
        matches.sort_unstable();
        matches.dedup();
        // Longest first, then leftmost; a span is kept when its ends are
        // unclaimed, and every span marks its tokens claimed even if dropped.
        matches.sort_by(|a, b| (b.1 - b.0).cmp(&(a.1 - a.0)).then(a.0.cmp(&b.0)));
        let mut seen = vec![false; tokens.len()];
        let mut kept = Vec::new();
        for &(s, e) in &matches {
            if !seen[s] && !seen[e - 1] {
                kept.push((s, e));
            }
            seen[s..e].iter_mut().for_each(|x| *x = true);
        }
        kept.sort_unstable();
        let mut out = Vec::with_capacity(tokens.len());
        let mut i = 0;
        for (s, e) in kept {
            out.extend_from_slice(&tokens[i..s]);
            let mut span = String::new();
            for (j, t) in tokens[s..e].iter().enumerate() {
                span.push_str(tok_text(t));
                if t.space_after && j + 1 < e - s {
                    span.push(' ');
                }
            }
            let (begin, finish) = (tokens[s].start, tokens[e - 1].end);
            match self.special(&span) {
                Some(toks) if span.len() == finish - begin && text[begin..finish] == span => {
                    let first = out.len();
                    self.push_special(begin, toks, &mut out);
                    if out.len() > first {
                        if let Some(last) = out.last_mut() {
                            last.space_after = tokens[e - 1].space_after;
                        }
                    }
                }
                _ => out.extend_from_slice(&tokens[s..e]),
            }
            i = e;
        }
        out.extend_from_slice(&tokens[i..]);
        out
    }
}
