//! Stability levels and `VersionParser::parseStability`.

use std::fmt;

use super::modifier::match_modifier;
use super::text::{DotPlusEnd, at, at_end, slice};

/// The stability of a version. Ordered like Composer's `BasePackage::STABILITIES`:
/// `Stable` is the smallest, `Dev` the largest.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Stability {
    Stable,
    RC,
    Beta,
    Alpha,
    Dev,
}

impl Stability {
    /// The spelling Composer uses: `stable`, `RC`, `beta`, `alpha`, `dev`.
    pub fn as_str(self) -> &'static str {
        match self {
            Stability::Stable => "stable",
            Stability::RC => "RC",
            Stability::Beta => "beta",
            Stability::Alpha => "alpha",
            Stability::Dev => "dev",
        }
    }

    /// Parses a stability name case-insensitively (`VersionParser::normalizeStability`).
    pub fn from_name(name: &str) -> Option<Stability> {
        Some(match name.to_ascii_lowercase().as_str() {
            "stable" => Stability::Stable,
            "rc" => Stability::RC,
            "beta" => Stability::Beta,
            "alpha" => Stability::Alpha,
            "dev" => Stability::Dev,
            _ => return None,
        })
    }
}

impl fmt::Display for Stability {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// `VersionParser::parseStability($version)`; works on raw or normalized versions.
pub fn parse_stability(version: &str) -> Stability {
    parse_stability_bytes(version.as_bytes())
}

pub(crate) fn parse_stability_bytes(version: &[u8]) -> Stability {
    let without_ref = strip_reference(version);
    let v: &[u8] = &without_ref;
    if v.starts_with(b"dev-") || v.ends_with(b"-dev") {
        return Stability::Dev;
    }
    let lower = v.to_ascii_lowercase();
    let tail = DotPlusEnd::new(&lower);
    // `<modifier>(?:\+.*)?$`, unanchored: the leftmost start that matches wins. A match
    // always exists (empty, at the end), so the loop always finds one.
    let accept =
        |e: usize| (at(&lower, e) == Some(b'+') && tail.star_at(e + 1)) || at_end(&lower, e);
    for start in 0..=lower.len() {
        if let Some(m) = match_modifier(&lower, start, true, &mut |e| accept(e)) {
            if m.dev {
                return Stability::Dev;
            }
            return match m.stability.unwrap_or_default() {
                b"beta" | b"b" => Stability::Beta,
                b"alpha" | b"a" => Stability::Alpha,
                b"rc" => Stability::RC,
                _ => Stability::Stable,
            };
        }
    }
    Stability::Stable
}

/// `preg_replace('{#.+$}', '', $version)`: drops a `#ref` suffix.
fn strip_reference(v: &[u8]) -> std::borrow::Cow<'_, [u8]> {
    let tail = DotPlusEnd::new(v);
    for (i, _) in v.iter().enumerate().filter(|&(_, &b)| b == b'#') {
        if tail.plus_at(i + 1) {
            // The match ends where `$` matched: the end, or before a final newline.
            let end = if v.last() == Some(&b'\n') {
                v.len() - 1
            } else {
                v.len()
            };
            let mut out = slice(v, 0, i).to_vec();
            out.extend_from_slice(slice(v, end, v.len()));
            return out.into();
        }
    }
    v.into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stabilities() {
        assert_eq!(parse_stability("1.0.0-alpha11+cs-1.1.0"), Stability::Alpha);
        assert_eq!(parse_stability("v2.0.x-dev#trunk/@123"), Stability::Dev);
        assert_eq!(parse_stability("1.0.0-RC1"), Stability::RC);
        assert_eq!(parse_stability("1-2_dev"), Stability::Dev);
        assert_eq!(Stability::RC.as_str(), "RC");
    }
}
