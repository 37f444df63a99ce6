//! `dyad parity`: agreement of dyad's text analysis with spaCy on a fixture.

use std::path::PathBuf;

use dyad_text::model::{self, parity};

#[derive(clap::Args)]
pub struct Args {
    /// JSONL fixture from `scripts/spacy_parity_dump.py`.
    fixture: PathBuf,
    /// Fail (exit 1) when tokens, tags, heads, deps or entities agree on fewer
    /// than this percentage of tokens.
    #[arg(long)]
    min: Option<f64>,
    /// Read only the first N docs.
    #[arg(long)]
    limit: Option<usize>,
    /// Model directory [default: $DYAD_MODEL or the default model location].
    #[arg(long)]
    model: Option<PathBuf>,
}

/// Layers `--min` applies to.
const GATED: &[&str] = &["tokens", "tags", "heads", "deps", "ents"];

pub fn run(args: Args) -> anyhow::Result<()> {
    let pipeline = model::Pipeline::load(&args.model.unwrap_or_else(model::default_dir))?;
    let report = parity::compare(&pipeline, &args.fixture, args.limit)?;
    outln!("{} docs from {}", report.docs, args.fixture.display())?;
    let print = |title: &str, layers: &[parity::LayerScore]| -> std::io::Result<()> {
        if layers.is_empty() {
            return Ok(());
        }
        outln!("\n{title}")?;
        outln!("  {:<24} {:>9} {:>9} {:>9}", "layer", "agree", "total", "%")?;
        // A layer with nothing compared (e.g. no action logs in the fixture) is left out.
        for l in layers.iter().filter(|l| l.total > 0) {
            outln!(
                "  {:<24} {:>9} {:>9} {:>8.3}%",
                l.name,
                l.agree,
                l.total,
                l.percent()
            )?;
        }
        for l in layers.iter().filter(|l| !l.mismatches.is_empty()) {
            outln!("  first {} mismatches:", l.name)?;
            for m in &l.mismatches {
                outln!("    {m}")?;
            }
        }
        Ok(())
    };
    print(
        "whole pipeline from text (% of spaCy's tokens):",
        &report.pipeline,
    )?;
    print("neural stages on spaCy's feature ids:", &report.neural)?;
    if let Some(d) = report.tok2vec_max_diff {
        outln!("  tok2vec max abs diff      {d:.2e}")?;
    }
    if let Some(d) = report.ner_tok2vec_max_diff {
        outln!("  ner tok2vec max abs diff  {d:.2e}")?;
    }
    if let Some(min) = args.min {
        let low: Vec<String> = report
            .pipeline
            .iter()
            .filter(|l| GATED.contains(&l.name.as_str()) && l.percent() < min)
            .map(|l| format!("{} {:.3}%", l.name, l.percent()))
            .collect();
        if !low.is_empty() {
            anyhow::bail!("below --min {min}%: {}", low.join(", "));
        }
    }
    Ok(())
}
