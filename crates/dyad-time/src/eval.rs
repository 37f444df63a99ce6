//! The event-date evaluation: sentences with a story date, a trigger word
//! and the date the event happened, scored against [`crate::date_event`].
//!
//! The file is JSON Lines, one case a line (blank lines and lines starting
//! with `#` are skipped):
//!
//! ```json
//! {"story_date": "2024-03-05", "text": "The summit followed last month's strikes.",
//!  "trigger": "strikes", "occurrence": 1, "value": "2024-02", "precision": "month"}
//! ```
//!
//! `occurrence` (1-based, default 1) picks among repeated trigger words;
//! `value` is in dyad's canonical notation ([`crate::format_value`]).

use std::path::{Path, PathBuf};

use dyad_text::Doc;
use serde::{Deserialize, Serialize};

use crate::calendar::Date;
use crate::event::{date_event, EventDate};
use crate::expr::precision_name;

/// Errors reading an evaluation file; each names the file and line.
#[derive(Debug, thiserror::Error)]
pub enum EvalError {
    // The I/O error is part of the message, not a `source`, so that error
    // chains printed with `{:#}` do not repeat it.
    /// The file could not be read.
    #[error("cannot read {path}: {err}")]
    Io {
        /// The file.
        path: PathBuf,
        /// Why it could not be read.
        err: std::io::Error,
    },
    /// A line that is not a valid case.
    #[error("{path}:{line}: {msg}")]
    Format {
        /// The file.
        path: PathBuf,
        /// 1-based line number.
        line: usize,
        /// What is wrong with the line.
        msg: String,
    },
}

/// One evaluation case.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Case {
    /// The story date the text is resolved against.
    pub story_date: Date,
    /// The sentence (or short passage).
    pub text: String,
    /// The trigger word, matched case-insensitively against token texts.
    pub trigger: String,
    /// Which occurrence of the trigger word (1-based, default 1).
    #[serde(default = "one")]
    pub occurrence: usize,
    /// Expected value in canonical notation.
    pub value: String,
    /// Expected precision name (`day`, `month`…).
    pub precision: String,
    /// Free-text note on what the case tests.
    #[serde(default)]
    pub note: String,
    /// 1-based line in the file (filled in on load).
    #[serde(skip)]
    pub line: usize,
}

fn one() -> usize {
    1
}

/// Reads a JSON Lines file of cases.
pub fn load_cases(path: &Path) -> Result<Vec<Case>, EvalError> {
    let text = std::fs::read_to_string(path).map_err(|err| EvalError::Io {
        path: path.to_owned(),
        err,
    })?;
    parse_cases(&text, path)
}

/// Parses JSON Lines case text; `path` is only used in error messages.
pub fn parse_cases(text: &str, path: &Path) -> Result<Vec<Case>, EvalError> {
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let l = line.trim();
        if l.is_empty() || l.starts_with('#') {
            continue;
        }
        let err = |msg: String| EvalError::Format {
            path: path.to_owned(),
            line: i + 1,
            msg,
        };
        let mut case: Case = serde_json::from_str(l).map_err(|e| err(e.to_string()))?;
        if case.occurrence == 0 {
            return Err(err("occurrence is 1-based".into()));
        }
        if crate::expr::parse_precision(&case.precision).is_none() {
            return Err(err(format!("unknown precision {:?}", case.precision)));
        }
        case.line = i + 1;
        out.push(case);
    }
    Ok(out)
}

/// The outcome of one case.
#[derive(Debug, Clone, Serialize)]
pub struct Outcome {
    /// The case's line in the file.
    pub line: usize,
    /// The case's text.
    pub text: String,
    /// The case's trigger word.
    pub trigger: String,
    /// The expected `value precision`.
    pub expected: String,
    /// What dyad said (`value precision`), or why it could not say.
    pub got: String,
    /// Whether `got` equals `expected`.
    pub correct: bool,
    /// How the date was attached, with the deciding expression quoted;
    /// empty when analysis failed.
    pub rule: String,
}

/// All outcomes and the score.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    /// Cases run.
    pub cases: usize,
    /// Cases dyad got right.
    pub correct: usize,
    /// One outcome per case, in file order.
    pub outcomes: Vec<Outcome>,
}

impl Report {
    /// Percentage of cases right.
    pub fn percent(&self) -> f64 {
        if self.cases == 0 {
            0.0
        } else {
            100.0 * self.correct as f64 / self.cases as f64
        }
    }
}

/// The token index of the `occurrence`-th token whose text is `word`.
pub fn find_trigger(doc: &Doc, word: &str, occurrence: usize) -> Option<usize> {
    (0..doc.tokens.len())
        .filter(|&i| doc.token_text(i).eq_ignore_ascii_case(word))
        .nth(occurrence.checked_sub(1)?)
}

/// Scores `cases`, parsing each text with `analyze`.
pub fn evaluate<E: std::fmt::Display>(
    cases: &[Case],
    mut analyze: impl FnMut(&str) -> Result<Doc, E>,
) -> Report {
    let mut outcomes = Vec::with_capacity(cases.len());
    for c in cases {
        let expected = format!("{} {}", c.value, c.precision);
        let (got, rule) = match analyze(&c.text) {
            Err(e) => (format!("analysis failed: {e}"), String::new()),
            Ok(doc) => match find_trigger(&doc, &c.trigger, c.occurrence) {
                None => (
                    format!("no token {:?} (occurrence {})", c.trigger, c.occurrence),
                    String::new(),
                ),
                Some(t) => {
                    let d: EventDate = date_event(&doc, t, Some(c.story_date));
                    let span = d.expr.as_ref().map_or(String::new(), |e| {
                        format!(" {:?}", &doc.text[e.start..e.end])
                    });
                    (
                        format!("{} {}", d.canonical(), precision_name(d.precision)),
                        format!("{}{span}", d.attachment.describe()),
                    )
                }
            },
        };
        outcomes.push(Outcome {
            line: c.line,
            text: c.text.clone(),
            trigger: c.trigger.clone(),
            correct: got == expected,
            expected,
            got,
            rule,
        });
    }
    Report {
        cases: cases.len(),
        correct: outcomes.iter().filter(|o| o.correct).count(),
        outcomes,
    }
}
