//! `events`: what GraphQL subscribers hear (a finished sync, a change to a customer,
//! reported installs), written by the process that did the work and tailed by every
//! server with subscribers. Kept for an hour.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "events")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub seq: i64,
    pub tenant_id: i64,
    /// The event as JSON (`service::events::Event`).
    pub payload: String,
    /// The process that wrote it (it told its own subscribers already).
    pub origin: String,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
