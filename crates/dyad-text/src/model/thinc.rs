//! Reading thinc's msgpack model files (`tok2vec/model`, `parser/model`…).
//!
//! Used only by [`super::convert`]: the run-time model is dyad's own
//! `weights.bin`. A thinc file is one map `{nodes, attrs, params, shims}` of
//! arrays indexed by node number (SPEC §1.2); attribute values are themselves
//! msgpack-encoded inside a bin, and each parameter is an ndarray record with
//! bin keys (`shape`, `data`, `type`…).

use std::path::{Path, PathBuf};

use rmpv::Value;

use crate::error::TextError;

/// One float32 array, C order.
#[derive(Debug, Clone)]
pub struct Tensor {
    pub shape: Vec<usize>,
    pub data: Vec<f32>,
}

/// One node of the model tree, in `Model.walk()` order.
#[derive(Debug, Clone)]
pub struct Node {
    pub name: String,
    /// Attributes, already decoded from their inner msgpack.
    pub attrs: Vec<(String, Value)>,
    pub params: Vec<(String, Tensor)>,
}

impl Node {
    pub fn attr(&self, key: &str) -> Option<&Value> {
        self.attrs.iter().find(|(k, _)| k == key).map(|(_, v)| v)
    }
    pub fn param(&self, key: &str) -> Option<&Tensor> {
        self.params.iter().find(|(k, _)| k == key).map(|(_, v)| v)
    }
}

/// A whole thinc model file.
pub struct ThincModel {
    pub path: PathBuf,
    pub nodes: Vec<Node>,
}

fn key_str(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => s.as_str().map(str::to_owned),
        Value::Binary(b) => String::from_utf8(b.clone()).ok(),
        _ => None,
    }
}

fn map_get<'a>(map: &'a [(Value, Value)], key: &str) -> Option<&'a Value> {
    map.iter()
        .find(|(k, _)| key_str(k).as_deref() == Some(key))
        .map(|(_, v)| v)
}

impl ThincModel {
    /// Reads and decodes a thinc model file.
    pub fn read(path: &Path) -> Result<ThincModel, TextError> {
        let bytes = std::fs::read(path).map_err(|e| TextError::io(path, e))?;
        let bad = |msg: String| TextError::format(path, msg);
        let root = rmpv::decode::read_value(&mut &bytes[..])
            .map_err(|e| bad(format!("not a msgpack file: {e}")))?;
        let Value::Map(root) = root else {
            return Err(bad("top level is not a map".into()));
        };
        let array = |key: &str| -> Result<&Vec<Value>, TextError> {
            match map_get(&root, key) {
                Some(Value::Array(a)) => Ok(a),
                _ => Err(bad(format!("missing array `{key}`"))),
            }
        };
        let nodes = array("nodes")?;
        let attrs = array("attrs")?;
        let params = array("params")?;
        if attrs.len() != nodes.len() || params.len() != nodes.len() {
            return Err(bad("nodes, attrs and params differ in length".into()));
        }
        let mut out = Vec::with_capacity(nodes.len());
        for (i, node) in nodes.iter().enumerate() {
            let name = match node {
                Value::Map(m) => map_get(m, "name").and_then(key_str),
                _ => None,
            }
            .ok_or_else(|| bad(format!("node {i} has no name")))?;
            let mut node_attrs = Vec::new();
            if let Value::Map(m) = &attrs[i] {
                for (k, v) in m {
                    let k = key_str(k).ok_or_else(|| bad(format!("node {i}: bad attr key")))?;
                    let inner = match v {
                        Value::Binary(b) => rmpv::decode::read_value(&mut &b[..])
                            .map_err(|e| bad(format!("node {i} attr {k}: {e}")))?,
                        other => other.clone(),
                    };
                    node_attrs.push((k, inner));
                }
            }
            let mut node_params = Vec::new();
            if let Value::Map(m) = &params[i] {
                for (k, v) in m {
                    let k = key_str(k).ok_or_else(|| bad(format!("node {i}: bad param key")))?;
                    let t = read_ndarray(v)
                        .map_err(|msg| bad(format!("node {i} ({name}) param {k}: {msg}")))?;
                    node_params.push((k, t));
                }
            }
            out.push(Node {
                name,
                attrs: node_attrs,
                params: node_params,
            });
        }
        Ok(ThincModel {
            path: path.to_owned(),
            nodes: out,
        })
    }

    /// Indices of nodes whose name is exactly `name`, in walk order.
    pub fn find(&self, name: &str) -> Vec<usize> {
        (0..self.nodes.len())
            .filter(|&i| self.nodes[i].name == name)
            .collect()
    }

    /// Parameter `key` of node `i`, checked against `shape`.
    pub fn param(&self, i: usize, key: &str, shape: &[usize]) -> Result<&Tensor, TextError> {
        let t = self.nodes[i].param(key).ok_or_else(|| {
            TextError::format(
                &self.path,
                format!("node {i} ({}) has no param {key}", self.nodes[i].name),
            )
        })?;
        if t.shape != shape {
            return Err(TextError::format(
                &self.path,
                format!(
                    "node {i} param {key}: shape {:?}, expected {:?}",
                    t.shape, shape
                ),
            ));
        }
        Ok(t)
    }

    /// Integer attribute `key` of node `i`.
    pub fn attr_int(&self, i: usize, key: &str) -> Result<i64, TextError> {
        self.nodes[i]
            .attr(key)
            .and_then(Value::as_i64)
            .ok_or_else(|| {
                TextError::format(&self.path, format!("node {i} has no integer attr {key}"))
            })
    }
}

fn read_ndarray(v: &Value) -> Result<Tensor, String> {
    let Value::Map(m) = v else {
        return Err("not an ndarray record".into());
    };
    let ty = map_get(m, "type").and_then(key_str).ok_or("no type")?;
    if ty != "<f4" {
        return Err(format!("dtype {ty}, expected <f4"));
    }
    let shape: Vec<usize> = match map_get(m, "shape") {
        Some(Value::Array(a)) => a
            .iter()
            .map(|x| x.as_u64().map(|x| x as usize).ok_or("bad shape"))
            .collect::<Result<_, _>>()?,
        _ => return Err("no shape".into()),
    };
    let data = match map_get(m, "data") {
        Some(Value::Binary(b)) => b,
        _ => return Err("no data".into()),
    };
    let n: usize = shape.iter().product();
    if data.len() != n * 4 {
        return Err(format!("{} data bytes for shape {shape:?}", data.len()));
    }
    let data = data
        .chunks_exact(4)
        .map(|c| f32::from_le_bytes([c[0], c[1], c[2], c[3]]))
        .collect();
    Ok(Tensor { shape, data })
}
