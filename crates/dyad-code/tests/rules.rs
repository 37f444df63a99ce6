//! One test per coding rule of `crates/dyad-code/src/stages`, named after
//! the rule: each codes its own sentences with the real engine and fails
//! when that rule alone is disabled (`scripts/mutation-check` disables them
//! one at a time). Needs the installed model; skips with a note where it is
//! absent.
//!
//! A case is a text (and its story date) with the events it must give, as
//! `"SOURCE CODE TARGET"` (`-` for no target), each exactly once, and code
//! prefixes no event may have (`""` forbids every event).

use std::sync::OnceLock;

use chrono::NaiveDate;
use dyad_code::engine::{Engine, EngineOptions};
use dyad_ingest::Article;

fn engine() -> Option<&'static Engine> {
    static ENGINE: OnceLock<Option<Engine>> = OnceLock::new();
    ENGINE
        .get_or_init(|| match Engine::load(&EngineOptions::default()) {
            Ok(e) => Some(e),
            Err(e) => {
                eprintln!("note: no model ({e:#}): rule tests skipped");
                None
            }
        })
        .as_ref()
}

/// The events of `text`, dated `date` (YYYY-MM-DD), as "SOURCE CODE TARGET".
fn code(engine: &Engine, text: &str, date: &str) -> Vec<String> {
    let article = Article {
        id: "rules".into(),
        date: Some(NaiveDate::parse_from_str(date, "%Y-%m-%d").expect("a YYYY-MM-DD date")),
        body: text.into(),
        ..Default::default()
    };
    let coded = engine
        .code(&article, None, None)
        .expect("the text is coded");
    coded
        .events
        .iter()
        .map(|e| {
            format!(
                "{} {} {}",
                e.source.code.as_deref().unwrap_or("-"),
                e.cameo,
                e.target
                    .as_ref()
                    .and_then(|t| t.code.as_deref())
                    .unwrap_or("-")
            )
        })
        .collect()
}

/// `text` on `date` gives every event of `want` exactly once and no event
/// whose code starts with one of `forbid`.
fn check(text: &str, date: &str, want: &[&str], forbid: &[&str]) {
    let Some(engine) = engine() else {
        return;
    };
    let got = code(engine, text, date);
    for w in want {
        let n = got.iter().filter(|g| g == w).count();
        assert_eq!(n, 1, "`{text}`: want `{w}` once, got {got:?}");
    }
    for f in forbid {
        let bad: Vec<&String> = got
            .iter()
            .filter(|g| g.split(' ').nth(1).is_some_and(|c| c.starts_with(f)))
            .collect();
        assert!(
            bad.is_empty(),
            "`{text}`: no event coded `{f}…` wanted, got {got:?}"
        );
    }
}

const DATE: &str = "2024-05-14";

// ----- actors (stages/actors/rules.rs) -----

#[test]
fn rule_fallback_target_takes_the_partner_when_the_object_names_no_actor() {
    check(
        "Pakistan closed its border with Afghanistan on Friday.",
        DATE,
        &["PAK 191 AFG"],
        &[],
    );
}

#[test]
fn rule_unnamed_attacker_codes_violence_without_a_perpetrator_as_uaf() {
    check(
        "A roadside bomb killed four Malian soldiers near Gao.",
        DATE,
        &["---UAF 1833 MLIMIL"],
        &[],
    );
}

#[test]
fn rule_weapon_code_sets_the_code_of_generic_violence() {
    check(
        "Two Kurdish fighters were killed in a Turkish air strike near Dohuk.",
        DATE,
        &["TUR 195 IRQREB"],
        &["190"],
    );
    check(
        "Taliban fighters attacked an Afghan army base with mortars.",
        DATE,
        &[],
        &["190"],
    );
}

#[test]
fn rule_reaction_to_act_aims_at_the_doer_not_the_victim() {
    check(
        "Germany condemned the bombing of the Turkish embassy.",
        DATE,
        &["DEU 111 -"],
        &[],
    );
}

#[test]
fn rule_home_country_gives_a_role_the_articles_country() {
    // The dateline's country, for any role.
    check(
        "BAGHDAD (Reuters) - Police arrested three suspected insurgents on Sunday.",
        DATE,
        &["IRQCOP 173 IRQREB"],
        &[],
    );
    // Else the one country the article has named, for a state role only.
    check(
        "Uganda closed its border on Monday. Rebels attacked a police post on Tuesday.",
        DATE,
        &["UGAREB 190 UGACOP"],
        &[],
    );
}

#[test]
fn rule_has_counterpart_drops_dyadic_events_without_a_target() {
    check(
        "The European Commission warned that high oil prices would slow economic growth next year.",
        DATE,
        &[],
        &[""],
    );
    check(
        "Kenyan soldiers searched homes in the village.",
        DATE,
        &[],
        &[""],
    );
    check(
        "Africa must move away from conflicts, South African President Thabo Mbeki said.",
        DATE,
        &[],
        &[""],
    );
    // With an actor as target the event stands.
    check(
        "Kenyan police interrogated three Somali suspects in Nairobi.",
        DATE,
        &["KENCOP 091 SOM"],
        &[],
    );
}

#[test]
fn rule_obvious_agent_of_a_state_act_in_the_passive() {
    check(
        "Eight Egyptians were arrested in Cairo on Sunday.",
        DATE,
        &["EGYCOP 173 EGY"],
        &[],
    );
    check(
        "The former Kenyan minister was acquitted of corruption charges on Monday.",
        DATE,
        &["KENJUD 081 KENELI"],
        &[],
    );
    // The place of the act wins over the victim's country; a place
    // elsewhere in the sentence does not.
    check(
        "A British journalist was arrested in Zimbabwe on Monday.",
        DATE,
        &["ZWECOP 173 GBRMED"],
        &[],
    );
    check(
        "Premier Silvio Berlusconi, an important ally of the United States in Iraq, was acquitted of corruption charges.",
        "2004-11-01",
        &["ITAJUD 081 ITAGOV"],
        &[],
    );
    // Not an act only hoped for, nor background in a participle; and the
    // person jailed is never the one who jailed.
    check(
        "Palestinian officials hoped the soldiers would be indicted for war crimes.",
        DATE,
        &[],
        &[""],
    );
    check(
        "Israel released the mayor, a Hamas member jailed a year ago.",
        DATE,
        &["ISR 0841 PSEREB"],
        &["173"],
    );
}

#[test]
fn rule_domestic_counterpart_takes_the_police_country() {
    check(
        "Peruvian police killed three coca farmers on Tuesday.",
        DATE,
        &["PERCOP 190 PERAGR"],
        &[],
    );
}

#[test]
fn rule_home_travel_is_no_visit() {
    check(
        "US Senator John Kerry flew to Washington on Monday.",
        "2004-11-01",
        &[],
        &["042"],
    );
    check(
        "US Senator John Kerry flew to Iraq on Monday.",
        "2004-11-01",
        &["USA 042 IRQ"],
        &[],
    );
}

#[test]
fn rule_pronoun_object_is_the_actor_named_before_it() {
    check(
        "Iraqi militants seized an Australian journalist and interrogated him for 20 hours.",
        "2004-11-01",
        &["IRQREB 181 AUSMED", "IRQREB 091 AUSMED"],
        &[],
    );
}

#[test]
fn rule_prior_participle_is_the_clauses_subjects_act() {
    check(
        "Iraqi militants interrogated an Australian journalist for 20 hours after kidnapping him outside a Baghdad hotel.",
        "2004-11-01",
        &["IRQREB 181 AUSMED"],
        &[],
    );
}

#[test]
fn rule_shares_passive_even_when_tagged_past_tense() {
    // The tagger reads "released" as a past tense here; it is the
    // passive's participle, so the militants released the journalist.
    check(
        "An Australian journalist was seized by militants in Iraq for nearly 24 hours, but then released unharmed.",
        "2004-11-01",
        &["IRQREB 181 AUSMED", "IRQREB 0841 AUSMED"],
        &[],
    );
}

#[test]
fn rule_weapons_test_is_a_show_of_force() {
    check(
        "Pakistan test-fired a nuclear-capable ballistic missile on Wednesday.",
        DATE,
        &[],
        &["19"],
    );
}

#[test]
fn rule_accident_is_no_political_event() {
    // A country-modified cause would otherwise be the source.
    check(
        "A Russian train collision killed 40 passengers.",
        DATE,
        &[],
        &[""],
    );
}

#[test]
fn rule_pronoun_person_reads_he_as_the_last_person_named() {
    check(
        "Vladimir Putin landed in Beijing on Thursday. He met Xi Jinping at the Great Hall.",
        DATE,
        &["RUSGOV 040 CHNGOV"],
        &[],
    );
}

#[test]
fn rule_ethnic_scene_places_an_ethnic_group_where_the_sentence_is_set() {
    check(
        "Ethnic Hungarians rallied in Romania on Sunday.",
        DATE,
        &["ROUCVL 141 ROU"],
        &[],
    );
}

#[test]
fn rule_both_countries_means_the_last_two_countries_named() {
    check(
        "Officials from Peru and Bolivia met in Lima. Both countries agreed to reopen the border.",
        DATE,
        &["PER 030 -", "BOL 030 -"],
        &[],
    );
}

#[test]
fn rule_scene_country_gives_bare_roles_the_sentence_country() {
    check(
        "Police arrested dozens of opposition activists in Zimbabwe.",
        DATE,
        &["ZWECOP 173 ZWEOPP"],
        &[],
    );
}

#[test]
fn rule_domestic_target_aims_a_protest_at_its_own_country() {
    check(
        "Moroccan teachers began a hunger strike on Monday.",
        DATE,
        &["MAREDU 143 MAR"],
        &[],
    );
}

// ----- rewrites (stages/rewrites) -----

#[test]
fn rule_declined_codes_refused_cooperation_as_rejection() {
    check(
        "Venezuela will not release the detained Colombian fishermen.",
        DATE,
        &["VEN 1243 COLAGR"],
        &["084"],
    );
}

#[test]
fn rule_alleged_codes_a_reported_attack_as_an_accusation() {
    check(
        "Armenia claimed that Azerbaijan had shelled its border villages.",
        DATE,
        &["ARM 112 AZE"],
        &["19"],
    );
}

#[test]
fn rule_claimed_own_act_reports_the_act_and_the_claim_of_responsibility() {
    check(
        "Hamas claimed that it had fired rockets at Israel.",
        DATE,
        &["PSEREB 015 ISR", "PSEREB 194 ISR"],
        &[],
    );
}

#[test]
fn rule_reported_obligations_code_must_clauses_as_demands() {
    check(
        "Germany said Hungary must free the jailed activists.",
        DATE,
        &["DEU 100 HUN"],
        &[],
    );
}

#[test]
fn rule_drop_consumed_fires_a_consumed_trigger_once() {
    check(
        "Egypt held talks with Sudan in Cairo.",
        DATE,
        &["EGY 040 SDN"],
        &[],
    );
}

#[test]
fn rule_merge_threats_codes_a_threat_by_its_act() {
    check(
        "North Korea threatened to launch missiles at Japan.",
        DATE,
        &["PRK 138 JPN"],
        &["130"],
    );
}

// ----- assembly (stages/assembly.rs) -----

#[test]
fn rule_intent_mapping_codes_announced_acts_as_intents() {
    check(
        "Japan will send humanitarian aid to Ukraine.",
        DATE,
        &["JPN 033 UKR"],
        &["07"],
    );
}

#[test]
fn rule_intent_kept_keeps_announced_verbal_acts() {
    check(
        "Spain will condemn Morocco at the summit.",
        DATE,
        &["ESP 111 MAR"],
        &[],
    );
}

#[test]
fn rule_rioting_codes_protesters_attacking_as_a_riot() {
    check(
        "Protesters set fire to a police station in Nairobi.",
        DATE,
        &["KENOPP 145 KENCOP"],
        &["17", "18", "19"],
    );
}

#[test]
fn rule_dedupe_keeps_one_event_per_dyad_code_and_trigger() {
    check(
        "Russian soldiers and Russian tanks shelled Kharkiv.",
        DATE,
        &["RUSMIL 194 UKR"],
        &[],
    );
}

// ----- modality (stages/modality.rs) -----

#[test]
fn rule_denied_that_negates_the_reported_clause() {
    check(
        "Rwanda denied that its troops had attacked Congolese villages.",
        DATE,
        &[],
        &["19"],
    );
}

#[test]
fn rule_demanding_clause_is_no_event() {
    check(
        "Kenya demanded that Somalia release the fishermen.",
        DATE,
        &["KEN 100 SOM"],
        &["084"],
    );
}

#[test]
fn rule_question_is_no_event() {
    check("Did Canada expel the Indian diplomats?", DATE, &[], &[""]);
}

#[test]
fn rule_conditional_mark_is_no_event() {
    // The condition is no event; the actor's own conditional act is
    // announced (GUIDE 1: "Tehran will quit the talks if …" is a threat).
    check(
        "If Serbia attacks Kosovo, Albania will appeal to NATO.",
        DATE,
        &["ALB 020 IGOWSTNAT"],
        &["19"],
    );
    check(
        "Iran will withdraw from the negotiations with the European Union if the talks fail.",
        DATE,
        &["IRN 134 IGOEUREEC"],
        &[],
    );
}

#[test]
fn rule_dateline_region_gives_the_country() {
    check(
        "SPRINGFIELD, Mass. - Police arrested a priest on Monday.",
        DATE,
        &["USACOP 173 USAREL"],
        &[],
    );
}

#[test]
fn rule_refusal_governor_is_no_event() {
    check(
        "Hungary refused to sign the agreement with Ukraine.",
        DATE,
        &["HUN 120 UKR"],
        &["057"],
    );
    check(
        "Ecuador avoided meeting the Peruvian delegation.",
        DATE,
        &[],
        &[""],
    );
}
