//! Syncs within bounds (issue 13): a git server that accepts and then stalls fails the
//! sync within the configured time (and a running job is never taken over meanwhile,
//! while a killed worker's is); an archive with a 64 MB blob is built without holding
//! the blob in memory; a sync that fails after uploading leaves no archives behind; a
//! sync dropped half-way (lost lease, shutdown) stops its transfer at once.
//! On both databases.

use std::io::{Read, Write};
use std::net::TcpListener;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use cargoman::service::sync::NoProgress;
use cargoman::tasks::{Options, start_with};
use sea_orm::ConnectionTrait;

use crate::db_tests;
use crate::support::git_repo::{bare_repo, git, write};
use crate::support::{Backend, TestDb};

db_tests!(
    stalled_git_server_times_out,
    running_job_is_kept_until_its_worker_dies,
    large_blob_is_archived_in_bounded_memory,
    failed_sync_deletes_its_uploads,
    dropped_sync_stops_its_fetch
);

/// How a fake git server stalls.
#[derive(Clone, Copy)]
enum Stall {
    /// Accepts the connection, reads the request, never answers.
    Silent,
    /// Answers the headers and a first line of the ref advertisement, then nothing.
    AfterHeaders,
}

/// A loopback server that stalls every connection; connections stay open until drop.
struct StallingServer {
    port: u16,
    held: Arc<Mutex<Vec<std::net::TcpStream>>>,
}

impl StallingServer {
    fn start(how: Stall) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let held = Arc::new(Mutex::new(Vec::new()));
        let keep = held.clone();
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                let Ok(mut stream) = stream else { return };
                let mut buf = [0u8; 4096];
                let _ = stream.set_read_timeout(Some(Duration::from_millis(200)));
                let _ = stream.read(&mut buf);
                if let Stall::AfterHeaders = how {
                    let _ = stream.write_all(
                        b"HTTP/1.1 200 OK\r\n\
                          Content-Type: application/x-git-upload-pack-advertisement\r\n\
                          Content-Length: 100000\r\nCache-Control: no-cache\r\n\r\n\
                          001e# service=git-upload-pack\n",
                    );
                    let _ = stream.flush();
                }
                keep.lock().unwrap().push(stream);
            }
        });
        Self { port, held }
    }

    fn url(&self) -> String {
        format!("http://127.0.0.1:{}/acme/lib.git", self.port)
    }

    fn connections(&self) -> usize {
        self.held.lock().unwrap().len()
    }
}

fn tight_settings(db: &TestDb, low_speed: u64, timeout: u64) -> cargoman::config::Settings {
    let mut settings = db.settings();
    settings.tasks.git_connect_timeout = 2;
    settings.tasks.git_low_speed_time = low_speed;
    settings.tasks.git_timeout = timeout;
    settings.tasks.sync_interval = 0;
    settings.tasks.num_workers = 1;
    settings.security.repository_allow_local = true;
    settings
}

/// Registers `url` as `name` (the CLI may use loopback URLs), without syncing.
fn register(db: &TestDb, url: &str, name: &str) {
    let out = db.run(&["package", "add", url, "--name", name, "--no-sync"]);
    assert_eq!(
        out.code, 0,
        "package add {url}: {} {}",
        out.stdout, out.stderr
    );
}

async fn dist_objects(s: &cargoman::service::Services) -> Vec<String> {
    s.storage()
        .list("")
        .await
        .unwrap()
        .into_iter()
        .map(|(k, _)| k)
        .filter(|k| k.ends_with(".zip"))
        .collect()
}

async fn stalled_git_server_times_out(db: TestDb) {
    for how in [Stall::Silent, Stall::AfterHeaders] {
        let server = StallingServer::start(how);
        let name = match how {
            Stall::Silent => "acme/silent",
            Stall::AfterHeaders => "acme/trickle",
        };
        register(&db, &server.url(), name);
        let s = db.services_with(tight_settings(&db, 1, 4)).await;
        let ctx = db.ctx(&s).await;
        let started = Instant::now();
        let err = s
            .sync()
            .package(&ctx, name, &NoProgress)
            .await
            .expect_err("a stalled server fails the sync");
        let took = started.elapsed();
        let text = err.to_string();
        assert!(text.contains("timed out"), "{text}");
        assert!(server.connections() >= 1, "the server was reached");
        assert!(
            took < Duration::from_secs(6),
            "failed after {took:?}, beyond the configured bound"
        );
        let pkg = s.packages().show(&ctx, name).await.unwrap();
        assert_eq!(pkg.sync_status, "failed");
        assert!(
            pkg.last_sync_error
                .as_deref()
                .unwrap_or("")
                .contains("timed out"),
            "{:?}",
            pkg.last_sync_error
        );
        assert!(dist_objects(&s).await.is_empty(), "nothing stored");
    }
}

/// A worker whose job outlasts many leases keeps it (a second worker polling all the
/// while never gets it); the job fails with the time-out and is not left running. A
/// worker killed half-way gives its job up one lease later.
async fn running_job_is_kept_until_its_worker_dies(db: TestDb) {
    let server = StallingServer::start(Stall::Silent);
    register(&db, &server.url(), "acme/slow");
    register(
        &db,
        &format!("http://127.0.0.1:{}/acme/other.git", server.port),
        "acme/other",
    );
    // The stall lasts 3 s; the lease is 0.5 s.
    let s = db.services_with(tight_settings(&db, 3, 20)).await;
    let ctx = db.ctx(&s).await;
    let lease = chrono::Duration::milliseconds(500);
    let slow = s.packages().show(&ctx, "acme/slow").await.unwrap();
    let job = s
        .jobs()
        .queue_sync(ctx.tenant_id, slow.id, "test")
        .await
        .unwrap();
    let background = start_with(
        s.clone(),
        Options {
            lease: lease.to_std().unwrap(),
        },
    );
    let started = Instant::now();
    // The worker takes it first (an intruder polling now could take the queued job).
    while s.jobs().get(&ctx, job).await.unwrap().status != "running" {
        assert!(started.elapsed() < Duration::from_secs(5), "never started");
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    let mut seen_running = false;
    let mut polls = 0;
    loop {
        let j = s.jobs().get(&ctx, job).await.unwrap();
        if j.last_error.is_some() {
            assert!(
                j.last_error.as_deref().unwrap().contains("timed out"),
                "{:?}",
                j.last_error
            );
            assert_eq!(
                (j.status.as_str(), j.attempts),
                ("queued", 1),
                "retried later"
            );
            break;
        }
        seen_running |= j.status == "running";
        // The intruder may take other work (the daily clean-up), never this job.
        if let Some(other) = s.jobs().claim("intruder", lease).await.unwrap() {
            assert_ne!(other.id, job, "a running job was taken over");
            s.jobs().complete(other.id, "intruder").await.unwrap();
        }
        polls += 1;
        assert!(
            started.elapsed() < Duration::from_secs(15),
            "the job never ended"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert!(seen_running && polls > 30, "the job ran for several leases");
    assert!(started.elapsed() >= Duration::from_millis(2500));

    // Killed half-way: the job stays `running` with a lease nobody renews.
    let other = s.packages().show(&ctx, "acme/other").await.unwrap();
    let job2 = s
        .jobs()
        .queue_sync(ctx.tenant_id, other.id, "test")
        .await
        .unwrap();
    let until = Instant::now() + Duration::from_secs(5);
    while s.jobs().get(&ctx, job2).await.unwrap().status != "running" {
        assert!(Instant::now() < until, "the second job never started");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    tokio::time::sleep(Duration::from_millis(700)).await;
    if let Some(other) = s.jobs().claim("intruder", lease).await.unwrap() {
        assert_ne!(other.id, job2, "a running job was taken over");
    }
    background.kill();
    let killed = Instant::now();
    let taken = loop {
        if let Some(j) = s.jobs().claim("intruder", lease).await.unwrap() {
            if j.id == job2 {
                break j;
            }
            s.jobs().complete(j.id, "intruder").await.unwrap();
            continue;
        }
        assert!(
            killed.elapsed() < Duration::from_secs(5),
            "never taken over"
        );
        tokio::time::sleep(Duration::from_millis(25)).await;
    };
    assert_eq!(taken.id, job2);
    assert_eq!(taken.locked_by.as_deref(), Some("intruder"));
}

/// Peak resident memory (VmHWM, bytes) of a run of the binary, read from /proc while
/// it runs (git programs it starts are not counted).
fn peak_rss(db: &TestDb, args: &[&str], env: &[(&str, &str)]) -> (u64, crate::support::Run) {
    let mut cmd = db.command();
    cmd.args(args)
        .envs(env.iter().copied())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped());
    let mut child = cmd.spawn().unwrap();
    let status_path = format!("/proc/{}/status", child.id());
    let mut peak = 0u64;
    let (mut out, mut err) = (child.stdout.take().unwrap(), child.stderr.take().unwrap());
    let out_reader = std::thread::spawn(move || {
        let mut s = String::new();
        let _ = out.read_to_string(&mut s);
        s
    });
    let err_reader = std::thread::spawn(move || {
        let mut s = String::new();
        let _ = err.read_to_string(&mut s);
        s
    });
    let code = loop {
        if let Ok(status) = std::fs::read_to_string(&status_path)
            && let Some(kb) = status
                .lines()
                .find_map(|l| l.strip_prefix("VmHWM:"))
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
        {
            peak = peak.max(kb * 1024);
        }
        if let Some(status) = child.try_wait().unwrap() {
            break status.code().unwrap_or(-1);
        }
        std::thread::sleep(Duration::from_millis(5));
    };
    let run = crate::support::Run {
        code,
        stdout: out_reader.join().unwrap(),
        stderr: err_reader.join().unwrap(),
    };
    (peak, run)
}

/// A 64 MB incompressible blob is archived with a peak memory well under its size
/// (measured against a sync of the same package that builds nothing).
async fn large_blob_is_archived_in_bounded_memory(db: TestDb) {
    const BLOB: usize = 64 * 1024 * 1024;
    let work = db.path().join("big-work");
    std::fs::create_dir_all(&work).unwrap();
    git(&work, &["init", "-q", "-b", "main"]);
    write(&work, "composer.json", r#"{"name":"acme/big"}"#);
    let mut data = vec![0u8; BLOB];
    rand::Rng::fill(&mut rand::thread_rng(), &mut data[..]);
    std::fs::write(work.join("big.bin"), &data).unwrap();
    let digest = sha1_hex(&data);
    drop(data);
    write(&work, "src/A.php", "<?php\n");
    git(&work, &["add", "-A"]);
    git(&work, &["commit", "-qm", "big"]);
    git(&work, &["tag", "v1.0.0"]);
    let bare = db.path().join("big.git");
    git(
        db.path(),
        &[
            "clone",
            "-q",
            "--bare",
            work.to_str().unwrap(),
            bare.to_str().unwrap(),
        ],
    );
    register(&db, bare.to_str().unwrap(), "acme/big");
    // First sync: fetches, and leaves the version out (its file is over the limit).
    let (_, fetch) = peak_rss(
        &db,
        &["package", "sync", "acme/big"],
        &[("ARCHIVE_MAX_FILE_SIZE", "1048576")],
    );
    assert_eq!(fetch.code, 0, "{} {}", fetch.stdout, fetch.stderr);
    // Second: builds the two archives (tag and branch) of the fetched commit.
    let (built, build) = peak_rss(&db, &["package", "sync", "acme/big"], &[]);
    assert_eq!(build.code, 0, "{} {}", build.stdout, build.stderr);
    // Third: nothing to build; the baseline of a sync of this package.
    let (idle, again) = peak_rss(&db, &["package", "sync", "acme/big"], &[]);
    assert_eq!(again.code, 0, "{} {}", again.stdout, again.stderr);
    let extra = built.saturating_sub(idle);
    eprintln!(
        "archive of a 64 MiB blob: peak RSS {} MiB, baseline {} MiB, extra {} MiB",
        built >> 20,
        idle >> 20,
        extra >> 20
    );
    assert!(
        extra < (BLOB as u64) / 4,
        "building held {extra} bytes more than a sync that builds nothing (blob: {BLOB})"
    );

    // The archives hold the blob intact.
    let s = db.services().await;
    let zips = dist_objects(&s).await;
    assert_eq!(zips.len(), 2, "{zips:?}");
    for key in zips {
        let path = s.storage().local_path(&key).expect("filesystem storage");
        let out = std::process::Command::new("unzip")
            .args(["-p", path.to_str().unwrap(), "*/big.bin"])
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert_eq!(out.stdout.len(), BLOB);
        assert_eq!(sha1_hex(&out.stdout), digest, "{key}");
        let test = std::process::Command::new("unzip")
            .args(["-tq", path.to_str().unwrap()])
            .output()
            .unwrap();
        assert!(
            test.status.success(),
            "{}",
            String::from_utf8_lossy(&test.stdout)
        );
    }
}

fn sha1_hex(data: &[u8]) -> String {
    use sha1::{Digest, Sha1};
    hex::encode(Sha1::digest(data))
}

/// A sync that fails after its archives were uploaded (the database refuses the new
/// versions) deletes them again; the next sync stores them.
async fn failed_sync_deletes_its_uploads(db: TestDb) {
    let bare = bare_repo(db.path(), "lib.git");
    register(&db, bare.to_str().unwrap(), "acme/lib");
    let s = db.services().await;
    let ctx = db.ctx(&s).await;
    refuse_versions(&s, db.backend, true).await;
    let err = s
        .sync()
        .package(&ctx, "acme/lib", &NoProgress)
        .await
        .expect_err("the refused insert fails the sync");
    assert!(err.to_string().contains("refused by the test"), "{err}");
    assert_eq!(
        dist_objects(&s).await,
        Vec::<String>::new(),
        "uploads removed"
    );

    refuse_versions(&s, db.backend, false).await;
    let report = s
        .sync()
        .package(&ctx, "acme/lib", &NoProgress)
        .await
        .unwrap();
    assert!(!report.added.is_empty());
    assert!(
        !dist_objects(&s).await.is_empty(),
        "a good sync stores archives"
    );
}

async fn refuse_versions(s: &cargoman::service::Services, backend: Backend, on: bool) {
    let sql: &[&str] = match (backend, on) {
        (Backend::Sqlite, true) => &[
            "CREATE TRIGGER refuse_versions BEFORE INSERT ON package_versions \
             BEGIN SELECT RAISE(ABORT, 'refused by the test'); END",
        ],
        (Backend::Sqlite, false) => &["DROP TRIGGER refuse_versions"],
        (Backend::Postgres, true) => &[
            "CREATE FUNCTION refuse_versions() RETURNS trigger AS $$ \
             BEGIN RAISE EXCEPTION 'refused by the test'; END $$ LANGUAGE plpgsql",
            "CREATE TRIGGER refuse_versions BEFORE INSERT ON package_versions \
             FOR EACH ROW EXECUTE FUNCTION refuse_versions()",
        ],
        (Backend::Postgres, false) => &["DROP TRIGGER refuse_versions ON package_versions"],
    };
    for stmt in sql {
        s.db().execute_unprepared(stmt).await.unwrap();
    }
}

/// A loopback TCP proxy to `target` that passes the server's bytes on 2 KB at a time,
/// every 50 ms (40 KB/s); notes when a client closed its side while bytes were left.
struct SlowProxy {
    port: u16,
    closed: Arc<Mutex<Vec<Instant>>>,
}

impl SlowProxy {
    fn start(target: std::net::SocketAddr) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let closed = Arc::new(Mutex::new(Vec::new()));
        let noted = closed.clone();
        std::thread::spawn(move || {
            for client in listener.incoming() {
                let Ok(mut client) = client else { return };
                let Ok(mut server) = std::net::TcpStream::connect(target) else {
                    return;
                };
                let (mut c2, mut s2) = (client.try_clone().unwrap(), server.try_clone().unwrap());
                std::thread::spawn(move || {
                    let _ = std::io::copy(&mut c2, &mut s2);
                });
                let noted = noted.clone();
                std::thread::spawn(move || {
                    let mut buf = [0u8; 2048];
                    loop {
                        let n = match server.read(&mut buf) {
                            Ok(0) | Err(_) => return,
                            Ok(n) => n,
                        };
                        if client.write_all(&buf[..n]).is_err() {
                            noted.lock().unwrap().push(Instant::now());
                            return;
                        }
                        std::thread::sleep(Duration::from_millis(50));
                    }
                });
            }
        });
        Self { port, closed }
    }
}

async fn dropped_sync_stops_its_fetch(db: TestDb) {
    // 4 MB of random bytes: some 100 s through the proxy.
    let work = db.path().join("slow-work");
    std::fs::create_dir_all(&work).unwrap();
    git(&work, &["init", "-q", "-b", "main"]);
    write(&work, "composer.json", r#"{"name":"acme/slow"}"#);
    let mut data = vec![0u8; 4 * 1024 * 1024];
    rand::Rng::fill(&mut rand::thread_rng(), &mut data[..]);
    std::fs::write(work.join("blob.bin"), &data).unwrap();
    git(&work, &["add", "-A"]);
    git(&work, &["commit", "-qm", "slow"]);
    let root = db.path().join("slow-served");
    std::fs::create_dir_all(&root).unwrap();
    git(
        &root,
        &["clone", "-q", "--bare", work.to_str().unwrap(), "slow.git"],
    );
    let git_server = crate::support::git_http::GitHttpServer::start(&root, None);
    let url: reqwest::Url = git_server.url("slow.git").parse().unwrap();
    let target = std::net::SocketAddr::from(([127, 0, 0, 1], url.port().unwrap()));
    let proxy = SlowProxy::start(target);
    let slow_url = format!("http://127.0.0.1:{}{}", proxy.port, url.path());
    register(&db, &slow_url, "acme/slow");
    // Generous limits: only the drop can stop the transfer within the test.
    let s = db.services_with(tight_settings(&db, 60, 600)).await;
    let ctx = db.ctx(&s).await;
    let syncs = s.sync();
    let sync = syncs.package(&ctx, "acme/slow", &NoProgress);
    // Dropped while the pack is coming, as a worker drops a job whose lease was lost.
    assert!(
        tokio::time::timeout(Duration::from_secs(3), sync)
            .await
            .is_err(),
        "the sync cannot finish through a 40 KB/s link in 3 s"
    );
    let dropped = Instant::now();
    let deadline = dropped + Duration::from_secs(10);
    while proxy.closed.lock().unwrap().is_empty() && Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let closed = proxy.closed.lock().unwrap().clone();
    assert!(
        !closed.is_empty(),
        "the fetch went on after its sync was dropped"
    );
    let after = closed[0].saturating_duration_since(dropped);
    assert!(
        after < Duration::from_secs(2),
        "stopped {after:?} after the drop"
    );
}
