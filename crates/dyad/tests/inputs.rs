//! What any input does to `dyad code`, `ingest`, `analyze` and `when`: no
//! panic, nothing lost but the bad record, every problem named. Needs the
//! installed model (`scripts/fetch-model`).

mod common;

use common::{dyad, stderr, with_stdin};
use std::io::{Read, Write};
use std::path::PathBuf;
use std::process::{Command, Output, Stdio};

fn temp_dir(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("dyad-inputs-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

fn doc_ids(out: &Output) -> Vec<String> {
    let mut ids: Vec<String> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).expect("a JSON event");
            v["doc_id"].as_str().unwrap().to_string()
        })
        .collect();
    ids.dedup();
    ids
}

#[test]
fn typographic_text_at_every_offset_is_coded() {
    // A curly quote, an em dash, an accent, Cyrillic and an emoji across
    // byte 120, where the dateline reader used to cut the text.
    let mut input = String::new();
    let mut n = 0;
    for pad in 112..124 {
        for ch in ["“", "—", "é", "Ж", "😀"] {
            n += 1;
            let text = format!(
                "{}{}{ch}” — he said. Rebels attacked a police post in Goma on Sunday.",
                "Talks went on. ".repeat(7),
                "x".repeat(pad - 105)
            );
            input.push_str(
                &serde_json::json!({"id": format!("r{n}"), "date": "2024-03-05", "text": text})
                    .to_string(),
            );
            input.push('\n');
        }
    }
    let out = with_stdin(dyad().args(["code", "--input", "jsonl"]), input.as_bytes());
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(doc_ids(&out).len(), n, "every record coded");
}

#[test]
fn a_sentence_argument_is_coded() {
    let out = dyad()
        .args([
            "code",
            "--date",
            "2024-03-05",
            "Rebels attacked a police post in Goma on Sunday.",
        ])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("\"cameo\":\"19"), "{stdout}");
}

#[test]
fn a_closed_output_pipe_ends_quietly() {
    // Enough output to fill the pipe, so the write after `head` has gone
    // away really fails.
    let d = temp_dir("pipe");
    let file = d.join("dates.txt");
    std::fs::write(
        &file,
        "They met on Monday, on Tuesday and in March 2024. ".repeat(4000),
    )
    .unwrap();
    let mut cmd = dyad();
    cmd.args(["when", "--format", "json", "--date", "2024-03-05"])
        .arg(&file);
    assert_quiet_after_head(&mut cmd);
}

#[cfg(unix)]
#[test]
fn link_loops_in_a_folder_code_each_file_once() {
    let d = temp_dir("loops");
    std::fs::write(d.join("a.txt"), "Rebels attacked a police post in Goma.").unwrap();
    std::os::unix::fs::symlink(".", d.join("self")).unwrap();
    std::os::unix::fs::symlink(".", d.join("again")).unwrap();
    let out = dyad()
        .args(["code", "--date", "2024-03-05"])
        .arg(&d)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(stdout.lines().count(), 1, "{stdout}");
}

#[test]
fn a_missing_path_does_not_stop_the_others() {
    let d = temp_dir("missing");
    let good = d.join("good.txt");
    std::fs::write(&good, "Rebels attacked a police post in Goma.").unwrap();
    let out = dyad()
        .args(["code", "--date", "2024-03-05"])
        .arg(d.join("absent.txt"))
        .arg(&good)
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(
        stderr(&out).contains("absent.txt: no such file or folder"),
        "{}",
        stderr(&out)
    );
    assert_eq!(doc_ids(&out), ["good.txt"]);
}

#[test]
fn one_bad_byte_costs_one_record_and_names_its_line() {
    let mut input = Vec::new();
    for (id, text) in [
        ("a", "Rebels attacked Goma."),
        ("b", "Police arrested Caf\u{e9} owners."),
        ("c", "Kenya condemned the attack."),
    ] {
        input.extend(
            serde_json::json!({"id": id, "date": "2024-03-05", "text": text})
                .to_string()
                .bytes(),
        );
        input.push(b'\n');
    }
    // Make record b Latin-1: é as the single byte 0xE9.
    let at = input.windows(2).position(|w| w == [0xC3, 0xA9]).unwrap();
    input.splice(at..at + 2, [0xE9]);
    let out = with_stdin(dyad().args(["code", "--input", "jsonl"]), &input);
    assert!(!out.status.success());
    assert!(stderr(&out).contains("<stdin>:2: byte"), "{}", stderr(&out));
    assert_eq!(doc_ids(&out), ["a", "c"]);
}

#[test]
fn undated_input_is_warned_about() {
    let out = with_stdin(
        dyad().args(["code", "--input", "text", "-"]),
        b"Rebels attacked Goma.",
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("1 of 1 article(s) have no story date"),
        "{}",
        stderr(&out)
    );
    let out = with_stdin(
        dyad().args(["code", "--date", "2024-03-05", "--input", "text", "-"]),
        b"Rebels attacked Goma.",
    );
    assert!(!stderr(&out).contains("no story date"), "{}", stderr(&out));
}

#[test]
fn ingest_stores_the_date_given_with_date() {
    let d = temp_dir("ingest-date");
    let f = d.join("story.txt");
    std::fs::write(&f, "Rebels attacked a police post in Goma.").unwrap();
    let db = d.join("events.db");
    let out = dyad()
        .args(["ingest", "--date", "2025-07-01", "--db"])
        .arg(&db)
        .arg(&f)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let store = dyad_store::Store::open_read_only(&db).unwrap();
    let arts = store.articles().unwrap();
    assert_eq!(arts.len(), 1);
    assert_eq!(
        arts[0].article.date.map(|d| d.to_string()).as_deref(),
        Some("2025-07-01")
    );
}

#[test]
fn a_big_jsonl_stream_prints_events_before_the_input_ends() {
    // The first batch is coded and printed while standard input stays open:
    // output does not wait for the whole input.
    let mut child = dyad()
        .args(["code", "--input", "jsonl"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let mut batch = String::new();
    for i in 0..300 {
        batch.push_str(&serde_json::json!({"id": format!("r{i}"), "date": "2024-03-05", "text": "Rebels attacked a police post in Goma."}).to_string());
        batch.push('\n');
    }
    stdin.write_all(batch.as_bytes()).unwrap();
    stdin.flush().unwrap();
    let mut first = [0u8; 1];
    child
        .stdout
        .as_mut()
        .unwrap()
        .read_exact(&mut first)
        .unwrap();
    assert_eq!(first[0], b'{');
    drop(stdin);
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success());
}

#[test]
fn export_into_a_closed_pipe_ends_quietly() {
    let d = temp_dir("export-pipe");
    let db = d.join("events.db");
    let out = dyad()
        .args(["ingest", "--synthetic", "3000", "--db"])
        .arg(&db)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    // `dyad export | head -1`: one line read, then the pipe is closed.
    let mut cmd = dyad();
    cmd.args(["export", "--db"]).arg(&db);
    assert_quiet_after_head(&mut cmd);
}

/// Like `CMD | head -c 1`: one byte is read, then the pipe is closed; the
/// command must end with status 0 and say nothing.
fn assert_quiet_after_head(cmd: &mut Command) {
    let mut child = cmd
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = [0u8; 1];
    child
        .stdout
        .as_mut()
        .unwrap()
        .read_exact(&mut first)
        .unwrap();
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "status {:?}: {}",
        out.status,
        stderr(&out)
    );
    assert!(stderr(&out).is_empty(), "{}", stderr(&out));
}

#[test]
fn actor_input_goes_on_past_bad_lines() {
    let d = temp_dir("actor-input");
    let f = d.join("actors.jsonl");
    std::fs::write(
        &f,
        b"{\"id\":1,\"actor\":\"Angela Merkel\",\"date\":\"2017-06-01\"}\n{broken\n\xff\xfe\n{\"id\":4,\"date\":\"2017-06-01\"}\n{\"id\":5,\"actor\":\"Kenyan police\",\"date\":\"2017-06-01\"}\n",
    )
    .unwrap();
    let out = dyad().args(["actor", "--input"]).arg(&f).output().unwrap();
    assert!(!out.status.success());
    let err = stderr(&out);
    for line in [
        ":2: not a JSON object",
        ":3: byte 1: is not valid UTF-8",
        ":4: field `actor`",
    ] {
        assert!(err.contains(line), "{line} missing from {err}");
    }
    let codes: Vec<String> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap()["code"].to_string())
        .collect();
    assert_eq!(codes, ["\"DEUGOV\"", "\"KENCOP\""]);
}

#[test]
fn skip_bad_lines_loads_the_rest_of_a_dictionary() {
    let fixtures =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../dyad-kb/tests/fixtures/malformed");
    let dict = fixtures.join("countries.txt");
    let strict = dyad()
        .args(["code", "--date", "2024-03-05", "--dict"])
        .arg(&dict)
        .arg("Rebels attacked a police post in Goma.")
        .output()
        .unwrap();
    assert!(!strict.status.success());
    assert!(
        stderr(&strict).contains("countries.txt:4:"),
        "{}",
        stderr(&strict)
    );
    assert!(strict.stdout.is_empty());
    let lenient = dyad()
        .args(["code", "--skip-bad-lines", "--date", "2024-03-05", "--dict"])
        .arg(&dict)
        .arg("Rebels attacked a police post in Goma.")
        .output()
        .unwrap();
    assert!(lenient.status.success(), "{}", stderr(&lenient));
    assert!(stderr(&lenient).contains("skipped"), "{}", stderr(&lenient));
    assert!(!lenient.stdout.is_empty());
}
