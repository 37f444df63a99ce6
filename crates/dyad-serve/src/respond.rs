//! Answers as JSON or CSV. Tabular answers (lists of events, series,
//! pairs) come as CSV when asked by `?format=csv` or `Accept: text/csv`,
//! so R and pandas read the URL directly.

use crate::error::ApiError;
use crate::params::Params;
use axum::http::{header, HeaderMap, HeaderValue};
use axum::response::{IntoResponse, Response};
use serde::Serialize;

/// The form of an answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// `application/json`.
    Json,
    /// `text/csv`, one header line.
    Csv,
}

impl Format {
    /// `?format=` wins over `Accept`; JSON when neither asks for CSV.
    pub fn of(params: &Params, headers: &HeaderMap) -> Result<Format, ApiError> {
        match params.one("format")? {
            Some("json") => return Ok(Format::Json),
            Some("csv") => return Ok(Format::Csv),
            Some(v) => {
                return Err(ApiError::bad_parameter(
                    "format",
                    format!("`{v}` is not json or csv"),
                ))
            }
            None => {}
        }
        let accept = headers
            .get(header::ACCEPT)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("");
        Ok(if accept.contains("text/csv") {
            Format::Csv
        } else {
            Format::Json
        })
    }

    /// For answers that are not tables: CSV is refused, naming `format`.
    pub fn json_only(params: &Params) -> Result<(), ApiError> {
        match params.one("format")? {
            None | Some("json") => Ok(()),
            Some(v) => Err(ApiError::bad_parameter(
                "format",
                format!("`{v}`: this answer is not a table; only json is offered"),
            )),
        }
    }
}

/// A table: a header and rows of fields, written as CSV (RFC 4180 quoting).
pub struct Csv {
    /// Column names.
    pub header: Vec<String>,
    /// Rows, already as text.
    pub rows: Vec<Vec<String>>,
}

impl Csv {
    /// The CSV text.
    pub fn text(&self) -> String {
        let mut out = String::new();
        let line = |fields: &[String]| {
            fields
                .iter()
                .map(|f| dyad_store::csv_field(f))
                .collect::<Vec<_>>()
                .join(",")
        };
        out.push_str(&line(&self.header));
        out.push('\n');
        for r in &self.rows {
            out.push_str(&line(r));
            out.push('\n');
        }
        out
    }
}

/// The events as a CSV table, in the columns of `dyad export --format csv`.
pub fn events_csv(events: &[dyad_store::EventRow]) -> String {
    let mut out = dyad_store::CSV_HEADER.join(",");
    out.push('\n');
    for e in events {
        out.push_str(&dyad_store::csv_row(e));
        out.push('\n');
    }
    out
}

/// JSON `value`, or the CSV text `csv` makes, as `format` says.
pub fn tabular<T: Serialize>(format: Format, value: &T, csv: impl FnOnce() -> String) -> Response {
    match format {
        Format::Json => axum::Json(value).into_response(),
        Format::Csv => (
            [(
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/csv; charset=utf-8"),
            )],
            csv(),
        )
            .into_response(),
    }
}
