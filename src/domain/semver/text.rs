//! Byte-level helpers that reproduce the PHP and PCRE character rules Composer relies on.
//!
//! Composer's parser is a set of PCRE patterns run on PHP byte strings. Everything here
//! works on `&[u8]` and never indexes past the end (all reads go through `get`), so the
//! hand-written matchers built on top cannot panic on any input, including non-ASCII.

/// PCRE's `\s` without the `u` flag: space, `\t`, `\n`, `\v`, `\f`, `\r`.
pub(crate) fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | 0x0B | 0x0C | b'\r')
}

/// The byte at `i`, or `None` past the end; keeps every matcher free of bounds panics.
pub(crate) fn at(s: &[u8], i: usize) -> Option<u8> {
    s.get(i).copied()
}

pub(crate) fn is_digit_at(s: &[u8], i: usize) -> bool {
    at(s, i).is_some_and(|b| b.is_ascii_digit())
}

/// `true` when byte `i` is one of `set`.
pub(crate) fn is_one_of(s: &[u8], i: usize, set: &[u8]) -> bool {
    at(s, i).is_some_and(|b| set.contains(&b))
}

/// PHP's `trim()` with its default character list `" \t\n\r\0\x0B"` (note: not `\f`).
pub(crate) fn php_trim(s: &[u8]) -> &[u8] {
    let strip = |b: &u8| matches!(b, b' ' | b'\t' | b'\n' | b'\r' | 0 | 0x0B);
    let start = s.iter().position(|b| !strip(b)).unwrap_or(s.len());
    let end = s.iter().rposition(|b| !strip(b)).map_or(start, |p| p + 1);
    s.get(start..end).unwrap_or_default()
}

/// PCRE's `$` (no `D` modifier): the very end, or just before a final `\n`.
pub(crate) fn at_end(s: &[u8], i: usize) -> bool {
    i == s.len() || (i + 1 == s.len() && at(s, i) == Some(b'\n'))
}

/// End of the run of ASCII digits starting at `i` (`i` itself when there is none).
pub(crate) fn digits_end(s: &[u8], i: usize) -> usize {
    let mut j = i;
    while is_digit_at(s, j) {
        j += 1;
    }
    j
}

/// End of the run of literal spaces (`' '`, not `\s`) starting at `i`.
pub(crate) fn spaces_end(s: &[u8], i: usize) -> usize {
    let mut j = i;
    while at(s, j) == Some(b' ') {
        j += 1;
    }
    j
}

/// Does `lit` occur at `i`? With `ci`, ASCII case is ignored like PCRE's `i` flag.
pub(crate) fn lit_at(s: &[u8], i: usize, lit: &[u8], ci: bool) -> bool {
    match s.get(i..i.saturating_add(lit.len())) {
        Some(part) if ci => part.eq_ignore_ascii_case(lit),
        Some(part) => part == lit,
        None => false,
    }
}

/// A sub-slice that is empty instead of panicking when the range is out of order or bounds.
pub(crate) fn slice(s: &[u8], from: usize, to: usize) -> &[u8] {
    s.get(from..to).unwrap_or_default()
}

/// Bytes back to a `String`. Inputs are `&str`, and every cut the matchers make is next to
/// an ASCII byte, so this is lossless in practice; the lossy path only guards against bugs.
pub(crate) fn to_string(s: &[u8]) -> String {
    String::from_utf8_lossy(s).into_owned()
}

/// Checks for PCRE's `.+$` starting at `from`, precomputed so repeated probes stay O(1).
///
/// `.` does not match `\n`, so the tail must be non-empty and free of newlines except a
/// single final one (which `$` may stand before).
pub(crate) struct DotPlusEnd {
    body_end: usize,
    last_inner_newline: Option<usize>,
}

impl DotPlusEnd {
    pub(crate) fn new(s: &[u8]) -> Self {
        let body_end = if s.last() == Some(&b'\n') {
            s.len() - 1
        } else {
            s.len()
        };
        let last_inner_newline = slice(s, 0, body_end).iter().rposition(|&b| b == b'\n');
        Self {
            body_end,
            last_inner_newline,
        }
    }

    /// `.+$` matches at `from`.
    pub(crate) fn plus_at(&self, from: usize) -> bool {
        from < self.body_end && self.last_inner_newline.is_none_or(|n| n < from)
    }

    /// `.*$` matches at `from` (the empty tail is allowed).
    pub(crate) fn star_at(&self, from: usize) -> bool {
        from <= self.body_end && self.last_inner_newline.is_none_or(|n| n < from)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trim_matches_php() {
        assert_eq!(php_trim(b" \t1.0\0\x0B\n"), b"1.0");
        assert_eq!(php_trim(b"\x0C1.0"), b"\x0C1.0");
        assert_eq!(php_trim(b"   "), b"");
    }

    #[test]
    fn dollar_allows_final_newline() {
        assert!(at_end(b"ab\n", 2));
        assert!(at_end(b"ab", 2));
        assert!(!at_end(b"ab\n\n", 2));
    }

    #[test]
    fn dot_plus_end() {
        let d = DotPlusEnd::new(b"#abc");
        assert!(d.plus_at(1));
        assert!(!d.plus_at(4));
        let d = DotPlusEnd::new(b"#a\nbc");
        assert!(!d.plus_at(1));
        assert!(d.plus_at(3));
        let d = DotPlusEnd::new(b"#\n");
        assert!(!d.plus_at(1));
    }
}
