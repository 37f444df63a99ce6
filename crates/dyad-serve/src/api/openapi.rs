//! `GET /api/openapi.json`: the API's description, a hand-written data
//! file (`assets/openapi.json`) checked against the route table by a test.

use axum::http::header;
use axum::response::IntoResponse;

pub async fn document() -> impl IntoResponse {
    ([(header::CONTENT_TYPE, "application/json")], super::OPENAPI)
}
