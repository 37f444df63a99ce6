//! Reading spaCy's msgpack files with errors that name the file.

use std::path::Path;

use rmpv::Value;

use crate::TextError;

/// Reads and decodes one msgpack value from `path`.
pub fn read(path: &Path) -> Result<Value, TextError> {
    let bytes = std::fs::read(path).map_err(|e| TextError::io(path, e))?;
    rmpv::decode::read_value(&mut bytes.as_slice())
        .map_err(|e| TextError::format(path, format!("not a msgpack file: {e}")))
}

/// The entries of a map value, or an error saying which part (`what`) was not a map.
pub fn map<'a>(v: &'a Value, path: &Path, what: &str) -> Result<&'a [(Value, Value)], TextError> {
    v.as_map()
        .map(Vec::as_slice)
        .ok_or_else(|| TextError::format(path, format!("{what}: expected a map")))
}

/// The items of an array value.
pub fn array<'a>(v: &'a Value, path: &Path, what: &str) -> Result<&'a [Value], TextError> {
    v.as_array()
        .map(Vec::as_slice)
        .ok_or_else(|| TextError::format(path, format!("{what}: expected an array")))
}

/// A string value.
pub fn string<'a>(v: &'a Value, path: &Path, what: &str) -> Result<&'a str, TextError> {
    v.as_str()
        .ok_or_else(|| TextError::format(path, format!("{what}: expected a string")))
}

/// The value under string key `key` of a map, if present.
pub fn get<'a>(entries: &'a [(Value, Value)], key: &str) -> Option<&'a Value> {
    entries
        .iter()
        .find(|(k, _)| k.as_str() == Some(key))
        .map(|(_, v)| v)
}
