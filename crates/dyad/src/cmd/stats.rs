//! `dyad stats`: what an event database holds.

use anyhow::Result;
use std::io::Write;

#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub db: super::common::DbArgs,
    /// How many of the top dyads to list.
    #[arg(long, default_value_t = 10)]
    pub top: usize,
    /// Output format.
    #[arg(long, default_value = "table", value_parser = ["table", "json"])]
    pub format: String,
    /// Check the whole file for damage (SQLite's integrity_check; reads every page) and exit non-zero if any.
    #[arg(long)]
    pub check: bool,
}

pub fn run(args: Args) -> Result<()> {
    let path = args.db.path();
    let store = dyad_store::Store::open_read_only(&path)?;
    if args.check {
        return check(&store);
    }
    let s = store.stats(args.top)?;
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    if args.format == "json" {
        writeln!(out, "{}", serde_json::to_string_pretty(&s)?)?;
    } else {
        writeln!(out, "database     {}", s.path)?;
        writeln!(
            out,
            "schema       version {}, de-duplication window ±{} day(s)",
            s.schema_version, s.window_days
        )?;
        writeln!(out, "articles     {}", s.articles)?;
        writeln!(out, "events       {} (de-duplicated)", s.events)?;
        writeln!(
            out,
            "mentions     {} (coded events in articles)",
            s.mentions
        )?;
        writeln!(
            out,
            "stories      {} to {} (story dates: the store's coverage){}",
            s.first_story_date.as_deref().unwrap_or("-"),
            s.last_story_date.as_deref().unwrap_or("-"),
            undated_note(s.undated_articles, "article", "no story date")
        )?;
        writeln!(
            out,
            "event dates  {} to {}{}",
            s.first_date.as_deref().unwrap_or("-"),
            s.last_date.as_deref().unwrap_or("-"),
            undated_note(
                s.undated_events,
                "event",
                "no date: left out of timelines and date filters"
            )
        )?;
        let [q1, q2, q3, q4] = s.quad_classes;
        writeln!(out, "quad classes verbal coop {q1}, material coop {q2}, verbal conflict {q3}, material conflict {q4}")?;
        if !s.top_dyads.is_empty() {
            writeln!(out, "top dyads")?;
            for (a, b, n) in &s.top_dyads {
                writeln!(out, "  {a:<12} → {b:<12} {n:>8}")?;
            }
        }
    }
    out.flush()?;
    Ok(())
}

/// `; N THINGs with WHAT`, or nothing when there are none.
fn undated_note(n: i64, thing: &str, what: &str) -> String {
    match n {
        0 => String::new(),
        1 => format!("; 1 {thing} with {what}"),
        n => format!("; {n} {thing}s with {what}"),
    }
}

/// `--check`: the full integrity check; an error (non-zero exit) on damage.
fn check(store: &dyad_store::Store) -> Result<()> {
    let problems = store.integrity_check()?;
    let path = store.path().display();
    if problems.is_empty() {
        outln!("{path}: ok (integrity check passed)")?;
        return Ok(());
    }
    for p in &problems {
        outln!("{path}: {p}")?;
    }
    anyhow::bail!(
        "{path}: the event database is damaged ({} problem(s), listed above); restore it from a backup or ingest the articles again into a new database (--db NEW.db)",
        problems.len()
    )
}
