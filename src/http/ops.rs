//! Operational endpoints: `/health` (the process answers) and `/ready` (database and
//! storage reachable).

use poem::http::StatusCode;
use poem::web::{Data, Json};
use poem::{IntoResponse, Response, handler};
use serde_json::json;

use crate::service::Services;

#[handler]
pub async fn health() -> Json<serde_json::Value> {
    Json(json!({"status": "ok"}))
}

#[handler]
pub async fn ready(services: Data<&Services>) -> Response {
    let report = services.readiness().await;
    let status = if report.ready {
        StatusCode::OK
    } else {
        StatusCode::SERVICE_UNAVAILABLE
    };
    Json(report).with_status(status).into_response()
}
