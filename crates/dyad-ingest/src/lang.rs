//! Which language an article is written in, so that text dyad cannot code
//! (it codes English) is skipped rather than coded into noise.
//!
//! Detection is [`whatlang`] (character trigrams, 69 languages) over the
//! title and the start of the body. Only a detection whatlang calls
//! reliable counts, and in Latin script only on a sample of at least 160
//! letters: short or mixed texts are "unsure" and are kept, so an English
//! article is not lost to a guess.

use crate::Article;

/// How much of the body is looked at (bytes, cut at a character boundary).
const SAMPLE_BYTES: usize = 4096;

/// The article's language as an ISO 639-3 code (`"eng"`, `"fra"`, `"rus"`,
/// …) when whatlang is sure of it; `None` when it is not.
pub fn article_language(a: &Article) -> Option<&'static str> {
    let mut end = a.body.len().min(SAMPLE_BYTES);
    while !a.body.is_char_boundary(end) {
        end -= 1;
    }
    let sample = match &a.title {
        Some(t) => format!("{t}\n{}", &a.body[..end]),
        None => a.body[..end].to_string(),
    };
    let info = whatlang::detect(&sample).filter(|info| info.is_reliable())?;
    // Latin-script trigrams mislead on short or code-like text (tickers,
    // names, "FRAGOV consult RUSGOV"): in Latin script only a longer
    // sample counts. Another script (Cyrillic, Arabic, Han, …) is telling.
    if info.script() == whatlang::Script::Latin
        && sample.chars().filter(|c| c.is_alphabetic()).count() < MIN_LATIN_LETTERS
    {
        return None;
    }
    Some(info.lang().code())
}

/// Letters a Latin-script sample needs before its language is trusted.
const MIN_LATIN_LETTERS: usize = 160;

/// Whether the article is, as far as can be told, not in English: a
/// reliable detection of another language.
pub fn is_not_english(a: &Article) -> bool {
    article_language(a).is_some_and(|code| code != "eng")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn art(body: &str) -> Article {
        Article {
            body: body.into(),
            ..Default::default()
        }
    }

    #[test]
    fn languages_are_told_apart() {
        let en = art("Kenya and Ethiopia signed a border security agreement on Tuesday, pledging joint patrols on Lake Turkana after weeks of deadly clashes between fishing communities on both sides of the frontier.");
        assert_eq!(article_language(&en), Some("eng"));
        assert!(!is_not_english(&en));
        let fr = art("Le président de la République a reçu mardi son homologue allemand à l'Élysée pour discuter de la défense européenne et de l'aide à l'Ukraine. Les deux dirigeants ont aussi évoqué la situation au Proche-Orient.");
        assert_eq!(article_language(&fr), Some("fra"));
        assert!(is_not_english(&fr));
        let ru = art("Президент России провёл телефонный разговор с президентом Франции и обсудил ситуацию на Украине.");
        assert!(is_not_english(&ru));
        // Too short to tell: kept.
        assert!(!is_not_english(&art("Talks.")));
        assert!(!is_not_english(&art("FRAGOV make public statement RUSMIL on 2014-03-05. DEUGOV consult FRAGOV on 2014-03-06.")));
    }
}
