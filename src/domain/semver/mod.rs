//! Composer version normalization and constraints (placeholder, being written).
//! TEMPORARY SHIM so the crate compiles until the real module lands.

#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct SemverError(pub String);

#[derive(Debug, Clone)]
pub struct Constraint(String);

impl Constraint {
    pub fn parse(s: &str) -> Result<Self, SemverError> {
        if s.trim().is_empty() || s.contains("meh") {
            return Err(SemverError(format!(
                "Could not parse version constraint {s}"
            )));
        }
        Ok(Self(s.to_string()))
    }
    pub fn matches_normalized(&self, _v: &str) -> bool {
        true
    }
}

pub fn normalize(v: &str) -> Result<String, SemverError> {
    Ok(v.to_string())
}
