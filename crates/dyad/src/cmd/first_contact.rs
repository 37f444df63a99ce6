//! `dyad first-contact`: events whose dyad had no event of that kind in
//! the previous N years; with `--check-lookbacks`, the look-backs coded
//! on events ("the first visit in more than a decade") checked against
//! the store.

use super::events::{print_events, table_line, FilterArgs, OutFormat, TABLE_HEADER};
use anyhow::Result;
use std::io::Write;

#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub db: super::common::DbArgs,
    /// Look-back in years.
    #[arg(long, default_value_t = 10)]
    pub years: u32,
    /// What counts as the same kind of event: root (CAMEO root), code, or any.
    #[arg(long, default_value = "root", value_parser = ["root", "code", "any"])]
    pub kind: String,
    /// Also list events whose look-back reaches before the store's coverage (its earliest story date: the store cannot tell).
    #[arg(long)]
    pub include_uncovered: bool,
    /// Check the look-backs recorded on events against the store instead.
    #[arg(long)]
    pub check_lookbacks: bool,
    #[command(flatten)]
    pub filter: FilterArgs,
    /// At most this many events (0 = all).
    #[arg(long, default_value_t = 100)]
    pub limit: usize,
    /// Output format.
    #[arg(long, value_enum, default_value = "table")]
    pub format: OutFormat,
}

pub fn run(args: Args) -> Result<()> {
    let store = dyad_store::Store::open_read_only(&args.db.path())?;
    let mut filter = args.filter.to_filter()?;
    filter.limit = (args.limit > 0).then_some(args.limit);
    if !args.check_lookbacks {
        let events =
            store.first_contacts(&filter, args.years, &args.kind, args.include_uncovered)?;
        if !args.include_uncovered {
            coverage_note(&store)?;
        }
        return print_events(&store, &events, args.format, false);
    }
    let checks = store.check_lookbacks(&filter)?;
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    match args.format {
        OutFormat::Json => writeln!(out, "{}", serde_json::to_string_pretty(&checks)?)?,
        OutFormat::Csv => {
            writeln!(
                out,
                "event_id,doc_id,lookback,verdict,previous_event_id,previous_date"
            )?;
            for c in &checks {
                writeln!(
                    out,
                    "{},{},{},{},{},{}",
                    c.event.id,
                    dyad_store::csv_field(&c.doc_id),
                    c.lookback,
                    c.verdict,
                    c.previous
                        .as_ref()
                        .map(|p| p.id.to_string())
                        .unwrap_or_default(),
                    c.previous
                        .as_ref()
                        .and_then(|p| p.date.clone())
                        .unwrap_or_default()
                )?;
            }
        }
        OutFormat::Table => {
            writeln!(out, "{TABLE_HEADER}")?;
            for c in &checks {
                writeln!(out, "{}", table_line(&c.event))?;
                let prev = c
                    .previous
                    .as_ref()
                    .map(|p| {
                        format!(
                            "previous event {} on {}",
                            p.id,
                            p.date.as_deref().unwrap_or("?")
                        )
                    })
                    .unwrap_or_else(|| "no earlier event in the store".into());
                writeln!(
                    out,
                    "         look-back {} ({}): {}; {}",
                    c.lookback, c.doc_id, c.verdict, prev
                )?;
            }
        }
    }
    out.flush()?;
    Ok(())
}

/// Say on stderr what the store covers (its articles' story dates), which
/// decides the events left out as uncovered.
fn coverage_note(store: &dyad_store::Store) -> Result<()> {
    match store.coverage()? {
        Some((from, to)) => eprintln!(
            "dyad: the store covers {from} to {to} (its articles' story dates); events whose look-back reaches before {from} are left out (--include-uncovered lists them)"
        ),
        None => eprintln!(
            "dyad: no stored article has a story date, so the store's coverage is unknown and every event is left out (--include-uncovered lists them; ingest with --date to date undated input)"
        ),
    }
    Ok(())
}
