//! Tasks: the background work an API call queued (syncs), and its state.

use poem_openapi::OpenApi;
use poem_openapi::param::{Path, Query};
use poem_openapi::payload::Json;

use super::support::{AdminAuth, ApiResult, Doc, Tag, ok, page_schema, paging};
use crate::service::Services;
use crate::service::jobs::Job;
use crate::service::page::Page;

page_schema!(TaskPage, Job, "A page of tasks.");

pub struct Api {
    pub s: Services,
}

#[OpenApi(tag = "Tag::Tasks")]
impl Api {
    /// List tasks
    ///
    /// Newest first; `status` is `queued`, `running`, `done` or `failed`.
    #[oai(path = "/tasks", method = "get", operation_id = "listTasks")]
    async fn list(
        &self,
        auth: AdminAuth,
        status: Query<Option<String>>,
        #[oai(validator(minimum(value = "1"), maximum(value = "10000000")))] page: Query<
            Option<u64>,
        >,
        #[oai(validator(minimum(value = "1"), maximum(value = "100")))] per_page: Query<
            Option<u64>,
        >,
    ) -> ApiResult<Json<Doc<Page<Job>, TaskPage>>> {
        let req = paging(page.0, per_page.0)?;
        ok(self
            .s
            .jobs()
            .page(&auth.0, status.0.as_deref(), req)
            .await?)
    }

    /// Show a task
    #[oai(path = "/tasks/:id", method = "get", operation_id = "getTask")]
    async fn get(&self, auth: AdminAuth, id: Path<i64>) -> ApiResult<Json<Doc<Job>>> {
        ok(self.s.jobs().get(&auth.0, id.0).await?)
    }
}
