//! A small tokenizer for temporal expressions: words, numbers and
//! date-shaped tokens with byte offsets, each classified once so the rules
//! match on enums rather than strings.

use crate::calendar::Unit;

/// Keywords the rules look for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kw {
    Yesterday,
    Today,
    Tonight,
    Tomorrow,
    Overnight,
    Last,
    Next,
    This,
    Past,
    Previous,
    Coming,
    Following,
    Same,
    That,
    Ago,
    Earlier,
    Later,
    Before,
    After,
    Since,
    For,
    In,
    On,
    Of,
    The,
    A,
    Early,
    Late,
    Mid,
    End,
    Beginning,
    Within,
    During,
    Over,
    Until,
    By,
    From,
    To,
    And,
    Between,
    Through,
    Throughout,
    More,
    Less,
    Than,
    Nearly,
    Almost,
    About,
    Around,
    Some,
    Under,
    At,
    Least,
    First,
    Time,
    Night,
    Morning,
    Afternoon,
    Evening,
    Weekend,
    Several,
    Few,
    Half,
}

/// What a token is, as far as dates are concerned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lex {
    /// Month 1..=12; `abbrev` for "Nov", "Sept".
    Month {
        month: u32,
        abbrev: bool,
    },
    /// Weekday, Monday = 0.
    Weekday(u32),
    /// A unit word, singular or plural ("day", "years").
    Unit(Unit),
    /// Season 0..4: spring, summer, autumn/fall, winter.
    Season(u32),
    Kw(Kw),
    /// Digits (at most nine) and how many there were.
    Digits {
        value: u32,
        len: u8,
    },
    /// A number word ("two", "twenty").
    NumWord(u32),
    /// "3rd", "first" … "thirty-first" parts.
    Ordinal(u32),
    /// "1990s", "'90s" (two-digit decades are given as 1900 + value).
    Decade(i32),
    /// `2024-03-05`.
    Iso {
        y: i32,
        m: u32,
        d: u32,
    },
    /// `5/3`, `5/3/2024`, `05/03/24` as written.
    Slash {
        a: u32,
        b: u32,
        c: Option<(u32, u8)>,
    },
    /// "'s" or "’s" after a word.
    Poss,
    Punct(u8),
    /// Any other word or number.
    Other,
}

/// One token.
#[derive(Debug, Clone, Copy)]
pub struct Tok {
    pub start: usize,
    pub end: usize,
    pub lex: Lex,
    /// Starts with an uppercase letter.
    pub cap: bool,
    /// A space (or any whitespace) precedes it.
    pub space_before: bool,
}

/// Splits `text` into classified tokens.
pub fn tokenize(text: &str) -> Vec<Tok> {
    let b = text.as_bytes();
    let mut out = Vec::with_capacity(b.len() / 5 + 1);
    let mut i = 0;
    let mut space_before = true;
    while i < b.len() {
        let c = b[i];
        if c.is_ascii_whitespace() {
            space_before = true;
            i += 1;
            continue;
        }
        let start = i;
        let lex;
        if c.is_ascii_alphabetic() {
            while i < b.len() && b[i].is_ascii_alphabetic() {
                i += 1;
            }
            // A word glued to a non-ASCII letter ("café") is not ours.
            if i < b.len() && b[i] >= 0x80 && !is_apostrophe(b, i) {
                while i < b.len() && (b[i].is_ascii_alphanumeric() || b[i] >= 0x80) {
                    i += 1;
                }
                lex = Lex::Other;
            } else {
                lex = classify_word(&text[start..i]);
            }
        } else if c.is_ascii_digit() {
            let (l, n) = number(text, i);
            lex = l;
            i += n;
        } else if let Some(n) = apostrophe_len(b, i) {
            // "'s", "’s", "'90s"
            let after = i + n;
            if after < b.len()
                && b[after] == b's'
                && !b.get(after + 1).is_some_and(|x| x.is_ascii_alphanumeric())
            {
                lex = Lex::Poss;
                i = after + 1;
            } else if after + 2 < b.len()
                && b[after].is_ascii_digit()
                && b[after + 1].is_ascii_digit()
                && b[after + 2] == b's'
                && !b.get(after + 3).is_some_and(|x| x.is_ascii_alphanumeric())
            {
                let v = i32::from(b[after] - b'0') * 10 + i32::from(b[after + 1] - b'0');
                lex = Lex::Decade(1900 + v);
                i = after + 3;
            } else {
                lex = Lex::Punct(b'\'');
                i = after;
            }
        } else if c < 0x80 {
            lex = Lex::Punct(c);
            i += 1;
        } else {
            // Other non-ASCII: skip the whole UTF-8 sequence, as one opaque token.
            i += 1;
            while i < b.len() && (b[i] & 0xC0) == 0x80 {
                i += 1;
            }
            // Non-ASCII dashes behave like '-'.
            lex = match &text[start..i] {
                "–" | "—" => Lex::Punct(b'-'),
                _ => Lex::Other,
            };
        }
        out.push(Tok {
            start,
            end: i,
            lex,
            cap: c.is_ascii_uppercase(),
            space_before,
        });
        space_before = false;
    }
    out
}

fn is_apostrophe(b: &[u8], i: usize) -> bool {
    apostrophe_len(b, i).is_some()
}

fn apostrophe_len(b: &[u8], i: usize) -> Option<usize> {
    if b[i] == b'\'' {
        Some(1)
    } else if b[i..].starts_with("’".as_bytes()) {
        Some(3)
    } else {
        None
    }
}

/// Reads a number-shaped token at `i`; returns it and its byte length.
fn number(text: &str, i: usize) -> (Lex, usize) {
    let b = text.as_bytes();
    let digits = |from: usize| -> usize {
        let mut j = from;
        while j < b.len() && b[j].is_ascii_digit() {
            j += 1;
        }
        j - from
    };
    let parse = |from: usize, n: usize| -> Option<u32> {
        if n == 0 || n > 9 {
            return None;
        }
        text[from..from + n].parse().ok()
    };
    let n1 = digits(i);
    let mut j = i + n1;
    let alnum_at = |k: usize| b.get(k).is_some_and(|x| x.is_ascii_alphanumeric());
    // ISO date 2024-03-05.
    if n1 == 4 && b.get(j) == Some(&b'-') {
        let n2 = digits(j + 1);
        if n2 == 2 && b.get(j + 3) == Some(&b'-') {
            let n3 = digits(j + 4);
            if n3 == 2 && !alnum_at(j + 6) {
                let y = parse(i, 4).unwrap_or(0) as i32;
                let m = parse(j + 1, 2).unwrap_or(0);
                let d = parse(j + 4, 2).unwrap_or(0);
                return (Lex::Iso { y, m, d }, j + 6 - i);
            }
        }
    }
    // Slash dates 5/3, 5/3/2024.
    if (1..=2).contains(&n1) && b.get(j) == Some(&b'/') {
        let n2 = digits(j + 1);
        if (1..=2).contains(&n2) {
            let a = parse(i, n1).unwrap_or(0);
            let bb = parse(j + 1, n2).unwrap_or(0);
            let k = j + 1 + n2;
            if b.get(k) == Some(&b'/') {
                let n3 = digits(k + 1);
                if (n3 == 2 || n3 == 4) && !alnum_at(k + 1 + n3) && b.get(k + 1 + n3) != Some(&b'/')
                {
                    let c = parse(k + 1, n3).unwrap_or(0);
                    return (
                        Lex::Slash {
                            a,
                            b: bb,
                            c: Some((c, n3 as u8)),
                        },
                        k + 1 + n3 - i,
                    );
                }
            } else if !alnum_at(k) {
                return (Lex::Slash { a, b: bb, c: None }, k - i);
            }
        }
    }
    // Decades 1990s / 90s.
    if (n1 == 4 || n1 == 2) && b.get(j) == Some(&b's') && !alnum_at(j + 1) {
        let v = parse(i, n1).unwrap_or(0) as i32;
        let y = if n1 == 2 { 1900 + v } else { v };
        if v % 10 == 0 {
            return (Lex::Decade(y), j + 1 - i);
        }
    }
    // Ordinals 3rd, 21st.
    if n1 <= 2 && j + 2 <= b.len() {
        let suf = &text.get(j..j + 2).unwrap_or("");
        if matches!(suf.to_ascii_lowercase().as_str(), "st" | "nd" | "rd" | "th")
            && !alnum_at(j + 2)
        {
            return (Lex::Ordinal(parse(i, n1).unwrap_or(0)), j + 2 - i);
        }
    }
    // Anything glued to letters or further digits ("3pm", "2,000", "1.5") is
    // not a plain number for us.
    if alnum_at(j)
        || (matches!(b.get(j), Some(b',') | Some(b'.'))
            && b.get(j + 1).is_some_and(|x| x.is_ascii_digit()))
    {
        while j < b.len()
            && (b[j].is_ascii_alphanumeric()
                || matches!(b[j], b',' | b'.') && b.get(j + 1).is_some_and(|x| x.is_ascii_digit()))
        {
            j += 1;
        }
        return (Lex::Other, j - i);
    }
    match parse(i, n1) {
        Some(value) => (
            Lex::Digits {
                value,
                len: n1 as u8,
            },
            n1,
        ),
        None => (Lex::Other, n1),
    }
}

/// Classifies one ASCII word.
fn classify_word(w: &str) -> Lex {
    if w.len() > 12 {
        return Lex::Other;
    }
    let mut buf = [0u8; 12];
    for (d, s) in buf.iter_mut().zip(w.bytes()) {
        *d = s.to_ascii_lowercase();
    }
    let lw = std::str::from_utf8(&buf[..w.len()]).unwrap_or("");
    use Kw::*;
    if let Option::Some((month, abbrev)) = dyad_ingest::month_word(lw) {
        return Lex::Month { month, abbrev };
    }
    match lw {
        "monday" => Lex::Weekday(0),
        "tuesday" => Lex::Weekday(1),
        "wednesday" => Lex::Weekday(2),
        "thursday" => Lex::Weekday(3),
        "friday" => Lex::Weekday(4),
        "saturday" => Lex::Weekday(5),
        "sunday" => Lex::Weekday(6),
        "hour" | "hours" => Lex::Unit(Unit::Hour),
        "day" | "days" => Lex::Unit(Unit::Day),
        "week" | "weeks" => Lex::Unit(Unit::Week),
        "month" | "months" => Lex::Unit(Unit::Month),
        "year" | "years" => Lex::Unit(Unit::Year),
        "decade" | "decades" => Lex::Unit(Unit::Decade),
        "century" | "centuries" => Lex::Unit(Unit::Century),
        "spring" => Lex::Season(0),
        "summer" => Lex::Season(1),
        "autumn" | "fall" => Lex::Season(2),
        "winter" => Lex::Season(3),
        "yesterday" => Lex::Kw(Yesterday),
        "today" => Lex::Kw(Today),
        "tonight" => Lex::Kw(Tonight),
        "tomorrow" => Lex::Kw(Tomorrow),
        "overnight" => Lex::Kw(Overnight),
        "last" => Lex::Kw(Last),
        "next" => Lex::Kw(Next),
        "this" => Lex::Kw(This),
        "past" => Lex::Kw(Past),
        "previous" | "preceding" | "prior" => Lex::Kw(Previous),
        "coming" | "upcoming" => Lex::Kw(Coming),
        "following" | "subsequent" => Lex::Kw(Following),
        "same" => Lex::Kw(Same),
        "that" => Lex::Kw(That),
        "ago" => Lex::Kw(Ago),
        "earlier" => Lex::Kw(Earlier),
        "later" => Lex::Kw(Later),
        "before" => Lex::Kw(Before),
        "after" => Lex::Kw(After),
        "since" => Lex::Kw(Since),
        "for" => Lex::Kw(For),
        "in" => Lex::Kw(In),
        "on" => Lex::Kw(On),
        "of" => Lex::Kw(Of),
        "the" => Lex::Kw(The),
        "a" | "an" => Lex::Kw(A),
        "early" => Lex::Kw(Early),
        "late" => Lex::Kw(Late),
        "mid" | "middle" => Lex::Kw(Mid),
        "end" => Lex::Kw(End),
        "beginning" | "start" => Lex::Kw(Beginning),
        "within" => Lex::Kw(Within),
        "during" => Lex::Kw(During),
        "over" => Lex::Kw(Over),
        "until" | "till" => Lex::Kw(Until),
        "by" => Lex::Kw(By),
        "from" => Lex::Kw(From),
        "to" => Lex::Kw(To),
        "and" => Lex::Kw(And),
        "between" => Lex::Kw(Between),
        "through" | "thru" => Lex::Kw(Through),
        "throughout" => Lex::Kw(Throughout),
        "more" => Lex::Kw(More),
        "less" | "fewer" => Lex::Kw(Less),
        "than" => Lex::Kw(Than),
        "nearly" => Lex::Kw(Nearly),
        "almost" => Lex::Kw(Almost),
        "about" | "roughly" | "approximately" => Lex::Kw(About),
        "around" => Lex::Kw(Around),
        "some" => Lex::Kw(Some),
        "under" => Lex::Kw(Under),
        "at" => Lex::Kw(At),
        "least" => Lex::Kw(Least),
        "first" => Lex::Kw(First),
        "time" => Lex::Kw(Time),
        "night" => Lex::Kw(Night),
        "morning" => Lex::Kw(Morning),
        "afternoon" => Lex::Kw(Afternoon),
        "evening" => Lex::Kw(Evening),
        "weekend" => Lex::Kw(Weekend),
        "several" => Lex::Kw(Several),
        "few" => Lex::Kw(Few),
        "half" => Lex::Kw(Half),
        "one" => Lex::NumWord(1),
        "two" => Lex::NumWord(2),
        "three" => Lex::NumWord(3),
        "four" => Lex::NumWord(4),
        "five" => Lex::NumWord(5),
        "six" => Lex::NumWord(6),
        "seven" => Lex::NumWord(7),
        "eight" => Lex::NumWord(8),
        "nine" => Lex::NumWord(9),
        "ten" => Lex::NumWord(10),
        "eleven" => Lex::NumWord(11),
        "twelve" => Lex::NumWord(12),
        "thirteen" => Lex::NumWord(13),
        "fourteen" => Lex::NumWord(14),
        "fifteen" => Lex::NumWord(15),
        "sixteen" => Lex::NumWord(16),
        "seventeen" => Lex::NumWord(17),
        "eighteen" => Lex::NumWord(18),
        "nineteen" => Lex::NumWord(19),
        "twenty" => Lex::NumWord(20),
        "thirty" => Lex::NumWord(30),
        "forty" => Lex::NumWord(40),
        "fifty" => Lex::NumWord(50),
        "sixty" => Lex::NumWord(60),
        "seventy" => Lex::NumWord(70),
        "eighty" => Lex::NumWord(80),
        "ninety" => Lex::NumWord(90),
        "hundred" => Lex::NumWord(100),
        "dozen" => Lex::NumWord(12),
        "second" => Lex::Ordinal(2),
        "third" => Lex::Ordinal(3),
        "fourth" => Lex::Ordinal(4),
        "fifth" => Lex::Ordinal(5),
        "sixth" => Lex::Ordinal(6),
        "seventh" => Lex::Ordinal(7),
        "eighth" => Lex::Ordinal(8),
        "ninth" => Lex::Ordinal(9),
        "tenth" => Lex::Ordinal(10),
        "twentieth" => Lex::Ordinal(20),
        "thirtieth" => Lex::Ordinal(30),
        _ => Lex::Other,
    }
}

/// True when `lex` could begin or anchor a temporal expression; used as the
/// cheap pre-check that lets text without any such token skip the rules.
pub fn is_trigger(lex: &Lex) -> bool {
    use Kw::*;
    match lex {
        Lex::Month { .. }
        | Lex::Weekday(_)
        | Lex::Unit(_)
        | Lex::Season(_)
        | Lex::Decade(_)
        | Lex::Iso { .. }
        | Lex::Slash { .. } => true,
        Lex::Digits { len, .. } => *len == 4,
        Lex::Kw(k) => matches!(
            k,
            Yesterday
                | Today
                | Tonight
                | Tomorrow
                | Overnight
                | Night
                | Morning
                | Afternoon
                | Evening
                | Weekend
        ),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shapes() {
        let t = tokenize("On 2024-03-05, 5/3/24 the '90s 1990s 3rd Nov. 2,000 3pm it’s");
        let lex: Vec<Lex> = t.iter().map(|t| t.lex).collect();
        assert_eq!(lex[0], Lex::Kw(Kw::On));
        assert_eq!(
            lex[1],
            Lex::Iso {
                y: 2024,
                m: 3,
                d: 5
            }
        );
        assert_eq!(lex[2], Lex::Punct(b','));
        assert_eq!(
            lex[3],
            Lex::Slash {
                a: 5,
                b: 3,
                c: Some((24, 2))
            }
        );
        assert_eq!(lex[5], Lex::Decade(1990));
        assert_eq!(lex[6], Lex::Decade(1990));
        assert_eq!(lex[7], Lex::Ordinal(3));
        assert_eq!(
            lex[8],
            Lex::Month {
                month: 11,
                abbrev: true
            }
        );
        assert_eq!(lex[9], Lex::Punct(b'.'));
        assert_eq!(lex[10], Lex::Other);
        assert_eq!(lex[11], Lex::Other);
        assert_eq!(lex[13], Lex::Poss);
    }

    #[test]
    fn junk_does_not_panic() {
        for s in [
            "",
            "’",
            "'",
            "9999999999999999",
            "1/",
            "2024-",
            "2024-1-",
            "’9",
            "é'",
            "12/12/",
            "a’s",
        ] {
            let _ = tokenize(s);
        }
    }
}
