//! Dictionary files: parsing, errors with file and line, overrides, PETRARCH format.

use std::path::Path;

use dyad_kb::{Date, DictFormat, EntryKind, KnowledgeBase};

fn fixtures() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures"))
}

fn d(y: i32, m: u32, day: u32) -> Date {
    Date::from_ymd_opt(y, m, day).unwrap()
}

#[test]
fn builtin_dictionaries_load() {
    let kb = KnowledgeBase::builtin().expect("built-in data parses");
    let countries = kb
        .entries()
        .iter()
        .filter(|e| e.kind == EntryKind::Country)
        .count();
    assert!(countries >= 200, "{countries} countries");
    assert!(kb.entries().iter().any(|e| e.kind == EntryKind::Agent));
    assert!(kb
        .entries()
        .iter()
        .any(|e| e.kind == EntryKind::Organisation && e.name == "Taliban"));
}

#[test]
fn people_blocks_parse_with_windows() {
    let kb = KnowledgeBase::builder()
        .builtin_core()
        .unwrap()
        .add_path(&fixtures().join("people.txt"))
        .unwrap()
        .build();
    let putin = kb
        .entries()
        .iter()
        .position(|e| e.name == "Vladimir Putin")
        .unwrap() as u32;
    let e = kb.entry(putin);
    assert_eq!(e.kind, EntryKind::Person);
    assert_eq!(e.windows.len(), 3);
    assert_eq!(e.windows[2].to, None);
    assert_eq!(e.windows[1].label, "Prime Minister");
    assert_eq!(
        kb.code_at(putin, d(2010, 1, 1)).code.as_deref(),
        Some("RUSGOV")
    );
    // Month precision: "2018-03" starts on the 1st, "2021-12" ends on the 31st.
    let scholz = kb
        .entries()
        .iter()
        .position(|e| e.name == "Olaf Scholz")
        .unwrap() as u32;
    assert!(kb.code_at(scholz, d(2018, 3, 1)).current);
    assert!(!kb.code_at(scholz, d(2018, 2, 28)).current);
}

#[test]
fn malformed_lines_are_errors_naming_file_and_line() {
    let err = KnowledgeBase::builder()
        .add_path(&fixtures().join("bad/people.txt"))
        .err()
        .expect("error");
    let msg = err.to_string();
    assert!(msg.contains("bad/people.txt:5"), "{msg}");
    assert!(msg.contains("2001-13-01"), "{msg}");

    let mut b = KnowledgeBase::builder();
    for (fmt, text, line) in [
        (DictFormat::People, "    alias: X\n", 1),
        (
            DictFormat::People,
            "Name Only\n    RUSGOV\n\nOther\n    RUSGOV 2000\n",
            5,
        ),
        (DictFormat::People, "Someone\n    rusgov - -\n", 2),
        (DictFormat::People, "Someone\n    RUSGOV 2010 2009\n", 2),
        (DictFormat::People, "No Code\n", 1),
        (DictFormat::Countries, "RU Russia\n", 1),
        (DictFormat::Countries, "RUS Russia\n    nickname: Rus\n", 2),
        (DictFormat::Agents, "# roles\nMIL troops\n", 2),
        (DictFormat::Agents, "mil: troops\n", 1),
        (DictFormat::PetrarchActors, "+SYNONYM_FIRST\n", 1),
        (DictFormat::PetrarchActors, "ACTOR [ABC 9901-990101]\n", 1),
        (DictFormat::PetrarchAgents, "SOLDIER [~MIL\n", 1),
    ] {
        let err = b
            .add_text(fmt, "user.txt", text)
            .err()
            .unwrap_or_else(|| panic!("{text:?} should fail"));
        // Every bad line of the text is listed (here "Other" also lacks a code line).
        assert!(
            err.bad_lines()
                .iter()
                .any(|b| b.to_string().starts_with(&format!("user.txt:{line}:"))),
            "{text:?}: {err}"
        );
    }
}

#[test]
fn a_user_entry_overrides_a_builtin_one() {
    let date = d(2024, 1, 1);
    let builtin = KnowledgeBase::builder().builtin_core().unwrap().build();
    assert_eq!(
        builtin.resolve("Hamas", None, date).code.as_deref(),
        Some("PSEREB")
    );
    let kb = KnowledgeBase::builder()
        .builtin_core()
        .unwrap()
        .add_path(&fixtures().join("user"))
        .unwrap()
        .build();
    let r = kb.resolve("Hamas", None, date);
    assert_eq!(r.code.as_deref(), Some("PSEGOV"), "{}", r.reason);
    assert!(r.reason.contains("user/organisations.txt"), "{}", r.reason);
    // The built-in entry is gone entirely, with its other aliases.
    assert!(kb
        .resolve("Harakat al-Muqawama al-Islamiya", None, date)
        .code
        .is_none());
    // New user entries work with built-in agents.
    assert_eq!(
        kb.resolve("RLF", None, date).code.as_deref(),
        Some("RURREB")
    );
    assert_eq!(
        kb.resolve("Ruritanian troops", None, date).code.as_deref(),
        Some("RURMIL")
    );
    assert_eq!(
        kb.resolve("Strelsau", None, date).code.as_deref(),
        Some("RURGOV")
    );
}

#[test]
fn unknown_file_names_are_refused() {
    let err = KnowledgeBase::builder()
        .add_path(Path::new("/tmp/whatever.csv"))
        .err()
        .unwrap();
    assert!(
        err.to_string()
            .contains("cannot tell the dictionary format"),
        "{err}"
    );
}

#[test]
fn petrarch_dictionaries_load_into_the_same_structures() {
    let kb = KnowledgeBase::builder()
        .builtin_core()
        .unwrap()
        .add_path(&fixtures().join("sample.actors.txt"))
        .unwrap()
        .add_path(&fixtures().join("sample.agents.txt"))
        .unwrap()
        .add_path(&fixtures().join("sample.discards.txt"))
        .unwrap()
        .build();
    let code = |p: &str, y| kb.resolve(p, None, d(y, 6, 1)).code;
    assert_eq!(code("Freedonia", 2000).as_deref(), Some("FRD"));
    assert_eq!(code("the Freedonians", 2000).as_deref(), Some("FRD"));
    assert_eq!(code("Rufus T. Firefly", 1930).as_deref(), Some("FRDELI"));
    assert_eq!(code("Firefly", 1934).as_deref(), Some("FRDGOV"));
    assert_eq!(code("Rufus T. Firefly", 1937).as_deref(), Some("FRDELI"));
    assert_eq!(code("Trentino", 1932).as_deref(), Some("SYLGOV"));
    assert_eq!(code("Sylvanian Army", 2000).as_deref(), Some("SYLMIL"));
    // Agents: plain, with a substitution set, with an explicit plural, prefix form.
    assert_eq!(
        code("Freedonian border guards", 2000).as_deref(),
        Some("FRDCOP")
    );
    assert_eq!(
        code("Freedonian radiowomen", 2000).as_deref(),
        Some("FRDMED")
    );
    assert_eq!(
        code("Sylvanian ministers of silly walks", 2000).as_deref(),
        Some("SYLGOV")
    );
    assert_eq!(
        code("Sylvanian aid worker", 2000).as_deref(),
        Some("SYLNGO")
    );
    // `---` and discards: not actors.
    let r = kb.resolve("not an actor", None, d(2000, 1, 1));
    assert!(r.code.is_none(), "{r:?}");
    let r = kb.resolve("Grand Duchy Chess Club", None, d(2000, 1, 1));
    assert!(r.code.is_none() && r.reason.contains("discarded"), "{r:?}");
}

/// The PETRARCH-2 production dictionaries, where present beside the repository.
#[test]
fn petrarch_production_files_load_when_present() {
    let dir =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/reference/petrarch/production");
    if !dir.exists() {
        eprintln!("skipped: {} absent", dir.display());
        return;
    }
    let mut b = KnowledgeBase::builder();
    for f in ["Phoenix.agents.txt", "Phoenix.MilNonState.actors.txt"] {
        b = b
            .add_path(&dir.join(f))
            .unwrap_or_else(|e| panic!("{f}: {e}"));
    }
    let kb = b.build();
    assert!(kb.key_count() > 1000);
    // Entries without a code are skipped with a warning naming the line.
    assert!(
        kb.warnings()
            .iter()
            .any(|w| w.contains("Phoenix.agents.txt:")),
        "{:?}",
        kb.warnings()
    );
    let r = kb.resolve("Boko Haram", None, Date::from_ymd_opt(2014, 1, 1).unwrap());
    assert_eq!(r.code.as_deref(), Some("NGAREB"));
}
