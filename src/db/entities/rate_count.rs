//! `rate_counts`: how many requests (or failed authentications) a caller made in one
//! minute, summed over every server of the deployment.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "rate_counts")]
pub struct Model {
    /// `api`, `webhook` or `auth`.
    #[sea_orm(primary_key, auto_increment = false)]
    pub scope: String,
    /// SHA-256 (hex) of what names the caller: a credential or an address.
    #[sea_orm(primary_key, auto_increment = false)]
    pub key_hash: String,
    /// Minutes since the Unix epoch.
    #[sea_orm(primary_key, auto_increment = false)]
    pub minute: i64,
    pub count: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
