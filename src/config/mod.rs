//! Settings of cargoman, loaded in layers.
//!
//! Precedence, lowest first:
//! 1. built-in defaults ([`Settings::default`]);
//! 2. the TOML file given by `--config` or `CARGOMAN_CONFIG`, else `./cargoman.toml`
//!    when it exists (unknown keys are errors that name the key);
//! 3. `.env` in the working directory;
//! 4. the process environment (names in [`env::VARS`], product.md section 2);
//! 5. command-line flags (applied by the CLI after loading).
//!
//! Secrets are wrapped in [`Secret`]/[`SecretUrl`], whose `Debug` and `Serialize` redact
//! them, so `config show` and logs can never print one.

pub mod database;
pub mod env;
pub mod metrics;
pub mod proxy;
pub mod secret;
pub mod server;
pub mod storage;
pub mod tasks;
pub mod tenant;

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

pub use database::{CacheSettings, DatabaseSettings};
pub use metrics::MetricsSettings;
pub use proxy::ProxySettings;
pub use secret::{Secret, SecretUrl};
pub use server::{AdminSettings, GraphqlSettings, LogFormat, LogSettings, ServerSettings};
pub use storage::{S3Settings, StorageBackend, StorageSettings};
pub use tasks::{ArchiveSettings, AuditSettings, SecuritySettings, TaskSettings, WebhookSettings};
pub use tenant::{TenantMode, TenantSettings};

/// The file read when neither `--config` nor `CARGOMAN_CONFIG` names one.
pub const DEFAULT_CONFIG_FILE: &str = "cargoman.toml";

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("cannot read config file {path}: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("config file {path}: {message}")]
    File { path: PathBuf, message: String },
    #[error("cannot read {path}: {message}")]
    DotEnv { path: PathBuf, message: String },
    #[error("environment variable {name}: {message}")]
    Env { name: String, message: String },
    #[error("invalid configuration: {0}")]
    Invalid(String),
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Settings {
    /// Folder of the embedded database, archives, mirrors and generated keys.
    pub data_dir: PathBuf,
    pub database: DatabaseSettings,
    pub server: ServerSettings,
    pub admin: AdminSettings,
    pub storage: StorageSettings,
    pub cache: CacheSettings,
    pub tenant: TenantSettings,
    pub proxy: ProxySettings,
    pub tasks: TaskSettings,
    pub archive: ArchiveSettings,
    pub audit: AuditSettings,
    pub webhooks: WebhookSettings,
    pub graphql: GraphqlSettings,
    pub log: LogSettings,
    pub security: SecuritySettings,
    pub metrics: MetricsSettings,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            data_dir: PathBuf::from("./data"),
            database: DatabaseSettings::default(),
            server: ServerSettings::default(),
            admin: AdminSettings::default(),
            storage: StorageSettings::default(),
            cache: CacheSettings::default(),
            tenant: TenantSettings::default(),
            proxy: ProxySettings::default(),
            tasks: TaskSettings::default(),
            archive: ArchiveSettings::default(),
            audit: AuditSettings::default(),
            webhooks: WebhookSettings::default(),
            graphql: GraphqlSettings::default(),
            log: LogSettings::default(),
            security: SecuritySettings::default(),
            metrics: MetricsSettings::default(),
        }
    }
}

/// Where the layers come from; [`LoadOptions::from_process`] reads the real ones.
#[derive(Debug, Default, Clone)]
pub struct LoadOptions {
    /// An explicit config file (`--config`); it must exist.
    pub file: Option<PathBuf>,
    /// Folder searched for `.env` and the default `cargoman.toml`.
    pub working_dir: PathBuf,
    /// The process environment.
    pub env: HashMap<String, String>,
}

impl LoadOptions {
    pub fn from_process(file: Option<PathBuf>) -> Self {
        Self {
            file,
            working_dir: std::env::current_dir().unwrap_or_else(|_| PathBuf::from(".")),
            env: std::env::vars().collect(),
        }
    }
}

impl Settings {
    /// Loads defaults < file < `.env` < environment and validates the result.
    pub fn load(opts: &LoadOptions) -> Result<Self, ConfigError> {
        let mut settings = match config_file(opts) {
            Some(path) => Self::from_file(&path)?,
            None => Self::default(),
        };
        let dotenv = read_dotenv(&opts.working_dir.join(".env"))?;
        settings.apply_env(&dotenv)?;
        settings.apply_env(&opts.env)?;
        if settings.data_dir.is_relative() {
            settings.data_dir = clean_join(&opts.working_dir, &settings.data_dir);
        }
        settings.validate()?;
        Ok(settings)
    }

    pub fn from_file(path: &Path) -> Result<Self, ConfigError> {
        let text = std::fs::read_to_string(path).map_err(|source| ConfigError::Read {
            path: path.to_path_buf(),
            source,
        })?;
        Self::from_toml(&text).map_err(|message| ConfigError::File {
            path: path.to_path_buf(),
            message,
        })
    }

    /// Parses TOML; unknown keys and wrong types give a message naming the key.
    pub fn from_toml(text: &str) -> Result<Self, String> {
        toml::from_str(text).map_err(|e| {
            let message = e.message().trim().to_string();
            match e.span() {
                Some(span) => {
                    let before = text.get(..span.start).unwrap_or(text);
                    let line = before.matches('\n').count() + 1;
                    // Name the table too: "unknown field" alone does not say where.
                    let table = before
                        .lines()
                        .rev()
                        .map(str::trim)
                        .find(|l| l.starts_with('[') && l.ends_with(']'));
                    match table {
                        Some(t) => format!("line {line} (in {t}): {message}"),
                        None => format!("line {line}: {message}"),
                    }
                }
                None => message,
            }
        })
    }

    fn apply_env(&mut self, env: &HashMap<String, String>) -> Result<(), ConfigError> {
        for (name, set) in env::VARS {
            if let Some(value) = env.get(*name) {
                set(self, value).map_err(|message| ConfigError::Env {
                    name: (*name).to_string(),
                    message,
                })?;
            }
        }
        Ok(())
    }

    /// Checks that need several values together.
    pub fn validate(&self) -> Result<(), ConfigError> {
        if let Some(base) = &self.server.base_url {
            let url = url::Url::parse(base)
                .map_err(|e| ConfigError::Invalid(format!("BASE_URL \"{base}\": {e}")))?;
            if !matches!(url.scheme(), "http" | "https") || url.host_str().is_none() {
                return Err(ConfigError::Invalid(format!(
                    "BASE_URL \"{base}\" must be an absolute http:// or https:// URL"
                )));
            }
        }
        if let Some(url) = &self.database.url {
            let scheme = url.expose().split(':').next().unwrap_or_default();
            if !matches!(scheme, "sqlite" | "postgres" | "postgresql") {
                return Err(ConfigError::Invalid(format!(
                    "DATABASE_URL must start with sqlite:// or postgres:// (got {})",
                    url.redacted()
                )));
            }
        }
        if self.storage.backend == StorageBackend::S3 && self.storage.s3.bucket.is_none() {
            return Err(ConfigError::Invalid(
                "STORAGE_BACKEND=s3 needs S3_BUCKET (and usually S3_ENDPOINT, S3_ACCESS_KEY_ID, S3_SECRET_ACCESS_KEY)".into(),
            ));
        }
        if let Some(hash) = &self.admin.token_hash
            && (hash.len() != 64 || !hash.bytes().all(|b| b.is_ascii_hexdigit()))
        {
            return Err(ConfigError::Invalid(
                "ADMIN_TOKEN_HASH must be the 64-character SHA-256 hex of the token".into(),
            ));
        }
        if self.database.max_connections == 0 {
            return Err(ConfigError::Invalid(
                "DATABASE_MAX_CONNECTIONS must be at least 1".into(),
            ));
        }
        Ok(())
    }

    /// The database URL in effect: the configured one, or the embedded SQLite file.
    pub fn database_url(&self) -> String {
        match &self.database.url {
            Some(url) => url.expose().to_string(),
            None => format!("sqlite://{}?mode=rwc", self.sqlite_path().display()),
        }
    }

    /// Path of the embedded SQLite database.
    pub fn sqlite_path(&self) -> PathBuf {
        self.data_dir.join("cargoman.db")
    }

    /// True when no database was configured and the embedded SQLite file is used.
    pub fn is_embedded_database(&self) -> bool {
        self.database.url.is_none()
    }

    /// Folder of the filesystem storage backend.
    pub fn storage_path(&self) -> PathBuf {
        match &self.storage.path {
            Some(p) if p.is_relative() => clean_join(&self.data_dir, p),
            Some(p) => p.clone(),
            None => self.data_dir.join("packages"),
        }
    }

    /// The settings as TOML with every secret redacted.
    pub fn to_redacted_toml(&self) -> String {
        toml::to_string_pretty(self).unwrap_or_else(|e| format!("# cannot render: {e}\n"))
    }
}

/// `base/rel` without `.` components, so paths print as people expect.
fn clean_join(base: &Path, rel: &Path) -> PathBuf {
    base.join(rel)
        .components()
        .filter(|c| !matches!(c, std::path::Component::CurDir))
        .collect()
}

fn config_file(opts: &LoadOptions) -> Option<PathBuf> {
    if let Some(file) = &opts.file {
        return Some(file.clone());
    }
    if let Some(file) = opts.env.get("CARGOMAN_CONFIG").filter(|f| !f.is_empty()) {
        return Some(PathBuf::from(file));
    }
    let default = opts.working_dir.join(DEFAULT_CONFIG_FILE);
    default.is_file().then_some(default)
}

fn read_dotenv(path: &Path) -> Result<HashMap<String, String>, ConfigError> {
    if !path.is_file() {
        return Ok(HashMap::new());
    }
    let iter = dotenvy::from_path_iter(path).map_err(|e| ConfigError::DotEnv {
        path: path.to_path_buf(),
        message: e.to_string(),
    })?;
    iter.map(|item| {
        item.map_err(|e| ConfigError::DotEnv {
            path: path.to_path_buf(),
            message: e.to_string(),
        })
    })
    .collect()
}

#[cfg(test)]
mod tests;
