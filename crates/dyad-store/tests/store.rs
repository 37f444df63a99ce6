//! The store's behaviour on small hand-made corpora: idempotence,
//! de-duplication, atomic re-coding, every query kind, refusal of
//! foreign files, and the GDELT layout.

use chrono::NaiveDate;
use dyad_event::{ActorRef, Event, EventDate, Evidence, Mood, Plover};
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
        location: None,
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
    // Summed inside SQLite, the series is the same, for every period.
    let filter = EventFilter {
        actors: vec!["RUS".into()],
        ..Default::default()
    };
    for period in [Period::Month, Period::Week, Period::Day] {
        assert_eq!(
            store.series_of(&filter, period).unwrap(),
            dyad_store::series(&evs, period)
        );
    }
    let days = store.series_of(&filter, Period::Day).unwrap();
    assert_eq!(days[0].period, "2024-03-05");
}

#[test]
fn pages_network_and_top_codes() {
    let (_db, mut store) = new_db();
    store.write_batch(&corpus()).unwrap();
    let all = EventFilter::default();
    let total = store.count_events(&all).unwrap();
    assert_eq!(total as usize, store.events(&all).unwrap().len());
    let page = |offset, sort| dyad_store::Page {
        offset,
        limit: 1,
        sort,
    };
    let first = store
        .events_page(&all, &page(0, dyad_store::EventSort::DateAscending))
        .unwrap();
    let last = store
        .events_page(&all, &page(0, dyad_store::EventSort::DateDescending))
        .unwrap();
    assert_eq!(first[0], store.events(&all).unwrap()[0]);
    assert_eq!(last[0].id, store.events(&all).unwrap().last().unwrap().id);
    assert!(store
        .events_page(
            &all,
            &page(total as usize, dyad_store::EventSort::DateAscending)
        )
        .unwrap()
        .is_empty());
    assert_eq!(store.event(first[0].id).unwrap().as_ref(), Some(&first[0]));
    assert_eq!(store.event(-1).unwrap(), None);
    let pairs = store
        .network(&all, dyad_store::NetworkLevel::Country, 10)
        .unwrap();
    let n: i64 = pairs.iter().map(|p| p.events).sum();
    assert!(n > 0 && n <= total);
    let codes = store.top_codes(&all, 10).unwrap();
    assert_eq!(codes.iter().map(|c| c.events).sum::<i64>(), total);
    let articles = store.mention_articles(first[0].id).unwrap();
    assert_eq!(articles.len(), store.mentions(first[0].id).unwrap().len());
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
fn a_store_without_the_later_indexes_gains_them_on_its_next_write_only() {
    let (db, store) = new_db();
    drop(store);
    let conn = rusqlite::Connection::open(&db.path).unwrap();
    conn.execute_batch("DROP INDEX events_dyad_country; DROP INDEX articles_story_date;")
        .unwrap();
    drop(conn);
    let reader = Store::open_read_only(&db.path).unwrap();
    assert_eq!(
        reader.missing_indexes().unwrap(),
        ["events_dyad_country", "articles_story_date"]
    );
    drop(reader);
    drop(Store::open(&db.path).unwrap());
    let reader = Store::open_read_only(&db.path).unwrap();
    assert!(reader.missing_indexes().unwrap().is_empty());
}

#[test]
fn dyad_specs_of_every_length_match_the_same_events() {
    let (_db, mut store) = new_db();
    store.write_batch(&corpus()).unwrap();
    assert!(store.missing_indexes().unwrap().is_empty());
    let dyad = |a: &str, b: &str, directed| {
        count(
            &store,
            &EventFilter {
                dyad: Some((a.into(), b.into())),
                directed,
                ..Default::default()
            },
        )
    };
    // Short specs take the range path; three letters and more the
    // first-segment index; both give the same events.
    assert_eq!(dyad("USA", "RUS", false), 2);
    assert_eq!(dyad("US", "RU", false), 2);
    assert_eq!(dyad("U", "RUSGOV", false), 2);
    assert_eq!(dyad("USAGOV", "RUSGOV", false), 2);
    assert_eq!(dyad("RUSGOV", "USAGOV", true), 0);
    assert_eq!(dyad("USAGOVX", "RUS", false), 0);
    assert_eq!(dyad("USAMIL", "RUS", false), 0);
    assert_eq!(dyad("RUS", "UKR", false), 1);
    // The two directions' latest, and one spec inside the other.
    let latest = store
        .last_contact("RU", "USAGOV", false, None, None)
        .unwrap();
    assert_eq!(latest.and_then(|e| e.date).as_deref(), Some("2024-03-12"));
    assert_eq!(dyad("RUS", "RUSMIL", false), 0);
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

/// `n` distinct articles with one event each, ids prefixed by `tag`.
fn tagged(tag: &str, n: usize) -> Vec<(Article, Vec<Event>)> {
    (0..n)
        .map(|i| {
            let id = format!("{tag}-{i}");
            let a = article(&id, "Wire", "2024-03-05", &format!("Article {id} body."));
            let e = event(&id, 0, "USAGOV", "RUSGOV", "040", 1, 1.0, "2024-03-05");
            (a, vec![e])
        })
        .collect()
}

#[test]
fn concurrent_creation_keeps_every_write() {
    for round in 0..10 {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("new.db");
        let barrier = std::sync::Barrier::new(4);
        std::thread::scope(|s| {
            for t in 0..4 {
                let (path, barrier) = (&path, &barrier);
                s.spawn(move || {
                    barrier.wait();
                    let mut store = Store::open_or_create(path, &CreateOptions::default())
                        .unwrap_or_else(|e| panic!("round {round} thread {t}: {e}"));
                    store.write_batch(&tagged(&format!("t{t}"), 5)).unwrap();
                });
            }
        });
        let s = Store::open_read_only(&path).unwrap().stats(0).unwrap();
        assert_eq!(s.articles, 20, "round {round}: articles were lost");
        let left: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.contains(".creating-"))
            .collect();
        assert!(left.is_empty(), "temporary files left: {left:?}");
    }
}

#[test]
fn create_refuses_an_existing_file_and_stale_temps_are_removed() {
    let (db, _store) = new_db();
    let before = snapshot(&db.path);
    let e = Store::create(&db.path, &CreateOptions::default()).unwrap_err();
    assert!(matches!(e, StoreError::Exists(_)), "{e}");
    assert_eq!(snapshot(&db.path), before);

    // A creation killed mid-way (its process is gone) left its files.
    let dir = db.path.parent().unwrap();
    let stale = dir.join("other.db.creating-99999999-0");
    let stale_wal = dir.join("other.db.creating-99999999-0-wal");
    // A creation in progress in this process is left alone.
    let live = dir.join(format!("other.db.creating-{}-77", std::process::id()));
    for f in [&stale, &stale_wal, &live] {
        std::fs::write(f, b"half-made").unwrap();
    }
    Store::open_or_create(&dir.join("other.db"), &CreateOptions::default()).unwrap();
    assert!(!stale.exists() && !stale_wal.exists());
    assert!(live.exists());
}

/// Overwrite a page in the middle of the file with garbage.
fn damage(path: &Path) {
    use std::io::{Seek, SeekFrom, Write};
    let len = std::fs::metadata(path).unwrap().len();
    assert!(len > 8 * 4096, "store too small to damage mid-file: {len}");
    let mut f = std::fs::OpenOptions::new().write(true).open(path).unwrap();
    let page = (len / 4096) / 2;
    f.seek(SeekFrom::Start(page * 4096)).unwrap();
    f.write_all(&[0x5a; 4096]).unwrap();
}

#[test]
fn a_damaged_store_is_refused_for_writing_and_the_check_reports_it() {
    let (db, mut store) = new_db();
    store.write_batch(&tagged("x", 600)).unwrap();
    assert!(store.integrity_check().unwrap().is_empty());
    drop(store);
    damage(&db.path);
    let before = snapshot(&db.path);
    for r in [
        Store::open(&db.path).err(),
        Store::open_or_create(&db.path, &CreateOptions::default()).err(),
    ] {
        let e = r.expect("a damaged store must be refused for writing");
        let msg = e.to_string();
        assert!(matches!(e, StoreError::Damaged { .. }), "{msg}");
        assert!(
            msg.contains(&db.path.display().to_string()) && msg.contains("stats --check"),
            "{msg}"
        );
    }
    assert_eq!(snapshot(&db.path), before, "the damaged file was written");
    let reader = Store::open_read_only(&db.path).unwrap();
    assert!(!reader.integrity_check().unwrap().is_empty());
}

#[cfg(unix)]
#[test]
fn fifos_folders_and_dangling_links_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("pipe.db");
    assert!(std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap()
        .success());
    let link = dir.path().join("link.db");
    std::os::unix::fs::symlink(dir.path().join("nowhere/target.db"), &link).unwrap();
    for (path, what) in [
        (&fifo, "named pipe"),
        (&link, "symbolic link"),
        (&dir.path().to_path_buf(), "folder"),
    ] {
        for r in [
            Store::open(path).err(),
            Store::open_read_only(path).err(),
            Store::open_or_create(path, &CreateOptions::default()).err(),
        ] {
            let e = r.expect("must refuse");
            assert!(matches!(e, StoreError::NotAFile { .. }), "{e}");
            assert!(e.to_string().contains(what), "{e}");
        }
    }
    assert!(std::fs::symlink_metadata(&link)
        .unwrap()
        .file_type()
        .is_symlink());
    assert!(!dir.path().join("nowhere").exists());
}

#[test]
fn a_limit_beyond_sqlite_integers_is_clamped() {
    let (_db, mut store) = new_db();
    store.write_batch(&corpus()).unwrap();
    let f = EventFilter {
        limit: Some(usize::MAX),
        ..Default::default()
    };
    assert_eq!(store.events(&f).unwrap().len(), 3);
    assert_eq!(store.search("Geneva", usize::MAX).unwrap().len(), 3);
    assert!(store.stats(usize::MAX).is_ok());
    let f = EventFilter {
        limit: Some(usize::MAX),
        dyad: Some(("USA".into(), "RUS".into())),
        ..Default::default()
    };
    store.first_contacts(&f, 5, "root", false).unwrap();
}

#[test]
fn store_errors_do_not_repeat_their_cause() {
    let (db, mut store) = new_db();
    store.write_batch(&tagged("x", 600)).unwrap();
    drop(store);
    damage(&db.path);
    let reader = Store::open_read_only(&db.path).unwrap();
    let e = reader
        .search("body", 10_000)
        .and_then(|_| reader.events(&EventFilter::default()))
        .and_then(|_| {
            reader.export(
                &EventFilter::default(),
                ExportFormat::Jsonl,
                &mut Vec::new(),
            )
        })
        .expect_err("reading every page of a damaged store fails");
    // `{:#}` (anyhow) prints the source chain after the message.
    let mut chain = e.to_string();
    let mut source = std::error::Error::source(&e);
    while let Some(s) = source {
        chain.push_str(&format!(": {s}"));
        source = s.source();
    }
    assert_eq!(chain.matches("malformed").count(), 1, "{chain}");
    assert!(
        chain.contains("damaged") && chain.contains("stats --check"),
        "{chain}"
    );
}

/// An article on `day` with no events (coverage) or one event of its own date.
fn dated(id: &str, day: &str, event_day: Option<&str>) -> (Article, Vec<Event>) {
    let a = article(id, "Wire", day, &format!("Article {id}."));
    let events = event_day
        .map(|d| vec![event(id, 0, "USAGOV", "IRQGOV", "040", 1, 1.0, d)])
        .unwrap_or_default();
    (a, events)
}

#[test]
fn first_contact_coverage_comes_from_story_dates_not_event_dates() {
    let (_db, mut store) = new_db();
    store
        .write_batch(&[
            // A background mention: "they have not met since 1949".
            dated("old", "2004-06-01", Some("1949-05-01")),
            dated("a", "2008-01-10", Some("2008-01-10")),
            dated("b", "2015-03-01", Some("2015-03-01")),
        ])
        .unwrap();
    assert_eq!(
        store.coverage().unwrap(),
        Some(("2004-06-01".into(), "2015-03-01".into()))
    );
    let s = store.stats(0).unwrap();
    assert_eq!(s.first_date.as_deref(), Some("1949-05-01"));
    assert_eq!(s.first_story_date.as_deref(), Some("2004-06-01"));
    let firsts = |years| {
        store
            .first_contacts(&EventFilter::default(), years, "root", false)
            .unwrap()
            .into_iter()
            .map(|e| e.date.unwrap())
            .collect::<Vec<_>>()
    };
    // 2008 looks back 10 years to 1998: before the coverage, unknowable.
    assert!(firsts(10).is_empty(), "{:?}", firsts(10));
    // 3 years back from 2008 is 2005, covered; the 1949 mention is not.
    assert_eq!(firsts(3), ["2008-01-10", "2015-03-01"]);
}

/// An event whose date is `value` at `precision`, starting on `start`.
fn event_dated(doc: &str, value: Option<&str>, precision: &str, start: &str) -> Event {
    let mut e = event(doc, 0, "USAGOV", "IRQGOV", "040", 1, 1.0, start);
    e.date.value = value.map(str::to_string);
    e.date.precision = value.map(|_| precision.to_string());
    e.date.start = value.map(|_| date(start));
    e.story_date = None;
    e
}

#[test]
fn exports_say_each_date_s_extent_precision_and_story_date() {
    let (_db, mut store) = new_db();
    let mut undated = article("u", "Wire", "2025-01-01", "Undated report.");
    undated.date = None;
    undated.url = None;
    store
        .write_batch(&[
            (
                article("m", "Wire", "2025-07-02", "In June."),
                vec![event_dated("m", Some("2025-06"), "month", "2025-06-01")],
            ),
            (
                article("r", "Wire", "2003-06-01", "From March to May."),
                vec![event_dated(
                    "r",
                    Some("2003-03/2003-05"),
                    "month",
                    "2003-03-01",
                )],
            ),
            (
                undated,
                vec![event_dated("u", None, "unknown", "2025-01-01")],
            ),
        ])
        .unwrap();
    let run = |fmt| {
        let mut out = Vec::new();
        let n = store
            .export(&EventFilter::default(), fmt, &mut out)
            .unwrap();
        (n, String::from_utf8(out).unwrap())
    };
    let (n, csv) = run(ExportFormat::Csv);
    assert_eq!(n.records, 3);
    let mut lines = csv.lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    let col = |row: &str, name: &str| {
        let i = header.iter().position(|h| *h == name).unwrap();
        row.split(',').nth(i).unwrap().to_string()
    };
    let rows: Vec<&str> = lines.collect();
    let get = |row: usize| {
        [
            "date",
            "date_start",
            "date_end",
            "date_precision",
            "story_date",
            "url",
        ]
        .map(|c| col(rows[row], c))
    };
    assert_eq!(
        get(0),
        [
            "2025-06",
            "2025-06-01",
            "2025-06-30",
            "month",
            "2025-07-02",
            "https://example.org/m"
        ]
    );
    assert_eq!(
        get(1),
        [
            "2003-03/2003-05",
            "2003-03-01",
            "2003-05-31",
            "range",
            "2003-06-01",
            "https://example.org/r"
        ]
    );
    assert_eq!(get(2), ["", "", "", "unknown", "", ""]);

    let (n, gdelt) = run(ExportFormat::Gdelt);
    assert_eq!((n.records, n.undated_left_out), (2, 1));
    for line in gdelt.lines() {
        let cols: Vec<&str> = line.split('\t').collect();
        assert_eq!(cols.len(), 61);
        assert_eq!(cols[1].len(), 8, "SQLDATE is never empty: {line}");
    }
    let (_, ext) = run(ExportFormat::GdeltDyad);
    let first: Vec<&str> = ext.lines().next().unwrap().split('\t').collect();
    assert_eq!(first.len(), 61 + dyad_store::GDELT_DYAD_COLUMNS.len());
    assert_eq!(first[1], "20250601");
    assert_eq!(&first[61..], ["month", "20250630", "20250702", "m"]);

    // No URL: SOURCEURL is empty, not the doc id.
    let (_db2, mut store2) = new_db();
    let mut a = article("no-url", "Wire", "2025-01-02", "x");
    a.url = None;
    store2
        .write_batch(&[(
            a,
            vec![event(
                "no-url",
                0,
                "USAGOV",
                "IRQGOV",
                "040",
                1,
                1.0,
                "2025-01-02",
            )],
        )])
        .unwrap();
    let mut out = Vec::new();
    store2
        .export(&EventFilter::default(), ExportFormat::Gdelt, &mut out)
        .unwrap();
    let out = String::from_utf8(out).unwrap();
    assert_eq!(out.trim_end_matches('\n').split('\t').nth(60), Some(""));

    let s = store.stats(0).unwrap();
    assert_eq!((s.undated_events, s.undated_articles), (1, 1));
}

/// Mount a tmpfs of `size` at `dir` (root only; `None` where mounting is
/// not allowed). Unmounted on drop.
pub struct Tmpfs(PathBuf);

impl Tmpfs {
    pub fn mount(dir: &Path, size: &str) -> Option<Tmpfs> {
        std::fs::create_dir_all(dir).ok()?;
        let ok = std::process::Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={size}"), "tmpfs"])
            .arg(dir)
            .stderr(std::process::Stdio::null())
            .status()
            .is_ok_and(|s| s.success());
        ok.then(|| Tmpfs(dir.to_path_buf()))
    }

    pub fn remount_read_only(&self) -> bool {
        std::process::Command::new("mount")
            .args(["-o", "remount,ro"])
            .arg(&self.0)
            .status()
            .is_ok_and(|s| s.success())
    }
}

impl Drop for Tmpfs {
    fn drop(&mut self) {
        let _ = std::process::Command::new("umount").arg(&self.0).status();
    }
}

#[test]
fn a_store_on_a_read_only_mount_is_readable_and_nothing_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let Some(mnt) = Tmpfs::mount(&dir.path().join("ro"), "16m") else {
        eprintln!("skipped: cannot mount a tmpfs here (needs root)");
        return;
    };
    let path = dir.path().join("ro/events.db");
    {
        let mut store = Store::open_or_create(&path, &CreateOptions::default()).unwrap();
        store.write_batch(&corpus()).unwrap();
    }
    assert!(mnt.remount_read_only());
    let names = || {
        let mut v: Vec<String> = std::fs::read_dir(dir.path().join("ro"))
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        v.sort();
        v
    };
    assert_eq!(names(), ["events.db"]);
    let store = Store::open_read_only(&path).unwrap();
    assert_eq!(count(&store, &EventFilter::default()), 3);
    assert_eq!(store.search("Geneva", 10).unwrap().len(), 3);
    assert_eq!(store.stats(3).unwrap().articles, 4);
    drop(store);
    assert_eq!(names(), ["events.db"]);
    let e = Store::open(&path).err().expect("writing must fail");
    assert!(e.to_string().contains("events.db"), "{e}");
}
