//! The rules that rework a candidate's resolved actors, one named function
//! each, in the order `resolve_sides` applies them: a fallback
//! target, a reaction to an act, an unnamed attacker, "he", an ethnic group's home, "both
//! countries", a role's country, a domestic action's own country.

use super::resolve::{Actors, Inside, ETHNIC_PLACED};
use super::scene::{both_of, countries_of, fill_countries, SentenceCtx};
use crate::event::ActorRef;
use crate::lexicon::Class;
use crate::stages::record::{Candidate, Fallback, Mood};
use crate::stages::syntax::is_passive;
use chrono::NaiveDate;
use dyad_text::Doc;

/// One candidate being given actors: what the rules read.
pub(crate) struct CandidateCtx<'a, 'p> {
    pub doc: &'a Doc,
    pub actors: Actors<'a>,
    pub candidate: &'a Candidate<'p>,
    /// The CAMEO code the event will have.
    pub code: &'a str,
    pub sent: &'a SentenceCtx<'a>,
    /// The day actors are looked up on.
    pub when: Option<NaiveDate>,
}

/// The actors of both sides of a candidate, as the rules rework them.
pub(crate) struct Sides {
    pub sources: Vec<ActorRef>,
    pub targets: Vec<ActorRef>,
}

/// A code with a country or organisation, not only roles.
fn full(a: &ActorRef) -> bool {
    a.code.as_deref().is_some_and(|c| !c.starts_with("---"))
}

/// A role-only target ("mobilized army reservists") may be the source's
/// own; a fallback that names a full actor wins over it. A target the
/// pattern's slots named keeps its role ("arrested journalists in Kenya":
/// KENJRN, not Kenya); one naming no actor ("cut off electricity to X")
/// gives way to the fallbacks.
pub(crate) fn fallback_target(cx: &CandidateCtx<'_, '_>, sides: &mut Sides) {
    let c = cx.candidate;
    let slot_named = !c.targets.is_empty() && sides.targets.iter().any(|a| a.code.is_some());
    if sides.targets.iter().any(full) || slot_named {
        return;
    }
    // Fallbacks are resolved in order, stopping at the first naming a full
    // actor; a source never becomes its own target.
    let source_codes: Vec<Option<String>> = sides.sources.iter().map(|a| a.code.clone()).collect();
    let mut first_role: Option<Vec<ActorRef>> = None;
    let mut found: Option<Vec<ActorRef>> = None;
    for f in &c.fallbacks {
        let refs: Vec<ActorRef> = match *f {
            Fallback::Phrase(n) => cx.actors.resolve_arg(cx.doc, n, cx.when, Inside::Search),
            Fallback::Inside(n) => cx
                .actors
                .find_inside(cx.doc, n, cx.when, 0)
                .into_iter()
                .collect(),
        }
        .into_iter()
        .filter(|a| !source_codes.contains(&a.code))
        .collect();
        if refs.iter().any(full) {
            found = Some(refs);
            break;
        }
        if first_role.is_none() && refs.iter().any(|a| a.code.is_some()) {
            first_role = Some(refs);
        }
    }
    // Else the first naming a role ("wounding five civilians" → ---CVL),
    // when the pattern's own slots gave nothing.
    if found.is_none() && sides.targets.iter().all(|a| a.code.is_none()) {
        found = first_role;
    }
    if let Some(found) = found {
        sides.targets = found;
    }
}

/// "Bush condemned the beheading of an American hostage": criticism or
/// rejection of an act named by an event noun is aimed at whoever did the
/// act ("… by Islamic State militants", "Annan's assertion"), and at no one
/// named when the text does not say — never at the act's victim.
pub(crate) fn reaction_to_act(cx: &CandidateCtx<'_, '_>, sides: &mut Sides) {
    let lex = cx.actors.lexicon;
    if !lex.code_under(Class::Reactions, cx.code) {
        return;
    }
    // The act is what the reaction is directly about: its object, or the
    // subject of its passive ("the demand was rejected").
    let (doc, trigger) = (cx.doc, cx.candidate.trigger);
    let about = |t: usize| {
        let tok = &doc.tokens[t];
        tok.head == trigger && matches!(tok.dep.as_str(), "dobj" | "nsubjpass")
    };
    let Some((_, doers)) = cx
        .sent
        .acts
        .iter()
        .find(|(t, _)| cx.candidate.targets.contains(t) && about(*t))
    else {
        return;
    };
    sides.targets = doers
        .iter()
        .flat_map(|&h| cx.actors.resolve_arg(cx.doc, h, cx.when, Inside::Skip))
        .filter(|a| a.code.is_some())
        .collect();
}

/// "Eight Egyptians have been arrested", "Berlusconi was acquitted": an act
/// only a state does, in the passive with no agent, was done by that
/// country's police, courts or government (`[obvious_agents]`). The
/// country is the place the act was done at, else the dateline's, else
/// the victim's, else the sentence's one place, else the one the article
/// has named.
pub(crate) fn obvious_agent(cx: &CandidateCtx<'_, '_>, sides: &mut Sides) {
    let (doc, c, lex) = (cx.doc, cx.candidate, cx.actors.lexicon);
    // Only the main news: not an act hoped for ("would be indicted") nor
    // background in a relative clause or participle ("a member jailed a
    // year ago", "who had been arrested").
    let dep = doc.tokens[c.trigger].dep.as_str();
    if !sides.sources.is_empty()
        || c.pattern.noun
        || c.mood != Mood::Factual
        || matches!(dep, "acl" | "relcl")
        || !is_passive(doc, c.trigger)
    {
        return;
    }
    let lemma = doc.tokens[c.trigger].lemma.to_lowercase();
    let Some(role) = lex.word_code(Class::ObviousAgents, &lemma) else {
        return;
    };
    let places = cx.sent.places();
    // The first victim with a country part, if that names a country.
    let victim = sides
        .targets
        .iter()
        .filter_map(|a| a.code.as_deref())
        .find(|c| !c.starts_with('-'))
        .and_then(|c| lex.country_of(c));
    // Where the act itself was done ("arrested in Cairo") is the best
    // evidence; a place elsewhere in the sentence ("an ally of Bush in
    // Iraq … was acquitted") is weaker than the dateline or the victim's.
    let at_trigger = trigger_place(cx);
    let country = match (
        at_trigger.as_deref(),
        cx.sent.home,
        victim,
        places.as_slice(),
        only_named_country(cx),
    ) {
        (Some(t), ..) => t,
        (_, Some(h), ..) => h,
        (_, _, Some(v), ..) => v,
        (_, _, _, [p], _) => *p,
        (_, _, _, _, Some(n)) => n,
        _ => "---",
    };
    let tok = &doc.tokens[c.trigger];
    sides.sources = vec![ActorRef {
        code: Some(format!("{country}{role}")),
        text: String::new(),
        span: (tok.start, tok.end),
        reason: format!("no agent named: `{lemma}` in the passive is done by the state ({role})"),
    }];
}

/// The country of a place the trigger itself is located at ("were
/// arrested *in Cairo*").
fn trigger_place(cx: &CandidateCtx<'_, '_>) -> Option<String> {
    let (doc, lex) = (cx.doc, cx.actors.lexicon);
    let t = cx.candidate.trigger;
    doc.children(t)
        .filter(|&p| {
            doc.tokens[p].dep == "prep"
                && lex.has(Class::LocativePreps, &doc.token_text(p).to_lowercase())
        })
        .filter_map(|p| doc.children(p).find(|&o| doc.tokens[o].dep == "pobj"))
        .flat_map(|o| cx.actors.resolve_arg(doc, o, cx.when, Inside::Skip))
        .filter_map(|a| a.code)
        .find_map(|c| lex.country_of(&c).map(str::to_string))
}

/// The one country the article has named up to this sentence's end, if
/// it has named exactly one.
fn only_named_country<'s>(cx: &CandidateCtx<'s, '_>) -> Option<&'s str> {
    let mut named = cx.sent.mentions.iter().map(|(_, c)| c.as_str());
    let first = named.next()?;
    named.all(|c| c == first).then_some(first)
}

/// The role of a role-only actor code (`---GOV` → `GOV`).
fn role_only(code: &str) -> Option<&str> {
    code.strip_prefix("---").filter(|r| !r.is_empty())
}

/// "Three civilians were killed in a car bombing": violence with a named
/// victim but no named perpetrator is coded with CAMEO's unidentified armed
/// forces, which may take the scene's country. Only when no one is named
/// at all, or the subject is the weapon or the attack itself ("a roadside
/// bomb killed …").
pub(crate) fn unnamed_attacker(cx: &CandidateCtx<'_, '_>, sides: &mut Sides) {
    let (doc, c, lex) = (cx.doc, cx.candidate, cx.actors.lexicon);
    let violent =
        lex.code_under(Class::Violent, cx.code) && !c.pattern.noun && c.mood == Mood::Factual;
    let unnamed_source = c.sources.iter().all(|&h| {
        let lemma = doc.tokens[h].lemma.to_lowercase();
        lex.has(Class::Instruments, &lemma)
    });
    if !(violent
        && unnamed_source
        && sides.sources.iter().all(|s| s.code.is_none())
        && sides.targets.iter().any(full))
    {
        return;
    }
    let (ts, te) = (doc.tokens[c.trigger].start, doc.tokens[c.trigger].end);
    let unnamed = ActorRef {
        code: Some("---UAF".into()),
        text: String::new(),
        span: (ts, te),
        reason: "no perpetrator named: unidentified armed forces (UAF)".into(),
    };
    sides.sources = match sides.sources.first() {
        Some(s) => vec![ActorRef {
            text: s.text.clone(),
            span: s.span,
            ..unnamed
        }],
        None => vec![unnamed],
    };
}

/// "He said …" in a later sentence: the last person named before it.
pub(crate) fn pronoun_person(cx: &CandidateCtx<'_, '_>, sides: &mut Sides) {
    let (sent, lex) = (cx.sent, cx.actors.lexicon);
    for a in sides.sources.iter_mut().chain(sides.targets.iter_mut()) {
        if a.code.is_none() && lex.has(Class::PersonPronouns, &a.text.to_lowercase()) {
            let before = sent.people[..sent.first_new_person]
                .iter()
                .chain(
                    sent.people[sent.first_new_person..]
                        .iter()
                        .filter(|(at, _)| *at < a.span.0),
                )
                .next_back();
            if let Some((_, p)) = before {
                a.code = p.code.clone();
                a.reason = format!(
                    "`{}` = {}, the last person named before it: {}",
                    a.text, p.text, p.reason
                );
            }
        }
    }
}

/// "threatened to kill an Australian journalist and interrogated *him*": an
/// object pronoun with no person named before it stands for the nearest
/// actor phrase before it in the sentence (not the event's own source).
pub(crate) fn pronoun_object(cx: &CandidateCtx<'_, '_>, sides: &mut Sides) {
    let (doc, lex) = (cx.doc, cx.actors.lexicon);
    let source_codes: Vec<Option<String>> = sides.sources.iter().map(|a| a.code.clone()).collect();
    // The sentence's first token: tokens are in text order.
    let sent_start = doc.tokens.partition_point(|t| t.start < cx.sent.span.0);
    for a in sides.targets.iter_mut() {
        if a.code.is_some() || !lex.has(Class::ObjectPronouns, &a.text.to_lowercase()) {
            continue;
        }
        let before = doc.tokens[sent_start..].partition_point(|t| t.end <= a.span.0);
        let earlier = (sent_start..sent_start + before).filter(|&i| {
            let t = &doc.tokens[i];
            t.tag.starts_with("NN")
                && matches!(t.dep.as_str(), "dobj" | "nsubjpass" | "pobj" | "nsubj")
        });
        let found = earlier.rev().find_map(|h| {
            cx.actors
                .resolve_arg(doc, h, cx.when, Inside::Skip)
                .into_iter()
                .find(|r| r.code.is_some() && !source_codes.contains(&r.code))
        });
        if let Some(r) = found {
            a.reason = format!(
                "`{}` = {}, the actor named before it: {}",
                a.text, r.text, r.reason
            );
            a.code = r.code;
        }
    }
}

/// "Ethnic Albanians demonstrated in Serbia": an ethnic group with no home
/// of its own in the phrase lives where the sentence is set.
pub(crate) fn ethnic_scene(cx: &CandidateCtx<'_, '_>, sides: &mut Sides) {
    let lex = cx.actors.lexicon;
    let places = cx.sent.places();
    let [place] = places.as_slice() else {
        return;
    };
    for a in sides.sources.iter_mut().chain(sides.targets.iter_mut()) {
        let ethnic = a
            .text
            .split_whitespace()
            .any(|w| lex.has(Class::EthnicMarkers, w));
        if ethnic && !a.reason.starts_with(ETHNIC_PLACED) && a.code.is_some() {
            a.code = Some(format!("{place}CVL"));
            a.reason = format!(
                "{ETHNIC_PLACED} {place}, where the sentence is set: {}",
                a.reason
            );
        }
    }
}

/// "Both countries", "the two leaders": the last two countries named.
pub(crate) fn both_countries(cx: &CandidateCtx<'_, '_>, sides: &mut Sides) {
    let (mentions, lex) = (cx.sent.mentions, cx.actors.lexicon);
    for side in [&mut sides.sources, &mut sides.targets] {
        *side = std::mem::take(side)
            .into_iter()
            .flat_map(|a| both_of(a, mentions, lex))
            .collect();
    }
}

/// Role-only actors take the sentence's one free country. Each side is
/// judged against the other as written, before either borrowed a country.
pub(crate) fn scene_country(cx: &CandidateCtx<'_, '_>, sides: &mut Sides) {
    let sources_as_written = sides.sources.clone();
    fill_countries(&mut sides.sources, &sides.targets, cx.sent.countries);
    fill_countries(&mut sides.targets, &sources_as_written, cx.sent.countries);
}

/// "KABUL (Reuters) - Police arrested …", "… in the Iraqi town of Falluja
/// said the government had cancelled talks": a role the sentence gives no
/// country takes the article's. State roles (`[state_roles]`: government,
/// army, police, courts) take the dateline's country, else the one country
/// the article has named so far; other roles (rebels, civilians) only the
/// dateline's, a place — a nationality named elsewhere does not make them
/// its own — nor is the other side's country.
pub(crate) fn home_country(cx: &CandidateCtx<'_, '_>, sides: &mut Sides) {
    let lex = cx.actors.lexicon;
    let only_named = only_named_country(cx);
    // The dateline is a place, both sides' (GUIDE: "Kabul: militants began
    // talks with the government"); a country only named is never lent to
    // the side it is not ("the government criticised China" is not China's).
    let source_countries = countries_of(&sides.sources);
    let target_countries = countries_of(&sides.targets);
    let sides_and_others = [
        (&mut sides.sources, &target_countries),
        (&mut sides.targets, &source_countries),
    ];
    for (side, others) in sides_and_others {
        for a in side.iter_mut() {
            let Some(role) = a.code.as_deref().and_then(role_only) else {
                continue;
            };
            let state = lex.has(Class::StateRoles, role.get(..3).unwrap_or(role));
            let (country, whence) = match (cx.sent.home, only_named) {
                (Some(h), _) => (h, "the dateline's"),
                (None, Some(n)) if state && !others.iter().any(|o| o == n) => {
                    (n, "the only country the article names")
                }
                _ => continue,
            };
            a.reason = format!("{}; country {country}, {whence}", a.reason);
            a.code = Some(format!("{country}{role}"));
        }
    }
}

/// "Police killed three coca farmers", "a court sentenced two journalists":
/// police and courts act at home (`[domestic_roles]`), so a role-only actor
/// on the other side is of their country.
pub(crate) fn domestic_counterpart(cx: &CandidateCtx<'_, '_>, sides: &mut Sides) {
    let lex = cx.actors.lexicon;
    let home_of = |refs: &[ActorRef]| -> Option<String> {
        refs.iter().filter_map(|a| a.code.as_deref()).find_map(|c| {
            let country = lex.country_of(c)?;
            lex.has(Class::DomesticRoles, c.get(3..6)?)
                .then(|| country.to_string())
        })
    };
    let (from_sources, from_targets) = (home_of(&sides.sources), home_of(&sides.targets));
    let pairs = [
        (&mut sides.targets, from_sources),
        (&mut sides.sources, from_targets),
    ];
    for (side, home) in pairs {
        let Some(home) = home else {
            continue;
        };
        for a in side.iter_mut() {
            if let Some(role) = a.code.as_deref().and_then(role_only) {
                a.code = Some(format!("{home}{role}"));
                a.reason = format!(
                    "{}; country {home}, the other side's police or courts act at home",
                    a.reason
                );
            }
        }
    }
}

/// A protest, or a curfew or restriction imposed or lifted, with no one
/// named as its target is aimed at the actor's own state and people
/// ("Algerian landowners began a hunger strike").
pub(crate) fn domestic_target(cx: &CandidateCtx<'_, '_>, sides: &mut Sides) {
    let lex = cx.actors.lexicon;
    if !lex.code_under(Class::Domestic, cx.code) || sides.targets.iter().any(full) {
        return;
    }
    let home = sides
        .sources
        .iter()
        .filter_map(|s| s.code.as_deref())
        .filter(|c| !c.starts_with("---"))
        .filter_map(|c| c.get(..3))
        .find(|c| !lex.has(Class::NonCountryActors, c))
        .map(str::to_string);
    let Some(home) = home else {
        return;
    };
    let tok = &cx.doc.tokens[cx.candidate.trigger];
    let why = format!("no target named: a domestic action is aimed at its own country {home}");
    if sides.targets.is_empty() || sides.targets.iter().all(|a| a.code.is_none()) {
        sides.targets = vec![ActorRef {
            code: Some(home),
            text: String::new(),
            span: (tok.start, tok.end),
            reason: why,
        }];
    } else {
        for a in &mut sides.targets {
            if let Some(code) = a.code.as_mut().filter(|c| c.starts_with("---")) {
                *code = format!("{home}{}", &code[3..]);
                a.reason = format!("{}; {why}", a.reason);
            }
        }
    }
}
