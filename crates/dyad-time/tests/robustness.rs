//! Bad and odd input: random mixes of date words, numbers and punctuation
//! must never panic, and every expression must be a valid, ordered,
//! non-overlapping span with dates in the accepted calendar range.

use dyad_time::{find_expressions, Date, Tense, Value};

const PIECES: &[&str] = &[
    "on",
    "in",
    "last",
    "next",
    "this",
    "the",
    "of",
    "since",
    "from",
    "to",
    "between",
    "and",
    "early",
    "mid",
    "-",
    "late",
    "end",
    "March",
    "May",
    "Feb.",
    "February",
    "Tuesday",
    "Sunday",
    "yesterday",
    "overnight",
    "night",
    "week",
    "weeks",
    "month",
    "year",
    "years",
    "decade",
    "ago",
    "earlier",
    "later",
    "for",
    "first",
    "time",
    "more",
    "than",
    "a",
    "two",
    "twenty",
    "-",
    "five",
    "29",
    "30",
    "31",
    "0",
    "1990s",
    "'90s",
    "2024",
    "99999",
    "1/2",
    "13/13/2024",
    "2/29/2023",
    "2024-02-30",
    "2024-02-29",
    "3rd",
    ",",
    ".",
    "’s",
    "'s",
    "é",
    "—",
    "summer",
    "winter",
    "previous",
    "following",
    "day",
    "before",
    "after",
    "since",
    "9999999999",
    "1000",
    "2999",
    "3000",
];

/// A small deterministic generator (xorshift), so failures reproduce.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
}

#[test]
fn random_mixes_never_panic_and_spans_are_sane() {
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let stories: [Option<Date>; 4] = [
        "2024-02-29".parse().ok(),
        "2023-12-31".parse().ok(),
        "1000-01-01".parse().ok(),
        None,
    ];
    let min: Date = "1000-01-01".parse().unwrap();
    let max: Date = "2999-12-31".parse().unwrap();
    for round in 0..20_000 {
        let n = (rng.next() % 9) as usize;
        let mut text = String::new();
        for _ in 0..n {
            let p = PIECES[(rng.next() % PIECES.len() as u64) as usize];
            if !rng.next().is_multiple_of(3) {
                text.push(' ');
            }
            text.push_str(p);
        }
        let story = stories[round % stories.len()];
        let tense = [Tense::Past, Tense::Present, Tense::Future][round % 3];
        let found = find_expressions(&text, story, tense);
        let mut last_end = 0;
        for e in &found {
            assert!(
                e.start < e.end && e.end <= text.len(),
                "{text:?}: bad span {e}"
            );
            assert!(
                text.is_char_boundary(e.start) && text.is_char_boundary(e.end),
                "{text:?}: {e}"
            );
            assert!(e.start >= last_end, "{text:?}: overlapping expressions");
            last_end = e.end;
            if let Value::Dates { start, end } = e.value {
                assert!(start <= end, "{text:?}: {e}");
                assert!(
                    start >= min && end <= max,
                    "{text:?}: {e} outside the calendar range"
                );
            }
            let _ = e.canonical();
        }
    }
}
