//! JSON Lines as records: one JSON object per line, read one line at a time.
//! Every JSON Lines input dyad reads — articles, gold sets, actor lists,
//! benchmark corpora — goes through here, so each gets the same handling:
//! any line end, per-line UTF-8 errors, a BOM at a line start, over-long
//! lines skipped unbuffered, a bad line reported with its number and the
//! rest read.

use crate::lines::{Line, Lines};
use crate::{InputError, MAX_RECORD_BYTES};
use serde_json::{Map, Value};
use std::collections::VecDeque;
use std::io::BufRead;
use std::path::Path;

/// One JSON object of a JSON Lines input.
#[derive(Debug, Clone, PartialEq)]
pub struct JsonRecord {
    /// `FILE:LINE`, for messages and default ids.
    pub origin: String,
    /// 1-based line number.
    pub line: usize,
    /// The object's fields, as parsed.
    pub fields: Map<String, Value>,
}

/// The records of one JSON Lines input, each a `Result`.
pub struct JsonLines {
    name: String,
    lines: Option<Lines<Box<dyn BufRead + Send>>>,
    pending: VecDeque<InputError>,
    produced: bool,
}

impl JsonLines {
    /// Read `path` (`-` = standard input); a file that cannot be opened
    /// yields one error.
    pub fn open(path: &Path) -> JsonLines {
        if path.as_os_str() == "-" {
            let stdin = std::io::BufReader::new(std::io::stdin());
            return JsonLines::from_read("<stdin>", Box::new(stdin));
        }
        let name = path.display().to_string();
        match std::fs::File::open(path) {
            Ok(f) => JsonLines::from_read(&name, Box::new(std::io::BufReader::new(f))),
            Err(e) => JsonLines {
                pending: VecDeque::from([InputError::new(&name, format!("cannot read: {e}"))]),
                name,
                lines: None,
                produced: true,
            },
        }
    }

    /// Any byte stream (UTF-8; a BOM at the start of a line is dropped).
    pub fn from_read(name: &str, input: Box<dyn BufRead + Send>) -> JsonLines {
        JsonLines {
            name: name.to_string(),
            lines: Some(Lines::new(input, MAX_RECORD_BYTES)),
            pending: VecDeque::new(),
            produced: false,
        }
    }

    fn next_line(&mut self) -> Option<Result<Option<JsonRecord>, InputError>> {
        let lines = self.lines.as_mut()?;
        let line = match lines.next_line() {
            None => {
                self.lines = None;
                return (!self.produced)
                    .then(|| Err(InputError::new(&self.name, "is empty: nothing to read")));
            }
            Some(Err(e)) => {
                self.lines = None;
                return Some(Err(InputError::new(
                    &self.name,
                    format!("cannot read: {e}"),
                )));
            }
            Some(Ok(l)) => l,
        };
        Some(match line {
            Line::TooLong { number, len } => Err(InputError::new(
                format!("{}:{number}", self.name),
                format!(
                    "record of {len} bytes is longer than {} MiB, skipped",
                    MAX_RECORD_BYTES >> 20
                ),
            )),
            Line::Bytes { number, bytes } => parse_line(&self.name, number, bytes),
        })
    }
}

impl Iterator for JsonLines {
    type Item = Result<JsonRecord, InputError>;

    fn next(&mut self) -> Option<Self::Item> {
        if let Some(e) = self.pending.pop_front() {
            return Some(Err(e));
        }
        loop {
            match self.next_line()? {
                Ok(None) => continue,
                r => {
                    self.produced = true;
                    return r.transpose();
                }
            }
        }
    }
}

/// One line: `None` when blank, else an object or the reason it is not one.
fn parse_line(name: &str, number: usize, bytes: Vec<u8>) -> Result<Option<JsonRecord>, InputError> {
    let origin = format!("{name}:{number}");
    let text = String::from_utf8(bytes).map_err(|e| {
        InputError::new(
            &origin,
            format!(
                "byte {}: is not valid UTF-8; the record is skipped (convert the file, e.g. `iconv -f windows-1252 -t utf-8`)",
                e.utf8_error().valid_up_to() + 1
            ),
        )
    })?;
    // A BOM at the start of a line (files concatenated with `cat`).
    let line = text.trim_start_matches('\u{feff}');
    if line.trim().is_empty() {
        return Ok(None);
    }
    match serde_json::from_str::<Value>(line) {
        Ok(Value::Object(fields)) => Ok(Some(JsonRecord {
            origin,
            line: number,
            fields,
        })),
        Ok(other) => Err(InputError::new(
            origin,
            format!(
                "is a JSON {}, not an object: each line must be one record like {{\"id\": …, \"text\": …}}",
                json_kind(&other)
            ),
        )),
        Err(e) => Err(InputError::new(origin, format!("not a JSON object: {e}"))),
    }
}

/// The JSON type of a value, for messages.
pub fn json_kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn records_and_problems_by_line() {
        let input = b"{\"a\":1}\n\n[1]\n\xff\n{bad\n\xef\xbb\xbf{\"b\":2}\n".to_vec();
        let got: Vec<String> = JsonLines::from_read("f", Box::new(std::io::Cursor::new(input)))
            .map(|r| match r {
                Ok(rec) => format!("{}: ok {}", rec.origin, rec.fields.len()),
                Err(e) => e.origin,
            })
            .collect();
        assert_eq!(got, ["f:1: ok 1", "f:3", "f:4", "f:5", "f:6: ok 1"]);
    }

    #[test]
    fn an_empty_input_is_said_to_be_empty() {
        let got: Vec<_> =
            JsonLines::from_read("f", Box::new(std::io::Cursor::new(b"\n \n".to_vec()))).collect();
        assert_eq!(got.len(), 1);
        assert!(got[0].as_ref().unwrap_err().msg.contains("empty"));
    }
}
