//! Unit tests of the syntactic stages (1–4), over hand-built parses.

use super::*;

/// The built-in lexicon, parsed once for all tests.
fn lex() -> &'static Lexicon {
    static L: std::sync::OnceLock<Lexicon> = std::sync::OnceLock::new();
    L.get_or_init(|| Lexicon::builtin().expect("built-in lexicon"))
}

fn patterns() -> PatternSet {
    let mut s = PatternSet::default();
    s.add_source(
        "t",
        "190 attack\n036 meet prep:with recip\n036 hold obj:talk prep:with recip\n1243 refuse xcomp:meet\n190 n:attack prep:on\n",
        &|_| true,
    )
    .unwrap();
    s
}

fn run(spec: &str) -> Vec<(String, Vec<usize>, Vec<usize>, Mood)> {
    let doc = doc_from_spec(spec);
    let pats = patterns();
    candidates(&doc, 0..doc.tokens.len(), &pats, lex(), None)
        .into_iter()
        .map(|c| (c.pattern.id(), c.sources, c.targets, c.mood))
        .collect()
}

#[test]
fn active_and_passive_voice() {
    let active = run(
        "Rebels/NNS/rebel/nsubj/1 attacked/VBD/attack/ROOT/1 the/DT/the/det/3 town/NN/town/dobj/1",
    );
    assert_eq!(
        active,
        vec![("190 attack".into(), vec![0], vec![3], Mood::Factual)]
    );
    let passive = run("The/DT/the/det/1 convoy/NN/convoy/nsubjpass/3 was/VBD/be/auxpass/3 attacked/VBN/attack/ROOT/3 by/IN/by/agent/3 rebels/NNS/rebel/pobj/4");
    assert_eq!(
        passive,
        vec![("190 attack".into(), vec![5], vec![1], Mood::Factual)]
    );
}

#[test]
fn a_passive_urging_targets_the_urged() {
    // "Obama is being pressured by Congress to help Iran": Congress
    // pressures Obama, not Iran.
    let doc = doc_from_spec("Obama/NNP/Obama/nsubjpass/3 is/VBZ/be/aux/3 being/VBG/be/auxpass/3 pressured/VBN/pressure/ROOT/3 by/IN/by/agent/3 Congress/NNP/Congress/pobj/4 to/TO/to/aux/7 help/VB/help/xcomp/3 Iran/NNP/Iran/dobj/7");
    let mut pats = PatternSet::default();
    pats.add_source("t", "170 pressure xcomp:*\n", &|_| true)
        .unwrap();
    let c = candidates(&doc, 0..doc.tokens.len(), &pats, lex(), None);
    assert_eq!(c.len(), 1, "{c:?}");
    assert_eq!(
        (c[0].sources.clone(), c[0].targets.clone()),
        (vec![5], vec![0])
    );
}

#[test]
fn light_verb_with_preposition_and_coordinated_targets() {
    let r = run("Macron/NNP/Macron/nsubj/1 held/VBD/hold/ROOT/1 talks/NNS/talk/dobj/1 with/IN/with/prep/2 Putin/NNP/Putin/pobj/3 and/CC/and/cc/4 Scholz/NNP/Scholz/conj/4");
    assert_eq!(r.len(), 1, "the noun `talks` must not fire again: {r:?}");
    assert_eq!(r[0].0, "036 hold obj:talk prep:with recip");
    assert_eq!(r[0].2, vec![4, 6]);
}

#[test]
fn negation_question_condition_and_refusal() {
    assert!(run("Rebels/NNS/rebel/nsubj/3 did/VBD/do/aux/3 not/RB/not/neg/3 attack/VB/attack/ROOT/3 Goma/NNP/Goma/dobj/3").is_empty());
    assert!(run("Did/VBD/do/aux/2 rebels/NNS/rebel/nsubj/2 attack/VB/attack/ROOT/2 Goma/NNP/Goma/dobj/2 ?/./?/punct/2").is_empty());
    // "If the rebels attack, the army will respond" — the antecedent is hypothetical.
    assert!(run("If/IN/if/mark/2 rebels/NNS/rebel/nsubj/2 attack/VBP/attack/advcl/5 ,/,/,/punct/5 troops/NNS/troop/nsubj/5 respond/VB/respond/ROOT/5").is_empty());
    // "refused to meet" codes the refusal, not a meeting.
    let r = run("Iran/NNP/Iran/nsubj/1 refused/VBD/refuse/ROOT/1 to/TO/to/aux/3 meet/VB/meet/xcomp/1 with/IN/with/prep/3 envoys/NNS/envoy/pobj/4");
    assert_eq!(r.len(), 1, "{r:?}");
    assert_eq!(r[0].0, "1243 refuse xcomp:meet");
}

#[test]
fn reduced_passive_participle() {
    // "fishermen detained by police": police → fishermen.
    let mut pats = PatternSet::default();
    pats.add_source("t", "173 detain\n", &|_| true).unwrap();
    let doc = doc_from_spec("fishermen/NNS/fisherman/ROOT/0 detained/VBN/detain/acl/0 by/IN/by/agent/1 police/NNS/police/pobj/2");
    let c = candidates(&doc, 0..4, &pats, lex(), None);
    assert_eq!(
        (c[0].sources.clone(), c[0].targets.clone()),
        (vec![3], vec![0])
    );
}

#[test]
fn event_noun_inside_an_intended_action_is_not_coded_twice() {
    let mut pats = PatternSet::default();
    pats.add_source("t", "030 agree xcomp:*\n150 n:exercise notarget\n", &|_| {
        true
    })
    .unwrap();
    let doc = doc_from_spec("Jordan/NNP/Jordan/nsubj/1 agreed/VBD/agree/ROOT/1 to/TO/to/aux/3 hold/VB/hold/xcomp/1 exercises/NNS/exercise/dobj/3");
    let ids: Vec<String> = candidates(&doc, 0..5, &pats, lex(), None)
        .iter()
        .map(|c| c.pattern.id())
        .collect();
    assert_eq!(ids, ["030 agree xcomp:*"]);
}

#[test]
fn future_is_intent() {
    let r = run("Macron/NNP/Macron/nsubj/2 will/MD/will/aux/2 meet/VB/meet/ROOT/2 with/IN/with/prep/2 Putin/NNP/Putin/pobj/3");
    assert_eq!(r[0].3, Mood::Intent);
}

#[test]
fn noun_trigger_with_possessor() {
    let r = run("Russia/NNP/Russia/poss/2 's/POS/'s/case/0 attack/NN/attack/ROOT/2 on/IN/on/prep/2 Kyiv/NNP/Kyiv/pobj/3");
    assert_eq!(
        r,
        vec![(
            "190 n:attack prep:on".into(),
            vec![0],
            vec![4],
            Mood::Factual
        )]
    );
}

fn run_with(pats: &str, spec: &str) -> Vec<(String, Vec<usize>, Vec<usize>, Mood)> {
    let mut s = PatternSet::default();
    s.add_source("t", pats, &|_| true).unwrap();
    let doc = doc_from_spec(spec);
    candidates(&doc, 0..doc.tokens.len(), &s, lex(), None)
        .into_iter()
        .map(|c| (c.pattern.id(), c.sources, c.targets, c.mood))
        .collect()
}

#[test]
fn a_participle_after_a_passive_is_the_agents_act() {
    let pats = "194 shell\n";
    // "Children were killed, shelling …": the children shelled nothing.
    let r = run_with(pats, "Children/NNS/child/nsubjpass/2 were/VBD/be/auxpass/2 killed/VBN/kill/ROOT/2 shelling/VBG/shell/advcl/2 the/DT/the/det/5 town/NN/town/dobj/3");
    assert!(r.iter().all(|c| c.1.is_empty()), "{r:?}");
    // "The town was attacked by rebels, shelling it": the rebels did.
    let r = run_with(pats, "The/DT/the/det/1 town/NN/town/nsubjpass/3 was/VBD/be/auxpass/3 attacked/VBN/attack/ROOT/3 by/IN/by/agent/3 rebels/NNS/rebel/pobj/4 shelling/VBG/shell/advcl/3 it/PRP/it/dobj/6");
    assert_eq!(r.len(), 1, "{r:?}");
    assert_eq!(r[0].1, vec![5]);
}

#[test]
fn notobj_excludes_objects_but_not_their_absence() {
    let pats = "0841 release notobj:statement|report\n";
    // Releasing hostages frees them.
    let r = run_with(
        pats,
        "Rebels/NNS/rebel/nsubj/1 released/VBD/release/ROOT/1 hostages/NNS/hostage/dobj/1",
    );
    assert_eq!(r.len(), 1, "{r:?}");
    assert_eq!(r[0].0, "0841 release notobj:statement|report");
    assert_eq!(r[0].2, vec![2]);
    // Releasing a statement, or a report released by the UN, frees nobody.
    assert!(run_with(pats, "Iran/NNP/Iran/nsubj/1 released/VBD/release/ROOT/1 a/DT/a/det/3 statement/NN/statement/dobj/1").is_empty());
    assert!(run_with(pats, "A/DT/a/det/1 report/NN/report/nsubj/5 released/VBN/release/acl/1 by/IN/by/agent/2 Iran/NNP/Iran/pobj/3 accused/VBD/accuse/ROOT/5").is_empty());
}

#[test]
fn reported_pronoun_subject_is_the_speaker() {
    // "Hungary said it will support Serbia": the supporter is Hungary.
    let r = run_with("051 support\n", "Hungary/NNP/Hungary/nsubj/1 said/VBD/say/ROOT/1 it/PRP/it/nsubj/4 will/MD/will/aux/4 support/VB/support/ccomp/1 Serbia/NNP/Serbia/dobj/4");
    assert_eq!(
        r,
        vec![("051 support".into(), vec![0], vec![5], Mood::Intent)]
    );
}

#[test]
fn infinitive_of_purpose_is_not_an_event() {
    // "Troops arrived to protect civilians": no protection is reported.
    let r = run_with("074 protect\n", "Troops/NNS/troop/nsubj/1 arrived/VBD/arrive/ROOT/1 to/TO/to/aux/3 protect/VB/protect/advcl/1 civilians/NNS/civilian/dobj/3");
    assert!(r.is_empty(), "{r:?}");
    // …but "continued to send arms" did happen.
    let r = run_with("072 send\n", "Washington/NNP/Washington/nsubj/1 continued/VBD/continue/ROOT/1 to/TO/to/aux/3 send/VB/send/xcomp/1 arms/NNS/arm/dobj/3");
    assert_eq!(
        r,
        vec![("072 send".into(), vec![0], vec![4], Mood::Factual)]
    );
}

#[test]
fn an_alleged_attack_is_coded_as_an_accusation() {
    let r = run_with("190 attack\n", "US/NNP/US/nsubj/1 claimed/VBD/claim/ROOT/1 that/IN/that/mark/4 ISIL/NNP/ISIL/nsubj/4 attacked/VBD/attack/ccomp/1 Iraq/NNP/Iraq/dobj/4");
    assert_eq!(
        r,
        vec![(
            "112 <alleged-wrongdoing>".into(),
            vec![0],
            vec![3],
            Mood::Factual
        )]
    );
}

#[test]
fn a_list_parsed_as_apposition_is_a_coordination() {
    let r = run_with("040 meet recip\n", "US/NNP/US/nsubj/5 ,/,/,/punct/0 Russia/NNP/Russia/appos/0 and/CC/and/cc/2 Switzerland/NNP/Switzerland/conj/2 met/VBD/meet/ROOT/5");
    let mut doc_sources = r[0].1.clone();
    doc_sources.sort();
    // Without entity labels the apposition is not taken as a list item.
    assert_eq!(doc_sources, vec![0]);
    let mut doc = doc_from_spec("US/NNP/US/nsubj/5 ,/,/,/punct/0 Russia/NNP/Russia/appos/0 and/CC/and/cc/2 Switzerland/NNP/Switzerland/conj/2 met/VBD/meet/ROOT/5");
    for i in [0, 2, 4] {
        doc.ents.push(dyad_text::Entity {
            start: i,
            end: i + 1,
            label: "GPE".into(),
        });
    }
    let mut s = PatternSet::default();
    s.add_source("t", "040 meet recip\n", &|_| true).unwrap();
    let c = candidates(&doc, 0..6, &s, lex(), None);
    assert_eq!(c[0].sources, vec![0, 2, 4]);
}

#[test]
fn infinitive_complement_object_is_a_fallback_target() {
    let mut s = PatternSet::default();
    s.add_source("t", "130 threaten\n", &|_| true).unwrap();
    let doc = doc_from_spec("Iran/NNP/Iran/nsubj/1 threatened/VBD/threaten/ROOT/1 to/TO/to/aux/3 shell/VB/shell/xcomp/1 towns/NNS/town/dobj/3");
    let c = candidates(&doc, 0..5, &s, lex(), None);
    assert!(c[0].targets.is_empty());
    assert_eq!(c[0].fallbacks, vec![Fallback::Phrase(4)]);
}

#[test]
fn a_reported_must_clause_is_a_demand_and_not_an_event() {
    let r = run_with("0842 return\n", "Russia/NNP/Russia/nsubj/1 said/VBD/say/ROOT/1 Sudan/NNP/Sudan/nsubj/4 must/MD/must/aux/4 return/VB/return/ccomp/1 helicopters/NNS/helicopter/dobj/4");
    assert_eq!(
        r,
        vec![("100 <must-clause>".into(), vec![0], vec![2], Mood::Factual)]
    );
    // What is demanded did not happen: "demanded that Israel ease curbs".
    let r = run_with("081 ease\n", "ILO/NNP/ILO/nsubj/1 demanded/VBD/demand/ROOT/1 that/IN/that/mark/4 Israel/NNP/Israel/nsubj/4 ease/VB/ease/ccomp/1 curbs/NNS/curb/dobj/4");
    assert!(r.is_empty(), "{r:?}");
}

#[test]
fn src_reverses_the_roles_and_pobj_is_part_of_the_trigger() {
    // "Demonstrators received weapons from the government": it gave.
    let r = run_with("072 receive obj:weapon src:from\n", "Demonstrators/NNS/demonstrator/nsubj/1 received/VBD/receive/ROOT/1 weapons/NNS/weapon/dobj/1 from/IN/from/prep/1 government/NN/government/pobj/3");
    assert_eq!(
        r,
        vec![(
            "072 receive obj:weapon src:from".into(),
            vec![4],
            vec![0],
            Mood::Factual
        )]
    );
    // "Workers went on strike": `strike` is no target.
    let r = run_with(
        "143 go prep:on pobj:strike notarget\n",
        "Workers/NNS/worker/nsubj/1 went/VBD/go/ROOT/1 on/IN/on/prep/1 strike/NN/strike/pobj/2",
    );
    assert_eq!(
        r,
        vec![(
            "143 go prep:on pobj:strike notarget".into(),
            vec![0],
            vec![],
            Mood::Factual
        )]
    );
    // …and without the right object the pattern does not hold.
    assert!(run_with(
        "143 go prep:on pobj:strike notarget\n",
        "Workers/NNS/worker/nsubj/1 went/VBD/go/ROOT/1 on/IN/on/prep/1 holiday/NN/holiday/pobj/2"
    )
    .is_empty());
}

#[test]
fn indirect_object_is_the_target_of_a_light_verb() {
    let r = run_with("070 give obj:grant\n", "Finland/NNP/Finland/nsubj/1 gave/VBD/give/ROOT/1 Tanzania/NNP/Tanzania/dative/1 a/DT/a/det/4 grant/NN/grant/dobj/1");
    assert_eq!(
        r,
        vec![("070 give obj:grant".into(), vec![0], vec![2], Mood::Factual)]
    );
}

#[test]
fn a_participle_conjoined_to_a_passive_is_passive() {
    // "Civilians were killed or wounded by rebels": the civilians are
    // the targets of both, the rebels the source.
    let r = run_with("190 kill\n1822 wound\n", "Civilians/NNS/civilian/nsubjpass/2 were/VBD/be/auxpass/2 killed/VBN/kill/ROOT/2 or/CC/or/cc/2 wounded/VBN/wound/conj/2 by/IN/by/agent/2 rebels/NNS/rebel/pobj/5");
    assert_eq!(
        r,
        vec![
            ("190 kill".into(), vec![6], vec![0], Mood::Factual),
            ("1822 wound".into(), vec![6], vec![0], Mood::Factual),
        ]
    );
}

#[test]
fn a_declined_cooperative_act_is_a_rejection() {
    // "Syria will not accept refugees" → 120-family rejection; "did not
    // meet" is only no meeting.
    let r = run_with("080 accept\n", "Syria/NNP/Syria/nsubj/3 will/MD/will/aux/3 not/RB/not/neg/3 accept/VB/accept/ROOT/3 refugees/NNS/refugee/dobj/3");
    assert_eq!(
        r,
        vec![("124 <declined>".into(), vec![0], vec![4], Mood::Factual)]
    );
    let r = run_with("040 meet\n", "Iran/NNP/Iran/nsubj/3 did/VBD/do/aux/3 not/RB/not/neg/3 meet/VB/meet/ROOT/3 envoys/NNS/envoy/dobj/3");
    assert!(r.is_empty(), "{r:?}");
    let r = run_with("040 meet\n", "Iran/NNP/Iran/nsubj/3 will/MD/will/aux/3 not/RB/not/neg/3 meet/VB/meet/ROOT/3 envoys/NNS/envoy/dobj/3");
    assert_eq!(r[0].0, "125 <declined>");
}

#[test]
fn a_bare_threat_and_the_threatened_act_are_one_event() {
    let r = run_with("130 threaten\n194 shell\n", "Iran/NNP/Iran/nsubj/1 threatened/VBD/threaten/ROOT/1 to/TO/to/aux/3 shell/VB/shell/xcomp/1 towns/NNS/town/dobj/3");
    assert_eq!(
        r,
        vec![("194 shell".into(), vec![0], vec![4], Mood::Intent)]
    );
}

#[test]
fn what_someone_is_charged_with_is_not_coded_as_done() {
    // "Amnesty accused the US of ignoring the law": no 128 event.
    let r = run_with("112 accuse\n128 ignore\n", "Amnesty/NNP/Amnesty/nsubj/1 accused/VBD/accuse/ROOT/1 US/NNP/US/dobj/1 of/IN/of/prep/1 ignoring/VBG/ignore/pcomp/3 law/NN/law/dobj/4");
    assert_eq!(
        r,
        vec![("112 accuse".into(), vec![0], vec![2], Mood::Factual)]
    );
}

#[test]
fn the_object_of_a_control_verb_does_the_act() {
    // "Russia warned Ukraine to withdraw": asked of Ukraine, not done.
    let spec = |verb: &str, lemma: &str| {
        format!("Russia/NNP/Russia/nsubj/1 {verb}/VBD/{lemma}/ROOT/1 Ukraine/NNP/Ukraine/dobj/1 to/TO/to/aux/4 withdraw/VB/withdraw/xcomp/1")
    };
    assert!(run_with("0872 withdraw\n", &spec("warned", "warn")).is_empty());
    // "forced Ukraine to withdraw": Ukraine withdrew.
    let r = run_with("0872 withdraw\n", &spec("forced", "force"));
    assert_eq!(
        r,
        vec![("0872 withdraw".into(), vec![2], vec![], Mood::Factual)]
    );
}

#[test]
fn a_negated_light_verb_object_is_no_event() {
    let r = run_with("040 hold obj:talk prep:with\n", "Iran/NNP/Iran/nsubj/1 held/VBD/hold/ROOT/1 no/DT/no/det/3 talks/NNS/talk/dobj/1 with/IN/with/prep/3 Oman/NNP/Oman/pobj/4");
    assert!(r.is_empty(), "{r:?}");
}

#[test]
fn subj_constrains_the_subject_and_a_group_stands_for_its_members() {
    let pats = "0874 withdraw subj:troop prep:from\n";
    let r = run_with(pats, "Troops/NNS/troop/nsubj/1 withdrew/VBD/withdraw/ROOT/1 from/IN/from/prep/1 Syria/NNP/Syria/pobj/2");
    assert_eq!(
        r,
        vec![(
            "0874 withdraw prep:from subj:troop".into(),
            vec![0],
            vec![3],
            Mood::Factual
        )]
    );
    let r = run_with(pats, "Hundreds/NNS/hundred/nsubj/3 of/IN/of/prep/0 troops/NNS/troop/pobj/1 withdrew/VBD/withdraw/ROOT/3 from/IN/from/prep/3 Syria/NNP/Syria/pobj/4");
    assert_eq!(r.len(), 1, "{r:?}");
    let r = run_with(pats, "The/DT/the/det/1 party/NN/party/nsubj/2 withdrew/VBD/withdraw/ROOT/2 from/IN/from/prep/2 talks/NNS/talk/pobj/3");
    assert!(r.is_empty(), "{r:?}");
}

#[test]
fn whoever_fired_the_weapon_is_the_source() {
    // "The plane was downed by a missile fired by rebels."
    let r = run_with("190 down\n", "The/DT/the/det/1 plane/NN/plane/nsubjpass/3 was/VBD/be/auxpass/3 downed/VBN/down/ROOT/3 by/IN/by/agent/3 a/DT/a/det/6 missile/NN/missile/pobj/4 fired/VBN/fire/acl/6 by/IN/by/agent/7 rebels/NNS/rebel/pobj/8");
    assert_eq!(
        r,
        vec![("190 down".into(), vec![9], vec![1], Mood::Factual)]
    );
}

#[test]
fn claiming_ones_own_violence_is_a_claim_of_responsibility_and_the_act() {
    let r = run_with("183 bomb\n", "The/DT/the/det/1 group/NN/group/nsubj/2 claimed/VBD/claim/ROOT/2 it/PRP/it/nsubj/5 had/VBD/have/aux/5 bombed/VBN/bomb/ccomp/2 the/DT/the/det/7 base/NN/base/dobj/5");
    let ids: Vec<(&str, &[usize], &[usize])> = r
        .iter()
        .map(|(id, s, t, _)| (id.as_str(), s.as_slice(), t.as_slice()))
        .collect();
    assert!(
        ids.contains(&("015 <claimed-own-act>", &[1][..], &[7][..])),
        "{r:?}"
    );
    assert!(ids.contains(&("183 bomb", &[1][..], &[7][..])), "{r:?}");
}
