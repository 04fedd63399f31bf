//! Deterministic zip archives of a commit: the dist files served to `composer`.
//!
//! The same files and options always give byte-identical zips (and so the same sha1):
//! entries sorted by path bytes, one fixed timestamp, fixed permissions, no varying
//! extra fields, one deflate implementation and level. Files are left out as Composer's
//! archiver would (`export-ignore`, composer.json `archive.exclude`); symlinks,
//! submodules and unsafe paths are never written.

mod filter;
mod zip;

use std::io::Write;

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use crate::git::{
    BlobSource, FileMode, GitError, STREAM_BLOB_SIZE, SkippedEntry, TreeFile, TreeListing,
};
use filter::ExcludeFilter;
pub use zip::Compressed;
use zip::ZipWriter;

/// Compressed file bodies shared by the archives of one sync, keyed by blob id: a file
/// that did not change between versions is read and deflated once, not once per
/// version. Bounded: past `limit` bytes new entries are simply not kept.
pub struct EntryCache {
    entries: Mutex<HashMap<String, Arc<Compressed>>>,
    held: std::sync::atomic::AtomicUsize,
    limit: usize,
}

impl EntryCache {
    pub fn new(limit_bytes: usize) -> Self {
        Self {
            entries: Mutex::new(HashMap::new()),
            held: std::sync::atomic::AtomicUsize::new(0),
            limit: limit_bytes,
        }
    }

    fn get(&self, id: &str) -> Option<Arc<Compressed>> {
        self.entries.lock().ok()?.get(id).cloned()
    }

    fn put(&self, id: &str, entry: Arc<Compressed>) {
        use std::sync::atomic::Ordering;
        let weight = entry.weight();
        if self.held.load(Ordering::Relaxed) + weight > self.limit {
            return;
        }
        if let Ok(mut map) = self.entries.lock()
            && map.insert(id.to_owned(), entry).is_none()
        {
            self.held.fetch_add(weight, Ordering::Relaxed);
        }
    }
}

/// Default per-file limit: a package file larger than this is almost always a mistake.
pub const DEFAULT_MAX_FILE_SIZE: u64 = 100 * 1024 * 1024;
/// Default limit on the sum of all file sizes (before compression).
pub const DEFAULT_MAX_TOTAL_SIZE: u64 = 1024 * 1024 * 1024;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArchiveOptions {
    /// The one folder at the top of the archive, e.g. `acme-lib-1a2b3c4`.
    pub top_folder: String,
    /// composer.json `archive.exclude` patterns, in their order.
    pub exclude: Vec<String>,
    /// Timestamp of every entry (unix seconds), e.g. the commit time.
    pub mtime: i64,
    /// Largest file allowed, in bytes; a larger one fails the archive.
    pub max_file_size: u64,
    /// Largest sum of file sizes allowed, in bytes (at most 4 GiB: no zip64 sizes).
    pub max_total_size: u64,
    /// Where large files are deflated to before they are written (the system's temp
    /// folder when None).
    pub spill_dir: Option<std::path::PathBuf>,
}

impl ArchiveOptions {
    pub fn new(top_folder: impl Into<String>, mtime: i64) -> Self {
        ArchiveOptions {
            top_folder: top_folder.into(),
            exclude: Vec::new(),
            mtime,
            max_file_size: DEFAULT_MAX_FILE_SIZE,
            max_total_size: DEFAULT_MAX_TOTAL_SIZE,
            spill_dir: None,
        }
    }
}

/// What was written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArchiveInfo {
    /// Hex sha1 of the zip bytes (what Composer's `dist.shasum` holds).
    pub sha1: String,
    /// Size of the zip in bytes.
    pub size: u64,
    /// Files written (folders not counted).
    pub file_count: usize,
    /// Files left out by `export-ignore` or `archive.exclude`.
    pub excluded_count: usize,
    /// Entries never written, with the reason: symlinks, submodules, unsafe or non-UTF-8 paths.
    pub skipped: Vec<SkippedEntry>,
}

#[derive(Debug, thiserror::Error)]
pub enum ArchiveError {
    #[error(
        "{path} is {size} bytes, over the per-file limit of {limit} bytes; leave it out with export-ignore or archive.exclude"
    )]
    FileTooLarge { path: String, size: u64, limit: u64 },

    #[error(
        "the archive's files add up to more than {limit} bytes; leave large files out with export-ignore or archive.exclude"
    )]
    TooLarge { limit: u64 },

    #[error("refusing archive path {path:?}: {reason}")]
    PathRefused { path: String, reason: String },

    #[error("cannot read {path} for the archive: {source}")]
    Read {
        path: String,
        #[source]
        source: GitError,
    },

    #[error("writing the archive failed: {0}")]
    Io(#[from] std::io::Error),
}

/// Write the zip of `listing` to `out` and return its sha1 and size.
///
/// `out` only needs `Write` (a `BufWriter<File>` of a temp file, say): the archive is
/// produced front to back and hashed as it goes. File contents come from `blobs` one at
/// a time, so memory stays bounded by the largest file, not the repository.
pub fn build_zip<W: Write>(
    listing: &TreeListing,
    blobs: &dyn BlobSource,
    opts: &ArchiveOptions,
    out: W,
) -> Result<ArchiveInfo, ArchiveError> {
    build_zip_cached(listing, blobs, opts, out, None)
}

/// Like [`build_zip`], taking file bodies from `cache` when an earlier archive already
/// compressed the same blob. The output is byte-identical either way.
pub fn build_zip_cached<W: Write>(
    listing: &TreeListing,
    blobs: &dyn BlobSource,
    opts: &ArchiveOptions,
    out: W,
    cache: Option<&EntryCache>,
) -> Result<ArchiveInfo, ArchiveError> {
    if let Some(reason) = unsafe_path_reason(&opts.top_folder).or_else(|| {
        opts.top_folder
            .contains('/')
            .then(|| "the top folder must be a single name".to_owned())
    }) {
        return Err(ArchiveError::PathRefused {
            path: opts.top_folder.clone(),
            reason,
        });
    }
    let filter = build_filter(listing, blobs, opts)?;
    let mut files: Vec<&TreeFile> = listing.files.iter().collect();
    files.sort_by(|a, b| a.path.as_bytes().cmp(b.path.as_bytes()));
    let mut writer = EntryWriter::new(out, opts);
    writer.info.skipped.extend(listing.skipped.iter().cloned());
    let mut previous: Option<&str> = None;
    for file in files {
        if previous == Some(file.path.as_str()) {
            writer.skip(file, "the path appears twice in the tree");
            continue;
        }
        previous = Some(&file.path);
        writer.consider(file, &filter, blobs, cache)?;
    }
    writer.finish()
}

/// The export-ignore rules of every `.gitattributes` in the tree, then `archive.exclude`.
fn build_filter(
    listing: &TreeListing,
    blobs: &dyn BlobSource,
    opts: &ArchiveOptions,
) -> Result<ExcludeFilter, ArchiveError> {
    let mut attribute_files: Vec<(&str, &TreeFile)> = listing
        .files
        .iter()
        .filter(|f| matches!(f.mode, FileMode::Regular | FileMode::Executable))
        .filter_map(|f| match f.path.rsplit_once('/') {
            Some((dir, ".gitattributes")) => Some((dir, f)),
            None if f.path == ".gitattributes" => Some(("", f)),
            _ => None,
        })
        .collect();
    // Shallow before deep, so deeper files' rules come later and win, as in git.
    attribute_files.sort_by_key(|(dir, _)| {
        (
            dir.matches('/').count() + usize::from(!dir.is_empty()),
            *dir,
        )
    });
    let mut filter = ExcludeFilter::default();
    for (dir, file) in attribute_files {
        if unsafe_path_reason(&file.path).is_some() {
            continue;
        }
        let content = read(blobs, file, opts.max_file_size)?;
        if dir.is_empty() {
            filter.add_root_gitattributes(&content);
        } else {
            filter.add_nested_gitattributes(dir, &content);
        }
    }
    filter.add_composer_excludes(&opts.exclude);
    Ok(filter)
}

fn read(blobs: &dyn BlobSource, file: &TreeFile, limit: u64) -> Result<Vec<u8>, ArchiveError> {
    blobs
        .read_blob(&file.id, limit)
        .map_err(|err| read_error(file, err))
}

fn read_error(file: &TreeFile, err: GitError) -> ArchiveError {
    match err {
        GitError::BlobTooLarge { size, limit, .. } => ArchiveError::FileTooLarge {
            path: file.path.clone(),
            size,
            limit,
        },
        source => ArchiveError::Read {
            path: file.path.clone(),
            source,
        },
    }
}

/// Why `path` must never become an archive entry, if it must not: it could escape the
/// top folder when extracted, or means different things on different systems.
pub(crate) fn unsafe_path_reason(path: &str) -> Option<String> {
    let reason = if path.is_empty() {
        "the path is empty"
    } else if path.starts_with('/') {
        "the path is absolute"
    } else if path.contains('\\') {
        "the path contains a backslash"
    } else if path.contains('\0') {
        "the path contains a NUL byte"
    } else if path.split('/').any(|part| part == "..") {
        "the path contains a '..' component"
    } else if path.split('/').any(|part| part.is_empty() || part == ".") {
        "the path contains an empty or '.' component"
    } else {
        return None;
    };
    Some(reason.to_owned())
}

/// Writes entries in order, adding each folder entry before the first file inside it.
struct EntryWriter<'o, W: Write> {
    zip: ZipWriter<W>,
    opts: &'o ArchiveOptions,
    info: ArchiveInfo,
    folders: std::collections::HashSet<String>,
    total: u64,
    started: bool,
}

impl<'o, W: Write> EntryWriter<'o, W> {
    fn new(out: W, opts: &'o ArchiveOptions) -> Self {
        EntryWriter {
            zip: ZipWriter::new(out, opts.mtime),
            opts,
            info: ArchiveInfo {
                sha1: String::new(),
                size: 0,
                file_count: 0,
                excluded_count: 0,
                skipped: Vec::new(),
            },
            folders: Default::default(),
            total: 0,
            started: false,
        }
    }

    fn skip(&mut self, file: &TreeFile, reason: &str) {
        tracing::debug!(path = %file.path, reason, "left out of the archive");
        self.info.skipped.push(SkippedEntry {
            path: file.path.clone(),
            reason: reason.to_owned(),
        });
    }

    fn consider(
        &mut self,
        file: &TreeFile,
        filter: &ExcludeFilter,
        blobs: &dyn BlobSource,
        cache: Option<&EntryCache>,
    ) -> Result<(), ArchiveError> {
        if let Some(reason) = unsafe_path_reason(&file.path) {
            self.skip(file, &reason);
            return Ok(());
        }
        match file.mode {
            FileMode::Symlink => {
                self.skip(file, "symbolic links are not allowed in archives");
                return Ok(());
            }
            FileMode::Submodule => {
                self.skip(file, "submodules are not included in archives");
                return Ok(());
            }
            FileMode::Regular | FileMode::Executable => {}
        }
        if filter.is_excluded(&file.path) {
            self.info.excluded_count += 1;
            return Ok(());
        }
        let cached = cache.and_then(|c| c.get(&file.id));
        if cached.is_none() {
            let size = blobs.blob_size(&file.id).map_err(|e| read_error(file, e))?;
            if size >= STREAM_BLOB_SIZE {
                return self.stream(file, size, blobs);
            }
        }
        let entry = match cached {
            Some(hit) => self.checked(file, hit)?,
            None => self.compressed(file, blobs, cache)?,
        };
        self.total += entry.size();
        if self.total > self.opts.max_total_size.min(u64::from(u32::MAX)) {
            return Err(ArchiveError::TooLarge {
                limit: self.opts.max_total_size,
            });
        }
        self.add_folders(&file.path)?;
        let name = format!("{}/{}", self.opts.top_folder, file.path);
        self.zip
            .add_compressed(&name, &entry, file.mode == FileMode::Executable)?;
        self.info.file_count += 1;
        Ok(())
    }

    /// A large file, written as it is read (never whole in memory, never cached).
    fn stream(
        &mut self,
        file: &TreeFile,
        size: u64,
        blobs: &dyn BlobSource,
    ) -> Result<(), ArchiveError> {
        let limit = self.opts.max_file_size;
        if size > limit {
            return Err(ArchiveError::FileTooLarge {
                path: file.path.clone(),
                size,
                limit,
            });
        }
        self.total += size;
        if self.total > self.opts.max_total_size.min(u64::from(u32::MAX)) {
            return Err(ArchiveError::TooLarge {
                limit: self.opts.max_total_size,
            });
        }
        self.add_folders(&file.path)?;
        let name = format!("{}/{}", self.opts.top_folder, file.path);
        let spill = self
            .opts
            .spill_dir
            .clone()
            .unwrap_or_else(std::env::temp_dir);
        let mut open = || {
            blobs
                .open_blob(&file.id, limit)
                .map_err(|e| read_error(file, e))
        };
        self.zip.add_streamed(
            &name,
            file.mode == FileMode::Executable,
            size,
            &spill,
            &mut open,
        )?;
        self.info.file_count += 1;
        Ok(())
    }

    /// A cached body, if the size limit allows it.
    fn checked(
        &self,
        file: &TreeFile,
        hit: Arc<Compressed>,
    ) -> Result<Arc<Compressed>, ArchiveError> {
        if hit.size() > self.opts.max_file_size {
            return Err(ArchiveError::FileTooLarge {
                path: file.path.clone(),
                size: hit.size(),
                limit: self.opts.max_file_size,
            });
        }
        Ok(hit)
    }

    /// The file's body read and compressed now (and kept in `cache`).
    fn compressed(
        &self,
        file: &TreeFile,
        blobs: &dyn BlobSource,
        cache: Option<&EntryCache>,
    ) -> Result<Arc<Compressed>, ArchiveError> {
        let data = read(blobs, file, self.opts.max_file_size)?;
        let entry = Arc::new(zip::compress(&data)?);
        if let Some(c) = cache {
            c.put(&file.id, entry.clone());
        }
        Ok(entry)
    }

    /// The top folder and each parent folder of `path` not written yet.
    fn add_folders(&mut self, path: &str) -> Result<(), ArchiveError> {
        if !self.started {
            self.zip.add_dir(&format!("{}/", self.opts.top_folder))?;
            self.started = true;
        }
        let mut end = 0;
        while let Some(pos) = path[end..].find('/') {
            end += pos + 1;
            let folder = &path[..end];
            if self.folders.insert(folder.to_owned()) {
                self.zip
                    .add_dir(&format!("{}/{folder}", self.opts.top_folder))?;
            }
        }
        Ok(())
    }

    fn finish(mut self) -> Result<ArchiveInfo, ArchiveError> {
        if !self.started {
            self.zip.add_dir(&format!("{}/", self.opts.top_folder))?;
        }
        let (_, finished) = self.zip.finish()?;
        self.info.sha1 = finished.sha1;
        self.info.size = finished.size;
        Ok(self.info)
    }
}

#[cfg(test)]
mod tests;
