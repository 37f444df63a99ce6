//! dyad-ingest: reading articles. Turns files and streams in the supported
//! input formats into [`Article`] values, the first stage of the pipeline.
//!
//! Formats ([`Format`]):
//! * **plain text** — the whole input is one article body;
//! * **article text** — the common news-file shape: a one-line summary, the
//!   headline, a blank line, the headline again, a subheadline, then body
//!   paragraphs; the parts become fields;
//! * **JSON Lines** — one article per line: `id`, `date` (`YYYY-MM-DD`),
//!   `text`, optional `title`, `url`, `source`;
//! * **HTML** — a news page (`<!doctype html`/`<html` root): the main text
//!   extracted by a Readability port with menus, ads, comments and related
//!   links left out, plus title, date, canonical URL (the id) and site name
//!   (`html.rs`);
//! * **feeds** — RSS 2.0/1.0 and Atom (`<rss`/`<feed`/`<rdf:RDF` root): one
//!   article per item, with link (the id), date, title, and content or
//!   summary with its HTML stripped (`feed.rs`).
//!
//! Text is UTF-8 (a byte-order mark is dropped) or UTF-16 (with a BOM, or
//! ASCII-range text without one); lines may end in `\n`, `\r\n` or `\r`.
//! [`article_language`] tells an article's language (whatlang; `lang.rs`),
//! so that callers can skip what dyad cannot code.
//!
//! Plain text, HTML and feeds that are not UTF-8 are decoded from the
//! encoding declared by `<meta charset>` or `<?xml encoding?>` in the first
//! 1024 bytes, else guessed by chardetng (Windows-1252, ISO-8859-x,
//! Shift-JIS, GB18030, …; `encoding.rs`). JSON Lines stay UTF-8 per line,
//! as JSON requires.
//!
//! HTML character references left in text fields (`Japan&#39;s`, or AG
//! News's `Japan #39;s` with the `&` stripped) are decoded on reading
//! ([`repair_entities`]), so the parser sees the words the writer meant.
//!
//! Errors never abort a batch: a broken JSON line — bad JSON, not an object,
//! invalid UTF-8, a field of the wrong type — becomes an [`InputError`]
//! naming the file and line, and reading goes on.
//!
//! The main types: [`expand`] turns the paths a user gives into files
//! (folders walked once, link loops and bad entries reported), and a
//! [`Reader`] streams the articles of one input, holding one record at a
//! time, so inputs of any size are read in bounded memory. The pieces it
//! uses are public too: [`detect_format`], [`split_article`] (the
//! article-text layout), [`find_dateline`] ("KYIV, March 5 (Reuters) -")
//! and [`parse_story_date`].
//!
//! ```
//! use dyad_ingest::{Reader, Format};
//! let input = "{\"id\": \"a1\", \"date\": \"2024-03-05\", \"text\": \"Rebels attacked Goma.\"}\n{broken\n";
//! let mut r = Reader::from_str("news.jsonl", input, None);
//! let first = r.next().unwrap().unwrap();
//! assert_eq!((first.id.as_str(), first.body.as_str()), ("a1", "Rebels attacked Goma."));
//! let second = r.next().unwrap().unwrap_err();
//! assert_eq!(second.origin, "news.jsonl:2");
//! assert!(r.next().is_none());
//! ```

#![warn(missing_docs)]

mod date;
mod dateline;
mod decode;
mod detect;
mod encoding;
mod entities;
mod feed;
mod html;
mod jsonl;
mod lang;
mod lines;
mod months;
mod place;
mod reader;
mod records;
mod split;
mod walk;

pub use date::parse_story_date;
pub use dateline::{find_dateline, Dateline};
pub use detect::detect_format;
pub use entities::repair_entities;
pub use feed::strip_html;
pub use lang::{article_language, is_not_english};
pub use months::{month_prefix, month_word, MONTH_NAMES};
pub use place::data_home;
pub use reader::Reader;
pub use records::{JsonLines, JsonRecord};
pub use split::split_article;
pub use walk::expand;

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
    /// Headline, when the input has one.
    pub title: Option<String>,
    /// Subheadline (article-text format only).
    pub subheadline: Option<String>,
    /// One-line summary (article-text format only).
    pub summary: Option<String>,
    /// Where the article was published, when given.
    pub url: Option<String>,
    /// The outlet ("Reuters"), when given; the store counts distinct sources.
    pub source: Option<String>,
    /// The text to code.
    pub body: String,
}

impl Article {
    /// Decodes HTML character references left in the text fields
    /// ([`repair_entities`]): every reader does this once, so the stored
    /// body and the spans into it agree.
    pub fn repair_entities(&mut self) {
        fn repair(s: &mut String) {
            if let std::borrow::Cow::Owned(fixed) = repair_entities(s) {
                *s = fixed;
            }
        }
        repair(&mut self.body);
        for s in [&mut self.title, &mut self.subheadline, &mut self.summary]
            .into_iter()
            .flatten()
        {
            repair(s);
        }
    }
}

/// Input format of a file or stream.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Plain text: the whole input is one article body.
    Text,
    /// Article text: summary, headline, blank line, headline, subheadline, body.
    Article,
    /// JSON Lines: one article object per line.
    Jsonl,
    /// An HTML page: its main text, title, date, URL and site name.
    Html,
    /// An RSS or Atom feed: one article per item.
    Feed,
}

impl std::str::FromStr for Format {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s {
            "text" | "txt" => Ok(Format::Text),
            "article" => Ok(Format::Article),
            "jsonl" | "json" => Ok(Format::Jsonl),
            "html" | "htm" => Ok(Format::Html),
            "feed" | "rss" | "atom" => Ok(Format::Feed),
            other => Err(format!(
                "unknown input format `{other}` (expected text, article, jsonl, html or feed)"
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
    /// What went wrong, without the origin.
    pub msg: String,
}

impl InputError {
    /// An error at `origin` (`FILE` or `FILE:LINE`).
    pub fn new(origin: impl Into<String>, msg: impl Into<String>) -> Self {
        InputError {
            origin: origin.into(),
            msg: msg.into(),
        }
    }
}

/// Longest line dyad accepts in JSON Lines input (64 MiB): longer is almost
/// certainly not an article, and bounding it bounds memory.
pub const MAX_RECORD_BYTES: usize = 64 << 20;

/// Decode raw bytes as text, or explain why they are not text (empty,
/// binary, bad UTF-8 after a UTF-8 BOM or bad UTF-16 — naming the line).
/// Bytes that are not UTF-8 are decoded in the encoding they declare or
/// that is guessed for them.
pub use decode::decode;

/// Read one file (or `-` for standard input) into articles.
/// Returns the articles read and the errors met (one per bad record).
/// [`Reader`] does the same one article at a time.
pub fn read_path(path: &Path, format: Option<Format>) -> (Vec<Article>, Vec<InputError>) {
    split_results(Reader::open(path, format))
}

/// Parse text already in memory; `name` is used for ids and messages.
pub fn read_str(name: &str, text: &str, format: Option<Format>) -> (Vec<Article>, Vec<InputError>) {
    split_results(Reader::from_str(name, text, format))
}

fn split_results(
    results: impl Iterator<Item = Result<Article, InputError>>,
) -> (Vec<Article>, Vec<InputError>) {
    let mut articles = Vec::new();
    let mut errors = Vec::new();
    for r in results {
        match r {
            Ok(a) => articles.push(a),
            Err(e) => errors.push(e),
        }
    }
    (articles, errors)
}

/// The articles of several files, read lazily one file after the other:
/// memory holds one JSON Lines record (or one text file) at a time.
pub fn read_files(
    files: Vec<std::path::PathBuf>,
    format: Option<Format>,
) -> impl Iterator<Item = Result<Article, InputError>> {
    files
        .into_iter()
        .flat_map(move |f| Reader::open(&f, format))
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
    fn one_bad_byte_costs_one_record() {
        let mut t = Vec::new();
        for i in 0..5 {
            t.extend(format!("{{\"id\":\"r{i}\",\"text\":\"Rebels attacked.\"}}\n").bytes());
        }
        let second = t.iter().position(|&b| b == b'\n').unwrap() + 10;
        t[second] = 0xff;
        let (a, e) = split_results(Reader::from_read(
            "f.jsonl",
            Box::new(std::io::Cursor::new(t)),
            None,
        ));
        assert_eq!(a.len(), 4);
        assert_eq!(e.len(), 1);
        assert_eq!(e[0].origin, "f.jsonl:2", "{e:?}");
        assert!(e[0].msg.contains("not valid UTF-8"), "{e:?}");
    }

    #[test]
    fn cr_line_ends_and_boms_are_read() {
        let t = "\u{feff}{\"text\":\"One.\"}\r{\"text\":\"Two.\"}\r\n{\"text\":\"Three.\"}";
        let (a, e) = read_str("f.txt", t, None);
        assert!(e.is_empty(), "{e:?}");
        let bodies: Vec<&str> = a.iter().map(|a| a.body.as_str()).collect();
        assert_eq!(bodies, ["One.", "Two.", "Three."]);
        assert_eq!(a[2].id, "f.txt:3");
    }

    #[test]
    fn a_header_line_is_one_bad_record() {
        let t = "id,date,text\n{\"text\":\"One.\"}\n{\"text\":\"Two.\"}\n";
        let (a, e) = read_str("news.txt", t, None);
        assert_eq!(a.len(), 2);
        assert_eq!(e.len(), 1);
        assert_eq!(e[0].origin, "news.txt:1");
    }

    #[test]
    fn records_must_be_objects_with_typed_fields() {
        let t = "[\"a\", \"2024-03-05\", \"Rebels attacked.\"]\n{\"text\":5}\n{\"text\":\"Ok.\",\"date\":\"2024-03-05garbage\",\"title\":7}\n";
        let (a, e) = read_str("f.jsonl", t, None);
        assert_eq!(a.len(), 1);
        assert_eq!(a[0].date, None);
        assert_eq!(a[0].title, None);
        let msgs: Vec<String> = e.iter().map(|e| e.to_string()).collect();
        assert!(msgs[0].contains("f.jsonl:1: is a JSON array"), "{msgs:?}");
        assert!(msgs[1].contains("`text` is a JSON number"), "{msgs:?}");
        assert!(
            msgs[2].contains("`2024-03-05garbage` is not a date"),
            "{msgs:?}"
        );
        assert!(msgs[3].contains("`title` is a JSON number"), "{msgs:?}");
    }

    #[test]
    fn long_inputs_are_streamed_with_the_right_line_numbers() {
        // Over the detection window, so the streaming path is taken.
        let mut t = String::new();
        for i in 0..3000 {
            t.push_str(&format!(
                "{{\"id\":{i},\"text\":\"Rebels attacked the town of Goma again.\"}}\n"
            ));
        }
        t.push_str("{broken\n");
        let r = Reader::from_read(
            "big.jsonl",
            Box::new(std::io::Cursor::new(t.into_bytes())),
            None,
        );
        let (a, e) = split_results(r);
        assert_eq!(a.len(), 3000);
        assert_eq!(e[0].origin, "big.jsonl:3001");
    }

    #[test]
    fn utf16_files_are_read() {
        let mut b = vec![0xFF, 0xFE];
        b.extend(
            "{\"text\":\"“Rebels” attacked.\"}\n"
                .encode_utf16()
                .flat_map(|u| u.to_le_bytes()),
        );
        let (a, e) = split_results(Reader::from_read(
            "u.jsonl",
            Box::new(std::io::Cursor::new(b)),
            None,
        ));
        assert!(e.is_empty(), "{e:?}");
        assert_eq!(a[0].body, "“Rebels” attacked.");
    }

    #[test]
    fn plain_text_is_one_article() {
        let (a, e) = read_str("-", "Rebels attacked the town.", Some(Format::Text));
        assert!(e.is_empty());
        assert_eq!(a[0].body, "Rebels attacked the town.");
    }
}
