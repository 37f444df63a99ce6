//! Errors of the knowledge layer. Each names the file and line it is about.

use std::fmt;
use std::path::PathBuf;

/// What a user passes to dyad to load dictionaries whose bad lines should
/// be skipped instead of stopping the run; named in error messages.
pub const LENIENT_HINT: &str =
    "fix them, or load the files leniently (dyad: --skip-bad-lines) to skip bad lines with a warning";

/// How dictionary files with malformed lines are loaded.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum LoadMode {
    /// Any malformed line fails the load; every such line of every file is
    /// reported at once.
    #[default]
    Strict,
    /// Malformed lines are skipped, each listed as a warning; the rest loads.
    Lenient,
}

/// One malformed line of a dictionary file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BadLine {
    /// The file (or `builtin:NAME` for embedded data).
    pub file: String,
    /// 1-based line number.
    pub line: usize,
    /// What is wrong, and what is expected.
    pub msg: String,
}

impl fmt::Display for BadLine {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: {}", self.file, self.line, self.msg)
    }
}

/// Every bad line, one a line, then a count and what to do.
fn list_bad_lines(lines: &[BadLine]) -> String {
    let mut s = String::new();
    for l in lines {
        s.push_str(&l.to_string());
        s.push('\n');
    }
    s.push_str(&format!(
        "{} malformed dictionary line(s), listed above: {LENIENT_HINT}",
        lines.len()
    ));
    s
}

/// An error loading or using dyad's knowledge base.
#[derive(Debug, thiserror::Error)]
pub enum KbError {
    /// A file could not be read.
    #[error("cannot read {path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// Why it could not be read.
        #[source]
        source: std::io::Error,
    },
    /// A dictionary or ontology line dyad cannot parse.
    #[error("{file}:{line}: {msg}")]
    Parse {
        /// The file (or `builtin:NAME` for embedded data).
        file: String,
        /// 1-based line number.
        line: usize,
        /// What is wrong with the line.
        msg: String,
    },
    /// Malformed dictionary lines, all of those found in one pass (strict
    /// loading); in file and line order.
    #[error("{}", list_bad_lines(.0))]
    BadLines(Vec<BadLine>),
    /// A file whose dictionary format cannot be told from its name.
    #[error("{path}: cannot tell the dictionary format from the file name (see data/README.md: countries*.txt, organisations*.txt, agents*.txt, people*.txt, *.actors.txt, *.agents.txt, *discards*.txt)")]
    UnknownFormat {
        /// The file.
        path: PathBuf,
    },
    /// A bad argument, e.g. a malformed date.
    #[error("{0}")]
    Input(String),
}

impl KbError {
    pub(crate) fn parse(file: &str, line: usize, msg: impl Into<String>) -> Self {
        KbError::Parse {
            file: file.to_string(),
            line,
            msg: msg.into(),
        }
    }

    /// The malformed lines this error is about (empty for other errors).
    pub fn bad_lines(&self) -> &[BadLine] {
        match self {
            KbError::BadLines(v) => v,
            _ => &[],
        }
    }
}

/// Result alias of this crate.
pub type Result<T> = std::result::Result<T, KbError>;
