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
    /// Input files (`-` = standard input; none = standard input). Folders are read recursively.
    pub paths: Vec<PathBuf>,
    /// Input format: text, article or jsonl (default: detected per file).
    #[arg(long = "input", id = "input_format", value_name = "FORMAT")]
    pub input_format: Option<Format>,
    /// Story date (YYYY-MM-DD) for inputs that carry none.
    #[arg(long, value_parser = parse_date)]
    pub date: Option<NaiveDate>,
    /// Use the built-in example article instead of input files.
    #[arg(long, conflicts_with = "paths")]
    pub example: bool,
}

fn parse_date(s: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .map_err(|_| format!("`{s}` is not a date: expected YYYY-MM-DD, e.g. 2024-03-05"))
}

fn collect_files(p: &PathBuf, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    if p.is_dir() {
        let mut entries: Vec<_> = std::fs::read_dir(p)?.collect::<Result<_, _>>()?;
        entries.sort_by_key(|e| e.path());
        for e in entries {
            let path = e.path();
            let hidden = path
                .file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with('.'));
            if !hidden {
                collect_files(&path, out)?;
            }
        }
    } else {
        out.push(p.clone());
    }
    Ok(())
}

/// Read every input into articles, keeping the errors to report at the end.
pub fn read_inputs(args: &InputArgs) -> Result<(Vec<Article>, Vec<InputError>)> {
    if args.example {
        let (a, e) = dyad_ingest::read_str("example", EXAMPLE_ARTICLE, args.input_format);
        return Ok((a, e));
    }
    let mut files = Vec::new();
    let paths = if args.paths.is_empty() {
        vec![PathBuf::from("-")]
    } else {
        args.paths.clone()
    };
    for p in &paths {
        if p.as_os_str() == "-" {
            files.push(p.clone());
        } else if !p.exists() {
            anyhow::bail!("{}: no such file or folder", p.display());
        } else {
            collect_files(p, &mut files).map_err(|e| anyhow::anyhow!("{}: {e}", p.display()))?;
        }
    }
    let mut articles = Vec::new();
    let mut errors = Vec::new();
    for f in &files {
        let (a, e) = dyad_ingest::read_path(f, args.input_format);
        articles.extend(a);
        errors.extend(e);
    }
    Ok((articles, errors))
}

/// Report input errors on stderr; an error result (non-zero exit) if there were any.
pub fn finish(errors: &[InputError]) -> Result<()> {
    for e in errors {
        eprintln!("dyad: {e}");
    }
    if errors.is_empty() {
        Ok(())
    } else {
        anyhow::bail!(
            "{} input problem(s), listed above; the other inputs were processed",
            errors.len()
        )
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
    /// Model directory (default: $DYAD_MODEL or the installed model).
    #[arg(long, value_name = "DIR")]
    pub model: Option<PathBuf>,
}

impl EngineArgs {
    pub fn options(&self) -> EngineOptions {
        EngineOptions {
            model: self.model.clone(),
            dicts: self.dicts.clone(),
            patterns: self.patterns.clone(),
            no_builtin_patterns: self.no_builtin_patterns,
        }
    }

    /// Load the engine; a summary line on stderr for each PETRARCH verb
    /// dictionary converted (every left-out line with `--pattern-report`).
    pub fn load(&self) -> Result<dyad_code::engine::Engine> {
        let engine = dyad_code::engine::Engine::load(&self.options())?;
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

/// Articles per call into the text layer when `n` articles are coded on all
/// threads: big enough for the batched matrix products, small enough that
/// every thread gets several batches (an uneven last batch then costs
/// little). At most 32.
pub fn text_batch(n: usize) -> usize {
    (n / (rayon::current_num_threads() * 4)).clamp(1, 32)
}
