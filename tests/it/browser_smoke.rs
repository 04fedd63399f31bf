//! The headless-browser harness itself (tests/it/support/browser.rs) against a tiny
//! page served here: typing, clicking, waiting, keys, cookies, screenshots, window
//! sizes and tenant host names under `*.localhost`.

use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

use crate::support::browser::{Browser, MAP_LOCALHOST, PHONE, keys};

const WAIT: Duration = Duration::from_secs(10);

/// Serves the test page on 127.0.0.1:0; returns the port.
async fn serve_page() -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let port = listener.local_addr().unwrap().port();
    tokio::spawn(async move {
        loop {
            let Ok((mut sock, _)) = listener.accept().await else {
                return;
            };
            tokio::spawn(async move {
                let mut buf = Vec::new();
                let mut chunk = [0u8; 4096];
                while !buf.windows(4).any(|w| w == b"\r\n\r\n") {
                    match sock.read(&mut chunk).await {
                        Ok(0) | Err(_) => return,
                        Ok(n) => buf.extend_from_slice(&chunk[..n]),
                    }
                }
                let head = String::from_utf8_lossy(&buf).into_owned();
                let target = head.split(' ').nth(1).unwrap_or("/").to_owned();
                let host = head
                    .lines()
                    .find_map(|l| {
                        l.split_once(':')
                            .filter(|(k, _)| k.eq_ignore_ascii_case("host"))
                    })
                    .map(|(_, v)| v.trim().to_owned())
                    .unwrap_or_default();
                let resp = respond(&target, &host);
                let _ = sock.write_all(resp.as_bytes()).await;
                let _ = sock.shutdown().await;
            });
        }
    });
    port
}

fn respond(target: &str, host: &str) -> String {
    let (path, query) = target.split_once('?').unwrap_or((target, ""));
    let (status, cookies, body) = match path {
        "/" => (
            "200 OK",
            "Set-Cookie: session=s3cr3t; Path=/; HttpOnly; SameSite=Strict\r\n\
             Set-Cookie: theme=dark; Path=/; SameSite=Lax\r\n",
            PAGE.replace("{host}", host),
        ),
        "/submit" => {
            let name = query
                .split('&')
                .find_map(|kv| kv.strip_prefix("name="))
                .unwrap_or("")
                .replace(|c: char| !c.is_ascii_alphanumeric(), "");
            (
                "200 OK",
                "",
                format!("<!doctype html><title>Submitted</title><h1>Submitted: {name}</h1>"),
            )
        }
        _ => ("404 Not Found", "", "not found".to_owned()),
    };
    format!(
        "HTTP/1.1 {status}\r\nContent-Type: text/html; charset=utf-8\r\n{cookies}\
         Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )
}

const PAGE: &str = r#"<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Smoke</title>
<style>
  body { font-family: sans-serif; margin: 2rem; }
  label { display: block; margin-bottom: .25rem; }
  #out { color: #064; font-weight: bold; }
</style>
</head>
<body>
<h1>Smoke test</h1>
<p id="host">Host: {host}</p>
<form id="f" action="/submit" method="get">
  <label for="name">Your name</label>
  <input id="name" name="name" type="text" autocomplete="off">
  <button id="greet" type="button">Greet</button>
  <button id="send" type="submit">Send</button>
</form>
<p id="out" hidden></p>
<p id="js-cookies"></p>
<script>
  document.getElementById('greet').addEventListener('click', () => {
    // Later, so that waiting is needed.
    setTimeout(() => {
      const out = document.getElementById('out');
      out.textContent = 'Hello, ' + document.getElementById('name').value + '!';
      out.hidden = false;
    }, 200);
  });
  document.getElementById('js-cookies').textContent = 'script sees: ' + document.cookie;
</script>
</body>
</html>
"#;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn form_keys_cookies_screenshot() {
    let port = serve_page().await;
    let b = Browser::start("browser_smoke::form").await;
    b.goto(&format!("http://127.0.0.1:{port}/")).await;
    assert_eq!(b.title().await, "Smoke");
    assert_eq!(b.current_url().await, format!("http://127.0.0.1:{port}/"));

    // Label and input.
    let label = b.find("label[for=name]").await;
    assert_eq!(label.text().await, "Your name");
    assert_eq!(label.attr("for").await.as_deref(), Some("name"));
    let input = b.find("#name").await;
    assert_eq!(input.attr("type").await.as_deref(), Some("text"));
    assert_eq!(input.attr("placeholder").await, None);
    input.send_keys("Ada").await;
    assert_eq!(input.value().await, "Ada");
    input.clear().await;
    assert_eq!(input.value().await, "");
    input.send_keys("Grace").await;

    // A button whose script changes the page later.
    assert!(!b.find("#out").await.is_displayed().await);
    assert!(b.try_find("#nothing-here").await.is_none());
    assert_eq!(b.find_all("form button").await.len(), 2);
    b.find("#greet").await.click().await;
    let out = b.wait_for_text("#out", "Hello, Grace!", WAIT).await;
    assert!(out.is_displayed().await);
    b.wait_for("#out", WAIT).await;

    // Keys: Tab moves the focus from the input to the next button.
    input.click().await;
    assert!(b.active_element().await.same_as(&input));
    b.press(keys::TAB).await;
    assert_eq!(
        b.active_element().await.attr("id").await.as_deref(),
        Some("greet")
    );

    // Cookies: the HttpOnly one is there for WebDriver, not for the page's script.
    let cookies = b.cookies().await;
    let session = cookies
        .iter()
        .find(|c| c.name == "session")
        .expect("session cookie");
    assert_eq!(session.value, "s3cr3t");
    assert!(session.http_only, "{session:?}");
    assert_eq!(session.same_site.as_deref(), Some("Strict"));
    let theme = b.cookie("theme").await.expect("theme cookie");
    assert!(!theme.http_only);
    assert_eq!(theme.same_site.as_deref(), Some("Lax"));
    let js = b.execute("return document.cookie;", vec![]).await;
    assert_eq!(js, "theme=dark");
    let seen = b.find("#js-cookies").await.text().await;
    assert!(!seen.contains("s3cr3t"), "{seen}");

    // execute with an element argument.
    let tag = b
        .execute(
            "return arguments[0].tagName + ':' + arguments[1];",
            vec![input.json(), 7.into()],
        )
        .await;
    assert_eq!(tag, "INPUT:7");

    // Screenshot.
    let shot = b.shot("form").await;
    assert!(
        shot.ends_with("browser_smoke-form/01-form.png"),
        "{}",
        shot.display()
    );
    let png = std::fs::read(&shot).expect("screenshot written");
    assert!(
        png.starts_with(b"\x89PNG\r\n\x1a\n"),
        "not a PNG: {}",
        shot.display()
    );
    assert!(png.len() > 1000);

    // Enter in the input submits the form.
    input.send_keys(keys::ENTER).await;
    b.wait_for_text("h1", "Submitted: Grace", WAIT).await;
    assert_eq!(
        b.current_url().await,
        format!("http://127.0.0.1:{port}/submit?name=Grace")
    );
    assert_eq!(b.title().await, "Submitted");
    let second = b.shot("submitted").await;
    assert!(second.ends_with("02-submitted.png"));

    b.delete_all_cookies().await;
    assert_eq!(b.cookies().await, vec![]);
    b.quit().await;
}

/// A phone-sized window, and a tenant host under `*.localhost` with no resolver
/// rules: chromium sends every `*.localhost` name to loopback by itself.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn phone_window_and_tenant_host() {
    let port = serve_page().await;
    let b = Browser::phone("browser_smoke::phone").await;
    let url = format!("http://acme.cargoman.localhost:{port}/");
    b.goto(&url).await;
    assert_eq!(b.current_url().await, url);
    let host = b.wait_for("#host", WAIT).await.text().await;
    assert_eq!(host, format!("Host: acme.cargoman.localhost:{port}"));
    let size = b
        .execute("return [window.innerWidth, window.innerHeight];", vec![])
        .await;
    assert_eq!(size, serde_json::json!([PHONE.0, PHONE.1]));
    // Cookies are per host: the tenant's own.
    let session = b.cookie("session").await.expect("session cookie");
    assert_eq!(session.domain.as_deref(), Some("acme.cargoman.localhost"));
    b.shot("phone").await;
}

/// `--host-resolver-rules` reaches chromium (a name no DNS knows is served), and the
/// default window is 1280x900.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn host_resolver_rules() {
    let port = serve_page().await;
    let b = Browser::options("browser_smoke::host_rules")
        .host_resolver_rules(&format!("{MAP_LOCALHOST}, MAP *.cargoman.test 127.0.0.1"))
        .start()
        .await;
    b.goto(&format!("http://beta.cargoman.localhost:{port}/"))
        .await;
    let host = b.find("#host").await.text().await;
    assert_eq!(host, format!("Host: beta.cargoman.localhost:{port}"));
    b.goto(&format!("http://gamma.cargoman.test:{port}/")).await;
    let host = b.find("#host").await.text().await;
    assert_eq!(host, format!("Host: gamma.cargoman.test:{port}"));

    let size = b
        .execute("return [window.innerWidth, window.innerHeight];", vec![])
        .await;
    assert_eq!(size, serde_json::json!([1280, 900]));
    b.set_viewport_size(PHONE.0, PHONE.1).await;
    let width = b.execute("return window.innerWidth;", vec![]).await;
    assert_eq!(width, PHONE.0);
}
