//! The HTTP server: assembly of the routes, and running it on a listener until a
//! shutdown future resolves (tests pass a listener on port 0).

pub mod ops;

use std::future::Future;
use std::time::Duration;

use poem::listener::{Acceptor, TcpAcceptor};
use poem::middleware::Tracing;
use poem::{EndpointExt, Route, Server, get};
use tokio::net::TcpListener;

use crate::service::Services;

/// All routes of the server, sharing `services`.
pub fn app(services: Services) -> impl poem::Endpoint {
    Route::new()
        .at("/health", get(ops::health))
        .at("/ready", get(ops::ready))
        .data(services)
        .with(Tracing)
}

/// Serves on `listener` until `shutdown` resolves, then lets in-flight requests finish
/// (at most 30 seconds).
pub async fn serve(
    listener: TcpListener,
    services: Services,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> anyhow::Result<()> {
    let acceptor = TcpAcceptor::from_tokio(listener)?;
    let local = acceptor.local_addr();
    if let Some(addr) = local.first() {
        tracing::info!(address = %addr, "listening");
    }
    Server::new_with_acceptor(acceptor)
        .run_with_graceful_shutdown(app(services), shutdown, Some(Duration::from_secs(30)))
        .await?;
    Ok(())
}
