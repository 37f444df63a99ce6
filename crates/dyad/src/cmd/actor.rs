//! `dyad actor`: resolve actor phrases to CAMEO actor codes, in bulk from
//! JSON Lines, or against a gold set (`--eval`).

use std::io::Write;
use std::path::PathBuf;
use std::time::Instant;

use anyhow::{bail, Context};
use dyad_kb::{parse_user_date, Date, KnowledgeBase, Resolution};
use serde_json::{json, Value};

#[derive(clap::Args)]
pub struct Args {
    /// The actor phrase, e.g. "the Iranian foreign ministry".
    phrase: Option<String>,
    /// The date the phrase is read on (YYYY-MM-DD); offices depend on it. Default: today.
    #[arg(long)]
    date: Option<String>,
    /// A sentence around the phrase; supplies the country when the phrase has none.
    #[arg(long)]
    context: Option<String>,
    /// User dictionary file or directory (repeatable); its entries override the built-in ones.
    #[arg(long = "dict", value_name = "PATH")]
    dicts: Vec<PathBuf>,
    /// Skip malformed lines of --dict files (each listed on stderr) instead of failing.
    #[arg(long)]
    skip_bad_lines: bool,
    /// Output format for a single phrase.
    #[arg(long, default_value = "text", value_parser = ["text", "json"])]
    format: String,
    /// Resolve every record of a JSON Lines file ({id, actor, context, date}); prints one JSON line each.
    #[arg(long, value_name = "FILE", conflicts_with = "eval")]
    input: Option<PathBuf>,
    /// Score against a gold file (fields actor, context, date, expect{country, code_1, code_2}).
    #[arg(long, value_name = "FILE")]
    eval: Option<PathBuf>,
    /// Measure dictionary loading and resolution speed.
    #[arg(long)]
    bench: bool,
}

pub fn run(args: Args) -> anyhow::Result<()> {
    run_inner(args)
}

fn run_inner(args: Args) -> anyhow::Result<()> {
    let t0 = Instant::now();
    let mode = if args.skip_bad_lines {
        dyad_kb::LoadMode::Lenient
    } else {
        dyad_kb::LoadMode::Strict
    };
    let kb = KnowledgeBase::load_with(&args.dicts, mode).context("loading actor dictionaries")?;
    for w in kb.warnings() {
        eprintln!("dyad:   {w}");
    }
    let load = t0.elapsed();
    let default_date = match &args.date {
        Some(d) => {
            parse_user_date(d).with_context(|| format!("--date {d:?}: expected YYYY-MM-DD"))?
        }
        None => today(),
    };
    if args.bench {
        return bench(&kb, load, default_date);
    }
    if let Some(path) = &args.eval {
        return eval(&kb, path);
    }
    if let Some(path) = &args.input {
        return input(&kb, path, default_date);
    }
    let Some(phrase) = &args.phrase else {
        bail!("give an actor PHRASE, --input FILE, --eval FILE or --bench");
    };
    let r = kb.resolve(phrase, args.context.as_deref(), default_date);
    if args.format == "json" {
        outln!("{}", serde_json::to_string_pretty(&r)?)?;
    } else {
        print_text(&r, default_date, 0)?;
    }
    Ok(())
}

fn today() -> Date {
    let days = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() / 86_400)
        .unwrap_or(0);
    Date::from_ymd_opt(1970, 1, 1)
        .and_then(|d| d.checked_add_days(chrono_days(days)))
        .unwrap_or_default()
}

fn chrono_days(n: u64) -> dyad_kb::date::Days {
    dyad_kb::date::Days::new(n)
}

fn print_text(r: &Resolution, date: Date, indent: usize) -> std::io::Result<()> {
    let pad = " ".repeat(indent);
    outln!("{pad}{:?} on {date}", r.text)?;
    outln!("{pad}  code:    {}", r.code.as_deref().unwrap_or("(none)"))?;
    outln!(
        "{pad}  country: {}",
        r.country.as_deref().unwrap_or("(none)")
    )?;
    outln!(
        "{pad}  roles:   {}",
        if r.roles.is_empty() {
            "(none)".to_string()
        } else {
            r.roles.join(" ")
        }
    )?;
    outln!("{pad}  reason:  {}", r.reason)?;
    for a in &r.alternatives {
        outln!(
            "{pad}  or:      {} — {}",
            a.code.as_deref().unwrap_or("(none)"),
            a.reason
        )?;
    }
    for m in &r.members {
        print_text(m, date, indent + 4)?;
    }
    Ok(())
}

/// The records of a JSON Lines file; a line that cannot be read is
/// reported on stderr and counted in `bad`, and reading goes on.
fn read_jsonl(path: &std::path::Path, bad: &mut usize) -> anyhow::Result<Vec<(usize, Value)>> {
    let mut out = Vec::new();
    for r in dyad_ingest::JsonLines::open(path) {
        match r {
            Ok(rec) => out.push((rec.line, Value::Object(rec.fields))),
            Err(e) => {
                *bad += 1;
                eprintln!("dyad: {e}");
            }
        }
    }
    Ok(out)
}

/// Fail at the end when some lines were bad (each was reported).
fn finish_lines(bad: usize) -> anyhow::Result<()> {
    match bad {
        0 => Ok(()),
        n => bail!("{n} bad line(s), listed above; the other lines were processed"),
    }
}

/// The fields of one record: actor phrase, context, date.
fn record(
    path: &std::path::Path,
    n: usize,
    v: &Value,
    default_date: Option<Date>,
) -> anyhow::Result<(String, Option<String>, Date)> {
    let actor = v.get("actor").and_then(Value::as_str).with_context(|| {
        format!(
            "{}:{n}: field `actor` (a string) is missing",
            path.display()
        )
    })?;
    let context = v.get("context").and_then(Value::as_str).map(str::to_string);
    let date = match v.get("date").and_then(Value::as_str) {
        Some(d) => parse_user_date(d)
            .with_context(|| format!("{}:{n}: field `date` {d:?} is not a date", path.display()))?,
        None => default_date
            .with_context(|| format!("{}:{n}: field `date` is missing", path.display()))?,
    };
    Ok((actor.to_string(), context, date))
}

fn input(kb: &KnowledgeBase, path: &std::path::Path, default_date: Date) -> anyhow::Result<()> {
    let out = std::io::stdout();
    let mut out = out.lock();
    let mut bad = 0;
    for (n, v) in read_jsonl(path, &mut bad)? {
        let (actor, context, date) = match record(path, n, &v, Some(default_date)) {
            Ok(r) => r,
            Err(e) => {
                bad += 1;
                eprintln!("dyad: {e:#}");
                continue;
            }
        };
        let r = kb.resolve(&actor, context.as_deref(), date);
        let line = json!({
            "id": v.get("id").cloned().unwrap_or(Value::Null),
            "actor": actor,
            "date": date.to_string(),
            "code": r.code,
            "country": r.country,
            "roles": r.roles,
            "alternatives": r.alternatives,
            "reason": r.reason,
            "members": r.members.iter().map(|m| json!({"code": m.code, "country": m.country, "roles": m.roles})).collect::<Vec<_>>(),
        });
        writeln!(out, "{line}")?;
    }
    out.flush()?;
    finish_lines(bad)
}

fn eval(kb: &KnowledgeBase, path: &std::path::Path) -> anyhow::Result<()> {
    let mut bad = 0;
    let recs = read_jsonl(path, &mut bad)?;
    let rep = dyad_kb::eval::evaluate(kb, &path.display().to_string(), &recs)?;
    let pct = |(n, ok): (usize, usize)| {
        if n == 0 {
            0.0
        } else {
            100.0 * ok as f64 / n as f64
        }
    };
    outln!("{} records from {}", rep.records, path.display())?;
    outln!(
        "country accuracy:      {}/{} = {:.1}% (bar 85%)",
        rep.country.1,
        rep.country.0,
        pct(rep.country)
    )?;
    outln!(
        "first sector accuracy: {}/{} = {:.1}% (bar 75%)",
        rep.sector.1,
        rep.sector.0,
        pct(rep.sector)
    )?;
    outln!("misses ({}):", rep.misses.len())?;
    for m in &rep.misses {
        outln!("  {m}")?;
    }
    finish_lines(bad)
}

fn bench(kb: &KnowledgeBase, load: std::time::Duration, date: Date) -> anyhow::Result<()> {
    outln!(
        "load: {:.1} ms ({} entries, {} keys)",
        load.as_secs_f64() * 1e3,
        kb.entries().len(),
        kb.key_count()
    )?;
    let phrases = [
        "the Iranian foreign ministry",
        "Russian troops",
        "French President Emmanuel Macron",
        "his Qatari counterpart",
        "Syria's air defences",
        "France and Germany",
        "a former CIA official",
        "Jeep driver",
    ];
    let n = 20_000;
    let t = Instant::now();
    let mut found = 0usize;
    for i in 0..n {
        found += kb
            .resolve(phrases[i % phrases.len()], None, date)
            .code
            .is_some() as usize;
    }
    let per = t.elapsed().as_secs_f64() / n as f64;
    outln!(
        "resolve: {:.2} µs per phrase ({n} phrases, {found} with a code)",
        per * 1e6
    )?;
    let sentence: Vec<&str> = "Russian President Vladimir Putin met his Turkish counterpart in Ankara on Tuesday , the Kremlin said , as Ukrainian troops and NATO officials watched"
        .split(' ')
        .collect();
    let t = Instant::now();
    let mut m = 0;
    for _ in 0..n {
        m += kb.find_mentions(&sentence).len();
    }
    let per = t.elapsed().as_secs_f64() / n as f64;
    outln!(
        "find_mentions: {:.2} µs per {}-token sentence ({} matches each)",
        per * 1e6,
        sentence.len(),
        m / n
    )?;
    Ok(())
}
