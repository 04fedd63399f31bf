//! A server's side of the change log: register in `servers`, tail the log from the
//! sequence applied so far, drop the touched cache entries, and report progress in a
//! heartbeat row — at once after applying anything, since the change's writer waits
//! for it. PostgreSQL wakes the tailer with NOTIFY (a slow poll stays as the fallback);
//! on SQLite it polls the sequence, one indexed range query per tick.

use std::future::Future;
use std::sync::Arc;
use std::time::{Duration, Instant};

use sea_orm::{ConnectionTrait, DatabaseBackend};
use tokio::sync::Notify;

use super::changes::{self, CHANNEL, HEARTBEAT};
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

/// Tails the change log for one `serve` process; see [`Follower::run`].
pub struct Follower {
    s: Services,
    applied: i64,
    address: Option<String>,
    wake: Arc<Notify>,
    poll: Duration,
    listener: Option<tokio::task::JoinHandle<()>>,
}

impl Services {
    /// Registers this process as a server that applies the change log from now on.
    /// Call it before serving: everything cached later includes every earlier change.
    pub async fn follow_changes(&self, address: Option<String>) -> ServiceResult<Follower> {
        let db = self.db();
        let applied = changes::latest_seq(db).await?;
        changes::register(db, self.instance(), address.clone(), applied).await?;
        let wake = Arc::new(Notify::new());
        let (poll, listener) = if db.get_database_backend() == DatabaseBackend::Postgres {
            let pool = db.get_postgres_connection_pool().clone();
            let task = tokio::spawn(listen(pool, wake.clone()));
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
                }
                Err(e) => {
                    if !failing {
                        tracing::warn!(error = %e, "cannot read the change log; cached entries may be stale until it is back");
                        failing = true;
                    }
                    continue;
                }
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

    async fn beat(&self) -> ServiceResult<()> {
        let db = self.s.db();
        if changes::heartbeat(db, self.s.instance(), self.applied).await? == 0 {
            // The row was pruned (a long outage): register again.
            changes::register(db, self.s.instance(), self.address.clone(), self.applied).await?;
        }
        Ok(())
    }
}

/// Wakes the tailer on every NOTIFY; reconnects after a lost connection (and wakes the
/// tailer then, as notifications sent meanwhile are lost).
async fn listen(pool: sea_orm::sqlx::PgPool, wake: Arc<Notify>) {
    use sea_orm::sqlx::postgres::PgListener;
    loop {
        match PgListener::connect_with(&pool).await {
            Ok(mut l) => match l.listen(CHANNEL).await {
                Ok(()) => {
                    wake.notify_one();
                    loop {
                        match l.try_recv().await {
                            Ok(Some(_)) => wake.notify_one(),
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
