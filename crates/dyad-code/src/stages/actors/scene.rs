//! The scene of a sentence and what the article has named so far: the
//! countries a sentence is set in, the people and countries named before
//! it. Role-only actors (`---GOV`) borrow a country from here, "he" the
//! last person named, "both countries" the last two countries.

use super::phrase::{subtree, text_of};
use super::resolve::{Actors, ResolvedActor};
use crate::event::ActorRef;
use crate::lexicon::{Class, Lexicon};
use chrono::NaiveDate;
use dyad_text::Doc;
use std::ops::Range;

/// Entity labels that name places or groups with a country.
fn is_country_entity(label: &str) -> bool {
    matches!(label, "GPE" | "NORP")
}

/// What the article has named up to the end of the current sentence.
#[derive(Debug, Default)]
pub(crate) struct Named {
    /// People, with the byte offset of each mention, in order: "he"/"she"
    /// stands for the last.
    pub people: Vec<(usize, ActorRef)>,
    /// Countries (byte offset, country), in order, for "both countries".
    pub mentions: Vec<(usize, String)>,
}

impl Named {
    /// Adds the people and countries named in `sent`: one resolution per
    /// named entity.
    pub(crate) fn add_sentence(
        &mut self,
        doc: &Doc,
        sent: &Range<usize>,
        actors: &Actors<'_>,
        date: Option<NaiveDate>,
    ) {
        for e in doc
            .ents_within(sent.clone())
            .filter(|e| matches!(e.label.as_str(), "GPE" | "NORP" | "PERSON" | "ORG"))
        {
            let (text, span) = text_of(doc, &(e.start..e.end));
            let Some(r) = actors
                .resolver
                .resolve(&text, date)
                .filter(ResolvedActor::is_full)
            else {
                continue;
            };
            if let Some(c) = r
                .code
                .get(..3)
                .filter(|c| !actors.lexicon.has(Class::NonCountryActors, c))
            {
                self.mentions.push((span.0, c.to_string()));
            }
            if e.label == "PERSON" {
                self.people.push((
                    span.0,
                    ActorRef {
                        code: Some(r.code),
                        text,
                        span,
                        reason: r.reason,
                    },
                ));
            }
        }
    }
}

/// The sentence a candidate is in.
pub(crate) struct SentenceCtx<'s> {
    pub index: usize,
    pub span: (usize, usize),
    pub text: &'s str,
    /// Countries the sentence names ([`sentence_countries`]).
    pub countries: &'s [SceneCountry],
    /// People the article has named up to the end of this sentence, with
    /// the byte offset of each mention, in order.
    pub people: &'s [(usize, ActorRef)],
    /// Index in `people` of the first one named in this sentence.
    pub first_new_person: usize,
    /// Countries the article has named up to the end of this sentence
    /// (byte offset, country), in order.
    pub mentions: &'s [(usize, String)],
    /// The sentence's acts named by event nouns ("the beheading", "Annan's
    /// assertion"): each noun trigger with its source heads.
    pub acts: &'s [(usize, Vec<usize>)],
    /// The country the article's dateline sets it in.
    pub home: Option<&'s str>,
}

impl SentenceCtx<'_> {
    /// The countries the sentence names as places ("in Kenya"), not only
    /// as adjectives.
    pub(crate) fn places(&self) -> Vec<&str> {
        self.countries
            .iter()
            .filter(|c| c.locative)
            .map(|c| c.code.as_str())
            .collect()
    }
}

/// Countries the sentence sets its scene in: places after a locative
/// preposition ("in Kenya") and nationality adjectives ("Kenyan police"),
/// in order of first mention. A country that is only an argument ("help
/// Iran", "China's assistance") does not lend itself to a bare role.
pub(crate) fn sentence_countries(
    doc: &Doc,
    sent: &Range<usize>,
    actors: &Actors<'_>,
    date: Option<NaiveDate>,
) -> Vec<SceneCountry> {
    let lex = actors.lexicon;
    let mut out: Vec<SceneCountry> = Vec::new();
    // "…, relief officials in Nairobi said": where the reporters are is not
    // where the event happened.
    let reporters: Vec<usize> = (sent.start..sent.end)
        .filter(|&v| {
            lex.has(
                Class::SceneReportingVerbs,
                &doc.tokens[v].lemma.to_lowercase(),
            )
        })
        .flat_map(|v| {
            doc.children(v)
                .filter(|&c| doc.tokens[c].dep == "nsubj")
                .flat_map(|c| subtree(doc, c))
                .collect::<Vec<_>>()
        })
        .collect();
    for e in doc.ents_within(sent.clone()) {
        if !is_country_entity(&e.label) {
            continue;
        }
        // The entity's syntactic head: the token whose head lies outside it.
        let Some(h) = (e.start..e.end).find(|&i| {
            let hd = doc.tokens[i].head;
            hd == i || hd < e.start || hd >= e.end
        }) else {
            continue;
        };
        if reporters.contains(&h) {
            continue;
        }
        let tok = &doc.tokens[h];
        let locative_pobj = |i: usize| {
            let t = &doc.tokens[i];
            t.dep == "pobj" && lex.has(Class::LocativePreps, &doc.token_text(t.head).to_lowercase())
        };
        // "near the town of Samarra", "in the city of Aleppo".
        let of_place = || {
            let of = tok.head;
            let noun = doc.tokens[of].head;
            tok.dep == "pobj"
                && doc.token_text(of).eq_ignore_ascii_case("of")
                && lex.has(Class::PlaceNouns, &doc.tokens[noun].lemma.to_lowercase())
                && locative_pobj(noun)
        };
        // "in the Bolivian capital": a nationality on a place noun that is
        // where the event happens sets the scene as the name would.
        let adjective_of_place = || {
            matches!(tok.dep.as_str(), "amod" | "compound")
                && lex.has(
                    Class::PlaceNouns,
                    &doc.tokens[tok.head].lemma.to_lowercase(),
                )
                && locative_pobj(tok.head)
        };
        let locative = locative_pobj(h) || of_place() || adjective_of_place();
        let adjective = e.label == "NORP" && matches!(tok.dep.as_str(), "amod" | "compound");
        if !locative && !adjective {
            continue;
        }
        let (text, _) = text_of(doc, &(e.start..e.end));
        if let Some(r) = actors
            .resolver
            .resolve(&text, date)
            .filter(ResolvedActor::is_full)
        {
            let c = r.code.get(..3).unwrap_or("").to_string();
            if c.is_empty() || lex.has(Class::NonCountryActors, &c) {
                continue;
            }
            add_scene(&mut out, c, locative);
        }
    }
    for c in unlabelled_places(doc, sent, actors, date, &reporters) {
        add_scene(&mut out, c, true);
    }
    out
}

fn add_scene(out: &mut Vec<SceneCountry>, code: String, locative: bool) {
    match out.iter_mut().find(|s| s.code == code) {
        Some(s) => s.locative |= locative,
        None => out.push(SceneCountry { code, locative }),
    }
}

/// "killed five rebels in northern Mali" where the model tagged "Mali" a
/// person (or nothing): a proper noun after a locative preposition that the
/// dictionary knows as a country is where the sentence is set, whatever
/// the entity label says.
fn unlabelled_places(
    doc: &Doc,
    sent: &Range<usize>,
    actors: &Actors<'_>,
    date: Option<NaiveDate>,
    reporters: &[usize],
) -> Vec<String> {
    let lex = actors.lexicon;
    let labelled = |i: usize| {
        doc.entity_at(i)
            .is_some_and(|e| is_country_entity(&e.label))
    };
    (sent.start..sent.end)
        .filter(|&i| {
            let t = &doc.tokens[i];
            t.tag.starts_with("NNP")
                && t.dep == "pobj"
                && !labelled(i)
                && !reporters.contains(&i)
                && lex.has(Class::LocativePreps, &doc.token_text(t.head).to_lowercase())
        })
        .filter_map(|i| {
            let start = doc
                .children(i)
                .filter(|&c| c < i && matches!(doc.tokens[c].dep.as_str(), "compound" | "flat"))
                .min()
                .unwrap_or(i);
            let (text, _) = text_of(doc, &(start..i + 1));
            let r = actors
                .resolver
                .resolve(&text, date)
                .filter(ResolvedActor::is_full)?;
            // A bare country code: a person or an organisation has more.
            (r.code.len() == 3 && !lex.has(Class::NonCountryActors, &r.code)).then_some(r.code)
        })
        .collect()
}

/// A country a sentence names as its scene.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct SceneCountry {
    pub code: String,
    /// Named as the place ("in Kenya"), not only as an adjective.
    pub locative: bool,
}

/// The country part of full codes among `refs`.
pub(crate) fn countries_of(refs: &[ActorRef]) -> Vec<String> {
    refs.iter()
        .filter_map(|a| a.code.as_deref())
        .filter(|c| !c.starts_with("---"))
        .filter_map(|c| c.get(..3))
        .map(str::to_string)
        .collect()
}

/// Gives role-only actors (`---GOV`) the sentence's one country that the
/// other side of the event does not have.
pub(crate) fn fill_countries(
    refs: &mut [ActorRef],
    other: &[ActorRef],
    countries: &[SceneCountry],
) {
    // A place the event happens in may be both sides' ("police arrested
    // journalists in Kenya"); a nationality adjective of the other side
    // describes only that side ("Kenyan officials accused militants").
    let taken = countries_of(other);
    let places: Vec<&String> = countries
        .iter()
        .filter(|c| c.locative)
        .map(|c| &c.code)
        .collect();
    let free: Vec<&String> = if places.is_empty() {
        countries
            .iter()
            .filter(|c| !taken.contains(&c.code))
            .map(|c| &c.code)
            .collect()
    } else {
        places
    };
    if free.len() != 1 {
        return;
    }
    for a in refs.iter_mut() {
        if let Some(code) = a.code.as_mut().filter(|c| c.starts_with("---")) {
            *code = format!("{}{}", free[0], &code[3..]);
            a.reason = format!(
                "{}; country {} from the sentence (the only place or other nationality it names)",
                a.reason, free[0]
            );
        }
    }
}

/// "Both countries", "the two leaders": the last two countries the article
/// named before the phrase, with the role the noun gives (governments,
/// leaders → GOV). Any other actor is returned as it is.
pub(crate) fn both_of(a: ActorRef, mentions: &[(usize, String)], lex: &Lexicon) -> Vec<ActorRef> {
    if a.code.as_deref().is_some_and(|c| !c.starts_with("---")) {
        return vec![a];
    }
    let lower = a.text.to_lowercase();
    let words: Vec<&str> = lower.split_whitespace().collect();
    let noun = match words.as_slice() {
        ["both", n] | ["both", "the", n] | ["the", "two", n] | ["both", "of", "the", n] => *n,
        _ => return vec![a],
    };
    let role = if lex.has(Class::PairGovernmentNouns, noun) {
        "GOV"
    } else if lex.has(Class::PairCountryNouns, noun) {
        ""
    } else {
        return vec![a];
    };
    let mut pair: Vec<&String> = Vec::new();
    for (_, c) in mentions.iter().rev().filter(|(at, _)| *at < a.span.0) {
        if !pair.contains(&c) {
            pair.push(c);
        }
        if pair.len() == 2 {
            break;
        }
    }
    if pair.len() < 2 {
        return vec![a];
    }
    pair.reverse();
    pair.into_iter()
        .map(|c| ActorRef {
            code: Some(format!("{c}{role}")),
            text: a.text.clone(),
            span: a.span,
            reason: format!(
                "`{}`: {c}, one of the last two countries the article named",
                a.text
            ),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_countries_are_the_last_two_the_article_named() {
        let lex = Lexicon::builtin().unwrap();
        let mentions = vec![
            (0, "KEN".to_string()),
            (10, "ETH".to_string()),
            (20, "KEN".to_string()),
        ];
        let a = |text: &str, at: usize| ActorRef {
            code: None,
            text: text.into(),
            span: (at, at + text.len()),
            reason: String::new(),
        };
        let codes = |refs: Vec<ActorRef>| refs.into_iter().map(|r| r.code).collect::<Vec<_>>();
        assert_eq!(
            codes(both_of(a("both governments", 30), &mentions, &lex)),
            [Some("ETHGOV".to_string()), Some("KENGOV".to_string())]
        );
        assert_eq!(
            codes(both_of(a("the two countries", 30), &mentions, &lex)),
            [Some("ETH".to_string()), Some("KEN".to_string())]
        );
        // A role the resolver gave is no obstacle: `---GOV` becomes both.
        let mut role = a("both governments", 30);
        role.code = Some("---GOV".into());
        assert_eq!(both_of(role, &mentions, &lex).len(), 2);
        // Only countries named before the phrase count; one is not a pair.
        assert_eq!(codes(both_of(a("both sides", 5), &mentions, &lex)), [None]);
        assert_eq!(
            codes(both_of(a("both reports", 30), &mentions, &lex)),
            [None]
        );
    }
}
