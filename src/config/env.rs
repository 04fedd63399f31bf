//! The environment names of product.md section 2 and how each one sets a value.
//!
//! Both `.env` and the process environment go through this one table, so a name
//! works the same wherever it is given.

use std::path::PathBuf;

use super::Settings;
use super::secret::{Secret, SecretUrl};
use super::server::LogFormat;
use super::storage::StorageBackend;
use super::tenant::TenantMode;

type Setter = fn(&mut Settings, &str) -> Result<(), String>;

/// Every environment name cargoman reads, with the setting it fills.
pub const VARS: &[(&str, Setter)] = &[
    ("CARGOMAN_DATA_DIR", |s, v| {
        s.data_dir = PathBuf::from(v);
        Ok(())
    }),
    ("DATABASE_URL", |s, v| {
        s.database.url = non_empty(v).map(SecretUrl::new);
        Ok(())
    }),
    ("DATABASE_MAX_CONNECTIONS", |s, v| {
        s.database.max_connections = positive(v)?;
        Ok(())
    }),
    ("DATABASE_CONNECT_TIMEOUT", |s, v| {
        s.database.connect_timeout = seconds(v)?;
        Ok(())
    }),
    ("HOST", |s, v| {
        s.server.host = v.trim().to_string();
        Ok(())
    }),
    ("PORT", |s, v| {
        s.server.port = v
            .trim()
            .parse()
            .map_err(|_| format!("\"{v}\" is not a port number (1-65535)"))?;
        Ok(())
    }),
    ("BASE_URL", |s, v| {
        s.server.base_url = non_empty(v);
        Ok(())
    }),
    ("CORS_ORIGINS", |s, v| {
        s.server.cors_origins = list(v);
        Ok(())
    }),
    ("TRUSTED_PROXIES", |s, v| {
        s.server.trusted_proxies = list(v);
        Ok(())
    }),
    ("MAX_CONNECTIONS", |s, v| {
        s.server.max_connections = positive(v)?;
        Ok(())
    }),
    ("REQUEST_READ_TIMEOUT", |s, v| {
        s.server.request_read_timeout = seconds(v)?;
        Ok(())
    }),
    ("ADMIN_TOKEN", |s, v| {
        s.admin.token = non_empty(v).map(Secret::new);
        Ok(())
    }),
    ("METRICS_TOKEN", |s, v| {
        s.metrics.token = non_empty(v).map(Secret::new);
        Ok(())
    }),
    ("ADMIN_TOKEN_HASH", |s, v| {
        s.admin.token_hash = non_empty(v);
        Ok(())
    }),
    ("STORAGE_BACKEND", |s, v| {
        s.storage.backend = StorageBackend::parse(v)?;
        Ok(())
    }),
    ("STORAGE_PATH", |s, v| {
        s.storage.path = non_empty(v).map(PathBuf::from);
        Ok(())
    }),
    ("STORAGE_PRESIGNED_REDIRECT", |s, v| {
        s.storage.presigned_redirect = boolean(v)?;
        Ok(())
    }),
    ("STORAGE_PRESIGNED_EXPIRY", |s, v| {
        s.storage.presigned_expiry = seconds(v)?;
        Ok(())
    }),
    ("STORAGE_CHECK_INTERVAL", |s, v| {
        s.storage.check_interval = seconds(v)?;
        Ok(())
    }),
    ("S3_BUCKET", set_bucket),
    ("R2_BUCKET", set_bucket),
    ("S3_ENDPOINT", set_endpoint),
    ("R2_ENDPOINT", set_endpoint),
    ("S3_REGION", set_region),
    ("R2_REGION", set_region),
    ("S3_ACCESS_KEY_ID", set_access_key),
    ("R2_ACCESS_KEY_ID", set_access_key),
    ("S3_SECRET_ACCESS_KEY", set_secret_key),
    ("R2_SECRET_ACCESS_KEY", set_secret_key),
    ("S3_PREFIX", |s, v| {
        s.storage.s3.prefix = v.trim().trim_matches('/').to_string();
        Ok(())
    }),
    ("REDIS_URL", |s, v| {
        s.cache.redis_url = non_empty(v).map(SecretUrl::new);
        Ok(())
    }),
    ("CACHE_MAX_BYTES", |s, v| {
        s.cache.max_rendered_bytes = bytes(v)?;
        Ok(())
    }),
    ("CACHE_MAX_TENANTS", |s, v| {
        s.cache.max_tenants = positive::<usize>(v)?;
        Ok(())
    }),
    ("TENANT_MODE", |s, v| {
        s.tenant.mode = match v.trim().to_ascii_lowercase().as_str() {
            "single" => TenantMode::Single,
            "multi" => TenantMode::Multi,
            _ => {
                return Err(format!(
                    "\"{v}\" is not a tenant mode (accepted: single, multi)"
                ));
            }
        };
        Ok(())
    }),
    ("TENANT_SUBDOMAIN_SUFFIX", |s, v| {
        s.tenant.subdomain_suffix = non_empty(v);
        Ok(())
    }),
    ("PROXY_ENABLED", |s, v| {
        s.proxy.enabled = boolean(v)?;
        Ok(())
    }),
    ("PROXY_METADATA_TTL", |s, v| {
        s.proxy.metadata_ttl = seconds(v)?;
        Ok(())
    }),
    ("PROXY_ARCHIVE_TTL", |s, v| {
        s.proxy.archive_ttl = seconds(v)?;
        Ok(())
    }),
    ("PROXY_MAX_CACHE_SIZE", |s, v| {
        s.proxy.max_cache_size = bytes(v)?;
        Ok(())
    }),
    ("PROXY_PACKAGIST_URL", |s, v| {
        s.proxy.packagist_url = v.trim().trim_end_matches('/').to_string();
        Ok(())
    }),
    ("PROXY_USER_AGENT", |s, v| {
        s.proxy.user_agent = v.trim().to_string();
        Ok(())
    }),
    ("PROXY_UPSTREAM_TIMEOUT", |s, v| {
        s.proxy.upstream_timeout = seconds(v)?;
        Ok(())
    }),
    ("PROXY_CLEANUP_INTERVAL", |s, v| {
        s.proxy.cleanup_interval = seconds(v)?;
        Ok(())
    }),
    ("PROXY_CHANGES_INTERVAL", |s, v| {
        s.proxy.changes_interval = seconds(v)?;
        Ok(())
    }),
    ("PROXY_MAX_ARCHIVE_SIZE", |s, v| {
        s.proxy.max_archive_size = bytes(v)?;
        Ok(())
    }),
    ("TASK_SYNC_INTERVAL", |s, v| {
        s.tasks.sync_interval = seconds(v)?;
        Ok(())
    }),
    ("TASK_NUM_WORKERS", |s, v| {
        s.tasks.num_workers = positive::<usize>(v)?;
        Ok(())
    }),
    ("TASK_GIT_CONNECT_TIMEOUT", |s, v| {
        s.tasks.git_connect_timeout = seconds(v)?;
        Ok(())
    }),
    ("TASK_GIT_LOW_SPEED_TIME", |s, v| {
        s.tasks.git_low_speed_time = seconds(v)?;
        Ok(())
    }),
    ("TASK_GIT_TIMEOUT", |s, v| {
        s.tasks.git_timeout = seconds(v)?;
        Ok(())
    }),
    ("TASK_ORPHAN_GRACE", |s, v| {
        s.tasks.orphan_grace = seconds(v)?;
        Ok(())
    }),
    ("ARCHIVE_MAX_FILE_SIZE", |s, v| {
        s.archive.max_file_size = bytes(v)?;
        Ok(())
    }),
    ("ARCHIVE_MAX_SIZE", |s, v| {
        s.archive.max_size = bytes(v)?;
        Ok(())
    }),
    ("AUDIT_LOG_RETENTION_DAYS", |s, v| {
        s.audit.retention_days = v
            .trim()
            .parse()
            .map_err(|_| format!("\"{v}\" is not a number of days"))?;
        Ok(())
    }),
    ("GITHUB_WEBHOOK_SECRET", |s, v| {
        s.webhooks.github_secret = non_empty(v).map(Secret::new);
        Ok(())
    }),
    ("GITLAB_WEBHOOK_SECRET", |s, v| {
        s.webhooks.gitlab_secret = non_empty(v).map(Secret::new);
        Ok(())
    }),
    ("BITBUCKET_WEBHOOK_SECRET", |s, v| {
        s.webhooks.bitbucket_secret = non_empty(v).map(Secret::new);
        Ok(())
    }),
    ("REPOSITORY_ALLOW_LOCAL", |s, v| {
        s.security.repository_allow_local = boolean(v)?;
        Ok(())
    }),
    ("API_RATE_LIMIT", |s, v| {
        s.security.api_requests_per_minute = Some(
            v.trim()
                .parse()
                .map_err(|_| format!("\"{v}\" is not a number of requests per minute"))?,
        );
        Ok(())
    }),
    ("WEBHOOK_RATE_LIMIT", |s, v| {
        s.security.webhook_requests_per_minute = Some(positive(v)?);
        Ok(())
    }),
    ("UI_SESSION_MINUTES", |s, v| {
        let minutes: u32 = v
            .trim()
            .parse()
            .ok()
            .filter(|m| *m > 0)
            .ok_or_else(|| format!("\"{v}\" is not a positive number of minutes"))?;
        s.security.session_minutes = Some(minutes);
        Ok(())
    }),
    ("GRAPHQL_PLAYGROUND", |s, v| {
        s.graphql.playground = boolean(v)?;
        Ok(())
    }),
    ("GRAPHQL_INTROSPECTION", |s, v| {
        s.graphql.introspection = boolean(v)?;
        Ok(())
    }),
    ("RUST_LOG", |s, v| {
        s.log.filter = v.trim().to_string();
        Ok(())
    }),
    ("LOG_FORMAT", |s, v| {
        s.log.format = match v.trim().to_ascii_lowercase().as_str() {
            "text" | "pretty" => LogFormat::Text,
            "json" => LogFormat::Json,
            _ => {
                return Err(format!(
                    "\"{v}\" is not a log format (accepted: text, json)"
                ));
            }
        };
        Ok(())
    }),
    ("CARGOMAN_ENCRYPTION_KEY", |s, v| {
        s.security.encryption_key = non_empty(v).map(Secret::new);
        Ok(())
    }),
];

fn set_bucket(s: &mut Settings, v: &str) -> Result<(), String> {
    s.storage.s3.bucket = non_empty(v);
    Ok(())
}

fn set_endpoint(s: &mut Settings, v: &str) -> Result<(), String> {
    s.storage.s3.endpoint = non_empty(v);
    Ok(())
}

fn set_region(s: &mut Settings, v: &str) -> Result<(), String> {
    s.storage.s3.region = v.trim().to_string();
    Ok(())
}

fn set_access_key(s: &mut Settings, v: &str) -> Result<(), String> {
    s.storage.s3.access_key_id = non_empty(v);
    Ok(())
}

fn set_secret_key(s: &mut Settings, v: &str) -> Result<(), String> {
    s.storage.s3.secret_access_key = non_empty(v).map(Secret::new);
    Ok(())
}

fn non_empty(v: &str) -> Option<String> {
    let v = v.trim();
    (!v.is_empty()).then(|| v.to_string())
}

fn list(v: &str) -> Vec<String> {
    v.split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(String::from)
        .collect()
}

fn boolean(v: &str) -> Result<bool, String> {
    match v.trim().to_ascii_lowercase().as_str() {
        "1" | "true" | "yes" | "on" => Ok(true),
        "0" | "false" | "no" | "off" | "" => Ok(false),
        _ => Err(format!(
            "\"{v}\" is not a boolean (accepted: true, false, 1, 0)"
        )),
    }
}

fn positive<T: std::str::FromStr + PartialEq + Default>(v: &str) -> Result<T, String> {
    match v.trim().parse::<T>() {
        Ok(n) if n != T::default() => Ok(n),
        _ => Err(format!("\"{v}\" is not a positive whole number")),
    }
}

/// Seconds, optionally with a unit: `90`, `90s`, `15m`, `1h`, `7d`.
pub fn seconds(v: &str) -> Result<u64, String> {
    let v = v.trim();
    let (digits, unit) = match v.find(|c: char| !c.is_ascii_digit()) {
        Some(at) => v.split_at(at),
        None => (v, ""),
    };
    let factor = match unit {
        "" | "s" => 1,
        "m" => 60,
        "h" => 3600,
        "d" => 86400,
        _ => 0,
    };
    match digits.parse::<u64>() {
        Ok(n) if factor > 0 => n
            .checked_mul(factor)
            .ok_or_else(|| format!("\"{v}\" is too large")),
        _ => Err(format!(
            "\"{v}\" is not a duration (seconds, or a number with s, m, h or d)"
        )),
    }
}

/// Bytes, optionally with a binary unit: `10737418240`, `512M`, `10G`.
pub fn bytes(v: &str) -> Result<u64, String> {
    let v = v.trim();
    let upper = v.to_ascii_uppercase();
    let trimmed = upper.trim_end_matches("IB").trim_end_matches('B');
    let (digits, factor) = match trimmed.chars().last() {
        Some('K') => (&trimmed[..trimmed.len() - 1], 1u64 << 10),
        Some('M') => (&trimmed[..trimmed.len() - 1], 1 << 20),
        Some('G') => (&trimmed[..trimmed.len() - 1], 1 << 30),
        Some('T') => (&trimmed[..trimmed.len() - 1], 1 << 40),
        _ => (trimmed, 1),
    };
    digits
        .trim()
        .parse::<u64>()
        .ok()
        .and_then(|n| n.checked_mul(factor))
        .ok_or_else(|| format!("\"{v}\" is not a size (bytes, or a number with K, M, G or T)"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_and_sizes() {
        assert_eq!(seconds("90").unwrap(), 90);
        assert_eq!(seconds("15m").unwrap(), 900);
        assert_eq!(seconds("1h").unwrap(), 3600);
        assert!(seconds("soon").is_err());
        assert!(seconds("5w").is_err());
        assert_eq!(bytes("512M").unwrap(), 512 << 20);
        assert_eq!(bytes("10GiB").unwrap(), 10 << 30);
        assert_eq!(bytes("10737418240").unwrap(), 10_737_418_240);
        assert!(bytes("lots").is_err());
    }

    #[test]
    fn names_are_unique() {
        let mut names: Vec<_> = VARS.iter().map(|(n, _)| *n).collect();
        names.sort_unstable();
        let before = names.len();
        names.dedup();
        assert_eq!(before, names.len());
    }
}
