//! `dyad recode`: code the stored articles again (after a dictionary or
//! pattern change) and replace their events. Each batch of articles is
//! one transaction: a reader sees an article's old events or its new
//! ones, never a mix.

use super::ingest::{pipeline, Coder, Progress};
use anyhow::Result;
use chrono::NaiveDate;
use dyad_code::Event;
use dyad_store::{Store, StoredArticle, WriteStats};
use std::collections::HashMap;
use std::path::PathBuf;
use std::time::Instant;

#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub db: super::common::DbArgs,
    /// Only the articles whose doc id is one of these. Repeatable.
    #[arg(long = "doc", value_name = "DOC_ID")]
    pub docs: Vec<String>,
    /// Story date (YYYY-MM-DD) for articles that carry none.
    #[arg(long)]
    pub date: Option<NaiveDate>,
    /// Articles per transaction.
    #[arg(long, default_value_t = 256, value_parser = clap::value_parser!(u64).range(1..))]
    pub batch: u64,
    #[command(flatten)]
    pub engine: super::common::EngineArgs,
    /// Use pre-coded events (JSON Lines, by doc_id) instead of the coder.
    #[arg(long, value_name = "FILE", hide = true)]
    pub events_from: Option<PathBuf>,
}

pub fn run(args: Args) -> Result<()> {
    let path = args.db.path();
    let mut store = Store::open(&path)?;
    let start = Instant::now();
    let mut articles: Vec<StoredArticle> = store.articles()?;
    if !args.docs.is_empty() {
        articles.retain(|a| args.docs.contains(&a.article.id));
        if articles.is_empty() {
            anyhow::bail!("{}: none of the --doc ids is stored", path.display());
        }
    }
    let coder: Coder<StoredArticle> = match &args.events_from {
        Some(file) => {
            let events: HashMap<String, Vec<Event>> = dyad_store::read_events_file(file)?;
            Box::new(move |arts: &[StoredArticle]| {
                arts.iter()
                    .map(|a| Ok(events.get(&a.article.id).cloned().unwrap_or_default()))
                    .collect()
            })
        }
        None => {
            let engine = args.engine.load()?;
            let date = args.date;
            Box::new(move |arts: &[StoredArticle]| {
                let articles: Vec<dyad_ingest::Article> =
                    arts.iter().map(|a| a.article.clone()).collect();
                engine
                    .code_batch(&articles, date)
                    .into_iter()
                    .map(|r| r.map(|c| c.events).map_err(|e| e.to_string()))
                    .collect()
            })
        }
    };
    let mut stats = WriteStats::default();
    let mut failures = Vec::new();
    let mut recoded = 0usize;
    let mut progress = Progress::new("articles", articles.len());
    pipeline(
        articles,
        args.batch as usize,
        |items| coder(items),
        |b: Vec<(StoredArticle, Result<Vec<Event>, String>)>| {
            let n = b.len();
            let mut ok = Vec::with_capacity(n);
            for (a, r) in b {
                match r {
                    Ok(events) => {
                        recoded += 1;
                        ok.push((a.rowid, events))
                    }
                    // Its old events stay: better stale than lost.
                    Err(e) => failures.push(format!("{}: cannot code: {e}", a.article.id)),
                }
            }
            stats += store.replace_events(&ok)?;
            progress.add(n);
            Ok(())
        },
    )?;
    progress.finish();
    store.optimize()?;
    eprintln!(
        "dyad: {}: {} article(s) re-coded: {} coded event(s) → {} new event(s), {} merged, {} left without mentions and removed; {:.1}s",
        path.display(),
        recoded,
        stats.mentions_added,
        stats.events_created,
        stats.mentions_merged,
        stats.events_removed,
        start.elapsed().as_secs_f64()
    );
    for f in &failures {
        eprintln!("dyad: {f}");
    }
    if !failures.is_empty() {
        anyhow::bail!(
            "{} article(s) could not be re-coded and keep their old events",
            failures.len()
        );
    }
    Ok(())
}
