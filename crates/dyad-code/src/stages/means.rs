//! How violence was done, read from its arguments: the weapon sets the
//! CAMEO code ("a car bomb exploded, killing 11" is vehicular bombing,
//! 1832; "killed in an air strike" 195), and an accident or disaster as the
//! cause means no political event at all ("a plane crash killing 32").
//! A weapons test ("test-fired a missile") is a show of force (150), not
//! an attack. The words are data: `[weapon_codes]`, `[agentless_codes]` and `[weapon_refined]` in
//! `cameo_rules.txt`, `[accidents]` and `[means_preps]` in `lexicon.txt`.

use crate::lexicon::{Class, Lexicon};
use crate::stages::record::Candidate;
use crate::stages::syntax::{children_with, first_child, is_passive, lower};
use dyad_text::Doc;

/// What the means of a violent candidate make of its code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Means<'a> {
    /// Nothing to change.
    Keep,
    /// The weapon's own code.
    Weapon(&'a str),
    /// An accident or disaster did it: no event.
    Accident,
}

/// The means of candidate `c`, to be coded `code`.
pub(crate) fn means<'a>(lex: &'a Lexicon, doc: &Doc, c: &Candidate<'_>, code: &str) -> Means<'a> {
    if !lex.code_under(Class::Violent, code) {
        return Means::Keep;
    }
    if let Some(test) = weapons_test(doc, lex, c.trigger) {
        return Means::Weapon(test);
    }
    let causes = causes(doc, lex, c);
    if causes
        .iter()
        .any(|&w| lex.has(Class::Accidents, &doc.tokens[w].lemma.to_lowercase()))
    {
        return Means::Accident;
    }
    if !lex.has(Class::WeaponRefined, code) {
        return Means::Keep;
    }
    if let Some(w) = causes.iter().find_map(|&w| weapon_code(doc, lex, w)) {
        return Means::Weapon(w);
    }
    agentless(lex, doc, c).map_or(Means::Keep, Means::Weapon)
}

/// "A prominent journalist was killed on the border": a killing in the
/// passive with no agent and nothing said of how is a killing by assault
/// (`[agentless_codes]`: kill → 1823), not military force. "Killed in
/// clashes" says how, and keeps its code.
fn agentless<'a>(lex: &'a Lexicon, doc: &Doc, c: &Candidate<'_>) -> Option<&'a str> {
    let t = c.trigger;
    let how = means_preps(doc, lex, t).next().is_some();
    if c.pattern.noun || !c.sources.is_empty() || how || !is_passive(doc, t) {
        return None;
    }
    lex.word_code(Class::AgentlessCodes, &doc.tokens[t].lemma.to_lowercase())
}

/// "Pakistan test-fired a missile", "test-launched": a violent verb
/// compounded with a test word shows force, it strikes no one; the code is
/// the word's in `[test_words]` (150, demonstrate military power).
fn weapons_test<'a>(doc: &Doc, lex: &'a Lexicon, t: usize) -> Option<&'a str> {
    children_with(doc, t, &["npadvmod", "compound", "advmod", "amod"])
        .filter(|&m| m < t)
        .find_map(|m| lex.word_code(Class::TestWords, &doc.tokens[m].lemma.to_lowercase()))
}

/// The words that may say how it was done, in order: an event noun trigger
/// itself ("a suicide bombing"), the subjects ("shelling killed …", "a car
/// bomb exploded, killing …"), then the objects of the trigger's
/// instrument and cause prepositions ("killed in an air strike", "hit by a
/// roadside bomb", "attacked the post with mortars").
fn causes(doc: &Doc, lex: &Lexicon, c: &Candidate<'_>) -> Vec<usize> {
    let mut out = Vec::new();
    if c.pattern.noun {
        out.push(c.trigger);
    }
    out.extend(c.sources.iter().copied());
    for p in means_preps(doc, lex, c.trigger) {
        out.extend(first_child(doc, p, &["pobj"]));
    }
    out
}

/// The trigger's prepositions that may say how it was done: a passive's
/// agent ("by …") and `[means_preps]` ("in an air strike", "with mortars").
fn means_preps<'a>(doc: &'a Doc, lex: &'a Lexicon, t: usize) -> impl Iterator<Item = usize> + 'a {
    children_with(doc, t, &["prep", "agent"]).filter(move |&p| {
        doc.tokens[p].dep == "agent" || lex.has(Class::MeansPreps, &lower(doc, p))
    })
}

/// The code `[weapon_codes]` gives noun `w`: a modifier and the noun
/// ("car_bomb") first, then the noun alone.
fn weapon_code<'a>(doc: &Doc, lex: &'a Lexicon, w: usize) -> Option<&'a str> {
    let lemma = doc.tokens[w].lemma.to_lowercase();
    children_with(doc, w, &["compound", "amod", "nmod"])
        .filter(|&m| m < w)
        .find_map(|m| {
            let key = format!("{}_{lemma}", doc.tokens[m].lemma.to_lowercase());
            lex.word_code(Class::WeaponCodes, &key)
        })
        .or_else(|| lex.word_code(Class::WeaponCodes, &lemma))
}
