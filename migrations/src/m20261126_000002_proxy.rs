//! The proxy's upstreams as data (Packagist and mirrored Composer repositories, with
//! encrypted credentials, a priority and the cursor of their changes feed), what the
//! cache index needs to account per upstream and package, and the per-customer switch
//! `proxy_access`.

use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261126_000002_proxy"
    }
}

fn text_null(col: impl IntoIden) -> ColumnDef {
    ColumnDef::new(col).text().null().to_owned()
}

fn ts(col: impl IntoIden) -> ColumnDef {
    ColumnDef::new(col)
        .timestamp_with_time_zone()
        .not_null()
        .to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(ProxyUpstreams::Table)
                .col(
                    ColumnDef::new(ProxyUpstreams::Id)
                        .big_integer()
                        .not_null()
                        .auto_increment()
                        .primary_key(),
                )
                .col(
                    ColumnDef::new(ProxyUpstreams::TenantId)
                        .big_integer()
                        .not_null(),
                )
                .col(ColumnDef::new(ProxyUpstreams::Name).text().not_null())
                .col(ColumnDef::new(ProxyUpstreams::Url).text().not_null())
                .col(
                    ColumnDef::new(ProxyUpstreams::Priority)
                        .integer()
                        .not_null()
                        .default(10),
                )
                .col(
                    ColumnDef::new(ProxyUpstreams::Builtin)
                        .boolean()
                        .not_null()
                        .default(false),
                )
                .col(text_null(ProxyUpstreams::AuthKind))
                .col(text_null(ProxyUpstreams::Username))
                .col(text_null(ProxyUpstreams::SecretEncrypted))
                .col(text_null(ProxyUpstreams::MetadataUrl))
                .col(text_null(ProxyUpstreams::ChangesUrl))
                .col(text_null(ProxyUpstreams::AdvisoriesUrl))
                .col(
                    ColumnDef::new(ProxyUpstreams::ChangesCursor)
                        .big_integer()
                        .null(),
                )
                .col(
                    ColumnDef::new(ProxyUpstreams::RootFetchedAt)
                        .timestamp_with_time_zone()
                        .null(),
                )
                .col(ts(ProxyUpstreams::CreatedAt))
                .col(ts(ProxyUpstreams::UpdatedAt))
                .foreign_key(
                    ForeignKey::create()
                        .from(ProxyUpstreams::Table, ProxyUpstreams::TenantId)
                        .to(Tenants::Table, Tenants::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ux_proxy_upstreams_name")
                .table(ProxyUpstreams::Table)
                .col(ProxyUpstreams::TenantId)
                .col(ProxyUpstreams::Name)
                .unique()
                .to_owned(),
        )
        .await?;
        // SQLite adds one column per statement.
        for col in [
            text_null(ProxyCache::Upstream),
            text_null(ProxyCache::PackageName),
            text_null(ProxyCache::Sha1),
        ] {
            m.alter_table(
                Table::alter()
                    .table(ProxyCache::Table)
                    .add_column(col)
                    .to_owned(),
            )
            .await?;
        }
        m.alter_table(
            Table::alter()
                .table(ProxyAlerts::Table)
                .add_column(text_null(ProxyAlerts::Upstream))
                .to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table(Customers::Table)
                .add_column(
                    ColumnDef::new(Customers::ProxyAccess)
                        .boolean()
                        .not_null()
                        .default(true),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ix_proxy_cache_package")
                .table(ProxyCache::Table)
                .col(ProxyCache::TenantId)
                .col(ProxyCache::PackageName)
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_index(
            Index::drop()
                .name("ix_proxy_cache_package")
                .table(ProxyCache::Table)
                .to_owned(),
        )
        .await?;
        for (table, col) in [
            (
                Customers::Table.into_iden(),
                Customers::ProxyAccess.into_iden(),
            ),
            (
                ProxyAlerts::Table.into_iden(),
                ProxyAlerts::Upstream.into_iden(),
            ),
            (ProxyCache::Table.into_iden(), ProxyCache::Sha1.into_iden()),
            (
                ProxyCache::Table.into_iden(),
                ProxyCache::PackageName.into_iden(),
            ),
            (
                ProxyCache::Table.into_iden(),
                ProxyCache::Upstream.into_iden(),
            ),
        ] {
            m.alter_table(Table::alter().table(table).drop_column(col).to_owned())
                .await?;
        }
        m.drop_table(
            Table::drop()
                .table(ProxyUpstreams::Table)
                .if_exists()
                .to_owned(),
        )
        .await
    }
}

#[derive(DeriveIden, Clone, Copy)]
enum ProxyUpstreams {
    Table,
    Id,
    TenantId,
    Name,
    Url,
    Priority,
    Builtin,
    AuthKind,
    Username,
    SecretEncrypted,
    MetadataUrl,
    ChangesUrl,
    AdvisoriesUrl,
    ChangesCursor,
    RootFetchedAt,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum ProxyCache {
    Table,
    TenantId,
    Upstream,
    PackageName,
    Sha1,
}

#[derive(DeriveIden, Clone, Copy)]
enum ProxyAlerts {
    Table,
    Upstream,
}

#[derive(DeriveIden, Clone, Copy)]
enum Customers {
    Table,
    ProxyAccess,
}

#[derive(DeriveIden, Clone, Copy)]
enum Tenants {
    Table,
    Id,
}
