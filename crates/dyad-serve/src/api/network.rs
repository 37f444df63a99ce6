//! `GET /api/network`: the actor network over the filtered events — the
//! directed pairs with most events, with counts and mean Goldstein.

use crate::error::ApiError;
use crate::params::Params;
use crate::respond::{tabular, Csv, Format};
use crate::App;
use axum::extract::{RawQuery, State};
use axum::http::HeaderMap;
use axum::response::Response;
use dyad_store::{EventFilter, NetworkLevel, PairRow};
use serde::Serialize;

pub const PARAMS: &[&str] = &[
    "actor", "source", "target", "dyad", "directed", "country", "role", "cameo", "plover", "quad",
    "from", "to", "text", "place", "near", "level", "top",
];

#[derive(Serialize)]
pub(crate) struct Network {
    pub(crate) level: String,
    pub(crate) pairs: Vec<PairRow>,
}

/// The network of `p` (shared with the network page).
pub(crate) async fn compute(app: &App, p: &Params) -> Result<Network, ApiError> {
    let f = p.filter()?;
    let level_name = p
        .choice("level", &["actor", "country"], "actor")?
        .to_string();
    let level = if level_name == "country" {
        NetworkLevel::Country
    } else {
        NetworkLevel::Actor
    };
    let top = p.number("top", 30, (1, 500))?;
    let pairs = pairs(app, f, level, top).await?;
    Ok(Network {
        level: level_name,
        pairs,
    })
}

/// The `top` pairs among the events of `f` (shared with the overview).
pub(crate) async fn pairs(
    app: &App,
    f: EventFilter,
    level: NetworkLevel,
    top: usize,
) -> Result<Vec<PairRow>, ApiError> {
    app.pool
        .run(move |s| {
            s.network(&f, level, top)
                .map_err(|e| ApiError::from_store(e, "text"))
        })
        .await
}

pub async fn network(
    State(app): State<App>,
    RawQuery(q): RawQuery,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let p = Params::parse(q.as_deref(), PARAMS)?;
    let format = Format::of(&p, &headers)?;
    let n = compute(&app, &p).await?;
    Ok(tabular(format, &n, || {
        Csv {
            header: [
                "source",
                "target",
                "events",
                "mentions",
                "mean_goldstein",
                "cooperation",
                "conflict",
            ]
            .iter()
            .map(|s| s.to_string())
            .collect(),
            rows: n
                .pairs
                .iter()
                .map(|r| {
                    vec![
                        r.source.clone(),
                        r.target.clone(),
                        r.events.to_string(),
                        r.mentions.to_string(),
                        format!("{:.2}", r.mean_goldstein),
                        r.cooperation.to_string(),
                        r.conflict.to_string(),
                    ]
                })
                .collect(),
        }
        .text()
    }))
}
