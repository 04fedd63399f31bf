//! Who may see what (product.md section 4): the caller of a Composer URL, the reasons a
//! request is refused, and which versions of a package a caller sees — and, for "view as
//! customer", every reason a version is hidden, from the same rule.

use std::sync::Arc;

use chrono::{DateTime, Utc};
use serde::Serialize;

use super::render::VersionDoc;
use super::state::{
    CustomerEntry, FrozenSet, GrantView, PackageEntry, Stamp, TenantState, TokenEntry, ViewKey,
};
use crate::domain::customer::CustomerStatus;
use crate::domain::glob::{self, PackageGlob};
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
    /// When the caller was authenticated: the request's clock, read once.
    pub at: DateTime<Utc>,
}

impl Caller {
    /// Refuses suspended and expired customers with a message Composer shows them.
    pub fn check_active(&self, now: DateTime<Utc>) -> Result<(), ComposerError> {
        check_active(&self.customer, now)
    }

    /// [`Caller::check_active`] as of when the caller was authenticated.
    pub fn check_active_now(&self) -> Result<(), ComposerError> {
        check_active(&self.customer, self.at)
    }

    /// The caller's view of a hosted package, or why it has none.
    pub fn view(&self, pkg: &PackageEntry) -> Result<View, ComposerError> {
        let denied = || ComposerError::AccessDenied(pkg.name.clone());
        if !glob::any_matches(&self.token.globs, &pkg.name) {
            return Err(denied());
        }
        let grant = self.customer.grants.get(&pkg.id).ok_or_else(denied)?;
        Ok(View::of(&self.customer, pkg, grant))
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

/// Refuses a suspended or expired customer (by its status, or because its `expires_at`
/// has passed) with a message Composer shows it; active and frozen customers pass.
pub fn check_active(c: &CustomerEntry, now: DateTime<Utc>) -> Result<(), ComposerError> {
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

/// Which versions of one package a caller sees.
#[derive(Clone)]
pub enum View {
    /// Versions satisfying the grant's constraint (as `Semver::satisfies` answers).
    Constraint(Arc<GrantView>),
    /// Exactly the frozen versions.
    Frozen(Arc<FrozenSet>),
}

impl View {
    /// What `customer` sees of `pkg` under `grant` (its own, or one proposed to it): a
    /// frozen customer sees exactly its frozen versions, whatever the grant says.
    pub fn of(customer: &CustomerEntry, pkg: &PackageEntry, grant: &Arc<GrantView>) -> View {
        if customer.status == CustomerStatus::Frozen {
            static NONE: std::sync::LazyLock<Arc<FrozenSet>> =
                std::sync::LazyLock::new(|| Arc::new(FrozenSet::new(Vec::new())));
            let set = customer.frozen.get(&pkg.id).unwrap_or(&NONE);
            return View::Frozen(set.clone());
        }
        View::Constraint(grant.clone())
    }

    /// Yanked versions are never shown; aliases never widen what a constraint allows.
    pub fn shows(&self, v: &VersionDoc) -> bool {
        !v.yanked && self.excludes(v).is_none()
    }

    /// Every reason this view hides `v`, most important first (none: [`View::shows`]).
    pub fn hides(&self, v: &VersionDoc) -> impl Iterator<Item = HiddenReason> + use<> {
        let yanked = v.yanked.then_some(HiddenReason::Yanked);
        yanked.into_iter().chain(self.excludes(v))
    }

    /// What the grant's constraint, or the frozen set, says against `v`.
    fn excludes(&self, v: &VersionDoc) -> Option<HiddenReason> {
        let shown = match self {
            View::Constraint(g) => g.constraint.matches_normalized(&v.version_normalized),
            View::Frozen(set) => set.contains(&v.version_normalized),
        };
        match self {
            _ if shown => None,
            View::Frozen(_) => Some(HiddenReason::Frozen),
            View::Constraint(_) if v.is_dev => Some(HiddenReason::BranchNotMatched),
            View::Constraint(_) => Some(HiddenReason::OutsideConstraint),
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

/// Why a version is hidden from a customer, most important first: the customer, then the
/// token, then the version, then the grant. The Composer endpoints stop at the first
/// refusal; "view as customer" ([`Sight`]) names them all.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, poem_openapi::Enum,
)]
#[serde(rename_all = "snake_case")]
#[oai(rename_all = "snake_case")]
pub enum HiddenReason {
    /// The customer is suspended or expired: nothing is visible.
    CustomerStatus,
    /// The token's package globs exclude the package.
    TokenGlob,
    /// The version is yanked.
    Yanked,
    /// The customer is frozen and this version is not among its frozen versions.
    Frozen,
    /// A tagged version the grant's constraint does not satisfy.
    OutsideConstraint,
    /// A dev branch the grant's constraint does not match.
    BranchNotMatched,
}

/// What one customer (through one of its tokens, or any) sees of one granted package,
/// for showing why: [`check_active`], the token's globs and the [`View`] taken together,
/// as the Composer endpoints apply them, but naming every reason a version is hidden
/// instead of refusing at the first.
pub struct Sight {
    active: bool,
    token_allows: bool,
    view: View,
}

impl Sight {
    /// `globs`: the token's package globs (None: any token, so no glob applies);
    /// `grant`: the customer's grant of `pkg`, or one proposed to it.
    pub fn new(
        customer: &CustomerEntry,
        globs: Option<&[PackageGlob]>,
        pkg: &PackageEntry,
        grant: &Arc<GrantView>,
        now: DateTime<Utc>,
    ) -> Self {
        Self {
            active: check_active(customer, now).is_ok(),
            token_allows: globs.is_none_or(|g| glob::any_matches(g, &pkg.name)),
            view: View::of(customer, pkg, grant),
        }
    }

    /// Every reason `v` is hidden, most important first (empty: the customer sees it).
    pub fn hidden(&self, v: &VersionDoc) -> Vec<HiddenReason> {
        let status = (!self.active).then_some(HiddenReason::CustomerStatus);
        let token = (!self.token_allows).then_some(HiddenReason::TokenGlob);
        status
            .into_iter()
            .chain(token)
            .chain(self.view.hides(v))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::semver::Constraint;

    fn version(v: &str, normalized: &str, yanked: bool) -> VersionDoc {
        VersionDoc {
            id: 0,
            version: v.into(),
            version_normalized: normalized.into(),
            reference: String::new(),
            is_dev: v.starts_with("dev-"),
            yanked,
            released_at: None,
            shasum: None,
            dist_path: None,
            fields: Box::new([]),
        }
    }

    fn grant(text: &str) -> View {
        View::Constraint(Arc::new(GrantView {
            text: Arc::from(text),
            constraint: Constraint::parse(text).unwrap(),
        }))
    }

    #[test]
    fn the_reasons_are_the_rule_of_shows() {
        use HiddenReason::*;
        let frozen = View::Frozen(Arc::new(FrozenSet::new(vec!["1.0.0.0".into()])));
        let views = [grant("^1.0"), grant("*"), grant("dev-main"), frozen];
        let mut seen = Vec::new();
        for view in &views {
            for yanked in [false, true] {
                for (v, n) in [
                    ("1.0.0", "1.0.0.0"),
                    ("2.0.0", "2.0.0.0"),
                    ("dev-main", "dev-main"),
                ] {
                    let doc = version(v, n, yanked);
                    let reasons: Vec<_> = view.hides(&doc).collect();
                    assert_eq!(view.shows(&doc), reasons.is_empty(), "{v} {reasons:?}");
                    seen.push(reasons);
                }
            }
        }
        let expected: [&[HiddenReason]; 6] = [
            &[],
            &[OutsideConstraint],
            &[BranchNotMatched],
            &[Yanked],
            &[Yanked, OutsideConstraint],
            &[Yanked, BranchNotMatched],
        ];
        assert_eq!(seen[..6], expected.map(|e| e.to_vec()));
        assert_eq!(seen[6..9], [vec![], vec![], vec![]], "* shows the branch");
        assert_eq!(seen[9..12], [vec![Yanked], vec![Yanked], vec![Yanked]]);
        assert_eq!(
            seen[12..15],
            [vec![OutsideConstraint], vec![OutsideConstraint], vec![]]
        );
        assert_eq!(seen[18..21], [vec![], vec![Frozen], vec![Frozen]]);
        assert_eq!(seen[21], [Yanked]);
    }
}
