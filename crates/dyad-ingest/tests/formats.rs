//! Web formats and encodings on fixtures: a news page with boilerplate, an
//! RSS 2.0 and an Atom feed (checked-in files under `tests/fixtures/`), and
//! the same news text in five encodings (written here with encoding_rs).

use dyad_ingest::{detect_format, Article, Format, InputError, Reader};
use std::io::Cursor;
use std::path::Path;

fn fixture(name: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

fn read(name: &str, bytes: Vec<u8>, format: Option<Format>) -> Vec<Result<Article, InputError>> {
    Reader::from_read(name, Box::new(Cursor::new(bytes)), format).collect()
}

fn date(s: &str) -> Option<chrono::NaiveDate> {
    Some(s.parse().unwrap())
}

#[test]
fn a_news_page_is_its_article_without_the_boilerplate() {
    let rs: Vec<_> = Reader::open(&fixture("news-page.html"), None).collect();
    assert_eq!(rs.len(), 1);
    let a = rs[0].as_ref().unwrap();
    let url = "https://meridian.example.com/world/africa/kenya-ethiopia-turkana-patrols";
    assert_eq!(a.id, url);
    assert_eq!(a.url.as_deref(), Some(url));
    assert_eq!(
        a.title.as_deref(),
        Some("Kenya and Ethiopia agree to patrol Lake Turkana together")
    );
    assert_eq!(a.date, date("2024-03-05"));
    assert_eq!(a.source.as_deref(), Some("The Daily Meridian"));
    // All five body paragraphs, in order, separated by blank lines.
    let paragraphs: Vec<&str> = a.body.split("\n\n").collect();
    for (start, p) in [
        "NAIROBI, March 5 — Kenya and Ethiopia signed",
        "Kenya’s interior minister said",
        "Ethiopian officials accused Kenyan police",
        "The agreement follows a meeting",
        "Local leaders in Turkana County",
    ]
    .iter()
    .zip(paragraphs.iter().filter(|p| !p.starts_with("By ")))
    {
        assert!(
            p.starts_with(start),
            "{p:?} should start {start:?}\n{}",
            a.body
        );
    }
    assert!(a
        .body
        .contains("“We cannot allow this lake to become a battlefield,”"));
    for boilerplate in [
        "Subscribe",
        "BREAKING",
        "Refinance",
        "CloudMail",
        "Advertisement",
        "Related stories",
        "Sudan ceasefire",
        "Finally some action",
        "mark my words",
        "Post comment",
        "Meridian Morning",
        "Privacy policy",
        "All rights reserved",
        "Share on",
        "dataLayer",
    ] {
        assert!(
            !a.body.contains(boilerplate),
            "{boilerplate:?} leaked:\n{}",
            a.body
        );
    }
}

#[test]
fn a_page_without_a_url_or_article_is_named() {
    let page = "<html><head><title>T</title></head><body><time datetime=\"2023-11-02\">x</time><p>Rebels attacked the town of Goma on Tuesday, the army said, and two soldiers were killed in the fighting that followed.</p></body></html>";
    let rs = read("dir/p.html", page.as_bytes().to_vec(), None);
    let a = rs[0].as_ref().unwrap();
    assert_eq!(a.id, "p.html");
    assert_eq!(a.url, None);
    assert_eq!(a.date, date("2023-11-02"));
    assert!(a.body.contains("Rebels attacked the town"), "{}", a.body);
    let rs = read("e.html", b"<html><body></body></html>".to_vec(), None);
    let e = rs[0].as_ref().unwrap_err();
    assert_eq!(e.origin, "e.html");
    assert!(e.msg.contains("no article text"), "{e}");
}

#[test]
fn rss_items_are_articles_and_an_empty_item_is_named() {
    assert_eq!(
        detect_format("f", &std::fs::read_to_string(fixture("feed.rss")).unwrap()),
        Format::Feed
    );
    let rs: Vec<_> = Reader::open(&fixture("feed.rss"), None).collect();
    assert_eq!(rs.len(), 3, "{rs:?}");
    let a = rs[0].as_ref().unwrap();
    assert_eq!(
        a.id,
        "https://meridian.example.com/world/africa/goma-base-attack"
    );
    assert_eq!(a.url.as_deref(), Some(a.id.as_str()));
    assert_eq!(a.date, date("2024-03-05"));
    assert_eq!(
        a.title.as_deref(),
        Some("Rebels attack army base near Goma")
    );
    assert_eq!(a.source.as_deref(), Some("Meridian World News"));
    assert_eq!(
        a.body,
        "M23 rebels attacked an army base north of Goma on Tuesday, the army said.\n\nTwo soldiers were killed in the “coordinated” assault."
    );
    // content:encoded is preferred over the description; dates go to UTC.
    let b = rs[1].as_ref().unwrap();
    assert_eq!(b.date, date("2024-03-06"));
    assert!(
        b.body.starts_with("France and Germany signed"),
        "{}",
        b.body
    );
    assert!(
        b.body.ends_with("would “deepen” joint procurement."),
        "{}",
        b.body
    );
    let e = rs[2].as_ref().unwrap_err();
    assert!(e.origin.ends_with("feed.rss item 3"), "{e}");
}

#[test]
fn atom_entries_are_articles() {
    let rs: Vec<_> = Reader::open(&fixture("feed.atom"), Some(Format::Feed)).collect();
    assert_eq!(rs.len(), 2, "{rs:?}");
    let a = rs[0].as_ref().unwrap();
    assert_eq!(a.id, "https://wire.example.org/2024/03/07/japan-protest");
    assert_eq!(a.date, date("2024-03-07"));
    assert_eq!(a.source.as_deref(), Some("Harbour Wire"));
    assert!(a.body.starts_with("Japan lodged a formal protest"));
    assert!(!a.body.contains('<'));
    let b = rs[1].as_ref().unwrap();
    // No published date: the update date.
    assert_eq!(b.date, date("2024-03-06"));
    assert_eq!(
        b.body,
        "India and Pakistan resumed talks on their disputed border in Islamabad on Wednesday."
    );
}

#[test]
fn a_broken_feed_is_one_error() {
    let rs = read(
        "bad.xml",
        b"<rss><channel><item><title>x</ti".to_vec(),
        None,
    );
    assert!(rs.iter().all(|r| r.is_err()), "{rs:?}");
    assert!(rs[0].as_ref().unwrap_err().origin.starts_with("bad.xml"));
}

/// The same story, with typographic punctuation, in five encodings.
#[test]
fn five_encodings_are_decoded() {
    let en =
        "“Rebels” attacked Goma — twice — on Tuesday, officials said; the army’s base was hit.\n";
    let body = |rs: Vec<Result<Article, InputError>>| -> String {
        assert_eq!(rs.len(), 1, "{rs:?}");
        rs.into_iter().next().unwrap().unwrap().body
    };
    let encode = |enc: &'static encoding_rs::Encoding, s: &str| {
        let (b, _, bad) = enc.encode(s);
        assert!(!bad);
        b.into_owned()
    };
    // Windows-1252, undeclared: guessed.
    let b = encode(encoding_rs::WINDOWS_1252, en);
    assert!(std::str::from_utf8(&b).is_err());
    assert_eq!(body(read("cp1252.txt", b, None)), en);
    // UTF-16 with a BOM.
    let mut b = vec![0xFE, 0xFF];
    b.extend(en.encode_utf16().flat_map(|u| u.to_be_bytes()));
    assert_eq!(body(read("u16.txt", b, None)), en);
    // ISO-8859-2, declared by a meta charset in an HTML page.
    let pl = "Prezydent Wałęsa spotkał się z premierem w Gdańsku, gdzie omówiono współpracę obronną i handel z Ukrainą przez następne lata.";
    let page = format!("<!DOCTYPE html><html><head><meta charset=\"ISO-8859-2\"><title>Gdańsk</title></head><body><article><p>{pl}</p></article></body></html>");
    let a = read("pl.html", encode(encoding_rs::ISO_8859_2, &page), None);
    assert_eq!(body(a), pl);
    // Shift-JIS and GB18030, undeclared plain text: guessed.
    let ja = "東京で首相が記者会見を開き、新しい経済対策を発表した。政府は来年度の予算案について説明した。";
    assert_eq!(
        body(read("ja.txt", encode(encoding_rs::SHIFT_JIS, ja), None)),
        ja
    );
    let zh =
        "北京外交部发言人在记者会上表示，中国政府反对任何形式的制裁，并呼吁各方通过对话解决分歧。";
    assert_eq!(
        body(read("zh.txt", encode(encoding_rs::GB18030, zh), None)),
        zh
    );
}

#[test]
fn a_feed_in_a_legacy_encoding_is_read() {
    let rss = "<?xml version=\"1.0\" encoding=\"windows-1252\"?><rss version=\"2.0\"><channel><title>Wire</title><item><title>Talks</title><link>https://w.example/1</link><description>Leaders said talks were “useful” — and would go on.</description></item></channel></rss>";
    let (b, _, _) = encoding_rs::WINDOWS_1252.encode(rss);
    let rs = read("w.rss", b.into_owned(), None);
    assert_eq!(
        rs[0].as_ref().unwrap().body,
        "Leaders said talks were “useful” — and would go on."
    );
}

#[test]
fn json_lines_stay_utf8() {
    let rs = read(
        "f.jsonl",
        b"{\"text\":\"caf\xe9\"}\n{\"text\":\"ok\"}\n".to_vec(),
        None,
    );
    assert!(rs[0].as_ref().unwrap_err().msg.contains("not valid UTF-8"));
    assert_eq!(rs[1].as_ref().unwrap().body, "ok");
}

/// Reading cost of the fixture page (run with `--ignored --nocapture`;
/// `DYAD_BENCH_BODY=FILE` also writes the extracted body there, for timing
/// `dyad code` on the same text).
#[test]
#[ignore]
fn reading_cost_of_a_news_page() {
    let page = std::fs::read(fixture("news-page.html")).unwrap();
    let n = 200;
    let start = std::time::Instant::now();
    let mut body = String::new();
    for _ in 0..n {
        let mut r = Reader::from_read("p.html", Box::new(Cursor::new(page.clone())), None);
        body = r.next().unwrap().unwrap().body;
    }
    let per_page = start.elapsed().as_secs_f64() / n as f64;
    println!(
        "read {n} pages of {} bytes: {:.3} ms/page ({} body bytes)",
        page.len(),
        per_page * 1e3,
        body.len()
    );
    let article = Article {
        body: body.clone(),
        ..Default::default()
    };
    let start = std::time::Instant::now();
    for _ in 0..n {
        assert_eq!(dyad_ingest::article_language(&article), Some("eng"));
    }
    println!(
        "language detection: {:.3} ms/article",
        start.elapsed().as_secs_f64() / n as f64 * 1e3
    );
    if let Ok(out) = std::env::var("DYAD_BENCH_BODY") {
        std::fs::write(out, &body).unwrap();
    }
}
