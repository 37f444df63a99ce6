//! `dyad analyze` end to end, on the built binary. Tests that need the
//! installed model skip (with a note) when it is absent.

use std::path::PathBuf;
use std::process::{Command, Output, Stdio};

fn dyad() -> Command {
    Command::new(env!("CARGO_BIN_EXE_dyad"))
}

fn run(cmd: &mut Command) -> (Output, String, String) {
    let out = cmd.stdin(Stdio::null()).output().expect("dyad runs");
    let so = String::from_utf8_lossy(&out.stdout).into_owned();
    let se = String::from_utf8_lossy(&out.stderr).into_owned();
    (out, so, se)
}

fn temp_dir(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("dyad-analyze-test-{}-{name}", std::process::id()));
    std::fs::create_dir_all(&d).unwrap();
    d
}

fn have_model() -> bool {
    let dir = dyad_text::model::default_dir();
    // The README's test command installs the model first: its absence is a failure.
    assert!(
        dyad_text::model::manifest(&dir).is_ok(),
        "no dyad model at {}: run scripts/fetch-model",
        dir.display()
    );
    true
}

#[test]
fn missing_model_says_what_to_run() {
    let empty = temp_dir("nomodel");
    let (out, _, err) = run(dyad()
        .args(["analyze", "Talks resumed."])
        .env("DYAD_MODEL", &empty));
    assert!(!out.status.success());
    assert!(
        err.contains("no dyad language model") && err.contains("scripts/fetch-model"),
        "{err}"
    );
}

#[test]
fn bad_inputs_get_clear_messages() {
    let dir = temp_dir("bad");
    let latin1 = dir.join("latin1.txt");
    std::fs::write(&latin1, b"Caf\xe9 talks\n").unwrap();
    let binary = dir.join("blob.bin");
    std::fs::write(&binary, b"\x7fELF\x00\x00\x01").unwrap();
    let empty = dir.join("empty.txt");
    std::fs::write(&empty, " \n").unwrap();
    let jsonl = dir.join("bad.jsonl");
    std::fs::write(&jsonl, "{\"id\": 1, \"txt\": \"x\"}\n{not json\n").unwrap();

    // Not UTF-8: decoded in the encoding guessed for it (Latin-1 here).
    let (out, so, err) = run(dyad().args(["analyze", "--file"]).arg(&latin1));
    assert!(!err.contains("not valid UTF-8"), "{err}");
    if !err.contains("no dyad language model") {
        assert!(out.status.success(), "{err}");
        assert!(so.contains("Café"), "{so}");
    }

    let (out, _, err) = run(dyad().args(["analyze", "--file"]).arg(&binary));
    assert!(!out.status.success());
    assert!(err.contains("blob.bin") && err.contains("binary"), "{err}");

    let (out, _, err) = run(dyad().args(["analyze", "--file"]).arg(&empty));
    assert!(!out.status.success());
    assert!(err.contains("empty.txt: is empty"), "{err}");

    let (out, _, err) = run(dyad()
        .args(["analyze", "--input", "jsonl", "--file"])
        .arg(&jsonl));
    assert!(!out.status.success());
    assert!(err.contains("bad.jsonl:1: record has no `text`"), "{err}");
    assert!(err.contains("bad.jsonl:2: not a JSON object"), "{err}");

    let (out, _, err) = run(dyad()
        .args(["analyze", "--file"])
        .arg(dir.join("absent.txt")));
    assert!(!out.status.success());
    assert!(err.contains("absent.txt"), "{err}");

    // A positional argument that looks like a file but is not there is
    // named as missing, not analysed as the words "absent.txt".
    let (out, stdout, err) = run(dyad().arg("analyze").arg(dir.join("absent.txt")));
    assert!(!out.status.success());
    assert!(err.contains("no such file or folder"), "{err}");
    assert!(stdout.is_empty(), "{stdout}");
}

#[test]
fn a_positional_file_is_read_as_a_file() {
    if !have_model() {
        return;
    }
    let dir = temp_dir("positional");
    let f = dir.join("file.txt");
    std::fs::write(&f, "Kenyan police arrested two men.").unwrap();
    let (out, conllu, err) = run(dyad().args(["analyze", "--format", "conllu"]).arg(&f));
    assert!(out.status.success(), "{err}");
    assert!(conllu.contains("\tarrested\t"), "{conllu}");
    assert!(!conllu.contains("file.txt\t"), "{conllu}");
}

#[test]
fn table_json_and_conllu() {
    if !have_model() {
        return;
    }
    let text = "Kenyan police arrested two men in Nairobi on Friday.";
    let (out, table, err) = run(dyad().args(["analyze", text]));
    assert!(out.status.success(), "{err}");
    assert!(
        table.contains("sentence 1: Kenyan police arrested"),
        "{table}"
    );
    let row = table
        .lines()
        .find(|l| l.split_whitespace().nth(1) == Some("arrested"))
        .unwrap_or_else(|| panic!("no row for `arrested`:\n{table}"));
    let cells: Vec<&str> = row.split_whitespace().collect();
    assert_eq!(&cells[2..5], ["arrest", "VBD", "VERB"], "{row}");
    assert_eq!(cells[6], "ROOT", "{row}");
    assert!(table.contains("B-GPE"), "{table}");

    let (out, json, err) = run(dyad().args(["analyze", "--format", "json", text]));
    assert!(out.status.success(), "{err}");
    let v: serde_json::Value = serde_json::from_str(json.trim()).expect("one JSON object");
    assert_eq!(v["id"], "text-1");
    assert_eq!(v["tokens"][2]["lemma"], "arrest");
    assert!(v["entities"]
        .as_array()
        .is_some_and(|e| e.iter().any(|e| e["text"] == "Nairobi")));

    let (out, conllu, err) = run(dyad().args(["analyze", "--format", "conllu", text]));
    assert!(out.status.success(), "{err}");
    assert!(
        conllu.starts_with("# doc_id = text-1\n# sent_id = text-1-1\n# text = "),
        "{conllu}"
    );
    let rows: Vec<&str> = conllu
        .lines()
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .collect();
    assert_eq!(rows.len(), 10, "{conllu}");
    assert!(rows.iter().all(|r| r.split('\t').count() == 10), "{conllu}");
    assert!(
        rows.iter()
            .filter(|r| r.split('\t').nth(6) == Some("0"))
            .count()
            == 1
    );
    assert!(conllu.contains("\tmen\tman\tNOUN\tNNS\t"), "{conllu}");
    assert!(conllu.contains("\tobj\t"), "{conllu}");
}

#[test]
fn jsonl_keeps_going_after_a_bad_line() {
    if !have_model() {
        return;
    }
    let dir = temp_dir("jsonl");
    let f = dir.join("in.jsonl");
    std::fs::write(&f, "{\"id\": \"a\", \"text\": \"Talks resumed.\"}\n{oops\n{\"id\": \"b\", \"text\": \"Troops left.\"}\n").unwrap();
    let (out, so, err) = run(dyad()
        .args(["analyze", "--input", "jsonl", "--format", "json", "--file"])
        .arg(&f));
    assert!(!out.status.success());
    assert!(err.contains("in.jsonl:2: not a JSON object"), "{err}");
    let ids: Vec<String> = so
        .lines()
        .map(|l| {
            serde_json::from_str::<serde_json::Value>(l).unwrap()["id"]
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect();
    assert_eq!(ids, ["a", "b"]);
}

#[test]
fn example_article_and_stdin() {
    if !have_model() {
        return;
    }
    let (out, so, err) = run(dyad().args(["analyze", "--example"]));
    assert!(out.status.success(), "{err}");
    assert!(so.contains("sentence 8:"), "{so}");
    assert!(so.contains("B-PERSON"), "{so}");

    use std::io::Write;
    let mut child = dyad()
        .args(["analyze", "--format", "conllu"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(b"Rebels attacked the town.\n")
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success());
    let s = String::from_utf8(out.stdout).unwrap();
    assert!(s.contains("# doc_id = <stdin>"), "{s}");
}
