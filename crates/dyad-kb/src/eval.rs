//! Scoring actor resolution against a gold set in NGEC's format: records
//! `{actor, context, date, expect: {country, code_1, code_2}}`.

use serde_json::Value;

use crate::date::parse_user_date;
use crate::kb::KnowledgeBase;
use crate::ontology::SegmentKind;
use crate::resolve::Resolution;

/// The figures of one evaluation run.
#[derive(Clone, Debug, Default)]
pub struct EvalReport {
    /// Records read.
    pub records: usize,
    /// Records expecting a country, and those right.
    pub country: (usize, usize),
    /// Records expecting a first sector code, and those right.
    pub sector: (usize, usize),
    /// One line per record with a miss.
    pub misses: Vec<String>,
}

/// The country as NGEC's gold sets write it: ISO-3 for countries; for
/// inter-governmental codes `UNO` for UN bodies, the region for regional ones
/// (`EUR` for the EU) and `IGO` otherwise.
pub fn gold_country(kb: &KnowledgeBase, r: &Resolution) -> Option<String> {
    let code = r.code.as_deref()?;
    if let Some(rest) = code.strip_prefix("IGO") {
        let seg = rest.get(..3).unwrap_or("");
        if seg == "UNO" || kb.ontology().is(seg, SegmentKind::Region) {
            return Some(seg.to_string());
        }
        return Some("IGO".into());
    }
    r.country.clone()
}

/// Evaluates `kb` on gold records (line number, JSON value). Records with a
/// bad or missing field are errors naming the line.
pub fn evaluate(
    kb: &KnowledgeBase,
    file: &str,
    records: &[(usize, Value)],
) -> crate::Result<EvalReport> {
    let mut rep = EvalReport {
        records: records.len(),
        ..Default::default()
    };
    for (n, v) in records {
        let field = |k: &str| v.get(k).and_then(Value::as_str);
        let err = |msg: String| crate::KbError::parse(file, *n, msg);
        let actor =
            field("actor").ok_or_else(|| err("field `actor` (a string) is missing".into()))?;
        let context = field("context").filter(|c| !c.trim().is_empty());
        let d = field("date").ok_or_else(|| err("field `date` is missing".into()))?;
        let date =
            parse_user_date(d).ok_or_else(|| err(format!("field `date` {d:?} is not a date")))?;
        let r = kb.resolve(actor, context, date);
        let expect = v.get("expect").cloned().unwrap_or(Value::Null);
        let want = |k: &str| {
            expect
                .get(k)
                .and_then(Value::as_str)
                .filter(|s| !s.is_empty())
                .map(str::to_string)
        };
        let got_country = gold_country(kb, &r);
        let got_role = r.roles.first().cloned();
        let mut miss = Vec::new();
        if let Some(c) = want("country") {
            rep.country.0 += 1;
            if got_country.as_deref() == Some(c.as_str()) {
                rep.country.1 += 1;
            } else {
                miss.push(format!(
                    "country {c} ≠ {}",
                    got_country.as_deref().unwrap_or("-")
                ));
            }
        }
        if let Some(s) = want("code_1") {
            rep.sector.0 += 1;
            if got_role.as_deref() == Some(s.as_str()) {
                rep.sector.1 += 1;
            } else {
                miss.push(format!(
                    "code_1 {s} ≠ {}",
                    got_role.as_deref().unwrap_or("-")
                ));
            }
        }
        if !miss.is_empty() {
            rep.misses.push(format!(
                "line {n}: {actor:?} ({date}{}): {} — got {} [{}]",
                context
                    .map(|c| format!(", context {c:?}"))
                    .unwrap_or_default(),
                miss.join(", "),
                r.code.as_deref().unwrap_or("no code"),
                r.reason
            ));
        }
    }
    Ok(rep)
}
