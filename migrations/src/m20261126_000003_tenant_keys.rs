//! The database itself keeps tenants apart: a row that joins a customer or a package
//! (tokens, versions, grants, frozen versions, download events) must belong to the same
//! tenant as what it joins.
//!
//! PostgreSQL gets foreign keys that include the tenant: `(tenant_id, customer_id)`
//! references `customers (tenant_id, id)`, and so on. SQLite cannot add a constraint to
//! an existing table without rebuilding it (and the rebuild would fire the cascades of
//! the tables it drops), so there the same rule is held by triggers that abort the
//! statement, with the message of a failed foreign key.

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::{ConnectionTrait, DatabaseBackend};

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261126_000003_tenant_keys"
    }
}

/// (child table, column, parent table, on delete) for every join between tenant rows.
const JOINS: &[(&str, &str, &str, &str)] = &[
    ("customer_tokens", "customer_id", "customers", "CASCADE"),
    ("grants", "customer_id", "customers", "CASCADE"),
    ("grants", "package_id", "packages", "CASCADE"),
    ("frozen_versions", "customer_id", "customers", "CASCADE"),
    ("frozen_versions", "package_id", "packages", "CASCADE"),
    ("package_versions", "package_id", "packages", "CASCADE"),
    (
        "download_events",
        "customer_id",
        "customers",
        "SET NULL (customer_id)",
    ),
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let db = m.get_connection();
        match db.get_database_backend() {
            DatabaseBackend::Postgres => {
                for parent in ["customers", "packages"] {
                    db.execute_unprepared(&format!(
                        "ALTER TABLE {parent} ADD CONSTRAINT {parent}_tenant_id_id UNIQUE (tenant_id, id)"
                    ))
                    .await?;
                }
                // `ON DELETE SET NULL (column)` needs PostgreSQL 15; before it, download
                // events keep their plain foreign key (they grant nothing).
                let version = db
                    .query_one(sea_orm_migration::sea_orm::Statement::from_string(
                        DatabaseBackend::Postgres,
                        "SELECT current_setting('server_version_num')::int AS v",
                    ))
                    .await?
                    .and_then(|r| r.try_get::<i32>("", "v").ok())
                    .unwrap_or(0);
                for (child, col, parent, on_delete) in JOINS {
                    if on_delete.starts_with("SET NULL (") && version < 150000 {
                        continue;
                    }
                    db.execute_unprepared(&format!(
                        "ALTER TABLE {child} ADD CONSTRAINT {child}_{col}_same_tenant \
                         FOREIGN KEY (tenant_id, {col}) REFERENCES {parent} (tenant_id, id) \
                         ON DELETE {on_delete}"
                    ))
                    .await?;
                }
            }
            _ => {
                for (child, col, parent, _) in JOINS {
                    for (when, event) in [("ins", "INSERT"), ("upd", "UPDATE OF tenant_id, {col}")]
                    {
                        let event = event.replace("{col}", col);
                        db.execute_unprepared(&format!(
                            "CREATE TRIGGER {child}_{col}_same_tenant_{when} BEFORE {event} ON {child} \
                             WHEN NEW.{col} IS NOT NULL AND \
                               (SELECT tenant_id FROM {parent} WHERE id = NEW.{col}) IS NOT NEW.tenant_id \
                             BEGIN SELECT RAISE(ABORT, 'FOREIGN KEY constraint failed: {child}.{col} names a row of another tenant'); END"
                        ))
                        .await?;
                    }
                }
                // A parent never moves to another tenant under its children.
                for parent in ["customers", "packages"] {
                    db.execute_unprepared(&format!(
                        "CREATE TRIGGER {parent}_tenant_fixed BEFORE UPDATE OF tenant_id ON {parent} \
                         WHEN NEW.tenant_id IS NOT OLD.tenant_id \
                         BEGIN SELECT RAISE(ABORT, 'FOREIGN KEY constraint failed: {parent}.tenant_id cannot change'); END"
                    ))
                    .await?;
                }
            }
        }
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let db = m.get_connection();
        match db.get_database_backend() {
            DatabaseBackend::Postgres => {
                for (child, col, _, _) in JOINS {
                    db.execute_unprepared(&format!(
                        "ALTER TABLE {child} DROP CONSTRAINT IF EXISTS {child}_{col}_same_tenant"
                    ))
                    .await?;
                }
                for parent in ["customers", "packages"] {
                    db.execute_unprepared(&format!(
                        "ALTER TABLE {parent} DROP CONSTRAINT IF EXISTS {parent}_tenant_id_id"
                    ))
                    .await?;
                }
            }
            _ => {
                for (child, col, _, _) in JOINS {
                    for when in ["ins", "upd"] {
                        db.execute_unprepared(&format!(
                            "DROP TRIGGER IF EXISTS {child}_{col}_same_tenant_{when}"
                        ))
                        .await?;
                    }
                }
                for parent in ["customers", "packages"] {
                    db.execute_unprepared(&format!("DROP TRIGGER IF EXISTS {parent}_tenant_fixed"))
                        .await?;
                }
            }
        }
        Ok(())
    }
}
