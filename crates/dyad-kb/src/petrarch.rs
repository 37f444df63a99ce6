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
//! Syntax errors (bad dates, unclosed brackets) are recorded as bad lines
//! naming file and line, and the line is skipped, so that one pass reports
//! them all (the builder fails on them or, loading leniently, lists them as
//! warnings); entries without a code, which the production files contain,
//! are skipped with a warning ([`crate::KnowledgeBase::warnings`]).

use std::collections::HashMap;
use std::sync::Arc;

use crate::date::Date;
use crate::dict::{plural, CodeWindow, Entry, EntryKind, Form, Loaded};
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

fn petr_date(s: &str) -> Result<Date, String> {
    let s = s.trim();
    let bad = || format!("bad PETRARCH date {s:?} (expected yymmdd or yyyymmdd)");
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
fn parse_window(inner: &str, n: usize) -> Result<CodeWindow, String> {
    let inner = inner.trim();
    let (code, dates) = inner.split_once(char::is_whitespace).unwrap_or((inner, ""));
    let code = code.to_ascii_uppercase();
    let dates: String = dates.chars().filter(|c| !c.is_whitespace()).collect();
    let (from, to) = if dates.is_empty() {
        (None, None)
    } else if let Some(d) = dates.strip_prefix('>') {
        (Some(petr_date(d)?), None)
    } else if let Some(d) = dates.strip_prefix('<') {
        (None, Some(petr_date(d)?))
    } else if let Some((a, b)) = dates.split_once('-') {
        (Some(petr_date(a)?), Some(petr_date(b)?))
    } else {
        return Err(format!(
            "bad date window {dates:?} (expected >yymmdd, <yymmdd or yymmdd-yymmdd)"
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
fn split_codes(line: &str) -> Result<(String, Vec<String>), String> {
    let mut name = String::new();
    let mut groups = Vec::new();
    let mut rest = line;
    while let Some(open) = rest.find('[') {
        name.push_str(&rest[..open]);
        // `}` is accepted as a closer too: Phoenix.agents.txt has a `[~ENV}` typo.
        let Some(close) = rest[open..].find(']').or_else(|| rest[open..].find('}')) else {
            return Err("unclosed `[` (a code is written `[CODE]`)".into());
        };
        groups.push(rest[open + 1..open + close].to_string());
        rest = &rest[open + close + 1..];
    }
    name.push_str(rest);
    Ok((name, groups))
}

/// An actor being read: its names and code windows, finished once all its
/// lines are seen.
struct Pending {
    names: Vec<(String, usize)>,
    windows: Vec<CodeWindow>,
    line: usize,
}

/// Loads a PETRARCH actors file. A malformed line is recorded and skipped
/// (a bad date drops only its window; the rest of the line still counts).
pub(crate) fn parse_actors(text: &str, file: &Arc<str>, layer: u16, out: &mut Loaded) {
    let mut pending: Vec<Pending> = Vec::new();
    for (n, line) in strip_comments(text) {
        if let Err(msg) = actor_line(&line, n, &mut pending) {
            out.bad(file, n, msg);
        }
    }
    for p in pending {
        finish_actor(p, file, layer, out);
    }
}

/// One content line of an actors file: a new actor, a `+` synonym, or
/// codes for the actor above.
fn actor_line(line: &str, n: usize, pending: &mut Vec<Pending>) -> Result<(), String> {
    let (name, groups) = split_codes(line)?;
    let t = name.trim();
    if t.starts_with('+') {
        let Some(p) = pending.last_mut() else {
            return Err(
                "synonym `+` before any actor (a `+NAME` line adds a name to the actor above it)"
                    .into(),
            );
        };
        p.names.push((petr_name(t), n));
    } else if !t.is_empty() {
        pending.push(Pending {
            names: vec![(petr_name(t), n)],
            windows: Vec::new(),
            line: n,
        });
    } else if pending.is_empty() {
        return Err("code before any actor (codes follow an actor's name)".into());
    }
    let Some(p) = pending.last_mut() else {
        return Ok(());
    };
    let mut errors = Vec::new();
    for g in groups {
        match parse_window(&g, n) {
            Ok(w) => p.windows.push(w),
            Err(e) => errors.push(format!("[{g}]: {e}")),
        }
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors.join("; "))
    }
}

/// Adds an actor once all its lines are read; one without any code is
/// skipped with a warning.
fn finish_actor(p: Pending, file: &Arc<str>, layer: u16, out: &mut Loaded) {
    let dated = p.windows.iter().any(|w| w.from.is_some() || w.to.is_some());
    // A trailing undated [ELI] after dated windows restates dyad's own rule.
    let windows: Vec<CodeWindow> = p
        .windows
        .into_iter()
        .filter(|w| !(dated && w.from.is_none() && w.to.is_none() && w.code == "ELI"))
        .collect();
    if windows.is_empty() {
        out.warnings.push(format!(
            "{file}:{}: actor {:?} has no [CODE]: skipped",
            p.line, p.names[0].0
        ));
        return;
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

/// Loads a PETRARCH agents file. A malformed line is recorded and skipped.
pub(crate) fn parse_agents(text: &str, file: &Arc<str>, layer: u16, out: &mut Loaded) {
    let mut sets: HashMap<String, Vec<String>> = HashMap::new();
    for (n, line) in strip_comments(text) {
        let t = line.trim();
        if t.starts_with('!') {
            if let Some((name, members)) = t.split_once('=') {
                if let Err(msg) = substitution_set(name, members, &mut sets) {
                    out.bad(file, n, msg);
                }
                continue;
            }
        }
        if let Err(msg) = agent_line(t, file, n, layer, &sets, out) {
            out.bad(file, n, msg);
        }
    }
}

/// A `!SET! = A, B` line.
fn substitution_set(
    name: &str,
    members: &str,
    sets: &mut HashMap<String, Vec<String>>,
) -> Result<(), String> {
    let name = name.trim().to_string();
    if !(name.len() > 2 && name.ends_with('!')) {
        return Err(format!(
            "bad substitution set name {name:?} (expected `!NAME! = A, B`)"
        ));
    }
    let members = members
        .split(',')
        .map(|m| m.trim().to_string())
        .filter(|m| !m.is_empty())
        .collect();
    sets.insert(name, members);
    Ok(())
}

/// Most forms one agent line may expand to through `!SET!` substitution:
/// sets multiply, and a line naming many large sets would otherwise build
/// millions of terms.
const MAX_SET_FORMS: usize = 10_000;

/// One agent line: `TERM {PLURAL …} [~ROLE]`.
fn agent_line(
    t: &str,
    file: &Arc<str>,
    n: usize,
    layer: u16,
    sets: &HashMap<String, Vec<String>>,
    out: &mut Loaded,
) -> Result<(), String> {
    let (rest, groups) = split_codes(t)?;
    let Some(code) = groups.first() else {
        // The production files have a few of these; PETRARCH ignores them too.
        out.warnings
            .push(format!("{file}:{n}: agent line without [~ROLE] skipped"));
        return Ok(());
    };
    let role: String = code
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .collect::<String>()
        .to_ascii_uppercase();
    if role.is_empty() || !role.len().is_multiple_of(3) {
        return Err(format!(
            "bad agent code [{code}] (expected [~ROLE] or [ROLE~], ROLE made of three-letter codes)"
        ));
    }
    // TERM {PLURAL …}
    let (term, plurals) = match rest.find('{') {
        Some(o) => {
            let Some(c) = rest[o..].find('}') else {
                return Err("unclosed `{` (plurals are written `{PLURAL …}`)".into());
            };
            let ps: Vec<String> = rest[o + 1..o + c]
                .split_whitespace()
                .map(petr_name)
                .collect();
            (rest[..o].trim().to_string(), Some(ps))
        }
        None => (rest.trim().to_string(), None),
    };
    let forms = expand_sets(&term, sets)?;
    for sing in forms {
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
    Ok(())
}

/// The forms of a term with every `!SET!` it names replaced by each member.
fn expand_sets(term: &str, sets: &HashMap<String, Vec<String>>) -> Result<Vec<String>, String> {
    let mut forms = vec![term.to_string()];
    for (set, members) in sets {
        if forms.iter().any(|f| f.contains(set.as_str())) {
            if forms.len().saturating_mul(members.len()) > MAX_SET_FORMS {
                return Err(format!(
                    "substitution sets expand this term to more than {MAX_SET_FORMS} forms"
                ));
            }
            forms = forms
                .iter()
                .flat_map(|f| members.iter().map(move |m| f.replace(set.as_str(), m)))
                .collect();
        }
    }
    Ok(forms.into_iter().map(|f| petr_name(&f)).collect())
}

/// Loads a PETRARCH discards file (`+` marks story-level discards; dyad
/// treats both levels as "this phrase is not an actor").
pub(crate) fn parse_discards(text: &str, file: &Arc<str>, out: &mut Loaded) {
    for (n, line) in strip_comments(text) {
        let name = petr_name(line.trim());
        if !name.is_empty() {
            out.discards.push((name, file.clone(), n));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates() {
        assert_eq!(
            petr_date("070723").unwrap(),
            Date::from_ymd_opt(2007, 7, 23).unwrap()
        );
        assert_eq!(
            petr_date("320101").unwrap(),
            Date::from_ymd_opt(1932, 1, 1).unwrap()
        );
        assert_eq!(
            petr_date("19950601").unwrap(),
            Date::from_ymd_opt(1995, 6, 1).unwrap()
        );
        assert!(petr_date("2004017").is_err());
        let w = parse_window("HOBGOV 19950601 - 19990815", 1).unwrap();
        assert_eq!(w.code, "HOBGOV");
        assert!(w.from.is_some() && w.to.is_some());
        let w = parse_window("hobreb > 990816", 1).unwrap();
        assert_eq!((w.code.as_str(), w.to), ("HOBREB", None));
    }
}
