//! `[storage]`: where archives live (a local folder or an S3-compatible bucket).

use std::path::PathBuf;

use serde::{Deserialize, Serialize};

use super::secret::Secret;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum StorageBackend {
    #[default]
    Filesystem,
    /// S3 and every S3-compatible service (Cloudflare R2, MinIO, …).
    #[serde(alias = "r2")]
    S3,
}

impl StorageBackend {
    pub fn parse(value: &str) -> Result<Self, String> {
        match value.trim().to_ascii_lowercase().as_str() {
            "filesystem" | "fs" | "local" => Ok(Self::Filesystem),
            "s3" | "r2" | "minio" => Ok(Self::S3),
            other => Err(format!(
                "unknown storage backend \"{other}\" (accepted: filesystem, s3, r2)"
            )),
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct StorageSettings {
    pub backend: StorageBackend,
    /// Folder of the filesystem backend; unset means `<data_dir>/packages`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub path: Option<PathBuf>,
    pub s3: S3Settings,
    /// Answer dist downloads with a redirect to a presigned URL instead of streaming.
    pub presigned_redirect: bool,
    /// Seconds a presigned URL stays valid.
    pub presigned_expiry: u64,
    /// Seconds a successful storage check of `/ready` (a marker written, read back and
    /// deleted) stands before `/ready` checks again (`STORAGE_CHECK_INTERVAL`).
    pub check_interval: u64,
}

impl Default for StorageSettings {
    fn default() -> Self {
        Self {
            backend: StorageBackend::Filesystem,
            path: None,
            s3: S3Settings::default(),
            presigned_redirect: false,
            presigned_expiry: 300,
            check_interval: 30,
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct S3Settings {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bucket: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub endpoint: Option<String>,
    pub region: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub access_key_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub secret_access_key: Option<Secret>,
    /// Key prefix inside the bucket (useful when the bucket is shared).
    pub prefix: String,
}

impl Default for S3Settings {
    fn default() -> Self {
        Self {
            bucket: None,
            endpoint: None,
            region: "auto".into(),
            access_key_id: None,
            secret_access_key: None,
            prefix: String::new(),
        }
    }
}
