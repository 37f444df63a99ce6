//! Loader for PETRARCH/TABARI-format dictionaries (compatibility): actors
//! files with `[CODE yymmdd-yymmdd]` windows, agents files with `[~ROLE]`
//! codes, `{PLURAL}` forms and `!SET!` substitution, and discards files.
//! They load into the same structures as dyad's own formats.
//!
//! Syntax handled (from the headers of the PETRARCH-2 dictionaries):
//! - comments: `#` to end of line, and `<!-- … -->` blocks;
//! - names: `WORD_WORD_` (underscores are spaces; a trailing `_` marks a whole
//!   word in PETRARCH, which dyad's whole-token matching always assumes);
//! - `+NAME` lines add synonyms to the entry above;
//! - codes: `[CODE]`, `[CODE yymmdd-yymmdd]`, `[CODE >yymmdd]` (from),
//!   `[CODE <yymmdd]` (until), also with 8-digit years and spaces around `-`;
//!   six-digit years `00`–`30` are read as 2000–2030, the rest as 19xx;
//!   code `---` means "not an actor";
//! - agents: `TERM {PLURAL …} [~ROLE]` or `[ROLE~]`; `{}` = no plural,
//!   otherwise a regular plural is derived; `!SET! = A, B` defines a set
//!   whose members replace `!SET!` inside terms.
//!
//! Syntax errors (bad dates, unclosed brackets) are errors naming file and
//! line; entries without a code, which the production files contain, are
//! skipped with a warning ([`crate::KnowledgeBase::warnings`]).

use std::collections::HashMap;
use std::sync::Arc;

use crate::date::Date;
use crate::dict::{plural, CodeWindow, Entry, EntryKind, Form, Loaded};
use crate::error::{KbError, Result};
use crate::norm;

/// Removes `#` comments and `<!-- -->` blocks, keeping line numbers.
fn strip_comments(text: &str) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    let mut in_block = false;
    for (i, raw) in text.lines().enumerate() {
        let mut line = String::new();
        let mut rest = raw;
        loop {
            if in_block {
                match rest.find("-->") {
                    Some(p) => {
                        rest = &rest[p + 3..];
                        in_block = false;
                    }
                    None => break,
                }
            } else {
                match rest.find("<!--") {
                    Some(p) => {
                        line.push_str(&rest[..p]);
                        rest = &rest[p + 4..];
                        in_block = true;
                    }
                    None => {
                        line.push_str(rest);
                        break;
                    }
                }
            }
        }
        if let Some(p) = line.find('#') {
            line.truncate(p);
        }
        if !line.trim().is_empty() {
            out.push((i + 1, line.trim_end().to_string()));
        }
    }
    out
}

fn petr_name(s: &str) -> String {
    s.trim()
        .trim_start_matches('+')
        .replace('_', " ")
        .trim()
        .to_string()
}

fn petr_date(s: &str, file: &str, n: usize) -> Result<Date> {
    let s = s.trim();
    let bad = || {
        KbError::parse(
            file,
            n,
            format!("bad PETRARCH date {s:?} (expected yymmdd or yyyymmdd)"),
        )
    };
    if !s.bytes().all(|b| b.is_ascii_digit()) {
        return Err(bad());
    }
    let (y, md) = match s.len() {
        6 => {
            let yy: i32 = s[..2].parse().map_err(|_| bad())?;
            (if yy <= 30 { 2000 + yy } else { 1900 + yy }, &s[2..])
        }
        8 => (s[..4].parse().map_err(|_| bad())?, &s[4..]),
        // Some entries drop a digit ("2004017"); read as yyyymd is guesswork, so refuse.
        _ => return Err(bad()),
    };
    let m: u32 = md[..2].parse().map_err(|_| bad())?;
    let d: u32 = md[2..].parse().map_err(|_| bad())?;
    Date::from_ymd_opt(y, m, d).ok_or_else(bad)
}

/// Parses the inside of one `[…]` code group.
fn parse_window(inner: &str, file: &str, n: usize) -> Result<CodeWindow> {
    let inner = inner.trim();
    let (code, dates) = inner.split_once(char::is_whitespace).unwrap_or((inner, ""));
    let code = code.to_ascii_uppercase();
    let dates: String = dates.chars().filter(|c| !c.is_whitespace()).collect();
    let (from, to) = if dates.is_empty() {
        (None, None)
    } else if let Some(d) = dates.strip_prefix('>') {
        (Some(petr_date(d, file, n)?), None)
    } else if let Some(d) = dates.strip_prefix('<') {
        (None, Some(petr_date(d, file, n)?))
    } else if let Some((a, b)) = dates.split_once('-') {
        (Some(petr_date(a, file, n)?), Some(petr_date(b, file, n)?))
    } else {
        return Err(KbError::parse(
            file,
            n,
            format!("bad date window {dates:?}"),
        ));
    };
    Ok(CodeWindow {
        code,
        from,
        to,
        label: String::new(),
        line: n,
    })
}

/// Splits a line into its name part and the `[…]` groups on it.
fn split_codes(line: &str, file: &str, n: usize) -> Result<(String, Vec<String>)> {
    let mut name = String::new();
    let mut groups = Vec::new();
    let mut rest = line;
    while let Some(open) = rest.find('[') {
        name.push_str(&rest[..open]);
        // `}` is accepted as a closer too: Phoenix.agents.txt has a `[~ENV}` typo.
        let Some(close) = rest[open..].find(']').or_else(|| rest[open..].find('}')) else {
            return Err(KbError::parse(file, n, "unclosed `[`"));
        };
        groups.push(rest[open + 1..open + close].to_string());
        rest = &rest[open + close + 1..];
    }
    name.push_str(rest);
    Ok((name, groups))
}

/// Loads a PETRARCH actors file.
pub(crate) fn parse_actors(
    text: &str,
    file: &Arc<str>,
    layer: u16,
    out: &mut Loaded,
) -> Result<()> {
    // Entries are collected first and finished once all their lines are seen.
    struct Pending {
        names: Vec<(String, usize)>,
        windows: Vec<CodeWindow>,
        line: usize,
    }
    let mut pending: Vec<Pending> = Vec::new();
    for (n, line) in strip_comments(text) {
        let (name, groups) = split_codes(&line, file, n)?;
        let t = name.trim();
        if t.starts_with('+') {
            let Some(p) = pending.last_mut() else {
                return Err(KbError::parse(file, n, "synonym `+` before any actor"));
            };
            p.names.push((petr_name(t), n));
        } else if !t.is_empty() {
            pending.push(Pending {
                names: vec![(petr_name(t), n)],
                windows: Vec::new(),
                line: n,
            });
        } else if pending.is_empty() {
            return Err(KbError::parse(file, n, "code before any actor"));
        }
        let Some(p) = pending.last_mut() else {
            continue;
        };
        for g in groups {
            p.windows.push(parse_window(&g, file, n)?);
        }
    }
    for p in pending {
        let dated = p.windows.iter().any(|w| w.from.is_some() || w.to.is_some());
        // A trailing undated [ELI] after dated windows restates dyad's own rule.
        let windows: Vec<CodeWindow> = p
            .windows
            .into_iter()
            .filter(|w| {
                !(dated
                    && w.from.is_none()
                    && w.to.is_none()
                    && w.code.len() == 3
                    && w.code == "ELI")
            })
            .collect();
        if windows.is_empty() {
            out.warnings.push(format!(
                "{file}:{}: actor {:?} has no [CODE]: skipped",
                p.line, p.names[0].0
            ));
            continue;
        }
        let kind = if dated {
            EntryKind::Person
        } else if windows.iter().all(|w| w.code.len() == 3) {
            EntryKind::Country
        } else {
            EntryKind::Organisation
        };
        let id = out.push_entry(Entry {
            name: p.names[0].0.clone(),
            kind,
            windows,
            file: file.clone(),
            line: p.line,
            layer,
            surnames: Vec::new(),
        });
        for (name, n) in &p.names {
            out.add_key(name, id, Form::Name, *n);
        }
    }
    Ok(())
}

/// Loads a PETRARCH agents file.
pub(crate) fn parse_agents(
    text: &str,
    file: &Arc<str>,
    layer: u16,
    out: &mut Loaded,
) -> Result<()> {
    let mut sets: HashMap<String, Vec<String>> = HashMap::new();
    for (n, line) in strip_comments(text) {
        let t = line.trim();
        if t.starts_with('!') {
            if let Some((name, members)) = t.split_once('=') {
                let name = name.trim().to_string();
                if !(name.len() > 2 && name.ends_with('!')) {
                    return Err(KbError::parse(
                        file,
                        n,
                        format!("bad substitution set name {name:?}"),
                    ));
                }
                sets.insert(
                    name,
                    members
                        .split(',')
                        .map(|m| m.trim().to_string())
                        .filter(|m| !m.is_empty())
                        .collect(),
                );
                continue;
            }
        }
        let (rest, groups) = split_codes(t, file, n)?;
        let Some(code) = groups.first() else {
            // The production files have a few of these; PETRARCH ignores them too.
            out.warnings
                .push(format!("{file}:{n}: agent line without [~ROLE] skipped"));
            continue;
        };
        let role: String = code
            .chars()
            .filter(|c| c.is_ascii_alphanumeric())
            .collect::<String>()
            .to_ascii_uppercase();
        if role.is_empty() || !role.len().is_multiple_of(3) {
            return Err(KbError::parse(file, n, format!("bad agent code [{code}]")));
        }
        // TERM {PLURAL …}
        let (term, plurals) = match rest.find('{') {
            Some(o) => {
                let Some(c) = rest[o..].find('}') else {
                    return Err(KbError::parse(file, n, "unclosed `{`"));
                };
                let ps: Vec<String> = rest[o + 1..o + c]
                    .split_whitespace()
                    .map(petr_name)
                    .collect();
                (rest[..o].trim().to_string(), Some(ps))
            }
            None => (rest.trim().to_string(), None),
        };
        let expand = |s: &str| -> Vec<String> {
            let mut forms = vec![s.to_string()];
            for (set, members) in &sets {
                if forms.iter().any(|f| f.contains(set.as_str())) {
                    forms = forms
                        .iter()
                        .flat_map(|f| members.iter().map(move |m| f.replace(set.as_str(), m)))
                        .collect();
                }
            }
            forms.into_iter().map(|f| petr_name(&f)).collect()
        };
        for sing in expand(&term) {
            let id = out.push_entry(Entry::undated(
                sing.clone(),
                EntryKind::Agent,
                role.clone(),
                file,
                n,
                layer,
            ));
            out.add_key(&sing, id, Form::Agent, n);
            match &plurals {
                Some(ps) => {
                    for p in ps {
                        out.add_key(p, id, Form::Agent, n);
                    }
                }
                None if !term.contains('!') => {
                    out.add_key(&plural(&norm::key(&sing)), id, Form::Agent, n);
                }
                None => {}
            }
        }
    }
    Ok(())
}

/// Loads a PETRARCH discards file (`+` marks story-level discards; dyad
/// treats both levels as "this phrase is not an actor").
pub(crate) fn parse_discards(text: &str, file: &Arc<str>, out: &mut Loaded) -> Result<()> {
    for (n, line) in strip_comments(text) {
        let name = petr_name(line.trim());
        if !name.is_empty() {
            out.discards.push((name, file.clone(), n));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates() {
        assert_eq!(
            petr_date("070723", "f", 1).unwrap(),
            Date::from_ymd_opt(2007, 7, 23).unwrap()
        );
        assert_eq!(
            petr_date("320101", "f", 1).unwrap(),
            Date::from_ymd_opt(1932, 1, 1).unwrap()
        );
        assert_eq!(
            petr_date("19950601", "f", 1).unwrap(),
            Date::from_ymd_opt(1995, 6, 1).unwrap()
        );
        assert!(petr_date("2004017", "f", 1).is_err());
        let w = parse_window("HOBGOV 19950601 - 19990815", "f", 1).unwrap();
        assert_eq!(w.code, "HOBGOV");
        assert!(w.from.is_some() && w.to.is_some());
        let w = parse_window("hobreb > 990816", "f", 1).unwrap();
        assert_eq!((w.code.as_str(), w.to), ("HOBREB", None));
    }
}
