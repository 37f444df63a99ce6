//! The event-date suite: `event_dates.jsonl` parsed with the language model
//! and dated with `date_event`; at least 90% must be right.
//!
//! Needs the converted model (`scripts/fetch-model`); without it this test
//! fails and says so rather than passing silently.

use std::path::Path;

use dyad_text::Pipeline;
use dyad_time::eval;

#[test]
fn event_dates_at_least_90_percent() {
    let dir = dyad_text::model::default_dir();
    let pipe = Pipeline::load(&dir).unwrap_or_else(|e| {
        panic!("the event-date suite needs the language model at {}: {e}\nrun scripts/fetch-model (or set DYAD_MODEL)", dir.display())
    });
    let cases = eval::parse_cases(
        include_str!("event_dates.jsonl"),
        Path::new("tests/event_dates.jsonl"),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    assert!(
        cases.len() >= 60,
        "the suite must keep at least 60 sentences, has {}",
        cases.len()
    );
    let report = eval::evaluate(&cases, |t| pipe.analyze(t));
    let misses: Vec<String> = report
        .outcomes
        .iter()
        .filter(|o| !o.correct)
        .map(|o| {
            format!(
                "line {}: {:?} [{}]: want {}, got {} ({})",
                o.line, o.text, o.trigger, o.expected, o.got, o.rule
            )
        })
        .collect();
    println!(
        "event dates: {}/{} ({:.1}%)\n{}",
        report.correct,
        report.cases,
        report.percent(),
        misses.join("\n")
    );
    assert!(
        report.percent() >= 90.0,
        "event dates {:.1}% < 90%:\n{}",
        report.percent(),
        misses.join("\n")
    );
}

#[test]
fn bad_case_files_name_the_line() {
    let p = Path::new("cases.jsonl");
    let err = eval::parse_cases("# c\n{\"story_date\": \"2024-02-30\", \"text\": \"x\", \"trigger\": \"x\", \"value\": \"?\", \"precision\": \"day\"}\n", p)
        .unwrap_err()
        .to_string();
    assert!(err.starts_with("cases.jsonl:2:"), "{err}");
    let err = eval::parse_cases("{\"story_date\": \"2024-02-03\", \"text\": \"x\", \"trigger\": \"x\", \"value\": \"?\", \"precision\": \"fortnight\"}", p)
        .unwrap_err()
        .to_string();
    assert!(err.contains("unknown precision"), "{err}");
    assert!(eval::parse_cases("not json", p).is_err());
}
