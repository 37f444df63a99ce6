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
    /// Find and normalise temporal expressions ("last Tuesday", "in March 2024") against a story date.
    When(cmd::when::Args),
    /// Compare dyad's text analysis with a committed spaCy parity fixture and print agreement figures.
    Parity(cmd::parity::Args),
    /// Score the text layer's UD output (UPOS, UAS, LAS) against a CoNLL-U treebank, from raw text.
    UdEval(cmd::ud_eval::Args),
    /// Measure speed and memory of dyad's stages over a corpus.
    Bench(cmd::bench::Args),
}

fn main() {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Model(a) => cmd::model::run(a),
        Command::Analyze(a) => cmd::analyze::run(a),
        Command::Actor(a) => cmd::actor::run(a),
        Command::When(a) => cmd::when::run(a),
        Command::Parity(a) => cmd::parity::run(a),
        Command::UdEval(a) => cmd::ud_eval::run(a),
        Command::Bench(a) => cmd::bench::run(a),
    };
    if let Err(e) = result {
        eprintln!("dyad: error: {e:#}");
        std::process::exit(1);
    }
}
