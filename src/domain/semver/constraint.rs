//! The public [`Constraint`] type: a parsed constraint that remembers what the user wrote.

use std::fmt;
use std::str::FromStr;
use std::sync::Arc;

use super::constraint_parser::parse_constraints;
use super::error::SemverError;
use super::parser::normalize;
use super::php_compare::{CanonBuf, prepare};
use super::tree::{Node, Op, Side};

/// A parsed version constraint (`VersionParser::parseConstraints`).
///
/// Cloning is cheap (one `Arc`). [`Display`](fmt::Display) prints Composer's debug form
/// (what `(string) $constraint` prints, e.g. `[>= 1.2.0.0-dev < 2.0.0.0-dev]`), while
/// [`Constraint::as_str`] returns the text as given, for storing and showing back.
#[derive(Clone)]
pub struct Constraint {
    inner: Arc<Inner>,
}

struct Inner {
    original: String,
    rendered: String,
    node: Node,
}

impl Constraint {
    /// Parses a constraint the way Composer does.
    pub fn parse(constraint: &str) -> Result<Constraint, SemverError> {
        let node = parse_constraints(constraint)?;
        let rendered = node.to_string();
        Ok(Constraint {
            inner: Arc::new(Inner {
                original: constraint.to_string(),
                rendered,
                node,
            }),
        })
    }

    /// The constraint exactly as it was given.
    pub fn as_str(&self) -> &str {
        &self.inner.original
    }

    /// Whether this is the match-everything constraint (`*`).
    pub fn is_match_all(&self) -> bool {
        matches!(self.inner.node, Node::MatchAll)
    }

    /// Does an already normalized version (e.g. `1.2.0.0`, `dev-main`) satisfy this?
    ///
    /// Nothing is parsed here; the version is canonicalized once (on the stack for
    /// ordinary lengths) and compared against the stored bounds.
    pub fn matches_normalized(&self, normalized_version: &str) -> bool {
        let mut buf = CanonBuf::new();
        let key = prepare(normalized_version.as_bytes(), &mut buf);
        let provider = Side {
            op: Op::Eq,
            version: normalized_version.as_bytes(),
            key,
        };
        self.inner.node.matches(&provider)
    }

    /// Normalizes `version` and matches it; `false` when it is not a valid version.
    pub fn matches(&self, version: &str) -> bool {
        normalize(version).is_ok_and(|v| self.matches_normalized(&v))
    }
}

impl FromStr for Constraint {
    type Err = SemverError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Constraint::parse(s)
    }
}

impl fmt::Display for Constraint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.inner.rendered)
    }
}

impl fmt::Debug for Constraint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Constraint")
            .field("original", &self.inner.original)
            .field("parsed", &self.inner.rendered)
            .finish()
    }
}

/// Two constraints are equal when they were written the same way.
impl PartialEq for Constraint {
    fn eq(&self, other: &Self) -> bool {
        self.inner.original == other.inner.original
    }
}

impl Eq for Constraint {}

impl serde::Serialize for Constraint {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> serde::Deserialize<'de> for Constraint {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        Constraint::parse(&text).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_original_and_renders_composer_form() {
        let c: Constraint = "^1.2 || ^2.0".parse().unwrap();
        assert_eq!(c.as_str(), "^1.2 || ^2.0");
        assert_eq!(c.to_string(), "[>= 1.2.0.0-dev < 3.0.0.0-dev]");
        assert!(c.matches("2.5.0"));
        assert!(c.matches_normalized("1.2.0.0"));
        assert!(!c.matches("3.0.0"));
        assert!(!c.matches("not a version"));
    }

    #[test]
    fn is_send_sync() {
        fn assert_send_sync<T: Send + Sync>() {}
        assert_send_sync::<Constraint>();
    }

    #[test]
    fn serde_round_trip() {
        let c: Constraint = serde_json::from_str("\"~1.2\"").unwrap();
        assert_eq!(serde_json::to_string(&c).unwrap(), "\"~1.2\"");
        assert!(serde_json::from_str::<Constraint>("\"1.0.0-meh\"").is_err());
    }
}
