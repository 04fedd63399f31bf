//! `GET /metrics` of a `cargoman serve` process (its own process: the counters are
//! process-wide): the counters move by exactly what was served, histograms are
//! cumulative and count every request, the text parses as the Prometheus format; and
//! `METRICS_TOKEN` guards it.

use std::collections::{BTreeMap, HashSet};
use std::time::Duration;

use serde_json::Value;

use crate::db_tests;
use crate::support::TestDb;
use crate::support::registry::lib_repo;
use crate::support::server::ServeProcess;
use crate::support::upstream::{DEFAULT_TIME, FakeUpstream, Mode};

db_tests!(
    counters_move_by_what_was_served,
    proxy_counters_follow_the_upstream,
    a_metrics_token_guards_the_endpoint
);

const OWNER: &str = "test-owner-token-0123456789";

/// One scrape: every sample by its series (`name{labels}` as written), checked against
/// the text format on the way: comments are `# HELP`/`# TYPE`, every sample line is
/// `name{labels} value` of a declared family, every family has both HELP and TYPE.
struct Scrape(BTreeMap<String, f64>);

impl Scrape {
    fn parse(text: &str) -> Self {
        let mut helps = HashSet::new();
        let mut types = BTreeMap::new();
        let mut samples = BTreeMap::new();
        for line in text.lines() {
            if let Some(rest) = line.strip_prefix("# HELP ") {
                let (name, help) = rest.split_once(' ').expect(line);
                assert!(!help.trim().is_empty(), "empty HELP: {line}");
                assert!(helps.insert(name.to_string()), "HELP twice: {line}");
                continue;
            }
            if let Some(rest) = line.strip_prefix("# TYPE ") {
                let (name, kind) = rest.split_once(' ').expect(line);
                assert!(
                    ["counter", "gauge", "histogram", "summary", "untyped"].contains(&kind),
                    "{line}"
                );
                assert!(
                    types.insert(name.to_string(), kind.to_string()).is_none(),
                    "TYPE twice: {line}"
                );
                continue;
            }
            assert!(!line.starts_with('#'), "unknown comment: {line}");
            assert!(!line.is_empty(), "empty line in the exposition");
            let (series, value) = line.rsplit_once(' ').expect(line);
            let value: f64 = match value {
                "+Inf" => f64::INFINITY,
                "-Inf" => f64::NEG_INFINITY,
                v => v.parse().unwrap_or_else(|_| panic!("bad value: {line}")),
            };
            let name = match series.split_once('{') {
                Some((name, labels)) => {
                    let labels = labels.strip_suffix('}').expect(line);
                    for pair in split_labels(labels) {
                        let (k, v) = pair.split_once('=').expect(line);
                        assert!(valid_name(k), "bad label name: {line}");
                        assert!(
                            v.len() >= 2 && v.starts_with('"') && v.ends_with('"'),
                            "unquoted label value: {line}"
                        );
                    }
                    name
                }
                None => series,
            };
            assert!(valid_name(name), "bad metric name: {line}");
            let family = ["_bucket", "_sum", "_count"]
                .iter()
                .find_map(|s| {
                    name.strip_suffix(s)
                        .filter(|f| types.get(*f).is_some_and(|t| t == "histogram"))
                })
                .unwrap_or(name);
            assert!(types.contains_key(family), "no TYPE before {line}");
            assert!(helps.contains(family), "no HELP before {line}");
            assert!(
                samples.insert(series.to_string(), value).is_none(),
                "series twice: {line}"
            );
        }
        assert_eq!(
            helps,
            types.keys().cloned().collect::<HashSet<_>>(),
            "every family has HELP and TYPE"
        );
        Scrape(samples)
    }

    #[track_caller]
    fn get(&self, series: &str) -> f64 {
        *self
            .0
            .get(series)
            .unwrap_or_else(|| panic!("no {series} in {:#?}", self.0.keys()))
    }

    fn requests(&self, family: &str, status: &str) -> f64 {
        self.get(&format!(
            "cargoman_http_requests_total{{family=\"{family}\",status=\"{status}\"}}"
        ))
    }

    /// The cumulative buckets of a histogram series (`labels` without braces, without
    /// `le`), in the order of their bounds, `+Inf` last.
    fn buckets(&self, name: &str, labels: &str) -> Vec<(f64, f64)> {
        let prefix = format!("{name}_bucket{{{labels}");
        let mut out: Vec<(f64, f64)> = self
            .0
            .iter()
            .filter(|(s, _)| s.starts_with(&prefix))
            .map(|(s, v)| {
                let le = s.rsplit_once("le=\"").unwrap().1.trim_end_matches("\"}");
                let le = if le == "+Inf" {
                    f64::INFINITY
                } else {
                    le.parse().unwrap()
                };
                (le, *v)
            })
            .collect();
        out.sort_by(|a, b| a.0.total_cmp(&b.0));
        out
    }

    /// Checks a histogram: cumulative buckets ending in `+Inf` = `_count`; the count.
    #[track_caller]
    fn histogram_count(&self, name: &str, labels: &str) -> f64 {
        let buckets = self.buckets(name, labels);
        assert!(buckets.len() >= 10, "{name}{{{labels}}}: {buckets:?}");
        assert!(
            buckets.windows(2).all(|w| w[0].1 <= w[1].1),
            "{name}{{{labels}}} not cumulative: {buckets:?}"
        );
        let inf = buckets.last().unwrap();
        assert_eq!(inf.0, f64::INFINITY);
        let braces = if labels.is_empty() {
            String::new()
        } else {
            format!("{{{labels}}}")
        };
        let count = self.get(&format!("{name}_count{braces}"));
        assert_eq!(inf.1, count, "{name}{{{labels}}}: +Inf bucket = _count");
        let sum = self.get(&format!("{name}_sum{braces}"));
        assert!(
            sum >= 0.0 && (count > 0.0 || sum == 0.0),
            "{name}_sum {sum}"
        );
        count
    }
}

/// `a="x",b="y"` → its pairs (values here hold no commas or quotes).
fn split_labels(labels: &str) -> Vec<&str> {
    labels.split(',').filter(|p| !p.is_empty()).collect()
}

fn valid_name(name: &str) -> bool {
    let mut chars = name.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_' || c == ':')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_' || c == ':')
}

async fn scrape(client: &reqwest::Client, server: &ServeProcess) -> Scrape {
    let resp = client
        .get(format!("{}/metrics", server.url))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 200);
    assert_eq!(
        resp.headers()["content-type"],
        "text/plain; version=0.0.4; charset=utf-8"
    );
    Scrape::parse(&resp.text().await.unwrap())
}

async fn counters_move_by_what_was_served(db: TestDb) {
    let repo = db.path().join("acme-lib");
    lib_repo(&repo, &["1.0.0", "1.1.0"]);
    db.json(&["package", "add", repo.to_str().unwrap()]);
    db.run(&["customer", "add", "acme"]).ok();
    db.run(&["customer", "grant", "acme", "acme/lib"]).ok();
    let issued = db.json(&["token", "issue", "--customer", "acme"]);
    let token = issued["plain_token"].as_str().unwrap().to_string();
    let server = ServeProcess::start(&db, "m").await;
    let client = reqwest::Client::new();
    // Wait for the daily clean-up job queued at start to be over: only ours is counted.
    let mut before = scrape(&client, &server).await;
    for _ in 0..100 {
        if before.get("cargoman_jobs_total{kind=\"audit_cleanup\",outcome=\"ok\"}") >= 1.0 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
        before = scrape(&client, &server).await;
    }
    let before = scrape(&client, &server).await;
    assert!(before.get("process_resident_memory_bytes") > 1e6);
    assert!(before.get("process_start_time_seconds") > 1.7e9);
    assert_eq!(
        before.get(&format!(
            "cargoman_build_info{{version=\"{}\"}}",
            env!("CARGO_PKG_VERSION")
        )),
        1.0
    );
    assert!(before.get("cargoman_jobs_queued") >= 0.0);

    // A p2 file twice (rendered, then from memory), and its dist archive.
    let (status, body) = server.get("/p2/acme/lib.json", &token).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(server.get("/p2/acme/lib.json", &token).await.0, 200);
    let doc: Value = serde_json::from_str(&body).unwrap();
    let dist = doc["packages"]["acme/lib"][0]["dist"]["url"]
        .as_str()
        .unwrap()
        .to_string();
    let path = dist.strip_prefix(&server.url).expect(&dist);
    assert_eq!(server.get(path, &token).await.0, 200, "{dist}");
    // Failed authentications: a wrong Composer token, a wrong API token.
    assert_eq!(
        server
            .get("/packages.json", "cma_wrongwrongwrongwrongwrong")
            .await
            .0,
        401
    );
    let api = |path: &str, token: &str| {
        client
            .get(format!("{}/api/v1{path}", server.url))
            .bearer_auth(token)
            .send()
    };
    assert_eq!(
        api("/packages", "not-the-owner").await.unwrap().status(),
        401
    );
    // API calls, one of which queues a sync that a worker runs.
    let mut api_ok = 0;
    assert_eq!(api("/packages", OWNER).await.unwrap().status(), 200);
    api_ok += 1;
    let queued = client
        .post(format!("{}/api/v1/packages/acme/lib/sync", server.url))
        .bearer_auth(OWNER)
        .send()
        .await
        .unwrap();
    assert_eq!(queued.status(), 202);
    api_ok += 1;
    let queued: Value = queued.json().await.unwrap();
    let job = if queued["data"].is_object() {
        &queued["data"]
    } else {
        &queued
    };
    let id = job["id"].as_i64().unwrap_or_else(|| panic!("{queued}"));
    let mut status = String::new();
    for _ in 0..300 {
        let resp = api(&format!("/tasks/{id}"), OWNER).await.unwrap();
        assert_eq!(resp.status(), 200);
        api_ok += 1;
        let task: Value = resp.json().await.unwrap();
        let task = if task["data"].is_object() {
            task["data"].clone()
        } else {
            task
        };
        status = task["status"].as_str().unwrap_or_default().to_string();
        if status == "done" || status == "failed" {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(status, "done", "{}", server.log());

    let after = scrape(&client, &server).await;
    let delta = |series: &str| after.get(series) - before.get(series);
    let requests = |family: &str, status: &str| {
        after.requests(family, status) - before.requests(family, status)
    };
    assert_eq!(requests("composer_metadata", "2xx"), 2.0);
    assert_eq!(requests("composer_metadata", "4xx"), 1.0);
    assert_eq!(requests("composer_dist", "2xx"), 1.0);
    assert_eq!(requests("api", "2xx"), f64::from(api_ok));
    assert_eq!(requests("api", "4xx"), 1.0);
    assert_eq!(requests("ops", "2xx"), 1.0, "the first scrape");
    for family in [
        "composer_metadata",
        "composer_dist",
        "api",
        "ops",
        "ui",
        "webhook",
    ] {
        for class in ["3xx", "5xx"] {
            assert_eq!(requests(family, class), 0.0, "{family} {class}");
        }
    }
    assert_eq!(requests("ui", "2xx") + requests("webhook", "2xx"), 0.0);
    // Every histogram counts exactly the requests of its family.
    let name = "cargoman_http_request_duration_seconds";
    for family in [
        "composer_metadata",
        "composer_dist",
        "composer_other",
        "api",
        "webhook",
        "ops",
        "ui",
    ] {
        let labels = format!("family=\"{family}\"");
        let total: f64 = ["2xx", "3xx", "4xx", "5xx"]
            .iter()
            .map(|c| after.requests(family, c))
            .sum();
        assert_eq!(after.histogram_count(name, &labels), total, "{family}");
        let was: f64 = ["2xx", "3xx", "4xx", "5xx"]
            .iter()
            .map(|c| before.requests(family, c))
            .sum();
        assert_eq!(before.histogram_count(name, &labels), was, "{family}");
    }
    // The Composer cache: rendered once, then served from memory.
    assert_eq!(
        delta("cargoman_composer_cache_lookups_total{result=\"miss\"}"),
        1.0
    );
    assert_eq!(
        delta("cargoman_composer_cache_lookups_total{result=\"hit\"}"),
        1.0
    );
    assert_eq!(delta("cargoman_composer_cache_rebuilds_total"), 1.0);
    assert!(after.get("cargoman_composer_cache_bytes") > 0.0);
    // Failed authentications by door.
    assert_eq!(
        delta("cargoman_auth_failures_total{door=\"composer\"}"),
        1.0
    );
    assert_eq!(delta("cargoman_auth_failures_total{door=\"api\"}"), 1.0);
    assert_eq!(delta("cargoman_auth_failures_total{door=\"ui\"}"), 0.0);
    // The sync job: one job, one sync, both timed.
    let ok = "cargoman_jobs_total{kind=\"sync_package\",outcome=\"ok\"}";
    assert_eq!(delta(ok), 1.0);
    assert_eq!(
        delta("cargoman_jobs_total{kind=\"sync_package\",outcome=\"failed\"}"),
        0.0
    );
    let jobs = "cargoman_job_duration_seconds";
    let kind = "kind=\"sync_package\"";
    assert_eq!(
        after.histogram_count(jobs, kind) - before.histogram_count(jobs, kind),
        1.0
    );
    assert_eq!(delta("cargoman_syncs_total{outcome=\"ok\"}"), 1.0);
    assert_eq!(delta("cargoman_syncs_total{outcome=\"failed\"}"), 0.0);
    let syncs = "cargoman_sync_duration_seconds";
    assert_eq!(
        after.histogram_count(syncs, "") - before.histogram_count(syncs, ""),
        1.0
    );
    assert!(
        after.get("cargoman_sync_duration_seconds_sum")
            > before.get("cargoman_sync_duration_seconds_sum")
    );
    // No proxy here: its counters stay at zero.
    for outcome in ["ok", "error", "timeout"] {
        let series = format!("cargoman_proxy_upstream_requests_total{{outcome=\"{outcome}\"}}");
        assert_eq!(after.get(&series), 0.0);
    }
    // Nothing is left waiting once the sync ran (the depth is at most a second old).
    tokio::time::sleep(Duration::from_millis(1100)).await;
    assert_eq!(
        scrape(&client, &server).await.get("cargoman_jobs_queued"),
        0.0
    );
}

async fn proxy_counters_follow_the_upstream(db: TestDb) {
    let up = FakeUpstream::start();
    up.publish("psr/log", "1.0.0", DEFAULT_TIME);
    up.publish("psr/cache", "1.0.0", DEFAULT_TIME);
    db.run(&["customer", "add", "acme"]).ok();
    let issued = db.json(&["token", "issue", "--customer", "acme"]);
    let token = issued["plain_token"].as_str().unwrap().to_string();
    let config = format!(
        "[proxy]\nenabled = true\npackagist_url = \"{}\"\nupstream_timeout = 2\n\
         changes_interval = 86400\n[security]\nrepository_allow_local = true\n",
        up.url()
    );
    let server = ServeProcess::start_with(&db, "p", &config).await;
    let client = reqwest::Client::new();
    let before = scrape(&client, &server).await;
    let (status, body) = server.get("/p2/psr/log.json", &token).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(server.get("/p2/psr/log.json", &token).await.0, 200);
    up.set_mode(Mode::Error500);
    let (status, _) = server.get("/p2/psr/cache.json", &token).await;
    assert_ne!(status, 200);
    let after = scrape(&client, &server).await;
    let delta = |series: &str| after.get(series) - before.get(series);
    let upstream = |o: &str| {
        delta(&format!(
            "cargoman_proxy_upstream_requests_total{{outcome=\"{o}\"}}"
        ))
    };
    // The first file needed the upstream (its root and the file, unless the root was
    // read at start), the third met a 500.
    assert!(upstream("ok") >= 1.0, "{}", upstream("ok"));
    assert!(upstream("error") >= 1.0, "{}", upstream("error"));
    assert_eq!(upstream("timeout"), 0.0);
    // Proxied files are not the Composer cache's lookups.
    assert_eq!(
        delta("cargoman_composer_cache_lookups_total{result=\"hit\"}"),
        0.0
    );
}

async fn a_metrics_token_guards_the_endpoint(db: TestDb) {
    let secret = "metrics-secret-4f9a2c";
    let config = format!("[metrics]\ntoken = \"{secret}\"\n");
    let server = ServeProcess::start_with(&db, "t", &config).await;
    let client = reqwest::Client::new();
    let url = format!("{}/metrics", server.url);
    let no_token = client.get(&url).send().await.unwrap();
    assert_eq!(no_token.status(), 401);
    assert!(no_token.headers().contains_key("www-authenticate"));
    let wrong = client.get(&url).bearer_auth("metrics-secret-4f9a2d").send();
    assert_eq!(wrong.await.unwrap().status(), 401);
    let prefix = client.get(&url).bearer_auth("metrics-secret").send();
    assert_eq!(prefix.await.unwrap().status(), 401);
    let wrong_basic = client.get(&url).basic_auth("metrics", Some("nope")).send();
    assert_eq!(wrong_basic.await.unwrap().status(), 401);
    let bearer = client.get(&url).bearer_auth(secret).send().await.unwrap();
    assert_eq!(bearer.status(), 200);
    let text = bearer.text().await.unwrap();
    let scraped = Scrape::parse(&text);
    // The refused scrapes were answered and counted like any request.
    assert_eq!(scraped.requests("ops", "4xx"), 4.0);
    let basic = client
        .get(&url)
        .basic_auth("metrics", Some(secret))
        .send()
        .await
        .unwrap();
    assert_eq!(basic.status(), 200);
    // The other operations endpoints stay open.
    assert_eq!(
        client
            .get(format!("{}/health", server.url))
            .send()
            .await
            .unwrap()
            .status(),
        200
    );
    // `config show` and the server's log never show the token.
    let shown = db
        .command()
        .arg("--config")
        .arg(db.path().join("serve-t.toml"))
        .args(["config", "show"])
        .output()
        .unwrap();
    let shown = String::from_utf8_lossy(&shown.stdout);
    assert!(shown.contains("[metrics]"), "{shown}");
    assert!(!shown.contains(secret), "{shown}");
    assert!(!server.log().contains(secret), "{}", server.log());
}
