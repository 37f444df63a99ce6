//! Input options and error reporting shared by the commands that read articles.

use anyhow::Result;
use chrono::NaiveDate;
use dyad_code::engine::EngineOptions;
use dyad_ingest::{Article, Format, InputError};
use std::path::PathBuf;

/// The built-in example: a realistic wire-news article.
pub const EXAMPLE_ARTICLE: &str = include_str!("example_article.txt");

#[derive(clap::Args, Clone)]
pub struct InputArgs {
    /// Input files or folders (`-` = standard input; none = standard input).
    /// Folders are read recursively. An argument that is not an existing
    /// path and contains a space is coded as text itself.
    pub paths: Vec<PathBuf>,
    /// Input format: text, article, jsonl, html or feed (RSS/Atom)
    /// (default: detected per file).
    #[arg(long = "input", id = "input_format", value_name = "FORMAT")]
    pub input_format: Option<Format>,
    /// Story date (YYYY-MM-DD) for inputs that carry none; stored with them.
    #[arg(long, value_parser = parse_date)]
    pub date: Option<NaiveDate>,
    /// Use the built-in example article instead of input files.
    #[arg(long, conflicts_with = "paths")]
    pub example: bool,
    /// Which articles to code: `en` (default) skips articles reliably
    /// detected as another language, and says how many; `any` codes all.
    #[arg(long, value_enum, default_value_t = Lang::En, value_name = "LANG")]
    pub lang: Lang,
}

/// `--lang`: dyad codes English; other languages are skipped unless asked.
#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Lang {
    /// English only (articles detected as another language are skipped).
    En,
    /// Every article, whatever its language.
    Any,
}

fn parse_date(s: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .map_err(|_| format!("`{s}` is not a date: expected YYYY-MM-DD, e.g. 2024-03-05"))
}

/// What a positional argument names. The same rule holds in every command:
/// an existing path is a file or folder; otherwise words with a space are
/// text; a single word that looks like a file name is a missing file.
#[derive(Debug, PartialEq, Eq)]
pub enum Positional {
    Stdin,
    Path(PathBuf),
    Text(String),
    Missing(String),
}

pub fn classify(arg: &std::ffi::OsStr) -> Positional {
    if arg == "-" {
        return Positional::Stdin;
    }
    let path = PathBuf::from(arg);
    // `symlink_metadata`: a broken link is a path (whose reading fails), not text.
    if std::fs::symlink_metadata(&path).is_ok() {
        return Positional::Path(path);
    }
    let s = arg.to_string_lossy().into_owned();
    if s.trim().is_empty() || (!s.contains(char::is_whitespace) && looks_like_a_path(&s)) {
        Positional::Missing(s)
    } else {
        Positional::Text(s)
    }
}

/// A path separator, or a name ending in a file extension (`news.txt`).
fn looks_like_a_path(s: &str) -> bool {
    if s.contains(['/', '\\']) {
        return true;
    }
    match s.rsplit_once('.') {
        Some((stem, ext)) => {
            !stem.is_empty()
                && (1..=5).contains(&ext.len())
                && ext.starts_with(|c: char| c.is_ascii_alphabetic())
                && ext.chars().all(|c| c.is_ascii_alphanumeric())
        }
        None => false,
    }
}

/// The message for an argument that names no file and is not text.
pub fn missing_message(arg: &str) -> String {
    if arg.trim().is_empty() {
        "an empty argument: give a file, a folder, `-` for standard input, or text in quotes".into()
    } else {
        format!("{arg}: no such file or folder (to code text, quote a sentence: dyad code \"Rebels attacked Goma.\")")
    }
}

/// Articles read from the inputs as they are needed, with input problems
/// reported on stderr as they are met (so memory stays bounded and the user
/// sees them at once) and counted for the exit status.
pub struct Inputs {
    articles: Box<dyn Iterator<Item = Result<Article, InputError>> + Send>,
    /// `--date`: the story date of inputs that carry none.
    date: Option<NaiveDate>,
    /// Problems reported so far.
    pub problems: usize,
    /// Articles read so far, and how many of them have no story date.
    pub read: usize,
    pub undated: usize,
    /// `--lang en`: skip articles reliably detected as another language.
    english_only: bool,
    /// Articles skipped as not English.
    pub not_english: usize,
}

/// Open every input named by `args` (nothing is read yet).
pub fn open_inputs(args: &InputArgs) -> Inputs {
    let format = args.input_format;
    let mut problems = Vec::new();
    let articles: Box<dyn Iterator<Item = Result<Article, InputError>> + Send> = if args.example {
        Box::new(dyad_ingest::Reader::from_str(
            "example",
            EXAMPLE_ARTICLE,
            format,
        ))
    } else {
        let args_or_stdin = if args.paths.is_empty() {
            vec![PathBuf::from("-")]
        } else {
            args.paths.clone()
        };
        let mut sources: Vec<Box<dyn Iterator<Item = Result<Article, InputError>> + Send>> =
            Vec::new();
        for (k, p) in args_or_stdin.iter().enumerate() {
            match classify(p.as_os_str()) {
                Positional::Stdin => sources.push(Box::new(dyad_ingest::Reader::open(p, format))),
                Positional::Path(p) => {
                    let (files, errs) = dyad_ingest::expand(std::slice::from_ref(&p));
                    problems.extend(errs);
                    sources.push(Box::new(dyad_ingest::read_files(files, format)));
                }
                Positional::Text(t) => sources.push(Box::new(dyad_ingest::Reader::from_str(
                    &format!("text-{}", k + 1),
                    &t,
                    Some(format.unwrap_or(Format::Text)),
                ))),
                Positional::Missing(a) => problems.push(InputError::new(
                    format!("argument {}", k + 1),
                    missing_message(&a),
                )),
            }
        }
        Box::new(
            problems
                .clone()
                .into_iter()
                .map(Err)
                .chain(sources.into_iter().flatten()),
        )
    };
    Inputs {
        articles,
        date: args.date,
        problems: 0,
        read: 0,
        undated: 0,
        english_only: args.lang == Lang::En,
        not_english: 0,
    }
}

impl Inputs {
    /// The next article, with its story date filled in where the input
    /// gives none (from a dateline, else `--date`), so that what is stored
    /// is what was coded; problems on the way are reported.
    pub fn next_article(&mut self) -> Option<Article> {
        for r in self.articles.by_ref() {
            match r {
                Ok(a) if self.english_only && dyad_ingest::is_not_english(&a) => {
                    self.not_english += 1;
                }
                Ok(mut a) => {
                    a.date = dyad_code::engine::Engine::story_date(&a, self.date);
                    self.read += 1;
                    self.undated += usize::from(a.date.is_none());
                    return Some(a);
                }
                Err(e) => {
                    self.problems += 1;
                    eprintln!("dyad: {e}");
                }
            }
        }
        None
    }

    /// Up to `max` articles or about [`BATCH_BYTES`] of text, whichever
    /// comes first; empty at the end.
    pub fn next_batch(&mut self, max: usize) -> Vec<Article> {
        let mut batch = Vec::new();
        let mut bytes = 0;
        while batch.len() < max && bytes < BATCH_BYTES {
            let Some(a) = self.next_article() else { break };
            bytes += a.body.len();
            batch.push(a);
        }
        batch
    }

    /// Warn about undated articles, then fail if there were input problems.
    pub fn finish(&self) -> Result<()> {
        if self.not_english > 0 {
            eprintln!(
                "dyad: skipped {} article(s) not in English (dyad codes English; --lang any codes them anyway)",
                self.not_english
            );
        }
        warn_undated(self.undated, self.read);
        finish(self.problems)
    }
}

/// The `text` of every record of a JSON Lines corpus (benchmarks), at most
/// `limit`; bad records are reported on stderr and left out.
pub fn corpus_texts(path: &std::path::Path, limit: Option<usize>) -> Result<Vec<String>> {
    let mut texts = Vec::new();
    let mut bad = 0;
    for r in dyad_ingest::Reader::open(path, Some(Format::Jsonl)) {
        if limit.is_some_and(|l| texts.len() >= l) {
            break;
        }
        match r {
            Ok(a) => texts.push(a.body),
            Err(e) => {
                bad += 1;
                eprintln!("dyad: {e} (left out)");
            }
        }
    }
    if texts.is_empty() {
        anyhow::bail!(
            "{}: no record with a `text` field{}",
            path.display(),
            if bad > 0 {
                " (problems listed above)"
            } else {
                ""
            }
        );
    }
    Ok(texts)
}

/// Text per batch: bounds memory whatever the input (a batch of 1 MB
/// articles is as big as one of many short ones).
pub const BATCH_BYTES: usize = 16 << 20;

/// Articles per batch read by `code` and `ingest`.
pub const BATCH_ARTICLES: usize = 256;

/// Say that undated articles were coded as of today.
pub fn warn_undated(undated: usize, read: usize) {
    if undated > 0 {
        eprintln!(
            "dyad: warning: {undated} of {read} article(s) have no story date (no `date` field, no --date): \
             people were resolved as of today and events whose text gives no date are undated; \
             give --date YYYY-MM-DD or a `date` field"
        );
    }
}

/// Fail (non-zero exit) if there were input problems; each was reported
/// when met.
pub fn finish(problems: usize) -> Result<()> {
    if problems == 0 {
        Ok(())
    } else {
        anyhow::bail!("{problems} input problem(s), listed above; the other inputs were processed")
    }
}

/// The event database, declared once for every command that uses it.
#[derive(clap::Args, Clone)]
pub struct DbArgs {
    /// Event database [default: $DYAD_DB, else $XDG_DATA_HOME/dyad/events.db].
    #[arg(long, value_name = "FILE")]
    pub db: Option<PathBuf>,
}

impl DbArgs {
    /// `--db`, else the default location.
    pub fn path(&self) -> PathBuf {
        self.db.clone().unwrap_or_else(dyad_store::default_path)
    }
}

/// What the coder loads: model, extra dictionaries, extra patterns.
#[derive(clap::Args, Clone)]
pub struct EngineArgs {
    /// Extra dictionary directory or file (actors, agents, people; PETRARCH format too). Overrides built-ins. Repeatable.
    #[arg(long = "dict", value_name = "DIR")]
    pub dicts: Vec<PathBuf>,
    /// Extra event-pattern file: dyad's pattern format or a PETRARCH verb dictionary (detected by content). Overrides built-ins. Repeatable.
    #[arg(long = "patterns", value_name = "FILE")]
    pub patterns: Vec<PathBuf>,
    /// Use only the --patterns files, not the built-in patterns (for dictionaries with their own codebook).
    #[arg(long)]
    pub no_builtin_patterns: bool,
    /// List every PETRARCH verb pattern that was not converted, or only approximately, on stderr.
    #[arg(long)]
    pub pattern_report: bool,
    /// Extra lexicon file: word classes and CAMEO rule tables added to (or, with `-word`, removed from) the built-ins (format in crates/dyad-code/data/README.md). Repeatable.
    #[arg(long = "lexicon", value_name = "FILE")]
    pub lexicon: Vec<PathBuf>,
    /// Skip malformed lines of --dict and --patterns files (each listed on stderr) instead of failing.
    #[arg(long)]
    pub skip_bad_lines: bool,
    /// Model directory (default: $DYAD_MODEL or the installed model).
    #[arg(long, value_name = "DIR")]
    pub model: Option<PathBuf>,
    /// Gazetteer folder or index file for event locations (default: $DYAD_GAZETTEER or the installed one; without one, locations are null).
    #[arg(long, value_name = "DIR")]
    pub gazetteer: Option<PathBuf>,
    /// Do not place events, even with a gazetteer installed.
    #[arg(long, conflicts_with = "gazetteer")]
    pub no_geo: bool,
}

impl EngineArgs {
    pub fn options(&self) -> EngineOptions {
        EngineOptions {
            model: self.model.clone(),
            dicts: self.dicts.clone(),
            patterns: self.patterns.clone(),
            no_builtin_patterns: self.no_builtin_patterns,
            lexicon: self.lexicon.clone(),
        }
    }

    /// Strict (a malformed line is an error) unless --skip-bad-lines.
    pub fn load_mode(&self) -> dyad_kb::LoadMode {
        if self.skip_bad_lines {
            dyad_kb::LoadMode::Lenient
        } else {
            dyad_kb::LoadMode::Strict
        }
    }

    /// The geocoder the flags ask for: `--gazetteer` must load; the
    /// installed one is used when present (a damaged one is an error that
    /// says how to rebuild it) and its absence turns locations off.
    pub fn geocoder(&self) -> Result<Option<dyad_geo::Geocoder>> {
        if self.no_geo {
            return Ok(None);
        }
        match &self.gazetteer {
            Some(p) => Ok(Some(dyad_geo::Geocoder::load(p)?)),
            None => default_geocoder(),
        }
    }

    /// Load the engine; a summary line on stderr for each PETRARCH verb
    /// dictionary converted (every left-out line with `--pattern-report`).
    pub fn load(&self) -> Result<dyad_code::engine::Engine> {
        let mut engine = dyad_code::engine::Engine::load_with(&self.options(), self.load_mode())?;
        engine.set_geocoder(self.geocoder()?);
        let skipped = engine.skipped_line_count();
        if skipped > 0 {
            eprintln!(
                "dyad: {skipped} malformed dictionary/pattern line(s) skipped (--skip-bad-lines):"
            );
        }
        for w in engine.load_warnings() {
            eprintln!("dyad:   {w}");
        }
        for r in engine.patterns.conversion_reports() {
            eprintln!("dyad: {}", r.summary());
            if self.pattern_report {
                eprint!("{}", r.details());
            } else if !r.skipped.is_empty() || !r.approximated.is_empty() {
                let top: Vec<String> = r
                    .reasons()
                    .iter()
                    .take(4)
                    .map(|(why, n)| format!("{n} {why}"))
                    .collect();
                eprintln!(
                    "dyad:   not converted, by reason: {}; --pattern-report lists every line",
                    top.join("; ")
                );
            }
        }
        Ok(engine)
    }
}

/// The installed gazetteer's geocoder; `None` when none is installed.
pub fn default_geocoder() -> Result<Option<dyad_geo::Geocoder>> {
    match dyad_geo::Geocoder::load_default() {
        Ok(g) => Ok(Some(g)),
        Err(dyad_geo::GazetteerError::Missing(_)) => Ok(None),
        Err(e) => Err(e.into()),
    }
}

/// Articles per call into the text layer when `n` articles are coded on all
/// threads: big enough for the batched matrix products, small enough that
/// every thread gets several batches (an uneven last batch then costs
/// little). At most 32.
pub fn text_batch(n: usize) -> usize {
    (n / (rayon::current_num_threads() * 4)).clamp(1, 32)
}
