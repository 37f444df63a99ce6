//! `POST /api/code` (only with `dyad serve --allow-code`): code a posted
//! article without storing it. The coder is given by the binary (a
//! [`Coder`]), so this crate needs no language model; bodies are size-limited
//! and coding runs one article at a time, off the async threads.

use crate::error::ApiError;
use crate::App;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{header, HeaderMap};
use axum::response::{IntoResponse, Response};
use chrono::NaiveDate;
use dyad_event::Event;
use serde::Deserialize;
use std::sync::Arc;

/// Codes one article's text; the binary builds one on dyad-code's engine.
pub trait Coder: Send + Sync + 'static {
    /// The events of `text`, dated against `date` when given.
    fn code(&self, text: &str, date: Option<NaiveDate>) -> Result<Vec<Event>, String>;
}

/// The coder and the one-at-a-time gate: coding is CPU-bound and long.
#[derive(Clone)]
pub struct Coding {
    coder: Arc<dyn Coder>,
    gate: Arc<tokio::sync::Semaphore>,
}

impl Coding {
    /// Serve `coder` behind `POST /api/code`.
    pub fn new(coder: Arc<dyn Coder>) -> Coding {
        Coding {
            coder,
            gate: Arc::new(tokio::sync::Semaphore::new(1)),
        }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Posted {
    text: String,
    date: Option<String>,
}

/// The handler: JSON `{text, date}` or plain text in, `{events}` out.
pub async fn code(
    State(app): State<App>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, ApiError> {
    let Some(coding) = app.coding.clone() else {
        return Err(ApiError::not_found(
            "coding is off: start the server with `dyad serve --allow-code` to POST articles to /api/code",
        ));
    };
    let json = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/json"));
    let posted = if json {
        serde_json::from_slice::<Posted>(&body).map_err(|e| {
            ApiError::bad_parameter(
                "body",
                format!("expected {{\"text\": \"…\", \"date\": \"YYYY-MM-DD\"}}: {e}"),
            )
        })?
    } else {
        Posted {
            text: String::from_utf8(body.to_vec())
                .map_err(|_| ApiError::bad_parameter("body", "the text is not UTF-8"))?,
            date: None,
        }
    };
    if posted.text.trim().is_empty() {
        return Err(ApiError::bad_parameter(
            "text",
            "empty: post the article's text",
        ));
    }
    let date = posted
        .date
        .as_deref()
        .map(|d| {
            NaiveDate::parse_from_str(d, "%Y-%m-%d").map_err(|_| {
                ApiError::bad_parameter("date", format!("`{d}` is not a date: expected YYYY-MM-DD"))
            })
        })
        .transpose()?;
    let timeout = app.limits.query_timeout * 3;
    let permit = tokio::time::timeout(timeout, coding.gate.clone().acquire_owned())
        .await
        .map_err(|_| ApiError::unavailable("another article is being coded; try again"))?
        .map_err(|_| ApiError::internal("coding closed"))?;
    let coder = coding.coder.clone();
    let task = tokio::task::spawn_blocking(move || {
        let r = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            coder.code(&posted.text, date)
        }));
        drop(permit);
        r
    });
    let events = match tokio::time::timeout(timeout, task).await {
        Ok(Ok(Ok(Ok(events)))) => events,
        Ok(Ok(Ok(Err(e)))) => return Err(ApiError::internal(format!("coding failed: {e}"))),
        Ok(_) => return Err(ApiError::internal("coding failed unexpectedly")),
        Err(_) => {
            return Err(ApiError::unavailable(
                "coding took too long; post a shorter article",
            ))
        }
    };
    Ok(axum::Json(serde_json::json!({ "events": events })).into_response())
}
