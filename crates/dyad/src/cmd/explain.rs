//! `dyad code --explain`: the coder's reasoning, sentence by sentence.

use dyad_code::engine::Coded;
use dyad_code::extract::Trace;
use dyad_ingest::Article;
use std::io::Write;

pub fn print(
    out: &mut impl Write,
    a: &Article,
    coded: &Coded,
    trace: &Trace,
) -> anyhow::Result<()> {
    let doc = &coded.doc;
    writeln!(
        out,
        "=== {} (story date: {})",
        a.id,
        coded
            .story_date
            .map(|d| d.to_string())
            .unwrap_or_else(|| "unknown".into())
    )?;
    for (si, sent) in doc.sentences().into_iter().enumerate() {
        let (s, e) = doc.byte_span(sent.clone());
        writeln!(out, "\n[{si}] {}", doc.text[s..e].trim())?;
        writeln!(out, "  tree:")?;
        for i in sent.clone() {
            let t = &doc.tokens[i];
            if doc.token_text(i).trim().is_empty() {
                continue;
            }
            writeln!(
                out,
                "    {:>3} {:<18} {:<14} {:<5} {:<10} <- {}",
                i - sent.start,
                doc.token_text(i),
                t.lemma,
                t.tag,
                t.dep,
                if t.head == i {
                    "ROOT".to_string()
                } else {
                    format!("{} {}", t.head - sent.start, doc.token_text(t.head))
                }
            )?;
        }
        // The model's entities, as labelled; which actor each phrase is
        // comes from the coder's own record (the events), never from a
        // second lookup that could disagree with it.
        let ents: Vec<String> = doc
            .ents
            .iter()
            .filter(|en| en.start >= sent.start && en.end <= sent.end)
            .map(|en| {
                let (s, e) = doc.byte_span(en.start..en.end);
                format!("{} [{}]", &doc.text[s..e], en.label)
            })
            .collect();
        if !ents.is_empty() {
            writeln!(out, "  entities: {}", ents.join("; "))?;
        }
        for line in actor_lines(coded, si) {
            writeln!(out, "  actor: {line}")?;
        }
        let tried: Vec<_> = trace
            .tried
            .iter()
            .filter(|(t, _, _)| sent.contains(t))
            .collect();
        if tried.is_empty() {
            writeln!(out, "  patterns: no trigger word in this sentence")?;
        }
        for (t, pat, outcome) in tried {
            writeln!(out, "  trigger `{}`: {pat}: {outcome}", doc.token_text(*t))?;
        }
        for ev in coded.events.iter().filter(|ev| ev.sentence_index == si) {
            writeln!(
                out,
                "  EVENT {} -> {} {} {} (goldstein {}, {}; date {} by {})",
                ev.source.code.as_deref().unwrap_or("?"),
                ev.target
                    .as_ref()
                    .map(|t| t.code.as_deref().unwrap_or("?"))
                    .unwrap_or("-"),
                ev.cameo,
                ev.cameo_name.as_deref().unwrap_or("(not in the ontology)"),
                ev.goldstein
                    .map(|g| format!("{g:+}"))
                    .unwrap_or_else(|| "unknown".into()),
                ev.evidence.pattern,
                ev.date.value.as_deref().unwrap_or("unknown"),
                ev.date.rule
            )?;
            writeln!(
                out,
                "        source `{}`: {}",
                ev.source.text, ev.source.reason
            )?;
            if let Some(t) = &ev.target {
                writeln!(out, "        target `{}`: {}", t.text, t.reason)?;
            }
            match &ev.location {
                Some(l) => writeln!(
                    out,
                    "        place `{}`: {} ({}, {}; {:.4}, {:.4}; {}) by {}",
                    doc.text.get(l.span.0..l.span.1).unwrap_or(""),
                    l.name,
                    l.country,
                    l.precision,
                    l.lat,
                    l.lon,
                    l.geonames_id
                        .map(|i| format!("geonames {i}"))
                        .unwrap_or_else(|| "no geonames id".into()),
                    l.rule
                )?,
                None => writeln!(out, "        place: none")?,
            }
        }
    }
    Ok(())
}

/// The geocoder's side of `--explain`: every toponym of the article, the
/// candidates considered and why one won (or why the geocoder is off).
pub fn print_places(
    out: &mut impl Write,
    geo: Option<&dyad_geo::Geocoder>,
    coded: &Coded,
) -> std::io::Result<()> {
    writeln!(out, "\nplaces:")?;
    let Some(geo) = geo else {
        return writeln!(
            out,
            "  off: no gazetteer installed (run scripts/fetch-gazetteer, or give --gazetteer DIR)"
        );
    };
    let trace = geo.explain(&coded.doc);
    if trace.toponyms.is_empty() {
        writeln!(out, "  no toponym found")?;
    }
    for line in trace.lines() {
        writeln!(out, "  {line}")?;
    }
    Ok(())
}

/// Each actor phrase of the sentence's events, with the code and reason the
/// coder gave it, once.
fn actor_lines(coded: &Coded, sentence: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let events = coded.events.iter().filter(|e| e.sentence_index == sentence);
    for actor in events.flat_map(|e| std::iter::once(&e.source).chain(e.target.as_ref())) {
        let line = format!(
            "{} -> {} ({})",
            actor.text,
            actor.code.as_deref().unwrap_or("no actor"),
            actor.reason
        );
        if !lines.contains(&line) {
            lines.push(line);
        }
    }
    lines
}
