//! `dyad eval`: code a gold set and print precision, recall and F1.

use anyhow::Result;
use dyad_code::eval::{score_record, GoldRecord, Level, Report, SysEvent};
use dyad_ingest::Article;
use rayon::prelude::*;
use std::path::PathBuf;

#[derive(clap::Args)]
pub struct Args {
    /// Gold file in dyad's gold format (JSON Lines; see `dyad_code::eval`).
    pub gold: PathBuf,
    /// How many misses and false positives to list (0 = none).
    #[arg(long, default_value_t = 40)]
    pub show: usize,
    #[command(flatten)]
    pub engine: super::common::EngineArgs,
    /// Print the summary as JSON.
    #[arg(long)]
    pub json: bool,
}

pub fn run(args: Args) -> Result<()> {
    // A place gold set (dyad-geo's format: `trigger` and `place` fields) is
    // scored by the geocoder's evaluation.
    if super::geo::is_place_gold(&args.gold) {
        return super::geo::eval(
            &args.gold,
            args.engine.gazetteer.clone(),
            args.engine.model.clone(),
            false,
        );
    }
    let mut records = Vec::new();
    let mut bad = 0;
    for r in dyad_ingest::JsonLines::open(&args.gold) {
        let parsed = r.and_then(|rec| {
            serde_json::from_value::<GoldRecord>(serde_json::Value::Object(rec.fields)).map_err(
                |e| dyad_ingest::InputError::new(rec.origin, format!("not a gold record: {e}")),
            )
        });
        match parsed {
            Ok(r) => records.push(r),
            Err(e) => {
                bad += 1;
                eprintln!("dyad: {e} (left out of the scores)");
            }
        }
    }
    // Records written for another dictionary set (`"dictionaries":
    // "petrarch-validate"`: fictional actors, their own codebook) are coded
    // only when the user passes dictionaries (--dict / --patterns), which
    // are then taken to be that set; otherwise they are skipped, saying so.
    let user_dicts = !args.engine.dicts.is_empty() || !args.engine.patterns.is_empty();
    let (own, foreign): (Vec<_>, Vec<_>) = records
        .into_iter()
        .partition(|r| r.dictionaries.is_none() || user_dicts);
    let sets: std::collections::BTreeSet<&str> = own
        .iter()
        .filter_map(|r| r.dictionaries.as_deref())
        .collect();
    if !sets.is_empty() {
        eprintln!(
            "dyad: coding {} record(s) written for dictionary set(s) {} with the dictionaries given",
            own.iter().filter(|r| r.dictionaries.is_some()).count(),
            sets.iter().map(|s| format!("`{s}`")).collect::<Vec<_>>().join(", ")
        );
    }
    let engine = args.engine.load()?;
    let sys: Vec<Vec<SysEvent>> = own
        .par_iter()
        .map(|r| {
            let mut art = Article {
                id: r.id.clone(),
                date: r.date.as_deref().and_then(dyad_ingest::parse_story_date),
                body: r.text.clone(),
                ..Default::default()
            };
            // Gold text is read as any input is: references decoded.
            art.repair_entities();
            engine
                .code(&art, None, None)
                .map(|c| c.events)
                .unwrap_or_default()
                .into_iter()
                .map(|e| SysEvent {
                    source: e.source.code,
                    target: e.target.and_then(|t| t.code),
                    cameo: e.cameo,
                    plover: e.plover.map(|p| p.event_type),
                })
                .collect()
        })
        .collect();
    let mut report = Report {
        records: own.len(),
        ..Default::default()
    };
    let mut listed = Vec::new();
    // Records fully right at a level: every gold event found, nothing else
    // coded, no forbidden root.
    let mut correct: std::collections::BTreeMap<Level, usize> = Default::default();
    for (r, s) in own.iter().zip(&sys) {
        for level in [Level::Strict, Level::Root] {
            let sc = score_record(r, s, level);
            report.add(r, level, &sc);
            if sc.counts.fp == 0 && sc.counts.fn_ == 0 && sc.forbidden.is_empty() {
                *correct.entry(level).or_default() += 1;
            }
            if level == Level::Root {
                for m in &sc.misses {
                    listed.push(format!("MISS {:<28} {m}\n     {}", r.id, r.text));
                }
                for f in &sc.false_positives {
                    listed.push(format!("FP   {:<28} {f}\n     {}", r.id, r.text));
                }
            }
        }
    }
    if args.json {
        let j = serde_json::json!({
            "file": args.gold.display().to_string(),
            "records": report.records,
            "skipped_foreign_dictionaries": foreign.len(),
            "records_correct": correct.iter().map(|(l, n)| (format!("{l:?}").to_lowercase(), serde_json::json!(n))).collect::<serde_json::Map<_, _>>(),
            "error_classes": report.classes.iter().map(|(l, c)| (format!("{l:?}").to_lowercase(), serde_json::json!(c))).collect::<serde_json::Map<_, _>>(),
            "levels": report.total.iter().map(|(l, c)| (format!("{l:?}").to_lowercase(), serde_json::json!({"tp": c.tp, "fp": c.fp, "fn": c.fn_, "precision": c.precision(), "recall": c.recall(), "f1": c.f1()}))).collect::<serde_json::Map<_, _>>(),
        });
        outln!("{}", serde_json::to_string_pretty(&j)?)?;
        return Ok(());
    }
    outln!("{}: {} records coded", args.gold.display(), report.records)?;
    if !foreign.is_empty() {
        outln!(
            "  ({} records written for the dictionary set `{}` skipped: pass those dictionaries with --dict DIR (actors, agents) and --patterns FILE (verbs) to code them)",
            foreign.len(),
            foreign[0].dictionaries.as_deref().unwrap_or("")
        )?;
    }
    outln!(
        "\n{:<10} {:>5} {:>5} {:>5} {:>9} {:>7} {:>6}  records fully right",
        "level",
        "tp",
        "fp",
        "fn",
        "precision",
        "recall",
        "F1"
    )?;
    for (l, c) in &report.total {
        let ok = correct.get(l).copied().unwrap_or(0);
        outln!(
            "{:<10} {:>5} {:>5} {:>5} {:>9.3} {:>7.3} {:>6.3}  {ok}/{} ({:.1}%)",
            format!("{l:?}").to_lowercase(),
            c.tp,
            c.fp,
            c.fn_,
            c.precision(),
            c.recall(),
            c.f1(),
            report.records,
            100.0 * ok as f64 / report.records.max(1) as f64
        )?;
    }
    if report.by_category.len() > 1 {
        outln!("\nby category (root level):")?;
        for (cat, m) in &report.by_category {
            if let Some(c) = m.get(&Level::Root) {
                outln!(
                    "  {:<24} P {:.3} R {:.3} F1 {:.3}  (tp {} fp {} fn {})",
                    cat,
                    c.precision(),
                    c.recall(),
                    c.f1(),
                    c.tp,
                    c.fp,
                    c.fn_
                )?;
            }
        }
    }
    if let Some(classes) = report.classes.get(&Level::Root) {
        let parts: Vec<String> = classes
            .iter()
            .map(|(c, n)| format!("{} {n}", c.name()))
            .collect();
        outln!("\nerrors by class (root level): {}", parts.join(", "))?;
    }
    if args.show > 0 && !listed.is_empty() {
        outln!(
            "\nmisses and false positives (root level, first {}):",
            args.show.min(listed.len())
        )?;
        for l in listed.iter().take(args.show) {
            outln!("{l}")?;
        }
    }
    if bad > 0 {
        anyhow::bail!(
            "{bad} gold record(s) could not be read, listed above; the scores leave them out"
        );
    }
    Ok(())
}
