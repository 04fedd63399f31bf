//! Bounds at the edge: a cap on open connections, a read timeout on request bodies
//! (not only headers), and webhook deliveries sized and rate-limited before anything
//! is read or looked up.

use std::time::{Duration, Instant};

use bytes::Bytes;
use cargoman::config::Secret;
use http_body_util::StreamBody;
use hyper::body::Frame;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

use crate::db_tests;
use crate::serve::start;
use crate::support::TestDb;

db_tests!(
    connections_past_the_cap_wait_for_a_free_slot,
    a_half_sent_body_does_not_hold_the_connection,
    webhook_bodies_are_bounded_before_they_are_read,
    webhook_deliveries_are_rate_limited_per_address
);

fn addr_of(url: &str) -> String {
    url.trim_start_matches("http://").to_string()
}

/// Reads what the server sends until it closes the connection (or `limit` passes).
async fn read_until_closed(stream: &mut TcpStream, limit: Duration) -> Option<String> {
    let mut buf = Vec::new();
    match tokio::time::timeout(limit, stream.read_to_end(&mut buf)).await {
        Ok(_) => Some(String::from_utf8_lossy(&buf).into_owned()),
        Err(_) => None,
    }
}

async fn connections_past_the_cap_wait_for_a_free_slot(db: TestDb) {
    let mut settings = db.settings();
    settings.server.max_connections = 2;
    let (url, stop, _h) = start(db.services_with(settings).await).await;
    let addr = addr_of(&url);
    // Two connections take both slots (each answered once, then kept alive).
    let mut held = Vec::new();
    for _ in 0..2 {
        let mut s = TcpStream::connect(&addr).await.unwrap();
        s.write_all(b"GET /health HTTP/1.1\r\nHost: localhost\r\n\r\n")
            .await
            .unwrap();
        let mut buf = [0u8; 512];
        let n = s.read(&mut buf).await.unwrap();
        assert!(String::from_utf8_lossy(&buf[..n]).starts_with("HTTP/1.1 200"));
        held.push(s);
    }
    // A third connects (the kernel's backlog) but is not served while both are open.
    let mut third = TcpStream::connect(&addr).await.unwrap();
    third
        .write_all(b"GET /health HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
        .await
        .unwrap();
    let mut buf = [0u8; 512];
    let early = tokio::time::timeout(Duration::from_millis(700), third.read(&mut buf)).await;
    assert!(early.is_err(), "a connection past the cap was served");
    // One closes: the waiting one is served.
    drop(held.pop());
    let answer = read_until_closed(&mut third, Duration::from_secs(5))
        .await
        .expect("the waiting connection was served once a slot freed");
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    let _ = stop.send(());
}

async fn a_half_sent_body_does_not_hold_the_connection(db: TestDb) {
    let mut settings = db.settings();
    settings.server.request_read_timeout = 1;
    settings.webhooks.github_secret = Some(Secret::new("gh-secret"));
    let (url, stop, _h) = start(db.services_with(settings).await).await;
    let addr = addr_of(&url);
    for path in ["/api/webhooks/github", "/api/v1/customers"] {
        let mut s = TcpStream::connect(&addr).await.unwrap();
        let head = format!(
            "POST {path} HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n\
             Authorization: Bearer nothing\r\nContent-Length: 1000\r\n\r\n{{\"half\": "
        );
        s.write_all(head.as_bytes()).await.unwrap();
        let started = Instant::now();
        // The server gives up on the body after the timeout and closes; a server that
        // waited for the other 990 bytes would still hold the connection at 10 s.
        let answer = read_until_closed(&mut s, Duration::from_secs(10)).await;
        let took = started.elapsed();
        assert!(
            answer.is_some(),
            "{path}: the connection is still held after 10 s"
        );
        assert!(
            took < Duration::from_secs(6),
            "{path}: closed only after {took:?}"
        );
    }
    // A client that keeps sending slowly but steadily is not cut off.
    let client = reqwest::Client::new();
    let (tx, rx) = tokio::sync::mpsc::channel::<Result<Frame<Bytes>, std::io::Error>>(4);
    tokio::spawn(async move {
        for chunk in [&b"{\"zen\":"[..], b"\"slow", b"\"}"] {
            tokio::time::sleep(Duration::from_millis(600)).await;
            let _ = tx.send(Ok(Frame::data(Bytes::from_static(chunk)))).await;
        }
    });
    let stream = futures::stream::unfold(rx, |mut rx| async move {
        rx.recv().await.map(|item| (item, rx))
    });
    let resp = client
        .post(format!("{url}/api/webhooks/github"))
        .header("x-github-event", "ping")
        .body(reqwest::Body::wrap(StreamBody::new(stream)))
        .send()
        .await
        .unwrap();
    // Read whole (1.8 s in all, no gap over the 1 s timeout), then refused for its
    // missing signature: the body was not cut short.
    assert_eq!(resp.status(), 401);
    let _ = stop.send(());
}

async fn webhook_bodies_are_bounded_before_they_are_read(db: TestDb) {
    let mut settings = db.settings();
    settings.webhooks.github_secret = Some(Secret::new("gh-secret"));
    let (url, stop, _h) = start(db.services_with(settings).await).await;
    // A declared 50 MB body is refused at once, without the server waiting for it.
    let mut s = TcpStream::connect(addr_of(&url)).await.unwrap();
    s.write_all(
        b"POST /api/webhooks/github HTTP/1.1\r\nHost: localhost\r\n\
          Content-Length: 52428800\r\nConnection: close\r\n\r\n",
    )
    .await
    .unwrap();
    let answer = read_until_closed(&mut s, Duration::from_secs(5))
        .await
        .expect("answered without the body");
    assert!(answer.starts_with("HTTP/1.1 413"), "{answer}");
    // An undeclared (chunked) body is cut at the bound.
    let big = vec![b'x'; 6 * 1024 * 1024];
    let stream = futures::stream::iter(
        big.chunks(64 * 1024)
            .map(|c| Ok::<_, std::io::Error>(Frame::data(Bytes::copy_from_slice(c))))
            .collect::<Vec<_>>(),
    );
    let resp = reqwest::Client::new()
        .post(format!("{url}/api/webhooks/github"))
        .body(reqwest::Body::wrap(StreamBody::new(stream)))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 413);
    let _ = stop.send(());
}

async fn webhook_deliveries_are_rate_limited_per_address(db: TestDb) {
    let mut settings = db.settings();
    settings.webhooks.github_secret = Some(Secret::new("gh-secret"));
    settings.security.webhook_requests_per_minute = Some(3);
    let (url, stop, _h) = start(db.services_with(settings).await).await;
    let client = reqwest::Client::new();
    let deliver = || {
        client
            .post(format!("{url}/api/webhooks/github"))
            .header("x-github-event", "ping")
            .header("x-hub-signature-256", "sha256=00")
            .body("{}")
            .send()
    };
    crate::support::clear_of_minute_end(10).await;
    for _ in 0..3 {
        // Unsigned: refused, but counted.
        assert_eq!(deliver().await.unwrap().status(), 401);
    }
    let limited = deliver().await.unwrap();
    assert_eq!(limited.status(), 429);
    let retry: u64 = limited.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=60).contains(&retry));
    // The management API is not affected by the webhook limit.
    let api = client.get(format!("{url}/health")).send().await.unwrap();
    assert_eq!(api.status(), 200);
    let _ = stop.send(());
}
