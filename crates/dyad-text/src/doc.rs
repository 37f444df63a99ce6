//! The document value that flows through the pipeline.
//!
//! Labels are kept as `String`s with spaCy's names (Penn tags, ClearNLP
//! dependency labels, OntoNotes entity types); [`crate::ud`] converts to
//! Universal Dependencies for output.

use std::ops::Range;
use std::sync::OnceLock;

use serde::Serialize;

/// One analysed text.
///
/// [`Doc::children`], [`Doc::entity_at`] and [`Doc::ents_within`] answer from
/// indexes built on first use, so a coder asking once per token stays linear
/// in the article's length. An index notices tokens or entities added or
/// removed, but not a token's `head` or an entity's bounds edited in place
/// after it was built: call [`Doc::invalidate_indexes`] after such an edit.
/// A clone starts with no index.
#[derive(Clone, Default, Serialize)]
pub struct Doc {
    /// The original text; every offset below is a byte offset into it.
    pub text: String,
    /// The tokens in text order, whitespace tokens included.
    pub tokens: Vec<Token>,
    /// Named entities, in order, as token ranges.
    pub ents: Vec<Entity>,
    /// Derived from the fields above; never serialized or cloned. Build a
    /// `Doc` with [`Doc::new`] (or `Doc::default()`).
    #[serde(skip)]
    index: DocIndex,
}

// By hand so the output is what it was before the index existed.
impl std::fmt::Debug for Doc {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Doc")
            .field("text", &self.text)
            .field("tokens", &self.tokens)
            .field("ents", &self.ents)
            .finish()
    }
}

/// One token and everything the stages know about it.
#[derive(Debug, Clone, Default, Serialize, PartialEq)]
pub struct Token {
    /// Byte offset of the first byte in [`Doc::text`].
    pub start: usize,
    /// Byte offset one past the last byte.
    pub end: usize,
    /// True when one plain space (U+0020) follows and was absorbed (spaCy's `whitespace_`).
    pub space_after: bool,
    /// Normalised form (spaCy NORM): special-case norm, lexeme table, or lowercase.
    pub norm: String,
    /// Penn Treebank tag (tagger; `_SP` for whitespace tokens).
    pub tag: String,
    /// Universal POS tag (attribute ruler); empty when no rule set it.
    pub pos: String,
    /// Universal morphological features, `Feat=Val|…`; empty when none.
    pub morph: String,
    /// Lemma (rule lemmatizer, or the lookup table).
    pub lemma: String,
    /// Index of the head token in [`Doc::tokens`]; a root is its own head.
    pub head: usize,
    /// ClearNLP-style dependency label (`nsubj`, `dobj`, `prep`, `pobj`, `ROOT`…).
    pub dep: String,
    /// True for the first token of a sentence.
    pub sent_start: bool,
}

/// A named entity: tokens `start..end` with an OntoNotes label (PERSON, GPE, ORG…).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Entity {
    /// Index of the first token in [`Doc::tokens`].
    pub start: usize,
    /// Index one past the last token.
    pub end: usize,
    /// OntoNotes label.
    pub label: String,
}

impl Doc {
    /// A document of these fields (its indexes are built on first use).
    pub fn new(text: String, tokens: Vec<Token>, ents: Vec<Entity>) -> Doc {
        Doc {
            text,
            tokens,
            ents,
            index: DocIndex::default(),
        }
    }

    /// Drops the indexes, to be rebuilt from the fields on next use; needed
    /// after editing a token's `head` or an entity's bounds in place.
    pub fn invalidate_indexes(&mut self) {
        self.index = DocIndex::default();
    }

    /// The text of token `i`.
    pub fn token_text(&self, i: usize) -> &str {
        let t = &self.tokens[i];
        &self.text[t.start..t.end]
    }

    /// Sentences as token index ranges, from the `sent_start` flags.
    pub fn sentences(&self) -> Vec<std::ops::Range<usize>> {
        let mut out = Vec::new();
        let mut start = 0;
        for (i, t) in self.tokens.iter().enumerate() {
            if i > 0 && t.sent_start {
                out.push(start..i);
                start = i;
            }
        }
        if start < self.tokens.len() {
            out.push(start..self.tokens.len());
        }
        out
    }

    /// Byte span `(start, end)` covering tokens `range`.
    pub fn byte_span(&self, range: std::ops::Range<usize>) -> (usize, usize) {
        if range.is_empty() {
            return (0, 0);
        }
        (
            self.tokens[range.start].start,
            self.tokens[range.end - 1].end,
        )
    }

    /// Children of token `i` (tokens other than `i` whose head is `i`), in
    /// token order. A root, its own head, is not its own child.
    pub fn children(&self, i: usize) -> Children<'_> {
        let inner = match self.child_index() {
            Some(ix) if i < ix.tokens => {
                ChildrenInner::Indexed(ix.ids[ix.offsets[i]..ix.offsets[i + 1]].iter())
            }
            // A head beyond the last token, or tokens added since the index
            // was built: the plain scan gives the same answer.
            _ => ChildrenInner::Scan {
                tokens: self.tokens.iter().enumerate(),
                of: i,
            },
        };
        Children { inner }
    }

    /// The first entity, in [`Doc::ents`] order, that contains token `i`.
    pub fn entity_at(&self, i: usize) -> Option<&Entity> {
        match self.entity_index() {
            Some(ix) if i < ix.first.len() => ix.first[i].and_then(|k| self.ents.get(k)),
            _ => self.ents.iter().find(|e| e.start <= i && i < e.end),
        }
    }

    /// Every entity that contains token `i`, in [`Doc::ents`] order.
    pub fn entities_at(&self, i: usize) -> impl Iterator<Item = &Entity> + '_ {
        let (from, to) = match self.entity_index() {
            // No token in two entities: the first is the only one.
            Some(ix) if i < ix.first.len() && ix.disjoint => match ix.first[i] {
                Some(k) => (k, k + 1),
                None => (0, 0),
            },
            _ => (0, self.ents.len()),
        };
        self.ents[from..to]
            .iter()
            .filter(move |e| e.start <= i && i < e.end)
    }

    /// The entities lying wholly inside tokens `range`
    /// (`range.start <= start && end <= range.end`), in [`Doc::ents`] order.
    pub fn ents_within(&self, range: Range<usize>) -> impl Iterator<Item = &Entity> + '_ {
        // With entities in start order (as the recogniser gives them) only
        // those starting between the range's ends can lie inside it.
        let (from, to) = match self.entity_index() {
            Some(ix) if ix.ordered => {
                let from = self.ents.partition_point(|e| e.start < range.start);
                let to = from + self.ents[from..].partition_point(|e| e.start <= range.end);
                (from, to)
            }
            _ => (0, self.ents.len()),
        };
        self.ents[from..to]
            .iter()
            .filter(move |e| e.start >= range.start && e.end <= range.end)
    }

    /// The child index, when it describes the current tokens.
    fn child_index(&self) -> Option<&ChildIndex> {
        let ix = self
            .index
            .children
            .get_or_init(|| ChildIndex::new(&self.tokens));
        (ix.tokens == self.tokens.len()).then_some(ix)
    }

    /// The entity index, when it describes the current tokens and entities.
    fn entity_index(&self) -> Option<&EntityIndex> {
        let ix = self
            .index
            .ents
            .get_or_init(|| EntityIndex::new(self.tokens.len(), &self.ents));
        (ix.first.len() == self.tokens.len() && ix.ents == self.ents.len()).then_some(ix)
    }
}

/// Indexes derived from a [`Doc`]'s fields, built on first use.
#[derive(Default)]
pub struct DocIndex {
    children: OnceLock<ChildIndex>,
    ents: OnceLock<EntityIndex>,
}

impl std::fmt::Debug for DocIndex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("DocIndex")
    }
}

// A clone may be edited, so it rebuilds from its own fields.
impl Clone for DocIndex {
    fn clone(&self) -> Self {
        DocIndex::default()
    }
}

/// Every token's children in one array (compressed sparse rows): those of
/// token `i` are `ids[offsets[i]..offsets[i + 1]]`, in token order.
struct ChildIndex {
    /// The token count it was built for.
    tokens: usize,
    offsets: Vec<usize>,
    ids: Vec<usize>,
}

impl ChildIndex {
    /// Linear in the tokens; heads out of range and self-heads are nobody's child.
    fn new(tokens: &[Token]) -> ChildIndex {
        #[cfg(test)]
        tests::count_build();
        let n = tokens.len();
        let mut offsets = vec![0; n + 1];
        for (j, t) in tokens.iter().enumerate() {
            if t.head != j && t.head < n {
                offsets[t.head + 1] += 1;
            }
        }
        for i in 0..n {
            offsets[i + 1] += offsets[i];
        }
        let mut next = offsets.clone();
        let mut ids = vec![0; offsets[n]];
        // Filled in token order, so each token's children come out in order.
        for (j, t) in tokens.iter().enumerate() {
            if t.head != j && t.head < n {
                ids[next[t.head]] = j;
                next[t.head] += 1;
            }
        }
        ChildIndex {
            tokens: n,
            offsets,
            ids,
        }
    }
}

/// For each token, the first entity that contains it.
struct EntityIndex {
    /// The entity count it was built for.
    ents: usize,
    /// By token: the index in `ents` of the first entity containing it.
    first: Vec<Option<usize>>,
    /// Entities are in start order and none ends before it starts.
    ordered: bool,
    /// No token (before the end) is in two entities.
    disjoint: bool,
}

impl EntityIndex {
    /// Linear in the tokens plus the entities' lengths.
    fn new(tokens: usize, ents: &[Entity]) -> EntityIndex {
        let mut first = vec![None; tokens];
        let mut disjoint = true;
        for (k, e) in ents.iter().enumerate() {
            for slot in first.iter_mut().take(e.end).skip(e.start) {
                match slot {
                    Some(_) => disjoint = false,
                    None => *slot = Some(k),
                }
            }
        }
        let ordered = ents.iter().all(|e| e.start <= e.end)
            && ents.windows(2).all(|w| w[0].start <= w[1].start);
        EntityIndex {
            ents: ents.len(),
            first,
            ordered,
            disjoint,
        }
    }
}

/// The children of one token: see [`Doc::children`].
pub struct Children<'a> {
    inner: ChildrenInner<'a>,
}

enum ChildrenInner<'a> {
    Indexed(std::slice::Iter<'a, usize>),
    Scan {
        tokens: std::iter::Enumerate<std::slice::Iter<'a, Token>>,
        of: usize,
    },
}

impl Iterator for Children<'_> {
    type Item = usize;

    fn next(&mut self) -> Option<usize> {
        match &mut self.inner {
            ChildrenInner::Indexed(ids) => ids.next().copied(),
            ChildrenInner::Scan { tokens, of } => tokens
                .find(|(j, t)| *j != *of && t.head == *of)
                .map(|(j, _)| j),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use std::cell::Cell;

    thread_local! {
        static BUILDS: Cell<usize> = const { Cell::new(0) };
    }

    /// Called by [`ChildIndex::new`]: counts how often the tokens are indexed.
    pub(super) fn count_build() {
        BUILDS.with(|b| b.set(b.get() + 1));
    }

    fn builds() -> usize {
        BUILDS.with(Cell::get)
    }

    /// The definition the index must agree with: a scan of every token.
    fn naive_children(doc: &Doc, i: usize) -> Vec<usize> {
        doc.tokens
            .iter()
            .enumerate()
            .filter(|(j, t)| *j != i && t.head == i)
            .map(|(j, _)| j)
            .collect()
    }

    fn naive_entity(doc: &Doc, i: usize) -> Option<&Entity> {
        doc.ents.iter().find(|e| e.start <= i && i < e.end)
    }

    fn naive_entities(doc: &Doc, i: usize) -> Vec<&Entity> {
        doc.ents
            .iter()
            .filter(|e| e.start <= i && i < e.end)
            .collect()
    }

    fn naive_within(doc: &Doc, r: Range<usize>) -> Vec<&Entity> {
        doc.ents
            .iter()
            .filter(|e| e.start >= r.start && e.end <= r.end)
            .collect()
    }

    fn doc_with_heads(heads: &[usize]) -> Doc {
        let tokens = heads
            .iter()
            .map(|&head| Token {
                head,
                ..Token::default()
            })
            .collect();
        Doc::new(String::new(), tokens, Vec::new())
    }

    fn ent(start: usize, end: usize, label: &str) -> Entity {
        Entity {
            start,
            end,
            label: label.into(),
        }
    }

    /// Every token, plus indexes past the end that some head names.
    fn probes(doc: &Doc) -> Vec<usize> {
        let mut out: Vec<usize> = (0..doc.tokens.len() + 2).collect();
        out.extend(doc.tokens.iter().map(|t| t.head));
        out.extend(doc.ents.iter().flat_map(|e| [e.start, e.end]));
        out.push(usize::MAX);
        out
    }

    fn assert_agrees(doc: &Doc) {
        for i in probes(doc) {
            assert_eq!(
                doc.children(i).collect::<Vec<_>>(),
                naive_children(doc, i),
                "children of {i}"
            );
            assert_eq!(doc.entity_at(i), naive_entity(doc, i), "entity at {i}");
            assert_eq!(
                doc.entities_at(i).collect::<Vec<_>>(),
                naive_entities(doc, i),
                "entities at {i}"
            );
        }
        let n = doc.tokens.len() + 3;
        for s in 0..n {
            for e in 0..n {
                assert_eq!(
                    doc.ents_within(s..e).collect::<Vec<_>>(),
                    naive_within(doc, s..e),
                    "entities within {s}..{e}"
                );
            }
        }
    }

    #[test]
    fn odd_trees_have_the_children_a_scan_finds() {
        // Roots (own head), a head past the end, a two-cycle, a token
        // pointing at a root, and an empty document.
        assert_agrees(&doc_with_heads(&[]));
        assert_agrees(&doc_with_heads(&[0]));
        assert_agrees(&doc_with_heads(&[1, 1, 1, 999, 5, 4, 3, 6, usize::MAX, 0]));
        assert_agrees(&doc_with_heads(&[2, 2, 2, 2, 7]));
        let doc = doc_with_heads(&[1, 1, 999, 999]);
        assert_eq!(doc.children(999).collect::<Vec<_>>(), vec![2, 3]);
        assert_eq!(doc.children(1).collect::<Vec<_>>(), vec![0]);
    }

    #[test]
    fn odd_entities_are_found_as_a_scan_finds_them() {
        let mut doc = doc_with_heads(&[0; 8]);
        // Sorted and disjoint, as the recogniser gives them.
        doc.ents = vec![ent(0, 2, "GPE"), ent(3, 4, "PERSON"), ent(6, 8, "ORG")];
        assert_agrees(&doc);
        // Overlapping, unsorted, reversed, empty and past the end.
        let mut doc = doc_with_heads(&[0; 8]);
        doc.ents = vec![
            ent(2, 6, "ORG"),
            ent(0, 3, "GPE"),
            ent(5, 3, "X"),
            ent(4, 4, "E"),
            ent(6, 20, "LONG"),
            ent(30, 40, "OUT"),
        ];
        assert_agrees(&doc);
        // Sorted but overlapping and empty ones.
        let mut doc = doc_with_heads(&[0; 8]);
        doc.ents = vec![
            ent(0, 5, "A"),
            ent(1, 2, "B"),
            ent(3, 3, "C"),
            ent(8, 8, "D"),
        ];
        assert_agrees(&doc);
        assert_eq!(doc.entity_at(1).map(|e| e.label.as_str()), Some("A"));
    }

    #[test]
    fn the_tokens_are_indexed_once_however_often_they_are_asked() {
        let heads: Vec<usize> = (0..5000).map(|i| i / 2).collect();
        let doc = doc_with_heads(&heads);
        let before = builds();
        let mut seen = 0;
        for _ in 0..3 {
            for i in 0..heads.len() {
                seen += doc.children(i).count();
            }
        }
        assert_eq!(seen, 3 * (heads.len() - 1));
        assert_eq!(builds() - before, 1);
    }

    #[test]
    fn edits_after_indexing_are_seen() {
        let mut doc = doc_with_heads(&[1, 1, 1]);
        assert_eq!(doc.children(1).collect::<Vec<_>>(), vec![0, 2]);
        // Added tokens and entities are noticed.
        doc.tokens.push(Token {
            head: 1,
            ..Token::default()
        });
        doc.ents.push(ent(3, 4, "GPE"));
        assert_agrees(&doc);
        // A clone starts afresh, so editing it in place is safe.
        let mut copy = doc.clone();
        copy.tokens[0].head = 0;
        copy.ents[0].start = 2;
        assert_agrees(&copy);
        // In place, after asking: the index must be dropped.
        doc.tokens[2].head = 2;
        doc.ents[0].start = 0;
        doc.invalidate_indexes();
        assert_agrees(&doc);
    }

    #[test]
    fn the_index_is_not_printed_or_serialized() {
        let mut doc = doc_with_heads(&[0, 0]);
        doc.text = "Hi there".into();
        let _ = doc.children(0).count();
        let _ = doc.entity_at(0);
        let debug = format!("{doc:?}");
        assert!(debug.starts_with("Doc { text: \"Hi there\", tokens: ["));
        assert!(debug.ends_with("ents: [] }"));
        let json = serde_json::to_value(&doc).unwrap();
        let keys: Vec<&String> = json.as_object().unwrap().keys().collect();
        assert_eq!(keys.len(), 3);
        assert!(["text", "tokens", "ents"]
            .iter()
            .all(|k| json.get(k).is_some()));
    }

    proptest! {
        #[test]
        fn random_trees_and_entities_agree_with_a_scan(
            heads in proptest::collection::vec(0usize..14, 0..12),
            spans in proptest::collection::vec((0usize..14, 0usize..14), 0..6),
            sort in any::<bool>(),
        ) {
            let mut doc = doc_with_heads(&heads);
            doc.ents = spans.iter().map(|&(s, e)| ent(s, e, "X")).collect();
            if sort {
                doc.ents.sort_by_key(|e| e.start);
            }
            assert_agrees(&doc);
        }
    }
}
