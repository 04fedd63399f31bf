//! The HTTP side of `/graphql`: `POST /graphql` runs a query or mutation, a WebSocket
//! upgrade of `GET /graphql` (or `GET /graphql/ws`) runs subscriptions
//! (graphql-transport-ws or graphql-ws), and `GET /graphql` and `/graphql/playground`
//! serve GraphiQL when the playground is switched on.
//!
//! The admin credential is checked before anything is executed, as on the REST API:
//! without a valid one the answer is HTTP 401 in the REST error shape. Bodies are
//! bounded and must be one JSON GraphQL request; anything else is a 4xx, never a 5xx.

use std::net::IpAddr;
use std::sync::Arc;
use std::time::Duration;

use async_graphql::Data;
use async_graphql::http::{ALL_WEBSOCKET_PROTOCOLS, GraphiQLSource};
use async_graphql_poem::{GraphQLProtocol, GraphQLResponse, GraphQLWebSocket};
use futures::StreamExt;
use poem::error::ReadBodyError;
use poem::http::{HeaderMap, StatusCode, header};
use poem::web::websocket::WebSocket;
use poem::{Endpoint, EndpointExt, FromRequest, IntoResponse, Request, Response, Route};

use super::error;
use super::{AppSchema, Caller, schema};
use crate::http::HttpState;
use crate::http::api::{ApiError, admin_principal};
use crate::service::{Ctx, Services};

/// Largest request body.
const MAX_BODY: usize = 1024 * 1024;
/// Time a WebSocket client has to send its first message (`connection_init`).
const INIT_TIMEOUT: Duration = Duration::from_secs(10);
/// Where the playground sends its requests.
const ENDPOINT: &str = "/graphql";
const WS_ENDPOINT: &str = "/graphql/ws";

/// What is mounted at `/graphql`.
pub fn routes(services: Services) -> impl Endpoint<Output = Response> {
    let playground = services.settings().graphql.playground.then(|| {
        GraphiQLSource::build()
            .endpoint(ENDPOINT)
            .subscription_endpoint(WS_ENDPOINT)
            .title("cargoman GraphQL")
            .finish()
    });
    let schema = schema(services);
    let root = Root {
        execute: Execute {
            schema: schema.clone(),
        },
        subscribe: Subscribe {
            schema: schema.clone(),
        },
        playground: playground.clone(),
    };
    Route::new()
        .at("/", root)
        .at("/ws", Subscribe { schema })
        .at("/playground", Playground(playground))
        .catch_all_error(render_error)
}

/// `/graphql`: POST executes; GET upgrades to a subscription socket, or shows the
/// playground.
struct Root {
    execute: Execute,
    subscribe: Subscribe,
    playground: Option<String>,
}

impl Endpoint for Root {
    type Output = Response;

    async fn call(&self, req: Request) -> poem::Result<Response> {
        match *req.method() {
            poem::http::Method::POST => self.execute.call(req).await,
            poem::http::Method::GET if is_upgrade(req.headers()) => self.subscribe.call(req).await,
            poem::http::Method::GET if self.playground.is_some() => {
                Playground(self.playground.clone()).call(req).await
            }
            _ => Ok(error::http(
                StatusCode::METHOD_NOT_ALLOWED,
                "NOT_FOUND",
                "Send GraphQL requests with POST (subscriptions: a WebSocket upgrade)",
            )),
        }
    }
}

fn is_upgrade(headers: &HeaderMap) -> bool {
    headers
        .get(header::UPGRADE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.eq_ignore_ascii_case("websocket"))
}

/// GraphiQL, when switched on.
struct Playground(Option<String>);

impl Endpoint for Playground {
    type Output = Response;

    async fn call(&self, _req: Request) -> poem::Result<Response> {
        Ok(match &self.0 {
            Some(html) => poem::web::Html(html.clone()).into_response(),
            None => error::http(
                StatusCode::NOT_FOUND,
                "NOT_FOUND",
                "The GraphQL playground is switched off (GRAPHQL_PLAYGROUND)",
            ),
        })
    }
}

/// `POST /graphql`.
struct Execute {
    schema: AppSchema,
}

impl Endpoint for Execute {
    type Output = Response;

    async fn call(&self, mut req: Request) -> poem::Result<Response> {
        let Some(state) = req.data::<Arc<HttpState>>().cloned() else {
            return Ok(ApiError::internal().into_response());
        };
        let ctx = match authenticate(&state, &req).await {
            Ok(ctx) => ctx,
            Err(e) => return Ok(e.into_response()),
        };
        let request = match read_request(&mut req).await {
            Ok(r) => r,
            Err(resp) => return Ok(resp),
        };
        let caller = Caller {
            ctx,
            repository_url: state.base_url_of(&req).url.to_string(),
        };
        let resp = self.schema.execute(request.data(caller)).await;
        Ok(GraphQLResponse(resp).into_response())
    }
}

/// The principal of the request's `Authorization: Bearer` admin credential.
async fn authenticate(state: &HttpState, req: &Request) -> Result<Ctx, ApiError> {
    let token = bearer(req.headers()).ok_or_else(ApiError::unauthorized)?;
    let ip = state.client_ip_of(req);
    let tenant = state
        .tenant_of(req)
        .await
        .map_err(|_| ApiError::unauthorized())?;
    admin_principal(state, tenant.id, ip, token).await
}

fn bearer(headers: &HeaderMap) -> Option<&str> {
    let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = value.split_once(' ')?;
    scheme.eq_ignore_ascii_case("bearer").then(|| token.trim())
}

/// The body as one GraphQL request (JSON, at most [`MAX_BODY`] bytes).
async fn read_request(req: &mut Request) -> Result<async_graphql::Request, Response> {
    let invalid = |status, message: String| error::http(status, "VALIDATION_ERROR", &message);
    let content_type = req.content_type().unwrap_or("application/json");
    if !content_type.to_ascii_lowercase().contains("json") {
        return Err(invalid(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "send the GraphQL request as JSON (Content-Type: application/json)".into(),
        ));
    }
    let bytes = match req.take_body().into_bytes_limit(MAX_BODY).await {
        Ok(b) => b,
        Err(ReadBodyError::PayloadTooLarge) => {
            let message = format!("the request body is larger than {MAX_BODY} bytes");
            return Err(invalid(StatusCode::PAYLOAD_TOO_LARGE, message));
        }
        Err(e) => {
            let message = format!("cannot read the request body: {e}");
            return Err(invalid(StatusCode::BAD_REQUEST, message));
        }
    };
    let request = serde_json::from_slice::<async_graphql::Request>(&bytes).map_err(|e| {
        let message =
            format!("the body is not a GraphQL request ({{\"query\": …, \"variables\": …}}): {e}");
        invalid(StatusCode::BAD_REQUEST, message)
    })?;
    if request.query.trim().is_empty() {
        let message = "the request has no query".to_string();
        return Err(invalid(StatusCode::BAD_REQUEST, message));
    }
    Ok(request)
}

/// Subscriptions over a WebSocket. The credential comes on the upgrade request, or
/// (browsers cannot set headers there) in the `connection_init` payload as
/// `{"Authorization": "Bearer …"}`; a connection without a valid one is closed.
struct Subscribe {
    schema: AppSchema,
}

impl Endpoint for Subscribe {
    type Output = Response;

    async fn call(&self, req: Request) -> poem::Result<Response> {
        let Some(state) = req.data::<Arc<HttpState>>().cloned() else {
            return Ok(ApiError::internal().into_response());
        };
        // A credential on the upgrade request is checked before upgrading.
        let early = match req.headers().contains_key(header::AUTHORIZATION) {
            true => match authenticate(&state, &req).await {
                Ok(ctx) => Some(ctx),
                Err(e) => return Ok(e.into_response()),
            },
            false => None,
        };
        let (req, mut body) = req.split();
        let socket = WebSocket::from_request(&req, &mut body).await?;
        let protocol = GraphQLProtocol::from_request(&req, &mut body).await?;
        let login = Login {
            early,
            tenant: match state.tenant_of(&req).await {
                Ok(t) => t.id,
                Err(refused) => return Ok(refused),
            },
            ip: state.client_ip_of(&req),
            repository_url: state.base_url_of(&req).url.to_string(),
            state,
        };
        let schema = self.schema.clone();
        Ok(socket
            .protocols(ALL_WEBSOCKET_PROTOCOLS)
            .on_upgrade(move |stream| async move {
                let (sink, mut stream) = stream.split();
                // A client that never says anything does not hold a socket for long.
                let first = match tokio::time::timeout(INIT_TIMEOUT, stream.next()).await {
                    Ok(Some(Ok(msg))) => msg,
                    _ => return,
                };
                let stream = futures::stream::iter([Ok(first)]).chain(stream);
                GraphQLWebSocket::new_with_pair(sink, stream, schema, protocol)
                    .on_connection_init(move |payload| login.connect(payload))
                    .serve()
                    .await;
            })
            .into_response())
    }
}

/// What a subscription connection needs to authenticate its `connection_init`.
struct Login {
    early: Option<Ctx>,
    state: Arc<HttpState>,
    tenant: i64,
    ip: Option<IpAddr>,
    repository_url: String,
}

impl Login {
    async fn connect(self, payload: serde_json::Value) -> async_graphql::Result<Data> {
        let ctx = match self.early {
            Some(ctx) => ctx,
            None => {
                let refused = || async_graphql::Error::new("Unauthorized: send an admin token");
                let token = payload_token(&payload).ok_or_else(refused)?;
                admin_principal(&self.state, self.tenant, self.ip, &token)
                    .await
                    .map_err(|_| refused())?
            }
        };
        let mut data = Data::default();
        data.insert(Caller {
            ctx,
            repository_url: self.repository_url,
        });
        Ok(data)
    }
}

/// The admin token of a `connection_init` payload: `Authorization` (any case, with or
/// without `Bearer`) or `token`.
fn payload_token(payload: &serde_json::Value) -> Option<String> {
    let map = payload.as_object()?;
    let value = map
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case("authorization") || k.as_str() == "token")?
        .1
        .as_str()?
        .trim();
    let token = match value.split_once(' ') {
        Some((scheme, t)) if scheme.eq_ignore_ascii_case("bearer") => t.trim(),
        _ => value,
    };
    (!token.is_empty()).then(|| token.to_string())
}

/// poem's own refusals (not a WebSocket request, unknown path) in the REST shape.
async fn render_error(err: poem::Error) -> Response {
    let status = err.status();
    let code = match status.as_u16() {
        400 | 413 | 415 | 422 => "VALIDATION_ERROR",
        401 => "UNAUTHORIZED",
        403 => "FORBIDDEN",
        404 | 405 => "NOT_FOUND",
        _ => {
            tracing::error!(error = %err, "GraphQL request failed");
            return error::http(status, "INTERNAL_ERROR", "Internal error");
        }
    };
    error::http(status, code, &err.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn credentials_are_read_from_headers_and_init_payloads() {
        let mut h = HeaderMap::new();
        assert_eq!(bearer(&h), None);
        h.insert(header::AUTHORIZATION, "bearer  adm_x ".parse().unwrap());
        assert_eq!(bearer(&h), Some("adm_x"));
        h.insert(header::AUTHORIZATION, "Basic abc".parse().unwrap());
        assert_eq!(bearer(&h), None);
        let p = serde_json::json!({"Authorization": "Bearer adm_y"});
        assert_eq!(payload_token(&p).as_deref(), Some("adm_y"));
        let p = serde_json::json!({"token": "adm_z"});
        assert_eq!(payload_token(&p).as_deref(), Some("adm_z"));
        assert_eq!(
            payload_token(&serde_json::json!({"authorization": ""})),
            None
        );
        assert_eq!(payload_token(&serde_json::Value::Null), None);
    }
}
