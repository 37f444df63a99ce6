//! Python string predicates the spaCy rules are defined with, where Rust's
//! differ.

/// Python's `str.isspace()`: non-empty and every char is whitespace. Python
/// also counts the information separators U+001C..U+001F, Rust does not.
pub fn is_space(s: &str) -> bool {
    !s.is_empty()
        && s.chars()
            .all(|c| c.is_whitespace() || ('\u{1c}'..='\u{1f}').contains(&c))
}

/// Python's `str.isalpha()`, approximated by Unicode `Alphabetic` (Python
/// uses the letter categories only; they differ on a few marks and letter
/// numerals, which do not reach the lemmatizer in practice).
pub fn is_alpha(s: &str) -> bool {
    !s.is_empty() && s.chars().all(char::is_alphabetic)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn predicates() {
        assert!(is_space(" \n\u{a0}"));
        assert!(is_space("\u{1f}"));
        assert!(!is_space(""));
        assert!(!is_space(" a"));
        assert!(is_alpha("abé"));
        assert!(!is_alpha("a-b"));
        assert!(!is_alpha(""));
    }
}
