//! Process-wide metrics in the Prometheus text format (version 0.0.4), for `GET /metrics`.
//!
//! Everything is a plain atomic in one static [`Registry`]: recording a request is three
//! relaxed additions (its status counter, its latency bucket, the latency sum), with no
//! lock, no allocation and no label lookup — labels are array indexes fixed at compile
//! time. Histograms keep one count per bucket (not cumulative) and the sum in
//! nanoseconds; [`render`] makes them cumulative and converts to seconds.
//!
//! What is cheaper to read than to count (the job queue's depth, the Composer cache's
//! renders and memory, the process's memory) is read when scraped, by [`render`].

use std::fmt::Write as _;
use std::future::Future;
use std::sync::atomic::{AtomicU64, Ordering::Relaxed};
use std::time::{Duration, Instant};

use crate::db::entities::job;
use crate::service::Services;

/// Upper bounds of the latency buckets, in seconds (`le`), and the same in nanoseconds.
pub const BUCKETS: [f64; 14] = [
    0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0,
];
const BUCKET_NANOS: [u64; 14] = [
    500_000,
    1_000_000,
    2_500_000,
    5_000_000,
    10_000_000,
    25_000_000,
    50_000_000,
    100_000_000,
    250_000_000,
    500_000_000,
    1_000_000_000,
    2_500_000_000,
    5_000_000_000,
    10_000_000_000,
];
/// The buckets and `+Inf`.
const SLOTS: usize = BUCKETS.len() + 1;

/// A latency histogram with the fixed [`BUCKETS`].
pub struct Histogram {
    /// Observations per bucket (the last one: above every bound), not cumulative.
    counts: [AtomicU64; SLOTS],
    sum_nanos: AtomicU64,
}

impl Default for Histogram {
    fn default() -> Self {
        Self::new()
    }
}

/// What a histogram held at one moment, cumulative as Prometheus shows it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct HistogramSnapshot {
    /// Observations at or below each bound of [`BUCKETS`], then all of them (`+Inf`).
    pub cumulative: [u64; SLOTS],
    pub sum_seconds: f64,
}

impl HistogramSnapshot {
    pub fn count(&self) -> u64 {
        self.cumulative[SLOTS - 1]
    }
}

impl Histogram {
    pub const fn new() -> Self {
        Self {
            counts: [const { AtomicU64::new(0) }; SLOTS],
            sum_nanos: AtomicU64::new(0),
        }
    }

    #[inline]
    pub fn observe(&self, d: Duration) {
        let nanos = u64::try_from(d.as_nanos()).unwrap_or(u64::MAX);
        self.counts[bucket_of(nanos)].fetch_add(1, Relaxed);
        self.sum_nanos.fetch_add(nanos, Relaxed);
    }

    pub fn snapshot(&self) -> HistogramSnapshot {
        let mut cumulative = [0; SLOTS];
        let mut total = 0u64;
        for (slot, count) in cumulative.iter_mut().zip(&self.counts) {
            total = total.saturating_add(count.load(Relaxed));
            *slot = total;
        }
        HistogramSnapshot {
            cumulative,
            sum_seconds: self.sum_nanos.load(Relaxed) as f64 / 1e9,
        }
    }
}

/// The slot of an observation: the first bucket whose bound it does not exceed (`le`
/// is inclusive), else `+Inf`.
#[inline]
fn bucket_of(nanos: u64) -> usize {
    let mut i = 0;
    while i < BUCKET_NANOS.len() && nanos > BUCKET_NANOS[i] {
        i += 1;
    }
    i
}

/// Endpoint families of `cargoman_http_requests_total` and its latency histogram.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Family {
    /// `packages.json`, `p2/…`, `p/…` (also through the Time Machine).
    ComposerMetadata,
    /// `dist/…`, `dist-proxy/…`.
    ComposerDist,
    /// The rest of what Composer calls: `downloads`, security advisories.
    ComposerOther,
    /// `/api/…` (REST API and its docs) and `/graphql`.
    Api,
    /// `/api/webhooks/…`.
    Webhook,
    /// `/health`, `/ready`, `/metrics`.
    Ops,
    /// The web UI: everything else.
    Ui,
}

impl Family {
    pub const ALL: [Family; 7] = [
        Family::ComposerMetadata,
        Family::ComposerDist,
        Family::ComposerOther,
        Family::Api,
        Family::Webhook,
        Family::Ops,
        Family::Ui,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Family::ComposerMetadata => "composer_metadata",
            Family::ComposerDist => "composer_dist",
            Family::ComposerOther => "composer_other",
            Family::Api => "api",
            Family::Webhook => "webhook",
            Family::Ops => "ops",
            Family::Ui => "ui",
        }
    }

    /// The family of a request path (as sent; prefix checks only, no allocation).
    pub fn of(path: &str) -> Family {
        match path {
            "/health" | "/ready" | "/metrics" => return Family::Ops,
            "/graphql" => return Family::Api,
            _ => {}
        }
        if let Some(rest) = path.strip_prefix("/time-machine/") {
            // `/time-machine/YYYY-MM-DD/…`: what follows the date is a Composer path.
            let tail = rest.get(10..).unwrap_or("");
            return match composer_family(tail) {
                Some(f) => f,
                None => Family::ComposerOther,
            };
        }
        if let Some(f) = composer_family(path) {
            return f;
        }
        if path.starts_with("/api/webhooks/") {
            Family::Webhook
        } else if path.starts_with("/api/") || path.starts_with("/graphql/") {
            Family::Api
        } else {
            Family::Ui
        }
    }
}

fn composer_family(path: &str) -> Option<Family> {
    if path == "/packages.json" || path.starts_with("/p2/") || path.starts_with("/p/") {
        Some(Family::ComposerMetadata)
    } else if path.starts_with("/dist/") || path.starts_with("/dist-proxy/") {
        Some(Family::ComposerDist)
    } else if path == "/downloads" || path == "/api/security-advisories" {
        Some(Family::ComposerOther)
    } else {
        None
    }
}

/// Status classes of `cargoman_http_requests_total` (1xx is counted as 2xx).
const STATUS_CLASSES: [&str; 4] = ["2xx", "3xx", "4xx", "5xx"];

#[inline]
fn status_class(status: u16) -> usize {
    usize::from(status / 100).clamp(2, 5) - 2
}

/// Doors of `cargoman_auth_failures_total`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Door {
    Composer,
    Api,
    Ui,
}

const DOORS: [&str; 3] = ["composer", "api", "ui"];

/// Job kinds of the job metrics (the last: a kind this build does not know).
const JOB_KINDS: [&str; 5] = [
    "sync_package",
    "audit_cleanup",
    "proxy_cleanup",
    "proxy_purge",
    "unknown",
];

/// Outcomes of an upstream request of the proxy.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Upstream {
    Ok,
    Error,
    Timeout,
}

const UPSTREAM_OUTCOMES: [&str; 3] = ["ok", "error", "timeout"];

/// Every counter and histogram of the process.
pub struct Registry {
    http_requests: [[AtomicU64; 4]; 7],
    http_duration: [Histogram; 7],
    composer_lookups: [AtomicU64; 2],
    proxy_upstream: [AtomicU64; 3],
    auth_failures: [AtomicU64; 3],
    jobs: [[AtomicU64; 2]; JOB_KINDS.len()],
    job_duration: [Histogram; JOB_KINDS.len()],
    syncs: [AtomicU64; 2],
    sync_duration: Histogram,
}

impl Default for Registry {
    fn default() -> Self {
        Self::new()
    }
}

const fn counters<const N: usize>() -> [AtomicU64; N] {
    [const { AtomicU64::new(0) }; N]
}

impl Registry {
    pub const fn new() -> Self {
        Self {
            http_requests: [const { counters::<4>() }; 7],
            http_duration: [const { Histogram::new() }; 7],
            composer_lookups: counters(),
            proxy_upstream: counters(),
            auth_failures: counters(),
            jobs: [const { counters::<2>() }; JOB_KINDS.len()],
            job_duration: [const { Histogram::new() }; JOB_KINDS.len()],
            syncs: counters(),
            sync_duration: Histogram::new(),
        }
    }

    /// One answered request: its family, status and the time until its response head.
    #[inline]
    pub fn request(&self, family: Family, status: u16, took: Duration) {
        let f = family as usize;
        self.http_requests[f][status_class(status)].fetch_add(1, Relaxed);
        self.http_duration[f].observe(took);
    }

    /// A Composer metadata file asked of the in-memory cache: served from it, or not.
    #[inline]
    pub fn composer_lookup(&self, hit: bool) {
        self.composer_lookups[usize::from(!hit)].fetch_add(1, Relaxed);
    }

    pub fn upstream(&self, outcome: Upstream) {
        self.proxy_upstream[outcome as usize].fetch_add(1, Relaxed);
    }

    /// Credentials presented and refused.
    pub fn auth_failure(&self, door: Door) {
        self.auth_failures[door as usize].fetch_add(1, Relaxed);
    }

    /// A job the worker finished (`ok`) or that failed this attempt.
    pub fn job(&self, kind: &str, ok: bool, took: Duration) {
        let k = JOB_KINDS
            .iter()
            .position(|k| *k == kind)
            .unwrap_or(JOB_KINDS.len() - 1);
        self.jobs[k][usize::from(!ok)].fetch_add(1, Relaxed);
        self.job_duration[k].observe(took);
    }

    /// A package sync that ended.
    pub fn sync(&self, ok: bool, took: Duration) {
        self.syncs[usize::from(!ok)].fetch_add(1, Relaxed);
        self.sync_duration.observe(took);
    }

    pub fn http_duration(&self, family: Family) -> HistogramSnapshot {
        self.http_duration[family as usize].snapshot()
    }

    /// Writes every counter and histogram of the registry.
    pub fn render(&self, out: &mut String) {
        header(
            out,
            "cargoman_http_requests_total",
            "counter",
            "HTTP requests answered, by endpoint family and status class.",
        );
        for family in Family::ALL {
            for (class, n) in STATUS_CLASSES
                .iter()
                .zip(&self.http_requests[family as usize])
            {
                let _ = writeln!(
                    out,
                    "cargoman_http_requests_total{{family=\"{}\",status=\"{class}\"}} {}",
                    family.label(),
                    n.load(Relaxed)
                );
            }
        }
        header(
            out,
            "cargoman_http_request_duration_seconds",
            "histogram",
            "Time from a request's arrival to its response head, by endpoint family.",
        );
        for family in Family::ALL {
            let labels = format!("family=\"{}\"", family.label());
            histogram(
                out,
                "cargoman_http_request_duration_seconds",
                &labels,
                &self.http_duration(family),
            );
        }
        labelled_counter(
            out,
            "cargoman_composer_cache_lookups_total",
            "Composer metadata files asked of the in-memory cache, by result.",
            "result",
            &["hit", "miss"],
            &self.composer_lookups,
        );
        labelled_counter(
            out,
            "cargoman_proxy_upstream_requests_total",
            "Requests of the proxy to upstream repositories, by outcome.",
            "outcome",
            &UPSTREAM_OUTCOMES,
            &self.proxy_upstream,
        );
        labelled_counter(
            out,
            "cargoman_auth_failures_total",
            "Credentials presented and refused, by door.",
            "door",
            &DOORS,
            &self.auth_failures,
        );
        header(
            out,
            "cargoman_jobs_total",
            "counter",
            "Background jobs run by this process, by kind and outcome.",
        );
        for (kind, outcomes) in JOB_KINDS.iter().zip(&self.jobs) {
            for (outcome, n) in ["ok", "failed"].iter().zip(outcomes) {
                let _ = writeln!(
                    out,
                    "cargoman_jobs_total{{kind=\"{kind}\",outcome=\"{outcome}\"}} {}",
                    n.load(Relaxed)
                );
            }
        }
        header(
            out,
            "cargoman_job_duration_seconds",
            "histogram",
            "Run time of background jobs, by kind.",
        );
        for (kind, h) in JOB_KINDS.iter().zip(&self.job_duration) {
            let labels = format!("kind=\"{kind}\"");
            histogram(out, "cargoman_job_duration_seconds", &labels, &h.snapshot());
        }
        labelled_counter(
            out,
            "cargoman_syncs_total",
            "Package syncs run by this process, by outcome.",
            "outcome",
            &["ok", "failed"],
            &self.syncs,
        );
        header(
            out,
            "cargoman_sync_duration_seconds",
            "histogram",
            "Run time of package syncs.",
        );
        histogram(
            out,
            "cargoman_sync_duration_seconds",
            "",
            &self.sync_duration.snapshot(),
        );
    }
}

/// The registry of this process.
pub static METRICS: Registry = Registry::new();

/// The registry of this process ([`METRICS`]).
#[inline]
pub fn metrics() -> &'static Registry {
    &METRICS
}

/// Runs the answer to one request and records it under `family`: the time until the
/// response is ready (a streamed body is not waited for) and its status.
pub async fn observe_request<B, E>(
    family: Family,
    answer: impl Future<Output = Result<hyper::Response<B>, E>>,
) -> Result<hyper::Response<B>, E> {
    let started = Instant::now();
    let result = answer.await;
    if let Ok(resp) = &result {
        METRICS.request(family, resp.status().as_u16(), started.elapsed());
    }
    result
}

/// `# HELP` and `# TYPE` of a metric family.
pub fn header(out: &mut String, name: &str, kind: &str, help: &str) {
    let _ = writeln!(out, "# HELP {name} {help}");
    let _ = writeln!(out, "# TYPE {name} {kind}");
}

/// A gauge without labels, with its header.
pub fn gauge(out: &mut String, name: &str, help: &str, value: impl std::fmt::Display) {
    header(out, name, "gauge", help);
    let _ = writeln!(out, "{name} {value}");
}

/// A counter without labels, with its header.
pub fn counter(out: &mut String, name: &str, help: &str, value: u64) {
    header(out, name, "counter", help);
    let _ = writeln!(out, "{name} {value}");
}

fn labelled_counter(
    out: &mut String,
    name: &str,
    help: &str,
    label: &str,
    values: &[&str],
    counts: &[AtomicU64],
) {
    header(out, name, "counter", help);
    for (value, n) in values.iter().zip(counts) {
        let _ = writeln!(out, "{name}{{{label}=\"{value}\"}} {}", n.load(Relaxed));
    }
}

/// The `_bucket`, `_sum` and `_count` lines of one histogram; `labels` without braces
/// (empty: none but `le`).
fn histogram(out: &mut String, name: &str, labels: &str, h: &HistogramSnapshot) {
    let sep = if labels.is_empty() { "" } else { "," };
    for (i, n) in h.cumulative.iter().enumerate() {
        match BUCKETS.get(i) {
            Some(le) => {
                let _ = writeln!(out, "{name}_bucket{{{labels}{sep}le=\"{le}\"}} {n}");
            }
            None => {
                let _ = writeln!(out, "{name}_bucket{{{labels}{sep}le=\"+Inf\"}} {n}");
            }
        }
    }
    let braces = |s: &str| {
        if s.is_empty() {
            String::new()
        } else {
            format!("{{{s}}}")
        }
    };
    let _ = writeln!(out, "{name}_sum{} {}", braces(labels), h.sum_seconds);
    let _ = writeln!(out, "{name}_count{} {}", braces(labels), h.count());
}

/// How long a read of the job queue's depth is reused: scrapes cannot hammer the
/// database however often they come.
const QUEUE_TTL: Duration = Duration::from_secs(1);
/// How long a scrape waits for the database before it leaves the depth out.
const QUEUE_TIMEOUT: Duration = Duration::from_secs(2);

/// What a scrape reads besides the registry: the job queue's depth (cached for
/// [`QUEUE_TTL`]) and when the process started.
pub struct Scrape {
    queued: tokio::sync::Mutex<Option<(Instant, Option<u64>)>>,
    started: f64,
}

impl Default for Scrape {
    fn default() -> Self {
        Self::new()
    }
}

impl Scrape {
    /// Takes now as the start of the process (call it when the server starts).
    pub fn new() -> Self {
        let started = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_secs_f64())
            .unwrap_or_default();
        Self {
            queued: tokio::sync::Mutex::new(None),
            started,
        }
    }

    /// Jobs waiting in the queue (every tenant), at most [`QUEUE_TTL`] old; None when
    /// the database did not answer in time. Concurrent scrapes share one read.
    pub async fn queued_jobs(&self, services: &Services) -> Option<u64> {
        let mut cached = self.queued.lock().await;
        if let Some((at, value)) = *cached
            && at.elapsed() < QUEUE_TTL
        {
            return value;
        }
        let value = match tokio::time::timeout(QUEUE_TIMEOUT, queued_count(services)).await {
            Ok(Ok(n)) => Some(n),
            Ok(Err(e)) => {
                tracing::warn!(error = %e, "metrics: cannot count the queued jobs");
                None
            }
            Err(_) => {
                tracing::warn!("metrics: counting the queued jobs timed out");
                None
            }
        };
        *cached = Some((Instant::now(), value));
        value
    }

    /// The whole exposition: the registry, then what is read now.
    pub async fn render(&self, services: &Services) -> String {
        let mut out = String::with_capacity(24 * 1024);
        METRICS.render(&mut out);
        let composer = services.composer();
        counter(
            &mut out,
            "cargoman_composer_cache_rebuilds_total",
            "Composer metadata files rendered (a first request, or after a change).",
            composer.stats().renders,
        );
        let memory = composer.memory();
        gauge(
            &mut out,
            "cargoman_composer_cache_bytes",
            "Bytes of rendered Composer files held in memory, every tenant together.",
            memory.rendered_bytes,
        );
        gauge(
            &mut out,
            "cargoman_composer_cache_tenants",
            "Tenants whose Composer state is held in memory.",
            memory.tenants,
        );
        header(
            &mut out,
            "cargoman_jobs_queued",
            "gauge",
            "Jobs waiting in the queue, every tenant and server (read at most once a second).",
        );
        if let Some(n) = self.queued_jobs(services).await {
            let _ = writeln!(out, "cargoman_jobs_queued {n}");
        }
        header(
            &mut out,
            "process_resident_memory_bytes",
            "gauge",
            "Resident memory size in bytes.",
        );
        if let Some(rss) = resident_memory_bytes() {
            let _ = writeln!(out, "process_resident_memory_bytes {rss}");
        }
        gauge(
            &mut out,
            "process_start_time_seconds",
            "Start time of the process since the Unix epoch, in seconds.",
            self.started,
        );
        header(
            &mut out,
            "cargoman_build_info",
            "gauge",
            "The version of cargoman running (always 1).",
        );
        let _ = writeln!(
            out,
            "cargoman_build_info{{version=\"{}\"}} 1",
            env!("CARGO_PKG_VERSION")
        );
        out
    }
}

/// `SELECT COUNT(*) FROM jobs WHERE status = 'queued'` (an index on the status serves it).
async fn queued_count(services: &Services) -> Result<u64, sea_orm::DbErr> {
    use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
    job::Entity::find()
        .filter(job::Column::Status.eq("queued"))
        .count(services.db())
        .await
}

/// Resident memory of this process in bytes (`VmRSS` of `/proc/self/status`, Linux).
pub fn resident_memory_bytes() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmRSS:"))?;
    let kib: u64 = line
        .trim_start_matches("VmRSS:")
        .trim()
        .trim_end_matches("kB")
        .trim()
        .parse()
        .ok()?;
    Some(kib * 1024)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ms(n: u64) -> Duration {
        Duration::from_millis(n)
    }

    #[test]
    fn observations_fall_in_the_first_bucket_they_do_not_exceed() {
        assert_eq!(bucket_of(0), 0);
        assert_eq!(bucket_of(500_000), 0, "le is inclusive");
        assert_eq!(bucket_of(500_001), 1);
        assert_eq!(bucket_of(1_000_000_000), 10);
        assert_eq!(bucket_of(10_000_000_000), 13);
        assert_eq!(bucket_of(10_000_000_001), 14, "+Inf");
        assert_eq!(bucket_of(u64::MAX), 14);
        for (i, le) in BUCKETS.iter().enumerate() {
            assert_eq!(BUCKET_NANOS[i], (le * 1e9).round() as u64);
        }
    }

    #[test]
    fn histogram_snapshots_are_cumulative() {
        let h = Histogram::new();
        h.observe(ms(0));
        h.observe(ms(3)); // le 0.005
        h.observe(ms(3));
        h.observe(ms(700)); // le 1
        h.observe(Duration::from_secs(60)); // +Inf
        let s = h.snapshot();
        assert_eq!(s.cumulative[0], 1);
        assert_eq!(s.cumulative[2], 1, "nothing between 1 and 2.5 ms");
        assert_eq!(s.cumulative[3], 3);
        assert_eq!(s.cumulative[9], 3);
        assert_eq!(s.cumulative[10], 4);
        assert_eq!(s.cumulative[13], 4);
        assert_eq!(s.count(), 5);
        assert!(s.cumulative.windows(2).all(|w| w[0] <= w[1]));
        assert!((s.sum_seconds - 60.706).abs() < 1e-9, "{}", s.sum_seconds);
    }

    #[test]
    fn paths_are_classified_by_family() {
        let cases = [
            ("/packages.json", Family::ComposerMetadata),
            ("/p2/acme/lib.json", Family::ComposerMetadata),
            ("/p/acme/lib.json", Family::ComposerMetadata),
            (
                "/time-machine/2024-01-31/p2/acme/lib~dev.json",
                Family::ComposerMetadata,
            ),
            ("/dist/acme/lib/1.0.0/abc.zip", Family::ComposerDist),
            ("/dist-proxy/x/y.zip", Family::ComposerDist),
            (
                "/time-machine/2024-01-31/dist/a/b.zip",
                Family::ComposerDist,
            ),
            ("/downloads", Family::ComposerOther),
            ("/api/security-advisories", Family::ComposerOther),
            ("/time-machine/2024-01-31/downloads", Family::ComposerOther),
            ("/time-machine/short", Family::ComposerOther),
            ("/api/v1/packages", Family::Api),
            ("/api/docs", Family::Api),
            ("/graphql", Family::Api),
            ("/api/webhooks/github", Family::Webhook),
            ("/health", Family::Ops),
            ("/ready", Family::Ops),
            ("/metrics", Family::Ops),
            ("/", Family::Ui),
            ("/portal/tokens", Family::Ui),
            ("/assets/app.css", Family::Ui),
            ("/packages.jsonx", Family::Ui),
            ("", Family::Ui),
        ];
        for (path, family) in cases {
            assert_eq!(Family::of(path), family, "{path}");
        }
    }

    #[test]
    fn status_classes() {
        assert_eq!(STATUS_CLASSES[status_class(101)], "2xx");
        assert_eq!(STATUS_CLASSES[status_class(200)], "2xx");
        assert_eq!(STATUS_CLASSES[status_class(304)], "3xx");
        assert_eq!(STATUS_CLASSES[status_class(401)], "4xx");
        assert_eq!(STATUS_CLASSES[status_class(503)], "5xx");
        assert_eq!(STATUS_CLASSES[status_class(999)], "5xx");
    }

    /// Every sample line of a rendered text, `name{labels}` → value; checks the format.
    fn samples(text: &str) -> Vec<(String, f64)> {
        let mut declared = std::collections::HashSet::new();
        let mut out = Vec::new();
        for line in text.lines() {
            if let Some(rest) = line.strip_prefix("# TYPE ") {
                let (name, kind) = rest.split_once(' ').unwrap();
                assert!(["counter", "gauge", "histogram"].contains(&kind), "{line}");
                declared.insert(name.to_string());
                continue;
            }
            if line.starts_with("# HELP ") {
                continue;
            }
            let (series, value) = line.rsplit_once(' ').unwrap();
            let name = series.split('{').next().unwrap();
            let family = ["_bucket", "_sum", "_count"]
                .iter()
                .find_map(|s| name.strip_suffix(s).filter(|f| declared.contains(*f)))
                .unwrap_or(name);
            assert!(declared.contains(family), "no TYPE before {line}");
            out.push((series.to_string(), value.parse().unwrap()));
        }
        out
    }

    #[test]
    fn render_writes_every_family_with_its_header() {
        let r = Registry::new();
        r.request(Family::ComposerMetadata, 200, ms(1));
        r.request(Family::ComposerMetadata, 200, ms(30));
        r.request(Family::ComposerMetadata, 404, ms(2));
        r.request(Family::Ops, 503, ms(0));
        r.composer_lookup(true);
        r.composer_lookup(true);
        r.composer_lookup(false);
        r.auth_failure(Door::Api);
        r.upstream(Upstream::Timeout);
        r.job("sync_package", true, ms(1500));
        r.job("no_such_kind", false, ms(1));
        r.sync(false, ms(20));
        let mut text = String::new();
        r.render(&mut text);
        let samples = samples(&text);
        let get = |series: &str| {
            samples
                .iter()
                .find(|(s, _)| s == series)
                .map(|(_, v)| *v)
                .unwrap_or_else(|| panic!("no {series} in\n{text}"))
        };
        let m = "cargoman_http_requests_total";
        assert_eq!(
            get(&format!(
                "{m}{{family=\"composer_metadata\",status=\"2xx\"}}"
            )),
            2.0
        );
        assert_eq!(
            get(&format!(
                "{m}{{family=\"composer_metadata\",status=\"4xx\"}}"
            )),
            1.0
        );
        assert_eq!(get(&format!("{m}{{family=\"ops\",status=\"5xx\"}}")), 1.0);
        assert_eq!(get(&format!("{m}{{family=\"ui\",status=\"2xx\"}}")), 0.0);
        let d = "cargoman_http_request_duration_seconds";
        assert_eq!(
            get(&format!(
                "{d}_bucket{{family=\"composer_metadata\",le=\"0.001\"}}"
            )),
            1.0
        );
        assert_eq!(
            get(&format!(
                "{d}_bucket{{family=\"composer_metadata\",le=\"0.0025\"}}"
            )),
            2.0
        );
        assert_eq!(
            get(&format!(
                "{d}_bucket{{family=\"composer_metadata\",le=\"0.025\"}}"
            )),
            2.0
        );
        assert_eq!(
            get(&format!(
                "{d}_bucket{{family=\"composer_metadata\",le=\"0.05\"}}"
            )),
            3.0
        );
        assert_eq!(
            get(&format!(
                "{d}_bucket{{family=\"composer_metadata\",le=\"+Inf\"}}"
            )),
            3.0
        );
        assert_eq!(
            get(&format!("{d}_count{{family=\"composer_metadata\"}}")),
            3.0
        );
        assert!((get(&format!("{d}_sum{{family=\"composer_metadata\"}}")) - 0.033).abs() < 1e-9);
        assert_eq!(
            get("cargoman_composer_cache_lookups_total{result=\"hit\"}"),
            2.0
        );
        assert_eq!(
            get("cargoman_composer_cache_lookups_total{result=\"miss\"}"),
            1.0
        );
        assert_eq!(get("cargoman_auth_failures_total{door=\"api\"}"), 1.0);
        assert_eq!(get("cargoman_auth_failures_total{door=\"composer\"}"), 0.0);
        assert_eq!(
            get("cargoman_proxy_upstream_requests_total{outcome=\"timeout\"}"),
            1.0
        );
        assert_eq!(
            get("cargoman_jobs_total{kind=\"sync_package\",outcome=\"ok\"}"),
            1.0
        );
        assert_eq!(
            get("cargoman_jobs_total{kind=\"unknown\",outcome=\"failed\"}"),
            1.0
        );
        assert_eq!(
            get("cargoman_job_duration_seconds_bucket{kind=\"sync_package\",le=\"1\"}"),
            0.0
        );
        assert_eq!(
            get("cargoman_job_duration_seconds_bucket{kind=\"sync_package\",le=\"2.5\"}"),
            1.0
        );
        assert_eq!(get("cargoman_syncs_total{outcome=\"failed\"}"), 1.0);
        assert_eq!(get("cargoman_sync_duration_seconds_count"), 1.0);
        assert_eq!(
            get("cargoman_sync_duration_seconds_bucket{le=\"0.025\"}"),
            1.0
        );
        // Every family has one HELP and one TYPE.
        let helps = text.lines().filter(|l| l.starts_with("# HELP ")).count();
        let types = text.lines().filter(|l| l.starts_with("# TYPE ")).count();
        assert_eq!(helps, types);
        assert!(text.ends_with('\n'));
    }

    /// What recording costs per request (run in release: `cargo test --release --lib
    /// metrics::tests::recording_cost -- --ignored --nocapture`).
    #[test]
    #[ignore]
    fn recording_cost() {
        let r = Registry::new();
        let paths = [
            "/p2/acme/lib.json",
            "/dist/acme/lib/1.0.0/x.zip",
            "/api/v1/packages",
        ];
        let n = 10_000_000u32;
        let started = Instant::now();
        for i in 0..n {
            let path = std::hint::black_box(paths[(i % 3) as usize]);
            let at = Instant::now();
            let family = Family::of(path);
            r.request(family, 200, at.elapsed());
        }
        let per = started.elapsed() / n;
        println!("classify + clock + record: {per:?} per request");
        let started = Instant::now();
        for i in 0..n {
            r.request(
                Family::ComposerMetadata,
                200,
                Duration::from_nanos(u64::from(i % 4096) * 1000),
            );
        }
        println!("record alone: {:?} per request", started.elapsed() / n);
        assert_eq!(
            r.http_duration(Family::ComposerMetadata).count(),
            u64::from(n / 3 + 1 + n)
        );
    }

    #[test]
    fn resident_memory_is_read() {
        let rss = resident_memory_bytes().expect("Linux /proc");
        assert!(rss > 1024 * 1024, "{rss}");
    }
}
