//! dyad-ingest: reading articles. Turns files and streams in the supported
//! input formats into [`Article`] values, the first stage of the pipeline.
//!
//! Formats ([`Format`]):
//! * **plain text** — the whole input is one article body;
//! * **article text** — the common news-file shape: a one-line summary, the
//!   headline, a blank line, the headline again, a subheadline, then body
//!   paragraphs; the parts become fields;
//! * **JSON Lines** — one article per line: `id`, `date` (`YYYY-MM-DD`),
//!   `text`, optional `title`, `url`, `source`.
//!
//! Errors never abort a batch: a broken JSON line becomes an
//! [`InputError`] naming the file and line, and reading goes on.

mod dateline;

pub use dateline::{find_dateline, Dateline};

use chrono::NaiveDate;
use serde::Serialize;
use std::path::Path;

/// One article to code.
#[derive(Debug, Clone, Default, Serialize, PartialEq)]
pub struct Article {
    /// The input's `id`, else `FILE` or `FILE:LINE`.
    pub id: String,
    /// Story (publication) date, when known.
    pub date: Option<NaiveDate>,
    pub title: Option<String>,
    pub subheadline: Option<String>,
    pub summary: Option<String>,
    pub url: Option<String>,
    pub source: Option<String>,
    /// The text to code.
    pub body: String,
}

/// Input format of a file or stream.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Text,
    Article,
    Jsonl,
}

impl std::str::FromStr for Format {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s {
            "text" | "txt" => Ok(Format::Text),
            "article" => Ok(Format::Article),
            "jsonl" | "json" => Ok(Format::Jsonl),
            other => Err(format!(
                "unknown input format `{other}` (expected text, article or jsonl)"
            )),
        }
    }
}

/// A problem with one input (a whole file, or one line of it).
#[derive(Debug, Clone, thiserror::Error, PartialEq)]
#[error("{origin}: {msg}")]
pub struct InputError {
    /// `FILE` or `FILE:LINE`.
    pub origin: String,
    pub msg: String,
}

impl InputError {
    fn new(origin: impl Into<String>, msg: impl Into<String>) -> Self {
        InputError {
            origin: origin.into(),
            msg: msg.into(),
        }
    }
}

/// Longest line dyad accepts in JSON Lines input (64 MiB): longer is almost
/// certainly not an article, and bounding it bounds memory.
pub const MAX_RECORD_BYTES: usize = 64 << 20;

/// Guess the format from the name and the first non-blank character.
pub fn detect_format(name: &str, text: &str) -> Format {
    if name.ends_with(".jsonl") || name.ends_with(".ndjson") {
        return Format::Jsonl;
    }
    if text.trim_start().starts_with('{') {
        return Format::Jsonl;
    }
    if split_article(text).is_some() {
        return Format::Article;
    }
    Format::Text
}

/// Decode raw bytes as text, or explain why they are not text.
pub fn decode(name: &str, bytes: Vec<u8>) -> Result<String, InputError> {
    if bytes.is_empty() || bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(InputError::new(name, "is empty: nothing to code"));
    }
    if let Some(pos) = bytes.iter().take(8192).position(|&b| b == 0) {
        return Err(InputError::new(
            name,
            format!("looks binary (NUL byte at offset {pos}); dyad reads UTF-8 text, article files and JSON Lines"),
        ));
    }
    String::from_utf8(bytes).map_err(|e| {
        let off = e.utf8_error().valid_up_to();
        InputError::new(
            name,
            format!("is not valid UTF-8 (first bad byte at offset {off}); convert it, e.g. `iconv -f latin1 -t utf-8`"),
        )
    })
}

/// Read one file (or `-` for standard input) into articles.
/// Returns the articles read and the errors met (one per bad record).
pub fn read_path(path: &Path, format: Option<Format>) -> (Vec<Article>, Vec<InputError>) {
    let name = path.display().to_string();
    let bytes = if name == "-" {
        let mut b = Vec::new();
        match std::io::Read::read_to_end(&mut std::io::stdin(), &mut b) {
            Ok(_) => b,
            Err(e) => return (vec![], vec![InputError::new("<stdin>", e.to_string())]),
        }
    } else {
        match std::fs::read(path) {
            Ok(b) => b,
            Err(e) => {
                return (
                    vec![],
                    vec![InputError::new(&name, format!("cannot read: {e}"))],
                )
            }
        }
    };
    let name = if name == "-" {
        "<stdin>".to_string()
    } else {
        name
    };
    match decode(&name, bytes) {
        Ok(text) => read_str(&name, &text, format),
        Err(e) => (vec![], vec![e]),
    }
}

/// Parse text already in memory; `name` is used for ids and messages.
pub fn read_str(name: &str, text: &str, format: Option<Format>) -> (Vec<Article>, Vec<InputError>) {
    let id = Path::new(name)
        .file_name()
        .map(|f| f.to_string_lossy().into_owned())
        .unwrap_or_else(|| name.to_string());
    match format.unwrap_or_else(|| detect_format(name, text)) {
        Format::Jsonl => read_jsonl(name, text),
        Format::Article => match split_article(text) {
            Some(mut a) => {
                a.id = id;
                (vec![a], vec![])
            }
            None => (
                vec![],
                vec![InputError::new(
                    name,
                    "is not in the article shape (summary, headline, blank line, headline again, subheadline, body)",
                )],
            ),
        },
        Format::Text => (
            vec![Article {
                id,
                body: text.to_string(),
                ..Default::default()
            }],
            vec![],
        ),
    }
}

#[derive(serde::Deserialize)]
struct JsonRecord {
    id: Option<serde_json::Value>,
    date: Option<String>,
    text: Option<String>,
    title: Option<String>,
    url: Option<String>,
    source: Option<String>,
}

fn read_jsonl(name: &str, text: &str) -> (Vec<Article>, Vec<InputError>) {
    let mut arts = Vec::new();
    let mut errs = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let origin = format!("{name}:{}", i + 1);
        if line.trim().is_empty() {
            continue;
        }
        if line.len() > MAX_RECORD_BYTES {
            errs.push(InputError::new(
                origin,
                format!("record longer than {} MiB, skipped", MAX_RECORD_BYTES >> 20),
            ));
            continue;
        }
        let rec: JsonRecord = match serde_json::from_str(line) {
            Ok(r) => r,
            Err(e) => {
                errs.push(InputError::new(origin, format!("not a JSON object: {e}")));
                continue;
            }
        };
        let Some(body) = rec.text.filter(|t| !t.trim().is_empty()) else {
            errs.push(InputError::new(
                origin,
                "record has no `text` (or it is empty)",
            ));
            continue;
        };
        let date = match rec.date.as_deref().map(str::trim).filter(|d| !d.is_empty()) {
            None => None,
            Some(d) => match parse_story_date(d) {
                Some(d) => Some(d),
                None => {
                    errs.push(InputError::new(
                        &origin,
                        format!("field `date`: `{d}` is not a date (expected YYYY-MM-DD); coded with the date unknown"),
                    ));
                    None
                }
            },
        };
        let id = match rec.id {
            Some(serde_json::Value::String(s)) => s,
            Some(serde_json::Value::Number(n)) => n.to_string(),
            _ => origin.clone(),
        };
        arts.push(Article {
            id,
            date,
            title: rec.title,
            url: rec.url,
            source: rec.source,
            body,
            ..Default::default()
        });
    }
    (arts, errs)
}

/// `YYYY-MM-DD`, also accepting a time part (`2024-03-05T10:00:00Z`).
pub fn parse_story_date(s: &str) -> Option<NaiveDate> {
    let day = s.get(..10).unwrap_or(s);
    NaiveDate::parse_from_str(day, "%Y-%m-%d").ok()
}

/// Recognise the article-text shape: summary, headline, blank, headline
/// again, subheadline, body.
pub fn split_article(text: &str) -> Option<Article> {
    let lines: Vec<&str> = text.lines().collect();
    if lines.len() < 6 {
        return None;
    }
    let (summary, head, blank, head2, sub) = (
        lines[0].trim(),
        lines[1].trim(),
        lines[2].trim(),
        lines[3].trim(),
        lines[4].trim(),
    );
    if summary.is_empty() || head.is_empty() || !blank.is_empty() || head != head2 {
        return None;
    }
    let body = lines[5..].join("\n").trim().to_string();
    if body.is_empty() {
        return None;
    }
    Some(Article {
        title: Some(head.to_string()),
        subheadline: (!sub.is_empty()).then(|| sub.to_string()),
        summary: Some(summary.to_string()),
        body,
        ..Default::default()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn article_shape_is_split_into_fields() {
        let t = "Talks end without deal.\nLeaders meet in Paris\n\nLeaders meet in Paris\nA first meeting in years\nPARIS (AP) — The leaders met on Monday.\n\nThey agreed to meet again.\n";
        assert_eq!(detect_format("a.txt", t), Format::Article);
        let (a, e) = read_str("dir/a.txt", t, None);
        assert!(e.is_empty());
        assert_eq!(a[0].id, "a.txt");
        assert_eq!(a[0].title.as_deref(), Some("Leaders meet in Paris"));
        assert_eq!(
            a[0].subheadline.as_deref(),
            Some("A first meeting in years")
        );
        assert_eq!(a[0].summary.as_deref(), Some("Talks end without deal."));
        assert!(a[0].body.starts_with("PARIS (AP)"));
        assert!(a[0].body.ends_with("meet again."));
    }

    #[test]
    fn jsonl_bad_lines_are_reported_and_the_rest_kept() {
        let t = "{\"id\":\"a\",\"date\":\"2024-03-05\",\"text\":\"One.\"}\n{broken\n\n{\"id\":7,\"text\":\"Two.\",\"date\":\"March\"}\n{\"id\":\"c\"}\n";
        let (a, e) = read_str("f.jsonl", t, None);
        assert_eq!(a.len(), 2);
        assert_eq!(a[0].date, NaiveDate::from_ymd_opt(2024, 3, 5));
        assert_eq!(a[1].id, "7");
        assert_eq!(a[1].date, None);
        let origins: Vec<_> = e.iter().map(|e| e.origin.as_str()).collect();
        assert_eq!(origins, ["f.jsonl:2", "f.jsonl:4", "f.jsonl:5"]);
    }

    #[test]
    fn binary_empty_and_bad_utf8_are_named() {
        assert!(decode("x", vec![]).unwrap_err().msg.contains("empty"));
        assert!(decode("x", b"ab\0cd".to_vec())
            .unwrap_err()
            .msg
            .contains("binary"));
        let e = decode("x", vec![b'a', 0xff, b'b']).unwrap_err();
        assert!(e.msg.contains("offset 1"), "{e}");
    }

    #[test]
    fn plain_text_is_one_article() {
        let (a, e) = read_str("-", "Rebels attacked the town.", Some(Format::Text));
        assert!(e.is_empty());
        assert_eq!(a[0].body, "Rebels attacked the town.");
    }
}
