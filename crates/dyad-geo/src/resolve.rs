//! Toponym resolution: which of a name's gazetteer candidates the article
//! means. Every toponym gets the first rule that decides, and the reason
//! is recorded, like an actor's.
//!
//! Rule order (first that applies wins), and why this order:
//!
//! 1. **qualified** — "Paris, Texas", "KYIV, Ukraine": a division or
//!    country named right after the name, after a comma, is the writer
//!    saying which one; nothing in the wider article outweighs that.
//!    A dateline's first part names a city ("WASHINGTON" is not the
//!    state): only cities remain when the name has any (**dateline city**).
//! 2. **division word** — "Kano State", "Idlib province": the text says it
//!    is a division, so only division records remain (done at recognition;
//!    the rule records it).
//! 3. **article context** — candidates in a country the rest of the
//!    article anchors (its dateline, countries it names, places only one
//!    country has, nationalities it names: "Spanish police") win: "Georgia" in a story about Tbilisi is the country,
//!    in a story about Atlanta the US state; "Tripoli" beside "Lebanon" is
//!    Lebanon's. After the writer's own words, because context is
//!    evidence about the whole story, not this mention; and not against a
//!    candidate ten times bigger than any elsewhere (a "U.S." in a story
//!    from Kabul does not make it Cabool, Missouri).
//! 4. **prior** — otherwise a country name means the country, a division
//!    named like a city inside it means the city ("Kano", "New York"), and
//!    among other candidates the most populous wins (divisions count at
//!    half their population; a place found only by an alternate name at a
//!    tenth when another country has a place of that very name:
//!    "Islamabad" is not Chattogram): news mentions big places far more
//!    often than small namesakes.

use crate::gazetteer::{Gazetteer, Kind};
use crate::toponyms::{Source, Toponym};
use std::collections::BTreeMap;

/// How a toponym was resolved.
#[derive(Debug, Clone, PartialEq)]
pub struct Resolution {
    /// The place chosen (gazetteer index).
    pub place: u32,
    /// The rule that decided: `qualified`, `division word`, `article context`, `prior`, `only candidate`.
    pub rule: &'static str,
    /// Why, in words.
    pub reason: String,
}

/// Rule 1: the name is followed by ", DIVISION" or ", COUNTRY".
fn rule_qualified(
    g: &Gazetteer,
    tops: &[Toponym],
    i: usize,
    body: &str,
) -> Option<(Vec<u32>, String)> {
    let t = &tops[i];
    let next = tops.get(i + 1)?;
    let between = body.get(t.span.1..next.span.0)?;
    if between.trim() != "," {
        return None;
    }
    let quals: Vec<u32> = next
        .candidates
        .iter()
        .copied()
        .filter(|&q| matches!(g.place(q).kind, Kind::Adm1 | Kind::Country))
        .collect();
    if quals.is_empty() {
        return None;
    }
    let inside = |c: u32| {
        let p = g.place(c);
        quals.iter().any(|&q| {
            let q = g.place(q);
            p.cc == q.cc && (q.kind == Kind::Country || p.adm1 == q.adm1)
        })
    };
    let kept: Vec<u32> = t
        .candidates
        .iter()
        .copied()
        .filter(|&c| inside(c) && !quals.contains(&c))
        .collect();
    (!kept.is_empty()).then(|| (kept, format!("qualified by '{}' after it", next.text)))
}

/// Rule 1b: a dateline names the city the story was filed from
/// ("WASHINGTON" is the city, not the state).
fn rule_dateline_city(g: &Gazetteer, t: &Toponym) -> Option<(Vec<u32>, String)> {
    if t.source != Source::Dateline {
        return None;
    }
    let cities: Vec<u32> = t
        .candidates
        .iter()
        .copied()
        .filter(|&c| g.place(c).kind == Kind::City)
        .collect();
    (!cities.is_empty() && cities.len() < t.candidates.len())
        .then(|| (cities, "a dateline names a city".to_string()))
}

/// Rule 3: the candidates in a country the rest of the article anchors.
fn rule_article_context(
    g: &Gazetteer,
    cands: &[u32],
    anchors: &BTreeMap<String, Vec<String>>,
    own: &str,
) -> Option<(Vec<u32>, String)> {
    let mut why: Vec<String> = Vec::new();
    let kept: Vec<u32> = cands
        .iter()
        .copied()
        .filter(|&c| {
            let cc = &g.place(c).cc;
            match anchors.get(cc) {
                Some(names) => {
                    let others: Vec<&String> = names.iter().filter(|n| n.as_str() != own).collect();
                    if others.is_empty() {
                        return false;
                    }
                    let w = format!(
                        "{cc} ({})",
                        others
                            .iter()
                            .map(|s| s.as_str())
                            .collect::<Vec<_>>()
                            .join(", ")
                    );
                    if !why.contains(&w) {
                        why.push(w);
                    }
                    true
                }
                None => false,
            }
        })
        .collect();
    if kept.is_empty() || kept.len() == cands.len() {
        return None;
    }
    Some((
        kept,
        format!("in a country the article names: {}", why.join("; ")),
    ))
}

/// Weight of a candidate under the population prior.
fn prior_score(g: &Gazetteer, c: u32) -> (u8, u64) {
    let p = g.place(c);
    match p.kind {
        Kind::Country => (1, p.population),
        Kind::City => (0, p.population),
        Kind::Adm1 => (0, p.population / 2),
        Kind::Region => (0, 1),
    }
}

/// Rule 4: a country first, else the most populous; a division that
/// shares its name with a city inside it means the city ("Kano", "New
/// York"): writers name the division with a division word ("Kano State"),
/// which rule 2 honours before this one runs. A place found only by an
/// alternate name counts a tenth when another country has a place of that
/// very name: "Islamabad" is Pakistan's capital, not an old name of
/// Chattogram (within one country, "Kiev" is still Kyiv).
fn rule_prior(g: &Gazetteer, cands: &[u32], key: &str) -> Option<(u32, String)> {
    let primary = |c: u32| dyad_kb::norm::key(&g.place(c).name) == key;
    let named: Vec<u32> = cands.iter().copied().filter(|&c| primary(c)).collect();
    let alias_abroad =
        |c: u32| !named.contains(&c) && named.iter().any(|&o| g.place(o).cc != g.place(c).cc);
    let score = |c: u32| {
        let (country, pop) = prior_score(g, c);
        (country, if alias_abroad(c) { pop / 10 } else { pop })
    };
    // The seat must be a real centre of the division (a tenth of its
    // people): a village called "West Bank" does not stand for the West Bank.
    let seat_of = |a: u32| {
        let d = g.place(a);
        d.kind == Kind::Adm1
            && cands.iter().any(|&c| {
                let p = g.place(c);
                p.kind == Kind::City
                    && p.cc == d.cc
                    && p.adm1 == d.adm1
                    && p.population.saturating_mul(10) >= d.population
            })
    };
    let best = *cands
        .iter()
        .filter(|&&c| !seat_of(c))
        .max_by_key(|&&c| (score(c), std::cmp::Reverse(c)))?;
    let p = g.place(best);
    let why = if cands.len() == 1 {
        "the only candidate".to_string()
    } else if p.kind == Kind::Country {
        format!(
            "a country name means the country ({} candidates)",
            cands.len()
        )
    } else {
        format!(
            "largest population ({}) of {} candidates",
            p.population,
            cands.len()
        )
    };
    Some((best, why))
}

/// Whether a first-pass choice is sure enough to anchor its country for
/// the others: one country among the candidates, a country name, or a
/// choice ten times bigger than any candidate elsewhere.
fn anchors_country(g: &Gazetteer, cands: &[u32], chosen: u32) -> bool {
    let cc = &g.place(chosen).cc;
    if cands.iter().all(|&c| &g.place(c).cc == cc) || g.place(chosen).kind == Kind::Country {
        return true;
    }
    dominant(g, cands, chosen)
}

/// Whether the prior's choice is ten times bigger than any candidate in
/// another country: then the article's other countries do not move it
/// (a "U.S." in a story filed in Kabul does not make it Cabool, Missouri).
fn dominant(g: &Gazetteer, cands: &[u32], chosen: u32) -> bool {
    let cc = &g.place(chosen).cc;
    let top = prior_score(g, chosen).1.max(1);
    let second = cands
        .iter()
        .filter(|&&c| &g.place(c).cc != cc)
        .map(|&c| prior_score(g, c).1)
        .max()
        .unwrap_or(0);
    top >= second.saturating_mul(10)
}

/// Resolves every toponym of an article (`body` is the article text the
/// spans point into).
///
/// `nationalities` are countries the article's nationality words name
/// ("Spanish police": `("ES", "Spanish")`): context for rule 3, never
/// places themselves.
pub fn resolve_all(
    g: &Gazetteer,
    tops: &[Toponym],
    body: &str,
    nationalities: &[(String, String)],
) -> Vec<Option<Resolution>> {
    // Pass 1: the writer's words (rules 1, 2) and the prior.
    let mut first: Vec<Option<(Vec<u32>, Resolution)>> = Vec::with_capacity(tops.len());
    for (i, t) in tops.iter().enumerate() {
        let (cands, rule, reason) = if let Some((c, why)) = rule_qualified(g, tops, i, body) {
            (c, Some("qualified"), why)
        } else if let Some((c, why)) = rule_dateline_city(g, t) {
            (c, Some("dateline city"), why)
        } else if t.division {
            (
                t.candidates.clone(),
                Some("division word"),
                "a division word follows the name".to_string(),
            )
        } else {
            (t.candidates.clone(), None, String::new())
        };
        let key = dyad_kb::norm::key(&t.name);
        let r = rule_prior(g, &cands, &key).map(|(place, why)| {
            let (rule, reason) = match rule {
                Some(r) => (r, format!("{reason}; {why}")),
                None if cands.len() == 1 => ("only candidate", why),
                None => ("prior", why),
            };
            (
                cands.clone(),
                Resolution {
                    place,
                    rule,
                    reason,
                },
            )
        });
        first.push(r);
    }
    // The countries anchored, with the names that anchor them.
    let mut anchors: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for (t, r) in tops.iter().zip(&first) {
        if let Some((cands, res)) = r {
            if res.rule != "prior" || anchors_country(g, cands, res.place) {
                let label = if t.source == Source::Dateline {
                    format!("dateline {}", t.text)
                } else {
                    t.text.clone()
                };
                anchors
                    .entry(g.place(res.place).cc.clone())
                    .or_default()
                    .push(label);
            }
        }
    }
    for (cc, word) in nationalities {
        anchors.entry(cc.clone()).or_default().push(word.clone());
    }
    // Pass 2: the article's context for the names still open.
    tops.iter()
        .zip(first)
        .map(|(t, r)| {
            let (cands, res) = r?;
            if res.rule != "prior" {
                return Some(res);
            }
            if dominant(g, &cands, res.place) {
                return Some(res);
            }
            let own = if t.source == Source::Dateline {
                format!("dateline {}", t.text)
            } else {
                t.text.clone()
            };
            match rule_article_context(g, &cands, &anchors, &own) {
                Some((kept, why)) => {
                    let (place, prior) = rule_prior(g, &kept, &dyad_kb::norm::key(&t.name))?;
                    Some(Resolution {
                        place,
                        rule: "article context",
                        reason: format!("{why}; {prior}"),
                    })
                }
                None => Some(res),
            }
        })
        .collect()
}
