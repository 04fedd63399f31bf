//! Composer metadata as the client reads it: version objects built from the stored
//! composer.json, the minified `p2` files and the Composer 1 `p` files.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::sync::Arc;

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

/// One field of a version object being rendered: the key as a JSON string literal and
/// the value as compact JSON.
pub type Field<'a> = (Cow<'a, str>, Cow<'a, str>);

/// The JSON texts of one package's versions, each held once: most versions repeat
/// their authors, autoload and license, so a package costs little more than what its
/// versions change. Versions refer to texts by index.
#[derive(Default)]
pub struct Texts {
    index: HashMap<Arc<str>, u32>,
    list: Vec<Arc<str>>,
}

impl Texts {
    fn id(&mut self, text: String) -> u32 {
        if let Some(&id) = self.index.get(text.as_str()) {
            return id;
        }
        let id = u32::try_from(self.list.len()).unwrap_or(u32::MAX);
        let shared: Arc<str> = Arc::from(text);
        self.index.insert(shared.clone(), id);
        self.list.push(shared);
        id
    }

    fn field(&mut self, key: &str, value: &Value) -> (u32, u32) {
        (self.id(json_text(key)), self.id(json_text(value)))
    }

    /// The texts, indexed as the versions built with them refer to them.
    pub fn finish(self) -> Box<[Arc<str>]> {
        self.list.into_boxed_slice()
    }
}

fn json_text<T: serde::Serialize + ?Sized>(value: &T) -> String {
    serde_json::to_string(value).unwrap_or_else(|_| "null".into())
}

/// One version, ready to be rendered for any caller: its metadata object without the
/// dist URL (which depends on the URL the caller used), held as JSON text.
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
    /// Everything but `dist`, in Composer's key order, as indexes into the package's
    /// [`Texts`].
    pub fields: Box<[(u32, u32)]>,
}

impl VersionDoc {
    /// Builds the metadata of a stored version served as `package`.
    pub fn from_row(package: &str, v: &package_version::Model, texts: &mut Texts) -> Self {
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
        let fields = body.iter().map(|(k, v)| texts.field(k, v)).collect();
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
            fields,
        }
    }

    /// The full version object, with the dist URL for `base`; `texts` are the
    /// package's.
    pub fn expand<'a>(&self, texts: &'a [Arc<str>], base: &str, package: &str) -> Vec<Field<'a>> {
        let text = |id: u32| Cow::Borrowed(texts.get(id as usize).map_or("null", |t| &**t));
        let mut fields: Vec<Field<'a>> = Vec::with_capacity(self.fields.len() + 1);
        fields.extend(self.fields.iter().map(|&(k, v)| (text(k), text(v))));
        if let Some(shasum) = &self.shasum {
            let dist = serde_json::json!({
                "type": "zip",
                "url": dist_url(base, package, &self.version_normalized, &self.reference),
                "reference": self.reference,
                "shasum": shasum,
            });
            fields.push((Cow::Borrowed("\"dist\""), Cow::Owned(json_text(&dist))));
        }
        fields
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

/// Writes `{key:value,…}`.
fn write_object<'a>(out: &mut String, fields: impl IntoIterator<Item = (&'a str, &'a str)>) {
    out.push('{');
    for (i, (k, v)) in fields.into_iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str(k);
        out.push(':');
        out.push_str(v);
    }
    out.push('}');
}

/// The value of `key` in `fields`.
fn find<'a>(fields: &'a [Field<'_>], key: &str) -> Option<&'a str> {
    fields.iter().find(|(k, _)| k == key).map(|(_, v)| &**v)
}

/// Equal texts; the same shared text is recognised without reading it.
fn same(a: &str, b: &str) -> bool {
    (std::ptr::eq(a.as_ptr(), b.as_ptr()) && a.len() == b.len()) || a == b
}

/// The minified `p2` document: the first version in full, each next one only with the
/// keys that differ from the previous one (`"__unset"` for removed keys).
pub fn p2_document(package: &str, versions: &[Vec<Field<'_>>]) -> String {
    let mut out = String::with_capacity(256 + versions.len() * 512);
    out.push_str("{\"packages\":{");
    out.push_str(&json_text(package));
    out.push_str(":[");
    let mut previous: Option<&Vec<Field<'_>>> = None;
    for (i, v) in versions.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        match previous {
            None => write_object(&mut out, v.iter().map(|(k, v)| (&**k, &**v))),
            Some(prev) => {
                let changed = v
                    .iter()
                    .filter(|(k, val)| find(prev, k).is_none_or(|p| !same(p, val)))
                    .map(|(k, v)| (&**k, &**v));
                let removed = prev
                    .iter()
                    .filter(|(k, _)| find(v, k).is_none())
                    .map(|(k, _)| (&**k, "\"__unset\""));
                write_object(&mut out, changed.chain(removed));
            }
        }
        previous = Some(v);
    }
    out.push_str("]},\"minified\":\"composer/2.0\"}");
    out
}

/// The Composer 1 `p` document: every version keyed by its version string.
pub fn p1_document(package: &str, versions: &[(&str, Vec<Field<'_>>)]) -> String {
    let mut out = String::with_capacity(256 + versions.len() * 1024);
    out.push_str("{\"packages\":{");
    out.push_str(&json_text(package));
    out.push_str(":{");
    let mut seen = HashSet::new();
    let mut first = true;
    for (version, fields) in versions {
        // A JSON object names each version once.
        if !seen.insert(*version) {
            continue;
        }
        if !first {
            out.push(',');
        }
        first = false;
        out.push_str(&json_text(version));
        out.push(':');
        write_object(&mut out, fields.iter().map(|(k, v)| (&**k, &**v)));
    }
    out.push_str("}}}");
    out
}

/// The root `packages.json` of a caller. Every URL is absolute: Composer completes a
/// `/`-rooted one with the host only, which breaks repositories under a path prefix.
/// With the proxy on (`proxied`), every name may be asked here, so the root does not
/// restrict them with `available-packages`.
pub fn root_document(base: &str, available: &[String], proxied: bool) -> Value {
    let mut doc = serde_json::json!({
        "packages": [],
        "metadata-url": format!("{base}/p2/%package%.json"),
        "providers-lazy-url": format!("{base}/p/%package%.json"),
        "available-packages": available,
        "notify-batch": format!("{base}/downloads"),
        "security-advisories": {
            "metadata": false,
            "api-url": format!("{base}/api/security-advisories"),
        },
    });
    if proxied && let Some(map) = doc.as_object_mut() {
        map.remove("available-packages");
        // Composer 1 clients would ask /p/ for every name: the proxy relays p2 only.
        map.remove("providers-lazy-url");
    }
    doc
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn fields(v: Value) -> Vec<Field<'static>> {
        match v {
            Value::Object(m) => m
                .iter()
                .map(|(k, v)| (Cow::Owned(json_text(k)), Cow::Owned(json_text(v))))
                .collect(),
            _ => unreachable!(),
        }
    }

    fn parse(text: &str) -> Value {
        serde_json::from_str(text).unwrap()
    }

    #[test]
    fn minified_lists_only_differences() {
        let a = fields(
            json!({"name": "a/b", "version": "2.0.0", "require": {"php": ">=8"}, "license": ["MIT"]}),
        );
        let b = fields(json!({"name": "a/b", "version": "1.0.0", "require": {"php": ">=7"}}));
        let c = fields(json!({"name": "a/b", "version": "0.9.0", "require": {"php": ">=7"}}));
        let text = p2_document("a/b", &[a, b, c]);
        assert_eq!(
            parse(&text),
            json!({"packages": {"a/b": [
                {"name": "a/b", "version": "2.0.0", "require": {"php": ">=8"}, "license": ["MIT"]},
                {"version": "1.0.0", "require": {"php": ">=7"}, "license": "__unset"},
                {"version": "0.9.0"}
            ]}, "minified": "composer/2.0"})
        );
        assert!(!text.contains(' '), "minified: {text}");
        assert_eq!(
            parse(&p2_document("a/b", &[])),
            json!({"packages": {"a/b": []}, "minified": "composer/2.0"})
        );
    }

    #[test]
    fn composer1_files_key_versions_and_escape_text() {
        let v = fields(json!({"name": "a/b", "version": "1.0.0", "description": "say \"hi\"\n"}));
        let text = p1_document("a/b", &[("1.0.0", v.clone()), ("1.0.0", v)]);
        assert_eq!(
            parse(&text),
            json!({"packages": {"a/b": {"1.0.0":
                {"name": "a/b", "version": "1.0.0", "description": "say \"hi\"\n"}}}})
        );
    }

    #[test]
    fn versions_share_repeated_texts() {
        let mut texts = Texts::default();
        let a = texts.field("license", &json!(["MIT"]));
        let b = texts.field("license", &json!(["MIT"]));
        let c = texts.field("license", &json!(["GPL-3.0-only"]));
        assert_eq!(a, b);
        assert_eq!(a.0, c.0);
        assert_ne!(a.1, c.1);
        let list = texts.finish();
        assert_eq!(&*list[a.1 as usize], r#"["MIT"]"#);
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
