//! The JSON form is a contract: every line `dyad code` prints reads back
//! into an [`Event`] that prints the very same bytes.
//!
//! `tests/data/events.jsonl` is `dyad code --example` output plus
//! hand-written lines for the shapes the example lacks (no target, unknown
//! actor, unknown code, intent, look-back, non-ASCII and escaped text). Set
//! `DYAD_EVENT_ROUND_TRIP=FILE` to check another `dyad code` output too.

use dyad_event::{Event, Mood};

fn round_trip(origin: &str, text: &str) -> usize {
    let mut n = 0;
    for (i, line) in text.lines().enumerate() {
        if line.is_empty() {
            continue;
        }
        let e: Event =
            serde_json::from_str(line).unwrap_or_else(|err| panic!("{origin}:{}: {err}", i + 1));
        let back = serde_json::to_string(&e).unwrap();
        assert_eq!(back, line, "{origin}:{}", i + 1);
        n += 1;
    }
    n
}

#[test]
fn committed_sample_round_trips_byte_for_byte() {
    let text = include_str!("data/events.jsonl");
    let n = round_trip("tests/data/events.jsonl", text);
    assert!(n >= 20, "sample too small: {n} lines");
    // The sample covers the shapes that have their own serde handling.
    let events: Vec<Event> = text
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert!(events.iter().any(|e| e.target.is_none()));
    assert!(events
        .iter()
        .any(|e| e.target.as_ref().is_some_and(|t| t.code.is_none())));
    assert!(events
        .iter()
        .any(|e| e.goldstein.is_none() && e.quad_class.is_none()));
    assert!(events.iter().any(|e| e.plover.is_none()));
    assert!(events
        .iter()
        .any(|e| e.plover.as_ref().is_some_and(|p| p.mode.is_some())));
    assert!(events.iter().any(|e| e.evidence.mood == Mood::Intent));
    assert!(events.iter().any(|e| e.date.lookback.is_some()));
    assert!(events.iter().any(|e| e.date.span.is_none()));
    assert!(events.iter().any(|e| e.story_date.is_none()));
    assert!(events.iter().any(|e| e.story_date.is_some()));
}

#[test]
fn other_output_round_trips_when_given() {
    if let Some(path) = std::env::var_os("DYAD_EVENT_ROUND_TRIP") {
        let text = std::fs::read_to_string(&path).unwrap();
        let n = round_trip(&path.to_string_lossy(), &text);
        eprintln!("{n} events round-tripped from {}", path.to_string_lossy());
    }
}

#[test]
fn goldstein_scores_print_as_they_read() {
    // Scores are f32 printed shortest-form; reading one back (through f64)
    // must give the same f32, or a stored event would print differently.
    for tenths in -100..=100 {
        let s = format!("{:.1}", tenths as f64 / 10.0);
        let g: f32 = s.parse().unwrap();
        let json = serde_json::to_string(&g).unwrap();
        let back: f32 = serde_json::from_str(&json).unwrap();
        assert_eq!(back.to_bits(), g.to_bits(), "{s}");
        assert_eq!(serde_json::to_string(&back).unwrap(), json);
    }
}

#[test]
fn the_start_day_is_not_serialized() {
    let line = include_str!("data/events.jsonl").lines().next().unwrap();
    let mut e: Event = serde_json::from_str(line).unwrap();
    assert_eq!(e.date.start, None);
    e.date.start = chrono::NaiveDate::from_ymd_opt(2024, 3, 14);
    assert_eq!(serde_json::to_string(&e).unwrap(), line);
}

#[test]
fn older_lines_without_a_location_read_as_none() {
    let line = include_str!("data/events.jsonl").lines().next().unwrap();
    let old = line.replace(r#","location":null}"#, "}");
    assert_ne!(old, line);
    let e: Event = serde_json::from_str(&old).unwrap();
    assert_eq!(e.location, None);
    let placed = include_str!("data/events.jsonl").lines().last().unwrap();
    let e: Event = serde_json::from_str(placed).unwrap();
    let l = e.location.unwrap();
    assert_eq!(
        (l.name.as_str(), l.country.as_str(), l.geonames_id),
        ("Nairobi", "KEN", Some(184745))
    );
}
