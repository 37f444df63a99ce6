//! `dyad bench code`: the whole coder, text to JSON Lines, over articles
//! built from a corpus — articles per second on one thread and on all, and
//! where the time goes.
//!
//! The corpora at hand are short wire summaries, so consecutive texts are
//! joined (a blank line between them) into articles of at least `--words`
//! words: the coder then sees article-sized inputs, as it does in use.

use std::io::Write;
use std::time::{Duration, Instant};

use anyhow::Context;
use dyad_code::engine::{Engine, EngineOptions};
use dyad_ingest::Article;
use rayon::prelude::*;

#[derive(clap::Args)]
pub struct CodeArgs {
    #[command(flatten)]
    run: super::bench::RunArgs,
    /// Words per article: consecutive texts are joined until an article has at least this many.
    #[arg(long, default_value_t = 600)]
    words: usize,
    /// Articles per `Engine::code_batch` call [default: as `dyad code`
    /// chooses for this many articles].
    #[arg(long)]
    batch: Option<usize>,
}

/// Join texts into articles of at least `words` words.
fn articles(texts: &[String], words: usize) -> Vec<Article> {
    let mut out = Vec::new();
    let mut body = String::new();
    let mut count = 0;
    for t in texts {
        if !body.is_empty() {
            body.push_str("\n\n");
        }
        body.push_str(t.trim());
        count += t.split_whitespace().count();
        if count >= words {
            out.push(Article {
                id: format!("bench-{}", out.len()),
                body: std::mem::take(&mut body),
                ..Default::default()
            });
            count = 0;
        }
    }
    if count > 0 {
        out.push(Article {
            id: format!("bench-{}", out.len()),
            body,
            ..Default::default()
        });
    }
    out
}

/// Code every article in batches, writing each event as a JSON line to a
/// sink; the events written and the bytes they took.
fn code_all(engine: &Engine, arts: &[Article], batch: usize) -> (usize, usize) {
    arts.par_chunks(batch.max(1))
        .map(|chunk| {
            let mut sink = CountingSink(0);
            let mut events = 0;
            for coded in engine.code_batch(chunk, None).into_iter().flatten() {
                for e in &coded.events {
                    // Serialising is part of "text to JSONL"; a failure here
                    // would be a bug in the event type, not bad input.
                    if serde_json::to_writer(&mut sink, e).is_ok() {
                        let _ = sink.write_all(b"\n");
                        events += 1;
                    }
                }
            }
            (events, sink.0)
        })
        .reduce(|| (0, 0), |a, b| (a.0 + b.0, a.1 + b.1))
}

/// A writer that only counts bytes.
struct CountingSink(usize);

impl Write for CountingSink {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0 += buf.len();
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

fn best_of<T>(repeat: usize, mut f: impl FnMut() -> T) -> (Duration, T) {
    let mut best: Option<(Duration, T)> = None;
    for _ in 0..repeat.max(1) {
        let t0 = Instant::now();
        let r = f();
        let d = t0.elapsed();
        if best.as_ref().is_none_or(|(b, _)| d < *b) {
            best = Some((d, r));
        }
    }
    best.expect("at least one run")
}

pub fn code(args: CodeArgs) -> anyhow::Result<()> {
    let texts = super::common::corpus_texts(&args.run.corpus, args.run.limit)?;
    let arts = articles(&texts, args.words);
    if arts.is_empty() {
        anyhow::bail!(
            "{}: no texts to build articles from",
            args.run.corpus.display()
        );
    }
    let words: usize = arts.iter().map(|a| a.body.split_whitespace().count()).sum();
    let t0 = Instant::now();
    let mut engine = Engine::load(&EngineOptions {
        model: args.run.model.clone(),
        ..Default::default()
    })?;
    // Events are placed as `dyad code` places them: with the installed
    // gazetteer, when there is one.
    engine.set_geocoder(super::common::default_geocoder()?);
    outln!(
        "corpus: {} texts from {} joined into {} articles ({:.0} words each on average)",
        texts.len(),
        args.run.corpus.display(),
        arts.len(),
        words as f64 / arts.len() as f64
    )?;
    outln!(
        "engine load (model, knowledge base, patterns): {} ms",
        t0.elapsed().as_millis()
    )?;
    let threads = args
        .run
        .threads
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()));
    let pool = |n: usize| {
        rayon::ThreadPoolBuilder::new()
            .num_threads(n)
            .build()
            .context("building the thread pool")
    };

    let one = pool(1)?;
    let batch = args.batch.unwrap_or_else(|| {
        pool(threads)
            .map(|p| p.install(|| super::common::text_batch(arts.len())))
            .unwrap_or(32)
    });
    outln!("batch: {batch} articles per Engine::code_batch call")?;
    let (d1, (events, bytes)) = best_of(args.run.repeat, || {
        one.install(|| code_all(&engine, &arts, batch))
    });
    // The text layer alone over the same batches, to say where the time goes.
    let (dt, _) = best_of(args.run.repeat, || {
        one.install(|| {
            arts.chunks(batch.max(1))
                .map(|chunk| {
                    let bodies: Vec<&str> = chunk.iter().map(|a| a.body.as_str()).collect();
                    engine.analyze_bodies(&bodies).len()
                })
                .sum::<usize>()
        })
    });
    let rate = |d: Duration| arts.len() as f64 / d.as_secs_f64();
    outln!(
        "events: {events} ({:.1} per article), {:.1} KB of JSON Lines",
        events as f64 / arts.len() as f64,
        bytes as f64 / 1024.0
    )?;
    outln!(
        "1 thread:  {:>7.1} articles/s  {:>8.0} words/s  ({:.2} s wall, best of {})",
        rate(d1),
        words as f64 / d1.as_secs_f64(),
        d1.as_secs_f64(),
        args.run.repeat
    )?;
    let share = (dt.as_secs_f64() / d1.as_secs_f64()).min(1.0);
    outln!(
        "  of which text layer {:.0}% ({:.2} s), coding and JSON {:.0}%",
        share * 100.0,
        dt.as_secs_f64(),
        (1.0 - share) * 100.0
    )?;
    if engine.geo.is_some() {
        // The same run without the place stage says what geocoding costs.
        let geo = engine.geo.take();
        let (d0, _) = best_of(args.run.repeat, || {
            one.install(|| code_all(&engine, &arts, batch))
        });
        engine.geo = geo;
        let cost = (d1.as_secs_f64() - d0.as_secs_f64()).max(0.0);
        outln!(
            "  geocoding (toponyms, resolution, places): {:.1}% ({:.2} s of {:.2} s)",
            cost / d1.as_secs_f64() * 100.0,
            cost,
            d1.as_secs_f64()
        )?;
    } else {
        outln!("  geocoding: off (no gazetteer installed; scripts/fetch-gazetteer)")?;
    }
    if threads > 1 {
        let many = pool(threads)?;
        let (dn, _) = best_of(args.run.repeat, || {
            many.install(|| code_all(&engine, &arts, batch))
        });
        outln!(
            "{threads} threads: {:>7.1} articles/s  {:>8.0} words/s  ({:.2} s wall, {:.2}x one thread)",
            rate(dn),
            words as f64 / dn.as_secs_f64(),
            dn.as_secs_f64(),
            d1.as_secs_f64() / dn.as_secs_f64()
        )?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn texts_are_joined_into_articles_of_at_least_n_words() {
        let texts: Vec<String> = ["one two three", "four five", "six", "seven eight nine ten"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        let arts = articles(&texts, 4);
        let bodies: Vec<&str> = arts.iter().map(|a| a.body.as_str()).collect();
        assert_eq!(
            bodies,
            ["one two three\n\nfour five", "six\n\nseven eight nine ten"]
        );
        // A short tail still becomes an article; nothing is dropped.
        assert_eq!(articles(&texts[..3], 100).len(), 1);
    }
}
