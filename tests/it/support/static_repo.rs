//! A static Composer v2 repository on disk and a tiny HTTP server for it: the reference
//! the `composer` harness is self-tested against, and a baseline for benchmarks.
//!
//! The files follow /work/shared/spec/composer-protocol.md: `packages.json` with a
//! `metadata-url`, minified `p2/{name}.json` (tags) and `p2/{name}~dev.json` (branches),
//! and zip dists with one top folder, an absolute URL and the real sha1.

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Component, Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, SystemTime};

use cargoman::archive::{ArchiveOptions, build_zip};
use cargoman::domain::semver::{Stability, normalize, parse_stability};
use cargoman::git::{BlobSource, FileMode, GitError, TreeFile, TreeListing};
use chrono::{DateTime, NaiveDateTime, Utc};
use serde_json::{Map, Value, json};
use sha1::{Digest, Sha1};

/// One package and its versions, in the order they are written to the p2 file
/// (Packagist writes newest first; the minified form depends on this order).
#[derive(Debug, Clone)]
pub struct StaticPackage {
    pub name: String,
    pub versions: Vec<StaticVersion>,
}

/// `version` (e.g. `1.2.0`, `dev-main`, `2.x-dev`), the files of the dist (paths below
/// the top folder), and composer.json fields merged into the metadata (`require`, …).
#[derive(Debug, Clone)]
pub struct StaticVersion {
    pub version: String,
    pub files: Vec<(String, String)>,
    pub extra: Value,
}

impl StaticPackage {
    pub fn new(name: &str) -> Self {
        StaticPackage {
            name: name.to_owned(),
            versions: Vec::new(),
        }
    }

    /// Adds a version with the given files and extra composer.json fields (`json!({})`
    /// for none).
    pub fn version(mut self, version: &str, files: &[(&str, &str)], extra: Value) -> Self {
        self.versions.push(StaticVersion {
            version: version.to_owned(),
            files: files
                .iter()
                .map(|(p, c)| ((*p).to_owned(), (*c).to_owned()))
                .collect(),
            extra,
        });
        self
    }
}

/// Writes the whole repository under `root`, dists linked absolutely on `base_url`
/// (e.g. `http://127.0.0.1:PORT`). Can be called again with new contents: a file whose
/// bytes are unchanged keeps its mtime, a changed one gets a later second, so the
/// server's `Last-Modified` moves forward exactly when content changes.
pub fn write_static_repo(root: &Path, base_url: &str, packages: &[StaticPackage]) {
    let base_url = base_url.trim_end_matches('/');
    let names: Vec<&str> = packages.iter().map(|p| p.name.as_str()).collect();
    let root_doc = json!({
        "packages": [],
        "metadata-url": "/p2/%package%.json",
        "available-packages": names,
    });
    write_if_changed(&root.join("packages.json"), &to_bytes(&root_doc));
    for package in packages {
        write_package(root, base_url, package);
    }
}

fn write_package(root: &Path, base_url: &str, package: &StaticPackage) {
    let (mut tags, mut branches) = (Vec::new(), Vec::new());
    for version in &package.versions {
        let metadata = version_metadata(root, base_url, &package.name, version);
        match parse_stability(&version.version) {
            Stability::Dev => branches.push(metadata),
            _ => tags.push(metadata),
        }
    }
    // Both files always exist: a hosted name answers even with no versions.
    for (suffix, versions) in [("", tags), ("~dev", branches)] {
        let doc = json!({
            "packages": { package.name.to_lowercase(): minify(&versions) },
            "minified": "composer/2.0",
        });
        let path = root.join(format!("p2/{}{suffix}.json", package.name.to_lowercase()));
        write_if_changed(&path, &to_bytes(&doc));
    }
}

/// The expanded metadata of one version; writes its zip on the way.
fn version_metadata(root: &Path, base_url: &str, name: &str, version: &StaticVersion) -> Value {
    let normalized = normalize(&version.version)
        .unwrap_or_else(|e| panic!("{name} {}: not a version: {e}", version.version));
    let reference = content_reference(name, version);
    let top = format!("{}-{}", name.replace('/', "-"), &reference[..7]);
    let (zip, sha1) = build_dist(&top, name, version);
    let rel = format!("dists/{name}/{}-{reference}.zip", version.version);
    write_if_changed(&root.join(&rel), &zip);
    let mut meta = json!({
        "name": name,
        "version": version.version,
        "version_normalized": normalized,
        "dist": {
            "type": "zip",
            "url": format!("{base_url}/{rel}"),
            "reference": reference,
            "shasum": sha1,
        },
        "time": "2024-01-02T03:04:05+00:00",
    });
    if let (Some(meta), Some(extra)) = (meta.as_object_mut(), version.extra.as_object()) {
        meta.extend(extra.clone());
    }
    meta
}

/// A stand-in for the commit id: the sha1 of everything that makes up the version, so
/// a changed version gets a new reference and dist URL, as a new commit would.
fn content_reference(name: &str, version: &StaticVersion) -> String {
    let mut hasher = Sha1::new();
    for part in [name, &version.version, &version.extra.to_string()] {
        hasher.update(part.as_bytes());
        hasher.update([0]);
    }
    for (path, content) in &version.files {
        hasher.update(path.as_bytes());
        hasher.update([0]);
        hasher.update(content.as_bytes());
        hasher.update([0]);
    }
    hex::encode(hasher.finalize())
}

/// Blobs of an in-memory file list; ids are indexes into it.
struct MemBlobs(Vec<Vec<u8>>);

impl BlobSource for MemBlobs {
    fn read_blob(&self, id: &str, _limit: u64) -> Result<Vec<u8>, GitError> {
        Ok(id
            .parse::<usize>()
            .ok()
            .and_then(|i| self.0.get(i).cloned())
            .unwrap_or_default())
    }
}

/// The zip (built by cargoman's own deterministic archiver) and its sha1. A
/// composer.json naming the package is added unless the files bring their own.
pub fn build_dist(top: &str, name: &str, version: &StaticVersion) -> (Vec<u8>, String) {
    let mut files = version.files.clone();
    if !files.iter().any(|(p, _)| p == "composer.json") {
        let mut manifest = json!({ "name": name });
        if let (Some(m), Some(extra)) = (manifest.as_object_mut(), version.extra.as_object()) {
            m.extend(extra.clone());
        }
        files.push(("composer.json".into(), to_string_pretty(&manifest)));
    }
    let listing = TreeListing {
        files: (0..files.len())
            .map(|i| TreeFile {
                path: files[i].0.clone(),
                mode: FileMode::Regular,
                id: i.to_string(),
            })
            .collect(),
        skipped: Vec::new(),
    };
    let blobs = MemBlobs(files.into_iter().map(|(_, c)| c.into_bytes()).collect());
    let mut out = Vec::new();
    let info = build_zip(
        &listing,
        &blobs,
        &ArchiveOptions::new(top, 1_700_000_000),
        &mut out,
    )
    .expect("build the dist zip");
    (out, info.sha1)
}

/// Composer's `MetadataMinifier::minify`: the first version whole, then for each next
/// one only the keys that differ from the previous expanded version, and `"__unset"`
/// for keys it no longer has.
pub fn minify(versions: &[Value]) -> Vec<Value> {
    let mut out = Vec::with_capacity(versions.len());
    let mut last: Option<Map<String, Value>> = None;
    for version in versions {
        let current = version.as_object().cloned().unwrap_or_default();
        let Some(previous) = last.as_mut() else {
            out.push(version.clone());
            last = Some(current);
            continue;
        };
        let mut diff = Map::new();
        for (key, value) in &current {
            if previous.get(key) != Some(value) {
                diff.insert(key.clone(), value.clone());
                previous.insert(key.clone(), value.clone());
            }
        }
        previous.retain(|key, _| {
            let keep = current.contains_key(key);
            if !keep {
                diff.insert(key.clone(), json!("__unset"));
            }
            keep
        });
        out.push(Value::Object(diff));
    }
    out
}

fn to_bytes(value: &Value) -> Vec<u8> {
    serde_json::to_vec(value).expect("serialize JSON")
}

fn to_string_pretty(value: &Value) -> String {
    serde_json::to_string_pretty(value).expect("serialize JSON")
}

/// Writes `bytes` unless the file already holds them; a rewrite gets an mtime at
/// least one second past the old one (HTTP dates have one-second resolution).
fn write_if_changed(path: &Path, bytes: &[u8]) {
    let old = std::fs::read(path).ok();
    if old.as_deref() == Some(bytes) {
        return;
    }
    let old_mtime = std::fs::metadata(path).and_then(|m| m.modified()).ok();
    std::fs::create_dir_all(path.parent().expect("a parent folder")).expect("create folder");
    std::fs::write(path, bytes).unwrap_or_else(|e| panic!("write {}: {e}", path.display()));
    if let Some(old_mtime) = old_mtime {
        let next = (old_mtime + Duration::from_secs(1)).max(SystemTime::now());
        let file = std::fs::File::options()
            .write(true)
            .open(path)
            .expect("reopen");
        file.set_modified(next).expect("set mtime");
    }
}

/// One request as the server saw it.
#[derive(Debug, Clone)]
pub struct LoggedRequest {
    pub method: String,
    pub path: String,
    pub status: u16,
    pub authorization: Option<String>,
    pub if_modified_since: Option<String>,
}

/// Serves a folder at `http://127.0.0.1:PORT/` from a background thread, with
/// `Last-Modified`/`If-Modified-Since` (304) and an optional required `Authorization`.
pub struct StaticServer {
    addr: SocketAddr,
    shared: Arc<Shared>,
    stop: Arc<AtomicBool>,
    accept_thread: Option<JoinHandle<()>>,
}

struct Shared {
    root: PathBuf,
    /// The exact `Authorization` header value required, if any.
    auth: Mutex<Option<String>>,
    log: Mutex<Vec<LoggedRequest>>,
}

impl StaticServer {
    pub fn start(root: &Path) -> StaticServer {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind a loopback port");
        let addr = listener.local_addr().expect("local address");
        let shared = Arc::new(Shared {
            root: root.to_owned(),
            auth: Mutex::new(None),
            log: Mutex::new(Vec::new()),
        });
        let stop = Arc::new(AtomicBool::new(false));
        let (thread_shared, thread_stop) = (shared.clone(), stop.clone());
        let accept_thread = std::thread::spawn(move || {
            for stream in listener.incoming() {
                if thread_stop.load(Ordering::SeqCst) {
                    break;
                }
                let Ok(stream) = stream else { continue };
                let shared = thread_shared.clone();
                std::thread::spawn(move || {
                    let _ = handle(stream, &shared);
                });
            }
        });
        StaticServer {
            addr,
            shared,
            stop,
            accept_thread: Some(accept_thread),
        }
    }

    /// `http://127.0.0.1:PORT` (no trailing slash): the repository URL and dist base.
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// From now on, require HTTP Basic with these credentials.
    pub fn require_basic(&self, username: &str, password: &str) {
        *self.shared.auth.lock().unwrap() = Some(super::basic_auth(username, password));
    }

    /// From now on, require `Authorization: Bearer <token>`.
    pub fn require_bearer(&self, token: &str) {
        *self.shared.auth.lock().unwrap() = Some(format!("Bearer {token}"));
    }

    pub fn allow_anonymous(&self) {
        *self.shared.auth.lock().unwrap() = None;
    }

    /// Every request answered so far, oldest first.
    pub fn requests(&self) -> Vec<LoggedRequest> {
        self.shared.log.lock().unwrap().clone()
    }

    pub fn clear_log(&self) {
        self.shared.log.lock().unwrap().clear();
    }
}

impl Drop for StaticServer {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        // Wake the blocking accept so the thread sees the flag.
        let _ = TcpStream::connect_timeout(&self.addr, Duration::from_secs(1));
        if let Some(thread) = self.accept_thread.take() {
            let _ = thread.join();
        }
    }
}

/// Answers one request and closes the connection (keeps the HTTP handling minimal).
fn handle(stream: TcpStream, shared: &Shared) -> std::io::Result<()> {
    stream.set_read_timeout(Some(Duration::from_secs(30)))?;
    let mut reader = BufReader::new(stream.try_clone()?);
    let Some((method, path, headers)) = read_head(&mut reader)? else {
        return Ok(()); // the wake-up connection of Drop
    };
    if let Some(len) = headers.get("content-length").and_then(|v| v.parse().ok()) {
        let mut body = vec![0; len]; // e.g. a notify POST: read and ignore
        reader.read_exact(&mut body)?;
    }
    let (status, extra_headers, body) = respond(shared, &method, &path, &headers);
    shared.log.lock().unwrap().push(LoggedRequest {
        method: method.clone(),
        path,
        status,
        authorization: headers.get("authorization").cloned(),
        if_modified_since: headers.get("if-modified-since").cloned(),
    });
    let mut head = format!("HTTP/1.1 {status} {}\r\n", reason(status));
    for (name, value) in extra_headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str(&format!(
        "Content-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    ));
    let mut stream = stream;
    stream.write_all(head.as_bytes())?;
    if method != "HEAD" {
        stream.write_all(&body)?;
    }
    stream.flush()
}

type Head = (String, String, HashMap<String, String>);

fn read_head(reader: &mut BufReader<TcpStream>) -> std::io::Result<Option<Head>> {
    let mut line = String::new();
    if reader.read_line(&mut line)? == 0 {
        return Ok(None);
    }
    let mut parts = line.split_whitespace();
    let (Some(method), Some(target)) = (parts.next(), parts.next()) else {
        return Ok(None);
    };
    let path = target.split('?').next().unwrap_or(target).to_owned();
    let mut headers = HashMap::new();
    loop {
        let mut header = String::new();
        if reader.read_line(&mut header)? == 0 || header.trim_end().is_empty() {
            break;
        }
        if let Some((name, value)) = header.trim_end().split_once(':') {
            headers.insert(name.trim().to_ascii_lowercase(), value.trim().to_owned());
        }
    }
    Ok(Some((method.to_owned(), path, headers)))
}

type Response = (u16, Vec<(&'static str, String)>, Vec<u8>);

fn respond(
    shared: &Shared,
    method: &str,
    path: &str,
    headers: &HashMap<String, String>,
) -> Response {
    let expected = shared.auth.lock().unwrap().clone();
    if let Some(expected) = expected
        && headers.get("authorization") != Some(&expected)
    {
        let challenge = ("WWW-Authenticate", "Basic realm=\"static\"".to_owned());
        return (401, vec![challenge], Vec::new());
    }
    if method == "POST" {
        return (200, Vec::new(), b"{}".to_vec());
    }
    let Some(file) = resolve(&shared.root, path) else {
        return (404, Vec::new(), Vec::new());
    };
    let Ok(modified) = std::fs::metadata(&file).and_then(|m| m.modified()) else {
        return (404, Vec::new(), Vec::new());
    };
    let modified: DateTime<Utc> = modified.into();
    let last_modified = modified.format("%a, %d %b %Y %H:%M:%S GMT").to_string();
    let not_modified = headers
        .get("if-modified-since")
        .and_then(|v| NaiveDateTime::parse_from_str(v, "%a, %d %b %Y %H:%M:%S GMT").ok())
        .is_some_and(|since| modified.timestamp() <= since.and_utc().timestamp());
    let mut out_headers = vec![("Last-Modified", last_modified)];
    if not_modified {
        return (304, out_headers, Vec::new());
    }
    let content_type = if path.ends_with(".json") {
        "application/json"
    } else {
        "application/zip"
    };
    out_headers.push(("Content-Type", content_type.to_owned()));
    match std::fs::read(&file) {
        Ok(body) => (200, out_headers, body),
        Err(_) => (404, Vec::new(), Vec::new()),
    }
}

/// The file under `root` for a URL path, refusing anything that could leave `root`.
fn resolve(root: &Path, url_path: &str) -> Option<PathBuf> {
    let relative = Path::new(url_path.trim_start_matches('/'));
    let safe = relative
        .components()
        .all(|c| matches!(c, Component::Normal(_)));
    let path = root.join(relative);
    (safe && path.is_file()).then_some(path)
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        304 => "Not Modified",
        401 => "Unauthorized",
        _ => "Not Found",
    }
}

#[test]
fn minify_keeps_the_first_version_and_diffs_the_rest() {
    let versions = [
        json!({"name": "a/b", "version": "2.0.0", "description": "two"}),
        json!({"name": "a/b", "version": "1.1.0", "description": "two", "suggest": {"x/y": "z"}}),
        json!({"name": "a/b", "version": "1.0.0", "description": "one"}),
    ];
    assert_eq!(
        minify(&versions),
        vec![
            versions[0].clone(),
            json!({"version": "1.1.0", "suggest": {"x/y": "z"}}),
            json!({"version": "1.0.0", "description": "one", "suggest": "__unset"}),
        ]
    );
}
