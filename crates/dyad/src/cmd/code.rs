//! `dyad code`: articles in, coded events out.

use super::common::{open_inputs, InputArgs, BATCH_ARTICLES};
use anyhow::Result;
use dyad_code::extract::Trace;
use dyad_code::Event;
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
    let mut inputs = open_inputs(&args.input);
    let engine = args.engine.load()?;
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let mut failed = 0;
    if args.format == "tsv" && !args.explain {
        writeln!(out, "doc_id\tsentence\tdate\tsource\ttarget\tcameo\tname\tgoldstein\tquad_class\tplover\tpattern\tsentence_text")?;
    }
    // Batch by batch: bounded memory, and events appear as they are coded.
    loop {
        let batch = inputs.next_batch(BATCH_ARTICLES);
        if batch.is_empty() {
            break;
        }
        if args.explain {
            for a in &batch {
                let mut trace = Trace::default();
                match engine.code(a, None, Some(&mut trace)) {
                    Ok(coded) => {
                        super::explain::print(&mut out, a, &coded, &trace)?;
                        super::explain::print_places(&mut out, engine.geo.as_ref(), &coded)?;
                    }
                    Err(e) => {
                        failed += 1;
                        eprintln!("dyad: {}: not coded: {e}", a.id);
                    }
                }
            }
        } else {
            for (a, r) in batch.iter().zip(code_in_parallel(&engine, &batch)) {
                match r {
                    Ok(evs) => {
                        for e in &evs {
                            write_event(&mut out, e, &args.format)?;
                        }
                    }
                    Err(e) => {
                        failed += 1;
                        eprintln!("dyad: {}: not coded: {e}", a.id);
                    }
                }
            }
        }
        out.flush()?;
    }
    out.flush()?;
    inputs.problems += failed;
    inputs.finish()
}

/// Code a batch on all threads, in groups for the text layer; results in
/// input order.
fn code_in_parallel(
    engine: &dyad_code::engine::Engine,
    batch: &[dyad_ingest::Article],
) -> Vec<Result<Vec<Event>, dyad_text::TextError>> {
    batch
        .par_chunks(super::common::text_batch(batch.len()))
        .flat_map_iter(|chunk| {
            engine
                .code_batch(chunk, None)
                .into_iter()
                .map(|r| r.map(|c| c.events))
        })
        .collect()
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
