//! `[tasks]`, `[audit]`, `[webhooks]` and `[security]`: background work and its inputs.

use serde::{Deserialize, Serialize};

use super::secret::Secret;

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct TaskSettings {
    /// Seconds between automatic re-syncs of every package; 0 turns them off.
    pub sync_interval: u64,
    /// Background workers per `serve` process.
    pub num_workers: usize,
    /// Seconds a git fetch may wait for its connection.
    pub git_connect_timeout: u64,
    /// Seconds a git fetch may go without receiving a byte (git's `http.lowSpeedTime`).
    pub git_low_speed_time: u64,
    /// Seconds a whole git fetch may take.
    pub git_timeout: u64,
    /// Seconds after which a stored archive that no version names is an orphan of an
    /// unfinished sync, deleted by the package's next sync that builds (longer than any
    /// sync runs, so another server's sync in progress keeps its uploads).
    pub orphan_grace: u64,
}

impl Default for TaskSettings {
    fn default() -> Self {
        Self {
            sync_interval: 3600,
            num_workers: 2,
            git_connect_timeout: 20,
            git_low_speed_time: 60,
            git_timeout: 1800,
            orphan_grace: 3600,
        }
    }
}

impl TaskSettings {
    /// The time limits of every git fetch.
    pub fn fetch_limits(&self) -> crate::git::FetchLimits {
        use std::time::Duration;
        crate::git::FetchLimits {
            connect_timeout: Duration::from_secs(self.git_connect_timeout.max(1)),
            low_speed_time: Duration::from_secs(self.git_low_speed_time.max(1)),
            timeout: Duration::from_secs(self.git_timeout.max(1)),
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct AuditSettings {
    /// Days audit rows are kept; 0 keeps them forever.
    pub retention_days: u32,
}

impl Default for AuditSettings {
    fn default() -> Self {
        Self { retention_days: 90 }
    }
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct WebhookSettings {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub github_secret: Option<Secret>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub gitlab_secret: Option<Secret>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bitbucket_secret: Option<Secret>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct SecuritySettings {
    /// Key that encrypts repository credentials at rest (base64 of 32 bytes). When
    /// unset, one is generated once into `<data_dir>/secret.key`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub encryption_key: Option<Secret>,
    /// Failed Composer/API authentications allowed per client IP and minute.
    pub auth_failures_per_minute: Option<u32>,
    /// Requests per minute an API credential (or, without one, a client address) may
    /// make on `/api/v1` and `/graphql` (default 1200).
    pub api_requests_per_minute: Option<u32>,
    /// Webhook deliveries per minute accepted from one client address (default 120);
    /// past it the answer is 429 before the body is read.
    pub webhook_requests_per_minute: Option<u32>,
    /// How long a web UI session (dashboard or portal) lasts after signing in, in
    /// minutes (default 480).
    pub session_minutes: Option<u32>,
    /// Lets repository URLs given over the network (REST, GraphQL, UI) reach the server
    /// itself: `file://` and local paths, loopback, link-local and private addresses.
    /// Off by default; the CLI may always use them.
    pub repository_allow_local: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ArchiveSettings {
    /// Largest file a package archive may contain (bytes); a version with a larger file
    /// is skipped with a warning.
    pub max_file_size: u64,
    /// Largest sum of file sizes of one archive (bytes, at most 4 GiB).
    pub max_size: u64,
}

impl Default for ArchiveSettings {
    fn default() -> Self {
        Self {
            max_file_size: crate::archive::DEFAULT_MAX_FILE_SIZE,
            max_size: crate::archive::DEFAULT_MAX_TOTAL_SIZE,
        }
    }
}
