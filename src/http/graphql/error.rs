//! GraphQL errors: service errors carry their stable code (`extensions.code`) and, for
//! invalid input, the argument at fault (`extensions.field`, spelled as in the schema);
//! refused queries (too deep, too complex) get `QUERY_TOO_COMPLEX`. Errors of the HTTP
//! exchange itself (no credential, unreadable body) answer the REST error shape instead.

use std::sync::Arc;

use async_graphql::extensions::{
    Extension, ExtensionContext, ExtensionFactory, NextRequest, NextSubscribe,
};
use async_graphql::{ErrorExtensions, Response as GqlResponse};
use futures::StreamExt;
use futures::stream::BoxStream;
use poem::http::StatusCode;

use crate::service::ServiceError;

/// Converts a service error for a resolver.
pub fn service(e: ServiceError) -> async_graphql::Error {
    let code = e.code();
    let field = e.field_name().map(camel);
    let message = match &e {
        ServiceError::Invalid { .. }
        | ServiceError::NotFound(_)
        | ServiceError::Conflict(_)
        | ServiceError::State(_)
        | ServiceError::Forbidden(_)
        | ServiceError::Remote(_) => e.to_string(),
        ServiceError::Database(_) | ServiceError::Storage(_) => {
            tracing::error!(error = %e, "GraphQL call failed");
            "The database or the storage is unavailable; try again shortly".to_string()
        }
        ServiceError::Internal(_) => {
            tracing::error!(error = %e, "GraphQL call failed");
            "Internal error".to_string()
        }
    };
    async_graphql::Error::new(message).extend_with(|_, ext| {
        ext.set("code", code);
        if let Some(f) = field {
            ext.set("field", f);
        }
    })
}

/// Invalid input in argument `field` (as the schema spells it).
pub fn invalid(field: &str, message: impl Into<String>) -> async_graphql::Error {
    let message = message.into();
    async_graphql::Error::new(message).extend_with(|_, ext| {
        ext.set("code", "VALIDATION_ERROR");
        ext.set("field", field);
    })
}

/// `?` for service results in resolvers: keeps the error's code (a bare `?` would
/// convert through `Display` and lose it).
pub trait Gql<T> {
    fn gql(self) -> async_graphql::Result<T>;
}

impl<T> Gql<T> for Result<T, ServiceError> {
    fn gql(self) -> async_graphql::Result<T> {
        self.map_err(service)
    }
}

/// Gives every answered error a code, over HTTP and WebSocket alike: refused limits are
/// `QUERY_TOO_COMPLEX`; errors without one come from async-graphql checking the
/// document and its arguments (resolvers' own errors all carry one), so they are
/// `VALIDATION_ERROR`.
pub struct ErrorCodes;

impl ExtensionFactory for ErrorCodes {
    fn create(&self) -> Arc<dyn Extension> {
        Arc::new(ErrorCodes)
    }
}

#[async_graphql::async_trait::async_trait]
impl Extension for ErrorCodes {
    async fn request(&self, ctx: &ExtensionContext<'_>, next: NextRequest<'_>) -> GqlResponse {
        label(next.run(ctx).await)
    }

    fn subscribe<'s>(
        &self,
        ctx: &ExtensionContext<'_>,
        stream: BoxStream<'s, GqlResponse>,
        next: NextSubscribe<'_>,
    ) -> BoxStream<'s, GqlResponse> {
        Box::pin(next.run(ctx, stream).map(label))
    }
}

fn label(mut resp: GqlResponse) -> GqlResponse {
    for e in &mut resp.errors {
        let ext = e.extensions.get_or_insert_with(Default::default);
        if ext.get("code").is_some() {
            continue;
        }
        let code = match e.message.as_str() {
            "Query is too complex." | "Query is nested too deep." => "QUERY_TOO_COMPLEX",
            _ => "VALIDATION_ERROR",
        };
        ext.set("code", code);
    }
    resp
}

/// An answer in the REST error shape (`{"code", "message"}`).
pub fn http(status: StatusCode, code: &str, message: &str) -> poem::Response {
    poem::Response::builder()
        .status(status)
        .content_type("application/json")
        .body(serde_json::json!({"code": code, "message": message}).to_string())
}

/// `per_page` → `perPage`: service fields are named as the REST API spells them.
fn camel(field: &str) -> String {
    let mut out = String::with_capacity(field.len());
    let mut upper = false;
    for c in field.chars() {
        if c == '_' {
            upper = true;
        } else if upper {
            out.extend(c.to_uppercase());
            upper = false;
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn service_errors_keep_their_code_and_field() {
        let e = service(ServiceError::field("per_page", "too many"));
        let ext = e.extensions.unwrap();
        assert_eq!(
            ext.get("code"),
            Some(&async_graphql::Value::from("VALIDATION_ERROR"))
        );
        assert_eq!(
            ext.get("field"),
            Some(&async_graphql::Value::from("perPage"))
        );
        let e = service(ServiceError::Forbidden("viewer".into()));
        assert_eq!(
            e.extensions.unwrap().get("code"),
            Some(&async_graphql::Value::from("FORBIDDEN"))
        );
        let e = service(ServiceError::Internal("secret detail".into()));
        assert_eq!(e.message, "Internal error");
        assert_eq!(camel("expires_in_days"), "expiresInDays");
    }
}
