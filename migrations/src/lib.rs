//! Schema migrations of cargoman, for PostgreSQL and SQLite.
//!
//! Migrations are frozen once released: they never import the live entities and name
//! their tables and columns with their own `DeriveIden` enums, so that a later change to
//! an entity cannot silently change what an old migration does.

pub use sea_orm_migration::prelude::*;

mod m20261121_000001_initial;
mod m20261126_000001_changes;
mod m20261126_000002_proxy;
mod m20261126_000003_tenant_keys;
mod m20261126_000004_tenant_usage;
mod m20261126_000005_job_fairness;
mod m20261126_000006_ui_sessions;
mod m20261126_000007_queued_job_dedupe;
mod m20261127_000001_shared_state;

pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261121_000001_initial::Migration),
            Box::new(m20261126_000001_changes::Migration),
            Box::new(m20261126_000002_proxy::Migration),
            Box::new(m20261126_000003_tenant_keys::Migration),
            Box::new(m20261126_000004_tenant_usage::Migration),
            Box::new(m20261126_000005_job_fairness::Migration),
            Box::new(m20261126_000006_ui_sessions::Migration),
            Box::new(m20261126_000007_queued_job_dedupe::Migration),
            Box::new(m20261127_000001_shared_state::Migration),
        ]
    }
}
