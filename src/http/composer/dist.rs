//! Sending an archive: straight from the local file on the filesystem backend, a
//! redirect to a presigned URL when configured for S3, else streamed from storage.

use std::time::Duration;

use poem::http::{HeaderValue, StatusCode, header};
use poem::{Body, Response};

use super::super::HttpState;
use super::super::error::{not_found, storage_unavailable};

pub async fn serve(state: &HttpState, key: &str) -> Response {
    let storage = state.services.storage();
    let settings = state.services.settings();
    if let Some(path) = storage.local_path(key) {
        return match local_file(&path).await {
            Ok(body) => body,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => not_found(),
            Err(e) => storage_unavailable(&e.to_string()),
        };
    }
    if settings.storage.presigned_redirect {
        let expiry = Duration::from_secs(settings.storage.presigned_expiry.max(1));
        match storage.presign_read(key, expiry).await {
            Ok(Some(url)) => {
                if let Ok(v) = HeaderValue::from_str(&url) {
                    let mut r = Response::builder()
                        .status(StatusCode::FOUND)
                        .body(Body::empty());
                    r.headers_mut().insert(header::LOCATION, v);
                    return r;
                }
            }
            Ok(None) => {}
            Err(e) => return storage_unavailable(&e.to_string()),
        }
    }
    match storage.reader(key).await {
        Ok(d) => zip_response(Body::from_bytes_stream(d.stream), Some(d.size)),
        Err(crate::storage::StorageError::NotFound { .. }) => not_found(),
        Err(e) => storage_unavailable(&e.to_string()),
    }
}

/// Archives up to this size are read whole and sent in one piece; larger ones stream.
const READ_WHOLE: u64 = 4 * 1024 * 1024;

/// A file of the filesystem backend: small ones (nearly every archive) in one read,
/// which the socket then takes in large writes; big ones streamed in large chunks.
async fn local_file(path: &std::path::Path) -> std::io::Result<Response> {
    let size = tokio::fs::metadata(path).await?.len();
    if size <= READ_WHOLE {
        // One blocking read, instead of one thread-pool hop per chunk.
        let data = tokio::fs::read(path).await?;
        let size = data.len() as u64;
        return Ok(zip_response(Body::from_vec(data), Some(size)));
    }
    let file = tokio::fs::File::open(path).await?;
    let stream = tokio_util::io::ReaderStream::with_capacity(file, 1 << 20);
    Ok(zip_response(Body::from_bytes_stream(stream), Some(size)))
}

pub(super) fn zip_response(body: Body, size: Option<u64>) -> Response {
    let mut r = Response::builder()
        .status(StatusCode::OK)
        .content_type("application/zip")
        .body(body);
    if let Some(size) = size {
        r.headers_mut()
            .insert(header::CONTENT_LENGTH, HeaderValue::from(size));
    }
    // The URL names the content (it carries the commit), so it never changes.
    r.headers_mut().insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("private, max-age=31536000, immutable"),
    );
    r
}
