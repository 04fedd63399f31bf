//! The dashboard's pages for packages, the audit log, the team, the proxy and tenants,
//! over HTTP on both databases: signed in through the real form, forms posted with the
//! session's anti-forgery token as a browser would, and every change checked through
//! the services.

use std::collections::BTreeMap;
use std::sync::Mutex;
use std::time::Duration;

use cargoman::service::packages::NewPackage;
use reqwest::header::{HeaderMap, LOCATION, SET_COOKIE};

use crate::db_tests;
use crate::support::TestDb;
use crate::support::registry::Registry;

db_tests!(
    package_list_search_and_add_refusals,
    sync_now_follows_the_job_to_the_end,
    yank_from_the_page_hides_the_version_and_is_audited,
    a_viewer_sees_no_write_actions_and_is_refused,
    the_team_is_for_owners_and_shows_a_new_secret_once,
    the_operator_manages_tenants_from_the_dashboard,
);

/// What one request answered.
struct Answer {
    status: u16,
    location: Option<String>,
    body: String,
}

/// A browser's session with the dashboard: its cookies, kept by hand.
struct Session {
    http: reqwest::Client,
    base: String,
    cookies: Mutex<BTreeMap<String, String>>,
    csrf: String,
}

impl Session {
    fn new(base: &str) -> Self {
        Self::with_client(base, reqwest::Client::builder())
    }

    fn with_client(base: &str, builder: reqwest::ClientBuilder) -> Self {
        Self {
            http: builder
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .unwrap(),
            base: base.to_string(),
            cookies: Mutex::new(BTreeMap::new()),
            csrf: String::new(),
        }
    }

    /// Signs in with `token` through the real sign-in form and reads the session's
    /// anti-forgery token from a page.
    async fn sign_in(base: &str, token: &str) -> Self {
        Self::new(base).signed_in(token).await
    }

    /// Signs in at `host` (a tenant's host name) of the server at `url`.
    async fn sign_in_at(url: &str, host: &str, token: &str) -> Self {
        let addr: std::net::SocketAddr = url.trim_start_matches("http://").parse().unwrap();
        let base = format!("http://{host}:{}", addr.port());
        let builder = reqwest::Client::builder().resolve(host, addr);
        Self::with_client(&base, builder).signed_in(token).await
    }

    async fn signed_in(mut self, token: &str) -> Self {
        let s = &mut self;
        let form = s.get("/login").await;
        assert_eq!(form.status, 200, "{}", form.body);
        let nonce = value_of(&form.body, "_login");
        let signed = s
            .send(
                "/login",
                &[("token", token), ("_login", &nonce), ("next", "/")],
            )
            .await;
        assert_eq!(signed.status, 303, "sign-in refused: {}", signed.body);
        assert!(s.cookies.lock().unwrap().contains_key("cargoman_session"));
        let page = s.get("/packages").await;
        assert_eq!(page.status, 200, "{}", page.body);
        s.csrf = value_of(&page.body, "_csrf");
        self
    }

    fn cookie_header(&self) -> String {
        let jar = self.cookies.lock().unwrap();
        jar.iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join("; ")
    }

    fn keep_cookies(&self, headers: &HeaderMap) {
        let mut jar = self.cookies.lock().unwrap();
        for v in headers.get_all(SET_COOKIE) {
            let v = v.to_str().unwrap();
            let (pair, attrs) = v.split_once(';').unwrap_or((v, ""));
            let (name, value) = pair.split_once('=').unwrap();
            if value.is_empty() || attrs.contains("Max-Age=0") {
                jar.remove(name.trim());
            } else {
                jar.insert(name.trim().to_string(), value.to_string());
            }
        }
    }

    async fn answer(&self, resp: reqwest::Response) -> Answer {
        self.keep_cookies(resp.headers());
        Answer {
            status: resp.status().as_u16(),
            location: resp
                .headers()
                .get(LOCATION)
                .map(|l| l.to_str().unwrap().to_string()),
            body: resp.text().await.unwrap(),
        }
    }

    async fn get(&self, path: &str) -> Answer {
        let resp = self
            .http
            .get(format!("{}{path}", self.base))
            .header("cookie", self.cookie_header())
            .send()
            .await
            .unwrap();
        self.answer(resp).await
    }

    /// Posts `fields` as they are (no anti-forgery token added).
    async fn send(&self, path: &str, fields: &[(&str, &str)]) -> Answer {
        let resp = self
            .http
            .post(format!("{}{path}", self.base))
            .header("cookie", self.cookie_header())
            .form(fields)
            .send()
            .await
            .unwrap();
        self.answer(resp).await
    }

    /// Posts a form of a page of the session (with its anti-forgery token).
    async fn post(&self, path: &str, fields: &[(&str, &str)]) -> Answer {
        let mut all = vec![("_csrf", self.csrf.as_str())];
        all.extend_from_slice(fields);
        self.send(path, &all).await
    }

    /// The JSON of a sync job's progress.
    async fn job(&self, path: &str) -> serde_json::Value {
        let a = self.get(path).await;
        assert_eq!(a.status, 200, "{}", a.body);
        serde_json::from_str(&a.body).unwrap_or_else(|e| panic!("{e}: {}", a.body))
    }

    /// Polls a job's JSON until it says it finished.
    async fn job_until_finished(&self, path: &str) -> serde_json::Value {
        let mut last = serde_json::Value::Null;
        for _ in 0..300 {
            last = self.job(path).await;
            if last["finished"] == true {
                return last;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!("the job never finished: {last}");
    }
}

/// The value of the input named `name` in `html`.
fn value_of(html: &str, name: &str) -> String {
    let at = html
        .find(&format!("name=\"{name}\" value=\""))
        .unwrap_or_else(|| panic!("no input {name} in:\n{html}"));
    let rest = &html[at + name.len() + 15..];
    rest[..rest.find('"').unwrap()].to_string()
}

/// The text between `start` and the next `end` after it, in `html`.
fn between<'a>(html: &'a str, start: &str, end: &str) -> &'a str {
    let at = html
        .find(start)
        .unwrap_or_else(|| panic!("no {start:?} in:\n{html}"));
    let rest = &html[at + start.len()..];
    &rest[..rest.find(end).unwrap()]
}

/// The table row of `version` on a package's page.
fn version_row<'a>(html: &'a str, version: &str) -> &'a str {
    between(html, &format!("data-version=\"{version}\""), "</tr>")
}

async fn issue(r: &Registry, level: &str) -> String {
    r.services
        .admin_tokens()
        .issue(&r.ctx, level, Some(level))
        .await
        .unwrap()
        .plain_token
}

async fn package_names(r: &Registry) -> Vec<String> {
    let list = r.services.packages().list(&r.ctx).await.unwrap();
    list.into_iter().map(|p| p.name).collect()
}

async fn package_list_search_and_add_refusals(db: TestDb) {
    let r = Registry::start(db, &["1.0.0"]).await;
    r.add_package().await;
    let other = NewPackage {
        url: "https://git.example.com/acme/other.git".into(),
        name: Some("acme/other".into()),
        ..Default::default()
    };
    r.services.packages().add(&r.ctx, other).await.unwrap();
    let owner = issue(&r, "owner").await;
    let s = Session::sign_in(&r.url, &owner).await;

    let list = s.get("/packages").await;
    assert_eq!(list.status, 200);
    let lib = between(&list.body, "data-package=\"acme/lib\"", "</tr>");
    assert!(lib.contains("data-sync-status=\"ok\""), "{lib}");
    assert!(lib.contains("<td>2</td>"), "1.0.0 and dev-main: {lib}");
    let other = between(&list.body, "data-package=\"acme/other\"", "</tr>");
    assert!(other.contains("data-sync-status=\"never\""), "{other}");
    assert!(list.body.contains("id=\"add-package\""));

    let found = s.get("/packages?q=OTH").await;
    assert!(found.body.contains("data-package=\"acme/other\""));
    assert!(!found.body.contains("data-package=\"acme/lib\""));
    assert!(found.body.contains("value=\"OTH\""), "the search is kept");
    let none = s.get("/packages?q=nothing-like-it").await;
    assert!(none.body.contains("id=\"no-packages\""));

    // An invalid URL: the service's message next to the field, the input kept.
    let bad = s
        .post(
            "/packages",
            &[("url", "not a url"), ("name", "acme/bad"), ("type", "")],
        )
        .await;
    assert_eq!(bad.status, 422, "{}", bad.body);
    let error = between(&bad.body, "id=\"package-url-error\"", "</p>");
    assert!(error.contains("invalid repository URL"), "{error}");
    assert!(bad.body.contains("value=\"acme/bad\""), "the name is kept");
    // A URL that reaches the server itself, from the network: refused the same way.
    let local = s
        .post(
            "/packages",
            &[("url", r.repo.to_str().unwrap()), ("name", "acme/local")],
        )
        .await;
    assert_eq!(local.status, 422, "{}", local.body);
    assert!(local.body.contains("id=\"package-url-error\""));
    // A bad type, next to its field.
    let typed = s
        .post(
            "/packages",
            &[
                ("url", "https://203.0.113.5/acme/x.git"),
                ("name", "acme/x"),
                ("type", "svn"),
            ],
        )
        .await;
    assert_eq!(typed.status, 422);
    assert!(typed.body.contains("id=\"package-type-error\""));

    // Without the anti-forgery token: refused, nothing registered.
    let forged = s
        .send(
            "/packages",
            &[
                ("url", "https://203.0.113.5/acme/y.git"),
                ("name", "acme/y"),
            ],
        )
        .await;
    assert_eq!(forged.status, 403, "{}", forged.body);
    assert_eq!(package_names(&r).await, ["acme/lib", "acme/other"]);

    // A valid one is registered, its first sync queued, and the page follows it.
    let added = s
        .post(
            "/packages",
            &[
                ("url", "https://203.0.113.5/acme/z.git"),
                ("name", "acme/z"),
            ],
        )
        .await;
    assert_eq!(added.status, 303, "{}", added.body);
    let to = added.location.unwrap();
    assert!(to.starts_with("/packages/acme/z?job="), "{to}");
    let page = s.get(&to).await;
    assert!(page.body.contains("Registered acme/z"), "the flash message");
    assert!(page.body.contains("data-job=\"/packages/acme/z/jobs/"));
    assert!(page.body.contains("id=\"no-versions\""));
    assert_eq!(
        package_names(&r).await,
        ["acme/lib", "acme/other", "acme/z"]
    );
    // Unknown packages get the not-found page.
    assert_eq!(s.get("/packages/acme/nothing").await.status, 404);
}

async fn sync_now_follows_the_job_to_the_end(db: TestDb) {
    let mut settings = db.settings();
    settings.security.repository_allow_local = true;
    let r = Registry::start_with(db, &["1.0.0", "1.1.0"], settings).await;
    let background = cargoman::tasks::start(r.services.clone());
    let owner = issue(&r, "owner").await;
    let s = Session::sign_in(&r.url, &owner).await;

    // Added without a name: read from the repository's composer.json.
    let added = s
        .post("/packages", &[("url", r.repo.to_str().unwrap())])
        .await;
    assert_eq!(added.status, 303, "{}", added.body);
    let to = added.location.unwrap();
    let job: i64 = to
        .strip_prefix("/packages/acme/lib?job=")
        .unwrap_or_else(|| panic!("{to}"))
        .parse()
        .unwrap();
    let url = format!("/packages/acme/lib/jobs/{job}");
    let first = s.job(&url).await;
    assert!(
        ["queued", "running", "done"].contains(&first["state"].as_str().unwrap()),
        "{first}"
    );
    let end = s.job_until_finished(&url).await;
    assert_eq!(end["state"], "done", "{end}");
    assert_eq!(end["percent"], 100);
    assert_eq!(end["reload"], true, "the page reloads to show the versions");
    // A page made after the end does not reload again.
    let seen = s.job(&format!("{url}?shown=done")).await;
    assert_eq!(
        (&seen["finished"], &seen["reload"]),
        (&true.into(), &false.into())
    );

    let page = s.get("/packages/acme/lib").await;
    for v in ["1.1.0", "1.0.0", "dev-main"] {
        assert!(page.body.contains(&format!("data-version=\"{v}\"")), "{v}");
    }
    assert!(
        page.body.find("data-version=\"1.1.0\"") < page.body.find("data-version=\"1.0.0\""),
        "newest first"
    );
    assert!(
        page.body
            .contains("id=\"sync-status\" class=\"badge good\"")
    );
    assert!(!page.body.contains("data-job="), "no sync running");

    // Sync now: queued, shown live, finished.
    r.tag("1.2.0", "third");
    let queued = s.post("/packages/acme/lib/sync", &[]).await;
    assert_eq!(queued.status, 303, "{}", queued.body);
    let to = queued.location.unwrap();
    let id = to.rsplit('=').next().unwrap();
    let page = s.get(&to).await;
    assert!(page.body.contains("Sync of acme/lib queued"));
    let live = between(&page.body, "data-job=\"", "\"").to_string();
    assert!(
        live.starts_with(&format!("/packages/acme/lib/jobs/{id}?shown=")),
        "{live}"
    );
    assert!(page.body.contains("data-job-state"));
    assert!(
        page.body.contains(
            "<div class=\"progress\" aria-hidden=\"true\"><span data-job-bar></span></div>"
        )
    );
    let end = s
        .job_until_finished(&format!("/packages/acme/lib/jobs/{id}"))
        .await;
    assert_eq!(end["state"], "done", "{end}");
    let versions = r
        .services
        .packages()
        .versions(&r.ctx, "acme/lib")
        .await
        .unwrap();
    assert!(versions.iter().any(|v| v.version == "1.2.0"));
    assert!(
        s.get("/packages/acme/lib")
            .await
            .body
            .contains("data-version=\"1.2.0\"")
    );

    // Jobs are read within the session's tenant; unknown ones say so, and finish.
    let gone = s.job("/packages/acme/lib/jobs/999999").await;
    assert_eq!(
        (&gone["state"], &gone["finished"]),
        (&"missing".into(), &true.into())
    );
    // Without a session, no JSON.
    let anonymous = Session::new(&r.url).get(&url).await;
    assert_eq!(anonymous.status, 303);
    background.stop().await;
}

async fn yank_from_the_page_hides_the_version_and_is_audited(db: TestDb) {
    let r = Registry::start(db, &["1.0.0", "1.1.0"]).await;
    r.add_package().await;
    let customer = r.customer("acme", Some("*")).await;
    r.customer("globex", Some("^1.1")).await;
    let owner = issue(&r, "owner").await;
    let s = Session::sign_in(&r.url, &owner).await;

    let page = s.get("/packages/acme/lib").await;
    let row = version_row(&page.body, "1.0.0");
    assert!(row.contains("value=\"yank\""), "{row}");
    assert!(!row.contains("data-flag=\"yanked\""));
    // Its grantees, linked to their pages.
    let acme = r.services.customers().get(&r.ctx, "acme").await.unwrap();
    assert!(
        page.body
            .contains(&format!("<a href=\"/customers/{}\">acme</a>", acme.id)),
        "{}",
        page.body
    );
    assert!(page.body.contains("data-customer=\"globex\""));

    // Without the anti-forgery token: refused, nothing changed.
    let forged = s
        .send(
            "/packages/acme/lib/versions",
            &[("version", "1.0.0"), ("action", "yank"), ("_csrf", "0000")],
        )
        .await;
    assert_eq!(forged.status, 403);
    let flags = |r: &Registry| {
        let services = r.services.clone();
        let ctx = r.ctx.clone();
        async move {
            services
                .packages()
                .versions(&ctx, "acme/lib")
                .await
                .unwrap()
                .into_iter()
                .find(|v| v.version == "1.0.0")
                .map(|v| (v.yanked, v.deprecated))
                .unwrap()
        }
    };
    assert_eq!(flags(&r).await, (false, false));

    let yanked = s
        .post(
            "/packages/acme/lib/versions",
            &[("version", "1.0.0"), ("action", "yank")],
        )
        .await;
    assert_eq!(yanked.status, 303, "{}", yanked.body);
    assert_eq!(yanked.location.as_deref(), Some("/packages/acme/lib"));
    let page = s.get("/packages/acme/lib").await;
    assert!(
        page.body.contains("acme/lib 1.0.0 yanked."),
        "the flash message"
    );
    let row = version_row(&page.body, "1.0.0");
    assert!(row.contains("data-flag=\"yanked\""), "{row}");
    assert!(row.contains("value=\"unyank\""), "{row}");
    assert_eq!(flags(&r).await, (true, false), "the service agrees");
    // Customers no longer see it.
    let p2 = r.get("/p2/acme/lib.json", Some(&customer)).await;
    assert_eq!(p2.status(), 200);
    let p2: serde_json::Value = p2.json().await.unwrap();
    let listed: Vec<&str> = p2["packages"]["acme/lib"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|v| v["version"].as_str())
        .collect();
    assert!(!listed.contains(&"1.0.0"), "{listed:?}");
    assert!(listed.contains(&"1.1.0"), "{listed:?}");
    // Twice: the service's refusal, nothing changed.
    let again = s
        .post(
            "/packages/acme/lib/versions",
            &[("version", "1.0.0"), ("action", "yank")],
        )
        .await;
    assert_eq!(again.status, 409, "{}", again.body);
    assert!(again.body.contains("already yanked"));
    let deprecated = s
        .post(
            "/packages/acme/lib/versions",
            &[("version", "1.0.0"), ("action", "deprecate")],
        )
        .await;
    assert_eq!(deprecated.status, 303);
    assert_eq!(flags(&r).await, (true, true));
    assert!(
        version_row(&s.get("/packages/acme/lib").await.body, "1.0.0")
            .contains("data-flag=\"deprecated\"")
    );

    // The audit log finds the yank by action and target, newest first.
    let audit = s.get("/audit?action=package.yank&target=acme%2Flib").await;
    assert_eq!(audit.status, 200);
    assert_eq!(
        audit.body.matches("data-action=\"package.yank\"").count(),
        1
    );
    assert!(!audit.body.contains("data-action=\"package.deprecate\""));
    assert!(
        audit.body.contains("value=\"package.yank\""),
        "filters kept"
    );
    let all = s.get("/audit").await;
    assert!(
        all.body.find("data-action=\"package.deprecate\"")
            < all.body.find("data-action=\"package.yank\""),
        "newest first"
    );
    let by_customer = s.get("/audit?action=customer.").await;
    assert!(!by_customer.body.contains("data-action=\"package.yank\""));
    let nobody = s.get("/audit?actor=nobody").await;
    assert!(nobody.body.contains("id=\"no-entries\""));
    // 50 entries a page, with links to the next and previous.
    for i in 0..60 {
        r.services
            .customers()
            .create(
                &r.ctx,
                cargoman::service::customers::NewCustomer {
                    name: format!("c{i}"),
                    ..Default::default()
                },
            )
            .await
            .unwrap();
    }
    let first = s.get("/audit?action=customer.create").await;
    assert_eq!(
        first
            .body
            .matches("data-action=\"customer.create\"")
            .count(),
        50
    );
    // (askama writes `&` as `&#38;`)
    assert!(
        first
            .body
            .contains("href=\"/audit?action=customer.create&#38;page=2\"")
    );
    let second = s.get("/audit?action=customer.create&page=2").await;
    assert_eq!(
        second
            .body
            .matches("data-action=\"customer.create\"")
            .count(),
        12
    );
    assert!(
        second
            .body
            .contains("href=\"/audit?action=customer.create&#38;page=1\"")
    );
}

async fn a_viewer_sees_no_write_actions_and_is_refused(db: TestDb) {
    let r = Registry::start(db, &["1.0.0"]).await;
    r.add_package().await;
    let viewer = issue(&r, "viewer").await;
    let s = Session::sign_in(&r.url, &viewer).await;

    let list = s.get("/packages").await;
    assert_eq!(list.status, 200);
    assert!(list.body.contains("data-package=\"acme/lib\""));
    assert!(!list.body.contains("id=\"add-package\""));
    let page = s.get("/packages/acme/lib").await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains("data-version=\"1.0.0\""));
    for write in [
        "id=\"sync-now\"",
        "Sync now",
        "value=\"yank\"",
        "value=\"deprecate\"",
    ] {
        assert!(!page.body.contains(write), "a viewer sees {write}");
    }
    let proxy = s.get("/proxy").await;
    assert_eq!(proxy.status, 200, "{}", proxy.body);
    assert!(!proxy.body.contains("id=\"purge-proxy\""));
    assert!(!proxy.body.contains("id=\"freeze-package\""));
    assert_eq!(s.get("/audit").await.status, 200);

    // Forged posts with the viewer's own session: the services refuse them.
    let yank = s
        .post(
            "/packages/acme/lib/versions",
            &[("version", "1.0.0"), ("action", "yank")],
        )
        .await;
    assert_eq!(yank.status, 403, "{}", yank.body);
    let sync = s.post("/packages/acme/lib/sync", &[]).await;
    assert_eq!(sync.status, 403);
    let add = s
        .post(
            "/packages",
            &[("url", "https://203.0.113.5/v/w.git"), ("name", "v/w")],
        )
        .await;
    assert_eq!(add.status, 403, "{}", add.body);
    let purge = s.post("/proxy/purge", &[]).await;
    assert_eq!(purge.status, 403);
    let freeze = s.post("/proxy/frozen", &[("package", "psr/log")]).await;
    assert_eq!(freeze.status, 403);
    let versions = r
        .services
        .packages()
        .versions(&r.ctx, "acme/lib")
        .await
        .unwrap();
    assert!(versions.iter().all(|v| !v.yanked));
    assert_eq!(package_names(&r).await, ["acme/lib"]);
    let jobs = r.services.jobs().list(&r.ctx, None, 10).await.unwrap();
    assert!(jobs.is_empty(), "{jobs:?}");
    let status = r.services.proxy().status(&r.ctx).await.unwrap();
    assert!(status.frozen.is_empty());
    assert_eq!(s.get("/team").await.status, 403);
}

async fn the_team_is_for_owners_and_shows_a_new_secret_once(db: TestDb) {
    let r = Registry::start(db, &["1.0.0"]).await;
    let admin = issue(&r, "admin").await;
    let a = Session::sign_in(&r.url, &admin).await;
    let refused = a.get("/team").await;
    assert_eq!(refused.status, 403, "{}", refused.body);
    assert!(!a.get("/packages").await.body.contains("href=\"/team\""));
    let forged = a.post("/team/tokens", &[("level", "owner")]).await;
    assert_eq!(forged.status, 403);
    // Tenants: one registry here, so nobody manages tenants.
    assert_eq!(a.get("/tenants").await.status, 403);

    let owner = issue(&r, "owner").await;
    let s = Session::sign_in(&r.url, &owner).await;
    let team = s.get("/team").await;
    assert_eq!(team.status, 200, "{}", team.body);
    assert!(team.body.contains("data-level=\"admin\""));
    assert!(team.body.contains("id=\"issue-admin-token\""));
    assert_eq!(s.get("/tenants").await.status, 403);

    // A level that does not exist: next to the field, nothing issued.
    let before = r.services.admin_tokens().list(&r.ctx).await.unwrap().len();
    let bad = s
        .post("/team/tokens", &[("level", "god"), ("name", "ci")])
        .await;
    assert_eq!(bad.status, 422, "{}", bad.body);
    assert!(bad.body.contains("id=\"token-level-error\""));
    assert!(bad.body.contains("value=\"ci\""));
    // Without the anti-forgery token: refused.
    let forged = s.send("/team/tokens", &[("level", "admin")]).await;
    assert_eq!(forged.status, 403);
    assert_eq!(
        r.services.admin_tokens().list(&r.ctx).await.unwrap().len(),
        before
    );

    let issued = s
        .post(
            "/team/tokens",
            &[("level", "admin"), ("name", "deploy bot")],
        )
        .await;
    assert_eq!(issued.status, 200, "{}", issued.body);
    let secret = between(&issued.body, "<code id=\"new-secret\">", "</code>").to_string();
    assert!(secret.starts_with("cma_"), "{secret}");
    assert!(issued.body.contains("class=\"secret\""));
    assert!(issued.body.contains("data-copy=\"new-secret\""));
    // It works, and it is never shown again.
    let bot = Session::sign_in(&r.url, &secret).await;
    assert_eq!(bot.get("/team").await.status, 403, "an admin, not an owner");
    let team = s.get("/team").await;
    assert!(!team.body.contains(&secret));
    assert!(team.body.contains("deploy bot"));
    let id = r
        .services
        .admin_tokens()
        .list(&r.ctx)
        .await
        .unwrap()
        .into_iter()
        .find(|t| t.name.as_deref() == Some("deploy bot"))
        .unwrap()
        .id;
    let revoked = s.post(&format!("/team/tokens/{id}/revoke"), &[]).await;
    assert_eq!(revoked.status, 303, "{}", revoked.body);
    let team = s.get("/team").await;
    assert!(team.body.contains("revoked."), "the flash message");
    let row = between(&team.body, &format!("data-token=\"{id}\""), "</tr>");
    assert!(row.contains("data-status=\"revoked\""), "{row}");
    // Its session ends with it.
    assert_eq!(bot.get("/packages").await.status, 303);

    // The proxy page for an owner, and a freeze refused next to its field.
    let proxy = s.get("/proxy").await;
    assert_eq!(proxy.status, 200, "{}", proxy.body);
    assert!(proxy.body.contains("id=\"proxy-enabled\""));
    assert!(proxy.body.contains("data-upstream=\"packagist\""));
    let bad = s.post("/proxy/frozen", &[("package", "no slash")]).await;
    assert_eq!(bad.status, 422, "{}", bad.body);
    assert!(bad.body.contains("id=\"freeze-name-error\""));
    let frozen = s.post("/proxy/frozen", &[("package", "Psr/Log")]).await;
    assert_eq!(frozen.status, 303);
    let proxy = s.get("/proxy").await;
    assert!(proxy.body.contains("data-frozen=\"psr/log\""));
    let thawed = s
        .post(
            "/proxy/frozen",
            &[("package", "psr/log"), ("action", "unfreeze")],
        )
        .await;
    assert_eq!(thawed.status, 303);
    assert!(
        r.services
            .proxy()
            .status(&r.ctx)
            .await
            .unwrap()
            .frozen
            .is_empty()
    );
    let purge = s.post("/proxy/purge", &[]).await;
    assert_eq!(purge.status, 303);
    let jobs = r
        .services
        .jobs()
        .list(&r.ctx, Some("queued"), 10)
        .await
        .unwrap();
    assert!(jobs.iter().any(|j| j.kind == "proxy_purge"), "{jobs:?}");
}

async fn the_operator_manages_tenants_from_the_dashboard(db: TestDb) {
    let mut settings = db.settings();
    settings.tenant.mode = cargoman::config::TenantMode::Multi;
    settings.tenant.subdomain_suffix = Some(".cargoman.localhost".into());
    let services = db.services_with(settings).await;
    let cli = db.ctx(&services).await;
    let (url, stop, _handle) = crate::serve::start(services.clone()).await;
    let tokens = services.admin_tokens();
    let platform = tokens.issue_platform(&cli, "owner", Some("operator"));
    let operator = platform.await.unwrap().plain_token;
    let owner = tokens.issue(&cli, "owner", Some("tenant owner"));
    let owner = owner.await.unwrap().plain_token;

    // A tenant's own owner does not run the deployment.
    let host = "default.cargoman.localhost";
    let o = Session::sign_in_at(&url, host, &owner).await;
    assert!(!o.get("/packages").await.body.contains("href=\"/tenants\""));
    assert_eq!(o.get("/tenants").await.status, 403);
    let forged = o.post("/tenants", &[("slug", "evil")]).await;
    assert_eq!(forged.status, 403);

    let s = Session::sign_in_at(&url, host, &operator).await;
    assert!(s.get("/packages").await.body.contains("href=\"/tenants\""));
    let list = s.get("/tenants").await;
    assert_eq!(list.status, 200, "{}", list.body);
    let default = between(&list.body, "data-tenant=\"default\"", "</tr>");
    assert!(
        !default.contains("Suspend"),
        "the default tenant cannot be: {default}"
    );

    let bad = s
        .post("/tenants", &[("slug", "Not valid!"), ("name", "Acme")])
        .await;
    assert_eq!(bad.status, 422, "{}", bad.body);
    assert!(bad.body.contains("id=\"tenant-slug-error\""));
    assert!(bad.body.contains("value=\"Acme\""));
    let added = s
        .post(
            "/tenants",
            &[
                ("slug", "acme"),
                ("name", "Acme Corp"),
                ("domains", "composer.acme.test, pkg.acme.test"),
            ],
        )
        .await;
    assert_eq!(added.status, 200, "{}", added.body);
    let secret = between(&added.body, "<code id=\"new-secret\">", "</code>");
    assert_eq!(secret.len(), 64, "{secret}");
    let acme = services.tenants().show(&cli, "acme").await.unwrap();
    assert_eq!(acme.domains, ["composer.acme.test", "pkg.acme.test"]);
    let list = s.get("/tenants").await;
    assert!(!list.body.contains(secret), "shown once");

    let suspended = s
        .post("/tenants/acme/suspend", &[("reason", "unpaid invoice")])
        .await;
    assert_eq!(suspended.status, 303, "{}", suspended.body);
    let acme = services.tenants().show(&cli, "acme").await.unwrap();
    assert_eq!(acme.status_reason.as_deref(), Some("unpaid invoice"));
    let row = between(
        &s.get("/tenants").await.body,
        "data-tenant=\"acme\"",
        "</tr>",
    )
    .to_string();
    assert!(row.contains("data-status=\"suspended\""), "{row}");
    assert!(row.contains("unpaid invoice"));
    let long = "x".repeat(1001);
    let again = s.post("/tenants/acme/suspend", &[("reason", &long)]).await;
    assert_eq!(again.status, 422, "{}", again.body);
    assert!(again.body.contains("id=\"suspend-reason-error\""));
    let reactivated = s.post("/tenants/acme/reactivate", &[]).await;
    assert_eq!(reactivated.status, 303);
    let acme = services.tenants().show(&cli, "acme").await.unwrap();
    assert_eq!(acme.status.as_str(), "active");
    let default = s
        .post("/tenants/default/suspend", &[("reason", "no")])
        .await;
    assert_eq!(default.status, 409, "{}", default.body);
    let _ = stop.send(());
}
