//! `GET /api/last-contact` (the latest event of a dyad before a date) and
//! `GET /api/first-contact` (events whose dyad had none of their kind in
//! the N years before).

use crate::error::ApiError;
use crate::params::{Bound, Params};
use crate::respond::{events_csv, tabular, Format};
use crate::App;
use axum::extract::{RawQuery, State};
use axum::http::HeaderMap;
use axum::response::Response;
use dyad_store::{EventRow, MentionRow};
use serde::Serialize;

pub const LAST_PARAMS: &[&str] = &["dyad", "before", "cameo", "directed"];
pub const FIRST_PARAMS: &[&str] = &[
    "actor",
    "source",
    "target",
    "dyad",
    "directed",
    "country",
    "role",
    "cameo",
    "plover",
    "quad",
    "from",
    "to",
    "text",
    "place",
    "near",
    "years",
    "kind",
    "include_uncovered",
    "limit",
];

#[derive(Serialize)]
pub(crate) struct Last {
    pub(crate) event: Option<EventRow>,
    pub(crate) mentions: Vec<MentionRow>,
}

/// The last contact of the dyad in `p` (shared with the dyad page).
pub(crate) async fn last_contact(app: &App, p: &Params) -> Result<Last, ApiError> {
    let (a, b) = p
        .dyad("dyad")?
        .ok_or_else(|| ApiError::bad_parameter("dyad", "required, e.g. dyad=USA,RUS"))?;
    let before = p.day("before", Bound::First)?;
    let cameo = p.filter()?.cameo;
    let directed = p.flag("directed")?;
    app.pool
        .run(move |s| {
            let event = s
                .last_contact(&a, &b, directed, before, cameo.as_deref())
                .map_err(|e| ApiError::from_store(e, "dyad"))?;
            let mentions = match &event {
                Some(e) => s
                    .mentions(e.id)
                    .map_err(|e| ApiError::internal(e.to_string()))?,
                None => Vec::new(),
            };
            Ok(Last { event, mentions })
        })
        .await
}

pub async fn last(
    State(app): State<App>,
    RawQuery(q): RawQuery,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let p = Params::parse(q.as_deref(), LAST_PARAMS)?;
    let format = Format::of(&p, &headers)?;
    let found = last_contact(&app, &p).await?;
    Ok(tabular(format, &found, || {
        events_csv(found.event.as_slice())
    }))
}

#[derive(Serialize)]
pub(crate) struct First {
    pub(crate) years: u32,
    pub(crate) kind: String,
    pub(crate) events: Vec<EventRow>,
}

/// First contacts matching `p` (shared with the dyad page).
pub(crate) async fn first_contacts(app: &App, p: &Params) -> Result<First, ApiError> {
    let mut f = p.filter()?;
    let years = p.number("years", 5, (1, 200))? as u32;
    let kind = p
        .choice("kind", &["root", "code", "any"], "root")?
        .to_string();
    let uncovered = p.flag("include_uncovered")?;
    f.limit = Some(p.number("limit", 100, (1, app.limits.max_page))?);
    let k = kind.clone();
    let events = app
        .pool
        .run(move |s| {
            s.first_contacts(&f, years, &k, uncovered)
                .map_err(|e| ApiError::from_store(e, "text"))
        })
        .await?;
    Ok(First {
        years,
        kind,
        events,
    })
}

pub async fn first(
    State(app): State<App>,
    RawQuery(q): RawQuery,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let p = Params::parse(q.as_deref(), FIRST_PARAMS)?;
    let format = Format::of(&p, &headers)?;
    let found = first_contacts(&app, &p).await?;
    Ok(tabular(format, &found, || events_csv(&found.events)))
}
