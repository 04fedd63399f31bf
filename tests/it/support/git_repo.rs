//! Test fixtures: git repositories made with the git CLI, isolated from the user's
//! configuration, with fixed commit dates so commit ids and times are predictable.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

/// Commit dates are fixed so commit times and ids are predictable.
pub const T1: i64 = 1_704_067_200; // 2024-01-01T00:00:00Z
pub const T2: i64 = 1_706_745_600; // 2024-02-01T00:00:00Z
pub const T3: i64 = 1_709_251_200; // 2024-03-01T00:00:00Z

pub fn git(dir: &Path, args: &[&str]) -> String {
    git_at(dir, args, T1)
}

/// Run git isolated from the user's configuration, committing at `time`.
pub fn git_at(dir: &Path, args: &[&str], time: i64) -> String {
    let date = format!("@{time} +0000");
    let out = Command::new("git")
        .args(["-c", "user.name=Test", "-c", "user.email=test@example.com"])
        .args([
            "-c",
            "commit.gpgsign=false",
            "-c",
            "tag.gpgsign=false",
            "-c",
            "init.defaultBranch=main",
        ])
        .args(args)
        .current_dir(dir)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_AUTHOR_DATE", &date)
        .env("GIT_COMMITTER_DATE", &date)
        .output()
        .expect("run git");
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap().trim().to_owned()
}

pub fn write(root: &Path, path: &str, content: &str) {
    let path = root.join(path);
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(path, content).unwrap();
}

/// A work repository with branches, lightweight and annotated tags, a tag of a tree,
/// an executable, a symlink, a submodule gitlink and export-ignore / archive.exclude rules.
pub fn make_repo(dir: &Path) {
    fs::create_dir_all(dir).unwrap();
    git(dir, &["init", "-q"]);
    let composer = r#"{"name":"acme/lib","archive":{"exclude":["/docs","*.md","!/README.md"]}}"#;
    write(dir, "composer.json", composer);
    write(dir, "README.md", "# acme/lib\n");
    write(dir, "CHANGELOG.md", "changes\n");
    write(dir, "docs/guide.txt", "guide\n");
    write(dir, "src/Lib.php", "<?php\nclass Lib {}\n");
    write(
        dir,
        "src/Deep/Nested/Thing.php",
        &"<?php // thing\n".repeat(40),
    );
    write(dir, "tests/LibTest.php", "<?php\n");
    write(
        dir,
        ".gitattributes",
        "/tests export-ignore\n/.gitattributes export-ignore\n",
    );
    write(dir, "bin/tool", "#!/bin/sh\necho tool\n");
    std::os::unix::fs::symlink("src/Lib.php", dir.join("link.php")).unwrap();
    git(dir, &["add", "-A"]);
    git(dir, &["update-index", "--chmod=+x", "bin/tool"]);
    let gitlink = "160000,1111111111111111111111111111111111111111,vendor/sub";
    git(dir, &["update-index", "--add", "--cacheinfo", gitlink]);
    git_at(dir, &["commit", "-qm", "first"], T1);
    git(dir, &["tag", "v1.0.0"]);
    git(dir, &["tag", "tree-tag", "HEAD^{tree}"]);
    write(dir, "src/Lib.php", "<?php\nclass Lib { const V = 2; }\n");
    git_at(dir, &["commit", "-qam", "second"], T2);
    git_at(dir, &["tag", "-a", "v1.1.0", "-m", "release 1.1.0"], T2);
    git(dir, &["branch", "feature/x"]);
}

/// A bare copy of the fixture under `root/name`, as a hosting service would keep it.
pub fn bare_repo(root: &Path, name: &str) -> PathBuf {
    let work = root.join("work");
    make_repo(&work);
    let bare = root.join(name);
    git(
        root,
        &[
            "clone",
            "-q",
            "--bare",
            work.to_str().unwrap(),
            bare.to_str().unwrap(),
        ],
    );
    bare
}
