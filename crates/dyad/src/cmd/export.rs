//! `dyad export`: stored events as JSON Lines, CSV or GDELT 2.0's event
//! table (61 tab-separated columns, optionally with dyad's own after
//! them); `docs/exports.md` documents every column.

use super::events::FilterArgs;
use anyhow::{Context, Result};
use dyad_store::ExportFormat;
use std::path::PathBuf;

#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub db: super::common::DbArgs,
    /// jsonl (de-duplicated events with their mentions), mentions (the raw
    /// per-article codings), csv, gdelt (GDELT 2.0 event table, 61 columns),
    /// or gdelt-dyad (the same plus date precision, end date, story date and
    /// doc id). Columns: docs/exports.md.
    #[arg(long, default_value = "jsonl")]
    pub format: ExportFormat,
    /// Output file [default: standard output].
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    #[command(flatten)]
    pub filter: FilterArgs,
}

pub fn run(args: Args) -> Result<()> {
    let store = dyad_store::Store::open_read_only(&args.db.path())?;
    let filter = args.filter.to_filter()?;
    if args.format == ExportFormat::MentionsJsonl && filter_set(&args.filter) {
        anyhow::bail!(
            "--format mentions exports every coded event; filters apply to the other formats"
        );
    }
    let n = match &args.output {
        Some(p) => {
            let f = std::fs::File::create(p)
                .with_context(|| format!("cannot create {}", p.display()))?;
            let mut w = std::io::BufWriter::new(f);
            store.export(&filter, args.format, &mut w)?
        }
        None => {
            let stdout = std::io::stdout();
            let mut w = std::io::BufWriter::new(stdout.lock());
            store.export(&filter, args.format, &mut w)?
        }
    };
    if let Some(p) = &args.output {
        eprintln!("dyad: {} record(s) written to {}", n.records, p.display());
    }
    if n.undated_left_out > 0 {
        eprintln!(
            "dyad: {} undated event(s) left out: GDELT requires a date; --format csv or jsonl includes them",
            n.undated_left_out
        );
    }
    Ok(())
}

fn filter_set(f: &FilterArgs) -> bool {
    !f.actors.is_empty()
        || f.source.is_some()
        || f.target.is_some()
        || f.dyad.is_some()
        || f.country.is_some()
        || f.role.is_some()
        || f.cameo.is_some()
        || f.plover.is_some()
        || f.quad_class.is_some()
        || f.from.is_some()
        || f.to.is_some()
        || f.text.is_some()
}
