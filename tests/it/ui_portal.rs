//! The customer portal over HTTP on both databases, signed in through the real form:
//! it shows exactly what Composer serves the token, refuses the wrong kind of token at
//! each door, lets a customer rotate and revoke its own tokens (and nobody else's),
//! shows suspension, advisories and downloads, and refuses forged forms.

use std::collections::{BTreeMap, BTreeSet};

use cargoman::domain::customer::Transition;
use cargoman::service::advisories::NewAdvisory;
use cargoman::service::audit::AuditFilter;
use cargoman::service::packages::{NewPackage, VersionFlag};
use cargoman::service::sync::NoProgress;
use cargoman::service::tokens::TokenRequest;
use serde_json::Value;

use crate::db_tests;
use crate::support::browser::{Browser, PHONE};
use crate::support::git_repo::{git, write};
use crate::support::registry::Registry;
use crate::support::ui::{Page, UiClient};
use crate::support::{Backend, TestDb};

db_tests!(
    shows_exactly_what_composer_serves_the_token,
    a_token_with_globs_sees_only_its_packages,
    each_door_refuses_the_other_kind_of_token,
    rotating_replaces_the_secret,
    revoking_the_signed_in_token_ends_the_session,
    a_suspended_customer_sees_why_and_no_packages,
    another_customers_token_cannot_be_touched,
    forms_without_the_anti_forgery_token_are_refused,
    signing_out_ends_the_session,
    advisories_on_installable_versions_show,
    works_on_a_phone,
);

const PORTAL_COOKIE: &str = "cargoman_portal";

/// acme/lib with 1.0.0, 1.1.0, 1.2.0 (yanked) and 2.0.0, synced from git; customer
/// `acme` granted `^1.0`. Answers the registry and acme's token.
async fn registry(db: TestDb) -> (Registry, String) {
    let r = Registry::start(db, &["1.0.0", "1.1.0", "1.2.0", "2.0.0"]).await;
    r.add_package().await;
    let token = r.customer("acme", Some("^1.0")).await;
    r.services
        .packages()
        .flag_version(&r.ctx, "acme/lib", "1.2.0", VersionFlag::Yank)
        .await
        .unwrap();
    (r, token)
}

/// A signed-in portal client; answers it and the session's anti-forgery token.
async fn portal(r: &Registry, token: &str) -> (UiClient, String) {
    let mut c = UiClient::new(&r.url);
    let csrf = c.sign_in_portal(token).await;
    (c, csrf)
}

/// The text between `from` and `to` (to the end when `to` is missing).
fn between<'a>(body: &'a str, from: &str, to: &str) -> &'a str {
    let start = body
        .find(from)
        .unwrap_or_else(|| panic!("{from} not on the page:\n{body}"));
    let rest = &body[start..];
    &rest[..rest.find(to).unwrap_or(rest.len())]
}

/// Every value of attribute `attr` in `html`.
fn values(html: &str, attr: &str) -> BTreeSet<String> {
    let needle = format!(" {attr}=\"");
    html.split(&needle)
        .skip(1)
        .map(|s| s[..s.find('"').unwrap()].to_string())
        .collect()
}

/// Package → versions shown in the page's Packages section.
fn shown(page: &Page) -> BTreeMap<String, BTreeSet<String>> {
    let section = between(&page.body, "id=\"packages\"", "id=\"tokens\"");
    section
        .split(" data-package=\"")
        .skip(1)
        .map(|chunk| {
            let name = chunk[..chunk.find('"').unwrap()].to_string();
            (name, values(chunk, "data-version"))
        })
        .collect()
}

/// The versions of `package` Composer serves `token` (tags and branches; none when
/// refused).
async fn served(r: &Registry, token: &str, package: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for path in [
        format!("/p2/{package}.json"),
        format!("/p2/{package}~dev.json"),
    ] {
        let resp = r.get(&path, Some(token)).await;
        if resp.status() == 403 {
            continue;
        }
        assert_eq!(resp.status(), 200, "{path}");
        let doc: Value = resp.json().await.unwrap();
        for v in doc["packages"][package].as_array().unwrap() {
            out.insert(v["version"].as_str().unwrap().to_string());
        }
    }
    out
}

fn set(items: &[&str]) -> BTreeSet<String> {
    items.iter().map(|s| s.to_string()).collect()
}

/// Status of `/packages.json` for `token`.
async fn root_status(r: &Registry, token: &str) -> u16 {
    r.get("/packages.json", Some(token)).await.status().as_u16()
}

/// Ids of the customer's tokens, oldest first.
async fn token_ids(r: &Registry, customer: &str) -> Vec<i64> {
    let mut ids: Vec<i64> = r
        .services
        .tokens()
        .list(&r.ctx, customer)
        .await
        .unwrap()
        .iter()
        .map(|t| t.id)
        .collect();
    ids.sort();
    ids
}

async fn issue(r: &Registry, customer: &str, globs: &[&str]) -> (i64, String) {
    let req = TokenRequest {
        customer: customer.into(),
        name: Some("ci".into()),
        package_globs: globs.iter().map(|g| g.to_string()).collect(),
        ..Default::default()
    };
    let issued = r.services.tokens().issue(&r.ctx, req).await.unwrap();
    (issued.token.id, issued.plain_token)
}

/// The text of the element with `id` (up to its closing tag `close`).
fn element(page: &Page, id: &str, close: &str) -> String {
    let open = format!("id=\"{id}\"");
    let el = between(&page.body, &open, close);
    let text = &el[el.find('>').unwrap() + 1..];
    text.trim().to_string()
}

async fn shows_exactly_what_composer_serves_the_token(db: TestDb) {
    let (r, token) = registry(db).await;
    let (mut c, _) = portal(&r, &token).await;
    let page = c.get("/portal").await;
    assert_eq!(page.status, 200, "{}", page.body);
    let seen = shown(&page);
    // ^1.0: the 1.x tags, not 2.0.0, not the yanked 1.2.0, not the branch.
    assert_eq!(seen.keys().collect::<Vec<_>>(), ["acme/lib"]);
    assert_eq!(seen["acme/lib"], set(&["1.0.0", "1.1.0"]));
    assert_eq!(seen["acme/lib"], served(&r, &token, "acme/lib").await);
    assert!(page.body.contains("composer require acme/lib:^1.1"));

    let status = between(&page.body, "id=\"portal-status\"", "</section>");
    assert!(status.contains("active"), "{status}");

    // The set-up lines for this host, without any secret.
    let setup = element(&page, "setup-lines", "</pre>");
    let host = r.url.trim_start_matches("http://");
    assert!(
        setup.contains(&format!(
            "composer config repositories.private composer {}",
            r.url
        )),
        "{setup}"
    );
    assert!(
        setup.contains(&format!("--auth http-basic.{host} token YOUR_TOKEN")),
        "{setup}"
    );
    assert!(
        !page.body.contains(&token),
        "the secret is never shown again"
    );
    assert!(page.body.contains("data-copy=\"setup-lines\""));

    // The signed-in token is marked; none of its own was used on the portal page.
    let tokens = between(&page.body, "id=\"tokens\"", "</section>");
    assert!(tokens.contains("data-current=\"true\""), "{tokens}");
    assert!(tokens.contains("signed in with this"), "{tokens}");

    // Downloads reported through notify-batch appear, per package and version.
    assert!(page.body.contains("No installs reported yet."));
    let body = serde_json::json!({"downloads": [
        {"name": "acme/lib", "version": "1.0.0.0"},
        {"name": "acme/lib", "version": "1.0.0.0"},
        {"name": "acme/lib", "version": "1.1.0.0"},
    ]});
    let resp = reqwest::Client::new()
        .post(format!("{}/downloads", r.url))
        .basic_auth("token", Some(&token))
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 200);
    let page = c.get("/portal").await;
    let downloads = between(&page.body, "id=\"downloads\"", "</section>");
    assert!(
        downloads.contains("data-downloads=\"acme/lib\""),
        "{downloads}"
    );
    assert_eq!(values(downloads, "data-recent"), set(&["3"]));
    assert_eq!(values(downloads, "data-total"), set(&["3"]));
    assert_eq!(
        values(downloads, "data-version-downloads"),
        set(&["1.0.0", "1.1.0"])
    );
    assert!(downloads.contains("1.0.0: 2"), "{downloads}");

    // A wider grant shows what it gives, still exactly what Composer serves.
    r.services
        .grants()
        .grant(&r.ctx, "acme", "acme/lib", Some("*"))
        .await
        .unwrap();
    let page = c.get("/portal").await;
    let seen = shown(&page);
    assert_eq!(
        seen["acme/lib"],
        set(&["1.0.0", "1.1.0", "2.0.0", "dev-main"])
    );
    assert_eq!(seen["acme/lib"], served(&r, &token, "acme/lib").await);
}

/// acme/tools, a second package with tag 1.0.0, synced from its own repository.
async fn add_tools(r: &Registry) {
    let dir = r.db.path().join("acme-tools");
    std::fs::create_dir_all(&dir).unwrap();
    git(&dir, &["init", "-q"]);
    write(
        &dir,
        "composer.json",
        r#"{"name":"acme/tools","description":"Acme tools","type":"library","license":"proprietary"}"#,
    );
    write(
        &dir,
        "src/Tools.php",
        "<?php\nnamespace Acme;\nclass Tools {}\n",
    );
    git(&dir, &["add", "-A"]);
    git(&dir, &["commit", "-qm", "init"]);
    git(&dir, &["tag", "1.0.0"]);
    let input = NewPackage {
        url: dir.to_str().unwrap().to_string(),
        probe: true,
        ..Default::default()
    };
    r.services.packages().add(&r.ctx, input).await.unwrap();
    r.services
        .sync()
        .package(&r.ctx, "acme/tools", &NoProgress)
        .await
        .unwrap();
}

async fn a_token_with_globs_sees_only_its_packages(db: TestDb) {
    let (r, token) = registry(db).await;
    add_tools(&r).await;
    r.services
        .grants()
        .grant(&r.ctx, "acme", "acme/tools", Some("^1.0"))
        .await
        .unwrap();
    let (_, limited) = issue(&r, "acme", &["acme/tools"]).await;

    let (mut c, _) = portal(&r, &token).await;
    let everything = shown(&c.get("/portal").await);
    assert_eq!(
        everything.keys().collect::<Vec<_>>(),
        ["acme/lib", "acme/tools"]
    );

    let (mut c, _) = portal(&r, &limited).await;
    let page = c.get("/portal").await;
    let only = shown(&page);
    assert_eq!(only.keys().collect::<Vec<_>>(), ["acme/tools"]);
    assert_eq!(only["acme/tools"], set(&["1.0.0"]));
    assert_eq!(only["acme/tools"], served(&r, &limited, "acme/tools").await);
    assert!(served(&r, &limited, "acme/lib").await.is_empty());
    assert!(page.body.contains("id=\"token-globs\""));
    assert!(!page.body.contains("composer require acme/lib"));
}

async fn each_door_refuses_the_other_kind_of_token(db: TestDb) {
    let (r, token) = registry(db).await;
    let admin = r
        .services
        .admin_tokens()
        .issue(&r.ctx, "owner", Some("ui"))
        .await
        .unwrap()
        .plain_token;

    let mut c = UiClient::new(&r.url);
    let refused = c.sign_in("/portal/login", &admin).await;
    assert_eq!(refused.status, 401, "{}", refused.body);
    assert!(
        refused
            .body
            .contains("This is an admin token: it opens the dashboard"),
        "{}",
        refused.body
    );
    assert!(!c.cookies.contains_key(PORTAL_COOKIE));
    assert_eq!(
        c.get("/portal").await.location(),
        Some("/portal/login?next=%2Fportal")
    );

    let refused = c.sign_in("/login", &token).await;
    assert_eq!(refused.status, 401, "{}", refused.body);
    assert!(
        refused
            .body
            .contains("This is a customer token: it opens the customer portal"),
        "{}",
        refused.body
    );
    assert_eq!(c.get("/").await.status, 303);

    // Each token opens its own door.
    c.sign_in_portal(&token).await;
    c.sign_in_dashboard(&admin).await;
}

async fn rotating_replaces_the_secret(db: TestDb) {
    let (r, token) = registry(db).await;
    let (other_id, other) = issue(&r, "acme", &[]).await;
    let (mut c, csrf) = portal(&r, &token).await;

    // Another of the customer's tokens.
    let page = c
        .post(
            &format!("/portal/tokens/{other_id}/rotate"),
            &[("_csrf", &csrf)],
        )
        .await;
    assert_eq!(page.status, 200, "{}", page.body);
    let fresh = element(&page, "new-token", "</pre>");
    assert!(fresh.starts_with("cmt_"), "{fresh}");
    assert_ne!(fresh, other);
    let setup = element(&page, "setup-lines", "</pre>");
    assert!(setup.contains(&format!("token {fresh}")), "{setup}");
    assert_eq!(root_status(&r, &other).await, 401);
    assert_eq!(root_status(&r, &fresh).await, 200);
    // The page that showed the secret once never shows it again.
    assert!(!c.get("/portal").await.body.contains(&fresh));

    // The audit log names the customer.
    let customer_id = r.services.tokens().show(&r.ctx, other_id).await.unwrap();
    let customer_id = customer_id.customer_id;
    let filter = AuditFilter {
        action: Some("token.rotate".into()),
        ..Default::default()
    };
    let entries = r.services.audit().list(&r.ctx, &filter).await.unwrap();
    assert_eq!(entries.len(), 1, "{entries:?}");
    assert_eq!(entries[0].actor, format!("customer:{customer_id}"));
    assert_eq!(entries[0].target, other_id.to_string());

    // The token of this session: the session carries on with the new secret.
    let own = token_ids(&r, "acme").await[0];
    let page = c
        .post(&format!("/portal/tokens/{own}/rotate"), &[("_csrf", &csrf)])
        .await;
    assert_eq!(page.status, 200, "{}", page.body);
    let renewed = element(&page, "new-token", "</pre>");
    assert_eq!(root_status(&r, &token).await, 401);
    assert_eq!(root_status(&r, &renewed).await, 200);
    let home = c.get("/portal").await;
    assert_eq!(home.status, 200, "{}", home.body);
    assert_eq!(shown(&home)["acme/lib"], set(&["1.0.0", "1.1.0"]));
    // Its forms carry the new session's anti-forgery token.
    let new_csrf = home.csrf();
    assert_ne!(new_csrf, csrf);
    assert_eq!(page.csrf(), new_csrf);
}

async fn revoking_the_signed_in_token_ends_the_session(db: TestDb) {
    let (r, token) = registry(db).await;
    let (other_id, other) = issue(&r, "acme", &[]).await;
    let (mut c, csrf) = portal(&r, &token).await;

    // Another token: revoked, and the portal says so.
    let done = c
        .post(
            &format!("/portal/tokens/{other_id}/revoke"),
            &[("_csrf", &csrf)],
        )
        .await;
    assert_eq!(done.status, 303, "{}", done.body);
    assert_eq!(done.location(), Some("/portal"));
    assert_eq!(root_status(&r, &other).await, 401);
    let page = c.get("/portal").await;
    assert!(
        page.body.contains("revoked: it no longer works"),
        "{}",
        page.body
    );
    let row = between(&page.body, &format!("data-token=\"{other_id}\""), "</tr>");
    assert!(
        row.contains("revoked") && !row.contains("Revoke</button>"),
        "{row}"
    );

    // The one signed in with: the session ends with it.
    let own = token_ids(&r, "acme").await[0];
    let session = c.cookies[PORTAL_COOKIE].clone();
    let done = c
        .post(&format!("/portal/tokens/{own}/revoke"), &[("_csrf", &csrf)])
        .await;
    assert_eq!(done.status, 303, "{}", done.body);
    assert_eq!(done.location(), Some("/portal/login"));
    assert_eq!(root_status(&r, &token).await, 401);
    let next = c.get("/portal").await;
    assert_eq!(next.status, 303);
    assert_eq!(next.location(), Some("/portal/login?next=%2Fportal"));
    // Even the old cookie, kept by a careless browser, opens nothing.
    c.cookies.insert(PORTAL_COOKIE.into(), session);
    let next = c.get("/portal").await;
    assert_eq!(next.location(), Some("/portal/login?next=%2Fportal"));

    // Revoked elsewhere (by the vendor): the next page goes to the sign-in page too.
    let (fresh_id, fresh) = issue(&r, "acme", &[]).await;
    let (mut c, _) = portal(&r, &fresh).await;
    r.services.tokens().revoke(&r.ctx, fresh_id).await.unwrap();
    let next = c.get("/portal").await;
    assert_eq!(next.status, 303);
    assert_eq!(next.location(), Some("/portal/login?next=%2Fportal"));
    let login = c.get("/portal/login").await;
    assert_eq!(login.status, 200);
    let refused = c.sign_in("/portal/login", &fresh).await;
    assert_eq!(refused.status, 401);
}

async fn a_suspended_customer_sees_why_and_no_packages(db: TestDb) {
    let (r, token) = registry(db).await;
    r.services
        .customers()
        .transition(
            &r.ctx,
            "acme",
            Transition::Suspend,
            Some("invoice 7".into()),
        )
        .await
        .unwrap();
    let composer = r.get("/packages.json", Some(&token)).await;
    assert_eq!(composer.status(), 403);
    let said = composer.text().await.unwrap();
    let message = "Your access to this repository is suspended: invoice 7";
    assert!(said.contains(message), "{said}");

    let (mut c, _) = portal(&r, &token).await;
    let page = c.get("/portal").await;
    assert_eq!(page.status, 200);
    let status = between(&page.body, "id=\"portal-status\"", "</section>");
    assert!(status.contains(message), "{status}");
    assert!(status.contains("data-status=\"suspended\""), "{status}");
    assert!(shown(&page).is_empty());
    assert!(page.body.contains("id=\"no-packages\""));
    assert!(!page.body.contains("composer require"));

    // Reactivated: the packages are back.
    r.services
        .customers()
        .transition(&r.ctx, "acme", Transition::Reactivate, None)
        .await
        .unwrap();
    let page = c.get("/portal").await;
    assert_eq!(shown(&page)["acme/lib"], set(&["1.0.0", "1.1.0"]));
}

async fn another_customers_token_cannot_be_touched(db: TestDb) {
    let (r, token) = registry(db).await;
    let beta = r.customer("beta", Some("*")).await;
    let beta_id = token_ids(&r, "beta").await[0];
    let (mut c, csrf) = portal(&r, &token).await;
    for action in ["revoke", "rotate"] {
        let page = c
            .post(
                &format!("/portal/tokens/{beta_id}/{action}"),
                &[("_csrf", &csrf)],
            )
            .await;
        assert_eq!(page.status, 404, "{action}: {}", page.body);
        assert!(!page.body.contains("cmt_"), "{action}: {}", page.body);
    }
    // Nor a token that does not exist.
    let page = c
        .post("/portal/tokens/999999/revoke", &[("_csrf", &csrf)])
        .await;
    assert_eq!(page.status, 404);
    // Nothing changed: beta's token works, and nobody rotated or revoked anything.
    assert_eq!(root_status(&r, &beta).await, 200);
    let info = r.services.tokens().show(&r.ctx, beta_id).await.unwrap();
    assert_eq!(info.status, "active");
    let filter = AuditFilter {
        actor: Some(format!("customer:{}", info.customer_id)),
        ..Default::default()
    };
    assert!(
        r.services
            .audit()
            .list(&r.ctx, &filter)
            .await
            .unwrap()
            .is_empty()
    );
    let own = r
        .services
        .audit()
        .list(&r.ctx, &AuditFilter::default())
        .await;
    assert!(
        own.unwrap()
            .iter()
            .all(|e| e.action != "token.revoke" && e.action != "token.rotate")
    );
    // Beta's token is not on acme's page.
    let page = c.get("/portal").await;
    assert!(!page.body.contains(&format!("data-token=\"{beta_id}\"")));
}

async fn forms_without_the_anti_forgery_token_are_refused(db: TestDb) {
    let (r, token) = registry(db).await;
    let (other_id, other) = issue(&r, "acme", &[]).await;
    let (mut c, csrf) = portal(&r, &token).await;
    for action in ["revoke", "rotate"] {
        let path = format!("/portal/tokens/{other_id}/{action}");
        let page = c.post(&path, &[]).await;
        assert_eq!(page.status, 403, "{action}");
        let page = c.post(&path, &[("_csrf", "0123456789abcdef")]).await;
        assert_eq!(page.status, 403, "{action}");
        // The right token from another site.
        let page = c
            .post_from(&path, &[("_csrf", &csrf)], Some("https://evil.example"))
            .await;
        assert_eq!(page.status, 403, "{action}");
    }
    assert_eq!(root_status(&r, &other).await, 200);
    let page = c.post("/portal/logout", &[]).await;
    assert_eq!(page.status, 403);
    assert_eq!(c.get("/portal").await.status, 200, "still signed in");
}

async fn signing_out_ends_the_session(db: TestDb) {
    let (r, token) = registry(db).await;
    let (mut c, csrf) = portal(&r, &token).await;
    let session = c.cookies[PORTAL_COOKIE].clone();
    let out = c.post("/portal/logout", &[("_csrf", &csrf)]).await;
    assert_eq!(out.status, 303);
    assert_eq!(out.location(), Some("/portal/login"));
    assert!(!c.cookies.contains_key(PORTAL_COOKIE));
    // The old cookie no longer opens the portal; the token itself still works.
    c.cookies.insert(PORTAL_COOKIE.into(), session);
    let next = c.get("/portal").await;
    assert_eq!(next.status, 303);
    assert_eq!(next.location(), Some("/portal/login?next=%2Fportal"));
    assert_eq!(root_status(&r, &token).await, 200);
}

async fn advisories_on_installable_versions_show(db: TestDb) {
    let (r, token) = registry(db).await;
    let (mut c, _) = portal(&r, &token).await;
    let page = c.get("/portal").await;
    assert!(page.body.contains("id=\"no-advisories\""));

    let add = |id: &str, title: &str, affected: &str| NewAdvisory {
        package: "acme/lib".into(),
        title: title.into(),
        affected_versions: affected.into(),
        advisory_id: Some(id.into()),
        severity: Some("high".into()),
        cve: Some("CVE-2025-0001".into()),
        ..Default::default()
    };
    let advisories = r.services.advisories();
    let a = add("CMSA-1", "Remote code execution in Lib", ">=1.0,<1.1");
    advisories.add(&r.ctx, a).await.unwrap();
    // Only 2.0.0 (not granted) and 1.2.0 (yanked): not the customer's concern.
    let b = add("CMSA-2", "XSS in Lib 2", ">=2.0");
    advisories.add(&r.ctx, b).await.unwrap();
    let b = add("CMSA-3", "Only the yanked one", "1.2.0");
    advisories.add(&r.ctx, b).await.unwrap();

    let page = c.get("/portal").await;
    let section = between(&page.body, "id=\"advisories\"", "</section>");
    assert_eq!(values(section, "data-advisory"), set(&["CMSA-1"]));
    assert_eq!(values(section, "data-affected"), set(&["1.0.0"]));
    assert!(
        section.contains("Remote code execution in Lib"),
        "{section}"
    );
    assert!(section.contains("CVE-2025-0001"), "{section}");
    assert!(!page.body.contains("id=\"no-advisories\""));
}

/// A 390px-wide phone, with the page's script: signing in, nothing wider than the
/// screen, the copy buttons, and rotating the token from its button.
async fn works_on_a_phone(db: TestDb) {
    let name = match db.backend {
        Backend::Sqlite => "ui_portal::phone_sqlite",
        Backend::Postgres => "ui_portal::phone_postgres",
    };
    let (r, token) = registry(db).await;
    let wait = std::time::Duration::from_secs(10);
    let b = Browser::phone(name).await;
    b.goto(&format!("{}/portal", r.url)).await;
    b.wait_for("#token", wait).await.send_keys(&token).await;
    b.find("form.stack button[type=submit]").await.click().await;
    b.wait_for("#portal-status", wait).await;
    let width = b
        .execute("return document.documentElement.scrollWidth;", vec![])
        .await;
    assert!(
        width.as_u64().unwrap() <= u64::from(PHONE.0),
        "the page is {width}px wide"
    );
    let versions = b.find_all("[data-package='acme/lib'] [data-version]").await;
    assert_eq!(versions.len(), 2);
    let copy = b.find("button[data-copy='setup-lines']").await;
    assert!(
        copy.is_displayed().await,
        "the script shows the copy button"
    );
    b.shot("portal").await;
    for section in ["tokens", "advisories"] {
        let script = format!("document.getElementById('{section}').scrollIntoView();");
        b.execute(&script, vec![]).await;
        b.shot(section).await;
    }

    let own = token_ids(&r, "acme").await[0];
    b.find(&format!("#rotate-{own}")).await.click().await;
    let secret = b.wait_for("#new-token", wait).await.text().await;
    assert!(secret.starts_with("cmt_"), "{secret}");
    let width = b
        .execute("return document.documentElement.scrollWidth;", vec![])
        .await;
    assert!(width.as_u64().unwrap() <= u64::from(PHONE.0), "{width}px");
    b.shot("rotated").await;
    assert_eq!(root_status(&r, &secret).await, 200);
    assert_eq!(root_status(&r, &token).await, 401);
    // Still signed in, with the new secret.
    b.goto(&format!("{}/portal", r.url)).await;
    b.wait_for("#portal-status", wait).await;
    b.quit().await;
}
