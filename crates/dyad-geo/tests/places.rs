//! The placement suite: `places.jsonl` parsed with the language model and
//! placed on the fixture gazetteer (`tests/fixture/places.tsv`). Every case
//! must pass: each names the rule it exercises, so deleting a rule fails
//! its cases.
//!
//! Needs the converted model (`scripts/fetch-model`); without it this test
//! fails and says so rather than passing silently.

mod common;

use dyad_geo::Geocoder;
use dyad_text::Pipeline;
use serde::Deserialize;

#[derive(Deserialize)]
struct Case {
    text: String,
    trigger: String,
    place: Option<String>,
    country: Option<String>,
    precision: Option<String>,
    rule: String,
}

#[test]
fn placement_suite() {
    let dir = dyad_text::model::default_dir();
    let pipe = Pipeline::load(&dir).unwrap_or_else(|e| {
        panic!("the placement suite needs the language model at {}: {e}\nrun scripts/fetch-model (or set DYAD_MODEL)", dir.display())
    });
    let geo = Geocoder::new(common::gazetteer());
    let mut failures = Vec::new();
    let mut n = 0;
    for (i, line) in include_str!("places.jsonl").lines().enumerate() {
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        n += 1;
        let case: Case =
            serde_json::from_str(line).unwrap_or_else(|e| panic!("places.jsonl:{}: {e}", i + 1));
        // Datelines are left out of the parse, as the coder does.
        let skip = dyad_ingest::find_dateline(&case.text).map_or(0, |d| d.len);
        let mut doc = pipe.analyze(&case.text[skip..]).unwrap();
        for t in &mut doc.tokens {
            t.start += skip;
            t.end += skip;
        }
        doc.text = case.text.clone();
        doc.invalidate_indexes();
        let Some(trigger) = (0..doc.tokens.len()).find(|&k| doc.token_text(k) == case.trigger)
        else {
            failures.push(format!("line {}: no token {:?}", i + 1, case.trigger));
            continue;
        };
        let got = geo.place_trigger(&doc, trigger);
        let got_t = got
            .as_ref()
            .map(|l| (l.name.clone(), l.country.clone(), l.precision.clone()));
        let want = case.place.clone().map(|p| {
            (
                p,
                case.country.clone().unwrap_or_default(),
                case.precision.clone().unwrap_or_default(),
            )
        });
        let rule_ok = match (&got, &case.place) {
            (Some(l), Some(_)) => l.rule == case.rule,
            _ => true,
        };
        if got_t != want || !rule_ok {
            failures.push(format!(
                "line {}: {:?} [{}]: want {:?} by {:?}, got {:?} by {:?}",
                i + 1,
                case.text,
                case.trigger,
                want,
                case.rule,
                got_t,
                got.as_ref().map(|l| l.rule.clone())
            ));
        }
    }
    assert!(n >= 20, "the suite must keep at least 20 cases, has {n}");
    assert!(
        failures.is_empty(),
        "{} of {n} placements wrong:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn odd_text_never_panics() {
    let dir = dyad_text::model::default_dir();
    let pipe = Pipeline::load(&dir).unwrap_or_else(|e| {
        panic!("this test needs the language model at {}: {e}\nrun scripts/fetch-model (or set DYAD_MODEL)", dir.display())
    });
    let geo = Geocoder::new(common::gazetteer());
    for text in [
        "",
        " ",
        "PARIS, - -",
        "KYIV, , Ukraine (AP) — in in in Paris, , ,Texas",
        "in Kano-based Kano-based in the the Gaza Strip Strip",
        "Gaza\u{0}Strip in Tbilisi 🙂 في بيروت",
        "Kano State State province region in the region of",
        "Paris, Texas, Georgia, Tbilisi, Atlanta, Lebanon, Tripoli, Libya,",
    ] {
        let doc = pipe.analyze(text).unwrap();
        let mut ev = dyad_event::Event {
            doc_id: "x".into(),
            sentence_index: 0,
            source: dyad_event::ActorRef {
                code: None,
                text: String::new(),
                span: (0, 0),
                reason: String::new(),
            },
            target: None,
            cameo: "010".into(),
            cameo_name: None,
            goldstein: None,
            quad_class: None,
            plover: None,
            story_date: None,
            date: dyad_event::EventDate {
                value: None,
                precision: None,
                start: None,
                rule: String::new(),
                span: None,
                lookback: None,
            },
            evidence: dyad_event::Evidence::default(),
            location: None,
        };
        // A trigger span that points at nothing is placed nowhere.
        ev.evidence.trigger_span = (usize::MAX - 1, usize::MAX);
        let mut evs = vec![ev.clone(), ev];
        if let Some(t) = doc.tokens.first() {
            evs[1].evidence.trigger_span = (t.start, t.end);
        }
        geo.place_events(&doc, &mut evs);
        assert!(evs[0].location.is_none());
        let _ = geo.explain(&doc).lines();
        for k in 0..doc.tokens.len() {
            let _ = geo.place_trigger(&doc, k);
        }
    }
}

#[test]
fn the_installed_gazetteer_when_present() {
    // Optional: the real GeoNames index (scripts/fetch-gazetteer). The
    // fixture tests above run everywhere; these only where it is installed.
    let t0 = std::time::Instant::now();
    let geo = match Geocoder::load_default() {
        Ok(g) => g,
        Err(dyad_geo::GazetteerError::Missing(p)) => {
            eprintln!("skipped: no gazetteer at {}", p.display());
            return;
        }
        Err(e) => panic!("{e}"),
    };
    eprintln!("loaded the installed gazetteer in {:?}", t0.elapsed());
    let g = geo.gazetteer();
    assert!(g.len() > 150_000, "{} places", g.len());
    assert!(g.lookup("Kiev").iter().any(|p| p.id == 703448));
    assert!(g.lookup("Tbilisi").iter().any(|p| p.id == 611717));
    let gaza = g.lookup("the Gaza Strip");
    assert!(gaza.iter().all(|p| p.cc == "PS") && !gaza.is_empty());
    let r = geo.resolve_names(
        "Protests in Georgia spread to Tbilisi.",
        &["Georgia", "Tbilisi"],
    );
    assert_eq!(r[0].as_deref(), Some("Georgia (GE, country)"));
    let r = geo.resolve_names("Police in Paris, Texas said.", &["Paris", "Texas"]);
    assert_eq!(r[0].as_deref(), Some("Paris (US, city)"));
}

#[test]
fn gold_set_on_the_installed_gazetteer_when_present() {
    // The gold set (data/gold/places.jsonl) needs the real GeoNames index;
    // where it is not installed this test says so and passes.
    let geo = match Geocoder::load_default() {
        Ok(g) => g,
        Err(dyad_geo::GazetteerError::Missing(p)) => {
            eprintln!("skipped: no gazetteer at {}", p.display());
            return;
        }
        Err(e) => panic!("{e}"),
    };
    let dir = dyad_text::model::default_dir();
    let pipe = Pipeline::load(&dir)
        .unwrap_or_else(|e| panic!("needs the language model at {}: {e}", dir.display()));
    let cases =
        dyad_geo::eval::parse_gold(include_str!("../data/gold/places.jsonl"), "places.jsonl")
            .unwrap();
    assert!(cases.len() >= 100, "{} cases", cases.len());
    let mut report = dyad_geo::eval::Report::default();
    for case in cases {
        let skip = dyad_ingest::find_dateline(&case.text).map_or(0, |d| d.len);
        let mut doc = pipe.analyze(&case.text[skip..]).unwrap();
        for t in &mut doc.tokens {
            t.start += skip;
            t.end += skip;
        }
        doc.text = case.text.clone();
        doc.invalidate_indexes();
        let k = (0..doc.tokens.len()).find(|&k| doc.token_text(k) == case.trigger);
        let got = k.and_then(|k| geo.place_trigger(&doc, k));
        let correct = k.is_some() && dyad_geo::eval::judge(&case, got.as_ref());
        report
            .outcomes
            .push(dyad_geo::eval::Outcome { case, got, correct });
    }
    let (p, u) = (report.placed(), report.unplaced());
    eprintln!("gold: placed {p:?}, unplaced {u:?}");
    assert!(dyad_geo::eval::percent(p) >= 85.0, "placed {p:?}");
    assert!(dyad_geo::eval::percent(u) >= 95.0, "unplaced {u:?}");
}
