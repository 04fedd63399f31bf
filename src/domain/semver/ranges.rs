//! The range forms of `VersionParser::parseConstraint`: `~` (tilde), `^` (caret), `1.2.*`
//! (x-range) and `a - b` (hyphen), plus `manipulateVersionString`.
//!
//! All four share Composer's `$versionRegex`; [`match_version`] matches it with a
//! continuation so the surrounding pattern (`$`, or ` - <to>`) steers backtracking the
//! same way PCRE does.

use std::cell::Cell;

use super::error::SemverError;
use super::modifier::match_modifier;
use super::parser::normalize_bytes;
use super::text::{
    at, at_end, digits_end, is_digit_at, is_one_of, is_space, lit_at, slice, spaces_end, to_string,
};
use super::tree::{Leaf, Node, Op};

/// Captures of `$versionRegex`:
/// `v?(\d++)(?:\.(\d++))?(?:\.(\d++))?(?:\.(\d++))?(?:<modifier>|\.([xX*][.-]?dev))(?:\+[^\s]+)?`
#[derive(Debug, Clone, Copy)]
struct VersionMatch<'a> {
    /// The numeric parts (groups 1-4).
    parts: [Option<&'a [u8]>; 4],
    /// The modifier's stability word.
    stability: Option<&'a [u8]>,
    /// The modifier's `-dev` group matched.
    dev: bool,
    /// The `x-dev` alternative matched (e.g. `2.0.x-dev`).
    xdev: bool,
    /// End of the whole match, build metadata included.
    end: usize,
}

impl VersionMatch<'_> {
    /// `empty($stab) && empty($dev) && empty($xdev)`: unsuffixed versions get `-dev` bounds.
    fn is_plain(&self) -> bool {
        self.stability.is_none() && !self.dev && !self.xdev
    }
}

/// Matches `$versionRegex` at `pos` (case-insensitive); `cont` checks what follows.
fn match_version<'a>(
    s: &'a [u8],
    pos: usize,
    cont: &mut dyn FnMut(usize) -> bool,
) -> Option<VersionMatch<'a>> {
    let (parts, p) = numeric_parts(s, pos + usize::from(is_one_of(s, pos, b"vV")), 4)?;
    let end = Cell::new(0);
    let mut accept = |e: usize| match build_then(s, e, cont) {
        Some(r) => {
            end.set(r);
            true
        }
        None => false,
    };
    let found = VersionMatch {
        parts,
        stability: None,
        dev: false,
        xdev: false,
        end: 0,
    };
    if let Some(m) = match_modifier(s, p, true, &mut accept) {
        return Some(VersionMatch {
            stability: m.stability,
            dev: m.dev,
            end: end.get(),
            ..found
        });
    }
    // The `\.([xX*][.-]?dev)` alternative, tried only after every modifier path failed.
    for e in xdev_ends(s, p).into_iter().flatten() {
        if accept(e) {
            return Some(VersionMatch {
                xdev: true,
                end: end.get(),
                ..found
            });
        }
    }
    None
}

/// `(\d++)(?:\.(\d++))?...` with up to `max` parts from `start`: the parts and where they
/// end. Skipping an optional part never helps (a `.digit` is all that could follow), so
/// taking every part greedily is what PCRE ends up with.
fn numeric_parts(s: &[u8], start: usize, max: usize) -> Option<([Option<&[u8]>; 4], usize)> {
    let major_end = digits_end(s, start);
    if major_end == start {
        return None;
    }
    let mut parts = [Some(slice(s, start, major_end)), None, None, None];
    let mut p = major_end;
    for part in parts.iter_mut().take(max).skip(1) {
        if at(s, p) != Some(b'.') || !is_digit_at(s, p + 1) {
            break;
        }
        let e = digits_end(s, p + 1);
        *part = Some(slice(s, p + 1, e));
        p = e;
    }
    Some((parts, p))
}

/// Ends of `\.[xX*][.-]?dev` at `p`, in PCRE's order (with the separator first).
fn xdev_ends(s: &[u8], p: usize) -> [Option<usize>; 2] {
    if at(s, p) != Some(b'.') || !is_one_of(s, p + 1, b"xX*") {
        return [None, None];
    }
    let q = p + 2;
    let with_sep = is_one_of(s, q, b".-") && lit_at(s, q + 1, b"dev", true);
    [
        with_sep.then_some(q + 4),
        lit_at(s, q, b"dev", true).then_some(q + 3),
    ]
}

/// `(?:\+[^\s]+)?` then the continuation. Only the longest metadata can be followed by
/// `$` or a space, which are the only continuations Composer uses, so shorter ones are
/// not tried.
fn build_then(s: &[u8], e: usize, cont: &mut dyn FnMut(usize) -> bool) -> Option<usize> {
    if at(s, e) == Some(b'+') {
        let mut r = e + 1;
        while at(s, r).is_some_and(|b| !is_space(b)) {
            r += 1;
        }
        if r > e + 1 && cont(r) {
            return Some(r);
        }
    }
    cont(e).then_some(e)
}

/// `~1.2.3`: at least the given version, below the next significant release.
pub(super) fn tilde(c: &[u8]) -> Option<Result<Vec<Node>, SemverError>> {
    if at(c, 0) != Some(b'~') {
        return None;
    }
    // `~>?`: when the version fails after `>`, PCRE would retry it at the `>`, which can
    // never start a version, so one attempt is enough.
    let from = if at(c, 1) == Some(b'>') { 2 } else { 1 };
    let m = match_version(c, from, &mut |e| at_end(c, e))?;
    if from == 2 {
        return Some(Err(SemverError::InvalidConstraint {
            constraint: to_string(c),
            reason: "Invalid operator \"~>\", you probably meant to use the \"~\" operator".into(),
        }));
    }
    let mut position = m
        .parts
        .iter()
        .rposition(Option::is_some)
        .map_or(1, |i| i + 1);
    // `2.x-dev` / `3.0.x-dev` shift the position past the wildcard.
    if m.xdev {
        position += 1;
    }
    Some(bounded(c, &m, position.saturating_sub(1).max(1)))
}

/// `^1.2.3`: changes that keep the left-most non-zero part.
pub(super) fn caret(c: &[u8]) -> Option<Result<Vec<Node>, SemverError>> {
    if at(c, 0) != Some(b'^') {
        return None;
    }
    let m = match_version(c, 1, &mut |e| at_end(c, e))?;
    let [major, minor, patch, _] = m.parts;
    let position = if major != Some(b"0") || minor.is_none() {
        1
    } else if minor != Some(b"0") || patch.is_none() {
        2
    } else {
        3
    };
    Some(bounded(c, &m, position))
}

/// Shared tail of tilde and caret: `>= normalize(rest[-dev])` and `< bump(position)-dev`.
fn bounded(c: &[u8], m: &VersionMatch<'_>, high_position: usize) -> Result<Vec<Node>, SemverError> {
    let mut low_input = slice(c, 1, c.len()).to_vec();
    if m.is_plain() {
        low_input.extend_from_slice(b"-dev");
    }
    let low = normalize_bytes(&low_input)?;
    let high = manipulate(m.parts, high_position, true) + "-dev";
    Ok(vec![
        Node::Leaf(Leaf::new(Op::Ge, low)),
        Node::Leaf(Leaf::new(Op::Lt, high)),
    ])
}

/// `1.2.*` / `v1.x.x`: `^v?(\d++)(?:\.(\d++))?(?:\.(\d++))?(?:\.[xX*])++$` (case-sensitive).
pub(super) fn x_range(c: &[u8]) -> Option<Vec<Node>> {
    // No `i` flag on this pattern: only a lower-case `v` is accepted.
    let (parts, mut p) = numeric_parts(c, usize::from(at(c, 0) == Some(b'v')), 3)?;
    let wildcards_from = p;
    while at(c, p) == Some(b'.') && is_one_of(c, p + 1, b"xX*") {
        p += 2;
    }
    if p == wildcards_from || !at_end(c, p) {
        return None;
    }
    let position = parts.iter().rposition(Option::is_some).map_or(1, |i| i + 1);
    let low = manipulate(parts, position, false) + "-dev";
    let high = Node::Leaf(Leaf::new(
        Op::Lt,
        manipulate(parts, position, true) + "-dev",
    ));
    if low == "0.0.0.0-dev" {
        return Some(vec![high]);
    }
    Some(vec![Node::Leaf(Leaf::new(Op::Ge, low)), high])
}

/// `1.0 - 2.0`: `^(?P<from>V) +- +(?P<to>V)($)` (case-insensitive).
pub(super) fn hyphen(c: &[u8]) -> Option<Result<Vec<Node>, SemverError>> {
    let to_match: Cell<Option<(usize, VersionMatch<'_>)>> = Cell::new(None);
    let from = match_version(c, 0, &mut |e| {
        let dash = spaces_end(c, e);
        if dash == e || at(c, dash) != Some(b'-') {
            return false;
        }
        let to_start = spaces_end(c, dash + 1);
        if to_start == dash + 1 {
            return false;
        }
        let to = match_version(c, to_start, &mut |e2| at_end(c, e2));
        to_match.set(to.map(|t| (to_start, t)));
        to.is_some()
    })?;
    let (to_start, to) = to_match.get()?;
    Some(hyphen_bounds(c, &from, to_start, &to))
}

fn hyphen_bounds(
    c: &[u8],
    from: &VersionMatch<'_>,
    to_start: usize,
    to: &VersionMatch<'_>,
) -> Result<Vec<Node>, SemverError> {
    let mut low = normalize_bytes(slice(c, 0, from.end))?;
    if from.is_plain() {
        low.push_str("-dev");
    }
    let lower = Node::Leaf(Leaf::new(Op::Ge, low));
    let to_text = slice(c, to_start, to.end);
    let [_, minor, patch, _] = to.parts;
    // A complete `to` (or one with a suffix) is inclusive; a partial one covers
    // everything up to the next release of its last given part.
    let upper = if (minor.is_some() && patch.is_some()) || !to.is_plain() {
        Leaf::new(Op::Le, normalize_bytes(to_text)?)
    } else {
        normalize_bytes(to_text)?;
        let position = if minor.is_none() { 1 } else { 2 };
        Leaf::new(Op::Lt, manipulate(to.parts, position, true) + "-dev")
    };
    Ok(vec![lower, Node::Leaf(upper)])
}

/// `manipulateVersionString($matches, $position, $increment)`: parts after `position`
/// become `0`, the part at `position` is incremented when asked, earlier parts are kept
/// as written (leading zeros included).
fn manipulate(parts: [Option<&[u8]>; 4], position: usize, increment: bool) -> String {
    let mut out = String::new();
    for (i, part) in parts.iter().enumerate() {
        if i > 0 {
            out.push('.');
        }
        let index = i + 1;
        if index > position {
            out.push('0');
        } else if index == position && increment {
            out.push_str(&php_increment(part.unwrap_or_default()));
        } else {
            out.push_str(&to_string(part.unwrap_or_default()));
        }
    }
    out
}

/// `$digits + 1` in PHP: an integer while it fits in `i64`, otherwise a float printed
/// with `precision=14` (`99999999999999999999` + 1 is `1.0E+20`, huge ones are `INF`).
fn php_increment(digits: &[u8]) -> String {
    let significant = slice(
        digits,
        digits.iter().take_while(|&&b| b == b'0').count(),
        digits.len(),
    );
    // PHP reads up to 19 significant digits below 9223372036854775808 as an integer.
    let fits = significant.len() < 19
        || (significant.len() == 19 && significant < b"9223372036854775808".as_slice());
    if fits {
        let value = significant
            .iter()
            .fold(0i64, |v, &b| v * 10 + i64::from(b - b'0'));
        if let Some(next) = value.checked_add(1) {
            return next.to_string();
        }
        // i64::MAX + 1 overflows into a float, as in PHP.
        return php_float_to_string(value as f64 + 1.0);
    }
    let value: f64 = to_string(significant).parse().unwrap_or(f64::INFINITY);
    php_float_to_string(value + 1.0)
}

/// PHP's float-to-string with the default `precision=14` (`zend_gcvt`), for the values
/// `php_increment` can produce (always at least 9.2e18, so always in `E` notation).
fn php_float_to_string(f: f64) -> String {
    if f.is_infinite() {
        return "INF".into();
    }
    if f.is_nan() {
        return "NAN".into();
    }
    let formatted = format!("{f:.13e}");
    let (mantissa, exponent) = formatted
        .split_once('e')
        .unwrap_or((formatted.as_str(), "0"));
    let mantissa = mantissa.trim_end_matches('0').trim_end_matches('.');
    let mantissa = if mantissa.contains('.') {
        mantissa.to_string()
    } else {
        format!("{mantissa}.0")
    };
    let exponent: i32 = exponent.parse().unwrap_or(0);
    let sign = if exponent < 0 { '-' } else { '+' };
    format!("{mantissa}E{sign}{}", exponent.unsigned_abs())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn increments_like_php() {
        assert_eq!(php_increment(b"007"), "8");
        assert_eq!(php_increment(b"9223372036854775806"), "9223372036854775807");
        assert_eq!(php_increment(b"9223372036854775807"), "9.2233720368548E+18");
        assert_eq!(php_increment(b"99999999999999999999"), "1.0E+20");
        assert_eq!(php_increment(&[b'1'; 400]), "INF");
        assert_eq!(php_increment(b"0"), "1");
    }
}
