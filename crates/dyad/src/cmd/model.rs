//! `dyad model`: install (convert) and inspect the English language model.

use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::Context;
use dyad_text::model;

#[derive(clap::Args)]
pub struct Args {
    #[command(subcommand)]
    command: Command,
}

#[derive(clap::Subcommand)]
enum Command {
    /// Convert spaCy's en_core_web_sm 3.8.0 package directory (the one holding
    /// `config.cfg`, inside the unpacked wheel) into dyad's model format.
    Install {
        /// The spaCy package directory.
        spacy_dir: PathBuf,
        /// Where to write the model [default: the default model location].
        #[arg(long)]
        to: Option<PathBuf>,
    },
    /// Print where the model is, its size and how long it takes to load.
    Info {
        /// Model directory [default: $DYAD_MODEL or the default model location].
        #[arg(long)]
        dir: Option<PathBuf>,
    },
}

pub fn run(args: Args) -> anyhow::Result<()> {
    match args.command {
        Command::Install { spacy_dir, to } => {
            let to = to.unwrap_or_else(model::default_dir);
            let start = Instant::now();
            model::convert(&spacy_dir, &to).with_context(|| {
                format!("converting {} into {}", spacy_dir.display(), to.display())
            })?;
            eprintln!(
                "dyad: model installed in {} ({:.1} s)",
                to.display(),
                start.elapsed().as_secs_f64()
            );
            Ok(())
        }
        Command::Info { dir } => info(&dir.unwrap_or_else(model::default_dir)),
    }
}

fn dir_size(dir: &Path) -> std::io::Result<u64> {
    let mut total = 0;
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        let meta = entry.metadata()?;
        total += if meta.is_dir() {
            dir_size(&entry.path())?
        } else {
            meta.len()
        };
    }
    Ok(total)
}

fn info(dir: &Path) -> anyhow::Result<()> {
    let manifest = model::manifest(dir)?;
    let size = dir_size(dir).with_context(|| format!("reading {}", dir.display()))?;
    let start = Instant::now();
    let _pipeline = model::Pipeline::load(dir)?;
    let load = start.elapsed();
    outln!("model:     {} {}", manifest.name, manifest.version)?;
    outln!("location:  {}", dir.display())?;
    outln!("format:    {}", manifest.format)?;
    outln!("size:      {:.1} MB", size as f64 / 1e6)?;
    outln!("load time: {:.0} ms", load.as_secs_f64() * 1e3)?;
    Ok(())
}
