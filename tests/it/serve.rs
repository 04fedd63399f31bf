//! `cargoman serve`: health and readiness, graceful shutdown, first-start admin token.

use std::io::{BufRead, BufReader};
use std::process::Stdio;
use std::time::Duration;

use tokio::net::TcpListener;

use crate::db_tests;
use crate::support::TestDb;

db_tests!(
    health_and_ready_answer,
    ready_reports_unreachable_storage,
    ready_is_cheap
);

/// Starts the server in-process on 127.0.0.1:0; returns its base URL and a stopper.
pub async fn start(
    services: cargoman::service::Services,
) -> (
    String,
    tokio::sync::oneshot::Sender<()>,
    tokio::task::JoinHandle<()>,
) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let (tx, rx) = tokio::sync::oneshot::channel::<()>();
    let handle = tokio::spawn(async move {
        cargoman::http::serve(listener, services, async {
            let _ = rx.await;
        })
        .await
        .unwrap();
    });
    (format!("http://{addr}"), tx, handle)
}

async fn health_and_ready_answer(db: TestDb) {
    let (url, stop, handle) = start(db.services().await).await;
    let health = reqwest::get(format!("{url}/health")).await.unwrap();
    assert_eq!(health.status(), 200);
    let ready = reqwest::get(format!("{url}/ready")).await.unwrap();
    assert_eq!(ready.status(), 200);
    let body: serde_json::Value = ready.json().await.unwrap();
    assert_eq!(body["database"]["ok"], true);
    assert_eq!(body["storage"]["ok"], true);
    stop.send(()).unwrap();
    tokio::time::timeout(Duration::from_secs(10), handle)
        .await
        .expect("graceful stop")
        .unwrap();
}

async fn ready_reports_unreachable_storage(db: TestDb) {
    let mut settings = db.settings();
    // Every call checks the storage again (the default keeps a success for 30 s).
    settings.storage.check_interval = 0;
    let root = settings.storage_path();
    let (url, stop, _h) = start(db.services_with(settings).await).await;
    assert_eq!(
        reqwest::get(format!("{url}/ready")).await.unwrap().status(),
        200
    );
    // The storage folder goes away (a lost mount): not ready, with the reason.
    let aside = db.path().join("aside");
    std::fs::rename(&root, &aside).unwrap();
    std::fs::write(&root, "not a folder").unwrap();
    let ready = reqwest::get(format!("{url}/ready")).await.unwrap();
    assert_eq!(ready.status(), 503);
    let body: serde_json::Value = ready.json().await.unwrap();
    assert_eq!(body["storage"]["ok"], false);
    // What is down, not how: no path, driver or backend text.
    assert_eq!(body["storage"]["error"], "unreachable");
    assert!(!body.to_string().contains(&*root.to_string_lossy()));
    assert_eq!(body["database"]["ok"], true);
    // It comes back without a restart.
    std::fs::remove_file(&root).unwrap();
    std::fs::rename(&aside, &root).unwrap();
    assert_eq!(
        reqwest::get(format!("{url}/ready")).await.unwrap().status(),
        200
    );
    let _ = stop.send(());
}

/// A load balancer asking every second costs the storage nothing after the first
/// check.
async fn ready_is_cheap(db: TestDb) {
    let settings = db.settings();
    let root = settings.storage_path();
    let (url, stop, _h) = start(db.services_with(settings).await).await;
    let client = reqwest::Client::new();
    let ready = || async {
        let resp = client.get(format!("{url}/ready")).send().await.unwrap();
        let status = resp.status().as_u16();
        (status, resp.json::<serde_json::Value>().await.unwrap())
    };
    assert_eq!(ready().await.0, 200);
    // The marker folder changes (a file created and deleted) on every storage check.
    let markers = root.join("_check");
    let stamp = || std::fs::metadata(&markers).unwrap().modified().unwrap();
    let before = stamp();
    tokio::time::sleep(Duration::from_millis(20)).await;
    for _ in 0..50 {
        assert_eq!(ready().await.0, 200);
    }
    assert_eq!(
        stamp(),
        before,
        "/ready wrote to the storage again within 30 s"
    );

    // Storage lost: within the cached success it still reads ready; the database
    // check is live. (A fresh server checks at once: see the test above.)
    let aside = root.with_extension("aside");
    std::fs::rename(&root, &aside).unwrap();
    std::fs::write(&root, "not a folder").unwrap();
    assert_eq!(ready().await.0, 200);
    std::fs::remove_file(&root).unwrap();
    std::fs::rename(&aside, &root).unwrap();
    let _ = stop.send(());
}

/// The real binary: first start prints an owner token once (never in the logs), a
/// second start prints none, and SIGTERM stops it cleanly.
#[tokio::test]
async fn serve_binary_bootstraps_token_and_stops_on_sigterm() {
    let db = TestDb::new(crate::support::Backend::Sqlite).await;
    for round in 0..2 {
        let port = free_port();
        let mut cmd = db.command();
        cmd.env("LOG_FORMAT", "json")
            .args(["serve", "--host", "127.0.0.1", "--port", &port.to_string()])
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        let mut child = cmd.spawn().unwrap();
        let stderr = child.stderr.take().unwrap();
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                let _ = tx.send(line);
            }
        });
        let url = format!("http://127.0.0.1:{port}");
        let mut ok = false;
        for _ in 0..100 {
            if let Ok(r) = reqwest::get(format!("{url}/ready")).await {
                ok = r.status() == 200;
                break;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        assert!(ok, "server did not become ready");
        unsafe_kill(child.id(), 15);
        let status = tokio::task::spawn_blocking(move || child.wait())
            .await
            .unwrap()
            .unwrap();
        assert!(status.success(), "exit after SIGTERM: {status:?}");
        let lines: Vec<String> = rx.try_iter().collect();
        let token_lines: Vec<_> = lines
            .iter()
            .filter(|l| l.trim_start().starts_with("cma_"))
            .collect();
        if round == 0 {
            assert_eq!(
                token_lines.len(),
                1,
                "token printed once on first start:\n{}",
                lines.join("\n")
            );
            let token = token_lines[0].trim();
            // Logs (JSON lines) never carry it.
            assert!(
                lines
                    .iter()
                    .filter(|l| l.starts_with('{'))
                    .all(|l| !l.contains(token))
            );
            let s = db.services().await;
            assert!(
                s.admin_tokens()
                    .authenticate(token)
                    .await
                    .unwrap()
                    .is_some()
            );
        } else {
            assert!(token_lines.is_empty(), "no new token on later starts");
        }
        assert!(
            lines.iter().any(|l| l.contains("listening")),
            "{}",
            lines.join("\n")
        );
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn unsafe_kill(pid: u32, sig: i32) {
    std::process::Command::new("kill")
        .args([format!("-{sig}"), pid.to_string()])
        .status()
        .unwrap();
}
