//! Git mirrors of package repositories, built on gix (gitoxide): fetching, listing refs and reading trees.
//!
//! Every call here is blocking; async callers run them in `tokio::task::spawn_blocking`.
//! A [`Mirror`] is a bare repository that holds exactly the remote's branches and tags.

mod auth;
mod error;
mod fetch;
mod tree;
mod url;

use std::path::{Path, PathBuf};

pub use error::GitError;
pub use tree::{
    BlobSource, FileMode, MAX_READ_FILE_SIZE, MirrorReader, STREAM_BLOB_SIZE, SkippedEntry,
    TreeFile, TreeListing,
};
pub use url::{default_token_username, redact_url};

/// How to authenticate against the remote.
#[derive(Clone, Default)]
pub enum GitAuth {
    /// Public repository, or a local one.
    #[default]
    None,
    /// An access token sent as HTTP Basic password. Without a username, one that the
    /// host expects is chosen (see [`default_token_username`]).
    Token {
        username: Option<String>,
        token: String,
    },
    /// A private key (OpenSSH or PEM format) used by the `ssh` program.
    SshKey {
        private_key_pem: String,
        passphrase: Option<String>,
    },
}

// Hand-written so that secrets never end up in logs through `{:?}`.
impl std::fmt::Debug for GitAuth {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            GitAuth::None => f.write_str("GitAuth::None"),
            GitAuth::Token { username, .. } => f
                .debug_struct("GitAuth::Token")
                .field("username", username)
                .field("token", &"<redacted>")
                .finish(),
            GitAuth::SshKey { passphrase, .. } => f
                .debug_struct("GitAuth::SshKey")
                .field("private_key_pem", &"<redacted>")
                .field("passphrase", &passphrase.as_ref().map(|_| "<redacted>"))
                .finish(),
        }
    }
}

/// How long a fetch may take, so that a server that accepts and then stalls (or
/// trickles) cannot hold a sync for ever.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FetchLimits {
    /// Longest wait for the connection (TCP, TLS, ssh handshake).
    pub connect_timeout: std::time::Duration,
    /// Longest wait for the next bytes from the server (`http.lowSpeedTime` with a
    /// `http.lowSpeedLimit` of one byte per second); over ssh, the server must answer
    /// keep-alives within this.
    pub low_speed_time: std::time::Duration,
    /// The whole fetch, however fast the bytes come: past it the transfer is
    /// interrupted and the ssh program killed.
    pub timeout: std::time::Duration,
}

impl Default for FetchLimits {
    fn default() -> Self {
        Self {
            connect_timeout: std::time::Duration::from_secs(20),
            low_speed_time: std::time::Duration::from_secs(60),
            timeout: std::time::Duration::from_secs(30 * 60),
        }
    }
}

/// Coarse phases of a fetch, reported to the caller's progress callback.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FetchProgress {
    Connecting {
        url: String,
    },
    ListedRefs {
        remote_refs: usize,
    },
    ReceivedPack,
    UpdatedRefs {
        created: usize,
        updated: usize,
        deleted: usize,
    },
}

/// What a fetch changed in the mirror. Ref names are full (`refs/tags/v1.0.0`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FetchOutcome {
    pub default_branch: Option<String>,
    pub created: Vec<String>,
    pub updated: Vec<String>,
    pub deleted: Vec<String>,
    /// False when the remote had nothing new and no pack was transferred.
    pub received_pack: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum RefKind {
    Tag,
    Branch,
}

/// A branch or tag of the mirror, peeled to its commit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GitRef {
    pub kind: RefKind,
    /// Short name such as `v1.0.0`, `main` or `feature/x`.
    pub name: String,
    /// 40-hex commit id; annotated tags are peeled.
    pub commit: String,
    /// Committer time of the commit, unix seconds.
    pub commit_time: i64,
}

/// A bare git repository that mirrors one remote.
///
/// Holds the thread-safe handle so a `Mirror` can move between (and be shared by)
/// blocking tasks; each call makes a cheap thread-local handle from it.
#[derive(Clone)]
pub struct Mirror {
    path: PathBuf,
    repo: gix::ThreadSafeRepository,
}

impl std::fmt::Debug for Mirror {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Mirror").field("path", &self.path).finish()
    }
}

impl Mirror {
    /// Open the bare mirror at `path`, creating it (and missing parent folders) first if needed.
    pub fn open_or_init(path: &Path) -> Result<Mirror, GitError> {
        let fail = |detail: String| GitError::Mirror {
            path: path.to_owned(),
            detail,
        };
        let is_repo = path.join("HEAD").is_file() && path.join("objects").is_dir();
        if !is_repo {
            if path.exists()
                && path
                    .read_dir()
                    .map_err(|e| fail(e.to_string()))?
                    .next()
                    .is_some()
            {
                return Err(fail(
                    "the folder exists, is not empty and is not a bare git repository".into(),
                ));
            }
            std::fs::create_dir_all(path).map_err(|e| fail(e.to_string()))?;
            gix::init_bare(path).map_err(|e| fail(error::chain(&e)))?;
        }
        // Absolute, because spawned programs (ssh) get paths inside it.
        let path = path.canonicalize().map_err(|e| fail(e.to_string()))?;
        let repo = open_options(Vec::new())
            .open(&path)
            .map_err(|e| fail(error::chain(&e)))?;
        Ok(Mirror { path, repo })
    }

    /// The folder of the bare repository.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// A thread-local handle; cheap, and needed because `gix::Repository` is not `Sync`.
    pub(crate) fn local(&self) -> gix::Repository {
        self.repo.to_thread_local()
    }

    /// The remote's default branch as recorded by the last fetch (its `HEAD` symref),
    /// or `None` before the first fetch or when that branch does not exist.
    pub fn default_branch(&self) -> Result<Option<String>, GitError> {
        let repo = self.local();
        let head = repo
            .find_reference("HEAD")
            .map_err(|e| GitError::read("reading HEAD", e))?;
        let gix::refs::TargetRef::Symbolic(target) = head.target() else {
            return Ok(None);
        };
        let target = target.as_bstr().to_string();
        let Some(branch) = target.strip_prefix("refs/heads/") else {
            return Ok(None);
        };
        let exists = repo
            .try_find_reference(target.as_str())
            .map_err(|e| GitError::read("reading the default branch", e))?
            .is_some();
        Ok(exists.then(|| branch.to_owned()))
    }

    /// All branches and tags, sorted by kind then name. Tags of non-commits are skipped.
    pub fn refs(&self) -> Result<Vec<GitRef>, GitError> {
        let repo = self.local();
        let mut out = Vec::new();
        for (prefix, kind) in [
            ("refs/heads/", RefKind::Branch),
            ("refs/tags/", RefKind::Tag),
        ] {
            let platform = repo
                .references()
                .map_err(|e| GitError::read("listing refs", e))?;
            let iter = platform
                .prefixed(prefix)
                .map_err(|e| GitError::read("listing refs", e))?;
            for reference in iter {
                let reference = reference.map_err(|e| GitError::read("listing refs", e))?;
                if let Some(git_ref) = peel_ref(&repo, reference, prefix, kind)? {
                    out.push(git_ref);
                }
            }
        }
        out.sort_by(|a, b| (a.kind, &a.name).cmp(&(b.kind, &b.name)));
        Ok(out)
    }
}

/// Turn one reference into a [`GitRef`], or `None` for names that are not UTF-8 and
/// for tags that point at trees or blobs (they cannot be package versions).
fn peel_ref(
    repo: &gix::Repository,
    mut reference: gix::Reference<'_>,
    prefix: &str,
    kind: RefKind,
) -> Result<Option<GitRef>, GitError> {
    let full = reference.name().as_bstr().to_owned();
    let Ok(full) = String::from_utf8(full.into()) else {
        tracing::warn!(mirror = ?repo.git_dir(), "skipping a ref whose name is not UTF-8");
        return Ok(None);
    };
    let id = reference
        .peel_to_id()
        .map_err(|e| GitError::read(format!("peeling {full}"), e))?
        .detach();
    let header = repo
        .find_header(id)
        .map_err(|e| GitError::read(format!("reading the object of {full}"), e))?;
    if header.kind() != gix::object::Kind::Commit {
        tracing::debug!(reference = %full, kind = %header.kind(), "skipping ref to a non-commit");
        return Ok(None);
    }
    let commit = repo
        .find_commit(id)
        .map_err(|e| GitError::read(format!("reading the commit of {full}"), e))?;
    let time = commit
        .time()
        .map_err(|e| GitError::read(format!("reading the commit time of {full}"), e))?;
    Ok(Some(GitRef {
        kind,
        name: full[prefix.len()..].to_owned(),
        commit: id.to_string(),
        commit_time: time.seconds,
    }))
}

/// Options for every repository handle: isolated from the user's and system git
/// configuration and environment (no credential helpers, askpass, GIT_* variables),
/// plus `overrides` such as `core.sshCommand` for one fetch.
pub(crate) fn open_options(overrides: Vec<String>) -> gix::open::Options {
    let mut all = vec![
        // Ref updates need a committer for reflogs; bare mirrors need no reflogs at all.
        "core.logAllRefUpdates=false".to_owned(),
        "user.name=cargoman".to_owned(),
        "user.email=cargoman@localhost".to_owned(),
        "protocol.version=2".to_owned(),
    ];
    all.extend(overrides);
    gix::open::Options::isolated().config_overrides(all)
}

#[cfg(test)]
mod tests {
    /// Callers move mirrors into `spawn_blocking` and may share them between tasks.
    #[test]
    fn mirror_is_send_and_sync() {
        fn assert_send_sync<T: Send + Sync>() {}
        assert_send_sync::<super::Mirror>();
    }
}
