//! dyad's own weight file, `weights.bin`.
//!
//! Layout (all little-endian):
//!
//! ```text
//! b"DYADNN01"            8-byte magic (format version 1)
//! u32                    length H of the JSON index
//! H bytes                JSON: {"tensors": [{"name", "shape", "offset"}], "ints": {name: int}}
//! f32 data               each tensor's values in C order at its byte `offset`
//!                        (counted from the first byte after the index)
//! ```
//!
//! One read and one pass of `f32::from_le_bytes` loads the ~10 MB file, so a
//! model loads in milliseconds without memory mapping.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::error::TextError;

const MAGIC: &[u8; 8] = b"DYADNN01";

#[derive(Serialize, Deserialize)]
struct Entry {
    name: String,
    shape: Vec<usize>,
    offset: usize,
}

#[derive(Serialize, Deserialize, Default)]
struct Index {
    tensors: Vec<Entry>,
    ints: HashMap<String, i64>,
}

/// Builds a `weights.bin` in memory.
#[derive(Default)]
pub struct StoreWriter {
    index: Index,
    data: Vec<u8>,
}

impl StoreWriter {
    /// Adds tensor `name` with `shape`; `data` must hold exactly `shape.product()` values.
    pub fn tensor(&mut self, name: &str, shape: &[usize], data: &[f32]) {
        debug_assert_eq!(shape.iter().product::<usize>(), data.len());
        self.index.tensors.push(Entry {
            name: name.to_owned(),
            shape: shape.to_vec(),
            offset: self.data.len(),
        });
        for v in data {
            self.data.extend_from_slice(&v.to_le_bytes());
        }
    }

    /// Adds an integer setting (a hash seed, a pad width…).
    pub fn int(&mut self, name: &str, v: i64) {
        self.index.ints.insert(name.to_owned(), v);
    }

    pub fn write(&self, path: &Path) -> Result<(), TextError> {
        let index =
            serde_json::to_vec(&self.index).map_err(|e| TextError::format(path, e.to_string()))?;
        let mut out = Vec::with_capacity(12 + index.len() + self.data.len());
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&(index.len() as u32).to_le_bytes());
        out.extend_from_slice(&index);
        out.extend_from_slice(&self.data);
        std::fs::write(path, out).map_err(|e| TextError::io(path, e))
    }
}

/// A loaded `weights.bin`; tensors are taken out by name with their shape checked.
pub struct Store {
    path: PathBuf,
    tensors: HashMap<String, (Vec<usize>, Vec<f32>)>,
    ints: HashMap<String, i64>,
}

impl Store {
    pub fn read(path: &Path) -> Result<Store, TextError> {
        let bytes = std::fs::read(path).map_err(|e| TextError::io(path, e))?;
        let bad = |msg: &str| TextError::format(path, msg.to_owned());
        if bytes.len() < 12 || &bytes[..8] != MAGIC {
            return Err(bad(
                "not a dyad weights file (bad magic); reinstall the model",
            ));
        }
        let h = u32::from_le_bytes([bytes[8], bytes[9], bytes[10], bytes[11]]) as usize;
        let body = 12usize
            .checked_add(h)
            .filter(|&e| e <= bytes.len())
            .ok_or_else(|| bad("truncated index"))?;
        let index: Index = serde_json::from_slice(&bytes[12..body])
            .map_err(|e| TextError::format(path, format!("bad index: {e}")))?;
        let data = &bytes[body..];
        let mut tensors = HashMap::with_capacity(index.tensors.len());
        for e in index.tensors {
            let n: usize = e.shape.iter().product();
            let end = e.offset.checked_add(n * 4).filter(|&end| end <= data.len());
            let Some(end) = end else {
                return Err(TextError::format(
                    path,
                    format!("tensor {} runs past the end", e.name),
                ));
            };
            let values = data[e.offset..end]
                .chunks_exact(4)
                .map(|c| f32::from_le_bytes([c[0], c[1], c[2], c[3]]))
                .collect();
            tensors.insert(e.name, (e.shape, values));
        }
        Ok(Store {
            path: path.to_owned(),
            tensors,
            ints: index.ints,
        })
    }

    /// Removes and returns tensor `name`, which must have `shape`.
    pub fn take(&mut self, name: &str, shape: &[usize]) -> Result<Vec<f32>, TextError> {
        match self.tensors.remove(name) {
            Some((s, v)) if s == shape => Ok(v),
            Some((s, _)) => Err(TextError::format(
                &self.path,
                format!("tensor {name} has shape {s:?}, expected {shape:?}"),
            )),
            None => Err(TextError::format(&self.path, format!("no tensor {name}"))),
        }
    }

    /// The shape of tensor `name`, if present.
    pub fn shape(&self, name: &str) -> Option<&[usize]> {
        self.tensors.get(name).map(|(s, _)| s.as_slice())
    }

    pub fn int(&self, name: &str) -> Result<i64, TextError> {
        self.ints
            .get(name)
            .copied()
            .ok_or_else(|| TextError::format(&self.path, format!("no setting {name}")))
    }
}
