//! The event store through the `dyad` binary: a run killed with SIGKILL
//! mid-way and started again ends with exactly the events of one clean
//! run; re-ingesting adds nothing; foreign files are refused untouched.
//! Pre-coded events (`--events-from`) stand in for the coder, so these
//! tests need no language model.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

const DYAD: &str = env!("CARGO_BIN_EXE_dyad");

/// Write a synthetic corpus: articles as JSON Lines, their events as
/// `dyad code` prints them.
fn corpus(dir: &Path, events: usize) -> (PathBuf, PathBuf, usize) {
    let arts = dir.join("articles.jsonl");
    let evs = dir.join("events.jsonl");
    let mut a = std::io::BufWriter::new(std::fs::File::create(&arts).unwrap());
    let mut e = std::io::BufWriter::new(std::fs::File::create(&evs).unwrap());
    let mut n = 0;
    for (art, events) in dyad_store::Synthetic::new(events, 42) {
        let rec = serde_json::json!({
            "id": art.id, "date": art.date.map(|d| d.to_string()), "title": art.title,
            "url": art.url, "source": art.source, "text": art.body,
        });
        writeln!(a, "{rec}").unwrap();
        for ev in events {
            writeln!(e, "{}", serde_json::to_string(&ev).unwrap()).unwrap();
        }
        n += 1;
    }
    (arts, evs, n)
}

fn dyad(args: &[&str]) -> Output {
    Command::new(DYAD).args(args).output().unwrap()
}

fn ok(out: Output) -> String {
    assert!(
        out.status.success(),
        "dyad failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn ingest_args<'a>(arts: &'a str, evs: &'a str, db: &'a str) -> Vec<&'a str> {
    vec![
        "ingest",
        arts,
        "--events-from",
        evs,
        "--db",
        db,
        "--batch",
        "4",
    ]
}

fn stored_articles(db: &Path) -> i64 {
    dyad_store::Store::open_read_only(db)
        .and_then(|s| s.stats(0))
        .map(|s| s.articles)
        .unwrap_or(0)
}

#[test]
fn killed_ingest_resumes_to_the_clean_result() {
    let dir = tempfile::tempdir().unwrap();
    let (arts, evs, total) = corpus(dir.path(), 4_000);
    let (arts, evs) = (arts.to_str().unwrap(), evs.to_str().unwrap());
    let clean = dir.path().join("clean.db");
    let killed = dir.path().join("killed.db");
    let (clean_s, killed_s) = (clean.to_str().unwrap(), killed.to_str().unwrap());

    ok(dyad(&ingest_args(arts, evs, clean_s)));
    assert_eq!(stored_articles(&clean), total as i64);

    // Kill the second run once some batches are committed.
    let mut child = Command::new(DYAD)
        .args(ingest_args(arts, evs, killed_s))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let start = Instant::now();
    let mut at_kill = 0;
    while start.elapsed() < Duration::from_secs(60) {
        if killed.exists() {
            at_kill = stored_articles(&killed);
            if at_kill > 0 {
                break;
            }
        }
        std::thread::sleep(Duration::from_millis(2));
    }
    child.kill().unwrap(); // SIGKILL
    child.wait().unwrap();
    let after_kill = stored_articles(&killed);
    assert!(at_kill > 0, "the run never committed a batch");
    assert!(
        after_kill < total as i64,
        "the run finished before it could be killed ({after_kill} articles)"
    );

    // Resume: the stored articles are skipped, the rest stored.
    ok(dyad(&ingest_args(arts, evs, killed_s)));
    for format in ["csv", "mentions", "gdelt"] {
        let a = ok(dyad(&["export", "--db", clean_s, "--format", format]));
        let b = ok(dyad(&["export", "--db", killed_s, "--format", format]));
        // GDELT's DATEADDED (column 60) is a wall-clock time; compare the rest.
        let strip = |s: &str| -> Vec<String> {
            s.lines()
                .map(|l| {
                    let mut cols: Vec<&str> = l.split('\t').collect();
                    if format == "gdelt" {
                        cols.remove(59);
                    }
                    cols.join("\t")
                })
                .collect()
        };
        assert!(!a.is_empty());
        assert_eq!(
            strip(&a),
            strip(&b),
            "{format} export differs after kill and resume"
        );
    }
    let stats = |db: &str| {
        let v: serde_json::Value =
            serde_json::from_str(&ok(dyad(&["stats", "--db", db, "--format", "json"]))).unwrap();
        (
            v["articles"].clone(),
            v["events"].clone(),
            v["mentions"].clone(),
        )
    };
    assert_eq!(stats(clean_s), stats(killed_s));

    // Re-ingesting everything adds nothing.
    let out = dyad(&ingest_args(arts, evs, clean_s));
    assert!(String::from_utf8_lossy(&out.stderr)
        .contains(&format!("0 article(s) stored, {total} already there")));
    assert_eq!(stats(clean_s).0, serde_json::json!(total));
}

#[test]
fn queries_through_the_cli() {
    let dir = tempfile::tempdir().unwrap();
    let (arts, evs, _) = corpus(dir.path(), 600);
    let db = dir.path().join("q.db");
    let db = db.to_str().unwrap();
    ok(dyad(&[
        "ingest",
        arts.to_str().unwrap(),
        "--events-from",
        evs.to_str().unwrap(),
        "--db",
        db,
    ]));
    let events: serde_json::Value = serde_json::from_str(&ok(dyad(&[
        "events", "--db", db, "--actor", "USA", "--format", "json", "--limit", "0",
    ])))
    .unwrap();
    let events = events.as_array().unwrap();
    assert!(!events.is_empty());
    for e in events {
        let (s, t) = (
            e["source_code"].as_str().unwrap(),
            e["target_code"].as_str().unwrap(),
        );
        assert!(s.starts_with("USA") || t.starts_with("USA"));
    }
    let csv = ok(dyad(&[
        "timeline", "USA,RUS", "--db", db, "--format", "csv",
    ]));
    assert!(csv.starts_with("period,events,"));
    let tl: serde_json::Value = serde_json::from_str(&ok(dyad(&[
        "timeline", "USA,RUS", "--db", db, "--format", "json",
    ])))
    .unwrap();
    let n: i64 = tl["series"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["events"].as_i64().unwrap())
        .sum();
    assert_eq!(n as usize, tl["events"].as_array().unwrap().len());
    let last: serde_json::Value = serde_json::from_str(&ok(dyad(&[
        "last-contact",
        "USA,RUS",
        "--db",
        db,
        "--format",
        "json",
    ])))
    .unwrap();
    if let Some(last_date) = last["event"]["date"].as_str() {
        let latest = tl["events"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|e| e["date"].as_str())
            .max()
            .unwrap();
        assert_eq!(last_date, latest);
    }
    let gdelt = ok(dyad(&["export", "--db", db, "--format", "gdelt"]));
    assert!(gdelt.lines().all(|l| l.split('\t').count() == 61));
    let hits = ok(dyad(&["search", "consult", "--db", db, "--format", "json"]));
    assert!(hits.contains("\"doc_id\""));
    ok(dyad(&["first-contact", "--db", db, "--years", "2"]));
    let out = dyad(&["events", "--db", db, "--from", "March"]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("not a date"));
}

#[test]
fn foreign_file_is_refused_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let junk = dir.path().join("notes.db");
    std::fs::write(
        &junk,
        "shopping list: milk, eggs, bread — and this line is long enough to look like a header "
            .repeat(3),
    )
    .unwrap();
    let before = std::fs::read(&junk).unwrap();
    let (arts, evs, _) = corpus(dir.path(), 20);
    let out = dyad(&[
        "ingest",
        arts.to_str().unwrap(),
        "--events-from",
        evs.to_str().unwrap(),
        "--db",
        junk.to_str().unwrap(),
    ]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("notes.db") && err.contains("not a dyad event database"),
        "{err}"
    );
    assert_eq!(std::fs::read(&junk).unwrap(), before);
    let out = dyad(&[
        "stats",
        "--db",
        dir.path().join("missing.db").to_str().unwrap(),
    ]);
    assert!(String::from_utf8_lossy(&out.stderr).contains("no event database here"));
}

#[test]
fn recode_replaces_the_events() {
    let dir = tempfile::tempdir().unwrap();
    let (arts, evs, total) = corpus(dir.path(), 300);
    let db = dir.path().join("r.db");
    let (arts, evs, db) = (
        arts.to_str().unwrap(),
        evs.to_str().unwrap(),
        db.to_str().unwrap(),
    );
    ok(dyad(&["ingest", arts, "--events-from", evs, "--db", db]));
    let before = ok(dyad(&["export", "--db", db, "--format", "mentions"]));
    let none = dir.path().join("none.jsonl");
    std::fs::write(&none, "").unwrap();
    ok(dyad(&[
        "recode",
        "--db",
        db,
        "--events-from",
        none.to_str().unwrap(),
    ]));
    let v: serde_json::Value =
        serde_json::from_str(&ok(dyad(&["stats", "--db", db, "--format", "json"]))).unwrap();
    assert_eq!(
        (
            v["articles"].as_u64(),
            v["events"].as_u64(),
            v["mentions"].as_u64()
        ),
        (Some(total as u64), Some(0), Some(0))
    );
    ok(dyad(&["recode", "--db", db, "--events-from", evs]));
    assert_eq!(
        ok(dyad(&["export", "--db", db, "--format", "mentions"])),
        before
    );
}
