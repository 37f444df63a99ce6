//! Reading coded events back from JSON (what `dyad code` prints), so that
//! pre-coded events can be stored without the coder.

use crate::error::{Result, StoreError};
use dyad_code::event::{ActorRef, EventDate, Evidence, Plover};
use dyad_code::extract::Mood;
use dyad_code::Event;
use serde_json::Value;
use std::collections::HashMap;
use std::path::Path;

fn field<'a>(v: &'a Value, name: &str) -> std::result::Result<&'a Value, String> {
    v.get(name).ok_or_else(|| format!("missing field `{name}`"))
}

fn string(v: &Value, name: &str) -> std::result::Result<String, String> {
    field(v, name)?
        .as_str()
        .map(str::to_string)
        .ok_or_else(|| format!("field `{name}` is not a string"))
}

fn opt_string(v: &Value, name: &str) -> std::result::Result<Option<String>, String> {
    match v.get(name) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.clone())),
        Some(_) => Err(format!("field `{name}` is not a string")),
    }
}

fn span(v: Option<&Value>) -> (usize, usize) {
    let n = |i: usize| {
        v.and_then(|a| a.get(i))
            .and_then(Value::as_u64)
            .unwrap_or(0) as usize
    };
    (n(0), n(1))
}

fn actor(v: &Value) -> std::result::Result<ActorRef, String> {
    Ok(ActorRef {
        code: opt_string(v, "code")?,
        text: string(v, "text")?,
        span: span(v.get("span")),
        reason: opt_string(v, "reason")?.unwrap_or_default(),
    })
}

/// One event from its JSON form.
pub fn event_from_json(v: &Value) -> std::result::Result<Event, String> {
    let date = field(v, "date")?;
    let ev = v.get("evidence").cloned().unwrap_or(Value::Null);
    let plover = match v.get("plover") {
        Some(p @ Value::Object(_)) => Some(Plover {
            event_type: string(p, "type")?,
            mode: opt_string(p, "mode")?,
        }),
        _ => None,
    };
    let story_date = match opt_string(v, "story_date")? {
        Some(s) => Some(
            chrono::NaiveDate::parse_from_str(&s, "%Y-%m-%d")
                .map_err(|_| format!("story_date `{s}` is not YYYY-MM-DD"))?,
        ),
        None => None,
    };
    let cameo = string(v, "cameo")?;
    if cameo.is_empty() || !cameo.bytes().all(|b| b.is_ascii_digit()) {
        return Err(format!("cameo `{cameo}` is not a CAMEO code"));
    }
    Ok(Event {
        doc_id: string(v, "doc_id")?,
        sentence_index: field(v, "sentence_index")?
            .as_u64()
            .ok_or("field `sentence_index` is not a number")? as usize,
        source: actor(field(v, "source")?)?,
        target: match v.get("target") {
            None | Some(Value::Null) => None,
            Some(t) => Some(actor(t)?),
        },
        cameo,
        cameo_name: opt_string(v, "cameo_name")?,
        // null: a code the ontology does not know (a custom codebook's).
        goldstein: match field(v, "goldstein")? {
            Value::Null => None,
            g => Some(
                g.as_f64()
                    .ok_or("field `goldstein` is not a number or null")? as f32,
            ),
        },
        quad_class: match field(v, "quad_class")? {
            Value::Null => None,
            q => Some(
                q.as_u64()
                    .filter(|q| (1..=4).contains(q))
                    .ok_or("field `quad_class` is not 1–4 or null")? as u8,
            ),
        },
        plover,
        story_date,
        date: EventDate {
            value: opt_string(date, "value")?,
            precision: opt_string(date, "precision")?,
            // Not serialised: the first day of a plain date value; other
            // notations (weeks, ranges) fall back to the story date.
            start: opt_string(date, "value")?
                .as_deref()
                .and_then(crate::day::day_of_value)
                .and_then(|d| crate::day::date_of(d.day)),
            rule: opt_string(date, "rule")?.unwrap_or_default(),
            span: date
                .get("span")
                .filter(|s| !s.is_null())
                .map(|s| span(Some(s))),
            lookback: opt_string(date, "lookback")?,
        },
        evidence: Evidence {
            sentence: opt_string(&ev, "sentence")?.unwrap_or_default(),
            sentence_span: span(ev.get("sentence_span")),
            trigger_span: span(ev.get("trigger_span")),
            trigger: opt_string(&ev, "trigger")?.unwrap_or_default(),
            pattern: opt_string(&ev, "pattern")?.unwrap_or_default(),
            pattern_origin: opt_string(&ev, "pattern_origin")?.unwrap_or_default(),
            mood: match opt_string(&ev, "mood")?.as_deref() {
                Some("intent") => Mood::Intent,
                _ => Mood::Factual,
            },
        },
    })
}

/// Read a JSON Lines file of coded events, grouped by `doc_id`.
pub fn read_events_file(path: &Path) -> Result<HashMap<String, Vec<Event>>> {
    let text = std::fs::read_to_string(path).map_err(crate::store::io_error(path))?;
    let mut out: HashMap<String, Vec<Event>> = HashMap::new();
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let origin = || format!("{}:{}", path.display(), i + 1);
        let v: Value = serde_json::from_str(line).map_err(|e| StoreError::Input {
            origin: origin(),
            msg: format!("not JSON: {e}"),
        })?;
        let e = event_from_json(&v).map_err(|msg| StoreError::Input {
            origin: origin(),
            msg,
        })?;
        out.entry(e.doc_id.clone()).or_default().push(e);
    }
    Ok(out)
}
