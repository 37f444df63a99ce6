//! Lines of a stream, one at a time: `\n`, `\r\n` and a lone `\r` (old Mac
//! exports) all end a line, and a line longer than the limit is skipped
//! without being held in memory, so reading costs bounded memory whatever
//! the input.

use std::io::BufRead;

/// One line of input: its 1-based number and its bytes (without the line
/// end), or the fact that it was too long to keep.
#[derive(Debug, PartialEq, Eq)]
pub enum Line {
    Bytes { number: usize, bytes: Vec<u8> },
    TooLong { number: usize, len: usize },
}

/// Splits a [`BufRead`] into [`Line`]s.
pub struct Lines<R> {
    inner: R,
    max_len: usize,
    number: usize,
    /// The last line ended in `\r`: a `\n` right after it belongs to it.
    after_cr: bool,
    done: bool,
}

impl<R: BufRead> Lines<R> {
    pub fn new(inner: R, max_len: usize) -> Self {
        Lines {
            inner,
            max_len,
            number: 0,
            after_cr: false,
            done: false,
        }
    }

    /// The next line, `None` at the end, or a read error.
    pub fn next_line(&mut self) -> Option<std::io::Result<Line>> {
        if self.done {
            return None;
        }
        let mut bytes = Vec::new();
        let mut len = 0usize;
        let mut any = false;
        loop {
            let buf = match self.inner.fill_buf() {
                Ok(b) => b,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(e) => {
                    self.done = true;
                    return Some(Err(e));
                }
            };
            if buf.is_empty() {
                self.done = true;
                if !any {
                    return None;
                }
                break;
            }
            if self.after_cr {
                self.after_cr = false;
                if buf[0] == b'\n' {
                    self.inner.consume(1);
                    continue;
                }
            }
            any = true;
            match buf.iter().position(|&b| b == b'\n' || b == b'\r') {
                Some(end) => {
                    self.after_cr = buf[end] == b'\r';
                    keep(&mut bytes, &buf[..end], len, self.max_len);
                    len += end;
                    self.inner.consume(end + 1);
                    break;
                }
                None => {
                    let n = buf.len();
                    keep(&mut bytes, buf, len, self.max_len);
                    len += n;
                    self.inner.consume(n);
                }
            }
        }
        self.number += 1;
        let number = self.number;
        Some(Ok(if len > self.max_len {
            Line::TooLong { number, len }
        } else {
            Line::Bytes { number, bytes }
        }))
    }
}

/// Append `chunk` unless the line is already over the limit (then its bytes
/// are dropped: only its length is reported).
fn keep(bytes: &mut Vec<u8>, chunk: &[u8], len_so_far: usize, max_len: usize) {
    if len_so_far + chunk.len() <= max_len {
        bytes.extend_from_slice(chunk);
    } else {
        bytes.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(input: &[u8], max: usize) -> Vec<Line> {
        // A tiny buffer so line ends fall across buffer boundaries.
        let r = std::io::BufReader::with_capacity(3, input);
        let mut l = Lines::new(r, max);
        std::iter::from_fn(|| l.next_line().map(Result::unwrap)).collect()
    }

    fn text(l: &Line) -> String {
        match l {
            Line::Bytes { number, bytes } => format!("{number}:{}", String::from_utf8_lossy(bytes)),
            Line::TooLong { number, len } => format!("{number}:too long ({len})"),
        }
    }

    #[test]
    fn every_line_end_convention_counts_once() {
        let got: Vec<_> = lines(b"ab\ncd\r\nef\rgh\r\rij", 100)
            .iter()
            .map(text)
            .collect();
        assert_eq!(got, ["1:ab", "2:cd", "3:ef", "4:gh", "5:", "6:ij"]);
        let got: Vec<_> = lines(b"a\n\nb\n", 100).iter().map(text).collect();
        assert_eq!(got, ["1:a", "2:", "3:b"]);
        assert!(lines(b"", 10).is_empty());
    }

    #[test]
    fn long_lines_are_reported_not_kept() {
        let got: Vec<_> = lines(b"short\n0123456789abc\nok", 8)
            .iter()
            .map(text)
            .collect();
        assert_eq!(got, ["1:short", "2:too long (13)", "3:ok"]);
    }
}
