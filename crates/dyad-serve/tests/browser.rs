//! The dashboard in a real browser: headless Chromium loads each page from
//! a server on the fixture store, the DOM it ends with (after the page's
//! script ran) is checked, and a screenshot of each page is saved under
//! `CARGO_TARGET_TMPDIR/screenshots/`. Where no Chromium is installed the
//! test says so and passes; `scripts/test` installs it where it can.
//! `DYAD_CHROMIUM=PATH` picks a browser binary.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn chromium() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("DYAD_CHROMIUM") {
        return Some(PathBuf::from(p));
    }
    let path = std::env::var_os("PATH")?;
    [
        "chromium",
        "chromium-browser",
        "google-chrome",
        "google-chrome-stable",
    ]
    .iter()
    .flat_map(|name| std::env::split_paths(&path).map(move |dir| dir.join(name)))
    .find(|p| p.is_file())
}

/// Serve the fixture on a free loopback port from a background thread.
fn start(db: &Path) -> String {
    let app = dyad_serve::app(db, &dyad_serve::Limits::default()).expect("app");
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let rt = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .expect("runtime");
        rt.block_on(async move {
            let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
                .await
                .expect("bind");
            tx.send(listener.local_addr().expect("addr")).expect("send");
            axum::serve(listener, app).await.expect("serve");
        });
    });
    let addr = rx
        .recv_timeout(Duration::from_secs(10))
        .expect("server started");
    format!("http://{addr}")
}

/// Load `url`, save a screenshot as `shot`, return the DOM after scripts ran.
fn load(browser: &Path, url: &str, shot: &Path) -> String {
    let profile = tempfile::tempdir().expect("profile dir");
    let mut child = Command::new(browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--disable-background-networking",
            "--disable-component-update",
            "--no-first-run",
            "--disable-sync",
            "--disable-quic",
            "--hide-scrollbars",
            "--window-size=1200,1000",
            "--virtual-time-budget=5000",
            "--dump-dom",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .arg(format!("--screenshot={}", shot.display()))
        .arg(url)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("start chromium");
    let deadline = Instant::now() + Duration::from_secs(90);
    let mut out = child.stdout.take().expect("stdout");
    let reader = std::thread::spawn(move || {
        let mut s = String::new();
        let _ = std::io::Read::read_to_string(&mut out, &mut s);
        s
    });
    loop {
        match child.try_wait().expect("wait") {
            Some(_) => break,
            None if Instant::now() > deadline => {
                let _ = child.kill();
                panic!("chromium took over 90 s on {url}");
            }
            None => std::thread::sleep(Duration::from_millis(50)),
        }
    }
    reader.join().expect("reader")
}

#[test]
fn each_dashboard_page_renders_in_chromium() {
    let Some(browser) = chromium() else {
        eprintln!(
            "SKIPPED browser test: Chromium is not installed (apt-get install -y chromium, or set DYAD_CHROMIUM); scripts/test installs it where it can"
        );
        return;
    };
    let fixture = common::fixture();
    let base = start(&fixture.path);
    let shots = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("screenshots");
    std::fs::create_dir_all(&shots).expect("screenshot dir");
    let page = |name: &str, path: &str| {
        let shot = shots.join(format!("{name}.png"));
        let dom = load(&browser, &format!("{base}{path}"), &shot);
        assert!(
            dom.contains("data-ready=\"1\""),
            "{path}: the page script did not run: {dom}"
        );
        assert!(shot.is_file(), "{path}: no screenshot");
        dom
    };

    // Overview: one bar group per month from 2023-01 to 2024-06.
    let dom = page("overview", "/");
    assert_eq!(dom.matches("class=\"point\"").count(), 18, "{dom}");
    assert!(dom.contains("FRA") && dom.contains("Consult"));

    // Dyad: one marker per month on each line, January to June 2024.
    let dom = page("dyad", "/dyad?dyad=RUS%2CCHN");
    assert_eq!(dom.matches("class=\"point coop\"").count(), 6, "{dom}");
    assert_eq!(dom.matches("class=\"point conf\"").count(), 6);
    assert!(dom.contains("Last contact"));

    // Event detail: source, trigger and target highlighted.
    let id = {
        let store = dyad_store::Store::open_read_only(&fixture.path).expect("store");
        let f = dyad_store::EventFilter {
            cameo: Some("190".into()),
            ..Default::default()
        };
        store.events(&f).expect("events")[0].id
    };
    let dom = page("event", &format!("/event/{id}"));
    assert!(
        dom.contains("<mark class=\"hl-source\">Ukrainian forces</mark>"),
        "{dom}"
    );
    assert!(
        dom.contains("<mark class=\"hl-trigger\">shelled</mark>"),
        "{dom}"
    );
    assert!(
        dom.contains("<mark class=\"hl-target\">Russian positions</mark>"),
        "{dom}"
    );

    // Network: one arrow per pair of the fixture.
    let dom = page("network", "/network");
    assert_eq!(dom.matches("class=\"edge").count(), 6, "{dom}");

    // Search: the two sanctions reports, matches marked.
    let dom = page("search", "/search?q=sanctions");
    assert_eq!(dom.matches("class=\"hit\"").count(), 2, "{dom}");
    assert!(dom.contains("<mark>sanctions</mark>"));

    // An empty state says what to do.
    let dom = page("dyad-empty", "/dyad");
    assert!(dom.contains("Enter two actor codes"));
    eprintln!("browser test: screenshots in {}", shots.display());
}
