//! Which refs become which versions, as Composer 2.5's `VcsRepository` decides it.
//!
//! Tags are read in ref-name byte order (git's `show-ref` order) and the first tag to
//! claim a normalized version wins; branches follow, the default branch first. Every
//! version is served under the package's name, as Composer's `preProcess` does, even
//! when an old tag's composer.json named the package differently.

use serde_json::Value;

use crate::domain::vcs::{self, TagSkip};
use crate::git::{GitRef, RefKind};

/// A ref that will be (or already is) a version.
#[derive(Debug, Clone)]
pub struct Candidate {
    pub kind: RefKind,
    /// Short ref name, e.g. `v1.0.0` or `main`.
    pub ref_name: String,
    pub commit: String,
    pub commit_time: i64,
    pub version: String,
    pub version_normalized: String,
    pub is_default_branch: bool,
    /// composer.json exactly as committed.
    pub composer_json: String,
    pub manifest: serde_json::Map<String, Value>,
}

impl Candidate {
    pub fn is_dev(&self) -> bool {
        self.kind == RefKind::Branch
    }

    /// `refs/tags/…` or `refs/heads/…`.
    pub fn full_ref(&self) -> String {
        match self.kind {
            RefKind::Tag => format!("refs/tags/{}", self.ref_name),
            RefKind::Branch => format!("refs/heads/{}", self.ref_name),
        }
    }

    /// composer.json `archive.exclude` patterns (non-strings ignored).
    pub fn archive_excludes(&self) -> Vec<String> {
        self.manifest
            .get("archive")
            .and_then(|a| a.get("exclude"))
            .and_then(Value::as_array)
            .map(|list| {
                list.iter()
                    .filter_map(|v| v.as_str().map(String::from))
                    .collect()
            })
            .unwrap_or_default()
    }
}

/// A ref that gives no version, and why (shown by `package show`).
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Skipped {
    #[serde(rename = "ref")]
    pub ref_name: String,
    pub message: String,
    /// A note about files the version's archive leaves out (its version still serves;
    /// the note lasts as long as that archive).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub archive: bool,
}

#[derive(Debug, Default)]
pub struct Plan {
    pub candidates: Vec<Candidate>,
    pub skipped: Vec<Skipped>,
    /// Problems that did not stop a version (e.g. a renamed package in an old tag).
    pub warnings: Vec<Skipped>,
}

/// What reading composer.json at a commit gave.
pub enum Manifest {
    Missing,
    Invalid(String),
    Found(String),
}

/// Decides the versions of `package` from `refs`. `read` returns composer.json at a
/// commit.
pub fn plan(
    package: &str,
    refs: &[GitRef],
    default_branch: Option<&str>,
    read: &dyn Fn(&str) -> Manifest,
) -> Plan {
    let mut out = Plan::default();
    let mut tags: Vec<&GitRef> = refs.iter().filter(|r| r.kind == RefKind::Tag).collect();
    tags.sort_by(|a, b| a.name.as_bytes().cmp(b.name.as_bytes()));
    for tag in tags {
        plan_tag(package, tag, read, &mut out);
    }
    let mut branches: Vec<&GitRef> = refs.iter().filter(|r| r.kind == RefKind::Branch).collect();
    branches.sort_by(|a, b| {
        let a_default = Some(a.name.as_str()) == default_branch;
        let b_default = Some(b.name.as_str()) == default_branch;
        b_default
            .cmp(&a_default)
            .then_with(|| a.name.as_bytes().cmp(b.name.as_bytes()))
    });
    for branch in branches {
        let is_default = Some(branch.name.as_str()) == default_branch;
        plan_branch(package, branch, is_default, read, &mut out);
    }
    out
}

fn plan_tag(package: &str, tag: &GitRef, read: &dyn Fn(&str) -> Manifest, out: &mut Plan) {
    let skip = |out: &mut Plan, message: String| {
        out.skipped.push(Skipped {
            ref_name: tag.name.clone(),
            message,
            ..Default::default()
        });
    };
    // Checked before reading composer.json, as Composer does.
    if vcs::version_from_tag(&tag.name).is_none()
        && vcs::tag_version(&tag.name, None) == Err(TagSkip::InvalidName)
    {
        return skip(out, "invalid tag name: it is not a version".into());
    }
    let Some((text, manifest)) = load(read, &tag.commit, &tag.name, out, "tag") else {
        return;
    };
    let manifest_version = match manifest.get("version") {
        None | Some(Value::Null) => None,
        Some(Value::String(v)) => Some(v.as_str()),
        Some(_) => return skip(out, "composer.json \"version\" must be a string".into()),
    };
    let tv = match vcs::tag_version(&tag.name, manifest_version) {
        Ok(tv) => tv,
        Err(e) => return skip(out, e.to_string()),
    };
    if let Some(other) = out
        .candidates
        .iter()
        .find(|c| c.version_normalized == tv.version_normalized)
    {
        let message = format!(
            "conflicts with tag {} as both resolve to {}",
            other.ref_name, tv.version_normalized
        );
        return skip(out, message);
    }
    name_warning(package, &tag.name, &manifest, out);
    out.candidates.push(candidate(
        tag,
        tv.version,
        tv.version_normalized,
        false,
        text,
        manifest,
    ));
}

fn plan_branch(
    package: &str,
    branch: &GitRef,
    is_default: bool,
    read: &dyn Fn(&str) -> Manifest,
    out: &mut Plan,
) {
    let Some(bv) = vcs::version_from_branch(&branch.name) else {
        out.skipped.push(Skipped {
            ref_name: branch.name.clone(),
            message: "invalid branch name".into(),
            ..Default::default()
        });
        return;
    };
    let Some((text, manifest)) = load(read, &branch.commit, &branch.name, out, "branch") else {
        return;
    };
    if let Some(other) = out.candidates.iter().find(|c| c.version == bv.version) {
        out.skipped.push(Skipped {
            ref_name: branch.name.clone(),
            message: format!(
                "conflicts with branch {}: both are {}",
                other.ref_name, bv.version
            ),
            ..Default::default()
        });
        return;
    }
    if let Some(extra) = manifest.get("extra") {
        for w in vcs::validate_branch_aliases(extra) {
            out.warnings.push(Skipped {
                ref_name: branch.name.clone(),
                message: w,
                ..Default::default()
            });
        }
    }
    name_warning(package, &branch.name, &manifest, out);
    out.candidates.push(candidate(
        branch,
        bv.version,
        bv.version_normalized,
        is_default,
        text,
        manifest,
    ));
}

/// Reads and parses composer.json, recording why when there is none to use.
fn load(
    read: &dyn Fn(&str) -> Manifest,
    commit: &str,
    ref_name: &str,
    out: &mut Plan,
    what: &str,
) -> Option<(String, serde_json::Map<String, Value>)> {
    let skip = |out: &mut Plan, message: String| {
        out.skipped.push(Skipped {
            ref_name: ref_name.to_string(),
            message,
            ..Default::default()
        });
    };
    let text = match read(commit) {
        Manifest::Found(text) => text,
        Manifest::Missing => {
            skip(out, format!("no composer.json in this {what}"));
            return None;
        }
        Manifest::Invalid(e) => {
            skip(out, e);
            return None;
        }
    };
    match serde_json::from_str::<Value>(&text) {
        Ok(Value::Object(map)) if !map.is_empty() => Some((text, map)),
        Ok(_) => {
            skip(out, "composer.json is not a JSON object".into());
            None
        }
        Err(e) => {
            skip(out, format!("composer.json is not valid JSON: {e}"));
            None
        }
    }
}

fn name_warning(
    package: &str,
    ref_name: &str,
    manifest: &serde_json::Map<String, Value>,
    out: &mut Plan,
) {
    let named = manifest
        .get("name")
        .and_then(Value::as_str)
        .map(str::to_ascii_lowercase);
    if let Some(named) = named.filter(|n| n != package) {
        out.warnings.push(Skipped {
            ref_name: ref_name.to_string(),
            message: format!(
                "composer.json names the package {named}; it is served as {package}, as Composer does"
            ),
            ..Default::default()
        });
    }
}

fn candidate(
    r: &GitRef,
    version: String,
    version_normalized: String,
    is_default_branch: bool,
    composer_json: String,
    manifest: serde_json::Map<String, Value>,
) -> Candidate {
    Candidate {
        kind: r.kind,
        ref_name: r.name.clone(),
        commit: r.commit.clone(),
        commit_time: r.commit_time,
        version,
        version_normalized,
        is_default_branch,
        composer_json,
        manifest,
    }
}

#[cfg(test)]
mod tests;
