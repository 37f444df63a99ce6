//! Parsers of dyad's own dictionary formats (documented in `data/README.md`):
//! country blocks, entity blocks (people and organisations) and agent lines.

use std::sync::Arc;

use serde::Serialize;

use crate::date::{parse_date, Bound, Date};
use crate::error::{KbError, Result};
use crate::norm;

/// What an entry is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum EntryKind {
    /// A country; its code is the country code.
    Country,
    /// An organisation, group or institution with a full actor code.
    Organisation,
    /// A person; their code depends on the date.
    Person,
    /// A role word ("troops", "foreign ministry") that combines with a country.
    Agent,
}

/// A code held during a date window (both ends inclusive; `None` = open).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CodeWindow {
    /// A full actor code ("RUSGOV") or, for agents, role segments ("GOVMIL").
    pub code: String,
    /// First day, if known.
    pub from: Option<Date>,
    /// Last day; `None` = still held.
    pub to: Option<Date>,
    /// The office or a remark ("President").
    pub label: String,
    /// Line of the file where the window is written.
    pub line: usize,
}

impl CodeWindow {
    /// Whether `date` falls inside the window.
    pub fn contains(&self, date: Date) -> bool {
        self.from.is_none_or(|f| f <= date) && self.to.is_none_or(|t| date <= t)
    }
}

/// A dictionary entry.
#[derive(Clone, Debug)]
pub struct Entry {
    /// Canonical name.
    pub name: String,
    /// What it is.
    pub kind: EntryKind,
    /// Its codes over time; an undated window applies always.
    pub windows: Vec<CodeWindow>,
    /// The file it was read from (`builtin:…` for embedded data).
    pub file: Arc<str>,
    /// The line of its name.
    pub line: usize,
    /// 0 for dyad's built-in data, higher for later (user) files: higher wins.
    pub layer: u16,
}

/// How a dictionary key names an entry.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Form {
    /// Canonical name or a listed alias.
    Name,
    /// A capital or seat of power standing for the government.
    Capital,
    /// Another place in the country (no role).
    Place,
    /// A surname derived from a person's canonical name (weak).
    Surname,
    /// An agent (role) term.
    Agent,
    /// A discard phrase (PETRARCH): text that is not an actor.
    Discard,
}

/// One meaning of a dictionary key.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Hit {
    /// Index of the entry in the knowledge base.
    pub entry: u32,
    /// How the key names it.
    pub form: Form,
    /// Line of the key in its file.
    pub line: u32,
    /// Layer of the file (higher wins).
    pub layer: u16,
    /// An acronym that only matches text not written in lower case.
    pub acronym: bool,
}

/// Entries and keys read from files, before indexing.
#[derive(Default)]
pub(crate) struct Loaded {
    pub entries: Vec<Entry>,
    pub keys: Vec<(String, Hit)>,
    pub discards: Vec<(String, Arc<str>, usize)>,
    /// Lines skipped with a reason (PETRARCH files only; dyad's own formats are strict).
    pub warnings: Vec<String>,
}

impl Loaded {
    pub fn push_entry(&mut self, e: Entry) -> u32 {
        self.entries.push(e);
        (self.entries.len() - 1) as u32
    }

    /// Adds a name for an entry; returns false when it normalises to nothing.
    pub fn add_key(&mut self, name: &str, entry: u32, form: Form, line: usize) -> bool {
        let k = norm::key(name);
        if k.is_empty() || k == "'s" {
            return false;
        }
        let layer = self.entries[entry as usize].layer;
        self.keys.push((
            k,
            Hit {
                entry,
                form,
                line: line as u32,
                layer,
                acronym: norm::is_short_acronym(name),
            },
        ));
        true
    }
}

fn is_code(s: &str) -> bool {
    !s.is_empty()
        && s.len().is_multiple_of(3)
        && s.bytes().all(|b| b.is_ascii_uppercase() || b == b'-')
}

fn split_list(s: &str) -> impl Iterator<Item = &str> {
    s.split(';').map(str::trim).filter(|x| !x.is_empty())
}

/// Iterates the content lines: (1-based number, raw line) without comments/blanks.
fn content_lines(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.lines().enumerate().filter_map(|(i, l)| {
        let t = l.trim();
        (!t.is_empty() && !t.starts_with('#')).then_some((i + 1, l.trim_end()))
    })
}

/// Parses a country dictionary (blocks `CODE Name` with `alias:`, `capital:`, `place:` lines).
pub(crate) fn parse_countries(
    text: &str,
    file: &Arc<str>,
    layer: u16,
    out: &mut Loaded,
) -> Result<()> {
    let mut cur: Option<u32> = None;
    for (n, l) in content_lines(text) {
        if !l.starts_with(char::is_whitespace) {
            let (code, name) = l.split_once(char::is_whitespace).unwrap_or((l, ""));
            let name = name.trim();
            if code.len() != 3 || !is_code(code) || name.is_empty() {
                return Err(KbError::parse(
                    file,
                    n,
                    "a country block starts with `CODE Name` (CODE: three capital letters)",
                ));
            }
            let id = out.push_entry(Entry {
                name: name.to_string(),
                kind: EntryKind::Country,
                windows: vec![CodeWindow {
                    code: code.into(),
                    from: None,
                    to: None,
                    label: String::new(),
                    line: n,
                }],
                file: file.clone(),
                line: n,
                layer,
            });
            out.add_key(name, id, Form::Name, n);
            cur = Some(id);
            continue;
        }
        let Some(id) = cur else {
            return Err(KbError::parse(
                file,
                n,
                "indented line outside a country block",
            ));
        };
        let Some((tag, list)) = l.trim().split_once(':') else {
            return Err(KbError::parse(
                file,
                n,
                "expected `alias:`, `capital:` or `place:` followed by names separated by `;`",
            ));
        };
        let form = match tag.trim() {
            "alias" | "adj" | "people" | "former" => Form::Name,
            "capital" | "seat" => Form::Capital,
            "place" => Form::Place,
            t => {
                return Err(KbError::parse(
                    file,
                    n,
                    format!("unknown field {t:?} (expected alias, capital or place)"),
                ))
            }
        };
        for name in split_list(list) {
            out.add_key(name, id, form, n);
        }
    }
    Ok(())
}

/// Parses a date field of a role line: `-` = unknown/open.
fn window_date(s: &str, bound: Bound, file: &str, n: usize) -> Result<Option<Date>> {
    if s == "-" {
        return Ok(None);
    }
    parse_date(s, bound).map(Some).ok_or_else(|| {
        KbError::parse(
            file,
            n,
            format!("bad date {s:?} (expected YYYY-MM-DD, YYYY-MM, YYYY or -)"),
        )
    })
}

/// Parses entity blocks (the people format; organisations use it too):
/// a name at column 0, then indented `alias:` lines and role lines
/// `CODE [FROM TO [OFFICE…]]`.
pub(crate) fn parse_entities(
    text: &str,
    file: &Arc<str>,
    layer: u16,
    kind: EntryKind,
    out: &mut Loaded,
) -> Result<()> {
    let mut cur: Option<u32> = None;
    let finish = |out: &mut Loaded, id: Option<u32>| -> Result<()> {
        if let Some(id) = id {
            let e = &out.entries[id as usize];
            if e.windows.is_empty() {
                return Err(KbError::parse(
                    file,
                    e.line,
                    format!("{:?} has no code line", e.name),
                ));
            }
            if kind == EntryKind::Person {
                derive_person_keys(out, id);
            }
        }
        Ok(())
    };
    for (n, l) in content_lines(text) {
        if !l.starts_with(char::is_whitespace) {
            finish(out, cur)?;
            let id = out.push_entry(Entry {
                name: l.trim().to_string(),
                kind,
                windows: Vec::new(),
                file: file.clone(),
                line: n,
                layer,
            });
            if !out.add_key(l, id, Form::Name, n) {
                return Err(KbError::parse(file, n, "a block name must contain letters"));
            }
            cur = Some(id);
            continue;
        }
        let Some(id) = cur else {
            return Err(KbError::parse(file, n, "indented line before any name"));
        };
        let t = l.trim();
        if let Some(list) = t.strip_prefix("alias:") {
            for a in split_list(list) {
                out.add_key(a, id, Form::Name, n);
            }
            continue;
        }
        let mut f = t.split_whitespace();
        let code = f.next().unwrap_or_default();
        if !is_code(code) {
            return Err(KbError::parse(file, n, format!("expected `alias: …` or a role line `CODE FROM TO OFFICE` (CODE like RUSGOV); found {code:?}")));
        }
        let (from, to) = match (f.next(), f.next()) {
            (None, _) => (None, None),
            (Some(a), Some(b)) => (
                window_date(a, Bound::Start, file, n)?,
                window_date(b, Bound::End, file, n)?,
            ),
            (Some(_), None) => {
                return Err(KbError::parse(
                    file,
                    n,
                    "a role line needs both FROM and TO (use - for unknown or still in office)",
                ))
            }
        };
        if let (Some(a), Some(b)) = (from, to) {
            if b < a {
                return Err(KbError::parse(file, n, "window ends before it starts"));
            }
        }
        let label = f.collect::<Vec<_>>().join(" ");
        out.entries[id as usize].windows.push(CodeWindow {
            code: code.to_string(),
            from,
            to,
            label,
            line: n,
        });
    }
    finish(out, cur)
}

/// Name particles that belong to a surname ("Le Drian", "von der Leyen").
const PARTICLES: &[&str] = &[
    "al", "el", "bin", "ben", "le", "la", "de", "del", "da", "van", "von", "der", "di", "du", "abu",
];
/// Generational suffixes that are not the surname.
const SUFFIXES: &[&str] = &["jr", "sr", "ii", "iii", "iv"];

/// Adds the weak surname key of a person ("Vladimir Putin" → "putin",
/// "Jean-Yves Le Drian" → "le drian" and "drian"), so "Putin", "Mr. Putin" and
/// "President Putin" find them; titles are agent words and combine.
fn derive_person_keys(out: &mut Loaded, id: u32) {
    let e = &out.entries[id as usize];
    let (name, line) = (e.name.clone(), e.line);
    // A hyphenated last word ("Moon Jae-in") is a given name written after the
    // family name: no surname is derived; such files list the aliases news uses.
    if name
        .split_whitespace()
        .last()
        .is_some_and(|w| w.contains('-'))
    {
        return;
    }
    let toks: Vec<String> = norm::tokenize(&name).into_iter().map(|t| t.norm).collect();
    let mut end = toks.len();
    while end > 1 && SUFFIXES.contains(&toks[end - 1].as_str()) {
        end -= 1;
    }
    if end < 2 {
        return;
    }
    let mut start = end - 1;
    if toks[start].chars().count() < 3 {
        return;
    }
    out.add_key(&toks[start], id, Form::Surname, line);
    while start > 1 && PARTICLES.contains(&toks[start - 1].as_str()) {
        start -= 1;
        out.add_key(&toks[start..end].join(" "), id, Form::Surname, line);
    }
    // First and last name without middle names ("Kathleen Holland Hicks" → "kathleen hicks").
    if end > 2 && start == end - 1 {
        out.add_key(
            &format!("{} {}", toks[0], toks[end - 1]),
            id,
            Form::Name,
            line,
        );
    }
}

/// English plural of a (possibly multi-word) agent term: the last word is pluralised.
pub fn plural(term: &str) -> String {
    let (head, last) = match term.rfind(' ') {
        Some(i) => (&term[..=i], &term[i + 1..]),
        None => ("", term),
    };
    let p = if last == "person" {
        "people".to_string()
    } else if let Some(stem) = last.strip_suffix("man") {
        format!("{stem}men")
    } else if last.ends_with('y')
        && !last.ends_with("ay")
        && !last.ends_with("ey")
        && !last.ends_with("oy")
    {
        format!("{}ies", &last[..last.len() - 1])
    } else if ["s", "x", "z", "ch", "sh"]
        .iter()
        .any(|s| last.ends_with(s))
    {
        format!("{last}es")
    } else {
        format!("{last}s")
    };
    format!("{head}{p}")
}

/// Parses an agents file: lines `ROLES: term; term/plural; …` where ROLES is
/// one or more role codes ("MIL", "GOVMIL"). Regular plurals are derived.
pub(crate) fn parse_agents(
    text: &str,
    file: &Arc<str>,
    layer: u16,
    out: &mut Loaded,
) -> Result<()> {
    for (n, l) in content_lines(text) {
        let Some((roles, list)) = l.trim().split_once(':') else {
            return Err(KbError::parse(
                file,
                n,
                "expected `ROLES: term; term/plural; …`",
            ));
        };
        let roles = roles.trim();
        if !is_code(roles) {
            return Err(KbError::parse(
                file,
                n,
                format!("bad role code {roles:?} (expected e.g. MIL or GOVMIL)"),
            ));
        }
        for term in split_list(list) {
            let (sing, plur) = match term.split_once('/') {
                Some((s, p)) => (s.trim(), Some(p.trim().to_string())),
                None => (term, None),
            };
            let id = out.push_entry(Entry {
                name: sing.to_string(),
                kind: EntryKind::Agent,
                windows: vec![CodeWindow {
                    code: roles.to_string(),
                    from: None,
                    to: None,
                    label: String::new(),
                    line: n,
                }],
                file: file.clone(),
                line: n,
                layer,
            });
            out.add_key(sing, id, Form::Agent, n);
            let plur = plur.unwrap_or_else(|| plural(&norm::key(sing)));
            // "persons" is as common as "people" in official usage.
            if let Some(stem) = plur
                .strip_suffix("people")
                .filter(|_| sing.ends_with("person"))
            {
                out.add_key(&format!("{stem}persons"), id, Form::Agent, n);
            }
            out.add_key(&plur, id, Form::Agent, n);
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plurals() {
        assert_eq!(plural("soldier"), "soldiers");
        assert_eq!(plural("policeman"), "policemen");
        assert_eq!(plural("foreign ministry"), "foreign ministries");
        assert_eq!(plural("attorney"), "attorneys");
        assert_eq!(plural("business"), "businesses");
        assert_eq!(plural("chairperson"), "chairpersons");
    }
}
