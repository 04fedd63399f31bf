//! Ref → version decisions, checked against what Composer 2.5's VcsRepository does.

use super::*;

fn r(kind: RefKind, name: &str, commit: &str) -> GitRef {
    GitRef {
        kind,
        name: name.into(),
        commit: commit.into(),
        commit_time: 1_700_000_000,
    }
}

fn manifests<'a>(map: &'a [(&'a str, &'a str)]) -> impl Fn(&str) -> Manifest + 'a {
    move |commit: &str| match map.iter().find(|(c, _)| *c == commit) {
        Some((_, "")) => Manifest::Missing,
        Some((_, text)) => Manifest::Found(text.to_string()),
        None => Manifest::Missing,
    }
}

const OK: &str = r#"{"name": "acme/lib"}"#;

#[test]
fn tags_and_branches_become_versions() {
    let refs = [
        r(RefKind::Tag, "v1.0.0", "a"),
        r(RefKind::Tag, "1.1", "b"),
        r(RefKind::Branch, "main", "c"),
        r(RefKind::Branch, "2.x", "d"),
        r(RefKind::Branch, "feature/x", "e"),
    ];
    let read = manifests(&[("a", OK), ("b", OK), ("c", OK), ("d", OK), ("e", OK)]);
    let p = plan("acme/lib", &refs, Some("main"), &read);
    let got: Vec<_> = p
        .candidates
        .iter()
        .map(|c| {
            (
                c.version.as_str(),
                c.version_normalized.as_str(),
                c.is_default_branch,
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            ("1.1", "1.1.0.0", false),
            ("v1.0.0", "1.0.0.0", false),
            ("dev-main", "dev-main", true),
            ("2.x-dev", "2.9999999.9999999.9999999-dev", false),
            ("dev-feature/x", "dev-feature/x", false),
        ]
    );
    assert!(p.skipped.is_empty());
}

#[test]
fn first_tag_in_ref_order_wins_a_version() {
    let refs = [r(RefKind::Tag, "v1.0", "a"), r(RefKind::Tag, "1.0.0", "b")];
    let read = manifests(&[("a", OK), ("b", OK)]);
    let p = plan("acme/lib", &refs, None, &read);
    assert_eq!(p.candidates.len(), 1);
    assert_eq!(
        p.candidates[0].ref_name, "1.0.0",
        "\"1.0.0\" sorts before \"v1.0\""
    );
    assert_eq!(p.skipped[0].ref_name, "v1.0");
    assert!(p.skipped[0].message.contains("conflicts with tag 1.0.0"));
}

#[test]
fn refused_refs_are_skipped_with_reasons() {
    let refs = [
        r(RefKind::Tag, "not-a-version", "a"),
        r(RefKind::Tag, "2.0.0", "b"),
        r(RefKind::Tag, "3.0.0", "c"),
        r(RefKind::Tag, "4.0.0", "d"),
        r(RefKind::Tag, "5.0.0-dev", "e"),
        r(RefKind::Tag, "6.0.0", "f"),
        r(RefKind::Branch, "a,b", "g"),
    ];
    let read = manifests(&[
        ("a", OK),
        ("b", ""),
        ("c", "{not json"),
        ("d", r#"{"name": "acme/lib", "version": "4.1.0"}"#),
        ("e", OK),
        ("f", "[1, 2]"),
        ("g", OK),
    ]);
    let p = plan("acme/lib", &refs, None, &read);
    assert!(p.candidates.is_empty(), "{:?}", p.candidates);
    let reasons: Vec<_> = p
        .skipped
        .iter()
        .map(|s| (s.ref_name.as_str(), s.message.as_str()))
        .collect();
    let find = |name: &str| {
        reasons
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, m)| *m)
            .unwrap_or("")
    };
    assert!(find("not-a-version").contains("invalid tag name"));
    assert!(find("2.0.0").contains("no composer.json"));
    assert!(find("3.0.0").contains("not valid JSON"));
    assert!(find("4.0.0").contains("does not match version"));
    assert!(find("5.0.0-dev").contains("dev"));
    assert!(find("6.0.0").contains("not a JSON object"));
    assert!(find("a,b").contains("invalid branch name"));
}

#[test]
fn renamed_package_is_served_under_its_name_with_a_warning() {
    let refs = [r(RefKind::Tag, "1.0.0", "a")];
    let read = manifests(&[("a", r#"{"name": "acme/old-name"}"#)]);
    let p = plan("acme/lib", &refs, None, &read);
    assert_eq!(p.candidates.len(), 1);
    assert!(p.warnings[0].message.contains("acme/old-name"));
}

#[test]
fn default_branch_comes_first_among_branches() {
    let refs = [
        r(RefKind::Branch, "1.0", "a"),
        r(RefKind::Branch, "1.0.x", "b"),
    ];
    let read = manifests(&[("a", OK), ("b", OK)]);
    // Both are 1.0.x-dev; the default branch is read first and wins.
    let p = plan("acme/lib", &refs, Some("1.0.x"), &read);
    assert_eq!(p.candidates.len(), 1);
    assert_eq!(p.candidates[0].ref_name, "1.0.x");
    assert!(p.skipped[0].message.contains("conflicts with branch 1.0.x"));
}

#[test]
fn archive_excludes_are_read() {
    let refs = [r(RefKind::Tag, "1.0.0", "a")];
    let read = manifests(&[(
        "a",
        r#"{"name":"acme/lib","archive":{"exclude":["/tests","!keep", 3]}}"#,
    )]);
    let p = plan("acme/lib", &refs, None, &read);
    assert_eq!(p.candidates[0].archive_excludes(), ["/tests", "!keep"]);
}
