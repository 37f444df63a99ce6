//! dyad-serve: an HTTP API and a dashboard over a dyad event store, opened
//! read-only.
//!
//! The API (`/api/…`) answers the analyst's questions of `dyad events`,
//! `timeline`, `last-contact`, `first-contact`, `search` and `stats`, plus
//! the actor network and the commonest event types, as JSON or CSV; it is
//! described by the OpenAPI document at `/api/openapi.json` (a data file,
//! `assets/openapi.json`, that a test holds to the routes in [`api`]). The
//! dashboard (`/`, `/dyad`, `/network`, `/event/{id}`, `/search`) is HTML
//! rendered on the server with hand-made SVG charts; its stylesheet and
//! script are embedded in the binary, so nothing is fetched from elsewhere.
//!
//! Every answer comes from dyad-store's queries; this crate writes no SQL.
//! Queries run on a [`Pool`] of read-only connections (bounded
//! concurrency, a time limit that interrupts SQLite); parameters are read
//! strictly ([`Params`]): a bad or unknown one is a 400 naming it.
//!
//! # Example
//!
//! ```
//! use axum::body::Body;
//! use axum::http::Request;
//! use tower::ServiceExt as _;
//!
//! let dir = tempfile::tempdir().unwrap();
//! let path = dir.path().join("events.db");
//! dyad_store::Store::create(&path, &dyad_store::CreateOptions::default()).unwrap();
//!
//! let app = dyad_serve::app(&path, &dyad_serve::Limits::default()).unwrap();
//! let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
//! let status = rt.block_on(async {
//!     let req = Request::get("/api/stats").body(Body::empty()).unwrap();
//!     app.oneshot(req).await.unwrap().status()
//! });
//! assert_eq!(status, 200);
//! ```
//!
//! To serve: `dyad serve --db events.db` (see [`serve`]).

#![warn(missing_docs)]

pub mod api;
mod cache;
mod error;
mod params;
mod pool;
mod respond;
mod ui;

pub use api::code::Coder;
pub use error::ApiError;
pub use params::{Params, FILTER_PARAMS, MAX_QUERY_BYTES};
pub use pool::Pool;
pub use respond::Format;

use axum::Router;
use std::net::SocketAddr;
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

/// The server's bounds.
#[derive(Debug, Clone)]
pub struct Limits {
    /// Read-only connections, and so queries running at once (default: twice the cores, 4 to 16).
    pub connections: usize,
    /// Requests handled at once (the rest wait for a slot).
    pub requests: usize,
    /// Longest time a query may take, waiting for a connection included.
    pub query_timeout: Duration,
    /// Largest request body accepted, in bytes.
    pub max_body_bytes: usize,
    /// Most events in one page.
    pub max_page: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            // Twice the cores: a slow query then holds one connection of
            // several, and short ones keep flowing past it.
            connections: std::thread::available_parallelism()
                .map_or(8, |n| (2 * n.get()).clamp(4, 16)),
            requests: 512,
            query_timeout: Duration::from_secs(10),
            max_body_bytes: 64 * 1024,
            max_page: 1000,
        }
    }
}

/// What every handler shares.
#[derive(Clone)]
pub struct App {
    /// Connections to the store.
    pub pool: Pool,
    /// The bounds the handlers enforce.
    pub limits: Limits,
    /// The coder behind `POST /api/code`, when coding is allowed.
    pub coding: Option<api::code::Coding>,
    /// Pages that group the whole store, kept while it is unchanged.
    pub pages: Arc<cache::PageCache>,
}

/// The whole service (API, dashboard, assets) over the store at `path`;
/// `POST /api/code` answers that coding is off.
pub fn app(path: &Path, limits: &Limits) -> Result<Router, dyad_store::StoreError> {
    build(path, limits, None)
}

/// [`app`] with `POST /api/code` served by `coder` (`dyad serve --allow-code`).
pub fn app_with_coder(
    path: &Path,
    limits: &Limits,
    coder: Arc<dyn api::code::Coder>,
) -> Result<Router, dyad_store::StoreError> {
    build(path, limits, Some(api::code::Coding::new(coder)))
}

fn build(
    path: &Path,
    limits: &Limits,
    coding: Option<api::code::Coding>,
) -> Result<Router, dyad_store::StoreError> {
    let pool = Pool::open(path, limits.connections, limits.query_timeout)?;
    let state = App {
        pool,
        limits: limits.clone(),
        coding,
        pages: Arc::default(),
    };
    Ok(Router::new()
        .merge(api::router())
        .merge(ui::router())
        .fallback(not_found)
        .layer(axum::extract::DefaultBodyLimit::max(limits.max_body_bytes))
        .layer(tower::limit::ConcurrencyLimitLayer::new(
            limits.requests.max(1),
        ))
        .with_state(state))
}

async fn not_found(uri: axum::http::Uri) -> ApiError {
    ApiError::not_found(format!(
        "no page or API endpoint at {}; the API is listed at /api/openapi.json, the dashboard starts at /",
        uri.path()
    ))
}

/// Serve `app` (see [`app`]) on `addr` until Ctrl-C; `ready` is called
/// with the bound address once the server listens (port 0 picks one).
pub async fn serve(
    app: Router,
    addr: SocketAddr,
    ready: impl FnOnce(SocketAddr),
) -> std::io::Result<()> {
    let listener = tokio::net::TcpListener::bind(addr).await?;
    ready(listener.local_addr()?);
    axum::serve(listener, app)
        .with_graceful_shutdown(async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await
}
