//! The `dyad` command line. Each subcommand lives in `cmd/` and only wires
//! the library crates together; no analysis logic lives here.

use clap::{Parser, Subcommand};

mod cmd;

#[derive(Parser)]
#[command(name = "dyad", version, about = "Turn news text into coded political event data (who did what to whom, when)", long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Code articles into events (JSON Lines, table or TSV).
    Code(cmd::code::Args),
    /// Score the coder against a gold set: precision, recall, F1 (strict and root level).
    Eval(cmd::eval::Args),
    /// Print the linguistic analysis of text: tokens, tags, lemmas, dependency tree, entities.
    Analyze(cmd::analyze::Args),
    /// Resolve an actor phrase to a CAMEO actor code on a date, with the reason.
    Actor(cmd::actor::Args),
    /// Find and normalise temporal expressions ("last Tuesday", "in March 2024") against a story date.
    When(cmd::when::Args),
    /// Code articles and store them and their events in the event database.
    Ingest(cmd::ingest::Args),
    /// Re-code stored articles (after a dictionary change), replacing their events.
    Recode(cmd::recode::Args),
    /// List stored events, filtered by actors, dyad, codes, dates, text.
    Events(cmd::events::Args),
    /// A dyad's timeline and its monthly/weekly cooperation/conflict series.
    Timeline(cmd::timeline::Args),
    /// The latest event between two actors before a date.
    LastContact(cmd::last_contact::Args),
    /// Events whose dyad had no event of that kind in the previous N years.
    FirstContact(cmd::first_contact::Args),
    /// Full-text search over stored articles, with their events.
    Search(cmd::search::Args),
    /// What the event database holds.
    Stats(cmd::stats::Args),
    /// Export stored events as JSON Lines, CSV or the GDELT 2.0 event table.
    Export(cmd::export::Args),
    /// Install or inspect the English language model (converted from spaCy's en_core_web_sm 3.8.0).
    Model(cmd::model::Args),
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
        Command::Code(a) => cmd::code::run(a),
        Command::Eval(a) => cmd::eval::run(a),
        Command::Analyze(a) => cmd::analyze::run(a),
        Command::Actor(a) => cmd::actor::run(a),
        Command::When(a) => cmd::when::run(a),
        Command::Ingest(a) => cmd::ingest::run(a),
        Command::Recode(a) => cmd::recode::run(a),
        Command::Events(a) => cmd::events::run(a),
        Command::Timeline(a) => cmd::timeline::run(a),
        Command::LastContact(a) => cmd::last_contact::run(a),
        Command::FirstContact(a) => cmd::first_contact::run(a),
        Command::Search(a) => cmd::search::run(a),
        Command::Stats(a) => cmd::stats::run(a),
        Command::Export(a) => cmd::export::run(a),
        Command::Model(a) => cmd::model::run(a),
        Command::Parity(a) => cmd::parity::run(a),
        Command::UdEval(a) => cmd::ud_eval::run(a),
        Command::Bench(a) => cmd::bench::run(a),
    };
    if let Err(e) = result {
        eprintln!("dyad: error: {e:#}");
        std::process::exit(1);
    }
}
