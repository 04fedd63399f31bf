//! Repository credentials: given by the operator, stored encrypted (never in clear,
//! never printed), turned into git authentication for a fetch.

use serde::{Deserialize, Serialize};

use super::{ServiceError, ServiceResult, Services};
use crate::git::GitAuth;

/// Associated data binding a ciphertext to the packages' credential column.
const CONTEXT: &str = "package-credentials";

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
    /// Encrypts credentials for the `packages.credentials_encrypted` column.
    pub(crate) fn seal_credentials(&self, creds: &RepoCredentials) -> ServiceResult<String> {
        creds.validate()?;
        let plain = serde_json::to_vec(creds).map_err(|e| ServiceError::Internal(e.to_string()))?;
        self.secrets()?
            .encrypt(&plain, CONTEXT)
            .map_err(|e| ServiceError::Internal(format!("cannot encrypt credentials: {e}")))
    }

    /// Decrypts a stored credential column into git authentication.
    pub(crate) fn open_credentials(&self, sealed: Option<&str>) -> ServiceResult<GitAuth> {
        let Some(sealed) = sealed else {
            return Ok(GitAuth::None);
        };
        let plain = self.secrets()?.decrypt(sealed, CONTEXT).map_err(|e| {
            ServiceError::Internal(format!(
                "cannot decrypt the stored repository credentials ({e}): was CARGOMAN_ENCRYPTION_KEY or <data>/secret.key changed? Set the package's credentials again"
            ))
        })?;
        let creds: RepoCredentials = serde_json::from_slice(&plain).map_err(|e| {
            ServiceError::Internal(format!("stored credentials are unreadable: {e}"))
        })?;
        Ok(creds.to_git_auth())
    }
}
