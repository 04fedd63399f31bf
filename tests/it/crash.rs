//! R1: `kill -9` of `cargoman package sync` at many points — while it fetches, builds
//! archives, uploads them (to S3, or into the storage folder) and records them — then a
//! restart. After every kill: each archive the database references is in storage, whole
//! (recorded size and sha1, a valid zip) and downloads through a running server; every
//! object under a final key is a complete zip; and the next sync completes with every
//! tag. On both databases, with the filesystem store and with S3 (moto).
//!
//! Each round moves all 30 tags to new commits (fresh 192 KB incompressible files), so
//! every round rebuilds, uploads and replaces 30 archives, and kills land over the whole
//! of a sync. `CARGOMAN_R1_KILLS` sets the number of kill points (12 by default).

use std::collections::BTreeMap;
use std::io::Write as _;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Instant;

use cargoman::db::entities::{package, package_version};
use cargoman::storage::{Storage, dist_key};
use sea_orm::EntityTrait;
use serde_json::Value;
use sha1::{Digest as _, Sha1};

use crate::matrix_tests;
use crate::support::TestDb;
use crate::support::git_repo::git;
use crate::support::registry::lib_repo;
use crate::support::server::ServeProcess;

matrix_tests!(kill_9_during_sync_and_upload_never_serves_a_half_archive);

const TAGS: usize = 30;
const FILE_BYTES: usize = 192 * 1024;

fn tag(i: usize) -> String {
    format!("1.{i}.0")
}

/// Moves every tag to a new commit of its own (one `git fast-import`): the chain of
/// commits on main gets a fresh incompressible `data.bin` per tag.
fn move_tags(repo: &Path, round: u64) {
    let mut stream = Vec::new();
    let mut seed = round.wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1;
    for i in 0..TAGS {
        let mut data = vec![0u8; FILE_BYTES];
        for chunk in data.chunks_mut(8) {
            // xorshift64: cheap, incompressible enough for deflate.
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            chunk.copy_from_slice(&seed.to_le_bytes()[..chunk.len()]);
        }
        let time = 1_704_067_200 + round * 1000 + i as u64;
        let message = format!("round {round} tag {}", tag(i));
        write!(
            stream,
            "commit refs/heads/main\nmark :{}\ncommitter Test <test@example.com> {time} +0000\n\
             data {}\n{message}\n",
            i + 1,
            message.len()
        )
        .unwrap();
        if i == 0 {
            stream.extend_from_slice(b"from refs/heads/main^0\n");
        }
        write!(stream, "M 100644 inline data.bin\ndata {}\n", data.len()).unwrap();
        stream.extend_from_slice(&data);
        write!(
            stream,
            "\n\nreset refs/tags/{}\nfrom :{}\n\n",
            tag(i),
            i + 1
        )
        .unwrap();
    }
    let mut child = Command::new("git")
        .args(["fast-import", "--quiet", "--force"])
        .current_dir(repo)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .stdin(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run git fast-import");
    child.stdin.take().unwrap().write_all(&stream).unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "git fast-import: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Tag → commit, as the repository has them now.
fn tag_commits(repo: &Path) -> BTreeMap<String, String> {
    git(repo, &["show-ref", "--tags"])
        .lines()
        .filter_map(|l| {
            let (commit, name) = l.split_once(' ')?;
            Some((name.strip_prefix("refs/tags/")?.to_string(), commit.into()))
        })
        .collect()
}

/// Runs `unzip -tqq` over `bytes`: true when the archive is complete and every entry's
/// CRC matches.
fn valid_zip(dir: &Path, bytes: &[u8]) -> Result<(), String> {
    let file = tempfile::Builder::new()
        .suffix(".zip")
        .tempfile_in(dir)
        .unwrap();
    std::fs::write(file.path(), bytes).unwrap();
    let out = Command::new("unzip")
        .arg("-tqq")
        .arg(file.path())
        .output()
        .expect("run unzip");
    if out.status.success() {
        Ok(())
    } else {
        Err(format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        ))
    }
}

fn sha1_hex(bytes: &[u8]) -> String {
    hex::encode(Sha1::digest(bytes))
}

/// What one check found, for the report.
#[derive(Default)]
struct Found {
    referenced: usize,
    /// Complete archives under a final key that no row references (left by a kill
    /// between upload and commit, or between commit and deleting the replaced ones).
    orphans: usize,
}

/// Everything the database references is whole in storage and downloads whole through
/// `server`; every object under a final key is a complete zip.
async fn check_store(
    db: &TestDb,
    storage: &Storage,
    server: &ServeProcess,
    token: &str,
    when: &str,
) -> Found {
    let conn = db.connect().await;
    let rows = package_version::Entity::find().all(&conn).await.unwrap();
    let _ = conn.close().await;
    let scratch = db.path().join("scratch");
    std::fs::create_dir_all(&scratch).unwrap();
    let mut referenced = std::collections::HashSet::new();
    for row in &rows {
        let key = row
            .dist_path
            .as_deref()
            .unwrap_or_else(|| panic!("{when}: {} has no archive", row.version));
        let bytes = storage
            .read(key)
            .await
            .unwrap_or_else(|e| panic!("{when}: {} references {key}, missing: {e}", row.version));
        assert_eq!(
            Some(bytes.len() as i64),
            row.size,
            "{when}: {key} has the wrong size"
        );
        assert_eq!(
            Some(sha1_hex(&bytes)),
            row.sha1,
            "{when}: {key} has the wrong sha1"
        );
        if let Err(e) = valid_zip(&scratch, &bytes) {
            panic!("{when}: {key} is not a valid zip: {e}");
        }
        referenced.insert(key.to_string());
    }
    let mut found = Found {
        referenced: referenced.len(),
        ..Found::default()
    };
    for (key, size) in storage.list("t").await.unwrap() {
        if !key.contains("/dist/") || referenced.contains(&key) {
            continue;
        }
        let bytes = storage.read(&key).await.unwrap();
        assert_eq!(bytes.len() as u64, size, "{when}: {key}");
        if let Err(e) = valid_zip(&scratch, &bytes) {
            panic!("{when}: {key} is visible under its final key but incomplete: {e}");
        }
        found.orphans += 1;
    }

    // Through a server, as Composer downloads them: every version it lists (tags in
    // the p2 file, dev-main in the ~dev one).
    let mut versions = Vec::new();
    for path in ["/p2/acme/lib.json", "/p2/acme/lib~dev.json"] {
        let (status, body) = server.get(path, token).await;
        assert_eq!(status, 200, "{when}: {path}: {body}");
        let doc: Value = serde_json::from_str(&body).unwrap();
        versions.extend(doc["packages"]["acme/lib"].as_array().unwrap().clone());
    }
    let listed: Vec<&str> = versions
        .iter()
        .filter_map(|v| v["version"].as_str())
        .collect();
    assert_eq!(listed.len(), rows.len(), "{when}: served {listed:?}");
    let client = reqwest::Client::new();
    for v in &versions {
        let url = v["dist"]["url"].as_str().unwrap();
        let resp = client
            .get(url)
            .basic_auth("token", Some(token))
            .send()
            .await
            .unwrap();
        assert_eq!(resp.status(), 200, "{when}: {url}");
        let bytes = resp.bytes().await.unwrap();
        assert_eq!(
            v["dist"]["shasum"].as_str(),
            Some(sha1_hex(&bytes).as_str()),
            "{when}: {url} downloads other bytes than its shasum"
        );
        if let Err(e) = valid_zip(&scratch, &bytes) {
            panic!("{when}: {url} downloads a broken zip: {e}");
        }
    }
    found
}

async fn kill_9_during_sync_and_upload_never_serves_a_half_archive(db: TestDb) {
    let kills: u64 = std::env::var("CARGOMAN_R1_KILLS")
        .ok()
        .and_then(|k| k.parse().ok())
        .unwrap_or(12);
    let repo = db.path().join("acme-lib");
    lib_repo(&repo, &[]);
    move_tags(&repo, 0);
    db.run(&[
        "package",
        "add",
        repo.to_str().unwrap(),
        "--name",
        "acme/lib",
        "--no-sync",
    ])
    .ok();
    db.run(&["customer", "add", "acme"]).ok();
    db.run(&["customer", "grant", "acme", "acme/lib"]).ok();
    let issued = db.json(&["token", "issue", "--customer", "acme"]);
    let token = issued["plain_token"].as_str().unwrap().to_string();
    let storage = Storage::from_settings(&db.settings()).unwrap();
    let sync = || {
        let mut cmd = db.command();
        cmd.env("RUST_LOG", "warn")
            .args(["package", "sync", "acme/lib"])
            .stdin(Stdio::null());
        cmd
    };
    let sync_ok = |what: &str| {
        let out = sync().output().unwrap();
        assert!(
            out.status.success(),
            "{what}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    };

    // An uninterrupted first sync and one that replaces every archive: the second's
    // duration spreads the kill points.
    sync_ok("the first sync");
    let server = ServeProcess::start(&db, "r1").await;
    check_store(&db, &storage, &server, &token, "first sync").await;
    move_tags(&repo, 1);
    let started = Instant::now();
    sync_ok("the second sync");
    let full = started.elapsed();
    check_store(&db, &storage, &server, &token, "second sync").await;

    let mut landed = 0;
    let mut orphans = Vec::new();
    let mut committed = 0;
    for k in 0..kills {
        let round = k + 2;
        move_tags(&repo, round);
        // Spread over 1.25 times the measured run: the last points catch the end of a
        // sync (its commit, the deletion of replaced archives) even when it runs slower.
        let delay = full.mul_f64(1.25 * (k as f64 + 0.5) / kills as f64);
        let mut child = sync()
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        tokio::time::sleep(delay).await;
        if matches!(child.try_wait(), Ok(None)) {
            landed += 1;
        }
        let _ = child.kill(); // SIGKILL (Ok or "already exited")
        let status = child.wait().unwrap();
        let when = format!("after kill {k} at {delay:?} ({status})");
        orphans.push(
            check_store(&db, &storage, &server, &token, &when)
                .await
                .orphans,
        );
        // Did the killed sync get as far as its commit?
        let conn = db.connect().await;
        let now = tag_commits(&repo);
        let rows = package_version::Entity::find().all(&conn).await.unwrap();
        if rows
            .iter()
            .any(|r| now.get(&r.version) == Some(&r.reference))
        {
            committed += 1;
        }
    }

    // What a kill between the uploads and the commit leaves whenever it lands there: a
    // complete archive under the package's folder that no version names (planted, as
    // the kills above may all land before the first upload); and one of another package.
    let conn = db.connect().await;
    let pkg = package::Entity::find().one(&conn).await.unwrap().unwrap();
    let tenant = pkg.tenant_id.to_string();
    let any = package_version::Entity::find()
        .one(&conn)
        .await
        .unwrap()
        .unwrap();
    let _ = conn.close().await;
    let bytes = storage
        .read(any.dist_path.as_deref().unwrap())
        .await
        .unwrap();
    let planted = dist_key(&tenant, "acme/lib", "9.9.9.0", "0123456789ab");
    let elsewhere = dist_key(&tenant, "acme/other", "1.0.0.0", "0123456789ab");
    storage.put_bytes(&planted, bytes.clone()).await.unwrap();
    storage.put_bytes(&elsewhere, bytes).await.unwrap();

    // A normal sync after the last kill completes, with every tag at its commit. The
    // archives the kills left stay while they are younger than TASK_ORPHAN_GRACE (a
    // sync of the same package on another server may be uploading them)…
    move_tags(&repo, kills + 2);
    sync_ok("the sync after the kills");
    let left = *orphans.last().unwrap() + 2;
    let kept = check_store(&db, &storage, &server, &token, "sync after the kills").await;
    assert!(
        kept.orphans >= left,
        "{} of {left} unreferenced archives kept within the grace",
        kept.orphans
    );
    assert!(storage.exists(&planted).await.unwrap());
    // …and the next sync that builds deletes them once they are older, and only the
    // package's own.
    move_tags(&repo, kills + 3);
    let out = sync().env("TASK_ORPHAN_GRACE", "0").output().unwrap();
    assert!(
        out.status.success(),
        "the sweeping sync: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        !storage.exists(&planted).await.unwrap(),
        "{planted} deleted"
    );
    assert!(
        storage.exists(&elsewhere).await.unwrap(),
        "another package's archive is not this sync's to delete"
    );
    storage.delete(&elsewhere).await.unwrap();
    let found = check_store(&db, &storage, &server, &token, "final sync").await;
    assert_eq!(
        found.orphans, 0,
        "the sync after the grace deletes every archive no version names"
    );
    let conn = db.connect().await;
    let rows = package_version::Entity::find().all(&conn).await.unwrap();
    let stored: BTreeMap<String, String> = rows
        .iter()
        .filter(|r| !r.is_dev)
        .map(|r| (r.version.clone(), r.reference.clone()))
        .collect();
    assert_eq!(
        stored,
        tag_commits(&repo),
        "every tag at its current commit"
    );
    assert_eq!(found.referenced, TAGS + 1, "30 tags and dev-main");
    assert!(!server.log().contains("panicked"), "{}", server.log());
    eprintln!(
        "R1 ({:?}/{}): a full re-sync of {TAGS} tags took {full:?}; {landed} of {kills} \
         kills landed while the sync ran, {committed} after its commit; orphaned complete \
         archives after each kill: {orphans:?}, kept by the next sync (within the grace): {}, \
         after the sync past it: {}",
        db.backend,
        if db.bucket.is_some() { "s3" } else { "fs" },
        kept.orphans,
        found.orphans
    );
    assert!(
        landed * 2 >= kills,
        "most kills should land while the sync runs ({landed} of {kills})"
    );
}
