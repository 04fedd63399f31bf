//! Subscriptions (over WebSocket): `packageSynced` and `customerActivity`, from the event
//! bus (which hears work done by every server and the CLI, see `service::events`), each
//! subscriber seeing only its own tenant's events.

use std::marker::PhantomData;

use async_graphql::{Context, ID, Result, Subscription};
use futures::Stream;
use tokio::sync::broadcast::{self, error::RecvError};

use super::backend::Backend;
use super::inputs::numeric_id;
use super::parts;
use super::types::{CustomerActivity, PackageSynced};
use crate::service::events::Event;

pub struct Subscription<B>(PhantomData<fn() -> B>);

impl<B> Default for Subscription<B> {
    fn default() -> Self {
        Self(PhantomData)
    }
}

#[Subscription]
impl<B: Backend> Subscription<B> {
    /// Each finished sync (queued by a mutation, a webhook or the scheduler), or only
    /// those of `package`.
    async fn package_synced(
        &self,
        ctx: &Context<'_>,
        package: Option<String>,
    ) -> Result<impl Stream<Item = PackageSynced> + use<B>> {
        let (b, p) = parts::<B>(ctx)?;
        let tenant = p.tenant_id;
        Ok(events(b.subscribe(), move |e| match e {
            Event::PackageSynced(s)
                if s.tenant_id == tenant && package.as_ref().is_none_or(|n| *n == s.package) =>
            {
                Some(s.into())
            }
            _ => None,
        }))
    }

    /// Changes made to customers (grants, status, tokens) and the installs their
    /// Composer reports; or only those of the customer with id `customerId`.
    async fn customer_activity(
        &self,
        ctx: &Context<'_>,
        customer_id: Option<ID>,
    ) -> Result<impl Stream<Item = CustomerActivity> + use<B>> {
        let (b, p) = parts::<B>(ctx)?;
        let tenant = p.tenant_id;
        let only = customer_id
            .map(|id| numeric_id("customerId", &id))
            .transpose()?;
        Ok(events(b.subscribe(), move |e| match e {
            Event::CustomerActivity(a)
                if a.tenant_id == tenant && only.is_none_or(|id| id == a.customer_id) =>
            {
                Some(a.into())
            }
            _ => None,
        }))
    }
}

/// The events of `rx` that `pick` keeps, converted. A subscriber that fell behind
/// skips what it missed and goes on.
fn events<T>(
    rx: broadcast::Receiver<Event>,
    pick: impl Fn(Event) -> Option<T> + Send + 'static,
) -> impl Stream<Item = T> {
    futures::stream::unfold((rx, pick), |(mut rx, pick)| async move {
        loop {
            match rx.recv().await {
                Ok(e) => {
                    if let Some(item) = pick(e) {
                        return Some((item, (rx, pick)));
                    }
                }
                Err(RecvError::Lagged(n)) => {
                    tracing::debug!(missed = n, "a GraphQL subscriber fell behind");
                }
                Err(RecvError::Closed) => return None,
            }
        }
    })
}
