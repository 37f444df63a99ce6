//! Which of the input formats a file is in, from its name and first lines.

use crate::split::split_article;
use crate::Format;

/// Guess the format from the name and the first lines of the text.
///
/// JSON Lines: a `.jsonl`/`.ndjson` name, or records in the first lines — the
/// first non-blank line is an object, or at least half of the first five are
/// (a header line above the records is then reported as a bad record rather
/// than turning the whole file into one prose article).
pub fn detect_format(name: &str, head: &str) -> Format {
    if name.ends_with(".jsonl") || name.ends_with(".ndjson") {
        return Format::Jsonl;
    }
    if looks_like_records(head) {
        return Format::Jsonl;
    }
    if split_article(head).is_some() {
        return Format::Article;
    }
    Format::Text
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
}
