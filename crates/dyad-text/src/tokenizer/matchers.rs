//! The four affix matchers, each reproducing how spaCy calls Python `re`,
//! built for speed: plain `regex` wherever no look-around is needed, and
//! `fancy-regex` only behind a plain pre-filter that must match first.

use super::pattern::{self, GroupKind, Node};

/// A compiled piece: plain `regex` or, for look-arounds, `fancy-regex`.
enum Engine {
    Plain(regex::Regex),
    Fancy(fancy_regex::Regex),
}

impl Engine {
    fn new(node: &Node) -> Result<Engine, String> {
        let src = node.to_rust(false);
        if node.has_lookaround() {
            fancy_regex::RegexBuilder::new(&src)
                .backtrack_limit(BACKTRACK_LIMIT)
                .build()
                .map(Engine::Fancy)
                .map_err(|e| e.to_string())
        } else {
            plain(&src).map(Engine::Plain)
        }
    }

    /// Leftmost match `(start, end)` at or after `pos`; look-behinds see text before `pos`.
    fn find_from(&self, text: &str, pos: usize) -> Option<(usize, usize)> {
        match self {
            Engine::Plain(re) => re.find_at(text, pos).map(|m| (m.start(), m.end())),
            // A backtracking blow-up counts as no match: bounded time beats
            // parity on inputs that pathological.
            Engine::Fancy(re) => re
                .find_from_pos(text, pos)
                .ok()
                .flatten()
                .map(|m| (m.start(), m.end())),
        }
    }
}

/// Cap on fancy-regex backtracking steps per call.
const BACKTRACK_LIMIT: usize = 200_000;

fn plain(src: &str) -> Result<regex::Regex, String> {
    regex::RegexBuilder::new(src)
        .size_limit(64 << 20)
        .dfa_size_limit(16 << 20)
        .build()
        .map_err(|e| e.to_string())
}

fn parse_all(alternatives: &[String]) -> Result<Vec<Node>, String> {
    alternatives
        .iter()
        .enumerate()
        .map(|(i, a)| pattern::parse(a).map_err(|e| format!("alternative {} ({a:?}): {e}", i + 1)))
        .collect()
}

fn alt_of(nodes: &[Node]) -> Node {
    Node::Alt(
        nodes
            .iter()
            .map(|n| Node::Group(GroupKind::NonCapture, Box::new(n.clone())))
            .collect(),
    )
}

/// Python `re.search` with `^`-anchored alternatives: the first alternative
/// in list order that matches at the start.
pub(crate) struct PrefixMatcher {
    /// Cheap test: every alternative with look-arounds removed.
    relaxed: Option<regex::Regex>,
    /// Runs of consecutive alternatives, tried in order.
    groups: Vec<PrefixPart>,
}

/// A run of plain alternatives, or one alternative with look-arounds.
enum PrefixPart {
    Plain(regex::Regex),
    /// fancy-regex has no anchored search and would try every start
    /// position, so it only runs when its own relaxed form matches, and
    /// on at most `reach` characters when the alternative cannot read further.
    Fancy {
        relaxed: regex::Regex,
        exact: Engine,
        reach: Option<usize>,
    },
}

impl PrefixMatcher {
    pub(crate) fn new(alternatives: &[String]) -> Result<Self, String> {
        let nodes = parse_all(alternatives)?;
        if nodes.is_empty() {
            return Ok(PrefixMatcher {
                relaxed: None,
                groups: Vec::new(),
            });
        }
        if let Some(i) = nodes
            .iter()
            .position(|n| n.seq_items().first() != Some(&Node::Start))
        {
            return Err(format!("alternative {} does not start with `^`", i + 1));
        }
        let relaxed = plain(&alt_of(&nodes).to_rust(true))?;
        // Plain runs stay one regex (leftmost-first keeps list order inside a
        // run); each look-around alternative is its own fancy regex.
        let mut groups = Vec::new();
        let mut run: Vec<Node> = Vec::new();
        for n in nodes {
            if n.has_lookaround() {
                if !run.is_empty() {
                    groups.push(PrefixPart::Plain(plain(&alt_of(&run).to_rust(false))?));
                    run.clear();
                }
                groups.push(PrefixPart::Fancy {
                    relaxed: plain(&n.to_rust(true))?,
                    exact: Engine::new(&n)?,
                    reach: n.reach(),
                });
            } else {
                run.push(n);
            }
        }
        if !run.is_empty() {
            groups.push(PrefixPart::Plain(plain(&alt_of(&run).to_rust(false))?));
        }
        Ok(PrefixMatcher {
            relaxed: Some(relaxed),
            groups,
        })
    }

    /// Byte length of the prefix of `s`, 0 if none.
    pub(crate) fn find(&self, s: &str) -> usize {
        match &self.relaxed {
            Some(r) if r.is_match(s) => {}
            _ => return 0,
        }
        for g in &self.groups {
            let found = match g {
                PrefixPart::Plain(re) => re.find(s).map(|m| (m.start(), m.end())),
                PrefixPart::Fancy {
                    relaxed,
                    exact,
                    reach,
                } => {
                    if !relaxed.is_match(s) {
                        continue;
                    }
                    let hay = match reach {
                        Some(n) => s.char_indices().nth(*n).map_or(s, |(i, _)| &s[..i]),
                        None => s,
                    };
                    exact.find_from(hay, 0)
                }
            };
            if let Some((a, b)) = found {
                return b - a;
            }
        }
        0
    }
}

/// Python `re.search` with `$`-anchored alternatives: the longest suffix
/// that some alternative matches, look-behind context included.
pub(crate) struct SuffixMatcher {
    /// `(engine, n)`: the suffix starts `n` characters after the match start
    /// (a leading look-behind of fixed width `n` is matched as plain text).
    parts: Vec<(Engine, usize)>,
}

impl SuffixMatcher {
    pub(crate) fn new(alternatives: &[String]) -> Result<Self, String> {
        let nodes = parse_all(alternatives)?;
        if let Some(i) = nodes
            .iter()
            .position(|n| n.seq_items().last() != Some(&Node::End))
        {
            return Err(format!("alternative {} does not end with `$`", i + 1));
        }
        // Group alternatives by the width of their leading look-behind (0 = none);
        // within a group the leftmost match start gives the longest suffix.
        let mut by_width: Vec<(usize, Vec<Node>)> = Vec::new();
        let mut fancy = Vec::new();
        for n in nodes {
            let items = n.seq_items();
            let (width, rest) = match items.first() {
                Some(Node::Group(GroupKind::LookBehind, ctx)) if !ctx.has_lookaround() => {
                    match ctx.fixed_width() {
                        Some(w) => {
                            let mut seq = vec![Node::Group(GroupKind::NonCapture, ctx.clone())];
                            seq.extend(items[1..].iter().cloned());
                            (w, Node::Seq(seq))
                        }
                        None => (usize::MAX, n.clone()),
                    }
                }
                _ => (0, n.clone()),
            };
            if width == usize::MAX || rest.has_lookaround() {
                fancy.push(n);
                continue;
            }
            match by_width.iter_mut().find(|(w, _)| *w == width) {
                Some((_, v)) => v.push(rest),
                None => by_width.push((width, vec![rest])),
            }
        }
        let mut parts = Vec::new();
        for (w, v) in by_width {
            parts.push((Engine::new(&alt_of(&v))?, w));
        }
        for n in fancy {
            parts.push((Engine::new(&n)?, 0));
        }
        Ok(SuffixMatcher { parts })
    }

    /// Byte length of the suffix of `s`, 0 if none.
    pub(crate) fn find(&self, s: &str) -> usize {
        let mut best = s.len();
        for (engine, skip) in &self.parts {
            if let Some((a, _)) = engine.find_from(s, 0) {
                let start = s[a..]
                    .char_indices()
                    .nth(*skip)
                    .map_or(s.len(), |(i, _)| a + i);
                best = best.min(start);
            }
        }
        s.len() - best
    }
}

/// Python `re.finditer`: non-overlapping leftmost matches, look-behinds
/// reading characters consumed by the previous match.
pub(crate) struct InfixMatcher {
    relaxed: Option<regex::Regex>,
    exact: Option<Engine>,
}

impl InfixMatcher {
    pub(crate) fn new(alternatives: &[String]) -> Result<Self, String> {
        let nodes = parse_all(alternatives)?;
        if nodes.is_empty() {
            return Ok(InfixMatcher {
                relaxed: None,
                exact: None,
            });
        }
        let all = alt_of(&nodes);
        Ok(InfixMatcher {
            relaxed: Some(plain(&all.to_rust(true))?),
            exact: Some(Engine::new(&all)?),
        })
    }

    /// All matches as byte ranges of `s`.
    pub(crate) fn find_iter(&self, s: &str) -> Vec<(usize, usize)> {
        let (Some(relaxed), Some(exact)) = (&self.relaxed, &self.exact) else {
            return Vec::new();
        };
        let mut out = Vec::new();
        let mut pos = 0;
        while pos <= s.len() {
            // No relaxed match from here means no real match either, and a
            // real match cannot start before the first relaxed one.
            let Some(cand) = relaxed.find_at(s, pos) else {
                break;
            };
            let Some((a, b)) = exact.find_from(s, cand.start()) else {
                break;
            };
            out.push((a, b));
            pos = if b > a {
                b
            } else {
                // Empty match: step one character, as Python does.
                b + s[b..].chars().next().map_or(1, char::len_utf8)
            };
        }
        out
    }
}

/// Python `re.match` of a `$`-terminated pattern: a whole-string match.
pub(crate) struct UrlMatcher {
    relaxed: regex::Regex,
    exact: Engine,
}

impl UrlMatcher {
    pub(crate) fn new(src: &str) -> Result<Self, String> {
        let node = pattern::parse(src)?;
        let anchored = Node::Seq(vec![
            Node::Start,
            Node::Group(GroupKind::NonCapture, Box::new(node)),
        ]);
        Ok(UrlMatcher {
            relaxed: plain(&anchored.to_rust(true))?,
            exact: Engine::new(&anchored)?,
        })
    }

    pub(crate) fn is_match(&self, s: &str) -> bool {
        if !self.relaxed.is_match(s) {
            return false;
        }
        match &self.exact {
            Engine::Plain(_) => true,
            Engine::Fancy(re) => re.is_match(s).unwrap_or(false),
        }
    }
}
