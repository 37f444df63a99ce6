//! `dyad serve` through the binary: a missing store is refused before
//! listening; a store is served on the port asked for (0: any), and the
//! API answers over real TCP. No language model is needed.

use std::io::{BufRead, BufReader, Read, Write};
use std::process::{Command, Stdio};

const DYAD: &str = env!("CARGO_BIN_EXE_dyad");

#[test]
fn a_missing_store_is_refused_before_listening() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("none.db");
    let out = Command::new(DYAD)
        .args(["serve", "--addr", "127.0.0.1:0", "--db"])
        .arg(&db)
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("no event database"));
}

/// Kills the server when the test ends, however it ends.
struct Server(std::process::Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

#[test]
fn a_store_is_served_over_http() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("events.db");
    let ingest = Command::new(DYAD)
        .args(["ingest", "--synthetic", "300", "--db"])
        .arg(&db)
        .output()
        .unwrap();
    assert!(
        ingest.status.success(),
        "{}",
        String::from_utf8_lossy(&ingest.stderr)
    );
    let mut server = Server(
        Command::new(DYAD)
            .args(["serve", "--addr", "127.0.0.1:0", "--db"])
            .arg(&db)
            .stderr(Stdio::piped())
            .spawn()
            .unwrap(),
    );
    // "dyad: serving FILE read-only at http://ADDR/ …"
    let mut line = String::new();
    BufReader::new(server.0.stderr.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let addr = line
        .split("http://")
        .nth(1)
        .and_then(|s| s.split('/').next())
        .unwrap_or_else(|| panic!("no address in {line:?}"))
        .to_string();
    let mut tcp = std::net::TcpStream::connect(&addr).unwrap();
    write!(
        tcp,
        "GET /api/stats HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut reply = String::new();
    tcp.read_to_string(&mut reply).unwrap();
    assert!(reply.starts_with("HTTP/1.1 200"), "{reply}");
    assert!(reply.contains("\"events\":"), "{reply}");
}
