//! The customer portal (product.md section 10): what a customer signed in with one of
//! its tokens may see and do. The principal is the Composer [`Caller`] of that token, so
//! the portal shows exactly what Composer serves the token; the customer may rotate and
//! revoke its own tokens, recorded in the audit log under its own name.
//!
//! A customer is never an admin: the [`Ctx`] the portal runs the shared services with
//! is built here, and every id a customer names is checked to be its own before a
//! service acts on it.

use std::collections::BTreeMap;
use std::net::IpAddr;

use chrono::{DateTime, Duration, Utc};
use sea_orm::sea_query::{Alias, Expr, Func, SimpleExpr};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};

use super::advisories::Advisory;
use super::composer::access::{Caller, ComposerError};
use super::preview::{CustomerView, VersionVisibility};
use super::sessions::NewSession;
use super::tokens::{ComposerSetup, IssuedSetup, TokenInfo, composer_setup};
use super::{Actor, Ctx, ServiceError, ServiceResult, Services};
use crate::db::entities::{download_event, security_advisory};
use crate::domain::customer::{AdminLevel, CustomerStatus};
use crate::domain::glob;
use crate::domain::semver::Constraint;

/// How far back the portal counts recent downloads.
pub const RECENT_DAYS: i64 = 30;

/// What the portal's page shows a signed-in customer.
#[derive(Debug, Clone)]
pub struct PortalHome {
    pub customer_id: i64,
    pub customer: String,
    /// In effect now (an `expires_at` in the past makes an active customer expired).
    pub status: CustomerStatus,
    /// Why Composer refuses the customer, as Composer says it (suspended, expired).
    pub inactive: Option<String>,
    pub expires_at: Option<DateTime<Utc>>,
    /// The token the customer signed in with.
    pub token_id: i64,
    /// The token's package globs (empty: every granted package).
    pub token_globs: Vec<String>,
    /// How to point Composer at this registry (with a placeholder for the secret).
    pub setup: ComposerSetup,
    /// What Composer serves the token, by package name (none when inactive).
    pub packages: Vec<PortalPackage>,
    /// Every token of the customer, newest first.
    pub tokens: Vec<PortalToken>,
    /// Installs the customer reported, by package name.
    pub downloads: Vec<PackageDownloads>,
    /// Advisories affecting a version the token may install, newest first.
    pub advisories: Vec<AffectingAdvisory>,
}

/// A package the token may fetch, with the versions it may install.
#[derive(Debug, Clone)]
pub struct PortalPackage {
    pub name: String,
    /// The grant's constraint (or "frozen" versions for a frozen customer).
    pub constraint: String,
    /// Visible versions, newest first, as Composer sorts them.
    pub versions: Vec<InstallableVersion>,
    /// `composer require vendor/name:^x.y` for the newest installable version.
    pub require: Option<String>,
}

#[derive(Debug, Clone)]
pub struct InstallableVersion {
    pub version: String,
    pub version_normalized: String,
    /// A dev branch rather than a tag.
    pub dev: bool,
}

/// One of the customer's tokens (never its secret).
#[derive(Debug, Clone)]
pub struct PortalToken {
    pub token: TokenInfo,
    /// The token this session was signed in with.
    pub current: bool,
}

impl PortalToken {
    /// Neither revoked nor expired: the portal offers to rotate or revoke it.
    pub fn active(&self) -> bool {
        self.token.status == "active"
    }
}

/// Installs of one package reported by the customer.
#[derive(Debug, Clone, Default)]
pub struct PackageDownloads {
    pub package: String,
    /// In the last [`RECENT_DAYS`] days (today included).
    pub recent: u64,
    pub total: u64,
    /// By version, newest first.
    pub versions: Vec<VersionDownloads>,
}

#[derive(Debug, Clone)]
pub struct VersionDownloads {
    pub version: String,
    pub recent: u64,
    pub total: u64,
}

/// An advisory and the installable versions it affects.
#[derive(Debug, Clone)]
pub struct AffectingAdvisory {
    pub advisory: Advisory,
    /// Versions the token may install that satisfy the advisory's affected versions.
    pub affected: Vec<String>,
}

/// A token rotated from the portal: the new secret (shown once) with its set-up, and,
/// when it was the token of this session, the session that replaces it.
pub struct Rotated {
    pub issued: IssuedSetup,
    pub session: Option<NewSession>,
}

/// A token revoked from the portal; `signed_out` when it was the token of this session
/// (which ended with it).
pub struct Revoked {
    pub token: TokenInfo,
    pub signed_out: bool,
}

pub struct Portal<'a> {
    s: &'a Services,
}

/// The principal a customer acts as through the shared services: its tenant, named in
/// the audit log as `customer:{id}`, over the network, never the deployment's operator.
/// (Admin level only so that the token services run; what it may touch is decided here
/// first.)
fn customer_ctx(caller: &Caller, ip: Option<IpAddr>) -> Ctx {
    let actor = Actor {
        name: format!("customer:{}", caller.customer.id),
        ip: ip.map(|i| i.to_string()),
    };
    Ctx::new(caller.tenant.id, actor)
        .at_level(AdminLevel::Admin)
        .as_operator(false)
        .over_network()
}

/// How the shared services find the caller's customer: by name unless the name could
/// be read as an id, by id otherwise (results are checked against the id anyway).
fn customer_ref(caller: &Caller) -> String {
    let c = &caller.customer;
    if c.name.parse::<i64>().is_err() {
        c.name.clone()
    } else {
        c.id.to_string()
    }
}

/// `SELECT COUNT(*)` as a BIGINT on both databases.
fn count() -> SimpleExpr {
    Func::cast_as(
        Func::count(Expr::col(download_event::Column::Id)),
        Alias::new("BIGINT"),
    )
    .into()
}

impl<'a> Portal<'a> {
    pub(super) fn new(s: &'a Services) -> Self {
        Self { s }
    }

    /// Everything the portal's page shows the caller; `repository_url` is the URL the
    /// customer reaches the registry at (for the set-up lines).
    pub async fn home(&self, caller: &Caller, repository_url: &str) -> ServiceResult<PortalHome> {
        let ctx = customer_ctx(caller, None);
        let now = Utc::now();
        let c = &caller.customer;
        let inactive = match caller.check_active(now) {
            Ok(()) => None,
            Err(ComposerError::Inactive { message }) => Some(message),
            Err(ComposerError::Service(e)) => return Err(e),
            Err(e) => Some(e.to_string()),
        };
        let packages = if inactive.is_some() {
            Vec::new()
        } else {
            self.packages(&ctx, caller).await?
        };
        let tokens = self.tokens(&ctx, caller).await?;
        let downloads = self.downloads(caller, &packages, now).await?;
        let advisories = self.advisories(caller, &packages).await?;
        Ok(PortalHome {
            customer_id: c.id,
            customer: c.name.clone(),
            status: c.status.effective(c.expires_at, now),
            inactive,
            expires_at: c.expires_at,
            token_id: caller.token.id,
            token_globs: caller.token.globs.iter().map(|g| g.to_string()).collect(),
            setup: composer_setup(repository_url, "YOUR_TOKEN"),
            packages,
            tokens,
            downloads,
            advisories,
        })
    }

    /// The packages the caller's token may fetch and the versions it may install: the
    /// "view as customer" of its customer through this token, visible versions only.
    async fn packages(&self, ctx: &Ctx, caller: &Caller) -> ServiceResult<Vec<PortalPackage>> {
        let view: CustomerView = self
            .s
            .preview()
            .customer_view(ctx, &customer_ref(caller), Some(caller.token.id))
            .await?;
        if view.customer_id != caller.customer.id {
            return Err(ServiceError::Internal(
                "the portal resolved another customer".into(),
            ));
        }
        Ok(view
            .packages
            .into_iter()
            // Outside the token's globs Composer refuses the package altogether.
            .filter(|p| glob::any_matches(&caller.token.globs, &p.package))
            .map(|p| {
                let versions: Vec<InstallableVersion> = p
                    .versions
                    .into_iter()
                    .filter(|v| v.visible)
                    .map(|v: VersionVisibility| InstallableVersion {
                        version: v.version,
                        version_normalized: v.version_normalized,
                        dev: v.dev,
                    })
                    .collect();
                PortalPackage {
                    require: require_line(&p.package, &versions),
                    constraint: p.constraint,
                    name: p.package,
                    versions,
                }
            })
            .collect())
    }

    /// The customer's tokens, the session's marked.
    async fn tokens(&self, ctx: &Ctx, caller: &Caller) -> ServiceResult<Vec<PortalToken>> {
        let list = self.s.tokens().list(ctx, &customer_ref(caller)).await?;
        Ok(list
            .into_iter()
            .filter(|t| t.customer_id == caller.customer.id)
            .map(|token| PortalToken {
                current: token.id == caller.token.id,
                token,
            })
            .collect())
    }

    /// Installs the customer reported (all time, and recently) per package and version,
    /// for the packages the token may fetch. Composer reports normalized versions; those
    /// of installable versions are shown as the package names them (`1.0.0.0` → `1.0.0`).
    async fn downloads(
        &self,
        caller: &Caller,
        packages: &[PortalPackage],
        now: DateTime<Utc>,
    ) -> ServiceResult<Vec<PackageDownloads>> {
        let pretty = |package: &str, version: &str| -> String {
            packages
                .iter()
                .find(|p| p.name == package)
                .and_then(|p| p.versions.iter().find(|v| v.version_normalized == version))
                .map_or_else(|| version.to_string(), |v| v.version.clone())
        };
        let since = now - Duration::days(RECENT_DAYS - 1);
        let since = since
            .date_naive()
            .and_hms_opt(0, 0, 0)
            .map(|d| d.and_utc())
            .unwrap_or(since);
        let total = self.download_counts(caller, None).await?;
        let recent = self.download_counts(caller, Some(since)).await?;
        let mut by_package: BTreeMap<String, PackageDownloads> = BTreeMap::new();
        for ((package, version), n) in &total {
            if !glob::any_matches(&caller.token.globs, package) {
                continue;
            }
            let recent = recent
                .get(&(package.clone(), version.clone()))
                .copied()
                .unwrap_or(0);
            let entry = by_package
                .entry(package.clone())
                .or_insert_with(|| PackageDownloads {
                    package: package.clone(),
                    ..Default::default()
                });
            entry.total += n;
            entry.recent += recent;
            entry.versions.push(VersionDownloads {
                version: pretty(package, version),
                recent,
                total: *n,
            });
        }
        let mut out: Vec<PackageDownloads> = by_package.into_values().collect();
        for p in &mut out {
            p.versions.sort_by(|a, b| {
                crate::domain::semver::php_version_compare(&b.version, &a.version)
                    .cmp(&0)
                    .then_with(|| a.version.cmp(&b.version))
            });
        }
        Ok(out)
    }

    /// Installs of the caller's customer per (package, version), since `since` if given.
    async fn download_counts(
        &self,
        caller: &Caller,
        since: Option<DateTime<Utc>>,
    ) -> ServiceResult<BTreeMap<(String, String), u64>> {
        let mut q = download_event::Entity::find()
            .select_only()
            .column(download_event::Column::PackageName)
            .column(download_event::Column::Version)
            .column_as(count(), "n")
            .filter(download_event::Column::TenantId.eq(caller.tenant.id))
            .filter(download_event::Column::CustomerId.eq(caller.customer.id));
        if let Some(at) = since {
            q = q.filter(download_event::Column::At.gte(at));
        }
        let rows: Vec<(String, String, Option<i64>)> = q
            .group_by(download_event::Column::PackageName)
            .group_by(download_event::Column::Version)
            .into_tuple()
            .all(self.s.db())
            .await?;
        Ok(rows
            .into_iter()
            .map(|(p, v, n)| ((p, v), u64::try_from(n.unwrap_or(0)).unwrap_or(0)))
            .collect())
    }

    /// The advisories recorded for `packages` that affect one of their installable
    /// versions: the version satisfies the advisory's affected versions, as Composer's
    /// audit decides.
    async fn advisories(
        &self,
        caller: &Caller,
        packages: &[PortalPackage],
    ) -> ServiceResult<Vec<AffectingAdvisory>> {
        if packages.iter().all(|p| p.versions.is_empty()) {
            return Ok(Vec::new());
        }
        let names = packages.iter().map(|p| p.name.clone());
        let rows = security_advisory::Entity::find()
            .filter(security_advisory::Column::TenantId.eq(caller.tenant.id))
            .filter(security_advisory::Column::PackageName.is_in(names))
            .order_by_desc(security_advisory::Column::ReportedAt)
            .order_by_desc(security_advisory::Column::Id)
            .all(self.s.db())
            .await?;
        let mut out = Vec::new();
        for row in rows {
            let Some(pkg) = packages.iter().find(|p| p.name == row.package_name) else {
                continue;
            };
            let affected = affected_versions(&row.affected_versions, &pkg.versions);
            if !affected.is_empty() {
                out.push(AffectingAdvisory {
                    advisory: row.into(),
                    affected,
                });
            }
        }
        Ok(out)
    }

    /// A new secret for one of the caller's own tokens (another customer's is not
    /// found). When it is the token of this session (`session`, the session's secret),
    /// the session is replaced by one for the new secret, since the old one no longer
    /// signs in.
    pub async fn rotate_token(
        &self,
        caller: &Caller,
        session: &str,
        token_id: i64,
        ip: Option<IpAddr>,
        repository_url: &str,
    ) -> ServiceResult<Rotated> {
        let ctx = customer_ctx(caller, ip);
        self.own_token(&ctx, caller, token_id).await?;
        let issued = self.s.tokens().rotate(&ctx, token_id).await?;
        let issued = issued.with_setup(repository_url);
        let mut renewed = None;
        if token_id == caller.token.id {
            let sessions = self.s.sessions();
            let signed_in = sessions
                .sign_in_customer(caller.tenant.id, &issued.plain_token, ip)
                .await?;
            renewed = signed_in.map(|(s, _)| s);
            sessions.sign_out(session).await?;
        }
        Ok(Rotated {
            issued,
            session: renewed,
        })
    }

    /// Revokes one of the caller's own tokens (another customer's is not found). When
    /// it is the token of this session, the session ends too.
    pub async fn revoke_token(
        &self,
        caller: &Caller,
        session: &str,
        token_id: i64,
        ip: Option<IpAddr>,
    ) -> ServiceResult<Revoked> {
        let ctx = customer_ctx(caller, ip);
        self.own_token(&ctx, caller, token_id).await?;
        let token = self.s.tokens().revoke(&ctx, token_id).await?;
        let signed_out = token_id == caller.token.id;
        if signed_out {
            self.s.sessions().sign_out(session).await?;
        }
        Ok(Revoked { token, signed_out })
    }

    /// Refuses a token that is not the caller's customer's, as if it did not exist.
    async fn own_token(&self, ctx: &Ctx, caller: &Caller, id: i64) -> ServiceResult<TokenInfo> {
        match self.s.tokens().show(ctx, id).await {
            Ok(t) if t.customer_id == caller.customer.id => Ok(t),
            Ok(_) | Err(ServiceError::NotFound(_)) => Err(ServiceError::not_found("token", id)),
            Err(e) => Err(e),
        }
    }
}

/// The installable versions an advisory's affected-versions constraint matches (an
/// unreadable constraint matches none).
fn affected_versions(constraint: &str, versions: &[InstallableVersion]) -> Vec<String> {
    let Ok(c) = Constraint::parse(constraint.trim()) else {
        return Vec::new();
    };
    versions
        .iter()
        .filter(|v| c.matches_normalized(&v.version_normalized))
        .map(|v| v.version.clone())
        .collect()
}

/// `composer require name:…` for the newest installable version: `^major.minor` of the
/// newest stable tag, else the exact pre-release, else the newest branch.
fn require_line(name: &str, versions: &[InstallableVersion]) -> Option<String> {
    let stable = versions
        .iter()
        .find(|v| !v.dev && !v.version_normalized.contains('-'));
    let constraint = match stable {
        Some(v) => {
            let mut parts = v.version_normalized.split('.');
            match (parts.next(), parts.next()) {
                (Some(major), Some(minor)) => format!("^{major}.{minor}"),
                _ => v.version.clone(),
            }
        }
        None => versions
            .iter()
            .find(|v| !v.dev)
            .or_else(|| versions.first())?
            .version
            .clone(),
    };
    Some(format!("composer require {name}:{constraint}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(version: &str, normalized: &str, dev: bool) -> InstallableVersion {
        InstallableVersion {
            version: version.into(),
            version_normalized: normalized.into(),
            dev,
        }
    }

    #[test]
    fn require_names_the_newest_stable_minor() {
        let versions = [
            v("dev-main", "dev-main", true),
            v("2.0.0-beta1", "2.0.0.0-beta1", false),
            v("v1.2.3", "1.2.3.0", false),
            v("1.0.0", "1.0.0.0", false),
        ];
        assert_eq!(
            require_line("acme/lib", &versions).as_deref(),
            Some("composer require acme/lib:^1.2")
        );
        assert_eq!(
            require_line("acme/lib", &versions[..2]).as_deref(),
            Some("composer require acme/lib:2.0.0-beta1")
        );
        assert_eq!(
            require_line("acme/lib", &versions[..1]).as_deref(),
            Some("composer require acme/lib:dev-main")
        );
        assert_eq!(require_line("acme/lib", &[]), None);
    }

    #[test]
    fn advisories_match_installable_versions() {
        let versions = [
            v("dev-main", "dev-main", true),
            v("1.1.0", "1.1.0.0", false),
            v("1.0.0", "1.0.0.0", false),
        ];
        assert_eq!(affected_versions(">=1.0,<1.1", &versions), ["1.0.0"]);
        assert_eq!(affected_versions("<2.0", &versions), ["1.1.0", "1.0.0"]);
        assert!(affected_versions(">=3.0", &versions).is_empty());
        assert!(affected_versions("not a constraint ((", &versions).is_empty());
    }
}
