//! `[tenant]`: one registry, or many isolated registries in one deployment.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum TenantMode {
    #[default]
    Single,
    Multi,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct TenantSettings {
    pub mode: TenantMode,
    /// `{slug}{suffix}` selects a tenant by Host, e.g. `.composer.example.com`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub subdomain_suffix: Option<String>,
}
