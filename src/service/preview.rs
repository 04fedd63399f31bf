//! "View as customer" and grant-change previews (product.md section 10): which versions
//! of its granted packages a customer sees, why each hidden one is hidden, and which
//! would appear or disappear under another constraint. Read from the Composer cache's
//! own entries with its own rule ([`Sight`]), so the answer is exactly what Composer
//! is served, never a second opinion.

use std::sync::Arc;

use chrono::{DateTime, Utc};
use serde::Serialize;

use super::composer::access::{HiddenReason, Sight};
use super::composer::render::VersionDoc;
use super::composer::state::{CustomerEntry, GrantView, PackageEntry, TenantState};
use super::{Ctx, ServiceError, ServiceResult, Services, customers, grants};
use crate::domain::customer::CustomerStatus;
use crate::domain::glob::{self, PackageGlob};
use crate::domain::semver::Constraint;

/// What a customer (or one of its tokens) sees of every package granted to it.
#[derive(Debug, Clone, Serialize, poem_openapi::Object)]
pub struct CustomerView {
    pub customer_id: i64,
    pub customer: String,
    /// In effect now: suspended and expired customers see nothing.
    pub status: CustomerStatus,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[oai(skip_serializing_if_is_none)]
    pub status_reason: Option<String>,
    /// The token whose package globs apply (none: any token without globs).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[oai(skip_serializing_if_is_none)]
    pub token_id: Option<i64>,
    /// By package name.
    pub packages: Vec<PackageView>,
}

/// One granted package as the customer sees it.
#[derive(Debug, Clone, Serialize, poem_openapi::Object)]
pub struct PackageView {
    pub package: String,
    /// The grant's Composer constraint.
    pub constraint: String,
    /// How many of `versions` are visible.
    pub visible: u64,
    /// Newest first, as Composer sorts them.
    pub versions: Vec<VersionVisibility>,
}

/// One version of a package, visible or not, and why not.
#[derive(Debug, Clone, Serialize, poem_openapi::Object)]
pub struct VersionVisibility {
    pub version: String,
    pub version_normalized: String,
    /// A dev branch rather than a tag.
    pub dev: bool,
    pub visible: bool,
    /// Why it is hidden, most important first (empty when visible).
    pub reasons: Vec<HiddenReason>,
}

/// What a version does when a grant's constraint changes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, poem_openapi::Enum)]
#[serde(rename_all = "snake_case")]
#[oai(rename_all = "snake_case")]
pub enum VersionChange {
    Appears,
    Disappears,
    Unchanged,
}

/// What granting a package with another constraint would change, before it is saved.
#[derive(Debug, Clone, Serialize, poem_openapi::Object)]
pub struct GrantPreview {
    pub customer_id: i64,
    pub customer: String,
    /// In effect now: suspended and expired customers see nothing either way.
    pub status: CustomerStatus,
    pub package: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[oai(skip_serializing_if_is_none)]
    pub token_id: Option<i64>,
    /// The constraint granted now (none: the package is not granted yet).
    pub current_constraint: Option<String>,
    /// The constraint proposed, as it would be stored.
    pub proposed_constraint: String,
    pub appearing: u64,
    pub disappearing: u64,
    pub visible_now: u64,
    pub visible_after: u64,
    /// Newest first, as Composer sorts them.
    pub versions: Vec<VersionPreview>,
}

/// One version before and after a grant change.
#[derive(Debug, Clone, Serialize, poem_openapi::Object)]
pub struct VersionPreview {
    pub version: String,
    pub version_normalized: String,
    pub dev: bool,
    pub visible_now: bool,
    pub visible_after: bool,
    pub change: VersionChange,
    /// Why it is hidden after the change, most important first.
    pub reasons: Vec<HiddenReason>,
}

pub struct Preview<'a> {
    s: &'a Services,
}

/// A customer as the Composer endpoints hold it, with the token's globs when one is
/// named.
struct Subject {
    tenant: Arc<TenantState>,
    customer: Arc<CustomerEntry>,
    status: CustomerStatus,
    token: Option<(i64, Vec<PackageGlob>)>,
    now: DateTime<Utc>,
}

impl Subject {
    fn sight(&self, pkg: &PackageEntry, grant: &Arc<GrantView>) -> Sight {
        let globs = self.token.as_ref().map(|(_, g)| g.as_slice());
        Sight::new(&self.customer, globs, pkg, grant, self.now)
    }

    fn token_id(&self) -> Option<i64> {
        self.token.as_ref().map(|(id, _)| *id)
    }
}

impl<'a> Preview<'a> {
    pub(super) fn new(s: &'a Services) -> Self {
        Self { s }
    }

    /// Every granted package of the customer (an id or unique name), each version
    /// marked visible or not, with the reasons; `token_id` applies that token's package
    /// globs. A read: any admin level.
    pub async fn customer_view(
        &self,
        ctx: &Ctx,
        customer_ref: &str,
        token_id: Option<i64>,
    ) -> ServiceResult<CustomerView> {
        let sub = self.subject(ctx, customer_ref, token_id).await?;
        let mut packages = Vec::with_capacity(sub.customer.granted_names.len());
        for name in &sub.customer.granted_names {
            let Some(pkg) = sub.tenant.package(self.s.db(), name).await? else {
                continue;
            };
            let Some(grant) = sub.customer.grants.get(&pkg.id) else {
                continue;
            };
            let sight = sub.sight(&pkg, grant);
            let versions: Vec<_> = pkg.versions.iter().map(|v| visibility(&sight, v)).collect();
            packages.push(PackageView {
                package: pkg.name.clone(),
                constraint: grant.text.to_string(),
                visible: versions.iter().filter(|v| v.visible).count() as u64,
                versions,
            });
        }
        Ok(CustomerView {
            customer_id: sub.customer.id,
            customer: sub.customer.name.clone(),
            status: sub.status,
            status_reason: sub.customer.status_reason.clone(),
            token_id: sub.token_id(),
            packages,
        })
    }

    /// What granting `package_name` with `proposed_constraint` would change for the
    /// customer: each version visible now and after, and why hidden after. The
    /// constraint is checked as granting checks it. A frozen customer keeps seeing its
    /// frozen versions whatever the constraint. A read: any admin level.
    pub async fn preview_grant(
        &self,
        ctx: &Ctx,
        customer_ref: &str,
        package_name: &str,
        proposed_constraint: &str,
        token_id: Option<i64>,
    ) -> ServiceResult<GrantPreview> {
        let text = grants::parse_constraint(proposed_constraint)?;
        let constraint = Constraint::parse(&text)
            .map_err(|e| ServiceError::field("constraint", e.to_string()))?;
        let proposed = Arc::new(GrantView {
            text: Arc::from(text.as_str()),
            constraint,
        });
        let sub = self.subject(ctx, customer_ref, token_id).await?;
        let pkg = self.package(ctx, &sub, package_name).await?;
        let current = sub.customer.grants.get(&pkg.id);
        let now = current.map(|g| sub.sight(&pkg, g));
        let after = sub.sight(&pkg, &proposed);
        let versions: Vec<VersionPreview> = pkg
            .versions
            .iter()
            .map(|v| compare(now.as_ref(), &after, v))
            .collect();
        let count =
            |f: fn(&VersionPreview) -> bool| versions.iter().filter(|v| f(v)).count() as u64;
        Ok(GrantPreview {
            customer_id: sub.customer.id,
            customer: sub.customer.name.clone(),
            status: sub.status,
            package: pkg.name.clone(),
            token_id: sub.token_id(),
            current_constraint: current.map(|g| g.text.to_string()),
            proposed_constraint: text,
            appearing: count(|v| v.change == VersionChange::Appears),
            disappearing: count(|v| v.change == VersionChange::Disappears),
            visible_now: count(|v| v.visible_now),
            visible_after: count(|v| v.visible_after),
            versions,
        })
    }

    /// The customer as the Composer cache of this process holds it (loaded now if it
    /// is not), and the named token's globs.
    async fn subject(
        &self,
        ctx: &Ctx,
        customer_ref: &str,
        token_id: Option<i64>,
    ) -> ServiceResult<Subject> {
        let db = self.s.db();
        let row = customers::resolve(db, ctx, customer_ref).await?;
        let tenant = self.s.composer().tenant(ctx.tenant_id).await?;
        let customer = tenant
            .customer(db, row.id)
            .await?
            .ok_or_else(|| ServiceError::not_found("customer", customer_ref))?;
        let token = match token_id {
            Some(id) => Some((id, self.globs(ctx, &customer, id).await?)),
            None => None,
        };
        let now = Utc::now();
        Ok(Subject {
            status: customer.status.effective(customer.expires_at, now),
            tenant,
            customer,
            token,
            now,
        })
    }

    /// A hosted package by name, as the Composer cache holds it.
    async fn package(
        &self,
        ctx: &Ctx,
        sub: &Subject,
        name: &str,
    ) -> ServiceResult<Arc<PackageEntry>> {
        let db = self.s.db();
        let name = grants::find_package(db, ctx, name).await?.name;
        let found = sub.tenant.package(db, &name).await?;
        found
            .ok_or_else(|| ServiceError::NotFound(format!("package {name} is not registered here")))
    }

    /// The package globs of one of the customer's usable tokens (read as the Composer
    /// cache reads them).
    async fn globs(
        &self,
        ctx: &Ctx,
        customer: &CustomerEntry,
        id: i64,
    ) -> ServiceResult<Vec<PackageGlob>> {
        let token = self.s.tokens().show(ctx, id).await?;
        if token.customer_id != customer.id {
            return Err(ServiceError::field(
                "token_id",
                format!(
                    "token {id} belongs to customer \"{}\", not to \"{}\"",
                    token.customer, customer.name
                ),
            ));
        }
        if token.status != "active" {
            return Err(ServiceError::field(
                "token_id",
                format!(
                    "token {id} is {}: Composer refuses it, so it sees nothing",
                    token.status
                ),
            ));
        }
        Ok(glob::from_stored(&token.package_globs))
    }
}

fn visibility(sight: &Sight, v: &VersionDoc) -> VersionVisibility {
    let reasons = sight.hidden(v);
    VersionVisibility {
        version: v.version.clone(),
        version_normalized: v.version_normalized.clone(),
        dev: v.is_dev,
        visible: reasons.is_empty(),
        reasons,
    }
}

/// One version under the current grant (None: not granted, so nothing visible) and
/// under the proposed one.
fn compare(now: Option<&Sight>, after: &Sight, v: &VersionDoc) -> VersionPreview {
    let visible_now = now.is_some_and(|s| s.hidden(v).is_empty());
    let reasons = after.hidden(v);
    let visible_after = reasons.is_empty();
    let change = match (visible_now, visible_after) {
        (false, true) => VersionChange::Appears,
        (true, false) => VersionChange::Disappears,
        _ => VersionChange::Unchanged,
    };
    VersionPreview {
        version: v.version.clone(),
        version_normalized: v.version_normalized.clone(),
        dev: v.is_dev,
        visible_now,
        visible_after,
        change,
        reasons,
    }
}
