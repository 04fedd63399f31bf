//! `Comparator` and `Semver::satisfies`: comparing two versions with an operator.

use super::constraint::Constraint;
use super::error::SemverError;
use super::php_compare::{CanonBuf, prepare};
use super::tree::{Op, Side, match_specific};

/// `Comparator::compare($v1, $op, $v2)`: `false` for an unknown operator.
///
/// Versions are compared as given (Composer does not normalize them here), with dev
/// branches (`dev-*`) only equal to themselves.
pub fn compare(version1: &str, operator: &str, version2: &str) -> bool {
    try_compare(version1, operator, version2).unwrap_or(false)
}

/// Like [`compare`], but reports an unknown operator as Composer does (it throws).
pub fn try_compare(version1: &str, operator: &str, version2: &str) -> Result<bool, SemverError> {
    let op = Op::parse(operator).ok_or_else(|| SemverError::InvalidOperator {
        op: operator.into(),
    })?;
    Ok(compare_with(version1, op, version2))
}

/// `(new Constraint($op, $v2))->matchSpecific(new Constraint('==', $v1), true)`.
pub(crate) fn compare_with(version1: &str, op: Op, version2: &str) -> bool {
    let (mut b1, mut b2) = (CanonBuf::new(), CanonBuf::new());
    let k1 = prepare(version1.as_bytes(), &mut b1);
    let k2 = prepare(version2.as_bytes(), &mut b2);
    let this = Side {
        op,
        version: version2.as_bytes(),
        key: k2,
    };
    let provider = Side {
        op: Op::Eq,
        version: version1.as_bytes(),
        key: k1,
    };
    match_specific(&this, &provider, true)
}

/// `Comparator::greaterThan`.
pub fn greater_than(version1: &str, version2: &str) -> bool {
    compare_with(version1, Op::Gt, version2)
}

/// `Comparator::greaterThanOrEqualTo`.
pub fn greater_than_or_equal_to(version1: &str, version2: &str) -> bool {
    compare_with(version1, Op::Ge, version2)
}

/// `Comparator::lessThan`.
pub fn less_than(version1: &str, version2: &str) -> bool {
    compare_with(version1, Op::Lt, version2)
}

/// `Comparator::lessThanOrEqualTo`.
pub fn less_than_or_equal_to(version1: &str, version2: &str) -> bool {
    compare_with(version1, Op::Le, version2)
}

/// `Comparator::equalTo`.
pub fn equal_to(version1: &str, version2: &str) -> bool {
    compare_with(version1, Op::Eq, version2)
}

/// `Comparator::notEqualTo`.
pub fn not_equal_to(version1: &str, version2: &str) -> bool {
    compare_with(version1, Op::Ne, version2)
}

/// `Semver::satisfies($version, $constraint)`: `false` when either does not parse
/// (Composer would throw).
pub fn satisfies(version: &str, constraint: &str) -> bool {
    try_satisfies(version, constraint).unwrap_or(false)
}

/// Like [`satisfies`], but says why the version or constraint was rejected.
pub fn try_satisfies(version: &str, constraint: &str) -> Result<bool, SemverError> {
    let normalized = super::parser::normalize(version)?;
    Ok(Constraint::parse(constraint)?.matches_normalized(&normalized))
}

/// `Semver::satisfiedBy($versions, $constraint)`: the versions that satisfy it, in order.
pub fn satisfied_by<'a>(versions: &[&'a str], constraint: &str) -> Vec<&'a str> {
    let Ok(parsed) = Constraint::parse(constraint) else {
        return Vec::new();
    };
    versions
        .iter()
        .copied()
        .filter(|v| parsed.matches(v))
        .collect()
}
