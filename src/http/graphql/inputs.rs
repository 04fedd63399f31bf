//! The GraphQL input types and how they become the services' requests: arguments are
//! only reshaped here, never judged — the services check every value (and name the
//! field at fault), so the rules stay the same for the CLI, REST and GraphQL.

use async_graphql::{ID, InputObject, MaybeUndefined};
use chrono::{DateTime, Utc};

use super::error::invalid;
use super::types::{CustomerStatus, TokenScope};
use crate::service::audit;
use crate::service::credentials::RepoCredentials;
use crate::service::customers::{self, CustomerUpdate, NewCustomer};
use crate::service::packages::{NewPackage, PackageUpdate};
use crate::service::tokens::TokenRequest;

/// A numeric id given as an `ID`.
pub fn numeric_id(field: &str, id: &ID) -> async_graphql::Result<i64> {
    id.trim().parse::<i64>().map_err(|_| {
        invalid(
            field,
            format!("\"{}\" is not an id (a number)", id.as_str()),
        )
    })
}

/// Which customers a list shows.
#[derive(InputObject, Debug, Clone, Default)]
pub struct CustomerFilter {
    /// Only customers whose status in effect is this one.
    pub status: Option<CustomerStatus>,
    /// Part of the name, email or external id (any case).
    pub search: Option<String>,
}

impl From<CustomerFilter> for customers::CustomerFilter {
    fn from(f: CustomerFilter) -> Self {
        Self {
            status: f.status.map(Into::into),
            search: f.search,
        }
    }
}

/// A customer to create.
#[derive(InputObject, Debug, Clone)]
pub struct CreateCustomerInput {
    /// Unique in the registry.
    pub name: String,
    pub email: Option<String>,
    /// Your billing system's id for the customer (unique).
    pub external_id: Option<String>,
    /// Access ends at this time.
    pub expires_at: Option<DateTime<Utc>>,
    /// Whether the customer's tokens may fetch public packages through the proxy
    /// (default: true).
    pub proxy_access: Option<bool>,
}

impl From<CreateCustomerInput> for NewCustomer {
    fn from(i: CreateCustomerInput) -> Self {
        Self {
            name: i.name,
            email: i.email,
            external_id: i.external_id,
            expires_at: i.expires_at,
            proxy_access: i.proxy_access,
        }
    }
}

/// Changes to a customer: a field left out stays as it is, `null` clears it.
#[derive(InputObject, Debug, Clone)]
pub struct UpdateCustomerInput {
    pub name: Option<String>,
    pub email: MaybeUndefined<String>,
    pub external_id: MaybeUndefined<String>,
    pub expires_at: MaybeUndefined<DateTime<Utc>>,
    /// Whether the customer's tokens may fetch public packages through the proxy.
    pub proxy_access: Option<bool>,
}

fn change<T>(m: MaybeUndefined<T>) -> Option<Option<T>> {
    match m {
        MaybeUndefined::Undefined => None,
        MaybeUndefined::Null => Some(None),
        MaybeUndefined::Value(v) => Some(Some(v)),
    }
}

impl From<UpdateCustomerInput> for CustomerUpdate {
    fn from(i: UpdateCustomerInput) -> Self {
        Self {
            name: i.name,
            email: change(i.email),
            external_id: change(i.external_id),
            expires_at: change(i.expires_at),
            proxy_access: i.proxy_access,
        }
    }
}

/// A customer token to issue.
#[derive(InputObject, Debug, Clone)]
pub struct CreateTokenInput {
    /// The customer's id or unique name.
    pub customer: String,
    /// A label for the customer's records (`ci`, `laptop`…).
    pub name: Option<String>,
    /// DOWNLOAD by default.
    pub scope: Option<TokenScope>,
    /// Limits the token to package names matching one of these globs (`acme/*`);
    /// none: every package granted to the customer.
    #[graphql(default)]
    pub package_globs: Vec<String>,
    /// The token stops working this many days from now (1 to 36500)…
    pub expires_in_days: Option<i64>,
    /// …or at this time.
    pub expires_at: Option<DateTime<Utc>>,
}

impl From<CreateTokenInput> for TokenRequest {
    fn from(i: CreateTokenInput) -> Self {
        Self {
            customer: i.customer,
            name: i.name,
            scope: i.scope.map(|s| {
                crate::domain::customer::TokenScope::from(s)
                    .as_str()
                    .to_string()
            }),
            package_globs: i.package_globs,
            // Out of range becomes 0, which the service refuses with the field named.
            expires_in_days: i.expires_in_days.map(|d| u32::try_from(d).unwrap_or(0)),
            expires_at: i.expires_at,
        }
    }
}

/// Credentials of a private repository: an HTTPS token (with a user name for servers
/// that want one), or an SSH private key. Stored encrypted; never shown again.
#[derive(InputObject, Clone)]
pub struct CredentialsInput {
    pub token: Option<String>,
    pub username: Option<String>,
    /// PEM or OpenSSH private key text.
    pub ssh_key: Option<String>,
    pub passphrase: Option<String>,
}

impl CredentialsInput {
    fn into_credentials(self) -> async_graphql::Result<RepoCredentials> {
        match (self.token, self.ssh_key) {
            (Some(token), None) => Ok(RepoCredentials::Token {
                username: self.username,
                token,
            }),
            (None, Some(private_key)) => Ok(RepoCredentials::SshKey {
                private_key,
                passphrase: self.passphrase,
            }),
            _ => Err(invalid("credentials", "give either a token or an SSH key")),
        }
    }
}

/// A git repository to register; its first sync is queued.
#[derive(InputObject, Clone)]
pub struct AddPackageInput {
    /// `https://…`, `ssh://…` or `git@host:path`.
    pub url: String,
    /// `vendor/package`, as the repository's composer.json names it.
    pub name: String,
    /// `github`, `gitlab`, `bitbucket` or `git` (detected from the URL by default).
    #[graphql(name = "type")]
    pub repo_type: Option<String>,
    pub credentials: Option<CredentialsInput>,
}

impl AddPackageInput {
    /// The service request: registered under the name given, nothing fetched now.
    pub fn into_new_package(self) -> async_graphql::Result<NewPackage> {
        let credentials = self
            .credentials
            .map(CredentialsInput::into_credentials)
            .transpose()?;
        Ok(NewPackage {
            url: self.url,
            name: Some(self.name),
            repo_type: self.repo_type,
            credentials,
            probe: false,
        })
    }
}

/// What to change of a registered package. A new URL drops the stored credentials
/// unless new ones are given with it.
#[derive(InputObject, Clone)]
pub struct UpdatePackageInput {
    pub url: Option<String>,
    /// `github`, `gitlab`, `bitbucket` or `git`.
    #[graphql(name = "type")]
    pub repo_type: Option<String>,
    /// Replaces the stored credentials.
    pub credentials: Option<CredentialsInput>,
    /// Removes the stored credentials.
    #[graphql(default)]
    pub remove_credentials: bool,
}

impl UpdatePackageInput {
    pub fn into_update(self) -> async_graphql::Result<PackageUpdate> {
        let credentials = match (self.credentials, self.remove_credentials) {
            (Some(_), true) => {
                return Err(invalid(
                    "credentials",
                    "give new credentials or removeCredentials, not both",
                ));
            }
            (Some(c), false) => Some(Some(c.into_credentials()?)),
            (None, true) => Some(None),
            (None, false) => None,
        };
        Ok(PackageUpdate {
            url: self.url,
            repo_type: self.repo_type,
            credentials,
        })
    }
}

/// Which audit entries to list.
#[derive(InputObject, Debug, Clone, Default)]
pub struct AuditFilter {
    /// Actions starting with this (`customer.`, `grant.create`).
    pub action: Option<String>,
    /// The exact target (a customer or package name, a token id).
    pub target: Option<String>,
    /// The exact actor (`admin-token:3`, `cli:alice`, `system`).
    pub actor: Option<String>,
}

impl From<AuditFilter> for audit::AuditFilter {
    fn from(f: AuditFilter) -> Self {
        Self {
            action: f.action,
            target: f.target,
            actor: f.actor,
            limit: None,
        }
    }
}
