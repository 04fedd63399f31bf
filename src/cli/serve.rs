//! `cargoman serve`: migrate, print a bootstrap admin token on first start, and run
//! the HTTP server until SIGTERM or SIGINT.

use clap::Args;
use tokio::net::TcpListener;

use super::App;
use crate::config::Settings;
use crate::http;

#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Address to listen on (env HOST)
    #[arg(long)]
    pub host: Option<String>,
    /// Port to listen on; 0 picks a free one (env PORT)
    #[arg(long)]
    pub port: Option<u16>,
}

pub async fn run(app: App, args: ServeArgs) -> anyhow::Result<()> {
    let mut settings: Settings = (*app.settings).clone();
    if let Some(host) = args.host {
        settings.server.host = host;
    }
    if let Some(port) = args.port {
        settings.server.port = port;
    }
    let app = App {
        settings: std::sync::Arc::new(settings),
        ..app
    };
    let services = app.services_migrated().await?;
    if let Some(issued) = services.admin_tokens().bootstrap().await? {
        // Printed, never logged: this is the only time the secret exists outside a hash.
        app.ui.note(format!(
            "No admin credential was configured: generated an owner token (shown only now):\n\n    {}\n\nUse it as `Authorization: Bearer <token>` on /api/v1 and /graphql.\n",
            issued.plain_token
        ));
    }
    let addr = format!("{}:{}", app.settings.server.host, app.settings.server.port);
    let listener = TcpListener::bind(&addr)
        .await
        .map_err(|e| anyhow::anyhow!("cannot listen on {addr}: {e}"))?;
    let background = crate::tasks::start(services.clone());
    let served = http::serve(listener, services, shutdown_signal()).await;
    background.stop().await;
    served
}

/// Resolves on SIGTERM or SIGINT.
async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = term => {},
    }
    tracing::info!("shutdown requested; finishing in-flight requests");
}
