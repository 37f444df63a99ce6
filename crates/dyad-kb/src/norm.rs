//! Normalisation of names and phrases into match tokens, so that "U.S." and
//! "US", "Khürelsükh" and "Khurelsukh", "Kassym-Jomart" and "Kassym Jomart"
//! meet in the same dictionary key.
//!
//! Rules: letters are lowercased and stripped of diacritics; dots vanish
//! ("U.S." → "us"); hyphens, dashes and slashes separate tokens; a trailing
//! `'s` becomes its own token (the possessive marker); other apostrophes
//! vanish ("N'Djamena" → "ndjamena"); commas are kept as a "," token (they
//! separate appositions and lists); other punctuation is dropped; `&` is
//! "and". Single letters are kept as *initials* ([`Tok::initial`]): a key
//! is indexed with them ("m k narayanan", so "K. R. Narayanan" and
//! "M. K. Narayanan" stay apart) and without them ([`bare_key`]: "Vladimir
//! V. Putin" = "Vladimir Putin"); matching tries both.

/// A normalised token with the byte span of the text it came from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Tok {
    /// The normalised form.
    pub norm: String,
    /// Byte offset where the source text starts.
    pub start: usize,
    /// Byte offset where the source text ends.
    pub end: usize,
    /// Whether the source was written entirely in lower case; acronym
    /// entries ("US", "PAN") only match source text that is not.
    pub lowercase: bool,
    /// A single letter (an initial: "V." in "Vladimir V. Putin"), which
    /// matching may skip.
    pub initial: bool,
    /// Written inside parentheses: "(AKK)" after a name is usually that
    /// name's abbreviation.
    pub bracketed: bool,
}

/// Folds one character: lowercase, without diacritics. Returns `None` for
/// characters that are not letters or digits.
fn fold(c: char) -> Option<&'static str> {
    Some(match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ă' | 'ą' | 'À' | 'Á' | 'Â' | 'Ã' | 'Ä' | 'Å'
        | 'Ā' | 'Ă' | 'Ą' => "a",
        'æ' | 'Æ' => "ae",
        'ç' | 'ć' | 'č' | 'ĉ' | 'ċ' | 'Ç' | 'Ć' | 'Č' => "c",
        'ď' | 'đ' | 'Ď' | 'Đ' | 'ð' | 'Ð' => "d",
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ė' | 'ę' | 'ě' | 'È' | 'É' | 'Ê' | 'Ë' | 'Ē' | 'Ė' | 'Ę'
        | 'Ě' => "e",
        'ğ' | 'ģ' | 'Ğ' | 'Ģ' => "g",
        'ì' | 'í' | 'î' | 'ï' | 'ī' | 'į' | 'ı' | 'Ì' | 'Í' | 'Î' | 'Ï' | 'Ī' | 'İ' => {
            "i"
        }
        'ķ' | 'Ķ' => "k",
        'ł' | 'ľ' | 'ļ' | 'Ł' | 'Ľ' | 'Ļ' => "l",
        'ñ' | 'ń' | 'ň' | 'ņ' | 'Ñ' | 'Ń' | 'Ň' | 'Ņ' => "n",
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' | 'ő' | 'Ò' | 'Ó' | 'Ô' | 'Õ' | 'Ö' | 'Ø' | 'Ō'
        | 'Ő' => "o",
        'œ' | 'Œ' => "oe",
        'ř' | 'Ř' => "r",
        'ś' | 'š' | 'ş' | 'ș' | 'Ś' | 'Š' | 'Ş' | 'Ș' => "s",
        'ß' => "ss",
        'ť' | 'ţ' | 'ț' | 'Ť' | 'Ţ' | 'Ț' => "t",
        'ù' | 'ú' | 'û' | 'ü' | 'ū' | 'ů' | 'ű' | 'ų' | 'Ù' | 'Ú' | 'Û' | 'Ü' | 'Ū' | 'Ů' | 'Ű'
        | 'Ų' => "u",
        'ý' | 'ÿ' | 'Ý' | 'Ÿ' => "y",
        'ź' | 'ż' | 'ž' | 'Ź' | 'Ż' | 'Ž' => "z",
        'þ' | 'Þ' => "th",
        _ => return None,
    })
}

fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '’' | '‘' | '`' | 'ʼ')
}

/// Splits `text` into normalised tokens with their source spans.
pub fn tokenize(text: &str) -> Vec<Tok> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut start = 0;
    let mut end = 0;
    let mut lowercase = true;
    let mut depth = 0usize;
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let flush = |out: &mut Vec<Tok>,
                 cur: &mut String,
                 start,
                 end,
                 lowercase: &mut bool,
                 bracketed: bool| {
        if !cur.is_empty() {
            let initial = cur.chars().count() == 1 && cur.chars().all(|c| c.is_alphabetic());
            out.push(Tok {
                norm: std::mem::take(cur),
                start,
                end,
                lowercase: *lowercase,
                initial,
                bracketed,
            });
        }
        *lowercase = true;
    };
    let mut i = 0;
    while i < chars.len() {
        let (pos, c) = chars[i];
        let next = chars.get(i + 1).map(|&(_, c)| c);
        if c.is_alphanumeric() {
            if cur.is_empty() {
                start = pos;
            }
            if c.is_uppercase() {
                lowercase = false;
            }
            if c.is_ascii() {
                cur.push(c.to_ascii_lowercase());
            } else {
                match fold(c) {
                    Some(s) => cur.push_str(s),
                    None => cur.extend(c.to_lowercase()),
                }
            }
            end = pos + c.len_utf8();
        } else if c == '.' {
            // "U.S." → "us"; a dot never splits a token but a following space does.
            if !cur.is_empty() {
                end = pos + 1;
            }
        } else if is_apostrophe(c) {
            let after = chars.get(i + 2).map(|&(_, c)| c);
            let possessive = matches!(next, Some('s') | Some('S'))
                && !after.is_some_and(|c| c.is_alphanumeric())
                && !cur.is_empty();
            if possessive {
                flush(&mut out, &mut cur, start, end, &mut lowercase, depth > 0);
                out.push(Tok {
                    norm: "'s".to_string(),
                    start: pos,
                    end: chars[i + 1].0 + 1,
                    lowercase: true,
                    initial: false,
                    bracketed: depth > 0,
                });
                i += 2;
                continue;
            }
            // Other apostrophes join the letters around them ("Sana'a").
        } else if c == ',' || c == '&' {
            flush(&mut out, &mut cur, start, end, &mut lowercase, depth > 0);
            out.push(Tok {
                norm: if c == ',' { ",".into() } else { "and".into() },
                start: pos,
                end: pos + 1,
                lowercase: true,
                initial: false,
                bracketed: depth > 0,
            });
        } else {
            flush(&mut out, &mut cur, start, end, &mut lowercase, depth > 0);
            match c {
                '(' | '[' => depth += 1,
                ')' | ']' => depth = depth.saturating_sub(1),
                _ => {}
            }
        }
        i += 1;
    }
    flush(&mut out, &mut cur, start, end, &mut lowercase, depth > 0);
    out
}

/// The normalised key of a name: its tokens (initials included) joined by
/// single spaces, with a leading "the" dropped ("the Kremlin" and "Kremlin"
/// are one key).
pub fn key(text: &str) -> String {
    join_key(&tokenize(text), true)
}

/// The key of a name without its initials: "Vladimir V. Putin" → "vladimir
/// putin". Equal to [`key`] when the name has no single letters.
pub fn bare_key(text: &str) -> String {
    join_key(&tokenize(text), false)
}

fn join_key(toks: &[Tok], initials: bool) -> String {
    let skip = usize::from(toks.len() > 1 && toks[0].norm == "the");
    toks[skip..]
        .iter()
        .filter(|t| initials || !t.initial)
        .map(|t| t.norm.as_str())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Whether a name is an acronym that could be an ordinary word when written
/// in lower case ("US", "PAN", "IT"): one token, all capitals, at most 4 letters.
pub fn is_short_acronym(text: &str) -> bool {
    let text = text.trim();
    let text = match text.get(..4) {
        Some(p) if p.eq_ignore_ascii_case("the ") => &text[4..],
        _ => text,
    };
    let letters: String = text.chars().filter(|c| c.is_alphanumeric()).collect();
    let toks = tokenize(text);
    toks.len() == 1
        && letters.chars().count() <= 4
        && letters
            .chars()
            .all(|c| c.is_uppercase() || c.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn norms(s: &str) -> Vec<String> {
        tokenize(s).into_iter().map(|t| t.norm).collect()
    }

    #[test]
    fn normalises_case_diacritics_and_punctuation() {
        assert_eq!(norms("U.S."), ["us"]);
        assert_eq!(norms("US"), ["us"]);
        assert_eq!(norms("Ukhnaagiin Khürelsükh"), ["ukhnaagiin", "khurelsukh"]);
        assert_eq!(
            norms("Kassym-Jomart Tokayev"),
            ["kassym", "jomart", "tokayev"]
        );
        assert_eq!(
            norms("Syria's air defences"),
            ["syria", "'s", "air", "defences"]
        );
        assert_eq!(
            norms("Lithuania’s president"),
            ["lithuania", "'s", "president"]
        );
        assert_eq!(norms("Vladimir V. Putin"), ["vladimir", "v", "putin"]);
        assert_eq!(key("Vladimir V. Putin"), "vladimir v putin");
        assert_eq!(bare_key("Vladimir V. Putin"), "vladimir putin");
        assert_eq!(key("K. R. Narayanan"), "k r narayanan");
        assert_ne!(key("K. R. Narayanan"), key("M. K. Narayanan"));
        assert!(tokenize("M. K. Narayanan")[0].initial && !tokenize("Xi")[0].initial);
        assert_eq!(norms("N'Djamena"), ["ndjamena"]);
        assert_eq!(norms("FSB, Russia's"), ["fsb", ",", "russia", "'s"]);
        assert_eq!(key("the Kremlin"), "kremlin");
        assert!(
            is_short_acronym("US") && is_short_acronym("the U.S.") && !is_short_acronym("Iran")
        );
    }

    #[test]
    fn spans_point_into_the_source() {
        let s = "the U.S. Navy";
        let t = tokenize(s);
        assert_eq!(&s[t[1].start..t[1].end], "U.S.");
        assert!(!t[1].lowercase && t[0].lowercase);
    }
}
