//! The dashboard: HTML pages rendered on the server from the same
//! answers the API gives, with SVG charts drawn here ([`svg`]). Filters
//! are plain GET forms, so every view is a URL that can be shared; the
//! embedded script only shows a loading state while a form is submitted.

mod dyad;
mod event;
mod network;
mod overview;
mod search;
pub(crate) mod svg;

use crate::error::ApiError;
use crate::App;
use axum::http::{header, StatusCode};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use axum::Router;

const STYLE: &str = include_str!("../../assets/style.css");
const SCRIPT: &str = include_str!("../../assets/app.js");

/// The dashboard's routes.
pub fn router() -> Router<App> {
    Router::new()
        .route("/", get(overview::page))
        .route("/dyad", get(dyad::page))
        .route("/network", get(network::page))
        .route("/event/{id}", get(event::page))
        .route("/search", get(search::page))
        .route(
            "/assets/style.css",
            get(|| async { ([(header::CONTENT_TYPE, "text/css")], STYLE) }),
        )
        .route(
            "/assets/app.js",
            get(|| async { ([(header::CONTENT_TYPE, "text/javascript")], SCRIPT) }),
        )
}

/// `s` with HTML's special characters escaped (text and attribute values).
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// `s` escaped for a URL query value.
pub fn url_value(s: &str) -> String {
    form_urlencoded::byte_serialize(s.as_bytes()).collect()
}

/// Which page of the navigation is open.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Nav {
    Overview,
    Dyad,
    Network,
    Search,
    Event,
}

/// A whole page: navigation, `title`, `body`.
pub(crate) fn page(nav: Nav, title: &str, body: &str) -> String {
    let link = |n: Nav, href: &str, label: &str| {
        let current = if n == nav {
            " aria-current=\"page\""
        } else {
            ""
        };
        format!("<a href=\"{href}\"{current}>{label}</a>")
    };
    format!(
        r#"<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{t} · dyad</title><link rel="stylesheet" href="/assets/style.css"></head>
<body data-page="{page}">
<header><span class="brand">dyad</span><nav>{a}{b}{c}{d}</nav><span id="loading" role="status" hidden>Loading…</span></header>
<main><h1>{t}</h1>
{body}
</main>
<footer>Read-only view of the event store · data as JSON/CSV at <a href="/api/openapi.json">/api</a></footer>
<script src="/assets/app.js"></script>
</body></html>"#,
        t = escape(title),
        page = match nav {
            Nav::Overview => "overview",
            Nav::Dyad => "dyad",
            Nav::Network => "network",
            Nav::Search => "search",
            Nav::Event => "event",
        },
        a = link(Nav::Overview, "/", "Overview"),
        b = link(Nav::Dyad, "/dyad", "Dyad"),
        c = link(Nav::Network, "/network", "Network"),
        d = link(Nav::Search, "/search", "Search"),
    )
}

/// A page that says what went wrong, with the page's status (a bad
/// parameter is the user's to fix: the message names it).
pub(crate) fn error_page(nav: Nav, title: &str, e: &ApiError, form: &str) -> Response {
    let body = format!(
        "{form}<p class=\"error\" role=\"alert\">{}</p>",
        escape(&e.message)
    );
    (e.status, Html(page(nav, title, &body))).into_response()
}

/// An OK page.
pub(crate) fn ok_page(nav: Nav, title: &str, body: &str) -> Response {
    (StatusCode::OK, Html(page(nav, title, body))).into_response()
}

/// A form field: label, name, current value, placeholder.
pub(crate) fn field(label: &str, name: &str, value: Option<&str>, placeholder: &str) -> String {
    format!(
        "<label>{label} <input name=\"{name}\" value=\"{}\" placeholder=\"{}\"></label>",
        escape(value.unwrap_or("")),
        escape(placeholder)
    )
}

/// A `<select>`: label, name, choices, the current one.
pub(crate) fn select(label: &str, name: &str, choices: &[(&str, &str)], current: &str) -> String {
    let opts: String = choices
        .iter()
        .map(|(v, l)| {
            let sel = if *v == current { " selected" } else { "" };
            format!("<option value=\"{v}\"{sel}>{l}</option>")
        })
        .collect();
    format!("<label>{label} <select name=\"{name}\">{opts}</select></label>")
}

/// The page body for `url`: kept from an earlier request while the
/// store's content is unchanged, else made by `make` (and kept).
pub(crate) async fn cached<F, Fut>(app: &App, url: String, make: F) -> Result<String, ApiError>
where
    F: FnOnce() -> Fut,
    Fut: std::future::Future<Output = Result<String, ApiError>>,
{
    let version = app
        .pool
        .run(|s| {
            s.content_version()
                .map_err(|e| ApiError::internal(e.to_string()))
        })
        .await?;
    if let Some(body) = app.pages.get(&url, version) {
        return Ok(body.to_string());
    }
    let body = make().await?;
    app.pages.put(&url, version, &body);
    Ok(body)
}

/// A table of events with links to their pages.
pub(crate) fn events_table(events: &[dyad_store::EventRow]) -> String {
    let mut out = String::from(
        "<table class=\"events\"><thead><tr><th>date</th><th>source</th><th>event</th><th>target</th><th>Goldstein</th><th>mentions</th></tr></thead><tbody>",
    );
    for e in events {
        out.push_str(&format!(
            "<tr class=\"q{q}\"><td>{date}</td><td><span class=\"code\">{sc}</span> {sn}</td><td><a href=\"/event/{id}\">{code} {name}</a></td><td><span class=\"code\">{tc}</span> {tn}</td><td class=\"num\">{g:.1}</td><td class=\"num\">{m}</td></tr>",
            q = e.quad_class,
            date = escape(e.date.as_deref().unwrap_or("undated")),
            sc = escape(&e.source_code),
            sn = escape(&e.source_name),
            id = e.id,
            code = escape(&e.cameo),
            name = escape(&e.cameo_name),
            tc = escape(&e.target_code),
            tn = escape(&e.target_name),
            g = e.goldstein,
            m = e.num_mentions,
        ));
    }
    out.push_str("</tbody></table>");
    out
}

/// The QuadClass names, 1 to 4.
pub(crate) const QUAD_NAMES: [&str; 4] = [
    "verbal cooperation",
    "material cooperation",
    "verbal conflict",
    "material conflict",
];
