//! The api's error: `{code, message}` with a closed [`ErrorCode`], and the conversions from each
//! module's own errors. Callers branch on the code, never on the message.

use serde::Serialize;

use crate::piece_file::FileError;
use crate::schedule::TimeError;
use crate::store::StoreError;
use crate::workflow::{Refusal, WorkflowError};

/// The closed set of error kinds every caller can branch on; nobody matches on messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    /// The input is wrong: a piece file, a time, a zone, a name, an argument.
    BadInput,
    /// No piece or person by that id or name.
    NotFound,
    /// An id prefix matches more than one piece.
    Ambiguous,
    /// A workflow rule or a permission refused the request.
    Refused,
    /// The piece changed since the revision the save started from; nothing was saved.
    Conflict,
    /// The desk file was written by a newer Galley, or is not a desk.
    Incompatible,
    /// The desk could not be read or written.
    Storage,
    /// The person cancelled a long piece of work.
    Cancelled,
    /// The theme failed to render a page (a template error names its file and line).
    Render,
    /// The shared desk's server could not be reached; the desk works on, and syncs later.
    Offline,
}

/// An error as it crosses the API: `{code, message}`. The message is lowercase with no
/// trailing dot and says what to do where there is something to do.
#[derive(Debug, Clone, PartialEq, Serialize, thiserror::Error, ts_rs::TS)]
#[error("{message}")]
pub struct Error {
    pub code: ErrorCode,
    pub message: String,
}

impl Error {
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Error {
        Error {
            code,
            message: message.into(),
        }
    }

    pub fn bad_input(message: impl Into<String>) -> Error {
        Error::new(ErrorCode::BadInput, message)
    }

    pub fn not_found(message: impl Into<String>) -> Error {
        Error::new(ErrorCode::NotFound, message)
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

impl From<StoreError> for Error {
    fn from(e: StoreError) -> Self {
        let code = match &e {
            StoreError::TooNew { .. } | StoreError::NotADesk { .. } => ErrorCode::Incompatible,
            StoreError::Missing(_) => ErrorCode::BadInput,
            StoreError::Stale { .. } => ErrorCode::Conflict,
            StoreError::Sql(_) | StoreError::Corrupt(_) => ErrorCode::Storage,
        };
        Error::new(code, e.to_string())
    }
}

impl From<rusqlite::Error> for Error {
    fn from(e: rusqlite::Error) -> Self {
        StoreError::Sql(e).into()
    }
}

impl From<Refusal> for Error {
    fn from(r: Refusal) -> Self {
        Error::new(ErrorCode::Refused, r.to_string())
    }
}

impl From<WorkflowError> for Error {
    fn from(e: WorkflowError) -> Self {
        match e {
            WorkflowError::Refused(r) => r.into(),
            WorkflowError::Store(s) => s.into(),
        }
    }
}

impl From<crate::shared::git::GitError> for Error {
    fn from(e: crate::shared::git::GitError) -> Self {
        Error::new(ErrorCode::Storage, e.to_string())
    }
}

impl From<crate::shared::server::ServerError> for Error {
    fn from(e: crate::shared::server::ServerError) -> Self {
        use crate::shared::server::ServerError as S;
        let code = match &e {
            S::Refused(_) => ErrorCode::Refused,
            S::BadInput(_) => ErrorCode::BadInput,
            S::Git(_) | S::Io(_) => ErrorCode::Storage,
        };
        Error::new(code, e.to_string())
    }
}

impl From<FileError> for Error {
    fn from(e: FileError) -> Self {
        Error::bad_input(e.to_string())
    }
}

impl From<TimeError> for Error {
    fn from(e: TimeError) -> Self {
        Error::bad_input(e.to_string())
    }
}
