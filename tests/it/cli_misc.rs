//! Configuration, migrations, init, exit codes and the generated contracts
//! (completions and man pages) of the real binary.

use std::path::Path;
use std::time::{Duration, Instant};

use crate::db_tests;
use crate::support::{Backend, TestDb};

db_tests!(migrate_status_and_unmigrated_database);

async fn migrate_status_and_unmigrated_database(db: TestDb) {
    let status = db.json(&["migrate", "--status"]);
    assert_eq!(status["pending"].as_array().unwrap().len(), 0);
    let all = <cargoman_migrations::Migrator as cargoman_migrations::MigratorTrait>::migrations();
    assert_eq!(status["applied"].as_array().unwrap().len(), all.len());
    assert_eq!(db.json(&["migrate"])["applied"], 0);

    // A database that was never migrated.
    let fresh = match db.backend {
        Backend::Sqlite => {
            let dir = db.path().join("fresh");
            std::fs::create_dir_all(&dir).unwrap();
            format!("sqlite://{}?mode=rwc", dir.join("x.db").display())
        }
        Backend::Postgres => {
            let conn = db.connect().await;
            use sea_orm::ConnectionTrait;
            let name = format!("{}_fresh", db.url.rsplit('/').next().unwrap());
            conn.execute_unprepared(&format!("CREATE DATABASE {name}"))
                .await
                .unwrap();
            let mut u = url::Url::parse(&db.url).unwrap();
            u.set_path(&format!("/{name}"));
            u.to_string()
        }
    };
    let mut cmd = db.command();
    cmd.env("DATABASE_URL", &fresh);
    // A configured (not embedded) database is never migrated behind the operator's back.
    db.run_with(cmd, &["customer", "list"])
        .fails_with(3, "cargoman migrate");
    let mut cmd = db.command();
    cmd.env("DATABASE_URL", &fresh);
    let pending = db
        .run_with(cmd, &["--json", "migrate", "--status"])
        .ok()
        .json();
    assert_eq!(pending["pending"].as_array().unwrap().len(), all.len());
    let mut cmd = db.command();
    cmd.env("DATABASE_URL", &fresh);
    assert_eq!(
        db.run_with(cmd, &["--json", "migrate"]).ok().json()["applied"],
        all.len()
    );
    let mut cmd = db.command();
    cmd.env("DATABASE_URL", &fresh);
    db.run_with(cmd, &["customer", "list"]).ok();
}

#[tokio::test]
async fn embedded_database_migrates_itself() {
    let db = TestDb::new(Backend::Sqlite).await;
    let mut cmd = db.command();
    let data = db.path().join("elsewhere");
    cmd.env("CARGOMAN_DATA_DIR", &data);
    db.run_with(cmd, &["customer", "add", "acme"]).ok();
    assert!(data.join("cargoman.db").is_file());
}

#[tokio::test]
async fn unreachable_database_fails_fast_with_exit_3() {
    let db = TestDb::new(Backend::Sqlite).await;
    let mut cmd = db.command();
    // Port 9 (discard) on loopback: nothing listens, so the connection is refused.
    cmd.env("DATABASE_URL", "postgres://postgres@127.0.0.1:9/none")
        .env("DATABASE_CONNECT_TIMEOUT", "2");
    let started = Instant::now();
    let run = db.run_with(cmd, &["customer", "list"]);
    assert_eq!(run.code, 3, "{}", run.stderr);
    assert!(
        run.stderr.contains("cannot connect to the database"),
        "{}",
        run.stderr
    );
    // A hang guard, not a speed measurement: the connect timeout bounds it.
    assert!(started.elapsed() < Duration::from_secs(30));
}

#[tokio::test]
async fn config_show_layers_and_redacts() {
    let db = TestDb::new(Backend::Sqlite).await;
    std::fs::write(
        db.path().join("cargoman.toml"),
        "[server]\nport = 9001\n[storage.s3]\nsecret_access_key = \"file-secret\"\n",
    )
    .unwrap();
    std::fs::write(
        db.path().join(".env"),
        "PROXY_ENABLED=true\nADMIN_TOKEN=dotenv-secret\n",
    )
    .unwrap();
    let mut cmd = db.command();
    cmd.env("DATABASE_URL", "postgres://u:db-secret@h/x")
        .env("GITHUB_WEBHOOK_SECRET", "env-secret");
    let run = db.run_with(cmd, &["--json", "config", "show"]).ok();
    let json = run.json();
    assert_eq!(json["server"]["port"], 9001);
    assert_eq!(json["proxy"]["enabled"], true);
    for secret in ["file-secret", "dotenv-secret", "db-secret", "env-secret"] {
        assert!(
            !run.stdout.contains(secret),
            "{secret} leaked: {}",
            run.stdout
        );
    }
    let mut cmd = db.command();
    cmd.env("PORT", "9002");
    let text = db.run_with(cmd, &["config", "show"]).ok().stdout;
    assert!(text.contains("port = 9002"), "{text}");
}

#[tokio::test]
async fn bad_configuration_exits_2_naming_the_key() {
    let db = TestDb::new(Backend::Sqlite).await;
    let file = db.path().join("bad.toml");
    std::fs::write(&file, "[server]\nhost = \"127.0.0.1\"\nprot = 1\n").unwrap();
    db.run(&["--config", file.to_str().unwrap(), "config", "show"])
        .fails_with(2, "prot");
    let mut cmd = db.command();
    cmd.env("PORT", "http");
    db.run_with(cmd, &["config", "show"]).fails_with(2, "PORT");
    db.run(&["--config", "/nonexistent.toml", "customer", "list"])
        .fails_with(2, "nonexistent.toml");
    // clap's own usage errors also exit 2.
    db.run(&["customer", "frobnicate"])
        .fails_with(2, "frobnicate");
}

#[tokio::test]
async fn init_writes_config_and_prints_owner_token_once() {
    let db = TestDb::new(Backend::Sqlite).await;
    let out = db.json(&["init"]);
    let plain = out["admin_token"]["plain_token"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(plain.starts_with("cma_"));
    assert_eq!(out["admin_token"]["token"]["level"], "owner");
    let written = std::fs::read_to_string(db.path().join("cargoman.toml")).unwrap();
    cargoman::config::Settings::from_toml(&written).expect("the annotated config parses");
    db.run(&["init"]).fails_with(2, "--force");
    db.json(&["init", "--force"]);
    // The written file is picked up by later commands and stays valid.
    db.json(&["config", "show"]);
    let s = db.services().await;
    assert!(
        s.admin_tokens()
            .authenticate(&plain)
            .await
            .unwrap()
            .is_some()
    );
}

/// completions/ and man/ are generated from the clap definition and committed; this
/// fails when they drift. `CARGOMAN_BLESS=1 cargo test contracts` rewrites them.
#[test]
fn generated_contracts_are_committed() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    if std::env::var_os("CARGOMAN_BLESS").is_some() {
        cargoman::cli::completions::write_all(root).unwrap();
    }
    let tmp = tempfile::tempdir().unwrap();
    cargoman::cli::completions::write_all(tmp.path()).unwrap();
    let mut drift = Vec::new();
    for sub in ["completions", "man"] {
        let want = files(&tmp.path().join(sub));
        let have = files(&root.join(sub));
        for (name, bytes) in &want {
            match have.iter().find(|(n, _)| n == name) {
                Some((_, b)) if b == bytes => {}
                Some(_) => drift.push(format!("{sub}/{name} differs")),
                None => drift.push(format!("{sub}/{name} is missing")),
            }
        }
        for (name, _) in &have {
            if !want.iter().any(|(n, _)| n == name) {
                drift.push(format!("{sub}/{name} is stale"));
            }
        }
    }
    assert!(
        drift.is_empty(),
        "generated files drifted from the CLI (run `CARGOMAN_BLESS=1 cargo test contracts` and commit):\n{}",
        drift.join("\n")
    );
    // And the binary prints the same bash completions.
    let out = std::process::Command::new(crate::support::bin())
        .args(["completions", "bash"])
        .output()
        .unwrap();
    assert_eq!(
        out.stdout,
        std::fs::read(root.join("completions/cargoman.bash")).unwrap()
    );
}

fn files(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut out: Vec<_> = std::fs::read_dir(dir)
        .map(|rd| {
            rd.filter_map(Result::ok)
                .map(|e| {
                    (
                        e.file_name().to_string_lossy().into_owned(),
                        std::fs::read(e.path()).unwrap(),
                    )
                })
                .collect()
        })
        .unwrap_or_default();
    out.sort();
    out
}

/// Two servers starting together on one fresh PostgreSQL database both migrate
/// successfully (the advisory lock serialises them) and leave one schema.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_migrations_on_postgres_are_serialised() {
    use sea_orm::ConnectionTrait;
    let db = TestDb::new(Backend::Postgres).await;
    let admin = db.connect().await;
    let name = format!("{}_race", db.url.rsplit('/').next().unwrap());
    admin
        .execute_unprepared(&format!("CREATE DATABASE {name}"))
        .await
        .unwrap();
    let mut u = url::Url::parse(&db.url).unwrap();
    u.set_path(&format!("/{name}"));
    let url = u.to_string();
    let mut handles = Vec::new();
    for _ in 0..3 {
        let url = url.clone();
        handles.push(tokio::spawn(async move {
            let conn = cargoman::db::connect_url(&url, 2, 10).await.unwrap();
            cargoman::db::migrate(&conn).await
        }));
    }
    for h in handles {
        h.await
            .unwrap()
            .expect("every concurrent migration succeeds");
    }
    let conn = cargoman::db::connect_url(&url, 1, 10).await.unwrap();
    let (applied, pending) = cargoman::db::migration_status(&conn).await.unwrap();
    let all = <cargoman_migrations::Migrator as cargoman_migrations::MigratorTrait>::migrations();
    assert_eq!((applied.len(), pending.len()), (all.len(), 0));
    let tenants = conn
        .query_all(sea_orm::Statement::from_string(
            conn.get_database_backend(),
            "SELECT slug FROM tenants",
        ))
        .await
        .unwrap();
    assert_eq!(tenants.len(), 1, "the default tenant was seeded once");
    let _ = conn.close().await;
    admin
        .execute_unprepared(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
        .await
        .ok();
}
