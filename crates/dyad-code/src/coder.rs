//! From a parsed article to coded events: the coder runs the named stages
//! of [`crate::stages`] over each sentence — triggers, arguments, modality
//! and rewrites ([`crate::stages::candidates`]), then actors and assembly
//! for each candidate — and keeps what the article has named so far for
//! the next sentence.

use crate::event::Event;
use crate::lexicon::Lexicon;
use crate::patterns::PatternSet;
use crate::stages::actors::resolve::Actors;
use crate::stages::actors::rules::CandidateCtx;
use crate::stages::actors::scene::{sentence_countries, Named, SentenceCtx};
use crate::stages::assembly::{self, Header};
use crate::stages::record::{Candidate, Trace};
use crate::stages::{actors, candidates};
use chrono::NaiveDate;
use dyad_kb::ontology::Ontology;
use dyad_text::Doc;

pub use crate::stages::actors::{actor_phrase, ActorResolver, ResolvedActor};
pub use crate::stages::assembly::{EventDater, StoryDate};

/// Everything needed to code a parsed document.
pub struct Coder<'a> {
    /// The event patterns to match.
    pub patterns: &'a PatternSet,
    /// The word classes and CAMEO tables the rules read.
    pub lexicon: &'a Lexicon,
    /// CAMEO event codes: names, Goldstein scores, QuadClass, PLOVER.
    pub ontology: &'a Ontology,
    /// Turns actor phrases into codes (the knowledge base, or a stand-in in tests).
    pub actors: &'a dyn ActorResolver,
    /// Dates each event from its trigger.
    pub dater: &'a dyn EventDater,
    /// The country the article's dateline sets it in ("BAGHDAD (Reuters) -"
    /// → IRQ), when it has one.
    pub home: Option<&'a str>,
}

impl Coder<'_> {
    fn actors(&self) -> Actors<'_> {
        Actors {
            resolver: self.actors,
            lexicon: self.lexicon,
        }
    }

    /// Code one parsed document. `trace`, when given, collects the reasoning.
    pub fn code_doc(
        &self,
        doc_id: &str,
        doc: &Doc,
        story_date: Option<NaiveDate>,
        mut trace: Option<&mut Trace>,
    ) -> Vec<Event> {
        let mut events = Vec::new();
        let mut named = Named::default();
        for (si, sent) in doc.sentences().into_iter().enumerate() {
            let (ss, se) = doc.byte_span(sent.clone());
            let cands = candidates(
                doc,
                sent.clone(),
                self.patterns,
                self.lexicon,
                trace.as_deref_mut(),
            );
            let first_new_person = named.people.len();
            named.add_sentence(doc, &sent, &self.actors(), story_date);
            if cands.is_empty() {
                continue;
            }
            let countries = sentence_countries(doc, &sent, &self.actors(), story_date);
            let acts: Vec<(usize, Vec<usize>)> = cands
                .iter()
                .filter(|c| c.pattern.noun)
                .map(|c| (c.trigger, c.sources.clone()))
                .collect();
            let ctx = SentenceCtx {
                index: si,
                span: (ss, se),
                text: &doc.text[ss..se],
                countries: &countries,
                people: &named.people,
                first_new_person,
                mentions: &named.mentions,
                acts: &acts,
                home: self.home,
            };
            for c in cands {
                self.code_candidate(doc_id, doc, &ctx, story_date, &c, &mut events);
            }
        }
        assembly::dedupe(&mut events);
        events
    }

    /// Stages 5 and 6 for one candidate: its actors, then its events.
    fn code_candidate(
        &self,
        doc_id: &str,
        doc: &Doc,
        sent: &SentenceCtx<'_>,
        story_date: Option<NaiveDate>,
        c: &Candidate<'_>,
        out: &mut Vec<Event>,
    ) {
        let Some(code) = assembly::event_code(self.lexicon, self.ontology, doc, c) else {
            return;
        };
        let date = self.dater.date(doc, c.trigger, story_date);
        let cx = CandidateCtx {
            doc,
            actors: self.actors(),
            candidate: c,
            code,
            sent,
            // Actors are looked up on the first day the event's date covers.
            when: date.start.or(story_date),
        };
        let sides = actors::resolve_sides(&cx);
        let header = Header {
            doc_id,
            story_date,
            date,
            ontology: self.ontology,
        };
        assembly::emit(&header, &cx, sides, out);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::stages::doc_from_spec;

    /// A resolver over a fixed phrase → code map.
    struct Map(&'static [(&'static str, &'static str)]);

    impl ActorResolver for Map {
        fn resolve(&self, phrase: &str, _date: Option<NaiveDate>) -> Option<ResolvedActor> {
            self.0
                .iter()
                .find(|(k, _)| k.eq_ignore_ascii_case(phrase))
                .map(|(_, c)| ResolvedActor {
                    code: c.to_string(),
                    reason: "test map".into(),
                })
        }
    }

    /// (source, target, code) of the events coded from a token spec.
    fn code(
        spec: &str,
        patterns: &str,
        map: &'static [(&'static str, &'static str)],
        gpe: &[usize],
    ) -> Vec<(String, Option<String>, String)> {
        let mut doc = doc_from_spec(spec);
        for &i in gpe {
            doc.ents.push(dyad_text::Entity {
                start: i,
                end: i + 1,
                label: "GPE".into(),
            });
        }
        let mut pats = PatternSet::default();
        pats.add_source("t", patterns, &|_| true).unwrap();
        let coder = Coder {
            patterns: &pats,
            lexicon: &Lexicon::builtin().unwrap(),
            ontology: Ontology::builtin(),
            actors: &Map(map),
            dater: &StoryDate,
            home: None,
        };
        coder
            .code_doc("d", &doc, None, None)
            .into_iter()
            .map(|e| {
                (
                    e.source.code.unwrap_or_default(),
                    e.target.and_then(|t| t.code),
                    e.cameo,
                )
            })
            .collect()
    }

    #[test]
    fn coordinated_modifiers_make_one_actor_each_and_a_place_is_a_target() {
        let evs = code(
            "US/NNP/US/amod/3 and/CC/and/cc/0 British/JJ/british/conj/0 activists/NNS/activist/nsubj/4 protested/VBD/protest/ROOT/4 in/IN/in/prep/4 Beijing/NNP/Beijing/pobj/5",
            "141 protest notarget\n",
            &[("US activists", "USAOPP"), ("British activists", "GBROPP"), ("Beijing", "CHNGOV")],
            &[6],
        );
        assert_eq!(
            evs,
            vec![
                ("USAOPP".into(), Some("CHNGOV".into()), "141".into()),
                ("GBROPP".into(), Some("CHNGOV".into()), "141".into()),
            ]
        );
    }

    #[test]
    fn roles_take_the_sentences_only_other_country() {
        // "Police arrested journalists in Kenya": both are Kenyan.
        let evs = code(
            "Police/NNS/police/nsubj/1 arrested/VBD/arrest/ROOT/1 journalists/NNS/journalist/dobj/1 in/IN/in/prep/1 Kenya/NNP/Kenya/pobj/3",
            "173 arrest\n",
            &[("Police", "---COP"), ("journalists", "---JRN"), ("Kenya", "KEN")],
            &[4],
        );
        assert_eq!(
            evs,
            vec![("KENCOP".into(), Some("KENJRN".into()), "173".into())]
        );
        // "The government criticised China": China is the target, so the
        // government is not China's.
        let evs = code(
            "The/DT/the/det/1 government/NN/government/nsubj/2 criticised/VBD/criticise/ROOT/2 China/NNP/China/dobj/2",
            "111 criticise\n",
            &[("The government", "---GOV"), ("China", "CHN")],
            &[3],
        );
        assert_eq!(
            evs,
            vec![("---GOV".into(), Some("CHN".into()), "111".into())]
        );
    }

    #[test]
    fn a_group_stands_for_its_members_and_a_target_is_found_inside_an_object() {
        let evs = code(
            "Hundreds/NNS/hundred/nsubj/4 of/IN/of/prep/0 UN/NNP/UN/compound/3 troops/NNS/troop/pobj/1 withdrew/VBD/withdraw/ROOT/4",
            "080 withdraw notarget\n",
            &[("UN troops", "IGOUNOMIL")],
            &[],
        );
        assert_eq!(evs, vec![("IGOUNOMIL".into(), None, "080".into())]);
        let evs = code(
            "Obama/NNP/Obama/nsubj/1 lifted/VBD/lift/ROOT/1 sanctions/NNS/sanction/dobj/1 on/IN/on/prep/2 Iran/NNP/Iran/pobj/3",
            "085 lift obj:sanction\n",
            &[("Obama", "USAGOV"), ("Iran", "IRN")],
            &[4],
        );
        assert_eq!(
            evs,
            vec![("USAGOV".into(), Some("IRN".into()), "085".into())]
        );
    }

    #[test]
    fn a_protest_without_a_target_is_aimed_at_the_protesters_own_state() {
        let evs = code(
            "Algerian/JJ/algerian/amod/1 landowners/NNS/landowner/nsubj/2 began/VBD/begin/ROOT/2 a/DT/a/det/4 strike/NN/strike/dobj/2",
            "143 begin obj:strike\n",
            &[("Algerian landowners", "DZACVL")],
            &[],
        );
        assert_eq!(
            evs,
            vec![("DZACVL".into(), Some("DZA".into()), "143".into())]
        );
    }

    #[test]
    fn the_other_sides_nationality_is_not_lent_and_counts_are_not_names() {
        // "Kenyan officials blamed militants": the militants' country is unknown.
        let mut doc_spec = "Kenyan/JJ/kenyan/amod/1 officials/NNS/official/nsubj/2 blamed/VBD/blame/ROOT/2 militants/NNS/militant/dobj/2";
        let evs = code(
            doc_spec,
            "112 blame\n",
            &[
                ("Kenyan officials", "KENGOV"),
                ("militants", "---REB"),
                ("Kenyan", "KEN"),
            ],
            &[],
        );
        assert_eq!(
            evs,
            vec![("KENGOV".into(), Some("---REB".into()), "112".into())]
        );
        // "Rebels kidnapped 16 Russian advisers": resolved without the count.
        doc_spec = "Rebels/NNS/rebel/nsubj/1 kidnapped/VBD/kidnap/ROOT/1 16/CD/16/nummod/4 Russian/JJ/russian/amod/4 advisers/NNS/adviser/dobj/1";
        let evs = code(
            doc_spec,
            "181 kidnap\n",
            &[("Rebels", "---REB"), ("Russian advisers", "RUS")],
            &[],
        );
        assert_eq!(
            evs,
            vec![("---REB".into(), Some("RUS".into()), "181".into())]
        );
    }

    #[test]
    fn he_in_a_later_sentence_is_the_last_person_named() {
        let mut doc = doc_from_spec(
            "Putin/NNP/Putin/nsubj/1 arrived/VBD/arrive/ROOT/1 ./././punct/1 He/PRP/he/nsubj/4 praised/VBD/praise/ROOT/4 Xi/NNP/Xi/dobj/4",
        );
        doc.tokens[3].sent_start = true;
        for i in [0, 5] {
            doc.ents.push(dyad_text::Entity {
                start: i,
                end: i + 1,
                label: "PERSON".into(),
            });
        }
        let mut pats = PatternSet::default();
        pats.add_source("t", "051 praise\n", &|_| true).unwrap();
        let coder = Coder {
            patterns: &pats,
            lexicon: &Lexicon::builtin().unwrap(),
            ontology: Ontology::builtin(),
            actors: &Map(&[("Putin", "RUSGOV"), ("Xi", "CHNGOV")]),
            dater: &StoryDate,
            home: None,
        };
        let evs = coder.code_doc("d", &doc, None, None);
        assert_eq!(evs.len(), 1);
        assert_eq!(evs[0].source.code.as_deref(), Some("RUSGOV"));
        assert_eq!(
            evs[0].target.as_ref().and_then(|t| t.code.as_deref()),
            Some("CHNGOV")
        );
        assert!(
            evs[0].source.reason.contains("last person named"),
            "{}",
            evs[0].source.reason
        );
    }

    #[test]
    fn a_role_named_in_a_complement_or_inside_the_object_is_used() {
        // "Leaders of the opposition agreed to talks": ---OPP via `of`.
        let evs = code(
            "Leaders/NNS/leader/nsubj/4 of/IN/of/prep/0 the/DT/the/det/3 opposition/NN/opposition/pobj/1 agreed/VBD/agree/ROOT/4",
            "030 agree notarget\n",
            &[("the opposition", "---OPP"), ("Leaders of the opposition", "---OPP")],
            &[],
        );
        assert_eq!(evs, vec![("---OPP".into(), None, "030".into())]);
        // "The government accepted demands from rebels": the rebels, though
        // only a role, are the target; a full actor inside would win.
        let spec = "The/DT/the/det/1 government/NN/government/nsubj/2 accepted/VBD/accept/ROOT/2 demands/NNS/demand/dobj/2 from/IN/from/prep/3 rebels/NNS/rebel/pobj/4";
        let evs = code(
            spec,
            "080 accept obj:demand\n",
            &[("The government", "KENGOV"), ("rebels", "---REB")],
            &[],
        );
        assert_eq!(
            evs,
            vec![("KENGOV".into(), Some("---REB".into()), "080".into())]
        );
    }

    #[test]
    fn a_relation_partner_and_a_dated_preposition() {
        // "Russia closed its borders with Iran": the partner is the target.
        let evs = code(
            "Russia/NNP/Russia/nsubj/1 closed/VBD/close/ROOT/1 its/PRP$/its/poss/3 borders/NNS/border/dobj/1 with/IN/with/prep/1 Iran/NNP/Iran/pobj/4",
            "191 close obj:border\n",
            &[("Russia", "RUS"), ("Iran", "IRN")],
            &[0, 5],
        );
        assert_eq!(evs, vec![("RUS".into(), Some("IRN".into()), "191".into())]);
        // "Tutu called on Sunday for sanctions": Sunday is when, not whom.
        let evs = code(
            "Tutu/NNP/Tutu/nsubj/1 called/VBD/call/ROOT/1 on/IN/on/prep/1 Sunday/NNP/Sunday/pobj/2 for/IN/for/prep/1 sanctions/NNS/sanction/pobj/4 against/IN/against/prep/5 Nigeria/NNP/Nigeria/pobj/6",
            "020 call prep:on\n020 call prep:for\n",
            &[("Tutu", "ZAFELI"), ("Nigeria", "NGA")],
            &[7],
        );
        assert_eq!(
            evs,
            vec![("ZAFELI".into(), Some("NGA".into()), "020".into())]
        );
    }

    #[test]
    fn protesters_damaging_property_are_rioting() {
        let spec = "Protesters/NNS/protester/nsubj/1 burned/VBD/burn/ROOT/1 the/DT/the/det/3 embassy/NN/embassy/dobj/1";
        let map: &[(&str, &str)] = &[("Protesters", "LBNOPP"), ("the embassy", "DNKGOV")];
        assert_eq!(
            code(spec, "1712 burn\n", map, &[]),
            vec![("LBNOPP".into(), Some("DNKGOV".into()), "145".into())]
        );
        // Soldiers burning it is destruction of property.
        let spec = "Soldiers/NNS/soldier/nsubj/1 burned/VBD/burn/ROOT/1 the/DT/the/det/3 embassy/NN/embassy/dobj/1";
        let map: &[(&str, &str)] = &[("Soldiers", "LBNMIL"), ("the embassy", "DNKGOV")];
        assert_eq!(
            code(spec, "1712 burn\n", map, &[]),
            vec![("LBNMIL".into(), Some("DNKGOV".into()), "1712".into())]
        );
        // Demonstrators firing missiles are fighting, not rioting.
        let spec = "Demonstrators/NNS/demonstrator/nsubj/1 launched/VBD/launch/ROOT/1 missiles/NNS/missile/dobj/1 at/IN/at/prep/1 the/DT/the/det/5 government/NN/government/pobj/3";
        let map: &[(&str, &str)] = &[("Demonstrators", "GEOOPP"), ("the government", "GEOGOV")];
        assert_eq!(
            code(spec, "194 launch obj:missile prep:at\n", map, &[]),
            vec![("GEOOPP".into(), Some("GEOGOV".into()), "194".into())]
        );
    }

    #[test]
    fn an_ethnic_group_lives_where_the_sentence_is_set() {
        let evs = code(
            "Ethnic/JJ/ethnic/amod/1 Albanians/NNPS/Albanians/nsubj/2 demonstrated/VBD/demonstrate/ROOT/2 in/IN/in/prep/2 Serbia/NNP/Serbia/pobj/3",
            "141 demonstrate notarget\n",
            &[("Ethnic Albanians", "ALB"), ("Serbia", "SRB")],
            &[4],
        );
        assert_eq!(
            evs,
            vec![("SRBCVL".into(), Some("SRB".into()), "141".into())]
        );
    }

    #[test]
    fn a_people_of_a_foreign_place_are_its_inhabitants() {
        // "The Albanians of southern Serbia demanded autonomy from the
        // authorities": Serbian civilians, not Albania.
        let spec = "The/DT/the/det/1 Albanians/NNPS/Albanians/nsubj/5 of/IN/of/prep/1 southern/JJ/southern/amod/4 Serbia/NNP/Serbia/pobj/2 demanded/VBD/demand/ROOT/5 autonomy/NN/autonomy/dobj/5 from/IN/from/prep/5 the/DT/the/det/9 authorities/NNS/authority/pobj/7";
        let map: &[(&str, &str)] = &[
            ("Albanians", "ALB"),
            ("The Albanians of southern Serbia", "ALB"),
            ("southern Serbia", "SRB"),
            ("the authorities", "SRBGOV"),
        ];
        assert_eq!(
            code(spec, "1044 demand obj:autonomy prep:from\n", map, &[4]),
            vec![("SRBCVL".into(), Some("SRBGOV".into()), "1044".into())]
        );
        // "The Serbs of Serbia" stay Serbs, with no role added.
        let spec = "The/DT/the/det/1 Serbs/NNPS/Serbs/nsubj/5 of/IN/of/prep/1 southern/JJ/southern/amod/4 Serbia/NNP/Serbia/pobj/2 demanded/VBD/demand/ROOT/5 autonomy/NN/autonomy/dobj/5 from/IN/from/prep/5 the/DT/the/det/9 authorities/NNS/authority/pobj/7";
        let map: &[(&str, &str)] = &[
            ("Serbs", "SRB"),
            ("The Serbs of southern Serbia", "SRB"),
            ("southern Serbia", "SRB"),
            ("the authorities", "SRBGOV"),
        ];
        assert_eq!(
            code(spec, "1044 demand obj:autonomy prep:from\n", map, &[4]),
            vec![("SRB".into(), Some("SRBGOV".into()), "1044".into())]
        );
    }

    #[test]
    fn a_province_named_by_a_country_is_a_place_target() {
        // "Serbia eased measures in Montenegro province".
        let evs = code(
            "Serbia/NNP/Serbia/nsubj/1 eased/VBD/ease/ROOT/1 measures/NNS/measure/dobj/1 in/IN/in/prep/1 Montenegro/NNP/Montenegro/compound/5 province/NN/province/pobj/3",
            "081 ease obj:measure\n",
            &[("Serbia", "SRB"), ("Montenegro province", "MNE"), ("Montenegro", "MNE")],
            &[0, 4],
        );
        assert_eq!(evs, vec![("SRB".into(), Some("MNE".into()), "081".into())]);
    }

    #[test]
    fn the_town_of_x_sets_the_scene_for_an_unnamed_attacker() {
        let evs = code(
            "A/DT/a/det/1 bomb/NN/bomb/nsubj/2 killed/VBD/kill/ROOT/2 soldiers/NNS/soldier/dobj/2 near/IN/near/prep/2 the/DT/the/det/6 town/NN/town/pobj/4 of/IN/of/prep/6 Samarra/NNP/Samarra/pobj/7",
            "190 kill\n",
            &[("soldiers", "USAMIL"), ("Samarra", "IRQ")],
            &[8],
        );
        assert_eq!(
            evs,
            // The bomb also sets the code: a bombing (183), not 190.
            vec![("IRQUAF".into(), Some("USAMIL".into()), "183".into())]
        );
    }

    #[test]
    fn a_slot_target_naming_no_actor_gives_way_to_a_fallback() {
        let evs = code(
            "Iran/NNP/Iran/nsubj/1 threatened/VBD/threaten/ROOT/1 to/TO/to/aux/3 cut/VB/cut/xcomp/1 electricity/NN/electricity/dobj/3 to/IN/to/prep/3 Nakhichevan/NNP/Nakhichevan/pobj/5",
            "1313 threaten xcomp:cut\n",
            &[("Iran", "IRN"), ("Nakhichevan", "AZE")],
            &[0, 6],
        );
        assert_eq!(evs, vec![("IRN".into(), Some("AZE".into()), "1313".into())]);
    }

    /// `spec` written `copies` times as consecutive sentences (heads and
    /// entity tokens shifted), so each copy sits far from the document's start.
    fn repeated(spec: &str, copies: usize, gpe: &[usize]) -> (String, Vec<usize>) {
        let len = spec.split_whitespace().count();
        let mut items = Vec::new();
        let mut ents = Vec::new();
        for k in 0..copies {
            for item in spec.split_whitespace() {
                let (rest, head) = item.rsplit_once('/').expect("token spec");
                let head: usize = head.parse().expect("head index");
                items.push(format!("{rest}/{}", head + k * len));
            }
            ents.extend(gpe.iter().map(|&i| i + k * len));
        }
        (items.join(" "), ents)
    }

    #[test]
    fn every_sentence_of_a_long_document_is_coded_as_it_is_alone() {
        // Sentence-bounded entity lookups and the child index must find each
        // copy's own words, however far into the document it is.
        let one = "US/NNP/US/amod/3 and/CC/and/cc/0 British/JJ/british/conj/0 activists/NNS/activist/nsubj/4 protested/VBD/protest/ROOT/4 in/IN/in/prep/4 Beijing/NNP/Beijing/pobj/5 ./././punct/4";
        let map: &[(&str, &str)] = &[
            ("US activists", "USAOPP"),
            ("British activists", "GBROPP"),
            ("Beijing", "CHNGOV"),
        ];
        let alone = code(one, "141 protest notarget\n", map, &[6]);
        assert_eq!(alone.len(), 2);
        let copies = 300;
        let (spec, gpe) = repeated(one, copies, &[6]);
        let mut doc = doc_from_spec(&spec);
        let len = one.split_whitespace().count();
        for k in 0..copies {
            doc.tokens[k * len].sent_start = true;
        }
        for i in gpe {
            doc.ents.push(dyad_text::Entity {
                start: i,
                end: i + 1,
                label: "GPE".into(),
            });
        }
        let mut pats = PatternSet::default();
        pats.add_source("t", "141 protest notarget\n", &|_| true)
            .unwrap();
        let coder = Coder {
            patterns: &pats,
            lexicon: &Lexicon::builtin().unwrap(),
            ontology: Ontology::builtin(),
            actors: &Map(map),
            dater: &StoryDate,
            home: None,
        };
        let events = coder.code_doc("d", &doc, None, None);
        let got: Vec<(usize, String, Option<String>, String)> = events
            .into_iter()
            .map(|e| {
                (
                    e.sentence_index,
                    e.source.code.unwrap_or_default(),
                    e.target.and_then(|t| t.code),
                    e.cameo,
                )
            })
            .collect();
        let want: Vec<(usize, String, Option<String>, String)> = (0..copies)
            .flat_map(|k| {
                alone
                    .iter()
                    .map(move |(s, t, c)| (k, s.clone(), t.clone(), c.clone()))
            })
            .collect();
        assert_eq!(got, want);
    }
}
