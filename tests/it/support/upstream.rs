//! A fake Packagist on a loopback port: the upstream that cargoman's Packagist proxy is
//! tested against, speaking repo.packagist.org's real formats (checked against
//! composer/packagist's `V2Dumper`, `PackageController::metadataChangesAction` and
//! `ApiController::securityAdvisoryAction`, and proven with the real `composer` client
//! in this file's self-tests).
//!
//! What it serves:
//! - `/packages.json`: Packagist's root (`metadata-url`, `metadata-changes-url`,
//!   `security-advisories`, `notify-batch`, …), optionally without the changes feed
//!   (a Satis-like repository) or with the metadata under another path.
//! - `/p2/{name}.json` (tags, newest first, with `security-advisories` summaries) and
//!   `/p2/{name}~dev.json` (branches): minified, `Last-Modified` on each, 304 on
//!   `If-Modified-Since`, 404 for unknown names. Dists point at `/zipball/…/{reference}`
//!   with an empty shasum, as GitHub zipballs on Packagist do.
//! - `/metadata/changes.json?since=N`: Packagist's change feed (times in 1/10000 s).
//! - `/api/security-advisories/`: the full advisories of the names asked (GET or POST).
//! - `/zipball/{vendor}/{name}/{reference}`: a deterministic zip with one top folder.
//!
//! Failure modes ([`Mode`]) switch at run time: refused connections, a hang, 500s,
//! garbage, a slow drip; plus Basic auth, dist URLs pointing elsewhere, a huge archive
//! streamed from nothing and a redirect loop.

use std::collections::{BTreeMap, HashMap};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{Shutdown, SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::thread::JoinHandle;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use cargoman::domain::semver::{Stability, normalize, parse_stability, php_version_compare};
use chrono::{DateTime, NaiveDateTime, Utc};
use serde_json::{Map, Value, json};
use sha1::{Digest, Sha1};

use super::static_repo::{StaticVersion, build_dist, minify};

/// The release time a version gets unless told otherwise.
pub const DEFAULT_TIME: &str = "2024-01-15T10:00:00+00:00";

/// The default `metadata-url` of the root, as Packagist's (path-only here).
pub const DEFAULT_METADATA_URL: &str = "/p2/%package%.json";

/// Packagist refuses any `since` older than this (2020-03-24, in 1/10000 s) with a 400.
pub const CHANGES_EPOCH: u64 = 15_850_612_240_000;

/// How the server behaves; see [`FakeUpstream::set_mode`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Answers as Packagist does.
    Normal,
    /// The listener is closed: connections are refused (and open ones are cut).
    Refuse,
    /// Accepts and reads requests, never answers.
    Hang,
    /// 500 to everything.
    Error500,
    /// 200 with a body that is not JSON (a broken zip for zipballs).
    Garbage,
    /// The normal answer, one byte per second.
    SlowDrip,
}

/// One version to publish: [`UpstreamVersion::new`] and the builder methods.
#[derive(Debug, Clone)]
pub struct UpstreamVersion {
    /// As tagged: `1.2.0`, `v2.0.0-beta1`, or a branch `dev-main`, `2.x-dev`.
    pub version: String,
    /// Release time, RFC 3339.
    pub time: String,
    /// The git commit; `None` derives one from name and version.
    pub reference: Option<String>,
    /// `require` of the version (also written into the zip's composer.json).
    pub require: Map<String, Value>,
    /// Files of the dist below the top folder; none gives `src/Hello.php` (a class
    /// whose `VERSION` constant names the version).
    pub files: Vec<(String, String)>,
    /// More composer.json fields (`require-dev`, `extra`, `bin`, …) or overrides of the
    /// defaults (`type`, `autoload`, `license`), in metadata and zip alike.
    pub fields: Map<String, Value>,
}

impl UpstreamVersion {
    pub fn new(version: &str) -> Self {
        UpstreamVersion {
            version: version.to_owned(),
            time: DEFAULT_TIME.to_owned(),
            reference: None,
            require: Map::new(),
            files: Vec::new(),
            fields: Map::new(),
        }
    }

    pub fn time(mut self, rfc3339: &str) -> Self {
        self.time = rfc3339.to_owned();
        self
    }

    pub fn reference(mut self, reference: &str) -> Self {
        self.reference = Some(reference.to_owned());
        self
    }

    pub fn require(mut self, package: &str, constraint: &str) -> Self {
        self.require.insert(package.to_owned(), json!(constraint));
        self
    }

    pub fn file(mut self, path: &str, content: &str) -> Self {
        self.files.push((path.to_owned(), content.to_owned()));
        self
    }

    pub fn field(mut self, key: &str, value: Value) -> Self {
        self.fields.insert(key.to_owned(), value);
        self
    }
}

/// One request as the server saw it.
#[derive(Debug, Clone)]
pub struct UpstreamRequest {
    pub method: String,
    /// The path without the query, e.g. `/p2/acme/lib.json`.
    pub path: String,
    /// The raw query string (without `?`), if any.
    pub query: Option<String>,
    /// The status answered; 0 when the request was never answered ([`Mode::Hang`]).
    pub status: u16,
    pub if_modified_since: Option<String>,
    pub authorization: Option<String>,
    pub user_agent: Option<String>,
    /// Every header, names lowercased, in the order received.
    pub headers: Vec<(String, String)>,
    /// The request body (e.g. the advisories form POST), lossily decoded.
    pub body: String,
}

impl UpstreamRequest {
    /// The first header of that (lowercase) name.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

/// A fake repo.packagist.org on `http://127.0.0.1:PORT`, served from background
/// threads (one per connection, HTTP/1.1 keep-alive) until dropped.
pub struct FakeUpstream {
    addr: SocketAddr,
    shared: Arc<Shared>,
    acceptor: Mutex<Option<Acceptor>>,
}

impl FakeUpstream {
    /// Starts an empty upstream on a free loopback port.
    pub fn start() -> FakeUpstream {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind a loopback port");
        let addr = listener.local_addr().expect("local address");
        let base_url = format!("http://{addr}");
        let shared = Arc::new(Shared {
            state: Mutex::new(State {
                base_url: base_url.clone(),
                packages: BTreeMap::new(),
                files: HashMap::new(),
                events: Vec::new(),
                last_tick: 0,
                oldest_sync_point: CHANGES_EPOCH,
                changes_feed: true,
                metadata_url: DEFAULT_METADATA_URL.to_owned(),
                root_modified: now_secs(),
                auth: None,
                advisory_seq: 0,
                moves: 0,
            }),
            mode: Mutex::new(Mode::Normal),
            stopped: AtomicBool::new(false),
            log: Mutex::new(Vec::new()),
            conns: Mutex::new(HashMap::new()),
            next_conn: AtomicU64::new(0),
        });
        let acceptor = Acceptor::spawn(listener, shared.clone());
        FakeUpstream {
            addr,
            shared,
            acceptor: Mutex::new(Some(acceptor)),
        }
    }

    /// `http://127.0.0.1:PORT` (no trailing slash): what to configure as the upstream.
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    // ----- packages -------------------------------------------------------------------

    /// Publishes `version` of `name` (a tag or a branch) released at `time` (RFC 3339)
    /// and returns its reference. See [`Self::publish_version`].
    pub fn publish(&self, name: &str, version: &str, time: &str) -> String {
        self.publish_version(name, UpstreamVersion::new(version).time(time))
    }

    /// Publishes a version (replacing one with the same version string), creating the
    /// package if needed; the files that change get a later `Last-Modified` and an
    /// `update` action in the change feed. Returns the version's reference.
    pub fn publish_version(&self, name: &str, version: UpstreamVersion) -> String {
        let name = checked_name(name);
        let normalized = normalize(&version.version)
            .unwrap_or_else(|e| panic!("{name} {}: not a version: {e}", version.version));
        DateTime::parse_from_rfc3339(&version.time)
            .unwrap_or_else(|e| panic!("{name} {}: time is not RFC 3339: {e}", version.version));
        let reference = version
            .reference
            .clone()
            .unwrap_or_else(|| derived_reference(&name, &version.version));
        let mut state = self.shared.state();
        let package = state
            .packages
            .entry(name.clone())
            .or_insert_with(|| Package {
                name: name.clone(),
                description: format!("The {name} package"),
                versions: Vec::new(),
                advisories: Vec::new(),
            });
        let entry = Version {
            spec: version,
            normalized,
            reference: reference.clone(),
            old_references: Vec::new(),
            dist_url: None,
            huge: None,
            redirect_loop: false,
        };
        match package
            .versions
            .iter_mut()
            .find(|v| v.spec.version == entry.spec.version)
        {
            Some(old) => {
                let mut entry = entry;
                entry.old_references = std::mem::take(&mut old.old_references);
                if old.reference != entry.reference {
                    entry.old_references.push(old.reference.clone());
                }
                *old = entry;
            }
            None => package.versions.push(entry),
        }
        state.refresh(&name);
        reference
    }

    /// Removes one version (as a deleted tag would).
    pub fn remove_version(&self, name: &str, version: &str) {
        self.change(name, |p| {
            let before = p.versions.len();
            p.versions.retain(|v| v.spec.version != version);
            assert_ne!(before, p.versions.len(), "{name} has no version {version}");
        });
    }

    pub fn set_description(&self, name: &str, description: &str) {
        self.change(name, |p| p.description = description.to_owned());
    }

    /// Replaces `require` of one version.
    pub fn set_require(&self, name: &str, version: &str, require: &[(&str, &str)]) {
        self.change_version(name, version, |v| {
            v.spec.require = require
                .iter()
                .map(|(p, c)| ((*p).to_owned(), json!(c)))
                .collect();
        });
    }

    /// Changes the release time of one version.
    pub fn set_time(&self, name: &str, version: &str, time: &str) {
        DateTime::parse_from_rfc3339(time).expect("an RFC 3339 time");
        self.change_version(name, version, |v| v.spec.time = time.to_owned());
    }

    /// Points the version at another commit (a moved tag). The old reference's zipball
    /// keeps working, as GitHub keeps old commits.
    pub fn set_reference(&self, name: &str, version: &str, reference: &str) {
        self.change_version(name, version, |v| {
            if v.reference != reference {
                let old = std::mem::replace(&mut v.reference, reference.to_owned());
                v.old_references.push(old);
            }
        });
    }

    /// Moves the tag to a new (deterministic) commit and returns the new reference.
    pub fn move_tag(&self, name: &str, version: &str) -> String {
        let moves = {
            let mut state = self.shared.state();
            state.moves += 1;
            state.moves
        };
        let reference = sha1_hex(&[name, version, "moved", &moves.to_string()]);
        self.set_reference(name, version, &reference);
        reference
    }

    /// The current reference (commit) of a version.
    pub fn reference(&self, name: &str, version: &str) -> String {
        self.read_version(name, version, |_, v| v.reference.clone())
    }

    /// Deletes the package: its files answer 404 and the feed gets a `delete` action.
    pub fn delete_package(&self, name: &str) {
        let name = name.to_lowercase();
        let mut state = self.shared.state();
        assert!(
            state.packages.remove(&name).is_some(),
            "no package {name} to delete"
        );
        state.files.remove(&name);
        state.files.remove(&format!("{name}~dev"));
        let tick = state.tick();
        state.events.push(Event {
            tick,
            package: name,
            delete: true,
        });
    }

    /// Adds a security advisory for `name` covering `affected_versions` (a Composer
    /// constraint such as `>=1.0,<1.1`) and returns its `PKSA-…` id. The tags file gets
    /// the summary (so it changes), the advisories API the full record.
    pub fn add_advisory(&self, name: &str, affected_versions: &str) -> String {
        let name = name.to_lowercase();
        let mut state = self.shared.state();
        state.advisory_seq += 1;
        let n = state.advisory_seq;
        let id = format!("PKSA-{}", hyphenated(&sha1_hex(&["pksa", &n.to_string()])));
        let ghsa = format!("GHSA-{}", hyphenated(&sha1_hex(&["ghsa", &n.to_string()])));
        let advisory = json!({
            "advisoryId": id,
            "packageName": name,
            "remoteId": ghsa,
            "title": format!("Security issue {n} in {name}"),
            "link": format!("https://github.com/advisories/{ghsa}"),
            "cve": format!("CVE-2024-{}", 10000 + n),
            "affectedVersions": affected_versions,
            "source": "GitHub",
            "reportedAt": "2024-02-01 12:00:00",
            "composerRepository": "https://packagist.org",
            "severity": "high",
            "sources": [{"name": "GitHub", "remoteId": ghsa}],
        });
        state
            .packages
            .get_mut(&name)
            .unwrap_or_else(|| panic!("no package {name}"))
            .advisories
            .push(advisory);
        state.refresh(&name);
        id
    }

    /// Withdraws an advisory by its `PKSA-…` id.
    pub fn remove_advisory(&self, advisory_id: &str) {
        let mut state = self.shared.state();
        let mut touched = Vec::new();
        for package in state.packages.values_mut() {
            let before = package.advisories.len();
            package
                .advisories
                .retain(|a| a["advisoryId"].as_str() != Some(advisory_id));
            if before != package.advisories.len() {
                touched.push(package.name.clone());
            }
        }
        assert!(!touched.is_empty(), "no advisory {advisory_id}");
        for name in touched {
            state.refresh(&name);
        }
    }

    // ----- the root -------------------------------------------------------------------

    /// Leaves `metadata-changes-url` out of the root (and 404s the feed): a Satis-like
    /// repository that can only be revalidated file by file.
    pub fn without_changes_feed(&self) {
        let mut state = self.shared.state();
        state.changes_feed = false;
        state.touch_root();
    }

    /// Serves the metadata under another `metadata-url` template, e.g.
    /// `/meta/%package%.json` (a path or an absolute URL on this server); the old
    /// path then answers 404, so a client must read the root to find the files.
    pub fn set_metadata_url(&self, template: &str) {
        assert!(template.contains("%package%"), "{template} lacks %package%");
        let mut state = self.shared.state();
        state.metadata_url = template.to_owned();
        state.touch_root();
    }

    /// The path of `name`'s tags file under the current `metadata-url`
    /// (`/p2/acme/lib.json`); add `~dev` to the name for the branches file.
    pub fn metadata_path(&self, name: &str) -> String {
        let state = self.shared.state();
        let (prefix, suffix) = state.metadata_template();
        format!("{prefix}{}{suffix}", name.to_lowercase())
    }

    // ----- freshness and the change feed ----------------------------------------------

    /// Sets the `Last-Modified` of one file: `acme/lib` (tags) or `acme/lib~dev`.
    pub fn set_last_modified(&self, file: &str, time: SystemTime) {
        let mut state = self.shared.state();
        let meta = state
            .files
            .get_mut(&file.to_lowercase())
            .unwrap_or_else(|| panic!("no metadata file {file}"));
        meta.modified = unix_secs(time);
    }

    /// The `Last-Modified` header value of one file (`acme/lib` or `acme/lib~dev`).
    pub fn last_modified(&self, file: &str) -> Option<String> {
        let state = self.shared.state();
        state
            .files
            .get(&file.to_lowercase())
            .map(|f| http_date(f.modified))
    }

    /// The feed's current time (1/10000 s), as its `timestamp` field would say now: a
    /// `since` that lists every later change.
    pub fn changes_timestamp(&self) -> u64 {
        self.shared.state().tick()
    }

    /// Forgets the change history (Packagist's `metadata-oldest` set to now): every
    /// `since` given out so far gets a `resync` action.
    pub fn force_resync(&self) {
        let mut state = self.shared.state();
        state.oldest_sync_point = state.tick();
        let oldest = state.oldest_sync_point;
        state.events.retain(|e| e.tick >= oldest);
    }

    // ----- failure modes and odd dists ------------------------------------------------

    /// Switches the behaviour from now on. `Refuse` closes the listener and cuts open
    /// connections; leaving it binds the same port again.
    pub fn set_mode(&self, mode: Mode) {
        let mut acceptor = lock(&self.acceptor);
        *lock(&self.shared.mode) = mode;
        if mode == Mode::Refuse {
            if let Some(acceptor) = acceptor.take() {
                acceptor.stop(self.addr);
            }
            self.shared.close_connections();
            // Let pooled clients see the FIN before their next request, so it fails
            // with "connection refused" rather than on a cut keep-alive connection.
            std::thread::sleep(Duration::from_millis(100));
        } else if acceptor.is_none() {
            let listener = bind_again(self.addr);
            *acceptor = Some(Acceptor::spawn(listener, self.shared.clone()));
        }
    }

    pub fn mode(&self) -> Mode {
        self.shared.mode()
    }

    /// From now on every request needs HTTP Basic with these credentials (else 401).
    pub fn require_basic(&self, username: &str, password: &str) {
        self.shared.state().auth = Some(super::basic_auth(username, password));
    }

    /// From now on every request needs `Authorization: Bearer <token>`.
    pub fn require_bearer(&self, token: &str) {
        self.shared.state().auth = Some(format!("Bearer {token}"));
    }

    pub fn allow_anonymous(&self) {
        self.shared.state().auth = None;
    }

    /// Makes the version's `dist.url` this URL (e.g. one on a private address).
    pub fn set_dist_url(&self, name: &str, version: &str, url: &str) {
        self.change_version(name, version, |v| v.dist_url = Some(url.to_owned()));
    }

    /// The version's zipball answers `Content-Length: bytes` and streams that many
    /// zeros (never held in memory).
    pub fn huge_archive(&self, name: &str, version: &str, bytes: u64) {
        self.change_version(name, version, |v| v.huge = Some(bytes));
    }

    /// The version's zipball answers 302 to itself, forever.
    pub fn redirect_loop(&self, name: &str, version: &str) {
        self.change_version(name, version, |v| v.redirect_loop = true);
    }

    /// `<url>/zipball/{name}/{reference}` of the version's current reference.
    pub fn zipball_url(&self, name: &str, version: &str) -> String {
        format!("{}{}", self.url(), self.zipball_path(name, version))
    }

    /// `/zipball/{name}/{reference}`, e.g. for [`Self::count`].
    pub fn zipball_path(&self, name: &str, version: &str) -> String {
        self.read_version(name, version, |p, v| zipball_path(&p.name, &v.reference))
    }

    /// The bytes the version's zipball answers (normal mode).
    pub fn zip_bytes(&self, name: &str, version: &str) -> Vec<u8> {
        self.read_version(name, version, |p, v| zip_of(p, v, &v.reference))
    }

    // ----- the request log ------------------------------------------------------------

    /// Every request so far, oldest first.
    pub fn requests(&self) -> Vec<UpstreamRequest> {
        lock(&self.shared.log).clone()
    }

    /// How many requests had a path starting with `path_prefix`.
    pub fn count(&self, path_prefix: &str) -> usize {
        lock(&self.shared.log)
            .iter()
            .filter(|r| r.path.starts_with(path_prefix))
            .count()
    }

    pub fn clear_log(&self) {
        lock(&self.shared.log).clear();
    }

    // ----- helpers --------------------------------------------------------------------

    fn change(&self, name: &str, edit: impl FnOnce(&mut Package)) {
        let name = name.to_lowercase();
        let mut state = self.shared.state();
        edit(
            state
                .packages
                .get_mut(&name)
                .unwrap_or_else(|| panic!("no package {name}")),
        );
        state.refresh(&name);
    }

    fn change_version(&self, name: &str, version: &str, edit: impl FnOnce(&mut Version)) {
        self.change(name, |p| {
            let v = p
                .versions
                .iter_mut()
                .find(|v| v.spec.version == version)
                .unwrap_or_else(|| panic!("{} has no version {version}", p.name));
            edit(v);
        });
    }

    fn read_version<T>(
        &self,
        name: &str,
        version: &str,
        read: impl FnOnce(&Package, &Version) -> T,
    ) -> T {
        let state = self.shared.state();
        let package = state
            .packages
            .get(&name.to_lowercase())
            .unwrap_or_else(|| panic!("no package {name}"));
        let v = package
            .versions
            .iter()
            .find(|v| v.spec.version == version)
            .unwrap_or_else(|| panic!("{name} has no version {version}"));
        read(package, v)
    }
}

impl Drop for FakeUpstream {
    fn drop(&mut self) {
        self.shared.stopped.store(true, Ordering::SeqCst);
        if let Some(acceptor) = lock(&self.acceptor).take() {
            acceptor.stop(self.addr);
        }
        self.shared.close_connections();
    }
}

// ----- state ------------------------------------------------------------------------------

struct Shared {
    state: Mutex<State>,
    mode: Mutex<Mode>,
    stopped: AtomicBool,
    log: Mutex<Vec<UpstreamRequest>>,
    /// Open connections, to cut them on `Refuse` and on drop.
    conns: Mutex<HashMap<u64, TcpStream>>,
    next_conn: AtomicU64,
}

impl Shared {
    fn state(&self) -> MutexGuard<'_, State> {
        lock(&self.state)
    }

    fn mode(&self) -> Mode {
        *lock(&self.mode)
    }

    fn stopped(&self) -> bool {
        self.stopped.load(Ordering::SeqCst)
    }

    fn close_connections(&self) {
        for (_, stream) in lock(&self.conns).drain() {
            let _ = stream.shutdown(Shutdown::Both);
        }
    }
}

struct State {
    base_url: String,
    packages: BTreeMap<String, Package>,
    /// Rendered metadata files by key: `acme/lib` (tags) and `acme/lib~dev`.
    files: HashMap<String, MetaFile>,
    events: Vec<Event>,
    /// The feed's clock (1/10000 s): strictly increasing, never behind the wall clock.
    last_tick: u64,
    /// A `since` below this gets a `resync`.
    oldest_sync_point: u64,
    changes_feed: bool,
    metadata_url: String,
    root_modified: i64,
    /// The exact `Authorization` value required, if any.
    auth: Option<String>,
    advisory_seq: u32,
    moves: u32,
}

struct Package {
    name: String,
    description: String,
    versions: Vec<Version>,
    advisories: Vec<Value>,
}

struct Version {
    spec: UpstreamVersion,
    normalized: String,
    reference: String,
    /// References the version had before (their zipballs still answer).
    old_references: Vec<String>,
    dist_url: Option<String>,
    huge: Option<u64>,
    redirect_loop: bool,
}

struct MetaFile {
    body: Vec<u8>,
    /// Unix seconds.
    modified: i64,
}

struct Event {
    tick: u64,
    /// `acme/lib`, `acme/lib~dev`.
    package: String,
    delete: bool,
}

impl State {
    fn tick(&mut self) -> u64 {
        let wall = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| (d.as_micros() / 100) as u64);
        self.last_tick = wall.max(self.last_tick + 1);
        self.last_tick
    }

    fn touch_root(&mut self) {
        self.root_modified = now_secs().max(self.root_modified + 1);
    }

    /// `metadata-url` split around `%package%`, as a path on this server.
    fn metadata_template(&self) -> (String, String) {
        let template = self
            .metadata_url
            .strip_prefix(&self.base_url)
            .unwrap_or(&self.metadata_url);
        let (prefix, suffix) = template
            .split_once("%package%")
            .expect("metadata-url has %package%");
        (prefix.to_owned(), suffix.to_owned())
    }

    /// Re-renders both files of `name`; each one whose bytes changed gets a later
    /// `Last-Modified` and an `update` event, as Packagist's dumper does.
    fn refresh(&mut self, name: &str) {
        let Some(package) = self.packages.get(name) else {
            return;
        };
        let rendered = render_package(&self.base_url, package);
        for (key, body) in rendered {
            let modified = match self.files.get(&key) {
                Some(old) if old.body == body => continue,
                Some(old) => now_secs().max(old.modified + 1),
                None => now_secs(),
            };
            self.files.insert(key.clone(), MetaFile { body, modified });
            let tick = self.tick();
            self.events.push(Event {
                tick,
                package: key,
                delete: false,
            });
        }
    }

    fn root(&self) -> Value {
        let base = &self.base_url;
        let mut root = json!({
            "packages": [],
            "notify-batch": format!("{base}/downloads/"),
            "providers-url": "/p/%package%$%hash%.json",
            "metadata-url": self.metadata_url,
        });
        let extra = json!({
            "search": format!("{base}/search.json?q=%query%&type=%type%"),
            "list": format!("{base}/packages/list.json"),
            "security-advisories": {
                "metadata": true,
                "api-url": format!("{base}/api/security-advisories/"),
            },
            "providers-api": format!("{base}/providers/%package%.json"),
            "warning-versions": "<1.999",
        });
        let map = root.as_object_mut().expect("an object");
        if self.changes_feed {
            map.insert(
                "metadata-changes-url".into(),
                json!(format!("{base}/metadata/changes.json")),
            );
        }
        map.extend(extra.as_object().expect("an object").clone());
        root
    }

    /// `PackageController::metadataChangesAction`.
    fn changes(&mut self, query: &[(String, String)]) -> (u16, Value) {
        let now = self.tick();
        let since = query
            .iter()
            .find(|(k, _)| k == "since")
            .and_then(|(_, v)| v.parse::<u64>().ok())
            .unwrap_or(0);
        if since < CHANGES_EPOCH {
            let error = format!(
                "Invalid or missing \"since\" query parameter, make sure you store the timestamp at the initial point you started mirroring, then send that to begin receiving changes, e.g. {}/metadata/changes.json?since={now} for example.",
                self.base_url
            );
            return (400, json!({"error": error, "timestamp": now}));
        }
        if since < self.oldest_sync_point {
            let resync = json!({"type": "resync", "time": now / 10000, "package": "*"});
            return (200, json!({"actions": [resync], "timestamp": now}));
        }
        // One action per file, the latest winning; a delete replaces the package's
        // updates (and its ~dev), an update after the delete replaces it again.
        let mut actions: Vec<(String, Value)> = Vec::new();
        for event in self
            .events
            .iter()
            .filter(|e| e.tick >= since && e.tick < now)
        {
            let time = event.tick / 10000;
            if event.delete {
                let dev = format!("{}~dev", event.package);
                actions.retain(|(k, _)| *k != event.package && *k != dev);
                let action = json!({"type": "delete", "package": event.package, "time": time});
                actions.push((event.package.clone(), action));
            } else {
                actions.retain(|(k, _)| *k != event.package);
                let action = json!({"type": "update", "package": event.package, "time": time});
                actions.push((event.package.clone(), action));
            }
        }
        let actions: Vec<Value> = actions.into_iter().map(|(_, a)| a).collect();
        (200, json!({"actions": actions, "timestamp": now}))
    }

    /// `ApiController::securityAdvisoryAction`: the advisories of the names asked, and
    /// `[]` for asked names that exist without any; unknown names are left out.
    fn advisories(&self, params: &[(String, String)]) -> (u16, Value) {
        let names: Vec<&str> = params
            .iter()
            .filter(|(k, _)| k == "packages" || k.starts_with("packages["))
            .map(|(_, v)| v.as_str())
            .filter(|v| !v.is_empty())
            .collect();
        let updated_since = params.iter().any(|(k, _)| k == "updatedSince");
        if names.is_empty() && !updated_since {
            let message = "Missing array of package names as the \"packages\" parameter";
            return (400, json!({"status": "error", "message": message}));
        }
        let mut out = Map::new();
        let wanted: Vec<&Package> = if names.is_empty() {
            self.packages.values().collect()
        } else {
            names
                .iter()
                .filter_map(|n| self.packages.get(&n.to_lowercase()))
                .collect()
        };
        for package in wanted {
            if names.is_empty() && package.advisories.is_empty() {
                continue;
            }
            out.insert(package.name.clone(), json!(package.advisories));
        }
        // PHP's json_encode writes an empty array as `[]`, not `{}`.
        let advisories = if out.is_empty() {
            json!([])
        } else {
            Value::Object(out)
        };
        (200, json!({"advisories": advisories}))
    }
}

// ----- rendering --------------------------------------------------------------------------

/// The tags file and the branches file of a package, as Packagist's `V2Dumper` writes them.
fn render_package(base_url: &str, package: &Package) -> [(String, Vec<u8>); 2] {
    let (mut tags, mut branches): (Vec<&Version>, Vec<&Version>) = package
        .versions
        .iter()
        .partition(|v| parse_stability(&v.spec.version) != Stability::Dev);
    let newest_first =
        |a: &&Version, b: &&Version| php_version_compare(&b.normalized, &a.normalized).cmp(&0);
    tags.sort_by(newest_first);
    branches.sort_by(newest_first);
    let file = |versions: &[&Version], advisories: Option<Vec<Value>>| {
        let expanded: Vec<Value> = versions
            .iter()
            .map(|v| version_metadata(base_url, package, v))
            .collect();
        let mut doc = json!({
            "minified": "composer/2.0",
            "packages": { package.name.clone(): minify(&expanded) },
        });
        if let Some(advisories) = advisories {
            doc["security-advisories"] = json!(advisories);
        }
        serde_json::to_vec(&doc).expect("serialize JSON")
    };
    let summaries = package
        .advisories
        .iter()
        .map(|a| json!({"advisoryId": a["advisoryId"], "affectedVersions": a["affectedVersions"]}))
        .collect();
    [
        (package.name.clone(), file(&tags, Some(summaries))),
        (format!("{}~dev", package.name), file(&branches, None)),
    ]
}

/// The composer.json fields of a version (without `name`), defaults first.
fn manifest_fields(package: &Package, version: &Version) -> Map<String, Value> {
    let mut fields = Map::new();
    fields.insert("description".into(), json!(package.description));
    fields.insert("license".into(), json!(["MIT"]));
    fields.insert("type".into(), json!("library"));
    fields.insert(
        "autoload".into(),
        json!({"psr-4": {format!("{}\\", namespace(&package.name)): "src/"}}),
    );
    if !version.spec.require.is_empty() {
        fields.insert(
            "require".into(),
            Value::Object(version.spec.require.clone()),
        );
    }
    fields.extend(version.spec.fields.clone());
    fields
}

/// The expanded metadata of one version, in Packagist's key order.
fn version_metadata(base_url: &str, package: &Package, version: &Version) -> Value {
    let fields = manifest_fields(package, version);
    let dist_url = version.dist_url.clone().unwrap_or_else(|| {
        format!(
            "{base_url}{}",
            zipball_path(&package.name, &version.reference)
        )
    });
    let mut meta = Map::new();
    meta.insert("name".into(), json!(package.name));
    meta.insert("description".into(), fields["description"].clone());
    meta.insert("version".into(), json!(version.spec.version));
    meta.insert("version_normalized".into(), json!(version.normalized));
    meta.insert("license".into(), fields["license"].clone());
    meta.insert(
        "source".into(),
        json!({
            "type": "git",
            "url": format!("https://github.com/{}.git", package.name),
            "reference": version.reference,
        }),
    );
    meta.insert(
        "dist".into(),
        json!({
            "type": "zip",
            "url": dist_url,
            "reference": version.reference,
            "shasum": "",
        }),
    );
    meta.insert("type".into(), fields["type"].clone());
    meta.insert("time".into(), json!(version.spec.time));
    for (key, value) in fields {
        meta.entry(key).or_insert(value);
    }
    Value::Object(meta)
}

fn zipball_path(name: &str, reference: &str) -> String {
    format!("/zipball/{name}/{reference}")
}

/// The zip of a version for one of its references: top folder
/// `vendor-name-<short ref>`, deterministic bytes.
fn zip_of(package: &Package, version: &Version, reference: &str) -> Vec<u8> {
    let short = reference.get(..7).unwrap_or(reference);
    let top = format!("{}-{short}", package.name.replace('/', "-"));
    let files = if version.spec.files.is_empty() {
        let php = format!(
            "<?php\n\nnamespace {};\n\nfinal class Hello\n{{\n    public const VERSION = '{}';\n}}\n",
            namespace(&package.name),
            version.spec.version
        );
        vec![("src/Hello.php".to_owned(), php)]
    } else {
        version.spec.files.clone()
    };
    let static_version = StaticVersion {
        version: version.spec.version.clone(),
        files,
        extra: Value::Object(manifest_fields(package, version)),
    };
    build_dist(&top, &package.name, &static_version).0
}

/// `acme/my-lib` → `Acme\MyLib`.
fn namespace(name: &str) -> String {
    name.split('/')
        .map(|part| {
            part.split(['-', '_', '.'])
                .map(|word| {
                    let mut chars = word.chars();
                    chars.next().map_or_else(String::new, |first| {
                        first.to_uppercase().chain(chars).collect()
                    })
                })
                .collect::<String>()
        })
        .collect::<Vec<_>>()
        .join("\\")
}

fn checked_name(name: &str) -> String {
    let name = name.to_lowercase();
    let valid =
        regex::Regex::new(r"^[a-z0-9]([_.-]?[a-z0-9]+)*/[a-z0-9](([_.]|-{1,2})?[a-z0-9]+)*$")
            .expect("name regex")
            .is_match(&name);
    assert!(valid, "{name} is not a Composer package name");
    name
}

fn derived_reference(name: &str, version: &str) -> String {
    sha1_hex(&[name, version])
}

fn sha1_hex(parts: &[&str]) -> String {
    let mut hasher = Sha1::new();
    for part in parts {
        hasher.update(part.as_bytes());
        hasher.update([0]);
    }
    hex::encode(hasher.finalize())
}

/// `abcd-efgh-ijkl` from the first 12 hex digits.
fn hyphenated(hex: &str) -> String {
    format!("{}-{}-{}", &hex[..4], &hex[4..8], &hex[8..12])
}

fn now_secs() -> i64 {
    unix_secs(SystemTime::now())
}

fn unix_secs(time: SystemTime) -> i64 {
    DateTime::<Utc>::from(time).timestamp()
}

fn http_date(secs: i64) -> String {
    DateTime::from_timestamp(secs, 0)
        .unwrap_or_default()
        .format("%a, %d %b %Y %H:%M:%S GMT")
        .to_string()
}

fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|e| e.into_inner())
}

// ----- the listener -----------------------------------------------------------------------

struct Acceptor {
    stop: Arc<AtomicBool>,
    thread: JoinHandle<()>,
}

impl Acceptor {
    fn spawn(listener: TcpListener, shared: Arc<Shared>) -> Acceptor {
        let stop = Arc::new(AtomicBool::new(false));
        let thread_stop = stop.clone();
        let thread = std::thread::spawn(move || {
            for stream in listener.incoming() {
                if thread_stop.load(Ordering::SeqCst) {
                    break;
                }
                let Ok(stream) = stream else { continue };
                let shared = shared.clone();
                std::thread::spawn(move || serve_connection(stream, &shared));
            }
        });
        Acceptor { stop, thread }
    }

    /// Stops accepting and closes the listener (joins the thread that owns it).
    fn stop(self, addr: SocketAddr) {
        self.stop.store(true, Ordering::SeqCst);
        // Wake the blocking accept so the thread sees the flag.
        let _ = TcpStream::connect_timeout(&addr, Duration::from_secs(1));
        let _ = self.thread.join();
    }
}

/// Binds the same port again after `Refuse` (std sets SO_REUSEADDR; another socket
/// could still hold the port for a moment, so retry).
fn bind_again(addr: SocketAddr) -> TcpListener {
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        match TcpListener::bind(addr) {
            Ok(listener) => return listener,
            Err(_) if Instant::now() < deadline => std::thread::sleep(Duration::from_millis(50)),
            Err(e) => panic!("cannot bind {addr} again: {e}"),
        }
    }
}

// ----- HTTP -------------------------------------------------------------------------------

struct Request {
    method: String,
    path: String,
    query: Option<String>,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
    keep_alive: bool,
}

impl Request {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    fn query_pairs(&self) -> Vec<(String, String)> {
        url::form_urlencoded::parse(self.query.as_deref().unwrap_or("").as_bytes())
            .into_owned()
            .collect()
    }
}

enum Body {
    Bytes(Vec<u8>),
    /// That many zero bytes, generated while sending.
    Zeros(u64),
}

struct Response {
    status: u16,
    headers: Vec<(&'static str, String)>,
    body: Body,
}

impl Response {
    fn new(status: u16, content_type: &str, body: impl Into<Vec<u8>>) -> Response {
        Response {
            status,
            headers: vec![("Content-Type", content_type.to_owned())],
            body: Body::Bytes(body.into()),
        }
    }

    fn json(status: u16, value: &Value) -> Response {
        Response::new(
            status,
            "application/json",
            serde_json::to_vec(value).expect("serialize JSON"),
        )
    }

    fn not_found() -> Response {
        Response::new(404, "text/plain", "Not Found")
    }

    fn empty(status: u16) -> Response {
        Response {
            status,
            headers: Vec::new(),
            body: Body::Bytes(Vec::new()),
        }
    }

    fn len(&self) -> u64 {
        match &self.body {
            Body::Bytes(b) => b.len() as u64,
            Body::Zeros(n) => *n,
        }
    }
}

/// Serves requests on one connection until it closes, fails or the server stops.
fn serve_connection(stream: TcpStream, shared: &Shared) {
    let id = shared.next_conn.fetch_add(1, Ordering::SeqCst);
    if let Ok(clone) = stream.try_clone() {
        lock(&shared.conns).insert(id, clone);
    }
    let _ = serve_requests(stream, shared);
    lock(&shared.conns).remove(&id);
}

fn serve_requests(mut stream: TcpStream, shared: &Shared) -> std::io::Result<()> {
    stream.set_read_timeout(Some(Duration::from_secs(120)))?;
    let mut reader = BufReader::new(stream.try_clone()?);
    loop {
        let Some(request) = read_request(&mut reader, &mut stream)? else {
            return Ok(());
        };
        let mode = shared.mode();
        if shared.stopped() || mode == Mode::Refuse {
            return Ok(());
        }
        if mode == Mode::Hang {
            log(shared, &request, 0);
            while !shared.stopped() && shared.mode() == Mode::Hang {
                std::thread::sleep(Duration::from_millis(20));
            }
            return Ok(()); // never answered
        }
        let response = respond(shared, &request, mode);
        log(shared, &request, response.status);
        let keep_alive = request.keep_alive && mode != Mode::SlowDrip;
        write_response(&mut stream, &request, &response, keep_alive, mode, shared)?;
        if !keep_alive {
            return Ok(());
        }
    }
}

fn log(shared: &Shared, request: &Request, status: u16) {
    lock(&shared.log).push(UpstreamRequest {
        method: request.method.clone(),
        path: request.path.clone(),
        query: request.query.clone(),
        status,
        if_modified_since: request.header("if-modified-since").map(Into::into),
        authorization: request.header("authorization").map(Into::into),
        user_agent: request.header("user-agent").map(Into::into),
        headers: request.headers.clone(),
        body: String::from_utf8_lossy(&request.body).into_owned(),
    });
}

fn read_request(
    reader: &mut BufReader<TcpStream>,
    stream: &mut TcpStream,
) -> std::io::Result<Option<Request>> {
    let mut line = String::new();
    if reader.read_line(&mut line)? == 0 {
        return Ok(None);
    }
    let mut parts = line.split_whitespace();
    let (Some(method), Some(target)) = (parts.next(), parts.next()) else {
        return Ok(None);
    };
    let http10 = parts.next() == Some("HTTP/1.0");
    let (path, query) = match target.split_once('?') {
        Some((path, query)) => (path.to_owned(), Some(query.to_owned())),
        None => (target.to_owned(), None),
    };
    let mut headers = Vec::new();
    loop {
        let mut header = String::new();
        if reader.read_line(&mut header)? == 0 || header.trim_end().is_empty() {
            break;
        }
        if let Some((name, value)) = header.trim_end().split_once(':') {
            headers.push((name.trim().to_ascii_lowercase(), value.trim().to_owned()));
        }
    }
    let find = |name: &str| {
        headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.to_ascii_lowercase())
    };
    if find("expect").as_deref() == Some("100-continue") {
        stream.write_all(b"HTTP/1.1 100 Continue\r\n\r\n")?;
    }
    let mut body = Vec::new();
    if find("transfer-encoding").is_some_and(|v| v.contains("chunked")) {
        loop {
            let mut size = String::new();
            reader.read_line(&mut size)?;
            let size =
                usize::from_str_radix(size.trim().split(';').next().unwrap_or(""), 16).unwrap_or(0);
            let mut chunk = vec![0; size + 2]; // with its CRLF
            reader.read_exact(&mut chunk)?;
            if size == 0 {
                break;
            }
            body.extend_from_slice(&chunk[..size]);
        }
    } else if let Some(len) = find("content-length").and_then(|v| v.parse::<usize>().ok()) {
        body = vec![0; len.min(16 << 20)];
        reader.read_exact(&mut body)?;
    }
    let connection = find("connection").unwrap_or_default();
    let keep_alive = if http10 {
        connection.contains("keep-alive")
    } else {
        !connection.contains("close")
    };
    Ok(Some(Request {
        method: method.to_owned(),
        path,
        query,
        headers,
        body,
        keep_alive,
    }))
}

fn write_response(
    stream: &mut TcpStream,
    request: &Request,
    response: &Response,
    keep_alive: bool,
    mode: Mode,
    shared: &Shared,
) -> std::io::Result<()> {
    let mut head = format!(
        "HTTP/1.1 {} {}\r\n",
        response.status,
        reason(response.status)
    );
    for (name, value) in &response.headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    if response.status != 304 {
        head.push_str(&format!("Content-Length: {}\r\n", response.len()));
    }
    let connection = if keep_alive { "keep-alive" } else { "close" };
    head.push_str(&format!("Connection: {connection}\r\n\r\n"));
    let body_len = if request.method == "HEAD" || response.status == 304 {
        0
    } else {
        response.len()
    };
    if mode == Mode::SlowDrip {
        let body = match &response.body {
            Body::Bytes(bytes) => bytes.clone(),
            Body::Zeros(_) => Vec::new(),
        };
        let bytes = head.into_bytes().into_iter().chain(
            body.into_iter()
                .chain(std::iter::repeat(0))
                .take(body_len as usize),
        );
        for byte in bytes {
            stream.write_all(&[byte])?;
            stream.flush()?;
            for _ in 0..20 {
                if shared.stopped() {
                    return Ok(());
                }
                std::thread::sleep(Duration::from_millis(50));
            }
        }
        return Ok(());
    }
    stream.write_all(head.as_bytes())?;
    match &response.body {
        Body::Bytes(bytes) => stream.write_all(&bytes[..body_len as usize])?,
        Body::Zeros(_) => {
            let zeros = vec![0u8; 64 * 1024];
            let mut left = body_len;
            while left > 0 && !shared.stopped() {
                let n = left.min(zeros.len() as u64) as usize;
                stream.write_all(&zeros[..n])?;
                left -= n as u64;
            }
        }
    }
    stream.flush()
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        302 => "Found",
        304 => "Not Modified",
        400 => "Bad Request",
        401 => "Unauthorized",
        404 => "Not Found",
        405 => "Method Not Allowed",
        500 => "Internal Server Error",
        _ => "Unknown",
    }
}

const GARBAGE: &str = "<html><body><h1>Welcome to nginx!</h1> this is not JSON {\"packages\":";

fn respond(shared: &Shared, request: &Request, mode: Mode) -> Response {
    let is_zipball = request.path.starts_with("/zipball/");
    match mode {
        Mode::Error500 => {
            return Response::new(500, "text/html", "<h1>500 Internal Server Error</h1>");
        }
        Mode::Garbage if is_zipball => {
            let mut broken = b"PK\x03\x04\x14\x00\x00\x00".to_vec();
            broken.extend_from_slice(b"this zip stops here");
            return Response::new(200, "application/zip", broken);
        }
        Mode::Garbage => return Response::new(200, "application/json", GARBAGE),
        _ => {}
    }
    let mut state = shared.state();
    if let Some(expected) = &state.auth
        && request.header("authorization") != Some(expected.as_str())
    {
        let mut response = Response::new(401, "text/plain", "Unauthorized");
        let challenge = "Basic realm=\"fake-upstream\"".to_owned();
        response.headers.push(("WWW-Authenticate", challenge));
        return response;
    }
    let method = request.method.as_str();
    let readable = matches!(method, "GET" | "HEAD");
    let path = request.path.as_str();
    if path == "/api/security-advisories/" {
        let mut params = request.query_pairs();
        if method == "POST" {
            params.extend(url::form_urlencoded::parse(&request.body).into_owned());
        }
        let (status, body) = state.advisories(&params);
        return Response::json(status, &body);
    }
    if method == "POST" && path == "/downloads/" {
        return Response::json(200, &json!({"status": "success"}));
    }
    if !readable {
        return Response::new(405, "text/plain", "Method Not Allowed");
    }
    if path == "/packages.json" {
        let body = serde_json::to_vec(&state.root()).expect("serialize JSON");
        return with_last_modified(request, state.root_modified, body);
    }
    if path == "/metadata/changes.json" && state.changes_feed {
        let (status, body) = state.changes(&request.query_pairs());
        return Response::json(status, &body);
    }
    if path == "/packages/list.json" {
        let names: Vec<&String> = state.packages.keys().collect();
        return Response::json(200, &json!({"packageNames": names}));
    }
    if let Some(rest) = path.strip_prefix("/zipball/") {
        return zipball(&state, request, rest);
    }
    let (prefix, suffix) = state.metadata_template();
    if let Some(key) = path
        .strip_prefix(prefix.as_str())
        .and_then(|rest| rest.strip_suffix(suffix.as_str()))
        && let Some(file) = state.files.get(key)
    {
        return with_last_modified(request, file.modified, file.body.clone());
    }
    Response::not_found()
}

/// A JSON file with `Last-Modified`, or 304 when `If-Modified-Since` is not older.
fn with_last_modified(request: &Request, modified: i64, body: Vec<u8>) -> Response {
    let not_modified = request
        .header("if-modified-since")
        .and_then(|v| NaiveDateTime::parse_from_str(v, "%a, %d %b %Y %H:%M:%S GMT").ok())
        .is_some_and(|since| modified <= since.and_utc().timestamp());
    let last_modified = ("Last-Modified", http_date(modified));
    if not_modified {
        let mut response = Response::empty(304);
        response.headers.push(last_modified);
        return response;
    }
    let mut response = Response::new(200, "application/json", body);
    response.headers.push(last_modified);
    response
}

/// `/zipball/{vendor}/{name}/{reference}` (after the `/zipball/`).
fn zipball(state: &State, request: &Request, rest: &str) -> Response {
    let mut parts = rest.splitn(3, '/');
    let (Some(vendor), Some(name), Some(reference)) = (parts.next(), parts.next(), parts.next())
    else {
        return Response::not_found();
    };
    let Some(package) = state.packages.get(&format!("{vendor}/{name}")) else {
        return Response::not_found();
    };
    let Some(version) = package
        .versions
        .iter()
        .find(|v| v.reference == reference || v.old_references.iter().any(|r| r == reference))
    else {
        return Response::not_found();
    };
    if version.redirect_loop {
        let mut response = Response::new(302, "text/html", "Redirecting");
        let location = format!("{}{}", state.base_url, request.path);
        response.headers.push(("Location", location));
        return response;
    }
    if let Some(bytes) = version.huge {
        return Response {
            status: 200,
            headers: vec![("Content-Type", "application/zip".to_owned())],
            body: Body::Zeros(bytes),
        };
    }
    Response::new(200, "application/zip", zip_of(package, version, reference))
}

// ----- self-tests ---------------------------------------------------------------------------

mod tests {
    use std::time::Duration;

    use serde_json::{Value, json};

    use super::{FakeUpstream, Mode, UpstreamVersion};
    use crate::support::composer::ComposerProject;

    fn client() -> reqwest::Client {
        reqwest::Client::builder()
            .timeout(Duration::from_secs(10))
            .build()
            .expect("a reqwest client")
    }

    async fn get_json(url: &str) -> (u16, Value) {
        let response = client().get(url).send().await.expect("GET");
        let status = response.status().as_u16();
        let body = response.json().await.expect("a JSON body");
        (status, body)
    }

    /// `acme/lib` with 1.0.0, 1.1.0 (requiring acme/dep) and dev-main.
    fn upstream_with_lib() -> FakeUpstream {
        let up = FakeUpstream::start();
        up.publish("acme/lib", "1.0.0", "2024-01-15T10:00:00+00:00");
        up.publish_version(
            "acme/lib",
            UpstreamVersion::new("1.1.0")
                .time("2024-02-01T08:30:00+00:00")
                .require("acme/dep", "^1.0"),
        );
        up.publish("acme/lib", "dev-main", "2024-02-02T00:00:00+00:00");
        up
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn root_and_files_look_like_packagist_and_revalidate() {
        let up = upstream_with_lib();
        let base = up.url();

        let (status, root) = get_json(&format!("{base}/packages.json")).await;
        assert_eq!(status, 200);
        assert_eq!(root["packages"], json!([]));
        assert_eq!(root["metadata-url"], "/p2/%package%.json");
        assert_eq!(
            root["metadata-changes-url"],
            format!("{base}/metadata/changes.json")
        );
        assert_eq!(
            root["security-advisories"],
            json!({"metadata": true, "api-url": format!("{base}/api/security-advisories/")})
        );
        for key in [
            "notify-batch",
            "providers-url",
            "search",
            "list",
            "providers-api",
        ] {
            assert!(root[key].is_string(), "root lacks {key}: {root}");
        }

        let url = format!("{base}/p2/acme/lib.json");
        let response = client().get(&url).send().await.unwrap();
        assert_eq!(response.status(), 200);
        let last_modified = response.headers()["last-modified"]
            .to_str()
            .unwrap()
            .to_owned();
        let doc: Value = response.json().await.unwrap();
        assert_eq!(doc["minified"], "composer/2.0");
        assert_eq!(doc["security-advisories"], json!([]));
        let versions = doc["packages"]["acme/lib"].as_array().unwrap();
        assert_eq!(versions.len(), 2, "tags only, newest first: {doc}");
        let first = &versions[0];
        let reference = up.reference("acme/lib", "1.1.0");
        assert_eq!(reference.len(), 40);
        assert_eq!(first["version"], "1.1.0");
        assert_eq!(first["version_normalized"], "1.1.0.0");
        assert_eq!(first["time"], "2024-02-01T08:30:00+00:00");
        assert_eq!(first["require"], json!({"acme/dep": "^1.0"}));
        assert_eq!(
            first["source"],
            json!({"type": "git", "url": "https://github.com/acme/lib.git", "reference": reference})
        );
        assert_eq!(
            first["dist"],
            json!({
                "type": "zip",
                "url": format!("{base}/zipball/acme/lib/{reference}"),
                "reference": reference,
                "shasum": "",
            })
        );
        for key in ["name", "description", "license", "type", "autoload"] {
            assert!(!first[key].is_null(), "version lacks {key}: {first}");
        }
        // Minified: the second lists only what differs, `require` unset.
        assert_eq!(versions[1]["version"], "1.0.0");
        assert_eq!(versions[1]["require"], "__unset");
        assert!(versions[1].get("name").is_none(), "{doc}");

        let (_, dev) = get_json(&format!("{base}/p2/acme/lib~dev.json")).await;
        assert_eq!(dev["packages"]["acme/lib"][0]["version"], "dev-main");
        assert!(dev.get("security-advisories").is_none());

        // Revalidation: 304 with an empty body until the file changes.
        let response = client()
            .get(&url)
            .header("If-Modified-Since", &last_modified)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 304);
        assert!(response.bytes().await.unwrap().is_empty());
        up.publish("acme/lib", "1.2.0", "2024-03-01T00:00:00+00:00");
        let response = client()
            .get(&url)
            .header("If-Modified-Since", &last_modified)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 200);
        assert_ne!(response.headers()["last-modified"], last_modified.as_str());
        let doc: Value = response.json().await.unwrap();
        assert_eq!(doc["packages"]["acme/lib"][0]["version"], "1.2.0");
        let requests = up.requests();
        let revalidations: Vec<_> = requests
            .iter()
            .filter(|r| r.path == "/p2/acme/lib.json")
            .map(|r| (r.status, r.if_modified_since.clone()))
            .collect();
        assert_eq!(
            revalidations,
            vec![
                (200, None),
                (304, Some(last_modified.clone())),
                (200, Some(last_modified)),
            ]
        );

        // Unknown names.
        for path in [
            "/p2/acme/nope.json",
            "/p2/nope/nope~dev.json",
            "/p/acme/lib.json",
        ] {
            let response = client().get(format!("{base}{path}")).send().await.unwrap();
            assert_eq!(response.status(), 404, "{path}");
        }

        // Zipballs: one top folder, deterministic bytes, counted.
        let zip_url = up.zipball_url("acme/lib", "1.1.0");
        let one = client()
            .get(&zip_url)
            .send()
            .await
            .unwrap()
            .bytes()
            .await
            .unwrap();
        let two = client()
            .get(&zip_url)
            .send()
            .await
            .unwrap()
            .bytes()
            .await
            .unwrap();
        assert_eq!(one, two);
        assert_eq!(one.to_vec(), up.zip_bytes("acme/lib", "1.1.0"));
        assert!(one.starts_with(b"PK\x03\x04"));
        let top = format!("acme-lib-{}/composer.json", &reference[..7]);
        assert!(one.windows(top.len()).any(|w| w == top.as_bytes()));
        assert_eq!(up.count(&up.zipball_path("acme/lib", "1.1.0")), 2);

        // A moved tag: new reference in the metadata; the old zipball still answers.
        let moved = up.move_tag("acme/lib", "1.1.0");
        assert_ne!(moved, reference);
        let (_, doc) = get_json(&url).await;
        assert_eq!(doc["packages"]["acme/lib"][1]["dist"]["reference"], moved);
        let old = client().get(&zip_url).send().await.unwrap();
        assert_eq!(old.status(), 200);

        // Another metadata path: the root says where, /p2/ is gone.
        up.set_metadata_url("/meta/%package%.json");
        let (_, root) = get_json(&format!("{base}/packages.json")).await;
        assert_eq!(root["metadata-url"], "/meta/%package%.json");
        assert_eq!(up.metadata_path("acme/lib"), "/meta/acme/lib.json");
        let (status, _) = get_json(&format!("{base}/meta/acme/lib~dev.json")).await;
        assert_eq!(status, 200);
        let gone = client().get(&url).send().await.unwrap();
        assert_eq!(gone.status(), 404);
        up.without_changes_feed();
        let (_, root) = get_json(&format!("{base}/packages.json")).await;
        assert!(root.get("metadata-changes-url").is_none(), "{root}");
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn changes_feed_reports_updates_deletes_and_resyncs() {
        let up = FakeUpstream::start();
        let feed = format!("{}/metadata/changes.json", up.url());

        let (status, error) = get_json(&feed).await;
        assert_eq!(status, 400);
        assert!(
            error["error"].as_str().unwrap().contains("since"),
            "{error}"
        );
        let start = error["timestamp"].as_u64().unwrap();
        assert!(start > 17_000_000_000_000, "1/10000 s: {start}");
        let (status, _) = get_json(&format!("{feed}?since=12345")).await;
        assert_eq!(status, 400);

        up.publish("acme/lib", "1.0.0", "2024-01-15T10:00:00+00:00");
        up.publish("acme/other", "dev-main", "2024-01-15T10:00:00+00:00");
        let (status, changes) = get_json(&format!("{feed}?since={start}")).await;
        assert_eq!(status, 200);
        let listed: Vec<(&str, &str)> = changes["actions"]
            .as_array()
            .unwrap()
            .iter()
            .map(|a| (a["type"].as_str().unwrap(), a["package"].as_str().unwrap()))
            .collect();
        assert_eq!(
            listed,
            vec![
                ("update", "acme/lib"),
                ("update", "acme/lib~dev"),
                ("update", "acme/other"),
                ("update", "acme/other~dev"),
            ]
        );
        let time = changes["actions"][0]["time"].as_u64().unwrap();
        assert!(
            (start / 10000..=start / 10000 + 5).contains(&time),
            "seconds: {time}"
        );
        let next = changes["timestamp"].as_u64().unwrap();
        assert!(next > start);

        // Nothing new: no actions. A new tag: only the tags file changed.
        let (_, changes) = get_json(&format!("{feed}?since={next}")).await;
        assert_eq!(changes["actions"], json!([]));
        up.publish("acme/lib", "1.1.0", "2024-02-01T00:00:00+00:00");
        up.delete_package("acme/other");
        let (_, changes) = get_json(&format!("{feed}?since={next}")).await;
        let actions = changes["actions"].as_array().unwrap();
        assert_eq!(actions.len(), 2, "{changes}");
        assert_eq!(actions[0]["type"], "update");
        assert_eq!(actions[0]["package"], "acme/lib");
        assert_eq!(actions[1]["type"], "delete");
        assert_eq!(actions[1]["package"], "acme/other");
        let gone = client()
            .get(format!("{}/p2/acme/other~dev.json", up.url()))
            .send()
            .await
            .unwrap();
        assert_eq!(gone.status(), 404);

        // History dropped: an old `since` must start over.
        let latest = changes["timestamp"].as_u64().unwrap();
        up.force_resync();
        let (status, changes) = get_json(&format!("{feed}?since={latest}")).await;
        assert_eq!(status, 200);
        assert_eq!(changes["actions"].as_array().unwrap().len(), 1);
        assert_eq!(changes["actions"][0]["type"], "resync");
        assert_eq!(changes["actions"][0]["package"], "*");
        let after = changes["timestamp"].as_u64().unwrap();
        let (_, changes) = get_json(&format!("{feed}?since={after}")).await;
        assert_eq!(changes["actions"], json!([]), "a fresh since works again");
        assert!(up.changes_timestamp() > after);

        up.without_changes_feed();
        let response = client()
            .get(format!("{feed}?since={after}"))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 404);
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn advisories_answer_only_the_names_asked() {
        let up = upstream_with_lib();
        up.publish("acme/dep", "1.0.0", "2024-01-01T00:00:00+00:00");
        up.publish("acme/third", "1.0.0", "2024-01-01T00:00:00+00:00");
        let id = up.add_advisory("acme/lib", ">=1.0,<1.1");
        assert!(id.starts_with("PKSA-"), "{id}");
        up.add_advisory("acme/third", "<2.0");
        let api = format!("{}/api/security-advisories/", up.url());

        let (status, doc) =
            get_json(&format!("{api}?packages[]=acme/lib&packages[]=unknown/pkg")).await;
        assert_eq!(status, 200);
        let advisories = doc["advisories"].as_object().unwrap();
        assert_eq!(advisories.keys().collect::<Vec<_>>(), ["acme/lib"]);
        let advisory = &advisories["acme/lib"][0];
        for key in [
            "advisoryId",
            "packageName",
            "remoteId",
            "title",
            "link",
            "cve",
            "affectedVersions",
            "source",
            "reportedAt",
            "composerRepository",
            "severity",
            "sources",
        ] {
            assert!(
                advisory.get(key).is_some(),
                "advisory lacks {key}: {advisory}"
            );
        }
        assert_eq!(advisory["advisoryId"], id.as_str());
        assert_eq!(advisory["affectedVersions"], ">=1.0,<1.1");

        // Composer's form POST; a known name without advisories gets [].
        let response = client()
            .post(&api)
            .form(&[("packages[0]", "acme/lib"), ("packages[1]", "acme/dep")])
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 200);
        let doc: Value = response.json().await.unwrap();
        let names: Vec<_> = doc["advisories"].as_object().unwrap().keys().collect();
        assert_eq!(names, ["acme/lib", "acme/dep"]);
        assert_eq!(doc["advisories"]["acme/dep"], json!([]));
        let posted = up
            .requests()
            .into_iter()
            .rfind(|r| r.method == "POST")
            .unwrap();
        assert!(posted.body.contains("acme%2Fdep"), "{posted:?}");

        let (status, _) = get_json(&api).await;
        assert_eq!(status, 400);

        // The tags file carries the summaries.
        let (_, file) = get_json(&format!("{}/p2/acme/lib.json", up.url())).await;
        assert_eq!(
            file["security-advisories"],
            json!([{"advisoryId": id, "affectedVersions": ">=1.0,<1.1"}])
        );
        up.remove_advisory(&id);
        let (_, file) = get_json(&format!("{}/p2/acme/lib.json", up.url())).await;
        assert_eq!(file["security-advisories"], json!([]));
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn refuse_mode_refuses_and_recovers_on_the_same_port() {
        let up = upstream_with_lib();
        let url = format!("{}/packages.json", up.url());
        let client = client();
        assert_eq!(client.get(&url).send().await.unwrap().status(), 200);

        up.set_mode(Mode::Refuse);
        for _ in 0..2 {
            let err = client.get(&url).send().await.unwrap_err();
            assert!(err.is_connect(), "{err:?}");
        }
        assert!(std::net::TcpStream::connect(up.addr()).is_err());

        up.set_mode(Mode::Normal);
        assert_eq!(client.get(&url).send().await.unwrap().status(), 200);
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn basic_auth_is_required_when_set() {
        let up = upstream_with_lib();
        up.require_basic("mirror", "s3cret");
        let url = format!("{}/p2/acme/lib.json", up.url());

        let response = client().get(&url).send().await.unwrap();
        assert_eq!(response.status(), 401);
        assert!(response.headers().contains_key("www-authenticate"));
        let wrong = client()
            .get(&url)
            .basic_auth("mirror", Some("nope"))
            .send()
            .await
            .unwrap();
        assert_eq!(wrong.status(), 401);
        let right = client()
            .get(&url)
            .basic_auth("mirror", Some("s3cret"))
            .send()
            .await
            .unwrap();
        assert_eq!(right.status(), 200);
        let logged = up.requests().last().unwrap().authorization.clone();
        assert_eq!(
            logged.as_deref(),
            Some(crate::support::basic_auth("mirror", "s3cret").as_str())
        );

        up.allow_anonymous();
        assert_eq!(client().get(&url).send().await.unwrap().status(), 200);
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn failure_modes_and_odd_dists_misbehave_as_asked() {
        let up = upstream_with_lib();
        let base = up.url();
        let meta = format!("{base}/p2/acme/lib.json");
        let zip = up.zipball_url("acme/lib", "1.0.0");
        let quick = reqwest::Client::builder()
            .timeout(Duration::from_millis(1500))
            .build()
            .unwrap();

        up.set_mode(Mode::Error500);
        assert_eq!(client().get(&meta).send().await.unwrap().status(), 500);

        up.set_mode(Mode::Garbage);
        let response = client().get(&meta).send().await.unwrap();
        assert_eq!(response.status(), 200);
        assert!(response.json::<Value>().await.is_err());
        let broken = client()
            .get(&zip)
            .send()
            .await
            .unwrap()
            .bytes()
            .await
            .unwrap();
        assert!(broken.starts_with(b"PK"));
        assert_ne!(broken.to_vec(), up.zip_bytes("acme/lib", "1.0.0"));

        up.set_mode(Mode::Hang);
        let err = quick.get(&meta).send().await.unwrap_err();
        assert!(err.is_timeout(), "{err:?}");
        assert_eq!(up.requests().last().unwrap().status, 0);

        up.set_mode(Mode::SlowDrip);
        let started = std::time::Instant::now();
        let err = quick.get(&meta).send().await.unwrap_err();
        assert!(err.is_timeout(), "{err:?}");
        assert!(started.elapsed() >= Duration::from_millis(1400));

        up.set_mode(Mode::Normal);
        assert_eq!(client().get(&meta).send().await.unwrap().status(), 200);

        // A 2 GB archive streamed from nothing: read the head and a little, then drop.
        up.huge_archive("acme/lib", "1.0.0", 2_000_000_000);
        let mut response = client().get(&zip).send().await.unwrap();
        assert_eq!(response.content_length(), Some(2_000_000_000));
        let chunk = response.chunk().await.unwrap().unwrap();
        assert!(chunk.iter().all(|b| *b == 0));
        drop(response);

        up.redirect_loop("acme/lib", "1.1.0");
        let err = client()
            .get(up.zipball_url("acme/lib", "1.1.0"))
            .send()
            .await
            .unwrap_err();
        assert!(err.is_redirect(), "{err:?}");

        up.set_dist_url("acme/lib", "1.0.0", "http://10.0.0.1/private.zip");
        let (_, doc) = get_json(&meta).await;
        let versions = doc["packages"]["acme/lib"].as_array().unwrap();
        let dist = versions.iter().rev().find_map(|v| v.get("dist")).unwrap();
        assert_eq!(dist["url"], "http://10.0.0.1/private.zip");
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn composer_installs_straight_from_the_fake_upstream() {
        let up = upstream_with_lib();
        up.publish("acme/dep", "1.0.0", "2024-01-01T00:00:00+00:00");
        up.publish("acme/lib", "2.0.0", "2024-03-01T00:00:00+00:00");
        let project = ComposerProject::new(&up.url());

        project.require(&["acme/lib:^1.0"]).await.assert_ok();

        assert_eq!(
            project.installed_version("acme/lib").as_deref(),
            Some("1.1.0")
        );
        assert_eq!(
            project.installed_version("acme/dep").as_deref(),
            Some("1.0.0")
        );
        let locked = project.locked("acme/lib").unwrap();
        assert_eq!(
            locked["dist"]["reference"],
            up.reference("acme/lib", "1.1.0").as_str()
        );
        assert!(
            project
                .vendor_file("acme/lib/src/Hello.php")
                .unwrap()
                .contains("VERSION = '1.1.0'")
        );
        assert_eq!(up.count("/zipball/acme/lib/"), 1);
        assert_eq!(up.count("/zipball/acme/dep/"), 1);
        assert!(up.count("/p2/acme/lib.json") >= 1);

        // The advisories as Composer reads them (metadata summaries + the API).
        let id = up.add_advisory("acme/lib", ">=1.1.0,<1.1.1");
        let audit = project.audit().await;
        assert_eq!(
            audit.code, 1,
            "audit exits 1 when it finds advisories:\n{audit}"
        );
        assert_eq!(up.count("/api/security-advisories/"), 1);
        assert!(
            audit.stdout.contains(&id),
            "audit does not list {id}:\n{audit}"
        );
        assert_eq!(
            audit.json()["advisories"]["acme/lib"][0]["advisoryId"],
            id.as_str()
        );
    }
}
