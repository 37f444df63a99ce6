//! `dyad ingest` on a folder of web formats — plain text, an HTML page, an
//! RSS and an Atom feed (the fixtures of dyad-ingest) and a Windows-1252
//! text — stores each article once with its URL and date, names the bad
//! feed item, and re-running adds nothing. Needs the installed model
//! (`scripts/fetch-model`); skips with a note when it is absent.

mod common;

use common::{dyad, stderr};
use std::path::{Path, PathBuf};

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../dyad-ingest/tests/fixtures");

fn folder() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let news = dir.path().join("news");
    std::fs::create_dir_all(news.join("feeds")).unwrap();
    for (from, to) in [
        ("news-page.html", "page.html"),
        ("feed.rss", "feeds/world.xml"),
        ("feed.atom", "feeds/wire.atom"),
    ] {
        std::fs::copy(Path::new(FIXTURES).join(from), news.join(to)).unwrap();
    }
    std::fs::write(
        news.join("plain.txt"),
        "Rebels attacked a police post in Goma on Sunday, the army said.\n",
    )
    .unwrap();
    // Windows-1252: curly quotes 0x93/0x94, em dash 0x97.
    std::fs::write(
        news.join("latin.txt"),
        b"\x93Protesters\x94 clashed with police in Lima on Monday \x97 officials said.\n",
    )
    .unwrap();
    (dir, news)
}

#[test]
fn a_mixed_folder_is_ingested_once() {
    let (dir, news) = folder();
    let db = dir.path().join("events.db");
    let ingest = || {
        dyad()
            .args(["ingest", "--date", "2024-03-01", "--db"])
            .arg(&db)
            .arg(&news)
            .output()
            .unwrap()
    };
    let out = ingest();
    let err = stderr(&out);
    if err.contains("no dyad language model") {
        eprintln!("skipped: no model installed");
        return;
    }
    // The RSS item without text is named; everything else is stored.
    assert!(err.contains("world.xml item 3"), "{err}");
    let store = dyad_store::Store::open_read_only(&db).unwrap();
    let mut stored: Vec<(String, Option<String>, Option<String>)> = store
        .articles()
        .unwrap()
        .into_iter()
        .map(|s| {
            let a = s.article;
            (a.id, a.url, a.date.map(|d| d.to_string()))
        })
        .collect();
    stored.sort();
    let url = |u: &str| Some(u.to_string());
    let day = |d: &str| Some(d.to_string());
    assert_eq!(
        stored,
        vec![
            (
                "https://meridian.example.com/world/africa/goma-base-attack".into(),
                url("https://meridian.example.com/world/africa/goma-base-attack"),
                day("2024-03-05")
            ),
            (
                "https://meridian.example.com/world/africa/kenya-ethiopia-turkana-patrols".into(),
                url("https://meridian.example.com/world/africa/kenya-ethiopia-turkana-patrols"),
                day("2024-03-05")
            ),
            (
                "https://meridian.example.com/world/europe/france-germany-pact".into(),
                url("https://meridian.example.com/world/europe/france-germany-pact"),
                day("2024-03-06")
            ),
            (
                "https://wire.example.org/2024/03/06/india-pakistan-talks".into(),
                url("https://wire.example.org/2024/03/06/india-pakistan-talks"),
                day("2024-03-06")
            ),
            (
                "https://wire.example.org/2024/03/07/japan-protest".into(),
                url("https://wire.example.org/2024/03/07/japan-protest"),
                day("2024-03-07")
            ),
            ("latin.txt".into(), None, day("2024-03-01")),
            ("plain.txt".into(), None, day("2024-03-01")),
        ]
    );
    let latin = store
        .articles()
        .unwrap()
        .into_iter()
        .find(|s| s.article.id == "latin.txt")
        .unwrap();
    assert!(latin.article.body.starts_with("“Protesters” clashed"));
    drop(store);

    // Again: nothing new.
    let again = ingest();
    let store = dyad_store::Store::open_read_only(&db).unwrap();
    assert_eq!(store.articles().unwrap().len(), 7, "{}", stderr(&again));
}

#[test]
fn the_input_flag_takes_the_new_formats() {
    let out = dyad()
        .args(["code", "--input", "warc", "x.warc"])
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(stderr(&out).contains("html or feed"), "{}", stderr(&out));
}

#[test]
fn articles_not_in_english_are_skipped_unless_asked() {
    let dir = tempfile::tempdir().unwrap();
    let fr = dir.path().join("fr.txt");
    std::fs::write(
        &fr,
        "Le président de la République a reçu mardi son homologue allemand à l'Élysée pour discuter de la défense européenne et de l'aide à l'Ukraine. Les deux dirigeants ont aussi évoqué la situation au Proche-Orient.\n",
    )
    .unwrap();
    let en = dir.path().join("en.txt");
    std::fs::write(
        &en,
        "Rebels attacked a police post in Goma on Sunday, the army said.\n",
    )
    .unwrap();
    let out = dyad()
        .args(["code", "--date", "2024-03-05"])
        .arg(&fr)
        .arg(&en)
        .output()
        .unwrap();
    let err = stderr(&out);
    if err.contains("no dyad language model") {
        eprintln!("skipped: no model installed");
        return;
    }
    assert!(out.status.success(), "{err}");
    assert!(err.contains("skipped 1 article(s) not in English"), "{err}");
    let out = dyad()
        .args(["code", "--lang", "any", "--date", "2024-03-05"])
        .arg(&fr)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(!stderr(&out).contains("not in English"), "{}", stderr(&out));
}
