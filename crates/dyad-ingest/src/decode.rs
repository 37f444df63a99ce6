//! Bytes to text: byte-order marks, UTF-16, and UTF-8 errors that name the
//! line. News files come from Windows tools and web exports as often as from
//! Unix pipes, so a BOM or UTF-16 is ordinary, not an error.

use crate::InputError;

/// How the bytes of an input are encoded, read off its first bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    Utf8,
    Utf16Le,
    Utf16Be,
}

/// What the first bytes of an input say about it: its encoding and how many
/// bytes of byte-order mark to drop.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sniffed {
    pub encoding: Encoding,
    pub bom_len: usize,
}

/// Read the encoding off the first bytes: a BOM decides; without one, NUL
/// bytes in every other position mean UTF-16 (ASCII text in UTF-16 without
/// a BOM); any other NUL means binary.
pub fn sniff(name: &str, head: &[u8]) -> Result<Sniffed, InputError> {
    let found = |encoding, bom_len| Ok(Sniffed { encoding, bom_len });
    if head.starts_with(&[0xEF, 0xBB, 0xBF]) {
        return found(Encoding::Utf8, 3);
    }
    if head.starts_with(&[0xFF, 0xFE]) {
        return found(Encoding::Utf16Le, 2);
    }
    if head.starts_with(&[0xFE, 0xFF]) {
        return found(Encoding::Utf16Be, 2);
    }
    let sample = &head[..head.len().min(8192)];
    let Some(first_nul) = sample.iter().position(|&b| b == 0) else {
        return found(Encoding::Utf8, 0);
    };
    if let Some(encoding) = utf16_without_bom(sample) {
        return found(encoding, 0);
    }
    Err(InputError::new(
        name,
        format!("looks binary (NUL byte at offset {first_nul}); dyad reads UTF-8 or UTF-16 text, article files and JSON Lines"),
    ))
}

/// UTF-16 of mostly-ASCII text: every even (LE: odd) byte is NUL.
fn utf16_without_bom(sample: &[u8]) -> Option<Encoding> {
    let pairs = sample.len() / 2;
    if pairs < 2 {
        return None;
    }
    let nul_at = |parity: usize| {
        sample
            .chunks_exact(2)
            .filter(|p| p[parity] == 0 && p[1 - parity] != 0)
            .count()
    };
    // Nine in ten code units ASCII: text, not a binary file with NULs.
    if nul_at(1) * 10 >= pairs * 9 {
        Some(Encoding::Utf16Le)
    } else if nul_at(0) * 10 >= pairs * 9 {
        Some(Encoding::Utf16Be)
    } else {
        None
    }
}

/// Decode UTF-16 bytes (without the BOM); an unpaired surrogate or an odd
/// byte count is an error naming the line it is on.
pub fn decode_utf16(name: &str, bytes: &[u8], encoding: Encoding) -> Result<String, InputError> {
    let unit = |p: &[u8]| match encoding {
        Encoding::Utf16Be => u16::from_be_bytes([p[0], p[1]]),
        _ => u16::from_le_bytes([p[0], p[1]]),
    };
    let units = bytes.chunks_exact(2).map(unit);
    let mut text = String::with_capacity(bytes.len() / 2);
    for c in char::decode_utf16(units) {
        match c {
            Ok(c) => text.push(c),
            Err(e) => {
                return Err(InputError::new(
                    name,
                    format!(
                        "line {}: is not valid UTF-16 (unpaired surrogate {:#06x}); re-save the file as UTF-8",
                        line_number(&text),
                        e.unpaired_surrogate()
                    ),
                ))
            }
        }
    }
    if bytes.len() % 2 == 1 {
        return Err(InputError::new(
            name,
            format!(
                "line {}: is not valid UTF-16 (odd number of bytes: the file is cut short); re-save the file as UTF-8",
                line_number(&text)
            ),
        ));
    }
    Ok(text)
}

/// Decode UTF-8, naming the line and column of the first bad byte.
pub fn decode_utf8(name: &str, bytes: Vec<u8>) -> Result<String, InputError> {
    String::from_utf8(bytes).map_err(|e| {
        let bytes = e.as_bytes();
        let at = e.utf8_error().valid_up_to();
        let valid = std::str::from_utf8(&bytes[..at]).unwrap_or_default();
        let line_start = valid.rfind('\n').map_or(0, |i| i + 1);
        InputError::new(
            name,
            format!(
                "line {}, byte {}: is not valid UTF-8 (byte {:#04x}); convert the file, e.g. `iconv -f windows-1252 -t utf-8`",
                line_number(valid),
                at - line_start + 1,
                bytes[at]
            ),
        )
    })
}

/// The 1-based line that the end of `before` is on.
fn line_number(before: &str) -> usize {
    before.bytes().filter(|&b| b == b'\n').count() + 1
}

/// Decode a whole input held in memory: empty and binary inputs are errors,
/// a BOM is dropped, UTF-16 is converted, and bytes that are not UTF-8 are
/// decoded in the encoding they declare or chardetng guesses
/// ([`crate::encoding`]).
pub fn decode(name: &str, bytes: Vec<u8>) -> Result<String, InputError> {
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(InputError::new(name, "is empty: nothing to code"));
    }
    let sniffed = sniff(name, &bytes)?;
    let text = match sniffed.encoding {
        // A UTF-8 BOM decides; without one, a declaration, UTF-8 or a guess.
        Encoding::Utf8 if sniffed.bom_len > 0 => {
            let mut bytes = bytes;
            bytes.drain(..sniffed.bom_len);
            decode_utf8(name, bytes)?
        }
        Encoding::Utf8 => crate::encoding::decode_8bit(name, bytes)?,
        utf16 => decode_utf16(name, &bytes[sniffed.bom_len..], utf16)?,
    };
    if text.trim().is_empty() {
        return Err(InputError::new(name, "is empty: nothing to code"));
    }
    Ok(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utf16le(s: &str, bom: bool) -> Vec<u8> {
        let mut b = if bom { vec![0xFF, 0xFE] } else { vec![] };
        b.extend(s.encode_utf16().flat_map(|u| u.to_le_bytes()));
        b
    }

    #[test]
    fn utf8_bom_is_dropped() {
        let t = decode("x", b"\xEF\xBB\xBFRebels attacked.".to_vec()).unwrap();
        assert_eq!(t, "Rebels attacked.");
    }

    #[test]
    fn utf16_with_and_without_bom_is_text() {
        let s = "“Rebels” attacked Goma — twice.\n";
        assert_eq!(decode("x", utf16le(s, true)).unwrap(), s);
        assert_eq!(decode("x", utf16le(s, false)).unwrap(), s);
        let mut be = vec![0xFE, 0xFF];
        be.extend(s.encode_utf16().flat_map(|u| u.to_be_bytes()));
        assert_eq!(decode("x", be).unwrap(), s);
    }

    #[test]
    fn bad_utf8_after_a_bom_names_line_and_column() {
        let e = decode("f.txt", b"\xEF\xBB\xBFone\ntwo \xff three".to_vec()).unwrap_err();
        assert!(e.msg.contains("line 2, byte 5"), "{e}");
    }

    #[test]
    fn bytes_that_are_not_utf8_are_decoded() {
        let t = decode("f.txt", b"one\ntwo \x93three\x94".to_vec()).unwrap();
        assert_eq!(t, "one\ntwo \u{201C}three\u{201D}");
    }

    #[test]
    fn binary_and_empty_are_named() {
        assert!(decode("x", vec![]).unwrap_err().msg.contains("empty"));
        assert!(decode("x", b"\xEF\xBB\xBF  \n".to_vec())
            .unwrap_err()
            .msg
            .contains("empty"));
        let e = decode("x", b"ab\0cd\x01\x02\x03\0".to_vec()).unwrap_err();
        assert!(e.msg.contains("binary"), "{e}");
    }

    #[test]
    fn truncated_utf16_is_an_error_not_a_panic() {
        let mut b = utf16le("Rebels", true);
        b.push(b'x');
        assert!(decode("x", b).unwrap_err().msg.contains("odd number"));
        let lone = vec![0xFF, 0xFE, 0x00, 0xD8, b'a', 0];
        assert!(decode("x", lone).unwrap_err().msg.contains("surrogate"));
    }
}
