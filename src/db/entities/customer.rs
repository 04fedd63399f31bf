//! `customers`: A customer of the vendor: the unit that is granted packages.

use sea_orm::entity::prelude::*;
use serde::Serialize;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize)]
#[sea_orm(table_name = "customers")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub tenant_id: i64,
    pub name: String,
    pub email: Option<String>,
    pub external_id: Option<String>,
    pub status: String,
    pub status_reason: Option<String>,
    pub expires_at: Option<DateTimeUtc>,
    /// Whether the customer's tokens may fetch public packages through the proxy.
    pub proxy_access: bool,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
