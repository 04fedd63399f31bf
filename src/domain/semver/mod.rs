//! Composer's version handling (composer/semver 3.x), ported to Rust without I/O.
//!
//! What is here, and the Composer class it mirrors:
//! - [`normalize`], [`normalize_branch`], [`normalize_default_branch`],
//!   [`parse_numeric_alias_prefix`], [`parse_stability`]: `VersionParser`.
//! - [`Constraint`]: `VersionParser::parseConstraints` and the constraint classes.
//! - [`satisfies`], [`satisfied_by`], [`sort`], [`rsort`]: `Semver`.
//! - [`compare`] and friends: `Comparator`.
//!
//! Results are meant to be byte-for-byte what Composer produces, quirks included (they
//! are pinned by the conformance vectors in `tests/data/semver`). All functions take
//! untrusted input: nothing panics, recursion is bounded, and huge numbers are compared
//! as PHP does (saturating at `i64::MAX` in `version_compare`) without overflow.

mod compare;
mod constraint;
mod constraint_parser;
mod error;
mod modifier;
mod parser;
mod php_compare;
mod ranges;
mod sort;
mod stability;
mod text;
mod tree;

pub use compare::{
    compare, equal_to, greater_than, greater_than_or_equal_to, less_than, less_than_or_equal_to,
    not_equal_to, satisfied_by, satisfies, try_compare, try_satisfies,
};
pub use constraint::Constraint;
pub use error::SemverError;
pub use parser::{
    normalize, normalize_branch, normalize_default_branch, parse_numeric_alias_prefix,
};
pub use sort::{rsort, sort, try_rsort, try_sort};
pub use stability::{Stability, parse_stability};
pub use tree::Op;

/// `VersionParser::DEFAULT_BRANCH_ALIAS` (Composer's `Package\Version\VersionParser`):
/// the alias Composer 2 gives a repository's default branch when it is not numeric.
pub const DEFAULT_BRANCH_ALIAS: &str = "9999999-dev";

/// PHP's `version_compare($a, $b)` (-1, 0 or 1), which all of Composer's comparisons use.
pub fn php_version_compare(a: &str, b: &str) -> i32 {
    php_compare::version_compare(a.as_bytes(), b.as_bytes())
}
