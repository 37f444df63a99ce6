//! `dyad when`: find and normalise temporal expressions, date events, and
//! score or time the event dating.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::{bail, Context, Result};
use dyad_text::Pipeline;
use dyad_time::{eval, find_expressions, Date, EventDating, Tense, TimeExpr};

#[derive(clap::Args)]
pub struct Args {
    /// Text to search (words are joined by spaces), or a file to read; standard input when absent.
    pub text: Vec<String>,
    /// Story date (YYYY-MM-DD) that relative expressions are resolved against.
    #[arg(long, value_parser = parse_date)]
    pub date: Option<Date>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// Tense of the text, for bare weekdays and months ("on Tuesday").
    #[arg(long, value_enum, default_value_t = TenseArg::Past)]
    pub tense: TenseArg,
    /// Parse the text with the language model and date every verb and dated noun (tense read from the parse).
    #[arg(long)]
    pub events: bool,
    /// Score event dating on a JSONL file of cases (see dyad_time::eval) and print the misses.
    #[arg(long, value_name = "FILE", conflicts_with_all = ["text", "bench"])]
    pub eval: Option<PathBuf>,
    /// Time expression finding and event dating against the pipeline on a JSONL corpus (field "text").
    #[arg(long, value_name = "FILE", conflicts_with = "text")]
    pub bench: Option<PathBuf>,
}

#[derive(Clone, Copy, clap::ValueEnum)]
pub enum Format {
    Text,
    Json,
}

#[derive(Clone, Copy, clap::ValueEnum)]
pub enum TenseArg {
    Past,
    Present,
    Future,
}

impl From<TenseArg> for Tense {
    fn from(t: TenseArg) -> Tense {
        match t {
            TenseArg::Past => Tense::Past,
            TenseArg::Present => Tense::Present,
            TenseArg::Future => Tense::Future,
        }
    }
}

fn parse_date(s: &str) -> Result<Date, String> {
    Date::parse_from_str(s, "%Y-%m-%d")
        .map_err(|_| format!("`{s}` is not a date: expected YYYY-MM-DD, e.g. 2024-03-05"))
}

pub fn run(args: Args) -> Result<()> {
    if let Some(path) = &args.eval {
        return run_eval(path, args.format);
    }
    if let Some(path) = &args.bench {
        return run_bench(path, args.date);
    }
    let text = if args.text.is_empty() {
        let mut s = String::new();
        std::io::stdin()
            .read_to_string(&mut s)
            .context("reading standard input")?;
        s
    } else {
        text_argument(&args.text)?
    };
    if args.events {
        return run_events(&text, args.date, args.format);
    }
    let exprs = find_expressions(&text, args.date, args.tense.into());
    match args.format {
        Format::Json => {
            let rows: Vec<_> = exprs.iter().map(|e| expr_json(&text, e)).collect();
            outln!("{}", serde_json::to_string_pretty(&rows)?)?;
        }
        Format::Text => {
            if exprs.is_empty() {
                outln!("no temporal expressions")?;
            }
            for e in &exprs {
                outln!("{}", expr_line(&text, e))?;
            }
        }
    }
    Ok(())
}

/// The words given, or the file they name (the rule every command follows:
/// an existing path is a file; see `common::classify`).
fn text_argument(words: &[String]) -> Result<String> {
    use super::common::{classify, missing_message, Positional};
    if let [one] = words {
        match classify(std::ffi::OsStr::new(one)) {
            Positional::Path(p) => {
                let bytes =
                    std::fs::read(&p).with_context(|| format!("cannot read {}", p.display()))?;
                return Ok(dyad_ingest::decode(&p.display().to_string(), bytes)?);
            }
            Positional::Missing(a) => bail!("{}", missing_message(&a)),
            Positional::Stdin | Positional::Text(_) => {}
        }
    }
    Ok(words.join(" "))
}

fn expr_line(text: &str, e: &TimeExpr) -> String {
    format!(
        "{:<28} {:<24} {:<8} {:<9} {}..{}  {}",
        format!("{:?}", &text[e.start..e.end]),
        e.canonical(),
        dyad_time::expr::precision_name(e.precision),
        format!("{:?}", e.kind).to_lowercase(),
        e.start,
        e.end,
        e.rule
    )
}

fn expr_json(text: &str, e: &TimeExpr) -> serde_json::Value {
    serde_json::json!({
        "text": &text[e.start..e.end],
        "start": e.start,
        "end": e.end,
        "kind": e.kind,
        "value": e.canonical(),
        "dates": e.dates().map(|(a, b)| [a.to_string(), b.to_string()]),
        "duration": match e.value { dyad_time::Value::Duration(d) => Some(d), _ => None },
        "precision": e.precision,
        "rule": e.rule,
    })
}

fn load_pipeline() -> Result<Pipeline> {
    Pipeline::load_default()
        .context("loading the language model (install it with scripts/fetch-model)")
}

fn run_events(text: &str, date: Option<Date>, format: Format) -> Result<()> {
    let pipe = load_pipeline()?;
    let doc = pipe.analyze(text)?;
    let mut rows = Vec::new();
    let dating = EventDating::new(&doc, date);
    for (i, t) in doc.tokens.iter().enumerate() {
        // Every verb, and every noun with a date of its own ("last month's strikes").
        let d = dating.date_event(i);
        let dated_noun = t.tag.starts_with("NN") && d.attachment == dyad_time::Attachment::Trigger;
        if !(t.tag.starts_with("VB") || dated_noun) {
            continue;
        }
        match format {
            Format::Text => outln!(
                "{:<16} {:<24} {:<7} {:<17} {}",
                doc.token_text(i),
                d.canonical(),
                dyad_time::expr::precision_name(d.precision),
                d.attachment.describe(),
                d.expr
                    .as_ref()
                    .map_or(String::new(), |e| format!("{:?}", &text[e.start..e.end]))
                    + &d.lookback
                        .as_ref()
                        .map_or(String::new(), |e| format!(" look-back {}", e.canonical()))
            )?,
            Format::Json => rows.push(serde_json::json!({
                "trigger": doc.token_text(i),
                "token": i,
                "value": d.canonical(),
                "event": d,
            })),
        }
    }
    if let Format::Json = format {
        outln!("{}", serde_json::to_string_pretty(&rows)?)?;
    }
    Ok(())
}

fn run_eval(path: &Path, format: Format) -> Result<()> {
    let cases = eval::load_cases(path)?;
    if cases.is_empty() {
        bail!("{}: no cases", path.display());
    }
    let pipe = load_pipeline()?;
    let report = eval::evaluate(&cases, |t| pipe.analyze(t));
    match format {
        Format::Json => outln!("{}", serde_json::to_string_pretty(&report)?)?,
        Format::Text => {
            for o in report.outcomes.iter().filter(|o| !o.correct) {
                outln!(
                    "MISS line {}: {:?} [{}]\n     want {}  got {}  ({})",
                    o.line,
                    o.text,
                    o.trigger,
                    o.expected,
                    o.got,
                    o.rule
                )?;
            }
            outln!(
                "event dates: {}/{} right ({:.1}%) on {}",
                report.correct,
                report.cases,
                report.percent(),
                path.display()
            )?;
        }
    }
    Ok(())
}

fn run_bench(path: &Path, date: Option<Date>) -> Result<()> {
    let texts = super::common::corpus_texts(path, None)?;
    let story = date.or_else(|| "2004-10-15".parse().ok());
    let bytes: usize = texts.iter().map(|t| t.len()).sum();
    // Expression finding alone, repeated so the total is measurable.
    let reps = 20;
    let t0 = Instant::now();
    let mut found = 0usize;
    for _ in 0..reps {
        found = texts
            .iter()
            .map(|t| find_expressions(t, story, Tense::Past).len())
            .sum();
    }
    let find_s = t0.elapsed().as_secs_f64() / reps as f64;
    outln!(
        "find_expressions: {} texts, {} bytes, {} expressions; {:.3} ms per pass ({:.2} µs/text)",
        texts.len(),
        bytes,
        found,
        find_s * 1e3,
        find_s * 1e6 / texts.len().max(1) as f64
    )?;
    let pipe = match Pipeline::load_default() {
        Ok(p) => p,
        Err(e) => {
            outln!("pipeline not timed: {e}")?;
            return Ok(());
        }
    };
    let (mut analyze_s, mut date_s, mut events) = (0.0, 0.0, 0usize);
    for t in &texts {
        let a = Instant::now();
        let doc = pipe.analyze(t)?;
        let b = Instant::now();
        let dating = EventDating::new(&doc, story);
        for (i, tok) in doc.tokens.iter().enumerate() {
            if tok.tag.starts_with("VB") {
                std::hint::black_box(dating.date_event(i));
                events += 1;
            }
        }
        analyze_s += (b - a).as_secs_f64();
        date_s += b.elapsed().as_secs_f64();
    }
    outln!(
        "pipeline: {:.1} ms total ({:.2} ms/text); date_event on {} verbs: {:.2} ms total; dating = {:.2}% of pipeline time",
        analyze_s * 1e3,
        analyze_s * 1e3 / texts.len().max(1) as f64,
        events,
        date_s * 1e3,
        100.0 * date_s / analyze_s.max(f64::MIN_POSITIVE)
    )?;
    Ok(())
}
