//! `VersionParser::parseConstraints`: splitting on `||` and on `,`/space, stripping
//! aliases, `@flags` and `#refs`, and the plain `<op> version` form. Range forms live in
//! `ranges.rs`.

use super::error::SemverError;
use super::modifier::match_modifier;
use super::parser::{FLAG_WORDS, normalize_bytes, strip_alias};
use super::ranges;
use super::stability::{Stability, parse_stability_bytes};
use super::text::{
    DotPlusEnd, at, at_end, is_one_of, is_space, lit_at, php_trim, slice, to_string,
};
use super::tree::{Leaf, Node, Op, multi_create};

/// Parses a full constraint string into Composer's constraint tree.
pub(crate) fn parse_constraints(input: &str) -> Result<Node, SemverError> {
    let mut groups = Vec::new();
    for or_part in split_or(php_trim(input.as_bytes())) {
        let mut objects = Vec::new();
        for and_part in split_and(or_part) {
            objects.extend(parse_constraint(and_part)?);
        }
        let group = match objects.len() {
            1 => objects.pop().unwrap_or(Node::MatchAll),
            _ => Node::Multi {
                conjunctive: true,
                items: objects,
            },
        };
        groups.push(group);
    }
    Ok(multi_create(groups, false))
}

/// `preg_split('{\s*\|\|?\s*}', $s)`: empty parts are kept (and later rejected).
fn split_or(s: &[u8]) -> Vec<&[u8]> {
    let mut parts = Vec::new();
    let (mut last, mut i) = (0, 0);
    while i < s.len() {
        let mut j = i;
        while at(s, j).is_some_and(is_space) {
            j += 1;
        }
        if at(s, j) != Some(b'|') {
            // No bar after this whitespace run, nor from anywhere inside it.
            i = if j > i { j } else { i + 1 };
            continue;
        }
        let mut e = j + 1;
        if at(s, e) == Some(b'|') {
            e += 1;
        }
        while at(s, e).is_some_and(is_space) {
            e += 1;
        }
        parts.push(slice(s, last, i));
        (last, i) = (e, e);
    }
    parts.push(slice(s, last, s.len()));
    parts
}

/// `preg_split('{(?<!^|as|[=>< ,]) *(?<!-)[, ](?!-) *(?!,|as|$)}', $s)`.
fn split_and(s: &[u8]) -> Vec<&[u8]> {
    let mut parts = Vec::new();
    let (mut last, mut i) = (0, 0);
    while i < s.len() {
        match and_separator_end(s, i) {
            Some(e) => {
                parts.push(slice(s, last, i));
                (last, i) = (e, e);
            }
            None => i += 1,
        }
    }
    parts.push(slice(s, last, s.len()));
    parts
}

/// End of an "and" separator starting at `i`, trying the space counts in PCRE's order.
fn and_separator_end(s: &[u8], i: usize) -> Option<usize> {
    if i == 0 || (i >= 2 && slice(s, i - 2, i) == b"as") || is_one_of(s, i - 1, b"=>< ,") {
        return None;
    }
    let lead = super::text::spaces_end(s, i) - i;
    for k in (0..=lead).rev() {
        let p = i + k;
        if at(s, p - 1) == Some(b'-') || !is_one_of(s, p, b", ") || at(s, p + 1) == Some(b'-') {
            continue;
        }
        let trail = super::text::spaces_end(s, p + 1) - (p + 1);
        for m in (0..=trail).rev() {
            let e = p + 1 + m;
            if at(s, e) != Some(b',') && !lit_at(s, e, b"as", false) && !at_end(s, e) {
                return Some(e);
            }
        }
    }
    None
}

/// `VersionParser::parseConstraint` for one and-part.
fn parse_constraint(input: &[u8]) -> Result<Vec<Node>, SemverError> {
    let mut c = strip_alias(input).unwrap_or(input);
    let mut flag = None;
    if let Some((body, word)) = stability_flag(c) {
        c = if body.is_empty() { b"*" } else { body };
        // Case-sensitive, as in PHP: `@STABLE` is kept as a modifier.
        if word != b"stable" {
            flag = Some(word);
        }
    }
    if let Some(without_ref) = strip_reference(c) {
        c = without_ref;
    }
    if let Some(node) = wildcard(c) {
        return Ok(vec![node]);
    }
    if let Some(result) = ranges::tilde(c).or_else(|| ranges::caret(c)) {
        return result;
    }
    if let Some(nodes) = ranges::x_range(c) {
        return Ok(nodes);
    }
    if let Some(result) = ranges::hyphen(c) {
        return result;
    }
    basic(c, flag).map(|leaf| vec![Node::Leaf(leaf)])
}

/// `^([^,\s]*?)@(stable|RC|beta|alpha|dev)$` (case-insensitive).
fn stability_flag(c: &[u8]) -> Option<(&[u8], &[u8])> {
    for (i, &b) in c.iter().enumerate() {
        if b == b',' || is_space(b) {
            return None;
        }
        if b != b'@' {
            continue;
        }
        for word in FLAG_WORDS {
            if lit_at(c, i + 1, word, true) && at_end(c, i + 1 + word.len()) {
                return Some((slice(c, 0, i), slice(c, i + 1, i + 1 + word.len())));
            }
        }
    }
    None
}

/// `^(dev-[^,\s@]+?|[^,\s@]+?\.x-dev)#.+$` (case-insensitive): `#ref` suffixes are dropped.
fn strip_reference(c: &[u8]) -> Option<&[u8]> {
    let tail = DotPlusEnd::new(c);
    let plain = |b: u8| b != b',' && b != b'@' && !is_space(b);
    if lit_at(c, 0, b"dev-", true) {
        // The lazy run grows one byte at a time; it needs at least one byte.
        let mut j = 5;
        while at(c, j - 1).is_some_and(plain) {
            if at(c, j) == Some(b'#') && tail.plus_at(j + 1) {
                return Some(slice(c, 0, j));
            }
            j += 1;
        }
    }
    let mut j = 1;
    while at(c, j - 1).is_some_and(plain) {
        if lit_at(c, j, b".x-dev#", true) && tail.plus_at(j + 7) {
            return Some(slice(c, 0, j + 6));
        }
        j += 1;
    }
    None
}

/// `^(v)?[xX*](\.[xX*])*$` (case-insensitive): `*` matches all, `v*`/`*.*` mean `>= 0-dev`.
fn wildcard(c: &[u8]) -> Option<Node> {
    let has_v = is_one_of(c, 0, b"vV");
    let mut p = usize::from(has_v);
    if !is_one_of(c, p, b"xX*") {
        return None;
    }
    p += 1;
    let mut repeated = false;
    while at(c, p) == Some(b'.') && is_one_of(c, p + 1, b"xX*") {
        p += 2;
        repeated = true;
    }
    if !at_end(c, p) {
        return None;
    }
    if has_v || repeated {
        return Some(Node::Leaf(Leaf::new(Op::Ge, "0.0.0.0-dev".into())));
    }
    Some(Node::MatchAll)
}

/// `^(<>|!=|>=?|<=?|==?)?\s*(.*)`: an optional operator and a version.
fn basic(c: &[u8], flag: Option<&[u8]>) -> Result<Leaf, SemverError> {
    const OPS: [&str; 8] = ["<>", "!=", ">=", ">", "<=", "<", "==", "="];
    let op_text = OPS
        .iter()
        .find(|op| c.starts_with(op.as_bytes()))
        .copied()
        .unwrap_or("");
    let mut p = op_text.len();
    while at(c, p).is_some_and(is_space) {
        p += 1;
    }
    // `.` stops at a newline; whatever follows it is ignored, as in PHP.
    let rest_end = slice(c, p, c.len())
        .iter()
        .position(|&b| b == b'\n')
        .map_or(c.len(), |n| n + p);
    let rest = slice(c, p, rest_end);
    let fail = |e: SemverError| SemverError::InvalidConstraint {
        constraint: to_string(c),
        reason: e.to_string(),
    };
    let mut version = match normalize_bytes(rest) {
        Ok(v) => v,
        Err(e) => recover_dev_suffix(rest)
            .ok_or_else(|| fail(e))?
            .map_err(fail)?,
    };
    let op_text = if op_text.is_empty() { "=" } else { op_text };
    let op = Op::parse(op_text).unwrap_or(Op::Eq);
    match flag {
        Some(word)
            if op != Op::Eq && parse_stability_bytes(version.as_bytes()) == Stability::Stable =>
        {
            version.push('-');
            version.push_str(&to_string(word));
        }
        _ if op_text == "<" || op_text == ">=" => {
            let lower = rest.to_ascii_lowercase();
            if !has_dash_modifier(&lower) && !rest.starts_with(b"dev-") {
                version.push_str("-dev");
            }
        }
        _ => {}
    }
    Ok(Leaf::new(op, version))
}

/// `foobar-dev` is read as `dev-foobar` when it only has branch-safe characters.
fn recover_dev_suffix(rest: &[u8]) -> Option<Result<String, SemverError>> {
    let name = rest.strip_suffix(b"-dev")?;
    let safe = |b: &u8| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'/');
    if !rest.iter().all(safe) {
        return None;
    }
    Some(normalize_bytes(&[b"dev-", name].concat()))
}

/// `/-<modifier>$/` (case-sensitive, unanchored) on the lower-cased version text: only
/// then does `<` / `>=` keep the bound without a `-dev` suffix.
fn has_dash_modifier(lower: &[u8]) -> bool {
    lower.iter().enumerate().any(|(i, &b)| {
        b == b'-' && match_modifier(lower, i + 1, false, &mut |e| at_end(lower, e)).is_some()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn and_parts(s: &str) -> Vec<String> {
        split_and(s.as_bytes()).into_iter().map(to_string).collect()
    }

    #[test]
    fn splits_like_preg_split() {
        assert_eq!(and_parts(">2.0 , <=3.0"), vec![">2.0", "<=3.0"]);
        assert_eq!(and_parts("a  as b"), vec!["a", " as b"]);
        assert_eq!(and_parts("1.0,,2.0"), vec!["1.0,,2.0"]);
        let or: Vec<String> = split_or(b"a|||b").into_iter().map(to_string).collect();
        assert_eq!(or, vec!["a", "", "b"]);
    }
}
