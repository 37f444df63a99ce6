//! Where events happened, in the store: location columns, the place
//! filters, CSV/JSON/GDELT exports, and the schema-1 → 2 migration.

use dyad_event::{ActorRef, Event, EventDate, Evidence, Location, Mood};
use dyad_ingest::Article;
use dyad_store::{CreateOptions, EventFilter, ExportFormat, Store, CSV_HEADER};

fn article(id: &str, body: &str) -> Article {
    Article {
        id: id.into(),
        date: chrono::NaiveDate::from_ymd_opt(2024, 3, 5),
        source: Some("Wire".into()),
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

fn kano() -> Location {
    Location {
        name: "Kano".into(),
        country: "NGA".into(),
        adm1: Some("NG.29".into()),
        lat: 12.00012,
        lon: 8.51672,
        geonames_id: Some(2335204),
        precision: "city".into(),
        span: (30, 34),
        rule: "locative modifier of the trigger".into(),
    }
}

fn event(doc: &str, src: &str, cameo: &str, location: Option<Location>) -> Event {
    Event {
        doc_id: doc.into(),
        sentence_index: 0,
        source: actor(src),
        target: Some(actor("NGAOPP")),
        cameo: cameo.into(),
        cameo_name: Some("x".into()),
        goldstein: Some(-10.0),
        quad_class: Some(4),
        plover: None,
        story_date: chrono::NaiveDate::from_ymd_opt(2024, 3, 5),
        date: EventDate {
            value: Some("2024-03-05".into()),
            precision: Some("day".into()),
            start: chrono::NaiveDate::from_ymd_opt(2024, 3, 5),
            rule: "story date".into(),
            span: None,
            lookback: None,
        },
        evidence: Evidence {
            sentence: "Police clashed with protesters in Kano.".into(),
            mood: Mood::Factual,
            ..Evidence::default()
        },
        location,
    }
}

fn store_with_places() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("events.db");
    let mut store = Store::open_or_create(&path, &CreateOptions::default()).unwrap();
    let abuja = Location {
        name: "Nigeria".into(),
        adm1: None,
        lat: 9.08,
        lon: 8.67,
        geonames_id: Some(2328926),
        precision: "country".into(),
        ..kano()
    };
    store
        .write_batch(&[
            (
                article("a", "Police clashed with protesters in Kano."),
                vec![event("a", "NGACOP", "190", Some(kano()))],
            ),
            (
                article("b", "Troops attacked rebels in Nigeria."),
                vec![event("b", "NGAMIL", "193", Some(abuja))],
            ),
            (
                article("c", "Police arrested protesters."),
                vec![event("c", "NGACOP", "173", None)],
            ),
        ])
        .unwrap();
    (dir, path)
}

#[test]
fn place_filters_select_by_country_and_distance() {
    let (_d, path) = store_with_places();
    let store = Store::open_read_only(&path).unwrap();
    let codes = |f: EventFilter| -> Vec<String> {
        store
            .events(&f)
            .unwrap()
            .into_iter()
            .map(|e| e.cameo)
            .collect()
    };
    assert_eq!(
        codes(EventFilter {
            place_country: Some("NGA".into()),
            ..Default::default()
        }),
        ["190", "193"]
    );
    assert!(codes(EventFilter {
        place_country: Some("GEO".into()),
        ..Default::default()
    })
    .is_empty());
    // Kano is ~330 km from Nigeria's centre point.
    assert_eq!(
        codes(EventFilter {
            near: Some((12.0, 8.5, 50.0)),
            ..Default::default()
        }),
        ["190"]
    );
    assert_eq!(
        codes(EventFilter {
            near: Some((12.0, 8.5, 500.0)),
            ..Default::default()
        }),
        ["190", "193"]
    );
    assert!(store
        .events(&EventFilter {
            near: Some((95.0, 0.0, 1.0)),
            ..Default::default()
        })
        .is_err());
    let e = &store.events(&EventFilter::default()).unwrap()[0];
    let l = e.location.as_ref().unwrap();
    assert_eq!(
        (l.name.as_str(), l.country.as_str(), l.geonames_id),
        ("Kano", "NGA", Some(2335204))
    );
}

#[test]
fn exports_carry_the_place() {
    let (_d, path) = store_with_places();
    let store = Store::open_read_only(&path).unwrap();
    let export = |f: ExportFormat| {
        let mut out = Vec::new();
        store.export(&EventFilter::default(), f, &mut out).unwrap();
        String::from_utf8(out).unwrap()
    };
    let csv = export(ExportFormat::Csv);
    assert!(CSV_HEADER.ends_with(&["place_geonames_id", "place_precision"]));
    let row = csv.lines().nth(1).unwrap();
    assert!(
        row.ends_with(",Kano,NGA,NG.29,12.00012,8.51672,2335204,city"),
        "{row}"
    );
    let none = csv.lines().nth(3).unwrap();
    assert!(none.ends_with(",,,,,,,"), "{none}");
    let json = export(ExportFormat::Jsonl);
    let first: serde_json::Value = serde_json::from_str(json.lines().next().unwrap()).unwrap();
    assert_eq!(first["location"]["country"], "NGA");
    let gdelt = export(ExportFormat::Gdelt);
    let f: Vec<&str> = gdelt.lines().next().unwrap().split('\t').collect();
    assert_eq!(f.len(), 61);
    // ActionGeo: world city, FIPS country NI, ADM1 NI29.
    assert_eq!(
        &f[51..59],
        [
            "4",
            "Kano, Nigeria",
            "NI",
            "NI29",
            "",
            "12.0001",
            "8.5167",
            "2335204"
        ]
    );
    assert_eq!(&f[35..37], ["0", ""]);
    let f: Vec<&str> = gdelt.lines().nth(1).unwrap().split('\t').collect();
    assert_eq!(&f[51..54], ["1", "Nigeria", "NI"]);
    let f: Vec<&str> = gdelt.lines().nth(2).unwrap().split('\t').collect();
    assert_eq!(&f[51..53], ["0", ""]);
}

#[test]
fn a_later_mention_places_an_unplaced_event() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("events.db");
    let mut store = Store::open_or_create(&path, &CreateOptions::default()).unwrap();
    store
        .write_batch(&[(
            article("a", "Police clashed."),
            vec![event("a", "NGACOP", "190", None)],
        )])
        .unwrap();
    store
        .write_batch(&[(
            article("b", "Police clashed in Kano."),
            vec![event("b", "NGACOP", "190", Some(kano()))],
        )])
        .unwrap();
    let evs = store.events(&EventFilter::default()).unwrap();
    assert_eq!(evs.len(), 1);
    assert_eq!(
        evs[0].location.as_ref().map(|l| l.name.as_str()),
        Some("Kano")
    );
}

/// A schema-1 store: today's schema with the version-2 columns removed.
fn make_v1(path: &std::path::Path) {
    let conn = rusqlite::Connection::open(path).unwrap();
    conn.execute_batch(
        "DROP INDEX events_geo_country;
         ALTER TABLE events DROP COLUMN geo_name; ALTER TABLE events DROP COLUMN geo_country;
         ALTER TABLE events DROP COLUMN geo_adm1; ALTER TABLE events DROP COLUMN geo_lat;
         ALTER TABLE events DROP COLUMN geo_lon; ALTER TABLE events DROP COLUMN geo_id;
         ALTER TABLE events DROP COLUMN geo_precision;
         UPDATE meta SET value = '1' WHERE key = 'schema_version';
         PRAGMA user_version = 1;",
    )
    .unwrap();
}

#[test]
fn schema_1_stores_are_read_as_is_and_migrated_when_written() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("events.db");
    let mut store = Store::open_or_create(&path, &CreateOptions::default()).unwrap();
    store
        .write_batch(&[(
            article("a", "Police clashed."),
            vec![event("a", "NGACOP", "190", None)],
        )])
        .unwrap();
    drop(store);
    make_v1(&path);
    let version = |p: &std::path::Path| -> i64 {
        rusqlite::Connection::open(p)
            .unwrap()
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .unwrap()
    };
    // Read-only: readable, locations null, the file untouched.
    let ro = Store::open_read_only(&path).unwrap();
    let evs = ro.events(&EventFilter::default()).unwrap();
    assert_eq!((evs.len(), evs[0].location.is_none()), (1, true));
    assert!(ro
        .events(&EventFilter {
            place_country: Some("NGA".into()),
            ..Default::default()
        })
        .unwrap()
        .is_empty());
    drop(ro);
    assert_eq!(version(&path), 1);
    // Written: migrated to 2, old events kept, new ones placed.
    let mut rw = Store::open(&path).unwrap();
    rw.write_batch(&[(
        article("b", "Police clashed in Kano."),
        vec![event("b", "NGAMIL", "193", Some(kano()))],
    )])
    .unwrap();
    drop(rw);
    assert_eq!(version(&path), 2);
    let ro = Store::open_read_only(&path).unwrap();
    let evs = ro.events(&EventFilter::default()).unwrap();
    assert_eq!(evs.len(), 2);
    assert_eq!(
        evs[1].location.as_ref().map(|l| l.country.as_str()),
        Some("NGA")
    );
}
