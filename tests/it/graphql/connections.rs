//! Relay connections on both databases: walking lists by `endCursor`, windows after any
//! cursor, refused `first` and `after`, cursors past the end, and every paginated list
//! answered as a connection.

use std::collections::HashSet;

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use serde_json::{Value, json};

use super::client::Gql;
use crate::db_tests;
use crate::support::TestDb;

db_tests!(
    walking_customers_by_end_cursor_answers_each_once,
    windows_start_after_any_cursor,
    first_and_after_are_checked,
    a_cursor_past_the_end_answers_nothing_more,
    every_list_is_a_connection,
);

const NAMES: [&str; 5] = ["anna", "bert", "carl", "dora", "emil"];

const CUSTOMERS: &str = "query($first: Int, $after: String, $filter: CustomerFilter) {
    customers(first: $first, after: $after, filter: $filter) {
        totalCount edges { cursor node { name } } nodes { name }
        pageInfo { hasNextPage hasPreviousPage startCursor endCursor } } }";

async fn with_customers(db: TestDb) -> Gql {
    let g = Gql::start(db, &["1.0.0"]).await;
    for name in NAMES {
        let c = cargoman::service::customers::NewCustomer {
            name: name.into(),
            ..Default::default()
        };
        g.services.customers().create(&g.ctx, c).await.unwrap();
    }
    g
}

/// Follows `endCursor` through the connection at `field` of `doc` (which takes `$first`
/// and `$after`, besides `vars`) until `hasNextPage` is false, checking each answer
/// on the way: the nodes in order, the requests made, and `totalCount`.
async fn walk(g: &Gql, doc: &str, field: &str, vars: Value) -> (Vec<Value>, usize, u64) {
    let (mut nodes, mut requests, mut total) = (Vec::new(), 0, None);
    let mut after = Value::Null;
    loop {
        let mut v = vars.clone();
        v["after"] = after.clone();
        let data = g.data(&g.viewer, doc, v).await;
        let conn = &data[field];
        requests += 1;
        assert!(requests <= 100, "no end: {conn}");
        let count = conn["totalCount"].as_u64().unwrap();
        assert_eq!(*total.get_or_insert(count), count, "{conn}");
        let edges = conn["edges"].as_array().unwrap();
        let info = &conn["pageInfo"];
        assert_eq!(info["hasPreviousPage"], !after.is_null(), "{conn}");
        let cursors: Vec<&Value> = edges.iter().map(|e| &e["cursor"]).collect();
        assert_eq!(
            info["startCursor"],
            *cursors.first().copied().unwrap_or(&Value::Null)
        );
        assert_eq!(
            info["endCursor"],
            *cursors.last().copied().unwrap_or(&Value::Null)
        );
        let page: Vec<Value> = edges.iter().map(|e| e["node"].clone()).collect();
        assert_eq!(conn["nodes"], Value::Array(page.clone()), "{conn}");
        nodes.extend(page);
        if info["hasNextPage"] == false {
            return (nodes, requests, count);
        }
        assert!(!edges.is_empty(), "more to come, but nothing now: {conn}");
        after = info["endCursor"].clone();
    }
}

fn names(nodes: &[Value]) -> Vec<&str> {
    nodes.iter().map(|n| n["name"].as_str().unwrap()).collect()
}

async fn walking_customers_by_end_cursor_answers_each_once(db: TestDb) {
    let g = with_customers(db).await;
    let (nodes, requests, total) = walk(&g, CUSTOMERS, "customers", json!({"first": 2})).await;
    assert_eq!(names(&nodes), NAMES);
    assert_eq!((requests, total), (3, 5));
    let unique: HashSet<&str> = names(&nodes).into_iter().collect();
    assert_eq!(unique.len(), nodes.len());
    // Filters hold on every page: names with an "r" (any case).
    let vars = json!({"first": 2, "filter": {"search": "R"}});
    let (nodes, requests, total) = walk(&g, CUSTOMERS, "customers", vars).await;
    assert_eq!(names(&nodes), ["bert", "carl", "dora"]);
    assert_eq!((requests, total), (2, 3));
    g.services
        .customers()
        .transition(
            &g.ctx,
            "carl",
            cargoman::domain::customer::Transition::Suspend,
            None,
        )
        .await
        .unwrap();
    let vars = json!({"first": 1, "filter": {"status": "ACTIVE"}});
    let (nodes, requests, total) = walk(&g, CUSTOMERS, "customers", vars).await;
    assert_eq!(names(&nodes), ["anna", "bert", "dora", "emil"]);
    assert_eq!((requests, total), (4, 4));
    // Without `first`, 20 at a time.
    let (nodes, requests, _) = walk(&g, CUSTOMERS, "customers", json!({})).await;
    assert_eq!((nodes.len(), requests), (5, 1));
}

/// Each edge's cursor starts a window with the items after it, whatever `first` was
/// when the cursor was answered.
async fn windows_start_after_any_cursor(db: TestDb) {
    let g = with_customers(db).await;
    let all = g.data(&g.viewer, CUSTOMERS, json!({"first": 100})).await;
    let edges = all["customers"]["edges"].as_array().unwrap().clone();
    assert_eq!(edges.len(), NAMES.len());
    for (i, edge) in edges.iter().enumerate() {
        for first in [1, 2, 3] {
            let vars = json!({"first": first, "after": edge["cursor"]});
            let conn = g.data(&g.viewer, CUSTOMERS, vars).await["customers"].clone();
            let end = (i + 1 + first).min(NAMES.len());
            let nodes = conn["nodes"].as_array().unwrap();
            assert_eq!(names(nodes), NAMES[i + 1..end], "after {i}, first {first}");
            assert_eq!(conn["pageInfo"]["hasNextPage"], end < NAMES.len());
            assert_eq!(conn["pageInfo"]["hasPreviousPage"], true);
            let cursors: Vec<&Value> = conn["edges"]
                .as_array()
                .unwrap()
                .iter()
                .map(|e| &e["cursor"])
                .collect();
            let expected: Vec<&Value> = edges[i + 1..end].iter().map(|e| &e["cursor"]).collect();
            assert_eq!(cursors, expected, "an item keeps its cursor");
        }
    }
}

async fn first_and_after_are_checked(db: TestDb) {
    let g = with_customers(db).await;
    let garbage = json!("not a cursor!");
    let not_an_offset = json!(STANDARD.encode("page:2"));
    let too_deep = json!(STANDARD.encode(format!("o:{}", u64::MAX)));
    for (vars, field) in [
        (json!({"first": 0}), "first"),
        (json!({"first": 101}), "first"),
        (json!({"first": -1}), "first"),
        (json!({"first": 1000}), "first"),
        (json!({"after": garbage}), "after"),
        (json!({"after": ""}), "after"),
        (json!({"after": not_an_offset}), "after"),
        (json!({"after": too_deep}), "after"),
    ] {
        let (code, f, body) = g.error(&g.viewer, CUSTOMERS, vars.clone()).await;
        assert_eq!(
            (code.as_str(), f.as_deref()),
            ("VALIDATION_ERROR", Some(field)),
            "{vars}: {body}"
        );
        assert!(body["data"].is_null(), "{body}");
    }
    // The largest page there is.
    let data = g.data(&g.viewer, CUSTOMERS, json!({"first": 100})).await;
    assert_eq!(data["customers"]["totalCount"], 5);
}

async fn a_cursor_past_the_end_answers_nothing_more(db: TestDb) {
    let g = with_customers(db).await;
    let empty = |conn: &Value| {
        assert_eq!(conn["edges"], json!([]), "{conn}");
        assert_eq!(conn["nodes"], json!([]), "{conn}");
        let info = &conn["pageInfo"];
        assert_eq!(info["hasNextPage"], false, "{conn}");
        assert_eq!(info["startCursor"], Value::Null, "{conn}");
        assert_eq!(info["endCursor"], Value::Null, "{conn}");
    };
    // After the last item.
    let all = g.data(&g.viewer, CUSTOMERS, json!({"first": 5})).await;
    assert_eq!(all["customers"]["pageInfo"]["hasNextPage"], false);
    let last = all["customers"]["pageInfo"]["endCursor"].clone();
    let third = all["customers"]["edges"][2]["cursor"].clone();
    let conn = &g.data(&g.viewer, CUSTOMERS, json!({"after": last})).await["customers"];
    empty(conn);
    assert_eq!(conn["totalCount"], 5);
    // After an item the list no longer reaches: the list shrank since.
    for name in ["carl", "dora", "emil"] {
        g.services.customers().delete(&g.ctx, name).await.unwrap();
    }
    let conn = &g
        .data(&g.viewer, CUSTOMERS, json!({"first": 2, "after": third}))
        .await["customers"];
    empty(conn);
    assert_eq!(conn["totalCount"], 2);
    // Far past it.
    let far = STANDARD.encode("o:999999");
    let conn = &g.data(&g.viewer, CUSTOMERS, json!({"after": far})).await["customers"];
    empty(conn);
    assert_eq!(conn["pageInfo"]["hasPreviousPage"], true);
}

/// Tokens, grants, packages, versions and the audit log are connections too: walked
/// one item at a time, each item comes once and all of them come.
async fn every_list_is_a_connection(db: TestDb) {
    let g = Gql::start(db, &["1.0.0", "1.1.0", "2.0.0"]).await;
    g.add_package().await;
    let c = cargoman::service::customers::NewCustomer {
        name: "acme".into(),
        ..Default::default()
    };
    g.services.customers().create(&g.ctx, c).await.unwrap();
    for _ in 0..3 {
        let req = cargoman::service::tokens::TokenRequest {
            customer: "acme".into(),
            ..Default::default()
        };
        g.services.tokens().issue(&g.ctx, req).await.unwrap();
    }
    let grants = g.services.grants();
    grants
        .grant(&g.ctx, "acme", "acme/lib", None)
        .await
        .unwrap();
    let lists = [
        ("customerTokens", "customer: \"acme\",", "id", 3),
        ("customerGrants", "customer: \"acme\",", "package", 1),
        ("packages", "", "name", 1),
        ("packageVersions", "name: \"acme/lib\",", "version", 0),
        ("auditLogs", "", "id", 0),
    ];
    for (field, args, key, expected) in lists {
        let doc = format!(
            "query($first: Int, $after: String) {{ {field}({args} first: $first, after: $after) {{
                totalCount edges {{ cursor node {{ {key} }} }} nodes {{ {key} }}
                pageInfo {{ hasNextPage hasPreviousPage startCursor endCursor }} }} }}"
        );
        let (nodes, requests, total) = walk(&g, &doc, field, json!({"first": 1})).await;
        assert_eq!(nodes.len() as u64, total, "{field}");
        assert_eq!(requests, nodes.len().max(1), "{field}");
        if expected > 0 {
            assert_eq!(total, expected, "{field}");
        } else {
            assert!(total >= 3, "{field}: {total}");
        }
        let keys: HashSet<String> = nodes.iter().map(|n| n[key].to_string()).collect();
        assert_eq!(keys.len(), nodes.len(), "{field}: {nodes:?}");
    }
}
