//! The event bus: what services finished (a sync, a change to a customer, installs
//! reported by Composer), broadcast to whoever listens (GraphQL subscriptions).
//!
//! An event is heard on every server of a deployment, whichever process did the work
//! (another server, a background worker, the CLI): the process that did it writes it to
//! the `events` table — in the work's own transaction where there is one — and tells its
//! own listeners once committed; every `serve` process that has listeners tails the table
//! (see [`super::follow`]) and tells its listeners what the others wrote. A process
//! without listeners does not read the table at all. A listener that falls too far behind
//! misses the oldest events rather than slowing the publisher; events are kept for an
//! hour.

use std::time::Duration;

use chrono::{DateTime, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseBackend, DatabaseTransaction, EntityTrait, QueryFilter,
    QueryOrder, QuerySelect, Set, Statement, TransactionTrait,
};
use serde::{Deserialize, Serialize};
use tokio::sync::broadcast;

use super::{ServiceResult, Services, now};
use crate::db::entities::event;

/// Events a slow listener may lag behind before it misses some.
const CAPACITY: usize = 1024;
/// Serialises event inserts on PostgreSQL until commit, so that sequence order is commit
/// order and a tailer that has read up to `n` never misses an earlier event.
const EVENT_LOCK_KEY: i64 = 0x6361_7267_6f65_766e; // "cargoevn"
/// The NOTIFY channel that wakes PostgreSQL tailers with listeners.
pub const CHANNEL: &str = "cargoman_events";
/// How long events are kept for tailers.
const KEEP: Duration = Duration::from_secs(3600);

/// Something that happened in a tenant.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Event {
    PackageSynced(PackageSynced),
    CustomerActivity(CustomerActivity),
}

impl Event {
    pub fn tenant_id(&self) -> i64 {
        match self {
            Event::PackageSynced(e) => e.tenant_id,
            Event::CustomerActivity(e) => e.tenant_id,
        }
    }
}

/// A sync of a package finished: the versions it added, moved and removed, or why it
/// failed (the previous versions keep serving then).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PackageSynced {
    pub tenant_id: i64,
    pub package: String,
    pub added: Vec<String>,
    pub updated: Vec<String>,
    pub removed: Vec<String>,
    pub error: Option<String>,
    pub at: DateTime<Utc>,
}

/// A change made to a customer (`grant.create`, `customer.suspend`, `token.issue`…), or
/// installs its Composer reported (`download`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CustomerActivity {
    pub tenant_id: i64,
    pub customer_id: i64,
    pub customer: String,
    pub action: String,
    pub at: DateTime<Utc>,
}

impl CustomerActivity {
    /// `action` on customer `customer_id`, stamped now.
    pub fn now(tenant_id: i64, customer_id: i64, customer: &str, action: &str) -> Self {
        Self {
            tenant_id,
            customer_id,
            customer: customer.to_string(),
            action: action.to_string(),
            at: now(),
        }
    }
}

/// The sending side, held by `Services`; cheap to publish to when nobody listens.
pub struct Events {
    tx: broadcast::Sender<Event>,
    /// When the current listeners started listening (the first of them).
    since: std::sync::Mutex<DateTime<Utc>>,
}

impl Default for Events {
    fn default() -> Self {
        Self {
            tx: broadcast::channel(CAPACITY).0,
            since: std::sync::Mutex::new(Utc::now()),
        }
    }
}

impl Events {
    /// Sends `event` to every current listener of this process (none: dropped). Other
    /// processes hear only what is [`record`]ed.
    pub fn publish(&self, event: Event) {
        let _ = self.tx.send(event);
    }

    /// Listens from now on.
    pub fn subscribe(&self) -> broadcast::Receiver<Event> {
        if let Ok(mut since) = self.since.lock()
            && self.tx.receiver_count() == 0
        {
            *since = now();
        }
        self.tx.subscribe()
    }

    /// When the first of the current listeners subscribed.
    pub(crate) fn listening_since(&self) -> DateTime<Utc> {
        self.since.lock().map_or_else(|_| Utc::now(), |s| *s)
    }

    /// Whether anyone in this process listens.
    pub fn listened(&self) -> bool {
        self.tx.receiver_count() > 0
    }

    /// Publishes a [`CustomerActivity`] stamped now to this process's listeners.
    pub fn customer_activity(
        &self,
        tenant_id: i64,
        customer_id: i64,
        customer: &str,
        action: &str,
    ) {
        self.publish(Event::CustomerActivity(CustomerActivity::now(
            tenant_id,
            customer_id,
            customer,
            action,
        )));
    }
}

impl Services {
    /// Records `event` for the other processes in a transaction of its own, then tells
    /// this process's listeners. A failure to record is logged: the work it reports is
    /// done and committed either way.
    pub(crate) async fn announce(&self, event: Event) {
        let recorded = async {
            let txn = self.db().begin().await?;
            record(&txn, self.instance(), &event).await?;
            txn.commit().await?;
            ServiceResult::Ok(())
        };
        if let Err(e) = recorded.await {
            tracing::warn!(error = %e, "cannot record an event for the other servers");
        }
        self.events().publish(event);
    }

    /// Deletes events older than an hour.
    pub async fn prune_events(&self) -> ServiceResult<u64> {
        let cutoff = Utc::now() - KEEP;
        let res = event::Entity::delete_many()
            .filter(event::Column::CreatedAt.lt(cutoff))
            .exec(self.db())
            .await?;
        Ok(res.rows_affected)
    }
}

/// Writes `event` on `txn` (call it last in the transaction: on PostgreSQL it holds a
/// lock until commit), for the servers that tail the table.
pub(crate) async fn record(
    txn: &DatabaseTransaction,
    origin: &str,
    event: &Event,
) -> ServiceResult<()> {
    let backend = txn.get_database_backend();
    if backend == DatabaseBackend::Postgres {
        txn.execute(Statement::from_string(
            backend,
            format!("SELECT pg_advisory_xact_lock({EVENT_LOCK_KEY})"),
        ))
        .await?;
    }
    let payload = serde_json::to_string(event)
        .map_err(|e| super::ServiceError::Internal(format!("cannot encode an event: {e}")))?;
    event::Entity::insert(event::ActiveModel {
        tenant_id: Set(event.tenant_id()),
        payload: Set(payload),
        origin: Set(origin.to_string()),
        created_at: Set(now()),
        ..Default::default()
    })
    .exec(txn)
    .await?;
    if backend == DatabaseBackend::Postgres {
        txn.execute(Statement::from_sql_and_values(
            backend,
            "SELECT pg_notify($1, '')",
            [CHANNEL.into()],
        ))
        .await?;
    }
    Ok(())
}

/// The highest sequence of the events written before `at` (0 when none).
pub(crate) async fn last_before(
    conn: &impl ConnectionTrait,
    at: DateTime<Utc>,
) -> ServiceResult<i64> {
    let seq: Option<i64> = event::Entity::find()
        .select_only()
        .column_as(Expr::col(event::Column::Seq).max(), "seq")
        .filter(event::Column::CreatedAt.lt(at))
        .into_tuple::<Option<i64>>()
        .one(conn)
        .await?
        .flatten();
    Ok(seq.unwrap_or(0))
}

/// Events after `after` that another process than `me` wrote, oldest first (at most
/// `limit` rows read), with the highest sequence read. Rows that do not parse (written
/// by a newer version) are skipped.
pub(crate) async fn since(
    conn: &impl ConnectionTrait,
    after: i64,
    limit: u64,
    me: &str,
) -> ServiceResult<(Vec<Event>, i64, bool)> {
    let rows = event::Entity::find()
        .filter(event::Column::Seq.gt(after))
        .order_by_asc(event::Column::Seq)
        .limit(limit)
        .all(conn)
        .await?;
    let full = rows.len() as u64 == limit;
    let last = rows.last().map_or(after, |r| r.seq);
    let events = rows
        .into_iter()
        .filter(|r| r.origin != me)
        .filter_map(|r| serde_json::from_str(&r.payload).ok())
        .collect();
    Ok((events, last, full))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn listeners_hear_events_published_after_they_subscribed() {
        let events = Events::default();
        events.customer_activity(1, 2, "early", "customer.create");
        let mut rx = events.subscribe();
        events.customer_activity(1, 3, "acme", "grant.create");
        let Event::CustomerActivity(a) = rx.recv().await.unwrap() else {
            panic!("wrong event");
        };
        assert_eq!((a.customer_id, a.customer.as_str()), (3, "acme"));
        assert_eq!(a.action, "grant.create");
        assert!(rx.try_recv().is_err());
    }
}
