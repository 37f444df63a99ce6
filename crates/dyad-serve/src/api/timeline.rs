//! `GET /api/timeline`: the series of a dyad (`dyad=A,B`) or an actor
//! (`actor=X`) by day, week or month, counts and Goldstein sums split by
//! QuadClass, empty periods as zeros.

use crate::error::ApiError;
use crate::params::Params;
use crate::respond::{tabular, Csv, Format};
use crate::App;
use axum::extract::{RawQuery, State};
use axum::http::HeaderMap;
use axum::response::Response;
use dyad_store::{EventFilter, Period, SeriesPoint};
use serde::Serialize;

pub const PARAMS: &[&str] = &[
    "dyad", "actor", "directed", "period", "cameo", "quad", "from", "to",
];

/// Most points in one answer (a day series over 27 years).
pub const MAX_POINTS: usize = 10_000;

#[derive(Serialize)]
pub(crate) struct Timeline {
    pub(crate) dyad: Option<String>,
    pub(crate) actor: Option<String>,
    pub(crate) directed: bool,
    pub(crate) period: String,
    pub(crate) series: Vec<SeriesPoint>,
}

/// The timeline's filter and period from the parameters.
pub(crate) fn request(p: &Params) -> Result<(EventFilter, Period, String), ApiError> {
    let f = p.filter()?;
    // Exactly one of the two: a dyad, or one actor's events.
    if usize::from(f.dyad.is_some()) + usize::from(!f.actors.is_empty()) != 1 {
        return Err(ApiError::bad_parameter(
            "dyad",
            "give either dyad=A,B or actor=X (one of them), e.g. dyad=USA,RUS",
        ));
    }
    if f.actors.len() > 1 {
        return Err(ApiError::bad_parameter("actor", "given more than once"));
    }
    let name = p
        .choice("period", &["day", "week", "month"], "month")?
        .to_string();
    let period = match name.as_str() {
        "day" => Period::Day,
        "week" => Period::Week,
        _ => Period::Month,
    };
    Ok((f, period, name))
}

/// The series of the request (shared with the dyad page).
pub(crate) async fn compute(
    app: &App,
    f: EventFilter,
    period: Period,
    name: String,
) -> Result<Timeline, ApiError> {
    let dyad = f.dyad.as_ref().map(|(a, b)| format!("{a},{b}"));
    let actor = f.actors.first().cloned();
    let directed = f.directed;
    let series = app
        .pool
        .run(move |s| {
            s.series_of(&f, period)
                .map_err(|e| ApiError::from_store(e, "dyad"))
        })
        .await?;
    if series.len() > MAX_POINTS {
        return Err(ApiError::bad_parameter(
            "period",
            format!(
                "{} points of `{name}` are more than {MAX_POINTS}: use a longer period or narrow from/to",
                series.len()
            ),
        ));
    }
    Ok(Timeline {
        dyad,
        actor,
        directed,
        period: name,
        series,
    })
}

pub async fn timeline(
    State(app): State<App>,
    RawQuery(q): RawQuery,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let p = Params::parse(q.as_deref(), PARAMS)?;
    let format = Format::of(&p, &headers)?;
    let (f, period, name) = request(&p)?;
    let t = compute(&app, f, period, name).await?;
    Ok(tabular(format, &t, || series_csv(&t.series).text()))
}

/// A series as a table.
pub(crate) fn series_csv(series: &[SeriesPoint]) -> Csv {
    let header = [
        "period",
        "events",
        "mentions",
        "verbal_cooperation",
        "material_cooperation",
        "verbal_conflict",
        "material_conflict",
        "cooperation",
        "conflict",
        "goldstein_cooperation",
        "goldstein_conflict",
        "goldstein_net",
    ];
    Csv {
        header: header.iter().map(|s| s.to_string()).collect(),
        rows: series
            .iter()
            .map(|p| {
                vec![
                    p.period.clone(),
                    p.events.to_string(),
                    p.mentions.to_string(),
                    p.verbal_cooperation.to_string(),
                    p.material_cooperation.to_string(),
                    p.verbal_conflict.to_string(),
                    p.material_conflict.to_string(),
                    p.cooperation.to_string(),
                    p.conflict.to_string(),
                    format!("{:.1}", p.goldstein_cooperation),
                    format!("{:.1}", p.goldstein_conflict),
                    format!("{:.1}", p.goldstein_net),
                ]
            })
            .collect(),
    }
}
