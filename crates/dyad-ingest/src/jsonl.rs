//! One JSON Lines record into an [`Article`]. Each field is checked on its
//! own, so a record with one odd field is still coded and the problem named.

use crate::date::parse_story_date;
use crate::records::json_kind;
use crate::{Article, InputError};
use serde_json::{Map, Value};

/// One record's fields; `origin` is `FILE:LINE`. Returns the article (if
/// the record has text) and the problems found in it.
pub fn parse_record(origin: &str, rec: &Map<String, Value>) -> (Option<Article>, Vec<InputError>) {
    let mut problems = Vec::new();
    let body = match rec.get("text") {
        Some(Value::String(t)) if !t.trim().is_empty() => t.clone(),
        Some(Value::String(_)) | Some(Value::Null) | None => {
            return (
                None,
                vec![InputError::new(
                    origin,
                    "record has no `text` (or it is empty)",
                )],
            )
        }
        Some(other) => {
            return (
                None,
                vec![InputError::new(
                    origin,
                    format!("field `text` is a JSON {}, not a string", json_kind(other)),
                )],
            )
        }
    };
    let date = match optional_string(rec, "date", origin, &mut problems) {
        Some(d) if !d.trim().is_empty() => match parse_story_date(&d) {
            Some(d) => Some(d),
            None => {
                problems.push(InputError::new(
                    origin,
                    format!("field `date`: `{}` is not a date (expected YYYY-MM-DD); coded with the date unknown", clip(&d)),
                ));
                None
            }
        },
        _ => None,
    };
    let id = match rec.get("id") {
        Some(Value::String(s)) if !s.is_empty() => s.clone(),
        Some(Value::Number(n)) => n.to_string(),
        _ => origin.to_string(),
    };
    let article = Article {
        id,
        date,
        title: optional_string(rec, "title", origin, &mut problems),
        url: optional_string(rec, "url", origin, &mut problems),
        source: optional_string(rec, "source", origin, &mut problems),
        body,
        ..Default::default()
    };
    (Some(article), problems)
}

/// A string field, `None` when absent or null; another type is a problem
/// and the field is left out.
fn optional_string(
    rec: &Map<String, Value>,
    field: &str,
    origin: &str,
    problems: &mut Vec<InputError>,
) -> Option<String> {
    match rec.get(field) {
        None | Some(Value::Null) => None,
        Some(Value::String(s)) => Some(s.clone()),
        Some(other) => {
            problems.push(InputError::new(
                origin,
                format!(
                    "field `{field}` is a JSON {}, not a string; left out",
                    json_kind(other)
                ),
            ));
            None
        }
    }
}

/// At most 40 characters of a value, for messages.
fn clip(s: &str) -> String {
    let mut out: String = s.chars().take(40).collect();
    if out.len() < s.len() {
        out.push('…');
    }
    out
}
