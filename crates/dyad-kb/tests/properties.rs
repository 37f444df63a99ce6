//! Property tests: no dictionary reader, date parser, normaliser, actor
//! resolution or ontology lookup may panic or hang, whatever the input.
//!
//! Inputs mix arbitrary Unicode with the pieces that break text code:
//! combining marks, right-to-left text and controls, emoji with ZWJ,
//! U+2028, NUL, a BOM, and each format's own syntax characters.
//! Cases per property: proptest's default (256), or `PROPTEST_CASES`.
//! Crashes found are kept below as named regression tests.

use std::sync::OnceLock;

use dyad_kb::dict::{derive_surnames, plural};
use dyad_kb::norm;
use dyad_kb::{
    parse_date, parse_user_date, ArticleContext, Bound, Date, DictFormat, KnowledgeBase, LoadMode,
    Ontology, SegmentKind,
};
use proptest::prelude::*;

/// Pieces of text that are hard on string code, and dictionary syntax.
const NASTY: &[&str] = &[
    "\u{301}",
    "e\u{301}",
    "\u{202e}",
    "\u{200f}",
    "مصر",
    "ישראל",
    "👨\u{200d}👩\u{200d}👧",
    "🇺🇸",
    "\u{2028}",
    "\u{0}",
    "\u{feff}",
    "İ",
    "ß",
    "ﬁ",
    "Ⅻ",
    "\t",
    " ",
    "  ",
    "\r",
    "_",
    "+",
    "[",
    "]",
    "{",
    "}",
    "(",
    ")",
    "<",
    ">",
    "-",
    "--",
    "---",
    "!",
    "!X!",
    "=",
    "#",
    "<!--",
    "-->",
    ":",
    ";",
    "/",
    "|",
    "~",
    "*",
    "$",
    "%",
    "^",
    "&",
    ",",
    ".",
    "'",
    "'s",
    "’",
    "alias:",
    "capital:",
    "place:",
    "surname:",
    "surname: -",
    "RUS",
    "RUSGOV",
    "IGOUNO",
    "---",
    "GOV",
    "MIL",
    "2012",
    "2012-05",
    "2012-05-07",
    "1999-13-40",
    "070723",
    "19950601",
    "9008223",
    ">",
    "<",
    "0",
    "00",
    "99",
    "Putin",
    "Vladimir",
    "the",
    "of",
    "and",
    "former",
    "pro-",
    "anti-",
    "Mr.",
    "U.S.",
    "al-",
    "Le",
    "Xi",
    "Kim",
    "Jr",
    "VI",
];

/// One "word": a nasty piece, an ASCII word, or arbitrary Unicode.
fn piece() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => prop::sample::select(NASTY).prop_map(str::to_string),
        2 => "[A-Za-z]{1,8}",
        1 => any::<String>(),
        1 => prop::collection::vec(any::<char>(), 0..6).prop_map(|v| v.into_iter().collect()),
    ]
}

/// A phrase: pieces run together or separated by spaces.
fn phrase() -> impl Strategy<Value = String> {
    prop::collection::vec((piece(), prop::bool::ANY), 0..12).prop_map(|v| {
        v.into_iter()
            .map(|(p, space)| if space { format!("{p} ") } else { p })
            .collect()
    })
}

/// Dictionary-like text: lines, some indented, of phrases.
fn dict_text() -> impl Strategy<Value = String> {
    prop::collection::vec(
        (
            prop::sample::select(&["", "    ", "\t", "+", "!"][..]),
            phrase(),
        ),
        0..24,
    )
    .prop_map(|lines| {
        lines
            .into_iter()
            .map(|(indent, l)| format!("{indent}{l}\n"))
            .collect()
    })
}

fn date() -> impl Strategy<Value = Date> {
    (-5000i32..5000, 1u32..=12, 1u32..=31).prop_map(|(y, m, d)| {
        Date::from_ymd_opt(y, m, d)
            .or_else(|| Date::from_ymd_opt(y, m, 28))
            .unwrap_or(Date::MIN)
    })
}

const FORMATS: &[DictFormat] = &[
    DictFormat::Countries,
    DictFormat::Organisations,
    DictFormat::People,
    DictFormat::Agents,
    DictFormat::PetrarchActors,
    DictFormat::PetrarchAgents,
    DictFormat::PetrarchDiscards,
];

fn builtin() -> &'static KnowledgeBase {
    static KB: OnceLock<KnowledgeBase> = OnceLock::new();
    KB.get_or_init(|| KnowledgeBase::builtin().expect("built-in dictionaries load"))
}

/// Loads `text` in `format`, both strictly and leniently, then looks up
/// and resolves phrases in the result.
fn load_everything(format: DictFormat, text: &str, probe: &str, on: Date) {
    let mut strict = KnowledgeBase::builder();
    let strict_bad = strict
        .add_text(format, "fuzz.txt", text)
        .err()
        .map_or(0, |e| e.bad_lines().len());
    let mut b = KnowledgeBase::builder().mode(LoadMode::Lenient);
    b.add_text(format, "fuzz.txt", text)
        .expect("lenient loading never fails on content");
    assert_eq!(
        b.skipped().len(),
        strict_bad,
        "both modes find the same bad lines"
    );
    let kb = b.build();
    for id in 0..kb.entries().len() as u32 {
        kb.code_at(id, on);
    }
    kb.resolve(probe, Some(text), on);
    for line in text.lines().take(4) {
        kb.resolve(line, None, on);
    }
}

proptest! {
    #[test]
    fn dictionary_readers_never_panic(
        fmt in prop::sample::select(FORMATS),
        text in dict_text(),
        probe in phrase(),
        on in date(),
    ) {
        load_everything(fmt, &text, &probe, on);
    }

    #[test]
    fn dictionary_readers_survive_arbitrary_text(
        fmt in prop::sample::select(FORMATS),
        text in any::<String>(),
        on in date(),
    ) {
        load_everything(fmt, &text, &text, on);
    }

    #[test]
    fn dates_never_panic(s in phrase(), raw in any::<String>()) {
        for x in [s.as_str(), raw.as_str()] {
            parse_date(x, Bound::Start);
            parse_date(x, Bound::End);
            parse_user_date(x);
        }
    }

    #[test]
    fn well_formed_dates_parse(y in 0i32..10000, m in 1u32..=12, d in 1u32..=28) {
        let s = format!("{y:04}-{m:02}-{d:02}");
        prop_assert_eq!(parse_date(&s, Bound::Start), Date::from_ymd_opt(y, m, d));
        prop_assert_eq!(parse_user_date(&s), Date::from_ymd_opt(y, m, d));
        let end = parse_date(&format!("{y:04}-{m:02}"), Bound::End);
        prop_assert!(end.is_some_and(|e| e >= Date::from_ymd_opt(y, m, d).unwrap()));
    }

    #[test]
    fn resolution_never_panics(
        p in phrase(),
        ctx in proptest::option::of(phrase()),
        on in date(),
    ) {
        let kb = builtin();
        let mut memory = ArticleContext::new();
        let r = kb.resolve_in(&p, ctx.as_deref(), on, &mut memory);
        if let Some((s, e)) = r.span {
            prop_assert!(p.get(s..e).is_some(), "span {s}..{e} is not a slice of {p:?}");
        }
        // A second mention in the same article uses the memory.
        kb.resolve_in(&p, None, on, &mut memory);
        let toks: Vec<&str> = p.split_whitespace().collect();
        kb.find_mentions(&toks);
    }

    #[test]
    fn resolution_of_arbitrary_unicode_never_panics(p in any::<String>(), on in date()) {
        builtin().resolve(&p, Some(&p), on);
    }

    #[test]
    fn normalisation_never_panics(p in phrase()) {
        for t in norm::tokenize(&p) {
            prop_assert!(p.get(t.start..t.end).is_some(), "{t:?} not a slice of {p:?}");
        }
        norm::key(&p);
        norm::bare_key(&p);
        norm::is_short_acronym(&p);
        plural(&p);
        plural(&norm::key(&p));
    }

    #[test]
    fn surname_derivation_never_panics(name in phrase(), country in piece()) {
        derive_surnames(&name, &country);
    }

    #[test]
    fn ontology_lookups_never_panic(code in piece(), more in phrase()) {
        let ont = Ontology::builtin();
        for c in [code.as_str(), more.as_str()] {
            ont.event(c);
            ont.plover_type(c);
            ont.segment(c);
            ont.is(c, SegmentKind::Role);
            let parts = ont.parse_actor_code(c);
            prop_assert!(parts.segments.iter().all(|s| c.contains(s.as_str())));
        }
    }
}

// Regression tests: inputs that are extreme by length, and crashes found.

/// A token of 100,000 characters, of each awkward kind.
fn long_tokens() -> Vec<String> {
    vec![
        "a".repeat(100_000),
        "é".repeat(100_000),
        "e\u{301}".repeat(50_000),
        "👨\u{200d}👩\u{200d}👧".repeat(20_000),
        "مصر".repeat(33_000),
        "[".repeat(100_000),
        "_".repeat(100_000),
        "U.".repeat(50_000),
        "\u{0}".repeat(100_000),
    ]
}

/// Long phrases of many short tokens: coordination, appositions,
/// prepositions and names, which resolution splits and looks up.
fn long_phrases() -> Vec<String> {
    vec![
        "France and ".repeat(10_000),
        "Russia, ".repeat(10_000),
        "troops of ".repeat(10_000),
        "former ".repeat(10_000),
        "pro-Russia anti-".repeat(5_000),
        "Vladimir V. Putin ".repeat(5_000),
        "U.S. ".repeat(10_000),
        "( [ ".repeat(10_000),
    ]
}

#[test]
fn long_phrases_resolve() {
    let kb = builtin();
    let on = Date::from_ymd_opt(2024, 1, 1).unwrap();
    let mut memory = ArticleContext::new();
    for p in long_phrases() {
        kb.resolve_in(&p, Some(&p), on, &mut memory);
    }
}

#[test]
fn very_long_tokens_resolve() {
    let kb = builtin();
    let on = Date::from_ymd_opt(2024, 1, 1).unwrap();
    for t in long_tokens() {
        kb.resolve(&t, Some(&t), on);
        kb.resolve(&format!("Russian {t} troops"), None, on);
    }
}

#[test]
fn very_long_lines_load() {
    for t in long_tokens() {
        for &fmt in FORMATS {
            let text = format!("{t}\n    {t}\nRUS {t}\n    alias: {t}\n{t} [{t}]\n");
            let mut b = KnowledgeBase::builder().mode(LoadMode::Lenient);
            b.add_text(fmt, "long.txt", &text).unwrap();
            b.build();
        }
    }
}

/// Substitution sets multiply: a term naming many large sets would expand
/// to billions of forms; the reader refuses it instead of hanging.
#[test]
fn agent_substitution_sets_cannot_explode() {
    let members: Vec<String> = (0..50).map(|i| format!("M{i}")).collect();
    let mut text = String::new();
    for s in 0..8 {
        text.push_str(&format!("!S{s}! = {}\n", members.join(", ")));
    }
    text.push_str("!S0!!S1!!S2!!S3!!S4!!S5!!S6!!S7! [~GOV]\n");
    let mut b = KnowledgeBase::builder().mode(LoadMode::Lenient);
    b.add_text(DictFormat::PetrarchAgents, "sets.agents.txt", &text)
        .unwrap();
    assert_eq!(b.skipped().len(), 1, "{:?}", b.skipped());
    assert!(b.skipped()[0].msg.contains("more than"));
}
