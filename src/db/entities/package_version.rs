//! `package_versions`: One installable version of a package, with its archive.

use sea_orm::entity::prelude::*;
use serde::Serialize;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize)]
#[sea_orm(table_name = "package_versions")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub tenant_id: i64,
    pub package_id: i64,
    pub version: String,
    pub version_normalized: String,
    pub reference: String,
    pub source_ref: Option<String>,
    pub is_dev: bool,
    pub is_default_branch: bool,
    pub composer_json: String,
    pub dist_path: Option<String>,
    pub sha1: Option<String>,
    pub size: Option<i64>,
    pub released_at: Option<DateTimeUtc>,
    pub yanked: bool,
    pub deprecated: bool,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::package::Entity",
        from = "Column::PackageId",
        to = "super::package::Column::Id"
    )]
    Package,
}

impl Related<super::package::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Package.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
