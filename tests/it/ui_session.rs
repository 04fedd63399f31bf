//! Signing in to the web UI (product.md section 10): sessions in HttpOnly, SameSite=Strict
//! cookies that end on sign-out, on expiry and when their credential is revoked; forms
//! refused without the session's anti-forgery token or from another origin; a customer
//! token never opens the dashboard and an admin token never the portal.

use cargoman::service::customers::NewCustomer;
use cargoman::service::tokens::TokenRequest;
use cargoman::service::{Ctx, Services};
use sea_orm::{ConnectionTrait, Statement};

use crate::db_tests;
use crate::support::TestDb;
use crate::support::ui::UiClient;

db_tests!(
    sign_in_and_out_of_the_dashboard,
    forged_and_foreign_forms_change_nothing,
    sessions_end_with_expiry_and_revocation,
    each_kind_of_token_opens_only_its_own_door,
    assets_and_headers,
);

struct Ui {
    services: Services,
    ctx: Ctx,
    url: String,
    owner: String,
    viewer: String,
    customer_token: String,
    _stop: tokio::sync::oneshot::Sender<()>,
}

async fn start(db: &TestDb) -> Ui {
    let services = db.services().await;
    let ctx = db.ctx(&services).await;
    let owner = services
        .admin_tokens()
        .issue(&ctx, "owner", Some("owner"))
        .await
        .unwrap()
        .plain_token;
    let viewer = services
        .admin_tokens()
        .issue(&ctx, "viewer", Some("viewer"))
        .await
        .unwrap()
        .plain_token;
    let customer = NewCustomer {
        name: "shop".into(),
        ..Default::default()
    };
    services.customers().create(&ctx, customer).await.unwrap();
    let request = TokenRequest {
        customer: "shop".into(),
        ..Default::default()
    };
    let customer_token = services
        .tokens()
        .issue(&ctx, request)
        .await
        .unwrap()
        .plain_token;
    let (url, stop, _handle) = crate::serve::start(services.clone()).await;
    Ui {
        services,
        ctx,
        url,
        owner,
        viewer,
        customer_token,
        _stop: stop,
    }
}

async fn sign_in_and_out_of_the_dashboard(db: TestDb) {
    let ui = start(&db).await;
    let mut c = UiClient::new(&ui.url);
    // Signed out: every dashboard page sends the browser to the sign-in form, and back.
    let home = c.get("/customers?status=active").await;
    assert_eq!(home.status, 303);
    assert_eq!(
        home.location(),
        Some("/login?next=%2Fcustomers%3Fstatus%3Dactive")
    );
    // A wrong token: the form again, with a message, and no session.
    let bad = c.sign_in("/login", "cma_not-a-real-token").await;
    assert_eq!(bad.status, 401);
    assert!(bad.body.contains("not a valid admin token"), "{}", bad.body);
    assert!(!c.cookies.contains_key("cargoman_session"));
    // The right one: a session cookie the page's script cannot read.
    let form = c.get("/login?next=%2Fcustomers").await;
    let nonce = form.input("_login").unwrap();
    assert_eq!(form.input("next").as_deref(), Some("/customers"));
    let ok = c
        .post(
            "/login",
            &[
                ("_login", &nonce),
                ("token", &ui.owner),
                ("next", "/customers"),
            ],
        )
        .await;
    assert_eq!(ok.status, 303, "{}", ok.body);
    assert_eq!(ok.location(), Some("/customers"));
    let cookie = c
        .set_cookies
        .iter()
        .find(|s| s.starts_with("cargoman_session=") && !s.contains("Max-Age=0"))
        .expect("a session cookie")
        .clone();
    for attr in ["HttpOnly", "SameSite=Strict", "Path=/", "Max-Age=28"] {
        assert!(cookie.contains(attr), "{attr} in {cookie}");
    }
    let first = c.cookies["cargoman_session"].clone();
    // The database keeps the session's hash only.
    let rows = ui
        .services
        .db()
        .query_all(Statement::from_string(
            ui.services.db().get_database_backend(),
            "SELECT secret_hash, credential_hash FROM ui_sessions",
        ))
        .await
        .unwrap();
    assert_eq!(rows.len(), 1);
    let stored: String = rows[0].try_get("", "secret_hash").unwrap();
    assert_ne!(stored, first);
    let home = c.get("/").await;
    assert_eq!(home.status, 200);
    assert!(home.body.contains("Overview"));
    // Where a sign-in may lead: this dashboard's own pages only.
    for next in [
        "//evil.example/",
        "https://evil.example/",
        "/portal",
        "\\\\evil",
    ] {
        let form = c.get("/login").await;
        let nonce = form.input("_login").unwrap();
        let r = c
            .post(
                "/login",
                &[("_login", &nonce), ("token", &ui.owner), ("next", next)],
            )
            .await;
        assert_eq!(r.location(), Some("/"), "next={next}");
    }
    // Signing in again replaced the session rather than adding one.
    let mut replay = UiClient::new(&ui.url);
    replay.cookies.insert("cargoman_session".into(), first);
    assert_eq!(
        replay.get("/").await.status,
        303,
        "the replaced session is gone"
    );
    let secret = c.cookies["cargoman_session"].clone();
    // Sign out: the cookie is dropped and the session is gone for good.
    let csrf = c.get("/").await.csrf();
    let out = c.post("/logout", &[("_csrf", &csrf)]).await;
    assert_eq!(out.status, 303);
    assert_eq!(out.location(), Some("/login"));
    assert!(!c.cookies.contains_key("cargoman_session"));
    let mut replay = UiClient::new(&ui.url);
    replay.cookies.insert("cargoman_session".into(), secret);
    assert_eq!(
        replay.get("/").await.status,
        303,
        "a signed-out session stays out"
    );
}

async fn forged_and_foreign_forms_change_nothing(db: TestDb) {
    let ui = start(&db).await;
    let mut c = UiClient::new(&ui.url);
    let csrf = c.sign_in_dashboard(&ui.owner).await;
    // No token, a wrong one, another session's: 403 and still signed in.
    let mut other = UiClient::new(&ui.url);
    let other_csrf = other.sign_in_dashboard(&ui.owner).await;
    assert_ne!(csrf, other_csrf);
    for fields in [
        vec![],
        vec![("_csrf", "0000")],
        vec![("_csrf", other_csrf.as_str())],
    ] {
        let r = c.post("/logout", &fields).await;
        assert_eq!(r.status, 403, "{fields:?}");
        assert!(r.body.contains("did not come from a page of your session"));
        assert_eq!(c.get("/").await.status, 200, "still signed in");
    }
    // The right token from another origin: refused too.
    let r = c
        .post_from("/logout", &[("_csrf", &csrf)], Some("https://evil.example"))
        .await;
    assert_eq!(r.status, 403);
    assert_eq!(c.get("/").await.status, 200);
    // A sign-in form posted without the nonce its page set (login forgery): refused.
    let mut fresh = UiClient::new(&ui.url);
    let r = fresh
        .post("/login", &[("token", &ui.owner), ("next", "/")])
        .await;
    assert_eq!(r.status, 403);
    assert!(!fresh.cookies.contains_key("cargoman_session"));
    // Without an Origin header (older clients) the token alone is enough.
    let r = c.post_from("/logout", &[("_csrf", &csrf)], None).await;
    assert_eq!(r.status, 303);
}

async fn sessions_end_with_expiry_and_revocation(db: TestDb) {
    let ui = start(&db).await;
    // Expiry: the row says so, the browser goes back to the sign-in page.
    let mut c = UiClient::new(&ui.url);
    c.sign_in_dashboard(&ui.owner).await;
    let db_conn = ui.services.db();
    db_conn
        .execute(Statement::from_string(
            db_conn.get_database_backend(),
            "UPDATE ui_sessions SET expires_at = '2000-01-01 00:00:00+00:00'",
        ))
        .await
        .unwrap();
    let r = c.get("/").await;
    assert_eq!(r.status, 303);
    assert_eq!(r.location(), Some("/login?next=%2F"));
    assert!(
        !c.cookies.contains_key("cargoman_session"),
        "the stale cookie is dropped"
    );
    assert!(ui.services.sessions().purge_expired().await.unwrap() >= 1);
    // Revoking the admin token ends its sessions at once.
    let issued = ui
        .services
        .admin_tokens()
        .issue(&ui.ctx, "admin", Some("temp"))
        .await
        .unwrap();
    let mut c = UiClient::new(&ui.url);
    c.sign_in_dashboard(&issued.plain_token).await;
    ui.services
        .admin_tokens()
        .revoke(&ui.ctx, issued.token.id)
        .await
        .unwrap();
    assert_eq!(c.get("/").await.status, 303);
    // Revoking a customer's token ends their portal session.
    let mut p = UiClient::new(&ui.url);
    p.sign_in_portal(&ui.customer_token).await;
    let tokens = ui.services.tokens().list(&ui.ctx, "shop").await.unwrap();
    ui.services
        .tokens()
        .revoke(&ui.ctx, tokens[0].id)
        .await
        .unwrap();
    let r = p.get("/portal").await;
    assert_eq!(r.status, 303);
    assert_eq!(r.location(), Some("/portal/login?next=%2Fportal"));
}

async fn each_kind_of_token_opens_only_its_own_door(db: TestDb) {
    let ui = start(&db).await;
    let mut c = UiClient::new(&ui.url);
    let r = c.sign_in("/login", &ui.customer_token).await;
    assert_eq!(r.status, 401);
    assert!(r.body.contains("This is a customer token"), "{}", r.body);
    assert!(!c.cookies.contains_key("cargoman_session"));
    let r = c.sign_in("/portal/login", &ui.owner).await;
    assert_eq!(r.status, 401);
    assert!(r.body.contains("This is an admin token"), "{}", r.body);
    assert!(!c.cookies.contains_key("cargoman_portal"));
    // A portal session is no dashboard session, and the other way round.
    c.sign_in_portal(&ui.customer_token).await;
    assert_eq!(c.get("/").await.status, 303);
    let mut a = UiClient::new(&ui.url);
    a.sign_in_dashboard(&ui.owner).await;
    assert_eq!(a.get("/portal").await.status, 303);
    // A cookie of one kind presented as the other is worth nothing.
    let mut swapped = UiClient::new(&ui.url);
    swapped.cookies.insert(
        "cargoman_portal".into(),
        a.cookies["cargoman_session"].clone(),
    );
    assert_eq!(swapped.get("/portal").await.status, 303);
    // A viewer signs in and reads, with no write action on the page.
    let mut v = UiClient::new(&ui.url);
    v.sign_in_dashboard(&ui.viewer).await;
    let home = v.get("/").await;
    assert!(home.body.contains("viewer"));
    assert_eq!(
        home.body.matches("<form").count(),
        1,
        "only the sign-out form: {}",
        home.body
    );
}

async fn assets_and_headers(db: TestDb) {
    let ui = start(&db).await;
    let mut c = UiClient::new(&ui.url);
    let login = c.get("/login").await;
    for (name, want) in [
        ("x-frame-options", "DENY"),
        ("x-content-type-options", "nosniff"),
        ("cache-control", "no-store"),
    ] {
        assert_eq!(login.headers[name], want, "{name}");
    }
    let csp = login.headers["content-security-policy"].to_str().unwrap();
    assert!(csp.contains("script-src 'self'") && csp.contains("frame-ancestors 'none'"));
    let css_href = login
        .body
        .split("href=\"")
        .find(|s| s.starts_with("/assets/app.css"))
        .and_then(|s| s.split('"').next())
        .expect("the stylesheet link")
        .to_string();
    let css = c.get(&css_href).await;
    assert_eq!(css.status, 200);
    assert!(
        css.headers["cache-control"]
            .to_str()
            .unwrap()
            .contains("immutable")
    );
    assert!(css.body.contains("--accent"));
    let etag = css.headers["etag"].to_str().unwrap().to_string();
    let again = reqwest::Client::new()
        .get(format!("{}{css_href}", ui.url))
        .header("if-none-match", etag)
        .send()
        .await
        .unwrap();
    assert_eq!(again.status(), 304);
    assert_eq!(c.get("/assets/app.js").await.status, 200);
    assert_eq!(c.get("/assets/nothing.js").await.status, 404);
}
