//! How an argument phrase becomes actors, through a resolver over dyad-kb:
//! 1. Coordinated modifiers make one actor each ("US and British
//!    activists" → US activists, British activists).
//! 2. The phrase itself, then its apposition and `of`/`from` complements
//!    ("the president of Russia", "dissidents from Myanmar").
//! 3. A group noun stands for its members ("hundreds of UN troops").
//! 4. A target that names no actor yields the first actor inside it ("the
//!    sanctions on Iran", "an agreement with the EU").
//! 5. A role without a country ("the government", "insurgents") is coded
//!    `---GOV`, `---REB` as in CAMEO, unless the sentence names exactly one
//!    country that is not the other side's: then it is that country's
//!    (see [`super::scene`]).

use super::phrase::{actor_phrase, text_of, variant_texts};
use crate::event::ActorRef;
use crate::lexicon::{Class, Lexicon};
use chrono::NaiveDate;
use dyad_text::Doc;

/// An actor phrase resolved to a code.
#[derive(Debug, Clone, PartialEq)]
pub struct ResolvedActor {
    /// A full CAMEO actor code, or `---` + roles when the phrase names a
    /// role but no country ("the police" → `---COP`).
    pub code: String,
    /// Why: the dictionary entry, its date window and the rules applied.
    pub reason: String,
}

impl ResolvedActor {
    /// True when the code has a country or organisation, not only roles.
    pub fn is_full(&self) -> bool {
        !self.code.starts_with("---")
    }
}

/// Resolves actor phrases; implemented over dyad-kb's knowledge base, and by
/// small maps in tests.
pub trait ActorResolver: Send + Sync {
    /// The code of `phrase` on `date`, if it names a known actor or role.
    fn resolve(&self, phrase: &str, date: Option<NaiveDate>) -> Option<ResolvedActor>;
}

/// How an ethnic group's placing is explained (and recognised as done).
pub(crate) const ETHNIC_PLACED: &str = "an ethnic group placed in";

/// Whether a phrase that names no actor yields one named inside it: for
/// targets, not for sources.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Inside {
    Search,
    Skip,
}

/// Whether the phrase itself named only a role ("the government"): more
/// prepositions may then give it a country ("officials in Kenya").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum RoleOnly {
    Yes,
    No,
}

/// The actors stage's tools: the resolver and the word classes.
#[derive(Clone, Copy)]
pub(crate) struct Actors<'a> {
    pub resolver: &'a dyn ActorResolver,
    pub lexicon: &'a Lexicon,
}

/// A phrase being resolved: its head, the text looked up, its byte span,
/// and how deep inside the argument it was found.
struct Phrase<'t> {
    head: usize,
    text: &'t str,
    span: (usize, usize),
    depth: usize,
}

impl Phrase<'_> {
    fn found(&self, code: String, reason: String) -> ActorRef {
        ActorRef {
            code: Some(code),
            text: self.text.to_string(),
            span: self.span,
            reason,
        }
    }
}

impl Actors<'_> {
    fn full(&self, text: &str, date: Option<NaiveDate>) -> Option<ResolvedActor> {
        self.resolver
            .resolve(text, date)
            .filter(ResolvedActor::is_full)
    }

    /// The actors the argument headed by `head` names: one per coordinated
    /// modifier (see the module docs for the order of readings). With
    /// [`Inside::Search`], a phrase that names no actor yields one inside it.
    pub(crate) fn resolve_arg(
        &self,
        doc: &Doc,
        head: usize,
        date: Option<NaiveDate>,
        inside: Inside,
    ) -> Vec<ActorRef> {
        let range = actor_phrase(doc, head);
        let variants = variant_texts(doc, head, &range);
        let single = variants.len() == 1;
        variants
            .iter()
            .map(|(text, span)| {
                let phrase = Phrase {
                    head,
                    text,
                    span: *span,
                    depth: 0,
                };
                let mut a = self.resolve_one(doc, &phrase, date, inside);
                // Resolved without a leading count, shown as written.
                if single && a.span == *span {
                    (a.text, a.span) = text_of(doc, &range);
                }
                a
            })
            .collect()
    }

    /// One reading of a phrase, in the order of the module docs.
    fn resolve_one(
        &self,
        doc: &Doc,
        ph: &Phrase<'_>,
        date: Option<NaiveDate>,
        inside: Inside,
    ) -> ActorRef {
        if ph.depth == 0 {
            if let Some(a) = self.ethnic_home(doc, ph, date) {
                return a;
            }
        }
        let direct = if inside == Inside::Skip && self.abstract_head(doc, ph.head) {
            None
        } else {
            self.resolver.resolve(ph.text, date)
        };
        if let Some(r) = direct.clone().filter(ResolvedActor::is_full) {
            return self
                .named_apposition(doc, ph, date)
                .unwrap_or_else(|| ph.found(r.code, r.reason));
        }
        let role_only = if direct.is_some() {
            RoleOnly::Yes
        } else {
            RoleOnly::No
        };
        if let Some(a) = self.via_complement(doc, ph, date, role_only) {
            return a;
        }
        if let Some(a) = self.group_member(doc, ph, date) {
            return a;
        }
        // A target that names no actor: the first actor inside it. So too
        // when only a modifier gave it a role ("all official contact with
        // the United States"): the head noun itself is no actor.
        let head_is_actor = || {
            self.resolver
                .resolve(doc.token_text(ph.head), date)
                .is_some()
        };
        if inside == Inside::Search
            && (role_only == RoleOnly::No || !head_is_actor())
            && ph.depth < 3
        {
            if let Some(a) = self.find_inside(doc, ph.head, date, ph.depth) {
                return a;
            }
        }
        // A role a complement gives a head that is no actor: "leaders of
        // the opposition coalition" (---OPP).
        if direct.is_none() {
            if let Some(a) = self.complement_role(doc, ph, date) {
                return a;
            }
        }
        // Last, a role named inside ("demands from Shona rebels": ---REB).
        if inside == Inside::Search && direct.is_none() && ph.depth == 0 {
            if let Some(a) = self.find_role_inside(doc, ph.head, date) {
                return a;
            }
        }
        match direct {
            Some(r) => ph.found(r.code, r.reason),
            None => ActorRef {
                code: None,
                text: ph.text.to_string(),
                span: ph.span,
                reason: "not a known actor".into(),
            },
        }
    }

    /// "The Iraq war has destroyed the coalition": a source phrase headed
    /// by an event or abstract noun (`[not_actor_heads]`) is no actor, though
    /// a country modifies it. A head inside a name ("the War Office") is
    /// read as the name; an event's name ("the Iraq War") is not one.
    fn abstract_head(&self, doc: &Doc, head: usize) -> bool {
        let named = doc
            .entity_at(head)
            .is_some_and(|e| matches!(e.label.as_str(), "ORG" | "GPE" | "PERSON" | "NORP" | "FAC"));
        !named
            && self
                .lexicon
                .has(Class::NotActorHeads, &doc.tokens[head].lemma.to_lowercase())
    }

    /// "Ethnic Albanians in south Serbia" live in Serbia: an ethnic group
    /// takes the country its complement places it in. "The Albanians of
    /// southern Serbia": a people written with `of` and a country's place
    /// are that country's inhabitants.
    fn ethnic_home(&self, doc: &Doc, ph: &Phrase<'_>, date: Option<NaiveDate>) -> Option<ActorRef> {
        let head = ph.head;
        let ethnic = doc
            .children(head)
            .any(|c| c < head && self.lexicon.has(Class::EthnicMarkers, doc.token_text(c)));
        // The head word's own country ("Albanians" → ALB), looked up once.
        let own = (!ethnic && matches!(doc.tokens[head].tag.as_str(), "NNPS" | "NNS"))
            .then(|| self.full(doc.token_text(head), date))
            .flatten()
            .filter(|r| r.code.len() == 3)
            .map(|r| r.code);
        let people_of = own.is_some()
            && doc.children(head).any(|c| {
                doc.tokens[c].dep == "prep" && doc.token_text(c).eq_ignore_ascii_case("of")
            });
        if !ethnic && !people_of {
            return None;
        }
        let home = doc
            .children(head)
            .filter(|&c| {
                doc.tokens[c].dep == "prep"
                    && self
                        .lexicon
                        .has(Class::EthnicHomePreps, &doc.token_text(c).to_lowercase())
                    && (ethnic || doc.token_text(c).eq_ignore_ascii_case("of"))
            })
            .filter_map(|p| doc.children(p).find(|&o| doc.tokens[o].dep == "pobj"))
            .find_map(|o| self.full(&text_of(doc, &actor_phrase(doc, o)).0, date));
        // "the Serbs of Serbia" are just Serbs.
        let r = home.filter(|r| ethnic || r.code.get(..3) != own.as_deref())?;
        let country = r.code.get(..3).unwrap_or_default().to_string();
        Some(ph.found(
            format!("{country}CVL"),
            format!("{ETHNIC_PLACED} {country}: {}", r.reason),
        ))
    }

    /// "the Al Qaeda-linked Somali militant group al-Shabab": a named
    /// apposition of a common noun says who it is; modifiers only describe it.
    fn named_apposition(
        &self,
        doc: &Doc,
        ph: &Phrase<'_>,
        date: Option<NaiveDate>,
    ) -> Option<ActorRef> {
        let tag = &doc.tokens[ph.head].tag;
        if !tag.starts_with("NN") || tag.starts_with("NNP") {
            return None;
        }
        let (t2, r2) = doc.children(ph.head).find_map(|c| {
            let tok = &doc.tokens[c];
            if !(tok.dep == "appos" && tok.tag.starts_with("NNP")) {
                return None;
            }
            let (t2, _) = text_of(doc, &actor_phrase(doc, c));
            self.full(&t2, date).map(|r| (t2, r))
        })?;
        Some(ph.found(
            r2.code,
            format!("the apposition `{t2}` names it: {}", r2.reason),
        ))
    }

    /// The apposition and complements of a head (an apposition or the
    /// object of a preposition), with the phrase joined to the complement
    /// when it is one: "Mr. Lavrov, Russia's foreign minister", "the
    /// president of Russia", "dissidents from Myanmar".
    fn complements(
        &self,
        doc: &Doc,
        ph: &Phrase<'_>,
        role_only: RoleOnly,
    ) -> Vec<(String, Option<String>)> {
        let mut out = Vec::new();
        for c in doc.children(ph.head) {
            let tok = &doc.tokens[c];
            let (alt, prep) = if tok.dep == "appos" {
                (c, None)
            } else if tok.dep == "prep" {
                let p = doc.token_text(c).to_lowercase();
                // "leaders from Spain": whoever comes from a country is of it.
                let allowed = p == "of"
                    || p == "from"
                    || (role_only == RoleOnly::Yes
                        && self.lexicon.has(Class::RoleComplementPreps, &p));
                // "critics of the Iraq war": an event's country is not whose
                // the critics are.
                match doc.children(c).find(|&o| doc.tokens[o].dep == "pobj") {
                    Some(o) if allowed && !self.abstract_head(doc, o) => (o, Some(p)),
                    _ => continue,
                }
            } else {
                continue;
            };
            let (t2, _) = text_of(doc, &actor_phrase(doc, alt));
            let joined = prep.as_ref().map(|p| format!("{} {p} {t2}", ph.text));
            out.push((t2, joined));
        }
        out
    }

    /// The first complement naming a full actor, joined to the phrase
    /// ("the president of Russia") or alone ("Russia's foreign minister").
    fn via_complement(
        &self,
        doc: &Doc,
        ph: &Phrase<'_>,
        date: Option<NaiveDate>,
        role_only: RoleOnly,
    ) -> Option<ActorRef> {
        self.complements(doc, ph, role_only)
            .into_iter()
            .find_map(|(t2, joined)| {
                let r = joined
                    .as_deref()
                    .and_then(|j| self.full(j, date))
                    .or_else(|| self.full(&t2, date))?;
                Some(ph.found(r.code, format!("via `{t2}`: {}", r.reason)))
            })
    }

    /// A role a complement gives a head that is no actor: "leaders of the
    /// opposition coalition" (---OPP).
    fn complement_role(
        &self,
        doc: &Doc,
        ph: &Phrase<'_>,
        date: Option<NaiveDate>,
    ) -> Option<ActorRef> {
        self.complements(doc, ph, RoleOnly::No)
            .into_iter()
            .find_map(|(t2, joined)| {
                let r = self.resolver.resolve(joined.as_deref()?, date)?;
                Some(ph.found(r.code, format!("via `{t2}`: {}", r.reason)))
            })
    }

    /// A group stands for its members: "hundreds of UN troops".
    fn group_member(
        &self,
        doc: &Doc,
        ph: &Phrase<'_>,
        date: Option<NaiveDate>,
    ) -> Option<ActorRef> {
        let tok = &doc.tokens[ph.head];
        let group = tok.tag == "CD"
            || self
                .lexicon
                .has(Class::GroupNouns, &tok.lemma.to_lowercase());
        if ph.depth >= 3 || !group {
            return None;
        }
        let o = doc
            .children(ph.head)
            .filter(|&c| {
                doc.tokens[c].dep == "prep" && doc.token_text(c).eq_ignore_ascii_case("of")
            })
            .find_map(|p| doc.children(p).find(|&o| doc.tokens[o].dep == "pobj"))?;
        let (t2, s2) = text_of(doc, &actor_phrase(doc, o));
        let inner = Phrase {
            head: o,
            text: &t2,
            span: s2,
            depth: ph.depth + 1,
        };
        let a = self.resolve_one(doc, &inner, date, Inside::Skip);
        a.code.is_some().then_some(a)
    }

    /// The first actor with a full code named inside the phrase headed by
    /// `head` (not the head itself): objects of its prepositions, of a
    /// participle or relative clause on it ("an attack targeting X").
    pub(crate) fn find_inside(
        &self,
        doc: &Doc,
        head: usize,
        date: Option<NaiveDate>,
        depth: usize,
    ) -> Option<ActorRef> {
        for c in doc.children(head).filter(|&c| c > head) {
            let inner: Vec<usize> = match doc.tokens[c].dep.as_str() {
                "prep"
                    if self
                        .lexicon
                        .has(Class::InnerPreps, &doc.token_text(c).to_lowercase()) =>
                {
                    doc.children(c)
                        .filter(|&o| doc.tokens[o].dep == "pobj")
                        .collect()
                }
                "acl" | "relcl" => doc
                    .children(c)
                    .filter(|&o| matches!(doc.tokens[o].dep.as_str(), "dobj" | "prep"))
                    .flat_map(|o| {
                        if doc.tokens[o].dep == "prep" {
                            doc.children(o)
                                .filter(|&p| doc.tokens[p].dep == "pobj")
                                .collect()
                        } else {
                            vec![o]
                        }
                    })
                    .collect(),
                _ => continue,
            };
            for o in inner {
                let (t2, s2) = text_of(doc, &actor_phrase(doc, o));
                let phrase = Phrase {
                    head: o,
                    text: &t2,
                    span: s2,
                    depth: depth + 1,
                };
                let a = self.resolve_one(doc, &phrase, date, Inside::Search);
                if a.code.as_deref().is_some_and(|c| !c.starts_with("---")) {
                    return Some(a);
                }
            }
        }
        None
    }

    /// The first actor with only a role (`---REB`) named by an object of the
    /// prepositions on `head`, for when nothing inside names a full actor.
    fn find_role_inside(
        &self,
        doc: &Doc,
        head: usize,
        date: Option<NaiveDate>,
    ) -> Option<ActorRef> {
        doc.children(head)
            .filter(|&c| {
                c > head
                    && doc.tokens[c].dep == "prep"
                    && self
                        .lexicon
                        .has(Class::InnerPreps, &doc.token_text(c).to_lowercase())
            })
            .flat_map(|c| doc.children(c).filter(|&o| doc.tokens[o].dep == "pobj"))
            .find_map(|o| {
                let (t2, s2) = text_of(doc, &actor_phrase(doc, o));
                let r = self.resolver.resolve(&t2, date)?;
                Some(ActorRef {
                    code: Some(r.code),
                    text: t2,
                    span: s2,
                    reason: r.reason,
                })
            })
    }
}
