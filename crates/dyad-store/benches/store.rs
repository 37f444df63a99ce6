//! Store benchmark: ingest N synthetic events (default 1,000,000; set
//! `DYAD_BENCH_EVENTS`), then time dyad timelines and last-contact queries
//! over the 200 busiest dyads. Run: `cargo bench -p dyad-store --bench store`.
//! With `DYAD_BENCH_DB=FILE` (an existing store, e.g. one made by the
//! hidden `dyad ingest --synthetic 1000000`), only the queries are timed.
//!
//! A plain timing harness rather than criterion: building a million-event
//! store takes minutes, and the query figures wanted are
//! latencies of single calls (median and worst of many dyads).

use dyad_store::{CreateOptions, EventFilter, Store, Synthetic};
use std::time::Instant;

fn main() {
    let n: usize = std::env::var("DYAD_BENCH_EVENTS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1_000_000);
    let (path, dir) = match std::env::var_os("DYAD_BENCH_DB") {
        Some(p) => (std::path::PathBuf::from(p), None),
        None => {
            let dir = std::env::temp_dir().join(format!("dyad-store-bench-{}", std::process::id()));
            let path = build(&dir, n);
            (path, Some(dir))
        }
    };
    let store = Store::open_read_only(&path).expect("open");
    let dyads = store.stats(200).expect("stats").top_dyads;
    let countries: Vec<(String, String)> = dyads
        .iter()
        .map(|(a, b, _)| {
            (
                a.get(..3).unwrap_or(a).to_string(),
                b.get(..3).unwrap_or(b).to_string(),
            )
        })
        .collect();
    let time = |label: &str, f: &dyn Fn(usize) -> usize| {
        let mut ms: Vec<f64> = Vec::new();
        let mut rows = 0;
        for i in 0..dyads.len() {
            let t = Instant::now();
            rows += f(i);
            ms.push(t.elapsed().as_secs_f64() * 1e3);
        }
        ms.sort_by(|a, b| a.total_cmp(b));
        println!(
            "{label}: {} queries, median {:.2} ms, p95 {:.2} ms, max {:.2} ms, {:.0} rows/query",
            ms.len(),
            ms[ms.len() / 2],
            ms[ms.len() * 95 / 100],
            ms[ms.len() - 1],
            rows as f64 / ms.len() as f64
        );
    };
    time("timeline, full codes (events + monthly series)", &|i| {
        let (a, b, _) = &dyads[i];
        let f = EventFilter {
            dyad: Some((a.clone(), b.clone())),
            ..Default::default()
        };
        let ev = store.events(&f).expect("query");
        dyad_store::series(&ev, dyad_store::Period::Month);
        ev.len()
    });
    time(
        "timeline, country prefixes (events + monthly series)",
        &|i| {
            let (a, b) = &countries[i];
            let f = EventFilter {
                dyad: Some((a.clone(), b.clone())),
                ..Default::default()
            };
            let ev = store.events(&f).expect("query");
            dyad_store::series(&ev, dyad_store::Period::Month);
            ev.len()
        },
    );
    time("last contact, full codes", &|i| {
        let (a, b, _) = &dyads[i];
        store
            .last_contact(a, b, false, Some(17_000), None)
            .expect("query")
            .map_or(0, |_| 1)
    });
    time("last contact, country prefixes, root 04", &|i| {
        let (a, b) = &countries[i];
        store
            .last_contact(a, b, false, Some(17_000), Some("04"))
            .expect("query")
            .map_or(0, |_| 1)
    });
    drop(store);
    if let Some(dir) = dir {
        let _ = std::fs::remove_dir_all(&dir);
    }
}

/// Build a store of `n` synthetic events under `dir`, printing the rate.
fn build(dir: &std::path::Path, n: usize) -> std::path::PathBuf {
    std::fs::create_dir_all(dir).expect("temp dir");
    let path = dir.join("bench.db");
    let mut store = Store::open_or_create(&path, &CreateOptions::default()).expect("create store");

    let t = Instant::now();
    let mut gen = Synthetic::new(n, 1).peekable();
    let mut stats = dyad_store::WriteStats::default();
    while gen.peek().is_some() {
        let batch: Vec<_> = gen.by_ref().take(256).collect();
        stats += store.write_batch(&batch).expect("write");
    }
    store.optimize().expect("optimize");
    let secs = t.elapsed().as_secs_f64();
    let size = std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
    println!(
        "ingest: {} coded events ({} articles) → {} events in {:.1}s: {:.0} coded events/s, {:.0} articles/s; file {:.0} MiB",
        stats.mentions_added,
        stats.articles_added,
        stats.events_created,
        secs,
        stats.mentions_added as f64 / secs,
        stats.articles_added as f64 / secs,
        size as f64 / (1 << 20) as f64
    );
    drop(store);
    path
}
