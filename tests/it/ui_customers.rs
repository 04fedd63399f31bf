//! The dashboard's customer pages over HTTP on both databases: the list with search and
//! status filter, adding a customer, grants with the live preview of what appears and
//! disappears, tokens whose secret is shown once and then work with Composer's
//! endpoints, the lifecycle with reasons, "view as customer", what a viewer sees, forged
//! forms, and another tenant's customers out of reach. Signed in through the real form,
//! forms posted with the session's anti-forgery token as a browser without script would;
//! every change checked through the services.

use std::collections::BTreeSet;
use std::net::SocketAddr;

use cargoman::config::TenantMode;
use cargoman::service::customers::NewCustomer;
use cargoman::service::packages::VersionFlag;
use cargoman::service::tenants::NewTenant;
use cargoman::service::tokens::TokenRequest;
use cargoman::service::{Actor, Ctx};
use regex::Regex;
use serde_json::Value;

use crate::db_tests;
use crate::support::TestDb;
use crate::support::registry::Registry;
use crate::support::ui::{Page, UiClient};

db_tests!(
    add_search_and_filter_customers,
    grant_with_the_live_preview_and_a_refused_constraint,
    a_token_shown_once_works_with_composer_until_suspended,
    view_as_customer_names_why_versions_are_hidden,
    a_viewer_sees_no_forms_and_forged_posts_change_nothing,
    another_tenants_customer_is_out_of_reach,
);

const TAGS: &[&str] = &["1.0.0", "1.1.0", "2.0.0"];

/// The registry with `acme/lib` (tags 1.0.0, 1.1.0, 2.0.0 and the dev-main branch).
async fn registry(db: TestDb) -> Registry {
    let r = Registry::start(db, TAGS).await;
    r.add_package().await;
    r
}

async fn admin_token(r: &Registry, level: &str) -> String {
    let t = r.services.admin_tokens();
    let issued = t.issue(&r.ctx, level, Some(level)).await.unwrap();
    issued.plain_token
}

/// A dashboard session of an admin token of `level`, and its anti-forgery token.
async fn signed_in(r: &Registry, level: &str) -> (UiClient, String) {
    let token = admin_token(r, level).await;
    let mut ui = UiClient::new(&r.url);
    let csrf = ui.sign_in_dashboard(&token).await;
    (ui, csrf)
}

/// A customer made through the services; its id.
async fn customer(r: &Registry, name: &str) -> i64 {
    let c = NewCustomer {
        name: name.into(),
        ..Default::default()
    };
    r.services.customers().create(&r.ctx, c).await.unwrap().id
}

async fn grant(r: &Registry, customer: &str, constraint: &str) {
    let g = r.services.grants();
    g.grant(&r.ctx, customer, "acme/lib", Some(constraint))
        .await
        .unwrap();
}

async fn constraint_of(r: &Registry, customer: &str) -> Option<String> {
    let grants = r.services.grants().list(&r.ctx, customer).await.unwrap();
    grants
        .into_iter()
        .find(|g| g.package == "acme/lib")
        .map(|g| g.constraint)
}

#[track_caller]
fn status(page: &Page, expected: u16, what: &str) {
    assert_eq!(page.status, expected, "{what}:\n{}", page.body);
}

/// The text inside the element with `id` (up to its closing tag, tags removed).
fn text_of(html: &str, id: &str) -> String {
    let needle = format!("id=\"{id}\"");
    let start = html
        .find(&needle)
        .unwrap_or_else(|| panic!("no #{id} in:\n{html}"));
    let open_end = start + html[start..].find('>').unwrap() + 1;
    let tag_start = html[..start].rfind('<').unwrap();
    let tag: String = html[tag_start + 1..]
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric())
        .collect();
    let close = format!("</{tag}>");
    let end = open_end + html[open_end..].find(&close).unwrap();
    let tags = Regex::new("<[^>]*>").unwrap();
    let text = tags.replace_all(&html[open_end..end], "");
    text.replace("&amp;", "&")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
}

/// The table row of `version` (from `<tr data-version="…"` to `</tr>`).
fn row<'a>(html: &'a str, version: &str) -> &'a str {
    let needle = format!("<tr data-version=\"{version}\"");
    let start = html
        .find(&needle)
        .unwrap_or_else(|| panic!("no row of {version} in:\n{html}"));
    let end = start + html[start..].find("</tr>").unwrap();
    &html[start..end]
}

/// (version, change) of each row of a preview.
fn changes(html: &str) -> BTreeSet<(String, String)> {
    let re = Regex::new(r#"data-version="([^"]+)" data-change="([^"]+)""#).unwrap();
    re.captures_iter(html)
        .map(|c| (c[1].to_string(), c[2].to_string()))
        .collect()
}

fn expect(rows: &[(&str, &str)]) -> BTreeSet<(String, String)> {
    rows.iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect()
}

/// Versions of acme/lib Composer is served with `token` (tags and branches).
async fn served(r: &Registry, token: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for path in ["/p2/acme/lib.json", "/p2/acme/lib~dev.json"] {
        let resp = r.get(path, Some(token)).await;
        assert_eq!(resp.status(), 200, "{path}");
        let doc: Value = resp.json().await.unwrap();
        for v in doc["packages"]["acme/lib"].as_array().unwrap() {
            out.insert(v["version"].as_str().unwrap().to_string());
        }
    }
    out
}

fn set(versions: &[&str]) -> BTreeSet<String> {
    versions.iter().map(|v| v.to_string()).collect()
}

/// The secret of a "token issued/rotated" page.
fn secret_of(page: &Page) -> String {
    let secret = text_of(&page.body, "new-token").trim().to_string();
    assert!(secret.starts_with("cmt_"), "{secret}");
    secret
}

async fn add_search_and_filter_customers(db: TestDb) {
    let r = Registry::start(db, &[]).await;
    let (mut ui, csrf) = signed_in(&r, "admin").await;
    let list = ui.get("/customers").await;
    status(&list, 200, "the list");
    assert!(list.body.contains("id=\"no-customers\""));
    assert!(list.body.contains("id=\"add-customer\""));

    let added = ui
        .post(
            "/customers",
            &[
                ("_csrf", &csrf),
                ("name", "Acme GmbH"),
                ("email", "ops@acme.test"),
                ("external_id", "cus_123"),
                ("expires_at", "2099-12-31"),
            ],
        )
        .await;
    status(&added, 303, "add a customer");
    let c = r
        .services
        .customers()
        .get(&r.ctx, "Acme GmbH")
        .await
        .unwrap();
    assert_eq!(
        added.location(),
        Some(format!("/customers/{}", c.id).as_str())
    );
    assert_eq!(c.email.as_deref(), Some("ops@acme.test"));
    assert_eq!(c.external_id.as_deref(), Some("cus_123"));
    // Through the end of the day named.
    assert_eq!(
        c.expires_at.unwrap().to_rfc3339(),
        "2100-01-01T00:00:00+00:00"
    );
    let page = ui.get(added.location().unwrap()).await;
    status(&page, 200, "the new customer's page");
    assert!(page.body.contains("Customer Acme GmbH created."), "flash");
    assert!(
        page.body
            .contains("id=\"customer-status\" data-status=\"active\"")
    );
    let audit = text_of(&page.body, "audit-trail");
    assert!(audit.contains("customer.create"), "{audit}");

    // An empty name: the message next to the field, the input kept, nothing created.
    let refused = ui
        .post(
            "/customers",
            &[
                ("_csrf", &csrf),
                ("name", "  "),
                ("email", "kept@example.test"),
            ],
        )
        .await;
    status(&refused, 422, "an empty name");
    assert!(
        refused.body.contains("id=\"new-name-error\""),
        "{}",
        refused.body
    );
    assert!(refused.body.contains("aria-describedby=\"new-name-error\""));
    assert!(refused.body.contains("value=\"kept@example.test\""));
    // A bad email and a past expiry: next to their own fields.
    let bad_email = ui
        .post(
            "/customers",
            &[("_csrf", &csrf), ("name", "beta"), ("email", "nope")],
        )
        .await;
    status(&bad_email, 422, "a bad email");
    assert!(bad_email.body.contains("id=\"new-email-error\""));
    let past = ui
        .post(
            "/customers",
            &[
                ("_csrf", &csrf),
                ("name", "beta"),
                ("expires_at", "2001-01-01"),
            ],
        )
        .await;
    status(&past, 422, "a past expiry");
    assert!(past.body.contains("id=\"new-expires-at-error\""));
    // The same name again: a conflict, on top of the form.
    let twice = ui
        .post("/customers", &[("_csrf", &csrf), ("name", "Acme GmbH")])
        .await;
    status(&twice, 422, "a taken name");
    assert!(twice.body.contains("id=\"new-error\""), "{}", twice.body);
    let all = r.services.customers().list(&r.ctx, None).await.unwrap();
    assert_eq!(all.len(), 1, "nothing else was created");

    // Search by name, email and external id; filter by status; pages.
    customer(&r, "globex").await;
    let c = r.services.customers();
    let t = cargoman::domain::customer::Transition::Suspend;
    c.transition(&r.ctx, "globex", t, Some("unpaid".into()))
        .await
        .unwrap();
    // `_` and `%` are text, not LIKE wildcards: `cus_12` finds `cus_123`, `cus%` nothing.
    let (found, wild) = (
        ui.get("/customers?q=cus_12").await,
        ui.get("/customers?q=cus%25").await,
    );
    assert!(found.body.contains("data-customer=\"Acme GmbH\""));
    assert!(wild.body.contains("id=\"no-customers\""));
    for q in ["acme", "ACME", "ops@acme", "cus"] {
        let found = ui.get(&format!("/customers?q={q}")).await;
        status(&found, 200, q);
        assert!(found.body.contains("data-customer=\"Acme GmbH\""), "{q}");
        assert!(!found.body.contains("data-customer=\"globex\""), "{q}");
    }
    let suspended = ui.get("/customers?status=suspended").await;
    assert!(suspended.body.contains("data-customer=\"globex\""));
    assert!(suspended.body.contains("unpaid"), "the reason is listed");
    assert!(!suspended.body.contains("data-customer=\"Acme GmbH\""));
    let selected = Regex::new(r#"<option value="suspended" selected>"#).unwrap();
    assert!(
        selected.is_match(&suspended.body),
        "the filter stays chosen"
    );
    let none = ui.get("/customers?q=nobody&status=active").await;
    assert!(none.body.contains("id=\"no-customers\""));
    for i in 0..55 {
        customer(&r, &format!("zz-{i:02}")).await;
    }
    let first = ui.get("/customers?q=zz-").await;
    assert_eq!(first.body.matches("data-customer=\"zz-").count(), 50);
    let next = Regex::new(r#"href="/customers\?q=zz-&(#38;|amp;)?page=2" rel="next""#).unwrap();
    assert!(next.is_match(&first.body), "{}", first.body);
    let second = ui.get("/customers?q=zz-&page=2").await;
    assert_eq!(second.body.matches("data-customer=\"zz-").count(), 5);
    // Nonsense in the query string is no error.
    let odd = ui.get("/customers?status=bogus&page=zero").await;
    status(&odd, 200, "nonsense filters");
}

async fn grant_with_the_live_preview_and_a_refused_constraint(db: TestDb) {
    let r = registry(db).await;
    let id = customer(&r, "acme").await;
    let (mut ui, csrf) = signed_in(&r, "admin").await;
    let page = ui.get(&format!("/customers/{id}")).await;
    status(&page, 200, "the customer's page");
    assert!(
        page.body
            .contains("<option value=\"acme/lib\">acme/lib</option>")
    );
    assert!(page.body.contains(&format!(
        "data-preview=\"/customers/{id}/preview\" data-preview-target=\"grant-preview\""
    )));
    assert!(
        page.body
            .contains("<div id=\"grant-preview\" aria-live=\"polite\">")
    );

    // Not granted yet: ^1.0 would make 1.0.0 and 1.1.0 appear.
    let preview = |c: &str| format!("/customers/{id}/preview?package=acme/lib&constraint={c}");
    let fragment = ui.get(&preview("%5E1.0")).await;
    status(&fragment, 200, "the preview fragment");
    assert!(!fragment.body.contains("<html"), "a fragment, no layout");
    assert_eq!(
        changes(&fragment.body),
        expect(&[
            ("dev-main", "unchanged"),
            ("2.0.0", "unchanged"),
            ("1.1.0", "appears"),
            ("1.0.0", "appears"),
        ])
    );
    assert!(row(&fragment.body, "1.1.0").contains("class=\"appears\""));
    assert!(
        fragment
            .body
            .contains("data-appearing=\"2\" data-disappearing=\"0\"")
    );
    assert!(
        row(&fragment.body, "2.0.0").contains("outside the constraint ^1.0"),
        "why it stays hidden"
    );
    // Nothing chosen yet: a prompt.
    let empty = ui.get(&format!("/customers/{id}/preview")).await;
    assert!(empty.body.contains("id=\"preview-prompt\""));

    // Saved: the grant service has it.
    let saved = ui
        .post(
            &format!("/customers/{id}/grants"),
            &[
                ("_csrf", &csrf),
                ("package", "acme/lib"),
                ("constraint", "^1.0"),
            ],
        )
        .await;
    status(&saved, 303, "save the grant");
    assert_eq!(constraint_of(&r, "acme").await.as_deref(), Some("^1.0"));
    let page = ui.get(&format!("/customers/{id}")).await;
    assert!(page.body.contains("data-grant=\"acme/lib\""));
    assert!(page.body.contains("data-constraint=\"^1.0\""));
    assert!(text_of(&page.body, "audit-trail").contains("grant.create"));

    // Changing it to ^2.0: 2.0.0 appears, the 1.x disappear.
    let fragment = ui.get(&preview("%5E2.0")).await;
    assert_eq!(
        changes(&fragment.body),
        expect(&[
            ("dev-main", "unchanged"),
            ("2.0.0", "appears"),
            ("1.1.0", "disappears"),
            ("1.0.0", "disappears"),
        ])
    );
    assert!(row(&fragment.body, "1.0.0").contains("class=\"disappears\""));
    assert!(
        fragment
            .body
            .contains("data-appearing=\"1\" data-disappearing=\"2\"")
    );
    assert!(fragment.body.contains("instead of <code>^1.0</code>"));

    // A constraint the grant refuses: its message in the fragment and next to the field
    // (422), and the grant unchanged.
    let bad = ui.get(&preview("%5E%5Enope")).await;
    let message = text_of(&bad.body, "preview-error");
    assert!(message.contains("invalid constraint"), "{message}");
    let refused = ui
        .post(
            &format!("/customers/{id}/grants"),
            &[
                ("_csrf", &csrf),
                ("package", "acme/lib"),
                ("constraint", "^^nope"),
            ],
        )
        .await;
    status(&refused, 422, "an invalid constraint");
    assert_eq!(text_of(&refused.body, "grant-constraint-error"), message);
    assert!(
        refused
            .body
            .contains("aria-describedby=\"grant-constraint-error\"")
    );
    assert!(
        refused.body.contains("value=\"^^nope\""),
        "the input is kept"
    );
    assert_eq!(constraint_of(&r, "acme").await.as_deref(), Some("^1.0"));
    // No package chosen: next to the package select.
    let no_package = ui
        .post(
            &format!("/customers/{id}/grants"),
            &[("_csrf", &csrf), ("package", ""), ("constraint", "*")],
        )
        .await;
    status(&no_package, 422, "no package");
    assert!(no_package.body.contains("id=\"grant-package-error\""));

    // Without script: the "Preview" button posts the form to a page of its own, which
    // changes nothing and offers to save.
    let full = ui
        .post(
            &format!("/customers/{id}/grant-preview"),
            &[
                ("_csrf", &csrf),
                ("package", "acme/lib"),
                ("constraint", "~2.0"),
            ],
        )
        .await;
    status(&full, 200, "the preview page");
    assert!(full.body.contains("<html"));
    assert_eq!(
        changes(&full.body),
        expect(&[
            ("dev-main", "unchanged"),
            ("2.0.0", "appears"),
            ("1.1.0", "disappears"),
            ("1.0.0", "disappears"),
        ])
    );
    assert!(full.body.contains("id=\"grant-save\""));
    assert_eq!(constraint_of(&r, "acme").await.as_deref(), Some("^1.0"));
    let full_bad = ui
        .get(&format!(
            "/customers/{id}/grant-preview?package=acme/lib&constraint=%5E%5Enope"
        ))
        .await;
    status(
        &full_bad,
        422,
        "the preview page with an invalid constraint",
    );
    assert!(full_bad.body.contains("id=\"grant-constraint-error\""));

    // Revoking.
    let revoked = ui
        .post(
            &format!("/customers/{id}/grants/revoke"),
            &[("_csrf", &csrf), ("package", "acme/lib")],
        )
        .await;
    status(&revoked, 303, "revoke the grant");
    assert_eq!(constraint_of(&r, "acme").await, None);
}

async fn a_token_shown_once_works_with_composer_until_suspended(db: TestDb) {
    let r = registry(db).await;
    let id = customer(&r, "acme").await;
    grant(&r, "acme", "^1.0").await;
    let (mut ui, csrf) = signed_in(&r, "admin").await;
    let base = format!("/customers/{id}");

    let issued = ui
        .post(
            &format!("{base}/tokens"),
            &[
                ("_csrf", &csrf),
                ("name", "ci"),
                ("scope", "download"),
                ("package_globs", ""),
                ("expires_in_days", "30"),
            ],
        )
        .await;
    status(&issued, 200, "issue a token");
    assert_eq!(
        issued.headers.get("cache-control").unwrap(),
        "no-store",
        "a secret is never cached"
    );
    let secret = secret_of(&issued);
    let host = r.url.trim_start_matches("http://");
    let setup = text_of(&issued.body, "setup-lines");
    assert!(
        setup.contains(&format!(
            "composer config repositories.private composer {}",
            r.url
        )),
        "{setup}"
    );
    assert!(
        setup.contains(&format!("--auth http-basic.{host} token {secret}")),
        "{setup}"
    );
    assert!(issued.body.contains("data-copy=\"setup-lines\""));
    // Shown once: the customer's page lists the token by prefix only.
    let page = ui.get(&base).await;
    assert!(!page.body.contains(&secret));
    let tokens = r.services.tokens().list(&r.ctx, "acme").await.unwrap();
    assert_eq!(tokens.len(), 1);
    let token = &tokens[0];
    assert_eq!(token.name.as_deref(), Some("ci"));
    assert!(token.expires_at.is_some());
    assert!(page.body.contains(&format!(
        "data-token=\"{}\" data-token-status=\"active\"",
        token.id
    )));
    assert!(page.body.contains(&token.prefix));

    // It works with Composer, and sees exactly the granted versions.
    let root = r.get("/packages.json", Some(&secret)).await;
    assert_eq!(root.status(), 200);
    assert_eq!(served(&r, &secret).await, set(&["1.0.0", "1.1.0"]));

    // A bad token request: next to its field, nothing issued.
    let refused = ui
        .post(
            &format!("{base}/tokens"),
            &[("_csrf", &csrf), ("name", "x"), ("expires_in_days", "soon")],
        )
        .await;
    status(&refused, 422, "days that are no number");
    assert!(refused.body.contains("id=\"token-days-error\""));
    let refused = ui
        .post(
            &format!("{base}/tokens"),
            &[("_csrf", &csrf), ("package_globs", "not a glob!!")],
        )
        .await;
    status(&refused, 422, "a bad glob");
    assert!(
        refused.body.contains("id=\"token-globs-error\""),
        "{}",
        refused.body
    );
    assert_eq!(
        r.services
            .tokens()
            .list(&r.ctx, "acme")
            .await
            .unwrap()
            .len(),
        1
    );

    // Suspended with a reason: the status says so, Composer refuses the token.
    let page = ui.get(&base).await;
    assert!(page.body.contains("id=\"action-suspend\""));
    assert!(
        !page.body.contains("id=\"action-reactivate\""),
        "only valid actions"
    );
    let suspended = ui
        .post(
            &format!("{base}/lifecycle"),
            &[
                ("_csrf", &csrf),
                ("action", "suspend"),
                ("reason", "invoice 42 unpaid"),
            ],
        )
        .await;
    status(&suspended, 303, "suspend");
    let page = ui.get(&base).await;
    assert!(page.body.contains("acme is now suspended."), "flash");
    assert!(
        page.body
            .contains("id=\"customer-status\" data-status=\"suspended\"")
    );
    assert!(text_of(&page.body, "customer-status").contains("invoice 42 unpaid"));
    assert!(page.body.contains("id=\"action-reactivate\""));
    assert!(!page.body.contains("id=\"action-suspend\""));
    let trail = text_of(&page.body, "audit-trail");
    assert!(
        trail.contains("customer.suspend") && trail.contains("invoice 42 unpaid"),
        "{trail}"
    );
    assert!(
        trail.contains("token.issue"),
        "token changes are on the trail: {trail}"
    );
    let refused = r.get("/packages.json", Some(&secret)).await;
    assert_eq!(refused.status(), 403);
    assert!(refused.text().await.unwrap().contains("invoice 42 unpaid"));
    // Suspending twice is not a valid change: said on top of the form.
    let twice = ui
        .post(
            &format!("{base}/lifecycle"),
            &[("_csrf", &csrf), ("action", "suspend"), ("reason", "again")],
        )
        .await;
    status(&twice, 422, "suspending a suspended customer");
    assert!(twice.body.contains("id=\"lifecycle-error\""));

    // Reactivated: the token works again.
    let back = ui
        .post(
            &format!("{base}/lifecycle"),
            &[
                ("_csrf", &csrf),
                ("action", "reactivate"),
                ("reason", "paid"),
            ],
        )
        .await;
    status(&back, 303, "reactivate");
    let page = ui.get(&base).await;
    assert!(
        page.body
            .contains("id=\"customer-status\" data-status=\"active\"")
    );
    assert_eq!(r.get("/packages.json", Some(&secret)).await.status(), 200);

    // Rotated: the new secret shown once, the old one refused.
    let rotated = ui
        .post(
            &format!("{base}/tokens/{}/rotate", token.id),
            &[("_csrf", &csrf)],
        )
        .await;
    status(&rotated, 200, "rotate");
    let renewed = secret_of(&rotated);
    assert_ne!(renewed, secret);
    assert!(text_of(&rotated.body, "setup-lines").contains(&renewed));
    assert_eq!(r.get("/packages.json", Some(&secret)).await.status(), 401);
    assert_eq!(r.get("/packages.json", Some(&renewed)).await.status(), 200);

    // Revoked: refused everywhere.
    let revoked = ui
        .post(
            &format!("{base}/tokens/{}/revoke", token.id),
            &[("_csrf", &csrf)],
        )
        .await;
    status(&revoked, 303, "revoke");
    assert_eq!(r.get("/packages.json", Some(&renewed)).await.status(), 401);
    let page = ui.get(&base).await;
    assert!(page.body.contains(&format!(
        "data-token=\"{}\" data-token-status=\"revoked\"",
        token.id
    )));
    assert!(!page.body.contains(&format!("id=\"rotate-{}\"", token.id)));

    // Frozen at the versions it reaches, then expired.
    let frozen = ui
        .post(
            &format!("{base}/lifecycle"),
            &[
                ("_csrf", &csrf),
                ("action", "freeze"),
                ("reason", "contract ended"),
            ],
        )
        .await;
    status(&frozen, 303, "freeze");
    let c = r.services.customers().get(&r.ctx, "acme").await.unwrap();
    assert_eq!(c.status.as_str(), "frozen");
    let page = ui.get(&base).await;
    assert!(
        page.body
            .contains("id=\"customer-status\" data-status=\"frozen\"")
    );
    assert!(
        page.body.contains("1.1.0, 1.0.0") || page.body.contains("1.0.0, 1.1.0"),
        "frozen versions listed"
    );
    let expired = ui
        .post(
            &format!("{base}/lifecycle"),
            &[("_csrf", &csrf), ("action", "expire"), ("reason", "")],
        )
        .await;
    status(&expired, 303, "expire");
    let page = ui.get(&base).await;
    assert!(
        page.body
            .contains("id=\"customer-status\" data-status=\"expired\"")
    );
    assert!(page.body.contains("id=\"action-reactivate\""));
    assert!(!page.body.contains("id=\"action-freeze\""));
}

async fn view_as_customer_names_why_versions_are_hidden(db: TestDb) {
    let r = registry(db).await;
    let id = customer(&r, "acme").await;
    grant(&r, "acme", "^1.0").await;
    r.services
        .packages()
        .flag_version(&r.ctx, "acme/lib", "1.0.0", VersionFlag::Yank)
        .await
        .unwrap();
    let req = TokenRequest {
        customer: "acme".into(),
        name: Some("other-only".into()),
        package_globs: vec!["other/*".into()],
        ..Default::default()
    };
    let globbed = r.services.tokens().issue(&r.ctx, req).await.unwrap();
    let (mut ui, _) = signed_in(&r, "admin").await;

    let view = ui.get(&format!("/customers/{id}/view")).await;
    status(&view, 200, "view as customer");
    let yanked = row(&view.body, "1.0.0");
    assert!(yanked.contains("data-visible=\"false\""), "{yanked}");
    assert!(yanked.contains("class=\"hidden\""));
    assert!(
        yanked.contains("data-reason=\"yanked\">yanked<"),
        "{yanked}"
    );
    let visible = row(&view.body, "1.1.0");
    assert!(visible.contains("data-visible=\"true\""));
    assert!(visible.contains("class=\"visible\""));
    assert!(!visible.contains("data-reason"));
    let outside = row(&view.body, "2.0.0");
    assert!(outside.contains("data-visible=\"false\""));
    assert!(outside.contains("outside the constraint ^1.0"), "{outside}");
    let branch = row(&view.body, "dev-main");
    assert!(
        branch.contains("dev branch not matched by the constraint ^1.0"),
        "{branch}"
    );
    assert!(view.body.contains("data-package=\"acme/lib\""));
    assert!(
        view.body
            .contains(&format!("<option value=\"{}\"", globbed.token.id))
    );

    // As the token limited to other/*: nothing of acme/lib.
    let as_token = ui
        .get(&format!("/customers/{id}/view?token={}", globbed.token.id))
        .await;
    status(&as_token, 200, "view as one token");
    let r110 = row(&as_token.body, "1.1.0");
    assert!(r110.contains("data-visible=\"false\""));
    assert!(
        r110.contains("data-reason=\"token_glob\">the token&#39;s package globs exclude it<"),
        "{r110}"
    );
    assert!(
        as_token
            .body
            .contains(&format!("<option value=\"{}\" selected>", globbed.token.id))
    );
    // A token that is not usable: said next to the select, with any token's view.
    r.services
        .tokens()
        .revoke(&r.ctx, globbed.token.id)
        .await
        .unwrap();
    let revoked = ui
        .get(&format!("/customers/{id}/view?token={}", globbed.token.id))
        .await;
    status(&revoked, 422, "a revoked token");
    assert!(revoked.body.contains("id=\"view-token-error\""));
    assert!(row(&revoked.body, "1.1.0").contains("data-visible=\"true\""));

    // Suspended: everything hidden, the status first.
    let c = r.services.customers();
    let t = cargoman::domain::customer::Transition::Suspend;
    c.transition(&r.ctx, "acme", t, Some("audit".into()))
        .await
        .unwrap();
    let view = ui.get(&format!("/customers/{id}/view")).await;
    assert!(
        view.body
            .contains("id=\"customer-status\" data-status=\"suspended\"")
    );
    let r110 = row(&view.body, "1.1.0");
    assert!(r110.contains("data-visible=\"false\""));
    assert!(r110.contains("customer is suspended"), "{r110}");
    // Unknown customers: not found.
    assert_eq!(ui.get("/customers/999999/view").await.status, 404);
    assert_eq!(ui.get("/customers/999999").await.status, 404);
}

async fn a_viewer_sees_no_forms_and_forged_posts_change_nothing(db: TestDb) {
    let r = registry(db).await;
    let id = customer(&r, "acme").await;
    grant(&r, "acme", "^1.0").await;
    r.token("acme").await;
    let (mut viewer, viewer_csrf) = signed_in(&r, "viewer").await;
    for path in [
        "/customers".to_string(),
        format!("/customers/{id}"),
        format!("/customers/{id}/view"),
    ] {
        let page = viewer.get(&path).await;
        status(&page, 200, &path);
        // The sign-out form is the only form that posts.
        assert_eq!(page.body.matches("method=\"post\"").count(), 1, "{path}");
        for write in [
            "add-customer",
            "lifecycle",
            "grant-form",
            "issue-token",
            "action-suspend",
            "grant-save",
            "rotate-",
            "revoke-",
            "data-revoke-grant",
        ] {
            assert!(
                !page.body.contains(write),
                "{path} shows {write} to a viewer"
            );
        }
    }
    // Viewers read: the page shows the grants, tokens and the view.
    let page = viewer.get(&format!("/customers/{id}")).await;
    assert!(page.body.contains("data-grant=\"acme/lib\""));
    assert!(page.body.contains("data-token-status=\"active\""));
    // The services refuse a viewer's post anyway.
    let refused = viewer
        .post(
            &format!("/customers/{id}/lifecycle"),
            &[
                ("_csrf", &viewer_csrf),
                ("action", "suspend"),
                ("reason", "x"),
            ],
        )
        .await;
    status(&refused, 403, "a viewer's post");
    assert!(
        refused.body.contains("permission denied"),
        "{}",
        refused.body
    );
    let c = r.services.customers().get(&r.ctx, "acme").await.unwrap();
    assert_eq!(c.status.as_str(), "active");

    // An admin's post without the anti-forgery token, with another session's, or from
    // another site: 403, nothing changed.
    let (mut admin, csrf) = signed_in(&r, "admin").await;
    let path = format!("/customers/{id}/lifecycle");
    let missing = admin
        .post(&path, &[("action", "suspend"), ("reason", "forged")])
        .await;
    status(&missing, 403, "no _csrf");
    let wrong = admin
        .post(
            &path,
            &[
                ("_csrf", &viewer_csrf),
                ("action", "suspend"),
                ("reason", "forged"),
            ],
        )
        .await;
    status(&wrong, 403, "another session's _csrf");
    let foreign = admin
        .post_from(
            &path,
            &[
                ("_csrf", &csrf),
                ("action", "suspend"),
                ("reason", "forged"),
            ],
            Some("https://evil.example"),
        )
        .await;
    status(&foreign, 403, "another site's form");
    let grant_forged = admin
        .post(
            &format!("/customers/{id}/grants"),
            &[("package", "acme/lib"), ("constraint", "*")],
        )
        .await;
    status(&grant_forged, 403, "a grant without _csrf");
    let add_forged = admin.post("/customers", &[("name", "forged")]).await;
    status(&add_forged, 403, "an add without _csrf");
    let token_forged = admin.post(&format!("/customers/{id}/tokens"), &[]).await;
    status(&token_forged, 403, "a token without _csrf");
    let c = r.services.customers().get(&r.ctx, "acme").await.unwrap();
    assert_eq!(c.status.as_str(), "active");
    assert_eq!(constraint_of(&r, "acme").await.as_deref(), Some("^1.0"));
    assert_eq!(
        r.services
            .customers()
            .list(&r.ctx, None)
            .await
            .unwrap()
            .len(),
        1
    );
    assert_eq!(
        r.services
            .tokens()
            .list(&r.ctx, "acme")
            .await
            .unwrap()
            .len(),
        1
    );

    // Without a session: to the sign-in page, coming back afterwards.
    let mut nobody = UiClient::new(&r.url);
    let away = nobody.get(&format!("/customers/{id}")).await;
    status(&away, 303, "no session");
    assert!(away.location().unwrap().starts_with("/login?next="));
    let fragment = nobody
        .get(&format!(
            "/customers/{id}/preview?package=acme/lib&constraint=*"
        ))
        .await;
    status(&fragment, 303, "the fragment needs a session too");
}

async fn another_tenants_customer_is_out_of_reach(db: TestDb) {
    let mut settings = db.settings();
    settings.tenant.mode = TenantMode::Multi;
    settings.tenant.subdomain_suffix = Some(".cargoman.localhost".into());
    let services = db.services_with(settings).await;
    let operator = db.ctx(&services).await;
    let (url, _stop, _handle) = crate::serve::start(services.clone()).await;
    let addr: SocketAddr = url.trim_start_matches("http://").parse().unwrap();
    let mut ctxs: Vec<Ctx> = Vec::new();
    for slug in ["acme", "globex"] {
        let t = NewTenant {
            slug: slug.into(),
            name: None,
            domains: vec![],
        };
        services.tenants().add(&operator, t).await.unwrap();
        let ctx = services
            .tenants()
            .context(Some(slug), Actor::cli())
            .await
            .unwrap();
        ctxs.push(ctx);
    }
    let (acme, globex) = (&ctxs[0], &ctxs[1]);
    let new = |name: &str| NewCustomer {
        name: name.into(),
        ..Default::default()
    };
    let mine = services
        .customers()
        .create(acme, new("shop"))
        .await
        .unwrap();
    let theirs = services
        .customers()
        .create(globex, new("shop"))
        .await
        .unwrap();
    let admin = services
        .admin_tokens()
        .issue(acme, "admin", Some("acme admin"))
        .await
        .unwrap()
        .plain_token;
    let host = "acme.cargoman.localhost";
    let mut ui = UiClient::with_resolve(&format!("http://{host}:{}", addr.port()), &[(host, addr)]);
    let csrf = ui.sign_in_dashboard(&admin).await;
    let own = ui.get(&format!("/customers/{}", mine.id)).await;
    status(&own, 200, "the own tenant's customer");
    let list = ui.get("/customers").await;
    assert_eq!(list.body.matches("data-customer=\"shop\"").count(), 1);
    assert!(
        list.body
            .contains(&format!("data-customer-id=\"{}\"", mine.id))
    );
    for path in [
        format!("/customers/{}", theirs.id),
        format!("/customers/{}/view", theirs.id),
    ] {
        let page = ui.get(&path).await;
        status(&page, 404, &path);
    }
    let fragment = ui
        .get(&format!(
            "/customers/{}/preview?package=a/b&constraint=*",
            theirs.id
        ))
        .await;
    assert!(!fragment.body.contains("data-version"));
    let suspend = ui
        .post(
            &format!("/customers/{}/lifecycle", theirs.id),
            &[
                ("_csrf", &csrf),
                ("action", "suspend"),
                ("reason", "cross-tenant"),
            ],
        )
        .await;
    assert_ne!(suspend.status, 303, "{}", suspend.body);
    let issue = ui
        .post(
            &format!("/customers/{}/tokens", theirs.id),
            &[("_csrf", &csrf), ("name", "cross")],
        )
        .await;
    assert_ne!(issue.status, 200, "{}", issue.body);
    let c = services.customers().get(globex, "shop").await.unwrap();
    assert_eq!(c.status.as_str(), "active");
    assert!(
        services
            .tokens()
            .list(globex, "shop")
            .await
            .unwrap()
            .is_empty()
    );
}
