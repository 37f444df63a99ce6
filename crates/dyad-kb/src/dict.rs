//! Parsers of dyad's own dictionary formats (documented in `data/README.md`):
//! country blocks, entity blocks (people and organisations) and agent lines.

use std::sync::Arc;

use serde::Serialize;

use crate::date::{parse_date, Bound, Date};
use crate::error::BadLine;
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
    /// A person's surname keys (normalised; from a `surname:` line or derived
    /// from the name), which stand for them alone ("putin", "le drian").
    pub surnames: Vec<String>,
}

impl Entry {
    /// An entry with one code that always applies (countries, agents).
    pub fn undated(
        name: impl Into<String>,
        kind: EntryKind,
        code: impl Into<String>,
        file: &Arc<str>,
        line: usize,
        layer: u16,
    ) -> Entry {
        Entry {
            name: name.into(),
            kind,
            windows: vec![CodeWindow {
                code: code.into(),
                from: None,
                to: None,
                label: String::new(),
                line,
            }],
            file: file.clone(),
            line,
            layer,
            surnames: Vec::new(),
        }
    }
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
    /// Lines skipped with a reason in every load mode (PETRARCH entries
    /// without a code, which PETRARCH itself ignores).
    pub warnings: Vec<String>,
    /// Malformed lines, skipped; the builder fails on them or lists them as
    /// warnings, by its load mode.
    pub bad: Vec<BadLine>,
}

impl Loaded {
    /// Records a malformed line (the parser then skips it and goes on).
    pub fn bad(&mut self, file: &str, line: usize, msg: impl Into<String>) {
        self.bad.push(BadLine {
            file: file.to_string(),
            line,
            msg: msg.into(),
        });
    }

    pub fn push_entry(&mut self, e: Entry) -> u32 {
        self.entries.push(e);
        (self.entries.len() - 1) as u32
    }

    /// Adds a name for an entry; returns false when it normalises to nothing.
    /// A name with initials is indexed with them and, when at least two
    /// words remain, without them ("George W. Bush" → "george w bush",
    /// "george bush"); "P. Chidambaram" is not indexed as a bare
    /// "chidambaram" (that is the weaker surname form's job).
    pub fn add_key(&mut self, name: &str, entry: u32, form: Form, line: usize) -> bool {
        let k = norm::key(name);
        if k.is_empty() || k == "'s" {
            return false;
        }
        let layer = self.entries[entry as usize].layer;
        let hit = Hit {
            entry,
            form,
            line: line as u32,
            layer,
            acronym: norm::is_short_acronym(name),
        };
        let bare = norm::bare_key(name);
        if bare != k && bare.contains(' ') {
            self.keys.push((bare, hit));
        }
        self.keys.push((k, hit));
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
/// A malformed line is recorded and skipped; a bad block header skips its block.
pub(crate) fn parse_countries(text: &str, file: &Arc<str>, layer: u16, out: &mut Loaded) {
    // `Err(())`: inside a block whose header was bad (its lines are skipped quietly).
    let mut cur: Option<Result<u32, ()>> = None;
    for (n, l) in content_lines(text) {
        if !l.starts_with(char::is_whitespace) {
            cur = Some(country_header(l, file, n, layer, out));
            continue;
        }
        match cur {
            Some(Ok(id)) => country_field(l, file, n, id, out),
            Some(Err(())) => {}
            None => out.bad(
                file,
                n,
                "indented line outside a country block (a block starts with `CODE Name` at column 0)",
            ),
        }
    }
}

/// A country block's first line, `CODE Name`: the new entry, or `Err` when malformed.
fn country_header(
    l: &str,
    file: &Arc<str>,
    n: usize,
    layer: u16,
    out: &mut Loaded,
) -> Result<u32, ()> {
    let (code, name) = l.split_once(char::is_whitespace).unwrap_or((l, ""));
    let name = name.trim();
    if code.len() != 3 || !is_code(code) || name.is_empty() {
        out.bad(
            file,
            n,
            format!("a country block starts with `CODE Name` (CODE: three capital letters), found {l:?}; its indented lines are skipped too"),
        );
        return Err(());
    }
    let id = out.push_entry(Entry::undated(
        name.to_string(),
        EntryKind::Country,
        code,
        file,
        n,
        layer,
    ));
    out.add_key(name, id, Form::Name, n);
    Ok(id)
}

/// An indented `alias:`, `capital:` or `place:` line of a country block.
fn country_field(l: &str, file: &Arc<str>, n: usize, id: u32, out: &mut Loaded) {
    let Some((tag, list)) = l.trim().split_once(':') else {
        out.bad(
            file,
            n,
            "expected `alias:`, `capital:` or `place:` followed by names separated by `;`",
        );
        return;
    };
    let form = match tag.trim() {
        "alias" | "adj" | "people" | "former" => Form::Name,
        "capital" | "seat" => Form::Capital,
        "place" => Form::Place,
        t => {
            out.bad(
                file,
                n,
                format!("unknown field {t:?} (expected alias, capital or place)"),
            );
            return;
        }
    };
    for name in split_list(list) {
        out.add_key(name, id, form, n);
    }
}

/// Parses a date field of a role line: `-` = unknown/open.
fn window_date(s: &str, bound: Bound) -> Result<Option<Date>, String> {
    if s == "-" {
        return Ok(None);
    }
    parse_date(s, bound)
        .map(Some)
        .ok_or_else(|| format!("bad date {s:?} (expected YYYY-MM-DD, YYYY-MM, YYYY or -)"))
}

/// The block being read by [`parse_entities`].
struct Block {
    id: u32,
    /// Whether the block has a `surname:` line: then nothing is derived.
    explicit_surname: bool,
}

/// Parses entity blocks (the people format; organisations use it too):
/// a name at column 0, then indented `alias:` lines and role lines
/// `CODE [FROM TO [OFFICE…]]`. A malformed line is recorded and skipped; a
/// block left without a code line is dropped.
pub(crate) fn parse_entities(
    text: &str,
    file: &Arc<str>,
    layer: u16,
    kind: EntryKind,
    out: &mut Loaded,
) {
    // `Some(None)`: inside a block whose name was bad (its lines are skipped quietly).
    let mut cur: Option<Option<Block>> = None;
    for (n, l) in content_lines(text) {
        if !l.starts_with(char::is_whitespace) {
            if let Some(Some(b)) = cur.take() {
                finish_entity(out, b, kind);
            }
            cur = Some(entity_header(l, file, n, layer, kind, out));
            continue;
        }
        match cur.as_mut() {
            Some(Some(b)) => {
                if let Err(msg) = entity_line(l.trim(), n, b, kind, out) {
                    out.bad(file, n, msg);
                }
            }
            Some(None) => {}
            None => out.bad(
                file,
                n,
                "indented line before any name (a block starts with a name at column 0)",
            ),
        }
    }
    if let Some(Some(b)) = cur {
        finish_entity(out, b, kind);
    }
}

/// A block's name line: the new entry, or `None` when it has no letters.
fn entity_header(
    l: &str,
    file: &Arc<str>,
    n: usize,
    layer: u16,
    kind: EntryKind,
    out: &mut Loaded,
) -> Option<Block> {
    let id = out.push_entry(Entry {
        name: l.trim().to_string(),
        kind,
        windows: Vec::new(),
        file: file.clone(),
        line: n,
        layer,
        surnames: Vec::new(),
    });
    if !out.add_key(l, id, Form::Name, n) {
        out.entries.pop();
        out.bad(
            file,
            n,
            format!(
                "a block name must contain letters, found {:?}; its indented lines are skipped too",
                l.trim()
            ),
        );
        return None;
    }
    Some(Block {
        id,
        explicit_surname: false,
    })
}

/// Ends a block: derives a person's surnames, or drops an entry without any
/// code line (its keys go with it; it is the last entry pushed).
fn finish_entity(out: &mut Loaded, b: Block, kind: EntryKind) {
    let e = &out.entries[b.id as usize];
    if e.windows.is_empty() {
        let (file, line, name) = (e.file.clone(), e.line, e.name.clone());
        out.bad(
            &file,
            line,
            format!("{name:?} has no code line (add an indented line like `RUSGOV 2000 -`)"),
        );
        out.keys.retain(|(_, h)| h.entry != b.id);
        if out.entries.len() == b.id as usize + 1 {
            out.entries.pop();
        }
        return;
    }
    if kind == EntryKind::Person && !b.explicit_surname {
        derive_person_keys(out, b.id);
    }
}

/// One indented line of an entity block: `alias:`, `surname:` or a role line.
fn entity_line(
    t: &str,
    n: usize,
    b: &mut Block,
    kind: EntryKind,
    out: &mut Loaded,
) -> Result<(), String> {
    let id = b.id;
    if let Some(list) = t.strip_prefix("alias:") {
        for a in split_list(list) {
            out.add_key(a, id, Form::Name, n);
        }
        return Ok(());
    }
    if let Some(list) = t.strip_prefix("surname:") {
        return surname_line(list, n, b, kind, out);
    }
    let mut f = t.split_whitespace();
    let code = f.next().unwrap_or_default();
    if !is_code(code) {
        return Err(format!("expected `alias: …` or a role line `CODE FROM TO OFFICE` (CODE like RUSGOV); found {code:?}"));
    }
    let (from, to) = match (f.next(), f.next()) {
        (None, _) => (None, None),
        (Some(a), Some(b)) => (window_date(a, Bound::Start)?, window_date(b, Bound::End)?),
        (Some(_), None) => {
            return Err(
                "a role line needs both FROM and TO (use - for unknown or still in office)".into(),
            )
        }
    };
    if let (Some(a), Some(b)) = (from, to) {
        if b < a {
            return Err("window ends before it starts".into());
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
    Ok(())
}

/// A `surname:` line: the person's surname keys (`-` = none).
fn surname_line(
    list: &str,
    n: usize,
    b: &mut Block,
    kind: EntryKind,
    out: &mut Loaded,
) -> Result<(), String> {
    if kind != EntryKind::Person {
        return Err("`surname:` is for people only".into());
    }
    if b.explicit_surname {
        return Err("a second `surname:` line (put all surnames on one, separated by `;`)".into());
    }
    b.explicit_surname = true;
    // `surname: -` = none: the name is only matched in full.
    let mut no_letters = Vec::new();
    for a in split_list(list).filter(|a| *a != "-") {
        if !out.add_key(a, b.id, Form::Surname, n) {
            no_letters.push(a.to_string());
            continue;
        }
        let k = norm::key(a);
        out.entries[b.id as usize].surnames.push(k);
    }
    if no_letters.is_empty() {
        Ok(())
    } else {
        Err(format!("surname(s) {no_letters:?} have no letters"))
    }
}

/// Name particles that belong to a surname ("Le Drian", "von der Leyen").
const PARTICLES: &[&str] = &[
    "al", "el", "bin", "ben", "le", "la", "de", "del", "da", "dos", "das", "van", "von", "der",
    "di", "du", "abu", "ould", "arap", "wa",
];

/// Generational suffixes and regnal numbers ("Felipe VI"): never a surname.
const SUFFIXES: &[&str] = &[
    "jr", "sr", "ii", "iii", "iv", "vi", "vii", "viii", "ix", "xi", "xii", "xiii", "xiv", "xv",
    "xvi",
];

/// Derived surnames that are not indexed alone, because as a capitalised
/// word they mostly mean something else: common English words ("May" is a
/// month, "King" a title), given names that end many names ("Ali", "Carlos",
/// "Henry"), family names shared by too many office-holders ("Kim", "Khan",
/// "Singh"), and name parts that are no surname ("Jong" of "Kim Jong Un",
/// "Win" and "Sun" of Burmese and Chinese names, "Sen" = "Senator").
/// A people file can still give such a person a surname key with a
/// `surname:` line (see data/README.md).
pub const SURNAME_STOPLIST: &[&str] = &[
    // English words, titles and ranks
    "may",
    "king",
    "young",
    "little",
    "long",
    "white",
    "black",
    "brown",
    "green",
    "power",
    "hope",
    "love",
    "rich",
    "strong",
    "law",
    "major",
    "will",
    "grant",
    "bill",
    "key",
    "ban",
    "said",
    "sen",
    "english",
    "meta",
    "scott",
    "dan",
    "general",
    "sheikh",
    "emir",
    "sultan",
    "prince",
    "pope",
    "saint",
    // given names that stand last in many names
    "ali",
    "ahmed",
    "ahmad",
    "mohamed",
    "mohammed",
    "muhammad",
    "mohammad",
    "mohamud",
    "mahmoud",
    "mahmud",
    "hassan",
    "hasan",
    "hussein",
    "husain",
    "hussain",
    "hossain",
    "ibrahim",
    "abdullah",
    "abdallah",
    "abdulla",
    "omar",
    "umar",
    "osman",
    "othman",
    "khalid",
    "khaled",
    "saeed",
    "saleh",
    "salih",
    "salem",
    "salim",
    "yusuf",
    "yousef",
    "youssef",
    "youssouf",
    "musa",
    "moussa",
    "mustafa",
    "mostafa",
    "hamad",
    "hamid",
    "rashid",
    "issa",
    "idris",
    "ismail",
    "abbas",
    "jaber",
    "jassim",
    "karim",
    "rahman",
    "aziz",
    "nasser",
    "mohamad",
    "tariq",
    "tarik",
    "salman",
    "henry",
    "carlos",
    "james",
    "john",
    "george",
    "thomas",
    "paul",
    "peter",
    "martin",
    "daniel",
    "joseph",
    "jose",
    "juan",
    "luis",
    "michael",
    "david",
    "charles",
    "robert",
    "william",
    "richard",
    "albert",
    "philip",
    "francis",
    "anthony",
    "antonio",
    "pedro",
    "miguel",
    "manuel",
    "samuel",
    "simon",
    "abraham",
    "isaac",
    "jacob",
    "benjamin",
    "emmanuel",
    "patrick",
    "alexander",
    "andrew",
    "edward",
    "victor",
    "felix",
    "jean",
    "pierre",
    "marie",
    "maria",
    // family names and name parts shared by too many people
    "kim",
    "lee",
    "park",
    "choi",
    "jung",
    "jong",
    "ho",
    "he",
    "ma",
    "win",
    "sun",
    "khan",
    "shah",
    "singh",
    "kumar",
    "begum",
    "devi",
    "bibi",
    "nguyen",
    "tran",
];

/// Countries whose people English-language news names family name first
/// ("Xi Jinping", "Yoon Suk Yeol", "Lee Hsien Loong") when the first word is
/// a family name of [`EAST_ASIAN_FAMILY_NAMES`]; "Carrie Lam" and "William
/// Lai" are written given name first.
const FAMILY_FIRST: &[&str] = &["CHN", "TWN", "HKG", "MAC", "KOR", "PRK", "SGP"];

/// Common Chinese and Korean family names (romanised as news writes them).
const EAST_ASIAN_FAMILY_NAMES: &[&str] = &[
    "xi", "li", "wang", "zhang", "liu", "chen", "yang", "huang", "zhao", "wu", "zhou", "xu", "sun",
    "ma", "zhu", "hu", "guo", "he", "lin", "gao", "luo", "zheng", "liang", "xie", "song", "tang",
    "han", "feng", "deng", "cao", "peng", "zeng", "xiao", "tian", "dong", "pan", "yuan", "cai",
    "jiang", "yu", "du", "ye", "cheng", "wei", "su", "lu", "ding", "ren", "shen", "yao", "tan",
    "liao", "zou", "xiong", "jin", "hao", "kong", "bai", "cui", "kang", "mao", "qiu", "qin", "shi",
    "gu", "hou", "shao", "meng", "wan", "duan", "lei", "qian", "yin", "yi", "chang", "wen", "bo",
    "zhan", "lai", "tsai", "hsieh", "soong", "chiang", "lien", "chu", "ko", "chou", "hsu", "lee",
    "kim", "park", "choi", "choe", "jung", "chung", "cho", "yoon", "yun", "jang", "lim", "oh",
    "seo", "shin", "kwon", "hwang", "ahn", "yoo", "hong", "jeon", "moon", "ban", "roh", "chun",
    "rhee", "choo", "ri", "pak", "goh", "ng", "teo", "ong", "wong", "lam", "tung", "leung", "lau",
    "tsang", "chan", "cheung", "ho", "yeung", "lo", "chee", "tay",
];

/// Countries whose names have no family name (Burmese): no surname is derived.
const NO_FAMILY_NAME: &[&str] = &["MMR"];

/// The surname keys derived from a person's canonical name, and whether the
/// name is written family name first.
///
/// - Western order: the last word, with particles before it ("Le Drian" →
///   "le drian", "drian"); a hyphenated last word is one surname
///   ("Kramp-Karrenbauer" → "kramp karrenbauer"; "al-Assad" → "al assad",
///   "assad").
/// - Family name first: the first word ("Xi Jinping" → "xi"). A last word
///   whose part after the hyphen is in lower case is a given name ("Ban
///   Ki-moon", "Tsai Ing-wen"), so such names are family-first wherever
///   their holder is from.
/// - Initials, generational suffixes and regnal numbers are skipped;
///   one-word and regnal names ("Felipe VI") get no surname; surnames in
///   [`SURNAME_STOPLIST`] are dropped; a Western surname needs 3 letters.
pub fn derive_surnames(name: &str, country: &str) -> (Vec<String>, bool) {
    let is_suffix = |w: &str| SUFFIXES.contains(&norm::bare_key(w).as_str());
    let words: Vec<&str> = name
        .split_whitespace()
        .filter(|w| !norm::tokenize(w).iter().all(|t| t.initial))
        .collect();
    let mut end = words.len();
    while end > 1 && is_suffix(words[end - 1]) {
        end -= 1;
    }
    let words = &words[..end];
    if words.len() < 2 || NO_FAMILY_NAME.contains(&country) {
        return (Vec::new(), false);
    }
    let word_toks = |w: &str| -> Vec<String> {
        norm::tokenize(w)
            .into_iter()
            .filter(|t| !t.initial && t.norm != "'s" && t.norm != ",")
            .map(|t| t.norm)
            .collect()
    };
    let last = words[words.len() - 1];
    let given_last = last
        .rsplit_once('-')
        .is_some_and(|(_, g)| g.starts_with(char::is_lowercase));
    let first = word_toks(words[0]);
    let family_first = given_last
        || (FAMILY_FIRST.contains(&country)
            && words.len() <= 3
            && first.len() == 1
            && EAST_ASIAN_FAMILY_NAMES.contains(&first[0].as_str()));
    let mut keys: Vec<String> = Vec::new();
    if family_first {
        keys.push(first.join(" "));
    } else {
        let mut parts = word_toks(last);
        if parts.last().is_none_or(|t| t.chars().count() < 3) {
            return (Vec::new(), false);
        }
        // Particles written as separate words before the surname.
        let mut i = words.len() - 1;
        let mut before: Vec<String> = Vec::new();
        while i > 1 {
            let w = word_toks(words[i - 1]);
            if w.len() == 1 && PARTICLES.contains(&w[0].as_str()) {
                before.insert(0, w[0].clone());
                i -= 1;
            } else {
                break;
            }
        }
        before.append(&mut parts);
        // "le drian" and "drian"; "al assad" and "assad"; "kramp karrenbauer" only.
        let mut from = 0;
        keys.push(before.join(" "));
        while from + 1 < before.len() && PARTICLES.contains(&before[from].as_str()) {
            from += 1;
            keys.push(before[from..].join(" "));
        }
    }
    keys.retain(|k| !k.is_empty() && !SURNAME_STOPLIST.contains(&k.as_str()));
    (keys, family_first)
}

/// Adds the weak surname keys of a person ([`derive_surnames`]), so
/// "Putin", "Mr. Putin" and "President Putin" find them (titles are agent
/// words and combine), and the first-plus-last-name key of a Western name
/// with middle names ("Kathleen Holland Hicks" → "kathleen hicks").
fn derive_person_keys(out: &mut Loaded, id: u32) {
    let e = &out.entries[id as usize];
    let (name, line) = (e.name.clone(), e.line);
    let country = e
        .windows
        .first()
        .and_then(|w| w.code.get(..3))
        .unwrap_or("")
        .to_string();
    let (keys, family_first) = derive_surnames(&name, &country);
    for k in &keys {
        out.add_key(k, id, Form::Surname, line);
    }
    if !family_first && keys.len() == 1 && !keys[0].contains(' ') {
        let toks: Vec<String> = norm::tokenize(&name)
            .into_iter()
            .filter(|t| !t.initial && !SUFFIXES.contains(&t.norm.as_str()))
            .map(|t| t.norm)
            .collect();
        if toks.len() > 2 && toks.last() == keys.last() {
            out.add_key(&format!("{} {}", toks[0], keys[0]), id, Form::Name, line);
        }
    }
    out.entries[id as usize].surnames = keys;
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
/// A malformed line is recorded and skipped.
pub(crate) fn parse_agents(text: &str, file: &Arc<str>, layer: u16, out: &mut Loaded) {
    for (n, l) in content_lines(text) {
        let Some((roles, list)) = l.trim().split_once(':') else {
            out.bad(file, n, "expected `ROLES: term; term/plural; …`");
            continue;
        };
        let roles = roles.trim();
        if !is_code(roles) {
            out.bad(
                file,
                n,
                format!("bad role code {roles:?} (expected e.g. MIL or GOVMIL)"),
            );
            continue;
        }
        for term in split_list(list) {
            agent_term(term, roles, file, n, layer, out);
        }
    }
}

/// One `term` or `term/plural` of an agents line.
fn agent_term(term: &str, roles: &str, file: &Arc<str>, n: usize, layer: u16, out: &mut Loaded) {
    let (sing, plur) = match term.split_once('/') {
        Some((s, p)) => (s.trim(), Some(p.trim().to_string())),
        None => (term, None),
    };
    let id = out.push_entry(Entry::undated(
        sing.to_string(),
        EntryKind::Agent,
        roles.to_string(),
        file,
        n,
        layer,
    ));
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
