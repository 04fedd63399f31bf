//! The REST API under `/api/v1` (product.md section 5): poem-openapi operations over the
//! service layer, one file per resource. Each operation parses its input, calls one
//! service operation with the caller's principal (the services decide what its level
//! allows) and answers the resource's one JSON representation. The document is served
//! at `/api/v1/openapi.json`, browsable at `/api/docs`, and committed as `openapi.json`
//! (a test fails when it drifts from the code).

mod admin_tokens;
mod advisories;
mod audit;
mod customers;
mod grants;
mod packages;
mod preview;
mod proxy;
mod stats;
mod support;
mod tasks;
mod tenants;
mod tokens;

use poem::{Endpoint, EndpointExt, Response, Route};
use poem_openapi::OpenApiService;

use crate::service::Services;
pub use support::{ApiError, ErrorBody, admin_principal};

/// Every operation, one struct per resource.
type Operations = (
    customers::Api,
    tokens::Api,
    grants::Api,
    preview::Api,
    packages::Api,
    advisories::Api,
    stats::Api,
    audit::Api,
    tasks::Api,
    proxy::Api,
    admin_tokens::Api,
    tenants::Api,
);

/// The operations, for a server (`services`) or for the document alone.
fn service(s: Services) -> OpenApiService<Operations, ()> {
    let operations = (
        customers::Api { s: s.clone() },
        tokens::Api { s: s.clone() },
        grants::Api { s: s.clone() },
        preview::Api { s: s.clone() },
        packages::Api { s: s.clone() },
        advisories::Api { s: s.clone() },
        stats::Api { s: s.clone() },
        audit::Api { s: s.clone() },
        tasks::Api { s: s.clone() },
        proxy::Api { s: s.clone() },
        admin_tokens::Api { s: s.clone() },
        tenants::Api { s },
    );
    OpenApiService::new(operations, "cargoman", env!("CARGO_PKG_VERSION"))
        .description(
            "Manage a cargoman Composer registry: customers, their tokens and grants, packages, \
         advisories, the proxy. Authenticate with `Authorization: Bearer <admin token>`; viewer tokens \
         may only read, admin tokens manage everything but admin tokens, which need an owner; tenants are \
         managed by the deployment's operator alone (`ADMIN_TOKEN` or a platform-wide owner token).",
        )
        .server("/api/v1")
}

/// The OpenAPI document as served (JSON).
pub fn document(services: Services) -> String {
    service(services).spec()
}

/// What is mounted at `/api/v1`: the operations and `openapi.json`.
pub fn v1(services: Services) -> impl Endpoint<Output = Response> {
    let api = service(services);
    let spec = api.spec_endpoint();
    Route::new()
        .at("/openapi.json", spec)
        .nest("/", api)
        .catch_all_error(render_error)
}

/// What is mounted at `/api/docs`: a browsable view of the document.
pub fn docs(services: Services) -> impl Endpoint {
    let html = service(services).swagger_ui_html();
    poem::endpoint::make_sync(move |_| poem::web::Html(html.clone()))
}

/// Every error of the API in the one JSON shape: ours already are; poem's and
/// poem-openapi's (unknown route, unparsable input, wrong content type) get it here.
async fn render_error(err: poem::Error) -> Response {
    if err.is_from_response() {
        return err.into_response();
    }
    let status = err.status();
    let (code, message) = match status.as_u16() {
        400 | 415 | 413 | 422 => ("VALIDATION_ERROR", err.to_string()),
        401 => (
            "UNAUTHORIZED",
            "Authentication required: send an admin token as `Authorization: Bearer <token>`"
                .to_string(),
        ),
        403 => ("FORBIDDEN", err.to_string()),
        404 => ("NOT_FOUND", "No such resource".to_string()),
        405 => (
            "NOT_FOUND",
            "That method is not allowed on this resource".to_string(),
        ),
        429 => ("RATE_LIMITED", err.to_string()),
        _ => {
            tracing::error!(error = %err, "API call failed");
            ("INTERNAL_ERROR", "Internal error".to_string())
        }
    };
    let field = field_of(&message);
    let mut body = serde_json::json!({"code": code, "message": message});
    if let Some(f) = field {
        body["field"] = serde_json::Value::String(f);
    }
    poem::Response::builder()
        .status(status)
        .content_type("application/json")
        .body(body.to_string())
}

/// The parameter or field a poem-openapi parse error names (`parameter \`page\``,
/// `[name]`), if any.
fn field_of(message: &str) -> Option<String> {
    for marker in ["parameter `", "unknown field `", "field `"] {
        if let Some(rest) = message.split(marker).nth(1) {
            return rest.split('`').next().map(String::from);
        }
    }
    let inner = message.split('[').nth(1)?.split(']').next()?;
    (!inner.is_empty() && inner.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'))
        .then(|| inner.to_string())
}
