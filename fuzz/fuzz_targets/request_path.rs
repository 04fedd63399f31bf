//! Request paths: the Composer route parser (`metadata::route`), the `p2`/`p` and
//! `/dist/` path parsers, and the storage keys built from what they give. Every key
//! stays under its tenant's prefix and passes the storage's own key check.
//! Input: a raw request path.
#![no_main]

use cargoman::domain::package_name::PackageName;
use cargoman::fuzzing;
use cargoman::http::composer::metadata::{File, route_path};
use cargoman::http::composer::time_machine_until;
use cargoman::service::composer::render::dist_url;
use cargoman::storage::{dist_key, proxy_key, validate_key};
use libfuzzer_sys::fuzz_target;

/// `key` is valid and lies under `prefix`, in exactly `segments` segments.
fn check_key(key: &str, prefix: &str, segments: usize) {
    if let Err(e) = validate_key(key) {
        panic!("invalid key {key:?}: {e}");
    }
    assert!(key.starts_with(prefix), "{key:?} is not under {prefix:?}");
    assert_eq!(key.split('/').count(), segments, "{key:?}");
    assert!(key.split('/').all(|s| s != ".." && s != "."), "{key:?}");
}

fn check_metadata(tail: &str) {
    let Some((name, dev)) = fuzzing::metadata_path(tail) else {
        return;
    };
    assert!(PackageName::is_valid(name), "{name:?}");
    assert_eq!(
        format!("{name}{}.json", if dev { "~dev" } else { "" }),
        tail
    );
    assert!(!name.split('/').any(|s| s == ".." || s == "."), "{name:?}");
    // Proxy cache keys keep vendor/name as folders.
    check_key(&proxy_key("acme", "p2", name), "t/acme/proxy/p2/", 6);
}

fn check_dist(tail: &str) {
    let Some((package, version, reference)) = fuzzing::dist_path(tail) else {
        return;
    };
    assert!(PackageName::is_valid(&package), "{package:?}");
    assert!(!version.is_empty() && !version.chars().any(char::is_control));
    assert!(!reference.is_empty() && reference.bytes().all(|b| b.is_ascii_alphanumeric()));
    check_key(
        &dist_key("acme", &package, &version, &reference),
        "t/acme/dist/",
        6,
    );
    // The URL the registry would give for this version routes back to it. (`.` and
    // `..` are never versions: the path parser refuses them as segments. Versions come
    // from ref names, which git keeps under 4096 bytes.)
    if version != "." && version != ".." && version.len() <= 4096 {
        let url = dist_url("", &package, &version, &reference);
        let back = url.strip_prefix("/dist/").and_then(fuzzing::dist_path);
        assert_eq!(back, Some((package, version, reference)), "{url}");
    }
}

fuzz_target!(|data: &[u8]| {
    let Ok(path) = std::str::from_utf8(data) else {
        return;
    };
    if let Some(route) = route_path(path) {
        if let Some(date) = route.date {
            assert_eq!(date.len(), 10);
            assert!(path.starts_with("/time-machine/"));
            let _ = time_machine_until(date);
        }
        match route.file {
            File::Root => assert!(path.ends_with("/packages.json")),
            File::V2(tail) | File::V1(tail) => check_metadata(tail),
        }
    }
    let undated = match path.strip_prefix("/time-machine/") {
        Some(rest) => rest.split_at_checked(10).map_or("", |(_, tail)| tail),
        None => path,
    };
    if let Some(tail) = undated
        .strip_prefix("/dist/")
        .or_else(|| undated.strip_prefix("/dist-proxy/"))
    {
        check_dist(tail);
    }
    // Any text at all makes keys under the tenant's prefix.
    let mid = (0..=path.len() / 2)
        .rev()
        .find(|&i| path.is_char_boundary(i))
        .unwrap_or(0);
    let (tenant, rest) = path.split_at(mid);
    check_key(&dist_key(tenant, rest, path, rest), "t/", 6);
    let key = proxy_key(tenant, "p2", rest);
    if let Err(e) = validate_key(&key) {
        panic!("invalid key {key:?}: {e}");
    }
    assert!(
        key.starts_with("t/") && key.split('/').nth(2) == Some("proxy"),
        "{key:?}"
    );
});
