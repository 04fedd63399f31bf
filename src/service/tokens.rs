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
use super::page::{Page, PageRequest};
use super::{ChangeSet, Ctx, ServiceError, ServiceResult, Services, clean_optional, now};
use crate::db::entities::{customer, customer_token};
use crate::domain::customer::TokenScope;
use crate::domain::glob::PackageGlob;
use crate::domain::token::{NewToken, TokenKind};

/// Longest lifetime accepted for an expiry in days (100 years).
const MAX_DAYS: u32 = 36_500;

/// A token as shown to operators (never the secret).
#[derive(Debug, Clone, Serialize, poem_openapi::Object)]
pub struct TokenInfo {
    pub id: i64,
    pub customer_id: i64,
    pub customer: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[oai(skip_serializing_if_is_none)]
    pub name: Option<String>,
    /// First characters of the secret, to tell tokens apart.
    pub prefix: String,
    pub scope: TokenScope,
    pub package_globs: Vec<String>,
    /// `active`, `revoked` or `expired`.
    pub status: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[oai(skip_serializing_if_is_none)]
    pub expires_at: Option<DateTime<Utc>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[oai(skip_serializing_if_is_none)]
    pub revoked_at: Option<DateTime<Utc>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[oai(skip_serializing_if_is_none)]
    pub last_used_at: Option<DateTime<Utc>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[oai(skip_serializing_if_is_none)]
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
            status: status.to_string(),
            expires_at: m.expires_at,
            revoked_at: m.revoked_at,
            last_used_at: m.last_used_at,
            last_used_ip: m.last_used_ip,
            created_at: m.created_at,
        }
    }
}

/// How a customer points Composer at the registry with a token: the credentials and the
/// commands to run, for the URL the registry is reached at.
#[derive(Debug, Clone, Serialize, poem_openapi::Object)]
pub struct ComposerSetup {
    pub username: String,
    pub password: String,
    pub repository_url: String,
    /// `composer config` commands, in order.
    pub commands: Vec<String>,
}

/// The set-up of `secret` for a registry at `repository_url`. Composer keys credentials
/// by host, plus `:port` when the URL names one; plain http needs `secure-http` off.
pub fn composer_setup(repository_url: &str, secret: &str) -> ComposerSetup {
    let parsed = url::Url::parse(repository_url).ok();
    let auth_host = match parsed.as_ref().map(|u| (u.host_str(), u.port())) {
        Some((Some(h), Some(p))) => format!("{h}:{p}"),
        Some((Some(h), None)) => h.to_string(),
        _ => repository_url.to_string(),
    };
    let mut commands = Vec::with_capacity(3);
    if parsed.as_ref().is_some_and(|u| u.scheme() == "http") {
        commands.push("composer config secure-http false".to_string());
    }
    commands.push(format!(
        "composer config --global --auth http-basic.{auth_host} token {secret}"
    ));
    commands.push(format!(
        "composer config repositories.private composer {repository_url}"
    ));
    ComposerSetup {
        username: "token".to_string(),
        password: secret.to_string(),
        repository_url: repository_url.to_string(),
        commands,
    }
}

/// A token just issued or rotated, with how to configure Composer with it: what
/// `token issue --json` prints and what the APIs answer.
#[derive(Debug, Clone, Serialize, poem_openapi::Object)]
pub struct IssuedSetup {
    pub token: TokenInfo,
    /// The secret, shown only this once.
    pub plain_token: String,
    pub composer_auth: ComposerSetup,
}

impl IssuedToken {
    /// The set-up for a registry reached at `repository_url`.
    pub fn with_setup(self, repository_url: &str) -> IssuedSetup {
        let composer_auth = composer_setup(repository_url, &self.plain_token);
        IssuedSetup {
            token: self.token,
            plain_token: self.plain_token,
            composer_auth,
        }
    }
}

/// A token together with its secret, returned once by issue and rotate.
#[derive(Debug, Clone, Serialize, poem_openapi::Object)]
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
        ctx.may_change()?;
        let scope = match req.scope.as_deref() {
            Some(s) => TokenScope::parse(s).map_err(|e| ServiceError::field("scope", e))?,
            None => TokenScope::Download,
        };
        let globs = parse_globs(&req.package_globs)?;
        let name = clean_optional("name", req.name.as_deref(), 200)?;
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
        let change = change.activity(cust.id, &cust.name, "token.issue");
        self.s.commit_change(txn, change).await?;
        Ok(IssuedToken {
            token: TokenInfo::from_model(row, cust.name, at),
            plain_token: secret.plain().to_string(),
        })
    }

    /// Tokens of a customer, newest first (revoked and expired ones included).
    pub async fn list(&self, ctx: &Ctx, customer_ref: &str) -> ServiceResult<Vec<TokenInfo>> {
        Ok(self
            .page(ctx, customer_ref, PageRequest::everything())
            .await?
            .data)
    }

    /// A page of [`Tokens::list`].
    pub async fn page(
        &self,
        ctx: &Ctx,
        customer_ref: &str,
        req: PageRequest,
    ) -> ServiceResult<Page<TokenInfo>> {
        let db = self.s.db();
        let cust = customers::resolve(db, ctx, customer_ref).await?;
        let at = now();
        let q = customer_token::Entity::find()
            .filter(customer_token::Column::CustomerId.eq(cust.id))
            .order_by_desc(customer_token::Column::Id);
        let page = super::page::fetch(db, q, req).await?;
        Ok(page.map(|m| TokenInfo::from_model(m, cust.name.clone(), at)))
    }

    pub async fn show(&self, ctx: &Ctx, id: i64) -> ServiceResult<TokenInfo> {
        let (row, cust) = find(self.s.db(), ctx, id).await?;
        Ok(TokenInfo::from_model(row, cust.name, now()))
    }

    /// A new secret for the same token; the old secret stops working at once.
    pub async fn rotate(&self, ctx: &Ctx, id: i64) -> ServiceResult<IssuedToken> {
        ctx.may_change()?;
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
        let change = change.activity(cust.id, &cust.name, "token.rotate");
        self.s.commit_change(txn, change).await?;
        Ok(IssuedToken {
            token: TokenInfo::from_model(row, cust.name, at),
            plain_token: secret.plain().to_string(),
        })
    }

    pub async fn revoke(&self, ctx: &Ctx, id: i64) -> ServiceResult<TokenInfo> {
        ctx.may_change()?;
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
        let change = change.activity(cust.id, &cust.name, "token.revoke");
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
        (Some(_), Some(_)) => Err(ServiceError::field(
            "expires_at",
            "give either an expiry in days or an expiry date, not both",
        )),
        (Some(d), None) if d == 0 || d > MAX_DAYS => Err(ServiceError::field(
            "expires_in_days",
            format!("the expiry in days must be between 1 and {MAX_DAYS}"),
        )),
        (Some(d), None) => Ok(Some(at + chrono::Duration::days(i64::from(d)))),
        (None, Some(e)) if e <= at => Err(ServiceError::field(
            "expires_at",
            "the expiry date is in the past",
        )),
        (None, e) => Ok(e),
    }
}

fn parse_globs(globs: &[String]) -> ServiceResult<Vec<PackageGlob>> {
    let mut out: Vec<PackageGlob> = Vec::with_capacity(globs.len());
    for g in globs {
        let g = PackageGlob::parse(g.trim())
            .map_err(|e| ServiceError::field("package_globs", e.to_string()))?;
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
