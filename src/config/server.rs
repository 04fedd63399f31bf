//! `[server]`, `[admin]`, `[graphql]` and `[log]`: the HTTP side of `cargoman serve`.

use serde::{Deserialize, Serialize};

use super::secret::Secret;

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ServerSettings {
    pub host: String,
    pub port: u16,
    /// Public URL of the registry, e.g. `https://composer.example.com`. When unset,
    /// URLs are built from the request's Host (and forwarded headers from a trusted
    /// proxy).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub base_url: Option<String>,
    /// Origins allowed by CORS on the API; empty means no CORS headers.
    pub cors_origins: Vec<String>,
    /// Addresses (IPs or CIDR blocks) of reverse proxies whose `X-Forwarded-*` and
    /// `Forwarded` headers are believed.
    pub trusted_proxies: Vec<String>,
    /// Connections served at once; past it new ones wait in the kernel's backlog
    /// (`MAX_CONNECTIONS`).
    pub max_connections: usize,
    /// Seconds a client may stay silent while sending a request's headers or body
    /// before the connection is closed (`REQUEST_READ_TIMEOUT`).
    pub request_read_timeout: u64,
}

impl Default for ServerSettings {
    fn default() -> Self {
        Self {
            host: "0.0.0.0".into(),
            port: 8080,
            base_url: None,
            cors_origins: Vec::new(),
            trusted_proxies: vec!["127.0.0.1".into(), "::1".into()],
            max_connections: 4096,
            request_read_timeout: 30,
        }
    }
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct AdminSettings {
    /// An owner-level API credential given in the configuration (plain).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub token: Option<Secret>,
    /// The same, given as the SHA-256 hex of the token, so the plain value never
    /// touches the configuration.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub token_hash: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct GraphqlSettings {
    pub playground: bool,
    pub introspection: bool,
    pub max_depth: usize,
    pub max_complexity: usize,
}

impl Default for GraphqlSettings {
    fn default() -> Self {
        Self {
            playground: false,
            introspection: true,
            max_depth: 12,
            max_complexity: 2000,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LogFormat {
    #[default]
    Text,
    Json,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct LogSettings {
    /// A `tracing` filter such as `info` or `cargoman=debug,sqlx=warn` (`RUST_LOG`).
    pub filter: String,
    pub format: LogFormat,
}

impl Default for LogSettings {
    fn default() -> Self {
        Self {
            filter: "info".into(),
            format: LogFormat::Text,
        }
    }
}
