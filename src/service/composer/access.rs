//! Who may see what (product.md section 4): the caller of a Composer URL, the reasons a
//! request is refused, and which versions of a package a caller sees.

use std::sync::Arc;

use chrono::{DateTime, Utc};

use super::render::VersionDoc;
use super::state::{
    CustomerEntry, FrozenSet, GrantView, PackageEntry, Stamp, TenantState, TokenEntry, ViewKey,
};
use crate::domain::customer::CustomerStatus;
use crate::domain::glob;
use crate::service::ServiceError;

/// Why a Composer request is refused; the HTTP layer maps each to its status.
#[derive(Debug, thiserror::Error)]
pub enum ComposerError {
    /// 401: no credentials, or an unknown, revoked or expired token.
    #[error("authentication required")]
    Unauthorized,
    /// 403 with a message for the customer (suspended or expired).
    #[error("{message}")]
    Inactive { message: String },
    /// 403: the package exists but is not granted (or outside the token's globs).
    #[error("Access denied to package {0}")]
    AccessDenied(String),
    /// 403: a metadata-only token asked for an archive.
    #[error("this token may read metadata only; archives need a token with the download scope")]
    ScopeDenied,
    /// 403: a version outside what the caller may install.
    #[error("Access denied to version {0}")]
    VersionDenied(String),
    /// 404: not hosted here.
    #[error("not found")]
    NotFound,
    /// 502 (504 on `timeout`): a public name whose upstream failed, with nothing cached.
    #[error("{message}")]
    Upstream { message: String, timeout: bool },
    #[error(transparent)]
    Service(#[from] ServiceError),
}

impl From<crate::service::proxy::ProxyError> for ComposerError {
    fn from(e: crate::service::proxy::ProxyError) -> Self {
        use crate::service::proxy::ProxyError;
        match e {
            ProxyError::NotFound => ComposerError::NotFound,
            ProxyError::Upstream { message, timeout } => {
                ComposerError::Upstream { message, timeout }
            }
            ProxyError::Service(s) => ComposerError::Service(s),
        }
    }
}

impl From<sea_orm::DbErr> for ComposerError {
    fn from(e: sea_orm::DbErr) -> Self {
        ComposerError::Service(e.into())
    }
}

/// An authenticated caller: a valid token of a customer, in a tenant's state.
pub struct Caller {
    pub tenant: Arc<TenantState>,
    pub token: Arc<TokenEntry>,
    pub customer: Arc<CustomerEntry>,
}

impl Caller {
    /// Refuses suspended and expired customers with a message Composer shows them.
    pub fn check_active(&self, now: DateTime<Utc>) -> Result<(), ComposerError> {
        let c = &self.customer;
        let status = c.status.effective(c.expires_at, now);
        let why = |what: &str| match &c.status_reason {
            Some(r) => format!("Your access to this repository is {what}: {r}"),
            None => format!("Your access to this repository is {what}. Please contact the vendor."),
        };
        match status {
            CustomerStatus::Active | CustomerStatus::Frozen => Ok(()),
            CustomerStatus::Suspended => Err(ComposerError::Inactive {
                message: why("suspended"),
            }),
            CustomerStatus::Expired => {
                let message = match (c.status, c.expires_at) {
                    (CustomerStatus::Expired, _) | (_, None) => why("expired"),
                    (_, Some(at)) => format!(
                        "Your access to this repository expired on {}. Please renew it with the vendor.",
                        at.format("%Y-%m-%d")
                    ),
                };
                Err(ComposerError::Inactive { message })
            }
        }
    }

    /// The caller's view of a hosted package, or why it has none.
    pub fn view(&self, pkg: &PackageEntry) -> Result<View, ComposerError> {
        let denied = || ComposerError::AccessDenied(pkg.name.clone());
        if !glob::any_matches(&self.token.globs, &pkg.name) {
            return Err(denied());
        }
        let grant = self.customer.grants.get(&pkg.id).ok_or_else(denied)?;
        if self.customer.status == CustomerStatus::Frozen {
            static NONE: std::sync::LazyLock<Arc<FrozenSet>> =
                std::sync::LazyLock::new(|| Arc::new(FrozenSet::new(Vec::new())));
            let set = self.customer.frozen.get(&pkg.id).unwrap_or(&NONE);
            return Ok(View::Frozen(set.clone()));
        }
        Ok(View::Constraint(grant.clone()))
    }

    /// When the caller's view of `pkg` last changed: the package, the customer's access,
    /// or the tenant as a whole.
    pub fn last_modified(&self, pkg: &PackageEntry) -> Stamp {
        pkg.stamp
            .later(&self.customer.stamp)
            .later(&self.tenant.stamp)
            .clone()
    }
}

/// Which versions of one package a caller sees.
#[derive(Clone)]
pub enum View {
    /// Versions satisfying the grant's constraint (as `Semver::satisfies` answers).
    Constraint(Arc<GrantView>),
    /// Exactly the frozen versions.
    Frozen(Arc<FrozenSet>),
}

impl View {
    /// Yanked versions are never shown; aliases never widen what a constraint allows.
    pub fn shows(&self, v: &VersionDoc) -> bool {
        !v.yanked
            && match self {
                View::Constraint(g) => g.constraint.matches_normalized(&v.version_normalized),
                View::Frozen(set) => set.contains(&v.version_normalized),
            }
    }

    /// Names the view: callers with the same constraint, or frozen at the same
    /// versions, share rendered files.
    pub fn key(&self) -> ViewKey {
        match self {
            View::Constraint(g) => ViewKey::Constraint(g.text.clone()),
            View::Frozen(set) => ViewKey::Frozen(set.clone()),
        }
    }
}
