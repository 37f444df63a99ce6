//! HTML news pages: the article's main text and metadata, with the page's
//! boilerplate (menus, ads, comments, related links) left out.
//!
//! Extraction is [`dom_smoothie`], a port of Mozilla's Readability (the
//! reader view of Firefox), in its formatted-text mode: paragraphs come out
//! separated by blank lines. The extracted text is the article body that is
//! stored, so evidence offsets point into it. Metadata:
//! * title — Readability's (the `<title>`/`og:title`/JSON-LD headline,
//!   with the site name trimmed off);
//! * date — `article:published_time` and other meta tags, JSON-LD
//!   `datePublished`, else the first `<time datetime>`;
//! * url — `<link rel="canonical">`, else `og:url`, else JSON-LD `url`
//!   (absolute `http(s)` URLs only); the article's id when present;
//! * source — `og:site_name` (or JSON-LD publisher).

use crate::date::parse_story_date;
use crate::{Article, InputError};
use dom_query::Document;
use dom_smoothie::{Config, Readability, TextMode};

/// Most elements a page may have (a bound on the work one page costs).
const MAX_ELEMENTS: usize = 100_000;

/// Deepest element nesting read: Readability's work grows with elements ×
/// depth (20,000 nested `<div>`s took a minute), and news pages nest a few
/// dozen deep.
const MAX_DEPTH: usize = 400;

/// Read one HTML page (already decoded) as an article. `id` is used when
/// the page names no URL; `name` is the file name for messages.
pub fn read_html(name: &str, id: &str, html: &str) -> Result<Article, InputError> {
    let doc = Document::from(html);
    let url = first_attr(&doc, "link[rel=\"canonical\"]", "href")
        .or_else(|| first_attr(&doc, "meta[property=\"og:url\"]", "content"))
        .filter(|u| is_web_url(u));
    let time = first_attr(&doc, "time[datetime]", "datetime");
    if let Some(depth) = too_deep(&doc) {
        return Err(InputError::new(
            name,
            format!(
                "is not read: elements nested over {depth} deep (a news page nests a few dozen)"
            ),
        ));
    }
    let cfg = Config {
        text_mode: TextMode::Formatted,
        max_elements_to_parse: MAX_ELEMENTS,
        ..Default::default()
    };
    let parsed = Readability::with_document(doc, None, Some(cfg))
        .and_then(|mut r| r.parse())
        .map_err(|e| InputError::new(name, format!("no article text found in the page ({e})")))?;
    let body = tidy(&parsed.text_content);
    if body.is_empty() {
        return Err(InputError::new(name, "no article text found in the page"));
    }
    let date = parsed
        .published_time
        .as_deref()
        .and_then(parse_story_date)
        .or_else(|| time.as_deref().and_then(parse_story_date));
    let url = url.or(parsed.url.filter(|u| is_web_url(u)));
    Ok(Article {
        id: url.clone().unwrap_or_else(|| id.to_string()),
        date,
        title: Some(parsed.title.trim().to_string()).filter(|t| !t.is_empty()),
        url,
        source: parsed
            .site_name
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty()),
        body,
        ..Default::default()
    })
}

/// `Some(MAX_DEPTH)` when some element is nested deeper than that
/// (an iterative walk, so depth costs no stack).
fn too_deep(doc: &Document) -> Option<usize> {
    let mut stack = vec![(doc.root(), 0usize)];
    while let Some((node, depth)) = stack.pop() {
        if depth > MAX_DEPTH {
            return Some(MAX_DEPTH);
        }
        let mut child = node.first_element_child();
        while let Some(c) = child {
            child = c.next_element_sibling();
            stack.push((c, depth + 1));
        }
    }
    None
}

fn first_attr(doc: &Document, selector: &str, attr: &str) -> Option<String> {
    doc.select(selector)
        .iter()
        .find_map(|n| n.attr(attr))
        .map(|v| v.trim().to_string())
        .filter(|v| !v.is_empty())
}

fn is_web_url(u: &str) -> bool {
    (u.starts_with("http://") || u.starts_with("https://")) && !u.contains(char::is_whitespace)
}

/// Trim each line and keep at most one blank line between paragraphs.
pub(crate) fn tidy(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut blank = false;
    for line in text.lines() {
        let line = line.trim_matches(|c: char| c.is_whitespace());
        if line.is_empty() {
            blank = !out.is_empty();
            continue;
        }
        if !out.is_empty() {
            out.push_str(if blank { "\n\n" } else { "\n" });
        }
        blank = false;
        out.push_str(line);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tidy_keeps_paragraphs() {
        assert_eq!(tidy("\n  a  \n\n\n\n b\nc \n\n"), "a\n\nb\nc");
    }
}
