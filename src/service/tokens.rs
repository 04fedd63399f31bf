//! Customer tokens: the credentials Composer sends. Issued, listed, rotated and
//! revoked here; the secret is shown once and only its SHA-256 is stored.

use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, QueryFilter,
    QueryOrder, Set,
};
use serde::Serialize;
use serde_json::json;

use super::audit::{self, Entry};
use super::customers;
use super::{ChangeSet, Ctx, ServiceError, ServiceResult, Services, clean_optional, now};
use crate::db::entities::{customer, customer_token};
use crate::domain::customer::TokenScope;
use crate::domain::glob::PackageGlob;
use crate::domain::token::{NewToken, TokenHash, TokenKind};

/// Longest lifetime accepted for `--expires-in-days` (100 years).
const MAX_DAYS: u32 = 36_500;

/// A token as shown to operators (never the secret).
#[derive(Debug, Clone, Serialize)]
pub struct TokenInfo {
    pub id: i64,
    pub customer_id: i64,
    pub customer: String,
    pub name: Option<String>,
    /// First characters of the secret, to tell tokens apart.
    pub prefix: String,
    pub scope: TokenScope,
    pub package_globs: Vec<String>,
    /// `active`, `revoked` or `expired`.
    pub status: &'static str,
    pub expires_at: Option<DateTime<Utc>>,
    pub revoked_at: Option<DateTime<Utc>>,
    pub last_used_at: Option<DateTime<Utc>>,
    pub last_used_ip: Option<String>,
    pub created_at: DateTime<Utc>,
}

impl TokenInfo {
    fn from_model(m: customer_token::Model, customer: String, at: DateTime<Utc>) -> Self {
        let status = crate::domain::token::status(m.revoked_at, m.expires_at, at);
        Self {
            id: m.id,
            customer_id: m.customer_id,
            customer,
            name: m.name,
            prefix: m.prefix,
            scope: TokenScope::parse(&m.scope).unwrap_or(TokenScope::Metadata),
            package_globs: decode_globs(&m.package_globs),
            status,
            expires_at: m.expires_at,
            revoked_at: m.revoked_at,
            last_used_at: m.last_used_at,
            last_used_ip: m.last_used_ip,
            created_at: m.created_at,
        }
    }
}

/// A token together with its secret, returned once by issue and rotate.
#[derive(Debug, Clone, Serialize)]
pub struct IssuedToken {
    pub token: TokenInfo,
    pub plain_token: String,
}

#[derive(Debug, Clone, Default)]
pub struct TokenRequest {
    /// Customer id or unique name.
    pub customer: String,
    pub name: Option<String>,
    /// `download` (default) or `metadata`.
    pub scope: Option<String>,
    /// Limits the token to matching package names; empty means every granted package.
    pub package_globs: Vec<String>,
    pub expires_in_days: Option<u32>,
    pub expires_at: Option<DateTime<Utc>>,
}

pub struct Tokens<'a> {
    s: &'a Services,
}

impl<'a> Tokens<'a> {
    pub(super) fn new(s: &'a Services) -> Self {
        Self { s }
    }

    pub async fn issue(&self, ctx: &Ctx, req: TokenRequest) -> ServiceResult<IssuedToken> {
        let scope = match req.scope.as_deref() {
            Some(s) => TokenScope::parse(s).map_err(ServiceError::Invalid)?,
            None => TokenScope::Download,
        };
        let globs = parse_globs(&req.package_globs)?;
        let name = clean_optional("token name", req.name.as_deref(), 200)?;
        let at = now();
        let expires_at = expiry(at, req.expires_in_days, req.expires_at)?;
        let secret = NewToken::generate(TokenKind::Customer);
        let txn = self.s.begin().await?;
        let cust = customers::resolve(&txn, ctx, &req.customer).await?;
        let row = customer_token::ActiveModel {
            tenant_id: Set(ctx.tenant_id),
            customer_id: Set(cust.id),
            name: Set(name),
            prefix: Set(secret.display_prefix()),
            token_hash: Set(secret.hash().as_str().to_string()),
            scope: Set(scope.as_str().into()),
            package_globs: Set(encode_globs(&globs)),
            expires_at: Set(expires_at),
            revoked_at: Set(None),
            last_used_at: Set(None),
            last_used_ip: Set(None),
            created_at: Set(at),
            updated_at: Set(at),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
        audit::record(
            &txn,
            ctx,
            Entry::new("token.issue", "customer_token", row.id.to_string()).details(json!({
                "customer": cust.name, "prefix": row.prefix, "scope": row.scope,
                "package_globs": globs, "expires_at": row.expires_at,
            })),
        )
        .await?;
        // A new secret must work at once, even where "unknown token" was cached.
        let change = ChangeSet::new(ctx.tenant_id).token(row.id);
        self.s.commit_change(txn, change).await?;
        Ok(IssuedToken {
            token: TokenInfo::from_model(row, cust.name, at),
            plain_token: secret.plain().to_string(),
        })
    }

    /// Tokens of a customer, newest first (revoked and expired ones included).
    pub async fn list(&self, ctx: &Ctx, customer_ref: &str) -> ServiceResult<Vec<TokenInfo>> {
        let db = self.s.db();
        let cust = customers::resolve(db, ctx, customer_ref).await?;
        let at = now();
        let rows = customer_token::Entity::find()
            .filter(customer_token::Column::CustomerId.eq(cust.id))
            .order_by_desc(customer_token::Column::Id)
            .all(db)
            .await?;
        Ok(rows
            .into_iter()
            .map(|m| TokenInfo::from_model(m, cust.name.clone(), at))
            .collect())
    }

    pub async fn show(&self, ctx: &Ctx, id: i64) -> ServiceResult<TokenInfo> {
        let (row, cust) = find(self.s.db(), ctx, id).await?;
        Ok(TokenInfo::from_model(row, cust.name, now()))
    }

    /// A new secret for the same token; the old secret stops working at once.
    pub async fn rotate(&self, ctx: &Ctx, id: i64) -> ServiceResult<IssuedToken> {
        let txn = self.s.begin().await?;
        let (row, cust) = find(&txn, ctx, id).await?;
        if row.revoked_at.is_some() {
            return Err(ServiceError::State(format!(
                "token {id} is revoked and cannot be rotated: issue a new one"
            )));
        }
        let secret = NewToken::generate(TokenKind::Customer);
        let old_prefix = row.prefix.clone();
        let at = now();
        let mut active = row.into_active_model();
        active.prefix = Set(secret.display_prefix());
        active.token_hash = Set(secret.hash().as_str().to_string());
        active.updated_at = Set(at);
        let row = active.update(&txn).await?;
        audit::record(
            &txn,
            ctx,
            Entry::new("token.rotate", "customer_token", id.to_string()).details(json!({
                "customer": cust.name, "old_prefix": old_prefix, "prefix": row.prefix,
            })),
        )
        .await?;
        let change = ChangeSet::new(ctx.tenant_id).token(id).revoking();
        self.s.commit_change(txn, change).await?;
        Ok(IssuedToken {
            token: TokenInfo::from_model(row, cust.name, at),
            plain_token: secret.plain().to_string(),
        })
    }

    /// The token a Composer client presents, if it exists in this tenant and is neither
    /// revoked nor expired (checked against the clock now, so both take effect at once).
    pub async fn authenticate(
        &self,
        ctx: &Ctx,
        presented: &str,
    ) -> ServiceResult<Option<TokenInfo>> {
        if !crate::domain::token::looks_like_token(presented) {
            return Ok(None);
        }
        let hash = TokenHash::of(presented);
        let row = customer_token::Entity::find()
            .filter(customer_token::Column::TenantId.eq(ctx.tenant_id))
            .filter(customer_token::Column::TokenHash.eq(hash.as_str()))
            .find_also_related(customer::Entity)
            .one(self.s.db())
            .await?;
        let at = now();
        Ok(row.and_then(|(t, c)| {
            let stored = TokenHash::from_hex(&t.token_hash)?;
            let info = TokenInfo::from_model(t, c?.name, at);
            (stored.ct_eq(&hash) && info.status == "active").then_some(info)
        }))
    }

    pub async fn revoke(&self, ctx: &Ctx, id: i64) -> ServiceResult<TokenInfo> {
        let txn = self.s.begin().await?;
        let (row, cust) = find(&txn, ctx, id).await?;
        if row.revoked_at.is_some() {
            return Err(ServiceError::State(format!(
                "token {id} is already revoked"
            )));
        }
        let at = now();
        let mut active = row.into_active_model();
        active.revoked_at = Set(Some(at));
        active.updated_at = Set(at);
        let row = active.update(&txn).await?;
        audit::record(
            &txn,
            ctx,
            Entry::new("token.revoke", "customer_token", id.to_string())
                .details(json!({"customer": cust.name, "prefix": row.prefix})),
        )
        .await?;
        let change = ChangeSet::new(ctx.tenant_id).token(id).revoking();
        self.s.commit_change(txn, change).await?;
        Ok(TokenInfo::from_model(row, cust.name, at))
    }
}

async fn find(
    conn: &impl ConnectionTrait,
    ctx: &Ctx,
    id: i64,
) -> ServiceResult<(customer_token::Model, customer::Model)> {
    customer_token::Entity::find_by_id(id)
        .filter(customer_token::Column::TenantId.eq(ctx.tenant_id))
        .find_also_related(customer::Entity)
        .one(conn)
        .await?
        .and_then(|(t, c)| Some((t, c?)))
        .ok_or_else(|| ServiceError::not_found("token", id))
}

fn expiry(
    at: DateTime<Utc>,
    days: Option<u32>,
    explicit: Option<DateTime<Utc>>,
) -> ServiceResult<Option<DateTime<Utc>>> {
    match (days, explicit) {
        (Some(_), Some(_)) => Err(ServiceError::Invalid(
            "give either an expiry in days or an expiry date, not both".into(),
        )),
        (Some(d), None) if d == 0 || d > MAX_DAYS => Err(ServiceError::Invalid(format!(
            "--expires-in-days must be between 1 and {MAX_DAYS}"
        ))),
        (Some(d), None) => Ok(Some(at + chrono::Duration::days(i64::from(d)))),
        (None, Some(e)) if e <= at => Err(ServiceError::Invalid(
            "the expiry date is in the past".into(),
        )),
        (None, e) => Ok(e),
    }
}

fn parse_globs(globs: &[String]) -> ServiceResult<Vec<PackageGlob>> {
    let mut out: Vec<PackageGlob> = Vec::with_capacity(globs.len());
    for g in globs {
        let g = PackageGlob::parse(g.trim()).map_err(|e| ServiceError::Invalid(e.to_string()))?;
        if !out.contains(&g) {
            out.push(g);
        }
    }
    Ok(out)
}

fn encode_globs(globs: &[PackageGlob]) -> String {
    serde_json::to_string(globs).unwrap_or_else(|_| "[]".into())
}

/// Reads the stored globs; anything unreadable counts as "no package" rather than
/// "every package", so a corrupt row never widens access.
pub(crate) fn decode_globs(text: &str) -> Vec<String> {
    serde_json::from_str::<Vec<String>>(text).unwrap_or_else(|_| vec!["-invalid-".into()])
}
