//! Reading the dependency tree: the small questions every stage asks of a
//! parse (a token's children, voice, subject, a pronoun's antecedent, an
//! event noun's source). No stage's rules live here, only tree walking.

use crate::lexicon::{Class, Lexicon};
use crate::patterns::Alternatives;
use dyad_text::Doc;

pub(crate) fn lower(doc: &Doc, i: usize) -> String {
    doc.token_text(i).to_lowercase()
}

pub(crate) fn children_with<'a>(
    doc: &'a Doc,
    i: usize,
    deps: &'a [&'a str],
) -> impl Iterator<Item = usize> + 'a {
    doc.children(i)
        .filter(move |&c| deps.contains(&doc.tokens[c].dep.as_str()))
}

pub(crate) fn first_child(doc: &Doc, i: usize, deps: &[&str]) -> Option<usize> {
    children_with(doc, i, deps).next()
}

pub(crate) fn is_passive(doc: &Doc, t: usize) -> bool {
    first_child(doc, t, &["nsubjpass", "auxpass", "csubjpass"]).is_some()
        || is_reduced_passive(doc, t)
        || shares_passive(doc, t)
        || absolute_participle(doc, t)
}

/// "…, with five Iraqis killed in a car bombing": a past participle with
/// a subject but no auxiliary is an absolute passive; its subject is what
/// was done to (the parser labels it `nsubj`).
pub(crate) fn absolute_participle(doc: &Doc, t: usize) -> bool {
    doc.tokens[t].tag == "VBN"
        && first_child(doc, t, &["nsubj"]).is_some()
        && first_child(doc, t, &["aux", "auxpass"]).is_none()
        && children_with(doc, t, &["mark"]).any(|m| lower(doc, m) == "with")
}

/// A participle conjoined to a passive verb without a subject of its own
/// shares its voice: "were killed or *wounded*". The tagger often reads
/// such a participle as a past tense ("was seized …, but then *released*");
/// with no object either, it is still the passive's.
pub(crate) fn shares_passive(doc: &Doc, t: usize) -> bool {
    let tok = &doc.tokens[t];
    let participle =
        tok.tag == "VBN" || (tok.tag == "VBD" && first_child(doc, t, &["dobj"]).is_none());
    tok.dep == "conj"
        && participle
        && tok.head != t
        && first_child(doc, t, &["nsubj", "nsubjpass", "aux"]).is_none()
        && first_child(doc, tok.head, &["nsubjpass", "auxpass"]).is_some()
}

/// A past participle modifying a noun ("fishermen detained by police"):
/// the noun is what the verb was done to. A clause modifying a noun has no
/// past tense of its own, so a participle tagged as one ("a member jailed
/// a year ago") is one too, unless it has a subject or object.
pub(crate) fn is_reduced_passive(doc: &Doc, t: usize) -> bool {
    let tok = &doc.tokens[t];
    let participle =
        tok.tag == "VBN" || (tok.tag == "VBD" && first_child(doc, t, &["nsubj", "dobj"]).is_none());
    tok.dep == "acl" && participle && tok.head != t
}

/// The head plus its conjuncts ("France and Germany" → France, Germany).
pub(crate) fn with_conjuncts(doc: &Doc, head: usize) -> Vec<usize> {
    let mut out = vec![head];
    let mut i = 0;
    while i < out.len() {
        let h = out[i];
        // A misparsed name ("Barack/IN Obama/pobj and Putin/conj") keeps its
        // conjuncts on another token of the same entity.
        let same_entity: Vec<usize> = doc
            .entity_at(h)
            .map(|e| (e.start..e.end).collect())
            .unwrap_or_else(|| vec![h]);
        for c in same_entity
            .iter()
            .flat_map(|&t| children_with(doc, t, &["conj", "appos"]).collect::<Vec<_>>())
        {
            let nominal =
                doc.tokens[c].tag.starts_with("NN") || doc.tokens[c].tag.starts_with("PRP");
            // "The US, Russia, and Switzerland": the parser often hangs a
            // list off its first item as an apposition.
            let list_item = doc.tokens[c].dep != "appos"
                || (entity_label(doc, h).is_some()
                    && entity_label(doc, h) == entity_label(doc, c)
                    && children_with(doc, c, &["conj"]).next().is_some());
            if nominal && list_item && !out.contains(&c) {
                out.push(c);
            }
        }
        i += 1;
    }
    out
}

/// Day and month names and other words that only date an event ("called on
/// Sunday"), for when the entity recogniser missed them.
pub(crate) fn is_time_word(lex: &Lexicon, w: &str) -> bool {
    lex.has(Class::TimeWords, w)
}

/// The label of the named entity token `i` is in.
pub(crate) fn entity_label(doc: &Doc, i: usize) -> Option<&str> {
    doc.entity_at(i).map(|e| e.label.as_str())
}

/// The object of preposition `prep` (one of `alts`) hanging off `anchor`.
pub(crate) fn prep_object(
    doc: &Doc,
    lex: &Lexicon,
    anchor: usize,
    alts: &Alternatives,
) -> Option<(usize, usize)> {
    for p in children_with(doc, anchor, &["prep", "agent", "dative"]) {
        if alts.matches(&lower(doc, p)) {
            // "called on Sunday" dates the call; it names no one called on.
            if let Some(o) = first_child(doc, p, &["pobj", "pcomp"])
                .filter(|&o| !is_dating(doc, lex, o) && !is_absolute(doc, p, o))
            {
                return Some((p, o));
            }
        }
    }
    None
}

/// ", with schoolchildren scampering through alleyways": an absolute
/// phrase set off by a comma describes the scene; its noun is no party to
/// the event ("fought pitched battles …, with X scampering").
pub(crate) fn is_absolute(doc: &Doc, p: usize, o: usize) -> bool {
    lower(doc, p) == "with"
        && p > 0
        && doc.token_text(p - 1) == ","
        && children_with(doc, o, &["acl"])
            .any(|v| matches!(doc.tokens[v].tag.as_str(), "VBG" | "VBN"))
}

/// Does the noun `o` only date the event ("on Sunday", "in March")?
pub(crate) fn is_dating(doc: &Doc, lex: &Lexicon, o: usize) -> bool {
    entity_label(doc, o).is_some_and(|l| matches!(l, "DATE" | "TIME"))
        || is_time_word(lex, &lower(doc, o))
}

/// Subject of a verb, following conjunction, control and relative clauses
/// upwards when the verb has none of its own ("… and then attacked X",
/// "agreed to meet X", "the rebels who attacked X").
pub(crate) fn subject(doc: &Doc, lex: &Lexicon, verb: usize) -> Option<usize> {
    let mut v = verb;
    // Whether the last step up came from a present participle adjunct.
    let mut from_participle = false;
    for _ in 0..6 {
        if is_passive(doc, v) {
            // A verb that borrows its subject from a passive one shares the
            // surface subject ("was indicted … and will resign"); a passive
            // trigger itself returned on the first step. A participle adjunct
            // does not: in "five were killed …, shelling the town" the
            // shelling is the killers', so only the agent may be its source.
            if v != verb && !from_participle {
                return first_child(doc, v, &["nsubjpass"]);
            }
            let agent = first_child(doc, v, &["agent"]).or_else(|| {
                shares_passive(doc, v)
                    .then(|| first_child(doc, doc.tokens[v].head, &["agent"]))
                    .flatten()
            });
            return agent.and_then(|a| first_child(doc, a, &["pobj"]));
        }
        if let Some(s) = first_child(doc, v, &["nsubj"]) {
            // "the rebels who attacked X": the relative pronoun stands for
            // the noun the clause modifies.
            let t = &doc.tokens[v];
            if matches!(doc.tokens[s].tag.as_str(), "WP" | "WDT") && t.dep == "relcl" && t.head != v
            {
                return Some(t.head);
            }
            return Some(antecedent(doc, lex, s, v));
        }
        let t = &doc.tokens[v];
        // "Russia warned Ukraine to withdraw": the governor's object does it.
        if t.dep == "xcomp" && t.head != v {
            let gov = t.head;
            if lex.has(Class::ObjectControl, &doc.tokens[gov].lemma.to_lowercase()) {
                if let Some(o) = first_child(doc, gov, &["dobj"]).filter(|&o| o < v) {
                    return Some(o);
                }
            }
        }
        match t.dep.as_str() {
            "conj" | "xcomp" | "advcl" | "acomp" if t.head != v => {
                from_participle = t.dep == "advcl" && t.tag == "VBG";
                v = t.head;
            }
            // "interrogated him after kidnapping him": a participle after a
            // preposition of time before ([prior_preps]) is done by the
            // subject of the verb it modifies. Not "accused Rwanda of …
            // by alleging": whose act that is, the clause does not say.
            "pcomp" if t.head != v && t.tag == "VBG" => {
                let prep = t.head;
                let gov = doc.tokens[prep].head;
                if doc.tokens[prep].dep != "prep"
                    || gov == prep
                    || !doc.tokens[gov].tag.starts_with("VB")
                    || !lex.has(Class::PriorPreps, &lower(doc, prep))
                {
                    return None;
                }
                from_participle = true;
                v = gov;
            }
            "relcl" | "acl" if t.head != v && !is_reduced_passive(doc, v) => return Some(t.head),
            _ => return None,
        }
    }
    None
}

/// What a subject pronoun stands for: in a reported clause ("Hungary said
/// it will support …", "Obama said he would not …") the subject of the
/// reporting verb; otherwise the pronoun itself.
pub(crate) fn antecedent(doc: &Doc, lex: &Lexicon, subj: usize, verb: usize) -> usize {
    if !lex.has(Class::AntecedentPronouns, &lower(doc, subj)) {
        return subj;
    }
    let mut v = verb;
    for _ in 0..4 {
        let t = &doc.tokens[v];
        if t.head == v
            || !matches!(
                t.dep.as_str(),
                "ccomp" | "xcomp" | "conj" | "advcl" | "acomp"
            )
        {
            break;
        }
        v = t.head;
        if let Some(s) = first_child(doc, v, &["nsubj"]) {
            if !matches!(
                doc.tokens[s].tag.as_str(),
                "PRP" | "PRP$" | "WP" | "DT" | "EX"
            ) {
                return s;
            }
        }
    }
    subj
}

/// A proper noun the model labels as a place or body ("in Beijing").
pub(crate) fn named_place(doc: &Doc, o: usize) -> bool {
    doc.tokens[o].tag.starts_with("NNP")
        && entity_label(doc, o).is_some_and(|l| matches!(l, "GPE" | "LOC" | "FAC" | "ORG" | "NORP"))
}

/// A common place noun named by a proper-noun compound: "in Montenegro
/// province", "in Anbar province", "in the Kidal region".
pub(crate) fn place_noun_of_named(doc: &Doc, lex: &Lexicon, o: usize) -> bool {
    lex.has(Class::PlaceNouns, &doc.tokens[o].lemma.to_lowercase())
        && children_with(doc, o, &["compound"]).any(|c| named_place(doc, c))
}

/// The agent of a weapon noun's participle ("a missile fired by rebels",
/// "a bomb believed to be planted by militants"), if it has one.
pub(crate) fn weapon_user(doc: &Doc, lex: &Lexicon, w: usize) -> Option<usize> {
    let lemma = doc.tokens[w].lemma.to_lowercase();
    if !lex.has(Class::Instruments, &lemma) {
        return None;
    }
    let mut v = children_with(doc, w, &["acl"]).next()?;
    for _ in 0..3 {
        if let Some(o) =
            children_with(doc, v, &["agent"]).find_map(|a| first_child(doc, a, &["pobj"]))
        {
            return Some(o);
        }
        v = children_with(doc, v, &["xcomp"]).next()?;
    }
    None
}

/// Source of an event noun: its possessor ("Russia's attack"), a modifier
/// that may name an actor ("Israeli strikes"), or the subject of the light
/// verb it is the object of ("the army launched an attack"; `[light_verbs]`).
pub(crate) fn noun_source(doc: &Doc, lex: &Lexicon, n: usize) -> Option<usize> {
    if let Some(p) = first_child(doc, n, &["poss"]) {
        return Some(p);
    }
    // "an air strike by government forces"
    if let Some(a) = children_with(doc, n, &["prep", "agent"])
        .filter(|&p| lower(doc, p) == "by")
        .find_map(|p| first_child(doc, p, &["pobj"]))
    {
        return Some(a);
    }
    // A capital adjective names someone only as a name ("Israeli"), not
    // because it opens the sentence ("Bloody clashes …").
    let proper_modifier = |c: usize| {
        let tag = doc.tokens[c].tag.as_str();
        matches!(doc.tokens[c].dep.as_str(), "amod" | "compound" | "nmod")
            && matches!(tag, "NNP" | "NNPS" | "JJ")
            && doc.token_text(c).starts_with(char::is_uppercase)
            && (tag != "JJ" || doc.entity_at(c).is_some())
    };
    // "Israeli strikes", and one level down: "Israeli tank shelling".
    let left: Vec<usize> = doc.children(n).filter(|&c| c < n).collect();
    if let Some(m) = left
        .iter()
        .copied()
        .find(|&c| proper_modifier(c))
        .or_else(|| {
            left.iter()
                .filter(|&&c| doc.tokens[c].dep == "compound")
                .find_map(|&c| {
                    doc.children(c)
                        .filter(|&g| g < c)
                        .find(|&g| proper_modifier(g))
                })
        })
    {
        return Some(m);
    }
    // "received advice in a meeting with X", "came up during talks with
    // X": an event noun framing a clause is its subject's.
    if let Some(v) = framing_verb(doc, lex, n) {
        return subject(doc, lex, v);
    }
    // Only a light verb's subject does the act ("the army launched an
    // attack"); a reaction's does not ("Bush condemned the beheading").
    let tok = &doc.tokens[n];
    if tok.dep == "dobj"
        && tok.head != n
        && lex.has(
            Class::LightVerbs,
            &doc.tokens[tok.head].lemma.to_lowercase(),
        )
    {
        return subject(doc, lex, tok.head);
    }
    None
}

/// The verb whose clause event noun `n` frames through a preposition of
/// `[frame_preps]` ("in a meeting with …", "during talks with …").
fn framing_verb(doc: &Doc, lex: &Lexicon, n: usize) -> Option<usize> {
    let tok = &doc.tokens[n];
    if tok.dep != "pobj" || tok.head == n {
        return None;
    }
    let p = tok.head;
    let v = doc.tokens[p].head;
    let framed = doc.tokens[p].dep == "prep"
        && v != p
        && doc.tokens[v].tag.starts_with("VB")
        && lex.has(Class::FramePreps, &lower(doc, p));
    framed.then_some(v)
}

/// The agent of a passive verb that names none itself, from the event noun
/// that says how it happened: "were killed in Israeli shelling" → Israeli.
pub(crate) fn passive_event_agent(doc: &Doc, lex: &Lexicon, v: usize) -> Option<usize> {
    if !is_passive(doc, v) || first_child(doc, v, &["agent"]).is_some() {
        return None;
    }
    children_with(doc, v, &["prep"])
        .filter(|&p| lex.has(Class::EventAgentPreps, &lower(doc, p)))
        .filter_map(|p| first_child(doc, p, &["pobj"]))
        .find_map(|o| noun_source(doc, lex, o))
}

/// A bare infinitive with `to` ("to meet").
pub(crate) fn infinitive(doc: &Doc, v: usize) -> bool {
    doc.tokens[v].tag == "VB" && children_with(doc, v, &["aux"]).any(|a| lower(doc, a) == "to")
}

/// Has token `i` a negation of its own: "not", "never", or "no" talks?
pub(crate) fn has_negation(doc: &Doc, i: usize) -> bool {
    children_with(doc, i, &["neg"]).next().is_some()
        || children_with(doc, i, &["det"]).any(|d| lower(doc, d) == "no")
}
