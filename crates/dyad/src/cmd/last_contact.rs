//! `dyad last-contact`: the latest event between two actors before a
//! date, optionally of one CAMEO root (e.g. 04 = consult), with the
//! articles and sentences that report it.

use super::events::{parse_dyad, table_line, OutFormat, TABLE_HEADER};
use anyhow::Result;
use std::io::Write;

#[derive(clap::Args)]
pub struct Args {
    /// The two actors: codes or prefixes, e.g. USA,RUS.
    #[arg(value_name = "A,B")]
    pub dyad: String,
    #[command(flatten)]
    pub db: super::common::DbArgs,
    /// Only events strictly before this date (YYYY, YYYY-MM or YYYY-MM-DD) [default: ever].
    #[arg(long, value_name = "DATE")]
    pub before: Option<String>,
    /// CAMEO root or code, e.g. 04 (consult).
    #[arg(long, value_name = "CODE")]
    pub cameo: Option<String>,
    /// Only events from the first actor to the second.
    #[arg(long)]
    pub directed: bool,
    /// Output format.
    #[arg(long, value_enum, default_value = "table")]
    pub format: OutFormat,
}

pub fn run(args: Args) -> Result<()> {
    let store = dyad_store::Store::open_read_only(&args.db.path())?;
    let (a, b) = parse_dyad(&args.dyad)?;
    let before = args
        .before
        .as_deref()
        .map(|s| dyad_store::parse_bound(s, false).map_err(anyhow::Error::msg))
        .transpose()?;
    let found = store.last_contact(&a, &b, args.directed, before, args.cameo.as_deref())?;
    let mentions = match &found {
        Some(e) => store.mentions(e.id)?,
        None => Vec::new(),
    };
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    match args.format {
        OutFormat::Json => {
            let v = serde_json::json!({ "event": found, "mentions": mentions });
            writeln!(out, "{}", serde_json::to_string_pretty(&v)?)?;
        }
        OutFormat::Csv => {
            writeln!(out, "{}", dyad_store::CSV_HEADER.join(","))?;
            if let Some(e) = &found {
                writeln!(out, "{}", dyad_store::csv_row(e))?;
            }
        }
        OutFormat::Table => match &found {
            None => writeln!(
                out,
                "no event between {a} and {b} in the store{}",
                args.before
                    .as_ref()
                    .map(|d| format!(" before {d}"))
                    .unwrap_or_default()
            )?,
            Some(e) => {
                writeln!(out, "{TABLE_HEADER}")?;
                writeln!(out, "{}", table_line(e))?;
                for m in &mentions {
                    let sentence = m
                        .coded
                        .get("evidence")
                        .and_then(|v| v.get("sentence"))
                        .and_then(|v| v.as_str())
                        .unwrap_or("");
                    writeln!(
                        out,
                        "  {} #{}: {}",
                        m.doc_id,
                        m.sentence_index,
                        super::events::truncate(sentence, 100)
                    )?;
                }
            }
        },
    }
    out.flush()?;
    Ok(())
}
