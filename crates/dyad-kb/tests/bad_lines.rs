//! Malformed dictionary lines: strict loading reports every one of them in
//! one pass and fails; lenient loading skips them, lists them, and loads the
//! rest. The production PETRARCH dictionaries, which have a few such lines,
//! load leniently (only where `../shared` is present).

use std::path::{Path, PathBuf};

use dyad_kb::{Date, KbError, KnowledgeBase, LoadMode, LENIENT_HINT};

fn malformed(name: &str) -> PathBuf {
    Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/malformed"
    ))
    .join(name)
}

fn d(y: i32, m: u32, day: u32) -> Date {
    Date::from_ymd_opt(y, m, day).unwrap()
}

/// Each fixture and the lines of it that are malformed.
const EXPECTED: &[(&str, &[usize])] = &[
    ("countries.txt", &[4, 5, 9]),
    ("people.txt", &[4, 5, 6, 8, 11]),
    ("agents.txt", &[3, 4]),
    ("sample.actors.txt", &[3, 7, 8, 10]),
    ("sample.agents.txt", &[3, 5, 6]),
];

fn lines_of(err: &KbError, file: &str) -> Vec<usize> {
    err.bad_lines()
        .iter()
        .filter(|b| Path::new(&b.file).file_name() == Some(file.as_ref()))
        .map(|b| b.line)
        .collect()
}

#[test]
fn strict_loading_reports_every_bad_line_of_every_file_at_once() {
    let paths: Vec<PathBuf> = EXPECTED.iter().map(|(f, _)| malformed(f)).collect();
    let err = KnowledgeBase::load_with(&paths, LoadMode::Strict)
        .err()
        .expect("strict loading fails");
    for (file, lines) in EXPECTED {
        assert_eq!(lines_of(&err, file), *lines, "{file}: {err}");
    }
    let total: usize = EXPECTED.iter().map(|(_, l)| l.len()).sum();
    let msg = err.to_string();
    assert_eq!(msg.lines().count(), total + 1, "{msg}");
    assert!(msg.ends_with(LENIENT_HINT), "{msg}");
    // Each line names file and line, and says what is expected.
    assert!(
        msg.contains("countries.txt:4: unknown field \"nickname\""),
        "{msg}"
    );
    assert!(msg.contains("bad PETRARCH date \"3301011\""), "{msg}");
    // The plain `load` is strict too.
    assert!(KnowledgeBase::load(&paths).is_err());
}

#[test]
fn a_directory_is_read_in_full_before_failing() {
    let err = KnowledgeBase::builder()
        .add_path(&malformed(""))
        .err()
        .expect("strict builder fails");
    for (file, lines) in EXPECTED {
        assert_eq!(lines_of(&err, file), *lines, "{file}: {err}");
    }
}

#[test]
fn lenient_loading_skips_bad_lines_and_loads_the_rest() {
    let paths: Vec<PathBuf> = EXPECTED.iter().map(|(f, _)| malformed(f)).collect();
    let kb = KnowledgeBase::load_with(&paths, LoadMode::Lenient).expect("lenient loads");
    let total: usize = EXPECTED.iter().map(|(_, l)| l.len()).sum();
    assert_eq!(kb.skipped().len(), total);
    for b in kb.skipped() {
        assert!(
            kb.warnings()
                .iter()
                .any(|w| w.starts_with(&b.to_string()) && w.ends_with("(skipped)")),
            "{b} not among the warnings"
        );
    }
    let code = |p: &str| kb.resolve(p, None, d(1934, 1, 1)).code;
    // Good lines around the bad ones load.
    assert_eq!(code("Trentine").as_deref(), Some("TRE"));
    // The alias of a dropped block ("Ambassador Trentino") does not stay behind.
    assert_eq!(code("Trentino").as_deref(), Some("TRE"));
    assert_eq!(
        code("the grenadiers of Trentino").as_deref(),
        Some("TREMIL")
    );
    let on = |p: &str, date| kb.resolve(p, None, date).code;
    assert_eq!(
        on("Chicolini Pinky", d(1931, 6, 1)).as_deref(),
        Some("FRDSPY")
    );
    // The PETRARCH Firefly (a later file) keeps the windows around his bad ones.
    assert_eq!(
        on("Rufus T. Firefly", d(1932, 1, 1)).as_deref(),
        Some("FRDELI")
    );
    assert_eq!(
        on("Rufus T. Firefly", d(1937, 1, 1)).as_deref(),
        Some("FRDELI")
    );
    assert_eq!(code("Sylvanian army").as_deref(), Some("SYLMIL"));
    assert_eq!(code("Freedonia border guards").as_deref(), Some("FRDCOP"));
    assert_eq!(code("Freedonia heraldwoman").as_deref(), Some("FRDMED"));
    assert_eq!(code("Freedonia bailiffs").as_deref(), Some("FRDGOV"));
    // Bad headers take their blocks with them; entries without a code are dropped.
    assert_eq!(code("Sylva"), None);
    assert_eq!(code("Nobody"), None);
    assert!(kb.entries().iter().all(|e| !e.windows.is_empty()));
}

fn production_dir() -> Option<PathBuf> {
    let p = PathBuf::from(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../../shared/reference/petrarch/production"
    ));
    if p.is_dir() {
        Some(p)
    } else {
        eprintln!(
            "note: {} is absent: production PETRARCH dictionary test skipped",
            p.display()
        );
        None
    }
}

#[test]
fn production_petrarch_dictionaries_load_leniently() {
    let Some(dir) = production_dir() else {
        return;
    };
    let paths: Vec<PathBuf> = [
        "Phoenix.Countries.actors.txt",
        "Phoenix.International.actors.txt",
        "Phoenix.MilNonState.actors.txt",
        "Phoenix.agents.txt",
    ]
    .iter()
    .map(|f| dir.join(f))
    .collect();
    let strict = KnowledgeBase::load_with(&paths, LoadMode::Strict)
        .err()
        .expect("the production files have malformed lines");
    let kb = KnowledgeBase::load_with(&paths, LoadMode::Lenient).expect("lenient loads");
    for b in kb.skipped() {
        eprintln!("skipped {b}");
    }
    eprintln!(
        "{} warnings in all (actors without a code included)",
        kb.warnings().len()
    );
    assert_eq!(strict.bad_lines(), kb.skipped());
    assert!(
        (1..=20).contains(&kb.skipped().len()),
        "{} skipped lines",
        kb.skipped().len()
    );
    assert!(
        kb.entries().len() > 30_000,
        "{} entries",
        kb.entries().len()
    );
    let r = kb.resolve("Ban Ki-moon", None, d(2010, 1, 1));
    assert!(r.code.is_some(), "{r:?}");
}
