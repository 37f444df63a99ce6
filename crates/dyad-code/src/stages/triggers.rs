//! Stage 1, triggers: a word whose lemma has patterns, and the first of
//! them whose constraints hold (voice, particle, object, complement,
//! prepositions, subject). Adds the `Slots` the pattern's words matched;
//! the arguments stage reads its source and target from them.

use super::arguments;
use super::record::{Candidate, Mood, Slots, TriggerVoice};
use super::syntax::{
    children_with, first_child, is_dating, is_passive, is_reduced_passive, lower, prep_object,
};
use crate::lexicon::{Class, Lexicon};
use crate::patterns::{Alternatives, Pattern, PatternSet, Voice};
use dyad_text::Doc;

/// The patterns of token `t`'s lemma: verb patterns for verbs, noun
/// patterns for nouns.
pub(crate) fn patterns_of<'p>(doc: &Doc, patterns: &'p PatternSet, t: usize) -> &'p [Pattern] {
    let tok = &doc.tokens[t];
    let lemma = tok.lemma.to_lowercase();
    if tok.tag.starts_with("VB") {
        patterns.verb(&lemma)
    } else if tok.tag.starts_with("NN") {
        patterns.noun(&lemma)
    } else {
        &[]
    }
}

/// Try `pattern` on trigger `t`; on success the argument heads.
/// `verb_voice`: `t`'s voice as a verb, computed once per trigger.
pub(crate) fn match_pattern<'p>(
    doc: &Doc,
    lex: &Lexicon,
    t: usize,
    p: &'p Pattern,
    verb_voice: TriggerVoice,
) -> Option<Candidate<'p>> {
    let voice = if p.noun {
        TriggerVoice::Active
    } else {
        verb_voice
    };
    if !voice_agrees(p, voice) {
        return None;
    }
    let slots = find_slots(doc, lex, t, p, voice)?;
    let mut sources = arguments::sources(doc, lex, t, p);
    if let Some(subj) = &p.subj {
        if !sources.iter().any(|&h| subject_allowed(doc, lex, subj, h)) {
            return None;
        }
    }
    let fallbacks = arguments::fallbacks(doc, lex, t, p, &slots);
    let mut targets = arguments::slot_targets(doc, lex, t, p, &slots);
    // "received weapons from the government": the giver is the source.
    if let Some(o) = slots.src {
        targets = std::mem::replace(&mut sources, vec![o]);
    }
    Some(Candidate {
        trigger: t,
        pattern: p,
        sources,
        targets,
        fallbacks,
        mood: Mood::Factual,
        trigger_tokens: slots.extra,
    })
}

/// Whether the pattern's voice (`active`, `passive` or either) is `t`'s.
fn voice_agrees(p: &Pattern, voice: TriggerVoice) -> bool {
    !matches!(
        (p.voice, voice),
        (Voice::Active, TriggerVoice::Passive) | (Voice::Passive, TriggerVoice::Active)
    )
}

/// The words each of the pattern's slots asks for, or `None` when one is
/// missing or `notobj:` excludes the object.
fn find_slots(
    doc: &Doc,
    lex: &Lexicon,
    t: usize,
    p: &Pattern,
    voice: TriggerVoice,
) -> Option<Slots> {
    let mut extra = Vec::new();
    if let Some(prt) = &p.prt {
        extra.push(particle(doc, lex, t, prt)?);
    }
    let obj = match &p.obj {
        Some(obj) => Some(object(doc, t, obj, voice)?),
        None => None,
    };
    extra.extend(obj);
    if let Some(not) = &p.notobj {
        if excluded_object(doc, t, not, voice) {
            return None;
        }
    }
    let xcomp = match &p.xcomp {
        Some(x) => Some(
            children_with(doc, t, &["xcomp", "ccomp"])
                .find(|&c| x.matches(&doc.tokens[c].lemma.to_lowercase()))?,
        ),
        None => None,
    };
    extra.extend(xcomp);
    let mut anchors: Vec<usize> = [obj, xcomp, Some(t)].into_iter().flatten().collect();
    if let (Some(prep), Some(po)) = (&p.prep, &p.pobj) {
        let (pp, o) = object_preposition(doc, &anchors, prep, po)?;
        extra.push(pp);
        extra.push(o);
        // "came under attack from X": the object's own complements count.
        anchors.insert(0, o);
    }
    let mut src = None;
    if let Some(alts) = &p.src {
        let (pp, o) = anchors
            .iter()
            .find_map(|&a| prep_object(doc, lex, a, alts))?;
        extra.push(pp);
        src = Some(o);
    }
    let mut prep_target = None;
    if let Some(prep) = p.prep.as_ref().filter(|_| arguments::prep_names_target(p)) {
        let (pp, o) = anchors
            .iter()
            .find_map(|&a| prep_object(doc, lex, a, prep))?;
        extra.push(pp);
        prep_target = Some(o);
    }
    Some(Slots {
        voice,
        obj,
        xcomp,
        src,
        prep_target,
        extra,
    })
}

/// The particle `prt:` asks for. A preposition may stand for it ("called
/// on X"), but not one that only dates the event ("called on Sunday").
fn particle(doc: &Doc, lex: &Lexicon, t: usize, prt: &Alternatives) -> Option<usize> {
    let dating = |c: usize| first_child(doc, c, &["pobj"]).is_some_and(|o| is_dating(doc, lex, o));
    children_with(doc, t, &["prt", "prep"])
        .find(|&c| prt.matches(&lower(doc, c)) && !(doc.tokens[c].dep == "prep" && dating(c)))
}

/// The object `obj:` asks for: the passive's subject is the active's object.
fn object(doc: &Doc, t: usize, obj: &Alternatives, voice: TriggerVoice) -> Option<usize> {
    children_with(doc, t, object_deps(voice))
        .find(|&c| obj.matches(&doc.tokens[c].lemma.to_lowercase()))
}

/// `notobj:` — "released a statement" frees nobody; nor does "a report
/// released on Tuesday".
fn excluded_object(doc: &Doc, t: usize, not: &Alternatives, voice: TriggerVoice) -> bool {
    let deps = object_deps(voice);
    let reduced =
        (voice == TriggerVoice::Passive && is_reduced_passive(doc, t)).then(|| doc.tokens[t].head);
    children_with(doc, t, deps)
        .chain(reduced)
        .any(|c| not.matches(&doc.tokens[c].lemma.to_lowercase()))
}

/// Where an object hangs: a passive's subject is the active's object.
fn object_deps(voice: TriggerVoice) -> &'static [&'static str] {
    match voice {
        TriggerVoice::Active => &["dobj"],
        TriggerVoice::Passive => &["nsubjpass"],
    }
}

/// `prep:` with `pobj:`: the preposition and its object are part of the
/// trigger ("go on strike").
fn object_preposition(
    doc: &Doc,
    anchors: &[usize],
    prep: &Alternatives,
    po: &Alternatives,
) -> Option<(usize, usize)> {
    anchors.iter().find_map(|&a| {
        children_with(doc, a, &["prep", "agent", "dative"])
            .filter(|&pp| prep.matches(&lower(doc, pp)))
            .find_map(|pp| {
                first_child(doc, pp, &["pobj", "pcomp"])
                    .filter(|&o| po.matches(&doc.tokens[o].lemma.to_lowercase()))
                    .map(|o| (pp, o))
            })
    })
}

/// `subj:` — "troops withdrew", not "the party withdrew". A group stands
/// for its members: "hundreds of UN troops".
fn subject_allowed(doc: &Doc, lex: &Lexicon, subj: &Alternatives, h: usize) -> bool {
    let tok = &doc.tokens[h];
    let lemma = tok.lemma.to_lowercase();
    subj.matches(&lemma)
        || ((tok.tag == "CD" || lex.has(Class::GroupNouns, &lemma))
            && children_with(doc, h, &["prep"])
                .filter(|&pp| lower(doc, pp) == "of")
                .filter_map(|pp| first_child(doc, pp, &["pobj"]))
                .any(|o| subj.matches(&doc.tokens[o].lemma.to_lowercase())))
}

/// The first of `t`'s patterns whose constraints hold, if any.
pub(crate) fn first_match<'p>(
    doc: &Doc,
    lex: &Lexicon,
    t: usize,
    list: &'p [Pattern],
) -> Option<Candidate<'p>> {
    let voice = if !list.is_empty() && is_passive(doc, t) {
        TriggerVoice::Passive
    } else {
        TriggerVoice::Active
    };
    list.iter()
        .find_map(|p| match_pattern(doc, lex, t, p, voice))
}
