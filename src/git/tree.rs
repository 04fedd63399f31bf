//! Reading commits of a [`Mirror`]: single files such as `composer.json`, and the list of
//! every file of a commit with lazily read contents.

use gix::bstr::ByteSlice;
use gix::object::tree::EntryKind;

use super::{GitError, Mirror};

/// Default cap for [`Mirror::read_file`]: plenty for `composer.json`, far below a huge blob.
pub const MAX_READ_FILE_SIZE: u64 = 8 * 1024 * 1024;

/// How git stores an entry; decides the archive permissions, or that it is left out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FileMode {
    Regular,
    Executable,
    Symlink,
    /// A gitlink: the commit of a submodule, which has no content in this repository.
    Submodule,
}

/// One file of a commit. Contents are read on demand through [`BlobSource`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TreeFile {
    /// Path relative to the repository root, `/`-separated.
    pub path: String,
    pub mode: FileMode,
    /// 40-hex id of the blob (or, for submodules, of the submodule's commit).
    pub id: String,
}

/// An entry that could not be listed or archived, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SkippedEntry {
    /// The path (lossily decoded if it was not UTF-8).
    pub path: String,
    pub reason: String,
}

/// Every file of a commit, sorted by path bytes, plus entries that were skipped.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TreeListing {
    pub files: Vec<TreeFile>,
    pub skipped: Vec<SkippedEntry>,
}

/// Where file contents come from: the mirror in production, anything in tests.
pub trait BlobSource {
    /// The blob `id`; fails with [`GitError::BlobTooLarge`] when over `limit` bytes,
    /// checked before the contents are loaded.
    fn read_blob(&self, id: &str, limit: u64) -> Result<Vec<u8>, GitError>;
}

/// Bytes the object cache of one reader may hold: recently decoded objects (delta bases
/// above all) are kept, so reading many versions of one repository does not decode the
/// same delta chains again and again.
const OBJECT_CACHE_BYTES: usize = 32 * 1024 * 1024;

/// A handle on the mirror for one thread, keeping gix's pack and object caches across
/// reads. Make one per thread and use it for every read of a batch; a fresh handle per
/// read would start from empty caches each time.
pub struct MirrorReader {
    repo: gix::Repository,
}

impl Mirror {
    /// A reader for this thread (see [`MirrorReader`]).
    pub fn reader(&self) -> MirrorReader {
        let mut repo = self.local();
        repo.object_cache_size_if_unset(OBJECT_CACHE_BYTES);
        MirrorReader { repo }
    }

    /// The contents of `path` at `commit`, or `None` if there is no such file
    /// (or it is a folder, symlink or submodule). Capped at [`MAX_READ_FILE_SIZE`].
    pub fn read_file(&self, commit: &str, path: &str) -> Result<Option<Vec<u8>>, GitError> {
        self.reader()
            .read_file_limited(commit, path, MAX_READ_FILE_SIZE)
    }

    /// Like [`Mirror::read_file`] with an explicit size limit in bytes.
    pub fn read_file_limited(
        &self,
        commit: &str,
        path: &str,
        limit: u64,
    ) -> Result<Option<Vec<u8>>, GitError> {
        self.reader().read_file_limited(commit, path, limit)
    }

    /// Every blob, symlink and submodule of `commit`, recursively, sorted by path bytes.
    pub fn files(&self, commit: &str) -> Result<TreeListing, GitError> {
        self.reader().files(commit)
    }
}

impl BlobSource for Mirror {
    fn read_blob(&self, id: &str, limit: u64) -> Result<Vec<u8>, GitError> {
        self.reader().read_blob(id, limit)
    }
}

impl BlobSource for MirrorReader {
    fn read_blob(&self, id: &str, limit: u64) -> Result<Vec<u8>, GitError> {
        let repo = &self.repo;
        let oid = parse_id(id)?;
        let header = repo
            .find_header(oid)
            .map_err(|e| GitError::read(format!("looking up blob {id}"), e))?;
        if header.size() > limit {
            return Err(GitError::BlobTooLarge {
                id: id.to_owned(),
                size: header.size(),
                limit,
            });
        }
        let blob = repo
            .find_blob(oid)
            .map_err(|e| GitError::read(format!("reading blob {id}"), e))?;
        Ok(blob.detach().data)
    }
}

impl MirrorReader {
    /// The contents of `path` at `commit` (`None`: no such file), at most `limit` bytes.
    pub fn read_file_limited(
        &self,
        commit: &str,
        path: &str,
        limit: u64,
    ) -> Result<Option<Vec<u8>>, GitError> {
        let tree = commit_tree(&self.repo, commit)?;
        let entry = tree
            .lookup_entry_by_path(path)
            .map_err(|e| GitError::read(format!("looking up {path} at {commit}"), e))?;
        let Some(entry) = entry else {
            return Ok(None);
        };
        if !matches!(
            entry.mode().kind(),
            EntryKind::Blob | EntryKind::BlobExecutable
        ) {
            return Ok(None);
        }
        let id = entry.object_id().to_string();
        match self.read_blob(&id, limit) {
            Err(GitError::BlobTooLarge { size, limit, .. }) => Err(GitError::FileTooLarge {
                commit: commit.to_owned(),
                path: path.to_owned(),
                size,
                limit,
            }),
            other => other.map(Some),
        }
    }

    /// Every blob, symlink and submodule of `commit`, recursively, sorted by path bytes.
    /// Paths that are not UTF-8 are listed in `skipped` instead.
    pub fn files(&self, commit: &str) -> Result<TreeListing, GitError> {
        let tree = commit_tree(&self.repo, commit)?;
        let mut recorder = gix::traverse::tree::Recorder::default();
        tree.traverse()
            .breadthfirst(&mut recorder)
            .map_err(|e| GitError::read(format!("listing the files of {commit}"), e))?;
        let mut listing = TreeListing::default();
        for entry in recorder.records {
            let mode = match entry.mode.kind() {
                EntryKind::Tree => continue,
                EntryKind::Blob => FileMode::Regular,
                EntryKind::BlobExecutable => FileMode::Executable,
                EntryKind::Link => FileMode::Symlink,
                EntryKind::Commit => FileMode::Submodule,
            };
            match entry.filepath.to_str() {
                Ok(path) => listing.files.push(TreeFile {
                    path: path.to_owned(),
                    mode,
                    id: entry.oid.to_string(),
                }),
                Err(_) => listing.skipped.push(SkippedEntry {
                    path: entry.filepath.to_str_lossy().into_owned(),
                    reason: "the path is not valid UTF-8".into(),
                }),
            }
        }
        listing.files.sort_by(|a, b| a.path.cmp(&b.path));
        Ok(listing)
    }
}

fn parse_id(id: &str) -> Result<gix::ObjectId, GitError> {
    if id.len() != 40 {
        return Err(GitError::InvalidCommitId {
            commit: id.to_owned(),
        });
    }
    gix::ObjectId::from_hex(id.as_bytes()).map_err(|_| GitError::InvalidCommitId {
        commit: id.to_owned(),
    })
}

fn commit_tree<'r>(repo: &'r gix::Repository, commit: &str) -> Result<gix::Tree<'r>, GitError> {
    let id = parse_id(commit)?;
    let found = repo
        .try_find_object(id)
        .map_err(|e| GitError::read(format!("looking up commit {commit}"), e))?;
    let Some(object) = found else {
        return Err(GitError::UnknownCommit {
            commit: commit.to_owned(),
        });
    };
    // Tag ids are accepted too and peeled, as git does for any commit-ish.
    let commit_obj = object.peel_to_commit().map_err(|_| GitError::NotACommit {
        id: commit.to_owned(),
    })?;
    commit_obj
        .tree()
        .map_err(|e| GitError::read(format!("reading the tree of {commit}"), e))
}
