//! `proxy_cache`: Index of what the Packagist proxy keeps in storage.

use sea_orm::entity::prelude::*;
use serde::Serialize;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize)]
#[sea_orm(table_name = "proxy_cache")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub tenant_id: i64,
    pub kind: String,
    pub cache_key: String,
    pub storage_path: String,
    pub size: i64,
    pub upstream_last_modified: Option<String>,
    pub last_modified: DateTimeUtc,
    pub fetched_at: DateTimeUtc,
    pub accessed_at: DateTimeUtc,
    pub pinned: bool,
    /// The upstream the entry came from.
    pub upstream: Option<String>,
    pub package_name: Option<String>,
    /// sha1 of an archive's bytes, fixed at its first fetch.
    pub sha1: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
