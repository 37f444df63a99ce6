//! `dyad analyze`: print the text layer's analysis (tokens, lemmas, tags,
//! dependency tree, entities) as a table, JSON Lines or CoNLL-U.

use std::io::{IsTerminal, Read, Write};
use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};
use dyad_text::{ud, Doc, Pipeline};
use serde_json::json;

use super::common::{classify, missing_message, Positional, EXAMPLE_ARTICLE};

#[derive(clap::Args)]
pub struct Args {
    /// Texts to analyse, one document each (none: read --file or standard
    /// input). An argument that is an existing file is read as one (as
    /// --file does).
    #[arg(value_name = "TEXT")]
    texts: Vec<String>,
    /// Read documents from FILE (`-` = standard input); may be repeated.
    #[arg(long = "file", value_name = "FILE")]
    files: Vec<PathBuf>,
    /// How to read files and standard input: `text` (each is one document) or
    /// `jsonl` (one `{"id": …, "text": …}` record per line).
    #[arg(long, value_enum, default_value_t = InputKind::Text)]
    input: InputKind,
    /// Output: `table` (readable), `json` (one JSON object per document) or
    /// `conllu` (Universal Dependencies v2).
    #[arg(long, value_enum, default_value_t = OutputFormat::Table)]
    format: OutputFormat,
    /// Analyse the built-in example news article.
    #[arg(long, conflicts_with_all = ["texts", "files"])]
    example: bool,
}

#[derive(clap::ValueEnum, Clone, Copy, PartialEq, Eq)]
enum InputKind {
    Text,
    Jsonl,
}

#[derive(clap::ValueEnum, Clone, Copy, PartialEq, Eq)]
enum OutputFormat {
    Table,
    Json,
    Conllu,
}

/// One document to analyse.
struct Record {
    id: String,
    text: String,
}

pub fn run(args: Args) -> Result<()> {
    let mut errors = Vec::new();
    let records = collect(&args, &mut errors)?;
    if !records.is_empty() {
        let pipeline = Pipeline::load_default()?;
        let stdout = std::io::stdout();
        let mut out = std::io::BufWriter::new(stdout.lock());
        for r in &records {
            let mut piece = 0;
            let result = pipeline.analyze_long(&r.text, |_, doc| {
                piece += 1;
                // Long texts come in pieces; each gets its own id.
                let id = if piece == 1 {
                    r.id.clone()
                } else {
                    format!("{}#{piece}", r.id)
                };
                if let Err(e) = print(&mut out, &id, &doc, args.format) {
                    errors.push(format!("writing output: {e}"));
                }
            });
            if let Err(e) = result {
                errors.push(format!("{}: {e}", r.id));
            }
        }
        out.flush().context("writing output")?;
    }
    for e in &errors {
        eprintln!("dyad: error: {e}");
    }
    match errors.len() {
        0 => Ok(()),
        1 => bail!("1 input could not be analysed"),
        n => bail!("{n} inputs could not be analysed"),
    }
}

/// Gathers the documents; problems with single inputs go to `errors`.
fn collect(args: &Args, errors: &mut Vec<String>) -> Result<Vec<Record>> {
    let mut records = Vec::new();
    if args.example {
        records.push(Record {
            id: "example".into(),
            text: EXAMPLE_ARTICLE.into(),
        });
        return Ok(records);
    }
    let mut files = Vec::new();
    for (k, t) in args.texts.iter().enumerate() {
        match classify(std::ffi::OsStr::new(t)) {
            Positional::Path(p) => files.push(p),
            Positional::Stdin => files.push(PathBuf::from("-")),
            Positional::Text(text) => records.push(Record {
                id: format!("text-{}", k + 1),
                text,
            }),
            Positional::Missing(a) => {
                errors.push(format!("argument {}: {}", k + 1, missing_message(&a)))
            }
        }
    }
    files.extend(args.files.iter().cloned());
    if args.texts.is_empty() && files.is_empty() {
        if std::io::stdin().is_terminal() {
            bail!("no input: give TEXT arguments, --file FILE, --example, or pipe text into standard input");
        }
        files.push(PathBuf::from("-"));
    }
    for f in &files {
        let (name, bytes) = match read_bytes(f) {
            Ok(r) => r,
            Err(e) => {
                errors.push(format!("{e:#}"));
                continue;
            }
        };
        let text = match dyad_ingest::decode(&name, bytes) {
            Ok(t) => t,
            Err(e) => {
                errors.push(e.to_string());
                continue;
            }
        };
        match args.input {
            InputKind::Text => {
                if text.trim().is_empty() {
                    errors.push(format!("{name}: empty input"));
                } else {
                    records.push(Record { id: name, text });
                }
            }
            InputKind::Jsonl => jsonl(&name, &text, &mut records, errors),
        }
    }
    Ok(records)
}

fn read_bytes(f: &Path) -> Result<(String, Vec<u8>)> {
    if f.as_os_str() == "-" {
        let mut buf = Vec::new();
        std::io::stdin()
            .read_to_end(&mut buf)
            .context("reading standard input")?;
        return Ok(("<stdin>".into(), buf));
    }
    let bytes = std::fs::read(f).with_context(|| format!("cannot read {}", f.display()))?;
    Ok((f.display().to_string(), bytes))
}

/// JSON Lines records (`id`, `text`) through dyad-ingest's reader: the same
/// per-line handling as `dyad code`.
fn jsonl(name: &str, text: &str, records: &mut Vec<Record>, errors: &mut Vec<String>) {
    for r in dyad_ingest::Reader::from_str(name, text, Some(dyad_ingest::Format::Jsonl)) {
        match r {
            Ok(a) => records.push(Record {
                id: a.id,
                text: a.body,
            }),
            Err(e) => errors.push(e.to_string()),
        }
    }
}

fn print(out: &mut impl Write, id: &str, doc: &Doc, format: OutputFormat) -> std::io::Result<()> {
    match format {
        OutputFormat::Conllu => ud::write_conllu(doc, id, out),
        OutputFormat::Json => {
            serde_json::to_writer(&mut *out, &to_json(id, doc))?;
            writeln!(out)
        }
        OutputFormat::Table => table(out, id, doc),
    }
}

/// BIO entity tag per token (`B-PERSON`, `I-PERSON`, or empty).
fn entity_tags(doc: &Doc) -> Vec<String> {
    let mut tags = vec![String::new(); doc.tokens.len()];
    for e in &doc.ents {
        for i in e.start..e.end.min(tags.len()) {
            let bio = if i == e.start { 'B' } else { 'I' };
            tags[i] = format!("{bio}-{}", e.label);
        }
    }
    tags
}

fn to_json(id: &str, doc: &Doc) -> serde_json::Value {
    let ents = entity_tags(doc);
    let tokens: Vec<_> = doc
        .tokens
        .iter()
        .enumerate()
        .map(|(i, t)| {
            json!({
                "i": i, "text": doc.token_text(i), "start": t.start, "end": t.end,
                "lemma": t.lemma, "tag": t.tag, "pos": t.pos, "morph": t.morph,
                "head": t.head, "dep": t.dep, "ent": ents[i],
            })
        })
        .collect();
    let sentences: Vec<_> = doc
        .sentences()
        .into_iter()
        .map(|r| [r.start, r.end])
        .collect();
    let entities: Vec<_> = doc
        .ents
        .iter()
        .map(|e| {
            let (s, t) = doc.byte_span(e.start..e.end);
            json!({"start": e.start, "end": e.end, "label": e.label, "text": &doc.text[s..t]})
        })
        .collect();
    json!({"id": id, "text": doc.text, "sentences": sentences, "tokens": tokens, "entities": entities})
}

/// Per sentence: index, token, lemma, tag, UPOS, head index, ClearNLP label
/// and entity, numbered from 1 within the sentence (0 = root), whitespace
/// tokens left out.
fn table(out: &mut impl Write, id: &str, doc: &Doc) -> std::io::Result<()> {
    let ents = entity_tags(doc);
    writeln!(out, "== {id}")?;
    let mut n = 0;
    for sent in doc.sentences() {
        let words: Vec<usize> = sent
            .clone()
            .filter(|&i| !doc.token_text(i).trim().is_empty())
            .collect();
        let (Some(&first), Some(&last)) = (words.first(), words.last()) else {
            continue;
        };
        n += 1;
        let mut num = vec![0; doc.tokens.len()];
        for (k, &i) in words.iter().enumerate() {
            num[i] = k + 1;
        }
        let (s, e) = doc.byte_span(first..last + 1);
        writeln!(
            out,
            "\nsentence {n}: {}",
            doc.text[s..e].replace(['\n', '\r'], " ")
        )?;
        let header = ["#", "token", "lemma", "tag", "pos", "head", "dep", "entity"];
        let rows: Vec<[String; 8]> = words
            .iter()
            .map(|&i| {
                let t = &doc.tokens[i];
                let head = if t.head == i {
                    0
                } else {
                    num.get(t.head).copied().unwrap_or(0)
                };
                [
                    num[i].to_string(),
                    doc.token_text(i).to_string(),
                    t.lemma.clone(),
                    t.tag.clone(),
                    t.pos.clone(),
                    head.to_string(),
                    t.dep.clone(),
                    ents[i].clone(),
                ]
            })
            .collect();
        let mut width = header.map(|h| h.chars().count());
        for r in &rows {
            for (w, c) in width.iter_mut().zip(r) {
                *w = (*w).max(c.chars().count());
            }
        }
        let line = |cells: &[&str]| {
            let mut s = String::new();
            for (k, c) in cells.iter().enumerate() {
                if k + 1 == cells.len() {
                    s.push_str(c);
                } else {
                    s.push_str(c);
                    s.push_str(&" ".repeat(width[k] - c.chars().count() + 2));
                }
            }
            s.trim_end().to_string()
        };
        writeln!(out, "{}", line(&header))?;
        for r in &rows {
            let cells: Vec<&str> = r.iter().map(String::as_str).collect();
            writeln!(out, "{}", line(&cells))?;
        }
    }
    writeln!(out)
}
