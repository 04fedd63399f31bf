//! Sessions of the web UI: the dashboard's (admin credentials) and the portal's
//! (customer tokens). A session row names its credential by hash only, so revoking the
//! credential ends the session on every server, and logging out deletes the row.

use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261126_000006_ui_sessions"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(UiSessions::Table)
                .col(
                    ColumnDef::new(UiSessions::Id)
                        .big_integer()
                        .not_null()
                        .auto_increment()
                        .primary_key(),
                )
                .col(
                    ColumnDef::new(UiSessions::TenantId)
                        .big_integer()
                        .not_null(),
                )
                .col(
                    ColumnDef::new(UiSessions::SecretHash)
                        .string_len(64)
                        .not_null(),
                )
                .col(ColumnDef::new(UiSessions::Kind).string_len(16).not_null())
                .col(
                    ColumnDef::new(UiSessions::CredentialHash)
                        .string_len(64)
                        .not_null(),
                )
                .col(ColumnDef::new(UiSessions::Ip).string_len(64).null())
                .col(
                    ColumnDef::new(UiSessions::CreatedAt)
                        .timestamp_with_time_zone()
                        .not_null(),
                )
                .col(
                    ColumnDef::new(UiSessions::ExpiresAt)
                        .timestamp_with_time_zone()
                        .not_null(),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(UiSessions::Table, UiSessions::TenantId)
                        .to(Tenants::Table, Tenants::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ux_ui_sessions_secret")
                .table(UiSessions::Table)
                .col(UiSessions::SecretHash)
                .unique()
                .to_owned(),
        )
        .await?;
        // Expired sessions are purged by expiry.
        m.create_index(
            Index::create()
                .name("ix_ui_sessions_expires")
                .table(UiSessions::Table)
                .col(UiSessions::ExpiresAt)
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(
            Table::drop()
                .table(UiSessions::Table)
                .if_exists()
                .to_owned(),
        )
        .await
    }
}

#[derive(DeriveIden, Clone, Copy)]
enum Tenants {
    Table,
    Id,
}

#[derive(DeriveIden, Clone, Copy)]
enum UiSessions {
    Table,
    Id,
    TenantId,
    SecretHash,
    Kind,
    CredentialHash,
    Ip,
    CreatedAt,
    ExpiresAt,
}
