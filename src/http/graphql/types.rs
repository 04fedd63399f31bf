//! The GraphQL output types: the services' resources (customers, tokens, grants,
//! packages, versions, tasks, audit entries, counts, events) as the schema shows them,
//! in camelCase, converted from the service DTOs (whose serde and OpenAPI shapes stay
//! the REST API's).

use async_graphql::{Enum, ID, Json, SimpleObject};
use chrono::{DateTime, NaiveDate, Utc};

use crate::service::{audit, customers, events, grants, jobs, packages, stats, tokens};

/// A customer's status in effect now.
#[derive(Enum, Debug, Clone, Copy, PartialEq, Eq)]
#[graphql(remote = "crate::domain::customer::CustomerStatus")]
pub enum CustomerStatus {
    Active,
    Suspended,
    Expired,
    Frozen,
}

/// What a customer token may fetch.
#[derive(Enum, Debug, Clone, Copy, PartialEq, Eq)]
#[graphql(remote = "crate::domain::customer::TokenScope")]
pub enum TokenScope {
    /// Metadata and archives: what `composer install` needs.
    Download,
    /// Metadata only; archives are refused.
    Metadata,
}

#[derive(SimpleObject, Debug, Clone)]
pub struct Customer {
    pub id: ID,
    pub name: String,
    pub email: Option<String>,
    /// The billing system's id for the customer.
    pub external_id: Option<String>,
    /// In effect now: an `expiresAt` in the past shows as EXPIRED.
    pub status: CustomerStatus,
    pub status_reason: Option<String>,
    pub expires_at: Option<DateTime<Utc>>,
    /// Whether the customer's tokens may fetch public packages through the proxy.
    pub proxy_access: bool,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl From<customers::Customer> for Customer {
    fn from(c: customers::Customer) -> Self {
        Self {
            id: c.id.into(),
            name: c.name,
            email: c.email,
            external_id: c.external_id,
            status: c.status.into(),
            status_reason: c.status_reason,
            expires_at: c.expires_at,
            proxy_access: c.proxy_access,
            created_at: c.created_at,
            updated_at: c.updated_at,
        }
    }
}

/// A customer token (never its secret).
#[derive(SimpleObject, Debug, Clone)]
pub struct Token {
    pub id: ID,
    pub customer_id: ID,
    pub customer: String,
    pub name: Option<String>,
    /// First characters of the secret, to tell tokens apart.
    pub prefix: String,
    pub scope: TokenScope,
    /// Package names the token is limited to (none: every granted package).
    pub package_globs: Vec<String>,
    /// `active`, `revoked` or `expired`.
    pub status: String,
    pub expires_at: Option<DateTime<Utc>>,
    pub revoked_at: Option<DateTime<Utc>>,
    pub last_used_at: Option<DateTime<Utc>>,
    pub last_used_ip: Option<String>,
    pub created_at: DateTime<Utc>,
}

impl From<tokens::TokenInfo> for Token {
    fn from(t: tokens::TokenInfo) -> Self {
        Self {
            id: t.id.into(),
            customer_id: t.customer_id.into(),
            customer: t.customer,
            name: t.name,
            prefix: t.prefix,
            scope: t.scope.into(),
            package_globs: t.package_globs,
            status: t.status,
            expires_at: t.expires_at,
            revoked_at: t.revoked_at,
            last_used_at: t.last_used_at,
            last_used_ip: t.last_used_ip,
            created_at: t.created_at,
        }
    }
}

/// How a customer points Composer at the registry with a token.
#[derive(SimpleObject, Debug, Clone)]
pub struct ComposerSetup {
    pub username: String,
    pub password: String,
    pub repository_url: String,
    /// `composer config` commands, in order.
    pub commands: Vec<String>,
}

/// A token just issued or rotated: its secret is shown only this once.
#[derive(SimpleObject, Debug, Clone)]
pub struct IssuedToken {
    pub token: Token,
    pub plain_token: String,
    pub composer_auth: ComposerSetup,
}

impl From<tokens::IssuedSetup> for IssuedToken {
    fn from(i: tokens::IssuedSetup) -> Self {
        let a = i.composer_auth;
        Self {
            token: i.token.into(),
            plain_token: i.plain_token,
            composer_auth: ComposerSetup {
                username: a.username,
                password: a.password,
                repository_url: a.repository_url,
                commands: a.commands,
            },
        }
    }
}

/// A package granted to a customer, in the versions its constraint allows.
#[derive(SimpleObject, Debug, Clone)]
pub struct Grant {
    pub package: String,
    pub constraint: String,
    /// Versions the customer keeps while frozen (empty unless frozen).
    pub frozen_versions: Vec<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl From<grants::Grant> for Grant {
    fn from(g: grants::Grant) -> Self {
        Self {
            package: g.package,
            constraint: g.constraint,
            frozen_versions: g.frozen_versions,
            created_at: g.created_at,
            updated_at: g.updated_at,
        }
    }
}

#[derive(SimpleObject, Debug, Clone)]
pub struct FrozenVersion {
    pub package: String,
    pub version: String,
    pub version_normalized: String,
}

/// A frozen customer and the versions it keeps.
#[derive(SimpleObject, Debug, Clone)]
pub struct FreezeOutcome {
    pub customer: Customer,
    pub frozen: Vec<FrozenVersion>,
}

impl From<grants::FreezeOutcome> for FreezeOutcome {
    fn from(f: grants::FreezeOutcome) -> Self {
        let frozen = f.frozen.into_iter().map(|v| FrozenVersion {
            package: v.package,
            version: v.version,
            version_normalized: v.version_normalized,
        });
        Self {
            customer: f.customer.into(),
            frozen: frozen.collect(),
        }
    }
}

/// A git repository served as a Composer package.
#[derive(SimpleObject, Debug, Clone)]
pub struct Package {
    pub id: ID,
    pub name: String,
    pub repository_url: String,
    /// `github`, `gitlab`, `bitbucket` or `git`.
    #[graphql(name = "type")]
    pub repo_type: String,
    pub description: Option<String>,
    pub default_branch: Option<String>,
    pub sync_status: String,
    pub last_synced_at: Option<DateTime<Utc>>,
    pub last_sync_error: Option<String>,
    /// Refs skipped or built with a warning by the last sync.
    pub warnings: Json<Vec<serde_json::Value>>,
    pub has_credentials: bool,
    pub version_count: u64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl From<packages::Package> for Package {
    fn from(p: packages::Package) -> Self {
        Self {
            id: p.id.into(),
            name: p.name,
            repository_url: p.repository_url,
            repo_type: p.repo_type,
            description: p.description,
            default_branch: p.default_branch,
            sync_status: p.sync_status,
            last_synced_at: p.last_synced_at,
            last_sync_error: p.last_sync_error,
            warnings: Json(p.warnings),
            has_credentials: p.has_credentials,
            version_count: p.versions,
            created_at: p.created_at,
            updated_at: p.updated_at,
        }
    }
}

/// One version of a package.
#[derive(SimpleObject, Debug, Clone)]
pub struct Version {
    pub version: String,
    pub version_normalized: String,
    /// The commit.
    pub reference: String,
    pub source_ref: Option<String>,
    pub is_dev: bool,
    pub is_default_branch: bool,
    pub sha1: Option<String>,
    pub size: Option<i64>,
    pub released_at: Option<DateTime<Utc>>,
    pub yanked: bool,
    pub deprecated: bool,
}

impl From<packages::VersionInfo> for Version {
    fn from(v: packages::VersionInfo) -> Self {
        Self {
            version: v.version,
            version_normalized: v.version_normalized,
            reference: v.reference,
            source_ref: v.source_ref,
            is_dev: v.is_dev,
            is_default_branch: v.is_default_branch,
            sha1: v.sha1,
            size: v.size,
            released_at: v.released_at,
            yanked: v.yanked,
            deprecated: v.deprecated,
        }
    }
}

/// Queued background work (a sync).
#[derive(SimpleObject, Debug, Clone)]
pub struct Task {
    pub id: ID,
    pub kind: String,
    pub payload: Json<serde_json::Value>,
    /// `queued`, `running`, `done` or `failed`.
    pub status: String,
    pub attempts: i32,
    pub max_attempts: i32,
    pub run_at: DateTime<Utc>,
    pub last_error: Option<String>,
    pub created_at: DateTime<Utc>,
    pub started_at: Option<DateTime<Utc>>,
    pub finished_at: Option<DateTime<Utc>>,
}

impl From<jobs::Job> for Task {
    fn from(j: jobs::Job) -> Self {
        Self {
            id: j.id.into(),
            kind: j.kind,
            payload: Json(j.payload),
            status: j.status,
            attempts: j.attempts,
            max_attempts: j.max_attempts,
            run_at: j.run_at,
            last_error: j.last_error,
            created_at: j.created_at,
            started_at: j.started_at,
            finished_at: j.finished_at,
        }
    }
}

/// A package just registered and the task of its first sync.
#[derive(SimpleObject, Debug, Clone)]
pub struct RegisteredPackage {
    pub package: Package,
    pub task: Task,
}

/// Who changed what, when.
#[derive(SimpleObject, Debug, Clone)]
pub struct AuditEntry {
    pub id: ID,
    pub at: DateTime<Utc>,
    pub actor: String,
    pub action: String,
    pub target_type: String,
    pub target: String,
    pub reason: Option<String>,
    pub ip: Option<String>,
    pub details: Option<Json<serde_json::Value>>,
}

impl From<audit::AuditEntry> for AuditEntry {
    fn from(a: audit::AuditEntry) -> Self {
        Self {
            id: a.id.into(),
            at: a.at,
            actor: a.actor,
            action: a.action,
            target_type: a.target_type,
            target: a.target,
            reason: a.reason,
            ip: a.ip,
            details: a.details.map(Json),
        }
    }
}

/// Customers by the status in effect now.
#[derive(SimpleObject, Debug, Clone)]
pub struct CustomerCounts {
    pub active: u64,
    pub suspended: u64,
    pub expired: u64,
    pub frozen: u64,
}

/// What the registry holds.
#[derive(SimpleObject, Debug, Clone)]
pub struct Stats {
    pub packages: u64,
    pub versions: u64,
    pub customers: CustomerCounts,
    /// Tokens neither revoked nor expired.
    pub active_tokens: u64,
    /// Installs reported in the last 30 days (today included).
    #[graphql(name = "downloads30Days")]
    pub downloads_30_days: u64,
    pub downloads_total: u64,
}

impl From<stats::Stats> for Stats {
    fn from(s: stats::Stats) -> Self {
        let c = s.customers;
        Self {
            packages: s.packages,
            versions: s.versions,
            customers: CustomerCounts {
                active: c.active,
                suspended: c.suspended,
                expired: c.expired,
                frozen: c.frozen,
            },
            active_tokens: s.active_tokens,
            downloads_30_days: s.downloads_30_days,
            downloads_total: s.downloads_total,
        }
    }
}

/// Installs on one day.
#[derive(SimpleObject, Debug, Clone)]
pub struct DailyDownloads {
    pub day: NaiveDate,
    pub downloads: u64,
}

impl From<stats::DailyDownloads> for DailyDownloads {
    fn from(d: stats::DailyDownloads) -> Self {
        Self {
            day: d.day,
            downloads: d.downloads,
        }
    }
}

/// A sync of a package finished.
#[derive(SimpleObject, Debug, Clone)]
pub struct PackageSynced {
    pub package: String,
    pub added: Vec<String>,
    pub updated: Vec<String>,
    pub removed: Vec<String>,
    /// False when the sync failed (the previous versions keep serving).
    pub ok: bool,
    pub error: Option<String>,
    pub at: DateTime<Utc>,
}

impl From<events::PackageSynced> for PackageSynced {
    fn from(e: events::PackageSynced) -> Self {
        Self {
            package: e.package,
            added: e.added,
            updated: e.updated,
            removed: e.removed,
            ok: e.error.is_none(),
            error: e.error,
            at: e.at,
        }
    }
}

/// A change made to a customer (`grant.create`, `customer.suspend`, `token.issue`…),
/// or installs its Composer reported (`download`).
#[derive(SimpleObject, Debug, Clone)]
pub struct CustomerActivity {
    pub customer_id: ID,
    pub customer: String,
    pub action: String,
    pub at: DateTime<Utc>,
}

impl From<events::CustomerActivity> for CustomerActivity {
    fn from(e: events::CustomerActivity) -> Self {
        Self {
            customer_id: e.customer_id.into(),
            customer: e.customer,
            action: e.action,
            at: e.at,
        }
    }
}
