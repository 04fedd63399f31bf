//! The error type of the semver module; `Display` texts are Composer's own messages.

/// Why a version or constraint was rejected.
///
/// `Display` prints exactly what Composer would say, so messages shown to users match the
/// ones they see from `composer`; [`SemverError::help`] adds what is accepted instead.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SemverError {
    /// The version string is not one Composer can normalize.
    #[error("Invalid version string \"{input}\"{context}")]
    InvalidVersion {
        /// The trimmed input.
        input: String,
        /// Composer's extra hint for `x as y` aliases (empty when there is none).
        context: String,
    },
    /// A part of a constraint could not be parsed.
    #[error("Could not parse version constraint {constraint}: {reason}")]
    InvalidConstraint {
        /// The failing part of the constraint (after alias and flag stripping).
        constraint: String,
        /// What went wrong with it.
        reason: String,
    },
    /// A comparison operator outside the ones Composer knows.
    #[error(
        "Invalid operator \"{op}\" given, expected one of: {}",
        super::tree::Op::ACCEPTED
    )]
    InvalidOperator {
        /// The operator that was given.
        op: String,
    },
}

impl SemverError {
    /// A short explanation of the accepted forms, to show next to the message.
    pub fn help(&self) -> &'static str {
        match self {
            SemverError::InvalidVersion { .. } => {
                "expected a version like 1.2.3, v1.2.3-beta.2, 1.0.0-RC1, 2010-01-02, \
                 a numeric branch like 2.x-dev, or a branch as dev-<name>"
            }
            SemverError::InvalidConstraint { .. } => {
                "expected constraints like ^1.2, ~1.2.3, >=1.0 <2.0, 1.0.*, 1.0 - 2.0, \
                 dev-main, joined with spaces or commas (and) and || (or), \
                 optionally with @stable/@RC/@beta/@alpha/@dev flags"
            }
            SemverError::InvalidOperator { .. } => "expected one of =, ==, <, <=, >, >=, <>, !=",
        }
    }
}
