//! Package-name globs of customer tokens (`acme/*`, `acme/theme-?`).

use std::fmt;

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "invalid package glob \"{0}\": use lower-case package-name characters with * (any run) and ? (one character), e.g. acme/* or acme/theme-?"
)]
pub struct InvalidGlob(pub String);

/// A validated glob over package names.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct PackageGlob(String);

impl PackageGlob {
    pub fn parse(glob: &str) -> Result<Self, InvalidGlob> {
        let ok = !glob.is_empty()
            && glob.len() <= 200
            && glob
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b"/_.-*?".contains(&b))
            && glob.matches('/').count() <= 1;
        if ok {
            Ok(Self(glob.to_string()))
        } else {
            Err(InvalidGlob(glob.chars().take(80).collect()))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Wildcard match in linear time (no backtracking blow-up on hostile input).
    pub fn matches(&self, name: &str) -> bool {
        wildcard_match(self.0.as_bytes(), name.as_bytes())
    }
}

/// The globs stored on a token. An empty list means "every granted package", so a
/// stored glob that no longer parses must not simply be dropped: it makes the token
/// match nothing at all (fail closed).
pub fn from_stored<S: AsRef<str>>(stored: &[S]) -> Vec<PackageGlob> {
    let parsed: Result<Vec<_>, _> = stored
        .iter()
        .map(|g| PackageGlob::parse(g.as_ref()))
        .collect();
    // No package name is empty: the empty pattern matches none.
    parsed.unwrap_or_else(|_| vec![PackageGlob(String::new())])
}

/// True when `globs` is empty (no restriction) or one of them matches `name`.
pub fn any_matches(globs: &[PackageGlob], name: &str) -> bool {
    globs.is_empty() || globs.iter().any(|g| g.matches(name))
}

fn wildcard_match(pattern: &[u8], text: &[u8]) -> bool {
    let (mut p, mut t) = (0, 0);
    let mut star: Option<usize> = None;
    let mut mark = 0;
    while t < text.len() {
        if p < pattern.len() && (pattern[p] == b'?' || pattern[p] == text[t]) {
            p += 1;
            t += 1;
        } else if p < pattern.len() && pattern[p] == b'*' {
            star = Some(p);
            mark = t;
            p += 1;
        } else if let Some(s) = star {
            p = s + 1;
            mark += 1;
            t = mark;
        } else {
            return false;
        }
    }
    pattern[p..].iter().all(|&c| c == b'*')
}

impl fmt::Display for PackageGlob {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl TryFrom<String> for PackageGlob {
    type Error = InvalidGlob;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        Self::parse(&s)
    }
}

impl From<PackageGlob> for String {
    fn from(g: PackageGlob) -> String {
        g.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn g(s: &str) -> PackageGlob {
        PackageGlob::parse(s).unwrap()
    }

    #[test]
    fn stored_globs_that_no_longer_parse_grant_nothing() {
        assert!(
            from_stored::<&str>(&[]).is_empty(),
            "no globs: every package"
        );
        let ok = from_stored(&["acme/*"]);
        assert!(any_matches(&ok, "acme/lib") && !any_matches(&ok, "other/lib"));
        for stored in [&["ACME/*"][..], &["acme/*", "bad glob"], &[""]] {
            let globs = from_stored(stored);
            assert!(!globs.is_empty(), "{stored:?} must not mean every package");
            for name in ["acme/lib", "other/lib", "a/b"] {
                assert!(!any_matches(&globs, name), "{stored:?} matched {name}");
            }
        }
    }

    #[test]
    fn matching() {
        assert!(g("acme/*").matches("acme/lib"));
        assert!(!g("acme/*").matches("acmex/lib"));
        assert!(g("*").matches("any/thing"));
        assert!(g("acme/theme-?").matches("acme/theme-a"));
        assert!(!g("acme/theme-?").matches("acme/theme-ab"));
        assert!(g("*/lib").matches("acme/lib"));
        assert!(g("acme/lib").matches("acme/lib"));
        assert!(!g("acme/lib").matches("acme/lib2"));
        assert!(g("a*b*c").matches("axxbyyc"));
        assert!(any_matches(&[], "x/y"));
        assert!(!any_matches(&[g("a/*")], "b/c"));
    }

    #[test]
    fn hostile_pattern_is_fast() {
        let pat = g(&"*a".repeat(50));
        let text = "a".repeat(10_000) + "b";
        assert!(!pat.matches(&text));
    }

    #[test]
    fn validation() {
        for bad in ["", "Acme/*", "a/b/c", "acme lib", "acme/[ab]"] {
            assert!(PackageGlob::parse(bad).is_err(), "{bad}");
        }
    }
}
