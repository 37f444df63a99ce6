//! Load test of `dyad serve`: a store of about a million synthetic events,
//! 64 clients on loopback, each with a keep-alive connection, sending a
//! mix of the API's questions for 30 s; reports per endpoint the requests
//! answered, errors, and p50/p99/max latency. Goal: dyad timeline and
//! last-contact p99 under 100 ms.
//!
//! Run: `cargo bench -p dyad-serve --bench load`. Settings (environment):
//! `DYAD_BENCH_EVENTS` (stored events wanted, default 1,000,000),
//! `DYAD_BENCH_DB` (an existing store: used as is), `DYAD_BENCH_CLIENTS`
//! (64), `DYAD_BENCH_SECONDS` (30). The generated store is kept in
//! cargo's target folder (`tmp/serve-bench-N.db`) for the next run.
//!
//! A plain harness rather than criterion: what is wanted is the latency
//! distribution under concurrency, not the time of one call. The client is
//! a few lines of HTTP/1.1 over tokio rather than an HTTP client crate.

use dyad_store::{CreateOptions, Store, Synthetic};
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpStream;

fn env_or(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// The store: `DYAD_BENCH_DB`, else one generated once and kept.
fn store() -> PathBuf {
    let path = generated_or_given();
    // A store made before the dyad index gains it (the only write).
    let missing = Store::open_read_only(&path)
        .and_then(|s| s.missing_indexes())
        .expect("open");
    if !missing.is_empty() {
        println!("adding indexes {missing:?} to {}", path.display());
        Store::open(&path).expect("open for writing");
    }
    path
}

fn generated_or_given() -> PathBuf {
    if let Some(p) = std::env::var_os("DYAD_BENCH_DB") {
        return PathBuf::from(p);
    }
    let wanted = env_or("DYAD_BENCH_EVENTS", 1_000_000);
    let path = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!("serve-bench-{wanted}.db"));
    if path.exists() {
        return path;
    }
    let building = path.with_extension("building");
    let _ = std::fs::remove_file(&building);
    let mut store =
        Store::open_or_create(&building, &CreateOptions::default()).expect("create store");
    let t = Instant::now();
    // About a quarter of synthetic codings re-report an event: ask for a
    // third more codings than the events wanted.
    let mut gen = Synthetic::new(wanted + wanted / 3, 7).peekable();
    let mut events = 0;
    while gen.peek().is_some() && events < wanted {
        let batch: Vec<_> = gen.by_ref().take(512).collect();
        events += store.write_batch(&batch).expect("write").events_created;
    }
    store.optimize().expect("optimize");
    drop(store);
    std::fs::rename(&building, &path).expect("rename");
    println!(
        "built {} with {events} events in {:.0} s",
        path.display(),
        t.elapsed().as_secs_f64()
    );
    path
}

/// One request of the mix: endpoint name and path.
type Request = (&'static str, String);

/// The endpoints of the latency goal (p99 under 100 ms).
const GOAL: &[&str] = &[
    "timeline (dyad, month)",
    "timeline (dyad, week)",
    "last-contact",
    "last-contact (before, root)",
];

/// The mix: for each of the busiest dyads, the questions an analyst asks.
fn requests(path: &std::path::Path) -> Vec<Request> {
    let store = Store::open_read_only(path).expect("open");
    let stats = store.stats(100).expect("stats");
    println!(
        "store: {} events, {} articles, {} mentions, {} to {}",
        stats.events,
        stats.articles,
        stats.mentions,
        stats.first_date.as_deref().unwrap_or("?"),
        stats.last_date.as_deref().unwrap_or("?")
    );
    let mut out = Vec::new();
    for (i, (a, b, _)) in stats.top_dyads.iter().enumerate() {
        let (ca, cb) = (&a[..3.min(a.len())], &b[..3.min(b.len())]);
        let year = 2014 + (i % 10);
        out.push((
            "timeline (dyad, month)",
            format!("/api/timeline?dyad={ca},{cb}"),
        ));
        out.push((
            "timeline (dyad, week)",
            format!("/api/timeline?dyad={a},{b}&period=week"),
        ));
        out.push(("last-contact", format!("/api/last-contact?dyad={ca},{cb}")));
        out.push((
            "last-contact (before, root)",
            format!("/api/last-contact?dyad={ca},{cb}&before={year}-06-01&cameo=04"),
        ));
        out.push((
            "events (dyad page)",
            format!("/api/events?dyad={ca},{cb}&sort=-date&limit=50"),
        ));
        out.push((
            "events/{id}",
            format!(
                "/api/events/{}",
                1 + i * 7919 % stats.events.max(1) as usize
            ),
        ));
        out.push((
            "first-contact (dyad)",
            format!("/api/first-contact?dyad={ca},{cb}&years=2"),
        ));
        if i % 4 == 0 {
            out.push((
                "timeline (actor, month)",
                format!("/api/timeline?actor={a}"),
            ));
            out.push((
                "network (one month)",
                format!("/api/network?from={year}-03&to={year}-03&top=30"),
            ));
            out.push(("search", "/api/search?q=met&limit=10".to_string()));
        }
    }
    out
}

/// One keep-alive connection: send a GET, read status and body.
struct Client {
    stream: BufReader<TcpStream>,
}

impl Client {
    async fn connect(addr: std::net::SocketAddr) -> std::io::Result<Client> {
        let s = TcpStream::connect(addr).await?;
        s.set_nodelay(true)?;
        Ok(Client {
            stream: BufReader::new(s),
        })
    }

    async fn get(&mut self, path: &str) -> std::io::Result<u16> {
        let req = format!("GET {path} HTTP/1.1\r\nHost: bench\r\nAccept: application/json\r\n\r\n");
        self.stream.get_mut().write_all(req.as_bytes()).await?;
        let mut line = String::new();
        self.stream.read_line(&mut line).await?;
        let status: u16 = line
            .split(' ')
            .nth(1)
            .and_then(|s| s.parse().ok())
            .unwrap_or(0);
        let mut length = 0usize;
        loop {
            line.clear();
            if self.stream.read_line(&mut line).await? == 0 {
                return Err(std::io::ErrorKind::UnexpectedEof.into());
            }
            let l = line.trim_end();
            if l.is_empty() {
                break;
            }
            if let Some((k, v)) = l.split_once(':') {
                if k.eq_ignore_ascii_case("content-length") {
                    length = v.trim().parse().unwrap_or(0);
                }
            }
        }
        let mut body = vec![0u8; length];
        self.stream.read_exact(&mut body).await?;
        Ok(status)
    }
}

fn main() {
    let path = store();
    let all = requests(&path);
    let clients = env_or("DYAD_BENCH_CLIENTS", 64);
    let seconds = env_or("DYAD_BENCH_SECONDS", 30) as u64;
    let goal: Vec<Request> = all
        .iter()
        .filter(|(n, _)| GOAL.contains(n))
        .cloned()
        .collect();
    println!("\n== phase 1: the goal's endpoints only (dyad timelines, last contact)");
    let ok1 = phase(&path, goal, clients, seconds);
    println!("\n== phase 2: every endpoint, mixed (heavier questions share the connections)");
    let ok2 = phase(&path, all, clients, seconds);
    if !(ok1 && ok2) {
        std::process::exit(1);
    }
}

/// `clients` clients sending `mix` for `seconds`; prints the table and
/// whether there was no error.
fn phase(path: &std::path::Path, mix: Vec<Request>, clients: usize, seconds: u64) -> bool {
    let mix = Arc::new(mix);
    let path = path.to_path_buf();
    let limits = dyad_serve::Limits::default();
    println!(
        "{clients} clients for {seconds} s on loopback; server: {} connections, {} worker threads; {} requests in the mix",
        limits.connections,
        std::thread::available_parallelism().map_or(1, |n| n.get()),
        mix.len()
    );
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let results = rt.block_on(async move {
        let app = dyad_serve::app(&path, &limits).expect("app");
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind");
        let addr = listener.local_addr().expect("addr");
        tokio::spawn(async move { axum::serve(listener, app).await });
        let end = Instant::now() + Duration::from_secs(seconds);
        let mut tasks = Vec::new();
        for c in 0..clients {
            let mix = mix.clone();
            tasks.push(tokio::spawn(async move {
                let mut client = Client::connect(addr).await.expect("connect");
                let mut seen: Vec<(&'static str, f64, bool)> = Vec::new();
                let mut i = c * 7;
                while Instant::now() < end {
                    let (name, path) = &mix[i % mix.len()];
                    i += 1;
                    let t = Instant::now();
                    let ok = match client.get(path).await {
                        Ok(200) => true,
                        Ok(status) => {
                            eprintln!("{path}: HTTP {status}");
                            false
                        }
                        Err(e) => {
                            eprintln!("{path}: {e}");
                            client = Client::connect(addr).await.expect("reconnect");
                            false
                        }
                    };
                    seen.push((name, t.elapsed().as_secs_f64() * 1e3, ok));
                }
                seen
            }));
        }
        let mut all = Vec::new();
        for t in tasks {
            all.extend(t.await.expect("client"));
        }
        all
    });
    let mut by: BTreeMap<&str, (Vec<f64>, usize)> = BTreeMap::new();
    for (name, ms, ok) in &results {
        let e = by.entry(name).or_default();
        e.0.push(*ms);
        if !ok {
            e.1 += 1;
        }
    }
    println!(
        "{:<30} {:>8} {:>7} {:>9} {:>9} {:>9}",
        "endpoint", "requests", "errors", "p50 ms", "p99 ms", "max ms"
    );
    let pct = |v: &[f64], p: f64| v[((v.len() as f64 * p) as usize).min(v.len() - 1)];
    for (name, (mut ms, errors)) in by {
        ms.sort_by(f64::total_cmp);
        println!(
            "{name:<30} {:>8} {errors:>7} {:>9.1} {:>9.1} {:>9.1}",
            ms.len(),
            pct(&ms, 0.5),
            pct(&ms, 0.99),
            ms[ms.len() - 1]
        );
    }
    let errors = results.iter().filter(|r| !r.2).count();
    println!(
        "total: {} requests in {seconds} s ({:.0}/s), {errors} errors",
        results.len(),
        results.len() as f64 / seconds as f64
    );
    errors == 0
}
