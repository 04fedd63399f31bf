//! At most one queued job per dedupe key, held by the database: a unique index on
//! `dedupe_key` over queued rows only, so that concurrent enqueues (several workers,
//! several servers) insert one row and the others find it, instead of each checking
//! first and then inserting a duplicate. Duplicates queued before this migration are
//! merged first: the oldest queued row of a key stays, the others are deleted (they
//! would only have run the same work again).

use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261126_000007_queued_job_dedupe"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.get_connection()
            .execute_unprepared(
                "DELETE FROM jobs WHERE status = 'queued' AND dedupe_key IS NOT NULL \
                 AND id NOT IN (SELECT min(id) FROM jobs \
                   WHERE status = 'queued' AND dedupe_key IS NOT NULL GROUP BY dedupe_key)",
            )
            .await?;
        m.create_index(
            Index::create()
                .name("ux_jobs_queued_dedupe")
                .table(Jobs::Table)
                .col(Jobs::DedupeKey)
                .unique()
                .and_where(Expr::col(Jobs::Status).eq("queued"))
                .and_where(Expr::col(Jobs::DedupeKey).is_not_null())
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_index(
            Index::drop()
                .name("ux_jobs_queued_dedupe")
                .table(Jobs::Table)
                .to_owned(),
        )
        .await
    }
}

#[derive(DeriveIden)]
enum Jobs {
    Table,
    DedupeKey,
    Status,
}
