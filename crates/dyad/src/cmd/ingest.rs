//! `dyad ingest`: code articles and store them, their evidence and their
//! events in the event database. Coding runs on all cores (rayon); one
//! writer thread commits each batch as a transaction, in input order, so
//! a killed run resumes where it stopped and ends like a clean run.

use super::common::{open_inputs, InputArgs};
use anyhow::{Context, Result};
use dyad_code::Event;
use dyad_ingest::Article;
use dyad_store::{CreateOptions, Store, WriteStats};
use rayon::prelude::*;
use std::collections::HashMap;
use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::time::{Duration, Instant};

#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub input: InputArgs,
    #[command(flatten)]
    pub db: super::common::DbArgs,
    /// De-duplication window in days (events of one dyad and code within it
    /// are one event). Fixed when the database is created [default: 1].
    #[arg(long, value_name = "DAYS")]
    pub window: Option<u32>,
    /// Articles per transaction (input is read, coded and committed a batch at a time).
    #[arg(long, default_value_t = 256, value_parser = clap::value_parser!(u64).range(1..))]
    pub batch: u64,
    #[command(flatten)]
    pub engine: super::common::EngineArgs,
    /// Store pre-coded events (JSON Lines as `dyad code` prints them,
    /// matched to the articles by doc_id) instead of running the coder.
    #[arg(long, value_name = "FILE", hide = true)]
    pub events_from: Option<PathBuf>,
    /// Store a synthetic corpus of N events instead of reading input (benchmarks).
    #[arg(long, value_name = "N", hide = true, conflicts_with = "events_from")]
    pub synthetic: Option<usize>,
    /// Seed of the synthetic corpus.
    #[arg(long, default_value_t = 1, hide = true)]
    pub seed: u64,
}

/// A way to code an article: the engine, or pre-coded events.
/// Codes a slice of items (articles go through the text layer together),
/// one result per item.
pub(crate) type Coder<T> = Box<dyn Fn(&[T]) -> Vec<Result<Vec<Event>, String>> + Sync>;

/// A progress line on stderr with rate and ETA — only when stderr is a
/// terminal, so pipes and logs stay quiet.
pub(crate) struct Progress {
    what: &'static str,
    total: usize,
    done: usize,
    start: Instant,
    last: Option<Instant>,
    on: bool,
}

impl Progress {
    pub(crate) fn new(what: &'static str, total: usize) -> Progress {
        Progress {
            what,
            total,
            done: 0,
            start: Instant::now(),
            last: None,
            on: std::io::stderr().is_terminal(),
        }
    }

    pub(crate) fn add(&mut self, n: usize) {
        self.done += n;
        if !self.on
            || self
                .last
                .is_some_and(|t| t.elapsed() < Duration::from_millis(200))
                && self.done < self.total
        {
            return;
        }
        self.last = Some(Instant::now());
        let secs = self.start.elapsed().as_secs_f64().max(1e-9);
        let rate = self.done as f64 / secs;
        if self.total == 0 {
            // Streamed input: the total is not known in advance.
            eprint!("\r{} {}  {:.1}/s  ", self.done, self.what, rate);
            let _ = std::io::stderr().flush();
            return;
        }
        let left = self.total.saturating_sub(self.done);
        let eta = if rate > 0.0 { left as f64 / rate } else { 0.0 };
        let width = 30;
        let filled = (self.done * width)
            .checked_div(self.total)
            .unwrap_or(width)
            .min(width);
        eprint!(
            "\r[{}{}] {}/{} {}  {:.1}/s  ETA {}:{:02}  ",
            "#".repeat(filled),
            "-".repeat(width - filled),
            self.done,
            self.total,
            self.what,
            rate,
            (eta as u64) / 60,
            (eta as u64) % 60
        );
        let _ = std::io::stderr().flush();
    }

    pub(crate) fn finish(&self) {
        if self.on && self.last.is_some() {
            eprintln!();
        }
    }
}

/// Code `items` on all cores, batch by batch, while one writer thread
/// stores the previous batch; batches reach the writer in input order.
pub(crate) fn pipeline<T, R>(
    items: Vec<T>,
    batch: usize,
    code: impl Fn(&[T]) -> Vec<R> + Sync,
    write: impl FnMut(Vec<(T, R)>) -> Result<()> + Send,
) -> Result<()>
where
    T: Send + Sync,
    R: Send,
{
    let mut items = items.into_iter().peekable();
    let batches = std::iter::from_fn(move || {
        items.peek()?;
        Some(items.by_ref().take(batch).collect::<Vec<T>>())
    });
    pipeline_batches(batches, code, write)
}

/// [`pipeline`] over batches produced as they are needed (read from the
/// input while the previous batch is coded and stored), so memory holds a
/// few batches whatever the input size.
pub(crate) fn pipeline_batches<T, R>(
    batches: impl Iterator<Item = Vec<T>>,
    code: impl Fn(&[T]) -> Vec<R> + Sync,
    mut write: impl FnMut(Vec<(T, R)>) -> Result<()> + Send,
) -> Result<()>
where
    T: Send + Sync,
    R: Send,
{
    let (tx, rx) = std::sync::mpsc::sync_channel::<Vec<(T, R)>>(2);
    std::thread::scope(|s| {
        let writer = s.spawn(move || -> Result<()> {
            for b in rx {
                write(b)?;
            }
            Ok(())
        });
        for chunk in batches {
            let coded: Vec<R> = chunk
                .par_chunks(super::common::text_batch(chunk.len()))
                .flat_map_iter(&code)
                .collect();
            // A closed channel means the writer failed: its error is reported below.
            if tx.send(chunk.into_iter().zip(coded).collect()).is_err() {
                break;
            }
        }
        drop(tx);
        writer
            .join()
            .map_err(|_| anyhow::anyhow!("the database writer thread panicked"))?
    })
}

pub(crate) fn summary(stats: &WriteStats, elapsed: Duration, path: &std::path::Path) {
    let secs = elapsed.as_secs_f64().max(1e-9);
    eprintln!(
        "dyad: {}: {} article(s) stored, {} already there; {} coded event(s) → {} new event(s), {} merged into existing ones{}; {:.1}s ({:.0} articles/s, {:.0} events/s)",
        path.display(),
        stats.articles_added,
        stats.articles_skipped,
        stats.mentions_added,
        stats.events_created,
        stats.mentions_merged,
        if stats.events_removed > 0 { format!(", {} removed", stats.events_removed) } else { String::new() },
        secs,
        (stats.articles_added + stats.articles_skipped) as f64 / secs,
        stats.mentions_added as f64 / secs,
    );
}

pub fn run(args: Args) -> Result<()> {
    let path = args.db.path();
    let opts = CreateOptions {
        window_days: args.window.unwrap_or(dyad_store::DEFAULT_WINDOW_DAYS),
    };
    let mut store = Store::open_or_create(&path, &opts)?;
    if let Some(w) = args.window.filter(|&w| w != store.window_days()) {
        anyhow::bail!(
            "{}: this database de-duplicates with a window of {} day(s), not {w}; the window is fixed when a database is created",
            path.display(),
            store.window_days()
        );
    }
    let start = Instant::now();
    let batch = args.batch as usize;
    let mut stats = WriteStats::default();

    if let Some(n) = args.synthetic {
        let mut progress = Progress::new("events", n);
        let mut gen = dyad_store::Synthetic::new(n, args.seed).peekable();
        while gen.peek().is_some() {
            let chunk: Vec<(Article, Vec<Event>)> = gen.by_ref().take(batch).collect();
            let events: usize = chunk.iter().map(|(_, e)| e.len()).sum();
            stats += store.write_batch(&chunk)?;
            progress.add(events);
        }
        progress.finish();
        store.optimize()?;
        summary(&stats, start.elapsed(), &path);
        return Ok(());
    }

    // Pre-coded events name the articles they belong to: every one is kept.
    let mut input = args.input.clone();
    if args.events_from.is_some() {
        input.lang = super::common::Lang::Any;
    }
    let mut inputs = open_inputs(&input);
    // Resume: skip what is stored before spending time coding it. The
    // store is shared with the writer thread; a check waits for a commit in
    // progress, so it sees every batch written before.
    let store = std::sync::Mutex::new(store);
    let mut skipped = 0;
    let mut check_error = None;
    let batches = std::iter::from_fn(|| loop {
        let read = inputs.next_batch(batch);
        if read.is_empty() {
            return None;
        }
        let mut todo = Vec::with_capacity(read.len());
        let stored = store.lock().unwrap_or_else(|p| p.into_inner());
        for a in read {
            match stored.contains_hash(&dyad_store::article_hash(&a)) {
                Ok(true) => skipped += 1,
                Ok(false) => todo.push(a),
                Err(e) => {
                    check_error = Some(e);
                    return None;
                }
            }
        }
        drop(stored);
        if !todo.is_empty() {
            return Some(todo);
        }
    });
    let coder: Coder<Article> = match &args.events_from {
        Some(file) => {
            let events: HashMap<String, Vec<Event>> = dyad_store::read_events_file(file)?;
            Box::new(move |arts: &[Article]| {
                arts.iter()
                    .map(|a| Ok(events.get(&a.id).cloned().unwrap_or_default()))
                    .collect()
            })
        }
        None => {
            let engine = args.engine.load()?;
            let date = args.input.date;
            Box::new(move |arts: &[Article]| {
                engine
                    .code_batch(arts, date)
                    .into_iter()
                    .map(|r| r.map(|c| c.events).map_err(|e| e.to_string()))
                    .collect()
            })
        }
    };
    let mut progress = Progress::new("articles", 0);
    let mut failures: Vec<String> = Vec::new();
    pipeline_batches(
        batches,
        |items| coder(items),
        |b: Vec<(Article, Result<Vec<Event>, String>)>| {
            let n = b.len();
            let mut ok = Vec::with_capacity(n);
            for (a, r) in b {
                match r {
                    Ok(events) => ok.push((a, events)),
                    // Not stored, so that a later run retries it.
                    Err(e) => failures.push(format!("{}: cannot code: {e}", a.id)),
                }
            }
            let mut store = store.lock().unwrap_or_else(|p| p.into_inner());
            stats += store.write_batch(&ok).context("storing a batch")?;
            progress.add(n);
            Ok(())
        },
    )?;
    if let Some(e) = check_error {
        return Err(e).context("checking which articles are already stored");
    }
    stats.articles_skipped += skipped;
    progress.finish();
    store
        .into_inner()
        .unwrap_or_else(|p| p.into_inner())
        .optimize()?;
    summary(&stats, start.elapsed(), &path);
    for f in &failures {
        eprintln!("dyad: {f}");
    }
    inputs.finish()?;
    if !failures.is_empty() {
        anyhow::bail!(
            "{} article(s) could not be coded, listed above; the others were stored",
            failures.len()
        );
    }
    Ok(())
}
