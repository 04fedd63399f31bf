//! Package sync from real git repositories, through the real binary, on both databases
//! and both storage backends: versions from tags and branches, incremental re-syncs
//! (new, moved, deleted tags), archive contents, and bad repositories.

use std::path::Path;

use sha1::{Digest, Sha1};

use crate::support::TestDb;
use crate::support::git_repo::{T2, T3, git, git_at, write};
use crate::{db_tests, matrix_tests};

matrix_tests!(
    sync_versions_archives_and_increments,
    bad_repositories_keep_previous_versions
);

db_tests!(files_left_out_of_archives_are_reported);

/// Every version whose archive leaves files out (a symlink, a submodule) carries one
/// warning naming them; versions a sync does not rebuild keep theirs.
async fn files_left_out_of_archives_are_reported(db: TestDb) {
    let repo = db.path().join("repo");
    std::fs::create_dir_all(&repo).unwrap();
    git(&repo, &["init", "-q", "-b", "main"]);
    write(&repo, "composer.json", r#"{"name":"acme/links"}"#);
    write(&repo, "src/A.php", "<?php\n");
    std::os::unix::fs::symlink("src/A.php", repo.join("alias.php")).unwrap();
    git(&repo, &["add", "-A"]);
    git(&repo, &["commit", "-qm", "one"]);
    git(&repo, &["tag", "1.0.0"]);
    git(&repo, &["tag", "1.1.0"]);
    git(&repo, &["rm", "-q", "alias.php"]);
    git_at(&repo, &["commit", "-qm", "two"], T2);
    git(&repo, &["tag", "1.2.0"]);

    let notes = |doc: &serde_json::Value| -> Vec<(String, String)> {
        doc.as_array()
            .unwrap()
            .iter()
            .map(|w| {
                (
                    w["ref"].as_str().unwrap().to_string(),
                    w["message"].as_str().unwrap().to_string(),
                )
            })
            .collect()
    };
    let note = "left out of the archive: alias.php (symbolic links are not allowed in archives)";
    let out = db.json(&["package", "add", repo.to_str().unwrap()]);
    let expected = vec![
        ("1.0.0".to_string(), note.to_string()),
        ("1.1.0".to_string(), note.to_string()),
    ];
    assert_eq!(notes(&out["sync"]["warnings"]), expected);
    assert!(
        out["sync"]["warnings"]
            .as_array()
            .unwrap()
            .iter()
            .all(|w| w["archive"] == true),
        "archive notes are marked as such: {}",
        out["sync"]["warnings"]
    );
    assert_eq!(
        notes(&db.json(&["package", "show", "acme/links"])["warnings"]),
        expected
    );

    // Nothing rebuilt: the notes stay.
    let again = db.json(&["package", "sync", "acme/links"]);
    assert_eq!(again["unchanged"], 4);
    assert_eq!(
        notes(&db.json(&["package", "show", "acme/links"])["warnings"]),
        expected
    );

    // A deleted tag takes its note along; a tag moved to a clean commit loses it.
    git(&repo, &["tag", "-d", "1.0.0"]);
    git(&repo, &["tag", "-f", "1.1.0", "1.2.0"]);
    let r = db.json(&["package", "sync", "acme/links"]);
    assert_eq!(r["removed"], serde_json::json!(["1.0.0"]));
    assert_eq!(r["updated"], serde_json::json!(["1.1.0"]));
    assert!(notes(&db.json(&["package", "show", "acme/links"])["warnings"]).is_empty());

    // Text output: one line per message, however many refs share it.
    for tag in ["2.0.0", "2.0.1", "2.0.2", "2.0.3", "2.0.4"] {
        git(&repo, &["tag", tag, "1.2.0^"]);
    }
    let run = db.run(&["package", "sync", "acme/links"]).ok();
    let lines: Vec<&str> = run
        .stderr
        .lines()
        .filter(|l| l.contains("alias.php"))
        .collect();
    assert_eq!(lines.len(), 1, "{}", run.stderr);
    assert!(
        lines[0].contains("acme/links 2.0.0, 2.0.1 and 3 more: left out of the archive"),
        "{}",
        run.stderr
    );
}

/// A package repository: tags v1.0.0 and 1.1.0, branches main (default, aliased to
/// 2.x-dev) and 1.x, excluded files.
fn package_repo(dir: &Path) {
    std::fs::create_dir_all(dir).unwrap();
    git(dir, &["init", "-q"]);
    write(
        dir,
        "composer.json",
        r#"{"name":"acme/lib","description":"Billing helpers","require":{"php":">=8.1"},"archive":{"exclude":["/docs"]},"extra":{"branch-alias":{"dev-main":"2.x-dev"}}}"#,
    );
    write(dir, "src/Lib.php", "<?php\nnamespace Acme;\nclass Lib {}\n");
    write(dir, "docs/index.md", "# docs\n");
    write(dir, "tests/LibTest.php", "<?php\n");
    write(dir, ".gitattributes", "/tests export-ignore\n");
    git(dir, &["add", "-A"]);
    git(dir, &["commit", "-qm", "one"]);
    git(dir, &["tag", "v1.0.0"]);
    git(dir, &["branch", "1.x"]);
    write(
        dir,
        "src/Lib.php",
        "<?php\nnamespace Acme;\nclass Lib { const V = 2; }\n",
    );
    git_at(dir, &["commit", "-qam", "two"], T2);
    git_at(dir, &["tag", "-a", "1.1.0", "-m", "release 1.1.0"], T2);
}

async fn sync_versions_archives_and_increments(db: TestDb) {
    let repo = db.path().join("repo");
    package_repo(&repo);
    let out = db.json(&["package", "add", repo.to_str().unwrap()]);
    assert_eq!(
        out["package"]["name"], "acme/lib",
        "name read from composer.json"
    );
    let report = &out["sync"];
    let mut added: Vec<&str> = report["added"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    added.sort_unstable();
    assert_eq!(added, ["1.1.0", "1.x-dev", "dev-main", "v1.0.0"]);
    assert_eq!(out["package"]["description"], "Billing helpers");
    assert_eq!(out["package"]["default_branch"], "main");

    let versions = db.json(&["package", "versions", "acme/lib"]);
    let find = |v: &str| {
        versions
            .as_array()
            .unwrap()
            .iter()
            .find(|x| x["version"] == v)
            .cloned()
            .unwrap()
    };
    let v110 = find("1.1.0");
    assert_eq!(v110["version_normalized"], "1.1.0.0");
    assert_eq!(
        v110["reference"].as_str().unwrap(),
        git(&repo, &["rev-parse", "1.1.0^{commit}"])
    );
    assert_eq!(v110["released_at"], "2024-02-01T00:00:00Z", "commit time");
    assert_eq!(find("dev-main")["is_default_branch"], true);
    assert_eq!(
        find("1.x-dev")["version_normalized"],
        "1.9999999.9999999.9999999-dev"
    );

    // Every stored archive matches its recorded sha1 and size, with one top folder and
    // the excluded files left out.
    let s = db.services().await;
    let rows = stored_versions(&db).await;
    assert_eq!(rows.len(), 4);
    for row in &rows {
        let key = row.dist_path.as_deref().unwrap();
        let bytes = s.storage().read(key).await.unwrap();
        assert_eq!(
            hex::encode(Sha1::digest(&bytes)),
            row.sha1.clone().unwrap(),
            "{key}"
        );
        assert_eq!(bytes.len() as i64, row.size.unwrap());
        let names = zip_names(db.path(), &bytes);
        let top = format!("acme-lib-{}/", &row.reference[..7]);
        assert!(names.iter().all(|n| n.starts_with(&top)), "{names:?}");
        assert!(names.contains(&format!("{top}src/Lib.php")));
        assert!(
            !names
                .iter()
                .any(|n| n.contains("docs/") || n.contains("tests/")),
            "{names:?}"
        );
    }

    // A second sync with no change does nothing (and writes no audit row).
    let audit_before = db.json(&["audit", "list"]).as_array().unwrap().len();
    let again = db.json(&["package", "sync", "acme/lib"]);
    assert_eq!(again["unchanged"], 4);
    assert!(
        again["added"].as_array().unwrap().is_empty()
            && again["updated"].as_array().unwrap().is_empty()
    );
    assert_eq!(
        db.json(&["audit", "list"]).as_array().unwrap().len(),
        audit_before
    );

    // New tag, moved tag, deleted tag, new branch commit.
    write(&repo, "src/Extra.php", "<?php\n");
    git(&repo, &["add", "-A"]);
    git_at(&repo, &["commit", "-qm", "three"], T3);
    git(&repo, &["tag", "1.2.0"]);
    git(&repo, &["tag", "-f", "v1.0.0"]); // moved: now at "three"
    git(&repo, &["tag", "-d", "1.1.0"]);
    let old_v100 = rows.iter().find(|r| r.version == "v1.0.0").unwrap().clone();
    let old_v110 = rows.iter().find(|r| r.version == "1.1.0").unwrap().clone();
    let r = db.json(&["package", "sync", "acme/lib"]);
    assert_eq!(r["added"], serde_json::json!(["1.2.0"]));
    let mut updated: Vec<&str> = r["updated"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    updated.sort_unstable();
    assert_eq!(updated, ["dev-main", "v1.0.0"]);
    assert_eq!(r["removed"], serde_json::json!(["1.1.0"]));
    assert_eq!(r["unchanged"], 1);

    let rows = stored_versions(&db).await;
    let v100 = rows.iter().find(|r| r.version == "v1.0.0").unwrap();
    assert_eq!(
        v100.reference,
        git(&repo, &["rev-parse", "v1.0.0^{commit}"])
    );
    assert_ne!(
        v100.dist_path, old_v100.dist_path,
        "a moved tag gets a new archive URL"
    );
    let storage = s.storage();
    assert!(
        storage
            .exists(v100.dist_path.as_deref().unwrap())
            .await
            .unwrap()
    );
    assert!(
        !storage
            .exists(old_v100.dist_path.as_deref().unwrap())
            .await
            .unwrap(),
        "old archive deleted"
    );
    assert!(
        !storage
            .exists(old_v110.dist_path.as_deref().unwrap())
            .await
            .unwrap(),
        "deleted tag's archive deleted"
    );
    let names = zip_names(
        db.path(),
        &storage
            .read(v100.dist_path.as_deref().unwrap())
            .await
            .unwrap(),
    );
    assert!(names.iter().any(|n| n.ends_with("src/Extra.php")));

    let audit = db.json(&["audit", "list", "--action", "package.sync"]);
    assert_eq!(audit.as_array().unwrap().len(), 2);

    // sync --all: every package, with a summary; a broken one fails the command (exit 1)
    // after the others have synced.
    let second = db.path().join("second");
    package_repo(&second);
    write(&second, "composer.json", r#"{"name":"acme/second"}"#);
    git(&second, &["commit", "-qam", "rename"]);
    db.json(&[
        "package",
        "add",
        second.to_str().unwrap(),
        "--no-sync",
        "--name",
        "acme/second",
    ]);
    let all = db.json(&["package", "sync", "--all", "--concurrency", "2"]);
    let names: Vec<&str> = all["packages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["package"].as_str().unwrap())
        .collect();
    assert_eq!(names.len(), 2, "{all}");
    assert!(all["failed"].as_array().unwrap().is_empty());
    db.json(&[
        "package",
        "add",
        "/nonexistent/x.git",
        "--no-sync",
        "--name",
        "acme/broken",
    ]);
    let run = db.run(&["--json", "package", "sync", "--all"]);
    assert_eq!(run.code, 1);
    let doc = run.json();
    assert_eq!(doc["failed"][0]["package"], "acme/broken");
    assert_eq!(doc["packages"].as_array().unwrap().len(), 2);
    db.json(&["package", "delete", "acme/broken", "--yes"]);
    db.json(&["package", "delete", "acme/second", "--yes"]);

    // Yank and deprecate are recorded per version.
    db.json(&["package", "yank", "acme/lib", "1.2"]);
    db.run(&["package", "yank", "acme/lib", "1.2.0"])
        .fails_with(1, "already yanked");
    db.run(&["package", "yank", "acme/lib", "9.9.9"])
        .fails_with(1, "no version 9.9.9");
    db.json(&["package", "deprecate", "acme/lib", "v1.0.0"]);
    let versions = db.json(&["package", "versions", "acme/lib"]);
    let v = |name: &str| {
        versions
            .as_array()
            .unwrap()
            .iter()
            .find(|x| x["version"] == name)
            .cloned()
            .unwrap()
    };
    assert_eq!(v("1.2.0")["yanked"], true);
    assert_eq!(v("v1.0.0")["deprecated"], true);
    db.json(&["package", "unyank", "acme/lib", "1.2.0"]);

    // Deleting the package removes its archives.
    db.json(&["package", "delete", "acme/lib", "--yes"]);
    for row in &rows {
        assert!(
            !storage
                .exists(row.dist_path.as_deref().unwrap())
                .await
                .unwrap()
        );
    }
}

async fn bad_repositories_keep_previous_versions(db: TestDb) {
    let repo = db.path().join("repo");
    package_repo(&repo);
    let url = repo.to_str().unwrap().to_string();

    // Wrong name, unreachable, no composer.json: clear errors and nothing registered.
    db.run(&["package", "add", &url, "--name", "acme/other"])
        .fails_with(2, "names the package acme/lib");
    db.run(&["package", "add", "/nonexistent/repo.git"])
        .fails_with(1, "/nonexistent/repo.git");
    let bare = db.path().join("empty");
    std::fs::create_dir_all(&bare).unwrap();
    git(&bare, &["init", "-q"]);
    write(&bare, "README", "no composer.json here\n");
    git(&bare, &["add", "-A"]);
    git(&bare, &["commit", "-qm", "x"]);
    db.run(&["package", "add", bare.to_str().unwrap()])
        .fails_with(2, "no composer.json");
    db.run(&["package", "add", "ftp://example.com/x.git"])
        .fails_with(2, "unsupported URL scheme");
    assert_eq!(db.json(&["package", "list"]).as_array().unwrap().len(), 0);

    db.json(&["package", "add", &url]);
    // Broken tags are skipped with reasons; the rest syncs.
    write(&repo, "composer.json", "{ this is not json");
    git(&repo, &["commit", "-qam", "broken"]);
    git(&repo, &["tag", "2.0.0"]);
    git(&repo, &["tag", "feature/1.0"]);
    git(&repo, &["checkout", "-q", "1.x"]);
    write(&repo, "big.bin", &"x".repeat(64 * 1024));
    git(&repo, &["add", "-A"]);
    git(&repo, &["commit", "-qm", "big"]);
    git(&repo, &["tag", "1.5.0"]);
    git(&repo, &["checkout", "-q", "main"]);
    let mut cmd = db.command();
    cmd.env("ARCHIVE_MAX_FILE_SIZE", "32K");
    let r = db
        .run_with(cmd, &["--json", "package", "sync", "acme/lib"])
        .ok()
        .json();
    let skipped: Vec<(String, String)> = r["skipped"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            (
                s["ref"].as_str().unwrap().into(),
                s["message"].as_str().unwrap().into(),
            )
        })
        .collect();
    let reason = |name: &str| {
        skipped
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, m)| m.clone())
            .unwrap_or_default()
    };
    assert!(reason("2.0.0").contains("not valid JSON"), "{skipped:?}");
    assert!(
        reason("feature/1.0").contains("invalid tag name"),
        "{skipped:?}"
    );
    assert!(reason("1.5.0").contains("big.bin"), "{skipped:?}");
    assert!(
        reason("1.x").contains("big.bin"),
        "the moved 1.x branch cannot be archived: {skipped:?}"
    );
    let shown = db.json(&["package", "show", "acme/lib"]);
    assert!(
        shown["warnings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|w| w["ref"] == "2.0.0")
    );
    // dev-main's composer.json is broken now: it is skipped, and 1.x-dev keeps its old
    // archive because its new commit cannot be archived.
    let versions = db.json(&["package", "versions", "acme/lib"]);
    let names: Vec<&str> = versions
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["version"].as_str().unwrap())
        .collect();
    assert!(
        names.contains(&"1.x-dev") && names.contains(&"v1.0.0") && names.contains(&"1.1.0"),
        "{names:?}"
    );
    // Nothing half-stored: storage holds exactly the archives of the versions, each
    // whole (the old 1.x-dev archive included).
    storage_holds_exactly_the_versions(&db).await;

    // The repository disappears: the sync fails clearly, versions keep serving.
    std::fs::rename(&repo, db.path().join("gone")).unwrap();
    db.run(&["package", "sync", "acme/lib"])
        .fails_with(1, "repo");
    let shown = db.json(&["package", "show", "acme/lib"]);
    assert_eq!(shown["sync_status"], "failed");
    assert!(shown["last_sync_error"].as_str().unwrap().contains("repo"));
    assert!(shown["versions"].as_u64().unwrap() >= 3);
    storage_holds_exactly_the_versions(&db).await;
}

/// Storage holds the archive of every stored version, matching its sha1, and nothing
/// else.
async fn storage_holds_exactly_the_versions(db: &TestDb) {
    let s = db.services().await;
    let stored: Vec<String> = s
        .storage()
        .list("t/")
        .await
        .unwrap()
        .into_iter()
        .map(|(k, _)| k)
        .collect();
    let versions = stored_versions(db).await;
    let mut expected: Vec<String> = versions
        .iter()
        .filter_map(|v| v.dist_path.clone())
        .collect();
    expected.sort();
    assert_eq!(stored, expected);
    for v in &versions {
        let bytes = s
            .storage()
            .read(v.dist_path.as_deref().unwrap())
            .await
            .unwrap();
        assert_eq!(
            Some(hex::encode(Sha1::digest(&bytes))),
            v.sha1,
            "{}",
            v.version
        );
    }
}

async fn stored_versions(db: &TestDb) -> Vec<cargoman::db::entities::package_version::Model> {
    use sea_orm::EntityTrait;
    cargoman::db::entities::package_version::Entity::find()
        .all(&db.connect().await)
        .await
        .unwrap()
}

/// Entry names of a zip, as the system `unzip` lists them.
pub fn zip_names(dir: &Path, bytes: &[u8]) -> Vec<String> {
    let file = tempfile::NamedTempFile::new_in(dir).unwrap();
    std::fs::write(file.path(), bytes).unwrap();
    let out = std::process::Command::new("unzip")
        .arg("-Z1")
        .arg(file.path())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "unzip: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(String::from)
        .collect()
}
