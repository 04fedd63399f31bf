//! Upstream Composer metadata relayed faithfully: a `p2` file is read into its members
//! and expanded versions with every value kept as the upstream's own JSON text, so what
//! reaches the client is the upstream's bytes except the dist URLs (rewritten to
//! `/dist-proxy/…`). Versions can be filtered by release date (the Time Machine) and
//! the file is minified again the way Composer's `MetadataMinifier` does.

use std::sync::Arc;

use chrono::{DateTime, Utc};
use indexmap::IndexMap;
use serde_json::value::RawValue;
use sha1::Digest;

use crate::service::composer::render::encode_segment;

/// Marks where the base URL of the request goes in a rendered template.
const BASE: char = '\u{0}';

/// Why an upstream file cannot be relayed.
#[derive(Debug, thiserror::Error)]
#[error("the upstream answered metadata that is not a Composer p2 file: {0}")]
pub struct BadMetadata(String);

/// One version of an upstream file, expanded (minified keys inherited) and indexed.
struct Version {
    /// Members in order: key as written by serde_json, value as the upstream's JSON text.
    fields: IndexMap<String, Arc<str>>,
    version_normalized: String,
    /// The reference in our dist URL: the upstream's when it is a plain alphanumeric
    /// id, else derived from the dist URL.
    reference: Option<String>,
    dist_url: Option<String>,
    time: Option<DateTime<Utc>>,
}

/// A parsed upstream `p2` (or `~dev`) file of one package.
pub struct Doc {
    pub name: String,
    /// Top-level members in order; `None` is `packages`, rendered from `versions`.
    top: Vec<(String, Option<Arc<str>>)>,
    versions: Vec<Version>,
    minified: bool,
}

/// Where an archive of the upstream is fetched from.
#[derive(Debug, Clone)]
pub struct DistSource {
    pub url: String,
    pub version: String,
    pub released_at: Option<DateTime<Utc>>,
}

impl Doc {
    /// Reads an upstream file for `name`.
    pub fn parse(name: &str, bytes: &[u8]) -> Result<Self, BadMetadata> {
        let top: IndexMap<String, Box<RawValue>> = serde_json::from_slice(bytes)
            .map_err(|e| BadMetadata(format!("not a JSON object ({e})")))?;
        let packages = top
            .get("packages")
            .ok_or_else(|| BadMetadata("no \"packages\" member".into()))?;
        let mut by_name: IndexMap<String, Box<RawValue>> = serde_json::from_str(packages.get())
            .map_err(|_| BadMetadata("\"packages\" is not an object".into()))?;
        let list = by_name
            .shift_remove(name)
            .ok_or_else(|| BadMetadata(format!("it does not describe {name}")))?;
        let minified = top
            .get("minified")
            .is_some_and(|m| m.get() == "\"composer/2.0\"");
        let raw_versions: Vec<IndexMap<String, Box<RawValue>>> =
            serde_json::from_str(list.get())
                .map_err(|_| BadMetadata(format!("the versions of {name} are not a list")))?;
        let mut versions = Vec::with_capacity(raw_versions.len());
        let mut current: IndexMap<String, Arc<str>> = IndexMap::new();
        for raw in raw_versions {
            if !minified {
                current.clear();
            }
            for (k, v) in raw {
                if minified && v.get() == "\"__unset\"" {
                    current.shift_remove(&k);
                } else {
                    current.insert(k, Arc::from(v.get()));
                }
            }
            versions.push(Version::index(current.clone()));
        }
        let top = top
            .into_iter()
            .map(|(k, v)| {
                let value = (k != "packages").then(|| Arc::from(v.get()));
                (k, value)
            })
            .collect();
        Ok(Self {
            name: name.to_string(),
            top,
            versions,
            minified,
        })
    }

    /// A file without versions (a placeholder while only the index row is known).
    pub fn empty(name: &str) -> Self {
        Self {
            name: name.to_string(),
            top: vec![("packages".into(), None)],
            versions: Vec::new(),
            minified: false,
        }
    }

    pub fn version_count(&self) -> usize {
        self.versions.len()
    }

    /// The file as the client receives it, as a template with [`BASE`] where the base
    /// URL goes: dist URLs point at `{base}/dist-proxy/…`, and with `until`, only
    /// versions released on or before it are left.
    pub fn template(&self, until: Option<DateTime<Utc>>) -> String {
        let mut out = String::with_capacity(256 + self.versions.len() * 600);
        out.push('{');
        for (i, (k, v)) in self.top.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            out.push_str(&json_text(k));
            out.push(':');
            match v {
                Some(v) => out.push_str(v),
                None => self.write_packages(&mut out, until),
            }
        }
        out.push('}');
        out
    }

    /// `{"vendor/name":[…]}`, minified again when the upstream's file was.
    fn write_packages(&self, out: &mut String, until: Option<DateTime<Utc>>) {
        out.push('{');
        out.push_str(&json_text(&self.name));
        out.push_str(":[");
        let shown = self
            .versions
            .iter()
            .filter(|v| until.is_none_or(|u| v.time.is_some_and(|t| t <= u)));
        let mut previous: Option<IndexMap<&str, String>> = None;
        for (i, v) in shown.enumerate() {
            if i > 0 {
                out.push(',');
            }
            let dist = self.dist_text(v);
            let fields: IndexMap<&str, String> = v
                .fields
                .iter()
                .map(|(k, val)| {
                    let val = match (&dist, k.as_str()) {
                        (Some(d), "dist") => d.clone(),
                        _ => val.to_string(),
                    };
                    (k.as_str(), val)
                })
                .collect();
            match (&previous, self.minified) {
                (Some(prev), true) => {
                    let changed = fields
                        .iter()
                        .filter(|(k, val)| prev.get(*k).is_none_or(|p| p != *val))
                        .map(|(k, v)| (*k, v.as_str()));
                    let removed = prev
                        .keys()
                        .filter(|k| !fields.contains_key(*k))
                        .map(|k| (*k, "\"__unset\""));
                    write_object(out, changed.chain(removed));
                }
                _ => write_object(out, fields.iter().map(|(k, v)| (*k, v.as_str()))),
            }
            previous = Some(fields);
        }
        out.push_str("]}");
    }

    /// The rewritten `dist` object of `v`, as a template.
    fn dist_text(&self, v: &Version) -> Option<String> {
        let raw = v.fields.get("dist")?;
        let reference = v.reference.as_deref()?;
        let dist: IndexMap<String, Box<RawValue>> = serde_json::from_str(raw).ok()?;
        let path = json_text(&format!(
            "/dist-proxy/{}/{}/{reference}.zip",
            self.name,
            encode_segment(&v.version_normalized)
        ));
        // The placeholder goes inside the string as the raw character (escaping it
        // would hide it from `fill`).
        let ours = format!("\"{BASE}{}", &path[1..]);
        let mut out = String::new();
        let has_url = dist.contains_key("url");
        let fields = dist.iter().map(|(k, v)| {
            let value = if k == "url" { ours.as_str() } else { v.get() };
            (k.as_str(), value)
        });
        if has_url {
            write_object(&mut out, fields);
        } else {
            write_object(&mut out, fields.chain([("url", ours.as_str())]));
        }
        Some(out)
    }

    /// Where the archive of `version_normalized` at `reference` comes from.
    pub fn dist_source(&self, version_normalized: &str, reference: &str) -> Option<DistSource> {
        self.versions
            .iter()
            .find(|v| {
                v.version_normalized == version_normalized
                    && v.reference.as_deref() == Some(reference)
            })
            .and_then(|v| {
                Some(DistSource {
                    url: v.dist_url.clone()?,
                    version: v
                        .fields
                        .get("version")
                        .and_then(|t| serde_json::from_str::<String>(t).ok())
                        .unwrap_or_else(|| v.version_normalized.clone()),
                    released_at: v.time,
                })
            })
    }
}

impl Version {
    fn index(fields: IndexMap<String, Arc<str>>) -> Self {
        let string = |k: &str| -> Option<String> {
            fields
                .get(k)
                .and_then(|t| serde_json::from_str::<String>(t).ok())
        };
        let version_normalized = string("version_normalized")
            .or_else(|| string("version"))
            .unwrap_or_default();
        let time = string("time").and_then(|t| parse_time(&t));
        let dist: Option<IndexMap<String, serde_json::Value>> = fields
            .get("dist")
            .and_then(|d| serde_json::from_str(d).ok());
        let dist_url = dist
            .as_ref()
            .and_then(|d| d.get("url"))
            .and_then(|u| u.as_str())
            .map(str::to_string);
        let upstream_ref = dist
            .as_ref()
            .and_then(|d| d.get("reference"))
            .and_then(|r| r.as_str());
        let reference = dist_url.as_ref().map(|url| match upstream_ref {
            Some(r)
                if !r.is_empty()
                    && r.len() <= 64
                    && r.bytes().all(|b| b.is_ascii_alphanumeric()) =>
            {
                r.to_string()
            }
            _ => hex::encode(sha1::Sha1::digest(url.as_bytes())),
        });
        Self {
            fields,
            version_normalized,
            reference,
            dist_url,
            time,
        }
    }
}

/// A Composer `time` value: RFC 3339, or `YYYY-MM-DD HH:MM:SS` (UTC).
fn parse_time(text: &str) -> Option<DateTime<Utc>> {
    if let Ok(t) = DateTime::parse_from_rfc3339(text) {
        return Some(t.with_timezone(&Utc));
    }
    chrono::NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M:%S")
        .ok()
        .map(|n| n.and_utc())
}

/// The template with the base URL put in: `base` is JSON-escaped (it sits inside
/// strings).
pub fn fill(template: &str, base: &str) -> String {
    let escaped = json_text(base);
    let escaped = &escaped[1..escaped.len() - 1];
    template.replace(BASE, escaped)
}

fn json_text<T: serde::Serialize + ?Sized>(value: &T) -> String {
    serde_json::to_string(value).unwrap_or_else(|_| "null".into())
}

/// Writes `{key:value,…}` (keys as JSON strings, values as given).
fn write_object<'a>(out: &mut String, fields: impl IntoIterator<Item = (&'a str, &'a str)>) {
    out.push('{');
    for (i, (k, v)) in fields.into_iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str(&json_text(k));
        out.push(':');
        out.push_str(v);
    }
    out.push('}');
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::{Value, json};

    fn upstream() -> String {
        // Minified as Packagist writes it, with members the proxy must keep.
        json!({
            "minified": "composer/2.0",
            "packages": {"psr/log": [
                {"name": "psr/log", "version": "3.0.2", "version_normalized": "3.0.2.0",
                 "description": "Common interface", "keywords": ["psr", "log"],
                 "time": "2024-09-11T13:17:53+00:00",
                 "dist": {"type": "zip", "url": "https://api.github.com/repos/php-fig/log/zipball/f16e1d", "reference": "f16e1d", "shasum": ""},
                 "require": {"php": ">=8.0.0"}, "extra": {"x": 1.50}},
                {"version": "2.0.0", "version_normalized": "2.0.0.0",
                 "time": "2021-07-14T16:41:46+00:00",
                 "dist": {"type": "zip", "url": "https://api.github.com/repos/php-fig/log/zipball/ef29f6", "reference": "ef29f6", "shasum": ""},
                 "extra": "__unset"},
                {"version": "1.0.0", "version_normalized": "1.0.0.0",
                 "time": "2012-12-21T11:40:51+00:00",
                 "dist": {"type": "zip", "url": "https://api.github.com/repos/php-fig/log/zipball/fe0936", "reference": "fe0936", "shasum": ""},
                 "require": {"php": ">=5.3.0"}}
            ]},
            "security-advisories": [{"advisoryId": "PKSA-1", "affectedVersions": ">=1.0,<1.1"}]
        })
        .to_string()
        // Spelled as PHP may write it: the relay must keep it.
        .replace("\"x\":1.5", "\"x\":1.50")
    }

    fn expand(doc: &Value) -> Vec<serde_json::Map<String, Value>> {
        let list = doc["packages"]["psr/log"].as_array().unwrap();
        let mut out: Vec<serde_json::Map<String, Value>> = Vec::new();
        let mut cur = serde_json::Map::new();
        for v in list {
            for (k, val) in v.as_object().unwrap() {
                if val == "__unset" {
                    cur.remove(k);
                } else {
                    cur.insert(k.clone(), val.clone());
                }
            }
            out.push(cur.clone());
        }
        out
    }

    #[test]
    fn relays_every_member_and_rewrites_only_dist_urls() {
        let text = upstream();
        let doc = Doc::parse("psr/log", text.as_bytes()).unwrap();
        let out = fill(&doc.template(None), "http://h:1/r");
        let parsed: Value = serde_json::from_str(&out).unwrap();
        let original: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(
            parsed["security-advisories"],
            original["security-advisories"]
        );
        assert_eq!(parsed["minified"], "composer/2.0");
        let (a, b) = (expand(&parsed), expand(&original));
        assert_eq!(a.len(), 3);
        for (x, y) in a.iter().zip(&b) {
            let mut x = x.clone();
            let mut y = y.clone();
            let dx = x.remove("dist").unwrap();
            let dy = y.remove("dist").unwrap();
            assert_eq!(x, y);
            assert_eq!(dx["reference"], dy["reference"]);
            assert_eq!(dx["shasum"], dy["shasum"]);
        }
        assert_eq!(
            a[0]["dist"]["url"],
            "http://h:1/r/dist-proxy/psr/log/3.0.2.0/f16e1d.zip"
        );
        // Numbers keep their upstream spelling.
        assert!(out.contains("\"x\":1.50"), "{out}");
        let src = doc.dist_source("2.0.0.0", "ef29f6").unwrap();
        assert_eq!(
            src.url,
            "https://api.github.com/repos/php-fig/log/zipball/ef29f6"
        );
        assert_eq!(src.version, "2.0.0");
        assert!(doc.dist_source("2.0.0.0", "fe0936").is_none());
    }

    #[test]
    fn time_machine_keeps_versions_released_up_to_the_date() {
        let doc = Doc::parse("psr/log", upstream().as_bytes()).unwrap();
        let until = DateTime::parse_from_rfc3339("2021-07-14T23:59:59+00:00")
            .unwrap()
            .with_timezone(&Utc);
        let out = fill(&doc.template(Some(until)), "http://h");
        let parsed: Value = serde_json::from_str(&out).unwrap();
        let versions = expand(&parsed);
        let names: Vec<_> = versions.iter().map(|v| v["version"].clone()).collect();
        assert_eq!(names, vec![json!("2.0.0"), json!("1.0.0")]);
        // The first shown version carries every field again.
        assert_eq!(versions[0]["description"], "Common interface");
        assert!(versions[0].get("extra").is_none());
    }

    #[test]
    fn garbage_is_refused() {
        for bad in [
            "",
            "not json",
            "[]",
            "{}",
            r#"{"packages": []}"#,
            r#"{"packages": {"other/name": []}}"#,
            r#"{"packages": {"psr/log": {"1.0": {}}}}"#,
        ] {
            assert!(Doc::parse("psr/log", bad.as_bytes()).is_err(), "{bad}");
        }
    }

    #[test]
    fn odd_references_get_a_stable_id_from_the_url() {
        let text = json!({"packages": {"a/b": [
            {"name": "a/b", "version": "1.0.0", "version_normalized": "1.0.0.0",
             "dist": {"type": "zip", "url": "https://repo.example/a/b-1.0.0.zip", "reference": "v1.0.0/x", "shasum": "abc"}}
        ]}})
        .to_string();
        let doc = Doc::parse("a/b", text.as_bytes()).unwrap();
        let out = fill(&doc.template(None), "http://h");
        let parsed: Value = serde_json::from_str(&out).unwrap();
        let url = parsed["packages"]["a/b"][0]["dist"]["url"]
            .as_str()
            .unwrap();
        let reference = url.rsplit('/').next().unwrap().trim_end_matches(".zip");
        assert_eq!(reference.len(), 40);
        assert_eq!(
            doc.dist_source("1.0.0.0", reference).unwrap().url,
            "https://repo.example/a/b-1.0.0.zip"
        );
        // Not minified upstream: not minified here either.
        assert!(parsed.get("minified").is_none());
        assert_eq!(parsed["packages"]["a/b"][0]["dist"]["shasum"], "abc");
    }
}
