//! The rule lemmatizer: suffix rules checked against a list of known lemmas,
//! plus an exception table, per universal POS (spaCy's English `rule` mode).
//!
//! # Files
//!
//! Three tab-separated files; lines starting with `#` are comments. The
//! first column is a lower-case UPOS name (`noun`, `verb`, `adj`, `adv`,
//! `punct`, …):
//!
//! - `lemma_rules.tsv`: `pos  old_suffix  new_suffix`, tried in file order
//!   (either suffix may be empty);
//! - `lemma_exceptions.tsv`: `pos  form  lemma  [lemma…]` (the first lemma
//!   is preferred);
//! - `lemma_index.tsv`: `pos  lemma`, the lemmas a suffix rule may produce.
//!
//! A token keeps a lemma the attribute ruler set. Otherwise: no or space
//! POS, or a base form by its morphology (singular noun, infinitive, plain
//! adjective…) -> the lower-cased text; a POS without tables -> the text
//! (proper nouns) or its lower case; else the exception, then the rule
//! results found in the index, then other rule results, then the text.

use std::collections::{HashMap, HashSet};
use std::fmt::Write as _;
use std::path::Path;

use rmpv::Value;

use super::{msgpack, pyfn, LEMMA_EXCEPTIONS_FILE, LEMMA_INDEX_FILE, LEMMA_RULES_FILE};
use crate::lexeme::string_id;
use crate::{Doc, TextError, Token};

/// Universal POS names the spaCy tables may be keyed by (as string ids).
const UPOS: &[&str] = &[
    "adj", "adp", "adv", "aux", "cconj", "det", "intj", "noun", "num", "part", "pron", "propn",
    "punct", "sconj", "sym", "verb", "x", "space", "eol",
];

/// Fills in lemmas the attribute ruler left empty (spaCy's `lemmatizer`,
/// English rule mode, without overwriting).
#[derive(Debug, Clone, Default)]
pub struct Lemmatizer {
    tables: HashMap<String, PosTables>,
}

#[derive(Debug, Clone, Default)]
struct PosTables {
    rules: Vec<(String, String)>,
    exceptions: HashMap<String, Vec<String>>,
    index: HashSet<String>,
}

impl Lemmatizer {
    /// Converts spaCy's `lemmatizer/lookups/lookups.bin` in `spacy_model_dir`
    /// into the three `lemma_*.tsv` files in `out_dir`.
    pub fn convert_spacy(spacy_model_dir: &Path, out_dir: &Path) -> Result<(), TextError> {
        let path = spacy_model_dir
            .join("lemmatizer")
            .join("lookups")
            .join("lookups.bin");
        let root = msgpack::read(&path)?;
        let root = msgpack::map(&root, &path, "lookups")?;
        let pos_names: HashMap<u64, &str> = UPOS.iter().map(|p| (string_id(p), *p)).collect();
        let table = |name: &str| -> Result<Vec<(&str, &Value)>, TextError> {
            let t = msgpack::get(root, name)
                .ok_or_else(|| TextError::format(&path, format!("no `{name}` table")))?;
            msgpack::map(t, &path, name)?
                .iter()
                .map(|(k, v)| {
                    let id = k.as_u64().ok_or_else(|| {
                        TextError::format(&path, format!("{name}: key is not an integer"))
                    })?;
                    let pos = pos_names.get(&id).ok_or_else(|| {
                        TextError::format(&path, format!("{name}: key {id} is no POS name"))
                    })?;
                    Ok((*pos, v))
                })
                .collect()
        };
        let strings = |v: &Value, what: &str| -> Result<Vec<String>, TextError> {
            msgpack::array(v, &path, what)?
                .iter()
                .map(|s| msgpack::string(s, &path, what).map(|s| check_field(s, &path, what)))
                .collect::<Result<Result<Vec<_>, _>, _>>()?
        };

        let mut rules = String::from(
            "# dyad lemmatizer suffix rules: pos<TAB>old suffix<TAB>new suffix, tried in order.\n\
             # Converted from en_core_web_sm 3.8.0; see dyad_text::rules::Lemmatizer.\n",
        );
        for (pos, list) in table("lemma_rules")? {
            for pair in msgpack::array(list, &path, "lemma_rules")? {
                let pair = strings(pair, "lemma_rules")?;
                let [old, new] = pair.as_slice() else {
                    return Err(TextError::format(&path, "lemma_rules: rule is not a pair"));
                };
                writeln!(rules, "{pos}\t{old}\t{new}").ok();
            }
        }
        let mut exc = String::from(
            "# dyad lemmatizer exceptions: pos<TAB>form<TAB>lemma[<TAB>lemma…].\n\
             # Converted from en_core_web_sm 3.8.0; see dyad_text::rules::Lemmatizer.\n",
        );
        for (pos, map) in table("lemma_exc")? {
            for (form, lemmas) in msgpack::map(map, &path, "lemma_exc")? {
                let form = check_field(
                    msgpack::string(form, &path, "lemma_exc")?,
                    &path,
                    "lemma_exc",
                )?;
                let lemmas = strings(lemmas, "lemma_exc")?;
                writeln!(exc, "{pos}\t{form}\t{}", lemmas.join("\t")).ok();
            }
        }
        let mut index = String::from(
            "# dyad lemmatizer index: pos<TAB>known lemma.\n\
             # Converted from en_core_web_sm 3.8.0; see dyad_text::rules::Lemmatizer.\n",
        );
        for (pos, list) in table("lemma_index")? {
            for lemma in strings(list, "lemma_index")? {
                writeln!(index, "{pos}\t{lemma}").ok();
            }
        }
        for (name, body) in [
            (LEMMA_RULES_FILE, rules),
            (LEMMA_EXCEPTIONS_FILE, exc),
            (LEMMA_INDEX_FILE, index),
        ] {
            let p = out_dir.join(name);
            std::fs::write(&p, body).map_err(|e| TextError::io(&p, e))?;
        }
        Ok(())
    }

    /// Loads the three `lemma_*.tsv` files from a converted model directory.
    pub fn load(model_dir: &Path) -> Result<Self, TextError> {
        let mut lem = Lemmatizer::default();
        for name in [LEMMA_RULES_FILE, LEMMA_EXCEPTIONS_FILE, LEMMA_INDEX_FILE] {
            let path = model_dir.join(name);
            if !path.exists() {
                return Err(TextError::ModelMissing {
                    path: model_dir.to_path_buf(),
                });
            }
            let text = std::fs::read_to_string(&path).map_err(|e| TextError::io(&path, e))?;
            lem.add_table(name, &text)
                .map_err(|(line, msg)| TextError::format(&path, format!("line {line}: {msg}")))?;
        }
        Ok(lem)
    }

    /// Adds the lines of one table file (`name` is one of the `LEMMA_*_FILE`
    /// names); errors carry the 1-based line number.
    pub fn add_table(&mut self, name: &str, text: &str) -> Result<(), (usize, String)> {
        for (n, line) in text.lines().enumerate() {
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let fields: Vec<&str> = line.split('\t').collect();
            let pos = fields[0];
            if pos.is_empty() || pos.chars().any(|c| !c.is_ascii_lowercase()) {
                return Err((n + 1, format!("`{pos}` is not a lower-case POS name")));
            }
            let t = self.tables.entry(pos.to_string()).or_default();
            match (name, fields.as_slice()) {
                (LEMMA_RULES_FILE, [_, old, new]) => {
                    t.rules.push((old.to_string(), new.to_string()))
                }
                (LEMMA_EXCEPTIONS_FILE, [_, form, lemmas @ ..]) if !lemmas.is_empty() => {
                    t.exceptions
                        .entry(form.to_string())
                        .or_default()
                        .extend(lemmas.iter().map(|s| s.to_string()));
                }
                (LEMMA_INDEX_FILE, [_, lemma]) => {
                    t.index.insert(lemma.to_string());
                }
                (LEMMA_RULES_FILE, _) => {
                    return Err((n + 1, "expected pos, old suffix, new suffix".into()))
                }
                (LEMMA_EXCEPTIONS_FILE, _) => {
                    return Err((n + 1, "expected pos, form, lemma…".into()))
                }
                (LEMMA_INDEX_FILE, _) => return Err((n + 1, "expected pos, lemma".into())),
                _ => return Err((n + 1, format!("unknown lemma table {name}"))),
            }
        }
        Ok(())
    }

    /// Sets the lemma of every token whose lemma is still empty.
    pub fn apply(&self, doc: &mut Doc) {
        for i in 0..doc.tokens.len() {
            if doc.tokens[i].lemma.is_empty() {
                let lemma = self.lemmatize(
                    &doc.text[doc.tokens[i].start..doc.tokens[i].end],
                    &doc.tokens[i],
                );
                doc.tokens[i].lemma = lemma;
            }
        }
    }

    /// The lemma of `text` with the POS and morphology of `token`.
    pub fn lemmatize(&self, text: &str, token: &Token) -> String {
        let pos = token.pos.to_ascii_lowercase();
        if matches!(pos.as_str(), "" | "eol" | "space") || is_base_form(&pos, &token.morph) {
            return text.to_lowercase();
        }
        let Some(t) = self.tables.get(&pos) else {
            return if pos == "propn" {
                text.to_string()
            } else {
                text.to_lowercase()
            };
        };
        let s = text.to_lowercase();
        let mut forms: Vec<String> = Vec::new();
        let mut oov: Vec<String> = Vec::new();
        for (old, new) in &t.rules {
            if let Some(stem) = s.strip_suffix(old.as_str()) {
                let form = format!("{stem}{new}");
                if form.is_empty() {
                    continue;
                }
                if t.index.contains(&form) {
                    forms.insert(0, form);
                } else if !pyfn::is_alpha(&form) {
                    forms.push(form);
                } else {
                    oov.push(form);
                }
            }
        }
        let mut seen = HashSet::new();
        forms.retain(|f| seen.insert(f.clone()));
        if let Some(exc) = t.exceptions.get(&s) {
            for f in exc {
                if !forms.contains(f) {
                    forms.insert(0, f.clone());
                }
            }
        }
        forms
            .into_iter()
            .next()
            .or_else(|| oov.into_iter().next())
            .unwrap_or_else(|| text.to_string())
    }
}

/// spaCy English `is_base_form`: forms the rules must not touch.
fn is_base_form(pos: &str, morph: &str) -> bool {
    let feat = |name: &str| {
        morph.split('|').find_map(|f| {
            f.split_once('=')
                .filter(|(k, _)| *k == name)
                .map(|(_, v)| v)
        })
    };
    let verb_form = feat("VerbForm");
    (pos == "noun" && feat("Number") == Some("Sing"))
        || (pos == "verb" && verb_form == Some("Inf"))
        || (pos == "verb"
            && verb_form == Some("Fin")
            && feat("Tense") == Some("Pres")
            && feat("Number").is_none())
        || (pos == "adj" && feat("Degree") == Some("Pos"))
        || verb_form == Some("Inf")
        || verb_form == Some("None")
        || feat("Degree") == Some("Pos")
}

/// Rejects strings that would break the tab-separated files.
fn check_field(s: &str, path: &Path, what: &str) -> Result<String, TextError> {
    if s.contains(['\t', '\n', '\r']) {
        return Err(TextError::format(
            path,
            format!("{what}: entry {s:?} contains a tab or newline"),
        ));
    }
    Ok(s.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lem() -> Lemmatizer {
        let mut l = Lemmatizer::default();
        l.add_table(
            LEMMA_RULES_FILE,
            "noun\ts\t\nnoun\tses\ts\nverb\ted\t\nverb\ted\te\nadv\t\t\n",
        )
        .unwrap();
        l.add_table(LEMMA_EXCEPTIONS_FILE, "noun\tgeese\tgoose\n")
            .unwrap();
        l.add_table(LEMMA_INDEX_FILE, "noun\tbus\nverb\tvote\nadv\tquickly\n")
            .unwrap();
        l
    }

    fn tok(pos: &str, morph: &str) -> Token {
        Token {
            pos: pos.into(),
            morph: morph.into(),
            ..Token::default()
        }
    }

    #[test]
    fn rules_index_and_exceptions() {
        let l = lem();
        assert_eq!(l.lemmatize("Buses", &tok("NOUN", "Number=Plur")), "bus");
        assert_eq!(l.lemmatize("geese", &tok("NOUN", "Number=Plur")), "goose");
        assert_eq!(l.lemmatize("Wars", &tok("NOUN", "Number=Plur")), "war");
        assert_eq!(
            l.lemmatize("voted", &tok("VERB", "Tense=Past|VerbForm=Fin")),
            "vote"
        );
        assert_eq!(l.lemmatize("Talks", &tok("NOUN", "Number=Sing")), "talks");
        assert_eq!(l.lemmatize("Paris", &tok("PROPN", "Number=Sing")), "Paris");
        assert_eq!(l.lemmatize("Quickly", &tok("ADV", "")), "quickly");
        assert_eq!(l.lemmatize("Fast", &tok("ADV", "")), "fast");
        assert_eq!(l.lemmatize("\n", &tok("SPACE", "")), "\n");
    }

    #[test]
    fn bad_lines_are_reported() {
        let mut l = Lemmatizer::default();
        assert_eq!(
            l.add_table(LEMMA_RULES_FILE, "# c\nnoun\ts\n")
                .unwrap_err()
                .0,
            2
        );
        assert!(l.add_table(LEMMA_INDEX_FILE, "Noun\tx\n").is_err());
        assert!(l.add_table(LEMMA_EXCEPTIONS_FILE, "noun\tx\n").is_err());
    }
}
