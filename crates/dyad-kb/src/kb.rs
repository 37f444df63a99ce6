//! The knowledge base: dictionary entries from built-in and user files, and
//! the index that finds them in token sequences.

use std::collections::{HashMap, HashSet};

use rustc_hash::{FxHashMap, FxHashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::Serialize;

use crate::date::Date;
use crate::dict::{self, Entry, EntryKind, Form, Hit, Loaded};
use crate::error::{BadLine, KbError, LoadMode, Result};
use crate::norm::{self, Tok};
use crate::ontology::Ontology;
use crate::petrarch;

/// The built-in country dictionary (re-exported as `BUILTIN_COUNTRIES`).
pub const COUNTRIES: &str = include_str!("../data/actors/countries.txt");
const ORGANISATIONS: &str = include_str!("../data/actors/organisations.txt");
const AGENTS: &str = include_str!("../data/actors/agents.txt");
include!(concat!(env!("OUT_DIR"), "/people.rs"));

/// The format of a dictionary file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DictFormat {
    /// dyad country blocks.
    Countries,
    /// dyad entity blocks for organisations.
    Organisations,
    /// dyad entity blocks for people.
    People,
    /// dyad agent lines.
    Agents,
    /// PETRARCH actors file.
    PetrarchActors,
    /// PETRARCH agents file.
    PetrarchAgents,
    /// PETRARCH discards file.
    PetrarchDiscards,
}

impl DictFormat {
    /// Tells the format from a file name (see `data/README.md`):
    /// PETRARCH files are `*.actors.txt`, `*.agents.txt`, `*discards*.txt`;
    /// dyad's are `countries*.txt`, `organisations*.txt` (or `organizations`,
    /// `orgs`), `agents*.txt`, `people*.txt` or any `.txt` under `people/`.
    pub fn from_path(path: &Path) -> Option<DictFormat> {
        let name = path.file_name()?.to_str()?.to_ascii_lowercase();
        if !name.ends_with(".txt") {
            return None;
        }
        let in_people_dir = path
            .parent()
            .and_then(|p| p.file_name())
            .is_some_and(|d| d == "people");
        Some(if name.contains("discards") {
            DictFormat::PetrarchDiscards
        } else if name.ends_with(".actors.txt") {
            DictFormat::PetrarchActors
        } else if name.ends_with(".agents.txt") {
            DictFormat::PetrarchAgents
        } else if name.starts_with("countries") {
            DictFormat::Countries
        } else if name.starts_with("organisations")
            || name.starts_with("organizations")
            || name.starts_with("orgs")
        {
            DictFormat::Organisations
        } else if name.starts_with("agents") {
            DictFormat::Agents
        } else if name.starts_with("people") || in_people_dir {
            DictFormat::People
        } else {
            return None;
        })
    }
}

/// Builds a [`KnowledgeBase`] from built-in data and files; files added
/// later override earlier ones where they name the same thing.
///
/// Every file is read to its end: all of its malformed lines are found in
/// one pass. In [`LoadMode::Strict`] (the default) adding a file with bad
/// lines is an error listing them all; in [`LoadMode::Lenient`] they are
/// skipped and listed in [`KnowledgeBase::skipped`] and
/// [`KnowledgeBase::warnings`].
pub struct KbBuilder {
    loaded: Loaded,
    layer: u16,
    ontology: &'static Ontology,
    mode: LoadMode,
    /// Bad lines of user files skipped so far (lenient mode).
    skipped: Vec<BadLine>,
}

impl Default for KbBuilder {
    fn default() -> Self {
        KbBuilder::new()
    }
}

impl KbBuilder {
    /// An empty builder (no built-in data).
    pub fn new() -> KbBuilder {
        KbBuilder {
            loaded: Loaded::default(),
            layer: 0,
            ontology: Ontology::builtin(),
            mode: LoadMode::Strict,
            skipped: Vec::new(),
        }
    }

    /// Sets how files added from now on treat malformed lines (built-in
    /// data is always strict).
    pub fn mode(mut self, mode: LoadMode) -> KbBuilder {
        self.mode = mode;
        self
    }

    /// Bad lines skipped so far (lenient mode).
    pub fn skipped(&self) -> &[BadLine] {
        &self.skipped
    }

    /// Adds dyad's embedded dictionaries (countries, organisations, agents, people).
    pub fn builtin(self) -> Result<KbBuilder> {
        let mut b = self.builtin_core()?;
        // Built-in files share layer 0: they complement, never override, each other.
        let saved = std::mem::replace(&mut b.layer, 0);
        for (name, text) in PEOPLE {
            b.parse_strict(DictFormat::People, &format!("builtin:people/{name}"), text)?;
        }
        b.layer = saved;
        Ok(b)
    }

    /// Adds the embedded countries, organisations and agents, without the
    /// people files (for a user who brings their own people, and for tests).
    pub fn builtin_core(mut self) -> Result<KbBuilder> {
        let saved = std::mem::replace(&mut self.layer, 0);
        self.parse_strict(
            DictFormat::Countries,
            "builtin:actors/countries.txt",
            COUNTRIES,
        )?;
        self.parse_strict(
            DictFormat::Organisations,
            "builtin:actors/organisations.txt",
            ORGANISATIONS,
        )?;
        self.parse_strict(DictFormat::Agents, "builtin:actors/agents.txt", AGENTS)?;
        self.layer = saved;
        Ok(self)
    }

    /// Parses dictionary text in the given format, as a new layer above
    /// everything added so far. Strict mode: an error listing every
    /// malformed line of the text (what parsed is kept, so a caller may go
    /// on to find the bad lines of further files). Lenient mode: the bad
    /// lines are skipped and recorded.
    pub fn add_text(&mut self, format: DictFormat, file: &str, text: &str) -> Result<()> {
        self.layer = self.layer.saturating_add(1);
        let bad = self.parse(format, file, text);
        if bad.is_empty() {
            return Ok(());
        }
        match self.mode {
            LoadMode::Strict => Err(KbError::BadLines(bad)),
            LoadMode::Lenient => {
                self.skipped.extend(bad);
                Ok(())
            }
        }
    }

    /// Parses built-in data: any bad line is an error (a bug in dyad's data).
    fn parse_strict(&mut self, format: DictFormat, file: &str, text: &str) -> Result<()> {
        let bad = self.parse(format, file, text);
        if bad.is_empty() {
            Ok(())
        } else {
            Err(KbError::BadLines(bad))
        }
    }

    /// Parses `text`, returning its malformed lines (skipped) in line order.
    fn parse(&mut self, format: DictFormat, file: &str, text: &str) -> Vec<BadLine> {
        let file: Arc<str> = file.into();
        let out = &mut self.loaded;
        let layer = self.layer;
        match format {
            DictFormat::Countries => dict::parse_countries(text, &file, layer, out),
            DictFormat::Organisations => {
                dict::parse_entities(text, &file, layer, EntryKind::Organisation, out)
            }
            DictFormat::People => dict::parse_entities(text, &file, layer, EntryKind::Person, out),
            DictFormat::Agents => dict::parse_agents(text, &file, layer, out),
            DictFormat::PetrarchActors => petrarch::parse_actors(text, &file, layer, out),
            DictFormat::PetrarchAgents => petrarch::parse_agents(text, &file, layer, out),
            DictFormat::PetrarchDiscards => petrarch::parse_discards(text, &file, out),
        }
        let mut bad = std::mem::take(&mut out.bad);
        bad.sort_by_key(|b| b.line);
        bad
    }

    /// Adds a file (format told by its name) or every dictionary file in a
    /// directory tree (in name order; files of unknown format there are skipped).
    pub fn add_path(mut self, path: &Path) -> Result<KbBuilder> {
        if path.is_dir() {
            let mut files = Vec::new();
            collect_files(path, &mut files)?;
            files.sort();
            // Strict mode: read every file before failing, so one run lists all bad lines.
            let mut bad = Vec::new();
            for f in files {
                if let Some(fmt) = DictFormat::from_path(&f) {
                    match self.add_file(fmt, &f) {
                        Err(KbError::BadLines(v)) => bad.extend(v),
                        other => other?,
                    }
                }
            }
            if bad.is_empty() {
                Ok(self)
            } else {
                Err(KbError::BadLines(bad))
            }
        } else {
            let fmt = DictFormat::from_path(path).ok_or_else(|| KbError::UnknownFormat {
                path: path.to_path_buf(),
            })?;
            self.add_file(fmt, path)?;
            Ok(self)
        }
    }

    /// Adds a file in an explicit format.
    pub fn add_file(&mut self, format: DictFormat, path: &Path) -> Result<()> {
        let bytes = std::fs::read(path).map_err(|source| KbError::Io {
            path: path.to_path_buf(),
            source,
        })?;
        // PETRARCH files are sometimes Latin-1; decode lossily rather than fail.
        let text = String::from_utf8_lossy(&bytes);
        self.add_text(format, &path.display().to_string(), &text)
    }

    /// Finishes: builds the index. Skipped bad lines become warnings.
    pub fn build(mut self) -> KnowledgeBase {
        for b in &self.skipped {
            self.loaded.warnings.push(format!("{b} (skipped)"));
        }
        let mut kb = KnowledgeBase::from_loaded(self.loaded, self.ontology);
        kb.skipped = self.skipped;
        kb
    }
}

fn collect_files(dir: &Path, out: &mut Vec<PathBuf>) -> Result<()> {
    let rd = std::fs::read_dir(dir).map_err(|source| KbError::Io {
        path: dir.to_path_buf(),
        source,
    })?;
    for e in rd {
        let e = e.map_err(|source| KbError::Io {
            path: dir.to_path_buf(),
            source,
        })?;
        let p = e.path();
        if p.is_dir() {
            collect_files(&p, out)?;
        } else {
            out.push(p);
        }
    }
    Ok(())
}

/// A dictionary match in a token sequence.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Match {
    /// First token (index into the tokens searched).
    pub start: usize,
    /// One past the last token.
    pub end: usize,
    /// The normalised key matched.
    pub key: String,
    /// Its meanings, best layer only.
    pub hits: Vec<Hit>,
}

/// The code an entry has on a date, and why.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct CodeAt {
    /// The full code (None for code `---`, "not an actor").
    pub code: Option<String>,
    /// Which window or rule gave it.
    pub why: String,
    /// Whether a window of the entry covers the date.
    pub current: bool,
    /// Other codes held on that date (further windows).
    pub also: Vec<String>,
}

/// dyad's knowledge of actors: entries and their index.
pub struct KnowledgeBase {
    entries: Vec<Entry>,
    map: FxHashMap<String, Vec<Hit>>,
    /// Every proper token prefix of a key: the trie, flattened into a hash set.
    prefixes: FxHashSet<String>,
    discards: HashMap<String, (Arc<str>, usize)>,
    warnings: Vec<String>,
    /// Malformed lines skipped (lenient loading).
    skipped: Vec<BadLine>,
    ontology: &'static Ontology,
}

impl KnowledgeBase {
    /// A builder with nothing loaded.
    pub fn builder() -> KbBuilder {
        KbBuilder::new()
    }

    /// dyad's built-in dictionaries.
    pub fn builtin() -> Result<KnowledgeBase> {
        Ok(KbBuilder::new().builtin()?.build())
    }

    /// Built-in dictionaries plus user files or directories, later ones
    /// overriding earlier ones; strict (see [`KnowledgeBase::load_with`]).
    pub fn load(user_paths: &[PathBuf]) -> Result<KnowledgeBase> {
        Self::load_with(user_paths, LoadMode::Strict)
    }

    /// [`KnowledgeBase::load`] with a choice of what malformed lines do.
    /// Every file is read in full either way. Strict: if any line of any
    /// file is malformed, the error lists them all. Lenient: they are
    /// skipped and listed in [`KnowledgeBase::skipped`]. A file that cannot
    /// be read, or whose format cannot be told, is an error in both modes.
    pub fn load_with(user_paths: &[PathBuf], mode: LoadMode) -> Result<KnowledgeBase> {
        // Collect leniently, then decide: so strict mode sees every file's bad lines.
        let mut b = KbBuilder::new().builtin()?.mode(LoadMode::Lenient);
        for p in user_paths {
            b = b.add_path(p)?;
        }
        if mode == LoadMode::Strict && !b.skipped.is_empty() {
            return Err(KbError::BadLines(b.skipped));
        }
        Ok(b.build())
    }

    fn from_loaded(loaded: Loaded, ontology: &'static Ontology) -> KnowledgeBase {
        let mut map: FxHashMap<String, Vec<Hit>> = FxHashMap::default();
        for (k, h) in loaded.keys {
            let v = map.entry(k).or_default();
            if !v.contains(&h) {
                v.push(h);
            }
        }
        // A user entry that takes the name of an earlier entry of the same kind
        // replaces it entirely (all its aliases and derived forms go too).
        let mut shadowed: HashSet<u32> = HashSet::new();
        for hits in map.values() {
            for h in hits.iter().filter(|h| h.form == Form::Name) {
                let kind = loaded.entries[h.entry as usize].kind;
                for o in hits {
                    if o.form == Form::Name
                        && o.layer < h.layer
                        && loaded.entries[o.entry as usize].kind == kind
                    {
                        shadowed.insert(o.entry);
                    }
                }
            }
        }
        map.retain(|_, hits| {
            hits.retain(|h| !shadowed.contains(&h.entry));
            !hits.is_empty()
        });
        let mut prefixes = FxHashSet::default();
        for (k, hits) in map.iter_mut() {
            // A user file overrides the built-in (and earlier user) meanings of the same key.
            let top = hits.iter().map(|h| h.layer).max().unwrap_or(0);
            hits.retain(|h| h.layer == top);
            let mut end = 0;
            while let Some(i) = k[end..].find(' ') {
                end += i;
                prefixes.insert(k[..end].to_string());
                end += 1;
            }
        }
        let discards = loaded
            .discards
            .into_iter()
            .map(|(name, f, n)| (norm::key(&name), (f, n)))
            .collect();
        KnowledgeBase {
            entries: loaded.entries,
            map,
            prefixes,
            discards,
            warnings: loaded.warnings,
            skipped: Vec::new(),
            ontology,
        }
    }

    /// Lines of dictionary files that were skipped, with the reason,
    /// `file:line: …` one a string: PETRARCH entries without a code (in
    /// every mode) and malformed lines (lenient loading).
    pub fn warnings(&self) -> &[String] {
        &self.warnings
    }

    /// The malformed lines skipped by lenient loading (a subset of
    /// [`KnowledgeBase::warnings`], structured).
    pub fn skipped(&self) -> &[BadLine] {
        &self.skipped
    }

    /// The ontology used to read codes.
    pub fn ontology(&self) -> &'static Ontology {
        self.ontology
    }

    /// An entry by index (from a [`Hit`]).
    pub fn entry(&self, id: u32) -> &Entry {
        &self.entries[id as usize]
    }

    /// All entries.
    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    /// Number of distinct keys indexed.
    pub fn key_count(&self) -> usize {
        self.map.len()
    }

    /// The meanings of a normalised key.
    pub fn lookup(&self, key: &str) -> &[Hit] {
        self.map.get(key).map(Vec::as_slice).unwrap_or(&[])
    }

    /// Where a discard phrase (not an actor) is defined, if `key` is one.
    pub fn discard(&self, key: &str) -> Option<(&str, usize)> {
        self.discards.get(key).map(|(f, n)| (&**f, *n))
    }

    /// Finds the longest dictionary matches, left to right, in normalised tokens.
    /// Each candidate span is looked up with its initials ("m k narayanan")
    /// and without them ("vladimir \[v\] putin"); at equal length the form
    /// with initials wins. A match does not start with an initial it skips.
    pub fn find_in(&self, toks: &[Tok]) -> Vec<Match> {
        let mut out = Vec::new();
        let mut i = 0;
        while i < toks.len() {
            let mut full = String::new();
            let mut bare = String::new();
            let (mut full_open, mut bare_open) = (true, !toks[i].initial);
            let mut best: Option<(usize, String, Vec<Hit>)> = None;
            for (j, t) in toks.iter().enumerate().skip(i) {
                let all_lower = || toks[i..=j].iter().all(|t| t.lowercase);
                let usable = |key: &str| -> Option<Vec<Hit>> {
                    let hits: Vec<Hit> = self
                        .map
                        .get(key)?
                        .iter()
                        .copied()
                        .filter(|h| !(h.acronym && all_lower()))
                        .collect();
                    (!hits.is_empty()).then_some(hits)
                };
                let mut found = false;
                if full_open {
                    if j > i {
                        full.push(' ');
                    }
                    full.push_str(&t.norm);
                    if let Some(hits) = usable(&full) {
                        best = Some((j + 1, full.clone(), hits));
                        found = true;
                    }
                    full_open = self.prefixes.contains(&full);
                }
                if bare_open && !t.initial {
                    if !bare.is_empty() {
                        bare.push(' ');
                    }
                    bare.push_str(&t.norm);
                    if !found && bare != full {
                        if let Some(hits) = usable(&bare) {
                            best = Some((j + 1, bare.clone(), hits));
                        }
                    }
                    bare_open = self.prefixes.contains(&bare);
                }
                if !full_open && !bare_open {
                    break;
                }
            }
            match best {
                Some((end, key, hits)) => {
                    out.push(Match {
                        start: i,
                        end,
                        key,
                        hits,
                    });
                    i = end;
                }
                None => i += 1,
            }
        }
        out
    }

    /// The mention-level API for a coder: finds the longest dictionary
    /// matches in a sequence of raw tokens (as a tokenizer split them).
    /// Match spans are in indices of `tokens`.
    pub fn find_mentions(&self, tokens: &[&str]) -> Vec<Match> {
        let mut toks = Vec::with_capacity(tokens.len());
        let mut owner = Vec::with_capacity(tokens.len());
        for (i, raw) in tokens.iter().enumerate() {
            for t in norm::tokenize(raw) {
                toks.push(t);
                owner.push(i);
            }
        }
        self.find_in(&toks)
            .into_iter()
            .map(|m| Match {
                start: owner[m.start],
                end: owner[m.end - 1] + 1,
                ..m
            })
            .collect()
    }

    /// The code of an entry on a date. Outside every window: a person is
    /// `<country>ELI` after a window ended (former office-holder) and just
    /// `<country>` before their first; an organisation keeps its latest code
    /// (before its first window: its country).
    pub fn code_at(&self, id: u32, date: Date) -> CodeAt {
        let e = self.entry(id);
        let fmt = |w: &dict::CodeWindow| {
            let d = |x: Option<Date>| x.map_or("-".to_string(), |d| d.to_string());
            if w.from.is_none() && w.to.is_none() {
                format!("{} (line {})", w.code, w.line)
            } else {
                format!(
                    "{} {}..{} {}(line {})",
                    w.code,
                    d(w.from),
                    d(w.to),
                    if w.label.is_empty() {
                        String::new()
                    } else {
                        format!("{} ", w.label)
                    },
                    w.line
                )
            }
        };
        let code_of = |c: &str| (c != "---").then(|| c.to_string());
        let inside: Vec<&dict::CodeWindow> =
            e.windows.iter().filter(|w| w.contains(date)).collect();
        if let Some(w) = inside.first() {
            return CodeAt {
                code: code_of(&w.code),
                why: format!("window {} holds on {date}", fmt(w)),
                current: true,
                also: inside[1..].iter().map(|w| w.code.clone()).collect(),
            };
        }
        let ended = e
            .windows
            .iter()
            .filter(|w| w.to.is_some_and(|t| t < date))
            .max_by_key(|w| w.to);
        let first = e.windows.iter().min_by_key(|w| w.from);
        let country = |c: &str| c.get(..3).unwrap_or(c).to_string();
        match (e.kind, ended, first) {
            (EntryKind::Person, Some(w), _) => CodeAt {
                code: code_of(&w.code).map(|c| format!("{}ELI", country(&c))),
                why: format!(
                    "window {} ended before {date}: former office-holder",
                    fmt(w)
                ),
                current: false,
                also: Vec::new(),
            },
            (_, Some(w), _) => CodeAt {
                code: code_of(&w.code),
                why: format!("latest window {} (ended before {date})", fmt(w)),
                current: false,
                also: Vec::new(),
            },
            (_, None, Some(w)) => CodeAt {
                code: code_of(&w.code).map(|c| country(&c)),
                why: format!("before the first window {}: country only", fmt(w)),
                current: false,
                also: Vec::new(),
            },
            (_, None, None) => CodeAt {
                code: None,
                why: "entry has no code".into(),
                current: false,
                also: Vec::new(),
            },
        }
    }
}
