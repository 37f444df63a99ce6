//! The expression suite: every row of `expressions.tsv` must come out of
//! `find_expressions` with the expected span, value and precision.

use dyad_time::{expr::precision_name, find_expressions, Date, Tense};

#[test]
fn expression_table() {
    let table = include_str!("expressions.tsv");
    let mut rows = 0;
    let mut failures = Vec::new();
    for (n, line) in table.lines().enumerate() {
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let f: Vec<&str> = line.split('\t').collect();
        assert_eq!(
            f.len(),
            6,
            "expressions.tsv line {}: expected 6 tab-separated fields",
            n + 1
        );
        let story: Option<Date> =
            match f[0] {
                "-" => None,
                s => Some(s.parse().unwrap_or_else(|e| {
                    panic!("expressions.tsv line {}: bad date {s:?}: {e}", n + 1)
                })),
            };
        let tense = match f[1] {
            "past" => Tense::Past,
            "present" => Tense::Present,
            "future" => Tense::Future,
            t => panic!("expressions.tsv line {}: bad tense {t:?}", n + 1),
        };
        let (text, span, value, precision) = (f[2], f[3], f[4], f[5]);
        rows += 1;
        let found = find_expressions(text, story, tense);
        let got: Vec<String> = found
            .iter()
            .map(|e| {
                format!(
                    "{:?}={} {}",
                    &text[e.start..e.end],
                    e.canonical(),
                    precision_name(e.precision)
                )
            })
            .collect();
        let ok = if span == "-" {
            found.is_empty()
        } else {
            found.iter().any(|e| {
                &text[e.start..e.end] == span
                    && e.canonical() == value
                    && precision_name(e.precision) == precision
            })
        };
        if !ok {
            failures.push(format!(
                "line {}: {text:?} (story {}, {}): want {span:?}={value} {precision}, got [{}]",
                n + 1,
                f[0],
                f[1],
                got.join(", ")
            ));
        }
    }
    assert!(
        rows >= 150,
        "the suite must keep at least 150 expressions, has {rows}"
    );
    assert!(
        failures.is_empty(),
        "{} of {rows} rows failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
