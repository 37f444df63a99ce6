//! English month names, in one place for every reader of dates: datelines
//! here, temporal expressions in dyad-time, the UD conversion in dyad-text.

/// The months' full names, lowercase, January first.
pub const MONTH_NAMES: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

/// A month written in full or as its standard abbreviation ("Jan", "Sept";
/// "May" is only ever the full name), in any case: the month (1–12) and
/// whether it was abbreviated.
pub fn month_word(word: &str) -> Option<(u32, bool)> {
    let w = word.to_ascii_lowercase();
    if let Some(i) = MONTH_NAMES.iter().position(|m| *m == w) {
        return Some((i as u32 + 1, false));
    }
    let abbreviated = match w.as_str() {
        "sept" => 9,
        "may" => return None,
        short if short.len() == 3 => {
            MONTH_NAMES.iter().position(|m| m.starts_with(short))? as u32 + 1
        }
        _ => return None,
    };
    Some((abbreviated, true))
}

/// A month written as any start of its name of three letters or more, with
/// an optional full stop ("Sept.", "Janu"), in any case (datelines and
/// headlines abbreviate freely).
pub fn month_prefix(word: &str) -> Option<u32> {
    let w = word.trim_end_matches('.').to_ascii_lowercase();
    if w.len() < 3 {
        return None;
    }
    MONTH_NAMES
        .iter()
        .position(|m| m.starts_with(&w))
        .map(|i| i as u32 + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_and_abbreviations() {
        assert_eq!(month_word("March"), Some((3, false)));
        assert_eq!(month_word("SEPT"), Some((9, true)));
        assert_eq!(month_word("sep"), Some((9, true)));
        assert_eq!(month_word("may"), Some((5, false)));
        assert_eq!(month_word("Janu"), None);
        assert_eq!(month_word("mayday"), None);
        assert_eq!(month_word("Ж"), None);
    }

    #[test]
    fn prefixes() {
        assert_eq!(month_prefix("Sept."), Some(9));
        assert_eq!(month_prefix("Janu"), Some(1));
        assert_eq!(month_prefix("Ju"), None);
        assert_eq!(month_prefix("Marches"), None);
        assert_eq!(month_prefix("Жжж"), None);
    }
}
