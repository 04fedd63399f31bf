//! State that every server of a deployment must share, kept in the database (the one
//! store every deployment has):
//! - `events`: what GraphQL subscribers hear (finished syncs, changes to customers,
//!   reported installs), written by whichever process did the work and tailed by every
//!   server that has subscribers, so that a subscriber hears work done on any server or
//!   by the CLI;
//! - `rate_counts`: per-minute request and failed-authentication counts per caller,
//!   which each server adds its own counts to, so that N servers share one budget
//!   instead of granting N of them.

use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261127_000001_shared_state"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(Events::Table)
                .col(
                    ColumnDef::new(Events::Seq)
                        .big_integer()
                        .not_null()
                        .auto_increment()
                        .primary_key(),
                )
                .col(ColumnDef::new(Events::TenantId).big_integer().not_null())
                .col(ColumnDef::new(Events::Payload).text().not_null())
                .col(ColumnDef::new(Events::Origin).text().not_null())
                .col(
                    ColumnDef::new(Events::CreatedAt)
                        .timestamp_with_time_zone()
                        .not_null(),
                )
                .to_owned(),
        )
        .await?;
        // Pruned by age.
        m.create_index(
            Index::create()
                .name("ix_events_created_at")
                .table(Events::Table)
                .col(Events::CreatedAt)
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(RateCounts::Table)
                .col(ColumnDef::new(RateCounts::Scope).string_len(16).not_null())
                .col(
                    ColumnDef::new(RateCounts::KeyHash)
                        .string_len(64)
                        .not_null(),
                )
                .col(ColumnDef::new(RateCounts::Minute).big_integer().not_null())
                .col(ColumnDef::new(RateCounts::Count).big_integer().not_null())
                .primary_key(
                    Index::create()
                        .col(RateCounts::Scope)
                        .col(RateCounts::KeyHash)
                        .col(RateCounts::Minute),
                )
                .to_owned(),
        )
        .await?;
        // Past minutes are deleted.
        m.create_index(
            Index::create()
                .name("ix_rate_counts_minute")
                .table(RateCounts::Table)
                .col(RateCounts::Minute)
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(
            Table::drop()
                .table(RateCounts::Table)
                .if_exists()
                .to_owned(),
        )
        .await?;
        m.drop_table(Table::drop().table(Events::Table).if_exists().to_owned())
            .await
    }
}

#[derive(DeriveIden, Clone, Copy)]
enum Events {
    Table,
    Seq,
    TenantId,
    Payload,
    Origin,
    CreatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum RateCounts {
    Table,
    Scope,
    KeyHash,
    Minute,
    Count,
}
