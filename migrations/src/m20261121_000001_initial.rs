//! The whole data model of product.md section 3, created at once so that later work adds
//! behaviour rather than retrofitting columns. Every tenant-owned table carries
//! `tenant_id`; single-tenant mode uses the `default` tenant seeded here.

use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261121_000001_initial"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        create_tenants(m).await?;
        create_customers(m).await?;
        create_tokens(m).await?;
        create_packages(m).await?;
        create_access(m).await?;
        create_downloads(m).await?;
        create_operations(m).await?;
        create_proxy(m).await?;
        seed_default_tenant(m).await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        // Children before parents, so foreign keys never block a drop.
        let tables: Vec<DynIden> = vec![
            ProxyAlerts::Table.into_iden(),
            ProxyFrozen::Table.into_iden(),
            ProxyCache::Table.into_iden(),
            Jobs::Table.into_iden(),
            AuditLog::Table.into_iden(),
            SecurityAdvisories::Table.into_iden(),
            DownloadCounters::Table.into_iden(),
            DownloadEvents::Table.into_iden(),
            FrozenVersions::Table.into_iden(),
            Grants::Table.into_iden(),
            PackageVersions::Table.into_iden(),
            Packages::Table.into_iden(),
            AdminTokens::Table.into_iden(),
            CustomerTokens::Table.into_iden(),
            Customers::Table.into_iden(),
            TenantDomains::Table.into_iden(),
            Tenants::Table.into_iden(),
        ];
        for table in tables {
            m.drop_table(Table::drop().table(table).if_exists().to_owned())
                .await?;
        }
        Ok(())
    }
}

fn id<T: IntoIden>(col: T) -> ColumnDef {
    ColumnDef::new(col)
        .big_integer()
        .not_null()
        .auto_increment()
        .primary_key()
        .to_owned()
}

fn text<T: IntoIden>(col: T) -> ColumnDef {
    ColumnDef::new(col).text().not_null().to_owned()
}

fn text_null<T: IntoIden>(col: T) -> ColumnDef {
    ColumnDef::new(col).text().null().to_owned()
}

fn ts<T: IntoIden>(col: T) -> ColumnDef {
    ColumnDef::new(col)
        .timestamp_with_time_zone()
        .not_null()
        .to_owned()
}

fn ts_null<T: IntoIden>(col: T) -> ColumnDef {
    ColumnDef::new(col)
        .timestamp_with_time_zone()
        .null()
        .to_owned()
}

fn big<T: IntoIden>(col: T) -> ColumnDef {
    ColumnDef::new(col)
        .big_integer()
        .not_null()
        .default(0)
        .to_owned()
}

fn flag<T: IntoIden>(col: T) -> ColumnDef {
    ColumnDef::new(col)
        .boolean()
        .not_null()
        .default(false)
        .to_owned()
}

fn fk_tenant<T: IntoIden + Copy + 'static>(
    table: T,
    col: impl IntoIden,
) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .from(table, col)
        .to(Tenants::Table, Tenants::Id)
        .on_delete(ForeignKeyAction::Cascade)
        .to_owned()
}

fn fk<T: IntoIden + Copy + 'static, U: IntoIden + 'static>(
    table: T,
    col: impl IntoIden,
    to: U,
    to_col: impl IntoIden,
    on_delete: ForeignKeyAction,
) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .from(table, col)
        .to(to, to_col)
        .on_delete(on_delete)
        .to_owned()
}

async fn index<T: IntoIden + Copy + 'static>(
    m: &SchemaManager<'_>,
    name: &str,
    table: T,
    cols: &[&'static str],
    unique: bool,
) -> Result<(), DbErr> {
    let mut stmt = Index::create();
    stmt.name(name).table(table);
    for col in cols {
        stmt.col(Alias::new(*col));
    }
    if unique {
        stmt.unique();
    }
    m.create_index(stmt.to_owned()).await
}

async fn create_tenants(m: &SchemaManager<'_>) -> Result<(), DbErr> {
    m.create_table(
        Table::create()
            .table(Tenants::Table)
            .col(id(Tenants::Id))
            .col(text(Tenants::Slug).unique_key().to_owned())
            .col(text(Tenants::Name))
            .col(text(Tenants::Status).default("active").to_owned())
            .col(text_null(Tenants::StatusReason))
            .col(big(Tenants::Generation))
            // Monotonic change clock: every change gets a strictly later second, so a
            // Composer view's Last-Modified always moves forward.
            .col(ts(Tenants::ChangedAt))
            .col(ts(Tenants::CreatedAt))
            .col(ts(Tenants::UpdatedAt))
            .to_owned(),
    )
    .await?;
    m.create_table(
        Table::create()
            .table(TenantDomains::Table)
            .col(id(TenantDomains::Id))
            .col(big(TenantDomains::TenantId))
            .col(text(TenantDomains::Domain).unique_key().to_owned())
            .col(ts(TenantDomains::CreatedAt))
            .foreign_key(&mut fk_tenant(
                TenantDomains::Table,
                TenantDomains::TenantId,
            ))
            .to_owned(),
    )
    .await
}

async fn create_customers(m: &SchemaManager<'_>) -> Result<(), DbErr> {
    m.create_table(
        Table::create()
            .table(Customers::Table)
            .col(id(Customers::Id))
            .col(big(Customers::TenantId))
            .col(text(Customers::Name))
            .col(text_null(Customers::Email))
            .col(text_null(Customers::ExternalId))
            .col(text(Customers::Status).default("active").to_owned())
            .col(text_null(Customers::StatusReason))
            .col(ts_null(Customers::ExpiresAt))
            .col(ts(Customers::CreatedAt))
            .col(ts(Customers::UpdatedAt))
            .foreign_key(&mut fk_tenant(Customers::Table, Customers::TenantId))
            .to_owned(),
    )
    .await?;
    index(
        m,
        "ux_customers_tenant_name",
        Customers::Table,
        &["tenant_id", "name"],
        true,
    )
    .await?;
    index(
        m,
        "ux_customers_tenant_external",
        Customers::Table,
        &["tenant_id", "external_id"],
        true,
    )
    .await
}

async fn create_tokens(m: &SchemaManager<'_>) -> Result<(), DbErr> {
    m.create_table(
        Table::create()
            .table(CustomerTokens::Table)
            .col(id(CustomerTokens::Id))
            .col(big(CustomerTokens::TenantId))
            .col(big(CustomerTokens::CustomerId))
            .col(text_null(CustomerTokens::Name))
            .col(text(CustomerTokens::Prefix))
            .col(text(CustomerTokens::TokenHash).unique_key().to_owned())
            .col(text(CustomerTokens::Scope).default("download").to_owned())
            .col(text(CustomerTokens::PackageGlobs).default("[]").to_owned())
            .col(ts_null(CustomerTokens::ExpiresAt))
            .col(ts_null(CustomerTokens::RevokedAt))
            .col(ts_null(CustomerTokens::LastUsedAt))
            .col(text_null(CustomerTokens::LastUsedIp))
            .col(ts(CustomerTokens::CreatedAt))
            .col(ts(CustomerTokens::UpdatedAt))
            .foreign_key(&mut fk_tenant(
                CustomerTokens::Table,
                CustomerTokens::TenantId,
            ))
            .foreign_key(&mut fk(
                CustomerTokens::Table,
                CustomerTokens::CustomerId,
                Customers::Table,
                Customers::Id,
                ForeignKeyAction::Cascade,
            ))
            .to_owned(),
    )
    .await?;
    index(
        m,
        "ix_customer_tokens_customer",
        CustomerTokens::Table,
        &["customer_id"],
        false,
    )
    .await?;
    m.create_table(
        Table::create()
            .table(AdminTokens::Table)
            .col(id(AdminTokens::Id))
            // NULL: a platform-wide credential valid for every tenant.
            .col(ColumnDef::new(AdminTokens::TenantId).big_integer().null())
            .col(text_null(AdminTokens::Name))
            .col(text(AdminTokens::Level))
            .col(text(AdminTokens::Prefix))
            .col(text(AdminTokens::TokenHash).unique_key().to_owned())
            .col(ts_null(AdminTokens::ExpiresAt))
            .col(ts_null(AdminTokens::RevokedAt))
            .col(ts_null(AdminTokens::LastUsedAt))
            .col(text_null(AdminTokens::LastUsedIp))
            .col(ts(AdminTokens::CreatedAt))
            .foreign_key(&mut fk_tenant(AdminTokens::Table, AdminTokens::TenantId))
            .to_owned(),
    )
    .await
}

async fn create_packages(m: &SchemaManager<'_>) -> Result<(), DbErr> {
    m.create_table(
        Table::create()
            .table(Packages::Table)
            .col(id(Packages::Id))
            .col(big(Packages::TenantId))
            .col(text(Packages::Name))
            .col(text(Packages::RepositoryUrl))
            .col(text(Packages::RepoType).default("git").to_owned())
            .col(text_null(Packages::CredentialsEncrypted))
            .col(text_null(Packages::Description))
            .col(text_null(Packages::DefaultBranch))
            .col(text(Packages::SyncStatus).default("never").to_owned())
            .col(ts_null(Packages::LastSyncedAt))
            .col(text_null(Packages::LastSyncError))
            .col(text(Packages::Warnings).default("[]").to_owned())
            .col(text_null(Packages::Abandoned))
            .col(ts(Packages::MetadataChangedAt))
            .col(ts(Packages::CreatedAt))
            .col(ts(Packages::UpdatedAt))
            .foreign_key(&mut fk_tenant(Packages::Table, Packages::TenantId))
            .to_owned(),
    )
    .await?;
    index(
        m,
        "ux_packages_tenant_name",
        Packages::Table,
        &["tenant_id", "name"],
        true,
    )
    .await?;
    m.create_table(
        Table::create()
            .table(PackageVersions::Table)
            .col(id(PackageVersions::Id))
            .col(big(PackageVersions::TenantId))
            .col(big(PackageVersions::PackageId))
            .col(text(PackageVersions::Version))
            .col(text(PackageVersions::VersionNormalized))
            .col(text(PackageVersions::Reference))
            .col(text_null(PackageVersions::SourceRef))
            .col(flag(PackageVersions::IsDev))
            .col(flag(PackageVersions::IsDefaultBranch))
            .col(text(PackageVersions::ComposerJson))
            .col(text_null(PackageVersions::DistPath))
            .col(text_null(PackageVersions::Sha1))
            .col(ColumnDef::new(PackageVersions::Size).big_integer().null())
            .col(ts_null(PackageVersions::ReleasedAt))
            .col(flag(PackageVersions::Yanked))
            .col(flag(PackageVersions::Deprecated))
            .col(ts(PackageVersions::CreatedAt))
            .col(ts(PackageVersions::UpdatedAt))
            .foreign_key(&mut fk_tenant(
                PackageVersions::Table,
                PackageVersions::TenantId,
            ))
            .foreign_key(&mut fk(
                PackageVersions::Table,
                PackageVersions::PackageId,
                Packages::Table,
                Packages::Id,
                ForeignKeyAction::Cascade,
            ))
            .to_owned(),
    )
    .await?;
    index(
        m,
        "ux_package_versions_package_version",
        PackageVersions::Table,
        &["package_id", "version"],
        true,
    )
    .await?;
    index(
        m,
        "ix_package_versions_package_normalized",
        PackageVersions::Table,
        &["package_id", "version_normalized"],
        false,
    )
    .await
}

async fn create_access(m: &SchemaManager<'_>) -> Result<(), DbErr> {
    m.create_table(
        Table::create()
            .table(Grants::Table)
            .col(id(Grants::Id))
            .col(big(Grants::TenantId))
            .col(big(Grants::CustomerId))
            .col(big(Grants::PackageId))
            .col(text(Grants::VersionConstraint).default("*").to_owned())
            .col(ts(Grants::CreatedAt))
            .col(ts(Grants::UpdatedAt))
            .foreign_key(&mut fk_tenant(Grants::Table, Grants::TenantId))
            .foreign_key(&mut fk(
                Grants::Table,
                Grants::CustomerId,
                Customers::Table,
                Customers::Id,
                ForeignKeyAction::Cascade,
            ))
            .foreign_key(&mut fk(
                Grants::Table,
                Grants::PackageId,
                Packages::Table,
                Packages::Id,
                ForeignKeyAction::Cascade,
            ))
            .to_owned(),
    )
    .await?;
    index(
        m,
        "ux_grants_customer_package",
        Grants::Table,
        &["customer_id", "package_id"],
        true,
    )
    .await?;
    index(
        m,
        "ix_grants_package",
        Grants::Table,
        &["package_id"],
        false,
    )
    .await?;
    m.create_table(
        Table::create()
            .table(FrozenVersions::Table)
            .col(id(FrozenVersions::Id))
            .col(big(FrozenVersions::TenantId))
            .col(big(FrozenVersions::CustomerId))
            .col(big(FrozenVersions::PackageId))
            .col(text(FrozenVersions::Version))
            .col(text(FrozenVersions::VersionNormalized))
            .col(ts(FrozenVersions::CreatedAt))
            .foreign_key(&mut fk_tenant(
                FrozenVersions::Table,
                FrozenVersions::TenantId,
            ))
            .foreign_key(&mut fk(
                FrozenVersions::Table,
                FrozenVersions::CustomerId,
                Customers::Table,
                Customers::Id,
                ForeignKeyAction::Cascade,
            ))
            .foreign_key(&mut fk(
                FrozenVersions::Table,
                FrozenVersions::PackageId,
                Packages::Table,
                Packages::Id,
                ForeignKeyAction::Cascade,
            ))
            .to_owned(),
    )
    .await?;
    index(
        m,
        "ux_frozen_versions_customer_package_version",
        FrozenVersions::Table,
        &["customer_id", "package_id", "version_normalized"],
        true,
    )
    .await
}

async fn create_downloads(m: &SchemaManager<'_>) -> Result<(), DbErr> {
    m.create_table(
        Table::create()
            .table(DownloadEvents::Table)
            .col(id(DownloadEvents::Id))
            .col(big(DownloadEvents::TenantId))
            .col(
                ColumnDef::new(DownloadEvents::CustomerId)
                    .big_integer()
                    .null(),
            )
            .col(ColumnDef::new(DownloadEvents::TokenId).big_integer().null())
            .col(text(DownloadEvents::PackageName))
            .col(text(DownloadEvents::Version))
            .col(text_null(DownloadEvents::Ip))
            .col(text_null(DownloadEvents::UserAgent))
            .col(ts(DownloadEvents::At))
            .foreign_key(&mut fk_tenant(
                DownloadEvents::Table,
                DownloadEvents::TenantId,
            ))
            .foreign_key(&mut fk(
                DownloadEvents::Table,
                DownloadEvents::CustomerId,
                Customers::Table,
                Customers::Id,
                ForeignKeyAction::SetNull,
            ))
            .to_owned(),
    )
    .await?;
    index(
        m,
        "ix_download_events_tenant_at",
        DownloadEvents::Table,
        &["tenant_id", "at"],
        false,
    )
    .await?;
    m.create_table(
        Table::create()
            .table(DownloadCounters::Table)
            .col(id(DownloadCounters::Id))
            .col(big(DownloadCounters::TenantId))
            .col(text(DownloadCounters::PackageName))
            .col(text(DownloadCounters::Version))
            .col(ColumnDef::new(DownloadCounters::Day).date().not_null())
            .col(big(DownloadCounters::Count))
            .foreign_key(&mut fk_tenant(
                DownloadCounters::Table,
                DownloadCounters::TenantId,
            ))
            .to_owned(),
    )
    .await?;
    index(
        m,
        "ux_download_counters_key",
        DownloadCounters::Table,
        &["tenant_id", "package_name", "version", "day"],
        true,
    )
    .await?;
    m.create_table(
        Table::create()
            .table(SecurityAdvisories::Table)
            .col(id(SecurityAdvisories::Id))
            .col(big(SecurityAdvisories::TenantId))
            .col(text(SecurityAdvisories::AdvisoryId))
            .col(text(SecurityAdvisories::PackageName))
            .col(text(SecurityAdvisories::Title))
            .col(text_null(SecurityAdvisories::Link))
            .col(text_null(SecurityAdvisories::Cve))
            .col(text(SecurityAdvisories::AffectedVersions))
            .col(text_null(SecurityAdvisories::Severity))
            .col(text(SecurityAdvisories::Sources).default("[]").to_owned())
            .col(ts(SecurityAdvisories::ReportedAt))
            .col(ts(SecurityAdvisories::CreatedAt))
            .foreign_key(&mut fk_tenant(
                SecurityAdvisories::Table,
                SecurityAdvisories::TenantId,
            ))
            .to_owned(),
    )
    .await?;
    index(
        m,
        "ux_security_advisories_id",
        SecurityAdvisories::Table,
        &["tenant_id", "advisory_id"],
        true,
    )
    .await?;
    index(
        m,
        "ix_security_advisories_package",
        SecurityAdvisories::Table,
        &["tenant_id", "package_name"],
        false,
    )
    .await
}

async fn create_operations(m: &SchemaManager<'_>) -> Result<(), DbErr> {
    m.create_table(
        Table::create()
            .table(AuditLog::Table)
            .col(id(AuditLog::Id))
            .col(ColumnDef::new(AuditLog::TenantId).big_integer().null())
            .col(text(AuditLog::Actor))
            .col(text(AuditLog::Action))
            .col(text(AuditLog::TargetType))
            .col(text(AuditLog::Target))
            .col(text_null(AuditLog::Reason))
            .col(text_null(AuditLog::Ip))
            .col(text_null(AuditLog::Details))
            .col(ts(AuditLog::At))
            .foreign_key(&mut fk_tenant(AuditLog::Table, AuditLog::TenantId))
            .to_owned(),
    )
    .await?;
    index(
        m,
        "ix_audit_log_tenant_at",
        AuditLog::Table,
        &["tenant_id", "at"],
        false,
    )
    .await?;
    m.create_table(
        Table::create()
            .table(Jobs::Table)
            .col(id(Jobs::Id))
            .col(big(Jobs::TenantId))
            .col(text(Jobs::Kind))
            .col(text(Jobs::Payload).default("{}").to_owned())
            .col(text_null(Jobs::DedupeKey))
            .col(text(Jobs::Status).default("queued").to_owned())
            .col(
                ColumnDef::new(Jobs::Attempts)
                    .integer()
                    .not_null()
                    .default(0),
            )
            .col(
                ColumnDef::new(Jobs::MaxAttempts)
                    .integer()
                    .not_null()
                    .default(3),
            )
            .col(ts(Jobs::RunAt))
            .col(text_null(Jobs::LockedBy))
            .col(ts_null(Jobs::LockedUntil))
            .col(text_null(Jobs::LastError))
            .col(ts(Jobs::CreatedAt))
            .col(ts_null(Jobs::StartedAt))
            .col(ts_null(Jobs::FinishedAt))
            .foreign_key(&mut fk_tenant(Jobs::Table, Jobs::TenantId))
            .to_owned(),
    )
    .await?;
    index(
        m,
        "ix_jobs_status_run_at",
        Jobs::Table,
        &["status", "run_at"],
        false,
    )
    .await?;
    index(
        m,
        "ix_jobs_dedupe",
        Jobs::Table,
        &["dedupe_key", "status"],
        false,
    )
    .await
}

async fn create_proxy(m: &SchemaManager<'_>) -> Result<(), DbErr> {
    m.create_table(
        Table::create()
            .table(ProxyCache::Table)
            .col(id(ProxyCache::Id))
            .col(big(ProxyCache::TenantId))
            .col(text(ProxyCache::Kind))
            .col(text(ProxyCache::CacheKey))
            .col(text(ProxyCache::StoragePath))
            .col(big(ProxyCache::Size))
            .col(text_null(ProxyCache::UpstreamLastModified))
            .col(ts(ProxyCache::LastModified))
            .col(ts(ProxyCache::FetchedAt))
            .col(ts(ProxyCache::AccessedAt))
            .col(flag(ProxyCache::Pinned))
            .foreign_key(&mut fk_tenant(ProxyCache::Table, ProxyCache::TenantId))
            .to_owned(),
    )
    .await?;
    index(
        m,
        "ux_proxy_cache_key",
        ProxyCache::Table,
        &["tenant_id", "kind", "cache_key"],
        true,
    )
    .await?;
    index(
        m,
        "ix_proxy_cache_accessed",
        ProxyCache::Table,
        &["accessed_at"],
        false,
    )
    .await?;
    m.create_table(
        Table::create()
            .table(ProxyFrozen::Table)
            .col(id(ProxyFrozen::Id))
            .col(big(ProxyFrozen::TenantId))
            .col(text(ProxyFrozen::PackageName))
            .col(ts(ProxyFrozen::CreatedAt))
            .foreign_key(&mut fk_tenant(ProxyFrozen::Table, ProxyFrozen::TenantId))
            .to_owned(),
    )
    .await?;
    index(
        m,
        "ux_proxy_frozen_name",
        ProxyFrozen::Table,
        &["tenant_id", "package_name"],
        true,
    )
    .await?;
    m.create_table(
        Table::create()
            .table(ProxyAlerts::Table)
            .col(id(ProxyAlerts::Id))
            .col(big(ProxyAlerts::TenantId))
            .col(text(ProxyAlerts::Kind))
            .col(text_null(ProxyAlerts::PackageName))
            .col(text(ProxyAlerts::Message))
            .col(big(ProxyAlerts::Occurrences))
            .col(ts(ProxyAlerts::FirstSeenAt))
            .col(ts(ProxyAlerts::LastSeenAt))
            .col(ts_null(ProxyAlerts::ResolvedAt))
            .foreign_key(&mut fk_tenant(ProxyAlerts::Table, ProxyAlerts::TenantId))
            .to_owned(),
    )
    .await
}

async fn seed_default_tenant(m: &SchemaManager<'_>) -> Result<(), DbErr> {
    let now = Expr::current_timestamp();
    let insert = Query::insert()
        .into_table(Tenants::Table)
        .columns([
            Tenants::Slug,
            Tenants::Name,
            Tenants::Status,
            Tenants::Generation,
            Tenants::ChangedAt,
            Tenants::CreatedAt,
            Tenants::UpdatedAt,
        ])
        .values_panic([
            "default".into(),
            "Default".into(),
            "active".into(),
            0.into(),
            now.clone().into(),
            now.clone().into(),
            now.into(),
        ])
        .to_owned();
    m.exec_stmt(insert).await
}

#[derive(DeriveIden, Clone, Copy)]
enum Tenants {
    Table,
    Id,
    Slug,
    Name,
    Status,
    StatusReason,
    Generation,
    ChangedAt,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum TenantDomains {
    Table,
    Id,
    TenantId,
    Domain,
    CreatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum Customers {
    Table,
    Id,
    TenantId,
    Name,
    Email,
    ExternalId,
    Status,
    StatusReason,
    ExpiresAt,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum CustomerTokens {
    Table,
    Id,
    TenantId,
    CustomerId,
    Name,
    Prefix,
    TokenHash,
    Scope,
    PackageGlobs,
    ExpiresAt,
    RevokedAt,
    LastUsedAt,
    LastUsedIp,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum AdminTokens {
    Table,
    Id,
    TenantId,
    Name,
    Level,
    Prefix,
    TokenHash,
    ExpiresAt,
    RevokedAt,
    LastUsedAt,
    LastUsedIp,
    CreatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum Packages {
    Table,
    Id,
    TenantId,
    Name,
    RepositoryUrl,
    RepoType,
    CredentialsEncrypted,
    Description,
    DefaultBranch,
    SyncStatus,
    LastSyncedAt,
    LastSyncError,
    Warnings,
    Abandoned,
    MetadataChangedAt,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum PackageVersions {
    Table,
    Id,
    TenantId,
    PackageId,
    Version,
    VersionNormalized,
    Reference,
    SourceRef,
    IsDev,
    IsDefaultBranch,
    ComposerJson,
    DistPath,
    Sha1,
    Size,
    ReleasedAt,
    Yanked,
    Deprecated,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum Grants {
    Table,
    Id,
    TenantId,
    CustomerId,
    PackageId,
    VersionConstraint,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum FrozenVersions {
    Table,
    Id,
    TenantId,
    CustomerId,
    PackageId,
    Version,
    VersionNormalized,
    CreatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum DownloadEvents {
    Table,
    Id,
    TenantId,
    CustomerId,
    TokenId,
    PackageName,
    Version,
    Ip,
    UserAgent,
    At,
}

#[derive(DeriveIden, Clone, Copy)]
enum DownloadCounters {
    Table,
    Id,
    TenantId,
    PackageName,
    Version,
    Day,
    Count,
}

#[derive(DeriveIden, Clone, Copy)]
enum SecurityAdvisories {
    Table,
    Id,
    TenantId,
    AdvisoryId,
    PackageName,
    Title,
    Link,
    Cve,
    AffectedVersions,
    Severity,
    Sources,
    ReportedAt,
    CreatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum AuditLog {
    Table,
    Id,
    TenantId,
    Actor,
    Action,
    TargetType,
    Target,
    Reason,
    Ip,
    Details,
    At,
}

#[derive(DeriveIden, Clone, Copy)]
enum Jobs {
    Table,
    Id,
    TenantId,
    Kind,
    Payload,
    DedupeKey,
    Status,
    Attempts,
    MaxAttempts,
    RunAt,
    LockedBy,
    LockedUntil,
    LastError,
    CreatedAt,
    StartedAt,
    FinishedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum ProxyCache {
    Table,
    Id,
    TenantId,
    Kind,
    CacheKey,
    StoragePath,
    Size,
    UpstreamLastModified,
    LastModified,
    FetchedAt,
    AccessedAt,
    Pinned,
}

#[derive(DeriveIden, Clone, Copy)]
enum ProxyFrozen {
    Table,
    Id,
    TenantId,
    PackageName,
    CreatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum ProxyAlerts {
    Table,
    Id,
    TenantId,
    Kind,
    PackageName,
    Message,
    Occurrences,
    FirstSeenAt,
    LastSeenAt,
    ResolvedAt,
}
