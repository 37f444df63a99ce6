//! Unit tests of the PETRARCH converter, over toy dictionaries.

use super::*;

/// A toy lemmatizer: lowercase, `-s` plurals, a few irregular verbs.
fn lemma(w: &str, c: WordClass) -> String {
    let w = w.to_lowercase();
    match (c, w.as_str()) {
        (WordClass::Verb, "parleyed") => "parley".into(),
        (WordClass::Verb, "spake") => "speak".into(),
        (_, s) if s.len() > 3 && s.ends_with('s') && !s.ends_with("ss") => {
            s[..s.len() - 1].to_string()
        }
        _ => w,
    }
}

fn conv(text: &str) -> Conversion {
    convert("t.txt", text, &lemma, &|c| {
        c.len() == 3 && c.starts_with('0')
    })
    .unwrap_or_else(|e| panic!("{e}"))
}

fn ids(c: &Conversion) -> Vec<String> {
    c.patterns.iter().map(|p| p.id()).collect()
}

const HEAD: &str =
    "<!-- a toy dictionary -->\n&TIES\n+TRADE_\n+GROG\n+&BOOZE\n\n&BOOZE\n+MEAD\n+BARLEY WINE\n\n";

#[test]
fn detects_the_format_by_content() {
    assert!(looks_like_verb_dictionary(HEAD));
    assert!(looks_like_verb_dictionary(
        "# notes\n--- PARLEY [031] ---\n"
    ));
    assert!(!looks_like_verb_dictionary("# dyad\n036 meet prep:with\n"));
}

#[test]
fn verbs_and_block_codes() {
    let c = conv(&format!(
        "{HEAD}--- PARLEY [031] ---\nPARLEYED\nSPAKE {{SPOKEN}} [032]\n+HUDDLE_UP\nWIRE_+GLOB\n--- MUSE [---] ---\nMUSE\n"
    ));
    assert_eq!(
        ids(&c),
        ["031 parley", "032 speak", "031 huddle prt:up", "--- muse"]
    );
    assert_eq!(c.report.verbs, 5);
    assert_eq!(c.report.verbs_skipped.len(), 1);
    assert!(c.report.verbs_skipped[0]
        .reason
        .contains("words before the verb"));
    assert_eq!(c.report.verbs_skipped[0].origin, "t.txt:15");
}

#[test]
fn each_construct_converts() {
    let c = conv(&format!(
        "{HEAD}--- PARLEY [---] ---\nPARLEY\n\
         - * DOWN  [011]\n\
         - *_OFF GROGS [012]\n\
         - * PACTS [013]\n\
         - * {{BARLEY PACTS}} [014]\n\
         - * &TIES [015]\n\
         - * TO RESIGN [016]\n\
         - * AGAINST + [017]\n\
         - * (TO) [018]\n\
         - * (IN &BOOZE) [019]\n\
         - + * FROM $ [020]\n\
         - + * (FROM $) [021]\n\
         - % * [022:022]\n\
         - * WITH % [023]\n\
         - * OVER [024:025]\n"
    ));
    let got = ids(&c);
    for want in [
        "011 parley prt:down",
        "012 parley prt:off obj:grog",
        "013 parley obj:pact",
        "015 parley obj:trade|grog|mead|wine",
        "016 parley xcomp:resign",
        "017 parley prep:against",
        "018 parley prep:to",
        "019 parley prep:in pobj:mead|wine",
        "020 parley src:from",
        "022 parley recip",
        "023 parley prep:with recip",
        "024 parley prep:over",
    ] {
        assert!(got.contains(&want.to_string()), "{want} not in {got:?}");
    }
    // {BARLEY PACTS} lost its modifier, so the exact `* PACTS` wins;
    // `(FROM $)` is the same dyad pattern as `FROM $`, found first.
    assert_eq!(c.report.shadowed.len(), 2, "{:?}", c.report.shadowed);
    assert!(c.report.shadowed[0].text.contains("BARLEY"));
    let approx: Vec<&str> = c
        .report
        .approximated
        .iter()
        .map(|n| n.reason.as_str())
        .collect();
    assert!(
        approx.iter().any(|r| r.contains("modifier words `BARLEY`")),
        "{approx:?}"
    );
    assert!(approx.iter().any(|r| r.contains("head only")), "{approx:?}");
    assert!(
        approx.iter().any(|r| r.contains("reverse code 025")),
        "{approx:?}"
    );
    assert_eq!(c.report.skipped, vec![]);
    assert_eq!(c.report.pattern_lines, 14);
    assert_eq!(c.report.converted, 14);
    assert!(c.report.unknown_codes.is_empty());
}

#[test]
fn patterns_apply_to_every_verb_of_the_block() {
    let c = conv("--- PARLEY [031] ---\nPARLEY\nCONFER\n- * PACTS [013]\n");
    assert_eq!(
        ids(&c),
        [
            "031 parley",
            "031 confer",
            "013 parley obj:pact",
            "013 confer obj:pact"
        ]
    );
    assert_eq!(c.report.converted, 1);
    assert_eq!(c.report.patterns, 4);
}

#[test]
fn unconvertible_patterns_are_reported() {
    let c = conv(
        "--- PARLEY [031] ---\nPARLEY\n\
         - SAID * PACTS [101]\n\
         - NOT * [102]\n\
         - * WOULD VISIT [103]\n\
         - * ^ WITH + [104]\n\
         - * PACTS $ [105]\n\
         - * (TO GROG) (OF MEAD) [106]\n\
         - * [:107]\n\
         - * ANGRILY [108]\n\
         - * &NOPE [109]\n",
    );
    assert_eq!(ids(&c), ["031 parley"]);
    assert_eq!(c.report.skipped.len(), 9);
    let r: Vec<&str> = c.report.skipped.iter().map(|n| n.reason.as_str()).collect();
    assert!(r[0].starts_with("words before the verb"), "{}", r[0]);
    assert!(r[1].starts_with("auxiliary, negation"), "{}", r[1]);
    assert!(r[2].starts_with("auxiliary, negation"), "{}", r[2]);
    assert!(r[3].contains('^'), "{}", r[3]);
    assert!(r[4].contains('$'), "{}", r[4]);
    assert!(r[5].contains("second prepositional"), "{}", r[5]);
    assert!(r[6].starts_with("reverse-only"), "{}", r[6]);
    assert!(
        r[7].starts_with("auxiliary, negation or adverb"),
        "{}",
        r[7]
    );
    assert!(r[8].contains("`&NOPE` is not defined"), "{}", r[8]);
    assert_eq!(c.report.skipped[0].origin, "t.txt:3");
    assert!(c.report.summary().contains("0 of 9 patterns converted"));
    assert!(c
        .report
        .details()
        .contains("t.txt:3: not converted: - SAID * PACTS [101]"));
    let reasons = c.report.reasons();
    assert_eq!(reasons.iter().map(|r| r.1).sum::<usize>(), 9);
    assert_eq!(reasons[0].1, 2, "{reasons:?}");
}

#[test]
fn unknown_codes_are_kept_and_counted() {
    let c = conv("--- PARLEY [903] ---\nPARLEY\n- * GROG [1717]\n- * MEAD [---]\n");
    assert_eq!(
        ids(&c),
        ["903 parley", "1717 parley obj:grog", "--- parley obj:mead"]
    );
    assert_eq!(c.report.unknown_codes, ["1717", "903"]);
}

/// Six malformed lines: a verb before any block, an empty synset
/// label, a pattern without code, an unbalanced `)`, a broken block
/// header (its lines are skipped with it), a pattern with two `*`.
const MALFORMED: &str = "STRAY\n&\n+LOST\n--- PARLEY [031] ---\nPARLEY\n- * PACTS\n- * (WITH GROG) GROG) [013]\n- * MEAD [014]\n--- MUSE [032 ---\nMUSE\n- * MEAD [015]\n--- CONFER [033] ---\nCONFER\n- * * [016]\n";

#[test]
fn strict_conversion_lists_every_malformed_line() {
    let e = convert("bad.txt", MALFORMED, &lemma, &|_| true).unwrap_err();
    let origins: Vec<&str> = e.0.iter().map(|e| e.origin.as_str()).collect();
    assert_eq!(
        origins,
        [
            "bad.txt:1",
            "bad.txt:2",
            "bad.txt:6",
            "bad.txt:7",
            "bad.txt:9",
            "bad.txt:14"
        ]
    );
    assert!(e.to_string().ends_with(dyad_kb::LENIENT_HINT), "{e}");
}

#[test]
fn lenient_conversion_skips_malformed_lines_and_converts_the_rest() {
    let c = convert_with("bad.txt", MALFORMED, &lemma, &|_| true, LoadMode::Lenient)
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(ids(&c), ["031 parley", "014 parley obj:mead", "033 confer"]);
    assert_eq!(c.report.malformed.len(), 6);
    assert_eq!(c.report.malformed[3].text, "- * (WITH GROG) GROG) [013]");
    // The lines of the block with the broken header are reported, not lost.
    let in_broken: Vec<&str> = c
        .report
        .skipped
        .iter()
        .filter(|n| n.reason.contains("header (line 9)"))
        .map(|n| n.origin.as_str())
        .collect();
    assert_eq!(in_broken, ["bad.txt:10", "bad.txt:11"]);
    assert!(c.report.summary().contains("6 malformed lines skipped"));
    assert!(c
        .report
        .details()
        .contains("bad.txt:7: malformed, skipped: - * (WITH GROG) GROG) [013]: unbalanced `)`"));
}

#[test]
fn synsets_naming_each_other_are_expanded_once() {
    // 30 synsets, each naming the next twice: 2^30 paths without memoising.
    let mut t = String::new();
    for i in 0..30 {
        t.push_str(&format!("&S{i}\n+&S{}\n+&S{}\n+W{i}\n", i + 1, i + 1));
    }
    t.push_str("&S30\n+END\n--- PARLEY [031] ---\nPARLEY\n- * &S0 [013]\n");
    let c = conv(&t);
    assert_eq!(c.report.converted, 1, "{:?}", c.report.skipped);
    // And a synset naming itself is an error for its patterns, not a hang.
    let c = conv("&A\n+&A\n+X\n--- P [031] ---\nP\n- * &A [013]\n");
    assert!(c.report.skipped[0].reason.contains("contains itself"));
}

#[test]
fn deeply_nested_phrases_are_refused() {
    let deep = format!("{}X{}", "(".repeat(5000), ")".repeat(5000));
    let e = convert(
        "d.txt",
        &format!("--- P [031] ---\nP\n- * {deep} [013]\n"),
        &lemma,
        &|_| true,
    )
    .unwrap_err();
    assert!(e.0[0].msg.contains("nested more than"), "{e}");
}

#[test]
fn malformed_lines_name_file_and_line() {
    let e = |t: &str| {
        convert("bad.txt", t, &lemma, &|_| true)
            .map(|_| ())
            .unwrap_err()
            .0[0]
            .to_string()
    };
    assert_eq!(
        e("PARLEY\n"),
        "bad.txt:1: a verb or pattern before the first `--- VERB [CODE] ---` block header"
    );
    assert!(e("--- PARLEY [031] ---\nPARLEY\n- * PACTS\n")
        .starts_with("bad.txt:3: a pattern must end with its code"));
    assert!(e("--- PARLEY [031] ---\n\n- PACTS [013]\n")
        .starts_with("bad.txt:3: a pattern needs exactly one `*`"));
    assert!(e("--- P [031] ---\nP\n- * {GROG [013]\n").starts_with("bad.txt:3: unclosed `{`"));
    assert!(e("--- P [031 ---\nP\n").starts_with("bad.txt:1: unclosed `[`"));
    // Comments never count as lines of content, multi-line ones included.
    assert!(
        e("<!-- one\ntwo -->\n--- P [031] ---\nP # fine\n- * X # no code\n")
            .starts_with("bad.txt:5:")
    );
}
