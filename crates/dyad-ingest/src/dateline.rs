//! Datelines: "PARIS, July 1 (Reuters) -", "KYIV, Ukraine (AP) —",
//! "WASHINGTON, March 3, 2024 /PRNewswire/ --". They name where the story was
//! filed and often when.

use chrono::NaiveDate;

/// What a dateline says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dateline {
    /// The place, as written ("PARIS", "KYIV, Ukraine").
    pub place: String,
    /// Month and day, when given.
    pub month_day: Option<(u32, u32)>,
    /// The year, when the dateline gives one (most omit it).
    pub year: Option<i32>,
    /// The agency in parentheses ("Reuters", "AP", "AFP"), when given.
    pub agency: Option<String>,
    /// Byte length of the dateline including the dash and following space.
    pub len: usize,
}

impl Dateline {
    /// The full date, when the dateline gives a year, or when `year` is
    /// supplied from elsewhere (e.g. the story date).
    pub fn date(&self, year: Option<i32>) -> Option<NaiveDate> {
        let (m, d) = self.month_day?;
        NaiveDate::from_ymd_opt(self.year.or(year)?, m, d)
    }
}

/// The largest character boundary of `s` at or before byte `at`.
fn floor_char_boundary(s: &str, at: usize) -> usize {
    let mut i = at.min(s.len());
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// Find a dateline at the start of `text` (after leading whitespace).
pub fn find_dateline(text: &str) -> Option<Dateline> {
    let lead = text.len() - text.trim_start().len();
    let s = &text[lead..];
    // The dateline ends at the first dash within the first 120 bytes (cut
    // back to a character boundary: typographic quotes and dashes, accents
    // and Cyrillic are several bytes long).
    let window = &s[..floor_char_boundary(s, 120)];
    let (dash_at, dash) = ["—", "–", "--", " - "]
        .iter()
        .filter_map(|d| window.find(d).map(|i| (i, *d)))
        .min_by_key(|(i, _)| *i)?;
    let head = window[..dash_at].trim();
    // The place starts with an all-caps word.
    let first = head.split([',', ' ', '(']).next()?;
    if first.len() < 2
        || !first
            .chars()
            .all(|c| c.is_uppercase() || c == '.' || c == '\'' || c == '-')
    {
        return None;
    }
    let mut agency = None;
    let mut rest = head;
    if let (Some(o), Some(c)) = (head.find(['(', '/']), head.rfind([')', '/'])) {
        if c > o {
            agency = Some(head[o + 1..c].trim().to_string());
            rest = head[..o].trim();
        }
    }
    let parts: Vec<&str> = rest.split(',').map(str::trim).collect();
    let mut place = vec![parts[0]];
    let mut month_day = None;
    let mut year = None;
    for p in &parts[1..] {
        let words: Vec<&str> = p.split_whitespace().collect();
        if let (Some(m), Some(d)) = (
            words.first().and_then(|w| crate::month_prefix(w)),
            words.get(1).and_then(|d| d.parse::<u32>().ok()),
        ) {
            month_day = Some((m, d));
        } else if p.len() == 4 && p.chars().all(|c| c.is_ascii_digit()) {
            year = p.parse().ok();
        } else if month_day.is_none() {
            place.push(p);
        }
    }
    let after = &s[dash_at + dash.len()..];
    let len = lead + dash_at + dash.len() + (after.len() - after.trim_start().len());
    Some(Dateline {
        place: place.join(", "),
        month_day,
        year,
        agency,
        len,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_common_datelines() {
        let d = find_dateline("PARIS, July 1 (Reuters) - France said").unwrap();
        assert_eq!(d.place, "PARIS");
        assert_eq!(d.month_day, Some((7, 1)));
        assert_eq!(d.agency.as_deref(), Some("Reuters"));
        assert_eq!(d.date(Some(2024)), NaiveDate::from_ymd_opt(2024, 7, 1));
        assert_eq!(
            &"PARIS, July 1 (Reuters) - France said"[d.len..],
            "France said"
        );

        let d = find_dateline("KYIV, Ukraine (AP) — Russian drones").unwrap();
        assert_eq!(d.place, "KYIV, Ukraine");
        assert_eq!(d.month_day, None);

        let d = find_dateline("WASHINGTON, March 3, 2024 -- The").unwrap();
        assert_eq!(d.date(None), NaiveDate::from_ymd_opt(2024, 3, 3));
    }

    #[test]
    fn multibyte_characters_at_the_window_edge_do_not_panic() {
        // Every position of a 3-byte quote and a 2-byte letter around byte 120.
        for pad in 100..130 {
            for ch in ["“", "—", "é", "Ж", "😀"] {
                let text = format!("{}{ch} more text - and a dash", "a".repeat(pad));
                let _ = find_dateline(&text);
                let text = format!("PARIS (AP) {}{ch} — x", "b".repeat(pad));
                let _ = find_dateline(&text);
            }
        }
        let d = find_dateline("MOSCOW, March 3 (Reuters) — “Talks” continued").unwrap();
        assert_eq!(d.place, "MOSCOW");
    }

    #[test]
    fn ordinary_sentences_are_not_datelines() {
        assert_eq!(find_dateline("The army - which had - left."), None);
        assert_eq!(find_dateline("Rebels attacked the town."), None);
        assert_eq!(find_dateline(""), None);
    }
}
