//! Admin tokens: credentials of the REST and GraphQL APIs, at owner, admin or viewer
//! level. `ADMIN_TOKEN`/`ADMIN_TOKEN_HASH` from the configuration act as an owner token.

use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, EntityTrait, IntoActiveModel, PaginatorTrait,
    QueryFilter, QueryOrder, Set,
};
use serde::Serialize;
use serde_json::json;

use super::audit::{self, Entry};
use super::page::{Page, PageRequest};
use super::{Ctx, ServiceError, ServiceResult, Services, clean_optional, now};
use crate::db::entities::admin_token;
use crate::domain::customer::AdminLevel;
use crate::domain::token::{NewToken, TokenHash, TokenKind};

#[derive(Debug, Clone, Serialize, poem_openapi::Object)]
pub struct AdminTokenInfo {
    pub id: i64,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[oai(skip_serializing_if_is_none)]
    pub name: Option<String>,
    pub level: AdminLevel,
    pub prefix: String,
    /// Valid in every tenant (the deployment's own credential) rather than in one.
    pub platform: bool,
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
    pub created_at: DateTime<Utc>,
}

impl AdminTokenInfo {
    fn from_model(m: admin_token::Model, at: DateTime<Utc>) -> Self {
        let status = crate::domain::token::status(m.revoked_at, m.expires_at, at);
        Self {
            id: m.id,
            name: m.name,
            level: AdminLevel::parse(&m.level).unwrap_or(AdminLevel::Viewer),
            prefix: m.prefix,
            platform: m.tenant_id.is_none(),
            status: status.to_string(),
            expires_at: m.expires_at,
            revoked_at: m.revoked_at,
            last_used_at: m.last_used_at,
            created_at: m.created_at,
        }
    }
}

#[derive(Debug, Clone, Serialize, poem_openapi::Object)]
pub struct IssuedAdminToken {
    pub token: AdminTokenInfo,
    pub plain_token: String,
}

/// Who an admin credential belongs to, once verified.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AdminIdentity {
    /// None for the configured `ADMIN_TOKEN`.
    pub token_id: Option<i64>,
    pub level: AdminLevel,
    /// None: valid in every tenant.
    pub tenant_id: Option<i64>,
}

pub struct AdminTokens<'a> {
    s: &'a Services,
}

impl<'a> AdminTokens<'a> {
    pub(super) fn new(s: &'a Services) -> Self {
        Self { s }
    }

    /// Issues a token valid in the caller's tenant only.
    pub async fn issue(
        &self,
        ctx: &Ctx,
        level: &str,
        name: Option<&str>,
    ) -> ServiceResult<IssuedAdminToken> {
        ctx.require(AdminLevel::Owner)?;
        self.issue_for(ctx, Some(ctx.tenant_id), level, name).await
    }

    /// Issues a platform-wide token, valid in every tenant (the deployment's operator
    /// only). At owner level it is an operator credential: it manages tenants.
    pub async fn issue_platform(
        &self,
        ctx: &Ctx,
        level: &str,
        name: Option<&str>,
    ) -> ServiceResult<IssuedAdminToken> {
        ctx.require_operator()?;
        self.issue_for(ctx, None, level, name).await
    }

    async fn issue_for(
        &self,
        ctx: &Ctx,
        tenant_id: Option<i64>,
        level: &str,
        name: Option<&str>,
    ) -> ServiceResult<IssuedAdminToken> {
        let level = AdminLevel::parse(level).map_err(|e| ServiceError::field("level", e))?;
        let name = clean_optional("name", name, 200)?;
        let txn = self.s.begin().await?;
        let issued = insert(&txn, tenant_id, level, name).await?;
        audit::record(
            &txn,
            ctx,
            Entry::new(
                "admin_token.issue",
                "admin_token",
                issued.token.id.to_string(),
            )
            .details(json!({
                "level": level.as_str(),
                "prefix": issued.token.prefix,
                "platform": tenant_id.is_none(),
            })),
        )
        .await?;
        txn.commit().await?;
        Ok(issued)
    }

    pub async fn list(&self, ctx: &Ctx) -> ServiceResult<Vec<AdminTokenInfo>> {
        Ok(self.page(ctx, PageRequest::everything()).await?.data)
    }

    /// A page of this tenant's admin tokens, with the platform-wide ones for the
    /// deployment's operator (owner only).
    pub async fn page(&self, ctx: &Ctx, req: PageRequest) -> ServiceResult<Page<AdminTokenInfo>> {
        ctx.require(AdminLevel::Owner)?;
        let at = now();
        let q = admin_token::Entity::find()
            .filter(visible_to(ctx))
            .order_by_asc(admin_token::Column::Id);
        let page = super::page::fetch(self.s.db(), q, req).await?;
        Ok(page.map(|m| AdminTokenInfo::from_model(m, at)))
    }

    pub async fn revoke(&self, ctx: &Ctx, id: i64) -> ServiceResult<AdminTokenInfo> {
        ctx.require(AdminLevel::Owner)?;
        let txn = self.s.begin().await?;
        let row = admin_token::Entity::find_by_id(id)
            .filter(visible_to(ctx))
            .one(&txn)
            .await?
            .ok_or_else(|| ServiceError::not_found("admin token", id))?;
        if row.revoked_at.is_some() {
            return Err(ServiceError::State(format!(
                "admin token {id} is already revoked"
            )));
        }
        let at = now();
        let mut active = row.into_active_model();
        active.revoked_at = Set(Some(at));
        let row = active.update(&txn).await?;
        audit::record(
            &txn,
            ctx,
            Entry::new("admin_token.revoke", "admin_token", id.to_string())
                .details(json!({"prefix": row.prefix, "level": row.level})),
        )
        .await?;
        txn.commit().await?;
        Ok(AdminTokenInfo::from_model(row, at))
    }

    /// On first start with no admin credential anywhere (none configured, none active in
    /// the database), creates an owner token and returns it so it can be printed once.
    pub async fn bootstrap(&self) -> ServiceResult<Option<IssuedAdminToken>> {
        let admin = &self.s.settings().admin;
        if admin.token.is_some() || admin.token_hash.is_some() {
            return Ok(None);
        }
        let txn = self.s.begin().await?;
        let active = admin_token::Entity::find()
            .filter(admin_token::Column::RevokedAt.is_null())
            .count(&txn)
            .await?;
        if active > 0 {
            return Ok(None);
        }
        let issued = insert(&txn, None, AdminLevel::Owner, Some("bootstrap".into())).await?;
        let ctx = Ctx::new(
            super::tenants::default_id(&txn).await?,
            super::Actor::system(),
        );
        audit::record(
            &txn,
            &ctx,
            Entry::new(
                "admin_token.bootstrap",
                "admin_token",
                issued.token.id.to_string(),
            )
            .details(json!({"level": "owner", "prefix": issued.token.prefix})),
        )
        .await?;
        txn.commit().await?;
        Ok(Some(issued))
    }

    /// Verifies an API credential: the configured owner token, or a stored one that is
    /// neither revoked nor expired.
    pub async fn authenticate(&self, presented: &str) -> ServiceResult<Option<AdminIdentity>> {
        self.authenticate_hash(&TokenHash::of(presented)).await
    }

    /// The principal of an admin credential (by its hash) presented over the network to
    /// `tenant`: None when it is unknown, revoked, expired, or another tenant's. Only
    /// `ADMIN_TOKEN` and platform-wide owner tokens run the deployment (manage tenants);
    /// a tenant's own tokens, owners included, manage that tenant alone.
    pub async fn principal(
        &self,
        tenant: i64,
        hash: &TokenHash,
        ip: Option<String>,
    ) -> ServiceResult<Option<Ctx>> {
        let identity = self.authenticate_hash(hash).await?;
        let Some(id) = identity.filter(|i| i.tenant_id.is_none_or(|t| t == tenant)) else {
            return Ok(None);
        };
        let actor = match id.token_id {
            Some(token) => super::Actor::admin_token(token, ip),
            None => super::Actor {
                name: "admin-token:configured".into(),
                ip,
            },
        };
        let operator = id.tenant_id.is_none() && id.level == AdminLevel::Owner;
        Ok(Some(
            Ctx::new(tenant, actor)
                .at_level(id.level)
                .as_operator(operator)
                .over_network(),
        ))
    }

    /// [`AdminTokens::authenticate`] by the credential's hash.
    pub async fn authenticate_hash(
        &self,
        hash: &TokenHash,
    ) -> ServiceResult<Option<AdminIdentity>> {
        let hash = hash.clone();
        let admin = &self.s.settings().admin;
        let configured = admin
            .token
            .as_ref()
            .map(|t| TokenHash::of(t.expose()))
            .or_else(|| admin.token_hash.as_deref().and_then(TokenHash::from_hex));
        if configured.is_some_and(|c| c.ct_eq(&hash)) {
            return Ok(Some(AdminIdentity {
                token_id: None,
                level: AdminLevel::Owner,
                tenant_id: None,
            }));
        }
        let row = admin_token::Entity::find()
            .filter(admin_token::Column::TokenHash.eq(hash.as_str()))
            .one(self.s.db())
            .await?;
        let at = now();
        Ok(row.and_then(|m| {
            let stored = TokenHash::from_hex(&m.token_hash)?;
            let valid = stored.ct_eq(&hash)
                && m.revoked_at.is_none()
                && m.expires_at.is_none_or(|e| e > at);
            valid.then(|| AdminIdentity {
                token_id: Some(m.id),
                level: AdminLevel::parse(&m.level).unwrap_or(AdminLevel::Viewer),
                tenant_id: m.tenant_id,
            })
        }))
    }
}

async fn insert(
    conn: &impl sea_orm::ConnectionTrait,
    tenant_id: Option<i64>,
    level: AdminLevel,
    name: Option<String>,
) -> ServiceResult<IssuedAdminToken> {
    let secret = NewToken::generate(TokenKind::Admin);
    let at = now();
    let row = admin_token::ActiveModel {
        tenant_id: Set(tenant_id),
        name: Set(name),
        level: Set(level.as_str().into()),
        prefix: Set(secret.display_prefix()),
        token_hash: Set(secret.hash().as_str().to_string()),
        expires_at: Set(None),
        revoked_at: Set(None),
        last_used_at: Set(None),
        last_used_ip: Set(None),
        created_at: Set(at),
        ..Default::default()
    }
    .insert(conn)
    .await?;
    Ok(IssuedAdminToken {
        token: AdminTokenInfo::from_model(row, at),
        plain_token: secret.plain().to_string(),
    })
}

/// Tokens of the caller's tenant, plus the platform-wide ones for the deployment's
/// operator: a tenant's owner may neither see nor revoke the operator's credentials.
fn visible_to(ctx: &Ctx) -> Condition {
    let own = Condition::any().add(admin_token::Column::TenantId.eq(ctx.tenant_id));
    if ctx.require_operator().is_ok() {
        own.add(admin_token::Column::TenantId.is_null())
    } else {
        own
    }
}
