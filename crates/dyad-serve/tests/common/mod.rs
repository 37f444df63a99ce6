//! The fixture store every dyad-serve test reads: a handful of real-looking
//! articles with pre-coded events (spans pointing into their bodies), built
//! through dyad-store's own ingest, so no language model is needed.

#![allow(dead_code)]

use dyad_event::{ActorRef, Event, EventDate, Evidence, Location, Mood, Plover};
use dyad_ingest::Article;
use dyad_store::{CreateOptions, Store};
use std::path::PathBuf;

/// A store in a temporary folder, removed when dropped.
pub struct Fixture {
    _dir: tempfile::TempDir,
    pub path: PathBuf,
}

/// One report: article id, outlet, story date, body, and the event's
/// source phrase and code, trigger, target phrase and code, CAMEO code.
struct Report<'a> {
    id: &'a str,
    outlet: &'a str,
    date: &'a str,
    body: &'a str,
    source: (&'a str, &'a str),
    trigger: &'a str,
    target: (&'a str, &'a str),
    cameo: &'a str,
    /// Where: place name (as in the body), country, latitude, longitude.
    place: Option<(&'a str, &'a str, f64, f64)>,
}

/// (code, name, Goldstein, QuadClass, PLOVER type)
const CODES: &[(&str, &str, f32, u8, &str)] = &[
    ("040", "Consult, not specified below", 1.0, 1, "CONSULT"),
    ("051", "Praise or endorse", 3.4, 1, "SUPPORT"),
    ("057", "Sign formal agreement", 8.0, 1, "AGREE"),
    (
        "163",
        "Impose embargo, boycott, or sanctions",
        -8.0,
        4,
        "SANCTION",
    ),
    (
        "190",
        "Use conventional military force",
        -10.0,
        4,
        "ASSAULT",
    ),
];

const REPORTS: &[Report<'static>] = &[
    Report {
        id: "putin-xi",
        outlet: "Wire A",
        date: "2024-01-10",
        body: "BEIJING, Jan 10 - Russian President Vladimir Putin met Chinese President Xi Jinping in Beijing on Wednesday.",
        source: ("Russian President Vladimir Putin", "RUSGOV"),
        trigger: "met",
        target: ("Chinese President Xi Jinping", "CHNGOV"),
        cameo: "040",
        place: Some(("Beijing", "CHN", 39.9042, 116.4074)),
    },
    Report {
        id: "bakhmut",
        outlet: "Wire B",
        date: "2024-01-20",
        body: "Ukrainian forces shelled Russian positions near Bakhmut overnight, officials said.",
        source: ("Ukrainian forces", "UKRMIL"),
        trigger: "shelled",
        target: ("Russian positions", "RUSMIL"),
        cameo: "190",
        place: Some(("Bakhmut", "UKR", 48.5956, 38.0003)),
    },
    Report {
        id: "sanctions-a",
        outlet: "Wire A",
        date: "2024-03-05",
        body: "WASHINGTON - The United States imposed new sanctions on Russia on Tuesday over the war in Ukraine.",
        source: ("The United States", "USAGOV"),
        trigger: "imposed",
        target: ("Russia", "RUS"),
        cameo: "163",
        place: None,
    },
    Report {
        id: "sanctions-b",
        outlet: "Daily C",
        date: "2024-03-06",
        body: "Washington imposed sanctions on Russia, the Treasury said.",
        source: ("Washington", "USAGOV"),
        trigger: "imposed",
        target: ("Russia", "RUS"),
        cameo: "163",
        place: None,
    },
    Report {
        id: "prisoners",
        outlet: "Wire B",
        date: "2024-04-15",
        body: "Russia and the United States signed an agreement to exchange prisoners.",
        source: ("Russia", "RUS"),
        trigger: "signed",
        target: ("the United States", "USA"),
        cameo: "057",
        place: None,
    },
    Report {
        id: "praise",
        outlet: "Daily C",
        date: "2024-06-01",
        body: "China praised Russia for its position on the talks.",
        source: ("China", "CHNGOV"),
        trigger: "praised",
        target: ("Russia", "RUSGOV"),
        cameo: "051",
        place: None,
    },
];

/// France consulted Germany once a month in 2023: ten events, for paging.
const PAGING_MONTHS: u32 = 10;

/// Events in the fixture: the reports (the two sanctions reports are one
/// event) and the paging events.
pub const EVENTS: i64 = 5 + PAGING_MONTHS as i64;

fn actor(body: &str, (phrase, code): (&str, &str)) -> ActorRef {
    let start = body.find(phrase).expect("phrase in body");
    ActorRef {
        code: Some(code.into()),
        text: phrase.into(),
        span: (start, start + phrase.len()),
        reason: format!("fixture dictionary: {phrase} = {code}"),
    }
}

fn coded(r: &Report<'_>) -> (Article, Vec<Event>) {
    let (code, name, goldstein, quad, plover) =
        *CODES.iter().find(|c| c.0 == r.cameo).expect("code");
    let day: chrono::NaiveDate = r.date.parse().expect("date");
    let body = r.body.to_string();
    let trigger = body.find(&format!(" {} ", r.trigger)).expect("trigger") + 1;
    let event = Event {
        doc_id: r.id.into(),
        sentence_index: 0,
        source: actor(&body, r.source),
        target: Some(actor(&body, r.target)),
        cameo: code.into(),
        cameo_name: Some(name.into()),
        goldstein: Some(goldstein),
        quad_class: Some(quad),
        plover: Some(Plover {
            event_type: plover.into(),
            mode: None,
        }),
        story_date: Some(day),
        date: EventDate {
            value: Some(r.date.into()),
            precision: Some("day".into()),
            start: Some(day),
            rule: "story date".into(),
            span: None,
            lookback: None,
        },
        location: r.place.map(|(name, country, lat, lon)| {
            let at = body.find(name).expect("place in body");
            Location {
                name: name.into(),
                country: country.into(),
                adm1: None,
                lat,
                lon,
                geonames_id: None,
                precision: "city".into(),
                span: (at, at + name.len()),
                rule: "fixture".into(),
            }
        }),
        evidence: Evidence {
            sentence: body.clone(),
            sentence_span: (0, body.len()),
            trigger_span: (trigger, trigger + r.trigger.len()),
            trigger: r.trigger.into(),
            pattern: format!("{} * ({code})", r.trigger.to_uppercase()),
            pattern_origin: "fixture:1".into(),
            mood: Mood::Factual,
        },
    };
    let article = Article {
        id: r.id.into(),
        date: Some(day),
        source: Some(r.outlet.into()),
        title: Some(format!("Headline of {}", r.id)),
        url: Some(format!("https://news.example/{}", r.id)),
        body,
        ..Article::default()
    };
    (article, vec![event])
}

/// Add one more report (France consults Germany in July 2024) to the
/// store at `path`, as a concurrent `dyad ingest` would.
pub fn add_report(path: &std::path::Path) {
    let mut store = Store::open(path).expect("store");
    let body = "PARIS - France consulted Germany on trade again in July.";
    let r = Report {
        id: "paris-july",
        outlet: "Herald D",
        date: "2024-07-10",
        body,
        source: ("France", "FRA"),
        trigger: "consulted",
        target: ("Germany", "DEU"),
        cameo: "040",
        place: None,
    };
    store.write_batch(&[coded(&r)]).expect("write");
}

/// Build the fixture store.
pub fn fixture() -> Fixture {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("events.db");
    let mut store = Store::open_or_create(&path, &CreateOptions::default()).expect("store");
    let mut batch: Vec<(Article, Vec<Event>)> = REPORTS.iter().map(coded).collect();
    for m in 1..=PAGING_MONTHS {
        let (id, date) = (format!("paris-{m}"), format!("2023-{m:02}-10"));
        let body = format!("PARIS - France consulted Germany on trade in month {m}.");
        let r = Report {
            id: &id,
            outlet: "Herald D",
            date: &date,
            body: &body,
            source: ("France", "FRA"),
            trigger: "consulted",
            target: ("Germany", "DEU"),
            cameo: "040",
            place: None,
        };
        batch.push(coded(&r));
    }
    store.write_batch(&batch).expect("write");
    drop(store);
    Fixture { _dir: dir, path }
}
