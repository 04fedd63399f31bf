//! Mirrors real git repositories (made with the git CLI) through `cargoman::git` over
//! file://, a local path and loopback HTTP with Basic auth, then archives commits with
//! `cargoman::archive` and checks the zips with the system `unzip`.

use std::fs;
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use cargoman::archive::{ArchiveError, ArchiveOptions, build_zip};
use cargoman::git::{FetchProgress, FileMode, GitAuth, GitError, GitRef, Mirror, RefKind};

use crate::support::git_http::GitHttpServer;
use crate::support::git_repo::{T1, T2, T3, bare_repo, git, git_at, make_repo, write};
use crate::support::sshd::{Sshd, keygen};

fn fetch(
    mirror: &Mirror,
    url: &str,
    auth: &GitAuth,
) -> Result<cargoman::git::FetchOutcome, GitError> {
    mirror.fetch(url, auth, &|_: FetchProgress| {})
}

fn find<'a>(refs: &'a [GitRef], kind: RefKind, name: &str) -> Option<&'a GitRef> {
    refs.iter().find(|r| r.kind == kind && r.name == name)
}

/// The fixture repository in `dir/work`, fetched into a new mirror in `dir/mirror.git`.
fn mirrored(dir: &Path) -> (std::path::PathBuf, Mirror) {
    let work = dir.join("work");
    make_repo(&work);
    let mirror = Mirror::open_or_init(&dir.join("mirror.git")).unwrap();
    fetch(&mirror, &file_url(&work), &GitAuth::None).unwrap();
    (work, mirror)
}

fn file_url(path: &Path) -> String {
    format!("file://{}", path.display())
}

#[test]
fn fetch_over_file_url_mirrors_branches_and_tags() {
    let tmp = tempfile::tempdir().unwrap();
    let work = tmp.path().join("work");
    make_repo(&work);
    let mirror = Mirror::open_or_init(&tmp.path().join("mirror.git")).unwrap();
    assert_eq!(mirror.default_branch().unwrap(), None);

    let phases = std::cell::RefCell::new(Vec::new());
    let outcome = mirror
        .fetch(&file_url(&work), &GitAuth::None, &|p| {
            phases.borrow_mut().push(p)
        })
        .unwrap();
    assert!(outcome.received_pack);
    assert_eq!(outcome.default_branch.as_deref(), Some("main"));
    assert!(outcome.created.contains(&"refs/tags/v1.1.0".to_string()));
    assert!(matches!(
        phases.borrow()[0],
        FetchProgress::Connecting { .. }
    ));

    let refs = mirror.refs().unwrap();
    let names: Vec<(RefKind, &str)> = refs.iter().map(|r| (r.kind, r.name.as_str())).collect();
    assert_eq!(
        names,
        [
            (RefKind::Tag, "v1.0.0"),
            (RefKind::Tag, "v1.1.0"),
            (RefKind::Branch, "feature/x"),
            (RefKind::Branch, "main"),
        ]
    );
    let head = git(&work, &["rev-parse", "HEAD"]);
    let annotated = find(&refs, RefKind::Tag, "v1.1.0").unwrap();
    assert_eq!(
        annotated.commit, head,
        "annotated tags are peeled to their commit"
    );
    assert_eq!(annotated.commit_time, T2);
    let first = find(&refs, RefKind::Tag, "v1.0.0").unwrap();
    assert_eq!(first.commit, git(&work, &["rev-parse", "HEAD~1"]));
    assert_eq!(first.commit_time, T1);
    assert_eq!(mirror.default_branch().unwrap().as_deref(), Some("main"));

    let again = fetch(&mirror, &file_url(&work), &GitAuth::None).unwrap();
    assert!(again.created.is_empty() && again.updated.is_empty() && again.deleted.is_empty());
}

#[test]
fn refetch_over_a_local_path_follows_moved_and_deleted_refs() {
    let tmp = tempfile::tempdir().unwrap();
    let work = tmp.path().join("work");
    make_repo(&work);
    let mirror = Mirror::open_or_init(&tmp.path().join("mirror.git")).unwrap();
    let path = work.display().to_string();
    fetch(&mirror, &path, &GitAuth::None).unwrap();

    write(&work, "src/New.php", "<?php\n");
    git(&work, &["add", "-A"]);
    git_at(
        &work,
        &["commit", "-q", "--amend", "-m", "second, rewritten"],
        T3,
    );
    git(&work, &["tag", "-f", "v1.0.0", "HEAD"]);
    git(&work, &["tag", "-d", "v1.1.0"]);
    git(&work, &["branch", "-D", "feature/x"]);
    git(&work, &["branch", "develop"]);
    git(&work, &["symbolic-ref", "HEAD", "refs/heads/develop"]);

    let outcome = fetch(&mirror, &path, &GitAuth::None).unwrap();
    let head = git(&work, &["rev-parse", "HEAD"]);
    assert_eq!(outcome.created, ["refs/heads/develop"]);
    assert_eq!(outcome.updated, ["refs/heads/main", "refs/tags/v1.0.0"]);
    assert_eq!(
        outcome.deleted,
        ["refs/heads/feature/x", "refs/tags/v1.1.0"]
    );
    assert_eq!(outcome.default_branch.as_deref(), Some("develop"));
    assert_eq!(mirror.default_branch().unwrap().as_deref(), Some("develop"));

    let refs = mirror.refs().unwrap();
    assert_eq!(refs.len(), 3, "{refs:?}");
    let moved = find(&refs, RefKind::Tag, "v1.0.0").unwrap();
    assert_eq!(
        (moved.commit.as_str(), moved.commit_time),
        (head.as_str(), T3)
    );
    assert!(find(&refs, RefKind::Tag, "v1.1.0").is_none());
    assert!(find(&refs, RefKind::Branch, "feature/x").is_none());
    assert_eq!(find(&refs, RefKind::Branch, "main").unwrap().commit, head);
}

#[test]
fn reads_files_and_lists_trees() {
    let tmp = tempfile::tempdir().unwrap();
    let (work, mirror) = mirrored(tmp.path());
    let commit = git(&work, &["rev-parse", "v1.0.0"]);

    let composer = mirror.read_file(&commit, "composer.json").unwrap().unwrap();
    assert!(String::from_utf8(composer).unwrap().contains("acme/lib"));
    assert_eq!(mirror.read_file(&commit, "missing.json").unwrap(), None);
    assert_eq!(
        mirror.read_file(&commit, "src").unwrap(),
        None,
        "folders are not files"
    );
    let err = mirror
        .read_file_limited(&commit, "src/Deep/Nested/Thing.php", 10)
        .unwrap_err();
    assert!(matches!(err, GitError::FileTooLarge { .. }), "{err}");
    assert!(
        err.to_string().contains("src/Deep/Nested/Thing.php")
            && err.to_string().contains("10 bytes")
    );
    let unknown = mirror
        .read_file(&"0".repeat(40), "composer.json")
        .unwrap_err();
    assert!(
        matches!(unknown, GitError::UnknownCommit { .. }),
        "{unknown}"
    );
    assert!(matches!(
        mirror.read_file("nope", "x").unwrap_err(),
        GitError::InvalidCommitId { .. }
    ));

    let listing = mirror.files(&commit).unwrap();
    let mode = |path: &str| {
        listing
            .files
            .iter()
            .find(|f| f.path == path)
            .map(|f| f.mode)
    };
    assert_eq!(mode("bin/tool"), Some(FileMode::Executable));
    assert_eq!(mode("link.php"), Some(FileMode::Symlink));
    assert_eq!(mode("vendor/sub"), Some(FileMode::Submodule));
    assert_eq!(mode("src/Deep/Nested/Thing.php"), Some(FileMode::Regular));
    let mut sorted = listing.files.clone();
    sorted.sort_by(|a, b| a.path.cmp(&b.path));
    assert_eq!(sorted, listing.files);
}

/// Archive `commit` of the fixture into `path` with its composer.json excludes.
fn archive_to(mirror: &Mirror, commit: &str, path: &Path) -> cargoman::archive::ArchiveInfo {
    let listing = mirror.files(commit).unwrap();
    let mut opts = ArchiveOptions::new("acme-lib-1a2b3c4", T1);
    opts.exclude = vec!["/docs".into(), "*.md".into(), "!/README.md".into()];
    let file = std::io::BufWriter::new(fs::File::create(path).unwrap());
    build_zip(&listing, mirror, &opts, file).unwrap()
}

fn unzip(args: &[&str]) -> String {
    let out = Command::new("unzip")
        .args(args)
        .output()
        .expect("run unzip");
    assert!(
        out.status.success(),
        "unzip {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn archives_are_byte_identical_for_the_same_commit() {
    let tmp = tempfile::tempdir().unwrap();
    let (work, mirror) = mirrored(tmp.path());
    let commit = git(&work, &["rev-parse", "v1.0.0"]);
    let (a, b) = (tmp.path().join("a.zip"), tmp.path().join("b.zip"));
    let info = archive_to(&mirror, &commit, &a);
    let again = archive_to(&mirror, &commit, &b);
    assert_eq!(
        fs::read(&a).unwrap(),
        fs::read(&b).unwrap(),
        "byte-identical"
    );
    assert_eq!(info, again);
    assert_eq!(info.size, fs::metadata(&a).unwrap().len());
    let other = archive_to(&mirror, &git(&work, &["rev-parse", "v1.1.0"]), &b);
    assert_ne!(other.sha1, info.sha1, "a changed file changes the sha1");
}

#[test]
fn archives_unzip_into_one_top_folder() {
    let tmp = tempfile::tempdir().unwrap();
    let (work, mirror) = mirrored(tmp.path());
    let a = tmp.path().join("a.zip");
    let info = archive_to(&mirror, &git(&work, &["rev-parse", "v1.0.0"]), &a);
    let listing = unzip(&["-Z1", a.to_str().unwrap()]);
    let names: Vec<&str> = listing.lines().collect();
    assert_eq!(
        names,
        [
            "acme-lib-1a2b3c4/",
            "acme-lib-1a2b3c4/README.md",
            "acme-lib-1a2b3c4/bin/",
            "acme-lib-1a2b3c4/bin/tool",
            "acme-lib-1a2b3c4/composer.json",
            "acme-lib-1a2b3c4/src/",
            "acme-lib-1a2b3c4/src/Deep/",
            "acme-lib-1a2b3c4/src/Deep/Nested/",
            "acme-lib-1a2b3c4/src/Deep/Nested/Thing.php",
            "acme-lib-1a2b3c4/src/Lib.php",
        ]
    );
    assert_eq!(info.file_count, 5);
    let skipped: Vec<&str> = info.skipped.iter().map(|s| s.path.as_str()).collect();
    assert_eq!(skipped, ["link.php", "vendor/sub"]);
    // zipinfo format: permissions, version, system, size, type, method, yyyymmdd.hhmmss, name.
    let details = unzip(&["-Z", "-T", a.to_str().unwrap()]);
    let tool = details.lines().find(|l| l.ends_with("/bin/tool")).unwrap();
    assert!(
        tool.starts_with("-rwxr-xr-x") && tool.contains(" unx "),
        "{tool}"
    );
    let entries: Vec<&str> = details
        .lines()
        .filter(|l| l.contains("acme-lib-1a2b3c4/"))
        .collect();
    assert_eq!(entries.len(), 10);
    assert!(
        entries.iter().all(|l| l.contains(" 20240101.000000 ")),
        "fixed timestamps: {details}"
    );

    let out = tmp.path().join("out");
    unzip(&["-q", a.to_str().unwrap(), "-d", out.to_str().unwrap()]);
    let root = out.join("acme-lib-1a2b3c4");
    let thing = fs::read_to_string(root.join("src/Deep/Nested/Thing.php")).unwrap();
    assert_eq!(thing, "<?php // thing\n".repeat(40));
    let mode = |p: &str| {
        std::os::unix::fs::PermissionsExt::mode(&fs::metadata(root.join(p)).unwrap().permissions())
            & 0o777
    };
    assert_eq!(mode("bin/tool"), 0o755);
    assert_eq!(mode("composer.json"), 0o644);
}

#[test]
fn archive_limit_errors_name_the_file() {
    let tmp = tempfile::tempdir().unwrap();
    let (work, mirror) = mirrored(tmp.path());
    let listing = mirror.files(&git(&work, &["rev-parse", "HEAD"])).unwrap();
    let mut opts = ArchiveOptions::new("top", 0);
    opts.max_file_size = 100;
    let err = build_zip(&listing, &mirror, &opts, std::io::sink()).unwrap_err();
    assert!(
        matches!(&err, ArchiveError::FileTooLarge { path, .. } if path == "src/Deep/Nested/Thing.php"),
        "{err}"
    );
}

const TOKEN: &str = "s3cret-t0ken-value";

#[test]
fn fetch_over_http_with_basic_auth() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("srv");
    fs::create_dir_all(&root).unwrap();
    bare_repo(&root, "private.git");
    let server = GitHttpServer::start(&root, Some(("x-access-token", TOKEN)));
    let url = server.url("private.git");
    let mirror = Mirror::open_or_init(&tmp.path().join("mirror.git")).unwrap();

    let token = |t: &str| GitAuth::Token {
        username: None,
        token: t.into(),
    };
    let started = Instant::now();
    let err = fetch(&mirror, &url, &token("wrong-token-value")).unwrap_err();
    let message = err.to_string();
    assert!(matches!(err, GitError::AuthFailed { .. }), "{message}");
    assert!(
        message.contains(&format!("authentication failed for {url}")),
        "{message}"
    );
    assert!(
        message.contains("401") && message.contains("rejected"),
        "{message}"
    );
    assert!(!message.contains("wrong-token-value"), "{message}");

    let err = fetch(&mirror, &url, &GitAuth::None).unwrap_err();
    assert!(matches!(err, GitError::AuthFailed { .. }), "{err}");
    assert!(err.to_string().contains("none are configured"), "{err}");
    assert!(
        started.elapsed() < Duration::from_secs(20),
        "failures do not hang"
    );
    assert!(mirror.refs().unwrap().is_empty());

    let outcome = fetch(&mirror, &url, &token(TOKEN)).unwrap();
    assert_eq!(outcome.default_branch.as_deref(), Some("main"));
    assert_eq!(mirror.refs().unwrap().len(), 4);
    let unauthorized = server
        .unauthorized
        .load(std::sync::atomic::Ordering::SeqCst);
    assert!(
        unauthorized >= 3
            && unauthorized < server.requests.load(std::sync::atomic::Ordering::SeqCst)
    );

    // Credentials in the URL work too and never show up in messages.
    let with_userinfo = url.replace("http://", &format!("http://x-access-token:{TOKEN}@"));
    fetch(&mirror, &with_userinfo, &GitAuth::None).unwrap();
    let bad = url.replace("http://", "http://x-access-token:not-the-token@");
    let message = fetch(&mirror, &bad, &GitAuth::None)
        .unwrap_err()
        .to_string();
    assert!(
        !message.contains("not-the-token") && message.contains(&url),
        "{message}"
    );
}

#[test]
fn unreachable_and_missing_repositories_fail_fast() {
    let tmp = tempfile::tempdir().unwrap();
    let mirror = Mirror::open_or_init(&tmp.path().join("mirror.git")).unwrap();
    let started = Instant::now();
    let err = fetch(&mirror, "http://127.0.0.1:1/acme/lib.git", &GitAuth::None).unwrap_err();
    assert!(matches!(err, GitError::Unreachable { .. }), "{err}");
    assert!(
        err.to_string()
            .contains("cannot reach http://127.0.0.1:1/acme/lib.git"),
        "{err}"
    );

    let missing = tmp.path().join("does-not-exist");
    let err = fetch(&mirror, &file_url(&missing), &GitAuth::None).unwrap_err();
    assert!(matches!(err, GitError::NotFound { .. }), "{err}");

    let root = tmp.path().join("srv");
    fs::create_dir_all(&root).unwrap();
    let server = GitHttpServer::start(&root, None);
    let err = fetch(&mirror, &server.url("nope.git"), &GitAuth::None).unwrap_err();
    assert!(matches!(err, GitError::NotFound { .. }), "{err}");

    let key = GitAuth::SshKey {
        private_key_pem:
            "-----BEGIN OPENSSH PRIVATE KEY-----\nnot-a-key\n-----END OPENSSH PRIVATE KEY-----"
                .into(),
        passphrase: None,
    };
    let err = fetch(&mirror, "ssh://git@127.0.0.1:1/acme/lib.git", &key).unwrap_err();
    assert!(
        matches!(err, GitError::Unreachable { .. } | GitError::Fetch { .. }),
        "{err}"
    );
    assert!(
        started.elapsed() < Duration::from_secs(20),
        "took {:?}",
        started.elapsed()
    );
}

#[test]
fn mirror_must_not_clobber_other_folders() {
    let tmp = tempfile::tempdir().unwrap();
    write(tmp.path(), "data/file.txt", "x");
    let err = Mirror::open_or_init(&tmp.path().join("data")).unwrap_err();
    assert!(err.to_string().contains("not empty"), "{err}");
}

#[test]
fn fetch_over_ssh_with_keys() {
    // scripts/test.sh installs openssh-server; a missing sshd is a failed test, not a
    // silently skipped one.
    assert!(
        Sshd::available(),
        "sshd or ssh-keygen is not installed (Debian: openssh-server); run ./scripts/test.sh"
    );
    let tmp = tempfile::tempdir().unwrap();
    let (key, key_pub) = keygen(&tmp.path().join("id"), "");
    let (locked, locked_pub) = keygen(&tmp.path().join("locked"), "open sesame");
    let (stranger, _) = keygen(&tmp.path().join("stranger"), "");
    let sshd = Sshd::start(&format!("{key_pub}{locked_pub}")).expect("a usable /usr/sbin/sshd");
    let bare = bare_repo(tmp.path(), "repo.git");
    let user = std::env::var("USER").unwrap_or_else(|_| "root".into());
    let url = format!("ssh://{user}@127.0.0.1:{}{}", sshd.port, bare.display());
    let mirror = Mirror::open_or_init(&tmp.path().join("mirror.git")).unwrap();
    let ssh_key = |pem: &str, passphrase: Option<&str>| GitAuth::SshKey {
        private_key_pem: pem.into(),
        passphrase: passphrase.map(Into::into),
    };
    let started = Instant::now();

    let err = fetch(&mirror, &url, &ssh_key(&stranger, None)).unwrap_err();
    assert!(matches!(err, GitError::AuthFailed { .. }), "{err}");
    let err = fetch(&mirror, &url, &ssh_key(&locked, None)).unwrap_err();
    assert!(
        matches!(err, GitError::AuthFailed { .. }),
        "without its passphrase: {err}"
    );
    let err = fetch(&mirror, &url, &ssh_key(&locked, Some("wrong guess"))).unwrap_err();
    assert!(
        matches!(err, GitError::AuthFailed { .. }),
        "wrong passphrase: {err}"
    );
    assert!(!err.to_string().contains("wrong guess"));
    assert!(
        started.elapsed() < Duration::from_secs(30),
        "no prompts, no hangs"
    );

    let outcome = fetch(&mirror, &url, &ssh_key(&key, None)).unwrap();
    assert_eq!(outcome.default_branch.as_deref(), Some("main"));
    assert_eq!(mirror.refs().unwrap().len(), 4);
    let mirror2 = Mirror::open_or_init(&tmp.path().join("mirror2.git")).unwrap();
    fetch(&mirror2, &url, &ssh_key(&locked, Some("open sesame"))).unwrap();
    assert_eq!(mirror2.refs().unwrap().len(), 4);
}
