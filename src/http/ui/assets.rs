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

#[cfg(test)]
mod tests {
    use super::CSS;

    /// The colour of CSS custom property `name` (`--fg: #1b1f24;`), as sRGB.
    fn colour(name: &str) -> [f64; 3] {
        let at = CSS
            .find(&format!("--{name}:"))
            .unwrap_or_else(|| panic!("--{name} in app.css"));
        let hex = CSS[at..].split('#').nth(1).unwrap();
        let hex = &hex[..6];
        let byte = |i: usize| f64::from(u8::from_str_radix(&hex[i..i + 2], 16).unwrap()) / 255.0;
        [byte(0), byte(2), byte(4)]
    }

    /// WCAG 2 relative luminance and contrast ratio.
    fn contrast(a: &str, b: &str) -> f64 {
        let lum = |c: [f64; 3]| {
            let lin = |v: f64| {
                if v <= 0.03928 {
                    v / 12.92
                } else {
                    ((v + 0.055) / 1.055).powf(2.4)
                }
            };
            0.2126 * lin(c[0]) + 0.7152 * lin(c[1]) + 0.0722 * lin(c[2])
        };
        let (x, y) = (lum(colour(a)), lum(colour(b)));
        (x.max(y) + 0.05) / (x.min(y) + 0.05)
    }

    /// Every pair of text and background colours the stylesheet puts together meets WCAG
    /// AA for normal text (4.5:1).
    #[test]
    fn text_colours_meet_wcag_aa() {
        for (text, background) in [
            ("fg", "bg"),
            ("fg", "panel"),
            ("muted", "bg"),
            ("muted", "panel"),
            ("accent", "bg"),
            ("accent", "panel"),
            ("accent-fg", "accent"),
            ("accent-fg", "bad"),
            ("bad", "bg"),
            ("good", "bg"),
            ("warn", "bg"),
        ] {
            let ratio = contrast(text, background);
            assert!(ratio >= 4.5, "--{text} on --{background}: {ratio:.2}:1");
        }
    }
}
