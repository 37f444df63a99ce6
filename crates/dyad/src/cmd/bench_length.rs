//! `dyad bench length`: how coding time grows with article length.
//!
//! Articles of growing size are built by joining a corpus's texts (a blank
//! line between them, cycling when the corpus is short) or, without a
//! corpus, copies of the built-in example article. Each is coded once and
//! its events dated once more on their own; if the time per byte grows with
//! the size, some stage is super-linear (issue 14: no input crashes dyad).

use std::path::PathBuf;
use std::time::{Duration, Instant};

use anyhow::{bail, Context};
use dyad_code::engine::{Engine, EngineOptions};
use dyad_ingest::Article;
use dyad_time::EventDating;

#[derive(clap::Args)]
pub struct LengthArgs {
    /// JSONL file with a `text` field per line [default: the built-in example article, repeated].
    corpus: Option<PathBuf>,
    /// Article sizes in bytes; the largest may be the 1,000,000-byte limit of one document.
    #[arg(long, value_delimiter = ',', default_values_t = [10_000, 100_000, 1_000_000])]
    sizes: Vec<usize>,
    /// Model directory [default: $DYAD_MODEL or the default model location].
    #[arg(long)]
    model: Option<PathBuf>,
}

/// The story date relative expressions are resolved against (AG News' year).
const STORY_DATE: &str = "2004-10-15";

/// The texts to build articles from: the corpus's, else the example article.
fn source_texts(args: &LengthArgs) -> anyhow::Result<(Vec<String>, String)> {
    let Some(path) = &args.corpus else {
        let example = super::common::EXAMPLE_ARTICLE.trim().to_string();
        return Ok((vec![example], "the built-in example article".into()));
    };
    let texts: Vec<String> = super::common::corpus_texts(path, None)?
        .into_iter()
        .map(|t| t.trim().to_string())
        .filter(|t| !t.is_empty())
        .collect();
    if texts.is_empty() {
        bail!("{}: no texts to build articles from", path.display());
    }
    Ok((texts, path.display().to_string()))
}

/// Texts joined by blank lines, cycling, while the article stays within `bytes`.
fn article_of(texts: &[String], bytes: usize) -> String {
    let mut body = String::new();
    for t in texts.iter().cycle() {
        let sep = if body.is_empty() { 0 } else { 2 };
        if body.len() + sep + t.len() > bytes {
            break;
        }
        if sep > 0 {
            body.push_str("\n\n");
        }
        body.push_str(t);
    }
    body
}

/// One article's figures.
struct Run {
    bytes: usize,
    events: usize,
    code: Duration,
    dating: Duration,
}

/// Codes `body` once, then dates every verb of its parse once more with
/// one [`EventDating`] (the `dyad when --events` stage).
fn run_one(engine: &Engine, body: String) -> anyhow::Result<Run> {
    let story = STORY_DATE.parse().ok();
    let bytes = body.len();
    let article = Article {
        id: format!("length-{bytes}"),
        body,
        ..Default::default()
    };
    let t0 = Instant::now();
    let coded = engine
        .code(&article, story, None)
        .with_context(|| format!("coding the {bytes}-byte article"))?;
    let code = t0.elapsed();
    let t1 = Instant::now();
    let dating = EventDating::new(&coded.doc, story);
    for (i, t) in coded.doc.tokens.iter().enumerate() {
        if t.tag.starts_with("VB") {
            std::hint::black_box(dating.date_event(i));
        }
    }
    Ok(Run {
        bytes,
        events: coded.events.len(),
        code,
        dating: t1.elapsed(),
    })
}

pub fn length(args: LengthArgs) -> anyhow::Result<()> {
    if args.sizes.is_empty() {
        bail!("--sizes: give at least one size in bytes");
    }
    let (texts, from) = source_texts(&args)?;
    let engine = Engine::load(&EngineOptions {
        model: args.model.clone(),
        ..Default::default()
    })?;
    outln!("articles joined from {from}; each coded once, story date {STORY_DATE}")?;
    outln!(
        "{:>9} {:>7} {:>9} {:>7} {:>10} {:>9}  (time per byte / the first size's)",
        "bytes",
        "events",
        "code s",
        "MB/s",
        "dating s",
        "per byte"
    )?;
    let mut first: Option<f64> = None;
    for &size in &args.sizes {
        let body = article_of(&texts, size);
        if body.is_empty() {
            outln!("{size:>9}  no text fits: the first text is longer")?;
            continue;
        }
        let r = run_one(&engine, body)?;
        let secs = (r.code + r.dating).as_secs_f64();
        let per_byte = secs / r.bytes as f64;
        let base = *first.get_or_insert(per_byte);
        outln!(
            "{:>9} {:>7} {:>9.3} {:>7.3} {:>10.3} {:>8.2}x",
            r.bytes,
            r.events,
            r.code.as_secs_f64(),
            r.bytes as f64 / 1e6 / secs.max(f64::MIN_POSITIVE),
            r.dating.as_secs_f64(),
            per_byte / base.max(f64::MIN_POSITIVE)
        )?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn articles_stay_within_their_size_and_cycle() {
        let texts = vec!["abc".to_string(), "de".to_string()];
        assert_eq!(article_of(&texts, 12), "abc\n\nde\n\nabc");
        assert_eq!(article_of(&texts, 2), "");
        assert!(article_of(&texts, 1000).len() <= 1000);
    }
}
