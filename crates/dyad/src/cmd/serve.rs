//! `dyad serve`: the HTTP API and dashboard over an event database,
//! opened read-only (all of it lives in dyad-serve). With `--allow-code`,
//! `POST /api/code` codes posted articles with the engine loaded here.

use anyhow::{Context, Result};
use chrono::NaiveDate;
use dyad_code::Event;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub db: super::common::DbArgs,
    /// Address to listen on (port 0: any free port). Loopback by default:
    /// the API has no authentication.
    #[arg(long, default_value = "127.0.0.1:8080")]
    pub addr: SocketAddr,
    /// Read-only database connections, and so queries running at once [default: twice the cores, 4 to 16].
    #[arg(long)]
    pub connections: Option<usize>,
    /// Longest time a query may take, in seconds; past it the query is stopped and the answer is 503.
    #[arg(long, default_value_t = 10)]
    pub timeout: u64,
    /// Serve POST /api/code: code a posted article (at most 64 KiB) without storing it. Loads the model.
    #[arg(long)]
    pub allow_code: bool,
    #[command(flatten)]
    pub engine: super::common::EngineArgs,
}

/// dyad-code's engine behind dyad-serve's `Coder`.
struct EngineCoder(dyad_code::engine::Engine);

impl dyad_serve::Coder for EngineCoder {
    fn code(&self, text: &str, date: Option<NaiveDate>) -> Result<Vec<Event>, String> {
        let article = dyad_ingest::Article {
            id: "posted".into(),
            date,
            body: text.to_string(),
            ..dyad_ingest::Article::default()
        };
        self.0
            .code(&article, None, None)
            .map(|c| c.events)
            .map_err(|e| e.to_string())
    }
}

pub fn run(args: Args) -> Result<()> {
    let path = args.db.path();
    // Refuse a missing or foreign file before listening, with the store's message.
    let store = dyad_store::Store::open_read_only(&path)?;
    let missing = store.missing_indexes()?;
    if !missing.is_empty() {
        eprintln!(
            "dyad: {} was made by an older dyad and lacks the index {}: answers are right but dyad timelines, last and first contact are slower; any write adds it (e.g. `dyad ingest --db {} /dev/null`)",
            path.display(),
            missing.join(", "),
            path.display()
        );
    }
    drop(store);
    let mut limits = dyad_serve::Limits {
        query_timeout: Duration::from_secs(args.timeout.max(1)),
        ..dyad_serve::Limits::default()
    };
    if let Some(n) = args.connections {
        limits.connections = n.max(1);
    }
    let app = if args.allow_code {
        let engine = args.engine.load()?;
        dyad_serve::app_with_coder(&path, &limits, Arc::new(EngineCoder(engine)))?
    } else {
        dyad_serve::app(&path, &limits)?
    };
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("starting the server's runtime")?;
    runtime
        .block_on(dyad_serve::serve(app, args.addr, |addr| {
            eprintln!(
                "dyad: serving {} read-only at http://{addr}/ (API: http://{addr}/api/openapi.json{}); Ctrl-C stops",
                path.display(),
                if args.allow_code { ", POST /api/code on" } else { "" }
            );
        }))
        .with_context(|| format!("serving on {}", args.addr))
}
