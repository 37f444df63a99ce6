//! What a request can get wrong, or the server: every failure is an
//! [`ApiError`] with an HTTP status and a message; 400s name the parameter.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use dyad_store::StoreError;

/// A failed request: status, message and, for bad parameters, which one.
#[derive(Debug, Clone, PartialEq)]
pub struct ApiError {
    /// The HTTP status.
    pub status: StatusCode,
    /// What went wrong, for a person.
    pub message: String,
    /// The query parameter at fault, when one is.
    pub parameter: Option<String>,
}

impl ApiError {
    /// 400: the parameter `name` is wrong, and why.
    pub fn bad_parameter(name: &str, why: impl Into<String>) -> ApiError {
        ApiError {
            status: StatusCode::BAD_REQUEST,
            message: format!("parameter `{name}`: {}", why.into()),
            parameter: Some(name.to_string()),
        }
    }

    /// 404: nothing there.
    pub fn not_found(what: impl Into<String>) -> ApiError {
        ApiError {
            status: StatusCode::NOT_FOUND,
            message: what.into(),
            parameter: None,
        }
    }

    /// 503: too busy, or the query ran out of time.
    pub fn unavailable(why: impl Into<String>) -> ApiError {
        ApiError {
            status: StatusCode::SERVICE_UNAVAILABLE,
            message: why.into(),
            parameter: None,
        }
    }

    /// 500: the server's fault (a damaged store, a bug).
    pub fn internal(why: impl Into<String>) -> ApiError {
        ApiError {
            status: StatusCode::INTERNAL_SERVER_ERROR,
            message: why.into(),
            parameter: None,
        }
    }

    /// A store error: a bad query argument is the parameter `param`'s
    /// fault (400); anything else is the server's (500).
    pub fn from_store(e: StoreError, param: &str) -> ApiError {
        match e {
            StoreError::Query(msg) => ApiError::bad_parameter(param, msg),
            other => ApiError::internal(other.to_string()),
        }
    }
}

impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} {}", self.status.as_u16(), self.message)
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = serde_json::json!({
            "error": self.message,
            "status": self.status.as_u16(),
            "parameter": self.parameter,
        });
        (self.status, axum::Json(body)).into_response()
    }
}
