//! `dyad ud-eval`: analyse every sentence of a UD treebank from its raw
//! `# text`, convert to UD v2 and score tokens, UPOS, UAS and LAS the way
//! the CoNLL 2018 shared task does (system and gold tokens count as aligned
//! only when their character spans are identical).

use std::collections::HashMap;
use std::io::Write;
use std::path::PathBuf;

use anyhow::{bail, Context, Result};
use dyad_text::rules::{AttributeRuler, Lemmatizer};
use dyad_text::ud::{self, UdScores};
use dyad_text::{Doc, Pipeline};
use rayon::prelude::*;

#[derive(clap::Args)]
pub struct Args {
    /// CoNLL-U treebank; every sentence needs a `# text =` line.
    file: PathBuf,
    /// How many of the most frequent relation errors to list.
    #[arg(long, default_value_t = 12)]
    top: usize,
    /// Also write dyad's analyses as CoNLL-U to this file.
    #[arg(long, value_name = "FILE")]
    write: Option<PathBuf>,
    /// Score spaCy's analyses from a `scripts/spacy_parity_dump.py` file
    /// (records with `id` = the sentence's `sent_id`) instead of running the
    /// neural stages; dyad's rule stages and UD conversion still run.
    #[arg(long, hide = true, value_name = "DUMP")]
    from_fixture: Option<PathBuf>,
}

/// Where the analyses come from.
enum Source {
    Pipeline(Box<Pipeline>),
    Dump {
        docs: HashMap<String, Doc>,
        ruler: AttributeRuler,
        lemmatizer: Lemmatizer,
    },
}

pub fn run(args: Args) -> Result<()> {
    let bytes = std::fs::read(&args.file)
        .with_context(|| format!("cannot read {}", args.file.display()))?;
    let text = String::from_utf8(bytes)
        .with_context(|| format!("{}: not valid UTF-8", args.file.display()))?;
    let gold =
        ud::read_conllu(&text).map_err(|e| anyhow::anyhow!("{}: {e}", args.file.display()))?;
    if gold.is_empty() {
        bail!("{}: no sentences", args.file.display());
    }
    let source = match &args.from_fixture {
        None => Source::Pipeline(Box::new(Pipeline::load_default()?)),
        Some(p) => load_dump(p)?,
    };
    let mut writer = match &args.write {
        Some(p) => Some(std::io::BufWriter::new(
            std::fs::File::create(p).with_context(|| format!("cannot create {}", p.display()))?,
        )),
        None => None,
    };
    let mut scores = UdScores::default();
    let mut missing = 0;
    // Sentences are independent: analyse them on all cores, score in order.
    let mut analysed = match &source {
        Source::Pipeline(p) => gold
            .par_iter()
            .map(|s| p.analyze(&s.text))
            .collect::<Vec<_>>(),
        Source::Dump { .. } => Vec::new(),
    }
    .into_iter();
    for (k, sent) in gold.iter().enumerate() {
        let id = sent
            .sent_id
            .clone()
            .unwrap_or_else(|| format!("s{}", k + 1));
        let doc = match &source {
            Source::Pipeline(_) => match analysed.next() {
                Some(Ok(doc)) => doc,
                Some(Err(e)) => {
                    return Err(e)
                        .with_context(|| format!("{}: sentence {id}", args.file.display()))
                }
                None => unreachable!("one analysis per sentence"),
            },
            Source::Dump {
                docs,
                ruler,
                lemmatizer,
            } => {
                let mut doc = match docs.get(&id).filter(|d| d.text == sent.text) {
                    Some(d) => d.clone(),
                    None => {
                        missing += 1;
                        Doc::new(sent.text.clone(), Vec::new(), Vec::new())
                    }
                };
                ruler.apply(&mut doc);
                lemmatizer.apply(&mut doc);
                doc
            }
        };
        let tree = ud::to_ud(&doc);
        scores.add(sent, &doc, &tree);
        if let Some(w) = writer.as_mut() {
            ud::write_conllu(&doc, &id, w).context("writing CoNLL-U")?;
        }
    }
    if let Some(mut w) = writer {
        w.flush().context("writing CoNLL-U")?;
    }
    let mut out = std::io::stdout().lock();
    writeln!(out, "{}", args.file.display())?;
    if missing > 0 {
        writeln!(
            out,
            "({missing} sentences had no analysis in the dump and count as empty)"
        )?;
    }
    write!(out, "{}", scores.report(args.top))?;
    Ok(())
}

fn load_dump(path: &PathBuf) -> Result<Source> {
    let model = dyad_text::model::default_dir();
    let ruler = AttributeRuler::load(&model)?;
    let lemmatizer = Lemmatizer::load(&model)?;
    let text =
        std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
    let mut docs = HashMap::new();
    for (n, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let (id, doc) = ud::doc_from_spacy_dump(line)
            .map_err(|e| anyhow::anyhow!("{}:{}: {e}", path.display(), n + 1))?;
        let id =
            id.ok_or_else(|| anyhow::anyhow!("{}:{}: record has no `id`", path.display(), n + 1))?;
        docs.insert(id, doc);
    }
    Ok(Source::Dump {
        docs,
        ruler,
        lemmatizer,
    })
}
