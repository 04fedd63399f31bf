//! Storage keys: validation, so no key can leave the storage root, and builders that
//! map any tenant, package or version text to safe, distinct keys.

use std::fmt::Write as _;

use sha2::{Digest, Sha256};

use super::StorageError;

/// Longest key: S3 allows 1024 bytes, and a prefix may come in front.
pub const MAX_KEY_LEN: usize = 900;
/// Longest segment: below the usual 255-byte file name limit, with room for the
/// random suffix of the temporary file.
pub const MAX_SEGMENT_LEN: usize = 220;
/// Escaped names longer than this are shortened (see [`escape`]).
const LONG_SEGMENT: usize = 160;
/// Length of the digest that ends a shortened segment.
const DIGEST_HEX: usize = 32;

/// Refuses any key that could mean something other than one object under the storage
/// root: empty, absolute, `.`/`..` or hidden segments, backslashes, control
/// characters, or lengths no filesystem or S3 accepts.
pub fn validate_key(key: &str) -> Result<(), StorageError> {
    match key_problem(key) {
        None => Ok(()),
        Some(reason) => Err(StorageError::InvalidKey {
            key: shown(key),
            reason,
        }),
    }
}

fn key_problem(key: &str) -> Option<&'static str> {
    if key.is_empty() {
        return Some("it is empty");
    }
    if key.len() > MAX_KEY_LEN {
        return Some("it is longer than 900 bytes");
    }
    if key.starts_with('/') {
        return Some("it starts with '/'");
    }
    if key.contains('\\') {
        return Some("it contains a backslash");
    }
    if key.chars().any(char::is_control) {
        return Some("it contains a control character");
    }
    key.split('/').find_map(|segment| match segment {
        "" => Some("it has an empty segment ('//' or a trailing '/')"),
        "." | ".." => Some("'.' and '..' segments are not allowed"),
        s if s.starts_with('.') => Some("segments starting with '.' are reserved"),
        s if s.len() > MAX_SEGMENT_LEN => Some("a segment is longer than 220 bytes"),
        _ => None,
    })
}

/// A key as shown in messages: control characters escaped, long ones cut.
pub(super) fn shown(key: &str) -> String {
    let mut out: String = key.chars().take(120).flat_map(char::escape_debug).collect();
    if key.chars().nth(120).is_some() {
        out.push('…');
    }
    out
}

/// The folder of a package's built dist archives (every [`dist_key`] of it starts with it).
pub fn dist_prefix(tenant: &str, package: &str) -> String {
    let (vendor, name) = match package.split_once('/') {
        Some((vendor, name)) => (escape_segment(vendor), escape_segment(name)),
        None => ("%%".to_string(), escape_segment(package)),
    };
    format!("t/{}/dist/{vendor}/{name}/", escape_segment(tenant))
}

/// Key of a built dist archive:
/// `t/<tenant>/dist/<vendor>/<name>/<version>-<ref12>.zip`, every part escaped by
/// [`escape`], so any Composer version (`dev-feature/x`, `1.0.0.0-beta1`) maps to one
/// safe segment and distinct inputs give distinct keys.
pub fn dist_key(tenant: &str, package: &str, version_normalized: &str, reference: &str) -> String {
    // A name without vendor (never valid in Composer) goes under `%%`, which no
    // escaped vendor can be.
    let reference: String = reference.chars().take(12).collect();
    format!(
        "{}{}-{}.zip",
        dist_prefix(tenant, package),
        escape_segment(version_normalized),
        // No '-' in this part, so the last '-' of the file name separates the two.
        escape(&reference, |b| b.is_ascii_alphanumeric(), 40),
    )
}

/// Key of a Packagist proxy cache entry: `t/<tenant>/proxy/<kind>/<name…>`. A name of
/// up to three `/`-separated parts (`vendor/package`) keeps them as folders, so one
/// package's entries can be listed or deleted together; longer names become one
/// escaped segment.
pub fn proxy_key(tenant: &str, kind: &str, name: &str) -> String {
    let parts: Vec<&str> = name.split('/').collect();
    let name = if parts.len() <= 3 {
        parts
            .iter()
            .map(|p| escape_segment(p))
            .collect::<Vec<_>>()
            .join("/")
    } else {
        escape_segment(name)
    };
    format!(
        "t/{}/proxy/{}/{name}",
        escape_segment(tenant),
        escape_segment(kind)
    )
}

fn escape_segment(text: &str) -> String {
    escape(
        text,
        |b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-'),
        LONG_SEGMENT,
    )
}

/// One key segment from any text: bytes that `keep` refuses, and a leading `.`, become
/// `%XX`; the empty text becomes `%` (never produced otherwise). Results longer than
/// `max` keep a readable head and end with `~` and a digest of the whole text (`~` is
/// always escaped, so this form cannot collide with an unshortened one).
fn escape(text: &str, keep: impl Fn(u8) -> bool, max: usize) -> String {
    if text.is_empty() {
        return "%".into();
    }
    let mut out = String::with_capacity(text.len());
    for (i, b) in text.bytes().enumerate() {
        if keep(b) && !(i == 0 && b == b'.') {
            out.push(char::from(b));
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
    if out.len() <= max {
        return out;
    }
    let mut cut = max - DIGEST_HEX - 1;
    // Never cut inside a `%XX` escape: `%` itself is always escaped, so a `%` in the
    // last two bytes of the head starts an escape.
    while out[..cut].bytes().rev().take(2).any(|b| b == b'%') {
        cut -= 1;
    }
    let digest = hex::encode(Sha256::digest(text.as_bytes()));
    format!("{}~{}", &out[..cut], &digest[..DIGEST_HEX])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn invalid(key: &str) -> &'static str {
        match validate_key(key) {
            Err(StorageError::InvalidKey { reason, .. }) => reason,
            other => panic!("{key:?} was accepted: {other:?}"),
        }
    }

    #[test]
    fn keys_that_could_escape_are_refused() {
        for key in [
            "",
            "/etc/passwd",
            "../../etc/passwd",
            "a/../../b",
            "a/./b",
            "a//b",
            "a/b/",
            "a\\..\\b",
            "a/\0b",
            "a/b\nc",
            "a/\u{7f}",
            "a/\u{85}b",
            ".tmp/x",
            "a/.hidden",
        ] {
            invalid(key);
        }
        invalid(&"a/".repeat(500));
        invalid(&"x".repeat(MAX_SEGMENT_LEN + 1));
    }

    #[test]
    fn ordinary_keys_pass() {
        for key in [
            "a",
            "t/acme/dist/x/y/1.0.0.0-abc.zip",
            "a/é/日本",
            "a/%2F/b~c",
        ] {
            validate_key(key).unwrap();
        }
    }

    #[test]
    fn messages_escape_hostile_keys() {
        let err = validate_key("a/\u{1b}[31m").unwrap_err().to_string();
        assert!(!err.contains('\u{1b}'), "{err}");
        let long = validate_key(&"é".repeat(1000)).unwrap_err().to_string();
        assert!(long.len() < 400, "{long}");
    }

    #[test]
    fn dist_keys_start_with_their_package_prefix() {
        for (package, version) in [
            ("monolog/monolog", "1.2.3.0"),
            ("acme/lib", "dev-feature/x"),
            ("noslash", "1.0.0.0"),
        ] {
            let prefix = dist_prefix("acme", package);
            assert!(dist_key("acme", package, version, "abc").starts_with(&prefix));
            assert!(prefix.ends_with('/'));
        }
        // One package's folder never holds another's archives.
        assert!(
            !dist_key("acme", "acme/lib-x", "1.0.0.0", "a")
                .starts_with(&dist_prefix("acme", "acme/lib"))
        );
    }

    #[test]
    fn dist_keys_are_safe_and_readable() {
        assert_eq!(
            dist_key("acme", "monolog/monolog", "1.2.3.0", "0123456789abcdef0123"),
            "t/acme/dist/monolog/monolog/1.2.3.0-0123456789ab.zip"
        );
        assert_eq!(
            dist_key("acme", "a/b", "dev-feature/x", "zz"),
            "t/acme/dist/a/b/dev-feature%2Fx-zz.zip"
        );
    }

    #[test]
    fn hostile_inputs_give_valid_keys() {
        let long = "x".repeat(5000);
        let unicode = "日本語/🦀\u{0}\u{202e}";
        let hostile = [
            "../../etc/passwd",
            "..",
            ".",
            "",
            "/",
            "%2F",
            "a\\b",
            unicode,
            long.as_str(),
        ];
        for a in hostile {
            for b in hostile {
                let d = dist_key(a, &format!("{a}/{b}"), b, a);
                validate_key(&d).unwrap_or_else(|e| panic!("{d:?}: {e}"));
                assert!(d.starts_with("t/") && d.ends_with(".zip"), "{d}");
                let p = proxy_key(a, b, &format!("{a}/{b}/{a}/{b}"));
                validate_key(&p).unwrap_or_else(|e| panic!("{p:?}: {e}"));
                validate_key(&proxy_key(a, b, a)).unwrap();
            }
        }
        assert_eq!(
            dist_key("t", "v/n", "../../etc/passwd", "x"),
            "t/t/dist/v/n/%2E.%2F..%2Fetc%2Fpasswd-x.zip"
        );
        assert_eq!(proxy_key("t", "p2", "%2F/.."), "t/t/proxy/p2/%252F/%2E.");
    }

    #[test]
    fn distinct_inputs_give_distinct_keys() {
        let pairs = [
            (("a", "v/n", "1.0-ab", "c"), ("a", "v/n", "1.0", "ab-c")),
            (("a", "v/n", "", "c"), ("a", "v/n", "%", "c")),
            (("a", "n", "1", "c"), ("a", "/n", "1", "c")),
            (("a", "v/n/x", "1", "c"), ("a", "v/n%2Fx", "1", "c")),
        ];
        for (x, y) in pairs {
            assert_ne!(dist_key(x.0, x.1, x.2, x.3), dist_key(y.0, y.1, y.2, y.3));
        }
        let long_a = format!("{}a", "x".repeat(400));
        let long_b = format!("{}b", "x".repeat(400));
        assert_ne!(escape_segment(&long_a), escape_segment(&long_b));
        assert_ne!(
            proxy_key("t", "k", "a/b/c/d"),
            proxy_key("t", "k", "a%2Fb%2Fc%2Fd")
        );
    }

    #[test]
    fn long_segments_are_shortened_without_splitting_escapes() {
        for n in 0..8 {
            let text = format!("{}{}", "a".repeat(n), "é".repeat(200));
            let s = escape_segment(&text);
            assert!(s.len() <= LONG_SEGMENT, "{}", s.len());
            let head = s.split('~').next().unwrap();
            assert!(head.split('%').skip(1).all(|e| e.len() >= 2), "{s}");
        }
    }
}
