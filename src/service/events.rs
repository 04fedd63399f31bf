//! The event bus of one process: what its services finished (a sync, a change to a
//! customer, installs reported by Composer), broadcast to whoever listens (GraphQL
//! subscriptions). Events are published after the work is committed; a listener that
//! falls too far behind misses the oldest ones rather than slowing the publisher.
//! Work done by other processes (the CLI, other servers) is not heard here.

use chrono::{DateTime, Utc};
use tokio::sync::broadcast;

/// Events a slow listener may lag behind before it misses some.
const CAPACITY: usize = 1024;

/// Something that happened in a tenant.
#[derive(Debug, Clone, PartialEq, Eq)]
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
#[derive(Debug, Clone, PartialEq, Eq)]
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
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CustomerActivity {
    pub tenant_id: i64,
    pub customer_id: i64,
    pub customer: String,
    pub action: String,
    pub at: DateTime<Utc>,
}

/// The sending side, held by `Services`; cheap to publish to when nobody listens.
pub struct Events {
    tx: broadcast::Sender<Event>,
}

impl Default for Events {
    fn default() -> Self {
        Self {
            tx: broadcast::channel(CAPACITY).0,
        }
    }
}

impl Events {
    /// Sends `event` to every current listener (none: dropped).
    pub fn publish(&self, event: Event) {
        let _ = self.tx.send(event);
    }

    /// Listens from now on.
    pub fn subscribe(&self) -> broadcast::Receiver<Event> {
        self.tx.subscribe()
    }

    /// Publishes a [`CustomerActivity`] stamped now.
    pub fn customer_activity(
        &self,
        tenant_id: i64,
        customer_id: i64,
        customer: &str,
        action: &str,
    ) {
        self.publish(Event::CustomerActivity(CustomerActivity {
            tenant_id,
            customer_id,
            customer: customer.to_string(),
            action: action.to_string(),
            at: super::now(),
        }));
    }
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
