//! Database connections (embedded SQLite in WAL mode, or PostgreSQL) and migrations.

pub mod entities;

use std::time::Duration;

use cargoman_migrations::{Migrator, MigratorTrait};
use sea_orm::{
    ConnectOptions, ConnectionTrait, Database, DatabaseBackend, DatabaseConnection, DbErr,
    Statement,
};

use crate::config::Settings;

/// Arbitrary constant naming the advisory lock that serialises migrations when several
/// `serve` processes start on one PostgreSQL.
const MIGRATION_LOCK_KEY: i64 = 0x6361_7267_6f6d_616e; // "cargoman"

#[derive(Debug, thiserror::Error)]
pub enum DbError {
    #[error("cannot create the data folder {path}: {source}")]
    DataDir {
        path: String,
        source: std::io::Error,
    },
    #[error("cannot connect to the database ({url}): {source}")]
    Connect { url: String, source: DbErr },
    #[error("database migration failed: {0}")]
    Migrate(DbErr),
    #[error(
        "the database schema is not up to date ({pending} pending migration(s)): run `cargoman migrate`"
    )]
    Pending { pending: usize },
    #[error("database error: {0}")]
    Query(#[from] DbErr),
}

/// Opens the configured database. For the embedded SQLite file the data folder is
/// created and the file opened in WAL mode with a busy timeout, so the CLI and a
/// running server can share it.
pub async fn connect(settings: &Settings) -> Result<DatabaseConnection, DbError> {
    let url = settings.database_url();
    if settings.is_embedded_database() {
        std::fs::create_dir_all(&settings.data_dir).map_err(|source| DbError::DataDir {
            path: settings.data_dir.display().to_string(),
            source,
        })?;
    }
    connect_url(
        &url,
        settings.database.max_connections,
        settings.database.connect_timeout,
    )
    .await
    .map_err(|source| DbError::Connect {
        url: crate::config::SecretUrl::new(url.clone()).redacted(),
        source,
    })
}

/// Opens a database by URL; SQLite gets WAL, a busy timeout and foreign keys.
pub async fn connect_url(
    url: &str,
    max_connections: u32,
    timeout_secs: u64,
) -> Result<DatabaseConnection, DbErr> {
    let timeout = Duration::from_secs(timeout_secs.max(1));
    let mut opts = ConnectOptions::new(url.to_string());
    opts.max_connections(max_connections)
        .min_connections(0)
        .connect_timeout(timeout)
        .acquire_timeout(timeout)
        .idle_timeout(Duration::from_secs(300))
        .sqlx_logging(false);
    if url.starts_with("sqlite:") {
        opts.map_sqlx_sqlite_opts(|o| {
            o.journal_mode(sea_orm::sqlx::sqlite::SqliteJournalMode::Wal)
                .synchronous(sea_orm::sqlx::sqlite::SqliteSynchronous::Normal)
                .busy_timeout(Duration::from_secs(10))
                .foreign_keys(true)
                .create_if_missing(true)
        });
    }
    let db = Database::connect(opts).await?;
    // Fail now, within the timeout, rather than on the first query.
    db.ping().await?;
    Ok(db)
}

/// Applies every pending migration. On PostgreSQL this holds an advisory lock for the
/// duration, so two processes starting together migrate once.
pub async fn migrate(db: &DatabaseConnection) -> Result<usize, DbError> {
    if db.get_database_backend() == DatabaseBackend::Postgres {
        return migrate_locked(db).await;
    }
    let pending = Migrator::get_pending_migrations(db)
        .await
        .map_err(DbError::Migrate)?
        .len();
    if pending > 0 {
        Migrator::up(db, None).await.map_err(DbError::Migrate)?;
    }
    Ok(pending)
}

async fn migrate_locked(db: &DatabaseConnection) -> Result<usize, DbError> {
    // An advisory lock belongs to one session: a one-connection pool guarantees that
    // the lock, the migration and the unlock share it, while other processes wait on
    // the same key and then find nothing left to do.
    let single = single_connection(db).await?;
    let lock = |f: &str| {
        Statement::from_string(
            DatabaseBackend::Postgres,
            format!("SELECT {f}({MIGRATION_LOCK_KEY})"),
        )
    };
    single.execute(lock("pg_advisory_lock")).await?;
    // Even looking for pending migrations writes (it creates the bookkeeping table), so
    // it happens under the lock too.
    let result = async {
        let pending = Migrator::get_pending_migrations(&single)
            .await
            .map_err(DbError::Migrate)?
            .len();
        if pending > 0 {
            Migrator::up(&single, None)
                .await
                .map_err(DbError::Migrate)?;
        }
        Ok(pending)
    }
    .await;
    let _ = single.execute(lock("pg_advisory_unlock")).await;
    let _ = single.close().await;
    result
}

async fn single_connection(db: &DatabaseConnection) -> Result<DatabaseConnection, DbError> {
    let options = db.get_postgres_connection_pool().connect_options();
    let pool = sea_orm::sqlx::postgres::PgPoolOptions::new()
        .max_connections(1)
        .connect_with((*options).clone())
        .await
        .map_err(|e| DbError::Query(DbErr::Conn(sea_orm::RuntimeErr::SqlxError(e))))?;
    Ok(sea_orm::SqlxPostgresConnector::from_sqlx_postgres_pool(
        pool,
    ))
}

/// Names of applied and pending migrations, for `cargoman migrate --status`.
pub async fn migration_status(
    db: &DatabaseConnection,
) -> Result<(Vec<String>, Vec<String>), DbError> {
    let applied = Migrator::get_applied_migrations(db)
        .await
        .map_err(DbError::Migrate)?
        .iter()
        .map(|m| m.name().to_string())
        .collect();
    let pending = Migrator::get_pending_migrations(db)
        .await
        .map_err(DbError::Migrate)?
        .iter()
        .map(|m| m.name().to_string())
        .collect();
    Ok((applied, pending))
}

/// Fails with [`DbError::Pending`] when migrations are outstanding.
pub async fn ensure_migrated(db: &DatabaseConnection) -> Result<(), DbError> {
    let pending = Migrator::get_pending_migrations(db)
        .await
        .map_err(DbError::Migrate)?
        .len();
    if pending > 0 {
        return Err(DbError::Pending { pending });
    }
    Ok(())
}
