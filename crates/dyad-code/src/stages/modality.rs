//! Stage 3, modality: whether a matched trigger reports an event that
//! happened ([`Mood::Factual`]), one announced ([`Mood::Intent`]), or none
//! at all ([`Suppressed`]: negated, asked, conditional, refused, alleged,
//! demanded, declined). Walks the chain of governing clauses up to the root.

use super::record::{Candidate, Mood, Suppressed};
use super::syntax::{children_with, first_child, has_negation, infinitive, lower};
use crate::lexicon::{Class, Lexicon};
use dyad_text::Doc;
use std::ops::Range;

/// The mood of candidate `c`, or why it is no event. "held no talks": the
/// negation may sit on a light verb's object.
pub(crate) fn verdict(
    doc: &Doc,
    lex: &Lexicon,
    c: &Candidate<'_>,
    sent: &Range<usize>,
) -> Result<Mood, Suppressed> {
    if c.trigger_tokens.iter().any(|&x| has_negation(doc, x)) {
        return Err(Suppressed::Negated);
    }
    modality(doc, lex, c.trigger, sent)
}

/// Negation, question, condition and mood of trigger `t` in `sent`.
pub(crate) fn modality(
    doc: &Doc,
    lex: &Lexicon,
    t: usize,
    sent: &Range<usize>,
) -> Result<Mood, Suppressed> {
    let declined = declined(doc, lex, t)?;
    if is_question(doc, sent) {
        return Err(Suppressed::Question);
    }
    let mut mood = Mood::Factual;
    // An event noun takes the modality of the verb it is the object of.
    let noun = doc.tokens[t].tag.starts_with("NN");
    let mut v = t;
    if noun && matches!(doc.tokens[t].dep.as_str(), "dobj" | "nsubjpass") {
        v = doc.tokens[t].head;
        if has_negation(doc, v) {
            return Err(Suppressed::Negated);
        }
    }
    let start = v;
    // Walk the chain of governing clauses up to the root.
    for _ in 0..8 {
        mood = clause_mood(doc, lex, v, mood)?;
        let tok = &doc.tokens[v];
        if tok.head == v
            || !matches!(
                tok.dep.as_str(),
                "xcomp" | "ccomp" | "conj" | "advcl" | "acomp"
            )
        {
            break;
        }
        let gov = tok.head;
        if tok.dep == "xcomp" {
            mood = governed_mood(doc, lex, v, gov, mood)?;
        }
        if tok.dep == "ccomp" {
            reported_clause(lex, &doc.tokens[gov].lemma.to_lowercase(), gov)?;
        }
        if tok.dep == "ccomp" || tok.dep == "advcl" {
            break;
        }
        v = gov;
    }
    if noun && start != t && mood == Mood::Intent {
        return Err(Suppressed::Embedded);
    }
    if declined {
        return Err(Suppressed::Declined);
    }
    Ok(mood)
}

/// "will not accept", "cannot agree": a refusal, not mere absence — if no
/// question, condition or report takes it back. Other negation suppresses.
fn declined(doc: &Doc, lex: &Lexicon, t: usize) -> Result<bool, Suppressed> {
    if !has_negation(doc, t) {
        return Ok(false);
    }
    let refusal_modal =
        children_with(doc, t, &["aux"]).any(|a| lex.has(Class::RefusalModals, &lower(doc, a)));
    if !refusal_modal || doc.tokens[t].tag.starts_with("NN") {
        return Err(Suppressed::Negated);
    }
    Ok(true)
}

/// Does the sentence end in a question mark?
fn is_question(doc: &Doc, sent: &Range<usize>) -> bool {
    let last = (sent.start..sent.end)
        .rev()
        .find(|&i| !doc.token_text(i).trim().is_empty());
    last.is_some_and(|i| doc.token_text(i) == "?")
}

/// What clause `v` itself says of its event: a condition, an obligation,
/// a modal's intent, a purpose, a charge, a demand.
fn clause_mood(doc: &Doc, lex: &Lexicon, v: usize, mood: Mood) -> Result<Mood, Suppressed> {
    let conditional_mark =
        children_with(doc, v, &["mark"]).any(|m| lex.has(Class::ConditionalMarks, &lower(doc, m)));
    if conditional_mark {
        return Err(Suppressed::Conditional);
    }
    if children_with(doc, v, &["aux"]).any(|a| lex.has(Class::ObligationModals, &lower(doc, a))) {
        return Err(Suppressed::Demanded);
    }
    let mut mood = mood;
    let has_modal = children_with(doc, v, &["aux"]).any(|a| lex.has(Class::Modals, &lower(doc, a)));
    if has_modal {
        // "Tehran will quit the talks if …": an actor's own conditional is
        // an announced act, a threat or a promise (GUIDE 1) — only the
        // condition itself ("if the talks fail") is no event.
        mood = Mood::Intent;
    }
    let tok = &doc.tokens[v];
    // "sent personnel to investigate …", "a presence to protect them":
    // an infinitive of purpose.
    if matches!(tok.dep.as_str(), "advcl" | "acl") && infinitive(doc, v) {
        return Err(Suppressed::Purpose);
    }
    // "accused the US of violating human rights", "jailed a student for
    // helping militants": the charge is an allegation, not an event.
    if tok.dep == "pcomp" && tok.head != v {
        let prep = tok.head;
        let charger = doc.tokens[prep].head;
        if lex.has(Class::ChargePreps, &lower(doc, prep))
            && charger != prep
            && lex.has(Class::Charging, &doc.tokens[charger].lemma.to_lowercase())
        {
            return Err(Suppressed::Alleged(charger));
        }
    }
    // "its demand that Israel ease restrictions": what a demand asks for
    // has not happened.
    if matches!(tok.dep.as_str(), "acl" | "ccomp")
        && tok.head != v
        && doc.tokens[tok.head].tag.starts_with("NN")
        && lex.has(Class::Demanding, &doc.tokens[tok.head].lemma.to_lowercase())
    {
        return Err(Suppressed::Demanded);
    }
    Ok(mood)
}

/// What the verb `gov` that governs complement `v` makes of it: refused,
/// asked of someone, obliged, intended, done, or a purpose.
fn governed_mood(
    doc: &Doc,
    lex: &Lexicon,
    v: usize,
    gov: usize,
    mood: Mood,
) -> Result<Mood, Suppressed> {
    let gov_lemma = doc.tokens[gov].lemma.to_lowercase();
    if lex.has(Class::RefusalGovernors, &gov_lemma) {
        return Err(Suppressed::Refused);
    }
    // "urged Iran to release them": asked of the object, not done —
    // unless the governor makes it happen ("forced them to retreat").
    let controlled =
        lex.has(Class::ObjectControl, &gov_lemma) && first_child(doc, gov, &["dobj"]).is_some();
    if controlled && !lex.has(Class::ObjectControlDone, &gov_lemma) {
        return Err(Suppressed::Demanded);
    }
    // "Iran has to release the sailors": an obligation.
    if lex.has(Class::ObligationGovernors, &gov_lemma) && infinitive(doc, v) {
        return Err(Suppressed::Demanded);
    }
    let mut mood = mood;
    // "Putin is to meet Xi", "Iran is going to attack": intent.
    let going =
        gov_lemma == "go" && children_with(doc, gov, &["aux"]).any(|a| doc.tokens[a].lemma == "be");
    if lex.has(Class::IntentGovernors, &gov_lemma) || gov_lemma == "be" || going {
        mood = Mood::Intent;
    } else if controlled {
        // done by the object: factual
    } else if infinitive(doc, v) && !lex.has(Class::ImplicativeGovernors, &gov_lemma) {
        return Err(Suppressed::Purpose);
    }
    if has_negation(doc, gov) {
        return Err(Suppressed::Negated);
    }
    Ok(mood)
}

/// A clause reported by `gov`: alleged, demanded, or denied ("Russia
/// denied that its forces attacked the convoy").
fn reported_clause(lex: &Lexicon, gov_lemma: &str, gov: usize) -> Result<(), Suppressed> {
    if lex.has(Class::Alleging, gov_lemma) {
        return Err(Suppressed::Alleged(gov));
    }
    if lex.has(Class::Demanding, gov_lemma) {
        return Err(Suppressed::Demanded);
    }
    if lex.has(Class::Denying, gov_lemma) {
        return Err(Suppressed::Negated);
    }
    Ok(())
}
