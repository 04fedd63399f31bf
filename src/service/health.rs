//! Readiness: can this process reach its database and its storage?
//!
//! Load balancers ask often, so an answer must be cheap: the database gets a ping
//! (bounded in time), while the storage round trip (write, read back, delete a marker)
//! runs at most once per `storage.check_interval` (30 s) when it succeeded and once per
//! [`STORAGE_RETRY`] when it failed; callers in between share the last result. The
//! answer names what is down but never carries the driver's error text, which goes to
//! the log instead.

use std::time::{Duration, Instant};

use serde::Serialize;

use super::Services;

/// How long a failed storage check stands before it is tried again.
const STORAGE_RETRY: Duration = Duration::from_secs(2);
/// The longest either check may take before it counts as failed.
const CHECK_TIMEOUT: Duration = Duration::from_secs(3);

#[derive(Debug, Clone, Serialize)]
pub struct Readiness {
    pub ready: bool,
    pub database: Check,
    pub storage: Check,
}

#[derive(Debug, Clone, Serialize)]
pub struct Check {
    pub ok: bool,
    /// What is wrong, in words that reveal nothing of the deployment.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<&'static str>,
}

impl Check {
    const OK: Check = Check {
        ok: true,
        error: None,
    };

    fn failed(reason: &'static str) -> Self {
        Check {
            ok: false,
            error: Some(reason),
        }
    }
}

/// The last storage check of this process, shared by concurrent callers (one check
/// runs at a time; the others wait for it and take its result).
#[derive(Default)]
pub(crate) struct StorageProbe {
    last: tokio::sync::Mutex<Option<(Instant, Check)>>,
}

impl Services {
    pub async fn readiness(&self) -> Readiness {
        let database = match tokio::time::timeout(CHECK_TIMEOUT, self.db().ping()).await {
            Ok(Ok(())) => Check::OK,
            Ok(Err(e)) => {
                tracing::warn!(error = %e, "readiness: the database does not answer");
                Check::failed("unreachable")
            }
            Err(_) => {
                tracing::warn!("readiness: the database did not answer in time");
                Check::failed("timed out")
            }
        };
        let storage = self.storage_check().await;
        Readiness {
            ready: database.ok && storage.ok,
            database,
            storage,
        }
    }

    async fn storage_check(&self) -> Check {
        let mut last = self.inner.storage_probe.last.lock().await;
        if let Some((at, check)) = &*last {
            let interval = Duration::from_secs(self.settings().storage.check_interval);
            let fresh = if check.ok {
                interval
            } else {
                STORAGE_RETRY.min(interval)
            };
            if at.elapsed() < fresh {
                return check.clone();
            }
        }
        let check = match tokio::time::timeout(CHECK_TIMEOUT, self.storage().check()).await {
            Ok(Ok(())) => Check::OK,
            Ok(Err(e)) => {
                tracing::warn!(error = %e, "readiness: the storage check failed");
                Check::failed("unreachable")
            }
            Err(_) => {
                tracing::warn!("readiness: the storage did not answer in time");
                Check::failed("timed out")
            }
        };
        *last = Some((Instant::now(), check.clone()));
        check
    }
}
