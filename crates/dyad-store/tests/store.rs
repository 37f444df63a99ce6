//! The store's behaviour on small hand-made corpora: idempotence,
//! de-duplication, atomic re-coding, every query kind, refusal of
//! foreign files, and the GDELT layout.

use chrono::NaiveDate;
use dyad_code::event::{ActorRef, EventDate, Evidence, Plover};
use dyad_code::extract::Mood;
use dyad_code::Event;
use dyad_ingest::Article;
use dyad_store::{CreateOptions, EventFilter, ExportFormat, Period, Store, StoreError};
use std::path::{Path, PathBuf};

fn date(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn article(id: &str, source: &str, day: &str, body: &str) -> Article {
    Article {
        id: id.into(),
        date: Some(date(day)),
        title: Some(format!("Report {id}")),
        source: Some(source.into()),
        url: Some(format!("https://example.org/{id}")),
        body: body.into(),
        ..Default::default()
    }
}

fn actor(code: &str) -> ActorRef {
    ActorRef {
        code: Some(code.into()),
        text: code.to_lowercase(),
        span: (0, 3),
        reason: "test".into(),
    }
}

#[allow(clippy::too_many_arguments)]
fn event(
    doc: &str,
    sentence: usize,
    src: &str,
    tgt: &str,
    cameo: &str,
    quad: u8,
    gs: f32,
    day: &str,
) -> Event {
    Event {
        doc_id: doc.into(),
        sentence_index: sentence,
        source: actor(src),
        target: Some(actor(tgt)),
        cameo: cameo.into(),
        cameo_name: Some(format!("code {cameo}")),
        goldstein: Some(gs),
        quad_class: Some(quad),
        plover: Some(Plover {
            event_type: if quad <= 2 {
                "CONSULT".into()
            } else {
                "ASSAULT".into()
            },
            mode: None,
        }),
        story_date: Some(date(day)),
        date: EventDate {
            value: Some(day.into()),
            precision: Some("day".into()),
            start: Some(date(day)),
            rule: "test".into(),
            span: None,
            lookback: None,
        },
        evidence: Evidence {
            sentence: format!("{src} {cameo} {tgt}"),
            sentence_span: (0, 10),
            trigger_span: (4, 7),
            trigger: "met".into(),
            pattern: "test".into(),
            pattern_origin: "test:1".into(),
            mood: Mood::Factual,
        },
    }
}

struct Db {
    _dir: tempfile::TempDir,
    path: PathBuf,
}

fn new_db() -> (Db, Store) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("events.db");
    let store = Store::open_or_create(&path, &CreateOptions::default()).unwrap();
    (Db { _dir: dir, path }, store)
}

/// Three articles reporting one meeting (two within the window, one a
/// week later) and a clash.
fn corpus() -> Vec<(Article, Vec<Event>)> {
    vec![
        (
            article(
                "a1",
                "Wire A",
                "2024-03-05",
                "The US president met Russian officials in Geneva on Tuesday.",
            ),
            vec![
                event("a1", 0, "USAGOV", "RUSGOV", "040", 1, 1.0, "2024-03-05"),
                event("a1", 3, "USAGOV", "RUSGOV", "040", 1, 1.0, "2024-03-05"),
            ],
        ),
        (
            article(
                "a2",
                "Wire B",
                "2024-03-06",
                "Washington and Moscow held talks in Geneva.",
            ),
            vec![event(
                "a2",
                0,
                "USAGOV",
                "RUSGOV",
                "040",
                1,
                1.0,
                "2024-03-06",
            )],
        ),
        (
            article(
                "a3",
                "Wire A",
                "2024-03-12",
                "Officials met again, a week after Geneva.",
            ),
            vec![event(
                "a3",
                1,
                "USAGOV",
                "RUSGOV",
                "040",
                1,
                1.0,
                "2024-03-12",
            )],
        ),
        (
            article(
                "a4",
                "Wire C",
                "2024-05-02",
                "Russian forces shelled Ukrainian positions near Kharkiv.",
            ),
            vec![event(
                "a4",
                0,
                "RUSMIL",
                "UKRMIL",
                "190",
                4,
                -10.0,
                "2024-05-02",
            )],
        ),
    ]
}

fn count(store: &Store, f: &EventFilter) -> usize {
    store.events(f).unwrap().len()
}

#[test]
fn dedup_merges_reports_of_one_event() {
    let (_db, mut store) = new_db();
    let s = store.write_batch(&corpus()).unwrap();
    assert_eq!(s.articles_added, 4);
    assert_eq!(s.mentions_added, 5);
    assert_eq!(
        s.events_created, 3,
        "a1 (twice) and a2 merge; a3 is outside the ±1 day window; a4 is another event"
    );
    let evs = store.events(&EventFilter::default()).unwrap();
    assert_eq!(evs.len(), 3);
    let geneva = &evs[0];
    assert_eq!(
        (geneva.num_mentions, geneva.num_articles, geneva.num_sources),
        (3, 2, 2)
    );
    assert_eq!(geneva.date.as_deref(), Some("2024-03-05"));
    let later = &evs[1];
    assert_eq!(
        (later.num_mentions, later.num_articles, later.num_sources),
        (1, 1, 1)
    );
    let mentions = store.mentions(geneva.id).unwrap();
    assert_eq!(
        mentions
            .iter()
            .map(|m| (m.doc_id.as_str(), m.sentence_index))
            .collect::<Vec<_>>(),
        [("a1", 0), ("a1", 3), ("a2", 0)]
    );
    assert_eq!(
        mentions[0].coded["evidence"]["pattern_origin"], "test:1",
        "the raw coding is kept whole"
    );
}

#[test]
fn wider_window_merges_more() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("w.db");
    let mut store = Store::open_or_create(&path, &CreateOptions { window_days: 7 }).unwrap();
    store.write_batch(&corpus()).unwrap();
    assert_eq!(store.window_days(), 7);
    assert_eq!(count(&store, &EventFilter::default()), 2);
}

#[test]
fn reingest_adds_nothing() {
    let (db, mut store) = new_db();
    store.write_batch(&corpus()).unwrap();
    let before = store.stats(5).unwrap();
    let again = store.write_batch(&corpus()).unwrap();
    assert_eq!(again.articles_added, 0);
    assert_eq!(again.articles_skipped, 4);
    assert_eq!(again.mentions_added, 0);
    drop(store);
    // And across processes' worth of opens.
    let mut store = Store::open(&db.path).unwrap();
    store.write_batch(&corpus()[1..2]).unwrap();
    assert_eq!(store.stats(5).unwrap(), before);
    // Same content under another id (read from another file name) is the same article.
    let mut renamed = corpus()[0].clone();
    renamed.0.id = "copy-of-a1".into();
    assert_eq!(store.write_batch(&[renamed]).unwrap().articles_skipped, 1);
}

#[test]
fn recode_replaces_events_atomically() {
    let (_db, mut store) = new_db();
    store.write_batch(&corpus()).unwrap();
    let arts = store.articles().unwrap();
    let a2 = arts.iter().find(|a| a.article.id == "a2").unwrap().rowid;
    let a4 = arts.iter().find(|a| a.article.id == "a4").unwrap().rowid;
    let before = store.stats(5).unwrap();

    // A failing batch changes nothing: the first article's replacement is rolled back.
    let bad = vec![
        (
            a2,
            vec![event(
                "a2",
                0,
                "USAGOV",
                "RUSGOV",
                "036",
                1,
                4.0,
                "2024-03-06",
            )],
        ),
        (999_999, vec![]),
    ];
    assert!(store.replace_events(&bad).is_err());
    assert_eq!(store.stats(5).unwrap(), before);

    // a2 now codes as an intent to meet; a4's clash disappears.
    let s = store
        .replace_events(&[
            (
                a2,
                vec![event(
                    "a2",
                    0,
                    "USAGOV",
                    "RUSGOV",
                    "036",
                    1,
                    4.0,
                    "2024-03-06",
                )],
            ),
            (a4, vec![]),
        ])
        .unwrap();
    assert_eq!(s.events_removed, 1, "the clash has no mention left");
    let evs = store.events(&EventFilter::default()).unwrap();
    assert_eq!(
        evs.iter().map(|e| e.cameo.as_str()).collect::<Vec<_>>(),
        ["040", "036", "040"]
    );
    assert_eq!(
        (evs[0].num_mentions, evs[0].num_articles, evs[0].num_sources),
        (2, 1, 1)
    );
    assert_eq!(store.stats(5).unwrap().articles, 4, "articles stay");
}

#[test]
fn queries() {
    let (_db, mut store) = new_db();
    store.write_batch(&corpus()).unwrap();
    let f = |g: fn(&mut EventFilter)| {
        let mut f = EventFilter::default();
        g(&mut f);
        f
    };
    assert_eq!(count(&store, &f(|f| f.actors = vec!["RUS".into()])), 3);
    assert_eq!(count(&store, &f(|f| f.actors = vec!["UKRMIL".into()])), 1);
    assert_eq!(
        count(&store, &f(|f| f.dyad = Some(("RUS".into(), "USA".into())))),
        2
    );
    assert_eq!(
        count(
            &store,
            &f(|f| {
                f.dyad = Some(("RUS".into(), "USA".into()));
                f.directed = true;
            })
        ),
        0
    );
    assert_eq!(count(&store, &f(|f| f.source = Some("USAGOV".into()))), 2);
    assert_eq!(count(&store, &f(|f| f.target = Some("UKR".into()))), 1);
    assert_eq!(count(&store, &f(|f| f.country = Some("ukr".into()))), 1);
    assert_eq!(count(&store, &f(|f| f.role = Some("MIL".into()))), 1);
    assert_eq!(count(&store, &f(|f| f.role = Some("GOV".into()))), 2);
    assert_eq!(count(&store, &f(|f| f.cameo = Some("04".into()))), 2);
    assert_eq!(count(&store, &f(|f| f.cameo = Some("19".into()))), 1);
    assert_eq!(count(&store, &f(|f| f.plover = Some("assault".into()))), 1);
    assert_eq!(count(&store, &f(|f| f.quad_class = Some(4))), 1);
    assert_eq!(
        count(
            &store,
            &f(|f| f.from = Some(dyad_store::parse_bound("2024-03-10", false).unwrap()))
        ),
        2
    );
    assert_eq!(
        count(
            &store,
            &f(|f| f.to = Some(dyad_store::parse_bound("2024-03", true).unwrap()))
        ),
        2
    );
    assert_eq!(count(&store, &f(|f| f.text = Some("Kharkiv".into()))), 1);
    assert_eq!(count(&store, &f(|f| f.text = Some("geneva".into()))), 2);
    assert!(matches!(
        store.events(&f(|f| f.actors = vec!["US A".into()])),
        Err(StoreError::Query(_))
    ));
    assert!(matches!(
        store.events(&f(|f| f.quad_class = Some(7))),
        Err(StoreError::Query(_))
    ));
    assert!(matches!(
        store.events(&f(|f| f.text = Some("\"unbalanced".into()))),
        Err(StoreError::Query(_))
    ));
}

#[test]
fn timeline_series_splits_cooperation_and_conflict() {
    let (_db, mut store) = new_db();
    store.write_batch(&corpus()).unwrap();
    let evs = store
        .events(&EventFilter {
            actors: vec!["RUS".into()],
            ..Default::default()
        })
        .unwrap();
    let months = dyad_store::series(&evs, Period::Month);
    assert_eq!(
        months.iter().map(|p| p.period.as_str()).collect::<Vec<_>>(),
        ["2024-03", "2024-04", "2024-05"]
    );
    assert_eq!(
        (
            months[0].cooperation,
            months[0].conflict,
            months[0].mentions
        ),
        (2, 0, 4)
    );
    assert_eq!(months[0].goldstein_cooperation, 2.0);
    assert_eq!(months[1].events, 0, "empty months are kept");
    assert_eq!(
        (months[2].material_conflict, months[2].goldstein_conflict),
        (1, -10.0)
    );
    let weeks = dyad_store::series(&evs, Period::Week);
    assert_eq!(weeks[0].period, "2024-03-04", "weeks start on Monday");
    assert_eq!(weeks[1].events, 1);
}

#[test]
fn last_contact() {
    let (_db, mut store) = new_db();
    store.write_batch(&corpus()).unwrap();
    let day = |s| dyad_store::parse_bound(s, false).unwrap();
    let last = store
        .last_contact("RUS", "USA", false, None, None)
        .unwrap()
        .unwrap();
    assert_eq!(last.date.as_deref(), Some("2024-03-12"));
    let before = store
        .last_contact("USA", "RUS", true, Some(day("2024-03-12")), Some("04"))
        .unwrap()
        .unwrap();
    assert_eq!(before.date.as_deref(), Some("2024-03-05"));
    assert!(store
        .last_contact("USA", "RUS", false, Some(day("2024-03-05")), None)
        .unwrap()
        .is_none());
    assert!(store
        .last_contact("USA", "RUS", false, None, Some("19"))
        .unwrap()
        .is_none());
    assert!(store
        .last_contact("RUS", "USA", true, None, None)
        .unwrap()
        .is_none());
}

#[test]
fn first_contact_and_lookbacks() {
    let (_db, mut store) = new_db();
    let mut items = corpus();
    items.insert(
        0,
        (
            article("old", "Wire A", "2012-06-01", "Old meeting."),
            vec![event(
                "old",
                0,
                "RUSGOV",
                "USAGOV",
                "043",
                1,
                2.8,
                "2012-06-01",
            )],
        ),
    );
    let mut visit = event("v1", 0, "USAGOV", "RUSGOV", "042", 1, 1.9, "2024-06-01");
    visit.date.lookback = Some(">P10Y".into());
    let mut visit2 = event("v2", 0, "USAGOV", "RUSGOV", "042", 1, 1.9, "2024-07-01");
    visit2.date.lookback = Some(">P5Y".into());
    items.push((
        article(
            "v1",
            "Wire D",
            "2024-06-01",
            "The first visit in more than a decade.",
        ),
        vec![visit],
    ));
    items.push((
        article("v2", "Wire D", "2024-07-01", "The first in five years."),
        vec![visit2],
    ));
    store.write_batch(&items).unwrap();

    let f = EventFilter {
        dyad: Some(("USA".into(), "RUS".into())),
        ..Default::default()
    };
    // In 10 years, only the 2024-03-05 meeting is new (2012 is 12 years before).
    let first = store.first_contacts(&f, 10, "root", true).unwrap();
    let dates: Vec<_> = first.iter().filter_map(|e| e.date.clone()).collect();
    assert_eq!(dates, ["2012-06-01", "2024-03-05"]);
    // Look-backs reaching before the store's first event are left out by default.
    let covered = store.first_contacts(&f, 10, "root", false).unwrap();
    assert_eq!(covered.len(), 1);
    // By exact code, the visit (042) is new too.
    let by_code = store.first_contacts(&f, 10, "code", false).unwrap();
    assert_eq!(by_code.len(), 2);
    // No contact at all within 20 years: only the 2012 meeting, but it is uncovered.
    assert!(store
        .first_contacts(&f, 20, "any", false)
        .unwrap()
        .is_empty());

    let checks = store.check_lookbacks(&EventFilter::default()).unwrap();
    assert_eq!(checks.len(), 2);
    assert_eq!(checks[0].lookback, ">P10Y");
    assert_eq!(
        checks[0].verdict, "contradicted",
        "the March 2024 meetings are within ten years"
    );
    assert_eq!(
        checks[0].previous.as_ref().and_then(|p| p.date.as_deref()),
        Some("2024-03-12")
    );
    assert_eq!(checks[1].verdict, "contradicted");
    assert_eq!(dyad_store::lookback_start("PXY", 0), None);
    let d = dyad_store::parse_bound("2024-06-01", false).unwrap();
    assert_eq!(
        dyad_store::lookback_start("2015", d),
        Some(dyad_store::parse_bound("2016-01-01", false).unwrap())
    );
}

#[test]
fn search_returns_articles_with_their_events() {
    let (_db, mut store) = new_db();
    store.write_batch(&corpus()).unwrap();
    let hits = store.search("geneva", 10).unwrap();
    assert_eq!(hits.len(), 3);
    let a1 = hits.iter().find(|h| h.doc_id == "a1").unwrap();
    assert_eq!(a1.events.len(), 1);
    assert!(a1.snippet.contains("[Geneva]"), "{}", a1.snippet);
    assert!(store.search("Kharkiv AND Geneva", 10).unwrap().is_empty());
}

#[test]
fn stats_summarise_the_store() {
    let (_db, mut store) = new_db();
    store.write_batch(&corpus()).unwrap();
    let s = store.stats(1).unwrap();
    assert_eq!((s.articles, s.events, s.mentions), (4, 3, 5));
    assert_eq!(s.first_date.as_deref(), Some("2024-03-05"));
    assert_eq!(s.last_date.as_deref(), Some("2024-05-02"));
    assert_eq!(s.quad_classes, [2, 0, 0, 1]);
    assert_eq!(
        s.top_dyads,
        vec![("USAGOV".to_string(), "RUSGOV".to_string(), 2)]
    );
}

#[test]
fn exports() {
    let (_db, mut store) = new_db();
    store.write_batch(&corpus()).unwrap();
    let run = |fmt| {
        let mut out = Vec::new();
        let n = store
            .export(&EventFilter::default(), fmt, &mut out)
            .unwrap();
        (n.records, String::from_utf8(out).unwrap())
    };
    let (n, gdelt) = run(ExportFormat::Gdelt);
    assert_eq!(n, 3);
    for line in gdelt.lines() {
        let cols: Vec<&str> = line.split('\t').collect();
        assert_eq!(cols.len(), dyad_store::GDELT_COLUMNS);
        assert_eq!(cols.len(), 61);
    }
    let first: Vec<&str> = gdelt.lines().next().unwrap().split('\t').collect();
    assert_eq!(&first[1..5], ["20240305", "202403", "2024", "2024.2603"]);
    assert_eq!(&first[5..9], ["USAGOV", "USAGOV", "USA", ""]);
    assert_eq!(first[12], "GOV");
    assert_eq!(
        &first[25..35],
        ["1", "040", "040", "04", "1", "1.0", "3", "2", "2", ""]
    );
    assert_eq!(first[35], "0");
    assert_eq!(first[60], "https://example.org/a1");
    assert_eq!(first[59].len(), 14);

    let (n, csv) = run(ExportFormat::Csv);
    assert_eq!(n, 3);
    assert_eq!(csv.lines().count(), 4);
    assert!(csv.starts_with("id,date,"));
    let (n, jsonl) = run(ExportFormat::Jsonl);
    assert_eq!(n, 3);
    let v: serde_json::Value = serde_json::from_str(jsonl.lines().next().unwrap()).unwrap();
    assert_eq!(v["mentions"].as_array().unwrap().len(), 3);
    let (n, raw) = run(ExportFormat::MentionsJsonl);
    assert_eq!(n, 5);
    // The raw codings read back into the same events.
    let back: Vec<Event> = raw
        .lines()
        .map(|l| dyad_store::event_from_json(&serde_json::from_str(l).unwrap()).unwrap())
        .collect();
    let orig: Vec<Event> = corpus().into_iter().flat_map(|(_, e)| e).collect();
    assert_eq!(back, orig);
}

fn snapshot(p: &Path) -> (Vec<u8>, std::time::SystemTime) {
    (
        std::fs::read(p).unwrap(),
        std::fs::metadata(p).unwrap().modified().unwrap(),
    )
}

#[test]
fn refuses_junk_and_foreign_files_without_touching_them() {
    let dir = tempfile::tempdir().unwrap();
    let junk = dir.path().join("junk.db");
    std::fs::write(&junk, b"this is not a database at all, just some text that happens to be long enough to fill a header; more text here").unwrap();
    let empty = dir.path().join("empty.db");
    std::fs::write(&empty, b"").unwrap();
    let foreign = dir.path().join("foreign.db");
    {
        let c = rusqlite::Connection::open(&foreign).unwrap();
        c.execute_batch("CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT); INSERT INTO customers VALUES (1, 'x');")
            .unwrap();
    }
    // A dyad-looking header over a broken meta table.
    let forged = dir.path().join("forged.db");
    {
        let c = rusqlite::Connection::open(&forged).unwrap();
        c.pragma_update(None, "application_id", dyad_store::APPLICATION_ID)
            .unwrap();
        c.execute_batch("CREATE TABLE t (x);").unwrap();
    }
    for (path, foreign_kind) in [
        (&junk, false),
        (&empty, false),
        (&foreign, true),
        (&forged, true),
    ] {
        let before = snapshot(path);
        for r in [
            Store::open(path).err(),
            Store::open_read_only(path).err(),
            Store::open_or_create(path, &CreateOptions::default()).err(),
        ] {
            let e = r.expect("must refuse");
            let msg = e.to_string();
            assert!(msg.contains(&path.display().to_string()), "{msg}");
            assert!(msg.contains("not a dyad event database"), "{msg}");
            match e {
                StoreError::Foreign { .. } => assert!(foreign_kind, "{msg}"),
                StoreError::NotADatabase { .. } => assert!(!foreign_kind, "{msg}"),
                other => panic!("unexpected error {other}"),
            }
        }
        assert_eq!(snapshot(path), before, "{} was modified", path.display());
    }
    assert!(!dir.path().join("foreign.db-wal").exists());
    assert!(matches!(
        Store::open(&dir.path().join("none.db")),
        Err(StoreError::Missing(_))
    ));
}

#[test]
fn synthetic_corpus_is_deterministic_and_dedups() {
    let a: Vec<_> = dyad_store::Synthetic::new(500, 7).collect();
    let b: Vec<_> = dyad_store::Synthetic::new(500, 7).collect();
    assert_eq!(a, b);
    assert_eq!(a.iter().map(|(_, e)| e.len()).sum::<usize>(), 500);
    let (_db, mut store) = new_db();
    let s = store.write_batch(&a).unwrap();
    assert_eq!(s.mentions_added, 500);
    assert!(s.mentions_merged > 50, "{s:?}");
}
