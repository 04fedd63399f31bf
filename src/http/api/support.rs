//! What every REST operation shares: the admin credential (a principal for the services),
//! the one error shape, response bodies that are the resources' one JSON representation,
//! pages, and the parameters every list takes.

use std::borrow::Cow;
use std::marker::PhantomData;
use std::sync::Arc;

use poem::Request;
use poem_openapi::auth::Bearer;
use poem_openapi::payload::Json;
use poem_openapi::registry::{MetaSchemaRef, Registry};
use poem_openapi::types::{ToJSON, Type};
use poem_openapi::{ApiResponse, Object, SecurityScheme, Tags};
use serde::Serialize;

use crate::http::HttpState;
use crate::service::page::PageRequest;
use crate::service::{Ctx, ServiceError};

/// Groups of operations in the document.
#[derive(Tags)]
pub enum Tag {
    /// Customers and their lifecycle.
    Customers,
    /// Customer tokens: the credentials Composer uses.
    Tokens,
    /// Which packages (and versions) a customer may install.
    Grants,
    /// Packages synced from git, their versions and syncs.
    Packages,
    /// Security advisories served to `composer audit`.
    Advisories,
    /// Counts and downloads.
    Stats,
    /// Who changed what.
    Audit,
    /// Queued background work (syncs).
    Tasks,
    /// The Packagist proxy: its cache, frozen public packages, alerts and upstreams.
    Proxy,
    /// API credentials (owner only).
    AdminTokens,
    /// The registries of a multi-tenant deployment, their domains and usage (the
    /// deployment's operator only).
    Tenants,
}

/// An admin credential: `Authorization: Bearer` with `ADMIN_TOKEN` or an admin token.
/// Its level (owner, admin, viewer) is enforced by the services.
#[derive(SecurityScheme)]
#[oai(ty = "bearer", checker = "principal")]
pub struct AdminAuth(pub Ctx);

async fn principal(req: &Request, bearer: Bearer) -> poem::Result<Ctx> {
    let Some(state) = req.data::<Arc<HttpState>>() else {
        return Err(ApiError::internal().into());
    };
    let ip = state.client_ip_of(req);
    let tenant = state
        .tenant_of(req)
        .await
        .map_err(poem::Error::from_response)?;
    Ok(admin_principal(state, tenant.id, ip, &bearer.token).await?)
}

/// The principal of an admin credential presented on a request to `state` (the REST
/// API, GraphQL): `ADMIN_TOKEN` or an admin token of the request's tenant (or of every
/// tenant). Failures count against the client address, which is refused for a while
/// after too many.
pub async fn admin_principal(
    state: &HttpState,
    tenant: i64,
    ip: Option<std::net::IpAddr>,
    token: &str,
) -> Result<Ctx, ApiError> {
    if ip.is_some_and(|ip| state.limiter.is_blocked(ip)) {
        return Err(ApiError::rate_limited());
    }
    let hash = crate::domain::token::TokenHash::of(token);
    let principal = state
        .services
        .admin_tokens()
        .principal(tenant, &hash, ip.map(|i| i.to_string()))
        .await?;
    let Some(ctx) = principal else {
        crate::metrics::metrics().auth_failure(crate::metrics::Door::Api);
        if let Some(ip) = ip {
            state.limiter.record_failure(ip);
        }
        return Err(ApiError::unauthorized());
    };
    Ok(ctx)
}

/// The error body of every refused or failed call.
#[derive(Debug, Clone, Object)]
pub struct ErrorBody {
    /// `NOT_FOUND`, `VALIDATION_ERROR`, `UNAUTHORIZED`, `FORBIDDEN`, `CONFLICT`,
    /// `RATE_LIMITED` or `INTERNAL_ERROR`.
    pub code: String,
    /// What went wrong, for people.
    pub message: String,
    /// The input at fault (validation errors only).
    #[oai(skip_serializing_if_is_none)]
    pub field: Option<String>,
}

/// Every error an operation may answer; the status is chosen here, in one place.
#[derive(Debug, ApiResponse)]
pub enum ApiError {
    /// Invalid input; `field` names the input at fault when one is.
    #[oai(status = 400)]
    BadRequest(Json<ErrorBody>),
    /// No credential, or an unknown, revoked or expired one.
    #[oai(status = 401)]
    Unauthorized(Json<ErrorBody>),
    /// The credential's level does not allow this.
    #[oai(status = 403)]
    Forbidden(Json<ErrorBody>),
    /// Nothing by that name or id here.
    #[oai(status = 404)]
    NotFound(Json<ErrorBody>),
    /// The request conflicts with the current state (a name taken, a token already
    /// revoked…).
    #[oai(status = 409)]
    Conflict(Json<ErrorBody>),
    /// The request body is larger than the API takes (1 MiB).
    #[oai(status = 413)]
    PayloadTooLarge(Json<ErrorBody>),
    /// The request body is not JSON (`Content-Type: application/json`).
    #[oai(status = 415)]
    UnsupportedMediaType(Json<ErrorBody>),
    /// Too many requests, or too many failed authentications from this address.
    #[oai(status = 429)]
    TooManyRequests(Json<ErrorBody>),
    /// Something failed on the server; details are in its log.
    #[oai(status = 500)]
    Internal(Json<ErrorBody>),
    /// The database or the storage is unreachable for now.
    #[oai(status = 503)]
    Unavailable(Json<ErrorBody>),
}

fn body(code: &str, message: impl Into<String>, field: Option<&str>) -> Json<ErrorBody> {
    Json(ErrorBody {
        code: code.into(),
        message: message.into(),
        field: field.map(String::from),
    })
}

impl ApiError {
    pub fn unauthorized() -> Self {
        ApiError::Unauthorized(body(
            "UNAUTHORIZED",
            "Authentication required: send an admin token as `Authorization: Bearer <token>`",
            None,
        ))
    }

    pub fn rate_limited() -> Self {
        ApiError::TooManyRequests(body(
            "RATE_LIMITED",
            "Too many requests; try again in a minute",
            None,
        ))
    }

    pub fn internal() -> Self {
        ApiError::Internal(body("INTERNAL_ERROR", "Internal error", None))
    }

    pub fn invalid(message: impl Into<String>, field: Option<&str>) -> Self {
        ApiError::BadRequest(body("VALIDATION_ERROR", message, field))
    }
}

impl From<ServiceError> for ApiError {
    fn from(e: ServiceError) -> Self {
        let code = e.code();
        match e {
            ServiceError::Invalid { field, message } => {
                ApiError::BadRequest(body(code, message, field))
            }
            ServiceError::NotFound(m) => ApiError::NotFound(body(code, m, None)),
            ServiceError::Conflict(m) | ServiceError::State(m) => {
                ApiError::Conflict(body(code, m, None))
            }
            ServiceError::Forbidden(m) => ApiError::Forbidden(body(code, m, None)),
            ServiceError::Database(_) | ServiceError::Storage(_) => {
                tracing::error!(error = %e, "API call failed");
                ApiError::Unavailable(body(
                    code,
                    "The database or the storage is unavailable; try again shortly",
                    None,
                ))
            }
            e => {
                tracing::error!(error = %e, "API call failed");
                ApiError::internal()
            }
        }
    }
}

/// What an operation answers: its result or an [`ApiError`].
pub type ApiResult<T> = Result<T, ApiError>;

/// A response body serialized with serde: byte for byte what the CLI's `--json` prints
/// for the same resource (one representation), documented with the schema of `S`.
pub struct Doc<T, S = T>(pub T, PhantomData<S>);

impl<T, S> Doc<T, S> {
    pub fn new(value: T) -> Self {
        Doc(value, PhantomData)
    }
}

impl<T: Send + Sync, S: Type> Type for Doc<T, S> {
    const IS_REQUIRED: bool = true;
    type RawValueType = Self;
    type RawElementValueType = Self;

    fn name() -> Cow<'static, str> {
        S::name()
    }

    fn schema_ref() -> MetaSchemaRef {
        S::schema_ref()
    }

    fn register(registry: &mut Registry) {
        S::register(registry);
    }

    fn as_raw_value(&self) -> Option<&Self::RawValueType> {
        Some(self)
    }

    fn raw_element_iter<'a>(
        &'a self,
    ) -> Box<dyn Iterator<Item = &'a Self::RawElementValueType> + 'a> {
        Box::new(std::iter::once(self))
    }
}

impl<T: Serialize + Send + Sync, S: Type> ToJSON for Doc<T, S> {
    fn to_json(&self) -> Option<serde_json::Value> {
        serde_json::to_value(&self.0).ok()
    }
}

/// `200` with a resource.
pub fn ok<T, S>(value: T) -> ApiResult<Json<Doc<T, S>>> {
    Ok(Json(Doc::new(value)))
}

/// Declares the schema of a page of `$item`s.
macro_rules! page_schema {
    ($name:ident, $item:ty, $doc:literal) => {
        #[doc = $doc]
        #[derive(poem_openapi::Object)]
        pub struct $name {
            pub data: Vec<$item>,
            pub pagination: $crate::service::page::Pagination,
        }
    };
}
pub(crate) use page_schema;

/// The page parameters every list takes.
pub fn paging(page: Option<u64>, per_page: Option<u64>) -> ApiResult<PageRequest> {
    PageRequest::new(page, per_page).map_err(ApiError::from)
}

/// A string in a request body that must be a JSON string: poem-openapi's `String` also
/// takes numbers and booleans (`5` would become the name "5").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Text(pub String);

impl Type for Text {
    const IS_REQUIRED: bool = true;
    type RawValueType = String;
    type RawElementValueType = String;

    fn name() -> Cow<'static, str> {
        String::name()
    }

    fn schema_ref() -> MetaSchemaRef {
        String::schema_ref()
    }

    fn as_raw_value(&self) -> Option<&Self::RawValueType> {
        Some(&self.0)
    }

    fn raw_element_iter<'a>(
        &'a self,
    ) -> Box<dyn Iterator<Item = &'a Self::RawElementValueType> + 'a> {
        Box::new(std::iter::once(&self.0))
    }
}

impl poem_openapi::types::ParseFromJSON for Text {
    fn parse_from_json(value: Option<serde_json::Value>) -> poem_openapi::types::ParseResult<Self> {
        match value.unwrap_or_default() {
            serde_json::Value::String(s) => Ok(Text(s)),
            other => Err(poem_openapi::types::ParseError::expected_type(other)),
        }
    }
}

impl ToJSON for Text {
    fn to_json(&self) -> Option<serde_json::Value> {
        Some(serde_json::Value::String(self.0.clone()))
    }
}

impl From<Text> for String {
    fn from(t: Text) -> String {
        t.0
    }
}

/// The text of an optional [`Text`].
pub fn text(t: Option<Text>) -> Option<String> {
    t.map(|t| t.0)
}
