//! Customer lifecycle (product.md section 4), token scopes and admin levels.

use std::fmt;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, poem_openapi::Enum)]
#[oai(rename_all = "lowercase")]
#[serde(rename_all = "lowercase")]
pub enum CustomerStatus {
    Active,
    Suspended,
    Expired,
    Frozen,
}

impl CustomerStatus {
    pub const ALL: [CustomerStatus; 4] = [
        CustomerStatus::Active,
        CustomerStatus::Suspended,
        CustomerStatus::Expired,
        CustomerStatus::Frozen,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            CustomerStatus::Active => "active",
            CustomerStatus::Suspended => "suspended",
            CustomerStatus::Expired => "expired",
            CustomerStatus::Frozen => "frozen",
        }
    }

    pub fn parse(s: &str) -> Result<Self, String> {
        Self::ALL
            .into_iter()
            .find(|st| st.as_str() == s.trim().to_ascii_lowercase())
            .ok_or_else(|| {
                format!(
                    "unknown customer status \"{s}\" (accepted: active, suspended, expired, frozen)"
                )
            })
    }

    /// The status in effect at `now`: an `expires_at` in the past expires an active or
    /// frozen customer by itself, without anyone writing to the database.
    pub fn effective(self, expires_at: Option<DateTime<Utc>>, now: DateTime<Utc>) -> Self {
        match (self, expires_at) {
            (CustomerStatus::Active | CustomerStatus::Frozen, Some(at)) if at <= now => {
                CustomerStatus::Expired
            }
            (status, _) => status,
        }
    }
}

impl fmt::Display for CustomerStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A lifecycle change requested by an operator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Transition {
    Suspend,
    Reactivate,
    Expire,
    Freeze,
}

impl Transition {
    pub fn verb(self) -> &'static str {
        match self {
            Transition::Suspend => "suspend",
            Transition::Reactivate => "reactivate",
            Transition::Expire => "expire",
            Transition::Freeze => "freeze",
        }
    }

    /// The status after this transition, or why it is not allowed.
    ///
    /// active → suspended → (reactivate → active) | expired;
    /// active|suspended → frozen; frozen → reactivate → active. An expired customer can
    /// be reactivated too (a renewed subscription).
    pub fn apply(self, from: CustomerStatus) -> Result<CustomerStatus, String> {
        use CustomerStatus::*;
        let to = match (self, from) {
            (Transition::Suspend, Active) => Suspended,
            (Transition::Reactivate, Suspended | Frozen | Expired) => Active,
            (Transition::Expire, Active | Suspended | Frozen) => Expired,
            (Transition::Freeze, Active | Suspended) => Frozen,
            (t, from) => {
                return Err(format!(
                    "cannot {} a customer who is {from}{}",
                    t.verb(),
                    hint(t, from)
                ));
            }
        };
        Ok(to)
    }
}

fn hint(t: Transition, from: CustomerStatus) -> &'static str {
    match (t, from) {
        (Transition::Reactivate, CustomerStatus::Active) => " (already active)",
        (_, CustomerStatus::Expired) => " (reactivate first)",
        (_, CustomerStatus::Frozen) => " (reactivate first)",
        _ => "",
    }
}

/// What a customer token may do on the Composer endpoints.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default, poem_openapi::Enum,
)]
#[oai(rename_all = "lowercase")]
#[serde(rename_all = "lowercase")]
pub enum TokenScope {
    /// Metadata and archives: what `composer install` needs.
    #[default]
    Download,
    /// Metadata only (e.g. an update checker); archives answer 403.
    Metadata,
}

impl TokenScope {
    pub fn as_str(self) -> &'static str {
        match self {
            TokenScope::Download => "download",
            TokenScope::Metadata => "metadata",
        }
    }

    pub fn parse(s: &str) -> Result<Self, String> {
        match s.trim().to_ascii_lowercase().as_str() {
            "download" => Ok(TokenScope::Download),
            "metadata" => Ok(TokenScope::Metadata),
            _ => Err(format!(
                "unknown token scope \"{s}\" (accepted: download = metadata and archives, metadata = metadata only)"
            )),
        }
    }

    pub fn allows_download(self) -> bool {
        self == TokenScope::Download
    }
}

/// Level of an admin (API) token; each level includes the ones below it.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Serialize,
    Deserialize,
    poem_openapi::Enum,
)]
#[oai(rename_all = "lowercase")]
#[serde(rename_all = "lowercase")]
pub enum AdminLevel {
    /// Read-only access to the API.
    Viewer,
    /// Manage customers, tokens, grants and packages.
    Admin,
    /// Everything, including admin tokens and tenants.
    Owner,
}

impl AdminLevel {
    pub fn as_str(self) -> &'static str {
        match self {
            AdminLevel::Viewer => "viewer",
            AdminLevel::Admin => "admin",
            AdminLevel::Owner => "owner",
        }
    }

    pub fn parse(s: &str) -> Result<Self, String> {
        match s.trim().to_ascii_lowercase().as_str() {
            "viewer" => Ok(AdminLevel::Viewer),
            "admin" => Ok(AdminLevel::Admin),
            "owner" => Ok(AdminLevel::Owner),
            _ => Err(format!(
                "unknown admin level \"{s}\" (accepted: owner, admin, viewer)"
            )),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use CustomerStatus::*;

    #[test]
    fn lifecycle() {
        assert_eq!(Transition::Suspend.apply(Active), Ok(Suspended));
        assert_eq!(Transition::Reactivate.apply(Suspended), Ok(Active));
        assert_eq!(Transition::Expire.apply(Suspended), Ok(Expired));
        assert_eq!(Transition::Freeze.apply(Active), Ok(Frozen));
        assert_eq!(Transition::Freeze.apply(Suspended), Ok(Frozen));
        assert_eq!(Transition::Reactivate.apply(Frozen), Ok(Active));
        assert!(Transition::Suspend.apply(Suspended).is_err());
        assert!(
            Transition::Reactivate
                .apply(Active)
                .unwrap_err()
                .contains("already active")
        );
        assert!(Transition::Freeze.apply(Expired).is_err());
        assert!(Transition::Suspend.apply(Frozen).is_err());
    }

    #[test]
    fn expiry_takes_effect_by_itself() {
        let now = Utc::now();
        let past = now - chrono::Duration::seconds(1);
        let future = now + chrono::Duration::days(1);
        assert_eq!(Active.effective(Some(past), now), Expired);
        assert_eq!(Frozen.effective(Some(past), now), Expired);
        assert_eq!(Active.effective(Some(future), now), Active);
        assert_eq!(Suspended.effective(Some(past), now), Suspended);
        assert_eq!(Active.effective(None, now), Active);
    }

    #[test]
    fn parsing() {
        assert_eq!(TokenScope::parse("Download"), Ok(TokenScope::Download));
        assert!(TokenScope::parse("write").unwrap_err().contains("accepted"));
        assert!(AdminLevel::Owner > AdminLevel::Admin && AdminLevel::Admin > AdminLevel::Viewer);
        assert!(CustomerStatus::parse("gone").is_err());
    }
}
