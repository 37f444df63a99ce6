//! A small regex syntax tree for the tokenizer's patterns.
//!
//! spaCy stores its affix patterns as Python `re` strings. Rust's `regex`
//! crate is fast but has no look-around; `fancy-regex` has look-around but
//! is slow on the many-alternative patterns spaCy uses. So each pattern is
//! parsed here, split into its top-level alternatives, and rewritten:
//! Python escapes (`\uXXXX`, `\UXXXXXXXX`, `\'`) become `\x{…}`, `\w` gets
//! Python's meaning, character classes are re-emitted with every ASCII
//! punctuation character escaped (Rust reads `--`, `&&`, `~~` and `[` inside
//! a class as set syntax), and a *relaxed* form with all look-arounds dropped
//! gives a plain `regex` that can only match more often than the real
//! pattern, so it works as a cheap pre-filter.

use std::fmt::Write;

use super::unicode;

/// Kinds of parenthesised groups.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum GroupKind {
    Capture,
    NonCapture,
    LookAhead,
    NegLookAhead,
    LookBehind,
    NegLookBehind,
}

impl GroupKind {
    fn is_lookaround(self) -> bool {
        !matches!(self, GroupKind::Capture | GroupKind::NonCapture)
    }
}

/// One element of a character class.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum ClassItem {
    Range(char, char),
    /// `\d`, `\s`, `\S`, `\D` (Rust's meaning matches Python's on whitespace-free spans).
    Perl(char),
    /// Python's `\w`.
    Word,
}

/// A parsed regular expression.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Node {
    Alt(Vec<Node>),
    Seq(Vec<Node>),
    Group(GroupKind, Box<Node>),
    /// A node and its quantifier text (`*`, `+?`, `{2,63}`…).
    Repeat(Box<Node>, String),
    Class {
        negated: bool,
        items: Vec<ClassItem>,
    },
    Char(char),
    /// `\d`, `\D`, `\s`, `\S`.
    Perl(char),
    /// Python's `\w` (outside a class).
    Word,
    /// `\W`.
    NotWord,
    Dot,
    Start,
    End,
}

/// Parse a Python-`re` (or dyad-written Rust-syntax) pattern.
pub(crate) fn parse(pattern: &str) -> Result<Node, String> {
    let chars: Vec<char> = pattern.chars().collect();
    let mut p = Parser { chars, pos: 0 };
    let node = p.alt()?;
    if p.pos != p.chars.len() {
        return Err(format!("unbalanced `)` at character {}", p.pos));
    }
    Ok(node)
}

struct Parser {
    chars: Vec<char>,
    pos: usize,
}

impl Parser {
    fn peek(&self) -> Option<char> {
        self.chars.get(self.pos).copied()
    }

    fn eat(&mut self, s: &str) -> bool {
        let n = s.chars().count();
        if self.chars.len() >= self.pos + n
            && s.chars()
                .eq(self.chars[self.pos..self.pos + n].iter().copied())
        {
            self.pos += n;
            true
        } else {
            false
        }
    }

    fn alt(&mut self) -> Result<Node, String> {
        let mut alts = vec![self.seq()?];
        while self.peek() == Some('|') {
            self.pos += 1;
            alts.push(self.seq()?);
        }
        Ok(if alts.len() == 1 {
            alts.pop().unwrap_or(Node::Seq(Vec::new()))
        } else {
            Node::Alt(alts)
        })
    }

    fn seq(&mut self) -> Result<Node, String> {
        let mut items = Vec::new();
        while let Some(c) = self.peek() {
            if c == '|' || c == ')' {
                break;
            }
            let Some(atom) = self.atom()? else { continue };
            let atom = self.quantified(atom)?;
            items.push(atom);
        }
        Ok(Node::Seq(items))
    }

    fn quantified(&mut self, atom: Node) -> Result<Node, String> {
        let mut q = String::new();
        match self.peek() {
            Some(c @ ('*' | '+' | '?')) => {
                self.pos += 1;
                q.push(c);
            }
            Some('{') => {
                let start = self.pos;
                let mut end = start + 1;
                while end < self.chars.len()
                    && (self.chars[end].is_ascii_digit() || self.chars[end] == ',')
                {
                    end += 1;
                }
                if end < self.chars.len() && self.chars[end] == '}' && end > start + 1 {
                    q.extend(&self.chars[start..=end]);
                    self.pos = end + 1;
                } else {
                    // Python reads a `{` that starts no counter as a literal.
                    return Ok(atom);
                }
            }
            _ => return Ok(atom),
        }
        if self.peek() == Some('?') {
            self.pos += 1;
            q.push('?');
        }
        Ok(Node::Repeat(Box::new(atom), q))
    }

    /// One atom; `None` for a bare flag group such as `(?u)`.
    fn atom(&mut self) -> Result<Option<Node>, String> {
        let c = self.peek().ok_or("unexpected end of pattern")?;
        self.pos += 1;
        Ok(Some(match c {
            '(' => {
                let kind = if self.eat("?:") {
                    GroupKind::NonCapture
                } else if self.eat("?=") {
                    GroupKind::LookAhead
                } else if self.eat("?!") {
                    GroupKind::NegLookAhead
                } else if self.eat("?<=") {
                    GroupKind::LookBehind
                } else if self.eat("?<!") {
                    GroupKind::NegLookBehind
                } else if self.peek() == Some('?') {
                    // Inline flags: only `u` (Unicode, always on for str patterns) is accepted.
                    let start = self.pos;
                    self.pos += 1;
                    while let Some(f) = self.peek() {
                        if f == ')' {
                            break;
                        }
                        if f != 'u' {
                            return Err(format!("unsupported group syntax at character {start}"));
                        }
                        self.pos += 1;
                    }
                    if !self.eat(")") {
                        return Err(format!("unterminated flag group at character {start}"));
                    }
                    return Ok(None);
                } else {
                    GroupKind::Capture
                };
                let inner = self.alt()?;
                if !self.eat(")") {
                    return Err("missing `)`".into());
                }
                Node::Group(kind, Box::new(inner))
            }
            '[' => self.class()?,
            '\\' => match self.escape()? {
                Escaped::Char(c) => Node::Char(c),
                Escaped::Perl(p) => Node::Perl(p),
                Escaped::Word => Node::Word,
                Escaped::NotWord => Node::NotWord,
            },
            '.' => Node::Dot,
            '^' => Node::Start,
            '$' => Node::End,
            c => Node::Char(c),
        }))
    }

    fn escape(&mut self) -> Result<Escaped, String> {
        let c = self.peek().ok_or("pattern ends with `\\`")?;
        self.pos += 1;
        let hex = |p: &mut Parser, n: usize| -> Result<char, String> {
            let digits: String = p
                .chars
                .get(p.pos..p.pos + n)
                .ok_or("short escape")?
                .iter()
                .collect();
            p.pos += n;
            let v = u32::from_str_radix(&digits, 16)
                .map_err(|_| format!("bad escape digits `{digits}`"))?;
            char::from_u32(v).ok_or_else(|| format!("escape `{digits}` is not a character"))
        };
        Ok(match c {
            'u' => Escaped::Char(hex(self, 4)?),
            'U' => Escaped::Char(hex(self, 8)?),
            'x' if self.peek() == Some('{') => {
                self.pos += 1;
                let start = self.pos;
                while self.peek().is_some_and(|d| d != '}') {
                    self.pos += 1;
                }
                let digits: String = self.chars[start..self.pos].iter().collect();
                self.pos += 1;
                let v = u32::from_str_radix(&digits, 16)
                    .map_err(|_| format!("bad escape `\\x{{{digits}}}`"))?;
                Escaped::Char(char::from_u32(v).ok_or("escape is not a character")?)
            }
            'x' => Escaped::Char(hex(self, 2)?),
            'n' => Escaped::Char('\n'),
            't' => Escaped::Char('\t'),
            'r' => Escaped::Char('\r'),
            'f' => Escaped::Char('\u{c}'),
            'v' => Escaped::Char('\u{b}'),
            'd' | 'D' | 's' | 'S' => Escaped::Perl(c),
            'w' => Escaped::Word,
            'W' => Escaped::NotWord,
            c if c.is_ascii_alphanumeric() => return Err(format!("unsupported escape `\\{c}`")),
            c => Escaped::Char(c),
        })
    }

    fn class(&mut self) -> Result<Node, String> {
        let negated = self.eat("^");
        let mut items = Vec::new();
        let mut first = true;
        loop {
            let c = self.peek().ok_or("unterminated character class")?;
            if c == ']' && !first {
                self.pos += 1;
                break;
            }
            first = false;
            self.pos += 1;
            let lo = if c == '\\' {
                match self.escape()? {
                    Escaped::Char(c) => c,
                    Escaped::Perl(p) => {
                        items.push(ClassItem::Perl(p));
                        continue;
                    }
                    Escaped::Word => {
                        items.push(ClassItem::Word);
                        continue;
                    }
                    Escaped::NotWord => return Err("`\\W` inside a class is not supported".into()),
                }
            } else {
                c
            };
            // A `-` between two items makes a range; elsewhere it is literal.
            if self.peek() == Some('-') && self.chars.get(self.pos + 1).is_some_and(|&n| n != ']') {
                self.pos += 1;
                let c2 = self.peek().ok_or("unterminated range")?;
                self.pos += 1;
                let hi = if c2 == '\\' {
                    match self.escape()? {
                        Escaped::Char(c) => c,
                        _ => return Err("class shorthand as range end".into()),
                    }
                } else {
                    c2
                };
                if hi < lo {
                    return Err(format!("bad range {lo:?}-{hi:?}"));
                }
                items.push(ClassItem::Range(lo, hi));
            } else {
                items.push(ClassItem::Range(lo, lo));
            }
        }
        Ok(Node::Class { negated, items })
    }
}

enum Escaped {
    Char(char),
    Perl(char),
    Word,
    NotWord,
}

impl Node {
    /// The top-level alternatives of this pattern.
    pub(crate) fn alternatives(&self) -> Vec<Node> {
        match self {
            Node::Alt(v) => v.clone(),
            other => vec![other.clone()],
        }
    }

    /// True if any look-around occurs anywhere inside.
    pub(crate) fn has_lookaround(&self) -> bool {
        match self {
            Node::Alt(v) | Node::Seq(v) => v.iter().any(Node::has_lookaround),
            Node::Group(k, inner) => k.is_lookaround() || inner.has_lookaround(),
            Node::Repeat(inner, _) => inner.has_lookaround(),
            _ => false,
        }
    }

    /// The items of a sequence (a lone atom is a one-item sequence).
    pub(crate) fn seq_items(&self) -> Vec<Node> {
        match self {
            Node::Seq(v) => v.clone(),
            other => vec![other.clone()],
        }
    }

    /// The number of characters this node always matches, if fixed and
    /// free of anchors and look-arounds (used for look-behind contexts).
    pub(crate) fn fixed_width(&self) -> Option<usize> {
        match self {
            Node::Char(_)
            | Node::Class { .. }
            | Node::Perl(_)
            | Node::Word
            | Node::NotWord
            | Node::Dot => Some(1),
            Node::Seq(v) => v.iter().map(Node::fixed_width).sum(),
            Node::Alt(v) => {
                let w = v.first()?.fixed_width()?;
                v.iter().all(|n| n.fixed_width() == Some(w)).then_some(w)
            }
            Node::Group(GroupKind::Capture | GroupKind::NonCapture, inner) => inner.fixed_width(),
            _ => None,
        }
    }

    /// How many characters from its start a match may read (consumed text
    /// plus look-ahead), when bounded and free of `$`; `None` otherwise.
    /// Matching on a haystack cut after that many characters gives the same
    /// result as on the whole text.
    pub(crate) fn reach(&self) -> Option<usize> {
        self.extent().map(|(_, reach)| reach)
    }

    /// `(most characters consumed, most characters read)`.
    fn extent(&self) -> Option<(usize, usize)> {
        match self {
            Node::Char(_)
            | Node::Class { .. }
            | Node::Perl(_)
            | Node::Word
            | Node::NotWord
            | Node::Dot => Some((1, 1)),
            Node::Start => Some((0, 0)),
            Node::End => None,
            Node::Seq(v) => {
                let (mut pos, mut reach) = (0usize, 0usize);
                for n in v {
                    let (c, r) = n.extent()?;
                    reach = reach.max(pos + r);
                    pos += c;
                }
                Some((pos, reach.max(pos)))
            }
            Node::Alt(v) => v.iter().try_fold((0, 0), |(c, r), n| {
                let (c2, r2) = n.extent()?;
                Some((c.max(c2), r.max(r2)))
            }),
            Node::Group(GroupKind::Capture | GroupKind::NonCapture, inner) => inner.extent(),
            Node::Group(GroupKind::LookAhead | GroupKind::NegLookAhead, inner) => {
                inner.extent().map(|(_, r)| (0, r))
            }
            // Look-behinds read only what lies before the match start.
            Node::Group(GroupKind::LookBehind | GroupKind::NegLookBehind, inner) => {
                inner.extent().map(|_| (0, 0))
            }
            Node::Repeat(inner, q) => {
                let (c, r) = inner.extent()?;
                let max = repeat_max(q)?;
                Some((c * max, if max == 0 { 0 } else { c * (max - 1) + r }))
            }
        }
    }

    /// Rust `regex` syntax; with `relaxed`, look-arounds are left out.
    pub(crate) fn to_rust(&self, relaxed: bool) -> String {
        let mut s = String::new();
        self.write_rust(&mut s, relaxed);
        s
    }

    fn write_rust(&self, out: &mut String, relaxed: bool) {
        match self {
            Node::Alt(v) => {
                for (i, n) in v.iter().enumerate() {
                    if i > 0 {
                        out.push('|');
                    }
                    n.write_rust(out, relaxed);
                }
            }
            Node::Seq(v) => v.iter().for_each(|n| n.write_rust(out, relaxed)),
            Node::Group(kind, inner) => {
                if relaxed && kind.is_lookaround() {
                    return;
                }
                out.push_str(match kind {
                    GroupKind::Capture => "(",
                    GroupKind::NonCapture => "(?:",
                    GroupKind::LookAhead => "(?=",
                    GroupKind::NegLookAhead => "(?!",
                    GroupKind::LookBehind => "(?<=",
                    GroupKind::NegLookBehind => "(?<!",
                });
                inner.write_rust(out, relaxed);
                out.push(')');
            }
            Node::Repeat(inner, q) => {
                // Wrap so a quantifier never binds to part of a multi-char emission.
                out.push_str("(?:");
                inner.write_rust(out, relaxed);
                out.push(')');
                out.push_str(q);
            }
            Node::Class { negated, items } => {
                out.push('[');
                if *negated {
                    out.push('^');
                }
                for item in items {
                    match *item {
                        ClassItem::Range(lo, hi) => {
                            write_class_char(out, lo);
                            if hi != lo {
                                out.push('-');
                                write_class_char(out, hi);
                            }
                        }
                        ClassItem::Perl(p) => {
                            out.push('\\');
                            out.push(p);
                        }
                        ClassItem::Word => write_word_ranges(out),
                    }
                }
                out.push(']');
            }
            Node::Char(c) => write_char(out, *c),
            Node::Perl(p) => {
                out.push('\\');
                out.push(*p);
            }
            Node::Word => {
                out.push('[');
                write_word_ranges(out);
                out.push(']');
            }
            Node::NotWord => {
                out.push_str("[^");
                write_word_ranges(out);
                out.push(']');
            }
            Node::Dot => out.push('.'),
            Node::Start => out.push('^'),
            Node::End => out.push('$'),
        }
    }

    /// Readable pattern text for dyad's tokenizer file: like [`Node::to_rust`]
    /// but keeps `\w` as `\w` (dyad reads it with Python's meaning).
    pub(crate) fn to_file_syntax(&self) -> String {
        let mut s = String::new();
        self.write_file(&mut s);
        s
    }

    fn write_file(&self, out: &mut String) {
        match self {
            Node::Alt(v) => {
                for (i, n) in v.iter().enumerate() {
                    if i > 0 {
                        out.push('|');
                    }
                    n.write_file(out);
                }
            }
            Node::Seq(v) => v.iter().for_each(|n| n.write_file(out)),
            Node::Group(kind, inner) => {
                out.push_str(match kind {
                    GroupKind::Capture => "(",
                    GroupKind::NonCapture => "(?:",
                    GroupKind::LookAhead => "(?=",
                    GroupKind::NegLookAhead => "(?!",
                    GroupKind::LookBehind => "(?<=",
                    GroupKind::NegLookBehind => "(?<!",
                });
                inner.write_file(out);
                out.push(')');
            }
            Node::Repeat(inner, q) => {
                let needs_group = !matches!(
                    **inner,
                    Node::Char(_)
                        | Node::Class { .. }
                        | Node::Perl(_)
                        | Node::Word
                        | Node::NotWord
                        | Node::Dot
                        | Node::Group(..)
                );
                if needs_group {
                    out.push_str("(?:");
                }
                inner.write_file(out);
                if needs_group {
                    out.push(')');
                }
                out.push_str(q);
            }
            Node::Class { negated, items } => {
                out.push('[');
                if *negated {
                    out.push('^');
                }
                for item in items {
                    match *item {
                        ClassItem::Range(lo, hi) => {
                            write_class_char(out, lo);
                            if hi != lo {
                                out.push('-');
                                write_class_char(out, hi);
                            }
                        }
                        ClassItem::Perl(p) => {
                            out.push('\\');
                            out.push(p);
                        }
                        ClassItem::Word => out.push_str("\\w"),
                    }
                }
                out.push(']');
            }
            Node::Word => out.push_str("\\w"),
            Node::NotWord => out.push_str("\\W"),
            other => other.write_rust(out, false),
        }
    }
}

/// The upper bound of a quantifier, `None` when unbounded.
fn repeat_max(q: &str) -> Option<usize> {
    let q = q.trim_end_matches('?');
    match q {
        "" => Some(1),
        "*" | "+" => None,
        _ => {
            let inner = q.strip_prefix('{')?.strip_suffix('}')?;
            match inner.split_once(',') {
                None => inner.parse().ok(),
                Some((_, "")) => None,
                Some((_, hi)) => hi.parse().ok(),
            }
        }
    }
}

/// Whether a character can be written as itself in pattern text.
fn printable(c: char) -> bool {
    !(c.is_control()
        || unicode::is_space_char(c)
        || c.is_whitespace()
        // Combining marks and format characters would visually merge.
        || matches!(c, '\u{300}'..='\u{36f}' | '\u{200b}'..='\u{200f}' | '\u{fe00}'..='\u{fe0f}' | '\u{feff}')
        || (0xD800..=0xF8FF).contains(&(c as u32))
        || (c as u32) > 0xFFFF && !unicode::is_alpha_char(c))
}

fn write_hex(out: &mut String, c: char) {
    let _ = write!(out, "\\x{{{:X}}}", c as u32);
}

fn write_char(out: &mut String, c: char) {
    if c.is_ascii_alphanumeric() || (!c.is_ascii() && printable(c)) || c == ' ' {
        out.push(c);
    } else if c.is_ascii_punctuation() {
        // `regex::escape` escapes exactly the meta characters; other ASCII
        // punctuation is literal in both `regex` and `fancy-regex`.
        out.push_str(&regex::escape(&c.to_string()));
    } else {
        write_hex(out, c);
    }
}

fn write_class_char(out: &mut String, c: char) {
    if c.is_ascii_alphanumeric() || (!c.is_ascii() && printable(c)) {
        out.push(c);
    } else {
        write_hex(out, c);
    }
}

fn write_word_ranges(out: &mut String) {
    for &(lo, hi) in unicode::word_ranges() {
        let _ = write!(out, "\\x{{{lo:X}}}");
        if hi != lo {
            let _ = write!(out, "-\\x{{{hi:X}}}");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn python_escapes_become_rust() {
        let n = parse(r"^\u00A6|[\U0001F600-\U0001F64F\-a]$|\'s$").unwrap();
        assert_eq!(n.alternatives().len(), 3);
        let r = n.to_rust(false);
        assert!(regex::Regex::new(&r).is_ok(), "{r}");
        let re = regex::Regex::new(&r).unwrap();
        assert!(re.is_match("¦x"));
        assert!(re.is_match("a😀"));
        assert!(re.is_match("x-"));
        assert!(re.is_match("it's"));
        assert!(!re.is_match("b"));
    }

    #[test]
    fn relaxed_drops_lookarounds() {
        let n = parse(r"(?<=[0-9])[+\-\*^](?=[0-9-])").unwrap();
        assert!(n.has_lookaround());
        assert_eq!(n.to_rust(true), r"[\x{2B}\x{2D}\x{2A}\x{5E}]");
        let lb = &n.seq_items()[0];
        let Node::Group(GroupKind::LookBehind, inner) = lb else {
            panic!()
        };
        assert_eq!(inner.fixed_width(), Some(1));
    }

    #[test]
    fn reach_counts_lookahead() {
        assert_eq!(parse(r"^\+(?![0-9])").unwrap().reach(), Some(2));
        assert_eq!(parse(r"^US\$").unwrap().reach(), Some(3));
        assert_eq!(parse(r"^a{2,5}(?=bc)").unwrap().reach(), Some(7));
        assert_eq!(parse(r"^\.\.+").unwrap().reach(), None);
        assert_eq!(parse(r"^a$").unwrap().reach(), None);
    }

    #[test]
    fn class_set_operators_are_literal() {
        // `--` and `&&` inside a Python class are plain characters.
        let n = parse(r"[&&~~\[x-]").unwrap();
        let re = regex::Regex::new(&n.to_rust(false)).unwrap();
        for c in ["x", "-", "&", "~", "["] {
            assert!(re.is_match(c), "{c}");
        }
    }

    #[test]
    fn file_syntax_round_trips() {
        let src = r"(?u)^(?:(?:[\w\+\-\.]{2,})://)?(?:\S+(?::\S*)?@)?x\.[a-z]{2,63}$";
        let n = parse(src).unwrap();
        let text = n.to_file_syntax();
        let again = parse(&text).unwrap();
        assert_eq!(again.to_rust(false), n.to_rust(false));
    }
}
