//! `/event/{id}`: one event — who did what to whom and when — and every
//! sentence that reported it, with source, target and trigger highlighted,
//! the pattern that matched and the reasons for the actors.

use super::{error_page, escape, ok_page, Nav, QUAD_NAMES};
use crate::api::events;
use crate::App;
use axum::extract::{Path, State};
use axum::response::Response;

pub async fn page(State(app): State<App>, Path(id): Path<String>) -> Response {
    let title = format!("Event {id}");
    let d = match events::detail(&app, &id).await {
        Ok(d) => d,
        Err(e) => {
            return error_page(
                Nav::Event,
                &title,
                &e,
                "<p><a href=\"/\">Back to the overview</a></p>",
            )
        }
    };
    let e = &d.event;
    let quad = usize::from(e.quad_class)
        .checked_sub(1)
        .and_then(|i| QUAD_NAMES.get(i))
        .unwrap_or(&"unknown");
    let mut body = format!(
        "<p class=\"headline q{q}\"><span class=\"code\">{sc}</span> {sn} → <b>{code} {name}</b> → <span class=\"code\">{tc}</span> {tn}</p>\
         <table class=\"facts\"><tbody>\
         <tr><th>date</th><td>{date} ({prec})</td></tr>\
         <tr><th>CAMEO</th><td>{code} {name}</td></tr>\
         <tr><th>QuadClass</th><td>{qn} ({q})</td></tr>\
         <tr><th>Goldstein</th><td>{g:.1}</td></tr>\
         <tr><th>PLOVER</th><td>{plover}</td></tr>\
         <tr><th>place</th><td>{place}</td></tr>\
         <tr><th>reported by</th><td>{m} mention(s), {a} article(s), {s} source(s)</td></tr>\
         </tbody></table>",
        q = e.quad_class,
        sc = escape(&e.source_code),
        sn = escape(&e.source_name),
        tc = escape(&e.target_code),
        tn = escape(&e.target_name),
        code = escape(&e.cameo),
        name = escape(&e.cameo_name),
        date = escape(e.date.as_deref().unwrap_or("undated")),
        prec = escape(&e.precision),
        qn = quad,
        g = e.goldstein,
        plover = escape(e.plover_type.as_deref().unwrap_or("—")),
        place = e.location.as_ref().map_or("—".to_string(), |p| format!(
            "{} ({}, {:.2}, {:.2})",
            escape(&p.name),
            escape(&p.country),
            p.lat,
            p.lon
        )),
        m = e.num_mentions,
        a = e.num_articles,
        s = e.num_sources,
    );
    if !e.source_code.is_empty() && !e.target_code.is_empty() {
        body.push_str(&format!(
            "<p><a href=\"/dyad?dyad={}%2C{}\">All events between {} and {}</a></p>",
            super::url_value(&e.source_code),
            super::url_value(&e.target_code),
            escape(&e.source_code),
            escape(&e.target_code)
        ));
    }
    body.push_str("<h2>Evidence</h2><p class=\"legend\"><mark class=\"hl-source\">source</mark> <mark class=\"hl-trigger\">trigger</mark> <mark class=\"hl-target\">target</mark> <mark class=\"hl-place\">place</mark></p>");
    for m in d.evidence() {
        let link = match &m.url {
            Some(u) => format!(
                "<a href=\"{}\" rel=\"noreferrer\">{}</a>",
                escape(u),
                escape(m.title.as_deref().unwrap_or(&m.doc_id))
            ),
            None => escape(m.title.as_deref().unwrap_or(&m.doc_id)),
        };
        body.push_str(&format!(
            "<article class=\"mention\"><p class=\"meta\">{link} · {outlet} · {date}</p>\
             <blockquote class=\"sentence\">{sentence}</blockquote>\
             <dl><dt>pattern</dt><dd><code>{pattern}</code> <small>{origin}</small></dd>\
             <dt>mood</dt><dd>{mood}</dd>\
             <dt>source</dt><dd>{sr}</dd><dt>target</dt><dd>{tr}</dd><dt>date</dt><dd>{dr}</dd></dl></article>",
            outlet = escape(m.outlet.as_deref().unwrap_or("unknown outlet")),
            date = escape(m.story_date.as_deref().unwrap_or("undated")),
            sentence = m.sentence_html,
            pattern = escape(&m.pattern),
            origin = escape(&m.pattern_origin),
            mood = escape(&m.mood),
            sr = escape(&m.source_reason),
            tr = escape(&m.target_reason),
            dr = escape(&m.date_rule),
        ));
    }
    ok_page(Nav::Event, &format!("Event {}", e.id), &body)
}
