//! `packages`: A private package backed by a git repository.

use sea_orm::entity::prelude::*;
use serde::Serialize;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize)]
#[sea_orm(table_name = "packages")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub tenant_id: i64,
    pub name: String,
    pub repository_url: String,
    pub repo_type: String,
    #[serde(skip)]
    pub credentials_encrypted: Option<String>,
    pub description: Option<String>,
    pub default_branch: Option<String>,
    pub sync_status: String,
    pub last_synced_at: Option<DateTimeUtc>,
    pub last_sync_error: Option<String>,
    pub warnings: String,
    pub abandoned: Option<String>,
    pub metadata_changed_at: DateTimeUtc,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
