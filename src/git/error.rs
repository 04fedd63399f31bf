//! Errors of the git module: each message says what went wrong and what the user can do about it.

use std::path::PathBuf;

/// Everything that can go wrong while mirroring or reading a git repository.
///
/// URLs in these messages never carry userinfo and secrets are scrubbed from
/// any text that came from the transport (see `redact`).
#[derive(Debug, thiserror::Error)]
pub enum GitError {
    #[error("cannot open or create the git mirror at {path}: {detail}")]
    Mirror { path: PathBuf, detail: String },

    #[error(
        "invalid repository URL {url:?}: {detail}; use https://host/path, ssh://user@host/path, user@host:path or a local path"
    )]
    InvalidUrl { url: String, detail: String },

    #[error(
        "authentication failed for {url} ({detail}); check the configured credentials and their access to this repository"
    )]
    AuthFailed { url: String, detail: String },

    #[error(
        "repository not found at {url}; check the URL, and that the credentials can see the repository"
    )]
    NotFound { url: String },

    #[error("cannot reach {url}: {detail}; check the host name, port and network access")]
    Unreachable { url: String, detail: String },

    #[error(
        "fetching from {url} timed out: {detail}; the server accepted the connection but stopped sending (check the server, or raise the git fetch limits)"
    )]
    TimedOut { url: String, detail: String },

    #[error("fetching from {url} failed: {detail}")]
    Fetch { url: String, detail: String },

    #[error("fetching from {url} was cancelled: the work it was for was stopped")]
    Cancelled { url: String },

    #[error("unsupported credentials for {url}: {detail}")]
    AuthMismatch { url: String, detail: String },

    #[error("invalid commit id {commit:?}: expected 40 hexadecimal characters")]
    InvalidCommitId { commit: String },

    #[error("commit {commit} is not in the mirror; fetch the repository again")]
    UnknownCommit { commit: String },

    #[error("{id} is neither a commit nor a tag of one")]
    NotACommit { id: String },

    #[error("{path} at commit {commit} is {size} bytes, over the limit of {limit} bytes")]
    FileTooLarge {
        commit: String,
        path: String,
        size: u64,
        limit: u64,
    },

    #[error("blob {id} is {size} bytes, over the limit of {limit} bytes")]
    BlobTooLarge { id: String, size: u64, limit: u64 },

    #[error("reading the git mirror failed while {context}: {detail}")]
    Read { context: String, detail: String },

    #[error("I/O error while {context}: {source}")]
    Io {
        context: String,
        #[source]
        source: std::io::Error,
    },
}

impl GitError {
    /// Wrap a gix (or any) error that happened while reading the local mirror.
    pub(crate) fn read(context: impl Into<String>, err: gix::Error) -> Self {
        GitError::Read {
            context: context.into(),
            detail: chain(&err),
        }
    }

    pub(crate) fn io(context: impl Into<String>, source: std::io::Error) -> Self {
        GitError::Io {
            context: context.into(),
            source,
        }
    }
}

/// One line with every cause of a gix error, outermost first, without repeats.
pub(crate) fn chain(err: &gix::Error) -> String {
    let mut parts: Vec<String> = Vec::new();
    for cause in err.iter_errors() {
        let text = cause.to_string();
        if !text.is_empty() && !parts.contains(&text) {
            parts.push(text);
        }
    }
    parts.join(": ")
}
