//! `cargoman customer …` through the real binary, on both databases.

use serde_json::Value;

use crate::db_tests;
use crate::support::TestDb;

db_tests!(
    add_list_show_update_delete,
    bad_input_is_refused_and_changes_nothing,
    lifecycle_is_enforced_and_audited,
    expiry_by_date_takes_effect_by_itself,
    grants_upsert_revoke_and_validate,
    freeze_at_explicit_versions_and_reactivate,
    customer_may_be_given_by_id_or_name,
    proxy_access_is_set_shown_audited_and_logged_as_a_change,
);

async fn add_list_show_update_delete(db: TestDb) {
    let c = db.json(&[
        "customer",
        "add",
        "acme",
        "--email",
        "ops@acme.test",
        "--external-id",
        "cus_1",
    ]);
    assert_eq!(c["name"], "acme");
    assert_eq!(c["status"], "active");
    let id = c["id"].as_i64().unwrap();
    db.json(&["customer", "create", "beta"]);

    let list = db.json(&["customer", "list"]);
    let names: Vec<_> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["acme", "beta"]);

    let shown = db.json(&["customer", "show", "acme"]);
    assert_eq!(shown["customer"]["id"].as_i64(), Some(id));
    assert_eq!(shown["customer"]["external_id"], "cus_1");

    let updated = db.json(&[
        "customer",
        "update",
        "acme",
        "--email",
        "",
        "--name",
        "acme-corp",
        "--expires-at",
        "2099-12-31",
    ]);
    assert_eq!(updated["name"], "acme-corp");
    assert_eq!(updated["email"], Value::Null);
    assert_eq!(updated["expires_at"], "2100-01-01T00:00:00Z");

    // Human output is a table with the names.
    let text = db.run(&["customer", "list"]).ok().stdout;
    assert!(
        text.contains("acme-corp") && text.contains("beta"),
        "{text}"
    );

    // Deleting needs --yes without a terminal.
    db.run(&["customer", "delete", "beta"])
        .fails_with(2, "--yes");
    db.json(&["customer", "delete", "beta", "--yes"]);
    db.run(&["customer", "show", "beta"])
        .fails_with(1, "not found");

    let audit = db.json(&["audit", "list"]);
    let actions: Vec<_> = audit
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["action"].as_str().unwrap())
        .collect();
    assert_eq!(
        actions,
        [
            "customer.delete",
            "customer.update",
            "customer.create",
            "customer.create"
        ]
    );
    assert!(
        audit
            .as_array()
            .unwrap()
            .iter()
            .all(|a| a["actor"] == "cli:tester")
    );
}

async fn bad_input_is_refused_and_changes_nothing(db: TestDb) {
    db.json(&["customer", "add", "acme"]);
    let before = db.json(&["audit", "list"]);

    db.run(&["customer", "add", "acme"])
        .fails_with(1, "already exists");
    db.run(&["customer", "add", "x", "--email", "not-an-email"])
        .fails_with(2, "invalid email");
    db.run(&["customer", "add", "x", "--expires-at", "next tuesday"])
        .fails_with(2, "YYYY-MM-DD");
    db.run(&["customer", "add", "  "])
        .fails_with(2, "must not be empty");
    // No terminal: a missing name is an error, not a prompt that waits forever.
    db.run(&["customer", "add"])
        .fails_with(2, "missing Customer name");
    db.run(&["customer", "show", "nobody"])
        .fails_with(1, "not found");
    db.run(&["customer", "list", "--status", "gone"])
        .fails_with(2, "accepted: active");
    db.run(&["customer", "grant", "acme", "Not/Valid"])
        .fails_with(2, "invalid package name");
    db.run(&["customer", "grant", "nobody", "acme/lib"])
        .fails_with(1, "not found");
    db.run(&["customer", "grant", "acme", "acme/lib"])
        .fails_with(1, "not registered");
    db.run(&["customer", "update", "acme"])
        .fails_with(2, "nothing to update");

    // Nothing was written: same audit log, same single customer.
    assert_eq!(db.json(&["audit", "list"]), before);
    assert_eq!(db.json(&["customer", "list"]).as_array().unwrap().len(), 1);

    // With --json the error is a JSON document on stdout too.
    let run = db.run(&["--json", "customer", "add", "acme"]);
    assert_eq!(run.code, 1);
    assert_eq!(run.json()["error"]["code"], "CONFLICT");
}

async fn lifecycle_is_enforced_and_audited(db: TestDb) {
    db.json(&["customer", "add", "acme"]);
    let c = db.json(&[
        "customer",
        "suspend",
        "acme",
        "--reason",
        "invoice 42 unpaid",
    ]);
    assert_eq!(c["status"], "suspended");
    assert_eq!(c["status_reason"], "invoice 42 unpaid");
    db.run(&["customer", "suspend", "acme"])
        .fails_with(1, "cannot suspend");
    assert_eq!(
        db.json(&["customer", "reactivate", "acme"])["status"],
        "active"
    );
    db.run(&["customer", "reactivate", "acme"])
        .fails_with(1, "already active");
    assert_eq!(
        db.json(&["customer", "expire", "acme", "--reason", "contract ended"])["status"],
        "expired"
    );
    db.run(&["customer", "freeze", "acme"])
        .fails_with(1, "cannot freeze");
    assert_eq!(
        db.json(&["customer", "reactivate", "acme"])["status"],
        "active"
    );

    let listed = db.json(&["customer", "list", "--status", "active"]);
    assert_eq!(listed.as_array().unwrap().len(), 1);

    let audit = db.json(&["audit", "list", "--action", "customer."]);
    let rows: Vec<_> = audit
        .as_array()
        .unwrap()
        .iter()
        .map(|a| {
            (
                a["action"].as_str().unwrap().to_string(),
                a["reason"].as_str().map(String::from),
            )
        })
        .collect();
    assert_eq!(rows[0].0, "customer.reactivate");
    assert_eq!(
        rows[1],
        ("customer.expire".into(), Some("contract ended".into()))
    );
    assert_eq!(
        rows[3],
        ("customer.suspend".into(), Some("invoice 42 unpaid".into()))
    );
}

async fn expiry_by_date_takes_effect_by_itself(db: TestDb) {
    db.json(&[
        "customer",
        "add",
        "old",
        "--expires-at",
        "2001-01-01T00:00:00Z",
    ]);
    db.json(&["customer", "add", "new", "--expires-at", "2999-01-01"]);
    let old = db.json(&["customer", "show", "old"]);
    assert_eq!(old["customer"]["status"], "expired");
    let expired = db.json(&["customer", "list", "--status", "expired"]);
    assert_eq!(expired.as_array().unwrap().len(), 1);
    assert_eq!(expired[0]["name"], "old");
    let active = db.json(&["customer", "list", "--status", "active"]);
    assert_eq!(active[0]["name"], "new");
    // Reactivation after renewal clears the past date.
    let c = db.json(&["customer", "reactivate", "old"]);
    assert_eq!(c["status"], "active");
    assert_eq!(c["expires_at"], Value::Null);
}

async fn grants_upsert_revoke_and_validate(db: TestDb) {
    db.json(&["customer", "add", "acme"]);
    db.json(&[
        "package",
        "add",
        "/srv/git/lib.git",
        "--name",
        "acme/lib",
        "--no-sync",
    ]);
    db.json(&[
        "package",
        "add",
        "/srv/git/theme.git",
        "--name",
        "acme/theme",
        "--no-sync",
    ]);
    let g = db.json(&[
        "customer",
        "grant",
        "acme",
        "acme/lib",
        "--constraint",
        "^2.0",
    ]);
    assert_eq!(g["constraint"], "^2.0");
    db.json(&["customer", "grant", "acme", "acme/theme"]);
    // Granting again changes the constraint.
    db.json(&[
        "customer",
        "grant",
        "acme",
        "acme/lib",
        "--constraint",
        ">=1.0 <3.0",
    ]);
    let list = db.json(&["customer", "packages", "acme"]);
    let rows: Vec<_> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|g| {
            (
                g["package"].as_str().unwrap(),
                g["constraint"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(rows, [("acme/lib", ">=1.0 <3.0"), ("acme/theme", "*")]);

    db.run(&[
        "customer",
        "grant",
        "acme",
        "acme/lib",
        "--constraint",
        "^^2",
    ])
    .fails_with(2, "invalid constraint");
    db.json(&["customer", "revoke", "acme", "acme/theme"]);
    db.run(&["customer", "revoke", "acme", "acme/theme"])
        .fails_with(1, "no grant");
    assert_eq!(
        db.json(&["customer", "packages", "acme"])
            .as_array()
            .unwrap()
            .len(),
        1
    );

    let audit = db.json(&["audit", "list", "--action", "grant"]);
    let actions: Vec<_> = audit
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["action"].as_str().unwrap())
        .collect();
    assert_eq!(
        actions,
        [
            "grant.revoke",
            "grant.update",
            "grant.create",
            "grant.create"
        ]
    );

    // Deleting the package removes its grants, and changes (only) its grantees.
    db.json(&["customer", "add", "bystander"]);
    let stamp = |name: &str| db.json(&["customer", "show", name])["customer"]["updated_at"].clone();
    let (acme_before, bystander_before) = (stamp("acme"), stamp("bystander"));
    db.json(&["package", "delete", "acme/lib", "--yes"]);
    assert_ne!(stamp("acme"), acme_before, "the grantee's view changed");
    assert_eq!(stamp("bystander"), bystander_before);
    assert_eq!(
        db.json(&["customer", "packages", "acme"])
            .as_array()
            .unwrap()
            .len(),
        0
    );
}

async fn freeze_at_explicit_versions_and_reactivate(db: TestDb) {
    use cargoman::db::entities::package_version;
    use sea_orm::{ActiveModelTrait, Set};

    db.json(&["customer", "add", "acme"]);
    let p = db.json(&[
        "package",
        "add",
        "/srv/git/lib.git",
        "--name",
        "acme/lib",
        "--no-sync",
    ]);
    db.json(&[
        "customer",
        "grant",
        "acme",
        "acme/lib",
        "--constraint",
        "^1.0",
    ]);
    let conn = db.connect().await;
    let now = chrono::Utc::now();
    for (v, n, yanked) in [
        ("1.0.0", "1.0.0.0", false),
        ("1.1.0", "1.1.0.0", false),
        ("1.2.0", "1.2.0.0", true),
        ("2.0.0", "2.0.0.0", false),
    ] {
        package_version::ActiveModel {
            tenant_id: Set(1),
            package_id: Set(p["id"].as_i64().unwrap()),
            version: Set(v.into()),
            version_normalized: Set(n.into()),
            reference: Set("a".repeat(40)),
            composer_json: Set("{}".into()),
            yanked: Set(yanked),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        }
        .insert(&conn)
        .await
        .unwrap();
    }

    db.run(&["customer", "freeze", "acme", "--version", "acme/lib=9.9.9"])
        .fails_with(1, "no version 9.9.9");
    db.run(&["customer", "freeze", "acme", "--version", "acme/lib"])
        .fails_with(2, "vendor/package=VERSION");
    let out = db.json(&[
        "customer",
        "freeze",
        "acme",
        "--version",
        "acme/lib=1.0.0",
        "--reason",
        "pinned by contract",
    ]);
    assert_eq!(out["customer"]["status"], "frozen");
    assert_eq!(out["frozen"].as_array().unwrap().len(), 1);
    assert_eq!(out["frozen"][0]["version"], "1.0.0");
    assert_eq!(
        db.json(&["customer", "packages", "acme"])[0]["frozen_versions"],
        serde_json::json!(["1.0.0"])
    );

    // Reactivate drops the freeze; freezing without pins takes what is reachable now:
    // inside ^1.0 and not yanked.
    db.json(&["customer", "reactivate", "acme"]);
    assert_eq!(
        db.json(&["customer", "packages", "acme"])[0]["frozen_versions"],
        serde_json::json!([])
    );
    let out = db.json(&["customer", "freeze", "acme"]);
    let versions: Vec<_> = out["frozen"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["version"].as_str().unwrap())
        .collect();
    assert_eq!(versions, ["1.0.0", "1.1.0"]);
}

async fn customer_may_be_given_by_id_or_name(db: TestDb) {
    let a = db.json(&["customer", "add", "acme"]);
    let id = a["id"].as_i64().unwrap().to_string();
    assert_eq!(
        db.json(&["customer", "show", &id])["customer"]["name"],
        "acme"
    );
    // A customer named like another's id is ambiguous and refused with a way out.
    let b = db.json(&["customer", "add", "beta"]);
    let b_id = b["id"].as_i64().unwrap().to_string();
    db.json(&["customer", "add", &b_id]);
    db.run(&["customer", "show", &b_id])
        .fails_with(2, "both the id");
}

/// `--proxy-access`: on by default, set on add and update (any spelling of on/off),
/// shown, audited, and committed as a change of the customer (closing it takes access
/// away, so running servers must apply it before the command returns).
async fn proxy_access_is_set_shown_audited_and_logged_as_a_change(db: TestDb) {
    let c = db.json(&["customer", "add", "acme"]);
    assert_eq!(c["proxy_access"], true);
    let c = db.json(&["customer", "add", "beta", "--proxy-access", "off"]);
    assert_eq!(c["proxy_access"], false);
    let id = db.json(&["customer", "show", "acme"])["customer"]["id"]
        .as_i64()
        .unwrap();

    let updated = db.json(&["customer", "update", "acme", "--proxy-access", "NO"]);
    assert_eq!(updated["proxy_access"], false);
    assert_eq!(
        db.json(&["customer", "show", "acme"])["customer"]["proxy_access"],
        false
    );
    assert_eq!(last_change(&db).await, ("customer".into(), Some(id), true));
    // Other fields stay as they are; leaving the switch out leaves it alone.
    let renamed = db.json(&["customer", "update", "acme", "--email", "a@acme.test"]);
    assert_eq!(renamed["proxy_access"], false);
    let reopened = db.json(&["customer", "update", "acme", "--proxy-access", "yes"]);
    assert_eq!(reopened["proxy_access"], true);
    assert_eq!(last_change(&db).await, ("customer".into(), Some(id), false));
    for (word, want) in [("true", true), ("false", false), ("on", true)] {
        let c = db.json(&["customer", "update", "beta", "--proxy-access", word]);
        assert_eq!(c["proxy_access"], want, "{word}");
    }

    let text = db.run(&["customer", "show", "beta"]).ok().stdout;
    let line = text.lines().find(|l| l.starts_with("proxy access:"));
    assert!(line.is_some_and(|l| l.ends_with(" on")), "{text}");
    db.run(&["customer", "update", "beta", "--proxy-access", "maybe"])
        .fails_with(2, "accepted: on, off");
    db.run(&["customer", "add", "gamma", "--proxy-access", "2"])
        .fails_with(2, "accepted: on, off");

    let audit = db.json(&["audit", "list", "--action", "customer."]);
    let entries = audit.as_array().unwrap();
    let created = entries
        .iter()
        .find(|a| a["action"] == "customer.create" && a["target"] == "beta")
        .unwrap();
    assert_eq!(created["details"]["proxy_access"], false, "{created}");
    let closed = entries
        .iter()
        .filter(|a| a["action"] == "customer.update" && a["target"] == "acme")
        .map(|a| a["details"].clone())
        .collect::<Vec<_>>();
    assert_eq!(
        closed,
        [
            serde_json::json!({"proxy_access": {"from": false, "to": true}}),
            serde_json::json!({"email": {"from": null, "to": "a@acme.test"}}),
            serde_json::json!({"proxy_access": {"from": true, "to": false}}),
        ]
    );
}

/// The newest change-log entry: (kind, target id, takes access away).
async fn last_change(db: &TestDb) -> (String, Option<i64>, bool) {
    use cargoman::db::entities::change;
    use sea_orm::{EntityTrait, QueryOrder};
    let row = change::Entity::find()
        .order_by_desc(change::Column::Seq)
        .one(&db.connect().await)
        .await
        .unwrap()
        .expect("a change was logged");
    (row.kind, row.target_id, row.revokes)
}
