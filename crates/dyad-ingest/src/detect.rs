//! Which of the input formats a file is in, from its name and first lines.
//! Markup is told by its root: `<!doctype html>`/`<html`/`<head` is a page, `<rss`,
//! `<feed` or `<rdf:RDF` (after an XML declaration, comments or a doctype)
//! is a feed.

use crate::split::split_article;
use crate::Format;

/// Guess the format from the name and the first lines of the text.
///
/// JSON Lines: a `.jsonl`/`.ndjson` name, or records in the first lines — the
/// first non-blank line is an object, or at least half of the first five are
/// (a header line above the records is then reported as a bad record rather
/// than turning the whole file into one prose article).
///
/// HTML and feeds: by their root element (see the module notes), whatever
/// the file is called.
pub fn detect_format(name: &str, head: &str) -> Format {
    if name.ends_with(".jsonl") || name.ends_with(".ndjson") {
        return Format::Jsonl;
    }
    if let Some(markup) = markup_root(head) {
        return markup;
    }
    if looks_like_records(head) {
        return Format::Jsonl;
    }
    if split_article(head).is_some() {
        return Format::Article;
    }
    Format::Text
}

/// The format a markup root names, skipping a BOM, whitespace, an XML
/// declaration, comments and a non-HTML doctype.
fn markup_root(head: &str) -> Option<Format> {
    let mut rest = head.trim_start_matches('\u{feff}').trim_start();
    for _ in 0..32 {
        let lower: String = rest
            .chars()
            .take(16)
            .collect::<String>()
            .to_ascii_lowercase();
        if lower.starts_with("<!doctype html")
            || lower.starts_with("<html")
            || lower.starts_with("<head")
        {
            return Some(Format::Html);
        }
        if lower.starts_with("<rss") || lower.starts_with("<feed") || lower.starts_with("<rdf:rdf")
        {
            return Some(Format::Feed);
        }
        let skip_to = if lower.starts_with("<!--") {
            "-->"
        } else if lower.starts_with("<?") {
            "?>"
        } else if lower.starts_with("<!") {
            ">"
        } else {
            return None;
        };
        let end = rest.find(skip_to)? + skip_to.len();
        rest = rest[end..].trim_start();
    }
    None
}

fn looks_like_records(head: &str) -> bool {
    let first: Vec<&str> = head
        .split(['\n', '\r'])
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .take(5)
        .collect();
    let objects = first.iter().filter(|l| l.starts_with('{')).count();
    first.first().is_some_and(|l| l.starts_with('{')) || (objects > 0 && objects * 2 >= first.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn records_are_found_behind_a_header() {
        assert_eq!(detect_format("a.txt", "{\"text\":\"x\"}\n"), Format::Jsonl);
        assert_eq!(
            detect_format("a.txt", "id,text\n{\"text\":\"x\"}\n{\"text\":\"y\"}\n"),
            Format::Jsonl
        );
        assert_eq!(detect_format("a.ndjson", "anything"), Format::Jsonl);
        assert_eq!(
            detect_format("a.txt", "Rebels attacked.\nThe {army} said.\nMore.\n"),
            Format::Text
        );
    }

    #[test]
    fn markup_roots_are_found() {
        let page = "\u{feff}  <!DOCTYPE html>\n<html lang=en>";
        assert_eq!(detect_format("a.txt", page), Format::Html);
        assert_eq!(detect_format("a", "<html><body>x"), Format::Html);
        assert_eq!(detect_format("a", "<head><title>x"), Format::Html);
        let rss = "<?xml version=\"1.0\"?>\n<!-- feed -->\n<rss version=\"2.0\">";
        assert_eq!(detect_format("a.xml", rss), Format::Feed);
        assert_eq!(
            detect_format("a", "<feed xmlns=\"http://www.w3.org/2005/Atom\">"),
            Format::Feed
        );
        assert_eq!(detect_format("a", "<p>Rebels attacked.</p>"), Format::Text);
        assert_eq!(detect_format("a", "<!-- unclosed"), Format::Text);
    }
}
