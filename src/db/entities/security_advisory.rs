//! `security_advisories`: A security advisory recorded by the vendor.

use sea_orm::entity::prelude::*;
use serde::Serialize;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize)]
#[sea_orm(table_name = "security_advisories")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub tenant_id: i64,
    pub advisory_id: String,
    pub package_name: String,
    pub title: String,
    pub link: Option<String>,
    pub cve: Option<String>,
    pub affected_versions: String,
    pub severity: Option<String>,
    pub sources: String,
    pub reported_at: DateTimeUtc,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
