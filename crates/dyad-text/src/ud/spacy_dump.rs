//! Building a [`Doc`] from one line of `scripts/spacy_parity_dump.py`
//! output, so the rule stages and the UD conversion can be checked against
//! spaCy's own analyses (and developed before the neural stages exist).

use serde::Deserialize;

use crate::{Doc, Entity, Token};

#[derive(Deserialize)]
struct Record {
    id: Option<String>,
    text: String,
    tokens: Vec<String>,
    idx: Vec<usize>,
    spacy: Vec<bool>,
    #[serde(default)]
    norm: Vec<String>,
    tag: Vec<String>,
    head: Vec<usize>,
    dep: Vec<String>,
    sent_start: Vec<bool>,
    #[serde(default)]
    ents: Vec<(usize, usize, String)>,
}

/// One spaCy analysis as a [`Doc`] with the tokenizer's, tagger's, parser's
/// and NER's output (text, offsets, norm, tag, head, dep, sentence starts,
/// entities) and empty `pos`, `morph` and `lemma`, ready for the rule stages.
/// Returns the record's `id` too. `idx` in the dump counts code points; the
/// Doc's offsets are bytes.
pub fn doc_from_spacy_dump(line: &str) -> Result<(Option<String>, Doc), String> {
    let r: Record =
        serde_json::from_str(line).map_err(|e| format!("not a spaCy dump record: {e}"))?;
    let n = r.tokens.len();
    for (name, len) in [
        ("idx", r.idx.len()),
        ("spacy", r.spacy.len()),
        ("tag", r.tag.len()),
        ("head", r.head.len()),
        ("dep", r.dep.len()),
        ("sent_start", r.sent_start.len()),
    ] {
        if len != n {
            return Err(format!("`{name}` has {len} items for {n} tokens"));
        }
    }
    // Byte offset of every code point, plus the end of the text.
    let mut byte_at: Vec<usize> = r.text.char_indices().map(|(b, _)| b).collect();
    byte_at.push(r.text.len());
    let mut tokens = Vec::with_capacity(n);
    for i in 0..n {
        let start = *byte_at
            .get(r.idx[i])
            .ok_or_else(|| format!("token {i}: idx {} is past the end of the text", r.idx[i]))?;
        let end = start + r.tokens[i].len();
        if r.text.get(start..end) != Some(r.tokens[i].as_str()) {
            return Err(format!(
                "token {i} {:?} is not at idx {}",
                r.tokens[i], r.idx[i]
            ));
        }
        if r.head[i] >= n {
            return Err(format!("token {i}: head {} out of range", r.head[i]));
        }
        tokens.push(Token {
            start,
            end,
            space_after: r.spacy[i],
            norm: r
                .norm
                .get(i)
                .cloned()
                .unwrap_or_else(|| r.tokens[i].to_lowercase()),
            tag: r.tag[i].clone(),
            head: r.head[i],
            dep: r.dep[i].clone(),
            sent_start: r.sent_start[i],
            ..Token::default()
        });
    }
    let mut ents = Vec::with_capacity(r.ents.len());
    for (start, end, label) in r.ents {
        if start >= end || end > n {
            return Err(format!("entity {start}..{end} out of range"));
        }
        ents.push(Entity { start, end, label });
    }
    Ok((r.id, Doc::new(r.text, tokens, ents)))
}
