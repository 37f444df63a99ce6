//! The converted model: where it lives, how it is converted from spaCy's
//! wheel, and the [`Pipeline`] that runs all stages over a text.

use std::path::PathBuf;

/// Name of the model directory dyad installs.
pub const MODEL_NAME: &str = "en_core_web_sm-3.8.0";

/// Where dyad looks for its model: `$DYAD_MODEL` if set, else
/// `$XDG_DATA_HOME/dyad/models/en_core_web_sm-3.8.0`, else
/// `~/.local/share/dyad/models/en_core_web_sm-3.8.0`.
pub fn default_dir() -> PathBuf {
    if let Some(p) = std::env::var_os("DYAD_MODEL") {
        return PathBuf::from(p);
    }
    let base = std::env::var_os("XDG_DATA_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".local/share")))
        .unwrap_or_else(|| PathBuf::from("."));
    base.join("dyad").join("models").join(MODEL_NAME)
}

/// All stages, loaded from a converted model directory.
pub struct Pipeline {}
