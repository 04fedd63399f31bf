//! The service layer's one error type. Entry points map it: the CLI to exit codes, HTTP
//! to status codes (in one place each). Each error has a stable [`ServiceError::code`];
//! invalid input names the [`ServiceError::field`] at fault where one is. Messages say
//! what is wrong, never which flag or parameter of an entry point to use: entry points
//! add such hints themselves.

use sea_orm::{DbErr, SqlErr};

#[derive(Debug, thiserror::Error)]
pub enum ServiceError {
    /// Input that can never be valid (bad name, constraint, date, scope …); `field`
    /// names the input at fault (as the APIs spell it) when one is.
    #[error("{message}")]
    Invalid {
        field: Option<&'static str>,
        message: String,
    },
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
    /// Invalid input, not tied to one field.
    pub fn invalid(message: impl Into<String>) -> Self {
        ServiceError::Invalid {
            field: None,
            message: message.into(),
        }
    }

    /// Invalid input in `field` (named as the APIs spell it: `name`, `expires_at`, …).
    pub fn field(field: &'static str, message: impl Into<String>) -> Self {
        ServiceError::Invalid {
            field: Some(field),
            message: message.into(),
        }
    }

    /// The input field at fault, for validation errors.
    pub fn field_name(&self) -> Option<&'static str> {
        match self {
            ServiceError::Invalid { field, .. } => *field,
            _ => None,
        }
    }

    /// A stable, machine-readable code (product.md section 5).
    pub fn code(&self) -> &'static str {
        match self {
            ServiceError::Invalid { .. } => "VALIDATION_ERROR",
            ServiceError::NotFound(_) => "NOT_FOUND",
            ServiceError::Conflict(_) | ServiceError::State(_) => "CONFLICT",
            ServiceError::Forbidden(_) => "FORBIDDEN",
            ServiceError::Database(_)
            | ServiceError::Remote(_)
            | ServiceError::Storage(_)
            | ServiceError::Internal(_) => "INTERNAL_ERROR",
        }
    }

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
