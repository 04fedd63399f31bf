//! Talking to upstream Composer repositories: their root (what they advertise), their
//! metadata files (with `If-Modified-Since`), their changes feed and their archives.
//! Every request is bounded (a total timeout for metadata; an idle timeout and a
//! low-speed limit for archives; a size limit for both) and every URL an upstream
//! names is checked before it is fetched.

use std::time::Duration;

use bytes::Bytes;
use futures::StreamExt;
use storage_reqwest::header::{self, HeaderMap, HeaderValue};
use storage_reqwest::{Client, Response, StatusCode, redirect};

use crate::config::Settings;
use crate::metrics::{Upstream as Outcome, metrics};

/// Largest metadata file read from an upstream.
pub const MAX_METADATA: usize = 64 * 1024 * 1024;
/// Redirects followed at most (each one checked like the first URL).
const MAX_REDIRECTS: usize = 5;
/// An archive slower than this on average after [`SLOW_GRACE`] is abandoned.
const MIN_RATE: u64 = 1024;
const SLOW_GRACE: Duration = Duration::from_secs(10);

/// Why an upstream could not answer.
#[derive(Debug, Clone, thiserror::Error)]
pub enum UpstreamError {
    #[error("{0} is unreachable: {1}")]
    Unreachable(String, String),
    #[error("{0} did not answer in time")]
    Timeout(String),
    #[error("{0} answered HTTP {1}")]
    Status(String, u16),
    #[error("{0} answered something that is not usable: {1}")]
    Garbage(String, String),
    #[error("{0}")]
    Refused(String),
}

impl UpstreamError {
    pub fn is_timeout(&self) -> bool {
        matches!(self, UpstreamError::Timeout(_))
    }

    /// The alert kind this failure is recorded as.
    pub fn kind(&self) -> &'static str {
        match self {
            UpstreamError::Unreachable(..) => "unreachable",
            UpstreamError::Timeout(_) => "timeout",
            UpstreamError::Status(..) => "http_error",
            UpstreamError::Garbage(..) => "bad_answer",
            UpstreamError::Refused(_) => "refused_url",
        }
    }
}

/// An upstream's credentials, decrypted for the request.
#[derive(Clone, Default)]
pub enum Auth {
    #[default]
    None,
    Basic(String, String),
    Bearer(String),
}

impl std::fmt::Debug for Auth {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Auth::None => "None",
            Auth::Basic(..) => "Basic(…)",
            Auth::Bearer(_) => "Bearer(…)",
        })
    }
}

/// What an upstream said about one metadata file.
pub enum Metadata {
    Found {
        body: Bytes,
        last_modified: Option<String>,
    },
    NotModified,
    NotFound,
}

/// The HTTP client of the proxy, shared by every upstream.
#[derive(Clone)]
pub struct UpstreamClient {
    http: Client,
    timeout: Duration,
    allow_local: bool,
}

/// What an upstream root advertises, as absolute URLs.
#[derive(Debug, Clone, Default)]
pub struct Root {
    /// With `%package%` where the name goes.
    pub metadata_url: String,
    pub changes_url: Option<String>,
    pub advisories_url: Option<String>,
}

impl UpstreamClient {
    pub fn new(settings: &Settings) -> Result<Self, String> {
        let _ = rustls::crypto::ring::default_provider().install_default();
        let timeout = Duration::from_secs(settings.proxy.upstream_timeout.max(1));
        let http = Client::builder()
            .user_agent(settings.proxy.user_agent.clone())
            .connect_timeout(timeout.min(Duration::from_secs(10)))
            .read_timeout(timeout)
            .redirect(redirect::Policy::none())
            .build()
            .map_err(|e| format!("cannot set up the proxy's HTTP client: {e}"))?;
        Ok(Self {
            http,
            timeout,
            allow_local: settings.security.repository_allow_local,
        })
    }

    /// Sends a GET to `url`, following redirects (each checked); credentials go only
    /// to the upstream's own origin (`home`).
    async fn get(
        &self,
        home: &url::Url,
        url: &str,
        auth: &Auth,
        extra: HeaderMap,
        total: Option<Duration>,
    ) -> Result<Response, UpstreamError> {
        let mut current = url.to_string();
        for _ in 0..=MAX_REDIRECTS {
            let target = self.check(home, &current).await?;
            let mut req = self.http.get(target.as_str()).headers(extra.clone());
            if same_origin(home, &target) {
                req = match auth {
                    Auth::None => req,
                    Auth::Basic(u, p) => req.basic_auth(u, Some(p)),
                    Auth::Bearer(t) => req.bearer_auth(t),
                };
            }
            if let Some(t) = total {
                req = req.timeout(t);
            }
            let resp = req.send().await.map_err(|e| self.failure(&target, e))?;
            if resp.status().is_redirection()
                && let Some(loc) = resp.headers().get(header::LOCATION)
            {
                let loc = loc.to_str().unwrap_or_default();
                current = target
                    .join(loc)
                    .map_err(|_| garbage(&target, "a redirect to an invalid URL"))?
                    .to_string();
                continue;
            }
            return Ok(resp);
        }
        Err(UpstreamError::Refused(format!(
            "{} redirected more than {MAX_REDIRECTS} times",
            shown(url)
        )))
    }

    fn failure(&self, url: &url::Url, e: storage_reqwest::Error) -> UpstreamError {
        let host = shown(url.as_str());
        if e.is_timeout() {
            UpstreamError::Timeout(host)
        } else {
            // The error's chain says "connection refused" and the like.
            let mut why = e.to_string();
            let mut source = std::error::Error::source(&e);
            while let Some(s) = source {
                why = s.to_string();
                source = s.source();
            }
            UpstreamError::Unreachable(host, why)
        }
    }

    /// A URL an upstream named may be fetched: http(s), and unless it is on the
    /// upstream's own origin (which the operator configured), not at this server or its
    /// private network unless `REPOSITORY_ALLOW_LOCAL` allows it.
    async fn check(&self, home: &url::Url, url: &str) -> Result<url::Url, UpstreamError> {
        let parsed = url::Url::parse(url)
            .map_err(|_| UpstreamError::Refused(format!("{} is not a URL", shown(url))))?;
        if !matches!(parsed.scheme(), "http" | "https") {
            return Err(UpstreamError::Refused(format!(
                "{} is not an http(s) URL",
                shown(url)
            )));
        }
        if self.allow_local || same_origin(home, &parsed) {
            return Ok(parsed);
        }
        let host = parsed
            .host_str()
            .ok_or_else(|| UpstreamError::Refused(format!("{} has no host", shown(url))))?
            .trim_matches(['[', ']'])
            .to_string();
        let port = parsed.port_or_known_default().unwrap_or(443);
        let addrs: Vec<std::net::SocketAddr> = match host.parse::<std::net::IpAddr>() {
            Ok(ip) => vec![(ip, port).into()],
            Err(_) => tokio::net::lookup_host((host.as_str(), port))
                .await
                .map(|a| a.collect())
                .unwrap_or_default(),
        };
        if addrs.is_empty() {
            return Err(UpstreamError::Unreachable(
                shown(url),
                "its host name does not resolve".into(),
            ));
        }
        if addrs
            .iter()
            .any(|a| !crate::service::packages::is_public(a.ip()))
        {
            return Err(UpstreamError::Refused(format!(
                "{} points at a loopback, link-local or private address; set REPOSITORY_ALLOW_LOCAL=true to allow it",
                shown(url)
            )));
        }
        Ok(parsed)
    }

    /// Reads an upstream's root (`packages.json` under `base`).
    pub async fn root(&self, base: &str, auth: &Auth) -> Result<Root, UpstreamError> {
        counted(self.fetch_root(base, auth).await)
    }

    async fn fetch_root(&self, base: &str, auth: &Auth) -> Result<Root, UpstreamError> {
        let home = url::Url::parse(&format!("{}/", base.trim_end_matches('/')))
            .map_err(|_| UpstreamError::Refused(format!("{} is not a URL", shown(base))))?;
        let root_url = home
            .join("packages.json")
            .map_err(|_| garbage(&home, "no root"))?;
        let resp = self
            .get(
                &home,
                root_url.as_str(),
                auth,
                HeaderMap::new(),
                Some(self.timeout),
            )
            .await?;
        if !resp.status().is_success() {
            return Err(UpstreamError::Status(
                shown(root_url.as_str()),
                resp.status().as_u16(),
            ));
        }
        let body = read_limited(resp, MAX_METADATA, &root_url).await?;
        let doc: serde_json::Value = serde_json::from_slice(&body)
            .map_err(|_| garbage(&root_url, "its packages.json is not JSON"))?;
        let absolute = |v: Option<&serde_json::Value>| -> Option<String> {
            let text = v?.as_str()?;
            // `%package%` must survive URL parsing unescaped.
            let joined = root_url.join(text).ok()?.to_string();
            Some(joined.replace("%25package%25", "%package%"))
        };
        let metadata_url = absolute(doc.get("metadata-url"))
            .unwrap_or_else(|| format!("{}p2/%package%.json", home.as_str()));
        Ok(Root {
            metadata_url,
            changes_url: absolute(doc.get("metadata-changes-url")),
            advisories_url: absolute(
                doc.get("security-advisories")
                    .and_then(|s| s.get("api-url")),
            ),
        })
    }

    /// One metadata file (`since`: the upstream's Last-Modified we hold).
    pub async fn metadata(
        &self,
        home: &url::Url,
        url: &str,
        auth: &Auth,
        since: Option<&str>,
    ) -> Result<Metadata, UpstreamError> {
        counted(self.fetch_metadata(home, url, auth, since).await)
    }

    async fn fetch_metadata(
        &self,
        home: &url::Url,
        url: &str,
        auth: &Auth,
        since: Option<&str>,
    ) -> Result<Metadata, UpstreamError> {
        let mut headers = HeaderMap::new();
        if let Some(v) = since.and_then(|s| HeaderValue::from_str(s).ok()) {
            headers.insert(header::IF_MODIFIED_SINCE, v);
        }
        let resp = self
            .get(home, url, auth, headers, Some(self.timeout))
            .await?;
        let shown_url = url::Url::parse(url).unwrap_or_else(|_| home.clone());
        match resp.status() {
            StatusCode::NOT_MODIFIED => Ok(Metadata::NotModified),
            StatusCode::NOT_FOUND | StatusCode::GONE => Ok(Metadata::NotFound),
            s if s.is_success() => {
                let last_modified = resp
                    .headers()
                    .get(header::LAST_MODIFIED)
                    .and_then(|v| v.to_str().ok())
                    .map(str::to_string);
                let body = read_limited(resp, MAX_METADATA, &shown_url).await?;
                Ok(Metadata::Found {
                    body,
                    last_modified,
                })
            }
            s => Err(UpstreamError::Status(shown(url), s.as_u16())),
        }
    }

    /// A JSON document (changes feed, advisories) whatever its status, for callers
    /// that read the status themselves.
    pub async fn json(
        &self,
        home: &url::Url,
        url: &str,
        auth: &Auth,
        form: Option<&[(String, String)]>,
    ) -> Result<(u16, serde_json::Value), UpstreamError> {
        let result = self.fetch_json(home, url, auth, form).await;
        // The caller reads the status; a server error is still the upstream failing.
        if let Ok((status, _)) = &result
            && *status >= 500
        {
            metrics().upstream(Outcome::Error);
            return result;
        }
        counted(result)
    }

    async fn fetch_json(
        &self,
        home: &url::Url,
        url: &str,
        auth: &Auth,
        form: Option<&[(String, String)]>,
    ) -> Result<(u16, serde_json::Value), UpstreamError> {
        let resp = match form {
            None => {
                self.get(home, url, auth, HeaderMap::new(), Some(self.timeout))
                    .await?
            }
            Some(pairs) => {
                let target = self.check(home, url).await?;
                let mut req = self.http.post(target.as_str()).timeout(self.timeout);
                req = req
                    .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                    .body(
                        url::form_urlencoded::Serializer::new(String::new())
                            .extend_pairs(pairs)
                            .finish(),
                    );
                if same_origin(home, &target) {
                    req = match auth {
                        Auth::None => req,
                        Auth::Basic(u, p) => req.basic_auth(u, Some(p)),
                        Auth::Bearer(t) => req.bearer_auth(t),
                    };
                }
                req.send().await.map_err(|e| self.failure(&target, e))?
            }
        };
        let status = resp.status().as_u16();
        let shown_url = url::Url::parse(url).unwrap_or_else(|_| home.clone());
        let body = read_limited(resp, MAX_METADATA, &shown_url).await?;
        let doc = serde_json::from_slice(&body)
            .map_err(|_| garbage(&shown_url, "the answer is not JSON"))?;
        Ok((status, doc))
    }

    /// Starts fetching an archive: the response once its headers are in, with its
    /// announced size (refused up front when larger than `max`).
    pub async fn archive(
        &self,
        home: &url::Url,
        url: &str,
        auth: &Auth,
        max: u64,
    ) -> Result<ArchiveStream, UpstreamError> {
        let resp = match self.get(home, url, auth, HeaderMap::new(), None).await {
            Ok(r) => r,
            Err(e) => return counted(Err(e)),
        };
        if !resp.status().is_success() {
            return counted(Err(UpstreamError::Status(
                shown(url),
                resp.status().as_u16(),
            )));
        }
        let size = resp.content_length();
        if size.is_some_and(|s| s > max) {
            return counted(Err(UpstreamError::Refused(format!(
                "the archive at {} is {} bytes, more than the {max} the proxy keeps",
                shown(url),
                size.unwrap_or_default()
            ))));
        }
        Ok(ArchiveStream {
            size,
            max,
            url: shown(url),
            stream: Box::pin(resp.bytes_stream()),
            started: tokio::time::Instant::now(),
            read: 0,
            idle: self.timeout,
            counted: false,
        })
    }
}

/// An archive coming in, chunk by chunk, within its limits.
pub struct ArchiveStream {
    pub size: Option<u64>,
    max: u64,
    url: String,
    stream: futures::stream::BoxStream<'static, Result<Bytes, storage_reqwest::Error>>,
    started: tokio::time::Instant,
    read: u64,
    idle: Duration,
    /// Whether the outcome of the download was counted (once: at its end or failure).
    counted: bool,
}

impl ArchiveStream {
    /// The next chunk; an error when the upstream fails, stalls, drips or sends more
    /// than announced or allowed.
    pub async fn next(&mut self) -> Option<Result<Bytes, UpstreamError>> {
        let next = self.chunk().await;
        if !self.counted {
            match &next {
                None => {
                    self.counted = true;
                    metrics().upstream(Outcome::Ok);
                }
                Some(Err(e)) => {
                    self.counted = true;
                    metrics().upstream(outcome_of(e));
                }
                Some(Ok(_)) => {}
            }
        }
        next
    }

    async fn chunk(&mut self) -> Option<Result<Bytes, UpstreamError>> {
        let chunk = match tokio::time::timeout(self.idle, self.stream.next()).await {
            Err(_) => return Some(Err(UpstreamError::Timeout(self.url.clone()))),
            Ok(None) => {
                if self.size.is_some_and(|s| s != self.read) {
                    return Some(Err(UpstreamError::Garbage(
                        self.url.clone(),
                        "the archive ended before its announced size".into(),
                    )));
                }
                return None;
            }
            Ok(Some(Err(e))) => {
                return Some(Err(UpstreamError::Unreachable(
                    self.url.clone(),
                    e.to_string(),
                )));
            }
            Ok(Some(Ok(c))) => c,
        };
        self.read += chunk.len() as u64;
        if self.read > self.max {
            return Some(Err(UpstreamError::Refused(format!(
                "the archive at {} is larger than the {} bytes the proxy keeps",
                self.url, self.max
            ))));
        }
        let elapsed = self.started.elapsed();
        if elapsed > SLOW_GRACE && self.read < MIN_RATE * elapsed.as_secs() {
            return Some(Err(UpstreamError::Timeout(self.url.clone())));
        }
        Some(Ok(chunk))
    }
}

/// The outcome of an upstream request, counted in the metrics.
fn counted<T>(result: Result<T, UpstreamError>) -> Result<T, UpstreamError> {
    metrics().upstream(match &result {
        Ok(_) => Outcome::Ok,
        Err(e) => outcome_of(e),
    });
    result
}

fn outcome_of(e: &UpstreamError) -> Outcome {
    if e.is_timeout() {
        Outcome::Timeout
    } else {
        Outcome::Error
    }
}

async fn read_limited(resp: Response, max: usize, url: &url::Url) -> Result<Bytes, UpstreamError> {
    if resp.content_length().is_some_and(|l| l > max as u64) {
        return Err(garbage(url, "the answer is too large"));
    }
    let mut out = Vec::new();
    let mut stream = resp.bytes_stream();
    while let Some(chunk) = stream.next().await {
        let chunk = chunk.map_err(|e| {
            if e.is_timeout() {
                UpstreamError::Timeout(shown(url.as_str()))
            } else {
                UpstreamError::Unreachable(shown(url.as_str()), e.to_string())
            }
        })?;
        if out.len() + chunk.len() > max {
            return Err(garbage(url, "the answer is too large"));
        }
        out.extend_from_slice(&chunk);
    }
    Ok(Bytes::from(out))
}

fn garbage(url: &url::Url, why: &str) -> UpstreamError {
    UpstreamError::Garbage(shown(url.as_str()), why.to_string())
}

pub fn same_origin(a: &url::Url, b: &url::Url) -> bool {
    a.scheme() == b.scheme()
        && a.host_str() == b.host_str()
        && a.port_or_known_default() == b.port_or_known_default()
}

/// A URL as logs and messages show it: without credentials or query.
pub fn shown(url: &str) -> String {
    match url::Url::parse(url) {
        Ok(mut u) => {
            let _ = u.set_password(None);
            let _ = u.set_username("");
            u.set_query(None);
            u.to_string()
        }
        Err(_) => url.chars().take(200).collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shown_urls_hide_credentials() {
        assert_eq!(
            shown("https://user:secret@repo.example/p2/a/b.json?token=x"),
            "https://repo.example/p2/a/b.json"
        );
    }

    #[tokio::test]
    async fn urls_named_by_upstreams_are_checked() {
        let settings = Settings::default();
        let client = UpstreamClient::new(&settings).unwrap();
        let home = url::Url::parse("http://127.0.0.1:9/").unwrap();
        // The upstream's own origin is the operator's choice.
        assert!(
            client
                .check(&home, "http://127.0.0.1:9/zip/a")
                .await
                .is_ok()
        );
        for bad in [
            "http://127.0.0.2:9/zip",
            "http://169.254.169.254/latest/meta-data",
            "http://10.0.0.1/x.zip",
            "http://[::1]:9/x",
            "file:///etc/passwd",
            "ftp://example.com/x",
            "http://localhost:9/x",
        ] {
            assert!(client.check(&home, bad).await.is_err(), "{bad}");
        }
    }
}
