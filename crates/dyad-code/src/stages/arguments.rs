//! Stage 2, arguments: the heads of a trigger's source and target phrases,
//! and the ordered fallbacks for a target its slots do not name. Purely
//! syntactic; which heads name actors is the actors stage's question.

use super::record::{Candidate, Fallback, Slots, TriggerVoice};
use super::syntax::{
    absolute_participle, children_with, first_child, infinitive, is_absolute, is_reduced_passive,
    lower, named_place, noun_source, passive_event_agent, place_noun_of_named, shares_passive,
    subject, weapon_user, with_conjuncts,
};
use crate::lexicon::{Class, Lexicon};
use crate::patterns::Pattern;
use dyad_text::Doc;

/// `prep:` names the target's preposition, unless `pobj:` makes the
/// preposition's object part of the trigger ("go on strike").
pub(crate) fn prep_names_target(p: &Pattern) -> bool {
    p.prep.is_some() && p.pobj.is_none()
}

/// Source heads: an event noun's possessor or modifier, else the subject,
/// else the agent of the event that a passive names.
pub(crate) fn sources(doc: &Doc, lex: &Lexicon, t: usize, p: &Pattern) -> Vec<usize> {
    let mut sources: Vec<usize> = if p.noun {
        noun_source(doc, lex, t).into_iter().collect()
    } else {
        subject(doc, lex, t)
            .or_else(|| passive_event_agent(doc, lex, t))
            .into_iter()
            .collect()
    };
    // "blown up by a missile believed to be fired by rebels": whoever fired
    // the weapon is the source.
    for s in sources.iter_mut() {
        if let Some(by) = weapon_user(doc, lex, *s) {
            *s = by;
        }
    }
    sources
}

/// Target heads the pattern's slots name.
pub(crate) fn slot_targets(
    doc: &Doc,
    lex: &Lexicon,
    t: usize,
    p: &Pattern,
    slots: &Slots,
) -> Vec<usize> {
    if let Some(o) = slots.prep_target {
        vec![o]
    } else if p.notarget {
        Vec::new()
    } else if let Some(x) = slots.xcomp {
        complement_target(doc, lex, t, x, slots)
            .into_iter()
            .collect()
    } else if !p.noun {
        verb_targets(doc, lex, t, p, slots)
    } else {
        Vec::new()
    }
}

/// "urged Iran to release X": the urged party is the target; else the
/// complement's object ("agreed to meet X"). Passive: "Iran was urged by
/// the EU to release X" urges Iran.
fn complement_target(doc: &Doc, lex: &Lexicon, t: usize, x: usize, slots: &Slots) -> Option<usize> {
    let urged = if slots.voice == TriggerVoice::Passive {
        first_child(doc, t, &["nsubjpass"])
    } else {
        None
    };
    urged
        .or_else(|| first_child(doc, t, &["dobj"]))
        .or_else(|| first_child(doc, x, &["dobj"]))
        .or_else(|| {
            children_with(doc, x, &["prep"])
                .filter(|&pp| lex.has(Class::ComplementTargetPreps, &lower(doc, pp)))
                .find_map(|pp| first_child(doc, pp, &["pobj"]))
        })
}

/// A verb's target: the object, the passive's subject, or the indirect
/// object of a light verb.
fn verb_targets(doc: &Doc, lex: &Lexicon, t: usize, p: &Pattern, slots: &Slots) -> Vec<usize> {
    let mut targets = Vec::new();
    if slots.voice == TriggerVoice::Passive {
        if slots.obj.is_none() {
            if is_reduced_passive(doc, t) {
                targets.push(doc.tokens[t].head);
            } else if shares_passive(doc, t) {
                targets.extend(first_child(doc, doc.tokens[t].head, &["nsubjpass"]));
            } else if absolute_participle(doc, t) {
                targets.extend(first_child(doc, t, &["nsubj"]));
            } else {
                targets.extend(first_child(doc, t, &["nsubjpass"]));
            }
        }
    } else if slots.obj.is_none() {
        targets.extend(first_child(doc, t, &["dobj", "dative"]));
    } else {
        // "gave Tanzania a grant": the indirect object.
        targets.extend(first_child(doc, t, &["dative"]).filter(|&d| {
            first_child(doc, d, &["pobj"]).is_none() && !doc.tokens[d].tag.starts_with("IN")
        }));
    }
    // "demanded that the US cancel …": who is asked is the subject of the
    // clause.
    if targets.is_empty() && lex.code_under(Class::ClauseSubjectAsked, &p.code) {
        targets.extend(
            children_with(doc, t, &["ccomp"])
                .find_map(|cc| first_child(doc, cc, &["nsubj", "nsubjpass"])),
        );
    }
    targets
}

/// "clashes between US forces and Shia militiamen", "talks between the
/// government and the rebels": a reciprocal event noun's `between` names
/// both parties; the first is the source, the rest its partners (the
/// pattern codes both directions). Runs before conjuncts are expanded.
fn between_parties(doc: &Doc, c: &mut Candidate<'_>) {
    let between = c
        .trigger_tokens
        .iter()
        .any(|&p| doc.tokens[p].dep == "prep" && lower(doc, p) == "between");
    if !(c.pattern.recip && c.pattern.noun && between && c.sources.is_empty()) {
        return;
    }
    let [first] = c.targets[..] else {
        return;
    };
    let parties = with_conjuncts(doc, first);
    if parties.len() >= 2 {
        c.sources = vec![parties[0]];
        c.targets = parties[1..].to_vec();
    }
}

/// Where the pattern's slots give no target, fallbacks in order; the
/// coder takes the first that names an actor. Also when the slots gave a
/// target: it may name no actor ("threatened to cut off electricity to
/// Nakhichevan"), and the coder then tries these in order.
pub(crate) fn fallbacks(
    doc: &Doc,
    lex: &Lexicon,
    t: usize,
    p: &Pattern,
    slots: &Slots,
) -> Vec<Fallback> {
    let mut fallbacks = Vec::new();
    let placed = lex.code_under(Class::Placed, &p.code);
    if prep_names_target(p) || slots.src.is_some() || (p.notarget && !placed) {
        return fallbacks;
    }
    if !p.notarget {
        object_fallbacks(doc, lex, t, p, slots, &mut fallbacks);
    }
    // "withdraw from the negotiations with the EU": the partner inside the
    // trigger's own prepositional object.
    if let Some(po) = &p.pobj {
        fallbacks.extend(
            slots
                .extra
                .iter()
                .copied()
                .filter(|&o| {
                    doc.tokens[o].dep == "pobj" && po.matches(&doc.tokens[o].lemma.to_lowercase())
                })
                .map(Fallback::Inside),
        );
    }
    let anchors: Vec<usize> = [Some(t), slots.obj].into_iter().flatten().collect();
    // "protested against X"; then a named place the event happened in
    // or was directed at ("protested in Beijing", "a visit to Beirut"),
    // which stands for its country, as CAMEO coders do.
    for &a in &anchors {
        fallbacks.extend(
            children_with(doc, a, &["prep"])
                .filter(|&pp| lower(doc, pp) == "against")
                .filter_map(|pp| first_child(doc, pp, &["pobj"]))
                .map(Fallback::Phrase),
        );
    }
    if !p.notarget {
        recipient_fallbacks(doc, lex, t, slots, &mut fallbacks);
    }
    if lex.code_under(Class::Protest, &p.code) {
        protest_aim_fallbacks(doc, lex, t, &anchors, &mut fallbacks);
    }
    for &a in &anchors {
        fallbacks.extend(
            children_with(doc, a, &["prep"])
                .filter(|&pp| lex.has(Class::PlacePreps, &lower(doc, pp)))
                .filter_map(|pp| first_child(doc, pp, &["pobj"]))
                .filter(|&o| named_place(doc, o) || place_noun_of_named(doc, lex, o))
                .map(Fallback::Phrase),
        );
    }
    fallbacks
}

/// The light verb's object, or an actor inside it: "expelled two Russian
/// diplomats", "rejected an Indian proposal", "lifted the ban on X"; an
/// event noun's complements: "an attack on X". Not for talks and
/// statements, whose object's complements are their topic ("held talks on
/// the fate of two journalists"). A visit's object is the occasion, whose
/// place or host is the visited ("attended the Beijing Olympics").
fn object_fallbacks(
    doc: &Doc,
    lex: &Lexicon,
    t: usize,
    p: &Pattern,
    slots: &Slots,
    fallbacks: &mut Vec<Fallback>,
) {
    if !lex.code_under(Class::TopicObject, &p.code)
        || lex.has(Class::TopicObjectExceptions, &p.code)
    {
        fallbacks.extend(slots.obj.map(Fallback::Phrase));
    }
    if p.noun {
        fallbacks.push(Fallback::Inside(t));
    }
    // "threatened to shell Iraqi towns", "offered to negotiate with X".
    for x in children_with(doc, t, &["xcomp"]) {
        fallbacks.extend(first_child(doc, x, &["dobj"]).map(Fallback::Phrase));
        fallbacks.extend(
            children_with(doc, x, &["prep"])
                .filter(|&pp| lex.has(Class::ComplementFallbackPreps, &lower(doc, pp)))
                .filter_map(|pp| first_child(doc, pp, &["pobj"]))
                .map(Fallback::Phrase),
        );
    }
}

/// "offered its troops to Lebanon's president": the recipient; then the
/// partner of a relation acted on ("closed its borders with Iran", "cut
/// ties with Qatar").
fn recipient_fallbacks(
    doc: &Doc,
    lex: &Lexicon,
    t: usize,
    slots: &Slots,
    fallbacks: &mut Vec<Fallback>,
) {
    for prep in lex.list(Class::RecipientPreps) {
        fallbacks.extend(
            children_with(doc, t, &["prep", "dative"])
                .filter(|&pp| lower(doc, pp) == *prep)
                .filter_map(|pp| {
                    first_child(doc, pp, &["pobj"]).filter(|&o| !is_absolute(doc, pp, o))
                })
                .map(Fallback::Phrase),
        );
    }
    // "kidnapped up to 16 advisers", parsed as particle `up` with `to 16
    // advisers` hanging off it.
    if slots.obj.is_none() {
        fallbacks.extend(
            children_with(doc, t, &["prt"])
                .flat_map(|u| children_with(doc, u, &["prep"]).collect::<Vec<_>>())
                .filter(|&pp| lower(doc, pp) == "to")
                .filter_map(|pp| first_child(doc, pp, &["pobj"]))
                .map(Fallback::Phrase),
        );
    }
}

/// A protest's aim: "in protest of X", "… to protest X", "… to demand the
/// return of property seized by X".
fn protest_aim_fallbacks(
    doc: &Doc,
    lex: &Lexicon,
    t: usize,
    anchors: &[usize],
    fallbacks: &mut Vec<Fallback>,
) {
    for &a in anchors {
        for pp in children_with(doc, a, &["prep"]).filter(|&pp| lower(doc, pp) == "in") {
            if let Some(n) = first_child(doc, pp, &["pobj"])
                .filter(|&n| lex.has(Class::ProtestAimNouns, &doc.tokens[n].lemma.to_lowercase()))
            {
                fallbacks.push(Fallback::Inside(n));
            }
        }
    }
    for x in children_with(doc, t, &["advcl", "xcomp"]).filter(|&x| infinitive(doc, x)) {
        if let Some(o) = first_child(doc, x, &["dobj"]) {
            fallbacks.push(Fallback::Phrase(o));
        }
    }
}

/// Each argument head plus its conjuncts ("France and Germany" → France,
/// Germany): the last step, after the rewrites have moved heads around.
pub(crate) fn expand_conjuncts(doc: &Doc, out: &mut [Candidate<'_>]) {
    for c in out.iter_mut() {
        between_parties(doc, c);
    }
    for c in out {
        c.sources = c
            .sources
            .iter()
            .flat_map(|&h| with_conjuncts(doc, h))
            .collect();
        c.targets = c
            .targets
            .iter()
            .flat_map(|&h| with_conjuncts(doc, h))
            .collect();
    }
}
