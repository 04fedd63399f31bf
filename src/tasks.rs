//! Background work of `serve`: job workers that run queued syncs and clean-ups, and a
//! scheduler that re-syncs every package each `TASK_SYNC_INTERVAL`. Jobs live in the
//! database, so they survive a restart and several servers share one queue.

use std::time::Duration;

use serde_json::json;
use tokio::sync::watch;
use tokio::task::JoinHandle;

use crate::db::entities::job;
use crate::service::jobs::{JobKind, sync_package_id};
use crate::service::sync::NoProgress;
use crate::service::tenants::default_id;
use crate::service::{Actor, Ctx, ServiceError, Services};

/// How long a claimed job stays leased to its worker without a renewal; the worker
/// renews it every third of this while the job runs, so only a worker that died (or
/// lost the database for that long) gives its job up.
const LEASE: Duration = Duration::from_secs(120);
/// Longest wait of an idle worker before it looks at the queue again (jobs queued by
/// other processes are not signalled).
const IDLE_POLL: Duration = Duration::from_secs(1);
/// How often the bandwidth counted in memory is added to the database.
const BANDWIDTH_FLUSH: Duration = Duration::from_secs(60);

pub struct Background {
    handles: Vec<JoinHandle<()>>,
    stop: watch::Sender<bool>,
    services: Services,
}

/// Internal knobs of the background work (tests shorten the lease).
#[derive(Debug, Clone)]
pub struct Options {
    /// See [`LEASE`].
    pub lease: Duration,
}

impl Default for Options {
    fn default() -> Self {
        Self { lease: LEASE }
    }
}

/// Starts `TASK_NUM_WORKERS` workers and the scheduler.
pub fn start(services: Services) -> Background {
    start_with(services, Options::default())
}

/// [`start`] with `options`.
pub fn start_with(services: Services, options: Options) -> Background {
    let (stop, stopped) = watch::channel(false);
    let mut handles = Vec::new();
    let host = std::fs::read_to_string("/etc/hostname").unwrap_or_else(|_| "host".into());
    for n in 0..services.settings().tasks.num_workers.max(1) {
        let name = format!("{}-{}-{n}", host.trim(), std::process::id());
        handles.push(tokio::spawn(worker(
            services.clone(),
            name,
            options.lease,
            stopped.clone(),
        )));
    }
    if services.settings().proxy.enabled {
        handles.push(tokio::spawn(proxy_loop(services.clone(), stopped.clone())));
    }
    handles.push(tokio::spawn(bandwidth_loop(
        services.clone(),
        stopped.clone(),
    )));
    handles.push(tokio::spawn(scheduler(services.clone(), stopped)));
    Background {
        handles,
        stop,
        services,
    }
}

impl Background {
    /// Asks everything to stop, and waits up to 30 seconds in all for running jobs to
    /// finish; what still runs then is cancelled (its job's lease lets another worker
    /// take it up again). Then writes the bandwidth counted since the last flush (the
    /// server has answered its last request by now).
    pub async fn stop(self) {
        let _ = self.stop.send(true);
        let deadline = tokio::time::Instant::now() + Duration::from_secs(30);
        for mut h in self.handles {
            if tokio::time::timeout_at(deadline, &mut h).await.is_err() {
                h.abort();
            }
        }
        if let Err(e) = self.services.flush_bandwidth().await {
            tracing::warn!(error = %e, "cannot record the bandwidth served at shutdown");
        }
    }

    /// Stops everything at once without recording anything, as a killed process would:
    /// running jobs keep their rows as they were and their leases are no longer renewed.
    pub fn kill(self) {
        for h in self.handles {
            h.abort();
        }
    }
}

/// Adds the bandwidth counted in memory to the database every [`BANDWIDTH_FLUSH`].
async fn bandwidth_loop(services: Services, mut stop: watch::Receiver<bool>) {
    while !*stop.borrow() {
        tokio::select! {
            _ = tokio::time::sleep(BANDWIDTH_FLUSH) => {}
            _ = stop.changed() => return,
        }
        if let Err(e) = services.flush_bandwidth().await {
            tracing::warn!(error = %e, "cannot record the bandwidth served; kept for the next flush");
        }
    }
}

async fn worker(
    services: Services,
    name: String,
    lease: Duration,
    mut stop: watch::Receiver<bool>,
) {
    let lease = chrono::Duration::from_std(lease).unwrap_or(chrono::Duration::minutes(2));
    while !*stop.borrow() {
        match services.jobs().claim(&name, lease).await {
            Ok(Some(job)) => run(&services, &name, job, lease).await,
            Ok(None) => {
                tokio::select! {
                    _ = services.job_queued() => {}
                    _ = tokio::time::sleep(IDLE_POLL) => {}
                    _ = stop.changed() => {}
                }
            }
            Err(e) => {
                tracing::warn!(worker = %name, error = %e, "cannot claim a job");
                tokio::select! {
                    _ = tokio::time::sleep(Duration::from_secs(5)) => {}
                    _ = stop.changed() => {}
                }
            }
        }
    }
}

/// Runs a claimed job while keeping its lease; a job whose lease was lost (another
/// worker took it over) is dropped half-way and its outcome left to that worker.
async fn run(services: &Services, worker: &str, job: job::Model, lease: chrono::Duration) {
    let started = std::time::Instant::now();
    let mut held = services.jobs().hold(job.id, worker, lease);
    let result = tokio::select! {
        r = perform(services, &job) => r,
        _ = held.lost() => {
            tracing::warn!(job = job.id, kind = %job.kind, "stopped a job whose lease another worker took over");
            return;
        }
    };
    drop(held);
    crate::metrics::metrics().job(&job.kind, result.is_ok(), started.elapsed());
    let recorded = match result {
        Ok(()) => services.jobs().complete(job.id, worker).await,
        Err(e) => {
            tracing::warn!(job = job.id, kind = %job.kind, error = %e, "job failed");
            services.jobs().fail(&job, worker, &e).await
        }
    };
    if let Err(e) = recorded {
        tracing::warn!(job = job.id, error = %e, "cannot record the job's outcome");
    }
}

async fn perform(services: &Services, job: &job::Model) -> Result<(), String> {
    let ctx = Ctx::new(job.tenant_id, Actor::system());
    match JobKind::parse(&job.kind) {
        Some(JobKind::SyncPackage) => match sync_package_id(&job.payload) {
            Some(id) => match services.sync().package_id(&ctx, id, &NoProgress).await {
                Ok(report) => {
                    tracing::info!(package = %report.package, added = report.added.len(), updated = report.updated.len(), removed = report.removed.len(), "sync finished");
                    Ok(())
                }
                // The package was deleted since: nothing left to do.
                Err(ServiceError::NotFound(_)) => Ok(()),
                Err(e) => Err(e.to_string()),
            },
            None => Err("the job has no package_id".to_string()),
        },
        Some(JobKind::AuditCleanup) => {
            let days = services.settings().audit.retention_days;
            let audit = services.audit().purge_expired(days).await.map(|_| ());
            let jobs = services.jobs().purge_finished(30).await.map(|_| ());
            let changes = services.prune_changes().await.map(|_| ());
            let events = services.prune_events().await.map(|_| ());
            let sessions = services.sessions().purge_expired().await.map(|_| ());
            audit
                .and(jobs)
                .and(changes)
                .and(events)
                .and(sessions)
                .map_err(|e| e.to_string())
        }
        Some(JobKind::ProxyCleanup) => services
            .proxy()
            .cleanup()
            .await
            .map(|_| ())
            .map_err(|e| e.to_string()),
        // The caller's level was checked when it was queued; the system runs it.
        Some(JobKind::ProxyPurge) => match services.proxy().purge(&ctx).await {
            Ok(purged) => {
                tracing::info!(tenant = job.tenant_id, purged, "proxy cache purged");
                Ok(())
            }
            Err(e) => Err(e.to_string()),
        },
        None => Err(format!("unknown job kind \"{}\"", job.kind)),
    }
}

/// Queues a sync of every package not synced for `TASK_SYNC_INTERVAL`, and the daily
/// clean-up.
async fn scheduler(services: Services, mut stop: watch::Receiver<bool>) {
    let interval = services.settings().tasks.sync_interval;
    let tick = Duration::from_secs(interval.clamp(1, 60));
    let mut last_cleanup: Option<std::time::Instant> = None;
    while !*stop.borrow() {
        if interval > 0
            && let Err(e) = queue_due_syncs(&services, interval).await
        {
            tracing::warn!(error = %e, "cannot schedule syncs");
        }
        if last_cleanup.is_none_or(|t| t.elapsed() > Duration::from_secs(86_400)) {
            let queued = match default_id(services.db()).await {
                Ok(tenant) => {
                    services
                        .jobs()
                        .enqueue(
                            tenant,
                            JobKind::AuditCleanup,
                            json!({}),
                            Some("audit_cleanup".into()),
                        )
                        .await
                }
                Err(e) => Err(e),
            };
            if let Err(e) = &queued {
                tracing::warn!(error = %e, "cannot queue the daily clean-up");
            }
            if queued.is_ok() {
                last_cleanup = Some(std::time::Instant::now());
            }
        }
        tokio::select! {
            _ = tokio::time::sleep(tick) => {}
            _ = stop.changed() => {}
        }
    }
}

/// The proxy's periodic work: the upstreams' changes feeds every
/// `PROXY_CHANGES_INTERVAL`, and a clean-up job every `PROXY_CLEANUP_INTERVAL` (queued
/// through the database, so one server runs it).
async fn proxy_loop(services: Services, mut stop: watch::Receiver<bool>) {
    let settings = services.settings().proxy.clone();
    let changes_every = Duration::from_secs(settings.changes_interval.max(1));
    let cleanup_every = Duration::from_secs(settings.cleanup_interval.max(1));
    let mut next_changes = tokio::time::Instant::now();
    let mut next_cleanup = tokio::time::Instant::now() + cleanup_every;
    while !*stop.borrow() {
        let now = tokio::time::Instant::now();
        if now >= next_changes {
            if let Err(e) = services.proxy().follow_changes().await {
                tracing::warn!(error = %e, "cannot follow the upstreams' changes");
            }
            next_changes = now + changes_every;
        }
        if now >= next_cleanup {
            let queued = match default_id(services.db()).await {
                Ok(tenant) => {
                    services
                        .jobs()
                        .enqueue(
                            tenant,
                            JobKind::ProxyCleanup,
                            json!({}),
                            Some("proxy_cleanup".into()),
                        )
                        .await
                }
                Err(e) => Err(e),
            };
            if let Err(e) = queued {
                tracing::warn!(error = %e, "cannot queue the proxy clean-up");
            }
            next_cleanup = now + cleanup_every;
        }
        let wake = next_changes.min(next_cleanup);
        tokio::select! {
            _ = tokio::time::sleep_until(wake) => {}
            _ = stop.changed() => {}
        }
    }
}

async fn queue_due_syncs(services: &Services, interval: u64) -> Result<(), ServiceError> {
    for (tenant_id, package_id) in services.sync().due(interval).await? {
        services
            .jobs()
            .queue_sync(tenant_id, package_id, "schedule")
            .await?;
    }
    Ok(())
}
