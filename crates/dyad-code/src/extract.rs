//! Finding event triggers and their source/target phrases in a parsed
//! sentence. Purely syntactic: which words are actors is decided later
//! ([`crate::coder`]), which keeps this stage testable with any dictionary.

use crate::patterns::{Pattern, PatternSet, Voice};
// Lives with the event, whose JSON carries it; re-exported for callers here.
pub use dyad_event::Mood;
use dyad_text::Doc;
use std::ops::Range;

use crate::lexicon::{Class, Lexicon};

/// A trigger that matched a pattern, with the heads of its argument phrases.
#[derive(Debug, Clone)]
pub struct Candidate<'p> {
    pub trigger: usize,
    pub pattern: &'p Pattern,
    /// Head tokens of source phrases (several for coordinations).
    pub sources: Vec<usize>,
    /// Head tokens of target phrases.
    pub targets: Vec<usize>,
    /// Where to look for the target when `targets` name no actor, in order.
    pub fallbacks: Vec<Fallback>,
    pub mood: Mood,
    /// Extra trigger tokens (particle, light-verb object, preposition), for evidence.
    pub trigger_tokens: Vec<usize>,
}

/// A place that may name an event's target.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fallback {
    /// The phrase headed by this token, or an actor inside it.
    Phrase(usize),
    /// Only an actor inside the phrase headed by this token ("an attack on
    /// X": not the event noun's own modifiers, which name the source).
    Inside(usize),
}

/// Why a trigger that matched a pattern produced no event; shown by `--explain`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Suppressed {
    Negated,
    Question,
    Conditional,
    Refused,
    /// An event noun inside an announced or intended action ("agreed to
    /// hold exercises"): the governing verb's event covers it.
    Embedded,
    /// An infinitive of purpose or a complement that reports no event of
    /// its own ("sent troops to protect them", "pressured X to help Y").
    Purpose,
    /// Only alleged by the reporting verb at this token ("claimed that ISIL
    /// had attacked Iraq"): the allegation is coded instead.
    Alleged(usize),
    /// Demanded or required, not done: inside "demanded that …" or with
    /// "must"/"should" ("Libya must hand over the suspects").
    Demanded,
    /// A cooperative act announced as not going to happen ("Syria will not
    /// accept more refugees", "cannot agree"): coded as the rejection.
    Declined,
}

/// The trace of one sentence, for `--explain`.
#[derive(Debug, Default)]
pub struct Trace {
    /// (token, pattern id, outcome) for every trigger word tried.
    pub tried: Vec<(usize, String, String)>,
}

fn lower(doc: &Doc, i: usize) -> String {
    doc.token_text(i).to_lowercase()
}

fn children_with<'a>(
    doc: &'a Doc,
    i: usize,
    deps: &'a [&'a str],
) -> impl Iterator<Item = usize> + 'a {
    doc.children(i)
        .filter(move |&c| deps.contains(&doc.tokens[c].dep.as_str()))
}

fn first_child(doc: &Doc, i: usize, deps: &[&str]) -> Option<usize> {
    children_with(doc, i, deps).next()
}

fn is_passive(doc: &Doc, t: usize) -> bool {
    first_child(doc, t, &["nsubjpass", "auxpass", "csubjpass"]).is_some()
        || is_reduced_passive(doc, t)
        || shares_passive(doc, t)
}

/// A participle conjoined to a passive verb without a subject of its own
/// shares its voice: "were killed or *wounded*".
fn shares_passive(doc: &Doc, t: usize) -> bool {
    let tok = &doc.tokens[t];
    tok.dep == "conj"
        && tok.tag == "VBN"
        && tok.head != t
        && first_child(doc, t, &["nsubj", "nsubjpass", "aux"]).is_none()
        && first_child(doc, tok.head, &["nsubjpass", "auxpass"]).is_some()
}

/// A past participle modifying a noun ("fishermen detained by police"):
/// the noun is what the verb was done to.
fn is_reduced_passive(doc: &Doc, t: usize) -> bool {
    let tok = &doc.tokens[t];
    tok.dep == "acl" && tok.tag == "VBN" && tok.head != t
}

/// The head plus its conjuncts ("France and Germany" → France, Germany).
fn with_conjuncts(doc: &Doc, head: usize) -> Vec<usize> {
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
fn is_time_word(lex: &Lexicon, w: &str) -> bool {
    lex.has(Class::TimeWords, w)
}

/// The label of the named entity token `i` is in.
fn entity_label(doc: &Doc, i: usize) -> Option<&str> {
    doc.entity_at(i).map(|e| e.label.as_str())
}

/// The object of preposition `prep` (one of `alts`) hanging off `anchor`.
fn prep_object(
    doc: &Doc,
    lex: &Lexicon,
    anchor: usize,
    alts: &crate::patterns::Alternatives,
) -> Option<(usize, usize)> {
    for p in children_with(doc, anchor, &["prep", "agent", "dative"]) {
        if alts.matches(&lower(doc, p)) {
            // "called on Sunday" dates the call; it names no one called on.
            if let Some(o) =
                first_child(doc, p, &["pobj", "pcomp"]).filter(|&o| !is_dating(doc, lex, o))
            {
                return Some((p, o));
            }
        }
    }
    None
}

/// Does the noun `o` only date the event ("on Sunday", "in March")?
fn is_dating(doc: &Doc, lex: &Lexicon, o: usize) -> bool {
    entity_label(doc, o).is_some_and(|l| matches!(l, "DATE" | "TIME"))
        || is_time_word(lex, &lower(doc, o))
}

/// Subject of a verb, following conjunction, control and relative clauses
/// upwards when the verb has none of its own ("… and then attacked X",
/// "agreed to meet X", "the rebels who attacked X").
fn subject(doc: &Doc, lex: &Lexicon, verb: usize) -> Option<usize> {
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
            "relcl" | "acl" if t.head != v && !is_reduced_passive(doc, v) => return Some(t.head),
            _ => return None,
        }
    }
    None
}

/// What a subject pronoun stands for: in a reported clause ("Hungary said
/// it will support …", "Obama said he would not …") the subject of the
/// reporting verb; otherwise the pronoun itself.
fn antecedent(doc: &Doc, lex: &Lexicon, subj: usize, verb: usize) -> usize {
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

/// Try `pattern` on trigger `t`; on success the argument heads.
/// `verb_passive`: whether `t` is passive, computed once per trigger.
fn match_pattern<'p>(
    doc: &Doc,
    lex: &Lexicon,
    t: usize,
    p: &'p Pattern,
    verb_passive: bool,
) -> Option<Candidate<'p>> {
    let passive = !p.noun && verb_passive;
    match p.voice {
        Voice::Active if passive => return None,
        Voice::Passive if !passive => return None,
        _ => {}
    }
    let mut extra = Vec::new();
    if let Some(prt) = &p.prt {
        // A preposition may stand for the particle ("called on X"), but not
        // one that only dates the event ("called on Sunday").
        let dating =
            |c: usize| first_child(doc, c, &["pobj"]).is_some_and(|o| is_dating(doc, lex, o));
        let c = children_with(doc, t, &["prt", "prep"]).find(|&c| {
            prt.matches(&lower(doc, c)) && !(doc.tokens[c].dep == "prep" && dating(c))
        })?;
        extra.push(c);
    }
    let mut obj_node = None;
    if let Some(obj) = &p.obj {
        let deps: &[&str] = if passive { &["nsubjpass"] } else { &["dobj"] };
        let c = children_with(doc, t, deps)
            .find(|&c| obj.matches(&doc.tokens[c].lemma.to_lowercase()))?;
        extra.push(c);
        obj_node = Some(c);
    }
    // `notobj:` — "released a statement" frees nobody; nor does "a report
    // released on Tuesday".
    if let Some(not) = &p.notobj {
        let deps: &[&str] = if passive { &["nsubjpass"] } else { &["dobj"] };
        let reduced = (passive && is_reduced_passive(doc, t)).then(|| doc.tokens[t].head);
        if children_with(doc, t, deps)
            .chain(reduced)
            .any(|c| not.matches(&doc.tokens[c].lemma.to_lowercase()))
        {
            return None;
        }
    }
    let mut xcomp_node = None;
    if let Some(x) = &p.xcomp {
        let c = children_with(doc, t, &["xcomp", "ccomp"])
            .find(|&c| x.matches(&doc.tokens[c].lemma.to_lowercase()))?;
        extra.push(c);
        xcomp_node = Some(c);
    }
    let mut targets = Vec::new();
    // `prep:` names the target's preposition, unless `pobj:` makes the
    // preposition's object part of the trigger ("go on strike").
    let prep_target = p.prep.is_some() && p.pobj.is_none();
    let mut anchors = vec![obj_node, xcomp_node, Some(t)];
    if let (Some(prep), Some(po)) = (&p.prep, &p.pobj) {
        let (pp, o) = anchors.iter().flatten().find_map(|&a| {
            children_with(doc, a, &["prep", "agent", "dative"])
                .filter(|&pp| prep.matches(&lower(doc, pp)))
                .find_map(|pp| {
                    first_child(doc, pp, &["pobj", "pcomp"])
                        .filter(|&o| po.matches(&doc.tokens[o].lemma.to_lowercase()))
                        .map(|o| (pp, o))
                })
        })?;
        extra.push(pp);
        extra.push(o);
        // "came under attack from X": the object's own complements count.
        anchors.insert(0, Some(o));
    }
    let mut src_node = None;
    if let Some(src) = &p.src {
        let (pp, o) = anchors
            .iter()
            .flatten()
            .find_map(|&a| prep_object(doc, lex, a, src))?;
        extra.push(pp);
        src_node = Some(o);
    }
    if let Some(prep) = p.prep.as_ref().filter(|_| prep_target) {
        let (pp, o) = anchors
            .iter()
            .flatten()
            .find_map(|&a| prep_object(doc, lex, a, prep))?;
        extra.push(pp);
        targets.push(o);
    } else if p.notarget {
    } else if let Some(x) = xcomp_node {
        // "urged Iran to release X": the urged party is the target; else
        // the complement's object ("agreed to meet X").
        // Passive: "Iran was urged by the EU to release X" urges Iran.
        let urged = if passive {
            first_child(doc, t, &["nsubjpass"])
        } else {
            None
        };
        let o = urged
            .or_else(|| first_child(doc, t, &["dobj"]))
            .or_else(|| first_child(doc, x, &["dobj"]))
            .or_else(|| {
                children_with(doc, x, &["prep"])
                    .filter(|&pp| lex.has(Class::ComplementTargetPreps, &lower(doc, pp)))
                    .find_map(|pp| first_child(doc, pp, &["pobj"]))
            });
        targets.extend(o);
    } else if !p.noun {
        if passive {
            if obj_node.is_none() {
                if is_reduced_passive(doc, t) {
                    targets.push(doc.tokens[t].head);
                } else if shares_passive(doc, t) {
                    targets.extend(first_child(doc, doc.tokens[t].head, &["nsubjpass"]));
                } else {
                    targets.extend(first_child(doc, t, &["nsubjpass"]));
                }
            }
        } else if obj_node.is_none() {
            targets.extend(first_child(doc, t, &["dobj", "dative"]));
        } else {
            // "gave Tanzania a grant": the indirect object.
            targets.extend(first_child(doc, t, &["dative"]).filter(|&d| {
                first_child(doc, d, &["pobj"]).is_none() && !doc.tokens[d].tag.starts_with("IN")
            }));
        }
        // "demanded that the US cancel …": who is asked is the subject of
        // the clause.
        if targets.is_empty() && lex.code_under(Class::ClauseSubjectAsked, &p.code) {
            targets.extend(
                children_with(doc, t, &["ccomp"])
                    .find_map(|cc| first_child(doc, cc, &["nsubj", "nsubjpass"])),
            );
        }
    }
    // Where the pattern's slots give no target, fallbacks in order; the
    // coder takes the first that names an actor.
    let mut fallbacks = Vec::new();
    let placed = lex.code_under(Class::Placed, &p.code);
    // Also when the slots gave a target: it may name no actor ("threatened
    // to cut off electricity to Nakhichevan"), and the coder then tries
    // these in order.
    if !prep_target && src_node.is_none() && (!p.notarget || placed) {
        if !p.notarget {
            // The light verb's object, or an actor inside it: "expelled two
            // Russian diplomats", "rejected an Indian proposal", "lifted the
            // ban on X"; an event noun's complements: "an attack on X". Not
            // for talks and statements, whose object's complements are
            // their topic ("held talks on the fate of two journalists").
            // A visit's object is the occasion, whose place or host is the
            // visited ("attended the Beijing Olympics").
            if !lex.code_under(Class::TopicObject, &p.code)
                || lex.has(Class::TopicObjectExceptions, &p.code)
            {
                fallbacks.extend(obj_node.map(Fallback::Phrase));
            }
            if p.noun {
                fallbacks.push(Fallback::Inside(t));
            }
            // "threatened to shell Iraqi towns", "offered to negotiate with X".
            {
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
        }
        // "protested against X"; then a named place the event happened in
        // or was directed at ("protested in Beijing", "a visit to Beirut"),
        // which stands for its country, as CAMEO coders do.
        let anchors: Vec<usize> = [Some(t), obj_node].into_iter().flatten().collect();
        for &a in &anchors {
            fallbacks.extend(
                children_with(doc, a, &["prep"])
                    .filter(|&pp| lower(doc, pp) == "against")
                    .filter_map(|pp| first_child(doc, pp, &["pobj"]))
                    .map(Fallback::Phrase),
            );
        }
        // "offered its troops to Lebanon's president": the recipient; then
        // the partner of a relation acted on ("closed its borders with
        // Iran", "cut ties with Qatar").
        if !p.notarget {
            for prep in lex.list(Class::RecipientPreps) {
                fallbacks.extend(
                    children_with(doc, t, &["prep", "dative"])
                        .filter(|&pp| lower(doc, pp) == *prep)
                        .filter_map(|pp| first_child(doc, pp, &["pobj"]))
                        .map(Fallback::Phrase),
                );
            }
            // "kidnapped up to 16 advisers", parsed as particle `up` with
            // `to 16 advisers` hanging off it.
            if obj_node.is_none() {
                fallbacks.extend(
                    children_with(doc, t, &["prt"])
                        .flat_map(|u| children_with(doc, u, &["prep"]).collect::<Vec<_>>())
                        .filter(|&pp| lower(doc, pp) == "to")
                        .filter_map(|pp| first_child(doc, pp, &["pobj"]))
                        .map(Fallback::Phrase),
                );
            }
        }
        // A protest's aim: "in protest of X", "… to protest X", "… to
        // demand the return of property seized by X".
        if lex.code_under(Class::Protest, &p.code) {
            for &a in &anchors {
                for pp in children_with(doc, a, &["prep"]).filter(|&pp| lower(doc, pp) == "in") {
                    if let Some(n) = first_child(doc, pp, &["pobj"]).filter(|&n| {
                        lex.has(Class::ProtestAimNouns, &doc.tokens[n].lemma.to_lowercase())
                    }) {
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
        for &a in &anchors {
            fallbacks.extend(
                children_with(doc, a, &["prep"])
                    .filter(|&pp| lex.has(Class::PlacePreps, &lower(doc, pp)))
                    .filter_map(|pp| first_child(doc, pp, &["pobj"]))
                    .filter(|&o| named_place(doc, o) || place_noun_of_named(doc, lex, o))
                    .map(Fallback::Phrase),
            );
        }
    }
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
    // `subj:` — "troops withdrew", not "the party withdrew".
    if let Some(subj) = &p.subj {
        // A group stands for its members: "hundreds of UN troops".
        let head_ok = |h: usize| {
            let tok = &doc.tokens[h];
            let lemma = tok.lemma.to_lowercase();
            subj.matches(&lemma)
                || ((tok.tag == "CD" || lex.has(Class::GroupNouns, &lemma))
                    && children_with(doc, h, &["prep"])
                        .filter(|&pp| lower(doc, pp) == "of")
                        .filter_map(|pp| first_child(doc, pp, &["pobj"]))
                        .any(|o| subj.matches(&doc.tokens[o].lemma.to_lowercase())))
        };
        if !sources.iter().any(|&h| head_ok(h)) {
            return None;
        }
    }
    // "received weapons from the government": the giver is the source.
    if let Some(o) = src_node {
        targets = std::mem::replace(&mut sources, vec![o]);
    }
    Some(Candidate {
        trigger: t,
        pattern: p,
        sources,
        targets,
        fallbacks,
        mood: Mood::Factual,
        trigger_tokens: extra,
    })
}

/// A proper noun the model labels as a place or body ("in Beijing").
fn named_place(doc: &Doc, o: usize) -> bool {
    doc.tokens[o].tag.starts_with("NNP")
        && entity_label(doc, o).is_some_and(|l| matches!(l, "GPE" | "LOC" | "FAC" | "ORG" | "NORP"))
}

/// A common place noun named by a proper-noun compound: "in Montenegro
/// province", "in Anbar province", "in the Kidal region".
fn place_noun_of_named(doc: &Doc, lex: &Lexicon, o: usize) -> bool {
    lex.has(Class::PlaceNouns, &doc.tokens[o].lemma.to_lowercase())
        && children_with(doc, o, &["compound"]).any(|c| named_place(doc, c))
}

/// The agent of a weapon noun's participle ("a missile fired by rebels",
/// "a bomb believed to be planted by militants"), if it has one.
fn weapon_user(doc: &Doc, lex: &Lexicon, w: usize) -> Option<usize> {
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
/// verb it is the object of ("the army launched an attack").
fn noun_source(doc: &Doc, lex: &Lexicon, n: usize) -> Option<usize> {
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
    let proper_modifier = |c: usize| {
        matches!(doc.tokens[c].dep.as_str(), "amod" | "compound" | "nmod")
            && matches!(doc.tokens[c].tag.as_str(), "NNP" | "NNPS" | "JJ")
            && doc.token_text(c).starts_with(char::is_uppercase)
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
    let tok = &doc.tokens[n];
    if tok.dep == "dobj" && tok.head != n {
        return subject(doc, lex, tok.head);
    }
    None
}

/// The agent of a passive verb that names none itself, from the event noun
/// that says how it happened: "were killed in Israeli shelling" → Israeli.
fn passive_event_agent(doc: &Doc, lex: &Lexicon, v: usize) -> Option<usize> {
    if !is_passive(doc, v) || first_child(doc, v, &["agent"]).is_some() {
        return None;
    }
    children_with(doc, v, &["prep"])
        .filter(|&p| lex.has(Class::EventAgentPreps, &lower(doc, p)))
        .filter_map(|p| first_child(doc, p, &["pobj"]))
        .find_map(|o| noun_source(doc, lex, o))
}

/// A bare infinitive with `to` ("to meet").
fn infinitive(doc: &Doc, v: usize) -> bool {
    doc.tokens[v].tag == "VB" && children_with(doc, v, &["aux"]).any(|a| lower(doc, a) == "to")
}

/// Negation, question, condition and mood of trigger `t` in `sent`.
fn modality(doc: &Doc, lex: &Lexicon, t: usize, sent: &Range<usize>) -> Result<Mood, Suppressed> {
    let has_neg = |i: usize| {
        children_with(doc, i, &["neg"]).next().is_some()
            || children_with(doc, i, &["det"]).any(|d| lower(doc, d) == "no")
    };
    // "will not accept", "cannot agree": a refusal, not mere absence — if
    // no question, condition or report below takes it back.
    let mut declined = false;
    if has_neg(t) {
        let refusal_modal =
            children_with(doc, t, &["aux"]).any(|a| lex.has(Class::RefusalModals, &lower(doc, a)));
        if !refusal_modal || doc.tokens[t].tag.starts_with("NN") {
            return Err(Suppressed::Negated);
        }
        declined = true;
    }
    let last = (sent.start..sent.end)
        .rev()
        .find(|&i| !doc.token_text(i).trim().is_empty());
    if last.is_some_and(|i| doc.token_text(i) == "?") {
        return Err(Suppressed::Question);
    }
    let mut mood = Mood::Factual;
    // An event noun takes the modality of the verb it is the object of.
    let noun = doc.tokens[t].tag.starts_with("NN");
    let mut v = t;
    if noun && matches!(doc.tokens[t].dep.as_str(), "dobj" | "nsubjpass") {
        v = doc.tokens[t].head;
        if has_neg(v) {
            return Err(Suppressed::Negated);
        }
    }
    let start = v;
    // Walk the chain of governing clauses up to the root.
    for _ in 0..8 {
        let conditional_mark = children_with(doc, v, &["mark"])
            .any(|m| lex.has(Class::ConditionalMarks, &lower(doc, m)));
        if conditional_mark {
            return Err(Suppressed::Conditional);
        }
        if children_with(doc, v, &["aux"]).any(|a| lex.has(Class::ObligationModals, &lower(doc, a)))
        {
            return Err(Suppressed::Demanded);
        }
        let has_modal =
            children_with(doc, v, &["aux"]).any(|a| lex.has(Class::Modals, &lower(doc, a)));
        if has_modal {
            // "If X, the army will respond": the consequent is hypothetical too.
            let has_condition = children_with(doc, v, &["advcl"]).any(|c| {
                children_with(doc, c, &["mark"])
                    .any(|m| lex.has(Class::ConditionClauseMarks, &lower(doc, m)))
            });
            if has_condition {
                return Err(Suppressed::Conditional);
            }
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
        if tok.head == v
            || !matches!(
                tok.dep.as_str(),
                "xcomp" | "ccomp" | "conj" | "advcl" | "acomp"
            )
        {
            break;
        }
        let gov = tok.head;
        let gov_lemma = doc.tokens[gov].lemma.to_lowercase();
        if tok.dep == "xcomp" {
            if lex.has(Class::RefusalGovernors, &gov_lemma) {
                return Err(Suppressed::Refused);
            }
            // "urged Iran to release them": asked of the object, not done —
            // unless the governor makes it happen ("forced them to retreat").
            let controlled = lex.has(Class::ObjectControl, &gov_lemma)
                && first_child(doc, gov, &["dobj"]).is_some();
            if controlled && !lex.has(Class::ObjectControlDone, &gov_lemma) {
                return Err(Suppressed::Demanded);
            }
            // "Iran has to release the sailors": an obligation.
            if lex.has(Class::ObligationGovernors, &gov_lemma) && infinitive(doc, v) {
                return Err(Suppressed::Demanded);
            }
            // "Putin is to meet Xi", "Iran is going to attack": intent.
            let going = gov_lemma == "go"
                && children_with(doc, gov, &["aux"]).any(|a| doc.tokens[a].lemma == "be");
            if lex.has(Class::IntentGovernors, &gov_lemma) || gov_lemma == "be" || going {
                mood = Mood::Intent;
            } else if controlled {
                // done by the object: factual
            } else if infinitive(doc, v) && !lex.has(Class::ImplicativeGovernors, &gov_lemma) {
                return Err(Suppressed::Purpose);
            }
            if has_neg(gov) {
                return Err(Suppressed::Negated);
            }
        }

        if tok.dep == "ccomp" && lex.has(Class::Alleging, &gov_lemma) {
            return Err(Suppressed::Alleged(gov));
        }
        if tok.dep == "ccomp" && lex.has(Class::Demanding, &gov_lemma) {
            return Err(Suppressed::Demanded);
        }
        // "Russia denied that its forces attacked the convoy".
        if tok.dep == "ccomp" && lex.has(Class::Denying, &gov_lemma) {
            return Err(Suppressed::Negated);
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

/// The engine's own pattern for reported wrongdoing ("claimed that X
/// attacked Y" → the speaker accuses X), shown as evidence.
fn allegation() -> &'static Pattern {
    static P: std::sync::OnceLock<Pattern> = std::sync::OnceLock::new();
    P.get_or_init(|| {
        engine_pattern(
            "112",
            "<alleged-wrongdoing>",
            "a reporting verb alleging a conflict event",
        )
    })
}

/// The engine's own pattern for claiming one's own violent act ("the group
/// claimed it had bombed the base" → CAMEO 015, claim responsibility).
fn responsibility() -> &'static Pattern {
    static P: std::sync::OnceLock<Pattern> = std::sync::OnceLock::new();
    P.get_or_init(|| {
        engine_pattern(
            "015",
            "<claimed-own-act>",
            "a reporting verb claiming the speaker's own violent act",
        )
    })
}

/// The engine's own pattern for "X said Y must …" (the speaker demands of
/// Y, CAMEO 100).
fn obligation() -> &'static Pattern {
    static P: std::sync::OnceLock<Pattern> = std::sync::OnceLock::new();
    P.get_or_init(|| {
        engine_pattern(
            "100",
            "<must-clause>",
            "a reported obligation: X said Y must …",
        )
    })
}

/// The CAMEO rejection that declining a cooperative act amounts to ("will
/// not meet" → 125, "will not sign" → 127, "will not release" → 1243), as
/// an engine pattern; `None` for codes that are not cooperation.
fn rejection<'l>(lex: &'l Lexicon, code: &str) -> Option<&'l Pattern> {
    lex.declined_pattern(code)
}

fn engine_pattern(code: &str, lemma: &str, what: &str) -> Pattern {
    Pattern::new(code, lemma, false, format!("engine: {what}"))
}

/// All candidates of sentence `sent` (a token range of `doc`).
pub fn candidates<'p>(
    doc: &Doc,
    sent: Range<usize>,
    patterns: &'p PatternSet,
    lex: &'p Lexicon,
    mut trace: Option<&mut Trace>,
) -> Vec<Candidate<'p>> {
    let mut out = Vec::new();
    for t in sent.clone() {
        let tok = &doc.tokens[t];
        let lemma = tok.lemma.to_lowercase();
        let list = if tok.tag.starts_with("VB") {
            patterns.verb(&lemma)
        } else if tok.tag.starts_with("NN") {
            patterns.noun(&lemma)
        } else {
            &[]
        };
        let passive = !list.is_empty() && is_passive(doc, t);
        let Some(mut c) = list
            .iter()
            .find_map(|p| match_pattern(doc, lex, t, p, passive))
        else {
            if !list.is_empty() {
                if let Some(tr) = trace.as_deref_mut() {
                    tr.tried.push((
                        t,
                        format!("{} pattern(s) for `{lemma}`", list.len()),
                        "no pattern's constraints held".into(),
                    ));
                }
            }
            continue;
        };
        // "held no talks": the negation sits on the light verb's object.
        let object_negated = c.trigger_tokens.iter().any(|&x| {
            children_with(doc, x, &["neg"]).next().is_some()
                || children_with(doc, x, &["det"]).any(|d| lower(doc, d) == "no")
        });
        let verdict = if object_negated {
            Err(Suppressed::Negated)
        } else {
            modality(doc, lex, t, &sent)
        };
        match verdict {
            Ok(m) => {
                c.mood = m;
                if let Some(tr) = trace.as_deref_mut() {
                    tr.tried
                        .push((t, c.pattern.id(), format!("matched ({m:?})")));
                }
                out.push(c);
            }
            Err(why) => {
                if let Some(tr) = trace.as_deref_mut() {
                    tr.tried
                        .push((t, c.pattern.id(), format!("suppressed: {why:?}")));
                }
                // "Syria will not accept more refugees": the rejection.
                if let Some(p) = (why == Suppressed::Declined)
                    .then(|| rejection(lex, &c.pattern.code))
                    .flatten()
                {
                    out.push(Candidate {
                        pattern: p,
                        mood: Mood::Factual,
                        ..c.clone()
                    });
                }
                // "The US claimed that ISIL had attacked Iraq": the speaker
                // accuses the alleged perpetrator (CAMEO 112).
                let conflict = lex.code_under(Class::AllegedConflict, &c.pattern.code);
                if let (Suppressed::Alleged(r), true) = (why, conflict) {
                    if let (Some(speaker), Ok(mood)) =
                        (subject(doc, lex, r), modality(doc, lex, r, &sent))
                    {
                        if c.sources.contains(&speaker) {
                            // "ISIL claimed that it attacked the base": a
                            // claim of one's own act reports the act, and
                            // for violence is a claim of responsibility.
                            if lex.code_under(Class::ClaimedViolence, &c.pattern.code) {
                                out.push(Candidate {
                                    trigger: r,
                                    pattern: responsibility(),
                                    mood,
                                    trigger_tokens: Vec::new(),
                                    ..c.clone()
                                });
                            }
                            c.mood = Mood::Factual;
                            out.push(c);
                        } else if !c.sources.is_empty() {
                            out.push(Candidate {
                                trigger: r,
                                pattern: allegation(),
                                sources: vec![speaker],
                                targets: c.sources.clone(),
                                fallbacks: Vec::new(),
                                mood,
                                trigger_tokens: Vec::new(),
                            });
                        }
                    }
                }
            }
        }
    }
    // "Russia said Sudan must return the helicopter": Russia demands of Sudan.
    for v in sent.clone() {
        let tok = &doc.tokens[v];
        if tok.dep != "ccomp" || tok.head == v {
            continue;
        }
        let r = tok.head;
        let obliged = children_with(doc, v, &["aux"])
            .any(|a| lex.has(Class::ObligationModals, &lower(doc, a)));
        if !obliged
            || !lex.has(
                Class::ObligationReportingVerbs,
                &doc.tokens[r].lemma.to_lowercase(),
            )
        {
            continue;
        }
        let (Some(obligee), Some(speaker)) = (
            first_child(doc, v, &["nsubj", "nsubjpass"]),
            subject(doc, lex, r),
        ) else {
            continue;
        };
        let obligee = antecedent(doc, lex, obligee, v);
        if obligee == speaker {
            continue; // "Russia said it must respond": no dyad
        }
        // The demand replaces a bare reading of the reporting verb ("130 warn").
        out.retain(|c| c.trigger != r);
        if let Ok(mood) = modality(doc, lex, r, &sent) {
            if let Some(tr) = trace.as_deref_mut() {
                tr.tried
                    .push((r, obligation().id(), format!("matched ({mood:?})")));
            }
            out.push(Candidate {
                trigger: r,
                pattern: obligation(),
                sources: vec![speaker],
                targets: vec![obligee],
                fallbacks: Vec::new(),
                mood,
                trigger_tokens: Vec::new(),
            });
        }
    }
    // A trigger consumed as another pattern's argument word ("hold talks")
    // must not fire again on its own.
    let consumed: Vec<usize> = out.iter().flat_map(|c| c.trigger_tokens.clone()).collect();
    out.retain(|c| !consumed.contains(&c.trigger));
    // "Iran threatened to shell Iraqi towns": a bare threat and the
    // threatened act are one event, coded by the act's threat code (138);
    // the bare threat's target remains a fallback.
    let generic_threats: Vec<usize> = out
        .iter()
        .filter(|c| {
            lex.has(Class::GenericThreats, &c.pattern.code)
                && c.pattern.xcomp.is_none()
                && c.pattern.prep.is_none()
        })
        .map(|c| c.trigger)
        .collect();
    let mut merged = Vec::new();
    for &g in &generic_threats {
        let inner = out.iter().position(|c| {
            c.mood == Mood::Intent
                && lex.code_under(Class::ThreatenedActs, &c.pattern.code)
                && doc.tokens[c.trigger].dep == "xcomp"
                && doc.tokens[c.trigger].head == g
                && c.trigger != g
        });
        let outer = out.iter().position(|c| c.trigger == g);
        if let (Some(i), Some(o)) = (inner, outer) {
            let (targets, fallbacks, sources) = (
                out[o].targets.clone(),
                out[o].fallbacks.clone(),
                out[o].sources.clone(),
            );
            let b = &mut out[i];
            b.fallbacks
                .extend(targets.into_iter().map(Fallback::Phrase));
            b.fallbacks.extend(fallbacks);
            if b.sources.is_empty() {
                b.sources = sources;
            }
            merged.push(g);
        }
    }
    out.retain(|c| !merged.contains(&c.trigger));
    for c in &mut out {
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
    out
}

/// Build a `Doc` from a compact description, one token per
/// `text/TAG/lemma/dep/head` item — for tests that must not depend on the model.
#[cfg(test)]
pub(crate) fn doc_from_spec(spec: &str) -> Doc {
    let mut doc = Doc::default();
    for (i, item) in spec.split_whitespace().enumerate() {
        let f: Vec<&str> = item.split('/').collect();
        assert_eq!(f.len(), 5, "bad token spec `{item}`");
        if i > 0 {
            doc.text.push(' ');
            if let Some(prev) = doc.tokens.last_mut() {
                prev.space_after = true;
            }
        }
        let start = doc.text.len();
        doc.text.push_str(&f[0].replace('_', " "));
        doc.tokens.push(dyad_text::Token {
            start,
            end: doc.text.len(),
            tag: f[1].into(),
            lemma: f[2].into(),
            dep: f[3].into(),
            head: f[4].parse().expect("head index"),
            sent_start: i == 0,
            ..Default::default()
        });
    }
    doc
}

#[cfg(test)]
mod tests {
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
        let active = run("Rebels/NNS/rebel/nsubj/1 attacked/VBD/attack/ROOT/1 the/DT/the/det/3 town/NN/town/dobj/1");
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
        assert!(run_with("143 go prep:on pobj:strike notarget\n", "Workers/NNS/worker/nsubj/1 went/VBD/go/ROOT/1 on/IN/on/prep/1 holiday/NN/holiday/pobj/2").is_empty());
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
}
