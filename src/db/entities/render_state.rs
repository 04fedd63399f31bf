//! `render_state`: The fingerprint of what shapes the bytes of rendered Composer files
//! (`BASE_URL`, the renderer's version) and since when it holds; Last-Modified never
//! goes below `since`, so a changed fingerprint makes every client refetch.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "render_state")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: i64,
    pub fingerprint: String,
    pub since: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
