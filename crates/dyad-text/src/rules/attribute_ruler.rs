//! The attribute ruler: token-pattern rules that set UPOS, morphology and
//! some lemmas from the tagger's Penn tag, the parser's label and the text.
//!
//! # Rule file (`attribute_rules.txt`)
//!
//! One rule per line; blank lines and lines starting with `#` are ignored.
//! Rules are tried against the document as the tagger and parser left it,
//! and then applied in file order, so a later rule overwrites what an
//! earlier one set on the same token. A rule reads
//!
//! ```text
//! PATTERN -> ASSIGNMENT…
//! ```
//!
//! `PATTERN` is one or more token tests separated by a lone `+`; each token
//! test is one or more space-separated conditions that must all hold for
//! that token. The rule sets the first token of the match, or the one whose
//! test is preceded by a lone `@`. Conditions:
//!
//! | condition | holds when |
//! |---|---|
//! | `tag=NN` / `tag=NN,NNS` | the Penn tag is one of the listed values |
//! | `tag!=TO,""` | the tag is none of the listed values |
//! | `lower=…`, `dep=…` | the same, on the lower-cased text / the dependency label |
//! | `lower~REGEX` | the regular expression is found in the lower-cased text |
//! | `is_space=true` | the token is all whitespace (`false`: it is not) |
//!
//! `""` is the empty string (e.g. a token without a dependency label).
//! Assignments are `pos=UPOS`, `morph=Feat=Val|…` (`morph=_` clears it),
//! `lemma=…`, `tag=…` and `dep=…`. In values a backslash escapes the next
//! character, so write `\,` for a comma, `\ ` for a space and `\\` for a
//! backslash (also inside regular expressions).
//!
//! Example: `tag=PRP lower=them -> lemma=they pos=PRON morph=Case=Acc|Number=Plur|Person=3|PronType=Prs`.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::path::Path;

use regex::Regex;
use rmpv::Value;

use super::{msgpack, pyfn, ATTRIBUTE_RULES_FILE};
use crate::{Doc, TextError, Token};

/// Sets UPOS, morphology and some lemmas, tags and labels by rule (spaCy's
/// `attribute_ruler`).
#[derive(Debug, Clone)]
pub struct AttributeRuler {
    rules: Vec<Rule>,
    /// Boxed to keep the ruler a small value to move around.
    index: Box<RuleIndex>,
}

/// Which rules can start at a token, from a test on their first token: a
/// rule whose first token needs `tag`, `lower` or `dep` to be one of a few
/// values is only tried where it is; the rest are tried everywhere.
#[derive(Debug, Clone, Default)]
struct RuleIndex {
    by_tag: HashMap<String, Vec<u32>>,
    by_lower: HashMap<String, Vec<u32>>,
    by_dep: HashMap<String, Vec<u32>>,
    everywhere: Vec<u32>,
}

impl RuleIndex {
    fn new(rules: &[Rule]) -> RuleIndex {
        let mut index = RuleIndex::default();
        for (r, rule) in rules.iter().enumerate() {
            let r = r as u32;
            let key = rule.tokens.first().and_then(|conds| {
                conds.iter().find_map(|c| match (&c.test, c.field) {
                    (Test::In(set), Field::Tag | Field::Lower | Field::Dep) => Some((c.field, set)),
                    _ => None,
                })
            });
            let Some((field, set)) = key else {
                index.everywhere.push(r);
                continue;
            };
            let map = match field {
                Field::Tag => &mut index.by_tag,
                Field::Lower => &mut index.by_lower,
                _ => &mut index.by_dep,
            };
            for v in set {
                let list = map.entry(v.clone()).or_default();
                // A value listed twice must not try the rule twice.
                if list.last() != Some(&r) {
                    list.push(r);
                }
            }
        }
        index
    }

    /// The rules that may start at a token with this view.
    fn candidates<'a>(&'a self, v: &View) -> impl Iterator<Item = u32> + 'a {
        let get =
            |m: &'a HashMap<String, Vec<u32>>, k: &str| m.get(k).map_or(&[][..], Vec::as_slice);
        get(&self.by_tag, v.tag)
            .iter()
            .chain(get(&self.by_lower, &v.lower))
            .chain(get(&self.by_dep, v.dep))
            .chain(&self.everywhere)
            .copied()
    }
}

#[derive(Debug, Clone)]
struct Rule {
    tokens: Vec<Vec<Condition>>,
    target: usize,
    set: Assignments,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Field {
    Tag,
    Lower,
    Dep,
    IsSpace,
}

#[derive(Debug, Clone)]
enum Test {
    In(Vec<String>),
    NotIn(Vec<String>),
    Regex(Regex),
    Bool(bool),
}

#[derive(Debug, Clone)]
struct Condition {
    field: Field,
    test: Test,
}

#[derive(Debug, Clone, Default)]
struct Assignments {
    pos: Option<String>,
    morph: Option<String>,
    lemma: Option<String>,
    tag: Option<String>,
    dep: Option<String>,
}

/// What the conditions look at, computed once per token before any rule applies.
struct View<'a> {
    tag: &'a str,
    lower: String,
    dep: &'a str,
    is_space: bool,
}

impl AttributeRuler {
    /// Converts spaCy's `attribute_ruler/patterns` in `spacy_model_dir` into
    /// `out_dir/attribute_rules.txt`.
    pub fn convert_spacy(spacy_model_dir: &Path, out_dir: &Path) -> Result<(), TextError> {
        let path = spacy_model_dir.join("attribute_ruler").join("patterns");
        let root = msgpack::read(&path)?;
        let mut out = String::from(
            "# dyad attribute rules: Penn tag, parser label and text -> UPOS, morphology, lemma.\n\
             # Converted from en_core_web_sm 3.8.0 attribute_ruler/patterns; syntax in the\n\
             # dyad_text::rules::AttributeRuler docs. Later rules overwrite earlier ones.\n",
        );
        for (g, group) in msgpack::array(&root, &path, "patterns file")?
            .iter()
            .enumerate()
        {
            let what = format!("group {g}");
            let entries = msgpack::map(group, &path, &what)?;
            let index = msgpack::get(entries, "index")
                .and_then(Value::as_i64)
                .ok_or_else(|| TextError::format(&path, format!("{what}: no integer `index`")))?;
            let attrs = msgpack::get(entries, "attrs")
                .ok_or_else(|| TextError::format(&path, format!("{what}: no `attrs`")))?;
            let mut assign = String::new();
            for (k, v) in msgpack::map(attrs, &path, &what)? {
                let key = msgpack::string(k, &path, &what)?.to_ascii_lowercase();
                if !matches!(key.as_str(), "pos" | "morph" | "lemma" | "tag" | "dep") {
                    return Err(TextError::format(
                        &path,
                        format!("{what}: attribute {key} is not supported"),
                    ));
                }
                let val = msgpack::string(v, &path, &what)?;
                write!(assign, " {key}={}", escape(val)).ok();
            }
            let patterns = msgpack::get(entries, "patterns")
                .ok_or_else(|| TextError::format(&path, format!("{what}: no `patterns`")))?;
            // Alternatives of one group become consecutive rules: they set the
            // same attributes, so their relative order cannot matter.
            for pattern in msgpack::array(patterns, &path, &what)? {
                let toks = msgpack::array(pattern, &path, &what)?;
                if index < 0 || index as usize >= toks.len() {
                    return Err(TextError::format(
                        &path,
                        format!("{what}: index {index} outside its pattern"),
                    ));
                }
                let mut line = String::new();
                for (t, tok) in toks.iter().enumerate() {
                    if t > 0 {
                        line.push_str(" +");
                    }
                    if toks.len() > 1 && t as i64 == index && index != 0 {
                        line.push_str(" @");
                    }
                    for (k, v) in msgpack::map(tok, &path, &what)? {
                        let key = msgpack::string(k, &path, &what)?.to_ascii_lowercase();
                        line.push(' ');
                        line.push_str(&convert_condition(&key, v, &path, &what)?);
                    }
                }
                writeln!(out, "{} ->{assign}", line.trim_start()).ok();
            }
        }
        let out_path = out_dir.join(ATTRIBUTE_RULES_FILE);
        std::fs::write(&out_path, out).map_err(|e| TextError::io(&out_path, e))
    }

    /// Loads `attribute_rules.txt` from a converted model directory.
    pub fn load(model_dir: &Path) -> Result<Self, TextError> {
        let path = model_dir.join(ATTRIBUTE_RULES_FILE);
        if !path.exists() {
            return Err(TextError::ModelMissing {
                path: model_dir.to_path_buf(),
            });
        }
        let text = std::fs::read_to_string(&path).map_err(|e| TextError::io(&path, e))?;
        Self::parse(&text)
            .map_err(|(line, msg)| TextError::format(&path, format!("line {line}: {msg}")))
    }

    /// Parses rules in the file syntax; errors carry the 1-based line number.
    pub fn parse(text: &str) -> Result<Self, (usize, String)> {
        let mut rules = Vec::new();
        for (n, line) in text.lines().enumerate() {
            let trimmed = line.trim();
            if trimmed.is_empty() || trimmed.starts_with('#') {
                continue;
            }
            rules.push(parse_rule(trimmed).map_err(|m| (n + 1, m))?);
        }
        let index = Box::new(RuleIndex::new(&rules));
        Ok(AttributeRuler { rules, index })
    }

    /// Number of rules loaded.
    pub fn len(&self) -> usize {
        self.rules.len()
    }

    /// True when no rules are loaded.
    pub fn is_empty(&self) -> bool {
        self.rules.is_empty()
    }

    /// Sets `pos`, `morph` and (where a rule says so) `lemma`, `tag`, `dep`
    /// on the tokens of `doc`. Every rule is matched against the document as
    /// it was before this call, as spaCy does.
    pub fn apply(&self, doc: &mut Doc) {
        let views: Vec<View> = doc
            .tokens
            .iter()
            .map(|t| {
                let text = &doc.text[t.start..t.end];
                View {
                    tag: &t.tag,
                    lower: text.to_lowercase(),
                    dep: &t.dep,
                    is_space: pyfn::is_space(text),
                }
            })
            .collect();
        let mut hits = Vec::new();
        for start in 0..views.len() {
            for r in self.index.candidates(&views[start]) {
                let rule = &self.rules[r as usize];
                if start + rule.tokens.len() > views.len() {
                    continue;
                }
                let matched = rule
                    .tokens
                    .iter()
                    .enumerate()
                    .all(|(k, conds)| conds.iter().all(|c| c.holds(&views[start + k])));
                if matched {
                    hits.push((r as usize, start + rule.target));
                }
            }
        }
        drop(views);
        // Applied rule by rule in file order, each left to right, as if
        // every rule had scanned the whole doc in turn.
        hits.sort_unstable();
        for (r, i) in hits {
            self.rules[r].set.apply(&mut doc.tokens[i]);
        }
    }
}

impl Condition {
    fn holds(&self, v: &View) -> bool {
        let value: &str = match self.field {
            Field::Tag => v.tag,
            Field::Lower => &v.lower,
            Field::Dep => v.dep,
            Field::IsSpace => {
                return matches!(self.test, Test::Bool(b) if b == v.is_space);
            }
        };
        match &self.test {
            Test::In(set) => set.iter().any(|s| s == value),
            Test::NotIn(set) => !set.iter().any(|s| s == value),
            Test::Regex(re) => re.is_match(value),
            Test::Bool(_) => false,
        }
    }
}

impl Assignments {
    fn apply(&self, t: &mut Token) {
        if let Some(v) = &self.pos {
            t.pos.clone_from(v);
        }
        if let Some(v) = &self.morph {
            t.morph.clone_from(v);
        }
        if let Some(v) = &self.lemma {
            t.lemma.clone_from(v);
        }
        if let Some(v) = &self.tag {
            t.tag.clone_from(v);
        }
        if let Some(v) = &self.dep {
            t.dep.clone_from(v);
        }
    }
}

fn convert_condition(key: &str, v: &Value, path: &Path, what: &str) -> Result<String, TextError> {
    let field = match key {
        "tag" | "lower" | "dep" | "is_space" => key,
        _ => {
            return Err(TextError::format(
                path,
                format!("{what}: token attribute {key} is not supported"),
            ))
        }
    };
    if let Some(b) = v.as_bool() {
        return Ok(format!("{field}={b}"));
    }
    if let Some(s) = v.as_str() {
        return Ok(format!("{field}={}", escape(s)));
    }
    let ops = msgpack::map(v, path, what)?;
    let [(op, arg)] = ops else {
        return Err(TextError::format(
            path,
            format!("{what}: one operator per attribute expected"),
        ));
    };
    let op = msgpack::string(op, path, what)?;
    let list = |arg: &Value| -> Result<String, TextError> {
        let items = msgpack::array(arg, path, what)?
            .iter()
            .map(|x| msgpack::string(x, path, what).map(escape))
            .collect::<Result<Vec<_>, _>>()?;
        Ok(items.join(","))
    };
    match op {
        "IN" => Ok(format!("{field}={}", list(arg)?)),
        "NOT_IN" => Ok(format!("{field}!={}", list(arg)?)),
        "REGEX" => Ok(format!(
            "{field}~{}",
            escape(msgpack::string(arg, path, what)?)
        )),
        _ => Err(TextError::format(
            path,
            format!("{what}: operator {op} is not supported"),
        )),
    }
}

fn parse_rule(line: &str) -> Result<Rule, String> {
    let words = split_unescaped(line, char::is_whitespace);
    let arrow = words
        .iter()
        .position(|w| *w == "->")
        .ok_or("no `->` between pattern and assignments")?;
    let mut tokens: Vec<Vec<Condition>> = vec![Vec::new()];
    let mut target = None;
    for w in &words[..arrow] {
        match *w {
            "+" => tokens.push(Vec::new()),
            "@" => {
                if target.replace(tokens.len() - 1).is_some() {
                    return Err("more than one `@` target".into());
                }
            }
            cond => tokens
                .last_mut()
                .expect("tokens is never empty")
                .push(parse_condition(cond)?),
        }
    }
    if let Some(i) = tokens.iter().position(Vec::is_empty) {
        return Err(format!("token test {} of the pattern is empty", i + 1));
    }
    let mut set = Assignments::default();
    for w in &words[arrow + 1..] {
        let (key, raw) = w
            .split_once('=')
            .ok_or_else(|| format!("assignment `{w}` has no `=`"))?;
        let val = unescape_value(raw);
        let slot = match key {
            "pos" => &mut set.pos,
            "morph" => &mut set.morph,
            "lemma" => &mut set.lemma,
            "tag" => &mut set.tag,
            "dep" => &mut set.dep,
            _ => {
                return Err(format!(
                    "unknown attribute `{key}` (pos, morph, lemma, tag, dep)"
                ))
            }
        };
        // `_` is CoNLL-U's "no features".
        *slot = Some(if key == "morph" && val == "_" {
            String::new()
        } else {
            val
        });
    }
    if words.len() == arrow + 1 {
        return Err("no assignments after `->`".into());
    }
    Ok(Rule {
        tokens,
        target: target.unwrap_or(0),
        set,
    })
}

fn parse_condition(word: &str) -> Result<Condition, String> {
    let name_len = word
        .find(|c: char| !(c.is_ascii_alphabetic() || c == '_'))
        .ok_or_else(|| format!("condition `{word}` has no operator (=, != or ~)"))?;
    let (name, rest) = word.split_at(name_len);
    let field = match name {
        "tag" => Field::Tag,
        "lower" => Field::Lower,
        "dep" => Field::Dep,
        "is_space" => Field::IsSpace,
        _ => {
            return Err(format!(
                "unknown token attribute `{name}` (tag, lower, dep, is_space)"
            ))
        }
    };
    let list = |s: &str| {
        split_unescaped(s, |c| c == ',')
            .into_iter()
            .map(unescape_value)
            .collect()
    };
    let test = if let Some(v) = rest.strip_prefix("!=") {
        Test::NotIn(list(v))
    } else if let Some(v) = rest.strip_prefix('=') {
        if field == Field::IsSpace {
            match v {
                "true" => Test::Bool(true),
                "false" => Test::Bool(false),
                _ => return Err(format!("is_space must be true or false, not `{v}`")),
            }
        } else {
            Test::In(list(v))
        }
    } else if let Some(v) = rest.strip_prefix('~') {
        let re = unescape_value(v);
        Test::Regex(Regex::new(&re).map_err(|e| format!("bad regular expression `{re}`: {e}"))?)
    } else {
        return Err(format!(
            "condition `{word}`: expected =, != or ~ after `{name}`"
        ));
    };
    if field == Field::IsSpace && !matches!(test, Test::Bool(_)) {
        return Err("is_space takes only =true or =false".into());
    }
    Ok(Condition { field, test })
}

/// Splits at chars where `sep` holds, except escaped ones; drops empty pieces
/// only when splitting on whitespace.
fn split_unescaped(s: &str, sep: impl Fn(char) -> bool) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut escaped = false;
    for (i, c) in s.char_indices() {
        if escaped {
            escaped = false;
        } else if c == '\\' {
            escaped = true;
        } else if sep(c) {
            out.push(&s[start..i]);
            start = i + c.len_utf8();
        }
    }
    out.push(&s[start..]);
    if sep(' ') {
        out.retain(|w| !w.is_empty());
    }
    out
}

/// Removes escapes; a bare `""` is the empty string.
fn unescape_value(s: &str) -> String {
    if s == "\"\"" {
        return String::new();
    }
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            if let Some(n) = chars.next() {
                out.push(n);
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// Escapes a value for the rule file.
fn escape(s: &str) -> String {
    if s.is_empty() {
        return "\"\"".into();
    }
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if c == '\\' || c == ',' || c.is_whitespace() {
            out.push('\\');
        }
        out.push(c);
    }
    if out == "\"\"" {
        out.insert(0, '\\');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(words: &[(&str, &str, &str)]) -> Doc {
        let mut d = Doc::default();
        for (w, tag, dep) in words {
            let start = d.text.len();
            d.text.push_str(w);
            d.tokens.push(Token {
                start,
                end: d.text.len(),
                tag: tag.to_string(),
                dep: dep.to_string(),
                ..Token::default()
            });
        }
        d
    }

    #[test]
    fn later_rules_win_and_see_the_original_doc() {
        let r = AttributeRuler::parse(
            "# comment\n\
             tag=NN -> pos=NOUN morph=Number=Sing\n\
             tag=NN lower=nothing -> pos=PRON\n\
             is_space=true -> tag=_SP pos=SPACE morph=_\n\
             tag=_SP -> pos=X\n",
        )
        .unwrap();
        assert_eq!(r.len(), 4);
        let mut d = doc(&[
            ("Nothing", "NN", "nsubj"),
            ("\n", "NN", ""),
            ("war", "NN", "dobj"),
        ]);
        r.apply(&mut d);
        assert_eq!(d.tokens[0].pos, "PRON");
        assert_eq!(d.tokens[0].morph, "Number=Sing");
        // The whitespace token's tag was NN when matching started, so the
        // `tag=_SP` rule does not see the new tag.
        assert_eq!(
            (d.tokens[1].tag.as_str(), d.tokens[1].pos.as_str()),
            ("_SP", "SPACE")
        );
        assert_eq!(d.tokens[1].morph, "");
        assert_eq!(d.tokens[2].pos, "NOUN");
    }

    #[test]
    fn two_token_patterns_lists_regex_and_escapes() {
        let r = AttributeRuler::parse(
            "lower=gon + @ lower=na -> lemma=to\n\
             tag!=TO,\"\" dep=aux,auxpass -> pos=AUX\n\
             lower~^n'?t$ -> lemma=not\n\
             lower=a\\,b -> lemma=comma\\ word\n",
        )
        .unwrap();
        let mut d = doc(&[
            ("gon", "VBG", "ROOT"),
            ("na", "TO", "aux"),
            ("n't", "RB", "aux"),
            ("a,b", "NN", ""),
        ]);
        r.apply(&mut d);
        assert_eq!(d.tokens[0].lemma, "");
        assert_eq!(d.tokens[1].lemma, "to");
        assert_eq!(d.tokens[1].pos, "");
        assert_eq!(d.tokens[2].pos, "AUX");
        assert_eq!(d.tokens[2].lemma, "not");
        assert_eq!(d.tokens[3].lemma, "comma word");
    }

    #[test]
    fn errors_name_the_line() {
        let e = AttributeRuler::parse("tag=NN -> pos=NOUN\ncolour=red -> pos=X\n").unwrap_err();
        assert_eq!(e.0, 2);
        assert!(e.1.contains("colour"), "{}", e.1);
        assert!(AttributeRuler::parse("tag=NN pos=NOUN").is_err());
        assert!(AttributeRuler::parse("lower~( -> pos=X").is_err());
        assert!(AttributeRuler::parse("tag=NN ->").is_err());
    }

    #[test]
    fn escape_round_trips() {
        for s in ["", "a,b", "x y", "\\", "\"\"", "n’t"] {
            assert_eq!(unescape_value(&escape(s)), s);
        }
    }
}
