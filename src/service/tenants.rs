//! Tenants (product.md section 8): the default one of single mode, lookup by slug for
//! `--tenant`, and their management by the deployment's operator — add, list, show,
//! rename, suspend, reactivate, delete (every row, then every stored object), custom
//! domains, and each tenant's own webhook secret. Usage is in [`super::usage`].
//!
//! Every write commits a `Target::Tenant` change, so every server drops its view of the
//! tenant (its Host mapping, its status) before the call returns.

use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, QueryFilter,
    QueryOrder, Set,
};
use serde::Serialize;
use serde_json::json;

use super::audit::{self, Entry};
use super::page::{Page, PageRequest};
use super::{Actor, ChangeSet, Ctx, ServiceError, ServiceResult, Services, clean_optional, now};
use crate::db::entities::{tenant, tenant_domain};
use crate::domain::tenant::{TenantStatus, parse_domain, parse_slug, reserved_by_suffix};
use crate::domain::webhook::Provider;

pub const DEFAULT_SLUG: &str = "default";

const NAME_MAX: usize = 200;
/// Custom domains one tenant may have.
const MAX_DOMAINS: usize = 50;

/// A tenant as shown to the operator.
#[derive(Debug, Clone, Serialize, poem_openapi::Object)]
pub struct Tenant {
    pub id: i64,
    /// Its DNS label: the tenant answers at `{slug}{TENANT_SUBDOMAIN_SUFFIX}`.
    pub slug: String,
    pub name: String,
    pub status: TenantStatus,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[oai(skip_serializing_if_is_none)]
    pub status_reason: Option<String>,
    /// Custom domains that select the tenant by Host, alphabetically.
    pub domains: Vec<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl Tenant {
    fn from_model(m: tenant::Model, domains: Vec<String>) -> Self {
        Self {
            id: m.id,
            status: TenantStatus::from_stored(&m.status),
            slug: m.slug,
            name: m.name,
            status_reason: m.status_reason,
            domains,
            created_at: m.created_at,
            updated_at: m.updated_at,
        }
    }
}

/// A tenant with its webhook secret, shown only when created or rotated.
#[derive(Debug, Clone, Serialize, poem_openapi::Object)]
pub struct TenantWithSecret {
    pub tenant: Tenant,
    /// Verifies the tenant's GitHub, GitLab and Bitbucket deliveries. Shown only now.
    pub webhook_secret: String,
}

#[derive(Debug, Clone, Default)]
pub struct NewTenant {
    pub slug: String,
    /// Default: the slug.
    pub name: Option<String>,
    pub domains: Vec<String>,
}

pub struct Tenants<'a> {
    pub(super) s: &'a Services,
}

impl<'a> Tenants<'a> {
    pub(super) fn new(s: &'a Services) -> Self {
        Self { s }
    }

    pub async fn by_slug(&self, slug: &str) -> ServiceResult<Tenant> {
        let row = find(self.s.db(), slug).await?;
        let domains = domains_of(self.s.db(), row.id).await?;
        Ok(Tenant::from_model(row, domains))
    }

    /// The context for `actor` in the tenant named `slug` (the default one when None).
    pub async fn context(&self, slug: Option<&str>, actor: Actor) -> ServiceResult<Ctx> {
        let row = find(self.s.db(), slug.unwrap_or(DEFAULT_SLUG)).await?;
        Ok(Ctx::new(row.id, actor))
    }

    /// Adds a tenant with its custom domains and a fresh webhook secret (answered only
    /// now).
    pub async fn add(&self, ctx: &Ctx, input: NewTenant) -> ServiceResult<TenantWithSecret> {
        ctx.require_operator()?;
        let slug = parse_slug(&input.slug).map_err(|e| ServiceError::field("slug", e))?;
        let name = clean_optional("name", input.name.as_deref(), NAME_MAX)?
            .unwrap_or_else(|| slug.clone());
        let mut domains = Vec::with_capacity(input.domains.len());
        for d in &input.domains {
            let d = self.checked_domain(d)?;
            if !domains.contains(&d) {
                domains.push(d);
            }
        }
        if domains.len() > MAX_DOMAINS {
            return Err(too_many_domains());
        }
        let at = now();
        let txn = self.s.begin().await?;
        let row = tenant::ActiveModel {
            slug: Set(slug.clone()),
            name: Set(name),
            status: Set(TenantStatus::Active.as_str().into()),
            status_reason: Set(None),
            generation: Set(0),
            changed_at: Set(at),
            created_at: Set(at),
            updated_at: Set(at),
            webhook_secret_encrypted: Set(None),
            ..Default::default()
        }
        .insert(&txn)
        .await
        .map_err(|e| {
            ServiceError::on_conflict(e, format!("a tenant with slug \"{slug}\" already exists"))
        })?;
        for d in &domains {
            insert_domain(&txn, &row, d).await?;
        }
        let secret = new_webhook_secret();
        let mut active = row.into_active_model();
        active.webhook_secret_encrypted = Set(Some(self.seal_webhook_secret(&active, &secret)?));
        let row = active.update(&txn).await?;
        audit::record(
            &txn,
            &in_tenant(ctx, row.id),
            Entry::new("tenant.create", "tenant", &row.slug)
                .details(json!({"id": row.id, "name": row.name, "domains": domains})),
        )
        .await?;
        let id = row.id;
        self.s
            .commit_change(txn, ChangeSet::new(id).tenant())
            .await?;
        domains.sort();
        Ok(TenantWithSecret {
            tenant: Tenant::from_model(row, domains),
            webhook_secret: secret,
        })
    }

    pub async fn list(&self, ctx: &Ctx) -> ServiceResult<Vec<Tenant>> {
        Ok(self.page(ctx, PageRequest::everything()).await?.data)
    }

    /// A page of the tenants, by slug.
    pub async fn page(&self, ctx: &Ctx, req: PageRequest) -> ServiceResult<Page<Tenant>> {
        ctx.require_operator()?;
        let db = self.s.db();
        let q = tenant::Entity::find().order_by_asc(tenant::Column::Slug);
        let page = super::page::fetch(db, q, req).await?;
        let ids: Vec<i64> = page.data.iter().map(|t| t.id).collect();
        let mut domains: std::collections::HashMap<i64, Vec<String>> = Default::default();
        for d in tenant_domain::Entity::find()
            .filter(tenant_domain::Column::TenantId.is_in(ids))
            .order_by_asc(tenant_domain::Column::Domain)
            .all(db)
            .await?
        {
            domains.entry(d.tenant_id).or_default().push(d.domain);
        }
        Ok(page.map(|t| {
            let mine = domains.remove(&t.id).unwrap_or_default();
            Tenant::from_model(t, mine)
        }))
    }

    pub async fn show(&self, ctx: &Ctx, slug: &str) -> ServiceResult<Tenant> {
        ctx.require_operator()?;
        self.by_slug(slug).await
    }

    /// Renames a tenant (its slug, which hosts name, stays).
    pub async fn rename(&self, ctx: &Ctx, slug: &str, name: &str) -> ServiceResult<Tenant> {
        ctx.require_operator()?;
        let name = super::clean_text("name", name, NAME_MAX)?;
        let txn = self.s.begin().await?;
        let row = find(&txn, slug).await?;
        let from = row.name.clone();
        let mut active = row.into_active_model();
        active.name = Set(name.clone());
        let row = stamp(active).update(&txn).await?;
        audit::record(
            &txn,
            &in_tenant(ctx, row.id),
            Entry::new("tenant.update", "tenant", &row.slug)
                .details(json!({"name": {"from": from, "to": name}})),
        )
        .await?;
        self.finish(txn, row, false).await
    }

    /// Suspends a tenant: every request to it is refused, with the reason, by every
    /// server once this returns. The default tenant cannot be suspended.
    pub async fn suspend(
        &self,
        ctx: &Ctx,
        slug: &str,
        reason: Option<String>,
    ) -> ServiceResult<Tenant> {
        ctx.require_operator()?;
        let reason = clean_optional("reason", reason.as_deref(), 1000)?;
        let txn = self.s.begin().await?;
        let row = find(&txn, slug).await?;
        if row.slug == DEFAULT_SLUG {
            return Err(ServiceError::State(
                "the default tenant cannot be suspended".into(),
            ));
        }
        if TenantStatus::from_stored(&row.status) == TenantStatus::Suspended {
            return Err(ServiceError::State(format!(
                "tenant \"{}\" is already suspended",
                row.slug
            )));
        }
        let mut active = row.into_active_model();
        active.status = Set(TenantStatus::Suspended.as_str().into());
        active.status_reason = Set(reason.clone());
        let row = stamp(active).update(&txn).await?;
        audit::record(
            &txn,
            &in_tenant(ctx, row.id),
            Entry::new("tenant.suspend", "tenant", &row.slug).reason(reason),
        )
        .await?;
        self.finish(txn, row, true).await
    }

    pub async fn reactivate(&self, ctx: &Ctx, slug: &str) -> ServiceResult<Tenant> {
        ctx.require_operator()?;
        let txn = self.s.begin().await?;
        let row = find(&txn, slug).await?;
        if TenantStatus::from_stored(&row.status) == TenantStatus::Active {
            return Err(ServiceError::State(format!(
                "tenant \"{}\" is already active",
                row.slug
            )));
        }
        let mut active = row.into_active_model();
        active.status = Set(TenantStatus::Active.as_str().into());
        active.status_reason = Set(None);
        let row = stamp(active).update(&txn).await?;
        audit::record(
            &txn,
            &in_tenant(ctx, row.id),
            Entry::new("tenant.reactivate", "tenant", &row.slug),
        )
        .await?;
        self.finish(txn, row, false).await
    }

    /// Deletes a tenant with every row it owns, in one transaction, children first;
    /// then its stored archives and git mirrors. The default tenant cannot be deleted.
    /// Recorded in the default tenant's audit log (the tenant's own goes with it).
    pub async fn delete(&self, ctx: &Ctx, slug: &str) -> ServiceResult<Tenant> {
        ctx.require_operator()?;
        let txn = self.s.begin().await?;
        let row = find(&txn, slug).await?;
        if row.slug == DEFAULT_SLUG {
            return Err(ServiceError::State(
                "the default tenant cannot be deleted".into(),
            ));
        }
        let domains = domains_of(&txn, row.id).await?;
        let rows = super::usage::delete_rows(&txn, row.id).await?;
        let platform = default_id(&txn).await?;
        audit::record(
            &txn,
            &in_tenant(ctx, platform),
            Entry::new("tenant.delete", "tenant", &row.slug)
                .details(json!({"id": row.id, "name": row.name, "rows": rows})),
        )
        .await?;
        let change = ChangeSet::new(row.id).tenant().revoking();
        self.s.commit_change(txn, change).await?;
        // After the commit, so a failed delete never leaves rows pointing at nothing.
        self.remove_files(row.id).await;
        Ok(Tenant::from_model(row, domains))
    }

    /// Maps a custom domain to a tenant. A domain selects one tenant only.
    pub async fn domain_add(&self, ctx: &Ctx, slug: &str, domain: &str) -> ServiceResult<Tenant> {
        ctx.require_operator()?;
        let domain = self.checked_domain(domain)?;
        let txn = self.s.begin().await?;
        let row = find(&txn, slug).await?;
        if domains_of(&txn, row.id).await?.len() >= MAX_DOMAINS {
            return Err(too_many_domains());
        }
        insert_domain(&txn, &row, &domain).await?;
        let row = stamp(row.into_active_model()).update(&txn).await?;
        audit::record(
            &txn,
            &in_tenant(ctx, row.id),
            Entry::new("tenant.domain_add", "tenant", &row.slug).details(json!({"domain": domain})),
        )
        .await?;
        self.finish(txn, row, false).await
    }

    /// Unmaps a custom domain: requests to it stop reaching the tenant on every server
    /// once this returns.
    pub async fn domain_remove(
        &self,
        ctx: &Ctx,
        slug: &str,
        domain: &str,
    ) -> ServiceResult<Tenant> {
        ctx.require_operator()?;
        let txn = self.s.begin().await?;
        let row = find(&txn, slug).await?;
        let wanted = domain.trim().trim_end_matches('.').to_ascii_lowercase();
        let removed = tenant_domain::Entity::delete_many()
            .filter(tenant_domain::Column::TenantId.eq(row.id))
            .filter(tenant_domain::Column::Domain.eq(wanted.as_str()))
            .exec(&txn)
            .await?;
        if removed.rows_affected == 0 {
            return Err(ServiceError::NotFound(format!(
                "\"{wanted}\" is not a domain of tenant \"{}\"",
                row.slug
            )));
        }
        let row = stamp(row.into_active_model()).update(&txn).await?;
        audit::record(
            &txn,
            &in_tenant(ctx, row.id),
            Entry::new("tenant.domain_remove", "tenant", &row.slug)
                .details(json!({"domain": wanted})),
        )
        .await?;
        self.finish(txn, row, true).await
    }

    /// A new webhook secret for a tenant (answered only now); the old one stops
    /// verifying deliveries at once. The default tenant uses the configured secrets
    /// (`GITHUB_WEBHOOK_SECRET`…).
    pub async fn rotate_webhook_secret(
        &self,
        ctx: &Ctx,
        slug: &str,
    ) -> ServiceResult<TenantWithSecret> {
        ctx.require_operator()?;
        let txn = self.s.begin().await?;
        let row = find(&txn, slug).await?;
        if row.slug == DEFAULT_SLUG {
            return Err(ServiceError::State(
                "the default tenant verifies webhooks with the configured secrets (GITHUB_WEBHOOK_SECRET, GITLAB_WEBHOOK_SECRET, BITBUCKET_WEBHOOK_SECRET)".into(),
            ));
        }
        let secret = new_webhook_secret();
        let mut active = row.into_active_model();
        active.webhook_secret_encrypted = Set(Some(self.seal_webhook_secret(&active, &secret)?));
        let row = stamp(active).update(&txn).await?;
        audit::record(
            &txn,
            &in_tenant(ctx, row.id),
            Entry::new("tenant.webhook_secret_rotate", "tenant", &row.slug),
        )
        .await?;
        let tenant = self.finish(txn, row, true).await?;
        Ok(TenantWithSecret {
            tenant,
            webhook_secret: secret,
        })
    }

    /// Commits a change of the tenant `row` and answers its view.
    async fn finish(
        &self,
        txn: sea_orm::DatabaseTransaction,
        row: tenant::Model,
        revokes: bool,
    ) -> ServiceResult<Tenant> {
        let domains = domains_of(&txn, row.id).await?;
        let mut change = ChangeSet::new(row.id).tenant();
        if revokes {
            change = change.revoking();
        }
        self.s.commit_change(txn, change).await?;
        Ok(Tenant::from_model(row, domains))
    }

    /// A domain as stored, refused when it is no host name or lies where hosts name
    /// tenants by slug.
    fn checked_domain(&self, domain: &str) -> ServiceResult<String> {
        let d = parse_domain(domain).map_err(|e| ServiceError::field("domain", e))?;
        if let Some(suffix) = self.s.settings().tenant.subdomain_suffix.as_deref()
            && reserved_by_suffix(&d, suffix)
        {
            return Err(ServiceError::field(
                "domain",
                format!(
                    "\"{d}\" is under the tenants' subdomain suffix ({suffix}), where hosts name tenants by slug: a tenant there needs no custom domain"
                ),
            ));
        }
        Ok(d)
    }

    fn seal_webhook_secret(
        &self,
        row: &tenant::ActiveModel,
        secret: &str,
    ) -> ServiceResult<String> {
        let id = *row.id.as_ref();
        self.s
            .secrets()?
            .encrypt(secret.as_bytes(), &secret_context(id))
            .map_err(|e| ServiceError::Internal(format!("cannot encrypt the webhook secret: {e}")))
    }

    /// Removes what the tenant stored: archives and proxy files under `t/<id>/`, and
    /// its git mirrors. Failures are logged: the rows are gone already, and what is
    /// left is unreachable (ids are never reused).
    async fn remove_files(&self, tenant_id: i64) {
        let prefix = format!("t/{tenant_id}/");
        if let Err(e) = self.s.storage().delete_prefix(&prefix).await {
            tracing::warn!(prefix, error = %e, "could not delete the stored files of a deleted tenant");
        }
        let mirrors = self
            .s
            .settings()
            .data_dir
            .join("mirrors")
            .join(format!("t{tenant_id}"));
        let removed =
            tokio::task::spawn_blocking(move || match std::fs::remove_dir_all(&mirrors) {
                Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err((mirrors, e)),
                _ => Ok(()),
            })
            .await;
        if let Ok(Err((path, e))) = removed {
            tracing::warn!(path = %path.display(), error = %e, "could not delete the git mirrors of a deleted tenant");
        }
    }
}

impl Services {
    /// The secret that verifies webhook deliveries from `provider` to tenant
    /// `tenant_id`: the configured one for the default tenant
    /// ([`Services::webhook_secret`]), the tenant's own (one for every provider) for the
    /// others. None: deliveries to that tenant cannot be verified (refuse them).
    pub async fn tenant_webhook_secret(
        &self,
        tenant_id: i64,
        provider: Provider,
    ) -> ServiceResult<Option<String>> {
        let row = tenant::Entity::find_by_id(tenant_id)
            .one(self.db())
            .await?
            .ok_or_else(|| ServiceError::not_found("tenant", tenant_id))?;
        if row.slug == DEFAULT_SLUG {
            return Ok(self.webhook_secret(provider).map(String::from));
        }
        let Some(sealed) = row.webhook_secret_encrypted else {
            return Ok(None);
        };
        let plain = self
            .secrets()?
            .decrypt(&sealed, &secret_context(row.id))
            .map_err(|e| {
                ServiceError::Internal(format!(
                    "cannot decrypt the webhook secret of tenant \"{}\" ({e}): was CARGOMAN_ENCRYPTION_KEY or <data>/secret.key changed? Rotate the secret",
                    row.slug
                ))
            })?;
        String::from_utf8(plain)
            .map(Some)
            .map_err(|_| ServiceError::Internal("a stored webhook secret is not text".into()))
    }
}

/// Associated data binding a sealed webhook secret to its tenant: a secret copied to
/// another tenant's row does not open.
fn secret_context(tenant_id: i64) -> String {
    format!("tenant-webhook-secret:{tenant_id}")
}

/// 256 random bits, as hex (any provider takes it).
fn new_webhook_secret() -> String {
    hex::encode(rand::random::<[u8; 32]>())
}

/// The operator's context with the audit entry going to tenant `tenant_id`'s log.
fn in_tenant(ctx: &Ctx, tenant_id: i64) -> Ctx {
    Ctx {
        tenant_id,
        ..ctx.clone()
    }
}

/// Marks a tenant row as changed.
fn stamp(mut row: tenant::ActiveModel) -> tenant::ActiveModel {
    let generation = *row.generation.as_ref();
    row.generation = Set(generation + 1);
    row.updated_at = Set(now());
    row
}

fn too_many_domains() -> ServiceError {
    ServiceError::field(
        "domain",
        format!("a tenant has at most {MAX_DOMAINS} custom domains"),
    )
}

/// The tenant with this slug (any case).
async fn find(conn: &impl ConnectionTrait, slug: &str) -> ServiceResult<tenant::Model> {
    let slug = slug.trim().to_ascii_lowercase();
    tenant::Entity::find()
        .filter(tenant::Column::Slug.eq(slug.as_str()))
        .one(conn)
        .await?
        .ok_or_else(|| ServiceError::not_found("tenant", slug))
}

async fn domains_of(conn: &impl ConnectionTrait, tenant_id: i64) -> ServiceResult<Vec<String>> {
    Ok(tenant_domain::Entity::find()
        .filter(tenant_domain::Column::TenantId.eq(tenant_id))
        .order_by_asc(tenant_domain::Column::Domain)
        .all(conn)
        .await?
        .into_iter()
        .map(|d| d.domain)
        .collect())
}

/// Maps `domain` to `tenant`, refused when any tenant has it already.
async fn insert_domain(
    conn: &impl ConnectionTrait,
    tenant: &tenant::Model,
    domain: &str,
) -> ServiceResult<()> {
    let taken = tenant_domain::Entity::find()
        .filter(tenant_domain::Column::Domain.eq(domain))
        .one(conn)
        .await?;
    if let Some(t) = taken {
        let owner = tenant::Entity::find_by_id(t.tenant_id).one(conn).await?;
        let owner = owner.map_or_else(|| t.tenant_id.to_string(), |o| o.slug);
        return Err(ServiceError::Conflict(if t.tenant_id == tenant.id {
            format!("\"{domain}\" is already a domain of tenant \"{owner}\"")
        } else {
            format!("the domain \"{domain}\" is already used by tenant \"{owner}\"")
        }));
    }
    tenant_domain::ActiveModel {
        tenant_id: Set(tenant.id),
        domain: Set(domain.to_string()),
        created_at: Set(now()),
        ..Default::default()
    }
    .insert(conn)
    .await
    .map_err(|e| {
        ServiceError::on_conflict(e, format!("the domain \"{domain}\" is already used"))
    })?;
    Ok(())
}

/// Id of the default tenant (seeded by the first migration).
pub(crate) async fn default_id(conn: &impl ConnectionTrait) -> ServiceResult<i64> {
    tenant::Entity::find()
        .filter(tenant::Column::Slug.eq(DEFAULT_SLUG))
        .one(conn)
        .await?
        .map(|t| t.id)
        .ok_or_else(|| {
            ServiceError::Internal("the default tenant is missing: run `cargoman migrate`".into())
        })
}
