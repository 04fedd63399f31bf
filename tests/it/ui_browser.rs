//! The web UI in a real headless browser (Debian's chromium through chromedriver): the
//! whole customer lifecycle run by a vendor from the dashboard, the customer finding what
//! they bought in the portal, the grant preview changing as a constraint is typed, a
//! viewer without write actions, a forged form refused, and signing out. A screenshot of
//! each main page is saved under target/ui-screenshots/ (paths printed in the output).

use std::time::Duration;

use cargoman::service::packages::NewPackage;
use cargoman::service::sync::NoProgress;
use cargoman::service::{Ctx, Services};
use serde_json::{Value, json};

use crate::db_tests;
use crate::support::TestDb;
use crate::support::browser::{Browser, Element, keys};
use crate::support::registry::{commit_and_tag, lib_repo};

db_tests!(a_vendor_runs_the_customer_lifecycle_and_the_customer_installs);

const WAIT: Duration = Duration::from_secs(15);

struct Registry {
    services: Services,
    ctx: Ctx,
    url: String,
    owner: String,
    viewer: String,
    _stop: tokio::sync::oneshot::Sender<()>,
    _background: cargoman::tasks::Background,
}

/// A registry with `acme/lib` at 1.0.0, 1.1.0 and 2.0.0 (synced from a real git
/// repository), an owner and a viewer token, served on 127.0.0.1:0.
async fn registry(db: &TestDb) -> Registry {
    let services = db.services().await;
    let ctx = db.ctx(&services).await;
    let repo = db.path().join("lib");
    lib_repo(&repo, &[]);
    for v in ["1.0.0", "1.1.0", "2.0.0"] {
        commit_and_tag(&repo, v, v);
    }
    let input = NewPackage {
        url: repo.to_str().unwrap().into(),
        probe: true,
        ..Default::default()
    };
    services.packages().add(&ctx, input).await.unwrap();
    services
        .sync()
        .package(&ctx, "acme/lib", &NoProgress)
        .await
        .unwrap();
    let owner = services
        .admin_tokens()
        .issue(&ctx, "owner", Some("vendor"))
        .await
        .unwrap()
        .plain_token;
    let viewer = services
        .admin_tokens()
        .issue(&ctx, "viewer", Some("support"))
        .await
        .unwrap()
        .plain_token;
    let (url, stop, _handle) = crate::serve::start(services.clone()).await;
    // Job workers, as `cargoman serve` runs them: "Sync now" is done by one of them.
    let background = cargoman::tasks::start(services.clone());
    Registry {
        services,
        ctx,
        url,
        owner,
        viewer,
        _stop: stop,
        _background: background,
    }
}

async fn sign_in(b: &Browser, url: &str, login: &str, token: &str) {
    b.goto(&format!("{url}{login}")).await;
    let field = b.wait_for("#token", WAIT).await;
    field.send_keys(token).await;
    b.find("form button[type=submit]").await.click().await;
}

/// The texts of `[data-version]` elements under `css`.
async fn versions(b: &Browser, css: &str) -> Vec<String> {
    let mut out = Vec::new();
    for el in b.find_all(css).await {
        out.push(el.attr("data-version").await.unwrap_or_default());
    }
    out
}

/// Every form control has a label, every button a name, the page a language: what a
/// screen reader needs (names the offenders otherwise).
async fn assert_accessible(b: &Browser, page: &str) {
    let offenders: Value = b
        .execute(
            "const bad = [];
             if (!document.documentElement.lang) bad.push('html without lang');
             document.querySelectorAll('input:not([type=hidden]), select, textarea').forEach(el => {
               if (!(el.labels && el.labels.length) && !el.getAttribute('aria-label')) bad.push(el.outerHTML);
             });
             document.querySelectorAll('button, a').forEach(el => {
               if (!el.hidden && !el.textContent.trim() && !el.getAttribute('aria-label')) bad.push(el.outerHTML);
             });
             return bad;",
            vec![],
        )
        .await;
    assert_eq!(offenders, json!([]), "{page}: controls without a name");
}

async fn choose(b: &Browser, select: &str, value: &str) {
    b.find(&format!("{select} option[value=\"{value}\"]"))
        .await
        .click()
        .await;
}

async fn retype(field: &Element, text: &str) {
    field.clear().await;
    field.send_keys(text).await;
}

/// What the Composer endpoint gives a token for `acme/lib`.
async fn p2_versions(url: &str, token: &str) -> (u16, Vec<String>) {
    let r = reqwest::Client::new()
        .get(format!("{url}/p2/acme/lib.json"))
        .basic_auth("token", Some(token))
        .send()
        .await
        .unwrap();
    let status = r.status().as_u16();
    let doc: Value = r.json().await.unwrap_or(Value::Null);
    let list = doc["packages"]["acme/lib"]
        .as_array()
        .map(|a| {
            a.iter()
                .map(|v| v["version"].as_str().unwrap_or("").to_string())
                .collect()
        })
        .unwrap_or_default();
    (status, list)
}

async fn a_vendor_runs_the_customer_lifecycle_and_the_customer_installs(db: TestDb) {
    let reg = registry(&db).await;
    let url = reg.url.clone();
    let b = Browser::start(&format!(
        "ui_browser-{}",
        format!("{:?}", db.backend).to_lowercase()
    ))
    .await;

    // Signed out, the dashboard asks for a token; a wrong one is refused in place.
    b.goto(&format!("{url}/customers")).await;
    b.wait_for("#token", WAIT).await;
    assert!(b.current_url().await.contains("/login?next=%2Fcustomers"));
    b.shot("login").await;
    assert_accessible(&b, "login").await;
    sign_in(&b, &url, "/login", "cma_wrong").await;
    b.wait_for_text("#token-error", "not a valid admin token", WAIT)
        .await;
    sign_in(&b, &url, "/login", &reg.owner).await;
    b.wait_for_text("h1", "Overview", WAIT).await;
    let cookie = b
        .cookie("cargoman_session")
        .await
        .expect("a session cookie");
    assert!(cookie.http_only, "the session cookie is HttpOnly");
    assert_eq!(cookie.same_site.as_deref(), Some("Strict"));
    let script_sees: Value = b.execute("return document.cookie;", vec![]).await;
    assert!(
        !script_sees
            .as_str()
            .unwrap_or("")
            .contains("cargoman_session")
    );
    b.shot("overview").await;
    assert_accessible(&b, "overview").await;

    // Add a customer; a missing name is shown next to the field and adds nothing.
    b.goto(&format!("{url}/customers")).await;
    b.wait_for("#add-customer", WAIT).await;
    b.find("#add-customer-submit").await.click().await;
    b.wait_for("#new-name-error", WAIT).await;
    assert!(
        reg.services
            .customers()
            .list(&reg.ctx, None)
            .await
            .unwrap()
            .is_empty()
    );
    b.find("#new-name").await.send_keys("Globex Shop").await;
    b.find("#new-email")
        .await
        .send_keys("dev@globex.example")
        .await;
    b.find("#add-customer-submit").await.click().await;
    b.wait_for_text("#customer-name", "Globex Shop", WAIT).await;
    let id = b
        .find("#customer-name")
        .await
        .attr("data-customer-id")
        .await
        .expect("the customer's id");
    b.shot("customers-new").await;
    assert_accessible(&b, "customers-new").await;

    // Grant acme/lib, watching the preview follow the constraint as it is typed.
    choose(&b, "#grant-package", "acme/lib").await;
    let constraint = b.find("#grant-constraint").await;
    constraint.send_keys("^1.0").await;
    b.wait_for("#preview-result[data-constraint=\"^1.0\"]", WAIT)
        .await;
    let appearing = versions(&b, "#preview-table tr[data-change=\"appears\"]").await;
    assert_eq!(
        appearing,
        ["1.1.0", "1.0.0"],
        "not granted yet: 1.x would appear"
    );
    retype(&constraint, "^2.0").await;
    b.wait_for("#preview-result[data-constraint=\"^2.0\"]", WAIT)
        .await;
    assert_eq!(
        versions(&b, "#preview-table tr[data-change=\"appears\"]").await,
        ["2.0.0"]
    );
    // A constraint Composer cannot read: the preview says so, saving changes nothing.
    retype(&constraint, "^^1").await;
    b.wait_for("#preview-error", WAIT).await;
    b.find("#grant-save").await.click().await;
    b.wait_for("#grant-constraint-error", WAIT).await;
    assert!(
        reg.services
            .grants()
            .list(&reg.ctx, "Globex Shop")
            .await
            .unwrap()
            .is_empty()
    );
    // Save ^1.0.
    choose(&b, "#grant-package", "acme/lib").await;
    let constraint = b.find("#grant-constraint").await;
    retype(&constraint, "^1.0").await;
    b.find("#grant-save").await.click().await;
    b.wait_for(
        "tr[data-grant=\"acme/lib\"] code[data-constraint=\"^1.0\"]",
        WAIT,
    )
    .await;
    // Editing it: the preview shows what would disappear before anything is saved.
    choose(&b, "#grant-package", "acme/lib").await;
    let constraint = b.find("#grant-constraint").await;
    retype(&constraint, "^2.0").await;
    b.wait_for("#preview-result[data-constraint=\"^2.0\"]", WAIT)
        .await;
    assert_eq!(
        versions(&b, "#preview-table tr[data-change=\"disappears\"]").await,
        ["1.1.0", "1.0.0"]
    );
    assert_eq!(
        versions(&b, "#preview-table tr[data-change=\"appears\"]").await,
        ["2.0.0"]
    );
    b.shot("grant-preview").await;
    assert_accessible(&b, "grant-preview").await;
    let grants = reg
        .services
        .grants()
        .list(&reg.ctx, "Globex Shop")
        .await
        .unwrap();
    assert_eq!(grants[0].constraint, "^1.0", "a preview saves nothing");

    // Issue a token: the secret once, with the set-up lines for this host, copyable.
    b.goto(&format!("{url}/customers/{id}")).await;
    b.wait_for("#issue-token", WAIT).await;
    b.find("#token-name").await.send_keys("ci").await;
    b.find("#issue-token-submit").await.click().await;
    let secret = b.wait_for("#new-token", WAIT).await.text().await;
    let secret = secret.trim().to_string();
    assert!(secret.starts_with("cmt_"), "{secret}");
    let host = url.trim_start_matches("http://");
    let lines = b.find("#setup-lines").await.text().await;
    assert!(lines.contains(host) && lines.contains(&secret), "{lines}");
    b.find("button[data-copy=\"setup-lines\"]")
        .await
        .click()
        .await;
    b.wait_for(
        "button[data-copy=\"setup-lines\"][data-copied=\"true\"]",
        WAIT,
    )
    .await;
    b.shot("token-issued").await;
    assert_accessible(&b, "token-issued").await;
    assert_eq!(
        p2_versions(&url, &secret).await,
        (200, vec!["1.1.0".to_string(), "1.0.0".to_string()])
    );

    // Composer reports an install: the overview's chart shows it today.
    let notified = reqwest::Client::new()
        .post(format!("{url}/downloads"))
        .basic_auth("token", Some(&secret))
        .json(&json!({"downloads": [{"name": "acme/lib", "version": "1.1.0.0"}]}))
        .send()
        .await
        .unwrap();
    assert!(notified.status().is_success());

    // Suspend with a reason, then reactivate.
    b.goto(&format!("{url}/customers/{id}")).await;
    b.wait_for("#lifecycle", WAIT).await;
    b.find("#lifecycle-reason")
        .await
        .send_keys("invoice overdue")
        .await;
    b.find("#action-suspend").await.click().await;
    b.wait_for("#customer-status[data-status=\"suspended\"]", WAIT)
        .await;
    b.wait_for_text("#customer-status-reason", "invoice overdue", WAIT)
        .await;
    assert_eq!(p2_versions(&url, &secret).await.0, 403);
    b.shot("customer-suspended").await;
    b.find("#action-reactivate").await.click().await;
    b.wait_for("#customer-status[data-status=\"active\"]", WAIT)
        .await;
    assert_eq!(p2_versions(&url, &secret).await.0, 200);

    // View as customer: 2.0.0 hidden, outside the constraint.
    b.goto(&format!("{url}/customers/{id}/view")).await;
    b.wait_for("section[data-package=\"acme/lib\"]", WAIT).await;
    assert_eq!(
        versions(&b, "tr[data-visible=\"true\"]").await,
        ["1.1.0", "1.0.0"]
    );
    b.find("tr[data-version=\"2.0.0\"] [data-reason=\"outside_constraint\"]")
        .await;
    b.shot("view-as-customer").await;
    assert_accessible(&b, "view-as-customer").await;

    // A forged form (no anti-forgery token) is refused and changes nothing.
    let forged = json!(format!("/customers/{id}/lifecycle"));
    b.execute(
        "const f = document.createElement('form'); f.method = 'post'; f.action = arguments[0];
         const a = document.createElement('input'); a.name = 'action'; a.value = 'suspend'; f.appendChild(a);
         document.body.appendChild(f); f.submit(); return true;",
        vec![forged],
    )
    .await;
    b.wait_for_text("h1", "This form cannot be accepted", WAIT)
        .await;
    let customer = reg.services.customers().get(&reg.ctx, &id).await.unwrap();
    assert_eq!(customer.status.as_str(), "active");

    // A new tag, synced from the package page with live progress, then yanked.
    commit_and_tag(&db.path().join("lib"), "2.1.0", "2.1.0");
    b.goto(&format!("{url}/packages/acme/lib")).await;
    b.wait_for("#sync-now button", WAIT).await.click().await;
    b.wait_for("#sync-job [data-job-state]", WAIT).await;
    b.shot("package-syncing").await;
    b.wait_for("tr[data-version=\"2.1.0\"]", Duration::from_secs(60))
        .await;
    b.find("tr[data-version=\"2.1.0\"] button[value=\"yank\"]")
        .await
        .click()
        .await;
    b.wait_for("tr[data-version=\"2.1.0\"] [data-flag=\"yanked\"]", WAIT)
        .await;
    b.shot("package").await;
    assert_accessible(&b, "package").await;

    // Sign out: back to the sign-in page, and the dashboard is closed again.
    b.goto(&format!("{url}/")).await;
    b.wait_for("form.signout button", WAIT).await.click().await;
    b.wait_for("#token", WAIT).await;
    b.goto(&format!("{url}/customers/{id}")).await;
    b.wait_for("#token", WAIT).await;
    assert!(b.current_url().await.contains("/login"));

    // The customer's portal: exactly the granted versions, the set-up lines for this host.
    sign_in(&b, &url, "/portal/login", &reg.owner).await;
    b.wait_for_text("#token-error", "admin token", WAIT).await;
    sign_in(&b, &url, "/portal/login", &secret).await;
    b.wait_for("li[data-package=\"acme/lib\"]", WAIT).await;
    assert_eq!(
        versions(&b, "li[data-package=\"acme/lib\"] [data-version]").await,
        ["1.1.0", "1.0.0"]
    );
    assert!(b.find("#setup-lines").await.text().await.contains(host));
    b.shot("portal").await;
    assert_accessible(&b, "portal").await;
    b.set_viewport_size(390, 844).await;
    b.refresh().await;
    b.wait_for("li[data-package=\"acme/lib\"]", WAIT).await;
    let overflow: Value = b
        .execute(
            "return document.documentElement.scrollWidth > window.innerWidth + 1;",
            vec![],
        )
        .await;
    assert_eq!(overflow, json!(false), "the portal fits a phone's width");
    b.shot("portal-phone").await;
    b.set_viewport_size(1280, 900).await;
    b.wait_for("form.signout button", WAIT).await.click().await;
    b.wait_for("#token", WAIT).await;

    // A viewer reads the same pages without a single write action, signing in with the
    // keyboard alone: the token field has the focus, Enter sends the form, and the first
    // Tab on a page reaches the link past the navigation.
    b.goto(&format!("{url}/login")).await;
    b.wait_for("#token", WAIT).await;
    let focused = b.active_element().await;
    assert_eq!(focused.attr("id").await.as_deref(), Some("token"));
    b.press(&reg.viewer).await;
    b.press(keys::ENTER).await;
    b.wait_for_text("h1", "Overview", WAIT).await;
    b.press(keys::TAB).await;
    assert_eq!(b.active_element().await.text().await, "Skip to content");
    let today = b.find(".chart rect:last-of-type").await;
    assert_eq!(
        today.attr("height").await.as_deref(),
        Some("100"),
        "today's bar is the tallest"
    );
    b.goto(&format!("{url}/customers/{id}")).await;
    b.wait_for("#customer-status", WAIT).await;
    for css in ["#lifecycle", "#grant-form", "#issue-token", "button.danger"] {
        assert!(b.try_find(css).await.is_none(), "a viewer sees {css}");
    }
    b.goto(&format!("{url}/customers")).await;
    b.wait_for("#customer-search", WAIT).await;
    assert!(b.try_find("#add-customer").await.is_none());
    b.shot("viewer-customers").await;
    assert_accessible(&b, "viewer-customers").await;
    b.quit().await;
}
