//! What a registry holds, and its downloads per day.

use poem_openapi::OpenApi;
use poem_openapi::param::Query;
use poem_openapi::payload::Json;

use super::support::{AdminAuth, ApiResult, Doc, Tag, ok};
use crate::service::Services;
use crate::service::stats::{DailyDownloads, Stats};

pub struct Api {
    pub s: Services,
}

#[OpenApi(tag = "Tag::Stats")]
impl Api {
    /// Show counts
    ///
    /// Packages, versions, customers by status, active tokens and downloads.
    #[oai(path = "/stats", method = "get", operation_id = "getStats")]
    async fn summary(&self, auth: AdminAuth) -> ApiResult<Json<Doc<Stats>>> {
        ok(self.s.stats().summary(&auth.0).await?)
    }

    /// Show downloads per day
    ///
    /// Over the last `days` days (30 by default, at most 366), of one `package` or of
    /// all; days without downloads are answered with 0.
    #[oai(
        path = "/stats/downloads",
        method = "get",
        operation_id = "getDownloadStats"
    )]
    async fn downloads(
        &self,
        auth: AdminAuth,
        package: Query<Option<String>>,
        days: Query<Option<u32>>,
    ) -> ApiResult<Json<Doc<Vec<DailyDownloads>>>> {
        ok(self
            .s
            .stats()
            .downloads(&auth.0, package.0.as_deref(), days.0.unwrap_or(30))
            .await?)
    }
}
