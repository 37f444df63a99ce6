//! Reading one input — a file, standard input or text in memory — as a
//! stream of articles. JSON Lines are read a line at a time (memory bounded
//! by the longest record); a text or article file is one article, an HTML
//! page one article and a feed one article per item, each read whole.

use crate::decode::{decode, sniff, Encoding};
use crate::detect::detect_format;
use crate::jsonl::parse_record;
use crate::records::JsonLines;
use crate::split::split_article;
use crate::{Article, Format, InputError};
use std::collections::VecDeque;
use std::io::{BufRead, BufReader, Cursor, Read};
use std::path::Path;

/// How much of an input is read to detect its encoding and format.
const HEAD_BYTES: usize = 64 << 10;

type BoxRead = Box<dyn BufRead + Send>;

/// The articles of one input, in order, each a `Result`: a bad record is an
/// [`InputError`] naming the input and line, and reading goes on.
pub struct Reader {
    queue: VecDeque<Result<Article, InputError>>,
    records: Option<JsonLines>,
}

impl Reader {
    /// Read `path` (`-` = standard input). Never fails: an input that
    /// cannot be opened yields one error.
    pub fn open(path: &Path, format: Option<Format>) -> Reader {
        if path.as_os_str() == "-" {
            let stdin: BoxRead = Box::new(BufReader::with_capacity(HEAD_BYTES, std::io::stdin()));
            return Reader::from_read("<stdin>", stdin, format);
        }
        let name = path.display().to_string();
        match std::fs::File::open(path) {
            Ok(f) => Reader::from_read(
                &name,
                Box::new(BufReader::with_capacity(HEAD_BYTES, f)),
                format,
            ),
            Err(e) => Reader::failed(InputError::new(&name, format!("cannot read: {e}"))),
        }
    }

    /// Text already in memory; `name` is used for ids and messages.
    pub fn from_str(name: &str, text: &str, format: Option<Format>) -> Reader {
        let format = format.unwrap_or_else(|| detect_format(name, text));
        Reader::from_text(name, text.to_string(), format)
    }

    /// Any byte stream. Only what the first read returns is looked at to
    /// tell the encoding and format, so a live pipe is coded as its records
    /// arrive rather than after a detection window fills.
    pub fn from_read(name: &str, mut input: BoxRead, format: Option<Format>) -> Reader {
        let head = loop {
            match input.fill_buf() {
                Ok(b) => break b.to_vec(),
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(e) => {
                    return Reader::failed(InputError::new(name, format!("cannot read: {e}")))
                }
            }
        };
        if head.is_empty() {
            return Reader::failed(InputError::new(name, "is empty: nothing to code"));
        }
        let sniffed = match sniff(name, &head) {
            Ok(s) => s,
            Err(e) => return Reader::failed(e),
        };
        // UTF-8 JSON Lines are streamed a record at a time; anything else
        // (one text or article, or UTF-16, rare in news feeds) is read whole
        // and decoded by the same `decode` as in-memory input.
        let format = match sniffed.encoding {
            Encoding::Utf8 => Some(format.unwrap_or_else(|| {
                detect_format(name, &String::from_utf8_lossy(&head[sniffed.bom_len..]))
            })),
            _ => format,
        };
        if sniffed.encoding == Encoding::Utf8 && format == Some(Format::Jsonl) {
            input.consume(sniffed.bom_len);
            return Reader {
                queue: VecDeque::new(),
                records: Some(JsonLines::from_read(name, input)),
            };
        }
        let mut all = Vec::new();
        if let Err(e) = input.read_to_end(&mut all) {
            return Reader::failed(InputError::new(name, format!("cannot read: {e}")));
        }
        match decode(name, all) {
            Ok(text) => Reader::from_str(name, &text, format),
            Err(e) => Reader::failed(e),
        }
    }

    fn from_text(name: &str, text: String, format: Format) -> Reader {
        let mut reader = Reader {
            queue: VecDeque::new(),
            records: None,
        };
        if text.trim().is_empty() {
            return Reader::failed(InputError::new(name, "is empty: nothing to code"));
        }
        match format {
            Format::Jsonl => {
                reader.records = Some(JsonLines::from_read(
                    name,
                    Box::new(Cursor::new(text.into_bytes())),
                ))
            }
            Format::Article => reader.queue.push_back(match split_article(&text) {
                Some(mut a) => {
                    a.id = file_id(name);
                    Ok(a)
                }
                None => Err(InputError::new(
                    name,
                    "is not in the article shape (summary, headline, blank line, headline again, subheadline, body)",
                )),
            }),
            Format::Html => reader
                .queue
                .push_back(crate::html::read_html(name, &file_id(name), &text)),
            Format::Feed => reader.queue.extend(crate::feed::read_feed(name, &text)),
            Format::Text => reader.queue.push_back(Ok(Article {
                id: file_id(name),
                body: text,
                ..Default::default()
            })),
        }
        reader
    }

    fn failed(e: InputError) -> Reader {
        Reader {
            queue: VecDeque::from([Err(e)]),
            records: None,
        }
    }

    /// Read JSON Lines until something is queued or the input ends.
    fn fill_from_lines(&mut self) {
        while self.queue.is_empty() {
            let Some(records) = self.records.as_mut() else {
                return;
            };
            match records.next() {
                None => self.records = None,
                Some(Err(e)) => self.queue.push_back(Err(e)),
                Some(Ok(rec)) => {
                    let (article, problems) = parse_record(&rec.origin, &rec.fields);
                    self.queue.extend(problems.into_iter().map(Err));
                    if let Some(a) = article {
                        self.queue.push_back(Ok(a));
                    }
                }
            }
        }
    }
}

impl Iterator for Reader {
    type Item = Result<Article, InputError>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.queue.is_empty() {
            self.fill_from_lines();
        }
        let mut item = self.queue.pop_front()?;
        if let Ok(article) = &mut item {
            article.repair_entities();
        }
        Some(item)
    }
}

/// An article's id when the input gives none: the file name.
fn file_id(name: &str) -> String {
    Path::new(name)
        .file_name()
        .map(|f| f.to_string_lossy().into_owned())
        .unwrap_or_else(|| name.to_string())
}
