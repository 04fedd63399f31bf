//! An S3-compatible server for tests (moto, started by scripts/test.sh) and buckets on it.

use std::sync::atomic::{AtomicU32, Ordering};

use cargoman::config::{Secret, Settings, StorageBackend};
use sha2::{Digest as _, Sha256};

pub struct S3Server {
    pub endpoint: String,
    pub region: String,
    pub key_id: String,
    pub secret: String,
}

impl S3Server {
    /// The server of `./scripts/test.sh`. Missing is a failure, not a skip: a suite that
    /// silently skips its S3 half would pass while S3 is broken.
    pub fn from_env() -> Self {
        let var = |name: &str, default: &str| {
            std::env::var(name)
                .ok()
                .filter(|v| !v.is_empty())
                .unwrap_or_else(|| default.to_string())
        };
        let endpoint = var("CARGOMAN_TEST_S3_ENDPOINT", "");
        assert!(
            !endpoint.is_empty(),
            "CARGOMAN_TEST_S3_ENDPOINT is not set: run the tests with ./scripts/test.sh, \
             which starts an S3-compatible server (or point CARGOMAN_TEST_S3_ENDPOINT at one)"
        );
        Self {
            endpoint,
            region: var("CARGOMAN_TEST_S3_REGION", "us-east-1"),
            key_id: var("CARGOMAN_TEST_S3_ACCESS_KEY_ID", "test"),
            secret: var("CARGOMAN_TEST_S3_SECRET_ACCESS_KEY", "test"),
        }
    }

    pub fn settings(&self, settings: &mut Settings, bucket: &str) {
        settings.storage.backend = StorageBackend::S3;
        let s3 = &mut settings.storage.s3;
        s3.bucket = Some(bucket.to_string());
        s3.endpoint = Some(self.endpoint.clone());
        s3.region = self.region.clone();
        s3.access_key_id = Some(self.key_id.clone());
        s3.secret_access_key = Some(Secret::new(self.secret.clone()));
    }
}

static COUNTER: AtomicU32 = AtomicU32::new(0);

/// A bucket name no other test (or earlier run against the same server) uses.
pub fn unique_bucket() -> String {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.subsec_nanos())
        .unwrap_or(0);
    format!(
        "cargoman-test-{}-{}-{nanos}",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::Relaxed)
    )
}

/// CreateBucket, signed with AWS Signature V4, so any S3-compatible server accepts it
/// (moto would take an unsigned one; MinIO would not).
pub async fn create_bucket(server: &S3Server, bucket: &str) {
    let url = url::Url::parse(&format!(
        "{}/{bucket}",
        server.endpoint.trim_end_matches('/')
    ))
    .expect("CARGOMAN_TEST_S3_ENDPOINT is a URL");
    let host = match url.port() {
        Some(port) => format!("{}:{port}", url.host_str().unwrap_or_default()),
        None => url.host_str().unwrap_or_default().to_string(),
    };
    let body = if server.region == "us-east-1" {
        String::new()
    } else {
        format!(
            "<CreateBucketConfiguration><LocationConstraint>{}</LocationConstraint>\
             </CreateBucketConfiguration>",
            server.region
        )
    };
    let now = chrono::Utc::now();
    let amz_date = now.format("%Y%m%dT%H%M%SZ").to_string();
    let date = now.format("%Y%m%d").to_string();
    let payload_hash = hex::encode(Sha256::digest(body.as_bytes()));
    let signed_headers = "host;x-amz-content-sha256;x-amz-date";
    let canonical = format!(
        "PUT\n{}\n\nhost:{host}\nx-amz-content-sha256:{payload_hash}\nx-amz-date:{amz_date}\n\n\
         {signed_headers}\n{payload_hash}",
        url.path()
    );
    let scope = format!("{date}/{}/s3/aws4_request", server.region);
    let to_sign = format!(
        "AWS4-HMAC-SHA256\n{amz_date}\n{scope}\n{}",
        hex::encode(Sha256::digest(canonical.as_bytes()))
    );
    let mut key = hmac_sha256(format!("AWS4{}", server.secret).as_bytes(), date.as_bytes());
    for part in [server.region.as_str(), "s3", "aws4_request"] {
        key = hmac_sha256(&key, part.as_bytes());
    }
    let signature = hex::encode(hmac_sha256(&key, to_sign.as_bytes()));
    let authorization = format!(
        "AWS4-HMAC-SHA256 Credential={}/{scope}, SignedHeaders={signed_headers}, \
         Signature={signature}",
        server.key_id
    );
    let response = reqwest::Client::new()
        .put(url.clone())
        .header("x-amz-date", &amz_date)
        .header("x-amz-content-sha256", &payload_hash)
        .header("authorization", authorization)
        .body(body)
        .send()
        .await
        .unwrap_or_else(|e| panic!("S3 server at {} unreachable: {e}", server.endpoint));
    let status = response.status();
    let text = response.text().await.unwrap_or_default();
    assert!(
        status.is_success(),
        "CreateBucket {bucket}: {status}: {text}"
    );
}

pub fn hmac_sha256(key: &[u8], message: &[u8]) -> [u8; 32] {
    let mut block = [0u8; 64];
    if key.len() > 64 {
        block[..32].copy_from_slice(&Sha256::digest(key));
    } else {
        block[..key.len()].copy_from_slice(key);
    }
    let pad = |byte: u8| block.iter().map(|b| b ^ byte).collect::<Vec<u8>>();
    let inner = Sha256::new()
        .chain_update(pad(0x36))
        .chain_update(message)
        .finalize();
    Sha256::new()
        .chain_update(pad(0x5c))
        .chain_update(inner)
        .finalize()
        .into()
}

/// A new bucket on the test server, with settings pointing at it.
pub async fn configure_new_bucket(settings: &mut Settings) -> String {
    let server = S3Server::from_env();
    let bucket = unique_bucket();
    create_bucket(&server, &bucket).await;
    server.settings(settings, &bucket);
    bucket
}
