//! `GET /api/stats` (what the store holds) and `GET /api/event-types`
//! (the commonest CAMEO codes among filtered events).

use crate::error::ApiError;
use crate::params::Params;
use crate::respond::{tabular, Csv, Format};
use crate::App;
use axum::extract::{RawQuery, State};
use axum::http::HeaderMap;
use axum::response::Response;
use dyad_store::{CodeCount, EventFilter, Stats};
use serde::Serialize;

pub const STATS_PARAMS: &[&str] = &["top"];
pub const TYPES_PARAMS: &[&str] = &[
    "actor", "source", "target", "dyad", "directed", "country", "role", "cameo", "plover", "quad",
    "from", "to", "text", "place", "near", "top",
];

/// The store's statistics (shared with the overview page).
pub(crate) async fn stats_of(app: &App, top: usize) -> Result<Stats, ApiError> {
    app.pool
        .run(move |s| s.stats(top).map_err(|e| ApiError::internal(e.to_string())))
        .await
}

pub async fn stats(State(app): State<App>, RawQuery(q): RawQuery) -> Result<Response, ApiError> {
    let p = Params::parse(q.as_deref(), STATS_PARAMS)?;
    Format::json_only(&p)?;
    let top = p.number("top", 10, (0, 100))?;
    let mut st = stats_of(&app, top).await?;
    // The server's own path is not the client's business.
    st.path = st.path.rsplit('/').next().unwrap_or("").to_string();
    Ok(tabular(Format::Json, &st, String::new))
}

#[derive(Serialize)]
pub(crate) struct Types {
    pub(crate) types: Vec<CodeCount>,
}

/// The commonest codes among the events of `p` (shared with the overview).
pub(crate) async fn types_of(app: &App, f: EventFilter, top: usize) -> Result<Types, ApiError> {
    let types = app
        .pool
        .run(move |s| {
            s.top_codes(&f, top)
                .map_err(|e| ApiError::from_store(e, "text"))
        })
        .await?;
    Ok(Types { types })
}

pub async fn event_types(
    State(app): State<App>,
    RawQuery(q): RawQuery,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let p = Params::parse(q.as_deref(), TYPES_PARAMS)?;
    let format = Format::of(&p, &headers)?;
    let f = p.filter()?;
    let top = p.number("top", 10, (1, 300))?;
    let t = types_of(&app, f, top).await?;
    Ok(tabular(format, &t, || {
        Csv {
            header: ["cameo", "cameo_name", "quad_class", "events"]
                .iter()
                .map(|s| s.to_string())
                .collect(),
            rows: t
                .types
                .iter()
                .map(|c| {
                    vec![
                        c.cameo.clone(),
                        c.cameo_name.clone(),
                        c.quad_class.to_string(),
                        c.events.to_string(),
                    ]
                })
                .collect(),
        }
        .text()
    }))
}
