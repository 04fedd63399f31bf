//! Storage on both backends: a temp folder, and a fresh bucket on the S3-compatible
//! server that `./scripts/test.sh` starts (moto). `storage_tests!(name)` turns
//! `async fn name(s: TestStorage)` into `name::filesystem` and `name::s3`.

use std::io;
use std::time::Duration;

use bytes::Bytes;
use cargoman::config::{Secret, Settings, StorageBackend};
use cargoman::storage::{Storage, StorageError, dist_key, proxy_key};

use crate::support::s3::{S3Server, create_bucket, hmac_sha256, unique_bucket};
use futures::{SinkExt as _, TryStreamExt as _};
use sha2::{Digest as _, Sha256};

macro_rules! storage_tests {
    ($($name:ident),+ $(,)?) => {
        $(
            mod $name {
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn filesystem() {
                    let s = super::TestStorage::new(super::Backend::Filesystem).await;
                    super::$name(s).await;
                }

                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn s3() {
                    let s = super::TestStorage::new(super::Backend::S3).await;
                    super::$name(s).await;
                }
            }
        )+
    };
}

storage_tests!(
    round_trip,
    big_file_streams_in_and_out,
    writes_become_visible_only_when_complete,
    failed_write_leaves_no_object,
    list_and_delete_by_prefix,
    invalid_keys_touch_nothing,
    presign_and_local_path,
    readiness_check_leaves_nothing_behind,
);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Backend {
    Filesystem,
    S3,
}

struct TestStorage {
    backend: Backend,
    storage: Storage,
    settings: Settings,
    dir: tempfile::TempDir,
}

impl TestStorage {
    async fn new(backend: Backend) -> Self {
        let dir = tempfile::tempdir().expect("temp dir");
        let mut settings = Settings {
            data_dir: dir.path().join("data"),
            ..Settings::default()
        };
        if backend == Backend::S3 {
            let server = S3Server::from_env();
            let bucket = unique_bucket();
            create_bucket(&server, &bucket).await;
            server.settings(&mut settings, &bucket);
        }
        let storage = Storage::from_settings(&settings).expect("storage");
        Self {
            backend,
            storage,
            settings,
            dir,
        }
    }

    /// Files under the data folder, the storage root's parent: nothing may appear
    /// outside the root.
    fn files_outside_root(&self) -> Vec<String> {
        let root = self.settings.storage_path();
        let mut found = Vec::new();
        let mut pending = vec![self.dir.path().to_path_buf()];
        while let Some(dir) = pending.pop() {
            for entry in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
                let path = entry.path();
                if path.starts_with(&root) {
                    continue;
                }
                if path.is_dir() {
                    pending.push(path);
                } else {
                    found.push(path.display().to_string());
                }
            }
        }
        found
    }
}

fn pattern(len: usize, seed: u8) -> Vec<u8> {
    (0..len)
        .map(|i| (i as u8).wrapping_mul(31).wrapping_add(seed))
        .collect()
}

async fn round_trip(s: TestStorage) {
    let st = &s.storage;
    let key = dist_key("acme", "vendor/pkg", "1.0.0.0", "0123456789abcdef");
    assert_eq!(st.stat(&key).await.unwrap(), None);
    assert!(!st.exists(&key).await.unwrap());
    assert!(matches!(
        st.read(&key).await,
        Err(StorageError::NotFound { .. })
    ));
    assert!(matches!(
        st.reader(&key).await,
        Err(StorageError::NotFound { .. })
    ));

    st.put_bytes(&key, b"first".to_vec()).await.unwrap();
    assert_eq!(st.read(&key).await.unwrap(), Bytes::from_static(b"first"));
    assert_eq!(st.stat(&key).await.unwrap(), Some(5));
    assert!(st.exists(&key).await.unwrap());

    st.put_bytes(&key, Bytes::from_static(b"second!"))
        .await
        .unwrap();
    assert_eq!(st.read(&key).await.unwrap(), Bytes::from_static(b"second!"));

    let empty = proxy_key("acme", "p2", "vendor/empty.json");
    st.put_bytes(&empty, Vec::new()).await.unwrap();
    assert_eq!(st.stat(&empty).await.unwrap(), Some(0));
    assert!(st.read(&empty).await.unwrap().is_empty());

    st.delete(&key).await.unwrap();
    st.delete(&key).await.unwrap(); // missing is fine
    assert_eq!(st.stat(&key).await.unwrap(), None);
}

async fn big_file_streams_in_and_out(s: TestStorage) {
    // Above S3's 5 MiB part size, so the upload is a real multipart one.
    let content = pattern(12 * 1024 * 1024 + 123, 7);
    let file = s.dir.path().join("archive.zip");
    std::fs::write(&file, &content).unwrap();
    let key = "t/acme/dist/big/pkg/1.0.0.0-abc.zip";

    let written = s.storage.put_file(key, &file).await.unwrap();
    assert_eq!(written, content.len() as u64);
    assert_eq!(s.storage.stat(key).await.unwrap(), Some(written));

    let download = s.storage.reader(key).await.unwrap();
    assert_eq!(download.size, written);
    // The stream is Send + 'static: the HTTP layer hands it to another task.
    let chunks: Vec<Bytes> = tokio::spawn(download.stream.try_collect())
        .await
        .unwrap()
        .unwrap();
    assert!(
        chunks.len() > 1,
        "expected a stream of chunks, got one buffer"
    );
    let streamed: Vec<u8> = chunks.concat();
    assert_eq!(Sha256::digest(&streamed), Sha256::digest(&content));

    let missing = s.dir.path().join("missing.zip");
    let err = s.storage.put_file(key, &missing).await.unwrap_err();
    assert!(matches!(err, StorageError::LocalFile { .. }), "{err}");
    assert_eq!(s.storage.stat(key).await.unwrap(), Some(written));
}

/// While a large write is in progress, readers see the previous object in full (or
/// nothing for a new key), never a prefix of the new one.
async fn writes_become_visible_only_when_complete(s: TestStorage) {
    let replaced = "t/acme/dist/v/n/2.0.0.0-r.zip";
    let fresh = "t/acme/dist/v/n/3.0.0.0-r.zip";
    s.storage
        .put_bytes(replaced, b"old".to_vec())
        .await
        .unwrap();

    for key in [replaced, fresh] {
        let (mut tx, rx) = futures::channel::mpsc::channel::<io::Result<Bytes>>(1);
        let storage = s.storage.clone();
        let key_owned = key.to_string();
        let writer = tokio::spawn(async move { storage.put_stream(&key_owned, rx).await });
        for i in 0..12u8 {
            tx.send(Ok(Bytes::from(pattern(1024 * 1024, i))))
                .await
                .unwrap();
            tokio::time::sleep(Duration::from_millis(20)).await;
            assert_old_or_absent(&s.storage, key, key == replaced).await;
        }
        drop(tx);
        assert_eq!(writer.await.unwrap().unwrap(), 12 * 1024 * 1024);
        assert_eq!(s.storage.stat(key).await.unwrap(), Some(12 * 1024 * 1024));
    }
}

async fn assert_old_or_absent(storage: &Storage, key: &str, has_old: bool) {
    if has_old {
        assert_eq!(storage.read(key).await.unwrap(), Bytes::from_static(b"old"));
        assert_eq!(storage.stat(key).await.unwrap(), Some(3));
    } else {
        assert_eq!(storage.stat(key).await.unwrap(), None);
        assert!(matches!(
            storage.read(key).await,
            Err(StorageError::NotFound { .. })
        ));
        let listed = storage.list("t/acme/dist/v/n").await.unwrap();
        assert!(listed.iter().all(|(k, _)| k != key), "{listed:?}");
    }
}

async fn failed_write_leaves_no_object(s: TestStorage) {
    let existing = "t/acme/proxy/dist/kept.zip";
    let fresh = "t/acme/proxy/dist/never.zip";
    s.storage
        .put_bytes(existing, b"intact".to_vec())
        .await
        .unwrap();
    for key in [existing, fresh] {
        // Past two S3 parts, so a multipart upload is under way, then the source
        // fails (a dropped upstream connection).
        let chunks = vec![
            Ok(Bytes::from(pattern(6 * 1024 * 1024, 1))),
            Ok(Bytes::from(pattern(6 * 1024 * 1024, 2))),
            Ok(Bytes::from(pattern(1024, 3))),
            Err(io::Error::new(
                io::ErrorKind::ConnectionReset,
                "upstream went away",
            )),
        ];
        let err = s
            .storage
            .put_stream(key, futures::stream::iter(chunks))
            .await
            .unwrap_err();
        assert!(matches!(err, StorageError::Input { .. }), "{err}");
        assert!(err.to_string().contains("upstream went away"), "{err}");
    }
    assert_eq!(
        s.storage.read(existing).await.unwrap(),
        Bytes::from_static(b"intact")
    );
    assert_eq!(s.storage.stat(fresh).await.unwrap(), None);
    let all = s.storage.list("").await.unwrap();
    assert_eq!(all, vec![(existing.to_string(), 6)]);
    if s.backend == Backend::Filesystem {
        let tmp = s.settings.storage_path().join(".tmp");
        let leftovers: Vec<_> = std::fs::read_dir(tmp).unwrap().collect();
        assert!(leftovers.is_empty(), "temporary files left: {leftovers:?}");
    }
}

async fn list_and_delete_by_prefix(s: TestStorage) {
    let st = &s.storage;
    let keys = [
        "t/a/dist/v/one/1.0-x.zip",
        "t/a/dist/v/one/2.0-x.zip",
        "t/a/dist/v/two/1.0-x.zip",
        "t/a/proxy/p2/v/one.json",
        "t/ab/dist/v/one/1.0-x.zip",
    ];
    for (i, key) in keys.iter().enumerate() {
        st.put_bytes(key, vec![b'x'; i + 1]).await.unwrap();
    }
    let one = st.list("t/a/dist/v/one/").await.unwrap();
    assert_eq!(
        one,
        vec![(keys[0].to_string(), 1), (keys[1].to_string(), 2)]
    );
    // Without the trailing '/', the prefix is still a folder: t/ab is not under t/a.
    let tenant_a = st.list("t/a").await.unwrap();
    assert_eq!(tenant_a.len(), 4, "{tenant_a:?}");
    assert!(st.list("t/nobody/").await.unwrap().is_empty());
    assert_eq!(st.list("").await.unwrap().len(), 5);

    st.delete_prefix("t/a/dist/").await.unwrap();
    let left: Vec<String> = st
        .list("")
        .await
        .unwrap()
        .into_iter()
        .map(|e| e.0)
        .collect();
    assert_eq!(left, vec![keys[3].to_string(), keys[4].to_string()]);
    st.delete_prefix("t/nobody").await.unwrap();

    for whole in ["", "/", "//"] {
        let err = st.delete_prefix(whole).await.unwrap_err();
        assert!(matches!(err, StorageError::InvalidKey { .. }), "{err}");
    }
    assert_eq!(st.list("").await.unwrap().len(), 2);
}

async fn invalid_keys_touch_nothing(s: TestStorage) {
    let st = &s.storage;
    let hostile = [
        "../escape.zip",
        "../../etc/passwd",
        "/abs.zip",
        "a/../../x",
        "a\\..\\x",
        "a/\0x",
        ".tmp/x",
        "",
    ];
    let invalid = |r: Result<_, StorageError>| matches!(r, Err(StorageError::InvalidKey { .. }));
    for key in hostile {
        assert!(
            invalid(st.put_bytes(key, b"x".to_vec()).await.map(drop)),
            "{key:?}"
        );
        assert!(invalid(st.read(key).await.map(drop)), "{key:?}");
        assert!(invalid(st.reader(key).await.map(drop)), "{key:?}");
        assert!(invalid(st.stat(key).await.map(drop)), "{key:?}");
        assert!(invalid(st.exists(key).await.map(drop)), "{key:?}");
        assert!(invalid(st.delete(key).await), "{key:?}");
        let chunks = futures::stream::iter([Ok(Bytes::from_static(b"x"))]);
        assert!(
            invalid(st.put_stream(key, chunks).await.map(drop)),
            "{key:?}"
        );
        let presigned = st.presign_read(key, Duration::from_secs(60)).await;
        assert!(invalid(presigned.map(drop)), "{key:?}");
        assert_eq!(st.local_path(key), None, "{key:?}");
        if !key.is_empty() {
            assert!(invalid(st.list(key).await.map(drop)), "{key:?}");
            assert!(invalid(st.delete_prefix(key).await), "{key:?}");
        }
    }
    assert!(st.list("").await.unwrap().is_empty());
    assert_eq!(s.files_outside_root(), Vec::<String>::new());
}

async fn presign_and_local_path(s: TestStorage) {
    let key = "t/acme/dist/v/n/1.0.0.0-abc.zip";
    s.storage
        .put_bytes(key, b"zip bytes".to_vec())
        .await
        .unwrap();
    let url = s
        .storage
        .presign_read(key, Duration::from_secs(300))
        .await
        .unwrap();
    match s.backend {
        Backend::Filesystem => {
            assert_eq!(url, None);
            let path = s.storage.local_path(key).expect("local path");
            assert!(path.starts_with(s.settings.storage_path().canonicalize().unwrap()));
            assert_eq!(std::fs::read(path).unwrap(), b"zip bytes");
        }
        Backend::S3 => {
            assert_eq!(s.storage.local_path(key), None);
            let url = url.expect("presigned URL on S3");
            let body = reqwest::get(&url).await.unwrap();
            assert!(body.status().is_success(), "{url}: {}", body.status());
            assert_eq!(body.bytes().await.unwrap().as_ref(), b"zip bytes");
        }
    }
}

async fn readiness_check_leaves_nothing_behind(s: TestStorage) {
    s.storage.check().await.unwrap();
    s.storage.check().await.unwrap();
    assert!(s.storage.list("").await.unwrap().is_empty());
}

#[test]
fn storage_handle_is_shareable() {
    fn shareable<T: Clone + Send + Sync + 'static>() {}
    shareable::<Storage>();
}

#[test]
fn s3_settings_are_checked_with_helpful_messages() {
    let secret = "SUPER-SECRET-KEY-VALUE";
    let base = || {
        let mut settings = Settings::default();
        settings.storage.backend = StorageBackend::S3;
        let s3 = &mut settings.storage.s3;
        s3.bucket = Some("bucket".into());
        s3.endpoint = Some("http://127.0.0.1:9".into());
        s3.access_key_id = Some("id".into());
        s3.secret_access_key = Some(Secret::new(secret));
        settings
    };
    type Change = fn(&mut Settings);
    let cases: [(&str, Change); 5] = [
        ("S3_BUCKET", |s| s.storage.s3.bucket = None),
        ("S3_ACCESS_KEY_ID", |s| s.storage.s3.access_key_id = None),
        ("S3_SECRET_ACCESS_KEY", |s| {
            s.storage.s3.secret_access_key = None
        }),
        ("S3_ENDPOINT", |s| {
            s.storage.s3.endpoint = Some("not a url".into())
        }),
        ("S3_REGION", |s| s.storage.s3.endpoint = None),
    ];
    for (names, change) in cases {
        let mut settings = base();
        change(&mut settings);
        let err = Storage::from_settings(&settings).unwrap_err().to_string();
        assert!(err.contains(names), "{names}: {err}");
        assert!(!err.contains(secret), "{err}");
    }
    let storage = Storage::from_settings(&base()).unwrap();
    assert!(!format!("{storage:?}").contains(secret));
    // AWS itself: a region and no endpoint is enough.
    let mut aws = base();
    aws.storage.s3.endpoint = None;
    aws.storage.s3.region = "eu-west-1".into();
    Storage::from_settings(&aws).unwrap();
}

#[tokio::test]
async fn s3_errors_say_what_to_check_and_hide_the_secret() {
    let server = S3Server::from_env();
    let mut settings = Settings::default();
    server.settings(&mut settings, &unique_bucket()); // never created
    settings.storage.s3.secret_access_key = Some(Secret::new("SUPER-SECRET-KEY-VALUE"));
    let storage = Storage::from_settings(&settings).unwrap();
    let err = storage.check().await.unwrap_err().to_string();
    assert!(err.contains("S3_BUCKET"), "{err}");
    assert!(!err.contains("SUPER-SECRET-KEY-VALUE"), "{err}");
}

#[tokio::test]
async fn filesystem_root_is_created() {
    let dir = tempfile::tempdir().unwrap();
    let settings = Settings {
        data_dir: dir.path().join("deep/data"),
        ..Settings::default()
    };
    let storage = Storage::from_settings(&settings).unwrap();
    assert!(settings.storage_path().is_dir());
    storage.check().await.unwrap();
}

#[test]
fn hmac_matches_rfc_4231() {
    let mac = hmac_sha256(&[0x0b; 20], b"Hi There");
    assert_eq!(
        hex::encode(mac),
        "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7"
    );
}
