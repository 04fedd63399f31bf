//! Versions from git refs, the way Composer 2.5's `VcsRepository` derives them, and the
//! branch aliases `ArrayLoader::getBranchAlias` adds (`extra.branch-alias`, default branch).
//!
//! Pure rules only: callers list refs and read `composer.json`; these functions decide
//! which refs become which versions. Expected values in the tests were produced by running
//! Composer 2.5.5's real `VcsRepository` over a fake driver.

use serde_json::Value;

use crate::domain::semver::{
    self, Constraint, DEFAULT_BRANCH_ALIAS, SemverError, normalize_branch,
    parse_numeric_alias_prefix,
};

/// The version Composer gives a tag: `version` is what it shows (the tag, `v` kept),
/// `version_normalized` what it compares.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TagVersion {
    /// As shown, e.g. `v1.0.0` (Composer's `version` field).
    pub version: String,
    /// As compared, e.g. `1.0.0.0` (Composer's `version_normalized` field).
    pub version_normalized: String,
}

/// Why Composer skips a tag (its `-vvv` messages).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TagSkip {
    /// The tag name does not normalize to a version.
    #[error("invalid tag name")]
    InvalidName,
    /// The tag normalizes to a dev version (`dev-*` or `*-dev`), which tags may not be.
    #[error("invalid tag name, tags can not use dev prefixes or suffixes")]
    DevVersion,
    /// `composer.json` has a `version` that differs from the tag.
    #[error("tag ({tag}) does not match version ({manifest}) in composer.json")]
    VersionMismatch {
        /// The tag, normalized.
        tag: String,
        /// The `composer.json` version, normalized.
        manifest: String,
    },
    /// `composer.json` has a `version` that does not normalize.
    #[error("{0}")]
    InvalidManifestVersion(SemverError),
}

/// The version of a tag whose `composer.json` has no `version` key; `None` when Composer
/// would skip the tag. `release-` is removed from tag names first (everywhere in the
/// name, as Composer's `str_replace` does).
///
/// Composer also skips a tag when an earlier tag (in the driver's order) already gave the
/// same `version_normalized` (e.g. `v1.0` after `1.0.0`); that needs the whole tag list,
/// so it is left to the caller.
pub fn version_from_tag(tag: &str) -> Option<TagVersion> {
    tag_version(tag, None).ok()
}

/// The version of a tag, given the `version` key of its `composer.json` if it has one.
///
/// With a `version` key, Composer shows that version, and keeps the tag only when both
/// normalize to the same thing. A trailing `-dev` is stripped from the shown version.
pub fn tag_version(tag: &str, manifest_version: Option<&str>) -> Result<TagVersion, TagSkip> {
    let tag = tag.replace("release-", "");
    let parsed = semver::normalize(&tag).map_err(|_| TagSkip::InvalidName)?;
    let (version, normalized) = match manifest_version {
        Some(v) => (
            v.to_string(),
            semver::normalize(v).map_err(TagSkip::InvalidManifestVersion)?,
        ),
        None => (tag, parsed.clone()),
    };
    let version = strip_dev_suffix(&version);
    let normalized = strip_dev_affixes(&normalized);
    if normalized != parsed {
        if is_dev_like(&parsed) {
            return Err(TagSkip::DevVersion);
        }
        return Err(TagSkip::VersionMismatch {
            tag: parsed,
            manifest: normalized,
        });
    }
    Ok(TagVersion {
        version,
        version_normalized: normalized,
    })
}

/// The byte range of `[.-]?dev$` (case-insensitive) in `s`, starting no earlier than
/// `from`. `$` may stand before a final newline, which then stays.
fn dev_suffix(s: &str, from: usize) -> Option<(usize, usize)> {
    let b = s.as_bytes();
    let end = if b.last() == Some(&b'\n') {
        b.len() - 1
    } else {
        b.len()
    };
    let d = end.checked_sub(3).filter(|&d| d >= from)?;
    if !b.get(d..end)?.eq_ignore_ascii_case(b"dev") {
        return None;
    }
    let with_sep = d > from && matches!(b.get(d - 1), Some(b'.' | b'-'));
    Some((if with_sep { d - 1 } else { d }, end))
}

/// `s` without the byte range `[start, end)`; the range is ASCII, so boundaries hold.
fn without(s: &str, start: usize, end: usize) -> String {
    format!(
        "{}{}",
        s.get(..start).unwrap_or_default(),
        s.get(end..).unwrap_or_default()
    )
}

/// `preg_replace('{[.-]?dev$}i', '', $version)`.
fn strip_dev_suffix(s: &str) -> String {
    match dev_suffix(s, 0) {
        Some((start, end)) => without(s, start, end),
        None => s.to_string(),
    }
}

/// `preg_replace('{(^dev-|[.-]?dev$)}i', '', $normalized)`: both ends can go.
fn strip_dev_affixes(s: &str) -> String {
    let prefixed = s.get(..4).is_some_and(|p| p.eq_ignore_ascii_case("dev-"));
    let from = if prefixed { 4 } else { 0 };
    let rest = match dev_suffix(s, from) {
        Some((start, end)) => without(s, start, end),
        None => s.to_string(),
    };
    if prefixed {
        rest.get(4..).unwrap_or_default().to_string()
    } else {
        rest
    }
}

/// `Preg::isMatch('{(^dev-|[.-]?dev$)}i', $v)`.
fn is_dev_like(s: &str) -> bool {
    s.get(..4).is_some_and(|p| p.eq_ignore_ascii_case("dev-")) || dev_suffix(s, 0).is_some()
}

/// The version Composer gives a branch.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BranchVersion {
    /// `dev-<branch>` for named branches, `2.1.x-dev` (with any `v` kept) for numeric ones.
    pub version: String,
    /// `dev-<branch>` or `2.1.9999999.9999999-dev`.
    pub version_normalized: String,
}

/// The version of a branch; `None` when Composer skips it (a name that would not parse
/// back as a constraint, e.g. one with spaces, commas or `|`).
pub fn version_from_branch(branch: &str) -> Option<BranchVersion> {
    let normalized = normalize_branch(branch);
    Constraint::parse(&normalized).ok()?;
    let version = if normalized.starts_with("dev-") || normalized == DEFAULT_BRANCH_ALIAS {
        format!("dev-{branch}")
    } else {
        // Only a lower-case `v` is kept (`strpos($branch, 'v') === 0`).
        let prefix = if branch.starts_with('v') { "v" } else { "" };
        format!("{prefix}{}", collapse_wildcards(&normalized))
    };
    Some(BranchVersion {
        version,
        version_normalized: normalized,
    })
}

/// `preg_replace('{(\.9{7})+}', '.x', $v)`: each run of `.9999999` groups becomes `.x`
/// (so `.99999999` becomes `.x9`, as in Composer).
fn collapse_wildcards(v: &str) -> String {
    const GROUP: &str = ".9999999";
    let mut out = String::with_capacity(v.len());
    let mut rest = v;
    while let Some(i) = rest.find(GROUP) {
        out.push_str(rest.get(..i).unwrap_or_default());
        out.push_str(".x");
        rest = rest.get(i + GROUP.len()..).unwrap_or_default();
        while let Some(more) = rest.strip_prefix(GROUP) {
            rest = more;
        }
    }
    out.push_str(rest);
    out
}

/// An alias version Composer adds for a dev version.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BranchAlias {
    /// As shown, e.g. `2.1.x-dev` or `9999999-dev`.
    pub version: String,
    /// As compared, e.g. `2.1.9999999.9999999-dev`.
    pub version_normalized: String,
}

impl BranchAlias {
    fn from_normalized(normalized: String) -> Self {
        Self {
            version: collapse_wildcards(&normalized),
            version_normalized: normalized,
        }
    }
}

/// The alias `extra.branch-alias` gives to `version` (e.g. `dev-main`, `2.x-dev`), if
/// any. `extra` is the `extra` object of the branch's `composer.json`.
pub fn branch_aliases(extra: &Value, version: &str) -> Option<BranchAlias> {
    branch_alias(version, Some(extra), false)
}

/// The alias of the repository's default branch: `9999999-dev` unless the branch
/// version is numeric (`2.x-dev` gets none).
pub fn default_branch_alias(version: &str) -> Option<BranchAlias> {
    branch_alias(version, None, true)
}

/// `ArrayLoader::getBranchAlias`: an explicit `extra.branch-alias` entry for this
/// version wins; otherwise the default branch gets `9999999-dev` when not numeric.
///
/// Only dev versions get aliases. An entry applies when its key equals the version
/// (case-insensitively), its target ends in `-dev` and is a numeric branch (or exactly
/// `9999999-dev`), and, when both are numeric, the target starts with the source's
/// numbers (`1.0.x-dev` may alias to `1.0.1.x-dev`, not `1.1.x-dev`). Non-string targets
/// are skipped, as Composer's validating loader does (the plain loader would crash).
pub fn branch_alias(
    version: &str,
    extra: Option<&Value>,
    default_branch: bool,
) -> Option<BranchAlias> {
    if !version.starts_with("dev-") && !version.ends_with("-dev") {
        return None;
    }
    let entries = extra
        .and_then(|e| e.get("branch-alias"))
        .map(alias_entries)
        .unwrap_or_default();
    for (source, target) in entries {
        let Some(target) = target.as_str() else {
            continue;
        };
        if let Some(alias) = explicit_alias(version, &source, target) {
            return Some(alias);
        }
    }
    if default_branch && parse_numeric_alias_prefix(version).is_none() {
        return Some(BranchAlias::from_normalized(
            DEFAULT_BRANCH_ALIAS.to_string(),
        ));
    }
    None
}

/// One `source => target` entry checked against `version`.
fn explicit_alias(version: &str, source: &str, target: &str) -> Option<BranchAlias> {
    let validated = validated_target(target)?;
    if !version.eq_ignore_ascii_case(source) {
        return None;
    }
    numeric_alias_fits(source, target).then(|| BranchAlias::from_normalized(validated))
}

/// When both sides are numeric (`1.0.x-dev`), the target must start with the source's
/// numbers (`1.0.`), case-insensitively as `stripos` does.
fn numeric_alias_fits(source: &str, target: &str) -> bool {
    match (
        parse_numeric_alias_prefix(source),
        parse_numeric_alias_prefix(target),
    ) {
        (Some(s), Some(t)) => t.to_ascii_lowercase().starts_with(&s.to_ascii_lowercase()),
        _ => true,
    }
}

/// The normalized alias target, when it ends in `-dev` and normalizes to a `-dev` form.
fn validated_target(target: &str) -> Option<String> {
    let name = target.strip_suffix("-dev")?;
    let validated = if target == DEFAULT_BRANCH_ALIAS {
        target.to_string()
    } else {
        normalize_branch(name)
    };
    validated.ends_with("-dev").then_some(validated)
}

/// `extra.branch-alias` as PHP iterates it: objects in order, lists by index.
fn alias_entries(value: &Value) -> Vec<(String, &Value)> {
    match value {
        Value::Object(map) => map.iter().map(|(k, v)| (k.clone(), v)).collect(),
        Value::Array(items) => items
            .iter()
            .enumerate()
            .map(|(i, v)| (i.to_string(), v))
            .collect(),
        _ => Vec::new(),
    }
}

/// What Composer's `ValidatingArrayLoader` says about `extra.branch-alias` (errors and
/// warnings, in its wording); empty when everything is fine or there is no alias.
pub fn validate_branch_aliases(extra: &Value) -> Vec<String> {
    let Some(aliases) = extra.get("branch-alias") else {
        return Vec::new();
    };
    if !matches!(aliases, Value::Object(_) | Value::Array(_)) {
        return vec!["extra.branch-alias : must be an array of versions => aliases".into()];
    }
    let mut problems = Vec::new();
    for (source, target) in alias_entries(aliases) {
        let prefix = format!("extra.branch-alias.{source} : the target branch");
        let Some(target) = target.as_str() else {
            let json = serde_json::to_string(target)
                .unwrap_or_default()
                .replace('/', "\\/");
            problems.push(format!(
                "{prefix} ({json}) must be a string, \"{}\" received.",
                php_type(target)
            ));
            continue;
        };
        let Some(name) = target.strip_suffix("-dev") else {
            problems.push(format!("{prefix} ({target}) must end in -dev"));
            continue;
        };
        if !normalize_branch(name).ends_with("-dev") {
            problems.push(format!(
                "{prefix} ({target}) must be a parseable number like 2.0-dev"
            ));
            continue;
        }
        if !numeric_alias_fits(&source, target) {
            problems.push(format!(
                "{prefix} ({target}) is not a valid numeric alias for this version"
            ));
        }
    }
    problems
}

/// PHP's `gettype()` for a decoded JSON value.
fn php_type(v: &Value) -> &'static str {
    match v {
        Value::Null => "NULL",
        Value::Bool(_) => "boolean",
        Value::Number(n) if n.is_f64() => "double",
        Value::Number(_) => "integer",
        Value::String(_) => "string",
        Value::Array(_) | Value::Object(_) => "array",
    }
}

#[cfg(test)]
mod tests {
    //! Expected values come from Composer 2.5.5's `VcsRepository` + `ArrayLoader`, run
    //! over a fake driver serving these refs.
    use super::*;
    use serde_json::json;

    fn tag(version: &str, normalized: &str) -> Result<TagVersion, TagSkip> {
        Ok(TagVersion {
            version: version.into(),
            version_normalized: normalized.into(),
        })
    }

    #[test]
    fn tags() {
        let cases = [
            ("v1.0.0", tag("v1.0.0", "1.0.0.0")),
            ("1.0", tag("1.0", "1.0.0.0")),
            ("release-1", tag("1", "1.0.0.0")),
            ("release-v2.3.4", tag("v2.3.4", "2.3.4.0")),
            ("1.0.0-beta.2", tag("1.0.0-beta.2", "1.0.0.0-beta2")),
            ("2010-01-02", tag("2010-01-02", "2010.01.02")),
            ("V1.2", tag("V1.2", "1.2.0.0")),
            ("v2.0", tag("v2.0", "2.0.0.0")),
            ("1.0.0-RC1", tag("1.0.0-RC1", "1.0.0.0-RC1")),
            ("1.0.0+build.5", tag("1.0.0+build.5", "1.0.0.0")),
            ("v1.0.0-p1", tag("v1.0.0-p1", "1.0.0.0-patch1")),
            ("1.2.3.4", tag("1.2.3.4", "1.2.3.4")),
            ("20230131", tag("20230131", "20230131")),
            // `stable` ends normalization early, so the `-dev` never reaches the
            // normalized form; only the shown version loses it.
            ("1.0-stable-dev", tag("1.0-stable", "1.0.0.0")),
            ("1.1-dev", Err(TagSkip::DevVersion)),
            ("2.0.0-dev", Err(TagSkip::DevVersion)),
            ("1.0.x-dev", Err(TagSkip::DevVersion)),
            ("dev-foo", Err(TagSkip::DevVersion)),
            ("foo", Err(TagSkip::InvalidName)),
            ("1.2.3.4.5", Err(TagSkip::InvalidName)),
        ];
        for (name, want) in cases {
            assert_eq!(tag_version(name, None), want, "tag {name}");
            assert_eq!(version_from_tag(name), want.clone().ok(), "tag {name}");
        }
    }

    #[test]
    fn tags_with_manifest_version() {
        assert_eq!(
            tag_version("v2.0.0", Some("2.0.0")),
            tag("2.0.0", "2.0.0.0")
        );
        assert_eq!(tag_version("2.0.0", Some("v2.0")), tag("v2.0", "2.0.0.0"));
        assert_eq!(
            tag_version("1.0.0", Some("1.0.0-dev")),
            tag("1.0.0", "1.0.0.0")
        );
        assert_eq!(
            tag_version("v2.1.0", Some("2.0.0")),
            Err(TagSkip::VersionMismatch {
                tag: "2.1.0.0".into(),
                manifest: "2.0.0.0".into()
            })
        );
        assert!(matches!(
            tag_version("2.0", Some("bogus")),
            Err(TagSkip::InvalidManifestVersion(_))
        ));
    }

    #[test]
    fn branches() {
        let cases = [
            ("main", "dev-main", "dev-main"),
            ("master", "dev-master", "dev-master"),
            ("2.x", "2.x-dev", "2.9999999.9999999.9999999-dev"),
            ("2.*", "2.x-dev", "2.9999999.9999999.9999999-dev"),
            ("2.1", "2.1.x-dev", "2.1.9999999.9999999-dev"),
            ("1.0.x", "1.0.x-dev", "1.0.9999999.9999999-dev"),
            ("1.0", "1.0.x-dev", "1.0.9999999.9999999-dev"),
            ("1", "1.x-dev", "1.9999999.9999999.9999999-dev"),
            ("1.2.3", "1.2.3.x-dev", "1.2.3.9999999-dev"),
            ("1.2.3.4", "1.2.3.4-dev", "1.2.3.4-dev"),
            ("1.2.3.4.5", "dev-1.2.3.4.5", "dev-1.2.3.4.5"),
            ("v3.x", "v3.x-dev", "3.9999999.9999999.9999999-dev"),
            ("v1.x", "v1.x-dev", "1.9999999.9999999.9999999-dev"),
            ("V3.x", "3.x-dev", "3.9999999.9999999.9999999-dev"),
            ("feature/x", "dev-feature/x", "dev-feature/x"),
            ("release-2.0", "dev-release-2.0", "dev-release-2.0"),
            ("2.0.0-beta", "dev-2.0.0-beta", "dev-2.0.0-beta"),
            ("HEAD", "dev-HEAD", "dev-HEAD"),
            ("dev-x", "dev-dev-x", "dev-dev-x"),
            (
                "9999999",
                "9999999.x-dev",
                "9999999.9999999.9999999.9999999-dev",
            ),
            ("1.99999999", "1.x9.x-dev", "1.99999999.9999999.9999999-dev"),
        ];
        for (name, version, normalized) in cases {
            let want = BranchVersion {
                version: version.into(),
                version_normalized: normalized.into(),
            };
            assert_eq!(version_from_branch(name), Some(want), "branch {name}");
        }
        for skipped in ["foo bar", "a,b", "x|y"] {
            assert_eq!(version_from_branch(skipped), None, "branch {skipped}");
        }
    }

    fn alias(version: &str, normalized: &str) -> Option<BranchAlias> {
        Some(BranchAlias {
            version: version.into(),
            version_normalized: normalized.into(),
        })
    }

    #[test]
    fn default_branch() {
        let default = alias("9999999-dev", "9999999-dev");
        assert_eq!(default_branch_alias("dev-main"), default);
        assert_eq!(default_branch_alias("dev-master"), default);
        assert_eq!(default_branch_alias("dev-feature/x"), default);
        assert_eq!(default_branch_alias("2.x-dev"), None);
        assert_eq!(default_branch_alias("1.0.x-dev"), None);
        assert_eq!(default_branch_alias("1.0.0"), None);
    }

    #[test]
    fn explicit_branch_aliases() {
        let n = "1.0.9999999.9999999-dev";
        let cases = [
            (
                "dev-master",
                json!({"dev-master": "1.0.x-dev"}),
                alias("1.0.x-dev", n),
            ),
            (
                "dev-master",
                json!({"dev-master": "1.0-dev"}),
                alias("1.0.x-dev", n),
            ),
            (
                "dev-master",
                json!({"DEV-MASTER": "2.x-dev"}),
                alias("2.x-dev", "2.9999999.9999999.9999999-dev"),
            ),
            (
                "dev-master",
                json!({"dev-master": "9999999-dev"}),
                alias("9999999-dev", "9999999-dev"),
            ),
            ("dev-master", json!({"dev-master": "1.0"}), None),
            ("dev-master", json!({"dev-master": "foo-dev"}), None),
            ("dev-master", json!({"dev-other": "1.0.x-dev"}), None),
            (
                "1.0.x-dev",
                json!({"1.0.x-dev": "1.0.1.x-dev"}),
                alias("1.0.1.x-dev", "1.0.1.9999999-dev"),
            ),
            ("1.0.x-dev", json!({"1.0.x-dev": "1.1.x-dev"}), None),
            (
                "1.x-dev",
                json!({"1.x-dev": "1.5.x-dev"}),
                alias("1.5.x-dev", "1.5.9999999.9999999-dev"),
            ),
            ("2.x-dev", json!({"2.x-dev": "1.5.x-dev"}), None),
            (
                "dev-main",
                json!({"dev-main": "v2.0.x-dev"}),
                alias("2.0.x-dev", "2.0.9999999.9999999-dev"),
            ),
            (
                "dev-main",
                json!({"dev-main": "foo-dev-dev"}),
                alias("dev-foo-dev", "dev-foo-dev"),
            ),
            (
                "dev-main",
                json!({"dev-x": "1.0.x-dev", "dev-main": "3.0.x-dev"}),
                alias("3.0.x-dev", "3.0.9999999.9999999-dev"),
            ),
            (
                "dev-main",
                json!({"dev-main": "2.0.x-dev", "dev-main ": "3.0.x-dev"}),
                alias("2.0.x-dev", "2.0.9999999.9999999-dev"),
            ),
            ("dev-main", json!(["1.0.x-dev"]), None),
            // Composer's plain loader throws a TypeError here; the entry is skipped.
            ("dev-main", json!({"dev-main": 5}), None),
            ("1.0.0", json!({"1.0.0": "1.0.x-dev"}), None),
        ];
        for (version, aliases, want) in cases {
            let extra = json!({ "branch-alias": aliases });
            assert_eq!(
                branch_aliases(&extra, version),
                want,
                "{version} with {extra}"
            );
        }
    }

    #[test]
    fn explicit_alias_wins_over_default_branch() {
        let extra = json!({"branch-alias": {"dev-master": "1.0.x-dev"}});
        assert_eq!(
            branch_alias("dev-master", Some(&extra), true),
            alias("1.0.x-dev", "1.0.9999999.9999999-dev")
        );
        let unrelated = json!({"branch-alias": {"dev-master": "1.0"}});
        assert_eq!(
            branch_alias("dev-master", Some(&unrelated), true),
            alias("9999999-dev", "9999999-dev")
        );
        let numeric = json!({"branch-alias": {"1.0.x-dev": "1.1.x-dev"}});
        assert_eq!(branch_alias("1.0.x-dev", Some(&numeric), true), None);
    }

    #[test]
    fn validation_messages() {
        let extra = json!({"branch-alias": {
            "dev-a": 5, "dev-b": "1.0", "dev-c": "foo-dev", "1.0.x-dev": "1.1.x-dev", "dev-ok": "2.x-dev"
        }});
        assert_eq!(
            validate_branch_aliases(&extra),
            vec![
                "extra.branch-alias.dev-a : the target branch (5) must be a string, \"integer\" received.",
                "extra.branch-alias.dev-b : the target branch (1.0) must end in -dev",
                "extra.branch-alias.dev-c : the target branch (foo-dev) must be a parseable number like 2.0-dev",
                "extra.branch-alias.1.0.x-dev : the target branch (1.1.x-dev) is not a valid numeric alias for this version",
            ]
        );
        assert_eq!(
            validate_branch_aliases(&json!({"branch-alias": "x"})).len(),
            1
        );
        assert!(validate_branch_aliases(&json!({})).is_empty());
    }
}
