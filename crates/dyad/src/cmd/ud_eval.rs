//! `dyad ud-eval`.

#[derive(clap::Args)]
pub struct Args {}

pub fn run(_args: Args) -> anyhow::Result<()> {
    anyhow::bail!("`dyad ud-eval` is being built")
}
