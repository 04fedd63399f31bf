//! The service layer's one error type. Entry points map it: the CLI to exit codes, HTTP
//! to status codes (in one place each).

use sea_orm::{DbErr, SqlErr};

#[derive(Debug, thiserror::Error)]
pub enum ServiceError {
    /// Input that can never be valid (bad name, constraint, date, scope …).
    #[error("{0}")]
    Invalid(String),
    /// A named thing does not exist (in this tenant).
    #[error("{0}")]
    NotFound(String),
    /// The thing exists already, or the request conflicts with another row.
    #[error("{0}")]
    Conflict(String),
    /// Valid input that the current state does not allow (e.g. suspending twice).
    #[error("{0}")]
    State(String),
    #[error("permission denied: {0}")]
    Forbidden(String),
    #[error("database error: {0}")]
    Database(DbErr),
    /// A git repository could not be fetched (unreachable, refused credentials …).
    #[error("{0}")]
    Remote(String),
    #[error("storage error: {0}")]
    Storage(String),
    #[error("{0}")]
    Internal(String),
}

pub type ServiceResult<T> = Result<T, ServiceError>;

impl From<DbErr> for ServiceError {
    fn from(e: DbErr) -> Self {
        match e.sql_err() {
            Some(SqlErr::UniqueConstraintViolation(_)) => {
                ServiceError::Conflict("that name or value is already taken".into())
            }
            Some(SqlErr::ForeignKeyConstraintViolation(_)) => {
                ServiceError::Conflict("the row refers to something that no longer exists".into())
            }
            _ => ServiceError::Database(e),
        }
    }
}

impl ServiceError {
    pub fn not_found(what: &str, key: impl std::fmt::Display) -> Self {
        ServiceError::NotFound(format!("{what} \"{key}\" not found"))
    }

    /// A unique-key violation reported with a message the user can act on.
    pub fn on_conflict(e: DbErr, message: impl Into<String>) -> Self {
        match e.sql_err() {
            Some(SqlErr::UniqueConstraintViolation(_)) => ServiceError::Conflict(message.into()),
            _ => ServiceError::from(e),
        }
    }
}
