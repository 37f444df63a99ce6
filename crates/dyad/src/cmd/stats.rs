//! `dyad stats`: what an event database holds.

use super::ingest::db_path;
use anyhow::Result;
use std::io::Write;
use std::path::PathBuf;

#[derive(clap::Args)]
pub struct Args {
    /// Event database [default: $DYAD_DB, else $XDG_DATA_HOME/dyad/events.db].
    #[arg(long, value_name = "FILE")]
    pub db: Option<PathBuf>,
    /// How many of the top dyads to list.
    #[arg(long, default_value_t = 10)]
    pub top: usize,
    /// Output format.
    #[arg(long, default_value = "table", value_parser = ["table", "json"])]
    pub format: String,
}

pub fn run(args: Args) -> Result<()> {
    let store = dyad_store::Store::open_read_only(&db_path(&args.db))?;
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
            "dates        {} to {}",
            s.first_date.as_deref().unwrap_or("-"),
            s.last_date.as_deref().unwrap_or("-")
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
