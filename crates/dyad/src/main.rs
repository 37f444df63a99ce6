//! The `dyad` command line. Each subcommand lives in `cmd/` and only wires
//! the library crates together; no analysis logic lives here.

use clap::{Parser, Subcommand};

/// Writes a line to stdout and returns the error. Unlike `println!` it does
/// not panic when the pipe is closed (`dyad export | head`) or the disk is
/// full: the error reaches `main`, which ends quietly for a closed pipe.
macro_rules! outln {
    ($($arg:tt)*) => {
        {
            use std::io::Write as _;
            writeln!(std::io::stdout().lock(), $($arg)*)
        }
    };
}

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
    /// Serve the event database read-only: a JSON/CSV API and a dashboard in the browser.
    Serve(cmd::serve::Args),
    /// Export stored events as JSON Lines, CSV or the GDELT 2.0 event table.
    Export(cmd::export::Args),
    /// Install or inspect the English language model (converted from spaCy's en_core_web_sm 3.8.0).
    Model(cmd::model::Args),
    /// Install or inspect the gazetteer (GeoNames, converted into dyad's index); look place names up.
    Geo(cmd::geo::Args),
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
        Command::Serve(a) => cmd::serve::run(a),
        Command::Export(a) => cmd::export::run(a),
        Command::Model(a) => cmd::model::run(a),
        Command::Geo(a) => cmd::geo::run(a),
        Command::Parity(a) => cmd::parity::run(a),
        Command::UdEval(a) => cmd::ud_eval::run(a),
        Command::Bench(a) => cmd::bench::run(a),
    };
    if let Err(e) = result {
        std::process::exit(report(&e));
    }
}

/// The one error sink: print the error with its causes and return the exit
/// status. A closed output pipe is not an error: the reader had enough.
fn report(e: &anyhow::Error) -> i32 {
    if is_broken_pipe(e) {
        return 0;
    }
    eprintln!("dyad: error: {}", describe(e));
    1
}

/// The error and each cause that adds something (a cause whose text the
/// message already contains is not repeated).
fn describe(e: &anyhow::Error) -> String {
    let mut msg = e.to_string();
    for cause in e.chain().skip(1) {
        let c = cause.to_string();
        if !msg.contains(&c) {
            msg.push_str(": ");
            msg.push_str(&c);
        }
    }
    msg
}

fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| {
        c.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;
    use proptest::prelude::*;

    #[test]
    fn the_command_line_is_well_formed() {
        Cli::command().debug_assert();
    }

    #[test]
    fn a_closed_pipe_is_success_and_other_errors_are_not() {
        let pipe = anyhow::Error::from(std::io::Error::from(std::io::ErrorKind::BrokenPipe))
            .context("writing output");
        assert_eq!(report(&pipe), 0);
        let full = anyhow::Error::from(std::io::Error::other("No space left on device"));
        assert_eq!(report(&full), 1);
    }

    #[test]
    fn a_cause_already_in_the_message_is_not_repeated() {
        let e = anyhow::Error::from(std::io::Error::other("disk I/O error"))
            .context("events.db: disk I/O error");
        assert_eq!(describe(&e), "events.db: disk I/O error");
        let e =
            anyhow::Error::from(std::io::Error::other("disk I/O error")).context("storing a batch");
        assert_eq!(describe(&e), "storing a batch: disk I/O error");
    }

    const WORDS: &[&str] = &[
        "code",
        "ingest",
        "events",
        "timeline",
        "export",
        "when",
        "actor",
        "analyze",
        "stats",
        "bench",
        "length",
        "--db",
        "--date",
        "--limit",
        "--format",
        "--input",
        "--example",
        "--explain",
        "--since",
        "--until",
        "--period",
        "--years",
        "--cameo",
        "-",
        "--",
        "2024-03-05",
        "2024-03-05garbage",
        "18446744073709551616",
        "-1",
        "FRA,RUS",
        "jsonl",
        "\u{202e}",
        "\u{0}",
        "😀",
        "",
    ];

    proptest! {
        #[test]
        fn any_arguments_parse_or_fail_cleanly(args in prop::collection::vec(
            prop_oneof![prop::sample::select(WORDS).prop_map(str::to_string), any::<String>()],
            0..8,
        )) {
            let argv = std::iter::once("dyad".to_string()).chain(args);
            let _ = Cli::try_parse_from(argv);
        }
    }
}
