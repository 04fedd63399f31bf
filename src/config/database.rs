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

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct CacheSettings {
    /// Optional Redis used to share caches between several `serve` processes.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub redis_url: Option<SecretUrl>,
}
