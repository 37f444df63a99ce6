//! RSS 2.0, RSS 1.0 and Atom feeds, parsed by [`feed_rs`]: one article per
//! item, with its link as url (and id), its publication date (else its
//! update date), its title, and its content or summary — HTML tags
//! stripped, paragraphs kept — as body. The feed's title is the source.
//!
//! A feed that cannot be parsed is one [`InputError`]; an item with no text
//! is an error naming the file and item, and the other items are read.

use crate::html::tidy;
use crate::{Article, InputError};

/// Read a whole feed (already decoded) into articles, in item order.
pub fn read_feed(name: &str, text: &str) -> Vec<Result<Article, InputError>> {
    let text = without_xml_declarations(text);
    // The parser has panicked on input no test found; a panic must not
    // stop the batch, so it is caught and reported like a parse error.
    let parsed = std::panic::catch_unwind(|| feed_rs::parser::parse(text.as_bytes()));
    let feed = match parsed {
        Ok(Ok(f)) => f,
        Ok(Err(e)) => {
            return vec![Err(InputError::new(
                name,
                format!("is not a readable RSS or Atom feed: {e}"),
            ))]
        }
        Err(_) => {
            return vec![Err(InputError::new(
                name,
                "is not a readable RSS or Atom feed: the feed parser failed on it",
            ))]
        }
    };
    let source = feed
        .title
        .map(|t| strip_html(&t.content))
        .filter(|t| !t.is_empty());
    let mut out = Vec::with_capacity(feed.entries.len());
    for (i, entry) in feed.entries.into_iter().enumerate() {
        let origin = format!("{name} item {}", i + 1);
        let url = entry
            .links
            .iter()
            .find(|l| l.rel.as_deref().is_none_or(|r| r == "alternate"))
            .or(entry.links.first())
            .map(|l| l.href.trim().to_string())
            .filter(|u| !u.is_empty());
        let title = entry
            .title
            .map(|t| strip_html(&t.content))
            .filter(|t| !t.is_empty());
        let body = entry
            .content
            .and_then(|c| c.body)
            .map(|b| strip_html(&b))
            .filter(|b| !b.is_empty())
            .or_else(|| {
                entry
                    .summary
                    .map(|s| strip_html(&s.content))
                    .filter(|b| !b.is_empty())
            });
        let Some(body) = body else {
            out.push(Err(InputError::new(
                origin,
                "has no content or summary to code",
            )));
            continue;
        };
        let id = url
            .clone()
            .or_else(|| Some(entry.id.trim().to_string()).filter(|s| !s.is_empty()))
            .unwrap_or(origin);
        out.push(Ok(Article {
            id,
            date: entry.published.or(entry.updated).map(|d| d.date_naive()),
            title,
            url,
            source: source.clone(),
            body,
            ..Default::default()
        }));
    }
    if out.is_empty() {
        out.push(Err(InputError::new(name, "is a feed with no items")));
    }
    out
}

/// The text with every `<?xml …?>` declaration dropped: the text is UTF-8
/// now, whatever a declaration says, and the XML parser panics on an
/// `encoding` declared anywhere but at the very start.
fn without_xml_declarations(text: &str) -> std::borrow::Cow<'_, str> {
    let Some(first) = find_ignoring_case(text, "<?xml") else {
        return std::borrow::Cow::Borrowed(text);
    };
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    let mut at = Some(first);
    while let Some(i) = at {
        out.push_str(&rest[..i]);
        rest = match rest[i..].find("?>") {
            Some(end) => &rest[i + end + 2..],
            None => "",
        };
        at = find_ignoring_case(rest, "<?xml");
    }
    out.push_str(rest);
    std::borrow::Cow::Owned(out)
}

/// Block elements: their edges are paragraph breaks.
const BLOCKS: &[&str] = &[
    "p",
    "div",
    "br",
    "li",
    "ul",
    "ol",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "blockquote",
    "tr",
    "table",
    "section",
    "article",
    "figure",
    "figcaption",
    "hr",
    "pre",
];

/// Text of an HTML fragment (a feed summary): tags dropped, block edges as
/// blank lines, `<script>`/`<style>` contents dropped, character
/// references decoded, whitespace tidied. Plain text passes through.
pub fn strip_html(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(lt) = rest.find('<') {
        out.push_str(&rest[..lt]);
        let after = &rest[lt + 1..];
        let is_tag = after
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic() || matches!(c, '/' | '!' | '?'));
        if !is_tag {
            out.push('<');
            rest = after;
            continue;
        }
        let Some(gt) = after.find('>') else {
            // An unclosed tag: drop the rest.
            rest = "";
            break;
        };
        let tag = &after[..gt];
        let tag_name: String = tag
            .trim_start_matches('/')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect::<String>()
            .to_ascii_lowercase();
        rest = &after[gt + 1..];
        if !tag.starts_with('/') && (tag_name == "script" || tag_name == "style") {
            let close = format!("</{tag_name}");
            rest = match find_ignoring_case(rest, &close) {
                Some(end) => rest[end..].find('>').map_or("", |g| &rest[end + g + 1..]),
                None => "",
            };
            continue;
        }
        if BLOCKS.contains(&tag_name.as_str()) {
            out.push_str("\n\n");
        } else if !out.ends_with(char::is_whitespace) && tag_name.is_empty() {
            out.push(' ');
        }
    }
    out.push_str(rest);
    let decoded = html_escape::decode_html_entities(&out);
    tidy(&decoded)
}

/// Byte offset of the first `needle` (ASCII) in `hay`, any case.
fn find_ignoring_case(hay: &str, needle: &str) -> Option<usize> {
    hay.as_bytes()
        .windows(needle.len())
        .position(|w| w.eq_ignore_ascii_case(needle.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_are_stripped_and_paragraphs_kept() {
        let h = "<p>Rebels <b>attacked</b> Goma&#8217;s &ldquo;airport&rdquo;.</p><p>Two died.<script>var x = '<p>';</script></p> a < b";
        assert_eq!(
            strip_html(h),
            "Rebels attacked Goma\u{2019}s \u{201C}airport\u{201D}.\n\nTwo died.\n\na < b"
        );
        assert_eq!(strip_html("Plain text."), "Plain text.");
        assert_eq!(strip_html("<p>cut <a href="), "cut");
    }
}
