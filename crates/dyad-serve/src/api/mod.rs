//! The JSON/CSV API: one module per group of endpoints, and the route
//! table that both the router and the OpenAPI test read, so a route cannot
//! exist without being documented (or the reverse).

pub mod code;
pub(crate) mod contact;
pub(crate) mod events;
pub(crate) mod network;
mod openapi;
pub(crate) mod search;
pub(crate) mod stats;
pub(crate) mod timeline;

use crate::App;
use axum::routing::{get, post, MethodRouter};
use axum::Router;

pub use events::{marked_html, Span};

/// One API route: its method, path (axum syntax, `{id}` for path
/// parameters) and the query parameters it takes (besides `format`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Endpoint {
    /// `get` or `post`, as OpenAPI spells it.
    pub method: &'static str,
    /// The path.
    pub path: &'static str,
    /// Its query parameters.
    pub params: &'static [&'static str],
}

fn table() -> Vec<(Endpoint, MethodRouter<App>)> {
    let e = |path, params| Endpoint {
        method: "get",
        path,
        params,
    };
    vec![
        (e("/api/events", events::LIST_PARAMS), get(events::list)),
        (e("/api/events/{id}", &[]), get(events::one)),
        (
            e("/api/timeline", timeline::PARAMS),
            get(timeline::timeline),
        ),
        (
            e("/api/last-contact", contact::LAST_PARAMS),
            get(contact::last),
        ),
        (
            e("/api/first-contact", contact::FIRST_PARAMS),
            get(contact::first),
        ),
        (e("/api/search", search::PARAMS), get(search::search)),
        (e("/api/stats", stats::STATS_PARAMS), get(stats::stats)),
        (
            e("/api/event-types", stats::TYPES_PARAMS),
            get(stats::event_types),
        ),
        (e("/api/network", network::PARAMS), get(network::network)),
        (e("/api/openapi.json", &[]), get(openapi::document)),
        (
            Endpoint {
                method: "post",
                path: "/api/code",
                params: &[],
            },
            post(code::code),
        ),
    ]
}

/// Every API route, as served.
pub fn endpoints() -> Vec<Endpoint> {
    table().into_iter().map(|(e, _)| e).collect()
}

/// The API's routes.
pub fn router() -> Router<App> {
    table()
        .into_iter()
        .fold(Router::new(), |r, (e, m)| r.route(e.path, m))
}

/// The OpenAPI document served at `/api/openapi.json`.
pub const OPENAPI: &str = include_str!("../../assets/openapi.json");
