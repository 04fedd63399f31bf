//! Layering, validation and redaction of the settings.

use std::collections::HashMap;

use super::*;

fn opts(dir: &Path, env: &[(&str, &str)]) -> LoadOptions {
    LoadOptions {
        file: None,
        working_dir: dir.to_path_buf(),
        env: env
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect::<HashMap<_, _>>(),
    }
}

#[test]
fn defaults_use_embedded_database_and_data_folder() {
    let dir = tempfile::tempdir().unwrap();
    let s = Settings::load(&opts(dir.path(), &[])).unwrap();
    assert_eq!(s.server.port, 8080);
    assert_eq!(s.server.host, "0.0.0.0");
    assert!(s.is_embedded_database());
    assert_eq!(s.data_dir, dir.path().join("data"));
    assert_eq!(s.storage_path(), dir.path().join("data").join("packages"));
    assert_eq!(s.proxy.metadata_ttl, 3600);
    assert_eq!(s.proxy.max_cache_size, 10_737_418_240);
    assert_eq!(s.audit.retention_days, 90);
}

#[test]
fn layers_apply_in_order_file_dotenv_env() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("cargoman.toml"),
        "[server]\nport = 9000\nhost = \"127.0.0.1\"\n[proxy]\nmetadata_ttl = 10\n",
    )
    .unwrap();
    std::fs::write(dir.path().join(".env"), "PORT=9100\nPROXY_ENABLED=true\n").unwrap();
    let s = Settings::load(&opts(dir.path(), &[("PORT", "9200")])).unwrap();
    assert_eq!(s.server.port, 9200, "environment beats .env and file");
    assert!(s.proxy.enabled, ".env beats defaults");
    assert_eq!(s.server.host, "127.0.0.1", "file beats defaults");
    assert_eq!(s.proxy.metadata_ttl, 10);

    let s = Settings::load(&opts(dir.path(), &[])).unwrap();
    assert_eq!(s.server.port, 9100, ".env beats file");
}

#[test]
fn cache_bounds_come_from_the_file_or_the_environment() {
    let dir = tempfile::tempdir().unwrap();
    let s = Settings::load(&opts(dir.path(), &[])).unwrap();
    assert_eq!(s.cache.max_rendered_bytes, 64 * 1024 * 1024);
    assert_eq!(s.cache.max_tenants, 1000);
    std::fs::write(
        dir.path().join("cargoman.toml"),
        "[cache]\nmax_rendered_bytes = 1000\nmax_tenants = 5\n",
    )
    .unwrap();
    let s = Settings::load(&opts(dir.path(), &[])).unwrap();
    assert_eq!((s.cache.max_rendered_bytes, s.cache.max_tenants), (1000, 5));
    let env = [("CACHE_MAX_BYTES", "16M"), ("CACHE_MAX_TENANTS", "50")];
    let s = Settings::load(&opts(dir.path(), &env)).unwrap();
    assert_eq!(s.cache.max_rendered_bytes, 16 * 1024 * 1024);
    assert_eq!(s.cache.max_tenants, 50);
    let err = Settings::load(&opts(dir.path(), &[("CACHE_MAX_TENANTS", "0")])).unwrap_err();
    assert!(err.to_string().contains("CACHE_MAX_TENANTS"), "{err}");
}

#[test]
fn unknown_keys_name_the_key() {
    let err = Settings::from_toml("[server]\nprot = 1\n").unwrap_err();
    assert!(err.contains("prot"), "{err}");
    assert!(err.contains("line 2"), "{err}");
    let err = Settings::from_toml("colour = \"red\"\n").unwrap_err();
    assert!(err.contains("colour"), "{err}");
}

#[test]
fn bad_environment_values_are_named() {
    let dir = tempfile::tempdir().unwrap();
    let err = Settings::load(&opts(dir.path(), &[("PORT", "eighty")])).unwrap_err();
    let text = err.to_string();
    assert!(text.contains("PORT") && text.contains("eighty"), "{text}");
    let err = Settings::load(&opts(dir.path(), &[("STORAGE_BACKEND", "tape")])).unwrap_err();
    assert!(err.to_string().contains("filesystem, s3"), "{err}");
}

#[test]
fn r2_spellings_and_s3_validation() {
    let dir = tempfile::tempdir().unwrap();
    let err = Settings::load(&opts(dir.path(), &[("STORAGE_BACKEND", "r2")])).unwrap_err();
    assert!(err.to_string().contains("S3_BUCKET"), "{err}");
    let s = Settings::load(&opts(
        dir.path(),
        &[
            ("STORAGE_BACKEND", "r2"),
            ("R2_BUCKET", "b"),
            ("R2_SECRET_ACCESS_KEY", "sk"),
        ],
    ))
    .unwrap();
    assert_eq!(s.storage.backend, StorageBackend::S3);
    assert_eq!(s.storage.s3.bucket.as_deref(), Some("b"));
}

#[test]
fn show_redacts_every_secret() {
    let dir = tempfile::tempdir().unwrap();
    let s = Settings::load(&opts(
        dir.path(),
        &[
            ("DATABASE_URL", "postgres://u:dbpass@h/db"),
            ("ADMIN_TOKEN", "admintok"),
            ("S3_BUCKET", "b"),
            ("S3_SECRET_ACCESS_KEY", "s3secret"),
            ("GITHUB_WEBHOOK_SECRET", "ghsecret"),
            ("REDIS_URL", "redis://:redispass@h"),
            ("CARGOMAN_ENCRYPTION_KEY", "enckey"),
            ("METRICS_TOKEN", "metricstok"),
        ],
    ))
    .unwrap();
    let shown = s.to_redacted_toml();
    let json = serde_json::to_string(&s).unwrap();
    let debug = format!("{s:?}");
    for secret in [
        "dbpass",
        "admintok",
        "s3secret",
        "ghsecret",
        "redispass",
        "enckey",
        "metricstok",
    ] {
        assert!(!shown.contains(secret), "{secret} in {shown}");
        assert!(!json.contains(secret), "{secret} in {json}");
        assert!(!debug.contains(secret), "{secret} in debug");
    }
    assert!(shown.contains("[redacted]"));
    assert_eq!(
        s.metrics.token.as_ref().map(|t| t.expose()),
        Some("metricstok")
    );
    assert!(shown.contains("[metrics]"), "{shown}");
}

#[test]
fn invalid_combinations_are_rejected() {
    let dir = tempfile::tempdir().unwrap();
    for (name, value) in [
        ("BASE_URL", "composer.example.com"),
        ("DATABASE_URL", "mysql://x"),
        ("ADMIN_TOKEN_HASH", "abc"),
    ] {
        let err = Settings::load(&opts(dir.path(), &[(name, value)]));
        assert!(err.is_err(), "{name}={value} should be refused");
    }
}

#[test]
fn explicit_missing_file_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let mut o = opts(dir.path(), &[]);
    o.file = Some(dir.path().join("nope.toml"));
    let err = Settings::load(&o).unwrap_err();
    assert!(err.to_string().contains("nope.toml"));
}

#[test]
fn metrics_token_comes_from_the_file_or_the_environment() {
    let dir = tempfile::tempdir().unwrap();
    let s = Settings::load(&opts(dir.path(), &[])).unwrap();
    assert!(s.metrics.token.is_none(), "open by default");
    std::fs::write(
        dir.path().join("cargoman.toml"),
        "[metrics]\ntoken = \"from-file\"\n",
    )
    .unwrap();
    let s = Settings::load(&opts(dir.path(), &[])).unwrap();
    assert_eq!(s.metrics.token.as_ref().unwrap().expose(), "from-file");
    assert!(!s.to_redacted_toml().contains("from-file"));
    let s = Settings::load(&opts(dir.path(), &[("METRICS_TOKEN", "from-env")])).unwrap();
    assert_eq!(s.metrics.token.as_ref().unwrap().expose(), "from-env");
    let err = Settings::from_toml("[metrics]\ntokn = \"x\"\n").unwrap_err();
    assert!(err.contains("tokn"), "{err}");
}
