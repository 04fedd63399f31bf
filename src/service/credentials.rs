//! Repository credentials: given by the operator, stored encrypted (never in clear,
//! never printed) and bound to their tenant and package, turned into git
//! authentication for a fetch.

use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QuerySelect};
use serde::{Deserialize, Serialize};

use super::{ServiceError, ServiceResult, Services};
use crate::crypto::CryptoError;
use crate::db::entities::package;
use crate::git::GitAuth;

/// What credentials were sealed for before they were bound to their package: the
/// column alone. Only [`Services::upgrade_legacy_credentials`] still opens it.
const LEGACY_CONTEXT: &str = "package-credentials";

/// Associated data binding a ciphertext to its tenant and package, so a value copied
/// to another package's row (of this tenant or another) does not open there.
fn bound_context(tenant_id: i64, package_id: i64) -> String {
    format!("{LEGACY_CONTEXT}:t{tenant_id}:p{package_id}")
}

/// What a private repository needs.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum RepoCredentials {
    /// HTTPS token (GitHub, GitLab, Bitbucket or any server taking HTTP Basic).
    Token {
        username: Option<String>,
        token: String,
    },
    /// SSH private key (PEM/OpenSSH text), with its passphrase if it has one.
    SshKey {
        private_key: String,
        passphrase: Option<String>,
    },
}

impl std::fmt::Debug for RepoCredentials {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            RepoCredentials::Token { username, .. } => {
                write!(f, "Token {{ username: {username:?}, token: [redacted] }}")
            }
            RepoCredentials::SshKey { .. } => f.write_str("SshKey { [redacted] }"),
        }
    }
}

impl RepoCredentials {
    pub fn validate(&self) -> ServiceResult<()> {
        match self {
            RepoCredentials::Token { token, .. } if token.trim().is_empty() => Err(
                ServiceError::field("token", "the repository token is empty"),
            ),
            RepoCredentials::SshKey { private_key, .. } if !private_key.contains("PRIVATE KEY") => {
                Err(ServiceError::invalid(
                    "the SSH key is not a private key (expected a PEM or OpenSSH private key file)",
                ))
            }
            _ => Ok(()),
        }
    }

    pub fn to_git_auth(&self) -> GitAuth {
        match self {
            RepoCredentials::Token { username, token } => GitAuth::Token {
                username: username.clone(),
                token: token.trim().to_string(),
            },
            RepoCredentials::SshKey {
                private_key,
                passphrase,
            } => GitAuth::SshKey {
                private_key_pem: private_key.clone(),
                passphrase: passphrase.clone(),
            },
        }
    }
}

impl Services {
    /// Encrypts credentials for the `packages.credentials_encrypted` column of the
    /// package `package_id` of tenant `tenant_id`: they open for that row only.
    pub(crate) fn seal_credentials(
        &self,
        tenant_id: i64,
        package_id: i64,
        creds: &RepoCredentials,
    ) -> ServiceResult<String> {
        creds.validate()?;
        let plain = serde_json::to_vec(creds).map_err(|e| ServiceError::Internal(e.to_string()))?;
        self.secrets()?
            .encrypt(&plain, &bound_context(tenant_id, package_id))
            .map_err(|e| ServiceError::Internal(format!("cannot encrypt credentials: {e}")))
    }

    /// Decrypts the credential column of the package `package_id` of tenant
    /// `tenant_id` into git authentication.
    pub(crate) fn open_credentials(
        &self,
        tenant_id: i64,
        package_id: i64,
        sealed: Option<&str>,
    ) -> ServiceResult<GitAuth> {
        let Some(sealed) = sealed else {
            return Ok(GitAuth::None);
        };
        let context = bound_context(tenant_id, package_id);
        let plain = self.secrets()?.decrypt(sealed, &context).map_err(|e| {
            ServiceError::Internal(match e {
                CryptoError::Undecryptable => "cannot decrypt the stored repository credentials: \
                    they were encrypted with another key (was CARGOMAN_ENCRYPTION_KEY or \
                    <data>/secret.key changed?) or for another package; set the package's \
                    credentials again"
                    .to_string(),
                e => format!(
                    "cannot decrypt the stored repository credentials ({e}); set the package's credentials again"
                ),
            })
        })?;
        let creds: RepoCredentials = serde_json::from_slice(&plain).map_err(|e| {
            ServiceError::Internal(format!("stored credentials are unreadable: {e}"))
        })?;
        Ok(creds.to_git_auth())
    }

    /// Re-seals, bound to their tenant and package, the credentials stored before
    /// they were bound (sealed for the column alone); run at start-up. Each row is
    /// replaced only if it still holds what was read (compare-and-swap), so a
    /// concurrent change of credentials or another process upgrading too is never
    /// overwritten; everything happens in one transaction. Rows that open with neither
    /// context are left as they are: their sync reports them. Returns how many were
    /// re-sealed.
    pub async fn upgrade_legacy_credentials(&self) -> ServiceResult<usize> {
        let rows: Vec<(i64, i64, Option<String>)> = package::Entity::find()
            .select_only()
            .columns([
                package::Column::Id,
                package::Column::TenantId,
                package::Column::CredentialsEncrypted,
            ])
            .filter(package::Column::CredentialsEncrypted.is_not_null())
            .into_tuple()
            .all(self.db())
            .await?;
        if rows.is_empty() {
            return Ok(0);
        }
        let secrets = self.secrets()?;
        let mut upgrades = Vec::new();
        for (id, tenant_id, sealed) in rows {
            let Some(sealed) = sealed else { continue };
            let context = bound_context(tenant_id, id);
            if secrets.decrypt(&sealed, &context).is_ok() {
                continue;
            }
            let Ok(plain) = secrets.decrypt(&sealed, LEGACY_CONTEXT) else {
                tracing::debug!(
                    package_id = id,
                    "stored credentials open with no known context"
                );
                continue;
            };
            let bound = secrets
                .encrypt(&plain, &context)
                .map_err(|e| ServiceError::Internal(format!("cannot encrypt credentials: {e}")))?;
            upgrades.push((id, sealed, bound));
        }
        if upgrades.is_empty() {
            return Ok(0);
        }
        let txn = self.begin().await?;
        let mut upgraded = 0;
        for (id, old, new) in upgrades {
            let done = package::Entity::update_many()
                .col_expr(package::Column::CredentialsEncrypted, new.into())
                .filter(package::Column::Id.eq(id))
                .filter(package::Column::CredentialsEncrypted.eq(old))
                .exec(&txn)
                .await?;
            upgraded += usize::try_from(done.rows_affected).unwrap_or(0);
        }
        txn.commit().await?;
        tracing::info!(
            upgraded,
            "stored repository credentials bound to their tenant and package"
        );
        Ok(upgraded)
    }
}
