//! `dyad code`: articles in, coded events out.

use super::common::{read_inputs, InputArgs};
use anyhow::Result;
use dyad_code::extract::Trace;
use dyad_code::Event;
use dyad_ingest::InputError;
use rayon::prelude::*;
use std::io::Write;

#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub input: InputArgs,
    /// Output: jsonl (one event a line), table (for terminals) or tsv.
    #[arg(long, default_value = "jsonl", value_parser = ["jsonl", "table", "tsv"])]
    pub format: String,
    /// Show the coder's reasoning for every sentence (tree, actors, patterns tried) instead of events.
    #[arg(long)]
    pub explain: bool,
    #[command(flatten)]
    pub engine: super::common::EngineArgs,
}

pub fn run(args: Args) -> Result<()> {
    let (articles, mut errors) = read_inputs(&args.input)?;
    let engine = args.engine.load()?;
    let date = args.input.date;
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    if args.explain {
        for a in &articles {
            let mut trace = Trace::default();
            let coded = engine.code(a, date, Some(&mut trace))?;
            super::explain::print(&mut out, a, &coded, &trace, &engine)?;
        }
    } else {
        // Parallel over articles; collecting keeps the input order.
        // Parallel over batches of articles (the text layer is fastest on
        // batches); collecting keeps the input order.
        let coded: Vec<Result<Vec<Event>, String>> = articles
            .par_chunks(super::common::text_batch(articles.len()))
            .flat_map_iter(|chunk| {
                engine
                    .code_batch(chunk, date)
                    .into_iter()
                    .zip(chunk)
                    .map(|(r, a)| r.map(|c| c.events).map_err(|e| format!("{}: {e}", a.id)))
            })
            .collect();
        if args.format == "tsv" {
            writeln!(out, "doc_id\tsentence\tdate\tsource\ttarget\tcameo\tname\tgoldstein\tquad_class\tplover\tpattern\tsentence_text")?;
        }
        for evs in &coded {
            match evs {
                Ok(evs) => {
                    for e in evs {
                        write_event(&mut out, e, &args.format)?;
                    }
                }
                Err(msg) => errors.push(InputError {
                    origin: msg.clone(),
                    msg: "not coded".into(),
                }),
            }
        }
    }
    out.flush()?;
    super::common::finish(&errors)
}

fn write_event(out: &mut impl Write, e: &Event, format: &str) -> Result<()> {
    let tgt = e.target.as_ref();
    let code = |c: &Option<String>| c.clone().unwrap_or_else(|| "?".into());
    match format {
        "jsonl" => writeln!(out, "{}", serde_json::to_string(e)?)?,
        "tsv" => writeln!(
            out,
            "{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}",
            e.doc_id,
            e.sentence_index,
            e.date.value.as_deref().unwrap_or(""),
            code(&e.source.code),
            tgt.map(|t| code(&t.code)).unwrap_or_default(),
            e.cameo,
            e.cameo_name.as_deref().unwrap_or(""),
            e.goldstein.map(|g| g.to_string()).unwrap_or_default(),
            e.quad_class.map(|q| q.to_string()).unwrap_or_default(),
            e.plover
                .as_ref()
                .map(|p| p.event_type.as_str())
                .unwrap_or(""),
            e.evidence.pattern,
            e.evidence.sentence.replace(['\t', '\n'], " ")
        )?,
        _ => {
            let actor = |code: &Option<String>, text: &str| {
                format!("{} ({})", code.as_deref().unwrap_or("?"), text)
            };
            writeln!(
                out,
                "{:<12} {:>2}  {:<21}  {:<28} {:<5} {:<28}  {:>5}  {}",
                truncate(&e.doc_id, 12),
                e.sentence_index,
                e.date.value.as_deref().unwrap_or("-"),
                truncate(&actor(&e.source.code, &e.source.text), 28),
                e.cameo,
                truncate(
                    &tgt.map(|t| actor(&t.code, &t.text))
                        .unwrap_or_else(|| "-".into()),
                    28
                ),
                e.goldstein
                    .map(|g| format!("{g:+.1}"))
                    .unwrap_or_else(|| "?".into()),
                e.cameo_name.as_deref().unwrap_or("(not in the ontology)")
            )?
        }
    }
    Ok(())
}

fn truncate(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_string()
    } else {
        let mut t: String = s.chars().take(n - 1).collect();
        t.push('…');
        t
    }
}
