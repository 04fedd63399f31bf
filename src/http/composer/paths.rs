//! Parsing of Composer URL paths. Anything unexpected (upper case, `..`, encoded
//! slashes in names, a doubled `.json`) simply is not a name hosted here.

use crate::domain::package_name::PackageName;

/// `vendor/name.json` → (`vendor/name`, false); `vendor/name~dev.json` → (…, true).
pub fn metadata_path(path: &str) -> Option<(&str, bool)> {
    let stem = path.strip_suffix(".json")?;
    let (name, dev) = match stem.strip_suffix("~dev") {
        Some(n) => (n, true),
        None => (stem, false),
    };
    PackageName::is_valid(name).then_some((name, dev))
}

pub struct DistPath {
    pub package: String,
    pub version: String,
    pub reference: String,
}

/// Longest `/dist/` path accepted. The version is a branch name, which git allows up to
/// 4096 bytes (`PATH_MAX`), percent-encoded at up to 3 bytes a byte: every URL the
/// registry gives out must route back (found by the `request_path` fuzz target).
const MAX_DIST_PATH: usize = 16 * 1024;

/// `vendor/name/{version…}/{reference}.zip`; the version is percent-decoded (a branch
/// name may hold `/`, encoded as `%2F`).
pub fn dist_path(path: &str) -> Option<DistPath> {
    if path.len() > MAX_DIST_PATH {
        return None;
    }
    let segments: Vec<&str> = path.split('/').collect();
    if segments.len() < 4 {
        return None;
    }
    let package = format!("{}/{}", segments[0], segments[1]);
    if !PackageName::is_valid(&package) {
        return None;
    }
    let reference = segments.last()?.strip_suffix(".zip")?;
    if reference.is_empty()
        || reference.len() > 64
        || !reference.bytes().all(|b| b.is_ascii_alphanumeric())
    {
        return None;
    }
    let middle = &segments[2..segments.len() - 1];
    if middle
        .iter()
        .any(|s| s.is_empty() || *s == "." || *s == "..")
    {
        return None;
    }
    let raw = middle.join("/");
    let version = percent_decode(&raw)?;
    if version.is_empty() || version.chars().any(char::is_control) {
        return None;
    }
    Some(DistPath {
        package,
        version,
        reference: reference.to_string(),
    })
}

fn percent_decode(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = s.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn metadata_paths() {
        assert_eq!(metadata_path("acme/lib.json"), Some(("acme/lib", false)));
        assert_eq!(metadata_path("acme/lib~dev.json"), Some(("acme/lib", true)));
        // "acme/lib.json.json" is the valid name acme/lib.json: not hosted, hence 404.
        assert_eq!(
            metadata_path("acme/lib.json.json"),
            Some(("acme/lib.json", false))
        );
        for bad in [
            "Acme/lib.json",
            "acme/lib",
            "acme/../lib.json",
            "acme%2Flib.json",
            "../../etc/passwd.json",
            "acme/lib~dev~dev.json",
            "",
        ] {
            assert_eq!(metadata_path(bad), None, "{bad}");
        }
    }

    #[test]
    fn long_versions_route_back() {
        // A 4096-byte branch name, every byte escaped in the dist URL.
        let version = format!("dev-{}", ":".repeat(4092));
        let url = crate::service::composer::render::dist_url("", "acme/lib", &version, "abc");
        assert!(url.len() > 12_000);
        let d = dist_path(url.strip_prefix("/dist/").unwrap()).unwrap();
        assert_eq!(
            (d.package.as_str(), d.version, d.reference.as_str()),
            ("acme/lib", version, "abc")
        );
        assert!(dist_path(&format!("acme/lib/{}/abc.zip", "1".repeat(MAX_DIST_PATH))).is_none());
    }

    #[test]
    fn dist_paths() {
        let d = dist_path("acme/lib/dev-feature%2Fx/0123abcd.zip").unwrap();
        assert_eq!(
            (d.package.as_str(), d.version.as_str(), d.reference.as_str()),
            ("acme/lib", "dev-feature/x", "0123abcd")
        );
        let d = dist_path("acme/lib/1.0.0.0/abc.zip").unwrap();
        assert_eq!(d.version, "1.0.0.0");
        for bad in [
            "acme/lib/1.0/abc",
            "acme/lib/abc.zip",
            "acme/Lib/1.0/abc.zip",
            "acme/lib/1.0/../x.zip",
            "acme/lib/%zz/abc.zip",
            "acme/lib/%00/abc.zip",
            "../../x/1.0/abc.zip",
        ] {
            assert!(dist_path(bad).is_none(), "{bad}");
        }
    }
}
