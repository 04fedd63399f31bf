//! Use-cases shared by the CLI, the REST and GraphQL APIs and the Composer endpoints.
//!
//! Nothing else talks to the database or storage. Every write runs in one transaction
//! together with its audit row, so a failed command leaves the database unchanged.

pub mod admin_tokens;
pub mod advisories;
pub mod audit;
pub mod changes;
pub mod composer;
pub mod credentials;
pub mod customers;
pub mod directory;
pub mod error;
pub mod events;
pub mod follow;
pub mod grants;
pub mod health;
pub mod jobs;
pub mod limits;
pub mod packages;
pub mod page;
pub mod portal;
pub mod preview;
pub mod proxy;
pub mod sessions;
pub mod stats;
pub mod sync;
pub mod tenants;
pub mod tokens;
pub mod usage;
pub mod webhooks;

use std::sync::Arc;

use chrono::{DateTime, Utc};
use sea_orm::{ConnectionTrait, DatabaseConnection, DatabaseTransaction, TransactionTrait};

pub use changes::ChangeSet;
pub use error::{ServiceError, ServiceResult};

use crate::config::Settings;
use crate::crypto::SecretBox;
use crate::domain::customer::AdminLevel;
use crate::storage::Storage;

/// Handle on the service layer; cheap to clone and share between tasks.
#[derive(Clone)]
pub struct Services {
    inner: Arc<Inner>,
}

struct Inner {
    db: DatabaseConnection,
    settings: Arc<Settings>,
    storage: Storage,
    /// Opened on first use: only credentials need it, and it may create a key file.
    secrets: std::sync::OnceLock<SecretBox>,
    /// Which tenant a request is for.
    directory: directory::Directory,
    /// What the Composer endpoints keep in memory.
    composer: composer::ComposerCache,
    proxy: proxy::ProxyState,
    /// Wakes idle background workers of this process when a job is queued here.
    jobs_ready: tokio::sync::Notify,
    /// Names this process in the change log and the servers table.
    instance: String,
    /// What this process's services finished, for subscribers.
    events: events::Events,
    /// Archive bytes served per tenant, until flushed.
    bandwidth: usage::Bandwidth,
    /// Whether the caches may answer (see [`follow::Freshness`]).
    freshness: follow::Freshness,
    /// The last storage check of `/ready`.
    storage_probe: health::StorageProbe,
}

impl Services {
    /// Assembles the service layer; fails on a storage configuration that cannot work.
    pub fn new(db: DatabaseConnection, settings: Arc<Settings>) -> ServiceResult<Self> {
        let storage =
            Storage::from_settings(&settings).map_err(|e| ServiceError::Storage(e.to_string()))?;
        let directory = directory::Directory::new(&settings);
        Ok(Self {
            inner: Arc::new(Inner {
                db,
                settings,
                storage,
                secrets: std::sync::OnceLock::new(),
                directory,
                composer: composer::ComposerCache::default(),
                proxy: proxy::ProxyState::default(),
                jobs_ready: tokio::sync::Notify::new(),
                instance: hex::encode(rand::random::<[u8; 12]>()),
                events: events::Events::default(),
                bandwidth: usage::Bandwidth::default(),
                freshness: follow::Freshness::default(),
                storage_probe: health::StorageProbe::default(),
            }),
        })
    }

    pub(crate) fn composer_cache(&self) -> &composer::ComposerCache {
        &self.inner.composer
    }

    pub(crate) fn proxy_state(&self) -> &proxy::ProxyState {
        &self.inner.proxy
    }

    pub(crate) fn freshness(&self) -> &follow::Freshness {
        &self.inner.freshness
    }

    /// Drops from this process's caches what a committed change touched.
    pub(crate) fn apply_change(&self, tenant_id: i64, target: changes::Target) {
        if target == changes::Target::Tenant {
            self.inner.directory.invalidate();
        }
        self.inner.composer.apply(tenant_id, target);
        self.inner.proxy.apply(tenant_id, target);
    }

    /// This process's name in the change log, the events and the servers table.
    pub fn instance(&self) -> &str {
        &self.inner.instance
    }

    /// Archive bytes served per tenant, counted in memory until flushed.
    pub(crate) fn bandwidth(&self) -> &usage::Bandwidth {
        &self.inner.bandwidth
    }

    /// The event bus (GraphQL subscriptions listen to it).
    pub fn events(&self) -> &events::Events {
        &self.inner.events
    }

    pub fn storage(&self) -> &Storage {
        &self.inner.storage
    }

    pub(crate) fn secrets(&self) -> ServiceResult<&SecretBox> {
        if let Some(s) = self.inner.secrets.get() {
            return Ok(s);
        }
        let opened = SecretBox::from_settings(&self.inner.settings)
            .map_err(|e| ServiceError::Internal(e.to_string()))?;
        Ok(self.inner.secrets.get_or_init(|| opened))
    }

    /// The connection, for the service modules and for tests' assertions.
    pub fn db(&self) -> &DatabaseConnection {
        &self.inner.db
    }

    pub fn settings(&self) -> &Settings {
        &self.inner.settings
    }

    pub fn customers(&self) -> customers::Customers<'_> {
        customers::Customers::new(self)
    }

    pub fn grants(&self) -> grants::Grants<'_> {
        grants::Grants::new(self)
    }

    pub fn tokens(&self) -> tokens::Tokens<'_> {
        tokens::Tokens::new(self)
    }

    pub fn admin_tokens(&self) -> admin_tokens::AdminTokens<'_> {
        admin_tokens::AdminTokens::new(self)
    }

    pub fn packages(&self) -> packages::Packages<'_> {
        packages::Packages::new(self)
    }

    pub fn preview(&self) -> preview::Preview<'_> {
        preview::Preview::new(self)
    }

    pub fn portal(&self) -> portal::Portal<'_> {
        portal::Portal::new(self)
    }

    pub fn tenants(&self) -> tenants::Tenants<'_> {
        tenants::Tenants::new(self)
    }

    pub fn sessions(&self) -> sessions::Sessions<'_> {
        sessions::Sessions::new(self)
    }

    pub fn audit(&self) -> audit::Audit<'_> {
        audit::Audit::new(self)
    }

    pub fn jobs(&self) -> jobs::Jobs<'_> {
        jobs::Jobs::new(self)
    }

    /// Signals local workers that a job is waiting.
    pub(crate) fn notify_jobs(&self) {
        self.inner.jobs_ready.notify_waiters();
    }

    /// Resolves when a job is queued in this process (workers also poll, for jobs
    /// queued by other processes).
    pub async fn job_queued(&self) {
        self.inner.jobs_ready.notified().await;
    }

    /// Starts a write transaction. On SQLite it takes the write lock at once (a no-op
    /// UPDATE), so a transaction that reads and then writes waits for other writers
    /// instead of failing with SQLITE_BUSY when it would have to upgrade its lock.
    pub(crate) async fn begin(&self) -> ServiceResult<DatabaseTransaction> {
        let txn = self.inner.db.begin().await?;
        if txn.get_database_backend() == sea_orm::DatabaseBackend::Sqlite {
            txn.execute_unprepared("UPDATE tenants SET id = id WHERE 1 = 0")
                .await?;
        }
        Ok(txn)
    }

    /// The Composer repository URL customers configure (`BASE_URL`, else the listen
    /// address).
    pub fn repository_url(&self) -> String {
        let s = &self.inner.settings.server;
        match &s.base_url {
            Some(url) => url.trim_end_matches('/').to_string(),
            None => {
                let host = match s.host.as_str() {
                    "0.0.0.0" | "::" | "" => "localhost",
                    h => h,
                };
                format!("http://{host}:{}", s.port)
            }
        }
    }
}

/// Who performs a change, recorded in the audit log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    /// e.g. `cli:alice`, `admin-token:3`, `system`.
    pub name: String,
    pub ip: Option<String>,
}

impl Actor {
    /// The operator running a CLI command, named after the OS user.
    pub fn cli() -> Self {
        let user = std::env::var("USER")
            .or_else(|_| std::env::var("LOGNAME"))
            .ok()
            .filter(|u| !u.is_empty())
            .or_else(os_user)
            .unwrap_or_else(|| "unknown".into());
        Self {
            name: format!("cli:{user}"),
            ip: None,
        }
    }

    pub fn system() -> Self {
        Self {
            name: "system".into(),
            ip: None,
        }
    }

    pub fn admin_token(id: i64, ip: Option<String>) -> Self {
        Self {
            name: format!("admin-token:{id}"),
            ip,
        }
    }
}

/// The name of the real user of this process, from /proc and /etc/passwd (Linux),
/// for shells and cron jobs where `$USER` is unset.
fn os_user() -> Option<String> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let uid = status
        .lines()
        .find_map(|l| l.strip_prefix("Uid:"))?
        .split_whitespace()
        .next()?
        .to_string();
    let passwd = std::fs::read_to_string("/etc/passwd").unwrap_or_default();
    let name = passwd.lines().find_map(|l| {
        let mut f = l.split(':');
        let name = f.next()?;
        (f.nth(1)? == uid).then(|| name.to_string())
    });
    Some(name.unwrap_or(format!("uid{uid}")))
}

/// The principal a service call runs for: the tenant, the actor recorded in the audit
/// log (with the client address), and the access level. Authorization is decided here,
/// in the service layer, once for every entry point: viewers only read, admins manage
/// customers, tokens, grants and packages, and only owners manage admin tokens.
#[derive(Debug, Clone)]
pub struct Ctx {
    pub tenant_id: i64,
    pub actor: Actor,
    pub level: AdminLevel,
    /// The call came over the network (REST, GraphQL, UI): repository URLs it gives may
    /// not reach the server itself (product.md section 5).
    pub network: bool,
    /// The deployment's operator (the CLI, the system, `ADMIN_TOKEN`, a platform-wide
    /// owner token): manages tenants. A tenant's own credentials never are.
    pub operator: bool,
}

impl Ctx {
    /// An operator on the machine (the CLI) or the system itself: owner level, and the
    /// deployment's operator.
    pub fn new(tenant_id: i64, actor: Actor) -> Self {
        Self {
            tenant_id,
            actor,
            level: AdminLevel::Owner,
            network: false,
            operator: true,
        }
    }

    /// The same principal, operator of the deployment or not (an API credential: only
    /// `ADMIN_TOKEN` and platform-wide owner tokens are).
    pub fn as_operator(mut self, operator: bool) -> Self {
        self.operator = operator;
        self
    }

    /// The same principal, calling over the network.
    pub fn over_network(mut self) -> Self {
        self.network = true;
        self
    }

    /// The same principal at `level` (an API credential's).
    pub fn at_level(mut self, level: AdminLevel) -> Self {
        self.level = level;
        self
    }

    /// Refuses a principal below `level`.
    pub fn require(&self, level: AdminLevel) -> ServiceResult<()> {
        if self.level >= level {
            return Ok(());
        }
        Err(ServiceError::Forbidden(match level {
            AdminLevel::Owner => "only an owner credential may do this".into(),
            _ => format!(
                "a {} credential may only read: this needs an admin or owner credential",
                self.level.as_str()
            ),
        }))
    }

    /// Refuses anyone but the deployment's operator (tenants are managed by it alone).
    pub fn require_operator(&self) -> ServiceResult<()> {
        if self.operator && self.level == AdminLevel::Owner {
            return Ok(());
        }
        Err(ServiceError::Forbidden(
            "only the deployment's operator may do this (ADMIN_TOKEN, a platform-wide owner token, or the CLI on the server); a tenant's own credentials may not".into(),
        ))
    }

    /// Changes need an admin (or owner) credential.
    pub(crate) fn may_change(&self) -> ServiceResult<()> {
        self.require(AdminLevel::Admin)
    }
}

pub(crate) fn now() -> DateTime<Utc> {
    // Whole microseconds: PostgreSQL keeps microseconds, so a value read back compares
    // equal to the one written.
    let t = Utc::now();
    DateTime::from_timestamp_micros(t.timestamp_micros()).unwrap_or(t)
}

/// Checks a free-text field (named as the APIs spell it): trimmed, non-empty, bounded,
/// no control characters.
pub(crate) fn clean_text(field: &'static str, value: &str, max: usize) -> ServiceResult<String> {
    let label = field.replace('_', " ");
    let v = value.trim();
    if v.is_empty() {
        return Err(ServiceError::field(
            field,
            format!("{label} must not be empty"),
        ));
    }
    if v.chars().count() > max {
        return Err(ServiceError::field(
            field,
            format!("{label} is too long (at most {max} characters)"),
        ));
    }
    if v.chars().any(char::is_control) {
        return Err(ServiceError::field(
            field,
            format!("{label} must not contain control characters"),
        ));
    }
    Ok(v.to_string())
}

/// Like [`clean_text`] for optional fields: empty means "unset".
pub(crate) fn clean_optional(
    field: &'static str,
    value: Option<&str>,
    max: usize,
) -> ServiceResult<Option<String>> {
    match value.map(str::trim) {
        None | Some("") => Ok(None),
        Some(v) => clean_text(field, v, max).map(Some),
    }
}
