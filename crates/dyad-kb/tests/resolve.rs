//! Actor resolution on built-in countries, organisations and agents, with a
//! small people fixture of the tests' own.

use std::path::Path;

use dyad_kb::{ArticleContext, Date, KnowledgeBase};

fn kb() -> KnowledgeBase {
    let people = Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/people.txt"
    ));
    KnowledgeBase::builder()
        .builtin_core()
        .unwrap()
        .add_path(people)
        .unwrap()
        .build()
}

fn d(y: i32, m: u32, day: u32) -> Date {
    Date::from_ymd_opt(y, m, day).unwrap()
}

fn code(kb: &KnowledgeBase, phrase: &str, date: Date) -> Option<String> {
    kb.resolve(phrase, None, date).code
}

#[test]
fn people_by_date() {
    let kb = kb();
    let r = kb.resolve("Angela Merkel", None, d(2017, 4, 1));
    assert_eq!(r.code.as_deref(), Some("DEUGOV"), "{}", r.reason);
    assert!(
        r.reason.contains("people.txt") && r.reason.contains("2005-11-22"),
        "{}",
        r.reason
    );
    let r = kb.resolve("Angela Merkel", None, d(2022, 1, 10));
    assert_eq!(r.code.as_deref(), Some("DEUELI"), "{}", r.reason);
    assert_eq!(r.country.as_deref(), Some("DEU"));
    assert_eq!(r.roles, ["ELI"]);
    // Before the first window: the country only.
    assert_eq!(
        code(&kb, "Jane Example", d(2025, 1, 1)).as_deref(),
        Some("FRA")
    );
    assert_eq!(
        code(&kb, "Jane Example", d(2031, 1, 1)).as_deref(),
        Some("FRALEG")
    );
}

#[test]
fn name_variants() {
    let kb = kb();
    let date = d(2020, 1, 1);
    for p in [
        "Putin",
        "Mr. Putin",
        "President Putin",
        "Vladimir V. Putin",
        "VLADIMIR PUTIN",
        "Russian President Vladimir Putin",
    ] {
        assert_eq!(code(&kb, p, date).as_deref(), Some("RUSGOV"), "{p}");
    }
    // A surname derived from the canonical name ("Scholz" is not listed as an alias).
    assert_eq!(
        code(&kb, "Chancellor Scholz", d(2023, 1, 1)).as_deref(),
        Some("DEUGOV")
    );
    // A longer name with the same surname is someone else.
    assert_eq!(code(&kb, "Hans Scholz", d(2023, 1, 1)), None);
    assert_eq!(
        code(&kb, "former president Putin", date).as_deref(),
        Some("RUSELI")
    );
}

#[test]
fn countries_metonyms_and_agents() {
    let kb = kb();
    let date = d(2024, 3, 1);
    let r = kb.resolve("the Kremlin", None, date);
    assert_eq!(r.code.as_deref(), Some("RUSGOV"), "{}", r.reason);
    assert_eq!(code(&kb, "Russian troops", date).as_deref(), Some("RUSMIL"));
    assert_eq!(
        code(&kb, "the Iranian foreign ministry", date).as_deref(),
        Some("IRNGOV")
    );
    assert_eq!(
        code(&kb, "a French lawmaker", date).as_deref(),
        Some("FRALEG")
    );
    assert_eq!(code(&kb, "Kyiv police", date).as_deref(), Some("UKRCOP"));
    assert_eq!(
        code(&kb, "Turkish protesters", date).as_deref(),
        Some("TUROPP")
    );
    assert_eq!(code(&kb, "U.S.", date), code(&kb, "US", date));
    assert_eq!(code(&kb, "the United States", date).as_deref(), Some("USA"));
    assert_eq!(code(&kb, "the Holy See", date).as_deref(), Some("VAT"));
    assert_eq!(code(&kb, "Britain", date).as_deref(), Some("GBR"));
    assert_eq!(code(&kb, "Frenchmen", date).as_deref(), Some("FRA"));
    assert_eq!(code(&kb, "Côte d’Ivoire", date).as_deref(), Some("CIV"));
    // "us" in lower case is a pronoun, not the United States.
    assert_eq!(code(&kb, "us", date), None);
}

#[test]
fn possessive_counterpart_and_former() {
    let kb = kb();
    let date = d(2024, 3, 1);
    assert_eq!(
        code(&kb, "Syria's air defences", date).as_deref(),
        Some("SYRMIL")
    );
    assert_eq!(
        code(&kb, "his Qatari counterpart", date).as_deref(),
        Some("QATGOV")
    );
    assert_eq!(
        code(&kb, "a former French minister", date).as_deref(),
        Some("FRAELI")
    );
    assert_eq!(
        code(&kb, "a former CIA official", date).as_deref(),
        Some("USAELI")
    );
    assert_eq!(
        code(&kb, "Russia's ambassador to Poland", date).as_deref(),
        Some("RUSGOV")
    );
    assert_eq!(
        code(&kb, "Muslim leaders in France", date).as_deref(),
        Some("FRAREL")
    );
    assert_eq!(
        code(&kb, "FSB, Russia's security service", date).as_deref(),
        Some("RUSSPY")
    );
}

#[test]
fn coordination_gives_each_actor() {
    let kb = kb();
    let r = kb.resolve("France and Germany", None, d(2024, 1, 1));
    let codes: Vec<_> = r
        .members
        .iter()
        .map(|m| m.code.clone().unwrap_or_default())
        .collect();
    assert_eq!(codes, ["FRA", "DEU"]);
    assert_eq!(r.code.as_deref(), Some("FRA"));
    // "and" inside a name is not a coordination.
    let r = kb.resolve("Bosnia and Herzegovina", None, d(2024, 1, 1));
    assert!(r.members.is_empty());
    assert_eq!(r.code.as_deref(), Some("BIH"));
    let r = kb.resolve(
        "Russian, Chinese and Iranian diplomats",
        None,
        d(2024, 1, 1),
    );
    assert_eq!(r.members.len(), 3, "{r:?}");
}

#[test]
fn dated_organisation_roles() {
    let kb = kb();
    assert_eq!(
        code(&kb, "the Taliban", d(2019, 1, 1)).as_deref(),
        Some("AFGREB")
    );
    assert_eq!(
        code(&kb, "the Taliban", d(2021, 8, 15)).as_deref(),
        Some("AFGGOV")
    );
    assert_eq!(
        code(&kb, "the European Union", d(2024, 1, 1)).as_deref(),
        Some("IGOEUREEC")
    );
    assert_eq!(code(&kb, "UN", d(2024, 1, 1)).as_deref(), Some("IGOUNO"));
}

#[test]
fn unknown_actors_keep_their_text() {
    let kb = kb();
    let r = kb.resolve("Jeep driver", None, d(2024, 1, 1));
    assert_eq!(r.code, None);
    assert_eq!(r.text, "Jeep driver");
    let r = kb.resolve("Zorblax Quintavius", None, d(2024, 1, 1));
    assert_eq!((r.code, r.roles.len()), (None, 0));
    assert!(r.reason.contains("unknown"), "{}", r.reason);
    // Roles without a country.
    let r = kb.resolve("soldiers", None, d(2024, 1, 1));
    assert_eq!(
        (r.code.as_deref(), r.roles.as_slice()),
        (None, &["MIL".to_string()][..])
    );
}

#[test]
fn context_supplies_the_country() {
    let kb = kb();
    let r = kb.resolve(
        "the defence ministry",
        Some("Talks in Ankara ended on Monday."),
        d(2024, 1, 1),
    );
    assert_eq!(r.code.as_deref(), Some("TURGOVMIL"), "{}", r.reason);
}

#[test]
fn article_memory_resolves_later_surnames() {
    let kb = kb();
    let mut art = ArticleContext::new();
    let date = d(2023, 1, 1);
    assert_eq!(
        kb.resolve_in("Olaf Scholz", None, date, &mut art)
            .code
            .as_deref(),
        Some("DEUGOV")
    );
    assert_eq!(
        kb.resolve_in("Scholz", None, date, &mut art)
            .code
            .as_deref(),
        Some("DEUGOV")
    );
}

#[test]
fn mentions_in_a_token_sequence() {
    let kb = kb();
    let toks = [
        "Russian",
        "President",
        "Vladimir",
        "Putin",
        "met",
        "the",
        "U.S.",
        "envoy",
        "in",
        "Kyiv",
    ];
    let ms = kb.find_mentions(&toks);
    let spans: Vec<(usize, usize)> = ms.iter().map(|m| (m.start, m.end)).collect();
    assert_eq!(spans, [(0, 1), (1, 2), (2, 4), (6, 7), (7, 8), (9, 10)]);
    assert_eq!(ms[2].key, "vladimir putin");
}

#[test]
fn a_stance_is_not_a_nationality() {
    let kb = kb();
    let on = d(2015, 1, 1);
    assert_eq!(code(&kb, "pro-Russia rebels", on).as_deref(), None);
    assert_eq!(kb.resolve("pro-Russia rebels", None, on).roles, ["REB"]);
    assert_eq!(code(&kb, "anti-Taliban forces", on).as_deref(), None);
    assert_eq!(code(&kb, "Russian rebels", on).as_deref(), Some("RUSREB"));
    assert_eq!(code(&kb, "pro-government militias", on).as_deref(), None);
}

#[test]
fn a_state_after_a_place_is_part_of_its_name() {
    let kb = kb();
    let on = d(2020, 1, 1);
    // Nigerian and Sudanese states are places, not governments...
    assert_eq!(code(&kb, "Borno State", on).as_deref(), Some("NGA"));
    assert_eq!(code(&kb, "West Darfur State", on).as_deref(), Some("SDN"));
    // ...whose governors are still officials...
    assert_eq!(
        code(&kb, "Borno State governor", on).as_deref(),
        Some("NGAGOV")
    );
    // ...while a lower-case "state" after a country is its state.
    assert_eq!(code(&kb, "Nigeria state", on).as_deref(), Some("NGAGOV"));
}

#[test]
fn a_bracketed_acronym_abbreviates_the_name_before_it() {
    let kb = kb();
    let on = d(2020, 1, 1);
    // "AKK" is also Kramp-Karrenbauer's initials, but here it abbreviates
    // the association.
    assert_eq!(
        code(
            &kb,
            "Montenegro Municipality Association (AKK) officials",
            on
        )
        .as_deref(),
        Some("MNEGOV")
    );
    // After her own name, or alone, it is her.
    assert_eq!(
        code(&kb, "Annegret Kramp-Karrenbauer (AKK)", on).as_deref(),
        Some("DEUGOV")
    );
    assert_eq!(code(&kb, "AKK", on).as_deref(), Some("DEUGOV"));
}

#[test]
fn in_an_undated_article_a_title_names_the_office_then_held() {
    let kb = kb();
    // The stand-in date (today) falls after Scholz's windows.
    let on = d(2026, 12, 1);
    let undated = |phrase: &str| {
        let mut ctx = ArticleContext::new();
        ctx.set_undated(true);
        kb.resolve_in(phrase, None, on, &mut ctx).code
    };
    assert_eq!(undated("Chancellor Olaf Scholz").as_deref(), Some("DEUGOV"));
    assert_eq!(
        undated("German Finance Minister Olaf Scholz").as_deref(),
        Some("DEUGOV")
    );
    // No title, or "former": a former office-holder.
    assert_eq!(undated("Olaf Scholz").as_deref(), Some("DEUELI"));
    assert_eq!(
        undated("former Chancellor Olaf Scholz").as_deref(),
        Some("DEUELI")
    );
    // The title wins over a later office held today...
    assert_eq!(
        undated("President Laurent Gbagbo").as_deref(),
        Some("CIVGOV")
    );
    // ...and without one, today's office holds.
    assert_eq!(undated("Laurent Gbagbo").as_deref(), Some("CIVOPP"));
    // With a real date the date decides, whatever the title.
    assert_eq!(
        code(&kb, "Chancellor Olaf Scholz", on).as_deref(),
        Some("DEUELI")
    );
}

#[test]
fn plain_congo_is_the_drc_and_the_republic_is_named_in_full() {
    let kb = kb();
    let on = d(2024, 1, 1);
    assert_eq!(code(&kb, "Congolese troops", on).as_deref(), Some("CODMIL"));
    assert_eq!(code(&kb, "Congo", on).as_deref(), Some("COD"));
    assert_eq!(code(&kb, "Republic of Congo", on).as_deref(), Some("COG"));
    assert_eq!(code(&kb, "Congo-Brazzaville", on).as_deref(), Some("COG"));
}

/// "Former" is written as of the story date: for an event dated before it,
/// the person is coded with the office held on the event's date.
#[test]
fn former_is_as_of_the_story_date() {
    let kb = kb();
    let phrase = "former German Chancellor Olaf Scholz";
    let in_article = |story: Option<Date>, event: Date| {
        let mut memory = ArticleContext::new();
        memory.set_story_date(story);
        kb.resolve_in(phrase, None, event, &mut memory).code
    };
    // An event in November 2024, told in July 2025: he was chancellor then.
    assert_eq!(
        in_article(Some(d(2025, 7, 1)), d(2024, 11, 15)).as_deref(),
        Some("DEUGOV")
    );
    // An event on the story date, or no story date: "former" means elite.
    assert_eq!(
        in_article(Some(d(2025, 7, 1)), d(2025, 7, 1)).as_deref(),
        Some("DEUELI")
    );
    assert_eq!(in_article(None, d(2024, 11, 15)).as_deref(), Some("DEUELI"));
}
