//! Archives and cache files: one [`Storage`] over a local folder or an S3-compatible
//! bucket (through opendal), with validated keys and atomic visibility of every object.
//!
//! Keys are `/`-separated relative paths, built by [`dist_key`] and [`proxy_key`] and
//! checked by [`validate_key`] on every call, so no caller can reach outside the storage
//! folder (filesystem) or prefix (S3), whatever a package or version name contains.
//!
//! A reader never sees a half-written object: the filesystem backend writes into
//! `<root>/.tmp/` (same filesystem) and renames into place; an S3 PUT or multipart upload
//! becomes visible only once complete. A write that fails is aborted, leaving no object.

use std::fmt::{self, Write as _};
use std::io;
use std::path::{Path, PathBuf};
use std::time::Duration;

use bytes::{Bytes, BytesMut};
use futures::stream::{BoxStream, Stream, StreamExt, TryStreamExt};
use opendal::layers::RetryLayer;
use opendal::services::{Fs, S3};
use opendal::{ErrorKind, HttpTransporter, OperationContext, Operator};
use opendal_http_transport_reqwest::ReqwestTransport;
use tokio::io::AsyncReadExt;

use crate::config::{S3Settings, Settings, StorageBackend};

mod keys;

use keys::shown;
pub use keys::{MAX_KEY_LEN, MAX_SEGMENT_LEN, dist_key, dist_prefix, proxy_key, validate_key};

/// Folder (inside the filesystem root) of writes in progress. Keys cannot name it:
/// [`validate_key`] refuses segments starting with `.`.
const TMP_DIR: &str = ".tmp";
/// Leftovers of writes cut short by a crash are removed after this long.
const STALE_TMP_AGE: Duration = Duration::from_secs(24 * 3600);
const FILE_CHUNK: usize = 256 * 1024;

#[derive(Debug, thiserror::Error)]
pub enum StorageError {
    #[error("invalid storage key \"{key}\": {reason}")]
    InvalidKey { key: String, reason: &'static str },
    #[error("storage is misconfigured: {0}")]
    Config(String),
    #[error("\"{key}\" is not in storage")]
    NotFound { key: String },
    #[error("cannot read {path}: {source}")]
    LocalFile { path: PathBuf, source: io::Error },
    #[error("cannot store \"{key}\": reading its content failed: {source}")]
    Input { key: String, source: io::Error },
    #[error("cannot {action} \"{key}\" in storage: {message}; {hint}")]
    Backend {
        action: &'static str,
        key: String,
        message: String,
        hint: &'static str,
    },
    #[error("storage check failed: {0}")]
    Check(String),
}

/// An object opened for streaming: its size (for `Content-Length`) and its bytes.
pub struct Download {
    pub size: u64,
    pub stream: BoxStream<'static, io::Result<Bytes>>,
}

impl fmt::Debug for Download {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Download")
            .field("size", &self.size)
            .finish()
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Filesystem,
    S3,
}

/// The archive and cache store; cheap to clone, shared by every request.
#[derive(Clone)]
pub struct Storage {
    op: Operator,
    kind: Kind,
    /// Canonical root of the filesystem backend, for [`Storage::local_path`].
    local_root: Option<PathBuf>,
}

impl fmt::Debug for Storage {
    // Only the kind and the folder/bucket: the operator's own Debug may show settings.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Storage")
            .field("kind", &self.kind)
            .field("name", &self.op.info().name())
            .finish()
    }
}

impl Storage {
    pub fn from_settings(settings: &Settings) -> Result<Self, StorageError> {
        match settings.storage.backend {
            StorageBackend::Filesystem => Self::filesystem(&settings.storage_path()),
            StorageBackend::S3 => Self::s3(&settings.storage.s3),
        }
    }

    /// A store in a local folder, created if missing.
    pub fn filesystem(root: &Path) -> Result<Self, StorageError> {
        let tmp = root.join(TMP_DIR);
        std::fs::create_dir_all(&tmp).map_err(|e| {
            StorageError::Config(format!(
                "cannot create the storage folder {}: {e}; create it or set STORAGE_PATH",
                root.display()
            ))
        })?;
        let root = root
            .canonicalize()
            .map_err(|e| StorageError::Config(format!("storage folder {}: {e}", root.display())))?;
        sweep_stale_tmp(&root.join(TMP_DIR));
        let utf8 = |p: &Path| {
            p.to_str().map(str::to_owned).ok_or_else(|| {
                StorageError::Config(format!(
                    "storage folder {} is not valid UTF-8; set STORAGE_PATH to another folder",
                    p.display()
                ))
            })
        };
        let builder = Fs::default()
            .root(&utf8(&root)?)
            .atomic_write_dir(&utf8(&root.join(TMP_DIR))?);
        let op = Operator::new(builder).map_err(|e| StorageError::Config(e.to_string()))?;
        Ok(Self {
            op,
            kind: Kind::Filesystem,
            local_root: Some(root),
        })
    }

    /// A store in an S3-compatible bucket. Only the configured keys are used: never
    /// `AWS_*` variables, `~/.aws` or instance metadata, so nothing else can change
    /// which account cargoman writes to.
    pub fn s3(s3: &S3Settings) -> Result<Self, StorageError> {
        let bucket = s3
            .bucket
            .as_deref()
            .map(str::trim)
            .filter(|b| !b.is_empty())
            .ok_or_else(|| StorageError::Config("STORAGE_BACKEND=s3 needs S3_BUCKET".into()))?;
        let (key_id, secret) = match (&s3.access_key_id, &s3.secret_access_key) {
            (Some(id), Some(secret)) if !id.trim().is_empty() && !secret.is_empty() => {
                (id.trim(), secret.expose())
            }
            _ => {
                return Err(StorageError::Config(
                    "S3 storage needs S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY \
                     (AWS_* variables, ~/.aws and instance metadata are not read)"
                        .into(),
                ));
            }
        };
        let region = match s3.region.trim() {
            "" => "auto",
            r => r,
        };
        let mut builder = S3::default()
            .bucket(bucket)
            .region(region)
            .access_key_id(key_id)
            .secret_access_key(secret)
            .disable_config_load()
            .disable_ec2_metadata();
        builder = with_endpoint(builder, s3.endpoint.as_deref(), bucket, region)?;
        let prefix = s3.prefix.trim_matches('/');
        if !prefix.is_empty() {
            validate_key(prefix).map_err(|e| StorageError::Config(format!("S3_PREFIX: {e}")))?;
            builder = builder.root(&format!("/{prefix}/"));
        }
        let op = Operator::new(builder)
            .map_err(|e| StorageError::Config(e.to_string()))?
            .layer(RetryLayer::new().with_jitter())
            .with_context(OperationContext::new().with_http_transport(http_transport()?));
        Ok(Self {
            op,
            kind: Kind::S3,
            local_root: None,
        })
    }

    /// Stores `data` under `key`, replacing any previous object.
    pub async fn put_bytes(&self, key: &str, data: impl Into<Bytes>) -> Result<(), StorageError> {
        validate_key(key)?;
        self.op
            .write(key, data.into())
            .await
            .map(drop)
            .map_err(|e| self.error("write", key, e))
    }

    /// Streams a local file (a freshly built zip, say) into `key` without loading it
    /// in memory. Returns the number of bytes stored.
    pub async fn put_file(&self, key: &str, path: &Path) -> Result<u64, StorageError> {
        validate_key(key)?;
        let file = tokio::fs::File::open(path)
            .await
            .map_err(|source| StorageError::LocalFile {
                path: path.to_path_buf(),
                source,
            })?;
        self.put_stream(key, file_chunks(file)).await
    }

    /// Stores the chunks of `content` under `key`. If `content` yields an error, the
    /// write is aborted and no object appears (an older one stays as it was).
    ///
    /// A write whose future is dropped half-way cannot clean up after itself: on the
    /// filesystem its temporary file is swept a day later (at start-up); on S3 the
    /// incomplete multipart upload stays until a bucket lifecycle rule
    /// (AbortIncompleteMultipartUpload) removes it. Neither is ever visible as an object.
    pub async fn put_stream<S>(&self, key: &str, mut content: S) -> Result<u64, StorageError>
    where
        S: Stream<Item = io::Result<Bytes>> + Unpin,
    {
        validate_key(key)?;
        let mut writer = self
            .op
            .writer(key)
            .await
            .map_err(|e| self.error("write", key, e))?;
        let mut written = 0u64;
        let result = async {
            while let Some(chunk) = content.next().await {
                let chunk = chunk.map_err(|source| StorageError::Input {
                    key: shown(key),
                    source,
                })?;
                written += chunk.len() as u64;
                writer
                    .write(chunk)
                    .await
                    .map_err(|e| self.error("write", key, e))?;
            }
            writer
                .close()
                .await
                .map_err(|e| self.error("write", key, e))
        }
        .await;
        if let Err(err) = result {
            if let Err(abort) = writer.abort().await {
                tracing::warn!(key, error = %abort, "cannot abort a failed storage write");
            }
            return Err(err);
        }
        Ok(written)
    }

    /// The whole object, for small ones (metadata, cached JSON).
    pub async fn read(&self, key: &str) -> Result<Bytes, StorageError> {
        validate_key(key)?;
        let buffer = self
            .op
            .read(key)
            .await
            .map_err(|e| self.error("read", key, e))?;
        Ok(buffer.to_bytes())
    }

    /// Opens an object for streaming (dist downloads), with its size.
    pub async fn reader(&self, key: &str) -> Result<Download, StorageError> {
        validate_key(key)?;
        let reader = self
            .op
            .reader(key)
            .await
            .map_err(|e| self.error("read", key, e))?;
        let mut stream = reader
            .into_bytes_stream(..)
            .await
            .map_err(|e| self.error("read", key, e))?;
        // S3 tells the size in the GET response; the filesystem reader does not, and
        // there a stat costs no round trip.
        let size = match stream.metadata().await {
            Ok(meta) => meta.content_length(),
            Err(e) if e.kind() == ErrorKind::Unsupported => self
                .stat(key)
                .await?
                .ok_or_else(|| StorageError::NotFound { key: shown(key) })?,
            Err(e) => return Err(self.error("read", key, e)),
        };
        Ok(Download {
            size,
            stream: stream.boxed(),
        })
    }

    /// The size of the object, or `None` when there is none.
    pub async fn stat(&self, key: &str) -> Result<Option<u64>, StorageError> {
        validate_key(key)?;
        match self.op.stat(key).await {
            Ok(meta) if meta.is_file() => Ok(Some(meta.content_length())),
            Ok(_) => Ok(None),
            Err(e) if e.kind() == ErrorKind::NotFound => Ok(None),
            Err(e) => Err(self.error("stat", key, e)),
        }
    }

    /// When the object was last written, or `None` when there is none (or the backend
    /// does not say).
    pub async fn modified(&self, key: &str) -> Result<Option<std::time::SystemTime>, StorageError> {
        validate_key(key)?;
        match self.op.stat(key).await {
            Ok(meta) if meta.is_file() => Ok(meta.last_modified().map(std::time::SystemTime::from)),
            Ok(_) => Ok(None),
            Err(e) if e.kind() == ErrorKind::NotFound => Ok(None),
            Err(e) => Err(self.error("stat", key, e)),
        }
    }

    pub async fn exists(&self, key: &str) -> Result<bool, StorageError> {
        Ok(self.stat(key).await?.is_some())
    }

    /// Removes an object; removing a missing one is not an error.
    pub async fn delete(&self, key: &str) -> Result<(), StorageError> {
        validate_key(key)?;
        self.op
            .delete(key)
            .await
            .map_err(|e| self.error("delete", key, e))
    }

    /// Removes every object under `prefix` (a folder-like key prefix, e.g. `t/acme/`).
    pub async fn delete_prefix(&self, prefix: &str) -> Result<(), StorageError> {
        if prefix.trim_matches('/').is_empty() {
            return Err(StorageError::InvalidKey {
                key: shown(prefix),
                reason: "refusing to delete the whole storage",
            });
        }
        let dir = dir_prefix(prefix)?;
        self.op
            .delete_with(&dir)
            .recursive(true)
            .await
            .map_err(|e| self.error("delete", &dir, e))
    }

    /// Every object under `prefix` (`""` for all), as `(key, size)` sorted by key.
    pub async fn list(&self, prefix: &str) -> Result<Vec<(String, u64)>, StorageError> {
        let dir = dir_prefix(prefix)?;
        let entries = self
            .op
            .lister_with(&dir)
            .recursive(true)
            .await
            .map_err(|e| self.error("list", &dir, e))?;
        let tmp = format!("{TMP_DIR}/");
        let mut found: Vec<(String, u64)> = entries
            .try_filter_map(|entry| {
                let keep = entry.metadata().is_file() && !entry.path().starts_with(&tmp);
                let size = entry.metadata().content_length();
                futures::future::ready(Ok(keep.then(|| (entry.path().to_string(), size))))
            })
            .try_collect()
            .await
            .map_err(|e| self.error("list", &dir, e))?;
        found.sort();
        Ok(found)
    }

    /// A URL that lets a client download `key` directly for `expiry`; `None` on the
    /// filesystem backend, which has no such URLs.
    pub async fn presign_read(
        &self,
        key: &str,
        expiry: Duration,
    ) -> Result<Option<String>, StorageError> {
        validate_key(key)?;
        if self.kind != Kind::S3 {
            return Ok(None);
        }
        let request = self
            .op
            .presign_read(key, expiry)
            .await
            .map_err(|e| self.error("presign", key, e))?;
        Ok(Some(request.uri().to_string()))
    }

    /// Readiness probe: writes, reads back and deletes a small marker object. The
    /// marker's name is random, so servers sharing a bucket do not disturb each other.
    pub async fn check(&self) -> Result<(), StorageError> {
        let key = format!("_check/{:016x}", rand::random::<u64>());
        let marker = Bytes::from_static(b"cargoman storage check");
        self.put_bytes(&key, marker.clone()).await?;
        let read = self.read(&key).await;
        let deleted = self.delete(&key).await;
        if read? != marker {
            return Err(StorageError::Check(format!(
                "\"{key}\" read back different bytes than were written; \
                 is another program changing the storage?"
            )));
        }
        deleted
    }

    /// Where `key` lives on disk (filesystem backend only), so the HTTP layer can
    /// serve it with the fastest path; `None` on S3 or for an invalid key.
    pub fn local_path(&self, key: &str) -> Option<PathBuf> {
        validate_key(key).ok()?;
        Some(self.local_root.as_ref()?.join(key))
    }

    fn error(&self, action: &'static str, key: &str, err: opendal::Error) -> StorageError {
        // A write or list that finds nothing means a missing bucket or folder, which
        // the hint below covers; only a read finds a missing object.
        if err.kind() == ErrorKind::NotFound && action == "read" {
            return StorageError::NotFound { key: shown(key) };
        }
        // opendal's Display lists the whole request context (URI, response headers):
        // keep that for the debug log, and the kind, message and cause for people.
        tracing::debug!(action, key, error = %err, "storage operation failed");
        let mut message = format!("{}: {}", err.kind(), err.message());
        if let Some(cause) = std::error::Error::source(&err) {
            let _ = write!(message, " ({cause})");
        }
        StorageError::Backend {
            action,
            key: shown(key),
            message,
            hint: hint(self.kind, err.kind()),
        }
    }
}

fn hint(kind: Kind, error: ErrorKind) -> &'static str {
    match (kind, error) {
        (Kind::Filesystem, ErrorKind::PermissionDenied) => {
            "check that cargoman may write to the STORAGE_PATH folder"
        }
        (Kind::S3, ErrorKind::PermissionDenied) => {
            "check S3_ACCESS_KEY_ID, S3_SECRET_ACCESS_KEY and the bucket's permissions"
        }
        (Kind::Filesystem, ErrorKind::ConfigInvalid) => "check STORAGE_PATH (cargoman config show)",
        (Kind::S3, ErrorKind::ConfigInvalid) => {
            "check S3_BUCKET, S3_ENDPOINT and S3_REGION (cargoman config show)"
        }
        (_, ErrorKind::RateLimited) => "the storage is throttling requests; try again shortly",
        (Kind::Filesystem, _) => "check the disk (free space, permissions) under STORAGE_PATH",
        (Kind::S3, _) => "check that S3_ENDPOINT is reachable and S3_BUCKET exists",
    }
}

/// Sets the endpoint and addressing style. Custom endpoints (R2, MinIO, a test server
/// on 127.0.0.1) get path-style URLs, which all of them accept; AWS itself gets
/// virtual-host style, which it prefers.
fn with_endpoint(
    builder: S3,
    endpoint: Option<&str>,
    bucket: &str,
    region: &str,
) -> Result<S3, StorageError> {
    match endpoint.map(str::trim).filter(|e| !e.is_empty()) {
        Some(endpoint) => {
            let valid = url::Url::parse(endpoint)
                .is_ok_and(|u| matches!(u.scheme(), "http" | "https") && u.has_host());
            if !valid {
                return Err(StorageError::Config(format!(
                    "S3_ENDPOINT \"{endpoint}\" must be a URL such as \
                     https://<account>.r2.cloudflarestorage.com or http://127.0.0.1:9000"
                )));
            }
            Ok(builder.endpoint(endpoint))
        }
        None if region == "auto" => Err(StorageError::Config(
            "S3_REGION=auto needs S3_ENDPOINT (R2, MinIO, …); \
             for AWS set S3_REGION to the bucket's region, e.g. eu-west-1"
                .into(),
        )),
        None if bucket.contains('.') => Ok(builder),
        None => Ok(builder.enable_virtual_host_style()),
    }
}

fn http_transport() -> Result<HttpTransporter, StorageError> {
    // reqwest is built without a TLS provider of its own: use ring, which the rest of
    // the binary already links, instead of compiling a second crypto library. When
    // another provider was installed first, that one is kept.
    let _ = rustls::crypto::ring::default_provider().install_default();
    let client = storage_reqwest::Client::builder()
        .connect_timeout(Duration::from_secs(10))
        .read_timeout(Duration::from_secs(300))
        .build()
        .map_err(|e| StorageError::Config(format!("cannot set up HTTPS for S3: {e}")))?;
    Ok(HttpTransporter::new(ReqwestTransport::new(client)))
}

/// Chunks of a local file, read as they are consumed.
fn file_chunks(file: tokio::fs::File) -> impl Stream<Item = io::Result<Bytes>> + Unpin {
    Box::pin(futures::stream::try_unfold(file, |mut file| async move {
        let mut buf = BytesMut::with_capacity(FILE_CHUNK);
        let n = file.read_buf(&mut buf).await?;
        Ok((n > 0).then(|| (buf.freeze(), file)))
    }))
}

/// Removes temporary files left by writes that a crash cut short. Old ones only:
/// another process sharing the folder may be writing the young ones right now.
fn sweep_stale_tmp(tmp: &Path) {
    let Ok(entries) = std::fs::read_dir(tmp) else {
        return;
    };
    for entry in entries.flatten() {
        let stale = entry
            .metadata()
            .ok()
            .and_then(|m| m.modified().ok())
            .and_then(|t| t.elapsed().ok())
            .is_some_and(|age| age > STALE_TMP_AGE);
        if stale {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// `prefix` as opendal's folder form: `""` or a valid key followed by `/`.
fn dir_prefix(prefix: &str) -> Result<String, StorageError> {
    let trimmed = prefix.strip_suffix('/').unwrap_or(prefix);
    if trimmed.is_empty() {
        return Ok(String::new());
    }
    validate_key(trimmed)?;
    Ok(format!("{trimmed}/"))
}
