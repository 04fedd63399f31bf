//! "View as customer" and grant-change previews on both databases: every reason a
//! version is hidden, what a new constraint makes appear or disappear, the REST and
//! GraphQL answers and their errors, tenants kept apart, and — the point of it all —
//! that what the view calls visible is exactly what the Composer endpoints serve.

use std::collections::BTreeSet;

use cargoman::domain::customer::Transition;
use cargoman::service::ServiceError;
use cargoman::service::packages::VersionFlag;
use cargoman::service::preview::{CustomerView, GrantPreview};
use cargoman::service::tokens::TokenRequest;
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::db_tests;
use crate::support::TestDb;
use crate::support::registry::Registry;

db_tests!(
    every_hidden_reason_is_named,
    narrowing_and_widening_show_what_appears_and_disappears,
    rest_answers_and_refuses,
    graphql_answers_and_refuses,
    another_tenants_customer_is_not_found,
    the_view_is_exactly_what_composer_serves,
);

const TAGS: &[&str] = &["1.0.0", "1.1.0", "2.0.0"];

/// The registry with `acme/lib` (tags 1.0.0, 1.1.0, 2.0.0 and dev-main) and customer
/// `acme` granted `constraint`; answers acme's token.
async fn registry(db: TestDb, constraint: &str) -> (Registry, String) {
    let r = Registry::start(db, TAGS).await;
    r.add_package().await;
    let token = r.customer("acme", Some(constraint)).await;
    (r, token)
}

async fn view(r: &Registry, customer: &str, token: Option<i64>) -> CustomerView {
    let p = r.services.preview();
    let v = p.customer_view(&r.ctx, customer, token).await;
    v.expect("customer view")
}

async fn preview(r: &Registry, customer: &str, constraint: &str) -> GrantPreview {
    let p = r.services.preview();
    let v = p.preview_grant(&r.ctx, customer, "acme/lib", constraint, None);
    v.await.expect("grant preview")
}

/// version → reasons (snake_case, as serialized) of the view's only package.
fn reasons(v: &CustomerView) -> Vec<(String, Vec<String>)> {
    assert_eq!(v.packages.len(), 1, "{v:?}");
    let doc = serde_json::to_value(&v.packages[0]).unwrap();
    doc["versions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| {
            let names = x["reasons"].as_array().unwrap().iter();
            let names = names.map(|n| n.as_str().unwrap().to_string()).collect();
            (x["version"].as_str().unwrap().to_string(), names)
        })
        .collect()
}

fn expect(rows: &[(&str, &[&str])]) -> Vec<(String, Vec<String>)> {
    rows.iter()
        .map(|(v, rs)| (v.to_string(), rs.iter().map(|r| r.to_string()).collect()))
        .collect()
}

async fn yank(r: &Registry, version: &str) {
    let p = r.services.packages();
    p.flag_version(&r.ctx, "acme/lib", version, VersionFlag::Yank)
        .await
        .unwrap();
}

async fn transition(r: &Registry, customer: &str, t: Transition) {
    let c = r.services.customers();
    c.transition(&r.ctx, customer, t, Some("invoice 7".into()))
        .await
        .unwrap();
}

async fn token_with_globs(r: &Registry, customer: &str, globs: &[&str]) -> (i64, String) {
    let req = TokenRequest {
        customer: customer.into(),
        package_globs: globs.iter().map(|g| g.to_string()).collect(),
        ..Default::default()
    };
    let issued = r.services.tokens().issue(&r.ctx, req).await.unwrap();
    (issued.token.id, issued.plain_token)
}

async fn every_hidden_reason_is_named(db: TestDb) {
    let (r, _) = registry(db, "^1.0").await;
    yank(&r, "1.0.0").await;
    let v = view(&r, "acme", None).await;
    assert_eq!(v.status.as_str(), "active");
    assert_eq!(v.packages[0].constraint, "^1.0");
    assert_eq!(v.packages[0].visible, 1);
    // Newest first, as the Composer files list them (tags, then the branch).
    assert_eq!(
        reasons(&v),
        expect(&[
            ("2.0.0", &["outside_constraint"]),
            ("1.1.0", &[]),
            ("1.0.0", &["yanked"]),
            ("dev-main", &["branch_not_matched"]),
        ])
    );
    // The same customer by id.
    assert_eq!(
        view(&r, &v.customer_id.to_string(), None).await.customer,
        "acme"
    );

    // A token whose globs leave the package out: that comes before the version's own.
    let (globbed, _) = token_with_globs(&r, "acme", &["other/*"]).await;
    let v = view(&r, "acme", Some(globbed)).await;
    assert_eq!(v.token_id, Some(globbed));
    assert_eq!(
        reasons(&v),
        expect(&[
            ("2.0.0", &["token_glob", "outside_constraint"]),
            ("1.1.0", &["token_glob"]),
            ("1.0.0", &["token_glob", "yanked"]),
            ("dev-main", &["token_glob", "branch_not_matched"]),
        ])
    );
    let (matching, _) = token_with_globs(&r, "acme", &["acme/*"]).await;
    assert_eq!(
        view(&r, "acme", Some(matching)).await.packages[0].visible,
        1
    );

    // Suspended: nothing visible, the status first, with the reason the customer got.
    transition(&r, "acme", Transition::Suspend).await;
    let v = view(&r, "acme", None).await;
    assert_eq!(v.status.as_str(), "suspended");
    assert_eq!(v.status_reason.as_deref(), Some("invoice 7"));
    assert_eq!(v.packages[0].visible, 0);
    assert_eq!(
        reasons(&v),
        expect(&[
            ("2.0.0", &["customer_status", "outside_constraint"]),
            ("1.1.0", &["customer_status"]),
            ("1.0.0", &["customer_status", "yanked"]),
            ("dev-main", &["customer_status", "branch_not_matched"]),
        ])
    );

    // Frozen at 1.1.0: exactly that version, whatever the constraint says.
    transition(&r, "acme", Transition::Reactivate).await;
    let pin = [("acme/lib".to_string(), "1.1.0".to_string())];
    r.services
        .grants()
        .freeze(&r.ctx, "acme", &pin, None)
        .await
        .unwrap();
    let v = view(&r, "acme", None).await;
    assert_eq!(v.status.as_str(), "frozen");
    assert_eq!(
        reasons(&v),
        expect(&[
            ("2.0.0", &["frozen"]),
            ("1.1.0", &[]),
            ("1.0.0", &["yanked", "frozen"]),
            ("dev-main", &["frozen"]),
        ])
    );

    // A token of another customer, and one not in this tenant, are refused.
    r.customer("beta", None).await;
    let (other, _) = token_with_globs(&r, "beta", &[]).await;
    let p = r.services.preview();
    let e = p
        .customer_view(&r.ctx, "acme", Some(other))
        .await
        .unwrap_err();
    assert_eq!(e.field_name(), Some("token_id"), "{e}");
    let e = p.customer_view(&r.ctx, "acme", Some(999_999)).await;
    assert!(matches!(e, Err(ServiceError::NotFound(_))), "{e:?}");
}

async fn narrowing_and_widening_show_what_appears_and_disappears(db: TestDb) {
    let (r, _) = registry(db, "^1.0").await;
    let changes = |p: &GrantPreview| -> Vec<(String, String)> {
        let doc = serde_json::to_value(p).unwrap();
        let versions = doc["versions"].as_array().unwrap().iter();
        versions
            .map(|v| {
                let version = v["version"].as_str().unwrap().to_string();
                (version, v["change"].as_str().unwrap().to_string())
            })
            .collect()
    };
    let pairs = |rows: &[(&str, &str)]| -> Vec<(String, String)> {
        rows.iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect()
    };

    // ^1.0 → ^2.0: the 1.x tags go, 2.0.0 comes.
    let p = preview(&r, "acme", " ^2.0 ").await;
    assert_eq!(p.current_constraint.as_deref(), Some("^1.0"));
    assert_eq!(
        p.proposed_constraint, "^2.0",
        "trimmed, as it would be stored"
    );
    assert_eq!((p.appearing, p.disappearing), (1, 2));
    assert_eq!((p.visible_now, p.visible_after), (2, 1));
    assert_eq!(
        changes(&p),
        pairs(&[
            ("2.0.0", "appears"),
            ("1.1.0", "disappears"),
            ("1.0.0", "disappears"),
            ("dev-main", "unchanged"),
        ])
    );
    let after = serde_json::to_value(&p.versions[1]).unwrap();
    assert_eq!(after["reasons"], json!(["outside_constraint"]));

    // Widening to `*` brings the branch and 2.0.0; a yanked version stays hidden.
    yank(&r, "1.0.0").await;
    let p = preview(&r, "acme", "*").await;
    assert_eq!(
        changes(&p),
        pairs(&[
            ("2.0.0", "appears"),
            ("1.1.0", "unchanged"),
            ("1.0.0", "unchanged"),
            ("dev-main", "appears"),
        ])
    );
    let yanked = serde_json::to_value(&p.versions[2]).unwrap();
    assert_eq!(yanked["reasons"], json!(["yanked"]));
    assert_eq!(yanked["visible_after"], false);

    // What the preview promises is what the grant then gives.
    let promised: Vec<bool> = preview(&r, "acme", "~1.1 || dev-main")
        .await
        .versions
        .iter()
        .map(|v| v.visible_after)
        .collect();
    r.services
        .grants()
        .grant(&r.ctx, "acme", "acme/lib", Some("~1.1 || dev-main"))
        .await
        .unwrap();
    let given: Vec<bool> = view(&r, "acme", None).await.packages[0]
        .versions
        .iter()
        .map(|v| v.visible)
        .collect();
    assert_eq!(promised, given);
    assert_eq!(given, [false, true, false, true]);

    // Not granted yet: nothing visible now.
    r.customer("beta", None).await;
    let p = preview(&r, "beta", "^1.0").await;
    assert_eq!(p.current_constraint, None);
    assert_eq!((p.visible_now, p.appearing, p.visible_after), (0, 1, 1));
    assert!(view(&r, "beta", None).await.packages.is_empty());

    // Frozen: a new constraint changes nothing while frozen.
    let pin = [("acme/lib".to_string(), "1.1.0".to_string())];
    let grants = r.services.grants();
    grants.freeze(&r.ctx, "acme", &pin, None).await.unwrap();
    let p = preview(&r, "acme", "^2.0").await;
    assert_eq!((p.appearing, p.disappearing), (0, 0));
    assert_eq!((p.visible_now, p.visible_after), (1, 1));
    let two = serde_json::to_value(&p.versions[0]).unwrap();
    assert_eq!(two["version"], "2.0.0");
    assert_eq!(two["reasons"], json!(["frozen"]));

    // An invalid constraint is refused as granting refuses it.
    let refused = grants.grant(&r.ctx, "acme", "acme/lib", Some("^^1")).await;
    let refused = refused.unwrap_err();
    let p = r.services.preview();
    let e = p
        .preview_grant(&r.ctx, "acme", "acme/lib", "^^1", None)
        .await;
    let e = e.unwrap_err();
    assert_eq!(e.field_name(), Some("constraint"));
    assert_eq!(e.to_string(), refused.to_string());
    let e = p
        .preview_grant(&r.ctx, "acme", "acme/none", "*", None)
        .await;
    assert!(matches!(e, Err(ServiceError::NotFound(_))), "{e:?}");
    let e = p
        .preview_grant(&r.ctx, "nobody", "acme/lib", "*", None)
        .await;
    assert!(matches!(e, Err(ServiceError::NotFound(_))), "{e:?}");
}

/// Admin tokens of the viewer and admin levels.
async fn keys(r: &Registry) -> (String, String) {
    let issue = |level: &'static str| async move {
        let a = r.services.admin_tokens();
        let t = a.issue(&r.ctx, level, Some(level)).await;
        t.unwrap().plain_token
    };
    (issue("viewer").await, issue("admin").await)
}

async fn get(
    r: &Registry,
    path: &str,
    query: &[(&str, &str)],
    bearer: Option<&str>,
) -> (StatusCode, Value) {
    let mut req = reqwest::Client::new()
        .get(format!("{}/api/v1{path}", r.url))
        .query(query);
    if let Some(t) = bearer {
        req = req.bearer_auth(t);
    }
    let resp = req.send().await.unwrap();
    let status = resp.status();
    let text = resp.text().await.unwrap();
    let body = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{path}: {e}: {text}"));
    (status, body)
}

async fn rest_answers_and_refuses(db: TestDb) {
    let (r, _) = registry(db, "^1.0").await;
    let (viewer, admin) = keys(&r).await;
    let preview = "/customers/acme/packages/acme/lib/preview";

    // Viewers may look; the answer is the service's, in snake_case.
    let (status, body) = get(&r, "/customers/acme/view", &[], Some(&viewer)).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["customer"], "acme");
    assert_eq!(body["status"], "active");
    let v = &body["packages"][0];
    assert_eq!(v["package"], "acme/lib");
    assert_eq!(v["versions"][3]["version"], "dev-main");
    assert_eq!(v["versions"][3]["reasons"], json!(["branch_not_matched"]));
    assert_eq!(v["versions"][1]["visible"], true);
    let (status, body) = get(&r, preview, &[("constraint", "^2.0")], Some(&viewer)).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["current_constraint"], "^1.0");
    assert_eq!(body["proposed_constraint"], "^2.0");
    assert_eq!(
        (body["appearing"].as_u64(), body["disappearing"].as_u64()),
        (Some(1), Some(2))
    );
    assert_eq!(body["versions"][0]["change"], "appears");
    let (globbed, _) = token_with_globs(&r, "acme", &["other/*"]).await;
    let q = [
        ("constraint", "*"),
        ("token_id", &globbed.to_string() as &str),
    ];
    let (status, body) = get(&r, preview, &q, Some(&admin)).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["token_id"], globbed);
    assert_eq!(body["versions"][1]["reasons"], json!(["token_glob"]));

    // Refusals: a missing or invalid constraint names the field; unknown names are 404;
    // no credential is 401.
    for q in [
        &[][..],
        &[("constraint", "^^1")][..],
        &[("constraint", "")][..],
    ] {
        let (status, body) = get(&r, preview, q, Some(&admin)).await;
        assert_eq!(status, 400, "{q:?}: {body}");
        assert_eq!(body["code"], "VALIDATION_ERROR", "{body}");
        assert_eq!(body["field"], "constraint", "{body}");
    }
    let q = [("constraint", "*")];
    for path in [
        "/customers/nobody/packages/acme/lib/preview",
        "/customers/acme/packages/acme/none/preview",
    ] {
        let (status, body) = get(&r, path, &q, Some(&admin)).await;
        assert_eq!(
            (status, body["code"].as_str()),
            (StatusCode::NOT_FOUND, Some("NOT_FOUND")),
            "{path}: {body}"
        );
    }
    let (status, _) = get(&r, "/customers/nobody/view", &[], Some(&admin)).await;
    assert_eq!(status, 404);
    let (status, body) = get(
        &r,
        "/customers/acme/view",
        &[("token_id", "abc")],
        Some(&admin),
    )
    .await;
    assert_eq!(status, 400, "{body}");
    assert_eq!(body["field"], "token_id", "{body}");
    for path in ["/customers/acme/view", preview] {
        let (status, body) = get(&r, path, &q, None).await;
        assert_eq!(status, 401, "{path}");
        assert_eq!(body["code"], "UNAUTHORIZED");
        let (status, _) = get(&r, path, &q, Some("adm_not_a_real_token")).await;
        assert_eq!(status, 401, "{path}");
    }
}

async fn graphql(
    r: &Registry,
    bearer: Option<&str>,
    query: &str,
    variables: Value,
) -> (u16, Value) {
    let mut req = reqwest::Client::new()
        .post(format!("{}/graphql", r.url))
        .json(&json!({"query": query, "variables": variables}));
    if let Some(t) = bearer {
        req = req.bearer_auth(t);
    }
    let resp = req.send().await.unwrap();
    let status = resp.status().as_u16();
    (status, resp.json().await.unwrap())
}

const VIEW: &str = "query($c: ID!, $t: ID) { customerView(customerId: $c, tokenId: $t) {
    customer status tokenId packages { package constraint visible
      versions { version versionNormalized dev visible reasons } } } }";
const PREVIEW: &str = "query($c: ID!, $k: String!, $t: ID) {
    grantPreview(customerId: $c, package: \"acme/lib\", constraint: $k, tokenId: $t) {
      currentConstraint proposedConstraint appearing disappearing visibleNow visibleAfter
      versions { version visibleNow visibleAfter change reasons } } }";

async fn graphql_answers_and_refuses(db: TestDb) {
    let (r, _) = registry(db, "^1.0").await;
    let (viewer, _) = keys(&r).await;
    let id = view(&r, "acme", None).await.customer_id.to_string();

    let (status, body) = graphql(&r, Some(&viewer), VIEW, json!({"c": id})).await;
    assert_eq!(status, 200, "{body}");
    assert!(body.get("errors").is_none(), "{body}");
    let v = &body["data"]["customerView"];
    assert_eq!(v["status"], "ACTIVE");
    assert_eq!(v["tokenId"], Value::Null);
    let versions = &v["packages"][0]["versions"];
    assert_eq!(versions[3]["version"], "dev-main");
    assert_eq!(versions[3]["dev"], true);
    assert_eq!(versions[3]["reasons"], json!(["BRANCH_NOT_MATCHED"]));
    assert_eq!(versions[0]["reasons"], json!(["OUTSIDE_CONSTRAINT"]));
    assert_eq!(versions[1]["visible"], true);

    let (globbed, _) = token_with_globs(&r, "acme", &["other/*"]).await;
    let vars = json!({"c": id, "k": "^2.0", "t": globbed.to_string()});
    let (status, body) = graphql(&r, Some(&viewer), PREVIEW, vars).await;
    assert_eq!(status, 200, "{body}");
    let p = &body["data"]["grantPreview"];
    assert_eq!(p["currentConstraint"], "^1.0");
    assert_eq!(p["proposedConstraint"], "^2.0");
    // Through a token that may not see the package, nothing is visible either way.
    assert_eq!(
        (p["visibleNow"].as_u64(), p["visibleAfter"].as_u64()),
        (Some(0), Some(0))
    );
    assert_eq!(p["versions"][0]["change"], "UNCHANGED");
    assert_eq!(p["versions"][0]["reasons"], json!(["TOKEN_GLOB"]));
    let vars = json!({"c": id, "k": "^2.0"});
    let (_, body) = graphql(&r, Some(&viewer), PREVIEW, vars).await;
    let p = &body["data"]["grantPreview"];
    assert_eq!(
        (p["appearing"].as_u64(), p["disappearing"].as_u64()),
        (Some(1), Some(2))
    );
    assert_eq!(p["versions"][0]["change"], "APPEARS");

    // Errors carry the service's code and the argument at fault.
    for (query, vars, code, field) in [
        (
            PREVIEW,
            json!({"c": id, "k": "^^1"}),
            "VALIDATION_ERROR",
            Some("constraint"),
        ),
        (PREVIEW, json!({"c": "999999", "k": "*"}), "NOT_FOUND", None),
        (
            VIEW,
            json!({"c": "acme"}),
            "VALIDATION_ERROR",
            Some("customerId"),
        ),
        (VIEW, json!({"c": id, "t": "999999"}), "NOT_FOUND", None),
    ] {
        let (status, body) = graphql(&r, Some(&viewer), query, vars).await;
        assert_eq!(status, 200, "{body}");
        let ext = &body["errors"][0]["extensions"];
        assert_eq!(ext["code"], code, "{body}");
        assert_eq!(ext["field"].as_str(), field, "{body}");
    }
    let (status, _) = graphql(&r, None, VIEW, json!({"c": id})).await;
    assert_eq!(status, 401);
}

async fn another_tenants_customer_is_not_found(db: TestDb) {
    let (r, _) = registry(db, "*").await;
    let id = view(&r, "acme", None).await.customer_id.to_string();
    let input = cargoman::service::tenants::NewTenant {
        slug: "globex".into(),
        name: None,
        domains: Vec::new(),
    };
    r.services.tenants().add(&r.ctx, input).await.unwrap();
    let other = r
        .services
        .tenants()
        .context(Some("globex"), r.ctx.actor.clone())
        .await
        .unwrap();
    let p = r.services.preview();
    for customer in ["acme", id.as_str()] {
        let e = p.customer_view(&other, customer, None).await;
        assert!(matches!(e, Err(ServiceError::NotFound(_))), "{e:?}");
        let e = p
            .preview_grant(&other, customer, "acme/lib", "*", None)
            .await;
        assert!(matches!(e, Err(ServiceError::NotFound(_))), "{e:?}");
    }
}

/// The versions `/p2/acme/lib.json` and its `~dev` file list for `token` (none when
/// refused).
async fn served(r: &Registry, token: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for path in ["/p2/acme/lib.json", "/p2/acme/lib~dev.json"] {
        let resp = r.get(path, Some(token)).await;
        if resp.status() == 403 {
            continue;
        }
        assert_eq!(resp.status(), 200, "{path}");
        let doc: Value = resp.json().await.unwrap();
        for v in doc["packages"]["acme/lib"].as_array().unwrap() {
            out.insert(v["version"].as_str().unwrap().to_string());
        }
    }
    out
}

async fn shown(r: &Registry, token_id: Option<i64>) -> BTreeSet<String> {
    let v = view(r, "acme", token_id).await;
    let versions = v.packages.iter().flat_map(|p| p.versions.iter());
    versions
        .filter(|v| v.visible)
        .map(|v| v.version.clone())
        .collect()
}

async fn the_view_is_exactly_what_composer_serves(db: TestDb) {
    let (r, token) = registry(db, "^1.0").await;
    let (globbed_id, globbed) = token_with_globs(&r, "acme", &["other/*"]).await;
    let token_id = r.services.tokens().list(&r.ctx, "acme").await.unwrap();
    let token_id = token_id.iter().map(|t| t.id).min().unwrap();
    let grant = |c: &'static str| {
        let r = &r;
        async move {
            let g = r.services.grants();
            g.grant(&r.ctx, "acme", "acme/lib", Some(c)).await.unwrap();
        }
    };
    let check = |step: &'static str| {
        let (r, token, globbed) = (&r, &token, &globbed);
        async move {
            let shown_any = shown(r, None).await;
            assert_eq!(shown(r, Some(token_id)).await, shown_any, "{step}");
            assert_eq!(
                served(r, token).await,
                shown_any,
                "{step}: the customer's token"
            );
            let globbed_view = shown(r, Some(globbed_id)).await;
            assert_eq!(
                served(r, globbed).await,
                globbed_view,
                "{step}: a globbed token"
            );
            assert!(globbed_view.is_empty(), "{step}");
            shown_any
        }
    };
    let first = check("^1.0").await;
    assert_eq!(first, ["1.0.0", "1.1.0"].map(String::from).into());
    yank(&r, "1.1.0").await;
    check("^1.0 with 1.1.0 yanked").await;
    grant("*").await;
    let all = check("*").await;
    assert!(all.contains("dev-main") && all.contains("2.0.0"), "{all:?}");
    grant("dev-main || >=2").await;
    check("dev-main || >=2").await;
    grant("1.0.0").await;
    check("an exact version").await;
    transition(&r, "acme", Transition::Suspend).await;
    assert!(check("suspended").await.is_empty());
    let pin = [("acme/lib".to_string(), "2.0.0".to_string())];
    let grants = r.services.grants();
    grants.freeze(&r.ctx, "acme", &pin, None).await.unwrap();
    assert_eq!(check("frozen").await, ["2.0.0".to_string()].into());
    transition(&r, "acme", Transition::Reactivate).await;
    check("reactivated").await;
}
