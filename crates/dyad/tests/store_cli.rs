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

/// A small pseudo-random generator (no dependency): xorshift seeded by the clock.
struct Rng(u64);

impl Rng {
    fn new() -> Rng {
        let t = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_nanos() as u64;
        Rng(t | 1)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % n
    }
}

/// `export` output with GDELT's DATEADDED (a wall-clock time) removed.
fn export_without_clock(db: &str, format: &str) -> Vec<String> {
    ok(dyad(&["export", "--db", db, "--format", format]))
        .lines()
        .map(|l| {
            let mut cols: Vec<&str> = l.split('\t').collect();
            if format == "gdelt" {
                cols.remove(59);
            }
            cols.join("\t")
        })
        .collect()
}

fn counts(db: &str) -> (serde_json::Value, serde_json::Value, serde_json::Value) {
    let v: serde_json::Value =
        serde_json::from_str(&ok(dyad(&["stats", "--db", db, "--format", "json"]))).unwrap();
    (
        v["articles"].clone(),
        v["events"].clone(),
        v["mentions"].clone(),
    )
}

#[test]
fn ingest_killed_at_random_points_ten_times_resumes_to_the_clean_result() {
    let dir = tempfile::tempdir().unwrap();
    let (arts, evs, total) = corpus(dir.path(), 3_000);
    let (arts, evs) = (arts.to_str().unwrap(), evs.to_str().unwrap());
    let clean = dir.path().join("clean.db");
    let killed = dir.path().join("killed.db");
    let (clean_s, killed_s) = (clean.to_str().unwrap(), killed.to_str().unwrap());
    ok(dyad(&ingest_args(arts, evs, clean_s)));
    let clean_time = {
        let t = Instant::now();
        ok(dyad(&ingest_args(arts, evs, clean_s)));
        t.elapsed().as_millis().max(50) as u64
    };
    let mut rng = Rng::new();
    let mut kills = 0;
    while kills < 10 {
        let mut child = Command::new(DYAD)
            .args(ingest_args(arts, evs, killed_s))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        // Anywhere from start-up (creating the file) to well into the run.
        std::thread::sleep(Duration::from_millis(rng.below(clean_time * 4)));
        if child.try_wait().unwrap().is_some() {
            break; // it finished: nothing left to interrupt
        }
        child.kill().unwrap(); // SIGKILL
        child.wait().unwrap();
        kills += 1;
    }
    ok(dyad(&ingest_args(arts, evs, killed_s)));
    assert_eq!(counts(clean_s), counts(killed_s), "after {kills} kills");
    assert_eq!(counts(killed_s).0, serde_json::json!(total));
    for format in ["csv", "mentions", "gdelt"] {
        assert_eq!(
            export_without_clock(clean_s, format),
            export_without_clock(killed_s, format),
            "{format} export differs after {kills} kills and a resume"
        );
    }
    ok(dyad(&["stats", "--check", "--db", killed_s]));
    let left: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains(".creating-"))
        .collect();
    assert!(left.is_empty(), "temporary files left: {left:?}");
}

#[test]
fn two_ingests_creating_one_new_database_store_every_article_once() {
    let dir = tempfile::tempdir().unwrap();
    let (arts, evs, total) = corpus(dir.path(), 400);
    // Two overlapping halves: each article must end up stored once.
    let lines: Vec<String> = std::fs::read_to_string(&arts)
        .unwrap()
        .lines()
        .map(str::to_string)
        .collect();
    let half = lines.len() / 2;
    let first = dir.path().join("first.jsonl");
    let second = dir.path().join("second.jsonl");
    std::fs::write(&first, lines[..half + 20].join("\n")).unwrap();
    std::fs::write(&second, lines[half - 20..].join("\n")).unwrap();
    let evs = evs.to_str().unwrap();
    for round in 0..10 {
        let db = dir.path().join(format!("race-{round}.db"));
        let db = db.to_str().unwrap();
        let children: Vec<_> = [&first, &second]
            .iter()
            .map(|f| {
                Command::new(DYAD)
                    .args(ingest_args(f.to_str().unwrap(), evs, db))
                    .stdout(Stdio::null())
                    .stderr(Stdio::piped())
                    .spawn()
                    .unwrap()
            })
            .collect();
        for c in children {
            ok(c.wait_with_output().unwrap());
        }
        assert_eq!(
            counts(db).0,
            serde_json::json!(total),
            "round {round}: articles lost"
        );
    }
}

#[test]
fn readers_answer_while_an_ingest_writes() {
    let dir = tempfile::tempdir().unwrap();
    let (arts, evs, total) = corpus(dir.path(), 4_000);
    let db = dir.path().join("busy.db");
    let db_s = db.to_str().unwrap();
    let mut writer = Command::new(DYAD)
        .args(ingest_args(
            arts.to_str().unwrap(),
            evs.to_str().unwrap(),
            db_s,
        ))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut reads = 0;
    let mut last = 0;
    while writer.try_wait().unwrap().is_none() {
        if db.exists() {
            let n = counts(db_s).0.as_i64().unwrap();
            assert!(n >= last, "a reader saw the store shrink: {n} < {last}");
            last = n;
            ok(dyad(&["events", "--db", db_s, "--limit", "5"]));
            reads += 1;
        }
    }
    assert!(writer.wait().unwrap().success());
    assert_eq!(counts(db_s).0, serde_json::json!(total));
    eprintln!("{reads} reads during the write");
}

/// Overwrite a page in the middle of the file with garbage.
fn damage(path: &Path) {
    use std::io::{Seek, SeekFrom};
    let len = std::fs::metadata(path).unwrap().len();
    let mut f = std::fs::OpenOptions::new().write(true).open(path).unwrap();
    f.seek(SeekFrom::Start((len / 4096) / 2 * 4096)).unwrap();
    f.write_all(&[0x5a; 4096]).unwrap();
}

#[test]
fn a_damaged_database_refuses_ingest_and_stats_check_reports_it() {
    let dir = tempfile::tempdir().unwrap();
    let (arts, evs, _) = corpus(dir.path(), 1_000);
    let (arts, evs) = (arts.to_str().unwrap(), evs.to_str().unwrap());
    let db = dir.path().join("d.db");
    let db_s = db.to_str().unwrap();
    ok(dyad(&["ingest", arts, "--events-from", evs, "--db", db_s]));
    ok(dyad(&["stats", "--check", "--db", db_s]));
    damage(&db);
    let before = std::fs::read(&db).unwrap();
    let more = dir.path().join("more.jsonl");
    std::fs::write(
        &more,
        "{\"id\": \"new\", \"date\": \"2024-01-01\", \"text\": \"A new article.\"}\n",
    )
    .unwrap();
    let out = dyad(&[
        "ingest",
        more.to_str().unwrap(),
        "--events-from",
        evs,
        "--db",
        db_s,
    ]);
    assert!(
        !out.status.success(),
        "ingest wrote into a damaged database"
    );
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("d.db") && err.contains("damaged") && err.contains("stats --check"),
        "{err}"
    );
    assert_eq!(std::fs::read(&db).unwrap(), before);
    let out = dyad(&["stats", "--check", "--db", db_s]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("damaged"));
    // Each cause is printed once.
    let out = dyad(&["export", "--db", db_s, "--format", "jsonl"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    assert_eq!(err.matches("malformed").count(), 1, "{err}");
}

#[cfg(unix)]
#[test]
fn a_fifo_or_a_dangling_link_as_db_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let (arts, evs, _) = corpus(dir.path(), 20);
    let fifo = dir.path().join("pipe.db");
    assert!(Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap()
        .success());
    let link = dir.path().join("link.db");
    std::os::unix::fs::symlink(dir.path().join("gone.db"), &link).unwrap();
    for (db, what) in [(&fifo, "named pipe"), (&link, "symbolic link")] {
        for args in [
            ingest_args(
                arts.to_str().unwrap(),
                evs.to_str().unwrap(),
                db.to_str().unwrap(),
            ),
            vec!["events", "--db", db.to_str().unwrap()],
        ] {
            let mut child = Command::new(DYAD)
                .args(&args)
                .stdout(Stdio::null())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap();
            let start = Instant::now();
            while child.try_wait().unwrap().is_none() {
                if start.elapsed() > Duration::from_secs(20) {
                    child.kill().unwrap();
                    panic!("dyad {args:?} hangs on {}", db.display());
                }
                std::thread::sleep(Duration::from_millis(20));
            }
            let out = child.wait_with_output().unwrap();
            assert!(!out.status.success());
            let err = String::from_utf8_lossy(&out.stderr);
            assert!(err.contains(what), "{err}");
        }
    }
    assert!(std::fs::symlink_metadata(&link)
        .unwrap()
        .file_type()
        .is_symlink());
    assert!(!dir.path().join("gone.db").exists());
}

#[test]
fn a_limit_of_two_to_the_63_or_more_is_not_a_database_error() {
    let dir = tempfile::tempdir().unwrap();
    let (arts, evs, _) = corpus(dir.path(), 50);
    let db = dir.path().join("l.db");
    let db = db.to_str().unwrap();
    ok(dyad(&ingest_args(
        arts.to_str().unwrap(),
        evs.to_str().unwrap(),
        db,
    )));
    for limit in ["9223372036854775808", "18446744073709551615"] {
        ok(dyad(&["events", "--db", db, "--limit", limit]));
        ok(dyad(&["first-contact", "--db", db, "--limit", limit]));
        ok(dyad(&["search", "consult", "--db", db, "--limit", limit]));
        ok(dyad(&["stats", "--db", db, "--top", limit]));
    }
    let out = dyad(&["events", "--db", db, "--limit", "99999999999999999999999"]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("--limit"));
}

/// Articles (JSON Lines) and their pre-coded events: `dated` with story
/// dates, `undated` without, every event between USA and IRQ.
fn dated_and_undated(dir: &Path, dated: usize, undated: usize) -> (PathBuf, PathBuf) {
    let arts = dir.join("mixed.jsonl");
    let evs = dir.join("mixed-events.jsonl");
    let mut a = String::new();
    let mut e = String::new();
    for i in 0..dated + undated {
        let id = format!("m{i}");
        let date = (i < dated).then(|| format!("2024-0{}-1{}", 1 + i % 3, i % 10));
        let rec = serde_json::json!({"id": id, "date": date, "text": format!("USA and Iraq, article {i}.")});
        a.push_str(&format!("{rec}\n"));
        let ev = serde_json::json!({
            "doc_id": id, "sentence_index": 0,
            "source": {"code": "USAGOV", "text": "US", "span": [0, 3], "reason": "test"},
            "target": {"code": "IRQGOV", "text": "Iraq", "span": [8, 12], "reason": "test"},
            "cameo": format!("0{}", 40 + i % 5), "cameo_name": "consult", "goldstein": 1.0, "quad_class": 1,
            "plover": null, "story_date": date,
            "date": {"value": date, "precision": date.as_ref().map(|_| "day"), "rule": "story date", "span": null, "lookback": null},
            "evidence": {"sentence": "x", "sentence_span": [0, 1], "trigger_span": [0, 1], "trigger": "met",
                         "pattern": "test", "pattern_origin": "test:1", "mood": "factual"}
        });
        e.push_str(&format!("{ev}\n"));
    }
    std::fs::write(&arts, a).unwrap();
    std::fs::write(&evs, e).unwrap();
    (arts, evs)
}

#[test]
fn timeline_and_stats_account_for_undated_events() {
    let dir = tempfile::tempdir().unwrap();
    let (arts, evs) = dated_and_undated(dir.path(), 3, 50);
    let db = dir.path().join("t.db");
    let db = db.to_str().unwrap();
    ok(dyad(&[
        "ingest",
        arts.to_str().unwrap(),
        "--events-from",
        evs.to_str().unwrap(),
        "--db",
        db,
    ]));
    let table = ok(dyad(&["timeline", "USA,IRQ", "--db", db]));
    let header = table.lines().next().unwrap();
    assert!(
        header.starts_with("3 dated events") && header.contains("50 undated"),
        "{header}"
    );
    let v: serde_json::Value = serde_json::from_str(&ok(dyad(&[
        "timeline", "USA,IRQ", "--db", db, "--format", "json",
    ])))
    .unwrap();
    let in_series: i64 = v["series"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["events"].as_i64().unwrap())
        .sum();
    assert_eq!(in_series, v["dated_events"].as_i64().unwrap());
    assert_eq!(v["undated_events"], 50);
    let stats = ok(dyad(&["stats", "--db", db]));
    assert!(stats.contains("50 articles with no story date"), "{stats}");
    assert!(stats.contains("50 events with no date"), "{stats}");
    // pandas-style parsing: date_start and story_date are ISO dates or empty.
    let csv = ok(dyad(&["export", "--db", db, "--format", "csv"]));
    let header: Vec<&str> = csv.lines().next().unwrap().split(',').collect();
    for name in ["date_start", "date_end", "story_date"] {
        let i = header.iter().position(|h| *h == name).unwrap();
        for row in csv.lines().skip(1) {
            let v = row.split(',').nth(i).unwrap();
            assert!(
                v.is_empty() || chrono::NaiveDate::parse_from_str(v, "%Y-%m-%d").is_ok(),
                "{name} = {v}"
            );
        }
    }
    let out = dyad(&["export", "--db", db, "--format", "gdelt"]);
    assert!(String::from_utf8_lossy(&out.stderr).contains("50 undated event(s) left out"));
}

/// A read-only place for a store: a tmpfs remounted read-only (root), or
/// a folder without write permission read by another user.
#[cfg(unix)]
#[test]
fn every_read_command_works_on_a_read_only_store_and_writes_nothing() {
    use std::os::unix::fs::PermissionsExt;
    use std::os::unix::process::CommandExt;
    let dir = tempfile::tempdir().unwrap();
    let (arts, evs, _) = corpus(dir.path(), 200);
    let ro = dir.path().join("ro");
    std::fs::create_dir(&ro).unwrap();
    let db = ro.join("events.db");
    let db_s = db.to_str().unwrap();
    ok(dyad(&ingest_args(
        arts.to_str().unwrap(),
        evs.to_str().unwrap(),
        db_s,
    )));
    // Root ignores permissions: read as `nobody` then. A folder nobody
    // may not write; the file readable by all.
    let root = is_root();
    std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
    std::fs::set_permissions(&ro, std::fs::Permissions::from_mode(0o555)).unwrap();
    std::fs::set_permissions(&db, std::fs::Permissions::from_mode(0o444)).unwrap();
    let reads: Vec<Vec<&str>> = vec![
        vec!["events", "--db", db_s],
        vec!["timeline", "USA,RUS", "--db", db_s],
        vec!["last-contact", "USA,RUS", "--db", db_s],
        vec!["first-contact", "--db", db_s],
        vec!["search", "consult", "--db", db_s],
        vec!["stats", "--db", db_s],
        vec!["stats", "--check", "--db", db_s],
        vec!["export", "--db", db_s, "--format", "csv"],
    ];
    for args in &reads {
        let mut cmd = Command::new(DYAD);
        cmd.args(args);
        if root {
            cmd.uid(65534).gid(65534);
        }
        let out = cmd.output().unwrap();
        assert!(
            out.status.success(),
            "dyad {args:?} on a read-only folder: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let names: Vec<String> = std::fs::read_dir(&ro)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, ["events.db"], "a reader wrote beside the store");
    std::fs::set_permissions(&ro, std::fs::Permissions::from_mode(0o755)).unwrap();
}

/// Whether this process runs as root (`/proc/self/status`'s Uid line).
fn is_root() -> bool {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("Uid:"))
                .map(|l| l.split_whitespace().nth(1) == Some("0"))
        })
        .unwrap_or(false)
}

#[test]
fn a_full_disk_fails_with_its_cause_and_leaves_the_store_sound() {
    let dir = tempfile::tempdir().unwrap();
    let (arts, evs, _) = corpus(dir.path(), 6_000);
    let mnt = dir.path().join("small");
    std::fs::create_dir(&mnt).unwrap();
    let mounted = Command::new("mount")
        .args(["-t", "tmpfs", "-o", "size=600k", "tmpfs"])
        .arg(&mnt)
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if !mounted {
        eprintln!("skipped: cannot mount a small tmpfs here (needs root)");
        return;
    }
    struct Unmount<'a>(&'a Path);
    impl Drop for Unmount<'_> {
        fn drop(&mut self) {
            let _ = Command::new("umount").arg(self.0).status();
        }
    }
    let _unmount = Unmount(&mnt);
    let db = mnt.join("full.db");
    let db_s = db.to_str().unwrap();
    let out = dyad(&ingest_args(
        arts.to_str().unwrap(),
        evs.to_str().unwrap(),
        db_s,
    ));
    assert!(!out.status.success(), "600 KiB cannot hold the corpus");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("full.db") && err.contains("full"), "{err}");
    assert_eq!(err.matches("database or disk is full").count(), 1, "{err}");
    if db.exists() {
        ok(dyad(&["stats", "--check", "--db", db_s]));
        ok(dyad(&["stats", "--db", db_s]));
    }
}

#[test]
fn recode_keeps_each_article_s_story_date() {
    let dir = tempfile::tempdir().unwrap();
    let arts = dir.path().join("dated.jsonl");
    std::fs::write(
        &arts,
        concat!(
            "{\"id\": \"d1\", \"date\": \"2011-05-04\", \"text\": \"The French president met the German chancellor in Berlin.\"}\n",
            "{\"id\": \"d2\", \"date\": \"1999-12-30\", \"text\": \"Russian forces attacked Chechen rebels near Grozny.\"}\n",
        ),
    )
    .unwrap();
    let db = dir.path().join("rc.db");
    let db = db.to_str().unwrap();
    let out = dyad(&["ingest", arts.to_str().unwrap(), "--db", db]);
    if !out.status.success() && String::from_utf8_lossy(&out.stderr).contains("model") {
        eprintln!(
            "skipped: no language model installed ({})",
            String::from_utf8_lossy(&out.stderr)
        );
        return;
    }
    ok(out);
    let dates = || -> Vec<(String, String)> {
        let v: serde_json::Value = serde_json::from_str(&ok(dyad(&[
            "events", "--db", db, "--format", "json", "--limit", "0",
        ])))
        .unwrap();
        v.as_array()
            .unwrap()
            .iter()
            .map(|e| {
                (
                    e["date"].as_str().unwrap_or("").to_string(),
                    e["story_date"].as_str().unwrap_or("").to_string(),
                )
            })
            .collect()
    };
    let before = dates();
    assert!(!before.is_empty(), "the coder found no events");
    assert!(
        before
            .iter()
            .all(|(d, s)| !d.is_empty() && (s == "2011-05-04" || s == "1999-12-30")),
        "{before:?}"
    );
    ok(dyad(&["recode", "--db", db]));
    assert_eq!(dates(), before, "recode changed the event dates");
}
