//! `dyad timeline`: a dyad's events and its monthly or weekly series of
//! counts and Goldstein sums, split into cooperation (QuadClass 1–2) and
//! conflict (3–4).

use super::events::{parse_dyad, print_events, OutFormat};
use anyhow::Result;
use dyad_store::{series, EventFilter, Period, Store};
use std::io::Write;

#[derive(clap::Args)]
pub struct Args {
    /// The dyad: two actor codes or prefixes, e.g. USA,RUS.
    #[arg(value_name = "A,B")]
    pub dyad: String,
    #[command(flatten)]
    pub db: super::common::DbArgs,
    /// Only events from the first actor to the second.
    #[arg(long)]
    pub directed: bool,
    /// Series period.
    #[arg(long, default_value = "month", value_parser = ["month", "week"])]
    pub period: String,
    /// CAMEO code or root to count (e.g. 04).
    #[arg(long, value_name = "CODE")]
    pub cameo: Option<String>,
    /// From this date (YYYY, YYYY-MM or YYYY-MM-DD).
    #[arg(long, value_name = "DATE")]
    pub from: Option<String>,
    /// To this date, inclusive.
    #[arg(long, value_name = "DATE")]
    pub to: Option<String>,
    /// Only events that happened in this country (ISO alpha-3, by their location).
    #[arg(long, value_name = "ISO3")]
    pub place_country: Option<String>,
    /// List the events instead of the series.
    #[arg(long)]
    pub events: bool,
    /// Output format (json holds the series and the events).
    #[arg(long, value_enum, default_value = "table")]
    pub format: OutFormat,
}

pub fn run(args: Args) -> Result<()> {
    let store = Store::open_read_only(&args.db.path())?;
    let bound = |s: &Option<String>, end| {
        s.as_deref()
            .map(|s| dyad_store::parse_bound(s, end).map_err(anyhow::Error::msg))
            .transpose()
    };
    let filter = EventFilter {
        dyad: Some(parse_dyad(&args.dyad)?),
        directed: args.directed,
        cameo: args.cameo.clone(),
        from: bound(&args.from, false)?,
        to: bound(&args.to, true)?,
        place_country: args.place_country.clone(),
        ..Default::default()
    };
    let events = store.events(&filter)?;
    let period = if args.period == "week" {
        Period::Week
    } else {
        Period::Month
    };
    let points = series(&events, period);
    // The series counts dated events only; say how many are not in it, so
    // that the header and the series add up.
    let undated = events.iter().filter(|e| e.day.is_none()).count();
    let dated = events.len() - undated;
    if args.events && args.format != OutFormat::Json {
        return print_events(&store, &events, args.format, false);
    }
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    match args.format {
        OutFormat::Json => {
            let v = serde_json::json!({ "dyad": args.dyad, "directed": args.directed, "period": args.period,
                "dated_events": dated, "undated_events": undated, "series": points, "events": events });
            writeln!(out, "{}", serde_json::to_string_pretty(&v)?)?;
        }
        OutFormat::Csv => {
            writeln!(out, "period,events,mentions,verbal_cooperation,material_cooperation,verbal_conflict,material_conflict,cooperation,conflict,goldstein_cooperation,goldstein_conflict,goldstein_net")?;
            for p in &points {
                writeln!(
                    out,
                    "{},{},{},{},{},{},{},{},{},{:.1},{:.1},{:.1}",
                    p.period,
                    p.events,
                    p.mentions,
                    p.verbal_cooperation,
                    p.material_cooperation,
                    p.verbal_conflict,
                    p.material_conflict,
                    p.cooperation,
                    p.conflict,
                    p.goldstein_cooperation,
                    p.goldstein_conflict,
                    p.goldstein_net
                )?;
            }
        }
        OutFormat::Table => {
            writeln!(
                out,
                "{dated} dated events between {} ({}), by {}{}",
                args.dyad,
                if args.directed {
                    "directed"
                } else {
                    "either direction"
                },
                args.period,
                match undated {
                    0 => String::new(),
                    n => format!(
                        "; {n} undated event(s) left out of the series (--events lists them)"
                    ),
                }
            )?;
            writeln!(
                out,
                "{:<10}  {:>6}  {:>6}  {:>5} {:>5} {:>5} {:>5}  {:>6}  {:>6}  {:>8}  {:>8}  {:>8}",
                "period",
                "events",
                "ment",
                "vcoop",
                "mcoop",
                "vconf",
                "mconf",
                "coop",
                "conf",
                "gs_coop",
                "gs_conf",
                "gs_net"
            )?;
            for p in &points {
                writeln!(
                    out,
                    "{:<10}  {:>6}  {:>6}  {:>5} {:>5} {:>5} {:>5}  {:>6}  {:>6}  {:>8.1}  {:>8.1}  {:>8.1}",
                    p.period, p.events, p.mentions, p.verbal_cooperation, p.material_cooperation, p.verbal_conflict,
                    p.material_conflict, p.cooperation, p.conflict, p.goldstein_cooperation, p.goldstein_conflict, p.goldstein_net
                )?;
            }
        }
    }
    out.flush()?;
    Ok(())
}
