//! `changes`: One entry of the change log: what a committed write touched (a customer,
//! a token, a package or a whole tenant), tailed by every server to drop exactly those
//! cached entries.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "changes")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub seq: i64,
    pub tenant_id: i64,
    /// `customer`, `token`, `package` or `tenant`.
    pub kind: String,
    pub target_id: Option<i64>,
    /// The change takes access away: its writer waits until every server applied it.
    pub revokes: bool,
    /// The process that wrote it (it applied the change to its own caches already).
    pub origin: String,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
