//! Change propagation between processes: the change log that every write appends to in
//! its own transaction, the servers that tail it (with the sequence each has applied),
//! and the deployment-wide render fingerprint that moves Last-Modified when a setting
//! changes the bytes of Composer files.

use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261126_000001_changes"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(Changes::Table)
                .col(
                    ColumnDef::new(Changes::Seq)
                        .big_integer()
                        .not_null()
                        .auto_increment()
                        .primary_key(),
                )
                .col(ColumnDef::new(Changes::TenantId).big_integer().not_null())
                .col(ColumnDef::new(Changes::Kind).text().not_null())
                .col(ColumnDef::new(Changes::TargetId).big_integer().null())
                .col(
                    ColumnDef::new(Changes::Revokes)
                        .boolean()
                        .not_null()
                        .default(false),
                )
                .col(ColumnDef::new(Changes::Origin).text().not_null())
                .col(
                    ColumnDef::new(Changes::CreatedAt)
                        .timestamp_with_time_zone()
                        .not_null(),
                )
                .to_owned(),
        )
        .await?;
        // The retention clean-up deletes by age.
        m.create_index(
            Index::create()
                .name("changes_created_at")
                .table(Changes::Table)
                .col(Changes::CreatedAt)
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(Servers::Table)
                .col(ColumnDef::new(Servers::Id).text().not_null().primary_key())
                .col(ColumnDef::new(Servers::Hostname).text().not_null())
                .col(ColumnDef::new(Servers::Pid).big_integer().not_null())
                .col(ColumnDef::new(Servers::Address).text().null())
                .col(
                    ColumnDef::new(Servers::AppliedSeq)
                        .big_integer()
                        .not_null()
                        .default(0),
                )
                .col(
                    ColumnDef::new(Servers::StartedAt)
                        .timestamp_with_time_zone()
                        .not_null(),
                )
                .col(
                    ColumnDef::new(Servers::HeartbeatAt)
                        .timestamp_with_time_zone()
                        .not_null(),
                )
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(RenderState::Table)
                .col(
                    ColumnDef::new(RenderState::Id)
                        .big_integer()
                        .not_null()
                        .primary_key(),
                )
                .col(ColumnDef::new(RenderState::Fingerprint).text().not_null())
                .col(
                    ColumnDef::new(RenderState::Since)
                        .timestamp_with_time_zone()
                        .not_null(),
                )
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            RenderState::Table.into_iden(),
            Servers::Table.into_iden(),
            Changes::Table.into_iden(),
        ] {
            m.drop_table(Table::drop().table(table).if_exists().to_owned())
                .await?;
        }
        Ok(())
    }
}

#[derive(DeriveIden, Clone, Copy)]
enum Changes {
    Table,
    Seq,
    TenantId,
    Kind,
    TargetId,
    Revokes,
    Origin,
    CreatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum Servers {
    Table,
    Id,
    Hostname,
    Pid,
    Address,
    AppliedSeq,
    StartedAt,
    HeartbeatAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum RenderState {
    Table,
    Id,
    Fingerprint,
    Since,
}
