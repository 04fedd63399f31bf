//! A server's side of the change log: register in `servers`, tail the log from the
//! sequence applied so far, drop the touched cache entries, and report progress in a
//! heartbeat row — at once after applying anything, since the change's writer waits
//! for it. PostgreSQL wakes the tailer with NOTIFY (a slow poll stays as the fallback);
//! on SQLite it polls the sequence, one indexed range query per tick.
//!
//! While this process has event listeners (GraphQL subscriptions), the tailer also
//! relays the events other processes wrote (see [`super::events`]).

use std::future::Future;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, OnceLock};
use std::time::{Duration, Instant};

use sea_orm::{ConnectionTrait, DatabaseBackend};
use tokio::sync::Notify;

use super::changes::{self, CHANNEL, HEARTBEAT};
use super::events;
use super::{ServiceResult, Services};

/// SQLite: how often the log is polled (a revocation reaches this server within it).
const SQLITE_POLL: Duration = Duration::from_millis(10);
/// PostgreSQL: the poll that catches what a lost notification would miss.
const POSTGRES_POLL: Duration = Duration::from_secs(1);
/// Entries applied per query.
const BATCH: u64 = 1000;
/// How often the batched use of tokens is written (done here rather than in a task of
/// its own: one fewer database connection held by an idle server).
const RECORD_USE: Duration = Duration::from_secs(5);
/// How often old events are deleted (by every server: the delete is by age, cheap and
/// idempotent).
const PRUNE_EVENTS: Duration = Duration::from_secs(300);

/// How long after its last confirmed heartbeat a server still answers from its caches.
/// Writers stop waiting for a server whose heartbeat is older than
/// [`changes::LIVE_WINDOW`] (a database outage, a stalled process): before then, it must
/// stop trusting what it cached, as it may miss what they change (the rest of the window
/// covers the heartbeat write's latency and clock skew between hosts).
const TRUSTED_FOR: Duration = Duration::from_millis(3500);

/// Whether this process may answer from its caches: always, unless it follows the
/// change log (a `serve` process) and its heartbeat has not been confirmed within
/// [`TRUSTED_FOR`]. One clock read and two atomic loads per check.
#[derive(Default)]
pub(crate) struct Freshness {
    following: AtomicBool,
    origin: OnceLock<Instant>,
    /// Milliseconds after `origin` of the last confirmed heartbeat.
    confirmed: AtomicU64,
}

impl Freshness {
    fn millis(&self, at: Instant) -> u64 {
        let origin = *self.origin.get_or_init(Instant::now);
        u64::try_from(at.saturating_duration_since(origin).as_millis()).unwrap_or(u64::MAX)
    }

    fn start(&self, at: Instant) {
        self.confirm(at);
        self.following.store(true, Ordering::SeqCst);
    }

    fn confirm(&self, at: Instant) {
        self.confirmed.fetch_max(self.millis(at), Ordering::SeqCst);
    }

    pub(crate) fn trusted(&self) -> bool {
        if !self.following.load(Ordering::Relaxed) {
            return true;
        }
        let age = self
            .millis(Instant::now())
            .saturating_sub(self.confirmed.load(Ordering::Relaxed));
        age < TRUSTED_FOR.as_millis() as u64
    }
}

/// Tails the change log for one `serve` process; see [`Follower::run`].
pub struct Follower {
    s: Services,
    applied: i64,
    address: Option<String>,
    wake: Arc<Notify>,
    poll: Duration,
    listener: Option<tokio::task::JoinHandle<()>>,
    /// The last event relayed to this process's listeners; `None` while it has none.
    relayed: Option<i64>,
}

impl Services {
    /// Registers this process as a server that applies the change log from now on.
    /// Call it before serving: everything cached later includes every earlier change.
    pub async fn follow_changes(&self, address: Option<String>) -> ServiceResult<Follower> {
        let db = self.db();
        let registered = Instant::now();
        let applied = changes::latest_seq(db).await?;
        changes::register(db, self.instance(), address.clone(), applied).await?;
        self.freshness().start(registered);
        let wake = Arc::new(Notify::new());
        let (poll, listener) = if db.get_database_backend() == DatabaseBackend::Postgres {
            let pool = db.get_postgres_connection_pool().clone();
            let task = tokio::spawn(listen(pool, wake.clone(), self.clone()));
            (POSTGRES_POLL, Some(task))
        } else {
            (SQLITE_POLL, None)
        };
        Ok(Follower {
            s: self.clone(),
            applied,
            address,
            wake,
            poll,
            listener,
            relayed: None,
        })
    }
}

impl Follower {
    /// The highest sequence this server has applied.
    pub fn applied(&self) -> i64 {
        self.applied
    }

    /// Applies changes as they come until `stop` resolves, then leaves the servers table.
    pub async fn run(mut self, stop: impl Future<Output = ()>) {
        tokio::pin!(stop);
        let mut last_beat = Instant::now();
        let mut last_use = Instant::now();
        let mut last_prune = Instant::now();
        let mut failing = false;
        loop {
            tokio::select! {
                _ = &mut stop => break,
                _ = self.wake.notified() => {}
                _ = tokio::time::sleep(self.poll) => {}
            }
            match self.catch_up().await {
                Ok(acked) => {
                    if failing {
                        tracing::info!("following changes again");
                        failing = false;
                    }
                    if acked {
                        last_beat = Instant::now();
                    }
                    if !self.s.freshness().trusted() {
                        // Writers may have stopped waiting for this server: beat, then
                        // apply what they wrote before it counted again, and only then
                        // answer from the caches again.
                        let at = Instant::now();
                        let regained = async {
                            self.beat().await?;
                            self.catch_up().await
                        };
                        match regained.await {
                            Ok(_) => {
                                self.s.freshness().confirm(at);
                                last_beat = at;
                            }
                            Err(e) => {
                                tracing::warn!(error = %e, "cannot catch up with the change log");
                                failing = true;
                                continue;
                            }
                        }
                    }
                }
                Err(e) => {
                    if !failing {
                        tracing::warn!(error = %e, "cannot read the change log; cached entries may be stale until it is back");
                        failing = true;
                    }
                    continue;
                }
            }
            if let Err(e) = self.relay_events().await {
                tracing::warn!(error = %e, "cannot read the events of other servers");
            }
            if last_beat.elapsed() >= HEARTBEAT {
                last_beat = Instant::now();
                if let Err(e) = self.beat().await {
                    tracing::warn!(error = %e, "cannot write this server's heartbeat");
                }
            }
            if last_use.elapsed() >= RECORD_USE {
                last_use = Instant::now();
                if let Err(e) = self.s.composer().flush_last_used().await {
                    tracing::warn!(error = %e, "cannot record token use");
                }
            }
            if last_prune.elapsed() >= PRUNE_EVENTS {
                last_prune = Instant::now();
                if let Err(e) = self.s.prune_events().await {
                    tracing::warn!(error = %e, "cannot delete old events");
                }
            }
        }
        if let Some(l) = self.listener.take() {
            l.abort();
        }
        if let Err(e) = changes::unregister(self.s.db(), self.s.instance()).await {
            tracing::warn!(error = %e, "cannot remove this server from the servers table");
        }
    }

    /// Applies every new entry of the log; returns whether it wrote the heartbeat (it
    /// does at once after applying others' changes: their writers are waiting).
    async fn catch_up(&mut self) -> ServiceResult<bool> {
        let mut acked = false;
        loop {
            let batch = changes::since(self.s.db(), self.applied, BATCH, self.s.instance()).await?;
            let full = batch.len() as u64 == BATCH;
            let mut others = false;
            for (c, mine) in batch {
                // This process dropped its own changes' entries when it wrote them.
                if !mine {
                    self.s.apply_change(c.tenant_id, c.target);
                    others = true;
                }
                self.applied = c.seq;
            }
            if others {
                self.beat().await?;
                acked = true;
            }
            if !full {
                return Ok(acked);
            }
        }
    }

    /// Tells this process's listeners what other processes wrote to the events since the
    /// last call; starts from when the first listener subscribed, and stops reading when
    /// the last one leaves.
    async fn relay_events(&mut self) -> ServiceResult<()> {
        if !self.s.events().listened() {
            self.relayed = None;
            return Ok(());
        }
        let db = self.s.db();
        let mut after = match self.relayed {
            Some(after) => after,
            None => events::last_before(db, self.s.events().listening_since()).await?,
        };
        loop {
            let (batch, last, full) = events::since(db, after, BATCH, self.s.instance()).await?;
            for e in batch {
                self.s.events().publish(e);
            }
            after = last;
            self.relayed = Some(after);
            if !full {
                return Ok(());
            }
        }
    }

    async fn beat(&self) -> ServiceResult<()> {
        let at = Instant::now();
        let db = self.s.db();
        if changes::heartbeat(db, self.s.instance(), self.applied).await? == 0 {
            // The row was pruned (a long outage): register again.
            changes::register(db, self.s.instance(), self.address.clone(), self.applied).await?;
        }
        // A beat extends the trust in the caches while it holds; regaining it lost takes
        // a catch-up after the beat (see `run`).
        if self.s.freshness().trusted() {
            self.s.freshness().confirm(at);
        }
        Ok(())
    }
}

/// Wakes the tailer on every NOTIFY of a change, and of an event while this process has
/// listeners; reconnects after a lost connection (and wakes the tailer then, as
/// notifications sent meanwhile are lost).
async fn listen(pool: sea_orm::sqlx::PgPool, wake: Arc<Notify>, s: Services) {
    use sea_orm::sqlx::postgres::PgListener;
    loop {
        match PgListener::connect_with(&pool).await {
            Ok(mut l) => match l.listen_all([CHANNEL, events::CHANNEL]).await {
                Ok(()) => {
                    wake.notify_one();
                    loop {
                        match l.try_recv().await {
                            Ok(Some(n)) => {
                                if n.channel() == CHANNEL || s.events().listened() {
                                    wake.notify_one();
                                }
                            }
                            // The connection was lost; the next call reconnects.
                            Ok(None) => wake.notify_one(),
                            Err(e) => {
                                tracing::debug!(error = %e, "change notifications stopped");
                                break;
                            }
                        }
                    }
                }
                Err(e) => tracing::debug!(error = %e, "cannot LISTEN for changes"),
            },
            Err(e) => tracing::debug!(error = %e, "cannot connect to LISTEN for changes"),
        }
        tokio::time::sleep(Duration::from_secs(1)).await;
    }
}
