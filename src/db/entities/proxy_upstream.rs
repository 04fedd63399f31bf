//! `proxy_upstreams`: A Composer repository behind the proxy (Packagist, or a mirror),
//! with its credentials (encrypted), its priority and what its root advertises.

use sea_orm::entity::prelude::*;

#[derive(Clone, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "proxy_upstreams")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub tenant_id: i64,
    pub name: String,
    pub url: String,
    /// Lower is asked first.
    pub priority: i32,
    /// Packagist, configured by `PROXY_PACKAGIST_URL` rather than by `mirror add`.
    pub builtin: bool,
    /// `basic` or `bearer`.
    pub auth_kind: Option<String>,
    pub username: Option<String>,
    pub secret_encrypted: Option<String>,
    pub metadata_url: Option<String>,
    pub changes_url: Option<String>,
    pub advisories_url: Option<String>,
    pub changes_cursor: Option<i64>,
    pub root_fetched_at: Option<DateTimeUtc>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

impl std::fmt::Debug for Model {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ProxyUpstream")
            .field("id", &self.id)
            .field("name", &self.name)
            .field("url", &self.url)
            .field("priority", &self.priority)
            .field("auth_kind", &self.auth_kind)
            .finish_non_exhaustive()
    }
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
