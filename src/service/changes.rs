//! The change log (product.md section 9): every write that changes what Composer clients
//! see records what it touched — a customer, a token, a package, or a whole tenant — in
//! its own transaction. The writing process drops exactly those cached entries at
//! commit; every `serve` process tails the log from the sequence it has applied and does
//! the same (woken by LISTEN/NOTIFY on PostgreSQL, by a cheap indexed poll on SQLite).
//!
//! A change is not finished when it commits: its writer waits, bounded, until every live
//! server reports in its heartbeat row that it applied the change, so that once the
//! command returns every server serves the new state — above all, none accepts access
//! that was just taken away (a revoked token, a suspended customer, a revoked grant…).
//! A server that does not report in time is named.

use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Expr, OnConflict};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseBackend, DatabaseTransaction, EntityTrait, QueryFilter,
    QueryOrder, QuerySelect, Set, Statement,
};

use super::events::{self, CustomerActivity, Event};
use super::{ServiceResult, Services, now};
use crate::db::entities::{change, server};

/// Serialises change-log inserts on PostgreSQL until commit, so that sequence order is
/// commit order and a tailer that has seen `n` has seen everything before it.
const CHANGE_LOCK_KEY: i64 = 0x6361_7267_6f63_6867; // "cargochg"
/// The NOTIFY channel that wakes PostgreSQL tailers.
pub const CHANNEL: &str = "cargoman_changes";
/// Longest a writer waits for other servers to apply a change that takes access away.
const SETTLE_TIMEOUT: Duration = Duration::from_secs(2);
/// A server whose heartbeat is older than this is gone (killed, cut off): not waited for.
pub const LIVE_WINDOW: Duration = Duration::from_secs(5);
/// How often a server writes its heartbeat (and the sequence it has applied).
pub const HEARTBEAT: Duration = Duration::from_secs(1);

/// What a change touched; each names the cached entries to drop.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    Customer(i64),
    Token(i64),
    Package(i64),
    /// A cached proxy file (its `proxy_cache` row).
    Proxy(i64),
    /// Something every caller of the tenant sees (a tenant setting, its status).
    Tenant,
}

impl Target {
    fn kind(self) -> &'static str {
        match self {
            Target::Customer(_) => "customer",
            Target::Token(_) => "token",
            Target::Package(_) => "package",
            Target::Proxy(_) => "proxy",
            Target::Tenant => "tenant",
        }
    }

    fn id(self) -> Option<i64> {
        match self {
            Target::Customer(id) | Target::Token(id) | Target::Package(id) | Target::Proxy(id) => {
                Some(id)
            }
            Target::Tenant => None,
        }
    }

    fn from_row(kind: &str, id: Option<i64>) -> Option<Self> {
        Some(match (kind, id) {
            ("customer", Some(id)) => Target::Customer(id),
            ("token", Some(id)) => Target::Token(id),
            ("package", Some(id)) => Target::Package(id),
            ("proxy", Some(id)) => Target::Proxy(id),
            ("tenant", _) => Target::Tenant,
            _ => return None,
        })
    }
}

/// The targets of one write, committed with it by [`Services::commit_change`].
#[derive(Debug, Clone)]
pub struct ChangeSet {
    tenant_id: i64,
    targets: Vec<Target>,
    revokes: bool,
    /// Published as a customer activity once the change is committed.
    activity: Option<Activity>,
}

/// A change made to a customer, for subscribers (see [`super::events`]).
#[derive(Debug, Clone)]
struct Activity {
    customer_id: i64,
    customer: String,
    action: String,
}

impl ChangeSet {
    pub fn new(tenant_id: i64) -> Self {
        Self {
            tenant_id,
            targets: Vec::new(),
            revokes: false,
            activity: None,
        }
    }

    pub fn customer(mut self, id: i64) -> Self {
        self.targets.push(Target::Customer(id));
        self
    }

    pub fn customers(mut self, ids: impl IntoIterator<Item = i64>) -> Self {
        self.targets.extend(ids.into_iter().map(Target::Customer));
        self
    }

    pub fn token(mut self, id: i64) -> Self {
        self.targets.push(Target::Token(id));
        self
    }

    pub fn package(mut self, id: i64) -> Self {
        self.targets.push(Target::Package(id));
        self
    }

    pub fn proxy(mut self, row_id: i64) -> Self {
        self.targets.push(Target::Proxy(row_id));
        self
    }

    pub fn tenant(mut self) -> Self {
        self.targets.push(Target::Tenant);
        self
    }

    /// The change takes access away: a server that does not apply it in time may
    /// still accept that access, which the writer reports loudly.
    pub fn revoking(mut self) -> Self {
        self.revokes = true;
        self
    }

    /// The change is `action` (as in the audit log) on customer `customer_id`: an event
    /// for subscribers on every server, written with the change.
    pub fn activity(mut self, customer_id: i64, customer: &str, action: &str) -> Self {
        self.activity = Some(Activity {
            customer_id,
            customer: customer.to_string(),
            action: action.to_string(),
        });
        self
    }
}

/// One applied entry of the log.
#[derive(Debug, Clone, Copy)]
pub struct Applied {
    pub seq: i64,
    pub tenant_id: i64,
    pub target: Target,
    pub revokes: bool,
}

impl Services {
    /// Records `changes` in the change log on `txn` (and its activity in the events),
    /// commits, drops the touched entries from this process's caches, and waits until
    /// every other live server has applied the change too; then tells this process's
    /// listeners of its activity, if any.
    pub(crate) async fn commit_change(
        &self,
        txn: DatabaseTransaction,
        changes: ChangeSet,
    ) -> ServiceResult<()> {
        let activity = changes.activity.as_ref().map(|a| {
            Event::CustomerActivity(CustomerActivity::now(
                changes.tenant_id,
                a.customer_id,
                &a.customer,
                &a.action,
            ))
        });
        let seq = if changes.targets.is_empty() {
            None
        } else {
            Some(record(&txn, &changes, self.instance()).await?)
        };
        if let Some(event) = &activity {
            events::record(&txn, self.instance(), event).await?;
        }
        txn.commit().await?;
        if let Some(seq) = seq {
            for t in &changes.targets {
                self.apply_change(changes.tenant_id, *t);
            }
            self.settle(seq, changes.revokes).await;
        }
        if let Some(event) = activity {
            self.events().publish(event);
        }
        Ok(())
    }

    /// Waits (at most [`SETTLE_TIMEOUT`]) until every live server other than this process
    /// has applied change `seq`; names those that have not.
    pub(crate) async fn settle(&self, seq: i64, revokes: bool) {
        let started = Instant::now();
        loop {
            let lagging = match self.lagging_servers(seq).await {
                Ok(l) => l,
                Err(e) => {
                    tracing::warn!(error = %e, "cannot check that every server applied the change");
                    return;
                }
            };
            if lagging.is_empty() {
                return;
            }
            if started.elapsed() >= SETTLE_TIMEOUT {
                let secs = SETTLE_TIMEOUT.as_secs();
                for s in lagging {
                    let address = s.address.as_deref().unwrap_or("?");
                    if revokes {
                        tracing::warn!(
                            server = %s.id, applied = s.applied_seq, change = seq,
                            "server {} (pid {}, {address}) has not applied this change after {secs} s: it may still accept the access just taken away",
                            s.hostname, s.pid
                        );
                    } else {
                        tracing::warn!(
                            server = %s.id, applied = s.applied_seq, change = seq,
                            "server {} (pid {}, {address}) has not applied this change after {secs} s: it serves the old state until it does",
                            s.hostname, s.pid
                        );
                    }
                }
                return;
            }
            tokio::time::sleep(Duration::from_millis(3)).await;
        }
    }

    /// Deletes change-log entries older than a day that every live server has applied.
    pub async fn prune_changes(&self) -> ServiceResult<u64> {
        prune(self.db(), Duration::from_secs(86_400)).await
    }

    async fn lagging_servers(&self, seq: i64) -> ServiceResult<Vec<server::Model>> {
        let rows = server::Entity::find()
            .filter(server::Column::AppliedSeq.lt(seq))
            .filter(server::Column::Id.ne(self.instance()))
            .all(self.db())
            .await?;
        let live_since = Utc::now() - LIVE_WINDOW;
        Ok(rows
            .into_iter()
            .filter(|s| s.heartbeat_at > live_since)
            .collect())
    }
}

/// Inserts the change rows; returns the highest sequence written.
async fn record(
    txn: &DatabaseTransaction,
    changes: &ChangeSet,
    origin: &str,
) -> ServiceResult<i64> {
    let backend = txn.get_database_backend();
    if backend == DatabaseBackend::Postgres {
        txn.execute(Statement::from_string(
            backend,
            format!("SELECT pg_advisory_xact_lock({CHANGE_LOCK_KEY})"),
        ))
        .await?;
    }
    let at = now();
    let rows = changes.targets.iter().map(|t| change::ActiveModel {
        tenant_id: Set(changes.tenant_id),
        kind: Set(t.kind().to_string()),
        target_id: Set(t.id()),
        revokes: Set(changes.revokes),
        origin: Set(origin.to_string()),
        created_at: Set(at),
        ..Default::default()
    });
    change::Entity::insert_many(rows).exec(txn).await?;
    // Under the lock (PostgreSQL) or the write lock (SQLite): the highest is ours.
    let seq = latest_seq(txn).await?;
    if backend == DatabaseBackend::Postgres {
        txn.execute(Statement::from_sql_and_values(
            backend,
            "SELECT pg_notify($1, $2)",
            [CHANNEL.into(), seq.to_string().into()],
        ))
        .await?;
    }
    Ok(seq)
}

/// The highest sequence in the log (0 when empty).
pub(crate) async fn latest_seq(conn: &impl ConnectionTrait) -> ServiceResult<i64> {
    let seq: Option<i64> = change::Entity::find()
        .select_only()
        .column(change::Column::Seq)
        .order_by_desc(change::Column::Seq)
        .limit(1)
        .into_tuple()
        .one(conn)
        .await?;
    Ok(seq.unwrap_or(0))
}

/// Log entries after `after`, oldest first (at most `limit`), each with whether process
/// `me` wrote it.
pub(crate) async fn since(
    conn: &impl ConnectionTrait,
    after: i64,
    limit: u64,
    me: &str,
) -> ServiceResult<Vec<(Applied, bool)>> {
    let rows = change::Entity::find()
        .filter(change::Column::Seq.gt(after))
        .order_by_asc(change::Column::Seq)
        .limit(limit)
        .all(conn)
        .await?;
    Ok(rows
        .into_iter()
        .map(|r| {
            // An unknown kind (written by a newer version) drops the whole tenant.
            let target = Target::from_row(&r.kind, r.target_id).unwrap_or(Target::Tenant);
            let applied = Applied {
                seq: r.seq,
                tenant_id: r.tenant_id,
                target,
                revokes: r.revokes,
            };
            (applied, r.origin == me)
        })
        .collect())
}

/// Registers a server (or refreshes its row) with the sequence it starts from.
pub(crate) async fn register(
    conn: &impl ConnectionTrait,
    id: &str,
    address: Option<String>,
    applied: i64,
) -> ServiceResult<()> {
    let at = now();
    let row = server::ActiveModel {
        id: Set(id.to_string()),
        hostname: Set(hostname()),
        pid: Set(i64::from(std::process::id())),
        address: Set(address),
        applied_seq: Set(applied),
        started_at: Set(at),
        heartbeat_at: Set(at),
    };
    server::Entity::insert(row)
        .on_conflict(
            OnConflict::column(server::Column::Id)
                .update_columns([server::Column::AppliedSeq, server::Column::HeartbeatAt])
                .to_owned(),
        )
        .exec(conn)
        .await?;
    Ok(())
}

/// Writes a server's heartbeat with the sequence it has applied.
pub(crate) async fn heartbeat(
    conn: &impl ConnectionTrait,
    id: &str,
    applied: i64,
) -> ServiceResult<u64> {
    let res = server::Entity::update_many()
        .col_expr(server::Column::AppliedSeq, Expr::value(applied))
        .col_expr(server::Column::HeartbeatAt, Expr::value(now()))
        .filter(server::Column::Id.eq(id))
        .exec(conn)
        .await?;
    Ok(res.rows_affected)
}

pub(crate) async fn unregister(conn: &impl ConnectionTrait, id: &str) -> ServiceResult<()> {
    server::Entity::delete_by_id(id.to_string())
        .exec(conn)
        .await?;
    Ok(())
}

/// Deletes log entries older than `keep` that every live server has applied, and the
/// rows of servers gone for longer than that.
async fn prune(conn: &impl ConnectionTrait, keep: Duration) -> ServiceResult<u64> {
    let cutoff: DateTime<Utc> = Utc::now() - keep;
    server::Entity::delete_many()
        .filter(server::Column::HeartbeatAt.lt(cutoff))
        .exec(conn)
        .await?;
    let slowest: Option<i64> = server::Entity::find()
        .select_only()
        .column(server::Column::AppliedSeq)
        .order_by_asc(server::Column::AppliedSeq)
        .limit(1)
        .into_tuple()
        .one(conn)
        .await?;
    let mut delete = change::Entity::delete_many().filter(change::Column::CreatedAt.lt(cutoff));
    if let Some(s) = slowest {
        delete = delete.filter(change::Column::Seq.lte(s));
    }
    Ok(delete.exec(conn).await?.rows_affected)
}

fn hostname() -> String {
    std::fs::read_to_string("/proc/sys/kernel/hostname")
        .map(|h| h.trim().to_string())
        .ok()
        .filter(|h| !h.is_empty())
        .unwrap_or_else(|| "unknown".into())
}
