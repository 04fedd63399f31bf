//! Indexes for claiming jobs fairly between tenants: the tenants with a queued job are
//! walked one index probe each, which finds each one's oldest queued job, and running
//! jobs are counted per tenant (`status, tenant_id, run_at, id`); each tenant's latest
//! claim is one probe more (`tenant_id, started_at`, started jobs only).

use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261126_000005_job_fairness"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_index(
            Index::create()
                .name("ix_jobs_status_tenant_run_at")
                .table(Jobs::Table)
                .col(Jobs::Status)
                .col(Jobs::TenantId)
                .col(Jobs::RunAt)
                .col(Jobs::Id)
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ix_jobs_tenant_started_at")
                .table(Jobs::Table)
                .col(Jobs::TenantId)
                .col(Jobs::StartedAt)
                .and_where(Expr::col(Jobs::StartedAt).is_not_null())
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for name in ["ix_jobs_tenant_started_at", "ix_jobs_status_tenant_run_at"] {
            m.drop_index(Index::drop().name(name).table(Jobs::Table).to_owned())
                .await?;
        }
        Ok(())
    }
}

#[derive(DeriveIden)]
enum Jobs {
    Table,
    Id,
    TenantId,
    Status,
    RunAt,
    StartedAt,
}
