//! The `dyad` command line. Each subcommand lives in `cmd/` and only wires
//! the library crates together; no analysis logic lives here.

use clap::{Parser, Subcommand};

mod cmd;

#[derive(Parser)]
#[command(name = "dyad", version, about = "Turn news text into coded political event data", long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Install or inspect the English language model (converted from spaCy's en_core_web_sm 3.8.0).
    Model(cmd::model::Args),
    /// Print the linguistic analysis of text: tokens, tags, lemmas, dependency tree, entities.
    Analyze(cmd::analyze::Args),
    /// Resolve an actor phrase to a CAMEO actor code on a date, with the reason.
    Actor(cmd::actor::Args),
}

fn main() {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Model(a) => cmd::model::run(a),
        Command::Analyze(a) => cmd::analyze::run(a),
        Command::Actor(a) => cmd::actor::run(a),
    };
    if let Err(e) = result {
        eprintln!("dyad: error: {e:#}");
        std::process::exit(1);
    }
}
