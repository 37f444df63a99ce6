//! The common news-file shape: summary, headline, blank line, headline
//! again, subheadline, body.

use crate::Article;

/// Recognise the article-text shape and split it into fields.
pub fn split_article(text: &str) -> Option<Article> {
    let lines: Vec<&str> = text.lines().take(6).collect();
    if lines.len() < 6 {
        return None;
    }
    let (summary, head, blank, head2, sub) = (
        lines[0].trim(),
        lines[1].trim(),
        lines[2].trim(),
        lines[3].trim(),
        lines[4].trim(),
    );
    if summary.is_empty() || head.is_empty() || !blank.is_empty() || head != head2 {
        return None;
    }
    let body = text
        .lines()
        .skip(5)
        .collect::<Vec<_>>()
        .join("\n")
        .trim()
        .to_string();
    if body.is_empty() {
        return None;
    }
    Some(Article {
        title: Some(head.to_string()),
        subheadline: (!sub.is_empty()).then(|| sub.to_string()),
        summary: Some(summary.to_string()),
        body,
        ..Default::default()
    })
}
