//! Sessions of the web UI. Signing in trades a credential (an admin credential for the
//! dashboard, a customer token for the portal) for a random session secret kept in an
//! HttpOnly cookie; the database keeps only hashes of both. Every request verifies the
//! credential again through the same rules as the APIs and Composer, so revoking a token
//! or suspending an admin ends its sessions on every server at once, and signing out
//! deletes the row.

use chrono::{DateTime, Duration, Utc};
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, Set};
use sha2::{Digest, Sha256};

use super::composer::access::{Caller, ComposerError};
use super::{Ctx, ServiceResult, Services, now};
use crate::db::entities::ui_session;
use crate::domain::token::TokenHash;

/// Default lifetime of a session (`security.session_minutes`).
pub const DEFAULT_SESSION_MINUTES: u32 = 8 * 60;

/// Who a session is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SessionKind {
    /// The vendor dashboard, with an admin credential.
    Admin,
    /// The customer portal, with a customer token.
    Customer,
}

impl SessionKind {
    fn as_str(self) -> &'static str {
        match self {
            SessionKind::Admin => "admin",
            SessionKind::Customer => "customer",
        }
    }
}

/// A fresh session: its secret goes into the cookie and is never stored.
pub struct NewSession {
    pub secret: String,
    pub expires_at: DateTime<Utc>,
}

impl std::fmt::Debug for NewSession {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("NewSession")
            .field("expires_at", &self.expires_at)
            .finish_non_exhaustive()
    }
}

/// A session's anti-forgery token: derived from its secret, so that a page of the
/// session can embed it while another site, which cannot read the cookie, cannot.
pub fn csrf_token(secret: &str) -> String {
    let mut h = Sha256::new();
    h.update(b"cargoman-ui-csrf:");
    h.update(secret.as_bytes());
    hex::encode(&h.finalize()[..20])
}

/// Compares a submitted anti-forgery token with the session's, in constant time.
pub fn csrf_matches(secret: &str, submitted: &str) -> bool {
    use subtle::ConstantTimeEq;
    let expected = csrf_token(secret);
    expected.len() == submitted.len() && bool::from(expected.as_bytes().ct_eq(submitted.as_bytes()))
}

pub struct Sessions<'a> {
    s: &'a Services,
}

impl<'a> Sessions<'a> {
    pub(super) fn new(s: &'a Services) -> Self {
        Self { s }
    }

    fn lifetime(&self) -> Duration {
        let minutes = self
            .s
            .settings()
            .security
            .session_minutes
            .unwrap_or(DEFAULT_SESSION_MINUTES);
        Duration::minutes(i64::from(minutes.max(1)))
    }

    /// Signs in to the dashboard of `tenant` with an admin credential; None when the
    /// credential is not valid there.
    pub async fn sign_in_admin(
        &self,
        tenant: i64,
        presented: &str,
        ip: Option<String>,
    ) -> ServiceResult<Option<(NewSession, Ctx)>> {
        let hash = TokenHash::of(presented.trim());
        let Some(ctx) = self
            .s
            .admin_tokens()
            .principal(tenant, &hash, ip.clone())
            .await?
        else {
            return Ok(None);
        };
        let session = self.create(tenant, SessionKind::Admin, &hash, ip).await?;
        Ok(Some((session, ctx)))
    }

    /// Signs in to the portal of `tenant` with a customer token; None when the token is
    /// unknown, revoked or expired. (A suspended customer may sign in, to read why.)
    pub async fn sign_in_customer(
        &self,
        tenant: i64,
        presented: &str,
        ip: Option<std::net::IpAddr>,
    ) -> ServiceResult<Option<(NewSession, Caller)>> {
        let presented = presented.trim();
        let caller = match self.s.composer().authenticate(tenant, presented, ip).await {
            Ok(c) => c,
            Err(ComposerError::Service(e)) => return Err(e),
            Err(_) => return Ok(None),
        };
        let hash = TokenHash::of(presented);
        let session = self
            .create(
                tenant,
                SessionKind::Customer,
                &hash,
                ip.map(|i| i.to_string()),
            )
            .await?;
        Ok(Some((session, caller)))
    }

    async fn create(
        &self,
        tenant: i64,
        kind: SessionKind,
        credential: &TokenHash,
        ip: Option<String>,
    ) -> ServiceResult<NewSession> {
        let secret = hex::encode(rand::random::<[u8; 32]>());
        let at = now();
        let expires_at = at + self.lifetime();
        ui_session::ActiveModel {
            tenant_id: Set(tenant),
            secret_hash: Set(TokenHash::of(&secret).as_str().to_string()),
            kind: Set(kind.as_str().into()),
            credential_hash: Set(credential.as_str().to_string()),
            ip: Set(ip),
            created_at: Set(at),
            expires_at: Set(expires_at),
            ..Default::default()
        }
        .insert(self.s.db())
        .await?;
        Ok(NewSession { secret, expires_at })
    }

    async fn find(
        &self,
        tenant: i64,
        kind: SessionKind,
        secret: &str,
    ) -> ServiceResult<Option<ui_session::Model>> {
        if secret.len() != 64 || !secret.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Ok(None);
        }
        let row = ui_session::Entity::find()
            .filter(ui_session::Column::SecretHash.eq(TokenHash::of(secret).as_str()))
            .one(self.s.db())
            .await?;
        Ok(row.filter(|r| {
            r.tenant_id == tenant && r.kind == kind.as_str() && r.expires_at > Utc::now()
        }))
    }

    /// The principal of a dashboard session, or None (unknown, expired, another
    /// tenant's, or its credential no longer valid).
    pub async fn admin(
        &self,
        tenant: i64,
        secret: &str,
        ip: Option<String>,
    ) -> ServiceResult<Option<Ctx>> {
        let Some(row) = self.find(tenant, SessionKind::Admin, secret).await? else {
            return Ok(None);
        };
        let Some(hash) = TokenHash::from_hex(&row.credential_hash) else {
            return Ok(None);
        };
        self.s.admin_tokens().principal(tenant, &hash, ip).await
    }

    /// The caller of a portal session, exactly as Composer would see its token, or None.
    pub async fn customer(
        &self,
        tenant: i64,
        secret: &str,
        ip: Option<std::net::IpAddr>,
    ) -> ServiceResult<Option<Caller>> {
        let Some(row) = self.find(tenant, SessionKind::Customer, secret).await? else {
            return Ok(None);
        };
        let Some(digest) = hex::decode(&row.credential_hash)
            .ok()
            .and_then(|d| <[u8; 32]>::try_from(d).ok())
        else {
            return Ok(None);
        };
        match self
            .s
            .composer()
            .authenticate_digest(tenant, &digest, ip)
            .await
        {
            Ok(c) => Ok(Some(c)),
            Err(ComposerError::Service(e)) => Err(e),
            Err(_) => Ok(None),
        }
    }

    /// Ends a session (an unknown one is already ended).
    pub async fn sign_out(&self, secret: &str) -> ServiceResult<()> {
        ui_session::Entity::delete_many()
            .filter(ui_session::Column::SecretHash.eq(TokenHash::of(secret).as_str()))
            .exec(self.s.db())
            .await?;
        Ok(())
    }

    /// Deletes expired sessions; returns how many.
    pub async fn purge_expired(&self) -> ServiceResult<u64> {
        let r = ui_session::Entity::delete_many()
            .filter(ui_session::Column::ExpiresAt.lte(now()))
            .exec(self.s.db())
            .await?;
        Ok(r.rows_affected)
    }
}
