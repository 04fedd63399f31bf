//! A faithful port of PHP's `version_compare()` (ext/standard/versioning.c), which is what
//! every Composer constraint check bottoms out in.
//!
//! PHP first "canonicalizes" both strings (`-`, `_`, `+` become `.`, and a `.` is put
//! between digit and non-digit runs), then walks the dot-separated segments: numbers
//! compare as C `strtol` values (saturating at `i64::MAX`, exactly like PHP on 64-bit
//! Linux), words by a fixed rank (`dev` < `alpha`/`a` < `beta`/`b` < `RC`/`rc` < number
//! < `pl`/`p`; anything else ranks below `dev`). Strings are C strings to PHP, so anything
//! after a NUL byte is ignored. Canonical forms go into a stack buffer when short, so the
//! hot matching path does not allocate.

use std::cmp::Ordering;

/// Inline capacity of [`CanonBuf`]: canonical forms are at most twice the input length.
const INLINE: usize = 96;

/// Holds the prepared (canonicalized) form of a version for comparisons.
pub(crate) struct CanonBuf {
    inline: [u8; INLINE],
    len: usize,
    heap: Vec<u8>,
}

impl CanonBuf {
    pub(crate) fn new() -> Self {
        Self {
            inline: [0; INLINE],
            len: 0,
            heap: Vec::new(),
        }
    }

    fn as_slice(&self) -> &[u8] {
        if self.heap.is_empty() {
            self.inline.get(..self.len).unwrap_or_default()
        } else {
            &self.heap
        }
    }
}

/// The string PHP actually compares: up to the first NUL.
fn c_str(s: &[u8]) -> &[u8] {
    match s.iter().position(|&b| b == 0) {
        Some(n) => s.get(..n).unwrap_or_default(),
        None => s,
    }
}

/// Prepares `s` for [`compare_prepared`]: strings starting with `#` are used raw (as PHP
/// does), everything else is canonicalized into `buf`.
pub(crate) fn prepare<'a>(s: &'a [u8], buf: &'a mut CanonBuf) -> &'a [u8] {
    let s = c_str(s);
    if s.is_empty() || s.first() == Some(&b'#') {
        return s;
    }
    if s.len() * 2 <= INLINE {
        let mut len = 0;
        canonicalize(s, |b| {
            if let Some(slot) = buf.inline.get_mut(len) {
                *slot = b;
                len += 1;
            }
        });
        buf.len = len;
        buf.heap.clear();
    } else {
        let mut out = Vec::with_capacity(s.len() * 2);
        canonicalize(s, |b| out.push(b));
        buf.heap = out;
    }
    buf.as_slice()
}

/// Owned prepared form, for versions stored inside a parsed constraint.
pub(crate) fn prepare_owned(s: &[u8]) -> Box<[u8]> {
    let mut buf = CanonBuf::new();
    prepare(s, &mut buf).into()
}

/// `php_canonicalize_version`, emitting bytes through `push`.
fn canonicalize(s: &[u8], mut push: impl FnMut(u8)) {
    let Some((&first, rest)) = s.split_first() else {
        return;
    };
    push(first);
    let (mut lp, mut lq) = (first, first);
    let is_dig = |b: u8| b.is_ascii_digit();
    let is_ndig = |b: u8| !b.is_ascii_digit() && b != b'.';
    for &c in rest {
        let sep = lq != b'.';
        if matches!(c, b'-' | b'_' | b'+') {
            if sep {
                push(b'.');
                lq = b'.';
            }
        } else if (is_ndig(lp) && is_dig(c)) || (is_dig(lp) && is_ndig(c)) {
            if sep {
                push(b'.');
            }
            push(c);
            lq = c;
        } else if !c.is_ascii_alphanumeric() {
            if sep {
                push(b'.');
                lq = b'.';
            }
        } else {
            push(c);
            lq = c;
        }
        lp = c;
    }
}

/// `version_compare($a, $b)`: -1, 0 or 1.
pub(crate) fn version_compare(a: &[u8], b: &[u8]) -> i32 {
    let (mut ba, mut bb) = (CanonBuf::new(), CanonBuf::new());
    let pa = prepare(a, &mut ba);
    let pb = prepare(b, &mut bb);
    compare_prepared(pa, pb)
}

/// What one pass of PHP's comparison loop concluded.
enum Step<'s> {
    Done(i32),
    /// PHP recurses with `php_version_compare(rest, "#N#")`.
    TailLeft(&'s [u8]),
    /// PHP recurses with `php_version_compare("#N#", rest)`.
    TailRight(&'s [u8]),
}

const NUMBER_MARK: &[u8] = b"#N#";

/// Compares two prepared strings. PHP's tail recursion is turned into a loop so hostile
/// inputs such as `#.#.#.#...` cannot exhaust the stack.
pub(crate) fn compare_prepared<'s>(mut a: &'s [u8], mut b: &'s [u8]) -> i32 {
    loop {
        if a.is_empty() || b.is_empty() {
            return i32::from(!a.is_empty()) - i32::from(!b.is_empty());
        }
        match step(a, b) {
            Step::Done(c) => return c,
            Step::TailLeft(rest) => match tail_against_number(rest) {
                Some(c) => return c,
                None => (a, b) = (rest, NUMBER_MARK),
            },
            Step::TailRight(rest) => match tail_against_number(rest) {
                Some(c) => return -c,
                None => (a, b) = (NUMBER_MARK, rest),
            },
        }
    }
}

/// `php_version_compare(rest, "#N#")` when it does not need another loop round.
///
/// PHP only recurses when `rest` does not start with a digit. Unless it starts with `#`
/// (then it is compared raw, and the loop continues), it is canonicalized and its first
/// segment, which starts with that same non-digit byte, is ranked against `#N#`; that can
/// never tie, so only the first few canonical bytes matter.
fn tail_against_number(rest: &[u8]) -> Option<i32> {
    if rest.is_empty() {
        return Some(-1);
    }
    if rest.first() == Some(&b'#') {
        return None;
    }
    let head = rest.get(..rest.len().min(8)).unwrap_or(rest);
    let mut buf = CanonBuf::new();
    let canon = prepare(head, &mut buf);
    let seg = canon.split(|&b| b == b'.').next().unwrap_or_default();
    Some(sign(
        i64::from(special_rank(seg)) - i64::from(special_rank(NUMBER_MARK)),
    ))
}

/// One run of PHP's `while (*p1 && *p2 && n1 && n2)` loop plus its epilogue.
fn step<'s>(a: &'s [u8], b: &'s [u8]) -> Step<'s> {
    let (mut p1, mut p2) = (0usize, 0usize);
    let (mut n1, mut n2) = (Some(0usize), Some(0usize));
    while p1 < a.len() && p2 < b.len() && n1.is_some() && n2.is_some() {
        n1 = find_dot(a, p1);
        n2 = find_dot(b, p2);
        let s1 = super::text::slice(a, p1, n1.unwrap_or(a.len()));
        let s2 = super::text::slice(b, p2, n2.unwrap_or(b.len()));
        let c = compare_segments(s1, s2);
        if c != 0 {
            return Step::Done(c);
        }
        if let Some(n) = n1 {
            p1 = n + 1;
        }
        if let Some(n) = n2 {
            p2 = n + 1;
        }
    }
    if n1.is_some() {
        let rest = a.get(p1..).unwrap_or_default();
        if rest.first().is_some_and(u8::is_ascii_digit) {
            return Step::Done(1);
        }
        return Step::TailLeft(rest);
    }
    if n2.is_some() {
        let rest = b.get(p2..).unwrap_or_default();
        if rest.first().is_some_and(u8::is_ascii_digit) {
            return Step::Done(-1);
        }
        return Step::TailRight(rest);
    }
    Step::Done(0)
}

fn find_dot(s: &[u8], from: usize) -> Option<usize> {
    s.get(from..)?
        .iter()
        .position(|&b| b == b'.')
        .map(|i| i + from)
}

fn compare_segments(s1: &[u8], s2: &[u8]) -> i32 {
    let d1 = s1.first().is_some_and(u8::is_ascii_digit);
    let d2 = s2.first().is_some_and(u8::is_ascii_digit);
    match (d1, d2) {
        (true, true) => match strtol(s1).cmp(&strtol(s2)) {
            Ordering::Less => -1,
            Ordering::Equal => 0,
            Ordering::Greater => 1,
        },
        (false, false) => sign(i64::from(special_rank(s1)) - i64::from(special_rank(s2))),
        (true, false) => sign(i64::from(special_rank(NUMBER_MARK)) - i64::from(special_rank(s2))),
        (false, true) => sign(i64::from(special_rank(s1)) - i64::from(special_rank(NUMBER_MARK))),
    }
}

/// C `strtol(s, NULL, 10)` on a segment starting with a digit: leading digits only,
/// saturating at `LONG_MAX` the way glibc does on overflow.
fn strtol(s: &[u8]) -> i64 {
    let mut v: i64 = 0;
    for &b in s.iter().take_while(|b| b.is_ascii_digit()) {
        v = v.saturating_mul(10).saturating_add(i64::from(b - b'0'));
    }
    v
}

/// PHP's `compare_special_version_forms` table: first entry that prefixes the segment.
fn special_rank(seg: &[u8]) -> i32 {
    const FORMS: [(&[u8], i32); 10] = [
        (b"dev", 0),
        (b"alpha", 1),
        (b"a", 1),
        (b"beta", 2),
        (b"b", 2),
        (b"RC", 3),
        (b"rc", 3),
        (b"#", 4),
        (b"pl", 5),
        (b"p", 5),
    ];
    FORMS
        .iter()
        .find(|(name, _)| seg.starts_with(name))
        .map_or(-1, |&(_, rank)| rank)
}

fn sign(n: i64) -> i32 {
    match n.cmp(&0) {
        Ordering::Less => -1,
        Ordering::Equal => 0,
        Ordering::Greater => 1,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vc(a: &str, b: &str) -> i32 {
        version_compare(a.as_bytes(), b.as_bytes())
    }

    #[test]
    fn php_examples() {
        assert_eq!(vc("1.0", "1.0.0"), -1);
        assert_eq!(vc("1.0.0-beta2", "1.0.0-beta10"), -1);
        assert_eq!(vc("1.0.0-dev", "1.0.0-alpha"), -1);
        assert_eq!(vc("1.0.0-RC1", "1.0.0"), -1);
        assert_eq!(vc("1.0.0-patch1", "1.0.0"), 1);
        assert_eq!(vc("1#2", "1.#.2"), 1);
        assert_eq!(vc("#a.#", "#a"), 0);
        assert_eq!(vc("1.0", "1.0."), 1);
        assert_eq!(vc("9223372036854775807", "9223372036854775808"), 0);
        assert_eq!(vc("99999999999999999999", "99999999999999999998"), 0);
        assert_eq!(vc("", ""), 0);
        assert_eq!(vc("", "1"), -1);
    }

    #[test]
    fn long_inputs_do_not_recurse() {
        let a = "#.".repeat(100_000);
        assert_eq!(vc(&a, "#"), -1);
        assert_eq!(vc("#.#.1", "#"), 1);
        assert_eq!(vc("1.0", "1.0.@"), 1);
        let long = "1.".repeat(100_000);
        // PHP quirk: a trailing dot makes even identical strings compare as smaller.
        assert_eq!(vc(&long, &long), -1);
        assert_eq!(vc("1.0", "1.0"), 0);
    }
}
