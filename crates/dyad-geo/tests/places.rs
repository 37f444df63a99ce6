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
