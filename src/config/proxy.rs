//! `[proxy]`: the Packagist proxy served behind the same repository URL.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ProxySettings {
    pub enabled: bool,
    /// Seconds before cached metadata is revalidated upstream.
    pub metadata_ttl: u64,
    /// Seconds an unused archive is kept.
    pub archive_ttl: u64,
    /// Bytes the proxy cache may use at most.
    pub max_cache_size: u64,
    pub packagist_url: String,
    pub user_agent: String,
    /// Seconds before an upstream request is abandoned.
    pub upstream_timeout: u64,
    /// Seconds between cache clean-ups.
    pub cleanup_interval: u64,
    /// Seconds between reads of an upstream's `metadata-changes-url` feed.
    pub changes_interval: u64,
    /// Bytes of the largest archive the proxy fetches and keeps.
    pub max_archive_size: u64,
}

impl Default for ProxySettings {
    fn default() -> Self {
        Self {
            enabled: false,
            metadata_ttl: 3600,
            archive_ttl: 86400,
            max_cache_size: 10_737_418_240,
            packagist_url: "https://repo.packagist.org".into(),
            user_agent: format!("cargoman/{}", env!("CARGO_PKG_VERSION")),
            upstream_timeout: 60,
            cleanup_interval: 3600,
            changes_interval: 60,
            max_archive_size: 536_870_912,
        }
    }
}
