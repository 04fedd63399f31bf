//! Package access of customers: grants with a Composer constraint, and the frozen
//! versions of a frozen customer.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, QueryFilter,
    QueryOrder, Set,
};
use serde::Serialize;
use serde_json::json;

use super::audit::{self, Entry};
use super::customers::{self, Customer};
use super::page::{Page, PageRequest};
use super::{ChangeSet, Ctx, ServiceError, ServiceResult, Services, now};
use crate::db::entities::{customer, frozen_version, grant, package, package_version};
use crate::domain::customer::Transition;
use crate::domain::package_name::PackageName;
use crate::domain::semver::{self, Constraint};

/// A package granted to a customer.
#[derive(Debug, Clone, Serialize, poem_openapi::Object)]
pub struct Grant {
    pub package: String,
    pub constraint: String,
    /// Versions the customer keeps while frozen (empty unless frozen).
    pub frozen_versions: Vec<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// A customer that has been granted a package (reverse lookup).
#[derive(Debug, Clone, Serialize, poem_openapi::Object)]
pub struct Grantee {
    pub customer_id: i64,
    pub customer: String,
    pub constraint: String,
}

#[derive(Debug, Clone, Serialize, poem_openapi::Object)]
pub struct FrozenVersion {
    pub package: String,
    pub version: String,
    pub version_normalized: String,
}

#[derive(Debug, Clone, Serialize, poem_openapi::Object)]
pub struct FreezeOutcome {
    pub customer: Customer,
    pub frozen: Vec<FrozenVersion>,
}

pub struct Grants<'a> {
    s: &'a Services,
}

impl<'a> Grants<'a> {
    pub(super) fn new(s: &'a Services) -> Self {
        Self { s }
    }

    /// Grants `package` with `constraint` (default `*`), or changes the constraint of
    /// an existing grant.
    pub async fn grant(
        &self,
        ctx: &Ctx,
        customer_ref: &str,
        package_name: &str,
        constraint: Option<&str>,
    ) -> ServiceResult<Grant> {
        ctx.may_change()?;
        let constraint = parse_constraint(constraint.unwrap_or("*"))?;
        let txn = self.s.begin().await?;
        let cust = customers::resolve(&txn, ctx, customer_ref).await?;
        let pkg = find_package(&txn, ctx, package_name).await?;
        let at = now();
        customers::touch_customer(&txn, cust.id, at).await?;
        let existing = grant::Entity::find()
            .filter(grant::Column::CustomerId.eq(cust.id))
            .filter(grant::Column::PackageId.eq(pkg.id))
            .one(&txn)
            .await?;
        let (row, action, details) = match existing {
            Some(g) => {
                let from = g.version_constraint.clone();
                let mut active = g.into_active_model();
                active.version_constraint = Set(constraint.clone());
                active.updated_at = Set(at);
                let row = active.update(&txn).await?;
                (
                    row,
                    "grant.update",
                    json!({"package": pkg.name, "from": from, "to": constraint}),
                )
            }
            None => {
                let row = grant::ActiveModel {
                    tenant_id: Set(ctx.tenant_id),
                    customer_id: Set(cust.id),
                    package_id: Set(pkg.id),
                    version_constraint: Set(constraint.clone()),
                    created_at: Set(at),
                    updated_at: Set(at),
                    ..Default::default()
                }
                .insert(&txn)
                .await?;
                (
                    row,
                    "grant.create",
                    json!({"package": pkg.name, "constraint": constraint}),
                )
            }
        };
        audit::record(
            &txn,
            ctx,
            Entry::new(action, "customer", &cust.name).details(details),
        )
        .await?;
        let mut change = ChangeSet::new(ctx.tenant_id).customer(cust.id);
        change = change.activity(cust.id, &cust.name, action);
        if action == "grant.update" {
            // A narrower constraint takes versions away.
            change = change.revoking();
        }
        self.s.commit_change(txn, change).await?;
        Ok(to_grant(row, pkg.name, Vec::new()))
    }

    pub async fn revoke(
        &self,
        ctx: &Ctx,
        customer_ref: &str,
        package_name: &str,
    ) -> ServiceResult<Grant> {
        ctx.may_change()?;
        let txn = self.s.begin().await?;
        let cust = customers::resolve(&txn, ctx, customer_ref).await?;
        let pkg = find_package(&txn, ctx, package_name).await?;
        let row = grant::Entity::find()
            .filter(grant::Column::CustomerId.eq(cust.id))
            .filter(grant::Column::PackageId.eq(pkg.id))
            .one(&txn)
            .await?
            .ok_or_else(|| {
                ServiceError::NotFound(format!(
                    "customer \"{}\" has no grant for {}",
                    cust.name, pkg.name
                ))
            })?;
        customers::touch_customer(&txn, cust.id, now()).await?;
        grant::Entity::delete_by_id(row.id).exec(&txn).await?;
        frozen_version::Entity::delete_many()
            .filter(frozen_version::Column::CustomerId.eq(cust.id))
            .filter(frozen_version::Column::PackageId.eq(pkg.id))
            .exec(&txn)
            .await?;
        audit::record(
            &txn,
            ctx,
            Entry::new("grant.revoke", "customer", &cust.name)
                .details(json!({"package": pkg.name, "constraint": row.version_constraint})),
        )
        .await?;
        let change = ChangeSet::new(ctx.tenant_id).customer(cust.id).revoking();
        let change = change.activity(cust.id, &cust.name, "grant.revoke");
        self.s.commit_change(txn, change).await?;
        Ok(to_grant(row, pkg.name, Vec::new()))
    }

    /// The customer's grants, by package name, with frozen versions when frozen.
    pub async fn list(&self, ctx: &Ctx, customer_ref: &str) -> ServiceResult<Vec<Grant>> {
        Ok(self
            .page(ctx, customer_ref, PageRequest::everything())
            .await?
            .data)
    }

    /// A page of [`Grants::list`].
    pub async fn page(
        &self,
        ctx: &Ctx,
        customer_ref: &str,
        req: PageRequest,
    ) -> ServiceResult<Page<Grant>> {
        use sea_orm::PaginatorTrait;
        let db = self.s.db();
        let cust = customers::resolve(db, ctx, customer_ref).await?;
        let base = grant::Entity::find().filter(grant::Column::CustomerId.eq(cust.id));
        let total = base.clone().count(db).await?;
        let q = base
            .find_also_related(package::Entity)
            .order_by_asc(package::Column::Name);
        let rows = req.apply(q).all(db).await?;
        let mut frozen: HashMap<i64, Vec<String>> = HashMap::new();
        for f in frozen_version::Entity::find()
            .filter(frozen_version::Column::CustomerId.eq(cust.id))
            .order_by_asc(frozen_version::Column::Id)
            .all(db)
            .await?
        {
            frozen.entry(f.package_id).or_default().push(f.version);
        }
        let out: Vec<Grant> = rows
            .into_iter()
            .filter_map(|(g, p)| {
                let p = p?;
                let versions = frozen.remove(&p.id).unwrap_or_default();
                Some(to_grant(g, p.name, versions))
            })
            .collect();
        Ok(Page::new(out, req, total))
    }

    /// Replaces all grants of a customer with `grants` (package, constraint) at once.
    pub async fn replace(
        &self,
        ctx: &Ctx,
        customer_ref: &str,
        grants: &[(String, Option<String>)],
    ) -> ServiceResult<Vec<Grant>> {
        ctx.may_change()?;
        let txn = self.s.begin().await?;
        let cust = customers::resolve(&txn, ctx, customer_ref).await?;
        let mut wanted = Vec::with_capacity(grants.len());
        for (name, constraint) in grants {
            let pkg = find_package(&txn, ctx, name).await?;
            let c = parse_constraint(constraint.as_deref().unwrap_or("*"))?;
            if wanted
                .iter()
                .any(|(p, _): &(package::Model, String)| p.id == pkg.id)
            {
                return Err(ServiceError::field(
                    "grants",
                    format!("{} is listed twice", pkg.name),
                ));
            }
            wanted.push((pkg, c));
        }
        grant::Entity::delete_many()
            .filter(grant::Column::CustomerId.eq(cust.id))
            .exec(&txn)
            .await?;
        let at = now();
        customers::touch_customer(&txn, cust.id, at).await?;
        let mut out = Vec::with_capacity(wanted.len());
        for (pkg, c) in wanted {
            let row = grant::ActiveModel {
                tenant_id: Set(ctx.tenant_id),
                customer_id: Set(cust.id),
                package_id: Set(pkg.id),
                version_constraint: Set(c),
                created_at: Set(at),
                updated_at: Set(at),
                ..Default::default()
            }
            .insert(&txn)
            .await?;
            out.push(to_grant(row, pkg.name, Vec::new()));
        }
        let summary: Vec<_> = out
            .iter()
            .map(|g| json!([g.package, g.constraint]))
            .collect();
        audit::record(
            &txn,
            ctx,
            Entry::new("grant.replace", "customer", &cust.name).details(json!({"grants": summary})),
        )
        .await?;
        let change = ChangeSet::new(ctx.tenant_id).customer(cust.id).revoking();
        let change = change.activity(cust.id, &cust.name, "grant.replace");
        self.s.commit_change(txn, change).await?;
        out.sort_by(|a, b| a.package.cmp(&b.package));
        Ok(out)
    }

    /// Customers that have been granted `package_name`.
    pub async fn grantees(&self, ctx: &Ctx, package_name: &str) -> ServiceResult<Vec<Grantee>> {
        Ok(self
            .grantees_page(ctx, package_name, PageRequest::everything())
            .await?
            .data)
    }

    /// A page of [`Grants::grantees`], by customer name.
    pub async fn grantees_page(
        &self,
        ctx: &Ctx,
        package_name: &str,
        req: PageRequest,
    ) -> ServiceResult<Page<Grantee>> {
        use sea_orm::PaginatorTrait;
        let db = self.s.db();
        let pkg = find_package(db, ctx, package_name).await?;
        let base = grant::Entity::find().filter(grant::Column::PackageId.eq(pkg.id));
        let total = base.clone().count(db).await?;
        let q = base
            .find_also_related(customer::Entity)
            .order_by_asc(customer::Column::Name);
        let rows = req.apply(q).all(db).await?;
        let out: Vec<Grantee> = rows
            .into_iter()
            .filter_map(|(g, c)| {
                let c = c?;
                Some(Grantee {
                    customer_id: c.id,
                    customer: c.name,
                    constraint: g.version_constraint,
                })
            })
            .collect();
        Ok(Page::new(out, req, total))
    }

    /// Freezes a customer: at the given `vendor/pkg=version` pins, or (none given) at
    /// every version the customer can reach now.
    pub async fn freeze(
        &self,
        ctx: &Ctx,
        customer_ref: &str,
        pins: &[(String, String)],
        reason: Option<String>,
    ) -> ServiceResult<FreezeOutcome> {
        ctx.may_change()?;
        let txn = self.s.begin().await?;
        let cust = customers::resolve(&txn, ctx, customer_ref).await?;
        let chosen = if pins.is_empty() {
            reachable_versions(&txn, cust.id).await?
        } else {
            choose_pins(&txn, ctx, &cust, pins).await?
        };
        let updated =
            customers::apply_transition(&txn, ctx, cust.clone(), Transition::Freeze, reason)
                .await?;
        unfreeze(&txn, cust.id).await?;
        let at = updated.updated_at;
        for (pkg_id, v) in &chosen {
            frozen_version::ActiveModel {
                tenant_id: Set(ctx.tenant_id),
                customer_id: Set(cust.id),
                package_id: Set(*pkg_id),
                version: Set(v.version.clone()),
                version_normalized: Set(v.version_normalized.clone()),
                created_at: Set(at),
                ..Default::default()
            }
            .insert(&txn)
            .await?;
        }
        let frozen: Vec<FrozenVersion> = chosen.into_iter().map(|(_, v)| v).collect();
        audit::record(
            &txn,
            ctx,
            Entry::new("customer.freeze_versions", "customer", &cust.name)
                .details(json!({"versions": frozen.iter().map(|f| format!("{}={}", f.package, f.version)).collect::<Vec<_>>()})),
        )
        .await?;
        let change = ChangeSet::new(ctx.tenant_id).customer(cust.id).revoking();
        let change = change.activity(cust.id, &cust.name, "customer.freeze");
        self.s.commit_change(txn, change).await?;
        Ok(FreezeOutcome {
            customer: Customer::from_model(updated, now()),
            frozen,
        })
    }
}

/// Drops a customer's frozen versions (on reactivation or re-freeze).
pub(crate) async fn unfreeze(conn: &impl ConnectionTrait, customer_id: i64) -> ServiceResult<()> {
    frozen_version::Entity::delete_many()
        .filter(frozen_version::Column::CustomerId.eq(customer_id))
        .exec(conn)
        .await?;
    Ok(())
}

/// Every (package id, version) the customer's grants reach now: versions satisfying the
/// grant's constraint, yanked ones excluded.
async fn reachable_versions(
    conn: &impl ConnectionTrait,
    customer_id: i64,
) -> ServiceResult<Vec<(i64, FrozenVersion)>> {
    let grants = grant::Entity::find()
        .filter(grant::Column::CustomerId.eq(customer_id))
        .find_also_related(package::Entity)
        .all(conn)
        .await?;
    let mut out = Vec::new();
    for (g, p) in grants {
        let Some(p) = p else { continue };
        let constraint = Constraint::parse(&g.version_constraint)
            .map_err(|e| ServiceError::Internal(format!("stored constraint of {}: {e}", p.name)))?;
        let versions = package_version::Entity::find()
            .filter(package_version::Column::PackageId.eq(p.id))
            .filter(package_version::Column::Yanked.eq(false))
            .order_by_asc(package_version::Column::Id)
            .all(conn)
            .await?;
        for v in versions {
            if constraint.matches_normalized(&v.version_normalized) {
                out.push((
                    p.id,
                    FrozenVersion {
                        package: p.name.clone(),
                        version: v.version,
                        version_normalized: v.version_normalized,
                    },
                ));
            }
        }
    }
    Ok(out)
}

async fn choose_pins(
    conn: &impl ConnectionTrait,
    ctx: &Ctx,
    cust: &customer::Model,
    pins: &[(String, String)],
) -> ServiceResult<Vec<(i64, FrozenVersion)>> {
    let mut out = Vec::with_capacity(pins.len());
    for (name, version) in pins {
        let pkg = find_package(conn, ctx, name).await?;
        let granted = grant::Entity::find()
            .filter(grant::Column::CustomerId.eq(cust.id))
            .filter(grant::Column::PackageId.eq(pkg.id))
            .one(conn)
            .await?
            .is_some();
        if !granted {
            return Err(ServiceError::field(
                "versions",
                format!(
                    "customer \"{}\" has no grant for {}: grant it before freezing a version of it",
                    cust.name, pkg.name
                ),
            ));
        }
        let normalized = semver::normalize(version)
            .map_err(|e| ServiceError::field("versions", format!("{name}={version}: {e}")))?;
        let found = package_version::Entity::find()
            .filter(package_version::Column::PackageId.eq(pkg.id))
            .filter(package_version::Column::VersionNormalized.eq(normalized.as_str()))
            .one(conn)
            .await?
            .ok_or_else(|| {
                ServiceError::NotFound(format!("{} has no version {version}", pkg.name))
            })?;
        out.push((
            pkg.id,
            FrozenVersion {
                package: pkg.name.clone(),
                version: found.version,
                version_normalized: found.version_normalized,
            },
        ));
    }
    Ok(out)
}

pub(crate) async fn find_package(
    conn: &impl ConnectionTrait,
    ctx: &Ctx,
    name: &str,
) -> ServiceResult<package::Model> {
    let name = PackageName::parse(name.trim())
        .map_err(|e| ServiceError::field("package", e.to_string()))?;
    package::Entity::find()
        .filter(package::Column::TenantId.eq(ctx.tenant_id))
        .filter(package::Column::Name.eq(name.as_str()))
        .one(conn)
        .await?
        .ok_or_else(|| ServiceError::NotFound(format!("package {name} is not registered here")))
}

/// Validates a Composer constraint and returns it trimmed, as it will be stored.
pub fn parse_constraint(text: &str) -> ServiceResult<String> {
    let text = text.trim();
    Constraint::parse(text).map_err(|e| {
        ServiceError::field(
            "constraint",
            format!(
                "invalid constraint \"{text}\": {e} (examples: *, ^2.0, ~1.2, >=1.0 <3.0, 1.0 || ^2.0, 2.0.0, dev-main)"
            ),
        )
    })?;
    Ok(text.to_string())
}

fn to_grant(g: grant::Model, package: String, frozen_versions: Vec<String>) -> Grant {
    Grant {
        package,
        constraint: g.version_constraint,
        frozen_versions,
        created_at: g.created_at,
        updated_at: g.updated_at,
    }
}
