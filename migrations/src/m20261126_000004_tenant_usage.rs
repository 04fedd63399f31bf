//! What multi-tenant deployments account and verify per tenant: each tenant's own
//! webhook secret (encrypted at rest), and the archive bytes served to it per day,
//! added up by every server of the deployment.

use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261126_000004_tenant_usage"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table(Tenants::Table)
                .add_column(
                    ColumnDef::new(Tenants::WebhookSecretEncrypted)
                        .text()
                        .null(),
                )
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(TenantBandwidth::Table)
                .col(
                    ColumnDef::new(TenantBandwidth::Id)
                        .big_integer()
                        .not_null()
                        .auto_increment()
                        .primary_key(),
                )
                .col(
                    ColumnDef::new(TenantBandwidth::TenantId)
                        .big_integer()
                        .not_null(),
                )
                .col(ColumnDef::new(TenantBandwidth::Day).date().not_null())
                .col(
                    ColumnDef::new(TenantBandwidth::Bytes)
                        .big_integer()
                        .not_null()
                        .default(0),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(TenantBandwidth::Table, TenantBandwidth::TenantId)
                        .to(Tenants::Table, Tenants::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;
        // Servers add their counts with `bytes = bytes + ?` on this key.
        m.create_index(
            Index::create()
                .name("ux_tenant_bandwidth_day")
                .table(TenantBandwidth::Table)
                .col(TenantBandwidth::TenantId)
                .col(TenantBandwidth::Day)
                .unique()
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(
            Table::drop()
                .table(TenantBandwidth::Table)
                .if_exists()
                .to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table(Tenants::Table)
                .drop_column(Tenants::WebhookSecretEncrypted)
                .to_owned(),
        )
        .await
    }
}

#[derive(DeriveIden, Clone, Copy)]
enum Tenants {
    Table,
    Id,
    WebhookSecretEncrypted,
}

#[derive(DeriveIden, Clone, Copy)]
enum TenantBandwidth {
    Table,
    Id,
    TenantId,
    Day,
    Bytes,
}
