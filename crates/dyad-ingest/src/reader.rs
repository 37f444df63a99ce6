//! Reading one input — a file, standard input or text in memory — as a
//! stream of articles. JSON Lines are read a line at a time (memory bounded
//! by the longest record); a text or article file is one article and is read
//! whole.

use crate::decode::{decode_utf16, decode_utf8, sniff, Encoding};
use crate::detect::detect_format;
use crate::jsonl::parse_record;
use crate::lines::{Line, Lines};
use crate::split::split_article;
use crate::{Article, Format, InputError, MAX_RECORD_BYTES};
use std::collections::VecDeque;
use std::io::{BufRead, BufReader, Cursor, Read};
use std::path::Path;

/// How much of an input is read to detect its encoding and format.
const HEAD_BYTES: usize = 64 << 10;

type BoxRead = Box<dyn BufRead + Send>;

/// The articles of one input, in order, each a `Result`: a bad record is an
/// [`InputError`] naming the input and line, and reading goes on.
pub struct Reader {
    name: String,
    queue: VecDeque<Result<Article, InputError>>,
    lines: Option<Lines<BoxRead>>,
    /// Whether anything (article or error) came out of the lines yet: an
    /// input with no record at all is reported as empty.
    produced: bool,
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
            Err(e) => Reader::failed(&name, InputError::new(&name, format!("cannot read: {e}"))),
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
                    return Reader::failed(name, InputError::new(name, format!("cannot read: {e}")))
                }
            }
        };
        if head.is_empty() {
            return Reader::failed(name, InputError::new(name, "is empty: nothing to code"));
        }
        let sniffed = match sniff(name, &head) {
            Ok(s) => s,
            Err(e) => return Reader::failed(name, e),
        };
        if sniffed.encoding != Encoding::Utf8 {
            // UTF-16 is rare in news feeds: decoded whole, then read as text.
            let mut all = Vec::new();
            if let Err(e) = input.read_to_end(&mut all) {
                return Reader::failed(name, InputError::new(name, format!("cannot read: {e}")));
            }
            return match decode_utf16(name, &all[sniffed.bom_len..], sniffed.encoding) {
                Ok(text) => Reader::from_str(name, &text, format),
                Err(e) => Reader::failed(name, e),
            };
        }
        input.consume(sniffed.bom_len);
        let format = format.unwrap_or_else(|| {
            detect_format(name, &String::from_utf8_lossy(&head[sniffed.bom_len..]))
        });
        match format {
            Format::Jsonl => Reader {
                name: name.to_string(),
                queue: VecDeque::new(),
                lines: Some(Lines::new(input, MAX_RECORD_BYTES)),
                produced: false,
            },
            _ => {
                let mut all = Vec::new();
                if let Err(e) = input.read_to_end(&mut all) {
                    return Reader::failed(
                        name,
                        InputError::new(name, format!("cannot read: {e}")),
                    );
                }
                if all.iter().all(u8::is_ascii_whitespace) {
                    return Reader::failed(
                        name,
                        InputError::new(name, "is empty: nothing to code"),
                    );
                }
                match decode_utf8(name, all) {
                    Ok(text) => Reader::from_text(name, text, format),
                    Err(e) => Reader::failed(name, e),
                }
            }
        }
    }

    fn from_text(name: &str, text: String, format: Format) -> Reader {
        let mut reader = Reader {
            name: name.to_string(),
            queue: VecDeque::new(),
            lines: None,
            produced: false,
        };
        if text.trim().is_empty() {
            return Reader::failed(name, InputError::new(name, "is empty: nothing to code"));
        }
        match format {
            Format::Jsonl => {
                reader.lines = Some(Lines::new(
                    Box::new(Cursor::new(text.into_bytes())),
                    MAX_RECORD_BYTES,
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
            Format::Text => reader.queue.push_back(Ok(Article {
                id: file_id(name),
                body: text,
                ..Default::default()
            })),
        }
        reader
    }

    fn failed(name: &str, e: InputError) -> Reader {
        Reader {
            name: name.to_string(),
            queue: VecDeque::from([Err(e)]),
            lines: None,
            produced: true,
        }
    }

    /// Read JSON Lines until something is queued or the input ends.
    fn fill_from_lines(&mut self) {
        while self.queue.is_empty() {
            let Some(lines) = self.lines.as_mut() else {
                return;
            };
            let line = match lines.next_line() {
                None => {
                    self.lines = None;
                    if !self.produced {
                        self.queue.push_back(Err(InputError::new(
                            &self.name,
                            "is empty: nothing to code",
                        )));
                    }
                    return;
                }
                Some(Err(e)) => {
                    self.queue.push_back(Err(InputError::new(
                        &self.name,
                        format!("cannot read: {e}"),
                    )));
                    self.lines = None;
                    return;
                }
                Some(Ok(l)) => l,
            };
            match line {
                Line::TooLong { number, len } => self.queue.push_back(Err(InputError::new(
                    format!("{}:{number}", self.name),
                    format!(
                        "record of {len} bytes is longer than {} MiB, skipped",
                        MAX_RECORD_BYTES >> 20
                    ),
                ))),
                Line::Bytes { number, bytes } => self.record(number, bytes),
            }
            self.produced |= !self.queue.is_empty();
        }
    }

    fn record(&mut self, number: usize, bytes: Vec<u8>) {
        let origin = format!("{}:{number}", self.name);
        let text = match String::from_utf8(bytes) {
            Ok(t) => t,
            Err(e) => {
                let at = e.utf8_error().valid_up_to();
                self.queue.push_back(Err(InputError::new(
                    origin,
                    format!("byte {}: is not valid UTF-8; the record is skipped (convert the file, e.g. `iconv -f windows-1252 -t utf-8`)", at + 1),
                )));
                return;
            }
        };
        // A BOM at the start of a line (files concatenated with `cat`).
        let line = text.trim_start_matches('\u{feff}');
        if line.trim().is_empty() {
            return;
        }
        let (article, problems) = parse_record(&origin, line);
        self.queue.extend(problems.into_iter().map(Err));
        if let Some(a) = article {
            self.queue.push_back(Ok(a));
        }
    }
}

impl Iterator for Reader {
    type Item = Result<Article, InputError>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.queue.is_empty() {
            self.fill_from_lines();
        }
        self.queue.pop_front()
    }
}

/// An article's id when the input gives none: the file name.
fn file_id(name: &str) -> String {
    Path::new(name)
        .file_name()
        .map(|f| f.to_string_lossy().into_owned())
        .unwrap_or_else(|| name.to_string())
}
