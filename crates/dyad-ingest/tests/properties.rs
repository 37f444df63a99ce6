//! Property tests: no reader may panic or hang on any input, and what is
//! readable is read back exactly. Cases per property: proptest's default
//! (256), or `PROPTEST_CASES` for long runs. Inputs that once crashed dyad
//! are kept below as named regression tests.

use dyad_ingest::{find_dateline, parse_story_date, read_str, Article, Format, InputError, Reader};
use proptest::prelude::*;
use std::io::Cursor;

/// Text that is hard on string code: multi-byte characters, combining
/// marks, right-to-left and bidi controls, emoji with joiners, line and
/// paragraph separators, NUL, BOMs, CRs, JSON and dateline syntax.
const NASTY: &[&str] = &[
    "“",
    "”",
    "—",
    "–",
    "é",
    "e\u{301}",
    "Ж",
    "مصر",
    "\u{202e}",
    "👨\u{200d}👩\u{200d}👧",
    "😀",
    "\u{2028}",
    "\u{2029}",
    "\u{0}",
    "\u{feff}",
    "\r",
    "\n",
    "\r\n",
    " ",
    "\t",
    "{",
    "}",
    "[",
    "]",
    "\"",
    "\\",
    ":",
    ",",
    "--",
    " - ",
    "(AP)",
    "(Reuters)",
    "PARIS",
    "July 1",
    "2024",
    "2024-03-05",
    "id",
    "text",
    "date",
    "İ",
    "ß",
    "\u{fffd}",
];

fn nasty_text() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop_oneof![
            3 => prop::sample::select(NASTY).prop_map(str::to_string),
            2 => "[a-zA-Z ]{0,12}",
            1 => any::<String>(),
        ],
        0..40,
    )
    .prop_map(|parts| parts.concat())
}

fn formats() -> impl Strategy<Value = Option<Format>> {
    prop::sample::select(vec![
        None,
        Some(Format::Text),
        Some(Format::Article),
        Some(Format::Jsonl),
        Some(Format::Html),
        Some(Format::Feed),
    ])
}

/// Pieces of HTML and feed markup, for tag soup that gets past detection
/// into the HTML and feed readers.
const MARKUP: &[&str] = &[
    "<!DOCTYPE html>",
    "<html>",
    "</html>",
    "<head>",
    "<meta charset=\"windows-1252\">",
    "<meta property=\"og:url\" content=\"https://x.example/a\">",
    "<link rel=\"canonical\" href=\"https://x.example/b\">",
    "<script type=\"application/ld+json\">{\"datePublished\":\"2024-03-05\"}</script>",
    "<script>",
    "</script>",
    "<body>",
    "<article>",
    "</article>",
    "<p>",
    "</p>",
    "<div class=\"comments\">",
    "</div>",
    "<time datetime=\"2024-03-05\">",
    "<!--",
    "-->",
    "<![CDATA[",
    "]]>",
    "<?xml version=\"1.0\" encoding=\"iso-8859-1\"?>",
    "<rss version=\"2.0\">",
    "<channel>",
    "</channel>",
    "<item>",
    "</item>",
    "<title>",
    "</title>",
    "<link>https://x.example/c</link>",
    "<description>",
    "</description>",
    "<pubDate>Tue, 05 Mar 2024 14:20:00 GMT</pubDate>",
    "<feed xmlns=\"http://www.w3.org/2005/Atom\">",
    "<entry>",
    "</entry>",
    "<summary type=\"html\">",
    "&lt;p&gt;",
    "&amp;",
    "&#8217;",
    "&bogus;",
    "<",
    ">",
    "Rebels attacked the town of Goma on Tuesday, the army said. ",
];

fn markup() -> impl Strategy<Value = Vec<u8>> {
    prop::collection::vec(
        prop_oneof![
            4 => prop::sample::select(MARKUP).prop_map(|s| s.as_bytes().to_vec()),
            2 => nasty_text().prop_map(String::into_bytes),
            1 => prop::collection::vec(any::<u8>(), 0..16),
        ],
        0..60,
    )
    .prop_map(|parts| parts.concat())
}

fn read_bytes(
    name: &str,
    bytes: Vec<u8>,
    format: Option<Format>,
) -> Vec<Result<Article, InputError>> {
    Reader::from_read(name, Box::new(Cursor::new(bytes)), format).collect()
}

proptest! {
    #[test]
    fn any_bytes_are_read_or_reported(bytes in prop::collection::vec(any::<u8>(), 0..2048), format in formats()) {
        for r in read_bytes("in.jsonl", bytes.clone(), format) {
            if let Err(e) = r {
                prop_assert!(e.origin.starts_with("in.jsonl"), "{e}");
            }
        }
        let _ = read_bytes("in.txt", bytes, format);
    }

    /// The HTML and feed readers, and the legacy-encoding decoder, on tag
    /// soup and arbitrary bytes: no panic, no hang, something said.
    #[test]
    fn any_markup_is_read_or_reported(bytes in markup(), format in formats()) {
        let results = read_bytes("in.html", bytes, format);
        for r in &results {
            match r {
                Ok(a) => prop_assert!(!a.body.trim().is_empty()),
                Err(e) => prop_assert!(e.origin.starts_with("in.html"), "{e}"),
            }
        }
    }

    #[test]
    fn any_text_is_read_or_reported(text in nasty_text(), format in formats()) {
        let (articles, errors) = read_str("in.txt", &text, format);
        // Something is always said: an article or a reason.
        prop_assert!(!articles.is_empty() || !errors.is_empty());
        for a in &articles {
            prop_assert!(!a.body.trim().is_empty());
        }
    }

    #[test]
    fn records_round_trip_whatever_their_text(texts in prop::collection::vec(nasty_text(), 1..8), crlf in any::<bool>()) {
        let texts: Vec<String> = texts.into_iter().filter(|t| !t.trim().is_empty()).collect();
        let end = if crlf { "\r\n" } else { "\n" };
        let mut input = String::new();
        for (i, t) in texts.iter().enumerate() {
            input.push_str(&serde_json::json!({"id": i.to_string(), "text": t}).to_string());
            input.push_str(end);
        }
        let results = read_bytes("r.jsonl", input.into_bytes(), None);
        let bodies: Vec<String> = results.into_iter().filter_map(Result::ok).map(|a| a.body).collect();
        prop_assert_eq!(bodies, texts);
    }

    #[test]
    fn datelines_never_cut_a_character(text in nasty_text()) {
        if let Some(d) = find_dateline(&text) {
            prop_assert!(d.len <= text.len());
            prop_assert!(text.is_char_boundary(d.len));
        }
    }

    #[test]
    fn story_dates_are_whole_dates_or_none(s in prop_oneof![nasty_text(), "[0-9]{4}-[0-9]{2}-[0-9]{2}.{0,6}"]) {
        if let Some(d) = parse_story_date(&s) {
            // Whatever was accepted starts with the date it gave.
            prop_assert!(s.trim().starts_with(&d.format("%Y-%m-%d").to_string()), "{s:?} -> {d}");
        }
    }

    #[test]
    fn utf16_is_read_like_utf8(text in nasty_text()) {
        // NUL reads as binary and a leading BOM is dropped: leave both out
        // (filtering, not rejecting, so long runs do not run out of cases).
        let text = text.replace('\u{0}', " ").trim_start_matches('\u{feff}').to_string();
        if text.trim().is_empty() {
            return Ok(());
        }
        let mut bytes = vec![0xFF, 0xFE];
        bytes.extend(text.encode_utf16().flat_map(|u| u.to_le_bytes()));
        let body = |rs: Vec<Result<Article, InputError>>| -> Vec<String> {
            rs.into_iter().filter_map(Result::ok).map(|a| a.body).collect()
        };
        let from16 = body(read_bytes("u.txt", bytes, Some(Format::Text)));
        let from8 = body(read_bytes("u.txt", text.clone().into_bytes(), Some(Format::Text)));
        prop_assert_eq!(from16, from8);
    }
}

#[test]
fn deeply_nested_json_is_a_bad_record_not_a_stack_overflow() {
    let deep = format!(
        "{}{}\n{{\"text\":\"Rebels attacked.\"}}\n",
        "[".repeat(100_000),
        "]".repeat(100_000)
    );
    let (a, e) = read_str("deep.jsonl", &deep, None);
    assert_eq!(a.len(), 1);
    assert_eq!(e.len(), 1);
    let deep_obj = format!(
        "{{\"text\":\"x\",\"a\":{}1{}}}\n",
        "{\"b\":".repeat(50_000),
        "}".repeat(50_000)
    );
    let (_, e) = read_str("deep.jsonl", &deep_obj, None);
    assert_eq!(e.len(), 1, "{e:?}");
}

#[test]
fn huge_tokens_and_lines_are_read() {
    let token = "Ж".repeat(100_000);
    let (a, e) = read_str("big.txt", &token, None);
    assert!(e.is_empty());
    assert_eq!(a[0].body, token);
    let line = serde_json::json!({"text": format!("{token} \u{2028} 😀")}).to_string();
    let (a, e) = read_str("big.jsonl", &line, None);
    assert!(e.is_empty());
    assert_eq!(a.len(), 1);
}

/// Regression: a curly quote across byte 120 of the text panicked in the
/// dateline reader and stopped the whole batch.
#[test]
fn crash_curly_quote_at_the_dateline_window() {
    for pad in 115..122 {
        let text = format!("{}“Talks”— end", "a".repeat(pad));
        let _ = find_dateline(&text);
        let (a, _) = read_str("q.txt", &text, None);
        assert_eq!(a.len(), 1);
    }
}

/// Every input format decodes HTML references in the text it yields, so
/// the stored body is what the coder reads.
#[test]
fn references_are_decoded_in_every_format() {
    let text = "Talks with China #39;s envoy \u{26}quot;stalled\u{26}quot;.";
    let want = "Talks with China's envoy \"stalled\".";
    let (a, _) = read_str("a.txt", text, Some(Format::Text));
    assert_eq!(a[0].body, want);
    let line = serde_json::json!({"id": "x", "text": text, "title": "A  amp; B"}).to_string();
    let (a, _) = read_str("a.jsonl", &line, None);
    assert_eq!(a[0].body, want);
    assert_eq!(a[0].title.as_deref(), Some("A & B"));
}

/// Regression: an XML declaration with an encoding after the start of a
/// feed panicked inside the XML parser and stopped the batch.
#[test]
fn crash_xml_declaration_inside_a_feed() {
    let feed = "<rss version=\"2.0\"><channel><?xml version=\"1.0\" encoding=\"iso-8859-1\"?><item><title>T</title><description>Rebels attacked.</description></item></channel></rss>";
    let (a, e) = read_str("late.xml", feed, Some(Format::Feed));
    assert_eq!(a.len() + e.len(), 1, "{a:?} {e:?}");
    assert!(e.iter().all(|e| !e.msg.contains("parser failed")), "{e:?}");
}

/// Deeply nested or very wide markup is read or reported quickly, not a
/// stack overflow or a minute's work (20,000 nested `<div>`s took a minute
/// before the depth bound).
#[test]
fn deeply_nested_html_and_feeds_do_not_overflow() {
    let page = format!(
        "<!DOCTYPE html><html><body>{}<p>Rebels attacked the town of Goma on Tuesday, the army said, and two soldiers were killed.</p>{}</body></html>",
        "<div>".repeat(5_000),
        "</div>".repeat(5_000)
    );
    let (a, e) = read_str("deep.html", &page, None);
    assert!(e[0].msg.contains("nested over"), "{e:?}");
    let wide = format!(
        "<!DOCTYPE html><html><body><article>{}</article></body></html>",
        "<p>Rebels attacked the town of Goma on Tuesday, the army said.</p>".repeat(20_000)
    );
    let (a2, e2) = read_str("wide.html", &wide, None);
    assert_eq!(a2.len() + e2.len(), 1);
    assert_eq!(a.len() + e.len(), 1);
    let feed = format!(
        "<rss version=\"2.0\"><channel><item><description>{}Rebels attacked.{}</description></item></channel></rss>",
        "&lt;b&gt;".repeat(20_000),
        "&lt;/b&gt;".repeat(20_000)
    );
    let (a, e) = read_str("deep.rss", &feed, None);
    assert_eq!(a.len() + e.len(), 1);
    let xml = format!("<rss><channel>{}", "<x>".repeat(50_000));
    let (a, e) = read_str("deep.xml", &xml, None);
    assert_eq!(a.len() + e.len(), 1);
}
