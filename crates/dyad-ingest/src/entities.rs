//! HTML character references left in plain text, decoded.
//!
//! News text scraped from the web often keeps its HTML escapes: whole ones
//! (`Japan&#39;s`, `&quot;`, `&amp;`) and, in widely used corpora such as
//! AG News, ones whose `&` was replaced by a space (`Japan #39;s`,
//! ` quot;Bush doctrine, quot;`, `Masnet  amp; News`). Left in, they break
//! tokens ("#39;s" is no possessive), so the parser misreads the sentence
//! and actors are lost. Decoding them is a repair of the text, done once at
//! ingest, so the stored body and every span into it agree.

use std::borrow::Cow;

/// The named references decoded (the ones that occur in news text).
const NAMED: &[(&str, &str)] = &[
    ("quot", "\""),
    ("amp", "&"),
    ("apos", "'"),
    ("lt", "<"),
    ("gt", ">"),
    ("nbsp", " "),
    ("ndash", "\u{2013}"),
    ("mdash", "\u{2014}"),
    ("lsquo", "\u{2018}"),
    ("rsquo", "\u{2019}"),
    ("ldquo", "\u{201C}"),
    ("rdquo", "\u{201D}"),
    ("hellip", "\u{2026}"),
];

/// Text with HTML character references decoded: `&name;`, `&#NN;`,
/// `&#xNN;`, and the stripped form ` name;` / ` #NN;` whose `&` became a
/// space (the space goes too). Returns the input unchanged (borrowed) when
/// there is nothing to decode.
pub fn repair_entities(text: &str) -> Cow<'_, str> {
    if !text.contains(';') {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut last = 0;
    let mut changed = false;
    for (i, c) in text.char_indices() {
        if i < last || !(c == '&' || c == ' ') {
            continue;
        }
        let Some((decoded, len)) = reference_at(&text[i + 1..]) else {
            continue;
        };
        if c == ' ' && !stripped_form_allowed(&text[i + 1..i + 1 + len]) {
            continue;
        }
        out.push_str(&text[last..i]);
        out.push_str(&decoded);
        last = i + 1 + len;
        changed = true;
    }
    if !changed {
        return Cow::Borrowed(text);
    }
    out.push_str(&text[last..]);
    Cow::Owned(out)
}

/// A reference (without its `&`) at the start of `rest`: the decoded text
/// and the reference's length in bytes, `;` included.
fn reference_at(rest: &str) -> Option<(String, usize)> {
    let end = rest.as_bytes().iter().take(10).position(|&b| b == b';')?;
    let name = &rest[..end];
    let decoded = if let Some(num) = name.strip_prefix('#') {
        numeric_reference(num)?
    } else {
        NAMED
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, s)| (*s).to_string())?
    };
    Some((decoded, end + 1))
}

/// `#39` → `'`; `#x27` → `'`. Code points 128–159 are read as
/// Windows-1252, as browsers do (`#151;` is an em dash in such text);
/// control characters and non-characters are not decoded.
fn numeric_reference(num: &str) -> Option<String> {
    let value = match num.strip_prefix(['x', 'X']) {
        Some(hex) => u32::from_str_radix(hex, 16).ok()?,
        None => num.parse::<u32>().ok()?,
    };
    let c = match value {
        128..=159 => windows_1252(value)?,
        0..=31 | 127 => return None,
        v => char::from_u32(v)?,
    };
    Some(c.to_string())
}

/// The Windows-1252 character for a byte in 128–159 (through encoding_rs,
/// which the reader decodes files with); the five bytes Windows-1252 leaves
/// undefined are not decoded.
fn windows_1252(byte: u32) -> Option<char> {
    let bytes = [u8::try_from(byte).ok()?];
    let (text, _) = encoding_rs::WINDOWS_1252.decode_without_bom_handling(&bytes);
    text.chars()
        .next()
        .filter(|c| !('\u{80}'..='\u{9F}').contains(c))
}

/// Which references are decoded in the stripped form (a space for the
/// `&`): numeric ones and the escapes of quote, ampersand and angle
/// brackets. Other words followed by `;` ("the apos;") are left alone.
fn stripped_form_allowed(reference: &str) -> bool {
    let name = reference.trim_end_matches(';');
    name.starts_with('#') || matches!(name, "quot" | "amp" | "lt" | "gt")
}

#[cfg(test)]
mod tests {
    use super::repair_entities;

    fn check(input: &str, expect: &str) {
        assert_eq!(repair_entities(input), expect, "input: {input:?}");
    }

    #[test]
    fn stripped_references_from_ag_news_are_decoded() {
        check(
            "talks with China #39;s visiting military chief",
            "talks with China's visiting military chief",
        );
        check(
            "China laid into what it called the  quot;Bush doctrine, quot; said",
            "China laid into what it called the \"Bush doctrine,\" said",
        );
        check(
            "KABUL (Masnet  amp; News Agencies)",
            "KABUL (Masnet & News Agencies)",
        );
        check("India News  gt; Pattan", "India News > Pattan");
        check("in Fallujah  #151; now", "in Fallujah — now");
    }

    #[test]
    fn whole_references_are_decoded() {
        check(
            "Japan&#39;s &quot;offer&quot; &amp; more",
            "Japan's \"offer\" & more",
        );
        check("caf&#xE9; &mdash; done", "café — done");
    }

    #[test]
    fn text_without_references_is_untouched() {
        check(
            "Ranked #1; the best. A; B; see quot",
            "Ranked #1; the best. A; B; see quot",
        );
        check(
            "a word; then apos; &unknown; stay",
            "a word; then apos; &unknown; stay",
        );
        check("ends with & or #39", "ends with & or #39");
        check(
            "Ω; ü #; #x; &#xZZ; &#99999999;",
            "Ω; ü #; #x; &#xZZ; &#99999999;",
        );
    }
}
