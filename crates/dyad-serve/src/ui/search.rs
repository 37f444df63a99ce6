//! `/search?q=…`: full-text search over the articles, each hit with its
//! events.

use super::{error_page, escape, events_table, ok_page, Nav};
use crate::api::search;
use crate::params::Params;
use crate::App;
use axum::extract::{RawQuery, State};
use axum::response::Response;

const TITLE: &str = "Search";

fn form(q: &str) -> String {
    format!(
        "<form class=\"filters\" method=\"get\" action=\"/search\"><label>Words <input type=\"search\" name=\"q\" value=\"{}\" placeholder=\"ceasefire OR truce\" autofocus></label><button>Search</button></form>\
         <p class=\"hint\">Words, \"exact phrases\", AND / OR / NOT, prefix*.</p>",
        escape(q)
    )
}

pub async fn page(State(app): State<App>, RawQuery(q): RawQuery) -> Response {
    let p = match Params::parse(q.as_deref(), search::PARAMS) {
        Ok(p) => p,
        Err(e) => return error_page(Nav::Search, TITLE, &e, &form("")),
    };
    let text = p.one("q").ok().flatten().unwrap_or("").to_string();
    if text.is_empty() {
        let body = format!(
            "{}<div class=\"empty\"><p>Type words to find the articles that use them, with the events coded from each.</p></div>",
            form("")
        );
        return ok_page(Nav::Search, TITLE, &body);
    }
    let hits = match search::run(&app, &p).await {
        Ok(h) => h,
        Err(e) => return error_page(Nav::Search, TITLE, &e, &form(&text)),
    };
    let mut body = form(&text);
    if hits.hits.is_empty() {
        body.push_str(&format!(
            "<div class=\"empty\"><p>No article mentions <q>{}</q>.</p><p>Try fewer words, OR between alternatives, or a prefix such as <code>negotiat*</code>.</p></div>",
            escape(&text)
        ));
    }
    body.push_str("<ol class=\"hits\">");
    for h in &hits.hits {
        // The snippet marks matches with [ ]; escape first, then mark.
        let snippet = escape(&h.snippet)
            .replace('[', "<mark>")
            .replace(']', "</mark>");
        body.push_str(&format!(
            "<li class=\"hit\"><h3>{title}</h3><p class=\"meta\">{doc} · {date}</p><p class=\"snippet\">{snippet}</p>{events}</li>",
            title = escape(h.title.as_deref().unwrap_or(&h.doc_id)),
            doc = escape(&h.doc_id),
            date = escape(h.story_date.as_deref().unwrap_or("undated")),
            events = if h.events.is_empty() {
                "<p class=\"hint\">No events were coded from this article.</p>".to_string()
            } else {
                events_table(&h.events)
            },
        ));
    }
    body.push_str("</ol>");
    ok_page(Nav::Search, TITLE, &body)
}
