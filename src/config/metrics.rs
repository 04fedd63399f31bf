//! `[metrics]`: who may read `GET /metrics`.

use serde::{Deserialize, Serialize};

use super::secret::Secret;

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct MetricsSettings {
    /// When set, `/metrics` answers only `Authorization: Bearer <token>` (or HTTP Basic
    /// with the token as password); when unset it is open to anyone who reaches it, so
    /// block it at the reverse proxy (`METRICS_TOKEN`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub token: Option<Secret>,
}
