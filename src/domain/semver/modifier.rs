//! The pre-release "modifier" pattern of composer/semver, matched in PCRE's backtracking order.
//!
//! Composer's `$modifierRegex` is
//! `[._-]?(?:(stable|beta|b|RC|alpha|a|patch|pl|p)((?:[.-]?\d+)*+)?)?([.-]?dev)?`.
//! It is always followed by something else (`$`, build metadata, a hyphen range, ...), so
//! the matcher takes a continuation (`accept`) and tries the alternatives in exactly the
//! order PCRE would, returning the captures of the first path the continuation accepts.

use super::text::{at, is_digit_at, is_one_of, lit_at, slice};

/// Captures of one successful modifier match.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Modifier<'a> {
    /// The stability word as written (group 1), e.g. `b`, `RC`, `Beta`.
    pub stability: Option<&'a [u8]>,
    /// The numbers after the stability word (group 2), e.g. `.3.1` or `2`.
    pub number: &'a [u8],
    /// Whether the `([.-]?dev)` group matched.
    pub dev: bool,
}

/// The alternation, in the order PCRE tries it. Longer words come first where it matters
/// (`beta` before `b`), which is why a shorter alternative never wins when a longer one fits.
const STABILITY_WORDS: [&[u8]; 9] = [
    b"stable", b"beta", b"b", b"RC", b"alpha", b"a", b"patch", b"pl", b"p",
];

/// Matches the modifier at `pos`; `ci` is PCRE's `i` flag; `accept` gets the end offset.
pub(crate) fn match_modifier<'a>(
    s: &'a [u8],
    pos: usize,
    ci: bool,
    accept: &mut dyn FnMut(usize) -> bool,
) -> Option<Modifier<'a>> {
    // `[._-]?` is greedy: first with the separator consumed, then without it.
    let starts: &[usize] = if is_one_of(s, pos, b"._-") {
        &[pos + 1, pos]
    } else {
        &[pos]
    };
    for &p in starts {
        if let Some(m) = with_stability(s, p, ci, accept) {
            return Some(m);
        }
        // The whole stability group skipped: only the dev part may follow.
        if let Some(m) = dev_part(s, p, ci, None, b"", accept) {
            return Some(m);
        }
    }
    None
}

fn with_stability<'a>(
    s: &'a [u8],
    p: usize,
    ci: bool,
    accept: &mut dyn FnMut(usize) -> bool,
) -> Option<Modifier<'a>> {
    for word in STABILITY_WORDS {
        if !lit_at(s, p, word, ci) {
            continue;
        }
        let q = p + word.len();
        let nums_end = atomic_numbers(s, q);
        // Skipping the (optional) number group could only matter if it consumed something,
        // but then the next byte is a digit or `.`/`-`+digit, which neither the dev part nor
        // any continuation Composer uses can start with, so that path is never taken.
        let stability = Some(slice(s, p, q));
        if let Some(m) = dev_part(s, nums_end, ci, stability, slice(s, q, nums_end), accept) {
            return Some(m);
        }
    }
    None
}

/// `((?:[.-]?\d+)*+)`: possessive, so it takes every `[.-]?digits` group it can.
fn atomic_numbers(s: &[u8], mut q: usize) -> usize {
    loop {
        let digits_at = if is_one_of(s, q, b".-") && is_digit_at(s, q + 1) {
            q + 1
        } else if is_digit_at(s, q) {
            q
        } else {
            return q;
        };
        q = super::text::digits_end(s, digits_at);
    }
}

/// `([.-]?dev)?` followed by the continuation, in greedy order.
fn dev_part<'a>(
    s: &'a [u8],
    p: usize,
    ci: bool,
    stability: Option<&'a [u8]>,
    number: &'a [u8],
    accept: &mut dyn FnMut(usize) -> bool,
) -> Option<Modifier<'a>> {
    let mut options: [Option<(bool, usize)>; 3] = [None, None, Some((false, p))];
    if matches!(at(s, p), Some(b'.' | b'-')) && lit_at(s, p + 1, b"dev", ci) {
        options[0] = Some((true, p + 4));
    }
    if lit_at(s, p, b"dev", ci) {
        options[1] = Some((true, p + 3));
    }
    for (dev, end) in options.into_iter().flatten() {
        if accept(end) {
            return Some(Modifier {
                stability,
                number,
                dev,
            });
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::super::text::at_end;
    use super::*;

    fn m(s: &str) -> Option<(Option<String>, String, bool)> {
        let b = s.as_bytes();
        match_modifier(b, 0, true, &mut |e| at_end(b, e)).map(|m| {
            (
                m.stability.map(|x| String::from_utf8_lossy(x).into_owned()),
                String::from_utf8_lossy(m.number).into_owned(),
                m.dev,
            )
        })
    }

    #[test]
    fn modifier_shapes() {
        assert_eq!(m(""), Some((None, String::new(), false)));
        assert_eq!(
            m("-beta.2"),
            Some((Some("beta".into()), ".2".into(), false))
        );
        assert_eq!(m("RC1dev"), Some((Some("RC".into()), "1".into(), true)));
        assert_eq!(m("-.dev"), Some((None, String::new(), true)));
        assert_eq!(m(".pl3-dev"), Some((Some("pl".into()), "3".into(), true)));
        assert_eq!(m("-SNAPSHOT"), None);
        assert_eq!(m("-beta.-5"), None);
    }
}
