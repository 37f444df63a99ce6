//! Reading coded events back from JSON (what `dyad code` prints), so that
//! pre-coded events can be stored without the coder. The JSON form is
//! [`Event`]'s serde form; this adds what serde cannot say: which field was
//! wrong, the checks the store relies on, and the derived
//! [`EventDate::start`](dyad_event::EventDate::start).

use crate::error::{Result, StoreError};
use dyad_event::Event;
use serde_json::Value;
use std::collections::HashMap;
use std::path::Path;

/// Deserialize one event, naming the field at fault in the error.
fn decode<'de, D>(de: D) -> std::result::Result<Event, serde_path_to_error::Error<D::Error>>
where
    D: serde::Deserializer<'de>,
{
    serde_path_to_error::deserialize(de)
}

fn describe<E: std::fmt::Display>(err: &serde_path_to_error::Error<E>) -> String {
    let path = err.path().to_string();
    if path == "." {
        err.inner().to_string()
    } else {
        format!("field `{path}`: {}", err.inner())
    }
}

/// The checks serde's types do not make, and the one derived field.
fn finish(mut e: Event) -> std::result::Result<Event, String> {
    if e.cameo.is_empty() || !e.cameo.bytes().all(|b| b.is_ascii_digit()) {
        return Err(format!("cameo `{}` is not a CAMEO code", e.cameo));
    }
    if e.quad_class.is_some_and(|q| !(1..=4).contains(&q)) {
        return Err("field `quad_class` is not 1–4 or null".into());
    }
    // Not serialised: the first day of a plain date value; other notations
    // (weeks, ranges) fall back to the story date.
    e.date.start = e
        .date
        .value
        .as_deref()
        .and_then(crate::day::day_of_value)
        .and_then(|d| crate::day::date_of(d.day));
    Ok(e)
}

/// One event from its JSON form.
pub fn event_from_json(v: &Value) -> std::result::Result<Event, String> {
    finish(decode(v).map_err(|e| describe(&e))?)
}

/// One event from a line of JSON.
fn event_from_line(line: &str) -> std::result::Result<Event, String> {
    let mut de = serde_json::Deserializer::from_str(line);
    let e = decode(&mut de).map_err(|e| {
        if e.inner().is_data() {
            describe(&e)
        } else {
            format!("not JSON: {}", e.inner())
        }
    })?;
    // Trailing garbage after the object.
    de.end().map_err(|e| format!("not JSON: {e}"))?;
    finish(e)
}

/// Read a JSON Lines file of coded events, grouped by `doc_id`.
pub fn read_events_file(path: &Path) -> Result<HashMap<String, Vec<Event>>> {
    let text = std::fs::read_to_string(path).map_err(crate::store::io_error(path))?;
    let mut out: HashMap<String, Vec<Event>> = HashMap::new();
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let e = event_from_line(line).map_err(|msg| StoreError::Input {
            origin: format!("{}:{}", path.display(), i + 1),
            msg,
        })?;
        out.entry(e.doc_id.clone()).or_default().push(e);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A whole event as `dyad code` prints it, for tests to break one field of.
    const LINE: &str = r#"{"doc_id":"a1","sentence_index":2,"source":{"code":"KENGOV","text":"Kenya","span":[0,5],"reason":"r"},"target":null,"cameo":"040","cameo_name":"Consult","goldstein":1.0,"quad_class":1,"plover":{"type":"CONSULT","mode":null},"story_date":"2024-03-15","date":{"value":"2024-03","precision":"month","rule":"tmod of trigger","span":[9,14],"lookback":null},"evidence":{"sentence":"Kenya met.","sentence_span":[0,10],"trigger_span":[6,9],"trigger":"met","pattern":"040 meet","pattern_origin":"p.txt:1","mood":"intent"}}"#;

    fn with(edit: impl FnOnce(&mut Value)) -> String {
        let mut v: Value = serde_json::from_str(LINE).unwrap();
        edit(&mut v);
        v.to_string()
    }

    fn err(line: &str) -> String {
        event_from_line(line).unwrap_err()
    }

    #[test]
    fn reads_a_whole_event_and_derives_the_start_day() {
        let e = event_from_line(LINE).unwrap();
        assert_eq!(e.sentence_index, 2);
        assert_eq!(e.date.span, Some((9, 14)));
        assert_eq!(e.evidence.mood, dyad_event::Mood::Intent);
        assert_eq!(e.date.start, chrono::NaiveDate::from_ymd_opt(2024, 3, 1));
        // The same through a parsed value.
        assert_eq!(event_from_json(&serde_json::from_str(LINE).unwrap()), Ok(e));
        // A week or a range is not a point: no start day.
        let week = with(|v| v["date"]["value"] = "2024-W10".into());
        assert_eq!(event_from_line(&week).unwrap().date.start, None);
    }

    #[test]
    fn explanatory_fields_may_be_left_out() {
        let line = with(|v| {
            let o = v.as_object_mut().unwrap();
            o.remove("evidence");
            o.remove("target");
            o.remove("plover");
            o["source"].as_object_mut().unwrap().remove("reason");
            o["source"].as_object_mut().unwrap().remove("span");
            o["date"].as_object_mut().unwrap().remove("rule");
        });
        let e = event_from_line(&line).unwrap();
        assert_eq!(e.source.reason, "");
        assert_eq!(e.source.span, (0, 0));
        assert_eq!(e.evidence, dyad_event::Evidence::default());
        assert_eq!(e.evidence.mood, dyad_event::Mood::Factual);
        assert_eq!((e.target, e.plover), (None, None));
    }

    #[test]
    fn errors_name_the_field() {
        let cases: Vec<(String, &str)> = vec![
            (
                with(|v| drop(v.as_object_mut().unwrap().remove("doc_id"))),
                "missing field `doc_id`",
            ),
            (
                with(|v| drop(v.as_object_mut().unwrap().remove("goldstein"))),
                "missing field `goldstein`",
            ),
            (
                with(|v| v["sentence_index"] = "two".into()),
                "field `sentence_index`: invalid type",
            ),
            (
                with(|v| v["source"]["span"][1] = (-1).into()),
                "field `source.span[1]`",
            ),
            (
                with(|v| v["source"]["text"] = 5.into()),
                "field `source.text`",
            ),
            (
                with(|v| v["goldstein"] = "high".into()),
                "field `goldstein`",
            ),
            (with(|v| v["quad_class"] = 300.into()), "field `quad_class`"),
            (
                with(|v| v["quad_class"] = 5.into()),
                "field `quad_class` is not 1–4 or null",
            ),
            (
                with(|v| v["cameo"] = "04a".into()),
                "cameo `04a` is not a CAMEO code",
            ),
            (
                with(|v| v["cameo"] = "".into()),
                "cameo `` is not a CAMEO code",
            ),
            (
                with(|v| v["story_date"] = "15/03/2024".into()),
                "field `story_date`",
            ),
            (
                with(|v| v["evidence"]["mood"] = "maybe".into()),
                "field `evidence.mood`: unknown variant `maybe`",
            ),
            (with(|v| v["plover"] = "CONSULT".into()), "field `plover`"),
            ("{\"doc_id\":".into(), "not JSON"),
            (format!("{LINE} x"), "not JSON"),
            ("[1, 2]".into(), "invalid type"),
        ];
        for (line, want) in cases {
            let got = err(&line);
            assert!(got.contains(want), "{want:?} not in {got:?} for {line}");
        }
    }

    #[test]
    fn file_errors_name_file_and_line() {
        let dir = tempfile::tempdir().unwrap();
        let f = dir.path().join("events.jsonl");
        let bad = with(|v| v["source"]["code"] = 7.into());
        std::fs::write(&f, format!("{LINE}\n\n{bad}\n")).unwrap();
        let got = read_events_file(&f).unwrap_err().to_string();
        assert!(got.contains("events.jsonl:3"), "{got}");
        assert!(got.contains("field `source.code`"), "{got}");
    }

    #[test]
    fn file_groups_events_by_document() {
        let dir = tempfile::tempdir().unwrap();
        let f = dir.path().join("events.jsonl");
        let other = with(|v| v["doc_id"] = "b2".into());
        std::fs::write(&f, format!("{LINE}\n{other}\n{LINE}\n")).unwrap();
        let got = read_events_file(&f).unwrap();
        assert_eq!(got["a1"].len(), 2);
        assert_eq!(got["b2"].len(), 1);
    }
}
