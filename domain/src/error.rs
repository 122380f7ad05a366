//! The one error type of the domain. Variants are things a caller can act on; everything else is
//! `Internal`, whose detail is logged by the caller and never shown to a user.

use sea_orm::{DbErr, SqlErr};

use crate::i18n::Said;

pub type DomainResult<T> = Result<T, DomainError>;

#[derive(Debug, thiserror::Error)]
pub enum DomainError {
    #[error("not found")]
    NotFound,
    /// No live session where one is needed.
    #[error("not signed in")]
    Unauthenticated,
    #[error("forbidden")]
    Forbidden,
    #[error("{field}: {message}")]
    Validation {
        field: &'static str,
        /// What is wrong, in words for the person who sent it (their language is known where the
        /// error is shown).
        message: Said,
    },
    /// The action needs a passkey check within the last few minutes (step-up).
    #[error("a recent passkey check is required")]
    StepUpRequired,
    #[error("conflict: {0}")]
    Conflict(String),
    #[error("unavailable: {0}")]
    Unavailable(String),
    #[error("internal error: {0}")]
    Internal(String),
}

impl DomainError {
    pub fn validation(field: &'static str, message: impl Into<Said>) -> Self {
        Self::Validation {
            field,
            message: message.into(),
        }
    }
}

impl From<DbErr> for DomainError {
    fn from(err: DbErr) -> Self {
        match err.sql_err() {
            Some(SqlErr::UniqueConstraintViolation(detail)) => Self::Conflict(detail),
            Some(SqlErr::ForeignKeyConstraintViolation(detail)) => Self::Conflict(detail),
            _ => match err {
                DbErr::ConnectionAcquire(e) => Self::Unavailable(e.to_string()),
                DbErr::Conn(e) => Self::Unavailable(e.to_string()),
                other => Self::Internal(other.to_string()),
            },
        }
    }
}
