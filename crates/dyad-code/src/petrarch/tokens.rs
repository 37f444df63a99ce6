//! The PETRARCH dictionary format's vocabulary: codes, verbs, pattern
//! tokens, the word lists that classify them, and the line-level readers
//! (comments, codes, tokenizing).

/// The null code: a pattern that matches but codes no event.
pub const NULL_CODE: &str = "---";

/// Which kind of word a lemmatizer is asked about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WordClass {
    /// A verb (the pattern's trigger).
    Verb,
    /// A noun.
    Noun,
}

/// Turns a dictionary word (any case) into the lemma dyad matches on.
pub type Lemmatizer<'a> = &'a dyn Fn(&str, WordClass) -> String;

/// A PETRARCH event code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Code {
    /// Source → target; `None` for `[:B]`.
    pub(super) fwd: Option<String>,
    /// Target → source, for `[A:B]`.
    pub(super) rev: Option<String>,
}

impl Code {
    pub(super) fn parse(s: &str) -> Option<Code> {
        let s = s.trim();
        if s.is_empty() || s.chars().any(char::is_whitespace) {
            return None;
        }
        let part = |p: &str| (!p.is_empty()).then(|| p.to_string());
        match s.split_once(':') {
            Some((a, b)) => Some(Code {
                fwd: part(a),
                rev: part(b).filter(|b| b != NULL_CODE),
            }),
            None => Some(Code {
                fwd: part(s),
                rev: None,
            }),
        }
    }
}

/// One verb of a block.
#[derive(Debug, Clone)]
pub(super) struct Verb {
    pub(super) lemma: String,
    pub(super) prt: Option<String>,
    pub(super) code: Option<Code>,
}

/// A pattern token.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Tok {
    Verb,
    Source,
    Target,
    Recip,
    Skip,
    Word(String),
    Synset(String),
    /// `{…}`: a noun phrase, head last.
    Phrase(Vec<Tok>),
    /// `(…)`: a prepositional phrase, preposition first.
    PrepPhrase(Vec<Tok>),
}

/// How deep synsets may name synsets.
pub(super) const MAX_SYNSET_DEPTH: usize = 32;

/// How deep `{…}` and `(…)` may nest in a pattern: real dictionaries nest
/// two or three deep, and the pattern's tokens are walked recursively.
pub(super) const MAX_NESTING: usize = 16;

/// Words that are particles, not prepositions, right after a verb.
pub(super) const PARTICLES: &[&str] = &[
    "UP", "DOWN", "OUT", "OFF", "BACK", "AWAY", "ASIDE", "FORWARD", "APART", "TOGETHER",
];

pub(super) const PREPOSITIONS: &[&str] = &[
    "ABOUT",
    "ABOVE",
    "ACROSS",
    "AFTER",
    "AGAINST",
    "ALONG",
    "ALONGSIDE",
    "AMID",
    "AMONG",
    "AROUND",
    "AS",
    "AT",
    "BEFORE",
    "BEHIND",
    "BELOW",
    "BESIDE",
    "BETWEEN",
    "BEYOND",
    "BY",
    "DESPITE",
    "DURING",
    "FOR",
    "FROM",
    "IN",
    "INSIDE",
    "INTO",
    "NEAR",
    "OF",
    "ON",
    "ONTO",
    "OUTSIDE",
    "OVER",
    "THROUGH",
    "THROUGHOUT",
    "TO",
    "TOWARD",
    "TOWARDS",
    "UNDER",
    "UNTIL",
    "UPON",
    "VIA",
    "WITH",
    "WITHIN",
    "WITHOUT",
];

/// Auxiliaries, negation, modal and other function words: context dyad
/// judges itself (negation, modality) or cannot constrain.
pub(super) const FUNCTION_WORDS: &[&str] = &[
    "NOT", "N'T", "NO", "NEVER", "NEITHER", "NOR", "WOULD", "WILL", "SHALL", "SHOULD", "MAY",
    "MIGHT", "MUST", "CAN", "COULD", "CA", "WO", "BE", "BEEN", "BEING", "IS", "ARE", "AM", "WAS",
    "WERE", "HAS", "HAVE", "HAD", "DO", "DID", "DOES", "THAT", "WHICH", "WHO", "THE", "A", "AN",
    "ITS", "THEIR", "HIS", "HER", "OUR", "THIS", "THESE", "THOSE", "AND", "OR", "BUT", "IF", "NOW",
    "EVER", "SO", "VERY", "ONLY", "ALSO", "STILL", "AGAIN", "ALREADY", "RECENTLY",
];

pub(super) fn is_adverb(w: &str) -> bool {
    w.len() > 4 && w.ends_with("LY") && !matches!(w, "RALLY" | "ALLY" | "ITALY" | "SUPPLY")
}

/// The code of a block header's rest (`NAME [CODE] ---`), if it has one; a
/// second bracket (seen in old files) is ignored.
pub(super) fn block_code(h: &str) -> Result<Option<Code>, String> {
    let Some(i) = h.find('[') else {
        return Ok(None);
    };
    let j = h[i..]
        .find(']')
        .ok_or_else(|| "unclosed `[` in the block header".to_string())?;
    Code::parse(&h[i + 1..i + j])
        .map(Some)
        .ok_or_else(|| "empty code in the block header".to_string())
}

/// Lines without comments, numbered from 1; blank lines dropped.
pub(super) fn strip_comments(text: &str) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    let mut in_xml = false;
    for (i, raw) in text.lines().enumerate() {
        let mut line = raw.to_string();
        let mut kept = String::new();
        loop {
            if in_xml {
                match line.find("-->") {
                    Some(j) => {
                        line = line[j + 3..].to_string();
                        in_xml = false;
                    }
                    None => break,
                }
            } else {
                match line.find("<!--") {
                    Some(j) => {
                        kept.push_str(&line[..j]);
                        line = line[j + 4..].to_string();
                        in_xml = true;
                    }
                    None => {
                        kept.push_str(&line);
                        break;
                    }
                }
            }
        }
        let kept = &kept[..comment_start(&kept)];
        if !kept.trim().is_empty() {
            out.push((i + 1, kept.trim_end().to_string()));
        }
    }
    out
}

/// Where a `#` comment starts: a `#` at the start of the line or after
/// whitespace or a `]` (so the odd code `[###]` is a code, not a comment).
pub(super) fn comment_start(line: &str) -> usize {
    let mut prev = ' ';
    for (i, c) in line.char_indices() {
        if c == '#' && (prev.is_whitespace() || prev == ']') {
            return i;
        }
        prev = c;
    }
    line.len()
}

/// Split `PATTERN [CODE]` into the pattern and its code.
pub(super) fn split_code(pat: &str) -> Result<(&str, Code), String> {
    let t = pat.trim_end();
    let Some(body) = t.strip_suffix(']') else {
        return Err("a pattern must end with its code in brackets, e.g. `[064]`".into());
    };
    let i = body
        .rfind('[')
        .ok_or_else(|| "unbalanced `]` in the pattern's code".to_string())?;
    let code =
        Code::parse(&body[i + 1..]).ok_or_else(|| "empty code `[]` in the pattern".to_string())?;
    Ok((&body[..i], code))
}

/// Break a pattern (or synset member) into tokens: words split on spaces
/// and `_`, `{…}` and `(…)` grouped.
pub(super) fn tokenize(s: &str) -> Result<Vec<Tok>, String> {
    let mut stack: Vec<(char, Vec<Tok>)> = vec![(' ', Vec::new())];
    let mut word = String::new();
    fn flush(word: &mut String, into: &mut Vec<Tok>) {
        if word.is_empty() {
            return;
        }
        let w = std::mem::take(word).to_uppercase();
        into.push(match w.as_str() {
            "*" => Tok::Verb,
            "$" => Tok::Source,
            "+" => Tok::Target,
            "%" => Tok::Recip,
            "^" => Tok::Skip,
            _ => match w.strip_prefix('&') {
                Some(l) => Tok::Synset(l.to_string()),
                None => Tok::Word(w),
            },
        });
    }
    for ch in s.chars() {
        match ch {
            ' ' | '\t' | '_' => flush(&mut word, &mut stack.last_mut().expect("root").1),
            '*' | '$' | '%' | '^' => {
                flush(&mut word, &mut stack.last_mut().expect("root").1);
                word.push(ch);
                flush(&mut word, &mut stack.last_mut().expect("root").1);
            }
            '+' if word.is_empty() => {
                word.push('+');
                flush(&mut word, &mut stack.last_mut().expect("root").1);
            }
            '{' | '(' => {
                flush(&mut word, &mut stack.last_mut().expect("root").1);
                if stack.len() > MAX_NESTING {
                    return Err(format!(
                        "`{{…}}` and `(…)` nested more than {MAX_NESTING} deep"
                    ));
                }
                stack.push((ch, Vec::new()));
            }
            '}' | ')' => {
                flush(&mut word, &mut stack.last_mut().expect("root").1);
                let want = if ch == '}' { '{' } else { '(' };
                match stack.pop() {
                    Some((open, toks)) if open == want && !stack.is_empty() => {
                        let t = if ch == '}' {
                            Tok::Phrase(toks)
                        } else {
                            Tok::PrepPhrase(toks)
                        };
                        stack.last_mut().expect("root").1.push(t);
                    }
                    _ => return Err(format!("unbalanced `{ch}`")),
                }
            }
            '[' | ']' => return Err(format!("unexpected `{ch}` inside the pattern")),
            c => word.push(c),
        }
    }
    flush(&mut word, &mut stack.last_mut().expect("root").1);
    if stack.len() != 1 {
        return Err(format!("unclosed `{}`", stack.last().expect("open").0));
    }
    Ok(stack.pop().expect("root").1)
}

pub(super) fn count_verbs(toks: &[Tok]) -> usize {
    toks.iter()
        .map(|t| match t {
            Tok::Verb => 1,
            Tok::Phrase(v) | Tok::PrepPhrase(v) => count_verbs(v),
            _ => 0,
        })
        .sum()
}

pub(super) fn words_of(toks: &[Tok]) -> String {
    toks.iter()
        .map(|t| match t {
            Tok::Verb => "*".to_string(),
            Tok::Source => "$".into(),
            Tok::Target => "+".into(),
            Tok::Recip => "%".into(),
            Tok::Skip => "^".into(),
            Tok::Word(w) => w.clone(),
            Tok::Synset(s) => format!("&{s}"),
            Tok::Phrase(v) => format!("{{{}}}", words_of(v)),
            Tok::PrepPhrase(v) => format!("({})", words_of(v)),
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// How many tokens from the start form a noun run (words, synsets, `{…}`)
/// before a preposition, an actor marker or a `(…)`.
pub(super) fn words_until_break(toks: &[Tok]) -> usize {
    toks.iter()
        .take_while(|t| match t {
            Tok::Word(w) => !PREPOSITIONS.contains(&w.as_str()),
            Tok::Synset(_) | Tok::Phrase(_) => true,
            _ => false,
        })
        .count()
}

pub(super) fn context_reason(side: &str, toks: &[Tok]) -> String {
    let w = toks.iter().find_map(|t| match t {
        Tok::Word(w) if FUNCTION_WORDS.contains(&w.as_str()) || is_adverb(w) => Some(w.clone()),
        _ => None,
    });
    match w {
        Some(w) => context_reason_word(side, &w, toks),
        None => format!(
            "words {side} the verb: dyad has no constraint on the subject or on preceding words (`{}`)",
            words_of(toks)
        ),
    }
}

pub(super) fn context_reason_word(side: &str, w: &str, toks: &[Tok]) -> String {
    format!(
        "auxiliary, negation or adverb {side} the verb: dyad judges negation and modality itself and has no adverb constraint (`{w}` in `{}`)",
        words_of(toks)
    )
}
