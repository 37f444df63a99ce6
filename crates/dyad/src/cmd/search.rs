//! `dyad search`: full-text search over stored articles (SQLite FTS5),
//! with the events of each matching article.

use super::events::{table_line, truncate, OutFormat, TABLE_HEADER};
use anyhow::Result;
use std::io::Write;

#[derive(clap::Args)]
pub struct Args {
    /// Query in FTS5 syntax: words, "exact phrases", AND/OR/NOT, prefix*.
    pub query: String,
    #[command(flatten)]
    pub db: super::common::DbArgs,
    /// At most this many articles.
    #[arg(long, default_value_t = 20)]
    pub limit: usize,
    /// Output format (csv: one row per event, with the article's doc id).
    #[arg(long, value_enum, default_value = "table")]
    pub format: OutFormat,
}

pub fn run(args: Args) -> Result<()> {
    let store = dyad_store::Store::open_read_only(&args.db.path())?;
    let hits = store.search(&args.query, args.limit)?;
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    match args.format {
        OutFormat::Json => writeln!(out, "{}", serde_json::to_string_pretty(&hits)?)?,
        OutFormat::Csv => {
            writeln!(out, "article_doc_id,{}", dyad_store::CSV_HEADER.join(","))?;
            for h in &hits {
                for e in &h.events {
                    writeln!(
                        out,
                        "{},{}",
                        dyad_store::csv_field(&h.doc_id),
                        dyad_store::csv_row(e)
                    )?;
                }
            }
        }
        OutFormat::Table => {
            if hits.is_empty() {
                writeln!(out, "no stored article matches `{}`", args.query)?;
            }
            for h in &hits {
                writeln!(
                    out,
                    "{}  {}  {}",
                    h.doc_id,
                    h.story_date.as_deref().unwrap_or("-"),
                    truncate(h.title.as_deref().unwrap_or(""), 80)
                )?;
                writeln!(out, "  {}", truncate(&h.snippet.replace('\n', " "), 120))?;
                if !h.events.is_empty() {
                    writeln!(out, "{TABLE_HEADER}")?;
                    for e in &h.events {
                        writeln!(out, "{}", table_line(e))?;
                    }
                }
                writeln!(out)?;
            }
        }
    }
    out.flush()?;
    Ok(())
}
