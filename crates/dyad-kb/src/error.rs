//! Errors of the knowledge layer. Each names the file and line it is about.

use std::path::PathBuf;

/// An error loading or using dyad's knowledge base.
#[derive(Debug, thiserror::Error)]
pub enum KbError {
    /// A file could not be read.
    #[error("cannot read {path}: {source}")]
    Io {
        path: PathBuf,
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
        msg: String,
    },
    /// A file whose dictionary format cannot be told from its name.
    #[error("{path}: cannot tell the dictionary format from the file name (see data/README.md: countries*.txt, organisations*.txt, agents*.txt, people*.txt, *.actors.txt, *.agents.txt, *discards*.txt)")]
    UnknownFormat { path: PathBuf },
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
}

/// Result alias of this crate.
pub type Result<T> = std::result::Result<T, KbError>;
