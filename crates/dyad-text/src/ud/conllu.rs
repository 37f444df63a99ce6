//! CoNLL-U writing (dyad's analyses) and reading (gold treebanks).

use std::io::{self, Write};

use super::convert::to_ud;
use crate::Doc;

/// Writes `doc` as CoNLL-U: a `# doc_id` comment, then per sentence
/// `# sent_id = DOC_ID-N` and `# text`, then one line per non-whitespace
/// token with the 10 columns ID FORM LEMMA UPOS XPOS FEATS HEAD DEPREL DEPS
/// MISC (`SpaceAfter=No` when no whitespace follows in the text), then a
/// blank line. Relations are UD v2 ([`to_ud`]).
pub fn write_conllu(doc: &Doc, doc_id: &str, out: &mut impl Write) -> io::Result<()> {
    let tree = to_ud(doc);
    writeln!(out, "# doc_id = {}", one_line(doc_id))?;
    let mut n = 0;
    for sent in doc.sentences() {
        let words: Vec<usize> = sent.clone().filter(|&i| !tree.skipped[i]).collect();
        let (Some(&first), Some(&last)) = (words.first(), words.last()) else {
            continue;
        };
        n += 1;
        // Sentence-internal numbering: whitespace tokens take no number.
        let mut id = vec![0; doc.tokens.len()];
        for (k, &i) in words.iter().enumerate() {
            id[i] = k + 1;
        }
        writeln!(out, "# sent_id = {}-{n}", one_line(doc_id))?;
        let text = &doc.text[doc.tokens[first].start..doc.tokens[last].end];
        writeln!(out, "# text = {}", one_line(text))?;
        for &i in &words {
            let t = &doc.tokens[i];
            // At the end of the text, or before whitespace.
            let space_follows = !doc.text[t.end..].starts_with(|c: char| !c.is_whitespace());
            writeln!(
                out,
                "{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t_\t{}",
                id[i],
                field(doc.token_text(i)),
                field(&t.lemma),
                field(&t.pos),
                field(&t.tag),
                field(&t.morph),
                tree.head[i].map_or(0, |h| id[h]),
                field(&tree.deprel[i]),
                if space_follows { "_" } else { "SpaceAfter=No" },
            )?;
        }
        writeln!(out)?;
    }
    Ok(())
}

/// A column value: `_` when empty; tabs and line breaks become spaces.
fn field(s: &str) -> String {
    if s.is_empty() {
        "_".into()
    } else {
        one_line(s).replace('\t', " ")
    }
}

fn one_line(s: &str) -> String {
    s.split(['\n', '\r']).collect::<Vec<_>>().join(" ")
}

/// One word of a gold treebank sentence.
#[derive(Debug, Clone, PartialEq)]
pub struct GoldWord {
    /// The word form (FORM).
    pub form: String,
    /// Universal POS tag (UPOS).
    pub upos: String,
    /// 1-based index of the head word in the sentence; 0 for the root.
    pub head: usize,
    /// Universal dependency relation (DEPREL), subtype included.
    pub deprel: String,
    /// Byte span of the word in [`GoldSentence::text`]; `None` when the word
    /// could not be located (e.g. part of a multi-word token whose word forms
    /// do not spell the surface form).
    pub span: Option<(usize, usize)>,
}

/// One sentence of a CoNLL-U file.
#[derive(Debug, Clone, PartialEq)]
pub struct GoldSentence {
    /// The `# sent_id =` comment, when present.
    pub sent_id: Option<String>,
    /// The raw sentence text from `# text =`.
    pub text: String,
    /// Its syntactic words (multi-word token lines skipped).
    pub words: Vec<GoldWord>,
    /// 1-based line number of the sentence's first line.
    pub line: usize,
}

/// Reads CoNLL-U text. Empty nodes (`8.1`) are ignored; the words of a
/// multi-word token get spans within it when their forms spell it out.
/// Errors name the 1-based line.
pub fn read_conllu(input: &str) -> Result<Vec<GoldSentence>, String> {
    let mut out = Vec::new();
    let mut cur: Option<Block> = None;
    for (n, line) in input.lines().enumerate() {
        let line_no = n + 1;
        let line = line.trim_end_matches('\r');
        if line.trim().is_empty() {
            if let Some(b) = cur.take() {
                out.push(b.finish()?);
            }
            continue;
        }
        let b = cur.get_or_insert_with(|| Block::new(line_no));
        if let Some(c) = line.strip_prefix('#') {
            let c = c.trim_start();
            if let Some(v) = c.strip_prefix("text =") {
                b.text = Some(v.strip_prefix(' ').unwrap_or(v).to_string());
            } else if let Some(v) = c.strip_prefix("sent_id =") {
                b.sent_id = Some(v.trim().to_string());
            }
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        if cols.len() != 10 {
            return Err(format!(
                "line {line_no}: {} columns, CoNLL-U has 10",
                cols.len()
            ));
        }
        let id = cols[0];
        if id.contains('.') {
            continue;
        }
        if let Some((a, z)) = id.split_once('-') {
            let (a, z) = (num(a, line_no, "ID")?, num(z, line_no, "ID")?);
            b.items.push(Item::Range(a, z, cols[1].to_string()));
            continue;
        }
        let idx = num(id, line_no, "ID")?;
        if idx != b.words.len() + 1 {
            return Err(format!(
                "line {line_no}: word ID {idx}, expected {}",
                b.words.len() + 1
            ));
        }
        b.words.push(GoldWord {
            form: cols[1].to_string(),
            upos: cols[3].to_string(),
            head: num(cols[6], line_no, "HEAD")?,
            deprel: cols[7].to_string(),
            span: None,
        });
        b.items.push(Item::Word(idx));
    }
    if let Some(b) = cur.take() {
        out.push(b.finish()?);
    }
    Ok(out)
}

fn num(s: &str, line: usize, what: &str) -> Result<usize, String> {
    s.parse()
        .map_err(|_| format!("line {line}: {what} {s:?} is not a number"))
}

enum Item {
    Word(usize),
    Range(usize, usize, String),
}

struct Block {
    line: usize,
    sent_id: Option<String>,
    text: Option<String>,
    words: Vec<GoldWord>,
    items: Vec<Item>,
}

impl Block {
    fn new(line: usize) -> Self {
        Block {
            line,
            sent_id: None,
            text: None,
            words: Vec::new(),
            items: Vec::new(),
        }
    }

    fn finish(mut self) -> Result<GoldSentence, String> {
        let text = self
            .text
            .take()
            .ok_or_else(|| format!("line {}: sentence without `# text =`", self.line))?;
        for (k, w) in self.words.iter().enumerate() {
            if w.head > self.words.len() {
                return Err(format!(
                    "line {}: word {} has head {} outside the sentence",
                    self.line,
                    k + 1,
                    w.head
                ));
            }
        }
        for item in &self.items {
            if let Item::Range(a, z, _) = item {
                if *a == 0 || z < a || *z > self.words.len() {
                    return Err(format!(
                        "line {}: multi-word token {a}-{z} is outside the sentence's words",
                        self.line
                    ));
                }
            }
        }
        // Locate surface tokens in the text, left to right.
        let mut cursor = 0;
        let mut in_range_until = 0;
        for item in &self.items {
            match item {
                Item::Range(a, z, form) => {
                    let Some((s, e)) = locate(&text, &mut cursor, form) else {
                        in_range_until = *z;
                        continue;
                    };
                    in_range_until = *z;
                    // Sub-spans when the word forms spell the surface form.
                    let ids = *a..=*z;
                    let joined: String = ids
                        .clone()
                        .filter_map(|i| self.words.get(i - 1).map(|w| w.form.as_str()))
                        .collect();
                    if joined == text[s..e] {
                        let mut p = s;
                        for i in ids {
                            let w = &mut self.words[i - 1];
                            w.span = Some((p, p + w.form.len()));
                            p += w.form.len();
                        }
                    }
                }
                Item::Word(i) if *i <= in_range_until => {}
                Item::Word(i) => {
                    let w = &mut self.words[i - 1];
                    w.span = locate(&text, &mut cursor, &w.form);
                }
            }
        }
        Ok(GoldSentence {
            sent_id: self.sent_id,
            text,
            words: self.words,
            line: self.line,
        })
    }
}

/// Finds `form` at or after `cursor` (skipping whitespace first) and moves
/// the cursor past it.
fn locate(text: &str, cursor: &mut usize, form: &str) -> Option<(usize, usize)> {
    let rest = &text[*cursor..];
    let skip = rest.len() - rest.trim_start().len();
    let at = *cursor + skip;
    let start = if text[at..].starts_with(form) {
        at
    } else {
        at + text[at..].find(form)?
    };
    *cursor = start + form.len();
    Some((start, start + form.len()))
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOLD: &str = "# sent_id = s1\n# text = Trump's team won.\n\
1-2\tTrump's\t_\t_\t_\t_\t_\t_\t_\t_\n\
1\tTrump\tTrump\tPROPN\tNNP\t_\t3\tnmod:poss\t_\t_\n\
2\t's\t's\tPART\tPOS\t_\t1\tcase\t_\t_\n\
3\tteam\tteam\tNOUN\tNN\t_\t4\tnsubj\t_\t_\n\
4\twon\twin\tVERB\tVBD\t_\t0\troot\t_\tSpaceAfter=No\n\
5\t.\t.\tPUNCT\t.\t_\t4\tpunct\t_\t_\n\n";

    #[test]
    fn reads_spans_including_multiword_tokens() {
        let s = read_conllu(GOLD).unwrap();
        assert_eq!(s.len(), 1);
        let spans: Vec<_> = s[0].words.iter().map(|w| w.span.unwrap()).collect();
        assert_eq!(spans, vec![(0, 5), (5, 7), (8, 12), (13, 16), (16, 17)]);
        assert_eq!(s[0].sent_id.as_deref(), Some("s1"));
        assert_eq!(s[0].words[3].head, 0);
    }

    #[test]
    fn bad_lines_are_named() {
        let e = read_conllu("# text = a\n1\ta\n").unwrap_err();
        assert!(e.starts_with("line 2:"), "{e}");
        let e = read_conllu("# text = a\n1\ta\ta\tX\tX\t_\tx\tdep\t_\t_\n").unwrap_err();
        assert!(e.contains("HEAD"), "{e}");
        assert!(read_conllu("1\ta\ta\tX\tX\t_\t0\troot\t_\t_\n").is_err());
        let e = read_conllu(
            "# text = ab\n1-3\tab\t_\t_\t_\t_\t_\t_\t_\t_\n1\ta\ta\tX\tX\t_\t0\troot\t_\t_\n",
        )
        .unwrap_err();
        assert!(e.contains("1-3"), "{e}");
    }
}
