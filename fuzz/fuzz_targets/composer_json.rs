//! The composer.json loader: what sync does with the composer.json of each ref (the
//! planner: version from tag or branch, `version` field, branch aliases), then the
//! metadata that is served from the stored text (`p2` document) and the dist URL and
//! storage key of each version. Input: composer.json bytes, the same at every ref.
#![no_main]

use cargoman::db::entities::package_version;
use cargoman::domain::semver;
use cargoman::fuzzing;
use cargoman::service::composer::render::{self, Texts, VersionDoc};
use cargoman::storage::{dist_key, validate_key};
use libfuzzer_sys::fuzz_target;
use serde_json::Value;

const PACKAGE: &str = "acme/lib";
const TAGS: &[&str] = &["v1.0.0", "1.0.0", "2.0.0-beta1", "v3.x", "release-4"];
const BRANCHES: &[&str] = &["main", "1.x", "feature/x", "2.0"];

fuzz_target!(|data: &[u8]| {
    let (versions, skipped) = fuzzing::plan_versions(PACKAGE, TAGS, BRANCHES, Some("main"), data);
    assert!(versions.len() + skipped <= TAGS.len() + BRANCHES.len());
    let ts = chrono::DateTime::from_timestamp(1_700_000_000, 0).unwrap_or_default();
    let mut texts = Texts::default();
    let mut docs = Vec::new();
    for (i, v) in versions.iter().enumerate() {
        // Only what was read is stored, and it is a JSON object.
        assert_eq!(v.composer_json.as_bytes(), data);
        assert!(matches!(
            serde_json::from_slice::<Value>(data),
            Ok(Value::Object(_))
        ));
        // Versions are unique and normalized.
        assert!(
            versions[..i]
                .iter()
                .all(|o| o.version_normalized != v.version_normalized),
            "two versions normalize to {:?}",
            v.version_normalized
        );
        if v.is_tag {
            let n = semver::normalize(&v.version_normalized);
            assert!(
                n.as_deref().is_ok_and(|n| n == v.version_normalized),
                "tag {} gives {:?}, which normalizes to {n:?}",
                v.ref_name,
                v.version_normalized
            );
        }
        // The dist URL routes back to this version, and its storage key is valid.
        let reference = &v.commit;
        let url = render::dist_url("", PACKAGE, &v.version_normalized, reference);
        let tail = url.strip_prefix("/dist/").unwrap_or_default();
        assert_eq!(
            fuzzing::dist_path(tail),
            Some((
                PACKAGE.to_string(),
                v.version_normalized.clone(),
                reference.clone()
            )),
            "{url} does not route back"
        );
        let key = dist_key("default", PACKAGE, &v.version_normalized, reference);
        assert!(validate_key(&key).is_ok(), "{key}");
        let row = package_version::Model {
            id: i as i64 + 1,
            tenant_id: 1,
            package_id: 1,
            version: v.version.clone(),
            version_normalized: v.version_normalized.clone(),
            reference: reference.clone(),
            source_ref: None,
            is_dev: !v.is_tag,
            is_default_branch: v.is_default_branch,
            composer_json: v.composer_json.clone(),
            dist_path: Some(key),
            sha1: Some("0".repeat(40)),
            size: Some(1),
            released_at: Some(ts),
            yanked: false,
            deprecated: i % 2 == 1,
            created_at: ts,
            updated_at: ts,
        };
        docs.push(VersionDoc::from_row(PACKAGE, &row, &mut texts));
    }
    // The p2 document is JSON with one object per version, served under the package's
    // name whatever composer.json says.
    let texts = texts.finish();
    let expanded: Vec<_> = docs
        .iter()
        .map(|d| d.expand(&texts, "https://repo.example", PACKAGE))
        .collect();
    let doc = render::p2_document(PACKAGE, &expanded);
    let parsed: Value = match serde_json::from_str(&doc) {
        Ok(v) => v,
        Err(e) => panic!("the p2 document is not JSON ({e}): {doc}"),
    };
    let Some(list) = parsed["packages"][PACKAGE].as_array() else {
        panic!("no version list in {doc}");
    };
    assert_eq!(list.len(), versions.len(), "{doc}");
    // Expanded as Composer's MetadataMinifier does, each object is its version.
    let mut state = serde_json::Map::new();
    for (item, v) in list.iter().zip(&versions) {
        let Some(changes) = item.as_object() else {
            panic!("a version is not an object: {doc}");
        };
        for (key, value) in changes {
            if value == "__unset" {
                state.remove(key);
            } else {
                state.insert(key.clone(), value.clone());
            }
        }
        let current = Value::Object(state.clone());
        assert_eq!(current["name"], PACKAGE, "{doc}");
        assert_eq!(current["version"], v.version.as_str(), "{doc}");
        assert_eq!(
            current["version_normalized"],
            v.version_normalized.as_str(),
            "{doc}"
        );
        assert_eq!(current["dist"]["reference"], v.commit.as_str(), "{doc}");
    }
});
