//! The UI's stylesheet and script, embedded in the binary and served with a version in
//! their URL, so browsers keep them for a year and a new build is fetched at once.

use std::sync::LazyLock;

use poem::http::{StatusCode, header};
use poem::web::Path;
use poem::{Request, Response, handler};
use sha2::{Digest, Sha256};

const CSS: &str = include_str!("../../../templates/static/app.css");
const JS: &str = include_str!("../../../templates/static/app.js");

/// Names this build's assets in their URLs (`/assets/app.css?v=…`).
pub static VERSION: LazyLock<String> = LazyLock::new(|| {
    let mut h = Sha256::new();
    h.update(CSS.as_bytes());
    h.update(JS.as_bytes());
    hex::encode(&h.finalize()[..6])
});

#[handler]
pub fn serve(Path(name): Path<String>, req: &Request) -> Response {
    let (body, ty) = match name.as_str() {
        "app.css" => (CSS, "text/css; charset=utf-8"),
        "app.js" => (JS, "text/javascript; charset=utf-8"),
        _ => return Response::builder().status(StatusCode::NOT_FOUND).finish(),
    };
    let etag = format!("\"{}\"", *VERSION);
    let fresh = req
        .headers()
        .get(header::IF_NONE_MATCH)
        .is_some_and(|v| v.as_bytes() == etag.as_bytes());
    let builder = Response::builder()
        .header(header::CACHE_CONTROL, "public, max-age=31536000, immutable")
        .header(header::ETAG, etag)
        .header(header::X_CONTENT_TYPE_OPTIONS, "nosniff");
    if fresh {
        return builder.status(StatusCode::NOT_MODIFIED).finish();
    }
    builder.content_type(ty).body(body)
}
