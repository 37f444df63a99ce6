//! `dyad events`: list stored events by actors, dyad, codes, dates, text.
//! Also holds the filter options and output helpers the other store
//! commands share.

use anyhow::Result;
use dyad_store::{EventFilter, EventRow, Store};
use std::io::Write;

/// Output formats of the query commands.
#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum OutFormat {
    Table,
    Json,
    Csv,
}

/// The event filters, shared by `events`, `first-contact` and `export`.
#[derive(clap::Args, Clone, Default)]
pub struct FilterArgs {
    /// Actor code or prefix on either side (RUS matches RUSGOV, RUSMIL…). Repeatable: all must appear.
    #[arg(long = "actor", value_name = "CODE")]
    pub actors: Vec<String>,
    /// Source actor code or prefix.
    #[arg(long, value_name = "CODE")]
    pub source: Option<String>,
    /// Target actor code or prefix.
    #[arg(long, value_name = "CODE")]
    pub target: Option<String>,
    /// Events between two actors, e.g. USA,RUS (either direction unless --directed).
    #[arg(long, value_name = "A,B")]
    pub dyad: Option<String>,
    /// With --dyad: only from the first actor to the second.
    #[arg(long)]
    pub directed: bool,
    /// Country code (3 letters) of either actor.
    #[arg(long, value_name = "CODE")]
    pub country: Option<String>,
    /// Role code of either actor (GOV, MIL, OPP…).
    #[arg(long, value_name = "CODE")]
    pub role: Option<String>,
    /// CAMEO code or root: 04 = the root, 036 = that code and below.
    #[arg(long, value_name = "CODE")]
    pub cameo: Option<String>,
    /// PLOVER event type, e.g. CONSULT.
    #[arg(long, value_name = "TYPE")]
    pub plover: Option<String>,
    /// QuadClass: 1 verbal cooperation, 2 material cooperation, 3 verbal conflict, 4 material conflict.
    #[arg(long = "quad", value_name = "1-4")]
    pub quad_class: Option<u8>,
    /// Events on or after this date (YYYY, YYYY-MM or YYYY-MM-DD).
    #[arg(long, value_name = "DATE")]
    pub from: Option<String>,
    /// Events on or before this date (YYYY, YYYY-MM or YYYY-MM-DD; a year or month includes all its days).
    #[arg(long, value_name = "DATE")]
    pub to: Option<String>,
    /// Only events of the articles matching this full-text query (FTS5 syntax).
    #[arg(long, value_name = "QUERY")]
    pub text: Option<String>,
    /// Country (ISO alpha-3) where the event happened, by its location (--country is the actors').
    #[arg(long, value_name = "ISO3")]
    pub place_country: Option<String>,
    /// Events placed within KM kilometres of LAT,LON, e.g. 12.0,8.5,50.
    #[arg(long, value_name = "LAT,LON,KM", allow_hyphen_values = true)]
    pub near: Option<String>,
}

/// `LAT,LON,KM` as numbers.
pub(crate) fn parse_near(s: &str) -> Result<(f64, f64, f64)> {
    let parts: Vec<f64> = s
        .split(',')
        .map(|p| p.trim().parse::<f64>())
        .collect::<std::result::Result<_, _>>()
        .map_err(|_| {
            anyhow::anyhow!("`{s}` is not LAT,LON,KM: expected three numbers, e.g. 12.0,8.5,50")
        })?;
    match parts.as_slice() {
        [lat, lon, km] => Ok((*lat, *lon, *km)),
        _ => anyhow::bail!("`{s}` is not LAT,LON,KM: expected three numbers, e.g. 12.0,8.5,50"),
    }
}

/// Split `A,B` (or `A-B`, `A:B`) into two actor specs.
pub(crate) fn parse_dyad(s: &str) -> Result<(String, String)> {
    let parts: Vec<&str> = s.split([',', '-', ':', '/']).map(str::trim).collect();
    match parts.as_slice() {
        [a, b] if !a.is_empty() && !b.is_empty() => Ok((a.to_string(), b.to_string())),
        _ => anyhow::bail!("`{s}` is not a dyad: expected two actor codes, e.g. USA,RUS"),
    }
}

impl FilterArgs {
    pub(crate) fn to_filter(&self) -> Result<EventFilter> {
        let bound = |s: &Option<String>, end: bool| -> Result<Option<i64>> {
            s.as_deref()
                .map(|s| dyad_store::parse_bound(s, end).map_err(anyhow::Error::msg))
                .transpose()
        };
        Ok(EventFilter {
            actors: self.actors.clone(),
            source: self.source.clone(),
            target: self.target.clone(),
            dyad: self.dyad.as_deref().map(parse_dyad).transpose()?,
            directed: self.directed,
            country: self.country.clone(),
            role: self.role.clone(),
            cameo: self.cameo.clone(),
            plover: self.plover.clone(),
            quad_class: self.quad_class,
            from: bound(&self.from, false)?,
            to: bound(&self.to, true)?,
            text: self.text.clone(),
            place_country: self.place_country.clone(),
            near: self.near.as_deref().map(parse_near).transpose()?,
            limit: None,
            descending: false,
        })
    }
}

#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub db: super::common::DbArgs,
    #[command(flatten)]
    pub filter: FilterArgs,
    /// At most this many events (0 = all).
    #[arg(long, default_value_t = 100)]
    pub limit: usize,
    /// Latest first.
    #[arg(long)]
    pub latest: bool,
    /// With --format json: each event's mentions (articles, sentences, evidence).
    #[arg(long)]
    pub mentions: bool,
    /// Output format.
    #[arg(long, value_enum, default_value = "table")]
    pub format: OutFormat,
}

/// Cut `s` to `n` characters, with an ellipsis.
pub(crate) fn truncate(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_string()
    } else {
        let mut t: String = s.chars().take(n.saturating_sub(1)).collect();
        t.push('…');
        t
    }
}

/// Table header for events.
pub(crate) const TABLE_HEADER: &str =
    "     id  date        source            target            cameo  name                            gold  ment  src  art  place";

/// One event as a table line.
pub(crate) fn table_line(e: &EventRow) -> String {
    let actor = |code: &str, name: &str| {
        if code.is_empty() {
            format!("? ({name})")
        } else {
            code.to_string()
        }
    };
    // Where it happened: "Kano NGA", or "-".
    let place = e
        .location
        .as_ref()
        .map(|l| format!("{} {}", l.name, l.country))
        .unwrap_or_else(|| "-".into());
    format!(
        "{:>7}  {:<10}  {:<16}  {:<16}  {:<5}  {:<30}  {:+5.1}  {:>4}  {:>3}  {:>3}  {}",
        e.id,
        e.date.as_deref().unwrap_or("-"),
        truncate(&actor(&e.source_code, &e.source_name), 16),
        truncate(&actor(&e.target_code, &e.target_name), 16),
        e.cameo,
        truncate(&e.cameo_name, 30),
        e.goldstein,
        e.num_mentions,
        e.num_sources,
        e.num_articles,
        truncate(&place, 32)
    )
}

/// Print events in a format.
pub(crate) fn print_events(
    store: &Store,
    events: &[EventRow],
    format: OutFormat,
    mentions: bool,
) -> Result<()> {
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    match format {
        OutFormat::Table => {
            writeln!(out, "{TABLE_HEADER}")?;
            for e in events {
                writeln!(out, "{}", table_line(e))?;
            }
        }
        OutFormat::Csv => {
            writeln!(out, "{}", dyad_store::CSV_HEADER.join(","))?;
            for e in events {
                writeln!(out, "{}", dyad_store::csv_row(e))?;
            }
        }
        OutFormat::Json => {
            let mut all = Vec::with_capacity(events.len());
            for e in events {
                let mut v = serde_json::to_value(e)?;
                if mentions {
                    v["mentions"] = serde_json::to_value(store.mentions(e.id)?)?;
                }
                all.push(v);
            }
            writeln!(out, "{}", serde_json::to_string_pretty(&all)?)?;
        }
    }
    out.flush()?;
    Ok(())
}

pub fn run(args: Args) -> Result<()> {
    let store = Store::open_read_only(&args.db.path())?;
    let mut filter = args.filter.to_filter()?;
    filter.limit = (args.limit > 0).then_some(args.limit);
    filter.descending = args.latest;
    let events = store.events(&filter)?;
    print_events(&store, &events, args.format, args.mentions)
}
