//! A real headless browser for the web UI tests: Debian's `chromium`, driven over the
//! W3C WebDriver protocol (JSON over HTTP) through its own `chromedriver`.
//!
//! Each [`Browser`] starts its own chromedriver on a free loopback port and its own
//! chromium profile (`--user-data-dir` in a temp directory), so tests run in parallel
//! (nextest runs each in its own process). Dropping the [`Browser`] ends the session
//! and kills what it started.
//!
//! ```ignore
//! let b = Browser::start("ui::login").await;            // 1280x900
//! let b = Browser::options("ui::login").phone().start().await; // 390x844
//! b.goto(&format!("http://acme.cargoman.localhost:{port}/")).await;
//! b.find("#user").await.send_keys("alice").await;
//! b.find("#password").await.send_keys(&format!("secret{}", keys::ENTER)).await;
//! b.wait_for_text("h1", "Packages", Duration::from_secs(5)).await;
//! b.shot("packages").await; // target/ui-screenshots/ui-login/01-packages.png
//! ```
//!
//! The binaries come from `CARGOMAN_CHROMEDRIVER` and `CARGOMAN_CHROMIUM` (set by
//! `scripts/test.sh`), else from `PATH` and the usual Debian paths. A missing browser
//! is a failure, never a skip.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU32, Ordering};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

/// W3C WebDriver key codes, for [`Element::send_keys`] and [`Browser::press`].
pub mod keys {
    pub const BACKSPACE: &str = "\u{E003}";
    pub const TAB: &str = "\u{E004}";
    pub const ENTER: &str = "\u{E007}";
    pub const SHIFT: &str = "\u{E008}";
    pub const CONTROL: &str = "\u{E009}";
    pub const ALT: &str = "\u{E00A}";
    pub const ESCAPE: &str = "\u{E00C}";
    pub const SPACE: &str = "\u{E00D}";
    pub const PAGE_UP: &str = "\u{E00E}";
    pub const PAGE_DOWN: &str = "\u{E00F}";
    pub const END: &str = "\u{E010}";
    pub const HOME: &str = "\u{E011}";
    pub const ARROW_LEFT: &str = "\u{E012}";
    pub const ARROW_UP: &str = "\u{E013}";
    pub const ARROW_RIGHT: &str = "\u{E014}";
    pub const ARROW_DOWN: &str = "\u{E015}";
    pub const DELETE: &str = "\u{E017}";
}

/// The viewport of [`Browser::start`].
pub const DESKTOP: (u32, u32) = (1280, 900);
/// The viewport of [`BrowserOptions::phone`], an iPhone 12 to 15's.
pub const PHONE: (u32, u32) = (390, 844);

/// The rule that sends every `*.localhost` name (tenant hosts such as
/// `acme.cargoman.localhost`) to 127.0.0.1. Chromium resolves `*.localhost` to
/// loopback by itself; this pins it for good measure.
pub const MAP_LOCALHOST: &str = "MAP *.localhost 127.0.0.1";

/// How long [`Browser`] waits for chromedriver and for one WebDriver command.
const DRIVER_START_TIMEOUT: Duration = Duration::from_secs(20);
const COMMAND_TIMEOUT: Duration = Duration::from_secs(60);
const POLL: Duration = Duration::from_millis(50);

/// The key of a web element reference in WebDriver JSON.
const ELEMENT_KEY: &str = "element-6066-11e4-a52e-4f735466cecf";

/// Where [`Browser::shot`] saves: `target/ui-screenshots`.
pub fn screenshot_root() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("target"))
        .join("ui-screenshots")
}

/// How a [`Browser`] is started: [`Browser::options`], then [`BrowserOptions::start`].
#[derive(Clone, Debug)]
pub struct BrowserOptions {
    test: String,
    viewport: (u32, u32),
    host_rules: Option<String>,
    args: Vec<String>,
}

impl BrowserOptions {
    /// A phone-sized viewport, 390x844 CSS pixels (a desktop chromium's window that
    /// narrow, not a mobile emulation: no touch events, desktop user agent).
    pub fn phone(self) -> Self {
        self.viewport(PHONE.0, PHONE.1)
    }

    /// A viewport (`innerWidth` x `innerHeight`) of this size, in CSS pixels.
    pub fn viewport(mut self, width: u32, height: u32) -> Self {
        self.viewport = (width, height);
        self
    }

    /// `--host-resolver-rules=RULES`, e.g. [`MAP_LOCALHOST`].
    pub fn host_resolver_rules(mut self, rules: &str) -> Self {
        self.host_rules = Some(rules.to_owned());
        self
    }

    /// One more chromium command-line argument.
    pub fn arg(mut self, arg: &str) -> Self {
        self.args.push(arg.to_owned());
        self
    }

    /// Starts chromedriver and a headless chromium session. Panics (with what to do)
    /// when either is missing or does not come up.
    pub async fn start(self) -> Browser {
        Browser::launch(self).await
    }
}

/// One cookie as the browser holds it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Cookie {
    pub name: String,
    pub value: String,
    pub http_only: bool,
    pub secure: bool,
    /// `Strict`, `Lax` or `None`, as chromium reports it.
    pub same_site: Option<String>,
    pub domain: Option<String>,
    pub path: Option<String>,
}

/// A WebDriver error: `error` is the W3C code, e.g. `no such element`.
#[derive(Debug)]
pub struct WdError {
    pub error: String,
    pub message: String,
}

impl std::fmt::Display for WdError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.error, self.message)
    }
}

/// The WebDriver session, shared by the [`Browser`] and its [`Element`]s.
#[derive(Debug)]
struct Session {
    http: reqwest::Client,
    /// `http://127.0.0.1:PORT`.
    driver_url: String,
    port: u16,
    id: String,
}

impl Session {
    /// One WebDriver command on this session: `path` is relative to `/session/{id}`.
    async fn cmd(
        &self,
        method: reqwest::Method,
        path: &str,
        body: Option<Value>,
    ) -> Result<Value, WdError> {
        let url = format!("{}/session/{}{path}", self.driver_url, self.id);
        request(&self.http, method, &url, body).await
    }

    async fn get(&self, path: &str) -> Result<Value, WdError> {
        self.cmd(reqwest::Method::GET, path, None).await
    }

    async fn post(&self, path: &str, body: Value) -> Result<Value, WdError> {
        self.cmd(reqwest::Method::POST, path, Some(body)).await
    }

    async fn find(self: &Arc<Self>, from: Option<&str>, css: &str) -> Result<Element, WdError> {
        let path = match from {
            Some(id) => format!("/element/{id}/element"),
            None => "/element".to_owned(),
        };
        let v = self
            .post(&path, json!({"using": "css selector", "value": css}))
            .await?;
        Ok(Element::from_json(self, &v, css))
    }

    async fn find_all(
        self: &Arc<Self>,
        from: Option<&str>,
        css: &str,
    ) -> Result<Vec<Element>, WdError> {
        let path = match from {
            Some(id) => format!("/element/{id}/elements"),
            None => "/elements".to_owned(),
        };
        let v = self
            .post(&path, json!({"using": "css selector", "value": css}))
            .await?;
        Ok(v.as_array()
            .map(|a| a.iter().map(|e| Element::from_json(self, e, css)).collect())
            .unwrap_or_default())
    }
}

/// One HTTP request to chromedriver; unwraps `{"value": ...}` and its errors.
async fn request(
    http: &reqwest::Client,
    method: reqwest::Method,
    url: &str,
    body: Option<Value>,
) -> Result<Value, WdError> {
    let mut req = http.request(method.clone(), url);
    if let Some(body) = body {
        req = req.json(&body);
    } else if method == reqwest::Method::POST {
        req = req.json(&json!({}));
    }
    let resp = req.send().await.map_err(|e| WdError {
        error: "transport".into(),
        message: format!("{method} {url}: {e}"),
    })?;
    let status = resp.status();
    let text = resp.text().await.unwrap_or_default();
    let v: Value = serde_json::from_str(&text).map_err(|e| WdError {
        error: "bad response".into(),
        message: format!("{method} {url}: HTTP {status}, not JSON ({e}): {text}"),
    })?;
    let value = v.get("value").cloned().unwrap_or(Value::Null);
    if status.is_success() {
        return Ok(value);
    }
    Err(WdError {
        error: value["error"]
            .as_str()
            .unwrap_or("unknown error")
            .to_owned(),
        message: value["message"]
            .as_str()
            .map(|m| m.lines().next().unwrap_or(m).to_owned())
            .unwrap_or_else(|| format!("HTTP {status}: {text}")),
    })
}

/// The chromedriver process, killed on drop.
struct Driver {
    child: Child,
    log: PathBuf,
}

impl Driver {
    fn log(&self) -> String {
        let log = std::fs::read_to_string(&self.log).unwrap_or_default();
        let lines: Vec<&str> = log.lines().collect();
        lines[lines.len().saturating_sub(40)..].join("\n")
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A headless chromium in its own chromedriver; ends both on drop.
pub struct Browser {
    session: Arc<Session>,
    quit: AtomicBool,
    shots: AtomicU32,
    shot_dir: PathBuf,
    /// The test's name as given, for messages.
    test: String,
    // Dropped in this order: the session is ended in `drop`, then chromedriver is
    // killed, then the profile removed.
    driver: Driver,
    profile: tempfile::TempDir,
}

impl Browser {
    /// A desktop-sized (1280x900) headless chromium. `test` names the test: its
    /// screenshots go to `target/ui-screenshots/<test>/` (emptied here).
    pub async fn start(test: &str) -> Browser {
        Self::options(test).start().await
    }

    /// A phone-sized (390x844) headless chromium.
    pub async fn phone(test: &str) -> Browser {
        Self::options(test).phone().start().await
    }

    /// Options to [`BrowserOptions::start`] a browser with.
    pub fn options(test: &str) -> BrowserOptions {
        BrowserOptions {
            test: test.to_owned(),
            viewport: DESKTOP,
            host_rules: None,
            args: Vec::new(),
        }
    }

    async fn launch(opts: BrowserOptions) -> Browser {
        let started = Instant::now();
        let driver_bin = chromedriver();
        let chromium_bin = chromium();
        let profile = tempfile::Builder::new()
            .prefix("cargoman-chromium.")
            .tempdir()
            .expect("temp dir for the chromium profile");
        let http = reqwest::Client::builder()
            .no_proxy()
            .timeout(COMMAND_TIMEOUT)
            .build()
            .expect("HTTP client");

        let (driver, port) = start_driver(&driver_bin, profile.path(), &http).await;
        let driver_url = format!("http://127.0.0.1:{port}");

        let (w, h) = opts.viewport;
        let user_data = profile.path().join("profile");
        let mut args = vec![
            "--headless=new".to_owned(),
            "--no-sandbox".to_owned(),
            "--disable-gpu".to_owned(),
            "--disable-dev-shm-usage".to_owned(),
            format!("--window-size={w},{h}"),
            format!("--user-data-dir={}", user_data.display()),
            "--no-first-run".to_owned(),
            "--no-default-browser-check".to_owned(),
            "--no-proxy-server".to_owned(),
            "--disable-extensions".to_owned(),
            "--disable-background-networking".to_owned(),
            "--disable-component-update".to_owned(),
            "--disable-sync".to_owned(),
            "--disable-features=Translate,MediaRouter,OptimizationHints".to_owned(),
            "--hide-scrollbars".to_owned(),
            "--force-device-scale-factor=1".to_owned(),
            "--mute-audio".to_owned(),
            "--password-store=basic".to_owned(),
            "--use-mock-keychain".to_owned(),
        ];
        if let Some(rules) = &opts.host_rules {
            args.push(format!("--host-resolver-rules={rules}"));
        }
        args.extend(opts.args.iter().cloned());
        let caps = json!({
            "capabilities": {
                "alwaysMatch": {
                    "browserName": "chrome",
                    "pageLoadStrategy": "normal",
                    "timeouts": {"implicit": 0, "pageLoad": 30_000, "script": 30_000},
                    "goog:chromeOptions": {
                        "binary": chromium_bin.to_string_lossy(),
                        "args": args,
                    },
                }
            }
        });
        let created = match request(
            &http,
            reqwest::Method::POST,
            &format!("{driver_url}/session"),
            Some(caps),
        )
        .await
        {
            Ok(v) => v,
            Err(e) => panic!(
                "chromedriver could not start chromium ({}): {e}\nchromedriver log:\n{}",
                chromium_bin.display(),
                driver.log()
            ),
        };
        let id = created["sessionId"]
            .as_str()
            .unwrap_or_else(|| panic!("no sessionId in {created}"))
            .to_owned();
        let shot_dir = screenshot_root().join(sanitize(&opts.test));
        let _ = std::fs::remove_dir_all(&shot_dir);
        let browser = Browser {
            session: Arc::new(Session {
                http,
                driver_url,
                port,
                id,
            }),
            quit: AtomicBool::new(false),
            shots: AtomicU32::new(0),
            shot_dir,
            test: opts.test,
            driver,
            profile,
        };
        if let Err(e) = browser.try_set_viewport_size(w, h).await {
            panic!(
                "{}: could not size the viewport to {w}x{h}: {e}",
                browser.test
            );
        }
        eprintln!(
            "browser for {}: chromium {} at {w}x{h}, up in {:?}",
            browser.test,
            created["capabilities"]["browserVersion"]
                .as_str()
                .unwrap_or("?"),
            started.elapsed()
        );
        browser
    }

    fn fail(&self, what: &str, e: &WdError) -> ! {
        panic!("{}: {what}: {e}", self.test)
    }

    /// The current URL for messages: empty when it cannot be had.
    async fn page_url(&self) -> String {
        match self.session.get("/url").await {
            Ok(Value::String(url)) => url,
            _ => String::new(),
        }
    }

    /// Opens `url` and waits until it has loaded.
    pub async fn goto(&self, url: &str) {
        if let Err(e) = self.session.post("/url", json!({"url": url})).await {
            self.fail(&format!("goto {url}"), &e);
        }
    }

    /// The URL of the page now shown.
    pub async fn current_url(&self) -> String {
        match self.session.get("/url").await {
            Ok(v) => v.as_str().unwrap_or_default().to_owned(),
            Err(e) => self.fail("current_url", &e),
        }
    }

    /// The page's `<title>`.
    pub async fn title(&self) -> String {
        match self.session.get("/title").await {
            Ok(v) => v.as_str().unwrap_or_default().to_owned(),
            Err(e) => self.fail("title", &e),
        }
    }

    /// The page's HTML as it is now.
    pub async fn source(&self) -> String {
        match self.session.get("/source").await {
            Ok(v) => v.as_str().unwrap_or_default().to_owned(),
            Err(e) => self.fail("source", &e),
        }
    }

    /// The first element matching `css`; panics when there is none.
    pub async fn find(&self, css: &str) -> Element {
        match self.session.find(None, css).await {
            Ok(e) => e,
            Err(e) => {
                let url = self.page_url().await;
                self.fail(&format!("find {css:?} on {url}"), &e)
            }
        }
    }

    /// Every element matching `css`, in document order.
    pub async fn find_all(&self, css: &str) -> Vec<Element> {
        match self.session.find_all(None, css).await {
            Ok(v) => v,
            Err(e) => self.fail(&format!("find_all {css:?}"), &e),
        }
    }

    /// The first element matching `css`, if any.
    pub async fn try_find(&self, css: &str) -> Option<Element> {
        match self.session.find(None, css).await {
            Ok(e) => Some(e),
            Err(e) if e.error == "no such element" => None,
            Err(e) => self.fail(&format!("try_find {css:?}"), &e),
        }
    }

    /// Polls until an element matching `css` is there and displayed; on timeout
    /// saves a screenshot and panics.
    pub async fn wait_for(&self, css: &str, timeout: Duration) -> Element {
        let deadline = Instant::now() + timeout;
        loop {
            if let Ok(el) = self.session.find(None, css).await
                && el.displayed().await.unwrap_or(false)
            {
                return el;
            }
            if Instant::now() >= deadline {
                self.timed_out(&format!("no displayed {css:?}"), timeout)
                    .await
            }
            tokio::time::sleep(POLL).await;
        }
    }

    /// Polls until an element matching `css` is there with `text` in its visible
    /// text; on timeout saves a screenshot and panics.
    pub async fn wait_for_text(&self, css: &str, text: &str, timeout: Duration) -> Element {
        let deadline = Instant::now() + timeout;
        let mut last = None;
        loop {
            if let Ok(els) = self.session.find_all(None, css).await {
                for el in els {
                    if let Ok(t) = el.try_text().await {
                        if t.contains(text) {
                            return el;
                        }
                        last = Some(t);
                    }
                }
            }
            if Instant::now() >= deadline {
                self.timed_out(
                    &format!("no {css:?} with text {text:?} (last seen: {last:?})"),
                    timeout,
                )
                .await
            }
            tokio::time::sleep(POLL).await;
        }
    }

    /// Polls `cond` (a JavaScript expression) until it is truthy.
    pub async fn wait_until_js(&self, cond: &str, timeout: Duration) {
        let deadline = Instant::now() + timeout;
        let script = format!("return !!({cond});");
        loop {
            if let Ok(Value::Bool(true)) = self
                .session
                .post("/execute/sync", json!({"script": script, "args": []}))
                .await
            {
                return;
            }
            if Instant::now() >= deadline {
                self.timed_out(&format!("{cond} is still false"), timeout)
                    .await
            }
            tokio::time::sleep(POLL).await;
        }
    }

    async fn timed_out(&self, what: &str, timeout: Duration) -> ! {
        let url = self.page_url().await;
        let shot = self.save_shot("timeout").await;
        let body = self
            .session
            .post(
                "/execute/sync",
                json!({"script": "return document.body ? document.body.innerText : '';", "args": []}),
            )
            .await
            .ok()
            .and_then(|v| v.as_str().map(|s| s.chars().take(2000).collect::<String>()))
            .unwrap_or_default();
        panic!(
            "{}: after {timeout:?}: {what}\npage: {url}\nscreenshot: {}\npage text:\n{body}",
            self.test,
            shot.map(|p| p.display().to_string())
                .unwrap_or_else(|e| format!("(failed: {e})")),
        )
    }

    /// Runs `script` (a function body: use `return`, and `arguments[i]`) in the page;
    /// its return value as JSON. Pass elements as `el.json()`.
    pub async fn execute(&self, script: &str, args: Vec<Value>) -> Value {
        match self
            .session
            .post("/execute/sync", json!({"script": script, "args": args}))
            .await
        {
            Ok(v) => v,
            Err(e) => self.fail(&format!("execute {script:?}"), &e),
        }
    }

    /// Runs an async `script`: it must call `arguments[arguments.length - 1](value)`.
    pub async fn execute_async(&self, script: &str, args: Vec<Value>) -> Value {
        match self
            .session
            .post("/execute/async", json!({"script": script, "args": args}))
            .await
        {
            Ok(v) => v,
            Err(e) => self.fail(&format!("execute_async {script:?}"), &e),
        }
    }

    /// The element that has the keyboard focus.
    pub async fn active_element(&self) -> Element {
        match self.session.get("/element/active").await {
            Ok(v) => Element::from_json(&self.session, &v, ":focus"),
            Err(e) => self.fail("active_element", &e),
        }
    }

    /// Types `keys` (text and [`keys`] codes, e.g. `keys::TAB`) into whatever has the
    /// focus, as a user does: for Tab navigation.
    pub async fn press(&self, keys: &str) {
        let mut actions = Vec::new();
        for c in keys.chars() {
            actions.push(json!({"type": "keyDown", "value": c.to_string()}));
            actions.push(json!({"type": "keyUp", "value": c.to_string()}));
        }
        let body = json!({"actions": [{"type": "key", "id": "keyboard", "actions": actions}]});
        if let Err(e) = self.session.post("/actions", body).await {
            self.fail(&format!("press {keys:?}"), &e);
        }
        let _ = self
            .session
            .cmd(reqwest::Method::DELETE, "/actions", None)
            .await;
    }

    /// Resizes the window so that the viewport (`innerWidth` x `innerHeight`, what
    /// media queries see) is `width` x `height` CSS pixels, e.g. [`PHONE`] mid-test.
    pub async fn set_viewport_size(&self, width: u32, height: u32) {
        if let Err(e) = self.try_set_viewport_size(width, height).await {
            self.fail(&format!("set_viewport_size {width}x{height}"), &e);
        }
    }

    async fn try_set_viewport_size(&self, width: u32, height: u32) -> Result<(), WdError> {
        const SIZES: &str = "return [window.innerWidth, window.innerHeight, \
            window.outerWidth, window.outerHeight];";
        let mut last = Value::Null;
        // Headless chromium still counts some browser UI in the window: resize by
        // the difference, then check (twice, in case the difference changed).
        for _ in 0..3 {
            let v = self
                .session
                .post("/execute/sync", json!({"script": SIZES, "args": []}))
                .await?;
            let n = |i: usize| v[i].as_i64().unwrap_or(0);
            if n(0) == i64::from(width) && n(1) == i64::from(height) {
                return Ok(());
            }
            let rect = self.session.get("/window/rect").await?;
            let (ow, oh) = (
                rect["width"].as_i64().unwrap_or(n(2)),
                rect["height"].as_i64().unwrap_or(n(3)),
            );
            let body = json!({
                "width": i64::from(width) + ow - n(0),
                "height": i64::from(height) + oh - n(1),
            });
            self.session.post("/window/rect", body).await?;
            last = v;
        }
        Err(WdError {
            error: "viewport".into(),
            message: format!(
                "the window does not resize to it (innerWidth, innerHeight, outerWidth, outerHeight: {last})"
            ),
        })
    }

    /// Back in history.
    pub async fn back(&self) {
        if let Err(e) = self.session.post("/back", json!({})).await {
            self.fail("back", &e);
        }
    }

    /// Reloads the page.
    pub async fn refresh(&self) {
        if let Err(e) = self.session.post("/refresh", json!({})).await {
            self.fail("refresh", &e);
        }
    }

    /// The cookies visible to the page now shown (HttpOnly ones too).
    pub async fn cookies(&self) -> Vec<Cookie> {
        let v = match self.session.get("/cookie").await {
            Ok(v) => v,
            Err(e) => self.fail("cookies", &e),
        };
        let s = |c: &Value, k: &str| c[k].as_str().map(str::to_owned);
        v.as_array()
            .map(|a| {
                a.iter()
                    .map(|c| Cookie {
                        name: s(c, "name").unwrap_or_default(),
                        value: s(c, "value").unwrap_or_default(),
                        http_only: c["httpOnly"].as_bool().unwrap_or(false),
                        secure: c["secure"].as_bool().unwrap_or(false),
                        same_site: s(c, "sameSite"),
                        domain: s(c, "domain"),
                        path: s(c, "path"),
                    })
                    .collect()
            })
            .unwrap_or_default()
    }

    /// The cookie `name` of the page now shown, if set.
    pub async fn cookie(&self, name: &str) -> Option<Cookie> {
        self.cookies().await.into_iter().find(|c| c.name == name)
    }

    /// Deletes every cookie of the page now shown.
    pub async fn delete_all_cookies(&self) {
        if let Err(e) = self
            .session
            .cmd(reqwest::Method::DELETE, "/cookie", None)
            .await
        {
            self.fail("delete_all_cookies", &e);
        }
    }

    /// Saves a PNG of the viewport to `path`.
    pub async fn screenshot(&self, path: &Path) {
        if let Err(e) = self.write_screenshot(path).await {
            panic!("{}: screenshot {}: {e}", self.test, path.display());
        }
    }

    async fn write_screenshot(&self, path: &Path) -> Result<(), String> {
        use base64::Engine;
        let v = self
            .session
            .get("/screenshot")
            .await
            .map_err(|e| e.to_string())?;
        let png = base64::engine::general_purpose::STANDARD
            .decode(v.as_str().unwrap_or_default())
            .map_err(|e| format!("not base64: {e}"))?;
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).map_err(|e| e.to_string())?;
        }
        std::fs::write(path, png).map_err(|e| e.to_string())
    }

    async fn save_shot(&self, page: &str) -> Result<PathBuf, String> {
        let n = self.shots.fetch_add(1, Ordering::SeqCst) + 1;
        let path = self.shot_dir.join(format!("{n:02}-{}.png", sanitize(page)));
        self.write_screenshot(&path).await?;
        println!("screenshot: {}", path.display());
        Ok(path)
    }

    /// Saves the next numbered screenshot of this test,
    /// `target/ui-screenshots/<test>/NN-<page>.png`, prints and returns its path.
    pub async fn shot(&self, page: &str) -> PathBuf {
        match self.save_shot(page).await {
            Ok(p) => p,
            Err(e) => panic!("{}: screenshot {page}: {e}", self.test),
        }
    }

    /// The directory of this test's [`Browser::shot`]s.
    pub fn shot_dir(&self) -> &Path {
        &self.shot_dir
    }

    /// The chromium profile (`--user-data-dir`).
    pub fn profile_dir(&self) -> PathBuf {
        self.profile.path().join("profile")
    }

    /// The last lines chromedriver logged.
    pub fn driver_log(&self) -> String {
        self.driver.log()
    }

    /// Ends the session (closes chromium); dropping does too, without waiting.
    pub async fn quit(self) {
        if !self.quit.swap(true, Ordering::SeqCst) {
            let _ = self.session.cmd(reqwest::Method::DELETE, "", None).await;
        }
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        if !self.quit.swap(true, Ordering::SeqCst) {
            // No async in drop: a plain HTTP/1.1 DELETE over a blocking socket.
            delete_session(self.session.port, &self.session.id);
        }
        // chromium should be gone with its session; if not (a hung session), end the
        // processes that use this browser's own profile directory.
        kill_by_profile(&self.profile.path().join("profile"));
    }
}

/// `DELETE /session/{id}` without an async runtime.
fn delete_session(port: u16, id: &str) {
    let Ok(mut s) = std::net::TcpStream::connect(("127.0.0.1", port)) else {
        return;
    };
    let _ = s.set_read_timeout(Some(Duration::from_secs(10)));
    let _ = s.set_write_timeout(Some(Duration::from_secs(2)));
    let req = format!(
        "DELETE /session/{id} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
    );
    if s.write_all(req.as_bytes()).is_err() {
        return;
    }
    // Until the whole response is in: chromedriver keeps the connection open.
    let mut buf = Vec::new();
    let mut chunk = [0u8; 4096];
    loop {
        match s.read(&mut chunk) {
            Ok(0) | Err(_) => return,
            Ok(n) => buf.extend_from_slice(&chunk[..n]),
        }
        let Some(end) = buf.windows(4).position(|w| w == b"\r\n\r\n") else {
            continue;
        };
        let head = String::from_utf8_lossy(&buf[..end]).to_ascii_lowercase();
        let len = head
            .lines()
            .find_map(|l| l.strip_prefix("content-length:"))
            .and_then(|v| v.trim().parse::<usize>().ok())
            .unwrap_or(0);
        if buf.len() >= end + 4 + len {
            return;
        }
    }
}

/// SIGKILLs the processes whose command line names `profile` (only this browser's
/// chromium: the directory is a fresh temp dir).
fn kill_by_profile(profile: &Path) {
    let needle = profile.to_string_lossy().into_owned();
    let Ok(entries) = std::fs::read_dir("/proc") else {
        return;
    };
    let me = std::process::id();
    for entry in entries.flatten() {
        let Some(pid) = entry
            .file_name()
            .to_str()
            .and_then(|s| s.parse::<u32>().ok())
        else {
            continue;
        };
        if pid == me {
            continue;
        }
        let Ok(cmdline) = std::fs::read(entry.path().join("cmdline")) else {
            continue;
        };
        if String::from_utf8_lossy(&cmdline).contains(&needle) {
            let _ = Command::new("kill")
                .args(["-KILL", &pid.to_string()])
                .stderr(Stdio::null())
                .status();
        }
    }
}

/// Starts chromedriver on a free loopback port (`--port=0`: it picks one and says
/// which on stdout, so no other process can take it in between) and waits until it
/// is ready.
async fn start_driver(bin: &Path, dir: &Path, http: &reqwest::Client) -> (Driver, u16) {
    let log = dir.join("chromedriver.log");
    let mut child = Command::new(bin)
        .arg("--port=0")
        .arg(format!("--log-path={}", log.display()))
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot run {}: {e}", bin.display()));
    let stdout = child.stdout.take().expect("chromedriver stdout");
    let driver = Driver { child, log };
    // "ChromeDriver was started successfully on port 44233."
    let (tx, rx) = tokio::sync::oneshot::channel();
    std::thread::spawn(move || {
        use std::io::BufRead;
        let mut tx = Some(tx);
        let mut seen = String::new();
        for line in std::io::BufReader::new(stdout).lines() {
            let Ok(line) = line else { break };
            if let Some(port) = line
                .split_once("started successfully on port ")
                .and_then(|(_, rest)| rest.trim_end_matches('.').trim().parse::<u16>().ok())
                && let Some(tx) = tx.take()
            {
                let _ = tx.send(Ok(port));
            }
            seen.push_str(&line);
            seen.push('\n');
        }
        if let Some(tx) = tx.take() {
            let _ = tx.send(Err(seen));
        }
    });
    let port = match tokio::time::timeout(DRIVER_START_TIMEOUT, rx).await {
        Ok(Ok(Ok(port))) => port,
        Ok(Ok(Err(out))) => panic!(
            "chromedriver ({}) exited without starting:\n{out}\n{}",
            bin.display(),
            driver.log()
        ),
        Ok(Err(_)) | Err(_) => panic!(
            "chromedriver ({}) did not start within {DRIVER_START_TIMEOUT:?}:\n{}",
            bin.display(),
            driver.log()
        ),
    };
    let deadline = Instant::now() + DRIVER_START_TIMEOUT;
    loop {
        if let Ok(v) = request(
            http,
            reqwest::Method::GET,
            &format!("http://127.0.0.1:{port}/status"),
            None,
        )
        .await
            && v["ready"].as_bool() == Some(true)
        {
            return (driver, port);
        }
        if Instant::now() >= deadline {
            panic!(
                "chromedriver ({}) is not ready on port {port} after {DRIVER_START_TIMEOUT:?}:\n{}",
                bin.display(),
                driver.log()
            );
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

const MISSING: &str = "run the tests with ./scripts/test.sh, which installs chromium and \
    chromium-driver when missing (or: apt-get install chromium chromium-driver) and sets \
    CARGOMAN_CHROMEDRIVER and CARGOMAN_CHROMIUM";

/// chromedriver: `CARGOMAN_CHROMEDRIVER`, else on `PATH` or where Debian puts it.
pub fn chromedriver() -> PathBuf {
    find_binary(
        "CARGOMAN_CHROMEDRIVER",
        &["chromedriver"],
        &["/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver"],
    )
}

/// The browser: `CARGOMAN_CHROMIUM`, else on `PATH` or where Debian puts it.
pub fn chromium() -> PathBuf {
    find_binary(
        "CARGOMAN_CHROMIUM",
        &["chromium", "chromium-browser", "google-chrome"],
        &["/usr/bin/chromium", "/usr/lib/chromium/chromium"],
    )
}

fn find_binary(var: &str, names: &[&str], fallbacks: &[&str]) -> PathBuf {
    if let Some(p) = std::env::var_os(var).filter(|p| !p.is_empty()) {
        let p = PathBuf::from(p);
        if is_executable(&p) {
            return p;
        }
        panic!("{var}={} is not an executable file: {MISSING}", p.display());
    }
    let path = std::env::var_os("PATH").unwrap_or_default();
    for name in names {
        for dir in std::env::split_paths(&path) {
            let p = dir.join(name);
            if is_executable(&p) {
                return p;
            }
        }
    }
    for p in fallbacks {
        if is_executable(Path::new(p)) {
            return PathBuf::from(p);
        }
    }
    panic!(
        "{} not found ({var} unset, none on PATH): {MISSING}",
        names[0]
    )
}

fn is_executable(p: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(p)
        .map(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
        .unwrap_or(false)
}

/// `ui::login` → `ui-login`: a file name from a test or page name.
fn sanitize(name: &str) -> String {
    let mut out = String::new();
    for c in name.chars() {
        if c.is_ascii_alphanumeric() || c == '_' || c == '.' {
            out.push(c);
        } else if !out.ends_with('-') {
            out.push('-');
        }
    }
    out.trim_matches('-').to_owned()
}

/// An element of the page, found by CSS selector.
#[derive(Clone, Debug)]
pub struct Element {
    session: Arc<Session>,
    id: String,
    css: String,
}

impl Element {
    fn from_json(session: &Arc<Session>, v: &Value, css: &str) -> Element {
        let id = v[ELEMENT_KEY]
            .as_str()
            .unwrap_or_else(|| panic!("not an element reference: {v}"))
            .to_owned();
        Element {
            session: session.clone(),
            id,
            css: css.to_owned(),
        }
    }

    /// This element as a [`Browser::execute`] argument.
    pub fn json(&self) -> Value {
        json!({ ELEMENT_KEY: self.id })
    }

    fn fail(&self, what: &str, e: &WdError) -> ! {
        panic!("element {:?}: {what}: {e}", self.css)
    }

    async fn call(&self, method: reqwest::Method, what: &str, body: Option<Value>) -> Value {
        let path = format!("/element/{}{what}", self.id);
        match self.session.cmd(method, &path, body).await {
            Ok(v) => v,
            Err(e) => self.fail(what.trim_start_matches('/'), &e),
        }
    }

    /// Clicks it (scrolled into view first; fails if something covers it).
    pub async fn click(&self) {
        self.call(reqwest::Method::POST, "/click", Some(json!({})))
            .await;
    }

    /// Types `text` into it: text and [`keys`] codes.
    pub async fn send_keys(&self, text: &str) {
        self.call(reqwest::Method::POST, "/value", Some(json!({"text": text})))
            .await;
    }

    /// Empties an input or textarea.
    pub async fn clear(&self) {
        self.call(reqwest::Method::POST, "/clear", Some(json!({})))
            .await;
    }

    async fn try_text(&self) -> Result<String, WdError> {
        let path = format!("/element/{}/text", self.id);
        let v = self.session.get(&path).await?;
        Ok(v.as_str().unwrap_or_default().to_owned())
    }

    /// Its visible text (rendered, as a user reads it).
    pub async fn text(&self) -> String {
        match self.try_text().await {
            Ok(t) => t,
            Err(e) => self.fail("text", &e),
        }
    }

    /// The attribute `name` as written in the HTML, if present.
    pub async fn attr(&self, name: &str) -> Option<String> {
        let v = self
            .call(reqwest::Method::GET, &format!("/attribute/{name}"), None)
            .await;
        v.as_str().map(str::to_owned)
    }

    /// The DOM property `name` (e.g. `checked`, `validationMessage`).
    pub async fn property(&self, name: &str) -> Value {
        self.call(reqwest::Method::GET, &format!("/property/{name}"), None)
            .await
    }

    /// The current value of an input, select or textarea.
    pub async fn value(&self) -> String {
        self.property("value")
            .await
            .as_str()
            .unwrap_or_default()
            .to_owned()
    }

    async fn displayed(&self) -> Result<bool, WdError> {
        let path = format!("/element/{}/displayed", self.id);
        Ok(self.session.get(&path).await?.as_bool().unwrap_or(false))
    }

    /// Whether it is rendered visibly.
    pub async fn is_displayed(&self) -> bool {
        match self.displayed().await {
            Ok(b) => b,
            Err(e) => self.fail("is_displayed", &e),
        }
    }

    /// Whether it is enabled (not `disabled`).
    pub async fn is_enabled(&self) -> bool {
        self.call(reqwest::Method::GET, "/enabled", None)
            .await
            .as_bool()
            .unwrap_or(false)
    }

    /// Its tag name, lowercase.
    pub async fn tag(&self) -> String {
        self.call(reqwest::Method::GET, "/name", None)
            .await
            .as_str()
            .unwrap_or_default()
            .to_lowercase()
    }

    /// The first descendant matching `css`; panics when there is none.
    pub async fn find(&self, css: &str) -> Element {
        match self.session.find(Some(&self.id), css).await {
            Ok(e) => e,
            Err(e) => self.fail(&format!("find {css:?}"), &e),
        }
    }

    /// Every descendant matching `css`.
    pub async fn find_all(&self, css: &str) -> Vec<Element> {
        match self.session.find_all(Some(&self.id), css).await {
            Ok(v) => v,
            Err(e) => self.fail(&format!("find_all {css:?}"), &e),
        }
    }

    /// Whether it is the same element as `other` (e.g. [`Browser::active_element`]).
    pub fn same_as(&self, other: &Element) -> bool {
        self.id == other.id
    }
}
