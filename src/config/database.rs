//! `[database]` and `[cache]`: where rows live and the optional shared cache.

use serde::{Deserialize, Serialize};

use super::secret::SecretUrl;

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct DatabaseSettings {
    /// `sqlite://…` or `postgres://…`; unset means the embedded SQLite file
    /// `<data_dir>/cargoman.db`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<SecretUrl>,
    pub max_connections: u32,
    /// Seconds to wait for a connection before failing (never hang).
    pub connect_timeout: u64,
}

impl Default for DatabaseSettings {
    fn default() -> Self {
        Self {
            url: None,
            max_connections: 10,
            connect_timeout: 5,
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct CacheSettings {
    /// Optional Redis used to share caches between several `serve` processes.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub redis_url: Option<SecretUrl>,
    /// Bytes of rendered Composer files kept in memory, every tenant together; past it
    /// the tenants served least recently give theirs up first.
    pub max_rendered_bytes: u64,
    /// Tenants whose Composer state is kept in memory; past it the one served least
    /// recently is dropped (and loaded again on its next request).
    pub max_tenants: usize,
}

impl Default for CacheSettings {
    fn default() -> Self {
        Self {
            redis_url: None,
            max_rendered_bytes: 64 * 1024 * 1024,
            max_tenants: 1000,
        }
    }
}
