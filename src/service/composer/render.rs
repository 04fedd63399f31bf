//! Composer metadata as the client reads it: version objects built from the stored
//! composer.json, the minified `p2` files and the Composer 1 `p` files.

use chrono::{DateTime, SecondsFormat, Utc};
use serde_json::{Map, Value};

use crate::db::entities::package_version;

/// composer.json keys that only mean something in a root package, or that the registry
/// sets itself.
const DROPPED_KEYS: &[&str] = &[
    "name",
    "version",
    "version_normalized",
    "time",
    "dist",
    "source",
    "default-branch",
    "repositories",
    "config",
    "minimum-stability",
    "prefer-stable",
    "archive",
];

/// One version, ready to be rendered for any caller: its metadata object without the
/// dist URL (which depends on the URL the caller used).
#[derive(Debug, Clone)]
pub struct VersionDoc {
    pub id: i64,
    pub version: String,
    pub version_normalized: String,
    pub reference: String,
    pub is_dev: bool,
    pub yanked: bool,
    pub released_at: Option<DateTime<Utc>>,
    /// sha1 of the archive (None: no archive stored).
    pub shasum: Option<String>,
    /// Storage key of the archive.
    pub dist_path: Option<String>,
    /// Everything but `dist`, in Composer's key order.
    pub body: Map<String, Value>,
}

impl VersionDoc {
    /// Builds the metadata of a stored version served as `package`.
    pub fn from_row(package: &str, v: &package_version::Model) -> Self {
        let manifest = serde_json::from_str::<Value>(&v.composer_json)
            .ok()
            .and_then(|m| match m {
                Value::Object(map) => Some(map),
                _ => None,
            })
            .unwrap_or_default();
        let mut body = Map::new();
        body.insert("name".into(), Value::String(package.to_string()));
        body.insert("version".into(), Value::String(v.version.clone()));
        body.insert(
            "version_normalized".into(),
            Value::String(v.version_normalized.clone()),
        );
        for (k, val) in manifest {
            if !DROPPED_KEYS.contains(&k.as_str()) {
                body.insert(k, val);
            }
        }
        if let Some(t) = v.released_at {
            body.insert(
                "time".into(),
                Value::String(t.to_rfc3339_opts(SecondsFormat::Secs, false)),
            );
        }
        if v.is_default_branch {
            body.insert("default-branch".into(), Value::Bool(true));
        }
        if v.deprecated && !body.contains_key("abandoned") {
            // Composer has no per-version deprecation; "abandoned" makes it warn.
            body.insert("abandoned".into(), Value::Bool(true));
        }
        Self {
            id: v.id,
            version: v.version.clone(),
            version_normalized: v.version_normalized.clone(),
            reference: v.reference.clone(),
            is_dev: v.is_dev,
            yanked: v.yanked,
            released_at: v.released_at,
            shasum: v.sha1.clone(),
            dist_path: v.dist_path.clone(),
            body,
        }
    }

    /// The full version object, with the dist URL for `base`.
    pub fn expand(&self, base: &str, package: &str) -> Map<String, Value> {
        let mut obj = self.body.clone();
        if let Some(shasum) = &self.shasum {
            let mut dist = Map::new();
            dist.insert("type".into(), Value::String("zip".into()));
            dist.insert(
                "url".into(),
                Value::String(dist_url(
                    base,
                    package,
                    &self.version_normalized,
                    &self.reference,
                )),
            );
            dist.insert("reference".into(), Value::String(self.reference.clone()));
            dist.insert("shasum".into(), Value::String(shasum.clone()));
            obj.insert("dist".into(), Value::Object(dist));
        }
        obj
    }
}

/// `{base}/dist/{vendor}/{name}/{version_normalized}/{reference}.zip`: unique to the
/// archive's content (the reference), so a moved tag never reuses a cached zip.
pub fn dist_url(base: &str, package: &str, version_normalized: &str, reference: &str) -> String {
    format!(
        "{base}/dist/{package}/{}/{reference}.zip",
        encode_segment(version_normalized)
    )
}

/// Percent-encodes everything but unreserved characters, so a branch name with `/`
/// stays one path segment.
pub fn encode_segment(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// The minified `p2` document: the first version in full, each next one only with the
/// keys that differ from the previous one (`"__unset"` for removed keys).
pub fn p2_document(package: &str, versions: &[Map<String, Value>]) -> Value {
    let mut list = Vec::with_capacity(versions.len());
    let mut previous: Option<&Map<String, Value>> = None;
    for v in versions {
        let entry = match previous {
            None => v.clone(),
            Some(prev) => {
                let mut diff = Map::new();
                for (k, val) in v {
                    if prev.get(k) != Some(val) {
                        diff.insert(k.clone(), val.clone());
                    }
                }
                for k in prev.keys() {
                    if !v.contains_key(k) {
                        diff.insert(k.clone(), Value::String("__unset".into()));
                    }
                }
                diff
            }
        };
        list.push(Value::Object(entry));
        previous = Some(v);
    }
    let mut packages = Map::new();
    packages.insert(package.to_string(), Value::Array(list));
    let mut doc = Map::new();
    doc.insert("packages".into(), Value::Object(packages));
    doc.insert("minified".into(), Value::String("composer/2.0".into()));
    Value::Object(doc)
}

/// The Composer 1 `p` document: every version keyed by its version string.
pub fn p1_document(package: &str, versions: &[Map<String, Value>]) -> Value {
    let mut by_version = Map::new();
    for v in versions {
        let key = v
            .get("version")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_string();
        by_version.insert(key, Value::Object(v.clone()));
    }
    let mut packages = Map::new();
    packages.insert(package.to_string(), Value::Object(by_version));
    let mut doc = Map::new();
    doc.insert("packages".into(), Value::Object(packages));
    Value::Object(doc)
}

/// The root `packages.json` of a caller. Every URL is absolute: Composer completes a
/// `/`-rooted one with the host only, which breaks repositories under a path prefix.
pub fn root_document(base: &str, available: &[String]) -> Value {
    serde_json::json!({
        "packages": [],
        "metadata-url": format!("{base}/p2/%package%.json"),
        "providers-lazy-url": format!("{base}/p/%package%.json"),
        "available-packages": available,
        "notify-batch": format!("{base}/downloads"),
        "security-advisories": {
            "metadata": false,
            "api-url": format!("{base}/api/security-advisories"),
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn obj(v: Value) -> Map<String, Value> {
        match v {
            Value::Object(m) => m,
            _ => unreachable!(),
        }
    }

    #[test]
    fn minified_lists_only_differences() {
        let a = obj(
            json!({"name": "a/b", "version": "2.0.0", "require": {"php": ">=8"}, "license": ["MIT"]}),
        );
        let b = obj(json!({"name": "a/b", "version": "1.0.0", "require": {"php": ">=7"}}));
        let doc = p2_document("a/b", &[a, b]);
        assert_eq!(
            doc,
            json!({"packages": {"a/b": [
                {"name": "a/b", "version": "2.0.0", "require": {"php": ">=8"}, "license": ["MIT"]},
                {"version": "1.0.0", "require": {"php": ">=7"}, "license": "__unset"}
            ]}, "minified": "composer/2.0"})
        );
        assert_eq!(
            p2_document("a/b", &[]),
            json!({"packages": {"a/b": []}, "minified": "composer/2.0"})
        );
    }

    #[test]
    fn segments_are_encoded() {
        assert_eq!(encode_segment("dev-feature/x y"), "dev-feature%2Fx%20y");
        assert_eq!(encode_segment("1.0.0.0-RC1"), "1.0.0.0-RC1");
        assert_eq!(
            dist_url("http://h:1", "a/b", "dev-main", "abc"),
            "http://h:1/dist/a/b/dev-main/abc.zip"
        );
    }
}
