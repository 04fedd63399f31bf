//! Reading commits of a [`Mirror`]: single files such as `composer.json`, and the list of
//! every file of a commit with lazily read contents.

use std::io::{BufRead, BufReader, Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};

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

    /// The size of blob `id` in bytes (this default reads it).
    fn blob_size(&self, id: &str) -> Result<u64, GitError> {
        Ok(self.read_blob(id, u64::MAX)?.len() as u64)
    }

    /// The blob `id` as a reader, for files too large to hold in memory at once; fails
    /// like [`BlobSource::read_blob`] over `limit`. This default reads it whole.
    fn open_blob(&self, id: &str, limit: u64) -> Result<Box<dyn Read + '_>, GitError> {
        Ok(Box::new(std::io::Cursor::new(self.read_blob(id, limit)?)))
    }
}

/// Blobs from this size on are streamed from the pack (or loose object) file when they
/// are stored whole there, instead of being decoded into memory.
pub const STREAM_BLOB_SIZE: u64 = 4 * 1024 * 1024;

/// Bytes the object cache of one reader may hold: recently decoded objects (delta bases
/// above all) are kept, so reading many versions of one repository does not decode the
/// same delta chains again and again.
const OBJECT_CACHE_BYTES: usize = 32 * 1024 * 1024;

/// A handle on the mirror for one thread, keeping gix's pack and object caches across
/// reads. Make one per thread and use it for every read of a batch; a fresh handle per
/// read would start from empty caches each time.
pub struct MirrorReader {
    repo: gix::Repository,
    /// The pack indexes of the mirror, opened at the first streamed blob.
    packs: std::cell::OnceCell<Vec<(PathBuf, gix::odb::pack::index::File)>>,
}

impl Mirror {
    /// A reader for this thread (see [`MirrorReader`]).
    pub fn reader(&self) -> MirrorReader {
        let mut repo = self.local();
        repo.object_cache_size_if_unset(OBJECT_CACHE_BYTES);
        MirrorReader {
            repo,
            packs: std::cell::OnceCell::new(),
        }
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
    fn blob_size(&self, id: &str) -> Result<u64, GitError> {
        let oid = parse_id(id)?;
        let header = self
            .repo
            .find_header(oid)
            .map_err(|e| GitError::read(format!("looking up blob {id}"), e))?;
        Ok(header.size())
    }

    fn open_blob(&self, id: &str, limit: u64) -> Result<Box<dyn Read + '_>, GitError> {
        let size = self.blob_size(id)?;
        if size > limit {
            return Err(GitError::BlobTooLarge {
                id: id.to_owned(),
                size,
                limit,
            });
        }
        if size >= STREAM_BLOB_SIZE
            && let Some(reader) = self.stream_stored(&parse_id(id)?, size)?
        {
            return Ok(Box::new(reader));
        }
        Ok(Box::new(std::io::Cursor::new(self.read_blob(id, limit)?)))
    }

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
    /// A reader of blob `oid` straight from its loose object or pack file, when it is
    /// stored whole (not as a delta, which needs its base in memory); None otherwise.
    fn stream_stored(&self, oid: &gix::oid, size: u64) -> Result<Option<BlobReader>, GitError> {
        let objects = self.repo.git_dir().join("objects");
        let hex = oid.to_string();
        let loose = objects.join(&hex[..2]).join(&hex[2..]);
        let io = |e| GitError::io(format!("streaming blob {hex}"), e);
        match std::fs::File::open(&loose) {
            Ok(file) => {
                let mut reader = Inflate::new(BufReader::new(file));
                // "blob <size>\0" comes before the contents.
                let mut header = Vec::new();
                let mut byte = [0u8; 1];
                loop {
                    reader.read_exact(&mut byte).map_err(io)?;
                    if byte[0] == 0 || header.len() > 32 {
                        break;
                    }
                    header.push(byte[0]);
                }
                if header != format!("blob {size}").into_bytes() {
                    return Ok(None);
                }
                return Ok(Some(BlobReader::new(reader, size)));
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(io(e)),
        }
        let packs = self
            .packs
            .get_or_init(|| open_pack_indexes(&objects.join("pack")));
        for (pack, index) in packs {
            let Some(entry) = index.lookup(oid) else {
                continue;
            };
            let offset = index.pack_offset_at_index(entry);
            let mut file = std::fs::File::open(pack).map_err(io)?;
            file.seek(SeekFrom::Start(offset)).map_err(io)?;
            let mut file = BufReader::new(file);
            // The entry header: type in bits 4-6 of the first byte, then the size.
            let mut byte = [0u8; 1];
            file.read_exact(&mut byte).map_err(io)?;
            let kind = (byte[0] >> 4) & 7;
            let mut stored = u64::from(byte[0] & 0x0f);
            let mut shift = 4;
            while byte[0] & 0x80 != 0 && shift < 64 {
                file.read_exact(&mut byte).map_err(io)?;
                stored |= u64::from(byte[0] & 0x7f) << shift;
                shift += 7;
            }
            const BLOB: u8 = 3;
            if kind != BLOB || stored != size {
                return Ok(None);
            }
            return Ok(Some(BlobReader::new(Inflate::new(file), size)));
        }
        Ok(None)
    }

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

/// The `*.idx` files of a pack folder, each with its `.pack` (unreadable ones left out:
/// their blobs are then read through gix).
fn open_pack_indexes(dir: &Path) -> Vec<(PathBuf, gix::odb::pack::index::File)> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "idx"))
        .filter_map(|idx| {
            let pack = idx.with_extension("pack");
            let index = gix::odb::pack::index::File::at(&idx, gix::hash::Kind::Sha1).ok()?;
            pack.is_file().then_some((pack, index))
        })
        .collect()
}

/// A zlib stream inflated as it is read.
struct Inflate<R: BufRead> {
    inner: R,
    state: Box<miniz_oxide::inflate::stream::InflateState>,
    done: bool,
}

impl<R: BufRead> Inflate<R> {
    fn new(inner: R) -> Self {
        Self {
            inner,
            state: miniz_oxide::inflate::stream::InflateState::new_boxed(
                miniz_oxide::DataFormat::Zlib,
            ),
            done: false,
        }
    }
}

impl<R: BufRead> Read for Inflate<R> {
    fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
        use miniz_oxide::{MZError, MZFlush, MZStatus};
        if self.done || out.is_empty() {
            return Ok(0);
        }
        loop {
            let input = self.inner.fill_buf()?;
            let at_end = input.is_empty();
            let res =
                miniz_oxide::inflate::stream::inflate(&mut self.state, input, out, MZFlush::None);
            self.inner.consume(res.bytes_consumed);
            match res.status {
                Ok(MZStatus::StreamEnd) => self.done = true,
                Ok(_) | Err(MZError::Buf) => {}
                Err(e) => {
                    return Err(std::io::Error::new(
                        std::io::ErrorKind::InvalidData,
                        format!("corrupt zlib stream: {e:?}"),
                    ));
                }
            }
            if res.bytes_written > 0 || self.done {
                return Ok(res.bytes_written);
            }
            if at_end && res.bytes_consumed == 0 {
                return Err(std::io::ErrorKind::UnexpectedEof.into());
            }
        }
    }
}

/// A streamed blob: exactly its size, or an error.
struct BlobReader {
    inner: Inflate<BufReader<std::fs::File>>,
    left: u64,
}

impl BlobReader {
    fn new(inner: Inflate<BufReader<std::fs::File>>, size: u64) -> Self {
        Self { inner, left: size }
    }
}

impl Read for BlobReader {
    fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
        if self.left == 0 {
            return Ok(0);
        }
        let max = out
            .len()
            .min(usize::try_from(self.left).unwrap_or(usize::MAX));
        let n = self.inner.read(&mut out[..max])?;
        if n == 0 {
            return Err(std::io::Error::new(
                std::io::ErrorKind::UnexpectedEof,
                "the blob ends before its size",
            ));
        }
        self.left -= n as u64;
        Ok(n)
    }
}
