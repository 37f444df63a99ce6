//! An argument's phrase: the tokens a head word's actor phrase spans, and
//! the texts it is looked up as.

use dyad_text::Doc;
use std::ops::Range;

/// Tokens of the phrase headed by `head`: its left modifiers (compounds,
/// adjectives, possessors, determiners) and a named entity it sits in.
pub fn actor_phrase(doc: &Doc, head: usize) -> Range<usize> {
    let mut start = head;
    for c in doc.children(head) {
        if c < head
            && matches!(
                doc.tokens[c].dep.as_str(),
                "compound" | "amod" | "poss" | "nmod" | "det" | "nummod" | "quantmod" | "npadvmod"
            )
        {
            start = start.min(leftmost(doc, c));
        }
    }
    let mut end = head + 1;
    for e in doc.entities_at(head) {
        start = start.min(e.start);
        end = end.max(e.end);
    }
    start..end
}

fn leftmost(doc: &Doc, i: usize) -> usize {
    let mut m = i;
    for c in doc.children(i) {
        if c < i {
            m = m.min(leftmost(doc, c));
        }
    }
    m
}

/// The text and byte span of token range `r`.
pub(crate) fn text_of(doc: &Doc, r: &Range<usize>) -> (String, (usize, usize)) {
    let (s, e) = doc.byte_span(r.clone());
    (doc.text[s..e].to_string(), (s, e))
}

/// One text per coordinated modifier ("US and British activists" → "US
/// activists", "British activists"); the phrase itself when there is none.
pub(crate) fn variant_texts(
    doc: &Doc,
    head: usize,
    range: &Range<usize>,
) -> Vec<(String, (usize, usize))> {
    let coord = doc.children(head).find(|&c| {
        c < head
            && matches!(doc.tokens[c].dep.as_str(), "amod" | "compound" | "nmod")
            && doc.children(c).any(|g| doc.tokens[g].dep == "conj")
    });
    let Some(c) = coord else {
        // Leading counts say how many, not who: "up to 16 Russian advisers".
        let numbers: Vec<usize> = doc
            .children(head)
            .filter(|&n| n < head && matches!(doc.tokens[n].dep.as_str(), "nummod" | "quantmod"))
            .flat_map(|n| subtree(doc, n))
            .collect();
        // Only a count that opens the phrase (after any determiner) goes.
        let start = match numbers.iter().max() {
            Some(&last)
                if (range.start..last)
                    .all(|t| numbers.contains(&t) || doc.tokens[t].dep == "det") =>
            {
                last + 1
            }
            _ => range.start,
        };
        return vec![text_of(doc, &(start..range.end))];
    };
    let mut members = vec![c];
    let mut i = 0;
    // Bounded by the token count: a malformed tree cannot loop.
    while i < members.len() && members.len() <= doc.tokens.len() {
        let m = members[i];
        members.extend(doc.children(m).filter(|&g| doc.tokens[g].dep == "conj"));
        i += 1;
    }
    let group = subtree(doc, c);
    let span = text_of(doc, range).1;
    members
        .iter()
        .map(|&m| {
            let text = range
                .clone()
                .filter(|&t| t == m || !group.contains(&t))
                .map(|t| doc.token_text(t))
                .collect::<Vec<_>>()
                .join(" ");
            (text, span)
        })
        .collect()
}

/// Token `i` and all its descendants.
pub(crate) fn subtree(doc: &Doc, i: usize) -> Vec<usize> {
    let mut out = vec![i];
    let mut k = 0;
    // Bounded by the token count: a malformed tree cannot loop.
    while k < out.len() && out.len() <= doc.tokens.len() {
        let n = out[k];
        out.extend(doc.children(n));
        k += 1;
    }
    out
}
