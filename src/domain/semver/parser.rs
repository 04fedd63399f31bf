//! Version normalization: a port of composer/semver's `VersionParser::normalize`,
//! `normalizeBranch`, `normalizeDefaultBranch` and `parseNumericAliasPrefix`.
//!
//! Each PCRE pattern is matched by hand, in the order PCRE's backtracking would try its
//! alternatives, so results (including oddities such as `1.0-stable-dev` → `1.0.0.0`) are
//! Composer's. Version numbers stay digit strings: nothing is converted to an integer.

use super::error::SemverError;
use super::modifier::{Modifier, match_modifier};
use super::text::{
    at, at_end, digits_end, is_digit_at, is_one_of, is_space, lit_at, php_trim, slice, spaces_end,
    to_string,
};

/// `stable|RC|beta|alpha|dev`, the `@flag` words.
pub(crate) const FLAG_WORDS: [&[u8]; 5] = [b"stable", b"RC", b"beta", b"alpha", b"dev"];

/// `VersionParser::normalize($version)`.
pub fn normalize(version: &str) -> Result<String, SemverError> {
    normalize_bytes(version.as_bytes())
}

pub(crate) fn normalize_bytes(input: &[u8]) -> Result<String, SemverError> {
    let full = php_trim(input);
    let mut v = strip_alias(full).unwrap_or(full);
    v = strip_flag_suffix(v);

    // master/trunk/default were valid constraints in Composer 1; they mean dev-<name>.
    if matches!(v, b"master" | b"trunk" | b"default") {
        return Ok(format!("dev-{}", to_string(v)));
    }
    if lit_at(v, 0, b"dev-", true) {
        return Ok(format!("dev-{}", to_string(slice(v, 4, v.len()))));
    }
    v = strip_build_metadata(v);

    if let Some(normalized) = classical(v).or_else(|| date_based(v)) {
        return Ok(normalized);
    }
    if let Some(normalized) = numeric_dev_branch(v) {
        return Ok(normalized);
    }
    Err(SemverError::InvalidVersion {
        input: to_string(full),
        context: alias_context(full, v),
    })
}

/// `^([^,\s]++) ++as ++([^,\s]++)$`: `x as y` keeps `x`.
pub(crate) fn strip_alias(s: &[u8]) -> Option<&[u8]> {
    let word_end = |from: usize| {
        let mut j = from;
        while at(s, j).is_some_and(|b| b != b',' && !is_space(b)) {
            j += 1;
        }
        j
    };
    let a = word_end(0);
    let p = spaces_end(s, a);
    if a == 0 || p == a || !lit_at(s, p, b"as", false) {
        return None;
    }
    let q = spaces_end(s, p + 2);
    let e = word_end(q);
    (q > p + 2 && e > q && at_end(s, e)).then(|| slice(s, 0, a))
}

/// `@(?:stable|RC|beta|alpha|dev)$` (case-insensitive) is cut off the end.
fn strip_flag_suffix(s: &[u8]) -> &[u8] {
    for (i, _) in s.iter().enumerate().filter(|&(_, &b)| b == b'@') {
        for word in FLAG_WORDS {
            if lit_at(s, i + 1, word, true) && at_end(s, i + 1 + word.len()) {
                // PHP cuts strlen("@word") bytes off the end, even before a final "\n".
                return slice(s, 0, s.len().saturating_sub(word.len() + 1));
            }
        }
    }
    s
}

/// `^([^,\s+]++)\+[^\s]++$`: build metadata is dropped.
fn strip_build_metadata(s: &[u8]) -> &[u8] {
    let mut a = 0;
    while at(s, a).is_some_and(|b| b != b',' && b != b'+' && !is_space(b)) {
        a += 1;
    }
    if a == 0 || at(s, a) != Some(b'+') {
        return s;
    }
    let mut e = a + 1;
    while at(s, e).is_some_and(|b| !is_space(b)) {
        e += 1;
    }
    if e > a + 1 && at_end(s, e) {
        slice(s, 0, a)
    } else {
        s
    }
}

/// `^v?(\d{1,5})(\.\d++)?(\.\d++)?(\.\d++)?<modifier>$` (case-insensitive).
fn classical(v: &[u8]) -> Option<String> {
    let start = usize::from(is_one_of(v, 0, b"vV"));
    let major_end = digits_end(v, start);
    // A longer digit run cannot match: backing off `\d{1,5}` leaves a digit next, which
    // nothing after it accepts.
    if major_end == start || major_end - start > 5 {
        return None;
    }
    let mut version = to_string(slice(v, start, major_end));
    let mut p = major_end;
    for _ in 0..3 {
        if at(v, p) == Some(b'.') && is_digit_at(v, p + 1) {
            let e = digits_end(v, p + 1);
            version.push_str(&to_string(slice(v, p, e)));
            p = e;
        } else {
            version.push_str(".0");
        }
    }
    let m = match_modifier(v, p, true, &mut |e| at_end(v, e))?;
    Some(apply_modifier(version, &m))
}

/// `^v?(\d{4}(?:[.:-]?\d{2}){1,6}(?:[.:-]?\d{1,3})?)<modifier>$` (case-insensitive).
///
/// Date parts are separated digits, and the modifier cannot start with a digit, so at most
/// one end of the date part lets the modifier reach the end: trying every reachable end is
/// equivalent to PCRE's backtracking.
fn date_based(v: &[u8]) -> Option<String> {
    let start = usize::from(is_one_of(v, 0, b"vV"));
    if digits_end(v, start).saturating_sub(start) < 4 {
        return None;
    }
    for end in date_ends(v, start + 4).into_iter().rev() {
        if let Some(m) = match_modifier(v, end, true, &mut |e| at_end(v, e)) {
            let date: String = slice(v, start, end)
                .iter()
                .map(|&b| {
                    if b.is_ascii_digit() {
                        char::from(b)
                    } else {
                        '.'
                    }
                })
                .collect();
            return Some(apply_modifier(date, &m));
        }
    }
    None
}

/// Every offset where `(?:[.:-]?\d{2}){1,6}(?:[.:-]?\d{1,3})?` can end, from `from`.
fn date_ends(v: &[u8], from: usize) -> Vec<usize> {
    let sep_then = |p: usize| -> [usize; 2] {
        // Offsets where the digits start: with and without the optional separator.
        [
            if is_one_of(v, p, b".:-") {
                p + 1
            } else {
                usize::MAX
            },
            p,
        ]
    };
    let digits_ok = |p: usize, n: usize| (p..p + n).all(|i| is_digit_at(v, i));
    let mut frontier = vec![from];
    let mut pair_ends = Vec::new();
    for _ in 0..6 {
        let mut next = Vec::new();
        for &p in &frontier {
            for d in sep_then(p) {
                if d != usize::MAX && digits_ok(d, 2) && !next.contains(&(d + 2)) {
                    next.push(d + 2);
                }
            }
        }
        pair_ends.extend(next.iter().copied());
        frontier = next;
    }
    let mut ends = pair_ends.clone();
    for &p in &pair_ends {
        for d in sep_then(p) {
            for n in 1..=3 {
                if d != usize::MAX && digits_ok(d, n) {
                    ends.push(d + n);
                }
            }
        }
    }
    ends.sort_unstable();
    ends.dedup();
    ends
}

/// Appends `-<stability><number>` and `-dev` the way `normalize` does.
fn apply_modifier(mut version: String, m: &Modifier<'_>) -> String {
    if let Some(word) = m.stability.filter(|w| !w.is_empty()) {
        // Case-sensitive on purpose: only a lower-case "stable" returns early (and then
        // drops a trailing -dev too); "STABLE" is expanded like any other word.
        if word == b"stable" {
            return version;
        }
        version.push('-');
        version.push_str(&expand_stability(word));
        let number = m.number.iter().position(|&b| b != b'.' && b != b'-');
        if let Some(first) = number {
            version.push_str(&to_string(slice(m.number, first, m.number.len())));
        }
    }
    if m.dev {
        version.push_str("-dev");
    }
    version
}

/// `expandStability`: `a`→alpha, `b`→beta, `p`/`pl`→patch, `rc`→RC, else lower-cased.
fn expand_stability(word: &[u8]) -> String {
    let lower = to_string(word).to_ascii_lowercase();
    match lower.as_str() {
        "a" => "alpha".into(),
        "b" => "beta".into(),
        "p" | "pl" => "patch".into(),
        "rc" => "RC".into(),
        _ => lower,
    }
}

/// `(.*?)[.-]?dev$` (case-insensitive): `1.x-dev` style branches normalize only when the
/// name before `dev` is numeric.
fn numeric_dev_branch(v: &[u8]) -> Option<String> {
    let d = if lit_at(v, v.len().saturating_sub(3), b"dev", true) && v.len() >= 3 {
        v.len() - 3
    } else if v.last() == Some(&b'\n') && v.len() >= 4 && lit_at(v, v.len() - 4, b"dev", true) {
        v.len() - 4
    } else {
        return None;
    };
    // `.` does not cross newlines, so the leftmost match starts after the last one.
    let from = slice(v, 0, d)
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |n| n + 1);
    let name_end = if d > from && is_one_of(v, d - 1, b".-") {
        d - 1
    } else {
        d
    };
    let normalized = normalize_branch_bytes(slice(v, from, name_end));
    (!normalized.contains("dev-")).then_some(normalized)
}

/// Composer's hint when the bad part belongs to an `x as y` alias.
fn alias_context(full: &[u8], v: &[u8]) -> String {
    let full_text = to_string(full);
    if alias_target_is(full, v) {
        format!(" in \"{full_text}\", the alias must be an exact version")
    } else if alias_source_is(full, v) {
        format!(
            " in \"{full_text}\", the alias source must be an exact version, if it is a branch \
             name you should prefix it with dev-"
        )
    } else {
        String::new()
    }
}

/// ` +as +<v>(?:@(?:stable|RC|beta|alpha|dev))?$` somewhere in `full`.
fn alias_target_is(full: &[u8], v: &[u8]) -> bool {
    let ends = [
        Some(full.len()),
        full.len().checked_sub(1).filter(|_| full.ends_with(b"\n")),
    ];
    for end in ends.into_iter().flatten() {
        let head = slice(full, 0, end);
        let suffixes = std::iter::once(&b""[..]).chain(FLAG_WORDS);
        for flag in suffixes {
            let Some(before) = strip_version_suffix(head, v, flag) else {
                continue;
            };
            let sp = before.iter().rev().take_while(|&&b| b == b' ').count();
            let rest = slice(before, 0, before.len() - sp);
            if sp > 0 && rest.ends_with(b"as") {
                let lead = slice(rest, 0, rest.len() - 2);
                if lead.last() == Some(&b' ') {
                    return true;
                }
            }
        }
    }
    false
}

/// `head` ends with `v` or `v@flag`; returns what comes before.
fn strip_version_suffix<'a>(head: &'a [u8], v: &[u8], flag: &[u8]) -> Option<&'a [u8]> {
    let rest = if flag.is_empty() {
        head
    } else {
        let cut = head.strip_suffix(flag)?;
        cut.strip_suffix(b"@")?
    };
    rest.strip_suffix(v)
}

/// `^<v>(?:@(?:stable|RC|beta|alpha|dev))? +as +` on `full`.
fn alias_source_is(full: &[u8], v: &[u8]) -> bool {
    let Some(rest) = full.strip_prefix(v) else {
        return false;
    };
    let after_flag = FLAG_WORDS
        .iter()
        .filter_map(|w| rest.strip_prefix(b"@").and_then(|r| r.strip_prefix(*w)))
        .chain(std::iter::once(rest));
    for r in after_flag {
        let p = spaces_end(r, 0);
        if p > 0 && lit_at(r, p, b"as", false) && at(r, p + 2) == Some(b' ') {
            return true;
        }
    }
    false
}

/// `VersionParser::normalizeBranch($name)`.
pub fn normalize_branch(name: &str) -> String {
    normalize_branch_bytes(name.as_bytes())
}

pub(crate) fn normalize_branch_bytes(name: &[u8]) -> String {
    let name = php_trim(name);
    match numeric_branch(name) {
        Some(version) => version,
        None => format!("dev-{}", to_string(name)),
    }
}

/// `^v?(\d++)(\.(?:\d++|[xX*]))?(\.(?:\d++|[xX*]))?(\.(?:\d++|[xX*]))?$` (case-insensitive);
/// missing parts and wildcards become `9999999`.
fn numeric_branch(name: &[u8]) -> Option<String> {
    let start = usize::from(is_one_of(name, 0, b"vV"));
    let major_end = digits_end(name, start);
    if major_end == start {
        return None;
    }
    let mut out = to_string(slice(name, start, major_end));
    let mut p = major_end;
    let mut parts = 0;
    while parts < 3 && at(name, p) == Some(b'.') {
        if is_digit_at(name, p + 1) {
            let e = digits_end(name, p + 1);
            out.push_str(&to_string(slice(name, p, e)));
            p = e;
        } else if is_one_of(name, p + 1, b"xX*") {
            out.push_str(".9999999");
            p += 2;
        } else {
            break;
        }
        parts += 1;
    }
    if !at_end(name, p) {
        return None;
    }
    for _ in parts..3 {
        out.push_str(".9999999");
    }
    out.push_str("-dev");
    Some(out)
}

/// `VersionParser::normalizeDefaultBranch`: `dev-master`/`dev-default`/`dev-trunk` →
/// `9999999-dev`, anything else unchanged.
pub fn normalize_default_branch(name: &str) -> String {
    match name {
        "dev-master" | "dev-default" | "dev-trunk" => super::DEFAULT_BRANCH_ALIAS.to_string(),
        other => other.to_string(),
    }
}

/// `VersionParser::parseNumericAliasPrefix`: `2.1.x-dev` → `2.1.`, `3-dev` → `3.`.
pub fn parse_numeric_alias_prefix(branch: &str) -> Option<String> {
    let s = branch.as_bytes();
    let mut p = digits_end(s, 0);
    if p == 0 {
        return None;
    }
    while at(s, p) == Some(b'.') && is_digit_at(s, p + 1) {
        p = digits_end(s, p + 1);
    }
    let version_end = p;
    if lit_at(s, p, b".x", true) {
        p += 2;
    }
    if lit_at(s, p, b"-dev", true) && at_end(s, p + 4) {
        return Some(format!("{}.", to_string(slice(s, 0, version_end))));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn odd_composer_behaviour_is_kept() {
        assert_eq!(normalize("1.0.0-STABLE").as_deref(), Ok("1.0.0.0-stable"));
        assert_eq!(normalize("1.0-stable-dev").as_deref(), Ok("1.0.0.0"));
        assert_eq!(normalize("123456").as_deref(), Ok("123456"));
        assert_eq!(normalize("V1.0").as_deref(), Ok("1.0.0.0"));
        assert_eq!(
            normalize("foo\n1.x-dev").as_deref(),
            Ok("1.9999999.9999999.9999999-dev")
        );
        assert_eq!(normalize("1.0\n@dev").as_deref(), Ok("1.0.0.0"));
    }

    #[test]
    fn alias_messages() {
        let e = normalize("foo as foo").unwrap_err().to_string();
        assert_eq!(
            e,
            "Invalid version string \"foo as foo\" in \"foo as foo\", the alias must be an exact version"
        );
        let e = normalize("foo@dev as 1.0").unwrap_err().to_string();
        assert!(e.ends_with("the alias source must be an exact version, if it is a branch name you should prefix it with dev-"));
    }

    #[test]
    fn numeric_prefix() {
        assert_eq!(
            parse_numeric_alias_prefix("1.x-dev\n").as_deref(),
            Some("1.")
        );
        assert_eq!(parse_numeric_alias_prefix("1.2.-dev"), None);
    }
}
