//! `GET /api/search?q=…`: full-text search over the stored articles (FTS5
//! syntax), best matches first, each with its events.

use crate::error::ApiError;
use crate::params::Params;
use crate::respond::{tabular, Csv, Format};
use crate::App;
use axum::extract::{RawQuery, State};
use axum::http::HeaderMap;
use axum::response::Response;
use dyad_store::SearchHit;
use serde::Serialize;

pub const PARAMS: &[&str] = &["q", "limit"];

#[derive(Serialize)]
pub(crate) struct Hits {
    pub(crate) q: String,
    pub(crate) hits: Vec<SearchHit>,
}

/// The search of `p` (shared with the search page).
pub(crate) async fn run(app: &App, p: &Params) -> Result<Hits, ApiError> {
    let q = p.required("q", "ceasefire")?.to_string();
    let limit = p.number("limit", 20, (1, 100))?;
    let text = q.clone();
    let hits = app
        .pool
        .run(move |s| {
            s.search(&text, limit)
                .map_err(|e| ApiError::from_store(e, "q"))
        })
        .await?;
    Ok(Hits { q, hits })
}

pub async fn search(
    State(app): State<App>,
    RawQuery(q): RawQuery,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let p = Params::parse(q.as_deref(), PARAMS)?;
    let format = Format::of(&p, &headers)?;
    let hits = run(&app, &p).await?;
    Ok(tabular(format, &hits, || {
        Csv {
            header: ["doc_id", "title", "url", "story_date", "snippet", "events"]
                .iter()
                .map(|s| s.to_string())
                .collect(),
            rows: hits
                .hits
                .iter()
                .map(|h| {
                    vec![
                        h.doc_id.clone(),
                        h.title.clone().unwrap_or_default(),
                        h.url.clone().unwrap_or_default(),
                        h.story_date.clone().unwrap_or_default(),
                        h.snippet.clone(),
                        h.events.len().to_string(),
                    ]
                })
                .collect(),
        }
        .text()
    }))
}
