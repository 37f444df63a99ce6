//! Legacy encodings: bytes that are not UTF-8 (and carry no UTF-16 BOM) are
//! decoded rather than rejected. Web pages and feeds still come in
//! Windows-1252, ISO-8859-x, Shift-JIS, GB18030 and the like.
//!
//! Trust order: a byte-order mark (handled by the sniffer before this), then
//! a declaration in the first 1024 bytes — an HTML `<meta charset>` or
//! `<meta http-equiv="Content-Type" content="…; charset=…">`, or an XML
//! declaration's `encoding` — then valid UTF-8, then a guess by
//! [`chardetng`]. Decoding is done by [`encoding_rs`] (the WHATWG Encoding
//! Standard, as browsers do it), so typographic punctuation in Windows-1252
//! (`0x93`/`0x94` curly quotes, `0x97` em dash) survives.

use crate::InputError;
use encoding_rs::Encoding;

/// How far into an input a charset declaration is looked for.
const DECLARATION_WINDOW: usize = 1024;

/// Decode bytes that have no byte-order mark and no UTF-16 NUL pattern:
/// by their declaration, else as UTF-8 when valid, else as chardetng
/// guesses. Text full of control characters is reported as binary.
pub fn decode_8bit(name: &str, bytes: Vec<u8>) -> Result<String, InputError> {
    let declared = declared_encoding(&bytes);
    if let Some(enc) = declared.filter(|e| *e != encoding_rs::UTF_8) {
        let (text, _) = enc.decode_without_bom_handling(&bytes);
        return not_binary(name, text.into_owned(), enc);
    }
    let bytes = match String::from_utf8(bytes) {
        Ok(text) => return Ok(text),
        Err(e) => e.into_bytes(),
    };
    let enc = guess(&bytes);
    let (text, _) = enc.decode_without_bom_handling(&bytes);
    not_binary(name, text.into_owned(), enc)
}

/// chardetng's guess for bytes known not to be UTF-8.
pub fn guess(bytes: &[u8]) -> &'static Encoding {
    // ISO-2022-JP is 7-bit, so valid UTF-8, and never gets here.
    let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    detector.feed(bytes, true);
    detector.guess(None, chardetng::Utf8Detection::Deny)
}

/// The encoding an HTML `<meta>` or XML declaration in the first 1024
/// bytes names, if it is one `encoding_rs` knows. A declared UTF-16 means
/// UTF-8 (the bytes would have had NULs and been sniffed as UTF-16).
pub fn declared_encoding(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = bytes[..bytes.len().min(DECLARATION_WINDOW)].to_ascii_lowercase();
    let found = if head.starts_with(b"<?xml") {
        let end = find(&head, b"?>").unwrap_or(head.len());
        find(&head[..end], b"encoding=").and_then(|i| label_at(&head[i + 9..end]))
    } else {
        None
    };
    let found = found.or_else(|| meta_charset(&head));
    found.map(|e| {
        if e == encoding_rs::UTF_16LE || e == encoding_rs::UTF_16BE {
            encoding_rs::UTF_8
        } else {
            e
        }
    })
}

/// The first `<meta …charset=…>` in `head` (already lowercased).
fn meta_charset(head: &[u8]) -> Option<&'static Encoding> {
    let mut from = 0;
    while let Some(i) = find(&head[from..], b"<meta") {
        let start = from + i;
        let end = head[start..]
            .iter()
            .position(|&b| b == b'>')
            .map_or(head.len(), |e| start + e);
        if let Some(c) = find(&head[start..end], b"charset=") {
            if let Some(e) = label_at(&head[start + c + 8..end]) {
                return Some(e);
            }
        }
        from = end.max(start + 5);
    }
    None
}

/// The encoding label at the start of `s` (quotes and spaces skipped).
fn label_at(s: &[u8]) -> Option<&'static Encoding> {
    let s = s.trim_ascii_start();
    let s = s.strip_prefix(b"\"").or(s.strip_prefix(b"'")).unwrap_or(s);
    let end = s
        .iter()
        .position(|b| b"\"' ;>/?\t\r\n".contains(b))
        .unwrap_or(s.len());
    Encoding::for_label(&s[..end])
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

/// Decoded text that is mostly control characters was not text.
fn not_binary(name: &str, text: String, enc: &'static Encoding) -> Result<String, InputError> {
    let mut controls = 0usize;
    let mut chars = 0usize;
    for c in text.chars() {
        chars += 1;
        if c.is_control() && !matches!(c, '\n' | '\r' | '\t' | '\u{c}') {
            controls += 1;
        }
    }
    if controls * 20 > chars {
        return Err(InputError::new(
            name,
            format!(
                "looks binary ({controls} control characters in {chars} when read as {}); dyad reads text, HTML, feeds and JSON Lines",
                enc.name()
            ),
        ));
    }
    Ok(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn encode(enc: &'static Encoding, s: &str) -> Vec<u8> {
        let (b, _, unmappable) = enc.encode(s);
        assert!(!unmappable, "{s:?} is not all in {}", enc.name());
        b.into_owned()
    }

    #[test]
    fn windows_1252_punctuation_survives() {
        let s = "\u{201C}Rebels\u{201D} attacked Goma \u{2014} twice, officials said.\n";
        let b = encode(encoding_rs::WINDOWS_1252, s);
        assert!(b.contains(&0x93) && b.contains(&0x97));
        assert_eq!(decode_8bit("x", b).unwrap(), s);
    }

    #[test]
    fn a_meta_charset_is_trusted_over_the_guess() {
        let page = "<html><head><meta charset=\"iso-8859-2\"></head><body>Wałęsa met Łukasz in Gdańsk.</body></html>";
        let b = encode(encoding_rs::ISO_8859_2, page);
        assert_eq!(declared_encoding(&b), Some(encoding_rs::ISO_8859_2));
        assert_eq!(decode_8bit("x", b).unwrap(), page);
        let old = b"<meta http-equiv='Content-Type' content='text/html; charset=Shift_JIS'>";
        assert_eq!(declared_encoding(old), Some(encoding_rs::SHIFT_JIS));
        let xml = b"<?xml version=\"1.0\" encoding=\"windows-1251\"?><rss/>";
        assert_eq!(declared_encoding(xml), Some(encoding_rs::WINDOWS_1251));
        assert_eq!(
            declared_encoding(b"<meta charset=utf-16>"),
            Some(encoding_rs::UTF_8)
        );
        assert_eq!(declared_encoding(b"<meta charset=bogus>"), None);
    }

    #[test]
    fn undeclared_cjk_is_guessed() {
        let ja = "東京で首相が記者会見を開き、新しい経済対策を発表した。政府は来年度の予算案について説明した。";
        let b = encode(encoding_rs::SHIFT_JIS, ja);
        assert_eq!(decode_8bit("x", b).unwrap(), ja);
        let zh = "北京外交部发言人在记者会上表示，中国政府反对任何形式的制裁，并呼吁各方通过对话解决分歧。";
        let b = encode(encoding_rs::GB18030, zh);
        assert_eq!(decode_8bit("x", b).unwrap(), zh);
    }

    #[test]
    fn control_characters_are_binary() {
        let e = decode_8bit("x", vec![0x01, 0x02, 0x03, 0x81, 0x04, 0x05, b'a']).unwrap_err();
        assert!(e.msg.contains("binary"), "{e}");
    }
}
